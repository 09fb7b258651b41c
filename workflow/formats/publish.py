"""Published articles: HTML (built with lxml), Markdown and plain text, and the index page.

Whatever a translator typed is text, never markup: HTML output is built as an element tree, so
lxml escapes every string; Markdown inline syntax in a unit is rendered by markdown-it with raw
HTML turned off (a ``<script>`` in a translation comes out as text) and unsafe link schemes
refused.
"""

from __future__ import annotations

import re

import lxml.html
from lxml.html import builder as E
from markdown_it import MarkdownIt

from ..export.localize import Localized
from ..model import BlockKind

_INLINE = MarkdownIt("commonmark", {"html": False})
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

CSS = """body{max-width:46em;margin:2em auto;padding:0 1em;font:17px/1.55 Georgia,serif;color:#222}
h1{font-size:1.7em;line-height:1.25} nav.languages{font:14px sans-serif;margin-bottom:2em}
nav.languages a{margin-right:1em} p.preview{background:#fff3cd;padding:.5em}
table{border-collapse:collapse} td,th{border:1px solid #ccc;
padding:.3em .7em;font:14px sans-serif} .failed{color:#a00} .published{color:#070}"""


def _inline(text: str, markdown: bool) -> list:
    """A block's text as children of an element: rendered Markdown inline, or plain text.

    Control characters that HTML cannot carry are left out (a translation with one never gets
    here: the control-chars check stops it at the export gate; a source article may have one)."""
    text = _NOT_XML.sub("", text)
    if not markdown:
        return [text]
    fragment = _INLINE.renderInline(text)
    wrapper = lxml.html.fragment_fromstring(f"<span>{fragment}</span>")
    children: list = [wrapper.text or ""]
    children.extend(wrapper)
    return children


def render_html(article: Localized, *, markdown: bool,
                alternates: dict[str, str], note: str | None = None) -> bytes:
    """A standalone page: lang attribute, UTF-8, hreflang links to the other languages. A
    ``note`` (a preview's) is shown first, and the page asks not to be indexed."""
    head = [E.META(charset="utf-8"),
            E.META(name="viewport", content="width=device-width, initial-scale=1"),
            E.TITLE(_plain(article.title, markdown))]
    if note:
        head.append(E.META(name="robots", content="noindex"))
    for lang, href in sorted(alternates.items()):
        head.append(E.LINK(rel="alternate", hreflang=lang, href=href))
    head.append(E.STYLE(CSS))
    nav = E.NAV(E.CLASS("languages"), *[E.A(lang, href=href, hreflang=lang)
                                        for lang, href in sorted(alternates.items())])
    body: list = [nav] if alternates else []
    if note:
        body.append(E.P(E.CLASS("preview"), note, role="note"))
    items: list = []

    def flush() -> None:
        if items:
            body.append(E.UL(*items))
            items.clear()

    for block in article.blocks:
        children = _inline(block.text, markdown)
        if block.kind is BlockKind.LIST_ITEM:
            items.append(E.LI(*children))
            continue
        flush()
        if block.kind is BlockKind.TITLE:
            body.append(E.H1(*children))
        elif block.kind is BlockKind.HEADING:
            body.append(_heading(block.level, children))
        else:
            body.append(E.P(*children))
    flush()
    page = E.HTML(E.HEAD(*head), E.BODY(E.ARTICLE(*body)))
    page.set("lang", article.lang)
    return lxml.html.tostring(page, doctype="<!DOCTYPE html>", encoding="utf-8",
                              pretty_print=True)


def _heading(level: int, children: list):
    tag = f"h{min(6, max(2, level or 2))}"
    element = lxml.html.Element(tag)
    first, *rest = children
    element.text = first
    for child in rest:
        element.append(child)
    return element


def _plain(text: str, markdown: bool) -> str:
    text = _NOT_XML.sub("", text)
    if not markdown:
        return text
    return lxml.html.fragment_fromstring(
        f"<span>{_INLINE.renderInline(text)}</span>").text_content()


def render_markdown(article: Localized, *, markdown: bool, note: str | None = None) -> bytes:
    lines = [f"> {_escape_markdown(note)}", ""] if note else []
    for block in article.blocks:
        text = block.text if markdown else _escape_markdown(block.text)
        if block.kind is BlockKind.TITLE:
            lines += [f"# {text}", ""]
        elif block.kind is BlockKind.HEADING:
            lines += [f"{'#' * min(6, max(2, block.level or 2))} {text}", ""]
        elif block.kind is BlockKind.LIST_ITEM:
            lines.append(f"- {text}")
        else:
            if lines and lines[-1].startswith("- "):
                lines.append("")
            lines += [text, ""]
    return ("\n".join(lines).rstrip("\n") + "\n").encode("utf-8")


def _escape_markdown(text: str) -> str:
    """Plain text that stays plain text in Markdown (a translator's '*' is not emphasis)."""
    out = []
    for ch in text:
        out.append("\\" + ch if ch in "\\`*_[]<>#" else ch)
    return "".join(out)


def render_text(article: Localized, *, markdown: bool, note: str | None = None) -> bytes:
    paragraphs = [note] if note else []
    for block in article.blocks:
        text = _plain(block.text, markdown)
        paragraphs.append(f"- {text}" if block.kind is BlockKind.LIST_ITEM else text)
    return ("\n\n".join(paragraphs) + "\n").encode("utf-8")


def render_index(rows: list[tuple[str, str, str, str, list[tuple[str, str]]]], *,
                 title: str) -> bytes:
    """rows: (document title, doc, lang, state, [(format, href)] of the files on disk)."""
    table = [E.TR(E.TH("article"), E.TH("language"), E.TH("state"), E.TH("files"))]
    for doc_title, doc, lang, state, links in rows:
        cell = E.A(doc_title, href=links[0][1]) if links else doc_title
        css = "published" if state in ("source", "published") else "failed"
        files = []
        for fmt, href in links:
            files += [E.A(fmt, href=href), " "]
        table.append(E.TR(E.TD(cell, E.BR(), E.SMALL(doc)), E.TD(lang),
                          E.TD(E.CLASS(css), state), E.TD(*files)))
    page = E.HTML(E.HEAD(E.META(charset="utf-8"), E.TITLE(title), E.STYLE(CSS)),
                  E.BODY(E.H1(title), E.TABLE(*table)))
    page.set("lang", "en")
    return lxml.html.tostring(page, doctype="<!DOCTYPE html>", encoding="utf-8",
                              pretty_print=True)
