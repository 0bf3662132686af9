"""Bad input raises ScenarioError (scenario problems) or ValueError, never a panic."""

from __future__ import annotations

import pickle

import pytest

import callsim
from conftest import SMALL

#: Three links into three zones, the third with no channels: one problem, at link[2].channels.
THREE_LINKS = """
[simulation]
horizon = "1d"
[[az]]
name = "az1"
[[az]]
name = "az2"
[[az]]
name = "az3"
[[carrier]]
name = "a"
[[link]]
carrier = "a"
az = "az1"
channels = 10
[[link]]
carrier = "a"
az = "az2"
channels = 10
[[link]]
carrier = "a"
az = "az3"
channels = CHANNELS
[[number]]
name = "n"
type = "did"
carrier = "a"
"""


@pytest.mark.parametrize("channels", ["0", "-1"])
def test_a_bad_link_names_its_path_as_the_cli_does(cli, tmp_path, channels):
    path = tmp_path / "bad.toml"
    text = THREE_LINKS.replace("CHANNELS", channels)
    path.write_text(text)
    p = cli("validate", str(path), check=False)
    assert p.returncode == 2
    cli_message = p.stderr.strip()
    assert cli_message.startswith("error: ")
    assert "`link[2].channels`" in cli_message
    with pytest.raises(callsim.ScenarioError) as e:
        callsim.Scenario.load(str(path))
    assert str(e.value) == cli_message[len("error: ") :]
    assert "link[2].channels" in [path for path, _ in e.value.problems]
    assert isinstance(e.value, ValueError)
    # The same problem from the text and from a dict, named by the file given.
    with pytest.raises(callsim.ScenarioError) as e:
        callsim.Scenario.from_toml(text, file=str(path))
    assert str(e.value) == cli_message[len("error: ") :]
    if channels == "0":
        d = callsim.Scenario.from_toml(THREE_LINKS.replace("CHANNELS", "10")).to_dict()
        d["link"][2]["channels"] = 0
        with pytest.raises(callsim.ScenarioError) as e:
            callsim.Scenario.from_dict(d)
        assert e.value.problems == [("link[2].channels", "must be >= 1 (the concurrent calls the link can carry)")]
        assert str(e.value).startswith("<dict>: 1 problem(s):\n  - `link[2].channels`: must be >= 1")


def test_a_missing_file_is_a_scenario_error(tmp_path):
    with pytest.raises(callsim.ScenarioError, match="cannot read the scenario"):
        callsim.Scenario.load(str(tmp_path / "nope.toml"))


def test_an_override_that_invalidates_the_scenario():
    s = callsim.Scenario.from_toml(SMALL)
    with pytest.raises(callsim.ScenarioError) as e:
        callsim.sweep(s, {"number[1].max_concurrent": [0]})
    assert str(e.value).startswith("at number[1].max_concurrent=0: <string>: 1 problem(s)")
    assert [p for p, _ in e.value.problems] == ["number[1].max_concurrent"]


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"replications": 0}, "replications: must be between 1 and 1000000, got 0"),
        ({"replications": 2.5}, "replications: must be between 1 and 1000000, got 2.5"),
        ({"seed": -1}, "seed: must be an integer from 0 to 2**64 - 1, got -1"),
        ({"seed": True}, "seed: must be an integer from 0 to 2**64 - 1, got True"),
        ({"horizon": "soon"}, "horizon: "),
        ({"horizon": 0}, "horizon: must be > 0"),
        ({"horizon": float("nan")}, "horizon: expected a duration"),
        ({"warmup": [1]}, "warmup: expected a duration"),
        ({"threads": 0}, "threads: must be at least 1"),
    ],
)
def test_bad_arguments_are_value_errors(kwargs, message):
    s = callsim.Scenario.from_toml(SMALL)
    with pytest.raises(ValueError) as e:
        callsim.run(s, **kwargs)
    assert not isinstance(e.value, callsim.ScenarioError)
    assert str(e.value).startswith(message)


def test_bad_dicts_and_settings_are_value_errors():
    with pytest.raises(ValueError, match=r"simulation.horizon: None has no TOML form"):
        callsim.Scenario.from_dict({"simulation": {"horizon": None}})
    with pytest.raises(ValueError, match=r"link\[0\].channels: a object has no TOML form"):
        callsim.Scenario.from_dict({"link": [{"channels": object()}]})
    s = callsim.Scenario.from_toml(SMALL)
    with pytest.raises(ValueError, match="is not a TOML path"):
        callsim.sweep(s, {"link[x].channels": [1]})
    with pytest.raises(ValueError, match="index out of range"):
        callsim.sweep(s, {"link[9].channels": [1]})
    with pytest.raises(ValueError, match="give at least one value"):
        callsim.sweep(s, {"link[0].channels": []})
    with pytest.raises(TypeError):
        callsim.sweep(s, {"link[0].channels": "10"})
    with pytest.raises(ValueError, match=r"number nope: no such number"):
        callsim.size(s, "nope", target_blocking=0.01)
    with pytest.raises(ValueError, match="vary: one of"):
        callsim.size(s, "did", target_blocking=0.01, vary="zones")
    with pytest.raises(ValueError, match="target_rel: must be a finite number > 0"):
        callsim.nines(s, target_rel=0)
    with pytest.raises(TypeError):
        callsim.run("scenario.toml")


def test_a_design_too_large_is_refused_before_it_runs():
    huge = SMALL.replace("calls_per_hour = 900", "calls_per_hour = 1e11")
    with pytest.raises(ValueError, match="this design expects about .* events per replication"):
        callsim.run(callsim.Scenario.from_toml(huge))


def test_scenarios_pickle_with_their_text_and_settings():
    s = callsim.Scenario.from_toml(SMALL, file="small.toml")
    t = pickle.loads(pickle.dumps(s))
    assert t == s and t.file == "small.toml" and t.to_toml() == SMALL
    assert (t.name, t.replications, t.seed, t.horizon_s, t.warmup_s) == ("small", 4, 2026, 172800.0, 3600.0)
    assert t.numbers == ["tollfree", "did"]
    assert callsim.run(t).json == callsim.run(s).json
