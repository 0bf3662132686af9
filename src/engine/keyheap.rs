//! A binary min-heap of queue entries on their 128-bit keys: the event
//! queue's layout while few events are pending (see `queue.rs`, "Small
//! queues").
//!
//! Below a few thousand entries the heap's sift paths stay in cache, and a
//! pop costs about log2(n) child comparisons, each a branch-free 128-bit
//! compare (the time bits above the sequence) that picks the smaller child
//! without a misprediction; a radix heap would move each entry 5-6 times
//! between buckets at such sizes. A pop sifts the hole to the bottom along
//! the smaller children and then lifts the last entry into it (Floyd's
//! variant: the last entry almost always belongs near the bottom, so this
//! does one comparison per level instead of two).

use super::entry::Entry;

/// Entries ordered as a binary min-heap by [`Entry::key`].
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
            let parent = (i - 1) / 2;
            let p = v[parent];
            if p.key() <= key {
                break;
            }
            v[i] = p;
            i = parent;
        }
        v[i] = e;
    }

    /// Removes and returns the entry of the smallest key.
    #[inline(always)]
    pub(super) fn pop(&mut self) -> Option<Entry<E>> {
        let last = self.v.pop()?;
        let v = self.v.as_mut_slice();
        let Some(&top) = v.first() else { return Some(last) };
        // The hole goes down along the smaller children to the bottom ...
        let mut hole = 0;
        loop {
            let child = 2 * hole + 1;
            // Both children exist: the pair is a slice of two, so neither
            // index is checked again.
            let Some(pair) = v.get(child..child + 2) else {
                if let Some(&only) = v.get(child) {
                    v[hole] = only;
                    hole = child;
                }
                break;
            };
            let right = (pair[1].key() < pair[0].key()) as usize;
            v[hole] = pair[right];
            hole = child + right;
        }
        // ... and the last entry rises from there to its place.
        let key = last.key();
        while hole > 0 {
            let parent = (hole - 1) / 2;
            let p = v[parent];
            if p.key() <= key {
                break;
            }
            v[hole] = p;
            hole = parent;
        }
        v[hole] = last;
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
        for start in (0..n / 2).rev() {
            let e = self.v[start];
            let key = e.key();
            let mut hole = start;
            loop {
                let mut child = 2 * hole + 1;
                if child >= n {
                    break;
                }
                if child + 1 < n && self.v[child + 1].key() < self.v[child].key() {
                    child += 1;
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
