//! Checks against queueing theory, conservation, determinism and warm-up.
//!
//! # How the statistical checks decide
//!
//! Each replication gives one value of a metric (say its blocking
//! probability, over ~1e5 calls). Replications are independent and each value
//! is an average over many calls, so it is close to normal, and
//! `(mean - mu) / (s / sqrt(n))` follows Student's t with n-1 degrees of
//! freedom. A check passes when the theory value mu lies in the two-sided
//! **99.9%** interval `mean +- t(0.9995, n-1) s / sqrt(n)` (with n = 10,
//! t(0.9995, 9) = 4.781): a correct simulator fails a given check with
//! probability ~1e-3, while a bias of a few standard errors is caught. Seeds
//! are fixed, so a run is reproducible; the probability statement is about
//! the choice of seed.
//!
//! All theory scenarios use a 3-minute (180 s) mean holding time, so
//! A Erlangs is offered by 3600 A / 180 = 20 A calls per hour.

use callsim::experiment;
use callsim::experiment::run_replication;
use callsim::scenario::Scenario;
use callsim::sim::{BlockCause, ReplicationOutcome};
use callsim::stats::student_t_quantile;
use callsim::summary::Report;

/// Mean holding time of every theory scenario, in seconds (3 minutes).
const HOLD_S: f64 = 180.0;
/// Calls offered per replication in the stationary checks: with
/// [`REPLICATIONS`] = 10, about 1e6 calls per case.
const CALLS_PER_REPLICATION: f64 = 100_000.0;
/// Replications of the stationary checks.
const REPLICATIONS: u32 = 10;
/// Warm-up of the stationary checks: 1 h = 20 mean holding times. The
/// M/G/c/c state forgets the empty start within a few holding times.
const WARMUP: &str = "1h";

const EXPONENTIAL: &str = r#"{ kind = "exponential", mean = "180s" }"#;
/// Same mean; sd = 2 x mean (coefficient of variation 2, vs 1 for exponential).
const LOGNORMAL: &str = r#"{ kind = "lognormal", mean = "180s", sd = "360s" }"#;
/// Same mean; no variance at all.
const FIXED: &str = r#"{ kind = "fixed", value = "180s" }"#;

/// (servers c, offered load A in Erlangs) of the number-cap checks, with
/// B(c, A) from [`erlang_b`]:
/// B(1, 0.5) = 0.5 / 1.5 = 0.333333; B(10, 5) = 0.018385;
/// B(30, 25) = 0.052603; B(100, 84.06) = 0.009992 (the 1% grade-of-service
/// load of 100 lines).
const CAP_CASES: [(u32, f64); 4] = [(1, 0.5), (10, 5.0), (30, 25.0), (100, 84.06)];

// ---------------------------------------------------------------- helpers

/// Erlang B: the blocking probability of `servers` servers offered `load`
/// Erlangs, by the stable recursion B(0) = 1, B(n) = A B(n-1) / (n + A B(n-1)).
fn erlang_b(servers: u32, load: f64) -> f64 {
    (1..=servers).fold(1.0, |b, n| load * b / (n as f64 + load * b))
}

/// Calls per hour that offer `load` Erlangs at [`HOLD_S`]: 3600 A / 180 = 20 A.
fn calls_per_hour(load: f64) -> f64 {
    load * 3_600.0 / HOLD_S
}

/// Horizon in seconds over which `calls_per_hour` offers [`CALLS_PER_REPLICATION`] calls.
fn horizon_for(calls_per_hour: f64) -> f64 {
    CALLS_PER_REPLICATION / calls_per_hour * 3_600.0
}

/// A `[[traffic]]` table: Poisson arrivals to `number`.
fn traffic(number: &str, calls_per_hour: f64, holding: &str) -> String {
    format!(
        "[[traffic]]\nnumber = \"{number}\"\narrivals = {{ kind = \"poisson\", calls_per_hour = {calls_per_hour:.6} }}\nholding = {holding}\n"
    )
}

/// Parses a scenario made of a `[simulation]` table and `design` (zones,
/// carriers, links, numbers, traffic).
fn scenario(seed: u64, horizon_s: f64, warmup: &str, replications: u32, design: &str) -> Scenario {
    let text = format!(
        "[simulation]\nhorizon = \"{horizon_s:.3}s\"\nwarmup = \"{warmup}\"\nreplications = {replications}\nseed = {seed}\n\n{design}"
    );
    Scenario::from_toml_str(&text, "theory.toml").unwrap_or_else(|e| panic!("invalid test scenario: {e}\n{text}"))
}

