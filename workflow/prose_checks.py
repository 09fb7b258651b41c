"""Quality checks for prose translations: plain functions with a stable code each.

A check receives a ``Pair`` (source and translation with their languages) and yields messages a
translator understands. ``CHECKS`` lists them all with their title and severity; the project
can turn checks off, and one unit can silence one check (see ``silenced``). Checks that need the
whole project (one source translated two ways) live in ``check.py``.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache

from babel.dates import get_month_names
from babel.numbers import get_decimal_symbol

from .model import Unit
from .segment import segment


@dataclass(frozen=True)
class Pair:
    source: str
    target: str
    src: str
    tgt: str

    @cached_property
    def source_sentences(self) -> int:
        return len(segment(self.source, self.src))

    @cached_property
    def target_sentences(self) -> int:
        return len(segment(self.target, self.tgt))


@dataclass(frozen=True)
class ProseCheck:
    code: str
    title: str
    severity: str
    description: str
    run: Callable[[Pair], Iterable[str]]


CHECKS: dict[str, ProseCheck] = {}


def check(code: str, title: str, severity: str, description: str):
    def register(fn: Callable[[Pair], Iterable[str]]) -> Callable[[Pair], Iterable[str]]:
        CHECKS[code] = ProseCheck(code, title, severity, description, fn)
        return fn
    return register


# ---------------------------------------------------------------------------------------------
# Silencing one check on one unit

SILENCE_FLAG = "l10n-ignore-"
_SILENCE_COMMENT = re.compile(r"^\s*l10n-ignore\s*:\s*(.+)$")


def silenced(unit: Unit) -> set[str]:
    """Checks this unit silences: a flag ``#, l10n-ignore-numbers`` or a translator comment
    ``# l10n-ignore: numbers, quotes`` (``all`` silences every check)."""
    codes = {f[len(SILENCE_FLAG):] for f in unit.flags if f.startswith(SILENCE_FLAG)}
    for comment in unit.translator_comments:
        found = _SILENCE_COMMENT.match(comment)
        if found:
            codes |= {c.strip() for c in re.split(r"[,\s]+", found.group(1)) if c.strip()}
    return codes


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


@lru_cache(maxsize=None)
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


# ---------------------------------------------------------------------------------------------
# Quotes, brackets, punctuation, whitespace

QUOTES = {
    # What publishers in each language use: Russian «...» with „...“ inside (GOST, state media);
    # Azerbaijani presses use «...» and “...” (AZƏRTAC writes “...”); English “...” or "...".
    "ru": ("«»", "„“"),
    "az": ("«»", "“”"),
    "en": ("“”", '""', "‘’"),
}
_ALL_QUOTES = "«»„“”\"‘’‚"


@check("quotes", "Quotation marks of the language", "warning",
       "The translation uses the quotation marks its language uses: « » in Russian (with „ “ "
       "inside), « » or “ ” in Azerbaijani, “ ” or \" \" in English.")
def check_quotes(pair: Pair) -> Iterator[str]:
    allowed = QUOTES.get(pair.tgt)
    if not allowed:
        return
    ok = set("".join(allowed)) | {"'", "’"}  # apostrophes are not quotes
    wrong = sorted({c for c in pair.target if c in _ALL_QUOTES and c not in ok})
    if wrong:
        yield (f"quotation mark(s) {' '.join(wrong)} are not used in {pair.tgt}; use "
               f"{' or '.join(a[0] + '…' + a[1] for a in allowed[:2])}")


_PAIRS = {"(": ")", "[": "]", "{": "}", "«": "»", "„": "“", "“": "”"}


def _balanced(text: str) -> str | None:
    stack: list[str] = []
    closers = {v: k for k, v in _PAIRS.items() if k != "„"}
    for ch in text:
        if ch == "“" and stack and stack[-1] == "„":
            stack.pop()
        elif ch in _PAIRS:
            stack.append(ch)
        elif ch in closers:
            if not stack or stack[-1] != closers[ch]:
                return f"'{ch}' closes nothing"
            stack.pop()
    if stack:
        return f"'{stack[-1]}' is never closed"
    if text.count('"') % 2:
        return "an odd number of \" quotes"
    return None


