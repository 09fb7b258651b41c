"""Build tiny, real Argos Translate packages at test time (nothing is downloaded).

    build_package(out_dir, kind, from_code, to_code, training_text_path) -> Path

kind:
  "copy"   - hand-set Transformer weights: translate(x) == x (after detokenizing)
             for any sentence whose SentencePiece tokenization is shorter than
             MAX_POSITIONS. Decoder step t attends (hard) to source position t and
             emits that source token; the source </s> is copied last, which ends
             decoding. config.json has add_source_eos=true, so CTranslate2 appends
             </s> itself (argostranslate never does). A caller that appends </s>
             itself also gets the copy: decoding stops at the first </s>.
  "random" - random weights, sinusoidal positions, and the </s> logit held at
             -1e4, so the model never stops on its own. Every hypothesis is
             exactly max_decoding_length tokens long.

SentencePiece is trained on the bundled articles (source/) and a few inline lines of Russian and
Azerbaijani. Only numpy, sentencepiece and ctranslate2 are used. (ctranslate2.specs imports
torch if it is installed. That is harmless but slow.) Nothing is downloaded.
The .argosmodel zip has the same layout as an argospm package:

    <pkg_dir>/metadata.json  sentencepiece.model  README.md  model/{model.bin,config.json,shared_vocabulary.json}
"""

from __future__ import annotations

import functools
import io
import json
import tempfile
import zipfile
from pathlib import Path

import numpy as np
import sentencepiece as spm
from ctranslate2.converters import Converter
from ctranslate2.specs import TransformerSpec

SOURCES = Path(__file__).resolve().parent.parent / "source"
SP_VOCAB_SIZE = 600          # includes 3 specials + 256 byte-fallback pieces
BASE_SP_VOCAB_SIZE = 8000    # "copy-base": as many pieces as the sample text gives...
BASE_VOCAB_SIZE = 32000      # ...in a 32k model vocabulary, the real packages' size
MAX_POSITIONS = 1024         # learned position table size (copy model only)
D_TOK = 64                   # copy model: token subspace of the residual stream
D_POS = 64                   # copy model: position subspace
D_MODEL = D_TOK + D_POS
FFN_DIM = 32                 # FFN blocks are zeroed (copy) / tiny (random)

# Inline Cyrillic + Azerbaijani text so that the ru/az letters become real
# pieces, not only byte-fallback pieces.
EXTRA_TEXT = """\
Съешь же ещё этих мягких французских булок, да выпей чаю.
Широкая электрификация южных губерний даст мощный толчок подъёму сельского хозяйства.
Агентство по интеллектуальной собственности Республики Азербайджан провело «круглый стол» 22 июня 2021 года.
Рост составил 15,7% по сравнению с прошлым годом; подробнее на сайте https://example.org/ru/news?id=42.
Эх, чужак, общий съём цен шляп (юфть) — вдрызг! Ёжик, йод, щука, ъ, ы, э.
Əqli Mülkiyyət Agentliyinin İdarə Heyətinin sədri Kamran İmanov beynəlxalq tədbirdə çıxış edib.
Azərbaycan Respublikasının Prezidenti İlham Əliyev 2021-ci ildə fərman imzalayıb.
Çağrı Mərkəzi: 960. Şəhər, ğ, ı, ö, ü, ç, ş, ə, Ə, İ, Ğ, Ö, Ü, Ç, Ş.
Qiymətlər 12,5% artıb; ətraflı məlumat «https://example.az/xeber/123» ünvanındadır.
Pijamalı hasta yağız şoföre çabucak güvendi. Zəfər, jaketini də, papağı da götür, bir az da çörək gətir.
"""

# OpenNMT-py (which trained the real Argos models) puts these specials first;
# CTranslate2 only needs <unk>, <s> and </s>. <blank> is only there for
# fidelity, and the copy model never emits it.
ONMT_SPECIALS = ["<unk>", "<blank>", "<s>", "</s>"]


# ---------------------------------------------------------------- SentencePiece
@functools.lru_cache(maxsize=8)
def train_sentencepiece(extra_text_paths=(), vocab_size=SP_VOCAB_SIZE, *, byte_fallback=True,
                        normalization="identity") -> bytes:
    """Train a unigram SentencePiece model in memory and return its bytes.

    The defaults are the layout of today's Argos packages (byte fallback, no normalisation);
    ``byte_fallback=False, normalization="nmt_nfkc"`` is spm_train's default, as argos-train used.
    """
    lines = []
    for p in sorted(str(p) for p in SOURCES.rglob("*.*")) + [str(p) for p in extra_text_paths]:
        with open(p, encoding="utf-8") as f:
            lines += [line.strip() for line in f if line.strip()]
    lines += [line for line in EXTRA_TEXT.splitlines() if line.strip()]
    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_writer=model,
        model_type="unigram",
        vocab_size=vocab_size,
        hard_vocab_limit=False,           # little text: allow a smaller vocab
        byte_fallback=byte_fallback,      # any character -> <0xNN> pieces, never <unk>
        character_coverage=1.0,
        normalization_rule_name=normalization,
        remove_extra_whitespaces=normalization != "identity",  # identity: exact round trip
        unk_id=0, bos_id=1, eos_id=2, pad_id=-1,
        num_threads=1,
        minloglevel=2,                    # quiet
    )
    return model.getvalue()


