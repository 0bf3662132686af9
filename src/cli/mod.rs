//! Argument parsing and command dispatch. Each command lives in its own
//! module; all logic is in the library.

mod args;
mod calls;
mod experiments;
mod interrupt;
mod nines;
mod output;
mod progress;
mod report;
mod run;

use args::{CompareArgs, MergeArgs, NinesArgs, ReportArgs, RunArgs, SizeArgs, SweepArgs};
use clap::{Parser, Subcommand};
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
    /// Run designs on common random numbers; report paired differences with CIs.
    Compare(CompareArgs),
    /// One run per value of scenario keys (--set PATH=V1,V2,...; several form a grid).
    Sweep(SweepArgs),
    /// The smallest cap, channel count, quota or bank size that meets a blocking or availability
    /// target, or the fewest agents of a queue that meet a service level (`--queue --vary agents`).
    Size(SizeArgs),
    /// The decision report: one self-contained HTML page (verdict, tables,
    /// charts) for one scenario, or for two or more designs compared.
    Report(ReportArgs),
    /// Combine shard files (`run --shard I/N --format json`) into the whole run's report.
    Merge(MergeArgs),
    /// Exact availability, outage frequency and duration per number, bank and
    /// design; calls lost to failures per year, simulated only around failures.
    Nines(NinesArgs),
    /// Write the bundled default scenario to FILE (default scenario.toml) as a template to edit.
    Init(InitArgs),
    /// Write a bundled scenario NAME to FILE (default NAME.toml); without NAME, list them.
    Example(ExampleArgs),
}

/// `callsim init`.
#[derive(clap::Args, Debug)]
struct InitArgs {
    /// Where to write the template.
    #[arg(default_value = "scenario.toml")]
    file: PathBuf,
    /// Overwrite FILE if it exists.
    #[arg(long)]
    force: bool,
}

/// `callsim example`.
#[derive(clap::Args, Debug)]
struct ExampleArgs {
    /// The bundled scenario (without NAME: list them).
    name: Option<String>,
    /// Where to write it (default NAME.toml).
    file: Option<PathBuf>,
    /// Overwrite FILE if it exists.
    #[arg(long)]
    force: bool,
}

/// Writes `text` to `path` as a new scenario template (refusing an
/// existing file unless `force`), and says so on standard error.
fn write_template(path: &std::path::Path, text: &str, what: &str, force: bool) -> Result<(), Failure> {
    if path.exists() && !force {
        return Err(bad(format!(
            "{}: the file exists; pass --force to overwrite it, or name another file",
            path.display()
        )));
    }
    output::write_atomically(path, text.as_bytes()).map_err(|e| bad(format!("{}: {e}", path.display())))?;
    eprintln!(
        "wrote {} ({what}): edit it, check it with `callsim validate {}`, run it with `callsim run {}`",
        path.display(),
        path.display(),
        path.display()
    );
    Ok(())
}

fn init(args: InitArgs) -> Result<(), Failure> {
    write_template(&args.file, callsim::scenario::DEFAULT_SCENARIO_TOML, "the bundled default scenario", args.force)
}

fn example(args: ExampleArgs) -> Result<(), Failure> {
    use callsim::scenario::BUNDLED;
    let names = || BUNDLED.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ");
    let Some(name) = args.name else {
        let mut text = String::from("Bundled scenarios (write one with `callsim example NAME [FILE]`):\n");
        for (n, t) in BUNDLED {
            let title = t.lines().find_map(|l| l.strip_prefix("name = ")).unwrap_or("").trim_matches('"');
            text.push_str(&format!("  {n:<18} {title}\n"));
        }
        return output::print(&text).map_err(|e| Failure { code: 1, error: e });
    };
    let Some((_, text)) = BUNDLED.iter().find(|(n, _)| *n == name) else {
        return Err(bad(format!("example: no bundled scenario \"{name}\" (allowed: {})", names())));
    };
    let file = args.file.unwrap_or_else(|| PathBuf::from(format!("{name}.toml")));
    write_template(&file, text, &format!("the bundled scenario {name}"), args.force)
}

/// An error with its exit code: 2 for bad input, 1 for internal errors.
pub struct Failure {
    code: u8,
    error: anyhow::Error,
}

/// A bad-input failure (exit 2).
fn bad_input(error: impl Into<anyhow::Error>) -> Failure {
    Failure { code: 2, error: error.into() }
}

/// A bad-input failure from a message.
fn bad(message: impl std::fmt::Display) -> Failure {
    bad_input(anyhow::anyhow!("{message}"))
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
    interrupt::install();
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
        Command::Run(args) => run::run(args),
        Command::Validate { scenario } => run::validate(scenario),
        Command::Compare(args) => experiments::compare(args),
        Command::Sweep(args) => experiments::sweep(args),
        Command::Size(args) => experiments::size(args),
        Command::Merge(args) => experiments::merge(args),
        Command::Report(args) => report::report(args),
        Command::Nines(args) => nines::nines(args),
        Command::Init(args) => init(args),
        Command::Example(args) => example(args),
    }
}
