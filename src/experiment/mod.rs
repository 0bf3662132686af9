//! Experiments: replications of a scenario, summarised with confidence
//! intervals. Replication `k` draws from streams seeded by (seed, k, name),
//! so it gives the same numbers whether run alone or within a whole run.

use crate::report::Report;
use crate::scenario::Scenario;
use crate::sim::{ReplicationOutcome, run_replication};

/// Runs every replication of `scenario` (as its `[simulation]` says) and
/// summarises them.
pub fn run(scenario: &Scenario) -> Report {
    let outcomes = run_replications(scenario, 0..scenario.simulation.replications as u64);
    Report::new(scenario, &outcomes)
}

/// Runs the replications with the given 0-based indices, in order.
pub fn run_replications(scenario: &Scenario, indices: impl IntoIterator<Item = u64>) -> Vec<ReplicationOutcome> {
    indices.into_iter().map(|k| run_replication(scenario, k)).collect()
}
