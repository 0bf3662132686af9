"""Overhead of a sweep from Python against the same sweep from the CLI.

A 1,000-point sweep of a small design (one capped DID, two replications of
one simulated day per point) run by ``callsim.sweep`` and by ``callsim sweep
--set ... --format json``, alternately, ``--rounds`` times each; prints the
median wall-clock times and their ratio, and checks that both gave the same
JSON. The CLI's time includes starting its process and writing the report
to a pipe; Python's includes building the settings and returning the JSON
text (not parsing it).

    python python/bench/sweep_overhead.py [--cli target/release/callsim] [--points 1000] [--rounds 5]
"""

from __future__ import annotations

import argparse
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

import callsim

ROOT = pathlib.Path(__file__).resolve().parents[2]

DESIGN = """
name = "overhead"
[simulation]
horizon = "1d"
warmup = "30m"
replications = 2
seed = 1

[[az]]
name = "az1"
[[carrier]]
name = "carrier-a"
[[link]]
carrier = "carrier-a"
az = "az1"
channels = 200
[[number]]
name = "did"
type = "did"
carrier = "carrier-a"
max_concurrent = 10
[[traffic]]
number = "did"
arrivals = { kind = "poisson", calls_per_hour = 100 }
holding = { kind = "exponential", mean = "3m" }
"""

PATH = "traffic[0].arrivals.calls_per_hour"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cli", default=str(ROOT / "target" / "release" / "callsim"))
    parser.add_argument("--points", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    values = [50 + i * 0.1 for i in range(args.points)]
    texts = [callsim._native._setting_text(v, PATH) for v in values]
    with tempfile.TemporaryDirectory() as tmp:
        file = pathlib.Path(tmp) / "overhead.toml"
        file.write_text(DESIGN)
        scenario = callsim.Scenario.load(str(file))
        command = [args.cli, "sweep", str(file), "--set", f"{PATH}={','.join(texts)}", "--format", "json", "-q"]
        cli_times, py_times = [], []
        cli_json = py_json = ""
        for _ in range(args.rounds):
            t = time.perf_counter()
            cli_json = subprocess.run(command, capture_output=True, text=True, check=True).stdout
            cli_times.append(time.perf_counter() - t)
            t = time.perf_counter()
            py_json = callsim.sweep(scenario, {PATH: values}).json
            py_times.append(time.perf_counter() - t)
    if py_json != cli_json:
        print("the two sweeps differ", file=sys.stderr)
        return 1
    cli, py = statistics.median(cli_times), statistics.median(py_times)
    print(f"{args.points}-point sweep, median of {args.rounds} rounds: CLI {cli:.3f} s, Python {py:.3f} s, "
          f"Python / CLI = {py / cli:.3f} (same JSON, {len(py_json)} bytes)")
    print("  CLI rounds:    " + " ".join(f"{x:.3f}" for x in cli_times))
    print("  Python rounds: " + " ".join(f"{x:.3f}" for x in py_times))
    return 0


if __name__ == "__main__":
    sys.exit(main())
