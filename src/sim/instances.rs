//! Regional instances during a run (issue #15): each instance's calls in
//! progress and quota, which instance a call to a number goes to (its claim,
//! or its traffic distribution group's split on the group's own stream, with
//! failover and failback after their delays), and per-instance counts.
//!
//! Owned by admission ([`super::admission::Admission`]); a design without
//! `[[region]]` has none of this state, and its hot path pays one branch.
//!
//! # Failover, lazily
//! A group member that goes down at `t` is *shifted* (its share goes to the
//! other member) from `t + failover`; one that comes back at `t'` after
//! being shifted is unshifted from `t' + failback`. A member that returns
//! before its failover fires was never shifted. The times are kept and
//! resolved when a call asks, so failover needs no event of its own. A call
//! sent to a member that is down (its share not yet shifted, or failover
//! `never`) is lost: block cause `failover` (admission's).
//!
//! This file imports neither admission nor outcome (admission owns it):
//! block causes come from the `causes` leaf, and its figures leave as
//! [`SiteFigures`] for the measurement to turn into outcomes.

use super::causes::{BlockCause, ByCause, DropCause};
use super::streams::StreamName;
use super::window::Window;
use crate::engine::{RandomStreams, Seconds, Stream};
use crate::model::{Claim, Model, ScheduledSplit};
use rand::RngExt;

/// The failover state of one group member.
#[derive(Clone, Copy, Debug, Default)]
struct Member {
    /// Its share goes to the other member.
    shifted: bool,
    /// Down and not yet shifted: when the shift happens.
    shift_at: Option<Seconds>,
    /// Back up while shifted: when the shift ends.
    back_at: Option<Seconds>,
}

impl Member {
    /// Applies the shift times due by `now`.
    fn resolve(&mut self, now: Seconds) {
        if self.shift_at.is_some_and(|at| at <= now) {
            self.shifted = true;
            self.shift_at = None;
        }
        if self.back_at.is_some_and(|at| at <= now) {
            self.shifted = false;
            self.back_at = None;
        }
    }
}

/// A traffic distribution group in a run.
#[derive(Debug)]
struct GroupState {
    instances: [usize; 2],
    tenths: u8,
    schedule: Vec<ScheduledSplit>,
    /// Scheduled splits already in force.
    next: usize,
    failover_s: Seconds,
    failback_s: Seconds,
    members: [Member; 2],
    /// One draw per call, whatever the split (common random numbers).
    rng: Stream,
}

impl GroupState {
    /// The member (0 or 1) a call at `now` goes to.
    fn pick(&mut self, now: Seconds, window: Window) -> usize {
        while self.schedule.get(self.next).is_some_and(|s| window.start + s.at_s <= now) {
            self.tenths = self.schedule[self.next].tenths;
            self.next += 1;
        }
        for m in &mut self.members {
            m.resolve(now);
        }
        let tenths = match (self.members[0].shifted, self.members[1].shifted) {
            (true, false) => 0,
            (false, true) => 10,
            _ => self.tenths,
        };
        // u in [0, 1): member 0 when u < tenths / 10.
        let u: f64 = self.rng.random();
        usize::from(u * 10.0 >= tenths as f64)
    }

    /// Member `k` went down (or came back) at `now`.
    fn flipped(&mut self, now: Seconds, k: usize, down: bool) {
        let (over, back) = (self.failover_s, self.failback_s);
        let m = &mut self.members[k];
        m.resolve(now);
        if down {
            m.back_at = None;
            if !m.shifted {
                m.shift_at = (over.is_finite()).then_some(now + over);
            }
        } else {
            m.shift_at = None;
            if m.shifted {
                m.back_at = (back.is_finite()).then_some(now + back);
            }
        }
        m.resolve(now);
    }
}

/// Why a call sent to an instance cannot be taken there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Refusal {
    /// The instance is down; `grouped`: the number is in a traffic distribution group.
    Down { grouped: bool },
    /// The instance is at its quota.
    Quota,
}

/// What one instance measured over the window.
#[derive(Clone, Debug)]
pub(super) struct SiteFigures {
    pub(super) offered: u64,
    pub(super) carried: u64,
    /// Blocked calls by cause.
    pub(super) blocked_by: ByCause<BlockCause>,
    pub(super) dropped_by: ByCause<DropCause>,
    /// Fraction of the window up.
    pub(super) availability: f64,
    pub(super) outages: u64,
    pub(super) peak: u32,
}

