//! Regions, regional instances and traffic distribution groups (issue #15),
//! against theory: Erlang B by Poisson splitting, and calls lost during
//! failover.

mod common;

use callsim::experiment::run_replication;
use callsim::scenario::Scenario;
use callsim::sim::{BlockCause, DropCause, ReplicationOutcome};
use common::{erlang_b, within_999};

/// Offered load of the Erlang B tests, Erlangs: 1681.2 calls/h x 3 min.
const A: f64 = 84.06;

/// One toll-free number on carrier `c` with a trunk of 5000 channels into
/// one zone of each of two regions (instances `east` and `west`, their keys
/// `east` / `west` appended), offered 1681.2 calls/h of 3 min (84.06 E);
/// `claim` is the number's `instance = ...` or `group = ...` line, `extra`
/// anything else (a group, outages).
fn design(east: &str, west: &str, claim: &str, extra: &str, horizon: &str, reps: u32) -> Scenario {
    let text = design_text(east, west, claim, extra, horizon, reps);
    Scenario::from_toml_str(&text, "regions.toml").unwrap_or_else(|e| panic!("{e}"))
}

/// The text of [`design`].
fn design_text(east: &str, west: &str, claim: &str, extra: &str, horizon: &str, reps: u32) -> String {
    format!(
        r#"[simulation]
horizon = "{horizon}"
warmup = "1h"
replications = {reps}
seed = 15
[[region]]
name = "us-east-1"
instance = {{ name = "east"{east} }}
[[region]]
name = "us-west-2"
instance = {{ name = "west"{west} }}
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
channels = 5000
[[link]]
carrier = "c"
az = "usw2-az1"
channels = 5000
[[number]]
name = "tf"
type = "toll-free"
carriers = ["c"]
{claim}
[[traffic]]
number = "tf"
arrivals = {{ kind = "poisson", calls_per_hour = 1681.2 }}
holding = {{ kind = "exponential", mean = "3m" }}
{extra}
"#
    )
}

fn group(split: &str, failover: &str) -> String {
    format!(
        "[[distribution_group]]\nname = \"tdg\"\ninstances = [\"east\", \"west\"]\nsplit = {split}\nfailover = {failover}\n"
    )
}

fn outcomes(s: &Scenario) -> Vec<ReplicationOutcome> {
    (0..s.simulation().replications() as u64).map(|k| run_replication(s, k)).collect()
}

/// Per replication: blocked / offered of `f(outcome)`'s counts.
fn ratio(outs: &[ReplicationOutcome], f: impl Fn(&ReplicationOutcome) -> (u64, u64)) -> Vec<f64> {
    outs.iter().map(f).map(|(b, n)| b as f64 / n as f64).collect()
}

const QUOTA: &str = ", max_concurrent_calls = 50";

#[test]
fn a_group_splits_calls_as_poisson_streams_each_blocked_by_erlang_b() {
    // Poisson splitting: a share p of a Poisson stream is Poisson, so at
    // p = 0.5 each instance is a loss system of 50 offered 42.03 E:
    // B(50, 42.03) = 3.07%. At 60/40: east 0.6 x 84.06 = 50.436 E,
    // B(50, 50.436) = 10.96%; west 33.624 E, B(50, 33.624) = 0.18%; the
    // number 0.6 x 10.96% + 0.4 x 0.18% = 6.65%.
    for (split, p) in [("[50, 50]", 0.5), ("[60, 40]", 0.6)] {
        let s = design(QUOTA, QUOTA, "group = \"tdg\"", &group(split, "{ after = \"0s\" }"), "2d", 10);
        let outs = outcomes(&s);
        let (be, bw) = (erlang_b(50, p * A), erlang_b(50, (1.0 - p) * A));
        let want = p * be + (1.0 - p) * bw;
        within_999(&ratio(&outs, |o| (o.numbers[0].blocked, o.numbers[0].offered)), want, split);
        for (i, b) in [(0, be), (1, bw)] {
            let per = ratio(&outs, |o| (o.instances[i].blocked_by[BlockCause::InstanceQuota], o.instances[i].offered));
            within_999(&per, b, &format!("{split}, instance {i}"));
        }
        // The split itself: east receives p of the calls.
        let share = ratio(&outs, |o| (o.instances[0].offered, o.numbers[0].offered));
        within_999(&share, p, &format!("{split}, share"));
    }
    assert!((erlang_b(50, 42.03) - 0.0307).abs() < 5e-5);
    assert!((erlang_b(50, 50.436) - 0.1096).abs() < 5e-5);
    assert!((erlang_b(50, 33.624) - 0.0018).abs() < 5e-5);
}

