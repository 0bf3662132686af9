//! One replication of a scenario: the telephony model driven by the engine.
//!
//! Events are arrivals (one pending per traffic source), departures (one
//! per call in progress, cancellable so that a failure can drop the call),
//! failures and repairs of elements, scheduled outage starts and ends, and
//! the end of warm-up. Statistics cover only the measured window
//! `[warmup, warmup + horizon)`: calls that arrive during warm-up occupy
//! capacity but are not counted as offered, and time-averages integrate only
//! the measured window.
//!
//! Time-averages are computed from each call's overlap with the window,
//! added when the call starts (its end is known then) and taken back for
//! the part a drop cuts off, so that a concurrency change costs one
//! addition, not a read-modify-write of a "last change" clock per number,
//! link and instance.

mod cps;
mod network;
mod outcome;
mod records;
mod sources;
mod trace;

pub use outcome::{InstanceOutcome, LinkOutcome, NumberOutcome, ReplicationOutcome};
pub use records::{CallLog, CallOutcome, CallRecord};
pub use trace::Timeline;

use crate::engine::{EventQueue, RandomStreams, Seconds, Stream};
use crate::faults::Element;
use crate::model::{BlockCause, RoutingState};
use crate::scenario::Scenario;
use cps::Bucket;
use network::{LinkChange, Network};
use rand::RngExt;
use rand_distr::Distribution;
use sources::{Caller, Source};

/// What happens at an instant of a replication.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Event {
    /// The next call of traffic source `0` arrives.
    Arrival(u32),
    /// Call in slot `0` ends normally.
    Departure(u32),
    /// Element `0` (network id) fails at random.
    Fail(u32),
    /// Element `0` is repaired after a random failure.
    Repair(u32),
    /// A scheduled outage of element `0` begins.
    OutageStart(u32),
    /// A scheduled outage of element `0` ends.
    OutageEnd(u32),
    /// Warm-up is over: statistics start.
    WarmupEnd,
    /// Tracing only: bin `0` of the timeline starts.
    Sample(u32),
    /// A caller of traffic source `source` who failed to get through tries again.
    Redial {
        /// The traffic source.
        source: u32,
        /// Which attempt this is (2 for the first redial).
        attempt: u8,
        /// The caller's first attempt came after warm-up.
        measured: bool,
        /// An earlier attempt was carried (then dropped).
        connected: bool,
    },
}

/// `Call::number` of a free call slot.
const FREE_CALL: u32 = u32::MAX;
/// The bit of `Call::link` that marks a call counted in the statistics.
const COUNTED: u32 = 1 << 31;
/// The bit of `Call::link` that marks a forwarded call (its second leg is in `Replication::legs`).
const FORWARDED: u32 = 1 << 30;

/// A call in progress, 16 bytes. Calls are stored at the slot of their
/// departure event in the queue ([`crate::engine::EventKey::slot`]): the
/// queue's slot table doubles as the call table's free list, and a call is
/// dropped by cancelling the departure of its slot.
#[derive(Clone, Copy, Debug)]
struct Call {
    /// Its number, or [`FREE_CALL`].
    number: u32,
    /// Its link, with [`COUNTED`] set when it arrived in the measured
    /// window (so its outcome is counted).
    link: u32,
    /// When it will end if nothing drops it, seconds.
    end: Seconds,
}

impl Call {
    #[inline]
    fn link(self) -> usize {
        (self.link & !(COUNTED | FORWARDED)) as usize
    }

    #[inline]
    fn forwarded(self) -> bool {
        self.link & FORWARDED != 0
    }

    #[inline]
    fn counted(self) -> bool {
        self.link & COUNTED != 0
    }
}

/// Per-number accumulators of the measured window.
#[derive(Clone, Debug, Default)]
struct NumberAcc {
    offered: u64,
    completed: u64,
    blocked_by: [u64; 5],
    dropped: u64,
    /// Dropped calls by the kind of element whose failure cut them: AZ, carrier, link.
    dropped_by: [u64; 3],
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
}

/// The measured window `[start, end)`, in seconds.
#[derive(Clone, Copy, Debug)]
struct Window {
    start: Seconds,
    end: Seconds,
}

impl Window {
    /// The overlap of `[from, to)` with the window, in seconds.
    #[inline]
    fn overlap(self, from: Seconds, to: Seconds) -> Seconds {
        (to.min(self.end) - from.max(self.start)).max(0.0)
    }
}

