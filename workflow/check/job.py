"""The check stage's project-wide side: which catalogs, which glossary, which checks are off.

It also checks PO files from elsewhere (``l10n check FILE.po`` outside a project, or a catalog
with no ``X-Source-Language``): the source language is then the gettext convention, English
msgids, unless ``source_lang`` says otherwise, and without a glossary only the prose checks
run. A catalog that cannot be read is one ``po-syntax`` finding; the others are still checked.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..cache import CACHE_DIR, WorkCache, config_bytes, enabled
from ..config import CONFIG_NAME
from ..errors import WorkflowError
from ..locales import check_language
from ..model import Catalog
from ..project import Project, catalog_paths, load_glossary, read_catalog_bytes, write_atomic
from .memo_store import ResultMemo
from .runner import (
    CATALOG_CHECKS,
    CatalogChecked,
    CatalogInput,
    Finding,
    GlossaryCheck,
    Report,
    all_checks,
    check_catalog,
    combine,
)

GETTEXT_SOURCE_LANG = "en"


def check_project(project: Project | None, paths: list[str] | None = None, *,
                  glossary_path: str | None = None, disabled: tuple[str, ...] = (),
                  source_lang: str | None = None) -> Report:
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
    inputs: list[CatalogInput] = []
    results: list[CatalogChecked] = []
    broken: list[Finding] = []
    doc_langs: dict[str, str] | None = None
    off = tuple(disabled) + (project.config.disabled_checks if project is not None else ())
    glossary_check = GlossaryCheck(glossary) if glossary is not None else None
    memo = ResultMemo.open(project, glossary_path, off, source_lang)
    for path in catalog_paths(project, paths):
        rel = project.rel(path) if project is not None else str(path)
        lang = _language(path)
        if project is not None and doc_langs is None:
            try:
                doc_langs = {a.doc: a.lang for a in project.articles() if a.lang}
            except WorkflowError:
                doc_langs = {}
        fallback = (doc_langs or {}).get(path.stem) or source_lang or GETTEXT_SOURCE_LANG
        try:
            data = path.read_bytes()
        except OSError as exc:
            broken.append(_unreadable(rel, lang or "", WorkflowError(
                f"cannot read: {exc.strerror}", fix="check the file's permissions")))
            continue
        key = memo.key(rel, data, fallback, lang) if memo is not None else ""
        remembered = memo.get(rel, key, glossary) if memo is not None else None
        if remembered is not None:
            src, tgt, result = remembered
            inputs.append(CatalogInput(rel, Catalog(), src, tgt))
            results.append(result)
            continue
        try:
            catalog = read_catalog_bytes(data, rel)
        except WorkflowError as exc:
            broken.append(_unreadable(rel, lang or "", exc))
            continue
        lang = catalog.header_value("Language") or lang
        if not lang:
            broken.append(_unreadable(rel, "", WorkflowError(
                "the target language is unknown (no Language header)", line=catalog.header_line,
                fix='add "Language: ru\\n" (the code) to the header')))
            continue
        src = catalog.header_value("X-Source-Language") or fallback
        item = CatalogInput(rel, catalog, src, lang)
        result = check_catalog(item, glossary_check=glossary_check, disabled=off)
        if memo is not None:
            memo.put(rel, key, src, lang, result)
        inputs.append(item)
        results.append(result)
    if memo is not None:
        memo.close(prune=not paths)
    report = combine(inputs, results, disabled=off, glossary=glossary_check is not None)
    if broken:
        report.findings = sorted(broken + report.findings, key=lambda f: (f.path, f.line))
    return report


def checked(project: Project | None, paths: list[str] | None = None, *, kind: str,
            render: Callable[[Report], bytes], glossary_path: str | None = None,
            disabled: tuple[str, ...] = (), source_lang: str | None = None) -> tuple[bytes, int]:
    """``render(check_project(...))`` and the number of errors, remembered in the project's
    cache: when no catalog, source, the glossary, the configuration or this code changed since
    the last run with the same arguments, the remembered bytes are the answer (a no-op check
    of a large project reads no catalog). Outside a project, or with L10N_NO_CACHE=1, it is
    computed every time."""
    def compute() -> tuple[bytes, int]:
        report = check_project(project, paths, glossary_path=glossary_path, disabled=disabled,
                               source_lang=source_lang)
        return render(report), report.errors

    if project is None or not enabled() or glossary_path is not None:
        return compute()
    arguments = repr((kind, sorted(paths or ()), sorted(disabled), source_lang)).encode()
    cache = WorkCache(project, f"check-{kind}", [*config_bytes(project), arguments])
    inputs = catalog_paths(project, paths)
    glossary = project.root / project.config.glossary
    try:
        sources = [a.path for a in project.articles()]
    except WorkflowError:
        sources = []
    files = inputs + sources + ([glossary] if glossary.exists() else [])
    names = sorted(project.rel(p) for p in files)
    output = project.root / CACHE_DIR / f"check-{kind}.out"
    entry = cache.unchanged("result")
    if entry is not None and entry.get("inputs") == names:
        try:
            return output.read_bytes(), int(entry.get("errors", 0))
        except OSError:
            pass
    before = {path: path.read_bytes() for path in files}
    data, errors = compute()
    try:
        write_atomic(output, data)
    except WorkflowError:
        return data, errors
    cache.record("result", [*files, output], expected={**before, output: data}, inputs=names,
                 errors=errors)
    cache.save()
    return data, errors


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
