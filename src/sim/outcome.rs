//! What one replication measured.
//!
//! Outcomes are serialised in shard files (`experiment::shard`); tables by
//! cause are written there as arrays in the causes' order, as they always were.

use super::causes::BlockCause;
use super::causes::{ByCause, Cause, DropCause};
use serde::de::{Deserializer, Error as _, SeqAccess, Visitor};
use serde::ser::{SerializeTuple, Serializer};
use std::fmt;

/// Statistics of one number over one replication's measured window.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct NumberOutcome {
    /// Attempts that arrived in the window (first calls and redials).
    pub offered: u64,
    /// Carried calls that ended normally in the window, whenever they
    /// arrived (calls carried over from warm-up included).
    pub completed: u64,
    /// Attempts of the window that were not carried (the sum of `blocked_by`).
    pub blocked: u64,
    /// Blocked calls by cause.
    #[serde(with = "counts")]
    pub blocked_by: ByCause<BlockCause>,
    /// Carried calls cut by a failure in the window, whenever they arrived.
    pub dropped: u64,
    /// Dropped calls by the kind of element whose failure cut them.
    #[serde(with = "counts")]
    pub dropped_by: ByCause<DropCause>,
    /// Carried calls still in progress at the end of the window, whenever
    /// they arrived.
    pub in_progress: u64,
    /// Calls in progress when the window opened (carried over from
    /// warm-up). Calls are conserved over the window: `carried_in + offered
    /// = completed + blocked + dropped + in_progress`. (Absent from shard
    /// files written before it existed: 0.)
    #[serde(default)]
    pub carried_in: u64,
    /// `blocked / offered` (0 when nothing was offered).
    pub blocking_probability: f64,
    /// Attempts (of `offered`) that found the number with a route up (both
    /// legs for a forward): availability as its callers see it, counted at
    /// each attempt rather than weighted by time.
    #[serde(default)]
    pub offered_with_route: u64,
    /// Callers in the window: first attempts (`offered` counts every attempt).
    pub callers: u64,
    /// Attempts after the first (redials) in the window.
    pub redials: u64,
    /// Callers of the window who gave up without ever being carried.
    pub never_through: u64,
    /// Fraction of the window with at least one route up.
    pub availability: f64,
    /// Periods with no route that overlap the window.
    pub outages: u64,
    /// Time with no route within the window, seconds.
    pub outage_s: f64,
    /// Longest period with no route within the window, seconds.
    pub longest_outage_s: f64,
    /// Fraction of the window spent at `max_concurrent` (0 without a cap).
    pub saturation: f64,
    /// Time-average of calls in progress, in calls (Erlangs carried).
    pub mean_concurrency: f64,
    /// Most calls in progress at once during the window.
    pub peak_concurrency: u32,
    /// Outbound dials placed from it (`None` when no `[[outbound]]` dials
    /// from it). The figures above are its inbound calls', but for
    /// `saturation`, `mean_concurrency` and `peak_concurrency`, which count
    /// every call holding the number, dials included. Boxed: most numbers
    /// do not dial, and inline it would cost every number 136 bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outbound: Option<Box<super::outbound::OutboundOutcome>>,
}

/// Statistics of one link over one replication's measured window.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LinkOutcome {
    /// Calls that started on it in the window.
    pub carried: u64,
    /// Time-average of busy channels divided by its channels.
    pub utilization: f64,
    /// Time-average of busy channels, in calls.
    pub mean_busy: f64,
    /// Most channels busy at once during the window.
    pub peak_busy: u32,
    /// Fraction of the window the link was usable (it, its carrier and its AZ up).
    pub availability: f64,
    /// Periods unusable that overlap the window.
    pub outages: u64,
}

/// Statistics of the contact-center instance over one replication.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct InstanceOutcome {
    /// Time-average of calls in progress across all numbers.
    pub mean_concurrency: f64,
    /// Most calls in progress at once.
    pub peak_concurrency: u32,
}

/// Statistics of one regional instance (`[[region]]`) over one
/// replication's measured window.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RegionalOutcome {
    /// Attempts of the window sent to it (by its numbers' claims and groups' splits).
    pub offered: u64,
    /// Of those, calls carried.
    pub carried: u64,
    /// Of those, calls blocked (the sum of `blocked_by`).
    pub blocked: u64,
    /// Blocked calls by cause (`instance_quota`: its own quota; `failover`:
    /// sent there while it was down).
    #[serde(with = "counts")]
    pub blocked_by: ByCause<BlockCause>,
    /// Calls on it cut by a failure in the window (the sum of `dropped_by`).
    pub dropped: u64,
    /// Dropped calls by cause (`instance`: its own failure).
    #[serde(with = "counts")]
    pub dropped_by: ByCause<DropCause>,
    /// Fraction of the window it was up.
    pub availability: f64,
    /// Periods down that overlap the window.
    pub outages: u64,
    /// Most calls in progress on it at once during the window.
    pub peak_concurrency: u32,
}

