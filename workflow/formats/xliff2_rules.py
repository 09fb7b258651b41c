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

XLF = "urn:oasis:names:tc:xliff:document:2.0"
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
INLINE_CODES = ("ph", "pc", "sc", "ec")


def _q(name: str) -> str:
    return f"{{{XLF}}}{name}"


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


class _Problem(Exception):
    def __init__(self, rule: str, what: str, element) -> None:
        super().__init__(what)
        self.rule, self.what, self.element = rule, what, element


def check_processing_rules(root) -> None:
    """Raise a WorkflowError (with the line) for the first processing requirement broken."""
    try:
        _check(root)
    except _Problem as problem:
        line = problem.element.sourceline if problem.element is not None else root.sourceline
        raise WorkflowError(f"not a valid XLIFF 2 document: {problem.what}", line=line,
                            fix="see the processing requirements of the XLIFF 2 core "
                            "specification") from None


def _local(e) -> str | None:
    return lxml.etree.QName(e).localname if isinstance(e.tag, str) else None


def _is(e, name: str | None = None) -> bool:
    return isinstance(e.tag, str) and lxml.etree.QName(e).namespace == XLF and (
        name is None or _local(e) == name)


def _inherited(e, attribute: str, default=None):
    while e is not None:
        if e.get(attribute) is not None:
            return e.get(attribute)
        e = e.getparent()
    return default


def _parts(unit) -> list:
    return [c for c in unit if _is(c, "segment") or _is(c, "ignorable")]


def _side(part, name: str):
    return part.find(_q(name))


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
            raise _Problem("R32", f"{attribute} {root.get(attribute)!r} is not a BCP 47 "
                           "language tag", root)
    for value, count in Counter(f.get("id") for f in root.findall(_q("file"))).items():
        if count > 1:
            raise _Problem("R01", f"file id {value!r} is not unique", root)
    names = _module_names()
    for e in root.iter():
        if not isinstance(e.tag, str):
            continue
        _check_element(e, names, src_lang, trg_lang)
    _check_extension_ids(root)
    for file in root.findall(_q("file")):
        groups = list(file.iter(_q("group")))
        units = list(file.iter(_q("unit")))
        for collection, what in ((groups, "group"), (units, "unit")):
            for value, count in Counter(x.get("id") for x in collection).items():
                if count > 1:
                    raise _Problem("R02", f"{what} id {value!r} is not unique in its file",
                                   file)
        unit_ids = {u.get("id") for u in units}
        for unit in units:
            _check_unit(unit, file.get("id"), unit_ids)


