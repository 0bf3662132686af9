"""Erlang B through Python, with the Rust tests' oracle (tests/it/theory.rs).

Each replication's blocking probability is an average over ~1e5 calls, close to
normal, and replications are independent, so (mean - B) / (s / sqrt(n)) follows
Student's t with n - 1 degrees of freedom. The check passes when B lies in the
two-sided 99.9% interval mean +- t(0.9995, n-1) s / sqrt(n): a correct simulator
fails it with probability ~1e-3 (for a given seed). The report gives the 95%
half-width h95 = t(0.975, n-1) s / sqrt(n), so the 99.9% half-width is
h95 * t(0.9995, n-1) / t(0.975, n-1); with n = 10: t(0.9995, 9) = 4.781 and
t(0.975, 9) = 2.262 (published tables).
"""

from __future__ import annotations

import pytest

import callsim

T_9995_DF9 = 4.781
T_975_DF9 = 2.262
HOLD_S = 180.0
CALLS_PER_REPLICATION = 100_000


def erlang_b(servers: int, load: float) -> float:
    """B(c, A) by the stable recursion B(0) = 1, B(n) = A B(n-1) / (n + A B(n-1))."""
    b = 1.0
    for n in range(1, servers + 1):
        b = load * b / (n + load * b)
    return b


def test_erlang_b_recursion_matches_published_values():
    assert abs(erlang_b(10, 5.0) - 0.018385) < 1e-6
    assert abs(erlang_b(30, 25.0) - 0.052603) < 1e-6


def capped_did(servers: int, load: float, seed: int) -> callsim.Scenario:
    # A Erlangs at a 3-minute mean hold: 3600 A / 180 = 20 A calls per hour;
    # the horizon offers ~1e5 calls per replication.
    rate = load * 3600.0 / HOLD_S
    horizon_s = CALLS_PER_REPLICATION / rate * 3600.0
    return callsim.Scenario.from_dict(
        {
            "simulation": {"horizon": f"{horizon_s:.3f}s", "warmup": "1h", "replications": 10, "seed": seed},
            "az": [{"name": "az1"}],
            "carrier": [{"name": "carrier-a"}],
            "link": [{"carrier": "carrier-a", "az": "az1", "channels": 100000}],
            "number": [{"name": "did", "type": "did", "carrier": "carrier-a", "max_concurrent": servers}],
            "traffic": [
                {
                    "number": "did",
                    "arrivals": {"kind": "poisson", "calls_per_hour": rate},
                    "holding": {"kind": "exponential", "mean": "180s"},
                }
            ],
        }
    )


@pytest.mark.parametrize("servers, load, seed", [(10, 5.0, 41), (30, 25.0, 42)])
def test_number_cap_blocking_is_erlang_b(servers, load, seed):
    report = callsim.run(capped_did(servers, load, seed)).to_dict()
    did = report["numbers"]["did"]
    b = did["blocking_probability"]
    half_999 = b["ci95"] * T_9995_DF9 / T_975_DF9
    expected = erlang_b(servers, load)
    assert abs(b["mean"] - expected) <= half_999, (b, expected, half_999)
    # Every blocked call was blocked by the number's cap.
    assert did["blocked_by"]["number_cap"]["mean"] == did["blocked"]["mean"] > 0
