//! The warm-up a design needs, against the M/G/∞ fill-up it is derived
//! from: calls in progress from empty reach `a (1 - e^(-t/h))` at `t` for
//! exponential holding times of mean `h`.

mod common;

use callsim::experiment::run_replications;
use callsim::scenario::Scenario;
use common::within_999;

/// 200 calls/h x 3 min = 10 Erlangs on a DID with no cap that binds, over a
/// window of `horizon` after `warmup`, 2,000 replications.
fn filling(warmup: &str, horizon: &str) -> Scenario {
    let text = format!(
        "[simulation]\nhorizon = \"{horizon}\"\nwarmup = \"{warmup}\"\nreplications = 2000\nseed = 3\n[[az]]\nname = \"a\"\n[[carrier]]\nname = \"c\"\n[[link]]\ncarrier = \"c\"\naz = \"a\"\nchannels = 10000\n[[number]]\nname = \"n\"\ntype = \"did\"\ncarrier = \"c\"\n[[traffic]]\nnumber = \"n\"\narrivals = {{ kind = \"poisson\", calls_per_hour = 200 }}\nholding = {{ kind = \"exponential\", mean = \"3m\" }}\n"
    );
    Scenario::from_toml_str(&text, "fill.toml").expect("valid")
}

fn mean_concurrency(s: &Scenario) -> Vec<f64> {
    run_replications(s, 0..s.simulation().replications() as u64).iter().map(|o| o.numbers[0].mean_concurrency).collect()
}

#[test]
fn calls_in_progress_fill_up_as_the_warm_up_figure_assumes() {
    let (a, h) = (10.0, 180.0_f64);
    // The design needs h ln 100 = 828.93 s: the shortfall is then 1%.
    let need = filling("0s", "3m").model().warmup_need();
    assert!((need.needed_s - h * 100f64.ln()).abs() < 1e-6, "{need:?}");
    assert_eq!(need.driven_by.as_deref(), Some("n#0"));
    // Without warm-up, the first 3 minutes average a (1 - (1 - e^-1)) = a/e = 3.679 calls.
    within_999(&mean_concurrency(&filling("0s", "3m")), a / std::f64::consts::E, "no warm-up");
    // After the needed warm-up T, the window [T, T + h] averages
    // a (1 - (e^(-T/h) - e^(-(T+h)/h))) = a (1 - 0.01 (1 - e^-1)) = 9.9368.
    let s = filling("0s", "3m").with_warmup_s(need.needed_s).unwrap();
    within_999(&mean_concurrency(&s), a * (1.0 - 0.01 * (1.0 - (-1.0f64).exp())), "the needed warm-up");
    // The report says whether the warm-up is long enough.
    let short = callsim::experiment::run(&filling("10m", "3m").with_replications(2).unwrap());
    assert!(!short.warmup_check.long_enough);
    let long = callsim::experiment::run(&filling("14m", "3m").with_replications(2).unwrap());
    assert!(long.warmup_check.long_enough, "14 min > 13.8 min");
}
