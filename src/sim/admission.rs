//! Admission: whether a new call is carried, on which link, or why it is
//! blocked. Every routing step is here, in the order it is taken.
//!
//! For a call to number N at time t (the contract's semantics; step 6 is
//! the simulator's own):
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
//!    [`BlockCause::CpsLimit`]; a call that waits for a token holds its
//!    channel, number and instance slot meanwhile.
//!
//! Two features change steps 1 to 5, and are taken in their place:
//! - **Forwarding**: a call dialled to a number that forwards needs steps 1
//!   and 2 for both numbers, then steps 3 to 5 for each leg (a link both
//!   legs would share needs two free channels); step 6 then applies to the
//!   first leg's link, then the second's.
//! - **Re-route delay**: while a toll-free number's RespOrg has not yet
//!   re-routed around a failed carrier, a share of its calls still goes
//!   there and is lost as [`BlockCause::NoRoute`] (checked after steps 1 and
//!   2, before step 6).
//!
//! [`Admission`] owns what these steps read and nothing else: the
//! occupancy of numbers, links and the instance, their limits, the CPS
//! token buckets and the re-route delays in progress. Whether a link is up
//! is the network's ([`Network::link_usable`]), which owns it alone.
//!
//! [`BlockCause`] is in `causes.rs` (a leaf every component may read, the
//! regional instances' counts included) rather than in `model`: it is the
//! outcome of these steps, not a property of a design. Adding a cause is a
//! variant there (its place in [`BlockCause::ALL`] and its name) and the step
//! here that returns it; every table and report follows the enum.

use super::causes::BlockCause;
use super::cps::Bucket;
use super::instances::{Refusal, Sites};
use super::network::Network;
use super::streams::StreamName;
use super::window::Window;
use crate::engine::{RandomStreams, Seconds, Stream};
use crate::model::Model;
use rand::RngExt;

/// Where an admitted call goes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Admitted {
    /// The link of its (first) leg.
    pub(super) link: usize,
    /// A forwarded call's second leg: (number forwarded to, its link).
    pub(super) leg: Option<(usize, usize)>,
    /// Time waiting for calls-per-second tokens before the call proceeds, seconds.
    pub(super) wait_s: Seconds,
}

/// A toll-free number's RespOrg that has not yet re-routed around failed carriers.
#[derive(Debug)]
struct Reroute {
    /// The number's re-route delay, seconds.
    delay_s: Seconds,
    /// Failed carriers still offered calls, with the time the RespOrg re-routes.
    pending: Vec<(usize, Seconds)>,
    /// Draws which calls go to a failed carrier.
    rng: Stream,
}

/// The state the routing steps read, laid out flat for the per-call decision.
#[derive(Debug)]
pub(super) struct Admission {
    /// Calls in progress per number.
    pub(super) number_busy: Vec<u32>,
    /// Calls in progress per link.
    pub(super) link_busy: Vec<u32>,
    /// Calls in progress on the instance.
    pub(super) instance_busy: u32,
    number_cap: Vec<u32>,
    link_channels: Vec<u32>,
    instance_cap: u32,
    /// Routes of number n: `route_links[route_start[n]..route_start[n + 1]]`.
    route_start: Vec<u32>,
    route_links: Vec<u32>,
    /// CPS token buckets: links first, then carriers (`None`: no limit).
    buckets: Vec<Option<Bucket>>,
    /// Whether any link or carrier has a CPS limit (fast "none" check).
    any_cps: bool,
    /// Per link: its carrier.
    link_carrier: Vec<u32>,
    /// Per number: its re-route state (toll-free numbers with a delay only).
    reroutes: Vec<Option<Reroute>>,
    /// Per carrier: the numbers with a re-route delay that use it.
    carrier_reroutes: Vec<Vec<usize>>,
    /// Pending re-route entries over all numbers (fast "none" check).
    rerouting: usize,
    /// Regional instances (`None` without `[[region]]`).
    pub(super) sites: Option<Box<Sites>>,
}

/// What a call's start leaves held: counts read once, when it connects.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Held {
    /// Calls in progress on the call's number, this one included.
    pub(super) number_busy: u32,
    /// Calls in progress on its link, this one included.
    pub(super) link_busy: u32,
    /// Calls in progress on the instance.
    pub(super) instance_busy: u32,
    /// Whether the number is now at its cap.
    pub(super) at_cap: bool,
}

