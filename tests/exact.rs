//! Exact availability and outage frequency (`callsim::availability`) against
//! brute-force simulation, on designs where simulation sees outages (two to
//! three nines), with failure shapes that are not exponential: the exact
//! figures hold whatever the shapes, and the simulator must agree within
//! the 99.9% interval of its replications.

mod common;

use callsim::availability::{YEAR_S, exact};
use callsim::experiment::run_replications;
use callsim::scenario::Scenario;
use common::within_999;

/// Replications and horizon of each brute-force check: 400 x 120 days
/// (failure events only, no traffic: a fraction of a second).
const REPLICATIONS: u64 = 400;

fn scenario(body: &str, seed: u64) -> Scenario {
    let text = format!("[simulation]\nhorizon = \"120d\"\nwarmup = \"1h\"\nreplications = 400\nseed = {seed}\n{body}");
    Scenario::from_toml_str(&text, "exact.toml").unwrap_or_else(|e| panic!("{e}"))
}

/// Checks every number's simulated availability and outages per
/// replication against the exact figures. A replication counts the periods
/// without a route that overlap its window: the outages starting inside it
/// (rate x horizon) plus one already under way at its start (probability
/// U at the start, the unavailability before any scheduled outage).
fn check(s: &Scenario) {
    let model = s.model();
    let horizon_s = s.simulation().horizon_s();
    let e = exact(model, horizon_s).unwrap();
    let unscheduled = model.without_outages();
    let at_start = exact(&unscheduled, horizon_s).unwrap();
    let outcomes = run_replications(s, 0..REPLICATIONS);
    for (i, number) in model.numbers().iter().enumerate() {
        let availability: Vec<f64> = outcomes.iter().map(|o| o.numbers[i].availability).collect();
        within_999(&availability, e.numbers[i].availability, &format!("{} availability", number.name));
        let outages: Vec<f64> = outcomes.iter().map(|o| o.numbers[i].outages as f64).collect();
        let want = e.numbers[i].outages_per_year * horizon_s / YEAR_S + at_start.numbers[i].unavailability;
        within_999(&outages, want, &format!("{} outages per replication", number.name));
        // Enough outages seen for the check to have teeth.
        assert!(want > 5.0, "{}: {want} outages expected per replication", number.name);
    }
}

#[test]
fn a_did_over_two_zones_with_weibull_and_lognormal_shapes() {
    // Carrier 9 d / 2 h (exponential), links 3 d / 4 h with Weibull 2.5
    // lifetimes, zones 20 d / 3 h with lognormal repairs: U ~ 1.4%.
    check(&scenario(
        r#"
[[az]]
name = "z1"
mtbf = "20d"
mttr = "3h"
time_to_repair = { kind = "lognormal", sd = "5h" }
[[az]]
name = "z2"
mtbf = "20d"
mttr = "3h"
time_to_repair = { kind = "lognormal", sd = "5h" }
[[carrier]]
name = "c"
mtbf = "9d"
mttr = "2h"
[[link]]
carrier = "c"
az = "z1"
channels = 5
mtbf = "3d"
mttr = "4h"
time_to_failure = { kind = "weibull", shape = 2.5 }
[[link]]
carrier = "c"
az = "z2"
channels = 5
mtbf = "3d"
mttr = "4h"
time_to_failure = { kind = "weibull", shape = 2.5 }
[[number]]
name = "did"
type = "did"
carrier = "c"
"#,
        11,
    ));
}

#[test]
fn toll_free_over_two_carriers_with_shared_zones_and_a_scheduled_outage() {
    // Two carriers (5 d / 6 h, Weibull 0.7 lifetimes; 4 d / 8 h fixed
    // repairs), both into two failing zones; carrier a is out for 10 days
    // of the 120: the number rests on carrier b meanwhile.
    check(&scenario(
        r#"
[[az]]
name = "z1"
mtbf = "15d"
mttr = "5h"
[[az]]
name = "z2"
mtbf = "12d"
mttr = "4h"
[[carrier]]
name = "a"
mtbf = "5d"
mttr = "6h"
time_to_failure = { kind = "weibull", shape = 0.7 }
[[carrier]]
name = "b"
mtbf = "4d"
mttr = "8h"
time_to_repair = { kind = "fixed" }
[[link]]
carrier = "a"
az = "z1"
channels = 5
mtbf = "6d"
mttr = "3h"
[[link]]
carrier = "a"
az = "z2"
channels = 5
[[link]]
carrier = "b"
az = "z1"
channels = 5
[[link]]
carrier = "b"
az = "z2"
channels = 5
mtbf = "8d"
mttr = "2h"
[[number]]
name = "tf"
type = "toll-free"
carriers = ["a", "b"]
[[outage]]
target = "carrier:a"
start = "40d"
duration = "10d"
"#,
        12,
    ));
}

#[test]
fn a_forwarded_number_needs_both_legs() {
    // legacy (carrier a) forwards to new (carrier b); the zone they share
    // fails too, and so does one of b's two links.
    check(&scenario(
        r#"
[[az]]
name = "z1"
mtbf = "10d"
mttr = "3h"
[[az]]
name = "z2"
[[carrier]]
name = "a"
mtbf = "6d"
mttr = "4h"
[[carrier]]
name = "b"
mtbf = "8d"
mttr = "5h"
time_to_repair = { kind = "lognormal", sd = "2h" }
[[link]]
carrier = "a"
az = "z1"
channels = 5
[[link]]
carrier = "b"
az = "z1"
channels = 5
[[link]]
carrier = "b"
az = "z2"
channels = 5
mtbf = "4d"
mttr = "6h"
[[number]]
name = "legacy"
type = "did"
carrier = "a"
[[number]]
name = "new"
type = "did"
carrier = "b"
[[forward]]
from = "legacy"
to = "new"
"#,
        13,
    ));
}

