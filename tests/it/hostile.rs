//! Hostile values: each is simulated correctly or refused with a clear
//! message and exit 2, within bounded time and memory.

use crate::support::{BASE, Dir, assert_bad_input, assert_ok, callsim, edit};

fn refused(text: &str, needles: &[&str]) {
    let dir = Dir::new();
    let file = dir.file("hostile.toml", text);
    let mut all = vec!["hostile.toml"];
    all.extend_from_slice(needles);
    assert_bad_input(&callsim(&["run", file.to_str().unwrap(), "-q"]), &all);
}

fn runs(text: &str) -> serde_json::Value {
    let dir = Dir::new();
    let file = dir.file("hostile.toml", text);
    let run = callsim(&["run", file.to_str().unwrap(), "-q", "-f", "json"]);
    assert_ok(&run);
    serde_json::from_str(&run.stdout).expect("JSON")
}

#[test]
fn nan_and_infinite_numbers_are_refused() {
    for bad in ["nan", "inf", "-inf", "+nan"] {
        let text = edit(BASE, "calls_per_hour = 100", &format!("calls_per_hour = {bad}"));
        refused(&text, &["`traffic[0].arrivals.calls_per_hour`", "finite number > 0"]);
    }
    let text = edit(
        BASE,
        "channels = 10",
        "channels = 10\nmtbf = \"1d\"\nmttr = \"1h\"\ntime_to_failure = { kind = \"weibull\", shape = nan }",
    );
    refused(&text, &["`link[0].time_to_failure`", "shape"]);
}

#[test]
fn absurd_rates_are_refused_by_the_cost_guard_with_the_flag_to_raise_it() {
    let text = edit(BASE, "calls_per_hour = 100", "calls_per_hour = 1e308");
    refused(&text, &["`traffic[0].arrivals.calls_per_hour`", "1e12"]);
    let text = edit(BASE, "calls_per_hour = 100", "calls_per_hour = 1e11");
    refused(&text, &["events per replication", "--max-events"]);
    // The same design runs once the limit is raised and the horizon is tiny.
    let dir = Dir::new();
    let file = dir.file("fast.toml", &text);
    let run = callsim(&["run", file.to_str().unwrap(), "-q", "--horizon", "10ms", "--max-events", "1e10"]);
    assert_ok(&run);
    // A load whose calls in progress would exhaust memory is refused too: on
    // a number without a cap (a DID's default cap of 100 bounds its calls).
    let text =
        edit(&edit(BASE, "calls_per_hour = 100", "calls_per_hour = 1e10"), "channels = 10", "channels = 4000000000");
    let text =
        edit(&text, "type = \"did\"\ncarrier = \"carrier-a\"", "type = \"toll-free\"\ncarriers = [\"carrier-a\"]");
    let file = dir.file("calls.toml", &text);
    let run = callsim(&["run", file.to_str().unwrap(), "-q", "--horizon", "1ms", "--max-events", "1e12"]);
    assert_bad_input(&run, &["calls in progress", "--max-calls"]);
}

#[test]
fn tiny_and_huge_durations_are_simulated_or_refused() {
    // A nanosecond of holding at 100 calls/h: every call ends at once.
    let text = edit(BASE, "mean = \"3m\"", "mean = \"0.000001ms\"");
    let v = runs(&text);
    let n = &v["numbers"]["main"];
    assert_eq!(n["blocked"]["mean"], 0.0);
    assert!(n["mean_concurrency"]["mean"].as_f64().unwrap() < 1e-6);
    // A thousand years of holding: calls never end within the hour.
    let text = edit(BASE, "mean = \"3m\"", "mean = \"365000d\"");
    let v = runs(&text);
    assert_eq!(v["numbers"]["main"]["completed"]["mean"].as_f64().unwrap(), 0.0);
    // Beyond 1e12 s a duration is refused.
    let text = edit(BASE, "mean = \"3m\"", "mean = \"100000000000000d\"");
    refused(&text, &["`traffic[0].holding.mean`", "at most 1e12 s"]);
    // A nanosecond horizon runs, and offers (almost surely) no call.
    let v = runs(&edit(BASE, "horizon = \"1h\"", "horizon = \"0.000001ms\""));
    assert!(v["numbers"]["main"]["offered"]["mean"].as_f64().unwrap() < 1.0);
}

#[test]
fn a_million_numbers_are_refused_quickly() {
    let mut text = BASE.to_string();
    for i in 0..1_000_000 {
        text.push_str(&format!("[[number]]\nname = \"n{i}\"\ntype = \"did\"\ncarrier = \"carrier-a\"\n"));
    }
    let t0 = std::time::Instant::now();
    refused(&text, &["at most 16777216", "16 MiB"]);
    assert!(t0.elapsed().as_secs() < 20);
    // Just over the section limit, in a file under the size limit.
    let mut text = BASE.to_string();
    for i in 0..100_001 {
        text.push_str(&format!("[[number]]\nname=\"n{i}\"\ntype=\"did\"\ncarrier=\"carrier-a\"\n"));
    }
    refused(&text, &["`number`", "at most 100000"]);
}

#[test]
fn deeply_nested_and_huge_files_are_refused() {
    let deep = format!("x = {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
    refused(&deep, &["recurse"]);
    let deep = format!("{BASE}\n[simulation.a{}]\n", ".a".repeat(50_000));
    refused(&deep, &["hostile.toml"]);
    let huge = format!("{BASE}\n# {}\n", "x".repeat(17 * 1024 * 1024));
    refused(&huge, &["16 MiB"]);
}

#[test]
fn unicode_names_are_fine_and_control_characters_are_refused() {
    let text = BASE.replace("\"main\"", "\"réception-東京-☎\"");
    let v = runs(&text);
    assert!(v["numbers"]["réception-東京-☎"].is_object());
    let text = BASE
        .replace("name = \"main\"", "name = \"ma\\u0007in\"")
        .replace("number = \"main\"", "number = \"ma\\u0007in\"");
    refused(&text, &["`number[0].name`", "control character"]);
    let text = BASE.replace("\"carrier-a\"", "\"a/b\"");
    refused(&text, &["`carrier[0].name`", "'/'"]);
}
