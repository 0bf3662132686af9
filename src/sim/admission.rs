//! Routing: where a new call goes, or why it is blocked.
//!
//! For a call to number N, in this order (the contract's semantics):
//! 1. N is at its `max_concurrent`: blocked, [`BlockCause::NumberCap`].
//! 2. The instance is at `max_concurrent_calls`: blocked, [`BlockCause::InstanceQuota`].
//! 3. No route of N is up (a link up, of a carrier up, into a zone up):
//!    blocked, [`BlockCause::NoRoute`].
//! 4. Every route that is up is full: blocked, [`BlockCause::LinkCapacity`].
//! 5. Else the call goes to the **least-loaded** route that is up and
//!    has a free channel: the lowest occupancy `busy / channels`, ties going
//!    to the route listed first (N's carriers in the order the scenario
//!    gives them, each carrier's links in scenario order). Least occupancy
//!    spreads a toll-free number's calls over all its carriers and zones, as
//!    a RespOrg's percentage allocation does, and keeps the most headroom on
//!    every trunk.
//! 6. If that link or its carrier has a calls-per-second limit and no
//!    token is left (nor room in its CPS queue): blocked,
//!    [`BlockCause::CpsLimit`] (checked by the simulator, `crate::sim`).

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
    /// The chosen link or its carrier was at its calls-per-second limit
    /// (and its CPS queue, if any, was full).
    CpsLimit = 4,
}

impl BlockCause {
    /// Every cause, in routing order.
    pub const ALL: [BlockCause; 5] = [
        BlockCause::NumberCap,
        BlockCause::InstanceQuota,
        BlockCause::NoRoute,
        BlockCause::LinkCapacity,
        BlockCause::CpsLimit,
    ];

