//! A whole M/M/c/c run through the full library: the scenario parsed from
//! TOML, one replication of about 1e6 arrivals, summarised into a report.
//!
//! The model is the peers' standard "MMcc" (`/work/shared/peers`): one DID
//! capped at c = 100 concurrent calls, Poisson arrivals at 84.06 calls per
//! second, exponential holding of mean 1 s: 84.06 Erlangs, Erlang B blocking
//! 0.00999. The link has ample channels, so the cap is the only bottleneck.
//! Throughput is engine events (arrivals + departures) per second.
//!
//! Also at contact-center scale, where the queue holds many pending events:
//! c = 10,000 at 1% blocking (10,031.26 Erlangs, 3e6 arrivals) and
//! c = 1,000,000 (990,000 Erlangs, 1e7 arrivals: ~10^6 calls in progress).
//!
//! Run: `cargo bench --bench mmcc` (about a minute after the build).

#[path = "support/mmcc.rs"]
mod mmcc;

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::Duration;

/// (name, c, arrivals per second = offered Erlangs with 1 s holding, arrivals to simulate).
const CASES: [(&str, u32, f64, f64); 3] = [
    ("c100_a84.06_1e6_arrivals", 100, 84.06, 1e6),
    ("c10000_a10031_3e6_arrivals", 10_000, 10_031.26, 3e6),
    ("c1000000_a990000_1e7_arrivals", 1_000_000, 990_000.0, 1e7),
];

fn mmcc(c: &mut Criterion) {
    let mut group = c.benchmark_group("mmcc");
    group.sampling_mode(SamplingMode::Flat).sample_size(10).warm_up_time(Duration::from_secs(1));
    for (name, servers, rate, arrivals) in CASES {
        let scenario = mmcc::mmcc(servers, rate, arrivals / rate, 0.0, 42);
        // Events of one run: deterministic for the seed, so measured once.
        let events = callsim::experiment::run(&scenario).events;
        group
            .measurement_time(Duration::from_secs(if servers > 10_000 { 30 } else { 8 }))
            .throughput(Throughput::Elements(events));
        group.bench_function(name, |b| b.iter(|| black_box(callsim::experiment::run(black_box(&scenario)))));
    }
    group.finish();
}

criterion_group!(benches, mmcc);
criterion_main!(benches);
