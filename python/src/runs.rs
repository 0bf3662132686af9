//! The experiments, as the command line runs them: the same overrides in
//! the same order, the same size limits, the same JSON renderers. Each
//! returns the JSON text the CLI prints with `--format json`.

use crate::errors::{Fail, Outcome, message};
use crate::interrupt::run_released;
use crate::scenario::{PyScenario, value_of};
use callsim::experiment::Runner;
use callsim::experiment::compare::compare as compare_designs;
use callsim::experiment::nines::{NinesSettings, nines as run_nines};
use callsim::experiment::size::{Capacity, Targets, size as size_capacity};
use callsim::experiment::sweep::{self as sweeps, Setting, SweepPoint};
use callsim::report::experiments as render;
use callsim::scenario::limits::{DEFAULT_MAX_CALLS_IN_PROGRESS, DEFAULT_MAX_EVENTS, Limits};
use callsim::scenario::{MAX_REPLICATIONS, Scenario, ScenarioError, parse_duration};
use callsim::sim::ReplicationOutcome;
use callsim::summary::Report;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyFloat, PyInt, PyString};
use std::time::Duration;

/// Checked overrides of a scenario's `[simulation]` (the CLI's
/// `--replications`, `--seed`, `--horizon`, `--warmup`).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Overrides {
    replications: Option<u32>,
    seed: Option<u64>,
    horizon_s: Option<f64>,
    warmup_s: Option<f64>,
}

