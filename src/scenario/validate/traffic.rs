//! `[[traffic]]`: who calls which number or bank, when, for how long, and
//! whether they redial.

use super::Problems;
use super::arrivals::arrivals;
use super::names::{Names, lookup};
use super::values::positive_seconds;
use crate::model::{Bank, Queue};
use crate::scenario::ScenarioSources;
use crate::scenario::raw::{RawHolding, RawScenario, RawSpread, RawTraffic};
use crate::traffic::{ArrivalProcess, BankSpread, HoldingTime, Redial, SpreadMode, TrafficSource};
use std::collections::HashMap;

/// Attempts of one caller when `redial` does not say (the first included).
const DEFAULT_MAX_ATTEMPTS: u8 = 10;
/// Most attempts `redial.max_attempts` may allow.
const MAX_ATTEMPTS: u8 = 100;

/// The traffic sources whose target exists.
pub(super) fn traffic(
    p: &mut Problems,
    names: &Names,
    raw: &RawScenario,
    banks: &[Bank],
    sources: &ScenarioSources,
    (queues, queue_names): (&[Queue], &HashMap<String, usize>),
) -> Vec<TrafficSource> {
    let mut traffic = Vec::with_capacity(raw.traffic.len());
    let mut per_number_rank: HashMap<(usize, bool), usize> = HashMap::new();
    for (i, t) in raw.traffic.iter().enumerate() {
        let path = format!("traffic[{i}]");
        let (number, spread) = target(p, names, &path, t, banks);
        let arrivals = arrivals(p, &path, t, sources);
        let redial = redial(p, &path, t);
        let (holding, queue) = match &t.queue {
            None => (holding(p, &path, t, &arrivals), None),
            Some(name) => queue_holding(p, &path, t, name, queues, queue_names),
        };
        if let Some(n) = number {
            // Ranked per target name, so a source's streams depend only on its target and rank.
            let rank = per_number_rank.entry((n, spread.is_some())).or_insert(0);
            let stream_name = format!("{}#{}", t.number, rank);
            *rank += 1;
            traffic.push(TrafficSource { number: n, spread, redial, arrivals, holding, queue, stream_name });
        }
    }
    traffic
}

/// The number `t` calls (a bank's first DID) and, for a bank, how calls spread.
fn target(
    p: &mut Problems,
    names: &Names,
    path: &str,
    t: &RawTraffic,
    banks: &[Bank],
) -> (Option<usize>, Option<BankSpread>) {
    match (names.bank.get(t.number.as_str()), names.number.get(t.number.as_str())) {
        (Some(&b), _) => {
            let bank = &banks[b];
            let mode = match (t.spread.unwrap_or(RawSpread::Uniform), &t.weights) {
                (RawSpread::Uniform, None) => SpreadMode::Uniform,
                (RawSpread::Hunt, None) => SpreadMode::Hunt,
                (RawSpread::Weighted, Some(w)) => {
                    if w.len() != bank.count {
                        p.add(
                            format!("{path}.weights"),
                            format!(
                                "needs one weight per DID of bank \"{}\": {}, got {}",
                                bank.name,
                                bank.count,
                                w.len()
                            ),
                        );
                    } else if w.iter().any(|x| !(x.is_finite() && *x >= 0.0)) || w.iter().sum::<f64>() <= 0.0 {
                        p.add(format!("{path}.weights"), "weights must be finite, >= 0, and not all 0");
                    }
                    SpreadMode::Weighted(w.clone())
                }
                (RawSpread::Weighted, None) => {
                    p.add(
                        format!("{path}.weights"),
                        "missing: spread = \"weighted\" needs weights = [...], one per DID of the bank",
                    );
                    SpreadMode::Uniform
                }
                (_, Some(_)) => {
                    p.add(format!("{path}.weights"), "weights go with spread = \"weighted\"");
                    SpreadMode::Uniform
                }
            };
            (Some(bank.first), Some(BankSpread { bank: b, mode }))
        }
        (None, Some(&n)) => {
            if t.spread.is_some() || t.weights.is_some() {
                p.add(
                    format!("{path}.{}", if t.spread.is_some() { "spread" } else { "weights" }),
                    format!(
                        "\"{}\" is a single number, not a bank: spread and weights apply to traffic to a DID bank",
                        t.number
                    ),
                );
            }
            (Some(n), None)
        }
        (None, None) => {
            let what = if banks.is_empty() { "number" } else { "number or DID bank" };
            (lookup(p, &format!("{path}.number"), what, &t.number, &names.numbers_and_banks()), None)
        }
    }
}

