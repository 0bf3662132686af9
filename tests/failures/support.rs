//! Shared helpers: loading scenarios, running replications, and the 99.9%
//! confidence intervals every statistical check in this suite uses.

use callsim::experiment::run_replication;
use callsim::scenario::Scenario;
use callsim::sim::ReplicationOutcome;
use callsim::stats::student_t_quantile;

/// Seconds in an hour.
pub const HOUR: f64 = 3_600.0;

/// Parses and validates `text`, panicking with the scenario's problems.
pub fn scenario(text: &str) -> Scenario {
    Scenario::from_toml_str(text, "failures-test.toml").unwrap_or_else(|e| panic!("invalid test scenario: {e}"))
}

/// Every replication the scenario asks for, in order (replication k draws
/// from streams seeded by the scenario's seed, k and the stream's name).
pub fn replications(s: &Scenario) -> Vec<ReplicationOutcome> {
    (0..s.simulation().replications() as u64).map(|k| run_replication(s, k)).collect()
}

/// Index of the number named `name`.
pub fn number(s: &Scenario, name: &str) -> usize {
    s.model().number_index(name).unwrap_or_else(|| panic!("no number {name}"))
}

/// Index of the link named `carrier/az`.
pub fn link(s: &Scenario, name: &str) -> usize {
    s.model().link_index(name).unwrap_or_else(|| panic!("no link {name}"))
}

/// The mean of per-replication values and the half-width of its 99.9%
/// Student-t confidence interval: `t(0.9995, n-1) * s / sqrt(n)`, with `s`
/// the sample standard deviation (n-1 denominator). Replications are
/// independent, so a correct simulator misses the theoretical value in
/// about one check in a thousand; with fixed seeds a pass is reproducible.
#[derive(Clone, Copy, Debug)]
pub struct Interval {
    pub mean: f64,
    pub half: f64,
    pub n: usize,
}

impl Interval {
    /// The 99.9% interval of the mean of `samples` (at least two).
    pub fn of(samples: &[f64]) -> Interval {
        let n = samples.len();
        assert!(n >= 2, "an interval needs at least two replications");
        let mean = samples.iter().sum::<f64>() / n as f64;
        let var = samples.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
        let half = student_t_quantile(0.9995, (n - 1) as f64) * (var / n as f64).sqrt();
        Interval { mean, half, n }
    }

    /// The interval of `f` over the outcomes.
    pub fn over<T>(items: &[T], f: impl Fn(&T) -> f64) -> Interval {
        Interval::of(&items.iter().map(f).collect::<Vec<_>>())
    }

    /// Asserts that `theory` lies in the interval; prints the comparison
    /// (visible with `--nocapture`).
    pub fn assert_contains(&self, theory: f64, what: &str) {
        println!(
            "{what}: simulated {:.6} +- {:.6} (99.9%, n = {}), theory {theory:.6}, off by {:+.2} half-widths",
            self.mean,
            self.half,
            self.n,
            (self.mean - theory) / self.half
        );
        assert!(
            (self.mean - theory).abs() <= self.half,
            "{what}: simulated {} +- {} (99.9% Student-t, n = {}) excludes the theoretical {theory}",
            self.mean,
            self.half,
            self.n
        );
    }
}
