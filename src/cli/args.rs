//! Command-line arguments shared by the commands, and how they apply.

use super::{Failure, bad, bad_input, output};
use callsim::experiment::Runner;
use callsim::scenario::limits::{DEFAULT_MAX_CALLS_IN_PROGRESS, DEFAULT_MAX_EVENTS, LimitKind, Limits};
use callsim::scenario::{
    DEFAULT_SCENARIO_FILE, DEFAULT_SCENARIO_TOML, MAX_REPLICATIONS, Scenario, ScenarioError, ScenarioSources,
    parse_duration, read_text,
};
use clap::ValueEnum;
use std::path::{Path, PathBuf};

/// Report formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned tables for people.
    Table,
    /// One JSON object (the contract's keys).
    Json,
    /// CSV in long form.
    Csv,
    /// One self-contained HTML page: verdict, tables and charts (inline SVG, no network).
    Html,
}

/// Overrides of the scenario's `[simulation]`.
#[derive(clap::Args, Debug)]
pub struct SimArgs {
    /// Replications to run (overrides [simulation] replications).
    #[arg(long, short = 'r')]
    pub replications: Option<u32>,
    /// Base seed of the random streams (overrides [simulation] seed).
    #[arg(long, short = 's')]
    pub seed: Option<u64>,
    /// Measured simulated time per replication, like "7d" (overrides [simulation] horizon).
    #[arg(long)]
    pub horizon: Option<String>,
    /// Warm-up per replication, like "1h" (overrides [simulation] warmup),
    /// or "auto": the time calls in progress take to fill up to within 1%
    /// of their steady state from empty (with redials), rounded up to the minute.
    #[arg(long)]
    pub warmup: Option<String>,
}

impl SimArgs {
    /// Checks the overrides, before anything runs.
    pub fn parse(&self) -> Result<Overrides, Failure> {
        if let Some(r) = self.replications
            && (r == 0 || r > MAX_REPLICATIONS)
        {
            return Err(bad(format!("--replications: must be between 1 and {MAX_REPLICATIONS}, got {r}")));
        }
        let horizon_s = match &self.horizon {
            None => None,
            Some(h) => match parse_duration(h).map_err(|e| bad(format!("--horizon: {e}")))? {
                h if h <= 0.0 => return Err(bad("--horizon: must be > 0, like \"7d\"")),
                h => Some(h),
            },
        };
        let warmup_s = match self.warmup.as_deref() {
            None => None,
            Some("auto") => Some(Warmup::Auto),
            Some(w) => Some(Warmup::Fixed(parse_duration(w).map_err(|e| bad(format!("--warmup: {e}, or \"auto\"")))?)),
        };
        Ok(Overrides { replications: self.replications, seed: self.seed, horizon_s, warmup_s })
    }
}

/// Checked overrides of `[simulation]`.
#[derive(Clone, Copy, Debug)]
pub struct Overrides {
    replications: Option<u32>,
    seed: Option<u64>,
    horizon_s: Option<f64>,
    warmup_s: Option<Warmup>,
}

/// A warm-up override.
#[derive(Clone, Copy, Debug)]
enum Warmup {
    /// This many seconds.
    Fixed(f64),
    /// What the design needs (`Model::warmup_need`), rounded up to the minute.
    Auto,
}

impl Overrides {
    /// `scenario` with them applied, validated again.
    pub fn apply(&self, scenario: &Scenario) -> Result<Scenario, ScenarioError> {
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
        match self.warmup_s {
            Some(Warmup::Fixed(w)) => s = s.with_warmup_s(w)?,
            Some(Warmup::Auto) => {
                let need = s.model().warmup_need().needed_s;
                s = s.with_warmup_s((need / 60.0).ceil() * 60.0)?;
            }
            None => {}
        }
        Ok(s)
    }
}

/// How replications are executed.
#[derive(clap::Args, Debug)]
pub struct ExecArgs {
    /// Worker threads, at least 1 (default: one per core). Results do not depend on it.
    #[arg(long, short = 'j')]
    pub threads: Option<usize>,
    /// No progress bar.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Refuse designs expecting more events per replication than this (at most 1e12).
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_EVENTS)]
    pub max_events: f64,
    /// Refuse designs expecting more calls in progress at once than this (at most 1.6e7).
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_CALLS_IN_PROGRESS)]
    pub max_calls: f64,
}

