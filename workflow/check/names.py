"""Names across scripts: which names a source has, and whether a translation kept them. Pure.

A name survives translation kept (Kavanaugh), transliterated (Кавано, Kavano), inflected
(Кавано, Kavanonun, Иманова, İmanovun) or under the target language's own name for the place
(China = Китай = Çin, Pyongyang = Пхеньян = Pxenyan: CLDR's territory and city names through
Babel). The names of a source are its surnames (Imanov, Гусейнов, Hüseynova), names after an
initial, and, in English, capitalised words that are not everyday words: English capitalises
names, but also days, months, languages and the first word of a sentence, so a word counts as a
name only when the English dictionaries (Webster's Second and GCIDE, through ``english-words``) do not
have it in lower case, in any of its inflected forms (Rangers: ranger; Having: have).
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable
from functools import cache, lru_cache

from babel import Locale, UnknownLocaleError
from babel.dates import get_day_names, get_month_names
from rapidfuzz import process
from rapidfuzz.distance import JaroWinkler

_CYR2LAT = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
                    ["a", "b", "v", "g", "d", "e", "yo", "zh", "z", "i", "y", "k", "l", "m", "n",
                     "o", "p", "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y",
                     "", "e", "yu", "ya"]))
_LATIN_FOLD = str.maketrans({"ə": "a", "ı": "i", "ğ": "g", "ş": "sh", "ç": "ch", "ö": "o",
                             "ü": "u", "x": "kh", "q": "g", "j": "zh", "c": "dzh", "w": "v",
                             "y": "y"})


@lru_cache(maxsize=1 << 16)
def skeleton(name: str) -> str:
    """A spelling-free key for a name: Kamran İmanov, Kamran Imanov, Камран Иманов → same."""
    text = name.replace("İ", "i").replace("I", "i").lower()
    text = "".join(_CYR2LAT.get(c, c) for c in text).translate(_LATIN_FOLD)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if c.isalpha())
    text = text.replace("kh", "h").replace("dzh", "j").replace("zh", "j").replace("sh", "s")
    text = text.replace("ch", "c").replace("ts", "c").replace("y", "i").replace("e", "a")
    return re.sub(r"(.)\1+", r"\1", text)


_CONSONANT_FOLD = str.maketrans({"h": "g", "w": "v", "q": "k", "c": "k", "x": "k", "j": "d",
                                 "z": "s", "f": "v"})


@lru_cache(maxsize=1 << 16)
def consonants(word: str) -> str:
    """A word's consonants, spelled alike in Latin and Cyrillic (Baldwin = Болдуин = bldn)."""
    key = skeleton(word.replace("C", "K").replace("c", "k")).translate(_CONSONANT_FOLD)
    return re.sub(r"(.)\1+", r"\1", re.sub(r"[aeiouyv]", "", key))


# English spelling read aloud, the way Russian and Azerbaijani transliterate it:
# Kavanaugh = Кавано, Willoughby = Уиллоуби, Thomas = Томас, Chelsea = Челси, George = Джордж.
_ENGLISH_SOUNDS = (("augh", "o"), ("ough", "o"), ("gh", ""), ("ph", "f"), ("th", "t"),
                   ("ck", "k"), ("wh", "u"), ("qu", "kv"), ("x", "ks"), ("ee", "i"), ("oo", "u"),
                   ("ea", "i"), ("ay", "ei"), ("w", "u"))


@lru_cache(maxsize=1 << 14)
def _english_keys(name: str) -> tuple[str, ...]:
    """Skeletons of an English name as written and as pronounced (Ch as ch or k, G as g or j)."""
    def sounds(text: str) -> str:
        text = text.lower()
        for letters, sound in _ENGLISH_SOUNDS:
            text = text.replace(letters, sound)
        text = re.sub(r"c(?=[eiy])", "s", text).replace("c", "k")
        return re.sub(r"y$", "i", text)

    lower = name.lower()
    variants = {lower, sounds(lower), sounds(lower.replace("ch", "k")),
                sounds(re.sub(r"g(?=[eiy])", "j", lower)),
                sounds(lower.replace("h", "g")),      # the Russian tradition: Hague = Гаага
                sounds(lower.replace("eu", "ev")),    # Europa = Европа
                sounds(lower.replace("ou", "u").replace("que", "k")),   # Boutique = Butik
                sounds(lower.replace("j", "h"))}      # Junqueras = Xunkeras
    return tuple(sorted({_fold(skeleton(v)) for v in variants}))


# ---------------------------------------------------------------------------------------------
# Which words of a source are names

_SURNAME = re.compile(r"\b[A-ZƏÇĞİÖŞÜА-ЯЁ][a-zəçğıöşüа-яё]+(?:ov|ova|ev|eva|yev|yeva|in|ina|li|lı|"
                      r"zadə|zade|ski|sky|skiy|ская|ский|ова|ов|ев|ева|ин|ина)\b")
