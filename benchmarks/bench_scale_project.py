"""Newsroom scale: every command on generated projects of 100 / 1,000 / 10,000 articles.

The projects are built at run time (never committed) from the NTREX-128 development split in
../shared/testdata/ntrex_dev/ (English news with professional Russian and Azerbaijani
translations, line-aligned): each article takes 15-40 of its sentences, 10% of them from a
shared boilerplate set; every second catalog is filled with the professional translations.
Each command runs cold, with nothing changed since its last run (no-op) and after a small edit
(5% of the sentences of 5% of the articles, then of one article), in a subprocess, with its wall
time and peak RSS. After a one-article edit the figures are medians of three edits, with the
highest peak; "export right after extract" skips ``check``, so its gate checks the edit.
update_vs_msgmerge compares ``extract`` after that edit (what a user runs) with msgmerge re-run
over every catalog. Peers on the same
catalogs in the same run: GNU msgmerge (a shell loop over the catalog/template pairs, as a
Makefile would run it) against our catalog update, and Translate Toolkit's pofilter against
``l10n check``.

    python benchmarks/bench_scale_project.py [--sizes 100,1000,10000] [--keep DIR]

The last line reads ``noop_extract_10k_s=<x> run_1k_s=<y> peak_rss_10k_mb=<z>
update_vs_msgmerge=<r>`` (nan for a size that was not measured).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NTREX = ROOT.parent / "shared" / "testdata" / "ntrex_dev"
sys.path.insert(0, str(ROOT))

from workflow.formats.po import parse_po  # noqa: E402
from workflow.formats.po_write import format_po  # noqa: E402

LANGS = ("ru", "az")


def corpus() -> tuple[list[str], dict[str, dict[str, str]]]:
    """English sentences, and their professional translations by language."""
    sentences, translations = [], {lang: {} for lang in LANGS}
    for line in (NTREX / "documents.jsonl").read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        for i, en in enumerate(doc["en"]):
            if en.strip() and en not in translations["ru"]:
                sentences.append(en)
                for lang in LANGS:
                    translations[lang][en] = doc[lang][i]
    return sentences, translations


def build(root: Path, articles: int, seed: int = 0) -> None:
    rng = random.Random(seed)
    sentences, _ = corpus()
    boilerplate = sentences[:12]
    body = sentences[12:]
    (root / "source" / "en").mkdir(parents=True)
    (root / "l10n.toml").write_text('[project]\nname = "newsroom"\nlanguages = ["en", "ru", "az"]'
                                    '\n\n[check]\nreport = "reports/check.html"\n',
                                    encoding="utf-8")
    shutil.copy(ROOT / "glossary.csv", root / "glossary.csv")
    for n in range(articles):
        count = rng.randint(15, 40)
        chosen = [rng.choice(boilerplate) if rng.random() < 0.1 else rng.choice(body)
                  for _ in range(count)]
        chosen = list(dict.fromkeys(chosen))
        paragraphs, i = [], 1
        while i < len(chosen):
            step = rng.randint(2, 5)
            paragraphs.append(" ".join(chosen[i:i + step]))
            i += step
        text = chosen[0].rstrip(".") + "\n\n" + "\n\n".join(paragraphs) + "\n"
        (root / "source" / "en" / f"article-{n:05d}.txt").write_text(text, encoding="utf-8")


def translate_half(root: Path) -> None:
    _, translations = corpus()
    for lang in LANGS:
        for k, path in enumerate(sorted((root / "locales" / lang / "LC_MESSAGES").glob("*.po"))):
            if k % 2:
                continue
            catalog = parse_po(path.read_text(encoding="utf-8"))
            units = tuple(u.__class__(**{**u.__dict__, "msgstr": translations[lang].get(
                u.msgid, "")}) if u.msgid and not u.msgstr else u for u in catalog.units)
            path.write_text(format_po(catalog.__class__(**{**catalog.__dict__, "units": units})),
                            encoding="utf-8")


def edit(root: Path, seed: int = 1, *, articles: int | None = None) -> None:
    """Change one word in 5% of the sentences of 5% of the articles (or of ``articles``)."""
    rng = random.Random(seed)
    files = sorted((root / "source" / "en").glob("*.txt"))
    for path in rng.sample(files, articles or max(1, len(files) // 20)):
        paragraphs = path.read_text(encoding="utf-8").split("\n\n")
        chosen = rng.sample(range(1, len(paragraphs)), max(1, (len(paragraphs) - 1) // 20))
        for i in chosen:
            paragraphs[i] = paragraphs[i].replace(" the ", " this ", 1)
        if "\n\n".join(paragraphs) == path.read_text(encoding="utf-8"):
            paragraphs[chosen[0]] += " Updated."        # no "the": an edit all the same
        path.write_text("\n\n".join(paragraphs), encoding="utf-8")


def l10n(root: Path, *args: str) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one command in a fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-f", "%M", sys.executable, "-m", "workflow", *args],
                          cwd=root, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"l10n {' '.join(args)} failed: {done.stderr[-800:]}")
    try:
        peak = int(done.stderr.strip().splitlines()[-1]) / 1024
    except (ValueError, IndexError):
        peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    return seconds, peak


def msgmerge_loop(root: Path) -> float:
    pairs = [(po, root / "locales" / "templates" / f"{po.stem}.pot")
             for po in sorted((root / "locales").glob("*/LC_MESSAGES/*.po"))]
    pairs = [(po, pot) for po, pot in pairs if pot.exists()]
    out = Path(tempfile.mkdtemp())
    start = time.perf_counter()
    for k, (po, pot) in enumerate(pairs):
        subprocess.run(["msgmerge", "--quiet", "--previous", "-o", str(out / f"{k}.po"),
                        str(po), str(pot)], check=False, capture_output=True)
    seconds = time.perf_counter() - start
    shutil.rmtree(out)
    return seconds


def pofilter(root: Path) -> float:
    tool = shutil.which("pofilter") or str(Path(sys.executable).parent / "pofilter")
    if not Path(tool).exists():
        return float("nan")
    out = Path(tempfile.mkdtemp())
    start = time.perf_counter()
    subprocess.run([tool, "--progress=none", str(root / "locales"), str(out / "x")],
                   capture_output=True, check=False)
    seconds = time.perf_counter() - start
    shutil.rmtree(out)
    return seconds


def measure(size: int, keep: Path | None) -> dict[str, tuple[float, float]]:
    base = Path(tempfile.mkdtemp(prefix=f"l10n-scale-{size}-")) if keep is None else keep / str(size)
    root = base / "project"
    build(root, size)
    rows: dict[str, tuple[float, float]] = {}
    rows["extract cold"] = l10n(root, "extract")
    translate_half(root)                    # translators at work: half the catalogs change
    rows["extract (catalogs edited)"] = l10n(root, "extract")
    rows["extract no-op"] = l10n(root, "extract")
    rows["check"] = l10n(root, "check", "--format", "json")
    rows["check no-op"] = l10n(root, "check", "--format", "json")
    rows["stats"] = l10n(root, "stats")
    rows["export"] = l10n(root, "export")
    rows["export no-op"] = l10n(root, "export")
    rows["pretranslate --no-mt"] = l10n(root, "pretranslate", "--no-mt")
    edit(root)
    rows["extract after edit"] = l10n(root, "extract")
    rows["check after edit"] = l10n(root, "check", "--format", "json")
    rows["export after edit"] = l10n(root, "export")
    # the target: one article edited; medians of three edits (the method)
    runs: dict[str, list[tuple[float, float]]] = {}
    for seed in (2, 3, 4):
        edit(root, seed=seed, articles=1)
        for name, args in (("extract", ["extract"]), ("check", ["check", "--format", "json"]),
                           ("export", ["export"])):
            runs.setdefault(f"{name} after 1-article edit", []).append(l10n(root, *args))
    for seed in (5, 6, 7):          # export straight after extract: its gate checks the edit
        edit(root, seed=seed, articles=1)
        l10n(root, "extract")
        runs.setdefault("export right after extract", []).append(l10n(root, "export"))
    for name, measured in runs.items():
        rows[name] = (statistics.median(t for t, _ in measured), max(p for _, p in measured))
    rows["msgmerge loop (peer)"] = (msgmerge_loop(root), float("nan"))
    rows["pofilter (peer)"] = (pofilter(root), float("nan"))
    fresh = base / "fresh"
    build(fresh, size)
    rows["run cold (no MT)"] = l10n(fresh, "run")
    if keep is None:
        shutil.rmtree(base, ignore_errors=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--keep", type=Path, default=None, help="keep the generated projects here")
    args = parser.parse_args()
    if not NTREX.is_dir():
        raise SystemExit(f"needs {NTREX} (the shared test data beside the repository)")
    os.environ.setdefault("L10N_ALLOW_TEST_MODELS", "0")
    results = {}
    for size in (int(s) for s in args.sizes.split(",")):
        results[size] = measure(size, args.keep)
        print(f"\n{size} articles ({2 * size} catalogs)")
        print(f"{'command':28} {'seconds':>8} {'peak MB':>8}")
        for name, (seconds, peak) in results[size].items():
            print(f"{name:28} {seconds:8.2f} {peak:8.0f}")
        sys.stdout.flush()

    def get(size: int, name: str, field: int) -> float:
        return results[size][name][field] if size in results else float("nan")

    peak_10k = max((p for _, p in results.get(10000, {}).values() if p == p), default=float("nan"))
    largest = max(results)
    update = get(largest, "extract after edit", 0) / get(largest, "msgmerge loop (peer)", 0)
    print(f"noop_extract_10k_s={get(10000, 'extract no-op', 0):.2f} "
          f"run_1k_s={get(1000, 'run cold (no MT)', 0):.2f} peak_rss_10k_mb={peak_10k:.0f} "
          f"update_vs_msgmerge={update:.2f}")


if __name__ == "__main__":
    main()
