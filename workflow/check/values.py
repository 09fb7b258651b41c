"""Prose checks on values that must survive translation: numbers, percentages, dates, URLs, e-mails, names."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from functools import cache

from babel.dates import get_month_names
from babel.numbers import get_decimal_symbol

from .base import Pair, ProseCheck, registrar
from .names import missing_name_message, missing_names
from .quantities import Quantity, pair_up, quantities

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
    pairing = pair_up(source, target)
    missing, extra = pairing.missing, pairing.extra
    changed = min(len(missing), len(extra))
    changes = list(zip(missing[:changed], extra[:changed]))
    missing, extra = missing[changed:], extra[changed:]
    # an aside that lost its number may have had it changed: "(September 29)" = "(Sentyabrın
    # 28-i)", or written out of its brackets: "В субботу, 69-го сентября"
    asides = pairing.missing_asides
    for others in (pairing.extra_asides, extra):
        n = min(len(asides), len(others))
        changes += zip(asides[:n], others[:n])
        asides = asides[n:]
        if others is extra:
            extra = extra[n:]
    for gone, came in changes:
        yield f"{_what(gone)} {gone.text} of the source is {came.text} in the translation", "error"
    for gone in missing:
        yield f"{_what(gone)} {gone.text} of the source is not in the translation", "warning"
    for came in extra:
        yield f"number {came.text} is in the translation but not in the source", "info"


def _what(quantity: Quantity) -> str:
    return "year" if re.fullmatch(r"(1[89]|20)\d\d", quantity.text) else "number"


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


def _month_key(word: str, months: dict[str, int]) -> str:
    """The month table's key for a month name the pattern matched case-insensitively:
    "İYUL".lower() is "i̇yul" (i and a combining dot), and "IYUL" is "iyul" in the table."""
    key = word.lower()
    return key if key in months else key.replace("\u0307", "")


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
            found.append(((int(m[1]), months[_month_key(m[2], months)], int(m[3])), m.span()))
        for m in re.finditer(rf"\b({words})\.?\s+(\d{{1,2}}),?\s+((?:19|20)\d\d)", text,
                             re.IGNORECASE):
            found.append(((int(m[2]), months[_month_key(m[1], months)], int(m[3])), m.span()))
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
        key = _month_key(month.group(1), months)
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


@check("names", "Names kept or transliterated", "warning",
       "A name in the source (a person, place or organisation: a surname, a name after an "
       "initial, or, in English, a capitalised word that is not an everyday word) is in the "
       "translation, kept, transliterated (Imanov, İmanov, Иманов; Kavanaugh, Кавано) or under "
       "the target language's own name for it (China, Китай, Çin; Pyongyang, Пхеньян), possibly "
       "inflected. A translation with more capitalised words it cannot place than names missing "
       "is given the benefit of the doubt.")
def check_names(pair: Pair) -> Iterator[str]:
    for name in missing_names(pair.source, pair.target, pair.src, pair.tgt):
        yield missing_name_message(name)

