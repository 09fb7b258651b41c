"""Stage: catalogs → findings. Plain functions returning records; no I/O, no printing.

Every finding names the file and line of the unit, the check's stable code, a severity
(``error`` fails ``l10n check``; ``warning`` and ``info`` do not) and a message a translator
understands. Translated units and drafts (fuzzy) are checked alike but reported apart: drafts are
machine or memory output waiting for review, and do not fail the check. Untranslated units are
counted, not checked.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from ..glossary import Glossary, Matcher, Status, TermUse, check_pair
from ..inline import plain
from ..locales import plural_disagreement
from ..model import Catalog, Unit, UnitState
from . import across
from .names import Translation, has_name, name_in_message
from .prose import CHECKS as PROSE_CHECKS
from .prose import Pair, ProseCheck, silenced

SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class CheckInfo:
    code: str
    title: str
    severity: str
    description: str


GLOSSARY_CHECKS = {
    c.code: c for c in (
        CheckInfo("glossary-forbidden", "Forbidden term variant", "error",
                  "The translation uses a form the glossary marks as deprecated or wrong."),
        CheckInfo("glossary-missing", "Glossary term not used", "warning",
                  "The source has a glossary term but the translation has none of its approved "
                  "forms (in any inflection)."),
        CheckInfo("glossary-unsure", "Glossary term may be missing", "info",
                  "The source word is a glossary term but also an everyday word, and no "
                  "approved form was found: check which sense is meant. Or the approved form's "
                  "words are there in another shape (registered for registration, "
                  "контрафактных for контрафакт): check it reads right."),
        CheckInfo("glossary-inconsistent", "Term translated inconsistently", "warning",
                  "The same term is translated with different approved forms across the "
                  "project."),
    )
}
PROJECT_CHECKS = {
    c.code: c for c in (
        CheckInfo("inconsistent-target", "One source, different translations", "warning",
                  "The same source sentence is translated differently in another unit of the "
                  "project."),
        CheckInfo("inconsistent-source", "One translation for different sources", "warning",
                  "The same translation is used for different source sentences (a copy-paste "
                  "slip, or sources that should be harmonised)."),
        CheckInfo("review-stale", "Review out of date", "info",
                  "The unit was marked reviewed, but its source or translation changed since: "
                  "it needs a new review."),
    )
}

CATALOG_CHECKS = {
    c.code: c for c in (
        CheckInfo("plural-forms", "Plural-Forms disagrees with CLDR", "warning",
                  "The catalog's Plural-Forms header chooses a different plural form than "
                  "CLDR's rule for the language for some n, or has the wrong number of forms. "
                  "Spelling is not compared, only meaning; extract never rewrites it."),
        CheckInfo("po-syntax", "PO file cannot be checked", "error",
                  "The catalog is not a valid PO file (what msgfmt would refuse), or does not say "
                  "its language; the line says where. The other catalogs are still checked."),
    )
}


def all_checks() -> dict[str, CheckInfo]:
    """Every check with its code, title, severity and description."""
    prose = {c.code: CheckInfo(c.code, c.title, c.severity, c.description)
             for c in PROSE_CHECKS.values()}
    return {**prose, **PROJECT_CHECKS, **GLOSSARY_CHECKS, **CATALOG_CHECKS}


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    msgid: str
    msgstr: str
    source_lang: str
    lang: str
    state: str          # translated | fuzzy
    check: str
    severity: str
    message: str
    term: str | None = None   # the glossary entry's English text

    def as_json(self) -> dict[str, object]:
        return {"path": self.path, "line": self.line, "msgid": self.msgid, "msgstr": self.msgstr,
                "source_lang": self.source_lang, "lang": self.lang, "state": self.state,
                "check": self.check, "severity": self.severity, "term": self.term,
                "message": self.message}


@dataclass(frozen=True)
class CatalogInput:
    """A catalog to check, with what the check needs to know about it."""

    path: str
    catalog: Catalog
    source_lang: str
    lang: str


@dataclass
class CheckedUnit:
    """A unit with its findings and term matches, for reports that show whole articles."""

    path: str
    unit: Unit
    state: str
    findings: list[Finding] = field(default_factory=list)
    terms: list[TermUse] = field(default_factory=list)


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    units: dict[str, list[CheckedUnit]] = field(default_factory=dict)  # by catalog path
    checked: int = 0
    untranslated: int = 0
    catalogs: list[CatalogInput] = field(default_factory=list)

    def of(self, state: str) -> list[Finding]:
        return [f for f in self.findings if f.state == state]

    @property
    def errors(self) -> int:
        """Errors in translated units: what makes ``l10n check`` fail."""
        return sum(1 for f in self.findings if f.severity == "error" and f.state == "translated")

    @property
    def totals(self) -> Totals:
        totals = Totals()
        totals.add(self.findings, catalogs=len(self.catalogs), checked=self.checked,
                   untranslated=self.untranslated)
        return totals


def _state(unit: Unit) -> str | None:
    """untranslated units are not checked (None); drafts are 'fuzzy'; the rest 'translated'."""
    state = unit.state
    if state is UnitState.UNTRANSLATED:
        return None
    return "fuzzy" if state is UnitState.FUZZY else "translated"


class GlossaryCheck:
    """The glossary checks over a whole project, with matchers compiled once per language."""

    def __init__(self, glossary: Glossary) -> None:
        self.glossary = glossary
        self._matchers: dict[str, Matcher] = {}

    def matcher(self, lang: str) -> Matcher:
        if lang not in self._matchers:
            self._matchers[lang] = Matcher(self.glossary, lang)
        return self._matchers[lang]

    def unit(self, item: CatalogInput, unit: Unit, state: str
             ) -> tuple[list[Finding], list[TermUse]]:
        uses = check_pair(plain(unit.msgid), plain(unit.msgstr), self.matcher(item.source_lang),
                          self.matcher(item.lang))
        findings = []
        for use in uses:
            term = use.term
            expected = " / ".join(term.forms.get(item.lang, ()))
            if use.status is Status.FORBIDDEN:
                code = "glossary-forbidden"
                message = (f"'{use.forbidden_form}' is not the approved {item.lang} term for "
                           f"'{term.name}': use '{term.preferred(item.lang)}' (inflected as "
                           "needed)")
                if use.target_form:
                    message += " throughout"
            elif use.status is Status.MISSING:
                code = "glossary-missing"
                message = (f"'{term.name}' should be translated as '{expected}' (any "
                           "inflection); none of these is in the translation")
            elif use.status is Status.UNSURE:
                code = "glossary-unsure"
                message = (f"if '{term.name}' is meant in its IP sense here, translate it as "
                           f"'{expected}'")
            elif use.status is Status.DERIVED:
                code = "glossary-unsure"
                message = (f"'{term.name}' is here as a derived or split form of '{expected}', "
                           "not the approved wording: check it reads right")
            else:
                continue
            findings.append(_finding(item, unit, state, code, message, term.name))
        return findings, uses


def _finding(item: CatalogInput, unit: Unit, state: str, code: str, message: str,
             term: str | None = None, severity: str | None = None) -> Finding:
    info: CheckInfo | ProseCheck | None = GLOSSARY_CHECKS.get(code) or PROJECT_CHECKS.get(code)
    if info is None and code in PROSE_CHECKS:
        info = PROSE_CHECKS[code]
    return Finding(path=item.path, line=unit.line, msgid=unit.msgid, msgstr=unit.msgstr,
                   source_lang=item.source_lang, lang=item.lang, state=state, check=code,
                   severity=severity or (info.severity if info else "warning"),
                   message=message, term=term)


@dataclass
class CatalogChecked:
    """One catalog's results before the project-wide checks: what a cache may keep."""

    rows: list[CheckedUnit]
    checked: int = 0
    untranslated: int = 0
    plural: Finding | None = None


