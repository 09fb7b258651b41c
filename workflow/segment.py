"""Stage: text → sentences, with exact offsets into the text.

A rule engine, one compiled pattern per language. A candidate boundary is a run of sentence-final
punctuation (``.``, ``!``, ``?``, ``…``) with any closing quotes or brackets after it, followed by
whitespace. Whether a candidate is a boundary depends on the word before it (an abbreviation? an
initial? a list number at the start of a paragraph?) and on what follows (a lowercase letter means
the sentence goes on). Blank lines always end a sentence.

Segments are half-open spans ``[start, end)``; everything between two segments is whitespace, so
joining the segments with the original whitespace gives the text back byte for byte.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from .model import Segment

# Abbreviations that are never the end of a sentence: titles and words that always have something
# after them ("Dr. Tang", "ст. 1226", "No. 5"). Lowercase, without the final period.
_NEVER_FINAL = {
    "en": """mr mrs ms dr prof sr jr st mt gen col lt sgt capt cmdr adm gov sen rep hon rev messrs
        no nos art arts sec secs para paras p pp ch chap fig figs vol vols ed eds op cit ibid
        e.g i.e cf vs approx ca dept est jan feb mar apr jun jul aug sep sept oct nov dec
        mon tue wed thu fri sat sun ph.d m.a b.a m.sc b.sc ll.m ll.b reg""",
    "ru": """г-н г-жа гр тов проф акад доц чл.-корр канд докт д-р им ул пр просп пер пл д корп
        кв стр ст ч п пп абз гл разд подп ср см рис табл прил т тт вып изд ред сост
        янв фев февр мар апр авг сент окт нояб дек р руб тыс млн млрд коп тел""",
    "az": """prof dos akad ak b.e.d h.ü.f.d f.e.d səh bənd mad mən küç pr
        yan fev mar apr may iyn iyl avq sen okt noy dek tel""",
}
# Abbreviations that may end a sentence: a capital after them starts a new one ("... и т.д. Далее").
_MAY_END = {
    "en": ["etc", "inc", "ltd", "co", "corp", "plc", "llc", "bros", "u.s", "u.k", "u.n", "e.u",
           "a.m", "p.m", "et al"],
    "ru": ["т.д", "т.п", "т.е", "т.к", "т.н", "и др", "и пр", "гг", "г", "в", "вв", "н.э",
           "млн", "млрд", "тыс", "руб"],
    "az": ["və s", "və b", "və ş.k", "mln", "mlrd", "min", "man", "e.ə"],
}
_INITIAL_LETTERS = "A-ZА-ЯЁƏİŞÇÖÜĞIÂ"

# Closing quotes and brackets that belong to the sentence they close.
_CLOSERS = "\"'”’»)]}"
_OPENERS = "\"'“‘«„([{"
_CANDIDATE = re.compile(
    rf"(?P<end>(?:[.!?…]+|\.\.\.)[{re.escape(_CLOSERS)}]*)(?P<space>\s+)")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
_LIST_NUMBER = re.compile(r"(?:^|\n)[ \t]*(?:\d{1,3}|[a-zA-Zа-яА-Я])\.$")
_WORD_BEFORE = re.compile(r"([\w.\-]+)$")


@dataclass(frozen=True)
class Rules:
    """One language's segmentation rules."""

    lang: str
    never_final: frozenset[str]
    may_end: frozenset[str]
    # Multi-word abbreviations ("və s", "и др"), matched against the text before the period.
    phrases_never: tuple[str, ...]
    phrases_may_end: tuple[str, ...]


def _split(words: str) -> list[str]:
    return [w.strip().lower() for w in words.split() if w.strip()]


@lru_cache(maxsize=None)
def _rules_for(lang: str, extra: tuple[str, ...] = ()) -> Rules:
    base = lang.split("_")[0].split("-")[0]
    never = _split(_NEVER_FINAL.get(base, _NEVER_FINAL["en"]))
    never += [a.lower().rstrip(".") for a in extra]
    may_end = _MAY_END.get(base, _MAY_END["en"])
    return Rules(
        lang=base,
        never_final=frozenset(w for w in never if " " not in w),
        may_end=frozenset(w for w in may_end if " " not in w),
        phrases_never=tuple(w for w in never if " " in w),
        phrases_may_end=tuple(w for w in may_end if " " in w),
    )


def rules(lang: str, *, abbreviations: Iterable[str] = ()) -> Rules:
    """The rules for a language, plus a project's own abbreviations (never sentence-final)."""
    return _rules_for(lang, tuple(sorted(abbreviations)))


