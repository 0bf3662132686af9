//! Comparing designs on common random numbers.
//!
//! Every design runs with the same seed and the same replication indices.
//! Random streams are named after what draws from them (a traffic source
//! by its number's name, an element by its own name), so numbers of the
//! same name receive the same calls and elements of the same name fail at
//! the same times in every design. The difference between two designs is
//! then measured replication by replication (a paired difference): the
//! noise both designs share cancels, and the 95% interval of the difference
//! is much narrower than the one independent runs would give.

use super::Runner;
use crate::scenario::{Scenario, ScenarioError, SimulationSettings};
use crate::sim::{LinkOutcome, NumberOutcome, ReplicationOutcome};
use crate::stats::{Summary, estimators, multiple};
use crate::summary::{Controls, Report};

/// How a metric is estimated over replications.
#[derive(Clone, Copy, Debug)]
pub enum Estimator<O> {
    /// The mean of a per-replication value (a fraction of time, a time-average).
    Mean(fn(&O) -> f64),
    /// A count that follows the callers: the mean, with the callers of the
    /// window as a control variate (`crate::stats::estimators::controlled`).
    Count(fn(&O) -> f64),
    /// A ratio of totals over replications (numerator, denominator), with
    /// its delta-method interval.
    Ratio(fn(&O) -> f64, fn(&O) -> f64),
}

/// A per-number metric: its report name and how it is estimated.
type NumberMetric = (&'static str, Estimator<NumberOutcome>);
/// A per-link metric.
type LinkMetric = (&'static str, Estimator<LinkOutcome>);

/// The per-number metrics compared, in report order.
pub const NUMBER_METRICS: [NumberMetric; 9] = [
    ("blocking_probability", Estimator::Ratio(|o| o.blocked as f64, |o| o.offered as f64)),
    ("availability", Estimator::Mean(|o| o.availability)),
    ("saturation", Estimator::Mean(|o| o.saturation)),
    ("offered", Estimator::Count(|o| o.offered as f64)),
    ("completed", Estimator::Count(|o| o.completed as f64)),
    ("blocked", Estimator::Count(|o| o.blocked as f64)),
    ("dropped", Estimator::Count(|o| o.dropped as f64)),
    ("outage_s", Estimator::Mean(|o| o.outage_s)),
    ("mean_concurrency", Estimator::Mean(|o| o.mean_concurrency)),
];

/// The per-link metrics compared.
pub const LINK_METRICS: [LinkMetric; 2] =
    [("utilization", Estimator::Mean(|o| o.utilization)), ("availability", Estimator::Mean(|o| o.availability))];

/// The familywise correction `compare` applies to its differences.
pub const CORRECTION: &str = "holm";

/// One side of a comparison: a design's outcomes and its caller groups.
struct Side<'a> {
    outcomes: &'a [ReplicationOutcome],
    controls: &'a Controls,
}

/// A metric in the baseline, in a design, and their paired difference, with
/// the degrees of freedom of the difference's interval.
fn paired<O>(
    est: Estimator<O>,
    base: &Side,
    other: &Side,
    at_base: impl Fn(&ReplicationOutcome) -> &O,
    at_other: impl Fn(&ReplicationOutcome) -> &O,
    members: (usize, usize),
) -> (Summary, Summary, Summary, usize) {
    let n = base.outcomes.len().min(other.outcomes.len());
    let (b, o) = (&base.outcomes[..n], &other.outcomes[..n]);
    let plain = |f: fn(&O) -> f64| {
        let (x, y, d) = Summary::paired(b, o, |r| f(at_base(r)), |r| f(at_other(r)));
        (x, y, d, n.saturating_sub(1))
    };
    match est {
        Estimator::Mean(f) => plain(f),
        Estimator::Count(f) => {
            let x = base.controls.count(b, &[members.0], |r| f(at_base(r)));
            let y = other.controls.count(o, &[members.1], |r| f(at_other(r)));
            let d: Vec<f64> = b.iter().zip(o).map(|(rb, ro)| f(at_other(ro)) - f(at_base(rb))).collect();
            // Common random numbers give both designs the same callers: the
            // difference then has the same control.
            let cb = base.controls.control(b, &[members.0]);
            let co = other.controls.control(o, &[members.1]);
            match (cb, co) {
                (Some((c, mu)), Some((c2, _))) if c == c2 => match estimators::controlled(&d, &c, mu) {
                    Some(diff) => (x, y, diff, n - 2),
                    None => (x, y, Summary::of(&d), n - 1),
                },
                _ => (x, y, Summary::of(&d), n - 1),
            }
        }
        Estimator::Ratio(num, den) => {
            // Each side reads its own number: pair (base, other) outcomes.
            let pairs: Vec<(&O, &O)> = b.iter().zip(o).map(|(rb, ro)| (at_base(rb), at_other(ro))).collect();
            type Terms = Vec<(f64, f64)>;
            let (bs, os): (Terms, Terms) = pairs.iter().map(|(x, y)| ((num(x), den(x)), (num(y), den(y)))).unzip();
            let (x, y, d) = Summary::paired_ratio(&bs, &os, |t| t.0, |t| t.1);
            (x, y, d, n.saturating_sub(1))
        }
    }
}

/// One metric of one number or link, in a design and in the baseline.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Difference {
    /// The design compared with the baseline (its label).
    pub design: String,
    /// `number` or `link`.
    pub section: &'static str,
    /// The number's or link's name.
    pub name: String,
    /// The metric's report name.
    pub metric: &'static str,
    /// Its value in the baseline (the first design).
    pub baseline: Summary,
    /// Its value in this design.
    pub value: Summary,
    /// This design minus the baseline, paired by replication, with its raw
    /// (uncorrected) 95% interval.
    pub difference: Summary,
    /// The two-sided p-value of "no difference" (`null` without an interval).
    pub p_value: Option<f64>,
    /// The p-value after Holm's correction over every difference of the
    /// comparison (`null` without an interval).
    pub adjusted_p_value: Option<f64>,
    /// True when the raw 95% interval of the difference excludes zero.
    pub significant_raw: bool,
    /// True when the difference is significant at familywise level 5%
    /// after Holm's correction (the flag the reports show).
    pub significant: bool,
}

