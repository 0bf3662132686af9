//! Failures: random up/down processes of AZs, carriers and links, and
//! scheduled outages.
//!
//! An element is **down** while anything holds it down: its random failure
//! process, or any scheduled outage that covers the instant. Overlapping
//! causes therefore combine: the element comes back up only when the last
//! of them ends. A link is **usable** when it, its carrier and its AZ are all up.

mod lifetime;

pub use lifetime::{Lifetime, LifetimeError, LifetimeSampler};

use crate::engine::Seconds;

/// An element that can fail.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Element {
    /// An availability zone, by index in `Model::azs`.
    Az(usize),
    /// A carrier, by index in `Model::carriers`.
    Carrier(usize),
    /// A link, by index in `Model::links`.
    Link(usize),
    /// A contact-center instance of a region, by index in `Regions::instances`
    /// (`crate::model::Regions`); only models with `[[region]]` have them.
    Instance(usize),
}

impl Element {
    /// The element kind as reports name it: `az`, `carrier`, `link` or `instance`.
    pub fn kind(self) -> &'static str {
        match self {
            Element::Az(_) => "az",
            Element::Carrier(_) => "carrier",
            Element::Link(_) => "link",
            Element::Instance(_) => "instance",
        }
    }
}

/// An alternating up/down renewal process: up periods with mean `mtbf_s`,
/// down (repair) periods with mean `mttr_s`. Its long-run availability is
/// `mtbf / (mtbf + mttr)`.
#[derive(Clone, Debug, PartialEq)]
pub struct FailureProcess {
    /// Mean time between failures (mean up period), seconds (> 0).
    pub mtbf_s: Seconds,
    /// Mean time to repair (mean down period), seconds (> 0).
    pub mttr_s: Seconds,
    /// Shape of the up periods (mean `mtbf_s`); exponential by default.
    pub time_to_failure: Lifetime,
    /// Shape of the down periods (mean `mttr_s`); exponential by default.
    pub time_to_repair: Lifetime,
}

impl FailureProcess {
    /// Exponential up and down periods of means `mtbf_s` and `mttr_s`
    /// seconds (the scenario file's `mtbf`/`mttr`); checked (> 0) when the
    /// scenario is built, as a file's would be.
    ///
    /// ```
    /// use callsim::faults::FailureProcess;
    /// let carrier = FailureProcess::exponential(90.0 * 86_400.0, 4.0 * 3_600.0);
    /// assert!((carrier.availability() - 0.998_151_7).abs() < 1e-6);
    /// ```
    pub fn exponential(mtbf_s: Seconds, mttr_s: Seconds) -> FailureProcess {
        FailureProcess::with_lifetimes(mtbf_s, mttr_s, Lifetime::Exponential, Lifetime::Exponential)
    }

    /// Up periods of mean `mtbf_s` seconds shaped by `time_to_failure`, down
    /// periods of mean `mttr_s` seconds shaped by `time_to_repair` (a
    /// Weibull wear-out, a log-normal repair, ...).
    pub fn with_lifetimes(
        mtbf_s: Seconds,
        mttr_s: Seconds,
        time_to_failure: Lifetime,
        time_to_repair: Lifetime,
    ) -> FailureProcess {
        FailureProcess { mtbf_s, mttr_s, time_to_failure, time_to_repair }
    }

    /// Long-run fraction of time up: `mtbf / (mtbf + mttr)`.
    pub fn availability(&self) -> f64 {
        self.mtbf_s / (self.mtbf_s + self.mttr_s)
    }
}

/// A scheduled outage: `target` is held down during
/// `[warmup + start_s, warmup + start_s + duration_s)`.
#[derive(Clone, Debug, PartialEq)]
pub struct ScheduledOutage {
    /// What goes down.
    pub target: Element,
    /// Start, seconds after the end of warm-up (>= 0).
    pub start_s: Seconds,
    /// Length, seconds (> 0).
    pub duration_s: Seconds,
}
