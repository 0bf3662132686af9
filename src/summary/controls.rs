//! The callers of the window as a control variate for the counts that
//! follow them (see [`crate::stats::estimators`]).
//!
//! A traffic source's arrivals in the window have a known expectation (its
//! rate integrated over the window), but a run records callers per number,
//! not per source, and a DID bank's hunt group sends callers to DIDs by
//! state, so a single DID's callers have no known mean. The control is
//! therefore taken over *caller groups*: numbers joined by the sources that
//! feed them (a source and the DIDs of its bank, several sources on one
//! number). A group's callers are exactly its sources' arrivals, whose
//! expectation is the sum of theirs. A group fed by a replayed trace has no
//! random arrivals, and so no control; such counts keep the plain mean.

use crate::model::Model;
use crate::sim::ReplicationOutcome;
use crate::stats::Summary;
use crate::stats::estimators::MIN_CONTROLLED;

/// A control series (one value per replication) and its known expectation.
pub(crate) type Control = Option<(Vec<f64>, f64)>;

/// The caller groups of a design and their expected callers per window.
#[derive(Clone, Debug)]
pub(crate) struct Controls {
    /// Each number's group.
    group: Vec<usize>,
    /// Each group's numbers.
    members: Vec<Vec<usize>>,
    /// Each group's expected callers in the window (`None`: not random).
    expected: Vec<Option<f64>>,
}

impl Controls {
    /// The caller groups of `model` over a window of `horizon_s` seconds.
    pub(crate) fn new(model: &Model, horizon_s: f64) -> Controls {
        let n = model.numbers.len();
        let mut parent: Vec<usize> = (0..n).collect();
        fn root(parent: &mut [usize], mut i: usize) -> usize {
            while parent[i] != i {
                parent[i] = parent[parent[i]];
                i = parent[i];
            }
            i
        }
        for t in &model.traffic {
            let targets = model.targets(t);
            if let Some(&(first, _)) = targets.first() {
                for &(other, _) in &targets[1..] {
                    let (a, b) = (root(&mut parent, first), root(&mut parent, other));
                    parent[b] = a;
                }
            }
        }
        let mut index = vec![usize::MAX; n];
        let mut group = vec![0; n];
        let mut count = 0;
        for (i, g) in group.iter_mut().enumerate() {
            let r = root(&mut parent, i);
            if index[r] == usize::MAX {
                index[r] = count;
                count += 1;
            }
            *g = index[r];
        }
        let mut members = vec![Vec::new(); count];
        for (i, &g) in group.iter().enumerate() {
            members[g].push(i);
        }
        let mut expected = vec![Some(0.0); count];
        for t in &model.traffic {
            let g = group[t.number];
            expected[g] = match (expected[g], t.arrivals.expected_calls(horizon_s)) {
                (Some(a), Some(b)) => Some(a + b),
                _ => None,
            };
        }
        Controls { group, members, expected }
    }

    /// The control for counts over the numbers `members`: the callers of
    /// every group they touch, per replication, and its expectation; `None`
    /// when one of those groups has no random arrivals, or when there are
    /// too few replications for a control to be used.
    pub(crate) fn control(&self, outcomes: &[ReplicationOutcome], members: &[usize]) -> Control {
        if outcomes.len() < MIN_CONTROLLED {
            return None;
        }
        let mut groups: Vec<usize> = members.iter().map(|&m| self.group[m]).collect();
        groups.sort_unstable();
        groups.dedup();
        let mean = groups.iter().map(|&g| self.expected[g]).sum::<Option<f64>>()?;
        let numbers: Vec<usize> = groups.iter().flat_map(|&g| self.members[g].iter().copied()).collect();
        let series = outcomes.iter().map(|o| numbers.iter().map(|&i| o.numbers[i].callers as f64).sum()).collect();
        Some((series, mean))
    }

    /// The control over every number (for a link's carried calls): compute
    /// it once, apply it with [`Controls::apply`].
    pub(crate) fn control_all(&self, outcomes: &[ReplicationOutcome]) -> Control {
        let all: Vec<usize> = (0..self.group.len()).collect();
        self.control(outcomes, &all)
    }

    /// The mean of `samples` with `control` when there is one.
    pub(crate) fn apply(samples: &[f64], control: &Control) -> Summary {
        match control {
            Some((controls, mean)) => Summary::controlled(samples, controls, *mean),
            None => Summary::of(samples),
        }
    }

    /// The mean over `outcomes` of a count `f` that follows the callers of
    /// the numbers `members`, with their control when it exists.
    pub(crate) fn count(
        &self,
        outcomes: &[ReplicationOutcome],
        members: &[usize],
        f: impl Fn(&ReplicationOutcome) -> f64,
    ) -> Summary {
        let samples: Vec<f64> = outcomes.iter().map(f).collect();
        Controls::apply(&samples, &self.control(outcomes, members))
    }
}
