"""The pure domain: documents, segments, translation units, catalogs and the merge rules.

Nothing here reads or writes files or knows a file format. Readers in ``workflow.formats``
build these objects; stages transform them; writers serialise them.
"""

from __future__ import annotations

import enum
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from .inline import Code, plain

# ---------------------------------------------------------------------------------------------
# Source documents


class BlockKind(enum.Enum):
    TITLE = "title"
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list-item"


@dataclass(frozen=True)
class Block:
    """One translatable block of a source document, in reading order.

    ``text`` is what translators see (inline markup as numbered codes, ``<a1>…</a1>``, whose
    elements are in ``codes``; whitespace runs folded); ``line`` is the 1-based line in the
    source file where the block starts; ``raw`` is the block's text with its original
    whitespace, so sentence offsets can be mapped back to source lines.
    """

    kind: BlockKind
    text: str
    line: int
    raw: str = ""
    level: int = 0
    # What the block's inline codes stand for (``<a1>`` → the link), by number; see inline.py.
    codes: tuple[Code, ...] = ()
    # Which block of its source file this is, in the reader's order: export finds it again by
    # this number (blocks dropped as chrome leave gaps).
    anchor: int = -1

    @property
    def source(self) -> str:
        return self.raw or self.text


@dataclass(frozen=True)
class Dropped:
    """A piece of the source that ingest left out, and the rule that did it."""

    line: int
    rule: str
    text: str


@dataclass(frozen=True)
class Document:
    """A source article: its blocks in order, and what ingest dropped as site chrome."""

    path: str
    lang: str
    blocks: tuple[Block, ...]
    dropped: tuple[Dropped, ...] = ()

    @property
    def title(self) -> Block | None:
        return next((b for b in self.blocks if b.kind is BlockKind.TITLE), None)


@dataclass(frozen=True)
class Segment:
    """A sentence: the half-open span ``[start, end)`` of the text it was cut from."""

    start: int
    end: int
    text: str


# ---------------------------------------------------------------------------------------------
# Translation units and catalogs


class UnitState(enum.Enum):
    UNTRANSLATED = "untranslated"
    FUZZY = "fuzzy"            # a draft: machine or memory output, or a human's unsure work
    TRANSLATED = "translated"  # a human cleared fuzzy
    REVIEWED = "reviewed"      # an editor approved this exact translation


#: A reviewed unit carries the translator comment ``reviewed: <hash> [by <name>]``. The hash is
#: of the msgid and msgstr it approved: any tool that edits either one (Poedit, Lokalize, a text
#: editor, msgmerge's fuzzy matching) makes the review stale without knowing about it.
REVIEW_PREFIX = "reviewed:"


def review_hash(msgid: str, msgstr: str) -> str:
    return hashlib.sha256(f"{msgid}\x00{msgstr}".encode()).hexdigest()[:10]


@dataclass(frozen=True)
class Unit:
    """One PO entry. Field names follow gettext's own vocabulary."""

    msgid: str
    msgstr: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr_plural: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    translator_comments: tuple[str, ...] = ()
    extracted_comments: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    previous_msgctxt: str | None = None
    previous_msgid: str | None = None
    previous_msgid_plural: str | None = None
    obsolete: bool = False
    # Where the unit was read from; not part of its identity.
    line: int = field(default=0, compare=False)

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @property
    def translations(self) -> tuple[str, ...]:
        return self.msgstr_plural if self.msgid_plural is not None else (self.msgstr,)

    @property
    def translated(self) -> bool:
        return all(self.translations) and bool(self.translations)

    @property
    def has_translation(self) -> bool:
        """Any human or machine work worth keeping: a msgstr or a translator's comment."""
        return any(self.translations) or bool(self.translator_comments)

    @property
    def review_marks(self) -> tuple[str, ...]:
        return tuple(c for c in self.translator_comments if c.startswith(REVIEW_PREFIX))

    @property
    def reviewed(self) -> bool:
        """Approved, and unchanged since: the mark's hash matches msgid and msgstr."""
        if self.fuzzy or not self.translated:
            return False
        expected = review_hash(self.msgid, "\x01".join(self.translations))
        return any(c[len(REVIEW_PREFIX):].split()[:1] == [expected] for c in self.review_marks)

    @property
    def review_stale(self) -> bool:
        return bool(self.review_marks) and not self.reviewed

    @property
    def state(self) -> UnitState:
        if not any(self.translations):
            return UnitState.UNTRANSLATED
        if self.fuzzy or not self.translated:
            return UnitState.FUZZY
        if self.reviewed:
            return UnitState.REVIEWED
        return UnitState.TRANSLATED

    def mark_reviewed(self, by: str | None = None) -> Unit:
        """Approve the translation as it is now (clearing a draft's fuzzy flag)."""
        mark = f"{REVIEW_PREFIX} {review_hash(self.msgid, chr(1).join(self.translations))}"
        if by:
            mark += f" by {' '.join(by.split())}"
        comments = tuple(c for c in self.translator_comments
                         if not c.startswith(REVIEW_PREFIX)) + (mark,)
        return replace(self, translator_comments=comments).with_flag("fuzzy", False)

    def unmark_reviewed(self) -> Unit:
        return replace(self, translator_comments=tuple(
            c for c in self.translator_comments if not c.startswith(REVIEW_PREFIX)))

    def with_flag(self, flag: str, on: bool = True) -> Unit:
        flags = [f for f in self.flags if f != flag]
        if on and flag == "fuzzy":
            flags.insert(0, flag)  # gettext tools write "fuzzy" first
        elif on:
            flags.append(flag)
        return replace(self, flags=tuple(flags))


