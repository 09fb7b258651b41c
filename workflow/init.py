"""Starting a project: ``l10n init`` lays out the folders, a commented ``l10n.toml``, an empty
glossary with its header row and a ``.gitignore``, and never overwrites an existing project."""

from __future__ import annotations

from pathlib import Path

from .config import CONFIG_NAME
from .errors import WorkflowError
from .locales import check_language
from .project import write_atomic

GLOSSARY_HEADER = ("id,en,az,ru,pos,case_sensitive,dnt,en_forbidden,az_forbidden,ru_forbidden,"
                   "unverified,note,ref,ambiguous,exclude\n")
GITIGNORE = """# l10n: caches, locks, reports and generated output (the PO catalogs are the record)
/.l10n/
/reports/
/export/
/xliff/
*.mo
"""


def init_texts(name: str, languages: tuple[str, ...]) -> dict[str, str]:
    """The files a new project starts with, by path relative to its folder."""
    langs = ", ".join(f'"{lang}"' for lang in languages)
    abbreviations = "\n".join(f"{lang} = []" for lang in languages)
    config = f'''# Configuration of this l10n project. Every key is optional; the values shown are the
# defaults unless marked otherwise. See "Configuration" in the README of the l10n tool.

[project]
name = "{name}"
# Every article is translated into each of these languages except its own.
languages = [{langs}]
source_dir = "source"      # articles live in source/<lang>/<name>.{{txt,md,html}}
locales_dir = "locales"    # catalogs: locales/<lang>/LC_MESSAGES/<doc>.po
glossary = "glossary.csv"  # en,az,ru columns; `l10n glossary validate` checks it

# The source language of an article that is not under source/<lang>/ (front matter
# 'lang: xx' works too). Example:
# [articles.some-article]
# lang = "ru"

[chrome]
# Rules that leave site chrome (menus, footers, "subscribe" lines) out of the translation
# units. `l10n extract -v` lists every block a rule drops, with its line.
repeated_title = true
link_soup = true
contact_line = true
# Your site's own boilerplate, as Python regular expressions:
# [[chrome.drop]]
# name = "subscribe-call"
# pattern = '(?i)^stay updated\\b'

[check]
# Checks to turn off for the whole project (codes from `l10n check --list`).
disable = []
report = "reports/check.html"

[export]
# Publish only complete translations (a lower value writes previews, never publications).
min_complete = 100

[segment.abbreviations]
# Extra abbreviations that never end a sentence, per language, e.g. en = ["Cf", "Approx"].
{abbreviations}
'''
    files = {CONFIG_NAME: config, "glossary.csv": GLOSSARY_HEADER, ".gitignore": GITIGNORE,
             "locales/.gitkeep": ""}
    for lang in languages:
        files[f"source/{lang}/.gitkeep"] = ""
    return files


def init_project(root: Path, *, name: str, languages: tuple[str, ...]) -> list[Path]:
    """Lay out a new project in ``root`` (created if needed); refuse to touch an existing one."""
    for code in languages:
        check_language(code)
    if (root / CONFIG_NAME).exists():
        raise WorkflowError("a project is already here", path=str(root / CONFIG_NAME),
                            fix="use it as it is, or choose another folder")
    files = init_texts(name, languages)
    existing = [rel for rel in files if (root / rel).exists() and rel != ".gitignore"]
    if existing:
        raise WorkflowError("the folder already has project files", path=str(root / existing[0]),
                            fix="choose an empty folder, or move them away first")
    written = []
    for rel, text in files.items():
        target = root / rel
        if rel == ".gitignore" and target.exists():
            current = target.read_text(encoding="utf-8")
            if "/.l10n/" in current:
                continue
            text = current.rstrip("\n") + "\n\n" + text
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, text.encode("utf-8"))
        written.append(target)
    return written
