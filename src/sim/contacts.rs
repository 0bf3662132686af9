//! Callback contacts waiting for their next step (a leaf: the run holds
//! them, `callbacks.rs` handles them).

use crate::engine::Seconds;

/// The `CallTable` dialer index of a callback dial (not an `[[outbound]]` entry).
pub(super) const CALLBACK_DIAL: usize = u32::MAX as usize;

/// One callback contact: its caller and how far its dials have gone.
#[derive(Clone, Copy, Debug)]
pub(super) struct Contact {
    /// Its queue, by index.
    pub(super) queue: u32,
    /// The number its caller dialled (the dial goes from it).
    pub(super) number: u32,
    /// Dials so far, the coming one included.
    pub(super) attempt: u8,
    /// Its caller arrived in the window.
    pub(super) counted: bool,
    /// The coming dial, if carried, is answered.
    pub(super) answered: bool,
    /// The caller's talk time once reached, seconds.
    pub(super) talk_s: Seconds,
}

/// Callback contacts waiting for their next step, by ticket (slots reused,
/// so that once the most contacts at once is reached nothing allocates).
#[derive(Debug, Default)]
pub(super) struct PendingCallbacks {
    pub(super) contacts: Vec<Contact>,
    pub(super) free: Vec<u32>,
}

impl PendingCallbacks {
    pub(super) fn park(&mut self, c: Contact) -> u32 {
        match self.free.pop() {
            Some(t) => {
                self.contacts[t as usize] = c;
                t
            }
            None => {
                self.contacts.push(c);
                (self.contacts.len() - 1) as u32
            }
        }
    }
}
