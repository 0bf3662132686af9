//! Watching a replication: one [`Observer`] trait for everything a caller
//! may want to see besides the statistics (call records, calls in progress,
//! element and route states over time).
//!
//! The simulation is generic over its observer, so every hook of the plain
//! run (`()`) is an empty inline function and compiles away: no branch, no
//! bookkeeping, no allocation. Hooks only see; none draws a random number
//! or changes the run, so an observed run gives the same results.

use super::records::CallRecord;
use crate::engine::Seconds;
use crate::faults::Element;

/// Receives what happens during a replication. Every hook does nothing by
/// default.
pub trait Observer {
    /// Whether [`Observer::call`] is wanted. Without it the simulation keeps
    /// no arrival time per call.
    const CALLS: bool = false;

    /// One call, once its fate is known (blocked at once; carried calls
    /// when they end, are dropped, or are still in progress at the end of
    /// the window). Called only when [`Observer::CALLS`] is true.
    #[inline]
    fn call(&mut self, _call: &CallRecord) {}

    /// A call of number `number` started (either leg of a forwarded call):
    /// it now has `busy` calls in progress.
    #[inline]
    fn busy(&mut self, _number: usize, _busy: u32) {}

    /// `element` went down (`down`) or came back up at `now`, seconds. At
    /// the start (time 0), elements that start down are reported down.
    #[inline]
    fn element(&mut self, _element: Element, _down: bool, _now: Seconds) {}

    /// Number `number` lost its last route (`up` false) or got one back at
    /// `now`, seconds (a forwarding number also needs its target's route).
    /// At the start, numbers without a route are reported.
    #[inline]
    fn route(&mut self, _number: usize, _up: bool, _now: Seconds) {}

    /// The first time, seconds, at which the observer wants to be woken
    /// ([`Observer::wake`]), if any. Asked once, at the start.
    #[inline]
    fn first_wake_s(&mut self) -> Option<Seconds> {
        None
    }

    /// Woken at `now`, with the calls in progress per number: returns when
    /// to wake next, if ever. Each wake-up is one event of the run.
    #[inline]
    fn wake(&mut self, _now: Seconds, _busy: &[u32]) -> Option<Seconds> {
        None
    }
}

/// No observer: the plain run.
impl Observer for () {}

/// An observer of call records only: `CallLog(|call| ...)` hands every
/// [`CallRecord`] to the closure.
#[derive(Debug)]
pub struct CallLog<F: FnMut(&CallRecord)>(pub F);

impl<F: FnMut(&CallRecord)> Observer for CallLog<F> {
    const CALLS: bool = true;

    fn call(&mut self, call: &CallRecord) {
        (self.0)(call)
    }
}
