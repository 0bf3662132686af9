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
        // Comparisons, not `f64::min`/`max`: times are never NaN, and the
        // NaN handling those carry cost 13 instructions per call on
        // the hot path (these compile to one `minsd`/`maxsd` each).
        let to = if to < self.end { to } else { self.end };
        let from = if from > self.start { from } else { self.start };
        let d = to - from;
        if d > 0.0 { d } else { 0.0 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlap_is_the_length_inside_the_window() {
        let w = Window { start: 10.0, end: 20.0 };
        assert_eq!(w.overlap(12.0, 15.0), 3.0);
        assert_eq!(w.overlap(5.0, 15.0), 5.0);
        assert_eq!(w.overlap(15.0, 25.0), 5.0);
        assert_eq!(w.overlap(0.0, 30.0), 10.0);
        assert_eq!(w.overlap(0.0, 5.0), 0.0);
        assert_eq!(w.overlap(25.0, 30.0), 0.0);
        assert_eq!(w.overlap(12.0, f64::INFINITY), 8.0);
        assert_eq!(w.overlap(f64::INFINITY, f64::INFINITY), 0.0);
        assert_eq!(w.overlap(15.0, 15.0), 0.0);
    }
}
