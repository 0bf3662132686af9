//! The structure function of a number's routes, and the exact probability
//! that a set of routing requirements fails at one instant.
//!
//! A *requirement* is "at least one of these links is usable": a link is
//! usable when it, its carrier and its zone (and, with regions, its zone's
//! instance) are up and none of them is forced down (by a scheduled outage)
//! for that requirement. A number with a route
//! is one requirement (its routes); a forwarded number is two (its own
//! routes and its target's); comparing two instants (before and after an
//! outage starts) gives requirements with different forced sets over the
//! same random states.
//!
//! # How the probability is computed
//! Every element is up independently of the others with its own
//! probability. Zones and carriers are shared between links, so the links
//! are not independent; but *given the state of every zone*, a requirement
//! fails exactly when, for every carrier, the carrier is down or each of its
//! eligible links is down, and those per-carrier events are independent
//! (each involves only that carrier and its own links). So for a set `T` of
//! requirements,
//!
//! ```text
//! P(every requirement in T fails | zones) = prod over carriers c of
//!     q_c(T) = P(c down) + P(c up) * prod over links l of c eligible for some j in T of P(l down)
//! ```
//!
//! (a carrier forced down for a requirement fails it outright and is left
//! out of that requirement's part). The probability that *some*
//! requirement fails follows by inclusion and exclusion over the non-empty
//! subsets `T`, and the zones are summed out: `2^z` states for the `z`
//! zones that can fail. When fewer carriers than zones can fail, the roles
//! swap (condition on carriers, factor over zones). Elements that cannot
//! fail (no `mtbf`) or are forced down are fixed, not enumerated, so
//! `scenarios/large.toml` (3 zones) costs 8 states per number.
//!
//! # Regional instances
//! With `[[region]]`, a link also needs its zone's region's instance up (the
//! simulator holds such a link down while its instance is). An instance is
//! shared by every link into its region, across carriers and zones, so it
//! fits neither side of the factorisation: the instances that can fail are
//! enumerated as well, outside it (`2^(z + i)` states for `i` of them; a
//! down or forced-down instance makes its links ineligible). This is the
//! *structural* figure (some route into an up instance); which instance a
//! call is sent to, and failover, are the `failover` module's.
//!
//! Unavailability is computed directly (the terms are probabilities of
//! failure, each a product of `P(down)` factors computed as `mttr / (mtbf +
//! mttr)`), never as `1 - availability`: at seven nines, `1 - 0.9999999`
//! in floating point would keep only 9 significant digits; the direct sum
//! keeps them all.

use crate::faults::Element;
use crate::model::Model;

/// The most zones (or carriers, whichever is fewer) that can fail on one
/// set of requirements and be summed out exactly: `2^20` states.
pub const MAX_CONDITIONED: usize = 20;

/// An element's (P(up), P(down)) at an instant.
type UpDownPair = (f64, f64);

/// Each element's probability of being up and down at an instant (kept
/// apart so that small down probabilities keep their precision).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct UpDown {
    /// Per zone: (up, down).
    pub(crate) az: Vec<(f64, f64)>,
    /// Per carrier: (up, down).
    pub(crate) carrier: Vec<(f64, f64)>,
    /// Per link: (up, down).
    pub(crate) link: Vec<(f64, f64)>,
    /// Per regional instance: (up, down) (empty without regions).
    pub(crate) instance: Vec<(f64, f64)>,
}

/// Elements held down at an instant (by scheduled outages).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Forced {
    /// Per zone.
    pub(crate) az: Vec<bool>,
    /// Per carrier.
    pub(crate) carrier: Vec<bool>,
    /// Per link.
    pub(crate) link: Vec<bool>,
    /// Per regional instance (empty without regions).
    pub(crate) instance: Vec<bool>,
}

impl Forced {
    /// Nothing forced down.
    pub(crate) fn none(model: &Model) -> Forced {
        Forced {
            az: vec![false; model.azs.len()],
            carrier: vec![false; model.carriers.len()],
            link: vec![false; model.links.len()],
            instance: vec![false; model.regions.as_ref().map_or(0, |r| r.instances.len())],
        }
    }

