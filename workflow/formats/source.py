"""Decoding source files and their front matter, shared by the text, Markdown and HTML readers."""

from __future__ import annotations

import codecs
import re

from ..errors import WorkflowError

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)---[ \t]*\n", re.S)
_FIELD = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s*(.*?)\s*$")


MAX_SOURCE_BYTES = 10 * 1024 * 1024
MAX_BLOCK_CHARS = 100_000


def decode_source(data: bytes, *, limit: int = MAX_SOURCE_BYTES) -> str:
    """Source text is UTF-8 (a BOM is allowed); anything else is an error naming the line."""
    if len(data) > limit:
        raise WorkflowError(f"{len(data) / 1024 / 1024:.1f} MB: larger than the "
                            f"{limit // 1024 // 1024} MB a source article may be", line=1,
                            fix="split it into articles; a news article is a few kilobytes")
    if b"\x00" in data[:8192]:
        raise WorkflowError("binary data, not text", line=data[:data.index(b"\x00")].count(b"\n") + 1,
                            fix="source articles are UTF-8 text, Markdown or HTML files")
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise WorkflowError(f"not valid UTF-8 (byte 0x{data[exc.start]:02x})", line=line,
                            fix="convert the file to UTF-8, e.g. iconv -f CP1251 -t UTF-8") from None


def split_front_matter(text: str) -> tuple[dict[str, str], str, int]:
    """Split ``---``-delimited ``key: value`` front matter off the top of a text.

    Returns the fields, the body, and how many lines the front matter took (so line numbers in
    the body can be mapped back to the file). Front matter keeps its lines in the body as blank
    lines instead, so offsets into the body are offsets into the file.
    """
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text, 0
    fields: dict[str, str] = {}
    for number, line in enumerate(match.group(1).splitlines(), start=2):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        found = _FIELD.match(line)
        if not found:
            raise WorkflowError("front matter line is not 'key: value'", line=number,
                                fix="write front matter as lines like 'lang: ru'")
        fields[found.group(1).lower()] = found.group(2).strip("'\"")
    consumed = match.group(0).count("\n")
    return fields, "\n" * consumed + text[match.end():], consumed
