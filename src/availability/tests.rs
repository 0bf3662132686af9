//! Exact figures against hand calculation (the arithmetic in comments) and
//! against a brute-force sum over every up/down state of every element.

use super::*;
use crate::model::Model;
use crate::scenario::Scenario;

const H: f64 = 3_600.0;
const DAY: f64 = 86_400.0;

fn model(body: &str) -> Model {
    let text = format!("[simulation]\nhorizon = \"7d\"\n{body}");
    Scenario::from_toml_str(&text, "exact.toml").unwrap_or_else(|e| panic!("{e}")).model
}

fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * b.abs().max(1e-300)
}

/// P(a route for every leg of `number`), by enumerating all 2^N states of
/// the N elements that can fail (no conditioning, no inclusion-exclusion):
/// the reference the fast computation must match.
fn brute_unavailability(m: &Model, number: usize) -> f64 {
    let legs = legs(m, number);
    let mut elements: Vec<(Element, f64, f64)> = Vec::new();
    let mut push = |e: Element, f: &Option<FailureProcess>| {
        if let Some(f) = f {
            elements.push((e, f.mtbf_s / (f.mtbf_s + f.mttr_s), f.mttr_s / (f.mtbf_s + f.mttr_s)));
        }
    };
    for (i, a) in m.azs.iter().enumerate() {
        push(Element::Az(i), &a.failure);
    }
    for (i, c) in m.carriers.iter().enumerate() {
        push(Element::Carrier(i), &c.failure);
    }
    for (i, l) in m.links.iter().enumerate() {
        push(Element::Link(i), &l.failure);
    }
    for (i, x) in m.regions.iter().flat_map(|r| r.instances.iter()).enumerate() {
        push(Element::Instance(i), &x.failure);
    }
    let instance_of = |l: usize| m.regions.as_ref().map(|r| Element::Instance(r.az_instance[m.links[l].az]));
    assert!(elements.len() <= 20, "brute force over at most 2^20 states");
    let mut down_p = 0.0;
    for state in 0u64..(1 << elements.len()) {
        let up = |e: Element| elements.iter().position(|&(x, _, _)| x == e).is_none_or(|i| state >> i & 1 == 1);
        let usable = |l: usize| {
            up(Element::Link(l))
                && up(Element::Carrier(m.links[l].carrier))
                && up(Element::Az(m.links[l].az))
                && instance_of(l).is_none_or(up)
        };
        let has_route = legs.iter().all(|routes| routes.iter().any(|&l| usable(l)));
        if !has_route {
            let p: f64 =
                (elements.iter().enumerate()).map(|(i, &(_, a, r))| if state >> i & 1 == 1 { a } else { r }).product();
            down_p += p;
        }
    }
    down_p
}

#[test]
fn one_link_is_up_mtbf_over_mtbf_plus_mttr() {
    // A DID whose only route is one link failing every 10 h for 1 h:
    // A = 10 / 11 = 0.909091; outages start once per cycle of 11 h:
    // 8766 h / 11 h = 796.909 a year, lasting U / nu = (1/11) / (1/11 h) = 1 h.
    let m = model(
        r#"
[[az]]
name = "z1"
[[carrier]]
name = "c"
[[link]]
carrier = "c"
az = "z1"
channels = 10
mtbf = "10h"
mttr = "1h"
[[number]]
name = "d"
type = "did"
carrier = "c"
"#,
    );
    let e = exact(&m, 7.0 * DAY).unwrap();
    let d = e.numbers[0];
    assert!(close(d.availability, 10.0 / 11.0, 1e-14), "{d:?}");
    assert!(close(d.unavailability, 1.0 / 11.0, 1e-14));
    assert!(close(d.outages_per_year, YEAR_S / (11.0 * H), 1e-12));
    assert!(close(d.mean_outage_s.unwrap(), H, 1e-12));
    assert!(close(d.downtime_s_per_year, YEAR_S / 11.0, 1e-12));
    assert!(close(d.nines.unwrap(), 11f64.log10(), 1e-12));
    assert_eq!(e.design, d);
}