/// A toll-free number's RespOrg that has not yet re-routed around failed carriers.
struct Reroute {
    /// The number's re-route delay, seconds.
    delay_s: Seconds,
    /// Failed carriers still offered calls, with the time the RespOrg re-routes.
    pending: Vec<(usize, Seconds)>,
    /// Draws which calls go to a failed carrier.
    rng: Stream,
}

/// The state of one replication in progress.
struct Replication<'a> {
    scenario: &'a Scenario,
    /// Where call records go, when asked for.
    log: Option<&'a mut dyn CallLog>,
    /// Records the replication over time, when asked for.
    trace: Option<Box<trace::Tracer>>,
    /// With a log: each call's arrival time, by call slot.
    arrivals: Vec<Seconds>,
    queue: EventQueue<Event>,
    routing: RoutingState,
    network: Network,
    sources: Vec<Source>,
    calls: Vec<Call>,
    numbers: Vec<NumberAcc>,
    /// Integral of calls in progress per link over the window, call-seconds.
    link_area: Vec<f64>,
    link_peak: Vec<u32>,
    link_carried: Vec<u64>,
    instance_area: f64,
    instance_peak: u32,
    /// Per number: its re-route state (toll-free numbers with a delay only).
    reroutes: Vec<Option<Reroute>>,
    /// Per carrier: the numbers with a re-route delay that use it.
    carrier_reroutes: Vec<Vec<usize>>,
    /// Pending re-route entries over all numbers (fast "none" check).
    rerouting: usize,
    link_changes: Vec<LinkChange>,
    /// Per number: the number its calls are forwarded to, if any.
    forward_to: Vec<Option<usize>>,
    /// Forwarded calls' second legs (number, link), by slot.
    legs: Vec<(u32, u32)>,
    /// Whether any number forwards (fast "none" check).
    any_forward: bool,
    /// IVR time of every carried call, seconds (from the instance).
    ivr_s: Seconds,
    /// With redials: the source and caller of each call in progress, by slot.
    call_callers: Vec<(u32, Caller)>,
    /// Whether any traffic source redials.
    any_redial: bool,
    /// CPS token buckets: links first, then carriers (`None`: no limit).
    buckets: Vec<Option<Bucket>>,
    /// Whether any link or carrier has a CPS limit.
    any_cps: bool,
    measuring: bool,
    window: Window,
    events: u64,
}

/// Runs replication `replication` (0-based) of `scenario` and returns its
/// statistics. The result depends only on the scenario and `replication`.
pub fn run_replication(scenario: &Scenario, replication: u64) -> ReplicationOutcome {
    let mut r = Replication::new(scenario, replication);
    r.run();
    r.finish()
}

/// Runs replication `replication` like [`run_replication`] (same results)
/// and reports every call, warm-up included, to `log`.
pub fn run_replication_logged(scenario: &Scenario, replication: u64, log: &mut dyn CallLog) -> ReplicationOutcome {
    let mut r = Replication::new(scenario, replication);
    r.log = Some(log);
    r.run();
    r.finish()
}

/// Runs replication `replication` like [`run_replication`] (same results,
/// but for `events`, which counts the sampling too) and records its
/// measured window over time in `bins` bins (at least 1): each number's
/// peak calls in progress per bin, and when each element and number was down.
pub fn run_replication_traced(scenario: &Scenario, replication: u64, bins: usize) -> (ReplicationOutcome, Timeline) {
    let mut r = Replication::new(scenario, replication);
    let model = &scenario.model;
    let counts = [model.azs.len(), model.carriers.len(), model.links.len()];
    r.trace = Some(Box::new(trace::Tracer::new(r.window.start, r.window.end, bins, model.numbers.len(), counts)));
    r.network.log_number_periods();
    r.run();
    let tracer = r.trace.take().expect("the tracer stays in place while running");
    let end = r.window.end;
    let no_route = r.network.number_down.iter_mut().map(|d| d.take_log(end)).collect();
    (r.finish(), tracer.finish(no_route))
}

