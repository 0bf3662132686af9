//! Experiments: replications of a scenario run in parallel and summarised
//! with confidence intervals; comparisons of designs on common random
//! numbers; sweeps; capacity sizing; shards of a run for clusters.
//!
//! Replication `k` draws from streams seeded by (seed, k, name), so it gives
//! the same numbers whether it runs alone, in a shard, or within a whole run
//! on any number of threads. Threads run whole replications, never parts of
//! one, and results are gathered in replication order: output is byte for
//! byte the same whatever the thread count.

pub mod compare;
pub mod decision;
pub mod nines;
pub mod precision;
pub mod shard;
pub mod size;
pub mod size_agents;
pub mod size_then;
pub mod stop;
pub mod sweep;

use crate::scenario::Scenario;
use crate::sim::{ReplicationOutcome, RunError, RunSettings};
use crate::summary::Report;
use rayon::prelude::*;
use std::sync::Arc;

/// How `sim` runs each replication of `scenario`: its `[simulation]`
/// horizon, warm-up and seed.
pub fn run_settings(scenario: &Scenario) -> RunSettings {
    let s = &scenario.simulation;
    RunSettings { horizon_s: s.horizon_s, warmup_s: s.warmup_s, seed: s.seed }
}

/// Runs replication `replication` (0-based) of `scenario`: its model under
/// its run settings ([`crate::sim::run_replication`]).
///
/// # Panics
/// When the replication outgrows the event queue ([`RunError`]); see
/// [`try_run_replication`].
pub fn run_replication(scenario: &Scenario, replication: u64) -> ReplicationOutcome {
    try_run_replication(scenario, replication).unwrap_or_else(|e| too_large(e))
}

/// [`run_replication`], or the error that stopped the replication.
///
/// # Errors
/// [`RunError`] when the replication outgrows the event queue.
pub fn try_run_replication(scenario: &Scenario, replication: u64) -> Result<ReplicationOutcome, RunError> {
    crate::sim::run_replication(&scenario.model, &run_settings(scenario), replication)
}

/// Panics with `e`: the infallible runs' response to a replication too
/// large for the engine.
#[cold]
#[inline(never)]
fn too_large(e: RunError) -> ! {
    panic!("{e}")
}

/// Called once per finished replication (from any thread), e.g. to advance a progress bar.
pub type Progress = Arc<dyn Fn() + Send + Sync>;

/// How replications are run: on how many threads, and whom to tell.
#[derive(Clone, Default)]
pub struct Runner {
    /// Worker threads (0: one per core).
    pub threads: usize,
    /// Told of each finished replication.
    pub progress: Option<Progress>,
}

impl std::fmt::Debug for Runner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Runner")
            .field("threads", &self.threads)
            .field("progress", &self.progress.as_ref().map(|_| "callback"))
            .finish()
    }
}

impl Runner {
    /// A runner on `threads` threads (0: one per core), silent.
    pub fn with_threads(threads: usize) -> Self {
        Runner { threads, progress: None }
    }

    /// Runs the replications with the given 0-based indices, in parallel,
    /// and returns their outcomes in the order of `indices`.
    ///
    /// # Panics
    /// When a replication outgrows the event queue; see [`Runner::try_replications`].
    pub fn replications(&self, scenario: &Scenario, indices: &[u64]) -> Vec<ReplicationOutcome> {
        self.try_replications(scenario, indices).unwrap_or_else(|e| too_large(e))
    }

    /// [`Runner::replications`], or the error of the first replication (in
    /// the order of `indices`, whatever the threads) that failed; every
    /// replication is run either way (unless a [`stop::Stop`] in scope is set:
    /// see [`stop::stoppable`]).
    ///
    /// # Errors
    /// [`RunError`] when a replication outgrows the event queue.
    pub fn try_replications(&self, scenario: &Scenario, indices: &[u64]) -> Result<Vec<ReplicationOutcome>, RunError> {
        let settings = run_settings(scenario);
        // Read on the calling thread: the pool's threads have no scope of their own.
        let stop = stop::current();
        let one = |&k: &u64| {
            stop::check(&stop);
            let outcome = crate::sim::run_replication(&scenario.model, &settings, k);
            if let Some(p) = &self.progress {
                p();
            }
            outcome
        };
        let outcomes: Vec<Result<ReplicationOutcome, RunError>> = if self.threads == 1 || indices.len() <= 1 {
            indices.iter().map(one).collect()
        } else {
            match rayon::ThreadPoolBuilder::new().num_threads(self.threads).build() {
                Ok(pool) => pool.install(|| indices.par_iter().with_max_len(1).map(one).collect()),
                // No thread could be started: the same results, on this thread.
                Err(_) => indices.iter().map(one).collect(),
            }
        };
        // In index order: the first error is the same on any number of threads.
        outcomes.into_iter().collect()
    }

    /// Runs every replication of `scenario` and summarises them.
    ///
    /// # Panics
    /// When a replication outgrows the event queue; see [`Runner::try_run`].
    pub fn run(&self, scenario: &Scenario) -> Report {
        self.try_run(scenario).unwrap_or_else(|e| too_large(e))
    }

    /// [`Runner::run`], or the first replication's error.
    ///
    /// # Errors
    /// [`RunError`] when a replication outgrows the event queue.
    pub fn try_run(&self, scenario: &Scenario) -> Result<Report, RunError> {
        let indices: Vec<u64> = (0..scenario.simulation.replications as u64).collect();
        Ok(Report::new(scenario, &self.try_replications(scenario, &indices)?))
    }
}

/// Runs every replication of `scenario` (as its `[simulation]` says) on all
/// cores and summarises them.
pub fn run(scenario: &Scenario) -> Report {
    Runner::default().run(scenario)
}

/// Runs the replications with the given 0-based indices on all cores, in order.
pub fn run_replications(scenario: &Scenario, indices: impl IntoIterator<Item = u64>) -> Vec<ReplicationOutcome> {
    let indices: Vec<u64> = indices.into_iter().collect();
    Runner::default().replications(scenario, &indices)
}
