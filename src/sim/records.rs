//! Call records: one row per call of a replication, for users' own analysis
//! (`callsim run --calls FILE.csv`). Recording is off unless an observer
//! asks for it ([`Observer::CALLS`](super::Observer::CALLS)); then each call
//! is reported once, when its fate is known.

use super::causes::BlockCause;
use super::causes::DropCause;

/// How a call ended (or had not yet, at the horizon).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CallOutcome {
    /// Carried, and ended normally.
    Completed,
    /// Not carried, for this cause.
    Blocked(BlockCause),
    /// Carried, then cut by the failure of an element of this kind.
    Dropped(DropCause),
    /// Still in progress at the horizon.
    InProgress,
}

impl CallOutcome {
    /// (outcome, cause) as the CSV writes them.
    pub fn labels(self) -> (&'static str, &'static str) {
        match self {
            CallOutcome::Completed => ("completed", ""),
            CallOutcome::Blocked(c) => ("blocked", c.as_str()),
            CallOutcome::Dropped(kind) => ("dropped", kind.as_str()),
            CallOutcome::InProgress => ("in_progress", ""),
        }
    }
}

/// One call.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CallRecord {
    /// Arrival time, simulated seconds from the start (warm-up included).
    pub arrival_s: f64,
    /// The dialled number (index in the model's numbers).
    pub number: usize,
    /// The link that carried it (index in the model's links), if carried.
    pub link: Option<usize>,
    /// Its fate.
    pub outcome: CallOutcome,
    /// When it ended (blocked: its arrival; in progress: the horizon), seconds.
    pub end_s: f64,
    /// Whether it arrived after warm-up (and so is in the statistics).
    pub measured: bool,
}
