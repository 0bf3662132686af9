//! Running until the confidence intervals are tight enough.
//!
//! Replications are added in batches until every number's blocking
//! probability and availability has a 95% half-width at most `relative`
//! times its mean (a metric whose mean and half-width are both zero is
//! exact), or the maximum is reached. Stopping on the data observed is a
//! sequential procedure: the reported intervals are a little optimistic
//! when the rule stops early, which is why a minimum of replications is
//! always run first (the scenario's own count, at least 3).

use super::Runner;
use crate::scenario::Scenario;
use crate::stats::Summary;
use crate::summary::{PrecisionNote, Report};

/// The precision asked for.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Precision {
    /// Largest accepted ratio of 95% half-width to mean (e.g. 0.05).
    pub relative: f64,
    /// Never run more replications than this.
    pub max_replications: u32,
}

/// Ratio of half-width to mean (0 for an exact zero, infinite for a zero
/// mean with spread or for no interval at all).
fn relative(s: &Summary) -> f64 {
    match s.ci95 {
        None => f64::INFINITY,
        Some(0.0) => 0.0,
        Some(_) if s.mean == 0.0 => f64::INFINITY,
        Some(h) => h / s.mean.abs(),
    }
}

/// The widest relative interval among the metrics the rule watches.
pub fn widest(report: &Report) -> Option<(String, f64)> {
    let mut worst: Option<(String, f64)> = None;
    for (name, n) in &report.numbers.0 {
        for (metric, s) in [("blocking_probability", &n.blocking_probability), ("availability", &n.availability)] {
            let r = relative(s);
            if worst.as_ref().is_none_or(|(_, w)| r > *w) {
                worst = Some((format!("numbers.{name}.{metric}"), r));
            }
        }
    }
    worst
}

/// Runs `scenario` with as many replications as `precision` needs.
pub fn run_to_precision(scenario: &Scenario, precision: Precision, runner: &Runner) -> Report {
    let max = precision.max_replications.max(1) as u64;
    let mut n = (scenario.simulation.replications.max(3) as u64).min(max);
    let mut outcomes = runner.replications(scenario, &(0..n).collect::<Vec<_>>());
    loop {
        let mut report = Report::new(scenario, &outcomes);
        let widest = widest(&report);
        let reached = widest.as_ref().is_none_or(|(_, r)| *r <= precision.relative);
        if reached || n >= max {
            report.precision =
                Some(PrecisionNote { target_relative_ci: precision.relative, reached, replications: n as u32, widest });
            return report;
        }
        let threads = if runner.threads == 0 { rayon::current_num_threads() } else { runner.threads } as u64;
        let batch = (n / 2).max(threads).min(max - n);
        outcomes.extend(runner.replications(scenario, &(n..n + batch).collect::<Vec<_>>()));
        n += batch;
    }
}
