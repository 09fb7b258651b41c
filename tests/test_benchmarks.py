"""The benchmark scripts run and end with the line other tools parse (no timing assertions)."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from .conftest import REPO, needs_shared


def _last_line(script: str, *args: str, timeout: int = 600) -> str:
    """Run a benchmark script; it must succeed. Its last line, the one tools parse."""
    result = subprocess.run([sys.executable, str(REPO / "benchmarks" / script), *args],
                            capture_output=True, text=True, cwd=REPO, timeout=timeout)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout.strip().splitlines()[-1]


def test_bench_segment_runs_and_prints_its_last_line():
    result = subprocess.run([sys.executable, str(REPO / "benchmarks/bench_segment.py"),
                             "--repeat", "1"], capture_output=True, text=True, cwd=REPO,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    last = result.stdout.strip().splitlines()[-1]
    assert re.fullmatch(r"accuracy_vs_pysbd=\d+\.\d\d speedup_vs_pysbd=\d+\.\d", last), last


def test_bench_pretranslate_runs_and_prints_its_last_line():
    last = _last_line("bench_pretranslate.py", "--sentences", "8", "--repeat", "1")
    assert re.fullmatch(r"speedup_vs_argos=\d+\.\d\d fraction_of_ceiling=\d+\.\d\d", last), last


def test_bench_protect_runs_and_repair_helps():
    result = subprocess.run([sys.executable, str(REPO / "benchmarks/bench_protect.py")],
                            capture_output=True, text=True, cwd=REPO, timeout=120)
    assert result.returncode == 0, result.stderr
    last = result.stdout.strip().splitlines()[-1]
    found = re.fullmatch(r"kept_before=(\d\.\d+) kept_after=(\d\.\d+)", last)
    assert found and float(found.group(2)) > float(found.group(1))


def test_compare_pofilter_runs():
    result = subprocess.run([sys.executable, str(REPO / "benchmarks/compare_pofilter.py")],
                            capture_output=True, text=True, cwd=REPO, timeout=300)
    assert result.returncode == 0, result.stderr
    last = result.stdout.strip().splitlines()[-1]
    assert re.fullmatch(r"ours_recall=1\.00 ours_false_alarms=0 pofilter_recall=\d\.\d\d "
                        r"pofilter_false_alarms=\d+", last), last


def test_bench_scale_runs_with_identical_outputs():
    pytest.importorskip("distributed", reason="the dask extra is not installed")
    result = subprocess.run([sys.executable, str(REPO / "benchmarks/bench_scale.py"),
                             "--units", "300"], capture_output=True, text=True, cwd=REPO,
                            timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "outputs identical: yes" in result.stdout
    last = result.stdout.strip().splitlines()[-1]
    assert re.fullmatch(r"default_vs_one_thread=\d+\.\d\d cluster_vs_default=\d+\.\d\d", last)


@needs_shared()
def test_bench_align_runs_and_prints_its_last_line():
    result = subprocess.run([sys.executable, str(REPO / "benchmarks/bench_align.py")],
                            capture_output=True, text=True, cwd=REPO, timeout=300)
    assert result.returncode == 0, result.stderr
    last = result.stdout.strip().splitlines()[-1]
    assert re.fullmatch(r"f1_ru=\d\.\d{4} f1_az=\d\.\d{4} f1_galechurch_ru=\d\.\d{4} "
                        r"f1_galechurch_az=\d\.\d{4}", last), last


def test_bench_hostile_runs_and_prints_its_last_line():
    last = _last_line("bench_hostile.py", "--scale", "0.02")
    assert re.fullmatch(r"translation_1mb_s=\d+\.\d\d punctuation_1mb_s=\d+\.\d\d "
                        r"xliff2_50mb_s=\d+\.\d\d xliff2_vs_lxml=\d+\.\d\d", last), last


@needs_shared()
def test_bench_scale_project_runs_and_prints_its_last_line():
    last = _last_line("bench_scale_project.py", "--sizes", "8", timeout=900)
    assert re.fullmatch(r"noop_extract_10k_s=nan run_1k_s=nan peak_rss_10k_mb=nan "
                        r"update_vs_msgmerge=\d+\.\d\d", last), last
