//! Sizing: the smallest capacity that meets a target.
//!
//! The capacity varied is a number's concurrent-call cap, the channels of
//! every link the number may use, or the instance quota. Erlang B gives the
//! first guess (the smallest capacity whose Erlang B blocking at the offered
//! load meets the target); simulation then searches around it (doubling
//! steps outwards, then bisection), every candidate on the same seed, so the
//! comparison between candidates is on common random numbers.
//!
//! A capacity **meets** the target when the target lies inside or beyond the
//! 95% confidence interval on the good side: blocking `mean - ci95 <= P`,
//! availability `mean + ci95 >= A` (the simulation cannot show, at 95%
//! confidence, that it misses). It **meets it strictly** when the whole
//! interval is on the good side (`mean + ci95 <= P`, `mean - ci95 >= A`).
//! Both answers are reported: the first is the Erlang-table answer that
//! simulation confirms, the second the conservative one.

use super::Runner;
use crate::scenario::{Scenario, ScenarioError};
use crate::stats::Summary;
use std::collections::BTreeMap;

/// Largest capacity the search considers, in calls.
pub const MAX_CAPACITY: u32 = 1_000_000;

/// What to vary.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Capacity {
    /// The number's `max_concurrent`.
    Cap,
    /// The `channels` of every link the number may use (all set alike).
    Channels,
    /// The instance's `max_concurrent_calls`.
    Quota,
}

impl Capacity {
    /// The name used on the command line and in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Capacity::Cap => "cap",
            Capacity::Channels => "channels",
            Capacity::Quota => "quota",
        }
    }
}

/// The targets to meet; at least one is set.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Targets {
    /// Largest acceptable blocking probability of the number.
    pub blocking: Option<f64>,
    /// Smallest acceptable availability of the number.
    pub availability: Option<f64>,
}

/// One capacity tried.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct SizePoint {
    /// The capacity, calls.
    pub capacity: u32,
    /// The number's blocking probability there.
    pub blocking_probability: Summary,
    /// The number's availability there.
    pub availability: Summary,
    /// The target lies inside or beyond the 95% interval on the good side.
    pub meets: bool,
    /// The whole 95% interval is on the good side of the target.
    pub meets_strictly: bool,
}

/// The answer and the evidence.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct SizeResult {
    /// The number sized for.
    pub number: String,
    /// What was varied: `cap`, `channels` or `quota`.
    pub varied: &'static str,
    /// The blocking target, if any.
    pub target_blocking: Option<f64>,
    /// The availability target, if any.
    pub target_availability: Option<f64>,
    /// Offered load used for the Erlang B guess, Erlangs.
    pub offered_erlangs: f64,
    /// The Erlang B first guess.
    pub erlang_b_guess: u32,
    /// Smallest capacity that meets the targets (`None`: none up to [`MAX_CAPACITY`]).
    pub answer: Option<u32>,
    /// Smallest capacity that meets them strictly.
    pub strict_answer: Option<u32>,
    /// Every capacity simulated, in increasing order.
    pub evidence: Vec<SizePoint>,
}

/// Erlang B blocking B(c, a) by the stable recursion.
pub fn erlang_b(c: u32, a: f64) -> f64 {
    (1..=c).fold(1.0, |b, n| a * b / (n as f64 + a * b))
}

/// Smallest c with B(c, a) <= p (at most [`MAX_CAPACITY`]).
pub fn erlang_b_servers(a: f64, p: f64) -> u32 {
    let mut b = 1.0;
    for n in 1..=MAX_CAPACITY {
        b = a * b / (n as f64 + a * b);
        if b <= p {
            return n;
        }
    }
    MAX_CAPACITY
}

