//! Forwarding: calls dialled to a legacy number are forwarded to a callsim
//! number; each needs both legs up and counts against both.

mod common;

use callsim::sim::BlockCause;
use common::{erlang_b, within_999};

use callsim::experiment::run_replication;
use callsim::scenario::Scenario;

/// A legacy DID on carrier "legacy" forwarded to a claimed DID on carrier
/// "new" (cap `cap`); 480 calls/h x 1 min = 8 Erlangs dialled to the legacy number.
fn migration(cap: u32, extra: &str) -> Scenario {
    let text = format!(
        "[simulation]\nhorizon = \"7d\"\nwarmup = \"1h\"\nreplications = 10\nseed = 12\n[[az]]\nname = \"a\"\n[[carrier]]\nname = \"legacy\"\n[[carrier]]\nname = \"new\"\n[[link]]\ncarrier = \"legacy\"\naz = \"a\"\nchannels = 200\n[[link]]\ncarrier = \"new\"\naz = \"a\"\nchannels = 200\n[[number]]\nname = \"legacy-main\"\ntype = \"did\"\ncarrier = \"legacy\"\nmax_concurrent = 100\n[[number]]\nname = \"main\"\ntype = \"did\"\ncarrier = \"new\"\nmax_concurrent = {cap}\n[[traffic]]\nnumber = \"legacy-main\"\narrivals = {{ kind = \"poisson\", calls_per_hour = 480 }}\nholding = {{ kind = \"exponential\", mean = \"1m\" }}\n[[forward]]\nfrom = \"legacy-main\"\nto = \"main\"\n{extra}"
    );
    Scenario::from_toml_str(&text, "migration.toml").unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn a_forwarded_call_counts_against_both_numbers() {
    // The claimed number's cap of 10 binds the forwarded traffic: blocking
    // at the dialled number is Erlang B(10, 8) = 0.1217, all number_cap, and
    // the claimed number carries those calls: its mean concurrency is
    // 8 (1 - B) although nobody dials it directly.
    let s = migration(10, "");
    let runs: Vec<_> = (0..10).map(|k| run_replication(&s, k)).collect();
    let b = erlang_b(10, 8.0);
    within_999(
        &runs.iter().map(|o| o.numbers[0].blocking_probability).collect::<Vec<_>>(),
        b,
        "blocking of the dialled number",
    );
    within_999(
        &runs.iter().map(|o| o.numbers[1].mean_concurrency).collect::<Vec<_>>(),
        8.0 * (1.0 - b),
        "claimed number's calls",
    );
    for o in &runs {
        assert_eq!(o.numbers[1].offered, 0);
        assert_eq!(o.numbers[0].blocked, o.numbers[0].blocked_by[BlockCause::NumberCap]);
        assert!(o.numbers[1].peak_concurrency <= 10);
        // Both legs hold a channel: each link carries every forwarded call.
        assert_eq!(o.links[0].carried, o.links[1].carried);
    }
}

#[test]
fn a_forward_whose_legacy_leg_fails_takes_the_number_down() {
    // A 6-hour outage of the legacy carrier in the 7-day week: the dialled
    // number has no route for exactly 6 of 168 hours; the claimed number
    // keeps its own route. Calls in progress when it fails are dropped.
    let s = migration(100, "[[outage]]\ntarget = \"carrier:legacy\"\nstart = \"2d\"\nduration = \"6h\"\n");
    for k in 0..3 {
        let o = run_replication(&s, k);
        assert!((o.numbers[0].availability - (1.0 - 6.0 / 168.0)).abs() < 1e-12, "{}", o.numbers[0].availability);
        assert_eq!(o.numbers[1].availability, 1.0);
        assert!(o.numbers[0].dropped > 0 && o.numbers[0].blocked_by[BlockCause::NoRoute] > 0);
        let n = &o.numbers[0];
        assert_eq!(n.carried_in + n.offered, n.completed + n.blocked + n.dropped + n.in_progress);
    }
    // The claimed side failing takes the dialled number down too.
    let s = migration(100, "[[outage]]\ntarget = \"carrier:new\"\nstart = \"2d\"\nduration = \"6h\"\n");
    let o = run_replication(&s, 0);
    assert!((o.numbers[0].availability - (1.0 - 6.0 / 168.0)).abs() < 1e-12);
    assert!((o.numbers[1].availability - (1.0 - 6.0 / 168.0)).abs() < 1e-12);
}

#[test]
fn bad_forwards_name_their_field() {
    let err = |forward: &str| {
        let base = "[simulation]\nhorizon = \"1h\"\n[[az]]\nname = \"a\"\n[[carrier]]\nname = \"c\"\n[[link]]\ncarrier = \"c\"\naz = \"a\"\nchannels = 5\n[[number]]\nname = \"x\"\ntype = \"did\"\ncarrier = \"c\"\n[[number]]\nname = \"y\"\ntype = \"did\"\ncarrier = \"c\"\n[[number]]\nname = \"z\"\ntype = \"did\"\ncarrier = \"c\"\n";
        Scenario::from_toml_str(&format!("{base}{forward}"), "bad.toml").map(|_| ()).unwrap_err().to_string()
    };
    assert!(err("[[forward]]\nfrom = \"x\"\nto = \"nope\"\n").contains("`forward[0].to`: unknown number \"nope\""));
    assert!(err("[[forward]]\nfrom = \"x\"\nto = \"x\"\n").contains("forward to itself"));
    assert!(
        err("[[forward]]\nfrom = \"x\"\nto = \"y\"\n[[forward]]\nfrom = \"x\"\nto = \"z\"\n")
            .contains("`forward[1].from`")
    );
    assert!(
        err("[[forward]]\nfrom = \"x\"\nto = \"y\"\n[[forward]]\nfrom = \"y\"\nto = \"z\"\n").contains("do not chain")
    );
}

#[test]
fn compare_shows_what_the_forwarding_hop_costs() {
    // The bundled migration scenarios: the same numbers dialled through the
    // legacy platform and forwarded, or ported. On common random numbers
    // the ported end state is more available, significantly.
    let load = |f: &str| {
        let s = Scenario::load(format!("{}/scenarios/migration/{f}", env!("CARGO_MANIFEST_DIR"))).unwrap();
        (f.to_string(), s.with_horizon_s(14.0 * 86_400.0).unwrap())
    };
    let c = callsim::experiment::compare::compare(
        &[load("forwarding.toml"), load("ported.toml")],
        &callsim::experiment::Runner::with_threads(0),
    )
    .unwrap();
    for number in ["support", "sales"] {
        let d = c.differences.iter().find(|d| d.name == number && d.metric == "availability").unwrap();
        assert!(d.significant && d.difference.mean > 0.0, "{number}: {d:?}");
    }
}

#[test]
fn the_forwarded_load_is_offered_to_the_claimed_number() {
    // 8 Erlangs are dialled to the legacy number and all of them, forwarded,
    // occupy the claimed number too: both are offered 8 Erlangs (the
    // Erlang B first guess of `size` on the claimed number starts there).
    let s = migration(10, "");
    assert_eq!(s.model().offered_erlangs(), vec![8.0, 8.0]);
}
