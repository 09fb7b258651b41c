"""What a PO file's bytes show without parsing it: whether any entry may hold a translation."""

from __future__ import annotations

import codecs
import re

from .po import CHARSET_LINE

_HEADER_START = re.compile(rb'(?:\s|#[^\n]*(?:\n|$))*msgid\s*""\s*msgstr\s*(?=")')
_STRING = re.compile(rb'"(?:\\.|[^"\\])*"\s*')
_MSGSTR = re.compile(rb'msgstr(?:\[[0-9]+\])?\s*"')
_MORE = re.compile(rb'(?:\s|#[^\n]*(?:\n|$))*"')


def may_hold_translations(data: bytes) -> bool:
    """False only when no entry but the header has a translation (every other ``msgstr`` is one
    empty string): such a catalog needs no parse to know it adds nothing to a memory. True
    whenever unsure: another charset than UTF-8 (a byte of a two-byte character may look like
    a backslash), a keyword inside a string, a string continued after a comment."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    declared = CHARSET_LINE.search(data[:4096])
    if declared is not None and declared.group(1).lower() not in (b"utf-8", b"utf8", b"charset"):
        return True
    start = 0
    header = _HEADER_START.match(data)
    if header is not None:
        start = header.end()
        while (string := _STRING.match(data, start)) is not None:
            start = string.end()
    for keyword in _MSGSTR.finditer(data, start):
        after = keyword.end()           # just past the opening quote
        if data[after:after + 1] != b'"' or _MORE.match(data, after + 1):
            return True                 # a string with text, or more strings after it
    return False
