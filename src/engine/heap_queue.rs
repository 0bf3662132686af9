//! A binary-heap event queue with the same interface and ordering as
//! [`EventQueue`](super::EventQueue). It was callsim's queue until the radix
//! queue beat it at every size; it stays as the reference the radix queue
//! is checked against (randomized tests) and measured against
//! (`benches/queue.rs`).
//!
//! Entries are ordered by one 128-bit key, the bits of the time (never
//! negative, so they order like the value) above the insertion sequence:
//! equal times pop first in, first out. Cancellation is lazy, through
//! [`Slots`](super::slots).

use super::slots::{EventKey, NO_SLOT, Slots};
use super::time::{Seconds, time_bits};
use std::cmp::Ordering;
use std::collections::BinaryHeap;

#[derive(Clone, Copy)]
struct Entry<E> {
    key: u128,
    slot: u32,
    event: E,
}

impl<E> PartialEq for Entry<E> {
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key
    }
}
impl<E> Eq for Entry<E> {}
impl<E> PartialOrd for Entry<E> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl<E> Ord for Entry<E> {
    /// Reversed, so that std's max-heap pops the earliest key.
    #[inline]
    fn cmp(&self, other: &Self) -> Ordering {
        other.key.cmp(&self.key)
    }
}

/// A binary-heap queue of future events of type `E`.
pub struct HeapQueue<E> {
    heap: BinaryHeap<Entry<E>>,
    next_seq: u64,
    slots: Slots,
}

impl<E: Copy> Default for HeapQueue<E> {
    fn default() -> Self {
        Self::with_capacity(0)
    }
}

impl<E: Copy> HeapQueue<E> {
    /// An empty queue with room for `n` pending events.
    pub fn with_capacity(n: usize) -> Self {
        HeapQueue { heap: BinaryHeap::with_capacity(n), next_seq: 0, slots: Slots::with_capacity(n) }
    }

    /// Live events pending.
    pub fn len(&self) -> usize {
        self.heap.len() - self.slots.cancelled
    }

    /// True when no live event is pending.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    #[inline]
    fn push(&mut self, time: Seconds, slot: u32, event: E, seq: u64) {
        let key = ((time_bits(time) as u128) << 64) | seq as u128;
        self.heap.push(Entry { key, slot, event });
    }

    /// Schedules `event` at `time` (seconds); not cancellable.
    #[inline]
    pub fn schedule(&mut self, time: Seconds, event: E) {
        let seq = self.next_seq;
        self.next_seq += 1;
        self.push(time, NO_SLOT, event, seq);
    }

    /// Schedules `event` at `time` (seconds) and returns its key.
    #[inline]
    pub fn schedule_cancellable(&mut self, time: Seconds, event: E) -> EventKey {
        let seq = self.next_seq;
        self.next_seq += 1;
        let key = self.slots.allocate(seq);
        self.push(time, key.slot(), event, seq);
        key
    }

    /// Cancels the event of `key`; false when it already ran or was cancelled.
    pub fn cancel(&mut self, key: EventKey) -> bool {
        self.slots.cancel(key)
    }

    /// Pops the earliest live event.
    #[inline]
    pub fn pop(&mut self) -> Option<(Seconds, E)> {
        loop {
            let e = self.heap.pop()?;
            if !self.slots.release(e.slot) {
                return Some((f64::from_bits((e.key >> 64) as u64), e.event));
            }
        }
    }
}

impl<E> std::fmt::Debug for HeapQueue<E> {
    /// The queue's size, not its entries (there may be millions).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HeapQueue").field("pending", &self.heap.len()).field("next_seq", &self.next_seq).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pops_in_time_then_insertion_order_and_skips_cancelled() {
        let mut q = HeapQueue::default();
        q.schedule(2.0, 'c');
        let k = q.schedule_cancellable(1.0, 'x');
        q.schedule(1.0, 'a');
        q.schedule(1.0, 'b');
        assert!(q.cancel(k));
        assert_eq!(q.len(), 3);
        let order: Vec<char> = std::iter::from_fn(|| q.pop().map(|(_, e)| e)).collect();
        assert_eq!(order, ['a', 'b', 'c']);
    }
}
