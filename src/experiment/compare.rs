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
use crate::sim::{
    BlockCause, DropCause, LinkOutcome, NumberOutcome, QueueOutcome, RegionalOutcome, ReplicationOutcome,
};
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
/// A per-regional-instance metric.
type InstanceMetric = (&'static str, Estimator<RegionalOutcome>);
/// A per-queue metric.
type QueueMetric = (&'static str, Estimator<QueueOutcome>);

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

/// The per-number metrics of outbound dials compared (section `number` or
/// `bank`, for a number or bank that dials in both designs): blocked dials
/// over dials placed (a ratio of totals over replications, as the run
/// report's `numbers.NAME.outbound.blocking_probability`), and blocked
/// dials per replication.
pub const OUTBOUND_METRICS: [NumberMetric; 2] = [
    (
        "outbound_blocking_probability",
        Estimator::Ratio(
            |o| o.outbound.as_ref().map_or(0.0, |d| d.blocked as f64),
            |o| o.outbound.as_ref().map_or(0.0, |d| d.dialled as f64),
        ),
    ),
    ("outbound_blocked", Estimator::Mean(|o| o.outbound.as_ref().map_or(0.0, |d| d.blocked as f64))),
];

/// The per-link metrics compared.
pub const LINK_METRICS: [LinkMetric; 2] =
    [("utilization", Estimator::Mean(|o| o.utilization)), ("availability", Estimator::Mean(|o| o.availability))];

/// The per-regional-instance metrics compared (section `instance`, paired
/// by instance name): the fraction of the window up, attempts sent to it
/// (calls received), calls carried, quota blocking (calls blocked at its
/// quota / calls sent to it, a ratio of totals), calls blocked at its quota,
/// calls sent to it while down before failover, calls on it dropped by its
/// failure, and its peak of calls in progress.
pub const INSTANCE_METRICS: [InstanceMetric; 8] = [
    ("availability", Estimator::Mean(|o| o.availability)),
    ("offered", Estimator::Mean(|o| o.offered as f64)),
    ("carried", Estimator::Mean(|o| o.carried as f64)),
    ("quota_blocking", Estimator::Ratio(|o| o.blocked_by[BlockCause::InstanceQuota] as f64, |o| o.offered as f64)),
    ("blocked_instance_quota", Estimator::Mean(|o| o.blocked_by[BlockCause::InstanceQuota] as f64)),
    ("lost_in_failover", Estimator::Mean(|o| o.blocked_by[BlockCause::Failover] as f64)),
    ("dropped_by_instance", Estimator::Mean(|o| o.dropped_by[DropCause::Instance] as f64)),
    ("peak_concurrency", Estimator::Mean(|o| o.peak_concurrency as f64)),
];

/// The per-queue metrics compared (section `queue`, paired by queue name),
/// as `crate::summary::queues` defines them: service level (answered within
/// `answer_within` / entered), abandonment (abandoned / entered), ASA (mean
/// wait of answered calls, seconds), mean wait of entered calls (seconds),
/// probability of waiting, occupancy (busy agents / agents, time-average),
/// calls refused for a full queue, and calls answered; ratios of totals
/// over replications, as the run report's.
pub const QUEUE_METRICS: [QueueMetric; 8] = [
    ("service_level", Estimator::Ratio(|o| o.answered_within as f64, |o| o.entered as f64)),
    ("abandoned_share", Estimator::Ratio(|o| o.abandoned as f64, |o| o.entered as f64)),
    ("asa_s", Estimator::Ratio(|o| o.answered_wait_s, |o| o.answered as f64)),
    ("mean_wait_s", Estimator::Ratio(|o| o.wait_s, |o| o.entered as f64)),
    ("probability_of_waiting", Estimator::Ratio(|o| o.waited as f64, |o| o.entered as f64)),
    ("occupancy", Estimator::Mean(|o| o.occupancy)),
    ("queue_full", Estimator::Mean(|o| o.queue_full as f64)),
    ("answered", Estimator::Mean(|o| o.answered as f64)),
];

/// The familywise correction `compare` applies to its differences.
pub const CORRECTION: &str = "holm";

/// One side of a comparison: a design's outcomes and its caller groups.
struct Side<'a> {
    outcomes: &'a [ReplicationOutcome],
    controls: &'a Controls,
}

/// A metric in the baseline, in a design, and their paired difference, with
/// the degrees of freedom of the difference's interval. `at_base[k]` and
/// `at_other[k]` are the metric's subject (a number, a bank summed, a link)
/// in replication `k`; `members` the numbers it sums on each side (for the
/// callers' control of counts).
fn paired<O>(
    est: Estimator<O>,
    base: &Side,
    other: &Side,
    at_base: &[O],
    at_other: &[O],
    members: (&[usize], &[usize]),
) -> (Summary, Summary, Summary, usize) {
    let n = base.outcomes.len().min(other.outcomes.len()).min(at_base.len()).min(at_other.len());
    let (b, o) = (&base.outcomes[..n], &other.outcomes[..n]);
    let (xb, xo) = (&at_base[..n], &at_other[..n]);
    let plain = |f: fn(&O) -> f64| {
        let (x, y, d) = Summary::paired(xb, xo, f, f);
        (x, y, d, n.saturating_sub(1))
    };
    match est {
        Estimator::Mean(f) => plain(f),
        Estimator::Count(f) => {
            let (sb, so): (Vec<f64>, Vec<f64>) = (xb.iter().map(f).collect(), xo.iter().map(f).collect());
            // Common random numbers give both designs the same callers: the
            // difference then has the same control.
            let cb = base.controls.control(b, members.0);
            let co = other.controls.control(o, members.1);
            let x = Controls::apply(&sb, &cb);
            let y = Controls::apply(&so, &co);
            let d: Vec<f64> = sb.iter().zip(&so).map(|(vb, vo)| vo - vb).collect();
            match (cb, co) {
                (Some((c, mu)), Some((c2, _))) if c == c2 => match estimators::controlled(&d, &c, mu) {
                    Some(diff) => (x, y, diff, n - 2),
                    None => (x, y, Summary::of(&d), n - 1),
                },
                _ => (x, y, Summary::of(&d), n - 1),
            }
        }
        Estimator::Ratio(num, den) => {
            let (x, y, d) = Summary::paired_ratio(xb, xo, num, den);
            (x, y, d, n.saturating_sub(1))
        }
    }
}

/// A number or a DID bank of a design, as compared: its name, its section
/// (`number` or `bank`) and the numbers it sums.
struct Subject {
    name: String,
    section: &'static str,
    members: Vec<usize>,
}

/// Every number of `model` (a bank's DIDs each), then every bank.
fn subjects(model: &crate::model::Model) -> Vec<Subject> {
    let numbers = (model.numbers.iter().enumerate()).map(|(i, n)| Subject {
        name: n.name.clone(),
        section: "number",
        members: vec![i],
    });
    let banks =
        (model.banks.iter()).map(|b| Subject { name: b.name.clone(), section: "bank", members: b.members().collect() });
    numbers.chain(banks).collect()
}

/// The subject of the baseline that `s` is compared with: the one of the
/// same name and section, else the one of the same name (a toll-free
/// number set against the DID bank that would replace it).
fn counterpart<'a>(base: &'a [Subject], s: &Subject) -> Option<&'a Subject> {
    (base.iter().find(|b| b.name == s.name && b.section == s.section))
        .or_else(|| base.iter().find(|b| b.name == s.name))
}