/// One carrier with one link of `channels` into one zone.
fn one_link(channels: u32) -> String {
    format!(
        "[[az]]\nname = \"az1\"\n\n[[carrier]]\nname = \"carrier-a\"\n\n[[link]]\ncarrier = \"carrier-a\"\naz = \"az1\"\nchannels = {channels}\n\n"
    )
}

/// Every replication of `s`, in order.
fn run_all(s: &Scenario) -> Vec<ReplicationOutcome> {
    experiment::run_replications(s, 0..s.simulation().replications() as u64)
}

/// `f` of each replication.
fn per_rep(outcomes: &[ReplicationOutcome], f: impl Fn(&ReplicationOutcome) -> f64) -> Vec<f64> {
    outcomes.iter().map(f).collect()
}

/// The mean of `xs` and the half-width of its two-sided 99.9% Student-t
/// interval, t(0.9995, n-1) s / sqrt(n) (s: sample sd, n-1 denominator).
fn interval_999(xs: &[f64]) -> (f64, f64) {
    let n = xs.len() as f64;
    assert!(xs.len() >= 2, "an interval needs at least 2 replications");
    let mean = xs.iter().sum::<f64>() / n;
    let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
    (mean, student_t_quantile(0.9995, n - 1.0) * (var / n).sqrt())
}

/// Asserts that `expected` lies in the 99.9% interval of the mean of `xs`
/// (fails with probability ~1e-3 for a correct simulator; see the module doc).
#[track_caller]
fn assert_in_interval(what: &str, xs: &[f64], expected: f64) {
    let (mean, half) = interval_999(xs);
    assert!(
        (mean - expected).abs() <= half,
        "{what}: mean over {} replications {mean:.6} +- {half:.6} (99.9% t interval) \
         does not contain the theory value {expected:.6} (off by {:.1} half-widths); \
         per replication: {xs:.6?}",
        xs.len(),
        (mean - expected).abs() / half,
    );
}

/// Asserts that every blocked call of number `n` in every replication has `cause`.
#[track_caller]
fn assert_all_blocked_by(case: &str, outcomes: &[ReplicationOutcome], n: usize, cause: BlockCause) {
    for (k, o) in outcomes.iter().enumerate() {
        let num = &o.numbers[n];
        assert_eq!(
            num.blocked_by[cause],
            num.blocked,
            "{case}, replication {k}: every blocked call should be {}, got blocked_by {:?}",
            cause.as_str(),
            num.blocked_by,
        );
    }
}

/// A DID capped at `servers` on a link with ample channels, offered `load`
/// Erlangs with `holding`: an M/G/c/c loss system with c = `servers`.
fn capped_did(servers: u32, load: f64, holding: &str, seed: u64) -> Scenario {
    let rate = calls_per_hour(load);
    let design = format!(
        "{}[[number]]\nname = \"did\"\ntype = \"did\"\ncarrier = \"carrier-a\"\nmax_concurrent = {servers}\n\n{}",
        one_link(100_000),
        traffic("did", rate, holding),
    );
    scenario(seed, horizon_for(rate), WARMUP, REPLICATIONS, &design)
}

// ------------------------------------------------------- the Erlang B formula

#[test]
fn the_999_interval_uses_published_t_quantiles() {
    // t(0.9995, df) from standard tables (3 decimals): df 9 -> 4.781,
    // df 19 -> 3.883, df 99 -> 3.392. Every tolerance below rests on these.
    for (df, want) in [(9.0, 4.781), (19.0, 3.883), (99.0, 3.392)] {
        let got = student_t_quantile(0.9995, df);
        assert!((got - want).abs() < 6e-4, "t(0.9995, {df}) = {got}, tables say {want}");
    }
    // 1..=5 twice: mean 3, sum of squares 2 x (4 + 1 + 0 + 1 + 4) = 20,
    // s = sqrt(20 / 9) = 1.490712, half-width t(0.9995, 9) s / sqrt(10)
    // = 4.781 x 0.471405 = 2.2538.
    let xs = [1.0, 2.0, 3.0, 4.0, 5.0, 1.0, 2.0, 3.0, 4.0, 5.0];
    let (mean, half) = interval_999(&xs);
    assert_eq!(mean, 3.0);
    assert!((half - 2.2538).abs() < 5e-4, "{half}");
}

