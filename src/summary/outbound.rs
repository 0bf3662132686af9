//! Per-number results of outbound dials (`[[outbound]]`) over the
//! replications: dials placed, carried, answered, and their blocking by
//! cause. A number's inbound figures stay its inbound calls'; these sit
//! beside them (`numbers.NAME.outbound` in the JSON report; a DID bank's
//! members together in `banks.NAME.outbound`).

use super::{BlockedBy, by_name, ratio_over};
use crate::sim::{ByCause, OutboundOutcome, ReplicationOutcome};
use crate::stats::Summary;

/// One number's outbound dials; counts are dials per replication.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct OutboundReport {
    /// Dials placed from the number in the window.
    pub dialled: Summary,
    /// Dials that got a channel.
    pub carried: Summary,
    /// Carried dials the called party answered.
    pub answered: Summary,
    /// answered / carried: the answer rate seen.
    pub answered_share: Summary,
    /// Dials not carried, and answered dials their full queue refused.
    pub blocked: Summary,
    /// `blocked` by cause (`number_cap`, `instance_quota` or, for a
    /// campaign with its own quota, `campaign_quota`, `no_route`,
    /// `link_capacity`, `cps_limit`, `queue_full`).
    #[serde(serialize_with = "by_name")]
    pub blocked_by: BlockedBy,
    /// Carried dials that ended normally in the window.
    pub completed: Summary,
    /// Carried dials cut by a failure.
    pub dropped: Summary,
    /// Dials in progress when the window opened: `carried_in + dialled =
    /// completed + blocked + dropped + in_progress` in every replication.
    pub carried_in: Summary,
    /// Dials in progress when it closed.
    pub in_progress: Summary,
    /// blocked / dialled, a ratio of totals over replications.
    pub blocking_probability: Summary,
}

impl OutboundReport {
    /// Number `n`'s dials over `outcomes`, or `None` when it has none.
    pub fn new(n: usize, outcomes: &[ReplicationOutcome]) -> Option<OutboundReport> {
        Self::of_numbers(&[n], outcomes)
    }

    /// The dials of `numbers` together (a DID bank's members), their
    /// counts summed in each replication, or `None` when one of them has
    /// none.
    pub fn of_numbers(numbers: &[usize], outcomes: &[ReplicationOutcome]) -> Option<OutboundReport> {
        if numbers.is_empty()
            || outcomes.is_empty()
            || outcomes.iter().any(|o| numbers.iter().any(|&n| o.numbers[n].outbound.is_none()))
        {
            return None;
        }
        type Of<'f> = &'f dyn Fn(&OutboundOutcome) -> u64;
        let total = |o: &ReplicationOutcome, f: Of| -> f64 {
            numbers.iter().map(|&n| f(o.numbers[n].outbound.as_ref().expect("checked above"))).sum::<u64>() as f64
        };
        let s = |f: Of| Summary::over(outcomes, |o| total(o, f));
        let ratio = |x: Of, y: Of| ratio_over(outcomes, |o| total(o, x), |o| total(o, y));
        Some(OutboundReport {
            dialled: s(&|o| o.dialled),
            carried: s(&|o| o.carried),
            answered: s(&|o| o.answered),
            answered_share: ratio(&|o| o.answered, &|o| o.carried),
            blocked: s(&|o| o.blocked),
            blocked_by: ByCause::from_fn(|c| s(&|o| o.blocked_by[c])),
            completed: s(&|o| o.completed),
            dropped: s(&|o| o.dropped),
            carried_in: s(&|o| o.carried_in),
            in_progress: s(&|o| o.in_progress),
            blocking_probability: ratio(&|o| o.blocked, &|o| o.dialled),
        })
    }
}
