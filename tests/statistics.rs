//! The statistics, checked as a statistician would: intervals that cover
//! the truth as often as they claim, and a familywise correction that keeps
//! two designs that do not differ from being called different.

mod common;

use callsim::experiment::Runner;
use callsim::experiment::compare::compare;
use callsim::scenario::Scenario;
use common::erlang_b;

/// One DID capped at 10 calls, offered 100 calls/h x 3 min = 5 Erlangs
/// (Erlang B(10, 5) = 1.8385%), over 2 days after a 2-hour warm-up.
fn erlang_design(seed: u64) -> Scenario {
    let text = format!(
        "[simulation]\nhorizon = \"2d\"\nwarmup = \"2h\"\nreplications = 10\nseed = {seed}\n[[az]]\nname = \"a\"\n[[carrier]]\nname = \"c\"\n[[link]]\ncarrier = \"c\"\naz = \"a\"\nchannels = 100\n[[number]]\nname = \"n\"\ntype = \"did\"\ncarrier = \"c\"\nmax_concurrent = 10\n[[traffic]]\nnumber = \"n\"\narrivals = {{ kind = \"poisson\", calls_per_hour = 100 }}\nholding = {{ kind = \"exponential\", mean = \"3m\" }}\n"
    );
    Scenario::from_toml_str(&text, "erlang.toml").expect("valid")
}

#[test]
fn intervals_cover_erlang_b_as_often_as_they_claim() {
    // 1,000 independent experiments (seeds) of 10 replications each: each
    // gives a 95% interval of the blocking probability (a ratio of totals,
    // delta method) and of the blocked calls per replication (with the
    // callers as a control variate, whose truth is 100/h x 48 h x B).
    // Coverage is Binomial(1000, 0.95): sd = sqrt(1000 x 0.95 x 0.05) = 6.9,
    // so 930..=970 (93-97%) is 0.95 +- 2.9 sd, a band a correct interval
    // leaves with probability 0.4%.
    let b = erlang_b(10, 5.0);
    let blocked_per_replication = 100.0 * 48.0 * b;
    let runner = Runner::with_threads(0);
    let (mut ratio_covers, mut count_covers) = (0, 0);
    for seed in 0..1000 {
        let r = runner.run(&erlang_design(1_000 + seed));
        let n = r.numbers.get("n").unwrap();
        ratio_covers += n.blocking_probability.contains(b) as u32;
        count_covers += n.blocked.contains(blocked_per_replication) as u32;
    }
    eprintln!("coverage of 1000 intervals: blocking {ratio_covers}, blocked calls {count_covers}");
    assert!((930..=970).contains(&ratio_covers), "blocking probability covered {ratio_covers} of 1000");
    assert!((930..=970).contains(&count_covers), "blocked calls covered {count_covers} of 1000");
}

/// Two numbers on a carrier that fails often, over two zones; the failing
/// elements are named after `tag`, so two designs with different tags fail
/// independently (streams are named after elements) while their callers
/// arrive identically: they do not differ, except by chance.
fn failing_design(tag: &str) -> String {
    format!(
        "[simulation]\nhorizon = \"3d\"\nwarmup = \"1h\"\nreplications = 6\n[[az]]\nname = \"az1-{tag}\"\nmtbf = \"2d\"\nmttr = \"1h\"\n[[az]]\nname = \"az2-{tag}\"\nmtbf = \"2d\"\nmttr = \"1h\"\n[[carrier]]\nname = \"c-{tag}\"\nmtbf = \"1d\"\nmttr = \"30m\"\n[[link]]\ncarrier = \"c-{tag}\"\naz = \"az1-{tag}\"\nchannels = 30\nmtbf = \"12h\"\nmttr = \"20m\"\n[[link]]\ncarrier = \"c-{tag}\"\naz = \"az2-{tag}\"\nchannels = 30\n[[number]]\nname = \"sales\"\ntype = \"did\"\ncarrier = \"c-{tag}\"\nmax_concurrent = 20\n[[number]]\nname = \"support\"\ntype = \"did\"\ncarrier = \"c-{tag}\"\nmax_concurrent = 12\n[[traffic]]\nnumber = \"sales\"\narrivals = {{ kind = \"poisson\", calls_per_hour = 300 }}\nholding = {{ kind = \"exponential\", mean = \"3m\" }}\n[[traffic]]\nnumber = \"support\"\narrivals = {{ kind = \"poisson\", calls_per_hour = 200 }}\nholding = {{ kind = \"exponential\", mean = \"3m\" }}\n"
    )
}

#[test]
fn designs_that_do_not_differ_are_not_called_different() {
    // 100 seeds; each compares two designs that differ only by chance (18
    // number metrics). After Holm's correction, at most 5 seeds may flag a
    // metric (familywise error 5%: 5 expected, and more than 5 means the
    // correction does not hold). Uncorrected, 18 tests at 5% each flag some
    // metric far more often: the correction must be what keeps the count down.
    let runner = Runner::with_threads(0);
    let (mut flagged, mut flagged_raw) = (0, 0);
    for seed in 0..100 {
        let design = |tag: &str| {
            let text = failing_design(tag).replace("replications = 6", &format!("replications = 6\nseed = {seed}"));
            Scenario::from_toml_str(&text, "same.toml").expect("valid")
        };
        let c = compare(&[("a".into(), design("a")), ("b".into(), design("b"))], &runner).unwrap();
        assert_eq!(c.correction, "holm");
        assert!(c.differences.iter().all(|d| d.section == "number"), "links are named apart");
        flagged += c.differences.iter().any(|d| d.significant) as u32;
        flagged_raw += c.differences.iter().any(|d| d.significant_raw) as u32;
    }
    eprintln!("seeds flagging a difference: {flagged} after Holm, {flagged_raw} raw");
    assert!(flagged <= 5, "{flagged} of 100 seeds flag a difference after correction");
    assert!(flagged_raw > flagged, "raw {flagged_raw} vs corrected {flagged}: the correction did nothing");
}
