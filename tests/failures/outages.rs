//! Scheduled outages: exact availability figures, and how overlapping holds
//! on carriers, AZs and links combine (an element is up only when nothing
//! holds it down).

use crate::support::{HOUR, link, number, replications, scenario};
use callsim::scenario::Scenario;
use callsim::sim::ReplicationOutcome;
use callsim::sim::{BlockCause, DropCause};

/// The 7-day horizon, seconds.
const WEEK_S: f64 = 168.0 * HOUR;

/// Two AZs; carriers a and b with a link into each; a DID on a and a
/// toll-free number over a and b, with traffic; the given `[[outage]]`s.
/// No random failures. Warm-up 1 h: outage times count from its end.
fn two_carriers_with_outages(outages: &str) -> Scenario {
    scenario(&format!(
        r#"
        [simulation]
        horizon = "7d"
        warmup = "1h"
        replications = 3
        seed = 51
        [[az]]
        name = "az1"
        [[az]]
        name = "az2"
        [[carrier]]
        name = "a"
        [[carrier]]
        name = "b"
        [[link]]
        carrier = "a"
        az = "az1"
        channels = 100
        [[link]]
        carrier = "a"
        az = "az2"
        channels = 100
        [[link]]
        carrier = "b"
        az = "az1"
        channels = 100
        [[link]]
        carrier = "b"
        az = "az2"
        channels = 100
        [[number]]
        name = "did"
        type = "did"
        carrier = "a"
        [[number]]
        name = "tf"
        type = "toll-free"
        carriers = ["a", "b"]
        [[traffic]]
        number = "did"
        arrivals = {{ kind = "poisson", calls_per_hour = 300 }}
        holding = {{ kind = "exponential", mean = "3m" }}
        [[traffic]]
        number = "tf"
        arrivals = {{ kind = "poisson", calls_per_hour = 300 }}
        holding = {{ kind = "exponential", mean = "3m" }}
        {outages}
        "#
    ))
}

/// Asserts a number's availability is `1 - down_h / 168` to 1e-12, with
/// `outages` periods, the longest `longest_h` hours (exactly).
fn assert_number_down(o: &ReplicationOutcome, n: usize, down_h: f64, outages: u64, longest_h: f64, what: &str) {
    let o = &o.numbers[n];
    let want = 1.0 - down_h / 168.0;
    assert!((o.availability - want).abs() <= 1e-12, "{what}: availability {} != 1 - {down_h}/168", o.availability);
    assert_eq!(o.outages, outages, "{what}: outages");
    assert_eq!(o.longest_outage_s, longest_h * HOUR, "{what}: longest outage");
    assert!((o.outage_s - down_h * HOUR).abs() <= 1e-9, "{what}: outage_s {}", o.outage_s);
}

/// Asserts a link's availability is `1 - down_h / 168` to 1e-12, with `outages` periods.
fn assert_link_down(o: &ReplicationOutcome, l: usize, down_h: f64, outages: u64, what: &str) {
    let o = &o.links[l];
    let want = 1.0 - down_h / 168.0;
    assert!((o.availability - want).abs() <= 1e-12, "{what}: availability {} != 1 - {down_h}/168", o.availability);
    assert_eq!(o.outages, outages, "{what}: outages");
}

