//! Argument parsing and command dispatch.

mod output;

use anyhow::Context;
use callsim::report::{self, Report};
use callsim::scenario::{DEFAULT_SCENARIO_FILE, DEFAULT_SCENARIO_TOML, MAX_REPLICATIONS, Scenario, parse_duration};
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

/// Simulates how phone calls reach a contact center: toll-free and DID
/// designs, carriers, links, availability zones; blocking, saturation and
/// availability with confidence intervals.
#[derive(Parser, Debug)]
#[command(name = "callsim", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Simulate a scenario and print a report.
    Run(RunArgs),
    /// Check a scenario: print what is wrong, or a one-line summary.
    Validate {
        /// The scenario file (TOML).
        scenario: PathBuf,
    },
}

/// Report formats.
#[derive(Clone, Copy, Debug, ValueEnum)]
enum Format {
    /// Aligned tables for people.
    Table,
    /// One JSON object (the contract's keys).
    Json,
    /// Tidy CSV: section,name,metric,mean,ci95.
    Csv,
}

#[derive(clap::Args, Debug)]
struct RunArgs {
    /// The scenario file (TOML); without it, the bundled default
    /// (scenarios/tollfree-vs-did.toml).
    scenario: Option<PathBuf>,
    /// Replications to run (overrides [simulation] replications).
    #[arg(long, short = 'r')]
    replications: Option<u32>,
    /// Base seed of the random streams (overrides [simulation] seed).
    #[arg(long, short = 's')]
    seed: Option<u64>,
    /// Measured simulated time per replication, like "7d" (overrides [simulation] horizon).
    #[arg(long)]
    horizon: Option<String>,
    /// Warm-up per replication, like "1h" (overrides [simulation] warmup).
    #[arg(long)]
    warmup: Option<String>,
    /// Report format.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Write the report to this file (atomically) instead of standard output.
    #[arg(long, short = 'o')]
    output: Option<PathBuf>,
}

/// An error with its exit code: 2 for bad input, 1 for internal errors.
pub struct Failure {
    code: u8,
    error: anyhow::Error,
}

fn bad_input(error: impl Into<anyhow::Error>) -> Failure {
    Failure { code: 2, error: error.into() }
}

/// Runs the command line; the exit code follows the contract.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // Usage errors exit 2; --help and --version exit 0.
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let outcome = std::panic::catch_unwind(|| dispatch(cli));
    match outcome {
        Ok(Ok(())) => ExitCode::SUCCESS,
        Ok(Err(f)) => {
            eprintln!("error: {}", message(&f.error));
            ExitCode::from(f.code)
        }
        Err(_) => {
            eprintln!("error: internal error (a bug in callsim; please report it with the scenario)");
            ExitCode::from(1)
        }
    }
}

/// The error and its causes, joined by ": ", skipping a cause that the text
/// already says (an I/O error is often both shown and kept as the source).
fn message(error: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in error.chain() {
        let cause = cause.to_string();
        if text.is_empty() {
            text = cause;
        } else if !text.contains(&cause) {
            text = format!("{text}: {cause}");
        }
    }
    text
}

fn dispatch(cli: Cli) -> Result<(), Failure> {
    match cli.command {
        Command::Run(args) => run(args),
        Command::Validate { scenario } => validate(scenario),
    }
}

fn load(path: &Option<PathBuf>) -> Result<Scenario, Failure> {
    match path {
        Some(p) => Scenario::load(p).map_err(bad_input),
        None => Scenario::from_toml_str(DEFAULT_SCENARIO_TOML, DEFAULT_SCENARIO_FILE).map_err(bad_input),
    }
}

/// Applies the command-line overrides to the scenario's settings.
fn apply_overrides(scenario: &mut Scenario, args: &RunArgs) -> Result<(), Failure> {
    let sim = &mut scenario.simulation;
    if let Some(r) = args.replications {
        if r == 0 || r > MAX_REPLICATIONS {
            return Err(bad_input(anyhow::anyhow!(
                "--replications: must be between 1 and {MAX_REPLICATIONS}, got {r}"
            )));
        }
        sim.replications = r;
    }
    if let Some(s) = args.seed {
        sim.seed = s;
    }
    if let Some(h) = &args.horizon {
        let h = parse_duration(h).map_err(|e| bad_input(anyhow::anyhow!("--horizon: {e}")))?;
        if h <= 0.0 {
            return Err(bad_input(anyhow::anyhow!("--horizon: must be > 0, like \"7d\"")));
        }
        sim.horizon_s = h;
    }
    if let Some(w) = &args.warmup {
        sim.warmup_s = parse_duration(w).map_err(|e| bad_input(anyhow::anyhow!("--warmup: {e}")))?;
    }
    Ok(())
}

fn run(args: RunArgs) -> Result<(), Failure> {
    let mut scenario = load(&args.scenario)?;
    apply_overrides(&mut scenario, &args)?;
    // Refuse an unwritable --output before simulating, not after.
    if let Some(path) = &args.output {
        output::check_writable(path).map_err(bad_input)?;
    }
    let report: Report = callsim::experiment::run(&scenario);
    let text = match args.format {
        Format::Table => report::to_table(&report),
        Format::Json => report.to_json(),
        Format::Csv => report::to_csv(&report),
    };
    match &args.output {
        Some(path) => output::write_atomically(path, text.as_bytes())
            .with_context(|| format!("--output {}", path.display()))
            .map_err(bad_input),
        None => output::print(&text).map_err(|e| Failure { code: 1, error: e }),
    }
}

fn validate(path: PathBuf) -> Result<(), Failure> {
    let scenario = load(&Some(path.clone()))?;
    let m = &scenario.model;
    let tollfree = m.numbers.iter().filter(|n| n.kind == callsim::model::NumberKind::TollFree).count();
    let erlangs: f64 = m.offered_erlangs().iter().sum();
    let s = &scenario.simulation;
    println!(
        "ok: {}: \"{}\": {} AZ(s), {} carrier(s), {} link(s), {} number(s) ({} toll-free, {} DID), {} traffic source(s), {:.2} Erlangs offered; {} replication(s) x {} after {} warm-up, seed {}",
        path.display(),
        scenario.name,
        m.azs.len(),
        m.carriers.len(),
        m.links.len(),
        m.numbers.len(),
        tollfree,
        m.numbers.len() - tollfree,
        m.traffic.len(),
        erlangs,
        s.replications,
        callsim::engine::time::format_duration(s.horizon_s),
        callsim::engine::time::format_duration(s.warmup_s),
        s.seed,
    );
    Ok(())
}
