"""Machine translation on a Dask distributed cluster (the optional ``dask`` extra).

This module imports Dask; it is itself imported only when ``--scheduler`` is used.

The client keeps everything but the MT step: translation memory, glossary choice, repairs and PO
writing. Workers only translate. A worker plugin loads each needed Argos package once per worker
(from that worker's own ``ARGOS_PACKAGES_DIR``), and workers that join later get it too. Batches
go out with ``client.map(..., pure=False)``; a batch whose worker dies is run again elsewhere.

A known trap: Dask's nanny starts workers with ``MALLOC_TRIM_THRESHOLD_=65536``, which made
CTranslate2 5.5× slower (page faults). ``connect`` turns it off through ``dask.config`` (the
environment-variable spelling of that setting silently does nothing); for workers you start
yourself, put the same setting in their Dask configuration (see the README).
"""

from __future__ import annotations

import os
import re
import socket
from collections.abc import Sequence

import dask
import distributed

from ..errors import WorkflowError
from .base import Hypothesis

PLUGIN_NAME = "l10n-argos"
MALLOC_SETTING = "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_"


def no_malloc_trim() -> None:
    """Start future nanny workers without MALLOC_TRIM_THRESHOLD_ (must precede them)."""
    dask.config.set({MALLOC_SETTING: None})


def connect(address: str, *, pairs: Sequence[tuple[str, str]], **engine_options):
    """A client for the scheduler at ``address``, with our worker plugin registered."""
    no_malloc_trim()
    _reachable(address)
    try:
        client = distributed.Client(address, timeout="20s")
    except (OSError, TimeoutError) as exc:
        raise WorkflowError(f"cannot reach the Dask scheduler at {address}: {exc}",
                            fix="start it with 'dask scheduler' and check the address") from None
    client.register_plugin(ArgosWorkerPlugin(pairs, engine_options), name=PLUGIN_NAME)
    return client


def _reachable(address: str) -> None:
    """Probe the scheduler first: a Client that cannot connect keeps retrying in the background."""
    match = re.fullmatch(r"(?:tcp://)?\[?([^\]]+?)\]?:(\d+)", address.strip())
    if not match:
        raise WorkflowError(f"not a scheduler address: {address!r}",
                            fix="write it as tcp://HOST:8786")
    try:
        socket.create_connection((match.group(1), int(match.group(2))), timeout=10).close()
    except OSError as exc:
        raise WorkflowError(f"cannot reach the Dask scheduler at {address}: {exc.strerror or exc}",
                            fix="start it with 'dask scheduler' and check the address") from None


class ArgosWorkerPlugin(distributed.WorkerPlugin):
    """Loads the Argos engines a run needs, once per worker process."""

    name = PLUGIN_NAME

    def __init__(self, pairs: Sequence[tuple[str, str]], options: dict) -> None:
        self.pairs = [tuple(p) for p in pairs]
        self.options = dict(options)
        self.engines: dict = {}

    def __getstate__(self):
        # Loaded engines stay in their worker; only the recipe travels.
        return {"pairs": self.pairs, "options": self.options, "engines": {}}

    def setup(self, worker) -> None:
        # One worker thread runs one batch at a time on one single-threaded replica.
        self.options.setdefault("inter_threads", 1)
        self.options.setdefault("intra_threads", 1)
        for src, tgt in self.pairs:
            self.engine(src, tgt)

    def engine(self, src: str, tgt: str):
        if (src, tgt) not in self.engines:
            from .argos import argos_engine_factory

            self.engines[(src, tgt)] = argos_engine_factory(**self.options)(src, tgt)
        return self.engines[(src, tgt)]


def translate_on_worker(sentences: list[str], src: str, tgt: str, num_hypotheses: int
                        ) -> list[list[tuple[str, float, bool, int]]]:
    """Runs on a worker: translate one batch with the plugin's engine for the pair."""
    from distributed import get_worker

    plugin = get_worker().plugins[PLUGIN_NAME]
    engine = plugin.engine(src, tgt)
    if engine is None:
        raise RuntimeError(f"no Argos package for {src}->{tgt} on worker {get_worker().address}")
    return [[(h.text, h.score, h.truncated, h.unknowns) for h in hyps]
            for hyps in engine.translate_batch(sentences, num_hypotheses=num_hypotheses)]


def worker_environment(client) -> dict[str, str | None]:
    """MALLOC_TRIM_THRESHOLD_ as each worker sees it (None: not set, as we want)."""
    return client.run(lambda: os.environ.get("MALLOC_TRIM_THRESHOLD_"))


class DaskEngine:
    """The Engine protocol, with batches translated on the cluster."""

    def __init__(self, client, src: str, tgt: str, *, retries: int = 3) -> None:
        self.client = client
        self.from_code, self.to_code = src, tgt
        self.retries = retries
        info = client.run(_describe, src, tgt)
        names = sorted({v for v in info.values() if v})
        if not names:
            raise WorkflowError(f"no worker has an Argos package for {src}->{tgt}",
                                fix="install the models on every worker (argospm install)")
        self._provenance = names[0]

    @property
    def provenance(self) -> str:
        return f"{self._provenance} (on Dask)"

    def submit(self, sentences: Sequence[str], *, num_hypotheses: int = 1):
        [future] = self.client.map(translate_on_worker, [list(sentences)], src=self.from_code,
                                   tgt=self.to_code, num_hypotheses=num_hypotheses, pure=False,
                                   retries=self.retries)
        return _Pending(future)

    def translate_batch(self, sentences: Sequence[str], *,
                        num_hypotheses: int = 1) -> list[list[Hypothesis]]:
        return self.submit(sentences, num_hypotheses=num_hypotheses).result()


def _describe(src: str, tgt: str, dask_worker=None) -> str | None:
    engine = dask_worker.plugins[PLUGIN_NAME].engine(src, tgt)
    return engine.provenance if engine is not None else None


class _Pending:
    def __init__(self, future) -> None:
        self.future = future

    def result(self) -> list[list[Hypothesis]]:
        return [[Hypothesis(*fields) for fields in hyps]
                for hyps in self.future.result()]
