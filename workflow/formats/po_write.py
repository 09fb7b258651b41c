"""PO and POT writing, formatted exactly as GNU gettext formats (msgcat, msgmerge, Poedit).

Lines wrap at 79 columns where libunistring allows a break, so a round trip through any of those
tools leaves ``git diff`` empty; header lines a translator's tool wrote are kept as written.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import BinaryIO

from ..errors import WorkflowError
from ..model import Catalog, Unit
from ._linebreak import BREAK_BETWEEN, CHARS, NO_BREAK_AFTER_SPACE
from .po import parse_header

PAGE_WIDTH = 79


def header_text(catalog: Catalog) -> str:
    """The header's msgstr: the lines as read, where their field is unchanged.

    A field whose value is what was read keeps its line (and wrapped continuation lines) byte
    for byte, so rewriting a catalog never touches what a translator's tool wrote there; a
    changed or new field is written as ``Name: value``, in the catalog's field order."""
    raw = catalog.raw_header
    if raw is None:
        return "".join(f"{k}: {v}\n" for k, v in catalog.header)
    if parse_header(raw) == catalog.header:
        return raw
    kept: dict[str, tuple[str, str]] = {}      # lower-case name -> (value read, its lines)
    current: str | None = None
    for line in raw.splitlines(keepends=True):
        if not line.strip():
            continue
        key, sep, _ = line.partition(":")
        if sep:
            current = key.strip().lower()
            kept.setdefault(current, ("", ""))
            kept[current] = (kept[current][0], kept[current][1] + line)
        elif current is not None:
            kept[current] = (kept[current][0], kept[current][1] + line)
    read = {k.lower(): v for k, v in parse_header(raw)}
    out = []
    for name, value in catalog.header:
        lines = kept.get(name.lower(), ("", ""))[1]
        if lines and read.get(name.lower()) == value and lines.endswith("\n"):
            out.append(lines)
        else:
            out.append(f"{name}: {value}\n")
    return "".join(out)




_WRITE_ESCAPES = {"\\": "\\\\", '"': '\\"', "\t": "\\t", "\r": "\\r", "\a": "\\a",
                  "\b": "\\b", "\f": "\\f", "\v": "\\v"}


# Widths and break classes per character, computed once each: unicodedata for every character
# of every string was most of the time of rewriting a catalog.
_WIDTHS: dict[str, int] = {}
_CLASSES: dict[str, str] = {}


def _char_width(ch: str) -> int:
    width = _WIDTHS.get(ch)
    if width is None:
        # libunistring's uc_width: marks and format characters (ZWSP, ZWJ, soft hyphen,
        # BOM) take no column; wide and fullwidth ones two
        width = 0 if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf") \
            else (2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1)
        _WIDTHS[ch] = width
    return width


def _width(text: str) -> int:
    if text.isascii():
        return len(text)
    return sum(map(_char_width, text))


# Scripts whose every character is a break opportunity on both sides (UAX #14 classes ID, H2,
# H3): CJK ideographs, kana, Hangul syllables.
_IDEOGRAPHIC = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7a3"


def _break_class(ch: str) -> str:
    found = _CLASSES.get(ch)
    if found is None:
        code = ord(ch)
        if ch in CHARS:
            found = ch
        elif 0xAC00 <= code <= 0xD7A3:      # Hangul: LV syllables break as 가, LVT as 각
            found = "가" if (code - 0xAC00) % 28 == 0 else "각"
        elif 0x3040 <= code <= 0x30FF:
            found = "あ"
        elif 0x3400 <= code <= 0x4DBF or 0x4E00 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF:
            found = "中"
        elif unicodedata.category(ch) in ("Mn", "Me"):
            found = "\u0301"                # combining marks attach to what precedes them
        elif code >= 0x1F000 and unicodedata.east_asian_width(ch) == "W":
            found = "😀"
        else:   # digits break as digits; letters and the rest as ordinary letters
            found = "1" if unicodedata.category(ch) == "Nd" else "a"
        _CLASSES[ch] = found
    return found


# Characters that can start or end a line-break opportunity, or need an escape; between any two
# other characters (letters, digits, marks) gettext never breaks, so a run of them is one unit.
_SPECIAL = "".join(sorted(set(CHARS) | set(_WRITE_ESCAPES) | {" "}))
_RUNS = re.compile(f"[^{re.escape(_SPECIAL)}{_IDEOGRAPHIC}]+|.", re.S)