# An initial, not the last letter of an acronym ("U.S. Defense" names no one)
_INITIAL_NAME = re.compile(r"(?<![.\w])[A-ZƏÇĞİÖŞÜА-ЯЁ]\.\s?([A-ZƏÇĞİÖŞÜА-ЯЁ][\w'’-]+)")
# A capitalised English word (not an acronym, not a part of a hyphenated word)
_CAPITALISED = re.compile(r"(?<![\w'’.-])([A-Z][a-z]{3,})(?:['’]s)?(?![\w'’-])")
# Azerbaijani words end in -li/-lı (adjectives) and -in/-ın (genitive) without being surnames
_AZ_CASE_ENDING = re.compile(r"(?:l[iı]|[iı]n|[uü]n|l[əa]r[iı]n)$")
# Capitalised words the name patterns catch that are titles, not names.
_TITLES = {"captain", "president", "admiral", "general", "cardinal", "chairman", "dean"}
# English inflections, undone to find a word's dictionary form: (ending, replacement)
_ENDINGS = (("s", ""), ("es", ""), ("ies", "y"), ("ing", ""), ("ing", "e"), ("ed", ""),
            ("ed", "e"), ("ied", "y"), ("er", ""), ("ers", ""), ("ly", ""), ("ily", "y"),
            ("est", ""), ("ness", ""), ("ment", ""), ("ier", "y"), ("iest", "y"))
_IRREGULAR = {"women": "woman", "men": "man", "children": "child", "people": "person",
              "feet": "foot", "teeth": "tooth", "mice": "mouse", "geese": "goose"}


@cache
def _english_words() -> set[str]:
    """English words as the dictionaries write them ("north", "Paris")."""
    from english_words import get_english_words_set
    return get_english_words_set(["web2", "gcide"])


def _everyday(lower: str) -> bool:
    """Is this word written in lower case in the dictionaries (an everyday word, not only a
    name)? (Looked up as it is: filtering the 341,000 words first took 0.1 s a process.)"""
    return lower.islower() and lower in _english_words()


@cache
def _calendar_and_languages(lang: str) -> frozenset[str]:
    """Words a language capitalises that are not names of anyone or anywhere: days, months,
    languages (CLDR through Babel)."""
    try:
        locale = Locale.parse(lang)
    except (ValueError, UnknownLocaleError):
        return frozenset()
    words = [*locale.languages.values()]
    for width in ("wide", "abbreviated"):
        words += [*get_day_names(width, locale=locale).values(),
                  *get_month_names(width, locale=locale).values()]
    return frozenset(part.lower() for word in words for part in re.findall(r"\w+", word))


@lru_cache(maxsize=1 << 14)
def everyday_english(word: str) -> bool:
    """Is this capitalised English word also an everyday word (North, Council, Rangers)?"""
    lower = word.lower()
    lower = _IRREGULAR.get(lower, lower)
    if lower in _calendar_and_languages("en"):
        return True
    if _everyday(lower):
        return True
    for ending, replacement in _ENDINGS:
        if lower.endswith(ending) and len(lower) > len(ending) + 2:
            base = lower[:-len(ending)] + replacement
            if _everyday(base) or (base[-1:] == base[-2:-1] and _everyday(base[:-1])):
                return True
    return False


def source_names(text: str, lang: str) -> list[str]:
    """The names of a source text, in order, each once."""
    initialled = {m.group(1) for m in _INITIAL_NAME.finditer(text)}   # D. Tang is a name
    names = [m.group(0) for m in _SURNAME.finditer(text)] + sorted(initialled)
    if lang == "en":
        names += [m.group(1) for m in _CAPITALISED.finditer(text)]
    found = []
    for name in dict.fromkeys(n.removesuffix("'s").removesuffix("’s") for n in names):
        if lang == "az" and _AZ_CASE_ENDING.search(name):
            continue        # Əqli, Agentliyin: an adjective or a genitive, not a surname
        if lang == "en" and name not in initialled and everyday_english(name) and \
                not _country_or_city(name):
            continue        # Captain, Within, North, World; but Paris and Berlin are places
        if len(skeleton(name)) >= 3 and name.lower() not in _TITLES:
            found.append(name)
    return found


# ---------------------------------------------------------------------------------------------
# Whether a translation has them

@cache
def _places(lang: str) -> dict[str, str]:
    """Territory and city names → a key shared across languages (CLDR through Babel)."""
    try:
        locale = Locale.parse(lang)
    except (ValueError, UnknownLocaleError):
        return {}
    places = {name.lower(): f"territory:{code}" for code, name in locale.territories.items()}
    # English city names are the time zones' own (Asia/Pyongyang); other languages translate
    # them (Пхеньян, Pxenyan)
    zones = Locale.parse("ru").time_zones if lang == "en" else locale.time_zones
    for zone, names in zones.items():
        city = (zone.rsplit("/", 1)[-1].replace("_", " ") if lang == "en"
                else dict(names).get("city"))
        if city and "/" in zone:
            places.setdefault(city.lower(), f"city:{zone}")
    return places


