//! `nines`' estimates of calls lost to failures per year against brute-force
//! replications, on designs whose failures are frequent enough for brute
//! force to see them: each estimate must lie within the 99.9% interval of
//! the difference of the two (independent) estimates.

use callsim::availability::YEAR_S;
use callsim::experiment::nines::{Estimate, NinesSettings, nines};
use callsim::experiment::run_replications;
use callsim::scenario::Scenario;
use callsim::sim::BlockCause;
use callsim::sim::NumberOutcome;
use callsim::stats::{Summary, student_t_quantile};
use std::time::Duration;

fn scenario(body: &str) -> Scenario {
    Scenario::from_toml_str(body, "nines.toml").unwrap_or_else(|e| panic!("{e}"))
}

fn settings(seed: u64) -> NinesSettings {
    NinesSettings { target_rel: 0.1, max_time: Duration::from_secs(120), seed, threads: 0 }
}

/// Brute force: per-replication calls per year of `f` for number `i`.
fn brute(s: &Scenario, i: usize, f: impl Fn(&NumberOutcome) -> u64) -> (Summary, usize) {
    let outcomes = run_replications(s, 0..s.simulation().replications() as u64);
    let per_year = YEAR_S / s.simulation().horizon_s();
    let samples: Vec<f64> = outcomes.iter().map(|o| f(&o.numbers[i]) as f64 * per_year).collect();
    (Summary::of(&samples), samples.len())
}

/// The rare-event estimate and the brute-force one agree: their difference
/// is within 3.29 standard errors (99.9%, normal), each standard error from
/// its own 95% half-width.
#[track_caller]
fn agree(estimate: &Estimate, chunks: usize, (b, n): (Summary, usize), what: &str) {
    let h = estimate.ci95.unwrap_or_else(|| panic!("{what}: the estimate saw no event"));
    let se_est = h / student_t_quantile(0.975, (chunks - 1) as f64);
    let hb = b.ci95.expect("brute force runs several replications");
    let se_brute = hb / student_t_quantile(0.975, (n - 1) as f64);
    let bound = 3.29 * (se_est * se_est + se_brute * se_brute).sqrt();
    assert!(
        (estimate.mean - b.mean).abs() <= bound,
        "{what}: nines {} ± {h} vs brute force {} ± {hb} (bound {bound})",
        estimate.mean,
        b.mean,
    );
    // Both saw enough for the comparison to mean something.
    assert!(b.mean > 0.0 && estimate.mean > 0.0, "{what}: {} vs {}", estimate.mean, b.mean);
}

const TWO_CARRIERS: &str = r#"
[simulation]
horizon = "60d"
warmup = "2h"
replications = 40
seed = 5

[[az]]
name = "z"

[[carrier]]
name = "a"
mtbf = "3d"
mttr = "4h"

[[carrier]]
name = "b"
mtbf = "3d"
mttr = "4h"
time_to_repair = { kind = "lognormal", sd = "3h" }

[[link]]
carrier = "a"
az = "z"
channels = 16

[[link]]
carrier = "b"
az = "z"
channels = 16

[[number]]
name = "tf"
type = "toll-free"
carriers = ["a", "b"]
reroute_delay = "2m"

[[traffic]]
number = "tf"
arrivals = { kind = "poisson", calls_per_hour = 120 }
holding = { kind = "exponential", mean = "5m" }
"#;

