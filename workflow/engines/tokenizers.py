"""Turning sentences into a package's tokens and back, for every layout Argos packages come in.

- SentencePiece packages (``sentencepiece.model``): most of the index. The model may have byte
  fallback or not, identity or NFKC normalisation. In Opus-MT ports it is the *source* model
  only: target pieces it does not know come back from ``decode`` verbatim, ``▁`` and all.
- BPE packages (``bpe.model``: subword-nmt codes, Moses tokenisation, ``@@`` joiners), as
  argostranslate's own ``BPETokenizer`` reads them.

``decode`` never leaves a tokenizer artifact in the text: ``▁`` becomes a space, byte pieces
become their characters, and ``<unk>`` pieces are left out and counted, so a draft can say so.
``artifacts()`` is the post-check for anything that still slips through.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

UNKNOWN = "<unk>"
_BYTE_PIECE = re.compile(r"<0x([0-9A-Fa-f]{2})>")
_ARTIFACT = re.compile(r"▁|⁇|<unk>|<0x[0-9A-Fa-f]{2}>|@@ |\ufffd")


def artifacts(text: str) -> list[str]:
    """Tokenizer leftovers in a draft (each kind once, in order of appearance)."""
    return list(dict.fromkeys(_ARTIFACT.findall(text)))


class SentencePieceTokenizer:
    def __init__(self, path: Path) -> None:
        import sentencepiece

        self.path = path
        self.sp = sentencepiece.SentencePieceProcessor(model_file=str(path))
        unk = self.sp.unk_id()
        self.byte_fallback = self.sp.piece_to_id("<0x41>") != unk
        self.pieces = {self.sp.id_to_piece(i) for i in range(self.sp.get_piece_size())}

    def encode(self, sentence: str) -> list[str]:
        return self.sp.encode(sentence, out_type=str)

    def decode(self, pieces: Sequence[str]) -> tuple[str, int]:
        """The text, and how many ``<unk>`` pieces had to be left out."""
        kept = [p for p in pieces if p != UNKNOWN]
        dropped = len(pieces) - len(kept)
        if all(p in self.pieces for p in kept):
            return self.sp.decode(kept), dropped
        # Pieces the model does not know (an Opus-MT port's target pieces): SentencePiece would
        # return them verbatim. Decode them the way it decodes its own: byte pieces as UTF-8,
        # the word-boundary mark as a space.
        out: list[str] = []
        pending = bytearray()
        for piece in kept:
            byte = _BYTE_PIECE.fullmatch(piece)
            if byte:
                pending.append(int(byte.group(1), 16))
                continue
            if pending:
                out.append(pending.decode("utf-8", "replace"))
                pending.clear()
            out.append(piece)
        if pending:
            out.append(pending.decode("utf-8", "replace"))
        return "".join(out).replace("▁", " ").strip(), dropped


class BPETokenizer:
    """subword-nmt BPE with Moses (de)tokenisation, exactly as argostranslate reads bpe.model."""

    byte_fallback = False

    def __init__(self, path: Path, from_code: str, to_code: str) -> None:
        from argostranslate.tokenizer import BPETokenizer as ArgosBPE

        self.path = path
        self._bpe = ArgosBPE(path, from_code, to_code)
        try:
            self._bpe.lazy_load()
        except ImportError as exc:
            raise ValueError(f"BPE packages need {exc.name} (pip install sacremoses)") from None
        self.pieces: set[str] = set()

    def encode(self, sentence: str) -> list[str]:
        return list(self._bpe.encode(sentence))

    def decode(self, pieces: Sequence[str]) -> tuple[str, int]:
        kept = [p for p in pieces if p != UNKNOWN]
        return self._bpe.decode(kept), len(pieces) - len(kept)


def load_tokenizer(package_dir: Path, from_code: str, to_code: str
                   ) -> SentencePieceTokenizer | BPETokenizer:
    """The package's tokenizer; ValueError names what is missing or unreadable."""
    sp_model = package_dir / "sentencepiece.model"
    bpe_model = package_dir / "bpe.model"
    if sp_model.exists():
        try:
            return SentencePieceTokenizer(sp_model)
        except (OSError, RuntimeError) as exc:
            raise ValueError(f"cannot read sentencepiece.model: {exc}") from None
    if bpe_model.exists():
        try:
            return BPETokenizer(bpe_model, from_code, to_code)
        except (OSError, UnicodeDecodeError) as exc:
            raise ValueError(f"cannot read bpe.model: {exc}") from None
    raise ValueError("no sentencepiece.model or bpe.model in the package")


def model_vocabulary(model_dir: Path, side: str = "source") -> list[str] | None:
    """The CTranslate2 model's vocabulary for one side (json, or the .txt of CTranslate2 2.x)."""
    import json

    for name in (f"{side}_vocabulary", "shared_vocabulary"):
        path = model_dir / f"{name}.json"
        if path.exists():
            return list(json.loads(path.read_text(encoding="utf-8")))
        path = model_dir / f"{name}.txt"
        if path.exists():
            lines = path.read_text(encoding="utf-8").split("\n")
            return lines[:-1] if lines and lines[-1] == "" else lines
    return None
