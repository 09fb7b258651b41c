"""Sentence alignment on real news translations: ours against NLTK's Gale-Church, same sentences.

Material: the development split of NTREX-128 in ../shared/testdata/ntrex_dev/ (61 English news
documents with professional Russian and Azerbaijani translations, line-aligned; CC BY-SA 4.0).
For each document and language a test pair is built, with a fixed seed:

- the English lines are joined into paragraphs of 2-6 lines (a text file: blank lines between
  paragraphs);
- in the translation, a share of the paragraph boundaries is moved by one line, some lines are
  dropped, and one line in ten is merged with the next (its final stop becomes a semicolon, so
  the two read as one sentence);
- gold: English line i goes with translated line i, unless that line was dropped.

Both documents then go through the real pipeline (ingest and our segmenter), and both aligners get
the same sentences: ours (``workflow.align``) and ``nltk.translate.gale_church.align_blocks`` over
the whole document. The gold line alignment is projected onto these sentences (source sentence s
and target sentence t belong together when a line of s goes with a line of t), and precision,
recall and F1 are over sentence links: a 2-1 bead is two links. A second measure aligns each document with the
translation of *another* document, to see the score collapse that makes ``l10n align`` refuse.

    python benchmarks/bench_align.py

The last line reads ``f1_ru=<x> f1_az=<y> f1_galechurch_ru=<a> f1_galechurch_az=<b>``.
"""

from __future__ import annotations

import json
import random
import time
from pathlib import Path

from nltk.translate.gale_church import align_blocks

from workflow.align.beads import align, looks_aligned
from workflow.ingest import ingest
from workflow.segment import segment

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "testdata" / "ntrex_dev"
DROP, MERGE, MOVE = 0.05, 0.10, 0.3


def paragraphs(rng: random.Random, count: int) -> list[int]:
    """Paragraph sizes (2-6 lines) covering ``count`` lines."""
    sizes, left = [], count
    while left > 0:
        size = min(left, rng.randint(2, 6))
        sizes.append(size)
        left -= size
    return sizes


def build(doc: dict, lang: str, rng: random.Random) -> tuple[str, list[tuple[int, int, int]],
                                                            str, list[tuple[int, int, int]],
                                                            set[tuple[int, int]]]:
    """(source text, its line spans, translation text, its line spans, gold links).

    A span is (line index, start, end) in the text."""
    en, tr = doc["en"], doc[lang]
    sizes = paragraphs(rng, len(en))
    source, spans, position = [], [], 0
    index = 0
    for size in sizes:
        pieces = []
        for i in range(index, index + size):
            start = position + sum(len(p) + 1 for p in pieces)
            pieces.append(en[i])
            spans.append((i, start, start + len(en[i])))
        text = " ".join(pieces)
        source.append(text)
        position += len(text) + 2
        index += size
    # the translation: drops and merges, then paragraph boundaries moved
    units: list[list[int]] = []
    i = 0
    while i < len(tr):
        roll = rng.random()
        if roll < DROP and len(tr) > 3:
            i += 1
            continue
        if roll < DROP + MERGE and i + 1 < len(tr) and tr[i].rstrip().endswith("."):
            units.append([i, i + 1])
            i += 2
            continue
        units.append([i])
        i += 1
    cuts, seen = set(), 0
    for size in sizes[:-1]:
        seen += size
        cut = sum(1 for u in units if u[0] < seen)
        if rng.random() < MOVE:
            cut += rng.choice((-1, 1))
        cuts.add(max(1, min(len(units) - 1, cut)))
    target, tspans, position, current = [], [], 0, []
    for k, unit in enumerate(units):
        texts = [tr[j] for j in unit]
        if len(texts) == 2:
            first, second = texts
            second = second[:1].lower() + second[1:] if second[1:2].islower() else second
            texts = [first.rstrip()[:-1] + ";", second]
        offset = position + sum(len(p) + 1 for p in current)
        for j, text in zip(unit, texts):
            tspans.append((j, offset, offset + len(text)))
            offset += len(text) + 1
        current.append(" ".join(texts))
        if k + 1 in cuts or k + 1 == len(units):
            paragraph = " ".join(current)
            target.append(paragraph)
            position += len(paragraph) + 2
            current = []
    gold = {(j, j) for unit in units for j in unit}
    return "\n\n".join(source), spans, "\n\n".join(target), tspans, gold


