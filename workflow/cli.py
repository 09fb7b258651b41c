"""The ``l10n`` command: parse arguments, call the stages, print, map errors to exit codes.

Exit codes: 0 success; 1 an error the user can fix (a one-line ``error: file:line: ...``), or
``extract --check`` found stale catalogs; 2 bad command-line usage; 130 interrupted.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .errors import WorkflowError
from .formats.source import decode_source
from .formats.glossary_csv import format_glossary, parse_glossary
from .formats.report import format_html, format_json, format_text, summary
from .formats.tbx import read_tbx, write_tbx
from .glossary import term_candidates
from .engines.argos import install_archive, packages_dir
from .formats.tmx import read_tmx, write_tmx
from .check import all_checks
from .export import Gate
from .jobs import (TM_IMPORTS, ExtractReport, PretranslateReport, apply, check_project,
                   compile_project, export_project, load_glossary, models_status, open_tm,
                   plan_extract, pretranslate_project, project_stats, project_tmx_units,
                   review_project, xliff_export, xliff_import)
from .project import project_lock, write_atomic
from .locales import check_language
from .project import Project
from .formats.srx import read_srx, srx_segment, write_srx
from .segment import native_rules_as_srx, segment


def _out(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def _report_extract(project: Project, report: ExtractReport, *, check: bool) -> None:
    for article, document in report.documents:
        for dropped in document.dropped:
            excerpt = dropped.text if len(dropped.text) <= 70 else dropped.text[:67] + "..."
            _out(f"  dropped {article.rel}:{dropped.line} [{dropped.rule}] {excerpt}")
    dropped = sum(len(d.dropped) for _, d in report.documents)
    verb = "out of date" if check else "written"
    _out(f"extract: {len(report.documents)} articles, {len(report.writes)} files "
         f"({len(report.changed)} {verb}, {len(report.writes) - len(report.changed)} "
         f"unchanged), {dropped} blocks dropped as site chrome")
    for write in report.changed:
        _out(f"  {'stale' if check else 'wrote'} {project.rel(write.path)}")
    for path, note in report.notes:
        _out(f"  header {path}: {note}")


def cmd_extract(project: Project, args: argparse.Namespace) -> int:
    report = plan_extract(project, args.docs or None)
    if args.check:
        _report_extract(project, report, check=True)
        return 1 if report.changed else 0
    apply(report)
    _report_extract(project, report, check=False)
    return 0


def cmd_stats(project: Project, args: argparse.Namespace) -> int:
    rows = project_stats(project, args.docs or None)
    if args.json:
        payload = []
        for row in rows:
            item = {"doc": row.doc, "source_lang": row.source_lang, "lang": row.lang,
                    "path": row.path, "exists": row.counts is not None}
            if row.counts is not None:
                item["units"] = {**row.counts.units, "total": row.counts.total_units}
                item["words"] = {**row.counts.words, "total": row.counts.total_words}
                item["percent_translated"] = round(row.counts.percent_translated, 1)
            payload.append(item)
        _out(json.dumps(payload, ensure_ascii=False, indent=2))
        return 0
    _print_stats(rows)
    return 0


def _print_stats(rows: list) -> None:
    width = max([len(r.doc) for r in rows] + [7])
    _out(f"{'article':<{width}}  src  lang  units  review  transl  fuzzy  untr   words  done")
    for r in rows:
        if r.counts is None:
            _out(f"{r.doc:<{width}}  {r.source_lang:<3}  {r.lang:<4}  (no catalog: run l10n extract)")
            continue
        u = r.counts.units
        _out(f"{r.doc:<{width}}  {r.source_lang:<3}  {r.lang:<4}  {r.counts.total_units:>5}  "
             f"{u['reviewed']:>6}  {u['translated']:>6}  {u['fuzzy']:>5}  {u['untranslated']:>4}  "
             f"{r.counts.total_words:>6}  {r.counts.percent_translated:>3.0f}%")


def cmd_run(project: Project, args: argparse.Namespace) -> int:
    _out("== extract")
    report = plan_extract(project)
    apply(report)
    _report_extract(project, report, check=False)
    _out("== pretranslate")
    progress = _Progress("machine translation")
    try:
        _report_pretranslate(pretranslate_project(project, progress=progress))
    finally:
        progress.close()
    _out("== check")
    checked = check_project(project)
    report_path = project.root / project.config.report
    write_atomic(report_path, format_html(checked))
    _out(summary(checked))
    _out(f"  report: {project.rel(report_path)}")
    _out("== stats")
    rows = project_stats(project)
    _print_stats(rows)
    _out("== export")
    exported = export_project(project)
    _report_export(exported)
    units = sum(r.counts.total_units for r in rows if r.counts)
    done = sum(r.counts.units["translated"] + r.counts.units["reviewed"] for r in rows
               if r.counts)
    drafts = sum(r.counts.units["fuzzy"] for r in rows if r.counts)
    _out(f"== summary: {len(report.documents)} articles, {len(rows)} catalogs, "
         f"{units} units: {done} translated, {drafts} drafts to review; "
         f"{checked.errors} check errors; "
         f"{sum(1 for r in exported if r.status == 'published')} translations published")
    return 0


def _segmenter(args: argparse.Namespace, lang: str):
    if not args.srx:
        return lambda text: segment(text, lang)
    try:
        with open(args.srx, "rb") as f:
            rules = read_srx(f).rules_for(lang)
    except OSError as exc:
        raise WorkflowError(f"cannot read: {exc.strerror}", path=args.srx) from None
    except WorkflowError as exc:
        raise exc.at(args.srx) from None
    if not rules:
        raise WorkflowError(f"no language map matches {lang!r}", path=args.srx,
                            fix="add a <languagemap> for this language")
    return lambda text: srx_segment(text, rules)


def cmd_segment(project: Project | None, args: argparse.Namespace) -> int:
    if args.export_srx:
        sys.stdout.write(write_srx(native_rules_as_srx()).decode("utf-8"))
        return 0
    if not args.lang:
        raise WorkflowError("--lang is required", fix="e.g. l10n segment --lang en FILE")
    lang = check_language(args.lang)
    split = _segmenter(args, lang)
    if args.jsonl:
        return _segment_jsonl(args, split)
    if args.file in (None, "-"):
        data = sys.stdin.buffer.read()
        name = "<stdin>"
    else:
        name = args.file
        try:
            data = Path(args.file).read_bytes()
        except OSError as exc:
            raise WorkflowError(f"cannot read: {exc.strerror}", path=name) from None
    try:
        text = decode_source(data)
    except WorkflowError as exc:
        raise exc.at(name) from None
    pieces = [s.text for s in split(text)]
    if args.json:
        _out(json.dumps(pieces, ensure_ascii=False))
    else:
        for piece in pieces:
            _out(" ".join(piece.split()))
    return 0


def _segment_jsonl(args: argparse.Namespace, split) -> int:
    name = args.jsonl
    stream = sys.stdin if name == "-" else None
    try:
        handle = stream or open(name, encoding="utf-8")
    except OSError as exc:
        raise WorkflowError(f"cannot read: {exc.strerror}", path=name) from None
    with handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                text = json.loads(line)
            except json.JSONDecodeError as exc:
                raise WorkflowError(f"not JSON: {exc.msg}", path=name, line=number,
                                    fix="each line must be one JSON string") from None
            if not isinstance(text, str):
                raise WorkflowError("expected a JSON string", path=name, line=number,
                                    fix="each line must be one JSON string (a paragraph)")
            sys.stdout.write(json.dumps([s.text for s in split(text)],
                                        ensure_ascii=False) + "\n")
    return 0


def cmd_check(project: Project, args: argparse.Namespace) -> int:
    if args.list:
        for info in all_checks().values():
            _out(f"{info.code:<22} {info.severity:<8} {info.title}")
        return 0
    report = check_project(project, args.paths or None, glossary_path=args.glossary,
                           disabled=tuple(args.disable or ()))
    if args.format == "json":
        sys.stdout.write(format_json(report))
    elif args.format == "html":
        data = format_html(report)
        if args.output:
            write_atomic(Path(args.output), data)
            _out(f"wrote {args.output}")
        else:
            sys.stdout.write(data.decode("utf-8"))
    else:
        sys.stdout.write(format_text(report))
    return 1 if report.errors else 0


def _report_export(rows) -> None:
    for row in rows:
        if row.status == "failed":
            kept = " (the last good export stays)" if row.path else ""
            _out(f"  not published: {row.doc} [{row.lang}]: {'; '.join(row.reasons)}{kept}")
    published = sum(1 for r in rows if r.status == "published")
    source = sum(1 for r in rows if r.status == "source")
    failed = sum(1 for r in rows if r.status == "failed")
    _out(f"export: {source} source articles, {published} translations published, "
         f"{failed} held back")


def cmd_export(project: Project, args: argparse.Namespace) -> int:
    gate = Gate(min_complete=args.min_complete if args.min_complete is not None
                else project.config.min_complete, include_fuzzy=args.include_fuzzy)
    rows = export_project(project, langs=args.lang or None, docs=args.docs or None,
                          fmt=args.format, gate=gate)
    _report_export(rows)
    return 1 if args.strict and any(r.status == "failed" for r in rows) else 0


def cmd_compile(project: Project, args: argparse.Namespace) -> int:
    written = compile_project(project)
    _out(f"compile: {len(written)} MO files")
    return 0


def cmd_xliff(project: Project, args: argparse.Namespace) -> int:
    if args.action == "export":
        written = xliff_export(project, version=args.version, langs=args.lang or None,
                               docs=args.files or None, out_dir=args.output or "xliff")
        _out(f"xliff export: {len(written)} files (XLIFF {args.version})")
        for name in written:
            _out(f"  wrote {name}")
        return 0
    if not args.files:
        raise WorkflowError("name the XLIFF files to import", fix="l10n xliff import FILE.xlf")
    for item in xliff_import(project, args.files, reviewer=args.by or "xliff"):
        if item.result is None:
            _out(f"  {item.file}: no catalog for article {item.doc!r} in {item.lang!r}: "
                 "nothing imported (was it exported from this project?)")
            continue
        r = item.result
        _out(f"  {item.file} -> {item.doc} [{item.lang}]: {r.updated} updated, {r.unchanged} "
             f"unchanged, {r.source_changed} skipped (source changed since the export), "
             f"{r.not_found} not in the catalog")
    return 0


def cmd_serve(project: Project, args: argparse.Namespace) -> int:
    import os

    from .web import serve

    serve(project, host=args.host, port=args.port,
          token=args.token or os.environ.get("L10N_SERVE_TOKEN"))
    return 0


def cmd_review(project: Project, args: argparse.Namespace) -> int:
    report = review_project(project, args.docs or None, langs=args.lang or None,
                            lines=args.line or None, by=args.by,
                            include_drafts=args.include_drafts, undo=args.undo)
    verb = "unmarked" if args.undo else "marked reviewed"
    _out(f"review: {report.marked} units {verb}, {report.already} already reviewed, "
         f"{report.skipped_drafts} drafts left alone (fuzzy: add --include-drafts to approve "
         f"them as they are); {len(report.written)} catalogs written")
    return 0


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
            _out(f"{shown}:{problem.line}: {problem.severity}: {problem.message}")
        errors = sum(1 for p in problems if p.severity == "error")
        _out(f"glossary: {len(glossary)} terms, {errors} errors, "
             f"{len(problems) - errors} warnings")
        return 1 if errors else 0
    if args.action == "export":
        glossary = load_glossary(project, args.file)
        data = write_tbx(glossary) if args.format == "tbx" else format_glossary(glossary).encode()
        if args.output:
            write_atomic(Path(args.output), data)
            _out(f"wrote {args.output} ({len(glossary)} terms)")
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
            out = Path(args.output)
            if out.exists() and not args.force:
                raise WorkflowError("the file exists and would be replaced", path=args.output,
                                    fix="choose another -o file, or add --force")
            write_atomic(out, data)
            _out(f"wrote {args.output} ({len(glossary)} terms)")
        else:
            sys.stdout.buffer.write(data)
        return 0
    # candidates
    glossary = load_glossary(project, args.file)
    texts = []
    for article in project.articles():
        document = project.read_article(article).document
        for block in document.blocks:
            for seg in segment(block.source, document.lang):
                texts.append((article.doc, document.lang, " ".join(seg.text.split())))
    found = term_candidates(texts, glossary, min_count=args.min_count, top=args.top)
    _out(f"{'lang':4}  {'count':>5}  {'docs':>4}  candidate")
    for c in found:
        _out(f"{c.lang:4}  {c.count:>5}  {c.documents:>4}  {c.example}")
    if not found:
        _out("(no phrase occurs often enough that the glossary lacks)")
    return 0


class _Progress:
    """A progress bar (units done, rate, ETA) on a terminal; silence otherwise."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.bar = None
        self.task = None

    def __call__(self, done: int, total: int) -> None:
        if not sys.stderr.isatty() or total < 20:
            return
        if self.bar is None:
            from rich.progress import (BarColumn, MofNCompleteColumn, Progress, ProgressColumn,
                                       TextColumn, TimeRemainingColumn)
            from rich.text import Text

            class Rate(ProgressColumn):
                def render(self, task):
                    return Text(f"{task.speed:.1f} units/s" if task.speed else "")

            self.bar = Progress(TextColumn(self.label), BarColumn(), MofNCompleteColumn(),
                                Rate(), TimeRemainingColumn(), transient=True)
            self.bar.start()
            self.task = self.bar.add_task(self.label, total=total)
        self.bar.update(self.task, completed=done)
        if done >= total:
            self.close()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None


