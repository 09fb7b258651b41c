"""The PO reader and writer, against GNU gettext and third-party files we did not write."""

from __future__ import annotations

import io
import json
import random
import subprocess

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workflow.errors import WorkflowError
from workflow.formats.po import parse_po, read_po
from workflow.formats.po_write import format_po
from workflow.model import Catalog, Unit

from .conftest import TESTDATA, msgcat, needs_shared

MALFORMED = TESTDATA / "po_malformed"
EDGECASES = TESTDATA / "po_edgecases"


def _manifest(folder):
    if not (folder / "manifest.json").exists():
        return []
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))


REJECTED = [e["file"] for e in _manifest(MALFORMED) if e["gnu_msgfmt_check"]["exit_code"] != 0]
# Read, where msgfmt --check refuses, on purpose (README, "PO files as GNU gettext treats them"):
# an empty header, which msgmerge and msgcat read too; a project refuses it (test_bad_input).
LENIENT = {"babel_fi_BUGGY_messages.po"}
ACCEPTED = [e["file"] for e in _manifest(MALFORMED) if e["gnu_msgfmt_check"]["exit_code"] == 0]


@needs_shared()
@pytest.mark.parametrize("name", [n for n in REJECTED if n not in LENIENT])
def test_every_catalog_msgfmt_rejects_is_rejected_with_a_line(name):
    with pytest.raises(WorkflowError) as info:
        read_po(io.BytesIO((MALFORMED / name).read_bytes()))
    error = info.value
    assert error.line and error.line >= 1
    assert error.fix, "every error says how to fix it"
    assert "\n" not in str(error.at(name))


@needs_shared()
def test_the_manifest_is_what_we_think_it_is():
    assert len(REJECTED) == 26 and ACCEPTED == ["translate-toolkit_f43.tgif.fr.po"]


@needs_shared()
def test_a_real_old_catalog_with_odd_line_ends_and_charset_reads_fully():
    catalog = read_po(io.BytesIO((MALFORMED / "translate-toolkit_f43.tgif.fr.po").read_bytes()))
    assert sum(1 for u in catalog.units if u.translated) == 321


EDGE_ACCEPTED = sorted(
    p.name for p in EDGECASES.glob("*.po*")
    if p.suffix in (".po", ".pot") and p.name not in (
        # msgfmt rejects these two as well: an unescaped quote, an empty header.
        "gettext-parser_utf8-skip-escape-characters.po", "polib_test_wrap.po"))


@needs_shared()
@pytest.mark.parametrize("name", EDGE_ACCEPTED)
def test_tricky_valid_catalogs_read_and_round_trip(name):
    data = (EDGECASES / name).read_bytes()
    catalog = read_po(io.BytesIO(data))
    again = parse_po(format_po(catalog))
    assert again.units == catalog.units
    assert again.header == catalog.header


@needs_shared()
def test_previous_msgid_and_obsolete_entries_are_kept():
    catalog = read_po(io.BytesIO((EDGECASES / "polib_test_obsolete_previousmsgid.po")
                                 .read_bytes()))
    assert any(u.obsolete for u in catalog.units)
    assert any(u.previous_msgid for u in catalog.units)


@pytest.mark.parametrize("text, line, words", [
    ('msgid "a"\nmsgstr "b\n', 2, "end of line inside a string"),
    ('msgid "a"\n', 1, "missing msgstr"),
    ('msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n', 4, "duplicate message"),
    ('msgid "a"\nmsgstr "b \\q"\n', 2, "invalid escape"),
    ('msgid "a"\nmsgtsr "b"\n', 2, "unknown keyword"),
    ('msgid "a"\nmsgstr[0] "b"\n', 2, "without msgid_plural"),
    ('#~ msgid "a"\nmsgstr "b"\n', 2, "mixes obsolete"),
], ids=["eol-in-string", "missing-msgstr", "duplicate", "bad-escape", "typo", "plural",
        "obsolete-mix"])
def test_errors_name_the_line(text, line, words):
    with pytest.raises(WorkflowError) as info:
        parse_po(text)
    assert info.value.line == line
    assert words in info.value.what


def test_undecodable_bytes_name_their_line():
    data = b'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "a"\n' + b'msgstr "\xff"\n'
    with pytest.raises(WorkflowError) as info:
        read_po(io.BytesIO(data))
    assert info.value.line == 5 and "UTF-8" in info.value.what