#[test]
fn one_instance_of_50_blocks_as_erlang_b_and_the_pooled_100_as_well() {
    // Everything on east's 50: B(50, 84.06) = 42.07%; a quota of 100: 1.0%.
    for (quota, want) in [(50, erlang_b(50, A)), (100, erlang_b(100, A))] {
        let east = format!(", max_concurrent_calls = {quota}");
        let s = design(&east, QUOTA, "instance = \"east\"", "", "2d", 10);
        let outs = outcomes(&s);
        within_999(&ratio(&outs, |o| (o.numbers[0].blocked, o.numbers[0].offered)), want, &format!("quota {quota}"));
        assert!(outs.iter().all(|o| o.instances[1].offered == 0), "west gets nothing");
    }
    assert!((erlang_b(50, A) - 0.4207).abs() < 5e-5);
    assert!((erlang_b(100, A) - 0.0100).abs() < 5e-4);
}

#[test]
fn a_scheduled_outage_loses_the_share_of_calls_until_failover() {
    // East down for 1 h from day 1; failover after 10 min. Calls sent to
    // east meanwhile are lost `failover`: rate x share x delay =
    // (1681.2 / 3600) x 0.5 x 600 = 140.1 per replication. The calls on
    // east when it fails drop `instance`: an infinite-server system holds
    // Poisson(0.5 x 84.06 = 42.03) calls.
    let outage = "[[outage]]\ntarget = \"instance:east\"\nstart = \"1d\"\nduration = \"1h\"\n";
    let extra = group("[50, 50]", "{ after = \"10m\" }") + outage;
    let s = design("", "", "group = \"tdg\"", &extra, "2d", 20);
    let outs = outcomes(&s);
    let lost: Vec<f64> = outs.iter().map(|o| o.numbers[0].blocked_by[BlockCause::Failover] as f64).collect();
    within_999(&lost, 1681.2 / 3600.0 * 0.5 * 600.0, "lost during failover");
    let dropped: Vec<f64> = outs.iter().map(|o| o.instances[0].dropped_by[DropCause::Instance] as f64).collect();
    within_999(&dropped, 0.5 * A, "dropped by the instance's failure");
    for o in &outs {
        assert_eq!(o.numbers[0].dropped_by[DropCause::Instance], o.instances[0].dropped);
        assert_eq!(o.instances[1].dropped, 0);
        // East is down 1 h of 48: availability 47/48.
        assert!((o.instances[0].availability - 47.0 / 48.0).abs() < 1e-9);
        let n = &o.numbers[0];
        assert_eq!(n.carried_in + n.offered, n.completed + n.blocked + n.dropped + n.in_progress);
    }
    // With failover "never", the share is lost for the whole hour: 840.6.
    let never = group("[50, 50]", "\"never\"") + outage;
    let s = design("", "", "group = \"tdg\"", &never, "2d", 20);
    let lost: Vec<f64> = outcomes(&s).iter().map(|o| o.numbers[0].blocked_by[BlockCause::Failover] as f64).collect();
    within_999(&lost, 1681.2 / 3600.0 * 0.5 * 3600.0, "lost without failover");
}

#[test]
fn random_instance_failures_lose_rate_x_share_x_min_delay_outage() {
    // East fails with mtbf 2 d, mttr 1 h (exponential); failover after
    // d = 10 min. In the stationary regime east is down a fraction
    // mttr / (mtbf + mttr) = 1/49 of the time, and the age of a down period
    // is exponential of mean mttr, so it is down and not yet failed over a
    // fraction (1/49)(1 - exp(-d / mttr)) = 0.0031330: the expected loss is
    // rate x share x min(d, outage) per failure, i.e. over 20 days
    // 0.467 /s x 0.5 x 1 728 000 s x 0.0031330 = 1264 calls.
    let extra = group("[50, 50]", "{ after = \"10m\" }");
    let s = design(", mtbf = \"2d\", mttr = \"1h\"", "", "group = \"tdg\"", &extra, "20d", 30);
    let outs = outcomes(&s);
    let frac = (1.0 / 49.0) * (1.0 - (-600.0f64 / 3600.0).exp());
    let want = 1681.2 / 3600.0 * 0.5 * 20.0 * 86_400.0 * frac;
    let lost: Vec<f64> = outs.iter().map(|o| o.numbers[0].blocked_by[BlockCause::Failover] as f64).collect();
    within_999(&lost, want, "lost during failover, random failures");
    let avail: Vec<f64> = outs.iter().map(|o| o.instances[0].availability).collect();
    within_999(&avail, 48.0 / 49.0, "east's availability");
}