impl<'a> Replication<'a> {
    fn new(scenario: &'a Scenario, replication: u64) -> Self {
        let model = &scenario.model;
        let streams = RandomStreams::new(scenario.simulation.seed, replication);
        let warmup_s = scenario.simulation.warmup_s;
        let sources = model.traffic.iter().map(|t| Source::new(t, model, &streams, warmup_s)).collect();
        let mut carrier_reroutes = vec![Vec::new(); model.carriers.len()];
        let reroutes = (model.numbers.iter().enumerate())
            .map(|(n, number)| {
                (number.reroute_delay_s > 0.0).then(|| {
                    for &c in &number.carriers {
                        carrier_reroutes[c].push(n);
                    }
                    Reroute {
                        delay_s: number.reroute_delay_s,
                        pending: Vec::new(),
                        rng: streams.stream(&format!("reroute:{}", number.name)),
                    }
                })
            })
            .collect();
        let window_start = scenario.simulation.warmup_s;
        Replication {
            scenario,
            log: None,
            trace: None,
            arrivals: Vec::new(),
            queue: EventQueue::with_capacity(1024),
            routing: RoutingState::new(model),
            network: Network::new(model, &streams),
            sources,
            calls: Vec::new(),
            numbers: vec![NumberAcc::default(); model.numbers.len()],
            link_area: vec![0.0; model.links.len()],
            link_peak: vec![0; model.links.len()],
            link_carried: vec![0; model.links.len()],
            instance_area: 0.0,
            instance_peak: 0,
            reroutes,
            carrier_reroutes,
            rerouting: 0,
            link_changes: Vec::new(),
            forward_to: {
                let mut to = vec![None; model.numbers.len()];
                for f in &model.forwards {
                    to[f.from] = Some(f.to);
                }
                to
            },
            legs: Vec::new(),
            any_forward: !model.forwards.is_empty(),
            ivr_s: model.instance.ivr_s,
            call_callers: Vec::new(),
            any_redial: model.traffic.iter().any(|t| t.redial.is_some()),
            buckets: (model.links.iter().map(|l| l.cps))
                .chain(model.carriers.iter().map(|c| c.cps))
                .map(|limit| limit.map(Bucket::new))
                .collect(),
            any_cps: model.links.iter().any(|l| l.cps.is_some()) || model.carriers.iter().any(|c| c.cps.is_some()),
            measuring: window_start == 0.0,
            window: Window { start: window_start, end: window_start + scenario.simulation.horizon_s },
            events: 0,
        }
    }

    /// Schedules the first events: warm-up end, failure processes in their
    /// stationary regime, scheduled outages, first arrivals.
    fn start(&mut self) {
        if !self.measuring {
            self.queue.schedule(self.window.start, Event::WarmupEnd);
        }
        let random: Vec<usize> = self.network.random_elements().collect();
        for id in random {
            let (down, residual) = self.network.start_process(id);
            let event = if down { Event::Repair(id as u32) } else { Event::Fail(id as u32) };
            self.queue.schedule(residual, event);
        }
        self.network.settle(0.0);
        self.routing.link_up.copy_from_slice(&self.network.link_usable);
        if let Some(t) = self.trace.as_deref_mut() {
            for id in 0..self.network.elements() {
                if self.network.is_held(id) {
                    t.element(id, true, 0.0);
                }
            }
            self.queue.schedule(self.window.start, Event::Sample(0));
        }
        // Every outage start is scheduled before every outage end, so that
        // at equal times (FIFO ties) an element held down by back-to-back
        // outages is re-held before it is released: it stays down without
        // a zero-length "up" that would split one outage into two.
        let outages = &self.scenario.model.outages;
        for o in outages {
            let id = self.network.id(o.target) as u32;
            self.queue.schedule(self.window.start + o.start_s, Event::OutageStart(id));
        }
        for o in outages {
            let id = self.network.id(o.target) as u32;
            self.queue.schedule(self.window.start + o.start_s + o.duration_s, Event::OutageEnd(id));
        }
        for k in 0..self.sources.len() {
            let s = &mut self.sources[k];
            let first = s.arrivals.next_arrival_s(0.0, &mut s.arrival_rng);
            self.queue.schedule(first, Event::Arrival(k as u32));
        }
    }