/// A DID of carrier c (mtbf 90 d, mttr 2 h) over two links into two zones,
/// each link (30 d, 4 h) and zone (365 d, 2 h) failing.
const DID_TWO_ZONES: &str = r#"
[[az]]
name = "z1"
mtbf = "365d"
mttr = "2h"
[[az]]
name = "z2"
mtbf = "365d"
mttr = "2h"
[[carrier]]
name = "c"
mtbf = "90d"
mttr = "2h"
[[link]]
carrier = "c"
az = "z1"
channels = 10
mtbf = "30d"
mttr = "4h"
[[link]]
carrier = "c"
az = "z2"
channels = 10
mtbf = "30d"
mttr = "4h"
[[number]]
name = "d"
type = "did"
carrier = "c"
"#;

#[test]
fn a_did_over_two_zones_needs_its_carrier_and_one_zone_link_pair() {
    // A = a_c (1 - (1 - a_l a_z)^2) with a_c = 2160/2162, a_l = 720/724,
    // a_z = 8760/8762: a_l a_z = 0.99424814, (1 - that)^2 = 3.30839e-5,
    // A = 0.99907493 * 0.99996692 = 0.99904188.
    let m = model(DID_TWO_ZONES);
    let (ac, al, az) = (2160.0 / 2162.0, 720.0 / 724.0, 8760.0 / 8762.0);
    let a = ac * (1.0 - (1.0 - al * az) * (1.0 - al * az));
    let d = exact(&m, 7.0 * DAY).unwrap().numbers[0];
    assert!(close(d.availability, a, 1e-13), "{} vs {a}", d.availability);
    assert!(close(d.unavailability, brute_unavailability(&m, 0), 1e-12));
    assert!((d.availability - 0.999_041_88).abs() < 1e-8, "{}", d.availability);
}

#[test]
fn toll_free_over_two_and_three_carriers_with_shared_zones_matches_brute_force() {
    // Carriers a, b, c each with links into both zones; zones, carriers and
    // every link fail. The zones are shared by all carriers, so link states
    // are correlated: the brute force sums all 2^(2 + 3 + 6) = 2048 states.
    let mut body = String::from(
        "[[az]]\nname = \"z1\"\nmtbf = \"200d\"\nmttr = \"6h\"\n[[az]]\nname = \"z2\"\nmtbf = \"300d\"\nmttr = \"3h\"\n",
    );
    for (c, mtbf, mttr) in [("a", "60d", "5h"), ("b", "90d", "3h"), ("c", "45d", "8h")] {
        body += &format!("[[carrier]]\nname = \"{c}\"\nmtbf = \"{mtbf}\"\nmttr = \"{mttr}\"\n");
        for (z, lm) in [("z1", "20d"), ("z2", "25d")] {
            body +=
                &format!("[[link]]\ncarrier = \"{c}\"\naz = \"{z}\"\nchannels = 5\nmtbf = \"{lm}\"\nmttr = \"2h\"\n");
        }
    }
    body += "[[number]]\nname = \"two\"\ntype = \"toll-free\"\ncarriers = [\"a\", \"b\"]\n";
    body += "[[number]]\nname = \"three\"\ntype = \"toll-free\"\ncarriers = [\"a\", \"b\", \"c\"]\n";
    body += "[[number]]\nname = \"did\"\ntype = \"did\"\ncarrier = \"c\"\n";
    let m = model(&body);
    let e = exact(&m, 7.0 * DAY).unwrap();
    for n in 0..3 {
        let brute = brute_unavailability(&m, n);
        assert!(
            close(e.numbers[n].unavailability, brute, 1e-11),
            "number {n}: {} vs {brute}",
            e.numbers[n].unavailability
        );
    }
    // A third carrier only adds routes: never less available.
    assert!(e.numbers[1].unavailability < e.numbers[0].unavailability);
    // Both zones down takes every toll-free route: U(three) >= P(z1 and z2 down)
    // = (6/4806) * (3/7203) = 5.2e-7.
    assert!(e.numbers[1].unavailability > (6.0 / 4806.0) * (3.0 / 7203.0));
}