impl ExecArgs {
    /// Refuses `--threads 0` (leave the flag out for one thread per core).
    pub fn check_threads(&self) -> Result<(), Failure> {
        match self.threads {
            Some(0) => Err(bad("--threads: must be at least 1, got 0 (leave --threads out for one thread per core)")),
            _ => Ok(()),
        }
    }

    /// Says on standard error, before anything runs, when `runs` (each a
    /// scenario and its replications) are expected to take more than a
    /// minute: expected events x replications / a nominal speed of
    /// [`NOMINAL_EVENTS_PER_S`] per thread (the progress bar then gives the ETA).
    pub fn warn_if_long<'a>(&self, runs: impl IntoIterator<Item = (&'a Scenario, u64)>) {
        let threads = self.threads.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
        let (mut events, mut replications, mut seconds) = (0.0, 0u64, 0.0);
        for (scenario, reps) in runs {
            let per = scenario.expected_events_per_replication();
            events += per * reps as f64;
            replications += reps;
            // Replications run in parallel, one per thread.
            let waves = reps.div_ceil(threads.max(1) as u64) as f64;
            seconds += per * waves / NOMINAL_EVENTS_PER_S;
        }
        if seconds > 60.0 {
            eprintln!(
                "note: about {events:.2e} events in all ({replications} replication(s)): at about {:.0} M events/s per thread on {threads} thread(s), roughly {}; the progress bar shows the ETA (Ctrl-C stops; a shorter --horizon or fewer --replications cut it)",
                NOMINAL_EVENTS_PER_S / 1e6,
                human_time(seconds)
            );
        }
    }

    /// Refuses a design beyond --max-events or --max-calls, naming its file.
    pub fn check_limits(&self, scenario: &Scenario, file: &str) -> Result<(), Failure> {
        self.check_threads()?;
        let limits = Limits::new(self.max_events, self.max_calls).map_err(|e| {
            let flag = match e.limit {
                LimitKind::Events => "--max-events",
                LimitKind::Calls => "--max-calls",
            };
            bad(format!("{flag}: {e}"))
        })?;
        scenario.check_limits(limits).map_err(|e| bad(format!("{file}: {e}")))
    }

    /// A runner with this thread count and, unless quiet, a progress bar
    /// over `total` replications (unknown: a spinner).
    pub fn runner(&self, total: Option<u64>) -> (Runner, super::progress::Bar) {
        let bar = super::progress::Bar::new(total, self.quiet);
        let runner = Runner { threads: self.threads.unwrap_or(0), progress: Some(bar.callback()) };
        (runner, bar)
    }
}

/// The speed the run-time estimate assumes, events per second per thread:
/// below what the benches measure on one core (9 to 19 M events/s, see the
/// README's performance section), so the estimate errs long.
pub const NOMINAL_EVENTS_PER_S: f64 = 5e6;

/// Seconds as people say them: `3 min`, `2.5 h`, `4.1 days`.
fn human_time(seconds: f64) -> String {
    match seconds {
        s if s < 3_600.0 => format!("{:.0} min", (s / 60.0).ceil()),
        s if s < 86_400.0 => format!("{:.1} h", s / 3_600.0),
        s => format!("{:.1} days", s / 86_400.0),
    }
}

/// Where and how the report goes.
#[derive(clap::Args, Debug)]
pub struct OutArgs {
    /// Report format.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Write the report to this file (atomically) instead of standard output.
    #[arg(long, short = 'o')]
    pub output: Option<PathBuf>,
}

impl OutArgs {
    /// Refuses an unwritable --output before any simulation runs.
    pub fn check(&self) -> Result<(), Failure> {
        match &self.output {
            Some(path) => output::check_writable("--output", path).map_err(bad_input),
            None => Ok(()),
        }
    }

    /// Writes `text` to --output (atomically) or standard output.
    pub fn write(&self, text: &str) -> Result<(), Failure> {
        match &self.output {
            Some(path) => output::write_atomically(path, text.as_bytes())
                .map_err(|e| bad(format!("--output {}: {e}", path.display()))),
            None => output::print(text).map_err(|e| Failure { code: 1, error: e }),
        }
    }
}

