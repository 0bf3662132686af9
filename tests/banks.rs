//! DID banks: `[[number]] count = N` and traffic spread over the bank
//! (uniform, weighted, hunt), checked against Erlang B.

mod common;

use callsim::experiment::Runner;
use common::{erlang_b, within_999};

use callsim::experiment::run_replication;
use callsim::scenario::Scenario;
use callsim::sim::ReplicationOutcome;

fn bank(spread: &str, extra: &str) -> Scenario {
    // 5 DIDs capped at 10 calls; 2,400 calls/h x 1 min = 40 Erlangs to the bank.
    let text = format!(
        r#"
[simulation]
horizon = "20d"
warmup = "1h"
replications = 10
seed = 17

[[az]]
name = "az1"

[[carrier]]
name = "c"

[[link]]
carrier = "c"
az = "az1"
channels = 1000

[[number]]
name = "sales"
type = "did"
carrier = "c"
count = 5
max_concurrent = 10

[[traffic]]
number = "sales"
arrivals = {{ kind = "poisson", calls_per_hour = 2400 }}
holding = {{ kind = "exponential", mean = "1m" }}
spread = "{spread}"
{extra}
"#
    );
    Scenario::from_toml_str(&text, "bank.toml").expect("valid bank scenario")
}

fn runs(s: &Scenario) -> Vec<ReplicationOutcome> {
    (0..s.simulation().replications() as u64).map(|k| run_replication(s, k)).collect()
}

fn bank_blocking(o: &ReplicationOutcome) -> f64 {
    let offered: u64 = o.numbers.iter().map(|n| n.offered).sum();
    let blocked: u64 = o.numbers.iter().map(|n| n.blocked).sum();
    blocked as f64 / offered as f64
}

#[test]
fn a_hunt_group_blocks_like_one_pooled_group() {
    // Hunt: a call takes the first DID below its cap, so the bank is one
    // group of 5 x 10 = 50 lines: blocking = B(50, 40) = 0.01875 (all under
    // number_cap at the first DID, where calls that find every DID full land).
    let s = bank("hunt", "");
    assert_eq!(s.model().numbers().len(), 5);
    assert_eq!(s.model().numbers()[2].name, "sales-3");
    let o = runs(&s);
    let want = erlang_b(50, 40.0);
    assert!((want - 0.01875).abs() < 1e-4, "{want}");
    within_999(&o.iter().map(bank_blocking).collect::<Vec<_>>(), want, "hunt bank blocking");
    // Only the first DID ever blocks, and the last DIDs carry the overflow only.
    for r in &o {
        assert!(r.numbers[1..].iter().all(|n| n.blocked == 0));
        assert!(r.numbers[0].mean_concurrency > r.numbers[4].mean_concurrency);
    }
}

#[test]
fn a_uniform_spread_splits_the_load_evenly() {
    // Uniform: each DID receives a Poisson fifth of the calls, 8 Erlangs on
    // 10 lines: blocking = B(10, 8) = 0.1217 at every DID and over the bank:
    // far worse than the hunt group's 1.9% for the same DIDs.
    let s = bank("uniform", "");
    let o = runs(&s);
    let want = erlang_b(10, 8.0);
    within_999(&o.iter().map(bank_blocking).collect::<Vec<_>>(), want, "uniform bank blocking");
    for d in 0..5 {
        within_999(&o.iter().map(|r| r.numbers[d].blocking_probability).collect::<Vec<_>>(), want, "a DID of the bank");
    }
}

#[test]
fn weights_share_the_load_in_proportion() {
    // Weights 1:1:2:2:4 of 40 Erlangs: 4, 4, 8, 8, 16 Erlangs on 10 lines each.
    let s = bank("weighted", "weights = [1, 1, 2, 2, 4]");
    let o = runs(&s);
    for (d, a) in [4.0, 4.0, 8.0, 8.0, 16.0].into_iter().enumerate() {
        within_999(
            &o.iter().map(|r| r.numbers[d].blocking_probability).collect::<Vec<_>>(),
            erlang_b(10, a),
            "weighted DID",
        );
    }
    let erl = s.model().offered_erlangs();
    assert!((erl[4] - 16.0).abs() < 1e-9 && (erl[0] - 4.0).abs() < 1e-9);
}

