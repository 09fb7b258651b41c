"""A catalog's header is the translator's once it exists: no library upgrade and no re-run of
extract changes a byte of it (issue 13)."""

from __future__ import annotations

import string
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import workflow.locales as locales
from workflow.check.runner import CatalogInput, run_checks
from workflow.extract.template import update, update_with_notes
from workflow.formats.po import parse_po
from workflow.formats.po_write import format_po
from workflow.locales import cldr_plural_forms, plural_disagreement, plural_forms
from workflow.model import Catalog, Unit
from workflow.project import Project

REPO = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 1, 1, tzinfo=UTC)
COMMITTED = sorted(REPO.glob("locales/*/LC_MESSAGES/*.po"))


def _read(path: Path) -> Catalog:
    return parse_po(path.read_text(encoding="utf-8"))


def _template_for(path: Path) -> Catalog:
    return _read(REPO / "locales/templates" / f"{path.stem}.pot")


@pytest.mark.parametrize("path", COMMITTED, ids=lambda p: f"{p.parent.parent.name}/{p.stem}")
def test_committed_headers_survive_extract_byte_for_byte(path):
    """Write each committed catalog through today's code: the header text is unchanged."""
    existing = _read(path)
    updated = update(existing, _template_for(path), lang=path.parent.parent.name, now=NOW)
    assert updated.header == existing.header
    assert format_po(updated).split("\n\n", 1)[0] == path.read_text().split("\n\n", 1)[0]


@pytest.mark.parametrize("path", COMMITTED, ids=lambda p: f"{p.parent.parent.name}/{p.stem}")
def test_a_new_catalog_gets_the_committed_plural_forms(path):
    """A catalog created today says what the committed one says, whatever Babel spells."""
    lang = path.parent.parent.name
    created = update(None, _template_for(path), lang=lang, now=NOW)
    assert created.header_value("Plural-Forms") == _read(path).header_value("Plural-Forms")


@pytest.fixture(params=["older", "newer"])
def other_babel(request, monkeypatch):
    """Babel's CLDR plural data as another release spells it (same meaning, other text)."""
    spelled = {
        "older": {"ru": "(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
                        "(n%100<10 || n%100>=20) ? 1 : 2)", "az": "(n != 1)", "en": "(n != 1)"},
        "newer": {"ru": "n % 10 == 1 && n % 100 != 11 ? 0 : n % 10 >= 2 && n % 10 <= 4 && "
                        "(n % 100 < 12 || n % 100 > 14) ? 1 : 2", "az": "n != 1", "en": "n != 1"},
    }[request.param]
    real = locales.get_plural

    class Spelled:
        def __init__(self, loc):
            self.num_plurals = real(loc).num_plurals
            self.plural_expr = spelled.get(loc.language, real(loc).plural_expr)

    monkeypatch.setattr(locales, "get_plural", Spelled)
    return spelled


def test_extract_keeps_headers_under_another_babel_spelling(other_babel, tmp_path):
    """The reproduction of the bug: with another Babel's formula text, nothing is rewritten."""
    import shutil

    for name in ("source", "locales", "glossary.csv", "l10n.toml"):
        src = REPO / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, tmp_path / name)
    project = Project.open(tmp_path)
    from workflow.extract.job import plan_extract

    assert "n %" in cldr_plural_forms("ru") or "n%100<10" in cldr_plural_forms("ru")

    report = plan_extract(project)
    assert report.changed == ()
    assert report.notes == ()


@pytest.mark.parametrize("lang", ["az", "ru", "en"])
def test_plural_forms_spellings_agree_in_meaning(lang):
    assert plural_disagreement(plural_forms(lang), lang) is None
    assert plural_disagreement(cldr_plural_forms(lang), lang) is None


@pytest.mark.parametrize("lang,value,why", [
    ("ru", "nplurals=3; plural=(n%10==1 ? 0 : n%10<5 ? 1 : 2);", "for n=0"),
    ("ru", "nplurals=2; plural=(n != 1);", "nplurals=2"),
    ("az", "nplurals=1; plural=0;", "nplurals=1"),
    ("az", "nplurals=2; plural=(n > 1);", "for n=0"),
    ("en", "nplurals=2; plural=(n == 1);", "for n=0"),
    ("en", "nplurals=2; plural=n/0;", "divides by zero"),
    ("ru", "nplurals=3; plural=__import__('os');", "cannot be read"),
])
def test_plural_forms_disagreeing_in_meaning_is_named(lang, value, why):
    assert why in plural_disagreement(value, lang)


def _catalog(lang: str, plural_forms_value: str | None, *, extra=()) -> Catalog:
    header = [("Project-Id-Version", "p"), ("Language", lang),
              ("Content-Type", "text/plain; charset=UTF-8")]
    if plural_forms_value is not None:
        header.append(("Plural-Forms", plural_forms_value))
    return Catalog(header=tuple(header) + tuple(extra),
                   units=(Unit(msgid="Patent.", msgstr="Patent."),))


