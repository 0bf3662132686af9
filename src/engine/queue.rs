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
//! radix 51 / 57 / 65 / 76, binary heap 47 / 75 / 152 / 726, priority-queue
//! 144 / 216 / 486 / 2031. Within 10% of the binary heap at 10^3 pending, it
//! pulls ahead from 10^4 and is 9.5x faster at 10^6, where simulations of
//! large contact centers live; with a cancel per ten operations it wins at
//! every size.
//!
//! *Memory: buckets of chunks.* A bucket is not one vector but a list of
//! chunks of `CHUNK` (512) entries: vectors double as they grow, and with
//! several large buckets at once their capacity reached 1.95x the entries
//! at 10^6 pending. Full chunks come from a free pool owned by the queue,
//! and go back to it as soon as a redistribution has read them, so the
//! pushes into the lower buckets reuse them at once; a chunk is allocated
//! only when none is free. The chunks ever allocated are thus the most in
//! use at once: the entries, plus one partly filled tail chunk per bucket
//! and the one being read (a fixed 1.6 MB at most, whatever the size). A
//! tail starts small and doubles up to a chunk, so small queues stay small,
//! and stays with its bucket when the bucket empties, so that once warm the
//! queue allocates nothing. A call in progress costs 49 bytes in all
//! (`benches/memory.rs`; 86 with one vector per bucket), and the chunked
//! queue is also 4-7% faster in the hold model (a redistribution moves
//! entries from a bucket to the lower ones, borrowed apart, instead of
//! swapping the bucket's vector with a spare one). Entries keep
//! their insertion order within a bucket (not that it decides anything:
//! keys are unique).
//!
//! *The front heap.* A binary radix heap moves each entry once per level
//! it descends, and entries spread over a second of simulated time descend
//! about log2(n) levels: at 10^4 pending departures the buckets' moves were
//! 80% of the simulator's instructions (523 of 646 per event). So once the
//! lowest occupied bucket holds at most [`FRONT_HEAP_MAX`] (256) entries it is
//! not redistributed: it becomes a binary heap (`keyheap.rs`), the front heap, which then
//! holds every key below that bucket's upper bound (the next multiple of
//! 2^b above the reference), and the buckets hold every key at or above it.
//! A push below the bound goes into the heap; pops take from the heap until
//! it is empty, then the buckets go on as before. Its few hundred entries
//! stay in the first-level cache, and each entry skips the last eight levels
//! of moves for one sift path of eight binary levels. (Binary rather than
//! the small queue's 4-ary: the front heap is built from a bucket at once
//! and mostly popped, and 4-ary it cost 7.6 instructions per event more at
//! 10^4 pending, 498 against 491.) If pushes into its range grow
//! it past twice that size, it spills back into the buckets (the reference
//! has not moved since it took its bucket, so nothing else moves), and the
//! descent resumes. In the hold model (`benches/queue.rs`, `front`) it took
//! 10^4 pending from 137 to 71 ns per operation and 10^6 from 119 to 98.
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
//! so they never pile up: each bucket slides its remaining entries down over
//! its chunks, in order, and returns the chunks left empty to the pool.

use super::entry::{Entry, SLOT_BITS, SLOT_NONE};
use super::keyheap::KeyHeap;
use super::slots::{EventKey, NO_SLOT, Slots};
use super::time::{Seconds, time_bits};

pub use super::entry::Order;

/// Buckets: one for "equal to the reference", one per bit of a 128-bit key.
const BUCKETS: usize = 129;
/// Entries per full chunk (12 KiB of 24-byte entries).
const CHUNK: usize = 512;
/// Sweeps run only once at least this many cancelled entries wait.
const SWEEP_MIN: usize = 1024;
/// Most entries kept below the reference (see "Keys below the reference")
/// before they are re-bucketed with the others.
const BELOW_MAX: usize = 64;
/// The adaptive queue's switch ([`EventQueue::with_small_heap`]): a 4-ary
/// heap up to this many entries held, a radix heap above (and back to the
/// heap below a quarter of it). `benches/queue.rs` (`switch`) measures the
/// crossover in the hold model; in the M/M/c/c simulation the two run
/// level at 4,096 calls in progress, the heap 1.06x the radix heap's
/// events per second at 2,048 and 0.95x at 8,192 (README, Performance).
pub const SMALL_HEAP_MAX: usize = 4096;
/// The radix heap's front heap ([`EventQueue::with_front_heap`]): the
/// lowest occupied bucket goes into a binary heap, instead of being
/// redistributed, once it holds at most this many entries.
/// `benches/queue.rs` (`front`) measures the choice.
pub const FRONT_HEAP_MAX: usize = 256;

/// Most cancellable events pending at once (slots 0..SLOT_NONE).
pub const MAX_CANCELLABLE: usize = SLOT_NONE as usize;
/// Most events one queue may ever schedule (the sequence has 40 bits).
pub const MAX_EVENTS: u64 = 1 << (64 - SLOT_BITS);

/// Why an event could not be scheduled: the queue is at one of its hard
/// limits. Nothing was scheduled and the queue is unchanged; the run that
/// hit it cannot go on as designed (it is too large for the engine).
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum QueueError {
    /// Cancellable events pending at once (calls in progress) would exceed `limit`.
    #[error("more than {limit} cancellable events pending (calls in progress) at once")]
    TooManyPending {
        /// The queue's limit ([`MAX_CANCELLABLE`] unless lowered).
        limit: usize,
    },
    /// Events scheduled over the queue's life would exceed `limit`.
    #[error("more than {limit} events scheduled on one queue")]
    TooManyEvents {
        /// [`MAX_EVENTS`].
        limit: u64,
    },
}

/// Panics with `e`: the infallible scheduling calls' response to a full queue.
#[cold]
#[inline(never)]
fn full(e: QueueError) -> ! {
    panic!("{e}")
}

/// The bucket of `key` relative to the reference `base` (`key >= base`).
#[inline]
fn bucket(key: u128, base: u128) -> usize {
    (128 - (key ^ base).leading_zeros()) as usize
}

/// A run of entries. A bucket's tail chunk grows like a vector up to
/// [`CHUNK`] entries (small buckets stay small); every other chunk has a
/// capacity of exactly `CHUNK` (`Vec::with_capacity` is exact).
type Chunk<E> = Vec<Entry<E>>;

/// The entries of one bucket, in insertion order: the full chunks, then the
/// tail chunk that pushes append to.
struct Bucket<E> {
    /// Chunks that filled up, in order; none is empty.
    full: Vec<Chunk<E>>,
    /// The chunk being filled; kept (emptied) when the bucket empties, so
    /// that a bucket that refills does not allocate.
    tail: Chunk<E>,
}

