"""Translate with argostranslate itself, for the parity test (run as a separate process).

    python tests/argos_parity.py SENTENCES.json  ->  {package folder: [translation, ...]} on stdout

ARGOS_PACKAGES_DIR names the packages folder. The network is blocked before argostranslate is
imported (its translate module reaches for it). Its sentence splitting is bypassed: each
sentence goes to ``apply_packaged_translation`` whole, as our units do; everything after that,
tokenizing, ``translate_batch`` with Argos's own options, detokenizing, is Argos's code.
"""

from __future__ import annotations

import json
import socket
import sys
from pathlib import Path


def _blocked(*_args, **_kwargs):
    raise OSError("network blocked for the parity test")


socket.socket.connect = _blocked  # type: ignore[method-assign]
socket.create_connection = _blocked  # type: ignore[assignment]


class OneSentence:
    """Argos's sentencizer interface, returning the unit as one sentence."""

    def split_sentences(self, text: str) -> list[str]:
        return [text]


def main() -> None:
    import ctranslate2
    from argostranslate import package, settings
    from argostranslate.translate import apply_packaged_translation

    sentences = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    out: dict[str, list[str] | str] = {}
    for folder in sorted(Path(settings.package_data_dir).iterdir()):
        if not (folder / "metadata.json").exists():
            continue
        try:
            pkg = package.Package(folder)
            translator = ctranslate2.Translator(str(folder / "model"), device="cpu")
            out[folder.name] = [apply_packaged_translation(pkg, s, translator, OneSentence(),
                                                           num_hypotheses=1)[0].value
                                for s in sentences]
        except Exception as exc:  # the test names Argos's failures, it does not hide them
            out[folder.name] = f"{type(exc).__name__}: {exc}"
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
