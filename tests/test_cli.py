"""End to end through the ``l10n`` command, as the issue's reviewers will check it."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from workflow.formats.po import parse_po
from workflow.formats.po_write import format_po

from .conftest import REPO, msgcat, msgfmt_check, run_l10n

TANG = ("Speaking at the event, D. Tang, as the former head of the National Intellectual "
        "Property Office, said that he was aware of the problems faced by the meeting "
        "participants. He then presented a detailed report on the Medium Term Strategic Plan "
        "for 2022-2026 and the Program and Budget for 2022-2023, prepared as a result of "
        "proposals and consultations of Member States.")


def _snapshot(root):
    """Every project file (the runtime folder .l10n/, with the lock's pid, aside)."""
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()
            and not p.relative_to(root).as_posix().startswith(".l10n/")}


def test_run_extracts_every_article_into_valid_catalogs(cli, project):
    result = cli("run", cwd=project)
    assert result.code == 0, result.err
    pos = sorted((project / "locales").glob("*/LC_MESSAGES/*.po"))
    assert len(pos) == 8  # 4 articles x 2 target languages
    assert len(list((project / "locales/templates").glob("*.pot"))) == 4
    for po in pos:
        check = msgfmt_check(po)
        assert check.returncode == 0 and not check.stderr, check.stderr
        assert msgcat(po) == po.read_bytes(), f"{po.name} is not formatted as gettext does"
    assert "dropped source/en/wipo-dg-meets-ip-heads-imanov-speech.txt:1 [contact-line]" \
        in result.out
    assert "summary:" in result.out


def test_every_direction_is_exercised(cli, project):
    cli("extract", cwd=project)
    langs = {p.parent.parent.name + "<-" + parse_po(p.read_text()).header_value(
        "X-Source-Language") for p in (project / "locales").glob("*/LC_MESSAGES/*.po")}
    assert langs == {"az<-en", "ru<-en", "az<-ru", "en<-ru", "ru<-az", "en<-az"}


def test_headers_come_from_babel(cli, project):
    cli("extract", cwd=project)
    po = parse_po((project / "locales/ru/LC_MESSAGES/kazakhstan-anti-counterfeiting-forum-2021"
                   ".po").read_text())
    assert po.header_value("Language") == "ru"
    assert po.header_value("Plural-Forms").startswith("nplurals=3;")
    assert "charset=UTF-8" in po.header_value("Content-Type")
    az = parse_po((project / "locales/az/LC_MESSAGES/kazakhstan-anti-counterfeiting-forum-2021"
                   ".po").read_text())
    assert az.header_value("Plural-Forms") == "nplurals=2; plural=(n != 1);"


def test_second_extract_changes_no_byte_and_check_agrees(cli, project):
    cli("extract", cwd=project)
    before = _snapshot(project)
    assert cli("extract", "--check", cwd=project).code == 0
    result = cli("extract", cwd=project)
    assert result.code == 0 and "(0 written" in result.out
    assert _snapshot(project) == before


def test_units_carry_references_roles_and_merge_duplicates(cli, project):
    cli("extract", cwd=project)
    pot = parse_po((project / "locales/templates/wipo-dg-meets-ip-heads-imanov-speech.pot")
                   .read_text())
    title = pot.units[0]
    assert title.extracted_comments == ("title",)
    assert title.references == ("source/en/wipo-dg-meets-ip-heads-imanov-speech.txt:2",)
    tang = pot.find("He then presented a detailed report on the Medium Term Strategic Plan for "
                    "2022-2026 and the Program and Budget for 2022-2023, prepared as a result of "
                    "proposals and consultations of Member States.")
    assert tang.extracted_comments == ("paragraph 2",)


