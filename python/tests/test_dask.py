"""A sweep through a Dask LocalCluster (2 worker processes) equals the local sweep, byte for byte."""

from __future__ import annotations

import pytest

import callsim
from callsim import _dask
from conftest import SMALL

distributed = pytest.importorskip("dask.distributed")


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    c = distributed.Client(cluster)
    yield c
    c.close()
    cluster.close()


SETTINGS = {"traffic[0].arrivals.calls_per_hour": [600, 1200.5], "number[1].max_concurrent": [15, 25]}


def test_a_sweep_on_the_cluster_equals_the_local_sweep(client):
    s = callsim.Scenario.from_toml(SMALL)
    local = callsim.sweep(s, SETTINGS, seed=5)
    # Points as tasks, then each point's replications in blocks of one or two.
    for shards in (None, 1, 3):
        remote = callsim.sweep(s, SETTINGS, seed=5, client=client, shards=shards)
        assert remote.json == local.json, f"shards={shards}"
    assert len(local.to_dict()["sweep"]) == 4


def test_the_points_ran_as_tasks_on_both_workers(client):
    # 4 points x 2 blocks of 2 replications: 8 tasks, spread over the two worker processes.
    s = callsim.Scenario.from_toml(SMALL)
    with distributed.get_task_stream(client) as stream:
        callsim.sweep(s, SETTINGS, client=client, shards=2)
    tasks = [t for t in stream.data if "_outcomes" in t["key"]]
    assert len(tasks) == 8
    workers = set(client.scheduler_info()["workers"])
    assert {t["worker"] for t in tasks} == workers and len(workers) == 2


def test_overrides_travel_to_the_workers(client):
    s = callsim.Scenario.from_toml(SMALL)
    local = callsim.sweep(s, {"number[1].max_concurrent": [10, 30]}, replications=3, horizon="1d", warmup="10m")
    remote = callsim.sweep(
        s, {"number[1].max_concurrent": [10, 30]}, replications=3, horizon="1d", warmup="10m", client=client
    )
    assert remote.json == local.json


def test_blocks_cover_the_replications_once():
    for r in (1, 2, 7, 10):
        for n in (1, 2, 3, 20):
            got = [k for b in _dask.blocks(r, n) for k in b]
            assert got == list(range(r)), (r, n)
            assert all(_dask.blocks(r, n))


def test_a_bad_point_fails_before_any_task_is_sent(client):
    s = callsim.Scenario.from_toml(SMALL)
    with pytest.raises(callsim.ScenarioError, match="at number"):
        callsim.sweep(s, {"number[1].max_concurrent": [0, 10]}, client=client)
