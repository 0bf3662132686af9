//! A design's totals over its numbers, and its cost (when the scenario
//! gives prices): per day, per month and per completed call, per number,
//! per DID bank and for the whole design, each with its 95% interval over
//! replications. See [`crate::cost`] for what is charged.

use super::{Controls, Named, ratio_over};
use crate::cost::{self, Charges};
use crate::model::Model;
use crate::model::Prices;
use crate::sim::ReplicationOutcome;
use crate::stats::Summary;

/// The design as a whole: all its numbers together; counts are calls per replication.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Totals {
    /// Calls offered (each call once, at the number dialled).
    pub offered: Summary,
    /// Calls completed.
    pub completed: Summary,
    /// Calls blocked.
    pub blocked: Summary,
    /// Calls dropped.
    pub dropped: Summary,
    /// blocked / offered over all numbers.
    pub blocking_probability: Summary,
    /// Availability as callers see it: each number's availability weighted
    /// by the calls offered to it.
    pub availability: Summary,
    /// Availability as callers see it, counted: attempts that found their
    /// number with a route up over all attempts (`null`: no attempt).
    pub availability_seen: Option<Summary>,
}

impl Totals {
    /// Sums `outcomes` over all numbers, replication by replication.
    pub(crate) fn new(outcomes: &[ReplicationOutcome], controls: &Controls) -> Totals {
        let all: Vec<usize> = (0..outcomes.first().map_or(0, |o| o.numbers.len())).collect();
        Totals::of(outcomes, &all, controls)
    }

    /// Sums `outcomes` over the numbers `members` (model indices),
    /// replication by replication: counts with the callers as their control,
    /// blocking and availability as ratios of totals (blocked over offered;
    /// availability weighted by offered calls, over offered calls).
    pub(crate) fn of(outcomes: &[ReplicationOutcome], members: &[usize], controls: &Controls) -> Totals {
        let sum = |o: &ReplicationOutcome, f: fn(&crate::sim::NumberOutcome) -> f64| -> f64 {
            members.iter().map(|&n| f(&o.numbers[n])).sum()
        };
        let total = |f: fn(&crate::sim::NumberOutcome) -> f64| controls.count(outcomes, members, |o| sum(o, f));
        let offered_somewhere = outcomes.iter().any(|o| sum(o, |n| n.offered as f64) > 0.0);
        Totals {
            offered: total(|n| n.offered as f64),
            completed: total(|n| n.completed as f64),
            blocked: total(|n| n.blocked as f64),
            dropped: total(|n| n.dropped as f64),
            blocking_probability: ratio_over(
                outcomes,
                |o| sum(o, |n| n.blocked as f64),
                |o| sum(o, |n| n.offered as f64),
            ),
            availability: if offered_somewhere {
                ratio_over(
                    outcomes,
                    |o| sum(o, |n| n.offered as f64 * n.availability),
                    |o| sum(o, |n| n.offered as f64),
                )
            } else {
                Summary::over(outcomes, |o| o.availability_of(members))
            },
            availability_seen: offered_somewhere.then(|| {
                super::seen_or_unobserved(
                    ratio_over(outcomes, |o| sum(o, |n| n.offered_with_route as f64), |o| sum(o, |n| n.offered as f64)),
                    outcomes
                        .iter()
                        .all(|o| members.iter().all(|&n| o.numbers[n].offered_with_route == o.numbers[n].offered)),
                )
            }),
        }
    }
}

/// The numbers of each type present in `model` (`toll-free`, then `did`), by model index.
pub(crate) fn by_type(model: &Model) -> Vec<(&'static str, Vec<usize>)> {
    [crate::model::NumberKind::TollFree, crate::model::NumberKind::Did]
        .into_iter()
        .map(|kind| {
            let members = (model.numbers.iter().enumerate()).filter(|(_, n)| n.kind == kind).map(|(i, _)| i).collect();
            (kind.as_str(), members)
        })
        .filter(|(_, m): &(_, Vec<usize>)| !m.is_empty())
        .collect()
}

/// The cost of a number, a bank or a design, in the scenario's currency.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct CostLine {
    /// Everything, per day.
    pub per_day: Summary,
    /// Everything, per month (30.4375 days).
    pub per_month: Summary,
    /// Telephony minutes, per month.
    pub telephony_per_month: Summary,
    /// Contact-center service minutes, per month.
    pub service_per_month: Summary,
    /// Number rental, per month.
    pub numbers_per_month: Summary,
    /// Everything divided by the calls completed: the ratio of the totals
    /// over replications, with its delta-method interval (absent when no
    /// replication completed a call, e.g. a number that only receives
    /// forwarded calls).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub per_completed_call: Option<Summary>,
}

