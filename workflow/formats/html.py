"""HTML articles, parsed with lxml: read into blocks with inline codes, and rebuilt on export.

The article is the first ``<article>`` or ``<main>`` (else ``<body>``). Elements that are site
chrome by their tag (navigation, header, footer, scripts: a list the project can change) are
left out and reported.

A *run* is a stretch of inline content (text, links, emphasis, spans, line breaks) inside one
block element: all of a ``<p>``'s content, or the text beside the block children of a
``<div>``. Each run with text is a block of the document; its inline elements become codes
(``<a1>…</a1>``, ``<br2/>``: see ``workflow/inline.py``) whose tags and attributes the block
keeps. Export parses the page again, finds the same runs in the same order, and puts each
one's translation in its place: the page's structure and every attribute come from the source.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

import lxml.etree
import lxml.html

from .. import inline
from ..errors import WorkflowError
from ..inline import Code
from ..model import Block, BlockKind, Dropped

DEFAULT_DROP_TAGS = ("script", "style", "noscript", "template", "nav", "header", "footer",
                     "aside", "form", "iframe", "svg", "button")
_BLOCKS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "dt", "dd", "figcaption",
           "blockquote", "td", "th", "caption", "pre", "div", "section", "article", "main",
           "ul", "ol", "dl", "table", "thead", "tbody", "tfoot", "tr", "figure", "body",
           "details", "summary", "address", "hgroup", "hr", "html", "center", "fieldset",
           "legend", "video", "audio", "picture", "object", "map", "menu", "colgroup"}
#: Elements that never have content: always standalone codes.
_VOID = {"br", "img", "wbr", "input", "embed", "area", "source", "track", "col", "param"}
MAX_DEPTH = 400


@dataclass
class Run:
    """Inline content of ``parent``: its children strictly between ``after`` and ``before``
    (``after`` = -1: starting with ``parent.text``; otherwise with ``parent[after].tail``)."""

    parent: lxml.etree._Element
    after: int
    before: int
    leaf: bool                 # the whole content of a block element

    def coded(self) -> tuple[str, list[Code]]:
        """The run as text with codes, and what each code stands for."""
        codes: list[Code] = []
        parts = [(self.parent.text if self.after < 0 else self.parent[self.after].tail) or ""]
        for child in self.parent[self.after + 1:self.before]:
            _encode(child, parts, codes)
            parts.append(child.tail or "")
        return "".join(parts), codes


def _encode(element, parts: list[str], codes: list[Code]) -> None:
    if not isinstance(element.tag, str):
        return
    tag = element.tag.lower()
    name = tag if tag.isalpha() and tag.isascii() else "span"
    attrs = tuple((str(k), str(v)) for k, v in element.attrib.items())
    paired = tag not in _VOID and (len(element) > 0 or bool(element.text))
    code = Code(len(codes) + 1, name, paired, attrs, element=tag if tag != name else "")
    codes.append(code)
    if not paired:
        parts.append(inline.code_text(code, "single"))
        return
    parts.append(inline.code_text(code, "open"))
    parts.append(element.text or "")
    for child in element:
        _encode(child, parts, codes)
        parts.append(child.tail or "")
    parts.append(inline.code_text(code, "close"))


def parse_page(text: str, drop_tags: Iterable[str]
               ) -> tuple[lxml.etree._Element, lxml.etree._Element, list[Dropped]]:
    """The page's root and article container, with chrome elements removed (and listed)."""
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
    return root, container, dropped


def read_html(text: str, *, drop_tags: Iterable[str] = DEFAULT_DROP_TAGS
              ) -> tuple[list[Block], list[Dropped], str | None]:
    """Blocks, dropped chrome, and the ``<html lang>`` the page declares (if any)."""
    root, container, dropped = parse_page(text, drop_tags)
    blocks: list[Block] = []
    for anchor, run in enumerate(runs(container)):
        coded, codes = run.coded()
        _, inner, _ = inline.peel(coded)
        raw = inner.strip(inline.ASCII_SPACE)
        if not raw or not inline.plain(raw).strip() and not _attribute_texts(codes):
            continue
        line = _line(run) + inner[:len(inner) - len(inner.lstrip(inline.ASCII_SPACE))].count("\n")
        tag = run.parent.tag.lower() if isinstance(run.parent.tag, str) else ""
        kind = _kind(tag, blocks) if run.leaf else BlockKind.PARAGRAPH
        level = int(tag[1]) if run.leaf and tag[:1] == "h" and tag[1:].isdigit() else 0
        blocks.append(Block(kind, " ".join(raw.split()), line, raw=raw, level=level,
                            codes=tuple(codes), anchor=anchor))
    return blocks, dropped, root.get("lang")