    fn run(&mut self) {
        self.start();
        let end = self.window.end;
        while let Some((now, event)) = self.queue.pop_before(end) {
            self.events += 1;
            match event {
                Event::Arrival(k) => self.arrival(now, k as usize),
                Event::Departure(slot) => self.departure(now, slot),
                Event::Fail(id) => {
                    self.hold(now, id as usize, true);
                    let repair = now + self.network.next_down_s(id as usize);
                    self.queue.schedule(repair, Event::Repair(id));
                }
                Event::Repair(id) => {
                    self.hold(now, id as usize, false);
                    let fail = now + self.network.next_up_s(id as usize);
                    self.queue.schedule(fail, Event::Fail(id));
                }
                Event::OutageStart(id) => self.hold(now, id as usize, true),
                Event::OutageEnd(id) => self.hold(now, id as usize, false),
                Event::WarmupEnd => self.start_measuring(now),
                Event::Sample(k) => self.sample(k as usize),
                Event::Redial { source, attempt, measured, connected } => {
                    let k = source as usize;
                    let source = &mut self.sources[k];
                    let r = source.redial.as_mut().expect("only sources that redial schedule redials");
                    let duration = source.holding.duration_s(&mut r.holding_rng);
                    self.attempt(now, k, duration, Caller { attempt, measured, connected });
                }
            }
        }
    }

    #[inline]
    fn arrival(&mut self, now: Seconds, k: usize) {
        let source = &mut self.sources[k];
        // A replayed call brings its recorded duration (read before the next
        // arrival is handed out).
        let traced = source.arrivals.trace_duration();
        let next = source.arrivals.next_arrival_s(now, &mut source.arrival_rng);
        // Every caller brings a duration, drawn whether or not the call is
        // carried: the k-th call of a source lasts the same in every design,
        // which couples designs compared on common random numbers call by call.
        let duration = traced.unwrap_or_else(|| source.holding.duration_s(&mut source.holding_rng));
        self.queue.schedule(next, Event::Arrival(k as u32));
        self.attempt(now, k, duration, Caller { attempt: 1, measured: self.measuring, connected: false });
    }

    /// One attempt of a caller of source `k` (first or redial) to get through.
    #[inline(always)]
    fn attempt(&mut self, now: Seconds, k: usize, duration: Seconds, caller: Caller) {
        let source = &mut self.sources[k];
        let number = match &mut source.spread {
            None => source.number,
            Some(spreader) => spreader.pick(&self.routing),
        };
        let measuring = self.measuring;
        if measuring {
            let acc = &mut self.numbers[number];
            acc.offered += 1;
            if caller.attempt == 1 {
                acc.callers += 1;
            } else {
                acc.redials += 1;
            }
        }
        // A forwarded call needs a route on both legs: (first link, second leg).
        let forward = if self.any_forward { self.forward_to[number] } else { None };
        let mut routed = match forward {
            None => self.routing.route(number).map(|link| (link, None)),
            Some(to) => self.routing.route_forwarded(number, to).map(|(l1, l2)| (l1, Some((to, l2)))),
        };
        // A RespOrg still sending calls to a failed carrier loses them as
        // no_route; the number cap and instance quota are checked first.
        if self.rerouting > 0
            && !matches!(routed, Err(BlockCause::NumberCap | BlockCause::InstanceQuota))
            && self.offered_to_failed_carrier(now, number)
        {
            routed = Err(BlockCause::NoRoute);
        }
        let mut wait = 0.0;
        if let (true, Ok((link, second))) = (self.any_cps, routed) {
            match self.cps_wait(now, link) {
                Some(w) => wait = w,
                None => routed = Err(BlockCause::CpsLimit),
            }
            if let (Ok(_), Some((_, l2))) = (routed, second) {
                match self.cps_wait(now, l2) {
                    Some(w) => wait = wait.max(w),
                    None => routed = Err(BlockCause::CpsLimit),
                }
            }
        }
        match routed {
            Ok((link, second)) => {
                let end = now + wait + self.ivr_s + duration;
                let slot = self.connect(now, end, number, link, measuring);
                if let Some((to, l2)) = second {
                    self.connect_leg(now, end, slot, to, l2);
                }
                if self.any_redial {
                    self.call_callers.resize(self.calls.len(), (0, caller));
                    self.call_callers[slot] = (k as u32, Caller { connected: true, ..caller });
                }
            }
            Err(cause) => {
                if measuring {
                    self.numbers[number].blocked_by[cause as usize] += 1;
                }
                if let Some(log) = self.log.as_mut() {
                    let outcome = CallOutcome::Blocked(cause);
                    log.record(&CallRecord {
                        arrival_s: now,
                        number,
                        link: None,
                        outcome,
                        end_s: now,
                        measured: self.measuring,
                    });
                }
                self.after_failure(now, k, number, caller);
            }
        }
    }

