//! `[[queue]]`: agents behind the instance, and the traffic that names them.
//!
//! Queues are read before `[[traffic]]` (which names them by `queue =`);
//! once the traffic is read, a queue no traffic names is a problem (it
//! would report nothing but zeros, and is most likely a typo).

use super::Problems;
use super::values::positive_seconds;
use crate::engine::time::Duration;
use crate::model::queue::DEFAULT_ANSWER_WITHIN_S;
use crate::model::queue::{Callback, DEFAULT_CALLBACK_RING_S};
use crate::model::{Outbound, Queue, Staffing};
use crate::scenario::raw::{RawAgents, RawCallback, RawHolding, RawScenario};
use crate::traffic::{HoldingTime, TrafficSource, WEEK_HOURS};
use std::collections::HashMap;

/// Most agents of one queue.
pub(super) const MAX_AGENTS: i64 = 1_000_000;

/// The queues of `raw`, and their index by name.
pub(super) fn queues(p: &mut Problems, raw: &RawScenario) -> (Vec<Queue>, HashMap<String, usize>) {
    let mut out = Vec::with_capacity(raw.queue.len());
    let mut names = HashMap::new();
    for (i, q) in raw.queue.iter().enumerate() {
        let path = format!("queue[{i}]");
        if q.name.is_empty() {
            p.add(format!("{path}.name"), "must not be empty");
        }
        if names.insert(q.name.clone(), i).is_some() {
            p.add(format!("{path}.name"), format!("queue \"{}\" is declared twice", q.name));
        }
        let (agents, staffing) = agents(p, &path, &q.agents);
        let max_contacts = q.max_contacts.map(|m| {
            if !(0..=u32::MAX as i64).contains(&m) {
                p.add(format!("{path}.max_contacts"), format!("must be a number of calls >= 0, got {m}"));
            }
            m.clamp(0, u32::MAX as i64) as u32
        });
        let answer_within_s = match q.answer_within {
            Some(d) if d.seconds() < 0.0 => {
                p.add(format!("{path}.answer_within"), "must be >= 0 (a duration like \"20s\")");
                DEFAULT_ANSWER_WITHIN_S
            }
            Some(d) => d.seconds(),
            None => DEFAULT_ANSWER_WITHIN_S,
        };
        out.push(Queue {
            name: q.name.clone(),
            agents,
            staffing,
            handle: holding_of(p, &format!("{path}.handle"), q.handle),
            patience: q.patience.map(|h| holding_of(p, &format!("{path}.patience"), h)),
            max_contacts,
            answer_within_s,
            callback: q.callback.as_ref().map(|c| {
                if !raw.region.is_empty() {
                    p.add(format!("{path}.callback"), "callbacks are not supported with [[region]] yet");
                }
                callback(p, &format!("{path}.callback"), c)
            }),
        });
    }
    (out, names)
}

/// `queue[i].agents` at `path`: the seats (the fixed staff, or the
/// profile's peak) and the profile, if any.
fn agents(p: &mut Problems, path: &str, raw: &RawAgents) -> (u32, Option<Staffing>) {
    let (hourly, weekly) = match raw {
        RawAgents::Count(n) => {
            if !(1..=MAX_AGENTS).contains(n) {
                p.add(
                    format!("{path}.agents"),
                    format!("must be from 1 to {MAX_AGENTS} agents (a queue without agents answers no call), got {n}"),
                );
            }
            return ((*n).clamp(1, MAX_AGENTS) as u32, None);
        }
        RawAgents::Profile { hourly, weekly } => (hourly, weekly),
    };
    let (key, weekly_agents): (&str, Vec<i64>) = match (hourly, weekly) {
        (Some(day), _) => {
            if day.len() != 24 {
                p.add(format!("{path}.agents.hourly"), format!("needs 24 staffs (00:00 first), got {}", day.len()));
            }
            ("hourly", (0..WEEK_HOURS).map(|h| day.get(h % 24).copied().unwrap_or(1)).collect())
        }
        (None, Some(week)) => {
            if week.len() != 7 || week.iter().any(|row| row.len() != 24) {
                p.add(format!("{path}.agents.weekly"), "needs 7 rows (Monday first) of 24 staffs (00:00 first)");
            }
            (
                "weekly",
                (0..WEEK_HOURS).map(|h| week.get(h / 24).and_then(|r| r.get(h % 24)).copied().unwrap_or(1)).collect(),
            )
        }
        (None, None) => unreachable!("the raw scenario holds exactly one of hourly and weekly"),
    };
    if let Some(bad) = weekly_agents.iter().find(|a| !(0..=MAX_AGENTS).contains(*a)) {
        p.add(
            format!("{path}.agents.{key}"),
            format!("each hour's staff must be from 0 to {MAX_AGENTS} agents, got {bad}"),
        );
    }
    let weekly_agents: Vec<u32> = weekly_agents.iter().map(|&a| a.clamp(0, MAX_AGENTS) as u32).collect();
    match Staffing::new(weekly_agents) {
        Ok(s) => (s.peak(), Some(s)),
        Err(e) => {
            p.add(format!("{path}.agents.{key}"), format!("{e} (a queue without agents answers no call)"));
            (1, None)
        }
    }
}

