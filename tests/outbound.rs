//! Outbound dials and campaigns against theory (issue #16): dials share
//! the number's cap (and the instance quota) with inbound calls, so a
//! shared pool is one Erlang B system of the summed load; a campaign with
//! its own quota is a second, independent one. Every check is a 99.9%
//! Student-t interval over replications with fixed seeds
//! (`common::within_999`), as in tests/queues.rs.

mod common;

use callsim::experiment::run_replications;
use callsim::scenario::Scenario;
use callsim::sim::{BlockCause, OutboundOutcome, ReplicationOutcome};
use callsim::stats::erlang::erlang_b;
use common::within_999;

/// Replications of each design.
const REPLICATIONS: u64 = 20;
/// Mean holding of a carried dial, seconds: 70% answered x 180 s of talk
/// + 30% unanswered x 20 s of ringing = 126 + 6 = 132 s.
const DIAL_HOLD_S: f64 = 0.7 * 180.0 + 0.3 * 20.0;

/// Dials per hour that offer `erlangs` at `DIAL_HOLD_S` each.
fn dials_per_hour(erlangs: f64) -> f64 {
    erlangs * 3600.0 / DIAL_HOLD_S
}

/// One DID on ample trunks (1,000 channels): 1,400 inbound calls an hour
/// of exponential 3-minute holding (70 Erlangs, no IVR) and dials offering
/// `outbound_erlangs`; `number_extra` goes into the `[[number]]`,
/// `instance` into `[instance]`, `outbound_extra` into the `[[outbound]]`.
fn design(outbound_erlangs: f64, number_extra: &str, instance: &str, outbound_extra: &str) -> Scenario {
    let rate = dials_per_hour(outbound_erlangs);
    let text = format!(
        "[simulation]\nhorizon = \"5d\"\nwarmup = \"2h\"\nreplications = 20\nseed = 1616\n\
         [instance]\n{instance}\n\
         [[az]]\nname = \"a\"\n[[carrier]]\nname = \"c\"\n[[link]]\ncarrier = \"c\"\naz = \"a\"\nchannels = 1000\n\
         [[number]]\nname = \"n\"\ntype = \"did\"\ncarrier = \"c\"\n{number_extra}\n\
         [[traffic]]\nnumber = \"n\"\narrivals = {{ kind = \"poisson\", calls_per_hour = 1400 }}\n\
         holding = {{ kind = \"exponential\", mean = \"3m\" }}\n\
         [[outbound]]\nname = \"renewals\"\nnumber = \"n\"\narrivals = {{ kind = \"poisson\", calls_per_hour = {rate} }}\n\
         answer_probability = 0.7\ntalk = {{ kind = \"exponential\", mean = \"3m\" }}\nring = \"20s\"\n{outbound_extra}\n"
    );
    Scenario::from_toml_str(&text, "outbound.toml").expect("valid")
}

fn run(s: &Scenario) -> Vec<ReplicationOutcome> {
    run_replications(s, 0..REPLICATIONS)
}

/// Per-replication inbound blocking of number 0.
fn inbound_blocking(o: &[ReplicationOutcome]) -> Vec<f64> {
    o.iter().map(|r| r.numbers[0].blocking_probability).collect()
}

/// Per-replication values of `f` over number 0's dials.
fn dials(o: &[ReplicationOutcome], f: impl Fn(&OutboundOutcome) -> f64) -> Vec<f64> {
    o.iter().map(|r| f(r.numbers[0].outbound.as_ref().expect("the number dials"))).collect()
}

#[test]
fn inbound_and_outbound_share_the_cap_as_one_erlang_b_system() {
    // 70 + 14.06 = 84.06 Erlangs on a cap of 100: B(100, 84.06) = 1.0% for
    // both directions (Poisson arrivals see time averages; Erlang B is
    // insensitive to the holding-time distribution, here a mix of talk and
    // ringing).
    let b = erlang_b(100, 84.06);
    assert!((b - 0.010).abs() < 0.0005, "B(100, 84.06) = {b}");
    let o = run(&design(14.06, "max_concurrent = 100", "", ""));
    within_999(&inbound_blocking(&o), b, "inbound blocking");
    within_999(&dials(&o, |d| d.blocking_probability), b, "outbound blocking");
    for r in &o {
        let d = r.numbers[0].outbound.as_ref().unwrap();
        // Every blocked dial met the cap; dials are conserved.
        assert_eq!(d.blocked, d.blocked_by[BlockCause::NumberCap]);
        assert_eq!(d.carried_in + d.dialled, d.completed + d.blocked + d.dropped + d.in_progress);
        assert_eq!(d.carried, d.dialled - (d.blocked - d.blocked_by[BlockCause::QueueFull]));
        // Inbound conservation ignores the dials.
        let n = &r.numbers[0];
        assert_eq!(n.carried_in + n.offered, n.completed + n.blocked + n.dropped + n.in_progress);
    }
    // The answer rate seen is the one given.
    within_999(&dials(&o, |d| d.answered as f64 / d.carried as f64), 0.7, "answered share");
    // Carried load on the number: 84.06 (1 - B) Erlangs, inbound and outbound.
    let busy: Vec<f64> = o.iter().map(|r| r.numbers[0].mean_concurrency).collect();
    within_999(&busy, 84.06 * (1.0 - b), "calls in progress on the number");
}