/// `callsim nines`.
#[derive(clap::Args, Debug)]
pub struct NinesArgs {
    /// The scenario file (TOML); without it, the bundled default (scenarios/tollfree-vs-did.toml)
    pub scenario: Option<PathBuf>,
    /// Stop once every number's lost calls per year has a 95% half-width at most this fraction of its mean (> 0)
    #[arg(long, value_name = "R", default_value_t = 0.1, allow_negative_numbers = true)]
    pub target_rel: f64,
    /// Stop adding simulated years after this much wall-clock time, like "60s" or "5m"
    #[arg(long, value_name = "DUR", default_value = "60s")]
    pub max_time: String,
    #[command(flatten)]
    pub sim: SimArgs,
    #[command(flatten)]
    pub exec: ExecArgs,
    #[command(flatten)]
    pub out: OutArgs,
}

/// `callsim run`.
#[derive(clap::Args, Debug)]
pub struct RunArgs {
    /// The scenario file (TOML); without it, the bundled default
    /// (scenarios/tollfree-vs-did.toml).
    pub scenario: Option<PathBuf>,
    #[command(flatten)]
    pub sim: SimArgs,
    #[command(flatten)]
    pub exec: ExecArgs,
    #[command(flatten)]
    pub out: OutArgs,
    /// Add replications until every blocking and availability 95% half-width
    /// is at most REL times its mean (e.g. 0.05), up to --max-replications.
    #[arg(long, value_name = "REL")]
    pub target_ci: Option<f64>,
    /// The most replications --target-ci may run.
    #[arg(long, default_value_t = 1000)]
    pub max_replications: u32,
    /// Run only shard I of N (0-based) of the replications and write a shard
    /// file (needs --format json) for `callsim merge`.
    #[arg(long, value_name = "I/N")]
    pub shard: Option<String>,
    /// Also write every call of one replication to this CSV file (arrival,
    /// number, carrier, link, outcome, cause, end), warm-up included.
    #[arg(long, value_name = "FILE.csv")]
    pub calls: Option<PathBuf>,
    /// The replication --calls records (0-based).
    #[arg(long, value_name = "K", default_value_t = 0)]
    pub calls_replication: u64,
    /// With --format html: the replication the charts show (0-based).
    #[arg(long, value_name = "K", default_value_t = 0)]
    pub chart_replication: u64,
}

/// `callsim report`.
#[derive(clap::Args, Debug)]
pub struct ReportArgs {
    /// One scenario (its decision report), or two or more designs to compare
    /// (the first is the baseline); without any, the bundled default.
    pub scenarios: Vec<PathBuf>,
    #[command(flatten)]
    pub sim: SimArgs,
    #[command(flatten)]
    pub exec: ExecArgs,
    /// Write the page to this file (atomically) instead of standard output.
    #[arg(long, short = 'o')]
    pub output: Option<PathBuf>,
    /// The replication the charts of a single scenario show (0-based).
    #[arg(long, value_name = "K", default_value_t = 0)]
    pub chart_replication: u64,
}

/// `callsim compare`.
#[derive(clap::Args, Debug)]
pub struct CompareArgs {
    /// Two or more scenario files; the first is the baseline.
    #[arg(num_args = 2.., required = true)]
    pub scenarios: Vec<PathBuf>,
    #[command(flatten)]
    pub sim: SimArgs,
    #[command(flatten)]
    pub exec: ExecArgs,
    #[command(flatten)]
    pub out: OutArgs,
    /// Double the replications until every decision metric's paired 95%
    /// interval (availability, blocking, dropped, cost against the baseline)
    /// excludes 0 or is at most REL times the baseline's value on each side
    /// (e.g. 0.05), up to --max-replications.
    #[arg(long, value_name = "REL")]
    pub target_ci: Option<f64>,
    /// The most replications --target-ci may run.
    #[arg(long, default_value_t = 1000)]
    pub max_replications: u32,
}

/// `callsim sweep`.
#[derive(clap::Args, Debug)]
pub struct SweepArgs {
    /// The scenario file.
    pub scenario: PathBuf,
    /// PATH=V1,V2,...: a scenario key by its TOML path and the values to
    /// try (use ';' between values that hold commas). Repeat for a grid.
    #[arg(long = "set", value_name = "PATH=V1,V2,...", required = true)]
    pub set: Vec<String>,
    #[command(flatten)]
    pub sim: SimArgs,
    #[command(flatten)]
    pub exec: ExecArgs,
    #[command(flatten)]
    pub out: OutArgs,
}

