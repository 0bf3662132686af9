"""callsim for Python: simulate phone calls reaching a contact center.

The Rust library ``callsim`` does the work; this package calls it the way the
``callsim`` command line does (same defaults, same overrides, same JSON), with
the GIL released while the engine runs and Ctrl-C honoured between
replications::

    import callsim

    scenario = callsim.Scenario.load("scenarios/tollfree-vs-did.toml")
    report = callsim.run(scenario, replications=5, seed=7)
    report.to_dict()["numbers"]["support-800"]["blocking_probability"]
    report.to_pandas()            # number, metric, mean, ci95 (needs pandas)

    sweep = callsim.sweep(scenario, {"traffic[0].arrivals.calls_per_hour": [1200, 2400]})
    sweep = callsim.sweep(scenario, {...}, client=dask_client)  # same report, on a cluster

Every result keeps the exact JSON text the CLI prints with ``--format json``
(:attr:`Result.json`); :meth:`Result.to_dict` parses it, and
:meth:`Result.to_pandas` gives tidy frames (pandas is an optional extra:
``pip install callsim[pandas]``).
"""

from __future__ import annotations

import json as _json
import math as _math
from typing import Any, Dict, Iterable, Iterator, List, Mapping, Optional, Sequence, Tuple, Union

from . import _native
from ._native import Scenario, ScenarioError

__all__ = [
    "Scenario",
    "ScenarioError",
    "Result",
    "RunResult",
    "CompareResult",
    "SweepResult",
    "SizeResult",
    "NinesResult",
    "run",
    "compare",
    "sweep",
    "size",
    "nines",
]

__version__ = "0.1.0"

#: A duration: a string with a unit (``"7d"``, ``"90s"``) or seconds.
Duration = Union[str, int, float]


class Result:
    """The JSON report of an experiment, as ``callsim ... --format json`` prints it."""

    def __init__(self, json: str) -> None:
        #: The report's JSON text, byte for byte what the CLI prints.
        self.json: str = json
        self._dict: Optional[Dict[str, Any]] = None

    def to_dict(self) -> Dict[str, Any]:
        """The report as a dict (the parsed JSON, with the CLI's keys); a fresh copy each call."""
        return _json.loads(self.json)

    def _data(self) -> Dict[str, Any]:
        if self._dict is None:
            self._dict = _json.loads(self.json)
        return self._dict

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.json == self.json  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self.json)

    def __repr__(self) -> str:
        return f"<{type(self).__name__}: {len(self.json)} bytes of JSON; .to_dict(), .to_pandas()>"


def _pandas():
    try:
        import pandas
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError(
            "to_pandas() needs pandas, an optional extra: pip install 'callsim[pandas]' (or pip install pandas)"
        ) from e
    return pandas


def _is_stat(v: Any) -> bool:
    return isinstance(v, dict) and set(v) >= {"mean", "ci95"} and not any(isinstance(x, dict) for x in v.values())


def _stats(obj: Mapping[str, Any], prefix: str = "") -> Iterator[Tuple[str, float, Optional[float]]]:
    """(metric, mean, ci95) of every statistic under ``obj``: ``{"mean", "ci95"}``
    dicts (nested keys joined by ``.``, e.g. ``blocked_by.no_route``), and plain
    numbers (exact figures: ``ci95`` 0)."""
    for key, v in obj.items():
        name = prefix + key
        if _is_stat(v):
            yield name, v["mean"], v["ci95"]
        elif isinstance(v, dict):
            yield from _stats(v, name + ".")
        elif isinstance(v, (int, float)) and not isinstance(v, bool):
            yield name, v, 0.0


#: Columns of :meth:`RunResult.to_pandas` (numbers).
RUN_COLUMNS = ["number", "metric", "mean", "ci95"]


#: The sections of a run report that :meth:`RunResult.to_pandas` can give,
#: and the name of each one's label column.
SECTIONS = {"numbers": "number", "links": "link", "banks": "bank"}


def _label(section: str) -> str:
    if section not in SECTIONS:
        raise ValueError(f"section: one of {', '.join(repr(s) for s in SECTIONS)}, got {section!r}")
    return SECTIONS[section]