/// `traffic[i].redial`.
fn redial(p: &mut Problems, path: &str, t: &RawTraffic) -> Option<Redial> {
    t.redial.as_ref().map(|r| {
        let rp = format!("{path}.redial");
        if !(0.0..=1.0).contains(&r.probability) {
            p.add(format!("{rp}.probability"), format!("must be a probability in [0, 1], got {}", r.probability));
        }
        let mean_delay_s = positive_seconds(p, format!("{rp}.delay"), r.delay);
        let max_attempts = r.max_attempts.unwrap_or(DEFAULT_MAX_ATTEMPTS as u32);
        if !(1..=MAX_ATTEMPTS as u32).contains(&max_attempts) {
            p.add(
                format!("{rp}.max_attempts"),
                format!("must be from 1 to {MAX_ATTEMPTS} attempts (the first included), got {max_attempts}"),
            );
        }
        Redial {
            probability: r.probability,
            mean_delay_s,
            max_attempts: max_attempts.clamp(1, MAX_ATTEMPTS as u32) as u8,
        }
    })
}

/// `traffic[i].holding`: required, except for a replayed trace.
fn holding(p: &mut Problems, path: &str, t: &RawTraffic, arrivals: &ArrivalProcess) -> HoldingTime {
    let hp = format!("{path}.holding");
    match (t.holding, arrivals) {
        (None, ArrivalProcess::Trace { calls, .. }) => {
            HoldingTime::Trace { mean_s: calls.iter().map(|c| c.duration_s).sum::<f64>() / calls.len() as f64 }
        }
        (Some(_), ArrivalProcess::Trace { .. }) => {
            p.add(hp, "a replayed trace gives each call its recorded duration: remove holding");
            HoldingTime::Fixed { value_s: 1.0 }
        }
        (None, _) => {
            p.add(hp, "missing: how long calls last, like { kind = \"exponential\", mean = \"3m\" }");
            HoldingTime::Fixed { value_s: 1.0 }
        }
        (Some(RawHolding::Exponential { mean }), _) => {
            HoldingTime::Exponential { mean_s: positive_seconds(p, format!("{hp}.mean"), mean) }
        }
        (Some(RawHolding::Lognormal { mean, sd }), _) => HoldingTime::LogNormal {
            mean_s: positive_seconds(p, format!("{hp}.mean"), mean),
            sd_s: positive_seconds(p, format!("{hp}.sd"), sd),
        },
        (Some(RawHolding::Fixed { value }), _) => {
            HoldingTime::Fixed { value_s: positive_seconds(p, format!("{hp}.value"), value) }
        }
    }
}

/// `traffic[i].queue`: the queue named, and the talk time its calls take
/// (the queue's handle time, so `holding` must be absent).
fn queue_holding(
    p: &mut Problems,
    path: &str,
    t: &RawTraffic,
    name: &str,
    queues: &[Queue],
    queue_names: &HashMap<String, usize>,
) -> (HoldingTime, Option<usize>) {
    if t.holding.is_some() {
        p.add(format!("{path}.holding"), "traffic to a queue talks for the queue's handle time: remove holding");
    }
    if matches!(t.arrivals, crate::scenario::raw::RawArrivals::Trace { .. }) {
        p.add(format!("{path}.queue"), "a replayed trace cannot be queued (its durations are recorded talk and wait)");
    }
    super::queues::named_queue(p, path, name, queues, queue_names)
}
