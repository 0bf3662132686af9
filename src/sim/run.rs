//! The run loop: the events of a replication, its state, and the loop that
//! pops an event and hands it to the handler of its concern.
//!
//! Events are arrivals (one pending per traffic source), departures (one
//! per call in progress, cancellable so that a failure can drop the call),
//! failures and repairs of elements, scheduled outage starts and ends, the
//! end of warm-up, redials, and an observer's wake-ups.
//!
//! This file is the only one that imports the components (admission, the
//! call table, measurement, network, redials, sources) and holds them in
//! [`Sim`]; each component owns its state and exposes methods on its own
//! type that take the other parts they need as arguments, so the files
//! import one another in one direction. The events that tie components
//! together are handled here: arrivals, the path of an attempt (admission,
//! then connect or block, then a redial decision), connecting a call (both
//! legs), departures and redials. Failures and outages are handled in
//! `failures.rs` (an extension of [`Sim`], imported by nothing); the end of
//! warm-up is the measurement's.

use super::admission::Admission;
use super::calls::CallTable;
use super::contacts::PendingCallbacks;
use super::measure::Measurement;
use super::network::{LinkChange, Network, RouteChange};
use super::observer::Observer;
use super::outbound::Dialers;
use super::outcome::ReplicationOutcome;
use super::queues::{Joined, Queues};
use super::records::{CallOutcome, CallRecord};
use super::redials::{Caller, PendingRedials};
use super::sources::{NextArrivals, Source};
use super::window::Window;
use super::{RunError, RunSettings};
use crate::engine::queue::SMALL_HEAP_MAX;
use crate::engine::{EventQueue, Order, QueueError, RandomStreams, Seconds};
use crate::model::Model;

/// What happens at an instant of a replication, but for arrivals: each
/// traffic source's next arrival waits outside the queue
/// ([`NextArrivals`]), with the order the queue gave it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Event {
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
    /// The observer asked to be woken now.
    Wake,
    /// A caller who failed to get through tries again: the ticket of their
    /// parked redial (`redials::PendingRedials`).
    Redial(u32),
    /// Outbound entry `0` (`[[outbound]]`, by index) places a dial.
    Dial(u32),
    /// The agent of callback contact `0` (a ticket of
    /// `callbacks::PendingCallbacks`) dials its caller.
    CallbackDial(u32),
    /// Callback contact `0` joins the back of its queue (after its initial
    /// delay, or to retry).
    CallbackJoin(u32),
}

/// The state of one replication in progress: one part per concern.
pub(super) struct Sim<'a, O: Observer> {
    pub(super) model: &'a Model,
    pub(super) observer: &'a mut O,
    pub(super) queue: EventQueue<Event>,
    /// Occupancy, limits and the routing steps.
    pub(super) admission: Admission,
    /// Element states and availability.
    pub(super) network: Network,
    pub(super) sources: Vec<Source>,
    /// Each source's next arrival.
    pub(super) arrivals: NextArrivals,
    /// Calls in progress.
    pub(super) calls: CallTable,
    /// Counts and time-weighted statistics of the window.
    pub(super) measure: Measurement,
    /// Scratch: links whose usability an element's change flipped.
    pub(super) link_changes: Vec<LinkChange>,
    /// Scratch: numbers whose route state an element's change flipped.
    pub(super) route_changes: Vec<RouteChange>,
    /// IVR time of every carried call, seconds (from the instance).
    pub(super) ivr_s: Seconds,
    /// Whether any traffic source redials.
    pub(super) any_redial: bool,
    /// Redials waiting for their time.
    pub(super) redials: PendingRedials,
    /// Queues of agents (empty without `[[queue]]`).
    pub(super) queues: Queues,
    /// Outbound entries and their dials' figures (empty without `[[outbound]]`).
    pub(super) dialers: Dialers,
    /// Callback contacts waiting for their next step.
    pub(super) callbacks: PendingCallbacks,
    /// Events processed.
    pub(super) events: u64,
}