impl<E> Bucket<E> {
    fn new() -> Self {
        Bucket { full: Vec::new(), tail: Vec::new() }
    }

    #[inline]
    fn is_empty(&self) -> bool {
        self.tail.is_empty() && self.full.is_empty()
    }

    /// Chunk `i` in order (the tail is the last, at index `full.len()`).
    #[inline]
    fn chunk(&mut self, i: usize) -> &mut Chunk<E> {
        if i < self.full.len() { &mut self.full[i] } else { &mut self.tail }
    }
}

impl<E: Copy> Bucket<E> {
    /// Appends `e`.
    #[inline]
    fn push(&mut self, e: Entry<E>, pool: &mut Pool<E>) {
        // (Written so that the vector's own capacity check folds away.)
        if self.tail.len() < self.tail.capacity() {
            self.tail.push(e);
        } else {
            self.grow(pool);
            self.tail.push(e);
        }
    }

    /// Makes room in the tail chunk, which is at capacity.
    #[cold]
    #[inline(never)]
    fn grow(&mut self, pool: &mut Pool<E>) {
        let len = self.tail.len();
        if len >= CHUNK {
            // Full: it joins the full chunks; a free chunk becomes the tail.
            let fresh = pool.take();
            self.full.push(std::mem::replace(&mut self.tail, fresh));
        } else {
            // A small tail doubles, up to a chunk.
            let capacity = (2 * len).clamp(4, CHUNK);
            self.tail.reserve_exact(capacity - len);
        }
        debug_assert!(self.tail.capacity() <= CHUNK);
    }
}

/// Empty chunks of capacity [`CHUNK`], shared by the buckets: a chunk emptied
/// by a redistribution is reused by the pushes into lower buckets instead of
/// being freed, and a new one is allocated only when none is free. The
/// chunks ever allocated are thus the most ever in use at once.
struct Pool<E> {
    free: Vec<Chunk<E>>,
}

impl<E: Copy> Pool<E> {
    #[inline]
    fn take(&mut self) -> Chunk<E> {
        self.free.pop().unwrap_or_else(|| Vec::with_capacity(CHUNK))
    }

