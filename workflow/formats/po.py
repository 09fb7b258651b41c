"""PO and POT files: a strict reader (the writer is in ``po_write``).

Why not polib or Babel for reading: on the 26 malformed catalogs in ``shared/testdata/po_malformed``
that GNU msgfmt rejects, polib accepts 13 and Babel (``abort_invalid=True``) accepts 12, silently
dropping or inventing text. A translator's file that msgfmt would refuse must be refused here too,
with the line that is wrong. The writer wraps lines the way msgcat, msgmerge and Poedit do (79
columns, breaks after spaces and between hyphenated words), so a round trip through any of them
leaves ``git diff`` empty.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import BinaryIO

from ..errors import WorkflowError
from ..model import Catalog, Unit

# ---------------------------------------------------------------------------------------------
# Reading

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v",
            "\\": "\\", '"': '"', "?": "?", "'": "'"}
_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)(?=[\s\"]|$)")
# The charset of the header's Content-Type line, and nowhere else: a translator comment that
# mentions "charset=KOI8-R" must not decide how the file is decoded.
CHARSET_LINE = re.compile(rb'^[ \t]*(?:msgstr[ \t]+)?"Content-Type:[^"\r\n]*?charset=\s*([A-Za-z0-9_.:-]+)', re.M)
_NPLURALS = re.compile(r"nplurals\s*=\s*(\d+)")


def _syntax(line: int, what: str, fix: str) -> WorkflowError:
    return WorkflowError(f"syntax error: {what}", line=line, fix=fix)


def _parse_string(text: str, line: int) -> str:
    """Parse one C string literal that makes up the rest of a line."""
    text = text.strip()
    if not text.startswith('"'):
        raise _syntax(line, "expected a string in double quotes",
                      'every msgid/msgstr line holds text in "double quotes"')
    if len(text) > 1 and text.endswith('"') and "\\" not in text and '"' not in text[1:-1]:
        return text[1:-1]           # no escape at all: most lines of most catalogs
    out: list[str] = []
    escaped = bytearray()   # octal and hex escapes are bytes, as in C and GNU gettext

    def flush() -> None:
        if escaped:
            try:
                out.append(escaped.decode("utf-8"))
            except UnicodeDecodeError:
                raise _syntax(line, f"escaped bytes that are not UTF-8 ({escaped.hex(' ')})",
                              "write the character itself instead of its bytes") from None
            escaped.clear()

    i, n = 1, len(text)
    while i < n:
        ch = text[i]
        if ch == "\\":
            if i + 1 >= n:
                break
            nxt = text[i + 1]
            if nxt in _ESCAPES:
                flush()
                out.append(_ESCAPES[nxt])
                i += 2
            elif nxt in "01234567" or (nxt == "x" and re.match(r"[0-9A-Fa-f]", text[i + 2:i + 3])):
                octal = nxt != "x"
                digits = re.match(r"[0-7]{1,3}" if octal else r"[0-9A-Fa-f]+",
                                  text[i + 1 if octal else i + 2:]).group(0)
                value = int(digits, 8 if octal else 16) & 0xFF   # C keeps the low byte
                if value == 0:
                    raise _syntax(line, f"a NUL byte (\\{nxt if not octal else ''}{digits}) in a "
                                  "string: gettext cuts the text there", "remove the escape")
                escaped.append(value)
                i += (1 if octal else 2) + len(digits)
                continue
            else:
                raise _syntax(line, f"invalid escape sequence '\\{nxt}'",
                              "write a backslash as \\\\")
        elif ch == '"':
            rest = text[i + 1:].strip()
            if rest:
                raise _syntax(line, "unescaped double quote inside a string",
                              'write a double quote inside text as \\"')
            flush()
            return "".join(out)
        else:
            if escaped:
                flush()
            out.append(ch)
            i += 1
    raise _syntax(line, "end of line inside a string",
                  'close the string with " on the same line; continue on the next line '
                  'with a new "..." string')


@dataclass
class _Draft:
    """An entry being read."""

    line: int = 0
    key_line: int = 0
    obsolete: bool | None = None
    translator: list[str] = field(default_factory=list)
    extracted: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    previous: dict[str, list[str]] = field(default_factory=dict)
    fields: dict[str, list[str]] = field(default_factory=dict)
    plural: dict[int, list[str]] = field(default_factory=dict)
    last: list[str] | None = None
    last_previous: list[str] | None = None

    @property
    def started(self) -> bool:
        return bool(self.fields or self.plural)

    @property
    def empty(self) -> bool:
        return not (self.started or self.translator or self.extracted or self.references
                    or self.flags or self.previous)


def decode_po(data: bytes) -> str:
    """Decode a PO file's bytes by the charset its header declares (UTF-8 when it declares none)."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    head = data[:4096]
    found = CHARSET_LINE.search(head)
    charset = found.group(1).decode("ascii") if found else "utf-8"
    if charset.upper() == "CHARSET":
        charset = "utf-8"
    try:
        codecs.lookup(charset)
    except LookupError:
        line = head[:found.start()].count(b"\n") + 1 if found else 1
        raise WorkflowError(f"unknown charset '{charset}' in the header", line=line,
                            fix="declare charset=UTF-8 and save the file as UTF-8") from None
    try:
        return data.decode(charset)
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise WorkflowError(f"bytes that are not valid {charset} (byte 0x{data[exc.start]:02x})",
                            line=line,
                            fix=f"save the file as {charset}, or fix the charset in the header"
                            ) from None


