//! Staffing profiles by hour (issue #16): a queue whose staff changes
//! through the day, against the fixed staff it reduces to and against
//! Erlang C hour by hour. Every statistical check is a 99.9% Student-t
//! interval over replications with fixed seeds (`common::within_999`).

mod common;

use callsim::experiment::{Runner, run_replications};
use callsim::scenario::Scenario;
use callsim::sim::{QueueOutcome, ReplicationOutcome};
use callsim::stats::erlang::erlang_c_service_level;
use common::within_999;

/// Replications of each design.
const REPLICATIONS: u64 = 20;
/// Mean handle time, seconds (10 Erlangs at 200 calls an hour).
const HANDLE_S: f64 = 180.0;

/// 200 calls an hour of exponential 3-minute handle time (10 Erlangs) to
/// a queue staffed by `agents` (a count or a profile table), on ample
/// trunks (5,000 channels and calls on the number: a closed half-day's
/// callers all wait); `queue_extra` is added to the `[[queue]]`.
fn design(agents: &str, queue_extra: &str) -> Scenario {
    let text = format!(
        "[simulation]\nhorizon = \"10d\"\nwarmup = \"3h\"\nreplications = {REPLICATIONS}\nseed = 16\n\
         [[az]]\nname = \"a\"\n[[carrier]]\nname = \"c\"\n[[link]]\ncarrier = \"c\"\naz = \"a\"\nchannels = 5000\n\
         [[number]]\nname = \"n\"\ntype = \"did\"\ncarrier = \"c\"\nmax_concurrent = 5000\n\
         [[queue]]\nname = \"q\"\nagents = {agents}\nhandle = {{ kind = \"exponential\", mean = \"3m\" }}\n{queue_extra}\n\
         [[traffic]]\nnumber = \"n\"\nqueue = \"q\"\narrivals = {{ kind = \"poisson\", calls_per_hour = 200 }}\n"
    );
    Scenario::from_toml_str(&text, "staffing.toml").expect("valid")
}

/// A day profile `{ kind = "profile", hourly = [...] }` of `day`.
fn hourly(day: &[u32; 24]) -> String {
    let hours: Vec<String> = day.iter().map(u32::to_string).collect();
    format!("{{ kind = \"profile\", hourly = [{}] }}", hours.join(", "))
}

fn run(s: &Scenario) -> Vec<ReplicationOutcome> {
    run_replications(s, 0..REPLICATIONS)
}

/// Per-replication values of `f` over queue 0.
fn per(outcomes: &[ReplicationOutcome], f: impl Fn(&QueueOutcome) -> f64) -> Vec<f64> {
    outcomes.iter().map(|o| f(&o.queues[0])).collect()
}

#[test]
fn a_flat_profile_is_the_fixed_staff_to_the_last_bit() {
    let patience = "patience = { kind = \"exponential\", mean = \"5m\" }";
    let fixed = run(&design("14", patience));
    let flat = run(&design(&hourly(&[14; 24]), patience));
    for (f, p) in fixed.iter().zip(&flat) {
        assert_eq!(f.queues, p.queues);
        assert_eq!(f.numbers, p.numbers);
        assert_eq!(p.queues[0].mean_scheduled_agents, 14.0);
        assert_eq!(p.queues[0].mean_overtime_agents, 0.0);
    }
}

#[test]
fn half_a_day_at_14_agents_and_half_at_15_meets_the_mean_of_erlang_c() {
    // 00:00-12:00 at 14 agents, 12:00-24:00 at 15, 10 Erlangs all day: the
    // day's service level is the mean of the two Erlang C levels (each half
    // gets half the calls). The transient after each change lasts minutes
    // (about h / (sqrt(N) - sqrt(A))^2 = 9 min), a bias below 1e-4 against
    // an interval of about 2e-3.
    let mut day = [14; 24];
    day[12..].fill(15);
    let o = run(&design(&hourly(&day), ""));
    let sl =
        0.5 * (erlang_c_service_level(14, 10.0, HANDLE_S, 20.0) + erlang_c_service_level(15, 10.0, HANDLE_S, 20.0));
    assert!((sl - 0.5 * (0.88835 + 0.941453)).abs() < 1e-5);
    within_999(&per(&o, |q| q.answered_within as f64 / q.entered as f64), sl, "SL(20 s) over the day");
    for q in o.iter().map(|r| &r.queues[0]) {
        // The window is 10 whole days: 14.5 agents on average, exactly.
        assert_eq!(q.mean_scheduled_agents, 14.5);
        assert_eq!(q.occupancy, q.mean_busy_agents / 14.5);
    }
    // Little's law on the agents: busy agents = answered rate x handle time.
    within_999(&per(&o, |q| q.mean_busy_agents), 10.0, "busy agents");
}