#[test]
fn two_elements_in_parallel_and_in_series_fail_at_the_textbook_rates() {
    // Parallel: a toll-free number over carriers p (m1 = 30 d, r1 = 4 h) and
    // q (m2 = 60 d, r2 = 10 h), each with one link that never fails, one
    // zone that never fails. nu = (1 - a2)/(m1 + r1) + (1 - a1)/(m2 + r2).
    let parallel = model(
        r#"
[[az]]
name = "z"
[[carrier]]
name = "p"
mtbf = "30d"
mttr = "4h"
[[carrier]]
name = "q"
mtbf = "60d"
mttr = "10h"
[[link]]
carrier = "p"
az = "z"
channels = 1
[[link]]
carrier = "q"
az = "z"
channels = 1
[[number]]
name = "tf"
type = "toll-free"
carriers = ["p", "q"]
"#,
    );
    let (m1, r1, m2, r2) = (30.0 * DAY, 4.0 * H, 60.0 * DAY, 10.0 * H);
    let (a1, a2) = (m1 / (m1 + r1), m2 / (m2 + r2));
    let nu = (1.0 - a2) / (m1 + r1) + (1.0 - a1) / (m2 + r2);
    let tf = exact(&parallel, 7.0 * DAY).unwrap().numbers[0];
    assert!(close(tf.unavailability, (1.0 - a1) * (1.0 - a2), 1e-12));
    assert!(close(tf.outages_per_year, nu * YEAR_S, 1e-12), "{} vs {}", tf.outages_per_year, nu * YEAR_S);
    // Mean outage of a parallel pair of exponential repairs: U / nu
    // = 1 / (1/r1 + 1/r2) = 2.857 h.
    assert!(close(tf.mean_outage_s.unwrap(), 1.0 / (1.0 / r1 + 1.0 / r2), 1e-10));

    // Series: a DID of carrier s (m1, r1) over one link (m2, r2):
    // nu = a2/(m1 + r1) + a1/(m2 + r2).
    let series = model(
        r#"
[[az]]
name = "z"
[[carrier]]
name = "s"
mtbf = "30d"
mttr = "4h"
[[link]]
carrier = "s"
az = "z"
channels = 1
mtbf = "60d"
mttr = "10h"
[[number]]
name = "d"
type = "did"
carrier = "s"
"#,
    );
    let d = exact(&series, 7.0 * DAY).unwrap().numbers[0];
    assert!(close(d.availability, a1 * a2, 1e-13));
    assert!(close(d.outages_per_year, (a2 / (m1 + r1) + a1 / (m2 + r2)) * YEAR_S, 1e-12));
}

#[test]
fn a_forward_needs_both_legs_and_shared_elements_count_once() {
    // legacy (DID of carrier a) forwards to new (DID of carrier b); both
    // carriers' links land in zone z, which fails. Disjoint carriers but a
    // shared zone: A(legacy) = a_z * a_a * a_b (not A(a leg) * A(b leg),
    // which would count the zone twice).
    let m = model(
        r#"
[[az]]
name = "z"
mtbf = "100d"
mttr = "5h"
[[carrier]]
name = "a"
mtbf = "50d"
mttr = "2h"
[[carrier]]
name = "b"
mtbf = "80d"
mttr = "3h"
[[link]]
carrier = "a"
az = "z"
channels = 5
[[link]]
carrier = "b"
az = "z"
channels = 5
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
    );
    let (az, aa, ab) = (2400.0 / 2405.0, 1200.0 / 1202.0, 1920.0 / 1923.0);
    let e = exact(&m, 7.0 * DAY).unwrap();
    assert!(close(e.numbers[0].availability, az * aa * ab, 1e-13), "{}", e.numbers[0].availability);
    assert!(close(e.numbers[1].availability, az * ab, 1e-13));
    assert!(close(e.numbers[0].unavailability, brute_unavailability(&m, 0), 1e-12));
    // Three elements in series: nu = sum over each of (product of the other two) / cycle.
    let nu = aa * ab / (2405.0 * H) + az * ab / (1202.0 * H) + az * aa / (1923.0 * H);
    assert!(close(e.numbers[0].outages_per_year, nu * YEAR_S, 1e-12));
}