impl CostLine {
    /// Summarises per-replication (charges, calls completed) over a window of `horizon_s` seconds.
    fn new(samples: &[(Charges, u64)], horizon_s: f64) -> CostLine {
        let month = |f: fn(&Charges) -> f64| Summary::over(samples, |(c, _)| cost::per_month(f(c), horizon_s));
        CostLine {
            per_day: Summary::over(samples, |(c, _)| cost::per_day(c.total(), horizon_s)),
            per_month: month(Charges::total),
            telephony_per_month: month(|c| c.telephony),
            service_per_month: month(|c| c.service),
            numbers_per_month: month(|c| c.numbers),
            per_completed_call: samples.iter().any(|&(_, completed)| completed > 0).then(|| {
                let (cost, calls): (Vec<f64>, Vec<f64>) = samples.iter().map(|(c, n)| (c.total(), *n as f64)).unzip();
                Summary::ratio(&cost, &calls)
            }),
        }
    }
}

/// The cost of a design.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct CostReport {
    /// Currency of every figure.
    pub currency: String,
    /// Why the monthly figures may be biased, when they may: a horizon that
    /// is not a whole number of weeks of a weekly profile extrapolates a
    /// part of the week (its busy or its quiet days) to a whole month.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub warning: Option<String>,
    /// The whole design.
    #[serde(flatten)]
    pub total: CostLine,
    /// Per number, in scenario order.
    pub numbers: Named<CostLine>,
    /// Per DID bank (absent when there are none).
    #[serde(skip_serializing_if = "Named::is_empty")]
    pub banks: Named<CostLine>,
    /// Per number type present (`toll-free`, `did`).
    pub by_type: Named<CostLine>,
}

impl CostReport {
    /// The cost of `model` at `prices` over `outcomes`, each a window of `horizon_s` seconds.
    pub fn new(model: &Model, prices: &Prices, outcomes: &[ReplicationOutcome], horizon_s: f64) -> CostReport {
        let charges: Vec<Vec<Charges>> = outcomes.iter().map(|o| cost::charges(model, prices, o, horizon_s)).collect();
        let group = |members: &[usize]| -> CostLine {
            let samples: Vec<(Charges, u64)> = (charges.iter().zip(outcomes))
                .map(|(c, o)| {
                    let mut sum = Charges::default();
                    for &n in members {
                        sum.add(c[n]);
                    }
                    (sum, members.iter().map(|&n| o.numbers[n].completed).sum())
                })
                .collect();
            CostLine::new(&samples, horizon_s)
        };
        let all: Vec<usize> = (0..model.numbers.len()).collect();
        let week = 7.0 * 86_400.0;
        let weeks = horizon_s / week;
        let profiled = model.traffic.iter().any(|t| matches!(t.arrivals, crate::traffic::ArrivalProcess::Profile(_)));
        let warning = (profiled && (weeks - weeks.round()).abs() > 1e-9).then(|| {
            format!(
                "the horizon is {weeks:.2} weeks of a weekly traffic profile: monthly costs extrapolate that part of the week to a whole month; use a whole number of weeks"
            )
        });
        CostReport {
            currency: prices.currency.clone(),
            warning,
            total: group(&all),
            numbers: Named(model.numbers.iter().enumerate().map(|(i, n)| (n.name.clone(), group(&[i]))).collect()),
            banks: Named(
                (model.banks.iter()).map(|b| (b.name.clone(), group(&b.members().collect::<Vec<_>>()))).collect(),
            ),
            by_type: Named(by_type(model).into_iter().map(|(t, m)| (t.to_string(), group(&m))).collect()),
        }
    }
}

/// The design's total cost in one replication over a window of `horizon_s`
/// seconds, per month (for paired differences between designs).
pub fn per_month(model: &Model, prices: &Prices, outcome: &ReplicationOutcome, horizon_s: f64) -> f64 {
    let total: f64 = cost::charges(model, prices, outcome, horizon_s).iter().map(Charges::total).sum();
    cost::per_month(total, horizon_s)
}
