//! Demonstrates property-testing designs with callsim's proptest strategies
//! (feature `proptest`): "for all designs in which at most one carrier is
//! down, a toll-free number over two or more carriers stays up". Generated
//! designs have no random failures; a scheduled outage takes one carrier of
//! the number down; its availability must stay exactly 1, and without a
//! re-route delay not a single call may find no route.
//!
//! Run: `cargo run --release --features proptest --example property_design`

use callsim::experiment::run_replication;
use callsim::model::NumberKind;
use callsim::scenario::Target;
use callsim::sim::BlockCause;
use callsim::testing::{DesignSpace, designs};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

fn main() {
    let space = DesignSpace {
        random_failures: false,
        max_outages: 0,
        max_carriers: 4,
        features: false,
        ..DesignSpace::default()
    };
    // Designs with a toll-free number over at least two carriers, and which of them goes down.
    let cases = designs(space)
        .prop_filter("needs a toll-free number over 2+ carriers", |s| {
            s.model().numbers().iter().any(|n| n.kind == NumberKind::TollFree && n.carriers.len() >= 2)
        })
        .prop_flat_map(|s| {
            let n = s
                .model()
                .numbers()
                .iter()
                .position(|n| n.kind == NumberKind::TollFree && n.carriers.len() >= 2)
                .unwrap();
            let carriers = s.model().numbers()[n].carriers.len();
            (Just(s), Just(n), 0..carriers, 0.0..0.9, 0.01..0.5)
        });
    let mut runner = TestRunner::new(Config { cases: 200, failure_persistence: None, ..Config::default() });
    let result = runner.run(&cases, |(s, n, which, start, length)| {
        let carrier = &s.model().carriers()[s.model().numbers()[n].carriers[which]].name;
        let horizon = s.simulation().horizon_s();
        let s = s
            .with_outage(Target::Carrier(carrier.clone()), start * horizon, length * horizon)
            .expect("an outage of a carrier of the design, of positive length");
        for k in 0..s.simulation().replications() as u64 {
            let o = run_replication(&s, k);
            prop_assert_eq!(o.numbers[n].availability, 1.0, "the toll-free number went dark");
            // Only the RespOrg's re-route delay may lose calls (as no_route).
            if s.model().numbers()[n].reroute_delay_s == 0.0 {
                prop_assert_eq!(o.numbers[n].blocked_by[BlockCause::NoRoute], 0, "no call may find no route");
            }
        }
        Ok(())
    });
    match result {
        Ok(()) => println!(
            "200 generated designs: a toll-free number over 2+ carriers rode through every single-carrier outage"
        ),
        Err(e) => panic!("property failed: {e}"),
    }
}
