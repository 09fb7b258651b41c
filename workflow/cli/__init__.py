"""The ``l10n`` command: parse arguments, call the stages, print, map errors to exit codes.

Exit codes: 0 success; 1 an error the user can fix (a one-line ``error: file:line: ...``), or
``extract --check`` found stale catalogs; 2 bad command-line usage; 130 interrupted.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from .. import __version__
from ..errors import WorkflowError
from ..project import Project, project_lock
from .align import cmd_align
from .commands import (
    cmd_check,
    cmd_compile,
    cmd_export,
    cmd_extract,
    cmd_init,
    cmd_pretranslate,
    cmd_review,
    cmd_run,
    cmd_segment,
    cmd_serve,
    cmd_stats,
)
from .resources import cmd_glossary, cmd_models, cmd_tm, cmd_xliff


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
    if command == "align":
        return bool(args.into or args.output)
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

    p = sub.add_parser("init", help="start a new project in DIR (default: here)")
    p.add_argument("dir", nargs="?", default=".", metavar="DIR")
    p.add_argument("--name", help="project name (default: the folder's name)")
    p.add_argument("--languages", default="az,ru,en",
                   help="comma-separated language codes (default: az,ru,en)")
    p.set_defaults(func=cmd_init, needs_project=False)

    p = sub.add_parser("align", help="align a source article with its published translation")
    p.add_argument("files", nargs="+", metavar="FILE",
                   help="SOURCE TRANSLATION, or with --into DOC the TRANSLATION only")
    p.add_argument("--from", dest="from_lang", metavar="LANG", help="the source's language")
    p.add_argument("--to", dest="to_lang", metavar="LANG", help="the translation's language")
    p.add_argument("--format", choices=("jsonl", "tmx", "po"), default="jsonl")
    p.add_argument("-o", "--output", metavar="FILE", help="write here (default: standard output)")
    p.add_argument("--into", metavar="DOC",
                   help="fill this article's catalog for the translation's language")
    p.add_argument("--force", action="store_true",
                   help="align even when the two do not look like one article")
    p.set_defaults(func=cmd_align, needs_project="optional")

    p = sub.add_parser("run", help="run every stage on the project, with a summary")
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("extract", help="source articles -> POT templates and PO catalogs")
    p.add_argument("docs", nargs="*", metavar="DOC", help="only these articles")
    p.add_argument("-v", "--verbose", action="store_true",
                   help="list every block dropped as site chrome, changed or not")
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
    p.add_argument("--source-lang", metavar="LANG",
                   help="source language of catalogs with no X-Source-Language header (default: "
                   "the article's, else en, gettext's convention)")
    p.set_defaults(func=cmd_check, needs_project="optional")

    p = sub.add_parser("serve", help="the review page for editors (a local web application)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: local "
                   "only; anything else needs --token)")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--token", action="append", help="access token required by every request "
                   "(or L10N_SERVE_TOKEN); NAME=TOKEN gives each editor a token of their own, "
                   "and their approvals that name (repeatable)")
    p.add_argument("--reviewer", help="the name written into review marks when an editor does "
                   "not give one on the page")
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

def _project(args: argparse.Namespace) -> Project | None:
    """The project the command works on; None for commands that need none (or can do
    without one: ``check FILE.po`` from anywhere)."""
    needs = getattr(args, "needs_project", True)
    if needs is False:
        return None
    try:
        return Project.open(args.directory)
    except WorkflowError:
        if needs == "optional" and (getattr(args, "paths", None) or getattr(args, "list", False)
                                    or (args.command == "align" and not args.into)):
            return None
        raise


def _parse(parser: argparse.ArgumentParser, argv: Sequence[str] | None) -> argparse.Namespace:
    """Parse, letting a command's trailing operands follow its options in any order.

    argparse fills a command's ``nargs='*'``/``'?'`` operand as soon as it meets the action word,
    so ``l10n xliff export --lang az DOC`` would leave DOC "unrecognized"; such operands are
    given to the command's own operand list here."""
    args, extra = parser.parse_known_args(argv)
    if not extra:
        return args
    for name in ("files", "docs", "paths"):
        if isinstance(getattr(args, name, None), list) and not any(
                e.startswith("-") and e != "-" for e in extra):
            getattr(args, name).extend(extra)
            return args
    if hasattr(args, "file") and args.file is None and len(extra) == 1 \
            and not extra[0].startswith("-"):
        args.file = extra[0]
        return args
    parser.error(f"unrecognized arguments: {' '.join(extra)}")
    raise AssertionError("unreachable")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = _parse(parser, argv)
    try:
        project = _project(args)
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
