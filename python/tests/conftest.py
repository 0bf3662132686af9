"""Shared fixtures: the repository, the CLI binary to compare against, small scenarios."""

from __future__ import annotations

import os
import pathlib
import subprocess

import pytest

#: The repository's root (python/..).
ROOT = pathlib.Path(__file__).resolve().parents[2]

#: A small design: a toll-free number over two carriers, a DID bank of two,
#: one failure process; one second or so per run.
SMALL = """
name = "small"
[simulation]
horizon = "2d"
warmup = "1h"
replications = 4
seed = 2026

[[az]]
name = "az1"
[[az]]
name = "az2"
mtbf = "20d"
mttr = "2h"

[[carrier]]
name = "carrier-a"
[[carrier]]
name = "carrier-b"

[[link]]
carrier = "carrier-a"
az = "az1"
channels = 40
[[link]]
carrier = "carrier-b"
az = "az2"
channels = 40
[[link]]
carrier = "carrier-b"
az = "az1"
channels = 30

[[number]]
name = "tollfree"
type = "toll-free"
carriers = ["carrier-a", "carrier-b"]
[[number]]
name = "did"
type = "did"
carrier = "carrier-b"
max_concurrent = 20

[[traffic]]
number = "tollfree"
arrivals = { kind = "poisson", calls_per_hour = 900 }
holding = { kind = "exponential", mean = "3m" }
[[traffic]]
number = "did"
arrivals = { kind = "poisson", calls_per_hour = 300 }
holding = { kind = "lognormal", mean = "3m", sd = "4m" }
"""


def _cli() -> pathlib.Path:
    explicit = os.environ.get("CALLSIM_CLI")
    if explicit:
        return pathlib.Path(explicit)
    binary = ROOT / "target" / "release" / "callsim"
    if not binary.exists():
        subprocess.run(["cargo", "build", "--release", "--locked"], cwd=ROOT, check=True)
    return binary


@pytest.fixture(scope="session")
def cli():
    """Runs the ``callsim`` binary (target/release, built if absent; or $CALLSIM_CLI)
    with the given arguments; returns the CompletedProcess (text)."""
    binary = _cli()

    def call(*args: str, check: bool = True) -> subprocess.CompletedProcess:
        p = subprocess.run([str(binary), *args], capture_output=True, text=True)
        if check and p.returncode != 0:
            raise AssertionError(f"callsim {' '.join(args)} exited {p.returncode}: {p.stderr}")
        return p

    return call


@pytest.fixture()
def small_file(tmp_path):
    """The SMALL scenario written to a file (path as a string)."""
    path = tmp_path / "small.toml"
    path.write_text(SMALL)
    return str(path)