def _check_element(e, names, src_lang, trg_lang) -> None:
    ns = lxml.etree.QName(e).namespace
    lang = e.get(f"{{{XML}}}lang")
    if lang and not _BCP47.match(lang):
        raise _Problem("R32", f"xml:lang {lang!r} is not a BCP 47 language tag", e)
    if ns in names and _local(e) not in names[ns][0]:
        raise _Problem("R29", f"<{_local(e)}> is not an element of module {ns}", e)
    for attribute in e.attrib:
        q = lxml.etree.QName(attribute)
        if q.namespace in names and q.localname not in names[q.namespace][1]:
            raise _Problem("R29", f"{q.localname} is not an attribute of module {q.namespace}", e)
        if ns == XLF and _local(e) in INLINE_CODES + ("cp", "em") and q.namespace and \
                q.namespace not in (XML, *MODULES, *ITS_NS):
            raise _Problem("R28", f"extension attribute {q.localname} on <{_local(e)}>", e)
    if e.get(f"{{{FS}}}subFs") is not None and e.get(f"{{{FS}}}fs") is None:
        raise _Problem("R30", "fs:subFs without fs:fs", e)
    if _is(e, "ec") and e.get("isolated") != "yes" and (
            e.get(f"{{{FS}}}fs") is not None or e.get(f"{{{FS}}}subFs") is not None):
        raise _Problem("R30", "fs:fs on an <ec> that is not isolated", e)
    if _is(e, "skeleton"):
        empty = len(e) == 0 and not (e.text or "").strip()
        if empty == (e.get("href") is None):
            raise _Problem("R09", "<skeleton> must have either content or href", e)
    if _is(e, "notes"):
        for value, count in Counter(x.get("id") for x in e.findall(_q("note"))
                                    if x.get("id")).items():
            if count > 1:
                raise _Problem("R04", f"note id {value!r} is not unique in its notes", e)
    if _is(e, "originalData"):
        for value, count in Counter(x.get("id") for x in e.findall(_q("data"))).items():
            if count > 1:
                raise _Problem("R05", f"data id {value!r} is not unique", e)
    if _is(e, "segment") and e.get("subState") is not None and e.get("state") is None:
        raise _Problem("R21", "subState without state", e)
    if ns == XLF and e.get("subType") is not None:
        sub, kind = e.get("subType"), e.get("type")
        if kind is None:
            raise _Problem("R22", "subType without type", e)
        if sub.startswith("xlf:"):
            need = {"xlf:lb": "fmt", "xlf:pb": "fmt", "xlf:b": "fmt", "xlf:i": "fmt",
                    "xlf:u": "fmt", "xlf:var": "ui"}.get(sub)
            if need != kind:
                raise _Problem("R22", f"subType {sub} needs type {need}, not {kind}", e)
    if ns == XLF and e.get("canReorder") in ("no", "firstNo") and not (
            e.get("canCopy") == "no" and e.get("canDelete") == "no"):
        raise _Problem("R23", 'canReorder="no" needs canCopy="no" and canDelete="no"', e)
    if _is(e, "cp"):
        try:
            code = int(e.get("hex"), 16)
        except (TypeError, ValueError):
            raise _Problem("R27", "<cp> without a hexadecimal code", e) from None
        if code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or \
                0x10000 <= code <= 0x10FFFF:
            raise _Problem("R27", "<cp> for a character XML allows as it is", e)
    if e.get("ref", "").startswith("#") and (ns == XLF or ns in MODULES):
        try:
            _fragment(e.get("ref"))
        except ValueError as exc:
            raise _Problem("R19", f"fragment identifier {e.get('ref')!r}: {exc}", e) from None
    parent = e.getparent()
    if (_is(e, "source") or _is(e, "target")) and parent is not None and (
            _is(parent, "segment") or _is(parent, "ignorable")):
        want = src_lang if _local(e) == "source" else trg_lang
        if _local(e) == "target" and trg_lang is None:
            raise _Problem("R08", "a <target> in a document without trgLang", e)
        lang = _inherited(e, f"{{{XML}}}lang")
        if lang is not None and want is not None and lang.lower() != want.lower():
            raise _Problem("R11", f"xml:lang {lang!r} of <{_local(e)}> differs from {want!r}",
                           e)
        if _local(e) == "target":
            source = _side(parent, "source")
            space = f"{{{XML}}}space"
            if source is not None and _inherited(e, space, "default") != \
                    _inherited(source, space, "default"):
                raise _Problem("R12", "xml:space of the target differs from the source's", e)


def _check_extension_ids(root) -> None:
    seen = defaultdict(list)
    for e in root.iter():
        if not isinstance(e.tag, str):
            continue
        ns = lxml.etree.QName(e).namespace
        if ns is None or ns == XLF or ns in MODULES or ns.startswith("urn:oasis:names:tc:xliff"):
            continue
        scope = e.getparent()
        while scope is not None and not (_is(scope) and _local(scope) in ("file", "group",
                                                                           "unit")):
            scope = scope.getparent()
        for attribute in ("id", f"{{{XML}}}id"):
            if e.get(attribute) is not None:
                seen[(scope, ns, e.get(attribute))].append(e)
    for (_scope, _ns, value), elements in seen.items():
        if len(elements) > 1:
            raise _Problem("R31", f"extension id {value!r} is not unique in its scope",
                           elements[1])