#[test]
fn the_bundled_default_has_the_nines_the_issue_computed_by_hand() {
    // support-800: two carriers (90 d / 2 h and 120 d / 4 h ...) give
    // U = 9.3e-7 (99.99991%); each DID rests on one carrier: 99.907%.
    let s = Scenario::bundled_default();
    let e = exact(s.model(), s.simulation().horizon_s()).unwrap();
    let tf = s.model().number_index("support-800").unwrap();
    assert!((e.numbers[tf].unavailability - 9.3e-7).abs() < 0.05e-7, "{:?}", e.numbers[tf]);
    let did = s.model().number_index("did-1").unwrap();
    assert!((e.numbers[did].availability - 0.99907).abs() < 0.000005, "{:?}", e.numbers[did]);
}

/// `want` within the two-sided 99.99% Student-t interval of `samples`; when
/// every replication saw the same value (no spread beyond rounding), it must be `want`
/// exactly, or nothing was seen where seeing nothing in `n` replications
/// had a probability of at least 1e-4 (`n x expected outages <= ln 1e4`).
fn within_9999(samples: &[f64], want: f64, expected_outages: f64, what: &str) -> Result<(), TestCaseError> {
    let s = callsim::stats::Summary::of(samples);
    let n = samples.len() as f64;
    let sd = (samples.iter().map(|x| (x - s.mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
    if sd < 1e-9 {
        // No spread beyond rounding (a scheduled outage alone, or nothing seen).
        let unseen = n * expected_outages <= 1e4f64.ln();
        prop_assert!((s.mean - want).abs() < 1e-9 || unseen, "{what}: always {} vs {want}", s.mean);
        return Ok(());
    }
    let half = callsim::stats::student_t_quantile(0.99995, n - 1.0) * sd / n.sqrt();
    prop_assert!((s.mean - want).abs() <= half, "{what}: {} ± {half} (99.99%) vs {want}", s.mean);
    Ok(())
}

use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

#[test]
fn exact_figures_agree_with_simulation_on_generated_designs() {
    // 32 generated designs (zones, carriers, links, toll-free and DID
    // numbers, forwards, random failures of several shapes, scheduled
    // outages), 200 replications each, every number checked at 99.99%:
    // with ~8 checks a design the chance of a false alarm is about 3%, and
    // the seed is fixed, so the verdict does not change from run to run.
    let space = callsim::testing::DesignSpace {
        max_traffic: 0,
        replications: 200,
        max_outages: 2,
        features: true,
        ..callsim::testing::DesignSpace::default()
    };
    let config = Config { cases: 32, failure_persistence: None, ..Config::default() };
    let mut runner = TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &[7; 32]));
    runner
        .run(&callsim::testing::designs(space), |s| {
            let model = s.model();
            let horizon_s = s.simulation().horizon_s();
            let e = exact(model, horizon_s).unwrap();
            let unscheduled = model.without_outages();
            let at_start = exact(&unscheduled, horizon_s).unwrap();
            let outcomes = run_replications(&s, 0..s.simulation().replications() as u64);
            for (i, number) in model.numbers().iter().enumerate() {
                let want = e.numbers[i].outages_per_year * horizon_s / YEAR_S + at_start.numbers[i].unavailability;
                let availability: Vec<f64> = outcomes.iter().map(|o| o.numbers[i].availability).collect();
                within_9999(&availability, e.numbers[i].availability, want, &format!("{} availability", number.name))?;
                let outages: Vec<f64> = outcomes.iter().map(|o| o.numbers[i].outages as f64).collect();
                within_9999(&outages, want, want, &format!("{} outages per replication", number.name))?;
            }
            Ok(())
        })
        .unwrap();
}

#[test]
fn a_run_report_states_the_exact_availability_and_never_an_unseen_outage_as_certain() {
    // Three days of the bundled default: no replication sees support-800's
    // joint carrier outage (once in decades), so the table must not read
    // "100.000" as if certain; the exact 99.99991% stands beside it.
    let s = Scenario::bundled_default().with_horizon_s(3.0 * 86_400.0).and_then(|s| s.with_replications(2)).unwrap();
    let report = callsim::experiment::run(&s);
    let e = exact(s.model(), s.simulation().horizon_s()).unwrap();
    let tf = s.model().number_index("support-800").unwrap();
    let n = report.numbers.get("support-800").unwrap();
    assert_eq!(n.exact_availability, Some(e.numbers[tf].availability));
    assert_eq!(n.exact_outages_per_year, Some(e.numbers[tf].outages_per_year));
    assert_eq!((n.availability.mean, n.availability.ci95), (1.0, Some(0.0)), "this short run sees no outage");
    let table = callsim::report::to_table(&report);
    assert!(table.lines().any(|l| l.starts_with("support-800") && l.contains("99.9999072")), "{table}");
    assert!(table.lines().filter(|l| l.starts_with("support-800")).all(|l| !l.contains("100.000")), "{table}");
    assert!(table.contains("100 (none seen)"), "{table}");
    // The design as callers see it: no outage seen, the exact figure given.
    let design = e.design.availability;
    assert_eq!(report.exact_availability, Some(design));
    assert!(table.contains("availability as callers see it 100% (no outage seen; exact 99.9"), "{table}");
    let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
    assert!(json["numbers"]["support-800"]["exact_availability"].as_f64().unwrap() < 1.0);
}