/// Most dials of one callback (Amazon Connect allows up to 10 attempts;
/// more is allowed here for studies).
const MAX_CALLBACK_ATTEMPTS: i64 = 100;
/// Longest initial delay of a callback (Amazon Connect's limit: 3 days), seconds.
const MAX_INITIAL_DELAY_S: f64 = 3.0 * 86_400.0;

/// `queue[i].callback` at `path`.
fn callback(p: &mut Problems, path: &str, c: &RawCallback) -> Callback {
    let non_negative = |p: &mut Problems, key: &str, d: Option<Duration>, default: f64| match d {
        Some(d) if !(d.seconds() >= 0.0 && d.seconds().is_finite()) => {
            p.add(format!("{path}.{key}"), "must be a duration >= 0, like \"10m\"");
            default
        }
        Some(d) => d.seconds(),
        None => default,
    };
    for (key, v) in [("accept", c.accept), ("answer_probability", c.answer_probability)] {
        if !(0.0..=1.0).contains(&v) {
            p.add(format!("{path}.{key}"), format!("must be a probability in [0, 1], got {v}"));
        }
    }
    let max_attempts = c.max_attempts.unwrap_or(1);
    if !(1..=MAX_CALLBACK_ATTEMPTS).contains(&max_attempts) {
        p.add(
            format!("{path}.max_attempts"),
            format!("must be from 1 to {MAX_CALLBACK_ATTEMPTS} dials (the first included), got {max_attempts}"),
        );
    }
    let initial_delay_s = non_negative(p, "initial_delay", c.initial_delay, 0.0);
    if initial_delay_s > MAX_INITIAL_DELAY_S {
        p.add(format!("{path}.initial_delay"), "must be at most 3 days (Amazon Connect's limit)");
    }
    Callback {
        after_s: non_negative(p, "after", Some(c.after), 0.0),
        accept: c.accept.clamp(0.0, 1.0),
        initial_delay_s,
        answer_probability: c.answer_probability.clamp(0.0, 1.0),
        max_attempts: max_attempts.clamp(1, MAX_CALLBACK_ATTEMPTS) as u8,
        retry_delay_s: non_negative(p, "retry_delay", c.retry_delay, 0.0),
        ring_s: non_negative(p, "ring", c.ring, DEFAULT_CALLBACK_RING_S),
    }
}

/// A holding-time kind at `path` (`queue[0].handle`, `queue[0].patience`):
/// every duration must be > 0.
pub(super) fn holding_of(p: &mut Problems, path: &str, h: RawHolding) -> HoldingTime {
    match h {
        RawHolding::Exponential { mean } => {
            HoldingTime::Exponential { mean_s: positive_seconds(p, format!("{path}.mean"), mean) }
        }
        RawHolding::Lognormal { mean, sd } => HoldingTime::LogNormal {
            mean_s: positive_seconds(p, format!("{path}.mean"), mean),
            sd_s: positive_seconds(p, format!("{path}.sd"), sd),
        },
        RawHolding::Fixed { value } => {
            HoldingTime::Fixed { value_s: positive_seconds(p, format!("{path}.value"), value) }
        }
    }
}

/// A problem for every queue that no traffic source nor outbound entry names.
pub(super) fn unused(p: &mut Problems, queues: &[Queue], traffic: &[TrafficSource], outbound: &[Outbound]) {
    for (i, q) in queues.iter().enumerate() {
        if !traffic.iter().any(|t| t.queue == Some(i)) && !outbound.iter().any(|o| o.queue == Some(i)) {
            p.add(
                format!("queue[{i}]"),
                format!(
                    "queue \"{}\" is named by no traffic: add queue = \"{}\" to a [[traffic]], or remove it",
                    q.name, q.name
                ),
            );
        }
    }
}

/// `{path}.queue = name`: the queue's index and its handle time (the talk
/// time of the calls it answers), or the problem of an unknown name (with
/// the known names) and a placeholder.
pub(super) fn named_queue(
    p: &mut Problems,
    path: &str,
    name: &str,
    queues: &[Queue],
    queue_names: &HashMap<String, usize>,
) -> (HoldingTime, Option<usize>) {
    match queue_names.get(name) {
        Some(&q) => (queues[q].handle.clone(), Some(q)),
        None => {
            let known: Vec<&str> = queues.iter().map(|q| q.name.as_str()).collect();
            let hint = if known.is_empty() {
                "no [[queue]] is declared".to_string()
            } else {
                format!("known queues: {}", known.join(", "))
            };
            p.add(format!("{path}.queue"), format!("unknown queue \"{name}\" ({hint})"));
            (HoldingTime::Fixed { value_s: 1.0 }, None)
        }
    }
}
