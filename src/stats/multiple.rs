//! Many comparisons at once. `compare` tests dozens of metrics; at 5% each,
//! two identical designs would show a "significant" difference in some
//! metric most of the time. Holm's step-down method (Holm, 1979) controls
//! the familywise error rate, the chance of flagging any metric when no
//! difference exists, at 5%, whatever the dependence between the tests
//! (metrics of one run are strongly dependent, which rules out Šidák and
//! makes Benjamini-Hochberg's independence condition unsafe).

use super::{Summary, student_t_cdf, student_t_quantile};

/// The two-sided p-value of "the mean is 0" for a Student-t summary whose
/// interval has `df` degrees of freedom (its half-width is `t(0.975, df)`
/// standard errors; `n - 1` for a plain mean over `n` replications); `None`
/// without an interval. A zero-width interval gives 0 for a non-zero mean
/// and 1 for a zero one.
pub fn p_value(s: &Summary, df: usize) -> Option<f64> {
    let h = s.ci95?;
    if df < 1 {
        return None;
    }
    if h == 0.0 {
        return Some(if s.mean == 0.0 { 1.0 } else { 0.0 });
    }
    let df = df as f64;
    let se = h / student_t_quantile(0.975, df);
    let t = (s.mean / se).abs();
    Some((2.0 * (1.0 - student_t_cdf(t, df))).clamp(0.0, 1.0))
}

/// Holm-adjusted p-values, in the order given (`None`s, tests that could
/// not be made, are left out of the family and stay `None`): the k-th
/// smallest of m p-values becomes `max over j <= k of min(1, (m - j + 1) p_(j))`.
/// A test is significant at familywise level 5% when its adjusted value is
/// below 0.05.
pub fn holm(p: &[Option<f64>]) -> Vec<Option<f64>> {
    let mut order: Vec<usize> = (0..p.len()).filter(|&i| p[i].is_some()).collect();
    order.sort_by(|&a, &b| p[a].unwrap().total_cmp(&p[b].unwrap()).then(a.cmp(&b)));
    let m = order.len();
    let mut adjusted = vec![None; p.len()];
    let mut running: f64 = 0.0;
    for (j, &i) in order.iter().enumerate() {
        running = running.max(((m - j) as f64 * p[i].unwrap()).min(1.0));
        adjusted[i] = Some(running);
    }
    adjusted
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holm_steps_down_and_keeps_the_order() {
        // p = 0.01, 0.04, 0.03, 0.005 (m = 4): sorted 0.005, 0.01, 0.03, 0.04
        // -> 4 x 0.005 = 0.02, 3 x 0.01 = 0.03, 2 x 0.03 = 0.06, 1 x 0.04 =
        // 0.04 raised to 0.06 (monotone).
        let a = holm(&[Some(0.01), Some(0.04), Some(0.03), None, Some(0.005)]);
        let want = [Some(0.03), Some(0.06), Some(0.06), None, Some(0.02)];
        for (got, want) in a.iter().zip(want) {
            match (got, want) {
                (Some(g), Some(w)) => assert!((g - w).abs() < 1e-12, "{a:?}"),
                (g, w) => assert_eq!(*g, w),
            }
        }
        assert!(holm(&[Some(0.9), Some(0.8)]).iter().all(|p| p.unwrap() <= 1.0));
    }

    #[test]
    fn p_values_agree_with_the_interval() {
        // A mean exactly one half-width from 0 sits at p = 0.05.
        let s = Summary { mean: 2.0, ci95: Some(2.0) };
        assert!((p_value(&s, 9).unwrap() - 0.05).abs() < 1e-9);
        assert!(p_value(&Summary { mean: 3.0, ci95: Some(2.0) }, 9).unwrap() < 0.05);
        assert_eq!(p_value(&Summary { mean: 3.0, ci95: None }, 1), None);
        assert_eq!(p_value(&Summary { mean: 3.0, ci95: Some(1.0) }, 0), None);
        assert_eq!(p_value(&Summary::exact(0.0), 5), Some(1.0));
    }
}
