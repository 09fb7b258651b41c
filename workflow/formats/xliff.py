"""XLIFF 1.2 and 2.0: one article in one language, for CAT tools (OmegaT, Trados, memoQ).

States map both ways:

| PO (ours)     | XLIFF 1.2 target/@state                 | XLIFF 2.0 segment/@state |
|---------------|-----------------------------------------|--------------------------|
| untranslated  | no target                               | initial, no target       |
| fuzzy draft   | needs-review-translation                | initial, with a target   |
| translated    | translated                              | translated               |
| reviewed      | signed-off (approved="yes")             | final                    |

On import, 1.2 ``final``/``signed-off`` or ``approved="yes"`` and 2.0 ``reviewed``/``final`` mean
reviewed; 1.2 ``new``/``needs-*`` states and 2.0 ``initial`` with a target mean a draft (fuzzy).
Unit ids are stable hashes of the source sentence, so a file comes back to the units it left.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from importlib import resources
from typing import BinaryIO

import lxml.etree
from rapidfuzz import fuzz, process

from .. import __version__, inline
from ..errors import WorkflowError
from ..inline import Code
from ..merge import FUZZY_MATCH_THRESHOLD
from ..model import REVIEW_PREFIX, Catalog, Unit, UnitState
from . import xliff2_rules, xmlsafe
from .xliff_inline import add_original_data, read_coded, retag, write_coded

NS12 = "urn:oasis:names:tc:xliff:document:1.2"
NS20 = "urn:oasis:names:tc:xliff:document:2.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
MAX_BYTES = 50 * 1024 * 1024


def unit_id(unit: Unit) -> str:
    key = f"{unit.msgctxt or ''}\x04{unit.msgid}".encode()
    return "u" + hashlib.sha1(key).hexdigest()[:12]


@dataclass(frozen=True)
class XliffUnit:
    id: str
    source: str
    target: str | None
    state: UnitState
    line: int = 0
    notes: tuple[str, ...] = ()     # the translator's notes (not the developer's/location ones)


@dataclass(frozen=True)
class XliffFile:
    original: str
    source_lang: str
    target_lang: str
    units: tuple[XliffUnit, ...]


@dataclass(frozen=True)
class XliffDocument:
    version: str
    files: tuple[XliffFile, ...]


# ---------------------------------------------------------------------------------------------
# Writing

def write_xliff(catalog: Catalog, *, doc: str, source_lang: str, target_lang: str,
                version: str = "1.2", codes: Mapping[str, Mapping[int, Code]] | None = None
                ) -> bytes:
    """``codes``: what each source sentence's inline codes stand for (by msgid, then code
    number), for XLIFF 2.0's ``<originalData>``."""
    if version == "1.2":
        return _write12(catalog, doc, source_lang, target_lang)
    if version in ("2.0", "2"):
        return _write20(catalog, doc, source_lang, target_lang, codes or {})
    raise WorkflowError(f"unknown XLIFF version {version!r}", fix="use 1.2 or 2.0")


def _sub(parent, tag, text=None, **attrs):
    element = lxml.etree.SubElement(parent, tag, {
        k: xmlsafe.xml_text(v, what="an attribute") for k, v in attrs.items() if v})
    if text is not None:
        element.text = xmlsafe.xml_text(text, what=f"the text of <{lxml.etree.QName(tag).localname}>")
    return element