#[test]
fn a_scheduled_carrier_outage_darkens_its_did_but_not_a_toll_free_number() {
    // Carrier a is down 6 h from day 2 (48 h after warm-up) in a 168 h week:
    // the DID on a has availability exactly 1 - 6/168 = 0.964286, one
    // outage of exactly 6 h = 21,600 s; both links of a likewise. The
    // toll-free number keeps carrier b: availability exactly 1.0.
    // Every call offered to the DID meanwhile is blocked no_route (300/h x
    // 6 h = 1,800 expected), and calls in progress on a are dropped, cut by
    // the carrier (no AZ or link failed).
    let s = two_carriers_with_outages(
        r#"
        [[outage]]
        target = "carrier:a"
        start = "2d"
        duration = "6h"
        "#,
    );
    let (did, tf) = (number(&s, "did"), number(&s, "tf"));
    for o in replications(&s) {
        assert_number_down(&o, did, 6.0, 1, 6.0, "DID on a");
        assert_number_down(&o, tf, 0.0, 0, 0.0, "toll-free over a, b");
        assert_eq!(o.numbers[tf].availability, 1.0);
        assert_link_down(&o, link(&s, "a/az1"), 6.0, 1, "a/az1");
        assert_link_down(&o, link(&s, "a/az2"), 6.0, 1, "a/az2");
        assert_link_down(&o, link(&s, "b/az1"), 0.0, 0, "b/az1");
        assert_link_down(&o, link(&s, "b/az2"), 0.0, 0, "b/az2");
        let d = &o.numbers[did];
        assert!(
            d.blocked_by[BlockCause::NoRoute] > 1_500 && d.blocked_by[BlockCause::NoRoute] < 2_100,
            "DID no_route {}",
            d.blocked_by[BlockCause::NoRoute]
        );
        assert!(d.dropped > 0, "calls in progress on a at the outage are dropped");
        assert_eq!(d.dropped, d.dropped_by[DropCause::Carrier], "every drop is the carrier's");
        assert_eq!(
            o.numbers[tf].blocked_by[BlockCause::NoRoute],
            0,
            "no re-route delay: the toll-free number never lacks a route"
        );
        assert_eq!(o.numbers[tf].dropped, o.numbers[tf].dropped_by[DropCause::Carrier]);
    }
    assert!((1.0 - 21_600.0 / WEEK_S - (1.0 - 6.0 / 168.0)).abs() < 1e-15);
}

#[test]
fn overlapping_outages_of_carrier_az_and_link_combine_into_their_union() {
    // Hours after warm-up: carrier a down [48, 54), az1 down [52, 58), link
    // a/az1 down [49, 50) (inside the carrier's outage). A third carrier c
    // has a single link into az1. Each link is down on the union of its
    // holds:
    //   a/az1 = [48,54) u [52,58) u [49,50) = [48,58): 10 h, one outage;
    //   a/az2 = [48,54): 6 h;  b/az1 = c/az1 = [52,58): 6 h;  b/az2: never.
    // Numbers are down on the intersection of their routes' down sets:
    //   DID on a: [48,58) n [48,54) = [48,54): 6 h;
    //   DID on c: [52,58): 6 h;
    //   toll-free over a, c: [48,58) n [48,54) n [52,58) = [52,54): 2 h;
    //   toll-free over a, b: b/az2 is never down: 1.0.
    // Availability = 1 - hours / 168 exactly.
    let s = scenario(
        r#"
        [simulation]
        horizon = "7d"
        warmup = "30m"
        replications = 2
        seed = 52
        [[az]]
        name = "az1"
        [[az]]
        name = "az2"
        [[carrier]]
        name = "a"
        [[carrier]]
        name = "b"
        [[carrier]]
        name = "c"
        [[link]]
        carrier = "a"
        az = "az1"
        channels = 50
        [[link]]
        carrier = "a"
        az = "az2"
        channels = 50
        [[link]]
        carrier = "b"
        az = "az1"
        channels = 50
        [[link]]
        carrier = "b"
        az = "az2"
        channels = 50
        [[link]]
        carrier = "c"
        az = "az1"
        channels = 50
        [[number]]
        name = "did-a"
        type = "did"
        carrier = "a"
        [[number]]
        name = "did-c"
        type = "did"
        carrier = "c"
        [[number]]
        name = "tf-ac"
        type = "toll-free"
        carriers = ["a", "c"]
        [[number]]
        name = "tf-ab"
        type = "toll-free"
        carriers = ["a", "b"]
        [[traffic]]
        number = "tf-ac"
        arrivals = { kind = "poisson", calls_per_hour = 200 }
        holding = { kind = "exponential", mean = "3m" }
        [[outage]]
        target = "carrier:a"
        start = "48h"
        duration = "6h"
        [[outage]]
        target = "az:az1"
        start = "52h"
        duration = "6h"
        [[outage]]
        target = "link:a/az1"
        start = "49h"
        duration = "1h"
        "#,
    );
    for o in replications(&s) {
        assert_link_down(&o, link(&s, "a/az1"), 10.0, 1, "a/az1");
        assert_link_down(&o, link(&s, "a/az2"), 6.0, 1, "a/az2");
        assert_link_down(&o, link(&s, "b/az1"), 6.0, 1, "b/az1");
        assert_link_down(&o, link(&s, "b/az2"), 0.0, 0, "b/az2");
        assert_link_down(&o, link(&s, "c/az1"), 6.0, 1, "c/az1");
        assert_number_down(&o, number(&s, "did-a"), 6.0, 1, 6.0, "DID on a");
        assert_number_down(&o, number(&s, "did-c"), 6.0, 1, 6.0, "DID on c");
        assert_number_down(&o, number(&s, "tf-ac"), 2.0, 1, 2.0, "toll-free over a, c");
        assert_number_down(&o, number(&s, "tf-ab"), 0.0, 0, 0.0, "toll-free over a, b");
        // tf-ac's calls: 200/h x 2 h = 400 expected while it has no route.
        let tf = &o.numbers[number(&s, "tf-ac")];
        assert!(
            tf.blocked_by[BlockCause::NoRoute] > 300 && tf.blocked_by[BlockCause::NoRoute] < 500,
            "tf-ac no_route {}",
            tf.blocked_by[BlockCause::NoRoute]
        );
    }
}