#[test]
fn a_split_changes_no_other_stream() {
    // Designs that differ only in the split keep common random numbers: the
    // same calls arrive (offered equal), only their instance changes.
    let a = design(QUOTA, QUOTA, "group = \"tdg\"", &group("[50, 50]", "{ after = \"0s\" }"), "1d", 1);
    let b = design(QUOTA, QUOTA, "group = \"tdg\"", &group("[60, 40]", "{ after = \"0s\" }"), "1d", 1);
    let (oa, ob) = (run_replication(&a, 0), run_replication(&b, 0));
    assert_eq!(oa.numbers[0].offered, ob.numbers[0].offered);
    assert!(oa.instances[0].offered < ob.instances[0].offered);
}

/// The problem text of a scenario that must be refused.
fn refused(east: &str, claim: &str, extra: &str) -> String {
    let text = design_text(east, "", claim, extra, "1d", 1);
    Scenario::from_toml_str(&text, "regions.toml").map(|_| ()).expect_err("refused").to_string()
}

#[test]
fn bad_regional_input_is_refused_naming_the_key() {
    let g = |split: &str, instances: &str| {
        format!("[[distribution_group]]\nname = \"tdg\"\ninstances = {instances}\nsplit = {split}\n")
    };
    let e = refused("", "group = \"tdg\"", &g("[55, 45]", "[\"east\", \"west\"]"));
    assert!(e.contains("distribution_group[0].split") && e.contains("10% steps"), "{e}");
    let e = refused("", "group = \"tdg\"", &g("[60, 30]", "[\"east\", \"west\"]"));
    assert!(e.contains("distribution_group[0].split") && e.contains("add up to 100"), "{e}");
    let e = refused("", "group = \"tdg\"", &g("[50, 50]", "[\"east\", \"east\"]"));
    assert!(e.contains("distribution_group[0].instances[1]") && e.contains("twice"), "{e}");
    let e = refused("", "", "[[az]]\nname = \"lost\"\n");
    assert!(e.contains("az[2].region") && e.contains("in none"), "{e}");
    let e = refused("", "", "");
    assert!(e.contains("number[0].instance"), "{e}");
}

#[test]
fn the_bundled_two_regions_scenario_runs_and_the_group_outlives_one_instance() {
    // scenarios/two-regions.toml: the same toll-free number on one instance,
    // in an active-active group (50/50) and an active-standby one (100/0),
    // both failing over after 10 min. Prints the figures the README quotes.
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/two-regions.toml");
    let s = Scenario::load(path).unwrap_or_else(|e| panic!("{e}"));
    let outs = outcomes(&s);
    let reps = outs.len() as f64;
    let mut lost_per_day = Vec::new();
    for (n, name) in ["tf-one", "tf-5050", "tf-1000"].iter().enumerate() {
        let mean = |f: &dyn Fn(&ReplicationOutcome) -> f64| outs.iter().map(f).sum::<f64>() / reps;
        let offered = mean(&|o| o.numbers[n].offered as f64);
        let failover = mean(&|o| o.numbers[n].blocked_by[BlockCause::Failover] as f64);
        let no_route = mean(&|o| o.numbers[n].blocked_by[BlockCause::NoRoute] as f64);
        let dropped = mean(&|o| o.numbers[n].dropped_by[DropCause::Instance] as f64);
        let availability = mean(&|o| o.numbers[n].availability);
        let lost = mean(&|o| (o.numbers[n].blocked + o.numbers[n].dropped) as f64) / offered;
        println!(
            "{name}: offered {offered:.0}, failover {failover:.1}, no_route {no_route:.1}, dropped by instance {dropped:.1}, lost {:.4}%, availability {:.5}%",
            100.0 * lost,
            100.0 * availability
        );
        lost_per_day.push(lost);
        for o in &outs {
            let m = &o.numbers[n];
            assert_eq!(m.carried_in + m.offered, m.completed + m.blocked + m.dropped + m.in_progress, "{name}");
        }
    }
    assert!(outs.iter().all(|o| o.numbers[0].blocked_by[BlockCause::Failover] == 0), "one instance: no group");
    assert!(lost_per_day[1] < lost_per_day[0], "the group loses less than one instance");
}