@dataclass(frozen=True)
class Catalog:
    """A PO/POT file's content: header fields in order, header comments, units in order."""

    header: tuple[tuple[str, str], ...] = ()
    header_comments: tuple[str, ...] = ()
    header_flags: tuple[str, ...] = ()
    # "#." and "#:" lines on the header entry (rare, but gettext keeps them)
    header_extracted: tuple[str, ...] = ()
    header_references: tuple[str, ...] = ()
    units: tuple[Unit, ...] = ()
    # The header's msgstr as read, for tools that must copy it verbatim (MO files).
    raw_header: str | None = field(default=None, compare=False)
    header_line: int = field(default=1, compare=False)   # the header's msgid line, as read
    # The file's line ends as read, so that a rewrite keeps them (a CRLF catalog stays CRLF).
    # (Its charset is the one its header declares: see formats.po_write.encode_po.)
    newline: str = field(default="\n", compare=False)

    @property
    def charset(self) -> str:
        """The charset the header declares; UTF-8 when it declares none (or "CHARSET")."""
        found = re.search(r"charset=\s*([\w.:-]+)", self.header_value("Content-Type") or "")
        if not found or found.group(1).upper() in ("CHARSET", "UTF-8", "UTF8"):
            return "UTF-8"
        return found.group(1)

    @property
    def active(self) -> tuple[Unit, ...]:
        return tuple(u for u in self.units if not u.obsolete)

    @property
    def obsolete(self) -> tuple[Unit, ...]:
        return tuple(u for u in self.units if u.obsolete)

    def header_value(self, name: str) -> str | None:
        lname = name.lower()
        return next((v for k, v in self.header if k.lower() == lname), None)

    def with_header(self, updates: Sequence[tuple[str, str]]) -> Catalog:
        return replace(self, header=set_header_fields(self.header, updates))

    def find(self, msgid: str, msgctxt: str | None = None) -> Unit | None:
        return next((u for u in self.active if u.key == (msgctxt, msgid)), None)


# gettext's own order; fields not named here keep their relative order after these.
HEADER_ORDER = (
    "Project-Id-Version", "Report-Msgid-Bugs-To", "POT-Creation-Date", "PO-Revision-Date",
    "Last-Translator", "Language-Team", "Language", "MIME-Version", "Content-Type",
    "Content-Transfer-Encoding", "Plural-Forms",
)


def set_header_fields(header: Sequence[tuple[str, str]],
                      updates: Sequence[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """Set fields (case-insensitive names), keeping unknown fields and gettext's order."""
    merged: dict[str, tuple[str, str]] = {k.lower(): (k, v) for k, v in header}
    for k, v in updates:
        merged[k.lower()] = (k, v)
    rank = {name.lower(): i for i, name in enumerate(HEADER_ORDER)}
    original = {k.lower(): i for i, (k, _) in enumerate(header)}
    items = list(merged.items())
    items.sort(key=lambda kv: (rank.get(kv[0], len(rank)),
                               original.get(kv[0], len(original) + len(items))))
    return tuple(value for _, value in items)


# ---------------------------------------------------------------------------------------------
# Merging a catalog with a new template: GNU msgmerge's guarantees, as pure functions.

def words(text: str) -> int:
    """Words as translators count them: runs of letters or digits (inline codes are not words)."""
    text = plain(text)
    count = 0
    inside = False
    for ch in text:
        if ch.isalnum():
            if not inside:
                count += 1
            inside = True
        else:
            inside = ch in "'’-" and inside
    return count
