//! Queued callbacks during a replication: the callback contacts waiting for
//! their time, and the handlers of their dials and re-joins (an extension
//! of [`Sim`], imported by nothing, as `failures.rs`).
//!
//! # How callbacks fit the wait-at-join design
//! A queue's FIFO order is decided when each member joins (`queues.rs`):
//! the earliest-free agent takes it, and its free time moves on at once by
//! what the member will hold it for. A callback contact is such a member.
//! It joins either at its caller's place (no initial delay: the agent that
//! would have answered the caller takes the contact) or, after an initial
//! delay or a failed dial, at the back of the queue at that future instant,
//! by a `CallbackJoin` event at that time, so that joins stay in time order.
//! At its join the agent's time is committed: whether the dial is answered
//! is a coin independent of the system's state, drawn then, and the agent
//! is held for the caller's talk time (answered) or the ring time.
//!
//! The dial itself needs a route, a channel, the number's cap and the
//! instance quota, which are known only at the dial's instant: a
//! `CallbackDial` event at the time the agent takes the contact places it
//! (as an outbound dial from the number the caller dialled, or from a DID
//! bank's first DID below its cap, counting
//! against the instance quota, [`Admission::admit_outbound`]). A carried
//! answered dial reaches the caller; an unanswered one rings and ends; a
//! blocked one fails at once. After a failure the contact joins the back of
//! the queue again `retry_delay` after the dial ends, up to `max_attempts`
//! dials; then it is never reached.
//!
//! The exactness this keeps, and its one limit: a contact waiting in the
//! queue holds nothing (no channel, no instance slot); agents serve calls
//! and contacts in FIFO order with commitments made at joins. A dial
//! blocked at its instant still holds its agent for the time committed
//! (the dial's fate was drawn before the network's state was known): the
//! report counts these (`callback_dials_blocked`), which a design with
//! room for its callbacks keeps near 0.
//!
//! [`Admission::admit_outbound`]: super::admission::Admission::admit_outbound

use super::contacts::{CALLBACK_DIAL, Contact};
use super::run::{Event, Sim};
use crate::engine::{QueueError, Seconds};
use crate::sim::observer::Observer;

impl<O: Observer> Sim<'_, O> {
    /// A caller of `number` in queue `q` accepted a callback; its contact's
    /// next step is `next` (talk `talk_s` once reached; `counted`: the
    /// caller arrived in the window).
    #[cold]
    pub(super) fn start_callback(
        &mut self,
        q: usize,
        number: usize,
        talk_s: Seconds,
        counted: bool,
        next: super::queues::CallbackStep,
    ) {
        let mut c = Contact { queue: q as u32, number: number as u32, attempt: 1, counted, answered: false, talk_s };
        match next {
            super::queues::CallbackStep::Dial { at, answered } => {
                c.answered = answered;
                let t = self.callbacks.park(c);
                self.queue.schedule(at, Event::CallbackDial(t));
            }
            super::queues::CallbackStep::Join { at } => {
                let t = self.callbacks.park(c);
                self.queue.schedule(at, Event::CallbackJoin(t));
            }
        }
    }

    /// The contact of `ticket` joins the back of its queue at `now`: its
    /// agent is committed, and its dial scheduled.
    pub(super) fn on_callback_join(&mut self, now: Seconds, ticket: u32) {
        let c = &mut self.callbacks.contacts[ticket as usize];
        let (at, answered) = self.queues.join_callback(c.queue as usize, now, c.talk_s);
        c.answered = answered;
        self.queue.schedule(at, Event::CallbackDial(ticket));
    }

    /// The agent of the contact of `ticket` dials its caller at `now`.
    /// Fails, with nothing connected, when the queue cannot take the dial's
    /// departure.
    pub(super) fn on_callback_dial(&mut self, now: Seconds, ticket: u32) -> Result<(), QueueError> {
        let c = self.callbacks.contacts[ticket as usize];
        let q = c.queue as usize;
        // From a DID bank the dial goes from its first DID below its cap (as
        // an outbound entry's from a bank), else from the number called.
        let number = match self.model.numbers[c.number as usize].bank {
            None => c.number as usize,
            Some(b) => {
                let bank = &self.model.banks[b];
                bank.members().find(|&n| !self.admission.at_cap(n)).unwrap_or(c.number as usize)
            }
        };
        let cb = self.queues.callback(q).copied().expect("a callback contact's queue offers callbacks");
        let failed_at = match self.admission.admit_outbound(now, number, &self.network, None) {
            Ok(admitted) => {
                let start = now + admitted.wait_s;
                let end = start + if c.answered { c.talk_s } else { cb.ring_s };
                let key = self.queue.try_schedule_cancellable_with(end, |key| Event::Departure(key.slot()))?;
                let slot = key.slot() as usize;
                let link = admitted.link;
                let held = self.admission.connect_outbound(number, link, true);
                self.observer.busy(number, held.number_busy);
                self.measure.connected(now, end, number, link, true, held);
                self.calls.insert(slot, number, link, self.measure.measuring, end);
                self.calls.set_dialer(slot, CALLBACK_DIAL);
                self.queues.callback_dialled(q, false, c.counted);
                if c.answered {
                    self.queues.callback_ended(q, true, c.counted);
                    self.callbacks.free.push(ticket);
                    return Ok(());
                }
                end
            }
            Err(_) => {
                self.queues.callback_dialled(q, true, c.counted);
                now
            }
        };
        if c.attempt < cb.max_attempts {
            let contact = &mut self.callbacks.contacts[ticket as usize];
            contact.attempt += 1;
            self.queue.schedule(failed_at + cb.retry_delay_s, Event::CallbackJoin(ticket));
        } else {
            self.queues.callback_ended(q, false, c.counted);
            self.callbacks.free.push(ticket);
        }
        Ok(())
    }
}
