//! Arrival processes: Poisson at a flat rate, or a non-homogeneous Poisson
//! process (NHPP) whose rate follows an hourly profile of the day or the
//! week, with optional spikes.

use super::exponential::{Exponential, exp1};
use rand::Rng;

/// Hours in the week a profile covers.
pub const WEEK_HOURS: usize = 168;

/// A burst of extra traffic: the rate is multiplied by `factor` during
/// `[start_s, start_s + duration_s)`, times counted from the end of warm-up.
#[derive(Clone, Debug, PartialEq)]
pub struct Spike {
    /// Start, seconds after the end of warm-up.
    pub start_s: f64,
    /// Length, seconds (> 0).
    pub duration_s: f64,
    /// Rate multiplier during the spike (> 0; below 1 is a dip).
    pub factor: f64,
}

/// A rate that varies by hour of the week, with spikes.
///
/// The profile's clock starts at the end of warm-up, which is Monday 00:00:
/// hour `h` of the week runs over `[warmup + 3600 h, warmup + 3600 (h + 1))`
/// and the week repeats. The warm-up itself is the end of the previous week
/// (a 1-hour warm-up is Sunday 23:00-24:00).
#[derive(Clone, Debug, PartialEq)]
pub struct Profile {
    /// Calls per hour for each of the 168 hours of the week, Monday 00:00 first.
    pub weekly_calls_per_hour: Vec<f64>,
    /// Spikes; overlapping spikes multiply.
    pub spikes: Vec<Spike>,
}

/// How calls arrive at a number.
#[derive(Clone, Debug, PartialEq)]
pub enum ArrivalProcess {
    /// A Poisson process: independent exponential inter-arrival times.
    Poisson {
        /// Mean arrival rate, in calls per hour (finite, > 0).
        calls_per_hour: f64,
    },
    /// A non-homogeneous Poisson process with a piecewise-constant rate.
    Profile(Profile),
    /// Calls replayed from a call detail record export, in time order.
    Trace {
        /// The trace file, as the scenario names it.
        file: String,
        /// The number's calls, sorted by arrival.
        calls: std::sync::Arc<[super::TraceCall]>,
    },
}

impl ArrivalProcess {
    /// Mean arrival rate, in calls per second (for a profile: its weekly
    /// mean, spikes left out).
    pub fn mean_rate_per_s(&self) -> f64 {
        match self {
            ArrivalProcess::Poisson { calls_per_hour } => calls_per_hour / 3_600.0,
            ArrivalProcess::Profile(p) => p.weekly_calls_per_hour.iter().sum::<f64>() / WEEK_HOURS as f64 / 3_600.0,
            ArrivalProcess::Trace { calls, .. } => {
                let span = calls.last().map(|c| c.offset_s).unwrap_or(0.0).max(1.0);
                calls.len() as f64 / span
            }
        }
    }

    /// The expected number of arrivals in the first `horizon_s` seconds
    /// from the process's origin (for a profile: the integral of its rate,
    /// spikes included), or `None` for a replayed trace, whose arrivals are
    /// not random. This is the known expectation that makes the callers of
    /// a window a control variate.
    pub fn expected_calls(&self, horizon_s: f64) -> Option<f64> {
        match self {
            ArrivalProcess::Poisson { calls_per_hour } => Some(calls_per_hour / 3_600.0 * horizon_s),
            ArrivalProcess::Trace { .. } => None,
            ArrivalProcess::Profile(_) => {
                let ArrivalSampler::Profile(p) = self.sampler(0.0).ok()? else { return None };
                let (mut t, mut total) = (0.0_f64, 0.0_f64);
                while t < horizon_s {
                    let (rate, until) = p.rate_at(t);
                    let end = until.min(horizon_s);
                    total += rate * (end - t);
                    t = end;
                }
                Some(total)
            }
        }
    }