impl Overrides {
    /// Checks the overrides as the CLI does, naming the keyword.
    pub(crate) fn new(
        replications: Option<&Bound<'_, PyAny>>,
        seed: Option<&Bound<'_, PyAny>>,
        horizon: Option<&Bound<'_, PyAny>>,
        warmup: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Overrides> {
        let replications = match replications {
            None => None,
            Some(r) => {
                let bad = || {
                    PyValueError::new_err(format!("replications: must be between 1 and {MAX_REPLICATIONS}, got {r}"))
                };
                let n: i64 = if is_int(r) { r.extract().map_err(|_| bad())? } else { return Err(bad()) };
                if n < 1 || n > MAX_REPLICATIONS as i64 {
                    return Err(bad());
                }
                Some(n as u32)
            }
        };
        let seed = match seed {
            None => None,
            Some(s) => {
                let bad = || PyValueError::new_err(format!("seed: must be an integer from 0 to 2**64 - 1, got {s}"));
                if !is_int(s) {
                    return Err(bad());
                }
                Some(s.extract::<u64>().map_err(|_| bad())?)
            }
        };
        let horizon_s = match horizon {
            None => None,
            Some(h) => match duration_s(h, "horizon")? {
                h if h <= 0.0 => return Err(PyValueError::new_err("horizon: must be > 0, like \"7d\"")),
                h => Some(h),
            },
        };
        let warmup_s = match warmup {
            None => None,
            Some(w) => Some(duration_s(w, "warmup")?),
        };
        Ok(Overrides { replications, seed, horizon_s, warmup_s })
    }

    /// `scenario` with them applied, validated again (the CLI's order).
    pub(crate) fn apply(&self, scenario: &Scenario) -> Result<Scenario, ScenarioError> {
        let mut s = scenario.clone();
        if let Some(r) = self.replications {
            s = s.with_replications(r)?;
        }
        if let Some(seed) = self.seed {
            s = s.with_seed(seed)?;
        }
        if let Some(h) = self.horizon_s {
            s = s.with_horizon_s(h)?;
        }
        if let Some(w) = self.warmup_s {
            s = s.with_warmup_s(w)?;
        }
        Ok(s)
    }
}

/// An `int` that is not a `bool` (`True` is not a replication count).
fn is_int(v: &Bound<'_, PyAny>) -> bool {
    v.is_instance_of::<PyInt>() && !v.is_instance_of::<PyBool>()
}

/// A duration given as a string with a unit (`"7d"`) or as seconds.
fn duration_s(v: &Bound<'_, PyAny>, name: &str) -> PyResult<f64> {
    if let Ok(s) = v.cast::<PyString>() {
        let text = s.to_string();
        return parse_duration(&text).map_err(|e| PyValueError::new_err(format!("{name}: {e}")));
    }
    if (v.is_instance_of::<PyInt>() || v.is_instance_of::<PyFloat>())
        && let Ok(x) = v.extract::<f64>()
        && x.is_finite()
        && x >= 0.0
    {
        return Ok(x);
    }
    Err(PyValueError::new_err(format!(
        "{name}: expected a duration like \"7d\" or \"90s\", or seconds as a finite number >= 0, got {v}"
    )))
}

/// The runner for `threads` (None: one per core).
fn runner(threads: Option<i64>) -> PyResult<Runner> {
    match threads {
        None => Ok(Runner::with_threads(0)),
        Some(t) if t >= 1 => Ok(Runner::with_threads(t as usize)),
        Some(t) => Err(PyValueError::new_err(format!("threads: must be at least 1 (None: one per core), got {t}"))),
    }
}

/// Refuses a design the CLI's default `--max-events` / `--max-calls` refuse.
fn check_limits(scenario: &Scenario, file: &str) -> Outcome<()> {
    let limits = Limits::new(DEFAULT_MAX_EVENTS, DEFAULT_MAX_CALLS_IN_PROGRESS)
        .map_err(|e| Fail::Internal(format!("the default limits: {e}")))?;
    scenario.check_limits(limits).map_err(|e| Fail::Value(format!("{file}: {}", message(&e))))
}

/// `scenario` with the overrides applied and checked, as `callsim` loads it.
fn prepared(scenario: &PyScenario, overrides: &Overrides) -> Outcome<Scenario> {
    let s = overrides.apply(&scenario.inner).map_err(|e| Fail::scenario("", &e))?;
    check_limits(&s, &scenario.file)?;
    Ok(s)
}

/// A run error (a replication too large for the engine) as a `ValueError`.
fn too_large(e: callsim::sim::RunError) -> Fail {
    Fail::Value(message(&e))
}

/// The JSON report of every replication of `scenario` (`callsim run --format json`).
#[pyfunction]
#[pyo3(signature = (scenario, replications = None, seed = None, horizon = None, warmup = None, threads = None))]
pub(crate) fn run(
    py: Python<'_>,
    scenario: &Bound<'_, PyScenario>,
    replications: Option<&Bound<'_, PyAny>>,
    seed: Option<&Bound<'_, PyAny>>,
    horizon: Option<&Bound<'_, PyAny>>,
    warmup: Option<&Bound<'_, PyAny>>,
    threads: Option<i64>,
) -> PyResult<String> {
    let overrides = Overrides::new(replications, seed, horizon, warmup)?;
    let runner = runner(threads)?;
    let scenario = scenario.get().clone();
    run_released(py, move || {
        let s = prepared(&scenario, &overrides)?;
        Ok(runner.try_run(&s).map_err(too_large)?.to_json())
    })
}

/// The JSON comparison of `scenarios` (`callsim compare --format json`),
/// labelled by `labels`, on common random numbers; the first is the baseline.
#[pyfunction]
#[pyo3(signature = (scenarios, labels, replications = None, seed = None, horizon = None, warmup = None, threads = None))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn compare(
    py: Python<'_>,
    scenarios: Vec<Bound<'_, PyScenario>>,
    labels: Vec<String>,
    replications: Option<&Bound<'_, PyAny>>,
    seed: Option<&Bound<'_, PyAny>>,
    horizon: Option<&Bound<'_, PyAny>>,
    warmup: Option<&Bound<'_, PyAny>>,
    threads: Option<i64>,
) -> PyResult<String> {
    if scenarios.len() < 2 {
        return Err(PyValueError::new_err(format!("compare: needs two or more scenarios, got {}", scenarios.len())));
    }
    if labels.len() != scenarios.len() {
        return Err(PyValueError::new_err(format!(
            "labels: one per scenario ({}), got {}",
            scenarios.len(),
            labels.len()
        )));
    }
    let overrides = Overrides::new(replications, seed, horizon, warmup)?;
    let runner = runner(threads)?;
    let designs: Vec<(String, PyScenario)> =
        labels.into_iter().zip(scenarios.iter().map(|s| s.get().clone())).collect();
    run_released(py, move || {
        let mut prepared_designs = Vec::with_capacity(designs.len());
        for (label, s) in &designs {
            prepared_designs.push((label.clone(), prepared(s, &overrides)?));
        }
        let c = compare_designs(&prepared_designs, &runner).map_err(|e| Fail::scenario("", &e))?;
        Ok(render::comparison_json(&c))
    })
}

/// A sweep's settings: (TOML path, values as the command line writes them).
pub(crate) type Settings = Vec<(String, Vec<String>)>;

