//! Queued callbacks against theory (issue #16). The queue is Erlang C's
//! (200 calls an hour of exponential 3-minute handle time, 14 agents, no
//! abandonment, no IVR) on ample trunks; every check is a 99.9% Student-t
//! interval over replications with fixed seeds (`common::within_999`).

mod common;

use callsim::experiment::run_replications;
use callsim::scenario::Scenario;
use callsim::sim::ReplicationOutcome;
use callsim::stats::erlang::erlang_c;
use common::within_999;

/// Replications of each design.
const REPLICATIONS: u64 = 20;

/// The Erlang C queue, with `callback` (a TOML inline table, or nothing).
fn design(callback: &str) -> Scenario {
    let text = format!(
        "[simulation]\nhorizon = \"10d\"\nwarmup = \"3h\"\nreplications = 20\nseed = 1617\n\
         [instance]\nivr = \"0s\"\n\
         [[az]]\nname = \"a\"\n[[carrier]]\nname = \"c\"\n[[link]]\ncarrier = \"c\"\naz = \"a\"\nchannels = 1000\n\
         [[number]]\nname = \"n\"\ntype = \"did\"\ncarrier = \"c\"\nmax_concurrent = 1000\n\
         [[queue]]\nname = \"q\"\nagents = 14\nhandle = {{ kind = \"exponential\", mean = \"3m\" }}\n{callback}\n\
         [[traffic]]\nnumber = \"n\"\nqueue = \"q\"\narrivals = {{ kind = \"poisson\", calls_per_hour = 200 }}\n"
    );
    Scenario::from_toml_str(&text, "callbacks.toml").expect("valid")
}

fn run(s: &Scenario) -> Vec<ReplicationOutcome> {
    run_replications(s, 0..REPLICATIONS)
}

#[test]
fn the_share_never_reached_is_one_minus_p_to_the_k() {
    // Each dial is answered with p = 0.6, independently; with k = 3 dials at
    // most, a callback is never reached with probability 0.4^3 = 0.064.
    let o = run(&design(
        "callback = { after = \"10s\", accept = 0.8, answer_probability = 0.6, max_attempts = 3, retry_delay = \"5m\", ring = \"20s\" }",
    ));
    let share: Vec<f64> = (o.iter().map(|r| &r.queues[0]))
        .map(|q| q.callbacks_never_reached as f64 / (q.callbacks_reached + q.callbacks_never_reached) as f64)
        .collect();
    within_999(&share, 0.4f64.powi(3), "share never reached");
    for r in &o {
        let q = &r.queues[0];
        assert!(q.callbacks_accepted > 100, "callbacks happen: {q:?}");
        // Ample trunks: no dial is blocked; accepted contacts end reached,
        // never reached, or are still pending at the end (a few).
        assert_eq!(q.callback_dials_blocked, 0);
        assert!(q.callbacks_reached + q.callbacks_never_reached <= q.callbacks_accepted + 20);
        assert_eq!(q.entered, q.answered + q.abandoned + q.callbacks_accepted);
    }
}

#[test]
fn callbacks_lower_instance_occupancy_by_rate_times_queue_time_avoided() {
    // Erlang C, N = 14, a = 10, h = 180 s: P(W > t) = C e^{-(N - a) t / h}
    // and, past t, the remaining wait is exponential of mean h / (N - a) =
    // 45 s. A caller still waiting at t = 20 s accepts with s = 0.5; the
    // contact keeps their place (no initial delay), is always answered, so
    // agents serve exactly as without callbacks (common random numbers):
    // the instance is spared the remaining wait of every accepted caller.
    // Drop = callback rate x time avoided = lambda s C e^{-4 t / h} x 45 s.
    let (lambda, s, t, h) = (200.0 / 3600.0, 0.5, 20.0, 180.0);
    let c = erlang_c(14, 10.0);
    let rate = lambda * s * c * (-(14.0f64 - 10.0) * t / h).exp();
    let drop = rate * h / 4.0;
    let base = run(&design(""));
    let with = run(&design("callback = { after = \"20s\", accept = 0.5, answer_probability = 1.0 }"));
    let diff: Vec<f64> =
        base.iter().zip(&with).map(|(a, b)| a.instance.mean_concurrency - b.instance.mean_concurrency).collect();
    within_999(&diff, drop, "drop in instance occupancy, Erlangs");
    // The accepted rate itself, per second of the window (10 days).
    let accepted: Vec<f64> = with.iter().map(|r| r.queues[0].callbacks_accepted as f64 / 864_000.0).collect();
    within_999(&accepted, rate, "callbacks accepted per second");
    // Agents do the same work: occupancy unchanged (to rounding).
    for (a, b) in base.iter().zip(&with) {
        assert!((a.queues[0].occupancy - b.queues[0].occupancy).abs() < 1e-9);
    }
}

#[test]
fn bad_callback_input_names_its_key() {
    for (cb, key) in [
        ("callback = { after = \"10s\", accept = 1.5, answer_probability = 0.5 }", "queue[0].callback.accept"),
        (
            "callback = { after = \"10s\", accept = 0.5, answer_probability = -0.1 }",
            "queue[0].callback.answer_probability",
        ),
        (
            "callback = { after = \"10s\", accept = 0.5, answer_probability = 0.5, max_attempts = 0 }",
            "queue[0].callback.max_attempts",
        ),
    ] {
        let s = format!(
            "[[az]]\nname = \"a\"\n[[carrier]]\nname = \"c\"\n[[link]]\ncarrier = \"c\"\naz = \"a\"\nchannels = 10\n\
             [[number]]\nname = \"n\"\ntype = \"did\"\ncarrier = \"c\"\n\
             [[queue]]\nname = \"q\"\nagents = 2\nhandle = {{ kind = \"exponential\", mean = \"3m\" }}\n{cb}\n\
             [[traffic]]\nnumber = \"n\"\nqueue = \"q\"\narrivals = {{ kind = \"poisson\", calls_per_hour = 20 }}\n"
        );
        let err = Scenario::from_toml_str(&s, "bad.toml").expect_err("invalid");
        assert!(format!("{err}").contains(key), "{err} should name {key}");
    }
}
