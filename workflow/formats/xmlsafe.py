"""Parsing untrusted XML (SRX, XLIFF, TMX, TBX) safely, with errors that name the line.

No network, no external entities, no DTD loading, no huge trees; any document that declares
entities is refused outright, which also stops entity-expansion bombs ("billion laughs").
"""

from __future__ import annotations

import re
from typing import BinaryIO

import lxml.etree

from ..errors import WorkflowError

MAX_DEPTH = 256


def parser() -> lxml.etree.XMLParser:
    return lxml.etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                                dtd_validation=False, huge_tree=False, remove_comments=True,
                                remove_pis=True)


def parse(f: BinaryIO) -> lxml.etree._ElementTree:
    try:
        tree = lxml.etree.parse(f, parser())
    except lxml.etree.XMLSyntaxError as exc:
        raise WorkflowError(f"not well-formed XML: {exc.msg}", line=exc.lineno,
                            fix="fix the XML syntax") from None
    docinfo = tree.docinfo
    dtd = docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise WorkflowError("the document declares XML entities", line=1,
                            fix="remove the <!ENTITY ...> declarations; they are refused for "
                            "safety")
    if dtd is not None and _declares_attributes(tree):
        # <!ATTLIST trans-unit approved CDATA "yes"> would approve every unit without any unit
        # showing it: attribute declarations in a document are refused like entities
        raise WorkflowError("the document declares attributes in its DTD (<!ATTLIST ...>)", line=1,
                            fix="remove the internal DTD; attribute defaults are refused for "
                            "safety")
    for element in tree.iter():
        if isinstance(element, lxml.etree._Entity):
            raise WorkflowError("the document uses an undeclared or external entity",
                                line=element.sourceline or 1, fix="replace it with its text")
    root = tree.getroot()
    depth = _depth(root)
    if depth > MAX_DEPTH:
        raise WorkflowError(f"XML nested {depth} levels deep", line=1,
                            fix=f"documents of this kind are never deeper than {MAX_DEPTH}")
    return tree


def _declares_attributes(tree: lxml.etree._ElementTree) -> bool:
    """Does the document's internal DTD subset declare attributes (and so defaults)?"""
    dtd = tree.docinfo.internalDTD
    if dtd is None:
        return False
    if any(True for element in dtd.iterelements() for _ in element.iterattributes()):
        return True
    # an <!ATTLIST> for an element the subset does not declare is not listed by iterelements()
    serialized = lxml.etree.tostring(tree, encoding="unicode")
    return serialized.startswith("<!DOCTYPE") and "<!ATTLIST" in serialized.split("]>", 1)[0]


def _depth(root: lxml.etree._Element) -> int:
    deepest = 0
    stack = [(root, 1)]
    while stack:
        element, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in element)
    return deepest


def validate(tree: lxml.etree._ElementTree, schema: lxml.etree._Validator, what: str) -> None:
    try:
        valid = schema.validate(tree)
    except lxml.etree.Error as exc:
        raise WorkflowError(f"not a valid {what}: {exc}", line=1) from None
    if not valid:
        error = schema.error_log.last_error
        raise WorkflowError(f"not a valid {what}: {error.message}", line=error.line,
                            fix=f"check it against the {what} schema")


_XML_CHAR = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(value: str, *, what: str) -> str:
    """Text for an XML element; a character XML 1.0 cannot carry is an error naming it."""
    found = _XML_CHAR.search(value)
    if found:
        raise WorkflowError(f"{what} contains U+{ord(found.group(0)):04X}, which XML cannot "
                            f"carry: {value[:60]!r}", fix="remove the control character from "
                            "the PO file")
    return value
