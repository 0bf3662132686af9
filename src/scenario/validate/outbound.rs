//! `[[outbound]]`: dials and campaigns from a number or a DID bank (see
//! [`crate::model::outbound`] for what they do and which quota they use).
//!
//! Read after `[[queue]]` (an entry may name a queue) and before the check
//! for unused queues (a queue an outbound entry names is used).

use super::Problems;
use super::arrivals::process;
use super::names::{Names, index_names, lookup};
use super::queues::holding_of;
use crate::model::outbound::DEFAULT_RING_S;
use crate::model::{Bank, Outbound, Queue};
use crate::scenario::ScenarioSources;
use crate::scenario::raw::{RawArrivals, RawScenario};
use crate::traffic::HoldingTime;
use std::collections::HashMap;

/// The outbound entries of `raw` whose number (or bank) exists.
pub(super) fn outbound(
    p: &mut Problems,
    names: &Names,
    raw: &RawScenario,
    banks: &[Bank],
    sources: &ScenarioSources,
    (queues, queue_names): (&[Queue], &HashMap<String, usize>),
) -> Vec<Outbound> {
    let given: Vec<String> = (raw.outbound.iter().enumerate())
        .map(|(i, o)| o.name.clone().unwrap_or_else(|| format!("outbound-{i}")))
        .collect();
    index_names(p, "outbound", given.iter().map(String::as_str), false);
    if !raw.outbound.is_empty() && !raw.region.is_empty() {
        p.add("outbound", "outbound dials are not supported with [[region]] yet: remove one or the other");
    }
    let mut out = Vec::with_capacity(raw.outbound.len());
    for (i, o) in raw.outbound.iter().enumerate() {
        let path = format!("outbound[{i}]");
        let (number, bank) = match (names.bank.get(o.number.as_str()), names.number.get(o.number.as_str())) {
            (Some(&b), _) => (Some(banks[b].first), Some(b)),
            (None, Some(&n)) => (Some(n), None),
            (None, None) => {
                let what = if banks.is_empty() { "number" } else { "number or DID bank" };
                (lookup(p, &format!("{path}.number"), what, &o.number, &names.numbers_and_banks()), None)
            }
        };
        if matches!(o.arrivals, RawArrivals::Trace { .. }) {
            p.add(
                format!("{path}.arrivals"),
                "dials come at a rate (kind = \"poisson\") or by a profile (kind = \"profile\"), not from a trace",
            );
        }
        let arrivals = process(p, &path, &o.arrivals, None, &o.number, sources);
        if !(0.0..=1.0).contains(&o.answer_probability) {
            p.add(
                format!("{path}.answer_probability"),
                format!("must be a probability in [0, 1], got {}", o.answer_probability),
            );
        }
        let ring_s = match o.ring {
            Some(d) if !(d.seconds() >= 0.0 && d.seconds().is_finite()) => {
                p.add(format!("{path}.ring"), "must be a duration >= 0, like \"30s\"");
                DEFAULT_RING_S
            }
            Some(d) => d.seconds(),
            None => DEFAULT_RING_S,
        };
        let max_concurrent_calls = o.max_concurrent_calls.map(|m| {
            if !(1..=u32::MAX as i64).contains(&m) {
                p.add(
                    format!("{path}.max_concurrent_calls"),
                    format!(
                        "a campaign's own quota must be at least 1 call, got {m} (leave it out to share the instance's max_concurrent_calls)"
                    ),
                );
            }
            m.clamp(1, u32::MAX as i64) as u32
        });
        let (talk, queue) = match (&o.queue, o.talk) {
            (None, Some(t)) => (holding_of(p, &format!("{path}.talk"), t), None),
            (None, None) => {
                p.add(
                    format!("{path}.talk"),
                    "missing: how long an answered dial talks, like { kind = \"exponential\", mean = \"3m\" }",
                );
                (HoldingTime::Fixed { value_s: 1.0 }, None)
            }
            (Some(_), Some(_)) => {
                p.add(format!("{path}.talk"), "dials to a queue talk for the queue's handle time: remove talk");
                (HoldingTime::Fixed { value_s: 1.0 }, None)
            }
            (Some(name), None) => super::queues::named_queue(p, &path, name, queues, queue_names),
        };
        if let Some(number) = number {
            out.push(Outbound {
                name: given[i].clone(),
                number,
                bank,
                arrivals,
                answer_probability: o.answer_probability.clamp(0.0, 1.0),
                talk,
                ring_s,
                max_concurrent_calls,
                queue,
            });
        }
    }
    out
}
