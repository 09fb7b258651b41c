"""Bad input through every reader: one line with file and line, exit 1, no traceback, nothing
written. The corpus is tests/data/bad/ (see its SOURCE.md) and shared/testdata/po_malformed/."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import DATA, TESTDATA

BAD = DATA / "bad"


def _snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and not p.relative_to(root).as_posix().startswith(".l10n/")}


@pytest.fixture
def extracted(project):
    result = subprocess.run([sys.executable, "-m", "workflow", "-C", str(project), "extract"],
                            capture_output=True, text=True)
    assert result.returncode == 0
    return project


def _expect_one_line_error(project: Path, args: list[str], names: str, line: int | None):
    before = _snapshot(project)
    result = subprocess.run([sys.executable, "-m", "workflow", "-C", str(project), *args],
                            capture_output=True, text=True, timeout=120)
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    number = str(line) if line else r"\d+"
    where = rf"error: \S*{re.escape(names)}:{number}: "
    assert re.match(where, lines[0]), lines[0]
    assert _snapshot(project) == before, "something was written"
    return lines[0]


CASES = [
    # (bad file, where it goes in the project or None, command, expected line)
    ("glossary-wrong-columns.csv", None, ["glossary", "validate", "{file}"], 1),
    ("glossary-open-quote.csv", None, ["glossary", "validate", "{file}"], 3),
    ("glossary-cp1251.csv", None, ["glossary", "validate", "{file}"], 2),
    ("glossary-bom-wrong-columns.csv", None, ["glossary", "validate", "{file}"], 1),
    ("glossary-duplicate-and-bad-flag.csv", "glossary.csv", ["check"], 2),
    ("glossary-open-quote.csv", "glossary.csv", ["check"], 3),
    ("binary-image.txt", "source/en/binary-image.txt", ["extract"], 3),
    ("article-cp1251.txt", "source/ru/article-cp1251.txt", ["extract"], 1),
    ("xliff-external-entity.xlf", None, ["xliff", "import", "{file}"], 1),
    ("xliff-attlist-defaults.xlf", None, ["xliff", "import", "{file}"], 1),
    ("xliff-valid-xml-invalid-document.xlf", None, ["xliff", "import", "{file}"], None),
    ("xliff-truncated.xlf", None, ["xliff", "import", "{file}"], None),
    ("tmx-billion-laughs.tmx", None, ["tm", "import", "{file}"], 1),
    ("tmx-valid-xml-invalid-document.tmx", None, ["tm", "import", "{file}"], None),
    ("tbx-valid-xml-invalid-document.tbx", None, ["glossary", "import", "{file}"], None),
    ("srx-not-srx.srx", None, ["segment", "--lang", "en", "--srx", "{file}", "{file}"], None),
    ("l10n-broken.toml", "l10n.toml", ["extract"], None),
]


@pytest.mark.parametrize("name, place, command, line", CASES,
                         ids=[f"{c[0]}-{c[2][0]}" for c in CASES])
def test_bad_files(extracted, name, place, command, line):
    source = BAD / name
    if place:
        target = extracted / place
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, target)
        shown = place
    else:
        target = source
        shown = name
    args = [a.replace("{file}", str(target)) for a in command]
    _expect_one_line_error(extracted, args, shown, line)


MALFORMED = sorted(p.name for p in (TESTDATA / "po_malformed").glob("*.po")
                   if p.name != "translate-toolkit_f43.tgif.fr.po") if TESTDATA.is_dir() else []


@pytest.mark.parametrize("name", MALFORMED)
def test_malformed_catalogs_in_the_project(extracted, name):
    po = extracted / "locales/ru/LC_MESSAGES/kazakhstan-anti-counterfeiting-forum-2021.po"
    shutil.copy(TESTDATA / "po_malformed" / name, po)
    rel = "locales/ru/LC_MESSAGES/kazakhstan-anti-counterfeiting-forum-2021.po"
    _expect_one_line_error(extracted, ["extract"], rel, None)
    _expect_one_line_error(extracted, ["pretranslate", "--no-mt"], rel, None)


def test_a_50_mb_one_line_source(extracted):
    (extracted / "source/en/huge.txt").write_bytes(b"word " * (10 * 1024 * 1024))
    message = _expect_one_line_error(extracted, ["extract"], "source/en/huge.txt", 1)
    assert "MB" in message


def test_a_long_paragraph_is_not_prose(extracted):
    (extracted / "source/en/long.txt").write_text("Title\n\n" + "word " * 30000)
    message = _expect_one_line_error(extracted, ["extract"], "source/en/long.txt", 3)
    assert "characters" in message


def test_deeply_nested_html(extracted):
    (extracted / "source/en/deep.html").write_text(
        "<html><body>" + "<div>" * 5000 + "text" + "</div>" * 5000 + "</body></html>")
    _expect_one_line_error(extracted, ["extract"], "source/en/deep.html", None)


def test_glossary_validate_lists_every_problem_by_row(extracted):
    result = subprocess.run([sys.executable, "-m", "workflow", "-C", str(extracted), "glossary",
                             "validate", str(BAD / "glossary-duplicate-and-bad-flag.csv")],
                            capture_output=True, text=True)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = result.stdout.splitlines()
    assert any(":2: error: case_sensitive must be yes or no" in x for x in lines)
    assert any(":3: error: duplicate id 'patent' (first on line 2)" in x for x in lines)
