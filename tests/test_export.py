"""Publishing (gate, HTML/Markdown/text, escaping), MO compilation, XLIFF 1.2/2.0 and TMX."""

from __future__ import annotations

import io
import re
import subprocess
from dataclasses import replace
from pathlib import Path

import lxml.etree
import lxml.html
import pytest

from workflow.errors import WorkflowError
from workflow.formats.mo import read_mo, write_mo
from workflow.formats.po import parse_po, read_po
from workflow.formats.po_write import format_po
from workflow.formats.tmx import read_tmx
from workflow.formats.xliff import read_xliff
from workflow.model import UnitState

from .conftest import REPO, TESTDATA, needs_shared

GOLDEN = REPO / "tests/data/golden/export"
DOCS = ["wipo-dg-meets-ip-heads-imanov-speech", "kazakhstan-anti-counterfeiting-forum-2021",
        "eapo-eek-tovarnye-znaki-kontrafakt", "agentlik-uemt-seminar-cografi-gostericiler"]


def _fill(project: Path, *, reviewed_every: int = 2) -> None:
    """A deterministic 'translation' of every unit: the source with a language tag in front."""
    for po in sorted(project.glob("locales/*/LC_MESSAGES/*.po")):
        lang = po.parent.parent.name
        catalog = parse_po(po.read_text())
        units = []
        for i, unit in enumerate(catalog.units):
            if not unit.obsolete:
                unit = replace(unit, msgstr=f"[{lang}] {unit.msgid}")
                if i % reviewed_every == 0:
                    unit = unit.mark_reviewed("test")
            units.append(unit)
        po.write_text(format_po(replace(catalog, units=tuple(units))))


@pytest.fixture
def translated(cli, project):
    config = project / "l10n.toml"
    # The fake translations are the source text: the language checks would rightly object.
    config.write_text(config.read_text().replace(
        "disable = []", 'disable = ["wrong-language", "untranslated", "glossary-missing", '
        '"glossary-forbidden"]'))
    assert cli("extract", cwd=project).code == 0
    _fill(project)
    return project


def _regen(name: str, data: bytes) -> None:
    GOLDEN.mkdir(parents=True, exist_ok=True)
    (GOLDEN / name).write_bytes(data)


@pytest.mark.parametrize("fmt", ["html", "md", "txt"])
def test_golden_exports_of_the_sample_articles(cli, translated, fmt, request):
    result = cli("export", "--format", fmt, cwd=translated)
    assert result.code == 0, result.err
    assert "0 held back" in result.out, result.out
    for doc in DOCS:
        for lang in ("en", "az", "ru"):
            path = translated / "export" / lang / f"{doc}.{fmt}"
            name = f"{lang}-{doc}.{fmt}"
            if request.config.getoption("--regen-golden", default=False):
                _regen(name, path.read_bytes())
            assert path.read_bytes() == (GOLDEN / name).read_bytes(), name


def test_html_has_lang_hreflang_utf8_and_markdown_inline(cli, translated):
    cli("export", cwd=translated)
    page = lxml.html.parse(str(translated / "export/az/eapo-eek-tovarnye-znaki-kontrafakt.html"))
    root = page.getroot()
    assert root.get("lang") == "az"
    assert root.find(".//meta[@charset]").get("charset") == "utf-8"
    hreflangs = {link.get("hreflang"): link.get("href") for link in root.iter("link")}
    assert hreflangs == {lang: f"../{lang}/eapo-eek-tovarnye-znaki-kontrafakt.html"
                         for lang in ("az", "en", "ru")}
    assert root.find(".//strong") is not None  # **bold** in the Markdown source
    assert root.find(".//a[@href='https://www.eapo.org/ru/']") is not None
    index = (translated / "export/index.html").read_text()
    assert index.count("<tr>") == 13


