"""to_pandas(): tidy frames with the documented columns, the same figures as to_dict()."""

from __future__ import annotations

import pytest

import callsim
from conftest import SMALL

pd = pytest.importorskip("pandas")


@pytest.fixture(scope="module")
def scenario():
    return callsim.Scenario.from_toml(SMALL)


def test_run_frame(scenario):
    r = callsim.run(scenario)
    df = r.to_pandas()
    assert list(df.columns) == ["number", "metric", "mean", "ci95"] == callsim.RUN_COLUMNS
    d = r.to_dict()["numbers"]
    assert set(df["number"]) == set(d) == {"tollfree", "did"}
    row = df[(df.number == "did") & (df.metric == "blocking_probability")]
    assert len(row) == 1
    assert row["mean"].item() == d["did"]["blocking_probability"]["mean"]
    assert row["ci95"].item() == d["did"]["blocking_probability"]["ci95"]
    nested = df[(df.number == "did") & (df.metric == "blocked_by.number_cap")]
    assert nested["mean"].item() == d["did"]["blocked_by"]["number_cap"]["mean"]
    # One row per number and metric.
    assert not df.duplicated(["number", "metric"]).any()
    links = r.to_pandas(section="links")
    assert list(links.columns) == ["link", "metric", "mean", "ci95"]
    assert set(links["link"]) == set(r.to_dict()["links"])
    with pytest.raises(ValueError, match="section: one of"):
        r.to_pandas(section="zones")


def test_bank_frame():
    bank = callsim.Scenario.from_toml(
        SMALL.replace('name = "did"\ntype = "did"', 'name = "did"\ntype = "did"\ncount = 3'), file="bank.toml"
    )
    r = callsim.run(bank, replications=2)
    df = r.to_pandas(section="banks")
    assert list(df.columns) == ["bank", "metric", "mean", "ci95"]
    assert set(df["bank"]) == {"did"}
    got = df[df.metric == "blocking_probability"]["mean"].item()
    assert got == r.to_dict()["banks"]["did"]["blocking_probability"]["mean"]
    assert set(r.to_pandas()["number"]) == {"tollfree", "did-1", "did-2", "did-3"}


def test_sweep_frame(scenario):
    r = callsim.sweep(scenario, {"number[1].max_concurrent": [10, 25]}, replications=2)
    df = r.to_pandas()
    assert list(df.columns) == ["number[1].max_concurrent", "number", "metric", "mean", "ci95"]
    assert sorted(set(df["number[1].max_concurrent"])) == [10, 25]
    got = df[(df["number[1].max_concurrent"] == 25) & (df.number == "did") & (df.metric == "blocked")]["mean"].item()
    assert got == r.to_dict()["sweep"][1]["report"]["numbers"]["did"]["blocked"]["mean"]


def test_compare_size_and_nines_frames(scenario):
    other = callsim.Scenario.from_toml(SMALL.replace("max_concurrent = 20", "max_concurrent = 30"), file="b.toml")
    c = callsim.compare(scenario, other, replications=3).to_pandas()
    assert list(c.columns) == callsim.CompareResult.COLUMNS
    assert set(c["design"]) == {"b.toml"}
    s = callsim.size(scenario, "did", target_blocking=0.05, replications=3).to_pandas()
    assert list(s.columns) == ["capacity", "metric", "mean", "ci95", "replications", "verdict", "meets_leniently"]
    assert set(s["verdict"]) <= {"meets", "misses", "unclear"}
    n = callsim.nines(scenario, target_rel=1000, max_time="1m").to_pandas()
    assert list(n.columns) == ["kind", "number", "metric", "mean", "ci95"]
    assert {"availability", "lost_per_year"} <= set(n["metric"])