def test_declared_charset_is_used():
    text = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=ISO-8859-15\\n"\n\n' \
           'msgid "euro"\nmsgstr "€"\n'
    catalog = read_po(io.BytesIO(text.encode("iso-8859-15")))
    assert catalog.find("euro").msgstr == "€"


# --- writing exactly as GNU gettext does -------------------------------------------------------

_WORDS = ("the of and intellectual property Ümumdünya Əqli Mülkiyyət Təşkilatının ÜƏMT-nin "
          "интеллектуальной собственности «товарный» “quoted” smart-city 2022-2026 5.1% 5,1 % "
          "(WIPO), https://www.wipo.int/about-ip/en/ info@copat.gov.az a/b — – … ... end. "
          "start? wow! ;: [x] a\"b back\\slash tab\there verylongwordwithoutanyspacesatallthat"
          "goesonandonandonandonandonandon").split(" ")


def _random_catalog(seed: int, count: int) -> Catalog:
    rng = random.Random(seed)
    units, seen = [], set()
    for _ in range(count):
        text = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(1, 40)))
        if rng.random() < 0.15:
            text += "\n" + " ".join(rng.choice(_WORDS) for _ in range(rng.randint(0, 10)))
        if text in seen:
            continue
        seen.add(text)
        units.append(Unit(
            msgid=text, msgstr=text.upper(),
            flags=("fuzzy",) if rng.random() < 0.2 else (),
            previous_msgid=text[: rng.randint(1, 90)] if rng.random() < 0.2 else None,
            extracted_comments=("paragraph 3",),
            references=tuple(f"source/en/article-{i}.txt:{i * 13}"
                             for i in range(rng.randint(0, 9)))))
    obsolete = [Unit(msgid=u.msgid + " (old)", msgstr=u.msgstr, obsolete=True)
                for u in units[:5]]
    return Catalog(header=(("Content-Type", "text/plain; charset=UTF-8"),
                           ("Language", "ru")),
                   units=tuple(units + obsolete))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_output_is_byte_identical_to_msgcat(tmp_path, seed):
    path = tmp_path / "random.po"
    path.write_text(format_po(_random_catalog(seed, 400)), encoding="utf-8")
    assert msgcat(path).decode("utf-8") == path.read_text(encoding="utf-8")


_text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
                max_size=200)


@settings(max_examples=200, deadline=None)
@given(msgid=_text.filter(bool), msgstr=_text, comment=_text.map(lambda t: " ".join(t.split())),
       fuzzy=st.booleans())
def test_any_unit_survives_write_then_read(msgid, msgstr, comment, fuzzy):
    unit = Unit(msgid=msgid, msgstr=msgstr, translator_comments=(comment,) if comment else (),
                flags=("fuzzy",) if fuzzy else ())
    catalog = Catalog(header=(("Content-Type", "text/plain; charset=UTF-8"),), units=(unit,))
    # gettext writes no "fuzzy" on an entry with nothing translated
    expected = unit if msgstr else unit.with_flag("fuzzy", False)
    assert parse_po(format_po(catalog)).units == (expected,)


def test_gnu_tools_read_our_output(tmp_path):
    path = tmp_path / "x.po"
    path.write_text(format_po(_random_catalog(9, 50)), encoding="utf-8")
    result = subprocess.run(["msgfmt", "-o", "/dev/null", str(path)], capture_output=True)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("text,expected", [
    ('msgid "a" msgstr "b"\n', [("a", "b", False)]),
    ('msgid "a"\nmsgstr "b" msgid "c" msgstr ""\n', [("a", "b", False), ("c", "", False)]),
    ('#~ msgid "o" msgstr "п"\n', [("o", "п", True)]),
    ('msgid "say \\"msgid\\" msgstr" msgstr "x"\n', [('say "msgid" msgstr', "x", False)]),
])
def test_several_keywords_on_one_line_read_as_gettext_reads_them(text, expected):
    catalog = parse_po('msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n' + text)
    assert [(u.msgid, u.msgstr, u.obsolete) for u in catalog.units] == expected


def test_a_domain_directive_is_refused_with_a_line():
    with pytest.raises(WorkflowError) as info:
        parse_po('domain "other"\nmsgid "a"\nmsgstr "b"\n')
    assert info.value.line == 1 and "domain" in str(info.value)


_WORDS = ("Агентство интеллектуальной собственности сообщило что число заявок выросло на "
          "процентов Agentlik əqli mülkiyyət ərizələrin sayı artıb WIPO patent").split()
