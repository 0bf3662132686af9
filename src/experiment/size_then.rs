//! Sizing agents, then trunks: Erlang's own advice as one search. A caller
//! holds their trunk channel, their number's concurrency and an instance
//! slot while they wait for an agent, so the capacity a number needs
//! depends on the staff behind it: size the agents first, then the
//! capacity for the holding times those agents give.
//!
//! The agents are sized as [`size_agents`] does; the capacity (a number's
//! cap, its links' channels, a DID bank's count, or the instance quota) is
//! then sized as [`size`] does, on the scenario with the answer's agents,
//! so both searches keep their own decisions and evidence. The capacity's
//! Erlang B first guess is taken at the offered load without queue time
//! (IVR + talk), which is what a sizing that ignores the queue would
//! answer: the report shows both.

use super::Runner;
use super::size::{Capacity, SizeError, SizeResult, Targets, checked_subject, size};
use super::size_agents::{AgentTargets, AgentsError, AgentsResult, size_agents};
use crate::scenario::{Scenario, ScenarioError};

/// The agents' answer, then the capacity's for that staff.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct AgentsThenCapacity {
    /// The agents' sizing.
    pub agents: AgentsResult,
    /// The capacity's sizing with the agents set to `agents.answer`
    /// (`None` when no count of agents meets the queue's targets: there is
    /// no staff to size the capacity for).
    pub capacity: Option<SizeResult>,
}

/// Why the two searches cannot run.
#[derive(Debug, thiserror::Error)]
pub enum AgentsThenCapacityError {
    /// The agents' search refused its inputs.
    #[error(transparent)]
    Agents(#[from] AgentsError),
    /// `--then-number` names no number or DID bank (the known ones listed).
    #[error("--then-number {0}: no such number or DID bank in the scenario (known: {1})")]
    UnknownNumber(String, String),
    /// The capacity's search refused its inputs.
    #[error(transparent)]
    Capacity(#[from] SizeError),
    /// The scenario with the answer's agents did not validate.
    #[error(transparent)]
    Scenario(#[from] Box<ScenarioError>),
}

/// Sizes the agents of `queue` for `agent_targets`, then `capacity` of
/// `number` (a number or a DID bank by name) for `targets` with that many
/// agents.
///
/// # Errors
/// [`AgentsThenCapacityError`] when either search refuses its inputs (an
/// unknown queue or number, a target out of range, fewer than 2
/// replications). The capacity's inputs are checked before any agent is
/// simulated.
pub fn size_agents_then_capacity(
    scenario: &Scenario,
    queue: &str,
    agent_targets: AgentTargets,
    number: &str,
    capacity: Capacity,
    targets: Targets,
    runner: &Runner,
) -> Result<AgentsThenCapacity, AgentsThenCapacityError> {
    // The capacity's inputs are checked first: a mistyped number fails at once.
    checked_subject(&scenario.model, number, targets).map_err(|e| match e {
        SizeError::UnknownNumber(n, known) => AgentsThenCapacityError::UnknownNumber(n, known),
        other => other.into(),
    })?;
    let agents = size_agents(scenario, queue, agent_targets, runner)?;
    let capacity = match agents.answer {
        None => None,
        Some(n) => {
            let staffed = scenario.with_queue_agents(queue, n).map_err(Box::new)?;
            Some(size(&staffed, number, capacity, targets, runner)?)
        }
    };
    Ok(AgentsThenCapacity { agents, capacity })
}