#[test]
fn the_bank_report_adds_its_dids_up() {
    let s = bank("uniform", "");
    let report = callsim::experiment::run(&s);
    let b = report.numbers.0.iter().map(|(_, n)| n.offered.mean).sum::<f64>();
    let bank = report.banks.get("sales").expect("the bank is reported");
    assert_eq!(bank.dids, 5);
    assert!((bank.offered.mean - b).abs() < 1e-6);
    let busiest = report.numbers.0.iter().map(|(_, n)| n.saturation.mean).fold(0.0, f64::max);
    assert!(bank.busiest_saturation.mean >= busiest - 1e-12);
    assert!(report.to_json().contains("\"banks\""));
    assert!(callsim::report::to_table(&report).contains("DID banks"));
}

#[test]
fn bad_banks_are_refused_with_their_path() {
    let problems = |text: &str| {
        Scenario::from_toml_str(text, "bad.toml")
            .unwrap_err()
            .problems()
            .into_iter()
            .map(|p| format!("{p}"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let base = |number: &str, traffic: &str| {
        format!(
            "[simulation]\nhorizon = \"1h\"\n[[az]]\nname = \"a\"\n[[carrier]]\nname = \"c\"\n[[link]]\ncarrier = \"c\"\naz = \"a\"\nchannels = 9\n{number}\n[[traffic]]\nnumber = \"sales\"\narrivals = {{ kind = \"poisson\", calls_per_hour = 10 }}\nholding = {{ kind = \"fixed\", value = \"1m\" }}\n{traffic}\n"
        )
    };
    let bank = "[[number]]\nname = \"sales\"\ntype = \"did\"\ncarrier = \"c\"\ncount = 3";
    assert!(
        problems(&base("[[number]]\nname = \"sales\"\ntype = \"toll-free\"\ncarriers = [\"c\"]\ncount = 3", ""))
            .contains("`number[0].count`")
    );
    assert!(problems(&base(&bank.replace("count = 3", "count = 0"), "")).contains("`number[0].count`"));
    assert!(
        problems(&base(bank, "spread = \"weighted\"\nweights = [1, 2]"))
            .contains("`traffic[0].weights`: needs one weight per DID")
    );
    assert!(problems(&base(bank, "spread = \"weighted\"")).contains("`traffic[0].weights`: missing"));
    assert!(problems(&base(bank, "spread = \"hunt\"\nweights = [1, 1, 1]")).contains("`traffic[0].weights`"));
    let single = "[[number]]\nname = \"sales\"\ntype = \"did\"\ncarrier = \"c\"";
    assert!(problems(&base(single, "spread = \"hunt\"")).contains("`traffic[0].spread`: \"sales\" is a single number"));
    let clash = format!("{bank}\n[[number]]\nname = \"sales-2\"\ntype = \"did\"\ncarrier = \"c\"");
    assert!(
        problems(&base(&clash, "")).contains("also the name of a DID of number[0]"),
        "{}",
        problems(&base(&clash, ""))
    );
    // A DID of a bank can also be dialled directly.
    let direct = base(bank, "").replace("number = \"sales\"", "number = \"sales-2\"");
    assert!(Scenario::from_toml_str(&direct, "ok.toml").is_ok());
}

/// The bank scenario with the DIDs' cap set to `cap` (10 in `bank`).
fn with_cap(s: &str, cap: u32) -> Scenario {
    let text = s.replace("max_concurrent = 10", &format!("max_concurrent = {cap}"));
    Scenario::from_toml_str(&text, "bank.toml").expect("valid bank scenario")
}

/// A two-day bank scenario like `bank`'s, with no warm-up, whose callers
/// all redial after 30 s on average, up to 5 attempts.
fn bank_text(spread: &str, extra: &str) -> String {
    format!(
        "[simulation]\nhorizon = \"2d\"\nwarmup = \"0s\"\nreplications = 4\nseed = 17\n[[az]]\nname = \"az1\"\n[[carrier]]\nname = \"c\"\n[[link]]\ncarrier = \"c\"\naz = \"az1\"\nchannels = 1000\n[[number]]\nname = \"sales\"\ntype = \"did\"\ncarrier = \"c\"\ncount = 5\nmax_concurrent = 10\n[[traffic]]\nnumber = \"sales\"\narrivals = {{ kind = \"poisson\", calls_per_hour = 2400 }}\nholding = {{ kind = \"exponential\", mean = \"1m\" }}\nspread = \"{spread}\"\n{extra}\nredial = {{ probability = 1.0, delay = \"30s\", max_attempts = 5 }}\n"
    )
}

#[test]
fn redialling_callers_keep_the_did_they_dialled() {
    // Weights 8:1:1:1:1 put 2/3 of the 40 Erlangs on sales-1 (26.7 E on a
    // cap of 10: about 64% of its attempts blocked) and 3.3 E on each other
    // DID (Erlang B(10, 3.33) = 0.2%). With no warm-up, every redial in the
    // window follows a failure in the window of the same caller; when the
    // caller redials the DID they dialled, a DID's redials are at most its
    // own failures. Spread afresh on every attempt (the defect), a twelfth of
    // sales-1's thousands of failures would land on each small DID as redials.
    let s = Scenario::from_toml_str(&bank_text("weighted", "weights = [8, 1, 1, 1, 1]"), "bank.toml").unwrap();
    for o in runs(&s) {
        for (j, n) in o.numbers.iter().enumerate() {
            assert!(
                n.redials <= n.blocked + n.dropped,
                "DID {j}: {} redials after {} failures",
                n.redials,
                n.blocked + n.dropped
            );
        }
        assert!(o.numbers[0].redials > 1000, "sales-1 redials: {}", o.numbers[0].redials);
    }
}

#[test]
fn first_attempts_share_their_dids_across_designs_with_redials() {
    // Common random numbers: a larger cap changes who redials, never which
    // DID a new caller dials, so every DID's first attempts (callers) are
    // the same in both designs, replication by replication.
    let text = bank_text("uniform", "");
    let (small, large) = (with_cap(&text, 10), with_cap(&text, 11));
    let (a, b) = (runs(&small), runs(&large));
    for (x, y) in a.iter().zip(&b) {
        let callers = |o: &ReplicationOutcome| o.numbers.iter().map(|n| n.callers).collect::<Vec<_>>();
        assert_eq!(callers(x), callers(y));
        assert_ne!(x.numbers[0].redials, y.numbers[0].redials, "the designs differ in their redials");
    }
}

#[test]
fn a_hunt_group_offers_each_did_what_the_ones_before_overflow() {
    // 40 Erlangs hunted over 5 DIDs of cap 10: the first j DIDs together
    // are a loss system of 10 j channels, so DID j (from 0) is offered
    // 40 B(10 j, 40) and carries 40 (B(10 j, 40) - B(10 (j + 1), 40)).
    let s = bank("hunt", "");
    let offered = s.model().offered_erlangs();
    let runs = runs(&s);
    for (j, &got) in offered.iter().enumerate() {
        let want = 40.0 * erlang_b(10 * j as u32, 40.0);
        assert!((got - want).abs() < 1e-9 * want.max(1.0), "DID {j}: {got} vs {want}");
        let carried = 40.0 * (erlang_b(10 * j as u32, 40.0) - erlang_b(10 * (j as u32 + 1), 40.0));
        within_999(&runs.iter().map(|o| o.numbers[j].mean_concurrency).collect::<Vec<_>>(), carried, "carried");
    }
    // The report states the same loads.
    let report = Runner::with_threads(0).run(&s);
    assert_eq!(report.numbers.get("sales-1").unwrap().offered_erlangs, 40.0);
}
