//! Per-queue results over the replications: offered, answered and abandoned
//! calls, service level, waits, agent occupancy.
//!
//! Conventions: the service level is the share of calls that *entered* the
//! queue (answered or abandoned; refused calls excluded) that an agent
//! answered within `answer_within`, so an abandoned call counts against it
//! whenever it hung up. The average speed of answer (ASA) is the mean wait of
//! answered calls; the mean wait is over every entered call (an abandoned
//! caller waited their patience), which is E[Q] / λ by Little's law and is
//! what Garnett, Mandelbaum and Reiman (2002) tabulate as ASA for Erlang A.

use super::ratio_over;
use crate::model::Model;
use crate::sim::{QueueOutcome, ReplicationOutcome};
use crate::stats::Summary;

/// One queue's results; counts are calls per replication.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct QueueReport {
    /// Agents staffed (with a staffing profile: its peak).
    pub agents: u32,
    /// The staffing profile's figures (absent for a fixed staff).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub staffing: Option<StaffingReport>,
    /// The service level's threshold, seconds.
    pub answer_within_s: f64,
    /// Load offered to the agents, Erlangs: arrival rate x mean handle time
    /// of the traffic that names the queue (before any blocking upstream).
    pub offered_erlangs: f64,
    /// Calls that reached the queue after IVR (entered + refused).
    pub offered: Summary,
    /// Calls refused because `max_contacts` callers were waiting (they hear
    /// the queue-full message and end after their IVR time).
    pub queue_full: Summary,
    /// Calls that entered the queue: answered + abandoned + accepted callbacks.
    pub entered: Summary,
    /// Entered calls an agent answered.
    pub answered: Summary,
    /// Entered calls whose caller hung up first.
    pub abandoned: Summary,
    /// abandoned / entered.
    pub abandoned_share: Summary,
    /// Entered calls that found every agent busy / entered.
    pub probability_of_waiting: Summary,
    /// Answered within `answer_within` / entered.
    pub service_level: Summary,
    /// Average speed of answer: mean wait of answered calls, seconds.
    pub asa_s: Summary,
    /// Mean wait of entered calls (abandoned ones included), seconds.
    pub mean_wait_s: Summary,
    /// 95th percentile of the wait of entered calls, seconds (mean of the
    /// replications' percentiles).
    pub p95_wait_s: Summary,
    /// Time-average of callers waiting, calls.
    pub mean_waiting: Summary,
    /// Time-average of agents talking, agents.
    pub mean_busy_agents: Summary,
    /// mean_busy_agents / agents staffed (time-averaged with a profile).
    pub occupancy: Summary,
    /// The distribution of waits: at each threshold of
    /// `crate::sim::WAIT_THRESHOLDS_S`, the share of entered calls that
    /// left the queue (answered, abandoned or took a callback) within it,
    /// a ratio of totals over replications. At 0 s it is 1 -
    /// `probability_of_waiting`. Empty (absent from the JSON) when a shard
    /// written before it existed is merged.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub wait_cdf: Vec<WaitPoint>,
    /// Queued callbacks (absent when the queue offers none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub callbacks: Option<CallbackReport>,
}

/// A queue staffed by a profile.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct StaffingReport {
    /// Time-average of agents staffed over the window, agents (exact: the
    /// profile's, the same in every replication).
    pub mean_scheduled_agents: f64,
    /// Time-average of agents finishing a call after their shift ended, agents.
    pub mean_overtime_agents: Summary,
}

/// One point of a queue's distribution of waits.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct WaitPoint {
    /// The threshold, seconds.
    pub within_s: f64,
    /// Entered calls that waited at most `within_s` / entered calls (a
    /// fraction), with its delta-method 95% interval.
    pub share: Summary,
}

/// A queue's callbacks; counts are per replication.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct CallbackReport {
    /// Callers offered a callback (still waiting at its `after`).
    pub offered: Summary,
    /// Callers who accepted (their inbound call ended then).
    pub accepted: Summary,
    /// Accepted callbacks whose dial was answered.
    pub reached: Summary,
    /// Accepted callbacks that used every attempt without an answer.
    pub never_reached: Summary,
    /// never_reached / (reached + never_reached).
    pub never_reached_share: Summary,
    /// Callback dials placed (every attempt).
    pub dials: Summary,
    /// Of those, dials blocked at their instant (no route, channel, cap or quota).
    pub dials_blocked: Summary,
}

