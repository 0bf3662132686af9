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

use callsim::scenario::Scenario;
use std::time::Instant;

/// Erlang B blocking of `c` servers offered `a` Erlangs, by the stable
/// recurrence B(0) = 1, B(k) = a B(k-1) / (k + a B(k-1)).
fn erlang_b(c: u32, a: f64) -> f64 {
    (1..=c).fold(1.0, |b, k| a * b / (k as f64 + a * b))
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arg = |i: usize, default: &str| args.get(i).map_or(default.to_string(), |s| s.clone());
    let n: f64 = arg(0, "1000000").parse().expect("N: a number of arrivals");
    let c: u32 = arg(1, "100").parse().expect("C: a whole number of lines");
    let a: f64 = arg(2, "84.06").parse().expect("A: offered Erlangs");
    let seed: u64 = arg(3, "42").parse().expect("SEED: a whole number");

    let toml = format!(
        r#"name = "MMcc: c = {c}, A = {a} Erl"
[simulation]
horizon = "{horizon_s}s"
replications = 1
seed = {seed}

[[az]]
name = "az1"

[[carrier]]
name = "carrier-a"

[[link]]
carrier = "carrier-a"
az = "az1"
channels = {channels}

[[number]]
name = "did"
type = "did"
carrier = "carrier-a"
max_concurrent = {c}

[[traffic]]
number = "did"
arrivals = {{ kind = "poisson", calls_per_hour = {calls_per_hour} }}
holding = {{ kind = "exponential", mean = "1s" }}
"#,
        horizon_s = n / a,
        channels = 10 * c.max(1),
        calls_per_hour = a * 3_600.0,
    );
    let scenario = Scenario::from_toml_str(&toml, "mmcc_timed").unwrap_or_else(|e| panic!("{e}"));

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
