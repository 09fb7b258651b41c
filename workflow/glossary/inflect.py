"""Words and their keys: the base forms a token may be an inflection of (en, az, ru)."""

from __future__ import annotations

import enum
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

# ---------------------------------------------------------------------------------------------
# Casing and tokens

# A word: letters or digits, each maybe followed by combining marks (a translation typed or
# pasted in decomposed Unicode, NFD, is still one word per word).
_LETTER = r"\w[\u0300-\u036f]*"
_TOKEN = re.compile(rf"(?:{_LETTER})+(?:[-'’](?:{_LETTER})+)*")


def fold(text: str, lang: str) -> str:
    """Case-fold as the language does: Azerbaijani has dotted and dotless i. NFC first, so
    decomposed text (NFD) folds to the same keys."""
    text = unicodedata.normalize("NFC", text)
    if lang == "az":
        text = text.replace("İ", "i").replace("I", "ı")
    text = text.lower()
    if lang == "ru":
        text = text.replace("ё", "е")
    return text


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str


def tokens(text: str) -> list[Token]:
    return [Token(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(text)]


# ---------------------------------------------------------------------------------------------
# Keys: the base forms a token may be an inflection of

_EN_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")


def english_keys(word: str) -> set[str]:
    base = _EN_POSSESSIVE.sub("", word)
    keys = {word, base}
    if len(base) > 3:
        if base.endswith("ies"):
            keys.add(base[:-3] + "y")
        if base.endswith("es"):
            keys.add(base[:-2])
        if base.endswith("s") and not base.endswith("ss"):
            keys.add(base[:-1])
    return keys


# Azerbaijani inflectional suffixes (already case-folded), longest first within each group.
# Derivational suffixes (-çı, -lıq, -laşdır-, -lı, ...) are deliberately absent.
_AZ_SUFFIXES = sorted({
    # plural
    "lar", "lər",
    # possessive
    "ımız", "imiz", "umuz", "ümüz", "mız", "miz", "muz", "müz",
    "ınız", "iniz", "unuz", "ünüz", "nız", "niz", "nuz", "nüz",
    "ım", "im", "um", "üm", "m", "ın", "in", "un", "ün", "n",
    "ı", "i", "u", "ü", "sı", "si", "su", "sü",
    # case
    "nın", "nin", "nun", "nün", "ya", "yə", "na", "nə", "a", "ə",
    "nı", "ni", "nu", "nü", "yı", "yi", "yu", "yü",
    "da", "də", "nda", "ndə", "dan", "dən", "ndan", "ndən",
    "la", "lə", "yla", "ylə",
    # relative, equative, copula
    "dakı", "dəki", "ndakı", "ndəki", "kı", "ki", "ca", "cə", "dır", "dir", "dur", "dür",
    "tır", "tir", "tur", "tür",
}, key=lambda s: (-len(s), s))
_AZ_MAX_SUFFIXES = 4
_AZ_VOWELS = set("aıoueəiöü")


def azerbaijani_keys(word: str) -> set[str]:
    keys = {word}
    parts = re.split(r"[-'’]", word, maxsplit=1)
    if len(parts) == 2 and _az_chain(parts[1]):
        keys.add(parts[0])  # ÜƏMT-nin, Aİİ-yə
    frontier = {word}
    for _ in range(_AZ_MAX_SUFFIXES):
        next_frontier = set()
        for stem in frontier:
            for suffix in _AZ_SUFFIXES:
                if stem.endswith(suffix) and len(stem) - len(suffix) >= 2:
                    base = stem[: -len(suffix)]
                    next_frontier.add(base)
                    # Undo the consonant alternation before a vowel-initial suffix.
                    if suffix[0] in _AZ_VOWELS or suffix[0] == "y":
                        if base.endswith("y"):
                            next_frontier.add(base[:-1] + "k")
                        elif base.endswith("ğ"):
                            next_frontier.add(base[:-1] + "q")
        keys |= next_frontier
        frontier = next_frontier
    return keys


_AZ_SUFFIX_SET = frozenset(_AZ_SUFFIXES)


@lru_cache(maxsize=4096)
def _az_chain(text: str, most: int = 3) -> bool:
    """Whether ``text`` is a chain of one to ``most`` suffixes, at most nine letters in all
    (the part after an acronym's hyphen)."""
    if not text or len(text) > 9:
        return False
    if text in _AZ_SUFFIX_SET:
        return True
    return most > 1 and any(_az_chain(text[cut:], most - 1) for cut in range(1, len(text))
                            if text[:cut] in _AZ_SUFFIX_SET)


class RussianMethod(enum.Enum):
    PYMORPHY = "pymorphy3"
    SNOWBALL = "snowball"


@lru_cache(maxsize=1)
def russian_morph():
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="ru")


@lru_cache(maxsize=1)
def _snowball():
    import snowballstemmer

    return snowballstemmer.stemmer("russian")


def _russian_keys(word: str, method: RussianMethod) -> set[str]:
    keys = {word}
    if method is RussianMethod.SNOWBALL:
        keys.add(_snowball().stemWord(word))
        return keys
    for parse in russian_morph().parse(word):
        keys.add(parse.normal_form.replace("ё", "е"))
    return keys


@lru_cache(maxsize=200_000)
def token_keys(word: str, lang: str, method: RussianMethod = RussianMethod.PYMORPHY
               ) -> frozenset[str]:
    """The keys (possible base forms) of one case-folded word."""
    if lang == "az":
        return frozenset(azerbaijani_keys(word))
    if lang == "ru":
        if "-" in word:  # государств-членов: each part inflects
            parts = word.split("-")
            return frozenset({word} | {"-".join(p) for p in _product(
                [sorted(_russian_keys(x, method)) for x in parts])})
        return frozenset(_russian_keys(word, method))
    return frozenset(english_keys(word))


def _product(options: list[list[str]]) -> Iterator[tuple[str, ...]]:
    if not options:
        yield ()
        return
    for first in options[0][:4]:
        for rest in _product(options[1:]):
            yield (first, *rest)


def term_word_keys(word: str, lang: str, *, last: bool, multiword: bool,
                   method: RussianMethod) -> frozenset[str]:
    """The key a term's own word must be found under (one of them suffices)."""
    if lang == "ru":
        # A term word is in dictionary form; its lemma is what text tokens lemmatize to.
        keys = _russian_keys(word, method) if method is RussianMethod.SNOWBALL else {
            p.normal_form.replace("ё", "е") for p in russian_morph().parse(word)[:1]} | {word}
        return frozenset(keys)
    if lang == "az" and last and multiword:
        # The head of an izafet carries the possessive: "əmtəə nişanı" inflects on "nişan".
        for suffix in ("sı", "si", "su", "sü", "ı", "i", "u", "ü"):
            if word.endswith(suffix) and len(word) - len(suffix) >= 2:
                return frozenset({word, word[: -len(suffix)]})
    return frozenset({word})


