//! Queues of agents during a replication: FIFO service by the first free
//! agent, impatient callers, a limit on callers waiting, and what each
//! queue measures over the window.
//!
//! # How a call's fate is known when it joins
//! Service is first come, first served, and nothing later in the run changes
//! what happens to a caller already in the queue: a later caller never
//! overtakes, and agents are a fixed staff. So when a call joins (at the end
//! of its IVR time) its wait is already determined by the agents' next free
//! times and the callers ahead (the "virtual waiting time" of FIFO
//! multi-server queues): the wait is `max(0, earliest free agent - join)`;
//! if the caller's patience (drawn at join) is shorter, they abandon at the
//! end of their patience and leave the agents as they were; otherwise the
//! earliest-free agent answers at `join + wait` and is busy for the handle
//! time. The call's end (abandonment or end of talk) is therefore known when
//! it joins, and the run schedules one departure for it, as for any call: a
//! queue adds no event, and the call holds its channel, number and instance
//! slot through IVR, wait and talk.
//!
//! Limits of this exactness, which the report states: a call dropped by a
//! failure while waiting or talking still keeps its agent (or its place) to
//! its planned end, and calls whose IVR ends out of arrival order (after a
//! re-route delay) join in arrival order.
//!
//! Nothing here allocates per call: the heaps of agents' free times and of
//! waiting callers' leaving times are sized when the run starts (agents, and
//! `max_contacts` or a fair guess), and the wait histogram is fixed.

use super::streams::StreamName;
use super::window::Window;
use crate::engine::{RandomStreams, Seconds, Stream};
use crate::model::Model;
use crate::traffic::HoldingSampler;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// Width of a bin of the wait histogram, seconds.
const BIN_S: f64 = 0.25;
/// Bins of the wait histogram: waits up to 2 hours (longer ones land in the last).
const BINS: usize = 28_800;

/// What one queue measured over one replication's window.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct QueueOutcome {
    /// Calls of the window that reached the queue (after IVR): `entered +
    /// queue_full`.
    pub offered: u64,
    /// Of those, calls refused because `max_contacts` callers were waiting.
    pub queue_full: u64,
    /// Calls of the window that entered the queue: `answered + abandoned`.
    pub entered: u64,
    /// Entered calls an agent answered.
    pub answered: u64,
    /// Entered calls whose caller hung up before an agent answered.
    pub abandoned: u64,
    /// Answered calls whose wait was at most `answer_within`.
    pub answered_within: u64,
    /// Entered calls that found every agent busy (waited more than 0 s).
    pub waited: u64,
    /// Sum of the waits of answered calls, seconds.
    pub answered_wait_s: f64,
    /// Sum of the waits of every entered call (an abandoned caller's wait is
    /// their patience), seconds.
    pub wait_s: f64,
    /// 95th percentile of the wait of entered calls, seconds (0 when at
    /// least 95% did not wait; from a histogram of 0.25 s bins).
    pub p95_wait_s: f64,
    /// Time-average of callers waiting over the window, calls.
    pub mean_waiting: f64,
    /// Time-average of agents talking over the window, agents.
    pub mean_busy_agents: f64,
    /// `mean_busy_agents / agents`.
    pub occupancy: f64,
}

/// One queue's run-time state.
struct QueueRun {
    agents: u32,
    /// Next free time of every agent, seconds as `f64` bits (non-negative
    /// floats order as their bits), smallest first.
    free_at: BinaryHeap<Reverse<u64>>,
    /// When each caller waiting now leaves the queue (answered or
    /// abandoned), smallest first.
    leave_at: BinaryHeap<Reverse<u64>>,
    patience: Option<HoldingSampler>,
    patience_rng: Stream,
    max_contacts: Option<u32>,
    answer_within_s: f64,
    acc: Acc,
}

/// Accumulators of one queue over the window.
#[derive(Default)]
struct Acc {
    offered: u64,
    queue_full: u64,
    answered: u64,
    abandoned: u64,
    answered_within: u64,
    waited: u64,
    answered_wait_s: f64,
    wait_s: f64,
    /// Entered calls that did not wait.
    zero_waits: u64,
    /// Positive waits by bin of `BIN_S`.
    histogram: Vec<u32>,
    /// Integral of callers waiting over the window, call-seconds.
    waiting_area: f64,
    /// Integral of agents talking over the window, agent-seconds.
    busy_area: f64,
}

/// Every queue of a replication.
pub(super) struct Queues {
    queues: Vec<QueueRun>,
    window: Window,
    /// The window's length, seconds (the settings' horizon, as given).
    horizon_s: Seconds,
}

/// `t` as an ordered heap key.
#[inline]
fn key(t: Seconds) -> Reverse<u64> {
    Reverse(t.max(0.0).to_bits())
}

