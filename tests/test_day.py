"""A newsroom's day, played end to end on a copy of the sample project (issue 15).

A new Russian article arrives; extract; pre-translate (TM, then the tiny real Argos model);
a translator works in a PO editor (polib, as Poedit-like tools write); the editor checks and
reviews; the publisher exports; the author edits the source; extract again. At each step the
test asserts what the person would look at: stats, memory matches, the index, the git diff."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import lxml.html
import polib
import pytest

from tests.conftest import copy_sample_project, msgfmt_check

DOC = "agentlik-eapo-seminar-2024"
REUSED = "eapo-eek-tovarnye-znaki-kontrafakt"     # a reviewed article the new one quotes


def _git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True,
                          check=True).stdout


def _stats(cli, root: Path) -> dict[tuple[str, str], dict]:
    result = cli("stats", "--json", cwd=root)
    assert result.code == 0, result.err
    return {(r["doc"], r["lang"]): r for r in json.loads(result.out)}


def _index(root: Path) -> dict[tuple[str, str], str]:
    page = lxml.html.parse(str(root / "export/index.html"))
    return {(row.find("td/small").text, row.findall("td")[1].text_content()):
            row.findall("td")[2].text_content() for row in page.iter("tr") if row.findall("td")}


@pytest.fixture
def desk(tmp_path: Path) -> Path:
    root = copy_sample_project(tmp_path / "desk")
    _git(root, "init", "-q")
    _git(root, "-c", "user.email=t@t", "-c", "user.name=t", "add", ".")
    _git(root, "-c", "user.email=t@t", "-c", "user.name=t", "commit", "-qm", "start")
    return root


def test_a_newsroom_day(cli, desk, argos_packages, no_network):
    reviewed = polib.pofile(str(desk / f"locales/en/LC_MESSAGES/{REUSED}.po"))
    quoted = next(e for e in reviewed if "reviewed:" in e.tcomment and len(e.msgid) > 60)

    # 1. a new article arrives --------------------------------------------------------------
    (desk / f"source/ru/{DOC}.md").write_text(
        "# ЕАПО и Агентство провели семинар\n\n"
        f"{quoted.msgid}\n\n"
        "Семинар прошёл 12 марта 2024 года в Баку. В нём участвовали 40 экспертов.\n",
        encoding="utf-8")
    extracted = cli("extract", cwd=desk)
    assert extracted.code == 0 and "3 written" in extracted.out, extracted.out
    stats = _stats(cli, desk)
    assert stats[(DOC, "en")]["units"]["untranslated"] == 4
    assert stats[(DOC, "en")]["percent_translated"] == 0.0
    assert stats[(REUSED, "en")]["percent_translated"] == 100.0     # approved work counts

    # 2. pre-translation: the reviewed sentence from memory, the rest from the engine --------
    drafted = cli("pretranslate", DOC, cwd=desk)
    assert drafted.code == 0, drafted.err
    en = polib.pofile(str(desk / f"locales/en/LC_MESSAGES/{DOC}.po"))
    memory = en.find(quoted.msgid)
    assert memory.msgstr == quoted.msgstr and "fuzzy" in memory.flags
    assert "tm:" in memory.tcomment
    machine = [e for e in en if e.msgid != quoted.msgid]
    assert all("fuzzy" in e.flags and e.tcomment.startswith("mt: argos") for e in machine)
    assert _stats(cli, desk)[(DOC, "en")]["units"]["fuzzy"] == 4
    assert msgfmt_check(desk / f"locales/en/LC_MESSAGES/{DOC}.po").returncode == 0

    # 3. the translator works in a PO editor --------------------------------------------------
    _git(desk, "add", ".")
    _git(desk, "-c", "user.email=t@t", "-c", "user.name=t", "commit", "-qm", "drafts")
    translations = {
        "ЕАПО и Агентство провели семинар": "EAPO and the Agency held a seminar",
        "Семинар прошёл 12 марта 2024 года в Баку.":
            "The seminar took place in Baku on 12 March 2024.",
        "В нём участвовали 40 экспертов.": "It was attended by 40 experts.",
    }
    for entry in en:
        if entry.msgid in translations:
            entry.msgstr = translations[entry.msgid]
        entry.flags = [f for f in entry.flags if f != "fuzzy"]   # the memory match is accepted
        entry.tcomment = ""
    en.wrapwidth = 79
    en.save()
    diff = _git(desk, "diff", "--numstat", "--", "locales")
    changed = {line.split("\t")[2]: int(line.split("\t")[0]) for line in diff.splitlines()}
    assert list(changed) == [f"locales/en/LC_MESSAGES/{DOC}.po"]
    assert changed[f"locales/en/LC_MESSAGES/{DOC}.po"] <= 16     # the units, not the file
    assert _stats(cli, desk)[(DOC, "en")]["percent_translated"] == 100.0

    # 4. the editor checks and reviews ---------------------------------------------------------
    checked = cli("check", "--format", "json", f"locales/en/LC_MESSAGES/{DOC}.po", cwd=desk)
    findings = [json.loads(line) for line in checked.out.splitlines()]
    assert not [f for f in findings if f["severity"] == "error"], findings
    assert cli("review", "--lang", "en", "--by", "Editor", DOC, cwd=desk).code == 0
    assert _stats(cli, desk)[(DOC, "en")]["percent_reviewed"] == 100.0

    # 5. the publisher exports: English goes out, Azerbaijani (drafts) is held back ------------
    exported = cli("export", cwd=desk)
    assert exported.code == 0
    state = _index(desk)
    assert len(state) == 15
    assert state[(DOC, "en")] == "published" and state[(DOC, "az")].startswith("not published")
    page = lxml.html.parse(str(desk / f"export/en/{DOC}.html")).getroot()
    assert page.get("lang") == "en" and "12 March 2024" in page.text_content()

    # 6. the author edits the source; extract keeps the work and marks what changed -----------
    source = desk / f"source/ru/{DOC}.md"
    source.write_text(source.read_text().replace("40 экспертов", "45 экспертов"))
    _git(desk, "add", ".")
    _git(desk, "-c", "user.email=t@t", "-c", "user.name=t", "commit", "-qm", "reviewed")
    assert cli("extract", cwd=desk).code == 0
    en = polib.pofile(str(desk / f"locales/en/LC_MESSAGES/{DOC}.po"))
    edited = en.find("В нём участвовали 45 экспертов.")
    assert "fuzzy" in edited.flags and edited.previous_msgid == "В нём участвовали 40 экспертов."
    assert edited.msgstr == "It was attended by 40 experts."      # kept, for the translator
    stats = _stats(cli, desk)[(DOC, "en")]
    assert stats["units"]["fuzzy"] == 1 and stats["units"]["reviewed"] == 3
    diff = _git(desk, "diff", "--numstat", "--", "locales")
    assert sum(int(line.split("\t")[0]) for line in diff.splitlines()) <= 12
    # the memory still has the approved sentence for the next article
    assert cli("check", "--format", "json", cwd=desk).code in (0, 1)