def _report_rows(report: Mapping[str, Any], section: str) -> List[Dict[str, Any]]:
    label = _label(section)
    rows = []
    for name, figures in (report.get(section) or {}).items():
        for metric, mean, ci95 in _stats(figures):
            rows.append({label: name, "metric": metric, "mean": mean, "ci95": _nan(ci95)})
    return rows


def _nan(x: Optional[float]) -> float:
    return _math.nan if x is None else x


class RunResult(Result):
    """The report of :func:`run` (``callsim run --format json``)."""

    def to_pandas(self, section: str = "numbers"):
        """A tidy frame: one row per number and metric, columns ``number``,
        ``metric``, ``mean``, ``ci95`` (``NaN`` where the report has ``null``; 0
        for exact figures). Nested metrics are joined by ``.``
        (``blocked_by.no_route``). ``section="links"`` or ``"banks"``: the links
        (columns ``link``, ``metric``, ``mean``, ``ci95``) or the DID banks
        (``bank``, ...) instead."""
        pd = _pandas()
        return pd.DataFrame(_report_rows(self._data(), section), columns=[_label(section), "metric", "mean", "ci95"])


class CompareResult(Result):
    """The comparison of :func:`compare` (``callsim compare --format json``)."""

    #: Columns of :meth:`to_pandas`.
    COLUMNS = [
        "design",
        "section",
        "name",
        "metric",
        "mean",
        "ci95",
        "significant",
        "baseline_mean",
        "baseline_ci95",
        "value_mean",
        "value_ci95",
    ]

    def to_pandas(self):
        """A tidy frame of the paired differences: one row per design (after
        the baseline), number or link, and metric; ``mean`` and ``ci95`` are
        the difference (design minus baseline, paired by replication),
        ``significant`` whether its 95% interval excludes 0, and the
        ``baseline_*`` and ``value_*`` columns each side's own figure."""
        pd = _pandas()
        rows = []
        for d in self._data()["differences"]:
            rows.append(
                {
                    "design": d["design"],
                    "section": d["section"],
                    "name": d["name"],
                    "metric": d["metric"],
                    "mean": d["difference"]["mean"],
                    "ci95": _nan(d["difference"]["ci95"]),
                    "significant": d["significant"],
                    "baseline_mean": d["baseline"]["mean"],
                    "baseline_ci95": _nan(d["baseline"]["ci95"]),
                    "value_mean": d["value"]["mean"],
                    "value_ci95": _nan(d["value"]["ci95"]),
                }
            )
        return pd.DataFrame(rows, columns=self.COLUMNS)


class SweepResult(Result):
    """The sweep of :func:`sweep` (``callsim sweep --format json``)."""

    def to_pandas(self, section: str = "numbers"):
        """A tidy frame: one column per setting (its TOML path; values as
        numbers where they read as numbers), then one row per point, number
        and metric with ``number``, ``metric``, ``mean``, ``ci95`` as in
        :meth:`RunResult.to_pandas` (``section="links"`` or ``"banks"``: those)."""
        pd = _pandas()
        label = _label(section)
        points = self._data()["sweep"]
        paths = list(points[0]["set"]) if points else []
        rows = []
        for p in points:
            values = {k: _number(v) for k, v in p["set"].items()}
            for row in _report_rows(p["report"], section):
                rows.append({**values, **row})
        return pd.DataFrame(rows, columns=paths + [label, "metric", "mean", "ci95"])


def _number(text: str) -> Union[int, float, str]:
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


