//! The RespOrg's re-route delay: after a toll-free number's carrier fails,
//! that carrier keeps its share of new calls (lost, no_route) until the
//! RespOrg re-routes.

use crate::support::{Interval, number, replications, scenario};
use callsim::scenario::Scenario;
use callsim::sim::{BlockCause, DropCause};

/// A toll-free number over carriers a and b (one link each, into az1, with
/// `channels_a` and `channels_b`), `reroute` as its extra key, 1,200
/// calls/h of 3 min; scheduled outages of carrier a as `[start, duration]`;
/// a 2 h horizon.
fn toll_free(reroute: &str, channels_a: u32, channels_b: u32, outages: &[(&str, &str)]) -> Scenario {
    scenario(&toll_free_text(reroute, channels_a, channels_b, outages))
}

/// The text of [`toll_free`]'s scenario.
fn toll_free_text(reroute: &str, channels_a: u32, channels_b: u32, outages: &[(&str, &str)]) -> String {
    let mut text = format!(
        r#"
        [simulation]
        horizon = "2h"
        replications = 2000
        seed = 71
        [[az]]
        name = "az1"
        [[carrier]]
        name = "a"
        [[carrier]]
        name = "b"
        [[link]]
        carrier = "a"
        az = "az1"
        channels = {channels_a}
        [[link]]
        carrier = "b"
        az = "az1"
        channels = {channels_b}
        [[number]]
        name = "tf"
        type = "toll-free"
        carriers = ["a", "b"]
        {reroute}
        [[traffic]]
        number = "tf"
        arrivals = {{ kind = "poisson", calls_per_hour = 1200 }}
        holding = {{ kind = "exponential", mean = "3m" }}
        "#
    );
    for (start, duration) in outages {
        text.push_str(&format!("[[outage]]\ntarget = \"carrier:a\"\nstart = \"{start}\"\nduration = \"{duration}\"\n"));
    }
    text
}

/// Checks the mean no_route count per replication against `theory`.
fn check_lost(s: &Scenario, theory: f64, what: &str) {
    let tf = number(s, "tf");
    let outcomes = replications(s);
    for o in &outcomes {
        assert_eq!(o.numbers[tf].availability, 1.0, "{what}: carrier b always offers a route");
    }
    Interval::over(&outcomes, |o| o.numbers[tf].blocked_by[BlockCause::NoRoute] as f64).assert_contains(theory, what);
}

#[test]
fn calls_offered_to_a_failed_carrier_before_the_re_route_are_lost() {
    // Carrier a fails at 1 h for 30 min; reroute_delay 5 min. For 5 min the
    // RespOrg still sends a its share of calls: channels 500 / (500 + 500)
    // = 1/2. Those calls are a thinned Poisson process: no_route per
    // replication ~ Poisson(1200/h x 5/60 h x 1/2) = Poisson(50); 2,000
    // replications give a 99.9% half-width of about 3.29 x 7.07 / 44.7 = 0.52.
    check_lost(&toll_free(r#"reroute_delay = "5m""#, 500, 500, &[("1h", "30m")]), 50.0, "5 min delay, half share");
    // The share follows the channels: 300 / (300 + 100) = 3/4 -> 1200 x
    // 5/60 x 3/4 = 75.
    check_lost(&toll_free(r#"reroute_delay = "5m""#, 300, 100, &[("1h", "30m")]), 75.0, "5 min delay, 3/4 share");
    // An outage shorter than the delay: a is back after 2 min, and then
    // carries its share again: 1200 x 2/60 x 1/2 = 20.
    check_lost(&toll_free(r#"reroute_delay = "5m""#, 500, 500, &[("1h", "2m")]), 20.0, "2 min outage, 5 min delay");
    // Two separate outages of a each cost a re-route: 2 x 50 = 100.
    check_lost(
        &toll_free(r#"reroute_delay = "5m""#, 500, 500, &[("30m", "20m"), ("70m", "20m")]),
        100.0,
        "two outages, 5 min delay",
    );
}

#[test]
fn without_a_re_route_delay_no_call_is_lost() {
    // reroute_delay 0 (given or omitted): the RespOrg re-routes at once, and
    // b always has a route and spare channels (60 Erlangs on 500): no call
    // is blocked at all, in any replication.
    for reroute in ["", r#"reroute_delay = "0s""#] {
        let s = toll_free(reroute, 500, 500, &[("1h", "30m")]);
        let tf = number(&s, "tf");
        for o in replications(&s) {
            assert_eq!(o.numbers[tf].blocked, 0, "{reroute:?}");
            assert!(o.numbers[tf].dropped > 0, "calls in progress on a are still dropped");
            assert_eq!(o.numbers[tf].dropped, o.numbers[tf].dropped_by[DropCause::Carrier]);
        }
    }
}

#[test]
fn back_to_back_carrier_outages_cost_one_re_route() {
    // Carrier a is held down without a break over [1 h, 1 h 30) and
    // [1 h 30, 2 h): one failure, one re-route, 50 calls lost as above.
    check_lost(
        &toll_free(r#"reroute_delay = "5m""#, 500, 500, &[("1h", "30m"), ("90m", "30m")]),
        50.0,
        "back-to-back outages, 5 min delay",
    );
}

#[test]
fn a_forwarded_call_meets_the_re_route_delay_of_the_number_it_is_forwarded_to() {
    // The same toll-free number, now reached by forwarding: callers dial a
    // legacy DID on carrier "legacy" (never down), forwarded to tf. The
    // second leg is routed by tf's RespOrg, which keeps sending carrier a
    // its half share for the 5 minutes after a fails: Poisson(1200/h x 5/60
    // h x 1/2) = Poisson(50) calls lost as no_route at the dialled number.
    let text = format!(
        "{}\n[[carrier]]\nname = \"legacy\"\n[[link]]\ncarrier = \"legacy\"\naz = \"az1\"\nchannels = 1000\n[[number]]\nname = \"legacy\"\ntype = \"did\"\ncarrier = \"legacy\"\n[[forward]]\nfrom = \"legacy\"\nto = \"tf\"\n",
        toll_free_text(r#"reroute_delay = "5m""#, 500, 500, &[("1h", "30m")])
    )
    .replace("number = \"tf\"\n        arrivals", "number = \"legacy\"\n        arrivals");
    let s = scenario(&text);
    let legacy = number(&s, "legacy");
    let outcomes = replications(&s);
    Interval::over(&outcomes, |o| o.numbers[legacy].blocked_by[BlockCause::NoRoute] as f64)
        .assert_contains(50.0, "forwarded to a number with a 5 min delay");
}