impl Admission {
    /// An idle state (no call in progress) for `model`, its re-route
    /// streams drawn from `streams`.
    pub(super) fn new(model: &Model, streams: &RandomStreams, window: Window) -> Self {
        let routes: Vec<&[usize]> = model.numbers.iter().map(|n| n.routes.as_slice()).collect();
        let mut a = Admission::with_limits(
            model.numbers.iter().map(|n| n.max_concurrent.unwrap_or(u32::MAX)).collect(),
            model.links.iter().map(|l| l.channels).collect(),
            model.instance.max_concurrent_calls.unwrap_or(u32::MAX),
            &routes,
        );
        a.buckets = (model.links.iter().map(|l| l.cps))
            .chain(model.carriers.iter().map(|c| c.cps))
            .map(|limit| limit.map(Bucket::new))
            .collect();
        a.any_cps = a.buckets.iter().any(Option::is_some);
        a.link_carrier = model.links.iter().map(|l| l.carrier as u32).collect();
        a.carrier_reroutes = vec![Vec::new(); model.carriers.len()];
        a.reroutes = (model.numbers.iter().enumerate())
            .map(|(n, number)| {
                (number.reroute_delay_s > 0.0).then(|| {
                    for &c in &number.carriers {
                        a.carrier_reroutes[c].push(n);
                    }
                    Reroute {
                        delay_s: number.reroute_delay_s,
                        pending: Vec::new(),
                        rng: streams.stream(&StreamName::Reroute(&number.name)),
                    }
                })
            })
            .collect();
        a.sites = Sites::new(model, streams, window);
        a
    }

    /// An idle state from caps per number (`u32::MAX`: none), channels per
    /// link, the instance quota and each number's routes in preference
    /// order; no CPS limit and no re-route delay.
    ///
    /// # Panics
    /// When `routes` does not hold one entry per number, or names a link
    /// beyond `link_channels`: the unchecked reads of the hot path rely on
    /// both (see [`Admission::cap_of`]).
    fn with_limits(number_cap: Vec<u32>, link_channels: Vec<u32>, instance_cap: u32, routes: &[&[usize]]) -> Self {
        assert_eq!(routes.len(), number_cap.len(), "one route list per number");
        assert!(routes.iter().all(|r| r.iter().all(|&l| l < link_channels.len())), "routes name known links");
        let mut route_start = Vec::with_capacity(routes.len() + 1);
        let mut route_links = Vec::new();
        route_start.push(0);
        for r in routes {
            route_links.extend(r.iter().map(|&l| l as u32));
            route_start.push(route_links.len() as u32);
        }
        Admission {
            number_busy: vec![0; number_cap.len()],
            link_busy: vec![0; link_channels.len()],
            instance_busy: 0,
            number_cap,
            link_channels,
            instance_cap,
            route_start,
            route_links,
            buckets: Vec::new(),
            any_cps: false,
            link_carrier: Vec::new(),
            reroutes: (0..routes.len()).map(|_| None).collect(),
            carrier_reroutes: Vec::new(),
            rerouting: 0,
            sites: None,
        }
    }

    /// Every routing step, in order, for a call to `number` at `now`: where
    /// it goes, or why it is blocked. Takes the CPS tokens of an admitted call.
    #[inline(always)]
    pub(super) fn admit(
        &mut self,
        now: Seconds,
        number: usize,
        model: &Model,
        network: &Network,
    ) -> Result<Admitted, BlockCause> {
        let usable = &network.link_usable;
        // Steps 1 to 5, for one leg or for both legs of a forwarded call
        // (regional designs: `admit_regional`, which comes back here).
        if self.sites.is_some() {
            return self.admit_regional(now, number, model, network);
        }
        let routed = match network.forward_of(number) {
            None => self.route(number, usable).map(|link| (link, None)),
            Some(to) => self.route_forwarded(number, to, usable).map(|(l1, l2)| (l1, Some((to, l2)))),
        };
        self.admit_after_route(now, number, model, network, routed)
    }

