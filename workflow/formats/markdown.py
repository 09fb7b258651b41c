"""Markdown articles, parsed with markdown-it-py (CommonMark).

Blocks keep their inline markup as the author wrote it (``**bold**``, ``[link](url)``), the way
po4a presents Markdown to translators, so an export can put it back. Code blocks and raw HTML
blocks are not prose: they are reported, not translated.
"""

from __future__ import annotations

from markdown_it import MarkdownIt

from ..model import Block, BlockKind, Dropped

_PARSER = MarkdownIt("commonmark")


def read_markdown(text: str) -> tuple[list[Block], list[Dropped]]:
    tokens = _PARSER.parse(text)
    lines = text.split("\n")
    blocks: list[Block] = []
    skipped: list[Dropped] = []
    kind: BlockKind | None = None
    level = 0
    list_depth = 0
    for token in tokens:
        if token.type in ("bullet_list_open", "ordered_list_open"):
            list_depth += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            list_depth -= 1
        elif token.type == "heading_open":
            level = int(token.tag[1])
            kind = BlockKind.TITLE if level == 1 and not _has_title(blocks) else BlockKind.HEADING
        elif token.type == "paragraph_open":
            kind = BlockKind.LIST_ITEM if list_depth else BlockKind.PARAGRAPH
            level = 0
        elif token.type == "inline" and kind is not None and token.map:
            start = token.map[0]
            raw = token.content.strip()
            if raw:
                blocks.append(Block(kind, " ".join(raw.split()), start + 1, raw=raw, level=level))
            kind = None
        elif token.type in ("fence", "code_block", "html_block") and token.map:
            first = lines[token.map[0]].strip() if token.map[0] < len(lines) else ""
            skipped.append(Dropped(token.map[0] + 1, f"markdown-{token.type.replace('_', '-')}",
                                   first))
    return blocks, skipped


def _has_title(blocks: list[Block]) -> bool:
    return any(b.kind is BlockKind.TITLE for b in blocks)
