"""The check stage's project-wide side: which catalogs, which glossary, which checks are off.

It also checks PO files from elsewhere (``l10n check FILE.po`` outside a project, or a catalog
with no ``X-Source-Language``): the source language is then the gettext convention, English
msgids, unless ``source_lang`` says otherwise, and without a glossary only the prose checks
run. A catalog that cannot be read is one ``po-syntax`` finding; the others are still checked.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from dataclasses import asdict, astuple, fields
from pathlib import Path
from typing import BinaryIO, cast

from .. import pool
from ..cache import CACHE_DIR, WorkCache, config_bytes, enabled, state
from ..config import CONFIG_NAME
from ..errors import WorkflowError
from ..formats.report import Pieces
from ..glossary import Glossary
from ..locales import check_language
from ..model import Catalog
from ..project import Project, atomic_writer, catalog_paths, load_glossary, read_catalog_bytes
from . import across, memo
from .memo_store import ResultMemo, catalog_key, pack, unpack
from .runner import (
    CATALOG_CHECKS,
    CatalogInput,
    Finding,
    GlossaryCheck,
    Totals,
    all_checks,
    check_catalog,
    finish,
)

GETTEXT_SOURCE_LANG = "en"


def check_project(project: Project | None, paths: list[str] | None = None, *,
                  pieces: Pieces, kind: str, out: BinaryIO, glossary_path: str | None = None,
                  disabled: tuple[str, ...] = (), source_lang: str | None = None,
                  catalogs: list[Path] | None = None, articles: list | None = None,
                  stats: dict[Path, list | None] | None = None) -> Totals:
    """Check the catalogs and write the report (``pieces``, rendered as ``kind``) to ``out``.

    Catalogs are taken one at a time, in path order: each is checked (or its kept results
    are reused), and what it says goes into the store's index; the store then names the units
    that disagree across the project, and the report is written catalog by catalog. Memory
    holds one catalog's results at a time, whatever the project's size. ``stats``: the
    catalogs' ``state``, if just taken."""
    known = set(all_checks())
    for code in disabled:
        if code not in known and code != "all":
            raise WorkflowError(f"unknown check {code!r} in --disable",
                                fix="run 'l10n check --list' for the codes")
    if project is not None:
        unknown = set(project.config.disabled_checks) - known
        if unknown:
            raise WorkflowError(f"unknown check {sorted(unknown)[0]!r} in [check] disable",
                                path=CONFIG_NAME, fix="run 'l10n check --list' for the codes")
    if source_lang is not None:
        check_language(source_lang)
    glossary = None
    if glossary_path or (project is not None
                         and (project.root / project.config.glossary).exists()):
        glossary = load_glossary(project, glossary_path)
    off = tuple(disabled) + (project.config.disabled_checks if project is not None else ())
    files = {(project.rel(p) if project is not None else str(p)): p
             for p in (catalogs if catalogs is not None else catalog_paths(project, paths))}
    memo = ResultMemo.open(project, glossary_path, off, source_lang)
    try:
        entries = _index(project, memo, sorted(files.items()), glossary, off, source_lang,
                         articles, stats or {})
        found = across.findings(*memo.groups(everything=not paths), disabled=set(off),
                                glossary=glossary is not None)
        return _write_report(memo, entries, found, glossary, pieces, kind, out)
    finally:
        memo.close(prune=not paths)


# a catalog of this run: (path, its key in the store, source and target language), or the
# finding of one that cannot be checked
_Entry = tuple[str, str, str, str] | Finding


