//! Time-varying traffic end to end: day and week profiles and spikes in
//! scenario files, through validation and the simulator.

use callsim::scenario::Scenario;
use callsim::sim::run_replication;
use callsim::stats::{Summary, student_t_quantile};

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
        (0..s.simulation.replications as u64).map(|k| run_replication(&s, k).numbers[0].offered as f64).collect();
    let m = Summary::of(&offered);
    let n = offered.len() as f64;
    let sd = (offered.iter().map(|x| (x - m.mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
    let half = student_t_quantile(0.9995, n - 1.0) * sd / n.sqrt();
    assert!((m.mean - want).abs() <= half, "offered {} ± {half} (99.9%) vs {want}", m.mean);
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
    assert!((s.model.offered_erlangs()[0] - 37.5).abs() < 1e-9);
    let b = (1..=40).fold(1.0, |b, n| 37.5 * b / (n as f64 + 37.5 * b));
    let runs: Vec<_> = (0..10).map(|k| run_replication(&s, k)).collect();
    let within = |samples: Vec<f64>, want: f64, what: &str| {
        let m = Summary::of(&samples);
        let sd = (samples.iter().map(|x| (x - m.mean).powi(2)).sum::<f64>() / 9.0).sqrt();
        let half = student_t_quantile(0.9995, 9.0) * sd / 10f64.sqrt();
        assert!((m.mean - want).abs() <= half, "{what}: {} ± {half} vs {want}", m.mean);
    };
    within(runs.iter().map(|o| o.numbers[0].blocking_probability).collect(), b, "blocking with IVR");
    within(runs.iter().map(|o| o.numbers[0].mean_concurrency).collect(), 37.5 * (1.0 - b), "concurrency with IVR");
    let bad = Scenario::from_toml_str(&text("ivr = \"soon\""), "bad.toml").unwrap_err().to_string();
    assert!(bad.contains("`instance.ivr`"), "{bad}");
}