def read_po(f: BinaryIO) -> Catalog:
    """Read a PO or POT file. Raises WorkflowError with the line of the first problem.

    The catalog remembers its line ends, so writing it back keeps them (and its charset, which
    its header declares)."""
    data = f.read()
    catalog = parse_po(decode_po(data))
    first_end = re.search(rb"\r\n|\n", data)
    newline = "\r\n" if first_end is not None and first_end.group(0) == b"\r\n" else "\n"
    return replace(catalog, newline=newline)


_TOKEN = re.compile(r'\s*(?:"(?:\\.|[^"\\])*"|(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\b)')


def _logical_lines(text: str) -> Iterator[tuple[int, str]]:
    """(line number, line), with a line that holds several keywords split at each keyword:
    gettext reads ``msgid "a" msgstr "b"`` on one line as two (newlines are whitespace)."""
    for number, raw in enumerate(re.split(r"\r\n|\r|\n", text), start=1):
        body, prefix = raw.lstrip(), ""
        if body.startswith("#~") and not body.startswith("#~|"):
            prefix, body = "#~ ", body[2:].lstrip()
        starts, position = [], 0
        while body.count('"') >= 3 and position < len(body) and not body.startswith("#"):
            token = _TOKEN.match(body, position)
            if token is None:
                break
            starts += [token.start(1)] if token.group(1) else []
            position = token.end()
        if len(starts) < 2 or body[position:].strip():
            yield number, raw               # one keyword, or not keywords and strings only
            continue
        for a, b in zip(starts, starts[1:] + [len(body)]):
            yield number, prefix + body[a:b]