    /// Takes back a chunk whose entries were moved out; a smaller (tail) one is freed.
    #[inline]
    fn give(&mut self, mut chunk: Chunk<E>) {
        if chunk.capacity() == CHUNK {
            chunk.clear();
            self.free.push(chunk);
        }
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
    buckets: Vec<Bucket<E>>,
    /// Bit b set when bucket b is not empty.
    occupied: u128,
    /// Bucket 128's flag does not fit in `occupied`.
    top_occupied: bool,
    /// The reference key of the buckets.
    base: u128,
    /// The key of the last live event popped: nothing may be scheduled
    /// before it. (A cancelled entry dropped from the front does not move
    /// it: a peek may drop one that lies after times still valid to schedule.)
    now: u128,
    held: usize,
    next_seq: u64,
    slots: Slots,
    /// Most cancellable events pending at once (at most [`MAX_CANCELLABLE`]).
    cancellable_limit: usize,
    /// Free chunks.
    pool: Pool<E>,
    /// Entries below `base`, by decreasing key (the smallest last).
    below: Vec<Entry<E>>,
    /// While `small`: every entry, as a 4-ary heap; otherwise empty.
    heap: KeyHeap<E, 4>,
    /// Not `small`: the front heap (binary; see `keyheap.rs` for why);
    /// otherwise empty.
    front: KeyHeap<E, 2>,
    /// Whether the entries are in `heap` (few held) rather than the buckets.
    small: bool,
    /// With buckets (not `small`): `front` holds every entry whose key is
    /// below this bound, the buckets the others (0: no front heap, and
    /// `front` is empty). See "The front heap".
    front_limit: u128,
    /// Most entries of a bucket that goes into the front heap (0: never).
    front_max: usize,
    /// The heap's largest size (0: never a heap); the buckets go back to
    /// the heap below a quarter of it.
    small_max: usize,
}

impl<E> std::fmt::Debug for EventQueue<E> {
    /// The queue's bookkeeping, not its entries (there may be millions).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventQueue")
            .field("held", &self.held)
            .field("next_seq", &self.next_seq)
            .field("occupied_buckets", &(self.occupied.count_ones() + self.top_occupied as u32))
            .field("cancellable_limit", &self.cancellable_limit)
            .field("small", &self.small)
            .finish_non_exhaustive()
    }
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
            buckets: (0..BUCKETS).map(|_| Bucket::new()).collect(),
            occupied: 0,
            top_occupied: false,
            base: 0,
            now: 0,
            held: 0,
            next_seq: 0,
            slots: Slots::with_capacity(n),
            cancellable_limit: MAX_CANCELLABLE,
            pool: Pool { free: Vec::new() },
            below: Vec::new(),
            heap: KeyHeap::new(),
            front: KeyHeap::new(),
            small: false,
            small_max: 0,
            front_limit: 0,
            front_max: FRONT_HEAP_MAX,
        }
    }

    /// This (empty) queue, kept as a 4-ary heap while it holds at most
    /// `max` entries and as a radix heap above (back to the heap below
    /// `max / 4`: each switch moves every entry once, and the next is at
    /// least `max / 2` operations away). The order, and so every result, is
    /// the same either way; only the cost changes: below a few thousand
    /// pending events the heap's sift paths stay in cache and beat the
    /// radix heap's redistributions ([`SMALL_HEAP_MAX`]).
    pub fn with_small_heap(mut self, max: usize) -> Self {
        debug_assert!(self.held == 0, "set on an empty queue");
        self.small_max = max;
        self.small = max > 0 && self.held == 0;
        self
    }

    /// This (empty) queue, with its radix heap's lowest bucket taken into a
    /// binary heap (the front heap) instead of redistributed once it holds
    /// at most `max` entries (0: always redistributed). The order, and so
    /// every result, is the same; only the cost changes (see "The front
    /// heap" and [`FRONT_HEAP_MAX`]).
    pub fn with_front_heap(mut self, max: usize) -> Self {
        debug_assert!(self.held == 0, "set on an empty queue");
        self.front_max = max;
        self
    }

    /// This queue, refusing more than `limit` cancellable events pending at
    /// once (clamped to [`MAX_CANCELLABLE`]): a caller bounding its memory,
    /// or a test of the limit that does not need 16 million events.
    pub fn with_cancellable_limit(mut self, limit: usize) -> Self {
        self.cancellable_limit = limit.min(MAX_CANCELLABLE);
        self
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
    fn unmark(&mut self, b: usize) {
        if b < 128 {
            self.occupied &= !(1 << b);
        } else {
            self.top_occupied = false;
        }
    }

    /// Appends `e` to bucket `b`.
    #[inline]
    fn insert(&mut self, b: usize, e: Entry<E>) {
        self.buckets[b].push(e, &mut self.pool);
        self.mark(b);
    }

    #[inline(always)]
    fn push(&mut self, time: Seconds, slot: u32, event: E, seq: u64) {
        debug_assert!(time >= 0.0, "bad event time {time}");
        debug_assert!(seq < MAX_EVENTS, "the sequence is checked before a push");
        let code = if slot == NO_SLOT { SLOT_NONE } else { slot as u64 };
        let mut entry = Entry { hi: time_bits(time), lo: (seq << SLOT_BITS) | code, event };
        if entry.key() < self.now {
            debug_assert!(false, "event scheduled in the past: {time} s");
            entry.hi = (self.now >> 64) as u64;
        }
        self.held += 1;
        if self.small {
            self.heap.push(entry);
            if self.held > self.small_max {
                self.move_to_buckets();
            }
            return;
        }
        let key = entry.key();
        if key < self.front_limit {
            self.front.push(entry);
            if self.front.len() > 2 * self.front_max + 16 {
                self.spill_front();
            }
            return;
        }
        if key < self.base {
            self.push_below(entry);
            return;
        }
        self.insert(bucket(key, self.base), entry);
    }

    /// Keeps `e`, below the reference, in the side list; re-buckets
    /// everything against it when the list is full.
    #[cold]
    #[inline(never)]
    fn push_below(&mut self, e: Entry<E>) {
        let key = e.key();
        if self.below.len() >= BELOW_MAX {
            let lowest = self.below.last().map_or(key, |b| b.key().min(key));
            self.rebase(lowest);
            self.insert(bucket(key, self.base), e);
            return;
        }
        let at = self.below.partition_point(|b| b.key() > key);
        self.below.insert(at, e);
    }

    /// Moves every entry from the heap to the buckets.
    #[cold]
    #[inline(never)]
    fn move_to_buckets(&mut self) {
        self.small = false;
        self.front_limit = 0;
        let base = self.heap.peek().map_or(0, Entry::key);
        self.base = base;
        let mut entries = std::mem::replace(&mut self.heap, KeyHeap::new());
        for e in entries.drain() {
            self.insert(bucket(e.key(), base), e);
        }
        self.heap = entries;
    }

    /// Moves every entry from the front heap, the buckets and the side list
    /// to the heap.
    #[cold]
    #[inline(never)]
    fn move_to_heap(&mut self) {
        self.small = true;
        self.front_limit = 0;
        let mut heap = std::mem::replace(&mut self.heap, KeyHeap::new());
        heap.extend(self.front.drain());
        heap.extend(self.below.drain(..));
        for b in &mut self.buckets {
            heap.extend(b.tail.drain(..));
            for chunk in b.full.drain(..) {
                heap.extend(chunk.iter().copied());
                self.pool.give(chunk);
            }
        }
        self.heap = heap;
        self.occupied = 0;
        self.top_occupied = false;
    }

    /// Makes `base` (below every held key) the reference and re-buckets all
    /// entries, the side list's included.
    #[cold]
    fn rebase(&mut self, base: u128) {
        debug_assert!(self.front_limit == 0 && self.front.len() == 0, "no side list with a front heap");
        let mut chunks = vec![std::mem::take(&mut self.below)];
        for b in &mut self.buckets {
            chunks.append(&mut b.full);
            chunks.push(std::mem::take(&mut b.tail));
        }
        self.occupied = 0;
        self.top_occupied = false;
        self.base = base;
        for chunk in chunks {
            for &e in &chunk {
                self.insert(bucket(e.key(), base), e);
            }
            self.pool.give(chunk);
        }
        self.below = Vec::with_capacity(BELOW_MAX);
    }

    /// Schedules `event` at absolute simulated time `time` (seconds, >= 0;
    /// +infinity means never). Such an event cannot be cancelled; it costs
    /// less than a cancellable one.
    ///
    /// # Panics
    /// Beyond [`MAX_EVENTS`] events over the queue's life; see [`EventQueue::try_schedule`].
    #[inline]
    pub fn schedule(&mut self, time: Seconds, event: E) {
        if let Err(e) = self.try_schedule(time, event) {
            full(e)
        }
    }

    /// [`EventQueue::schedule`], or an error (and nothing scheduled) beyond
    /// [`MAX_EVENTS`] events over the queue's life.
    #[inline]
    pub fn try_schedule(&mut self, time: Seconds, event: E) -> Result<(), QueueError> {
        let seq = self.next_sequence()?;
        self.push(time, NO_SLOT, event, seq);
        Ok(())
    }

    /// Schedules `event` at absolute simulated time `time` (seconds) and
    /// returns the key that cancels it.
    ///
    /// # Panics
    /// At the queue's limits; see [`EventQueue::try_schedule_cancellable_with`].
    #[inline]
    pub fn schedule_cancellable(&mut self, time: Seconds, event: E) -> EventKey {
        self.schedule_cancellable_with(time, |_| event)
    }

    /// Like [`EventQueue::schedule_cancellable`], with the event built from
    /// its own key (so that it can carry its slot, say).
    ///
    /// # Panics
    /// At the queue's limits; see [`EventQueue::try_schedule_cancellable_with`].
    #[inline]
    pub fn schedule_cancellable_with(&mut self, time: Seconds, event: impl FnOnce(EventKey) -> E) -> EventKey {
        match self.try_schedule_cancellable_with(time, event) {
            Ok(key) => key,
            Err(e) => full(e),
        }
    }

    /// [`EventQueue::schedule_cancellable_with`], or an error (and nothing
    /// scheduled) when the cancellable events pending would exceed the
    /// queue's limit ([`MAX_CANCELLABLE`], or that of
    /// [`EventQueue::with_cancellable_limit`]) or the events scheduled
    /// [`MAX_EVENTS`].
    #[inline(always)]
    pub fn try_schedule_cancellable_with(
        &mut self,
        time: Seconds,
        event: impl FnOnce(EventKey) -> E,
    ) -> Result<EventKey, QueueError> {
        if self.slots.in_use() >= self.cancellable_limit {
            return Err(QueueError::TooManyPending { limit: self.cancellable_limit });
        }
        let seq = self.next_sequence()?;
        let key = self.slots.allocate(seq);
        self.push(time, key.slot(), event(key), seq);
        Ok(key)
    }

    /// Takes the next insertion sequence number for an event at `time`
    /// (seconds, not before the last event popped) that the caller keeps
    /// outside the queue, and returns its order: the caller runs it when
    /// [`EventQueue::pop_before_order`] with that order returns `None`.
    /// A traffic source keeps its next arrival this way, so that equal-time
    /// ties are broken exactly as if it were in the queue.
    ///
    /// # Panics
    /// Beyond [`MAX_EVENTS`] events over the queue's life; see [`EventQueue::try_order`].
    #[inline]
    pub fn order(&mut self, time: Seconds) -> Order {
        match self.try_order(time) {
            Ok(order) => order,
            Err(e) => full(e),
        }
    }

    /// [`EventQueue::order`], or an error beyond [`MAX_EVENTS`] events.
    #[inline]
    pub fn try_order(&mut self, time: Seconds) -> Result<Order, QueueError> {
        Ok(Order::of(time, self.next_sequence()?))
    }

    /// The next insertion sequence number, taken.
    #[inline]
    fn next_sequence(&mut self) -> Result<u64, QueueError> {
        let seq = self.next_seq;
        if seq >= MAX_EVENTS {
            return Err(QueueError::TooManyEvents { limit: MAX_EVENTS });
        }
        self.next_seq += 1;
        Ok(seq)
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

    /// Removes every cancelled entry in one pass, keeping the others in order.
    ///
    /// The freed slots are handed out again lowest first, whatever the
    /// layout they were found in (heap, side list or buckets): which slot a
    /// later event gets depends only on the order of the operations, so a
    /// caller that keys its own data by slot (the simulation's call table)
    /// sees the same slots whichever layout the adaptive queue is in.
    fn sweep(&mut self) {
        let slots = &self.slots;
        let mut freed = Vec::with_capacity(slots.cancelled);
        let mut keep = |e: &Entry<E>| {
            let cancelled = slots.is_cancelled(e.slot());
            if cancelled {
                freed.push(e.slot());
            }
            !cancelled
        };
        self.heap.retain(&mut keep);
        self.front.retain(&mut keep);
        self.below.retain(&mut keep);
        for b in 0..BUCKETS {
            Self::compact(&mut self.buckets[b], &self.slots, &mut freed, &mut self.pool);
            if self.buckets[b].is_empty() {
                self.unmark(b);
            }
        }
        self.held -= freed.len();
        // The free list is a stack: the highest goes on first, the lowest last.
        freed.sort_unstable_by(|a, b| b.cmp(a));
        for slot in freed {
            self.slots.release(slot);
        }
    }

    /// Removes the cancelled entries of `bucket`, sliding the others down
    /// over its chunks in order, and adds their slots to `freed` (to be
    /// released by the caller); returns how many it removed. The chunk
    /// holding the last survivor becomes the tail, the later ones go to the
    /// pool.
    fn compact(bucket: &mut Bucket<E>, slots: &Slots, freed: &mut Vec<u32>, pool: &mut Pool<E>) -> usize {
        let last = bucket.full.len();
        let mut removed = 0;
        // Write position (chunk, index): never after the read position.
        let (mut wc, mut wi) = (0, 0);
        for rc in 0..=last {
            for ri in 0..bucket.chunk(rc).len() {
                let e = bucket.chunk(rc)[ri];
                if slots.is_cancelled(e.slot()) {
                    freed.push(e.slot());
                    removed += 1;
                    continue;
                }
                if wi == bucket.chunk(wc).len() {
                    wc += 1;
                    wi = 0;
                }
                bucket.chunk(wc)[wi] = e;
                wi += 1;
            }
        }
        if removed == 0 {
            return 0;
        }
        if wc == last {
            bucket.tail.truncate(wi);
        } else {
            pool.give(std::mem::take(&mut bucket.tail));
            for chunk in bucket.full.drain(wc + 1..) {
                pool.give(chunk);
            }
            let mut tail = bucket.full.pop().expect("the write chunk");
            tail.truncate(wi);
            bucket.tail = tail;
        }
        removed
    }

    /// Makes bucket 0 hold the minimum entry, if any entry is held.
    #[inline]
    fn settle(&mut self) -> bool {
        if self.small {
            return self.heap.len() != 0;
        }
        if self.front.len() != 0 || self.occupied & 1 != 0 || !self.below.is_empty() {
            return true;
        }
        let b = if self.occupied != 0 {
            self.occupied.trailing_zeros() as usize
        } else if self.top_occupied {
            128
        } else {
            return false;
        };
        let bk = &self.buckets[b];
        if b < 128 && bk.full.len() * CHUNK + bk.tail.len() <= self.front_max {
            self.take_into_front(b);
        } else {
            self.front_limit = 0;
            self.redistribute(b);
        }
        true
    }

    /// Ends the front heap, which pushes into its range have grown past
    /// twice its largest bucket: its entries go back to the buckets of the
    /// reference (or the side list, below it), which has not moved since
    /// the heap took its bucket, so every other entry stays where it is.
    #[cold]
    #[inline(never)]
    fn spill_front(&mut self) {
        self.front_limit = 0;
        let mut front = std::mem::replace(&mut self.front, KeyHeap::new());
        for e in front.drain() {
            let key = e.key();
            if key < self.base {
                self.push_below(e);
            } else {
                self.insert(bucket(key, self.base), e);
            }
        }
        self.front = front;
    }

    /// Moves bucket `b` (the lowest occupied, 0 < b < 128; bucket 0, the
    /// side list and the front heap are empty) into the front heap, which
    /// then holds every key below the bucket's upper bound.
    #[inline(never)]
    fn take_into_front(&mut self, b: usize) {
        debug_assert!(self.front.len() == 0 && self.below.is_empty() && self.occupied & 1 == 0);
        let source = &mut self.buckets[b];
        for chunk in source.full.drain(..) {
            self.front.append_unordered(&chunk);
            self.pool.give(chunk);
        }
        self.front.append_unordered(&source.tail);
        source.tail.clear();
        self.front.restore_order();
        self.unmark(b);
        // Bucket b's keys share the reference's bits above bit b - 1 and have
        // that bit set (the reference has it clear); every key of a higher
        // bucket differs from the reference above it, so it is at least the
        // next multiple of 2^b. (Keys are below 2^127: time bits are.)
        self.front_limit = ((self.base >> b) + 1) << b;
    }

    /// Empties bucket `b` (the lowest occupied), making its smallest key the
    /// reference: its entries all move to lower buckets (they share bit `b`
    /// with the new reference), in order, and each full chunk goes to the
    /// pool as soon as it is read, so the pushes into the lower buckets reuse
    /// it. The bucket keeps its (emptied) tail.
    #[inline]
    fn redistribute(&mut self, b: usize) {
        debug_assert!(!self.buckets[b].is_empty(), "an occupied bucket has entries");
        let mut base = self.buckets[b].tail.iter().fold(u128::MAX, |m, e| m.min(e.key()));
        // The lower buckets are empty (`b` is the lowest occupied) and below 128.
        let mut occupied = 0u128;
        if !self.buckets[b].full.is_empty() {
            (base, occupied) = self.redistribute_full(b, base);
        }
        let (lower, rest) = self.buckets.split_at_mut(b);
        let source = &mut rest[0];
        for &e in &source.tail {
            let nb = bucket(e.key(), base);
            lower[nb].push(e, &mut self.pool);
            occupied |= 1 << nb;
        }
        source.tail.clear();
        self.unmark(b);
        self.occupied |= occupied;
        self.base = base;
    }

    /// The full chunks' part of [`Self::redistribute`], given the tail's
    /// smallest key: returns the reference and the buckets it filled.
    #[inline(never)]
    fn redistribute_full(&mut self, b: usize, tail_min: u128) -> (u128, u128) {
        let (lower, rest) = self.buckets.split_at_mut(b);
        let source = &mut rest[0];
        let mut base = tail_min;
        for chunk in &source.full {
            base = chunk.iter().fold(base, |m, e| m.min(e.key()));
        }
        let mut occupied = 0u128;
        for chunk in source.full.drain(..) {
            for &e in &chunk {
                let nb = bucket(e.key(), base);
                lower[nb].push(e, &mut self.pool);
                occupied |= 1 << nb;
            }
            self.pool.give(chunk);
        }
        (base, occupied)
    }

    /// Removes the front entry (after `settle`): the heap's top, or the
    /// side list's last, or bucket 0's only entry (keys are unique).
    #[inline]
    fn take_front(&mut self) -> Entry<E> {
        let e = if self.small {
            self.heap.pop().expect("settled")
        } else if let Some(e) = self.front.pop() {
            e
        } else if let Some(e) = self.below.pop() {
            e
        } else {
            self.occupied &= !1;
            self.buckets[0].tail.pop().expect("settled")
        };
        self.held -= 1;
        if !self.small && self.held < self.small_max / 4 {
            self.move_to_heap();
        }
        e
    }

    /// The front entry (after `settle`).
    #[inline]
    fn front(&self) -> Entry<E> {
        if self.small {
            return *self.heap.peek().expect("settled");
        }
        if let Some(e) = self.front.peek() {
            return *e;
        }
        match self.below.last() {
            Some(e) => *e,
            None => self.buckets[0].tail[0],
        }
    }

    /// A key at or below every entry held, without settling; `None` when
    /// nothing is held. Exact for the heap, the side list and bucket 0; for
    /// the lowest occupied bucket `b` above, the smallest key that shares
    /// the reference's bits above bit `b - 1` and has that bit set.
    #[inline(always)]
    fn lower_bound(&self) -> Option<u128> {
        if self.small {
            return self.heap.peek().map(Entry::key);
        }
        if let Some(e) = self.front.peek().or(self.below.last()) {
            return Some(e.key());
        }
        let b = if self.occupied != 0 {
            self.occupied.trailing_zeros()
        } else if self.top_occupied {
            128
        } else {
            return None;
        };
        if b == 0 {
            return Some(self.buckets[0].tail[0].key());
        }
        Some(((self.base >> (b - 1)) | 1) << (b - 1))
    }

    /// Pops the earliest live event if it comes before `limit` in the
    /// queue's order; otherwise leaves the queue as it is (but for
    /// cancelled entries before `limit` dropped from the front) and returns
    /// `None`. A cancelled entry's slot is thus freed exactly when a single
    /// queue holding the outside events too would have freed it (before the
    /// first event after it runs, not earlier), so that slots, which the
    /// simulation's call table and its order of dropping calls follow, are
    /// handed out in the same order. The
    /// run loop's head when arrivals are kept outside the queue: `limit` is
    /// the next arrival's order (or [`Order::at`] the end of the run). A
    /// radix heap whose lowest bucket cannot hold anything before `limit`
    /// answers without redistributing it.
    #[inline(always)]
    pub fn pop_before_order(&mut self, limit: Order) -> Option<(Seconds, E)> {
        if self.small {
            // The heap's fast path, inlined at the loop's head.
            loop {
                if self.heap.peek()?.key() >= limit.0 {
                    return None;
                }
                let e = self.heap.pop().expect("peeked");
                self.held -= 1;
                if !self.slots.release(e.slot()) {
                    self.now = e.key();
                    return Some((e.time(), e.event));
                }
            }
        }
        loop {
            match self.lower_bound() {
                Some(lb) if lb < limit.0 => {}
                _ => return None,
            }
            self.settle();
            if self.front().key() >= limit.0 {
                return None;
            }
            let e = self.take_front();
            if self.slots.release(e.slot()) {
                continue;
            }
            self.now = e.key();
            return Some((e.time(), e.event));
        }
    }

    /// Pops the earliest live event, with its time in seconds.
    #[inline]
    pub fn pop(&mut self) -> Option<(Seconds, E)> {
        while self.settle() {
            let e = self.take_front();
            if !self.slots.release(e.slot()) {
                self.now = e.key();
                return Some((e.time(), e.event));
            }
        }
        None
    }

    /// Pops the earliest live event if its time is strictly before `limit`
    /// (seconds); otherwise leaves the queue as it is and returns `None`.
    /// Always inlined: it is the run loop's head, and a call there costs
    /// the simulator about 14 instructions per event (c = 100).
    #[inline(always)]
    pub fn pop_before(&mut self, limit: Seconds) -> Option<(Seconds, E)> {
        while self.settle() {
            let front = self.front();
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
            self.now = e.key();
            return Some((e.time(), e.event));
        }
        None
    }

    /// The time of the earliest live event, in seconds.
    pub fn peek_time(&mut self) -> Option<Seconds> {
        while self.settle() {
            let front = self.front();
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
        self.heap.clear();
        self.front.clear();
        self.below.clear();
        self.small = self.small_max > 0;
        self.front_limit = 0;
        for b in &mut self.buckets {
            b.tail.clear();
            for chunk in b.full.drain(..) {
                self.pool.give(chunk);
            }
        }
        self.occupied = 0;
        self.top_occupied = false;
        self.base = 0;
        self.now = 0;
        self.held = 0;
        self.slots.clear();
    }

    /// Every chunk: the buckets' (full, then tail) and the free ones.
    #[cfg(test)]
    fn all_chunks(&self) -> impl Iterator<Item = &Chunk<E>> {
        let held = self.buckets.iter().flat_map(|b| b.full.iter().chain(std::iter::once(&b.tail)));
        held.chain(&self.pool.free)
    }

    /// Entries the queue has room for: its chunks' capacities, free ones included.
    #[cfg(test)]
    fn reserved(&self) -> usize {
        self.all_chunks().map(Vec::capacity).sum()
    }

    /// Chunks of capacity [`CHUNK`]: every one ever allocated, since such a
    /// chunk is never freed (tails that grew to it included).
    #[cfg(test)]
    fn chunks_allocated(&self) -> usize {
        self.all_chunks().filter(|c| c.capacity() == CHUNK).count()
    }

    /// Checks the layout: chunk sizes, occupancy flags, every entry in its
    /// bucket, the count held.
    #[cfg(test)]
    fn check(&self) {
        let mut held = 0;
        for (b, bk) in self.buckets.iter().enumerate() {
            assert!(bk.tail.capacity() <= CHUNK, "bucket {b}: tail capacity {}", bk.tail.capacity());
            for chunk in &bk.full {
                assert_eq!((chunk.len(), chunk.capacity()), (CHUNK, CHUNK), "bucket {b}: a full chunk");
            }
            for e in bk.full.iter().flatten().chain(&bk.tail) {
                assert!(e.key() >= self.now, "bucket {b}: an entry before now");
                assert!(e.key() >= self.front_limit, "bucket {b}: an entry of the front heap's range");
                assert_eq!(bucket(e.key(), self.base), b, "an entry out of its bucket");
            }
            held += bk.full.len() * CHUNK + bk.tail.len();
            let marked = if b < 128 { self.occupied >> b & 1 == 1 } else { self.top_occupied };
            assert_eq!(marked, !bk.is_empty(), "bucket {b}: occupancy flag");
        }
        for w in self.below.windows(2) {
            assert!(w[0].key() > w[1].key(), "the side list by decreasing key");
        }
        assert!(self.below.iter().all(|e| e.key() < self.base), "the side list below the reference");
        assert!(!self.small || held + self.below.len() == 0, "a heap holds every entry");
        assert!(!self.small || (self.front_limit == 0 && self.front.len() == 0), "no front heap in a heap");
        assert!(self.small || self.heap.len() == 0, "the heap is empty with buckets");
        assert!(self.front.len() == 0 || self.front_limit > 0, "front heap entries have a bound");
        assert!(self.front_limit == 0 || self.below.is_empty(), "no side list with a front heap");
        assert!(self.front.entries().iter().all(|e| e.key() < self.front_limit), "front heap in range");
        assert!(self.heap.is_ordered(), "heap order");
        assert!(self.front.is_ordered(), "front heap order");
        held += self.below.len() + self.heap.len() + self.front.len();
        assert_eq!(held, self.held);
        assert!(self.pool.free.iter().all(|c| c.is_empty() && c.capacity() == CHUNK), "free chunks");
    }
}

#[cfg(test)]
mod tests {
    use super::super::HeapQueue;
    use super::*;

    #[test]
    fn a_full_queue_refuses_with_an_error_and_stays_unchanged() {
        let mut q = EventQueue::new().with_cancellable_limit(3);
        let keys: Vec<EventKey> =
            (0..3).map(|i| q.try_schedule_cancellable_with(i as f64, |_| i).expect("room for 3")).collect();
        assert_eq!(q.try_schedule_cancellable_with(9.0, |_| 9), Err(QueueError::TooManyPending { limit: 3 }));
        assert_eq!(q.len(), 3);
        // Events that are not cancellable still go in.
        q.try_schedule(0.5, 7).expect("not cancellable");
        // A cancelled event keeps its slot until it leaves the queue.
        assert!(q.cancel(keys[2]));
        assert!(q.try_schedule_cancellable_with(9.0, |_| 9).is_err());
        assert_eq!(q.pop(), Some((0.0, 0)));
        q.try_schedule_cancellable_with(3.0, |_| 3).expect("a slot was freed");
        let order: Vec<u32> = std::iter::from_fn(|| q.pop().map(|(_, e)| e)).collect();
        assert_eq!(order, [7, 1, 3]);
        // The limit is at most the engine's.
        assert_eq!(EventQueue::<u32>::new().with_cancellable_limit(usize::MAX).cancellable_limit, MAX_CANCELLABLE);
    }

    #[test]
    fn the_sequence_limit_is_an_error() {
        let mut q = EventQueue::new();
        q.next_seq = MAX_EVENTS - 1;
        q.try_schedule(1.0, 1u32).expect("the last sequence number");
        assert_eq!(q.try_schedule(2.0, 2), Err(QueueError::TooManyEvents { limit: MAX_EVENTS }));
        assert_eq!(q.try_schedule_cancellable_with(2.0, |_| 2), Err(QueueError::TooManyEvents { limit: MAX_EVENTS }));
        assert_eq!(q.len(), 1);
        assert_eq!(q.pop(), Some((1.0, 1)));
        assert!(q.is_empty());
    }

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

    /// A source of events kept outside the queue by their orders, and
    /// departures inside it: the merged sequence is the binary heap's, which
    /// holds both; many equal times, and every switch size.
    #[test]
    fn events_kept_outside_by_their_order_run_where_they_would_inside() {
        for small_max in [0, 8, 4096] {
            let mut q = EventQueue::new().with_small_heap(small_max);
            let mut heap = HeapQueue::default();
            let mut x: u64 = 0x2545_F491_4F6C_DD1D;
            let mut next = move || {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x
            };
            // Event ids: even for arrivals (kept outside), odd for departures.
            let mut outside = (q.order(0.0), 0u32);
            heap.schedule(0.0, 0u32);
            let mut id = 1u32;
            let end = Order::at(2_000.0);
            let mut seen = 0;
            loop {
                let got = match q.pop_before_order(outside.0.min(end)) {
                    Some(e) => e,
                    None if outside.0 >= end => break,
                    None => {
                        let (order, arrival) = outside;
                        // The next arrival, then (sometimes) departures, some before it.
                        let t = order.time() + (next() % 4) as f64 * 0.25;
                        id += 1;
                        outside = (q.order(t), 2 * id);
                        heap.schedule(t, 2 * id);
                        for _ in 0..next() % 3 {
                            let d = order.time() + (next() % 64) as f64 * 0.25;
                            id += 1;
                            if next() % 4 == 0 {
                                let k = q.schedule_cancellable(d, 2 * id + 1);
                                let h = heap.schedule_cancellable(d, 2 * id + 1);
                                assert_eq!(q.cancel(k), heap.cancel(h));
                            } else {
                                q.schedule(d, 2 * id + 1);
                                heap.schedule(d, 2 * id + 1);
                            }
                        }
                        (order.time(), arrival)
                    }
                };
                assert_eq!(Some(got), heap.pop(), "small_max {small_max}, event {seen}");
                seen += 1;
                if seen % 257 == 0 {
                    q.check();
                }
            }
            assert!(seen > 5_000, "{seen} events");
            q.check();
        }
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

    /// Runs the same deterministic pseudo-random mix of schedules (at or
    /// after now, with many ties), cancels, pops and peeks on both queues,
    /// checking the radix queue's layout every `check_every` operations.
    /// `mix[k]` is the weight (in eighths) of: schedule, cancel, peek, pop.
    /// `small_max`: the radix queue's small-heap switch (0: never a heap);
    /// `front_max`: its front heap's largest bucket (0: no front heap).
    fn against_the_binary_heap(
        ops: u32,
        mix: [u64; 4],
        spread: u64,
        check_every: u32,
        small_max: usize,
        front_max: usize,
    ) -> EventQueue<u32> {
        assert_eq!(mix.iter().sum::<u64>(), 8);
        let mut radix = EventQueue::new().with_small_heap(small_max).with_front_heap(front_max);
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
        for id in 0..ops {
            let r = next() % 8;
            if r < mix[0] {
                let t = now + (next() % spread) as f64 * 0.25;
                if next() % 2 == 0 {
                    keys.push((radix.schedule_cancellable(t, id), heap.schedule_cancellable(t, id)));
                } else {
                    radix.schedule(t, id);
                    heap.schedule(t, id);
                }
            } else if r < mix[0] + mix[1] {
                if !keys.is_empty() {
                    let (a, b) = keys.swap_remove((next() % keys.len() as u64) as usize);
                    assert_eq!(radix.cancel(a), heap.cancel(b));
                }
            } else if r < mix[0] + mix[1] + mix[2] {
                let _ = radix.peek_time();
            } else {
                let got = radix.pop();
                assert_eq!(got, heap.pop());
                if let Some((t, _)) = got {
                    assert!(t >= now, "time went backwards");
                    now = t;
                }
            }
            assert_eq!(radix.len(), heap.len());
            if id % check_every == 0 {
                radix.check();
            }
        }
        radix.check();
        while let Some(e) = heap.pop() {
            assert_eq!(radix.pop(), Some(e));
        }
        assert_eq!(radix.pop(), None);
        radix.check();
        radix
    }

    #[test]
    fn matches_the_binary_heap_under_random_operations() {
        against_the_binary_heap(200_000, [4, 1, 1, 2], 64, 997, 0, 0);
        against_the_binary_heap(200_000, [4, 1, 1, 2], 64, 997, 0, FRONT_HEAP_MAX);
    }

    #[test]
    fn the_adaptive_queue_matches_the_binary_heap_across_switches() {
        // A switch at 64 entries: the queue grows past it and shrinks below
        // a quarter of it many times, with peeks and cancels in between.
        for (mix, small_max) in [([4, 1, 1, 2], 64), ([3, 1, 1, 3], 16), ([4, 3, 0, 1], 1024)] {
            let q = against_the_binary_heap(100_000, mix, 64, 991, small_max, FRONT_HEAP_MAX);
            assert!(q.held() > 0 || q.small);
        }
    }

    #[test]
    fn matches_the_binary_heap_with_sweeps_across_chunks() {
        // Many cancels: sweeps compact buckets of several chunks; few pops:
        // the queue grows to tens of thousands of entries.
        let q = against_the_binary_heap(200_000, [4, 3, 0, 1], 4096, 499, 0, 0);
        assert!(q.chunks_allocated() > 10, "several chunks were in use");
        let q = against_the_binary_heap(200_000, [4, 3, 0, 1], 4096, 499, 0, FRONT_HEAP_MAX);
        assert!(q.chunks_allocated() > 10, "several chunks were in use");
    }

    #[test]
    fn the_front_heap_matches_the_binary_heap_at_every_size() {
        // From a front heap of one entry to buckets of several chunks taken
        // in whole; wide and narrow spreads (many ties), with peeks (which
        // fill the front heap before a push below it) and cancels (sweeps
        // through the front heap).
        for front_max in [1, 2, 16, FRONT_HEAP_MAX, CHUNK, 3 * CHUNK + 1] {
            for (mix, spread) in [([4, 1, 1, 2], 64), ([4, 3, 0, 1], 4096), ([3, 1, 2, 2], 1 << 20)] {
                let q = against_the_binary_heap(60_000, mix, spread, 389, 0, front_max);
                q.check();
            }
        }
    }

    #[test]
    fn the_front_heap_takes_a_small_lowest_bucket_and_pushes_below_its_bound() {
        let mut q = EventQueue::new().with_front_heap(8);
        // Twenty entries at 1000 s and more keep the first bucket too large
        // for the front heap: it is redistributed against 9 s, the minimum.
        q.schedule(9.0, 0);
        for i in 1..6u32 {
            q.schedule(9.0 + i as f64, i);
        }
        for i in 0..20u32 {
            q.schedule(1000.0 + i as f64, 100 + i);
        }
        assert_eq!(q.pop(), Some((9.0, 0)));
        assert_eq!(q.front_limit, 0, "redistributed, not taken");
        q.check();
        // The next bucket up from 9 s holds 10 and 11 s (they differ from
        // 9 s from bit 50 of the time's bits): it goes into the front heap.
        assert_eq!(q.pop(), Some((10.0, 1)));
        assert!(q.front_limit > 0 && q.front.len() == 1, "10 and 11 s went into the front heap");
        q.check();
        // A push inside its range goes into it and pops first; one above
        // goes to a bucket.
        q.schedule(10.5, 50);
        q.schedule(1000.5, 51);
        assert_eq!(q.front.len(), 2);
        q.check();
        assert_eq!(q.pop(), Some((10.5, 50)));
        let mut expected: Vec<(f64, u32)> = (2..6).map(|i| (9.0 + i as f64, i)).collect();
        expected.extend((0..20).map(|i| (1000.0 + i as f64, 100 + i)));
        expected.insert(5, (1000.5, 51));
        for e in expected {
            assert_eq!(q.pop(), Some(e));
            q.check();
        }
        assert_eq!(q.pop(), None);
    }

    #[test]
    fn a_front_heap_grown_past_its_bound_spills_back_to_the_buckets() {
        // One small bucket of a wide range goes into the front heap; pushes
        // into that range then grow it past twice its largest bucket.
        let mut q = EventQueue::new().with_front_heap(4);
        for i in 0..3u32 {
            q.schedule(100.0 + i as f64, i);
        }
        assert_eq!(q.pop(), Some((100.0, 0)));
        assert!(q.front_limit > 0, "the first bucket went into the front heap");
        let mut expected = vec![(101.0, 1), (102.0, 2)];
        for i in 0..40u32 {
            let t = 100.5 + (i * 37 % 40) as f64 / 4.0;
            q.schedule(t, 10 + i);
            expected.push((t, 10 + i));
            q.check();
        }
        assert!(q.front.len() <= 2 * 4 + 16, "the front heap stays bounded");
        expected.sort_by(|a, b| a.0.total_cmp(&b.0));
        for e in expected {
            assert_eq!(q.pop(), Some(e));
            q.check();
        }
        assert_eq!(q.pop(), None);
    }

    /// `n` entries in one bucket (distinct times in [1, 2), with ties,
    /// scrambled), popped in (time, insertion) order.
    #[test]
    fn a_bucket_of_several_chunks_pops_in_order() {
        let one = bucket((time_bits(1.0) as u128) << 64, 0);
        for n in [1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, 5 * CHUNK + 7] {
            let mut q = EventQueue::new();
            let mut expected: Vec<(f64, u32)> =
                (0..n as u32).map(|i| (1.0 + (i as usize * 7919 % 97) as f64 / 128.0, i)).collect();
            for &(t, i) in &expected {
                q.schedule(t, i);
            }
            q.check();
            // A tail is full before it moves to the full chunks.
            assert_eq!(q.buckets[one].full.len(), (n - 1) / CHUNK, "n = {n}");
            assert_eq!(q.buckets[one].tail.len(), n - (n - 1) / CHUNK * CHUNK, "n = {n}");
            expected.sort_by(|a, b| a.0.total_cmp(&b.0)); // stable: ties stay in insertion order
            for (k, e) in expected.into_iter().enumerate() {
                assert_eq!(q.pop(), Some(e), "n = {n}, pop {k}");
                if k % 61 == 0 {
                    q.check();
                }
            }
            assert_eq!(q.pop(), None);
            q.check();
            // Redistribution frees each chunk as it reads it: at most one
            // more than needed for the entries, plus one tail per bucket.
            assert!(q.reserved() <= n + (BUCKETS + 1) * CHUNK, "n = {n}: {} entries reserved", q.reserved());
        }
    }

    #[test]
    fn swept_slots_are_handed_out_the_same_in_every_layout() {
        // The same operations on a radix heap, a binary heap and the adaptive
        // queue: after a sweep, new events get the same slots in each.
        let run = |q: EventQueue<u32>| {
            let mut q = q;
            let keys: Vec<EventKey> =
                (0..3_000u32).map(|i| q.schedule_cancellable(1.0 + (i * 7919 % 3_000) as f64, i)).collect();
            for k in keys.iter().filter(|k| k.slot() % 5 != 0) {
                assert!(q.cancel(*k));
            }
            assert!(q.held() < 3_000, "a sweep ran");
            let slots: Vec<u32> = (0..3_000u32).map(|i| q.schedule_cancellable(2.0 + i as f64, i).slot()).collect();
            let popped: Vec<(f64, u32)> = std::iter::from_fn(|| q.pop()).collect();
            (slots, popped)
        };
        let radix = run(EventQueue::new());
        assert_eq!(run(EventQueue::new().with_small_heap(usize::MAX)), radix);
        assert_eq!(run(EventQueue::new().with_small_heap(1_000)), radix);
        // Lowest first.
        assert_eq!(&radix.0[..3], &[1, 2, 3]);
    }

    #[test]
    fn sweeping_compacts_chunks_in_order() {
        let mut q = EventQueue::new();
        let n = 6 * CHUNK + 5;
        let keys: Vec<EventKey> = (0..n as u32).map(|i| q.schedule_cancellable(1.0 + i as f64 / n as f64, i)).collect();
        // Cancel all but every third, and a whole run of chunks.
        let kept: Vec<u32> =
            (0..n as u32).filter(|&i| i % 3 == 0 && !(CHUNK as u32..3 * CHUNK as u32).contains(&i)).collect();
        for (i, k) in keys.iter().enumerate() {
            if !kept.contains(&(i as u32)) {
                assert!(q.cancel(*k));
            }
        }
        assert!(q.held() < n, "a sweep ran");
        q.check();
        let popped: Vec<u32> = std::iter::from_fn(|| q.pop().map(|(_, e)| e)).collect();
        assert_eq!(popped, kept);
        q.check();
    }

    #[test]
    fn cleared_chunks_are_reused() {
        let mut q = EventQueue::new();
        let n = 20 * CHUNK + 3;
        let fill = |q: &mut EventQueue<u32>| {
            for i in 0..n as u32 {
                q.schedule((i as usize * 7919 % n) as f64 * 1e-3, i);
            }
        };
        let mut first = None;
        for round in 0..5 {
            q.clear();
            q.check();
            fill(&mut q);
            for _ in 0..n / 2 {
                q.pop();
            }
            let (allocated, reserved) = (q.chunks_allocated(), q.reserved());
            assert!(allocated >= n / 2 / CHUNK && reserved >= n / 2);
            // The same again in the same chunks (small tails may grow a little).
            let &mut (a, r) = first.get_or_insert((allocated, reserved));
            assert_eq!(allocated, a, "round {round}");
            assert!(reserved <= r + r / 100, "round {round}: {reserved} entries reserved, {r} in the first");
        }
    }

    #[test]
    fn hold_model_memory_follows_the_entries() {
        // Pop one, push one at an exponential increment, n pending: the
        // chunks ever allocated stay within the entries plus one partly
        // filled chunk per bucket (vectors doubling would reserve up to
        // twice the entries), and are reused: once warm, hardly any more.
        let n = 100_000;
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        let mut exp = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            -(((x >> 11) as f64 + 0.5) / (1u64 << 53) as f64).ln()
        };
        let mut q = EventQueue::new();
        for i in 0..n as u32 {
            q.schedule(exp(), i);
        }
        let mut hold = |q: &mut EventQueue<u32>, ops: usize| {
            for _ in 0..ops {
                let (t, i) = q.pop().unwrap();
                q.schedule(t + exp(), i);
            }
        };
        hold(&mut q, 1_000_000);
        let warm = q.chunks_allocated();
        hold(&mut q, 1_000_000);
        q.check();
        assert!(
            q.chunks_allocated() <= warm + warm / 20,
            "chunks allocated: {warm} when warm, then {}",
            q.chunks_allocated()
        );
        assert!(q.reserved() <= n + (BUCKETS + 1) * CHUNK, "{} entries reserved for {n}", q.reserved());
        assert!(q.reserved() < n + n / 4, "{} entries reserved for {n}", q.reserved());
    }
}
