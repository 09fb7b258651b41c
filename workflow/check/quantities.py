"""Numbers as values, the way translators write them in en, ru and az. Pure.

A number in a translation may be written differently and still be the same: with the language's
separators (5.1 = 5,1; 40,000 = 40 000 = 40000), with a scale word (30,000 = 30 тыс. = 30 min),
spelled out (six = 6 = шесть = altı), as an ordinal (ninth = 9-cu = 9-й), as a clock time
(3 p.m. = 15:00), or converted to metric units (10 inches = 25 cm; 10 miles (16 km)). This
module turns a text into quantities with every value each may stand for, and pairs the source's
with the translation's.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache

_SCALES = {
    "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "bn": 1e9, "mn": 1e6,
    "тыс": 1e3, "тысяч": 1e3, "тысячи": 1e3, "тысяча": 1e3, "млн": 1e6, "миллион": 1e6,
    "миллиона": 1e6, "миллионов": 1e6, "млрд": 1e9, "миллиард": 1e9, "миллиарда": 1e9,
    "миллиардов": 1e9, "трлн": 1e12, "min": 1e3, "mln": 1e6, "milyon": 1e6, "mlrd": 1e9,
    "milyard": 1e9, "trilyon": 1e12,
}
# Imperial units and their metric equivalents (factor, or a function for temperatures).
_CONVERSIONS = {
    "inch": 2.54, "inches": 2.54, "in": 2.54, "mile": 1.609, "miles": 1.609, "mph": 1.609,
    "foot": 0.3048, "feet": 0.3048, "ft": 0.3048, "yard": 0.9144, "yards": 0.9144,
    "pound": 0.4536, "pounds": 0.4536, "lb": 0.4536, "lbs": 0.4536, "ounce": 28.35,
    "ounces": 28.35, "oz": 28.35, "acre": 0.4047, "acres": 0.4047, "gallon": 3.785,
    "gallons": 3.785, "°f": "F", "f": "F", "degrees": "F",
}
_WORDS = {
    "en": {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
           "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
           "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
           "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
           "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12,
           "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
           "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "twice": 2, "once": 1,
           "half": 0.5, "both": 2, "single": 1, "pair": 2, "couple": 2, "thousand": 1e3,
           "million": 1e6, "billion": 1e9},
    # Russian and Azerbaijani inflect: these are stems, matched at the start of a word.
    "ru": {"нол": 0, "ноль": 0, "одн": 1, "один": 1, "перв": 1, "два": 2, "две": 2, "двух": 2,
           "двум": 2, "втор": 2, "три": 3, "трех": 3, "трёх": 3, "трем": 3, "трём": 3,
           "трет": 3, "четыр": 4, "четв": 4, "пят": 5, "шест": 6, "сем": 7, "седьм": 7,
           "восем": 8, "восьм": 8, "девят": 9, "десят": 10, "одиннадцат": 11,
           "двенадцат": 12, "тринадцат": 13, "четырнадцат": 14, "пятнадцат": 15,
           "шестнадцат": 16, "семнадцат": 17, "восемнадцат": 18, "девятнадцат": 19,
           "двадцат": 20, "тридцат": 30, "сорок": 40, "пятьдесят": 50, "пятидесят": 50,
           "шестьдесят": 60, "шестидесят": 60, "семьдесят": 70, "семидесят": 70,
           "восемьдесят": 80, "восьмидесят": 80, "девяност": 90, "двести": 200,
           "двухсот": 200, "триста": 300, "трехсот": 300, "трёхсот": 300, "четыреста": 400,
           "пятьсот": 500, "пятисот": 500, "тысяч": 1e3, "миллион": 1e6, "миллиард": 1e9,
           "сотн": 100, "полови": 0.5, "оба": 2, "обе": 2, "дважды": 2,
           "трижды": 3, "пар": 2},
    "az": {"sıfır": 0, "bir": 1, "birinci": 1, "iki": 2, "ikinci": 2, "üç": 3, "üçüncü": 3,
           "dörd": 4, "beş": 5, "altı": 6, "yeddi": 7, "səkkiz": 8, "doqquz": 9, "on": 10,
           "iyirmi": 20, "otuz": 30, "qırx": 40, "əlli": 50, "altmış": 60, "yetmiş": 70,
           "səksən": 80, "doxsan": 90, "yüz": 100, "min": 1e3, "milyon": 1e6, "milyard": 1e9,
           "yarım": 0.5, "cüt": 2, "hər iki": 2},
}
_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:(?:[,.\u00a0\u202f ]\d{3})+)|\d+)(?:([.,])(\d+))?"
                     r"(?![\d])")
_CLOCK = re.compile(r"(?<![\d.,])(\d{1,2})(?:[:.](\d{2}))?\s?([ap])\.?\s?m\b\.?|"
                    r"(?<![\d.,])(\d{1,2}):(\d{2})(?![\d])", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_RANGE = re.compile(r"\s*(?:to|-|–|—|and|or|до|и|или|ilə|və|-dən|-dan)\s*[\d.,]+", re.IGNORECASE)


@dataclass(frozen=True)
class Quantity:
    text: str
    values: frozenset[float]        # every value the written number may stand for
    start: int
    in_parentheses: bool            # "(16 km)": an added conversion or an aside
    converted: frozenset[float] = frozenset()  # metric values of an imperial quantity
    spelled: bool = False           # a number word: may be left out or written in digits

    def matches(self, other: Quantity) -> bool:
        """The same value, or one side the metric conversion of the other (within 10%)."""
        if self.values & other.values:
            return True
        return _close(self.converted, other.values) or _close(other.converted, self.values)


def _close(converted: frozenset[float], values: frozenset[float]) -> bool:
    return any(abs(a - b) <= 0.1 * abs(a) + 0.5 for a in converted for b in values)


def _depths(text: str) -> list[int]:
    """For every position, how many brackets are open before it (one pass, not one per number)."""
    depths, depth = [], 0
    for ch in text:
        depths.append(depth)
        depth += (ch == "(") - (ch == ")")
    depths.append(depth)
    return depths


@cache
def _stems(lang: str) -> tuple[tuple[str, float], ...]:
    """A language's number-word stems, longest first (matched at the start of a word)."""
    return tuple((stem, value) for stem, value in sorted(_WORDS.get(lang, {}).items(),
                                                          key=lambda kv: -len(kv[0]))
                 if len(stem) >= 3)