@check("brackets", "Brackets and quotes balanced", "error",
       "Every bracket and quotation mark the translation opens it also closes, when the "
       "source's are balanced.")
def check_brackets(pair: Pair) -> Iterator[str]:
    if _balanced(pair.source) is None:
        problem = _balanced(pair.target)
        if problem:
            yield f"unbalanced: {problem}"


_END = re.compile(r"([.!?…:;]+)[\"'”’»)\]]*\s*$")


@check("end-punctuation", "End punctuation", "warning",
       "The translation ends as the source does: a full stop, question or exclamation mark, "
       "colon or no punctuation.")
def check_end_punctuation(pair: Pair) -> Iterator[str]:
    def end(text: str) -> str:
        match = _END.search(text)
        if not match:
            return ""
        mark = match.group(1)
        return "." if mark in ("...", "…") or set(mark) == {"."} else mark[-1]

    a, b = end(pair.source), end(pair.target)
    if a != b:
        yield f"the source ends with '{a or 'no punctuation'}', the translation with " \
              f"'{b or 'no punctuation'}'"


@check("sentence-count", "Sentence count", "warning",
       "The translation has as many sentences as the source (a unit is one sentence; a "
       "translator who splits or merges sentences should know it).")
def check_sentence_count(pair: Pair) -> Iterator[str]:
    if pair.source_sentences != pair.target_sentences:
        yield f"{pair.source_sentences} sentence(s) in the source, {pair.target_sentences} " \
              "in the translation"


@check("whitespace", "Double spaces and stray whitespace", "warning",
       "No double spaces, no space before , . ; : ! ?, no whitespace at either end unless the "
       "source has it.")
def check_whitespace(pair: Pair) -> Iterator[str]:
    if "  " in pair.target.strip() and "  " not in pair.source.strip():
        yield "double space"
    if pair.target != pair.target.strip() and pair.source == pair.source.strip():
        yield "whitespace at the start or end"
    if re.search(r"\s[,.;:!?](?!\d)", pair.target) and not re.search(r"\s[,.;:!?](?!\d)",
                                                                       pair.source):
        yield "space before punctuation"
    if "\t" in pair.target and "\t" not in pair.source:
        yield "tab character"


@check("repeated-words", "Repeated words", "warning",
       "A word written twice in a row (\"the the\", \"и и\") that the source does not repeat.")
def check_repeated_words(pair: Pair) -> Iterator[str]:
    source = {m.group(1).lower() for m in re.finditer(r"\b(\w+)\s+\1\b", pair.source,
                                                      re.IGNORECASE)}
    for match in re.finditer(r"\b(\w+)\s+\1\b", pair.target, re.IGNORECASE):
        word = match.group(1)
        if word.lower() not in source and not word.isdigit():
            yield f"'{word} {word}'"


@check("capitalization", "Capital letter at the start", "info",
       "The translation starts with a capital where the source does.")
def check_capitalization(pair: Pair) -> Iterator[str]:
    def first(text: str) -> str:
        return text.lstrip(" \t\"'«»“”„‘’([—–-")[:1]

    if first(pair.source).isupper() and first(pair.target).islower():
        yield "the source starts with a capital letter, the translation does not"


# ---------------------------------------------------------------------------------------------
# Untranslated, wrong language, letters

@check("untranslated", "Not translated", "warning",
       "The translation is the source again (names, numbers and addresses alone are fine).")
def check_untranslated(pair: Pair) -> Iterator[str]:
    words = re.findall(r"[^\W\d_]{3,}", pair.source)
    if pair.source.strip() == pair.target.strip() and len(words) >= 3:
        yield "the translation is identical to the source"


_AZ_LETTERS = set("əğışçöüƏĞİŞÇÖÜ")
_STOPWORDS = {
    "en": {"the", "of", "and", "to", "in", "is", "was", "for", "with", "that", "on", "by"},
    "az": {"və", "bu", "ilə", "üçün", "da", "də", "olan", "edib", "bir", "ki", "isə", "üzrə"},
    "ru": {"и", "в", "на", "с", "по", "что", "не", "для", "от", "из", "о", "как"},
}


