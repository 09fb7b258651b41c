"""Hardening: SIGKILL at random moments, concurrent runs, and failures at the write boundary."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import time

import pytest

from workflow.errors import WorkflowError
from workflow.project import project_lock, write_atomic

from . import killharness

TRIALS = int(os.environ.get("L10N_KILL_TRIALS", "8"))


@pytest.mark.parametrize("command", killharness.COMMANDS)
def test_sigkill_at_random_moments_loses_nothing(command, argos_packages):
    results = killharness.run([command], trials=TRIALS, seed=hash(command) % 1000)
    survived, tried, found = results[command]
    assert survived == tried, found[:5]


def test_a_second_process_waits_then_names_the_first(project):
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys, time; from pathlib import Path; from workflow.project import project_lock;"
        f"ctx = project_lock(Path({str(project)!r})); ctx.__enter__(); print('locked', "
        "flush=True); time.sleep(30)")], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "locked"
    try:
        started = time.monotonic()
        result = subprocess.run([sys.executable, "-m", "workflow", "-C", str(project), "--wait",
                                 "1", "extract"], capture_output=True, text=True, timeout=60)
        assert 0.9 < time.monotonic() - started < 20
        assert result.returncode == 1
        assert result.stderr.strip() == (f"error: another l10n (pid {holder.pid}) is working on "
                                         "this project (wait for it to finish and run the "
                                         "command again)")
        assert not (project / "locales").exists()
    finally:
        holder.kill()
        holder.wait()
    # The holder died by SIGKILL: its lock is stale and the next run takes it over at once.
    result = subprocess.run([sys.executable, "-m", "workflow", "-C", str(project), "--wait", "0",
                             "extract"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_the_lock_serialises_threads_too(tmp_path):
    with project_lock(tmp_path):
        with pytest.raises(WorkflowError, match="another l10n"):
            with project_lock(tmp_path, wait=0.1):
                pass


@pytest.mark.parametrize("failing, code", [("fsync", errno.ENOSPC), ("replace", errno.EACCES),
                                           ("mkstemp", errno.EROFS)])
def test_a_full_disk_or_read_only_folder_leaves_the_old_file_whole(tmp_path, monkeypatch,
                                                                  failing, code):
    target = tmp_path / "catalog.po"
    target.write_bytes(b"old content\n")

    def fail(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    if failing == "mkstemp":
        monkeypatch.setattr("tempfile.mkstemp", fail)
    else:
        monkeypatch.setattr(os, failing, fail)
    with pytest.raises(WorkflowError) as info:
        write_atomic(target, b"new content\n" * 1000)
    assert os.strerror(code) in str(info.value) and str(target) in str(info.value)
    monkeypatch.undo()
    assert target.read_bytes() == b"old content\n"
    assert [p.name for p in tmp_path.iterdir()] == ["catalog.po"]


def test_a_full_disk_during_extract_is_one_line_and_writes_nothing(project, monkeypatch, cli):
    assert cli("extract", cwd=project).code == 0
    source = project / "source/en/kazakhstan-anti-counterfeiting-forum-2021.txt"
    source.write_text(source.read_text().replace("10 discussion", "12 discussion"))
    before = {p: p.read_bytes() for p in project.glob("locales/**/*.po*")}
    real_fsync = os.fsync

    def full(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    result = cli("extract", cwd=project)
    monkeypatch.setattr(os, "fsync", real_fsync)
    assert result.code == 1
    assert result.err.startswith("error: ") and "No space left on device" in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert {p: p.read_bytes() for p in project.glob("locales/**/*.po*")} == before
    assert not list(project.rglob(".*.tmp"))
