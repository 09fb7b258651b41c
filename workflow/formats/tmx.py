"""TMX 1.4b: translation units in several languages, for translation memories and CAT tools."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import BinaryIO

import lxml.etree

from .. import __version__
from ..errors import WorkflowError
from . import xmlsafe

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass(frozen=True)
class TranslationUnit:
    """One TMX <tu>: the same text in several languages (language code -> text)."""

    variants: tuple[tuple[str, str], ...]
    note: str | None = None
    props: tuple[tuple[str, str], ...] = ()
    line: int = 0

    def text(self, lang: str) -> str | None:
        for code, value in self.variants:
            if _base(code) == lang:
                return value
        return None


def _base(code: str) -> str:
    return code.replace("_", "-").split("-")[0].lower()


def _dtd() -> lxml.etree.DTD:
    data = resources.files("workflow.schemas").joinpath("tmx14.dtd").read_bytes()
    import io

    return lxml.etree.DTD(io.BytesIO(data))


def write_tmx(units: Iterable[TranslationUnit], *, source_lang: str = "*all*") -> bytes:
    root = lxml.etree.Element("tmx", version="1.4")
    lxml.etree.SubElement(root, "header", {
        "creationtool": "l10n-workflow", "creationtoolversion": __version__,
        "datatype": "plaintext", "segtype": "sentence", "adminlang": "en",
        "srclang": source_lang, "o-tmf": "PO"})
    body = lxml.etree.SubElement(root, "body")
    for unit in units:
        tu = lxml.etree.SubElement(body, "tu")
        if unit.note:
            lxml.etree.SubElement(tu, "note").text = xmlsafe.xml_text(unit.note, what="a note")
        for name, value in unit.props:
            lxml.etree.SubElement(tu, "prop", type=name).text = xmlsafe.xml_text(
                value, what="a property")
        for lang, text in unit.variants:
            tuv = lxml.etree.SubElement(tu, "tuv", {XML_LANG: lang})
            lxml.etree.SubElement(tuv, "seg").text = xmlsafe.xml_text(
                text, what=f"a {lang} segment")
    return lxml.etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True,
                               doctype='<!DOCTYPE tmx SYSTEM "tmx14.dtd">')


def read_tmx(f: BinaryIO) -> list[TranslationUnit]:
    """Read TMX (validated against the TMX 1.4b DTD); inline codes keep only their text."""
    tree = xmlsafe.parse(f)
    root = tree.getroot()
    if root.tag != "tmx":
        raise WorkflowError(f"not a TMX document (root element <{root.tag}>)",
                            line=root.sourceline, fix="export TMX 1.4 from your CAT tool")
    dtd = _dtd()
    if not dtd.validate(root):
        error = dtd.error_log.filter_from_errors()[-1] if dtd.error_log.filter_from_errors() \
            else dtd.error_log.last_error
        raise WorkflowError(f"not a valid TMX 1.4b document: {error.message}",
                            line=error.line or 1, fix="check it against tmx14.dtd")
    units = []
    for tu in root.iter("tu"):
        variants = []
        for tuv in tu.findall("tuv"):
            lang = tuv.get(XML_LANG) or tuv.get("lang")
            seg = tuv.find("seg")
            if lang and seg is not None:
                variants.append((lang, segment_text(seg)))
        note = tu.findtext("note")
        props = tuple((p.get("type", ""), p.text or "") for p in tu.findall("prop"))
        units.append(TranslationUnit(tuple(variants), note, props, tu.sourceline or 0))
    return units


# Inline codes whose content is the original format's markup (``<b>``, ``{1}``), not text.
_CODES = {"bpt", "ept", "it", "ph", "ut"}


def segment_text(seg) -> str:
    """The text of a <seg>: its own text and <hi>'s, never the native code inside <bpt>, <ept>,
    <it>, <ph> or <ut> (which would leak "<b>" into a draft), nor a <sub>'s separate flow."""
    out = [seg.text or ""]
    for child in seg:
        if not isinstance(child.tag, str):   # a comment or processing instruction
            out.append(child.tail or "")
            continue
        if child.tag == "hi":
            out.append(segment_text(child))
        out.append(child.tail or "")
    return "".join(out)


def pairs(units: Sequence[TranslationUnit], langs: Iterable[str] | None = None
          ) -> Iterable[tuple[str, str, str, str, str]]:
    """(source lang, target lang, source, target, origin) for every ordered language pair; with
    ``langs``, only pairs of those languages (a TMX of 30 languages would otherwise give 870
    pairs per unit)."""
    wanted = None if langs is None else {_base(code) for code in langs}
    for unit in units:
        variants = [(code, text) for code, text in unit.variants
                    if wanted is None or _base(code) in wanted]
        for src_code, src in variants:
            for tgt_code, tgt in variants:
                if _base(src_code) != _base(tgt_code) and src.strip() and tgt.strip():
                    yield _base(src_code), _base(tgt_code), src, tgt, unit.note or "tmx"
