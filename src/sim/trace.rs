//! A replication over time, for charts (`callsim run --format html`): each
//! number's calls in progress, binned, and when each number, AZ, carrier
//! and link was down. Off unless asked for ([`run_replication_traced`](super::run_replication_traced)),
//! and then it changes no result: sampling draws no random number.

use crate::engine::Seconds;

/// What one replication looked like over its measured window.
#[derive(Clone, Debug, PartialEq)]
pub struct Timeline {
    /// Width of a bin, seconds.
    pub bin_s: Seconds,
    /// The measured window, seconds.
    pub horizon_s: Seconds,
    /// Per number (model order): most calls in progress at once in each
    /// bin; bin `i` covers `[i * bin_s, (i + 1) * bin_s)` of the window.
    pub peaks: Vec<Vec<u32>>,
    /// Per number: periods with no route, seconds from the window's start.
    pub number_outages: Vec<Vec<(Seconds, Seconds)>>,
    /// Per AZ: periods down.
    pub az_outages: Vec<Vec<(Seconds, Seconds)>>,
    /// Per carrier: periods down.
    pub carrier_outages: Vec<Vec<(Seconds, Seconds)>>,
    /// Per link: periods the link itself was down (its carrier's and its
    /// AZ's failures are in their own rows).
    pub link_outages: Vec<Vec<(Seconds, Seconds)>>,
}

/// Periods of one on/off state, as they happen.
#[derive(Clone, Debug, Default)]
struct Periods {
    since: Option<Seconds>,
    done: Vec<(Seconds, Seconds)>,
}

impl Periods {
    fn set(&mut self, down: bool, now: Seconds) {
        match (down, self.since) {
            (true, None) => self.since = Some(now),
            (false, Some(since)) => {
                self.done.push((since, now));
                self.since = None;
            }
            _ => {}
        }
    }

    /// The periods clipped to `[start, end)`, relative to `start`.
    fn clipped(mut self, start: Seconds, end: Seconds) -> Vec<(Seconds, Seconds)> {
        if let Some(since) = self.since.take() {
            self.done.push((since, end));
        }
        clip(self.done, start, end)
    }
}

/// `periods` clipped to `[start, end)`, relative to `start`; those outside dropped.
fn clip(periods: Vec<(Seconds, Seconds)>, start: Seconds, end: Seconds) -> Vec<(Seconds, Seconds)> {
    (periods.into_iter()).map(|(a, b)| (a.max(start) - start, b.min(end) - start)).filter(|(a, b)| b > a).collect()
}

/// Records a replication as it runs.
pub(super) struct Tracer {
    start: Seconds,
    end: Seconds,
    bin_s: Seconds,
    /// The bin being filled (`None` before the window).
    bin: Option<usize>,
    peaks: Vec<Vec<u32>>,
    /// Elements: AZs, carriers, links, in the network's id order.
    states: Vec<Periods>,
    counts: [usize; 3],
}

impl Tracer {
    /// A tracer of `bins` bins over `[start, end)`, for `numbers` numbers
    /// and (AZs, carriers, links) elements.
    pub(super) fn new(start: Seconds, end: Seconds, bins: usize, numbers: usize, counts: [usize; 3]) -> Tracer {
        let bins = bins.max(1);
        Tracer {
            start,
            end,
            bin_s: (end - start) / bins as f64,
            bin: None,
            peaks: vec![vec![0; bins]; numbers],
            states: vec![Periods::default(); counts.iter().sum()],
            counts,
        }
    }

    /// The start of bin `k`, seconds.
    pub(super) fn bin_start(&self, k: usize) -> Seconds {
        self.start + k as f64 * self.bin_s
    }

    /// Bins in all.
    pub(super) fn bins(&self) -> usize {
        self.peaks.first().map_or(0, Vec::len)
    }

    /// Bin `k` starts with these calls in progress per number.
    pub(super) fn start_bin(&mut self, k: usize, busy: &[u32]) {
        self.bin = Some(k);
        for (p, &b) in self.peaks.iter_mut().zip(busy) {
            p[k] = b;
        }
    }

    /// Number `n` now has `busy` calls in progress.
    #[inline]
    pub(super) fn busy(&mut self, n: usize, busy: u32) {
        if let Some(k) = self.bin {
            let p = &mut self.peaks[n][k];
            *p = (*p).max(busy);
        }
    }

    /// Element `id` went down or came up at `now`.
    pub(super) fn element(&mut self, id: usize, down: bool, now: Seconds) {
        self.states[id].set(down, now);
    }

    /// The timeline of the window, with each number's periods without a
    /// route (`no_route`, unclipped, from the network's availability bookkeeping).
    pub(super) fn finish(self, no_route: Vec<Vec<(Seconds, Seconds)>>) -> Timeline {
        let (start, end) = (self.start, self.end);
        let mut states = self.states.into_iter().map(|p| p.clipped(start, end));
        let [azs, carriers, links] = self.counts;
        let az_outages = states.by_ref().take(azs).collect();
        let carrier_outages = states.by_ref().take(carriers).collect();
        let link_outages = states.by_ref().take(links).collect();
        Timeline {
            bin_s: self.bin_s,
            horizon_s: end - start,
            peaks: self.peaks,
            number_outages: no_route.into_iter().map(|p| clip(p, start, end)).collect(),
            az_outages,
            carrier_outages,
            link_outages,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_are_clipped_to_the_window_and_closed_at_its_end() {
        let mut p = Periods::default();
        p.set(true, 5.0);
        p.set(false, 15.0);
        p.set(true, 30.0);
        p.set(true, 31.0);
        p.set(false, 40.0);
        p.set(true, 95.0);
        // Window [10, 100): the first period is cut at 10, the last closed at 100.
        assert_eq!(p.clipped(10.0, 100.0), vec![(0.0, 5.0), (20.0, 30.0), (85.0, 90.0)]);
    }

    #[test]
    fn peaks_start_from_the_bin_start_and_rise_with_calls() {
        let mut t = Tracer::new(0.0, 100.0, 4, 2, [0, 0, 0]);
        t.busy(0, 9); // before the window: ignored
        t.start_bin(0, &[3, 1]);
        t.busy(0, 4);
        t.busy(1, 0);
        t.start_bin(1, &[2, 0]);
        let tl = t.finish(vec![Vec::new(); 2]);
        assert_eq!(tl.bin_s, 25.0);
        assert_eq!(tl.peaks, vec![vec![4, 2, 0, 0], vec![1, 0, 0, 0]]);
    }
}