#[test]
fn calls_are_conserved_and_no_instance_exceeds_its_quota_over_every_split() {
    // Every split from 0/100 to 100/0, both instances failing (mtbf 6 h,
    // mttr 30 min), quotas of 30 and 40: per number carried_in + offered =
    // completed + blocked + dropped + in_progress; per instance offered =
    // carried + blocked and the peak within the quota.
    for tenths in 0..=10 {
        let split = format!("[{}, {}]", 10 * tenths, 100 - 10 * tenths);
        let extra = group(&split, "{ after = \"5m\" }").replace("failover", "failback = \"never\"\nfailover");
        let s = design(
            ", max_concurrent_calls = 30, mtbf = \"6h\", mttr = \"30m\"",
            ", max_concurrent_calls = 40, mtbf = \"6h\", mttr = \"30m\"",
            "group = \"tdg\"",
            &extra,
            "1d",
            2,
        );
        for o in outcomes(&s) {
            let n = &o.numbers[0];
            assert_eq!(n.carried_in + n.offered, n.completed + n.blocked + n.dropped + n.in_progress, "{split}");
            let sent: u64 = o.instances.iter().map(|i| i.offered).sum();
            assert_eq!(sent + n.blocked_by[BlockCause::NumberCap], n.offered, "{split}");
            for (i, quota) in [(0, 30), (1, 40)] {
                let x = &o.instances[i];
                assert_eq!(x.offered, x.carried + x.blocked, "{split}, instance {i}");
                assert!(x.peak_concurrency <= quota, "{split}, instance {i}: peak {}", x.peak_concurrency);
            }
            assert_eq!(n.dropped_by[DropCause::Instance], o.instances.iter().map(|i| i.dropped).sum::<u64>());
        }
    }
}

#[test]
fn the_json_report_lists_each_instance() {
    let s = design(QUOTA, QUOTA, "group = \"tdg\"", &group("[60, 40]", "{ after = \"0s\" }"), "6h", 2);
    let json = callsim::experiment::Runner::with_threads(1).run(&s).to_json();
    let v: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    let east = &v["instances"]["east"];
    assert_eq!(east["region"], "us-east-1");
    assert_eq!(east["max_concurrent_calls"], 50);
    // About 10.96% of east's calls blocked at its quota (a short run: loose check).
    let q = east["quota_blocking"]["mean"].as_f64().expect("a number");
    assert!(q > 0.03 && q < 0.25, "{q}");
    assert!(v["instances"]["west"]["offered"]["mean"].as_f64().expect("a number") > 0.0);
}

/// The exact figures of `s` over its horizon.
fn exact(s: &Scenario) -> callsim::availability::ExactAvailability {
    callsim::availability::exact(s.model(), s.simulation().horizon_s()).expect("few shared elements")
}

/// First-attempt calls expected over the horizon of `s` (1681.2 calls/h).
fn expected_offered(s: &Scenario) -> f64 {
    1681.2 / 3600.0 * s.simulation().horizon_s()
}

#[test]
fn the_exact_loss_in_failover_of_a_scheduled_outage_is_the_simulated_one() {
    // East down 1 h from day 1 of 2 (no random failure): exactly 47/48 up.
    // Failover after 10 min at 50/50: the share 0.5 of the calls in those
    // 600 s is lost, 140.1 of the 80 697.6 offered; "never": 840.6.
    let outage = "[[outage]]\ntarget = \"instance:east\"\nstart = \"1d\"\nduration = \"1h\"\n";
    for (failover, want) in [("{ after = \"10m\" }", 140.1), ("\"never\"", 840.6)] {
        let s = design("", "", "group = \"tdg\"", &(group("[50, 50]", failover) + outage), "2d", 20);
        let e = exact(&s);
        assert!((e.instances[0].availability - 47.0 / 48.0).abs() < 1e-15, "{:?}", e.instances[0]);
        assert_eq!(e.instances[0].outages_per_year, 365.25 / 2.0, "one outage in 2 days");
        let calls = e.calls[0].clone().expect("an exact figure");
        let lost = calls.lost_in_failover * expected_offered(&s);
        assert!((lost - want).abs() < 1e-9, "{failover}: {lost}");
        let outs = outcomes(&s);
        let sim: Vec<f64> = outs.iter().map(|o| o.numbers[0].blocked_by[BlockCause::Failover] as f64).collect();
        within_999(&sim, lost, failover);
        // Routes never fail and the survivor is always up: the number always has a route.
        assert_eq!(e.numbers[0].availability, 1.0);
        assert!(outs.iter().all(|o| o.numbers[0].availability == 1.0));
    }
}

