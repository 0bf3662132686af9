//! The up/down state of every AZ, carrier and link during a replication,
//! the random failure processes that drive it, and the availability
//! bookkeeping of links and numbers.
//!
//! Each element holds a count of what keeps it down (its random failure,
//! each scheduled outage in force); it is up at zero. A link is usable when
//! it, its carrier and its AZ are all up. Elements are numbered in one
//! range: AZs first, then carriers, then links.
//!
//! The network is the one owner of link usability ([`Network::link_usable`],
//! read by admission) and of the forwarding table (a forwarded call needs
//! both numbers' routes, for availability and for admission alike).

use super::streams::StreamName;
use super::window::Window;
use crate::engine::{RandomStreams, Seconds, Stream};
use crate::faults::{Element, FailureProcess, LifetimeSampler};
use crate::model::Model;
use rand::RngExt;

/// A random up/down process with its private stream.
struct Process {
    time_to_failure: LifetimeSampler,
    time_to_repair: LifetimeSampler,
    availability: f64,
    rng: Stream,
}

/// Periods of unavailability of one link or number, clipped to the window.
#[derive(Clone, Debug, Default)]
pub(super) struct DownTracker {
    since: Option<Seconds>,
    /// Periods down that overlap the window by more than zero time.
    pub periods: u64,
    /// Time down within the window, seconds.
    pub down_s: Seconds,
    /// Longest period down within the window, seconds.
    pub longest_s: Seconds,
}

impl DownTracker {
    fn go_down(&mut self, now: Seconds) {
        debug_assert!(self.since.is_none());
        self.since = Some(now);
    }

    fn go_up(&mut self, now: Seconds, window: Window) {
        if let Some(since) = self.since.take() {
            let clipped = window.overlap(since, now);
            if clipped > 0.0 {
                self.periods += 1;
                self.down_s += clipped;
                self.longest_s = self.longest_s.max(clipped);
            }
        }
    }

    /// Closes a period still open at the end of the window.
    pub(super) fn finish(&mut self, window: Window) {
        self.go_up(window.end, window);
    }

    /// True while down.
    pub(super) fn is_down(&self) -> bool {
        self.since.is_some()
    }
}

/// A link whose usability changed.
#[derive(Clone, Copy, Debug)]
pub(super) struct LinkChange {
    pub link: usize,
    pub up: bool,
}

/// A number whose route state changed: it lost its last route, or got one back.
#[derive(Clone, Copy, Debug)]
pub(super) struct RouteChange {
    pub number: usize,
    pub up: bool,
}

/// Element states and availability accumulators of one replication.
pub(super) struct Network {
    n_az: usize,
    n_carrier: usize,
    n_link: usize,
    /// Per link: the element id of its zone's regional instance (`None`
    /// without regions).
    link_instance: Vec<Option<usize>>,
    /// Per regional instance: the links into its region's zones.
    instance_links: Vec<Vec<usize>>,
    holds: Vec<u32>,
    processes: Vec<Option<Process>>,
    link_az: Vec<usize>,
    link_carrier: Vec<usize>,
    az_links: Vec<Vec<usize>>,
    carrier_links: Vec<Vec<usize>>,
    link_numbers: Vec<Vec<usize>>,
    /// Usable (link, carrier and AZ up) per link.
    pub link_usable: Vec<bool>,
    /// Usable routes per number.
    routes_up: Vec<u32>,
    /// Per link.
    pub link_down: Vec<DownTracker>,
    /// Per number: periods with no route.
    pub number_down: Vec<DownTracker>,
    /// Per number: the number it forwards to, if any.
    forward_to: Vec<Option<usize>>,
    /// Whether any number forwards (fast "none" check).
    any_forward: bool,
    /// Per number: the numbers forwarded to it.
    forwarders: Vec<Vec<usize>>,
}

