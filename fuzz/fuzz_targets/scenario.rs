//! Fuzzes the whole path a user's file takes: TOML parsing, validation,
//! the cost guard, a short simulation, and every report format. Nothing may
//! panic, hang or break an invariant of the results.
#![no_main]

use callsim::experiment::run_replication;
use callsim::report::{to_csv, to_table};
use callsim::scenario::Scenario;
use callsim::scenario::limits::Limits;
use callsim::summary::Report;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let scenario = match Scenario::from_toml_str(text, "fuzz.toml") {
        Ok(s) => s,
        Err(e) => {
            // Every refusal must say something and render without panicking.
            assert!(!e.to_string().is_empty());
            return;
        }
    };
    let replications = scenario.simulation().replications().min(2);
    let scenario = scenario.with_replications(replications).expect("fewer replications of a valid scenario are valid");
    // Keep each input fast: small designs only (the guard itself is under test too).
    if scenario.check_limits(Limits { max_events: 5e4, max_calls_in_progress: 1e4 }).is_err() {
        return;
    }
    let outcomes: Vec<_> =
        (0..scenario.simulation().replications() as u64).map(|k| run_replication(&scenario, k)).collect();
    for o in &outcomes {
        for n in &o.numbers {
            assert_eq!(n.offered, n.completed + n.blocked + n.dropped + n.in_progress, "conservation");
            assert_eq!(n.blocked, n.blocked_by.total());
            assert_eq!(n.dropped, n.dropped_by.total());
            for v in [n.blocking_probability, n.availability, n.saturation] {
                assert!((0.0..=1.0 + 1e-9).contains(&v), "probability out of range: {v}");
            }
            assert!(n.mean_concurrency >= 0.0 && n.mean_concurrency.is_finite());
        }
        for (l, link) in o.links.iter().zip(scenario.model().links()) {
            assert!(l.peak_busy <= link.channels, "a link carried more than its channels");
            assert!((0.0..=1.0 + 1e-9).contains(&l.availability));
        }
        for (n, number) in o.numbers.iter().zip(scenario.model().numbers()) {
            if let Some(cap) = number.max_concurrent {
                assert!(n.peak_concurrency <= cap, "a number went over its cap");
            }
        }
    }
    let report = Report::new(&scenario, &outcomes);
    let json = report.to_json();
    assert!(serde_json_ok(&json));
    let _ = to_table(&report);
    let _ = to_csv(&report);
});

/// The JSON report is valid JSON (a cheap structural check: balanced braces outside strings).
fn serde_json_ok(json: &str) -> bool {
    let (mut depth, mut in_string, mut escaped) = (0i64, false, false);
    for c in json.chars() {
        match (in_string, escaped, c) {
            (true, true, _) => escaped = false,
            (true, false, '\\') => escaped = true,
            (true, false, '"') => in_string = false,
            (false, _, '"') => in_string = true,
            (false, _, '{') | (false, _, '[') => depth += 1,
            (false, _, '}') | (false, _, ']') => depth -= 1,
            _ => {}
        }
        if depth < 0 {
            return false;
        }
    }
    depth == 0 && !in_string
}
