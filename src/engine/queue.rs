//! The event queue: a radix heap on (time, insertion sequence) keys, with
//! O(1) cancellation by key.
//!
//! # Design
//!
//! *Ordering.* Every entry carries one 128-bit key: the bits of its time in
//! seconds (never negative, so the bits order like the value; see
//! [`time_bits`]) above a strictly increasing insertion sequence number.
//! Keys are unique, and two events at the same time pop in the order they
//! were scheduled (first in, first out): a run is a pure function of its
//! inputs.
//!
//! *Why a radix heap.* A discrete-event simulation only ever schedules at or
//! after "now", so the keys it pushes never fall below the last key popped:
//! the queue is *monotone*. A radix heap exploits that. It keeps 129
//! buckets; an entry sits in bucket `b`, the position of the highest bit in
//! which its key differs from the last key popped (bucket 0: equal). Pushing
//! is an append. Popping takes bucket 0 if it holds the minimum; otherwise
//! it takes the lowest non-empty bucket, makes its smallest key the new
//! reference, and redistributes that bucket's entries into lower buckets.
//! Each entry only moves to lower buckets, so it is touched a few times over
//! its life, by sequential appends and scans instead of the random, cache-
//! missing sift paths of a binary heap. `benches/queue.rs` measures it against
//! a binary heap ([`HeapQueue`](super::HeapQueue)) and the `priority-queue`
//! crate at 10^3..10^6 pending events (hold model, ns per pop + push):
//! radix 50 / 59 / 68 / 101, binary heap 46 / 75 / 135 / 686, priority-queue
//! 139 / 210 / 376 / 1902. Within 10% of the binary heap at 10^3 pending, it
//! pulls ahead from 10^4 and is 6.8x faster at 10^6, where simulations of
//! large contact centers live; with a cancel per ten operations it wins at
//! every size.
//!
//! *Keys below the reference.* Peeking can make a pending key the reference
//! before it is popped; a later push between the last popped key and that
//! reference is still valid, and is handled by re-bucketing every entry
//! against the new, smaller reference (O(n), only in that pattern, which a
//! simulation loop never produces). A time before the last popped event
//! (the past) is a caller bug: debug builds panic, release builds schedule
//! it at the current time, after everything already due then.
//!
//! *Cancellation.* An event scheduled with [`EventQueue::schedule_cancellable`]
//! owns a slot (see `slots.rs`); [`EventQueue::cancel`] marks it in O(1) and
//! the entry is discarded when it reaches the front. Cancelled entries are
//! swept out in one O(n) pass once they are more than half of those held,
//! so they never pile up.

use super::slots::{EventKey, NO_SLOT, Slots};
use super::time::{Seconds, time_bits};

/// Buckets: one for "equal to the reference", one per bit of a 128-bit key.
const BUCKETS: usize = 129;
/// Largest allocation (entries) kept aside for reuse when a bucket empties.
const SPARE_MAX: usize = 4096;
/// Sweeps run only once at least this many cancelled entries wait.
const SWEEP_MIN: usize = 1024;

/// Bits of an entry's low key word that hold its slot.
const SLOT_BITS: u32 = 24;
/// The slot code of an entry that owns no slot.
const SLOT_NONE: u64 = (1 << SLOT_BITS) - 1;
/// Most cancellable events pending at once (slots 0..SLOT_NONE).
pub const MAX_CANCELLABLE: usize = SLOT_NONE as usize;
/// Most events one queue may ever schedule (the sequence has 40 bits).
pub const MAX_EVENTS: u64 = 1 << (64 - SLOT_BITS);

/// A pending event in 24 bytes (for an 8-byte `E`): its time bits, then its
/// insertion sequence (40 bits) above its slot (24 bits). The slot never
/// decides an order, since sequence numbers are unique, so the 128-bit
/// `hi:lo` key orders entries by (time, insertion).
#[derive(Clone, Copy)]
struct Entry<E> {
    /// `time_bits(time)`.
    hi: u64,
    /// `sequence << 24 | slot code`.
    lo: u64,
    event: E,
}

impl<E> Entry<E> {
    #[inline]
    fn key(&self) -> u128 {
        ((self.hi as u128) << 64) | self.lo as u128
    }

