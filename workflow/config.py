"""The project configuration: ``l10n.toml`` read into a ``Config``, with errors that name the line."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .errors import WorkflowError
from .ingest import ChromeRules
from .locales import DEFAULT_LANGUAGES, check_language

CONFIG_NAME = "l10n.toml"


@dataclass(frozen=True)
class Config:
    name: str = "ip-news"
    languages: tuple[str, ...] = DEFAULT_LANGUAGES
    source_dir: str = "source"
    locales_dir: str = "locales"
    glossary: str = "glossary.csv"
    article_langs: dict[str, str] = field(default_factory=dict)
    chrome: ChromeRules = ChromeRules()
    abbreviations: dict[str, tuple[str, ...]] = field(default_factory=dict)
    srx: str | None = None  # an SRX 2.0 file whose rules replace ours
    disabled_checks: tuple[str, ...] = ()
    report: str = "reports/check.html"  # where `l10n run` writes the check report
    export_dir: str = "export"
    export_format: str = "html"
    min_complete: float = 100.0


def _config_error(path: Path, text: str, key: str, what: str, fix: str) -> WorkflowError:
    line = next((n for n, ln in enumerate(text.splitlines(), 1) if key in ln), None)
    return WorkflowError(what, path=str(path), line=line, fix=fix)


def load_config(root: Path) -> Config:
    path = root / CONFIG_NAME
    if not path.exists():
        return Config()
    text = path.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"line (\d+)", str(exc))
        # "at end of document" carries no line: the problem is at the last one.
        line = int(found.group(1)) if found else max(1, len(text.splitlines()))
        raise WorkflowError(f"not valid TOML: {exc}", path=CONFIG_NAME, line=line,
                            fix="see the Configuration section of the README") from None
    project = data.get("project", {})
    languages = tuple(project.get("languages", DEFAULT_LANGUAGES))
    for code in languages:
        if not isinstance(code, str):
            raise _config_error(Path(CONFIG_NAME), text, "languages",
                                "languages must be a list of strings", 'e.g. ["az", "ru", "en"]')
        line = next((n for n, ln in enumerate(text.splitlines(), 1)
                     if "languages" in ln and code in ln), None)
        check_language(code, path=CONFIG_NAME, line=line)
    articles = {doc: check_language(str(spec.get("lang")), path=CONFIG_NAME)
                for doc, spec in data.get("articles", {}).items() if "lang" in spec}
    chrome_data = data.get("chrome", {})
    drops = []
    for number, rule in enumerate(chrome_data.get("drop", []), start=1):
        name = str(rule.get("name", f"drop-{number}"))
        try:
            drops.append((name, re.compile(str(rule.get("pattern", "")))))
        except re.error as exc:
            raise _config_error(Path(CONFIG_NAME), text, str(rule.get("pattern", ""))[:20],
                                f"chrome rule {name!r}: bad regular expression ({exc})",
                                "fix the pattern; TOML literal strings '...' need no escaping"
                                ) from None
    chrome = ChromeRules(
        repeated_title=bool(chrome_data.get("repeated_title", True)),
        link_soup=bool(chrome_data.get("link_soup", True)),
        contact_line=bool(chrome_data.get("contact_line", True)),
        drop=tuple(drops),
        html_drop_tags=tuple(chrome_data.get("html_drop_tags", ChromeRules().html_drop_tags)),
    )
    segment_data = data.get("segment", {})
    abbreviations = {lang: tuple(v) for lang, v in segment_data.get("abbreviations", {}).items()}
    config = Config(
        name=str(project.get("name", Config.name)),
        languages=languages,
        source_dir=str(project.get("source_dir", Config.source_dir)),
        locales_dir=str(project.get("locales_dir", Config.locales_dir)),
        glossary=str(project.get("glossary", Config.glossary)),
        article_langs=articles,
        chrome=chrome,
        abbreviations=abbreviations,
        srx=str(segment_data["srx"]) if segment_data.get("srx") else None,
        disabled_checks=tuple(str(c) for c in data.get("check", {}).get("disable", [])),
        report=str(data.get("check", {}).get("report", Config.report)),
        export_dir=str(data.get("export", {}).get("dir", Config.export_dir)),
        export_format=str(data.get("export", {}).get("format", Config.export_format)),
        min_complete=float(data.get("export", {}).get("min_complete", Config.min_complete)),
    )
    for key, value in (("source_dir", config.source_dir), ("locales_dir", config.locales_dir),
                       ("glossary", config.glossary), ("srx", config.srx),
                       ("report", config.report), ("dir", config.export_dir)):
        if value is not None:
            _inside(root, value, key, path, text)
    return config


def _inside(root: Path, value: str, key: str, path: Path, text: str) -> None:
    """A configured path must stay in the project: ``l10n run`` replaces the report and export
    files it names, and reads sources and the glossary from them."""
    given = Path(value)
    resolved = (root / given).resolve()
    base = root.resolve()
    if given.is_absolute() or ".." in given.parts or (resolved != base
                                                      and base not in resolved.parents):
        raise _config_error(path, text, key, f"{key} = {value!r} points outside the project",
                            "give a path inside the project folder (a symlink out of it counts "
                            "as outside)")