@cache
def _stems_by_prefix(lang: str) -> dict[str, tuple[tuple[str, float], ...]]:
    """_stems grouped by their first three letters, longest first in each group: a word is
    compared only with the stems it can start with."""
    groups: dict[str, list[tuple[str, float]]] = {}
    for stem, value in _stems(lang):
        groups.setdefault(stem[:3], []).append((stem, value))
    return {prefix: tuple(items) for prefix, items in groups.items()}


def _digit_values(whole: str, sep: str | None, fraction: str | None) -> set[float]:
    groups = re.split(r"[,.\u00a0\u202f ]", whole)
    values = {float("".join(groups))}
    if len(groups) == 2 and not sep:
        # "2,500": thousands in English, 2.5 in Russian or Azerbaijani
        values.add(float(f"{groups[0]}.{groups[1]}"))
    if sep and fraction is not None:
        joined = "".join(groups)
        values = {float(f"{joined}.{fraction}")}
        if len(fraction) == 3:
            values.add(float(joined + fraction))   # "12.345" with a dot for thousands
    return values


def quantities(text: str, lang: str) -> list[Quantity]:
    """The numbers of a text, with what each may stand for."""
    found: list[Quantity] = []
    taken: list[tuple[int, int]] = []
    depths = _depths(text)
    for m in _CLOCK.finditer(text):
        if m.group(3):
            hour = int(m.group(1)) % 12 + (12 if m.group(3).lower() == "p" else 0)
            minute = int(m.group(2) or 0)
        else:
            hour, minute = int(m.group(4)), int(m.group(5))
            if hour > 23 or minute > 59:
                continue
        values = {float(hour), hour + minute / 100, float(hour % 12 or 12)}
        found.append(Quantity(m.group(0), frozenset(values), m.start(),
                              depths[m.start()] > 0))
        taken.append(m.span())
    for m in _NUMBER.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        values = _digit_values(m.group(1), m.group(2), m.group(3))
        after = text[m.end():m.end() + 16].lower()
        if after[:1] == "s" and len(m.group(1)) == 4 and m.group(1).endswith("0"):
            values.add(float(m.group(1)[2:]))       # the 1930s = 30-е годы
        # a range shares its unit: "2 to 4 inches", "2-4 inches", "2–4 дюйма"
        ranged = _RANGE.match(after)
        if ranged:
            after = after[ranged.end():]
        word = _WORD.match(after.lstrip())
        unit = word.group(0) if word else ""
        if after.lstrip().startswith("°f"):
            unit = "°f"
        if unit.rstrip(".") in _SCALES:
            values = {v * _SCALES[unit.rstrip(".")] for v in values} | values
        converted: set[float] = set()
        factor = _CONVERSIONS.get(unit)
        if factor == "F":
            converted = {round((v - 32) * 5 / 9, 1) for v in values}
        elif isinstance(factor, float):
            converted = {v * factor for v in values}
        found.append(Quantity(m.group(0), frozenset(values), m.start(),
                              depths[m.start()] > 0, frozenset(converted)))
    words = _WORDS.get(lang, {})
    for m in _WORD.finditer(text):
        token = m.group(0).lower()
        value = words.get(token)
        if value is None and lang in ("ru", "az"):
            value = next((v for stem, v in _stems_by_prefix(lang).get(token[:3], ())
                          if token.startswith(stem) and len(token) - len(stem) <= 5), None)
        if value is not None:
            found.append(Quantity(m.group(0), frozenset({float(value)}), m.start(),
                                  depths[m.start()] > 0, spelled=True))
    return sorted(found + _compounds(text, [q for q in found if q.spelled]),
                  key=lambda q: q.start)


