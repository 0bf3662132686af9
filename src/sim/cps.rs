//! Calls-per-second limits during a replication: token buckets.

use crate::engine::Seconds;

/// A calls-per-second token bucket (see [`crate::model::CpsLimit`]).
#[derive(Clone, Copy, Debug)]
pub(super) struct Bucket {
    pub(super) tokens: f64,
    pub(super) updated: Seconds,
    pub(super) rate: f64,
    pub(super) capacity: f64,
    pub(super) queue_s: Seconds,
}

impl Bucket {
    pub(super) fn new(limit: crate::model::CpsLimit) -> Bucket {
        let capacity = limit.calls_per_second.max(1.0);
        Bucket { tokens: capacity, updated: 0.0, rate: limit.calls_per_second, capacity, queue_s: limit.queue_s }
    }

    /// The wait for a token at `now` (0: one is there), or `None` when
    /// the wait would exceed the queue.
    #[inline]
    pub(super) fn wait(&mut self, now: Seconds) -> Option<Seconds> {
        self.tokens = (self.tokens + self.rate * (now - self.updated)).min(self.capacity);
        self.updated = now;
        let wait = if self.tokens >= 1.0 { 0.0 } else { (1.0 - self.tokens) / self.rate };
        (wait <= self.queue_s * (1.0 + 1e-12)).then_some(wait)
    }
}
