//! Dropped calls: a call in progress on a link that fails is cut.

use crate::support::{HOUR, Interval, link, number, replications, scenario};
use callsim::sim::{BlockCause, DropCause};

#[test]
fn drops_per_hour_are_the_failure_rate_times_calls_in_progress() {
    // One DID on one link that fails with exponential up periods (mtbf
    // 30 min: f = 2 per hour of up time) and repairs of mean 6 min
    // (A = 30/36 = 5/6). Poisson arrivals 600/h, exponential holding 3 min
    // (mu = 20/h), ample capacity, warm-up 0.
    //
    // Drops: a failure at time t cuts the N(t) calls in progress, and the
    // link fails at rate f while up (memoryless), when N(t) may be > 0; while
    // down N(t) = 0. So the drop counting process has compensator
    // f * integral of N(t) dt, and per replication
    //   E[dropped] = f * E[integral_0^T N dt] = f * T * E[mean_busy],
    // where mean_busy is the time-average over the whole horizon (down time
    // included, as zero). Drops per hour of horizon = (1/mtbf) x mean calls in
    // progress. Checked per replication as the paired difference
    //   dropped / T_h - f * mean_busy, mean 0.
    //
    // E[N] itself: m(t) = E[N(t); up] obeys dm/dt = lambda A - (mu + f) m
    // (arrivals while up; departures; a failure empties the link), from
    // m(0) = 0 (empty start, stationary failure process):
    //   m(t) = m_inf (1 - e^-(mu+f)t),  m_inf = lambda A / (mu + f)
    //        = 600 x (5/6) / 22 = 22.7273 calls.
    // Its time-average over T = 1200 h is m_inf (1 - 1/((mu+f)T)) (the
    // exponential term is nil) = 22.7273 x (1 - 1/26400) = 22.7264, and
    // drops per hour = 2 x 22.7264 = 45.4528.
    let s = scenario(
        r#"
        [simulation]
        horizon = "50d"
        replications = 100
        seed = 61
        [[az]]
        name = "az1"
        [[carrier]]
        name = "a"
        [[link]]
        carrier = "a"
        az = "az1"
        channels = 1000
        mtbf = "30m"
        mttr = "6m"
        [[number]]
        name = "did"
        type = "did"
        carrier = "a"
        max_concurrent = 1000
        [[traffic]]
        number = "did"
        arrivals = { kind = "poisson", calls_per_hour = 600 }
        holding = { kind = "exponential", mean = "3m" }
        "#,
    );
    let outcomes = replications(&s);
    let (n, l) = (number(&s, "did"), link(&s, "a/az1"));
    let horizon_h = s.simulation().horizon_s() / HOUR;
    let (lambda, mu, f, a): (f64, f64, f64, f64) = (600.0, 20.0, 2.0, 5.0 / 6.0);
    let m_inf = lambda * a / (mu + f);
    let mean_busy = m_inf * (1.0 - (1.0 - (-(mu + f) * horizon_h).exp()) / ((mu + f) * horizon_h));
    for o in &outcomes {
        let d = &o.numbers[n];
        assert_eq!(d.dropped, d.dropped_by[DropCause::Link], "only the link fails");
        assert_eq!(d.blocked, d.blocked_by[BlockCause::NoRoute], "only no_route blocks with ample capacity");
        assert!((d.mean_concurrency - o.links[l].mean_busy).abs() < 1e-9, "one number on one link");
    }
    let drops_per_hour = |o: &callsim::sim::ReplicationOutcome| o.numbers[n].dropped as f64 / horizon_h;
    Interval::over(&outcomes, |o| drops_per_hour(o) - f * o.links[l].mean_busy)
        .assert_contains(0.0, "drops/h - f x mean calls in progress");
    Interval::over(&outcomes, drops_per_hour).assert_contains(f * mean_busy, "drops per hour");
    Interval::over(&outcomes, |o| o.links[l].mean_busy).assert_contains(mean_busy, "mean calls in progress");
    Interval::over(&outcomes, |o| o.links[l].availability).assert_contains(a, "link availability");
}
