"""``l10n align``: read a source article and its published translation, align their sentences,
and write the pairs as JSONL, TMX or a PO catalog, or fill the article's catalog in the project.

Both documents go through the same ingest and chrome rules as ``extract``, and the source is cut
exactly as ``extract`` cuts it, so aligned sentences are the catalog's msgids.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from ..errors import WorkflowError
from ..extract.template import Splitter, block_sentences, splitter, template, update_with_notes
from ..formats.source import decode_source
from ..formats.tmx import TranslationUnit, write_tmx
from ..glossary import Glossary
from ..ingest import FORMATS, ChromeRules, ingest
from ..locales import check_language
from ..model import Catalog, Document
from ..segment import normalize_space
from .beads import align, looks_aligned

ALIGNED = "tm: aligned"


@dataclass(frozen=True)
class AlignedPair:
    source: str
    target: str
    score: float
    source_lines: tuple[int, ...]
    target_lines: tuple[int, ...]

    def as_json(self) -> dict[str, object]:
        return {"source": self.source, "target": self.target, "score": self.score,
                "source_lines": list(self.source_lines), "target_lines": list(self.target_lines)}


@dataclass(frozen=True)
class Alignment:
    source_lang: str
    target_lang: str
    pairs: tuple[AlignedPair, ...]
    score: float
    source_document: Document


def read_document(path: Path, lang: str | None, rules: ChromeRules) -> Document:
    """A document for alignment: any text, Markdown or HTML file, its language given or
    declared (by its folder, front matter or <html lang>)."""
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        raise WorkflowError(f"not an article file ({path.suffix or 'no extension'})",
                            path=str(path), fix="use .txt, .md or .html")
    try:
        text = decode_source(path.read_bytes())
    except OSError as exc:
        raise WorkflowError(f"cannot read: {exc.strerror}", path=str(path)) from None
    except WorkflowError as exc:
        raise exc.at(str(path)) from None
    folder = path.parent.name
    if lang is not None:
        check_language(lang)
        if _is_language(folder) and folder != lang:
            raise WorkflowError(f"the file is in the {folder!r} folder, but the language given is "
                                f"{lang!r}", path=str(path), fix="give its real language")
    declared = lang or (folder if _is_language(folder) else None)
    try:
        document = ingest(text, path=str(path), kind=kind, lang=declared, rules=rules).document
    except WorkflowError as exc:
        raise exc.at(str(path)) if exc.path is None else exc from None
    if not document.lang:
        raise WorkflowError("the language is unknown", path=str(path),
                            fix="pass --from/--to, or put the file in a folder named by its "
                            "language, or add 'lang: xx' front matter")
    check_language(document.lang, path=str(path))
    return document


def _is_language(name: str) -> bool:
    try:
        check_language(name)
    except WorkflowError:
        return False
    return len(name) in (2, 3) and name.isalpha() and name.islower()


def sentences_of(document: Document, split: Splitter | None = None) -> list[tuple[str, int]]:
    """(sentence, source line) in reading order, cut as extract cuts them."""
    split = split or splitter(document)
    return [(sentence.msgid, sentence.line)
            for _block, _role, found in block_sentences(document, split) for sentence in found]


def align_documents(source: Document, target: Document, *, glossary: Glossary | None = None,
                    force: bool = False, shown: tuple[str, str] = ("", ""),
                    source_split: Splitter | None = None) -> Alignment:
    if source.lang == target.lang:
        raise WorkflowError(f"both documents are in {source.lang!r}", path=shown[1] or None,
                            fix="align a source with its translation into another language")
    src, tgt = sentences_of(source, source_split), sentences_of(target)
    for found, name in ((src, shown[0]), (tgt, shown[1])):
        if not found:
            raise WorkflowError("no sentences to align (the document is empty, or all of it is "
                                "site chrome)", path=name or None)
    beads = align([s for s, _ in src], [t for t, _ in tgt], src_lang=source.lang,
                  tgt_lang=target.lang, glossary=glossary)
    plausible, score, gain = looks_aligned([s for s, _ in src], [t for t, _ in tgt], beads,
                                           src_lang=source.lang, tgt_lang=target.lang,
                                           glossary=glossary)
    if not plausible and not force:
        raise WorkflowError(
            f"these do not look like one article and its translation (alignment score "
            f"{score:.2f}, and the sentences in reverse order align almost as well: "
            f"+{gain:.2f}); nothing written", path=shown[1] or None,
            fix="check the two files, or pass --force to align them anyway")
    pairs = tuple(AlignedPair(" ".join(src[i][0] for i in b.source),
                              " ".join(tgt[j][0] for j in b.target), b.score,
                              tuple(src[i][1] for i in b.source),
                              tuple(tgt[j][1] for j in b.target)) for b in beads)
    return Alignment(source.lang, target.lang, pairs, round(score, 3), source)


def to_jsonl(alignment: Alignment) -> bytes:
    return "".join(json.dumps(p.as_json(), ensure_ascii=False) + "\n"
                   for p in alignment.pairs).encode("utf-8")


def to_tmx(alignment: Alignment, *, doc: str) -> bytes:
    units = [TranslationUnit(((alignment.source_lang, p.source), (alignment.target_lang,
                                                                   p.target)),
                             props=(("x-document", doc), ("x-aligned", f"{p.score:.3f}")))
             for p in alignment.pairs if p.source and p.target]
    return write_tmx(units, source_lang=alignment.source_lang)


def fill(catalog: Catalog, alignment: Alignment) -> tuple[Catalog, int, int]:
    """Aligned translations as fuzzy drafts with their provenance, in the units that have no
    translation; returns (catalog, units filled, units left: their sentence shares one
    translation with the next, or has none)."""
    drafts = {normalize_space(p.source): p for p in alignment.pairs
              if p.target and len(p.source_lines) == 1}
    units, filled, left = [], 0, 0
    for unit in catalog.units:
        pair = drafts.get(unit.msgid)
        if unit.obsolete or any(unit.translations) or unit.msgid_plural is not None:
            units.append(unit)
            continue
        if pair is None:
            left += 1
            units.append(unit)
            continue
        units.append(replace(unit, msgstr=pair.target,
                             translator_comments=(*unit.translator_comments,
                                                  f"{ALIGNED} {pair.score:.2f}"),
                             ).with_flag("fuzzy", True))
        filled += 1
    return replace(catalog, units=tuple(units)), filled, left


def to_catalog(alignment: Alignment, *, project_name: str, now: datetime | None = None
               ) -> tuple[Catalog, int, int]:
    """A new catalog for the source article in the translation's language, filled."""
    pot = template(alignment.source_document, project=project_name)
    catalog, _ = update_with_notes(None, pot, lang=alignment.target_lang,
                                   now=now or datetime.now(UTC).replace(second=0,
                                                                                 microsecond=0))
    return fill(catalog, alignment)
