"""Type stubs of callsim._native, the Rust half of the package (use ``callsim``)."""

import os
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union

Duration = Union[str, int, float]
Settings = List[Tuple[str, List[str]]]

DEFAULT_SCENARIO_FILE: str
MAX_REPLICATIONS: int

class ScenarioError(ValueError):
    """A scenario that cannot be loaded or validated.

    ``str(e)`` is the message the command line prints after ``error:``;
    ``e.problems`` lists ``(path, message)`` pairs, ``path`` a TOML path such
    as ``link[2].channels`` (empty for the whole file)."""

    problems: List[Tuple[str, str]]

class Scenario:
    """A validated scenario: the design and its ``[simulation]`` settings.

    Immutable and picklable (trace files travel with it)."""

    @staticmethod
    def load(path: Union[str, "os.PathLike[str]"]) -> "Scenario":
        """Loads and validates the scenario file at ``path`` (and the trace files
        it names), as ``callsim run PATH`` does. Raises :class:`ScenarioError`."""
    @staticmethod
    def from_toml(text: str, file: str = "<string>") -> "Scenario":
        """Validates a scenario given as TOML ``text``; ``file`` names it in messages."""
    @staticmethod
    def from_dict(d: Dict[str, Any], file: str = "<dict>") -> "Scenario":
        """Validates a scenario given as a dict in the scenario file's shape
        (what ``tomllib.load`` gives); ``None`` values are refused (``ValueError``)."""
    @staticmethod
    def default() -> "Scenario":
        """The bundled default scenario (``scenarios/tollfree-vs-did.toml``)."""
    @property
    def name(self) -> str:
        """The scenario's name."""
    @property
    def file(self) -> str:
        """The file name used in messages and as the label in comparisons."""
    @property
    def replications(self) -> int:
        """Replications per run (``[simulation] replications``)."""
    @property
    def seed(self) -> int:
        """Base seed (``[simulation] seed``)."""
    @property
    def horizon_s(self) -> float:
        """Measured simulated time per replication, seconds."""
    @property
    def warmup_s(self) -> float:
        """Warm-up per replication, seconds."""
    @property
    def numbers(self) -> List[str]:
        """The names of the numbers, in file order."""
    def to_toml(self) -> str:
        """The TOML text the scenario was read from."""
    def to_dict(self) -> Dict[str, Any]:
        """The scenario as a dict in the file's shape."""
    def __reduce__(self) -> Tuple[Any, Tuple[str, str, Dict[str, str]]]: ...

def _scenario_restore(text: str, file: str, files: Dict[str, str]) -> Scenario: ...
def run(
    scenario: Scenario,
    replications: Optional[int] = None,
    seed: Optional[int] = None,
    horizon: Optional[Duration] = None,
    warmup: Optional[Duration] = None,
    threads: Optional[int] = None,
) -> str:
    """The JSON report of ``callsim run --format json``."""

def compare(
    scenarios: Sequence[Scenario],
    labels: Sequence[str],
    replications: Optional[int] = None,
    seed: Optional[int] = None,
    horizon: Optional[Duration] = None,
    warmup: Optional[Duration] = None,
    threads: Optional[int] = None,
) -> str:
    """The JSON comparison of ``callsim compare --format json``."""

def sweep(
    scenario: Scenario,
    settings: Settings,
    replications: Optional[int] = None,
    seed: Optional[int] = None,
    horizon: Optional[Duration] = None,
    warmup: Optional[Duration] = None,
    threads: Optional[int] = None,
) -> str:
    """The JSON sweep of ``callsim sweep --format json``."""

def size(
    scenario: Scenario,
    number: str,
    target_blocking: Optional[float] = None,
    target_availability: Optional[float] = None,
    vary: str = "cap",
    replications: Optional[int] = None,
    seed: Optional[int] = None,
    horizon: Optional[Duration] = None,
    warmup: Optional[Duration] = None,
    threads: Optional[int] = None,
) -> str:
    """The JSON sizing of ``callsim size --format json``."""

def nines(
    scenario: Scenario,
    target_rel: float = 0.1,
    max_time: Optional[Duration] = None,
    replications: Optional[int] = None,
    seed: Optional[int] = None,
    horizon: Optional[Duration] = None,
    warmup: Optional[Duration] = None,
    threads: Optional[int] = None,
) -> str:
    """The JSON report of ``callsim nines --format json``."""

def _setting_text(value: Any, path: str) -> str:
    """A setting's value as the command line writes it."""

def _sweep_plan(
    scenario: Scenario,
    settings: Settings,
    replications: Optional[int] = None,
    seed: Optional[int] = None,
    horizon: Optional[Duration] = None,
    warmup: Optional[Duration] = None,
) -> List[int]:
    """Replications of each point of the sweep (every point built and checked)."""

def _sweep_outcomes(
    scenario: Scenario,
    settings: Settings,
    point: int,
    indices: Sequence[int],
    replications: Optional[int] = None,
    seed: Optional[int] = None,
    horizon: Optional[Duration] = None,
    warmup: Optional[Duration] = None,
    threads: Optional[int] = None,
) -> str:
    """Raw outcomes (JSON) of replications ``indices`` of point ``point``."""

def _sweep_merge(
    scenario: Scenario,
    settings: Settings,
    parts: Sequence[Tuple[int, Sequence[int], str]],
    replications: Optional[int] = None,
    seed: Optional[int] = None,
    horizon: Optional[Duration] = None,
    warmup: Optional[Duration] = None,
) -> str:
    """The JSON sweep from every point's outcomes, in replication order."""

