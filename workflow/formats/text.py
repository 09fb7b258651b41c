"""Plain-text articles: paragraphs are separated by blank lines; the first one is the title."""

from __future__ import annotations

import re

from ..model import Block, BlockKind

_PARAGRAPH = re.compile(r"(?:[^\n]*\S[^\n]*(?:\n|$))+")


def read_text(text: str) -> list[Block]:
    """Every paragraph as a block, in order. Titles and chrome are decided by ingest."""
    blocks: list[Block] = []
    for match in _PARAGRAPH.finditer(text):
        raw = match.group(0).strip()
        if not raw:
            continue
        line = text.count("\n", 0, match.start()) + 1
        blocks.append(Block(BlockKind.PARAGRAPH, " ".join(raw.split()), line, raw=raw))
    return blocks
