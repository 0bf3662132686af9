//! A replication over time, for charts (`callsim run --format html`): each
//! number's calls in progress, binned, and when each number, AZ, carrier,
//! link and regional instance was down. Off unless asked for: a [`Tracer`] is an
//! [`Observer`] given to [`run_replication_with`](super::run_replication_with),
//! and then it changes no result (sampling draws no random number).
//!
//! ```
//! use callsim::{experiment, scenario::Scenario, sim};
//! let s = Scenario::builder("t").horizon_s(3600.0).az("az1").carrier("c").link("c", "az1", 10)
//!     .did("d", "c", Some(5))
//!     .poisson("d", 60.0, callsim::traffic::HoldingTime::Fixed { value_s: 60.0 })
//!     .build().unwrap();
//! let settings = experiment::run_settings(&s);
//! let mut tracer = sim::Tracer::new(s.model(), &settings, 60);
//! let outcome = sim::run_replication_with(s.model(), &settings, 0, &mut tracer).expect("fits the queue");
//! let timeline = tracer.finish();
//! assert_eq!(timeline.peaks[0].len(), 60);
//! assert!(timeline.peaks[0].iter().all(|&p| p <= 5));
//! # let _ = outcome;
//! ```

use super::RunSettings;
use super::observer::Observer;
use crate::engine::Seconds;
use crate::faults::Element;
use crate::model::Model;

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
    /// Per regional instance (`[[region]]`, model order; empty without
    /// regions): periods down.
    pub instance_outages: Vec<Vec<(Seconds, Seconds)>>,
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

/// Records a replication as it runs: an [`Observer`] whose [`Tracer::finish`]
/// gives the [`Timeline`].
#[derive(Clone, Debug)]
pub struct Tracer {
    start: Seconds,
    end: Seconds,
    bin_s: Seconds,
    /// The bin being filled (`None` before the window).
    bin: Option<usize>,
    /// The bin the next wake-up starts.
    next_bin: usize,
    peaks: Vec<Vec<u32>>,
    /// Elements: AZs, carriers, links, regional instances, in the network's id order.
    states: Vec<Periods>,
    /// Per number: periods with no route.
    no_route: Vec<Periods>,
    counts: [usize; 4],
}

impl Tracer {
    /// A tracer of a replication of `model` under `settings`, whose
    /// measured window it divides into `bins` bins (at least 1).
    pub fn new(model: &Model, settings: &RunSettings, bins: usize) -> Tracer {
        let instances = model.regions().map_or(0, |r| r.instances.len());
        let counts = [model.azs.len(), model.carriers.len(), model.links.len(), instances];
        Tracer::over(settings.warmup_s, settings.end_s(), bins, model.numbers.len(), counts)
    }

    /// A tracer of `bins` bins over `[start, end)`, for `numbers` numbers
    /// and (AZs, carriers, links, regional instances) elements.
    fn over(start: Seconds, end: Seconds, bins: usize, numbers: usize, counts: [usize; 4]) -> Tracer {
        let bins = bins.max(1);
        Tracer {
            start,
            end,
            bin_s: (end - start) / bins as f64,
            bin: None,
            next_bin: 0,
            peaks: vec![vec![0; bins]; numbers],
            states: vec![Periods::default(); counts.iter().sum()],
            no_route: vec![Periods::default(); numbers],
            counts,
        }
    }

    /// The start of bin `k`, seconds.
    fn bin_start(&self, k: usize) -> Seconds {
        self.start + k as f64 * self.bin_s
    }

    /// Bins in all.
    fn bins(&self) -> usize {
        self.peaks.first().map_or(0, Vec::len)
    }

    /// Bin `k` starts with these calls in progress per number.
    fn start_bin(&mut self, k: usize, busy: &[u32]) {
        self.bin = Some(k);
        for (p, &b) in self.peaks.iter_mut().zip(busy) {
            p[k] = b;
        }
    }

    /// The timeline of the window traced so far (periods still open end
    /// with the window).
    pub fn finish(self) -> Timeline {
        let (start, end) = (self.start, self.end);
        let mut states = self.states.into_iter().map(|p| p.clipped(start, end));
        let [azs, carriers, links, instances] = self.counts;
        let az_outages = states.by_ref().take(azs).collect();
        let carrier_outages = states.by_ref().take(carriers).collect();
        let link_outages = states.by_ref().take(links).collect();
        let instance_outages = states.by_ref().take(instances).collect();
        Timeline {
            bin_s: self.bin_s,
            horizon_s: end - start,
            peaks: self.peaks,
            number_outages: self.no_route.into_iter().map(|p| p.clipped(start, end)).collect(),
            az_outages,
            carrier_outages,
            link_outages,
            instance_outages,
        }
    }
}

impl Observer for Tracer {
    #[inline]
    fn busy(&mut self, n: usize, busy: u32) {
        if let Some(k) = self.bin {
            let p = &mut self.peaks[n][k];
            *p = (*p).max(busy);
        }
    }

    fn element(&mut self, element: Element, down: bool, now: Seconds) {
        let [azs, carriers, links, _] = self.counts;
        let id = match element {
            Element::Az(i) => i,
            Element::Carrier(i) => azs + i,
            Element::Link(i) => azs + carriers + i,
            Element::Instance(i) => azs + carriers + links + i,
        };
        self.states[id].set(down, now);
    }

    fn route(&mut self, number: usize, up: bool, now: Seconds) {
        self.no_route[number].set(!up, now);
    }

    fn first_wake_s(&mut self) -> Option<Seconds> {
        Some(self.start)
    }

    fn wake(&mut self, _now: Seconds, busy: &[u32]) -> Option<Seconds> {
        let k = self.next_bin;
        self.start_bin(k, busy);
        self.next_bin = k + 1;
        (k + 1 < self.bins()).then(|| self.bin_start(k + 1))
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
        let mut t = Tracer::over(0.0, 100.0, 4, 2, [0, 0, 0, 0]);
        t.busy(0, 9); // before the window: ignored
        assert_eq!(t.wake(0.0, &[3, 1]), Some(25.0));
        t.busy(0, 4);
        t.busy(1, 0);
        assert_eq!(t.wake(25.0, &[2, 0]), Some(50.0));
        let tl = t.finish();
        assert_eq!(tl.bin_s, 25.0);
        assert_eq!(tl.peaks, vec![vec![4, 2, 0, 0], vec![1, 0, 0, 0]]);
    }
}