    /// Holds `e` down.
    pub(crate) fn hold(&mut self, e: Element) {
        match e {
            Element::Az(i) => self.az[i] = true,
            Element::Carrier(i) => self.carrier[i] = true,
            Element::Link(i) => self.link[i] = true,
            Element::Instance(i) => self.instance[i] = true,
        }
    }

    /// Whether `e` is held down.
    pub(crate) fn holds(&self, e: Element) -> bool {
        match e {
            Element::Az(i) => self.az[i],
            Element::Carrier(i) => self.carrier[i],
            Element::Link(i) => self.link[i],
            Element::Instance(i) => self.instance[i],
        }
    }
}

/// At least one of `routes` usable, with `forced` held down.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Requirement<'a> {
    /// Link indices.
    pub(crate) routes: &'a [usize],
    /// What is held down for this requirement.
    pub(crate) forced: &'a Forced,
}

/// Too many shared elements to sum out exactly.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "{zones} zones and {carriers} carriers that can fail are shared by these routes (and {instances} regional instances); exact availability sums out the fewer of zones and carriers plus the instances, at most {MAX_CONDITIONED}"
)]
pub struct TooManyShared {
    /// Zones that can fail on the routes.
    pub zones: usize,
    /// Carriers that can fail on the routes.
    pub carriers: usize,
    /// Regional instances that can fail on the routes (0 without regions).
    pub instances: usize,
}

/// Which kind of element is summed out; the other kind is factored over.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Side {
    Zones,
    Carriers,
}

/// One link as the factorisation sees it.
#[derive(Clone, Copy, Debug)]
struct Leg {
    /// Its conditioned element (zone or carrier), by position in the
    /// conditioned list, or `None` when that element is fixed up.
    cond: Option<usize>,
    /// Its zone's regional instance, by position in the enumerated
    /// instances, or `None` when there is none or it is fixed up.
    inst: Option<usize>,
    /// P(link down).
    down: f64,
    /// Per requirement (bit j): eligible when its conditioned element is up.
    eligible: u32,
}

/// One factor: a carrier (or zone) and its links on the routes.
#[derive(Clone, Debug)]
struct Group {
    up: f64,
    down: f64,
    /// Per requirement (bit j): the group itself is held down for it.
    forced: u32,
    legs: Vec<Leg>,
}

