//! Guards against designs that would run for days or exhaust memory.
//!
//! Before anything runs, callsim estimates what one replication will cost:
//! the expected number of events (two per call: arrival and departure; two
//! per failure cycle of each element; two per scheduled outage) and the
//! calls in progress at once (the offered Erlangs, bounded by the links'
//! channels). A design beyond the limits is refused with both figures and
//! the flag that raises the limit, instead of hanging or being killed.

use super::Scenario;

/// Default largest expected events per replication (~10 minutes at ~20 M events/s).
pub const DEFAULT_MAX_EVENTS: f64 = 1e10;

/// Default largest expected calls in progress at once (~1.4 GB of call state).
pub const DEFAULT_MAX_CALLS_IN_PROGRESS: f64 = 1.6e7;

/// The most calls in progress (pending cancellable events) and events per
/// replication the engine supports, whatever the limits say.
pub const HARD_MAX_CALLS_IN_PROGRESS: f64 = crate::engine::queue::MAX_CANCELLABLE as f64;
/// See [`HARD_MAX_CALLS_IN_PROGRESS`].
pub const HARD_MAX_EVENTS: f64 = crate::engine::queue::MAX_EVENTS as f64;

/// The limits a run must fit in.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Limits {
    /// Largest expected events per replication.
    pub max_events: f64,
    /// Largest expected calls in progress at once.
    pub max_calls_in_progress: f64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_events: DEFAULT_MAX_EVENTS, max_calls_in_progress: DEFAULT_MAX_CALLS_IN_PROGRESS }
    }
}

/// Why a design does not fit the limits.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum LimitError {
    /// Too many events expected.
    #[error(
        "this design expects about {expected:.3e} events per replication (calls and failures over warm-up + horizon), more than the limit of {limit:.3e} (~{minutes:.0} min per replication at 20 M events/s); shorten the horizon, lower the rates, or raise the limit with --max-events {expected:.0e} (at most 1e12)"
    )]
    Events {
        /// Expected events per replication.
        expected: f64,
        /// The limit.
        limit: f64,
        /// Minutes per replication that would take.
        minutes: f64,
    },
    /// Too many calls in progress expected.
    #[error(
        "this design expects about {expected:.3e} calls in progress at once (offered Erlangs, bounded by link channels), more than the limit of {limit:.3e} (~90 bytes each); lower the load, or raise the limit with --max-calls (at most 1.6e7)"
    )]
    Calls {
        /// Expected calls in progress.
        expected: f64,
        /// The limit.
        limit: f64,
    },
}

impl Scenario {
    /// Expected events of one replication: 2 per call offered, 2 per failure
    /// cycle of every element with mtbf/mttr, 2 per scheduled outage, over
    /// warm-up + horizon.
    pub fn expected_events_per_replication(&self) -> f64 {
        let model = &self.model;
        let span = self.simulation.warmup_s + self.simulation.horizon_s;
        let calls: f64 = model.traffic.iter().map(|t| t.arrivals.mean_rate_per_s() * span).sum();
        let cycles: f64 = (model.azs.iter().map(|a| &a.failure))
            .chain(model.carriers.iter().map(|c| &c.failure))
            .chain(model.links.iter().map(|l| &l.failure))
            .flatten()
            .map(|f| span / (f.mtbf_s + f.mttr_s))
            .sum();
        2.0 * (calls + cycles + model.outages.len() as f64) + 1.0
    }

    /// Expected calls in progress at once: the offered load in Erlangs,
    /// bounded by the channels of all links.
    pub fn expected_calls_in_progress(&self) -> f64 {
        let offered: f64 = self.model.offered_erlangs().iter().sum();
        let channels: f64 = self.model.links.iter().map(|l| l.channels as f64).sum();
        offered.min(channels)
    }

    /// Checks the design against `limits`.
    pub fn check_limits(&self, limits: Limits) -> Result<(), LimitError> {
        let events = self.expected_events_per_replication();
        if events.is_nan() || events > limits.max_events {
            return Err(LimitError::Events {
                expected: events,
                limit: limits.max_events,
                minutes: events / 20e6 / 60.0,
            });
        }
        let calls = self.expected_calls_in_progress();
        if calls.is_nan() || calls > limits.max_calls_in_progress {
            return Err(LimitError::Calls { expected: calls, limit: limits.max_calls_in_progress });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::traffic::HoldingTime;

    fn design(calls_per_hour: f64, horizon_s: f64) -> Scenario {
        Scenario::builder("limits")
            .horizon_s(horizon_s)
            .az("az1")
            .carrier("a")
            .link("a", "az1", 1_000_000)
            .did("n", "a", Some(1_000_000))
            .poisson("n", calls_per_hour, HoldingTime::Exponential { mean_s: 180.0 })
            .build()
            .unwrap()
    }

    #[test]
    fn counts_two_events_per_call() {
        // 3,600 calls/h for 10 h: 36,000 calls -> 72,000 events (+1 for the end).
        let s = design(3_600.0, 36_000.0);
        assert_eq!(s.expected_events_per_replication(), 72_001.0);
        // 3,600 calls/h x 3 min = 180 Erlangs.
        assert!((s.expected_calls_in_progress() - 180.0).abs() < 1e-9);
        assert!(s.check_limits(Limits::default()).is_ok());
    }

    #[test]
    fn refuses_runaway_designs_with_the_flag_to_raise() {
        let s = design(1e12, 1e9);
        let e = s.check_limits(Limits::default()).unwrap_err();
        assert!(matches!(e, LimitError::Events { .. }));
        assert!(e.to_string().contains("--max-events"), "{e}");
        let calls = Limits { max_events: f64::INFINITY, max_calls_in_progress: 1e3 };
        assert!(matches!(design(1e5, 3600.0).check_limits(calls), Err(LimitError::Calls { .. })));
    }
}
