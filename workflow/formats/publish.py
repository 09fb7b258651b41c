"""Published articles: HTML (built with lxml), Markdown and plain text, and the index page.

Whatever a translator typed is text, never markup: HTML output is built as an element tree, so
lxml escapes every string, and elements come only from the source's inline codes
(``formats.html.build``); in Markdown, text is escaped where it would become markup
(``formats.markdown.escape``). An HTML source's page is its own article element, rebuilt
(``render_html_page``); a Markdown source is its own file, rebuilt line by line.
"""

from __future__ import annotations

import re

import lxml.etree
import lxml.html
from lxml.html import builder as E

from ..export.localize import Localized, LocalizedBlock
from ..inline import plain
from ..model import BlockKind
from .html import build, elements, serialize
from .markdown import escape, rebuild_markdown, to_markdown
from .source import split_front_matter

_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

CSS = """body{max-width:46em;margin:2em auto;padding:0 1em;font:17px/1.55 Georgia,serif;color:#222}
h1{font-size:1.7em;line-height:1.25} nav.languages{font:14px sans-serif;margin-bottom:2em}
nav.languages a{margin-right:1em} p.preview{background:#fff3cd;padding:.5em}
table{border-collapse:collapse} td,th{border:1px solid #ccc;
padding:.3em .7em;font:14px sans-serif} .failed{color:#a00} .published{color:#070}"""


def _inline(block: LocalizedBlock) -> list:
    """A block's text as children of an element: its codes as the elements they stand for.

    Control characters that HTML cannot carry are left out (a translation with one never gets
    here: the control-chars check stops it at the export gate; a source article may have one)."""
    holder = lxml.html.Element("span")
    build(holder, _NOT_XML.sub("", block.text), elements(block.codes, dict(block.attributes)))
    return [holder.text or "", *holder]


def _page(article: Localized, alternates: dict[str, str], note: str | None,
          content: list) -> bytes:
    """A standalone page: lang attribute, UTF-8, hreflang links to the other languages. A
    ``note`` (a preview's) is shown first, and the page asks not to be indexed."""
    head = [E.META(charset="utf-8"),
            E.META(name="viewport", content="width=device-width, initial-scale=1"),
            E.TITLE(_NOT_XML.sub("", article.title))]
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
    page = E.HTML(E.HEAD(*head), E.BODY(*body, *content))
    page.set("lang", article.lang)
    return lxml.html.tostring(page, doctype="<!DOCTYPE html>", encoding="utf-8",
                              pretty_print=True)


def render_html(article: Localized, *, alternates: dict[str, str],
                note: str | None = None) -> bytes:
    """The article built from its blocks (text and Markdown sources)."""
    body: list = []
    items: list = []

    def flush() -> None:
        if items:
            body.append(E.UL(*items))
            items.clear()

    for block in article.blocks:
        children = _inline(block)
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
    return _page(article, alternates, note, [E.ARTICLE(*body)])


def render_html_page(article: Localized, container, *, alternates: dict[str, str],
                     note: str | None = None) -> bytes:
    """An HTML source's article container, rebuilt with its translations
    (``formats.html.rebuild_html``), in a page of ours: the source page's head and the chrome
    its rules dropped stay out. A container that was the whole ``<body>`` gives its children
    and attributes to the new body."""
    page = lxml.html.document_fromstring(_page(article, alternates, note, []))
    body = page.find("body")
    if isinstance(container.tag, str) and container.tag.lower() == "body":
        for name, value in container.attrib.items():
            body.set(name, value)
        if len(body):
            body[-1].tail = (body[-1].tail or "") + (container.text or "")
        else:
            body.text = (body.text or "") + (container.text or "")
        for child in list(container):
            body.append(child)
    else:
        container.tail = "\n"
        body.append(container)
    return serialize(page)


def _heading(level: int, children: list):
    tag = f"h{min(6, max(2, level or 2))}"
    element = lxml.html.Element(tag)
    first, *rest = children
    element.text = first
    for child in rest:
        element.append(child)
    return element


def render_markdown(article: Localized, *, note: str | None = None) -> bytes:
    """The article as Markdown, built from its blocks (text and HTML sources)."""
    lines = [f"> {escape(note)}", ""] if note else []
    for block in article.blocks:
        text = to_markdown(_NOT_XML.sub("", block.text), {c.id: c for c in block.codes},
                           attributes=dict(block.attributes))
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


def render_markdown_source(article: Localized, source: str, *, note: str | None = None) -> bytes:
    """A Markdown source rebuilt line by line with its translations (po4a's way): code blocks,
    front matter, lists and quotes stay as the source has them."""
    _, body, fields_end = split_front_matter(source)
    rebuilt = rebuild_markdown(
        body, replacements={b.anchor: _NOT_XML.sub("", b.text) for b in article.blocks},
        attributes={b.anchor: dict(b.attributes) for b in article.blocks})
    lines = rebuilt.split("\n")
    head = source.split("\n")[:fields_end]
    if note:
        head += [f"> {escape(note)}", ""]
    return "\n".join(head + lines[fields_end:]).encode("utf-8")


def render_text(article: Localized, *, note: str | None = None) -> bytes:
    paragraphs = [note] if note else []
    for block in article.blocks:
        text = _NOT_XML.sub("", plain(block.text))
        paragraphs.append(f"- {text}" if block.kind is BlockKind.LIST_ITEM else text)
    return ("\n\n".join(paragraphs) + "\n").encode("utf-8")


def render_index(rows: list[tuple[str, str, str, str, list[tuple[str, str]]]], *,
                 title: str) -> bytes:
    """rows: (document title, doc, lang, state, [(format, href)] of the files on disk)."""
    table = E.TABLE(E.TR(E.TH("article"), E.TH("language"), E.TH("state"), E.TH("files")))
    add = lxml.etree.SubElement     # half the time of the builder: 30,000 rows in a newsroom
    for doc_title, doc, lang, state, links in rows:
        row = add(table, "tr")
        cell = add(row, "td")
        if links:
            add(cell, "a", href=links[0][1]).text = doc_title
        else:
            cell.text = doc_title
        add(cell, "br")
        add(cell, "small").text = doc
        add(row, "td").text = lang
        add(row, "td", {"class": "published" if state in ("source", "published")
                        else "failed"}).text = state
        files = add(row, "td")
        for fmt, href in links:
            link = add(files, "a", href=href)
            link.text, link.tail = fmt, " "
    page = E.HTML(E.HEAD(E.META(charset="utf-8"), E.TITLE(title), E.STYLE(CSS)),
                  E.BODY(E.H1(title), table))
    page.set("lang", "en")
    return lxml.html.tostring(page, doctype="<!DOCTYPE html>", encoding="utf-8",
                              pretty_print=True)