/// The numbers `members` of replication `o` as one: counts and times
/// summed; availability, outages and time without a route those of the
/// first (a bank's DIDs share their routes); saturation the busiest's;
/// blocking probability of the sums; peak concurrency the sum of the peaks
/// (an upper bound); outbound dials summed over the members that dial.
/// One member is itself.
pub fn summed(o: &ReplicationOutcome, members: &[usize]) -> NumberOutcome {
    let mut all = o.numbers[members[0]].clone();
    for &m in &members[1..] {
        let n = &o.numbers[m];
        all.offered += n.offered;
        all.completed += n.completed;
        all.blocked += n.blocked;
        for (c, v) in n.blocked_by.iter() {
            all.blocked_by[c] += *v;
        }
        all.dropped += n.dropped;
        for (c, v) in n.dropped_by.iter() {
            all.dropped_by[c] += *v;
        }
        all.in_progress += n.in_progress;
        all.carried_in += n.carried_in;
        all.callers += n.callers;
        all.redials += n.redials;
        all.never_through += n.never_through;
        all.saturation = all.saturation.max(n.saturation);
        all.mean_concurrency += n.mean_concurrency;
        all.peak_concurrency += n.peak_concurrency;
        all.outbound = match (all.outbound.take(), &n.outbound) {
            (Some(mut a), Some(d)) => {
                a.dialled += d.dialled;
                a.carried += d.carried;
                a.answered += d.answered;
                a.blocked += d.blocked;
                for (c, v) in d.blocked_by.iter() {
                    a.blocked_by[c] += *v;
                }
                a.completed += d.completed;
                a.dropped += d.dropped;
                a.carried_in += d.carried_in;
                a.in_progress += d.in_progress;
                a.blocking_probability = if a.dialled > 0 { a.blocked as f64 / a.dialled as f64 } else { 0.0 };
                Some(a)
            }
            (a, d) => a.or_else(|| d.clone()),
        };
    }
    all.blocking_probability = if all.offered > 0 { all.blocked as f64 / all.offered as f64 } else { 0.0 };
    all
}

