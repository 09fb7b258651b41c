"""``l10n align``: a thin caller of the align stage."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..align.job import align_documents, fill, read_document, to_catalog, to_jsonl, to_tmx
from ..errors import WorkflowError
from ..extract.job import article_splitter
from ..ingest import ChromeRules
from ..project import Project, catalog_bytes, load_glossary, slug, write_atomic
from .output import out


def cmd_align(project: Project | None, args: argparse.Namespace) -> int:
    """Align a source article with its published translation (or fill an article's catalog)."""
    chrome = project.config.chrome if project is not None else ChromeRules()
    glossary = None
    if project is not None and (project.root / project.config.glossary).exists():
        glossary = load_glossary(project)
    if args.into:
        if project is None:
            raise WorkflowError("--into needs a project", fix="run it inside the project")
        if len(args.files) != 1:
            raise WorkflowError("--into DOC takes one file: the published translation",
                                fix="l10n align --into DOC TRANSLATION")
        article = next(iter(project.articles([args.into])))
        source = project.read_article(article).document
        target = read_document(Path(args.files[0]), args.to_lang, chrome)
        project.check_langs([target.lang])
        alignment = align_documents(source, target, glossary=glossary, force=args.force,
                                    shown=(article.rel, args.files[0]),
                                    source_split=article_splitter(project, source,
                                                                  project.srx_rules()))
        po = project.po_path(article.doc, target.lang)
        if not po.exists():
            raise WorkflowError("no catalog for this article and language", path=project.rel(po),
                                fix="run 'l10n extract' first")
        catalog, filled, left = fill(project.read_catalog(po), alignment)
        if filled:
            write_atomic(po, catalog_bytes(catalog, project.rel(po)))
        out(f"align: {project.rel(po)}: {filled} units filled as drafts (tm: aligned), {left} "
            f"left empty; alignment score {alignment.score:.2f}; translated units untouched")
        return 0
    if len(args.files) != 2:
        raise WorkflowError("name two files: the source and its translation",
                            fix="l10n align SOURCE TRANSLATION [-o FILE]")
    source = read_document(Path(args.files[0]), args.from_lang, chrome)
    target = read_document(Path(args.files[1]), args.to_lang, chrome)
    alignment = align_documents(source, target, glossary=glossary, force=args.force,
                                shown=(args.files[0], args.files[1]))
    doc = slug(Path(args.files[0]).stem)
    if args.format == "tmx":
        data = to_tmx(alignment, doc=doc)
    elif args.format == "po":
        name = project.config.name if project is not None else "aligned"
        catalog, _filled, _left = to_catalog(alignment, project_name=name)
        data = catalog_bytes(catalog, args.output or "aligned.po")
    else:
        data = to_jsonl(alignment)
    if args.output:
        write_atomic(Path(args.output), data)
        out(f"align: {len(alignment.pairs)} pairs ({alignment.source_lang}->"
            f"{alignment.target_lang}, score {alignment.score:.2f}) written to {args.output}")
    else:
        sys.stdout.write(data.decode("utf-8"))
    return 0
