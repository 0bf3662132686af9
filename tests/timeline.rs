//! The traced replication (charts' data) agrees with the statistics of the
//! same replication run without tracing.

use callsim::experiment::{run_replication, run_settings};
use callsim::scenario::Scenario;
use callsim::sim::{ReplicationOutcome, Timeline, Tracer, run_replication_with};

/// Replication `replication` of `s` traced in `bins` bins.
fn run_replication_traced(s: &Scenario, replication: u64, bins: usize) -> (ReplicationOutcome, Timeline) {
    let settings = run_settings(s);
    let mut tracer = Tracer::new(s.model(), &settings, bins);
    let outcome = run_replication_with(s.model(), &settings, replication, &mut tracer).expect("fits the queue");
    (outcome, tracer.finish())
}

fn bundled(name: &str) -> Scenario {
    Scenario::load(format!("{}/scenarios/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

#[test]
fn tracing_changes_no_result_and_agrees_with_the_statistics() {
    for (file, replication) in
        [("tollfree-vs-did.toml", 3), ("carrier-outage.toml", 0), ("migration/forwarding.toml", 1)]
    {
        let s = bundled(file);
        let s = s.with_horizon_s(s.simulation().horizon_s().min(14.0 * 86_400.0)).unwrap();
        let plain = run_replication(&s, replication);
        let (mut traced, timeline) = run_replication_traced(&s, replication, 500);
        // Sampling adds one event per bin and changes nothing else.
        assert_eq!(traced.events, plain.events + 500, "{file}");
        traced.events = plain.events;
        assert_eq!(traced, plain, "{file}");
        assert_eq!(timeline.peaks.len(), s.model().numbers().len());
        assert!((timeline.bin_s * 500.0 - s.simulation().horizon_s()).abs() < 1e-6);
        for (n, o) in plain.numbers.iter().enumerate() {
            // The busiest bin holds the replication's peak.
            assert_eq!(timeline.peaks[n].iter().max().copied(), Some(o.peak_concurrency), "{file} number {n}");
            // No-route periods add up to the time without a route, and count the same.
            let down: f64 = timeline.number_outages[n].iter().map(|(a, b)| b - a).sum();
            assert!((down - o.outage_s).abs() < 1e-6, "{file} number {n}: {down} vs {}", o.outage_s);
            assert_eq!(timeline.number_outages[n].len() as u64, o.outages, "{file} number {n}");
            for &(a, b) in &timeline.number_outages[n] {
                assert!(0.0 <= a && a < b && b <= timeline.horizon_s);
            }
        }
        for (l, o) in plain.links.iter().enumerate() {
            // A link is unusable at least while it is down itself.
            let own: f64 = timeline.link_outages[l].iter().map(|(a, b)| b - a).sum();
            assert!(own <= (1.0 - o.availability) * s.simulation().horizon_s() + 1e-6, "{file} link {l}");
        }
    }
}

#[test]
fn a_scheduled_carrier_outage_appears_where_it_was_scheduled() {
    let s = bundled("carrier-outage.toml");
    let (_, timeline) = run_replication_traced(&s, 0, 100);
    let o = &s.model().outages()[0];
    let callsim::faults::Element::Carrier(c) = o.target else { panic!("the bundled outage is a carrier's") };
    assert!(
        timeline.carrier_outages[c].iter().any(|&(a, b)| a <= o.start_s && b >= o.start_s + o.duration_s),
        "{:?} should cover {} .. {}",
        timeline.carrier_outages[c],
        o.start_s,
        o.start_s + o.duration_s
    );
}
