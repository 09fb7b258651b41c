"""Pre-translation on a Dask cluster: the same tcp:// path as a real cluster, on a LocalCluster."""

from __future__ import annotations

import os
import signal
import threading

import pytest

distributed = pytest.importorskip("distributed", reason="the dask extra is not installed")

from workflow.engines.dask_engine import (  # noqa: E402
    DaskEngine,
    connect,
    no_malloc_trim,
    worker_environment,
)
from workflow.formats.po import parse_po  # noqa: E402
from workflow.pretranslate.job import pretranslate_project  # noqa: E402
from workflow.project import Project  # noqa: E402

PAIRS = [("en", "az"), ("en", "ru"), ("az", "en"), ("ru", "en")]


@pytest.fixture(scope="session")
def cluster(argos_packages):
    no_malloc_trim()  # before the nannies start their workers
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None, silence_logs=40) as local:
        yield local


@pytest.fixture(scope="session")
def client(cluster):
    client = connect(cluster.scheduler_address, pairs=PAIRS)
    yield client
    client.close()


def test_workers_run_without_malloc_trim_threshold(client):
    environment = worker_environment(client)
    assert len(environment) == 2 and set(environment.values()) == {None}


def test_every_worker_has_the_engines_loaded_once(client):
    loaded = client.run(lambda dask_worker: sorted(
        dask_worker.plugins["l10n-argos"].engines), )
    assert all(pairs == sorted(PAIRS) for pairs in loaded.values())


def test_cluster_output_equals_the_single_process_run(cli, project, client, cluster,
                                                      tmp_path_factory):
    import shutil

    cli("extract", cwd=project)
    single = tmp_path_factory.mktemp("single") / "project"
    shutil.copytree(project, single)
    report = pretranslate_project(Project.open(project), scheduler=cluster.scheduler_address,
                                  chunk=8)
    assert report.mt > 100 and not report.missing_models
    pretranslate_project(Project.open(single), chunk=8)
    for po in sorted(project.glob("locales/*/LC_MESSAGES/*.po")):
        ours = parse_po(po.read_text())
        theirs = parse_po((single / po.relative_to(project)).read_text())
        assert [u.msgstr for u in ours.units] == [u.msgstr for u in theirs.units], po.name
        assert all(c.endswith("(on Dask)") for u in ours.units for c in u.translator_comments
                   if c.startswith("mt: "))


def test_a_worker_killed_mid_run_loses_nothing(cli, project, client, cluster):
    cli("extract", cwd=project)
    killed = []

    def kill_one(done: int, total: int) -> None:
        if not killed and done >= 16:
            nanny = next(iter(cluster.workers.values()))
            pid = nanny.process.process.pid
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)

    report = pretranslate_project(Project.open(project), scheduler=cluster.scheduler_address,
                                  chunk=4, progress=kill_one)
    assert killed, "the run finished before a worker could be killed"
    assert report.skipped == 0
    for po in sorted(project.glob("locales/*/LC_MESSAGES/*.po")):
        catalog = parse_po(po.read_text())
        assert all(u.msgstr == u.msgid for u in catalog.active), po.name  # the copy model
    client.wait_for_workers(2, timeout=60)


def test_engine_reports_pairs_no_worker_has(client):
    from workflow.errors import WorkflowError

    with pytest.raises(WorkflowError, match="no worker has an Argos package for de->az"):
        DaskEngine(client, "de", "az")
    assert "pivot via en" in DaskEngine(client, "az", "ru").provenance


def test_an_unreachable_scheduler_is_a_clear_error():
    from workflow.errors import WorkflowError

    with pytest.raises(WorkflowError, match="cannot reach the Dask scheduler"):
        connect("tcp://127.0.0.1:9", pairs=[])
    assert threading.active_count() < 200