def _attribute_texts(codes: Iterable[Code]) -> bool:
    return any((code.attr(name) or "").strip() for code in codes
               for name in inline.TRANSLATABLE_ATTRIBUTES)


def _line(run: Run) -> int:
    """The source line a run starts on (after a child: the line that child ends on)."""
    if run.after < 0:
        return run.parent.sourceline or 1
    child = run.parent[run.after]
    return (child.sourceline or 1) + lxml.html.tostring(child, encoding="unicode",
                                                        with_tail=False).count("\n")


def _inside_body(element: lxml.etree._Element) -> bool:
    return any(a.tag == "body" for a in element.iterancestors())


def runs(container: lxml.etree._Element) -> Iterator[Run]:
    """The runs of inline content under ``container``, in reading order: read and export both
    walk the page with this, so the n-th run is the same on both sides."""
    blockish = _blockish(container)

    def walk(element, depth: int) -> Iterator[Run]:
        if depth > MAX_DEPTH:
            raise WorkflowError(f"HTML nested more than {MAX_DEPTH} levels deep",
                                line=element.sourceline,
                                fix="simplify the page; real articles are never this deep")
        children = list(element)
        inside = [i for i, child in enumerate(children) if child in blockish]
        if not inside:
            yield Run(element, -1, len(children), leaf=True)
            return
        after = -1
        for index in inside + [len(children)]:
            if index > after + 1 or ((element.text if after < 0 else children[after].tail)
                                     or "").strip():
                yield Run(element, after, index, leaf=False)
            if index < len(children):
                yield from walk(children[index], depth + 1)
            after = index

    yield from walk(container, 0)


def _blockish(container) -> set:
    """Block elements, and inline elements with a block inside (``<a><p>…</p></a>``)."""
    found: set = set()
    for element in container.iter(lxml.etree.Element):
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if tag in _BLOCKS and element not in found:
            found.add(element)
            for ancestor in element.iterancestors():
                if ancestor in found:
                    break
                found.add(ancestor)
    return found


def _kind(tag: str, blocks: list[Block]) -> BlockKind:
    if tag == "h1" and not any(b.kind is BlockKind.TITLE for b in blocks):
        return BlockKind.TITLE
    if tag[:1] == "h" and tag[1:].isdigit():
        return BlockKind.HEADING
    if tag in ("li", "dt", "dd"):
        return BlockKind.LIST_ITEM
    return BlockKind.PARAGRAPH


# ---------------------------------------------------------------------------------------------
# Export: the source page with each run's text replaced


def rebuild_html(text: str, *, drop_tags: Iterable[str], replacements: Mapping[int, str],
                 attributes: Mapping[int, Mapping[tuple[int, str], str]] | None = None
                 ) -> tuple[lxml.etree._Element, lxml.etree._Element]:
    """The page's root and its article container, with the run numbered ``anchor`` holding
    ``replacements[anchor]`` (text with the block's codes) and the runs that are not replaced
    removed (chrome rules dropped them, or they had no text). ``attributes[anchor]`` maps
    (code, attribute name) to a translated attribute value (as ``rebuild_markdown``)."""
    root, container, _ = parse_page(text, drop_tags)
    attributes = attributes or {}
    found = list(runs(container))
    for anchor in range(len(found) - 1, -1, -1):
        run = found[anchor]
        coded, codes = run.coded()
        if anchor not in replacements:
            if inline.plain(coded).strip():      # chrome a rule dropped stays out
                if run.leaf and run.parent is not container:
                    run.parent.drop_tree()
                else:
                    _replace(run, coded[:len(coded) - len(coded.lstrip())], {})
            continue
        prefix, _inner, suffix = inline.peel(coded)
        _replace(run, prefix + replacements[anchor] + suffix,
                 elements(codes, attributes.get(anchor, {})))
    return root, container