#[test]
fn scheduled_outages_weigh_in_over_the_horizon() {
    // A DID whose carrier never fails at random, out for 6 h on day 2 of a
    // 7-day horizon: A = 1 - 6/168 exactly, one outage in 7 days
    // (365.25 / 7 = 52.18 a year), lasting 6 h.
    let m = model(
        r#"
[[az]]
name = "z"
[[carrier]]
name = "c"
[[link]]
carrier = "c"
az = "z"
channels = 5
[[number]]
name = "d"
type = "did"
carrier = "c"
[[outage]]
target = "carrier:c"
start = "2d"
duration = "6h"
"#,
    );
    let d = exact(&m, 7.0 * DAY).unwrap().numbers[0];
    assert!(close(d.unavailability, 6.0 / 168.0, 1e-14), "{}", d.unavailability);
    assert!(close(d.outages_per_year, 365.25 / 7.0, 1e-12));
    assert!(close(d.mean_outage_s.unwrap(), 6.0 * H, 1e-12));
    // An outage that runs past the horizon counts only its part inside:
    // a 1-day horizon with the outage at 20 h for 6 h: 4 h of 24 down.
    let mut late = m.clone();
    late.outages[0].start_s = 20.0 * H;
    let d = exact(&late, DAY).unwrap().numbers[0];
    assert!(close(d.unavailability, 4.0 / 24.0, 1e-14));
}

#[test]
fn a_scheduled_outage_of_one_of_two_carriers_leaves_the_other_exposed() {
    // Toll-free over p and q (each 30 d / 4 h, links and zone never fail);
    // p is out for 1 day of a 10-day horizon. Outside it: U0 = r^2, with
    // r = 4/724; during it the number rests on q alone: U1 = r.
    // U = (9 U0 + U1) / 10. Outages: nu0 = 2 r / (m + r) outside, and
    // 1 / (m + r) * 1 (q critical) during; plus the onset: P(up before,
    // down after) = P(q down and p up) = r (1 - r).
    let m = model(
        r#"
[[az]]
name = "z"
[[carrier]]
name = "p"
mtbf = "30d"
mttr = "4h"
[[carrier]]
name = "q"
mtbf = "30d"
mttr = "4h"
[[link]]
carrier = "p"
az = "z"
channels = 1
[[link]]
carrier = "q"
az = "z"
channels = 1
[[number]]
name = "tf"
type = "toll-free"
carriers = ["p", "q"]
[[outage]]
target = "carrier:p"
start = "3d"
duration = "1d"
"#,
    );
    let r = 4.0 / 724.0;
    let cycle = 724.0 * H;
    let tf = exact(&m, 10.0 * DAY).unwrap().numbers[0];
    assert!(close(tf.unavailability, (9.0 * r * r + r) / 10.0, 1e-12), "{}", tf.unavailability);
    let expected = (2.0 * r / cycle) * 9.0 * DAY + (1.0 / cycle) * DAY + r * (1.0 - r);
    assert!(close(tf.outages_per_year, expected / (10.0 * DAY) * YEAR_S, 1e-12));
}

#[test]
fn a_bank_and_the_design_weigh_numbers_by_offered_calls() {
    // A toll-free number never down and a bank of 4 DIDs with U = 1/11
    // (one link, 10 h / 1 h). 300 calls/h to the toll-free, 100 to the bank:
    // design U = 100/400 * 1/11 = 1/44.
    let m = model(
        r#"
[[az]]
name = "z"
[[carrier]]
name = "c"
[[carrier]]
name = "d"
[[link]]
carrier = "c"
az = "z"
channels = 50
[[link]]
carrier = "d"
az = "z"
channels = 50
mtbf = "10h"
mttr = "1h"
[[number]]
name = "tf"
type = "toll-free"
carriers = ["c"]
[[number]]
name = "bank"
type = "did"
carrier = "d"
count = 4
[[traffic]]
number = "tf"
arrivals = { kind = "poisson", calls_per_hour = 300 }
holding = { kind = "exponential", mean = "3m" }
[[traffic]]
number = "bank"
arrivals = { kind = "poisson", calls_per_hour = 100 }
holding = { kind = "exponential", mean = "3m" }
"#,
    );
    let e = exact(&m, 7.0 * DAY).unwrap();
    assert_eq!(e.numbers[0].unavailability, 0.0);
    assert_eq!(e.numbers[0].nines, None);
    assert_eq!(e.numbers[0].mean_outage_s, None);
    assert!(close(e.banks[0].unavailability, 1.0 / 11.0, 1e-13));
    assert!(close(e.design.unavailability, 1.0 / 44.0, 1e-13), "{}", e.design.unavailability);
    assert!(close(e.design.outages_per_year, 0.25 * YEAR_S / (11.0 * H), 1e-12));
}