/// The sweep's settings as the library's, checked (`--set PATH=...`).
fn settings_of(settings: &Settings) -> Outcome<Vec<Setting>> {
    if settings.is_empty() {
        return Err(Fail::Value(
            "sweep: give at least one setting, like {\"number[0].max_concurrent\": [50, 100]}".into(),
        ));
    }
    settings
        .iter()
        .map(|(path, values)| {
            let mut s = Setting::parse(&format!("{path}=x")).map_err(|e| Fail::Value(message(&e)))?;
            if values.is_empty() {
                return Err(Fail::Value(format!("{path}: give at least one value")));
            }
            s.values = values.clone();
            Ok(s)
        })
        .collect()
}

/// A value of a setting as the command line would write it: a string as
/// it is, anything else as its TOML text (`100`, `2400.0`, `true`, `[1, 2]`).
#[pyfunction]
pub(crate) fn _setting_text(value: &Bound<'_, PyAny>, path: &str) -> PyResult<String> {
    if let Ok(s) = value.cast::<PyString>() {
        return Ok(s.to_string());
    }
    let v = value_of(value, path)?;
    Ok(match &v {
        // Integers and floats as TOML (and Rust) write them: 1e-5 as 1e-5, 2400.0 as 2400.0.
        toml::Value::Integer(i) => i.to_string(),
        toml::Value::Float(f) => toml::Value::Float(*f).to_string(),
        other => other.to_string(),
    })
}

/// The scenario of every point of the sweep (the overrides applied, the
/// size limits checked), as `callsim sweep` builds them.
fn points(scenario: &PyScenario, settings: &[Setting], overrides: &Overrides) -> Outcome<Vec<sweeps::Point>> {
    let (text, file) = (&scenario.text, &scenario.file);
    let mut sources = scenario.inner.sources().clone();
    if settings.iter().any(|s| s.path.ends_with(".file")) {
        // Points that replay other trace files: read each once, before anything runs.
        for point in sweeps::grid(settings) {
            let t = point.iter().try_fold(text.clone(), |t, (path, value)| sweeps::apply(&t, path, value));
            if let Ok(t) = t {
                sources.read_missing(&t, file);
            }
        }
    }
    let points = sweeps::scenarios(text, file, &sources, settings, |s| overrides.apply(s)).map_err(sweep_fail)?;
    for (set, s) in &points {
        let at = set.iter().map(|(p, v)| format!("{p}={v}")).collect::<Vec<_>>().join(", ");
        check_limits(s, &format!("{file} at {at}"))?;
    }
    Ok(points)
}

/// A sweep error: a scenario problem at a point, or a setting that cannot be applied.
fn sweep_fail(e: sweeps::SweepError) -> Fail {
    match e {
        sweeps::SweepError::Invalid { point, source } => Fail::scenario(&format!("at {point}: "), &source),
        other => Fail::Value(message(&other)),
    }
}

/// The JSON sweep (`callsim sweep --format json`): one run per point of the grid.
#[pyfunction]
#[pyo3(signature = (scenario, settings, replications = None, seed = None, horizon = None, warmup = None, threads = None))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn sweep(
    py: Python<'_>,
    scenario: &Bound<'_, PyScenario>,
    settings: Settings,
    replications: Option<&Bound<'_, PyAny>>,
    seed: Option<&Bound<'_, PyAny>>,
    horizon: Option<&Bound<'_, PyAny>>,
    warmup: Option<&Bound<'_, PyAny>>,
    threads: Option<i64>,
) -> PyResult<String> {
    let overrides = Overrides::new(replications, seed, horizon, warmup)?;
    let runner = runner(threads)?;
    let scenario = scenario.get().clone();
    run_released(py, move || {
        let settings = settings_of(&settings)?;
        let points = points(&scenario, &settings, &overrides)?;
        let results = (points.into_iter())
            .map(|(set, s)| Ok(SweepPoint { set, report: runner.try_run(&s).map_err(too_large)? }))
            .collect::<Outcome<Vec<_>>>()?;
        Ok(render::sweep_json(&results))
    })
}

/// The replications of each point of a sweep, every point built and
/// checked (nothing runs): what a cluster splits into tasks.
#[pyfunction]
#[pyo3(signature = (scenario, settings, replications = None, seed = None, horizon = None, warmup = None))]
pub(crate) fn _sweep_plan(
    py: Python<'_>,
    scenario: &Bound<'_, PyScenario>,
    settings: Settings,
    replications: Option<&Bound<'_, PyAny>>,
    seed: Option<&Bound<'_, PyAny>>,
    horizon: Option<&Bound<'_, PyAny>>,
    warmup: Option<&Bound<'_, PyAny>>,
) -> PyResult<Vec<u32>> {
    let overrides = Overrides::new(replications, seed, horizon, warmup)?;
    let scenario = scenario.get().clone();
    run_released(py, move || {
        let settings = settings_of(&settings)?;
        Ok(points(&scenario, &settings, &overrides)?.iter().map(|(_, s)| s.simulation().replications()).collect())
    })
}