def _check_unit(unit, file_id, unit_ids) -> None:
    parts = _parts(unit)
    if not any(_is(p, "segment") for p in parts):
        raise _Problem("R10", "a unit without a segment", unit)
    data_ids = {d.get("id") for d in unit.findall(f"{_q('originalData')}/{_q('data')}")}
    note_ids = {n.get("id") for n in unit.findall(f"{_q('notes')}/{_q('note')}")}
    ids = [p.get("id") for p in parts if p.get("id") is not None]
    for part in parts:
        source = _side(part, "source")
        if source is not None:
            ids += [x.get("id") for x in source.iter() if _is(x) and x.get("id") is not None]
    for value, count in Counter(ids).items():
        if count > 1:
            raise _Problem("R06", f"id {value!r} is not unique in its unit", unit)
    orders = []
    for index, part in enumerate(parts, 1):
        target = _side(part, "target")
        if target is not None:
            order = int(target.get("order", index))
            if not 1 <= order <= len(parts):
                raise _Problem("R07", f"target order {order} outside 1..{len(parts)}", target)
            orders.append(order)
    for value, count in Counter(orders).items():
        if count > 1:
            raise _Problem("R07", f"target order {value} used twice", unit)
    for e in unit.iter():
        if not _is(e) or not any(_is(a, "segment") or _is(a, "ignorable")
                                 for a in e.iterancestors()):
            continue
        _check_references(e, unit, parts, data_ids, note_ids, file_id, unit_ids)
    for side in ("source", "target"):
        _check_pairs([x for p in parts for s in [_side(p, side)] if s is not None
                      for x in s.iter() if _is(x)])
    _check_reordering(unit, parts)
    _check_deletion(parts)


def _check_references(e, unit, parts, data_ids, note_ids, file_id, unit_ids) -> None:
    for attribute in ("dataRef", "dataRefStart", "dataRefEnd"):
        if e.get(attribute) is not None and e.get(attribute) not in data_ids:
            raise _Problem("R16", f"{attribute} {e.get(attribute)!r} names no <data> of the unit",
                           e)
    if _is(e, "pc") and (e.get("dataRefStart") is None) != (e.get("dataRefEnd") is None):
        raise _Problem("R16", "dataRefStart and dataRefEnd go together", e)
    for attribute in ("subFlows", "subFlowsStart", "subFlowsEnd"):
        for ref in (e.get(attribute) or "").split():
            if ref not in unit_ids:
                raise _Problem("R20", f"{attribute} {ref!r} is not a unit of this file", e)
    if e.get("copyOf") is not None:
        base = [x for p in parts for x in p.iter() if _is(x) and _local(x) in INLINE_CODES
                and x.get("id") == e.get("copyOf")]
        if e.get("dataRef") or e.get("dataRefStart") or e.get("dataRefEnd"):
            raise _Problem("R17", "copyOf together with dataRef", e)
        if not base:
            raise _Problem("R17", f"copyOf {e.get('copyOf')!r} names no code of the unit", e)
        if any(b.get("canCopy") == "no" for b in base):
            raise _Problem("R17", 'copyOf names a code with canCopy="no"', e)
    if _local(e) in ("mrk", "sm") and e.get("type") == "comment":
        if (e.get("value") is None) == (e.get("ref") is None):
            raise _Problem("R18", "a comment annotation needs exactly one of value and ref", e)
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
                raise _Problem("R18", f"comment ref {ref!r} names no note of the unit", e)