/// One carrier, one link, one DID on it; the given outages of the link.
fn one_link_with_outages(outages: &[(&str, &str)]) -> Scenario {
    let mut text = String::from(
        r#"
        [simulation]
        horizon = "7d"
        replications = 1
        [[az]]
        name = "az1"
        [[carrier]]
        name = "a"
        [[link]]
        carrier = "a"
        az = "az1"
        channels = 10
        [[number]]
        name = "did"
        type = "did"
        carrier = "a"
        "#,
    );
    for (start, duration) in outages {
        text.push_str(&format!(
            "[[outage]]\ntarget = \"link:a/az1\"\nstart = \"{start}\"\nduration = \"{duration}\"\n"
        ));
    }
    scenario(&text)
}

#[test]
fn overlapping_outages_of_one_element_are_one_outage() {
    // Holds on the same link: [10,13) and [11,15) overlap -> [10,15), 5 h;
    // [20,26) contains [21,22) -> [20,26), 6 h; [160,180) runs past the
    // 168 h horizon -> clipped to [160,168), 8 h. Down 5 + 6 + 8 = 19 h in
    // 3 outages, the longest 8 h: availability 1 - 19/168 = 0.886905.
    let s = one_link_with_outages(&[("10h", "3h"), ("11h", "4h"), ("20h", "6h"), ("21h", "1h"), ("160h", "20h")]);
    let o = &replications(&s)[0];
    assert_number_down(o, 0, 19.0, 3, 8.0, "DID");
    assert_link_down(o, 0, 19.0, 3, "link");
}

#[test]
fn back_to_back_outages_of_one_element_are_one_outage() {
    // [30,32) then [32,33): the link is held down without a break, so the
    // union [30,33) is a single 3 h outage, whichever order the file lists
    // them in: availability 1 - 3/168, outages 1, longest 3 h.
    for outages in [[("30h", "2h"), ("32h", "1h")], [("32h", "1h"), ("30h", "2h")]] {
        let s = one_link_with_outages(&outages);
        let o = &replications(&s)[0];
        let what = format!("outages {outages:?}");
        assert_link_down(o, 0, 3.0, 1, &what);
        assert_number_down(o, 0, 3.0, 1, 3.0, &what);
    }
}
