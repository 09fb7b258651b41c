"""Hostile sizes: a 1 MB translation, a 1 MB paragraph of punctuation, a 50 MB XLIFF 2 file.

Each goes through the stages a user would put it through, and each is compared with a peer
doing the least work possible on the same bytes in the same run:

- a catalog whose one unit has a 1 MB translation (news sentences run together): read, every
  check, write; peer: GNU ``msgfmt --check`` on the same file;
- a 1 MB paragraph of punctuation ("!?…»" runs, no letters): the article reader (which refuses
  a paragraph over 100,000 characters with one line), the segmenter and every prose check
  (which see translations of any length); peer: one regular-expression split;
- an XLIFF 2.0 file of 50 MB with 1M inline markers in one unit: our reader (XSD validation
  plus every processing rule of the specification); peer: lxml parsing and XSD validation
  alone, the floor any validating reader pays.

    python benchmarks/bench_hostile.py [--scale 1.0]

The last line reads ``translation_1mb_s=<x> punctuation_1mb_s=<y> xliff2_50mb_s=<z>
xliff2_vs_lxml=<r>``. --scale shrinks every input (the test suite runs it at 0.02).
"""

from __future__ import annotations

import argparse
import io
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from workflow.check.base import Pair  # noqa: E402
from workflow.check.prose import CHECKS  # noqa: E402
from workflow.check.runner import CatalogInput, run_checks  # noqa: E402
from workflow.errors import WorkflowError  # noqa: E402
from workflow.formats.po import read_po  # noqa: E402
from workflow.formats.po_write import encode_po  # noqa: E402
from workflow.formats.xliff import read_xliff  # noqa: E402
from workflow.formats.xliff2_rules import schema  # noqa: E402
from workflow.formats.xmlsafe import parse  # noqa: E402
from workflow.ingest import ingest  # noqa: E402
from workflow.project import load_glossary  # noqa: E402
from workflow.segment import segment  # noqa: E402

NEWS = (ROOT.parent / "shared" / "testdata" / "ntrex_dev")


def _sentences(lang: str) -> list[str]:
    path = NEWS / f"{lang}.txt"
    if path.exists():
        return [s.strip() for s in path.read_text(encoding="utf-8").splitlines() if s.strip()]
    return ["The Agency held a seminar on 22 June 2021 (5.1% more than in 2020)."]


def _timed(run) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def _msgfmt(path: Path) -> float:
    if shutil.which("msgfmt") is None:
        return float("nan")
    return _timed(lambda: subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)],
                                         capture_output=True, check=False))


def big_translation(size: int, work: Path) -> tuple[float, float]:
    en, ru = _sentences("en"), _sentences("ru")
    source, target = [], []
    while sum(map(len, target)) < size:
        source.append(en[len(source) % len(en)])
        target.append(ru[len(target) % len(ru)])
    po = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
          '"Language: ru\\n"\n"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : '
          'n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\\n"\n"X-Source-Language: '
          'en\\n"\n\n')
    escaped = [" ".join(source).replace("\\", "\\\\").replace('"', '\\"'),
               " ".join(target).replace("\\", "\\\\").replace('"', '\\"')]
    po += f'msgid "{escaped[0]}"\nmsgstr "{escaped[1]}"\n'
    path = work / "big.po"
    path.write_text(po, encoding="utf-8")
    glossary = load_glossary(None, str(ROOT / "glossary.csv"))

    def ours() -> None:
        catalog = read_po(io.BytesIO(path.read_bytes()))
        run_checks([CatalogInput("ru", catalog, "en", "ru")], glossary=glossary)
        (work / "big.out.po").write_bytes(encode_po(catalog))
    return _timed(ours), _msgfmt(path)


def punctuation_paragraph(size: int) -> tuple[float, float]:
    """The article reader refuses a paragraph over 100,000 characters in one line (it is not
    prose); the segmenter and the checks, which also see translations, take it whole."""
    run = "!?…» — «!!!?. . ." * (size // 17 + 1)
    paragraph = run[:size]

    def ours() -> None:
        try:
            ingest(f"Title\n\n{paragraph}\n", path="punct.txt", kind="text", lang="en")
        except WorkflowError:
            pass
        segment(paragraph, "ru")
        pair = Pair("The Agency met.", paragraph, "en", "ru")
        for check in CHECKS.values():
            list(check.run(pair))
    return _timed(ours), _timed(lambda: re.split(r"(?<=[.!?…])\s+", paragraph))


def marker_xliff(markers: int) -> tuple[float, float, int]:
    source = "".join(f'<ph id="p{i}"/> source word {i}. ' for i in range(markers // 2))
    target = "".join(f'<ph id="p{i}"/> переведённое слово {i}. ' for i in range(markers // 2))
    data = (f'<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" '
            f'trgLang="ru"><file id="f"><unit id="u"><segment><source>{source}</source>'
            f'<target>{target}</target></segment></unit></file></xliff>').encode()
    ours = _timed(lambda: read_xliff(io.BytesIO(data)))

    def floor() -> None:
        schema().validate(parse(io.BytesIO(data)).getroot())
    return ours, _timed(floor), len(data)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        mb = int(1_000_000 * args.scale)
        translation, translation_peer = big_translation(mb, work)
        punctuation, punctuation_peer = punctuation_paragraph(mb)
        xliff, xliff_peer, size = marker_xliff(int(1_000_000 * args.scale))
    print(f"{'input':42} {'ours s':>8} {'peer s':>8}  peer")
    print(f"{'1 MB translation: read, all checks, write':42} {translation:8.2f} "
          f"{translation_peer:8.2f}  msgfmt --check")
    print(f"{'1 MB punctuation: read, segment, checks':42} {punctuation:8.2f} "
          f"{punctuation_peer:8.2f}  one regular-expression split")
    print(f"{f'XLIFF 2, {size / 1e6:.0f} MB, 1M markers: read':42} {xliff:8.2f} "
          f"{xliff_peer:8.2f}  lxml parse + XSD validation only")
    print(f"translation_1mb_s={translation:.2f} punctuation_1mb_s={punctuation:.2f} "
          f"xliff2_50mb_s={xliff:.2f} xliff2_vs_lxml={xliff / xliff_peer:.2f}")


if __name__ == "__main__":
    main()