#[test]
fn erlang_b_recursion_matches_published_values() {
    // B(1, 0.5) = 0.5 / (1 + 0.5) = 1/3 exactly.
    // B(2, 1): B(1) = 1/2, B(2) = (1/2) / (2 + 1/2) = 0.2 exactly.
    // B(10, 5) = 0.018385 and B(100, 84.06) = 0.009992 (tables: 84.06 Erlangs
    // is the load 100 circuits carry at 1% blocking).
    assert!((erlang_b(1, 0.5) - 1.0 / 3.0).abs() < 1e-15);
    assert!((erlang_b(2, 1.0) - 0.2).abs() < 1e-15);
    assert!((erlang_b(10, 5.0) - 0.018_385).abs() < 1e-6);
    assert!((erlang_b(30, 25.0) - 0.052_603).abs() < 1e-6);
    assert!((erlang_b(100, 84.06) - 0.009_992).abs() < 1e-6);
    assert_eq!(erlang_b(0, 3.0), 1.0);
}

// ----------------------------------------------- 1, 2: the number cap, M/G/c/c

/// Blocking of a capped DID equals Erlang B(c, A) and every blocked call is
/// counted under `number_cap`.
fn check_number_cap(holding_name: &str, holding: &str, seed: u64) {
    for (i, &(servers, load)) in CAP_CASES.iter().enumerate() {
        let case = format!("DID cap c = {servers}, A = {load} Erl, {holding_name} holding");
        let s = capped_did(servers, load, holding, seed + i as u64);
        let outcomes = run_all(&s);
        assert_all_blocked_by(&case, &outcomes, 0, BlockCause::NumberCap);
        for (k, o) in outcomes.iter().enumerate() {
            assert!(
                o.numbers[0].peak_concurrency <= servers,
                "{case}, replication {k}: peak {} over the cap",
                o.numbers[0].peak_concurrency
            );
        }
        let blocking = per_rep(&outcomes, |o| o.numbers[0].blocking_probability);
        assert_in_interval(&format!("{case}: blocking probability vs Erlang B"), &blocking, erlang_b(servers, load));
    }
}

#[test]
fn number_cap_blocking_is_erlang_b_with_exponential_holding() {
    // Expected: B(1, 0.5) = 0.333333, B(10, 5) = 0.018385, B(30, 25) = 0.052603,
    // B(100, 84.06) = 0.009992; ~1e6 calls per case (10 x 1e5).
    check_number_cap("exponential", EXPONENTIAL, 1_100);
}

#[test]
fn number_cap_blocking_is_erlang_b_with_lognormal_holding() {
    // Erlang B is insensitive to the holding-time distribution beyond its
    // mean: the same values as with exponential holding (mean 180 s, sd 360 s).
    check_number_cap("lognormal", LOGNORMAL, 1_200);
}

#[test]
fn number_cap_blocking_is_erlang_b_with_fixed_holding() {
    // Insensitivity again: every call lasts exactly 180 s; same values.
    check_number_cap("fixed", FIXED, 1_300);
}