impl Queues {
    /// The queues of `model`, every agent free, streams named after each queue.
    /// The window lasts `horizon_s` seconds.
    pub(super) fn new(model: &Model, streams: &RandomStreams, window: Window, horizon_s: Seconds) -> Queues {
        let queues = (model.queues.iter())
            .map(|q| {
                let mut free_at = BinaryHeap::with_capacity(q.agents as usize);
                free_at.extend((0..q.agents).map(|_| key(0.0)));
                let name = q.stream_name();
                QueueRun {
                    agents: q.agents,
                    free_at,
                    leave_at: BinaryHeap::with_capacity(
                        q.max_contacts.map_or(4 * q.agents as usize + 64, |m| m as usize + 1),
                    ),
                    patience: q.patience.as_ref().map(|p| p.sampler().expect("validated patience")),
                    patience_rng: streams.stream(&StreamName::Patience(&name)),
                    max_contacts: q.max_contacts,
                    answer_within_s: q.answer_within_s,
                    acc: Acc { histogram: vec![0; BINS], ..Acc::default() },
                }
            })
            .collect();
        Queues { queues, window, horizon_s }
    }

    /// A call joins queue `q` at `join` (the end of its IVR) and would talk
    /// `talk_s` seconds; `counted`: it arrived in the window. Returns how
    /// long it stays from `join` on (wait, then talk if answered), or `None`
    /// when `max_contacts` callers are waiting (the call is refused and ends
    /// at `join`).
    pub(super) fn join(&mut self, q: usize, join: Seconds, talk_s: Seconds, counted: bool) -> Option<Seconds> {
        let window = self.window;
        let run = &mut self.queues[q];
        while let Some(&Reverse(bits)) = run.leave_at.peek() {
            if f64::from_bits(bits) > join {
                break;
            }
            run.leave_at.pop();
        }
        let acc = &mut run.acc;
        if counted {
            acc.offered += 1;
        }
        if run.max_contacts.is_some_and(|m| run.leave_at.len() >= m as usize) {
            if counted {
                acc.queue_full += 1;
            }
            return None;
        }
        let Reverse(first_free) = *run.free_at.peek().expect("a queue has at least one agent");
        let wait = (f64::from_bits(first_free) - join).max(0.0);
        // Patience is drawn for every caller who enters, waiting or not, so
        // that the k-th caller has the same patience in every design.
        let patience = match &run.patience {
            Some(s) => s.duration_s(&mut run.patience_rng),
            None => f64::INFINITY,
        };
        let (stay, waited_s, answered) =
            if wait > patience { (patience, patience, false) } else { (wait + talk_s, wait, true) };
        if waited_s > 0.0 {
            run.leave_at.push(key(join + waited_s));
            acc.waiting_area += window.overlap(join, join + waited_s);
        }
        if answered {
            // The earliest-free agent answers: its free time moves on (one
            // sift down, not a pop and a push).
            *run.free_at.peek_mut().expect("a queue has at least one agent") = key(join + wait + talk_s);
            acc.busy_area += window.overlap(join + wait, join + wait + talk_s);
        }
        if counted {
            if answered {
                acc.answered += 1;
                acc.answered_wait_s += wait;
                if wait <= run.answer_within_s {
                    acc.answered_within += 1;
                }
            } else {
                acc.abandoned += 1;
            }
            acc.wait_s += waited_s;
            if waited_s > 0.0 {
                acc.waited += 1;
                acc.histogram[((waited_s / BIN_S) as usize).min(BINS - 1)] += 1;
            } else {
                acc.zero_waits += 1;
            }
        }
        Some(stay)
    }

    /// What each queue measured over the window.
    pub(super) fn finish(&self) -> Vec<QueueOutcome> {
        let horizon_s = self.horizon_s;
        (self.queues.iter())
            .map(|run| {
                let a = &run.acc;
                let entered = a.answered + a.abandoned;
                let mean_busy_agents = a.busy_area / horizon_s;
                QueueOutcome {
                    offered: a.offered,
                    queue_full: a.queue_full,
                    entered,
                    answered: a.answered,
                    abandoned: a.abandoned,
                    answered_within: a.answered_within,
                    waited: a.waited,
                    answered_wait_s: a.answered_wait_s,
                    wait_s: a.wait_s,
                    p95_wait_s: percentile(a.zero_waits, &a.histogram, 0.95),
                    mean_waiting: a.waiting_area / horizon_s,
                    mean_busy_agents,
                    occupancy: mean_busy_agents / run.agents as f64,
                }
            })
            .collect()
    }
}

/// The `p` quantile of waits: `zeros` waits of 0, then a histogram of
/// positive waits in bins of `BIN_S`, linear within a bin (0 without waits).
fn percentile(zeros: u64, histogram: &[u32], p: f64) -> f64 {
    let n = zeros + histogram.iter().map(|&c| c as u64).sum::<u64>();
    let rank = p * n as f64;
    if n == 0 || zeros as f64 >= rank {
        return 0.0;
    }
    let mut below = zeros as f64;
    for (i, &c) in histogram.iter().enumerate() {
        let c = c as f64;
        if c > 0.0 && below + c >= rank {
            return (i as f64 + (rank - below) / c) * BIN_S;
        }
        below += c;
    }
    BINS as f64 * BIN_S
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_read_the_histogram() {
        let mut h = vec![0u32; BINS];
        assert_eq!(percentile(0, &h, 0.95), 0.0);
        assert_eq!(percentile(96, &h, 0.95), 0.0);
        // 50 zeros, 50 waits in [1.0, 1.25): the 95th percentile is 0.9 of the way into the bin.
        h[4] = 50;
        assert!((percentile(50, &h, 0.95) - (4.0 + 0.9) * BIN_S).abs() < 1e-12);
    }
}
