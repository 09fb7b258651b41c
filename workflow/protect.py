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

from . import inline

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


# ---------------------------------------------------------------------------------------------
# Inline codes: machine translation reads plain text; codes go back where their place is certain

def transfer_codes(source: str, translation: str) -> tuple[str, list[str]]:
    """Put ``source``'s codes into a machine ``translation`` of its plain text, where the place
    is certain: a code around the whole sentence goes around the whole translation; a code
    around a value that reaches the translation unchanged (a number, a name, a URL) goes around
    that value; standalone codes at the start or end stay there. The codes that have no certain
    place are named in the returned notes and left out, so the markup check shows the draft to
    a reviewer rather than publishing a link on the wrong words."""
    found = inline.markers(source)
    if not found:
        return translation, []
    body = translation.strip()
    lead: list[str] = []
    trail: list[str] = []
    placed: set[int] = set()
    head = len(source) - len(source.lstrip())
    for marker in found:                        # standalone codes that start the sentence
        if marker.kind != "single" or marker.start != head:
            break
        lead.append(marker.text)
        placed.add(marker.id)
        head = marker.end + len(source[marker.end:]) - len(source[marker.end:].lstrip())
    tail = len(source.rstrip())
    for marker in reversed(found):
        if marker.kind != "single" or marker.end != tail or marker.id in placed:
            break
        trail.insert(0, marker.text)
        placed.add(marker.id)
        tail = len(source[:marker.start].rstrip())
    core = inline.plain(source[head:tail]).strip()
    for opening in found:
        if opening.kind != "open" or opening.id in placed:
            continue
        closing = next((m for m in found if m.kind == "close" and m.id == opening.id
                        and m.start > opening.start), None)
        if closing is None:
            continue
        inner = source[opening.end:closing.start]
        text = inline.plain(inner).strip()
        if not text:
            continue
        if text.rstrip(".!?…") == core.rstrip(".!?…") and not inline.markers(inner):
            stop = len(body.rstrip(".!?…")) if text == text.rstrip(".!?…") else len(body)
            body = f"{opening.text}{body[:stop]}{closing.text}{body[stop:]}"
            placed.add(opening.id)
        elif not inline.markers(inner) and (at := _whole_word(body, text)) >= 0 and \
                not _inside_code(body, at):
            body = (f"{body[:at]}{opening.text}{body[at:at + len(text)]}{closing.text}"
                    f"{body[at + len(text):]}")
            placed.add(opening.id)
    notes = []
    missing = sorted({m.id for m in found} - placed)
    if missing:
        names = ", ".join(next(m.text for m in found if m.id == n and m.kind != "close")
                          for n in missing)
        notes.append(f"mt-note: put back the inline codes the engine cannot place: {names}")
    return "".join(lead) + body + "".join(trail), notes


def _whole_word(text: str, value: str) -> int:
    found = re.search(rf"(?<!\w){re.escape(value)}(?!\w)", text)
    return found.start() if found else -1


def _inside_code(text: str, at: int) -> bool:
    """Whether position ``at`` of ``text`` is inside a code marker or a paired code."""
    depth = 0
    for marker in inline.markers(text):
        if marker.start <= at < marker.end:
            return True
        if marker.start >= at:
            break
        depth += 1 if marker.kind == "open" else -1 if marker.kind == "close" else 0
    return depth > 0
