//! Traffic: when calls arrive and how long they last.

pub mod arrivals;
pub mod exponential;
pub mod holding;
pub mod trace;

pub use arrivals::{ArrivalError, ArrivalProcess, ArrivalSampler, Profile, Spike, WEEK_HOURS};
pub use exponential::Exponential;
pub use holding::{HoldingError, HoldingSampler, HoldingTime};
pub use trace::TraceCall;

/// One stream of calls offered to one number.
#[derive(Clone, Debug, PartialEq)]
pub struct TrafficSource {
    /// Index of the dialled number in [`crate::model::Model::numbers`]
    /// (for traffic to a bank: its first DID, the pilot).
    pub number: usize,
    /// Traffic to a DID bank: how each call picks a DID.
    pub spread: Option<BankSpread>,
    /// Callers who are blocked or dropped and try again.
    pub redial: Option<Redial>,
    /// When calls arrive.
    pub arrivals: ArrivalProcess,
    /// How long a carried call lasts (for traffic to a queue: the queue's
    /// handle time, after the wait).
    pub holding: HoldingTime,
    /// The queue its carried calls wait in after IVR, by index in
    /// [`crate::model::Model::queues`] (`None`: no queue, the call talks
    /// as soon as the IVR is over).
    pub queue: Option<usize>,
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

/// How calls to a DID bank pick a DID.
#[derive(Clone, Debug, PartialEq)]
pub enum SpreadMode {
    /// Each call picks a DID at random, all equally likely.
    Uniform,
    /// Each call picks a DID at random with these relative weights (one per DID).
    Weighted(Vec<f64>),
    /// Each call takes the first DID, in bank order, below its cap (a hunt
    /// group); when all are at their caps it is offered to (and blocked at)
    /// the first.
    Hunt,
}

/// Traffic spread over a DID bank.
#[derive(Clone, Debug, PartialEq)]
pub struct BankSpread {
    /// Index of the bank in [`crate::model::Model::banks`].
    pub bank: usize,
    /// How a DID is picked.
    pub mode: SpreadMode,
}

impl BankSpread {
    /// The share of the bank's traffic that DID `i` (0-based) of `count` is expected to get.
    pub fn share(&self, i: usize, count: usize) -> f64 {
        match &self.mode {
            SpreadMode::Weighted(w) => w[i] / w.iter().sum::<f64>(),
            SpreadMode::Uniform | SpreadMode::Hunt => 1.0 / count as f64,
        }
    }
}

/// Callers blocked or dropped try again: with `probability`, after an
/// exponential delay of mean `mean_delay_s`, up to `max_attempts` attempts
/// in all (the first included).
#[derive(Clone, Debug, PartialEq)]
pub struct Redial {
    /// Chance that a caller whose attempt failed tries again, in [0, 1].
    pub probability: f64,
    /// Mean delay before trying again, seconds (> 0).
    pub mean_delay_s: f64,
    /// Most attempts of one caller, the first included (>= 1).
    pub max_attempts: u8,
}