    /// Steps 1 to 5 with regional instances (never forwarded: validation
    /// refuses forwards with regions): the number's cap, then the instance
    /// its claim (or group split) sends the call to, down ([`BlockCause::Failover`]
    /// for a group) or at its quota, then its routes into that region;
    /// then as [`Admission::admit`]. Counts the attempt on its instance.
    #[inline(never)]
    fn admit_regional(
        &mut self,
        now: Seconds,
        number: usize,
        model: &Model,
        network: &Network,
    ) -> Result<Admitted, BlockCause> {
        let mut sites = self.sites.take().expect("regional admission has sites");
        let routed = if self.at_cap(number) {
            Err(BlockCause::NumberCap)
        } else {
            let (site, k) = sites.choose(now, number);
            match sites.refuse(site, number) {
                Some(Refusal::Down { grouped: true }) => Err(BlockCause::Failover),
                Some(Refusal::Down { grouped: false }) => Err(BlockCause::NoRoute),
                Some(Refusal::Quota) => Err(BlockCause::InstanceQuota),
                None => self.pick_link_in(sites.routes(number, k), &network.link_usable).map(|l| (l, None)),
            }
        };
        self.sites = Some(sites);
        let admitted = self.admit_after_route(now, number, model, network, routed);
        if let Some(s) = self.sites.as_mut() {
            s.outcome(admitted.map(|_| ()));
        }
        admitted
    }

    /// The steps after routing: re-route delays, then calls-per-second limits.
    #[inline(always)]
    fn admit_after_route(
        &mut self,
        now: Seconds,
        number: usize,
        model: &Model,
        network: &Network,
        mut routed: Result<(usize, Option<(usize, usize)>), BlockCause>,
    ) -> Result<Admitted, BlockCause> {
        // Re-route delay: a RespOrg still sending calls to a failed carrier loses
        // them as no_route; the number cap and instance quota come first. A
        // forwarded call's second leg is routed by the forwarded-to number's
        // RespOrg, with its own delay.
        if self.rerouting > 0
            && !matches!(routed, Err(BlockCause::NumberCap | BlockCause::InstanceQuota | BlockCause::Failover))
            && (self.offered_to_failed_carrier(now, number, model, network)
                || network.forward_of(number).is_some_and(|to| self.offered_to_failed_carrier(now, to, model, network)))
        {
            routed = Err(BlockCause::NoRoute);
        }
        // Step 6: calls-per-second limits, first leg then second.
        let mut wait_s = 0.0;
        if let (true, Ok((link, second))) = (self.any_cps, routed) {
            match self.cps_wait(now, link) {
                Some(w) => wait_s = w,
                None => routed = Err(BlockCause::CpsLimit),
            }
            if let (Ok(_), Some((_, l2))) = (routed, second) {
                match self.cps_wait(now, l2) {
                    Some(w) => wait_s = wait_s.max(w),
                    None => routed = Err(BlockCause::CpsLimit),
                }
            }
        }
        routed.map(|(link, leg)| Admitted { link, leg, wait_s })
    }

    /// The links number `number` may use, in preference order.
    #[inline]
    fn routes(&self, number: usize) -> &[u32] {
        let end = self.route_start[number + 1] as usize;
        // SAFETY: `number + 1` is in bounds (checked just above), so
        // `number` is; `route_start` never decreases and ends at
        // `route_links.len()` (built so in `with_limits`, never changed).
        unsafe {
            let start = *self.route_start.get_unchecked(number) as usize;
            debug_assert!(start <= end && end <= self.route_links.len());
            self.route_links.get_unchecked(start..end)
        }
    }

    /// The cap of `number`, which the caller has just indexed
    /// `number_busy` with (so `number` is in bounds).
    #[inline(always)]
    fn cap_of(&self, number: usize) -> u32 {
        debug_assert!(number < self.number_cap.len());
        // SAFETY: `number_cap` and `number_busy` have one entry per number
        // (built together in `with_limits`, never resized), and the caller
        // indexed `number_busy[number]` with a bounds check.
        unsafe { *self.number_cap.get_unchecked(number) }
    }

    /// The channels of `link`, which the caller has just indexed
    /// `link_busy` with (so `link` is in bounds).
    #[inline(always)]
    fn channels_of(&self, link: usize) -> u32 {
        debug_assert!(link < self.link_channels.len());
        // SAFETY: `link_channels` and `link_busy` have one entry per link
        // (built together in `with_limits`, never resized), and the caller
        // indexed `link_busy[link]` with a bounds check.
        unsafe { *self.link_channels.get_unchecked(link) }
    }

    /// True when `number` is at its cap.
    #[inline]
    pub(super) fn at_cap(&self, number: usize) -> bool {
        self.number_busy[number] >= self.cap_of(number)
    }

