//! Times callsim on the peers' standard M/M/c/c model, to run beside them
//! (`/work/shared/peers`): one number capped at C concurrent calls, Poisson
//! arrivals at A per second, exponential holding of mean 1 s, about N
//! arrivals, one replication, no warm-up. Prints events per second of the
//! simulation (scenario parsing excluded) and asserts that the blocking is
//! Erlang B's.
//!
//! ```sh
//! cargo run --release --example mmcc_timed -- [N [C [A [SEED]]]]   # default 1000000 100 84.06 42
//! ```

use callsim::experiment::size::erlang_b;
use std::time::Instant;

#[path = "../benches/support/mmcc.rs"]
mod mmcc;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arg = |i: usize, default: &str| args.get(i).map_or(default.to_string(), |s| s.clone());
    let n: f64 = arg(0, "1000000").parse().expect("N: a number of arrivals");
    let c: u32 = arg(1, "100").parse().expect("C: a whole number of lines");
    let a: f64 = arg(2, "84.06").parse().expect("A: offered Erlangs");
    let seed: u64 = arg(3, "42").parse().expect("SEED: a whole number");

    let scenario = mmcc::mmcc(c, a, n / a, 0.0, seed);

    let t0 = Instant::now();
    let report = callsim::experiment::run(&scenario);
    let seconds = t0.elapsed().as_secs_f64();

    let did = report.numbers.get("did").expect("the number");
    let (offered, blocking) = (did.offered.mean, did.blocking_probability.mean);
    let expected = erlang_b(c, a);
    println!(
        "tool=callsim c={c} A={a} arrivals={offered} events={} seconds={seconds:.3} ev_per_s={:.0} ns_per_event={:.1} blocking={blocking:.5} erlang_b={expected:.5}",
        report.events,
        report.events as f64 / seconds,
        seconds * 1e9 / report.events as f64,
    );
    // About sqrt(n) relative noise on the arrivals; blocked calls come in
    // bursts, so allow the blocking 20% of its value (plus a floor) off.
    assert!((offered - n).abs() < 6.0 * n.sqrt() + 10.0, "offered {offered}, expected about {n}");
    if n >= 1e5 && expected > 1e-3 {
        assert!((blocking - expected).abs() < 0.2 * expected + 1e-3, "blocking {blocking}, Erlang B {expected}");
    }
}
