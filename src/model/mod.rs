//! The telephony world: availability zones, carriers, their links into the
//! zones, the numbers callers dial, and the contact-center instance. A
//! [`Model`] is a validated, index-linked description; it holds no run-time
//! state (that lives in `crate::sim`). Elements refer to each other by their
//! index in the model's vectors, never by name, so the hot path does not hash.

pub mod az;
pub mod carrier;
pub mod instance;
pub mod link;
pub mod number;
pub mod outbound;
pub mod prices;
pub mod queue;
pub mod staffing;
pub mod warmup;

pub use az::Az;
pub use carrier::Carrier;
pub use instance::{Claim, Failover, Group, RegionalInstance, Regions, ScheduledSplit};
pub use link::{CpsLimit, Link};
pub use number::{Bank, Number, NumberKind};
pub use outbound::Outbound;
pub use prices::{MAX_PRICE, NumberPrices, Prices};
pub use queue::Queue;
pub use staffing::{Staffing, StaffingError};
pub use warmup::WarmupNeed;

use crate::faults::ScheduledOutage;
use crate::traffic::TrafficSource;

/// The contact-center instance that every number delivers calls to.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Instance {
    /// Quota of concurrent calls across all numbers (`None`: unlimited).
    pub max_concurrent_calls: Option<u32>,
    /// Time every carried call spends in the IVR (and queue) before talk,
    /// seconds: the call holds its channel, number and instance slot for
    /// IVR + talk.
    pub ivr_s: f64,
}

/// Calls dialled to `from` (say a legacy number, on its own carrier with its
/// own cap and failures) are forwarded to `to`: each needs both legs up and
/// counts against both numbers' caps and both legs' links.
#[derive(Clone, Debug, PartialEq)]
pub struct Forward {
    /// The dialled number, by index.
    pub from: usize,
    /// The number its calls are forwarded to, by index.
    pub to: usize,
}

/// A number as the scenario lists it: one of its own, or a whole DID bank
/// (declared by one `[[number]]` with `count = N`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Entry<'a> {
    /// A number outside any bank, by index in [`Model::numbers`].
    Number(usize),
    /// A DID bank.
    Bank(&'a Bank),
}

impl Entry<'_> {
    /// The index of its (first) number in [`Model::numbers`].
    pub fn first(self) -> usize {
        match self {
            Entry::Number(i) => i,
            Entry::Bank(bank) => bank.first,
        }
    }
}

/// A validated telephony design: the elements and the traffic offered to it.
///
/// Its fields are readable through accessors and changed only through a
/// [`crate::scenario::Scenario`]'s `with_*` methods, which validate again.
#[derive(Clone, Debug, PartialEq)]
pub struct Model {
    /// Availability zones, in scenario order.
    pub(crate) azs: Vec<Az>,
    /// Carriers, in scenario order.
    pub(crate) carriers: Vec<Carrier>,
    /// Links (one carrier's trunk into one AZ), in scenario order.
    pub(crate) links: Vec<Link>,
    /// Numbers, in scenario order (a bank's DIDs in place of its entry).
    pub(crate) numbers: Vec<Number>,
    /// DID banks, in scenario order.
    pub(crate) banks: Vec<Bank>,
    /// Forwards: calls dialled to one number carried on to another.
    pub(crate) forwards: Vec<Forward>,
    /// Traffic sources, in scenario order.
    pub(crate) traffic: Vec<TrafficSource>,
    /// The instance the numbers deliver to.
    pub(crate) instance: Instance,
    /// Prices (`[cost]`), when the scenario gives them.
    pub(crate) prices: Option<Prices>,
    /// Scheduled outages, in scenario order.
    pub(crate) outages: Vec<ScheduledOutage>,
    /// Queues of agents, in scenario order (empty: calls are not queued).
    pub(crate) queues: Vec<Queue>,
    /// Outbound dials and campaigns, in scenario order (empty: none).
    pub(crate) outbound: Vec<Outbound>,
    /// Regions, their instances and traffic distribution groups (`None`:
    /// the single [`Instance`] takes every call).
    pub(crate) regions: Option<Regions>,
}

impl Model {
    /// Availability zones, in scenario order.
    pub fn azs(&self) -> &[Az] {
        &self.azs
    }

    /// Carriers, in scenario order.
    pub fn carriers(&self) -> &[Carrier] {
        &self.carriers
    }

    /// Links (one carrier's trunk into one AZ), in scenario order.
    pub fn links(&self) -> &[Link] {
        &self.links
    }

    /// Numbers, in scenario order (a bank's DIDs in place of its entry).
    pub fn numbers(&self) -> &[Number] {
        &self.numbers
    }

    /// DID banks, in scenario order.
    pub fn banks(&self) -> &[Bank] {
        &self.banks
    }

    /// Forwards: calls dialled to one number carried on to another.
    pub fn forwards(&self) -> &[Forward] {
        &self.forwards
    }

    /// Traffic sources, in scenario order.
    pub fn traffic(&self) -> &[TrafficSource] {
        &self.traffic
    }

    /// The instance the numbers deliver to.
    pub fn instance(&self) -> &Instance {
        &self.instance
    }

    /// Prices (`[cost]`), when the scenario gives them.
    pub fn prices(&self) -> Option<&Prices> {
        self.prices.as_ref()
    }

