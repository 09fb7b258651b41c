"""The commands of the flow, each a thin caller of its stage: extract, stats, run, segment, check,
pretranslate, review, export, compile, serve."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..check.job import check_project, checked
from ..check.runner import all_checks
from ..compile import compile_project
from ..errors import WorkflowError
from ..export.job import export_project
from ..export.localize import Gate
from ..extract.job import apply, extract_cache, plan_extract
from ..formats.report import HtmlReport, JsonReport, TextReport, summary
from ..formats.source import decode_source
from ..formats.srx import native_rules_as_srx, read_srx, srx_segment, write_srx
from ..init import init_project
from ..locales import check_language
from ..pretranslate.job import pretranslate_project
from ..project import Project, atomic_writer
from ..review import review_project
from ..segment import segment
from ..stats import project_stats
from .output import (
    Progress,
    next_steps,
    out,
    print_stats,
    report_export,
    report_extract,
    report_pretranslate,
)


def cmd_extract(project: Project, args: argparse.Namespace) -> int:
    cache = extract_cache(project)
    report = plan_extract(project, args.docs or None, cache=cache, reuse=not args.verbose)
    if args.check:
        report_extract(project, report, check=True, verbose=args.verbose)
        return 1 if report.changed else 0
    conflicts = apply(report, cache, everything=not args.docs)
    report_extract(project, report, check=False, verbose=args.verbose)
    return _report_conflicts(project, conflicts, "extract")


def _report_conflicts(project: Project, conflicts: list, command: str) -> int:
    for path in conflicts:
        out(f"  {project.rel(path)}: saved by someone else while {command} ran: left as they "
            f"saved it; run 'l10n {command}' again")
    return 1 if conflicts else 0

def cmd_stats(project: Project, args: argparse.Namespace) -> int:
    rows = project_stats(project, args.docs or None)
    if args.json:
        payload = []
        for row in rows:
            item = {"doc": row.doc, "source_lang": row.source_lang, "lang": row.lang,
                    "path": row.path, "exists": row.counts is not None or bool(row.error)}
            if row.error:
                item["error"] = row.error
            if row.counts is not None:
                item["units"] = {**row.counts.units, "total": row.counts.total_units}
                item["words"] = {**row.counts.words, "total": row.counts.total_words}
                item["percent_translated"] = round(row.counts.percent_translated, 1)
                item["percent_reviewed"] = round(row.counts.percent_reviewed, 1)
            payload.append(item)
        out(json.dumps(payload, ensure_ascii=False, indent=2))
        return 1 if any(row.error for row in rows) else 0
    print_stats(rows)
    return _report_unreadable(rows)


def _report_unreadable(rows: list) -> int:
    """One error line per catalog that could not be read (after the rows that could); exit 1."""
    for row in rows:
        if row.error:
            sys.stderr.write(f"error: {row.error}\n")
    return 1 if any(row.error for row in rows) else 0

def cmd_run(project: Project, args: argparse.Namespace) -> int:
    out("== extract")
    cache = extract_cache(project)
    report = plan_extract(project, cache=cache)
    _report_conflicts(project, apply(report, cache), "extract")
    report_extract(project, report, check=False)
    out("== pretranslate")
    progress = Progress("machine translation")
    try:
        drafted = pretranslate_project(project, progress=progress)
    finally:
        progress.close()
    report_pretranslate(drafted)
    out("== check")
    report_path = project.root / project.config.report
    with atomic_writer(report_path) as f:
        checked = check_project(project, pieces=HtmlReport(), kind="html", out=f)
    out(summary(checked))
    out(f"  report: {project.rel(report_path)}")
    out("== stats")
    rows = project_stats(project)
    print_stats(rows)
    out("== export")
    exported = export_project(project)
    report_export(exported)
    units = sum(r.counts.total_units for r in rows if r.counts)
    done = sum(r.counts.units["translated"] + r.counts.units["reviewed"] for r in rows
               if r.counts)
    drafts = sum(r.counts.units["fuzzy"] for r in rows if r.counts)
    out(f"== summary: {report.articles} articles, {len(rows)} catalogs, "
         f"{units} units: {done} translated, {drafts} drafts to review; "
         f"{checked.errors} check errors; "
         f"{sum(1 for r in exported if r.status == 'published')} translations published")
    for (src, tgt), reason in sorted(drafted.broken_models.items()):
        out(f"next: fix the {src}->{tgt} model (reinstall it with argospm): {reason}")
    for step in next_steps(rows, checked.errors, exported, report=project.rel(report_path)):
        out(f"next: {step}")
    return 1 if drafted.broken_models else 0

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
        out(json.dumps(pieces, ensure_ascii=False))
    else:
        for piece in pieces:
            out(" ".join(piece.split()))
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

def cmd_check(project: Project | None, args: argparse.Namespace) -> int:
    if args.list:
        for info in all_checks().values():
            out(f"{info.code:<22} {info.severity:<8} {info.title}")
        return 0
    pieces = {"json": JsonReport(), "html": HtmlReport(), "text": TextReport()}[args.format]
    options = dict(kind=args.format, pieces=pieces, glossary_path=args.glossary,
                   disabled=tuple(args.disable or ()), source_lang=args.source_lang)
    if args.format == "html" and args.output:
        with atomic_writer(Path(args.output)) as f:
            totals = checked(project, args.paths or None, out=f, **options)
        out(f"wrote {args.output}")
    else:
        sys.stdout.flush()
        totals = checked(project, args.paths or None, out=sys.stdout.buffer, **options)
        sys.stdout.buffer.flush()
    return 1 if totals.errors else 0

def cmd_export(project: Project, args: argparse.Namespace) -> int:
    gate = Gate(min_complete=args.min_complete if args.min_complete is not None
                else project.config.min_complete, include_fuzzy=args.include_fuzzy)
    rows = export_project(project, langs=args.lang or None, docs=args.docs or None,
                          fmt=args.format, gate=gate)
    report_export(rows)
    return 1 if args.strict and any(r.status == "failed" for r in rows) else 0

def cmd_compile(project: Project, args: argparse.Namespace) -> int:
    written = compile_project(project)
    out(f"compile: {len(written)} MO files")
    return 0

def cmd_serve(project: Project, args: argparse.Namespace) -> int:
    import os

    from ..editing import parse_tokens
    from ..web import serve

    values = args.token or ([os.environ["L10N_SERVE_TOKEN"]] if os.environ.get(
        "L10N_SERVE_TOKEN") else [])
    tokens = parse_tokens(values) if values else None
    token: str | dict[str, str] | None = tokens
    if tokens is not None and len(tokens) == 1 and not next(iter(tokens.values())):
        token = next(iter(tokens))          # one unnamed token, as before
    serve(project, host=args.host, port=args.port, token=token, reviewer=args.reviewer)
    return 0

def cmd_review(project: Project, args: argparse.Namespace) -> int:
    report = review_project(project, args.docs or None, langs=args.lang or None,
                            lines=args.line or None, by=args.by,
                            include_drafts=args.include_drafts, undo=args.undo)
    verb = "unmarked" if args.undo else "marked reviewed"
    out(f"review: {report.marked} units {verb}, {report.already} already reviewed, "
         f"{report.skipped_drafts} drafts left alone (fuzzy: add --include-drafts to approve "
         f"them as they are); {len(report.written)} catalogs written")
    for name in report.conflicts:
        out(f"  {name}: saved by someone else while review ran: left as they saved it; run "
            "'l10n review' again")
    return 1 if report.conflicts else 0

def cmd_pretranslate(project: Project, args: argparse.Namespace) -> int:
    progress = Progress("machine translation")
    try:
        report = pretranslate_project(project, langs=args.lang or None, docs=args.docs or None,
                                      threshold=args.threshold, use_mt=not args.no_mt,
                                      progress=progress, scheduler=args.scheduler)
    finally:
        progress.close()
    report_pretranslate(report)
    return 1 if report.broken_models or report.conflicts else 0


def cmd_init(_project: Project | None, args: argparse.Namespace) -> int:
    root = (Path(args.directory) / args.dir).resolve()
    languages = tuple(code.strip() for code in args.languages.split(",") if code.strip())
    written = init_project(root, name=args.name or root.name, languages=languages)
    for path in written:
        out(f"  wrote {path}")
    out(f"init: a new l10n project in {root}")
    out(f"next: put articles in {root}/source/<lang>/ (.txt, .md, .html), then run "
        "'l10n extract' there")
    return 0
