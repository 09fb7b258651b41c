"""The pre-translation stage over a project: TM first, then MT in batches per language pair;
each catalog is written as soon as all its units have drafts."""

from __future__ import annotations

import hashlib
import io
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..cache import code_version
from ..engines.argos import (
    InstalledPackage,
    argos_engine_factory,
    find_route,
    install_command,
    scan_packages,
    usable_packages,
)
from ..engines.base import EngineFactory
from ..errors import WorkflowError
from ..formats.po import read_po
from ..formats.po_scan import may_hold_translations
from ..formats.tmx import pairs as tmx_pairs
from ..formats.tmx import read_tmx
from ..glossary import Glossary
from ..model import Catalog, UnitState
from ..project import (
    Project,
    catalog_bytes,
    load_glossary,
    read_catalog_bytes,
    write_if_unchanged,
)
from .drafts import (
    DEFAULT_FUZZY_THRESHOLD,
    Draft,
    GlossaryGuide,
    apply_drafts,
    needs_draft,
    tm_draft,
    translate_all,
)
from .memory import TMEntry, TranslationMemory


@dataclass
class PretranslateReport:
    tm_exact: int = 0
    tm_fuzzy: int = 0
    mt: int = 0
    skipped: int = 0            # no engine for the pair: left empty
    already: int = 0            # units that had a translation: never touched
    missing_models: dict[tuple[str, str], str] = field(default_factory=dict)
    broken_models: dict[tuple[str, str], str] = field(default_factory=dict)  # pair -> reason
    merged: list[str] = field(default_factory=list)     # saved by someone else meanwhile: merged
    conflicts: list[str] = field(default_factory=list)  # ... and unreadable: left alone
    written: list[str] = field(default_factory=list)
    seconds_mt: float = 0.0
    mt_sentences: int = 0

def pretranslate_project(project: Project, *, langs: list[str] | None = None,
                         docs: list[str] | None = None, engines: EngineFactory | None = None,
                         threshold: float = DEFAULT_FUZZY_THRESHOLD, use_mt: bool = True,
                         progress: Callable[[int, int], None] | None = None,
                         chunk: int = 64, scheduler: str | None = None) -> PretranslateReport:
    """Fill empty units: TM exact, TM fuzzy, then MT in batches per language pair."""
    report = PretranslateReport()
    articles = project.articles(docs)
    tm = open_tm(project)
    glossary = load_glossary(project) if (project.root / project.config.glossary).exists() \
        else None
    # One catalog at a time: its memory drafts are found, and unless it waits for machine
    # translation it is written and let go (memory does not grow with the project). Each
    # pair's engine is asked for when the first catalog of that pair needs one, so the
    # catalogs of a pair with no model stream too instead of waiting for nothing.
    targets: list[tuple[Path, Catalog, str, str]] = []
    originals: dict[Path, bytes] = {}
    drafts: dict[Path, dict[str, Draft]] = {}
    pending: dict[tuple[str, str], dict[str, list[Path]]] = {}
    factory: EngineFactory | None = engines if engines is not None or scheduler \
        else argos_engine_factory()
    asked: dict[tuple[str, str], Any] = {}
    for article, lang, path in project.catalogs([a.doc for a in articles], langs):
        try:
            before = path.read_bytes()
        except OSError as exc:
            raise WorkflowError(f"cannot read: {exc.strerror}", path=project.rel(path)) from None
        catalog = read_catalog_bytes(before, project.rel(path))
        tgt = catalog.header_value("Language") or lang
        src = catalog.header_value("X-Source-Language") or article.lang or ""
        found: dict[str, Draft] = {}
        left = []
        for unit in catalog.active:
            if not needs_draft(unit):
                report.already += 1
                continue
            draft = tm_draft(tm, src, tgt, unit.msgid, threshold=threshold)
            if draft is not None:
                found[unit.msgid] = draft
                if draft.origin == "tm-exact":
                    report.tm_exact += 1
                else:
                    report.tm_fuzzy += 1
            else:
                left.append(unit.msgid)
        if use_mt and left and _engine_for(report, factory, asked, (src, tgt)) is not None:
            targets.append((path, catalog, src, tgt))
            originals[path] = before
            drafts[path] = found
            for msgid in left:
                pending.setdefault((src, tgt), {}).setdefault(msgid, []).append(path)
            continue
        report.skipped += len(left)
        if found:
            _write_drafts(project, report, path, catalog, before, found)
    tm.close()
    cluster = None
    if factory is None and pending:     # a Dask cluster: started for the pairs that wait
        cluster = factory = DaskEngines(scheduler or "", sorted(pending))
    try:
        return _translate_pending(project, report=report, targets=targets, pending=pending,
                                  originals=originals, drafts=drafts, glossary=glossary,
                                  engine_for=lambda pair: _engine_for(report, factory, asked,
                                                                      pair),
                                  progress=progress, chunk=chunk)
    finally:
        if cluster is not None:
            cluster.close()

