//! Redials: a caller who fails to get through (blocked, or carried then
//! dropped) tries again after a random delay, up to a number of attempts,
//! or gives up. The caller's story ([`Caller`]) travels with each attempt,
//! so that a caller is counted once, and "never through" only when they
//! give up without ever being carried. The run (`run.rs`) asks a source's
//! [`Redialer`] after each failure and schedules the redial it returns.

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
}

impl Caller {
    /// A new caller's first attempt (`measured`: after warm-up).
    #[inline]
    pub(super) fn first(measured: bool) -> Caller {
        Caller { attempt: 1, measured, connected: false }
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
