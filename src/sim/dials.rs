//! Handlers of outbound dials on the run's state (an extension of
//! [`Sim`], imported by nothing, as `failures.rs`): placing a dial, and the
//! end of a carried dial, normal or cut by a failure.
//!
//! A carried dial is a call of the call table like any other, at the slot
//! of its departure, flagged outbound: it holds its link's channel and its
//! number's concurrency, and the instance slot unless its campaign has its
//! own quota. An unanswered dial ends after its ring time; an answered one
//! talks, or with a queue joins it at its answer (its wait known at once,
//! as for an inbound caller: `queues.rs`) and ends when its talk does, or
//! when the called party gives up waiting (the queue's patience).

use super::contacts::CALLBACK_DIAL;
use super::outbound::DialEnd;
use super::queues::Joined;
use super::run::{Event, Sim};
use crate::engine::{QueueError, Seconds};
use crate::sim::observer::Observer;

impl<O: Observer> Sim<'_, O> {
    /// Schedules every outbound entry's first dial.
    pub(super) fn start_dials(&mut self) {
        for j in 0..self.dialers.dialers.len() {
            let d = &mut self.dialers.dialers[j];
            let first = d.arrivals.next_arrival_s(0.0, &mut d.arrival_rng);
            if first.is_finite() {
                self.queue.schedule(first, Event::Dial(j as u32));
            }
        }
    }

    /// Entry `j` dials at `now`: the next dial is scheduled, then this one
    /// is admitted (and connected) or blocked. Fails, with nothing
    /// connected, when the queue cannot take the dial's departure.
    #[inline(never)]
    pub(super) fn on_dial(&mut self, now: Seconds, j: usize) -> Result<(), QueueError> {
        let d = &mut self.dialers.dialers[j];
        let next = d.arrivals.next_arrival_s(now, &mut d.arrival_rng);
        let dial = d.dial(&self.admission);
        let (ring_s, queue, holds_instance) = (d.ring_s, d.queue, d.holds_instance());
        if next.is_finite() {
            self.queue.schedule(next, Event::Dial(j as u32));
        }
        let measuring = self.measure.measuring;
        let number = dial.number;
        self.dialers.dialled(number, measuring);
        let admitted = match self.admission.admit_outbound(now, number, &self.network, dial.campaign_full) {
            Ok(a) => a,
            Err(cause) => {
                self.dialers.blocked(number, cause, measuring);
                return Ok(());
            }
        };
        let start = now + admitted.wait_s;
        let mut refused = false;
        let end = match (dial.answered, queue) {
            (false, _) => start + ring_s,
            (true, None) => start + dial.talk_s,
            (true, Some(q)) => match self.queues.join(q as usize, start, dial.talk_s, measuring, false) {
                Joined::Stay(stay) | Joined::Callback { stay, .. } => start + stay,
                Joined::Refused => {
                    refused = true;
                    start
                }
            },
        };
        let key = self.queue.try_schedule_cancellable_with(end, |key| Event::Departure(key.slot()))?;
        let slot = key.slot() as usize;
        let link = admitted.link;
        let held = self.admission.connect_outbound(number, link, holds_instance);
        self.observer.busy(number, held.number_busy);
        self.measure.connected(now, end, number, link, holds_instance, held);
        self.calls.insert(slot, number, link, measuring, end);
        self.calls.set_dialer(slot, j);
        if refused {
            self.calls.refuse(slot);
        }
        self.dialers.connected(j, number, dial.answered, measuring);
        Ok(())
    }

    /// The dial `call` (in `slot`, already freed) ends at `now`: normally,
    /// or refused by its full queue, or (`dropped`) cut by a failure (its
    /// departure already cancelled).
    #[cold]
    pub(super) fn end_dial(&mut self, now: Seconds, slot: usize, call: super::calls::Call, dropped: bool) {
        let j = self.calls.dialer(slot);
        // A callback dial counts against the instance quota, and in no entry's figures.
        let callback = j == CALLBACK_DIAL;
        let holds_instance = callback || self.dialers.dialers[j].holds_instance();
        let number = call.number();
        if dropped {
            self.measure.cut(now, call.end, number, call.link(), None, holds_instance);
        }
        let was_at_cap = self.admission.disconnect_outbound(number, call.link(), holds_instance);
        self.measure.releasing(now, number, was_at_cap);
        let end = match (dropped, call.refused()) {
            (true, _) => DialEnd::Dropped,
            (false, true) => DialEnd::Refused,
            (false, false) => DialEnd::Completed,
        };
        if !callback {
            self.dialers.ended(j, number, end, self.measure.measuring);
        }
    }
}