def _translate_pending(project: Project, *, report: PretranslateReport,
                       targets: list[tuple[Path, Catalog, str, str]],
                       pending: dict[tuple[str, str], dict[str, list[Path]]],
                       originals: dict[Path, bytes],
                       drafts: dict[Path, dict[str, Draft]], glossary: Glossary | None,
                       engine_for: Callable[[tuple[str, str]], Any],
                       progress: Callable[[int, int], None] | None, chunk: int
                       ) -> PretranslateReport:
    """The MT part of pretranslate_project: per language pair, in batches; each catalog is
    written as soon as all its units have drafts."""
    total = sum(len(v) for v in pending.values())
    done = 0
    # A catalog is written as soon as every unit it needs has its draft: memory holds drafts
    # only for catalogs still in progress, and a run that dies leaves each catalog as its last
    # completed (atomic) write left it.
    waiting: dict[Path, int] = {path: 0 for path, *_ in targets}
    for sentences in pending.values():
        for paths in sentences.values():
            for path in paths:
                waiting[path] += 1
    catalogs = {path: catalog for path, catalog, *_ in targets}

    def finish(path: Path) -> None:
        if drafts[path]:
            _write_drafts(project, report, path, catalogs[path], originals[path], drafts[path])
        drafts[path] = {}

    for path, remaining in waiting.items():
        if remaining == 0:
            finish(path)

    def give_up(sentences: dict[str, list[Path]], delivered: set[str]) -> None:
        nonlocal done
        for sentence, paths in sentences.items():
            if sentence in delivered:
                continue
            report.skipped += len(paths)
            done += 1
            for path in paths:
                waiting[path] -= 1
                if waiting[path] == 0:
                    finish(path)
        if progress:
            progress(done, total)

    for (src, tgt), sentences in sorted(pending.items()):
        delivered: set[str] = set()
        engine = engine_for((src, tgt))
        if engine is None:
            give_up(sentences, delivered)
            continue
        guide = GlossaryGuide(glossary, src, tgt) if glossary is not None else None
        order = list(sentences)
        started = time.perf_counter()

        def deliver(batch: list[str], batch_drafts: list[Draft],
                    sentences: dict[str, list[Path]] = sentences,
                    delivered: set[str] = delivered) -> None:
            nonlocal done
            for sentence, draft in zip(batch, batch_drafts):
                delivered.add(sentence)
                for path in sentences[sentence]:
                    drafts[path][sentence] = draft
                    report.mt += 1
                    waiting[path] -= 1
                    if waiting[path] == 0:
                        finish(path)
            done += len(batch)
            if progress:
                progress(done, total)

        try:
            translate_all(engine, order, guide=guide, chunk=chunk, on_chunk=deliver)
        except (WorkflowError, RuntimeError, ValueError, OSError) as exc:
            # CTranslate2 raises RuntimeError/ValueError for a model it cannot run; drafts
            # already delivered are kept (and their catalogs written), the rest is skipped.
            report.broken_models[(src, tgt)] = _reason(exc)
            give_up(sentences, delivered)
        report.seconds_mt += time.perf_counter() - started
        report.mt_sentences += len(delivered)
    return report


