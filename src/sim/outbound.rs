//! Outbound dials during a replication (`[[outbound]]`): each entry's
//! samplers and streams, its campaign quota in use, and what each number
//! measures of its dials over the window.
//!
//! A dial is an event of its own (`Event::Dial`), scheduled from the
//! entry's arrival process: a design without outbound entries schedules
//! none and pays nothing per event. Whether a dial is answered and how long
//! it talks are drawn at every dial, carried or not, so that the k-th dial
//! of an entry has the same fate in every design compared on common random
//! numbers. Its routing is [`Admission::admit_outbound`]; its call is kept in
//! the call table like any other (flagged outbound), and its figures here,
//! apart from the number's inbound ones.

use super::admission::Admission;
use super::causes::{BlockCause, ByCause};
use super::streams::StreamName;
use crate::engine::{RandomStreams, Seconds, Stream};
use crate::model::Model;
use crate::traffic::{ArrivalSampler, HoldingSampler};
use rand::RngExt;

/// One number's outbound dials over one replication's window.
///
/// Dials are conserved: `carried_in + dialled = completed + blocked +
/// dropped + in_progress`.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct OutboundOutcome {
    /// Dials placed from the number in the window.
    pub dialled: u64,
    /// Of those, dials that got a channel (carried).
    pub carried: u64,
    /// Of the carried, dials the called party answered.
    pub answered: u64,
    /// Dials not carried, and answered dials refused by their full queue
    /// (the sum of `blocked_by`; `queue_full` counted when the dial ends).
    pub blocked: u64,
    /// Blocked dials by cause.
    #[serde(with = "super::outcome::counts")]
    pub blocked_by: ByCause<BlockCause>,
    /// Carried dials that ended normally in the window (answered or not),
    /// whenever they were placed.
    pub completed: u64,
    /// Carried dials cut by a failure in the window.
    pub dropped: u64,
    /// Dials in progress when the window opened.
    pub carried_in: u64,
    /// Dials still in progress when it closed.
    pub in_progress: u64,
    /// `blocked / dialled` (0 without dials).
    pub blocking_probability: f64,
}

/// Per-number accumulators of dials.
#[derive(Clone, Debug, Default)]
struct Acc {
    dialled: u64,
    carried: u64,
    answered: u64,
    blocked_by: ByCause<BlockCause>,
    completed: u64,
    dropped: u64,
    carried_in: u64,
    /// Dials in progress now (whenever placed).
    live: u64,
}

/// One `[[outbound]]` entry's run-time state.
pub(super) struct Dialer {
    number: usize,
    /// Dialling from a bank: (first DID, DIDs).
    bank: Option<(usize, usize)>,
    pub(super) arrivals: ArrivalSampler,
    pub(super) arrival_rng: Stream,
    talk: HoldingSampler,
    talk_rng: Stream,
    answer_rng: Stream,
    answer_probability: f64,
    /// How long an unanswered dial holds its channel, seconds.
    pub(super) ring_s: Seconds,
    /// A campaign's own quota (`None`: the instance's).
    quota: Option<u32>,
    /// Its dials in progress.
    busy: u32,
    /// The queue its answered dials wait in.
    pub(super) queue: Option<u32>,
}

/// One dial's draws: answered or not, and its talk time if answered.
#[derive(Clone, Copy, Debug)]
pub(super) struct Dial {
    /// The number it is placed from.
    pub(super) number: usize,
    pub(super) answered: bool,
    /// Talk time if answered, seconds.
    pub(super) talk_s: Seconds,
    /// `Some(at its quota)` for a campaign with its own quota.
    pub(super) campaign_full: Option<bool>,
}

impl Dialer {
    /// Whether its dials count against the instance's quota.
    #[inline]
    pub(super) fn holds_instance(&self) -> bool {
        self.quota.is_none()
    }

    /// Draws the next dial's fate and the number it goes from (a bank's
    /// first DID below its cap).
    pub(super) fn dial(&mut self, admission: &Admission) -> Dial {
        let answered = self.answer_rng.random::<f64>() < self.answer_probability;
        let talk_s = self.talk.duration_s(&mut self.talk_rng);
        let number = match self.bank {
            None => self.number,
            Some((first, count)) => (first..first + count).find(|&n| !admission.at_cap(n)).unwrap_or(first),
        };
        Dial { number, answered, talk_s, campaign_full: self.quota.map(|q| self.busy >= q) }
    }
}

