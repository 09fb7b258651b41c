"""Stage: align a published translation with its source, sentence by sentence. Pure.

Dynamic programming over sentence *beads* (1-1, 1-2, 2-1, 2-2, 1-0, 0-1), as Gale and Church
do, but a bead's cost is not length alone. What survives translation in news is scored too:
numbers (5.1 = 5,1; 12 345 = 12,345), URLs and e-mails, names and other capitalised words
compared through a transliteration skeleton (Kamran İmanov = Камран Иманов), glossary terms
found in any inflection on both sides, and question or exclamation marks. The search runs in a
band around the diagonal, so a long document costs time in proportion to its length.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..check.names import skeleton
from ..glossary import Glossary, Matcher

# -log of each bead's prior probability (Gale & Church 1993, table 5, rounded).
# Omissions are made cheaper than in their table: a newsroom's translation leaves out more. No 2-2
# beads: two 1-1 beads say the same more precisely, and a 2-2 bead hides a wrong pairing.
_PRIOR = {(1, 1): 0.12, (1, 0): 3.5, (0, 1): 3.5, (2, 1): 2.4, (1, 2): 2.4}
_VARIANCE = 6.8                 # Gale & Church's variance of the length ratio, per character
_CLOCK = re.compile(r"\b(\d{1,2})(?:[:.](\d{2}))?\s?([ap]\.?m\.?)(?!\w)", re.IGNORECASE)
_HOURS = re.compile(r"\b(\d{1,2})[:.]00\b")
_NUMBER = re.compile(r"\d+(?:[.,\u00a0\u202f ]\d{3})*(?:[.,]\d+)?")
_URL = re.compile(r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?<!\w)[@#]\w{2,}",
                  re.IGNORECASE)
_QUOTES = "«»“”„\"‘’"
_CAPITALISED = re.compile(r"(?<![\w'’])[A-ZÀ-ÖØ-ÞƏİА-ЯЁ][\w'’-]{2,}")
# Capitalised only because they start a sentence: not names.
_STARTERS = frozenset("""the this that these those there then when where what which who while with
    without within after before but and for from however his her its our their they she
    also although because during some many most more one two three four five six seven eight
    nine ten last next each other such all both according since until about among under over
    это этот эта эти тот та те там здесь после перед для при как когда где что кто который
    также однако его её их она они оно мы вы все его кроме более один два три его
    bu belə lakin amma həmçinin sonra bundan ancaq əgər çünki onun onların onlar hər bir iki
    üç""".split())
# Anchor kinds, with the weight of a match (a cost taken off) and of a miss (a cost added).
_WEIGHTS = {"numbers": (2.5, 1.2), "urls": (4.0, 2.0), "names": (2.0, 0.25), "terms": (1.5, 0.4),
            "marks": (1.2, 1.0), "cognates": (1.0, 0.0)}


@dataclass(frozen=True)
class Features:
    chars: int
    anchors: dict[str, frozenset[str]]


@dataclass(frozen=True)
class Bead:
    """Source sentence indexes aligned with target sentence indexes (either may be empty)."""

    source: tuple[int, ...]
    target: tuple[int, ...]
    score: float                # 0..1: how sure the aligner is (0 for an omission or addition)


# Russian and Azerbaijani render English h as г/q, w as в, and so on: one letter for each pair.
_NAME_FOLD = str.maketrans({"h": "g", "w": "v", "q": "k", "c": "k", "x": "k", "j": "d"})
NAME_PREFIX = 3
# Long words that look alike in both scripts (parliament = парламент, assembly = ассамблея)
COGNATE_PREFIX = 5
_LONG_WORD = re.compile(r"[^\W\d_]{6,}")


def _name_key(word: str) -> str:
    """A name's first letters, spelled alike across Latin and Cyrillic (Harlem = Гарлем)."""
    return skeleton(word).translate(_NAME_FOLD)[:NAME_PREFIX]


def _numbers(text: str) -> frozenset[str]:
    """Numbers as digit strings; clock times also as their 24-hour hour (3 p.m. = 15:00)."""
    found = set()
    for clock in _CLOCK.finditer(text):
        hour = int(clock.group(1)) % 12 + (12 if clock.group(3)[0].lower() == "p" else 0)
        found.add(str(hour))
    text = _CLOCK.sub(" ", text)
    for clock in _HOURS.finditer(text):
        found.add(str(int(clock.group(1))))
    text = _HOURS.sub(" ", text)
    found |= {re.sub(r"\D", "", n.group(0)).lstrip("0") or "0" for n in _NUMBER.finditer(text)}
    return frozenset(found)


def features(text: str, lang: str, matcher: Matcher | None = None) -> Features:
    numbers = _numbers(text)
    urls = frozenset(u.group(0).rstrip(".,;:)").lower() for u in _URL.finditer(text))
    names = frozenset(_name_key(m.group(0)) for m in _CAPITALISED.finditer(text)
                      if m.group(0).lower() not in _STARTERS and len(skeleton(m.group(0))) >= 3)
    terms = frozenset(match.term.id for match in matcher.find(text)) if matcher else frozenset()
    cognates = frozenset(skeleton(w).translate(_NAME_FOLD)[:COGNATE_PREFIX]
                         for w in _LONG_WORD.findall(text))
    marks = frozenset(ch for ch in "?!():" if ch in text)
    if any(ch in _QUOTES for ch in text) or re.search(r"(?<!\w)'|'(?!\w)", text):
        marks |= {"quote"}
    return Features(len(text.strip()), {"numbers": numbers, "urls": urls, "names": names,
                                        "terms": terms, "marks": marks,
                                        "cognates": cognates})