def _engine_for(report: PretranslateReport, factory: EngineFactory | None,
                asked: dict[tuple[str, str], Any], pair: tuple[str, str]) -> Any:
    """The engine for ``pair``, asked for once; a missing or broken model is recorded in the
    report and gives None. With no factory yet (a Dask cluster is started once the pairs that
    wait are known) every pair is taken to have one."""
    if factory is None:
        return True
    if pair not in asked:
        try:
            asked[pair] = factory(*pair)
        except Exception as exc:  # one broken package must not stop the other pairs
            report.broken_models[pair] = _reason(exc)
            asked[pair] = None
        else:
            if asked[pair] is None:
                report.missing_models[pair] = install_command(*pair)
    return asked[pair]


def _write_drafts(project: Project, report: PretranslateReport, path: Path, catalog: Catalog,
                  before: bytes, drafts: dict[str, Draft]) -> None:
    """Write a catalog's drafts. A translator may have saved the file while the engine worked
    (an editor does not take our lock): their save is re-read and the drafts go only into the
    units it still leaves empty, so nothing they typed is overwritten."""
    shown = project.rel(path)
    for attempt in range(5):
        data = catalog_bytes(apply_drafts(catalog, drafts), shown)
        if data == before:
            return
        if write_if_unchanged(path, data, before):
            report.written.append(shown)
            if attempt:
                report.merged.append(shown)
            return
        before = path.read_bytes()
        try:
            catalog = read_po(io.BytesIO(before))
        except WorkflowError:
            break
    report.conflicts.append(shown)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, WorkflowError):
        return str(exc)
    return f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}".strip(": ")

class DaskEngines:
    """Engines that translate on the Dask cluster at ``address``; close() ends the session."""

    def __init__(self, address: str, pairs: list[tuple[str, str]]) -> None:
        try:
            from ..engines.dask_engine import DaskEngine, connect
        except ImportError:
            raise WorkflowError("Dask is not installed", fix="pip install '.[dask]' (the dask "
                                "extra) to use --scheduler") from None
        self._engine = DaskEngine
        self.client = connect(address, pairs=pairs)

    def __call__(self, src: str, tgt: str):
        try:
            return self._engine(self.client, src, tgt)
        except WorkflowError:
            return None

    def close(self) -> None:
        self.client.close()

@dataclass
class ModelsStatus:
    packages: list[InstalledPackage]            # usable
    broken: list[tuple[InstalledPackage, str]]  # installed for a pair, cannot be used: why
    skipped: list[tuple[Path, str]]             # not a pair package at all: why
    pairs: list[tuple[str, str, str]]           # each pair the project needs: how it is served


def models_status(project: Project) -> ModelsStatus:
    """Installed packages, and for each language pair the project needs: how it is served."""
    found, skipped = scan_packages()            # the package folders are read once
    packages, broken = usable_packages(found, load=True)
    needed = sorted({(a.lang or project.read_article(a).document.lang, t)
                     for a in project.articles()
                     for t in project.targets(a.lang or project.read_article(a).document.lang)})
    status = []
    for src, tgt in needed:
        route = find_route(packages, src, tgt)
        legs = {(src, tgt), (src, "en"), ("en", tgt)}
        unusable = [f"{pkg.code} {pkg.version} is broken: {why}" for pkg, why in broken
                    if (pkg.from_code, pkg.to_code) in legs]
        if route is None:
            status.append((src, tgt, "; ".join(unusable) if unusable
                           else f"missing: {install_command(src, tgt)}"))
        elif len(route) == 1:
            status.append((src, tgt, f"{route[0].code} {route[0].version}"))
        else:
            status.append((src, tgt, f"pivot {route[0].code} + {route[1].code}"))
    return ModelsStatus(packages, broken, skipped, status)



