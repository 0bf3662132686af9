//! Traffic sources during a replication: their samplers and streams, and
//! how a call to a DID bank picks its DID (redials are `redials.rs`).

use super::admission::Admission;
use super::redials::Redialer;
use super::streams::StreamName;
use crate::engine::{Order, RandomStreams, Stream};
use crate::traffic::{ArrivalSampler, HoldingSampler, SpreadMode, TrafficSource};
use rand::RngExt;

/// A traffic source's samplers and private random streams.
pub(super) struct Source {
    pub(super) number: usize,
    pub(super) arrivals: ArrivalSampler,
    pub(super) holding: HoldingSampler,
    pub(super) arrival_rng: Stream,
    pub(super) holding_rng: Stream,
    /// Traffic to a DID bank: how each call picks its DID.
    pub(super) spread: Option<Box<Spreader>>,
    /// Callers who fail redial, if the traffic says so.
    pub(super) redial: Option<Box<Redialer>>,
    /// The queue its carried calls wait in after IVR, if any.
    pub(super) queue: Option<u32>,
}

impl Source {
    /// The run-time state of traffic source `t`, its streams named after it;
    /// profile clocks start at `warmup_s`.
    pub(super) fn new(
        t: &TrafficSource,
        model: &crate::model::Model,
        streams: &RandomStreams,
        warmup_s: f64,
    ) -> Source {
        Source {
            number: t.number,
            arrivals: t.arrivals.sampler(warmup_s).expect("validated arrival process"),
            holding: t.holding.sampler().expect("validated holding time"),
            arrival_rng: streams.stream(&StreamName::Arrivals(&t.stream_name)),
            holding_rng: streams.stream(&StreamName::Holding(&t.stream_name)),
            spread: Spreader::new(t, model, streams),
            redial: t.redial.as_ref().map(|r| Box::new(Redialer::new(r, streams, &t.stream_name))),
            queue: t.queue.map(|q| q as u32),
        }
    }
}

/// Picks the DID of a bank that a call dials.
pub(super) struct Spreader {
    pub(super) first: usize,
    pub(super) count: usize,
    /// Uniform: empty; weighted: cumulative weights; hunt: see `hunt`.
    pub(super) cumulative: Vec<f64>,
    pub(super) hunt: bool,
    pub(super) rng: Stream,
}

impl Spreader {
    pub(super) fn new(
        t: &TrafficSource,
        model: &crate::model::Model,
        streams: &RandomStreams,
    ) -> Option<Box<Spreader>> {
        let spread = t.spread.as_ref()?;
        let bank = &model.banks[spread.bank];
        let cumulative = match &spread.mode {
            SpreadMode::Weighted(w) => w
                .iter()
                .scan(0.0, |acc, x| {
                    *acc += x;
                    Some(*acc)
                })
                .collect(),
            SpreadMode::Uniform | SpreadMode::Hunt => Vec::new(),
        };
        Some(Box::new(Spreader {
            first: bank.first,
            count: bank.count,
            cumulative,
            hunt: spread.mode == SpreadMode::Hunt,
            rng: streams.stream(&StreamName::Spread(&t.stream_name)),
        }))
    }

    /// The DID (number index) a new caller dials: a draw from the spreading
    /// stream, or, for a hunt group, the hunt (which draws nothing).
    #[inline]
    pub(super) fn pick(&mut self, routing: &Admission) -> usize {
        if self.hunt {
            return self.hunt(routing);
        }
        let u: f64 = self.rng.random();
        match self.cumulative.last() {
            None => self.first + ((u * self.count as f64) as usize).min(self.count - 1),
            Some(total) => {
                let x = u * total;
                self.first + self.cumulative.partition_point(|&c| c <= x).min(self.count - 1)
            }
        }
    }

    /// A hunt group's DID for a call: the first DID from the pilot that is
    /// below its cap (the pilot when all are at it).
    #[inline]
    pub(super) fn hunt(&self, routing: &Admission) -> usize {
        (self.first..self.first + self.count).find(|&n| !routing.at_cap(n)).unwrap_or(self.first)
    }
}

/// Every traffic source's next arrival, kept outside the event queue: the
/// order the queue gave it (time, then a sequence number from the queue's
/// counter, so that ties fall exactly as if it were queued) and the
/// source, as a binary min-heap. The run loop takes queue events only up
/// to the first of them; an arrival replaces its source's entry at the top
/// with the next one. With one source this is a single comparison.
#[derive(Debug, Default)]
pub(super) struct NextArrivals {
    heap: Vec<(Order, u32)>,
}

impl NextArrivals {
    /// Adds source `k`'s next arrival, of order `order` (at the start).
    pub(super) fn push(&mut self, order: Order, k: usize) {
        self.heap.push((order, k as u32));
        let mut i = self.heap.len() - 1;
        while i > 0 && self.heap[(i - 1) / 2].0 > self.heap[i].0 {
            self.heap.swap(i, (i - 1) / 2);
            i = (i - 1) / 2;
        }
    }

    /// The first arrival: its order and source ([`Order::NEVER`] when there is no source).
    #[inline(always)]
    pub(super) fn first(&self) -> (Order, usize) {
        match self.heap.first() {
            Some(&(order, k)) => (order, k as usize),
            None => (Order::NEVER, 0),
        }
    }

    /// The first arrival's source gets its next arrival, of order `order`.
    #[inline(always)]
    pub(super) fn replace_first(&mut self, order: Order) {
        let n = self.heap.len();
        let mut i = 0;
        let top = (order, self.heap[0].1);
        loop {
            let mut child = 2 * i + 1;
            if child >= n {
                break;
            }
            if child + 1 < n && self.heap[child + 1].0 < self.heap[child].0 {
                child += 1;
            }
            if self.heap[child].0 >= order {
                break;
            }
            self.heap[i] = self.heap[child];
            i = child;
        }
        self.heap[i] = top;
    }
}
