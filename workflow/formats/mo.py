"""Compiled MO catalogs, laid out byte for byte as GNU msgfmt writes them.

Layout (gettext's write-mo.c): a 28-byte header; the table of original strings and the table of
translations (length and offset of each, sorted by msgid); a hash table of the originals (hashpjw,
size the smallest prime above 4n/3, open addressing); then every msgid and every msgstr,
NUL-terminated. Untranslated, fuzzy and obsolete entries are left out, as msgfmt does.
"""

from __future__ import annotations

import codecs
import re
import struct

from ..errors import WorkflowError
from ..model import Catalog, Unit
from .po_write import header_text

MAGIC = 0x950412DE


def _hash(data: bytes) -> int:
    """gettext's hash_string (hashpjw) over a C string: a plural key stops at its NUL."""
    value = 0
    for byte in data.split(b"\0", 1)[0]:
        value = ((value << 4) + byte) & 0xFFFFFFFF
        high = value & 0xF0000000
        if high:
            value ^= high >> 24
            value ^= high
    return value


def _gettext_is_prime(candidate: int) -> bool:
    # gettext's own test (lib/hash.c), which starts dividing at 3 and so calls 3 "not prime":
    # reproducing it is what makes our hash tables the same size as msgfmt's.
    divisor, square = 3, 9
    while square < candidate and candidate % divisor != 0:
        divisor += 1
        square += 4 * divisor
        divisor += 1
    return candidate % divisor != 0


def _table_size(n: int) -> int:
    size = (n * 4) // 3 | 1
    while not _gettext_is_prime(size):
        size += 2
    return 3 if size <= 2 else size


def _header(catalog: Catalog) -> str:
    """The header as the PO file wrote it (msgfmt copies it verbatim) unless it was changed."""
    text = header_text(catalog)
    # msgfmt leaves POT-Creation-Date out of MO files, so that builds are reproducible.
    return re.sub(r"(?m)^POT-Creation-Date:[^\n]*\n", "", text)


def _charset(catalog: Catalog) -> str:
    found = re.search(r"charset=\s*([\w.:-]+)", catalog.header_value("Content-Type") or "")
    charset = found.group(1) if found else "utf-8"
    try:
        codecs.lookup(charset)
    except LookupError:
        return "utf-8"
    return "utf-8" if charset.upper() == "CHARSET" else charset


def entries(catalog: Catalog) -> list[tuple[bytes, bytes]]:
    """(original, translation) pairs that go into the MO file, sorted as msgfmt sorts them."""
    pairs: list[tuple[bytes, bytes]] = []
    charset = _charset(catalog)
    if catalog.header or catalog.raw_header:
        # msgfmt keeps the header even when it is marked fuzzy.
        pairs.append((b"", _header(catalog).encode(charset)))
    for unit in catalog.units:
        if not _included(unit):
            continue
        key = unit.msgid if unit.msgctxt is None else f"{unit.msgctxt}\x04{unit.msgid}"
        if unit.msgid_plural is not None:
            key += f"\x00{unit.msgid_plural}"
            value = "\x00".join(unit.msgstr_plural)
        else:
            value = unit.msgstr
        # msgfmt writes the strings in the catalog's own charset.
        try:
            pairs.append((key.encode(charset), value.encode(charset)))
        except UnicodeEncodeError as exc:
            text = key if exc.object == key else value
            raise WorkflowError(f"{text[exc.start]!r} cannot be written in the catalog's charset "
                                f"{charset}", line=unit.line or None,
                                fix="convert the catalog to UTF-8 (msgconv -t UTF-8)") from None
    pairs.sort(key=lambda p: p[0])
    return pairs


def _included(unit: Unit) -> bool:
    # msgfmt's rule: translated means the first form is not empty (other plural forms may be).
    return not unit.obsolete and not unit.fuzzy and bool(unit.translations[0])


def write_mo(catalog: Catalog) -> bytes:
    """The MO file's bytes; empty when the catalog has nothing to compile (no header and no
    translation: msgfmt writes no file then)."""
    pairs = entries(catalog)
    if not pairs:
        return b""
    n = len(pairs)
    size = _table_size(n) if n else 0
    header_len = 28
    originals_at = header_len
    translations_at = originals_at + 8 * n
    hash_at = translations_at + 8 * n
    strings_at = hash_at + 4 * size
    originals, translations, blob = [], [], bytearray()
    position = strings_at
    for original, _ in pairs:
        originals.append((len(original), position))
        blob += original + b"\0"
        position += len(original) + 1
    for _, translation in pairs:
        translations.append((len(translation), position))
        blob += translation + b"\0"
        position += len(translation) + 1
    table = [0] * size
    for index, (original, _) in enumerate(pairs):
        value = _hash(original)
        slot = value % size
        step = 1 + value % (size - 2)
        while table[slot]:
            slot = slot - (size - step) if slot >= size - step else slot + step
        table[slot] = index + 1
    out = bytearray(struct.pack("<7I", MAGIC, 0, n, originals_at, translations_at, size,
                                hash_at))
    for length, offset in originals + translations:
        out += struct.pack("<2I", length, offset)
    out += struct.pack(f"<{size}I", *table)
    out += blob
    return bytes(out)


def read_mo(data: bytes) -> dict[bytes, bytes]:
    """The (original -> translation) content of an MO file (for comparing with msgfmt's)."""
    magic = struct.unpack("<I", data[:4])[0]
    endian = "<" if magic == MAGIC else ">"
    _, _, n, originals_at, translations_at, _, _ = struct.unpack(f"{endian}7I", data[:28])
    content = {}
    for i in range(n):
        olen, ooff = struct.unpack(f"{endian}2I", data[originals_at + 8 * i:originals_at + 8 * i + 8])
        tlen, toff = struct.unpack(f"{endian}2I",
                                   data[translations_at + 8 * i:translations_at + 8 * i + 8])
        content[data[ooff:ooff + olen]] = data[toff:toff + tlen]
    return content
