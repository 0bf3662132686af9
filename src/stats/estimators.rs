//! Estimators that do better than the plain mean over replications, at no
//! cost in bias (beyond O(1/n)), each with its textbook interval.
//!
//! - **Ratios of totals** ([`linearized_ratio`]): blocking is blocked /
//!   offered. The mean of per-replication ratios weighs a replication with
//!   few calls like one with many, and is biased for a number that receives
//!   little traffic; the ratio of the totals is the estimator of
//!   `E[blocked] / E[offered]` (Law & Kelton, *Simulation Modeling and
//!   Analysis*, 5th ed., §9.5.3). Its interval comes from the delta method:
//!   the ratio `R` is the mean of the linearized values
//!   `z_k = R + (x_k - R y_k) / ȳ`, whose Student-t interval is the
//!   delta-method interval of `R`. Differences of two such ratios paired
//!   by replication are differences of their linearized values.
//! - **Control variates** ([`controlled`]): the number of callers who arrive
//!   in the window has a known expectation (rate x window), and the counts
//!   that follow it (completed, blocked, carried) move with it from one
//!   replication to the next. `Ŷ = ȳ - β̂ (c̄ - μ)` with `β̂` the least
//!   squares slope removes that part of their variance; its interval uses
//!   the regression's residual variance with `n - 2` degrees of freedom and
//!   the factor `1/n + (c̄ - μ)² / Σ (c_k - c̄)²` (Lavenberg & Welch, 1981;
//!   Law & Kelton §11.3), exact under joint normality. The degree of
//!   freedom it costs is dear with few replications (t(0.975) is 12.7 at
//!   one degree of freedom against 4.3 at two), so the control is used from
//!   [`MIN_CONTROLLED`] replications on, where it costs 2% of the width
//!   (t(0.975, 8) / t(0.975, 9) = 1.02).

use super::{Summary, student_t_quantile};

/// Fewest replications with which [`controlled`] uses the control.
pub const MIN_CONTROLLED: usize = 10;

/// The linearized values `z_k` of the ratio `sum(x) / sum(y)`, whose mean is
/// the ratio and whose Student-t interval is its delta-method interval;
/// `None` when the denominators sum to 0 (or the slices are empty).
pub fn linearized_ratio(x: &[f64], y: &[f64]) -> Option<Vec<f64>> {
    let n = x.len().min(y.len());
    let total_y: f64 = y[..n].iter().sum();
    if n == 0 || total_y <= 0.0 {
        return None;
    }
    let r = x[..n].iter().sum::<f64>() / total_y;
    let mean_y = total_y / n as f64;
    Some((0..n).map(|k| r + (x[k] - r * y[k]) / mean_y).collect())
}

/// `samples` with `controls` (one per replication) as a control variate of
/// known expectation `control_mean`: the controlled estimate and its 95%
/// interval (`n - 2` degrees of freedom), or `None` when the control cannot
/// help: fewer than [`MIN_CONTROLLED`] replications, or controls that do
/// not vary.
pub fn controlled(samples: &[f64], controls: &[f64], control_mean: f64) -> Option<Summary> {
    if samples.len() < MIN_CONTROLLED {
        return None;
    }
    regression(samples, controls, control_mean)
}