# invisible and special characters a news text carries in from the web: zero width space, soft
# hyphen, word joiner, BOM, ZWJ, ZWNJ, thin, ideographic and narrow no-break spaces, CJK, emoji,
# combining accents, dashes and brackets
_SPECIALS = ["\u200b", "\u00ad", "\u2060", "\ufeff", "\u200d", "\u200c", "\u2009", "\u3000",
             "中文", "한국어", "😀", "\u202f", "\u00a0", "–", "—", "/", "…", "«", "»", "(", ")", "%",
             "№", "-", "\u2011", "\u2024", "\u0301", "%s", "%d"]


@pytest.mark.parametrize("seed", range(4))
def test_line_breaking_around_invisible_and_wide_characters_is_msgcats(tmp_path, seed):
    """gettext breaks lines where libunistring allows, and counts ZWSP, ZWJ, soft hyphens and
    BOMs as no column and CJK and emoji as two: 200 long strings each, against msgcat."""
    rng = random.Random(seed)
    units = []
    for i in range(200):
        parts = []
        for _ in range(rng.randint(8, 30)):
            parts += [rng.choice(_WORDS)] + ([rng.choice(_SPECIALS)] if rng.random() < 0.4 else [])
            parts.append(" " if rng.random() < 0.8 else "")
        units.append(Unit(msgid=f"m{i}", msgstr="".join(parts).strip(),
                          flags=("c-format",) if i % 5 == 0 else ()))
    catalog = Catalog(header=(("Content-Type", "text/plain; charset=UTF-8"),), units=tuple(units))
    path = tmp_path / "x.po"
    path.write_text(format_po(catalog), encoding="utf-8")
    assert msgcat(path).decode("utf-8") == path.read_text(encoding="utf-8")


def _translated(catalog: Catalog) -> bool:
    return any(u.msgstr or any(u.msgstr_plural) for u in catalog.units if not u.obsolete)


@settings(max_examples=300, deadline=None)
@given(units=st.lists(st.tuples(_text.filter(bool), st.sampled_from(["", "", "x", "\n", " "]),
                                _text.filter(bool)), max_size=6),
       newline=st.sampled_from(["\n", "\r\n"]))
def test_a_catalog_said_to_hold_no_translation_holds_none(units, newline):
    """The memory skips parsing a catalog ``may_hold_translations`` rules out: it must never
    rule out one with a translation (keywords inside strings, plural forms, CRLF)."""
    from workflow.formats.po_scan import may_hold_translations

    built = tuple(Unit(msgid=msgid, msgstr=msgstr, msgctxt=context if k % 3 == 0 else None)
                  for k, (msgid, msgstr, context) in enumerate(units))
    catalog = Catalog(header=(("Content-Type", "text/plain; charset=UTF-8"),),
                      units=tuple({(u.msgctxt, u.msgid): u for u in built}.values()))
    data = format_po(catalog).replace("\n", newline).encode("utf-8")
    if not may_hold_translations(data):
        assert not _translated(read_po(io.BytesIO(data)))
    assert may_hold_translations(data) or not any(u.msgstr for u in catalog.units)


@needs_shared()
def test_no_real_catalog_with_a_translation_is_said_to_hold_none():
    """Every PO file in the shared test data (GNU gettext's own test cases, edge cases):
    never a translated one ruled out, and the empty ones are found."""
    from workflow.formats.po_scan import may_hold_translations

    ruled_out = 0
    for path in sorted(TESTDATA.rglob("*.po*")):
        data = path.read_bytes()
        try:
            catalog = read_po(io.BytesIO(data))
        except WorkflowError:
            continue
        if not may_hold_translations(data):
            ruled_out += 1
            assert not _translated(catalog), path
    assert ruled_out >= 10
    assert may_hold_translations(b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; '
                                 b'charset=KOI8-R\\n"\n\nmsgid "a"\nmsgstr ""\n')
    assert may_hold_translations(b'msgid "a" msgstr "b"\n')
    assert may_hold_translations(b'msgid "a"\nmsgstr ""\n# note\n"b"\n')
    assert may_hold_translations(b'msgid "a"\nmsgid_plural "as"\nmsgstr[0] ""\nmsgstr[1] "b"\n')
    assert not may_hold_translations(b'msgid ""\nmsgstr ""\n"Language: ru\\n"\n\nmsgid "a"\n'
                                     b'msgstr ""\n\n#~ msgid "o"\n#~ msgstr ""\n')