def _is_boundary(text: str, start: int, end: int, after: int, rules_: Rules,
                 block_start: int) -> bool:
    """Decide the candidate ``text[start:end]`` (punctuation + closers), followed by whitespace
    up to ``after``."""
    mark = text[start:end].rstrip(_CLOSERS)
    following = text[after:after + 1]
    if not following:
        return True
    # A blank line always ends the sentence.
    if "\n" in text[end:after] and _PARAGRAPH_BREAK.search(text[end - 1:after + 1]):
        return True
    lowercase_next = following.islower()
    if "!" in mark or "?" in mark:
        return not lowercase_next
    if mark in ("...", "…") or mark.endswith("..") or mark.endswith("…"):
        return not lowercase_next and following not in ",;:"
    # A single period.
    if lowercase_next or following in ",;:":
        return False
    before = text[block_start:start]
    word_match = _WORD_BEFORE.search(before)
    word = word_match.group(1) if word_match else ""
    if not word:
        return True
    lower = word.lower().lstrip("-")
    # A list number or letter at the start of a paragraph or line: "1. Introduction".
    if _LIST_NUMBER.search(text[block_start:start + 1].rstrip(".") + ".") and (
            len(word) <= 3 and (word.isdigit() or len(word) == 1)):
        head = text[block_start:start - len(word)]
        if not head.strip() or head.rstrip(" \t").endswith("\n"):
            return False
    # Initials: one capital letter ("D. Tang"), or a chain of them ("J. R. R.", "Ю.А.").
    if re.fullmatch(rf"(?:[{_INITIAL_LETTERS}]\.)*[{_INITIAL_LETTERS}]", word):
        return False
    # Multi-word abbreviations first: "və s." is not the never-final "s.".
    lowered = before.lower()
    for phrase in rules_.phrases_never:
        if lowered.endswith(phrase) and _word_start(before, len(phrase)):
            return False
    for phrase in rules_.phrases_may_end:
        if lowered.endswith(phrase) and _word_start(before, len(phrase)):
            return _starts_sentence(following)
    if lower in rules_.never_final:
        return False
    if lower in rules_.may_end:
        return _starts_sentence(following)
    return True


def _word_start(before: str, length: int) -> bool:
    prefix = before[:-length]
    return not prefix or not prefix[-1].isalnum()


def _starts_sentence(ch: str) -> bool:
    return ch.isupper() or ch in _OPENERS or ch in "—–-"


def segment(text: str, lang: str, *, abbreviations: Iterable[str] = ()) -> list[Segment]:
    """Split ``text`` into sentences with their offsets."""
    rules_ = rules(lang, abbreviations=abbreviations)
    segments: list[Segment] = []
    for block_start, block_end in _blocks(text):
        start = block_start
        for match in _CANDIDATE.finditer(text, block_start, block_end):
            end = match.end("end")
            after = match.end("space")
            if after >= block_end:
                continue
            if _is_boundary(text, match.start("end"), end, after, rules_, start):
                segments.append(Segment(start, end, text[start:end]))
                start = after
        tail_end = block_end
        while tail_end > start and text[tail_end - 1].isspace():
            tail_end -= 1
        if tail_end > start:
            segments.append(Segment(start, tail_end, text[start:tail_end]))
    return segments


def _blocks(text: str) -> list[tuple[int, int]]:
    """Spans of the paragraphs of ``text`` (separated by blank lines), without outer whitespace."""
    spans: list[tuple[int, int]] = []
    position = 0
    for match in list(_PARAGRAPH_BREAK.finditer(text)) + [None]:
        stop = match.start() if match else len(text)
        chunk = text[position:stop]
        stripped_start = position + (len(chunk) - len(chunk.lstrip()))
        stripped_end = position + len(chunk.rstrip())
        if stripped_end > stripped_start:
            spans.append((stripped_start, stripped_end))
        if match:
            position = match.end()
    return spans


def sentences(text: str, lang: str, *, abbreviations: Iterable[str] = ()) -> list[str]:
    return [s.text for s in segment(text, lang, abbreviations=abbreviations)]


def normalize_space(text: str) -> str:
    """Fold whitespace runs to one space: how a sentence reads in a PO file."""
    return " ".join(text.split())


def project_abbreviations(config: Mapping[str, Iterable[str]], lang: str) -> tuple[str, ...]:
    return tuple(config.get(lang, ()))
