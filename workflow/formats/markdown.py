"""Markdown articles, parsed with markdown-it-py (CommonMark): read into blocks with inline
codes, and rebuilt on export.

Inline syntax becomes codes as HTML's does (``**bold**`` → ``<strong1>bold</strong1>``,
``[text](url)`` → ``<a1>text</a1>``, a hard line break → ``<br1/>``): the URL and the
delimiters stay out of the translator's way, and each code remembers the source's exact
syntax (``**`` or ``__``) so export writes it back. Code blocks and raw HTML blocks are not
prose: they are reported, not translated, and export leaves them as they are.

Export rebuilds the file from its source, po4a's way: each paragraph's or heading's lines are
replaced by its translation on one line (list markers, quote marks and indentation kept), and
everything else (code blocks, front matter, blank lines, link definitions) is copied.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from markdown_it import MarkdownIt
from markdown_it.token import Token

from .. import inline
from ..inline import Code
from ..model import Block, BlockKind, Dropped

_PARSER = MarkdownIt("commonmark")
_HTML_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)((?:\s+[^\s\"'>/=]+(?:\s*=\s*(?:\"[^\"]*\"|"
                       r"'[^']*'|[^\s\"'=<>`]+))?)*)\s*(/?)>\Z")
_HTML_ATTR = re.compile(r"([^\s\"'>/=]+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'=<>`]+)))?")
_VOID = {"br", "img", "wbr", "input", "embed", "area", "source", "track", "col", "param", "hr"}


def _blocks(tokens: list[Token]) -> Iterator[tuple[int, Token, BlockKind, int]]:
    """(anchor, inline token, kind, level) of every paragraph and heading, in order."""
    kind: BlockKind | None = None
    level = 0
    list_depth = 0
    titled = False
    anchor = 0
    for token in tokens:
        if token.type in ("bullet_list_open", "ordered_list_open"):
            list_depth += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            list_depth -= 1
        elif token.type == "heading_open":
            level = int(token.tag[1])
            kind = BlockKind.TITLE if level == 1 and not titled else BlockKind.HEADING
            titled = titled or kind is BlockKind.TITLE
        elif token.type == "paragraph_open":
            kind = BlockKind.LIST_ITEM if list_depth else BlockKind.PARAGRAPH
            level = 0
        elif token.type == "inline" and kind is not None and token.map:
            yield anchor, token, kind, level
            anchor += 1
            kind = None


def read_markdown(text: str) -> tuple[list[Block], list[Dropped]]:
    tokens = _PARSER.parse(text)
    lines = text.split("\n")
    blocks: list[Block] = []
    skipped: list[Dropped] = []
    for anchor, token, kind, level in _blocks(tokens):
        coded, codes = encode(token.children or [])
        _, inner, _ = inline.peel(coded)
        raw = inner.strip(inline.ASCII_SPACE)
        if raw and (inline.plain(raw).strip() or any(
                (c.attr("alt") or c.attr("title") or "").strip() for c in codes)):
            assert token.map is not None
            blocks.append(Block(kind, " ".join(raw.split()), token.map[0] + 1, raw=raw,
                                level=level, codes=tuple(codes), anchor=anchor))
    for token in tokens:
        if token.type in ("fence", "code_block", "html_block") and token.map:
            first = lines[token.map[0]].strip() if token.map[0] < len(lines) else ""
            skipped.append(Dropped(token.map[0] + 1, f"markdown-{token.type.replace('_', '-')}",
                                   first))
    skipped.sort(key=lambda d: d.line)
    return blocks, skipped


def encode(children: list[Token]) -> tuple[str, list[Code]]:
    """A paragraph's inline tokens as text with codes, and what each code stands for."""
    codes: list[Code] = []
    parts: list[str] = []
    stack: list[int] = []          # open codes, by number
    pairs = _html_pairs(children)
    closing: dict[int, int] = {}   # token index of a raw closing tag -> its code
    for index, tok in enumerate(children):
        kind = tok.type
        if kind == "text":
            parts.append(tok.content)
        elif kind == "softbreak":
            parts.append("\n")
        elif kind in ("strong_open", "em_open", "link_open", "s_open"):
            tag = {"strong_open": "strong", "em_open": "em", "link_open": "a",
                   "s_open": "s"}[kind]
            attrs: tuple[tuple[str, str], ...] = ()
            markup = (tok.markup, tok.markup)
            if tag == "a":
                attrs = tuple((k, str(v)) for k, v in tok.attrs.items())
                markup = (("<", ">") if tok.markup == "autolink" else ("", "")
                          if tok.markup == "linkify" else ("[", _link_tail(tok)))
            codes.append(Code(len(codes) + 1, tag, True, attrs, markup))
            stack.append(len(codes))
            parts.append(inline.code_text(codes[-1], "open"))
        elif kind in ("strong_close", "em_close", "link_close", "s_close") and stack:
            parts.append(inline.code_text(codes[stack.pop() - 1], "close"))
        elif kind == "code_inline":
            codes.append(Code(len(codes) + 1, "code", True, (), (tok.markup, tok.markup)))
            parts += [inline.code_text(codes[-1], "open"), tok.content,
                      inline.code_text(codes[-1], "close")]
        elif kind == "image":
            attrs = (("src", str(tok.attrs.get("src", ""))), ("alt", tok.content))
            if tok.attrs.get("title"):
                attrs += (("title", str(tok.attrs["title"])),)
            codes.append(Code(len(codes) + 1, "img", False, attrs))
            parts.append(inline.code_text(codes[-1], "single"))
        elif kind == "hardbreak":
            codes.append(Code(len(codes) + 1, "br", False, (), (tok.markup or "\\", "")))
            parts.append(inline.code_text(codes[-1], "single"))
        elif kind == "html_inline":
            parts.append(_html_code(tok, index, pairs, codes, stack, closing))
        else:                       # anything else markdown-it adds: its source text
            parts.append(tok.content)
    while stack:                    # (markdown-it closes what it opens; this is a guard)
        parts.append(inline.code_text(codes[stack.pop() - 1], "close"))
    return "".join(parts), codes


