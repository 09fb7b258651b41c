"""``glossary.csv``: read it, and say everything that is wrong with it, row by row.

Format (documented in the README): a header row naming at least ``en,az,ru``; one concept per
row; a cell may list alternatives separated by ``|``, preferred first. Optional columns: ``id``,
``pos``, ``case_sensitive``, ``dnt`` (yes/no), ``<lang>_forbidden``, ``unverified`` (language codes),
``note``, ``ref``.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from ..errors import WorkflowError
from ..glossary import LANGS, Glossary, Term, fold

REQUIRED = ("en", "az", "ru")
KNOWN = set(REQUIRED) | {"id", "pos", "case_sensitive", "dnt", "unverified", "ambiguous",
                         "exclude", "note", "ref"} | {
    f"{lang}_forbidden" for lang in LANGS}
_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0", ""}


@dataclass(frozen=True)
class Problem:
    line: int
    severity: str  # error | warning
    message: str


def _split(cell: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in (cell or "").split("|") if part.strip())


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def parse_glossary(text: str) -> tuple[Glossary, list[Problem]]:
    """Parse a glossary CSV. Returns what could be read and every problem found, by line."""
    problems: list[Problem] = []
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\x00" in text:
        raise WorkflowError("binary data, not CSV text", line=text[:text.index("\x00")].count(
            "\n") + 1, fix="save the glossary as UTF-8 CSV")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise WorkflowError("the glossary is empty", line=1,
                            fix="the first row names the columns: id,en,az,ru,...") from None
    except csv.Error as exc:
        raise WorkflowError(f"bad CSV: {exc}", line=1) from None
    columns = [h.strip().lower() for h in header]
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise WorkflowError(f"the header has no column {', '.join(missing)}", line=1,
                            fix="the first row must name at least the columns en,az,ru")
    for name in columns:
        if name not in KNOWN:
            problems.append(Problem(1, "warning", f"unknown column {name!r} is ignored"))
    duplicates = {c for c in columns if columns.count(c) > 1}
    if duplicates:
        raise WorkflowError(f"column {sorted(duplicates)[0]!r} appears twice", line=1,
                            fix="name every column once")

    terms: list[Term] = []
    ids: dict[str, int] = {}
    forms_seen: dict[tuple[str, str], tuple[str, int]] = {}
    while True:
        line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise WorkflowError(f"bad CSV: {exc}", line=line,
                                fix="close the quote, or double a quote inside a cell") from None
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(columns):
            problems.append(Problem(line, "error", f"{len(row)} cells where the header has "
                                    f"{len(columns)} (a comma inside a cell needs quotes)"))
            continue
        cells = dict(zip(columns, (c.strip() for c in row)))
        forms = {lang: _split(cells.get(lang)) for lang in LANGS}
        for lang in REQUIRED:
            if not forms[lang]:
                problems.append(Problem(line, "error", f"empty {lang} cell"))
        term_id = cells.get("id") or _slug(forms["en"][0] if forms["en"] else f"row-{line}")
        if term_id in ids:
            problems.append(Problem(line, "error", f"duplicate id {term_id!r} (first on line "
                                    f"{ids[term_id]})"))
        ids.setdefault(term_id, line)
        flags = {}
        for name in ("case_sensitive", "dnt"):
            value = cells.get(name, "").lower()
            if value not in _YES | _NO:
                problems.append(Problem(line, "error", f"{name} must be yes or no, not "
                                        f"{cells.get(name)!r}"))
            flags[name] = value in _YES
        unverified = frozenset(_split(cells.get("unverified")))
        ambiguous = frozenset(_split(cells.get("ambiguous")))
        for name, codes in (("unverified", unverified), ("ambiguous", ambiguous)):
            for code in sorted(codes - set(LANGS)):
                problems.append(Problem(line, "error", f"unknown language {code!r} in {name}"))
        forbidden = {lang: _split(cells.get(f"{lang}_forbidden")) for lang in LANGS}
        for lang in LANGS:
            allowed_folded = {fold(f, lang) for f in forms[lang]}
            for bad in forbidden[lang]:
                if fold(bad, lang) in allowed_folded:
                    problems.append(Problem(line, "error", f"{lang} form {bad!r} is both allowed "
                                            "and forbidden"))
            for form in forms[lang]:
                key = (lang, form if flags["case_sensitive"] else fold(form, lang))
                if key in forms_seen and forms_seen[key][0] != term_id:
                    other, other_line = forms_seen[key]
                    problems.append(Problem(line, "warning", f"{lang} form {form!r} also belongs "
                                            f"to {other!r} (line {other_line}): matches of it "
                                            "are ambiguous"))
                forms_seen.setdefault(key, (term_id, line))
        if flags["dnt"]:
            shared = set(forms["en"]) & set(forms["az"]) & set(forms["ru"])
            if not shared:
                problems.append(Problem(line, "error", "do-not-translate term with no form "
                                        "shared by en, az and ru"))
        terms.append(Term(id=term_id, forms={k: v for k, v in forms.items() if v},
                          forbidden={k: v for k, v in forbidden.items() if v},
                          pos=cells.get("pos", ""), case_sensitive=flags["case_sensitive"],
                          dnt=flags["dnt"], unverified=unverified, ambiguous=ambiguous,
                          exclude=_split(cells.get("exclude")), note=cells.get("note", ""),
                          ref=cells.get("ref", ""), line=line))
    return Glossary(tuple(terms)), problems


def read_glossary(text: str) -> Glossary:
    """Parse a glossary for use: the first error stops it, with its line."""
    glossary, problems = parse_glossary(text)
    for problem in problems:
        if problem.severity == "error":
            raise WorkflowError(problem.message, line=problem.line,
                                fix="run 'l10n glossary validate' for every problem")
    return glossary


COLUMNS = ("id", "en", "az", "ru", "pos", "case_sensitive", "dnt", "en_forbidden", "az_forbidden",
           "ru_forbidden", "unverified", "note", "ref", "ambiguous", "exclude")


def format_glossary(glossary: Glossary) -> str:
    """The glossary as CSV in our column order (RFC 4180, CRLF line ends)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for t in glossary.terms:
        writer.writerow([
            t.id, *("|".join(t.forms.get(lang, ())) for lang in ("en", "az", "ru")), t.pos,
            "yes" if t.case_sensitive else "no", "yes" if t.dnt else "",
            *("|".join(t.forbidden.get(lang, ())) for lang in ("en", "az", "ru")),
            "|".join(sorted(t.unverified)), t.note, t.ref, "|".join(sorted(t.ambiguous)),
            "|".join(t.exclude)])
    return out.getvalue()
