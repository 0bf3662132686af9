//! proptest strategies that generate valid designs, for property tests of
//! telephony designs written against callsim (feature `proptest`).
//!
//! [`designs`] draws a small "recipe" of numbers and maps it onto a
//! [`Scenario`] through the [`ScenarioBuilder`](crate::scenario::ScenarioBuilder),
//! so every generated design is valid by construction and shrinks towards
//! fewer, simpler elements when a property fails.
//!
//! ```
//! use callsim::testing::{DesignSpace, designs};
//! use proptest::prelude::*;
//! use proptest::test_runner::{Config, TestRunner};
//!
//! let mut runner = TestRunner::new(Config { cases: 8, failure_persistence: None, ..Config::default() });
//! runner
//!     .run(&designs(DesignSpace::default()), |s| {
//!         let o = callsim::experiment::run_replication(&s, 0);
//!         for n in &o.numbers {
//!             prop_assert_eq!(n.carried_in + n.offered, n.completed + n.blocked + n.dropped + n.in_progress);
//!         }
//!         Ok(())
//!     })
//!     .unwrap();
//! ```

use crate::faults::{FailureProcess, Lifetime};
use crate::model::CpsLimit;
use crate::scenario::{Scenario, Target};
use crate::traffic::{HoldingTime, Redial};
use proptest::prelude::*;

/// The space designs are drawn from.
#[derive(Clone, Debug, PartialEq)]
pub struct DesignSpace {
    /// Most availability zones (>= 1).
    pub max_azs: usize,
    /// Most carriers (>= 1).
    pub max_carriers: usize,
    /// Most numbers (>= 1).
    pub max_numbers: usize,
    /// Most traffic sources (0 allowed).
    pub max_traffic: usize,
    /// Most channels of a link (>= 1).
    pub max_channels: u32,
    /// Range of arrival rates, calls per hour.
    pub calls_per_hour: (f64, f64),
    /// Range of mean holding times, seconds.
    pub mean_holding_s: (f64, f64),
    /// Horizon of every design, seconds.
    pub horizon_s: f64,
    /// Whether elements may fail at random (mtbf and mttr of a few hours).
    pub random_failures: bool,
    /// Most scheduled outages (0: none).
    pub max_outages: usize,
    /// Replications of every design.
    pub replications: u32,
    /// Whether designs may also use IVR time, redials, calls-per-second
    /// limits (with or without a queue) and a forward between two numbers.
    pub features: bool,
}

impl Default for DesignSpace {
    /// Up to 3 AZs, 3 carriers, 4 numbers, 5 traffic sources, 20 channels a
    /// link, 10-2,000 calls/h of 30 s-10 min, a 6-hour horizon, random
    /// failures and up to 3 outages, 2 replications: small designs that run
    /// in milliseconds yet reach every blocking cause and every failure.
    fn default() -> Self {
        DesignSpace {
            max_azs: 3,
            max_carriers: 3,
            max_numbers: 4,
            max_traffic: 5,
            max_channels: 20,
            calls_per_hour: (10.0, 2_000.0),
            mean_holding_s: (30.0, 600.0),
            horizon_s: 6.0 * 3_600.0,
            random_failures: true,
            max_outages: 3,
            replications: 2,
            features: true,
        }
    }
}

/// A number of the recipe: (toll-free?, carrier choice bits, cap, re-route delay in seconds).
type NumberRecipe = (bool, u8, Option<u32>, u16);
/// A traffic source: (number, rate fraction, holding kind, mean fraction, sd ratio).
type TrafficRecipe = (usize, f64, u8, f64, f64);
/// A failure process: (mtbf fraction of the horizon, mttr fraction, shape kind).
type FailureRecipe = Option<(f64, f64, u8)>;
/// An outage: (target kind, index, start fraction, duration fraction).
type OutageRecipe = (u8, usize, f64, f64);

/// Everything a design is drawn from; mapped onto a valid scenario by [`build`].
#[derive(Clone, Debug)]
struct Recipe {
    azs: usize,
    carriers: usize,
    /// Per carrier: which AZs it has links into (bit mask) and their channels.
    links: Vec<(u8, Vec<u32>)>,
    numbers: Vec<NumberRecipe>,
    traffic: Vec<TrafficRecipe>,
    quota: Option<u32>,
    failures: Vec<FailureRecipe>,
    outages: Vec<OutageRecipe>,
    seed: u64,
    warmup: bool,
    /// Feature switches (bits): IVR, redials, a CPS limit, its queue, a forward.
    extras: u8,
}

fn lerp((lo, hi): (f64, f64), t: f64) -> f64 {
    lo + (hi - lo) * t
}

