"""Stage: interchange. XLIFF 1.2/2.0 out and back in, and the project's approved translations as TMX units."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from .errors import WorkflowError
from .export.job import output_path
from .extract.job import article_splitter
from .extract.template import block_sentences
from .formats.tmx import TranslationUnit
from .formats.xliff import ImportResult, apply_xliff, read_xliff, write_xliff
from .inline import Code
from .model import Catalog, UnitState
from .project import Project, catalog_bytes, slug, write_atomic, write_if_unchanged


def xliff_export(project: Project, *, version: str = "1.2", langs: list[str] | None = None,
                 docs: list[str] | None = None, out_dir: str = "xliff") -> list[str]:
    """One XLIFF file per article and target language: <out_dir>/<lang>/<doc>.xlf."""
    folder = (project.root / out_dir).resolve()
    written = []
    codes: dict[str, dict[str, dict[int, Code]]] = {}
    for article, lang, po in project.catalogs(docs, langs):
        catalog = project.read_catalog(po)
        source_lang = catalog.header_value("X-Source-Language") or article.lang or ""
        if version != "1.2" and article.doc not in codes:
            codes[article.doc] = sentence_codes(project, article)
        data = write_xliff(catalog, doc=article.doc, source_lang=source_lang,
                           target_lang=lang, version=version, codes=codes.get(article.doc))
        target = output_path(folder, lang, article.doc, "xlf")
        write_atomic(target, data)
        written.append(project.rel(target))
    return written

def sentence_codes(project: Project, article) -> dict[str, dict[int, Code]]:
    """What each sentence's codes stand for, numbered as in its msgid (its first occurrence)."""
    document = project.read_article(article).document
    split = article_splitter(project, document, project.srx_rules())
    found: dict[str, dict[int, Code]] = {}
    for block, _role, sentences in block_sentences(document, split):
        by_id = {code.id: code for code in block.codes}
        for sentence in sentences:
            if sentence.ids and sentence.msgid not in found:
                found[sentence.msgid] = {k: replace(by_id[n], id=k)
                                         for k, n in enumerate(sentence.ids, start=1)
                                         if n in by_id}
    return found


@dataclass(frozen=True)
class XliffImport:
    file: str
    doc: str
    lang: str
    result: ImportResult | None     # None: no catalog for this document and language
    written: bool
    conflict: bool = False          # the catalog was saved by someone else meanwhile

def xliff_import(project: Project, files: list[str], *, reviewer: str = "xliff"
                 ) -> list[XliffImport]:
    """Write the targets and states of XLIFF files back into their catalogs.

    Every file is read and checked before any catalog is written."""
    plans = []
    latest: dict[Path, Catalog] = {}
    before: dict[Path, bytes] = {}
    for name in files:
        try:
            with open(name, "rb") as f:
                document = read_xliff(f)
        except OSError as exc:
            raise WorkflowError(f"cannot read: {exc.strerror}", path=name) from None
        except WorkflowError as exc:
            raise exc.at(name) from None
        for xfile in document.files:
            doc = slug(xfile.original.rsplit("/", 1)[-1].rsplit(".", 1)[0]) \
                if xfile.original else ""
            lang = xfile.target_lang.replace("_", "-").split("-")[0].lower()
            po = project.po_path(doc, lang) if doc and lang else None
            if po is None or not po.exists():
                plans.append((name, doc, lang, None, None, None))
                continue
            # two files for one catalog apply one after the other, not the last one alone
            if po not in latest:
                before[po] = po.read_bytes()
            base = latest[po] if po in latest else project.read_catalog(po)
            catalog, result = apply_xliff(base, xfile.units, reviewer=reviewer)
            latest[po] = catalog
            plans.append((name, doc, lang, po, catalog, result))
    imports = []
    for name, doc, lang, po, catalog, result in plans:
        written = conflict = False
        if po is not None and catalog is latest.get(po):
            data = catalog_bytes(catalog, project.rel(po))
            if data != before[po]:
                written = write_if_unchanged(po, data, before[po])
                conflict = not written
        imports.append(XliffImport(name, doc, lang, result, written, conflict))
    return imports

def project_tmx_units(project: Project) -> list[TranslationUnit]:
    """Every source sentence with its approved translations (translated or reviewed) in the
    other languages: one multilingual translation unit each."""
    units = []
    for article in project.articles():
        document_lang = None
        translations: dict[str, dict[str, tuple[str, bool]]] = {}
        order: list[str] = []
        for po in sorted(project.locales_dir.glob(f"*/LC_MESSAGES/{article.doc}.po")):
            catalog = project.read_catalog(po)
            lang = catalog.header_value("Language") or po.parent.parent.name
            document_lang = document_lang or catalog.header_value("X-Source-Language")
            for unit in catalog.active:
                if unit.msgid not in translations:
                    translations[unit.msgid] = {}
                    order.append(unit.msgid)
                if unit.state in (UnitState.TRANSLATED, UnitState.REVIEWED):
                    translations[unit.msgid][lang] = (unit.msgstr,
                                                      unit.state is UnitState.REVIEWED)
        source_lang = document_lang or article.lang or ""
        for msgid in order:
            if not translations[msgid]:
                continue
            variants = [(source_lang, msgid)] + [(lang, text) for lang, (text, _) in
                                                 sorted(translations[msgid].items())]
            reviewed = sorted(lang for lang, (_, r) in translations[msgid].items() if r)
            props = (("x-document", article.doc),)
            if reviewed:
                props += (("x-reviewed", " ".join(reviewed)),)
            units.append(TranslationUnit(tuple(variants), None, props))
    return units
