//! One replication of a scenario: the telephony model driven by the engine.
//!
//! Events are arrivals (one pending per traffic source), departures (one
//! per call in progress, cancellable so that a failure can drop the call)
//! and the end of warm-up. Statistics cover only the measured window
//! `[warmup, warmup + horizon)`: calls that arrive during warm-up occupy
//! capacity but are not counted as offered, and time-averages integrate only
//! the measured window.
//!
//! Time-averages are computed from each call's overlap with the window,
//! added when the call starts (its end is known then), so that a
//! concurrency change costs one addition, not a read-modify-write of a
//! "last change" clock per number, link and instance.

mod outcome;

pub use outcome::{InstanceOutcome, LinkOutcome, NumberOutcome, ReplicationOutcome};

use crate::engine::{EventKey, EventQueue, RandomStreams, Seconds, Stream};
use crate::model::RoutingState;
use crate::scenario::Scenario;
use crate::traffic::{ArrivalSampler, HoldingSampler};

/// What happens at an instant of a replication.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Event {
    /// The next call of traffic source `0` arrives.
    Arrival(u32),
    /// Call in slot `0` ends normally.
    Departure(u32),
    /// Warm-up is over: statistics start.
    WarmupEnd,
}

/// `Call::number` of a free call slot.
const FREE_CALL: u32 = u32::MAX;

/// A call in progress.
#[derive(Clone, Copy, Debug)]
struct Call {
    number: u32,
    link: u32,
    /// Arrived in the measured window (so its outcome is counted).
    counted: bool,
    /// Its departure, to cancel if a failure drops the call.
    #[allow(dead_code)] // read by the failure handling of the fault model
    departure: EventKey,
}

/// A traffic source's samplers and private random streams.
struct Source {
    number: usize,
    arrivals: ArrivalSampler,
    holding: HoldingSampler,
    arrival_rng: Stream,
    holding_rng: Stream,
}

/// Per-number accumulators of the measured window.
#[derive(Clone, Debug, Default)]
struct NumberAcc {
    offered: u64,
    completed: u64,
    blocked_by: [u64; 4],
    dropped: u64,
    /// Integral of calls in progress over the window, call-seconds.
    busy_area: f64,
    peak: u32,
    /// Start of the current period at the cap, when at the cap.
    cap_since: Seconds,
    /// Time spent at the cap so far, seconds.
    cap_time: Seconds,
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

/// The state of one replication in progress.
struct Replication<'a> {
    scenario: &'a Scenario,
    queue: EventQueue<Event>,
    routing: RoutingState,
    sources: Vec<Source>,
    calls: Vec<Call>,
    free_calls: Vec<u32>,
    numbers: Vec<NumberAcc>,
    /// Integral of calls in progress per link over the window, call-seconds.
    link_area: Vec<f64>,
    link_peak: Vec<u32>,
    link_carried: Vec<u64>,
    instance_area: f64,
    instance_peak: u32,
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

impl<'a> Replication<'a> {
    fn new(scenario: &'a Scenario, replication: u64) -> Self {
        let model = &scenario.model;
        let streams = RandomStreams::new(scenario.simulation.seed, replication);
        let sources = model
            .traffic
            .iter()
            .map(|t| Source {
                number: t.number,
                arrivals: t.arrivals.sampler().expect("validated arrival process"),
                holding: t.holding.sampler().expect("validated holding time"),
                arrival_rng: streams.stream(&format!("traffic:{}/arrivals", t.stream_name)),
                holding_rng: streams.stream(&format!("traffic:{}/holding", t.stream_name)),
            })
            .collect();
        let window_start = scenario.simulation.warmup_s;
        Replication {
            scenario,
            queue: EventQueue::with_capacity(1024),
            routing: RoutingState::new(model),
            sources,
            calls: Vec::new(),
            free_calls: Vec::new(),
            numbers: vec![NumberAcc::default(); model.numbers.len()],
            link_area: vec![0.0; model.links.len()],
            link_peak: vec![0; model.links.len()],
            link_carried: vec![0; model.links.len()],
            instance_area: 0.0,
            instance_peak: 0,
            measuring: window_start == 0.0,
            window: Window {
                start: window_start,
                end: window_start + scenario.simulation.horizon_s,
            },
            events: 0,
        }
    }

