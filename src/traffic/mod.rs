//! Traffic: when calls arrive and how long they last.

pub mod arrivals;
pub mod holding;

pub use arrivals::{ArrivalProcess, ArrivalSampler};
pub use holding::{HoldingSampler, HoldingTime};

/// One stream of calls offered to one number.
#[derive(Clone, Debug, PartialEq)]
pub struct TrafficSource {
    /// Index of the dialled number in [`crate::model::Model::numbers`].
    pub number: usize,
    /// When calls arrive.
    pub arrivals: ArrivalProcess,
    /// How long a carried call lasts.
    pub holding: HoldingTime,
    /// Stable name of the source, `NUMBER#K` (K: its rank among the traffic
    /// sources of that number), from which its random streams are named.
    /// It depends on nothing else in the scenario, so adding a link or a
    /// number never changes this source's draws.
    pub stream_name: String,
}

impl TrafficSource {
    /// Offered load in Erlangs: arrival rate (calls per second) x mean holding (seconds).
    pub fn offered_erlangs(&self) -> f64 {
        self.arrivals.mean_rate_per_s() * self.holding.mean_s()
    }
}
