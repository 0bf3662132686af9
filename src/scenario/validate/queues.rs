//! `[[queue]]`: agents behind the instance, and the traffic that names them.
//!
//! Queues are read before `[[traffic]]` (which names them by `queue =`);
//! once the traffic is read, a queue no traffic names is a problem (it
//! would report nothing but zeros, and is most likely a typo).

use super::Problems;
use super::values::positive_seconds;
use crate::model::Queue;
use crate::model::queue::DEFAULT_ANSWER_WITHIN_S;
use crate::scenario::raw::{RawHolding, RawScenario};
use crate::traffic::{HoldingTime, TrafficSource};
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
        if !(1..=MAX_AGENTS).contains(&q.agents) {
            p.add(
                format!("{path}.agents"),
                format!(
                    "must be from 1 to {MAX_AGENTS} agents (a queue without agents answers no call), got {}",
                    q.agents
                ),
            );
        }
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
            agents: q.agents.clamp(1, MAX_AGENTS) as u32,
            handle: holding_of(p, &format!("{path}.handle"), q.handle),
            patience: q.patience.map(|h| holding_of(p, &format!("{path}.patience"), h)),
            max_contacts,
            answer_within_s,
        });
    }
    (out, names)
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

/// A problem for every queue that no traffic source names.
pub(super) fn unused(p: &mut Problems, queues: &[Queue], traffic: &[TrafficSource]) {
    for (i, q) in queues.iter().enumerate() {
        if !traffic.iter().any(|t| t.queue == Some(i)) {
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
