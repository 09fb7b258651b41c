"""Scaling pre-translation: one thread, the single-process default, and a Dask cluster.

The same 5,000 units (sentences of the test sets, each made distinct) go through
``translate_all`` three ways, on the same tiny real Argos package (the test suite's copy model;
no real model can be downloaded here):

- one thread: one CTranslate2 replica, one thread;
- default: one replica per usable core, one thread each, batches submitted asynchronously;
- cluster: a local Dask cluster of one single-threaded worker process per core, reached over
  tcp:// like a real one (the client keeps the glossary choice and repairs).

Outputs must be identical. The last line reads ``default_vs_one_thread=<x> cluster_vs_default=<y>``.
On one two-core machine a cluster cannot beat the default (same cores, plus messaging); it is
there to show the overhead of the distributed path, which buys machines, not cores.

    python benchmarks/bench_scale.py [--units 5000]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _isolated import HOME, ROOT  # noqa: E402  (before argostranslate is imported)

from tests.tiny_argos import build_package  # noqa: E402
from workflow.engines.argos import ArgosEngine, install_archive, installed_packages, usable_cores  # noqa: E402
from workflow.formats.glossary_csv import read_glossary  # noqa: E402
from workflow.pretranslate.drafts import GlossaryGuide, translate_all  # noqa: E402


def units(count: int) -> list[str]:
    found = []
    for path in sorted((ROOT / "tests/data/segment").rglob("en.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            found += [" ".join(s.split()) for s in json.loads(line)["sentences"]]
    found = list(dict.fromkeys(found))
    return [f"{found[i % len(found)]} ({i})" for i in range(count)]


def timed(engine, texts, guide) -> tuple[float, list[str]]:
    start = time.perf_counter()
    drafts = translate_all(engine, texts, guide=guide)
    return time.perf_counter() - start, [d.msgstr for d in drafts]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=5000)
    args = parser.parse_args()
    install_archive(build_package(HOME / "build", "copy", "en", "az"))
    package = next(p for p in installed_packages() if (p.from_code, p.to_code) == ("en", "az"))
    texts = units(args.units)
    guide = GlossaryGuide(read_glossary((ROOT / "glossary.csv").read_text(encoding="utf-8")),
                          "en", "az")
    cores = usable_cores()

    one = ArgosEngine(package, inter_threads=1, intra_threads=1)
    translate_all(one, texts[:64], guide=guide)
    one_s, one_out = timed(one, texts, guide)
    del one
    default = ArgosEngine(package)
    translate_all(default, texts[:64], guide=guide)
    default_s, default_out = timed(default, texts, guide)
    del default

    import distributed

    from workflow.engines.dask_engine import DaskEngine, connect, no_malloc_trim

    no_malloc_trim()
    with distributed.LocalCluster(n_workers=cores, threads_per_worker=1, processes=True,
                                  dashboard_address=None, silence_logs=40) as cluster:
        client = connect(cluster.scheduler_address, pairs=[("en", "az")])
        engine = DaskEngine(client, "en", "az")
        translate_all(engine, texts[:64], guide=guide)
        cluster_s, cluster_out = timed(engine, texts, guide)
        client.close()

    assert one_out == default_out == cluster_out, "the three runs disagree"
    print(f"units: {len(texts)}, package {package.code} (test copy model), {cores} cores")
    print(f"{'run':14} {'seconds':>8} {'units/s':>9}")
    for name, seconds in (("one thread", one_s), ("default", default_s), ("local cluster",
                                                                          cluster_s)):
        print(f"{name:14} {seconds:>8.2f} {len(texts) / seconds:>9.1f}")
    print("outputs identical: yes")
    print(f"default_vs_one_thread={one_s / default_s:.2f} cluster_vs_default="
          f"{default_s / cluster_s:.2f}")


if __name__ == "__main__":
    main()
