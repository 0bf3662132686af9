//! Steady-state availability of links and numbers under random failures,
//! against renewal theory and series-parallel reliability formulas.

use crate::support::{HOUR, Interval, link, number, replications, scenario};
use callsim::experiment;
use callsim::scenario::Scenario;
use callsim::sim::BlockCause;

/// One DID on one link of one carrier in one AZ; only the link fails, with
/// mtbf 10 h and mttr 1 h shaped by `shapes` (extra keys of the `[[link]]`).
/// No traffic: availability does not depend on the load.
fn one_failing_link(shapes: &str, horizon: &str, warmup: &str, replications: u32, seed: u64) -> Scenario {
    scenario(&format!(
        r#"
        [simulation]
        horizon = "{horizon}"
        warmup = "{warmup}"
        replications = {replications}
        seed = {seed}

        [[az]]
        name = "az1"
        [[carrier]]
        name = "a"
        [[link]]
        carrier = "a"
        az = "az1"
        channels = 10
        mtbf = "10h"
        mttr = "1h"
        {shapes}

        [[number]]
        name = "did"
        type = "did"
        carrier = "a"
        "#
    ))
}

/// Checks availability and outage counts of `one_failing_link` against
/// renewal theory, for a stationary alternating renewal process with mean
/// up 10 h and mean down 1 h observed over `horizon_h` hours:
/// - E[availability] = 10 / (10 + 1) = 0.909091 over any horizon (the process
///   starts in equilibrium, so every instant is up with probability A);
/// - E[outages] = P(down at 0) + E[failures in (0, T)] = 1/11 + T / 11 h
///   (the failures of a stationary renewal process have rate 1 / mean cycle).
fn check_one_failing_link(s: &Scenario, horizon_h: f64, what: &str) {
    let outcomes = replications(s);
    let (n, l) = (number(s, "did"), link(s, "a/az1"));
    for o in &outcomes {
        // The DID's only route is the link: the same periods, the same figure.
        assert_eq!(o.numbers[n].availability, o.links[l].availability);
        assert_eq!(o.numbers[n].outages, o.links[l].outages);
    }
    let a = 10.0 / 11.0;
    Interval::over(&outcomes, |o| o.numbers[n].availability).assert_contains(a, &format!("{what}: DID availability"));
    Interval::over(&outcomes, |o| o.links[l].availability).assert_contains(a, &format!("{what}: link availability"));
    Interval::over(&outcomes, |o| o.numbers[n].outages as f64)
        .assert_contains(1.0 / 11.0 + horizon_h / 11.0, &format!("{what}: outages per replication"));
}

#[test]
fn exponential_link_availability_is_mtbf_over_mtbf_plus_mttr() {
    // mtbf 10 h, mttr 1 h: A = 10/11 = 0.909091. 200 replications of 5000 d
    // (120,000 h) = 10,909 cycles each, 2.2 million in all. Per replication
    // Var(availability) ~ (su^2 md^2 + sd^2 mu^2) / (cycle^3 T)
    // = (100 + 100) / (1331 * 120000) = 1.25e-6 (sd 0.0011), so the 99.9%
    // half-width is about 3.34 * 0.0011 / sqrt(200) = 2.6e-4.
    // E[outages] = 1/11 + 120000/11 = 10909.18.
    let s = one_failing_link("", "5000d", "0s", 200, 11);
    check_one_failing_link(&s, 120_000.0, "exponential 10h/1h");
    // The report summarises the same replications.
    let report = experiment::run(&s);
    let outcomes = replications(&s);
    let mean = outcomes.iter().map(|o| o.numbers[0].availability).sum::<f64>() / outcomes.len() as f64;
    let did = report.numbers.get("did").expect("the DID is reported");
    assert!((did.availability.mean - mean).abs() < 1e-12);
    assert!((report.links.get("a/az1").expect("the link is reported").availability.mean - mean).abs() < 1e-12);
    assert!((did.outage_s.mean - (1.0 - mean) * 120_000.0 * HOUR).abs() < 1e-6 * 120_000.0 * HOUR);
}

