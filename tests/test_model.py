"""Merging catalogs with new templates: GNU msgmerge's guarantees, and nothing ever lost."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from workflow.merge import merge
from workflow.model import Catalog, Unit, UnitState, words


def pot(*msgids: str) -> Catalog:
    return Catalog(units=tuple(Unit(msgid=m, references=(f"a.txt:{i}",))
                               for i, m in enumerate(msgids, 1)))


def po(*pairs: tuple[str, str]) -> Catalog:
    return Catalog(header=(("Language", "ru"),),
                   units=tuple(Unit(msgid=m, msgstr=s) for m, s in pairs))


def test_unchanged_units_keep_their_translation_and_take_new_references():
    old = po(("The Agency met.", "Агентство встретилось."))
    new = merge(old, pot("Intro.", "The Agency met."))
    unit = new.find("The Agency met.")
    assert unit.msgstr == "Агентство встретилось." and unit.references == ("a.txt:2",)
    assert unit.state is UnitState.TRANSLATED
    assert new.header == old.header


def test_a_changed_sentence_gets_its_old_translation_as_fuzzy_with_previous_msgid():
    old = po(("The Agency registered five trademarks in 2021.",
              "Агентство зарегистрировало пять товарных знаков в 2021 году."))
    new = merge(old, pot("The Agency registered six trademarks in 2021."))
    unit = new.find("The Agency registered six trademarks in 2021.")
    assert unit.fuzzy and unit.previous_msgid == "The Agency registered five trademarks in 2021."
    assert unit.msgstr.startswith("Агентство")
    assert not new.obsolete  # consumed by the fuzzy match, as msgmerge does


def test_removed_translated_units_become_obsolete_and_untranslated_ones_go():
    old = po(("Gone and translated.", "Ушло."), ("Gone, never translated.", ""))
    new = merge(old, pot("Something completely different here."))
    assert [u.msgid for u in new.obsolete] == ["Gone and translated."]
    assert new.find("Gone, never translated.") is None


def test_an_obsolete_unit_comes_back_when_its_sentence_does():
    old = Catalog(units=(Unit(msgid="Back again.", msgstr="Снова.", obsolete=True),))
    new = merge(old, pot("Back again."))
    assert new.find("Back again.").msgstr == "Снова." and not new.obsolete


def test_moving_paragraphs_loses_nothing():
    old = po(("First.", "Первое."), ("Second.", "Второе."), ("Third.", "Третье."))
    new = merge(old, pot("Third.", "First.", "Second."))
    assert [(u.msgid, u.msgstr) for u in new.units] == [
        ("Third.", "Третье."), ("First.", "Первое."), ("Second.", "Второе.")]


def test_human_flags_and_comments_survive():
    old = Catalog(units=(Unit(msgid="A sentence.", msgstr="Предложение.",
                              translator_comments=("checked with the editor",),
                              flags=("fuzzy",), previous_msgid="A sentense."),))
    unit = merge(old, pot("A sentence.")).find("A sentence.")
    assert unit.translator_comments == ("checked with the editor",)
    assert unit.fuzzy and unit.previous_msgid == "A sentense."


def test_word_count():
    assert words("Azerbaijan's smart-city plan, 5.1% of GDP") == 7


# --- property: random edit sequences never lose a translation ---------------------------------

VOCAB = ["patent", "trademark", "agency", "WIPO", "Azerbaijan", "signed", "the", "a", "new",
         "law", "on", "copyright", "forum", "2021", "5.1%", "counterfeit", "goods", "report"]
sentence = st.lists(st.sampled_from(VOCAB), min_size=2, max_size=9).map(
    lambda ws: " ".join(ws).capitalize() + ".")
edit = st.one_of(
    st.tuples(st.just("replace"), st.integers(0, 50), sentence),
    st.tuples(st.just("tweak"), st.integers(0, 50), st.sampled_from(VOCAB)),
    st.tuples(st.just("delete"), st.integers(0, 50), st.just("")),
    st.tuples(st.just("insert"), st.integers(0, 50), sentence),
    st.tuples(st.just("move"), st.integers(0, 50), st.just("")),
    st.tuples(st.just("translate"), st.integers(0, 50), st.just("")),
)


def _apply(doc: list[str], op: str, at: int, arg: str) -> None:
    if op == "insert" or not doc:
        doc.insert(at % (len(doc) + 1), arg or "Fresh start.")
        return
    i = at % len(doc)
    if op == "replace":
        doc[i] = arg
    elif op == "tweak":
        doc[i] = doc[i][:-1] + " " + arg + "."
    elif op == "delete":
        del doc[i]
    elif op == "move":
        doc.append(doc.pop(i))


@settings(max_examples=150, deadline=None)
@given(start=st.lists(sentence, min_size=1, max_size=8), edits=st.lists(edit, max_size=25))
def test_no_translation_ever_vanishes(start, edits):
    doc = list(start)
    catalog = merge(Catalog(), pot(*dict.fromkeys(doc)))
    ever: set[str] = set()
    counter = 0
    for op, at, arg in edits:
        if op == "translate":
            units = list(catalog.units)
            for i, unit in enumerate(units):
                if not unit.obsolete and not unit.msgstr and (i + at) % 2 == 0:
                    counter += 1
                    units[i] = Unit(msgid=unit.msgid, msgstr=f"T{counter}",
                                    references=unit.references)
                    ever.add(f"T{counter}")
            catalog = Catalog(header=catalog.header, units=tuple(units))
            continue
        _apply(doc, op, at, arg)
        catalog = merge(catalog, pot(*dict.fromkeys(doc)))
        present = {u.msgstr for u in catalog.units}
        assert ever <= present, f"lost {ever - present} after {op}"
        assert [u.msgid for u in catalog.active] == list(dict.fromkeys(doc))
