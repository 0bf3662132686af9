//! How long a replication must warm up before its window opens.
//!
//! A replication starts empty, and calls in progress fill up towards their
//! steady state. For calls that arrive as a Poisson stream of rate λ and
//! last `H` (IVR included), the expected number in progress at `t` from
//! empty is `λ ∫_0^t P(H > s) ds` (the M/G/∞ fill-up), short of its steady
//! state `λ E[H]` by the fraction `P(H_e > t)`, where `H_e` is the
//! equilibrium (residual-life) distribution of `H`:
//! `P(H_e > t) = E[(H - t)^+] / E[H]`. The warm-up needed is the time at
//! which that shortfall falls to [`SHORTFALL`] (1%): `h ln 100` for an
//! exponential mean `h`, `0.99 v` for a fixed `v`, more for a lognormal
//! with a long tail. Capacity limits only shorten the fill-up, so this is a
//! bound for every number. Callers who redial keep coming back after their
//! first attempt: a source that redials needs, in addition, the 99th
//! percentile of the time its remaining redials take (a Gamma of
//! `max_attempts - 1` exponential delays). A call that waits for
//! calls-per-second tokens starts up to the longest queue wait later (a
//! link's and its carrier's together), which the need adds. Calls replayed
//! from a trace start at the end of warm-up and need none.

use super::Model;
use crate::traffic::{ArrivalProcess, HoldingTime, TrafficSource};
use statrs::distribution::{ContinuousCDF, Gamma, Normal};

/// The shortfall from the steady state of calls in progress accepted at
/// the end of warm-up.
pub const SHORTFALL: f64 = 0.01;

/// The warm-up a design needs, and why.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct WarmupNeed {
    /// Seconds of warm-up after which every source's calls in progress are
    /// within 1% of their steady state (and redials have come back).
    pub needed_s: f64,
    /// The traffic source that needs the most (`NUMBER#K`), if any needs any.
    pub driven_by: Option<String>,
}

impl Model {
    /// The warm-up this design needs (see the module documentation).
    pub fn warmup_need(&self) -> WarmupNeed {
        let mut need = WarmupNeed { needed_s: 0.0, driven_by: None };
        let queue = |c: &Option<super::CpsLimit>| c.as_ref().map_or(0.0, |c| c.queue_s);
        let cps_wait_s =
            (self.links.iter()).map(|l| queue(&l.cps) + queue(&self.carriers[l.carrier].cps)).fold(0.0, f64::max);
        for t in &self.traffic {
            let s = if is_traced(t) { 0.0 } else { source_need_s(t, self.instance.ivr_s) + cps_wait_s };
            if s > need.needed_s {
                need = WarmupNeed { needed_s: s, driven_by: Some(t.stream_name.clone()) };
            }
        }
        need
    }
}

/// True for a source replayed from a trace (its calls start at the end of warm-up).
fn is_traced(t: &TrafficSource) -> bool {
    matches!(t.arrivals, ArrivalProcess::Trace { .. })
}

/// The warm-up source `t` needs, seconds, with `ivr_s` added to every call.
fn source_need_s(t: &TrafficSource, ivr_s: f64) -> f64 {
    if is_traced(t) {
        return 0.0;
    }
    let fill = fill_up_s(&t.holding, ivr_s);
    let redials = t.redial.as_ref().filter(|r| r.max_attempts > 1 && r.probability > 0.0).map_or(0.0, |r| {
        let k = (r.max_attempts - 1) as f64;
        Gamma::new(k, 1.0 / r.mean_delay_s).map_or(k * r.mean_delay_s, |g| g.inverse_cdf(1.0 - SHORTFALL))
    });
    fill + redials
}

/// The time at which calls of duration `ivr_s + H` fill up to within
/// [`SHORTFALL`] of their steady state: `P(H_e > t) = SHORTFALL`, by bisection.
fn fill_up_s(holding: &HoldingTime, ivr_s: f64) -> f64 {
    let mean = holding.mean_s() + ivr_s;
    if !(mean > 0.0 && mean.is_finite()) {
        return 0.0;
    }
    let tail = |t: f64| excess(holding, (t - ivr_s).max(0.0)) / mean + (ivr_s - t).max(0.0) / mean;
    let (mut lo, mut hi) = (0.0_f64, mean);
    while tail(hi) > SHORTFALL {
        hi *= 2.0;
        if hi > 1e12 {
            return hi;
        }
    }
    for _ in 0..100 {
        let mid = 0.5 * (lo + hi);
        if tail(mid) > SHORTFALL {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    hi
}

/// `E[(H - t)^+]` for the holding time `H`, seconds.
fn excess(holding: &HoldingTime, t: f64) -> f64 {
    match *holding {
        HoldingTime::Exponential { mean_s } => mean_s * (-t / mean_s).exp(),
        HoldingTime::Fixed { value_s } => (value_s - t).max(0.0),
        HoldingTime::LogNormal { mean_s, sd_s } => {
            // ln H ~ N(μ, σ²) with σ² = ln(1 + (sd/mean)²), μ = ln mean - σ²/2;
            // E[(H - t)^+] = mean Φ(d1) - t Φ(d2), d1 = (μ + σ² - ln t) / σ, d2 = d1 - σ.
            if t <= 0.0 {
                return mean_s;
            }
            let s2 = (1.0 + (sd_s / mean_s).powi(2)).ln();
            let (sigma, mu) = (s2.sqrt(), mean_s.ln() - s2 / 2.0);
            let phi = Normal::new(0.0, 1.0).expect("the standard normal");
            let d1 = (mu + s2 - t.ln()) / sigma;
            (mean_s * phi.cdf(d1) - t * phi.cdf(d1 - sigma)).max(0.0)
        }
        // Durations replayed from a trace come with trace arrivals, which need no warm-up.
        HoldingTime::Trace { mean_s } => mean_s * (-t / mean_s).exp(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_up_times_match_their_closed_forms() {
        // Exponential mean 180 s: e^(-t/180) = 0.01 at t = 180 ln 100 = 828.93 s.
        let e = fill_up_s(&HoldingTime::Exponential { mean_s: 180.0 }, 0.0);
        assert!((e - 180.0 * 100f64.ln()).abs() < 1e-6, "{e}");
        // Fixed 600 s: (600 - t) / 600 = 0.01 at t = 594 s.
        let f = fill_up_s(&HoldingTime::Fixed { value_s: 600.0 }, 0.0);
        assert!((f - 594.0).abs() < 1e-6, "{f}");
        // A lognormal with the same mean and sd 2x the mean has a longer
        // tail than the exponential (sd = mean): it needs longer.
        let l = fill_up_s(&HoldingTime::LogNormal { mean_s: 180.0, sd_s: 360.0 }, 0.0);
        assert!(l > e, "{l} vs {e}");
        // Its E[(H - t)^+] at t = 0 is the mean, and it falls with t.
        let h = HoldingTime::LogNormal { mean_s: 180.0, sd_s: 360.0 };
        assert!((excess(&h, 1e-9) - 180.0).abs() < 1e-3);
        assert!(excess(&h, 100.0) < excess(&h, 10.0));
        // An IVR of 30 s adds to every call: fixed 570 s + 30 s behaves as fixed 600 s.
        let ivr = fill_up_s(&HoldingTime::Fixed { value_s: 570.0 }, 30.0);
        assert!((ivr - 594.0).abs() < 1e-6, "{ivr}");
    }
}
