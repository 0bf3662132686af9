//! Invariants over random small designs (proptest).
//!
//! Each case draws a topology (1-3 zones, 1-3 carriers each with links into
//! 1-3 of the zones, 1-20 channels a link), 1-4 numbers mixing DIDs and
//! toll-free numbers with random caps, Poisson loads of 0.05-40 Erlangs per
//! number (often far above what the caps and links carry; a quarter of the
//! numbers get a second traffic source), a horizon of 1-3
//! simulated hours, an optional warm-up and an optional instance quota. It
//! writes the design as scenario TOML, parses it with
//! `Scenario::from_toml_str`, runs it and checks what must hold whatever the
//! random draws: conservation of calls, caps and channels never exceeded,
//! probabilities and fractions in [0, 1], and determinism by seed.
//!
//! 64 cases by default; set PROPTEST_CASES for more.

use callsim::experiment;
use callsim::experiment::run_replication;
use callsim::scenario::Scenario;
use callsim::sim::BlockCause;
use callsim::summary::Report;
use proptest::prelude::*;
use proptest::sample::subsequence;
use std::fmt::Write;

/// A number as drawn.
#[derive(Clone, Debug)]
struct NumberSpec {
    did: bool,
    /// Carrier indices: one for a DID, one or more (in preference order) for toll-free.
    carriers: Vec<usize>,
    /// `max_concurrent`; `None` leaves the default (100 for a DID, none for toll-free).
    cap: Option<u32>,
    /// Offered load, Erlangs.
    load: f64,
    /// Mean holding time, seconds.
    holding_s: f64,
    /// 0 exponential, 1 lognormal (sd = `sd_factor` x mean), 2 fixed.
    holding_kind: u8,
    sd_factor: f64,
    /// An optional second traffic source: (Erlangs, mean exponential holding seconds).
    second: Option<(f64, f64)>,
}

/// A whole design and its simulation settings, as drawn.
#[derive(Clone, Debug)]
struct Design {
    azs: usize,
    /// Per carrier: (zone index, channels) of each of its links.
    carriers: Vec<Vec<(usize, u32)>>,
    numbers: Vec<NumberSpec>,
    quota: Option<u32>,
    horizon_h: u32,
    warmup_min: u32,
    replications: u32,
    seed: u64,
}

fn number_spec(carriers: usize) -> impl Strategy<Value = NumberSpec> {
    (
        any::<bool>(),
        0..carriers,
        subsequence((0..carriers).collect::<Vec<_>>(), 1..=carriers).prop_shuffle(),
        prop::option::of(1u32..=30),
        0.05f64..40.0,
        20.0f64..600.0,
        0u8..3,
        0.5f64..3.0,
        prop::option::weighted(0.25, (0.05f64..20.0, 20.0f64..600.0)),
    )
        .prop_map(|(did, did_carrier, tf_carriers, cap, load, holding_s, holding_kind, sd_factor, second)| {
            NumberSpec {
                second,
                did,
                carriers: if did { vec![did_carrier] } else { tf_carriers },
                cap,
                load,
                holding_s,
                holding_kind,
                sd_factor,
            }
        })
}

fn design() -> impl Strategy<Value = Design> {
    (1usize..=3, 1usize..=3)
        .prop_flat_map(|(azs, carriers)| {
            let links = subsequence((0..azs).collect::<Vec<_>>(), 1..=azs)
                .prop_flat_map(|zones| {
                    let n = zones.len();
                    (Just(zones), prop::collection::vec(1u32..=20, n))
                })
                .prop_map(|(zones, channels)| zones.into_iter().zip(channels).collect::<Vec<_>>());
            (
                Just(azs),
                prop::collection::vec(links, carriers),
                prop::collection::vec(number_spec(carriers), 1..=4),
                prop::option::of(1u32..=60),
                1u32..=3,
                prop_oneof![Just(0u32), 1u32..=60],
                1u32..=3,
                any::<u64>(),
            )
        })
        .prop_map(|(azs, carriers, numbers, quota, horizon_h, warmup_min, replications, seed)| Design {
            azs,
            carriers,
            numbers,
            quota,
            horizon_h,
            warmup_min,
            replications,
            seed,
        })
}

