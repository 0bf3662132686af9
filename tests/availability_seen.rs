//! Availability as callers see it is counted at each attempt, not weighted
//! by time: the same 5-hour carrier outage costs callers nothing at night
//! and half a day's calls at noon (issue #12).

use callsim::experiment::Runner;
use callsim::scenario::Scenario;

/// A DID called 08:00 to 18:00 only (600 calls an hour), its one carrier
/// down for 5 hours from `start` each day.
fn design(start: &str) -> Scenario {
    let text = format!(
        r#"name = "daytime DID"
[simulation]
horizon = "1d"
warmup = "1h"
replications = 20
seed = 7

[[az]]
name = "az1"

[[carrier]]
name = "c"

[[link]]
carrier = "c"
az = "az1"
channels = 200

[[number]]
name = "did"
type = "did"
carrier = "c"

[[traffic]]
number = "did"
holding = {{ kind = "exponential", mean = "3m" }}
[traffic.arrivals]
kind = "profile"
hourly = [0, 0, 0, 0, 0, 0, 0, 0, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 0, 0, 0, 0, 0, 0]

[[outage]]
target = "carrier:c"
start = "{start}"
duration = "5h"
"#
    );
    Scenario::from_toml_str(&text, "daytime.toml").unwrap()
}

#[test]
fn an_outage_at_night_costs_callers_nothing_and_at_noon_half_the_day() {
    let night = Runner::with_threads(0).run(&design("1h"));
    let noon = Runner::with_threads(0).run(&design("10h"));
    for r in [&night, &noon] {
        let n = &r.numbers.0[0].1;
        // Time availability: 19 of 24 hours up, exactly, wherever the outage falls.
        assert!((n.availability.mean - 19.0 / 24.0).abs() < 1e-12, "{:?}", n.availability);
        assert!((n.exact_availability.unwrap() - 19.0 / 24.0).abs() < 1e-12);
    }
    let seen = |r: &callsim::summary::Report| r.numbers.0[0].1.availability_seen.unwrap();
    // At night no call is attempted during the outage: every attempt had a
    // route, and no interval is claimed around an outage no caller met.
    assert_eq!(seen(&night).mean, 1.0);
    assert_eq!(seen(&night).ci95, None);
    // At noon the outage covers 10:00-15:00, 5 of the 10 calling hours: half
    // the attempts, with a Poisson count's sampling error only.
    let s = seen(&noon);
    let h = s.ci95.unwrap();
    assert!(h > 0.0 && h < 0.02, "{s:?}");
    assert!((s.mean - 0.5).abs() <= h, "0.5 outside {s:?}");
    // The design's totals count the same way.
    assert_eq!(noon.totals.availability_seen.unwrap().mean, s.mean);
}

#[test]
fn attempts_without_a_route_are_the_no_route_blocks_when_nothing_else_blocks_first() {
    // No cap or quota is reached and there is no re-route delay, so every
    // attempt without a route is blocked as no_route, and no other is.
    let scenario = design("10h");
    let runner = Runner::with_threads(1);
    let outcomes = runner.replications(&scenario, &(0..5).collect::<Vec<_>>());
    for o in &outcomes {
        let n = &o.numbers[0];
        assert!(n.offered > 0);
        let without = n.offered - n.offered_with_route;
        assert_eq!(without, n.blocked_by[callsim::sim::BlockCause::NoRoute], "{n:?}");
        assert!(without > 0);
    }
}