impl Network {
    /// All elements up; failure processes seeded from `streams`.
    pub(super) fn new(model: &Model, streams: &RandomStreams) -> Self {
        let (n_az, n_carrier, n_link) = (model.azs.len(), model.carriers.len(), model.links.len());
        let process = |name: StreamName, f: &Option<FailureProcess>| {
            f.as_ref().map(|f| Process {
                time_to_failure: f.time_to_failure.sampler(f.mtbf_s).expect("validated failure process"),
                time_to_repair: f.time_to_repair.sampler(f.mttr_s).expect("validated failure process"),
                availability: f.availability(),
                rng: streams.stream(&name),
            })
        };
        let processes = (model.azs.iter().map(|a| process(StreamName::AzFailures(&a.name), &a.failure)))
            .chain(model.carriers.iter().map(|c| process(StreamName::CarrierFailures(&c.name), &c.failure)))
            .chain(model.links.iter().map(|l| process(StreamName::LinkFailures(&l.name), &l.failure)))
            .chain(
                (model.regions.iter().flat_map(|r| r.instances.iter()))
                    .map(|i| process(StreamName::InstanceFailures(&i.name), &i.failure)),
            )
            .collect();
        let n_instance = model.regions.as_ref().map_or(0, |r| r.instances.len());
        let mut instance_links = vec![Vec::new(); n_instance];
        let link_instance: Vec<Option<usize>> = (model.links.iter().enumerate())
            .map(|(l, link)| {
                model.regions.as_ref().map(|r| {
                    let i = r.az_instance[link.az];
                    instance_links[i].push(l);
                    n_az + n_carrier + n_link + i
                })
            })
            .collect();
        let mut forward_to = vec![None; model.numbers.len()];
        let mut forwarders = vec![Vec::new(); model.numbers.len()];
        for f in &model.forwards {
            forward_to[f.from] = Some(f.to);
            forwarders[f.to].push(f.from);
        }
        let mut az_links = vec![Vec::new(); n_az];
        let mut link_numbers = vec![Vec::new(); n_link];
        for (l, link) in model.links.iter().enumerate() {
            az_links[link.az].push(l);
        }
        for (n, number) in model.numbers.iter().enumerate() {
            for &l in &number.routes {
                link_numbers[l].push(n);
            }
        }
        Network {
            n_az,
            n_carrier,
            n_link,
            link_instance,
            instance_links,
            holds: vec![0; n_az + n_carrier + n_link + n_instance],
            processes,
            link_az: model.links.iter().map(|l| l.az).collect(),
            link_carrier: model.links.iter().map(|l| l.carrier).collect(),
            az_links,
            carrier_links: model.carriers.iter().map(|c| c.links.clone()).collect(),
            link_numbers,
            link_usable: vec![true; n_link],
            routes_up: model.numbers.iter().map(|n| n.routes.len() as u32).collect(),
            link_down: vec![DownTracker::default(); n_link],
            number_down: vec![DownTracker::default(); model.numbers.len()],
            forward_to,
            any_forward: !model.forwards.is_empty(),
            forwarders,
        }
    }

    /// The number that calls to `n` are forwarded to, if any.
    #[inline]
    pub(super) fn forward_of(&self, n: usize) -> Option<usize> {
        if self.any_forward { self.forward_to[n] } else { None }
    }

    /// The id of `element` in the single element range.
    pub(super) fn id(&self, element: Element) -> usize {
        match element {
            Element::Az(i) => i,
            Element::Carrier(i) => self.n_az + i,
            Element::Link(i) => self.n_az + self.n_carrier + i,
            Element::Instance(i) => self.n_az + self.n_carrier + self.n_link + i,
        }
    }

    /// The element of id `id`.
    pub(super) fn element(&self, id: usize) -> Element {
        if id < self.n_az {
            Element::Az(id)
        } else if id < self.n_az + self.n_carrier {
            Element::Carrier(id - self.n_az)
        } else if id < self.n_az + self.n_carrier + self.n_link {
            Element::Link(id - self.n_az - self.n_carrier)
        } else {
            Element::Instance(id - self.n_az - self.n_carrier - self.n_link)
        }
    }

