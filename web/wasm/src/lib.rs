//! # callsim in the browser
//!
//! The playground (`web/`) runs the `callsim` library compiled to
//! WebAssembly in a Web Worker. This crate is the thin layer between the
//! page's JavaScript and the library: it does what the command line does
//! (`src/cli/run.rs`, `src/cli/experiments.rs`) with the same defaults, so
//! that a scenario and seed give the same report, byte for byte, as
//! `callsim run --format json`.
//!
//! - [`bundled`]: the bundled scenarios (the embedded default first);
//! - [`validate`]: every problem of a scenario text, each with its TOML path
//!   and the line it is written on;
//! - [`Session`]: one run, a replication at a time (the worker posts
//!   progress between them and can be terminated between or during them),
//!   then its JSON, table and HTML report;
//! - [`compare`]: two designs on common random numbers, the comparison's
//!   JSON, table and HTML report.
//!
//! Errors cross to JavaScript as JSON text `{"problems": [{"path", "message",
//! "line"}]}` (`line` 1-based, or `null`): bad input never panics.
//! Replications run on the calling thread: the browser gives no threads
//! without cross-origin isolation, and results do not depend on threads.

#![warn(missing_docs, missing_debug_implementations)]

#[cfg(target_arch = "wasm32")]
pub mod abi;
pub mod locate;

use callsim::experiment::compare::compare as compare_designs;
use callsim::experiment::{Runner, run_settings, try_run_replication};
use callsim::report;
use callsim::scenario::limits::{DEFAULT_MAX_CALLS_IN_PROGRESS, DEFAULT_MAX_EVENTS, Limits};
use callsim::scenario::{DEFAULT_SCENARIO_FILE, DEFAULT_SCENARIO_TOML, Scenario, ScenarioError, ScenarioSources};
use callsim::sim::{ReplicationOutcome, Tracer};
use callsim::summary::Report;
use serde::Serialize;
use std::sync::Arc;

/// Bins of the charts' time axis (as `callsim run --format html`).
const CHART_BINS: usize = 600;

/// The replication the charts show (`--chart-replication`'s default).
const CHART_REPLICATION: u64 = 0;

/// The bundled scenarios other than the default: (file as the command line
/// names it from the repository's root, text).
const BUNDLED: [(&str, &str); 9] = [
    ("scenarios/busy-week.toml", include_str!("../../../scenarios/busy-week.toml")),
    ("scenarios/carrier-outage.toml", include_str!("../../../scenarios/carrier-outage.toml")),
    ("scenarios/erlang-b-check.toml", include_str!("../../../scenarios/erlang-b-check.toml")),
    ("scenarios/large.toml", include_str!("../../../scenarios/large.toml")),
    ("scenarios/trace-replay.toml", include_str!("../../../scenarios/trace-replay.toml")),
    ("scenarios/two-platforms.toml", include_str!("../../../scenarios/two-platforms.toml")),
    ("scenarios/migration/fresh.toml", include_str!("../../../scenarios/migration/fresh.toml")),
    ("scenarios/migration/forwarding.toml", include_str!("../../../scenarios/migration/forwarding.toml")),
    ("scenarios/migration/ported.toml", include_str!("../../../scenarios/migration/ported.toml")),
];

/// The trace files the bundled scenarios replay, by the name they give them.
const TRACES: [(&str, &str); 1] = [("trace-replay.csv", include_str!("../../../scenarios/trace-replay.csv"))];

/// One problem, as the editor shows it.
#[derive(Debug, Serialize)]
pub struct Problem {
    /// TOML path of the field (`link[2].channels`); empty for the whole file.
    pub path: String,
    /// What is wrong, and what is allowed.
    pub message: String,
    /// 1-based line where the field is written, when it is.
    pub line: Option<usize>,
}

/// What JavaScript receives when a scenario is refused.
#[derive(Debug, Serialize)]
struct Refusal {
    problems: Vec<Problem>,
}

/// A bundled scenario.
#[derive(Debug, Serialize)]
struct Bundled {
    file: &'static str,
    text: &'static str,
}

/// The bundled scenarios as JSON `[{"file", "text"}]`: the embedded default
/// first (named as `callsim run` names it), then the files of `scenarios/`.
pub fn bundled() -> String {
    let mut all = vec![Bundled { file: DEFAULT_SCENARIO_FILE, text: DEFAULT_SCENARIO_TOML }];
    all.extend(BUNDLED.iter().map(|&(file, text)| Bundled { file, text }));
    serde_json::to_string(&all).unwrap_or_else(|_| "[]".into())
}