/// What `callsim size` varies.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Vary {
    /// The number's max_concurrent.
    Cap,
    /// The channels of every link the number may use.
    Channels,
    /// The instance's max_concurrent_calls.
    Quota,
    /// The DIDs of a bank (its count), each with the bank's cap.
    Count,
    /// The agents of a queue (with --queue).
    Agents,
}

/// What `callsim size --queue ... --then-number` varies after the agents.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ThenVary {
    /// The number's max_concurrent.
    Cap,
    /// The channels of every link the number may use.
    Channels,
    /// The instance's max_concurrent_calls.
    Quota,
    /// The DIDs of a bank (its count), each with the bank's cap.
    Count,
}

/// `callsim size`.
#[derive(clap::Args, Debug)]
pub struct SizeArgs {
    /// The scenario file.
    pub scenario: PathBuf,
    /// The number whose blocking or availability must meet the target, or a
    /// DID bank by its name (the bank's blocking and availability as a whole).
    #[arg(long, required_unless_present = "queue")]
    pub number: Option<String>,
    /// The queue whose agents to size (with --vary agents).
    #[arg(long, conflicts_with = "number")]
    pub queue: Option<String>,
    /// Smallest acceptable service level of the queue (e.g. 0.8).
    #[arg(long, value_name = "S")]
    pub target_service_level: Option<f64>,
    /// Largest acceptable abandonment share of the queue (e.g. 0.05).
    #[arg(long, value_name = "X")]
    pub target_abandonment: Option<f64>,
    /// The service level's threshold (e.g. 20s; default: the queue's answer_within).
    #[arg(long, value_name = "DURATION")]
    pub answer_within: Option<String>,
    /// Largest acceptable blocking probability (e.g. 0.01).
    #[arg(long, value_name = "P")]
    pub target_blocking: Option<f64>,
    /// Smallest acceptable availability (e.g. 0.9999).
    #[arg(long, value_name = "A")]
    pub target_availability: Option<f64>,
    /// What to size.
    #[arg(long, value_enum, default_value_t = Vary::Cap)]
    pub vary: Vary,
    /// With --queue: after the agents, size this number or DID bank's
    /// capacity (--then-vary) for --target-blocking and/or
    /// --target-availability, with the agents found.
    #[arg(long, value_name = "NAME", requires = "queue")]
    pub then_number: Option<String>,
    /// With --then-number: the capacity to size after the agents.
    #[arg(long, value_enum, default_value_t = ThenVary::Cap, requires = "then_number")]
    pub then_vary: ThenVary,
    #[command(flatten)]
    pub sim: SimArgs,
    #[command(flatten)]
    pub exec: ExecArgs,
    #[command(flatten)]
    pub out: OutArgs,
}

/// `callsim merge`.
#[derive(clap::Args, Debug)]
pub struct MergeArgs {
    /// Shard files written by `callsim run --shard I/N --format json`.
    #[arg(required = true)]
    pub parts: Vec<PathBuf>,
    #[command(flatten)]
    pub out: OutArgs,
}

/// The text of a scenario and how to name it: the file, or the bundled default.
pub fn scenario_text(path: Option<&Path>) -> Result<(String, String), Failure> {
    match path {
        Some(p) => Ok((read_text(p).map_err(bad_input)?, p.display().to_string())),
        None => Ok((DEFAULT_SCENARIO_TOML.to_string(), DEFAULT_SCENARIO_FILE.to_string())),
    }
}

/// The trace files scenario `text` (read from `path`) names, read from its
/// folder; the bundled default names none.
pub fn scenario_sources(path: Option<&Path>, text: &str, file: &str) -> ScenarioSources {
    match path {
        Some(_) => ScenarioSources::read(text, file),
        None => ScenarioSources::new(),
    }
}

/// Loads and validates a scenario (and the trace files it names), then applies the overrides.
pub fn load(path: Option<&Path>, sim: &SimArgs) -> Result<(Scenario, String, String), Failure> {
    let (text, file) = scenario_text(path)?;
    let overrides = sim.parse()?;
    let sources = scenario_sources(path, &text, &file);
    let scenario = Scenario::from_toml_str_with_files(&text, &file, sources)
        .and_then(|s| overrides.apply(&s))
        .map_err(bad_input)?;
    for w in scenario.warnings() {
        eprintln!("warning: {w}");
    }
    Ok((scenario, text, file))
}
