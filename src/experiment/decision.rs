//! The decision between designs: availability, blocking and cost side by
//! side, each design against the baseline on common random numbers, and
//! what each nine of availability gained costs.
//!
//! A design's availability is the one its callers see (each number's
//! availability weighted by the calls offered to it); its nines are
//! `-log10(1 - availability)` of the exact availability where the route
//! structure gives it (`crate::availability`: replications of weeks rarely
//! see the outages of a redundant design), else of the mean. The cost of a nine is the paired
//! difference in monthly cost divided by the nines gained: a design that
//! costs $300/month more and goes from 99.9% (3 nines) to 99.99% (4 nines)
//! pays $300 per nine. It is a ratio of means, without an interval; the
//! intervals of both its parts are reported beside it.

use crate::cost;
use crate::scenario::Scenario;
use crate::sim::ReplicationOutcome;
use crate::stats::Summary;
use crate::summary::Report;

/// One design in the decision table.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Decision {
    /// The design (its label).
    pub design: String,
    /// Availability as callers see it.
    pub availability: Summary,
    /// The design's exact availability (`null` where it cannot be computed).
    pub exact_availability: Option<f64>,
    /// Nines of the exact availability, else of the mean (`null`: never
    /// down, or no outage seen and no exact figure).
    pub nines: Option<f64>,
    /// Blocked / offered over all its numbers.
    pub blocking_probability: Summary,
    /// Dropped calls per replication.
    pub dropped: Summary,
    /// Its cost per month (`null`: no prices).
    pub cost_per_month: Option<Summary>,
    /// Its cost per completed call (`null`: no prices, or no call completed).
    pub cost_per_completed_call: Option<Summary>,
    /// Against the baseline (`null` for the baseline itself).
    pub versus_baseline: Option<Versus>,
}

/// A design minus the baseline, paired by replication.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Versus {
    /// Availability gained.
    pub availability: Summary,
    /// Blocking probability added.
    pub blocking_probability: Summary,
    /// Dropped calls added per replication.
    pub dropped: Summary,
    /// Extra cost per month (`null`: either design has no prices).
    pub cost_per_month: Option<Summary>,
    /// Nines gained (`null`: a design is never down, or saw no outage and
    /// has no exact figure, so its nines are unbounded).
    pub nines_gained: Option<f64>,
    /// Extra cost per month per nine gained (`null` without prices or nines
    /// gained; negative when the design gains nines and costs less).
    pub cost_per_nine: Option<f64>,
}

/// A design's run: label, scenario, report and per-replication outcomes.
#[derive(Debug)]
pub struct Run<'a> {
    /// Its label.
    pub label: &'a str,
    /// Its scenario.
    pub scenario: &'a Scenario,
    /// Its report.
    pub report: &'a Report,
    /// Its outcomes, one per replication, in replication order.
    pub outcomes: &'a [ReplicationOutcome],
}

impl Run<'_> {
    /// Its cost per month in replication `o` (0 without prices).
    fn monthly_cost(&self, o: &ReplicationOutcome) -> f64 {
        let model = &self.scenario.model;
        let h = self.scenario.simulation.horizon_s;
        model.prices.as_ref().map_or(0.0, |prices| crate::summary::cost_per_month(model, prices, o, h))
    }
}

/// A design's nines: of its exact availability when known, else of the
/// mean the replications measured.
fn design_nines(report: &Report) -> Option<f64> {
    cost::nines(report.exact_availability.unwrap_or(report.totals.availability.mean))
}

/// The decision table of `runs`, the first being the baseline.
pub fn decide(runs: &[Run]) -> Vec<Decision> {
    let Some(base) = runs.first() else { return Vec::new() };
    let base_nines = design_nines(base.report);
    runs.iter()
        .enumerate()
        .map(|(i, run)| {
            let totals = &run.report.totals;
            let nines = design_nines(run.report);
            let versus = (i > 0).then(|| {
                let difference =
                    |f: &dyn Fn(&ReplicationOutcome) -> f64| Summary::paired(base.outcomes, run.outcomes, f, f).2;
                let priced = base.report.cost.is_some() && run.report.cost.is_some();
                let cost_per_month = priced.then(|| {
                    Summary::paired(base.outcomes, run.outcomes, |o| base.monthly_cost(o), |o| run.monthly_cost(o)).2
                });
                let nines_gained = match (nines, base_nines) {
                    (Some(n), Some(b)) => Some(n - b),
                    _ => None,
                };
                // As the report states them: ratios of totals over the
                // replications (availability weighted by offered calls).
                let ratio = |x: &dyn Fn(&ReplicationOutcome) -> f64, y: &dyn Fn(&ReplicationOutcome) -> f64| {
                    Summary::paired_ratio(base.outcomes, run.outcomes, x, y).2
                };
                let offered = |o: &ReplicationOutcome| o.numbers.iter().map(|n| n.offered as f64).sum::<f64>();
                let any_offered = base.outcomes.iter().chain(run.outcomes).any(|o| offered(o) > 0.0);
                Versus {
                    availability: if any_offered {
                        ratio(&|o| o.numbers.iter().map(|n| n.offered as f64 * n.availability).sum(), &offered)
                    } else {
                        difference(&|o| o.availability())
                    },
                    blocking_probability: ratio(&|o| o.numbers.iter().map(|n| n.blocked as f64).sum(), &offered),
                    dropped: difference(&|o| o.numbers.iter().map(|n| n.dropped).sum::<u64>() as f64),
                    cost_per_nine: match (cost_per_month, nines_gained) {
                        (Some(c), Some(g)) if g > 0.0 => Some(c.mean / g),
                        _ => None,
                    },
                    cost_per_month,
                    nines_gained,
                }
            });
            Decision {
                design: run.label.to_string(),
                availability: totals.availability,
                exact_availability: run.report.exact_availability,
                nines,
                blocking_probability: totals.blocking_probability,
                dropped: totals.dropped,
                cost_per_month: run.report.cost.as_ref().map(|c| c.total.per_month),
                cost_per_completed_call: run.report.cost.as_ref().and_then(|c| c.total.per_completed_call),
                versus_baseline: versus,
            }
        })
        .collect()
}
