//! Calls lost to failures per year on the bundled default scenario: the
//! time `nines` takes to a 10% relative interval on `lost_per_year` of the
//! toll-free number and of the DIDs, against the time brute-force
//! replications would need for the same interval.
//!
//! Brute force is measured, not run to the end: 40 replications of the
//! scenario's own 28 days give the per-replication variance of each
//! number's calls lost without a route or dropped (brute force cannot tell
//! blocking while degraded from blocking at full strength without call
//! records; leaving it out only lowers brute force's variance, so the ratio
//! below is conservative) and the time per replication; the replications needed for a 95% half-width of
//! 10% of the mean are `(1.96 sd / (0.1 mean))^2`, and their time follows.
//! Both are printed side by side, with the ratio; criterion then times
//! `nines` itself (one core).
//!
//! Run: `cargo bench --bench nines` (a few minutes).

use callsim::availability::YEAR_S;
use callsim::experiment::Runner;
use callsim::experiment::nines::{NinesSettings, nines};
use callsim::scenario::Scenario;
use callsim::sim::BlockCause;
use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::{Duration, Instant};

fn settings() -> NinesSettings {
    NinesSettings { target_rel: 0.1, max_time: Duration::from_secs(600), seed: 1, threads: 1 }
}

fn brute_force_seconds(s: &Scenario, number: &str) -> (f64, f64, f64) {
    let i = s.model().number_index(number).expect("a number of the default scenario");
    let n = 40u64;
    let started = Instant::now();
    let outcomes = Runner::with_threads(1).replications(s, &(0..n).collect::<Vec<_>>());
    let per_replication_s = started.elapsed().as_secs_f64() / n as f64;
    let per_year = YEAR_S / s.simulation().horizon_s();
    let lost: Vec<f64> = (outcomes.iter())
        .map(|o| {
            let x = &o.numbers[i];
            (x.blocked_by[BlockCause::NoRoute] + x.blocked_by[BlockCause::LinkCapacity] + x.dropped) as f64 * per_year
        })
        .collect();
    let mean: f64 = lost.iter().sum::<f64>() / n as f64;
    let var = lost.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
    let needed = (1.96 * var.sqrt() / (0.1 * mean)).powi(2);
    (needed * per_replication_s, needed, mean)
}

fn nines_bench(c: &mut Criterion) {
    let s = Scenario::bundled_default();
    let started = Instant::now();
    let r = nines(&s, &settings()).expect("the default scenario has nines");
    let nines_s = started.elapsed().as_secs_f64();
    for number in ["support-800", "did-1"] {
        let (brute_s, replications, brute_mean) = brute_force_seconds(&s, number);
        let est = &r.numbers.get(number).expect("a number").lost_per_year;
        eprintln!(
            "{number}: nines {:.0} ± {:.0} lost/year in {nines_s:.1} s ({} chunks, reached: {}); brute force {brute_mean:.0} no-route + dropped/year would need {replications:.0} replications of 28 d, {brute_s:.0} s: {:.0}x",
            est.mean,
            est.ci95.unwrap_or(f64::NAN),
            r.chunks,
            r.reached,
            brute_s / nines_s
        );
    }
    let mut group = c.benchmark_group("nines");
    group.sampling_mode(SamplingMode::Flat).sample_size(10).measurement_time(Duration::from_secs(60));
    group.bench_function("default_scenario_10pct", |b| b.iter(|| black_box(nines(black_box(&s), &settings()))));
    group.finish();
}

criterion_group!(benches, nines_bench);
criterion_main!(benches);