/// The design as scenario TOML.
fn to_toml(d: &Design) -> String {
    let mut t = String::new();
    let _ = writeln!(
        t,
        "[simulation]\nhorizon = \"{}h\"\nwarmup = \"{}m\"\nreplications = {}\nseed = {}\n",
        d.horizon_h, d.warmup_min, d.replications, d.seed
    );
    if let Some(q) = d.quota {
        let _ = writeln!(t, "[instance]\nmax_concurrent_calls = {q}\n");
    }
    for z in 0..d.azs {
        let _ = writeln!(t, "[[az]]\nname = \"az{z}\"\n");
    }
    for c in 0..d.carriers.len() {
        let _ = writeln!(t, "[[carrier]]\nname = \"c{c}\"\n");
    }
    for (c, links) in d.carriers.iter().enumerate() {
        for &(z, channels) in links {
            let _ = writeln!(t, "[[link]]\ncarrier = \"c{c}\"\naz = \"az{z}\"\nchannels = {channels}\n");
        }
    }
    for (i, n) in d.numbers.iter().enumerate() {
        let _ = writeln!(t, "[[number]]\nname = \"n{i}\"");
        if n.did {
            let _ = writeln!(t, "type = \"did\"\ncarrier = \"c{}\"", n.carriers[0]);
        } else {
            let list: Vec<String> = n.carriers.iter().map(|c| format!("\"c{c}\"")).collect();
            let _ = writeln!(t, "type = \"toll-free\"\ncarriers = [{}]", list.join(", "));
        }
        if let Some(cap) = n.cap {
            let _ = writeln!(t, "max_concurrent = {cap}");
        }
        let holding = match n.holding_kind {
            0 => format!("{{ kind = \"exponential\", mean = \"{:.3}s\" }}", n.holding_s),
            1 => format!(
                "{{ kind = \"lognormal\", mean = \"{:.3}s\", sd = \"{:.3}s\" }}",
                n.holding_s,
                n.holding_s * n.sd_factor
            ),
            _ => format!("{{ kind = \"fixed\", value = \"{:.3}s\" }}", n.holding_s),
        };
        // A Erlangs at a mean holding of h seconds: 3600 A / h calls per hour.
        let _ = writeln!(
            t,
            "\n[[traffic]]\nnumber = \"n{i}\"\narrivals = {{ kind = \"poisson\", calls_per_hour = {:.6} }}\nholding = {holding}\n",
            n.load * 3_600.0 / n.holding_s
        );
        if let Some((load, holding_s)) = n.second {
            let _ = writeln!(
                t,
                "[[traffic]]\nnumber = \"n{i}\"\narrivals = {{ kind = \"poisson\", calls_per_hour = {:.6} }}\nholding = {{ kind = \"exponential\", mean = \"{holding_s:.3}s\" }}\n",
                load * 3_600.0 / holding_s
            );
        }
    }
    t
}

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(64);
    ProptestConfig { cases, ..ProptestConfig::default() }
}

/// `x` in [0, 1].
fn unit(x: f64) -> bool {
    (0.0..=1.0).contains(&x)
}