/// The trace files a scenario text may name, from the bundled ones (the
/// browser reads no file).
fn sources() -> ScenarioSources {
    TRACES.iter().fold(ScenarioSources::new(), |s, &(name, text)| s.with_file(name, text))
}

/// The problems of `error` for scenario `text`, each placed on its line.
fn problems(text: &str, error: &ScenarioError) -> Vec<Problem> {
    match error {
        ScenarioError::Syntax { line, problem, .. } => {
            vec![Problem { path: problem.path.clone(), message: problem.message.clone(), line: Some(*line) }]
        }
        ScenarioError::Invalid { problems, .. } => {
            let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
            (problems.iter().zip(locate::lines_of_paths(text, &paths)))
                .map(|(p, line)| Problem { path: p.path.clone(), message: p.message.clone(), line })
                .collect()
        }
        other => vec![Problem { path: String::new(), message: other.to_string(), line: None }],
    }
}

/// Parses, validates and checks against the command line's default limits
/// (`--max-events`, `--max-calls`) scenario `text`, named `file`.
fn load(text: &str, file: &str) -> Result<Scenario, Vec<Problem>> {
    let scenario = Scenario::from_toml_str_with_files(text, file, sources()).map_err(|e| problems(text, &e))?;
    let limits = Limits::new(DEFAULT_MAX_EVENTS, DEFAULT_MAX_CALLS_IN_PROGRESS)
        .map_err(|e| vec![Problem { path: String::new(), message: e.to_string(), line: None }])?;
    scenario
        .check_limits(limits)
        .map_err(|e| vec![Problem { path: String::new(), message: format!("{file}: {e}"), line: None }])?;
    Ok(scenario)
}

/// Refused input or a failed run, as the JSON text `{"problems": [...]}`
/// JavaScript receives (thrown as a string by the page's glue).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused(pub String);

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The JSON text JavaScript receives for refused input.
fn refusal(problems: Vec<Problem>) -> Refused {
    Refused(serde_json::to_string(&Refusal { problems }).unwrap_or_default())
}

/// A run error (the replication outgrew the engine) as a refusal.
fn run_refusal(error: impl std::fmt::Display) -> Refused {
    refusal(vec![Problem { path: String::new(), message: error.to_string(), line: None }])
}

/// What [`validate`] says of a valid scenario.
#[derive(Debug, Serialize)]
struct Valid {
    ok: bool,
    name: String,
    replications: u32,
    seed: u64,
    problems: [Problem; 0],
}

/// Checks scenario `text` (named `file`) as `callsim run` would before
/// running it. JSON: `{"ok": true, "name", "replications", "seed",
/// "problems": []}` or `{"ok": false, "problems": [{"path", "message",
/// "line"}]}`.
pub fn validate(text: &str, file: &str) -> String {
    let json = match load(text, file) {
        Ok(s) => serde_json::to_string(&Valid {
            ok: true,
            name: s.name().to_string(),
            replications: s.simulation().replications(),
            seed: s.simulation().seed(),
            problems: [],
        }),
        Err(problems) => serde_json::to_value(Refusal { problems }).map(|mut v| {
            v["ok"] = false.into();
            v.to_string()
        }),
    };
    json.unwrap_or_default()
}

/// One run of a scenario, a replication at a time: [`Session::step`] until
/// [`Session::done`] reaches [`Session::total`], then the report.
#[derive(Debug)]
pub struct Session {
    scenario: Scenario,
    outcomes: Vec<ReplicationOutcome>,
    report: Option<Report>,
}

impl Session {
    /// A run of scenario `text`, named `file` (a refusal when it is not valid).
    ///
    /// # Errors
    /// The scenario's problems, as JSON text.
    pub fn new(text: &str, file: &str) -> Result<Session, Refused> {
        let scenario = load(text, file).map_err(refusal)?;
        Ok(Session { scenario, outcomes: Vec::new(), report: None })
    }

    /// Replications the run has.
    pub fn total(&self) -> u32 {
        self.scenario.simulation().replications()
    }

    /// Replications run so far.
    pub fn done(&self) -> u32 {
        self.outcomes.len() as u32
    }

