"""Stage 2, pure: Document → template catalog (POT) → updated translation catalog (PO)."""


from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime

from .. import inline
from ..locales import acceptable_nplurals, cldr_nplurals, english_name, parse_nplurals, plural_forms
from ..merge import merge
from ..model import Block, BlockKind, Catalog, Document, Segment, Unit
from ..segment import normalize_space, segment


def roles(document: Document) -> list[str]:
    """What each block is, as translators read it in the extracted comments."""
    counters = {BlockKind.PARAGRAPH: 0, BlockKind.HEADING: 0, BlockKind.LIST_ITEM: 0}
    names = {BlockKind.PARAGRAPH: "paragraph", BlockKind.HEADING: "heading",
             BlockKind.LIST_ITEM: "list item"}
    out = []
    for block in document.blocks:
        if block.kind is BlockKind.TITLE:
            out.append("title")
            continue
        counters[block.kind] += 1
        out.append(f"{names[block.kind]} {counters[block.kind]}")
    return out


Splitter = Callable[[str], list[Segment]]


def splitter(document: Document, *, abbreviations: Iterable[str] = (),
             split: Splitter | None = None) -> Splitter:
    """How an article's blocks are cut into sentences: a project's SRX rules, or ours."""
    if split is not None:
        return split

    def ours(text: str) -> list[Segment]:
        return segment(text, document.lang, abbreviations=abbreviations)

    return ours


@dataclass(frozen=True)
class Sentence:
    """One unit of a block: a sentence (``span`` in the block's source), or the text of a
    translatable attribute of one of its codes (``attribute``: code number and name)."""

    msgid: str                       # its codes numbered 1..k
    line: int
    ids: tuple[int, ...] = ()        # the block's number for each code: ids[k - 1] is code k
    span: tuple[int, int] = (0, 0)
    attribute: tuple[int, str] | None = None


def block_sentences(document: Document, split: Splitter
                    ) -> list[tuple[Block, str, list[Sentence]]]:
    """Each block with its role and its units. Extract and export both use this, so an
    exported article is cut exactly as its catalog was. Inline codes are carried across the
    cut (see ``inline.split_coded``): each sentence shows its own codes as 1, 2, …"""
    out = []
    for block, role in zip(document.blocks, roles(document)):
        source = block.source
        sentences = []
        for start, end in inline.split_coded(source, split):
            msgid, ids = inline.renumber(normalize_space(source[start:end]))
            if msgid:
                sentences.append(Sentence(msgid, block.line + source.count("\n", 0, start), ids,
                                          (start, end)))
        for code in block.codes:
            for name in inline.TRANSLATABLE_ATTRIBUTES:
                value = normalize_space(code.attr(name) or "")
                if value and not inline.has_codes(value):
                    sentences.append(Sentence(value, block.line, attribute=(code.id, name)))
        out.append((block, role, sentences))
    return out


def template(document: Document, *, project: str, abbreviations: Iterable[str] = (),
             split: Splitter | None = None) -> Catalog:
    """The POT for an article: one unit per distinct sentence, in reading order.

    A sentence that occurs twice is one unit with two references, as xgettext does it.
    ``split`` replaces our segmenter (e.g. with a project's SRX rules).
    """
    units: dict[str, Unit] = {}
    for _block, role, sentences in block_sentences(
            document, splitter(document, abbreviations=abbreviations, split=split)):
        for sentence in sentences:
            msgid, line = sentence.msgid, sentence.line
            role_here = role if sentence.attribute is None else (
                f"{role}: {sentence.attribute[1]} text of <{_tag(_block, sentence)}>")
            reference = f"{document.path}:{line}"
            unit = units.get(msgid)
            if unit is None:
                units[msgid] = Unit(msgid=msgid, references=(reference,),
                                    extracted_comments=(role_here,))
            else:
                comments = unit.extracted_comments
                if role_here not in comments:
                    comments = (*comments, role_here)
                refs = unit.references
                if reference not in refs:
                    refs = (*refs, reference)
                units[msgid] = replace(unit, references=refs, extracted_comments=comments)
    header = (
        ("Project-Id-Version", f"{project} {_doc_name(document.path)}"),
        ("MIME-Version", "1.0"),
        ("Content-Type", "text/plain; charset=UTF-8"),
        ("Content-Transfer-Encoding", "8bit"),
        ("X-Source-Language", document.lang),
        ("X-Generator", "l10n-workflow"),
    )
    return Catalog(header=header, units=tuple(units.values()))