impl<'a, O: Observer> Sim<'a, O> {
    /// Replication `replication` of `model` under `settings`, not started.
    pub(super) fn new(model: &'a Model, settings: &RunSettings, replication: u64, observer: &'a mut O) -> Self {
        let streams = RandomStreams::new(settings.seed, replication);
        let window = Window { start: settings.warmup_s, end: settings.end_s() };
        Sim {
            model,
            observer,
            queue: EventQueue::with_capacity(1024).with_small_heap(SMALL_HEAP_MAX),
            admission: Admission::new(model, &streams, window),
            network: Network::new(model, &streams),
            sources: model.traffic.iter().map(|t| Source::new(t, model, &streams, settings.warmup_s)).collect(),
            arrivals: NextArrivals::default(),
            calls: CallTable::default(),
            measure: Measurement::new(model, window, settings.horizon_s),
            link_changes: Vec::new(),
            route_changes: Vec::new(),
            ivr_s: model.instance.ivr_s,
            any_redial: model.traffic.iter().any(|t| t.redial.is_some()),
            redials: PendingRedials::default(),
            queues: Queues::new(model, &streams, window, settings.horizon_s),
            dialers: Dialers::new(model, &streams, settings.warmup_s),
            callbacks: PendingCallbacks::default(),
            events: 0,
        }
    }

    /// Schedules the first events: warm-up end, failure processes in their
    /// stationary regime, the observer's first wake-up, scheduled outages,
    /// first arrivals.
    fn start(&mut self) {
        let window = self.measure.window;
        if !self.measure.measuring {
            self.queue.schedule(window.start, Event::WarmupEnd);
        }
        let random: Vec<usize> = self.network.random_elements().collect();
        for id in random {
            let (down, residual) = self.network.start_process(id);
            let event = if down { Event::Repair(id as u32) } else { Event::Fail(id as u32) };
            self.queue.schedule(residual, event);
        }
        let mut routes = std::mem::take(&mut self.route_changes);
        self.network.settle(0.0, &mut routes);
        for id in 0..self.network.elements() {
            if self.network.is_held(id) {
                self.observer.element(self.network.element(id), true, 0.0);
            }
        }
        for r in routes.drain(..) {
            self.observer.route(r.number, r.up, 0.0);
        }
        self.route_changes = routes;
        self.start_instances();
        if let Some(at) = self.observer.first_wake_s() {
            self.queue.schedule(at, Event::Wake);
        }
        // Every outage start is scheduled before every outage end, so that
        // at equal times (FIFO ties) an element held down by back-to-back
        // outages is re-held before it is released: it stays down without
        // a zero-length "up" that would split one outage into two.
        let outages = &self.model.outages;
        for o in outages {
            let id = self.network.id(o.target) as u32;
            self.queue.schedule(window.start + o.start_s, Event::OutageStart(id));
        }
        for o in outages {
            let id = self.network.id(o.target) as u32;
            self.queue.schedule(window.start + o.start_s + o.duration_s, Event::OutageEnd(id));
        }
        self.start_dials();
        for k in 0..self.sources.len() {
            let s = &mut self.sources[k];
            let first = s.arrivals.next_arrival_s(0.0, &mut s.arrival_rng);
            let order = self.queue.order(first);
            self.arrivals.push(order, k);
        }
    }

    /// Runs to the end of the window and returns what was measured, or
    /// stops at the first event the queue cannot take.
    pub(super) fn run(mut self) -> Result<ReplicationOutcome, RunError> {
        self.start();
        let end = Order::at(self.measure.window.end);
        loop {
            // The queue's events up to the next arrival, then that arrival:
            // the order the single queue of arrivals and events would give.
            // Only an arrival changes the next arrivals, so the limit holds
            // for every event popped before it.
            let (next, k) = self.arrivals.first();
            let limit = next.min(end);
            while let Some((now, event)) = self.queue.pop_before_order(limit) {
                self.events += 1;
                self.on_event(now, event)?;
            }
            if next >= end {
                break;
            }
            self.events += 1;
            self.on_arrival(next.time(), k)?;
        }
        Ok(self.finish())
    }

    /// Runs the queue's `event`, due at `now`: a departure inline (nearly
    /// every event of a busy run), any other out of line.
    #[inline(always)]
    fn on_event(&mut self, now: Seconds, event: Event) -> Result<(), QueueError> {
        if let Event::Departure(slot) = event {
            self.on_departure(now, slot as usize);
            return Ok(());
        }
        self.on_other_event(now, event)
    }

