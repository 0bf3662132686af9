//! Sizing agents: the fewest agents of a queue that meet a service-level
//! target (answered within `answer_within` over calls that entered) and/or
//! a largest abandonment share.
//!
//! The first guess is queueing theory at the queue's offered load (arrival
//! rate x mean handle time): Erlang C for the service level (it ignores
//! abandonment, which only helps those who stay, so it errs on the safe
//! side), and Erlang A for the abandonment share when patience is
//! exponential. Simulation then steps one agent at a time from the guess
//! (down while the count meets, up while it does not), every count on the
//! same seed (common random numbers). A count **meets** when the whole 95%
//! interval of each figure is on the good side of its target; a count whose
//! interval holds a target does not meet (the answer errs on the safe side),
//! and the result says so (`decided: false` at the answer's neighbour).
//!
//! The result also gives, at the answer, the load the queue's calls put on
//! the trunks (IVR + wait + talk, from the instance's mean calls): the
//! holding time to size trunks and caps with next.

use super::Runner;
use crate::scenario::{Scenario, ScenarioError};
use crate::stats::Summary;
use crate::stats::erlang::{erlang_a, erlang_c_service_level};
use crate::traffic::HoldingTime;
use std::collections::BTreeMap;

/// Most agents the search considers.
pub const MAX_AGENTS: u32 = 100_000;

/// What the agents must achieve; at least one is set.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct AgentTargets {
    /// Smallest acceptable service level, in [0, 1].
    pub service_level: Option<f64>,
    /// Service-level threshold, seconds (`None`: the queue's `answer_within`).
    pub answer_within_s: Option<f64>,
    /// Largest acceptable abandonment share, in [0, 1].
    pub abandonment: Option<f64>,
}

/// One staffing simulated.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct AgentsPoint {
    /// Agents.
    pub agents: u32,
    /// Service level there.
    pub service_level: Summary,
    /// Abandonment share there.
    pub abandoned_share: Summary,
    /// Average speed of answer, seconds.
    pub asa_s: Summary,
    /// Agent occupancy.
    pub occupancy: Summary,
    /// Calls in progress on the instance (IVR + wait + talk), calls.
    pub trunk_erlangs: Summary,
    /// Whether every target's whole 95% interval is on its good side.
    pub meets: bool,
}

/// The answer and the evidence.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct AgentsResult {
    /// The queue sized.
    pub queue: String,
    /// Always `agents`.
    pub varied: &'static str,
    /// Load offered to the agents, Erlangs.
    pub offered_erlangs: f64,
    /// The service-level target, if any.
    pub target_service_level: Option<f64>,
    /// Its threshold, seconds.
    pub answer_within_s: f64,
    /// The abandonment target, if any.
    pub target_abandonment: Option<f64>,
    /// The theory's first guess, agents.
    pub erlang_guess: u32,
    /// Which theory made it: `erlang_c`, `erlang_a`, or both (`erlang_c+a`).
    pub guess_from: &'static str,
    /// Fewest agents that meet every target (`None`: none up to [`MAX_AGENTS`]).
    pub answer: Option<u32>,
    /// True when the count just below the answer was shown to miss (its
    /// interval on the bad side), false when it could not tell.
    pub confirmed: bool,
    /// Every count simulated, in increasing order.
    pub evidence: Vec<AgentsPoint>,
}

/// Why agents cannot be sized.
#[derive(Debug, thiserror::Error)]
pub enum AgentsError {
    /// No queue of that name.
    #[error("--queue {0}: no such queue in the scenario (known: {1})")]
    UnknownQueue(String, String),
    /// No target, or one out of range.
    #[error("{0}")]
    Target(String),
    /// A candidate scenario did not validate.
    #[error(transparent)]
    Scenario(#[from] Box<ScenarioError>),
    /// The queue is staffed by a profile: one count cannot stand for it.
    #[error(
        "--queue {0}: its agents are a staffing profile by hour; --vary agents sizes a fixed staff (give `agents = N` to size one, or compare profiles with `callsim compare`)"
    )]
    Profile(String),
    /// Fewer than 2 replications: no interval.
    #[error("--replications: sizing needs at least 2 replications (one gives no confidence interval), got {0}")]
    Replications(u32),
}