def _country_or_city(name: str) -> bool:
    """A country or a city, not a region such as the World or Europe (CLDR's numeric codes)."""
    key = _places("en").get(name.lower(), "")
    return key.startswith("city:") or (key.startswith("territory:") and not key[-1].isdigit())


@cache
def _place_names(lang: str) -> dict[str, str]:
    return {key: name for name, key in _places(lang).items()}


# "European" is Europe's, "Mexicans" Mexico's: an English adjective of a place
_DEMONYM = re.compile(r"(?:ean|ian|an|ese|ish|i|ns|ans)$")


def _exonyms(name: str, src: str, tgt: str) -> list[str]:
    """What the target language calls a place the source names, or names the people of."""
    places, there = _places(src), _place_names(tgt)
    lower = name.lower()
    keys = [places[lower]] if lower in places else []
    base = _DEMONYM.sub("", lower)
    if not keys and src == "en" and len(base) >= 4 and base != lower:
        keys = [key for place, key in places.items() if place.startswith(base)][:4]
    return [there[key] for key in keys if key in there]


def _fold(key: str) -> str:
    """Sounds transliteration swaps: Rosa = Роза."""
    return key.replace("z", "s")


class Translation:
    """A translation's words, indexed once for every name looked up in it."""

    def __init__(self, text: str) -> None:
        self.text = text.lower()
        self.words = list(dict.fromkeys(re.findall(r"[\w'’]+", text)))
        self.keys = [_fold(skeleton(w)) for w in self.words]
        self.prefixes = {k[:n] for k in self.keys for n in range(3, min(len(k), 40) + 1)}
        self._consonants: set[str] | None = None

    def consonant_prefixes(self) -> set[str]:
        if self._consonants is None:
            self._consonants = {c[:3] for c in map(consonants, self.words)}
        return self._consonants

    def has_key(self, key: str) -> bool:
        stem = key[:max(3, len(key) - 2)]     # inflected forms keep the stem: Иманова, İmanovun
        if stem in self.prefixes or (len(stem) > 40 and any(k.startswith(stem) for k in self.keys)):
            return True
        if len(key) >= 5 and any(stem in k for k in self.keys):
            return True                       # Britain in Великобритания
        # spelled another way: Kavanaugh = Кавано, Ratajkowski = Ратаковски
        head = [k[:len(key) + 1] for k in self.keys if k[:1] == key[:1]]
        return bool(head) and process.extractOne(key, head, scorer=JaroWinkler.similarity,
                                                 score_cutoff=0.8) is not None


def has_name(name: str, translation: Translation, src: str, tgt: str) -> bool:
    if any(e.lower()[:max(3, len(e) - 2)] in translation.text for e in _exonyms(name, src, tgt)):
        return True
    keys = {_fold(skeleton(name))}
    if src == "en":
        keys |= set(_english_keys(name))
        keys.add(_fold(skeleton(name.replace("C", "K").replace("c", "k"))))
    if any(len(k) < 3 or translation.has_key(k) for k in keys):
        return True
    # transliteration changes vowels more than consonants: Baldwin = Болдуин
    key = consonants(name)[:3]
    return len(key) >= 3 and key in translation.consonant_prefixes()


_TARGET_CAPITALISED = re.compile(r"(?<![\w'’.-])[A-ZƏÇĞİÖŞÜА-ЯЁ][a-zəçğıöşüа-яё]+")


def _unplaced_capitals(source: Iterable[str], translation: Translation, target: str,
                       src: str, tgt: str) -> int:
    """Capitalised words inside the translation's sentences that stand for no source word we
    recognise: a name spelled in a way the matching does not know (Pyongyang = Пхеньян)."""
    count = 0
    names = list(source)[:_MAX_NAMES]
    for match in itertools.islice(_TARGET_CAPITALISED.finditer(target), 4 * _MAX_NAMES):
        before = target[:match.start()].rstrip()
        if not before or before[-1] in ".!?:;«\"“„—–-'(":
            continue
        word = Translation(match.group(0))
        if not any(has_name(name, word, src, tgt) for name in names):
            count += 1
    return count


_MAX_NAMES = 64     # a hostile source of a million capitalised words is checked in bounded time


def missing_names(source: str, target: str, src: str, tgt: str) -> list[str]:
    """The names of the source the translation does not have, in source order."""
    names = source_names(source, src)[:_MAX_NAMES]
    if not names:
        return []
    translation = Translation(target)
    missing = [n for n in names if not has_name(n, translation, src, tgt)]
    if not missing:
        return []
    capitalised = set(re.findall(r"\b[A-Z][\w'’]*", source))
    if len(missing) <= _unplaced_capitals(capitalised, translation, target, src, tgt):
        return []
    return missing


_MESSAGE = "the name '{}' is not in the translation (kept or transliterated)"
_MESSAGE_NAME = re.compile("^" + re.escape(_MESSAGE).replace(r"\{\}", "(.+)") + "$")


def missing_name_message(name: str) -> str:
    return _MESSAGE.format(name)


def name_in_message(message: str) -> str | None:
    """The name a names finding is about."""
    found = _MESSAGE_NAME.match(message)
    return found.group(1) if found else None