    /// Runs the next replication and returns the events it processed (0
    /// once every replication has run).
    ///
    /// # Errors
    /// When the replication outgrows the event queue.
    pub fn step(&mut self) -> Result<f64, Refused> {
        if self.done() >= self.total() {
            return Ok(0.0);
        }
        let outcome = try_run_replication(&self.scenario, self.outcomes.len() as u64).map_err(run_refusal)?;
        let events = outcome.events as f64;
        self.outcomes.push(outcome);
        Ok(events)
    }

    /// The summary of the replications run, made once they all have.
    fn report(&mut self) -> Result<&Report, Refused> {
        if self.done() < self.total() {
            return Err(run_refusal(format!("{} of {} replications have run", self.done(), self.total())));
        }
        Ok(self.report.get_or_insert_with(|| Report::new(&self.scenario, &self.outcomes)))
    }

    /// The report as `callsim run --format json` prints it.
    ///
    /// # Errors
    /// Before every replication has run.
    pub fn json(&mut self) -> Result<String, Refused> {
        Ok(self.report()?.to_json())
    }

    /// The report as `callsim run --format table` prints it.
    ///
    /// # Errors
    /// Before every replication has run.
    pub fn table(&mut self) -> Result<String, Refused> {
        Ok(report::to_table(self.report()?))
    }

    /// The decision report as `callsim run --format html` writes it: its
    /// charts show replication 0, run again with tracing.
    ///
    /// # Errors
    /// Before every replication has run, or when the traced replication
    /// outgrows the event queue.
    pub fn html(&mut self) -> Result<String, Refused> {
        self.report()?;
        let settings = run_settings(&self.scenario);
        let mut tracer = Tracer::new(self.scenario.model(), &settings, CHART_BINS);
        callsim::sim::run_replication_with(self.scenario.model(), &settings, CHART_REPLICATION, &mut tracer)
            .map_err(run_refusal)?;
        let timeline = tracer.finish();
        let report = self.report.as_ref().ok_or_else(|| run_refusal("no report"))?;
        Ok(report::html::run_html(&self.scenario, report, Some((&timeline, CHART_REPLICATION))))
    }
}

/// A comparison's renderings, for JavaScript.
#[derive(Debug, Serialize)]
struct Compared {
    json: String,
    table: String,
    html: String,
    events: u64,
}

/// Compares design `text_b` (named `file_b`) with the baseline `text_a`
/// (`file_a`) on common random numbers, as `callsim compare A B` does:
/// both run with the baseline's seed and replications. `progress` is
/// called with the replications finished so far (of twice the baseline's
/// replications; the page's glue passes its callback through
/// [`abi::callsim_compare`]). JSON `{"json", "table", "html", "events"}`: the
/// comparison as `callsim compare --format json`, `--format table` and
/// `--format html` print it, and the events of both runs.
///
/// # Errors
/// Either design's problems, as JSON text (each problem's path prefixed by
/// the design's file).
pub fn compare(
    text_a: &str,
    file_a: &str,
    text_b: &str,
    file_b: &str,
    progress: impl Fn(u32) + Send + Sync + 'static,
) -> Result<String, Refused> {
    let mut designs = Vec::with_capacity(2);
    let mut refused = Vec::new();
    for (text, file) in [(text_a, file_a), (text_b, file_b)] {
        match load(text, file) {
            Ok(s) => designs.push((file.to_string(), s)),
            Err(problems) => refused.extend(problems.into_iter().map(|p| Problem {
                message: if p.path.is_empty() { p.message } else { format!("{file}: {}", p.message) },
                ..p
            })),
        }
    }
    if !refused.is_empty() {
        return Err(refusal(refused));
    }
    let done = Arc::new(std::sync::atomic::AtomicU32::new(0));
    let counter = done.clone();
    let runner = Runner {
        threads: 1,
        progress: Some(Arc::new(move || progress(counter.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1))),
    };
    let compared = compare_designs(&designs, &runner);
    let c =
        compared.map_err(|e| refusal(problems("", &e).into_iter().map(|p| Problem { line: None, ..p }).collect()))?;
    let out = Compared {
        json: report::experiments::comparison_json(&c),
        table: report::experiments::comparison_table(&c),
        html: report::html::comparison_html(&c),
        events: c.designs.iter().map(|d| d.report.events).sum(),
    };
    serde_json::to_string(&out).map_err(run_refusal)
}
