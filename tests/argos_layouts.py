"""Tiny, real Argos packages in every layout users install (built at test time, nothing downloaded).

    build_layout(out_dir, layout, from_code, to_code) -> Path to an .argosmodel archive

Every layout but "ct2-v2" is a copy model (tests/tiny_argos.py), so both argostranslate and our
engine must return the source sentence, seen through the layout's tokenizer:

  current           identity SentencePiece with byte fallback, vocabulary = pieces, float32
  argos-train       spm_train defaults (nmt_nfkc, no byte fallback), an onmt_build_vocab-style
                    vocabulary (pieces seen twice in the corpus: <unk> happens), int8, stanza/,
                    the 6-field metadata.json of argos-train
  ct2-v2            argos-train's files as CTranslate2 2.x wrote them: model.bin format 5,
                    shared_vocabulary.txt, no config.json. Without config.json CTranslate2 does
                    not append </s> to the source, so a copy model cannot stop: this one has
                    random weights, and both engines must agree on its (meaningless) output
  byte-fallback-gaps  byte-fallback SentencePiece, but the model vocabulary lacks some pieces
  opus-joint / opus-separate
                    an Opus-MT port: sentencepiece.model is the source model only; the model
                    copies each piece as its Cyrillic transliteration, a target piece the
                    SentencePiece model does not know (shared, or separate, vocabularies)
  bpe               bpe.model (subword-nmt codes, Moses tokenisation, @@ joiners)
  target-prefix     metadata target_prefix "__xx__": the model emits it first, then the copy
  multilingual      metadata with a languages list and no from_code/to_code
"""

from __future__ import annotations

import collections
import json
import re
import shutil
import struct
import tempfile
import zipfile
from pathlib import Path

import sentencepiece as spm

from tests.tiny_argos import (
    EXTRA_TEXT,
    ONMT_SPECIALS,
    SOURCES,
    _SpecConverter,
    build_copy_spec,
    build_random_spec,
    ct2_vocabulary,
    train_sentencepiece,
)

LAYOUTS = ("current", "argos-train", "ct2-v2", "byte-fallback-gaps", "opus-joint",
           "opus-separate", "bpe", "target-prefix", "multilingual")

# Latin -> Cyrillic, one letter each: "The Agency" -> "Тхе Агенцы", as in the issue.
_TRANSLIT = dict(zip("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
                     "абцдефгхийклмнопярстувшжызАБЦДЕФГХИЙКЛМНОПЯРСТУВШЖЫЗ"))


def transliterate(piece: str) -> str:
    if re.fullmatch(r"<.*>", piece):
        return piece
    return "".join(_TRANSLIT.get(c, c) for c in piece)


def corpus_lines() -> list[str]:
    lines = []
    for p in sorted(SOURCES.rglob("*.*")):
        lines += [line.strip() for line in p.read_text(encoding="utf-8").splitlines()
                  if line.strip()]
    return lines + [line for line in EXTRA_TEXT.splitlines() if line.strip()]


# ---------------------------------------------------------------- BPE (subword-nmt codes)
def learn_bpe(words: collections.Counter, merges: int = 400) -> list[tuple[str, str]]:
    """subword-nmt's algorithm, small: merge the most frequent adjacent pair, repeatedly."""
    vocab = {tuple(w[:-1]) + (w[-1] + "</w>",): n for w, n in words.items() if w}
    codes = []
    for _ in range(merges):
        pairs: collections.Counter = collections.Counter()
        for symbols, n in vocab.items():
            for a, b in zip(symbols, symbols[1:]):
                pairs[a, b] += n
        if not pairs:
            break
        (a, b), count = max(pairs.items(), key=lambda kv: (kv[1], kv[0]))
        if count < 2:
            break
        codes.append((a, b))
        merged = {}
        for symbols, n in vocab.items():
            out, i = [], 0
            while i < len(symbols):
                if i + 1 < len(symbols) and symbols[i] == a and symbols[i + 1] == b:
                    out.append(a + b)
                    i += 2
                else:
                    out.append(symbols[i])
                    i += 1
            merged[tuple(out)] = merged.get(tuple(out), 0) + n
        vocab = merged
    return codes


def _bpe_package(pkg: Path, from_code: str, to_code: str) -> list[str]:
    from argostranslate.tokenizer import BPETokenizer
    from sacremoses import MosesPunctNormalizer, MosesTokenizer

    tokenizer, normalizer = MosesTokenizer(from_code), MosesPunctNormalizer(from_code)
    lines = corpus_lines()
    words = collections.Counter(w for line in lines
                                for w in tokenizer.tokenize(normalizer.normalize(line)))
    codes = learn_bpe(words)
    (pkg / "bpe.model").write_text("#version: 0.2\n" + "".join(f"{a} {b}\n" for a, b in codes),
                                   encoding="utf-8")
    bpe = BPETokenizer(pkg / "bpe.model", from_code, to_code)
    seen = collections.Counter(t for line in lines for t in bpe.encode(line))
    return ONMT_SPECIALS + sorted(seen)


# ---------------------------------------------------------------- packages
def _onmt_vocabulary(sp: spm.SentencePieceProcessor, min_count: int = 2) -> list[str]:
    """What onmt_build_vocab keeps: pieces seen at least min_count times in the corpus."""
    seen = collections.Counter(p for line in corpus_lines() for p in sp.encode(line, out_type=str))
    return ONMT_SPECIALS + sorted(p for p, n in seen.items() if n >= min_count
                                  and p not in ONMT_SPECIALS)


