//! One replication of a model: the telephony world driven by the engine.
//!
//! `sim` runs a validated [`Model`] under [`RunSettings`] (horizon, warm-up,
//! seed); it knows nothing of scenario files. Replication `k` draws from
//! streams seeded by (seed, k, stream name), so its result depends only on
//! the model, the settings and `k`.
//!
//! Statistics cover only the measured window `[warmup, warmup + horizon)`:
//! calls that arrive during warm-up occupy capacity but are not counted as
//! offered, and time-averages integrate only the measured window.
//!
//! # Where things are
//! The run reads like a small discrete-event core in the manner of simcore:
//! a loop pops an event and hands it over. The files import one another in
//! one direction: leaf data (causes, records, window, outcome, observer,
//! streams), then components that own their state and take the parts they
//! need as arguments (network, admission, measure, calls, redials, sources),
//! then `run.rs`, the only file that imports the components.
//! - `run.rs`: the `Event` enum, the replication's state and the loop;
//!   arrivals, each attempt's path through admission, connecting calls,
//!   departures and redials.
//! - `admission.rs`: every routing step in order (caps, quota, routes, link
//!   choice, forwarding, re-route delays, CPS limits) and the occupancy they
//!   read.
//! - `calls.rs`: the call table (calls in progress by departure slot,
//!   forwarded legs, callers), releasing a call's capacity, its record.
//! - `failures.rs`: failures, repairs and outages; calls dropped by them
//!   (handlers on the run's state, imported by nothing).
//! - `network.rs`: the up/down state of AZs, carriers, links and regional
//!   instances, and the availability bookkeeping of links and numbers.
//! - `instances.rs`: regional instances (issue #15): per-instance quota,
//!   the split of traffic distribution groups, failover, per-instance counts.
//! - `measure.rs`: accumulators, time-weighted areas, peaks, periods at the
//!   cap, and the [`ReplicationOutcome`] built from them.
//! - `window.rs`: the measured window, shared by measurement and network.
//! - `queues.rs`: queues of agents (FIFO, patience, `max_contacts`): a
//!   queued call's wait and end are known when it joins, so a queue adds
//!   no event; what each queue measures.
//! - `outbound.rs`: outbound entries (`[[outbound]]`): their samplers,
//!   campaign quotas in use, and each number's dial figures; `dials.rs`:
//!   the handlers of a dial and of its end (an extension of the run's
//!   state, as `failures.rs`). A dial is an event of its own, so a design
//!   without outbound entries pays nothing for them.
//! - `callbacks.rs`: queued callbacks: contacts waiting for their next
//!   step, their dials and re-joins (how they fit the wait-at-join design
//!   is documented there).
//! - `redials.rs`: callers who fail and whether and when they try again.
//! - `sources.rs`: traffic sources' samplers and DID-bank spreading.
//! - `observer.rs`: the [`Observer`] trait (call records, tracing).
//! - `causes.rs`: the causes ([`BlockCause`], [`DropCause`]) and typed tables by cause ([`ByCause`]).
//! - `streams.rs`: the name of every random stream.
//! - `records.rs`, `trace.rs`, `outcome.rs`: what a run hands back.

mod admission;
mod callbacks;
mod calls;
mod causes;
mod contacts;
mod cps;
mod dials;
mod failures;
mod instances;
mod measure;
mod network;
mod observer;
mod outbound;
mod outcome;
mod queues;
mod records;
mod redials;
mod run;
mod sources;
mod streams;
mod trace;
mod window;

pub use causes::{BlockCause, ByCause, Cause, DropCause};
pub use observer::{CallLog, Observer};
pub use outbound::OutboundOutcome;
pub use outcome::{InstanceOutcome, LinkOutcome, NumberOutcome, RegionalOutcome, ReplicationOutcome};
pub use queues::{QueueOutcome, WAIT_THRESHOLDS_S, WaitsWithin};
pub use records::{CallOutcome, CallRecord};
pub use trace::{Timeline, Tracer};

use crate::engine::QueueError;
use crate::model::Model;

/// Why a replication could not run to the end of its window. Nothing of
/// the replication is returned: its statistics would be those of a
/// different system.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RunError {
    /// The event queue is at one of its hard limits (more calls in progress
    /// at once, or more events, than the engine holds): the model is too
    /// large for one replication.
    #[error("replication too large for the event queue: {0}")]
    Queue(#[from] QueueError),
}

/// How one replication is run: its measured window and its seed.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RunSettings {
    /// Simulated time measured, after warm-up, in seconds (> 0).
    pub horizon_s: f64,
    /// Simulated time run before measuring starts, in seconds (>= 0).
    pub warmup_s: f64,
    /// Base seed of every random stream.
    pub seed: u64,
}

impl RunSettings {
    /// The end of the measured window, seconds from the start of the run.
    pub fn end_s(&self) -> f64 {
        self.warmup_s + self.horizon_s
    }
}

/// Runs replication `replication` (0-based) of `model` under `settings` and
/// returns its statistics. The result depends only on the model, the
/// settings and `replication`.
///
/// # Errors
/// [`RunError::Queue`] when the run outgrows the event queue (more calls in
/// progress at once than it holds, see [`crate::engine::queue::MAX_CANCELLABLE`]).
pub fn run_replication(
    model: &Model,
    settings: &RunSettings,
    replication: u64,
) -> Result<ReplicationOutcome, RunError> {
    run_replication_with(model, settings, replication, &mut ())
}

/// Runs replication `replication` like [`run_replication`] (same results,
/// but for `events`, which also counts an observer's wake-ups) and tells
/// `observer` what happens: call records, calls in progress, element
/// states. The observer is a type parameter, so a run without one (`()`)
/// compiles to the plain run.
///
/// # Errors
/// As [`run_replication`]; the observer has then seen the run up to the error.
pub fn run_replication_with<O: Observer>(
    model: &Model,
    settings: &RunSettings,
    replication: u64,
    observer: &mut O,
) -> Result<ReplicationOutcome, RunError> {
    run::Sim::new(model, settings, replication, observer).run()
}
