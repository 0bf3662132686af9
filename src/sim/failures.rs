//! Failures, repairs and scheduled outages during a run: each changes the
//! holds on an element ([`super::network`]), which may take links down (the
//! calls on them are dropped), flip numbers' routes, and start or end a
//! toll-free number's re-route delay (admission's).

use super::causes::DropCause;
use super::observer::Observer;
use super::records::CallOutcome;
use super::run::{Event, Sim};
use crate::engine::Seconds;
use crate::faults::Element;

impl<O: Observer> Sim<'_, O> {
    /// Element `id` fails at random; its repair is scheduled. (Failure
    /// handlers stay out of the run loop: they are rare next to calls.)
    #[inline(never)]
    pub(super) fn on_fail(&mut self, now: Seconds, id: u32) {
        self.hold(now, id as usize, true);
        let repair = now + self.network.next_down_s(id as usize);
        self.queue.schedule(repair, Event::Repair(id));
    }

    /// Element `id` is repaired; its next failure is scheduled.
    #[inline(never)]
    pub(super) fn on_repair(&mut self, now: Seconds, id: u32) {
        self.hold(now, id as usize, false);
        let fail = now + self.network.next_up_s(id as usize);
        self.queue.schedule(fail, Event::Fail(id));
    }

    /// Adds (`down`) or removes a hold on element `id`: drops the calls of
    /// links that become unusable, and starts or ends re-route delays of a
    /// carrier.
    #[inline(never)]
    pub(super) fn hold(&mut self, now: Seconds, id: usize, down: bool) {
        let mut changes = std::mem::take(&mut self.link_changes);
        let mut routes = std::mem::take(&mut self.route_changes);
        changes.clear();
        routes.clear();
        let flipped = self.network.hold(id, down, now, self.measure.window, &mut changes, &mut routes);
        let element = self.network.element(id);
        if flipped {
            self.observer.element(element, down, now);
        }
        for r in &routes {
            self.observer.route(r.number, r.up, now);
        }
        for change in &changes {
            if !change.up {
                self.drop_calls(now, change.link, element);
            }
        }
        self.link_changes = changes;
        self.route_changes = routes;
        if let (true, Element::Carrier(c)) = (flipped, element) {
            self.admission.carrier_flipped(now, c, down);
        }
        if let (true, Element::Instance(i), Some(s)) = (flipped, element, self.admission.sites.as_mut()) {
            s.flipped(now, i, down);
        }
    }

    /// Regional instances that start the run down (failure processes in
    /// their stationary regime) start their failover clocks at time 0.
    pub(super) fn start_instances(&mut self) {
        for id in 0..self.network.elements() {
            if let (true, Element::Instance(i), Some(s)) =
                (self.network.is_held(id), self.network.element(id), self.admission.sites.as_mut())
            {
                s.flipped(0.0, i, true);
            }
        }
    }

    /// Drops every call in progress on `link` (either leg), cut by a failure of `element`.
    fn drop_calls(&mut self, now: Seconds, link: usize, element: Element) {
        let cause = DropCause::of(element);
        for slot in 0..self.calls.len() {
            let call = self.calls.get(slot);
            if !self.calls.uses(slot, call, link) {
                continue;
            }
            let cancelled = self.queue.cancel_slot(slot as u32);
            debug_assert!(cancelled, "a call in progress has a pending departure");
            if call.outbound() {
                self.calls.free(slot);
                self.end_dial(now, slot, call, true);
                continue;
            }
            let number = call.number();
            self.measure.cut(now, call.end, number, call.link(), self.calls.leg(slot, call), true);
            self.calls.free(slot);
            self.calls.release(now, slot, call, &mut self.admission, &mut self.measure);
            self.calls.record(slot, call, CallOutcome::Dropped(cause), now, self.observer);
            if self.any_redial {
                let (k, caller) = self.calls.caller(slot);
                self.after_failure(now, k, number, caller);
            }
            if self.measure.measuring {
                self.measure.dropped(number, cause);
            }
            if let Some(s) = self.admission.sites.as_mut() {
                s.dropped(call.link(), cause);
            }
        }
    }
}
