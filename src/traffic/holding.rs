//! Holding-time (call duration) distributions.

use super::exponential::Exponential;
use rand::Rng;
use rand_distr::{Distribution, LogNormal};

/// How long a carried call lasts.
#[derive(Clone, Debug, PartialEq)]
pub enum HoldingTime {
    /// Exponential with the given mean, in seconds.
    Exponential {
        /// Mean, seconds (> 0).
        mean_s: f64,
    },
    /// Lognormal with the given mean and standard deviation of the duration
    /// itself (not of its logarithm), in seconds.
    LogNormal {
        /// Mean, seconds (> 0).
        mean_s: f64,
        /// Standard deviation, seconds (> 0).
        sd_s: f64,
    },
    /// Every call lasts exactly this long, in seconds.
    Fixed {
        /// Duration, seconds (> 0).
        value_s: f64,
    },
    /// Each call lasts what a replayed trace recorded; `mean_s`, the trace's
    /// mean, only feeds load figures.
    Trace {
        /// Mean recorded duration, seconds.
        mean_s: f64,
    },
}

impl HoldingTime {
    /// Mean holding time, in seconds.
    pub fn mean_s(&self) -> f64 {
        match *self {
            HoldingTime::Exponential { mean_s } | HoldingTime::LogNormal { mean_s, .. } => mean_s,
            HoldingTime::Fixed { value_s } => value_s,
            HoldingTime::Trace { mean_s } => mean_s,
        }
    }

    /// A sampler of durations. Fails only on parameters that validation
    /// would have refused (not finite, or <= 0).
    pub fn sampler(&self) -> Result<HoldingSampler, HoldingError> {
        let positive = |what: &'static str, v: f64| {
            if v.is_finite() && v > 0.0 { Ok(v) } else { Err(HoldingError::NotPositive { what, value: v }) }
        };
        Ok(match *self {
            HoldingTime::Exponential { mean_s } => {
                let mean = positive("mean", mean_s)?;
                HoldingSampler::Exponential(Exponential::new(1.0 / mean)?)
            }
            HoldingTime::LogNormal { mean_s, sd_s } => {
                let (mean, sd) = (positive("mean", mean_s)?, positive("sd", sd_s)?);
                // For X lognormal with ln X ~ N(mu, sigma^2):
                // E[X] = exp(mu + sigma^2/2), Var[X] = (exp(sigma^2) - 1) E[X]^2,
                // so sigma^2 = ln(1 + (sd/mean)^2) and mu = ln(mean) - sigma^2/2.
                let sigma2 = (sd / mean).powi(2).ln_1p();
                let mu = mean.ln() - sigma2 / 2.0;
                HoldingSampler::LogNormal(LogNormal::new(mu, sigma2.sqrt())?)
            }
            HoldingTime::Fixed { value_s } => HoldingSampler::Fixed(positive("value", value_s)?),
            // The simulator takes each traced call's own duration; this
            // constant stands in only where a duration must be drawn anyway.
            HoldingTime::Trace { mean_s } => HoldingSampler::Fixed(positive("mean", mean_s)?),
        })
    }
}

/// Why a holding time cannot be sampled (validation refuses these first).
#[derive(Clone, Copy, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum HoldingError {
    /// A mean, standard deviation or value that is not finite and > 0.
    #[error("{what} must be finite and > 0 seconds, got {value}")]
    NotPositive {
        /// Which parameter: `mean`, `sd` or `value`.
        what: &'static str,
        /// Its value, seconds.
        value: f64,
    },
    /// The exponential distribution refused its rate.
    #[error(transparent)]
    Exponential(#[from] rand_distr::ExpError),
    /// The lognormal distribution refused its parameters.
    #[error(transparent)]
    LogNormal(#[from] rand_distr::NormalError),
}

/// Draws call durations; built once per run, sampled per call.
#[derive(Clone, Copy, Debug)]
pub enum HoldingSampler {
    /// Exponential durations.
    Exponential(Exponential),
    /// Lognormal durations.
    LogNormal(LogNormal<f64>),
    /// A constant duration, in seconds.
    Fixed(f64),
}

impl HoldingSampler {
    /// A call duration, in seconds.
    #[inline]
    pub fn duration_s<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        match self {
            HoldingSampler::Exponential(d) => d.sample(rng),
            HoldingSampler::LogNormal(d) => d.sample(rng),
            HoldingSampler::Fixed(v) => *v,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Named, RandomStreams};

    fn moments(h: HoldingTime, n: usize) -> (f64, f64) {
        let s = h.sampler().unwrap();
        let mut rng = RandomStreams::new(7, 0).stream(&Named("holding-test"));
        let xs: Vec<f64> = (0..n).map(|_| s.duration_s(&mut rng)).collect();
        let mean = xs.iter().sum::<f64>() / n as f64;
        let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
        (mean, var.sqrt())
    }

    #[test]
    fn lognormal_has_the_requested_mean_and_sd() {
        // mean 180 s, sd 240 s. The sample mean of 400k draws has standard
        // error 240/sqrt(4e5) = 0.38 s: 180 +- 4 SE = 1.5 s. The sd of a
        // lognormal converges slowly (heavy tail), so its check is looser (5%).
        let (m, sd) = moments(HoldingTime::LogNormal { mean_s: 180.0, sd_s: 240.0 }, 400_000);
        assert!((m - 180.0).abs() < 1.5, "mean {m}");
        assert!((sd - 240.0).abs() < 12.0, "sd {sd}");
    }

    #[test]
    fn exponential_mean_and_fixed_value() {
        // Exponential mean 60 s: SE = 60/sqrt(4e5) = 0.095 s; 4 SE = 0.38 s.
        let (m, sd) = moments(HoldingTime::Exponential { mean_s: 60.0 }, 400_000);
        assert!((m - 60.0).abs() < 0.38, "mean {m}");
        assert!((sd - 60.0).abs() < 1.0, "sd {sd}");
        assert_eq!(moments(HoldingTime::Fixed { value_s: 42.0 }, 10), (42.0, 0.0));
    }

    #[test]
    fn bad_parameters_are_refused() {
        assert!(HoldingTime::Exponential { mean_s: 0.0 }.sampler().is_err());
        assert!(HoldingTime::LogNormal { mean_s: 1.0, sd_s: f64::NAN }.sampler().is_err());
        assert!(HoldingTime::Fixed { value_s: -1.0 }.sampler().is_err());
    }
}