    /// Runs `event`, due at `now`, which is not a departure.
    #[inline(never)]
    fn on_other_event(&mut self, now: Seconds, event: Event) -> Result<(), QueueError> {
        match event {
            Event::Departure(slot) => self.on_departure(now, slot as usize),
            Event::Fail(id) => self.on_fail(now, id),
            Event::Repair(id) => self.on_repair(now, id),
            Event::OutageStart(id) => self.hold(now, id as usize, true),
            Event::OutageEnd(id) => self.hold(now, id as usize, false),
            Event::WarmupEnd => {
                let carried_in = self.calls.in_progress_by_number(self.model.numbers.len());
                self.measure.start(now, &self.admission, &carried_in);
                if let Some(s) = self.admission.sites.as_mut() {
                    s.start_measuring();
                }
                self.dialers.start_measuring();
            }
            Event::Wake => self.on_wake(now),
            Event::Redial(ticket) => self.on_redial(now, ticket)?,
            Event::Dial(j) => self.on_dial(now, j as usize)?,
            Event::CallbackDial(t) => self.on_callback_dial(now, t)?,
            Event::CallbackJoin(t) => self.on_callback_join(now, t),
        }
        Ok(())
    }

    /// The next call of source `k` arrives (the first of
    /// [`NextArrivals`]): the one after it takes its place, and this one
    /// attempts to get through.
    #[inline]
    fn on_arrival(&mut self, now: Seconds, k: usize) -> Result<(), QueueError> {
        let source = &mut self.sources[k];
        // A replayed call brings its recorded duration (read before the next
        // arrival is handed out).
        let traced = source.arrivals.trace_duration();
        let next = source.arrivals.next_arrival_s(now, &mut source.arrival_rng);
        // Every caller brings a duration, drawn whether or not the call is
        // carried: the k-th call of a source lasts the same in every design,
        // which couples designs compared on common random numbers call by call.
        let duration = traced.unwrap_or_else(|| source.holding.duration_s(&mut source.holding_rng));
        self.arrivals.replace_first(self.queue.order(next));
        let number = match &mut source.spread {
            None => source.number,
            Some(spreader) => spreader.pick(&self.admission),
        };
        let queue = source.queue;
        self.attempt(now, k, number, duration, queue, Caller::first(self.measure.measuring, number))
    }

    /// One attempt of a caller of source `k` (first or redial) to get
    /// through to `number`, talking `duration` seconds once answered (after
    /// waiting in `queue`, the source's, if any): counted, admitted or blocked, then connected, or
    /// handed to the caller's redial decision. Fails, with nothing connected,
    /// when the queue cannot take the call's departure.
    #[inline(always)]
    fn attempt(
        &mut self,
        now: Seconds,
        k: usize,
        number: usize,
        duration: Seconds,
        queue: Option<u32>,
        caller: Caller,
    ) -> Result<(), QueueError> {
        let measuring = self.measure.measuring;
        self.measure.attempt(number, caller.attempt == 1, || self.network.number_up(number));
        match self.admission.admit(now, number, self.model, &self.network) {
            Ok(admitted) => {
                let mut end = now + admitted.wait_s + self.ivr_s;
                // Queued traffic: wait, then talk (or abandon); a call the
                // full queue refuses ends with its IVR, blocked (`queue_full`).
                let mut refused = false;
                let mut callback = None;
                end += match queue {
                    None => duration,
                    Some(q) => match self.queues.join(q as usize, end, duration, measuring, true) {
                        Joined::Stay(stay) => stay,
                        Joined::Refused => {
                            refused = true;
                            0.0
                        }
                        Joined::Callback { stay, next } => {
                            callback = Some((q as usize, next));
                            stay
                        }
                    },
                };
                let slot = self.connect(now, end, number, admitted.link, measuring)?;
                if let Some((q, next)) = callback {
                    self.start_callback(q, number, duration, measuring, next);
                }
                if let Some((to, l2)) = admitted.leg {
                    self.connect_leg(now, end, slot, to, l2);
                }
                if refused {
                    self.calls.refuse(slot);
                }
                if self.any_redial {
                    // A refused caller did not get through: they may redial
                    // when the queue-full message ends.
                    self.calls.set_caller(slot, k, if refused { caller } else { caller.connected() });
                }
            }
            Err(cause) => {
                self.measure.blocked(number, cause);
                if O::CALLS {
                    self.observer.call(&CallRecord {
                        arrival_s: now,
                        number,
                        link: None,
                        outcome: CallOutcome::Blocked(cause),
                        end_s: now,
                        measured: measuring,
                    });
                }
                self.after_failure(now, k, number, caller);
            }
        }
        Ok(())
    }

