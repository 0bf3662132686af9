//! Invariants that hold for every design `callsim::testing::designs`
//! generates (a few hundred cases in CI; set PROPTEST_CASES for more), and
//! the monotonicity of blocking on common random numbers, with the
//! counterexample that bounds it.

use callsim::experiment::run_replication;
use callsim::model::NumberKind;
use callsim::scenario::Scenario;
use callsim::sim::ReplicationOutcome;
use callsim::testing::{DesignSpace, designs};
use callsim::traffic::HoldingTime;
use proptest::prelude::*;

fn cases(default: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(default);
    ProptestConfig { cases, ..ProptestConfig::default() }
}

fn outcomes(s: &Scenario) -> Vec<ReplicationOutcome> {
    (0..s.simulation().replications() as u64).map(|k| run_replication(s, k)).collect()
}

proptest! {
    #![proptest_config(cases(256))]

    #[test]
    fn every_generated_design_keeps_the_invariants(s in designs(DesignSpace::default())) {
        let model = s.model();
        let runs = outcomes(&s);
        for o in &runs {
            for (n, number) in o.numbers.iter().zip(model.numbers()) {
                // Conservation: no call created or lost.
                prop_assert_eq!(n.carried_in + n.offered, n.completed + n.blocked + n.dropped + n.in_progress);
                prop_assert_eq!(n.blocked, n.blocked_by.total());
                prop_assert_eq!(n.dropped, n.dropped_by.total());
                // Caps are never exceeded.
                if let Some(cap) = number.max_concurrent {
                    prop_assert!(n.peak_concurrency <= cap);
                }
                // Probabilities are probabilities.
                for v in [n.blocking_probability, n.availability, n.saturation] {
                    prop_assert!((0.0..=1.0).contains(&v), "{} out of [0, 1]", v);
                }
                prop_assert!(n.mean_concurrency >= 0.0);
                prop_assert!(n.mean_concurrency <= n.peak_concurrency as f64 + 1e-9);
                prop_assert!(n.outage_s <= s.simulation().horizon_s() + 1e-6);
                prop_assert!(n.longest_outage_s <= n.outage_s + 1e-6);
            }
            for (l, link) in o.links.iter().zip(model.links()) {
                prop_assert!(l.peak_busy <= link.channels, "link over its channels");
                prop_assert!((0.0..=1.0 + 1e-12).contains(&l.utilization));
                prop_assert!((0.0..=1.0).contains(&l.availability));
            }
            if let Some(q) = model.instance().max_concurrent_calls {
                prop_assert!(o.instance.peak_concurrency <= q);
            }
        }
        // Deterministic by seed (time only moves forward: the engine checks
        // it on every event in this debug-assertion build).
        prop_assert_eq!(&outcomes(&s), &runs);
    }

    /// One number alone on its links (no other traffic): a higher cap or
    /// more channels never blocks more calls, replication by replication, on
    /// common random numbers. Each caller brings its holding time, so the
    /// two runs see the same calls. For one pool of servers this is the
    /// sample-path monotonicity of loss systems fed the same arrivals and
    /// service requirements; here the pool is split over links, caps and a
    /// quota, and the property held on 3,000 generated designs
    /// (PROPTEST_CASES=3000) without a counterexample.
    #[test]
    fn more_capacity_for_a_lone_number_never_blocks_more(
        // Without redials or CPS limits: a redial's delay and retry draws
        // follow whichever calls failed, so two designs stop seeing the same
        // callers; more capacity then blocks fewer callers on average, not
        // on every path (a counterexample: 18,106 vs 18,096 blocked attempts
        // with one more channel and one more unit of cap).
        s in designs(DesignSpace { max_numbers: 1, random_failures: false, max_outages: 0, features: false, ..DesignSpace::default() }),
        extra_cap in 1u32..10,
        extra_channels in 1u32..10,
    ) {
        let base = outcomes(&s);
        let number = &s.model().numbers()[0];
        let mut bigger = match number.max_concurrent {
            Some(c) => s.with_number_cap(&number.name, c + extra_cap).unwrap(),
            None => s.clone(),
        };
        for l in s.model().links() {
            bigger = bigger.with_link_channels(&l.name, l.channels + extra_channels).unwrap();
        }
        for (a, b) in base.iter().zip(outcomes(&bigger)) {
            prop_assert!(b.numbers[0].blocked <= a.numbers[0].blocked,
                "blocked {} with more capacity vs {} without", b.numbers[0].blocked, a.numbers[0].blocked);
        }
    }

    /// An extra carrier never lowers a toll-free number's availability: the
    /// existing elements fail at the same times (their streams are named
    /// after them), and a route more can only add up time.
    #[test]
    fn an_extra_carrier_never_lowers_toll_free_availability(s in designs(DesignSpace::default())) {
        let Some(n) = s.model().numbers().iter().position(|n| n.kind == NumberKind::TollFree) else { return Ok(()) };
        // Add a never-failing carrier with a link into the first AZ, used by number n.
        let bigger = s
            .with_carrier("extra", &s.model().azs()[0].name, 5)
            .and_then(|b| b.with_number_carrier(&s.model().numbers()[n].name, "extra"))
            .unwrap();
        for (a, b) in outcomes(&s).iter().zip(outcomes(&bigger)) {
            prop_assert!(b.numbers[n].availability >= a.numbers[n].availability - 1e-12);
        }
    }
}

/// Monotonicity does not extend across numbers that share capacity: more
/// room for one number can block *another* number more. Here a toll-free
/// number and a DID share carrier a's link of 10 channels. Raising the
/// toll-free number's cap from 2 to 10 lets it hold more of the shared
/// link, so the DID — which can only use that link — loses calls it carried
/// before. This is the physics of shared trunks, not a simulator bug, and
/// why `callsim compare` reports every number's difference.
#[test]
fn more_room_for_one_number_can_block_another_that_shares_its_link() {
    let design = |cap: u32| {
        Scenario::builder("shared trunk")
            .horizon_s(7.0 * 86_400.0)
            .replications(4)
            .seed(5)
            .az("az1")
            .carrier("a")
            .link("a", "az1", 10)
            .toll_free_with("tf", &["a"], Some(cap), 0.0)
            .did("did", "a", Some(10))
            .poisson("tf", 120.0, HoldingTime::Exponential { mean_s: 180.0 })
            .poisson("did", 120.0, HoldingTime::Exponential { mean_s: 180.0 })
            .build()
            .unwrap()
    };
    let (small, large) = (outcomes(&design(2)), outcomes(&design(10)));
    for (a, b) in small.iter().zip(&large) {
        // The toll-free number blocks less with the higher cap...
        assert!(b.numbers[0].blocked < a.numbers[0].blocked);
        // ...and the DID, on the same calls, blocks more.
        assert!(b.numbers[1].blocked > a.numbers[1].blocked, "{} vs {}", b.numbers[1].blocked, a.numbers[1].blocked);
    }
}