#[test]
fn the_exact_figures_of_randomly_failing_instances_are_the_simulated_ones() {
    // East fails at random (mtbf 2 d, mttr 1 h, exponential), failover and
    // failback after 10 min, 50/50. East is up 48/49 (exact). The share
    // lost during failover is 0.5 x P(DU) with P(DU) = pi_u (1 - exp(-1/6)) / 49
    // = 0.00312383 (pi_u = 0.9970644: a failure within 10 min of failing
    // back finds east still shifted): 0.5 x 0.00312383 x 806 976 calls
    // offered in 20 days = 1260.43 per replication.
    let extra = group("[50, 50]", "{ after = \"10m\" }");
    let s = design(", mtbf = \"2d\", mttr = \"1h\"", "", "group = \"tdg\"", &extra, "20d", 30);
    let e = exact(&s);
    assert!((e.instances[0].availability - 48.0 / 49.0).abs() < 1e-15);
    let calls = e.calls[0].clone().expect("an exact figure");
    let lost = calls.lost_in_failover * expected_offered(&s);
    assert!((lost - 1260.43).abs() < 0.005, "{lost}");
    let outs = outcomes(&s);
    let sim: Vec<f64> = outs.iter().map(|o| o.numbers[0].blocked_by[BlockCause::Failover] as f64).collect();
    within_999(&sim, lost, "lost during failover");
    let avail: Vec<f64> = outs.iter().map(|o| o.instances[0].availability).collect();
    within_999(&avail, e.instances[0].availability, "east's availability");
    // West never fails: the number always has a route, and every call not
    // lost in failover reaches an instance.
    assert_eq!(e.numbers[0].availability, 1.0);
    assert!((calls.reached - (1.0 - calls.lost_in_failover)).abs() < 1e-15);
    assert!(outs.iter().all(|o| o.numbers[0].blocked_by[BlockCause::NoRoute] == 0));
}