def _write12(catalog: Catalog, doc: str, source_lang: str, target_lang: str) -> bytes:
    q = f"{{{NS12}}}"
    root = lxml.etree.Element(q + "xliff", version="1.2", nsmap={None: NS12})
    file = _sub(root, q + "file", original=doc, datatype="plaintext",
                **{"source-language": source_lang, "target-language": target_lang,
                   "tool-id": "l10n-workflow"})
    header = _sub(file, q + "header")
    _sub(header, q + "tool", **{"tool-id": "l10n-workflow", "tool-name": "l10n-workflow",
                                "tool-version": __version__})
    body = _sub(file, q + "body")
    for unit in catalog.active:
        if unit.msgid_plural is not None:
            continue
        state = unit.state
        attrs = {"id": unit_id(unit), f"{{{XML_NS}}}space": "preserve"}
        if state is UnitState.REVIEWED:
            attrs["approved"] = "yes"
        tu = _sub(body, q + "trans-unit", **attrs)
        write_coded(_sub(tu, q + "source"), unit.msgid, "1.2")
        if state is not UnitState.UNTRANSLATED:
            xstate = {UnitState.FUZZY: "needs-review-translation",
                      UnitState.TRANSLATED: "translated",
                      UnitState.REVIEWED: "signed-off"}[state]
            write_coded(_sub(tu, q + "target", state=xstate), unit.msgstr, "1.2",
                        as_text=not _codes_fit(unit))
        for comment in unit.extracted_comments:
            _sub(tu, q + "note", comment, **{"from": "developer"})
        for comment in unit.translator_comments:
            _sub(tu, q + "note", comment, **{"from": "translator"})
    return _serialize(root)


def _codes_fit(unit: Unit) -> bool:
    """A translation whose codes do not fit its source's goes out as text (its codes as the
    characters ``<a1>``), so a CAT tool never receives a tag structure XLIFF forbids; and its
    source's codes then cannot say they must not be deleted."""
    return not (unit.msgstr and inline.has_codes(unit.msgid + unit.msgstr)
                and inline.problems(unit.msgid, unit.msgstr))


def _write20(catalog: Catalog, doc: str, source_lang: str, target_lang: str,
             codes: Mapping[str, Mapping[int, Code]]) -> bytes:
    q = f"{{{NS20}}}"
    root = lxml.etree.Element(q + "xliff", version="2.0", srcLang=source_lang,
                              trgLang=target_lang, nsmap={None: NS20})
    file = _sub(root, q + "file", id="f1", original=doc)
    for unit in catalog.active:
        if unit.msgid_plural is not None:
            continue
        element = _sub(file, q + "unit", id=unit_id(unit))
        comments = [("location", c) for c in unit.extracted_comments] + \
                   [("translator", c) for c in unit.translator_comments]
        if comments:
            notes = _sub(element, q + "notes")
            for category, text in comments:
                _sub(notes, q + "note", text, category=category)
        state = unit.state
        xstate = {UnitState.UNTRANSLATED: "initial", UnitState.FUZZY: "initial",
                  UnitState.TRANSLATED: "translated", UnitState.REVIEWED: "final"}[state]
        segment = _sub(element, q + "segment", state=xstate,
                       subState="l10n:draft" if state is UnitState.FUZZY else None)
        source = _sub(segment, q + "source")
        fits = _codes_fit(unit)
        write_coded(source, unit.msgid, "2.0", strict=fits)
        source.set(f"{{{XML_NS}}}space", "preserve")
        parts = [source]
        if state is not UnitState.UNTRANSLATED:
            target = _sub(segment, q + "target")
            write_coded(target, unit.msgstr, "2.0", as_text=not fits, strict=fits)
            target.set(f"{{{XML_NS}}}space", "preserve")
            parts.append(target)
        add_original_data(element, parts, codes.get(unit.msgid, {}))
    return _serialize(root)


def _serialize(root) -> bytes:
    """Indented XML, except inside the elements whose content is text: lxml's pretty printer
    would put line breaks into a <target> that starts with an inline element."""
    _indent(root, 0)
    return lxml.etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"


_TEXT_ELEMENTS = {"source", "target", "note", "data", "seg-source"}


def _indent(element, level: int) -> None:
    children = [c for c in element if isinstance(c.tag, str)]
    if not children or lxml.etree.QName(element).localname in _TEXT_ELEMENTS:
        return
    pad = "\n" + "  " * (level + 1)
    element.text = pad
    for child in children:
        _indent(child, level + 1)
        child.tail = pad
    children[-1].tail = "\n" + "  " * level


# ---------------------------------------------------------------------------------------------
# Reading

class _LocalSchemas(lxml.etree.Resolver):
    """The schemas import xml.xsd from the web; we answer with our copy."""

    def resolve(self, url, pubid, context):
        if url and url.endswith("xml.xsd"):
            data = resources.files("workflow.schemas").joinpath("xml.xsd").read_bytes()
            return self.resolve_string(data, context)
        return None