def ct2_vocabulary(sp: spm.SentencePieceProcessor) -> list[str]:
    pieces = [sp.id_to_piece(i) for i in range(sp.get_piece_size())]
    assert pieces[:3] == ["<unk>", "<s>", "</s>"], pieces[:3]
    return ONMT_SPECIALS + pieces[3:]


# ---------------------------------------------------------------- weights
def _unit_rows(rng, n, dim, norm):
    """n random vectors in R^dim, each with zero mean over its dims and L2 norm `norm`.

    Zero mean plus a fixed norm make LayerNorm(x) an exact, known rescaling of x,
    as long as every subspace of x has the same property.
    """
    v = rng.standard_normal((n, dim))
    v -= v.mean(axis=1, keepdims=True)
    v *= norm / np.linalg.norm(v, axis=1, keepdims=True)
    return v


def _set_ln(ln, dim, rng=None):
    ln.gamma = np.ones(dim, np.float32) if rng is None else (1 + 0.1 * rng.standard_normal(dim)).astype(np.float32)
    ln.beta = np.zeros(dim, np.float32) if rng is None else (0.1 * rng.standard_normal(dim)).astype(np.float32)


def _set_lin(lin, out_dim, in_dim, rng=None, scale=0.1):
    if rng is None:
        lin.weight = np.zeros((out_dim, in_dim), np.float32)   # CT2 Linear weight is [out, in]
        lin.bias = np.zeros(out_dim, np.float32)
    else:
        lin.weight = (scale * rng.standard_normal((out_dim, in_dim))).astype(np.float32)
        lin.bias = (scale * rng.standard_normal(out_dim)).astype(np.float32)


def _new_spec(num_layers, num_heads):
    # Standard OpenNMT-py "transformer" layout as used by Argos: pre-norm,
    # ReLU FFN, sinusoidal/learned absolute positions, no relative positions.
    return TransformerSpec.from_config(num_layers=num_layers, num_heads=num_heads, pre_norm=True)


def _fill_blocks(spec, d, ffn, rng=None):
    """Fill every LayerNorm/attention/FFN of encoder and decoder.

    rng=None leaves blocks for the copy model to patch: LayerNorms are identity
    (gamma 1, beta 0), linears are zero, so every residual branch adds 0.
    """
    for layer in spec.encoder.layer:
        _set_ln(layer.self_attention.layer_norm, d, rng)
        _set_lin(layer.self_attention.linear[0], 3 * d, d, rng)   # fused Q,K,V
        _set_lin(layer.self_attention.linear[1], d, d, rng)       # output
        _set_ln(layer.ffn.layer_norm, d, rng)
        _set_lin(layer.ffn.linear_0, ffn, d, rng)
        _set_lin(layer.ffn.linear_1, d, ffn, rng)
    for layer in spec.decoder.layer:
        _set_ln(layer.self_attention.layer_norm, d, rng)
        _set_lin(layer.self_attention.linear[0], 3 * d, d, rng)
        _set_lin(layer.self_attention.linear[1], d, d, rng)
        _set_ln(layer.attention.layer_norm, d, rng)               # cross-attention
        _set_lin(layer.attention.linear[0], d, d, rng)            # Q (from decoder)
        _set_lin(layer.attention.linear[1], 2 * d, d, rng)        # fused K,V (from encoder memory)
        _set_lin(layer.attention.linear[2], d, d, rng)            # output
        _set_ln(layer.ffn.layer_norm, d, rng)
        _set_lin(layer.ffn.linear_0, ffn, d, rng)
        _set_lin(layer.ffn.linear_1, d, ffn, rng)
    _set_ln(spec.encoder.layer_norm, d)   # final pre-norm LayerNorms: identity
    _set_ln(spec.decoder.layer_norm, d)


