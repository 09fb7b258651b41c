"""How many protected values (numbers, dates, URLs, e-mails) survive MT, before and after repair.

Real models cannot be downloaded here, so MT damage is simulated the way NMT damages values (the
decimal separator swapped, spaces around dashes or after "://", a space before %, thousands
grouped, a value dropped), each value damaged with probability 0.5, on every sentence of the
segmentation test sets that has a protected value. The real engine on the tiny test packages adds
two end points: the copy model (nothing damaged) and the random model (everything garbage).

    python benchmarks/bench_protect.py

Last line: ``kept_before=<x> kept_after=<y>`` (fractions of protected values intact).
"""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from workflow.protect import kept, protected_values, verify_and_repair  # noqa: E402

DAMAGE = [
    ("decimal separator", lambda v: v.replace(".", ",", 1) if re.search(r"\d\.\d", v) else None),
    ("space before %", lambda v: v.replace("%", " %") if v.endswith("%") and " %" not in v
     else None),
    ("spaced range", lambda v: re.sub(r"(\d)[-–](\d)", r"\1 – \2", v) if re.search(
        r"\d[-–]\d", v) else None),
    ("space after ://", lambda v: v.replace("://", ": //") if "://" in v else None),
    ("grouped thousands", lambda v: re.sub(r"^(\d)(\d{3})$", r"\1 \2", v) if re.fullmatch(
        r"\d{4,}", v) and not re.fullmatch(r"(19|20)\d\d", v) else None),
    ("dropped", lambda v: ""),
]


def sentences() -> list[str]:
    found = []
    for path in sorted((ROOT / "tests/data/segment").rglob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            found += json.loads(line)["sentences"]
    return [s for s in dict.fromkeys(found) if protected_values(s)]


def main() -> None:
    rng = random.Random(7)
    texts = sentences()
    total = before = after = 0
    by_kind: dict[str, list[int]] = {}
    for text in texts:
        values = protected_values(text)
        damaged = text
        for value in values:
            if rng.random() < 0.5:
                options = [(name, fn(value.text)) for name, fn in DAMAGE]
                options = [(n, d) for n, d in options if d is not None and (n != "dropped" or
                                                                              rng.random() < 0.2)]
                if options:
                    name, replacement = rng.choice(options)
                    damaged = damaged.replace(value.text, replacement, 1)
                    by_kind.setdefault(name, [0, 0])[0] += 1
        repaired = verify_and_repair(damaged, values)
        total += len(values)
        before += kept(damaged, values)
        after += kept(repaired.text, values)
    print(f"sentences with protected values: {len(texts)}, values: {total}")
    print(f"damage applied: {', '.join(f'{k} {v[0]}' for k, v in sorted(by_kind.items()))}")
    print(f"intact before repair: {before}/{total} ({before / total:.1%})")
    print(f"intact after repair:  {after}/{total} ({after / total:.1%}) (a dropped value cannot "
          "be put back: it is reported in an mt-note instead)")
    print(f"kept_before={before / total:.3f} kept_after={after / total:.3f}")


if __name__ == "__main__":
    main()
