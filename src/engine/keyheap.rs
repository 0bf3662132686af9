//! A 4-ary min-heap of queue entries on their 128-bit keys: the event
//! queue's layout while few events are pending (`EventQueue::with_small_heap`,
//! up to `SMALL_HEAP_MAX`), and the radix heap's front heap (`queue.rs`).
//!
//! Below a few thousand entries the heap's sift paths stay in cache, and
//! what bounds a pop is the chain of dependent loads down the tree: each
//! level reads the children of the entry chosen at the level above. Four
//! children per node halve the levels (log4 n instead of log2 n); the
//! four are compared as two branch-free pairs and then their winners, so
//! a level costs three 128-bit compares (time bits above the sequence)
//! whose first two run in parallel, and no misprediction. In the hold
//! model at 84 pending (the M/M/100/100 benchmark's size) a pop and a push
//! took 51 ns against the binary heap's 68 (the same keys, popped in the
//! same order). A pop sifts the hole to the bottom along the smallest
//! children and then lifts the last entry into it (Floyd's variant: the
//! last entry almost always belongs near the bottom, so this skips the
//! comparison with it at every level on the way down).
//!
//! Keys are unique, so the order in which entries are popped is the keys'
//! order whatever the heap's shape: the arity changes no result.

use super::entry::Entry;

/// Entries ordered as a 4-ary min-heap by [`Entry::key`]: the children of
/// index `i` are `4i + 1 ..= 4i + 4`.
#[derive(Clone)]
pub(super) struct KeyHeap<E> {
    v: Vec<Entry<E>>,
}

impl<E: Copy> KeyHeap<E> {
    pub(super) fn new() -> Self {
        KeyHeap { v: Vec::new() }
    }

    #[inline(always)]
    pub(super) fn len(&self) -> usize {
        self.v.len()
    }

    /// The entry of the smallest key.
    #[inline(always)]
    pub(super) fn peek(&self) -> Option<&Entry<E>> {
        self.v.first()
    }

    /// Adds `e`.
    #[inline(always)]
    pub(super) fn push(&mut self, e: Entry<E>) {
        self.v.push(e);
        let v = self.v.as_mut_slice();
        let key = e.key();
        let mut i = v.len() - 1;
        while i > 0 {
            let parent = parent(i);
            // `parent < i < len`.
            let p = get(v, parent);
            if p.key() <= key {
                break;
            }
            set(v, i, p);
            i = parent;
        }
        set(v, i, e);
    }

    /// Removes and returns the entry of the smallest key.
    #[inline(always)]
    pub(super) fn pop(&mut self) -> Option<Entry<E>> {
        let last = self.v.pop()?;
        let v = self.v.as_mut_slice();
        let Some(&top) = v.first() else { return Some(last) };
        // The hole goes down along the smallest children to the bottom.
        // Every index below is in bounds: the loop runs while `child + 3 <
        // n` (all four children exist), `smallest <= child + 3`, and `hole`
        // is always 0 or an earlier `smallest`; the last, partial family
        // reads only `child..n`; a parent is below its child. `n` is at most
        // `isize::MAX / 24`, so `4 * smallest + 1` does not wrap.
        let n = v.len();
        let mut hole = 0;
        let mut child = 1;
        while child + 3 < n {
            let a = child + (get(v, child + 1).key() < get(v, child).key()) as usize;
            let b = child + 2 + (get(v, child + 3).key() < get(v, child + 2).key()) as usize;
            let smallest = if get(v, b).key() < get(v, a).key() { b } else { a };
            set(v, hole, get(v, smallest));
            hole = smallest;
            child = 4 * smallest + 1;
        }
        if child < n {
            // One to three children left: the smallest of them.
            let mut smallest = child;
            for c in child + 1..n {
                if get(v, c).key() < get(v, smallest).key() {
                    smallest = c;
                }
            }
            set(v, hole, get(v, smallest));
            hole = smallest;
        }
        // ... and the last entry rises from there to its place.
        let key = last.key();
        while hole > 0 {
            let parent = parent(hole);
            let p = get(v, parent);
            if p.key() <= key {
                break;
            }
            set(v, hole, p);
            hole = parent;
        }
        set(v, hole, last);
        Some(top)
    }

