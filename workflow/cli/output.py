"""What the commands print: reports of the stages as text lines, and the progress bar."""

from __future__ import annotations

import sys

from ..extract.job import ExtractReport
from ..pretranslate.job import PretranslateReport
from ..project import Project


def out(text: str = "") -> None:
    sys.stdout.write(text + "\n")

def report_extract(project: Project, report: ExtractReport, *, check: bool,
                   verbose: bool = False) -> None:
    """What extract did. Dropped chrome is listed for the articles whose template changed (a
    new article, an edited one) or with ``verbose``; unchanged drops are only counted."""
    changed = {w.path for w in report.changed}
    for article, document in report.documents:
        if not verbose and project.pot_path(article.doc) not in changed:
            continue
        for dropped in document.dropped:
            excerpt = dropped.text if len(dropped.text) <= 70 else dropped.text[:67] + "..."
            out(f"  dropped {article.rel}:{dropped.line} [{dropped.rule}] {excerpt}")
    dropped = report.dropped
    verb = "out of date" if check else "written"
    if report.cache_note:
        out(f"  note: {report.cache_note}")
    out(f"extract: {report.articles} articles, {report.files} files "
         f"({len(report.changed)} {verb}, {report.files - len(report.changed)} "
         f"unchanged), {dropped} blocks dropped as site chrome"
         f"{'' if verbose or not dropped else ' (-v lists them)'}")
    for write in report.changed:
        out(f"  {'stale' if check else 'wrote'} {project.rel(write.path)}")
    for path, note in report.notes:
        out(f"  header {path}: {note}")

def print_stats(rows: list) -> None:
    width = max([len(r.doc) for r in rows] + [7])
    out(f"{'article':<{width}}  src  lang  units  review  transl  fuzzy  untr   words  done")
    for r in rows:
        if r.error:
            out(f"{r.doc:<{width}}  {r.source_lang:<3}  {r.lang:<4}  (cannot be read: see below)")
            continue
        if r.counts is None:
            out(f"{r.doc:<{width}}  {r.source_lang:<3}  {r.lang:<4}  (no catalog: run l10n extract)")
            continue
        u = r.counts.units
        out(f"{r.doc:<{width}}  {r.source_lang:<3}  {r.lang:<4}  {r.counts.total_units:>5}  "
             f"{u['reviewed']:>6}  {u['translated']:>6}  {u['fuzzy']:>5}  {u['untranslated']:>4}  "
             f"{r.counts.total_words:>6}  {r.counts.percent_translated:>3.0f}%")

def report_export(rows) -> None:
    for row in rows:
        if row.status == "failed":
            kept = " (the last good export stays)" if row.path else ""
            out(f"  not published: {row.doc} [{row.lang}]: {'; '.join(row.reasons)}{kept}")
    published = sum(1 for r in rows if r.status == "published")
    source = sum(1 for r in rows if r.status == "source")
    failed = sum(1 for r in rows if r.status == "failed")
    out(f"export: {source} source articles, {published} translations published, "
         f"{failed} held back")

class Progress:
    """A progress bar (units done, rate, ETA) on a terminal; silence otherwise."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.bar = None
        self.task = None

    def __call__(self, done: int, total: int) -> None:
        if not sys.stderr.isatty() or total < 20:
            return
        if self.bar is None:
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                ProgressColumn,
                TextColumn,
                TimeRemainingColumn,
            )
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

def report_pretranslate(report: PretranslateReport) -> None:
    for (src, tgt), command in sorted(report.missing_models.items()):
        out(f"  no model for {src}->{tgt}: {command} (TM and glossary only for this pair)")
    for (src, tgt), reason in sorted(report.broken_models.items()):
        out(f"  broken model for {src}->{tgt}, skipped (the other pairs were drafted): {reason}")
    for name in report.merged:
        out(f"  {name}: saved by someone else while the engine worked: drafts added only to "
            "the units their save left empty")
    for name in report.conflicts:
        out(f"  {name}: saved by someone else meanwhile and now unreadable: left alone")
    rate = (f", {report.mt_sentences / report.seconds_mt:.1f} sentences/s"
            if report.seconds_mt > 0 else "")
    out(f"pretranslate: {report.tm_exact} TM exact, {report.tm_fuzzy} TM fuzzy, "
         f"{report.mt} MT{rate}, {report.skipped} skipped (no model"
         f"{' or a broken one' if report.broken_models else ''}), {report.already} "
         f"already translated; {len(report.written)} catalogs written")


def next_steps(rows: list, errors: int, exported: list, *, report: str) -> list[str]:
    """What a user does after ``l10n run``, most useful first."""
    steps = []
    untranslated = [r for r in rows if r.counts and r.counts.units["untranslated"]]
    drafts = sum(r.counts.units["fuzzy"] for r in rows if r.counts)
    unreadable = [r for r in rows if r.error]
    for r in unreadable:
        steps.append(f"fix {r.path}: {r.error}")
    if errors:
        steps.append(f"fix {errors} check error(s): {report} (or l10n check)")
    if drafts:
        steps.append(f"review {drafts} machine/TM draft(s): l10n serve, or Poedit, then "
                     "l10n review")
    for r in untranslated[:3]:
        steps.append(f"translate {r.counts.units['untranslated']} unit(s) of {r.path} "
                     "(Poedit, Lokalize, or l10n serve)")
    if len(untranslated) > 3:
        steps.append(f"... and {len(untranslated) - 3} more catalog(s) with untranslated units "
                     "(l10n stats)")
    if not steps:
        published = sum(1 for r in exported if r.status == "published")
        steps.append(f"all translated: {published} translation(s) published; open export/index.html")
    return steps