def _index(project: Project | None, memo: ResultMemo, files: list[tuple[str, Path]],
           glossary: Glossary | None, off: tuple[str, ...], source_lang: str | None,
           articles: list | None, stats: dict[Path, list | None]) -> list[_Entry]:
    """Check each catalog the store has no results for (in a pool of processes when there are
    many); put every catalog in the run."""
    doc_langs: dict[str, str] = {}
    if project is not None:
        try:
            doc_langs = {a.doc: a.lang for a in (articles if articles is not None
                                                 else project.articles()) if a.lang}
        except WorkflowError:
            pass
    entries: list[_Entry | None] = []
    todo: list[tuple[int, int, _Task]] = []
    for order, (rel, path) in enumerate(files):
        lang = _language(path)
        fallback = doc_langs.get(path.stem) or source_lang or GETTEXT_SOURCE_LANG
        try:
            sha = memo.content(rel, path, stats.get(path))
        except OSError as exc:
            entries.append(_unreadable(rel, lang or "", WorkflowError(
                f"cannot read: {exc.strerror}", fix="check the file's permissions")))
            continue
        key = memo.key(rel, sha, fallback, lang)
        languages = memo.languages(rel, key)
        if languages is None:
            todo.append((len(entries), order, (rel, path, fallback, lang)))
            entries.append(None)
            continue
        memo.include(rel, order)
        entries.append((rel, key, *languages))
    done = pool.ordered(_check_file, [task for *_, task in todo], setup=_setup,
                        args=(glossary, off, memo.base))
    for (slot, order, (rel, *_)), outcome in zip(todo, done):
        if isinstance(outcome, Finding):
            entries[slot] = outcome
            continue
        key, src, lang, result, said, worded = outcome
        memo.put(rel, key, src, lang, result, said, worded)
        memo.include(rel, order)
        entries[slot] = (rel, key, src, lang)
    return [entry for entry in entries if entry is not None]


# a catalog to check: its path as shown, on disk, the source language its article says, and
# the target language its place says
_Task = tuple[str, Path, str, str | None]
_WORKER: dict = {}
_PIECES_AT_ONCE = 500       # kept report pieces read from the store in one query


def _setup(glossary: Glossary | None, off: tuple[str, ...], base: bytes) -> None:
    _WORKER.update(glossary=GlossaryCheck(glossary) if glossary is not None else None,
                   off=off, base=base)


def _check_file(task: _Task) -> Finding | tuple[str, str, str, dict, list, list]:
    """One catalog checked (in a worker): its key, languages, results and index records."""
    rel, path, fallback, lang = task
    try:
        data = path.read_bytes()
    except OSError as exc:
        return _unreadable(rel, lang or "", WorkflowError(
            f"cannot read: {exc.strerror}", fix="check the file's permissions"))
    key = catalog_key(_WORKER["base"], rel, hashlib.sha256(data).hexdigest(), fallback, lang)
    try:
        catalog = read_catalog_bytes(data, rel)
    except WorkflowError as exc:
        return _unreadable(rel, lang or "", exc)
    lang = catalog.header_value("Language") or lang
    if not lang:
        return _unreadable(rel, "", WorkflowError(
            "the target language is unknown (no Language header)", line=catalog.header_line,
            fix='add "Language: ru\\n" (the code) to the header'))
    src = catalog.header_value("X-Source-Language") or fallback
    result = check_catalog(CatalogInput(rel, catalog, src, lang),
                           glossary_check=_WORKER["glossary"], disabled=_WORKER["off"])
    return (key, src, lang, memo.dump(result), *across.index(rel, lang, result.rows))


def _write_report(memo: ResultMemo, entries: list[_Entry], found: across.Across,
                  glossary: Glossary | None, pieces: Pieces, kind: str, out: BinaryIO) -> Totals:
    """Each catalog's piece of the report (kept, or rendered from its kept results and the
    findings across catalogs it has now), spooled, then assembled under the totals."""
    by_path: dict[str, list] = {}
    for (rel, row), items in sorted(found.items()):
        by_path.setdefault(rel, []).append((row, items))
    totals = Totals()
    spools = [tempfile.TemporaryFile() for _ in range(pieces.parts)]
    stored: dict[str, tuple[str, str]] = {}
    try:
        for k, entry in enumerate(entries):
            if k % _PIECES_AT_ONCE == 0:
                stored = memo.pieces(kind, [e[0] for e in entries[k:k + _PIECES_AT_ONCE]
                                            if not isinstance(e, Finding)])
            parts: list[str]
            if isinstance(entry, Finding):
                parts = pieces.piece(None, [], [entry])
                totals.add([entry])
            else:
                rel, key, src, lang = entry
                digest = hashlib.sha256(repr((key, kind, by_path.get(rel))).encode()).hexdigest()
                kept = stored.get(rel)
                unpacked = unpack(kept[1], len(fields(Totals))) \
                    if kept is not None and kept[0] == digest else None
                if unpacked is not None and len(unpacked[1]) == pieces.parts:
                    counts, parts = unpacked
                else:
                    result = memo.result(rel, glossary)
                    item = CatalogInput(rel, Catalog(), src, lang)
                    findings = finish(item, result, found)
                    own = Totals()
                    own.add(findings, catalogs=1, checked=result.checked,
                            untranslated=result.untranslated)
                    counts, parts = astuple(own), pieces.piece(item, result.rows, findings)
                    memo.keep_piece(rel, kind, digest, pack(counts, parts))
                totals.merge(Totals(*counts))
            for spool, text in zip(spools, parts):
                spool.write(text.encode("utf-8"))
        for spool in spools:
            spool.seek(0)
        pieces.write(out, totals, spools)
    finally:
        for spool in spools:
            spool.close()
    return totals


