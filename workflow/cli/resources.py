"""The commands for the project's resources: the glossary, the translation memory, MT models, XLIFF."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..engines.argos import install_archive, packages_dir
from ..errors import WorkflowError
from ..formats.glossary_csv import format_glossary, parse_glossary
from ..formats.source import decode_source
from ..formats.tbx import read_tbx, write_tbx
from ..formats.tmx import read_tmx, write_tmx
from ..glossary import term_candidates
from ..inline import plain
from ..interchange import project_tmx_units, xliff_export, xliff_import
from ..pretranslate.job import TM_IMPORTS, models_status, open_tm
from ..project import Project, load_glossary, write_atomic
from ..segment import segment
from .output import out


def cmd_glossary(project: Project, args: argparse.Namespace) -> int:
    path = Path(args.file) if args.file else project.root / project.config.glossary
    shown = args.file or project.config.glossary
    if args.action == "validate":
        try:
            text = decode_source(path.read_bytes())
        except OSError as exc:
            raise WorkflowError(f"cannot read: {exc.strerror}", path=shown) from None
        except WorkflowError as exc:
            raise exc.at(shown) from None
        try:
            glossary, problems = parse_glossary(text)
        except WorkflowError as exc:
            raise exc.at(shown) from None
        for problem in problems:
            out(f"{shown}:{problem.line}: {problem.severity}: {problem.message}")
        errors = sum(1 for p in problems if p.severity == "error")
        out(f"glossary: {len(glossary)} terms, {errors} errors, "
             f"{len(problems) - errors} warnings")
        return 1 if errors else 0
    if args.action == "export":
        glossary = load_glossary(project, args.file)
        data = write_tbx(glossary) if args.format == "tbx" else format_glossary(glossary).encode()
        if args.output:
            write_atomic(Path(args.output), data)
            out(f"wrote {args.output} ({len(glossary)} terms)")
        else:
            sys.stdout.buffer.write(data)
        return 0
    if args.action == "import":
        if not args.file:
            raise WorkflowError("name the TBX file to import", fix="l10n glossary import FILE.tbx")
        try:
            with open(args.file, "rb") as f:
                glossary = read_tbx(f)
        except OSError as exc:
            raise WorkflowError(f"cannot read: {exc.strerror}", path=args.file) from None
        except WorkflowError as exc:
            raise exc.at(args.file) from None
        data = format_glossary(glossary).encode("utf-8")
        if args.output:
            target = Path(args.output)
            if target.exists() and not args.force:
                raise WorkflowError("the file exists and would be replaced", path=args.output,
                                    fix="choose another -o file, or add --force")
            write_atomic(target, data)
            out(f"wrote {args.output} ({len(glossary)} terms)")
        else:
            sys.stdout.buffer.write(data)
        return 0
    # candidates
    glossary = load_glossary(project, args.file)
    texts = []
    for article in project.articles():
        document = project.read_article(article).document
        for block in document.blocks:
            for seg in segment(plain(block.source), document.lang):
                texts.append((article.doc, document.lang, " ".join(plain(seg.text).split())))
    found = term_candidates(texts, glossary, min_count=args.min_count, top=args.top)
    out(f"{'lang':4}  {'count':>5}  {'docs':>4}  candidate")
    for c in found:
        out(f"{c.lang:4}  {c.count:>5}  {c.documents:>4}  {c.example}")
    if not found:
        out("(no phrase occurs often enough that the glossary lacks)")
    return 0

def cmd_tm(project: Project, args: argparse.Namespace) -> int:
    if args.action == "rebuild":
        tm = open_tm(project, rebuild=True)
        out(f"tm: {len(tm)} entries rebuilt from the catalogs and {TM_IMPORTS}/*.tmx")
        tm.close()
        return 0
    if args.action == "export":
        units = project_tmx_units(project)
        data = write_tmx(units)
        if args.output:
            write_atomic(Path(args.output), data)
            out(f"wrote {args.output} ({len(units)} translation units, approved "
                 "translations in every language)")
        else:
            sys.stdout.buffer.write(data)
        return 0
    if not args.file:
        raise WorkflowError("name the TMX file to import", fix="l10n tm import FILE.tmx")
    source = Path(args.file)
    try:
        with source.open("rb") as f:
            units = read_tmx(f)
        data = source.read_bytes()
    except OSError as exc:
        raise WorkflowError(f"cannot read: {exc.strerror}", path=args.file) from None
    except WorkflowError as exc:
        raise exc.at(args.file) from None
    target = project.root / TM_IMPORTS / source.name
    if target.exists() and target.read_bytes() != data:
        raise WorkflowError("a different TMX file with this name was imported before",
                            path=project.rel(target), fix="rename the file you import")
    write_atomic(target, data)
    tm = open_tm(project)
    out(f"tm import: {len(units)} translation units from {args.file} (kept as "
         f"{project.rel(target)}); the memory now has {len(tm)} entries")
    tm.close()
    return 0

def cmd_models(project: Project, args: argparse.Namespace) -> int:
    if args.action == "install":
        if args.file:
            for name in args.file:
                installed = install_archive(Path(name))
                out(f"installed {installed.name} into {packages_dir()}")
            return 0
        status = models_status(project).pairs
        missing = [(s, t) for s, t, how in status if how.startswith("missing")]
        if not missing:
            out("models: every language pair the project needs is installed")
            return 0
        from argostranslate import package as argos_package

        try:
            argos_package.update_package_index()
            available = argos_package.get_available_packages()
        except Exception as exc:  # the index download: any network failure
            raise WorkflowError(f"cannot reach the Argos package index ({type(exc).__name__})",
                                fix="install from files: l10n models install --file "
                                "translate-xx_yy.argosmodel") from None
        wanted = set()
        for s, t in missing:
            wanted |= {(s, t)} if "en" in (s, t) else {(s, "en"), ("en", t)}
        for pkg in available:
            if (pkg.from_code, pkg.to_code) in wanted:
                out(f"installing translate-{pkg.from_code}_{pkg.to_code} ...")
                argos_package.install_from_path(pkg.download())
        return 0
    models = models_status(project)
    out(f"installed in {packages_dir()}:")
    for pkg in models.packages:
        test = "  (TEST MODEL: not for real use)" if pkg.test_model else ""
        out(f"  {pkg.code:<20} {pkg.version:<8} {pkg.name}{test}")
    for pkg, why in models.broken:
        out(f"  {pkg.code:<20} {pkg.version:<8} BROKEN: {why} ({pkg.path})")
    for path, why in models.skipped:
        out(f"  {path.name:<29} SKIPPED: {why}")
    if not (models.packages or models.broken or models.skipped):
        out("  (none)")
    out("needed by the project:")
    for src, tgt, how in models.pairs:
        out(f"  {src}->{tgt}: {how}")
    return 0

def cmd_xliff(project: Project, args: argparse.Namespace) -> int:
    if args.action == "export":
        written = xliff_export(project, version=args.version, langs=args.lang or None,
                               docs=args.files or None, out_dir=args.output or "xliff")
        out(f"xliff export: {len(written)} files (XLIFF {args.version})")
        for name in written:
            out(f"  wrote {name}")
        return 0
    if not args.files:
        raise WorkflowError("name the XLIFF files to import", fix="l10n xliff import FILE.xlf")
    imports = xliff_import(project, args.files, reviewer=args.by or "xliff")
    for item in imports:
        if item.result is None:
            out(f"  {item.file}: no catalog for article {item.doc!r} in {item.lang!r}: "
                 "nothing imported (was it exported from this project?)")
            continue
        r = item.result
        out(f"  {item.file} -> {item.doc} [{item.lang}]: {r.updated} updated, {r.unchanged} "
             f"unchanged, {r.source_changed} skipped (source changed since the export), "
             f"{r.not_found} not in the catalog")
        for line, source, what in r.skipped:
            shown = source if len(source) <= 60 else source[:57] + "..."
            out(f"    {item.file}:{line}: {what}: {shown!r}")
        if item.conflict:
            out("    not written: the catalog was saved by someone else while the import ran; "
                "import again")
    return 1 if any(item.conflict for item in imports) else 0