def _pot() -> Catalog:
    return Catalog(header=(("Project-Id-Version", "p"), ("X-Source-Language", "en")),
                   units=(Unit(msgid="Patent."),))


@pytest.mark.parametrize("lang,value,note", [
    ("ru", None, "was missing"),
    ("ru", "nplurals=2; plural=(n != 1);", "nplurals=2"),
    ("az", "nplurals=3; plural=(n%3);", "nplurals=3"),
])
def test_extract_sets_a_missing_or_wrong_sized_plural_forms_and_says_so(lang, value, note):
    updated, notes = update_with_notes(_catalog(lang, value), _pot(), lang=lang, now=NOW)
    assert updated.header_value("Plural-Forms") == plural_forms(lang)
    assert len(notes) == 1 and note in notes[0]


@pytest.mark.parametrize("lang", ["ru", "az", "en"])
def test_check_reports_a_plural_forms_of_another_meaning(lang):
    wrong = {"ru": "nplurals=3; plural=(n%10==1 ? 0 : 1);", "az": "nplurals=2; plural=(n>1);",
             "en": "nplurals=2; plural=(n==1);"}[lang]
    catalog = _catalog(lang, wrong)
    # extract leaves it (right number of forms) and check names it
    updated, notes = update_with_notes(catalog, _pot(), lang=lang, now=NOW)
    assert updated.header_value("Plural-Forms") == wrong and notes == ()
    report = run_checks([CatalogInput("x.po", catalog, "en", lang)])
    assert [f.check for f in report.findings] == ["plural-forms"]
    assert report.findings[0].severity == "warning"
    fine = run_checks([CatalogInput("x.po", _catalog(lang, cldr_plural_forms(lang)), "en", lang)])
    assert fine.findings == []
    silenced = run_checks([CatalogInput("x.po", catalog, "en", lang)], disabled=("plural-forms",))
    assert silenced.findings == []


_field_name = st.text(string.ascii_letters + "-", min_size=1, max_size=12).filter(
    lambda n: n.lower() not in {"plural-forms", "language", "content-type", "mime-version",
                                "content-transfer-encoding", "project-id-version",
                                "x-source-language"})
_field_value = st.text(string.ascii_letters + string.digits + " <>@.,;=()%!?:|&-", max_size=40)
_spelled = st.sampled_from([
    "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
    "(n%100<10 || n%100>=20) ? 1 : 2);",
    "nplurals=3; plural=n % 10 == 1 && n % 100 != 11 ? 0 : n % 10 >= 2 && n % 10 <= 4 && "
    "(n % 100 < 12 || n % 100 > 14) ? 1 : 2;",
    "nplurals=3; plural=(n%10==1 ? 0 : 1);",     # wrong meaning: check's business, kept
    "nplurals=3;plural=0",
])


@settings(max_examples=150, deadline=None)
@given(fields=st.lists(st.tuples(_field_name, _field_value), max_size=6,
                       unique_by=lambda kv: kv[0].lower()),
       spelled=_spelled)
def test_extract_is_idempotent_over_any_existing_header(fields, spelled):
    """Whatever a translator's tool left in the header, extract keeps it, and a second run
    changes nothing at all."""
    on_disk = format_po(_catalog("ru", spelled, extra=(
        ("MIME-Version", "1.0"), ("Content-Transfer-Encoding", "8bit"),
        ("X-Source-Language", "en"), *fields)).with_header(()))
    first = format_po(update(parse_po(on_disk), _pot(), lang="ru", now=NOW))
    assert first.split("\n\n", 1)[0] == on_disk.split("\n\n", 1)[0]
    again = format_po(update(parse_po(first), _pot(), lang="ru", now=NOW))
    assert again == first
    reread = parse_po(first)
    assert reread.header_value("Plural-Forms") == spelled
    for name, value in fields:
        assert reread.header_value(name) == value.strip() or reread.header_value(name) == value


@pytest.mark.parametrize("lang,value", [
    ("fr", "nplurals=2; plural=(n > 1);"), ("ca", "nplurals=2; plural=(n != 1);"),
    ("es", "nplurals=2; plural=n != 1;"), ("it", "nplurals=2; plural=(n != 1);"),
])
def test_the_gettext_two_form_rule_is_not_a_disagreement(lang, value):
    """CLDR 42 added a compact-notation 'many' form to these languages; every PO tool keeps two
    forms, so neither check nor extract objects to them (a real mistake still is one)."""
    assert plural_disagreement(value, lang) is None
    updated, notes = update_with_notes(_catalog(lang, value), _pot(), lang=lang, now=NOW)
    assert updated.header_value("Plural-Forms") == value and notes == ()
    assert plural_disagreement("nplurals=2; plural=(n == 1);", lang) is not None
