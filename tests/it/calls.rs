//! Call records (`--calls FILE.csv`): one row per call, agreeing exactly
//! with the statistics of the same replication.

use crate::support::{Dir, assert_bad_input, assert_ok, callsim};
use callsim::experiment::{run_replication, run_settings};
use callsim::scenario::Scenario;
use callsim::sim::{CallLog, CallOutcome, CallRecord, DropCause, run_replication_with};

fn outage_scenario() -> Scenario {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/carrier-outage.toml")).unwrap();
    let s = Scenario::from_toml_str(&text, "carrier-outage.toml").unwrap();
    s.with_horizon_s(3.0 * 86_400.0).unwrap()
}

#[test]
fn records_agree_with_the_statistics_call_for_call() {
    let s = outage_scenario();
    let mut records: Vec<CallRecord> = Vec::new();
    let mut log = CallLog(|r: &CallRecord| records.push(*r));
    let logged = run_replication_with(s.model(), &run_settings(&s), 1, &mut log).expect("fits the queue");
    assert_eq!(logged, run_replication(&s, 1), "logging must not change the results");
    // The window's counts are of what happens in it: attempts that arrive
    // (and are blocked) in it, calls that end in it whenever they arrived,
    // calls in progress when it opens and when it closes.
    let start = run_settings(&s).warmup_s;
    assert!(start > 0.0, "the scenario has a warm-up, whose calls this checks");
    for (n, o) in logged.numbers.iter().enumerate() {
        let all: Vec<&CallRecord> = records.iter().filter(|r| r.number == n).collect();
        let mine: Vec<&CallRecord> = all.iter().copied().filter(|r| r.measured).collect();
        let ended_in_window =
            |f: &dyn Fn(&CallOutcome) -> bool| all.iter().filter(|r| f(&r.outcome) && r.end_s >= start).count() as u64;
        assert_eq!(mine.len() as u64, o.offered);
        assert_eq!(ended_in_window(&|x| *x == CallOutcome::Completed), o.completed);
        assert_eq!(mine.iter().filter(|r| matches!(r.outcome, CallOutcome::Blocked(_))).count() as u64, o.blocked);
        assert_eq!(ended_in_window(&|x| matches!(x, CallOutcome::Dropped(_))), o.dropped);
        assert_eq!(all.iter().filter(|r| r.outcome == CallOutcome::InProgress).count() as u64, o.in_progress);
        let carried_in = all.iter().filter(|r| !r.measured && r.link.is_some() && r.end_s >= start).count() as u64;
        assert_eq!(carried_in, o.carried_in);
        for r in &mine {
            assert!(r.end_s >= r.arrival_s);
            assert_eq!(r.link.is_some(), !matches!(r.outcome, CallOutcome::Blocked(_)));
        }
    }
    // The outage drops calls on carrier-a, whose DIDs go dark.
    assert!(records.iter().any(|r| r.outcome == CallOutcome::Dropped(DropCause::Carrier)));
}

#[test]
fn the_command_line_streams_them_to_csv_atomically() {
    let dir = Dir::new();
    let file = dir.file(
        "s.toml",
        &std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/carrier-outage.toml")).unwrap(),
    );
    let calls = dir.path().join("calls.csv");
    let run = callsim(&[
        "run",
        file.to_str().unwrap(),
        "-q",
        "--horizon",
        "1d",
        "--calls",
        calls.to_str().unwrap(),
        "--calls-replication",
        "2",
    ]);
    assert_ok(&run);
    let text = std::fs::read_to_string(&calls).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("replication,arrival_s,number,carrier,link,outcome,cause,end_s,measured"));
    let rows: Vec<&str> = lines.collect();
    assert!(rows.len() > 1000);
    assert!(rows.iter().all(|r| r.starts_with("2,") && r.split(',').count() == 9));
    assert_eq!(dir.entries(), ["calls.csv", "s.toml"], "no temporary file is left");
    // A replication outside the run is refused, and nothing is written.
    let bad = dir.path().join("bad.csv");
    let run =
        callsim(&["run", file.to_str().unwrap(), "-q", "--calls", bad.to_str().unwrap(), "--calls-replication", "99"]);
    assert_bad_input(&run, &["--calls-replication", "0..10"]);
    assert!(!bad.exists());
}
