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

/// The largest `max_events` a run may set: below [`HARD_MAX_EVENTS`]
/// (2^40, about 1.1e12) with room for the fluctuation of the actual count
/// around its expectation.
pub const LIMIT_MAX_EVENTS: f64 = 1e12;

/// The largest `max_calls_in_progress` a run may set: below
/// [`HARD_MAX_CALLS_IN_PROGRESS`] (16,777,215) by about 4.6%, some 190
/// standard deviations of the Poisson count of calls in progress at that
/// mean, so that a design the guard lets through cannot reach the engine's
/// limit.
pub const LIMIT_MAX_CALLS_IN_PROGRESS: f64 = 1.6e7;

// The limits a run may set stay below the engine's.
const _: () = assert!(LIMIT_MAX_EVENTS < HARD_MAX_EVENTS && LIMIT_MAX_CALLS_IN_PROGRESS < HARD_MAX_CALLS_IN_PROGRESS);

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

impl Limits {
    /// Limits checked against what the engine supports: each must be a
    /// finite number >= 1 and at most [`LIMIT_MAX_EVENTS`] or
    /// [`LIMIT_MAX_CALLS_IN_PROGRESS`] (NaN would switch the guard off).
    pub fn new(max_events: f64, max_calls_in_progress: f64) -> Result<Limits, InvalidLimit> {
        for (limit, value, max) in [
            (LimitKind::Events, max_events, LIMIT_MAX_EVENTS),
            (LimitKind::Calls, max_calls_in_progress, LIMIT_MAX_CALLS_IN_PROGRESS),
        ] {
            if !(value.is_finite() && (1.0..=max).contains(&value)) {
                return Err(InvalidLimit { limit, value, max });
            }
        }
        Ok(Limits { max_events, max_calls_in_progress })
    }
}

/// Which of the [`Limits`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LimitKind {
    /// [`Limits::max_events`].
    Events,
    /// [`Limits::max_calls_in_progress`].
    Calls,
}

/// A limit outside what the engine supports.
#[derive(Clone, Copy, Debug, PartialEq, thiserror::Error)]
#[error("must be a number from 1 to {max:e} (the engine's limit), got {value}")]
pub struct InvalidLimit {
    /// Which limit.
    pub limit: LimitKind,
    /// The value given.
    pub value: f64,
    /// The largest allowed.
    pub max: f64,
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
        "this design expects about {expected:.3e} calls in progress at once (offered Erlangs, bounded by number caps, link channels and the instance quota), more than the limit of {limit:.3e} (~90 bytes each); lower the load or the caps, or raise the limit with --max-calls (at most 1.6e7)"
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

    /// Expected calls in progress at once: the offered load in Erlangs of
    /// each number, bounded by its `max_concurrent`, summed, and bounded by
    /// the channels of all links and by the instance quota (each a hard
    /// bound on calls in progress).
    pub fn expected_calls_in_progress(&self) -> f64 {
        let model = &self.model;
        let offered = model.offered_erlangs();
        let capped: f64 = (offered.iter().zip(&model.numbers))
            .map(|(&a, n)| n.max_concurrent.map_or(a, |cap| a.min(cap as f64)))
            .sum();
        let channels: f64 = model.links.iter().map(|l| l.channels as f64).sum();
        let quota = model.instance.max_concurrent_calls.map_or(f64::INFINITY, |q| q as f64);
        capped.min(channels).min(quota)
    }

    /// Checks the design against `limits`.
    pub fn check_limits(&self, limits: Limits) -> Result<(), LimitError> {
        let events = self.expected_events_per_replication();
        // NaN, in the estimate or the limit, refuses.
        if events.is_nan() || limits.max_events.is_nan() || events > limits.max_events {
            return Err(LimitError::Events {
                expected: events,
                limit: limits.max_events,
                minutes: events / 20e6 / 60.0,
            });
        }
        let calls = self.expected_calls_in_progress();
        if calls.is_nan() || limits.max_calls_in_progress.is_nan() || calls > limits.max_calls_in_progress {
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
        // A NaN limit refuses instead of switching the guard off.
        let nan = Limits { max_events: f64::NAN, max_calls_in_progress: 1e3 };
        assert!(matches!(design(1.0, 3600.0).check_limits(nan), Err(LimitError::Events { .. })));
    }

    #[test]
    fn calls_in_progress_are_bounded_by_caps_and_quota() {
        // 4e8 calls/h x 3 min = 2e7 Erlangs offered to a DID capped at 100:
        // at most 100 calls in progress.
        let capped = |cap, quota| {
            let mut b = Scenario::builder("caps")
                .horizon_s(1.0)
                .az("az1")
                .carrier("a")
                .link("a", "az1", 100_000_000)
                .did("n", "a", cap)
                .poisson("n", 4e8, HoldingTime::Exponential { mean_s: 180.0 });
            if let Some(q) = quota {
                b = b.instance_quota(q);
            }
            b.build().unwrap()
        };
        assert_eq!(capped(Some(100), None).expected_calls_in_progress(), 100.0);
        assert_eq!(capped(Some(1_000_000), Some(50)).expected_calls_in_progress(), 50.0);
        // Without a cap, the offered load (bounded by the 1e8 channels).
        assert!((capped(Some(u32::MAX), None).expected_calls_in_progress() - 2e7).abs() < 1e-3);
    }

    #[test]
    fn limits_beyond_the_engine_or_not_finite_are_invalid() {
        assert!(Limits::new(DEFAULT_MAX_EVENTS, DEFAULT_MAX_CALLS_IN_PROGRESS).is_ok());
        assert!(Limits::new(LIMIT_MAX_EVENTS, LIMIT_MAX_CALLS_IN_PROGRESS).is_ok());
        for (events, calls, which) in [
            (1e15, 1e3, LimitKind::Events),
            (f64::NAN, 1e3, LimitKind::Events),
            (f64::INFINITY, 1e3, LimitKind::Events),
            (0.0, 1e3, LimitKind::Events),
            (1e6, 1e9, LimitKind::Calls),
            (1e6, f64::NAN, LimitKind::Calls),
            (1e6, -1.0, LimitKind::Calls),
        ] {
            assert_eq!(Limits::new(events, calls).unwrap_err().limit, which, "{events} {calls}");
        }
    }
}
