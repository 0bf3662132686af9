//! Per-number results of outbound dials (`[[outbound]]`) over the
//! replications: dials placed, carried, answered, and their blocking by
//! cause. A number's inbound figures stay its inbound calls'; these sit
//! beside them (`numbers.NAME.outbound` in the JSON report).

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
        if outcomes.is_empty() || outcomes.iter().any(|o| o.numbers[n].outbound.is_none()) {
            return None;
        }
        type Of<'f> = &'f dyn Fn(&OutboundOutcome) -> f64;
        let get = |o: &ReplicationOutcome| o.numbers[n].outbound.clone().expect("checked above");
        let s = |f: Of| Summary::over(outcomes, |o| f(&get(o)));
        let ratio = |x: Of, y: Of| ratio_over(outcomes, |o| x(&get(o)), |o| y(&get(o)));
        Some(OutboundReport {
            dialled: s(&|o| o.dialled as f64),
            carried: s(&|o| o.carried as f64),
            answered: s(&|o| o.answered as f64),
            answered_share: ratio(&|o| o.answered as f64, &|o| o.carried as f64),
            blocked: s(&|o| o.blocked as f64),
            blocked_by: ByCause::from_fn(|c| s(&|o| o.blocked_by[c] as f64)),
            completed: s(&|o| o.completed as f64),
            dropped: s(&|o| o.dropped as f64),
            carried_in: s(&|o| o.carried_in as f64),
            in_progress: s(&|o| o.in_progress as f64),
            blocking_probability: ratio(&|o| o.blocked as f64, &|o| o.dialled as f64),
        })
    }
}
