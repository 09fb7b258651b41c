"""HTML articles, parsed with lxml.

The article is the first ``<article>`` or ``<main>`` (else ``<body>``). Elements that are site
chrome by their tag (navigation, header, footer, scripts: a list the project can change) are
left out and reported. Block elements become blocks; inline markup is flattened to its text.
"""

from __future__ import annotations

from collections.abc import Iterable

import lxml.etree
import lxml.html

from ..errors import WorkflowError
from ..model import Block, BlockKind, Dropped

DEFAULT_DROP_TAGS = ("script", "style", "noscript", "template", "nav", "header", "footer",
                     "aside", "form", "iframe", "svg", "button")
_BLOCKS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "dt", "dd", "figcaption",
           "blockquote", "td", "th", "caption", "pre", "div", "section", "article", "main",
           "ul", "ol", "dl", "table", "thead", "tbody", "tr", "figure", "body", "details",
           "summary", "address", "hgroup"}
_LEAVES = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "dt", "dd", "figcaption", "td", "th",
           "caption", "summary", "address"}
MAX_DEPTH = 400


def read_html(text: str, *, drop_tags: Iterable[str] = DEFAULT_DROP_TAGS
              ) -> tuple[list[Block], list[Dropped], str | None]:
    """Blocks, dropped chrome, and the ``<html lang>`` the page declares (if any)."""
    parser = lxml.html.HTMLParser(recover=True, no_network=True, remove_comments=True,
                                  remove_pis=True, huge_tree=False, encoding="utf-8")
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8"), parser=parser)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise WorkflowError(f"cannot parse HTML: {exc}", line=1,
                            fix="check that the file is an HTML page") from None
    for entry in parser.error_log:
        # libxml2 stops at its limits (depth 256, huge text nodes) and silently drops the rest:
        # that would lose body text, so it is an error here.
        if entry.type_name == "ERR_RESOURCE_LIMIT" or "Excessive depth" in entry.message:
            raise WorkflowError(f"HTML too deeply nested or too large ({entry.message.strip()})",
                                line=entry.line or 1,
                                fix="simplify the page; real articles are never this deep")
    declared = root.get("lang")
    drop = {t.lower() for t in drop_tags}
    dropped: list[Dropped] = []
    for element in list(root.iter(lxml.etree.Element)):
        if not isinstance(element.tag, str) or element.tag.lower() not in drop:
            continue
        if element.getparent() is None:
            continue
        words = " ".join(element.text_content().split())
        if words and _inside_body(element):
            dropped.append(Dropped(element.sourceline or 1, f"html-{element.tag}", words[:200]))
        element.drop_tree()

    body = root.find("body")
    container = next(iter(root.xpath("//article | //main")), None)
    if container is None:
        container = body if body is not None else root

    blocks: list[Block] = []
    _walk(container, blocks, depth=0)
    return blocks, dropped, declared


def _inside_body(element: lxml.etree._Element) -> bool:
    return any(a.tag == "body" for a in element.iterancestors())


def _walk(element: lxml.etree._Element, blocks: list[Block], depth: int) -> None:
    if depth > MAX_DEPTH:
        raise WorkflowError(f"HTML nested more than {MAX_DEPTH} levels deep",
                            line=element.sourceline,
                            fix="simplify the page; real articles are never this deep")
    tag = element.tag.lower() if isinstance(element.tag, str) else ""
    has_block_child = any(isinstance(c.tag, str) and c.tag.lower() in _BLOCKS for c in element)
    if tag in _LEAVES and not has_block_child or (tag in _BLOCKS and not has_block_child
                                                  and (element.text or "").strip()):
        raw = element.text_content().strip()
        if raw:
            blocks.append(Block(_kind(tag, blocks), " ".join(raw.split()),
                                element.sourceline or 1, raw=raw,
                                level=int(tag[1]) if tag[:1] == "h" and tag[1:].isdigit() else 0))
        return
    if (element.text or "").strip() and tag not in ("body", "html"):
        # Loose text beside block children (e.g. <div>text<p>..</p></div>): still body text.
        raw = element.text.strip()
        blocks.append(Block(BlockKind.PARAGRAPH, " ".join(raw.split()),
                            element.sourceline or 1, raw=raw))
    for child in element:
        if isinstance(child.tag, str):
            _walk(child, blocks, depth + 1)
        if (child.tail or "").strip():
            raw = child.tail.strip()
            blocks.append(Block(BlockKind.PARAGRAPH, " ".join(raw.split()),
                                child.sourceline or 1, raw=raw))


def _kind(tag: str, blocks: list[Block]) -> BlockKind:
    if tag == "h1" and not any(b.kind is BlockKind.TITLE for b in blocks):
        return BlockKind.TITLE
    if tag[:1] == "h" and tag[1:].isdigit():
        return BlockKind.HEADING
    if tag in ("li", "dt", "dd"):
        return BlockKind.LIST_ITEM
    return BlockKind.PARAGRAPH
