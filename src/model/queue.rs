//! Queues of agents behind the instance: where a carried call of a traffic
//! source that names a queue goes after its IVR time.
//!
//! A caller waits (FIFO) for the first free agent of the queue; with a
//! patience distribution, a caller still waiting after their patience hangs
//! up (abandons). While waiting and talking, the call keeps its trunk
//! channel, its number's concurrency and its instance slot.

use crate::traffic::HoldingTime;

/// Default `answer_within` of a queue's service level, seconds.
pub const DEFAULT_ANSWER_WITHIN_S: f64 = 20.0;

/// A `[[queue]]`: agents answering the calls of the traffic that names it.
#[derive(Clone, Debug, PartialEq)]
pub struct Queue {
    /// Its name, unique among queues.
    pub name: String,
    /// Agents staffed, throughout the run (>= 1).
    pub agents: u32,
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
}

impl Queue {
    /// Stable name of its random streams, `queue:NAME`: it depends on
    /// nothing else in the scenario.
    pub fn stream_name(&self) -> String {
        format!("queue:{}", self.name)
    }
}