#[test]
fn both_instances_failing_give_the_simulated_availability_and_losses() {
    // Both instances fail (east 12 h / 1 h, west 8 h / 30 min, exponential),
    // the carrier's link into east too (1 d / 2 h); failover 5 min, failback
    // 15 min, 70/30. Structural availability (some route into an up
    // instance), each instance's, and the shares of calls lost in failover
    // and for want of a route: exact against 20 replications of 10 days.
    let extra = group("[70, 30]", "{ after = \"5m\" }").replace("failover", "failback = { after = \"15m\" }\nfailover");
    let text = design_text(
        ", mtbf = \"12h\", mttr = \"1h\"",
        ", mtbf = \"8h\", mttr = \"30m\"",
        "group = \"tdg\"",
        &extra,
        "10d",
        20,
    )
    .replacen("channels = 5000\n", "channels = 5000\nmtbf = \"1d\"\nmttr = \"2h\"\n", 1);
    let s = Scenario::from_toml_str(&text, "regions.toml").unwrap_or_else(|e| panic!("{e}"));
    let e = exact(&s);
    // Structural: down when east or its link is down and west is down:
    // (1 - (12/13)(24/26)) x (1/17).
    let u = (1.0 - (12.0 / 13.0) * (12.0 / 13.0)) / 17.0;
    assert!((e.numbers[0].unavailability - u).abs() < 1e-15, "{:?}", e.numbers[0]);
    let calls = e.calls[0].clone().expect("an exact figure");
    let outs = outcomes(&s);
    let per_call = |f: &dyn Fn(&ReplicationOutcome) -> u64| ratio(&outs, |o| (f(o), o.numbers[0].offered));
    within_999(&per_call(&|o| o.numbers[0].blocked_by[BlockCause::Failover]), calls.lost_in_failover, "failover");
    within_999(&per_call(&|o| o.numbers[0].blocked_by[BlockCause::NoRoute]), calls.no_route, "no route");
    let avail: Vec<f64> = outs.iter().map(|o| o.numbers[0].availability).collect();
    within_999(&avail, e.numbers[0].availability, "the number's availability");
    // Outages (periods without a route into an up instance) overlapping the
    // window: P(down at its start) + nu x T, nu from Birnbaum's importance
    // with the instances as elements.
    // By hand: east (cycle 13 h) and its link (26 h) are critical while west
    // is down and the other up; west (8.5 h) while east or its link is down:
    // nu = (1/17)(12/13)/13 h + (1/17)(12/13)/26 h + (1 - (12/13)^2)/8.5 h.
    let h = 3_600.0;
    let nu = (1.0 / 17.0) * (12.0 / 13.0) / (13.0 * h)
        + (1.0 / 17.0) * (12.0 / 13.0) / (26.0 * h)
        + (1.0 - (12.0f64 / 13.0).powi(2)) / (8.5 * h);
    let years = s.simulation().horizon_s() / callsim::availability::YEAR_S;
    assert!((e.numbers[0].outages_per_year - nu * callsim::availability::YEAR_S).abs() < 1e-9, "{:?}", e.numbers[0]);
    let outages: Vec<f64> = outs.iter().map(|o| o.numbers[0].outages as f64).collect();
    within_999(&outages, e.numbers[0].unavailability + e.numbers[0].outages_per_year * years, "outages");
    for (i, a) in [(0, 12.0 / 13.0), (1, 16.0 / 17.0)] {
        assert!((e.instances[i].availability - a).abs() < 1e-15);
        let sim: Vec<f64> = outs.iter().map(|o| o.instances[i].availability).collect();
        within_999(&sim, a, &format!("instance {i}"));
    }
    let mean = |v: Vec<f64>| v.iter().sum::<f64>() / v.len() as f64;
    println!(
        "exact: availability {:.6}, lost in failover {:.6}, no route {:.6}; simulated: {:.6}, {:.6}, {:.6}",
        e.numbers[0].availability,
        calls.lost_in_failover,
        calls.no_route,
        mean(avail),
        mean(per_call(&|o| o.numbers[0].blocked_by[BlockCause::Failover])),
        mean(per_call(&|o| o.numbers[0].blocked_by[BlockCause::NoRoute])),
    );
}

#[test]
fn the_report_gives_regional_designs_exact_figures_and_null_where_none_holds() {
    let failing = ", max_concurrent_calls = 50, mtbf = \"2d\", mttr = \"1h\"";
    let s = design(failing, QUOTA, "group = \"tdg\"", &group("[50, 50]", "{ after = \"10m\" }"), "6h", 2);
    let report = callsim::experiment::Runner::with_threads(1).run(&s);
    assert_eq!(report.exact_availability, Some(1.0), "west never fails and the routes neither");
    let json: serde_json::Value = serde_json::from_str(&report.to_json()).expect("valid JSON");
    let tf = &json["numbers"]["tf"];
    let lost = tf["exact_lost_in_failover"].as_f64().expect("a number");
    assert!(lost > 0.0 && lost < 0.5 / 49.0, "{lost}");
    assert!(tf["exact_call_availability"].as_f64().expect("a number") < 1.0);
    assert!((json["instances"]["east"]["exact_availability"].as_f64().expect("a number") - 48.0 / 49.0).abs() < 1e-15);
    // The table and the CSV carry them too.
    let table = callsim::report::to_table(&report);
    assert!(table.contains("calls reach, exact (%)") && table.contains("lost in failover, exact (%)"), "{table}");
    let csv = callsim::report::to_csv(&report);
    let value = |prefix: &str| -> f64 {
        let line = csv.lines().find(|l| l.starts_with(prefix)).unwrap_or_else(|| panic!("no {prefix} row"));
        line.split(',').nth(3).expect("a mean column").parse().expect("a number")
    };
    assert!((value("regional_instance,east,exact_availability,") - 48.0 / 49.0).abs() < 1e-12);
    assert!((value("number,tf,exact_lost_in_failover,") - lost).abs() < 1e-12);
    // Weibull repairs with a failover delay: no formula, so null (never a wrong figure).
    let weibull =
        failing.replace("mttr = \"1h\"", "mttr = \"1h\", time_to_repair = { kind = \"weibull\", shape = 2.0 }");
    let s = design(&weibull, QUOTA, "group = \"tdg\"", &group("[50, 50]", "{ after = \"10m\" }"), "6h", 2);
    let json: serde_json::Value =
        serde_json::from_str(&callsim::experiment::Runner::with_threads(1).run(&s).to_json()).expect("valid JSON");
    assert!(json["numbers"]["tf"]["exact_lost_in_failover"].is_null());
    assert!(json["numbers"]["tf"]["exact_call_availability"].is_null());
    assert!(json["numbers"]["tf"]["exact_availability"].is_number(), "the structural figure needs no shape");
    let table = callsim::report::to_table(&callsim::experiment::Runner::with_threads(1).run(&s));
    assert!(table.lines().any(|l| l.starts_with("tf") && l.contains("unknown")), "{table}");
}