def test_the_same_sentence_twice_is_one_unit_with_two_references(cli, project):
    (project / "source/en/twice.txt").write_text(
        "Twice told\n\nThe Agency met. Nothing else.\n\nMore text. The Agency met.\n")
    cli("extract", cwd=project)
    pot = parse_po((project / "locales/templates/twice.pot").read_text())
    unit = pot.find("The Agency met.")
    assert unit.references == ("source/en/twice.txt:3", "source/en/twice.txt:5")
    assert unit.extracted_comments == ("paragraph 1", "paragraph 2")


def _translate(po_path, startswith: str, msgstr: str) -> None:
    """Fill in one unit, as a translator's PO editor would."""
    catalog = parse_po(po_path.read_text())
    units = tuple(replace(u, msgstr=msgstr) if u.msgid.startswith(startswith) else u
                  for u in catalog.units)
    po_path.write_text(format_po(replace(catalog, units=units)))


def test_editing_a_sentence_gives_a_fuzzy_entry_with_previous_msgid(cli, project):
    cli("extract", cwd=project)
    po_path = project / "locales/ru/LC_MESSAGES/kazakhstan-anti-counterfeiting-forum-2021.po"
    old = "The program includes 10 discussion sessions"
    _translate(po_path, old, "Программа включает 10 дискуссионных сессий.")
    source = project / "source/en/kazakhstan-anti-counterfeiting-forum-2021.txt"
    source.write_bytes(source.read_bytes().replace(b"includes 10 discussion",
                                                   b"includes 12 discussion"))
    assert cli("extract", "--check", cwd=project).code == 1
    assert cli("extract", cwd=project).code == 0
    new = parse_po(po_path.read_text())
    changed = next(u for u in new.units if u.msgid.startswith("The program includes 12"))
    assert changed.fuzzy and changed.previous_msgid.startswith(old)
    assert changed.msgstr == "Программа включает 10 дискуссионных сессий."
    assert "#| msgid " in po_path.read_text()
    assert not new.obsolete
    assert msgfmt_check(po_path).returncode == 0


def test_removed_paragraph_becomes_obsolete_never_deleted(cli, project):
    cli("extract", cwd=project)
    po_path = project / "locales/az/LC_MESSAGES/kazakhstan-anti-counterfeiting-forum-2021.po"
    _translate(po_path, "He sees the solution", "Həlli beynəlxalq əməkdaşlıqda görür.")
    source = project / "source/en/kazakhstan-anti-counterfeiting-forum-2021.txt"
    source.write_text("\n\n".join(p for p in source.read_text().split("\n\n")
                                  if not p.startswith("He sees the solution")))
    cli("extract", cwd=project)
    new = parse_po(po_path.read_text())
    assert [u.msgstr for u in new.obsolete] == ["Həlli beynəlxalq əməkdaşlıqda görür."]
    assert "#~ msgid" in po_path.read_text()


def test_truncated_po_gives_one_line_error_and_nothing_is_written(tmp_path, project):
    assert run_l10n("extract", cwd=project).returncode == 0
    po_path = project / "locales/ru/LC_MESSAGES/wipo-dg-meets-ip-heads-imanov-speech.po"
    data = po_path.read_bytes()
    cut = data[: data.index(b"msgid", 2000) + 20]  # ends inside a string
    po_path.write_bytes(cut)
    source = project / "source/en/wipo-dg-meets-ip-heads-imanov-speech.txt"
    source.write_bytes(source.read_bytes().replace(b"video meeting", b"online meeting"))
    before = _snapshot(project)
    result = run_l10n("extract", cwd=project)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    line_no = cut.count(b"\n") + 1
    assert lines[0].startswith(
        f"error: locales/ru/LC_MESSAGES/wipo-dg-meets-ip-heads-imanov-speech.po:{line_no}: ")
    assert _snapshot(project) == before


def test_unknown_language_code_is_a_one_line_error(project):
    (project / "source/xx").mkdir()
    (project / "source/xx/article.txt").write_text("Title\n\nText.\n")
    result = run_l10n("extract", cwd=project)
    assert result.returncode == 1
    assert result.stderr.startswith("error: source/xx/article.txt: unknown language code 'xx'")
    assert not (project / "locales").exists()


