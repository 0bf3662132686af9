//! Distributions of up and down periods, each parameterised by its mean.

use rand::{Rng, RngExt};
use rand_distr::{Distribution, Exp, Gamma, LogNormal, Weibull};
use statrs::function::gamma::ln_gamma;

/// The shape of a period's length; its mean comes from `mtbf` or `mttr`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Lifetime {
    /// Memoryless (the default).
    Exponential,
    /// Weibull with the given shape k (> 0): k < 1 early failures dominate,
    /// k > 1 wear-out; k = 1 is exponential. The scale follows from the mean:
    /// `scale = mean / Γ(1 + 1/k)`.
    Weibull {
        /// Shape k.
        shape: f64,
    },
    /// Lognormal with the given standard deviation, in seconds (> 0): real
    /// repair times are mostly short with a long tail.
    LogNormal {
        /// Standard deviation of the period itself, seconds.
        sd_s: f64,
    },
    /// Always exactly the mean.
    Fixed,
}

impl Lifetime {
    /// A sampler of periods with mean `mean_s` seconds (> 0). Fails on
    /// parameters that validation would have refused.
    pub fn sampler(self, mean_s: f64) -> Result<LifetimeSampler, LifetimeError> {
        if !(mean_s.is_finite() && mean_s > 0.0) {
            return Err(LifetimeError::Mean { mean_s });
        }
        Ok(match self {
            Lifetime::Exponential => LifetimeSampler::Exponential { period: Exp::new(1.0 / mean_s)? },
            Lifetime::Weibull { shape } => {
                if !(0.1..=50.0).contains(&shape) {
                    return Err(LifetimeError::Shape { shape });
                }
                // E[X] = scale * Γ(1 + 1/k).
                let scale = mean_s / ln_gamma(1.0 + 1.0 / shape).exp();
                LifetimeSampler::Weibull {
                    period: Weibull::new(scale, shape)?,
                    // Length-biased Weibull: (X/scale)^k ~ Gamma(1 + 1/k, 1).
                    biased: Gamma::new(1.0 + 1.0 / shape, 1.0)?,
                    scale,
                    inv_shape: 1.0 / shape,
                }
            }
            Lifetime::LogNormal { sd_s } => {
                if !(sd_s.is_finite() && sd_s > 0.0) {
                    return Err(LifetimeError::Sd { sd_s });
                }
                // ln X ~ N(mu, s^2) with s^2 = ln(1 + (sd/mean)^2), mu = ln(mean) - s^2/2.
                let s2 = (sd_s / mean_s).powi(2).ln_1p();
                let mu = mean_s.ln() - s2 / 2.0;
                LifetimeSampler::LogNormal {
                    period: LogNormal::new(mu, s2.sqrt())?,
                    // Length-biased lognormal: ln X ~ N(mu + s^2, s^2).
                    biased: LogNormal::new(mu + s2, s2.sqrt())?,
                }
            }
            Lifetime::Fixed => LifetimeSampler::Fixed(mean_s),
        })
    }
}