    /// A caller's attempt failed (blocked, or carried then dropped): they
    /// redial, or give up.
    #[inline]
    fn after_failure(&mut self, now: Seconds, k: usize, number: usize, caller: Caller) {
        if let Some(r) = self.sources[k].redial.as_mut()
            && caller.attempt < r.max_attempts
            && r.rng.random::<f64>() < r.probability
        {
            let at = now + r.delay.sample(&mut r.rng);
            let Caller { measured, connected, .. } = caller;
            self.queue
                .schedule(at, Event::Redial { source: k as u32, attempt: caller.attempt + 1, measured, connected });
            return;
        }
        if caller.measured && !caller.connected {
            self.numbers[number].never_through += 1;
        }
    }

    /// Tracing: bin `k` of the timeline starts; the next one is scheduled.
    #[cold]
    fn sample(&mut self, k: usize) {
        let t = self.trace.as_deref_mut().expect("only a traced replication samples");
        t.start_bin(k, &self.routing.number_busy);
        if k + 1 < t.bins() {
            self.queue.schedule(t.bin_start(k + 1), Event::Sample(k as u32 + 1));
        }
    }

    #[inline]
    fn connect(&mut self, now: Seconds, end: Seconds, number: usize, link: usize, counted: bool) -> usize {
        self.routing.connect(number, link);
        if let Some(t) = self.trace.as_deref_mut() {
            t.busy(number, self.routing.number_busy[number]);
        }
        let overlap = self.window.overlap(now, end);
        let acc = &mut self.numbers[number];
        acc.busy_area += overlap;
        self.link_area[link] += overlap;
        self.instance_area += overlap;
        if self.measuring {
            let busy = self.routing.number_busy[number];
            acc.peak = acc.peak.max(busy);
            self.link_peak[link] = self.link_peak[link].max(self.routing.link_busy[link]);
            self.instance_peak = self.instance_peak.max(self.routing.instance_busy);
            self.link_carried[link] += 1;
        }
        if self.routing.at_cap(number) {
            acc.cap_since = now;
        }
        let slot = self.queue.schedule_cancellable_with(end, |key| Event::Departure(key.slot())).slot();
        let call = Call { number: number as u32, link: link as u32 | if counted { COUNTED } else { 0 }, end };
        match self.calls.get_mut(slot as usize) {
            Some(c) => *c = call,
            None => self.calls.push(call),
        }
        if self.log.is_some() {
            self.arrivals.resize(self.calls.len(), 0.0);
            self.arrivals[slot as usize] = now;
        }
        slot as usize
    }

    /// Adds the second leg (number `to` on `link`) to the call in `slot`.
    fn connect_leg(&mut self, now: Seconds, end: Seconds, slot: usize, to: usize, link: usize) {
        self.routing.connect_leg(to, link);
        if let Some(t) = self.trace.as_deref_mut() {
            t.busy(to, self.routing.number_busy[to]);
        }
        let overlap = self.window.overlap(now, end);
        let acc = &mut self.numbers[to];
        acc.busy_area += overlap;
        self.link_area[link] += overlap;
        if self.measuring {
            acc.peak = acc.peak.max(self.routing.number_busy[to]);
            self.link_peak[link] = self.link_peak[link].max(self.routing.link_busy[link]);
            self.link_carried[link] += 1;
        }
        if self.routing.at_cap(to) {
            acc.cap_since = now;
        }
        self.legs.resize(self.calls.len(), (0, 0));
        self.legs[slot] = (to as u32, link as u32);
        self.calls[slot].link |= FORWARDED;
    }

    /// Frees both legs of the call in `slot` (its record not yet freed).
    #[inline]
    fn release_call(&mut self, now: Seconds, slot: usize, call: Call) {
        self.release(now, call.number as usize, call.link());
        if call.forwarded() {
            let (to, link) = self.legs[slot];
            let (to, link) = (to as usize, link as usize);
            if self.routing.at_cap(to) {
                let acc = &mut self.numbers[to];
                acc.cap_time += self.window.overlap(acc.cap_since, now);
            }
            self.routing.disconnect_leg(to, link);
        }
    }

