//! A whole M/M/c/c run through the full library: the scenario parsed from
//! TOML, one replication of about 1e6 arrivals, summarised into a report.
//!
//! The model is the peers' standard "MMcc" (`/work/shared/peers`): one DID
//! capped at c = 100 concurrent calls, Poisson arrivals at 84.06 calls per
//! second, exponential holding of mean 1 s: 84.06 Erlangs, Erlang B blocking
//! 0.00999. The link has ample channels, so the cap is the only bottleneck.
//! Throughput is engine events (arrivals + departures) per second.
//!
//! Run: `cargo bench --bench mmcc` (about 15 s after the build).

use callsim::scenario::Scenario;
use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::Duration;

/// Arrivals per second (1 s mean holding, so also the offered Erlangs).
const RATE_PER_S: f64 = 84.06;
/// Arrivals to simulate, about: the horizon is ARRIVALS / RATE_PER_S.
const ARRIVALS: f64 = 1e6;

fn scenario_toml() -> String {
    format!(
        r#"name = "MMcc: c = 100, A = 84.06 Erl"

[simulation]
horizon = "{horizon_s:.3}s"
replications = 1
seed = 42

[[az]]
name = "az1"

[[carrier]]
name = "carrier-a"

[[link]]
carrier = "carrier-a"
az = "az1"
channels = 1000

[[number]]
name = "did"
type = "did"
carrier = "carrier-a"
max_concurrent = 100

[[traffic]]
number = "did"
arrivals = {{ kind = "poisson", calls_per_hour = {calls_per_hour} }}
holding = {{ kind = "exponential", mean = "1s" }}
"#,
        horizon_s = ARRIVALS / RATE_PER_S,
        calls_per_hour = RATE_PER_S * 3_600.0,
    )
}

fn mmcc(c: &mut Criterion) {
    let scenario = Scenario::from_toml_str(&scenario_toml(), "mmcc (bench)").expect("valid");
    // Events of one run: deterministic for the seed, so measured once.
    let events = callsim::experiment::run(&scenario).events;
    let mut group = c.benchmark_group("mmcc");
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(8))
        .throughput(Throughput::Elements(events));
    group.bench_function("c100_a84.06_1e6_arrivals", |b| {
        b.iter(|| black_box(callsim::experiment::run(black_box(&scenario))))
    });
    group.finish();
}

criterion_group!(benches, mmcc);
criterion_main!(benches);
