"""Inline codes, the pure core: cutting coded text into sentences, what a translation does to the
codes, and machine translation's plain text. (Pages, export and XLIFF: test_inline_pages.py.)"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workflow import inline
from workflow.protect import transfer_codes
from workflow.segment import segment


def _en(text: str):
    return segment(text, "en")


# ---------------------------------------------------------------------------------------------
# The pure core

@pytest.mark.parametrize("text, sentences", [
    ("Read the <a1>official site</a1>. Then go.", ["Read the <a1>official site</a1>.", "Then go."]),
    # a boundary inside an element joins the sentences: half a link cannot be moved
    ("One <b1>two. Three</b1> four. Five.", ["One <b1>two. Three</b1> four.", "Five."]),
    # closing and standalone codes go with the sentence before, opening ones with the next
    ("First.<br1/>Second. <a2>Third.</a2> <em3>Fourth</em3> is.",
     ["First.<br1/>", "Second.", "<a2>Third.</a2>", "<em3>Fourth</em3> is."]),
    ("<img1/> Text here. More.", ["<img1/> Text here.", "More."]),
    ("Он сказал: <q1>Да.</q1> Потом ушёл.", ["Он сказал: <q1>Да.</q1>", "Потом ушёл."]),
])
def test_sentences_are_cut_across_codes(text, sentences):
    assert [text[a:b] for a, b in inline.split_coded(text, _en)] == sentences


def test_codes_wrapping_the_whole_block_are_the_blocks():
    assert inline.peel(" <span1><b2>One. Two.</b2></span1> ") == (
        " <span1><b2>", "One. Two.", "</b2></span1> ")
    assert inline.peel("<b1>One</b1> and <b2>two</b2>") == ("", "<b1>One</b1> and <b2>two</b2>", "")


_WORDS = st.sampled_from(["Word", "the", "U.S.", "5.1%", "Mr.", "word.", "end!", "«Да.»", "и",
                          "ok?", "x", "\u00a0", "e.g."])


@st.composite
def _coded(draw, depth=0):
    parts = []
    ids = draw(st.shared(st.just([0]), key="ids"))
    for _ in range(draw(st.integers(1, 6))):
        choice = draw(st.integers(0, 9 if depth < 3 else 5))
        if choice <= 5:
            parts.append(draw(_WORDS))
        elif choice == 6:
            ids[0] += 1
            parts.append(f"<br{ids[0]}/>")
        else:
            ids[0] += 1
            n = ids[0]
            tag = draw(st.sampled_from(["a", "b", "span", "em"]))
            parts.append(f"<{tag}{n}>{draw(_coded(depth + 1))}</{tag}{n}>")
    return "".join(p + draw(st.sampled_from([" ", "  ", "\n", ""])) for p in parts)


@settings(max_examples=300, deadline=None)
@given(text=_coded())
def test_cutting_coded_text_loses_nothing_and_never_halves_a_code(text):
    spans = inline.split_coded(text, _en)
    last = 0
    for start, end in spans:
        assert start >= last and not text[last:start].strip()     # only whitespace between
        piece = text[start:end]
        assert inline.balanced(piece), piece
        renumbered, ids = inline.renumber(piece)
        assert inline.restore(renumbered, ids) == piece
        last = end
    # everything is in a sentence, unless there is no text at all (a lone image)
    assert not text[last:].strip() or not inline.plain(text).strip()


@pytest.mark.parametrize("target, message", [
    ("Читайте <a1>отчёт</a1> и <b2>это</b2>.", None),
    ("Читайте <b2>это</b2> и <a1>отчёт</a1>.", None),                     # moved: fine
    ("Читайте отчёт</a1> и <b2>это</b2>.", "'<a1>' of the source is missing"),
    ("Читайте <a1>отчёт и <b2>это</a1></b2>.", "codes must nest"),
    ("Читайте <a1>отчёт</a1> <a1>и</a1> <b2>это</b2>.", "is there 2 times"),
    ("Читайте <a1>отчёт</a1> и <b2>это</b2><br3/>.", "'<br3/>' is not in the source"),
    ("Читайте </a1>отчёт<a1> и <b2>это</b2>.", "comes before its opening code"),
    ('Читайте <a1 href="https://x.ru/">отчёт</a1> и <b2>это</b2>.', None),  # localized link
    ('Читайте <a1 href="javascript:alert(1)">отчёт</a1> и <b2>это</b2>.', "not a web address"),
    ('Читайте <a1 class="x">отчёт</a1> и <b2>это</b2>.', "'class' cannot be set"),
])
def test_what_a_translation_does_to_the_codes(target, message):
    found = inline.problems("Read <a1>the report</a1> and <b2>this</b2>.", target)
    assert (found == []) if message is None else any(message in f for f in found), found


def test_machine_translation_reads_plain_text_and_codes_go_back_where_certain():
    assert inline.plain("Up <strong1>5,1%</strong1>.<br2/>Next") == "Up 5,1%. Next"
    assert transfer_codes("Sayı <strong1>5,1%</strong1> artıb.", "The number grew by 5,1%.") \
        == ("The number grew by <strong1>5,1%</strong1>.", [])
    assert transfer_codes("<a1>Hesabatı oxuyun.</a1>", "Read the report.")[0] == \
        "<a1>Read the report.</a1>"
    text, notes = transfer_codes("Agentliyin <a1>saytında</a1>.", "On the agency's website.")
    assert text == "On the agency's website." and "<a1>" in notes[0]


def test_a_translator_may_localize_an_address_only_where_the_element_has_one():
    assert inline.problems("See <a1>x</a1>.", 'См. <a1 href="/ru/x">x</a1>.') == []
    assert "only on <a> or <area>" in inline.problems("A <b1>x</b1>.", 'A <b1 href="/x">x</b1>.')[0]