    /// A sampler of arrival times whose profile clock starts at `origin_s`
    /// (the end of warm-up, in simulated seconds). Fails only on parameters
    /// that validation would have refused.
    pub fn sampler(&self, origin_s: f64) -> Result<ArrivalSampler, ArrivalError> {
        match self {
            ArrivalProcess::Poisson { .. } => {
                let rate = self.mean_rate_per_s();
                if !(rate.is_finite() && rate > 0.0) {
                    return Err(ArrivalError::Rate { calls_per_hour: rate * 3600.0 });
                }
                Ok(ArrivalSampler::Poisson(Exponential::new(rate)?))
            }
            ArrivalProcess::Trace { calls, .. } => {
                if calls.is_empty() {
                    return Err(ArrivalError::EmptyTrace);
                }
                Ok(ArrivalSampler::Trace { calls: calls.clone(), origin_s, next: 0 })
            }
            ArrivalProcess::Profile(p) => {
                let rates = &p.weekly_calls_per_hour;
                if rates.len() != WEEK_HOURS || rates.iter().any(|r| !(r.is_finite() && *r >= 0.0)) {
                    return Err(ArrivalError::ProfileRates);
                }
                if rates.iter().all(|&r| r == 0.0) {
                    return Err(ArrivalError::SilentProfile);
                }
                let spikes = p
                    .spikes
                    .iter()
                    .map(|s| (origin_s + s.start_s, origin_s + s.start_s + s.duration_s, s.factor))
                    .collect();
                Ok(ArrivalSampler::Profile(Box::new(ProfileSampler {
                    origin_s,
                    rates_per_s: rates.iter().map(|r| r / 3_600.0).collect(),
                    spikes,
                    piece: (f64::INFINITY, f64::NEG_INFINITY, 0.0),
                })))
            }
        }
    }
}

/// Why an arrival process cannot be sampled (validation refuses these first).
#[derive(Clone, Copy, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ArrivalError {
    /// A Poisson rate that is not finite and > 0.
    #[error("calls_per_hour must be finite and > 0, got {calls_per_hour}")]
    Rate {
        /// The rate, calls per hour.
        calls_per_hour: f64,
    },
    /// The exponential distribution refused the rate.
    #[error(transparent)]
    Exponential(#[from] rand_distr::ExpError),
    /// A trace without calls.
    #[error("a trace needs at least one call")]
    EmptyTrace,
    /// A profile without 168 finite rates >= 0.
    #[error("a profile needs 168 finite hourly rates >= 0")]
    ProfileRates,
    /// A profile whose every hour is 0.
    #[error("a profile needs at least one hour with calls")]
    SilentProfile,
}

/// Draws arrival times; built once per run by [`ArrivalProcess::sampler`],
/// then sampled per call without allocating.
#[derive(Clone, Debug)]
pub enum ArrivalSampler {
    /// Exponential inter-arrival times of rate calls per second.
    Poisson(Exponential),
    /// A piecewise-constant rate, sampled exactly by inversion.
    Profile(Box<ProfileSampler>),
    /// A replayed trace: the calls, their origin, and the next one to hand out.
    Trace {
        /// The calls, sorted by arrival.
        calls: std::sync::Arc<[super::TraceCall]>,
        /// Simulated time of the trace's first instant, seconds.
        origin_s: f64,
        /// Index of the next call to hand out.
        next: usize,
    },
}

/// The state of a profile's sampler.
#[derive(Clone, Debug)]
pub struct ProfileSampler {
    origin_s: f64,
    rates_per_s: Vec<f64>,
    /// (start, end, factor) in simulated seconds.
    spikes: Vec<(f64, f64, f64)>,
    /// The piece of constant rate last used: (start, end, rate per second).
    /// Most arrivals fall in the same piece as the one before, so they cost
    /// one comparison instead of a look-up.
    piece: (f64, f64, f64),
}