#[test]
fn the_table_and_csv_reports_list_each_instance() {
    let s = design(QUOTA, QUOTA, "group = \"tdg\"", &group("[60, 40]", "{ after = \"0s\" }"), "6h", 2);
    let report = callsim::experiment::Runner::with_threads(1).run(&s);
    let table = callsim::report::to_table(&report);
    let block = table.split("\n\n").find(|b| b.starts_with("Instances")).expect("an Instances table");
    let rows: Vec<&str> = block.lines().skip(2).collect();
    assert_eq!(rows.len(), 2, "{block}");
    assert!(rows[0].starts_with("east") && rows[0].contains("us-east-1"), "{block}");
    assert!(rows[1].starts_with("west") && rows[1].contains("us-west-2"), "{block}");
    let csv = callsim::report::to_csv(&report);
    for metric in ["offered", "carried", "quota_blocking", "lost_in_failover", "dropped_by_instance", "availability"] {
        for name in ["east", "west"] {
            let prefix = format!("regional_instance,{name},{metric},");
            assert!(csv.lines().any(|l| l.starts_with(&prefix)), "no {prefix} row");
        }
    }
    // The quota's blocking on east (about 10.96% at 60/40) is the JSON's figure.
    let east = &report.instances.0.iter().find(|(n, _)| n == "east").expect("east").1;
    let line = csv.lines().find(|l| l.starts_with("regional_instance,east,quota_blocking,")).expect("row");
    let mean: f64 = line.split(',').nth(3).expect("a mean column").parse().expect("a number");
    assert!((mean - east.quota_blocking.mean).abs() < 1e-9, "{line}");
}

#[test]
fn an_instance_outage_has_its_lane_in_the_timeline_and_the_html_report() {
    // East down for 1 h from day 1 of a 2-day window (warm-up 1 h): the
    // traced timeline has exactly that period on east, none on west, and
    // the HTML report's outage chart shows an "instance down" lane.
    let outage = "[[outage]]\ntarget = \"instance:east\"\nstart = \"1d\"\nduration = \"1h\"\n";
    let s = design("", "", "group = \"tdg\"", &(group("[50, 50]", "{ after = \"10m\" }") + outage), "2d", 2);
    let settings = callsim::experiment::run_settings(&s);
    let mut tracer = callsim::sim::Tracer::new(s.model(), &settings, 48);
    callsim::sim::run_replication_with(s.model(), &settings, 0, &mut tracer).expect("fits the queue");
    let timeline = tracer.finish();
    assert_eq!(timeline.instance_outages, vec![vec![(86_400.0, 90_000.0)], vec![]]);
    let report = callsim::experiment::Runner::with_threads(1).run(&s);
    let html = callsim::report::html::run_html(&s, &report, Some((&timeline, 0)));
    assert!(html.contains("instance down"), "the outage chart names the instance lane");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]

    /// Generated regional designs: quotas, any split in 10% steps, failover
    /// and failback delays (or none), instances failing at random or not.
    /// Whatever the design, calls are conserved per number and per
    /// instance, no instance holds more calls than its quota, and the
    /// number's drops by instance failures are the instances' drops.
    #[test]
    fn generated_regional_designs_conserve_calls_and_respect_each_quota(
        quotas in (5u32..80, 5u32..80),
        tenths in 0u32..=10,
        failover_min in proptest::option::of(0u32..60),
        failback_min in proptest::option::of(0u32..60),
        mtbf_h in (proptest::option::of(2u32..48), proptest::option::of(2u32..48)),
        seed in 0u64..1000,
    ) {
        let inst = |quota: u32, mtbf: Option<u32>| match mtbf {
            Some(h) => format!(", max_concurrent_calls = {quota}, mtbf = \"{h}h\", mttr = \"40m\""),
            None => format!(", max_concurrent_calls = {quota}"),
        };
        let delay = |m: Option<u32>| m.map_or_else(|| "\"never\"".to_string(), |m| format!("{{ after = \"{m}m\" }}"));
        let split = format!("[{}, {}]", 10 * tenths, 100 - 10 * tenths);
        let extra = group(&split, &delay(failover_min))
            .replace("failover =", &format!("failback = {}\nfailover =", delay(failback_min)));
        let text = design_text(&inst(quotas.0, mtbf_h.0), &inst(quotas.1, mtbf_h.1), "group = \"tdg\"", &extra, "12h", 1)
            .replace("seed = 15", &format!("seed = {seed}"));
        let s = Scenario::from_toml_str(&text, "generated.toml").expect("a valid generated design");
        for o in outcomes(&s) {
            let n = &o.numbers[0];
            proptest::prop_assert_eq!(n.carried_in + n.offered, n.completed + n.blocked + n.dropped + n.in_progress);
            let sent: u64 = o.instances.iter().map(|i| i.offered).sum();
            proptest::prop_assert_eq!(sent + n.blocked_by[BlockCause::NumberCap], n.offered);
            for (x, quota) in o.instances.iter().zip([quotas.0, quotas.1]) {
                proptest::prop_assert_eq!(x.offered, x.carried + x.blocked);
                proptest::prop_assert!(x.peak_concurrency <= quota, "peak {} over quota {}", x.peak_concurrency, quota);
            }
            proptest::prop_assert_eq!(n.dropped_by[DropCause::Instance], o.instances.iter().map(|i| i.dropped).sum::<u64>());
        }
    }
}

