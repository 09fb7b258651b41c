"""Candidates: frequent multiword noun phrases the glossary lacks, inflections grouped."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from .inflect import (
    azerbaijani_keys,
    english_keys,
    fold,
    russian_morph,
    tokens,
)
from .match import FormKind, Matcher, adjacent
from .terms import Glossary

# ---------------------------------------------------------------------------------------------
# Candidates: frequent multiword terms the glossary lacks

_STOPWORDS = {
    "en": set("""a an the of and or in on at to for by with from as is are was were be been this that
        these those it its his her their our we he she they which who whom whose not no also such
        other more most than then there here has have had will would can could should may might
        must do does did said says about into over after before under between during including
        within without all any each both some many one two three new first expressed noted
        stressed said called urged presented informed reported agreed took held""".split()),
    "ru": set("""и в во не на с со к по о об от до из за для при а но же ли что как это этот эта эти
        его ее её их он она они мы вы я также так же был была были будет быть который которая
        которые года году год г т д др""".split()),
    "az": set("""və ilə üçün da də bu o bir ki üzrə olan olub edib isə həm də ən daha çox il ildə
        ili tərəfindən arasında sonra əvvəl""".split()),
}


_LINKS = {"of", "and", "и", "və"}


@dataclass(frozen=True)
class Candidate:
    lang: str
    key: tuple[str, ...]
    count: int
    example: str
    documents: int


def _canonical(word: str, lang: str) -> str:
    folded = fold(word, lang)
    if lang == "ru":
        return russian_morph().parse(folded)[0].normal_form.replace("ё", "е")
    if lang == "en":
        return min(english_keys(folded), key=len)
    keys = [k for k in azerbaijani_keys(folded) if len(k) >= 4] or [folded]
    return min(keys, key=len)


def term_candidates(texts: Iterable[tuple[str, str, str]], glossary: Glossary, *,
                    min_count: int = 2, top: int = 30) -> list[Candidate]:
    """Frequent 2-4 word phrases (inflections grouped) that no glossary term covers.

    ``texts`` are (document, lang, sentence) triples.
    """
    counts: Counter[tuple[str, tuple[str, ...]]] = Counter()
    docs: dict[tuple[str, tuple[str, ...]], set[str]] = defaultdict(set)
    examples: dict[tuple[str, tuple[str, ...]], str] = {}
    matchers: dict[str, Matcher] = {}
    for doc, lang, sentence in texts:
        matcher = matchers.setdefault(lang, Matcher(glossary, lang))
        covered = [m.span for m in matcher.find(sentence) if m.kind is FormKind.ALLOWED]
        toks = tokens(sentence)
        stop = _STOPWORDS.get(lang, set())
        for n in (2, 3, 4):
            for i in range(len(toks) - n + 1):
                window = toks[i:i + n]
                if any(not adjacent(sentence, a, b) for a, b in zip(window, window[1:])):
                    continue
                words = [fold(t.text, lang) for t in window]
                # Terms are noun phrases: function words only as "of"/"and" inside.
                if words[0] in stop or words[-1] in stop or any(
                        w.isdigit() or len(w) < 2 or (w in stop and w not in _LINKS)
                        for w in words):
                    continue
                start, end = window[0].start, window[-1].end
                if any(a <= start and end <= b for a, b in covered):
                    continue
                key = (lang, tuple(_canonical(t.text, lang) for t in window))
                counts[key] += 1
                docs[key].add(doc)
                examples.setdefault(key, sentence[start:end])
    ranked = [Candidate(lang, key, count, examples[(lang, key)], len(docs[(lang, key)]))
              for (lang, key), count in counts.items() if count >= min_count]
    # Drop a phrase that only ever occurs inside a longer candidate.
    longer = {c.key: c.count for c in ranked}
    kept = [c for c in ranked if not any(
        len(other) > len(c.key) and longer[other] == c.count and _contains(other, c.key)
        for other in longer)]
    kept.sort(key=lambda c: (-c.count, -len(c.key), c.lang, c.key))
    return kept[:top]


def _contains(longer: tuple[str, ...], shorter: tuple[str, ...]) -> bool:
    n = len(shorter)
    return any(longer[i:i + n] == shorter for i in range(len(longer) - n + 1))