    /// Starts a call of `number` on `link` at `now`, ending at `end`
    /// (`counted`: it arrived in the window); returns its slot. Its departure
    /// is scheduled first: when the queue cannot take it, nothing changes.
    #[inline(always)]
    fn connect(
        &mut self,
        now: Seconds,
        end: Seconds,
        number: usize,
        link: usize,
        counted: bool,
    ) -> Result<usize, QueueError> {
        let key = self.queue.try_schedule_cancellable_with(end, |key| Event::Departure(key.slot()))?;
        let slot = key.slot() as usize;
        let held = self.admission.connect(number, link);
        self.observer.busy(number, held.number_busy);
        self.measure.connected(now, end, number, link, true, held);
        self.calls.insert(slot, number, link, counted, end);
        if O::CALLS {
            self.calls.set_arrival(slot, now);
        }
        Ok(slot)
    }

    /// Adds the second leg (number `to` on `link`) to the call in `slot`.
    fn connect_leg(&mut self, now: Seconds, end: Seconds, slot: usize, to: usize, link: usize) {
        let held = self.admission.connect_leg(to, link);
        self.observer.busy(to, held.number_busy);
        self.measure.connected(now, end, to, link, false, held);
        self.calls.add_leg(slot, to, link);
    }

    /// The call in `slot` ends normally (or, refused by its full queue,
    /// ends with its IVR: blocked as `queue_full`).
    #[inline(always)]
    fn on_departure(&mut self, now: Seconds, slot: usize) {
        let call = self.calls.free(slot);
        if call.unusual() {
            return self.on_unusual_departure(now, slot, call);
        }
        self.calls.release(now, slot, call, &mut self.admission, &mut self.measure);
        self.calls.record(slot, call, CallOutcome::Completed, now, self.observer);
        if self.measure.measuring {
            self.measure.completed(call.number());
        }
    }

    /// A call its full queue refused ends with its IVR (its capacity already
    /// released): blocked as `queue_full` when it ends, and its caller may
    /// redial.
    #[cold]
    fn on_unusual_departure(&mut self, now: Seconds, slot: usize, call: super::calls::Call) {
        if call.outbound() {
            return self.end_dial(now, slot, call, false);
        }
        self.calls.release(now, slot, call, &mut self.admission, &mut self.measure);
        let cause = super::causes::BlockCause::QueueFull;
        self.calls.record(slot, call, CallOutcome::Blocked(cause), now, self.observer);
        self.measure.blocked(call.number(), cause);
        if self.any_redial {
            let (k, caller) = self.calls.caller(slot);
            self.after_failure(now, k, call.number(), caller);
        }
    }

    /// The caller of redial `ticket` tries again: a fresh holding time,
    /// then an attempt on the number they dialled (a hunt group hunts again
    /// from its pilot; no other spreading draws again). Out of line: the run
    /// loop keeps one inlined copy of the attempt path (first attempts),
    /// which spares it registers.
    #[inline(never)]
    fn on_redial(&mut self, now: Seconds, ticket: u32) -> Result<(), QueueError> {
        let (k, caller) = self.redials.take(ticket);
        let source = &mut self.sources[k];
        let r = source.redial.as_mut().expect("only sources that redial schedule redials");
        let duration = source.holding.duration_s(&mut r.holding_rng);
        let number = match &source.spread {
            Some(spreader) if spreader.hunt => spreader.hunt(&self.admission),
            _ => caller.dialled as usize,
        };
        let queue = source.queue;
        self.attempt(now, k, number, duration, queue, caller)
    }

