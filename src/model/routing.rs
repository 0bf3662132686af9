//! Routing: where a new call goes, or why it is blocked.
//!
//! For a call to number N, in this order (the contract's semantics):
//! 1. N is at its `max_concurrent`: blocked, [`BlockCause::NumberCap`].
//! 2. The instance is at `max_concurrent_calls`: blocked, [`BlockCause::InstanceQuota`].
//! 3. No route of N is up (a link up, of a carrier up, into a zone up):
//!    blocked, [`BlockCause::NoRoute`].
//! 4. Every route that is up is full: blocked, [`BlockCause::LinkCapacity`].
//! 5. Else the call is carried on the **least-loaded** route that is up and
//!    has a free channel: the lowest occupancy `busy / channels`, ties going
//!    to the route listed first (N's carriers in the order the scenario
//!    gives them, each carrier's links in scenario order). Least occupancy
//!    spreads a toll-free number's calls over all its carriers and zones, as
//!    a RespOrg's percentage allocation does, and keeps the most headroom on
//!    every trunk.

use super::Model;

/// Why a call was not carried.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum BlockCause {
    /// The number was at its concurrent-call cap.
    NumberCap = 0,
    /// The instance was at its concurrent-call quota.
    InstanceQuota = 1,
    /// The number had no route up (carrier, link or zone down).
    NoRoute = 2,
    /// Every route that was up was full.
    LinkCapacity = 3,
}

impl BlockCause {
    /// Every cause, in routing order.
    pub const ALL: [BlockCause; 4] =
        [BlockCause::NumberCap, BlockCause::InstanceQuota, BlockCause::NoRoute, BlockCause::LinkCapacity];

    /// The contract's name of the cause (`number_cap`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            BlockCause::NumberCap => "number_cap",
            BlockCause::InstanceQuota => "instance_quota",
            BlockCause::NoRoute => "no_route",
            BlockCause::LinkCapacity => "link_capacity",
        }
    }
}

/// The occupancy of every number, link and the instance during a run, laid
/// out flat for the per-call routing decision.
#[derive(Clone, Debug)]
pub struct RoutingState {
    /// Calls in progress per number.
    pub number_busy: Vec<u32>,
    /// Calls in progress per link.
    pub link_busy: Vec<u32>,
    /// Whether each link is usable (itself, its carrier and its zone up).
    pub link_up: Vec<bool>,
    /// Calls in progress on the instance.
    pub instance_busy: u32,
    number_cap: Vec<u32>,
    link_channels: Vec<u32>,
    instance_cap: u32,
    /// Routes of number n: `route_links[route_start[n]..route_start[n + 1]]`.
    route_start: Vec<u32>,
    route_links: Vec<u32>,
}

impl RoutingState {
    /// An idle state (no call in progress, everything up) for `model`.
    pub fn new(model: &Model) -> Self {
        let mut route_start = Vec::with_capacity(model.numbers.len() + 1);
        let mut route_links = Vec::new();
        route_start.push(0);
        for n in &model.numbers {
            route_links.extend(n.routes.iter().map(|&l| l as u32));
            route_start.push(route_links.len() as u32);
        }
        RoutingState {
            number_busy: vec![0; model.numbers.len()],
            link_busy: vec![0; model.links.len()],
            link_up: vec![true; model.links.len()],
            instance_busy: 0,
            number_cap: model.numbers.iter().map(|n| n.max_concurrent.unwrap_or(u32::MAX)).collect(),
            link_channels: model.links.iter().map(|l| l.channels).collect(),
            instance_cap: model.instance.max_concurrent_calls.unwrap_or(u32::MAX),
            route_start,
            route_links,
        }
    }

    /// The links number `number` may use, in preference order.
    #[inline]
    pub fn routes(&self, number: usize) -> &[u32] {
        &self.route_links[self.route_start[number] as usize..self.route_start[number + 1] as usize]
    }

    /// True when `number` has at least one route up, whatever the load.
    pub fn has_route(&self, number: usize) -> bool {
        self.routes(number).iter().any(|&l| self.link_up[l as usize])
    }

    /// True when `number` is at its cap.
    #[inline]
    pub fn at_cap(&self, number: usize) -> bool {
        self.number_busy[number] >= self.number_cap[number]
    }

    /// The link a new call to `number` would be carried on, or why it is blocked.
    #[inline]
    pub fn route(&self, number: usize) -> Result<usize, BlockCause> {
        if self.at_cap(number) {
            return Err(BlockCause::NumberCap);
        }
        if self.instance_busy >= self.instance_cap {
            return Err(BlockCause::InstanceQuota);
        }
        let mut any_up = false;
        let mut best: Option<(usize, u64, u64)> = None; // (link, busy, channels)
        for &l in self.routes(number) {
            let l = l as usize;
            if !self.link_up[l] {
                continue;
            }
            any_up = true;
            let (busy, channels) = (self.link_busy[l] as u64, self.link_channels[l] as u64);
            if busy >= channels {
                continue;
            }
            // busy / channels < best_busy / best_channels, without division.
            match best {
                Some((_, bb, bc)) if busy * bc >= bb * channels => {}
                _ => best = Some((l, busy, channels)),
            }
        }
        match best {
            Some((l, _, _)) => Ok(l),
            None if any_up => Err(BlockCause::LinkCapacity),
            None => Err(BlockCause::NoRoute),
        }
    }

    /// Records a call to `number` starting on `link`.
    #[inline]
    pub fn connect(&mut self, number: usize, link: usize) {
        self.number_busy[number] += 1;
        self.link_busy[link] += 1;
        self.instance_busy += 1;
    }

    /// Records the end (completion or drop) of a call of `number` on `link`.
    #[inline]
    pub fn disconnect(&mut self, number: usize, link: usize) {
        self.number_busy[number] -= 1;
        self.link_busy[link] -= 1;
        self.instance_busy -= 1;
    }
}
