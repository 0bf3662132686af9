//! The event queue: a binary min-heap ordered by (time, insertion sequence),
//! with O(1) cancellation by key.
//!
//! # Design
//!
//! *Ordering.* Each entry carries one 128-bit sort key: the bits of its time
//! (seconds, never negative, so the bits order like the value; see
//! [`time_bits`]) in the high half and a strictly increasing insertion
//! sequence number in the low half. Two events at the same time therefore run
//! in the order they were scheduled (first in, first out), which makes a run
//! a pure function of its inputs, and a single integer comparison orders two
//! entries.
//!
//! *Cancellation.* An event scheduled with [`EventQueue::schedule_cancellable`]
//! owns a *slot*: a small integer whose cell in `slots` holds the sequence
//! number of the event that owns it. [`EventQueue::cancel`] marks the cell as
//! cancelled in O(1); the heap entry stays where it is and is discarded when
//! it reaches the top (lazy deletion). A slot is recycled only once its entry
//! has left the heap, and a key names both slot and sequence number, so
//! cancelling a key whose event already ran, or was already cancelled, is
//! detected and refused rather than hitting a newer event. Events scheduled
//! with [`EventQueue::schedule`] own no slot and cost nothing extra.
//!
//! *Why not an indexed heap?* An indexed priority queue (the
//! `priority-queue` crate) removes a cancelled entry at once in O(log n), but
//! must update a position map on every swap of every push and pop. Calls are
//! cancelled rarely (only when a failure drops them) while every call is
//! pushed and popped, so lazy deletion wins; the `queue` criterion bench
//! measures both (see README, Performance).
//!
//! *Bounded garbage.* Cancelled entries that pile up are swept out in one
//! O(n) pass once they are more than half of the heap, so the heap never
//! holds more than twice the live events (plus a small constant).

use super::time::{Seconds, time_bits};
use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// Marks an entry that owns no slot (not cancellable).
const NO_SLOT: u32 = u32::MAX;
/// A slot cell value meaning "the event of this slot was cancelled".
const CANCELLED: u64 = u64::MAX;
/// A slot cell value meaning "free".
const FREE: u64 = u64::MAX - 1;
/// Sweeps run only once at least this many cancelled entries wait.
const SWEEP_MIN: usize = 1024;

/// The handle of a cancellable event, returned by
/// [`EventQueue::schedule_cancellable`] and taken by [`EventQueue::cancel`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct EventKey {
    slot: u32,
    seq: u64,
}

#[derive(Clone, Copy)]
struct Entry<E> {
    /// `time_bits(time) << 64 | sequence`.
    key: u128,
    slot: u32,
    event: E,
}

impl<E> Entry<E> {
    #[inline]
    fn time(&self) -> Seconds {
        f64::from_bits((self.key >> 64) as u64)
    }
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
    /// Reversed, so that std's max-heap pops the earliest (time, sequence).
    #[inline]
    fn cmp(&self, other: &Self) -> Ordering {
        other.key.cmp(&self.key)
    }
}

/// A queue of future events of type `E`, popped in (time, insertion) order.
///
/// ```
/// use callsim::engine::EventQueue;
/// let mut q = EventQueue::new();
/// q.schedule(2.0, 'b');
/// let key = q.schedule_cancellable(1.0, 'x');
/// q.schedule(1.0, 'a');
/// assert!(q.cancel(key));
/// assert_eq!(q.pop(), Some((1.0, 'a')));
/// assert_eq!(q.pop(), Some((2.0, 'b')));
/// assert_eq!(q.pop(), None);
/// ```
pub struct EventQueue<E> {
    heap: BinaryHeap<Entry<E>>,
    next_seq: u64,
    /// Per slot: the sequence number of its pending event, `CANCELLED` or `FREE`.
    slots: Vec<u64>,
    free_slots: Vec<u32>,
    /// Cancelled entries still in the heap.
    cancelled: usize,
}

impl<E: Copy> Default for EventQueue<E> {
    fn default() -> Self {
        Self::new()
    }
}

impl<E: Copy> EventQueue<E> {
    /// An empty queue.
    pub fn new() -> Self {
        Self::with_capacity(0)
    }

    /// An empty queue with room for `n` pending events before it reallocates.
    pub fn with_capacity(n: usize) -> Self {
        EventQueue {
            heap: BinaryHeap::with_capacity(n),
            next_seq: 0,
            slots: Vec::with_capacity(n),
            free_slots: Vec::with_capacity(n),
            cancelled: 0,
        }
    }