def _schema(name: str) -> lxml.etree.XMLSchema:
    parser = lxml.etree.XMLParser(no_network=True, resolve_entities=False)
    parser.resolvers.add(_LocalSchemas())
    data = resources.files("workflow.schemas").joinpath(name).read_bytes()
    return lxml.etree.XMLSchema(lxml.etree.parse(io.BytesIO(data), parser))


def read_xliff(f: BinaryIO) -> XliffDocument:
    """Read XLIFF 1.2 or 2.x; invalid documents are refused with the line of the problem."""
    data = f.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise WorkflowError(f"larger than {MAX_BYTES // 1024 // 1024} MB", line=1,
                            fix="split the file; one article is never this large")
    tree = xmlsafe.parse(io.BytesIO(data))
    root = tree.getroot()
    if root.tag == f"{{{NS12}}}xliff":
        xmlsafe.validate(tree, _schema("xliff-core-1.2-transitional.xsd"), "XLIFF 1.2 document")
        return _read12(root)
    if root.tag == f"{{{NS20}}}xliff":
        xmlsafe.validate(tree, xliff2_rules.schema(), "XLIFF 2.0 document")
        xliff2_rules.check_processing_rules(root)
        return _read20(root)
    raise WorkflowError(f"not an XLIFF 1.2 or 2.0 document (root element "
                        f"<{lxml.etree.QName(root).localname}> in "
                        f"{lxml.etree.QName(root).namespace or 'no namespace'})",
                        line=root.sourceline, fix="export XLIFF 1.2 or 2.0 from your CAT tool")


def _text(element) -> str:
    return "".join(element.itertext()) if element is not None else ""


def _read12(root) -> XliffDocument:
    q = f"{{{NS12}}}"
    files = []
    for file in root.iter(q + "file"):
        units = []
        for tu in file.iter(q + "trans-unit"):
            target = tu.find(q + "target")
            text = read_coded(target) if target is not None else None
            xstate = target.get("state", "") if target is not None else ""
            if text is None or (not text and xstate in ("", "new")):
                state = UnitState.UNTRANSLATED
            elif tu.get("approved") == "yes" or xstate in ("signed-off", "final"):
                state = UnitState.REVIEWED
            elif xstate in ("", "translated"):
                state = UnitState.TRANSLATED
            else:  # new, needs-translation, needs-adaptation, needs-l10n, needs-review-*
                state = UnitState.FUZZY
            notes = tuple(_text(n) for n in tu.findall(q + "note")
                          if n.get("from") != "developer" and _text(n).strip())
            units.append(XliffUnit(tu.get("id", ""), read_coded(tu.find(q + "source")), text, state,
                                   tu.sourceline or 0, notes))
        files.append(XliffFile(file.get("original", ""), file.get("source-language", ""),
                               file.get("target-language", ""), tuple(units)))
    return XliffDocument("1.2", tuple(files))


def _read20(root) -> XliffDocument:
    q = f"{{{NS20}}}"
    files = []
    for file in root.iter(q + "file"):
        units = []
        for element in file.iter(q + "unit"):
            segments = element.findall(q + "segment")
            source = " ".join(read_coded(s.find(q + "source")) for s in segments)
            targets = [s.find(q + "target") for s in segments]
            text = " ".join(read_coded(t) for t in targets) \
                if all(t is not None for t in targets) else None
            states = {s.get("state", "initial") for s in segments}
            if text is None or not text:
                state = UnitState.UNTRANSLATED
            elif states <= {"reviewed", "final"}:
                state = UnitState.REVIEWED
            elif states <= {"translated", "reviewed", "final"}:
                state = UnitState.TRANSLATED
            else:
                state = UnitState.FUZZY
            notes = tuple(_text(n) for n in element.iterfind(f"{q}notes/{q}note")
                          if n.get("category") != "location" and _text(n).strip())
            units.append(XliffUnit(element.get("id", ""), source, text, state,
                                   element.sourceline or 0, notes))
        files.append(XliffFile(file.get("original", ""), root.get("srcLang", ""),
                               root.get("trgLang", ""), tuple(units)))
    return XliffDocument(root.get("version", "2.0"), tuple(files))


# ---------------------------------------------------------------------------------------------
# Applying an imported file to a catalog