class SizeResult(Result):
    """The sizing of :func:`size` (``callsim size --format json``)."""

    @property
    def answer(self) -> Optional[int]:
        """The smallest capacity whose whole 95% interval meets the targets
        (``None``: none found)."""
        return self._data()["answer"]

    @property
    def confirmed(self) -> bool:
        """True when the capacity just below the answer was shown to miss."""
        return self._data()["confirmed"]

    COLUMNS = ["capacity", "metric", "mean", "ci95", "replications", "verdict", "meets_leniently"]

    def to_pandas(self):
        """A tidy frame of the evidence: one row per capacity tried and metric
        (``blocking_probability``, ``availability``), columns ``capacity``,
        ``metric``, ``mean``, ``ci95``, ``replications``, ``verdict``
        (``meets``, ``misses`` or ``unclear``) and ``meets_leniently``."""
        pd = _pandas()
        rows = []
        for e in self._data()["evidence"]:
            for metric in ("blocking_probability", "availability"):
                rows.append(
                    {
                        "capacity": e["capacity"],
                        "metric": metric,
                        "mean": e[metric]["mean"],
                        "ci95": _nan(e[metric]["ci95"]),
                        "replications": e["replications"],
                        "verdict": e["verdict"],
                        "meets_leniently": e["meets_leniently"],
                    }
                )
        return pd.DataFrame(rows, columns=SizeResult.COLUMNS)


class NinesResult(Result):
    """The report of :func:`nines` (``callsim nines --format json``)."""

    def to_pandas(self):
        """A tidy frame: one row per number (and bank, and the design) and
        metric, columns ``kind`` (``number``, ``bank`` or ``design``),
        ``number``, ``metric``, ``mean``, ``ci95`` (exact figures have
        ``ci95`` 0; ``NaN`` where no such loss was seen)."""
        pd = _pandas()
        data = self._data()
        rows = []
        for kind, section in (("number", "numbers"), ("bank", "banks")):
            for name, figures in (data.get(section) or {}).items():
                for metric, mean, ci95 in _stats(figures):
                    rows.append({"kind": kind, "number": name, "metric": metric, "mean": mean, "ci95": _nan(ci95)})
        design = data.get("design")
        if isinstance(design, dict):
            for metric, mean, ci95 in _stats(design):
                rows.append({"kind": "design", "number": "", "metric": metric, "mean": mean, "ci95": _nan(ci95)})
        return pd.DataFrame(rows, columns=["kind", "number", "metric", "mean", "ci95"])


def _scenario(s: Any, name: str = "scenario") -> Scenario:
    if isinstance(s, Scenario):
        return s
    raise TypeError(f"{name}: expected a callsim.Scenario (Scenario.load(path), .from_toml, .from_dict), got {type(s).__name__}")


def run(
    scenario: Scenario,
    replications: Optional[int] = None,
    seed: Optional[int] = None,
    horizon: Optional[Duration] = None,
    threads: Optional[int] = None,
    *,
    warmup: Optional[Duration] = None,
) -> RunResult:
    """Simulates every replication of ``scenario`` and summarises them, as
    ``callsim run --format json`` does.

    ``replications``, ``seed``, ``horizon`` (``"7d"`` or seconds) and
    ``warmup`` override the scenario's ``[simulation]``; ``threads`` (default:
    one per core) never changes a result. Raises :class:`ScenarioError` when
    an override makes the scenario invalid, ``ValueError`` for a bad argument,
    ``KeyboardInterrupt`` on Ctrl-C (the run stops between replications)."""
    return RunResult(_native.run(_scenario(scenario), replications, seed, horizon, warmup, threads))


def compare(
    *scenarios: Scenario,
    labels: Optional[Sequence[str]] = None,
    replications: Optional[int] = None,
    seed: Optional[int] = None,
    horizon: Optional[Duration] = None,
    threads: Optional[int] = None,
    warmup: Optional[Duration] = None,
) -> CompareResult:
    """Runs two or more designs on common random numbers (all with the first
    one's seed and replications) and reports paired differences against the
    first, as ``callsim compare A.toml B.toml --format json`` does.

    Designs are labelled by ``labels`` or, by default, their files
    (:attr:`Scenario.file`), as the CLI labels them. A list of scenarios may be
    given as the first argument instead of several arguments."""
    if len(scenarios) == 1 and isinstance(scenarios[0], (list, tuple)):
        scenarios = tuple(scenarios[0])
    designs = [_scenario(s, f"scenario {i}") for i, s in enumerate(scenarios)]
    names = list(labels) if labels is not None else [s.file for s in designs]
    return CompareResult(_native.compare(designs, names, replications, seed, horizon, warmup, threads))


#: Settings of a sweep: a TOML path and the values it takes.
Settings = Mapping[str, Iterable[Any]]


