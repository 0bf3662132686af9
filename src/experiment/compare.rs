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
use crate::stats::Summary;
use crate::summary::Report;

/// A per-number metric: its report name and how to read it from a replication.
type NumberMetric = (&'static str, fn(&NumberOutcome) -> f64);
/// A per-link metric.
type LinkMetric = (&'static str, fn(&LinkOutcome) -> f64);

/// The per-number metrics compared, in report order.
pub const NUMBER_METRICS: [NumberMetric; 9] = [
    ("blocking_probability", |o| o.blocking_probability),
    ("availability", |o| o.availability),
    ("saturation", |o| o.saturation),
    ("offered", |o| o.offered as f64),
    ("completed", |o| o.completed as f64),
    ("blocked", |o| o.blocked as f64),
    ("dropped", |o| o.dropped as f64),
    ("outage_s", |o| o.outage_s),
    ("mean_concurrency", |o| o.mean_concurrency),
];

/// The per-link metrics compared.
pub const LINK_METRICS: [LinkMetric; 2] = [("utilization", |o| o.utilization), ("availability", |o| o.availability)];

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
    /// This design minus the baseline, paired by replication.
    pub difference: Summary,
    /// True when the 95% interval of the difference excludes zero.
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
    let mut differences = Vec::new();
    if let Some((_, base_s, base_o)) = runs.first() {
        let base_model = &base_s.model;
        for (label, s, outcomes) in &runs[1..] {
            for (i, n) in s.model.numbers.iter().enumerate() {
                let Some(b) = base_model.number_index(&n.name) else { continue };
                for (metric, f) in NUMBER_METRICS {
                    let (base, value, difference) =
                        Summary::paired(base_o, outcomes, |o| f(&o.numbers[b]), |o| f(&o.numbers[i]));
                    differences.push(Difference {
                        design: label.clone(),
                        section: "number",
                        name: n.name.clone(),
                        metric,
                        baseline: base,
                        value,
                        significant: difference.mean.abs() > difference.ci95,
                        difference,
                    });
                }
            }
            for (i, l) in s.model.links.iter().enumerate() {
                let Some(b) = base_model.link_index(&l.name) else { continue };
                for (metric, f) in LINK_METRICS {
                    let (base, value, difference) =
                        Summary::paired(base_o, outcomes, |o| f(&o.links[b]), |o| f(&o.links[i]));
                    differences.push(Difference {
                        design: label.clone(),
                        section: "link",
                        name: l.name.clone(),
                        metric,
                        baseline: base,
                        value,
                        significant: difference.mean.abs() > difference.ci95,
                        difference,
                    });
                }
            }
        }
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
    Ok(Comparison { seed, replications, designs, decision, differences })
}