#[test]
fn seven_nines_keep_their_digits() {
    // Two carriers of U = 2/2162 each in parallel: U = 8.56e-7, 6.07 nines;
    // computed directly, not as 1 - A, so it matches r^2 to 1e-14.
    let m = model(
        r#"
[[az]]
name = "z"
[[carrier]]
name = "p"
mtbf = "90d"
mttr = "2h"
[[carrier]]
name = "q"
mtbf = "90d"
mttr = "2h"
[[link]]
carrier = "p"
az = "z"
channels = 1
[[link]]
carrier = "q"
az = "z"
channels = 1
[[number]]
name = "tf"
type = "toll-free"
carriers = ["p", "q"]
"#,
    );
    let r = 2.0 / 2162.0;
    let tf = exact(&m, DAY).unwrap().numbers[0];
    assert!(close(tf.unavailability, r * r, 1e-14), "{} vs {}", tf.unavailability, r * r);
}

#[test]
fn no_route_calls_integrate_the_rate_against_the_unavailability() {
    // The scheduled-outage DID above (6 h of 168 without a route) offered
    // 120 calls/h flat: 120 x 6 = 720 calls in the outage over 7 days.
    let flat = r#"
[[az]]
name = "z"
[[carrier]]
name = "c"
[[link]]
carrier = "c"
az = "z"
channels = 5
[[number]]
name = "d"
type = "did"
carrier = "c"
[[outage]]
target = "carrier:c"
start = "2d"
duration = "6h"
[[traffic]]
number = "d"
"#;
    let m = model(&format!(
        "{flat}arrivals = {{ kind = \"poisson\", calls_per_hour = 120 }}\nholding = {{ kind = \"exponential\", mean = \"3m\" }}\n"
    ));
    let calls = expected_no_route_calls(&m, 7.0 * DAY).unwrap();
    assert!(close(calls[0], 720.0, 1e-12), "{}", calls[0]);
    // A day profile of 10 calls/h at night (hours 0-7) and 100 by day:
    // the outage, 48 h in (00:00 to 06:00 of the third day), sees 6 x 10 = 60 calls.
    let mut hours: Vec<String> = (0..24).map(|h| if h < 8 { "10".to_string() } else { "100".to_string() }).collect();
    hours.truncate(24);
    let profile = format!(
        "arrivals = {{ kind = \"profile\", hourly = [{}] }}\nholding = {{ kind = \"exponential\", mean = \"3m\" }}\n",
        hours.join(", ")
    );
    let m = model(&format!("{flat}{profile}"));
    let calls = expected_no_route_calls(&m, 7.0 * DAY).unwrap();
    assert!(close(calls[0], 60.0, 1e-12), "{}", calls[0]);
}

/// Two regions (instances `east`, `west`, each `EAST` / `WEST` appended to
/// its inline table), a zone each, carriers `a` and `b` each with a link
/// into both zones; `NUMBERS` and anything else appended.
fn regional(east: &str, west: &str, rest: &str) -> Model {
    model(&format!(
        r#"
[[region]]
name = "r1"
instance = {{ name = "east"{east} }}
[[region]]
name = "r2"
instance = {{ name = "west"{west} }}
[[az]]
name = "z1"
region = "r1"
mtbf = "100d"
mttr = "3h"
[[az]]
name = "z2"
region = "r2"
[[carrier]]
name = "a"
mtbf = "60d"
mttr = "2h"
[[carrier]]
name = "b"
[[link]]
carrier = "a"
az = "z1"
channels = 10
mtbf = "20d"
mttr = "5h"
[[link]]
carrier = "a"
az = "z2"
channels = 10
[[link]]
carrier = "b"
az = "z1"
channels = 10
[[link]]
carrier = "b"
az = "z2"
channels = 10
mtbf = "10d"
mttr = "6h"
{rest}
"#
    ))
}

const FAILING: &str = r#", mtbf = "30d", mttr = "4h""#;

