//! A pending event as the event queues store it: 24 bytes for an 8-byte
//! event, ordered by one 128-bit key.

use super::slots::NO_SLOT;
use super::time::Seconds;

/// Bits of an entry's low key word that hold its slot.
pub(super) const SLOT_BITS: u32 = 24;
/// The slot code of an entry that owns no slot.
pub(super) const SLOT_NONE: u64 = (1 << SLOT_BITS) - 1;

/// A pending event in 24 bytes (for an 8-byte `E`): its time bits, then its
/// insertion sequence (40 bits) above its slot (24 bits). The slot never
/// decides an order, since sequence numbers are unique, so the 128-bit
/// `hi:lo` key orders entries by (time, insertion).
#[derive(Clone, Copy)]
pub(super) struct Entry<E> {
    /// `time_bits(time)`.
    pub(super) hi: u64,
    /// `sequence << 24 | slot code`.
    pub(super) lo: u64,
    pub(super) event: E,
}

impl<E> Entry<E> {
    /// The entry's order: time bits above sequence and slot.
    #[inline(always)]
    pub(super) fn key(&self) -> u128 {
        ((self.hi as u128) << 64) | self.lo as u128
    }

    #[inline(always)]
    pub(super) fn time(&self) -> Seconds {
        f64::from_bits(self.hi)
    }

    #[inline(always)]
    pub(super) fn slot(&self) -> u32 {
        match self.lo & SLOT_NONE {
            SLOT_NONE => NO_SLOT,
            s => s as u32,
        }
    }
}

/// Where an event stands in the queue's order: its time, then the
/// insertion sequence number the queue gave it (see
/// [`EventQueue::order`](super::EventQueue::order)). Orders compare like the
/// queue's entries, so an event kept outside the queue (a traffic source's
/// next arrival, say) runs exactly where it would have run inside it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Order(pub(super) u128);

impl Order {
    /// After every event: nothing is pending.
    pub const NEVER: Order = Order(u128::MAX);

    /// Before every event at `time` seconds or later, after every event
    /// before it: the limit of a run that stops at `time`.
    #[inline]
    pub fn at(time: Seconds) -> Order {
        Order((super::time::time_bits(time) as u128) << 64)
    }

    /// The order of the event of sequence number `seq` at `time`, that owns no slot.
    #[inline(always)]
    pub(super) fn of(time: Seconds, seq: u64) -> Order {
        Order(((super::time::time_bits(time) as u128) << 64) | ((seq << SLOT_BITS) | SLOT_NONE) as u128)
    }

    /// The event's time, seconds.
    #[inline(always)]
    pub fn time(self) -> Seconds {
        f64::from_bits((self.0 >> 64) as u64)
    }
}
