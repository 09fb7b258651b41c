"""False alarms of ``l10n check`` on professional translations, and recall on planted defects.

Material:
- the development split of NTREX-128 (../shared/testdata/ntrex_dev/: 61 English news documents with
  professional Russian and Azerbaijani translations, one unit per line; CC BY-SA 4.0). Every pair is
  presumed correct, so every error or warning on it is a false alarm;
- the project's own sample translations (locales/, reviewed by a professional translator);
- tests/data/checks/planted.jsonl: NTREX units with one real defect planted each (a changed or
  dropped number, a dropped name, an untranslated or truncated sentence, ...; see its SOURCE.md).
  A defect is caught when the bad translation gets an error or warning the good one does not.

Peer: Translate Toolkit's ``pofilter`` (default checks) on the same NTREX units written as PO files:
the share of units it flags.

    python benchmarks/bench_false_alarms.py [--no-pofilter]

Last line: ``false_per_100_ru=<x> false_per_100_az=<y> recall=<z>`` (errors + warnings per 100
units on NTREX dev).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

from workflow.check.runner import CatalogInput, Report, run_checks
from workflow.formats.glossary_csv import read_glossary
from workflow.formats.po import parse_po
from workflow.formats.po_write import format_po
from workflow.model import Catalog, Unit

REPO = Path(__file__).resolve().parent.parent
NTREX = REPO.parent / "shared" / "testdata" / "ntrex_dev" / "documents.jsonl"
PLANTED = REPO / "tests" / "data" / "checks" / "planted.jsonl"


def catalog(pairs: list[tuple[str, str]], lang: str) -> Catalog:
    units, seen = [], set()
    for source, target in pairs:
        if source in seen:
            continue
        seen.add(source)
        units.append(Unit(msgid=source, msgstr=target, line=len(units) + 1))
    return Catalog(header=(("Language", lang), ("Content-Type", "text/plain; charset=UTF-8"),
                           ("X-Source-Language", "en")), units=tuple(units))


def glossary():
    return read_glossary((REPO / "glossary.csv").read_text(encoding="utf-8"))


def run(inputs: list[CatalogInput]) -> Report:
    return run_checks(inputs, glossary=glossary())


def ntrex_inputs(lang: str) -> list[CatalogInput]:
    docs = [json.loads(line) for line in NTREX.read_text(encoding="utf-8").splitlines()]
    return [CatalogInput(f"{d['doc_id']}.{lang}.po", catalog(list(zip(d["en"], d[lang])), lang),
                         "en", lang) for d in docs]


def sample_inputs() -> list[CatalogInput]:
    inputs = []
    for path in sorted((REPO / "locales").glob("*/LC_MESSAGES/*.po")):
        parsed = parse_po(path.read_text(encoding="utf-8"))
        inputs.append(CatalogInput(str(path.relative_to(REPO)), parsed,
                                   parsed.header_value("X-Source-Language") or "en",
                                   path.parent.parent.name))
    return inputs


def table(name: str, report: Report, units: int) -> tuple[float, float]:
    serious = [f for f in report.findings if f.severity in ("error", "warning")]
    errors = [f for f in serious if f.severity == "error"]
    flagged = len({(f.path, f.line) for f in serious})
    per_check = Counter((f.check, f.severity) for f in serious)
    print(f"{name}: {units} units, {len(serious) * 100 / units:.2f} errors+warnings per 100 "
          f"({len(errors) * 100 / units:.2f} errors), {flagged * 100 / units:.1f}% of units flagged")
    for (check, severity), count in per_check.most_common():
        print(f"    {check:24} {severity:8} {count * 100 / units:6.2f} per 100")
    return len(serious) * 100 / units, len(errors) * 100 / units


def _serious(source: str, target: str, lang: str) -> set[tuple[str, str]]:
    report = run([CatalogInput("x.po", catalog([(source, target)], lang), "en", lang)])
    return {(f.check, f.message) for f in report.findings if f.severity in ("error", "warning")}


def recall() -> tuple[float, Counter, Counter]:
    cases = [json.loads(line) for line in PLANTED.read_text(encoding="utf-8").splitlines()]
    caught, total, missed = 0, Counter(), Counter()
    for case in cases:
        good = _serious(case["source"], case["good"], case["lang"])
        bad = _serious(case["source"], case["bad"], case["lang"])
        total[case["defect"]] += 1
        if bad - good:
            caught += 1
        else:
            missed[case["defect"]] += 1
    return caught / len(cases), total, missed


def pofilter_share(inputs: list[CatalogInput]) -> float:
    """Share of units pofilter (default checks) flags, on the same catalogs."""
    with tempfile.TemporaryDirectory() as tmp:
        folder, out = Path(tmp) / "in", Path(tmp) / "out"
        folder.mkdir()
        units = 0
        for item in inputs:
            (folder / Path(item.path).name).write_text(format_po(item.catalog), encoding="utf-8")
            units += len(item.catalog.units)
        subprocess.run([sys.executable, "-m", "translate.filters.pofilter", "--progress=none",
                        str(folder), str(out)], check=True, capture_output=True)
        flagged = 0
        for path in out.rglob("*.po"):
            flagged += sum(1 for u in parse_po(path.read_text(encoding="utf-8")).units
                           if u.msgid and not u.obsolete)
    return flagged * 100 / units


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--no-pofilter", action="store_true")
    args = parser.parse_args()
    rates = {}
    for lang in ("ru", "az"):
        inputs = ntrex_inputs(lang)
        units = sum(len(i.catalog.units) for i in inputs)
        rates[lang] = table(f"NTREX dev en->{lang}", run(inputs), units)
        if not args.no_pofilter:
            print(f"    pofilter flags {pofilter_share(inputs):.1f}% of the same units")
    samples = sample_inputs()
    table("sample project", run(samples), sum(len(i.catalog.active) for i in samples))
    if not PLANTED.exists():
        print(f"false_per_100_ru={rates['ru'][0]:.2f} false_per_100_az={rates['az'][0]:.2f} recall=nan")
        return
    share, total, missed = recall()
    print(f"planted defects: recall {share:.3f}")
    for kind, count in sorted(total.items()):
        print(f"    {kind:20} {count - missed[kind]:3}/{count:<3} caught")
    print(f"false_per_100_ru={rates['ru'][0]:.2f} false_per_100_az={rates['az'][0]:.2f} "
          f"recall={share:.3f}")


if __name__ == "__main__":
    main()
