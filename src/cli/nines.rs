//! `callsim nines`: exact availability and outage figures, and calls lost
//! to failures per year, in any report format.

use super::args::{Format, NinesArgs, load};
use super::{Failure, bad};
use callsim::experiment::nines::{NinesSettings, nines as run_nines};
use callsim::report;
use callsim::scenario::parse_duration;
use std::time::Duration;

/// Runs `callsim nines`.
pub fn nines(args: NinesArgs) -> Result<(), Failure> {
    if !(args.target_rel.is_finite() && args.target_rel > 0.0) {
        return Err(bad(format!(
            "--target-rel: must be a finite number > 0 (the largest 95% half-width over mean, like 0.1), got {}",
            args.target_rel
        )));
    }
    let max_time_s = parse_duration(&args.max_time).map_err(|e| bad(format!("--max-time: {e}")))?;
    if max_time_s <= 0.0 {
        return Err(bad(format!("--max-time: must be longer than 0, got \"{}\"", args.max_time)));
    }
    args.out.check()?;
    let (scenario, _, file) = load(args.scenario.as_deref(), &args.sim)?;
    args.exec.check_limits(&scenario, &file)?;
    let settings = NinesSettings {
        target_rel: args.target_rel,
        max_time: Duration::from_secs_f64(max_time_s),
        seed: scenario.simulation().seed(),
        threads: args.exec.threads.unwrap_or(0),
    };
    let r = run_nines(&scenario, &settings).map_err(|e| bad(format!("{file}: {e}")))?;
    if !r.reached && !args.exec.quiet {
        eprintln!(
            "callsim nines: --max-time {} ran out before every lost-calls interval was within {} of its mean ({} chunks, {:.0} simulated years); the report says so",
            args.max_time, args.target_rel, r.chunks, r.years_simulated
        );
    }
    let text = match args.out.format {
        Format::Table => report::nines::nines_table(&r),
        Format::Json => r.to_json(),
        Format::Csv => report::nines::nines_csv(&r),
        Format::Html => report::html::nines_html(&r),
    };
    args.out.write(&text)
}