def _metadata(layout: str, from_code: str, to_code: str, version: str) -> dict:
    if layout in ("argos-train", "ct2-v2"):  # argos-train's six fields
        return {"package_version": version, "argos_version": "1.0", "from_code": from_code,
                "from_name": f"TEST {from_code}", "to_code": to_code, "to_name": f"TEST {to_code}"}
    meta = {"package_version": version, "argos_version": "1.9", "from_code": from_code,
            "from_name": f"TEST {from_code}", "to_code": to_code, "to_name": f"TEST {to_code}",
            "type": "translate", "links": [], "test_model": True,
            "name": f"TEST ONLY {layout} layout", "code": f"translate-{from_code}_{to_code}"}
    if layout == "target-prefix":
        meta["target_prefix"] = f"__{to_code}__"
    if layout == "multilingual":
        for key in ("from_code", "to_code", "from_name", "to_name"):
            del meta[key]
        meta["languages"] = [{"code": c, "name": c} for c in (from_code, to_code)]
    return meta


def _as_ct2_v2(model_dir: Path) -> None:
    """Rewrite a converted model the way CTranslate2 2.x left it on disk."""
    (model_dir / "config.json").unlink()
    vocab_json = model_dir / "shared_vocabulary.json"
    words = json.loads(vocab_json.read_text(encoding="utf-8"))
    (model_dir / "shared_vocabulary.txt").write_text("".join(w + "\n" for w in words),
                                                     encoding="utf-8")
    vocab_json.unlink()
    model = model_dir / "model.bin"
    data = bytearray(model.read_bytes())
    data[0:4] = struct.pack("<I", 5)   # binary format 5: config defaults, no source </s>
    model.write_bytes(bytes(data))


def build_layout(out_dir, layout: str, from_code: str, to_code: str, *, version: str = "1.0",
                 name: str | None = None) -> Path:
    if layout not in LAYOUTS:
        raise ValueError(layout)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    folder = name or f"translate-{from_code}_{to_code}-{layout}-{version}"
    nfkc = layout in ("argos-train", "ct2-v2")
    with tempfile.TemporaryDirectory(dir=out_dir) as tmp:
        pkg = Path(tmp) / folder
        pkg.mkdir()
        quantization = "int8" if nfkc else None
        if layout == "bpe":
            vocab = _bpe_package(pkg, from_code, to_code)
            spec, target = build_copy_spec(vocab), None
        else:
            sp_bytes = train_sentencepiece(byte_fallback=not nfkc,
                                           normalization="nmt_nfkc" if nfkc else "identity")
            (pkg / "sentencepiece.model").write_bytes(sp_bytes)
            sp = spm.SentencePieceProcessor(model_proto=sp_bytes)
            vocab, target = ct2_vocabulary(sp), None
            if nfkc:
                vocab = _onmt_vocabulary(sp)
            if layout == "byte-fallback-gaps":  # pieces for K, k and q missing from the model
                vocab = [p for p in vocab if p in ONMT_SPECIALS or not re.search("[Kkq]", p)]
            if layout == "ct2-v2":
                spec = build_random_spec(vocab)
            elif layout == "opus-separate":
                target = [transliterate(p) for p in vocab]
                if len(set(target)) != len(target):  # keep it one-to-one
                    target = [t if target.index(t) == i else p
                              for i, (p, t) in enumerate(zip(vocab, target))]
                spec = build_copy_spec(vocab)
            elif layout == "opus-joint":
                joint = list(vocab)
                index = {p: i for i, p in enumerate(joint)}
                mapping = []
                for p in vocab:
                    t = transliterate(p)
                    if t not in index:
                        index[t] = len(joint)
                        joint.append(t)
                        mapping.append(index[t])
                    else:  # already a piece of its own: copy this one as it is
                        mapping.append(index[p])
                # one embedding per joint entry; the copy maps each source piece to its
                # transliteration
                spec = build_copy_spec(joint, target_of=mapping + [None] * (len(joint) - len(vocab)))
                vocab = joint
            elif layout == "target-prefix":
                vocab = vocab + [f"__{to_code}__"]
                spec = build_copy_spec(vocab, shift=1)
            else:
                spec = build_copy_spec(vocab)
        _SpecConverter(spec, vocab, target).convert(str(pkg / "model"), force=True,
                                                    quantization=quantization)
        if layout == "ct2-v2":
            _as_ct2_v2(pkg / "model")
        if nfkc:
            (pkg / "stanza" / from_code).mkdir(parents=True)
            (pkg / "stanza" / "resources.json").write_text("{}\n", encoding="utf-8")
        meta = _metadata(layout, from_code, to_code, version)
        (pkg / "metadata.json").write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n",
                                           encoding="utf-8")
        (pkg / "README.md").write_text(f"# TEST ONLY: {layout} layout\n", encoding="utf-8")
        archive = out_dir / f"{folder}.argosmodel"
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
            for f in sorted(pkg.rglob("*")):
                zf.write(f, f.relative_to(tmp))
    return archive


def unpack(archive: Path, packages_dir: Path) -> Path:
    """Install an archive the way argospm does (unzip into the packages folder)."""
    with zipfile.ZipFile(archive) as zf:
        top = zf.namelist()[0].split("/", 1)[0]
        target = packages_dir / top
        if target.exists():
            shutil.rmtree(target)
        zf.extractall(packages_dir)
    return target
