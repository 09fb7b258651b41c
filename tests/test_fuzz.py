"""Fuzzing every reader with hypothesis: random and mutated input may only raise WorkflowError,
and read -> write -> read changes nothing. A fixed budget here; fuzz/atheris_readers.py runs the
same targets under atheris for as long as you like."""

from __future__ import annotations

import io

import lxml.html
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workflow.errors import WorkflowError
from workflow.formats.glossary_csv import format_glossary, parse_glossary
from workflow.formats.po import parse_po, read_po
from workflow.formats.po_write import format_po
from workflow.formats.source import decode_source
from workflow.formats.srx import native_rules_as_srx, read_srx, write_srx
from workflow.formats.tbx import read_tbx, write_tbx
from workflow.formats.tmx import TranslationUnit, read_tmx, write_tmx
from workflow.formats.xliff import read_xliff, write_xliff
from workflow.ingest import ingest
from workflow.inline import Code
from workflow.model import Catalog, Unit

from .conftest import REPO

FUZZ = settings(max_examples=120, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
GLOSSARY_CSV = (REPO / "glossary.csv").read_text(encoding="utf-8")
SAMPLE_PO = format_po(Catalog(header=(("Content-Type", "text/plain; charset=UTF-8"),
                                      ("Language", "ru")),
                              units=(Unit(msgid="Hello «world».", msgstr="Привет, мир.",
                                          flags=("fuzzy",), previous_msgid="Hello world.",
                                          translator_comments=("mt: x",),
                                          references=("a.txt:1",)),
                                     Unit(msgid="Gone.", msgstr="Ушло.", obsolete=True))))
SAMPLES = {
    "po": SAMPLE_PO.encode(),
    "xliff12": write_xliff(parse_po(SAMPLE_PO), doc="d", source_lang="en", target_lang="ru"),
    "xliff20": write_xliff(parse_po(SAMPLE_PO), doc="d", source_lang="en", target_lang="ru",
                           version="2.0"),
    "tmx": write_tmx([TranslationUnit((("en", "Patent."), ("ru", "Патент."), ("az", "Patent.")))]),
    "tbx": write_tbx(parse_glossary("id,en,az,ru\npatent,patent,patent,патент\n")[0]),
    "srx": write_srx(native_rules_as_srx(["en"])),
}
READERS = {
    "po": lambda data: read_po(io.BytesIO(data)),
    "xliff12": lambda data: read_xliff(io.BytesIO(data)),
    "xliff20": lambda data: read_xliff(io.BytesIO(data)),
    "tmx": lambda data: read_tmx(io.BytesIO(data)),
    "tbx": lambda data: read_tbx(io.BytesIO(data)),
    "srx": lambda data: read_srx(io.BytesIO(data)),
}


def _only_our_error(reader, data: bytes) -> None:
    try:
        reader(data)
    except WorkflowError as exc:
        assert "\n" not in str(exc)


@st.composite
def mutated(draw, sample: bytes) -> bytes:
    data = bytearray(sample)
    for _ in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(["flip", "insert", "delete", "duplicate"]))
        at = draw(st.integers(0, max(0, len(data) - 1)))
        if kind == "flip" and data:
            data[at] = draw(st.integers(0, 255))
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=12))
        elif kind == "delete" and data:
            del data[at:at + draw(st.integers(1, 16))]
        else:
            data[at:at] = data[at:at + draw(st.integers(1, 40))]
    return bytes(data)


def _fuzz_reader(name: str):
    @FUZZ
    @given(data=st.one_of(mutated(SAMPLES[name]), st.binary(max_size=400)))
    def test(data):
        _only_our_error(READERS[name], data)

    test.__name__ = f"test_{name}_reader_raises_only_workflow_error"
    return test


test_po_reader = _fuzz_reader("po")
test_xliff12_reader = _fuzz_reader("xliff12")
test_xliff20_reader = _fuzz_reader("xliff20")
test_tmx_reader = _fuzz_reader("tmx")
test_tbx_reader = _fuzz_reader("tbx")
test_srx_reader = _fuzz_reader("srx")


@FUZZ
@given(text=st.text(max_size=600))
def test_glossary_csv_reader(text):
    try:
        glossary, _ = parse_glossary(GLOSSARY_CSV[:200] + text)
    except WorkflowError:
        return
    again, _ = parse_glossary(format_glossary(glossary))
    assert again == glossary


@FUZZ
@given(data=st.binary(max_size=500), kind=st.sampled_from(["text", "markdown", "html"]))
def test_source_ingest(data, kind):
    try:
        text = decode_source(data)
        ingest(text, path="fuzz", kind=kind, lang="en")
    except WorkflowError:
        pass


_po_text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
                   max_size=80)


@FUZZ
@given(units=st.lists(st.tuples(_po_text.filter(bool), _po_text, st.booleans(), st.booleans()),
                      max_size=6, unique_by=lambda u: u[0]))
def test_po_round_trip(units):
    catalog = Catalog(header=(("Content-Type", "text/plain; charset=UTF-8"),), units=tuple(
        Unit(msgid=m, msgstr=s, flags=("fuzzy",) if f else (), obsolete=o and bool(s))
        for m, s, f, o in units))
    text = format_po(catalog)
    again = parse_po(text)
    # as gettext writes them: obsolete entries last, no "fuzzy" where nothing is translated
    written = [u if u.msgstr else u.with_flag("fuzzy", False)
               for u in sorted(catalog.units, key=lambda u: u.obsolete)]
    assert list(again.units) == written and format_po(again) == text