#[test]
fn compare_pairs_each_instance_of_the_same_name() {
    // Baseline: the number on east alone (quota 50, 84.06 E): B(50, 84.06)
    // = 42.07% of east's calls blocked at its quota. Design: a 50/50 group
    // over east and west: B(50, 42.03) = 3.07% on east, which receives half
    // the calls. Both differences are paired per replication, significant,
    // in the JSON, the CSV and the table.
    let one = design(QUOTA, QUOTA, "instance = \"east\"", "", "1d", 8);
    let two = design(QUOTA, QUOTA, "group = \"tdg\"", &group("[50, 50]", "{ after = \"0s\" }"), "1d", 8);
    let runner = callsim::experiment::Runner::with_threads(1);
    let c = callsim::experiment::compare::compare(&[("one".into(), one), ("two".into(), two)], &runner).unwrap();
    let find = |name: &str, metric: &str| {
        (c.differences.iter())
            .find(|d| d.section == "instance" && d.name == name && d.metric == metric)
            .unwrap_or_else(|| panic!("no instance difference {name}.{metric}"))
    };
    let q = find("east", "quota_blocking");
    assert!(q.significant, "{q:?}");
    let h = q.baseline.ci95.expect("8 replications");
    assert!((q.baseline.mean - erlang_b(50, A)).abs() < 4.0 * h, "{q:?}");
    assert!((q.value.mean - erlang_b(50, A / 2.0)).abs() < 4.0 * q.value.ci95.expect("an interval"), "{q:?}");
    assert!((q.difference.mean - (q.value.mean - q.baseline.mean)).abs() < 1e-12);
    let offered = find("east", "offered");
    assert!(offered.significant && offered.difference.mean < 0.0, "{offered:?}");
    // West receives calls only in the group.
    let west = find("west", "offered");
    assert_eq!(west.baseline.mean, 0.0);
    assert!(west.value.mean > 0.0);
    for metric in callsim::experiment::compare::INSTANCE_METRICS.map(|(m, _)| m) {
        find("east", metric);
    }
    let json: serde_json::Value =
        serde_json::from_str(&callsim::report::experiments::comparison_json(&c)).expect("valid JSON");
    let rows = json["differences"].as_array().expect("differences");
    assert!(rows.iter().any(|d| d["section"] == "instance" && d["name"] == "east" && d["metric"] == "quota_blocking"));
    let csv = callsim::report::experiments::comparison_csv(&c);
    assert!(csv.lines().any(|l| l.starts_with("two,instance,east,quota_blocking,")), "{csv}");
    let table = callsim::report::experiments::comparison_table(&c);
    assert!(table.lines().any(|l| l.contains("instance") && l.contains("east") && l.contains("quota_blocking")));
}