fn build(space: &DesignSpace, r: &Recipe) -> Scenario {
    let az = |i: usize| format!("az{}", i + 1);
    let carrier = |i: usize| format!("carrier-{}", (b'a' + i as u8) as char);
    let horizon = space.horizon_s;
    let failure = |f: &FailureRecipe| {
        f.map(|(up, down, shape)| FailureProcess {
            mtbf_s: (up * horizon).max(60.0),
            mttr_s: (down * horizon / 10.0).max(10.0),
            time_to_failure: if shape % 2 == 0 { Lifetime::Exponential } else { Lifetime::Weibull { shape: 1.5 } },
            time_to_repair: if shape / 2 % 2 == 0 {
                Lifetime::Exponential
            } else {
                Lifetime::LogNormal { sd_s: (down * horizon / 10.0).max(10.0) }
            },
        })
        .filter(|_| space.random_failures)
    };
    let mut b = Scenario::builder("generated").horizon_s(horizon).replications(space.replications).seed(r.seed);
    if r.warmup {
        b = b.warmup_s(horizon / 10.0);
    }
    if let Some(q) = r.quota {
        b = b.instance_quota(q);
    }
    let mut failures = r.failures.iter();
    let mut next_failure = || failure(failures.next().unwrap_or(&None));
    for i in 0..r.azs {
        b = b.az_failing(&az(i), next_failure());
    }
    for i in 0..r.carriers {
        b = b.carrier_failing(&carrier(i), next_failure());
    }
    let features = |bit: u8| space.features && r.extras & bit != 0;
    if features(1) {
        b = b.ivr_s(30.0);
    }
    let mut link_names = Vec::new();
    for (c, (mask, channels)) in r.links.iter().enumerate().take(r.carriers) {
        // Every carrier reaches at least one AZ.
        let mask = match *mask as usize % (1 << r.azs) {
            0 => 1,
            m => m,
        };
        for a in (0..r.azs).filter(|a| mask & (1 << a) != 0) {
            if link_names.is_empty() && features(4) {
                let queue_s = if features(8) { 1.0 } else { 0.0 };
                let cps = CpsLimit { calls_per_second: 0.2, queue_s };
                b = b.link_with_cps(&carrier(c), &az(a), channels[a], next_failure(), cps);
            } else {
                b = b.link_failing(&carrier(c), &az(a), channels[a], next_failure());
            }
            link_names.push((carrier(c), az(a)));
        }
    }
    let mut names = Vec::new();
    for (n, &(toll_free, choice, cap, reroute)) in r.numbers.iter().enumerate() {
        let name = format!("n{}", n + 1);
        let first = choice as usize % r.carriers;
        if toll_free {
            let mut chosen: Vec<String> = (0..r.carriers).filter(|c| choice & (1 << c) != 0).map(carrier).collect();
            if chosen.is_empty() {
                chosen.push(carrier(first));
            }
            let refs: Vec<&str> = chosen.iter().map(String::as_str).collect();
            b = b.toll_free_with(&name, &refs, cap, reroute as f64);
        } else {
            b = b.did(&name, &carrier(first), cap);
        }
        names.push(name);
    }
    for (k, &(n, rate, kind, mean, sd)) in r.traffic.iter().enumerate() {
        let mean_s = lerp(space.mean_holding_s, mean);
        let holding = match kind % 3 {
            0 => HoldingTime::Exponential { mean_s },
            1 => HoldingTime::LogNormal { mean_s, sd_s: mean_s * sd },
            _ => HoldingTime::Fixed { value_s: mean_s },
        };
        let (number, calls_per_hour) = (&names[n % names.len()], lerp(space.calls_per_hour, rate));
        b = if k == 0 && features(2) {
            let redial = Redial { probability: 0.5, mean_delay_s: 120.0, max_attempts: 3 };
            b.poisson_redialing(number, calls_per_hour, holding, redial)
        } else {
            b.poisson(number, calls_per_hour, holding)
        };
    }
    for &(kind, i, start, duration) in r.outages.iter().take(space.max_outages) {
        let target = match kind % 3 {
            0 => Target::Az(az(i % r.azs)),
            1 => Target::Carrier(carrier(i % r.carriers)),
            _ => {
                let (c, a) = link_names[i % link_names.len()].clone();
                Target::Link(c, a)
            }
        };
        b = b.outage(target, start * horizon, (duration * horizon / 2.0).max(1.0));
    }
    if features(16) && names.len() >= 2 {
        b = b.forward(&names[0], &names[1]);
    }
    b.build().unwrap_or_else(|e| panic!("callsim::testing generated an invalid design (a bug): {e}"))
}

/// Valid designs drawn from `space`: topologies (AZs, carriers and their
/// links), toll-free numbers and DIDs with or without caps, Poisson traffic
/// with exponential, lognormal or fixed holding, an optional instance
/// quota, random failures and scheduled outages; with `features`, also IVR
/// time, redials, a calls-per-second limit (queued or not) and a forward.
pub fn designs(space: DesignSpace) -> impl Strategy<Value = Scenario> {
    let s = space.clone();
    let (a, c, ch) = (space.max_azs.max(1), space.max_carriers.clamp(1, 8), space.max_channels.max(1));
    let elements = a + c + a * c;
    (
        1..=a,
        1..=c,
        prop::collection::vec((any::<u8>(), prop::collection::vec(1..=ch, a)), c),
        prop::collection::vec(
            (any::<bool>(), any::<u8>(), prop::option::of(1..=2 * ch), 0u16..120),
            1..=space.max_numbers.max(1),
        ),
        prop::collection::vec((any::<usize>(), 0.0..=1.0, any::<u8>(), 0.0..=1.0, 0.1..3.0), 0..=space.max_traffic),
        prop::option::of(1..=4 * ch),
        prop::collection::vec(prop::option::weighted(0.3, (0.05..2.0, 0.05..1.0, any::<u8>())), elements),
        prop::collection::vec((any::<u8>(), any::<usize>(), 0.0..1.0, 0.0..1.0), 0..=space.max_outages),
        any::<u64>(),
        any::<bool>(),
        any::<u8>(),
    )
        .prop_map(
            move |(azs, carriers, links, numbers, traffic, quota, failures, outages, seed, warmup, extras)| {
                build(
                    &s,
                    &Recipe { azs, carriers, links, numbers, traffic, quota, failures, outages, seed, warmup, extras },
                )
            },
        )
}