/// Every outbound entry of a replication, and the numbers' dial figures.
pub(super) struct Dialers {
    pub(super) dialers: Vec<Dialer>,
    /// Per number (empty without outbound entries).
    numbers: Vec<Acc>,
}

impl Dialers {
    /// The outbound entries of `model`, streams named after each; profile
    /// clocks start at `warmup_s`.
    pub(super) fn new(model: &Model, streams: &RandomStreams, warmup_s: Seconds) -> Dialers {
        let dialers: Vec<Dialer> = (model.outbound.iter())
            .map(|o| {
                let name = o.stream_name();
                Dialer {
                    number: o.number,
                    bank: o.bank.map(|b| (model.banks[b].first, model.banks[b].count)),
                    arrivals: o.arrivals.sampler(warmup_s).expect("validated dial process"),
                    arrival_rng: streams.stream(&StreamName::Dials(&name)),
                    talk: o.talk.sampler().expect("validated talk time"),
                    talk_rng: streams.stream(&StreamName::Talk(&name)),
                    answer_rng: streams.stream(&StreamName::Answer(&name)),
                    answer_probability: o.answer_probability,
                    ring_s: o.ring_s,
                    quota: o.max_concurrent_calls,
                    busy: 0,
                    queue: o.queue.map(|q| q as u32),
                }
            })
            .collect();
        let numbers = if dialers.is_empty() { Vec::new() } else { vec![Acc::default(); model.numbers.len()] };
        Dialers { dialers, numbers }
    }

    /// A dial from `number` is placed (`measuring`: in the window).
    pub(super) fn dialled(&mut self, number: usize, measuring: bool) {
        if measuring {
            self.numbers[number].dialled += 1;
        }
    }

    /// A dial from `number` was blocked by `cause` (`measuring`: in the window).
    pub(super) fn blocked(&mut self, number: usize, cause: BlockCause, measuring: bool) {
        if measuring {
            self.numbers[number].blocked_by[cause] += 1;
        }
    }

    /// A dial of entry `j` from `number` got a channel (`answered` by the called party).
    pub(super) fn connected(&mut self, j: usize, number: usize, answered: bool, measuring: bool) {
        self.dialers[j].busy += 1;
        let acc = &mut self.numbers[number];
        acc.live += 1;
        if measuring {
            acc.carried += 1;
            acc.answered += u64::from(answered);
        }
    }

    /// A carried dial of entry `j` from `number` ends: normally, refused by
    /// its full queue (`refused`, blocked as `queue_full`), or dropped.
    pub(super) fn ended(&mut self, j: usize, number: usize, end: DialEnd, measuring: bool) {
        self.dialers[j].busy -= 1;
        let acc = &mut self.numbers[number];
        acc.live -= 1;
        if measuring {
            match end {
                DialEnd::Completed => acc.completed += 1,
                DialEnd::Refused => acc.blocked_by[BlockCause::QueueFull] += 1,
                DialEnd::Dropped => acc.dropped += 1,
            }
        }
    }

    /// Warm-up is over: the dials in progress are carried into the window.
    pub(super) fn start_measuring(&mut self) {
        for acc in &mut self.numbers {
            acc.carried_in = acc.live;
        }
    }

    /// Number `n`'s dial figures over the window (`None` when it has no
    /// outbound entry: `dials_from`).
    pub(super) fn outcome(&self, n: usize, dials_from: bool) -> Option<OutboundOutcome> {
        let acc = self.numbers.get(n).filter(|_| dials_from)?;
        let blocked = acc.blocked_by.total();
        Some(OutboundOutcome {
            dialled: acc.dialled,
            carried: acc.carried,
            answered: acc.answered,
            blocked,
            blocked_by: acc.blocked_by.clone(),
            completed: acc.completed,
            dropped: acc.dropped,
            carried_in: acc.carried_in,
            in_progress: acc.live,
            blocking_probability: if acc.dialled == 0 { 0.0 } else { blocked as f64 / acc.dialled as f64 },
        })
    }
}

/// How a carried dial ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum DialEnd {
    /// Normally (answered and talked, or rang out).
    Completed,
    /// Answered, then refused by its full queue.
    Refused,
    /// Cut by a failure.
    Dropped,
}