def _escaped_chunks(text: str, inside: frozenset[int] = frozenset()) -> Iterator[str]:
    """Escape one logical line and split it where GNU gettext may break it.

    gettext runs the Unicode line-breaking algorithm (libunistring) over the *escaped* text and
    never breaks inside an escape sequence, nor before any character of a format directive but
    its first (``inside``: those offsets); the opportunities come from ``_linebreak``. The
    text is walked a run at a time: a word, a space or one special character.
    """
    parts: list[str] = []
    previous: str | None = None
    spaced = False
    for match in _RUNS.finditer(text):
        run = match.group(0)
        if run == " ":
            spaced = previous is not None
            parts.append(" ")
            continue
        esc = _WRITE_ESCAPES.get(run, run) if len(run) == 1 else run
        head = _break_class(esc[0])
        if previous is not None and parts:
            if spaced:
                can_break = head not in NO_BREAK_AFTER_SPACE[previous]
            else:
                can_break = head in BREAK_BETWEEN[previous]
            if can_break and not (inside and _run_inside(match, inside, spaced, parts)):
                yield "".join(parts)
                parts = []
        parts.append(esc)
        previous = _break_class(esc[-1])
        spaced = False
    if parts:
        yield "".join(parts)


def _run_inside(match: re.Match[str], inside: frozenset[int], spaced: bool,
                parts: list[str]) -> bool:
    """Would a break before this run (or before the space in front of it) fall inside a
    format directive?"""
    start = match.start()
    return start in inside or (spaced and start - 1 in inside)


# printf directives (c-format and its kin): %s, %5.2f, %-*d, %2$s, % s, %.*s, %<PRIu64>, %%
_PRINTF = re.compile(r"%(?:\d+\$)?[-+ #0'I]*(?:\d+|\*(?:\d+\$)?)?(?:\.(?:\d+|\*(?:\d+\$)?)?)?"
                     r"(?:hh|ll|[hlLqjzZt])?(?:[diouxXeEfFgGaAcCsSpnm%]|<PRI[a-zA-Z0-9]+>)")
_PYTHON = re.compile(r"%(?:\([^()]*\))?[-+ #0]*(?:\d+|\*)?(?:\.(?:\d+|\*))?[diouxXeEfFgGcrsa%]")
_DIRECTIVES = {"c-format": _PRINTF, "objc-format": _PRINTF, "c++-format": _PRINTF,
               "gcc-internal-format": _PRINTF, "gfc-internal-format": _PRINTF,
               "sh-format": re.compile(r"\$(?:\{\w+\}|\w+)"),
               "python-format": _PYTHON, "php-format": _PRINTF, "perl-format": _PRINTF,
               "kde-format": re.compile(r"%\d+"), "qt-format": re.compile(r"%L?\d+"),
               "python-brace-format": re.compile(r"\{[^{}]*\}"),
               "perl-brace-format": re.compile(r"\{\w+\}")}


_PRINTF_LIKE = {"c-format", "objc-format", "c++-format", "gcc-internal-format",
                "gfc-internal-format", "php-format", "perl-format", "python-format"}


def _inside_directives(value: str, formats: tuple[str, ...]) -> frozenset[int]:
    """Offsets of a string where a line must not break: inside a directive of one of the
    formats the message is declared to use. As gettext's parsers do, a printf-like string is
    read up to its first invalid directive ("%з"): the directives after it are not known."""
    inside: set[int] = set()
    for flag in formats:
        pattern = _DIRECTIVES.get(flag)
        if pattern is None or not any(c in value for c in "%${"):
            continue
        if flag in _PRINTF_LIKE:
            start = value.find("%")
            while start >= 0:
                m = pattern.match(value, start)
                if m is None:
                    break               # an invalid directive: the parser stops here
                inside.update(range(m.start() + 1, m.end()))
                start = value.find("%", m.end())
        else:
            for m in pattern.finditer(value):
                inside.update(range(m.start() + 1, m.end()))
    return frozenset(inside)


