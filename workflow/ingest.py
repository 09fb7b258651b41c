"""Stage: a source file's text → a Document (title, blocks) with site chrome left out and listed.

Chrome is decided by visible rules a project can change in ``l10n.toml``:

- ``repeated-title``: a block that repeats the title (scraped pages often print it twice);
- ``link-soup``: navigation text glued together (several URLs, or words run together such as
  "PƏNAHReyestrAppeal");
- ``contact-line``: a short "Label: number" line such as "Çağrı Mərkəzi: 960";
- ``drop`` patterns: regular expressions for a site's own boilerplate ("subscribe to ...");
- for HTML, elements by tag (``nav``, ``header``, ``footer``, ``script``, ...).

Every block a rule drops is returned in ``Document.dropped`` so the CLI can report it: body text is
never dropped silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from .errors import WorkflowError
from .formats.html import DEFAULT_DROP_TAGS, read_html
from .formats.markdown import read_markdown
from .formats.source import MAX_BLOCK_CHARS, split_front_matter
from .formats.text import read_text
from .inline import balanced
from .model import Block, BlockKind, Document, Dropped

_URL = re.compile(r"https?://\S+?(?=https?://|\s|$)|www\.\S+")
_GLUED = re.compile(r"[a-zəığöüşçа-яё][A-ZƏİĞÖÜŞÇА-ЯЁ][a-zəığöüşçа-яё]")
_CONTACT = re.compile(r"^[^\W\d_][\w .'’-]{1,40}:\s*\+?[\d][\d\s()-]{1,20}$")

FORMATS = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown",
           ".html": "html", ".htm": "html"}


@dataclass(frozen=True)
class ChromeRules:
    repeated_title: bool = True
    link_soup: bool = True
    contact_line: bool = True
    drop: tuple[tuple[str, re.Pattern[str]], ...] = ()
    html_drop_tags: tuple[str, ...] = DEFAULT_DROP_TAGS

    def line_verdict(self, line: str) -> str | None:
        """Rules that also apply to a single line glued to the top or bottom of a paragraph."""
        for name, pattern in self.drop:
            if pattern.search(line):
                return name
        if self.contact_line and _CONTACT.match(line):
            return "contact-line"
        return None

    def verdict(self, block: Block, title: str | None) -> str | None:
        """The name of the rule that makes this block chrome, or None for body text."""
        text = block.text
        if self.repeated_title and title is not None and block.kind is not BlockKind.TITLE \
                and _fold(text) == _fold(title):
            return "repeated-title"
        for name, pattern in self.drop:
            if pattern.search(text):
                return name
        if self.contact_line and _CONTACT.match(text):
            return "contact-line"
        if self.link_soup and _is_link_soup(text):
            return "link-soup"
        return None


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def _is_link_soup(text: str) -> bool:
    urls = _URL.findall(text)
    glued = len(_GLUED.findall(_URL.sub(" ", text)))
    if glued >= 3 or len(urls) >= 3:
        return True
    rest = _URL.sub(" ", text)
    return len(urls) >= 2 and not re.search(r"[.!?]\s", rest + " ")


def _trim_edge_lines(blocks: list[Block], rules: ChromeRules) -> tuple[list[Block], list[Dropped]]:
    """Drop chrome lines stuck to the first or last line of a multi-line block."""
    kept: list[Block] = []
    dropped: list[Dropped] = []
    for block in blocks:
        lines = block.source.split("\n")
        first = 0
        while len(lines) - first > 1 and (rule := rules.line_verdict(lines[first].strip())):
            dropped.append(Dropped(block.line + first, rule, lines[first].strip()))
            first += 1
        last = len(lines)
        while last - first > 1 and (rule := rules.line_verdict(lines[last - 1].strip())):
            dropped.append(Dropped(block.line + last - 1, rule, lines[last - 1].strip()))
            last -= 1
        if first or last < len(lines):
            raw = "\n".join(lines[first:last]).strip()
            if block.codes and not balanced(raw):
                kept.append(block)          # a line to trim holds half of a link: keep all
                continue
            block = replace(block, text=" ".join(raw.split()), raw=raw, line=block.line + first)
        kept.append(block)
    return kept, dropped


@dataclass(frozen=True)
class Ingested:
    document: Document
    declared_lang: str | None = None
    fields: dict[str, str] = field(default_factory=dict)
    text: str = field(default="", repr=False)     # the source as read: export rebuilds it


def ingest(text: str, *, path: str, kind: str, lang: str | None,
           rules: ChromeRules = ChromeRules()) -> Ingested:
    """Read one article. ``lang`` is the language its folder or the project declares (if any);
    front matter or ``<html lang>`` may declare it too, and the two must agree."""
    fields, body, _ = split_front_matter(text) if kind != "html" else ({}, text, 0)
    declared = fields.get("lang") or fields.get("language")
    skipped: list[Dropped] = []
    if kind == "text":
        blocks = read_text(body)
    elif kind == "markdown":
        blocks, skipped = read_markdown(body)
    elif kind == "html":
        blocks, skipped, declared = read_html(body, drop_tags=rules.html_drop_tags)
    else:
        raise WorkflowError(f"unknown source format {kind!r}", path=path,
                            fix="use .txt, .md or .html")
    if declared and lang and declared.split("-")[0].split("_")[0] != lang and kind != "html":
        raise WorkflowError(f"front matter says lang: {declared} but the file is under "
                            f"source/{lang}/", path=path, line=2,
                            fix="move the file or correct the front matter")
    effective = lang or (declared.split("-")[0].split("_")[0] if declared else None)

    for block in blocks:
        if len(block.source) > MAX_BLOCK_CHARS:
            raise WorkflowError(f"a paragraph of {len(block.source):,} characters (more than "
                                f"{MAX_BLOCK_CHARS:,})", path=path, line=block.line,
                                fix="this is not prose: check the file, or break it into "
                                "paragraphs")
    blocks, edge_lines = _trim_edge_lines(blocks, rules)
    skipped.extend(edge_lines)
    title_text = fields.get("title")
    kept: list[Block] = []
    dropped = list(skipped)
    title_seen = any(b.kind is BlockKind.TITLE for b in blocks)
    for block in blocks:
        current_title = title_text or next((b.text for b in kept if b.kind is BlockKind.TITLE),
                                           None)
        rule = rules.verdict(block, current_title)
        if rule:
            dropped.append(Dropped(block.line, rule, block.text))
            continue
        if not title_seen and not title_text and not kept:
            # Plain text has no markup for the title: it is the first block that is not chrome.
            block = replace(block, kind=BlockKind.TITLE)
            title_seen = True
        kept.append(block)
    dropped.sort(key=lambda d: d.line)
    document = Document(path=path, lang=effective or "", blocks=tuple(kept),
                        dropped=tuple(dropped))
    return Ingested(document, declared, fields, text)
