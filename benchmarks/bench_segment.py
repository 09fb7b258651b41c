"""Segmentation accuracy and speed: ours against pySBD and sentencex, on the same inputs, one run.

Inputs: the development sets (tests/data/segment/<lang>.jsonl, which our rules were tuned on)
and the held-out sets (tests/data/segment/holdout/<lang>.jsonl, written separately and never used
for tuning), plus the peers' own suites: pySBD's golden rules (en, ru) and razdel's unit cases
(ru), in tests/data/segment/peers/. A case counts as right when every sentence matches the gold exactly (after
stripping surrounding whitespace, which pySBD and sentencex keep). pySBD has no Azerbaijani
rules: it runs with its English rules there, the closest it has for Latin-script text.

    python benchmarks/bench_segment.py [--repeat N]

The last line reads ``accuracy_vs_pysbd=<x> speedup_vs_pysbd=<y>``: the worst language's ratio
of our accuracy to pySBD's, and of pySBD's time to ours, on dev + held-out together.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import pysbd
import sentencex

from workflow.segment import segment

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "segment"
LANGS = ("en", "ru", "az")
PYSBD_LANG = {"en": "en", "ru": "ru", "az": "en"}


# The peers' own published suites (tests/data/segment/peers/SOURCE.md): reported as their own
# rows, and kept out of "all" (the figure the last line compares), since part of pySBD's golden
# rules is also in our dev set.
PEERS = {"en": {"pysbd-gold": "pysbd_golden_en"},
         "ru": {"pysbd-gold": "pysbd_golden_ru", "razdel": "razdel_sents"}}


def load_peers(lang: str) -> dict[str, list[dict]]:
    return {name: [json.loads(line) for line in (DATA / "peers" / f"{stem}.jsonl")
                   .read_text(encoding="utf-8").splitlines() if line.strip()]
            for name, stem in PEERS.get(lang, {}).items()}


def load(lang: str) -> dict[str, list[dict]]:
    sets = {}
    for name, path in (("dev", DATA / f"{lang}.jsonl"), ("holdout", DATA / "holdout" / f"{lang}.jsonl")):
        if path.exists():
            sets[name] = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
                          if line.strip()]
    return sets


def engines(lang: str):
    seg = pysbd.Segmenter(language=PYSBD_LANG[lang], clean=False)
    return {
        "ours": lambda text: [s.text for s in segment(text, lang)],
        "pysbd": lambda text: seg.segment(text),
        "sentencex": lambda text: list(sentencex.segment(lang, text)),
    }


def clean(pieces: list[str]) -> list[str]:
    return [p.strip() for p in pieces if p.strip()]


def timed(split, texts: list[str], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for text in texts:
            split(text)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5, help="timing runs; the best is kept")
    args = parser.parse_args()

    worst_accuracy = worst_speed = float("inf")
    print(f"{'lang':4} {'set':8} {'engine':10} {'right':>9} {'accuracy':>8} {'time ms':>9} "
          f"{'paras/s':>9}")
    for lang in LANGS:
        sets = load(lang)
        sets["all"] = [case for cases in sets.values() for case in cases]
        sets.update(load_peers(lang))
        split_by = engines(lang)
        totals = {}
        for set_name, cases in sets.items():
            texts = [c["text"] for c in cases]
            for name, split in split_by.items():
                right = sum(clean(split(c["text"])) == clean(c["sentences"]) for c in cases)
                seconds = timed(split, texts, args.repeat)
                accuracy = right / len(cases)
                print(f"{lang:4} {set_name:8} {name:10} {right:>4}/{len(cases):<4} "
                      f"{accuracy:>8.1%} {seconds * 1000:>9.2f} {len(texts) / seconds:>9.0f}")
                if set_name == "all":
                    totals[name] = (accuracy, seconds)
        accuracy_ratio = totals["ours"][0] / totals["pysbd"][0]
        speedup = totals["pysbd"][1] / totals["ours"][1]
        print(f"{lang:4} ours vs pysbd: accuracy x{accuracy_ratio:.2f}, speed x{speedup:.1f}; "
              f"vs sentencex: accuracy x{totals['ours'][0] / totals['sentencex'][0]:.2f}, "
              f"speed x{totals['sentencex'][1] / totals['ours'][1]:.1f}")
        worst_accuracy = min(worst_accuracy, accuracy_ratio)
        worst_speed = min(worst_speed, speedup)
    print(f"accuracy_vs_pysbd={worst_accuracy:.2f} speedup_vs_pysbd={worst_speed:.1f}")


if __name__ == "__main__":
    main()