def _report_pretranslate(report: PretranslateReport) -> None:
    for (src, tgt), command in sorted(report.missing_models.items()):
        _out(f"  no model for {src}->{tgt}: {command} (TM and glossary only for this pair)")
    rate = (f", {report.mt_sentences / report.seconds_mt:.1f} sentences/s"
            if report.seconds_mt > 0 else "")
    _out(f"pretranslate: {report.tm_exact} TM exact, {report.tm_fuzzy} TM fuzzy, "
         f"{report.mt} MT{rate}, {report.skipped} skipped (no model), {report.already} "
         f"already translated; {len(report.written)} catalogs written")


def cmd_pretranslate(project: Project, args: argparse.Namespace) -> int:
    progress = _Progress("machine translation")
    try:
        report = pretranslate_project(project, langs=args.lang or None, docs=args.docs or None,
                                      threshold=args.threshold, use_mt=not args.no_mt,
                                      progress=progress, scheduler=args.scheduler)
    finally:
        progress.close()
    _report_pretranslate(report)
    return 0


def cmd_tm(project: Project, args: argparse.Namespace) -> int:
    if args.action == "rebuild":
        tm = open_tm(project)
        _out(f"tm: {len(tm)} entries rebuilt from the catalogs and {TM_IMPORTS}/*.tmx")
        tm.close()
        return 0
    if args.action == "export":
        units = project_tmx_units(project)
        data = write_tmx(units)
        if args.output:
            write_atomic(Path(args.output), data)
            _out(f"wrote {args.output} ({len(units)} translation units, approved "
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
    _out(f"tm import: {len(units)} translation units from {args.file} (kept as "
         f"{project.rel(target)}); the memory now has {len(tm)} entries")
    tm.close()
    return 0


def cmd_models(project: Project, args: argparse.Namespace) -> int:
    if args.action == "install":
        if args.file:
            for name in args.file:
                installed = install_archive(Path(name))
                _out(f"installed {installed.name} into {packages_dir()}")
            return 0
        _, status = models_status(project)
        missing = [(s, t) for s, t, how in status if how.startswith("missing")]
        if not missing:
            _out("models: every language pair the project needs is installed")
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
                _out(f"installing translate-{pkg.from_code}_{pkg.to_code} ...")
                argos_package.install_from_path(pkg.download())
        return 0
    packages, status = models_status(project)
    _out(f"installed in {packages_dir()}:")
    for pkg in packages:
        test = "  (TEST MODEL: not for real use)" if pkg.test_model else ""
        _out(f"  {pkg.code:<20} {pkg.version:<8} {pkg.name}{test}")
    if not packages:
        _out("  (none)")
    _out("needed by the project:")
    for src, tgt, how in status:
        _out(f"  {src}->{tgt}: {how}")
    return 0


def _writes(args: argparse.Namespace) -> bool:
    """Does this command write into the project? (Those take the project lock.)"""
    command = args.command
    if command in ("run", "pretranslate", "review", "export", "compile"):
        return True
    if command == "extract":
        return not args.check
    if command in ("tm", "xliff"):
        return args.action != "export" or bool(getattr(args, "output", None))
    if command == "glossary":
        return args.action in ("import", "export") and bool(args.output)
    if command == "check":
        return bool(args.output)
    return False


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="l10n", description="Offline translation workflow for IP news in az, ru and en.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("-C", dest="directory", default=".", metavar="DIR",
                        help="work on the project in DIR (default: the current folder)")
    parser.add_argument("--wait", type=float, default=10.0, metavar="SECONDS",
                        help="how long to wait for another l10n working on the project "
                        "(default 10)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("run", help="run every stage on the project, with a summary")
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("extract", help="source articles -> POT templates and PO catalogs")
    p.add_argument("docs", nargs="*", metavar="DOC", help="only these articles")
    p.add_argument("--check", action="store_true",
                   help="write nothing; exit 1 if any catalog is out of date")
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("stats", help="units and words by state, per article and language")
    p.add_argument("docs", nargs="*", metavar="DOC")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser("export", help="publish localized articles (HTML, Markdown, text)")
    p.add_argument("docs", nargs="*", metavar="DOC", help="only these articles")
    p.add_argument("--lang", action="append", help="only this language (repeatable)")
    p.add_argument("--format", choices=("html", "md", "txt"),
                   help="output format (default: [export] format, html)")
    p.add_argument("--include-fuzzy", action="store_true",
                   help="publish fuzzy drafts as they are")
    p.add_argument("--min-complete", type=float, metavar="PERCENT",
                   help="share of sentences that must be translated (default 100)")
    p.add_argument("--strict", action="store_true",
                   help="exit 1 when an article is held back")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("xliff", help="XLIFF 1.2 / 2.0 for CAT tools: export, import")
    p.add_argument("action", choices=("export", "import"))
    p.add_argument("files", nargs="*", metavar="DOC|FILE",
                   help="export: articles (default all); import: XLIFF files")
    p.add_argument("--version", choices=("1.2", "2.0"), default="1.2")
    p.add_argument("--lang", action="append", help="export: only this language")
    p.add_argument("-o", "--output", metavar="DIR", help="export: folder (default xliff/)")
    p.add_argument("--by", metavar="NAME", help="import: reviewer named in review marks")
    p.set_defaults(func=cmd_xliff)

    p = sub.add_parser("compile", help="MO files for every catalog (as msgfmt writes them)")
    p.set_defaults(func=cmd_compile)

    p = sub.add_parser("pretranslate", help="fill empty units: TM, then MT, as fuzzy drafts")
    p.add_argument("docs", nargs="*", metavar="DOC", help="only these articles")
    p.add_argument("--lang", action="append", help="only this target language (repeatable)")
    p.add_argument("--threshold", type=float, default=75.0,
                   help="lowest fuzzy TM match to use, in percent (default 75)")
    p.add_argument("--no-mt", action="store_true", help="translation memory only")
    p.add_argument("--scheduler", metavar="tcp://HOST:8786",
                   help="run machine translation on this Dask cluster (needs the dask extra)")
    p.set_defaults(func=cmd_pretranslate)

    p = sub.add_parser("tm", help="the translation memory: rebuild, import TMX, export TMX")
    p.add_argument("action", choices=("rebuild", "import", "export"))
    p.add_argument("file", nargs="?", metavar="FILE", help="TMX file to import")
    p.add_argument("-o", "--output", metavar="FILE", help="export: write to FILE")
    p.set_defaults(func=cmd_tm)

    p = sub.add_parser("models", help="Argos models: list what is installed and needed; install")
    p.add_argument("action", choices=("list", "install"))
    p.add_argument("--file", action="append", metavar="FILE",
                   help="install a local .argosmodel file (repeatable)")
    p.set_defaults(func=cmd_models)

    p = sub.add_parser("check", help="glossary (and quality) checks over the catalogs")
    p.add_argument("paths", nargs="*", metavar="PATH", help="PO files or folders (default: all)")
    p.add_argument("--glossary", metavar="FILE", help="glossary CSV (default: the project's)")
    p.add_argument("--format", choices=("text", "json", "html"), default="text")
    p.add_argument("-o", "--output", metavar="FILE", help="write the HTML report to FILE")
    p.add_argument("--disable", action="append", metavar="CHECK",
                   help="turn a check off (repeatable)")
    p.add_argument("--list", action="store_true", help="list every check and exit")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("serve", help="the review page for editors (a local web application)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: local "
                   "only; anything else needs --token)")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--token", help="access token required by every request (or "
                   "L10N_SERVE_TOKEN)")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("review", help="mark translated units reviewed (an editor's approval)")
    p.add_argument("docs", nargs="*", metavar="DOC", help="only these articles")
    p.add_argument("--lang", action="append", help="only this language (repeatable)")
    p.add_argument("--line", action="append", type=int, metavar="N",
                   help="only the unit whose msgid is on line N of the PO file (repeatable)")
    p.add_argument("--by", metavar="NAME", help="who reviewed (kept in the mark)")
    p.add_argument("--include-drafts", action="store_true",
                   help="also approve fuzzy drafts as they are (clears fuzzy)")
    p.add_argument("--undo", action="store_true", help="take the review marks away")
    p.set_defaults(func=cmd_review)

    p = sub.add_parser("glossary", help="validate, export, import the glossary; find candidates")
    p.add_argument("action", choices=("validate", "export", "import", "candidates"))
    p.add_argument("file", nargs="?", metavar="FILE",
                   help="glossary CSV (validate, export, candidates) or TBX file (import)")
    p.add_argument("--format", choices=("tbx", "csv"), default="tbx", help="export format")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    p.add_argument("--force", action="store_true", help="import: replace an existing -o FILE")
    p.add_argument("--min-count", type=int, default=2, help="candidates: minimum occurrences")
    p.add_argument("--top", type=int, default=30, help="candidates: how many to list")
    p.set_defaults(func=cmd_glossary)

    p = sub.add_parser("segment", help="print the sentences of a text, one per line")
    p.add_argument("--lang", help="language of the text (az, ru, en)")
    p.add_argument("--srx", metavar="FILE", help="use the rules of an SRX 2.0 file instead of ours")
    p.add_argument("--export-srx", action="store_true",
                   help="print our rules as an SRX 2.0 document (for OmegaT, Okapi) and exit")
    p.add_argument("--json", action="store_true", help="print one JSON array of strings")
    p.add_argument("--jsonl", metavar="FILE",
                   help="read one JSON string (a paragraph) per line, write one JSON array per "
                   "line")
    p.add_argument("file", nargs="?", metavar="FILE", help="text file, or - for stdin")
    p.set_defaults(func=cmd_segment, needs_project=False)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        project = Project.open(args.directory) if getattr(args, "needs_project", True) else None
        if project is not None and _writes(args):
            # Two l10n processes never interleave their writes to one project.
            with project_lock(project.root, wait=args.wait):
                return args.func(project, args)
        return args.func(project, args)
    except WorkflowError as exc:
        sys.stdout.flush()
        sys.stderr.write(f"error: {exc}\n")
        return 1
    except KeyboardInterrupt:
        sys.stderr.write("error: interrupted\n")
        return 130
    except BrokenPipeError:
        return 0