def checked(project: Project | None, paths: list[str] | None = None, *, kind: str,
            pieces: Pieces, out: BinaryIO, glossary_path: str | None = None,
            disabled: tuple[str, ...] = (), source_lang: str | None = None,
            articles: list | None = None, catalogs: list[Path] | None = None,
            stats: dict[Path, list | None] | None = None) -> Totals:
    """``check_project``, with the whole report remembered in the project's cache: when no
    catalog, source, the glossary, the configuration or this code changed since the last run
    with the same arguments, the remembered report is the answer (a no-op check of a large
    project reads no catalog). Outside a project, or with L10N_NO_CACHE=1, it is computed every
    time. A caller that has listed the articles or the catalogs (``catalog_paths``), or taken
    the ``state`` of some of them just before, passes them on."""
    listed: dict = {}           # the catalogs and articles, listed once for both uses

    def compute(stream: BinaryIO) -> Totals:
        return check_project(project, paths, pieces=pieces, kind=kind, out=stream,
                             glossary_path=glossary_path, disabled=disabled,
                             source_lang=source_lang, **listed)

    if project is None or not enabled() or glossary_path is not None:
        return compute(out)
    arguments = repr((kind, sorted(paths or ()), sorted(disabled), source_lang)).encode()
    cache = WorkCache(project, f"check-{kind}", [*config_bytes(project), arguments])
    inputs = listed["catalogs"] = catalogs if catalogs is not None \
        else catalog_paths(project, paths)
    glossary = project.root / project.config.glossary
    try:                            # the caller may have listed the articles already
        listed["articles"] = articles if articles is not None else project.articles()
    except WorkflowError:
        listed["articles"] = []
    sources = [a.path for a in listed["articles"]]
    files = inputs + sources + ([glossary] if glossary.exists() else [])
    output = project.root / CACHE_DIR / f"check-{kind}.out"
    taken = stats or {}                                    # each file stat'd once
    before = listed["stats"] = {path: taken[path] if path in taken else state(path)
                                for path in files}
    # one digest of every input's stat: recording 30,000 files one by one cost more than
    # half a second a run at 10,000 articles
    seen = {project.rel(path): st for path, st in before.items()}
    shown = project.rel(output)
    entry = cache.unchanged_all("result", {**seen, shown: state(output)})
    if entry is not None:
        try:
            totals = Totals(**entry["totals"])
            with output.open("rb") as f:
                shutil.copyfileobj(f, out)
            return totals
        except (OSError, KeyError, TypeError):
            pass
    try:
        with atomic_writer(output) as stream:
            hashing = _Hashing(stream)
            totals = compute(cast(BinaryIO, hashing))
    except WorkflowError:
        return compute(out)         # a cache that cannot be written is not an error
    seen[shown] = state(output)
    with output.open("rb") as f:
        shutil.copyfileobj(f, out)
    cache.record_all("result", seen, expected={shown: hashing.digest.hexdigest()},
                     totals=asdict(totals))
    cache.save()
    return totals


class _Hashing:
    """A stream that hashes what goes through it (the report is not read back to be hashed)."""

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream
        self.digest = hashlib.sha256()

    def write(self, data: bytes) -> int:
        self.digest.update(data)
        return self.stream.write(data)


def _language(path: Path) -> str | None:
    """The language a catalog's place says: <lang>/LC_MESSAGES/x.po, or po/<lang>.po."""
    if path.parent.name == "LC_MESSAGES":
        return path.parent.parent.name
    try:
        return check_language(path.stem)
    except WorkflowError:
        return None


def _unreadable(rel: str, lang: str, exc: WorkflowError) -> Finding:
    info = CATALOG_CHECKS["po-syntax"]
    return Finding(path=rel, line=exc.line or 1, msgid="", msgstr="", source_lang="", lang=lang,
                   state="translated", check=info.code, severity=info.severity,
                   message=f"{exc.what} ({exc.fix})" if exc.fix else exc.what)