/// Everything one replication measured.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ReplicationOutcome {
    /// Events the engine processed (arrivals, departures, failures, repairs,
    /// outage starts and ends, warm-up end), warm-up included.
    pub events: u64,
    /// Per number, in model order.
    pub numbers: Vec<NumberOutcome>,
    /// Per link, in model order.
    pub links: Vec<LinkOutcome>,
    /// The instance.
    pub instance: InstanceOutcome,
    /// Per queue, in model order (absent without queues).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub queues: Vec<super::queues::QueueOutcome>,
    /// Per regional instance, in model order (empty without `[[region]]`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub instances: Vec<RegionalOutcome>,
}

impl ReplicationOutcome {
    /// Blocked calls over all numbers / offered calls (0 when none offered).
    pub fn blocking_probability(&self) -> f64 {
        self.blocking_probability_of(&self.all())
    }

    /// The design's availability as its callers see it: see [`Self::availability_of`], over all numbers.
    pub fn availability(&self) -> f64 {
        self.availability_of(&self.all())
    }

    /// Every number's index.
    fn all(&self) -> Vec<usize> {
        (0..self.numbers.len()).collect()
    }

    /// Blocked calls over the numbers `members` / their offered calls (0 when none offered).
    pub fn blocking_probability_of(&self, members: &[usize]) -> f64 {
        let sum = |f: fn(&NumberOutcome) -> u64| members.iter().map(|&n| f(&self.numbers[n])).sum::<u64>();
        match sum(|n| n.offered) {
            0 => 0.0,
            offered => sum(|n| n.blocked) as f64 / offered as f64,
        }
    }

    /// The availability callers of the numbers `members` see: each number's
    /// availability weighted by the calls offered to it (by PASTA, the share
    /// of calls that arrive while their number has a route). Without any
    /// call offered, the plain mean over the numbers (1 without numbers).
    pub fn availability_of(&self, members: &[usize]) -> f64 {
        let numbers = || members.iter().map(|&n| &self.numbers[n]);
        let offered: u64 = numbers().map(|n| n.offered).sum();
        if offered > 0 {
            numbers().map(|n| n.offered as f64 * n.availability).sum::<f64>() / offered as f64
        } else if members.is_empty() {
            1.0
        } else {
            numbers().map(|n| n.availability).sum::<f64>() / members.len() as f64
        }
    }
}

/// A table of counts by cause as a JSON array in the causes' order (the
/// shard format).
pub(super) mod counts {
    use super::*;

    pub(in crate::sim) fn serialize<C: Cause, S: Serializer>(t: &ByCause<C>, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_tuple(C::LIST.len())?;
        for v in t.values() {
            seq.serialize_element(v)?;
        }
        seq.end()
    }

    pub(in crate::sim) fn deserialize<'de, C: Cause, D: Deserializer<'de>>(d: D) -> Result<ByCause<C>, D::Error> {
        struct Counts<C>(std::marker::PhantomData<C>);
        impl<'de, C: Cause> Visitor<'de> for Counts<C> {
            type Value = ByCause<C>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "an array of {} counts", C::LIST.len())
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<ByCause<C>, A::Error> {
                let mut t = ByCause::<C>::default();
                for (i, &c) in C::LIST.iter().enumerate() {
                    t[c] = seq.next_element()?.ok_or_else(|| A::Error::invalid_length(i, &self))?;
                }
                if seq.next_element::<serde::de::IgnoredAny>()?.is_some() {
                    return Err(A::Error::invalid_length(C::LIST.len() + 1, &self));
                }
                Ok(t)
            }
        }
        d.deserialize_tuple(C::LIST.len(), Counts(std::marker::PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_by_cause_are_written_as_arrays_in_cause_order() {
        let mut t: ByCause<BlockCause> = ByCause::default();
        t[BlockCause::NoRoute] = 7;
        t[BlockCause::CpsLimit] = 2;
        let mut out = Vec::new();
        counts::serialize(&t, &mut serde_json::Serializer::new(&mut out)).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "[0,0,7,0,2,0,0,0]");
        let back: ByCause<BlockCause> =
            counts::deserialize(&mut serde_json::Deserializer::from_str("[0,0,7,0,2,0,0,0]")).unwrap();
        assert_eq!(back, t);
        for bad in ["[0,0,7,0,2,0,0]", "[0,0,7,0,2,0,0,0,1]"] {
            assert!(
                counts::deserialize::<BlockCause, _>(&mut serde_json::Deserializer::from_str(bad)).is_err(),
                "{bad}"
            );
        }
    }
}
