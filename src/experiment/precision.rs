//! Running until the confidence intervals are tight enough.
//!
//! Replications are added in batches until every watched metric has a 95%
//! half-width at most `relative / (1 + relative)` times its mean (Law and
//! Kelton's sequential procedure for a relative error `relative`: a
//! half-width of gamma/(1 + gamma) of the estimate bounds the error by
//! gamma of the true value), or the maximum is reached. The watched
//! metrics are each number's blocking probability and its
//! **unavailability** (1 - availability: a 5% interval on 99.9% would
//! otherwise allow an error of 5,000% on what the architect asks about),
//! except where the route structure gives the availability exactly
//! (`crate::availability`), which needs no replication. A metric whose
//! mean and half-width are both zero is exact, except an unavailability
//! with no exact figure: no outage seen is not no outage, so the rule
//! runs on. Stopping on the data observed makes the reported intervals a
//! little optimistic, so at least [`MIN_REPLICATIONS`] run before the rule
//! may stop. Batches grow by half the replications run so far, whatever
//! the thread count, so the replications chosen and the report depend on
//! the scenario and seed only.

use super::Runner;
use crate::scenario::Scenario;
use crate::stats::Summary;
use crate::summary::{PrecisionNote, Report};

/// Replications run before the sequential rule may stop (Law and Kelton
/// recommend at least 10).
pub const MIN_REPLICATIONS: u32 = 10;

/// The precision asked for.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Precision {
    /// Largest accepted ratio of 95% half-width to mean (e.g. 0.05).
    pub relative: f64,
    /// Never run more replications than this.
    pub max_replications: u32,
}

/// Ratio of half-width to mean (0 for an exact zero when `zero_is_exact`,
/// infinite for a zero mean with spread or for no interval at all).
fn relative(s: &Summary, zero_is_exact: bool) -> f64 {
    match s.ci95 {
        None => f64::INFINITY,
        Some(0.0) if s.mean == 0.0 && zero_is_exact => 0.0,
        Some(_) if s.mean == 0.0 => f64::INFINITY,
        Some(h) => h / s.mean.abs(),
    }
}

/// The widest relative interval among the metrics the rule watches (see
/// the module's documentation): `numbers.NAME.blocking_probability` or
/// `numbers.NAME.unavailability`, with its half-width over its mean.
pub fn widest(report: &Report) -> Option<(String, f64)> {
    let mut worst: Option<(String, f64)> = None;
    let mut watch = |metric: String, r: f64| {
        if worst.as_ref().is_none_or(|(_, w)| r > *w) {
            worst = Some((metric, r));
        }
    };
    for (name, n) in &report.numbers.0 {
        watch(format!("numbers.{name}.blocking_probability"), relative(&n.blocking_probability, true));
        if n.exact_availability.is_none() {
            let unavailability = Summary { mean: 1.0 - n.availability.mean, ..n.availability };
            watch(format!("numbers.{name}.unavailability"), relative(&unavailability, false));
        }
    }
    worst
}

/// The half-width over mean that [`run_to_precision`] accepts for a
/// relative error `gamma`: gamma / (1 + gamma).
pub fn accepted_relative_half_width(gamma: f64) -> f64 {
    gamma / (1.0 + gamma)
}

/// Runs `scenario` with as many replications as `precision` needs.
pub fn run_to_precision(scenario: &Scenario, precision: Precision, runner: &Runner) -> Report {
    let max = precision.max_replications.max(1) as u64;
    let mut n = (scenario.simulation.replications.max(MIN_REPLICATIONS) as u64).min(max);
    let accepted = accepted_relative_half_width(precision.relative);
    let mut outcomes = runner.replications(scenario, &(0..n).collect::<Vec<_>>());
    loop {
        let mut report = Report::new(scenario, &outcomes);
        let widest = widest(&report);
        let reached = widest.as_ref().is_none_or(|(_, r)| *r <= accepted);
        if reached || n >= max {
            report.precision =
                Some(PrecisionNote { target_relative_ci: precision.relative, reached, replications: n as u32, widest });
            return report;
        }
        let batch = (n / 2).max(1).min(max - n);
        outcomes.extend(runner.replications(scenario, &(n..n + batch).collect::<Vec<_>>()));
        n += batch;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_outage_seen_is_not_an_exact_zero_unavailability() {
        let never_seen = Summary::exact(0.0);
        assert_eq!(relative(&never_seen, true), 0.0);
        assert_eq!(relative(&never_seen, false), f64::INFINITY);
        assert_eq!(relative(&Summary { mean: 0.0, ci95: Some(0.1) }, true), f64::INFINITY);
        assert_eq!(relative(&Summary { mean: 0.5, ci95: None }, true), f64::INFINITY);
        assert!((relative(&Summary { mean: -0.5, ci95: Some(0.1) }, true) - 0.2).abs() < 1e-15);
    }

    #[test]
    fn a_relative_error_gamma_accepts_a_half_width_of_gamma_over_one_plus_gamma() {
        assert!((accepted_relative_half_width(0.05) - 0.05 / 1.05).abs() < 1e-15);
        assert!((accepted_relative_half_width(1.0) - 0.5).abs() < 1e-15);
    }
}
