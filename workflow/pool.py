"""The cores: per-article and per-catalog work in a pool of processes, results in input order.

``L10N_JOBS`` sets the number of processes (default: the cores this process may use);
``L10N_JOBS=1``, or a batch too small to be worth starting processes for, runs in this process,
the same functions in the same order. Workers are forked, so they start with what the parent
has loaded (the glossary, the configuration); an error a worker raises reaches the caller
whole, as if the work had run here.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

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