    fn run(&mut self) {
        if !self.measuring {
            self.queue.schedule(self.window.start, Event::WarmupEnd);
        }
        for k in 0..self.sources.len() {
            let s = &mut self.sources[k];
            let first = s.arrivals.next_gap_s(&mut s.arrival_rng);
            self.queue.schedule(first, Event::Arrival(k as u32));
        }
        let end = self.window.end;
        while let Some((now, event)) = self.queue.pop_before(end) {
            self.events += 1;
            match event {
                Event::Arrival(k) => self.arrival(now, k as usize),
                Event::Departure(slot) => self.departure(now, slot),
                Event::WarmupEnd => self.start_measuring(now),
            }
        }
    }

    #[inline]
    fn arrival(&mut self, now: Seconds, k: usize) {
        let source = &mut self.sources[k];
        let number = source.number;
        let next = now + source.arrivals.next_gap_s(&mut source.arrival_rng);
        self.queue.schedule(next, Event::Arrival(k as u32));
        let measuring = self.measuring;
        if measuring {
            self.numbers[number].offered += 1;
        }
        match self.routing.route(number) {
            Ok(link) => {
                let source = &mut self.sources[k];
                let end = now + source.holding.duration_s(&mut source.holding_rng);
                self.connect(now, end, number, link, measuring);
            }
            Err(cause) => {
                if measuring {
                    self.numbers[number].blocked_by[cause as usize] += 1;
                }
            }
        }
    }

    #[inline]
    fn connect(&mut self, now: Seconds, end: Seconds, number: usize, link: usize, counted: bool) {
        self.routing.connect(number, link);
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
        let slot = self.free_calls.pop().unwrap_or(self.calls.len() as u32);
        let departure = self.queue.schedule_cancellable(end, Event::Departure(slot));
        let call = Call {
            number: number as u32,
            link: link as u32,
            counted,
            departure,
        };
        match self.calls.get_mut(slot as usize) {
            Some(c) => *c = call,
            None => self.calls.push(call),
        }
    }

    #[inline]
    fn departure(&mut self, now: Seconds, slot: u32) {
        let call = self.calls[slot as usize];
        self.calls[slot as usize].number = FREE_CALL;
        self.free_calls.push(slot);
        self.release(now, call.number as usize, call.link as usize);
        if call.counted {
            self.numbers[call.number as usize].completed += 1;
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
        let end = self.window.end;
        let horizon = self.scenario.simulation.horizon_s;
        let model = &self.scenario.model;
        // Close periods at the cap still open at the horizon, and count the
        // measured calls still in progress.
        let mut in_progress = vec![0u64; model.numbers.len()];
        for call in self
            .calls
            .iter()
            .filter(|c| c.number != FREE_CALL && c.counted)
        {
            in_progress[call.number as usize] += 1;
        }
        for (n, acc) in self.numbers.iter_mut().enumerate() {
            if self.routing.at_cap(n) {
                acc.cap_time += (end - acc.cap_since.max(self.window.start)).max(0.0);
            }
        }
        let numbers = self
            .numbers
            .iter()
            .enumerate()
            .map(|(n, acc)| {
                let blocked: u64 = acc.blocked_by.iter().sum();
                NumberOutcome {
                    offered: acc.offered,
                    completed: acc.completed,
                    blocked,
                    blocked_by: acc.blocked_by,
                    dropped: acc.dropped,
                    in_progress: in_progress[n],
                    blocking_probability: if acc.offered == 0 {
                        0.0
                    } else {
                        blocked as f64 / acc.offered as f64
                    },
                    availability: if self.routing.has_route(n) { 1.0 } else { 0.0 },
                    saturation: acc.cap_time / horizon,
                    mean_concurrency: acc.busy_area / horizon,
                    peak_concurrency: acc.peak,
                }
            })
            .collect();
        let links = model
            .links
            .iter()
            .enumerate()
            .map(|(l, link)| LinkOutcome {
                carried: self.link_carried[l],
                utilization: self.link_area[l] / (link.channels as f64 * horizon),
                mean_busy: self.link_area[l] / horizon,
                peak_busy: self.link_peak[l],
                availability: 1.0,
            })
            .collect();
        ReplicationOutcome {
            events: self.events,
            numbers,
            links,
            instance: InstanceOutcome {
                mean_concurrency: self.instance_area / horizon,
                peak_concurrency: self.instance_peak,
            },
        }
    }
}