@FUZZ
@given(pairs=st.lists(st.tuples(_po_text.filter(str.strip), _po_text.filter(str.strip)),
                      max_size=5))
def test_tmx_round_trip(pairs):
    units = [TranslationUnit((("en", a), ("ru", b))) for a, b in pairs]
    clean = [u for u in units if all(_xml_ok(t) for _, t in u.variants)]
    assert [u.variants for u in read_tmx(io.BytesIO(write_tmx(clean)))] == \
        [u.variants for u in clean]


def _xml_ok(text: str) -> bool:
    return all(c in "\t\n\r" or (0x20 <= ord(c) <= 0xD7FF) or (0xE000 <= ord(c) <= 0xFFFD)
               or ord(c) >= 0x10000 for c in text) and "\r" not in text


@FUZZ
@given(units=st.lists(st.tuples(_po_text.filter(bool), _po_text), min_size=1, max_size=4,
                      unique_by=lambda u: u[0]),
       version=st.sampled_from(["1.2", "2.0"]))
def test_writers_raise_only_workflow_error_and_xliff_round_trips(units, version):
    catalog = Catalog(units=tuple(Unit(msgid=m, msgstr=s) for m, s in units))
    try:
        data = write_xliff(catalog, doc="d", source_lang="en", target_lang="ru",
                           version=version)
    except WorkflowError:
        assert not all(_xml_ok(m) and _xml_ok(s) for m, s in units)
        return
    back = read_xliff(io.BytesIO(data)).files[0].units
    assert [(u.source, u.target or "") for u in back] == [(m, s) for m, s in units]
    try:
        write_tmx([TranslationUnit((("en", m), ("ru", s))) for m, s in units if s])
    except WorkflowError:
        pass


_CODES = (Code(1, "strong", True, (), ("**", "**")),
          Code(2, "a", True, (("href", "https://x.org/"),), ("[", "](https://x.org/)")),
          Code(3, "br", False), Code(4, "img", False, (("src", "a.png"), ("alt", "A"))))
_MARKERS = ("<strong1>", "</strong1>", "<a2>", "</a2>", '<a2 href="https://y.org/">', "<br3/>",
            "<img4/>", "<a9>", "</b1>")


@FUZZ
@given(texts=st.lists(st.lists(st.one_of(_po_text, st.sampled_from(_MARKERS)), max_size=6),
                      min_size=1, max_size=4), codes=st.booleans())
def test_publish_renderers_take_every_code_point_po_allows(texts, codes):
    """Export renders any translation a PO file can hold (control characters included), with
    any codes in any order, known or not, nested or crossed."""
    from workflow.export.localize import Localized, LocalizedBlock
    from workflow.formats.publish import render_html, render_markdown, render_text
    from workflow.model import BlockKind

    blocks = tuple(LocalizedBlock(BlockKind.TITLE if i == 0 else BlockKind.PARAGRAPH, 0,
                                  "".join(t), codes=_CODES if codes else ())
                   for i, t in enumerate(texts))
    article = Localized("d", "ru", "en", blocks, len(blocks), len(blocks), 0, 0)
    page = lxml.html.document_fromstring(render_html(article, alternates={"en": "../en/d.html"}))
    # a translation never makes an element its block's codes do not stand for
    assert not page.xpath("//article//*[not(self::strong or self::a or self::br or self::img "
                          "or self::h1 or self::h2 or self::p or self::ul or self::li)]")
    assert all(a.get("href") in ("https://x.org/", "https://y.org/")
               for a in page.xpath("//article//a"))
    render_markdown(article)
    render_text(article)


@FUZZ
@given(text=_po_text, charset=st.sampled_from(["CP1251", "KOI8-R", "ISO-8859-1", "UTF-8"]),
       crlf=st.booleans())
def test_legacy_charsets_round_trip_or_refuse_in_one_line(text, charset, crlf):
    from workflow.formats.po import read_po
    from workflow.formats.po_write import encode_po

    catalog = Catalog(header=(("Content-Type", f"text/plain; charset={charset}"),),
                      units=(Unit(msgid="x", msgstr=text),), newline="\r\n" if crlf else "\n")
    try:
        data = encode_po(catalog)
    except WorkflowError as exc:
        assert "cannot be written in this catalog's charset" in str(exc)
        assert "\n" not in str(exc)
        return
    again = read_po(io.BytesIO(data))
    assert again.units[0].msgstr == text and again.newline == catalog.newline
    assert encode_po(again) == data


@FUZZ
@given(escapes=st.lists(st.one_of(
    st.integers(0, 0x1FF).map(lambda v: f"\\{v:o}"),
    st.integers(0, 0xFFFF).map(lambda v: f"\\x{v:x}"),
    st.sampled_from(["a", "é", "\\n", "\\t", "\\\\", '\\"'])), max_size=12))
def test_po_escapes_read_or_refuse_in_one_line(escapes):
    """Octal and hex escapes are bytes: invalid UTF-8, NUL or surrogates never get through."""
    body = "".join(escapes)
    po = f'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "a"\nmsgstr "{body}"\n'
    try:
        catalog = parse_po(po)
    except WorkflowError as exc:
        assert "\n" not in str(exc)
        return
    text = catalog.units[0].msgstr
    assert "\x00" not in text and not any(0xD800 <= ord(c) <= 0xDFFF for c in text)
    text.encode("utf-8")
    assert parse_po(format_po(catalog)).units == catalog.units
