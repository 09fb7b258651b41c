"""The cache under .l10n/cache/ is only an accelerator: with it, without it, or with a broken one,
every command writes the same bytes."""

from __future__ import annotations

import os
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workflow.cache import CACHE_DIR
from workflow.errors import WorkflowError
from workflow.extract.job import apply, extract_cache, plan_extract
from workflow.formats.po import parse_po
from workflow.formats.po_write import format_po
from workflow.project import Project

from .conftest import copy_sample_project


def _snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted((root / "locales").rglob("*")) if p.is_file()}


def _extract(root: Path, *, cached: bool) -> tuple[int, int]:
    project = Project.open(root)
    cache = extract_cache(project) if cached else None
    report = plan_extract(project, cache=cache)
    assert apply(report, cache) == []
    return len(report.cached), len(report.documents)


def _check(root: Path, *, cached: bool, kind: str = "json") -> tuple[bytes, int]:
    import io

    from workflow.check.job import checked
    from workflow.formats.report import HtmlReport, JsonReport, TextReport

    project = Project.open(root)
    pieces = {"json": JsonReport(), "text": TextReport(), "html": HtmlReport()}[kind]
    out = io.BytesIO()
    if not cached:
        os.environ["L10N_NO_CACHE"] = "1"      # not even the per-catalog results
    try:
        errors = checked(project, kind=kind, pieces=pieces, out=out).errors
    finally:
        os.environ.pop("L10N_NO_CACHE", None)
    return out.getvalue(), errors


def _export(root: Path, *, cached: bool) -> dict[str, bytes]:
    from workflow.export.job import export_project

    if not cached:
        os.environ["L10N_NO_CACHE"] = "1"
    try:
        export_project(Project.open(root))
    finally:
        os.environ.pop("L10N_NO_CACHE", None)
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted((root / "export").rglob("*")) if p.is_file()}


def _stats(root: Path, *, cached: bool) -> list:
    from workflow.stats import project_stats

    if not cached:
        os.environ["L10N_NO_CACHE"] = "1"
    try:
        return project_stats(Project.open(root))
    finally:
        os.environ.pop("L10N_NO_CACHE", None)


# Operations a newsroom day is made of: edit a source sentence, translate a unit, touch a file
# without changing it, delete the cache, corrupt the cache.
OPS = st.lists(st.sampled_from(["edit-source", "translate", "touch", "delete-cache",
                                "corrupt-cache", "nothing"]), min_size=1, max_size=5)


