//! Demonstrates the library from Rust code: build two designs with the
//! scenario builder (no TOML), compare them on common random numbers, and
//! read the paired difference — a toll-free number whose trunks are pooled
//! over two carriers blocks less than the same traffic split over two DIDs
//! with separate 100-call caps.
//!
//! Run: `cargo run --release --example compare_designs`

use callsim::experiment::{Runner, compare};
use callsim::faults::FailureProcess;
use callsim::scenario::{Scenario, ScenarioBuilder};
use callsim::traffic::HoldingTime;

/// Shared part: two carriers, each failing about every 90 days for 4 hours,
/// with a trunk of 100 channels each into one zone; 2 days a replication.
fn topology(name: &str) -> ScenarioBuilder {
    let carrier = || Some(FailureProcess::exponential(90.0 * 86_400.0, 4.0 * 3_600.0));
    Scenario::builder(name)
        .horizon_s(2.0 * 86_400.0)
        .warmup_s(3_600.0)
        .replications(8)
        .seed(7)
        .az("az1")
        .carrier_failing("a", carrier())
        .carrier_failing("b", carrier())
        .link("a", "az1", 100)
        .link("b", "az1", 100)
}

fn main() {
    let three_minutes = || HoldingTime::Exponential { mean_s: 180.0 };
    // Design 1: one toll-free number over both carriers, 170 Erlangs.
    let tollfree = topology("toll-free")
        .toll_free("main", &["a", "b"])
        .poisson("main", 3_400.0, three_minutes())
        .build()
        .expect("a valid design");
    // Design 2: two DIDs, one per carrier, 85 Erlangs each.
    let dids = topology("two DIDs")
        .did("did-a", "a", Some(100))
        .did("did-b", "b", Some(100))
        .poisson("did-a", 1_700.0, three_minutes())
        .poisson("did-b", 1_700.0, three_minutes())
        .build()
        .expect("a valid design");

    let c = compare::compare(&[("toll-free".into(), tollfree), ("two DIDs".into(), dids)], &Runner::with_threads(0))
        .expect("both designs take the baseline's settings");
    let (tf, did) = (&c.decision[0], &c.decision[1]);
    let added = did.versus_baseline.as_ref().expect("against the baseline").blocking_probability;
    let h = |s: &callsim::stats::Summary| s.ci95.expect("an interval: 8 replications");
    println!(
        "toll-free, 200 pooled channels, 170 Erl: blocking {:.3}% ± {:.3}%",
        tf.blocking_probability.mean * 100.0,
        h(&tf.blocking_probability) * 100.0
    );
    println!(
        "two DIDs, cap 100, 85 Erl each:         blocking {:.3}% ± {:.3}%",
        did.blocking_probability.mean * 100.0,
        h(&did.blocking_probability) * 100.0
    );
    println!("two DIDs - toll-free, paired:           {:+.3}% ± {:.3}%", added.mean * 100.0, h(&added) * 100.0);

    // Erlang B: B(200, 170) = 0.233%, B(100, 85) = 1.199%: pooling gains,
    // and on common random numbers the paired interval shows it.
    assert!(added.excludes_zero() && added.mean > 0.0, "pooling must block less: {added:?}");
}