#[test]
fn a_toll_free_pair_of_carriers_loses_what_brute_force_loses() {
    // 10 Erlangs on 2 x 16 channels: B(32, 10) ~ 1e-8 with both carriers
    // up, B(16, 10) = 2.2% on one: capacity blocking happens only while
    // degraded, so brute force's link_capacity count is the degraded one.
    let s = scenario(TWO_CARRIERS);
    let r = nines(&s, &settings(21)).unwrap();
    assert!(r.reached, "{r:?}");
    let tf = r.numbers.get("tf").unwrap();
    let chunks = r.chunks;
    agree(&tf.dropped_per_year, chunks, brute(&s, 0, |n| n.dropped), "dropped");
    agree(&tf.no_route_per_year, chunks, brute(&s, 0, |n| n.blocked_by[BlockCause::NoRoute]), "no route");
    agree(
        &tf.degraded_blocked_per_year,
        chunks,
        brute(&s, 0, |n| n.blocked_by[BlockCause::LinkCapacity]),
        "degraded blocked",
    );
    // Traffic was simulated for part of the time only.
    assert!(r.traffic_share < 0.8, "{}", r.traffic_share);
    // No regions: no failover figures, in the report or its renderings.
    assert!(tf.lost_in_failover_per_year.is_none() && tf.call_availability.is_none());
    assert!(!callsim::report::nines::nines_table(&r).contains("failover"));
    assert!(!r.to_json().contains("failover") && !r.to_json().contains("instances"));
}

#[test]
fn a_did_whose_callers_redial_through_zone_failures() {
    // A DID over two links in two zones that fail (5 d / 3 h); blocked and
    // dropped callers redial (p = 0.6 after 2 min, 3 attempts): no-route
    // attempts are not Poisson, so they are simulated, redials included.
    let s = scenario(
        r#"
[simulation]
horizon = "60d"
warmup = "2h"
replications = 40
seed = 6

[[az]]
name = "z1"
mtbf = "5d"
mttr = "3h"

[[az]]
name = "z2"
mtbf = "5d"
mttr = "3h"
time_to_failure = { kind = "weibull", shape = 1.5 }

[[carrier]]
name = "c"

[[link]]
carrier = "c"
az = "z1"
channels = 12

[[link]]
carrier = "c"
az = "z2"
channels = 12

[[number]]
name = "did"
type = "did"
carrier = "c"
max_concurrent = 40

[[traffic]]
number = "did"
arrivals = { kind = "poisson", calls_per_hour = 90 }
holding = { kind = "exponential", mean = "5m" }
redial = { probability = 0.6, delay = "2m", max_attempts = 3 }
"#,
    );
    let r = nines(&s, &settings(22)).unwrap();
    assert!(r.reached, "{r:?}");
    let did = r.numbers.get("did").unwrap();
    agree(&did.dropped_per_year, r.chunks, brute(&s, 0, |n| n.dropped), "dropped");
    agree(&did.no_route_per_year, r.chunks, brute(&s, 0, |n| n.blocked_by[BlockCause::NoRoute]), "no route");
    agree(
        &did.degraded_blocked_per_year,
        r.chunks,
        brute(&s, 0, |n| n.blocked_by[BlockCause::LinkCapacity]),
        "degraded blocked",
    );
}

#[test]
fn a_forward_with_a_scheduled_outage_and_random_failures() {
    // legacy (carrier a, 4 d / 3 h) forwards to new (carrier b, out 2 days
    // of every 30): a dialled call needs both legs.
    let s = scenario(
        r#"
[simulation]
horizon = "30d"
warmup = "2h"
replications = 60
seed = 7

[[az]]
name = "z"

[[carrier]]
name = "a"
mtbf = "4d"
mttr = "3h"

[[carrier]]
name = "b"

[[link]]
carrier = "a"
az = "z"
channels = 30

[[link]]
carrier = "b"
az = "z"
channels = 30

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

[[outage]]
target = "carrier:b"
start = "10d"
duration = "2d"

[[traffic]]
number = "legacy"
arrivals = { kind = "poisson", calls_per_hour = 60 }
holding = { kind = "exponential", mean = "4m" }
"#,
    );
    let r = nines(&s, &settings(23)).unwrap();
    assert!(r.reached, "{r:?}");
    let legacy = r.numbers.get("legacy").unwrap();
    agree(&legacy.dropped_per_year, r.chunks, brute(&s, 0, |n| n.dropped), "dropped");
    // Without a re-route delay or redials, no-route calls are exact:
    // rate x unavailability x a year, and brute force agrees.
    assert_eq!(legacy.no_route_per_year.ci95, Some(0.0));
    let e = callsim::availability::exact(s.model(), s.simulation().horizon_s()).unwrap();
    let want = 60.0 * 8766.0 * e.numbers[0].unavailability;
    assert!((legacy.no_route_per_year.mean - want).abs() < 1e-6 * want, "{} vs {want}", legacy.no_route_per_year.mean);
    let (b, n) = brute(&s, 0, |n| n.blocked_by[BlockCause::NoRoute]);
    let exact = Estimate { mean: want, ci95: Some(0.0), upper95: None };
    let hb = b.ci95.expect("brute force runs several replications");
    let se = hb / student_t_quantile(0.975, (n - 1) as f64);
    assert!((exact.mean - b.mean).abs() <= 3.29 * se, "no route: exact {want} vs brute force {} ± {hb}", b.mean);
}

