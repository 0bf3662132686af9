//! Statistics over replications: the textbook way, in one place.
//!
//! Each replication gives one observation of every metric; replications are
//! independent (disjoint random streams), so the 95% confidence interval of
//! the mean is `mean +- t(0.975, n-1) * s / sqrt(n)`, with `s` the sample
//! standard deviation (n-1 denominator) and `t` Student's quantile.

pub mod erlang;
pub mod estimators;
pub mod multiple;
mod student;

pub use student::{student_t_cdf, student_t_quantile};

use serde::Serialize;

/// The mean of a metric over replications and the half-width of its 95%
/// Student-t confidence interval: `None` when there is no interval (fewer
/// than 2 replications: one observation says nothing of its spread, and
/// nothing computed from it may be called significant). Serialises as
/// `{"mean": m, "ci95": h}`, `h` being `null` without an interval.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Summary {
    /// Sample mean (or the estimator's value: see [`Summary::ratio`], [`Summary::controlled`]).
    pub mean: f64,
    /// Half-width of the 95% confidence interval of the mean; `None`: unknown.
    pub ci95: Option<f64>,
}

impl Summary {
    /// A value known exactly (a formula's, or a constant): a zero-width interval.
    pub fn exact(value: f64) -> Summary {
        Summary { mean: value, ci95: Some(0.0) }
    }

    /// Summarises one observation per replication (no interval below 2).
    pub fn of(samples: &[f64]) -> Summary {
        let n = samples.len();
        if n == 0 {
            return Summary { mean: 0.0, ci95: None };
        }
        let mean = samples.iter().sum::<f64>() / n as f64;
        if n == 1 {
            return Summary { mean, ci95: None };
        }
        let var = samples.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
        let ci95 = student_t_quantile(0.975, (n - 1) as f64) * (var / n as f64).sqrt();
        Summary { mean, ci95: Some(ci95) }
    }

    /// Summarises `f` applied to each item.
    pub fn over<T>(items: &[T], f: impl Fn(&T) -> f64) -> Summary {
        Summary::of(&items.iter().map(f).collect::<Vec<_>>())
    }

    /// A metric of two runs paired item by item (replication `k` of one with
    /// replication `k` of the other, as common random numbers pair them):
    /// the summaries of `in_base` over `base` and of `in_other` over
    /// `other`, and the summary of their differences `other - base`, whose
    /// interval is the paired one (narrower than the unpaired difference when
    /// the runs are positively correlated). Pairs stop at the shorter run.
    pub fn paired<T>(
        base: &[T],
        other: &[T],
        in_base: impl Fn(&T) -> f64,
        in_other: impl Fn(&T) -> f64,
    ) -> (Summary, Summary, Summary) {
        let d: Vec<f64> = base.iter().zip(other).map(|(b, o)| in_other(o) - in_base(b)).collect();
        (Summary::over(base, &in_base), Summary::over(other, &in_other), Summary::of(&d))
    }

    /// A ratio of totals in two runs paired by replication: the ratio of
    /// `x` over `y` in `base`, in `other`, and the difference `other - base`
    /// with its paired delta-method interval (the mean of the differences of
    /// the linearized values). Pairs stop at the shorter run.
    pub fn paired_ratio<T>(
        base: &[T],
        other: &[T],
        x: impl Fn(&T) -> f64,
        y: impl Fn(&T) -> f64,
    ) -> (Summary, Summary, Summary) {
        let n = base.len().min(other.len());
        let lin = |items: &[T]| {
            let (xs, ys): (Vec<f64>, Vec<f64>) = items[..n].iter().map(|t| (x(t), y(t))).unzip();
            estimators::linearized_ratio(&xs, &ys)
        };
        let (zb, zo) = (lin(base), lin(other));
        let of = |z: &Option<Vec<f64>>| z.as_ref().map_or(Summary { mean: 0.0, ci95: None }, |z| Summary::of(z));
        let (sb, so) = (of(&zb), of(&zo));
        let d = match (&zb, &zo) {
            (Some(zb), Some(zo)) => Summary::of(&zb.iter().zip(zo).map(|(b, o)| o - b).collect::<Vec<_>>()),
            _ => Summary { mean: so.mean - sb.mean, ci95: None },
        };
        (sb, so, d)
    }

