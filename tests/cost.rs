//! The cost model against theory: in an M/M/c/c design the carried load is
//! A (1 - B(c, A)) Erlangs (Erlang B), so the minutes charged per month,
//! hence the cost, are known in closed form.

mod common;

use callsim::cost::DAYS_PER_MONTH;
use callsim::experiment::Runner;
use callsim::model::{NumberPrices, Prices};
use callsim::scenario::Scenario;
use callsim::stats::student_t_quantile;
use callsim::traffic::HoldingTime;
use common::{erlang_b, within_999};

const DAY_S: f64 = 86_400.0;

fn prices() -> Prices {
    Prices {
        currency: "USD".into(),
        service_per_minute: 0.018,
        toll_free: NumberPrices { per_minute: 0.012, per_day: 0.06 },
        did: NumberPrices { per_minute: 0.0022, per_day: 0.03 },
        numbers: Vec::new(),
    }
}

/// One DID with cap `c`, offered `erlangs` of 3-minute exponential calls, over `days` days.
fn mmcc(c: u32, erlangs: f64, days: f64, replications: u32) -> Scenario {
    Scenario::builder("mmcc cost")
        .horizon_s(days * DAY_S)
        .warmup_s(3_600.0)
        .replications(replications)
        .seed(11)
        .az("az1")
        .carrier("a")
        .link("a", "az1", 10_000)
        .did("d", "a", Some(c))
        .poisson("d", erlangs * 20.0, HoldingTime::Exponential { mean_s: 180.0 })
        .prices(&prices())
        .build()
        .unwrap()
}

#[test]
fn monthly_cost_follows_the_carried_load_of_erlang_b() {
    // c = 50, A = 45 Erlangs: B = erlang_b(50, 45) ~ 5.2%, carried 42.7 Erlangs.
    // Per month: 42.7 Erlangs x 43,830 minutes x (0.0022 + 0.018) + 0.03 x 30.4375.
    let s = mmcc(50, 45.0, 7.0, 20);
    let outcomes = callsim::experiment::run_replications(&s, 0..20);
    let carried = 45.0 * (1.0 - erlang_b(50, 45.0));
    let minutes_per_month = DAYS_PER_MONTH * 24.0 * 60.0;
    let want = carried * minutes_per_month * (0.0022 + 0.018) + 0.03 * DAYS_PER_MONTH;
    let h = s.simulation().horizon_s();
    let per_month: Vec<f64> =
        outcomes.iter().map(|o| callsim::summary::cost_per_month(s.model(), &prices(), o, h)).collect();
    within_999(&per_month, want, "cost per month");
    // The report says the same, split by charge.
    let report = callsim::summary::Report::new(&s, &outcomes);
    let cost = report.cost.as_ref().expect("priced");
    assert!((cost.total.per_month.mean - per_month.iter().sum::<f64>() / 20.0).abs() < 1e-6);
    let split =
        cost.total.telephony_per_month.mean + cost.total.service_per_month.mean + cost.total.numbers_per_month.mean;
    assert!((split - cost.total.per_month.mean).abs() < 1e-6);
    assert!((cost.total.numbers_per_month.mean - 0.03 * DAYS_PER_MONTH).abs() < 1e-9);
    assert!((cost.total.per_day.mean * DAYS_PER_MONTH - cost.total.per_month.mean).abs() < 1e-6);
    // Per completed call: every minute of a call costs 0.0202, 3 minutes on
    // average, plus the day's rental shared by the day's completed calls
    // (45 x 20 x 24 x (1 - B) of them).
    let calls_per_day = 45.0 * 20.0 * 24.0 * (1.0 - erlang_b(50, 45.0));
    let per_call = 3.0 * (0.0022 + 0.018) + 0.03 / calls_per_day;
    let got = cost.total.per_completed_call.expect("calls completed");
    assert!((got.mean - per_call).abs() <= got.ci95.unwrap().max(1e-3 * per_call), "{got:?} vs {per_call}");
}

