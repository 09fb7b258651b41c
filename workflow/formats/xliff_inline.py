"""Inline codes in XLIFF: ``<a1>…</a1>`` and ``<br2/>`` as XLIFF 1.2 ``<g>``/``<x>`` and XLIFF 2.0
``<pc>``/``<ph>``, and back.

A CAT tool shows these as tags the translator moves but cannot break. In XLIFF 2.0 each code says
it may be moved but neither deleted nor copied (``canDelete="no" canCopy="no"``: our markup
check's rules), and the unit's ``<originalData>`` shows the source's own markup
(``<a href="https://copat.gov.az/">``), so the translator sees what a tag stands for. A link a
translator localized on purpose (``<a1 href="…">``) travels as ``l10n:href`` (1.2) or in
``<originalData>`` (2.0 only shows the source's).

Reading turns every inline element a CAT tool may write (1.2 ``g``, ``x``, ``bx``/``ex``,
``bpt``/``ept``, ``ph``, ``it``; 2.0 ``pc``, ``ph``, ``sc``/``ec``) into codes numbered by the
element's id. The tags are named by the catalog's own source text when the import is applied
(``retag``), so a CAT tool that loses our tag names loses nothing.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

import lxml.etree

from .. import inline
from ..inline import Code
from . import xmlsafe

L10N_NS = "urn:l10n-workflow:inline"
_CTYPE12 = {"strong": "bold", "b": "bold", "em": "italic", "i": "italic", "u": "underlined",
            "a": "link"}
_X12 = {"br": "lb", "img": "image"}
_SUBTYPE20 = {"strong": "xlf:b", "b": "xlf:b", "em": "xlf:i", "i": "xlf:i", "u": "xlf:u",
              "br": "xlf:lb"}
_TYPE20 = {"a": "link", "img": "image", "q": "quote"}


def original_markup(code: Code, kind: str) -> str:
    """The source's markup for a code, as a CAT tool shows it: ``<a href="…">``, or the
    Markdown syntax it was written with (``**``, ``[`` … ``](https://…)``)."""
    if kind == "close":
        return code.markup[1] or f"</{code.html_tag}>"
    if code.markup[0]:
        return code.markup[0]
    attrs = "".join(f' {k}="{html.escape(v)}"' for k, v in code.attrs)
    return f"<{code.html_tag}{attrs}{'/' if not code.paired else ''}>"


def write_coded(parent, text: str, version: str, *, as_text: bool = False,
                strict: bool = True) -> None:
    """Fill ``parent`` (a ``<source>`` or ``<target>``) with ``text``'s words and codes. A text
    whose codes do not nest, or ``as_text``, is written as plain text (its codes as the
    characters ``<a1>``); ``strict``: XLIFF 2.0 codes may not be deleted or copied."""
    ns = parent.tag[:parent.tag.index("}") + 1]
    found = inline.markers(text)
    if as_text or not found or not inline.balanced(text):
        _append_text(parent, text)
        return
    stack = [parent]
    last = 0
    for marker in found:
        _append_text(stack[-1], text[last:marker.start])
        last = marker.end
        if marker.kind == "close":
            stack.pop()
            continue
        element = lxml.etree.SubElement(stack[-1], ns + _element_name(marker, version))
        _set_attributes(element, marker, version, strict)
        if marker.kind == "open":
            stack.append(element)
    _append_text(stack[-1], text[last:])


def _element_name(marker: inline.Marker, version: str) -> str:
    if version == "1.2":
        return "g" if marker.kind == "open" else "x"
    return "pc" if marker.kind == "open" else "ph"


def _set_attributes(element, marker: inline.Marker, version: str, strict: bool) -> None:
    element.set("id", str(marker.id))
    if version == "1.2":
        ctype = (_CTYPE12.get(marker.tag) if marker.kind == "open" else _X12.get(marker.tag)) \
            or f"x-html-{marker.tag}"
        element.set("ctype", ctype)
        element.set("clone", "no")
        for name, value in marker.attrs:
            element.set(f"{{{L10N_NS}}}{name}", xmlsafe.xml_text(value, what="an attribute"))
        if marker.tag == "br":
            element.set("equiv-text", "\n")
        return
    kind = _TYPE20.get(marker.tag, "fmt")
    element.set("type", kind)
    if kind == "fmt" and marker.tag in _SUBTYPE20:
        element.set("subType", _SUBTYPE20[marker.tag])
    if strict:
        element.set("canCopy", "no")
        element.set("canDelete", "no")
    if marker.tag == "br":
        element.set("equiv", "\n")


def _append_text(element, piece: str) -> None:
    if not piece:
        return
    piece = xmlsafe.xml_text(piece, what="a translation")
    if len(element):
        element[-1].tail = (element[-1].tail or "") + piece
    else:
        element.text = (element.text or "") + piece


def add_original_data(unit_element, segment_sources: Sequence, codes: Mapping[int, Code]) -> None:
    """XLIFF 2.0: ``<originalData>`` with each code's source markup, referenced from the codes
    of the unit's source and target (``dataRefStart``/``dataRefEnd``/``dataRef``)."""
    ns = unit_element.tag[:unit_element.tag.index("}") + 1]
    data: dict[str, str] = {}
    for part in segment_sources:
        for element in part.iter(ns + "pc", ns + "ph"):
            code = codes.get(int(element.get("id")))
            if code is None:
                continue
            local = element.tag[len(ns):]
            if local == "pc":
                start, end = f"d{code.id}s", f"d{code.id}e"
                data[start] = original_markup(code, "open")
                data[end] = original_markup(code, "close")
                element.set("dataRefStart", start)
                element.set("dataRefEnd", end)
            else:
                ref = f"d{code.id}"
                data[ref] = original_markup(code, "single")
                element.set("dataRef", ref)
    if not data:
        return
    original = lxml.etree.Element(ns + "originalData")
    for ref, markup in data.items():
        lxml.etree.SubElement(original, ns + "data", id=ref).text = \
            xmlsafe.xml_text(markup, what="original markup")
    notes = unit_element.find(ns + "notes")
    (notes.addnext if notes is not None else lambda e: unit_element.insert(0, e))(original)


# ---------------------------------------------------------------------------------------------
# Reading

_PAIRED = {"g", "pc"}
_SINGLE = {"x", "ph", "it"}


def read_coded(element) -> str:
    """The text of a ``<source>``/``<target>`` with its inline elements as codes (tags named
    ``g``/``x`` until ``retag`` names them after the catalog's source)."""
    if element is None:
        return ""
    out: list[str] = []
    _read(element, out, top=True)
    return "".join(out)


def _local(element) -> str:
    tag = element.tag
    return tag[tag.index("}") + 1:] if isinstance(tag, str) and tag.startswith("{") else str(tag)


def _number(value: str | None) -> int | None:
    digits = "".join(ch for ch in (value or "") if ch.isdigit())
    return int(digits) if digits and 0 < int(digits) < 10000 else None


def _read(element, out: list[str], top: bool = False) -> None:
    name = _local(element)
    number = _number(element.get("id") or element.get("rid") or element.get("startRef"))
    overrides = "".join(f' {k[len(L10N_NS) + 2:]}="{v}"' for k, v in element.attrib.items()
                        if k.startswith(f"{{{L10N_NS}}}"))
    if not top and name in _PAIRED and number is not None:
        out.append(f"<g{number}{overrides}>")
        out.append(element.text or "")
        for child in element:
            _read(child, out)
            out.append(child.tail or "")
        out.append(f"</g{number}>")
        return
    elif not top and name in ("bx", "bpt", "sc") and number is not None:
        out.append(f"<g{number}{overrides}>")
        return
    elif not top and name in ("ex", "ept", "ec") and number is not None:
        out.append(f"</g{number}>")
        return
    elif not top and name in _SINGLE:
        if number is not None:
            out.append(f"<x{number}{overrides}/>")
        return
    out.append(element.text or "")
    for child in element:
        if isinstance(child.tag, str):
            _read(child, out)
        out.append(child.tail or "")


def retag(text: str, source: str) -> str:
    """Name the codes of an imported text after the catalog's ``source``: ``<g1>`` becomes
    ``<a1>`` where the source's code 1 is a link. Codes the source does not have keep their
    neutral names (the markup check then reports them)."""
    names = {m.id: (m.tag, m.kind == "single") for m in inline.markers(source)}
    found = inline.markers(text)
    if not found:
        return text
    out, last = [], 0
    for marker in found:
        out.append(text[last:marker.start])
        last = marker.end
        tag, single = names.get(marker.id, (marker.tag, marker.kind == "single"))
        if marker.tag not in ("g", "x") or single != (marker.kind == "single"):
            tag = marker.tag
        out.append(inline.marker_text(marker.kind, tag, marker.id, marker.attrs))
    out.append(text[last:])
    return "".join(out)