def parse_po(text: str) -> Catalog:
    units: list[Unit] = []
    header: Unit | None = None
    seen: dict[tuple[str | None, str], int] = {}
    draft = _Draft()

    def finish() -> None:
        nonlocal draft, header
        if draft.empty:
            draft = _Draft()
            return
        if not draft.started:
            # Comments with no entry after them (the end of a file, usually): msgfmt ignores them.
            draft = _Draft()
            return
        unit = _build(draft)
        if unit.msgid == "" and unit.msgctxt is None and not unit.obsolete:
            if header is not None:
                raise WorkflowError("a second header entry (msgid \"\")", line=unit.line,
                                    fix="a catalog has one header; merge or delete this one")
            header = unit
        else:
            if not unit.obsolete:
                first = seen.get(unit.key)
                if first is not None:
                    raise WorkflowError(
                        f"duplicate message {unit.msgid[:40]!r} (first defined on line {first})",
                        line=unit.line, fix="keep one of the two entries")
                seen[unit.key] = unit.line
            units.append(unit)
        draft = _Draft()

    for number, raw in _logical_lines(text):
        line = raw.strip()
        if not line:
            # Blank lines separate entries for people; keywords delimit them for the parser.
            continue
        obsolete = False
        if line.startswith("#~"):
            obsolete = True
            line = line[2:].strip()
            if not line:
                continue
            if line.startswith("|"):
                line = "#" + line
        if line.startswith("#") and not line.startswith("#|"):
            if draft.started:
                finish()
            kind, body = line[:2], line[2:]
            if kind == "#.":
                draft.extracted.append(body.strip())
            elif kind == "#:":
                draft.references.extend(body.split())
            elif kind == "#,":
                draft.flags.extend(f.strip() for f in body.split(",") if f.strip())
            else:
                text_ = line[1:]
                draft.translator.append(text_[1:] if text_.startswith(" ") else text_)
            if not draft.line:
                draft.line = number
            continue
        if line.startswith("#|"):
            body = line[2:].strip()
            if draft.started:
                finish()
            if not draft.line:
                draft.line = number
            if body.startswith('"'):
                if draft.last_previous is None:
                    raise _syntax(number, "a string with no keyword before it",
                                  "start the entry with msgid")
                draft.last_previous.append(_parse_string(body, number))
                continue
            match = _KEYWORD.match(body)
            if not match or match.group(1) not in ("msgctxt", "msgid", "msgid_plural"):
                raise _syntax(number, "unknown '#|' line", "'#|' lines hold previous msgctxt, "
                              "msgid or msgid_plural")
            parts = [_parse_string(body[match.end():], number)]
            draft.previous[match.group(1)] = parts
            draft.last_previous = parts
            continue

        # A keyword or a continuation string.
        if line.startswith('"'):
            _same_kind(draft, obsolete, number)
            if draft.last is None:
                raise _syntax(number, "a string with no keyword before it",
                              'strings continue a msgid or msgstr line; add the keyword')
            draft.last.append(_parse_string(line, number))
            continue
        match = _KEYWORD.match(line)
        if not match:
            word = line.split()[0][:20]
            if word == "domain":
                raise _syntax(number, "a 'domain' directive: several domains in one file are "
                              "not supported", "split the file into one catalog per domain "
                              "(msgcat can select one)")
            raise _syntax(number, f"unknown keyword '{word}'",
                          "lines start with msgctxt, msgid, msgid_plural, msgstr, '\"' or '#'")
        keyword, index = match.group(1), match.group(2)
        parts = [_parse_string(line[match.end():], number)]
        name = "msgstr" if index is not None else keyword
        if name in ("msgctxt", "msgid") and ("msgstr" in draft.fields or draft.plural):
            finish()
        _same_kind(draft, obsolete, number)
        if name in ("msgctxt", "msgid") and not draft.key_line:
            draft.key_line = number
        if not draft.line:
            draft.line = number
        if name == "msgctxt":
            if draft.fields:
                raise _syntax(number, "msgctxt after msgid", "msgctxt comes before msgid")
        elif name == "msgid":
            if "msgid" in draft.fields:
                raise _syntax(number, "msgid without msgstr before it",
                              "add msgstr \"\" after the previous msgid")
        elif name == "msgid_plural":
            if "msgid" not in draft.fields or "msgid_plural" in draft.fields:
                raise _syntax(number, "msgid_plural in the wrong place",
                              "msgid_plural follows msgid")
        elif index is None:  # plain msgstr
            if "msgid" not in draft.fields:
                raise _syntax(number, "msgstr without msgid", "add the msgid it translates")
            if "msgid_plural" in draft.fields:
                raise _syntax(number, "plural entry with msgstr instead of msgstr[0]",
                              "write msgstr[0], msgstr[1], ... after msgid_plural")
            if "msgstr" in draft.fields:
                raise _syntax(number, "two msgstr lines", "keep one msgstr per entry")
        else:
            if "msgid_plural" not in draft.fields:
                raise _syntax(number, f"msgstr[{index}] without msgid_plural",
                              "use plain msgstr, or add msgid_plural")
            if int(index) != len(draft.plural):
                raise _syntax(number, f"msgstr[{index}] out of order",
                              f"expected msgstr[{len(draft.plural)}]")
        if index is not None:
            draft.plural[int(index)] = parts
        else:
            draft.fields[name] = parts
        draft.last = parts
    finish()

    # An empty header, like a missing one, is read (msgmerge and msgcat accept both; a POT may
    # have one): `l10n check` reports a catalog that does not say its language.
    catalog = Catalog(
        raw_header=header.msgstr if header else None,
        header_line=header.line if header else 1,
        header=_parse_header(header.msgstr) if header else (),
        header_comments=header.translator_comments if header else (),
        header_flags=header.flags if header else (),
        header_extracted=header.extracted_comments if header else (),
        header_references=header.references if header else (),
        units=tuple(units),
    )
    _check_plurals(catalog, header.line if header else 1)
    return catalog