def run_checks(catalogs: Sequence[CatalogInput], *, glossary: Glossary | None = None,
               disabled: Iterable[str] = (), compiled: GlossaryCheck | None = None) -> Report:
    """Run every enabled check over every translated or draft unit, in one pass.

    ``compiled`` is a GlossaryCheck kept from an earlier run over the same glossary (its term
    matchers are compiled once, not on every call: the review page keeps one)."""
    glossary_check = compiled if compiled is not None else (
        GlossaryCheck(glossary) if glossary is not None else None)
    return combine(catalogs, [check_catalog(item, glossary_check=glossary_check,
                                            disabled=disabled) for item in catalogs],
                   disabled=disabled, glossary=glossary_check is not None)


def check_catalog(item: CatalogInput, *, glossary_check: GlossaryCheck | None,
                  disabled: Iterable[str] = ()) -> CatalogChecked:
    """The checks of one catalog's units (the project-wide ones are ``combine``'s)."""
    disabled = set(disabled)
    result = CatalogChecked([], plural=None if "plural-forms" in disabled
                            else _plural_forms_finding(item))
    rows = result.rows
    for unit in item.catalog.active:
        state = _state(unit)
        if state is None:
            result.untranslated += 1
            rows.append(CheckedUnit(item.path, unit, "untranslated"))
            continue
        result.checked += 1
        row = CheckedUnit(item.path, unit, state)
        quiet = disabled | silenced(unit)
        if "all" in quiet:
            rows.append(row)
            continue
        pair = Pair.of(unit.msgid, unit.msgstr, item.source_lang, item.lang)
        for code, prose in PROSE_CHECKS.items():
            if code not in quiet:
                row.findings += [_prose_finding(item, unit, state, code, message)
                                 for message in prose.run(pair)]
        if unit.review_stale and "review-stale" not in quiet:
            row.findings.append(_finding(item, unit, state, "review-stale",
                                         "marked reviewed, but the text changed since: "
                                         "review it again"))
        if glossary_check is not None:
            findings, uses = glossary_check.unit(item, unit, state)
            row.findings.extend(f for f in findings if f.check not in quiet)
            row.terms = uses
        rows.append(row)
    _names_in_context(item, rows)
    return result