    /// Live (scheduled, not cancelled, not yet popped) events.
    pub fn len(&self) -> usize {
        self.heap.len() - self.cancelled
    }

    /// True when no live event is pending.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Entries physically held, cancelled ones included (for memory checks).
    pub fn held(&self) -> usize {
        self.heap.len()
    }

    #[inline]
    fn push(&mut self, time: Seconds, slot: u32, event: E) -> u64 {
        // +infinity is allowed and means "never" (it sorts after every finite time).
        debug_assert!(time >= 0.0, "bad event time {time}");
        let seq = self.next_seq;
        self.next_seq += 1;
        let key = ((time_bits(time) as u128) << 64) | seq as u128;
        self.heap.push(Entry { key, slot, event });
        seq
    }

    /// Schedules `event` at absolute simulated time `time` (seconds, >= 0;
    /// +infinity means never). Such an event cannot be cancelled; it costs
    /// less than a cancellable one.
    #[inline]
    pub fn schedule(&mut self, time: Seconds, event: E) {
        self.push(time, NO_SLOT, event);
    }

    /// Schedules `event` at absolute simulated time `time` (seconds) and
    /// returns the key that cancels it.
    #[inline]
    pub fn schedule_cancellable(&mut self, time: Seconds, event: E) -> EventKey {
        let slot = match self.free_slots.pop() {
            Some(s) => s,
            None => {
                let s = u32::try_from(self.slots.len())
                    .ok()
                    .filter(|&s| s != NO_SLOT)
                    .expect("more than 4 billion cancellable events pending");
                self.slots.push(FREE);
                s
            }
        };
        let seq = self.push(time, slot, event);
        self.slots[slot as usize] = seq;
        EventKey { slot, seq }
    }

    /// Cancels the event of `key`. Returns false, and changes nothing, when
    /// that event already ran or was already cancelled.
    pub fn cancel(&mut self, key: EventKey) -> bool {
        match self.slots.get_mut(key.slot as usize) {
            Some(cell) if *cell == key.seq => {
                *cell = CANCELLED;
                self.cancelled += 1;
                if self.cancelled >= SWEEP_MIN && self.cancelled * 2 > self.heap.len() {
                    self.sweep();
                }
                true
            }
            _ => false,
        }
    }

    /// Removes every cancelled entry from the heap in one pass.
    fn sweep(&mut self) {
        let slots = &mut self.slots;
        let free = &mut self.free_slots;
        self.heap.retain(|e| {
            if e.slot != NO_SLOT && slots[e.slot as usize] == CANCELLED {
                slots[e.slot as usize] = FREE;
                free.push(e.slot);
                false
            } else {
                true
            }
        });
        self.cancelled = 0;
    }

    /// Releases the slot of a popped entry; true when the entry was cancelled.
    #[inline]
    fn release(&mut self, slot: u32) -> bool {
        if slot == NO_SLOT {
            return false;
        }
        let cell = &mut self.slots[slot as usize];
        let was_cancelled = *cell == CANCELLED;
        *cell = FREE;
        self.free_slots.push(slot);
        if was_cancelled {
            self.cancelled -= 1;
        }
        was_cancelled
    }

    /// Pops the earliest live event, with its time in seconds.
    #[inline]
    pub fn pop(&mut self) -> Option<(Seconds, E)> {
        loop {
            let e = self.heap.pop()?;
            if !self.release(e.slot) {
                return Some((e.time(), e.event));
            }
        }
    }

    /// Pops the earliest live event if its time is strictly before `limit`
    /// (seconds); otherwise leaves the queue as it is and returns `None`.
    #[inline]
    pub fn pop_before(&mut self, limit: Seconds) -> Option<(Seconds, E)> {
        loop {
            let top = self.heap.peek()?;
            if top.slot != NO_SLOT && self.slots[top.slot as usize] == CANCELLED {
                let slot = top.slot;
                self.heap.pop();
                self.release(slot);
                continue;
            }
            if top.time() >= limit {
                return None;
            }
            let e = self.heap.pop()?;
            self.release(e.slot);
            return Some((e.time(), e.event));
        }
    }

    /// The time of the earliest live event, in seconds.
    pub fn peek_time(&mut self) -> Option<Seconds> {
        loop {
            let top = self.heap.peek()?;
            if top.slot != NO_SLOT && self.slots[top.slot as usize] == CANCELLED {
                let slot = top.slot;
                self.heap.pop();
                self.release(slot);
                continue;
            }
            return Some(top.time());
        }
    }

