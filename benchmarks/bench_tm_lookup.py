"""Fuzzy TM lookups: our word-indexed candidate filter against scoring every entry.

The memory is built at run time from the NTREX-128 development split in
../shared/testdata/ntrex_dev/ (professional English-Russian news translations): its 970 sentence
pairs, plus pairs of two sentences joined, up to 2,000 / 20,000 / 130,000 entries. The queries
are 600 of those sources with one word changed (a translator's edit), so the full scan's best
match is known to exist. For each size: milliseconds per query for ours (``TranslationMemory.
fuzzy``) and for rapidfuzz's ``process.extractOne`` over every source of the pair (what the
memory did before, and what most tools do), and how often the two give the same entry and score.

    python benchmarks/bench_tm_lookup.py [--sizes 2000,20000,130000] [--queries 600]

Last line: ``tm_lookup_ms_130k=<x> full_scan_ms_130k=<y> speedup=<r> same_best=<share>``.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

from rapidfuzz import fuzz, process

ROOT = Path(__file__).resolve().parent.parent
NTREX = ROOT.parent / "shared" / "testdata" / "ntrex_dev"
sys.path.insert(0, str(ROOT))

from workflow.pretranslate.memory import TMEntry, TranslationMemory  # noqa: E402

THRESHOLD = 75.0


def pairs() -> list[tuple[str, str]]:
    found = {}
    for line in (NTREX / "documents.jsonl").read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        for en, ru in zip(doc["en"], doc["ru"]):
            if en.strip():
                found.setdefault(en.strip(), ru.strip())
    return list(found.items())


def memory(base: list[tuple[str, str]], size: int, rng: random.Random) -> list[TMEntry]:
    entries = {en: ru for en, ru in base}
    while len(entries) < size:
        (a, x), (b, y) = rng.sample(base, 2)
        entries[f"{a} {b}"] = f"{x} {y}"
    return [TMEntry("en", "ru", en, ru, "bench") for en, ru in entries.items()]


def edited(text: str, rng: random.Random) -> str:
    words = text.split()
    i = rng.randrange(len(words))
    change = rng.choice(("drop", "swap", "add"))
    if change == "drop" and len(words) > 3:
        del words[i]
    elif change == "swap":
        words[i] = rng.choice(("new", "former", "regional", "2024", "its"))
    else:
        words.insert(i, rng.choice(("also", "reportedly", "still", "now")))
    return " ".join(words)


def measure(size: int, base: list[tuple[str, str]], queries: int) -> dict[str, float]:
    rng = random.Random(size)
    entries = memory(base, size, rng)
    tm = TranslationMemory()
    tm.rebuild(entries)
    sources = [e.source for e in entries if len(e.source.split()) > 3]
    asked = [edited(rng.choice(sources), rng) for _ in range(queries)]
    start = time.perf_counter()
    tm.fuzzy("en", "ru", asked[0], threshold=THRESHOLD)       # builds the pair's word index
    build = time.perf_counter() - start
    pair = tm._pair("en", "ru")
    start = time.perf_counter()
    ours = [tm.fuzzy("en", "ru", q, threshold=THRESHOLD) for q in asked]
    ours_s = time.perf_counter() - start
    start = time.perf_counter()
    full = [process.extractOne(q, pair.sources, scorer=fuzz.ratio, score_cutoff=THRESHOLD)
            for q in asked]
    full_s = time.perf_counter() - start
    same = missed = worse = 0
    for mine, theirs in zip(ours, full):
        if theirs is None:
            same += mine is None
            continue
        if mine is None:
            missed += 1
        elif mine.entry.source == theirs[0] and mine.score == theirs[1]:
            same += 1
        elif mine.score < theirs[1]:
            worse += 1
        else:
            same += 1           # another entry with the same score
    tm.close()
    return {"entries": len(entries), "build_s": build, "ours_ms": 1000 * ours_s / queries,
            "full_ms": 1000 * full_s / queries, "same": same / queries,
            "missed": missed, "worse": worse}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="2000,20000,130000")
    parser.add_argument("--queries", type=int, default=600)
    args = parser.parse_args()
    if not NTREX.is_dir():
        raise SystemExit(f"needs {NTREX} (the shared test data beside the repository)")
    base = pairs()
    rows = {}
    print(f"{'entries':>8} {'index s':>8} {'ours ms':>8} {'full ms':>8} {'same':>6} "
          f"{'missed':>6} {'worse':>6}")
    for size in (int(s) for s in args.sizes.split(",")):
        r = rows[size] = measure(size, base, args.queries)
        print(f"{r['entries']:8.0f} {r['build_s']:8.2f} {r['ours_ms']:8.3f} {r['full_ms']:8.3f} "
              f"{r['same']:6.3f} {r['missed']:6.0f} {r['worse']:6.0f}", flush=True)
    largest = rows[max(rows)]
    print(f"tm_lookup_ms_130k={largest['ours_ms']:.3f} full_scan_ms_130k={largest['full_ms']:.3f} "
          f"speedup={largest['full_ms'] / largest['ours_ms']:.1f} same_best={largest['same']:.3f}")


if __name__ == "__main__":
    main()