def build_random_spec(vocab, seed=0, d=64, num_layers=2, num_heads=4):
    rng = np.random.default_rng(seed)
    V = len(vocab)
    spec = _new_spec(num_layers, num_heads)
    spec.encoder.embeddings[0].weight = rng.standard_normal((V, d)).astype(np.float32)
    spec.decoder.embeddings.weight = rng.standard_normal((V, d)).astype(np.float32)
    # position_encodings.encodings is left OPTIONAL: CT2 then uses sinusoidal
    # encodings (like the real Argos models), so there is no length limit.
    _fill_blocks(spec, d, 4 * d, rng)
    spec.decoder.projection.weight = rng.standard_normal((V, d)).astype(np.float32)
    bias = np.zeros(V, np.float32)
    bias[vocab.index("</s>")] = -1e4     # never finish, so decoding hits max_decoding_length
    spec.decoder.projection.bias = bias
    return spec


def _max_off_diagonal(rows, chunk=2048, sample=None):
    """The largest inner product between two different rows (in chunks: 32k rows fit).

    With ``sample``, only the first ``sample`` rows are compared with all others: an estimate
    for large vocabularies, where the margin is far above what exactness needs anyway."""
    best = -np.inf
    for start in range(0, len(rows) if sample is None else min(sample, len(rows)), chunk):
        block = rows[start:start + chunk] @ rows.T
        idx = np.arange(start, min(start + chunk, len(rows)))
        block[idx - start, idx] = -np.inf
        best = max(best, float(block.max()))
    return best


def build_copy_spec(vocab, seed=0, margin=60.0, *, target_size=None, target_of=None, shift=0,
                    num_layers=1, num_heads=1, **shape):
    """Hand-built 1-layer encoder/decoder that copies the source.

    Residual stream (d = D_TOK + D_POS):  [ token part | position part ]
      encoder input  x_s = [E[src_tok_s] | P[s]]    (scale_embeddings off)
      decoder input  y_t = [    0       | P[t]]    (decoder embeddings are zero,
                                                  so step t depends only on t)
    E and P rows are zero-mean with |E|^2 = |P|^2 = d/2, so the encoder's final
    LayerNorm is the identity and the decoder's pre-attention LayerNorm only
    multiplies by sqrt(2). All self-attention and FFN output projections are
    zero, so those residual branches add nothing.
    Cross-attention (1 head): Q = a*pos(y_t), K = pos(m_s), V = tok(m_s), and the
    output goes to the token part. score(t,s) = a*sqrt(2)*P[t].P[s]/sqrt(d).
    `a` is chosen so that P[t].P[t] beats every P[t].P[s] (s != t) by >= margin
    nats, which makes the attention one-hot on s = t.
    Output: logits = b * E . tok(LN(y)). `b` is chosen so that the right token
    wins by >= margin nats, so the copy hypothesis scores ~0.

    target_of maps source index i to the target vocabulary entry it is copied as (a target
    vocabulary of target_size entries, default: the same one): that is how an Opus-MT port's
    target pieces, unknown to its SentencePiece model, are produced. shift=1 makes decoder step t
    copy source position t-1, for a forced target prefix at step 0.
    num_layers/num_heads only add cost (their blocks are zero): the real packages' shape.
    """
    rng = np.random.default_rng(seed)
    d_tok, d_pos, max_positions = shape.get("d_tok", D_TOK), shape.get("d_pos", D_POS), \
        shape.get("max_positions", MAX_POSITIONS)
    V, d = len(vocab), d_tok + d_pos
    dh = d // num_heads                               # each head's width
    assert d % num_heads == 0 and d_pos <= dh, (d, num_heads, d_pos)
    half = d / 2.0
    E = _unit_rows(rng, V, d_tok, np.sqrt(half))
    P = _unit_rows(rng, max_positions, d_pos, np.sqrt(half))

    spec = _new_spec(num_layers=num_layers, num_heads=num_heads)
    _fill_blocks(spec, d, shape.get("ffn", FFN_DIM), rng=None)
    spec.encoder.scale_embeddings = False
    spec.decoder.scale_embeddings = False

    emb = np.zeros((V, d), np.float32)
    emb[:, :d_tok] = E
    spec.encoder.embeddings[0].weight = emb
    Vt = V if target_size is None else target_size
    target_of = list(range(V)) if target_of is None else list(target_of)
    spec.decoder.embeddings.weight = np.zeros((Vt, d), np.float32)
    pos = np.zeros((max_positions, d), np.float32)
    pos[:, d_tok:] = P
    spec.encoder.position_encodings.encodings = pos   # learned table => max length
    spec.decoder.position_encodings.encodings = np.roll(pos, shift, axis=0)

    # Hard attention on source position t, in every head; head h carries the token dims
    # [h*dh, (h+1)*dh) of the attended position as its value.
    gap = half - _max_off_diagonal(P)
    assert gap > 1.0, gap
    a = margin * np.sqrt(dh) / (np.sqrt(2.0) * gap)
    att = spec.decoder.layer[0].attention
    q = np.zeros((d, d), np.float32)
    kv = np.zeros((2 * d, d), np.float32)
    for h in range(num_heads):
        for k in range(d_pos):
            q[h * dh + k, d_tok + k] = a              # Q = a * position part of the step
            kv[h * dh + k, d_tok + k] = 1.0           # K = position part of memory
        for k in range(dh):
            if h * dh + k < d_tok:
                kv[d + h * dh + k, h * dh + k] = 1.0  # V = token part of memory
    att.linear[0].weight = q
    att.linear[1].weight = kv
    o = np.zeros((d, d), np.float32)
    o[:d_tok, :d_tok] = np.eye(d_tok)                 # write the copied token into the token part
    att.linear[2].weight = o

    # Output projection. After the final LN, y = [E[tok] | P[t]] (var 1, identity).
    egap = half - _max_off_diagonal(E, sample=shape.get("gap_sample"))
    assert egap > 1.0, egap
    b = margin / egap
    proj = np.zeros((Vt, d), np.float32)
    for i, j in enumerate(target_of):
        if j is not None:
            proj[j, :d_tok] = b * E[i]
    spec.decoder.projection.weight = proj
    spec.decoder.projection.bias = np.zeros(Vt, np.float32)

    spec.config.add_source_eos = True   # CT2 appends </s> to the source, which is copied last
    return spec


