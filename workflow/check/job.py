"""The check stage's project-wide side: which catalogs, which glossary, which checks are off."""

from __future__ import annotations

from ..errors import WorkflowError
from ..project import CONFIG_NAME, Project, catalog_paths, load_glossary
from .runner import CatalogInput, Report, all_checks, run_checks


def check_project(project: Project, paths: list[str] | None = None, *,
                  glossary_path: str | None = None, disabled: tuple[str, ...] = ()) -> Report:
    glossary = load_glossary(project, glossary_path)
    inputs = []
    doc_langs: dict[str, str] | None = None
    for path in catalog_paths(project, paths):
        catalog = project.read_catalog(path)
        rel = project.rel(path)
        lang = catalog.header_value("Language") or path.parent.parent.name
        source_lang = catalog.header_value("X-Source-Language")
        if not source_lang:
            if doc_langs is None:
                doc_langs = {a.doc: a.lang for a in project.articles() if a.lang}
            source_lang = doc_langs.get(path.stem)
        if not source_lang:
            raise WorkflowError("the source language is unknown (no X-Source-Language header)",
                                path=rel, fix="run 'l10n extract' to refresh the header")
        inputs.append(CatalogInput(rel, catalog, source_lang, lang))
    unknown = set(project.config.disabled_checks) - set(all_checks())
    if unknown:
        raise WorkflowError(f"unknown check {sorted(unknown)[0]!r} in [check] disable",
                            path=CONFIG_NAME, fix="run 'l10n check --list' for the codes")
    return run_checks(inputs, glossary=glossary,
                      disabled=tuple(disabled) + project.config.disabled_checks)
