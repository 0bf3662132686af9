//! Measures how much narrower the callers as a control variate make the
//! intervals of counts (completed and blocked calls per replication) on the
//! bundled scenarios, against the plain mean over the same replications.
//!
//! ```sh
//! cargo run --release --example control_variates
//! ```
//!
//! For each scenario it prints, over its numbers, the median ratio of the
//! controlled half-width to the plain one (below 1: narrower), and asserts
//! that the control never widens an interval by more than the degree of
//! freedom it costs (t(0.975, n-2) / t(0.975, n-1), 2% at 10 replications)
//! allows for a count that does not follow the callers at all.

use callsim::experiment::{Runner, run_replications};
use callsim::scenario::Scenario;
use callsim::stats::{Summary, student_t_quantile};

fn main() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/");
    for file in
        ["tollfree-vs-did.toml", "busy-week.toml", "carrier-outage.toml", "erlang-b-check.toml", "two-platforms.toml"]
    {
        let s = Scenario::load(format!("{root}{file}")).expect("bundled scenarios are valid");
        let n = s.simulation().replications() as usize;
        let report = Runner::default().run(&s);
        let outcomes = run_replications(&s, 0..n as u64);
        let mut ratios: [Vec<f64>; 2] = [Vec::new(), Vec::new()];
        for (i, number) in s.model().numbers().iter().enumerate() {
            let r = report.numbers.get(&number.name).expect("every number is reported");
            for (k, (metric, controlled, f)) in [
                ("completed", r.completed, (|o: &callsim::sim::NumberOutcome| o.completed) as fn(&_) -> u64),
                ("blocked", r.blocked, |o| o.blocked),
            ]
            .into_iter()
            .enumerate()
            {
                let plain = Summary::over(&outcomes, |o| f(&o.numbers[i]) as f64);
                let (Some(hc), Some(hp)) = (controlled.ci95, plain.ci95) else { continue };
                if hp > 0.0 {
                    ratios[k].push(hc / hp);
                    // The worst a useless control can do is the t quantile's
                    // loss of a degree of freedom, plus the variance factor
                    // (n - 1)/(n - 2) of the residual estimate; 30% leaves
                    // room for sampling noise in either half-width.
                    let bound =
                        1.3 * student_t_quantile(0.975, n as f64 - 2.0) / student_t_quantile(0.975, n as f64 - 1.0);
                    assert!(hc / hp <= bound, "{file} {} {metric}: {hc} vs {hp}", number.name);
                }
            }
        }
        let line: Vec<String> = ["completed", "blocked"]
            .iter()
            .zip(&mut ratios)
            .map(|(metric, r)| {
                r.sort_by(f64::total_cmp);
                let median = r.get(r.len() / 2).copied().unwrap_or(f64::NAN);
                let min = r.first().copied().unwrap_or(f64::NAN);
                format!("{metric} {median:.2} (narrowest {min:.2}, {} numbers)", r.len())
            })
            .collect();
        println!("{file} ({n} replications), controlled/plain half-width, median: {}", line.join("; "));
    }
}
