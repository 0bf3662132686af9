//! A d-ary min-heap of queue entries on their 128-bit keys, `D` children
//! per node: 4-ary as the event queue's layout while few events are pending
//! (`EventQueue::with_small_heap`, up to `SMALL_HEAP_MAX`), binary as the
//! radix heap's front heap (`queue.rs`, "The front heap").
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
//! same order). The front heap is different: it is built from a whole
//! bucket at once (`restore_order`) and mostly popped, rarely pushed, and
//! binary it took 491 instructions per event at 10^4 calls in progress
//! against 4-ary's 498 (callgrind), so it stays binary. A pop sifts the
//! hole to the bottom along the smallest children and then lifts the last
//! entry into it (Floyd's variant: the last entry almost always belongs
//! near the bottom, so this skips the comparison with it at every level on
//! the way down).
//!
//! Keys are unique, so the order in which entries are popped is the keys'
//! order whatever the heap's shape: the arity changes no result.

use super::entry::Entry;

/// Entries ordered as a `D`-ary min-heap by [`Entry::key`] (`D` is 2 or
/// 4): the children of index `i` are `D i + 1 ..= D i + D`.
#[derive(Clone)]
pub(super) struct KeyHeap<E, const D: usize> {
    v: Vec<Entry<E>>,
}

impl<E: Copy, const D: usize> KeyHeap<E, D> {
    /// Only the two arities whose pop is written out branch-free.
    const ARITY: usize = {
        assert!(D == 2 || D == 4, "a KeyHeap is binary or 4-ary");
        D
    };

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
            let parent = parent::<D>(i);
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
        // The hole goes down along the smallest children to the bottom ...
        let mut hole = if Self::ARITY == 2 { descend_binary(v) } else { descend_4_ary(v) };
        // ... and the last entry rises from there to its place.
        let key = last.key();
        while hole > 0 {
            let parent = parent::<D>(hole);
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

    /// Whether every entry's key is above its parent's (the heap order).
    #[cfg(test)]
    pub(super) fn is_ordered(&self) -> bool {
        (1..self.v.len()).all(|i| self.v[parent::<D>(i)].key() < self.v[i].key())
    }

    /// Floyd's bottom-up heap construction. Every index is in bounds:
    /// `start <= parent(n - 1) < n`, the hole is `start` or an earlier
    /// child, and a family is read only below `n` (whole when `first + D -
    /// 1 < n`, else `first..n`).
    fn heapify(&mut self) {
        let v = self.v.as_mut_slice();
        let n = v.len();
        if n < 2 {
            return;
        }
        for start in (0..=parent::<D>(n - 1)).rev() {
            let e = get(v, start);
            let key = e.key();
            let mut hole = start;
            loop {
                let first = D * hole + 1;
                let child = if first + (Self::ARITY - 1) < n {
                    smallest_child::<E, D>(v, first)
                } else if first < n {
                    smallest_in(v, first, n)
                } else {
                    break;
                };
                if get(v, child).key() >= key {
                    break;
                }
                set(v, hole, get(v, child));
                hole = child;
            }
            set(v, hole, e);
        }
    }
}

/// The smallest of the `D` children `first .. first + D` (all in `v`),
/// without a branch: binary, one compare; 4-ary, two pairs and then their
/// winners.
#[inline(always)]
fn smallest_child<E: Copy, const D: usize>(v: &[Entry<E>], first: usize) -> usize {
    let a = first + (get(v, first + 1).key() < get(v, first).key()) as usize;
    if D == 2 {
        return a;
    }
    let b = first + 2 + (get(v, first + 3).key() < get(v, first + 2).key()) as usize;
    if get(v, b).key() < get(v, a).key() { b } else { a }
}

/// The smallest entry of `v[from..to]` (`from < to <= v.len()`): a partial
/// family, at the bottom of the heap.
#[inline(always)]
fn smallest_in<E: Copy>(v: &[Entry<E>], from: usize, to: usize) -> usize {
    let mut smallest = from;
    for c in from + 1..to {
        if get(v, c).key() < get(v, smallest).key() {
            smallest = c;
        }
    }
    smallest
}

/// Moves the hole at the root of the binary heap `v` down along the
/// smaller children to the bottom; returns where it ends.
///
/// Every index is in bounds: the loop runs while `child + 1 <= end < len`,
/// `smaller <= child + 1`, and the hole is always 0 or an earlier
/// `smaller`; after the loop `child == end` is checked before use. `end` is
/// at most `isize::MAX / 24`, so `2 * smaller + 1` does not wrap. (Written
/// apart from the 4-ary descent: one loop for both, with a partial family
/// of up to `D - 1` children scanned at the bottom, cost the front heap 12
/// instructions per event at 10^4 pending, 503 against 491.)
#[inline(always)]
fn descend_binary<E: Copy>(v: &mut [Entry<E>]) -> usize {
    let end = v.len() - 1;
    let mut hole = 0;
    let mut child = 1;
    while child < end {
        let smaller = smallest_child::<E, 2>(v, child);
        set(v, hole, get(v, smaller));
        hole = smaller;
        child = 2 * smaller + 1;
    }
    if child == end {
        set(v, hole, get(v, child));
        hole = child;
    }
    hole
}

/// Moves the hole at the root of the 4-ary heap `v` down along the
/// smallest children to the bottom; returns where it ends.
///
/// Every index is in bounds: the loop runs while `child + 3 < n` (all four
/// children exist), `smallest <= child + 3`, and the hole is always 0 or an
/// earlier `smallest`; the last, partial family reads only `child..n`. `n`
/// is at most `isize::MAX / 24`, so `4 * smallest + 1` does not wrap.
#[inline(always)]
fn descend_4_ary<E: Copy>(v: &mut [Entry<E>]) -> usize {
    let n = v.len();
    let mut hole = 0;
    let mut child = 1;
    while child + 3 < n {
        let smallest = smallest_child::<E, 4>(v, child);
        set(v, hole, get(v, smallest));
        hole = smallest;
        child = 4 * smallest + 1;
    }
    if child < n {
        // One to three children left: the smallest of them.
        let smallest = smallest_in(v, child, n);
        set(v, hole, get(v, smallest));
        hole = smallest;
    }
    hole
}

/// The parent of index `i > 0` in the `D`-ary layout.
#[inline(always)]
fn parent<const D: usize>(i: usize) -> usize {
    (i - 1) / D
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
    fn pops_in_key_order<const D: usize>() {
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(7);
        let mut seq = 0u64;
        for n in 0..300usize {
            let mut heap = KeyHeap::<u32, D>::new();
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
                assert_eq!(popped, reference.pop(), "{D}-ary, size {n}, round {round}");
            }
            assert_eq!(heap.len(), 0);
        }
    }