/// Finds the fewest agents of `queue` that meet `targets`.
pub fn size_agents(
    scenario: &Scenario,
    queue: &str,
    targets: AgentTargets,
    runner: &Runner,
) -> Result<AgentsResult, AgentsError> {
    let model = &scenario.model;
    let Some(q) = model.queues.iter().position(|x| x.name == queue) else {
        let known: Vec<String> = model.queues.iter().map(|x| format!("\"{}\"", x.name)).collect();
        let known = if known.is_empty() { "none".to_string() } else { known.join(", ") };
        return Err(AgentsError::UnknownQueue(queue.to_string(), known));
    };
    if model.queues[q].staffing.is_some() {
        return Err(AgentsError::Profile(queue.to_string()));
    }
    for (flag, t) in [("--target-service-level", targets.service_level), ("--target-abandonment", targets.abandonment)]
    {
        if let Some(v) = t
            && !(0.0..=1.0).contains(&v)
        {
            return Err(AgentsError::Target(format!("{flag}: must be a share in [0, 1], got {v}")));
        }
    }
    if targets.service_level.is_none() && targets.abandonment.is_none() {
        return Err(AgentsError::Target("give --target-service-level S and/or --target-abandonment X".into()));
    }
    if let Some(t) = targets.answer_within_s
        && !(t.is_finite() && t >= 0.0)
    {
        return Err(AgentsError::Target(format!("--answer-within: must be a duration >= 0, got {t} s")));
    }
    if scenario.simulation.replications < 2 {
        return Err(AgentsError::Replications(scenario.simulation.replications));
    }
    let scenario = match targets.answer_within_s {
        Some(t) => scenario.with_queue_answer_within_s(queue, t).map_err(Box::new)?,
        None => scenario.clone(),
    };
    let model = &scenario.model;
    let qm = &model.queues[q];
    let rate: f64 = model.traffic.iter().filter(|t| t.queue == Some(q)).map(|t| t.arrivals.mean_rate_per_s()).sum();
    let h = qm.handle.mean_s();
    let a = rate * h;
    let floor = (a.floor() as u32 + 1).min(MAX_AGENTS);
    let mut guess = 1;
    let mut from = Vec::new();
    if let Some(s) = targets.service_level {
        let n = (floor..=MAX_AGENTS).find(|&n| erlang_c_service_level(n, a, h, qm.answer_within_s) >= s);
        guess = guess.max(n.unwrap_or(MAX_AGENTS));
        from.push("c");
    }
    if let (Some(x), Some(HoldingTime::Exponential { mean_s })) = (targets.abandonment, &qm.patience) {
        let n = (1..=MAX_AGENTS).find(|&n| erlang_a(n, rate, h, *mean_s).p_abandon <= x);
        guess = guess.max(n.unwrap_or(MAX_AGENTS));
        from.push("a");
    }
    let guess_from = match from.as_slice() {
        ["c"] => "erlang_c",
        ["a"] => "erlang_a",
        ["c", "a"] => "erlang_c+a",
        _ => "current",
    };
    if from.is_empty() {
        guess = qm.agents;
    }
    let mut tried: BTreeMap<u32, AgentsPoint> = BTreeMap::new();
    let mut point = |n: u32| -> Result<AgentsPoint, AgentsError> {
        if let Some(p) = tried.get(&n) {
            return Ok(p.clone());
        }
        let s = scenario.with_queue_agents(queue, n).map_err(Box::new)?;
        let report = runner.run(&s);
        let r = report.queues.get(queue).expect("the queue is in its report");
        let good_sl = targets.service_level.is_none_or(|t| low(&r.service_level) >= t);
        let good_ab = targets.abandonment.is_none_or(|t| high(&r.abandoned_share) <= t);
        let p = AgentsPoint {
            agents: n,
            service_level: r.service_level,
            abandoned_share: r.abandoned_share,
            asa_s: r.asa_s,
            occupancy: r.occupancy,
            trunk_erlangs: report.instance.mean_concurrency,
            meets: good_sl && good_ab,
        };
        tried.insert(n, p.clone());
        Ok(p)
    };
    let mut n = guess.clamp(1, MAX_AGENTS);
    let answer = if point(n)?.meets {
        while n > 1 && point(n - 1)?.meets {
            n -= 1;
        }
        Some(n)
    } else {
        loop {
            if n >= MAX_AGENTS {
                break None;
            }
            n += 1;
            if point(n)?.meets {
                break Some(n);
            }
        }
    };
    // Confirmed: the count below the answer is shown to miss (an interval wholly on the bad side).
    let confirmed = match answer {
        Some(1) => true,
        Some(n) => {
            let below = point(n - 1)?;
            let bad_sl = targets.service_level.is_some_and(|t| high(&below.service_level) < t);
            let bad_ab = targets.abandonment.is_some_and(|t| low(&below.abandoned_share) > t);
            bad_sl || bad_ab
        }
        None => false,
    };
    Ok(AgentsResult {
        queue: queue.to_string(),
        varied: "agents",
        offered_erlangs: a,
        target_service_level: targets.service_level,
        answer_within_s: qm.answer_within_s,
        target_abandonment: targets.abandonment,
        erlang_guess: guess,
        guess_from,
        answer,
        confirmed,
        evidence: tried.into_values().collect(),
    })
}

