"""The Python API gives byte for byte the CLI's JSON, with the CLI's defaults and overrides."""

from __future__ import annotations

import json

import pytest

import callsim
from conftest import ROOT, SMALL

DEFAULT = str(ROOT / "scenarios" / "tollfree-vs-did.toml")


def test_default_scenario_equals_the_cli_json(cli):
    # The bundled default, with the same seed (and a shorter run) on both sides.
    args = ["--seed", "7", "--replications", "4", "--horizon", "7d"]
    expected = cli("run", "--format", "json", "-q", *args).stdout
    got = callsim.run(callsim.Scenario.default(), replications=4, seed=7, horizon="7d")
    assert got.json == expected
    assert got.to_dict() == json.loads(expected)
    assert got.to_dict()["seed"] == 7 and got.to_dict()["replications"] == 4
    # The same file loaded from disk gives the same report.
    loaded = callsim.run(callsim.Scenario.load(DEFAULT), replications=4, seed=7, horizon="7d")
    assert loaded.json == expected


def test_scenario_settings_are_the_defaults_when_not_overridden(cli, small_file):
    expected = cli("run", small_file, "--format", "json", "-q").stdout
    assert callsim.run(callsim.Scenario.load(small_file)).json == expected


def test_warmup_and_horizon_in_seconds(cli, small_file):
    expected = cli("run", small_file, "--format", "json", "-q", "--horizon", "36h", "--warmup", "30m").stdout
    s = callsim.Scenario.load(small_file)
    assert callsim.run(s, horizon=36 * 3600, warmup="30m").json == expected
    assert callsim.run(s, horizon="36h", warmup=1800.0).json == expected


def test_from_dict_and_from_toml_agree():
    from_toml = callsim.Scenario.from_toml(SMALL)
    d = from_toml.to_dict()
    assert d["link"][2]["channels"] == 30
    from_dict = callsim.Scenario.from_dict(d)
    assert callsim.run(from_dict).json == callsim.run(from_toml).json
    try:
        import tomllib
    except ImportError:  # Python < 3.11
        tomllib = pytest.importorskip("tomli")
    parsed = callsim.Scenario.from_dict(tomllib.loads(SMALL))
    assert callsim.run(parsed).json == callsim.run(from_toml).json


def test_threads_do_not_change_a_result():
    s = callsim.Scenario.from_toml(SMALL)
    one = callsim.run(s, threads=1, replications=6).json
    assert callsim.run(s, threads=2, replications=6).json == one
    assert callsim.run(s, threads=5, replications=6).json == one
    assert callsim.run(s, replications=6).json == one
    sweep = {"traffic[1].arrivals.calls_per_hour": [200, 400]}
    assert callsim.sweep(s, sweep, threads=1).json == callsim.sweep(s, sweep, threads=3).json


def test_compare_equals_the_cli(cli, small_file, tmp_path):
    other = tmp_path / "bigger.toml"
    other.write_text(SMALL.replace("max_concurrent = 20", "max_concurrent = 30"))
    expected = cli("compare", small_file, str(other), "--format", "json", "-q", "--replications", "3").stdout
    a, b = callsim.Scenario.load(small_file), callsim.Scenario.load(str(other))
    got = callsim.compare(a, b, replications=3)
    assert got.json == expected
    assert callsim.compare([a, b], replications=3).json == expected
    assert [d["label"] for d in got.to_dict()["designs"]] == [small_file, str(other)]


def test_sweep_equals_the_cli(cli, small_file):
    expected = cli(
        "sweep",
        small_file,
        "--set",
        "traffic[1].arrivals.calls_per_hour=200,400.5",
        "--set",
        "number[1].max_concurrent=10,25",
        "--format",
        "json",
        "-q",
        "--seed",
        "3",
    ).stdout
    s = callsim.Scenario.load(small_file)
    got = callsim.sweep(
        s, {"traffic[1].arrivals.calls_per_hour": [200, 400.5], "number[1].max_concurrent": ["10", 25]}, seed=3
    )
    assert got.json == expected
    points = got.to_dict()["sweep"]
    assert [p["set"] for p in points][:2] == [
        {"traffic[1].arrivals.calls_per_hour": "200", "number[1].max_concurrent": "10"},
        {"traffic[1].arrivals.calls_per_hour": "200", "number[1].max_concurrent": "25"},
    ]


def test_size_equals_the_cli(cli, small_file):
    expected = cli(
        "size", small_file, "--number", "did", "--target-blocking", "0.02", "--format", "json", "-q"
    ).stdout
    got = callsim.size(callsim.Scenario.load(small_file), "did", target_blocking=0.02)
    assert got.json == expected
    assert got.answer == json.loads(expected)["answer"] and got.answer is not None


def test_nines_equals_the_cli(cli, small_file):
    # A target every run meets at once (exact figures, then one batch of chunks):
    # the report does not depend on the wall clock.
    args = ["--target-rel", "1000", "--max-time", "10m", "--threads", "2"]
    expected = cli("nines", small_file, "--format", "json", "-q", *args).stdout
    got = callsim.nines(callsim.Scenario.load(small_file), target_rel=1000, max_time="10m", threads=2)
    assert got.json == expected
    assert got.to_dict()["reached"] is True
