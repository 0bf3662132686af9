//! Measurement: what a replication counts and integrates over its measured
//! window, and the [`ReplicationOutcome`] built from it at the end.
//!
//! Counts cover the events that happen in the window `[warmup, warmup +
//! horizon)`: attempts that arrive and are blocked in it, and calls that
//! complete or are dropped in it, whenever they arrived; the calls carried
//! over from warm-up are counted when the window opens (`carried_in`), so
//! that calls are conserved over the window: `carried_in + offered =
//! completed + blocked + dropped + in_progress`. Peaks start
//! from the load at the end of warm-up. Time-averages are computed from each
//! call's overlap with the window, added when the call starts (its end is
//! known then) and taken back for the part a drop cuts off, so that a
//! concurrency change costs one addition, not a read-modify-write of a "last
//! change" clock per number, link and instance. Periods at a number's cap
//! are opened when a call brings it to the cap and closed when one leaves it.
//!
//! This file owns the accumulators alone; the occupancy it reads (calls in
//! progress) is admission's, the down periods are the network's, the window
//! ([`super::window`]) is shared with the network, and the count of calls
//! still in progress at the end comes from the call table.

use super::admission::{Admission, Held};
use super::causes::BlockCause;
use super::causes::{ByCause, DropCause};
use super::network::Network;
use super::outcome::{InstanceOutcome, LinkOutcome, NumberOutcome, RegionalOutcome, ReplicationOutcome};
use super::window::Window;
use crate::engine::Seconds;
use crate::model::Model;

/// Per-number accumulators of the measured window.
#[derive(Clone, Debug, Default)]
struct NumberAcc {
    offered: u64,
    completed: u64,
    blocked_by: ByCause<BlockCause>,
    dropped: u64,
    /// Dropped calls by the kind of element whose failure cut them.
    dropped_by: ByCause<DropCause>,
    /// Integral of calls in progress over the window, call-seconds.
    busy_area: f64,
    peak: u32,
    /// Start of the current period at the cap, when at the cap.
    cap_since: Seconds,
    /// Time spent at the cap so far, seconds.
    cap_time: Seconds,
    /// Callers (first attempts) in the window.
    callers: u64,
    /// Attempts after the first (redials) in the window.
    redials: u64,
    /// Callers of the window who gave up without ever being carried.
    never_through: u64,
    /// Calls in progress when the window opened.
    carried_in: u64,
    /// Attempts that found the number with a route up (both legs for a forward).
    offered_with_route: u64,
}

/// Per-link accumulators of the measured window (one record, so that a
/// call's start indexes the links once).
#[derive(Clone, Copy, Debug, Default)]
struct LinkAcc {
    /// Integral of calls in progress over the window, call-seconds.
    area: f64,
    peak: u32,
    carried: u64,
}

/// The accumulators of one replication.
#[derive(Debug)]
pub(super) struct Measurement {
    /// The measured window.
    pub(super) window: Window,
    /// Whether warm-up is over.
    pub(super) measuring: bool,
    /// The window's length, seconds (the settings' horizon, as given).
    horizon_s: Seconds,
    numbers: Vec<NumberAcc>,
    links: Vec<LinkAcc>,
    /// Integral of calls in progress on the instance, call-seconds.
    instance_area: f64,
    instance_peak: u32,
}

impl Measurement {
    /// Zeroed accumulators for `model` over `window`, which lasts `horizon_s`.
    pub(super) fn new(model: &Model, window: Window, horizon_s: Seconds) -> Self {
        Measurement {
            window,
            measuring: window.start == 0.0,
            horizon_s,
            numbers: vec![NumberAcc::default(); model.numbers.len()],
            links: vec![LinkAcc::default(); model.links.len()],
            instance_area: 0.0,
            instance_peak: 0,
        }
    }

    /// An attempt to `number` arrives: a caller's first (`first`) or a
    /// redial; `with_route` says whether the number had a route up at that
    /// instant (asked only in the measured window).
    #[inline]
    pub(super) fn attempt(&mut self, number: usize, first: bool, with_route: impl FnOnce() -> bool) {
        if self.measuring {
            let acc = &mut self.numbers[number];
            acc.offered += 1;
            acc.offered_with_route += u64::from(with_route());
            if first {
                acc.callers += 1;
            } else {
                acc.redials += 1;
            }
        }
    }

    /// An attempt to `number` was blocked by `cause`.
    #[inline]
    pub(super) fn blocked(&mut self, number: usize, cause: BlockCause) {
        if self.measuring {
            self.numbers[number].blocked_by[cause] += 1;
        }
    }

    /// A call to `number` started on `link` at `now` and will end at `end`
    /// (`held`: the counts with it); `first` for the leg that holds the
    /// instance slot (not a forwarded call's second leg).
    #[inline(always)]
    pub(super) fn connected(
        &mut self,
        now: Seconds,
        end: Seconds,
        number: usize,
        link: usize,
        first: bool,
        held: Held,
    ) {
        let overlap = self.window.overlap(now, end);
        let acc = &mut self.numbers[number];
        acc.busy_area += overlap;
        let la = &mut self.links[link];
        la.area += overlap;
        if first {
            self.instance_area += overlap;
        }
        if self.measuring {
            acc.peak = acc.peak.max(held.number_busy);
            la.peak = la.peak.max(held.link_busy);
            if first {
                self.instance_peak = self.instance_peak.max(held.instance_busy);
            }
            la.carried += 1;
        }
        if held.at_cap {
            acc.cap_since = now;
        }
    }

