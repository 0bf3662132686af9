//! Calls-per-second limits on links and carriers (token buckets), against
//! the exact results for a bucket of one token.

mod common;

use callsim::sim::BlockCause;
use common::within_999;

use callsim::experiment::run_replication;
use callsim::scenario::Scenario;

/// One DID on carrier c with two links; `limits` adds cps keys to the first
/// link (or the carrier, as `carrier_limits`).
fn design(calls_per_hour: f64, holding: &str, link_limits: &str, carrier_limits: &str) -> Scenario {
    let text = design_text(calls_per_hour, holding, link_limits, carrier_limits);
    Scenario::from_toml_str(&text, "cps.toml").unwrap_or_else(|e| panic!("{e}"))
}

/// [`design`] without the second link: the number is routed over the first alone.
fn design_one_link(calls_per_hour: f64, holding: &str, link_limits: &str) -> Scenario {
    let text = design_text(calls_per_hour, holding, link_limits, "");
    let second = "[[link]]\ncarrier = \"c\"\naz = \"b\"\nchannels = 5000\n";
    assert!(text.contains(second));
    Scenario::from_toml_str(&text.replacen(second, "", 1), "cps.toml").unwrap_or_else(|e| panic!("{e}"))
}

/// The text of [`design`].
fn design_text(calls_per_hour: f64, holding: &str, link_limits: &str, carrier_limits: &str) -> String {
    format!(
        "[simulation]\nhorizon = \"2d\"\nwarmup = \"10m\"\nreplications = 10\nseed = 4\n[[az]]\nname = \"a\"\n[[az]]\nname = \"b\"\n[[carrier]]\nname = \"c\"\n{carrier_limits}\n[[link]]\ncarrier = \"c\"\naz = \"a\"\nchannels = 5000\n{link_limits}\n[[link]]\ncarrier = \"c\"\naz = \"b\"\nchannels = 5000\n[[number]]\nname = \"n\"\ntype = \"toll-free\"\ncarriers = [\"c\"]\n[[traffic]]\nnumber = \"n\"\narrivals = {{ kind = \"poisson\", calls_per_hour = {calls_per_hour} }}\nholding = {holding}\n"
    )
}

#[test]
fn a_carrier_limit_without_queue_blocks_like_a_one_token_bucket() {
    // Carrier limit r = 1 call/s, a bucket of one token. An accepted call
    // empties it; it refills exactly 1/r later; calls meanwhile are blocked.
    // With Poisson arrivals at lambda = 2/s a cycle lasts 1/r + 1/lambda on
    // average and accepts one call: blocking = 1 - r/(lambda + r) = 2/3.
    // The carrier's limit covers both its links, though each has room.
    let s = design(7_200.0, "{ kind = \"fixed\", value = \"1s\" }", "", "cps = 1");
    let runs: Vec<_> = (0..10).map(|k| run_replication(&s, k)).collect();
    within_999(&runs.iter().map(|o| o.numbers[0].blocking_probability).collect::<Vec<_>>(), 2.0 / 3.0, "cps blocking");
    for o in &runs {
        assert_eq!(o.numbers[0].blocked, o.numbers[0].blocked_by[BlockCause::CpsLimit], "every block is cps_limit");
    }
}

#[test]
fn a_cps_queue_delays_calls_like_an_m_d_1_queue() {
    // With a queue, a call that finds no token waits for the next one: call
    // n starts at max(arrival, start of n-1 + 1/r), the recursion of an
    // M/D/1 queue with service 1/r. lambda = 0.5/s, r = 1: rho = 0.5, mean
    // wait Wq = rho / (2 r (1 - rho)) = 0.5 s; waits beyond 60 s are
    // vanishingly rare, so nothing is blocked. A waiting call holds its
    // channel, so mean calls in progress = lambda (Wq + 60 s) = 30.25.
    // Only the first link has the limit: route the number over it alone.
    let s = design_one_link(1_800.0, "{ kind = \"fixed\", value = \"60s\" }", "cps = 1\ncps_queue = \"60s\"");
    let runs: Vec<_> = (0..10).map(|k| run_replication(&s, k)).collect();
    assert!(runs.iter().all(|o| o.numbers[0].blocked == 0));
    within_999(
        &runs.iter().map(|o| o.numbers[0].mean_concurrency).collect::<Vec<_>>(),
        30.25,
        "calls in progress with CPS waits",
    );
    // Without the queue the same traffic is blocked a third of the time: 1 - r/(lambda + r) = 1/3.
    let no_queue = design_one_link(1_800.0, "{ kind = \"fixed\", value = \"60s\" }", "cps = 1");
    let runs: Vec<_> = (0..10).map(|k| run_replication(&no_queue, k)).collect();
    within_999(&runs.iter().map(|o| o.numbers[0].blocking_probability).collect::<Vec<_>>(), 1.0 / 3.0, "no queue");
}

#[test]
fn bad_cps_keys_name_their_field() {
    let err = |l: &str, c: &str| match Scenario::from_toml_str(
        &format!(
            "[simulation]\nhorizon = \"1h\"\n[[az]]\nname = \"a\"\n[[carrier]]\nname = \"c\"\n{c}\n[[link]]\ncarrier = \"c\"\naz = \"a\"\nchannels = 5\n{l}\n[[number]]\nname = \"n\"\ntype = \"did\"\ncarrier = \"c\"\n"
        ),
        "bad.toml",
    ) {
        Ok(_) => panic!("accepted"),
        Err(e) => e.to_string(),
    };
    assert!(err("cps = 0", "").contains("`link[0].cps`"));
    assert!(err("cps = nan", "").contains("`link[0].cps`"));
    assert!(err("", "cps_queue = \"2s\"").contains("`carrier[0].cps_queue`: needs cps"));
}
