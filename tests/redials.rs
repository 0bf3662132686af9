//! Redials: callers blocked or dropped try again. Checked against the
//! limits of retrial-queue theory: when redials come long after the
//! failure (hours, against minutes of holding), they are a Poisson stream
//! independent of the moment of failure, so each attempt is blocked with
//! the Erlang B probability of the inflated load (the extended Erlang B
//! model): B = ErlangB(c, A_total), A_total = A x (attempts per caller).

mod common;

use common::{erlang_b, within_999};

use callsim::experiment::run_replication;
use callsim::scenario::Scenario;
use callsim::sim::ReplicationOutcome;

/// A DID capped at 10, 7 Erlangs of first attempts (420 calls/h x 1 min),
/// redials after 6 hours on average.
fn runs(redial: &str) -> Vec<ReplicationOutcome> {
    let text = format!(
        "[simulation]\nhorizon = \"40d\"\nwarmup = \"2d\"\nreplications = 10\nseed = 21\n[[az]]\nname = \"a\"\n[[carrier]]\nname = \"c\"\n[[link]]\ncarrier = \"c\"\naz = \"a\"\nchannels = 100\n[[number]]\nname = \"n\"\ntype = \"did\"\ncarrier = \"c\"\nmax_concurrent = 10\n[[traffic]]\nnumber = \"n\"\narrivals = {{ kind = \"poisson\", calls_per_hour = 420 }}\nholding = {{ kind = \"exponential\", mean = \"1m\" }}\nredial = {redial}\n"
    );
    let s = Scenario::from_toml_str(&text, "redial.toml").unwrap_or_else(|e| panic!("{e}"));
    (0..10).map(|k| run_replication(&s, k)).collect()
}

/// Solves B = ErlangB(c, A x attempts(B)) by fixed-point iteration.
fn fixed_point(c: u32, a: f64, attempts: impl Fn(f64) -> f64) -> f64 {
    let mut b = erlang_b(c, a);
    for _ in 0..200 {
        b = erlang_b(c, a * attempts(b));
    }
    b
}

#[test]
fn slow_redials_block_like_erlang_b_with_the_inflated_load() {
    // Each failed caller retries with p = 0.6, up to 100 attempts (as good
    // as unlimited): attempts per caller = 1 / (1 - pB), so B solves
    // B = ErlangB(10, 7 / (1 - 0.6 B)): B = 0.09656 (vs 0.07874 without
    // redials). A caller never gets through with probability
    // B (1 - p) / (1 - pB) = 0.04100.
    let p = 0.6;
    let b = fixed_point(10, 7.0, |b| 1.0 / (1.0 - p * b));
    assert!((b - 0.09656).abs() < 5e-5, "{b}");
    let o = runs("{ probability = 0.6, delay = \"6h\", max_attempts = 100 }");
    within_999(&o.iter().map(|r| r.numbers[0].blocking_probability).collect::<Vec<_>>(), b, "blocking per attempt");
    let never = b * (1.0 - p) / (1.0 - p * b);
    let share = |r: &ReplicationOutcome| r.numbers[0].never_through as f64 / r.numbers[0].callers as f64;
    within_999(&o.iter().map(share).collect::<Vec<_>>(), never, "callers who never got through");
    for r in &o {
        let n = &r.numbers[0];
        assert_eq!(n.offered, n.callers + n.redials, "every attempt is a first call or a redial");
        assert_eq!(n.carried_in + n.offered, n.completed + n.blocked + n.dropped + n.in_progress);
    }
}

#[test]
fn when_every_blocked_caller_retries_the_extended_erlang_b_figure_holds() {
    // p = 1, at most 5 attempts: attempts per caller = 1 + B + B^2 + B^3 + B^4,
    // B = ErlangB(10, 7 (1 + B + ... + B^4)) = 0.11933, and a caller never
    // gets through only if all 5 attempts fail: B^5 = 2.4e-5.
    let b = fixed_point(10, 7.0, |b| (0..5).map(|i| b.powi(i)).sum());
    assert!((b - 0.11933).abs() < 5e-5, "{b}");
    let o = runs("{ probability = 1.0, delay = \"6h\", max_attempts = 5 }");
    within_999(&o.iter().map(|r| r.numbers[0].blocking_probability).collect::<Vec<_>>(), b, "blocking per attempt");
    // Redials per caller = B + B^2 + B^3 + B^4.
    let per_caller = |r: &ReplicationOutcome| r.numbers[0].redials as f64 / r.numbers[0].callers as f64;
    within_999(&o.iter().map(per_caller).collect::<Vec<_>>(), (1..5).map(|i| b.powi(i)).sum(), "redials per caller");
}

#[test]
fn redial_keys_are_checked() {
    let bad = |redial: &str| {
        let text = format!(
            "[simulation]\nhorizon = \"1h\"\n[[az]]\nname = \"a\"\n[[carrier]]\nname = \"c\"\n[[link]]\ncarrier = \"c\"\naz = \"a\"\nchannels = 1\n[[number]]\nname = \"n\"\ntype = \"did\"\ncarrier = \"c\"\n[[traffic]]\nnumber = \"n\"\narrivals = {{ kind = \"poisson\", calls_per_hour = 4 }}\nholding = {{ kind = \"fixed\", value = \"1m\" }}\nredial = {redial}\n"
        );
        Scenario::from_toml_str(&text, "bad.toml").map(|_| ()).unwrap_err().to_string()
    };
    assert!(bad("{ probability = 1.5, delay = \"1m\" }").contains("`traffic[0].redial.probability`"));
    assert!(bad("{ probability = 0.5, delay = \"0s\" }").contains("`traffic[0].redial.delay`"));
    assert!(
        bad("{ probability = 0.5, delay = \"1m\", max_attempts = 0 }").contains("`traffic[0].redial.max_attempts`")
    );
    assert!(bad("{ probability = 0.5 }").contains("`traffic[0].redial`"));
}