    /// Steps 1 to 5: the link a new call to `number` would be carried on,
    /// or why it is blocked; `usable` says which links are up.
    #[inline(always)]
    fn route(&self, number: usize, usable: &[bool]) -> Result<usize, BlockCause> {
        if self.at_cap(number) {
            return Err(BlockCause::NumberCap);
        }
        if self.instance_busy >= self.instance_cap {
            return Err(BlockCause::InstanceQuota);
        }
        self.pick_link(number, usable)
    }

    /// Steps 1 to 5 for a forwarded call: the two links of a call dialled to `from` and forwarded to
    /// `to`, or why it is blocked: both numbers below their caps, the
    /// instance below its quota, then a link for each leg (steps 3 to 5 for
    /// `from`, then for `to`; a link both legs would share needs two free channels).
    #[inline]
    fn route_forwarded(&self, from: usize, to: usize, usable: &[bool]) -> Result<(usize, usize), BlockCause> {
        if self.at_cap(from) || self.at_cap(to) {
            return Err(BlockCause::NumberCap);
        }
        if self.instance_busy >= self.instance_cap {
            return Err(BlockCause::InstanceQuota);
        }
        let first = self.pick_link(from, usable)?;
        let second = self.pick_link(to, usable)?;
        if first == second && self.link_busy[first] + 2 > self.link_channels[first] {
            return Err(BlockCause::LinkCapacity);
        }
        Ok((first, second))
    }

    /// Steps 3 to 5 for `number`: its least-occupied usable link with room.
    #[inline(always)]
    fn pick_link(&self, number: usize, usable: &[bool]) -> Result<usize, BlockCause> {
        self.pick_link_in(self.routes(number), usable)
    }