impl ProfileSampler {
    /// The rate at `t` (calls per second) and the next time it may change,
    /// from the cached piece when `t` is in it.
    #[inline]
    fn piece_at(&mut self, t: f64) -> (f64, f64) {
        let (start, end, rate) = self.piece;
        if t >= start && t < end {
            return (rate, end);
        }
        let (rate, end) = self.rate_at(t);
        self.piece = (t, end, rate);
        (rate, end)
    }

    /// The rate at `t` (calls per second) and the next time it may change.
    fn rate_at(&self, t: f64) -> (f64, f64) {
        let hours = ((t - self.origin_s) / 3_600.0).floor();
        let hour = (hours as i64).rem_euclid(WEEK_HOURS as i64) as usize;
        let mut until = self.origin_s + (hours + 1.0) * 3_600.0;
        let mut rate = self.rates_per_s[hour];
        for &(start, end, factor) in &self.spikes {
            if t < start {
                until = until.min(start);
            } else if t < end {
                rate *= factor;
                until = until.min(end);
            }
        }
        // Guard against a boundary that rounding put at or before t.
        (rate, if until > t { until } else { t + 1e-9 * t.abs().max(1.0) })
    }

    /// The first arrival after `now`: the time at which the integrated rate
    /// from `now` reaches an Exp(1) draw (exact inversion of the NHPP's
    /// cumulative intensity; one draw per arrival whatever the profile).
    #[inline]
    fn next_after<R: Rng + ?Sized>(&mut self, now: f64, rng: &mut R) -> f64 {
        let mut left: f64 = exp1(rng);
        let mut t = now;
        loop {
            let (rate, until) = self.piece_at(t);
            if rate > 0.0 {
                let needed = left / rate;
                if t + needed < until {
                    return t + needed;
                }
                left -= rate * (until - t);
            }
            if !until.is_finite() {
                return f64::INFINITY;
            }
            t = until;
        }
    }
}

impl ArrivalSampler {
    /// The time of the next arrival after one at `now` (or after the start), seconds.
    #[inline(always)]
    pub fn next_arrival_s<R: Rng + ?Sized>(&mut self, now: f64, rng: &mut R) -> f64 {
        match self {
            ArrivalSampler::Poisson(exp) => now + exp.sample(rng),
            ArrivalSampler::Profile(p) => p.next_after(now, rng),
            ArrivalSampler::Trace { calls, origin_s, next } => match calls.get(*next) {
                Some(c) => {
                    *next += 1;
                    *origin_s + c.offset_s
                }
                None => f64::INFINITY,
            },
        }
    }