    /// Scheduled outages, in scenario order.
    pub fn outages(&self) -> &[ScheduledOutage] {
        &self.outages
    }

    /// Queues of agents, in scenario order.
    pub fn queues(&self) -> &[Queue] {
        &self.queues
    }

    /// Outbound dials and campaigns (`[[outbound]]`), in scenario order.
    pub fn outbound(&self) -> &[Outbound] {
        &self.outbound
    }

    /// Whether any outbound entry dials from number `n` (itself, or its bank).
    pub fn dials_from(&self, n: usize) -> bool {
        let bank = self.numbers[n].bank;
        self.outbound.iter().any(|o| o.number == n || (o.bank.is_some() && o.bank == bank))
    }

    /// Regions, their instances and traffic distribution groups, when the
    /// scenario has `[[region]]`.
    pub fn regions(&self) -> Option<&Regions> {
        self.regions.as_ref()
    }

    /// The numbers as the scenario lists them, in model order: each number
    /// outside a bank, and each bank once, in place of its DIDs.
    pub fn entries(&self) -> impl Iterator<Item = Entry<'_>> {
        (self.numbers.iter().enumerate()).filter_map(|(i, n)| match n.bank {
            None => Some(Entry::Number(i)),
            Some(b) if self.banks[b].first == i => Some(Entry::Bank(&self.banks[b])),
            Some(_) => None,
        })
    }

    /// Index of the number named `name`.
    pub fn number_index(&self, name: &str) -> Option<usize> {
        self.numbers.iter().position(|n| n.name == name)
    }

    /// Index of the link named `carrier/az`.
    pub fn link_index(&self, name: &str) -> Option<usize> {
        self.links.iter().position(|l| l.name == name)
    }

    /// The same design without its scheduled outages (random failures
    /// kept): still a valid model, e.g. for the state before any outage.
    pub fn without_outages(&self) -> Model {
        Model { outages: Vec::new(), ..self.clone() }
    }

    /// True when any element can fail (random failures or scheduled outages).
    pub fn has_failures(&self) -> bool {
        !self.outages.is_empty()
            || self.azs.iter().any(|a| a.failure.is_some())
            || self.carriers.iter().any(|c| c.failure.is_some())
            || self.links.iter().any(|l| l.failure.is_some())
            || self.regions.as_ref().is_some_and(|r| r.instances.iter().any(|i| i.failure.is_some()))
    }

    /// Offered load to each number in Erlangs (calls per second x (IVR +
    /// mean holding) seconds, summed over its traffic sources). Traffic to a
    /// bank is shared by its DIDs: evenly (uniform) or by weight; a hunt
    /// group offers its DIDs what the ones before overflow: a source of `a`
    /// Erlangs offers DID `j` (from 0) `a B(j c, a)`, `c` being each DID's
    /// cap (the first `j` DIDs together are a loss system of `j c`
    /// channels; without a cap the pilot takes everything). A number that
    /// calls are forwarded to also carries the forwarded calls' load (their
    /// second leg occupies it as long as the first).
    pub fn offered_erlangs(&self) -> Vec<f64> {
        let mut load = vec![0.0; self.numbers.len()];
        for t in &self.traffic {
            let a = t.arrivals.mean_rate_per_s() * (t.holding.mean_s() + self.instance.ivr_s);
            match &t.spread {
                Some(spread) if spread.mode == crate::traffic::SpreadMode::Hunt => {
                    let bank = &self.banks[spread.bank];
                    for (j, n) in bank.members().enumerate() {
                        load[n] += match self.numbers[n].max_concurrent {
                            Some(c) => a * crate::stats::erlang::erlang_b(j as u32 * c, a),
                            None if j == 0 => a,
                            None => 0.0,
                        };
                    }
                }
                _ => {
                    for (n, share) in self.targets(t) {
                        load[n] += a * share;
                    }
                }
            }
        }
        let dialled = load.clone();
        for f in &self.forwards {
            load[f.to] += dialled[f.from];
        }
        load
    }

    /// Load offered to DID bank `bank` (by index in [`Model::banks`]) as a
    /// whole, in Erlangs: calls per second x (IVR + mean holding) seconds of
    /// the traffic spread over it, before any DID blocks (for a hunt group,
    /// what the pilot is offered; the DIDs after it get its overflow).
    pub fn bank_offered_erlangs(&self, bank: usize) -> f64 {
        (self.traffic.iter())
            .filter(|t| t.spread.as_ref().is_some_and(|s| s.bank == bank))
            .map(|t| t.arrivals.mean_rate_per_s() * (t.holding.mean_s() + self.instance.ivr_s))
            .sum()
    }

    /// The numbers the calls of traffic source `t` are dialled to, with the
    /// share of its calls each gets: its number alone (share 1), or a bank's
    /// DIDs by the spread's shares (in bank order).
    pub fn targets(&self, t: &TrafficSource) -> Vec<(usize, f64)> {
        match &t.spread {
            None => vec![(t.number, 1.0)],
            Some(spread) => {
                let bank = &self.banks[spread.bank];
                bank.members().enumerate().map(|(i, n)| (n, spread.share(i, bank.count))).collect()
            }
        }
    }
}