/// `a <= b`, with room for rounding in sums of many call-seconds.
fn at_most(a: f64, b: f64) -> bool {
    a <= b + 1e-9 * b.abs().max(1.0)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// Runs design `d` and checks every invariant.
fn check(d: &Design) -> Result<(), TestCaseError> {
    let text = to_toml(d);
    let s = Scenario::from_toml_str(&text, "random.toml")
        .map_err(|e| TestCaseError::fail(format!("generated scenario refused: {e}\n{text}")))?;
    let m = s.model();
    let outcomes = experiment::run_replications(&s, 0..d.replications as u64);
    for (k, o) in outcomes.iter().enumerate() {
        for (i, n) in o.numbers.iter().enumerate() {
            let at = format!("replication {k}, number n{i} {n:?}");
            let blocked_by = |c: BlockCause| n.blocked_by[c];
            // Conservation, exactly.
            prop_assert_eq!(n.carried_in + n.offered, n.completed + n.blocked + n.dropped + n.in_progress, "{}", at);
            prop_assert_eq!(n.blocked, n.blocked_by.total(), "{}", at);
            // Every element is always up (failures are not simulated): no
            // drops, never no_route, full availability.
            prop_assert_eq!(n.dropped, 0, "{}", at);
            prop_assert_eq!(blocked_by(BlockCause::NoRoute), 0, "{}", at);
            prop_assert_eq!(n.availability, 1.0, "{}", at);
            match m.numbers()[i].max_concurrent {
                Some(cap) => {
                    prop_assert!(n.peak_concurrency <= cap, "cap {}: {}", cap, at);
                    // Blocked at the cap, or time spent at it, means it was reached.
                    if blocked_by(BlockCause::NumberCap) > 0 || n.saturation > 0.0 {
                        prop_assert_eq!(n.peak_concurrency, cap, "{}", at);
                    }
                    if blocked_by(BlockCause::NumberCap) > 0 {
                        prop_assert!(n.saturation > 0.0, "{}", at);
                    }
                }
                None => {
                    prop_assert_eq!(blocked_by(BlockCause::NumberCap), 0, "{}", at);
                    prop_assert_eq!(n.saturation, 0.0, "{}", at);
                }
            }
            match d.quota {
                None => prop_assert_eq!(blocked_by(BlockCause::InstanceQuota), 0, "{}", at),
                Some(q) if blocked_by(BlockCause::InstanceQuota) > 0 => {
                    prop_assert_eq!(o.instance.peak_concurrency, q, "{}", at)
                }
                Some(_) => {}
            }
            // Blocked for link capacity: every route of the number was full.
            if blocked_by(BlockCause::LinkCapacity) > 0 {
                for &l in &m.numbers()[i].routes {
                    prop_assert_eq!(o.links[l].peak_busy, m.links()[l].channels, "link {}: {}", l, at);
                }
            }
            prop_assert!(unit(n.blocking_probability), "{}", at);
            prop_assert!(unit(n.saturation), "{}", at);
            if n.offered > 0 {
                let ratio = n.blocked as f64 / n.offered as f64;
                prop_assert_eq!(n.blocking_probability, ratio, "{}", at);
            }
            prop_assert!(n.mean_concurrency >= 0.0, "{}", at);
            prop_assert!(at_most(n.mean_concurrency, n.peak_concurrency as f64), "{}", at);
        }
        for (l, lo) in o.links.iter().enumerate() {
            let channels = m.links()[l].channels;
            let at = format!("replication {k}, link {} ({channels} ch) {lo:?}", m.links()[l].name);
            prop_assert!(lo.peak_busy <= channels, "{}", at);
            prop_assert!(unit(lo.utilization), "{}", at);
            prop_assert!(close(lo.utilization, lo.mean_busy / channels as f64), "{}", at);
            prop_assert!(at_most(lo.mean_busy, lo.peak_busy as f64), "{}", at);
        }
        let inst = &o.instance;
        let at = format!("replication {k}, instance {inst:?}");
        if let Some(q) = d.quota {
            prop_assert!(inst.peak_concurrency <= q, "quota {}: {}", q, at);
        }
        prop_assert!(at_most(inst.mean_concurrency, inst.peak_concurrency as f64), "{}", at);
        // Every call in progress is on one number, one link and the instance.
        let by_numbers: f64 = o.numbers.iter().map(|n| n.mean_concurrency).sum();
        let by_links: f64 = o.links.iter().map(|l| l.mean_busy).sum();
        prop_assert!(close(by_numbers, inst.mean_concurrency), "{} vs numbers {}", at, by_numbers);
        prop_assert!(close(by_links, inst.mean_concurrency), "{} vs links {}", at, by_links);
        let carried: u64 = o.links.iter().map(|l| l.carried).sum();
        let admitted: u64 = o.numbers.iter().map(|n| n.offered - n.blocked).sum();
        prop_assert_eq!(carried, admitted, "replication {}", k);
    }
    // Determinism by seed: a replication alone equals the same one in the
    // run, and a whole run reproduces its report byte for byte.
    let last = d.replications as u64 - 1;
    prop_assert_eq!(&run_replication(&s, last), &outcomes[last as usize]);
    prop_assert_eq!(experiment::run(&s).to_json(), Report::new(&s, &outcomes).to_json());
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn invariants_hold_on_random_designs(d in design()) {
        check(&d)?;
    }
}
