"""A newsroom's day: the twelve workflow defects a translator, an editor and a publisher found
(issue 15), each pinned by a test on a copy of the sample project with its real translations."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import lxml.etree
import lxml.html
import pytest

from tests.conftest import copy_sample_project, run_l10n
from workflow.formats.po import parse_po
from workflow.formats.po_write import format_po
from workflow.pretranslate.job import catalog_tm_entries
from workflow.project import Project

KAZ = "kazakhstan-anti-counterfeiting-forum-2021"      # ru partly translated in the sample
EAPO = "eapo-eek-tovarnye-znaki-kontrafakt"             # reviewed in az and en
WIPO = "wipo-dg-meets-ip-heads-imanov-speech"


@pytest.fixture
def newsroom(tmp_path: Path) -> Path:
    """A copy of the sample project with its catalogs (real, mostly reviewed translations)."""
    return copy_sample_project(tmp_path / "newsroom")


def _po(root: Path, lang: str, doc: str) -> Path:
    return root / "locales" / lang / "LC_MESSAGES" / f"{doc}.po"


def _edit(path: Path, change) -> None:
    catalog = parse_po(path.read_text(encoding="utf-8"))
    path.write_text(format_po(replace(catalog, units=tuple(change(u) for u in catalog.units))),
                    encoding="utf-8")


# 1 -------------------------------------------------------------------------------------------
def test_reviewed_units_are_in_the_translation_memory(newsroom):
    reviewed = parse_po(_po(newsroom, "az", EAPO).read_text()).active[1]
    assert reviewed.reviewed
    entries = catalog_tm_entries(Project.open(newsroom))
    assert any(e.source == reviewed.msgid and e.target == reviewed.msgstr for e in entries)


def test_a_reviewed_sentence_is_an_exact_match_in_a_new_article(newsroom, cli):
    reviewed = parse_po(_po(newsroom, "az", EAPO).read_text()).active[1]
    (newsroom / "source/ru/new-article.md").write_text(f"# Заголовок\n\n{reviewed.msgid}\n")
    assert cli("extract", "new-article", cwd=newsroom).code == 0
    result = cli("pretranslate", "--no-mt", "--lang", "az", "new-article", cwd=newsroom)
    assert result.code == 0, result.err
    new = parse_po(_po(newsroom, "az", "new-article").read_text())
    unit = next(u for u in new.active if u.msgid == reviewed.msgid)
    assert unit.msgstr == reviewed.msgstr and unit.fuzzy
    assert any(c.startswith("tm: 100%") or "exact" in c for c in unit.translator_comments)


# 2 -------------------------------------------------------------------------------------------
def test_progress_counts_approved_work_as_done(newsroom, cli):
    result = cli("stats", "--json", cwd=newsroom)
    rows = {(r["doc"], r["lang"]): r for r in json.loads(result.out)}
    assert rows[(EAPO, "az")]["units"]["reviewed"] == rows[(EAPO, "az")]["units"]["total"]
    assert rows[(EAPO, "az")]["percent_translated"] == 100.0
    assert rows[(EAPO, "az")]["percent_reviewed"] == 100.0
    assert 0 < rows[(KAZ, "ru")]["percent_translated"] < 100


# 3 -------------------------------------------------------------------------------------------
def _index(root: Path) -> list[list[str]]:
    page = lxml.html.parse(str(root / "export/index.html"))
    return [[row.find("td/small").text] + [cell.text_content().strip() for cell in
                                           row.findall("td")[1:]]
            for row in page.iter("tr") if row.findall("td")]


def _links(root: Path) -> set[str]:
    page = lxml.html.parse(str(root / "export/index.html"))
    return {a.get("href") for a in page.iter("a")}


def test_a_partial_export_keeps_the_whole_index(newsroom, cli):
    assert cli("export", cwd=newsroom).code == 0
    full = _index(newsroom)
    assert len(full) == 12                            # 4 articles x 3 languages
    assert cli("export", EAPO, cwd=newsroom).code == 0
    assert _index(newsroom) == full
    assert cli("export", "--lang", "ru", cwd=newsroom).code == 0
    assert _index(newsroom) == full
    assert cli("export", "--format", "txt", EAPO, cwd=newsroom).code == 0
    links = _links(newsroom)
    assert f"az/{EAPO}.html" in links and f"az/{EAPO}.txt" in links
    assert f"az/{WIPO}.html" in links                 # the other articles are still linked


# 4 -------------------------------------------------------------------------------------------
def test_a_preview_is_never_published_as_the_real_thing(newsroom, cli):
    assert cli("export", cwd=newsroom).code == 0
    result = cli("export", "--min-complete", "0", KAZ, cwd=newsroom)
    assert result.code == 0, result.out
    assert not (newsroom / f"export/ru/{KAZ}.html").exists()
    preview = newsroom / f"export/preview/ru/{KAZ}.html"
    page = lxml.html.parse(str(preview)).getroot()
    assert page.find(".//p[@class='preview']") is not None
    assert page.find(".//meta[@name='robots']").get("content") == "noindex"
    state = {(row[0], row[1]): row[2] for row in _index(newsroom)}
    assert state[(KAZ, "ru")].startswith("preview only")
    # no published page names the preview as its Russian version
    english = lxml.html.parse(str(newsroom / f"export/en/{KAZ}.html")).getroot()
    assert "ru" not in {link.get("hreflang") for link in english.iter("link")}
    # and a later export does not keep it as "the last good export"
    assert cli("export", KAZ, cwd=newsroom).code == 0
    state = {(row[0], row[1]): row[2] for row in _index(newsroom)}
    assert "last good export" not in state[(KAZ, "ru")]


# 5 -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("command", [
    ("export", "--lang", "rus"), ("review", "--lang", "RU"), ("xliff", "export", "--lang", "az_AZ"),
    ("pretranslate", "--no-mt", "--lang", "tr"), ("check", "--disable", "glossary-mising"),
], ids=lambda c: " ".join(c))
def test_unknown_language_codes_and_check_codes_are_errors(newsroom, command):
    before = {p: p.read_bytes() for p in newsroom.rglob("*") if p.is_file()}
    result = run_l10n(*command, cwd=newsroom)
    assert result.returncode == 1, result.stdout
    assert result.stderr.startswith("error: ") and len(result.stderr.splitlines()) == 1
    assert ("unknown language" in result.stderr) or ("unknown check" in result.stderr)
    assert {p: p.read_bytes() for p in before} == before


# 6 -------------------------------------------------------------------------------------------
def test_review_by_any_line_of_an_entry(newsroom, cli):
    path = _po(newsroom, "az", WIPO)
    text = path.read_text().splitlines()
    catalog = parse_po(path.read_text())
    unit = catalog.active[2]
    assert not unit.reviewed
    comment_line = unit.line - 1
    assert text[comment_line - 1].startswith("#")     # a comment line of that entry
    result = cli("review", "--lang", "az", "--line", str(comment_line), WIPO, cwd=newsroom)
    assert result.code == 0 and "1 units marked reviewed" in result.out, result.out
    after = parse_po(path.read_text())
    assert [u.reviewed for u in after.active] == [
        u.reviewed or u.msgid == unit.msgid for u in catalog.active]


def test_review_of_a_line_in_no_entry_is_an_error_and_writes_nothing(newsroom):
    path = _po(newsroom, "az", WIPO)
    before = path.read_bytes()
    blank = path.read_text().splitlines().index("") + 1
    result = run_l10n("review", "--lang", "az", "--line", str(blank), WIPO, cwd=newsroom)
    assert result.returncode == 1 and "not inside any entry" in result.stderr
    assert path.read_bytes() == before


# 7 -------------------------------------------------------------------------------------------
def test_xliff_export_takes_options_after_the_action(newsroom, cli):
    result = cli("xliff", "export", "--lang", "az", EAPO, cwd=newsroom)
    assert result.code == 0, result.err
    assert (newsroom / f"xliff/az/{EAPO}.xlf").exists()
    assert not (newsroom / f"xliff/en/{EAPO}.xlf").exists()


# 8 -------------------------------------------------------------------------------------------
def test_xliff_import_keeps_notes_and_the_work_on_an_edited_source(newsroom, cli):
    assert cli("xliff", "export", "--lang", "ru", KAZ, cwd=newsroom).code == 0
    xlf = newsroom / f"xliff/ru/{KAZ}.xlf"
    tree = lxml.etree.parse(str(xlf))
    ns = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
    units = tree.findall(".//x:trans-unit", ns)
    empty = [u for u in units if u.find("x:target", ns) is None]
    assert len(empty) >= 2
    # the CAT tool translates one empty unit and adds a note to it ...
    def add_target(unit, text):   # <target> comes right after <source>
        target = lxml.etree.Element("{urn:oasis:names:tc:xliff:document:1.2}target",
                                    state="translated")
        target.text = text
        unit.find("x:source", ns).addnext(target)

    first = empty[0]
    add_target(first, "Перевод из CAT-инструмента.")
    note = lxml.etree.SubElement(first, "{urn:oasis:names:tc:xliff:document:1.2}note",
                                 **{"from": "translator"})
    note.text = "Checked against the forum's site."
    # ... and translates another whose sentence the author then edits in the catalog
    second = empty[1]
    old_source = second.find("x:source", ns).text
    add_target(second, "Ещё один перевод.")
    tree.write(str(xlf), xml_declaration=True, encoding="UTF-8")
    po = _po(newsroom, "ru", KAZ)
    _edit(po, lambda u: replace(u, msgid=u.msgid.replace(".", " today.", 1))
          if u.msgid == old_source else u)
    result = cli("xliff", "import", str(xlf), cwd=newsroom)
    assert result.code == 0, result.err
    assert "source changed since the export" in result.out and old_source[:30] in result.out
    catalog = parse_po(po.read_text())
    translated = next(u for u in catalog.active if u.msgstr == "Перевод из CAT-инструмента.")
    assert "Checked against the forum's site." in translated.translator_comments
    kept = next(u for u in catalog.active if u.msgstr == "Ещё один перевод.")
    assert kept.fuzzy and kept.previous_msgid == old_source


# 9 -------------------------------------------------------------------------------------------
def test_check_any_po_file_from_anywhere(tmp_path):
    foreign = tmp_path / "elsewhere" / "ru.po"
    foreign.parent.mkdir()
    foreign.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                       'msgid "Save 5 files"\nmsgstr "Сохранить 6 файлов"\n', encoding="utf-8")
    result = run_l10n("check", str(foreign), cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "numbers" in result.stdout and not (tmp_path / ".l10n").exists()
    result = run_l10n("check", "--source-lang", "az", "--format", "json", str(foreign),
                      cwd=tmp_path)
    assert {json.loads(line)["source_lang"] for line in result.stdout.splitlines()} == {"az"}


def test_check_without_a_source_language_header_defaults_to_english(newsroom, cli):
    path = _po(newsroom, "az", WIPO)
    path.write_text(path.read_text().replace('"X-Source-Language: en\\n"\n', ""))
    outside = newsroom / "copy.po"
    shutil.copy(path, outside)
    result = cli("check", "--format", "json", str(outside), cwd=newsroom)
    assert result.code in (0, 1) and result.err == ""


# 10 ------------------------------------------------------------------------------------------
def test_commands_find_the_project_from_a_subfolder(newsroom):
    result = run_l10n("stats", cwd=newsroom / "locales" / "ru")
    assert result.returncode == 0 and EAPO in result.stdout


def test_outside_a_project_nothing_is_left_behind(tmp_path):
    result = run_l10n("run", cwd=tmp_path)
    assert result.returncode == 1 and "not an l10n project" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_one_broken_catalog_does_not_stop_the_others(newsroom, cli):
    broken = _po(newsroom, "ru", WIPO)
    broken.write_text(broken.read_text() + '\nmsgid "dangling"\n')
    stats = run_l10n("stats", cwd=newsroom)
    assert stats.returncode == 1 and EAPO in stats.stdout
    assert stats.stderr.count("error: ") == 1 and f"{WIPO}.po" in stats.stderr
    check = cli("check", "--format", "json", cwd=newsroom)
    findings = [json.loads(line) for line in check.out.splitlines()]
    assert any(f["check"] == "po-syntax" and f["path"].endswith(f"ru/LC_MESSAGES/{WIPO}.po")
               for f in findings)
    assert any(f["path"].endswith(f"{EAPO}.po") for f in findings)
    assert cli("export", cwd=newsroom).code == 0
    assert (newsroom / f"export/az/{EAPO}.html").exists()
    assert not (newsroom / f"export/ru/{WIPO}.html").exists()


# 11 ------------------------------------------------------------------------------------------
def test_a_newline_typed_into_a_translation_is_an_error_and_stops_the_gate(newsroom, cli):
    path = _po(newsroom, "az", EAPO)
    heading = parse_po(path.read_text()).active[0]
    _edit(path, lambda u: replace(u, msgstr=u.msgstr.replace(" ", "\n", 1))
          if u.msgid == heading.msgid else u)
    check = cli("check", "--format", "json", str(path), cwd=newsroom)
    codes = {json.loads(line)["check"] for line in check.out.splitlines()}
    assert "line-breaks" in codes and check.code == 1
    result = cli("export", EAPO, cwd=newsroom)
    assert "line-breaks" in result.out and "[az]" in result.out
    assert not (newsroom / f"export/az/{EAPO}.html").exists()


# 12 ------------------------------------------------------------------------------------------
def test_extract_lists_dropped_chrome_only_when_it_changes(newsroom, cli):
    quiet = cli("extract", cwd=newsroom)
    assert "  dropped " not in quiet.out and "blocks dropped as site chrome (-v lists them)" in quiet.out
    assert cli("extract", "-v", cwd=newsroom).out.count("  dropped ") == 8
    source = newsroom / "source/en" / f"{KAZ}.txt"
    source.write_text(source.read_text() + "\nA new closing paragraph was added.\n")
    changed = cli("extract", cwd=newsroom)
    assert f"dropped source/en/{KAZ}.txt" in changed.out
    assert "dropped source/ru/" not in changed.out


def test_run_says_what_to_do_next(newsroom, cli):
    result = cli("run", cwd=newsroom)
    nexts = [line for line in result.out.splitlines() if line.startswith("next: ")]
    # the five untranslated Russian units: still empty, or machine drafts when a test model
    # is installed in this session
    assert nexts and (f"ru/LC_MESSAGES/{KAZ}.po" in nexts[0] or "review 5 " in nexts[0]), nexts


# l10n init ------------------------------------------------------------------------------------
def test_init_starts_a_project_that_every_command_accepts(tmp_path, cli):
    root = tmp_path / "desk"
    result = cli("init", str(root))
    assert result.code == 0, result.err
    assert (root / "l10n.toml").exists() and (root / ".gitignore").exists()
    assert cli("glossary", "validate", cwd=root).code == 0
    (root / "source/en/first.txt").write_text("Patents in 2024\n\nThe Agency granted 5 patents.\n")
    assert cli("extract", cwd=root).code == 0
    assert cli("run", cwd=root).code == 0
    again = run_l10n("init", str(root), cwd=tmp_path)
    assert again.returncode == 1 and "already here" in again.stderr