/// Counts of one instance over the measured window.
#[derive(Clone, Debug, Default)]
struct Counts {
    offered: u64,
    carried: u64,
    /// Blocked calls by cause.
    blocked_by: ByCause<BlockCause>,
    dropped_by: ByCause<DropCause>,
    peak: u32,
    down_since: Option<Seconds>,
    down_s: Seconds,
    outages: u64,
}

/// The regional instances of a run.
#[derive(Debug)]
pub(super) struct Sites {
    /// Calls in progress per instance.
    pub(super) busy: Vec<u32>,
    cap: Vec<u32>,
    /// Per link: the instance of its zone's region.
    link_site: Vec<u32>,
    /// Per number: its claim.
    claims: Vec<Claim>,
    /// Routes of number n towards member k of its claim: `routes[2 n + k]`.
    routes: Vec<Vec<u32>>,
    groups: Vec<GroupState>,
    /// Per instance: up.
    up: Vec<bool>,
    counts: Vec<Counts>,
    measuring: bool,
    window: Window,
    /// The instance the last admitted-or-blocked call was sent to.
    last: Option<usize>,
}

impl Sites {
    /// The regional state of `model` (`None` without regions).
    pub(super) fn new(model: &Model, streams: &RandomStreams, window: Window) -> Option<Box<Sites>> {
        let r = model.regions.as_ref()?;
        let n_sites = r.instances.len();
        let link_site: Vec<u32> = model.links.iter().map(|l| r.az_instance[l.az] as u32).collect();
        let mut routes = Vec::with_capacity(2 * model.numbers.len());
        for (n, number) in model.numbers.iter().enumerate() {
            let members = r.instances_of(n);
            for k in 0..2 {
                let to: Vec<u32> = match members.get(k) {
                    Some(&site) => {
                        (number.routes.iter()).filter(|&&l| link_site[l] as usize == site).map(|&l| l as u32).collect()
                    }
                    None => Vec::new(),
                };
                routes.push(to);
            }
        }
        let groups = (r.groups.iter())
            .map(|g| GroupState {
                instances: g.instances,
                tenths: g.tenths,
                schedule: g.schedule.clone(),
                next: 0,
                failover_s: g.failover.delay_s(),
                failback_s: g.failback.delay_s(),
                members: [Member::default(); 2],
                rng: streams.stream(&StreamName::Split(&g.name)),
            })
            .collect();
        Some(Box::new(Sites {
            busy: vec![0; n_sites],
            cap: r.instances.iter().map(|i| i.max_concurrent_calls.unwrap_or(u32::MAX)).collect(),
            link_site,
            claims: r.claims.clone(),
            routes,
            groups,
            up: vec![true; n_sites],
            counts: vec![Counts::default(); n_sites],
            measuring: window.start <= 0.0,
            window,
            last: None,
        }))
    }

    /// The instance a call to `number` at `now` is sent to, and which
    /// member of the number's claim it is (0 or 1, for [`Sites::routes`]).
    #[inline]
    pub(super) fn choose(&mut self, now: Seconds, number: usize) -> (usize, usize) {
        let (site, k) = match self.claims[number] {
            Claim::Instance(i) => (i, 0),
            Claim::Group(g) => {
                let group = &mut self.groups[g];
                let k = group.pick(now, self.window);
                (group.instances[k], k)
            }
        };
        self.last = Some(site);
        if self.measuring {
            self.counts[site].offered += 1;
        }
        (site, k)
    }

    /// The routes of `number` into the region of member `k` of its claim.
    #[inline]
    pub(super) fn routes(&self, number: usize, k: usize) -> &[u32] {
        &self.routes[2 * number + k]
    }

    /// Why a call sent to `site` cannot be taken there before its routes
    /// are tried: the instance is down (a group's member whose share has
    /// not moved, or a lone instance) or at its quota.
    #[inline]
    pub(super) fn refuse(&self, site: usize, number: usize) -> Option<Refusal> {
        if !self.up[site] {
            return Some(Refusal::Down { grouped: matches!(self.claims[number], Claim::Group(_)) });
        }
        (self.busy[site] >= self.cap[site]).then_some(Refusal::Quota)
    }

    /// The attempt whose instance [`Sites::choose`] gave ended: carried, or
    /// blocked by `cause`.
    #[inline]
    pub(super) fn outcome(&mut self, result: Result<(), BlockCause>) {
        if let (true, Some(site)) = (self.measuring, self.last.take()) {
            match result {
                Ok(()) => self.counts[site].carried += 1,
                Err(cause) => self.counts[site].blocked_by[cause] += 1,
            }
        }
    }