def _chunks_of(piece: str, inside: frozenset[int] = frozenset()) -> list[str]:
    """Chunks of one logical line; a trailing newline is written as the escape ``\\n``, which
    counts towards the width of the last chunk, as in gettext. ``inside``: offsets in the piece
    where a format directive forbids a break."""
    newline = piece.endswith("\n")
    body = piece[:-1] if newline else piece
    chunks = list(_escaped_chunks(body, inside))
    if newline:
        chunks = chunks[:-1] + [(chunks[-1] if chunks else "") + "\\n"]
    return chunks


def wrap_string(keyword: str, value: str, *, prefix: str = "",
                width: int = PAGE_WIDTH, formats: tuple[str, ...] = ()) -> list[str]:
    """Format ``keyword "value"`` exactly as GNU gettext does, as a list of lines.

    ``formats`` are the message's format flags (c-format, ...): no line breaks inside their
    directives. A ``width`` of 0 means no wrapping (the ``no-wrap`` flag): lines still end
    after each newline."""
    logical = value.split("\n")
    pieces = [part + "\n" for part in logical[:-1]] + ([logical[-1]] if logical[-1] else [])
    if not pieces:
        pieces = [""]
    if width <= 0:
        width = 1 << 30
    room = width - _width(prefix) - 2
    inside = _inside_directives(value, formats) if formats else frozenset()
    chunked, offset = [], 0
    for piece in pieces:
        here = frozenset(i - offset for i in inside if offset <= i < offset + len(piece))
        chunked.append([(chunk, _width(chunk)) for chunk in _chunks_of(piece, here)])
        offset += len(piece)
    if len(pieces) == 1:
        # The first line after the keyword: gettext keeps the text there when it fits (a
        # single chunk always does).
        chunks = chunked[0]
        if len(chunks) <= 1 or len(keyword) + 1 + sum(w for _, w in chunks) <= room:
            return [f'{prefix}{keyword} "{"".join(c for c, _ in chunks)}"']
    out = [f'{prefix}{keyword} ""']
    for chunks in chunked:
        current: list[str] = []
        used = 0
        for chunk, chunk_width in chunks:
            if current and used + chunk_width > room:
                out.append(f'{prefix}"{"".join(current)}"')
                current, used = [], 0
            current.append(chunk)
            used += chunk_width
        out.append(f'{prefix}"{"".join(current)}"')
    return out


def _references(refs: tuple[str, ...], width: int) -> list[str]:
    lines: list[str] = []
    current = "#:"
    for ref in refs:
        if current != "#:" and len(current) + 1 + len(ref) > width:
            lines.append(current)
            current = "#:"
        current += " " + ref
    if current != "#:":
        lines.append(current)
    return lines


# gettext's order of the format flags (message.c format_language[]); other flags follow
_FORMAT_ORDER = ("c", "objc", "c++", "python", "python-brace", "java", "java-printf", "csharp",
                 "javascript", "scheme", "lisp", "elisp", "librep", "ruby", "sh", "awk", "lua",
                 "object-pascal", "smalltalk", "qt", "qt-plural", "kde", "kde-kuit", "boost",
                 "tcl", "perl", "perl-brace", "php", "gcc-internal", "gfc-internal", "ycp")
_FORMAT_RANK = {f"{name}-format": i for i, name in enumerate(_FORMAT_ORDER)}


def _flag_rank(flag: str) -> tuple[int, int]:
    if flag == "fuzzy":
        return (0, 0)
    name = flag[3:] if flag.startswith("no-") else flag
    if name in _FORMAT_RANK:
        return (1, _FORMAT_RANK[name])
    if flag.startswith("range:"):
        return (2, 0)
    if flag in ("wrap", "no-wrap"):
        return (3, 0)
    return (4, 0)           # flags gettext does not know (ours: l10n-ignore-*) last, kept


def flag_line(unit: Unit) -> list[str]:
    """The ``#,`` line as gettext writes it: fuzzy (only on a translated entry), the format
    flags in gettext's order, range, wrap; an obsolete entry keeps only fuzzy, formats and
    wrap."""
    flags = [f for f in unit.flags if f != "fuzzy" or any(unit.translations[:1])]
    if unit.obsolete:
        flags = [f for f in flags if _flag_rank(f)[0] in (0, 1, 3)]
    flags = sorted(dict.fromkeys(flags), key=_flag_rank)
    return ["#, " + ", ".join(flags)] if flags else []


