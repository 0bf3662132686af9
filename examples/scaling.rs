//! Demonstrates that replications scale across cores: the same run on 1
//! thread and on all cores, timed, with identical results.
//!
//! Run: `cargo run --release --example scaling [REPLICATIONS]` (default 8).
//! Prints replications per second at each thread count and their ratio.

use callsim::experiment::Runner;
use callsim::scenario::Scenario;
use std::time::Instant;

fn main() {
    let replications: u32 = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(8);
    let text = include_str!("../scenarios/erlang-b-check.toml");
    let scenario = Scenario::from_toml_str(text, "erlang-b-check.toml")
        .and_then(|s| s.with_replications(replications))
        .and_then(|s| s.with_horizon_s(30.0 * 86_400.0)) // ~1.2M calls, ~2.4M events per replication
        .expect("bundled scenario is valid");
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);

    let mut reports = Vec::new();
    let mut rates = Vec::new();
    for threads in [1, cores] {
        let t0 = Instant::now();
        let report = Runner::with_threads(threads).run(&scenario);
        let seconds = t0.elapsed().as_secs_f64();
        let rate = replications as f64 / seconds;
        println!(
            "threads={threads} replications={replications} seconds={seconds:.3} replications_per_s={rate:.2} ev_per_s={:.0}",
            report.events as f64 / seconds
        );
        rates.push(rate);
        reports.push(report);
    }
    assert_eq!(reports[0], reports[1], "results must not depend on the thread count");
    println!("speedup={:.2} (on {cores} cores)", rates[1] / rates[0]);
}
