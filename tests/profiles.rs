//! Time-varying traffic end to end: day and week profiles and spikes in
//! scenario files, through validation and the simulator.

mod common;

use common::{erlang_b, within_999};

use callsim::experiment::run_replication;
use callsim::scenario::Scenario;

fn scenario(arrivals: &str, extra: &str, horizon: &str) -> String {
    format!(
        r#"
[simulation]
horizon = "{horizon}"
warmup = "1h"
replications = 20
seed = 3

[[az]]
name = "az1"

[[carrier]]
name = "c"

[[link]]
carrier = "c"
az = "az1"
channels = 5000

[[number]]
name = "n"
type = "toll-free"
carriers = ["c"]

[[traffic]]
number = "n"
holding = {{ kind = "exponential", mean = "3m" }}
{extra}
[traffic.arrivals]
{arrivals}
"#
    )
}

/// Asserts `want` is in the 99.9% Student-t interval of the per-replication offered counts.
fn offered_matches(text: &str, want: f64) {
    let s = Scenario::from_toml_str(text, "profile.toml").unwrap_or_else(|e| panic!("{e}"));
    let offered: Vec<f64> =
        (0..s.simulation().replications() as u64).map(|k| run_replication(&s, k).numbers[0].offered as f64).collect();
    within_999(&offered, want, "calls offered");
}

#[test]
fn a_day_profile_offers_its_daily_total() {
    // 24 hourly rates summing to 10,800 calls a day; 3 days measured after a
    // 1-hour warm-up: 32,400 calls per replication (Poisson, sd 180).
    let day: Vec<String> = (0..24).map(|h| if (8..20).contains(&h) { "800".into() } else { "100".into() }).collect();
    assert_eq!(12 * 800 + 12 * 100, 10_800);
    offered_matches(&scenario(&format!("kind = \"profile\"\nhourly = [{}]", day.join(", ")), "", "3d"), 32_400.0);
}

#[test]
fn a_week_profile_starts_on_monday_after_warm_up() {
    // Monday 1,000 calls/h all day, every other day nothing: two days measured
    // (Monday and Tuesday) offer 24,000 calls, all on Monday.
    let mut rows = vec![format!("[{}]", vec!["1000"; 24].join(", "))];
    rows.extend((0..6).map(|_| format!("[{}]", vec!["0"; 24].join(", "))));
    offered_matches(&scenario(&format!("kind = \"profile\"\nweekly = [{}]", rows.join(", ")), "", "2d"), 24_000.0);
}

#[test]
fn a_spike_adds_its_extra_calls() {
    // Flat 1,200 calls/h for 2 days (57,600 calls) plus a 5x spike on day 2
    // at 09:00 for 30 minutes: 4 x 1,200 x 0.5 = 2,400 extra: 60,000.
    let spikes = "spikes = [{ start = \"33h\", duration = \"30m\", factor = 5 }]";
    offered_matches(&scenario("kind = \"poisson\"\ncalls_per_hour = 1200", spikes, "2d"), 60_000.0);
}

#[test]
fn bad_profiles_name_their_field() {
    let problems = |text: String| match Scenario::from_toml_str(&text, "bad.toml") {
        Ok(_) => panic!("accepted: {text}"),
        Err(e) => e.to_string(),
    };
    let short = problems(scenario("kind = \"profile\"\nhourly = [1, 2, 3]", "", "1d"));
    assert!(short.contains("`traffic[0].arrivals.hourly`: needs 24"), "{short}");
    let zero = problems(scenario(&format!("kind = \"profile\"\nhourly = [{}]", vec!["0"; 24].join(", ")), "", "1d"));
    assert!(zero.contains("at least one hour"), "{zero}");
    let rows = problems(scenario("kind = \"profile\"\nweekly = [[1, 2]]", "", "1d"));
    assert!(rows.contains("`traffic[0].arrivals.weekly`: needs 7 rows"), "{rows}");
    let both = problems(scenario("kind = \"profile\"\nhourly = [1]\ncalls_per_hour = 5", "", "1d"));
    assert!(both.contains("`traffic[0].arrivals`") && both.contains("exactly one of"), "{both}");
    let factor = problems(scenario(
        "kind = \"poisson\"\ncalls_per_hour = 5",
        "spikes = [{ start = \"1h\", duration = \"1h\", factor = 0 }]",
        "1d",
    ));
    assert!(factor.contains("`traffic[0].spikes[0].factor`"), "{factor}");
    let nan = problems(scenario(&format!("kind = \"profile\"\nhourly = [nan{}]", ", 1".repeat(23)), "", "1d"));
    assert!(nan.contains("finite"), "{nan}");
}