/// Why sizing cannot start.
#[derive(Debug, thiserror::Error)]
pub enum SizeError {
    /// No number of that name.
    #[error("--number {0}: no such number in the scenario (known: {1})")]
    UnknownNumber(String, String),
    /// No target given, or one out of range.
    #[error("{0}")]
    Target(String),
    /// The capacity of this number cannot be changed alone (a DID of a bank
    /// shares the bank's cap).
    #[error(transparent)]
    Capacity(#[from] Box<ScenarioError>),
}

/// Finds the smallest `capacity` for which number `number` meets `targets`.
pub fn size(
    scenario: &Scenario,
    number: &str,
    capacity: Capacity,
    targets: Targets,
    runner: &Runner,
) -> Result<SizeResult, SizeError> {
    let model = &scenario.model;
    let n = model.number_index(number).ok_or_else(|| {
        let known = model.numbers.iter().map(|n| format!("\"{}\"", n.name)).collect::<Vec<_>>().join(", ");
        SizeError::UnknownNumber(number.to_string(), known)
    })?;
    for (flag, t) in [("--target-blocking", targets.blocking), ("--target-availability", targets.availability)] {
        if let Some(v) = t
            && !(0.0..=1.0).contains(&v)
        {
            return Err(SizeError::Target(format!("{flag}: must be a probability in [0, 1], got {v}")));
        }
    }
    if targets.blocking.is_none() && targets.availability.is_none() {
        return Err(SizeError::Target("give --target-blocking P and/or --target-availability A".into()));
    }
    let erlangs = model.offered_erlangs();
    let routes = &model.numbers[n].routes;
    let (load, per) = match capacity {
        Capacity::Cap => (erlangs[n], 1),
        Capacity::Channels => {
            let sharing: f64 = (model.numbers.iter().enumerate())
                .filter(|(_, m)| m.routes.iter().any(|l| routes.contains(l)))
                .map(|(i, _)| erlangs[i])
                .sum();
            (sharing, routes.len().max(1) as u32)
        }
        Capacity::Quota => (erlangs.iter().sum(), 1),
    };
    let guess = match targets.blocking {
        Some(p) => erlang_b_servers(load, p).div_ceil(per).max(1),
        None => current(scenario, n, capacity).unwrap_or(1).max(1),
    };

    // Candidates differ from this one by the capacity alone, which is >= 1:
    // if this one validates, they all do.
    set(scenario, n, capacity, guess.clamp(1, MAX_CAPACITY)).map_err(Box::new)?;
    let mut evidence: BTreeMap<u32, SizePoint> = BTreeMap::new();
    let mut try_capacity = |c: u32| -> SizePoint {
        evidence
            .entry(c)
            .or_insert_with(|| {
                let s = set(scenario, n, capacity, c)
                    .expect("a candidate differs from the one validated above only by a capacity >= 1");
                let report = runner.run(&s);
                let r = report.numbers.get(number).expect("the number exists");
                let (b, a) = (r.blocking_probability, r.availability);
                let meets = targets.blocking.is_none_or(|p| b.mean - b.ci95 <= p)
                    && targets.availability.is_none_or(|t| a.mean + a.ci95 >= t);
                let meets_strictly = targets.blocking.is_none_or(|p| b.mean + b.ci95 <= p)
                    && targets.availability.is_none_or(|t| a.mean - a.ci95 >= t);
                SizePoint { capacity: c, blocking_probability: b, availability: a, meets, meets_strictly }
            })
            .clone()
    };
    let answer = smallest(guess, |c| try_capacity(c).meets);
    let strict_answer = match answer {
        Some(a) => smallest(a, |c| try_capacity(c).meets_strictly),
        None => None,
    };
    Ok(SizeResult {
        number: number.to_string(),
        varied: capacity.as_str(),
        target_blocking: targets.blocking,
        target_availability: targets.availability,
        offered_erlangs: load,
        erlang_b_guess: guess,
        answer,
        strict_answer,
        evidence: evidence.into_values().collect(),
    })
}

/// The capacity of the scenario as it is.
fn current(scenario: &Scenario, n: usize, capacity: Capacity) -> Option<u32> {
    let model = &scenario.model;
    match capacity {
        Capacity::Cap => model.numbers[n].max_concurrent,
        Capacity::Channels => model.numbers[n].routes.iter().map(|&l| model.links[l].channels).max(),
        Capacity::Quota => model.instance.max_concurrent_calls,
    }
}

/// The scenario with the capacity set to `c` calls, validated again.
fn set(scenario: &Scenario, n: usize, capacity: Capacity, c: u32) -> Result<Scenario, ScenarioError> {
    let model = &scenario.model;
    match capacity {
        Capacity::Cap => scenario.with_number_cap(&model.numbers[n].name, c),
        Capacity::Channels => {
            let links: Vec<&str> = model.numbers[n].routes.iter().map(|&l| model.links[l].name.as_str()).collect();
            scenario.with_links_channels(&links, c)
        }
        Capacity::Quota => scenario.with_instance_quota(c),
    }
}

/// The smallest c in [1, MAX_CAPACITY] with `meets(c)`, assuming `meets` is
/// monotone (false below some capacity, true from it on), searching
/// outwards from `start` by doubling steps and then by bisection.
fn smallest(start: u32, mut meets: impl FnMut(u32) -> bool) -> Option<u32> {
    let start = start.clamp(1, MAX_CAPACITY);
    let (mut lo, mut hi); // meets(lo) is false (or lo = 0), meets(hi) is true
    if meets(start) {
        hi = start;
        let mut step = 1;
        loop {
            if hi <= step {
                lo = 0;
                break;
            }
            let c = hi - step;
            if meets(c) {
                hi = c;
                step *= 2;
            } else {
                lo = c;
                break;
            }
        }
    } else {
        if !meets(MAX_CAPACITY) {
            return None;
        }
        lo = start;
        let mut step = 1u32;
        loop {
            let c = lo.saturating_add(step).min(MAX_CAPACITY);
            if meets(c) {
                hi = c;
                break;
            }
            lo = c;
            step = step.saturating_mul(2);
        }
    }
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if meets(mid) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    Some(hi)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn erlang_b_inverse_matches_the_tables() {
        // B(100, 84.06) = 0.0099917 <= 1%; B(99, 84.06) = 0.01179 > 1%.
        assert!((erlang_b(100, 84.06) - 0.0099917).abs() < 1e-6);
        assert_eq!(erlang_b_servers(84.06, 0.01), 100);
        // B(10, 5) = 0.018385 -> 10 servers for 2%, 11 for 1% (B(11, 5) = 0.0083).
        assert_eq!(erlang_b_servers(5.0, 0.02), 10);
        assert_eq!(erlang_b_servers(5.0, 0.01), 11);
    }

    #[test]
    fn search_finds_the_threshold_from_either_side() {
        for threshold in [1, 2, 7, 100, 101, 5000] {
            for start in [1, 50, 100, 99, 4000, 9000] {
                let mut calls = 0;
                let got = smallest(start, |c| {
                    calls += 1;
                    c >= threshold
                });
                assert_eq!(got, Some(threshold), "start {start}");
                assert!(calls < 60, "{calls} evaluations");
            }
        }
        assert_eq!(smallest(10, |_| false), None);
    }
}
