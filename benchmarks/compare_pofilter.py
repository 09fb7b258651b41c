"""Our checks against Translate Toolkit's pofilter, on the same catalogs.

The catalogs are the check table of the test suite (tests/test_checks.py: for every check, pairs
in en, ru and az that must pass and pairs that must fail), written as PO files one per language
pair. Both tools run over them; a unit counts as caught by a tool when it reports anything on it.

    python benchmarks/compare_pofilter.py        (needs translate-toolkit: pip install translate-toolkit)

Last line: ``ours_recall=<x> ours_false_alarms=<n> pofilter_recall=<y> pofilter_false_alarms=<m>``.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.test_checks import CASES  # noqa: E402
from workflow.check.runner import CatalogInput, run_checks  # noqa: E402
from workflow.formats.po import parse_po  # noqa: E402
from workflow.formats.po_write import format_po  # noqa: E402
from workflow.model import Catalog, Unit  # noqa: E402


def main() -> None:
    by_pair: dict[tuple[str, str], list[tuple[int, tuple]]] = defaultdict(list)
    for index, case in enumerate(CASES):
        by_pair[(case[1], case[3])].append((index, case))
    ours_caught, theirs_caught = set(), set()
    per_check: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    with tempfile.TemporaryDirectory() as tmp:
        for (src, tgt), cases in sorted(by_pair.items()):
            units = tuple(Unit(msgid=case[2], msgstr=case[4], msgctxt=f"case-{index}",
                               references=(f"case:{index}",)) for index, case in cases)
            catalog = Catalog(header=(("Content-Type", "text/plain; charset=UTF-8"),
                                      ("Language", tgt), ("X-Source-Language", src)),
                              units=units)
            po = Path(tmp) / f"{src}-{tgt}.po"
            po.write_text(format_po(catalog), encoding="utf-8")
            parsed = parse_po(po.read_text(encoding="utf-8"))
            line_to_case = {u.line: int(u.msgctxt.split("-")[1]) for u in parsed.units}
            # The cases are independent: the project-wide consistency checks do not apply.
            report = run_checks([CatalogInput(po.name, parsed, src, tgt)],
                                disabled=["inconsistent-target", "inconsistent-source"])
            ours_caught |= {line_to_case[f.line] for f in report.findings}
            out = Path(tmp) / f"{src}-{tgt}.out.po"
            subprocess.run([str(Path(sys.executable).parent / "pofilter"), f"--language={tgt}",
                            str(po), str(out)],
                           capture_output=True, check=False)
            if out.exists():
                flagged = parse_po(out.read_text(encoding="utf-8"))
                theirs_caught |= {int(u.msgctxt.split("-")[1]) for u in flagged.units
                                  if u.msgctxt}
    bad = {i for i, c in enumerate(CASES) if c[5]}
    good = set(range(len(CASES))) - bad
    for i, case in enumerate(CASES):
        row = per_check[case[0]]
        if case[5]:
            row[0] += i in ours_caught
            row[1] += i in theirs_caught
        else:
            row[2] += i in ours_caught
            row[3] += i in theirs_caught
    print(f"{'check':18} {'bad cases caught (ours/pofilter)':>34} {'good cases flagged':>20}")
    for code, (ob, tb, og, tg) in per_check.items():
        n_bad = sum(1 for c in CASES if c[0] == code and c[5])
        n_good = sum(1 for c in CASES if c[0] == code and not c[5])
        print(f"{code:18} {ob:>14}/{tb:<3} of {n_bad:<12} {og:>8}/{tg:<3} of {n_good}")
    ours_recall = len(bad & ours_caught) / len(bad)
    theirs_recall = len(bad & theirs_caught) / len(bad)
    print(f"ours_recall={ours_recall:.2f} ours_false_alarms={len(good & ours_caught)} "
          f"pofilter_recall={theirs_recall:.2f} pofilter_false_alarms={len(good & theirs_caught)}")


if __name__ == "__main__":
    main()