TM_IMPORTS = "tm"            # imported TMX files live here (committed), so a rebuild has them

TM_DATABASE = ".l10n/tm.sqlite"

def catalog_tm_entries(project: Project) -> list[TMEntry]:
    """Human translations in every catalog (translated or reviewed; fuzzy drafts excluded), in
    both directions."""
    entries = []
    for path in sorted(project.locales_dir.glob("*/LC_MESSAGES/*.po")):
        entries += _catalog_entries(project.read_catalog(path), path)
    return entries


def _catalog_entries(catalog: Catalog, path: Path) -> list[TMEntry]:
    src = catalog.header_value("X-Source-Language")
    tgt = catalog.header_value("Language") or path.parent.parent.name
    if not src:
        return []
    entries = []
    for unit in catalog.active:
        # reviewed units are the best memory there is; drafts are not memory at all
        if unit.state in (UnitState.TRANSLATED, UnitState.REVIEWED) \
                and unit.msgid_plural is None:
            entries.append(TMEntry(src, tgt, unit.msgid, unit.msgstr, path.stem))
            entries.append(TMEntry(tgt, src, unit.msgstr, unit.msgid, path.stem))
    return entries


def imported_tm_entries(project: Project) -> list[TMEntry]:
    entries = []
    folder = project.root / TM_IMPORTS
    for path in sorted(folder.glob("*.tmx")) if folder.is_dir() else []:
        entries += _tmx_entries(project, path)
    return entries


def _tmx_entries(project: Project, path: Path) -> list[TMEntry]:
    try:
        with path.open("rb") as f:
            units = read_tmx(f)
    except WorkflowError as exc:
        raise exc.at(project.rel(path)) from None
    return [TMEntry(s, t, a, b, f"{path.name}")
            for s, t, a, b, _ in tmx_pairs(units, project.config.languages)]


def open_tm(project: Project, *, rebuild: bool = False) -> TranslationMemory:
    """The project's memory, brought up to date with the catalogs and the imported TMX files:
    only the files that changed since the last run are read again (``rebuild``: all of them)."""
    path = project.root / TM_DATABASE
    try:
        tm = TranslationMemory(path)
    except WorkflowError:           # a cache: a broken one is noted and built again
        sys.stderr.write(f"note: {TM_DATABASE} is not a memory this version can read: "
                         "rebuilt from the catalogs\n")
        path.unlink(missing_ok=True)
        tm = TranslationMemory(path)
    key = repr((code_version(), project.config.languages))
    if rebuild or tm.meta("key") != key:
        tm.rebuild([])
        tm.set_meta("key", key)
    known = tm.files()
    folder = project.root / TM_IMPORTS
    files = sorted(project.locales_dir.glob("*/LC_MESSAGES/*.po")) + \
        (sorted(folder.glob("*.tmx")) if folder.is_dir() else [])
    racy = time.time_ns() - 2_000_000_000     # a save this recent may not change the stat
    for path in files:
        rel = project.rel(path)
        try:
            st = path.stat()
            if (st.st_size, st.st_mtime_ns) == known.get(rel, (0, 0, ""))[:2]:
                continue
            data = path.read_bytes()
        except OSError as exc:
            raise WorkflowError(f"cannot read: {exc.strerror}", path=rel) from None
        sha = hashlib.sha256(data).hexdigest()
        state = (st.st_size, st.st_mtime_ns if st.st_mtime_ns < racy else -1, sha)
        if rel in known and known[rel][2] == sha:
            tm.replace_file(rel, state, None)
            continue
        if path.suffix == ".tmx":
            entries = _tmx_entries(project, path)
        elif not may_hold_translations(data):   # a new catalog: nothing to remember, no parse
            entries = []
        else:
            entries = _catalog_entries(read_catalog_bytes(data, rel), path)
        tm.replace_file(rel, state, entries)
    tm.forget_files(set(known) - {project.rel(p) for p in files})
    return tm
