"""Prose checks on values that must survive translation: numbers, percentages, dates, URLs, e-mails, names."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from functools import cache, lru_cache

from babel import Locale, UnknownLocaleError
from babel.dates import get_month_names
from babel.numbers import get_decimal_symbol

from .base import Pair, ProseCheck, registrar
from .quantities import pair_up, quantities

CHECKS: dict[str, ProseCheck] = {}
check = registrar(CHECKS)


# ---------------------------------------------------------------------------------------------
# Numbers, percentages, dates

_NUMBER = re.compile(r"\d+(?:(?:[.,\u00a0\u202f]|\s(?=\d{3}(?!\d)))\d+)*")
# Every pattern that sees user text starts a match only where a token starts (the lookbehinds),
# so a long run of digits, letters or dashes is scanned once, not once per position.
_PERCENT = re.compile(r"(?<![\d.,])(\d+(?:[.,]\d+)?)\s?%|(?<![\d.,])(\d+(?:[.,]\d+)?)[\s-]"
                      r"(?:процент\w*|faiz\w*|per\s?cent)", re.IGNORECASE)


def _numbers(text: str) -> Counter[tuple[str, ...]]:
    """Numbers as their digit groups: 5.1 and 5,1 and 5,1 % are all (5, 1); 12 345 is (12, 345)."""
    return Counter(tuple(re.findall(r"\d+", m.group(0))) for m in _NUMBER.finditer(text))


def _show(groups: tuple[str, ...]) -> str:
    return ".".join(groups) if len(groups) == 2 and len(groups[1]) != 3 else " ".join(groups)


@check("numbers", "Numbers and years kept", "error",
       "Every number and year of the source is in the translation, as the same value however it "
       "is written: 5.1 = 5,1; 40,000 = 40 000; 30,000 = 30 тыс. = 30 min; six = 6; ninth = 9-cu; "
       "3 p.m. = 15:00; 10 inches = 25 cm. A number changed is an error; a number left out a "
       "warning; a number added (a conversion, an explanation) a note.")
def check_numbers(pair: Pair) -> Iterator[tuple[str, str]]:
    source = quantities(_without_dates(pair.source, pair.src), pair.src)
    target = quantities(_without_dates(pair.target, pair.tgt, pair.src), pair.tgt)
    missing, extra = pair_up(source, target)
    changed = min(len(missing), len(extra))
    for gone, came in zip(missing[:changed], extra[:changed]):
        what = "year" if re.fullmatch(r"(1[89]|20)\d\d", gone.text) else "number"
        yield f"{what} {gone.text} of the source is {came.text} in the translation", "error"
    for gone in missing[changed:]:
        what = "year" if re.fullmatch(r"(1[89]|20)\d\d", gone.text) else "number"
        yield f"{what} {gone.text} of the source is not in the translation", "warning"
    for came in extra[changed:]:
        yield f"number {came.text} is in the translation but not in the source", "info"


@check("number-format", "Numbers written as the language writes them", "info",
       "Decimal separators follow the target language (CLDR, through Babel): 5,1 in Russian "
       "and Azerbaijani, 5.1 in English.")
def check_number_format(pair: Pair) -> Iterator[str]:
    decimal = get_decimal_symbol(pair.tgt)
    other = "." if decimal == "," else ","
    for match in re.finditer(rf"(?<![\d.,])\d+\{other}\d{{1,2}}(?![\d.,])", pair.target):
        value = match.group(0)
        if re.fullmatch(r"\d{1,2}\.\d{1,2}", value) and re.search(
                rf"{re.escape(value)}\.\d{{2,4}}", pair.target):
            continue  # a date such as 22.06.2021
        yield f"'{value}' uses '{other}' as decimal separator; {pair.tgt} writes " \
              f"'{value.replace(other, decimal)}'"


@check("percentages", "Percentages kept", "error",
       "A percentage in the source is a percentage in the translation, with the same value.")
def check_percentages(pair: Pair) -> Iterator[str]:
    def values(text: str) -> Counter[str]:
        return Counter(re.sub(r"[.,]", ".", m.group(1) or m.group(2))
                       for m in _PERCENT.finditer(text))

    for value in sorted(values(pair.source) - values(pair.target)):
        yield f"{value}% of the source is not a percentage in the translation"


@cache
def _months(lang: str) -> dict[str, int]:
    names: dict[str, int] = {}
    for width in ("wide", "abbreviated"):
        for context in ("format", "stand-alone"):
            for number, name in get_month_names(width, context, locale=lang).items():
                names[name.lower().rstrip(".")] = number
    return names


_DIGIT = re.compile(r"\d")


@cache
def _month_words(lang: str) -> str:
    """The month names of a language as one regular-expression alternation, longest first
    (built once per language: rebuilding it per sentence cost 3.5M re.escape calls per 1,000
    articles)."""
    return "|".join(sorted((re.escape(m) for m in _months(lang) if len(m) >= 3), key=len,
                           reverse=True))


def _date_matches(text: str, lang: str) -> list[tuple[tuple[int, int, int], tuple[int, int]]]:
    """Dates with their spans: 22.06.2021, 2021-06-22, 22 June 2021, June 22, 2021, 22 июня."""
    months = _months(lang)
    words = _month_words(lang)
    if not _DIGIT.search(text):
        return []               # every date pattern needs a digit
    found = []
    for m in re.finditer(r"\b(\d{1,2})[./](\d{1,2})[./]((?:19|20)\d\d)\b", text):
        found.append(((int(m[1]), int(m[2]), int(m[3])), m.span()))
    for m in re.finditer(r"\b((?:19|20)\d\d)-(\d\d)-(\d\d)\b", text):
        found.append(((int(m[3]), int(m[2]), int(m[1])), m.span()))
    if words and lang in ("az", "ru"):
        found += _inflected_dates(text, months, words)
    if words:
        for m in re.finditer(rf"\b(\d{{1,2}})\s+({words})\.?,?\s+((?:19|20)\d\d)", text,
                             re.IGNORECASE):
            found.append(((int(m[1]), months[m[2].lower()], int(m[3])), m.span()))
        for m in re.finditer(rf"\b({words})\.?\s+(\d{{1,2}}),?\s+((?:19|20)\d\d)", text,
                             re.IGNORECASE):
            found.append(((int(m[2]), months[m[1].lower()], int(m[3])), m.span()))
    return found


_SUFFIX = r"(?:-?[^\W\d_]{1,4})?"


def _inflected_dates(text: str, months: dict[str, int], words: str
                     ) -> list[tuple[tuple[int, int, int], tuple[int, int]]]:
    """Azerbaijani and Russian dates whose parts carry case endings, in any order:
    "1968-ci il oktyabrın 2-də", "Sentyabrın 29-u 2018-ci ildə", "2 октября 1968 года"."""
    found = []
    for month in re.finditer(rf"(?<!\w)({words})[^\W\d_]{{0,4}}(?!\w)", text, re.IGNORECASE):
        start, end = month.span()
        day = re.search(rf"(?<![\d.,])(\d{{1,2}}){_SUFFIX}\s*$", text[max(0, start - 8):start]) \
            or re.match(rf"\s*(\d{{1,2}}){_SUFFIX}(?![\d.,])", text[end:end + 8])
        if day is None:
            continue
        window = text[max(0, start - 24):end + 30]
        year = re.search(r"(?<!\d)((?:19|20)\d\d)(?!\d)", window)
        if year is None:
            continue
        key = month.group(1).lower()
        number = months.get(key) or next((n for name, n in months.items()
                                          if key.startswith(name)), None)
        if number is None or not 1 <= int(day.group(1)) <= 31:
            continue
        found.append(((int(day.group(1)), number, int(year.group(1))),
                      (max(0, start - 24), min(len(text), end + 30))))
    return found


def _dates(text: str, lang: str) -> set[tuple[int, int, int]]:
    return {date for date, _ in _date_matches(text, lang)}


def _without_dates(text: str, *langs: str) -> str:
    """The text with its dates blanked out: the dates check compares those."""
    for lang in langs:
        for _, (start, end) in _date_matches(text, lang):
            text = text[:start] + " " * (end - start) + text[end:]
    return text


@check("dates", "Dates kept", "error",
       "A date in the source (22 June 2021, 22.06.2021, 2021-06-22) is the same day, month and "
       "year in the translation, in whatever form the language writes dates.")
def check_dates(pair: Pair) -> Iterator[str]:
    target = _dates(pair.target, pair.tgt) | _dates(pair.target, pair.src)
    for d, m, y in sorted(_dates(pair.source, pair.src) - target):
        near = [t for t in target if t[0] == d and t[2] == y]
        if near:
            yield f"the date {d:02d}.{m:02d}.{y} has month {near[0][1]} in the translation"
        else:
            yield f"the date {d:02d}.{m:02d}.{y} is not in the translation"


# ---------------------------------------------------------------------------------------------
# URLs, e-mail addresses, names

_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"«»“”]+[^\s<>\"«»“”.,;:!?)\]]")
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_DOMAIN = re.compile(r"(?<![@\w./-])(?:[A-Za-z0-9-]+\.)+(?:com|org|net|gov|edu|int|info|az|ru|"
                     r"uk|us|eu|io|tv|de|fr)(?![\w-])")


@check("urls", "Web addresses kept", "error", "Every URL of the source is in the translation, "
       "character for character.")
def check_urls(pair: Pair) -> Iterator[str]:
    for url in sorted(set(_URL.findall(pair.source)) - set(_URL.findall(pair.target))):
        yield f"the address {url} is missing or changed"
    # bare domains: "weather.com reported", "Weather.com-a əsasən"
    target = pair.target.lower()
    for domain in sorted({d.lower() for d in _DOMAIN.findall(pair.source)}):
        if domain not in target and not any(domain in u.lower() for u in _URL.findall(
                pair.source)):
            yield f"the address {domain} is missing or changed"


@check("emails", "E-mail addresses kept", "error", "Every e-mail address of the source is in "
       "the translation, character for character.")
def check_emails(pair: Pair) -> Iterator[str]:
    for email in sorted(set(_EMAIL.findall(pair.source)) - set(_EMAIL.findall(pair.target))):
        yield f"the e-mail address {email} is missing or changed"


_CYR2LAT = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
                    ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n",
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


_SURNAME = re.compile(r"\b[A-ZƏÇĞİÖŞÜА-ЯЁ][a-zəçğıöşüа-яё]+(?:ov|ova|ev|eva|yev|yeva|in|ina|li|lı|"
                      r"zadə|zade|ski|sky|skiy|ская|ский|ова|ов|ев|ева|ин|ина)\b")
# An initial, not the last letter of an acronym ("U.S. Defense" names no one)
_INITIAL_NAME = re.compile(r"(?<![.\w])[A-ZƏÇĞİÖŞÜА-ЯЁ]\.\s?([A-ZƏÇĞİÖŞÜА-ЯЁ][\w'’-]+)")
# English words the surname pattern's endings catch ("-in", "-ina") that are not names
_NOT_NAMES = {"again", "within", "certain", "captain", "britain", "main", "remain", "begin",
              "join", "origin", "domain", "terrain", "mountain", "fountain", "bargain", "cabin",
              "margin", "basin", "cousin", "robin", "satin", "protein", "vitamin", "admin",
              "plain", "explain", "contain", "obtain", "maintain", "sustain", "retain", "gain",
              "chain", "brain", "train", "rain", "pain", "vain", "twin", "skin", "spin", "thin",
              "win", "tin", "coin", "pin", "sin", "kin", "bin"}


def _names(text: str) -> set[str]:
    names = {m.group(0) for m in _SURNAME.finditer(text)}
    names |= {m.group(1) for m in _INITIAL_NAME.finditer(text)}
    return {n.rstrip("'’s") if n.endswith(("'s", "’s")) else n for n in names}


_PREFIX_MAX = 40


@check("names", "Names kept or transliterated", "warning",
       "A person's name in the source (a surname, or a name after an initial) is in the "
       "translation, kept or transliterated (Imanov, İmanov, Иманов) and possibly inflected.")
def check_names(pair: Pair) -> Iterator[str]:
    # "Лонг-Лартин", "ÜƏMT-nin": each part of a hyphenated word may carry the name
    words = list(dict.fromkeys(re.findall(r"[\w'’]+", pair.target)))
    # Every prefix (3 to _PREFIX_MAX letters) of every target word's skeleton, so that each
    # name is looked up once instead of against every word: linear in the text, however many
    # names. (A longer stem, which no real name has, is compared word by word.)
    keys = [skeleton(w) for w in words]
    prefixes = {key[:n] for key in keys for n in range(3, min(len(key), _PREFIX_MAX) + 1)}
    target_consonants: set[str] = set()    # computed once, when a name needs them
    lowered = pair.target.lower()
    for name in sorted(_names(pair.source)):
        if pair.src == "az" and _AZ_CASE_ENDING.search(name):
            continue    # Əqli, Agentliyin: an adjective or a genitive, not a surname
        key = skeleton(name)
        if len(key) < 3 or name.lower() in _TITLES or name.lower() in _NOT_NAMES:
            continue
        exonyms = _exonyms(name, pair.src, pair.tgt)
        if any(e.lower()[:max(3, len(e) - 2)] in lowered for e in exonyms):
            continue                # China = Китай = Çin (CLDR's names of the territory)
        stems = {key[:max(3, len(key) - 2)]}   # inflected forms keep the stem: Иманова, İmanovun
        if pair.src == "en":   # English c is k (Carolina = Каролина), not Azerbaijani c (dʒ)
            english = skeleton(name.replace("C", "K").replace("c", "k"))
            stems.add(english[:max(3, len(english) - 2)])
        if any(stem in prefixes if len(stem) <= _PREFIX_MAX
               else any(k.startswith(stem) for k in keys) for stem in stems):
            continue
        # transliteration changes vowels more than consonants: Baldwin = Болдуин,
        # Kavadarkov = Kvadarkov
        key4 = _consonants(name)[:4]
        if len(key4) >= 3 and not target_consonants:
            target_consonants = {c[:n] for c in map(_consonants, words) for n in (3, 4)}
        if len(key4) >= 3 and key4 in target_consonants:
            continue
        yield f"the name '{name}' is not in the translation (kept or transliterated)"


_CONSONANT_FOLD = str.maketrans({"h": "g", "w": "v", "q": "k", "c": "k", "x": "k", "j": "d",
                                 "z": "s", "f": "v"})


@lru_cache(maxsize=1 << 16)
def _consonants(word: str) -> str:
    """A word's consonants, spelled alike in Latin and Cyrillic (Baldwin = Болдуин = bldn)."""
    key = skeleton(word.replace("C", "K").replace("c", "k")).translate(_CONSONANT_FOLD)
    return re.sub(r"(.)\1+", r"\1", re.sub(r"[aeiouyv]", "", key))


# Azerbaijani words end in -li/-lı (adjectives) and -in/-ın (genitive) without being surnames
_AZ_CASE_ENDING = re.compile(r"(?:l[iı]|[iı]n|[uü]n|l[əa]r[iı]n)$")


# Capitalised words the name patterns catch that are titles, not names.
_TITLES = {"captain", "president", "admiral", "general", "cardinal", "chairman", "dean"}


@cache
def _territories(lang: str) -> dict[str, str]:
    """Territory names → code, in one language (CLDR through Babel)."""
    try:
        names = Locale.parse(lang).territories
    except (ValueError, UnknownLocaleError):
        return {}
    return {name.lower(): code for code, name in names.items()}


def _exonyms(name: str, src: str, tgt: str) -> list[str]:
    """What the target language calls a country or territory the source names."""
    code = _territories(src).get(name.lower())
    if code is None:
        return []
    try:
        return [Locale.parse(tgt).territories[code]]
    except (ValueError, UnknownLocaleError, KeyError):
        return []


