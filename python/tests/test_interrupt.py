"""The GIL is released while the engine runs, and Ctrl-C stops a long run promptly."""

from __future__ import annotations

import _thread
import signal
import subprocess
import sys
import textwrap
import threading
import time

import pytest

import callsim
from conftest import SMALL

#: A run of many replications (minutes on one thread): it prints "started",
#: then is interrupted; prints how it ended and how long the stop took.
LONG_RUN = textwrap.dedent(
    """
    import sys, time, callsim
    s = callsim.Scenario.default()
    print("started", flush=True)
    try:
        callsim.run(s, replications=2000, threads=1, horizon="7d")
        print("finished")
    except KeyboardInterrupt:
        print("interrupted", flush=True)
    """
)


def test_ctrl_c_stops_a_long_run_between_replications():
    p = subprocess.Popen([sys.executable, "-c", LONG_RUN], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert p.stdout.readline().strip() == "started"
        time.sleep(1.5)  # inside the run
        sent = time.monotonic()
        p.send_signal(signal.SIGINT)
        out, err = p.communicate(timeout=30)
        stopped_in = time.monotonic() - sent
    finally:
        if p.poll() is None:
            p.kill()
    assert out.strip() == "interrupted", (out, err)
    assert p.returncode == 0, err
    # A replication of 7 days takes well under a second here; the whole run would take minutes.
    assert stopped_in < 10, stopped_in


def test_the_gil_is_released_while_the_engine_runs():
    # Another Python thread keeps running while run() simulates.
    s = callsim.Scenario.from_toml(SMALL)
    ticks = []
    done = threading.Event()

    def count():
        while not done.is_set():
            ticks.append(time.monotonic())
            time.sleep(0.01)

    t = threading.Thread(target=count)
    t.start()
    started = time.monotonic()
    # Enough replications to last well over 0.3 s after #21's engine speed-up
    # (40 took 0.25 s on the CI machine).
    callsim.run(s, replications=200, threads=1)
    ended = time.monotonic()
    done.set()
    t.join()
    during = [x for x in ticks if started < x < ended]
    assert ended - started > 0.3, "the run is too short to tell"
    # With the GIL held the counter could not tick during the run at all.
    assert len(during) >= 0.3 * (ended - started) / 0.01 * 0.5, (len(during), ended - started)


def test_an_interrupted_run_leaves_the_next_runs_unchanged():
    # interrupt_main() raises KeyboardInterrupt in this thread as Ctrl-C would,
    # while a run is under way; the runs after it give the usual figures.
    s = callsim.Scenario.from_toml(SMALL)
    expected = callsim.run(s, threads=1).json
    timer = threading.Timer(0.3, _thread.interrupt_main)
    timer.start()
    started = time.monotonic()
    try:
        with pytest.raises(KeyboardInterrupt):
            callsim.run(s, replications=2000, threads=1)
    finally:
        timer.cancel()
    assert time.monotonic() - started < 10
    assert callsim.run(s, threads=1).json == expected
    assert callsim.run(s, threads=2).json == expected