    /// Drops every pending event; keeps the allocated memory for reuse.
    pub fn clear(&mut self) {
        self.heap.clear();
        self.slots.clear();
        self.free_slots.clear();
        self.cancelled = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_times_pop_first_in_first_out() {
        let mut q = EventQueue::new();
        for i in 0..100u32 {
            q.schedule(5.0, i);
        }
        q.schedule(1.0, 1000);
        assert_eq!(q.pop(), Some((1.0, 1000)));
        for i in 0..100u32 {
            assert_eq!(q.pop(), Some((5.0, i)));
        }
        assert!(q.is_empty());
    }

    #[test]
    fn cancel_removes_only_its_event() {
        let mut q = EventQueue::new();
        let a = q.schedule_cancellable(1.0, 'a');
        let b = q.schedule_cancellable(2.0, 'b');
        q.schedule(3.0, 'c');
        assert_eq!(q.len(), 3);
        assert!(q.cancel(a));
        assert!(!q.cancel(a), "second cancel of the same key is refused");
        assert_eq!(q.len(), 2);
        assert_eq!(q.pop(), Some((2.0, 'b')));
        assert!(!q.cancel(b), "an event that ran cannot be cancelled");
        assert_eq!(q.pop(), Some((3.0, 'c')));
        assert_eq!(q.pop(), None);
    }

    #[test]
    fn stale_key_does_not_cancel_the_slots_next_owner() {
        let mut q = EventQueue::new();
        let old = q.schedule_cancellable(1.0, 1);
        assert_eq!(q.pop(), Some((1.0, 1)));
        let new = q.schedule_cancellable(2.0, 2); // reuses the slot
        assert_eq!(old.slot, new.slot);
        assert!(!q.cancel(old));
        assert_eq!(q.pop(), Some((2.0, 2)));
    }

    #[test]
    fn pop_before_respects_the_limit_and_skips_cancelled() {
        let mut q = EventQueue::new();
        let k = q.schedule_cancellable(1.0, 1);
        q.schedule(2.0, 2);
        q.schedule(3.0, 3);
        q.cancel(k);
        assert_eq!(q.peek_time(), Some(2.0));
        assert_eq!(q.pop_before(2.5), Some((2.0, 2)));
        assert_eq!(q.pop_before(3.0), None, "the limit is exclusive");
        assert_eq!(q.len(), 1);
    }

    #[test]
    fn cancelled_entries_are_swept_so_they_never_pile_up() {
        let mut q = EventQueue::new();
        let mut keys = Vec::new();
        for i in 0..10_000u32 {
            keys.push(q.schedule_cancellable(1e6 + i as f64, i));
        }
        for k in &keys[..9_000] {
            assert!(q.cancel(*k));
        }
        assert_eq!(q.len(), 1_000);
        assert!(q.held() <= 2 * q.len() + SWEEP_MIN, "held {}", q.held());
        let popped: Vec<u32> = std::iter::from_fn(|| q.pop().map(|(_, e)| e)).collect();
        assert_eq!(popped, (9_000..10_000).collect::<Vec<_>>());
    }

    #[test]
    fn matches_a_sorted_reference_under_random_operations() {
        // A deterministic pseudo-random mix of schedules, cancels and pops,
        // checked against a plain vector kept sorted by (time, sequence).
        let mut q = EventQueue::new();
        let mut reference: Vec<(u64, u64, u32)> = Vec::new(); // (time, seq, id)
        let mut keys = Vec::new();
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let mut seq = 0u64;
        let mut now = 0u64;
        for id in 0..20_000u32 {
            match next() % 4 {
                0 | 1 => {
                    let t = now + next() % 50;
                    keys.push((q.schedule_cancellable(t as f64, id), seq));
                    reference.push((t, seq, id));
                    seq += 1;
                }
                2 if !keys.is_empty() => {
                    let (k, s) = keys.swap_remove((next() % keys.len() as u64) as usize);
                    let present = reference.iter().position(|r| r.1 == s);
                    assert_eq!(q.cancel(k), present.is_some());
                    if let Some(p) = present {
                        reference.remove(p);
                    }
                }
                _ => {
                    reference.sort();
                    let want = if reference.is_empty() { None } else { Some(reference.remove(0)) };
                    let got = q.pop();
                    assert_eq!(got.map(|(t, e)| (t as u64, e)), want.map(|w| (w.0, w.2)));
                    if let Some((t, _)) = got {
                        now = t as u64;
                    }
                }
            }
            assert_eq!(q.len(), reference.len());
        }
    }
}