#[test]
fn an_instance_is_in_series_with_every_link_into_its_region() {
    // A DID of carrier b on east alone: its route is b/z1, needing the link
    // (no failure), zone z1 (100 d, 3 h) and east (30 d, 4 h):
    // A = (2400 / 2403) x (720 / 724) = 0.993218.
    let m = regional(FAILING, "", "[[number]]\nname = \"d\"\ntype = \"did\"\ncarrier = \"b\"\ninstance = \"east\"\n");
    let e = exact(&m, 7.0 * DAY).unwrap();
    let want = (2400.0 / 2403.0) * (720.0 / 724.0);
    assert!(close(e.numbers[0].availability, want, 1e-14), "{:?}", e.numbers[0]);
    assert!(close(e.numbers[0].unavailability, brute_unavailability(&m, 0), 1e-12));
    // Series: nu = a_east / cycle_z1 + a_z1 / cycle_east.
    let nu = (720.0 / 724.0) / (2403.0 * H) + (2400.0 / 2403.0) / (724.0 * H);
    assert!(close(e.numbers[0].outages_per_year, nu * YEAR_S, 1e-12));
    // East's own figures: 720 / 724, one outage per 724 h.
    assert!(close(e.instances[0].availability, 720.0 / 724.0, 1e-14));
    assert!(close(e.instances[0].outages_per_year, YEAR_S / (724.0 * H), 1e-12));
    assert_eq!(e.instances[1].unavailability, 0.0);
    // What calls see: reached = P(east up) x P(route up) = the structural figure.
    let c = e.calls[0].clone().unwrap();
    assert!(close(c.reached, want, 1e-14));
    assert!(close(c.no_route, 1.0 - want, 1e-9));
    assert_eq!(c.lost_in_failover, 0.0);
}

#[test]
fn a_group_over_two_failing_instances_matches_brute_force() {
    // Toll-free on a and b in a 50/50 group over both instances, each
    // failing: the structural figure (some route into an up instance)
    // against every one of the 2^7 states.
    for west in ["", FAILING, r#", mtbf = "5d", mttr = "1h""#] {
        let m = regional(
            FAILING,
            west,
            r#"
[[distribution_group]]
name = "g"
instances = ["east", "west"]
split = [50, 50]
[[number]]
name = "tf"
type = "toll-free"
carriers = ["a", "b"]
group = "g"
"#,
        );
        let e = exact(&m, 7.0 * DAY).unwrap();
        assert!(close(e.numbers[0].unavailability, brute_unavailability(&m, 0), 1e-12), "west {west}");
    }
}