/// The regression estimate behind [`controlled`], from 3 replications on.
fn regression(samples: &[f64], controls: &[f64], control_mean: f64) -> Option<Summary> {
    let n = samples.len();
    if n < 3 || controls.len() != n || !control_mean.is_finite() {
        return None;
    }
    let nf = n as f64;
    let y_bar = samples.iter().sum::<f64>() / nf;
    let c_bar = controls.iter().sum::<f64>() / nf;
    let scc: f64 = controls.iter().map(|c| (c - c_bar).powi(2)).sum();
    if scc <= 0.0 {
        return None;
    }
    let syc: f64 = samples.iter().zip(controls).map(|(y, c)| (y - y_bar) * (c - c_bar)).sum();
    let beta = syc / scc;
    let mean = y_bar - beta * (c_bar - control_mean);
    let residual: f64 = samples.iter().zip(controls).map(|(y, c)| (y - y_bar - beta * (c - c_bar)).powi(2)).sum();
    let s2 = residual / (nf - 2.0);
    let var = s2 * (1.0 / nf + (c_bar - control_mean).powi(2) / scc);
    Some(Summary { mean, ci95: Some(student_t_quantile(0.975, nf - 2.0) * var.max(0.0).sqrt()) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ratio_of_totals_and_its_delta_method_interval() {
        // x = 1, 2, 6 over y = 10, 10, 40: R = 9 / 60 = 0.15, ȳ = 20;
        // z = 0.15 + (x - 0.15 y) / 20 = 0.125, 0.175, 0.15 (mean 0.15);
        // s² = (0.025² + 0.025² + 0) / 2 = 0.000625, s/sqrt(3) = 0.0144338,
        // half-width 4.302653 x 0.0144338 = 0.0621036.
        let s = Summary::ratio(&[1.0, 2.0, 6.0], &[10.0, 10.0, 40.0]);
        assert!((s.mean - 0.15).abs() < 1e-15, "{}", s.mean);
        assert!((s.ci95.unwrap() - 0.0621036).abs() < 1e-6, "{:?}", s.ci95);
        // The mean of the ratios would be (0.1 + 0.2 + 0.15) / 3 = 0.15 here
        // by chance; with 1 of 2 and 10 of 100 it is 0.3 against 11/102.
        assert!((Summary::ratio(&[1.0, 10.0], &[2.0, 100.0]).mean - 11.0 / 102.0).abs() < 1e-15);
        assert_eq!(Summary::ratio(&[0.0, 0.0], &[0.0, 0.0]), Summary { mean: 0.0, ci95: None });
        assert_eq!(Summary::ratio(&[3.0], &[4.0]), Summary { mean: 0.75, ci95: None });
    }

    #[test]
    fn a_control_removes_the_variance_it_explains() {
        // y = 2c exactly: the controlled estimate is 2 μ with no residual.
        let c = [9.0, 11.0, 10.0, 12.0];
        let y: Vec<f64> = c.iter().map(|c| 2.0 * c).collect();
        let s = regression(&y, &c, 10.0).unwrap();
        assert!((s.mean - 20.0).abs() < 1e-12, "{}", s.mean);
        assert!(s.ci95.unwrap() < 1e-9, "{:?}", s.ci95);
        // Hand computation: y = 1, 3, 2, 5 against c = 1, 2, 3, 4, μ = 2:
        // ȳ = 2.75, c̄ = 2.5, Scc = 5, Syc = 5.5, β = 1.1, Ŷ = 2.75 - 1.1 x 0.5 = 2.2;
        // residuals y - ȳ - β (c - c̄) = -0.1, 0.8, -1.3, 0.6: SS = 2.7, s² = 1.35,
        // var = 1.35 (1/4 + 0.25/5) = 0.405, t(0.975, 2) = 4.302653: h = 2.738193.
        let s = regression(&[1.0, 3.0, 2.0, 5.0], &[1.0, 2.0, 3.0, 4.0], 2.0).unwrap();
        assert!((s.mean - 2.2).abs() < 1e-12, "{}", s.mean);
        assert!((s.ci95.unwrap() - 2.738193).abs() < 1e-5, "{:?}", s.ci95);
        // Nothing to learn from: too few replications, or a constant control.
        assert_eq!(regression(&[1.0, 2.0], &[1.0, 2.0], 1.5), None);
        assert_eq!(regression(&[1.0, 2.0, 3.0], &[5.0, 5.0, 5.0], 5.0), None);
        assert_eq!(controlled(&[1.0, 3.0, 2.0, 5.0], &[1.0, 2.0, 3.0, 4.0], 2.0), None, "below MIN_CONTROLLED");
        let ten: Vec<f64> = (0..10).map(f64::from).collect();
        assert!(controlled(&ten, &ten, 4.5).is_some());
        assert_eq!(Summary::controlled(&[1.0, 2.0, 3.0], &[5.0, 5.0, 5.0], 5.0), Summary::of(&[1.0, 2.0, 3.0]));
    }
}
