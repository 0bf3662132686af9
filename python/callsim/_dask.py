"""Sweeps on a Dask cluster: the points of a sweep, or blocks of their
replications, as tasks; their raw outcomes merged into the sweep's report.

Replication ``k`` of a point draws from streams seeded by (seed, k, name), so
it gives the same outcome alone, in a block on a worker, or within the whole
run: merging the outcomes in replication order and summarising them (in
Rust, by the code the local sweep uses) gives byte for byte the JSON the
single machine gives. Nothing here schedules: Dask does.
"""

from __future__ import annotations

import math
from typing import Any, List, Optional, Sequence, Tuple

from . import _native

Overrides = Tuple[Any, Any, Any, Any]


def _outcomes(
    scenario: "_native.Scenario",
    settings: List[Tuple[str, List[str]]],
    point: int,
    indices: List[int],
    overrides: Overrides,
    threads: int,
) -> str:
    """One task: the raw outcomes (JSON) of replications ``indices`` of ``point``."""
    replications, seed, horizon, warmup = overrides
    return _native._sweep_outcomes(scenario, settings, point, indices, replications, seed, horizon, warmup, threads)


def blocks(replications: int, count: int) -> List[List[int]]:
    """Replications ``0..replications`` in ``count`` contiguous blocks, as the
    library's shards split them (``[i*R//n, (i+1)*R//n)``); no block is empty."""
    n = max(1, min(count, replications))
    return [list(range(i * replications // n, (i + 1) * replications // n)) for i in range(n)]


def sweep(
    client: Any,
    scenario: "_native.Scenario",
    settings: List[Tuple[str, List[str]]],
    replications: Optional[int],
    seed: Optional[int],
    horizon: Any,
    warmup: Any,
    threads: Optional[int],
    shards: Optional[int],
) -> str:
    """The JSON sweep, its tasks run by ``client`` (see :func:`callsim.sweep`)."""
    overrides: Overrides = (replications, seed, horizon, warmup)
    # Every point built and checked here, before any task is sent.
    per_point: Sequence[int] = _native._sweep_plan(scenario, settings, *overrides)
    if shards is None:
        slots = sum(client.nthreads().values()) or 1
        shards = max(1, math.ceil(slots / max(1, len(per_point))))
    elif not (isinstance(shards, int) and shards >= 1):
        raise ValueError(f"shards: must be an integer >= 1, got {shards!r}")
    tasks = [(point, block) for point, r in enumerate(per_point) for block in blocks(r, shards)]
    shared = client.scatter(scenario, broadcast=True, hash=False)
    futures = [
        client.submit(_outcomes, shared, settings, point, block, overrides, threads or 1, pure=False)
        for point, block in tasks
    ]
    try:
        results = client.gather(futures)
    except BaseException:
        # Ctrl-C or a failed task: nothing is left running on the cluster.
        client.cancel(futures)
        raise
    parts = [(point, block, json) for (point, block), json in zip(tasks, results)]
    return _native._sweep_merge(scenario, settings, parts, *overrides)