_JOINER = re.compile(r"[ \u00a0-]{1,3}")     # forty-eight, сорока восьми


def _compounds(text: str, words: list[Quantity]) -> list[Quantity]:
    """Number words that make one number together: forty-eight, сорока восьми, qırx səkkiz (48);
    two hundred, двухсот тысяч (200, 200,000). Each word keeps its own value too."""
    found = []
    for first, second in zip(words, words[1:]):
        if not _JOINER.fullmatch(text[first.start + len(first.text):second.start]):
            continue
        a, b = max(first.values), max(second.values)
        if a >= 20 and a < 100 and a % 10 == 0 and 1 <= b <= 9:
            value = a + b               # forty-eight
        elif 1 <= a < 1000 and b in (100.0, 1e3, 1e6, 1e9):
            value = a * b               # two hundred, iki min
        else:
            continue
        found.append(Quantity(text[first.start:second.start + len(second.text)],
                              frozenset({float(value)}), first.start, first.in_parentheses,
                              spelled=True))
    return found


@dataclass(frozen=True)
class Pairing:
    missing: list[Quantity]         # source numbers with no match in the target
    extra: list[Quantity]           # target numbers with no match in the source
    # unmatched numbers in parentheses: an aside or a conversion one side may leave out
    missing_asides: list[Quantity]
    extra_asides: list[Quantity]


def pair_up(source: list[Quantity], target: list[Quantity]) -> Pairing:
    """Which numbers of the source and the translation have no match on the other side.
    Number words on either side are optional: they count only as matches.

    Each source quantity takes the first unmatched target quantity that matches it. Targets
    are found through an index by value (a text with thousands of numbers is paired in linear
    time); only metric conversions, which are rare, are looked for one by one."""
    by_value: dict[float, list[int]] = defaultdict(list)
    for index, quantity in enumerate(target):
        for value in quantity.values:
            by_value[value].append(index)
    front: dict[float, int] = defaultdict(int)     # per value: where its unused indexes start
    converting = [i for i, t in enumerate(target) if t.converted]
    used = [False] * len(target)
    missing = []
    for quantity in sorted(source, key=lambda q: q.spelled):
        best: int | None = None
        for value in quantity.values:
            indexes = by_value.get(value)
            if not indexes:
                continue
            k = front[value]
            while k < len(indexes) and used[indexes[k]]:
                k += 1
            front[value] = k
            if k < len(indexes) and (best is None or indexes[k] < best):
                best = indexes[k]
        if quantity.converted:
            for i, other in enumerate(target):
                if best is not None and i >= best:
                    break
                if not used[i] and _close(quantity.converted, other.values):
                    best = i
                    break
        for i in converting:
            if best is not None and i >= best:
                break
            if not used[i] and _close(target[i].converted, quantity.values):
                best = i
                break
        if best is not None:
            used[best] = True
        elif not quantity.spelled:
            missing.append(quantity)
    extra = [t for i, t in enumerate(target) if not used[i] and not t.spelled]
    return Pairing([q for q in missing if not q.in_parentheses],
                   [q for q in extra if not q.in_parentheses],
                   [q for q in missing if q.in_parentheses],
                   [q for q in extra if q.in_parentheses])