def combine(catalogs: Sequence[CatalogInput], results: Sequence[CatalogChecked], *,
            disabled: Iterable[str] = (), glossary: bool = True) -> Report:
    """The report of a project: each catalog's results (``check_catalog``, or a cache's), and
    the checks across catalogs (one term worded two ways, one source translated two ways)."""
    disabled = set(disabled)
    report = Report(catalogs=list(catalogs))
    said: list[across.Said] = []
    worded: list[across.Worded] = []
    for item, result in zip(catalogs, results):
        s, w = across.index(item.path, item.lang, result.rows)
        said += s
        worded += w
    found = across.findings(*across.group(said, worded), disabled=disabled, glossary=glossary)
    for item, result in zip(catalogs, results):
        report.units[item.path] = result.rows
        report.checked += result.checked
        report.untranslated += result.untranslated
        report.findings += finish(item, result, found)
    report.findings.sort(key=lambda f: (f.path, f.line, SEVERITIES.index(f.severity), f.check))
    return report


def finish(item: CatalogInput, result: CatalogChecked, found: across.Across) -> list[Finding]:
    """One catalog's findings, sorted: its own and those across catalogs (added to its rows)."""
    for i, row in enumerate(result.rows):
        for code, message, term in found.get((item.path, i), ()):
            row.findings.append(_finding(item, row.unit, row.state, code, message, term))
    findings = ([result.plural] if result.plural is not None else []) + \
        [f for row in result.rows for f in row.findings]
    findings.sort(key=lambda f: (f.line, SEVERITIES.index(f.severity), f.check))
    return findings


@dataclass
class Totals:
    """What a report's summary counts."""

    catalogs: int = 0
    checked: int = 0
    untranslated: int = 0
    errors: int = 0             # in translated units: what makes ``l10n check`` fail
    warnings: int = 0
    notes: int = 0
    drafts: int = 0             # findings in drafts

    def add(self, findings: Iterable[Finding], *, catalogs: int = 0, checked: int = 0,
            untranslated: int = 0) -> None:
        self.catalogs += catalogs
        self.checked += checked
        self.untranslated += untranslated
        for f in findings:
            if f.state != "translated":
                self.drafts += 1
            elif f.severity == "error":
                self.errors += 1
            elif f.severity == "warning":
                self.warnings += 1
            else:
                self.notes += 1

    def merge(self, other: Totals) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


def _prose_finding(item: CatalogInput, unit: Unit, state: str, code: str,
                   message: str | tuple[str, str]) -> Finding:
    """A prose check yields a message, or (message, severity) where one check tells a likely
    mistake (error) from a thing to look at (warning) or a note (info)."""
    if isinstance(message, tuple):
        return _finding(item, unit, state, code, message[0], severity=message[1])
    return _finding(item, unit, state, code, message)


def _names_in_context(item: CatalogInput, rows: list[CheckedUnit]) -> None:
    """A name the article's translation has elsewhere may stand as a pronoun or a description
    here (Rosa ... the hurricane; Kavanaugh ... the judge): a note, not a warning. A name found
    nowhere in the article's translation stays a warning."""
    missing = [(row, i, name) for row in rows for i, f in enumerate(row.findings)
               if f.check == "names" and f.severity == "warning"
               and (name := name_in_message(f.message))]
    if not missing:
        return
    article = Translation(" ".join(plain(row.unit.msgstr) for row in rows
                                   if row.state != "untranslated"))
    for row, i, name in missing:
        if has_name(name, article, item.source_lang, item.lang):
            row.findings[i] = replace(row.findings[i], severity="info",
                                      message=row.findings[i].message + "; the article names "
                                      "it elsewhere, so a pronoun or description may stand for it")


def _plural_forms_finding(item: CatalogInput) -> Finding | None:
    """A Plural-Forms that means something else than CLDR's rule (catalogs with plurals, or
    any catalog that declares one)."""
    catalog = item.catalog
    value = catalog.header_value("Plural-Forms")
    if value is None:
        if not any(u.msgid_plural is not None for u in catalog.active):
            return None
        problem: str | None = "the catalog has plural entries but no Plural-Forms header"
    else:
        problem = plural_disagreement(value, item.lang)
    if problem is None:
        return None
    info = CATALOG_CHECKS["plural-forms"]
    return Finding(path=item.path, line=catalog.header_line, msgid="",
                   msgstr=catalog.raw_header or "", source_lang=item.source_lang,
                   lang=item.lang, state="translated", check=info.code,
                   severity=info.severity, message=problem)
