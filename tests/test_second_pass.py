"""Hardening, second pass: each defect found by attacking the project, with its siblings."""

from __future__ import annotations

import io
import unicodedata

import pytest

from workflow.formats.po import read_po
from workflow.formats.po_write import encode_po
from workflow.formats.tmx import pairs, read_tmx
from workflow.project import slug

from .conftest import copy_sample_project, msgfmt_check

LEGACY = {
    "CP1251": "Агентство провело семинар по товарным знакам.",
    "KOI8-R": "Евразийская патентная организация.",
    "ISO-8859-1": "Le café de l'Office.",
    "ISO-8859-9": "Şirket çalışanları güvendi.",
}


def _legacy_catalog(charset: str, text: str, *, comment: str = "", newline: str = "\n") -> bytes:
    po = (f"{comment}msgid \"\"\nmsgstr \"\"\n\"Content-Type: text/plain; charset={charset}\\n\"\n"
          "\"Language: ru\\n\"\n\n#: a.txt:1\nmsgid \"The Agency held a seminar.\"\n"
          f"msgstr \"{text}\"\n\n#: a.txt:2\nmsgid \"Second.\"\nmsgstr \"\"\n")
    return po.replace("\n", newline).encode(charset)


@pytest.mark.parametrize("charset", sorted(LEGACY))
@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["LF", "CRLF"])
def test_a_catalog_is_written_back_in_its_own_charset_and_line_ends(charset, newline, tmp_path):
    data = _legacy_catalog(charset, LEGACY[charset], newline=newline)
    catalog = read_po(io.BytesIO(data))
    assert catalog.charset == ("UTF-8" if charset == "UTF-8" else charset)
    assert catalog.newline == newline
    assert encode_po(catalog) == data          # byte for byte
    path = tmp_path / "x.po"
    path.write_bytes(encode_po(catalog))
    assert msgfmt_check(path).returncode == 0


def test_a_comment_mentioning_a_charset_does_not_decide_the_decoding():
    data = _legacy_catalog("UTF-8", "Агентство", comment="# Converted from charset=KOI8-R\n")
    catalog = read_po(io.BytesIO(data))
    assert catalog.charset == "UTF-8"
    assert catalog.units[0].msgstr == "Агентство"


def test_a_character_the_charset_cannot_hold_is_a_one_line_error_not_mojibake():
    from dataclasses import replace

    from workflow.errors import WorkflowError

    catalog = read_po(io.BytesIO(_legacy_catalog("KOI8-R", "Агентство")))
    edited = replace(catalog, units=(replace(catalog.units[0], msgstr="Agentlik əqli"),
                                     *catalog.units[1:]))
    with pytest.raises(WorkflowError) as caught:
        encode_po(edited)
    message = str(caught.value)
    assert "'ə' (U+0259) cannot be written in this catalog's charset KOI8-R" in message
    assert "\n" not in message


@pytest.mark.parametrize("command", [("review", "--by", "Ayşe"), ("extract",)])
def test_cli_writers_keep_a_legacy_catalog_legacy(command, tmp_path, cli):
    """review and extract rewrite the catalog in its charset, with its CRLF line ends."""
    root = copy_sample_project(tmp_path / "p")
    path = root / "locales" / "ru" / "LC_MESSAGES" / "wipo-dg-meets-ip-heads-imanov-speech.po"
    text = path.read_bytes().decode("utf-8")
    legacy = text.replace("charset=UTF-8", "charset=CP1251").replace("\n", "\r\n")
    path.write_bytes(legacy.encode("cp1251"))
    result = cli(*command, cwd=root)
    assert result.code == 0, result.err
    after = path.read_bytes()
    assert b"\r\n" in after and b"\n" not in after.replace(b"\r\n", b"")
    decoded = after.decode("cp1251")          # never UTF-8 bytes under a CP1251 header
    assert "charset=CP1251" in decoded
    assert "Агентство" in decoded or "агентств" in decoded.lower()
    assert msgfmt_check(path).returncode == 0


