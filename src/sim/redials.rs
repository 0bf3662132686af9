//! Redials: a caller who fails to get through (blocked, or carried then
//! dropped) tries again after a random delay, up to a number of attempts,
//! or gives up. The caller's story ([`Caller`]) travels with each attempt,
//! so that a caller is counted once, and "never through" only when they
//! give up without ever being carried. The run (`run.rs`) asks a source's
//! [`Redialer`] after each failure and schedules the redial it returns.
//!
//! A caller redials the number they dialled: a caller of a DID bank keeps
//! the DID their first attempt picked (a hunt group hunts again from its
//! pilot, as it does for every call), so the bank's spreading stream draws
//! once per caller, never per redial, and first attempts of two designs
//! compared on common random numbers keep drawing the same DIDs.

use super::streams::StreamName;
use crate::engine::{RandomStreams, Seconds, Stream};
use crate::traffic::Redial;
use rand::RngExt;
use rand_distr::Distribution;

/// A caller's story so far, carried through redials.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Caller {
    /// Which attempt this is (1 for the first, 2 for the first redial).
    pub(super) attempt: u8,
    /// The caller's first attempt came after warm-up.
    pub(super) measured: bool,
    /// An earlier attempt was carried (then dropped).
    pub(super) connected: bool,
    /// The number the caller dialled (a bank's DID as their first attempt picked it).
    pub(super) dialled: u32,
}

impl Caller {
    /// A new caller's first attempt, to number `dialled` (`measured`: after warm-up).
    #[inline]
    pub(super) fn first(measured: bool, dialled: usize) -> Caller {
        Caller { attempt: 1, measured, connected: false, dialled: dialled as u32 }
    }

    /// The same caller, now carried.
    #[inline]
    pub(super) fn connected(self) -> Caller {
        Caller { connected: true, ..self }
    }
}

/// A traffic source's redial behaviour and its private streams.
#[derive(Debug)]
pub(super) struct Redialer {
    probability: f64,
    max_attempts: u8,
    delay: rand_distr::Exp<f64>,
    /// Whether and when to redial.
    rng: Stream,
    /// Holding times of redials.
    pub(super) holding_rng: Stream,
}

impl Redialer {
    /// The redial behaviour `r` of the traffic source whose streams are named after `source`.
    pub(super) fn new(r: &Redial, streams: &RandomStreams, source: &str) -> Redialer {
        Redialer {
            probability: r.probability,
            max_attempts: r.max_attempts,
            delay: rand_distr::Exp::new(1.0 / r.mean_delay_s).expect("validated redial delay"),
            rng: streams.stream(&StreamName::Redial(source)),
            holding_rng: streams.stream(&StreamName::RedialHolding(source)),
        }
    }

    /// After `caller`'s failed attempt at `now`: when they try again and
    /// as whom, or `None` when they give up.
    #[inline]
    pub(super) fn retry(&mut self, now: Seconds, caller: Caller) -> Option<(Seconds, Caller)> {
        if caller.attempt < self.max_attempts && self.rng.random::<f64>() < self.probability {
            let at = now + self.delay.sample(&mut self.rng);
            return Some((at, Caller { attempt: caller.attempt + 1, ..caller }));
        }
        None
    }
}

/// Redials waiting for their time, by ticket. A redial event carries only
/// its ticket, which keeps every event of the queue 8 bytes; the slots are
/// reused, so once the most redials ever pending at once is reached, parking
/// one allocates nothing.
#[derive(Debug, Default)]
pub(super) struct PendingRedials {
    /// The source and caller of each ticket (stale when the ticket is free).
    waiting: Vec<(u32, Caller)>,
    /// Tickets free for reuse.
    free: Vec<u32>,
}

impl PendingRedials {
    /// Parks the redial of `caller` of source `k`; returns its ticket.
    #[inline]
    pub(super) fn park(&mut self, k: usize, caller: Caller) -> u32 {
        match self.free.pop() {
            Some(ticket) => {
                self.waiting[ticket as usize] = (k as u32, caller);
                ticket
            }
            None => {
                self.waiting.push((k as u32, caller));
                (self.waiting.len() - 1) as u32
            }
        }
    }

    /// The source and caller of `ticket`, whose time has come; the ticket is freed.
    #[inline]
    pub(super) fn take(&mut self, ticket: u32) -> (usize, Caller) {
        self.free.push(ticket);
        let (k, caller) = self.waiting[ticket as usize];
        (k as usize, caller)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tickets_are_reused_once_taken() {
        let mut pending = PendingRedials::default();
        let c = |dialled| Caller { attempt: 2, measured: true, connected: false, dialled };
        let a = pending.park(3, c(7));
        let b = pending.park(1, c(9));
        assert_ne!(a, b);
        assert_eq!(pending.take(a), (3, c(7)));
        // The freed ticket is handed out again, with its new caller.
        assert_eq!(pending.park(5, c(11)), a);
        assert_eq!(pending.take(b), (1, c(9)));
        assert_eq!(pending.take(a), (5, c(11)));
        assert_eq!(pending.waiting.len(), 2);
    }
}
