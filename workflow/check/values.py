"""Prose checks on values that must survive translation: numbers, percentages, dates, URLs, e-mails, names."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from functools import cache

from babel.dates import get_month_names
from babel.numbers import get_decimal_symbol

from .base import Pair, ProseCheck, registrar

CHECKS: dict[str, ProseCheck] = {}
check = registrar(CHECKS)


# ---------------------------------------------------------------------------------------------
# Numbers, percentages, dates

_NUMBER = re.compile(r"\d+(?:(?:[.,\u00a0\u202f]|\s(?=\d{3}(?!\d)))\d+)*")
_PERCENT = re.compile(r"(\d+(?:[.,]\d+)?)\s?%|(\d+(?:[.,]\d+)?)\s(?:процент\w*|faiz\w*|"
                      r"per\s?cent)", re.IGNORECASE)


def _numbers(text: str) -> Counter[tuple[str, ...]]:
    """Numbers as their digit groups: 5.1 and 5,1 and 5,1 % are all (5, 1); 12 345 is (12, 345)."""
    return Counter(tuple(re.findall(r"\d+", m.group(0))) for m in _NUMBER.finditer(text))


def _show(groups: tuple[str, ...]) -> str:
    return ".".join(groups) if len(groups) == 2 and len(groups[1]) != 3 else " ".join(groups)


@check("numbers", "Numbers and years kept", "error",
       "Every number and year of the source is in the translation (decimal and thousands "
       "separators may follow the target language: 5.1 = 5,1; 12,345 = 12 345).")
def check_numbers(pair: Pair) -> Iterator[str]:
    source = _numbers(_without_dates(pair.source, pair.src))
    target = _numbers(_without_dates(pair.target, pair.tgt, pair.src))
    missing = source - target
    extra = target - source
    for groups in sorted(missing):
        year = len(groups) == 1 and re.fullmatch(r"(1[89]|20)\d\d", groups[0])
        what = "year" if year else "number"
        yield f"{what} {_show(groups)} of the source is not in the translation"
    for groups in sorted(extra):
        yield f"number {_show(groups)} is in the translation but not in the source"


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


def _date_matches(text: str, lang: str) -> list[tuple[tuple[int, int, int], tuple[int, int]]]:
    """Dates with their spans: 22.06.2021, 2021-06-22, 22 June 2021, June 22, 2021, 22 июня."""
    months = _months(lang)
    words = "|".join(sorted((re.escape(m) for m in months if len(m) >= 3), key=len,
                            reverse=True))
    found = []
    for m in re.finditer(r"\b(\d{1,2})[./](\d{1,2})[./]((?:19|20)\d\d)\b", text):
        found.append(((int(m[1]), int(m[2]), int(m[3])), m.span()))
    for m in re.finditer(r"\b((?:19|20)\d\d)-(\d\d)-(\d\d)\b", text):
        found.append(((int(m[3]), int(m[2]), int(m[1])), m.span()))
    if words:
        for m in re.finditer(rf"\b(\d{{1,2}})\s+({words})\.?,?\s+((?:19|20)\d\d)", text,
                             re.IGNORECASE):
            found.append(((int(m[1]), months[m[2].lower()], int(m[3])), m.span()))
        for m in re.finditer(rf"\b({words})\.?\s+(\d{{1,2}}),?\s+((?:19|20)\d\d)", text,
                             re.IGNORECASE):
            found.append(((int(m[2]), months[m[1].lower()], int(m[3])), m.span()))
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
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


@check("urls", "Web addresses kept", "error", "Every URL of the source is in the translation, "
       "character for character.")
def check_urls(pair: Pair) -> Iterator[str]:
    for url in sorted(set(_URL.findall(pair.source)) - set(_URL.findall(pair.target))):
        yield f"the address {url} is missing or changed"


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
_INITIAL_NAME = re.compile(r"\b[A-ZƏÇĞİÖŞÜА-ЯЁ]\.\s?([A-ZƏÇĞİÖŞÜА-ЯЁ][\w'’-]+)")


def _names(text: str) -> set[str]:
    names = {m.group(0) for m in _SURNAME.finditer(text)}
    names |= {m.group(1) for m in _INITIAL_NAME.finditer(text)}
    return {n.rstrip("'’s") if n.endswith(("'s", "’s")) else n for n in names}


@check("names", "Names kept or transliterated", "warning",
       "A person's name in the source (a surname, or a name after an initial) is in the "
       "translation, kept or transliterated (Imanov, İmanov, Иманов) and possibly inflected.")
def check_names(pair: Pair) -> Iterator[str]:
    target_words = [skeleton(w) for w in re.findall(r"[\w'’-]+", pair.target)]
    for name in sorted(_names(pair.source)):
        key = skeleton(name)
        if len(key) < 3:
            continue
        stem = key[:max(3, len(key) - 2)]  # inflected forms keep the stem: Иманова, İmanovun
        if not any(w.startswith(stem) for w in target_words):
            yield f"the name '{name}' is not in the translation (kept or transliterated)"