def test_a_translators_markup_is_text(cli, translated):
    po = translated / "locales/az/LC_MESSAGES/eapo-eek-tovarnye-znaki-kontrafakt.po"
    po_text = po.read_text()
    catalog = parse_po(po_text)
    evil = '<script>alert("x")</script> <img src=x onerror=alert()> [a](javascript:alert())'
    units = tuple(replace(u, msgstr=evil + " " + u.msgstr) if i == 3 else u
                  for i, u in enumerate(catalog.units))
    po.write_text(format_po(replace(catalog, units=units)))
    # The markup check stops added markup at the gate...
    held = cli("export", "--lang", "az", "--min-complete", "0", "--include-fuzzy", cwd=translated)
    assert "is not in the source" in held.out + held.err
    assert not (translated / "export/az/eapo-eek-tovarnye-znaki-kontrafakt.html").exists()
    # ...and when a translator silences it, the page still shows it as text, never markup.
    units = tuple(replace(u, translator_comments=u.translator_comments + ("l10n-ignore: markup",))
                  if i == 3 else u for i, u in enumerate(units))
    po.write_text(format_po(replace(catalog, units=units)))
    cli("export", "--lang", "az", "--min-complete", "0", "--include-fuzzy", cwd=translated)
    html = (translated / "export/az/eapo-eek-tovarnye-znaki-kontrafakt.html").read_text()
    root = lxml.html.fromstring(html)
    assert not root.xpath("//script") and not root.xpath("//img")
    assert not root.xpath("//a[starts-with(@href, 'javascript')]")
    assert "&lt;script&gt;" in html


def test_the_gate_holds_back_and_keeps_the_last_good_export(cli, translated):
    cli("export", cwd=translated)
    target = translated / "export/ru/kazakhstan-anti-counterfeiting-forum-2021.html"
    good = target.read_bytes()
    po = translated / "locales/ru/LC_MESSAGES/kazakhstan-anti-counterfeiting-forum-2021.po"
    catalog = parse_po(po.read_text())

    def edit(unit):
        if unit.msgid.startswith("The organizers were"):
            return replace(unit, msgstr="")                                      # missing
        if unit.msgid.startswith("The past International Forum"):
            return replace(unit, flags=("fuzzy",))                               # a draft
        if unit.msgid.startswith("The program includes 10"):
            return replace(unit, msgstr=unit.msgstr.replace("10", "12"),
                           translator_comments=())                               # an error
        return unit

    po.write_text(format_po(replace(catalog, units=tuple(edit(u) for u in catalog.units))))
    result = cli("export", cwd=translated)
    line = next(x for x in result.out.splitlines() if "kazakhstan" in x and "[ru]" in x)
    assert "85% translated (11 of 13 sentences), 100% needed" in line
    assert "1 fuzzy draft(s)" in line and "check error(s), first: line" in line
    assert "numbers" in line and "the last good export stays" in line
    assert target.read_bytes() == good
    assert "showing the last good export" in (translated / "export/index.html").read_text()
    assert cli("export", "--strict", cwd=translated).code == 1


def test_compile_matches_gnu_msgfmt_byte_for_byte(cli, translated):
    assert cli("compile", cwd=translated).code == 0
    for po in sorted(translated.glob("locales/*/LC_MESSAGES/*.po")):
        gnu = subprocess.run(["msgfmt", "-o", "-", str(po)], capture_output=True,
                             check=True).stdout
        assert po.with_suffix(".mo").read_bytes() == gnu, po.name


@needs_shared()
def test_mo_of_third_party_catalogs_matches_msgfmt():
    checked = 0
    for po in sorted((TESTDATA / "po_edgecases").glob("*.po")):
        gnu = subprocess.run(["msgfmt", "-o", "-", str(po)], capture_output=True)
        if gnu.returncode != 0:
            continue
        try:
            catalog = read_po(io.BytesIO(po.read_bytes()))
        except WorkflowError:
            continue  # an empty header: msgfmt --check refuses it too
        ours = write_mo(catalog)
        if gnu.stdout:
            assert read_mo(ours) == read_mo(gnu.stdout), po.name
        assert ours == gnu.stdout, po.name      # nothing to compile: no bytes, as msgfmt
        checked += 1
    assert checked >= 29


# --- XLIFF --------------------------------------------------------------------------------------