    /// The contract's name of the cause (`number_cap`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            BlockCause::NumberCap => "number_cap",
            BlockCause::InstanceQuota => "instance_quota",
            BlockCause::NoRoute => "no_route",
            BlockCause::LinkCapacity => "link_capacity",
            BlockCause::CpsLimit => "cps_limit",
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
        self.pick_link(number)
    }

    /// The two links of a call dialled to `from` and forwarded to `to`, or
    /// why it is blocked: both numbers below their caps, the instance below
    /// its quota, then a link for each leg (steps 3 to 5 for `from`, then
    /// for `to`; a link both legs would share needs two free channels).
    #[inline]
    pub fn route_forwarded(&self, from: usize, to: usize) -> Result<(usize, usize), BlockCause> {
        if self.at_cap(from) || self.at_cap(to) {
            return Err(BlockCause::NumberCap);
        }
        if self.instance_busy >= self.instance_cap {
            return Err(BlockCause::InstanceQuota);
        }
        let first = self.pick_link(from)?;
        let second = self.pick_link(to)?;
        if first == second && self.link_busy[first] + 2 > self.link_channels[first] {
            return Err(BlockCause::LinkCapacity);
        }
        Ok((first, second))
    }

    /// Steps 3 to 5 for `number`: its least-occupied usable link with room.
    #[inline]
    fn pick_link(&self, number: usize) -> Result<usize, BlockCause> {
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

    /// Records the second leg of a forwarded call: `number` and `link` are
    /// held, the instance is not (the first leg counted it).
    #[inline]
    pub fn connect_leg(&mut self, number: usize, link: usize) {
        self.number_busy[number] += 1;
        self.link_busy[link] += 1;
    }

    /// Records the end of the second leg of a forwarded call.
    #[inline]
    pub fn disconnect_leg(&mut self, number: usize, link: usize) {
        self.number_busy[number] -= 1;
        self.link_busy[link] -= 1;
    }

    /// Records the end (completion or drop) of a call of `number` on `link`.
    #[inline]
    pub fn disconnect(&mut self, number: usize, link: usize) {
        self.number_busy[number] -= 1;
        self.link_busy[link] -= 1;
        self.instance_busy -= 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Scenario;

    /// Two zones; carrier-a has links of 10 channels into az1 and 20 into
    /// az2, carrier-b one of 5 into az1. Numbers: `did-a` (DID of carrier-a,
    /// cap 3), `did-b` (DID of carrier-b, default cap), `tf` (toll-free over
    /// carrier-b then carrier-a, no cap). Instance quota 4. Link indices, in
    /// scenario order: 0 = carrier-a/az1, 1 = carrier-a/az2, 2 = carrier-b/az1.
    const SCENARIO: &str = r#"
[simulation]
horizon = "1h"

[instance]
max_concurrent_calls = 4

[[az]]
name = "az1"

[[az]]
name = "az2"

[[carrier]]
name = "carrier-a"

[[carrier]]
name = "carrier-b"

[[link]]
carrier = "carrier-a"
az = "az1"
channels = 10

[[link]]
carrier = "carrier-a"
az = "az2"
channels = 20

[[link]]
carrier = "carrier-b"
az = "az1"
channels = 5

[[number]]
name = "did-a"
type = "did"
carrier = "carrier-a"
max_concurrent = 3

[[number]]
name = "did-b"
type = "did"
carrier = "carrier-b"

[[number]]
name = "tf"
type = "toll-free"
carriers = ["carrier-b", "carrier-a"]
"#;

    const A1: usize = 0;
    const A2: usize = 1;
    const B1: usize = 2;
    const DID_A: usize = 0;
    const DID_B: usize = 1;
    const TF: usize = 2;

    fn model(text: &str) -> Model {
        Scenario::from_toml_str(text, "routing.toml").unwrap_or_else(|e| panic!("{e}")).model
    }

    fn state() -> RoutingState {
        RoutingState::new(&model(SCENARIO))
    }

    /// Occupies `busy` channels of `link` without counting them against any
    /// number or the instance (as if carried for numbers not under test).
    fn fill(s: &mut RoutingState, link: usize, busy: u32) {
        s.link_busy[link] = busy;
    }

    #[test]
    fn routes_follow_the_numbers_carriers_in_order() {
        let s = state();
        assert_eq!(s.routes(DID_A), &[A1 as u32, A2 as u32]);
        assert_eq!(s.routes(DID_B), &[B1 as u32]);
        // Toll-free: carrier-b's links first (listed first), then carrier-a's.
        assert_eq!(s.routes(TF), &[B1 as u32, A1 as u32, A2 as u32]);
    }

    #[test]
    fn an_idle_system_carries_on_the_first_route() {
        // All routes empty: occupancy 0 everywhere, the tie goes to the first.
        let s = state();
        assert_eq!(s.route(DID_A), Ok(A1));
        assert_eq!(s.route(DID_B), Ok(B1));
        assert_eq!(s.route(TF), Ok(B1));
    }

    #[test]
    fn number_cap_comes_before_instance_quota() {
        // did-a at its cap of 3, and the instance at its quota of 4.
        let mut s = state();
        for _ in 0..3 {
            s.connect(DID_A, A1);
        }
        s.connect(DID_B, B1);
        assert!(s.at_cap(DID_A));
        assert_eq!(s.instance_busy, 4);
        assert_eq!(s.route(DID_A), Err(BlockCause::NumberCap));
        assert_eq!(s.route(TF), Err(BlockCause::InstanceQuota));
    }

    #[test]
    fn number_cap_comes_before_everything_else() {
        // did-a at its cap, its links down and full: still number_cap.
        let mut s = state();
        s.number_busy[DID_A] = 3;
        s.instance_busy = 4;
        s.link_up[A1] = false;
        s.link_up[A2] = false;
        assert_eq!(s.route(DID_A), Err(BlockCause::NumberCap));
    }

    #[test]
    fn instance_quota_comes_before_no_route() {
        // Instance at its quota and every route of tf down: instance_quota.
        let mut s = state();
        s.instance_busy = 4;
        for l in [A1, A2, B1] {
            s.link_up[l] = false;
        }
        assert_eq!(s.route(TF), Err(BlockCause::InstanceQuota));
        s.instance_busy = 3;
        assert_eq!(s.route(TF), Err(BlockCause::NoRoute));
    }

    #[test]
    fn no_route_comes_before_link_capacity() {
        // did-a's links both full *and* down: no_route (none is up).
        let mut s = state();
        fill(&mut s, A1, 10);
        fill(&mut s, A2, 20);
        s.link_up[A1] = false;
        s.link_up[A2] = false;
        assert_eq!(s.route(DID_A), Err(BlockCause::NoRoute));
        assert!(!s.has_route(DID_A));
        // One of them back up, still full: link_capacity.
        s.link_up[A2] = true;
        assert!(s.has_route(DID_A));
        assert_eq!(s.route(DID_A), Err(BlockCause::LinkCapacity));
        // The other back up and free: carried there.
        s.link_up[A1] = true;
        fill(&mut s, A1, 9);
        assert_eq!(s.route(DID_A), Ok(A1));
    }

    #[test]
    fn a_link_that_is_down_is_skipped_even_when_idle() {
        let mut s = state();
        s.link_up[B1] = false;
        assert_eq!(s.route(TF), Ok(A1));
        assert_eq!(s.route(DID_B), Err(BlockCause::NoRoute));
    }

    #[test]
    fn the_least_occupied_route_is_chosen() {
        // tf's routes: B1 (5 ch), A1 (10 ch), A2 (20 ch).
        let mut s = state();
        // Occupancy B1 2/5 = 0.4, A1 3/10 = 0.3, A2 7/20 = 0.35: A1.
        fill(&mut s, B1, 2);
        fill(&mut s, A1, 3);
        fill(&mut s, A2, 7);
        assert_eq!(s.route(TF), Ok(A1));
        // A2 at 5/20 = 0.25 < 0.3: A2, though listed last.
        fill(&mut s, A2, 5);
        assert_eq!(s.route(TF), Ok(A2));
        // B1 1/5 = 0.2 < A2 5/20 = 0.25 < A1 3/10 = 0.3: B1.
        fill(&mut s, B1, 1);
        assert_eq!(s.route(TF), Ok(B1));
        // Occupancy is a ratio, not a count: A2 6/20 = 0.3 beats B1 2/5 = 0.4
        // and A1 5/10 = 0.5 although it has the most busy channels (6).
        fill(&mut s, B1, 2);
        fill(&mut s, A1, 5);
        fill(&mut s, A2, 6);
        assert_eq!(s.route(TF), Ok(A2));
    }

    #[test]
    fn ties_go_to_the_first_route_listed() {
        // B1 2/5 = A1 4/10 = A2 8/20 = 0.4: B1, listed first.
        let mut s = state();
        fill(&mut s, B1, 2);
        fill(&mut s, A1, 4);
        fill(&mut s, A2, 8);
        assert_eq!(s.route(TF), Ok(B1));
        // Without B1 (down): A1 before A2.
        s.link_up[B1] = false;
        assert_eq!(s.route(TF), Ok(A1));
        // did-a lists A1 then A2: at 0/10 = 0/20 the tie goes to A1; at
        // 5/10 = 10/20 as well.
        let mut s = state();
        assert_eq!(s.route(DID_A), Ok(A1));
        fill(&mut s, A1, 5);
        fill(&mut s, A2, 10);
        assert_eq!(s.route(DID_A), Ok(A1));
    }

    #[test]
    fn a_full_link_is_never_chosen() {
        // B1 full (5/5) and A1, A2 nearly full at 9/10 = 0.9 and 19/20 = 0.95:
        // A1, the least occupied link with a free channel.
        let mut s = state();
        fill(&mut s, B1, 5);
        fill(&mut s, A1, 9);
        fill(&mut s, A2, 19);
        assert_eq!(s.route(TF), Ok(A1));
        fill(&mut s, A1, 10);
        assert_eq!(s.route(TF), Ok(A2));
    }

    #[test]
    fn a_did_uses_only_its_carriers_links() {
        // did-b belongs to carrier-b: with its only link full it is blocked
        // although carrier-a's 30 channels are idle.
        let mut s = state();
        fill(&mut s, B1, 5);
        assert_eq!(s.route(DID_B), Err(BlockCause::LinkCapacity));
        // did-a never lands on carrier-b's link, even the least occupied.
        let mut s = state();
        fill(&mut s, A1, 9);
        fill(&mut s, A2, 19);
        assert_eq!(s.route(DID_A), Ok(A1));
        fill(&mut s, A1, 10);
        fill(&mut s, A2, 20);
        assert_eq!(s.route(DID_A), Err(BlockCause::LinkCapacity));
    }

    #[test]
    fn a_toll_free_number_uses_all_its_carriers_links() {
        // tf overflows from carrier-b to carrier-a's links, and back.
        let mut s = state();
        fill(&mut s, B1, 5);
        assert_eq!(s.route(TF), Ok(A1));
        fill(&mut s, A1, 10);
        assert_eq!(s.route(TF), Ok(A2));
        fill(&mut s, A2, 20);
        assert_eq!(s.route(TF), Err(BlockCause::LinkCapacity));
        fill(&mut s, B1, 4);
        assert_eq!(s.route(TF), Ok(B1));
    }

    #[test]
    fn connect_and_disconnect_count_number_link_and_instance() {
        let mut s = state();
        s.connect(TF, A2);
        s.connect(TF, B1);
        assert_eq!(s.number_busy, vec![0, 0, 2]);
        assert_eq!(s.link_busy, vec![0, 1, 1]);
        assert_eq!(s.instance_busy, 2);
        s.disconnect(TF, A2);
        assert_eq!(s.number_busy, vec![0, 0, 1]);
        assert_eq!(s.link_busy, vec![0, 0, 1]);
        assert_eq!(s.instance_busy, 1);
    }

    #[test]
    fn no_cap_and_no_quota_never_block_on_them() {
        // A toll-free number without a cap and an instance without a quota:
        // only the links bind. 3 channels, 3 calls: then link_capacity.
        let mut s = RoutingState::new(&model(
            r#"
[simulation]
horizon = "1h"

[[az]]
name = "az1"

[[carrier]]
name = "c"

[[link]]
carrier = "c"
az = "az1"
channels = 3

[[number]]
name = "tf"
type = "toll-free"
carriers = ["c"]
"#,
        ));
        for _ in 0..3 {
            assert_eq!(s.route(0), Ok(0));
            s.connect(0, 0);
        }
        assert!(!s.at_cap(0));
        assert_eq!(s.route(0), Err(BlockCause::LinkCapacity));
    }
}
