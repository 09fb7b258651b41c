"""Coverage-guided fuzzing of every reader with atheris (pip install atheris), for long runs.

    python fuzz/atheris_readers.py po -atheris_runs=1000000
    python fuzz/atheris_readers.py xliff CORPUS/ -max_total_time=3600

Targets: po, glossary, text, markdown, html, xliff, tmx, tbx, srx. Only WorkflowError may escape
a reader; anything else is a crash that atheris reports with the input that caused it. Seed it
with real files by passing corpus folders after the target (libFuzzer writes new inputs into the
first one, so give it a copy: e.g. of ../shared/testdata/po_edgecases or xliff12_real).
tests/test_fuzz.py runs the same readers under hypothesis with a fixed budget in the default
suite.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import atheris

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

with atheris.instrument_imports():
    from workflow.errors import WorkflowError
    from workflow.formats.glossary_csv import parse_glossary
    from workflow.formats.po import read_po
    from workflow.formats.source import decode_source
    from workflow.formats.srx import read_srx
    from workflow.formats.tbx import read_tbx
    from workflow.formats.tmx import read_tmx
    from workflow.formats.xliff import read_xliff
    from workflow.ingest import ingest


def _text(data: bytes) -> str:
    return decode_source(data)


READERS = {
    "po": lambda data: read_po(io.BytesIO(data)),
    "glossary": lambda data: parse_glossary(_text(data)),
    "text": lambda data: ingest(_text(data), path="fuzz", kind="text", lang="en"),
    "markdown": lambda data: ingest(_text(data), path="fuzz", kind="markdown", lang="en"),
    "html": lambda data: ingest(_text(data), path="fuzz", kind="html", lang="en"),
    "xliff": lambda data: read_xliff(io.BytesIO(data)),
    "tmx": lambda data: read_tmx(io.BytesIO(data)),
    "tbx": lambda data: read_tbx(io.BytesIO(data)),
    "srx": lambda data: read_srx(io.BytesIO(data)),
}


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in READERS:
        raise SystemExit(f"usage: {sys.argv[0]} {{{','.join(READERS)}}} [atheris options]")
    reader = READERS[sys.argv.pop(1)]

    def one_input(data: bytes) -> None:
        try:
            reader(data)
        except WorkflowError:
            pass

    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
