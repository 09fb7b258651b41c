"""XLIFF 2.x inline codes: the processing requirements on <ph>/<pc>/<sc>/<ec> that no schema
expresses (start and end codes that pair up, reordering only where allowed, deletion only where
allowed), and the element helpers the other XLIFF 2 rules share.
"""

from __future__ import annotations

XLF = "urn:oasis:names:tc:xliff:document:2.0"
INLINE_CODES = ("ph", "pc", "sc", "ec")


class RuleProblem(Exception):
    def __init__(self, rule: str, what: str, element) -> None:
        super().__init__(what)
        self.rule, self.what, self.element = rule, what, element


def qname(name: str) -> str:
    return f"{{{XLF}}}{name}"


_XLF_PREFIX = f"{{{XLF}}}"


# String operations on the tag, not lxml.etree.QName: these run for every element of files with
# a million inline markers.
def local_name(e) -> str | None:
    tag = e.tag
    if not isinstance(tag, str):
        return None
    return tag[tag.index("}") + 1:] if tag.startswith("{") else tag


def is_xliff(e, name: str | None = None) -> bool:
    tag = e.tag
    return isinstance(tag, str) and tag.startswith(_XLF_PREFIX) and (
        name is None or tag[len(_XLF_PREFIX):] == name)


def side_of(part, name: str):
    return part.find(qname(name))


def check_pairs(stream: list) -> None:
    for index, x in enumerate(stream):
        name = local_name(x)
        if name == "ec":
            if x.get("isolated") == "yes":
                if x.get("id") is None or x.get("startRef") is not None:
                    raise RuleProblem("R13", "an isolated <ec> needs id and no startRef", x)
                continue
            if x.get("startRef") is None or x.get("id") is not None:
                raise RuleProblem("R13", "an <ec> needs startRef and no id", x)
            if x.get("dir") is not None:
                raise RuleProblem("R13", "dir on an <ec> that is not isolated", x)
            starts = [y for y in stream[:index] if local_name(y) == "sc" and
                      y.get("id") == x.get("startRef") and y.get("isolated") != "yes"]
            if not starts:
                raise RuleProblem("R13", f"no <sc id={x.get('startRef')!r}> before this <ec>", x)
            _check_pair(starts[-1], x)
        elif name == "sc":
            ends = [y for y in stream[index + 1:] if local_name(y) == "ec" and
                    y.get("startRef") == x.get("id") and y.get("isolated") != "yes"]
            if x.get("isolated") == "yes":
                if any(local_name(y) == "ec" and y.get("startRef") == x.get("id") for y in stream):
                    raise RuleProblem("R13", "an isolated <sc> with a matching <ec>", x)
            elif len(ends) != 1:
                raise RuleProblem("R13", f"<sc id={x.get('id')!r}> needs exactly one <ec>", x)
        elif name == "em":
            if not any(local_name(y) == "sm" and y.get("id") == x.get("startRef")
                       for y in stream[:index]):
                raise RuleProblem("R15", "an <em> with no <sm> before it", x)
        elif name == "sm":
            if not any(local_name(y) == "em" and y.get("startRef") == x.get("id")
                       for y in stream[index + 1:]):
                raise RuleProblem("R15", "an <sm> with no <em> after it", x)


def _check_pair(start, end) -> None:
    for attribute in ("canCopy", "canDelete", "canOverlap"):
        if start.get(attribute, "yes") != end.get(attribute, "yes"):
            raise RuleProblem("R14", f"{attribute} differs between <sc> and its <ec>", end)
    a, b = start.get("canReorder", "yes"), end.get("canReorder", "yes")
    if (a == "firstNo" and b != "no") or (a != "firstNo" and a != b):
        raise RuleProblem("R14", "canReorder differs between <sc> and its <ec>", end)


def _events(content) -> list:
    out = []
    for c in content.iterchildren():
        if not is_xliff(c):
            continue
        name, reorder = local_name(c), c.get("canReorder", "yes")
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


def check_reordering(unit, parts) -> None:
    source = [ev for p in parts for s in [side_of(p, "source")] if s is not None
              for ev in _events(s)]
    ordered = sorted(((int(side_of(p, "target").get("order", i)), p) for i, p in
                      enumerate(parts, 1) if side_of(p, "target") is not None),
                     key=lambda t: t[0])
    target = [ev for _, p in ordered for ev in _events(side_of(p, "target"))]
    for events in (source, target):
        for index, (key, reorder) in enumerate(events):
            if reorder == "no" and key[0] != "pc>" and (
                    index == 0 or events[index - 1][1] not in ("no", "firstNo")):
                raise RuleProblem("R24", 'a canReorder="no" code not after its firstNo code', unit)
    keys = [k for k, _ in target]
    for index, (key, reorder) in enumerate(source):
        if reorder == "no" and key[0] != "pc>" and index > 0 and key in keys:
            position = keys.index(key)
            if position == 0 or keys[position - 1] != source[index - 1][0]:
                raise RuleProblem("R25", "a sequence of codes that may not move changed order",
                               unit)


def _code_key(x) -> tuple[str, str | None]:
    name = local_name(x)
    return (name, x.get("startRef") if name == "ec" and x.get("startRef") else x.get("id"))


def check_deletion(parts) -> None:
    kept = {_code_key(x) for p in parts for t in [side_of(p, "target")] if t is not None
            for x in t.iter() if is_xliff(x) and local_name(x) in INLINE_CODES}
    for part in parts:
        source, target = side_of(part, "source"), side_of(part, "target")
        if source is None or target is None:
            continue
        for x in source.iter():
            if is_xliff(x) and local_name(x) in INLINE_CODES and x.get("canDelete") == "no" and \
                    _code_key(x) not in kept:
                raise RuleProblem("R26", f'a canDelete="no" code <{local_name(x)}> is missing from '
                               "the targets", x)
