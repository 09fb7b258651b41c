"""What machine translation must not change: numbers, percentages, years, dates, URLs, e-mail
addresses and do-not-translate glossary terms. Verify-and-repair, not placeholders.

Why not placeholders: real Argos models have never seen invented tokens such as ``⟦1⟧``;
SentencePiece splits them into pieces and the models drop, duplicate or move them. The text
itself is what the models were trained on, and they copy numbers and URLs well but not
perfectly (``5.1%`` becomes ``5,1 %``, a URL gains a space). So we translate the sentence as
it is, then check every protected value and put back the ones that came out changed, by
finding their damaged form (same digits in the same order; the URL without its spaces).
``benchmarks/bench_protect.py`` measures how much this recovers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

_URL = r"(?:https?://|www\.)[^\s<>\"«»“”]+[^\s<>\"«»“”.,;:!?)\]]"
_EMAIL = r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
_NUMBER = r"(?<![\w.,])\d+(?:[.,:/\-–]\d+)*(?:\s?%)?(?![\w])"
_PROTECTED = re.compile(f"(?P<url>{_URL})|(?P<email>{_EMAIL})|(?P<number>{_NUMBER})")


@dataclass(frozen=True)
class Protected:
    text: str
    kind: str  # url | email | number | term


def protected_values(text: str, terms: Iterable[str] = ()) -> list[Protected]:
    """Values in a source sentence that must reach the translation unchanged, in order."""
    found: dict[str, Protected] = {}
    for match in _PROTECTED.finditer(text):
        kind = match.lastgroup or "number"
        found.setdefault(match.group(0), Protected(match.group(0), kind))
    for term in terms:
        if term and re.search(rf"(?<!\w){re.escape(term)}(?!\w)", text):
            found.setdefault(term, Protected(term, "term"))
    return list(found.values())


def _present(value: Protected, text: str) -> bool:
    return re.search(rf"(?<![\w.,]){re.escape(value.text)}(?![\w])", text) is not None or (
        value.kind in ("url", "email") and value.text in text)


def _damaged_pattern(value: Protected) -> re.Pattern[str] | None:
    """How MT tends to damage a value: separators and spaces change, characters stay."""
    if value.kind == "number":
        digits = re.findall(r"\d+", value.text)
        gap = r"[\s.,:/\-–\u00a0\u202f]{0,3}"
        # Thousands may come back grouped with a (thin, no-break) space: 3000 -> 3 000.
        body = gap.join(r"[ \u00a0\u202f]?".join(d) for d in digits)
        percent = r"(?:\s?%)?" if "%" in value.text else ""
        return re.compile(rf"(?<![\w]){body}{percent}(?![\w])")
    if value.kind in ("url", "email"):
        chars = [re.escape(c) for c in value.text]
        return re.compile(r"\s?".join(chars), re.IGNORECASE)
    if value.kind == "term":
        return re.compile(rf"(?<!\w){re.escape(value.text)}(?!\w)", re.IGNORECASE)
    return None


@dataclass(frozen=True)
class Repair:
    text: str
    repaired: tuple[str, ...]   # values put back
    missing: tuple[str, ...]    # values not found at all


def verify_and_repair(translation: str, values: Iterable[Protected]) -> Repair:
    text = translation
    repaired, missing = [], []
    for value in values:
        if _present(value, text):
            continue
        pattern = _damaged_pattern(value)
        match = pattern.search(text) if pattern else None
        if match:
            text = text[:match.start()] + value.text + text[match.end():]
            repaired.append(value.text)
        else:
            missing.append(value.text)
    return Repair(text, tuple(repaired), tuple(missing))


def kept(translation: str, values: Iterable[Protected]) -> int:
    return sum(1 for v in values if _present(v, translation))
