"""GNU gettext 0.21's own msgmerge and msgcat test cases, run through our reader, merge and writer.

The cases are in ../shared/testdata/gettext_suite/ (see its SOURCE.md: each case folder holds the
inputs, the output the test script expects, and what GNU gettext 0.21 produced). A case is in
scope when it is one PO catalog merged with one template, or one catalog written back, with
options we honour; the others are listed in OUT_OF_SCOPE with the reason. KNOWN lists the cases
that still differ, each with its cause: they run as strict expected failures, so fixing one
without removing it here fails the suite.

Writer: every PO/POT input of the suite that we read is written back byte for byte as
``msgcat FILE`` writes it, in its own charset (UTF-8, ISO-8859-2, EUC-KR, ...).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO
from workflow.errors import WorkflowError
from workflow.formats.po import read_po
from workflow.formats.po_write import encode_po
from workflow.merge import merge

SUITE = REPO.parent / "shared" / "testdata" / "gettext_suite" / "v0.21"
pytestmark = pytest.mark.skipif(not SUITE.is_dir(), reason="../shared/testdata/gettext_suite missing")

# Options that change what is merged or written in ways we do not offer, with the reason.
OUT_OF_SCOPE_OPTIONS = {
    "-C": "compendium (a second source of translations)",
    "--compendium": "compendium (a second source of translations)",
    "--multi-domain": "several domains in one file",
    "--sort-output": "sorted output", "--sort-by-file": "sorted output",
    "--for-msgfmt": "msgfmt-only output", "--add-location=file": "locations without lines",
    "--properties-input": "Java .properties", "--stringtable-input": "NeXTstep .strings",
    "--indent": "indented output style", "--more-than=0": "msgcat of several inputs",
    "--use-first": "msgcat of several inputs",
}
# Cases whose inputs use what we deliberately refuse.
OUT_OF_SCOPE = {
    "msgmerge-7/01-msgmerge": "`domain` directives: several domains in one file",
}
# In scope, and still different from GNU: the cause.
KNOWN: dict[str, str] = {}


def _cases() -> list[tuple[str, dict]]:
    if not SUITE.is_dir():
        return []
    index = json.loads((SUITE / "index.json").read_text(encoding="utf-8"))
    found = []
    for script in index["scripts"]:
        for case in script["cases"]:
            info = json.loads((SUITE / case / "case.json").read_text(encoding="utf-8"))
            if info["tool"] in ("msgmerge", "msgcat"):
                found.append((case, info))
    return found


def _scope(case: str, info: dict) -> str | None:
    """Why a case is out of scope, or None."""
    if case in OUT_OF_SCOPE:
        return OUT_OF_SCOPE[case]
    for arg in info["argv"]:
        if arg in OUT_OF_SCOPE_OPTIONS:
            return OUT_OF_SCOPE_OPTIONS[arg]
    if info["tool"] == "msgcat" and len(info["inputs"]) != 1:
        return "msgcat of several inputs"
    return None


CASES = _cases()
IN_SCOPE = [(c, i) for c, i in CASES if _scope(c, i) is None]


def test_the_suite_is_all_accounted_for():
    """Every msgmerge and msgcat case is run or skipped with a reason (the list is in the
    closing note of issue 20 and in docs/po-conformance.md)."""
    skipped = {c: _scope(c, i) for c, i in CASES if _scope(c, i) is not None}
    assert len(CASES) == 79 and len(IN_SCOPE) + len(skipped) == len(CASES)
    assert set(KNOWN) <= {c for c, _ in IN_SCOPE}


def _path(case: str, name: str) -> Path:
    return SUITE / case / name.replace("$srcdir/", "")


def _reference(case: str, info: dict) -> bytes:
    """What GNU gettext writes: the test's expectation, or this machine's gettext 0.21 where
    SOURCE.md says so (error texts naming the program's path; newer line breaking)."""
    folder = SUITE / case
    if not info["gnu_matches_expected"] and (folder / "gnu.out").exists():
        return (folder / "gnu.out").read_bytes()
    return (folder / "expected").read_bytes()


def _ours(case: str, info: dict) -> bytes:
    argv = info["argv"]
    width = next((int(a.split("=", 1)[1]) for a in argv if a.startswith("--width=")), None)
    if info["tool"] == "msgcat":
        with _path(case, info["inputs"][0]).open("rb") as f:
            return encode_po(read_po(f), width=width)
    old_name, pot_name = info["inputs"]
    with _path(case, old_name).open("rb") as f:
        old = read_po(f)
    with _path(case, pot_name).open("rb") as f:
        pot = read_po(f)
    result = merge(old, pot, previous="--previous" in argv, to_utf8=True)
    if "--update" in argv and _same(result, old):
        return _path(case, old_name).read_bytes()   # msgmerge --update leaves the file alone
    return encode_po(result, width=width)


def _same(a, b) -> bool:
    """Equal but for POT-Creation-Date (what msgmerge --update ignores before rewriting)."""
    def strip(catalog):
        return [f for f in catalog.header if f[0].lower() != "pot-creation-date"]
    return a.units == b.units and strip(a) == strip(b)


@pytest.mark.parametrize("case,info", [
    pytest.param(c, i, id=c, marks=[pytest.mark.xfail(reason=KNOWN[c], strict=True)]
                 if c in KNOWN else []) for c, i in IN_SCOPE])
def test_gnu_case(case, info):
    if info["expected_is_error_text"]:
        with pytest.raises(WorkflowError):      # GNU refuses (a duplicate message): so do we
            _ours(case, info)
        return
    assert _ours(case, info).decode("utf-8", "replace") == \
        _reference(case, info).decode("utf-8", "replace")


def _suite_inputs() -> list[Path]:
    """Every PO/POT input of the suite's in-scope and out-of-scope msgmerge/msgcat cases,
    once each (by content)."""
    seen: dict[str, Path] = {}
    for case, info in CASES:
        if any(a in ("--properties-input", "--stringtable-input") for a in info["argv"]):
            continue
        for name in info["inputs"]:
            path = _path(case, name)
            if path.is_file():
                seen.setdefault(hashlib.sha256(path.read_bytes()).hexdigest(), path)
    return sorted(seen.values())


# Inputs the writer cannot match yet, with the cause.
WRITER_KNOWN: dict[str, str] = {}


@pytest.mark.skipif(shutil.which("msgcat") is None, reason="GNU gettext (msgcat) not installed")
@pytest.mark.parametrize("path", [
    pytest.param(p, id=str(p.relative_to(SUITE)),
                 marks=[pytest.mark.xfail(reason=WRITER_KNOWN[str(p.relative_to(SUITE))],
                                          strict=True)]
                 if str(p.relative_to(SUITE)) in WRITER_KNOWN else [])
    for p in _suite_inputs()])
def test_the_writer_is_msgcat(path):
    try:
        with path.open("rb") as f:
            catalog = read_po(f)
    except WorkflowError:
        pytest.skip("not a catalog we read (see the reader's verdicts)")
    gnu = subprocess.run(["msgcat", str(path)], capture_output=True)
    if gnu.returncode != 0:
        pytest.skip(f"msgcat refuses it: {gnu.stderr.decode(errors='replace').strip()[:80]}")
    # in the catalog's own charset (ISO-8859-2, EUC-KR, ...), as msgcat writes it
    assert encode_po(catalog).decode(catalog.charset) == gnu.stdout.decode(catalog.charset)


# What `msgfmt --check` refuses and our reader reads on purpose (README: "PO files as GNU
# gettext treats them"): msgmerge and msgcat read these too, and `l10n check` reports them
# (a missing header entry, no Plural-Forms for plural entries); a project refuses an empty one.
LENIENT_REASONS = ("PO file header missing or invalid", "header entry lacks a")


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext (msgfmt) not installed")
@pytest.mark.parametrize("path", [
    pytest.param(p, id=str(p.relative_to(SUITE.parent.parent)))
    for p in _suite_inputs() + sorted((SUITE.parent.parent / "po_malformed").glob("*.po"))])
def test_the_reader_refuses_what_msgfmt_check_refuses(path):
    if b'\ndomain "' in path.read_bytes():
        pytest.skip("several domains in one file: refused on purpose, out of scope")
    try:
        with path.open("rb") as f:
            read_po(f)
        ours = True
    except WorkflowError:
        ours = False
    gnu = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True)
    if ours and gnu.returncode != 0:
        reasons = gnu.stderr.decode(errors="replace")
        assert any(r in reasons for r in LENIENT_REASONS), reasons
    else:
        assert ours == (gnu.returncode == 0), gnu.stderr.decode(errors="replace")