def _join(items: Sequence[Features]) -> Features:
    if len(items) == 1:
        return items[0]
    keys = items[0].anchors.keys()
    return Features(sum(f.chars for f in items) + len(items) - 1,
                    {k: frozenset().union(*(f.anchors[k] for f in items)) for k in keys})


def _length_cost(source_chars: int, target_chars: int, ratio: float) -> tuple[float, float]:
    """(cost, probability) that these lengths translate each other (Gale & Church)."""
    mean = (source_chars + target_chars / ratio) / 2
    if mean <= 0:
        return 0.0, 1.0
    delta = (target_chars - source_chars * ratio) / math.sqrt(_VARIANCE * mean * ratio)
    probability = max(math.erfc(abs(delta) / math.sqrt(2)), 1e-12)
    return -math.log(probability), probability


def _anchor_cost(source: Features, target: Features) -> tuple[float, float]:
    """(cost, agreement in 0..1, or -1 where neither side has anchors)."""
    cost, matched, total = 0.0, 0, 0
    for kind, (gain, loss) in _WEIGHTS.items():
        a, b = source.anchors[kind], target.anchors[kind]
        same, differ = len(a & b), len(a ^ b)
        cost += loss * differ - gain * same
        if kind == "cognates":
            continue
        matched += same
        # transliteration is approximate: a name that differs does not count against
        total += same + (differ if kind != "names" else 0)
    return cost, (matched / total if total else -1.0)


def align(source: Sequence[str], target: Sequence[str], *, src_lang: str, tgt_lang: str,
          glossary: Glossary | None = None) -> list[Bead]:
    """The best bead sequence covering both documents, in order."""
    src_matcher = Matcher(glossary, src_lang) if glossary is not None else None
    tgt_matcher = Matcher(glossary, tgt_lang) if glossary is not None else None
    sf = [features(s, src_lang, src_matcher) for s in source]
    tf = [features(t, tgt_lang, tgt_matcher) for t in target]
    n, m = len(sf), len(tf)
    if n == 0 or m == 0:
        return [Bead((i,), (), 0.0) for i in range(n)] + [Bead((), (j,), 0.0) for j in range(m)]
    ratio = max(sum(f.chars for f in tf), 1) / max(sum(f.chars for f in sf), 1)
    band = max(12, int(0.12 * max(n, m)) + abs(n - m))
    inf = float("inf")
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0

    def in_band(i: int, j: int) -> bool:
        return abs(j - i * m / n) <= band

    for i in range(n + 1):
        for j in range(m + 1):
            if (i == 0 and j == 0) or not in_band(i, j):
                continue
            best, step = inf, None
            for di, dj in _PRIOR:
                pi, pj = i - di, j - dj
                if pi < 0 or pj < 0 or cost[pi][pj] == inf:
                    continue
                c = cost[pi][pj] + _bead_cost(sf[pi:i], tf[pj:j], ratio)[0]
                if c < best:
                    best, step = c, (di, dj)
            cost[i][j], back[i][j] = best, step
    beads: list[Bead] = []
    i, j = n, m
    while i > 0 or j > 0:
        step = back[i][j]
        if step is None:                # outside the band: cannot happen with a full band
            raise ValueError("no alignment inside the band")
        di, dj = step
        score = _bead_cost(sf[i - di:i], tf[j - dj:j], ratio)[1]
        beads.append(Bead(tuple(range(i - di, i)), tuple(range(j - dj, j)), score))
        i, j = i - di, j - dj
    beads.reverse()
    return beads


def _bead_cost(source: Sequence[Features], target: Sequence[Features], ratio: float
               ) -> tuple[float, float]:
    """(cost, score in 0..1) of aligning these source sentences with these target ones."""
    prior = _PRIOR[(len(source), len(target))]
    if not source or not target:
        return prior, 0.0
    s, t = _join(source), _join(target)
    length, probability = _length_cost(s.chars, t.chars, ratio)
    anchors, agreement = _anchor_cost(s, t)
    score = probability if agreement < 0 else 0.4 * probability + 0.6 * agreement
    return prior + length + anchors, round(score, 3)


def document_score(beads: Sequence[Bead]) -> float:
    """How well two documents align as a whole: the mean score of their sentence pairs,
    omissions and additions counting as 0. A translation of another article scores low."""
    sizes = [max(len(b.source), len(b.target)) for b in beads]
    return sum(b.score * k for b, k in zip(beads, sizes)) / sum(sizes) if beads else 0.0


#: A pair of documents is taken for an article and its translation unless both say otherwise:
#: the mean score is low AND aligning the translation in reverse order scores nearly as well.
#: On the NTREX development documents (122 true pairs, 366 pairs of different articles, en-ru
#: and en-az) this refuses no true pair and lets 13 of 366 wrong ones through.
MIN_DOCUMENT_SCORE = 0.45
MIN_ORDER_GAIN = 0.12


def looks_aligned(source: Sequence[str], target: Sequence[str], beads: Sequence[Bead], *,
                  src_lang: str, tgt_lang: str, glossary: Glossary | None = None
                  ) -> tuple[bool, float, float]:
    """(plausible, document score, gain over the target's reverse order)."""
    score = document_score(beads)
    if score >= MIN_DOCUMENT_SCORE:
        return True, score, 1.0
    reverse = document_score(align(source, list(target)[::-1], src_lang=src_lang,
                                   tgt_lang=tgt_lang, glossary=glossary))
    gain = score - reverse
    return gain >= MIN_ORDER_GAIN, score, gain