def _settings(settings: Settings) -> List[Tuple[str, List[str]]]:
    """The settings as the command line writes them (``--set PATH=V1,V2``):
    strings as given, numbers, booleans and lists as TOML."""
    if not isinstance(settings, Mapping):
        raise TypeError(
            "settings: expected a dict of TOML path -> values, like {\"traffic[0].arrivals.calls_per_hour\": [1200, 2400]}"
        )
    out = []
    for path, values in settings.items():
        if not isinstance(path, str):
            raise TypeError(f"settings: a path is a string like \"number[0].max_concurrent\", got {path!r}")
        if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
            raise TypeError(f"{path}: expected a list of values, got {values!r}")
        out.append((path, [_native._setting_text(v, path) for v in values]))
    return out


def sweep(
    scenario: Scenario,
    settings: Settings,
    replications: Optional[int] = None,
    seed: Optional[int] = None,
    horizon: Optional[Duration] = None,
    threads: Optional[int] = None,
    *,
    warmup: Optional[Duration] = None,
    client: Any = None,
    shards: Optional[int] = None,
) -> SweepResult:
    """One run per point of a grid of settings, as ``callsim sweep --set
    PATH=V1,V2,... --format json`` does.

    ``settings`` maps TOML paths (as validation errors name them:
    ``"traffic[0].arrivals.calls_per_hour"``, ``"number[1].max_concurrent"``) to
    the values to try; several paths form a grid, the first varying slowest.
    Every point runs with the same seed (common random numbers).

    With ``client`` (a ``dask.distributed.Client``) the points, each split into
    ``shards`` blocks of replications (default: one per point, or enough for
    every worker thread when there are fewer points), run as Dask tasks; their
    raw outcomes are merged into exactly the report this machine would give.
    ``threads`` is then the threads of each task (default 1)."""
    sc = _scenario(scenario)
    s = _settings(settings)
    if client is None:
        if shards is not None:
            raise ValueError("shards: only with client= (a Dask client)")
        return SweepResult(_native.sweep(sc, s, replications, seed, horizon, warmup, threads))
    from . import _dask

    return SweepResult(_dask.sweep(client, sc, s, replications, seed, horizon, warmup, threads, shards))


def size(
    scenario: Scenario,
    number: str,
    target_blocking: Optional[float] = None,
    target_availability: Optional[float] = None,
    vary: str = "cap",
    replications: Optional[int] = None,
    seed: Optional[int] = None,
    horizon: Optional[Duration] = None,
    threads: Optional[int] = None,
    *,
    warmup: Optional[Duration] = None,
) -> SizeResult:
    """The smallest capacity that meets a target for ``number``, as ``callsim
    size --number N --target-blocking P --vary cap --format json`` does.

    ``number`` may name a DID bank (sized as a whole). ``vary``: ``"cap"``
    (the number's ``max_concurrent``; a bank's: each DID's), ``"channels"``
    (every link the number may use), ``"quota"`` (the instance's
    ``max_concurrent_calls``) or ``"count"`` (a bank's DIDs); give ``target_blocking`` (largest acceptable
    blocking probability) and/or ``target_availability``."""
    return SizeResult(
        _native.size(
            _scenario(scenario),
            number,
            target_blocking,
            target_availability,
            vary,
            replications,
            seed,
            horizon,
            warmup,
            threads,
        )
    )


def nines(
    scenario: Scenario,
    target_rel: float = 0.1,
    max_time: Optional[Duration] = None,
    seed: Optional[int] = None,
    horizon: Optional[Duration] = None,
    threads: Optional[int] = None,
    *,
    replications: Optional[int] = None,
    warmup: Optional[Duration] = None,
) -> NinesResult:
    """Exact availability, outage frequency and duration per number, and calls
    lost to failures per year estimated by a rare-event method, as ``callsim
    nines --format json`` does: simulated until every number's lost calls per
    year has a 95% half-width within ``target_rel`` of its mean, or for at
    most ``max_time`` of wall-clock time (default ``"60s"``)."""
    return NinesResult(
        _native.nines(_scenario(scenario), target_rel, max_time, replications, seed, horizon, warmup, threads)
    )