def _link_tail(tok: Token) -> str:
    href = str(tok.attrs.get("href", ""))
    title = tok.attrs.get("title")
    destination = f"<{href}>" if any(c in href for c in " ()<>") else href
    if title:
        return f']({destination} "{str(title).replace(chr(34), chr(92) + chr(34))}")'
    return f"]({destination})"


def _html_pairs(children: list[Token]) -> dict[int, int]:
    """Raw inline HTML tags that open and close each other: {opening index: closing index}."""
    pairs: dict[int, int] = {}
    stack: list[tuple[str, int]] = []
    for index, tok in enumerate(children):
        if tok.type != "html_inline":
            continue
        found = _HTML_TAG.match(tok.content)
        if not found or found.group(4) or found.group(2).lower() in _VOID:
            continue
        name = found.group(2).lower()
        if not found.group(1):
            stack.append((name, index))
        elif stack and stack[-1][0] == name:
            pairs[stack.pop()[1]] = index
    return pairs


def _html_code(tok: Token, index: int, pairs: dict[int, int], codes: list[Code],
               stack: list[int], closing: dict[int, int]) -> str:
    """A raw inline HTML tag: a paired code with its closing tag, or a standalone one (a void
    or unmatched tag, a comment), written back on export exactly as it was."""
    if index in closing:
        if stack and stack[-1] == closing[index]:
            stack.pop()
        return inline.code_text(codes[closing[index] - 1], "close")
    found = _HTML_TAG.match(tok.content)
    name = found.group(2).lower() if found else "comment"
    label = name if name.isalpha() and name.isascii() else "span"
    attrs: tuple[tuple[str, str], ...] = ()
    if found and not found.group(1):
        attrs = tuple((m.group(1).lower(), m.group(2) or m.group(3) or m.group(4) or "")
                      for m in _HTML_ATTR.finditer(found.group(3)))
    paired = index in pairs
    codes.append(Code(len(codes) + 1, label, paired, attrs, (tok.content, ""),
                      element=name if name != label else ""))
    if paired:
        stack.append(len(codes))
        closing[pairs[index]] = len(codes)
    return inline.code_text(codes[-1], "open" if paired else "single")


# ---------------------------------------------------------------------------------------------
# Writing codes back as Markdown

# What would turn text into markup: a backslash before punctuation, code spans, emphasis
# (``_`` only at a word's edge), a bracket that a link could close, HTML or an autolink, an entity.
_SPECIAL = re.compile(r"(\\(?=[!-/:-@\[-`{-~])|`|\*|(?<!\w)_|_(?!\w)|\[(?=[^\]]*\][(\[:])|<(?=[A-Za-z/!?])"
                      r"|&(?=#?\w+;))")
_LINE_START = re.compile(r"^(\s*)(#|[-+]\s|\d{1,9}[.)]\s|=+\s*$|>)")


def escape(text: str) -> str:
    """Text that stays text in Markdown: a translator's ``*`` is not emphasis."""
    text = _SPECIAL.sub(r"\\\1", text)
    return _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2) if m.group(2)[0] in "#>=-+"
                           else m.group(1) + re.sub(r"([.)])", r"\\\1", m.group(2), count=1),
                           text)