#[test]
fn instant_failover_reaches_the_survivor_and_a_delay_loses_its_share() {
    // Only the instances fail (east 30 d / 4 h, west 5 d / 1 h), routes
    // never: a_e = 720/724, a_w = 120/121. With instant failover (d = b =
    // 0) a call is lost only when both are down: (4/724)(1/121) of calls,
    // the structural unavailability too. With failover "never" at 50/50,
    // each instance loses its half while down: 0.5 (4/724) + 0.5 (1/121).
    let body = |failover: &str| {
        format!(
            r#"
[[region]]
name = "r1"
instance = {{ name = "east", mtbf = "30d", mttr = "4h" }}
[[region]]
name = "r2"
instance = {{ name = "west", mtbf = "5d", mttr = "1h" }}
[[az]]
name = "z1"
region = "r1"
[[az]]
name = "z2"
region = "r2"
[[carrier]]
name = "a"
[[link]]
carrier = "a"
az = "z1"
channels = 10
[[link]]
carrier = "a"
az = "z2"
channels = 10
[[distribution_group]]
name = "g"
instances = ["east", "west"]
split = [50, 50]
failover = {failover}
[[number]]
name = "tf"
type = "toll-free"
carriers = ["a"]
group = "g"
[[traffic]]
number = "tf"
arrivals = {{ kind = "poisson", calls_per_hour = 100 }}
holding = {{ kind = "exponential", mean = "3m" }}
"#
        )
    };
    let (ue, uw) = (4.0 / 724.0, 1.0 / 121.0);
    let m = model(&body("{ after = \"0s\" }"));
    let e = exact(&m, 7.0 * DAY).unwrap();
    assert!(close(e.numbers[0].unavailability, ue * uw, 1e-12));
    let c = e.calls[0].clone().unwrap();
    assert!(close(c.lost_in_failover, ue * uw, 1e-12), "{c:?}");
    assert!(close(c.reached, 1.0 - ue * uw, 1e-14));
    let m = model(&body("\"never\""));
    let c = exact(&m, 7.0 * DAY).unwrap().calls[0].clone().unwrap();
    assert!(close(c.lost_in_failover, 0.5 * ue + 0.5 * uw, 1e-12), "{c:?}");
    assert!(close(c.reached + c.lost_in_failover + c.no_route, 1.0, 1e-14));
    // After 10 min, failing back after 10 min as well: between the two.
    let m = model(&body("{ after = \"10m\" }"));
    let c = exact(&m, 7.0 * DAY).unwrap().calls[0].clone().unwrap();
    assert!(c.lost_in_failover > ue * uw && c.lost_in_failover < 0.5 * ue + 0.5 * uw, "{c:?}");
    // Weibull repairs with a delay: no exact figure, named.
    let m = model(
        &body("{ after = \"10m\" }")
            .replace("mttr = \"4h\"", "mttr = \"4h\", time_to_repair = { kind = \"weibull\", shape = 2.0 }"),
    );
    assert!(matches!(exact(&m, 7.0 * DAY).unwrap().calls[0], Err(Unknown::Shape(ref n)) if n == "east"));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    /// Generated regional designs (two regions of two zones each, carriers a
    /// and b with a link into every zone; any of the instances, zones,
    /// carriers and links failing, with its own mtbf and mttr), a toll-free
    /// number or a DID claimed to east, to west or to a group: the exact
    /// unavailability is the brute-force sum over every state, and the
    /// outage rate is never negative.
    #[test]
    fn generated_regional_designs_match_brute_force(
        fails in proptest::collection::vec(proptest::option::of((1u32..60, 1u32..12)), 14),
        claim in 0usize..3,
        toll_free in proptest::bool::ANY,
    ) {
        let f = |k: usize| fails[k].map_or(String::new(), |(d, h)| format!(", mtbf = \"{d}d\", mttr = \"{h}h\""));
        let table = |k: usize| fails[k].map_or(String::new(), |(d, h)| format!("mtbf = \"{d}d\"\nmttr = \"{h}h\"\n"));
        let mut text = format!(
            "[[region]]\nname = \"r1\"\ninstance = {{ name = \"east\"{} }}\n[[region]]\nname = \"r2\"\ninstance = {{ name = \"west\"{} }}\n",
            f(0),
            f(1)
        );
        let zones = ["z1", "z2", "z3", "z4"];
        for (i, z) in zones.iter().enumerate() {
            text += &format!("[[az]]\nname = \"{z}\"\nregion = \"{}\"\n{}", if i < 2 { "r1" } else { "r2" }, table(2 + i));
        }
        for (i, c) in ["a", "b"].iter().enumerate() {
            text += &format!("[[carrier]]\nname = \"{c}\"\n{}", table(6 + i));
        }
        for (i, (c, z)) in [("a", "z1"), ("a", "z3"), ("b", "z2"), ("b", "z4"), ("a", "z2"), ("b", "z3")].iter().enumerate() {
            text += &format!("[[link]]\ncarrier = \"{c}\"\naz = \"{z}\"\nchannels = 10\n{}", table(8 + i));
        }
        text += "[[distribution_group]]\nname = \"g\"\ninstances = [\"east\", \"west\"]\nsplit = [70, 30]\n";
        let kind = if toll_free { "type = \"toll-free\"\ncarriers = [\"a\", \"b\"]" } else { "type = \"did\"\ncarrier = \"a\"" };
        let claim = ["instance = \"east\"", "instance = \"west\"", "group = \"g\""][claim];
        text += &format!("[[number]]\nname = \"n\"\n{kind}\n{claim}\n");
        let m = model(&text);
        let e = exact(&m, 7.0 * DAY).unwrap();
        let brute = brute_unavailability(&m, 0);
        proptest::prop_assert!(
            (e.numbers[0].unavailability - brute).abs() <= 1e-12 * brute.max(1e-300) + 1e-18,
            "exact {} vs brute force {brute}",
            e.numbers[0].unavailability
        );
        proptest::prop_assert!(e.numbers[0].outages_per_year >= 0.0);
        // Calls reach an instance no more often than the number has a route.
        if let Ok(c) = &e.calls[0] {
            proptest::prop_assert!(c.reached <= e.numbers[0].availability + 1e-12);
            proptest::prop_assert!((c.reached + c.lost_in_failover + c.no_route - 1.0).abs() < 1e-12);
        }
    }
}