def _tag(block: Block, sentence: Sentence) -> str:
    number = sentence.attribute[0] if sentence.attribute else 0
    return next((c.tag for c in block.codes if c.id == number), "")


def _doc_name(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[0]


def update(existing: Catalog | None, pot: Catalog, *, lang: str, now: datetime) -> Catalog:
    """Create or update the catalog of one target language from a fresh template."""
    return update_with_notes(existing, pot, lang=lang, now=now)[0]


def update_with_notes(existing: Catalog | None, pot: Catalog, *, lang: str, now: datetime
                      ) -> tuple[Catalog, tuple[str, ...]]:
    """Create or update the catalog of one target language; say what changed in its header.

    The header is the translator's once the catalog exists, as with msgmerge: fields that
    follow from the template and the project (Project-Id-Version, Language, X-Source-Language)
    are kept up to date, and nothing else is rewritten. Plural-Forms is
    written on creation, and afterwards only when it is missing or its ``nplurals`` is wrong
    for the language (a note says so); a formula that means something else than CLDR's is a
    finding of ``l10n check`` (``plural-forms``), never a silent rewrite. Fields a
    translator's tool owns (PO-Revision-Date, Last-Translator, Language-Team) are set once, on
    creation. So no library upgrade, and no re-run, changes a byte of an existing header.
    """
    owned = [
        ("Project-Id-Version", pot.header_value("Project-Id-Version") or ""),
        ("Language", lang),
        ("MIME-Version", "1.0"),
        ("Content-Transfer-Encoding", "8bit"),
        ("X-Source-Language", pot.header_value("X-Source-Language") or ""),
    ]
    # The charset is the translator's too (a CP1251 catalog stays CP1251, as with msgmerge);
    # it is set when the catalog is created, or when it has none.
    content_type = existing.header_value("Content-Type") if existing is not None else None
    if not content_type or "charset=" not in content_type or "CHARSET" in content_type:
        owned.insert(3, ("Content-Type", "text/plain; charset=UTF-8"))
    if existing is None:
        created = [
            ("PO-Revision-Date", now.strftime("%Y-%m-%d %H:%M%z")),
            ("Last-Translator", ""),
            ("Language-Team", english_name(lang)),
            ("X-Generator", pot.header_value("X-Generator") or ""),
            ("Plural-Forms", plural_forms(lang)),
        ]
        base = Catalog().with_header(created + owned)
        return merge(base, pot).with_header(owned), ()
    notes: list[str] = []
    current = existing.header_value("Plural-Forms")
    if current is None:
        owned.append(("Plural-Forms", plural_forms(lang)))
        notes.append(f"Plural-Forms was missing: set to {plural_forms(lang)!r}")
    elif parse_nplurals(current) not in acceptable_nplurals(lang):
        owned.append(("Plural-Forms", plural_forms(lang)))
        notes.append(f"Plural-Forms had nplurals={parse_nplurals(current)}, but {lang!r} has "
                     f"{cldr_nplurals(lang)} forms: set to {plural_forms(lang)!r}")
    merged = merge(existing, pot).with_header(owned)
    nplurals = parse_nplurals(plural_forms(lang)) or cldr_nplurals(lang)
    if any(name == "Plural-Forms" for name, _ in owned):
        merged, fitted = fit_plural_entries(merged, nplurals)
        if fitted:
            notes.append(f"{fitted} plural entries now have {nplurals} forms: marked fuzzy for "
                         "a translator to complete")
    return merged, tuple(notes)


def fit_plural_entries(catalog: Catalog, nplurals: int) -> tuple[Catalog, int]:
    """Give every translated plural entry ``nplurals`` forms after Plural-Forms changed.

    Missing forms are added empty, and the entry is marked fuzzy for a translator to complete;
    forms beyond the new count are kept in a translator comment, never dropped. Without this,
    extract would write a catalog that every later command refuses."""
    units, fitted = [], 0
    for unit in catalog.units:
        forms = unit.msgstr_plural
        if unit.msgid_plural is None or not any(forms) or len(forms) == nplurals:
            units.append(unit)
            continue
        kept = tuple(forms[:nplurals]) + ("",) * (nplurals - len(forms))
        extra = tuple(f"plural form {i} was: {text}" for i, text in enumerate(forms)
                      if i >= nplurals and text)
        units.append(replace(unit, msgstr_plural=kept,
                             translator_comments=unit.translator_comments + extra
                             ).with_flag("fuzzy"))
        fitted += 1
    return replace(catalog, units=tuple(units)), fitted