    /// For a trace: the recorded duration of the call whose arrival time
    /// was handed out last (the one arriving now), seconds.
    #[inline]
    pub fn trace_duration(&self) -> Option<f64> {
        match self {
            ArrivalSampler::Trace { calls, next, .. } => next.checked_sub(1).map(|i| calls[i].duration_s),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Named, RandomStreams};

    /// Arrivals per hour of the week over `weeks` weeks from time 0 (origin 0).
    fn histogram(p: Profile, weeks: usize) -> Vec<f64> {
        let mut s = ArrivalProcess::Profile(p).sampler(0.0).unwrap();
        let mut rng = RandomStreams::new(9, 0).stream(&Named("profile-test"));
        let mut counts = vec![0.0; WEEK_HOURS];
        let end = weeks as f64 * WEEK_HOURS as f64 * 3_600.0;
        let mut t = s.next_arrival_s(0.0, &mut rng);
        while t < end {
            counts[(t / 3_600.0) as usize % WEEK_HOURS] += 1.0;
            t = s.next_arrival_s(t, &mut rng);
        }
        counts
    }

    #[test]
    fn expected_calls_integrate_the_rate() {
        // Poisson: 120 calls/h over 90 minutes = 180 calls.
        assert_eq!(ArrivalProcess::Poisson { calls_per_hour: 120.0 }.expected_calls(5_400.0), Some(180.0));
        // Flat 600 calls/h for two weeks and a half-hour 5x spike on day 2:
        // 600 x 336 + 600 x 0.5 x (5 - 1) = 201,600 + 1,200 = 202,800.
        let spike = Spike { start_s: 33.0 * 3600.0, duration_s: 1800.0, factor: 5.0 };
        let p =
            ArrivalProcess::Profile(Profile { weekly_calls_per_hour: vec![600.0; WEEK_HOURS], spikes: vec![spike] });
        let got = p.expected_calls(2.0 * WEEK_HOURS as f64 * 3600.0).unwrap();
        assert!((got - 202_800.0).abs() < 1e-6, "{got}");
        // A part of an hour counts its part: Monday 00:00-00:20 at 600/h = 200.
        assert!((p.expected_calls(1200.0).unwrap() - 200.0).abs() < 1e-9);
    }

    #[test]
    fn counts_per_hour_follow_the_profile() {
        // A day profile from 10 calls/h at night to 900 at 11:00, repeated
        // on every day; over 40 weeks hour h of the day sees 280 hours of
        // rate r: a Poisson count of mean 280 r, sd sqrt(280 r). Each of the
        // 24 checks allows 4 sd (two-sided 99.994%).
        let day: Vec<f64> = (0..24).map(|h| 10.0 + 890.0 * (-(h as f64 - 11.0).powi(2) / 18.0).exp()).collect();
        let weekly: Vec<f64> = (0..WEEK_HOURS).map(|h| day[h % 24]).collect();
        let counts = histogram(Profile { weekly_calls_per_hour: weekly, spikes: vec![] }, 40);
        for h in 0..24 {
            let got: f64 = (0..7).map(|d| counts[d * 24 + h]).sum::<f64>();
            let want = 280.0 * day[h];
            assert!((got - want).abs() <= 4.0 * want.sqrt(), "hour {h}: {got} vs {want}");
        }
    }

    #[test]
    fn a_weekly_profile_and_zero_hours_are_honoured() {
        // Weekdays 100 calls/h, weekends none: not a single weekend arrival.
        let weekly: Vec<f64> = (0..WEEK_HOURS).map(|h| if h < 120 { 100.0 } else { 0.0 }).collect();
        let counts = histogram(Profile { weekly_calls_per_hour: weekly, spikes: vec![] }, 20);
        assert_eq!(counts[120..].iter().sum::<f64>(), 0.0);
        // 20 weeks x 120 h x 100/h = 240,000 calls; sd 490.
        let total: f64 = counts.iter().sum();
        assert!((total - 240_000.0).abs() < 4.0 * 490.0, "{total}");
    }

    #[test]
    fn a_spike_shows_up_in_the_hour_it_lands() {
        // Flat 600 calls/h; a 5x spike over day 2 (Tuesday) 09:00-09:30.
        // That hour expects 300 + 5 x 300 = 1,800 calls, its neighbours 600.
        let spike = Spike { start_s: (24.0 + 9.0) * 3600.0, duration_s: 1800.0, factor: 5.0 };
        let counts = histogram(Profile { weekly_calls_per_hour: vec![600.0; WEEK_HOURS], spikes: vec![spike] }, 1);
        assert!((counts[33] - 1800.0).abs() < 4.0 * 1800f64.sqrt(), "spike hour {}", counts[33]);
        for h in [32, 34] {
            assert!((counts[h] - 600.0).abs() < 4.0 * 600f64.sqrt(), "hour {h}: {}", counts[h]);
        }
    }

    #[test]
    fn bad_profiles_are_refused() {
        let p = |weekly: Vec<f64>| {
            ArrivalProcess::Profile(Profile { weekly_calls_per_hour: weekly, spikes: vec![] }).sampler(0.0)
        };
        assert!(p(vec![1.0; 24]).is_err());
        assert!(p(vec![0.0; WEEK_HOURS]).is_err());
        assert!(p(vec![f64::NAN; WEEK_HOURS]).is_err());
    }
}
