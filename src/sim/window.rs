//! The measured window `[warmup, warmup + horizon)` of a replication: what
//! the measurement integrates over and what the network's down periods are
//! clipped to. A leaf, so that both can own a copy of it.

use crate::engine::Seconds;

/// The measured window `[start, end)`, in seconds.
#[derive(Clone, Copy, Debug)]
pub(super) struct Window {
    /// The end of warm-up, seconds.
    pub(super) start: Seconds,
    /// The end of the run, seconds.
    pub(super) end: Seconds,
}

impl Window {
    /// The overlap of `[from, to)` with the window, in seconds.
    #[inline]
    pub(super) fn overlap(self, from: Seconds, to: Seconds) -> Seconds {
        (to.min(self.end) - from.max(self.start)).max(0.0)
    }
}
