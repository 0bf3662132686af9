//! `callsim nines` from the command line: the contract's JSON keys, every
//! format, determinism across thread counts, and bad flags refused.

use crate::support::{assert_bad_input, assert_ok, callsim};

/// A small design whose failures are frequent, so a run reaches 20% in
/// well under a second: a toll-free number over two carriers and a DID.
const DESIGN: &str = r#"
[simulation]
horizon = "30d"
seed = 9

[[az]]
name = "z"

[[carrier]]
name = "a"
mtbf = "5d"
mttr = "4h"

[[carrier]]
name = "b"
mtbf = "5d"
mttr = "4h"

[[link]]
carrier = "a"
az = "z"
channels = 12

[[link]]
carrier = "b"
az = "z"
channels = 12

[[number]]
name = "tf"
type = "toll-free"
carriers = ["a", "b"]

[[number]]
name = "did"
type = "did"
carrier = "b"
count = 2

[[traffic]]
number = "tf"
arrivals = { kind = "poisson", calls_per_hour = 60 }
holding = { kind = "exponential", mean = "4m" }

[[traffic]]
number = "did"
arrivals = { kind = "poisson", calls_per_hour = 30 }
holding = { kind = "exponential", mean = "4m" }
"#;

fn design() -> (crate::support::Dir, std::path::PathBuf) {
    let dir = crate::support::Dir::new();
    let path = dir.path().join("nines.toml");
    std::fs::write(&path, DESIGN).expect("write the design");
    (dir, path)
}

#[test]
fn nines_json_has_the_contracts_keys_and_exact_figures() {
    let (_dir, path) = design();
    let p = path.to_str().unwrap();
    let run = callsim(&["nines", p, "--target-rel", "0.2", "-f", "json", "-q"]);
    assert_ok(&run);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}\n{}", run.stdout));
    assert_eq!(v["reached"], true, "{}", run.stdout);
    for name in ["tf", "did-1", "did-2"] {
        let n = &v["numbers"][name];
        assert!(n["availability"].is_number(), "{name}: {n}");
        assert!(n["outages_per_year"].is_number() && n["mean_outage_s"].is_number(), "{name}: {n}");
        for key in ["no_route_per_year", "dropped_per_year", "degraded_blocked_per_year", "lost_per_year"] {
            assert!(n[key]["mean"].is_number(), "{name}.{key}: {n}");
            assert!(n[key].get("ci95").is_some(), "{name}.{key}: {n}");
        }
    }
    // Exact: a (carrier a and b each 5 d / 4 h in parallel) U = (4/124)^2.
    let u = 1.0 - v["numbers"]["tf"]["availability"].as_f64().unwrap();
    assert!((u - (4.0f64 / 124.0).powi(2)).abs() < 1e-12, "{u}");
    assert!(v["banks"]["did"]["lost_per_year"]["mean"].as_f64().unwrap() > 0.0);
    assert!(v["design"]["lost_per_year"]["mean"].is_number());
}

#[test]
fn nines_is_the_same_on_one_thread_and_on_several_in_every_format() {
    let (_dir, path) = design();
    let p = path.to_str().unwrap();
    for format in ["table", "json", "csv", "html"] {
        let one = callsim(&["nines", p, "--target-rel", "0.3", "-f", format, "-q", "-j", "1"]);
        let two = callsim(&["nines", p, "--target-rel", "0.3", "-f", format, "-q", "-j", "2"]);
        assert_ok(&one);
        assert_eq!(one.stdout, two.stdout, "{format} differs with the thread count");
        assert!(one.stdout.contains("did"), "{format}: {}", one.stdout);
    }
}

#[test]
fn bad_nines_flags_are_refused_naming_the_flag() {
    let (_dir, path) = design();
    let p = path.to_str().unwrap();
    for bad in ["0", "-0.1", "nan", "inf"] {
        assert_bad_input(&callsim(&["nines", p, "--target-rel", bad]), &["--target-rel", "> 0"]);
    }
    assert_bad_input(&callsim(&["nines", p, "--max-time", "60"]), &["--max-time", "no unit"]);
    assert_bad_input(&callsim(&["nines", p, "--max-time", "0s"]), &["--max-time", "longer than 0"]);
    // A replayed trace has no yearly rate.
    let dir = crate::support::Dir::new();
    std::fs::write(dir.path().join("t.csv"), "timestamp,number,duration\n0,d,60\n").unwrap();
    let trace = dir.path().join("trace.toml");
    std::fs::write(
        &trace,
        "[simulation]\nhorizon = \"1d\"\n[[az]]\nname = \"z\"\n[[carrier]]\nname = \"c\"\n[[link]]\ncarrier = \"c\"\naz = \"z\"\nchannels = 5\n[[number]]\nname = \"d\"\ntype = \"did\"\ncarrier = \"c\"\n[[traffic]]\nnumber = \"d\"\narrivals = { kind = \"trace\", file = \"t.csv\" }\n",
    )
    .unwrap();
    assert_bad_input(&callsim(&["nines", trace.to_str().unwrap()]), &["trace.toml", "traffic[0]", "trace"]);
}