def elements(codes: Iterable[Code], translated: Mapping[tuple[int, str], str]
             ) -> dict[int, tuple[Code, dict[str, str]]]:
    """Each code with the attributes its element gets: the source's, with the translated
    ``title``/``alt`` texts (``translated[(code, name)]``) in place."""
    out = {}
    for code in codes:
        attrs = dict(code.attrs)
        for name in inline.TRANSLATABLE_ATTRIBUTES:
            if (code.id, name) in translated:
                attrs[name] = translated[(code.id, name)]
        out[code.id] = (code, attrs)
    return out


def _replace(run: Run, coded: str, codes: Mapping[int, tuple[Code, dict[str, str]]]) -> None:
    parent = run.parent
    for child in parent[run.after + 1:run.before]:
        parent.remove(child)
    holder = lxml.html.Element("div")
    build(holder, coded, codes)
    if run.after < 0:
        parent.text = holder.text
    else:
        parent[run.after].tail = holder.text
    for offset, child in enumerate(list(holder)):
        parent.insert(run.after + 1 + offset, child)


def build(holder, coded: str, codes: Mapping[int, tuple[Code, dict[str, str]]]) -> None:
    """Append ``coded`` to ``holder`` as text and elements. A code the block does not have is
    text; a closing code out of place is left out and open codes are closed at the end (the
    markup check stops such translations at the gate; a preview must still be a valid page).
    Whatever a translator typed is text: lxml escapes it."""
    stack: list[tuple[lxml.etree._Element, int]] = [(holder, 0)]
    last = 0

    def add_text(piece: str) -> None:
        current = stack[-1][0]
        if not piece:
            return
        if len(current):
            current[-1].tail = (current[-1].tail or "") + piece
        else:
            current.text = (current.text or "") + piece

    for marker in inline.markers(coded):
        known = codes.get(marker.id)
        if known is None or known[0].tag != marker.tag or (
                known[0].paired != (marker.kind != "single")):
            continue
        add_text(coded[last:marker.start])
        last = marker.end
        code, attrs = known
        if marker.kind == "close":
            if len(stack) > 1 and stack[-1][1] == code.id:
                stack.pop()
            continue
        element = lxml.html.Element(code.html_tag)
        for name, value in attrs.items():
            element.set(name, value)
        for name, value in marker.attrs:
            if name in inline.OVERRIDABLE and inline.safe_url(value):
                element.set(name, value)
        stack[-1][0].append(element)
        if marker.kind == "open":
            stack.append((element, code.id))
    add_text(coded[last:])


# ---------------------------------------------------------------------------------------------
# Serializing: WHATWG's algorithm for HTML. (libxml2's HTML writer percent-escapes link
# addresses, so a Cyrillic URL or one with a stray space would come out changed.)

_VOID_WRITE = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
               "source", "track", "wbr", "param", "keygen", "frame", "basefont", "bgsound"}
_RAW_TEXT = {"style", "script", "xmp", "iframe", "noembed", "noframes", "plaintext"}


def serialize(root: lxml.etree._Element, *, doctype: str = "<!DOCTYPE html>") -> bytes:
    """The page as HTML text, attribute values and text exactly as the tree has them."""
    out: list[str] = [doctype, "\n"] if doctype else []
    _write(root, out)
    out.append("\n")
    return "".join(out).encode("utf-8")


def _escape(text: str, attribute: bool) -> str:
    text = text.replace("&", "&amp;").replace("\u00a0", "&nbsp;")
    if attribute:
        return text.replace('"', "&quot;")
    return text.replace("<", "&lt;").replace(">", "&gt;")


def _write(element, out: list[str]) -> None:
    tag = element.tag
    if not isinstance(tag, str):                 # comments and processing instructions
        if isinstance(element, lxml.etree._Comment):
            out.append(f"<!--{element.text or ''}-->")
        return
    out.append("<" + tag)
    for name, value in element.attrib.items():
        out.append(f' {name}="{_escape(value, True)}"')
    void = tag.lower() in _VOID_WRITE
    if void and not element.text and not len(element):
        out.append(" />")         # the slash: libxml2 does not know <wbr> or <source> are void
        return
    out.append(">")
    # (libxml2 puts what follows an element it does not know as void inside it, e.g. after
    # <source> or <wbr>: written after the start tag, it is read back the same way)
    if element.text:
        out.append(element.text if tag.lower() in _RAW_TEXT else _escape(element.text, False))
    for child in element:
        _write(child, out)
        if child.tail:
            out.append(_escape(child.tail, False))
    if not void:
        out.append(f"</{tag}>")
