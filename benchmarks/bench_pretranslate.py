"""Pre-translation throughput: ours against Argos Translate and raw CTranslate2, one run.

All three translate the same ~500 English sentences (the sample articles and the segmentation
test sets) with the same package, at the same beam size (Argos's default, 4):

- ours: the pretranslate MT stage (``translate_all``: batched translate_batch one chunk ahead
  in a worker thread, glossary-guided choice among 4 hypotheses, verify-and-repair of protected
  values);
- argos: ``argostranslate.translate.translate()`` once per unit, with Argos's default settings;
- ceiling: one raw CTranslate2 ``translate_batch`` over the pre-tokenized sentences.

No real model can be downloaded here, so the package is built on the spot. By default
(``--size base``) it has the size and shape of the real Argos packages: Transformer base, 6+6
layers, d_model 512, 8 heads, FFN 2048, int8, a 32k vocabulary, SentencePiece trained on the
NTREX news text when ../shared is there. Its weights are hand-set to copy the input, so every
sentence decodes exactly as many steps as it has pieces, as a real translation roughly does, and
all three engines must return the same text. ``--size tiny`` is the test suite's one-layer copy
model: it measures our overhead, not translation. Nothing touches the home folder.

    python benchmarks/bench_pretranslate.py [--size base|tiny] [--sentences N] [--repeat N]

The last line reads ``speedup_vs_argos=<x> fraction_of_ceiling=<y>``.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _isolated import HOME, ROOT  # noqa: E402  (before argostranslate is imported)

# argostranslate splits text with MiniSBD, which downloads a model; spaCy stays local.
os.environ["ARGOS_CHUNK_TYPE"] = "SPACY"

from tests.tiny_argos import build_package  # noqa: E402
from workflow.engines.argos import ArgosEngine, install_archive, installed_packages  # noqa: E402
from workflow.formats.glossary_csv import read_glossary  # noqa: E402
from workflow.pretranslate.drafts import GlossaryGuide, translate_all  # noqa: E402


def sentences(count: int = 500) -> list[str]:
    found: list[str] = []
    data = ROOT / "tests" / "data" / "segment"
    for path in (data / "en.jsonl", data / "holdout" / "en.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            found += [" ".join(s.split()) for s in json.loads(line)["sentences"]]
    gold = json.loads((ROOT / "tests/data/samples/gold.json").read_text(encoding="utf-8"))
    for path, blocks in gold.items():
        if "/ru/" not in path and "/az/" not in path:
            found += [s for b in blocks for s in b["sentences"]]
    unique = list(dict.fromkeys(found))
    return (unique * (count // len(unique) + 1))[:count]


def seed_spacy_cache() -> None:
    """argostranslate splits text with spaCy; give it a blank pipeline so it never downloads."""
    import spacy

    cache = HOME / "xdg_cache_home" / "argos-translate" / "spacy"
    spacy.blank("xx").to_disk(cache)
    (cache / "senter").mkdir(exist_ok=True)
    (cache / "senter" / "model").touch()


def best_of(run, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("--sentences", type=int, default=500)
    parser.add_argument("--size", choices=("base", "tiny"), default="base")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    ntrex = ROOT.parent / "shared" / "testdata" / "ntrex_dev"
    training = [ntrex / f"{lang}.txt" for lang in ("en", "az", "ru")] if ntrex.is_dir() else None
    kind = "copy-base" if args.size == "base" else "copy"
    install_archive(build_package(HOME / "build", kind, "en", "az", training_text_path=training))
    package = next(p for p in installed_packages() if (p.from_code, p.to_code) == ("en", "az"))
    texts = sentences(args.sentences)
    glossary = read_glossary((ROOT / "glossary.csv").read_text(encoding="utf-8"))
    guide = GlossaryGuide(glossary, "en", "az")

    engine = ArgosEngine(package, beam_size=4)
    tokens = engine.tokenize(texts)

    def ours_run() -> list[str]:
        return [d.msgstr for d in translate_all(engine, texts, guide=guide)]

    def ceiling_run() -> None:
        engine.translator.translate_batch(tokens, beam_size=4, max_batch_size=32,
                                          length_penalty=0.2, max_decoding_length=256)

    ours = ours_run()  # warm up: model pages, glossary caches
    ceiling_run()
    # Alternate the two so that load on the machine affects both alike.
    ours_s = ceiling_s = float("inf")
    for _ in range(args.repeat):
        ours_s = min(ours_s, best_of(ours_run, 1))
        ceiling_s = min(ceiling_s, best_of(ceiling_run, 1))

    seed_spacy_cache()
    import argostranslate.translate as argos_translate

    argos_translate.translate(texts[0], "en", "az")  # load and warm up
    start = time.perf_counter()
    argos = [argos_translate.translate(t, "en", "az") for t in texts]
    argos_s = time.perf_counter() - start

    same = sum(a == b for a, b in zip(ours, argos))
    copied = sum(a == b for a, b in zip(ours, texts))
    shape = ("Transformer base 6+6 layers, d512, 8 heads, FFN 2048, int8, 32k vocabulary"
             if args.size == "base" else "one layer, d128, float32")
    pieces = sum(map(len, tokens)) / len(tokens)
    print(f"sentences: {len(texts)} ({pieces:.1f} pieces each), package {package.code} "
          f"(test copy model: {shape}), beam size 4; ours and ceiling: best of {args.repeat} "
          "alternating warm runs, argos: one warm run")
    print(f"{'engine':10} {'seconds':>8} {'sentences/s':>12}")
    for name, seconds in (("ours", ours_s), ("argos", argos_s), ("ceiling", ceiling_s)):
        print(f"{name:10} {seconds:>8.2f} {len(texts) / seconds:>12.1f}")
    print(f"identical outputs ours vs argos: {same}/{len(texts)}; ours equal to the input "
          f"(the copy): {copied}/{len(texts)}")
    print(f"speedup_vs_argos={argos_s / ours_s:.2f} fraction_of_ceiling={ceiling_s / ours_s:.2f}")


if __name__ == "__main__":
    main()