#[test]
fn the_instance_quota_is_shared_with_dials_by_default() {
    // Same pool, now the instance's quota of 100 (no cap on the number):
    // blocked as instance_quota in both directions, at B(100, 84.06).
    let b = erlang_b(100, 84.06);
    let o = run(&design(14.06, "max_concurrent = 100000", "max_concurrent_calls = 100", ""));
    within_999(&inbound_blocking(&o), b, "inbound blocking");
    within_999(&dials(&o, |d| d.blocking_probability), b, "outbound blocking");
    for r in &o {
        let d = r.numbers[0].outbound.as_ref().unwrap();
        assert_eq!(d.blocked, d.blocked_by[BlockCause::InstanceQuota]);
    }
}

#[test]
fn a_campaign_with_its_own_quota_is_a_second_erlang_b_system() {
    // Inbound: 70 Erlangs on the instance's quota of 80: B(80, 70).
    // Campaign: 14.06 Erlangs on its own quota of 18: B(18, 14.06).
    // The number (no binding cap) and trunks are ample, so the two systems
    // are independent: neither's calls count against the other's quota.
    let (bi, bo) = (erlang_b(80, 70.0), erlang_b(18, 14.06));
    assert!(bi > 0.02 && bo > 0.04, "both systems block measurably: {bi}, {bo}");
    let o = run(&design(14.06, "max_concurrent = 100000", "max_concurrent_calls = 80", "max_concurrent_calls = 18"));
    within_999(&inbound_blocking(&o), bi, "inbound blocking, instance quota");
    within_999(&dials(&o, |d| d.blocking_probability), bo, "campaign blocking, its own quota");
    for r in &o {
        let (n, d) = (&r.numbers[0], r.numbers[0].outbound.as_ref().unwrap());
        assert_eq!(n.blocked, n.blocked_by[BlockCause::InstanceQuota]);
        assert_eq!(d.blocked, d.blocked_by[BlockCause::CampaignQuota]);
    }
    // The instance's occupancy counts inbound calls only: 70 (1 - B(80, 70)).
    let inst: Vec<f64> = o.iter().map(|r| r.instance.mean_concurrency).collect();
    within_999(&inst, 70.0 * (1.0 - bi), "instance calls (inbound only)");
}

#[test]
fn a_design_without_outbound_reports_no_dials() {
    let text = "[[az]]\nname = \"a\"\n[[carrier]]\nname = \"c\"\n[[link]]\ncarrier = \"c\"\naz = \"a\"\nchannels = 10\n\
                [[number]]\nname = \"n\"\ntype = \"did\"\ncarrier = \"c\"\n\
                [[traffic]]\nnumber = \"n\"\narrivals = { kind = \"poisson\", calls_per_hour = 10 }\n\
                holding = { kind = \"exponential\", mean = \"3m\" }\n\
                [simulation]\nhorizon = \"1d\"\n";
    let s = Scenario::from_toml_str(text, "plain.toml").expect("valid");
    assert!(run_replications(&s, 0..2).iter().all(|r| r.numbers[0].outbound.is_none()));
}

#[test]
fn same_seed_same_dials() {
    let s = design(14.06, "max_concurrent = 100", "", "");
    assert_eq!(run_replications(&s, 0..2), run_replications(&s, 0..2));
}

#[test]
fn bad_outbound_input_names_its_key() {
    let base = "[[az]]\nname = \"a\"\n[[carrier]]\nname = \"c\"\n[[link]]\ncarrier = \"c\"\naz = \"a\"\nchannels = 10\n\
                [[number]]\nname = \"n\"\ntype = \"did\"\ncarrier = \"c\"\n";
    for (extra, key) in [
        (
            "number = \"n\"\narrivals = { kind = \"poisson\", calls_per_hour = 10 }\nanswer_probability = 1.2\ntalk = { kind = \"fixed\", value = \"1m\" }",
            "outbound[0].answer_probability",
        ),
        (
            "number = \"nope\"\narrivals = { kind = \"poisson\", calls_per_hour = 10 }\nanswer_probability = 0.5\ntalk = { kind = \"fixed\", value = \"1m\" }",
            "outbound[0].number",
        ),
        (
            "number = \"n\"\narrivals = { kind = \"poisson\", calls_per_hour = -3 }\nanswer_probability = 0.5\ntalk = { kind = \"fixed\", value = \"1m\" }",
            "outbound[0].arrivals.calls_per_hour",
        ),
        (
            "number = \"n\"\narrivals = { kind = \"poisson\", calls_per_hour = 10 }\nanswer_probability = 0.5\nqueue = \"q\"",
            "outbound[0].queue",
        ),
        (
            "number = \"n\"\narrivals = { kind = \"poisson\", calls_per_hour = 10 }\nanswer_probability = 0.5\ntalk = { kind = \"fixed\", value = \"1m\" }\nmax_concurrent_calls = 0",
            "outbound[0].max_concurrent_calls",
        ),
    ] {
        let text = format!("{base}[[outbound]]\n{extra}\n");
        let err = Scenario::from_toml_str(&text, "bad.toml").expect_err("invalid");
        assert!(format!("{err}").contains(key), "{err} should name {key}");
    }
}
