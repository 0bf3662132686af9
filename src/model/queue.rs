//! Queues of agents behind the instance: where a carried call of a traffic
//! source that names a queue goes after its IVR time.
//!
//! A caller waits (FIFO) for the first free agent of the queue; with a
//! patience distribution, a caller still waiting after their patience hangs
//! up (abandons). While waiting and talking, the call keeps its trunk
//! channel, its number's concurrency and its instance slot. A queue may
//! offer waiting callers a callback ([`Callback`]).

use super::staffing::Staffing;
use crate::traffic::HoldingTime;

/// Default `answer_within` of a queue's service level, seconds.
pub const DEFAULT_ANSWER_WITHIN_S: f64 = 20.0;

/// A `[[queue]]`: agents answering the calls of the traffic that names it.
#[derive(Clone, Debug, PartialEq)]
pub struct Queue {
    /// Its name, unique among queues.
    pub name: String,
    /// Agents staffed throughout the run, or with a [`Queue::staffing`]
    /// profile its peak (the seats), agents (>= 1).
    pub agents: u32,
    /// Agents by hour of the week (`None`: `agents` throughout).
    pub staffing: Option<Staffing>,
    /// Handle (talk) time of an answered call: the holding time of the
    /// traffic sources that name the queue.
    pub handle: HoldingTime,
    /// How long a caller waits before hanging up (`None`: forever).
    pub patience: Option<HoldingTime>,
    /// Most callers waiting at once (`None`: no limit): a call that would
    /// make one more is refused (it hears the queue-full message and ends).
    pub max_contacts: Option<u32>,
    /// The service level's threshold: a call answered within this many
    /// seconds of entering the queue meets it.
    pub answer_within_s: f64,
    /// Queued callbacks offered to waiting callers (`None`: none).
    pub callback: Option<Callback>,
}

/// Default `ring` of a queue's callback dials, seconds.
pub const DEFAULT_CALLBACK_RING_S: f64 = 30.0;

/// A queue's callback offer (`callback = { ... }` of a `[[queue]]`), as
/// Amazon Connect's queued callbacks: a caller still waiting `after_s`
/// after entering is offered a callback and accepts with probability
/// `accept`. The inbound call then ends (freeing its channel, number and
/// instance slot), and a callback contact waits in the queue, holding
/// nothing, until an agent takes it: the agent then dials the caller from
/// the number they called (a route, a channel, the number's cap and the
/// instance quota are needed at that instant), answered with
/// `answer_probability`; an unanswered or blocked dial is tried again
/// `retry_delay_s` after it ends, up to `max_attempts` dials in all.
///
/// Where the contact waits: with `initial_delay_s = 0` it keeps the
/// caller's place in the queue (its agent is the one that would have
/// answered the caller); with a delay it joins the back of the queue that
/// long after accepting. A retry joins the back of the queue.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Callback {
    /// Wait after which a caller still waiting is offered a callback, seconds (>= 0).
    pub after_s: f64,
    /// Share of offered callers who accept, in [0, 1].
    pub accept: f64,
    /// Time from accepting to the contact joining the queue, seconds (0:
    /// it keeps the caller's place).
    pub initial_delay_s: f64,
    /// Probability that a callback dial is answered, in [0, 1].
    pub answer_probability: f64,
    /// Most dials per callback, the first included (>= 1).
    pub max_attempts: u8,
    /// Time from the end of a failed dial to the contact joining the queue
    /// again, seconds (>= 0).
    pub retry_delay_s: f64,
    /// How long an unanswered callback dial rings (holding its agent and
    /// channel), seconds (>= 0).
    pub ring_s: f64,
}

impl Queue {
    /// Mean staff over the week, agents (`agents` for a fixed staff).
    pub fn mean_agents(&self) -> f64 {
        self.staffing.as_ref().map_or(self.agents as f64, Staffing::weekly_mean)
    }

    /// Stable name of its random streams, `queue:NAME`: it depends on
    /// nothing else in the scenario.
    pub fn stream_name(&self) -> String {
        format!("queue:{}", self.name)
    }
}
