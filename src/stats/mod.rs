//! Statistics over replications: the textbook way, in one place.
//!
//! Each replication gives one observation of every metric; replications are
//! independent (disjoint random streams), so the 95% confidence interval of
//! the mean is `mean +- t(0.975, n-1) * s / sqrt(n)`, with `s` the sample
//! standard deviation (n-1 denominator) and `t` Student's quantile.

mod student;

pub use student::student_t_quantile;

use serde::Serialize;

/// The mean of a metric over replications and the half-width of its 95%
/// Student-t confidence interval (0 with a single replication).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Summary {
    /// Sample mean.
    pub mean: f64,
    /// Half-width of the 95% confidence interval of the mean.
    pub ci95: f64,
}

impl Summary {
    /// Summarises one observation per replication.
    pub fn of(samples: &[f64]) -> Summary {
        let n = samples.len();
        if n == 0 {
            return Summary { mean: 0.0, ci95: 0.0 };
        }
        let mean = samples.iter().sum::<f64>() / n as f64;
        if n == 1 {
            return Summary { mean, ci95: 0.0 };
        }
        let var = samples.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
        let ci95 = student_t_quantile(0.975, (n - 1) as f64) * (var / n as f64).sqrt();
        Summary { mean, ci95 }
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

    /// The same estimate in another unit: mean and half-width times `k`.
    pub fn scaled(self, k: f64) -> Summary {
        Summary { mean: self.mean * k, ci95: self.ci95 * k.abs() }
    }

    /// True when `value` lies within the interval.
    pub fn contains(&self, value: f64) -> bool {
        (value - self.mean).abs() <= self.ci95
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
        assert!((s.ci95 - 1.963243).abs() < 1e-5, "{}", s.ci95);
        assert_eq!(Summary::of(&[4.2]), Summary { mean: 4.2, ci95: 0.0 });
        assert_eq!(Summary::of(&[7.0, 7.0, 7.0]).ci95, 0.0);
    }

    #[test]
    fn paired_differences_remove_what_the_runs_share() {
        // Base 1, 2, 3 and other 2, 3, 4: each summary has s = 1 and
        // half-width t(0.975, 2) / sqrt(3) = 4.302653 / 1.732051 = 2.484138;
        // the differences are 1, 1, 1: mean 1, half-width 0.
        let (base, other, diff) = Summary::paired(&[1.0, 2.0, 3.0], &[2.0, 3.0, 4.0], |x| *x, |x| *x);
        assert_eq!((base.mean, other.mean), (2.0, 3.0));
        assert!((base.ci95 - 2.484138).abs() < 1e-5, "{}", base.ci95);
        assert_eq!(diff, Summary { mean: 1.0, ci95: 0.0 });
        // Each side has its own metric: 10x the base against the other's.
        let (_, _, d) = Summary::paired(&[1.0, 2.0], &[10.0, 30.0], |x| 10.0 * x, |x| *x);
        assert_eq!(d.mean, 5.0);
    }
}
