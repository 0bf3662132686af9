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
    pub fn with_capacity(n: usize) -> Self {
        Slots { cells: Vec::with_capacity(n), free: Vec::with_capacity(n), cancelled: 0 }
    }

    /// Slots given and not yet released (pending cancellable events, cancelled ones included).
    #[inline]
    pub fn in_use(&self) -> usize {
        self.cells.len() - self.free.len()
    }

    /// Gives a slot to the event of sequence number `seq`.
    #[inline]
    pub fn allocate(&mut self, seq: u64) -> EventKey {
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
    pub fn cancel(&mut self, key: EventKey) -> bool {
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
    pub fn key_of(&self, slot: u32) -> Option<EventKey> {
        match self.cells.get(slot as usize) {
            Some(&seq) if seq != FREE && seq != CANCELLED => Some(EventKey { slot, seq }),
            _ => None,
        }
    }

    /// True when the entry owning `slot` was cancelled.
    #[inline]
    pub fn is_cancelled(&self, slot: u32) -> bool {
        slot != NO_SLOT && self.cells[slot as usize] == CANCELLED
    }

    /// Frees the slot of an entry leaving the queue; true when it was cancelled.
    #[inline]
    pub fn release(&mut self, slot: u32) -> bool {
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
    pub fn clear(&mut self) {
        self.cells.clear();
        self.free.clear();
        self.cancelled = 0;
    }
}