#[test]
fn availability_depends_only_on_the_means_of_up_and_down_periods() {
    // Renewal-reward: the long-run fraction of time up is
    // E[up] / (E[up] + E[down]) = 10 / 11 whatever the distributions.
    // Weibull k = 0.7 (CV^2 = G(1+2/k)/G(1+1/k)^2 - 1 = 2.14) and k = 2.5
    // (CV^2 = 0.183) for the up periods; lognormal repairs with sd 3 h
    // (CV^2 = 9). Per replication Var ~ (2.14*100*1 + 9*1*100) / (1331 T)
    // = 7.0e-6 at T = 120,000 h (sd 0.0026): half-width ~ 6.2e-4 with 200.
    for (shapes, what) in [
        (r#"time_to_failure = { kind = "weibull", shape = 0.7 }"#, "weibull 0.7 / exponential"),
        (
            r#"time_to_failure = { kind = "weibull", shape = 0.7 }
            time_to_repair = { kind = "lognormal", sd = "3h" }"#,
            "weibull 0.7 / lognormal sd 3h",
        ),
        (
            r#"time_to_failure = { kind = "weibull", shape = 2.5 }
            time_to_repair = { kind = "lognormal", sd = "3h" }"#,
            "weibull 2.5 / lognormal sd 3h",
        ),
    ] {
        let s = one_failing_link(shapes, "5000d", "0s", 200, 12);
        check_one_failing_link(&s, 120_000.0, what);
    }
}

#[test]
fn stationary_start_is_unbiased_over_a_short_horizon() {
    // Each process starts in equilibrium (down with probability mttr / (mtbf
    // + mttr), with a length-biased residual period), so even a 3 h window,
    // shorter than one 11 h cycle, has E[availability] = 10/11 exactly and
    // E[outages] = 1/11 + 3/11 = 4/11 = 0.363636. A start "up, with a fresh
    // period" would give ~0.99 and fewer outages; a wrong residual (e.g. the
    // plain period for Weibull k = 2.5) gives P(failure within 3 h) = 0.036
    // instead of ~0.29. Per replication sd <= 0.3: with 200,000 replications
    // the half-width is ~ 3.29 * 0.3 / 447 = 0.0022.
    for (shapes, what) in [
        ("", "short: exponential"),
        (
            r#"time_to_failure = { kind = "weibull", shape = 0.7 }
            time_to_repair = { kind = "lognormal", sd = "3h" }"#,
            "short: weibull 0.7 / lognormal",
        ),
        (
            r#"time_to_failure = { kind = "weibull", shape = 2.5 }
            time_to_repair = { kind = "lognormal", sd = "3h" }"#,
            "short: weibull 2.5 / lognormal",
        ),
        (
            r#"time_to_failure = { kind = "fixed" }
            time_to_repair = { kind = "fixed" }"#,
            "short: fixed / fixed",
        ),
    ] {
        let s = one_failing_link(shapes, "3h", "0s", 200_000, 13);
        check_one_failing_link(&s, 3.0, what);
        // The same after a 5 h warm-up: the process is still stationary at
        // the start of the window, and a down period that began in the
        // warm-up counts as one outage, clipped to the window.
        let s = one_failing_link(shapes, "3h", "5h", 200_000, 14);
        check_one_failing_link(&s, 3.0, &format!("{what}, after warm-up"));
    }
}

#[test]
fn did_over_two_failing_links_has_parallel_availability() {
    // One carrier, links into two AZs, each link failing independently with
    // mtbf 10 h / mttr 1 h: A = 10/11 each. The DID is down only when both
    // are: 1 - (1 - A)^2 = 1 - 1/121 = 120/121 = 0.991736.
    // Outages (Markov): P(both down at 0) = 1/121, plus entries into "both
    // down" = P(exactly one down) x failure rate of the other
    // = 2 (10/11)(1/11) x 1/10 h = 2/121 per hour: 1/121 + 120000 x 2/121
    // = 1983.48 per 5000-day replication.
    let s = scenario(
        r#"
        [simulation]
        horizon = "5000d"
        replications = 200
        seed = 21
        [[az]]
        name = "az1"
        [[az]]
        name = "az2"
        [[carrier]]
        name = "a"
        [[link]]
        carrier = "a"
        az = "az1"
        channels = 10
        mtbf = "10h"
        mttr = "1h"
        [[link]]
        carrier = "a"
        az = "az2"
        channels = 10
        mtbf = "10h"
        mttr = "1h"
        [[number]]
        name = "did"
        type = "did"
        carrier = "a"
        "#,
    );
    let outcomes = replications(&s);
    let n = number(&s, "did");
    let a = 10.0 / 11.0;
    for name in ["a/az1", "a/az2"] {
        let l = link(&s, name);
        Interval::over(&outcomes, |o| o.links[l].availability).assert_contains(a, &format!("link {name} availability"));
    }
    Interval::over(&outcomes, |o| o.numbers[n].availability)
        .assert_contains(1.0 - (1.0 - a) * (1.0 - a), "DID over two links: availability");
    Interval::over(&outcomes, |o| o.numbers[n].outages as f64)
        .assert_contains(1.0 / 121.0 + 120_000.0 * 2.0 / 121.0, "DID over two links: outages");
}

/// Two carriers `a`, `b` (each failing with mtbf 20 h / mttr 2 h: q = 10/11),
/// each with a link into az1 and az2 (each failing with mtbf 10 h / mttr
/// 2 h: p = 5/6); AZ failures as `az_failure` says. A toll-free number over
/// both carriers and a DID on `a`.
fn two_carriers_two_azs(az_failure: &str, seed: u64) -> Scenario {
    let mut text = format!(
        r#"
        [simulation]
        horizon = "5000d"
        replications = 200
        seed = {seed}
        [[az]]
        name = "az1"
        {az_failure}
        [[az]]
        name = "az2"
        {az_failure}
        [[carrier]]
        name = "a"
        mtbf = "20h"
        mttr = "2h"
        [[carrier]]
        name = "b"
        mtbf = "20h"
        mttr = "2h"
        [[number]]
        name = "tf"
        type = "toll-free"
        carriers = ["a", "b"]
        [[number]]
        name = "did"
        type = "did"
        carrier = "a"
        "#
    );
    for c in ["a", "b"] {
        for az in ["az1", "az2"] {
            text.push_str(&format!(
                "[[link]]\ncarrier = \"{c}\"\naz = \"{az}\"\nchannels = 10\nmtbf = \"10h\"\nmttr = \"2h\"\n"
            ));
        }
    }
    scenario(&text)
}

#[test]
fn toll_free_over_two_failing_carriers_is_series_parallel() {
    // q = A_carrier = 20/22 = 10/11, p = A_link = 10/12 = 5/6, AZs never fail.
    // Carrier path k is up when the carrier and at least one of its links are:
    //   q (1 - (1-p)^2) = (10/11)(35/36) = 175/198 = 0.883838 (also the DID on a).
    // Toll-free over two independent paths: 1 - (1 - 175/198)^2
    //   = 1 - (23/198)^2 = 38675/39204 = 0.986507.
    // A link is usable when it and its carrier are up: p q = 25/33 = 0.757576.
    let s = two_carriers_two_azs("", 31);
    let outcomes = replications(&s);
    let (q, p): (f64, f64) = (10.0 / 11.0, 5.0 / 6.0);
    let path = q * (1.0 - (1.0 - p) * (1.0 - p));
    for name in ["a/az1", "a/az2", "b/az1", "b/az2"] {
        let l = link(&s, name);
        Interval::over(&outcomes, |o| o.links[l].availability).assert_contains(p * q, &format!("link {name}"));
    }
    let did = number(&s, "did");
    Interval::over(&outcomes, |o| o.numbers[did].availability).assert_contains(path, "DID on carrier a");
    let tf = number(&s, "tf");
    Interval::over(&outcomes, |o| o.numbers[tf].availability)
        .assert_contains(1.0 - (1.0 - path).powi(2), "toll-free over a and b");
}

#[test]
fn zone_failures_take_down_the_links_of_every_carrier_in_them() {
    // As above, and each AZ fails with mtbf 40 h / mttr 2 h: z = 20/21.
    // An AZ failure takes down the links of both carriers in it, so the
    // carrier paths are no longer independent. Conditioning on the AZs:
    // - both up (z^2 = 400/441): as without AZ failures,
    //   1 - (1 - q(1-(1-p)^2))^2 = 0.986507;
    // - exactly one up (2z(1-z) = 40/441): each carrier has one link left,
    //   path q p = 25/33, number 1 - (1 - qp)^2 = 1 - (8/33)^2 = 0.941231;
    // - none up: 0.
    // A = 0.907029 x 0.986507 + 0.090703 x 0.941231 = 0.894791 + 0.085372
    //   = 0.980163.
    // The DID on a: q (1 - (1 - z p)^2) = (10/11)(1 - (1 - 0.793651)^2)
    //   = 0.870381; a link: p q z = 0.721501.
    let s = two_carriers_two_azs("mtbf = \"40h\"\nmttr = \"2h\"", 32);
    let outcomes = replications(&s);
    let (q, p, z): (f64, f64, f64) = (10.0 / 11.0, 5.0 / 6.0, 20.0 / 21.0);
    let both_up = 1.0 - (1.0 - q * (1.0 - (1.0 - p) * (1.0 - p))).powi(2);
    let one_up = 1.0 - (1.0 - q * p).powi(2);
    let tf_theory = z * z * both_up + 2.0 * z * (1.0 - z) * one_up;
    assert!((tf_theory - 0.980163).abs() < 1e-6, "{tf_theory}");
    for name in ["a/az1", "a/az2", "b/az1", "b/az2"] {
        let l = link(&s, name);
        Interval::over(&outcomes, |o| o.links[l].availability).assert_contains(p * q * z, &format!("link {name}"));
    }
    let did = number(&s, "did");
    Interval::over(&outcomes, |o| o.numbers[did].availability)
        .assert_contains(q * (1.0 - (1.0 - z * p).powi(2)), "DID on a with AZ failures");
    let tf = number(&s, "tf");
    Interval::over(&outcomes, |o| o.numbers[tf].availability).assert_contains(tf_theory, "toll-free with AZ failures");
}

#[test]
fn calls_blocked_no_route_see_time_averages() {
    // PASTA: Poisson arrivals, independent of the failures, find the DID
    // without a route with the time-average probability 1 - A = 1/11
    // (mtbf 10 h, mttr 1 h). Capacity is ample (2 Erlangs offered to 100
    // channels and a cap of 100), so no other cause blocks. Per replication,
    // d = no_route / offered - (1 - availability) has mean 0; 120 calls/h
    // over 100 d = 288,000 calls: sd(d) ~ sqrt((1/11) / 288000) = 5.6e-4.
    let s = scenario(
        r#"
        [simulation]
        horizon = "100d"
        replications = 60
        seed = 41
        [[az]]
        name = "az1"
        [[carrier]]
        name = "a"
        [[link]]
        carrier = "a"
        az = "az1"
        channels = 100
        mtbf = "10h"
        mttr = "1h"
        [[number]]
        name = "did"
        type = "did"
        carrier = "a"
        max_concurrent = 100
        [[traffic]]
        number = "did"
        arrivals = { kind = "poisson", calls_per_hour = 120 }
        holding = { kind = "exponential", mean = "1m" }
        "#,
    );
    let outcomes = replications(&s);
    let n = number(&s, "did");
    for o in &outcomes {
        let o = &o.numbers[n];
        assert_eq!(o.blocked, o.blocked_by[BlockCause::NoRoute], "only no_route blocks with ample capacity");
    }
    let share = |o: &callsim::sim::NumberOutcome| o.blocked_by[BlockCause::NoRoute] as f64 / o.offered as f64;
    Interval::over(&outcomes, |o| share(&o.numbers[n]) - (1.0 - o.numbers[n].availability))
        .assert_contains(0.0, "no_route share - (1 - availability)");
    Interval::over(&outcomes, |o| share(&o.numbers[n])).assert_contains(1.0 / 11.0, "no_route share");
}