def _check_pairs(stream: list) -> None:
    for index, x in enumerate(stream):
        name = _local(x)
        if name == "ec":
            if x.get("isolated") == "yes":
                if x.get("id") is None or x.get("startRef") is not None:
                    raise _Problem("R13", "an isolated <ec> needs id and no startRef", x)
                continue
            if x.get("startRef") is None or x.get("id") is not None:
                raise _Problem("R13", "an <ec> needs startRef and no id", x)
            if x.get("dir") is not None:
                raise _Problem("R13", "dir on an <ec> that is not isolated", x)
            starts = [y for y in stream[:index] if _local(y) == "sc" and
                      y.get("id") == x.get("startRef") and y.get("isolated") != "yes"]
            if not starts:
                raise _Problem("R13", f"no <sc id={x.get('startRef')!r}> before this <ec>", x)
            _check_pair(starts[-1], x)
        elif name == "sc":
            ends = [y for y in stream[index + 1:] if _local(y) == "ec" and
                    y.get("startRef") == x.get("id") and y.get("isolated") != "yes"]
            if x.get("isolated") == "yes":
                if any(_local(y) == "ec" and y.get("startRef") == x.get("id") for y in stream):
                    raise _Problem("R13", "an isolated <sc> with a matching <ec>", x)
            elif len(ends) != 1:
                raise _Problem("R13", f"<sc id={x.get('id')!r}> needs exactly one <ec>", x)
        elif name == "em":
            if not any(_local(y) == "sm" and y.get("id") == x.get("startRef")
                       for y in stream[:index]):
                raise _Problem("R15", "an <em> with no <sm> before it", x)
        elif name == "sm":
            if not any(_local(y) == "em" and y.get("startRef") == x.get("id")
                       for y in stream[index + 1:]):
                raise _Problem("R15", "an <sm> with no <em> after it", x)


def _check_pair(start, end) -> None:
    for attribute in ("canCopy", "canDelete", "canOverlap"):
        if start.get(attribute, "yes") != end.get(attribute, "yes"):
            raise _Problem("R14", f"{attribute} differs between <sc> and its <ec>", end)
    a, b = start.get("canReorder", "yes"), end.get("canReorder", "yes")
    if (a == "firstNo" and b != "no") or (a != "firstNo" and a != b):
        raise _Problem("R14", "canReorder differs between <sc> and its <ec>", end)


def _events(content) -> list:
    out = []
    for c in content.iterchildren():
        if not _is(c):
            continue
        name, reorder = _local(c), c.get("canReorder", "yes")
        if name in ("ph", "sc"):
            out.append(((name, c.get("id")), reorder))
        elif name == "ec":
            out.append((("ec", c.get("startRef") or c.get("id")), reorder))
        elif name == "pc":
            out.append((("pc<", c.get("id")), reorder))
            out.extend(_events(c))
            out.append((("pc>", c.get("id")), reorder))
        elif name == "mrk":
            out.extend(_events(c))
    return out


def _check_reordering(unit, parts) -> None:
    source = [ev for p in parts for s in [_side(p, "source")] if s is not None
              for ev in _events(s)]
    ordered = sorted(((int(_side(p, "target").get("order", i)), p) for i, p in
                      enumerate(parts, 1) if _side(p, "target") is not None),
                     key=lambda t: t[0])
    target = [ev for _, p in ordered for ev in _events(_side(p, "target"))]
    for events in (source, target):
        for index, (key, reorder) in enumerate(events):
            if reorder == "no" and key[0] != "pc>" and (
                    index == 0 or events[index - 1][1] not in ("no", "firstNo")):
                raise _Problem("R24", 'a canReorder="no" code not after its firstNo code', unit)
    keys = [k for k, _ in target]
    for index, (key, reorder) in enumerate(source):
        if reorder == "no" and key[0] != "pc>" and index > 0 and key in keys:
            position = keys.index(key)
            if position == 0 or keys[position - 1] != source[index - 1][0]:
                raise _Problem("R25", "a sequence of codes that may not move changed order",
                               unit)


def _code_key(x) -> tuple[str, str | None]:
    name = _local(x)
    return (name, x.get("startRef") if name == "ec" and x.get("startRef") else x.get("id"))


def _check_deletion(parts) -> None:
    kept = {_code_key(x) for p in parts for t in [_side(p, "target")] if t is not None
            for x in t.iter() if _is(x) and _local(x) in INLINE_CODES}
    for part in parts:
        source, target = _side(part, "source"), _side(part, "target")
        if source is None or target is None:
            continue
        for x in source.iter():
            if _is(x) and _local(x) in INLINE_CODES and x.get("canDelete") == "no" and \
                    _code_key(x) not in kept:
                raise _Problem("R26", f'a canDelete="no" code <{_local(x)}> is missing from '
                               "the targets", x)