def format_unit(unit: Unit, *, width: int = PAGE_WIDTH) -> list[str]:
    """One entry, as gettext writes it; an obsolete entry without a translation is not
    written (gettext drops it)."""
    if unit.obsolete and not any(unit.translations[:1]):
        return []
    lines = [f"# {c}" if c else "#" for c in unit.translator_comments]
    lines += [f"#. {c}" if c else "#." for c in unit.extracted_comments]
    lines += _references(unit.references, width)
    lines += flag_line(unit)
    formats = tuple(f for f in unit.flags if f.endswith("-format") and not f.startswith("no-"))
    if "no-wrap" in unit.flags:
        width = 0
    previous_prefix = "#~| " if unit.obsolete else "#| "
    for keyword, value in (("msgctxt", unit.previous_msgctxt), ("msgid", unit.previous_msgid),
                           ("msgid_plural", unit.previous_msgid_plural)):
        if value is not None:
            lines += wrap_string(keyword, value, prefix=previous_prefix, width=width,
                                 formats=formats)
    prefix = "#~ " if unit.obsolete else ""
    if unit.msgctxt is not None:
        lines += wrap_string("msgctxt", unit.msgctxt, prefix=prefix, width=width)
    lines += wrap_string("msgid", unit.msgid, prefix=prefix, width=width, formats=formats)
    if unit.msgid_plural is not None:
        lines += wrap_string("msgid_plural", unit.msgid_plural, prefix=prefix, width=width,
                             formats=formats)
        for i, form in enumerate(unit.msgstr_plural):
            lines += wrap_string(f"msgstr[{i}]", form, prefix=prefix, width=width,
                                 formats=formats)
    else:
        lines += wrap_string("msgstr", unit.msgstr, prefix=prefix, width=width, formats=formats)
    return lines


def format_po(catalog: Catalog, *, width: int = PAGE_WIDTH) -> str:
    """The catalog as PO text, byte-stable: same catalog, same text. Obsolete entries come
    after all the others, as gettext writes them."""
    blocks: list[list[str]] = []
    if catalog.header or catalog.header_comments or catalog.header_flags or \
            catalog.raw_header is not None:
        head = [f"# {c}" if c else "#" for c in catalog.header_comments]
        head += [f"#. {c}" if c else "#." for c in catalog.header_extracted]
        head += _references(catalog.header_references, width)
        if catalog.header_flags:
            head.append("#, " + ", ".join(catalog.header_flags))
        head.append('msgid ""')
        head += wrap_string("msgstr", header_text(catalog), width=width)
        blocks.append(head)
    units = [u for u in catalog.units if not u.obsolete] + [u for u in catalog.units
                                                            if u.obsolete]
    blocks += [b for b in (format_unit(u, width=width) for u in units) if b]
    return "\n\n".join("\n".join(b) for b in blocks) + "\n"


def encode_po(catalog: Catalog, *, width: int | None = None) -> bytes:
    """The file's bytes: in the charset the catalog was read in, with its line ends.

    A character the charset cannot hold (an Azerbaijani "ə" typed into a KOI8-R catalog) is a
    one-line error naming the line, never a file of UTF-8 bytes under a KOI8-R header.
    ``width`` is msgcat's ``--width`` (79 by default)."""
    text = format_po(catalog, width=width or PAGE_WIDTH)
    if catalog.newline != "\n":
        text = text.replace("\n", catalog.newline)
    try:
        return text.encode(catalog.charset)
    except LookupError:
        raise WorkflowError(f"unknown charset '{catalog.charset}' in the header",
                            fix="declare charset=UTF-8") from None
    except UnicodeEncodeError as exc:
        line = text[:exc.start].count("\n") + 1
        raise WorkflowError(f"{text[exc.start]!r} (U+{ord(text[exc.start]):04X}) cannot be "
                            f"written in this catalog's charset {catalog.charset}", line=line,
                            fix="convert the catalog to UTF-8 first (msgconv -t UTF-8), header "
                            "included") from None


def write_po(catalog: Catalog, f: BinaryIO) -> None:
    f.write(encode_po(catalog))
