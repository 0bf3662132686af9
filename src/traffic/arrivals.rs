//! Arrival processes.

use rand::Rng;
use rand_distr::{Distribution, Exp};

/// How calls arrive at a number.
#[derive(Clone, Debug, PartialEq)]
pub enum ArrivalProcess {
    /// A Poisson process: independent exponential inter-arrival times.
    Poisson {
        /// Mean arrival rate, in calls per hour (finite, > 0).
        calls_per_hour: f64,
    },
}

impl ArrivalProcess {
    /// Mean arrival rate, in calls per second.
    pub fn mean_rate_per_s(&self) -> f64 {
        match self {
            ArrivalProcess::Poisson { calls_per_hour } => calls_per_hour / 3_600.0,
        }
    }

    /// A sampler of inter-arrival times. Fails only on a rate that
    /// validation would have refused (not finite, or <= 0).
    pub fn sampler(&self) -> Result<ArrivalSampler, String> {
        match self {
            ArrivalProcess::Poisson { .. } => {
                let rate = self.mean_rate_per_s();
                if !(rate.is_finite() && rate > 0.0) {
                    return Err(format!("calls_per_hour must be finite and > 0, got {}", rate * 3600.0));
                }
                Exp::new(rate).map(ArrivalSampler::Poisson).map_err(|e| e.to_string())
            }
        }
    }
}

/// Draws the time to the next arrival; built once per run by
/// [`ArrivalProcess::sampler`], then sampled per call without allocating.
#[derive(Clone, Copy, Debug)]
pub enum ArrivalSampler {
    /// Exponential inter-arrival times of rate calls per second.
    Poisson(Exp<f64>),
}

impl ArrivalSampler {
    /// Seconds from an arrival (or the start) to the next arrival.
    #[inline]
    pub fn next_gap_s<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        match self {
            ArrivalSampler::Poisson(exp) => exp.sample(rng),
        }
    }
}
