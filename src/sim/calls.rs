//! The call table: every call in progress, by the slot of its departure
//! event, with what each call needs while it lasts (a forwarded call's
//! second leg, its caller for redials, its arrival time for call records);
//! releasing a call's capacity (both legs) and reporting its record. The
//! run (`run.rs`) starts calls and handles departures with these.
//!
//! Calls are stored at the slot of their departure event in the queue
//! ([`crate::engine::EventKey::slot`]): the queue's slot table doubles as
//! the call table's free list, and a call is dropped by cancelling the
//! departure of its slot. The side tables (legs, callers, arrivals) are
//! indexed by the same slot and grown only by the features that use them.

use super::admission::Admission;
use super::measure::Measurement;
use super::observer::Observer;
use super::records::{CallOutcome, CallRecord};
use super::redials::Caller;
use crate::engine::Seconds;

/// `Call::number` of a free call slot.
const FREE_CALL: u32 = u32::MAX;
/// The bit of `Call::link` that marks a call counted in the statistics.
const COUNTED: u32 = 1 << 31;
/// The bit of `Call::link` that marks a forwarded call (its second leg is in `CallTable::legs`).
const FORWARDED: u32 = 1 << 30;
/// The bit of `Call::link` that marks a call its queue refused (full): it
/// ends with its IVR, blocked as `queue_full`, not completed.
const REFUSED: u32 = 1 << 29;
/// The bit of `Call::link` that marks an outbound dial (its entry is in
/// `CallTable::dialers`).
const OUTBOUND: u32 = 1 << 28;
/// Every flag bit of `Call::link`.
const FLAGS: u32 = COUNTED | FORWARDED | REFUSED | OUTBOUND;

/// A call in progress, 16 bytes.
#[derive(Clone, Copy, Debug)]
pub(super) struct Call {
    /// Its number, or [`FREE_CALL`].
    number: u32,
    /// Its link, with [`COUNTED`] set when it arrived in the measured
    /// window (so its outcome is counted) and [`FORWARDED`] when it has a
    /// second leg, [`REFUSED`] when its queue refused it and [`OUTBOUND`]
    /// for an outbound dial.
    link: u32,
    /// When it will end if nothing drops it, seconds.
    pub(super) end: Seconds,
}

impl Call {
    /// Its number (the dialled one, for a forwarded call).
    #[inline]
    pub(super) fn number(self) -> usize {
        self.number as usize
    }

    /// The link of its (first) leg.
    #[inline]
    pub(super) fn link(self) -> usize {
        (self.link & !FLAGS) as usize
    }

    /// Whether its queue was full when it joined: it ends with its IVR,
    /// blocked (`queue_full`).
    #[inline]
    pub(super) fn refused(self) -> bool {
        self.link & REFUSED != 0
    }

    /// Whether it is refused by its queue or an outbound dial: its end takes
    /// the cold path (one test for both).
    #[inline]
    pub(super) fn unusual(self) -> bool {
        self.link & (REFUSED | OUTBOUND) != 0
    }

    /// Whether it is an outbound dial.
    #[inline]
    pub(super) fn outbound(self) -> bool {
        self.link & OUTBOUND != 0
    }

    #[inline]
    fn forwarded(self) -> bool {
        self.link & FORWARDED != 0
    }

    /// Whether it arrived in the measured window.
    #[inline]
    pub(super) fn counted(self) -> bool {
        self.link & COUNTED != 0
    }

    #[inline]
    fn is_free(self) -> bool {
        self.number == FREE_CALL
    }
}

/// Calls in progress, by departure slot.
#[derive(Debug, Default)]
pub(super) struct CallTable {
    calls: Vec<Call>,
    /// Forwarded calls' second legs (number, link), by slot.
    legs: Vec<(u32, u32)>,
    /// With redials: the source and caller of each call, by slot.
    callers: Vec<(u32, Caller)>,
    /// With call records: each call's arrival time, by slot.
    arrivals: Vec<Seconds>,
    /// With outbound dials: the `[[outbound]]` entry of each dial, by slot.
    dialers: Vec<u32>,
}

impl CallTable {
    /// Slots in use or freed so far (the table's length).
    pub(super) fn len(&self) -> usize {
        self.calls.len()
    }

    /// The call in `slot` (free or not).
    #[inline]
    pub(super) fn get(&self, slot: usize) -> Call {
        self.calls[slot]
    }

    /// Stores a call of `number` on `link` ending at `end` in `slot`, the
    /// slot its departure was given (a freed slot, or the next new one).
    #[inline]
    pub(super) fn insert(&mut self, slot: usize, number: usize, link: usize, counted: bool, end: Seconds) {
        let call = Call { number: number as u32, link: link as u32 | if counted { COUNTED } else { 0 }, end };
        match self.calls.get_mut(slot) {
            Some(c) => *c = call,
            None => self.calls.push(call),
        }
    }