/// One metric of one number or link, in a design and in the baseline.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Difference {
    /// The design compared with the baseline (its label).
    pub design: String,
    /// `number`, `bank` (a DID bank as a whole, set against the baseline's
    /// bank or number of the same name), `link`, `instance` (a regional
    /// instance, set against the baseline's of the same name) or `queue`
    /// (a queue of agents, likewise).
    pub section: &'static str,
    /// The number's, bank's or link's name.
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
    /// How `--target-ci` chose the replications, when it did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub precision: Option<ComparePrecision>,
}

/// What [`compare_to_precision`] did.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct ComparePrecision {
    /// The target: a paired interval is decided when it excludes 0, or
    /// when its half-width is at most this fraction of the baseline's value
    /// (any difference is then smaller than that).
    pub target_relative_ci: f64,
    /// True when every decision metric of every design was decided.
    pub reached: bool,
    /// Replications run (common to every design).
    pub replications: u32,
    /// The decision metrics left undecided, `DESIGN.METRIC`.
    pub undecided: Vec<String>,
}

/// About how many replications would make the paired difference `d`,
/// measured over `replications`, exclude zero if it is real: its 95%
/// half-width shrinks as 1/sqrt(replications), so about `replications x
/// (ci95 / mean)^2`. `None` when it already excludes zero, has no interval,
/// or has a zero mean (no number of replications would show it).
pub fn replications_to_settle(d: &Summary, replications: u32) -> Option<u32> {
    let h = d.ci95?;
    if d.excludes_zero() || d.mean == 0.0 {
        return None;
    }
    let need = f64::from(replications.max(2)) * (h / d.mean.abs()).powi(2);
    Some(need.ceil().min(f64::from(crate::scenario::MAX_REPLICATIONS)) as u32)
}

/// The decision metrics (availability, blocking, dropped calls and cost
/// against the baseline) of `c` still undecided at `relative`.
fn undecided(c: &Comparison, relative: f64) -> Vec<String> {
    let Some(base) = c.decision.first() else { return Vec::new() };
    let mut out = Vec::new();
    for d in &c.decision[1..] {
        let Some(v) = &d.versus_baseline else { continue };
        let mut metrics = vec![
            ("availability", v.availability, base.availability.mean),
            ("blocking_probability", v.blocking_probability, base.blocking_probability.mean),
            ("dropped", v.dropped, base.dropped.mean),
        ];
        if let (Some(x), Some(b)) = (v.cost_per_month, base.cost_per_month) {
            metrics.push(("cost_per_month", x, b.mean));
        }
        for (metric, diff, at_base) in metrics {
            let decided = match diff.ci95 {
                None => false,
                Some(h) => diff.excludes_zero() || h <= relative * at_base.abs(),
            };
            if !decided {
                out.push(format!("{}.{metric}", d.design));
            }
        }
    }
    out
}

