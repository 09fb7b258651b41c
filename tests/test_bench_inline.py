"""benchmarks/bench_inline_markup.py runs in its quick mode and ends with the line tools parse."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from .conftest import REPO


def test_bench_inline_markup_quick_runs_and_prints_its_last_line():
    pytest.importorskip("translate.convert.html2po", reason="translate-toolkit is not installed")
    result = subprocess.run([sys.executable, str(REPO / "benchmarks" / "bench_inline_markup.py"),
                             "--quick"], capture_output=True, text=True, cwd=REPO, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    last = result.stdout.strip().splitlines()[-1]
    assert re.fullmatch(r"markup_share_ours=\d\.\d{3} markup_share_html2po=\d\.\d{3} "
                        r"silent_broken_ours=\d+ silent_broken_html2po=\d+ "
                        r"silent_broken_po4a=(\d+|na)", last), last