#[test]
fn ivr_time_holds_every_resource_before_talk() {
    // 600 calls/h with 45 s of IVR before 3 minutes of talk: each carried
    // call holds its number, link and instance slot 225 s, so the offered
    // load is 600/3600 x 225 = 37.5 Erlangs. On a DID capped at 40 the
    // blocking is Erlang B(40, 37.5) (insensitive to the holding shape):
    // B = 0.0930..., and mean concurrency = 37.5 (1 - B).
    let text = |ivr: &str| {
        format!(
            "[simulation]\nhorizon = \"10d\"\nwarmup = \"1h\"\nreplications = 10\nseed = 8\n[instance]\n{ivr}\n[[az]]\nname = \"a\"\n[[carrier]]\nname = \"c\"\n[[link]]\ncarrier = \"c\"\naz = \"a\"\nchannels = 500\n[[number]]\nname = \"n\"\ntype = \"did\"\ncarrier = \"c\"\nmax_concurrent = 40\n[[traffic]]\nnumber = \"n\"\narrivals = {{ kind = \"poisson\", calls_per_hour = 600 }}\nholding = {{ kind = \"exponential\", mean = \"3m\" }}\n"
        )
    };
    let s = Scenario::from_toml_str(&text("ivr = \"45s\""), "ivr.toml").unwrap();
    assert!((s.model().offered_erlangs()[0] - 37.5).abs() < 1e-9);
    let b = erlang_b(40, 37.5);
    let runs: Vec<_> = (0..10).map(|k| run_replication(&s, k)).collect();
    within_999(&runs.iter().map(|o| o.numbers[0].blocking_probability).collect::<Vec<_>>(), b, "blocking with IVR");
    within_999(
        &runs.iter().map(|o| o.numbers[0].mean_concurrency).collect::<Vec<_>>(),
        37.5 * (1.0 - b),
        "concurrency with IVR",
    );
    let bad = Scenario::from_toml_str(&text("ivr = \"soon\""), "bad.toml").unwrap_err().to_string();
    assert!(bad.contains("`instance.ivr`"), "{bad}");
}

/// A scenario in `dir` replaying `trace.csv` onto a DID capped at `cap`.
fn trace_scenario(dir: &std::path::Path, cap: u32, csv: &str) -> Scenario {
    std::fs::write(dir.join("trace.csv"), csv).unwrap();
    let text = format!(
        "[simulation]\nhorizon = \"1h\"\nwarmup = \"10m\"\nreplications = 3\n[[az]]\nname = \"a\"\n[[carrier]]\nname = \"c\"\n[[link]]\ncarrier = \"c\"\naz = \"a\"\nchannels = 100\n[[number]]\nname = \"sales\"\ntype = \"did\"\ncarrier = \"c\"\nmax_concurrent = {cap}\n[[traffic]]\nnumber = \"sales\"\narrivals = {{ kind = \"trace\", file = \"trace.csv\" }}\n"
    );
    let path = dir.join("s.toml");
    std::fs::write(&path, text).unwrap();
    Scenario::load(&path).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn a_replayed_trace_with_ample_capacity_completes_exactly_its_calls() {
    let dir = tempfile::tempdir().unwrap();
    // 200 calls of another number are ignored; "sales" has calls at 0, 10,
    // 20, ... 590 s, each 5 minutes long, and one call arriving 50 minutes
    // in that is still talking at the horizon (60 minutes).
    let mut csv = String::from("timestamp,number,duration,agent\n");
    for i in 0..60 {
        csv.push_str(&format!("2026-11-23 09:{:02}:{:02},sales,5m,x\n", i * 10 / 60, i * 10 % 60));
        csv.push_str(&format!("2026-11-23 09:{:02}:{:02},other,1,y\n", i * 10 / 60, i * 10 % 60 + 1));
    }
    csv.push_str("2026-11-23 09:50:00,sales,3600,z\n");
    let s = trace_scenario(dir.path(), 100, &csv);
    for k in 0..3 {
        let o = &run_replication(&s, k).numbers[0];
        assert_eq!((o.offered, o.completed, o.blocked, o.in_progress), (61, 60, 0, 1), "replication {k}");
    }
    // Up to 30 calls overlap (5-minute calls every 10 s), so a cap of 29
    // must block some, and the same ones in every replication: a replayed
    // trace has no randomness left.
    let capped = trace_scenario(dir.path(), 29, &csv);
    let runs: Vec<_> = (0..3).map(|k| run_replication(&capped, k).numbers[0].blocked).collect();
    assert!(runs[0] > 0 && runs.iter().all(|&b| b == runs[0]), "{runs:?}");
}

#[test]
fn bad_traces_and_holdings_name_their_field() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("trace.csv"), "timestamp,number,duration\n1,sales,0\n").unwrap();
    let base = "[simulation]\nhorizon = \"1h\"\n[[az]]\nname = \"a\"\n[[carrier]]\nname = \"c\"\n[[link]]\ncarrier = \"c\"\naz = \"a\"\nchannels = 9\n[[number]]\nname = \"sales\"\ntype = \"did\"\ncarrier = \"c\"\n[[traffic]]\nnumber = \"sales\"\n";
    let err = |tail: &str| {
        let path = dir.path().join("s.toml");
        std::fs::write(&path, format!("{base}{tail}")).unwrap();
        Scenario::load(&path).map(|_| ()).unwrap_err().to_string()
    };
    let e = err("arrivals = { kind = \"trace\", file = \"trace.csv\" }\n");
    assert!(e.contains("`traffic[0].arrivals.file`") && e.contains("trace.csv:2: duration must be > 0"), "{e}");
    let e = err("arrivals = { kind = \"trace\", file = \"missing.csv\" }\n");
    assert!(e.contains("`traffic[0].arrivals.file`") && e.contains("cannot read trace"), "{e}");
    let e = err("arrivals = { kind = \"poisson\", calls_per_hour = 5 }\n");
    assert!(e.contains("`traffic[0].holding`: missing"), "{e}");
    std::fs::write(dir.path().join("ok.csv"), "timestamp,number,duration\n1,sales,60\n").unwrap();
    let e = err("arrivals = { kind = \"trace\", file = \"ok.csv\" }\nholding = { kind = \"fixed\", value = \"1m\" }\n");
    assert!(e.contains("`traffic[0].holding`") && e.contains("remove holding"), "{e}");
}