/// Runs `designs` as [`compare`] does, doubling the replications (from the
/// first design's, at least 3) until every decision metric's paired 95%
/// interval is decided (it excludes 0, or is at most `relative` times the
/// baseline's value wide on each side) or `max_replications` is reached.
/// The replications run do not depend on the thread count.
pub fn compare_to_precision(
    designs: &[(String, Scenario)],
    runner: &Runner,
    relative: f64,
    max_replications: u32,
) -> Result<Comparison, ScenarioError> {
    let Some((_, first)) = designs.first() else { return compare(designs, runner) };
    let max = max_replications.max(2);
    let mut n = first.simulation.replications.max(3).min(max);
    loop {
        let settings = SimulationSettings { replications: n, ..first.simulation.clone() };
        let mut these = designs.to_vec();
        these[0].1 = first.with_simulation(&settings)?;
        let mut c = compare(&these, runner)?;
        let open = undecided(&c, relative);
        if open.is_empty() || n >= max {
            c.precision = Some(ComparePrecision {
                target_relative_ci: relative,
                reached: open.is_empty(),
                replications: n,
                undecided: open,
            });
            return Ok(c);
        }
        n = n.saturating_mul(2).min(max);
    }
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
            let base_subjects = subjects(base_model);
            for subject in subjects(&s.model) {
                let Some(b) = counterpart(&base_subjects, &subject) else { continue };
                let xb: Vec<NumberOutcome> = base_o.iter().map(|o| summed(o, &b.members)).collect();
                let xo: Vec<NumberOutcome> = outcomes.iter().map(|o| summed(o, &subject.members)).collect();
                for (metric, est) in NUMBER_METRICS {
                    let r = paired(est, &base, &other, &xb, &xo, (&b.members, &subject.members));
                    push(subject.section, &subject.name, metric, r);
                }
                let dials = |x: &[NumberOutcome]| !x.is_empty() && x.iter().all(|o| o.outbound.is_some());
                if dials(&xb) && dials(&xo) {
                    for (metric, est) in OUTBOUND_METRICS {
                        let r = paired(est, &base, &other, &xb, &xo, (&b.members, &subject.members));
                        push(subject.section, &subject.name, metric, r);
                    }
                }
            }
            for (i, l) in s.model.links.iter().enumerate() {
                let Some(b) = base_model.link_index(&l.name) else { continue };
                let xb: Vec<LinkOutcome> = base_o.iter().map(|o| o.links[b].clone()).collect();
                let xo: Vec<LinkOutcome> = outcomes.iter().map(|o| o.links[i].clone()).collect();
                for (metric, est) in LINK_METRICS {
                    let r = paired(est, &base, &other, &xb, &xo, (&[], &[]));
                    push("link", &l.name, metric, r);
                }
            }
            let instances = |m: &crate::model::Model| -> Vec<String> {
                m.regions.iter().flat_map(|r| r.instances.iter().map(|i| i.name.clone())).collect()
            };
            let base_instances = instances(base_model);
            for (i, name) in instances(&s.model).iter().enumerate() {
                let Some(b) = base_instances.iter().position(|x| x == name) else { continue };
                let xb: Vec<RegionalOutcome> = base_o.iter().map(|o| o.instances[b].clone()).collect();
                let xo: Vec<RegionalOutcome> = outcomes.iter().map(|o| o.instances[i].clone()).collect();
                for (metric, est) in INSTANCE_METRICS {
                    let r = paired(est, &base, &other, &xb, &xo, (&[], &[]));
                    push("instance", name, metric, r);
                }
            }
            for (q, queue) in s.model.queues.iter().enumerate() {
                let Some(b) = base_model.queues.iter().position(|x| x.name == queue.name) else { continue };
                let xb: Vec<QueueOutcome> = base_o.iter().map(|o| o.queues[b].clone()).collect();
                let xo: Vec<QueueOutcome> = outcomes.iter().map(|o| o.queues[q].clone()).collect();
                for (metric, est) in QUEUE_METRICS {
                    let r = paired(est, &base, &other, &xb, &xo, (&[], &[]));
                    push("queue", &queue.name, metric, r);
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
    Ok(Comparison { seed, replications, correction: CORRECTION, designs, decision, differences, precision: None })
}
