"""Inline codes: links, emphasis, spans and line breaks inside a sentence, as the translator sees
them. Pure: no I/O, no format.

A unit's text carries short numbered codes in place of the source's inline markup, the way
OmegaT shows tags::

    Seminarın materialları Agentliyin <a1>rəsmi saytında</a1> yerləşdirilib.<br2/>

``<a1>…</a1>`` is a paired code (an element with text inside), ``<br2/>`` a standalone one. The
number identifies the code within its sentence (1, 2, … in order of appearance); the element's
attributes (a link's URL, a span's class) are not in the text at all, so a translator cannot
break them: export takes them from the source. A translator moves codes with the words they
belong to; a code lost, added, doubled or crossing another is a ``markup`` error. A translator
who means to localize a link writes the new value on the code: ``<a1 href="https://…/ru/">``.

Why short codes and not the source's own tags (as po4a and Translate Toolkit's html2po show
them): an HTML tag with its attributes is markup a translator must copy character for character
(``<a href="https://copat.gov.az/" class="ext" target="_blank">``), and a slip in it is published
without complaint; a code is four characters and any slip in it is caught.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

#: ``<a1>``, ``<a1 href="…">``, ``</a1>``, ``<br2/>``.
CODE = re.compile(r'<(?P<close>/?)(?P<tag>[a-z]+)(?P<id>[1-9]\d{0,3})'
                  r'(?P<attrs>(?:\s+[a-z][a-z-]*="[^"<>]*")*)\s*(?P<single>/?)>')
_ATTR = re.compile(r'([a-z][a-z-]*)="([^"<>]*)"')
#: What folds and strips as whitespace around codes and blocks: a no-break space is text.
ASCII_SPACE = " \t\n\r\f\v"
#: Attributes a translator may set on a code to localize it on purpose; others stay the source's.
OVERRIDABLE = ("href", "src", "hreflang", "lang")
_ADDRESS = {"href": ("a", "area"), "src": ("img",), "hreflang": ("a", "area")}
#: Attributes that are text for readers: each is a unit of its own.
TRANSLATABLE_ATTRIBUTES = ("title", "alt")
_SAFE_URL = re.compile(r"(?i)^(?:https?:|mailto:|tel:|#|/|\./|\.\./|[^:/?#]*(?:[/?#]|$))")


@dataclass(frozen=True)
class Code:
    """One inline element of a block: what its code stands for.

    ``tag`` is the element (``a``, ``strong``, ``br``); ``attrs`` its attributes as the source
    has them; ``markup`` the exact source syntax for formats that are written back as text
    (Markdown: ``("**", "**")``, ``("[", "](https://x)")``)."""

    id: int
    tag: str
    paired: bool
    attrs: tuple[tuple[str, str], ...] = ()
    markup: tuple[str, str] = ("", "")
    element: str = ""           # the HTML element, where the code's name is not it (o:p)

    @property
    def html_tag(self) -> str:
        return self.element or self.tag

    def attr(self, name: str) -> str | None:
        return next((v for k, v in self.attrs if k == name), None)


@dataclass(frozen=True)
class Marker:
    """A code as written in a text: an opening, closing or standalone marker."""

    kind: str      # open | close | single
    tag: str
    id: int
    start: int
    end: int
    attrs: tuple[tuple[str, str], ...] = ()

    @property
    def text(self) -> str:
        return marker_text(self.kind, self.tag, self.id)


def marker_text(kind: str, tag: str, number: int, attrs: Sequence[tuple[str, str]] = ()) -> str:
    """How a code is written: ``<a1>``, ``<a1 href="…">``, ``</a1>``, ``<br2/>``."""
    if kind == "close":
        return f"</{tag}{number}>"
    written = "".join(f' {k}="{v}"' for k, v in attrs)
    return f"<{tag}{number}{written}{'/' if kind == 'single' else ''}>"


def markers(text: str) -> list[Marker]:
    out: list[Marker] = []
    if "<" not in text:
        return out
    for m in CODE.finditer(text):
        if m.group("close"):
            if m.group("attrs") or m.group("single"):
                continue            # "</a1 x>" or "</a1/>": not a code, text
            kind = "close"
        else:
            kind = "single" if m.group("single") else "open"
        out.append(Marker(kind, m.group("tag"), int(m.group("id")), m.start(), m.end(),
                          tuple(_ATTR.findall(m.group("attrs")))))
    return out


def has_codes(text: str) -> bool:
    return "<" in text and CODE.search(text) is not None


def plain(text: str) -> str:
    """The text without its codes, as checks, the glossary and MT read it. A standalone code
    between two words (``one<br1/>two``) reads as a space."""
    if "<" not in text:
        return text
    out, last = [], 0
    for marker in markers(text):
        out.append(text[last:marker.start])
        if _between_words(text, marker):
            out.append(" ")
        last = marker.end
    out.append(text[last:])
    return "".join(out)


def _between_words(text: str, marker: Marker) -> bool:
    """A standalone code with no space on either side (``one<br1/>two``) reads as a space."""
    before = text[marker.start - 1:marker.start]
    after = text[marker.end:marker.end + 1]
    return marker.kind == "single" and bool(before) and bool(after) and \
        not before.isspace() and not after.isspace()


def coded_spans(text: str, spans):
    """Spans ``(start, end, *rest)`` of ``plain(text)`` as spans of ``text`` itself (glossary
    matches are found in the plain text and shown in the text with its codes)."""
    if not has_codes(text):
        return list(spans)
    where: list[int] = []
    last = 0
    for marker in markers(text):
        where += range(last, marker.start)
        if _between_words(text, marker):
            where.append(marker.start)
        last = marker.end
    where += range(last, len(text))
    out = []
    for start, end, *rest in spans:
        if 0 <= start < end <= len(where):
            out.append((where[start], where[end - 1] + 1, *rest))
    return out


def safe_url(value: str) -> bool:
    """A web address, mail or phone link, or a relative one: never ``javascript:`` or ``data:``."""
    return bool(_SAFE_URL.match(value.strip()))


def code_text(code: Code, kind: str) -> str:
    return marker_text(kind, code.tag, code.id)


# ---------------------------------------------------------------------------------------------
# Numbering: a block numbers its codes 1..n; each sentence shows its own codes as 1..k.

def renumber(text: str) -> tuple[str, tuple[int, ...]]:
    """Number a sentence's codes 1, 2, … in order of appearance. Returns the text and the
    original number of each new one (``ids[k - 1]`` is what ``k`` stood for)."""
    found = markers(text)
    if not found:
        return text, ()
    order: dict[int, int] = {}
    for marker in found:
        order.setdefault(marker.id, len(order) + 1)
    return _rewrite(text, found, order), tuple(order)


def restore(text: str, ids: Sequence[int]) -> str:
    """Undo ``renumber``: a sentence's codes back to the block's numbers. Codes the sentence
    does not have are left as they are (the markup check has reported them)."""
    found = [m for m in markers(text) if 1 <= m.id <= len(ids)]
    return _rewrite(text, found, {k + 1: ids[k] for k in range(len(ids))}) if found else text


def _rewrite(text: str, found: list[Marker], order: dict[int, int]) -> str:
    out, last = [], 0
    for marker in found:
        out.append(text[last:marker.start])
        out.append(marker_text(marker.kind, marker.tag, order[marker.id], marker.attrs))
        last = marker.end
    out.append(text[last:])
    return "".join(out)


# ---------------------------------------------------------------------------------------------
# Structure

def balanced(text: str) -> bool:
    """Every paired code opened is closed, in order, and nothing closes what was not opened."""
    return not _nesting_problems(markers(text))


def _nesting_problems(found: Sequence[Marker]) -> list[str]:
    stack: list[Marker] = []
    for marker in found:
        if marker.kind == "open":
            stack.append(marker)
        elif marker.kind == "close":
            if stack and (stack[-1].tag, stack[-1].id) == (marker.tag, marker.id):
                stack.pop()
            elif any((m.tag, m.id) == (marker.tag, marker.id) for m in stack):
                inner = stack[-1]
                return [f"'{marker.text}' closes before '{inner.text}' inside it is closed: "
                        "codes must nest"]
            else:
                return [f"'{marker.text}' comes before its opening code"]
    return [f"'{m.text}' is never closed" for m in stack[:1]]


def peel(text: str) -> tuple[str, str, str]:
    """Codes that wrap the whole text (``<span1>…</span1>``) are the block's, not a sentence's:
    returns (opening codes, inner text, closing codes). The inner text keeps its numbers."""
    prefix, suffix = "", ""
    while True:
        stripped = text.strip(ASCII_SPACE)
        found = markers(stripped)
        if len(found) < 2 or found[0].kind != "open" or found[0].start != 0:
            break
        first = found[0]
        depth, closing = 0, None
        for marker in found:
            if (marker.tag, marker.id) != (first.tag, first.id):
                continue
            depth += 1 if marker.kind == "open" else -1 if marker.kind == "close" else 0
            if depth == 0:
                closing = marker
                break
        if closing is None or closing.end != len(stripped):
            break
        lead = text[:len(text) - len(text.lstrip(ASCII_SPACE))]
        trail = text[len(text.rstrip(ASCII_SPACE)):]
        prefix += lead + first.text
        suffix = closing.text + trail + suffix
        text = stripped[first.end:closing.start]
    return prefix, text, suffix


# ---------------------------------------------------------------------------------------------
# Sentences across codes

class Span(Protocol):
    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


def split_coded(text: str, split: Callable[[str], Sequence[Span]]) -> list[tuple[int, int]]:
    """Cut a text with codes into sentences: ``split`` cuts the plain text, and the cuts are
    carried back to the coded text.

    A code beside a boundary goes with the sentence it touches (closing and standalone codes
    with the one before, opening codes with the one after). A boundary *inside* a paired code
    (``<b1>One. Two.</b1>``, once codes wrapping the whole block are peeled off) joins the two
    sentences: splitting the element would give each sentence half a code a translator cannot
    move, and would change the page's structure on export. Segments stay spans of ``text``, and
    what lies between them is whitespace, so the text is rebuilt byte for byte."""
    found = markers(text)
    if not found:
        return [(seg.start, seg.end) for seg in split(text)]
    plain_chars: list[str] = []
    where: list[int] = []           # coded position of each plain character
    last = 0
    for marker in found:
        for i in range(last, marker.start):
            plain_chars.append(text[i])
            where.append(i)
        if marker.kind == "single":
            plain_chars.append("\n" if marker.tag == "br" else " ")
            where.append(marker.start)
        last = marker.end
    for i in range(last, len(text)):
        plain_chars.append(text[i])
        where.append(i)
    plain_text = "".join(plain_chars)
    by_start = {m.start: m for m in found}
    by_end = {m.end: m for m in found}
    spans = []
    for seg in split(plain_text):
        last_char = where[seg.end - 1]      # a standalone code's stand-in ends at its end
        end = by_start[last_char].end if last_char in by_start else last_char + 1
        spans.append([where[seg.start], end])
    for k, span in enumerate(spans):
        limit = spans[k + 1][0] if k + 1 < len(spans) else len(text)
        j = span[1]
        while j < limit:            # closing and standalone codes after the end are its own
            if text[j].isspace():
                j += 1
            elif j in by_start and by_start[j].kind in ("close", "single"):
                j = span[1] = by_start[j].end
            else:
                break
        floor = spans[k - 1][1] if k else 0
        j = span[0]
        while j > floor:            # opening codes before the start are the next one's
            if text[j - 1].isspace():
                j -= 1
            elif j in by_end and (by_end[j].kind == "open" or k == 0):
                j = span[0] = by_end[j].start
            else:
                break
    if not spans:
        return []
    # Whatever codes open or close the whole text belong to its first or last sentence.
    spans[0][0] = min(spans[0][0], len(text) - len(text.lstrip()))
    spans[-1][1] = max(spans[-1][1], len(text.rstrip()))
    merged: list[list[int]] = []
    for span in spans:
        if merged and (text[merged[-1][1]:span[0]].strip()
                       or not balanced(text[merged[-1][0]:merged[-1][1]])):
            merged[-1][1] = span[1]
        else:
            merged.append(span)
    return [(a, b) for a, b in merged]


# ---------------------------------------------------------------------------------------------
# What a translation did to the codes

def problems(source: str, target: str) -> list[str]:
    """Why the codes of ``target`` do not fit ``source``'s: each a one-line message."""
    src, tgt = markers(source), markers(target)
    if not src and not tgt:
        return []
    out: list[str] = []
    want = Counter((m.kind, m.tag, m.id) for m in src)
    have = Counter((m.kind, m.tag, m.id) for m in tgt)
    text = {(m.kind, m.tag, m.id): m.text for m in src + tgt}
    said: set[tuple[str, int]] = set()
    for key in sorted(want, key=lambda k: (k[2], k[0] != "open")):
        if (key[1], key[2]) in said:
            continue
        if have[key] == 0:
            out.append(f"'{text[key]}' of the source is missing")
        elif have[key] > want[key]:
            out.append(f"'{text[key]}' is there {have[key]} times, the source has it "
                       f"{want[key]}")
        else:
            continue
        said.add((key[1], key[2]))
    for key in sorted(set(have) - set(want), key=lambda k: (k[2], k[0] != "open")):
        out.append(f"'{text[key]}' is not in the source: a translation cannot add markup")
    if not out:
        out += _nesting_problems(tgt)
    for marker in tgt:
        for name, value in marker.attrs:
            if name not in OVERRIDABLE:
                out.append(f"'{name}' cannot be set on '{marker.text}': only "
                           f"{', '.join(OVERRIDABLE)} can be localized")
            elif name in _ADDRESS and marker.tag not in _ADDRESS[name]:
                out.append(f"'{name}' cannot be set on '{marker.text}': only on "
                           f"{' or '.join(f'<{t}>' for t in _ADDRESS[name])}")
            elif not safe_url(value):
                out.append(f"'{value[:60]}' on '{marker.text}' is not a web address")
    return out