    /// A ratio of totals over replications, `sum(numerators) /
    /// sum(denominators)` (blocked over offered calls, say), with its
    /// delta-method interval: see [`estimators::linearized_ratio`]. 0 with
    /// no interval when every denominator is 0 (nothing observed).
    pub fn ratio(numerators: &[f64], denominators: &[f64]) -> Summary {
        match estimators::linearized_ratio(numerators, denominators) {
            Some(z) => Summary::of(&z),
            None => Summary { mean: 0.0, ci95: None },
        }
    }

    /// The mean of `samples` with `controls` as a control variate whose
    /// expectation `control_mean` is known: see [`estimators::controlled`].
    pub fn controlled(samples: &[f64], controls: &[f64], control_mean: f64) -> Summary {
        estimators::controlled(samples, controls, control_mean).unwrap_or_else(|| Summary::of(samples))
    }

    /// The same estimate in another unit: mean and half-width times `k`.
    pub fn scaled(self, k: f64) -> Summary {
        Summary { mean: self.mean * k, ci95: self.ci95.map(|h| h * k.abs()) }
    }

    /// The half-width, 0 when there is none (for drawing a whisker: no
    /// interval draws none).
    pub fn half_width_or_zero(&self) -> f64 {
        self.ci95.unwrap_or(0.0)
    }

    /// True when the interval exists and excludes zero: the difference a
    /// paired summary measures is significant at 95% (never without an
    /// interval).
    pub fn excludes_zero(&self) -> bool {
        self.ci95.is_some_and(|h| self.mean.abs() > h)
    }

    /// True when `value` lies within the interval (never without one).
    pub fn contains(&self, value: f64) -> bool {
        self.ci95.is_some_and(|h| (value - self.mean).abs() <= h)
    }

    /// The interval's lower end, `None` without an interval.
    pub fn lower(&self) -> Option<f64> {
        self.ci95.map(|h| self.mean - h)
    }

    /// The interval's upper end, `None` without an interval.
    pub fn upper(&self) -> Option<f64> {
        self.ci95.map(|h| self.mean + h)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_matches_a_hand_computation() {
        // 1..=5: mean 3, s^2 = 10/4 = 2.5, s/sqrt(5) = 0.70711,
        // t(0.975, 4) = 2.776445 -> half-width 1.963243.
        let s = Summary::of(&[1.0, 2.0, 3.0, 4.0, 5.0]);
        assert_eq!(s.mean, 3.0);
        assert!((s.ci95.unwrap() - 1.963243).abs() < 1e-5, "{:?}", s.ci95);
        // One observation: no interval, and so nothing significant.
        assert_eq!(Summary::of(&[4.2]), Summary { mean: 4.2, ci95: None });
        assert!(!Summary::of(&[4.2]).excludes_zero());
        assert!(!Summary::of(&[4.2]).contains(4.2));
        assert_eq!(Summary::of(&[7.0, 7.0, 7.0]).ci95, Some(0.0));
        assert_eq!(Summary::of(&[]).ci95, None);
    }

    #[test]
    fn paired_differences_remove_what_the_runs_share() {
        // Base 1, 2, 3 and other 2, 3, 4: each summary has s = 1 and
        // half-width t(0.975, 2) / sqrt(3) = 4.302653 / 1.732051 = 2.484138;
        // the differences are 1, 1, 1: mean 1, half-width 0.
        let (base, other, diff) = Summary::paired(&[1.0, 2.0, 3.0], &[2.0, 3.0, 4.0], |x| *x, |x| *x);
        assert_eq!((base.mean, other.mean), (2.0, 3.0));
        assert!((base.ci95.unwrap() - 2.484138).abs() < 1e-5, "{:?}", base.ci95);
        assert_eq!(diff, Summary { mean: 1.0, ci95: Some(0.0) });
        // Each side has its own metric: 10x the base against the other's.
        let (_, _, d) = Summary::paired(&[1.0, 2.0], &[10.0, 30.0], |x| 10.0 * x, |x| *x);
        assert_eq!(d.mean, 5.0);
    }
}