impl QueueReport {
    /// Queue `q` of `model` over `outcomes`.
    pub fn new(model: &Model, q: usize, outcomes: &[ReplicationOutcome]) -> QueueReport {
        let queue = &model.queues[q];
        type Of<'f> = &'f dyn Fn(&QueueOutcome) -> f64;
        let s = |f: Of| Summary::over(outcomes, |o| f(&o.queues[q]));
        let ratio = |x: Of, y: Of| ratio_over(outcomes, |o| x(&o.queues[q]), |o| y(&o.queues[q]));
        let offered_erlangs = (model.traffic.iter())
            .filter(|t| t.queue == Some(q))
            .map(|t| t.arrivals.mean_rate_per_s() * t.holding.mean_s())
            .sum();
        QueueReport {
            agents: queue.agents,
            staffing: queue.staffing.as_ref().map(|_| StaffingReport {
                mean_scheduled_agents: outcomes
                    .first()
                    .map_or(queue.mean_agents(), |o| o.queues[q].mean_scheduled_agents),
                mean_overtime_agents: s(&|o| o.mean_overtime_agents),
            }),
            answer_within_s: queue.answer_within_s,
            offered_erlangs,
            offered: s(&|o| o.offered as f64),
            queue_full: s(&|o| o.queue_full as f64),
            entered: s(&|o| o.entered as f64),
            answered: s(&|o| o.answered as f64),
            abandoned: s(&|o| o.abandoned as f64),
            abandoned_share: ratio(&|o| o.abandoned as f64, &|o| o.entered as f64),
            probability_of_waiting: ratio(&|o| o.waited as f64, &|o| o.entered as f64),
            service_level: ratio(&|o| o.answered_within as f64, &|o| o.entered as f64),
            asa_s: ratio(&|o| o.answered_wait_s, &|o| o.answered as f64),
            mean_wait_s: ratio(&|o| o.wait_s, &|o| o.entered as f64),
            p95_wait_s: s(&|o| o.p95_wait_s),
            mean_waiting: s(&|o| o.mean_waiting),
            mean_busy_agents: s(&|o| o.mean_busy_agents),
            occupancy: s(&|o| o.occupancy),
            wait_cdf: wait_cdf(outcomes, q),
            callbacks: queue.callback.map(|_| CallbackReport {
                offered: s(&|o| o.callbacks_offered as f64),
                accepted: s(&|o| o.callbacks_accepted as f64),
                reached: s(&|o| o.callbacks_reached as f64),
                never_reached: s(&|o| o.callbacks_never_reached as f64),
                never_reached_share: ratio(&|o| o.callbacks_never_reached as f64, &|o| {
                    (o.callbacks_reached + o.callbacks_never_reached) as f64
                }),
                dials: s(&|o| o.callback_dials as f64),
                dials_blocked: s(&|o| o.callback_dials_blocked as f64),
            }),
        }
    }
}

/// Queue `q`'s distribution of waits over `outcomes`: the thresholds of the
/// first replication, when every replication has the same ones (none when a
/// replication has none: a shard written before they existed).
fn wait_cdf(outcomes: &[ReplicationOutcome], q: usize) -> Vec<WaitPoint> {
    let Some(first) = outcomes.first().map(|o| &o.queues[q].waits_within) else { return Vec::new() };
    let same = |o: &ReplicationOutcome| {
        let w = &o.queues[q].waits_within;
        w.len() == first.len() && w.iter().zip(first).all(|(a, b)| a.within_s == b.within_s)
    };
    if !outcomes.iter().all(same) {
        return Vec::new();
    }
    (first.iter().enumerate())
        .map(|(k, w)| WaitPoint {
            within_s: w.within_s,
            share: ratio_over(outcomes, |o| o.queues[q].waits_within[k].calls as f64, |o| o.queues[q].entered as f64),
        })
        .collect()
}
