//! Every call is accounted for, with failures of every kind going on.

use crate::support::{replications, scenario};
use callsim::experiment;

/// A design where every block cause and every drop cause happens: failing
/// AZs, carriers and links (all four lifetime shapes), scheduled outages of
/// each kind, a re-route delay, number caps and an instance quota that bind,
/// and a warm-up (calls that arrive in it are not counted).
const BUSY_FAILING_DESIGN: &str = r#"
    [simulation]
    horizon = "2d"
    warmup = "30m"
    replications = 6
    seed = 81

    [instance]
    max_concurrent_calls = 150

    [[az]]
    name = "az1"
    mtbf = "20h"
    mttr = "1h"
    [[az]]
    name = "az2"
    mtbf = "30h"
    mttr = "30m"
    time_to_failure = { kind = "weibull", shape = 1.5 }

    [[carrier]]
    name = "a"
    mtbf = "10h"
    mttr = "1h"
    [[carrier]]
    name = "b"
    mtbf = "15h"
    mttr = "2h"
    time_to_repair = { kind = "lognormal", sd = "3h" }
    [[carrier]]
    name = "c"

    [[link]]
    carrier = "a"
    az = "az1"
    channels = 60
    mtbf = "5h"
    mttr = "20m"
    [[link]]
    carrier = "a"
    az = "az2"
    channels = 60
    [[link]]
    carrier = "b"
    az = "az1"
    channels = 40
    mtbf = "8h"
    mttr = "1h"
    time_to_failure = { kind = "fixed" }
    time_to_repair = { kind = "fixed" }
    [[link]]
    carrier = "b"
    az = "az2"
    channels = 40
    [[link]]
    carrier = "c"
    az = "az2"
    channels = 30
    mtbf = "4h"
    mttr = "30m"

    [[number]]
    name = "tf"
    type = "toll-free"
    carriers = ["a", "b"]
    max_concurrent = 120
    reroute_delay = "2m"
    [[number]]
    name = "did-a"
    type = "did"
    carrier = "a"
    max_concurrent = 40
    [[number]]
    name = "did-c"
    type = "did"
    carrier = "c"
    max_concurrent = 25
    [[number]]
    name = "tf2"
    type = "toll-free"
    carriers = ["b", "c"]

    [[traffic]]
    number = "tf"
    arrivals = { kind = "poisson", calls_per_hour = 2400 }
    holding = { kind = "exponential", mean = "3m" }
    [[traffic]]
    number = "did-a"
    arrivals = { kind = "poisson", calls_per_hour = 900 }
    holding = { kind = "exponential", mean = "3m" }
    [[traffic]]
    number = "did-c"
    arrivals = { kind = "poisson", calls_per_hour = 600 }
    holding = { kind = "lognormal", mean = "2m", sd = "3m" }
    [[traffic]]
    number = "tf2"
    arrivals = { kind = "poisson", calls_per_hour = 1200 }
    holding = { kind = "fixed", value = "2m" }

    [[outage]]
    target = "carrier:c"
    start = "10h"
    duration = "2h"
    [[outage]]
    target = "az:az1"
    start = "30h"
    duration = "1h"
    [[outage]]
    target = "link:b/az2"
    start = "40h"
    duration = "30m"
"#;

#[test]
fn every_offered_call_is_completed_blocked_dropped_or_in_progress() {
    // Per number and replication, exactly (counts are integers), over the
    // window (calls carried over from warm-up come in as carried_in):
    //   carried_in + offered = completed + blocked + dropped + in_progress,
    //   blocked = sum of blocked_by, dropped = sum of dropped_by;
    // and every call carried in the window started on one link:
    //   sum over links of carried = sum over numbers of
    //   (completed + dropped + in_progress - carried_in).
    let s = scenario(BUSY_FAILING_DESIGN);
    let outcomes = replications(&s);
    let (mut causes, mut drop_kinds) = ([0u64; 4], [0u64; 3]);
    for (k, o) in outcomes.iter().enumerate() {
        let mut carried = 0;
        for (n, x) in o.numbers.iter().enumerate() {
            let what = format!("replication {k}, number {}", s.model().numbers()[n].name);
            assert_eq!(x.carried_in + x.offered, x.completed + x.blocked + x.dropped + x.in_progress, "{what}: {x:?}");
            assert_eq!(x.blocked, x.blocked_by.total(), "{what}");
            assert_eq!(x.dropped, x.dropped_by.total(), "{what}");
            assert_eq!(x.blocking_probability, x.blocked as f64 / x.offered as f64, "{what}");
            carried += x.completed + x.dropped + x.in_progress - x.carried_in;
            for (c, v) in causes.iter_mut().zip(x.blocked_by.values()) {
                *c += v;
            }
            for (d, v) in drop_kinds.iter_mut().zip(x.dropped_by.values()) {
                *d += v;
            }
        }
        assert_eq!(o.links.iter().map(|l| l.carried).sum::<u64>(), carried, "replication {k}: calls carried");
    }
    // The design exercises every cause, or the identities above prove little.
    assert!(causes.iter().all(|&c| c > 0), "blocked by cause {causes:?}");
    assert!(drop_kinds.iter().all(|&d| d > 0), "dropped by az, carrier, link {drop_kinds:?}");

    // The report's means obey the same identities (to rounding).
    let report = experiment::run(&s);
    for (name, r) in &report.numbers.0 {
        // Control-variate estimates are linear in the counts with one
        // control, so they keep the identity too.
        let sum = r.completed.mean + r.blocked.mean + r.dropped.mean + r.in_progress.mean;
        assert!((r.carried_in.mean + r.offered.mean - sum).abs() <= 1e-9 * r.offered.mean, "{name}");
        let by: f64 = r.dropped_by.values().map(|s| s.mean).sum();
        assert!((r.dropped.mean - by).abs() <= 1e-9 * r.offered.mean, "{name}");
        let by: f64 = r.blocked_by.values().map(|s| s.mean).sum();
        assert!((r.blocked.mean - by).abs() <= 1e-9 * r.offered.mean, "{name}");
    }
}