    /// A call starts on `link`.
    #[inline]
    pub(super) fn connect(&mut self, link: usize) {
        let s = self.link_site[link] as usize;
        self.busy[s] += 1;
        if self.measuring {
            self.counts[s].peak = self.counts[s].peak.max(self.busy[s]);
        }
    }

    /// A call on `link` ends.
    #[inline]
    pub(super) fn disconnect(&mut self, link: usize) {
        self.busy[self.link_site[link] as usize] -= 1;
    }

    /// A call on `link` was dropped by `cause` (counted in the window only).
    pub(super) fn dropped(&mut self, link: usize, cause: DropCause) {
        if self.measuring {
            self.counts[self.link_site[link] as usize].dropped_by[cause] += 1;
        }
    }

    /// Warm-up is over: counting starts; peaks from the current load.
    pub(super) fn start_measuring(&mut self) {
        self.measuring = true;
        for (c, &b) in self.counts.iter_mut().zip(&self.busy) {
            c.peak = b;
        }
    }

    /// Instance `site` went down (or came back up) at `now`.
    pub(super) fn flipped(&mut self, now: Seconds, site: usize, down: bool) {
        self.up[site] = !down;
        let c = &mut self.counts[site];
        if down {
            c.down_since = Some(now);
        } else if let Some(since) = c.down_since.take() {
            Self::close(c, since, now, self.window);
        }
        for g in &mut self.groups {
            for k in 0..2 {
                if g.instances[k] == site {
                    g.flipped(now, k, down);
                }
            }
        }
    }

    fn close(c: &mut Counts, since: Seconds, until: Seconds, window: Window) {
        let clipped = window.overlap(since, until);
        if clipped > 0.0 {
            c.down_s += clipped;
            c.outages += 1;
        }
    }

    /// Per instance, what the window measured.
    pub(super) fn figures(&self, horizon_s: Seconds) -> Vec<SiteFigures> {
        (self.counts.iter())
            .map(|c| {
                let mut down_s = c.down_s;
                let mut outages = c.outages;
                if let Some(since) = c.down_since {
                    let clipped = self.window.overlap(since, self.window.end);
                    if clipped > 0.0 {
                        down_s += clipped;
                        outages += 1;
                    }
                }
                SiteFigures {
                    offered: c.offered,
                    carried: c.carried,
                    blocked_by: c.blocked_by.clone(),
                    dropped_by: c.dropped_by.clone(),
                    availability: 1.0 - down_s / horizon_s,
                    outages,
                    peak: c.peak,
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group(failover_s: Seconds, failback_s: Seconds) -> GroupState {
        GroupState {
            instances: [0, 1],
            tenths: 5,
            schedule: vec![ScheduledSplit { at_s: 100.0, tenths: 10 }],
            next: 0,
            failover_s,
            failback_s,
            members: [Member::default(); 2],
            rng: RandomStreams::new(1, 0).stream(&StreamName::Split("g")),
        }
    }

    const W: Window = Window { start: 0.0, end: 1000.0 };

    #[test]
    fn failover_moves_the_share_after_its_delay_and_back_after_failback() {
        let mut g = group(10.0, 30.0);
        g.flipped(50.0, 0, true);
        // Before the delay: about half the calls still go to member 0.
        let sent = (0..1000).filter(|_| g.pick(55.0, W) == 0).count();
        assert!((400..600).contains(&sent), "{sent}");
        // After it: none.
        assert!((0..1000).all(|_| g.pick(60.0, W) == 1));
        // Back at 70: still shifted until 70 + 30 = 100, when the schedule gives 100/0.
        g.flipped(70.0, 0, false);
        assert!((0..100).all(|_| g.pick(99.0, W) == 1));
        assert!((0..100).all(|_| g.pick(100.0, W) == 0));
    }

    #[test]
    fn an_instance_back_before_its_failover_was_never_shifted_and_never_fails_over() {
        let mut g = group(10.0, 10.0);
        g.flipped(20.0, 1, true);
        g.flipped(25.0, 1, false);
        assert!(!g.members[1].shifted);
        assert!(g.members[1].shift_at.is_none());
        let mut never = group(f64::INFINITY, f64::INFINITY);
        never.flipped(20.0, 1, true);
        never.pick(1e9, W);
        assert!(!never.members[1].shifted);
    }
}