/// The raw outcomes (JSON; floats round-trip) of replications `indices` of
/// point `point` of a sweep: one task of a sweep on a cluster. The point's
/// scenario is built exactly as the whole sweep builds it.
#[pyfunction]
#[pyo3(signature = (scenario, settings, point, indices, replications = None, seed = None, horizon = None, warmup = None, threads = None))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn _sweep_outcomes(
    py: Python<'_>,
    scenario: &Bound<'_, PyScenario>,
    settings: Settings,
    point: usize,
    indices: Vec<u64>,
    replications: Option<&Bound<'_, PyAny>>,
    seed: Option<&Bound<'_, PyAny>>,
    horizon: Option<&Bound<'_, PyAny>>,
    warmup: Option<&Bound<'_, PyAny>>,
    threads: Option<i64>,
) -> PyResult<String> {
    let overrides = Overrides::new(replications, seed, horizon, warmup)?;
    let runner = runner(threads)?;
    let scenario = scenario.get().clone();
    run_released(py, move || {
        let settings = settings_of(&settings)?;
        let grid = sweeps::grid(&settings);
        let values = grid
            .get(point)
            .ok_or_else(|| Fail::Value(format!("point: the sweep has points 0..{}, got {point}", grid.len())))?;
        // The one point, as a grid of one: built by the same code as the whole sweep.
        let one: Vec<Setting> =
            values.iter().map(|(path, value)| Setting { path: path.clone(), values: vec![value.clone()] }).collect();
        let mut built = points(&scenario, &one, &overrides)?;
        let (_, s) = built.pop().ok_or_else(|| Fail::Internal("a grid of one point built no point".into()))?;
        let replications = s.simulation().replications() as u64;
        if let Some(&k) = indices.iter().find(|&&k| k >= replications) {
            return Err(Fail::Value(format!("indices: the point has replications 0..{replications}, got {k}")));
        }
        let outcomes = runner.try_replications(&s, &indices).map_err(too_large)?;
        serde_json::to_string(&outcomes).map_err(|e| Fail::Internal(format!("outcomes as JSON: {e}")))
    })
}

/// Merges the parts `(point, indices, outcomes JSON)` of a sweep run as
/// tasks into its JSON report: each point's outcomes in replication order,
/// summarised as the whole sweep summarises them (byte for byte the same).
#[pyfunction]
#[pyo3(signature = (scenario, settings, parts, replications = None, seed = None, horizon = None, warmup = None))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn _sweep_merge(
    py: Python<'_>,
    scenario: &Bound<'_, PyScenario>,
    settings: Settings,
    parts: Vec<(usize, Vec<u64>, String)>,
    replications: Option<&Bound<'_, PyAny>>,
    seed: Option<&Bound<'_, PyAny>>,
    horizon: Option<&Bound<'_, PyAny>>,
    warmup: Option<&Bound<'_, PyAny>>,
) -> PyResult<String> {
    let overrides = Overrides::new(replications, seed, horizon, warmup)?;
    let scenario = scenario.get().clone();
    run_released(py, move || {
        let settings = settings_of(&settings)?;
        let points = points(&scenario, &settings, &overrides)?;
        let mut slots: Vec<Vec<Option<ReplicationOutcome>>> =
            points.iter().map(|(_, s)| vec![None; s.simulation().replications() as usize]).collect();
        for (point, indices, json) in parts {
            let outcomes: Vec<ReplicationOutcome> = serde_json::from_str(&json)
                .map_err(|e| Fail::Value(format!("point {point}: not the outcomes of a sweep task: {e}")))?;
            if outcomes.len() != indices.len() {
                return Err(Fail::Value(format!(
                    "point {point}: {} outcomes for {} replication indices",
                    outcomes.len(),
                    indices.len()
                )));
            }
            let row = slots.get_mut(point).ok_or_else(|| Fail::Value(format!("point {point}: no such point")))?;
            for (k, o) in indices.into_iter().zip(outcomes) {
                match row.get_mut(k as usize) {
                    Some(slot @ None) => *slot = Some(o),
                    _ => return Err(Fail::Value(format!("point {point}: replication {k} repeated or out of range"))),
                }
            }
        }
        let mut results = Vec::with_capacity(points.len());
        for (i, ((set, s), row)) in points.into_iter().zip(slots).enumerate() {
            let missing: Vec<usize> = (row.iter().enumerate()).filter(|(_, o)| o.is_none()).map(|(k, _)| k).collect();
            if !missing.is_empty() {
                return Err(Fail::Value(format!("point {i}: replications {missing:?} missing")));
            }
            let outcomes: Vec<ReplicationOutcome> = row.into_iter().flatten().collect();
            results.push(SweepPoint { set, report: Report::new(&s, &outcomes) });
        }
        Ok(render::sweep_json(&results))
    })
}

