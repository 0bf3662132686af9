//! Golden results: the bundled scenarios' JSON reports, checked in under
//! tests/golden/. A change that moves any figure — in the model, the
//! statistics, or a dependency upgrade that changes random streams — fails
//! here and must be looked at. If the change is intended, regenerate with
//!
//!     UPDATE_GOLDEN=1 cargo test --test golden
//!
//! and review the diff of tests/golden/ in the commit.
//! Each scenario runs with a shorter horizon and fewer replications than it
//! declares, to keep the suite fast; the overrides are listed below.

use callsim::experiment::Runner;
use callsim::scenario::Scenario;
use std::path::PathBuf;

/// (scenario file, horizon in seconds, replications).
const CASES: [(&str, f64, u32); 6] = [
    ("tollfree-vs-did.toml", 3.0 * 86_400.0, 3),
    ("carrier-outage.toml", 7.0 * 86_400.0, 3),
    ("erlang-b-check.toml", 2.0 * 86_400.0, 3),
    ("queue-behind-the-bank.toml", 86_400.0, 3),
    ("callbacks-and-campaign.toml", 86_400.0, 3),
    ("staffed-day.toml", 86_400.0, 3),
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn bundled_scenarios_give_their_golden_results() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut moved = Vec::new();
    for (file, horizon_s, replications) in CASES {
        let s = Scenario::load(root().join("scenarios").join(file))
            .and_then(|s| s.with_horizon_s(horizon_s))
            .and_then(|s| s.with_replications(replications))
            .expect("bundled scenarios are valid");
        let json = Runner::with_threads(0).run(&s).to_json();
        let golden = root().join("tests/golden").join(file.replace(".toml", ".json"));
        if update {
            std::fs::write(&golden, &json).expect("write the golden file");
            continue;
        }
        let want = std::fs::read_to_string(&golden).unwrap_or_else(|e| {
            panic!("{}: {e}; create it with UPDATE_GOLDEN=1 cargo test --test golden", golden.display())
        });
        if want != json {
            let line = want.lines().zip(json.lines()).position(|(a, b)| a != b).unwrap_or(0);
            moved.push(format!(
                "{file}: first difference at line {}:\n  golden: {}\n  now:    {}",
                line + 1,
                want.lines().nth(line).unwrap_or(""),
                json.lines().nth(line).unwrap_or("")
            ));
        }
    }
    assert!(
        moved.is_empty(),
        "results moved (if intended: UPDATE_GOLDEN=1 cargo test --test golden, and review the diff):\n{}",
        moved.join("\n")
    );
}
