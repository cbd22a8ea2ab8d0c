"""Process-pool pipelining shared by ingestion (parse blocks) and enrichment (signal batches)."""

from __future__ import annotations

import collections
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


def ordered_map(pool: ProcessPoolExecutor, items: Iterable[T], submit: Callable[[T], Future | None],
                window: int | None = None) -> Iterator[tuple[T, Any]]:
    """``(item, result)`` for every item, in input order: ``submit(item)`` hands the item's work to ``pool``
    and returns its future (``None``: nothing to compute, the result is ``None``).

    At most ``window`` items are in flight (default: two per worker, plus one), so memory stays bounded
    while the workers already compute the next items as the caller consumes one result.
    """
    limit = window or 2 * pool._max_workers + 1
    in_flight: collections.deque = collections.deque()
    for item in items:
        in_flight.append((item, submit(item)))
        if len(in_flight) >= limit:
            done, future = in_flight.popleft()
            yield done, future and future.result()
    while in_flight:
        done, future = in_flight.popleft()
        yield done, future and future.result()