    /// A caller of source `k` failed to reach `number` (blocked, or carried
    /// then dropped): they redial, or give up.
    #[inline]
    pub(super) fn after_failure(&mut self, now: Seconds, k: usize, number: usize, caller: Caller) {
        if let Some(r) = self.sources[k].redial.as_mut()
            && let Some((at, next)) = r.retry(now, caller)
        {
            let ticket = self.redials.park(k, next);
            self.queue.schedule(at, Event::Redial(ticket));
            return;
        }
        if caller.measured && !caller.connected {
            self.measure.never_through(number);
        }
    }

    /// The observer's wake-up: it sees the calls in progress and says when next.
    #[cold]
    fn on_wake(&mut self, now: Seconds) {
        if let Some(at) = self.observer.wake(now, &self.admission.number_busy) {
            self.queue.schedule(at, Event::Wake);
        }
    }

    /// The end of the window: calls still in progress are reported, and
    /// the outcome is built.
    fn finish(mut self) -> ReplicationOutcome {
        if O::CALLS {
            let end = self.measure.window.end;
            let open: Vec<usize> = self.calls.in_progress().map(|(slot, _)| slot).collect();
            for slot in open {
                let call = self.calls.get(slot);
                self.calls.record(slot, call, CallOutcome::InProgress, end, self.observer);
            }
        }
        let in_progress = self.calls.in_progress_by_number(self.model.numbers.len());
        let mut outcome =
            self.measure.finish(self.model, &in_progress, &self.admission, &mut self.network, self.events);
        outcome.queues = self.queues.finish();
        if !self.model.outbound.is_empty() {
            for (n, number) in outcome.numbers.iter_mut().enumerate() {
                number.outbound = self.dialers.outcome(n, self.model.dials_from(n)).map(Box::new);
            }
        }
        outcome
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::queue::MAX_CANCELLABLE;
    use crate::scenario::Scenario;
    use crate::traffic::HoldingTime;

    /// A DID capped at 5 calls in progress, offered 60 erlangs (one call a
    /// second of 60 s) for an hour: it sits at its cap.
    fn busy_scenario() -> Scenario {
        Scenario::builder("queue-limit")
            .horizon_s(3600.0)
            .az("az1")
            .carrier("c")
            .link("c", "az1", 10)
            .did("d", "c", Some(5))
            .poisson("d", 3600.0, HoldingTime::Fixed { value_s: 60.0 })
            .build()
            .expect("valid scenario")
    }

    /// Replication 0 of `s` with at most `limit` departures pending in the queue.
    fn run_with_limit(s: &Scenario, limit: usize) -> Result<ReplicationOutcome, RunError> {
        let settings = RunSettings { horizon_s: s.simulation.horizon_s, warmup_s: 0.0, seed: s.simulation.seed };
        let mut observer = ();
        let mut sim = Sim::new(&s.model, &settings, 0, &mut observer);
        sim.queue = EventQueue::with_capacity(1024).with_cancellable_limit(limit);
        sim.run()
    }

    #[test]
    fn a_full_queue_stops_the_run_with_an_error() {
        let s = busy_scenario();
        // The third call in progress at once needs a third pending departure.
        assert_eq!(run_with_limit(&s, 2), Err(RunError::Queue(QueueError::TooManyPending { limit: 2 })));
    }

    #[test]
    fn a_limit_the_run_never_reaches_changes_nothing() {
        let s = busy_scenario();
        let settings = RunSettings { horizon_s: s.simulation.horizon_s, warmup_s: 0.0, seed: s.simulation.seed };
        let plain = crate::sim::run_replication(&s.model, &settings, 0).expect("fits the engine's queue");
        assert_eq!(plain.numbers[0].peak_concurrency, 5, "the cap is reached");
        // Five calls in progress at most: a limit of 5 is never exceeded.
        assert_eq!(run_with_limit(&s, 5), Ok(plain.clone()));
        assert_eq!(run_with_limit(&s, MAX_CANCELLABLE), Ok(plain));
    }

    #[test]
    fn an_event_stays_8_bytes() {
        // A redial carries a ticket, not its caller: every queue entry stays
        // 24 bytes (16 of key, 8 of event).
        assert_eq!(std::mem::size_of::<Event>(), 8);
    }
}