    /// A call of `number` is about to end at `now`; `at_cap` says whether
    /// the number is at its cap before it ends (a period at the cap closes).
    #[inline]
    pub(super) fn releasing(&mut self, now: Seconds, number: usize, at_cap: bool) {
        if at_cap {
            let acc = &mut self.numbers[number];
            acc.cap_time += self.window.overlap(acc.cap_since, now);
        }
    }

    /// A call of `number` ended normally in the window.
    #[inline]
    pub(super) fn completed(&mut self, number: usize) {
        self.numbers[number].completed += 1;
    }

    /// A call of `number` on `link` (with a second leg `leg`: number, link)
    /// that would have ended at `end` is cut at `now`: the part of the
    /// window it will not occupy is taken back.
    /// `holds_instance`: the call counted on the instance (every inbound
    /// call; an outbound dial unless its campaign has its own quota).
    pub(super) fn cut(
        &mut self,
        now: Seconds,
        end: Seconds,
        number: usize,
        link: usize,
        leg: Option<(usize, usize)>,
        holds_instance: bool,
    ) {
        let lost = self.window.overlap(now, end);
        self.numbers[number].busy_area -= lost;
        self.links[link].area -= lost;
        if holds_instance {
            self.instance_area -= lost;
        }
        if let Some((to, l2)) = leg {
            self.numbers[to].busy_area -= lost;
            self.links[l2].area -= lost;
        }
    }

    /// A call of `number` was dropped by `cause` in the window.
    pub(super) fn dropped(&mut self, number: usize, cause: DropCause) {
        let acc = &mut self.numbers[number];
        acc.dropped += 1;
        acc.dropped_by[cause] += 1;
    }

    /// A measured caller of `number` gave up without ever being carried.
    #[inline]
    pub(super) fn never_through(&mut self, number: usize) {
        self.numbers[number].never_through += 1;
    }

    /// Warm-up ends at `now`: counters start from zero, peaks from the
    /// current load; `carried_in` holds, by number dialled, the calls in
    /// progress.
    pub(super) fn start(&mut self, now: Seconds, busy: &Admission, carried_in: &[u64]) {
        self.measuring = true;
        for (n, acc) in self.numbers.iter_mut().enumerate() {
            acc.peak = busy.number_busy[n];
            acc.carried_in = carried_in[n];
        }
        for (la, &b) in self.links.iter_mut().zip(&busy.link_busy) {
            la.peak = b;
        }
        self.instance_peak = busy.instance_busy;
        debug_assert_eq!(now, self.window.start);
    }

    /// The outcome at the end of the window: periods at the cap and down
    /// periods still open are closed; `in_progress` holds, by number
    /// dialled, the calls still in progress (from the call table).
    pub(super) fn finish(
        mut self,
        model: &Model,
        in_progress: &[u64],
        busy: &Admission,
        network: &mut Network,
        events: u64,
    ) -> ReplicationOutcome {
        let window = self.window;
        let horizon = self.horizon_s;
        for (n, acc) in self.numbers.iter_mut().enumerate() {
            if busy.at_cap(n) {
                acc.cap_time += window.overlap(acc.cap_since, window.end);
            }
        }
        for t in network.number_down.iter_mut().chain(network.link_down.iter_mut()) {
            t.finish(window);
        }
        let numbers = (self.numbers.iter().enumerate())
            .map(|(n, acc)| {
                let blocked = acc.blocked_by.total();
                let down = &network.number_down[n];
                NumberOutcome {
                    offered: acc.offered,
                    completed: acc.completed,
                    blocked,
                    blocked_by: acc.blocked_by.clone(),
                    dropped: acc.dropped,
                    dropped_by: acc.dropped_by.clone(),
                    in_progress: in_progress[n],
                    carried_in: acc.carried_in,
                    offered_with_route: acc.offered_with_route,
                    callers: acc.callers,
                    redials: acc.redials,
                    never_through: acc.never_through,
                    blocking_probability: if acc.offered == 0 { 0.0 } else { blocked as f64 / acc.offered as f64 },
                    availability: 1.0 - down.down_s / horizon,
                    outages: down.periods,
                    outage_s: down.down_s,
                    longest_outage_s: down.longest_s,
                    saturation: acc.cap_time / horizon,
                    mean_concurrency: acc.busy_area.max(0.0) / horizon,
                    peak_concurrency: acc.peak,
                    outbound: None,
                }
            })
            .collect();
        let links = (model.links.iter().enumerate())
            .map(|(l, link)| {
                let down = &network.link_down[l];
                LinkOutcome {
                    carried: self.links[l].carried,
                    utilization: self.links[l].area.max(0.0) / (link.channels as f64 * horizon),
                    mean_busy: self.links[l].area.max(0.0) / horizon,
                    peak_busy: self.links[l].peak,
                    availability: 1.0 - down.down_s / horizon,
                    outages: down.periods,
                }
            })
            .collect();
        debug_assert!(network.number_down.iter().all(|t| !t.is_down()));
        ReplicationOutcome {
            events,
            numbers,
            links,
            instance: InstanceOutcome {
                mean_concurrency: self.instance_area.max(0.0) / horizon,
                peak_concurrency: self.instance_peak,
            },
            queues: Vec::new(),
            instances: (busy.sites.iter().flat_map(|s| s.figures(horizon)))
                .map(|f| RegionalOutcome {
                    offered: f.offered,
                    carried: f.carried,
                    blocked: f.blocked_by.total(),
                    blocked_by: f.blocked_by,
                    dropped: f.dropped_by.total(),
                    dropped_by: f.dropped_by,
                    availability: f.availability,
                    outages: f.outages,
                    peak_concurrency: f.peak,
                })
                .collect(),
        }
    }
}
