"""Shared fixtures: a copy of the sample project, the CLI in-process, and the third-party data."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

# Argos reads these when argostranslate is first imported: point them into a throw-away folder
# before anything imports it, so the tests never write into the user's home or read real models.
# (The opt-in real-model test reads USER_ENV to find the user's own packages.)
USER_ENV = dict(os.environ)
_ARGOS_HOME = Path(tempfile.mkdtemp(prefix="l10n-argos-"))
for _name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
    os.environ[_name] = str(_ARGOS_HOME / _name.lower())
os.environ["ARGOS_PACKAGES_DIR"] = str(_ARGOS_HOME / "packages")
os.environ["L10N_ALLOW_TEST_MODELS"] = "1"

from workflow.cli import main  # noqa: E402

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


def copy_sample_project(root: Path) -> Path:
    """The bundled sample project with its catalogs (real, mostly reviewed translations)."""
    root.mkdir(parents=True)
    for name in ("source", "locales", "l10n.toml", "glossary.csv"):
        src = REPO / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, root / name)
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


@pytest.fixture(scope="session")
def argos_packages(tmp_path_factory):
    """Tiny real Argos packages, built and installed once: copy models for en->az, en->ru,
    az->en, ru->en (so az->ru and ru->az pivot through English), and a random-weights en->de."""
    from tests.tiny_argos import build_package
    from workflow.engines.argos import install_archive

    out = tmp_path_factory.mktemp("argos-build")
    installed = {}
    for kind, src, tgt in (("copy", "en", "az"), ("copy", "en", "ru"), ("copy", "az", "en"),
                           ("copy", "ru", "en"), ("random", "en", "de")):
        archive = build_package(out, kind, src, tgt)
        installed[(src, tgt)] = install_archive(archive)
    return installed


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a network connection fails the test."""
    import socket

    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network access attempted in a test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    yield attempts
    assert not attempts, f"network was tried: {attempts}"


def pytest_addoption(parser):
    parser.addoption("--regen-golden", action="store_true",
                     help="rewrite the golden export files from the current output")