/// The brute-force 99.9% interval (normal, 3.29 standard errors) of
/// `(b, n)` contains the exact `want`.
#[track_caller]
fn contains_exact((b, n): (Summary, usize), want: f64, what: &str) {
    let hb = b.ci95.expect("brute force runs several replications");
    let se = hb / student_t_quantile(0.975, (n - 1) as f64);
    assert!((want - b.mean).abs() <= 3.29 * se, "{what}: exact {want} vs brute force {} ± {hb}", b.mean);
    assert!(b.mean > 0.0, "{what}: brute force saw some");
}

/// Two regions in a 50/50 group, both instances and the link into east
/// failing (see the test below).
const TWO_REGIONS: &str = r#"
[simulation]
horizon = "365d"
warmup = "2h"
replications = 20
seed = 15

[[region]]
name = "us-east-1"
instance = { name = "east", mtbf = "20d", mttr = "2h" }

[[region]]
name = "us-west-2"
instance = { name = "west", mtbf = "15d", mttr = "1h" }

[[az]]
name = "use1-az1"
region = "us-east-1"

[[az]]
name = "usw2-az1"
region = "us-west-2"

[[carrier]]
name = "c"

[[link]]
carrier = "c"
az = "use1-az1"
channels = 100
mtbf = "10d"
mttr = "3h"

[[link]]
carrier = "c"
az = "usw2-az1"
channels = 100

[[distribution_group]]
name = "tdg"
instances = ["east", "west"]
split = [50, 50]
failover = { after = "10m" }

[[number]]
name = "tf"
type = "toll-free"
carriers = ["c"]
group = "tdg"

[[traffic]]
number = "tf"
arrivals = { kind = "poisson", calls_per_hour = 60 }
holding = { kind = "exponential", mean = "3m" }
"#;