@settings(max_examples=12, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(ops=OPS)
def test_outputs_are_identical_with_and_without_the_cache(tmp_path_factory, ops):
    base = tmp_path_factory.mktemp("cache")
    with_cache = copy_sample_project(base / "a")
    without = copy_sample_project(base / "b")
    _extract(with_cache, cached=True)
    _extract(without, cached=False)
    for step, op in enumerate(ops):
        for root in (with_cache, without):
            source = sorted((root / "source").rglob("*.txt"))[step % 2]
            po = sorted((root / "locales").glob("*/LC_MESSAGES/*.po"))[step % 5]
            if op == "edit-source":
                text = source.read_text(encoding="utf-8")
                source.write_text(text.replace(" the ", f" the {step} ", 1), encoding="utf-8")
            elif op == "translate":
                text = po.read_text(encoding="utf-8")
                po.write_text(text.replace('msgstr ""\n\n', f'msgstr "T{step}."\n\n', 1),
                              encoding="utf-8")
            elif op == "touch":
                os.utime(po)
                os.utime(source)
            elif op == "delete-cache":
                shutil.rmtree(root / CACHE_DIR, ignore_errors=True)
            elif op == "corrupt-cache" and (root / CACHE_DIR / "extract").exists():
                for shard in (root / CACHE_DIR / "extract").glob("*.json"):
                    shard.write_text("{not json", encoding="utf-8")
                (root / CACHE_DIR / "check.sqlite").write_bytes(b"SQLite format 3\0garbage")
        _extract(with_cache, cached=True)
        _extract(without, cached=False)
        assert _snapshot(with_cache) == _snapshot(without), (ops, step)
        kind = ("json", "text", "html")[step % 3]
        assert _check(with_cache, cached=True, kind=kind) == \
            _check(without, cached=False, kind=kind), (ops, step)
        assert _export(with_cache, cached=True) == _export(without, cached=False), (ops, step)
        assert _stats(with_cache, cached=True) == _stats(without, cached=False), (ops, step)


def test_a_noop_extract_skips_every_article_and_an_edit_redoes_one(tmp_path, cli):
    root = copy_sample_project(tmp_path / "p")
    _extract(root, cached=True)
    assert _extract(root, cached=True) == (4, 0)
    source = root / "source/en/kazakhstan-anti-counterfeiting-forum-2021.txt"
    source.write_text(source.read_text(encoding="utf-8") + "\nOne more sentence.\n",
                      encoding="utf-8")
    assert _extract(root, cached=True) == (3, 1)
    result = cli("extract", cwd=root)
    assert result.code == 0 and "4 articles" in result.out and "0 written" in result.out


def test_a_same_size_save_right_after_extract_is_seen(tmp_path):
    """A save within the clock tick of the last write looks unchanged by its stat: such files
    are compared by content."""
    root = copy_sample_project(tmp_path / "p")
    po = root / "locales/ru/LC_MESSAGES/kazakhstan-anti-counterfeiting-forum-2021.po"
    os.utime(po)            # saved by a translator a moment before extract ran
    _extract(root, cached=True)
    stat = po.stat()
    text = po.read_text(encoding="utf-8")
    i = text.index("#: source/")
    po.write_text(text[:i] + "#: source/" + text[i + len("#: source/"):].replace("a", "b", 1),
                  encoding="utf-8")
    os.utime(po, ns=(stat.st_atime_ns, stat.st_mtime_ns))        # same size, same mtime
    assert po.stat().st_size == stat.st_size
    cached, worked = _extract(root, cached=True)
    assert worked == 1          # the racy file was hashed: its article is redone


def test_a_corrupt_cache_is_ignored_with_a_note(tmp_path, cli):
    root = copy_sample_project(tmp_path / "p")
    assert cli("extract", cwd=root).code == 0
    before = _snapshot(root)
    shard = sorted((root / CACHE_DIR / "extract").glob("*.json"))[0]
    shard.write_bytes(b"\x00garbage")
    result = cli("extract", cwd=root)
    assert result.code == 0
    assert f"note: .l10n/cache/extract/{shard.name} is unreadable" in result.out
    assert _snapshot(root) == before
    assert cli("extract", cwd=root).out.count("note:") == 0     # rebuilt


def test_a_noop_check_reads_no_catalog_and_an_edit_is_seen(tmp_path, cli, monkeypatch):
    from workflow.check import job

    monkeypatch.setenv("L10N_JOBS", "1")        # the export's gate runs here, to be counted
    root = copy_sample_project(tmp_path / "p")
    runs = []
    real = job.check_project
    monkeypatch.setattr(job, "check_project", lambda *a, **k: runs.append(1) or real(*a, **k))
    first = cli("check", "--format", "json", cwd=root)
    again = cli("check", "--format", "json", cwd=root)
    assert (first.code, first.out) == (again.code, again.out) and len(runs) == 1
    po = root / "locales/ru/LC_MESSAGES/wipo-dg-meets-ip-heads-imanov-speech.po"
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace("22 июня 2021", "23 июня 2021", 1), encoding="utf-8")
    edited = cli("check", "--format", "json", cwd=root)
    assert len(runs) == 2 and edited.out != first.out and edited.code == 1
    assert cli("export", cwd=root).code == 0          # the gate reuses the same machinery
    assert cli("export", cwd=root).code == 0
    assert len(runs) == 3                               # one gate computation for two exports


def test_after_an_edit_check_reuses_the_other_catalogs_results(tmp_path, monkeypatch):
    """Only the edited catalog is parsed and checked again; the report is the one a run
    without any cache gives, byte for byte."""
    from workflow.check import job

    root = copy_sample_project(tmp_path / "p")
    first = _check(root, cached=True)
    po = root / "locales/az/LC_MESSAGES/wipo-dg-meets-ip-heads-imanov-speech.po"
    catalog = parse_po(po.read_text(encoding="utf-8"))
    units = list(catalog.units)
    units[3] = replace(units[3], msgstr=units[3].msgstr + " 2024")
    po.write_text(format_po(replace(catalog, units=tuple(units))), encoding="utf-8")
    checked = []
    real = job.check_catalog
    monkeypatch.setattr(job, "check_catalog", lambda item, **k: checked.append(item.path)
                        or real(item, **k))
    again = _check(root, cached=True)
    assert checked == ["locales/az/LC_MESSAGES/wipo-dg-meets-ip-heads-imanov-speech.po"]
    assert again == _check(root, cached=False) and again != first