def _schema(path: Path) -> lxml.etree.XMLSchema:
    class Local(lxml.etree.Resolver):
        def resolve(self, url, pubid, context):
            if url.endswith("xml.xsd"):
                return self.resolve_filename(str(TESTDATA / "schemas/xml/xml.xsd"), context)
            return None

    parser = lxml.etree.XMLParser(no_network=True)
    parser.resolvers.add(Local())
    return lxml.etree.XMLSchema(lxml.etree.parse(str(path), parser))


@needs_shared()
@pytest.mark.parametrize("version, schema", [
    ("1.2", "xliff-1.2/xliff-core-1.2-strict.OASIS-original.xsd"),
    ("2.0", "xliff-2.0/xliff_core_2.0.xsd")])
def test_xliff_exports_are_valid(cli, translated, version, schema):
    cli("xliff", "export", "--version", version, cwd=translated)
    xsd = _schema(TESTDATA / "schemas" / schema)
    files = sorted(translated.glob("xliff/*/*.xlf"))
    assert len(files) == 8
    for path in files:
        assert xsd.validate(lxml.etree.parse(str(path))), (path.name, xsd.error_log)


@pytest.mark.parametrize("version", ["1.2", "2.0"])
def test_xliff_round_trip_loses_nothing_and_maps_states(cli, translated, version):
    po = translated / "locales/az/LC_MESSAGES/kazakhstan-anti-counterfeiting-forum-2021.po"
    catalog = parse_po(po.read_text())
    units = list(catalog.units)
    units[1] = replace(units[1], flags=("fuzzy",), translator_comments=("mt: argos x 1",))
    units[2] = replace(units[2], msgstr="")
    po.write_text(format_po(replace(catalog, units=tuple(units))))
    before = po.read_bytes()
    cli("xliff", "export", "--version", version, cwd=translated)
    xlf = translated / "xliff/az/kazakhstan-anti-counterfeiting-forum-2021.xlf"
    assert cli("xliff", "import", str(xlf), cwd=translated).code == 0
    assert po.read_bytes() == before  # nothing lost, nothing changed
    # A CAT tool edits: a draft is confirmed, an empty unit translated, a unit signed off.
    text = xlf.read_text()
    if version == "1.2":
        text = text.replace('state="translated">[az]', 'state="signed-off">[az]', 1)
        text = text.replace('state="needs-review-translation"', 'state="translated"', 1)
    else:
        text = re.sub(r'state="translated">(\s*<source)', r'state="final">\1', text, count=1)
        text = text.replace('state="initial" subState="l10n:draft"', 'state="translated"', 1)
    source = units[2].msgid.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
    text = text.replace(f"<source>{source}</source>",
                        f"<source>{source}</source><target>Yeni tərcümə.</target>", 1) \
        if version == "1.2" else text.replace(
            f'<source xml:space="preserve">{source}</source>',
            f'<source xml:space="preserve">{source}</source>'
            f'<target xml:space="preserve">Yeni tərcümə.</target>', 1)
    xlf.write_text(text)
    result = cli("xliff", "import", str(xlf), "--by", "CAT", cwd=translated)
    assert result.code == 0 and "updated" in result.out
    after = parse_po(po.read_text()).units
    assert after[1].state is UnitState.TRANSLATED
    assert after[2].msgstr == "Yeni tərcümə."
    assert sum(1 for u in after if u.state is UnitState.REVIEWED) >= 1


def test_importing_a_changed_source_skips_the_unit(cli, translated):
    cli("xliff", "export", cwd=translated)
    xlf = translated / "xliff/ru/kazakhstan-anti-counterfeiting-forum-2021.xlf"
    xlf.write_text(xlf.read_text().replace("<source>The program includes",
                                           "<source>The programme includes"))
    result = cli("xliff", "import", str(xlf), cwd=translated)
    assert "1 skipped (source changed since the export)" in result.out


