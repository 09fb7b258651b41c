"""The cores: per-article and per-catalog work in a pool of processes, results in input order.

``L10N_JOBS`` sets the number of processes (default: the cores this process may use);
``L10N_JOBS=1``, or a batch too small to be worth starting processes for, runs in this process,
the same functions in the same order. Workers are forked, so they start with what the parent
has loaded (the glossary, the configuration); an error a worker raises reaches the caller
whole, as if the work had run here. ``Later`` runs one piece of work in a second process
beside the caller's own (the export's gate).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")

SERIAL_BELOW = 24           # fewer items than this: not worth a pool


def jobs() -> int:
    value = os.environ.get("L10N_JOBS", "")
    if value.isdigit() and int(value) > 0:
        return int(value)
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:          # not on Linux
        return os.cpu_count() or 1


def ordered(work: Callable[[T], R], items: list[T], *, setup: Callable[..., Any] | None = None,
            args: Iterable[Any] = (), chunk: int = 4) -> Iterator[R]:
    """``work(item)`` for each item, in order; ``setup(*args)`` first, once per process."""
    count = min(jobs(), len(items))
    if count <= 1 or len(items) < SERIAL_BELOW or \
            "fork" not in multiprocessing.get_all_start_methods():
        if setup is not None:
            setup(*args)
        yield from map(work, items)
        return
    context = multiprocessing.get_context("fork")
    with context.Pool(count, initializer=setup, initargs=tuple(args)) as pool:
        yield from pool.imap(work, items, chunksize=chunk)


class Later(Generic[R]):
    """``work(*args)`` started in a forked process while the caller goes on with something
    else: ``result()`` waits for it and gives its result (an error it raised arrives whole);
    ``cancel()`` stops it if its result is not wanted. With one process (``L10N_JOBS=1``, or
    no fork) the work runs when its result is asked for. The child inherits what this process
    holds, so nothing is sent to it; it may use a pool of its own."""

    def __init__(self, work: Callable[..., R], *args: Any) -> None:
        self.work, self.args = work, args
        self.process: Any = None
        if jobs() <= 1 or "fork" not in multiprocessing.get_all_start_methods():
            return
        context = multiprocessing.get_context("fork")
        self.receive, send = context.Pipe(duplex=False)

        def child() -> None:
            try:
                outcome: tuple[bool, Any] = (True, work(*args))
            except BaseException as exc:            # sent back, raised in the parent
                outcome = (False, exc)
            try:
                send.send(outcome)
            except Exception as exc:                # an answer that cannot be sent: say why
                send.send((False, RuntimeError(f"a worker's answer cannot be sent: {exc}")))

        self.process = context.Process(target=child)
        self.process.start()
        send.close()

    def result(self) -> R:
        if self.process is None:
            return self.work(*self.args)
        try:
            outcome = self.receive.recv()
        except EOFError:
            outcome = None
        self.process.join()
        self.receive.close()
        code, self.process = self.process.exitcode, None
        if outcome is None:
            raise RuntimeError(f"a worker process stopped without an answer (exit code {code})")
        ok, value = outcome
        if not ok:
            raise value
        return value

    def cancel(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.join()
            self.receive.close()
            self.process = None