class _SpecConverter(Converter):
    """A Converter whose 'source model' is a spec we already built in memory."""

    def __init__(self, spec, vocab, target_vocab=None):
        self._spec, self._vocab = spec, vocab
        self._target = vocab if target_vocab is None else target_vocab

    def _load(self):
        self._spec.register_source_vocabulary(self._vocab)
        self._spec.register_target_vocabulary(self._target)
        return self._spec   # convert() validates, optimizes, writes model.bin/config.json/vocab


# ---------------------------------------------------------------- package
def build_package(out_dir, kind, from_code, to_code, training_text_path=None, seed=0) -> Path:
    """Build <out_dir>/translate-<from>_<to>-test_<kind>.argosmodel and return its path.

    training_text_path: optional extra text file(s) for SentencePiece, in
    addition to the seeds and the inline ru/az text.
    """
    if kind not in ("copy", "random", "copy-base"):
        raise ValueError(kind)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    name = f"translate-{from_code}_{to_code}-test_{kind}"
    extra = [] if training_text_path is None else (
        [training_text_path] if isinstance(training_text_path, (str, Path)) else list(training_text_path))

    quantization = None
    if kind == "copy-base":
        # The size and shape of the real packages (Transformer base, int8, 32k vocabulary):
        # the copy lives in one cross-attention, every other block is zero but costs the same.
        sp_bytes = train_sentencepiece(tuple(str(p) for p in extra), BASE_SP_VOCAB_SIZE)
        sp = spm.SentencePieceProcessor(model_proto=sp_bytes)
        vocab = ct2_vocabulary(sp)
        vocab += [f"<unused{i}>" for i in range(BASE_VOCAB_SIZE - len(vocab))]
        spec = build_copy_spec(vocab, seed, num_layers=6, num_heads=8, d_tok=448, d_pos=64,
                               ffn=2048, gap_sample=4096)
        quantization = "int8"
    else:
        sp_bytes = train_sentencepiece(tuple(str(p) for p in extra))
        sp = spm.SentencePieceProcessor(model_proto=sp_bytes)
        vocab = ct2_vocabulary(sp)
        spec = build_copy_spec(vocab, seed) if kind == "copy" else build_random_spec(vocab, seed)

    with tempfile.TemporaryDirectory(dir=out_dir) as tmp:
        pkg = Path(tmp) / name                 # top-level dir inside the zip
        pkg.mkdir()
        _SpecConverter(spec, vocab).convert(str(pkg / "model"), force=True,
                                            quantization=quantization)
        (pkg / "sentencepiece.model").write_bytes(sp_bytes)
        metadata = {
            # fields that argostranslate.package.IPackage reads
            "package_version": "0.0.1",
            "argos_version": "1.9",
            "from_code": from_code,
            "from_name": f"TEST {from_code}",
            "to_code": to_code,
            "to_name": f"TEST {to_code}",
            "type": "translate",          # get_installed_languages() keeps only this type
            "links": [],
            # not read by argostranslate; it marks the package as a test fixture
            "test_model": True,
            "name": f"TEST ONLY {kind} model",
            "code": name,
        }
        (pkg / "metadata.json").write_text(json.dumps(metadata, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        (pkg / "README.md").write_text(
            f"# TEST ONLY {kind} model ({from_code} -> {to_code})\n\n"
            "Built by build_tiny.py with hand-set or random weights. Not a translation model.\n",
            encoding="utf-8")
        archive = out_dir / f"{name}.argosmodel"
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
            for f in sorted(pkg.rglob("*")):
                zf.write(f, f.relative_to(tmp))
    return archive