def language_guess(text: str) -> str | None:
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 12:
        return None
    cyrillic = sum(1 for c in letters if "CYRILLIC" in unicodedata.name(c, ""))
    if cyrillic > len(letters) * 0.6:
        return "ru"
    if cyrillic > len(letters) * 0.2:
        return None
    words = re.findall(r"\w+", text.lower())
    az = sum(1 for c in letters if c in _AZ_LETTERS) / len(letters)
    az_words = sum(1 for w in words if w in _STOPWORDS["az"])
    en_words = sum(1 for w in words if w in _STOPWORDS["en"])
    if az > 0.02 or az_words > en_words:
        return "az"
    if en_words > az_words:
        return "en"
    return None


@check("wrong-language", "Translation in the wrong language or script", "error",
       "The translation is written in its catalog's language: Cyrillic for Russian; Latin with "
       "ə, ğ, ı, ş for Azerbaijani; English words for English.")
def check_wrong_language(pair: Pair) -> Iterator[str]:
    guess = language_guess(pair.target)
    if guess is not None and guess != pair.tgt and not (pair.source.strip() ==
                                                        pair.target.strip()):
        yield f"the translation looks {guess}, not {pair.tgt}"


_WORD = re.compile(r"[^\W\d_]+")


@check("mixed-script", "Latin and Cyrillic letters in one word", "error",
       "A word mixes Latin and Cyrillic letters that look alike (a Latin 'o' in 'Агентствo'): "
       "searches and spell checks miss it.")
def check_mixed_script(pair: Pair) -> Iterator[str]:
    for match in _WORD.finditer(pair.target):
        word = match.group(0)
        scripts = {"CYRILLIC" if "CYRILLIC" in unicodedata.name(c, "") else
                   "LATIN" if "LATIN" in unicodedata.name(c, "") else "OTHER" for c in word}
        if {"CYRILLIC", "LATIN"} <= scripts:
            latin = "".join(c for c in word if "LATIN" in unicodedata.name(c, ""))
            yield f"'{word}' mixes Cyrillic and Latin letters (Latin: {latin})"


_LOOKALIKES = {"ä": "ə", "Ä": "Ə", "\u01dd": "ə", "\u018e": "Ə", "i\u0307": "i"}


@check("az-letters", "Azerbaijani letters, not look-alikes", "error",
       "Azerbaijani text uses ə/Ə (not ä, ǝ or Ǝ) and dotted İ/i and dotless I/ı correctly "
       "(not 'i̇' with a combining dot, as a wrong lower-casing of İ produces).")
def check_az_letters(pair: Pair) -> Iterator[str]:
    if pair.tgt != "az":
        return
    for bad, good in _LOOKALIKES.items():
        if bad in pair.target:
            shown = bad if bad != "i\u0307" else "i + combining dot"
            yield f"'{shown}' is not an Azerbaijani letter here: write '{good}'"
    for word in re.findall(r"\b[^\W\d_]+\b", pair.target):
        if "I" in word[1:] and word != word.upper() and "ı" not in word:
            yield f"'{word}' has a capital I inside: Azerbaijani lower-case is ı, dotted i is İ"


@check("length-ratio", "Length far from the source's", "info",
       "The translation is less than a third or more than three times as long as the source "
       "(sources of 20 characters or more): something may be missing or added.")
def check_length_ratio(pair: Pair) -> Iterator[str]:
    a, b = len(pair.source.strip()), len(pair.target.strip())
    if a >= 20 and b and not (a / 3 <= b <= a * 3):
        yield f"{b} characters for a source of {a} (ratio {b / a:.2f})"


@check("markup", "Inline markup kept", "error",
       "Markdown or HTML markup of the source (**bold**, [links](url), <b>tags</b>) is in the "
       "translation with the same targets.")
def check_markup(pair: Pair) -> Iterator[str]:
    def marks(text: str) -> Counter[str]:
        found: Counter[str] = Counter()
        found.update(m.group(1) for m in re.finditer(r"\]\(([^)\s]+)\)", text))  # link targets
        found.update(m.group(0) for m in re.finditer(r"</?[a-zA-Z][^>]*>", text))
        found["**"] = text.count("**")
        found["`"] = text.count("`")
        return +found

    for mark in sorted((marks(pair.source) - marks(pair.target)).elements()):
        yield f"'{mark}' of the source is missing in the translation"