def sentences(text: str, lang: str) -> list[tuple[str, int, int]]:
    document = ingest(text, path="x.txt", kind="text", lang=lang).document
    del document  # the text is plain: paragraphs are exactly its blank-line blocks
    return [(s.text, s.start, s.end) for s in segment(text, lang)]


def lines_of(start: int, end: int, spans: list[tuple[int, int, int]]) -> set[int]:
    return {i for i, a, b in spans if a < end and start < b}


def links(pairs: list[tuple[list[int], list[int]]]) -> set[tuple[int, int]]:
    return {(i, j) for source, target in pairs for i in source for j in target}


def gold_sentence_links(src, tgt, sspans, tspans, gold: set[tuple[int, int]]
                        ) -> set[tuple[int, int]]:
    """Sentence pairs that share a gold line link."""
    tlines = [lines_of(b, e, tspans) for _, b, e in tgt]
    out = set()
    for i, (_, a, b) in enumerate(src):
        slines = lines_of(a, b, sspans)
        for j, lines in enumerate(tlines):
            if any((x, y) in gold for x in slines for y in lines):
                out.add((i, j))
    return out


def f1(found: set, gold: set) -> tuple[float, float, float]:
    tp = len(found & gold)
    p = tp / len(found) if found else 0.0
    r = tp / len(gold) if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main() -> None:
    docs = [json.loads(line) for line in (DATA / "documents.jsonl").read_text().splitlines()]
    result = {}
    for lang in ("ru", "az"):
        rng = random.Random(20261129)
        ours_links, gc_links, gold_links = set(), set(), set()
        pairs_done, seconds, mismatch_scores, match_scores = 0, 0.0, [], []
        for number, doc in enumerate(docs):
            source, sspans, target, tspans, gold = build(doc, lang, rng)
            src, tgt = sentences(source, "en"), sentences(target, lang)
            started = time.perf_counter()
            beads = align([s for s, _, _ in src], [t for t, _, _ in tgt], src_lang="en",
                          tgt_lang=lang)
            seconds += time.perf_counter() - started
            pairs_done += len(src)
            match_scores.append(looks_aligned([s for s, _, _ in src], [t for t, _, _ in tgt],
                                              beads, src_lang="en", tgt_lang=lang)[0])
            ours = links([(list(b.source), list(b.target)) for b in beads])
            gc = align_blocks([len(s) for s, _, _ in src], [len(t) for t, _, _ in tgt])
            gcl = set(gc)
            gold = gold_sentence_links(src, tgt, sspans, tspans, gold)
            key = lambda pair, n=number: (n, *pair)  # noqa: E731
            ours_links |= {key(x) for x in ours}
            gc_links |= {key(x) for x in gcl}
            gold_links |= {key(x) for x in gold}
            other = docs[(number + 7) % len(docs)]
            _, _, other_tgt, _, _ = build(other, lang, random.Random(number))
            other_sentences = [t for t, _, _ in sentences(other_tgt, lang)]
            wrong = align([s for s, _, _ in src], other_sentences, src_lang="en", tgt_lang=lang)
            mismatch_scores.append(looks_aligned([s for s, _, _ in src], other_sentences, wrong,
                                                 src_lang="en", tgt_lang=lang)[0])
        p, r, f = f1(ours_links, gold_links)
        gp, gr, gf = f1(gc_links, gold_links)
        result[lang] = (f, gf)
        print(f"en-{lang}: ours P {p:.3f} R {r:.3f} F1 {f:.4f}  |  Gale-Church P {gp:.3f} "
              f"R {gr:.3f} F1 {gf:.4f}  |  {pairs_done / seconds:.0f} source sentences/s")
        print(f"en-{lang}: l10n align refuses {match_scores.count(False)}/{len(match_scores)} "
              f"true pairs and {mismatch_scores.count(False)}/{len(mismatch_scores)} pairs with "
              "another article's translation")
    print(f"f1_ru={result['ru'][0]:.4f} f1_az={result['az'][0]:.4f} "
          f"f1_galechurch_ru={result['ru'][1]:.4f} f1_galechurch_az={result['az'][1]:.4f}")


if __name__ == "__main__":
    main()
