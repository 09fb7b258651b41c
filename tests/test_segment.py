"""Sentence segmentation: the samples exactly, the cases the spine promises, exact offsets."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workflow.segment import segment, sentences

from .conftest import DATA

GOLD = json.loads((DATA / "samples" / "gold.json").read_text(encoding="utf-8"))


def _lang(path: str) -> str:
    return "ru" if "/ru/" in path else "az" if "/az/" in path else "en"


SAMPLE_BLOCKS = [(path, i, block) for path, blocks in GOLD.items()
                 for i, block in enumerate(blocks)]


@pytest.mark.parametrize("path, index, block", SAMPLE_BLOCKS,
                         ids=[f"{p.rsplit('/', 1)[-1][:20]}-{i}" for p, i, _ in SAMPLE_BLOCKS])
def test_every_sample_block_splits_as_the_gold_says(path, index, block):
    assert sentences(block["text"], _lang(path)) == block["sentences"]


@pytest.mark.parametrize("lang, text, expected", [
    ("en", "Speaking at the event, D. Tang, as the former head of the Office, said so. "
           "He then presented a report.",
     ["Speaking at the event, D. Tang, as the former head of the Office, said so.",
      "He then presented a report."]),
    ("en", "K. Imanov stressed that Azerbaijan attaches importance to it. It grew by 5.1% in "
           "2022-2026.", ["K. Imanov stressed that Azerbaijan attaches importance to it.",
                          "It grew by 5.1% in 2022-2026."]),
    ("en", "She holds a Ph.D. in law from the university. Then she joined WIPO.",
     ["She holds a Ph.D. in law from the university.", "Then she joined WIPO."]),
    ("en", "See Art. 5 and No. 12 of the Treaty.", ["See Art. 5 and No. 12 of the Treaty."]),
    ("en", "“Counterfeit has a negative effect.” Smailov said so.",
     ["“Counterfeit has a negative effect.”", "Smailov said so."]),
    ("ru", "Обсуждали патенты, товарные знаки и т.д. Затем выступил К. Иманов.",
     ["Обсуждали патенты, товарные знаки и т.д.", "Затем выступил К. Иманов."]),
    ("ru", "Совещание прошло в 2023 г. в Москве. Его открыл Ю.А. Петров.",
     ["Совещание прошло в 2023 г. в Москве.", "Его открыл Ю.А. Петров."]),
    ("ru", "Согласно ст. 1484 ГК РФ, т.е. по закону, знак охраняется.",
     ["Согласно ст. 1484 ГК РФ, т.е. по закону, знак охраняется."]),
    ("az", "Seminarı Ə. Əliyev açıb. İ. Hüseynov çıxış edib.",
     ["Seminarı Ə. Əliyev açıb.", "İ. Hüseynov çıxış edib."]),
    ("az", "Quba alması, Şəki halvası və s. Onların mühafizəsi vacibdir.",
     ["Quba alması, Şəki halvası və s.", "Onların mühafizəsi vacibdir."]),
    ("az", "Ş. Məmmədova bildirib ki, ixrac 5,1% artıb!",
     ["Ş. Məmmədova bildirib ki, ixrac 5,1% artıb!"]),
], ids=["initials-en", "initials-numbers", "phd", "art-no", "quote-end", "ru-etc", "ru-year",
        "ru-st-te", "az-initials", "az-ve-s", "az-exclaim"])
def test_cases_the_spine_promises(lang, text, expected):
    assert sentences(text, lang) == expected


def test_blank_lines_always_end_a_sentence():
    assert sentences("A title without a period\n\nThe body starts here.", "en") == [
        "A title without a period", "The body starts here."]


@settings(max_examples=300, deadline=None)
@given(text=st.text(st.sampled_from(list("ab .?!…“”«»()\n\tƏİəД.Ш1")), max_size=120),
       lang=st.sampled_from(["en", "ru", "az"]))
def test_segments_are_exact_spans_separated_only_by_whitespace(text, lang):
    segs = segment(text, lang)
    position = 0
    for seg in segs:
        assert text[seg.start:seg.end] == seg.text and seg.text == seg.text.strip() and seg.text
        assert not text[position:seg.start].strip()
        position = seg.end
    assert not text[position:].strip()


_PIECES = ["The", "mark", "patent", "Агентство", "знак", "nişan", "2021", "45", ". ", ".", "!",
           "? ", ". . . ", ". . . . ", "...", "…", "[...]", "(Smith 55)", "1) ", "2) ", "1.) ",
           "2.) ", "a. ", "b. ", "• ", "⁃", "N°. ", "км/ч. ", "т. п. ", "«", "»", "“", "”", " – ",
           " ", " ", "\n", ";)", "IV. ", "§2. "]


@settings(max_examples=400, deadline=None)
@given(pieces=st.lists(st.sampled_from(_PIECES), max_size=40),
       lang=st.sampled_from(["en", "ru", "az"]))
def test_no_sentence_is_punctuation_alone(pieces, lang):
    """Whatever the enumerations, ellipses and brackets, a sentence has a word or a number in
    it (unless its whole paragraph has none), and the spans still rebuild the text."""
    text = "".join(pieces)
    segs = segment(text, lang)
    breaks = [m.start() for m in re.finditer(r"\n[ \t]*\n", text)]
    for seg in segs:
        first = max([b for b in breaks if b < seg.start], default=0)
        last = min([b for b in breaks if b >= seg.end], default=len(text))
        if any(ch.isalnum() for ch in text[first:last]):
            assert any(ch.isalnum() for ch in seg.text), (text, [s.text for s in segs])
    position = 0
    for seg in segs:
        assert text[seg.start:seg.end] == seg.text and not text[position:seg.start].strip()
        position = seg.end
    assert not text[position:].strip()


def test_dev_set_offsets_reconstruct_every_paragraph():
    for lang in ("en", "ru", "az"):
        for line in (DATA / "segment" / f"{lang}.jsonl").read_text(encoding="utf-8").splitlines():
            case = json.loads(line)
            segs = segment(case["text"], lang)
            rebuilt = "".join(case["text"][a.end:b.start] + b.text
                              for a, b in zip([type(segs[0])(0, 0, "")] + segs, segs))
            assert rebuilt == case["text"].strip(), case["id"]


def _rebuilt(text: str, lang: str) -> str:
    segs = segment(text, lang)
    out, position = [], 0
    for seg in segs:
        out.append(text[position:seg.start])
        out.append(seg.text)
        position = seg.end
    out.append(text[position:])
    return "".join(out)


@pytest.mark.parametrize("path", sorted(GOLD), ids=lambda p: p.rsplit("/", 1)[-1][:30])
def test_sample_articles_rebuild_byte_for_byte(path):
    from .conftest import REPO
    source = REPO / path if path.startswith("source/") else REPO / "source/en" / {
        "seeds/000_4b2bb6091ec2995d.txt": "wipo-dg-meets-ip-heads-imanov-speech.txt",
        "seeds/004_1c5ede94c168fbbd.txt": "kazakhstan-anti-counterfeiting-forum-2021.txt"}[path]
    text = source.read_text(encoding="utf-8")
    assert _rebuilt(text, _lang(path)) == text
