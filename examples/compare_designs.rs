//! Demonstrates the library from Rust code: build two designs from TOML,
//! run them, and read blocking from the report — a toll-free number whose
//! trunks are pooled over two carriers blocks less than the same traffic
//! split over two DIDs with separate 100-call caps.
//!
//! Run: `cargo run --release --example compare_designs`

use callsim::experiment;
use callsim::scenario::Scenario;

/// Shared part: two carriers with a trunk each into one zone.
const TOPOLOGY: &str = r#"
[simulation]
horizon = "2d"
warmup = "1h"
replications = 8
seed = 7

[[az]]
name = "az1"

[[carrier]]
name = "a"

[[carrier]]
name = "b"

[[link]]
carrier = "a"
az = "az1"
channels = 100

[[link]]
carrier = "b"
az = "az1"
channels = 100
"#;

fn main() {
    // Design 1: one toll-free number over both carriers, 170 Erlangs.
    let tollfree = format!(
        r#"name = "toll-free"{TOPOLOGY}
[[number]]
name = "main"
type = "toll-free"
carriers = ["a", "b"]

[[traffic]]
number = "main"
arrivals = {{ kind = "poisson", calls_per_hour = 3400 }}
holding = {{ kind = "exponential", mean = "3m" }}
"#
    );
    // Design 2: two DIDs, one per carrier, 85 Erlangs each.
    let dids = format!(
        r#"name = "two DIDs"{TOPOLOGY}
[[number]]
name = "did-a"
type = "did"
carrier = "a"

[[number]]
name = "did-b"
type = "did"
carrier = "b"

[[traffic]]
number = "did-a"
arrivals = {{ kind = "poisson", calls_per_hour = 1700 }}
holding = {{ kind = "exponential", mean = "3m" }}

[[traffic]]
number = "did-b"
arrivals = {{ kind = "poisson", calls_per_hour = 1700 }}
holding = {{ kind = "exponential", mean = "3m" }}
"#
    );
    let tollfree = experiment::run(&Scenario::from_toml_str(&tollfree, "toll-free").expect("valid"));
    let dids = experiment::run(&Scenario::from_toml_str(&dids, "dids").expect("valid"));

    let tf = tollfree.numbers.get("main").expect("number main").blocking_probability;
    let did = dids.numbers.get("did-a").expect("number did-a").blocking_probability;
    // Several replications give each figure an interval (`None` with one).
    let (tf_h, did_h) = (tf.ci95.expect("an interval"), did.ci95.expect("an interval"));
    println!("toll-free, 200 pooled channels, 170 Erl: blocking {:.3}% ± {:.3}%", tf.mean * 100.0, tf_h * 100.0);
    println!("DID, cap 100, 85 Erl:                    blocking {:.3}% ± {:.3}%", did.mean * 100.0, did_h * 100.0);

    // Erlang B: B(200, 170) = 0.233%, B(100, 85) = 1.199%: pooling gains.
    assert!(tf.mean + tf_h < did.mean - did_h, "pooling must block less");
}
