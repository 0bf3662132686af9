//! Outbound calls and campaigns (`[[outbound]]`): dials placed from a
//! number or a DID bank, on the same carrier, links, number caps and
//! instance quota as inbound calls.
//!
//! A dial is routed as an inbound call to its number is (the number's cap,
//! then the quota, then its routes, least-loaded first, then CPS limits) but
//! without IVR, RespOrg re-routing or forwarding: it is placed by the
//! instance on the number's carrier. Once carried, it rings and is answered
//! with `answer_probability`: an answered dial talks for `talk` (or, with a
//! queue, waits for an agent of the queue and talks for its handle time);
//! an unanswered one holds its channel for `ring_s` and ends.
//!
//! # The quota a dial counts against
//! Amazon Connect keeps a separate concurrent-call quota for outbound
//! campaigns. The convention here is explicit:
//! - without `max_concurrent_calls`, the dials count against the instance's
//!   `max_concurrent_calls` (the quota inbound calls use), as Connect's
//!   agent-placed outbound calls do: one shared pool, blocked as
//!   `instance_quota`;
//! - with `max_concurrent_calls = N` (N >= 1), the outbound entry is a
//!   campaign with its own quota of N calls: its dials count against that
//!   quota alone (not the instance's), blocked as `campaign_quota`.
//!   `max_concurrent_calls = 0` is refused: a quota of 0 would allow no
//!   dial at all (leave the key out to share the instance's).
//!
//! Whichever the quota, a dial always holds a channel of its link and a
//! place in its number's `max_concurrent`.

use crate::traffic::{ArrivalProcess, HoldingTime};

/// Default `ring` of an `[[outbound]]`: how long an unanswered dial holds
/// its channel before the dialler gives up, seconds.
pub const DEFAULT_RING_S: f64 = 30.0;

/// One `[[outbound]]`: dials from a number or bank.
#[derive(Clone, Debug, PartialEq)]
pub struct Outbound {
    /// Its name, unique among outbound entries (default `outbound-K`, K
    /// its rank): its random streams are `outbound:NAME/...`.
    pub name: String,
    /// The number dials are placed from, by index in
    /// [`crate::model::Model::numbers`] (for a bank: its first DID).
    pub number: usize,
    /// Dialling from a DID bank (by index in [`crate::model::Model::banks`]):
    /// each dial takes the first DID, in bank order, below its cap (the
    /// first when all are at it), as a hunt group does.
    pub bank: Option<usize>,
    /// When dials are placed (Poisson or a profile; not a trace).
    pub arrivals: ArrivalProcess,
    /// Probability that a carried dial is answered, in [0, 1].
    pub answer_probability: f64,
    /// Talk time of an answered dial (with a queue: the queue's handle time).
    pub talk: HoldingTime,
    /// How long an unanswered dial holds its channel, seconds (>= 0).
    pub ring_s: f64,
    /// A campaign's own concurrent-call quota, calls (`None`: the dials
    /// share the instance's quota). See the module docs.
    pub max_concurrent_calls: Option<u32>,
    /// The queue whose agents take its answered dials, by index in
    /// [`crate::model::Model::queues`] (`None`: the dial talks at once).
    pub queue: Option<usize>,
}

impl Outbound {
    /// Stable name of its random streams, `outbound:NAME`.
    pub fn stream_name(&self) -> String {
        format!("outbound:{}", self.name)
    }

    /// Load its dials offer to their number, Erlangs: dials per second x
    /// (answer probability x mean talk + (1 - answer probability) x ring),
    /// before any blocking and without queue waits.
    pub fn offered_erlangs(&self) -> f64 {
        let p = self.answer_probability;
        self.arrivals.mean_rate_per_s() * (p * self.talk.mean_s() + (1.0 - p) * self.ring_s)
    }
}