#[test]
fn two_traffic_sources_on_one_number_add_their_loads() {
    // Two Poisson sources on one DID capped at 30: 10 Erlangs of 2-min
    // exponential calls (300 calls/h) and 15 Erlangs of 5-min lognormal calls
    // (180 calls/h, sd 10 min). A loss system whose calls each hold one of c
    // servers has the product form of one class offered the total load, so
    // every call sees B(30, 10 + 15) = 0.052603 whatever the mix of holding
    // distributions. The sources draw from distinct streams (NUMBER#0, NUMBER#1).
    let design = format!(
        "{}[[number]]\nname = \"did\"\ntype = \"did\"\ncarrier = \"carrier-a\"\nmax_concurrent = 30\n\n{}\n{}",
        one_link(100_000),
        traffic("did", 300.0, r#"{ kind = "exponential", mean = "2m" }"#),
        traffic("did", 180.0, r#"{ kind = "lognormal", mean = "5m", sd = "10m" }"#),
    );
    let s = scenario(1_400, horizon_for(480.0), WARMUP, REPLICATIONS, &design);
    assert!((s.model().offered_erlangs()[0] - 25.0).abs() < 1e-9);
    let outcomes = run_all(&s);
    assert_all_blocked_by("two sources", &outcomes, 0, BlockCause::NumberCap);
    assert_in_interval(
        "two sources on one DID: blocking vs B(30, 25)",
        &per_rep(&outcomes, |o| o.numbers[0].blocking_probability),
        erlang_b(30, 25.0),
    );
}

// --------------------------------------------------- 3: links as the bottleneck

#[test]
fn single_link_blocking_is_erlang_b_under_link_capacity() {
    // A toll-free number without a cap on one link of c channels is an
    // M/M/c/c system: B(10, 5) = 0.018385, B(30, 25) = 0.052603, every
    // blocked call under link_capacity. Its utilization is the carried load
    // per channel: A (1 - B) / c = 5 x 0.981615 / 10 = 0.490808 and
    // 25 x 0.947397 / 30 = 0.789497.
    for (i, &(channels, load)) in [(10u32, 5.0), (30, 25.0)].iter().enumerate() {
        let case = format!("toll-free on one link of {channels} channels, A = {load} Erl");
        let rate = calls_per_hour(load);
        let design = format!(
            "{}[[number]]\nname = \"tf\"\ntype = \"toll-free\"\ncarriers = [\"carrier-a\"]\n\n{}",
            one_link(channels),
            traffic("tf", rate, EXPONENTIAL),
        );
        let s = scenario(2_100 + i as u64, horizon_for(rate), WARMUP, REPLICATIONS, &design);
        let outcomes = run_all(&s);
        let b = erlang_b(channels, load);
        assert_all_blocked_by(&case, &outcomes, 0, BlockCause::LinkCapacity);
        for (k, o) in outcomes.iter().enumerate() {
            assert!(o.links[0].peak_busy <= channels, "{case}, replication {k}");
            assert_eq!(o.numbers[0].saturation, 0.0, "{case}: no cap, no saturation");
        }
        assert_in_interval(
            &format!("{case}: blocking vs Erlang B"),
            &per_rep(&outcomes, |o| o.numbers[0].blocking_probability),
            b,
        );
        assert_in_interval(
            &format!("{case}: utilization vs A (1 - B) / c"),
            &per_rep(&outcomes, |o| o.links[0].utilization),
            load * (1.0 - b) / channels as f64,
        );
    }
}

#[test]
fn did_over_a_narrow_link_is_blocked_by_link_capacity() {
    // A DID at its default cap of 100 on a link of 10 channels: the link
    // binds first. B(10, 5) = 0.018385, all under link_capacity.
    let rate = calls_per_hour(5.0);
    let design = format!(
        "{}[[number]]\nname = \"did\"\ntype = \"did\"\ncarrier = \"carrier-a\"\n\n{}",
        one_link(10),
        traffic("did", rate, EXPONENTIAL),
    );
    let s = scenario(2_200, horizon_for(rate), WARMUP, REPLICATIONS, &design);
    let outcomes = run_all(&s);
    let case = "DID (cap 100) over 10 channels, A = 5 Erl";
    assert_all_blocked_by(case, &outcomes, 0, BlockCause::LinkCapacity);
    assert_in_interval(case, &per_rep(&outcomes, |o| o.numbers[0].blocking_probability), erlang_b(10, 5.0));
}

/// A toll-free number over two links of 12 and 18 channels, offered 25
/// Erlangs: routing takes any link with a free channel, so a call is blocked
/// only when all 12 + 18 = 30 channels are busy, and blocking is
/// B(30, 25) = 0.052603, not that of either link alone (B(12, 25) = 0.56,
/// B(18, 25) = 0.34).
fn check_pooled_links(case: &str, carriers: &str, links: &str, number_carriers: &str, seed: u64) {
    let rate = calls_per_hour(25.0);
    let design = format!(
        "[[az]]\nname = \"az1\"\n\n[[az]]\nname = \"az2\"\n\n{carriers}\n{links}\n\
         [[number]]\nname = \"tf\"\ntype = \"toll-free\"\ncarriers = [{number_carriers}]\n\n{}",
        traffic("tf", rate, EXPONENTIAL),
    );
    let s = scenario(seed, horizon_for(rate), WARMUP, REPLICATIONS, &design);
    assert_eq!(s.model().links().len(), 2);
    let outcomes = run_all(&s);
    assert_all_blocked_by(case, &outcomes, 0, BlockCause::LinkCapacity);
    for (k, o) in outcomes.iter().enumerate() {
        // A blocked call found both links full, so both reached their channels.
        assert!(o.numbers[0].blocked > 0, "{case}, replication {k}");
        assert_eq!(o.links[0].peak_busy, 12, "{case}, replication {k}");
        assert_eq!(o.links[1].peak_busy, 18, "{case}, replication {k}");
        assert_eq!(
            o.links[0].carried + o.links[1].carried,
            o.numbers[0].offered - o.numbers[0].blocked,
            "{case}, replication {k}: carried calls are split over the links"
        );
    }
    assert_in_interval(
        &format!("{case}: blocking vs Erlang B(12 + 18, 25)"),
        &per_rep(&outcomes, |o| o.numbers[0].blocking_probability),
        erlang_b(30, 25.0),
    );
}

#[test]
fn pooled_links_of_two_carriers_block_like_one_group() {
    check_pooled_links(
        "toll-free over carrier-a/az1 (12) and carrier-b/az2 (18)",
        "[[carrier]]\nname = \"carrier-a\"\n\n[[carrier]]\nname = \"carrier-b\"\n",
        "[[link]]\ncarrier = \"carrier-a\"\naz = \"az1\"\nchannels = 12\n\n\
         [[link]]\ncarrier = \"carrier-b\"\naz = \"az2\"\nchannels = 18\n",
        r#""carrier-a", "carrier-b""#,
        2_300,
    );
}

#[test]
fn pooled_links_of_one_carrier_in_two_zones_block_like_one_group() {
    check_pooled_links(
        "toll-free over carrier-a/az1 (12) and carrier-a/az2 (18)",
        "[[carrier]]\nname = \"carrier-a\"\n",
        "[[link]]\ncarrier = \"carrier-a\"\naz = \"az1\"\nchannels = 12\n\n\
         [[link]]\ncarrier = \"carrier-a\"\naz = \"az2\"\nchannels = 18\n",
        r#""carrier-a""#,
        2_400,
    );
}

// ------------------------------------------------- 4: the instance quota

#[test]
fn instance_quota_blocking_is_erlang_b_of_the_total_load() {
    // Two DIDs capped at 1000 (never binding) offered A1 = 10 and A2 = 15
    // Erlangs share an instance quota of 30 concurrent calls: one M/M/30/30
    // system offered 25 Erlangs, B(30, 25) = 0.052603. By PASTA each Poisson
    // stream sees the same state, so each number's blocking is also 0.052603.
    // Every blocked call is under instance_quota.
    let (a1, a2) = (10.0, 15.0);
    let (r1, r2) = (calls_per_hour(a1), calls_per_hour(a2)); // 200 and 300 calls/h
    let design = format!(
        "[instance]\nmax_concurrent_calls = 30\n\n{}\
         [[number]]\nname = \"one\"\ntype = \"did\"\ncarrier = \"carrier-a\"\nmax_concurrent = 1000\n\n\
         [[number]]\nname = \"two\"\ntype = \"did\"\ncarrier = \"carrier-a\"\nmax_concurrent = 1000\n\n{}\n{}",
        one_link(100_000),
        traffic("one", r1, EXPONENTIAL),
        traffic("two", r2, EXPONENTIAL),
    );
    let s = scenario(3_100, horizon_for(r1 + r2), WARMUP, REPLICATIONS, &design);
    let outcomes = run_all(&s);
    let b = erlang_b(30, a1 + a2);
    for (n, name) in ["one", "two"].iter().enumerate() {
        assert_all_blocked_by(name, &outcomes, n, BlockCause::InstanceQuota);
        assert_in_interval(
            &format!("number {name}: blocking vs B(30, 25)"),
            &per_rep(&outcomes, |o| o.numbers[n].blocking_probability),
            b,
        );
    }
    for (k, o) in outcomes.iter().enumerate() {
        assert!(o.instance.peak_concurrency <= 30, "replication {k}");
    }
    let total = per_rep(&outcomes, |o| {
        let blocked = o.numbers.iter().map(|n| n.blocked).sum::<u64>();
        let offered = o.numbers.iter().map(|n| n.offered).sum::<u64>();
        blocked as f64 / offered as f64
    });
    assert_in_interval("instance: total blocking vs B(30, 25)", &total, b);
}

// -------------------------------------------------------- 5: Little's law

#[test]
fn littles_law_mean_concurrency_is_carried_load() {
    // L = lambda W: time-average calls in progress = arrival rate x mean
    // holding x (1 - blocking). DID capped at 30, A = 25 Erlangs:
    // L = 25 x (1 - 0.052603) = 23.684921 calls.
    let s = capped_did(30, 25.0, EXPONENTIAL, 4_100);
    let outcomes = run_all(&s);
    let horizon_s = s.simulation().horizon_s();
    assert_in_interval(
        "mean concurrency vs A (1 - B(30, 25))",
        &per_rep(&outcomes, |o| o.numbers[0].mean_concurrency),
        25.0 * (1.0 - erlang_b(30, 25.0)),
    );
    // Per replication, with the replication's own arrival rate and blocking:
    // mean_concurrency - (offered / T) x 180 s x (1 - blocked / offered)
    // = mean_concurrency - carried x 180 / T has expectation 0 (what enters
    // and leaves at the window's edges balances in steady state).
    let residual = per_rep(&outcomes, |o| {
        let n = &o.numbers[0];
        let rate_per_s = n.offered as f64 / horizon_s;
        n.mean_concurrency - rate_per_s * HOLD_S * (1.0 - n.blocking_probability)
    });
    assert_in_interval("Little's law residual per replication", &residual, 0.0);
    for (k, o) in outcomes.iter().enumerate() {
        // One number on one link: the number's, the link's and the instance's
        // time-averages are the same quantity.
        let l = o.numbers[0].mean_concurrency;
        assert!((o.links[0].mean_busy - l).abs() <= 1e-9 * l, "replication {k}");
        assert!((o.instance.mean_concurrency - l).abs() <= 1e-9 * l, "replication {k}");
        assert!((o.links[0].utilization - l / 100_000.0).abs() <= 1e-9 * l, "replication {k}");
    }
}

#[test]
fn littles_law_without_blocking_is_the_offered_load() {
    // A toll-free number without a cap on an ample link is M/G/infinity:
    // nothing is blocked and L = A = 25 calls for any holding distribution
    // (lognormal here, mean 180 s, sd 360 s).
    let rate = calls_per_hour(25.0);
    let design = format!(
        "{}[[number]]\nname = \"tf\"\ntype = \"toll-free\"\ncarriers = [\"carrier-a\"]\n\n{}",
        one_link(100_000),
        traffic("tf", rate, LOGNORMAL),
    );
    let s = scenario(4_200, horizon_for(rate), WARMUP, REPLICATIONS, &design);
    let outcomes = run_all(&s);
    for o in &outcomes {
        assert_eq!(o.numbers[0].blocked, 0);
    }
    assert_in_interval(
        "M/G/infinity mean concurrency vs A = 25",
        &per_rep(&outcomes, |o| o.numbers[0].mean_concurrency),
        25.0,
    );
}

// ------------------------------------------------ 6: saturation (PASTA)

#[test]
fn saturation_equals_blocking_by_pasta() {
    // Poisson arrivals see time averages (PASTA): the fraction of time a
    // number spends at its cap c is the probability an arrival finds it
    // there, i.e. Erlang B(c, A), for any holding distribution.
    // Cases: c = 10, A = 5, exponential: 0.018385; c = 30, A = 25,
    // lognormal: 0.052603.
    for (i, &(servers, load, holding, name)) in
        [(10u32, 5.0, EXPONENTIAL, "exponential"), (30, 25.0, LOGNORMAL, "lognormal")].iter().enumerate()
    {
        let case = format!("DID cap {servers}, A = {load} Erl, {name} holding");
        let outcomes = run_all(&capped_did(servers, load, holding, 5_100 + i as u64));
        let saturation = per_rep(&outcomes, |o| o.numbers[0].saturation);
        let blocking = per_rep(&outcomes, |o| o.numbers[0].blocking_probability);
        assert_in_interval(&format!("{case}: saturation vs Erlang B"), &saturation, erlang_b(servers, load));
        // Paired: saturation and blocking of the same replication estimate
        // the same probability, so their difference d has mean 0.
        let d: Vec<f64> = saturation.iter().zip(&blocking).map(|(s, b)| s - b).collect();
        assert_in_interval(&format!("{case}: saturation - blocking"), &d, 0.0);
        // Per replication: with mean 0 known, d_k / sqrt(sum_{j != k} d_j^2 / (n-1))
        // follows Student's t with n-1 df (d_k is independent of the others),
        // so |d_k| <= t(0.9995, n-1) x that scale fails with probability 1e-3.
        let n = d.len();
        let t = student_t_quantile(0.9995, (n - 1) as f64);
        for k in 0..n {
            let others = d.iter().enumerate().filter(|&(j, _)| j != k).map(|(_, x)| x * x).sum::<f64>();
            let bound = t * (others / (n - 1) as f64).sqrt();
            assert!(
                d[k].abs() <= bound,
                "{case}, replication {k}: saturation {} vs blocking {} differ by {} > {bound}",
                saturation[k],
                blocking[k],
                d[k].abs()
            );
        }
    }
}

// ---------------------------------------------------------- 7: conservation

/// An overloaded mixed design: a DID capped at 8 offered 12 Erlangs, a
/// toll-free number (30 Erlangs) over two carriers with 35 channels, an
/// instance quota of 25 that binds below them, and a DID at its default cap
/// offered 5 Erlangs on a third carrier's link of 4 channels; long
/// holding times (20-30 min) so that many warm-up calls are still in
/// progress when measurement starts.
fn mixed_design(warmup: &str, seed: u64, replications: u32) -> Scenario {
    let design = format!(
        r#"[instance]
max_concurrent_calls = 25

[[az]]
name = "az1"

[[az]]
name = "az2"

[[carrier]]
name = "carrier-a"

[[carrier]]
name = "carrier-b"

[[link]]
carrier = "carrier-a"
az = "az1"
channels = 10

[[link]]
carrier = "carrier-a"
az = "az2"
channels = 10

[[carrier]]
name = "carrier-c"

[[link]]
carrier = "carrier-b"
az = "az1"
channels = 15

[[link]]
carrier = "carrier-c"
az = "az2"
channels = 4

[[number]]
name = "did-a"
type = "did"
carrier = "carrier-a"
max_concurrent = 8

[[number]]
name = "tf"
type = "toll-free"
carriers = ["carrier-b", "carrier-a"]
max_concurrent = 30

[[number]]
name = "did-c"
type = "did"
carrier = "carrier-c"

{}
{}
{}"#,
        traffic("did-a", 24.0, r#"{ kind = "exponential", mean = "30m" }"#),
        traffic("tf", 60.0, r#"{ kind = "lognormal", mean = "30m", sd = "45m" }"#),
        traffic("did-c", 15.0, r#"{ kind = "fixed", value = "20m" }"#),
    );
    scenario(seed, 4.0 * 3_600.0, warmup, replications, &design)
}

#[track_caller]
fn assert_conserved(s: &Scenario) {
    for k in 0..s.simulation().replications() as u64 {
        let o = run_replication(s, k);
        for (i, n) in o.numbers.iter().enumerate() {
            let name = &s.model().numbers()[i].name;
            assert!(n.offered > 0, "replication {k}, {name}: no traffic");
            assert_eq!(
                n.carried_in + n.offered,
                n.completed + n.blocked + n.dropped + n.in_progress,
                "replication {k}, {name}: carried in + offered = completed + blocked + dropped + in progress ({n:?})"
            );
            assert_eq!(n.blocked, n.blocked_by.total(), "replication {k}, {name}");
        }
        let carried: u64 = o.links.iter().map(|l| l.carried).sum();
        let admitted: u64 = o.numbers.iter().map(|n| n.offered - n.blocked).sum();
        assert_eq!(carried, admitted, "replication {k}: calls carried by links");
    }
}

#[test]
fn calls_are_conserved_per_number_and_replication() {
    // carried_in + offered = completed + blocked + dropped + in_progress, exactly; the
    // design blocks under number_cap, instance_quota and link_capacity.
    let s = mixed_design("0s", 7_100, 5);
    assert_conserved(&s);
    let o = run_replication(&s, 0);
    let total = |c: BlockCause| o.numbers.iter().map(|n| n.blocked_by[c]).sum::<u64>();
    assert!(total(BlockCause::NumberCap) > 0);
    assert!(total(BlockCause::InstanceQuota) > 0);
    assert!(total(BlockCause::LinkCapacity) > 0);
}

#[test]
fn calls_are_conserved_with_a_warmup() {
    // With a 2 h warm-up, calls that arrived during warm-up (about 1.3 h of
    // 30-min calls are still up when measurement starts) hold capacity and
    // end inside the window, but must not be counted as completed: the same
    // identity holds exactly.
    let s = mixed_design("2h", 7_200, 5);
    assert_conserved(&s);
}

// ---------------------------------------------------------- 8: determinism

#[test]
fn same_seed_gives_byte_identical_reports() {
    let s = mixed_design("30m", 8_100, 4);
    let a = experiment::run(&s).to_json();
    let b = experiment::run(&s).to_json();
    assert_eq!(a, b);
}

#[test]
fn another_seed_gives_other_numbers() {
    let s = mixed_design("30m", 8_100, 4);
    let t = s.with_seed(s.simulation().seed() + 1).unwrap();
    let (a, b) = (experiment::run(&s), experiment::run(&t));
    assert_ne!(a.to_json(), b.to_json());
    for (name, ra) in &a.numbers.0 {
        let rb = b.numbers.get(name).unwrap();
        // Callers, not offered calls: the offered count is estimated with the
        // callers as a control variate, which (without redials) gives its
        // known expectation whatever the seed.
        assert_ne!(ra.callers.mean, rb.callers.mean, "{name}");
        assert_ne!(ra.mean_concurrency.mean, rb.mean_concurrency.mean, "{name}");
    }
    for k in 0..4 {
        assert_ne!(run_replication(&s, k), run_replication(&t, k), "replication {k}");
    }
}

#[test]
fn a_replication_alone_equals_the_same_replication_in_a_run() {
    let s = mixed_design("30m", 8_200, 4);
    let whole = experiment::run_replications(&s, 0..4);
    for k in (0..4).rev() {
        assert_eq!(run_replication(&s, k), whole[k as usize], "replication {k}");
    }
    assert_ne!(whole[0], whole[1], "replications draw from distinct streams");
    let report: Report = experiment::run(&s);
    assert_eq!(report, Report::new(&s, &whole));
    assert_eq!(report.to_json(), Report::new(&s, &whole).to_json());
}

// ---------------------------------------------------------------- 9: warm-up

#[test]
fn warmup_arrivals_are_not_offered() {
    // Poisson arrivals at 3600 calls/h over a 2 h window: E[offered] =
    // lambda T = 3600 x 2 = 7200 per replication (sd sqrt(7200) = 85). The 2 h
    // warm-up before it brings another 7200 arrivals that must not be
    // counted: had they been, the mean would be 14400.
    let design = format!(
        "{}[[number]]\nname = \"did\"\ntype = \"did\"\ncarrier = \"carrier-a\"\nmax_concurrent = 100000\n\n{}",
        one_link(100_000),
        traffic("did", 3_600.0, EXPONENTIAL),
    );
    let s = scenario(9_100, 7_200.0, "2h", 20, &design);
    let outcomes = run_all(&s);
    assert_in_interval(
        "offered per replication vs lambda T = 7200",
        &per_rep(&outcomes, |o| o.numbers[0].offered as f64),
        7_200.0,
    );
}

#[test]
fn time_averages_cover_only_the_window() {
    // M/M/infinity (toll-free, no cap, ample link), A = 20 Erlangs, 180 s
    // holding, a window of T = 360 s = 2 holding times, 100 replications.
    // - After a 1 h warm-up the system is stationary: E[mean concurrency] = A = 20.
    // - Starting empty (no warm-up), E[N(t)] = A (1 - e^{-t/h}), whose average
    //   over [0, T] is A (1 - h (1 - e^{-T/h}) / T) = 20 x (1 - (1 - e^{-2}) / 2)
    //   = 20 x 0.567668 = 11.353353.
    let design = format!(
        "{}[[number]]\nname = \"tf\"\ntype = \"toll-free\"\ncarriers = [\"carrier-a\"]\n\n{}",
        one_link(100_000),
        traffic("tf", calls_per_hour(20.0), EXPONENTIAL),
    );
    let warm = scenario(9_200, 360.0, "1h", 100, &design);
    assert_in_interval(
        "mean concurrency after warm-up vs A = 20",
        &per_rep(&run_all(&warm), |o| o.numbers[0].mean_concurrency),
        20.0,
    );
    let cold = scenario(9_300, 360.0, "0s", 100, &design);
    let expected = 20.0 * (1.0 - (1.0 - (-2.0f64).exp()) / 2.0);
    assert_in_interval(
        "mean concurrency from an empty start vs A (1 - (1 - e^-2) / 2)",
        &per_rep(&run_all(&cold), |o| o.numbers[0].mean_concurrency),
        expected,
    );
}
