//! Cancellation by key, shared by the event queues.
//!
//! An event scheduled as cancellable owns a *slot*: a small integer whose
//! cell holds the sequence number of the event that owns it. Cancelling
//! marks the cell in O(1); the queue discards the entry when it reaches the
//! front (lazy deletion). A slot is recycled only once its entry has left
//! the queue, and a key names both slot and sequence number, so cancelling
//! a key whose event already ran, or was already cancelled, is refused
//! rather than hitting a newer event. Slots are dense (0, 1, 2, ...), so a
//! caller may index its own per-event data by [`EventKey::slot`].

/// Marks an entry that owns no slot (not cancellable).
pub(super) const NO_SLOT: u32 = u32::MAX;
/// A cell value meaning "the event of this slot was cancelled".
const CANCELLED: u64 = u64::MAX;
/// A cell value meaning "free".
const FREE: u64 = u64::MAX - 1;

/// The handle of a cancellable event.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct EventKey {
    slot: u32,
    seq: u64,
}

impl EventKey {
    /// The event's slot: a dense index, unique among pending cancellable
    /// events and reused once the event has left the queue.
    #[inline]
    pub fn slot(self) -> u32 {
        self.slot
    }
}

/// The cells of all slots, the free ones, and how many cancelled entries wait.
#[derive(Clone, Debug, Default)]
pub(super) struct Slots {
    cells: Vec<u64>,
    free: Vec<u32>,
    /// Cancelled entries still held by the queue.
    pub cancelled: usize,
}

impl Slots {
    pub(super) fn with_capacity(n: usize) -> Self {
        Slots { cells: Vec::with_capacity(n), free: Vec::with_capacity(n), cancelled: 0 }
    }

    /// Slots given and not yet released (pending cancellable events, cancelled ones included).
    #[inline]
    pub(super) fn in_use(&self) -> usize {
        self.cells.len() - self.free.len()
    }

    /// Gives a slot to the event of sequence number `seq`.
    #[inline]
    pub(super) fn allocate(&mut self, seq: u64) -> EventKey {
        let slot = match self.free.pop() {
            Some(s) => s,
            None => {
                self.cells.push(FREE);
                (self.cells.len() - 1) as u32
            }
        };
        self.cells[slot as usize] = seq;
        EventKey { slot, seq }
    }

    /// Marks the event of `key` cancelled; false when it already left or was cancelled.
    #[inline]
    pub(super) fn cancel(&mut self, key: EventKey) -> bool {
        match self.cells.get_mut(key.slot as usize) {
            Some(cell) if *cell == key.seq => {
                *cell = CANCELLED;
                self.cancelled += 1;
                true
            }
            _ => false,
        }
    }

    /// The key of the pending event that owns `slot`, if any.
    #[inline]
    pub(super) fn key_of(&self, slot: u32) -> Option<EventKey> {
        match self.cells.get(slot as usize) {
            Some(&seq) if seq != FREE && seq != CANCELLED => Some(EventKey { slot, seq }),
            _ => None,
        }
    }

    /// True when the entry owning `slot` was cancelled.
    #[inline]
    pub(super) fn is_cancelled(&self, slot: u32) -> bool {
        slot != NO_SLOT && self.cells[slot as usize] == CANCELLED
    }

    /// Frees the slot of an entry leaving the queue; true when it was cancelled.
    #[inline]
    pub(super) fn release(&mut self, slot: u32) -> bool {
        if slot == NO_SLOT {
            return false;
        }
        let cell = &mut self.cells[slot as usize];
        let was_cancelled = *cell == CANCELLED;
        *cell = FREE;
        self.free.push(slot);
        if was_cancelled {
            self.cancelled -= 1;
        }
        was_cancelled
    }

    /// Forgets every slot.
    pub(super) fn clear(&mut self) {
        self.cells.clear();
        self.free.clear();
        self.cancelled = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Slots against a plain model: a stack of free slots, a map of
    /// pending keys. Reuse order, cancellation and counts agree at every
    /// step of a long random mix of allocate, cancel and release.
    #[test]
    fn slots_reuse_released_ones_last_in_first_out_like_a_stack() {
        let mut slots = Slots::with_capacity(4);
        let mut stack: Vec<u32> = Vec::new();
        let mut cells: Vec<Option<(u64, bool)>> = Vec::new(); // (seq, cancelled) per slot
        let mut pending: Vec<EventKey> = Vec::new();
        let mut released: Vec<EventKey> = Vec::new();
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for seq in 0..20_000u64 {
            match next() % 8 {
                0..=3 => {
                    let key = slots.allocate(seq);
                    let expected = stack.pop().unwrap_or(cells.len() as u32);
                    assert_eq!(key.slot(), expected, "step {seq}");
                    if expected as usize == cells.len() {
                        cells.push(None);
                    }
                    cells[expected as usize] = Some((seq, false));
                    pending.push(key);
                }
                4 if !pending.is_empty() => {
                    let key = pending[(next() % pending.len() as u64) as usize];
                    let live = cells[key.slot() as usize] == Some((key.seq, false));
                    assert_eq!(slots.cancel(key), live);
                    if live {
                        cells[key.slot() as usize] = Some((key.seq, true));
                    }
                }
                _ if !pending.is_empty() => {
                    let key = pending.swap_remove((next() % pending.len() as u64) as usize);
                    let (_, cancelled) = cells[key.slot() as usize].take().expect("pending");
                    assert_eq!(slots.is_cancelled(key.slot()), cancelled);
                    assert_eq!(slots.release(key.slot()), cancelled);
                    stack.push(key.slot());
                    released.push(key);
                }
                _ => {}
            }
            assert_eq!(slots.in_use(), pending.len());
            assert_eq!(slots.cancelled, cells.iter().flatten().filter(|c| c.1).count());
        }
        for key in &pending {
            let expected = cells[key.slot() as usize].filter(|c| !c.1).map(|_| *key);
            assert_eq!(slots.key_of(key.slot()), expected);
        }
        // A released key is refused, even once its slot is given again.
        for key in released.iter().rev().take(100) {
            assert!(!slots.cancel(*key));
        }
        for &slot in stack.iter().take(100) {
            assert_eq!(slots.key_of(slot), None);
        }
        slots.clear();
        assert_eq!(slots.in_use(), 0);
        assert_eq!(slots.allocate(7).slot(), 0);
    }
}