#[test]
fn compare_prices_each_nine_of_availability() {
    // The same DID traffic on one carrier that fails, then on a toll-free
    // number over two such carriers: more nines, more cost per minute.
    let design = |two: bool| {
        let failing = Some(callsim::faults::FailureProcess {
            mtbf_s: 5.0 * DAY_S,
            mttr_s: 4.0 * 3_600.0,
            time_to_failure: callsim::faults::Lifetime::Exponential,
            time_to_repair: callsim::faults::Lifetime::Exponential,
        });
        let mut b = Scenario::builder(if two { "toll-free" } else { "did" })
            .horizon_s(28.0 * DAY_S)
            .replications(10)
            .seed(5)
            .az("az1")
            .carrier_failing("a", failing.clone())
            .carrier_failing("b", failing)
            .link("a", "az1", 500)
            .link("b", "az1", 500);
        b = if two { b.toll_free("main", &["a", "b"]) } else { b.did("main", "a", None) };
        b.poisson("main", 600.0, HoldingTime::Exponential { mean_s: 180.0 }).prices(&prices()).build().unwrap()
    };
    let designs = vec![("did".to_string(), design(false)), ("toll-free".to_string(), design(true))];
    let c = callsim::experiment::compare::compare(&designs, &Runner::default()).unwrap();
    let (base, tf) = (&c.decision[0], &c.decision[1]);
    let v = tf.versus_baseline.as_ref().expect("against the baseline");
    // Availability: a carrier up 5 d / (5 d + 4 h) = 0.96774; two in parallel 0.99896.
    // The 95% half-width widened to 99.9% (Student t, 9 degrees of freedom).
    let widen = student_t_quantile(0.9995, 9.0) / student_t_quantile(0.975, 9.0);
    let a = base.availability;
    assert!((a.mean - 120.0 / 124.0).abs() <= a.ci95.unwrap() * widen, "{a:?} vs {}", 120.0 / 124.0);
    assert!(
        v.availability.excludes_zero() && v.availability.mean > 0.0,
        "toll-free gains availability: {:?}",
        v.availability
    );
    // The paired difference of means is the difference of the means.
    let extra = v.cost_per_month.expect("both priced");
    let (b, t) = (base.cost_per_month.unwrap().mean, tf.cost_per_month.unwrap().mean);
    assert!((extra.mean - (t - b)).abs() < 1e-6 * t);
    // 10 Erlangs x 43,830 min x 0.0098 more per minute (toll-free 0.012 vs DID 0.0022),
    // plus 0.03 more rental per day.
    // 600 calls/h x 3 min = 30 Erlangs, carried while a route is up
    // (500 channels: no capacity blocking): 30 A Erlangs x 43,830 minutes a
    // month, at 0.0022 + 0.018 per minute on the DID (A = 120/124) and
    // 0.012 + 0.018 on the toll-free number (A = 1 - (4/124)^2), plus 0.03
    // more rental per day. (Calls cut by failures lose a few minutes more:
    // well within the interval.)
    let minutes = 30.0 * DAYS_PER_MONTH * 1440.0;
    let (a_did, a_tf) = (120.0 / 124.0, 1.0 - (4.0f64 / 124.0).powi(2));
    let want = minutes * (a_tf * 0.030 - a_did * 0.0202) + 0.03 * DAYS_PER_MONTH;
    assert!((extra.mean - want).abs() <= extra.ci95.unwrap() * widen, "{extra:?} vs {want}");
    let gained = v.nines_gained.expect("both saw outages");
    let per_nine = v.cost_per_nine.expect("nines gained at a price");
    assert!((per_nine - extra.mean / gained).abs() < 1e-9 * per_nine.abs());
    assert!(gained > 1.0, "one carrier: 1.5 nines; two: about 3 ({gained})");
}

#[test]
fn months_from_part_of_a_weekly_profile_are_flagged() {
    // busy-week's traffic follows a weekly profile (quiet weekends): three
    // days of it (Monday to Wednesday) are busier than the week's average,
    // so extrapolating them to a month overstates its cost. The report says
    // so; a whole week does not.
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/");
    let text = std::fs::read_to_string(format!("{root}busy-week.toml")).unwrap()
        + "\n[cost]\ncurrency = \"USD\"\nservice_per_minute = 0.018\n[cost.toll-free]\nper_minute = 0.012\nper_day = 0.06\n[cost.did]\nper_minute = 0.0022\nper_day = 0.03\n";
    let s = Scenario::from_toml_str(&text, "busy-week.toml").unwrap().with_replications(2).unwrap();
    let warning = |days: f64| {
        let r = Runner::default().run(&s.with_horizon_s(days * 86_400.0).unwrap());
        r.cost.expect("priced").warning
    };
    let part = warning(3.0).expect("3 days of a weekly profile are flagged");
    assert!(part.contains("0.43 weeks"), "{part}");
    assert_eq!(warning(7.0), None);
}
