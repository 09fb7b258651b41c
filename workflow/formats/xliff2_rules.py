"""XLIFF 2.x: the schema with its modules, and the processing requirements no schema expresses.

Of the 119 invalid documents in the OASIS XLIFF 2 core conformance suite, the schemas catch 30;
the rest break requirements of the specification that need code: ids unique in their scope,
references that resolve, inline codes that pair up, languages that agree, module names that
exist. ``check_processing_rules`` implements them (rule numbers follow our analysis of the suite,
kept in the module's tests) and raises on the first problem with its line.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from functools import lru_cache
from importlib import resources
from pathlib import Path

import lxml.etree

from ..errors import WorkflowError
from .xliff2_inline import (
    INLINE_CODES,
    XLF,
    RuleProblem,
    check_deletion,
    check_pairs,
    check_reordering,
    is_xliff,
    local_name,
    qname,
    side_of,
)

XML = "http://www.w3.org/XML/1998/namespace"
FS = "urn:oasis:names:tc:xliff:fs:2.0"
MODULES = {
    "urn:oasis:names:tc:xliff:changetracking:2.0": "change_tracking.xsd",
    "urn:oasis:names:tc:xliff:fs:2.0": "fs.xsd",
    "urn:oasis:names:tc:xliff:glossary:2.0": "glossary.xsd",
    "urn:oasis:names:tc:xliff:matches:2.0": "matches.xsd",
    "urn:oasis:names:tc:xliff:metadata:2.0": "metadata.xsd",
    "urn:oasis:names:tc:xliff:resourcedata:2.0": "resource_data.xsd",
    "urn:oasis:names:tc:xliff:sizerestriction:2.0": "size_restriction.xsd",
    "urn:oasis:names:tc:xliff:validation:2.0": "validation.xsd",
}
ITS_NS = {"http://www.w3.org/2005/11/its", "urn:oasis:names:tc:xliff:itsm:2.1"}
CORE_PREFIXES = {"f", "g", "u", "n", "d", "t"}
MODULE_PREFIXES = {"mtc", "gls", "mda", "res", "ctr", "slr", "val", "tbx"}


def _folder(package: str) -> Path:
    return Path(str(resources.files(package)))


@lru_cache(maxsize=1)
def schema() -> lxml.etree.XMLSchema:
    """The XLIFF 2.0 core schema together with the module schemas."""
    core = _folder("workflow.schemas")
    modules = _folder("workflow.schemas.xliff20_modules")
    imports = [f'<xs:import namespace="{XLF}" schemaLocation="{(core / "xliff_core_2.0.xsd").as_uri()}"/>']
    imports += [f'<xs:import namespace="{ns}" schemaLocation="{(modules / name).as_uri()}"/>'
                for ns, name in MODULES.items()]
    driver = ('<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" '
              'targetNamespace="urn:x-l10n-driver">' + "".join(imports) + "</xs:schema>")
    parser = lxml.etree.XMLParser(no_network=True)
    parser.resolvers.add(_XmlXsd())
    return lxml.etree.XMLSchema(lxml.etree.fromstring(driver.encode(), parser,
                                                      base_url=core.as_uri() + "/"))


class _XmlXsd(lxml.etree.Resolver):
    def resolve(self, url, pubid, context):
        if url and url.endswith("xml.xsd"):
            return self.resolve_filename(str(_folder("workflow.schemas") / "xml.xsd"), context)
        return None


@lru_cache(maxsize=1)
def _module_names() -> dict[str, tuple[set[str], set[str]]]:
    xs = "{http://www.w3.org/2001/XMLSchema}"
    out = {}
    for ns, name in MODULES.items():
        doc = lxml.etree.parse(str(_folder("workflow.schemas.xliff20_modules") / name)).getroot()
        elements = {e.get("name") for e in doc.iter(xs + "element") if e.get("name")}
        attributes = {a.get("name") for a in doc.findall(xs + "attribute") if a.get("name")}
        out[ns] = (elements, attributes)
    return out


_A, _AN = "[A-Za-z]", "[A-Za-z0-9]"
_LANGTAG = (rf"(?:{_A}{{2,3}}(?:-{_A}{{3}}){{0,3}}|{_A}{{4}}|{_A}{{5,8}})(?:-{_A}{{4}})?"
            rf"(?:-(?:{_A}{{2}}|[0-9]{{3}}))?(?:-(?:{_AN}{{5,8}}|[0-9]{_AN}{{3}}))*"
            rf"(?:-[0-9A-WY-Za-wy-z](?:-{_AN}{{2,8}})+)*(?:-[xX](?:-{_AN}{{1,8}})+)?")
_BCP47 = re.compile(rf"^(?:{_LANGTAG}|[xX](?:-{_AN}{{1,8}})+|en-GB-oed|i-[a-z]+|"
                    r"sgn-BE-FR|sgn-BE-NL|sgn-CH-DE|art-lojban|cel-gaulish|no-bok|no-nyn|"
                    r"zh-guoyu|zh-hakka|zh-min|zh-min-nan|zh-xiang)$", re.IGNORECASE)


def check_processing_rules(root) -> None:
    """Raise a WorkflowError (with the line) for the first processing requirement broken."""
    try:
        _check(root)
    except RuleProblem as problem:
        line = problem.element.sourceline if problem.element is not None else root.sourceline
        raise WorkflowError(f"not a valid XLIFF 2 document: {problem.what}", line=line,
                            fix="see the processing requirements of the XLIFF 2 core "
                            "specification") from None


def _inherited(e, attribute: str, default=None):
    while e is not None:
        if e.get(attribute) is not None:
            return e.get(attribute)
        e = e.getparent()
    return default


def _parts(unit) -> list:
    return [c for c in unit if is_xliff(c, "segment") or is_xliff(c, "ignorable")]


def _fragment(ref: str) -> list[tuple[str | None, str]]:
    """Parse a '#...' fragment identifier into selectors; ValueError says what is wrong."""
    body = ref[1:].removeprefix("/")
    if not body:
        raise ValueError("empty fragment identifier")
    selectors = []
    for part in body.split("/"):
        if not part:
            raise ValueError("empty selector")
        if "=" in part:
            prefix, _, value = part.partition("=")
            if not prefix or not value or "=" in value:
                raise ValueError(f"bad selector {part!r}")
            if (len(prefix) == 1 and prefix not in CORE_PREFIXES) or (
                    len(prefix) > 1 and prefix not in MODULE_PREFIXES):
                raise ValueError(f"unregistered prefix {prefix!r}")
            selectors.append((prefix, value))
        else:
            selectors.append((None, part))
    rank, last, seen = {"f": 0, "g": 1, "u": 2}, -1, set()
    for index, (prefix, value) in enumerate(selectors):
        if prefix in seen:
            raise ValueError(f"prefix {prefix!r} used twice")
        seen.add(prefix)
        current = rank.get(prefix, 3)
        if current < last:
            raise ValueError("selectors out of order (file, group, unit, then the rest)")
        if current == 3 and index != len(selectors) - 1:
            raise ValueError(f"selector {prefix or value!r} must come last")
        last = current
    return selectors


def _check(root) -> None:
    src_lang, trg_lang = root.get("srcLang"), root.get("trgLang")
    for attribute in ("srcLang", "trgLang"):
        if root.get(attribute) is not None and not _BCP47.match(root.get(attribute)):
            raise RuleProblem("R32", f"{attribute} {root.get(attribute)!r} is not a BCP 47 "
                           "language tag", root)
    for value, count in Counter(f.get("id") for f in root.findall(qname("file"))).items():
        if count > 1:
            raise RuleProblem("R01", f"file id {value!r} is not unique", root)
    names = _module_names()
    for e in root.iter():
        if not isinstance(e.tag, str):
            continue
        _check_element(e, names, src_lang, trg_lang)
    _check_extension_ids(root)
    for file in root.findall(qname("file")):
        groups = list(file.iter(qname("group")))
        units = list(file.iter(qname("unit")))
        for collection, what in ((groups, "group"), (units, "unit")):
            for value, count in Counter(x.get("id") for x in collection).items():
                if count > 1:
                    raise RuleProblem("R02", f"{what} id {value!r} is not unique in its file",
                                   file)
        unit_ids = {u.get("id") for u in units}
        for unit in units:
            _check_unit(unit, file.get("id"), unit_ids)


def _split(tag: str) -> tuple[str | None, str]:
    """(namespace, local name) of a tag, by string operations (this runs per element)."""
    if tag.startswith("{"):
        ns, _, name = tag[1:].partition("}")
        return ns, name
    return None, tag


def _check_element(e, names, src_lang, trg_lang) -> None:
    ns, name = _split(e.tag)
    xliff = ns == XLF
    lang = e.get(f"{{{XML}}}lang")
    if lang and not _BCP47.match(lang):
        raise RuleProblem("R32", f"xml:lang {lang!r} is not a BCP 47 language tag", e)
    if ns in names and name not in names[ns][0]:
        raise RuleProblem("R29", f"<{name}> is not an element of module {ns}", e)
    for attribute in e.attrib:
        a_ns, a_name = _split(attribute)
        if a_ns in names and a_name not in names[a_ns][1]:
            raise RuleProblem("R29", f"{a_name} is not an attribute of module {a_ns}", e)
        if xliff and name in INLINE_CODES + ("cp", "em") and a_ns and \
                a_ns not in (XML, *MODULES, *ITS_NS):
            raise RuleProblem("R28", f"extension attribute {a_name} on <{name}>", e)
    if e.get(f"{{{FS}}}subFs") is not None and e.get(f"{{{FS}}}fs") is None:
        raise RuleProblem("R30", "fs:subFs without fs:fs", e)
    if (xliff and name == "ec") and e.get("isolated") != "yes" and (
            e.get(f"{{{FS}}}fs") is not None or e.get(f"{{{FS}}}subFs") is not None):
        raise RuleProblem("R30", "fs:fs on an <ec> that is not isolated", e)
    if (xliff and name == "skeleton"):
        empty = len(e) == 0 and not (e.text or "").strip()
        if empty == (e.get("href") is None):
            raise RuleProblem("R09", "<skeleton> must have either content or href", e)
    if (xliff and name == "notes"):
        for value, count in Counter(x.get("id") for x in e.findall(qname("note"))
                                    if x.get("id")).items():
            if count > 1:
                raise RuleProblem("R04", f"note id {value!r} is not unique in its notes", e)
    if (xliff and name == "originalData"):
        for value, count in Counter(x.get("id") for x in e.findall(qname("data"))).items():
            if count > 1:
                raise RuleProblem("R05", f"data id {value!r} is not unique", e)
    if (xliff and name == "segment") and e.get("subState") is not None and e.get("state") is None:
        raise RuleProblem("R21", "subState without state", e)
    if ns == XLF and e.get("subType") is not None:
        sub, kind = e.get("subType"), e.get("type")
        if kind is None:
            raise RuleProblem("R22", "subType without type", e)
        if sub.startswith("xlf:"):
            need = {"xlf:lb": "fmt", "xlf:pb": "fmt", "xlf:b": "fmt", "xlf:i": "fmt",
                    "xlf:u": "fmt", "xlf:var": "ui"}.get(sub)
            if need != kind:
                raise RuleProblem("R22", f"subType {sub} needs type {need}, not {kind}", e)
    if ns == XLF and e.get("canReorder") in ("no", "firstNo") and not (
            e.get("canCopy") == "no" and e.get("canDelete") == "no"):
        raise RuleProblem("R23", 'canReorder="no" needs canCopy="no" and canDelete="no"', e)
    if (xliff and name == "cp"):
        try:
            code = int(e.get("hex"), 16)
        except (TypeError, ValueError):
            raise RuleProblem("R27", "<cp> without a hexadecimal code", e) from None
        if code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or \
                0x10000 <= code <= 0x10FFFF:
            raise RuleProblem("R27", "<cp> for a character XML allows as it is", e)
    if e.get("ref", "").startswith("#") and (ns == XLF or ns in MODULES):
        try:
            _fragment(e.get("ref"))
        except ValueError as exc:
            raise RuleProblem("R19", f"fragment identifier {e.get('ref')!r}: {exc}", e) from None
    parent = e.getparent()
    if ((xliff and name == "source") or (xliff and name == "target")) and parent is not None and (
            is_xliff(parent, "segment") or is_xliff(parent, "ignorable")):
        want = src_lang if name == "source" else trg_lang
        if name == "target" and trg_lang is None:
            raise RuleProblem("R08", "a <target> in a document without trgLang", e)
        lang = _inherited(e, f"{{{XML}}}lang")
        if lang is not None and want is not None and lang.lower() != want.lower():
            raise RuleProblem("R11", f"xml:lang {lang!r} of <{name}> differs from {want!r}",
                           e)
        if name == "target":
            source = side_of(parent, "source")
            space = f"{{{XML}}}space"
            if source is not None and _inherited(e, space, "default") != \
                    _inherited(source, space, "default"):
                raise RuleProblem("R12", "xml:space of the target differs from the source's", e)


def _check_extension_ids(root) -> None:
    seen = defaultdict(list)
    for e in root.iter():
        if not isinstance(e.tag, str):
            continue
        ns = lxml.etree.QName(e).namespace
        if ns is None or ns == XLF or ns in MODULES or ns.startswith("urn:oasis:names:tc:xliff"):
            continue
        scope = e.getparent()
        while scope is not None and not (is_xliff(scope) and local_name(scope) in ("file", "group",
                                                                           "unit")):
            scope = scope.getparent()
        for attribute in ("id", f"{{{XML}}}id"):
            if e.get(attribute) is not None:
                seen[(scope, ns, e.get(attribute))].append(e)
    for (_scope, _ns, value), elements in seen.items():
        if len(elements) > 1:
            raise RuleProblem("R31", f"extension id {value!r} is not unique in its scope",
                           elements[1])


def _check_unit(unit, file_id, unit_ids) -> None:
    parts = _parts(unit)
    if not any(is_xliff(p, "segment") for p in parts):
        raise RuleProblem("R10", "a unit without a segment", unit)
    data_ids = {d.get("id") for d in unit.findall(f"{qname('originalData')}/{qname('data')}")}
    note_ids = {n.get("id") for n in unit.findall(f"{qname('notes')}/{qname('note')}")}
    ids = [p.get("id") for p in parts if p.get("id") is not None]
    for part in parts:
        source = side_of(part, "source")
        if source is not None:
            ids += [x.get("id") for x in source.iter() if is_xliff(x) and x.get("id") is not None]
    for value, count in Counter(ids).items():
        if count > 1:
            raise RuleProblem("R06", f"id {value!r} is not unique in its unit", unit)
    orders = []
    for index, part in enumerate(parts, 1):
        target = side_of(part, "target")
        if target is not None:
            order = int(target.get("order", index))
            if not 1 <= order <= len(parts):
                raise RuleProblem("R07", f"target order {order} outside 1..{len(parts)}", target)
            orders.append(order)
    for value, count in Counter(orders).items():
        if count > 1:
            raise RuleProblem("R07", f"target order {value} used twice", unit)
    for part in parts:      # every XLIFF element inside a segment or an ignorable
        for e in part.iter():
            if e is not part and is_xliff(e):
                _check_references(e, unit, parts, data_ids, note_ids, file_id, unit_ids)
    for side in ("source", "target"):
        check_pairs([x for p in parts for s in [side_of(p, side)] if s is not None
                      for x in s.iter() if is_xliff(x)])
    check_reordering(unit, parts)
    check_deletion(parts)


def _check_references(e, unit, parts, data_ids, note_ids, file_id, unit_ids) -> None:
    for attribute in ("dataRef", "dataRefStart", "dataRefEnd"):
        if e.get(attribute) is not None and e.get(attribute) not in data_ids:
            raise RuleProblem("R16", f"{attribute} {e.get(attribute)!r} names no <data> of the unit",
                           e)
    if is_xliff(e, "pc") and (e.get("dataRefStart") is None) != (e.get("dataRefEnd") is None):
        raise RuleProblem("R16", "dataRefStart and dataRefEnd go together", e)
    for attribute in ("subFlows", "subFlowsStart", "subFlowsEnd"):
        for ref in (e.get(attribute) or "").split():
            if ref not in unit_ids:
                raise RuleProblem("R20", f"{attribute} {ref!r} is not a unit of this file", e)
    if e.get("copyOf") is not None:
        base = [x for p in parts for x in p.iter() if is_xliff(x) and local_name(x) in INLINE_CODES
                and x.get("id") == e.get("copyOf")]
        if e.get("dataRef") or e.get("dataRefStart") or e.get("dataRefEnd"):
            raise RuleProblem("R17", "copyOf together with dataRef", e)
        if not base:
            raise RuleProblem("R17", f"copyOf {e.get('copyOf')!r} names no code of the unit", e)
        if any(b.get("canCopy") == "no" for b in base):
            raise RuleProblem("R17", 'copyOf names a code with canCopy="no"', e)
    if local_name(e) in ("mrk", "sm") and e.get("type") == "comment":
        if (e.get("value") is None) == (e.get("ref") is None):
            raise RuleProblem("R18", "a comment annotation needs exactly one of value and ref", e)
        ref = e.get("ref")
        if ref is not None:
            ok = False
            if ref.startswith("#"):
                try:
                    selectors = _fragment(ref)
                    named = dict(selectors)
                    ok = (selectors[-1][0] == "n" and selectors[-1][1] in note_ids
                          and "g" not in named and named.get("f", file_id) == file_id
                          and named.get("u", unit.get("id")) == unit.get("id")
                          and ("f" not in named or "u" in named))
                except ValueError:
                    ok = False
            if not ok:
                raise RuleProblem("R18", f"comment ref {ref!r} names no note of the unit", e)