def _same_kind(draft: _Draft, obsolete: bool, number: int) -> None:
    """The first keyword of an entry decides whether it is obsolete; the rest must agree."""
    if not draft.started:
        draft.obsolete = obsolete
    elif draft.obsolete != obsolete:
        raise _syntax(number, "an entry mixes obsolete (#~) and active lines",
                      "prefix every line of an obsolete entry with #~")


def _build(draft: _Draft) -> Unit:
    joined = {k: "".join(v) for k, v in draft.fields.items()}
    if "msgid" not in joined:
        raise _syntax(draft.key_line or draft.line, "entry without msgid", "every entry needs msgid")
    if "msgstr" not in joined and not draft.plural:
        raise WorkflowError(f"missing msgstr for msgid {joined['msgid'][:40]!r}",
                            line=draft.key_line or draft.line, fix='add msgstr "" after the msgid')
    if "msgid_plural" in joined and not draft.plural:
        raise WorkflowError("plural entry without msgstr[0]", line=draft.key_line or draft.line,
                            fix="add msgstr[0], msgstr[1], ...")
    previous = {k: "".join(v) for k, v in draft.previous.items()}
    return Unit(
        msgid=joined["msgid"],
        msgstr=joined.get("msgstr", ""),
        msgctxt=joined.get("msgctxt"),
        msgid_plural=joined.get("msgid_plural"),
        msgstr_plural=tuple("".join(draft.plural[i]) for i in range(len(draft.plural))),
        flags=tuple(draft.flags),
        translator_comments=tuple(draft.translator),
        extracted_comments=tuple(draft.extracted),
        references=tuple(dict.fromkeys(draft.references)),   # gettext drops repeats
        previous_msgctxt=previous.get("msgctxt"),
        previous_msgid=previous.get("msgid"),
        previous_msgid_plural=previous.get("msgid_plural"),
        obsolete=bool(draft.obsolete),
        line=draft.key_line or draft.line,
    )


def parse_header(text: str) -> tuple[tuple[str, str], ...]:
    return _parse_header(text)


def _parse_header(text: str) -> tuple[tuple[str, str], ...]:
    fields: list[tuple[str, str]] = []
    for line in text.split("\n"):
        if not line.strip():
            continue
        key, sep, value = line.partition(":")
        if sep:
            fields.append((key.strip(), value.strip()))
        elif fields:  # a wrapped value: part of the field before it
            k, v = fields[-1]
            fields[-1] = (k, f"{v} {line.strip()}")
    return tuple(fields)


def _check_plurals(catalog: Catalog, header_line: int) -> None:
    forms = catalog.header_value("Plural-Forms")
    if not forms:
        return
    found = _NPLURALS.search(forms)
    if not found:
        raise WorkflowError("Plural-Forms without nplurals", line=header_line,
                            fix="write e.g. 'Plural-Forms: nplurals=2; plural=(n != 1);'")
    nplurals = int(found.group(1))
    for unit in catalog.units:
        # As msgfmt: obsolete entries are not messages, and a fuzzy one is not used.
        if unit.obsolete or unit.fuzzy:
            continue
        if unit.msgid_plural is not None and any(unit.msgstr_plural) \
                and len(unit.msgstr_plural) != nplurals:
            raise WorkflowError(
                f"{len(unit.msgstr_plural)} plural forms where the header says nplurals="
                f"{nplurals}", line=unit.line, fix=f"give exactly {nplurals} msgstr[N] lines")