    /// Marks the call in `slot` refused by its full queue.
    pub(super) fn refuse(&mut self, slot: usize) {
        self.calls[slot].link |= REFUSED;
    }

    /// Marks the call in `slot` an outbound dial of entry `j`.
    pub(super) fn set_dialer(&mut self, slot: usize, j: usize) {
        self.dialers.resize(self.calls.len(), 0);
        self.dialers[slot] = j as u32;
        self.calls[slot].link |= OUTBOUND;
    }

    /// The `[[outbound]]` entry of the dial in `slot`.
    #[inline]
    pub(super) fn dialer(&self, slot: usize) -> usize {
        self.dialers[slot] as usize
    }

    /// Gives the call in `slot` a second leg: number `to` on `link`.
    pub(super) fn add_leg(&mut self, slot: usize, to: usize, link: usize) {
        self.legs.resize(self.calls.len(), (0, 0));
        self.legs[slot] = (to as u32, link as u32);
        self.calls[slot].link |= FORWARDED;
    }

    /// The second leg (number, link) of `call`, stored in `slot`, if it was forwarded.
    #[inline]
    pub(super) fn leg(&self, slot: usize, call: Call) -> Option<(usize, usize)> {
        call.forwarded().then(|| {
            let (to, link) = self.legs[slot];
            (to as usize, link as usize)
        })
    }

    /// Marks `slot` free; returns the call it held.
    #[inline]
    pub(super) fn free(&mut self, slot: usize) -> Call {
        let call = self.calls[slot];
        self.calls[slot].number = FREE_CALL;
        call
    }

    /// Records the caller (of source `k`) of the call in `slot`.
    #[inline]
    pub(super) fn set_caller(&mut self, slot: usize, k: usize, caller: Caller) {
        self.callers.resize(self.calls.len(), (0, caller));
        self.callers[slot] = (k as u32, caller);
    }

    /// The source and caller of the call in `slot` (with redials).
    #[inline]
    pub(super) fn caller(&self, slot: usize) -> (usize, Caller) {
        let (k, caller) = self.callers[slot];
        (k as usize, caller)
    }

    /// Records the arrival time of the call in `slot` (for call records).
    #[inline]
    pub(super) fn set_arrival(&mut self, slot: usize, now: Seconds) {
        self.arrivals.resize(self.calls.len(), 0.0);
        self.arrivals[slot] = now;
    }

    /// Every call in progress, with its slot, in slot order.
    pub(super) fn in_progress(&self) -> impl Iterator<Item = (usize, Call)> + '_ {
        self.calls.iter().copied().enumerate().filter(|(_, c)| !c.is_free())
    }

    /// Whether `call` (in `slot`) has a leg on `link`.
    #[inline]
    pub(super) fn uses(&self, slot: usize, call: Call, link: usize) -> bool {
        !call.is_free() && (call.link() == link || self.leg(slot, call).is_some_and(|(_, l2)| l2 == link))
    }

    /// Inbound calls in progress, by the number dialled (`numbers` of
    /// them), whenever they arrived (outbound dials are counted apart).
    pub(super) fn in_progress_by_number(&self, numbers: usize) -> Vec<u64> {
        let mut out = vec![0u64; numbers];
        for (_, call) in self.in_progress() {
            if !call.outbound() {
                out[call.number()] += 1;
            }
        }
        out
    }

    /// Frees the capacity both legs of `call` (in `slot`) held in
    /// `admission`, closing periods at the cap in `measure`.
    #[inline(always)]
    pub(super) fn release(
        &self,
        now: Seconds,
        slot: usize,
        call: Call,
        admission: &mut Admission,
        measure: &mut Measurement,
    ) {
        let number = call.number();
        let was_at_cap = admission.disconnect(number, call.link());
        measure.releasing(now, number, was_at_cap);
        if let Some((to, link)) = self.leg(slot, call) {
            let was_at_cap = admission.disconnect_leg(to, link);
            measure.releasing(now, to, was_at_cap);
        }
    }

    /// Reports the fate of the carried call `call` (in `slot`) to
    /// `observer`, if it wants call records (inbound calls only: call
    /// records are the calls offered to numbers).
    #[inline]
    pub(super) fn record<O: Observer>(
        &self,
        slot: usize,
        call: Call,
        outcome: CallOutcome,
        end_s: Seconds,
        observer: &mut O,
    ) {
        if O::CALLS && !call.outbound() {
            observer.call(&CallRecord {
                arrival_s: self.arrivals[slot],
                number: call.number(),
                link: Some(call.link()),
                outcome,
                end_s,
                measured: call.counted(),
            });
        }
    }
}