    /// Ids of the elements that have a random failure process.
    pub(super) fn random_elements(&self) -> impl Iterator<Item = usize> + '_ {
        self.processes.iter().enumerate().filter(|(_, p)| p.is_some()).map(|(i, _)| i)
    }

    /// Starts the process of element `id` in its stationary regime: down
    /// with probability `mttr / (mtbf + mttr)`, with an equilibrium residual
    /// period. Returns (starts down, time left in its first period, seconds).
    pub(super) fn start_process(&mut self, id: usize) -> (bool, Seconds) {
        let p = self.processes[id].as_mut().expect("element has a failure process");
        let down = p.rng.random::<f64>() >= p.availability;
        let residual =
            if down { p.time_to_repair.residual_s(&mut p.rng) } else { p.time_to_failure.residual_s(&mut p.rng) };
        if down {
            self.holds[id] += 1;
        }
        (down, residual)
    }

    /// The next up period of element `id`, seconds.
    pub(super) fn next_up_s(&mut self, id: usize) -> Seconds {
        let p = self.processes[id].as_mut().expect("element has a failure process");
        p.time_to_failure.period_s(&mut p.rng)
    }

    /// The next down (repair) period of element `id`, seconds.
    pub(super) fn next_down_s(&mut self, id: usize) -> Seconds {
        let p = self.processes[id].as_mut().expect("element has a failure process");
        p.time_to_repair.period_s(&mut p.rng)
    }

    /// Sets every link's usability from the holds at time `now` (used once,
    /// after the processes started), without reporting link changes; the
    /// numbers that start without a route are appended to `routes`.
    pub(super) fn settle(&mut self, now: Seconds, routes: &mut Vec<RouteChange>) {
        for l in 0..self.link_usable.len() {
            if !self.compute_usable(l) {
                self.link_usable[l] = false;
                self.link_down[l].go_down(now);
                for &n in &self.link_numbers[l] {
                    self.routes_up[n] -= 1;
                }
            }
        }
        for n in 0..self.routes_up.len() {
            if !self.number_up(n) {
                self.number_down[n].go_down(now);
                routes.push(RouteChange { number: n, up: false });
            }
        }
    }

    /// True when number `n` has a route up, and so does the number it
    /// forwards to (a forwarded call needs both legs).
    #[inline]
    pub(super) fn number_up(&self, n: usize) -> bool {
        self.routes_up[n] > 0 && self.forward_of(n).is_none_or(|m| self.routes_up[m] > 0)
    }

    /// Brings the down tracker of `n` in line with its routes, at `now`;
    /// appends a change to `routes`.
    fn track(&mut self, n: usize, now: Seconds, window: Window, routes: &mut Vec<RouteChange>) {
        match (self.number_up(n), self.number_down[n].is_down()) {
            (true, true) => {
                self.number_down[n].go_up(now, window);
                routes.push(RouteChange { number: n, up: true });
            }
            (false, false) => {
                self.number_down[n].go_down(now);
                routes.push(RouteChange { number: n, up: false });
            }
            _ => {}
        }
    }

    fn compute_usable(&self, l: usize) -> bool {
        let (az, carrier, link) = (self.link_az[l], self.n_az + self.link_carrier[l], self.n_az + self.n_carrier + l);
        self.holds[az] == 0
            && self.holds[carrier] == 0
            && self.holds[link] == 0
            && self.link_instance[l].is_none_or(|i| self.holds[i] == 0)
    }

    /// Adds (`down = true`) or removes one hold on element `id` at `now`.
    /// Appends the links whose usability changed to `changes` and the
    /// numbers whose route state changed to `routes`; returns true when the
    /// element itself went down or came up.
    pub(super) fn hold(
        &mut self,
        id: usize,
        down: bool,
        now: Seconds,
        window: Window,
        changes: &mut Vec<LinkChange>,
        routes: &mut Vec<RouteChange>,
    ) -> bool {
        let before = self.holds[id];
        self.holds[id] =
            if down { before + 1 } else { before.checked_sub(1).expect("release of an element not held down") };
        let flipped = (before == 0) != (self.holds[id] == 0);
        if !flipped {
            return false;
        }
        let first = changes.len();
        match self.element(id) {
            Element::Az(a) => changes.extend(self.az_links[a].iter().map(|&link| LinkChange { link, up: !down })),
            Element::Carrier(c) => {
                changes.extend(self.carrier_links[c].iter().map(|&link| LinkChange { link, up: !down }))
            }
            Element::Link(l) => changes.push(LinkChange { link: l, up: !down }),
            Element::Instance(i) => {
                changes.extend(self.instance_links[i].iter().map(|&link| LinkChange { link, up: !down }))
            }
        }
        // Keep only links whose usability really changes, and account for them.
        let mut kept = first;
        for i in first..changes.len() {
            let LinkChange { link, .. } = changes[i];
            let usable = self.compute_usable(link);
            if usable == self.link_usable[link] {
                continue;
            }
            self.link_usable[link] = usable;
            if usable {
                self.link_down[link].go_up(now, window);
            } else {
                self.link_down[link].go_down(now);
            }
            for i in 0..self.link_numbers[link].len() {
                let n = self.link_numbers[link][i];
                if usable {
                    self.routes_up[n] += 1;
                } else {
                    self.routes_up[n] -= 1;
                }
                self.track(n, now, window, routes);
                for j in 0..self.forwarders[n].len() {
                    let from = self.forwarders[n][j];
                    self.track(from, now, window, routes);
                }
            }
            changes[kept] = LinkChange { link, up: usable };
            kept += 1;
        }
        changes.truncate(kept);
        true
    }

    /// How many elements there are (AZs, carriers, links).
    pub(super) fn elements(&self) -> usize {
        self.holds.len()
    }

    /// True while element `id` is held down.
    pub(super) fn is_held(&self, id: usize) -> bool {
        self.holds[id] > 0
    }

    /// True when the carrier of index `c` is up.
    pub(super) fn carrier_up(&self, c: usize) -> bool {
        self.holds[self.n_az + c] == 0
    }

    /// True when link `l` would be usable if its carrier were up (the link
    /// and its AZ are up).
    pub(super) fn usable_but_for_carrier(&self, l: usize) -> bool {
        self.holds[self.link_az[l]] == 0
            && self.holds[self.n_az + self.n_carrier + l] == 0
            && self.link_instance[l].is_none_or(|i| self.holds[i] == 0)
    }
}