/// The probability that at least one of `reqs` fails at an instant where
/// each element is up and down with the probabilities of `p`.
pub(crate) fn unavailability(model: &Model, p: &UpDown, reqs: &[Requirement<'_>]) -> Result<f64, TooManyShared> {
    assert!(!reqs.is_empty() && reqs.len() <= 8, "1 to 8 requirements at once");
    let mut links: Vec<usize> = reqs.iter().flat_map(|r| r.routes.iter().copied()).collect();
    links.sort_unstable();
    links.dedup();
    // An element "can fail" when it is random (0 < up) for some
    // requirement that does not force it; it is fixed otherwise.
    let random = |ud: (f64, f64)| ud.0 > 0.0 && ud.1 > 0.0;
    let mut zones: Vec<usize> = links.iter().map(|&l| model.links[l].az).collect();
    zones.sort_unstable();
    zones.dedup();
    let mut carriers: Vec<usize> = links.iter().map(|&l| model.links[l].carrier).collect();
    carriers.sort_unstable();
    carriers.dedup();
    let random_zones = zones.iter().filter(|&&z| random(p.az[z])).count();
    let random_carriers = carriers.iter().filter(|&&c| random(p.carrier[c])).count();
    // Regional instances: each link delivers to its zone's region's
    // instance, shared by every link into that region, so the instances
    // that can fail are enumerated too (outside the factorisation).
    let inst_of = |l: usize| model.regions.as_ref().map(|r| r.az_instance[model.links[l].az]);
    let insts: Vec<usize> = {
        let mut v: Vec<usize> = links.iter().filter_map(|&l| inst_of(l)).collect();
        v.sort_unstable();
        v.dedup();
        v.retain(|&i| random(p.instance[i]));
        v
    };
    if random_zones.min(random_carriers) + insts.len() > MAX_CONDITIONED {
        return Err(TooManyShared { zones: random_zones, carriers: random_carriers, instances: insts.len() });
    }
    let side = if random_zones <= random_carriers { Side::Zones } else { Side::Carriers };
    let cond_of = |l: usize| match side {
        Side::Zones => model.links[l].az,
        Side::Carriers => model.links[l].carrier,
    };
    let group_of = |l: usize| match side {
        Side::Zones => model.links[l].carrier,
        Side::Carriers => model.links[l].az,
    };
    let (cond_p, group_p): (&[UpDownPair], &[UpDownPair]) = match side {
        Side::Zones => (&p.az, &p.carrier),
        Side::Carriers => (&p.carrier, &p.az),
    };
    let cond_forced = |r: &Requirement<'_>, e: usize| match side {
        Side::Zones => r.forced.az[e],
        Side::Carriers => r.forced.carrier[e],
    };
    let group_forced = |r: &Requirement<'_>, e: usize| match side {
        Side::Zones => r.forced.carrier[e],
        Side::Carriers => r.forced.az[e],
    };
    // The conditioned elements that can fail, enumerated; the others are
    // fixed up (a fixed-down one makes its links ineligible).
    let conds: Vec<usize> = {
        let mut c: Vec<usize> = links.iter().map(|&l| cond_of(l)).collect();
        c.sort_unstable();
        c.dedup();
        c.retain(|&e| random(cond_p[e]));
        c
    };
    let mut groups: Vec<(usize, Group)> = Vec::new();
    for &l in &links {
        let (ce, ge) = (cond_of(l), group_of(l));
        let mut eligible = 0u32;
        let inst = inst_of(l);
        for (j, r) in reqs.iter().enumerate() {
            let usable = r.routes.contains(&l)
                && !r.forced.link[l]
                && !cond_forced(r, ce)
                && cond_p[ce].0 > 0.0
                && inst.is_none_or(|i| !r.forced.instance[i] && p.instance[i].0 > 0.0);
            if usable {
                eligible |= 1 << j;
            }
        }
        let leg = Leg {
            cond: conds.iter().position(|&e| e == ce),
            inst: inst.and_then(|i| insts.iter().position(|&x| x == i)),
            down: p.link[l].1,
            eligible,
        };
        match groups.iter_mut().find(|(e, _)| *e == ge) {
            Some((_, g)) => g.legs.push(leg),
            None => {
                let forced =
                    (reqs.iter().enumerate()).fold(0u32, |acc, (j, r)| acc | (group_forced(r, ge) as u32) << j);
                groups.push((ge, Group { up: group_p[ge].0, down: group_p[ge].1, forced, legs: vec![leg] }));
            }
        }
    }
    let all = (1u32 << reqs.len()) - 1;
    let mut total = 0.0;
    // State bits: the conditioned elements first, then the instances.
    let nc = conds.len();
    for state in 0u64..(1u64 << (nc + insts.len())) {
        let weight: f64 = (conds.iter().enumerate())
            .map(|(i, &e)| if state >> i & 1 == 1 { cond_p[e].0 } else { cond_p[e].1 })
            .chain(
                (insts.iter().enumerate())
                    .map(|(k, &i)| if state >> (nc + k) & 1 == 1 { p.instance[i].0 } else { p.instance[i].1 }),
            )
            .product();
        let mut sum = 0.0;
        for t in 1..=all {
            let mut prob = 1.0;
            for (_, g) in &groups {
                let live = t & !g.forced;
                if live == 0 {
                    continue; // every requirement of T has this group forced down: fails outright
                }
                let links_down: f64 = (g.legs.iter())
                    .filter(|leg| {
                        leg.eligible & live != 0
                            && leg.cond.is_none_or(|i| state >> i & 1 == 1)
                            && leg.inst.is_none_or(|k| state >> (nc + k) & 1 == 1)
                    })
                    .map(|leg| leg.down)
                    .product();
                prob *= g.down + g.up * links_down;
            }
            // Inclusion and exclusion: + for odd |T|, - for even.
            if t.count_ones() % 2 == 1 {
                sum += prob;
            } else {
                sum -= prob;
            }
        }
        total += weight * sum;
    }
    Ok(total.clamp(0.0, 1.0))
}