/// The low end of `s`'s 95% interval (the mean without one).
fn low(s: &Summary) -> f64 {
    s.mean - s.ci95.unwrap_or(f64::INFINITY)
}

/// The high end of `s`'s 95% interval.
fn high(s: &Summary) -> f64 {
    s.mean + s.ci95.unwrap_or(f64::INFINITY)
}

/// The result as aligned text.
pub fn agents_table(r: &AgentsResult) -> String {
    let pct = |s: &Summary| match s.ci95 {
        Some(h) => format!("{:.2} ± {:.2}", 100.0 * s.mean, 100.0 * h),
        None => format!("{:.2} ± ?", 100.0 * s.mean),
    };
    let mut out =
        format!("callsim size: queue \"{}\", {:.2} Erlangs offered to the agents\n", r.queue, r.offered_erlangs);
    if let Some(s) = r.target_service_level {
        out += &format!(
            "target: service level >= {:.1}% answered within {} s (over calls that entered)\n",
            100.0 * s,
            r.answer_within_s
        );
    }
    if let Some(x) = r.target_abandonment {
        out += &format!("target: abandonment <= {:.2}%\n", 100.0 * x);
    }
    out += &format!("first guess ({}): {} agents\n", r.guess_from, r.erlang_guess);
    out += &match r.answer {
        Some(n) => format!(
            "answer: {n} agents{}\n",
            if r.confirmed { "" } else { " (the count below could not be shown to miss)" }
        ),
        None => format!("answer: none up to {MAX_AGENTS} agents\n"),
    };
    out += "\nagents  service level (%)  abandoned (%)     ASA (s)  occupancy (%)  trunk Erlangs  meets\n";
    for p in &r.evidence {
        out += &format!(
            "{:>6}  {:>17}  {:>13}  {:>10.2}  {:>13}  {:>13.2}  {}\n",
            p.agents,
            pct(&p.service_level),
            pct(&p.abandoned_share),
            p.asa_s.mean,
            pct(&p.occupancy),
            p.trunk_erlangs.mean,
            if p.meets { "yes" } else { "no" }
        );
    }
    out
}