def test_undeclared_language_is_an_error_not_a_guess(project):
    (project / "source/loose.txt").write_text("Title\n\nSome English text.\n")
    result = run_l10n("extract", cwd=project)
    assert result.returncode == 1
    assert "source/loose.txt: the source language is not declared" in result.stderr


def test_undecodable_source_names_file_and_line(project):
    (project / "source/ru/cp1251.txt").write_bytes("Заголовок\n\nТекст.\n".encode("cp1251"))
    result = run_l10n("extract", cwd=project)
    assert result.returncode == 1
    assert result.stderr.startswith("error: source/ru/cp1251.txt:1: not valid UTF-8")


def test_bad_config_names_its_line(project):
    (project / "l10n.toml").write_text('[project]\nlanguages = ["az", "qq"]\n')
    result = run_l10n("extract", cwd=project)
    assert result.returncode == 1
    assert result.stderr.startswith("error: l10n.toml:2: unknown language code 'qq'")


def test_segment_json_on_the_seed_paragraph(tmp_path):
    l10n = Path(sys.executable).parent / "l10n"  # the installed console script
    result = subprocess.run([str(l10n), "segment", "--lang", "en", "--json"], input=TANG,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [
        "Speaking at the event, D. Tang, as the former head of the National Intellectual "
        "Property Office, said that he was aware of the problems faced by the meeting "
        "participants.",
        "He then presented a detailed report on the Medium Term Strategic Plan for 2022-2026 "
        "and the Program and Budget for 2022-2023, prepared as a result of proposals and "
        "consultations of Member States."]


def test_segment_plain_prints_one_sentence_per_line(tmp_path, cli):
    path = tmp_path / "p.txt"
    path.write_text("Обсуждали патенты и т.д. Затем выступил\nК. Иманов.")
    result = cli("segment", "--lang", "ru", str(path))
    assert result.out.splitlines() == ["Обсуждали патенты и т.д.", "Затем выступил К. Иманов."]


def test_segment_jsonl_batches(tmp_path, cli):
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps("A. B. Smith came. He left.") + "\n" + json.dumps("One.") + "\n")
    result = cli("segment", "--lang", "en", "--jsonl", str(path))
    assert [json.loads(x) for x in result.out.splitlines()] == [
        ["A. B. Smith came.", "He left."], ["One."]]


def test_segment_unknown_language(cli):
    result = cli("segment", "--lang", "zz-top", "-")
    assert result.code == 1 and "unknown language code" in result.err


def test_stats_json(cli, project):
    cli("extract", cwd=project)
    rows = json.loads(cli("stats", "--json", cwd=project).out)
    assert len(rows) == 8
    row = next(r for r in rows if r["doc"] == "kazakhstan-anti-counterfeiting-forum-2021"
               and r["lang"] == "ru")
    assert row["units"] == {"untranslated": 13, "fuzzy": 0, "translated": 0, "reviewed": 0,
                            "total": 13}
    assert row["words"]["total"] == row["words"]["untranslated"] > 300


def test_dash_C_and_python_dash_m(tmp_path, project):
    result = subprocess.run([sys.executable, "-m", "workflow", "-C", str(project), "stats"],
                            capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0 and "no catalog" in result.stdout


def test_the_repository_catalogs_are_up_to_date():
    result = run_l10n("extract", "--check", cwd=REPO)
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize("doc", ["wipo-dg-meets-ip-heads-imanov-speech",
                                 "kazakhstan-anti-counterfeiting-forum-2021",
                                 "eapo-eek-tovarnye-znaki-kontrafakt",
                                 "agentlik-uemt-seminar-cografi-gostericiler"])
def test_golden_templates(cli, project, doc):
    cli("extract", cwd=project)
    golden = REPO / "tests/data/golden" / f"{doc}.pot"
    assert (project / "locales/templates" / f"{doc}.pot").read_text() == golden.read_text()