def to_markdown(coded: str, codes: Mapping[int, Code], *, attributes: Mapping[tuple[int, str], str]
                = {}, continuation: str = "") -> str:  # noqa: B006 (read-only default)
    """A block's text with codes as Markdown: each code as the source wrote it (Markdown
    sources), or as the Markdown for its HTML element (HTML sources: ``<strong>`` → ``**``;
    an element Markdown has no syntax for keeps its text only)."""
    out: list[str] = []
    last = 0
    open_codes: dict[int, Code] = {}
    inside_code = False
    for marker in inline.markers(coded):
        code = codes.get(marker.id)
        if code is None or code.tag != marker.tag or code.paired != (marker.kind != "single"):
            continue
        piece = coded[last:marker.start]
        out.append(piece if inside_code else escape(piece))
        last = marker.end
        if marker.kind == "single":
            out.append(_single(code, attributes, continuation))
        elif marker.kind == "open":
            open_codes[code.id] = code
            opening, _ = _delimiters(code, marker.attrs)
            out.append(opening)
            inside_code = code.tag == "code" and not code.markup[0].startswith("<")
        elif code.id in open_codes:
            _, closing = _delimiters(open_codes.pop(code.id), marker.attrs)
            out.append(closing)
            inside_code = False
    piece = coded[last:]
    out.append(piece if inside_code else escape(piece))
    # a no-break space that starts or ends a line is whitespace to a Markdown parser
    return _EDGE_NBSP.sub(lambda m: "&nbsp;" * len(m.group()), "".join(out))


_EDGE_NBSP = re.compile(r"^\u00a0+|\u00a0+$", re.M)


def _delimiters(code: Code, overrides: tuple[tuple[str, str], ...]) -> tuple[str, str]:
    href = dict(overrides).get("href")
    if href is not None and not inline.safe_url(href):
        href = None
    if code.markup[0] and not code.markup[0].startswith("<"):
        if code.tag == "a" and href:
            return "[", _link(href, code.attr("title"))
        return code.markup
    if code.markup[0].startswith("<") and code.tag != "a":
        return code.markup[0], f"</{code.html_tag}>"    # raw inline HTML, as written
    tag = code.html_tag
    if tag in ("strong", "b"):
        return "**", "**"
    if tag in ("em", "i"):
        return "*", "*"
    if tag == "code":
        return "`", "`"
    if tag == "a" and (href or code.attr("href")):
        return "[", _link(href or code.attr("href") or "", code.attr("title"))
    return "", ""


def _link(href: str, title: str | None) -> str:
    """The ``](href "title")`` that closes a Markdown link."""
    return _link_tail(Token("link_open", "a", 1, attrs={"href": href, **(
        {"title": title} if title else {})}))


def _single(code: Code, attributes: Mapping[tuple[int, str], str], continuation: str) -> str:
    if code.markup[0].startswith("<"):
        return code.markup[0]                           # raw inline HTML, as written
    if code.tag == "br":
        return "\\\n" + continuation
    if code.tag == "img":
        alt = attributes.get((code.id, "alt"), code.attr("alt") or "")
        title = attributes.get((code.id, "title"), code.attr("title") or "")
        src = code.attr("src") or ""
        src = f"<{src}>" if any(c in src for c in " ()<>") else src
        title_part = f' "{title}"' if title else ""
        return f"![{escape(alt)}]({src}{title_part})"
    return code.markup[0]


# ---------------------------------------------------------------------------------------------
# Export: the source file with each block's lines replaced


def rebuild_markdown(text: str, *, replacements: Mapping[int, str],
                     attributes: Mapping[int, Mapping[tuple[int, str], str]] | None = None) -> str:
    """``text`` (the body as ingest read it, front matter blanked) with block ``anchor``'s
    lines holding ``replacements[anchor]`` (text with the block's codes) as Markdown, and the
    blocks that have none (dropped as chrome) removed."""
    lines = text.split("\n")
    attributes = attributes or {}
    edits: list[tuple[int, int, str | None]] = []
    for anchor, token, _kind, _level in _blocks(_PARSER.parse(text)):
        assert token.map is not None
        first = token.map[0]
        content = token.content.split("\n")
        last = first + len(content) - 1
        start = lines[first].find(content[0]) if content[0] else -1
        end = lines[last].rfind(content[-1]) if content[-1] else -1
        if start < 0 or end < 0:
            continue
        end += len(content[-1])
        coded, block_codes = encode(token.children or [])
        if anchor not in replacements:
            if inline.plain(coded).strip():
                edits.append((first, last, None))
            continue
        prefix = lines[first][:start]
        continuation = re.sub(r"[^>\s]", " ", prefix)
        before, _, after = inline.peel(coded)
        by_id = {c.id: c for c in block_codes}
        body = to_markdown(before + replacements[anchor] + after, by_id,
                           attributes=attributes.get(anchor, {}), continuation=continuation)
        edits.append((first, last, prefix + body + lines[last][end:]))
    for first, last, new in reversed(edits):
        if new is None:             # a dropped block takes a blank line with it: no gap left
            if last + 2 < len(lines) and not lines[last + 1].strip():
                last += 1
            elif first > 0 and not lines[first - 1].strip():
                first -= 1
        lines[first:last + 1] = [] if new is None else [new]
    return "\n".join(lines)