    #[inline]
    fn departure(&mut self, now: Seconds, slot: u32) {
        let call = self.calls[slot as usize];
        self.calls[slot as usize].number = FREE_CALL;
        self.release_call(now, slot as usize, call);
        self.log_call(slot as usize, call, CallOutcome::Completed, now);
        if call.counted() {
            self.numbers[call.number as usize].completed += 1;
        }
    }

    /// The wait for calls-per-second tokens of `link` and its carrier, taking
    /// them; `None` (nothing taken) when either would wait beyond its queue.
    /// A waiting call holds its channel, number and instance slot meanwhile.
    #[cold]
    fn cps_wait(&mut self, now: Seconds, link: usize) -> Option<Seconds> {
        let carrier = self.scenario.model.links[link].carrier;
        let ids = [link, self.scenario.model.links.len() + carrier];
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

    /// Reports a carried call's fate to the log, if there is one.
    #[inline]
    fn log_call(&mut self, slot: usize, call: Call, outcome: CallOutcome, end_s: Seconds) {
        if let Some(log) = self.log.as_mut() {
            log.record(&CallRecord {
                arrival_s: self.arrivals[slot],
                number: call.number as usize,
                link: Some(call.link()),
                outcome,
                end_s,
                measured: call.counted(),
            });
        }
    }

    /// Frees the capacity a call held, closing a period at the cap.
    #[inline]
    fn release(&mut self, now: Seconds, number: usize, link: usize) {
        if self.routing.at_cap(number) {
            let acc = &mut self.numbers[number];
            acc.cap_time += self.window.overlap(acc.cap_since, now);
        }
        self.routing.disconnect(number, link);
    }

    /// Adds or removes a hold on element `id`; drops the calls of links
    /// that become unusable; starts or ends re-route delays of a carrier.
    fn hold(&mut self, now: Seconds, id: usize, down: bool) {
        let mut changes = std::mem::take(&mut self.link_changes);
        changes.clear();
        let flipped = self.network.hold(id, down, now, self.window, &mut changes);
        if let (true, Some(t)) = (flipped, self.trace.as_deref_mut()) {
            t.element(id, down, now);
        }
        let element = self.network.element(id);
        for change in &changes {
            self.routing.link_up[change.link] = change.up;
            if !change.up {
                self.drop_calls(now, change.link, element);
            }
        }
        self.link_changes = changes;
        if let (true, Element::Carrier(c)) = (flipped, element) {
            self.carrier_flipped(now, c, down);
        }
    }

    /// Drops every call in progress on `link`, cut by a failure of `cause`.
    fn drop_calls(&mut self, now: Seconds, link: usize, cause: Element) {
        let kind = match cause {
            Element::Az(_) => 0,
            Element::Carrier(_) => 1,
            Element::Link(_) => 2,
        };
        for slot in 0..self.calls.len() {
            let call = self.calls[slot];
            let second = if call.forwarded() { Some(self.legs[slot]) } else { None };
            if call.number == FREE_CALL || (call.link() != link && second.is_none_or(|(_, l2)| l2 as usize != link)) {
                continue;
            }
            let cancelled = self.queue.cancel_slot(slot as u32);
            debug_assert!(cancelled, "a call in progress has a pending departure");
            let number = call.number as usize;
            let lost = self.window.overlap(now, call.end);
            self.numbers[number].busy_area -= lost;
            self.link_area[call.link()] -= lost;
            self.instance_area -= lost;
            if let Some((to, l2)) = second {
                self.numbers[to as usize].busy_area -= lost;
                self.link_area[l2 as usize] -= lost;
            }
            self.calls[slot].number = FREE_CALL;
            self.release_call(now, slot, call);
            self.log_call(slot, call, CallOutcome::Dropped(cause.kind()), now);
            if self.any_redial {
                let (k, caller) = self.call_callers[slot];
                self.after_failure(now, k as usize, number, caller);
            }
            if call.counted() {
                self.numbers[number].dropped += 1;
                self.numbers[number].dropped_by[kind] += 1;
            }
        }
    }

    /// Carrier `c` went down (or came back up): numbers that re-route around
    /// it only after a delay keep offering it calls until then.
    fn carrier_flipped(&mut self, now: Seconds, c: usize, down: bool) {
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

    /// During a re-route delay: whether this call to `number` goes to a
    /// failed carrier (and is lost). Each failed carrier still in its delay
    /// gets its share of calls in proportion to the channels it would offer
    /// (its links whose own link and AZ are up) among all the number's
    /// channels believed usable.
    #[cold]
    fn offered_to_failed_carrier(&mut self, now: Seconds, number: usize) -> bool {
        let Some(r) = self.reroutes[number].as_mut() else { return false };
        let before = r.pending.len();
        r.pending.retain(|&(_, until)| until > now);
        self.rerouting -= before - r.pending.len();
        if r.pending.is_empty() {
            return false;
        }
        let model = &self.scenario.model;
        let channels = |l: usize| model.links[l].channels as f64;
        let believed: f64 = (r.pending.iter())
            .flat_map(|&(c, _)| model.carriers[c].links.iter())
            .filter(|&&l| self.network.usable_but_for_carrier(l))
            .map(|&l| channels(l))
            .sum();
        let usable: f64 =
            (model.numbers[number].routes.iter()).filter(|&&l| self.network.link_usable[l]).map(|&l| channels(l)).sum();
        debug_assert!(r.pending.iter().all(|&(c, _)| !self.network.carrier_up(c)));
        believed > 0.0 && r.rng.random::<f64>() * (believed + usable) < believed
    }

    /// Warm-up ends: counters start from zero, peaks from the current load.
    fn start_measuring(&mut self, now: Seconds) {
        self.measuring = true;
        for (n, acc) in self.numbers.iter_mut().enumerate() {
            acc.peak = self.routing.number_busy[n];
        }
        self.link_peak.copy_from_slice(&self.routing.link_busy);
        self.instance_peak = self.routing.instance_busy;
        debug_assert_eq!(now, self.window.start);
    }

    fn finish(mut self) -> ReplicationOutcome {
        let window = self.window;
        let horizon = self.scenario.simulation.horizon_s;
        let model = &self.scenario.model;
        // Close periods at the cap and down periods still open at the
        // horizon, and count the measured calls still in progress.
        let mut in_progress = vec![0u64; model.numbers.len()];
        for call in self.calls.iter().filter(|c| c.number != FREE_CALL && c.counted()) {
            in_progress[call.number as usize] += 1;
        }
        if self.log.is_some() {
            for slot in 0..self.calls.len() {
                let call = self.calls[slot];
                if call.number != FREE_CALL {
                    self.log_call(slot, call, CallOutcome::InProgress, window.end);
                }
            }
        }
        for (n, acc) in self.numbers.iter_mut().enumerate() {
            if self.routing.at_cap(n) {
                acc.cap_time += window.overlap(acc.cap_since, window.end);
            }
        }
        for t in self.network.number_down.iter_mut().chain(self.network.link_down.iter_mut()) {
            t.finish(window);
        }
        let numbers = (self.numbers.iter().enumerate())
            .map(|(n, acc)| {
                let blocked: u64 = acc.blocked_by.iter().sum();
                let down = &self.network.number_down[n];
                NumberOutcome {
                    offered: acc.offered,
                    completed: acc.completed,
                    blocked,
                    blocked_by: acc.blocked_by,
                    dropped: acc.dropped,
                    dropped_by: acc.dropped_by,
                    in_progress: in_progress[n],
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
                }
            })
            .collect();
        let links = (model.links.iter().enumerate())
            .map(|(l, link)| {
                let down = &self.network.link_down[l];
                LinkOutcome {
                    carried: self.link_carried[l],
                    utilization: self.link_area[l].max(0.0) / (link.channels as f64 * horizon),
                    mean_busy: self.link_area[l].max(0.0) / horizon,
                    peak_busy: self.link_peak[l],
                    availability: 1.0 - down.down_s / horizon,
                    outages: down.periods,
                }
            })
            .collect();
        debug_assert!(self.network.number_down.iter().all(|t| !t.is_down()));
        ReplicationOutcome {
            events: self.events,
            numbers,
            links,
            instance: InstanceOutcome {
                mean_concurrency: self.instance_area.max(0.0) / horizon,
                peak_concurrency: self.instance_peak,
            },
        }
    }
}