    #[inline]
    fn time(&self) -> Seconds {
        f64::from_bits(self.hi)
    }

    #[inline]
    fn slot(&self) -> u32 {
        match self.lo & SLOT_NONE {
            SLOT_NONE => NO_SLOT,
            s => s as u32,
        }
    }
}

/// The bucket of `key` relative to the reference `base` (`key >= base`).
#[inline]
fn bucket(key: u128, base: u128) -> usize {
    (128 - (key ^ base).leading_zeros()) as usize
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
    buckets: Vec<Vec<Entry<E>>>,
    /// Bit b set when bucket b is not empty.
    occupied: u128,
    /// Bucket 128's flag does not fit in `occupied`.
    top_occupied: bool,
    /// The reference key of the buckets.
    base: u128,
    /// The key of the last event popped: nothing may be scheduled before it.
    now: u128,
    held: usize,
    next_seq: u64,
    slots: Slots,
    /// A spare vector that receives a bucket being redistributed.
    spare: Vec<Entry<E>>,
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

    /// An empty queue with room for `n` cancellable events before its slot
    /// table reallocates.
    pub fn with_capacity(n: usize) -> Self {
        EventQueue {
            buckets: (0..BUCKETS).map(|_| Vec::new()).collect(),
            occupied: 0,
            top_occupied: false,
            base: 0,
            now: 0,
            held: 0,
            next_seq: 0,
            slots: Slots::with_capacity(n),
            spare: Vec::new(),
        }
    }

    /// Live (scheduled, not cancelled, not yet popped) events.
    pub fn len(&self) -> usize {
        self.held - self.slots.cancelled
    }

    /// True when no live event is pending.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Entries physically held, cancelled ones included (for memory checks).
    pub fn held(&self) -> usize {
        self.held
    }

    #[inline]
    fn mark(&mut self, b: usize) {
        if b < 128 {
            self.occupied |= 1 << b;
        } else {
            self.top_occupied = true;
        }
    }

    #[inline]
    fn unmark_if_empty(&mut self, b: usize) {
        if self.buckets[b].is_empty() {
            if b < 128 {
                self.occupied &= !(1 << b);
            } else {
                self.top_occupied = false;
            }
        }
    }

    #[inline]
    fn push(&mut self, time: Seconds, slot: u32, event: E, seq: u64) {
        debug_assert!(time >= 0.0, "bad event time {time}");
        assert!(seq < MAX_EVENTS, "more than {MAX_EVENTS} events scheduled on one queue");
        let code = if slot == NO_SLOT { SLOT_NONE } else { slot as u64 };
        let mut entry = Entry { hi: time_bits(time), lo: (seq << SLOT_BITS) | code, event };
        if entry.key() < self.now {
            debug_assert!(false, "event scheduled in the past: {time} s");
            entry.hi = (self.now >> 64) as u64;
        }
        let key = entry.key();
        if key < self.base {
            self.rebase(key);
        }
        let b = bucket(key, self.base);
        self.buckets[b].push(entry);
        self.mark(b);
        self.held += 1;
    }

    /// Makes `base` (below every held key) the reference and re-buckets all entries.
    #[cold]
    fn rebase(&mut self, base: u128) {
        let mut all = std::mem::take(&mut self.spare);
        for b in 0..BUCKETS {
            all.append(&mut self.buckets[b]);
        }
        self.occupied = 0;
        self.top_occupied = false;
        self.base = base;
        for e in all.drain(..) {
            let b = bucket(e.key(), base);
            self.buckets[b].push(e);
            self.mark(b);
        }
        self.spare = all;
    }

    /// Schedules `event` at absolute simulated time `time` (seconds, >= 0;
    /// +infinity means never). Such an event cannot be cancelled; it costs
    /// less than a cancellable one.
    #[inline]
    pub fn schedule(&mut self, time: Seconds, event: E) {
        let seq = self.next_seq;
        self.next_seq += 1;
        self.push(time, NO_SLOT, event, seq);
    }

    /// Schedules `event` at absolute simulated time `time` (seconds) and
    /// returns the key that cancels it.
    #[inline]
    pub fn schedule_cancellable(&mut self, time: Seconds, event: E) -> EventKey {
        self.schedule_cancellable_with(time, |_| event)
    }

    /// Like [`EventQueue::schedule_cancellable`], with the event built from
    /// its own key (so that it can carry its slot, say).
    #[inline]
    pub fn schedule_cancellable_with(&mut self, time: Seconds, event: impl FnOnce(EventKey) -> E) -> EventKey {
        let seq = self.next_seq;
        self.next_seq += 1;
        let key = self.slots.allocate(seq);
        assert!(
            (key.slot() as usize) < MAX_CANCELLABLE,
            "more than {MAX_CANCELLABLE} cancellable events pending (calls in progress) at once"
        );
        self.push(time, key.slot(), event(key), seq);
        key
    }

    /// Cancels the event of `key`. Returns false, and changes nothing, when
    /// that event already ran or was already cancelled.
    pub fn cancel(&mut self, key: EventKey) -> bool {
        let done = self.slots.cancel(key);
        if done && self.slots.cancelled >= SWEEP_MIN && self.slots.cancelled * 2 > self.held {
            self.sweep();
        }
        done
    }

    /// Cancels the pending cancellable event that owns `slot`, if any.
    pub fn cancel_slot(&mut self, slot: u32) -> bool {
        match self.slots.key_of(slot) {
            Some(key) => self.cancel(key),
            None => false,
        }
    }

    /// Removes every cancelled entry in one pass.
    fn sweep(&mut self) {
        let slots = &mut self.slots;
        let mut removed = 0;
        for b in 0..BUCKETS {
            self.buckets[b].retain(|e| {
                let keep = !slots.is_cancelled(e.slot());
                if !keep {
                    slots.release(e.slot());
                    removed += 1;
                }
                keep
            });
        }
        self.held -= removed;
        for b in 0..BUCKETS {
            self.unmark_if_empty(b);
        }
    }

    /// Makes bucket 0 hold the minimum entry, if any entry is held.
    #[inline]
    fn settle(&mut self) -> bool {
        if self.occupied & 1 != 0 {
            return true;
        }
        let b = if self.occupied != 0 {
            self.occupied.trailing_zeros() as usize
        } else if self.top_occupied {
            128
        } else {
            return false;
        };
        // Swap the bucket with the spare (empty) vector, so that both
        // allocations are reused; the spare is then redistributed.
        std::mem::swap(&mut self.spare, &mut self.buckets[b]);
        self.unmark_if_empty(b);
        let base = self.spare.iter().map(|e| e.key()).min().expect("an occupied bucket has entries");
        self.base = base;
        for i in 0..self.spare.len() {
            let e = self.spare[i];
            let nb = bucket(e.key(), base);
            self.buckets[nb].push(e);
            self.mark(nb);
        }
        self.spare.clear();
        // A large allocation would otherwise travel from bucket to bucket
        // through the swaps and stay behind in each: free it instead, so
        // memory follows the live entries.
        if self.spare.capacity() > SPARE_MAX {
            self.spare = Vec::new();
        }
        true
    }

    /// Removes the front entry (bucket 0 holds exactly one: keys are unique).
    #[inline]
    fn take_front(&mut self) -> Entry<E> {
        let e = self.buckets[0].pop().expect("settled");
        self.occupied &= !1;
        self.held -= 1;
        self.now = e.key();
        e
    }

    /// Pops the earliest live event, with its time in seconds.
    #[inline]
    pub fn pop(&mut self) -> Option<(Seconds, E)> {
        while self.settle() {
            let e = self.take_front();
            if !self.slots.release(e.slot()) {
                return Some((e.time(), e.event));
            }
        }
        None
    }

    /// Pops the earliest live event if its time is strictly before `limit`
    /// (seconds); otherwise leaves the queue as it is and returns `None`.
    #[inline]
    pub fn pop_before(&mut self, limit: Seconds) -> Option<(Seconds, E)> {
        while self.settle() {
            let front = &self.buckets[0][0];
            if self.slots.is_cancelled(front.slot()) {
                let e = self.take_front();
                self.slots.release(e.slot());
                continue;
            }
            if front.time() >= limit {
                return None;
            }
            let e = self.take_front();
            self.slots.release(e.slot());
            return Some((e.time(), e.event));
        }
        None
    }

    /// The time of the earliest live event, in seconds.
    pub fn peek_time(&mut self) -> Option<Seconds> {
        while self.settle() {
            let front = self.buckets[0][0];
            if !self.slots.is_cancelled(front.slot()) {
                return Some(front.time());
            }
            let e = self.take_front();
            self.slots.release(e.slot());
        }
        None
    }

    /// Drops every pending event; keeps the allocated memory for reuse.
    pub fn clear(&mut self) {
        for b in &mut self.buckets {
            b.clear();
        }
        self.occupied = 0;
        self.top_occupied = false;
        self.base = 0;
        self.now = 0;
        self.held = 0;
        self.slots.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::super::HeapQueue;
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
        assert_eq!(old.slot(), new.slot());
        assert!(!q.cancel(old));
        assert!(!q.cancel_slot(7), "no event owns slot 7");
        assert_eq!(q.pop(), Some((2.0, 2)));
    }

    #[test]
    fn events_can_carry_their_own_slot() {
        let mut q = EventQueue::new();
        let k = q.schedule_cancellable_with(4.0, |key| key.slot());
        assert_eq!(q.pop(), Some((4.0, k.slot())));
        let k = q.schedule_cancellable_with(5.0, |key| key.slot());
        assert!(q.cancel_slot(k.slot()));
        assert_eq!(q.pop(), None);
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
        // After a peek made 3.0 the reference, an earlier (but not past) push still comes first.
        q.schedule(2.5, 25);
        assert_eq!(q.pop(), Some((2.5, 25)));
        assert_eq!(q.pop(), Some((3.0, 3)));
    }

    #[test]
    fn infinite_times_never_come_before_finite_ones() {
        let mut q = EventQueue::new();
        q.schedule(f64::INFINITY, 'n');
        q.schedule(1e300, 'l');
        assert_eq!(q.pop_before(f64::MAX), Some((1e300, 'l')));
        assert_eq!(q.pop_before(f64::MAX), None);
        assert_eq!(q.pop(), Some((f64::INFINITY, 'n')));
    }

    #[test]
    fn cancelled_entries_are_swept_so_they_never_pile_up() {
        let mut q = EventQueue::new();
        let keys: Vec<EventKey> = (0..10_000u32).map(|i| q.schedule_cancellable(1e6 + i as f64, i)).collect();
        for k in &keys[..9_000] {
            assert!(q.cancel(*k));
        }
        assert_eq!(q.len(), 1_000);
        assert!(q.held() <= 2 * q.len() + SWEEP_MIN, "held {}", q.held());
        let popped: Vec<u32> = std::iter::from_fn(|| q.pop().map(|(_, e)| e)).collect();
        assert_eq!(popped, (9_000..10_000).collect::<Vec<_>>());
    }

    #[test]
    fn matches_the_binary_heap_under_random_operations() {
        // A deterministic pseudo-random mix of schedules (at or after now,
        // with many ties), cancels, pops and peeks, run on both queues.
        let mut radix = EventQueue::new();
        let mut heap = HeapQueue::default();
        let mut keys = Vec::new();
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let mut now = 0.0f64;
        for id in 0..200_000u32 {
            match next() % 8 {
                0..=3 => {
                    let t = now + (next() % 64) as f64 * 0.25;
                    if next() % 2 == 0 {
                        keys.push((radix.schedule_cancellable(t, id), heap.schedule_cancellable(t, id)));
                    } else {
                        radix.schedule(t, id);
                        heap.schedule(t, id);
                    }
                }
                4 if !keys.is_empty() => {
                    let (a, b) = keys.swap_remove((next() % keys.len() as u64) as usize);
                    assert_eq!(radix.cancel(a), heap.cancel(b));
                }
                5 => {
                    let _ = radix.peek_time();
                }
                _ => {
                    let got = radix.pop();
                    assert_eq!(got, heap.pop());
                    if let Some((t, _)) = got {
                        assert!(t >= now, "time went backwards");
                        now = t;
                    }
                }
            }
            assert_eq!(radix.len(), heap.len());
        }
        while let Some(e) = heap.pop() {
            assert_eq!(radix.pop(), Some(e));
        }
        assert_eq!(radix.pop(), None);
    }
}