#[test]
fn a_closed_half_day_keeps_callers_waiting_and_agents_finish_their_calls() {
    // Open 18:00-06:00 with 40 agents (ample for 10 Erlangs: P(wait) below
    // 1e-9), closed 06:00-18:00; callers wait for as long as it takes. The
    // window starts and ends at midnight, when the morning's backlog (about
    // 2,400 callers, cleared by 40 agents in about 3 hours) is long gone.
    let mut day = [40; 24];
    day[6..18].fill(0);
    let o = run(&design(&hourly(&day), ""));
    let horizon_s = 10.0 * 86_400.0;
    for q in o.iter().map(|r| &r.queues[0]) {
        assert_eq!(q.mean_scheduled_agents, 20.0);
        assert_eq!(q.answered, q.entered, "nobody abandons");
        // Little's law on the queue, exactly: every counted caller waits
        // inside the window, and nobody waits at either end of it.
        let area = q.mean_waiting * horizon_s;
        assert!((area - q.wait_s).abs() <= 1e-9 * q.wait_s, "waiting area {area} vs waits {}", q.wait_s);
        // A caller of the closed half waits at least until 18:00: 6 hours
        // on average, and they are half the callers.
        let mean_wait = q.wait_s / q.entered as f64;
        assert!(mean_wait > 0.5 * 6.0 * 3_600.0, "mean wait {mean_wait} s");
    }
    // At 06:00 the agents still talking (10 on average: the whole load,
    // nobody waiting) finish their calls, an exponential 3 minutes each
    // (memoryless): 10 x 180 agent-seconds of overtime a day.
    within_999(&per(&o, |q| q.mean_overtime_agents), 10.0 * HANDLE_S / 86_400.0, "overtime agents");
    // Everyone is answered within the day, so the busy agents are the whole load.
    within_999(&per(&o, |q| q.mean_busy_agents), 10.0, "busy agents");
}

#[test]
fn the_report_states_the_profile() {
    let mut day = [14; 24];
    day[12..].fill(15);
    let s = design(&hourly(&day), "").with_replications(4).unwrap();
    let report = Runner::with_threads(0).run(&s);
    let q = report.queues.get("q").expect("the queue is in its report");
    assert_eq!(q.agents, 15, "the seats: the profile's peak");
    let staffing = q.staffing.as_ref().expect("a profile is reported");
    assert_eq!(staffing.mean_scheduled_agents, 14.5);
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["queues"]["q"]["staffing"]["mean_scheduled_agents"], 14.5);
    // A fixed staff reports no staffing block.
    let fixed = Runner::with_threads(0).run(&design("14", "").with_replications(4).unwrap());
    assert!(fixed.queues.get("q").unwrap().staffing.is_none());
    assert!(serde_json::to_value(&fixed).unwrap()["queues"]["q"].get("staffing").is_none());
    // The table and the CSV carry the same figures.
    let table = callsim::report::to_table(&report);
    let line = table.lines().skip_while(|l| !l.starts_with("Staffing by the hour")).nth(2).expect("a staffing row");
    let cells: Vec<&str> = line.split_whitespace().collect();
    assert_eq!(&cells[..3], &["q", "15", "14.500"], "{line}");
    assert!(!callsim::report::to_table(&fixed).contains("Staffing by the hour"));
    let csv = callsim::report::to_csv(&report);
    let overtime = staffing.mean_overtime_agents.mean;
    assert!(csv.contains("queue,q,staffing.mean_scheduled_agents,14.5,"), "{csv}");
    let row = csv.lines().find(|l| l.starts_with("queue,q,staffing.mean_overtime_agents,")).expect("an overtime row");
    let mean: f64 = row.split(',').nth(3).unwrap().parse().unwrap();
    assert_eq!(mean, overtime);
}