#[test]
fn calls_are_weighted_by_when_they_arrive() {
    // Calls only from 08:00 to 18:00 (600 an hour); east is held down by a
    // scheduled outage of 1 h, failover after 20 min, 50/50. At night
    // (from 01:00) no call is lost; at 10:00 half the calls of 20 minutes
    // are: 0.5 x 200 of the 6000 a day = 1/60.
    let body = |start: &str| {
        format!(
            r#"
[[region]]
name = "r1"
instance = {{ name = "east" }}
[[region]]
name = "r2"
instance = {{ name = "west" }}
[[az]]
name = "z1"
region = "r1"
[[az]]
name = "z2"
region = "r2"
[[carrier]]
name = "c"
[[link]]
carrier = "c"
az = "z1"
channels = 100
[[link]]
carrier = "c"
az = "z2"
channels = 100
[[distribution_group]]
name = "g"
instances = ["east", "west"]
split = [50, 50]
failover = {{ after = "20m" }}
[[number]]
name = "tf"
type = "toll-free"
carriers = ["c"]
group = "g"
[[traffic]]
number = "tf"
holding = {{ kind = "exponential", mean = "3m" }}
[traffic.arrivals]
kind = "profile"
hourly = [0, 0, 0, 0, 0, 0, 0, 0, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 0, 0, 0, 0, 0, 0]
[[outage]]
target = "instance:east"
start = "{start}"
duration = "1h"
"#
        )
    };
    let lost = |start: &str| {
        let text = format!("[simulation]\nhorizon = \"1d\"\n{}", body(start));
        let m = Scenario::from_toml_str(&text, "weighted.toml").unwrap_or_else(|e| panic!("{e}")).model;
        exact(&m, DAY).unwrap().calls[0].clone().unwrap()
    };
    assert_eq!(lost("1h").lost_in_failover, 0.0);
    let noon = lost("10h");
    assert!(close(noon.lost_in_failover, 1.0 / 60.0, 1e-12), "{noon:?}");
    assert!(close(noon.reached, 59.0 / 60.0, 1e-12), "{noon:?}");
    assert_eq!(noon.no_route, 0.0);
}

#[test]
fn a_lone_instance_with_failures_and_an_outage_is_exact_and_a_group_member_is_not() {
    // East (30 d / 4 h) also held down 1 h of the 7-day horizon: up
    // (167/168)(720/724) of the time, at any shapes; a DID on it alone
    // reaches it that often (its routes never fail). In a group with a
    // failover delay the same instance has no formula: `Mixed`.
    let outage = "[[outage]]\ntarget = \"instance:east\"\nstart = \"2d\"\nduration = \"1h\"\n";
    let m = regional(
        FAILING,
        "",
        &format!("[[number]]\nname = \"d\"\ntype = \"did\"\ncarrier = \"b\"\ninstance = \"west\"\n{outage}"),
    );
    let e = exact(&m, 7.0 * DAY).unwrap();
    let want = (167.0 / 168.0) * (720.0 / 724.0);
    assert!(close(e.instances[0].availability, want, 1e-14), "{:?}", e.instances[0]);
    // West's DID: route b/z2 (link 10 d / 6 h), west never fails: 240/246.
    let c = e.calls[0].clone().unwrap();
    assert!(close(c.reached, 240.0 / 246.0, 1e-14), "{c:?}");
    let m = regional(
        FAILING,
        "",
        &format!("[[number]]\nname = \"d\"\ntype = \"did\"\ncarrier = \"b\"\ninstance = \"east\"\n{outage}"),
    );
    // East's DID: route b/z1 (the link never fails, zone z1 100 d / 3 h)
    // into east: east's figure x 2400/2403, and the structural figure too.
    let e = exact(&m, 7.0 * DAY).unwrap();
    let c = e.calls[0].clone().unwrap();
    assert!(close(c.reached, want * 2400.0 / 2403.0, 1e-14), "{c:?}");
    assert!(close(e.numbers[0].availability, want * 2400.0 / 2403.0, 1e-14), "{:?}", e.numbers[0]);
    let m = regional(
        FAILING,
        "",
        &format!(
            "[[distribution_group]]\nname = \"g\"\ninstances = [\"east\", \"west\"]\nfailover = {{ after = \"5m\" }}\n\
             [[number]]\nname = \"d\"\ntype = \"did\"\ncarrier = \"b\"\ngroup = \"g\"\n{outage}"
        ),
    );
    assert_eq!(exact(&m, 7.0 * DAY).unwrap().calls[0], Err(Unknown::Mixed("east".into())));
}