@dataclass
class ImportResult:
    updated: int = 0
    unchanged: int = 0
    not_found: int = 0
    source_changed: int = 0
    # (XLIFF line, source, what happened): every unit not simply applied, named for the user
    skipped: list[tuple[int, str, str]] = field(default_factory=list)


def apply_xliff(catalog: Catalog, units: Sequence[XliffUnit], *, reviewer: str = "xliff"
                ) -> tuple[Catalog, ImportResult]:
    """Write imported targets and states into the catalog's units (matched by id, else by
    source text); a unit whose source changed since the export is left alone."""
    result = ImportResult()
    by_id = {unit_id(u): u for u in catalog.active}
    by_source = {u.msgid: u for u in catalog.active}
    changes: dict[tuple[str | None, str], Unit] = {}
    for incoming in units:
        unit = by_id.get(incoming.id)
        if unit is not None:            # codes named after the catalog's source (<g1> -> <a1>)
            incoming = replace(incoming, source=retag(incoming.source, unit.msgid),
                               target=None if incoming.target is None
                               else retag(incoming.target, unit.msgid))
        unit = unit or by_source.get(incoming.source)
        if unit is None and incoming.target:
            unit = _closest(incoming.source, catalog)   # the article's source was edited
        if unit is None:
            result.not_found += 1
            result.skipped.append((incoming.line, incoming.source,
                                   "not in the catalog (the sentence left the article)"))
            continue
        if " ".join(unit.msgid.split()) != " ".join(incoming.source.split()):
            result.source_changed += 1
            if incoming.target and not any(unit.translations):
                # Keep the CAT tool's work: a draft against the old source, for review.
                changes[unit.key] = replace(
                    unit, msgstr=incoming.target, previous_msgid=incoming.source,
                    translator_comments=_merged_notes(unit, incoming)).with_flag("fuzzy", True)
                result.skipped.append((incoming.line, incoming.source,
                                       "source changed since the export: kept as a draft"))
            else:
                result.skipped.append((incoming.line, incoming.source,
                                       "source changed since the export: not imported"))
            continue
        updated = _with_state(unit, incoming, reviewer)
        updated = replace(updated, translator_comments=_merged_notes(updated, incoming))
        if updated == unit and updated.translator_comments == unit.translator_comments:
            result.unchanged += 1
            continue
        changes[unit.key] = updated
        result.updated += 1
    units_out = tuple(changes.get(u.key, u) if not u.obsolete else u for u in catalog.units)
    return Catalog(header=catalog.header, header_comments=catalog.header_comments,
                   header_flags=catalog.header_flags, units=units_out,
                   raw_header=catalog.raw_header), result


def _closest(source: str, catalog: Catalog) -> Unit | None:
    """The catalog unit whose msgid is most like ``source`` (msgmerge's fuzzy match), if any."""
    units = [u for u in catalog.active if u.msgid_plural is None]
    found = process.extractOne(source, [u.msgid for u in units], scorer=fuzz.ratio,
                               score_cutoff=FUZZY_MATCH_THRESHOLD)
    return units[found[2]] if found else None


def _merged_notes(unit: Unit, incoming: XliffUnit) -> tuple[str, ...]:
    """The unit's translator comments plus the notes the CAT tool added (a stale review mark
    in the notes is not brought back)."""
    added = [n.strip() for n in incoming.notes if n.strip() not in unit.translator_comments
             and not n.strip().startswith(REVIEW_PREFIX)]
    return unit.translator_comments + tuple(dict.fromkeys(added))


def _with_state(unit: Unit, incoming: XliffUnit, reviewer: str) -> Unit:
    if incoming.state is UnitState.UNTRANSLATED or incoming.target is None:
        return unit
    text = incoming.target
    if incoming.state is UnitState.REVIEWED:
        fresh = replace(unit, msgstr=text).with_flag("fuzzy", False)
        return fresh if fresh.reviewed else fresh.mark_reviewed(reviewer)
    if incoming.state is UnitState.TRANSLATED:
        return replace(unit, msgstr=text).with_flag("fuzzy", False)
    return replace(unit, msgstr=text).with_flag("fuzzy", True)
