//! Traffic sources during a replication: their samplers and streams, how a
//! call to a DID bank picks its DID, and how failed callers redial.

use crate::engine::{RandomStreams, Stream};
use crate::model::RoutingState;
use crate::traffic::{ArrivalSampler, HoldingSampler, SpreadMode, TrafficSource};
use rand::RngExt;

/// A caller's story so far, carried through redials.
#[derive(Clone, Copy, Debug)]
pub(super) struct Caller {
    pub(super) attempt: u8,
    pub(super) measured: bool,
    pub(super) connected: bool,
}

/// A source's redial behaviour and its private streams.
pub(super) struct Redialer {
    pub(super) probability: f64,
    pub(super) max_attempts: u8,
    pub(super) delay: rand_distr::Exp<f64>,
    pub(super) rng: Stream,
    pub(super) holding_rng: Stream,
}

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
}

/// Picks the DID of a bank that a call dials.
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
            arrival_rng: streams.stream(&format!("traffic:{}/arrivals", t.stream_name)),
            holding_rng: streams.stream(&format!("traffic:{}/holding", t.stream_name)),
            spread: Spreader::new(t, model, streams),
            redial: t.redial.as_ref().map(|r| {
                Box::new(Redialer {
                    probability: r.probability,
                    max_attempts: r.max_attempts,
                    delay: rand_distr::Exp::new(1.0 / r.mean_delay_s).expect("validated redial delay"),
                    rng: streams.stream(&format!("traffic:{}/redial", t.stream_name)),
                    holding_rng: streams.stream(&format!("traffic:{}/redial-holding", t.stream_name)),
                })
            }),
        }
    }
}

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
            rng: streams.stream(&format!("traffic:{}/spread", t.stream_name)),
        }))
    }

    /// The DID (number index) this call dials.
    #[inline]
    pub(super) fn pick(&mut self, routing: &RoutingState) -> usize {
        if self.hunt {
            return (self.first..self.first + self.count).find(|&n| !routing.at_cap(n)).unwrap_or(self.first);
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
}
