"""Shared fixtures: a copy of the sample project, the CLI in-process, and the third-party data."""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from workflow.cli import main

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
TESTDATA = SHARED / "testdata"
DATA = Path(__file__).resolve().parent / "data"


def needs_shared() -> pytest.MarkDecorator:
    return pytest.mark.skipif(not TESTDATA.is_dir(), reason="../shared is not beside the repo")


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(capsys):
    """Run ``l10n`` in-process: cli("extract", cwd=...) -> Result."""

    def run(*args: str, cwd: Path | None = None) -> Result:
        argv = list(args)
        if cwd is not None:
            argv = ["-C", str(cwd), *argv]
        capsys.readouterr()
        code = main(argv)
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A fresh copy of the bundled sample project (sources and configuration, no catalogs)."""
    root = tmp_path / "project"
    root.mkdir()
    shutil.copytree(REPO / "source", root / "source")
    shutil.copy(REPO / "l10n.toml", root / "l10n.toml")
    shutil.copy(REPO / "glossary.csv", root / "glossary.csv")
    return root


def msgfmt_check(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)],
                          capture_output=True, text=True)


def msgcat(path: Path) -> bytes:
    return subprocess.run(["msgcat", str(path)], capture_output=True, check=True).stdout


def run_l10n(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The real console entry point in a subprocess (for exit codes and stderr as users see them)."""
    return subprocess.run([sys.executable, "-m", "workflow", *args], cwd=cwd,
                          capture_output=True, text=True)
