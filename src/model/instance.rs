//! Regions, their contact-center instances, and traffic distribution groups
//! (issue #15).
//!
//! A design with `[[region]]` entries has one instance per region, each with
//! its own concurrent-call quota and failure process; every zone belongs to
//! one region, so a link (one carrier's trunk into one zone) delivers to the
//! instance of its zone's region. A number is claimed to one instance, or to
//! a traffic distribution group of two instances whose split (in tenths)
//! sends each call to one of them. A design without regions has none of
//! this: the single [`super::Instance`] takes every call, as before.

use crate::engine::Seconds;
use crate::faults::FailureProcess;

/// A contact-center instance, in its own region.
#[derive(Clone, Debug, PartialEq)]
pub struct RegionalInstance {
    /// Unique name, as in the scenario (`east`); outages target it as `instance:NAME`.
    pub name: String,
    /// Its region's name (`us-east-1`).
    pub region: String,
    /// Quota of concurrent calls on this instance (`None`: unlimited).
    pub max_concurrent_calls: Option<u32>,
    /// Its random failure process, if any: while down, the calls in
    /// progress on it drop (`instance`) and no call reaches it.
    pub failure: Option<FailureProcess>,
}

/// When a traffic distribution group moves its traffic after one of its
/// instances fails (detection plus decision), or back after it returns.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Failover {
    /// After this many seconds (0: instant).
    After(Seconds),
    /// Not within the horizon (manual failover that does not happen).
    Never,
}

impl Failover {
    /// The delay in seconds (`f64::INFINITY` for never).
    pub fn delay_s(self) -> Seconds {
        match self {
            Failover::After(s) => s,
            Failover::Never => f64::INFINITY,
        }
    }
}

/// A split scheduled at a time: from `at_s` seconds after warm-up, the
/// first instance gets `tenths` tenths of the calls.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ScheduledSplit {
    /// Seconds after the end of warm-up (>= 0).
    pub at_s: Seconds,
    /// Tenths of the calls to the first instance (0..=10); the rest to the second.
    pub tenths: u8,
}

/// A traffic distribution group: two instances and how calls are split.
#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    /// Unique name, as in the scenario.
    pub name: String,
    /// Its two instances, by index in [`Regions::instances`] (distinct).
    pub instances: [usize; 2],
    /// Tenths of the calls to the first instance at the start (0..=10).
    pub tenths: u8,
    /// Later splits, in time order.
    pub schedule: Vec<ScheduledSplit>,
    /// How long after an instance fails its share moves to the other.
    pub failover: Failover,
    /// How long after it returns its share moves back.
    pub failback: Failover,
}

impl Group {
    /// The configured (scheduled) tenths to the first instance at `t_s`
    /// seconds after warm-up.
    pub fn tenths_at(&self, t_s: Seconds) -> u8 {
        (self.schedule.iter().rev()).find(|s| s.at_s <= t_s).map_or(self.tenths, |s| s.tenths)
    }
}

/// Where a number's calls go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Claim {
    /// To one instance, by index in [`Regions::instances`].
    Instance(usize),
    /// Split by a traffic distribution group, by index in [`Regions::groups`].
    Group(usize),
}

/// The regional layer of a design: instances, the instance of each zone,
/// groups, and each number's claim.
#[derive(Clone, Debug, PartialEq)]
pub struct Regions {
    /// Instances, one per region, in scenario order.
    pub instances: Vec<RegionalInstance>,
    /// Per zone (index in `Model::azs`): the instance of its region.
    pub az_instance: Vec<usize>,
    /// Traffic distribution groups, in scenario order.
    pub groups: Vec<Group>,
    /// Per number (index in `Model::numbers`): its claim.
    pub claims: Vec<Claim>,
}

impl Regions {
    /// The instances a number's calls may reach: one, or its group's two.
    pub fn instances_of(&self, number: usize) -> Vec<usize> {
        match self.claims[number] {
            Claim::Instance(i) => vec![i],
            Claim::Group(g) => self.groups[g].instances.to_vec(),
        }
    }

    /// Index of the instance named `name`.
    pub fn instance_index(&self, name: &str) -> Option<usize> {
        self.instances.iter().position(|i| i.name == name)
    }
}
