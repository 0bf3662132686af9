//! Helpers shared by the statistical test binaries (each includes this
//! module with `mod common;`).
#![allow(dead_code)] // each binary uses its own subset

use callsim::stats::{Summary, student_t_quantile};

/// Erlang B by the stable recursion B(0) = 1, B(n) = A B(n-1) / (n + A B(n-1)).
pub fn erlang_b(c: u32, a: f64) -> f64 {
    (1..=c).fold(1.0, |b, n| a * b / (n as f64 + a * b))
}

/// Asserts `want` lies in the two-sided 99.9% Student-t interval of the
/// per-replication `samples`: a correct simulator fails such a check about
/// once in a thousand, and the seeds are fixed.
#[track_caller]
pub fn within_999(samples: &[f64], want: f64, what: &str) {
    let s = Summary::of(samples);
    let n = samples.len() as f64;
    let sd = (samples.iter().map(|x| (x - s.mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
    let half = student_t_quantile(0.9995, n - 1.0) * sd / n.sqrt();
    assert!((s.mean - want).abs() <= half, "{what}: {} ± {half} (99.9%) vs {want}", s.mean);
}