    /// Entries appended unordered and then ordered at once (how the front
    /// heap takes a bucket), then half removed by `retain`: each step pops
    /// in key order, at every size from 0 to 300.
    fn bulk_loads_in_key_order<const D: usize>() {
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(11);
        let mut seq = 0u64;
        for n in 0..300usize {
            let entries: Vec<_> = (0..n)
                .map(|_| {
                    seq += 1;
                    entry(rng.random_range(0..50u64), seq)
                })
                .collect();
            let mut heap = KeyHeap::<u32, D>::new();
            heap.append_unordered(&entries);
            heap.restore_order();
            heap.retain(|e| e.lo % 2 == 0);
            let mut reference: Vec<_> = entries.iter().filter(|e| e.lo % 2 == 0).map(|e| e.key()).collect();
            reference.sort_unstable();
            let popped: Vec<_> = std::iter::from_fn(|| heap.pop()).map(|e| e.key()).collect();
            assert_eq!(popped, reference, "{D}-ary, size {n}");
        }
    }

    #[test]
    fn the_4_ary_heap_pops_in_key_order_at_every_size() {
        pops_in_key_order::<4>();
        bulk_loads_in_key_order::<4>();
    }

    #[test]
    fn the_binary_heap_pops_in_key_order_at_every_size() {
        pops_in_key_order::<2>();
        bulk_loads_in_key_order::<2>();
    }
}