def test_a_noop_export_reads_no_catalog_and_rewrites_nothing(tmp_path, monkeypatch):
    from workflow.export import job

    root = copy_sample_project(tmp_path / "p")
    first = _export(root, cached=True)
    stamps = {p: p.stat().st_mtime_ns for p in (root / "export").rglob("*") if p.is_file()}
    read = []
    real = job.localize
    monkeypatch.setattr(job, "localize", lambda *a, **k: read.append(a[0]) or real(*a, **k))
    assert _export(root, cached=True) == first and read == []
    assert stamps == {p: p.stat().st_mtime_ns for p in (root / "export").rglob("*") if p.is_file()}
    po = root / "locales/ru/LC_MESSAGES/kazakhstan-anti-counterfeiting-forum-2021.po"
    po.write_text(po.read_text(encoding="utf-8").replace('msgstr ""\n\n', 'msgstr "Да."\n\n', 1),
                  encoding="utf-8")
    _export(root, cached=True)
    assert read == ["kazakhstan-anti-counterfeiting-forum-2021"] * 3


def test_the_process_pool_gives_the_same_bytes_as_one_process(tmp_path, monkeypatch):
    """extract, check, stats and export in a pool of two processes (forced even for four
    articles) write exactly what one process writes; an error in a worker arrives whole."""
    from workflow import pool

    monkeypatch.setattr(pool, "SERIAL_BELOW", 1)
    outputs = []
    for jobs in ("1", "2"):
        monkeypatch.setenv("L10N_JOBS", jobs)
        monkeypatch.setenv("L10N_NO_CACHE", "1")
        root = copy_sample_project(tmp_path / jobs)
        po = root / "locales/ru/LC_MESSAGES/wipo-dg-meets-ip-heads-imanov-speech.po"
        po.write_text(po.read_text(encoding="utf-8").replace("22 июня 2021", "23 июня 2021", 1),
                      encoding="utf-8")
        _extract(root, cached=False)
        broken = root / "locales/az/LC_MESSAGES/wipo-dg-meets-ip-heads-imanov-speech.po"
        kept = broken.read_bytes()
        broken.write_bytes(b'msgid "x"\nmsgstr "y"\nmsgstr "z"\n')
        counted = _stats(root, cached=False)        # an unreadable catalog is one row's error
        broken.write_bytes(kept)
        outputs.append((_snapshot(root), _check(root, cached=False),
                        _check(root, cached=False, kind="html"), _export(root, cached=False),
                        counted, _stats(root, cached=False)))
    assert outputs[0] == outputs[1]
    assert [row.error for row in outputs[0][4] if row.error] == [
        row.error for row in outputs[1][4] if row.error] and outputs[0][4] != outputs[0][5]
    assert outputs[0][1][1] >= 1                    # the edit is an error both ways

    root = tmp_path / "2"
    (root / "source/en/kazakhstan-anti-counterfeiting-forum-2021.txt").write_bytes(b"\xff\xfe\x00")
    with pytest.raises(WorkflowError) as caught:
        _extract(root, cached=False)
    assert caught.value.path and "kazakhstan" in caught.value.path


@given(st.tuples(*[st.integers(0, 10**9)] * 7), st.lists(st.text(), max_size=4))
def test_a_stored_report_piece_reads_back_as_it_was(counts, parts):
    from workflow.check.memo_store import pack, unpack

    assert unpack(pack(counts, parts), 7) == (counts, parts)


@pytest.mark.parametrize("data", ["", "1 2|3\nab", "1 2|x\nabc", "1 2|1 1\nabc", "1|\n", "\n"])
def test_a_damaged_report_piece_is_made_again_not_trusted(data):
    from workflow.check.memo_store import unpack

    assert unpack(data, 2) is None