    /// Keeps the entries for which `keep` holds, and restores the heap order.
    pub(super) fn retain(&mut self, keep: impl FnMut(&Entry<E>) -> bool) {
        self.v.retain(keep);
        self.heapify();
    }

    /// Takes every entry out, in no particular order.
    pub(super) fn drain(&mut self) -> std::vec::Drain<'_, Entry<E>> {
        self.v.drain(..)
    }

    /// Adds every entry of `entries`, then restores the heap order (O(n)).
    pub(super) fn extend(&mut self, entries: impl IntoIterator<Item = Entry<E>>) {
        self.v.extend(entries);
        self.heapify();
    }

    /// Adds `entries` without restoring the heap order: call
    /// [`KeyHeap::restore_order`] before any other use.
    #[inline]
    pub(super) fn append_unordered(&mut self, entries: &[Entry<E>]) {
        self.v.extend_from_slice(entries);
    }

    /// Restores the heap order after [`KeyHeap::append_unordered`] (O(n)).
    pub(super) fn restore_order(&mut self) {
        self.heapify();
    }

    /// Empties the heap, keeping its memory.
    pub(super) fn clear(&mut self) {
        self.v.clear();
    }

    /// The entries, in heap order.
    #[cfg(test)]
    pub(super) fn entries(&self) -> &[Entry<E>] {
        &self.v
    }

    /// Floyd's bottom-up heap construction.
    fn heapify(&mut self) {
        let n = self.v.len();
        if n < 2 {
            return;
        }
        for start in (0..=parent(n - 1)).rev() {
            let e = self.v[start];
            let key = e.key();
            let mut hole = start;
            loop {
                let first = 4 * hole + 1;
                if first >= n {
                    break;
                }
                let mut child = first;
                for c in first + 1..(first + 4).min(n) {
                    if self.v[c].key() < self.v[child].key() {
                        child = c;
                    }
                }
                if self.v[child].key() >= key {
                    break;
                }
                self.v[hole] = self.v[child];
                hole = child;
            }
            self.v[hole] = e;
        }
    }
}

/// The parent of index `i > 0` in the 4-ary layout.
#[inline(always)]
pub(super) fn parent(i: usize) -> usize {
    (i - 1) / 4
}

/// `v[i]`, for an index the caller has proven in bounds (checked in debug
/// builds and tests). The sift loops are the simulator's hottest code: at 100
/// calls in progress the bounds checks LLVM could not remove were 5 of the
/// 20 instructions of a level.
#[inline(always)]
fn get<E: Copy>(v: &[Entry<E>], i: usize) -> Entry<E> {
    debug_assert!(i < v.len());
    // SAFETY: every caller passes `i < v.len()` (see the comments at each).
    unsafe { *v.get_unchecked(i) }
}

/// `v[i] = e`, for an index the caller has proven in bounds (checked in
/// debug builds and tests).
#[inline(always)]
fn set<E: Copy>(v: &mut [Entry<E>], i: usize, e: Entry<E>) {
    debug_assert!(i < v.len());
    // SAFETY: every caller passes `i < v.len()` (see the comments at each).
    unsafe { *v.get_unchecked_mut(i) = e }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{RngExt, SeedableRng};

    fn entry(hi: u64, lo: u64) -> Entry<u32> {
        Entry { hi, lo, event: lo as u32 }
    }

    /// Pops come out in key order against a sorted reference, for heaps of
    /// every size from 0 to 300 and interleaved pushes and pops, with
    /// repeated times (ties broken by the low word).
    #[test]
    fn pops_in_key_order_at_every_size() {
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(7);
        let mut seq = 0u64;
        for n in 0..300usize {
            let mut heap = KeyHeap::new();
            let mut reference = Vec::new();
            for _ in 0..n {
                seq += 1;
                let e = entry(rng.random_range(0..50u64), seq);
                heap.push(e);
                reference.push(e.key());
            }
            for round in 0..2 * n + 2 {
                if round % 3 == 2 {
                    seq += 1;
                    let e = entry(rng.random_range(0..50u64), seq);
                    heap.push(e);
                    reference.push(e.key());
                }
                reference.sort_unstable_by(|a, b| b.cmp(a));
                let popped = heap.pop().map(|e| e.key());
                assert_eq!(popped, reference.pop(), "size {n}, round {round}");
            }
            assert_eq!(heap.len(), 0);
        }
    }
}