/// One design's label and report.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct DesignReport {
    /// How the design is named (its file).
    pub label: String,
    /// Its full report.
    pub report: Report,
}

/// Designs side by side, with paired differences against the first.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Comparison {
    /// Common seed.
    pub seed: u64,
    /// Common replications.
    pub replications: u32,
    /// The correction for many comparisons applied to `differences`:
    /// `holm` (familywise error rate 5%).
    pub correction: &'static str,
    /// Every design, the baseline first.
    pub designs: Vec<DesignReport>,
    /// Availability, blocking and cost of each design side by side, and
    /// against the baseline (paired), with the cost of each nine gained.
    pub decision: Vec<super::decision::Decision>,
    /// Every metric of every number and link present in both a design and
    /// the baseline, for each design after the first.
    pub differences: Vec<Difference>,
}

/// Runs `designs` (label, scenario) on common random numbers: all with the
/// first design's seed and replication count. Differences are against the
/// first. Fails only if a design refuses the baseline's settings.
pub fn compare(designs: &[(String, Scenario)], runner: &Runner) -> Result<Comparison, ScenarioError> {
    let (seed, replications) = match designs.first() {
        Some((_, s)) => (s.simulation.seed, s.simulation.replications),
        None => (0, 0),
    };
    let indices: Vec<u64> = (0..replications as u64).collect();
    let runs: Vec<(String, Scenario, Vec<ReplicationOutcome>)> = designs
        .iter()
        .map(|(label, s)| {
            let settings = SimulationSettings { seed, replications, ..s.simulation.clone() };
            let s = if settings == s.simulation { s.clone() } else { s.with_simulation(&settings)? };
            let outcomes = runner.replications(&s, &indices);
            Ok((label.clone(), s, outcomes))
        })
        .collect::<Result<_, ScenarioError>>()?;
    let controls: Vec<Controls> =
        runs.iter().map(|(_, s, _)| Controls::new(&s.model, s.simulation.horizon_s)).collect();
    let mut differences = Vec::new();
    let mut dfs = Vec::new();
    if let Some((_, base_s, base_o)) = runs.first() {
        let base_model = &base_s.model;
        let base = Side { outcomes: base_o, controls: &controls[0] };
        for ((label, s, outcomes), controls) in runs[1..].iter().zip(&controls[1..]) {
            let other = Side { outcomes, controls };
            let mut push = |section, name: &str, metric, (baseline, value, difference, df): (_, _, Summary, _)| {
                dfs.push(df);
                differences.push(Difference {
                    design: label.clone(),
                    section,
                    name: name.to_string(),
                    metric,
                    baseline,
                    value,
                    p_value: None,
                    adjusted_p_value: None,
                    significant_raw: difference.excludes_zero(),
                    significant: false,
                    difference,
                });
            };
            for (i, n) in s.model.numbers.iter().enumerate() {
                let Some(b) = base_model.number_index(&n.name) else { continue };
                for (metric, est) in NUMBER_METRICS {
                    let r = paired(est, &base, &other, |o| &o.numbers[b], |o| &o.numbers[i], (b, i));
                    push("number", &n.name, metric, r);
                }
            }
            for (i, l) in s.model.links.iter().enumerate() {
                let Some(b) = base_model.link_index(&l.name) else { continue };
                for (metric, est) in LINK_METRICS {
                    let r = paired(est, &base, &other, |o| &o.links[b], |o| &o.links[i], (b, i));
                    push("link", &l.name, metric, r);
                }
            }
        }
    }
    let p: Vec<Option<f64>> =
        differences.iter().zip(&dfs).map(|(d, &df)| multiple::p_value(&d.difference, df)).collect();
    for ((d, p), adjusted) in differences.iter_mut().zip(&p).zip(multiple::holm(&p)) {
        d.p_value = *p;
        d.adjusted_p_value = adjusted;
        d.significant = adjusted.is_some_and(|a| a < 0.05);
    }
    let designs: Vec<DesignReport> = runs
        .iter()
        .map(|(label, s, outcomes)| DesignReport { label: label.clone(), report: Report::new(s, outcomes) })
        .collect();
    let decision = super::decision::decide(
        &(runs.iter().zip(&designs))
            .map(|((label, scenario, outcomes), d)| super::decision::Run {
                label,
                scenario,
                report: &d.report,
                outcomes,
            })
            .collect::<Vec<_>>(),
    );
    Ok(Comparison { seed, replications, correction: CORRECTION, designs, decision, differences })
}