    /// Steps 3 to 5 over `routes` (links in preference order).
    #[inline(always)]
    fn pick_link_in(&self, routes: &[u32], usable: &[bool]) -> Result<usize, BlockCause> {
        if let [l] = *routes {
            // One route (a DID on one link): the loop below, unrolled.
            let l = l as usize;
            return match (usable[l], self.link_busy[l] < self.channels_of(l)) {
                (false, _) => Err(BlockCause::NoRoute),
                (true, false) => Err(BlockCause::LinkCapacity),
                (true, true) => Ok(l),
            };
        }
        let mut any_up = false;
        let mut best: Option<(usize, u64, u64)> = None; // (link, busy, channels)
        for &l in routes {
            let l = l as usize;
            if !usable[l] {
                continue;
            }
            any_up = true;
            let busy = self.link_busy[l] as u64;
            let channels = self.channels_of(l) as u64;
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

    /// Re-route delay: whether this call to `number` goes
    /// to a failed carrier (and is lost). Each failed carrier still in its
    /// delay gets its share of calls in proportion to the channels it would
    /// offer (its links whose own link and AZ are up) among all the number's
    /// channels believed usable.
    #[cold]
    fn offered_to_failed_carrier(&mut self, now: Seconds, number: usize, model: &Model, network: &Network) -> bool {
        let Some(r) = self.reroutes[number].as_mut() else { return false };
        let before = r.pending.len();
        r.pending.retain(|&(_, until)| until > now);
        self.rerouting -= before - r.pending.len();
        if r.pending.is_empty() {
            return false;
        }
        let channels = |l: usize| model.links[l].channels as f64;
        let believed: f64 = (r.pending.iter())
            .flat_map(|&(c, _)| model.carriers[c].links.iter())
            .filter(|&&l| network.usable_but_for_carrier(l))
            .map(|&l| channels(l))
            .sum();
        let usable: f64 =
            (model.numbers[number].routes.iter()).filter(|&&l| network.link_usable[l]).map(|&l| channels(l)).sum();
        debug_assert!(r.pending.iter().all(|&(c, _)| !network.carrier_up(c)));
        believed > 0.0 && r.rng.random::<f64>() * (believed + usable) < believed
    }

    /// Carrier `c` went down (or came back up) at `now`: numbers that
    /// re-route around it only after a delay keep offering it calls until then.
    pub(super) fn carrier_flipped(&mut self, now: Seconds, c: usize, down: bool) {
        for &n in &self.carrier_reroutes[c] {
            let r = self.reroutes[n].as_mut().expect("numbers with a re-route delay have re-route state");
            let before = r.pending.len();
            r.pending.retain(|&(carrier, _)| carrier != c);
            if down {
                r.pending.push((c, now + r.delay_s));
            }
            self.rerouting = self.rerouting + r.pending.len() - before;
        }
    }

    /// Step 6: the wait for calls-per-second tokens of `link` and its
    /// carrier, taking them; `None` (nothing taken) when either would wait
    /// beyond its queue.
    #[cold]
    fn cps_wait(&mut self, now: Seconds, link: usize) -> Option<Seconds> {
        let carrier = self.link_carrier[link] as usize;
        let ids = [link, self.link_channels.len() + carrier];
        let mut wait: Seconds = 0.0;
        for &i in &ids {
            if let Some(b) = self.buckets[i].as_mut() {
                wait = wait.max(b.wait(now)?);
            }
        }
        for &i in &ids {
            if let Some(b) = self.buckets[i].as_mut() {
                b.tokens -= 1.0;
            }
        }
        Some(wait)
    }

    /// Every routing step for an outbound dial from `number` at `now`
    /// (`[[outbound]]`): the number's cap ([`BlockCause::NumberCap`]), then
    /// the quota: a campaign's own (`campaign_full`: `Some(whether it is at
    /// it)`, [`BlockCause::CampaignQuota`]) or, with `None`, the instance's
    /// ([`BlockCause::InstanceQuota`]); then its routes (steps 3 to 5) and
    /// CPS limits (step 6). A dial is placed by the instance on the
    /// number's carrier: no forwarding, no RespOrg re-routing, no regions
    /// (validation refuses outbound with regions). Out of line: inbound
    /// admission is not touched by it.
    #[inline(never)]
    pub(super) fn admit_outbound(
        &mut self,
        now: Seconds,
        number: usize,
        network: &Network,
        campaign_full: Option<bool>,
    ) -> Result<Admitted, BlockCause> {
        debug_assert!(self.sites.is_none(), "validation refuses outbound dials with regions");
        let routed = if self.at_cap(number) {
            Err(BlockCause::NumberCap)
        } else {
            match campaign_full {
                Some(true) => Err(BlockCause::CampaignQuota),
                None if self.instance_busy >= self.instance_cap => Err(BlockCause::InstanceQuota),
                _ => self.pick_link(number, &network.link_usable),
            }
        };
        let link = routed?;
        let wait_s = if self.any_cps { self.cps_wait(now, link).ok_or(BlockCause::CpsLimit)? } else { 0.0 };
        Ok(Admitted { link, leg: None, wait_s })
    }

    /// Records an outbound dial from `number` starting on `link`, and
    /// returns what it now holds; `holds_instance`: it counts against the
    /// instance's quota (not a campaign's own).
    pub(super) fn connect_outbound(&mut self, number: usize, link: usize, holds_instance: bool) -> Held {
        let held = self.hold(number, link);
        self.instance_busy += u32::from(holds_instance);
        Held { instance_busy: self.instance_busy, ..held }
    }

    /// Records the end (completion or drop) of an outbound dial, as
    /// [`Admission::connect_outbound`] started it; returns whether the
    /// number was at its cap before.
    pub(super) fn disconnect_outbound(&mut self, number: usize, link: usize, holds_instance: bool) -> bool {
        let was_at_cap = self.unhold(number, link);
        self.instance_busy -= u32::from(holds_instance);
        was_at_cap
    }

    /// Records a call to `number` starting on `link`, and returns what it
    /// now holds (read once here, for the observer and the statistics).
    /// Always inlined: the regional count is out of line, so that a design
    /// without regions pays one test of `sites` here, not a call.
    #[inline(always)]
    pub(super) fn connect(&mut self, number: usize, link: usize) -> Held {
        let held = self.hold(number, link);
        self.instance_busy += 1;
        if self.sites.is_some() {
            self.connect_regional(link);
        }
        Held { instance_busy: self.instance_busy, ..held }
    }

    /// One more call on `number` and `link`: their counts after it.
    #[inline(always)]
    fn hold(&mut self, number: usize, link: usize) -> Held {
        let busy = &mut self.number_busy[number];
        // SAFETY: as in `cap_of`: `number` indexed `number_busy` just above.
        let cap = unsafe { *self.number_cap.get_unchecked(number) };
        *busy += 1;
        let number_busy = *busy;
        let link_busy = &mut self.link_busy[link];
        *link_busy += 1;
        Held { number_busy, link_busy: *link_busy, instance_busy: self.instance_busy, at_cap: number_busy >= cap }
    }

    /// One call fewer on `number` and `link`; returns whether the number was
    /// at its cap before.
    #[inline(always)]
    fn unhold(&mut self, number: usize, link: usize) -> bool {
        let busy = &mut self.number_busy[number];
        // SAFETY: as in `cap_of`: `number` indexed `number_busy` just above.
        let cap = unsafe { *self.number_cap.get_unchecked(number) };
        let was_at_cap = *busy >= cap;
        *busy -= 1;
        self.link_busy[link] -= 1;
        was_at_cap
    }

    /// The regional instance of `link` counts a call starting (out of
    /// line, so that `connect` stays small enough to inline).
    #[inline(never)]
    fn connect_regional(&mut self, link: usize) {
        if let Some(s) = self.sites.as_mut() {
            s.connect(link);
        }
    }

    /// Records the second leg of a forwarded call: `number` and `link` are
    /// held, the instance is not (the first leg counted it).
    #[inline]
    pub(super) fn connect_leg(&mut self, number: usize, link: usize) -> Held {
        self.hold(number, link)
    }

    /// Records the end of the second leg of a forwarded call; returns
    /// whether `number` was at its cap before.
    #[inline]
    pub(super) fn disconnect_leg(&mut self, number: usize, link: usize) -> bool {
        self.unhold(number, link)
    }

    /// Records the end (completion or drop) of a call of `number` on
    /// `link`, and returns whether the number was at its cap before it
    /// (always inlined, the regional count out of line, as [`Admission::connect`]).
    #[inline(always)]
    pub(super) fn disconnect(&mut self, number: usize, link: usize) -> bool {
        let was_at_cap = self.unhold(number, link);
        self.instance_busy -= 1;
        if self.sites.is_some() {
            self.disconnect_regional(link);
        }
        was_at_cap
    }

    /// The regional instance of `link` counts a call ending (out of line,
    /// as [`Admission::connect_regional`]).
    #[inline(never)]
    fn disconnect_regional(&mut self, link: usize) {
        if let Some(s) = self.sites.as_mut() {
            s.disconnect(link);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two zones; carrier-a has links of 10 channels into az1 and 20 into
    /// az2, carrier-b one of 5 into az1. Numbers: `did-a` (DID of carrier-a,
    /// cap 3), `did-b` (DID of carrier-b, the default DID cap of 100), `tf`
    /// (toll-free over carrier-b then carrier-a, no cap). Instance quota 4.
    /// Link indices, in scenario order: 0 = carrier-a/az1, 1 = carrier-a/az2,
    /// 2 = carrier-b/az1. Each number's routes are its carriers' links in
    /// the order validation lists them (checked against a scenario in
    /// `tests/it/routing.rs`).
    const A1: usize = 0;
    const A2: usize = 1;
    const B1: usize = 2;
    const DID_A: usize = 0;
    const DID_B: usize = 1;
    const TF: usize = 2;

    fn state() -> Admission {
        let routes: [&[usize]; 3] = [&[A1, A2], &[B1], &[B1, A1, A2]];
        Admission::with_limits(vec![3, 100, u32::MAX], vec![10, 20, 5], 4, &routes)
    }

    /// Every link up.
    fn all_up() -> Vec<bool> {
        vec![true; 3]
    }

    /// Occupies `busy` channels of `link` without counting them against any
    /// number or the instance (as if carried for numbers not under test).
    fn fill(s: &mut Admission, link: usize, busy: u32) {
        s.link_busy[link] = busy;
    }

    #[test]
    fn an_idle_system_carries_on_the_first_route() {
        // All routes empty: occupancy 0 everywhere, the tie goes to the first.
        let s = state();
        let up = all_up();
        assert_eq!(s.route(DID_A, &up), Ok(A1));
        assert_eq!(s.route(DID_B, &up), Ok(B1));
        assert_eq!(s.route(TF, &up), Ok(B1));
    }

    #[test]
    fn number_cap_comes_before_instance_quota() {
        // did-a at its cap of 3, and the instance at its quota of 4.
        let mut s = state();
        let up = all_up();
        for _ in 0..3 {
            s.connect(DID_A, A1);
        }
        s.connect(DID_B, B1);
        assert!(s.at_cap(DID_A));
        assert_eq!(s.instance_busy, 4);
        assert_eq!(s.route(DID_A, &up), Err(BlockCause::NumberCap));
        assert_eq!(s.route(TF, &up), Err(BlockCause::InstanceQuota));
    }

    #[test]
    fn number_cap_comes_before_everything_else() {
        // did-a at its cap, its links down and full: still number_cap.
        let mut s = state();
        let mut up = all_up();
        s.number_busy[DID_A] = 3;
        s.instance_busy = 4;
        up[A1] = false;
        up[A2] = false;
        assert_eq!(s.route(DID_A, &up), Err(BlockCause::NumberCap));
    }

    #[test]
    fn instance_quota_comes_before_no_route() {
        // Instance at its quota and every route of tf down: instance_quota.
        let mut s = state();
        let mut up = all_up();
        s.instance_busy = 4;
        for l in [A1, A2, B1] {
            up[l] = false;
        }
        assert_eq!(s.route(TF, &up), Err(BlockCause::InstanceQuota));
        s.instance_busy = 3;
        assert_eq!(s.route(TF, &up), Err(BlockCause::NoRoute));
    }

    #[test]
    fn no_route_comes_before_link_capacity() {
        // did-a's links both full *and* down: no_route (none is up).
        let mut s = state();
        let mut up = all_up();
        fill(&mut s, A1, 10);
        fill(&mut s, A2, 20);
        up[A1] = false;
        up[A2] = false;
        assert_eq!(s.route(DID_A, &up), Err(BlockCause::NoRoute));
        // One of them back up, still full: link_capacity.
        up[A2] = true;
        assert_eq!(s.route(DID_A, &up), Err(BlockCause::LinkCapacity));
        // The other back up and free: carried there.
        up[A1] = true;
        fill(&mut s, A1, 9);
        assert_eq!(s.route(DID_A, &up), Ok(A1));
    }

    #[test]
    fn a_link_that_is_down_is_skipped_even_when_idle() {
        let s = state();
        let mut up = all_up();
        up[B1] = false;
        assert_eq!(s.route(TF, &up), Ok(A1));
        assert_eq!(s.route(DID_B, &up), Err(BlockCause::NoRoute));
    }

    #[test]
    fn the_least_occupied_route_is_chosen() {
        // tf's routes: B1 (5 ch), A1 (10 ch), A2 (20 ch).
        let mut s = state();
        let up = all_up();
        // Occupancy B1 2/5 = 0.4, A1 3/10 = 0.3, A2 7/20 = 0.35: A1.
        fill(&mut s, B1, 2);
        fill(&mut s, A1, 3);
        fill(&mut s, A2, 7);
        assert_eq!(s.route(TF, &up), Ok(A1));
        // A2 at 5/20 = 0.25 < 0.3: A2, though listed last.
        fill(&mut s, A2, 5);
        assert_eq!(s.route(TF, &up), Ok(A2));
        // B1 1/5 = 0.2 < A2 5/20 = 0.25 < A1 3/10 = 0.3: B1.
        fill(&mut s, B1, 1);
        assert_eq!(s.route(TF, &up), Ok(B1));
        // Occupancy is a ratio, not a count: A2 6/20 = 0.3 beats B1 2/5 = 0.4
        // and A1 5/10 = 0.5 although it has the most busy channels (6).
        fill(&mut s, B1, 2);
        fill(&mut s, A1, 5);
        fill(&mut s, A2, 6);
        assert_eq!(s.route(TF, &up), Ok(A2));
    }

    #[test]
    fn ties_go_to_the_first_route_listed() {
        // B1 2/5 = A1 4/10 = A2 8/20 = 0.4: B1, listed first.
        let mut s = state();
        let mut up = all_up();
        fill(&mut s, B1, 2);
        fill(&mut s, A1, 4);
        fill(&mut s, A2, 8);
        assert_eq!(s.route(TF, &up), Ok(B1));
        // Without B1 (down): A1 before A2.
        up[B1] = false;
        assert_eq!(s.route(TF, &up), Ok(A1));
        // did-a lists A1 then A2: at 0/10 = 0/20 the tie goes to A1; at
        // 5/10 = 10/20 as well.
        let mut s = state();
        assert_eq!(s.route(DID_A, &up), Ok(A1));
        fill(&mut s, A1, 5);
        fill(&mut s, A2, 10);
        assert_eq!(s.route(DID_A, &up), Ok(A1));
    }

    #[test]
    fn a_full_link_is_never_chosen() {
        // B1 full (5/5) and A1, A2 nearly full at 9/10 = 0.9 and 19/20 = 0.95:
        // A1, the least occupied link with a free channel.
        let mut s = state();
        let up = all_up();
        fill(&mut s, B1, 5);
        fill(&mut s, A1, 9);
        fill(&mut s, A2, 19);
        assert_eq!(s.route(TF, &up), Ok(A1));
        fill(&mut s, A1, 10);
        assert_eq!(s.route(TF, &up), Ok(A2));
    }

    #[test]
    fn a_did_uses_only_its_carriers_links() {
        // did-b belongs to carrier-b: with its only link full it is blocked
        // although carrier-a's 30 channels are idle.
        let mut s = state();
        let up = all_up();
        fill(&mut s, B1, 5);
        assert_eq!(s.route(DID_B, &up), Err(BlockCause::LinkCapacity));
        // did-a never lands on carrier-b's link, even the least occupied.
        let mut s = state();
        fill(&mut s, A1, 9);
        fill(&mut s, A2, 19);
        assert_eq!(s.route(DID_A, &up), Ok(A1));
        fill(&mut s, A1, 10);
        fill(&mut s, A2, 20);
        assert_eq!(s.route(DID_A, &up), Err(BlockCause::LinkCapacity));
    }

    #[test]
    fn a_toll_free_number_uses_all_its_carriers_links() {
        // tf overflows from carrier-b to carrier-a's links, and back.
        let mut s = state();
        let up = all_up();
        fill(&mut s, B1, 5);
        assert_eq!(s.route(TF, &up), Ok(A1));
        fill(&mut s, A1, 10);
        assert_eq!(s.route(TF, &up), Ok(A2));
        fill(&mut s, A2, 20);
        assert_eq!(s.route(TF, &up), Err(BlockCause::LinkCapacity));
        fill(&mut s, B1, 4);
        assert_eq!(s.route(TF, &up), Ok(B1));
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
    fn a_forwarded_call_needs_both_caps_the_quota_and_a_link_per_leg() {
        // did-a (cap 3) forwarded to tf: both numbers below their caps, the
        // instance below its quota, then a link for did-a and one for tf.
        let mut s = state();
        let mut up = all_up();
        // Idle: did-a's first route A1, tf's first route B1.
        assert_eq!(s.route_forwarded(DID_A, TF, &up), Ok((A1, B1)));
        // did-a at its cap: number_cap, whatever tf's state.
        s.number_busy[DID_A] = 3;
        assert_eq!(s.route_forwarded(DID_A, TF, &up), Err(BlockCause::NumberCap));
        assert_eq!(s.route_forwarded(TF, DID_A, &up), Err(BlockCause::NumberCap), "the target's cap counts too");
        s.number_busy[DID_A] = 0;
        // The instance at its quota of 4: instance_quota.
        s.instance_busy = 4;
        assert_eq!(s.route_forwarded(DID_A, TF, &up), Err(BlockCause::InstanceQuota));
        s.instance_busy = 0;
        // The second leg without a route: no_route, although the first has one.
        up[B1] = false;
        up[A1] = false;
        up[A2] = false;
        assert_eq!(s.route_forwarded(DID_B, TF, &up), Err(BlockCause::NoRoute));
    }

    #[test]
    fn legs_sharing_a_link_need_two_free_channels() {
        // did-b (only B1, 5 channels) forwarded to tf with B1 the least
        // occupied of tf's routes: both legs on B1.
        let mut s = state();
        let up = all_up();
        fill(&mut s, A1, 9);
        fill(&mut s, A2, 19);
        // B1 at 3/5 (0.6) is tf's least occupied (A1 0.9, A2 0.95): 3 + 2 <= 5, carried.
        fill(&mut s, B1, 3);
        assert_eq!(s.route_forwarded(DID_B, TF, &up), Ok((B1, B1)));
        // At 4/5 one channel is left for two legs: link_capacity, though each
        // leg alone would fit.
        fill(&mut s, B1, 4);
        assert_eq!(s.route(DID_B, &up), Ok(B1));
        assert_eq!(s.route_forwarded(DID_B, TF, &up), Err(BlockCause::LinkCapacity));
    }

    #[test]
    fn no_cap_and_no_quota_never_block_on_them() {
        // A toll-free number without a cap and an instance without a quota:
        // only the links bind. 3 channels, 3 calls: then link_capacity.
        let mut s = Admission::with_limits(vec![u32::MAX], vec![3], u32::MAX, &[&[0]]);
        let up = vec![true];
        for _ in 0..3 {
            assert_eq!(s.route(0, &up), Ok(0));
            s.connect(0, 0);
        }
        assert!(!s.at_cap(0));
        assert_eq!(s.route(0, &up), Err(BlockCause::LinkCapacity));
    }
}