/// Why a lifetime cannot be sampled. Validation reports these messages at
/// the lifetime's TOML path.
#[derive(Clone, Copy, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum LifetimeError {
    /// A mean that is not finite and > 0.
    #[error("the mean must be finite and > 0 seconds, got {mean_s}")]
    Mean {
        /// The mean, seconds.
        mean_s: f64,
    },
    /// A Weibull shape outside [0.1, 50].
    #[error("the Weibull shape must be between 0.1 and 50, got {shape}")]
    Shape {
        /// The shape k.
        shape: f64,
    },
    /// A lognormal standard deviation that is not finite and > 0.
    #[error("the standard deviation must be finite and > 0 seconds, got {sd_s}")]
    Sd {
        /// The standard deviation, seconds.
        sd_s: f64,
    },
    /// The exponential distribution refused its rate.
    #[error(transparent)]
    Exponential(#[from] rand_distr::ExpError),
    /// The Weibull distribution refused its parameters.
    #[error(transparent)]
    Weibull(#[from] rand_distr::WeibullError),
    /// The gamma distribution (length-biased Weibull draws) refused its parameters.
    #[error(transparent)]
    Gamma(#[from] rand_distr::GammaError),
    /// The lognormal distribution refused its parameters.
    #[error(transparent)]
    LogNormal(#[from] rand_distr::NormalError),
}

/// Draws period lengths; built once per run.
#[derive(Clone, Copy, Debug)]
pub enum LifetimeSampler {
    /// Exponential periods.
    Exponential {
        /// The period distribution.
        period: Exp<f64>,
    },
    /// Weibull periods.
    Weibull {
        /// The period distribution.
        period: Weibull<f64>,
        /// Gamma(1 + 1/k, 1), for length-biased draws.
        biased: Gamma<f64>,
        /// Weibull scale, seconds.
        scale: f64,
        /// 1 / shape.
        inv_shape: f64,
    },
    /// Lognormal periods.
    LogNormal {
        /// The period distribution.
        period: LogNormal<f64>,
        /// The length-biased period distribution.
        biased: LogNormal<f64>,
    },
    /// Constant periods, seconds.
    Fixed(f64),
}

impl LifetimeSampler {
    /// A period length, in seconds.
    pub fn period_s<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        match self {
            LifetimeSampler::Exponential { period } => period.sample(rng),
            LifetimeSampler::Weibull { period, .. } => period.sample(rng),
            LifetimeSampler::LogNormal { period, .. } => period.sample(rng),
            LifetimeSampler::Fixed(v) => *v,
        }
    }

    /// The time left in the period in progress at a random instant of a
    /// stationary process (the equilibrium residual life): a length-biased
    /// period times an independent uniform. Starting each process with it
    /// makes every replication stationary from time zero, so availability
    /// over any window has exactly the steady-state expectation.
    pub fn residual_s<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        let u: f64 = rng.random();
        let biased = match self {
            // Memoryless: the residual is the period distribution itself.
            LifetimeSampler::Exponential { period } => return period.sample(rng),
            LifetimeSampler::Weibull { biased, scale, inv_shape, .. } => scale * biased.sample(rng).powf(*inv_shape),
            LifetimeSampler::LogNormal { biased, .. } => biased.sample(rng),
            LifetimeSampler::Fixed(v) => *v,
        };
        u * biased
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Named, RandomStreams};

    /// Mean of `n` draws of `f`.
    fn mean(n: usize, mut f: impl FnMut(&mut crate::engine::Stream) -> f64) -> f64 {
        let mut rng = RandomStreams::new(3, 0).stream(&Named("lifetime-test"));
        (0..n).map(|_| f(&mut rng)).sum::<f64>() / n as f64
    }

    #[test]
    fn periods_have_the_requested_mean() {
        // 200k draws of mean 10: standard error = sd/sqrt(2e5) = sd * 0.00224.
        // Exponential sd 10 -> SE 0.022; Weibull k=0.7 sd = 14.6 -> SE 0.033;
        // lognormal sd 20 -> SE 0.045 (heavy tail: allow 6 SE). Checks at ~5 SE.
        let n = 200_000;
        for (life, tol) in [
            (Lifetime::Exponential, 0.12),
            (Lifetime::Weibull { shape: 0.7 }, 0.17),
            (Lifetime::Weibull { shape: 3.0 }, 0.05),
            (Lifetime::LogNormal { sd_s: 20.0 }, 0.27),
            (Lifetime::Fixed, 0.0),
        ] {
            let s = life.sampler(10.0).unwrap();
            let m = mean(n, |r| s.period_s(r));
            assert!((m - 10.0).abs() <= tol, "{life:?}: mean {m}");
        }
    }

    #[test]
    fn residual_life_has_the_renewal_theory_mean() {
        // Equilibrium residual mean = E[X^2] / (2 E[X]) = (sd^2 + m^2) / (2m).
        // m = 10: exponential (sd 10) -> 10; fixed -> 5; lognormal sd 20 -> 25;
        // Weibull k=3: E[X^2] = scale^2 Γ(1+2/3), scale = 10/Γ(4/3) = 11.1985
        //   -> E[X^2] = 125.41 * 0.902745 = 113.21 -> 5.661.
        let n = 400_000;
        for (life, want, tol) in [
            (Lifetime::Exponential, 10.0, 0.1),
            (Lifetime::Fixed, 5.0, 0.03),
            (Lifetime::LogNormal { sd_s: 20.0 }, 25.0, 1.0),
            (Lifetime::Weibull { shape: 3.0 }, 5.661, 0.03),
        ] {
            let s = life.sampler(10.0).unwrap();
            let m = mean(n, |r| s.residual_s(r));
            assert!((m - want).abs() <= tol, "{life:?}: residual mean {m}, want {want}");
        }
    }

    #[test]
    fn bad_parameters_are_refused() {
        assert!(Lifetime::Weibull { shape: 0.0 }.sampler(1.0).is_err());
        assert!(Lifetime::LogNormal { sd_s: -1.0 }.sampler(1.0).is_err());
        assert!(Lifetime::Exponential.sampler(0.0).is_err());
    }
}
