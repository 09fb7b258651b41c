"""Stage: source structure + translations → a localized article, and the publishing gate.

Like po4a, we rebuild the article from its source: the same blocks (title, headings, paragraphs,
list items) in the same order, each block's sentences replaced by their translations. The gate
decides per article and language whether the result may be published.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..extract.template import Splitter, block_sentences
from ..model import BlockKind, Catalog, Document, UnitState

#: Default completeness for publishing: every sentence. A news article with one sentence left in
#: the source language is not publishable; a lower threshold is for previews (l10n.toml).
DEFAULT_MIN_COMPLETE = 100.0


@dataclass(frozen=True)
class LocalizedBlock:
    kind: BlockKind
    level: int
    text: str              # inline markup as the source wrote it (Markdown) or plain text
    missing: int = 0       # sentences with no usable translation (kept in the source language)


@dataclass(frozen=True)
class Localized:
    doc: str
    lang: str
    source_lang: str
    blocks: tuple[LocalizedBlock, ...]
    total: int
    translated: int
    fuzzy_used: int
    missing: int
    fuzzy_seen: int = 0

    @property
    def title(self) -> str:
        return next((b.text for b in self.blocks if b.kind is BlockKind.TITLE), self.doc)

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 100.0


def localize(doc: str, document: Document, catalog: Catalog | None, lang: str, *,
             split: Splitter, include_fuzzy: bool = False) -> Localized:
    """The article in ``lang``: the source itself, or each sentence's translation.

    A sentence without a usable translation stays in the source language and is counted as
    missing (the gate decides whether that may be published).
    """
    lookup = {u.msgid: u for u in catalog.active} if catalog is not None else {}
    blocks, total, translated, fuzzy, missing, seen = [], 0, 0, 0, 0, 0
    for block, _role, sentences in block_sentences(document, split):
        parts, block_missing = [], 0
        for msgid, _line in sentences:
            total += 1
            if lang == document.lang:
                parts.append(msgid)
                translated += 1
                continue
            unit = lookup.get(msgid)
            state = unit.state if unit is not None else UnitState.UNTRANSLATED
            if unit is not None and state in (UnitState.TRANSLATED, UnitState.REVIEWED):
                parts.append(unit.msgstr)
                translated += 1
            elif unit is not None and state is UnitState.FUZZY and include_fuzzy:
                parts.append(unit.msgstr)
                translated += 1
                fuzzy += 1
                seen += 1
            else:
                seen += state is UnitState.FUZZY
                parts.append(msgid)
                block_missing += 1
        missing += block_missing
        blocks.append(LocalizedBlock(block.kind, block.level, " ".join(parts), block_missing))
    return Localized(doc, lang, document.lang, tuple(blocks), total, translated, fuzzy,
                     missing, seen)


@dataclass(frozen=True)
class Gate:
    min_complete: float = DEFAULT_MIN_COMPLETE
    include_fuzzy: bool = False


@dataclass(frozen=True)
class Verdict:
    publish: bool
    reasons: tuple[str, ...] = field(default_factory=tuple)


def judge(localized: Localized, *, gate: Gate, fuzzy_units: int, errors: list[str]) -> Verdict:
    """May this article be published in this language?"""
    if localized.lang == localized.source_lang:
        return Verdict(True)
    reasons = []
    if localized.percent < gate.min_complete:
        reasons.append(f"{localized.percent:.0f}% translated ({localized.translated} of "
                       f"{localized.total} sentences), {gate.min_complete:.0f}% needed")
    if fuzzy_units and not gate.include_fuzzy:
        reasons.append(f"{fuzzy_units} fuzzy draft(s) not reviewed (or pass --include-fuzzy)")
    if errors:
        reasons.append(f"{len(errors)} check error(s), first: {errors[0]}")
    return Verdict(not reasons, tuple(reasons))
