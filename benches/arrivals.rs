//! The cost of drawing one arrival: a flat Poisson process against a day
//! profile (an NHPP sampled exactly by inversion of its cumulative rate),
//! with the same mean rate.
//!
//! Run: `cargo bench --bench arrivals` (about 10 s). The target: a
//! day-profile arrival costs no more than 1.5x a flat Poisson arrival.

use callsim::engine::{Named, RandomStreams};
use callsim::traffic::{ArrivalProcess, Profile, WEEK_HOURS};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

/// Arrivals drawn per iteration.
const N: u64 = 10_000;

fn arrivals(c: &mut Criterion) {
    // A contact-center day: 50 calls/h at night, rising to 2,000 at 11:00 (mean ~600/h).
    let day: Vec<f64> = (0..24).map(|h| 50.0 + 1950.0 * (-(h as f64 - 11.0).powi(2) / 12.0).exp()).collect();
    let weekly: Vec<f64> = (0..WEEK_HOURS).map(|h| day[h % 24]).collect();
    let profile = ArrivalProcess::Profile(Profile { weekly_calls_per_hour: weekly, spikes: vec![] });
    let flat = ArrivalProcess::Poisson { calls_per_hour: profile.mean_rate_per_s() * 3600.0 };
    let mut group = c.benchmark_group("arrivals");
    group.throughput(Throughput::Elements(N));
    for (name, process) in [("poisson_flat", &flat), ("day_profile", &profile)] {
        let mut sampler = process.sampler(0.0).expect("valid");
        let mut rng = RandomStreams::new(1, 0).stream(&Named("bench:arrivals"));
        let mut t = 0.0;
        group.bench_function(name, |b| {
            b.iter(|| {
                for _ in 0..N {
                    t = sampler.next_arrival_s(t, &mut rng);
                }
                black_box(t)
            })
        });
    }
    group.finish();
}

criterion_group!(benches, arrivals);
criterion_main!(benches);
