"""Stage: source structure + translations → a localized article, and the publishing gate.

Like po4a, we rebuild the article from its source: the same blocks (title, headings, paragraphs,
list items) in the same order, each block's sentences replaced by their translations. The gate
decides per article and language whether the result may be published.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..extract.template import Splitter, block_sentences
from ..inline import Code, plain, restore
from ..model import BlockKind, Catalog, Document, UnitState
from ..segment import normalize_space

#: Default completeness for publishing: every sentence. A news article with one sentence left in
#: the source language is not publishable; a lower threshold is for previews (l10n.toml).
DEFAULT_MIN_COMPLETE = 100.0


@dataclass(frozen=True)
class LocalizedBlock:
    kind: BlockKind
    level: int
    text: str              # with the block's inline codes (numbered as in Block.codes)
    missing: int = 0       # sentences with no usable translation (kept in the source language)
    codes: tuple[Code, ...] = ()
    anchor: int = -1
    # translated attribute texts: (code number, attribute name) -> text
    attributes: tuple[tuple[tuple[int, str], str], ...] = ()


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
        return next((plain(b.text) for b in self.blocks if b.kind is BlockKind.TITLE),
                    self.doc)

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
        pieces: list[tuple[tuple[int, int], str]] = []
        attributes: list[tuple[tuple[int, str], str]] = []
        block_missing = 0
        for sentence in sentences:
            total += 1
            text = sentence.msgid
            if lang == document.lang:
                translated += 1
            else:
                unit = lookup.get(sentence.msgid)
                state = unit.state if unit is not None else UnitState.UNTRANSLATED
                if unit is not None and state in (UnitState.TRANSLATED, UnitState.REVIEWED):
                    text = unit.msgstr
                    translated += 1
                elif unit is not None and state is UnitState.FUZZY and include_fuzzy:
                    text = unit.msgstr
                    translated += 1
                    fuzzy += 1
                    seen += 1
                else:
                    seen += state is UnitState.FUZZY
                    block_missing += 1
            if sentence.attribute is not None:
                attributes.append((sentence.attribute, text))
            else:
                pieces.append((sentence.span, restore(text, sentence.ids)))
        missing += block_missing
        # The block's source with each sentence replaced: whatever lies between sentences
        # (whitespace, and codes no sentence took) stays as the source has it.
        source, out, last = block.source, [], 0
        for (start, end), text in pieces:
            out += [source[last:start], text]
            last = end
        out.append(source[last:])
        blocks.append(LocalizedBlock(block.kind, block.level, normalize_space("".join(out)),
                                     block_missing, block.codes, block.anchor,
                                     tuple(attributes)))
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