@pytest.mark.parametrize(("name", "expected"), [
    ("Агентство провело семинар", "агентство-провело-семинар"),
    ("Əqli Mülkiyyət 2021", "əqli-mülkiyyət-2021"),
    ("İdarə Heyəti", "idarə-heyəti"),
    ("wipo-dg meets_IP", "wipo-dg-meets-ip"),
    ("«»—", "article"),
])
def test_file_names_keep_their_letters(name, expected):
    assert slug(name) == expected
    assert slug(unicodedata.normalize("NFD", name)) == expected


def test_two_cyrillic_articles_do_not_collide(project, cli):
    (project / "source" / "ru" / "Семинар в Баку.txt").write_text(
        "Семинар в Баку\n\nАгентство провело семинар.\n", encoding="utf-8")
    (project / "source" / "ru" / "Форум в Астане.txt").write_text(
        "Форум в Астане\n\nАгентство провело форум.\n", encoding="utf-8")
    result = cli("extract", cwd=project)
    assert result.code == 0, result.err
    names = {p.stem for p in (project / "locales" / "az" / "LC_MESSAGES").glob("*.po")}
    assert {"семинар-в-баку", "форум-в-астане"} <= names


@pytest.mark.parametrize(("lang", "translation"), [
    ("ru", "Правообладатель подал заявку на товарный знак."),
    ("az", "Əqli mülkiyyət hüquqlarının müdafiəsi üzrə əmtəə nişanı."),
])
def test_a_decomposed_translation_matches_the_glossary_as_the_composed_one(lang, translation):
    from workflow.formats.glossary_csv import read_glossary
    from workflow.glossary.match import Matcher

    from .conftest import REPO

    glossary = read_glossary((REPO / "glossary.csv").read_text(encoding="utf-8"))
    matcher = Matcher(glossary, lang)
    composed = {(m.term.id, m.kind) for m in matcher.find(translation)}
    decomposed = {(m.term.id, m.kind) for m in matcher.find(unicodedata.normalize("NFD", translation))}
    assert composed and decomposed == composed


TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence"
o-tmf="x" adminlang="en" srclang="en" datatype="html"/><body>
<tu><tuv xml:lang="en"><seg>Press <bpt i="1">&lt;b&gt;</bpt>Save<ept i="1">&lt;/b&gt;</ept> now<ph>&lt;br/&gt;</ph>.</seg></tuv>
<tuv xml:lang="ru"><seg>Нажмите <bpt i="1">&lt;b&gt;</bpt><hi>Сохранить</hi><ept i="1">&lt;/b&gt;</ept> сейчас.</seg></tuv>
<tuv xml:lang="de"><seg>Jetzt speichern.</seg></tuv><tuv xml:lang="fr"><seg>Enregistrer.</seg></tuv></tu>
</body></tmx>""".encode()


def test_tmx_inline_codes_never_leak_into_the_text():
    [unit] = read_tmx(io.BytesIO(TMX))
    texts = dict(unit.variants)
    assert texts["en"] == "Press Save now."
    assert texts["ru"] == "Нажмите Сохранить сейчас."


def test_a_many_language_tmx_gives_only_the_projects_pairs():
    units = read_tmx(io.BytesIO(TMX))
    assert len(list(pairs(units))) == 12                       # 4 languages: every ordered pair
    assert {(s, t) for s, t, *_ in pairs(units, ["en", "ru", "az"])} == {("en", "ru"), ("ru", "en")}


# ------------------------------------------------------------------------------------------
# CLI writers racing a translator who saves the same catalog in an editor


def test_a_save_during_pretranslate_is_merged_not_overwritten(project, cli, argos_packages):
    from dataclasses import replace

    from workflow.engines.argos import argos_engine_factory
    from workflow.formats.po import parse_po
    from workflow.formats.po_write import format_po
    from workflow.pretranslate.job import pretranslate_project
    from workflow.project import Project

    assert cli("extract", cwd=project).code == 0
    po = project / "locales/ru/LC_MESSAGES/kazakhstan-anti-counterfeiting-forum-2021.po"
    real = argos_engine_factory()
    saved = {}

    class SavingEngine:
        """The real engine; while it works, the translator saves the catalog in Poedit."""

        def __init__(self, engine):
            self.engine, self.from_code, self.to_code = engine, engine.from_code, engine.to_code
            self.provenance = engine.provenance

        def translate_batch(self, sentences, *, num_hypotheses=1):
            if not saved:
                catalog = parse_po(po.read_text(encoding="utf-8"))
                first = next(u for u in catalog.units if u.msgid and not u.msgstr)
                saved["msgid"] = first.msgid
                units = tuple(replace(u, msgstr="Перевод переводчика.") if u is first else u
                              for u in catalog.units)
                po.write_text(format_po(replace(catalog, units=units)), encoding="utf-8")
            return self.engine.translate_batch(sentences, num_hypotheses=num_hypotheses)

    def factory(src, tgt):
        engine = real(src, tgt)
        return SavingEngine(engine) if engine is not None and tgt == "ru" else engine

    report = pretranslate_project(Project.open(project), engines=factory, langs=["ru"])
    after = parse_po(po.read_text(encoding="utf-8"))
    mine = next(u for u in after.units if u.msgid == saved["msgid"])
    assert mine.msgstr == "Перевод переводчика." and not mine.fuzzy
    assert project.joinpath(po).relative_to(project).as_posix() in report.merged
    others = [u for u in after.active if u.msgid and u.msgid != saved["msgid"]]
    assert others and all(u.msgstr and u.fuzzy for u in others if not u.msgid_plural)


def test_a_save_during_extract_is_left_as_saved(project, cli, monkeypatch):
    from workflow.cli import commands
    from workflow.extract import job

    assert cli("extract", cwd=project).code == 0
    source = project / "source/en/kazakhstan-anti-counterfeiting-forum-2021.txt"
    source.write_text(source.read_text(encoding="utf-8") + "\nA new closing sentence.\n",
                      encoding="utf-8")
    po = project / "locales/az/LC_MESSAGES/kazakhstan-anti-counterfeiting-forum-2021.po"
    planned = job.plan_extract

    def plan_then_translator_saves(*args, **kwargs):
        report = planned(*args, **kwargs)
        po.write_bytes(po.read_bytes() + b"\n# the translator's save\n")
        return report

    monkeypatch.setattr(commands, "plan_extract", plan_then_translator_saves)
    result = cli("extract", cwd=project)
    assert result.code == 1
    assert "saved by someone else while extract ran" in result.out
    assert po.read_bytes().endswith(b"# the translator's save\n")
    monkeypatch.setattr(commands, "plan_extract", planned)
    assert cli("extract", cwd=project).code == 0       # run again: the save is kept and merged


def test_a_save_during_review_is_left_as_saved(tmp_path, cli, monkeypatch):
    from workflow import review

    root = copy_sample_project(tmp_path / "p")
    encode = review.catalog_bytes
    saved = []

    def encode_while_translator_saves(catalog, shown):
        data = encode(catalog, shown)
        path = root / shown
        if not saved and data != path.read_bytes():     # a catalog review is about to write
            path.write_bytes(path.read_bytes() + b"\n# saved meanwhile\n")
            saved.append(path)
        return data

    monkeypatch.setattr(review, "catalog_bytes", encode_while_translator_saves)
    result = cli("review", "--by", "Ayşe", "--include-drafts", cwd=root)
    assert saved and result.code == 1
    assert "saved by someone else while review ran" in result.out
    assert saved[0].read_bytes().endswith(b"# saved meanwhile\n")


def test_extract_never_writes_a_catalog_the_project_then_refuses(project, cli):
    """Plural-Forms with a wrong nplurals is corrected; the plural entries follow it."""
    import re

    assert cli("extract", cwd=project).code == 0
    po = project / "locales/ru/LC_MESSAGES/kazakhstan-anti-counterfeiting-forum-2021.po"
    text = re.sub(r'"Plural-Forms: [^"]*"', r'"Plural-Forms: nplurals=1; plural=0;\\n"',
                  po.read_text(encoding="utf-8"))
    po.write_text(text + '\nmsgid "one file"\nmsgid_plural "%d files"\nmsgstr[0] "файлы"\n',
                  encoding="utf-8")
    assert cli("extract", cwd=project).code == 0
    for command in (("stats",), ("check",), ("extract", "--check")):
        result = cli(*command, cwd=project)
        assert "error:" not in result.err, (command, result.err)
    after = po.read_text(encoding="utf-8")
    assert 'msgstr[0] "файлы"' in after and "msgstr[2]" in after
    assert msgfmt_check(po).returncode == 0


def test_a_source_linking_outside_the_project_is_refused(project, cli, tmp_path):
    secret = tmp_path / "outside" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text("Secret\n\nThe server's private notes.\n", encoding="utf-8")
    (project / "source" / "en" / "notes.txt").symlink_to(secret)
    result = cli("extract", cwd=project)
    assert result.code == 1
    assert "source/en/notes.txt: a link to a file outside the project" in result.err
    assert not list((project / "locales").glob("*/LC_MESSAGES/notes.po"))



def test_articles_are_listed_in_path_order_without_hidden_or_linked_folders(tmp_path):
    from workflow.project import Project

    (tmp_path / "l10n.toml").write_text('[project]\nname = "p"\nlanguages = ["en", "ru"]\n',
                                        encoding="utf-8")
    files = ["source/en/b.txt", "source/en/a.md", "source/en/.hidden.txt",
             "source/en/.drafts/x.txt", "source/ru/sub/c.html", "source/en/notes.pdf",
             "source/en/D.TXT"]
    for name in files:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("Title\n\nA sentence.\n", encoding="utf-8")
    (tmp_path / "source/en/folder.txt").mkdir()                 # a folder, not an article
    (tmp_path / "source/en/linked").symlink_to(tmp_path / "source/ru")    # not entered
    (tmp_path / "source/en/alias.txt").symlink_to(tmp_path / "source/en/b.txt")
    articles = Project.open(tmp_path).articles()
    assert [(a.rel, a.lang) for a in articles] == [
        ("source/en/D.TXT", "en"), ("source/en/a.md", "en"), ("source/en/alias.txt", "en"),
        ("source/en/b.txt", "en"), ("source/ru/sub/c.html", "ru")]

@pytest.mark.parametrize(("section", "key", "value"), [
    ("check", "report", "../../victim.html"),
    ("check", "report", "{outside}/victim.html"),     # an absolute path, made at run time
    ("export", "dir", "../published"),
    ("project", "source_dir", "{outside}"),
    ("project", "glossary", "../glossary.csv"),
    ("project", "locales_dir", "linked"),
])
def test_configured_paths_stay_in_the_project(project, cli, section, key, value, tmp_path):
    (project / "linked").symlink_to(tmp_path)          # a symlink out of the project
    value = value.format(outside=tmp_path)
    project_table = '[project]\nname = "p"\nlanguages = ["az", "ru", "en"]\n'
    text = (project_table + f'{key} = "{value}"\n' if section == "project"
            else project_table + f'[{section}]\n{key} = "{value}"\n')
    (project / "l10n.toml").write_text(text, encoding="utf-8")
    result = cli("run", cwd=project)
    assert result.code == 1
    assert f"{key} = '{value}' points outside the project" in result.err
    assert "\n" not in result.err.strip()


def test_a_glossary_with_blank_lines_reads(tmp_path):
    """A blank line in glossary.csv crashed the reader with a TypeError (found by the review
    page's cache test)."""
    from workflow.formats.glossary_csv import read_glossary

    from .conftest import REPO

    text = (REPO / "glossary.csv").read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    with_blanks = lines[0] + "\n" + "".join(lines[1:3]) + "\n\n" + "".join(lines[3:]) + "\n"
    assert len(read_glossary(with_blanks).terms) == len(read_glossary(text).terms)


def test_two_xliff_files_for_one_catalog_both_land(tmp_path, cli):
    """xliff import a.xlf b.xlf for the same article and language: both files' work is kept
    (it reported both as updated and kept the last one only)."""
    root = copy_sample_project(tmp_path / "p")
    assert cli("xliff", "export", cwd=root).code == 0
    xlf = root / "xliff/ru/kazakhstan-anti-counterfeiting-forum-2021.xlf"
    text = xlf.read_text(encoding="utf-8")
    po = root / "locales/ru/LC_MESSAGES/kazakhstan-anti-counterfeiting-forum-2021.po"
    from workflow.formats.po import parse_po

    empty = [u.msgid for u in parse_po(po.read_text(encoding="utf-8")).active
             if u.msgid and not u.msgstr][:2]
    assert len(empty) == 2
    files = []
    for n, msgid in enumerate(empty):
        source = msgid.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
        one = tmp_path / f"{n}.xlf"
        one.write_text(text.replace(f"<source>{source}</source>",
                                    f"<source>{source}</source><target>Перевод {n}.</target>",
                                    1), encoding="utf-8")
        files.append(str(one))
    result = cli("xliff", "import", *files, cwd=root)
    assert result.code == 0, result.err
    after = {u.msgid: u.msgstr for u in parse_po(po.read_text(encoding="utf-8")).units}
    assert after[empty[0]] == "Перевод 0." and after[empty[1]] == "Перевод 1."


def test_a_save_during_xliff_import_is_left_as_saved(tmp_path, cli, monkeypatch):
    from workflow import interchange

    root = copy_sample_project(tmp_path / "p")
    assert cli("xliff", "export", cwd=root).code == 0
    xlf = root / "xliff/ru/kazakhstan-anti-counterfeiting-forum-2021.xlf"
    po = root / "locales/ru/LC_MESSAGES/kazakhstan-anti-counterfeiting-forum-2021.po"
    from workflow.formats.po import parse_po

    msgid = next(u.msgid for u in parse_po(po.read_text(encoding="utf-8")).active
                 if u.msgid and not u.msgstr)
    source = msgid.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
    xlf.write_text(xlf.read_text(encoding="utf-8").replace(
        f"<source>{source}</source>", f"<source>{source}</source><target>Перевод.</target>", 1),
        encoding="utf-8")
    encode = interchange.catalog_bytes

    def encode_while_translator_saves(catalog, shown):
        po.write_bytes(po.read_bytes() + b"\n# saved meanwhile\n")
        return encode(catalog, shown)

    monkeypatch.setattr(interchange, "catalog_bytes", encode_while_translator_saves)
    result = cli("xliff", "import", str(xlf), cwd=root)
    assert po.read_bytes().endswith(b"# saved meanwhile\n")
    assert "1 updated" in result.out, result.out
    assert result.code == 1 and "saved by someone else" in result.out


def test_compile_writes_no_mo_file_when_a_later_catalog_is_bad(tmp_path, cli):
    root = copy_sample_project(tmp_path / "p")
    last = sorted((root / "locales").glob("*/LC_MESSAGES/*.po"))[-1]
    last.write_text(last.read_text(encoding="utf-8") + '\nmsgid "broken\n', encoding="utf-8")
    result = cli("compile", cwd=root)
    assert result.code == 1 and result.err.count("\n") == 1
    assert not list((root / "locales").glob("*/LC_MESSAGES/*.mo"))