#[test]
fn two_regions_in_a_group_lose_in_failover_what_brute_force_loses() {
    // A toll-free number in a 50/50 traffic distribution group over two
    // regions, both instances failing (east 20 d / 2 h, west 15 d / 1 h,
    // exponential), the link into east too (10 d / 3 h); failover and
    // failback after 10 min. Structural availability (some route into an
    // up instance), calls lost in failover and calls without a route are
    // exact; drops are estimated. Brute force: 20 years of traffic.
    let s = scenario(TWO_REGIONS);
    let r = nines(&s, &settings(24)).unwrap();
    assert!(r.reached, "{r:?}");
    let tf = r.numbers.get("tf").unwrap();
    // Structural: down when (east or its link down) and west down:
    // (1 - (480/482)(240/243)) x (1/361) = 4.5549e-5.
    let u = (1.0 - (480.0 / 482.0) * (240.0 / 243.0)) / 361.0;
    assert!((1.0 - tf.availability - u).abs() < 1e-15, "{}", tf.availability);
    let failover = tf.lost_in_failover_per_year.expect("a regional design");
    assert_eq!(failover.ci95, Some(0.0), "exact");
    assert_eq!(tf.no_route_per_year.ci95, Some(0.0), "exact");
    println!(
        "two regions: availability {:.9}, calls reach {:?}, lost in failover {:.3}/year, no route {:.3}/year, dropped {:?}",
        tf.availability, tf.call_availability, failover.mean, tf.no_route_per_year.mean, tf.dropped_per_year
    );
    let brute_failover = brute(&s, 0, |n| n.blocked_by[BlockCause::Failover]);
    let brute_no_route = brute(&s, 0, |n| n.blocked_by[BlockCause::NoRoute]);
    let brute_dropped = brute(&s, 0, |n| n.dropped);
    println!(
        "brute force: lost in failover {:?}, no route {:?}, dropped {:?}",
        brute_failover.0, brute_no_route.0, brute_dropped.0
    );
    contains_exact(brute_failover, failover.mean, "lost in failover");
    contains_exact(brute_no_route, tf.no_route_per_year.mean, "no route");
    agree(&tf.dropped_per_year, r.chunks, brute_dropped, "dropped");
    // The renderings carry the regional figures.
    let table = callsim::report::nines::nines_table(&r);
    assert!(table.contains("lost in failover") && table.contains("calls reach an instance"), "{table}");
    let csv = callsim::report::nines::nines_csv(&r);
    assert!(csv.lines().any(|l| l.starts_with("tf,number,") && l.contains(",lost_in_failover_per_year,")), "{csv}");
    let json: serde_json::Value = serde_json::from_str(&r.to_json()).expect("valid JSON");
    assert_eq!(json["numbers"]["tf"]["lost_in_failover_per_year"]["ci95"], 0.0);
    // Each instance's own figures: east 480/482, one outage per 482 h.
    let east = r.instances.get("east").expect("east");
    assert!((east.availability - 480.0 / 482.0).abs() < 1e-15);
    assert!((east.outages_per_year - YEAR_S / (482.0 * 3600.0)).abs() < 1e-9);
    assert!(table.contains("Regional instances, exact"), "{table}");
    let html = callsim::report::html::nines_html(&r);
    assert!(html.contains("calls reach an instance 99.345%") && html.contains("205 a year lost in failover"), "{html}");
    assert!((json["design"]["call_availability"].as_f64().expect("a number") - 0.9934481).abs() < 1e-6);
    let outcomes = run_replications(&s, 0..20);
    let avail: Vec<f64> = outcomes.iter().map(|o| o.numbers[0].availability).collect();
    let b = Summary::of(&avail);
    let se = b.ci95.expect("20 replications") / student_t_quantile(0.975, 19.0);
    assert!((b.mean - tf.availability).abs() <= 3.29 * se, "availability {} vs exact {}", b.mean, tf.availability);
}

#[test]
fn without_a_formula_the_loss_in_failover_is_estimated_and_agrees_with_brute_force() {
    // East's repairs are Weibull (shape 2) with a 10 min failover: no
    // stationary formula for the phase, so the call figures are null and
    // the calls lost in failover are simulated around each degraded period.
    let text = TWO_REGIONS.replace(
        r#"mtbf = "20d", mttr = "2h" }"#,
        r#"mtbf = "20d", mttr = "2h", time_to_repair = { kind = "weibull", shape = 2.0 } }"#,
    );
    let s = scenario(&text);
    let r = nines(&s, &settings(25)).unwrap();
    assert!(r.reached, "{r:?}");
    let tf = r.numbers.get("tf").unwrap();
    assert_eq!(tf.call_availability, Some(None), "no formula: null");
    let failover = tf.lost_in_failover_per_year.expect("a regional design");
    assert!(failover.ci95.is_some_and(|h| h > 0.0), "an estimate: {failover:?}");
    agree(&failover, r.chunks, brute(&s, 0, |n| n.blocked_by[BlockCause::Failover]), "lost in failover");
    agree(&tf.no_route_per_year, r.chunks, brute(&s, 0, |n| n.blocked_by[BlockCause::NoRoute]), "no route");
}