def test_after_an_edit_only_the_shards_of_its_entries_are_written(tmp_path, cli):
    """A large project's record is not rewritten whole for one article."""
    from workflow.cache import SHARDS, WorkCache

    root = copy_sample_project(tmp_path / "p")
    assert cli("extract", cwd=root).code == 0
    shards = {p: p.stat().st_mtime_ns for p in (root / CACHE_DIR / "extract").glob("*.json")}
    assert 1 < len(shards) <= SHARDS
    source = next((root / "source").rglob("*.txt"))
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace(" the ", " this ", 1), encoding="utf-8")
    assert cli("extract", cwd=root).code == 0
    changed = [p for p, t in shards.items() if p.stat().st_mtime_ns != t]
    assert len(changed) == 1
    cache = WorkCache(Project.open(root), "extract", [])
    assert cache.note is None and not cache.entries      # another key: nothing is reused
    (root / CACHE_DIR / "extract.json").write_text("{}", encoding="utf-8")   # the old layout
    cache.save()
    assert not (root / CACHE_DIR / "extract.json").exists()


def test_a_same_size_save_right_after_check_is_seen(tmp_path, cli, monkeypatch):
    """The check remembers its whole report under one digest of every input's stat; a save
    within the clock tick of the recording keeps the stat, so such files are compared by
    content."""
    root = copy_sample_project(tmp_path / "p")
    po = root / "locales/ru/LC_MESSAGES/wipo-dg-meets-ip-heads-imanov-speech.po"
    os.utime(po)            # saved a moment before the check ran
    first = cli("check", "--format", "json", cwd=root)
    stat = po.stat()
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace("22 июня 2021", "23 июня 2021", 1), encoding="utf-8")
    os.utime(po, ns=(stat.st_atime_ns, stat.st_mtime_ns))        # same size, same mtime
    assert po.stat().st_size == stat.st_size
    again = cli("check", "--format", "json", cwd=root)
    assert again.out != first.out
    monkeypatch.setenv("L10N_NO_CACHE", "1")
    assert again.out == cli("check", "--format", "json", cwd=root).out


def test_the_whole_set_of_files_is_remembered_in_one_digest(tmp_path):
    from workflow.cache import WorkCache, state

    project = Project.open(copy_sample_project(tmp_path / "p"))
    files = sorted(project.locales_dir.rglob("*.po"))
    stats = {project.rel(p): state(p) for p in files}
    cache = WorkCache(project, "test", [])
    cache.record_all("all", stats, total=3)
    assert cache.unchanged_all("all", stats)["total"] == 3
    assert cache.unchanged_all("all", {**stats, "locales/new.po": [1, 2, 3]}) is None
    assert cache.unchanged_all("all", dict(list(stats.items())[1:])) is None
    os.utime(files[0], ns=(1, 1))                 # touched: not the same stat
    assert cache.unchanged_all("all", {project.rel(p): state(p) for p in files}) is None
    # a file saved while the work ran: what is remembered is the stat the work began with
    cache.record_all("all", stats)
    cache.save()
    reread = WorkCache(project, "test", [])
    assert reread.unchanged_all("all", {project.rel(p): state(p) for p in files}) is None
    assert reread.unchanged_all("all", stats) is not None
    cache.record_all("all", {**stats, "gone.po": None})       # an input it could not read
    assert "all" not in cache.entries


def _raises_workflow_error(path: str) -> None:
    raise WorkflowError("broken", path=path, line=3, fix="mend it")


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_work_done_beside_the_caller_gives_its_result_or_its_error(monkeypatch, jobs):
    """pool.Later: the export's gate runs in another process while the export reads its own
    record; its answer, or its error whole, is what running it here gives."""
    from workflow import pool

    monkeypatch.setenv("L10N_JOBS", jobs)
    assert pool.Later(sorted, [3, 1, 2]).result() == [1, 2, 3]
    failing = pool.Later(_raises_workflow_error, "a.po")
    with pytest.raises(WorkflowError) as caught:
        failing.result()
    assert (caught.value.path, caught.value.line, caught.value.fix) == ("a.po", 3, "mend it")
    failing.cancel()                                    # nothing left to stop
    pool.Later(time_sleep, 30).cancel()                 # not waited for: stopped
    if jobs == "2":
        with pytest.raises(RuntimeError, match="without an answer"):
            pool.Later(os._exit, 3).result()


def time_sleep(seconds: float) -> None:
    import time

    time.sleep(seconds)