@needs_shared()
def test_real_xliff_12_files_are_read():
    states = {}
    for path in sorted((TESTDATA / "xliff12_real").glob("*.xlf")):
        document = read_xliff(io.BytesIO(path.read_bytes()))
        units = document.files[0].units
        states[path.name] = sum(1 for u in units if u.state is UnitState.FUZZY)
        assert units and all(u.source for u in units)
    assert states["validator_validators.az.xlf"] == 13
    assert states["validator_validators.ru.xlf"] == 6


def _oasis(kind: str) -> list[Path]:
    return sorted((TESTDATA / "xliff_oasis_testsuite/core" / kind).glob("*.xlf"))


@needs_shared()
@pytest.mark.parametrize("path", _oasis("valid"), ids=lambda p: p.name)
def test_oasis_valid_xliff_is_accepted(path):
    read_xliff(io.BytesIO(path.read_bytes()))


@needs_shared()
def test_oasis_invalid_xliff_is_refused_with_a_clear_error():
    refused = 0
    for path in _oasis("invalid"):
        try:
            read_xliff(io.BytesIO(path.read_bytes()))
        except WorkflowError as exc:
            refused += 1
            assert exc.line and "\n" not in str(exc)
    assert refused == 119


def test_xml_bombs_and_external_entities_are_refused(tmp_path):
    entity = b"""<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">
<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2"><file original="x"
source-language="en" datatype="plaintext"><body><trans-unit id="1"><source>&b;</source>
</trans-unit></body></file></xliff>"""
    with pytest.raises(WorkflowError, match="declares XML entities"):
        read_xliff(io.BytesIO(entity))
    deep = b'<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2">' + \
        b"<a>" * 300 + b"</a>" * 300 + b"</xliff>"
    with pytest.raises(WorkflowError, match="not well-formed|nested"):
        read_xliff(io.BytesIO(deep))


def test_output_paths_stay_inside_the_export_folder(tmp_path):
    from workflow.export.job import output_path

    with pytest.raises(WorkflowError, match="leave the export folder"):
        output_path(tmp_path.resolve(), "ru", "../../etc/passwd", "html")


# --- TMX ----------------------------------------------------------------------------------------

def test_project_tmx_is_multilingual_valid_and_feeds_another_projects_memory(
        cli, translated, tmp_path, project):
    out = tmp_path / "project.tmx"
    assert cli("tm", "export", "-o", str(out), cwd=translated).code == 0
    data = out.read_bytes()
    if TESTDATA.is_dir():
        dtd = lxml.etree.DTD(str(TESTDATA / "schemas/tmx-1.4/tmx14.dtd"))
        assert dtd.validate(lxml.etree.fromstring(data)), dtd.error_log
    units = read_tmx(io.BytesIO(data))
    assert {len(u.variants) for u in units} == {3}  # en, az, ru in every unit
    assert {code for u in units for code, _ in u.variants} == {"en", "az", "ru"}
    assert len(units) == 22 + 13 + 24 + 22  # every distinct sentence of the four articles
    # A fresh copy of the project gets every sentence back from the memory alone.
    other = tmp_path / "other"
    other.mkdir()
    for name in ("source", "l10n.toml", "glossary.csv"):
        src = project / name
        (other / name).write_bytes(src.read_bytes()) if src.is_file() else \
            subprocess.run(["cp", "-r", str(src), str(other / name)], check=True)
    cli("extract", cwd=other)
    assert cli("tm", "import", str(out), cwd=other).code == 0
    result = cli("pretranslate", "--no-mt", cwd=other)
    assert "162 TM exact, 0 TM fuzzy, 0 MT" in result.out, result.out


def test_run_ends_with_export(cli, translated):
    result = cli("run", cwd=translated)
    assert result.code == 0
    assert result.out.index("== export") > result.out.index("== check")
    assert "translations published" in result.out


@needs_shared()
@pytest.mark.parametrize("path", [p for p in sorted(
    (TESTDATA / "xliff_oasis_testsuite/core/in-out").glob("*_in.xlf"))], ids=lambda p: p.name)
def test_oasis_in_out_inputs_are_accepted(path):
    read_xliff(io.BytesIO(path.read_bytes()))
