//! `compare` and `sweep` carry the figures of queues of agents (service
//! level, abandonment, ASA, mean wait, occupancy), checked against Erlang C.

use callsim::experiment::Runner;
use callsim::experiment::compare::{QUEUE_METRICS, compare};
use callsim::experiment::sweep::{self, Setting};
use callsim::report::experiments::{comparison_csv, comparison_json, comparison_table, sweep_table};
use callsim::scenario::Scenario;
use callsim::stats::erlang::{erlang_c, erlang_c_asa_s, erlang_c_service_level};

/// 200 calls an hour of exponential 3-minute handle time (10 Erlangs) to a
/// queue of `agents` patient agents behind ample trunks, 10 days x 10.
fn text(agents: u32) -> String {
    format!(
        "[simulation]\nhorizon = \"10d\"\nwarmup = \"3h\"\nreplications = 10\nseed = 17\n\
         [[az]]\nname = \"a\"\n[[carrier]]\nname = \"c\"\n[[link]]\ncarrier = \"c\"\naz = \"a\"\nchannels = 1000\n\
         [[number]]\nname = \"n\"\ntype = \"did\"\ncarrier = \"c\"\n\
         [[queue]]\nname = \"q\"\nagents = {agents}\nhandle = {{ kind = \"exponential\", mean = \"3m\" }}\n\
         [[traffic]]\nnumber = \"n\"\nqueue = \"q\"\narrivals = {{ kind = \"poisson\", calls_per_hour = 200 }}\n"
    )
}

fn scenario(agents: u32) -> Scenario {
    Scenario::from_toml_str(&text(agents), "queue.toml").expect("valid")
}

/// Student's t quantiles for 9 degrees of freedom (10 replications):
/// the 99.9% interval's half-width over the 95% interval's, 4.781 / 2.262.
const CI999_OVER_CI95: f64 = 4.780_912_585 / 2.262_157_163;

/// `want` within the 99.9% interval of `s` (10 replications, the seed fixed).
#[track_caller]
fn near(s: &callsim::stats::Summary, want: f64, what: &str) {
    let h = s.ci95.expect("several replications") * CI999_OVER_CI95;
    assert!((s.mean - want).abs() <= h, "{what}: {} ± {h} (99.9%) vs {want}", s.mean);
}

#[test]
fn compare_pairs_each_queue_of_the_same_name() {
    // 14 agents against 15 at 10 Erlangs (Erlang C): service level (20 s)
    // 0.88835 -> 0.941453, ASA 26.1 s -> 12.2 s, occupancy 10/14 -> 10/15.
    let c = compare(&[("14".into(), scenario(14)), ("15".into(), scenario(15))], &Runner::with_threads(1)).unwrap();
    let find = |metric: &str| {
        (c.differences.iter())
            .find(|d| d.section == "queue" && d.name == "q" && d.metric == metric)
            .unwrap_or_else(|| panic!("no queue difference {metric}"))
    };
    for metric in QUEUE_METRICS.map(|(m, _)| m) {
        find(metric);
    }
    let sl = find("service_level");
    near(&sl.baseline, erlang_c_service_level(14, 10.0, 180.0, 20.0), "SL, 14 agents");
    near(&sl.value, erlang_c_service_level(15, 10.0, 180.0, 20.0), "SL, 15 agents");
    assert!(sl.significant && sl.difference.mean > 0.0, "{sl:?}");
    let asa = find("asa_s");
    near(&asa.baseline, erlang_c_asa_s(14, 10.0, 180.0), "ASA, 14 agents");
    near(&asa.value, erlang_c_asa_s(15, 10.0, 180.0), "ASA, 15 agents");
    assert!(asa.significant && asa.difference.mean < 0.0, "{asa:?}");
    let occupancy = find("occupancy");
    near(&occupancy.baseline, 10.0 / 14.0, "occupancy, 14 agents");
    near(&occupancy.value, 10.0 / 15.0, "occupancy, 15 agents");
    near(&find("probability_of_waiting").baseline, erlang_c(14, 10.0), "P(wait), 14 agents");
    // Patient callers: nobody abandons, in either design, and the difference is exactly 0.
    let ab = find("abandoned_share");
    assert_eq!((ab.baseline.mean, ab.value.mean, ab.difference.mean), (0.0, 0.0, 0.0));
    assert!(!ab.significant);
    // In every rendering.
    let json: serde_json::Value = serde_json::from_str(&comparison_json(&c)).expect("valid JSON");
    let rows = json["differences"].as_array().expect("differences");
    assert!(rows.iter().any(|d| d["section"] == "queue" && d["metric"] == "service_level"));
    assert!(comparison_csv(&c).lines().any(|l| l.starts_with("15,queue,q,asa_s,")));
    assert!(comparison_table(&c).lines().any(|l| l.contains("queue") && l.contains("occupancy")));
}

#[test]
fn a_sweep_of_agents_tabulates_each_queue() {
    let settings = vec![Setting::parse("queue[0].agents=14,15").unwrap()];
    let s = scenario(14);
    let points = sweep::scenarios(&text(14), "queue.toml", s.sources(), &settings, |s| Ok(s.clone())).unwrap();
    let results = sweep::run(points, &Runner::with_threads(1));
    for (p, agents) in results.iter().zip([14, 15]) {
        let q = p.report.queues.get("q").expect("the queue");
        near(&q.service_level, erlang_c_service_level(agents, 10.0, 180.0, 20.0), &format!("SL, {agents}"));
    }
    let table = sweep_table(&results);
    let block = table.split("\n\n").find(|b| b.starts_with("Queues")).expect("a Queues table");
    let rows: Vec<&str> = block.lines().skip(2).collect();
    assert_eq!(rows.len(), 2, "{block}");
    assert!(rows[0].trim_start().starts_with("14") && rows[1].trim_start().starts_with("15"), "{block}");
    // Without queues, no Queues table.
    let plain = "[simulation]\nhorizon = \"1h\"\nreplications = 2\n[[az]]\nname = \"a\"\n[[carrier]]\nname = \"c\"\n\
                 [[link]]\ncarrier = \"c\"\naz = \"a\"\nchannels = 10\n[[number]]\nname = \"n\"\ntype = \"did\"\ncarrier = \"c\"\n\
                 [[traffic]]\nnumber = \"n\"\narrivals = { kind = \"poisson\", calls_per_hour = 60 }\n\
                 holding = { kind = \"exponential\", mean = \"3m\" }\n";
    let s = Scenario::from_toml_str(plain, "plain.toml").expect("valid");
    let settings = vec![Setting::parse("link[0].channels=5,10").unwrap()];
    let points = sweep::scenarios(plain, "plain.toml", s.sources(), &settings, |s| Ok(s.clone())).unwrap();
    let table = sweep_table(&sweep::run(points, &Runner::with_threads(1)));
    assert!(!table.contains("Queues"), "{table}");
}