/// The JSON sizing (`callsim size --format json`): the smallest capacity
/// (`vary`: `cap`, `channels`, `quota` or a bank's `count`) that meets the targets.
#[pyfunction]
#[pyo3(signature = (scenario, number, target_blocking = None, target_availability = None, vary = "cap", replications = None, seed = None, horizon = None, warmup = None, threads = None))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn size(
    py: Python<'_>,
    scenario: &Bound<'_, PyScenario>,
    number: String,
    target_blocking: Option<f64>,
    target_availability: Option<f64>,
    vary: &str,
    replications: Option<&Bound<'_, PyAny>>,
    seed: Option<&Bound<'_, PyAny>>,
    horizon: Option<&Bound<'_, PyAny>>,
    warmup: Option<&Bound<'_, PyAny>>,
    threads: Option<i64>,
) -> PyResult<String> {
    let capacity = match vary {
        "cap" => Capacity::Cap,
        "channels" => Capacity::Channels,
        "quota" => Capacity::Quota,
        "count" => Capacity::Count,
        other => {
            return Err(PyValueError::new_err(format!(
                "vary: one of \"cap\", \"channels\", \"quota\", \"count\", got {other:?}"
            )));
        }
    };
    let overrides = Overrides::new(replications, seed, horizon, warmup)?;
    let runner = runner(threads)?;
    let scenario = scenario.get().clone();
    let targets = Targets { blocking: target_blocking, availability: target_availability };
    run_released(py, move || {
        let s = prepared(&scenario, &overrides)?;
        let r = size_capacity(&s, &number, capacity, targets, &runner).map_err(|e| match e {
            callsim::experiment::size::SizeError::Capacity(e) => Fail::scenario("", &e),
            other => Fail::Value(keywords(&message(&other))),
        })?;
        Ok(render::size_json(&r))
    })
}

/// A message naming the command line's flags, with the keywords instead.
fn keywords(text: &str) -> String {
    text.replace("--target-blocking", "target_blocking")
        .replace("--target-availability", "target_availability")
        .replace("--target-rel", "target_rel")
        .replace("--max-time", "max_time")
        .replace("--number", "number")
}

/// The JSON nines report (`callsim nines --format json`): exact
/// availability and outage figures, calls lost to failures per year.
#[pyfunction]
#[pyo3(signature = (scenario, target_rel = 0.1, max_time = None, replications = None, seed = None, horizon = None, warmup = None, threads = None))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn nines(
    py: Python<'_>,
    scenario: &Bound<'_, PyScenario>,
    target_rel: f64,
    max_time: Option<&Bound<'_, PyAny>>,
    replications: Option<&Bound<'_, PyAny>>,
    seed: Option<&Bound<'_, PyAny>>,
    horizon: Option<&Bound<'_, PyAny>>,
    warmup: Option<&Bound<'_, PyAny>>,
    threads: Option<i64>,
) -> PyResult<String> {
    if !(target_rel.is_finite() && target_rel > 0.0) {
        return Err(PyValueError::new_err(format!(
            "target_rel: must be a finite number > 0 (the largest 95% half-width over mean, like 0.1), got {target_rel}"
        )));
    }
    let max_time_s = match max_time {
        None => 60.0,
        Some(t) => duration_s(t, "max_time")?,
    };
    if max_time_s <= 0.0 {
        return Err(PyValueError::new_err("max_time: must be longer than 0"));
    }
    let overrides = Overrides::new(replications, seed, horizon, warmup)?;
    let threads = runner(threads)?.threads;
    let scenario = scenario.get().clone();
    run_released(py, move || {
        let s = prepared(&scenario, &overrides)?;
        let settings = NinesSettings {
            target_rel,
            max_time: Duration::from_secs_f64(max_time_s),
            seed: s.simulation().seed(),
            threads,
        };
        let r = run_nines(&s, &settings).map_err(|e| Fail::Value(format!("{}: {}", scenario.file, message(&e))))?;
        Ok(r.to_json())
    })
}
