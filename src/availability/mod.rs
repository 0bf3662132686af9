//! Exact availability, outage frequency and outage duration of every
//! number, bank and the whole design, from the route structure and each
//! element's failure figures: no simulation, no sampling error.
//!
//! # Why it is exact
//! Every zone, carrier and link with random failures is an alternating
//! renewal process (up periods of mean `mtbf`, repairs of mean `mttr`, any
//! shapes), independent of every other element, and the simulator starts it
//! in its stationary regime. At any instant it is therefore up with
//! probability `a = mtbf / (mtbf + mttr)` **whatever the shapes** of its
//! lifetime and repair distributions, independently of the others. A
//! number has a route when some link of one of its carriers is usable (the
//! link, its carrier and its zone up); a forwarded number needs a route on
//! both legs. The probability of that event is computed exactly by summing
//! out the shared zones (or carriers) and factoring over the rest
//! ([`structure`] explains how); its complement is the number's
//! unavailability `U`.
//!
//! # Outage frequency and duration
//! A number's outage starts when an element fails while it is *critical*:
//! the number is up with the element up and down with it down. Element `e`
//! fails at the long-run rate `1 / (mtbf_e + mttr_e)`, and because the other
//! elements are independent of `e`, their state at `e`'s failure instants
//! is distributed as at any instant (their stationary law). So the
//! number's outages start at the rate
//!
//! ```text
//! nu = sum over elements e of I_e / (mtbf_e + mttr_e),   I_e = U(e down) - U(e up)
//! ```
//!
//! (`I_e` is Birnbaum's importance), again for any shapes. Two elements
//! in parallel give `nu = (1 - a2)/(m1 + r1) + (1 - a1)/(m2 + r2)`; in
//! series `nu = a2/(m1 + r1) + a1/(m2 + r2)`. The mean outage lasts
//! `U / nu` and the downtime per year is `U` times a year (365.25 days).
//!
//! # Scheduled outages
//! An element under a scheduled outage is held down while its random
//! process runs on underneath. The horizon is cut at every outage start and
//! end; within each piece the instantaneous figures above hold with the
//! held elements down (and their own failures, which change nothing then,
//! left out of `nu`). Availability is the time-weighted mean over the
//! pieces. Outages are counted over the horizon: `nu` times each piece's
//! length, plus, at each instant where outages start, the probability that
//! the number was up just before and is down just after (at equal times
//! the simulator starts outages before it ends others, and a period of zero
//! length is no outage, so only the states before and after count). Figures
//! per year scale the horizon's.
//!
//! # Regional instances
//! With `[[region]]`, each instance is one more independent alternating
//! renewal element, in series with every link into its region's zones (the
//! simulator holds those links down while it is): a number's figures are
//! those of "some route into an up instance", as the simulator's
//! `availability` measures them, and an instance's own figures are
//! `mtbf / (mtbf + mttr)` and `1 / (mtbf + mttr)` (time-weighted with its
//! scheduled outages). Which instance a call is sent to (the split) and
//! the failover delay lower what *calls* see below that structural figure:
//! `failover` derives it, exactly where its assumptions hold.
//!
//! # Banks and the design
//! A bank's and the design's figures are the offered-call-weighted means of
//! their numbers' (as callers see them: the share of calls that arrive to a
//! number without a route, and the outages per year that a caller's number
//! has, on average). A bank's DIDs share one carrier's routes, so for a bank
//! these are its DIDs' own exact figures.

mod failover;
pub mod structure;

use crate::faults::{Element, FailureProcess};
use crate::model::{Entry, Model};
use structure::{Forced, Requirement, UpDown};

pub use failover::{CallFigures, Unknown};
pub use structure::{MAX_CONDITIONED, TooManyShared};

/// Seconds in a year of 365.25 days.
pub const YEAR_S: f64 = 365.25 * 86_400.0;

/// The exact figures of a number, a bank or the design.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct Exact {
    /// Fraction of time with a route (for a bank or the design: of calls
    /// arriving to a number with a route).
    pub availability: f64,
    /// `1 - availability`, computed directly (not by subtraction).
    pub unavailability: f64,
    /// `-log10(unavailability)`; `None` when the number can never be down.
    pub nines: Option<f64>,
    /// Outages (periods without a route) starting per year.
    pub outages_per_year: f64,
    /// Mean length of an outage, seconds; `None` when there are none.
    pub mean_outage_s: Option<f64>,
    /// Time without a route per year, seconds.
    pub downtime_s_per_year: f64,
}

impl Exact {
    /// The figures of an unavailability and an outage rate per year.
    fn new(unavailability: f64, outages_per_year: f64) -> Exact {
        let u = unavailability.clamp(0.0, 1.0);
        Exact {
            availability: 1.0 - u,
            unavailability: u,
            nines: (u > 0.0).then(|| -u.log10()),
            outages_per_year,
            mean_outage_s: (outages_per_year > 0.0).then(|| u * YEAR_S / outages_per_year),
            downtime_s_per_year: u * YEAR_S,
        }
    }
}

/// A design's exact figures: per number (model order), per bank (model
/// order), and for the whole design.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct ExactAvailability {
    /// Per number, in [`Model::numbers`] order.
    pub numbers: Vec<Exact>,
    /// Per bank, in [`Model::banks`] order.
    pub banks: Vec<Exact>,
    /// The design, weighted by offered calls.
    pub design: Exact,
    /// Per regional instance, in [`crate::model::Regions::instances`] order
    /// (empty without regions): the fraction of time it is up, and its
    /// failures (its own random failures and scheduled outages).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub instances: Vec<Exact>,
    /// Per number, in model order (empty without regions): what its calls
    /// see with the split and failover ([`CallFigures`]), or why there is
    /// no exact figure.
    #[serde(skip)]
    pub calls: Vec<Result<CallFigures, Unknown>>,
}

/// A piece of the horizon with the same elements held down.
#[derive(Clone, Debug)]
struct Piece {
    length_s: f64,
    forced: Forced,
}

/// A time in the horizon where outages start: the held sets before and after.
#[derive(Clone, Debug)]
struct Onset {
    before: Forced,
    after: Forced,
}

/// The (up, down) probabilities of an element with `failure`.
fn up_down(failure: &Option<FailureProcess>) -> (f64, f64) {
    match failure {
        None => (1.0, 0.0),
        Some(f) => {
            let cycle = f.mtbf_s + f.mttr_s;
            (f.mtbf_s / cycle, f.mttr_s / cycle)
        }
    }
}

/// The horizon `[0, horizon_s)` (after warm-up) cut at every scheduled
/// outage boundary, and the instants where outages start.
fn schedule(model: &Model, horizon_s: f64) -> (Vec<Piece>, Vec<Onset>) {
    let forced_at = |t: f64| {
        let mut f = Forced::none(model);
        for o in &model.outages {
            if o.start_s <= t && t < o.start_s + o.duration_s {
                f.hold(o.target);
            }
        }
        f
    };
    let mut cuts: Vec<f64> = (model.outages.iter())
        .flat_map(|o| [o.start_s, o.start_s + o.duration_s])
        .filter(|&t| t > 0.0 && t < horizon_s)
        .chain([0.0, horizon_s])
        .collect();
    cuts.sort_by(f64::total_cmp);
    cuts.dedup();
    let pieces = (cuts.windows(2)).map(|w| Piece { length_s: w[1] - w[0], forced: forced_at(w[0]) }).collect();
    let mut starts: Vec<f64> = (model.outages.iter()).map(|o| o.start_s).filter(|&t| t < horizon_s).collect();
    starts.sort_by(f64::total_cmp);
    starts.dedup();
    let onsets = (starts.into_iter())
        .map(|t| {
            // Just before t: what started earlier and has not ended before t
            // (an outage ending at t still holds: at equal times outages start
            // before others end). At t = 0, the state of warm-up: nothing held.
            let mut before = Forced::none(model);
            for o in &model.outages {
                if o.start_s < t && t <= o.start_s + o.duration_s {
                    before.hold(o.target);
                }
            }
            Onset { before, after: forced_at(t) }
        })
        .collect();
    (pieces, onsets)
}

/// The random elements on `routes`: (element, its failure process's cycle
/// `mtbf + mttr` in seconds).
fn random_elements(model: &Model, routes: &[usize]) -> Vec<(Element, f64)> {
    let cycle = |f: &Option<FailureProcess>| f.as_ref().map(|f| f.mtbf_s + f.mttr_s);
    let mut out = Vec::new();
    for &l in routes {
        let link = &model.links[l];
        let instance = model.regions.as_ref().map(|r| {
            let i = r.az_instance[link.az];
            (Element::Instance(i), &r.instances[i].failure)
        });
        for (e, f) in [
            (Element::Link(l), &link.failure),
            (Element::Carrier(link.carrier), &model.carriers[link.carrier].failure),
            (Element::Az(link.az), &model.azs[link.az].failure),
        ]
        .into_iter()
        .chain(instance)
        {
            if let Some(c) = cycle(f)
                && !out.iter().any(|&(x, _)| x == e)
            {
                out.push((e, c));
            }
        }
    }
    out
}

fn set(p: &mut UpDown, e: Element, ud: (f64, f64)) -> (f64, f64) {
    let slot = match e {
        Element::Az(i) => &mut p.az[i],
        Element::Carrier(i) => &mut p.carrier[i],
        Element::Link(i) => &mut p.link[i],
        Element::Instance(i) => &mut p.instance[i],
    };
    std::mem::replace(slot, ud)
}

/// The route sets a call to `number` needs: its own routes, and its
/// forward target's when it forwards.
pub(crate) fn legs(model: &Model, number: usize) -> Vec<&[usize]> {
    let mut out = vec![model.numbers[number].routes.as_slice()];
    if let Some(f) = model.forwards.iter().find(|f| f.from == number) {
        out.push(model.numbers[f.to].routes.as_slice());
    }
    out
}

/// One number's exact figures over a horizon of `horizon_s` seconds.
fn number_exact(
    model: &Model,
    p: &mut UpDown,
    number: usize,
    pieces: &[Piece],
    onsets: &[Onset],
    horizon_s: f64,
) -> Result<Exact, TooManyShared> {
    let legs = legs(model, number);
    let all_routes: Vec<usize> = legs.iter().flat_map(|r| r.iter().copied()).collect();
    let elements = random_elements(model, &all_routes);
    fn reqs<'a>(legs: &[&'a [usize]], forced: &'a Forced) -> Vec<Requirement<'a>> {
        legs.iter().map(|routes| Requirement { routes, forced }).collect()
    }
    let (mut down_s, mut outages) = (0.0, 0.0);
    for piece in pieces {
        let r = reqs(&legs, &piece.forced);
        let u = structure::unavailability(model, p, &r)?;
        down_s += u * piece.length_s;
        let mut rate = 0.0;
        for &(e, cycle) in elements.iter().filter(|(e, _)| !piece.forced.holds(*e)) {
            let saved = set(p, e, (0.0, 1.0));
            let u_down = structure::unavailability(model, p, &r)?;
            set(p, e, (1.0, 0.0));
            let u_up = structure::unavailability(model, p, &r)?;
            set(p, e, saved);
            rate += (u_down - u_up).max(0.0) / cycle;
        }
        outages += rate * piece.length_s;
    }
    for onset in onsets {
        // P(up before and down after) = P(down before or after) - P(down before).
        let mut both = reqs(&legs, &onset.before);
        both.extend(reqs(&legs, &onset.after));
        let either = structure::unavailability(model, p, &both)?;
        let before = structure::unavailability(model, p, &reqs(&legs, &onset.before))?;
        outages += (either - before).max(0.0);
    }
    let years = horizon_s / YEAR_S;
    Ok(Exact::new(down_s / horizon_s, outages / years))
}

/// A stretch of the horizon and a number's unavailability in it: (start
/// seconds, end seconds, U).
pub type Span = (f64, f64, f64);

/// Each piece of the horizon `[0, horizon_s)` (cut at scheduled outage
/// boundaries) with the unavailability of `number` during it: (start,
/// end, U), seconds.
pub fn unavailability_over_time(model: &Model, number: usize, horizon_s: f64) -> Result<Vec<Span>, TooManyShared> {
    let p = probabilities(model);
    let (pieces, _) = schedule(model, horizon_s);
    let legs = legs(model, number);
    let mut out = Vec::with_capacity(pieces.len());
    let mut t = 0.0;
    for piece in &pieces {
        let reqs: Vec<Requirement<'_>> =
            legs.iter().map(|routes| Requirement { routes, forced: &piece.forced }).collect();
        out.push((t, t + piece.length_s, structure::unavailability(model, &p, &reqs)?));
        t += piece.length_s;
    }
    Ok(out)
}

/// Calls each number is expected to be offered while it has no route,
/// over the horizon `[0, horizon_s)`, first attempts only: the integral of
/// each traffic source's arrival rate times the number's unavailability
/// (Poisson arrivals see time averages, and failures do not depend on the
/// time of day). A profile's rate is integrated hour by hour (its clock
/// starts at 0, Monday 00:00); spikes are left out (a one-off burst has no
/// yearly rate); a replayed trace counts at its mean rate.
pub fn expected_no_route_calls(model: &Model, horizon_s: f64) -> Result<Vec<f64>, TooManyShared> {
    let mut out = vec![0.0; model.numbers.len()];
    let mut cache: Vec<(usize, Vec<Span>)> = Vec::new();
    for t in &model.traffic {
        for (n, share) in model.targets(t) {
            if !cache.iter().any(|(k, _)| *k == n) {
                cache.push((n, unavailability_over_time(model, n, horizon_s)?));
            }
            let pieces = &cache.iter().find(|(k, _)| *k == n).expect("cached above").1;
            let calls: f64 = pieces.iter().map(|&(a, b, u)| u * arrivals_between(&t.arrivals, a, b)).sum();
            out[n] += share * calls;
        }
    }
    Ok(out)
}

/// First-attempt calls each number is expected to be offered over the
/// horizon `[0, horizon_s)`: each traffic source's expected arrivals (a
/// profile's hour by hour, spikes left out, a trace at its mean rate) times
/// the number's share of them.
pub fn expected_calls(model: &Model, horizon_s: f64) -> Vec<f64> {
    let mut out = vec![0.0; model.numbers.len()];
    for t in &model.traffic {
        let calls = arrivals_between(&t.arrivals, 0.0, horizon_s);
        for (n, share) in model.targets(t) {
            out[n] += share * calls;
        }
    }
    out
}

/// Expected arrivals of `process` in `[a, b)` (seconds from the end of
/// warm-up), spikes left out.
fn arrivals_between(process: &crate::traffic::ArrivalProcess, a: f64, b: f64) -> f64 {
    use crate::traffic::{ArrivalProcess, WEEK_HOURS};
    match process {
        ArrivalProcess::Profile(p) => {
            let mut total = 0.0;
            let mut t = a;
            while t < b {
                let hour = (t / 3_600.0).floor();
                let end = ((hour + 1.0) * 3_600.0).min(b);
                let rate = p.weekly_calls_per_hour[(hour as usize) % WEEK_HOURS] / 3_600.0;
                total += rate * (end - t);
                t = end;
            }
            total
        }
        other => other.mean_rate_per_s() * (b - a),
    }
}

/// Each element's (P(up), P(down)) from its failure process.
fn probabilities(model: &Model) -> UpDown {
    UpDown {
        az: model.azs.iter().map(|a| up_down(&a.failure)).collect(),
        carrier: model.carriers.iter().map(|c| up_down(&c.failure)).collect(),
        link: model.links.iter().map(|l| up_down(&l.failure)).collect(),
        instance: (model.regions.iter().flat_map(|r| r.instances.iter())).map(|i| up_down(&i.failure)).collect(),
    }
}

/// The offered-call-weighted mean of `figures` over `members` (plain mean
/// when none of them is offered calls).
fn weighted(figures: &[Exact], members: &[usize], rate: &[f64]) -> Exact {
    let total: f64 = members.iter().map(|&n| rate[n]).sum();
    let w = |n: usize| if total > 0.0 { rate[n] / total } else { 1.0 / members.len() as f64 };
    let u = members.iter().map(|&n| w(n) * figures[n].unavailability).sum();
    let nu = members.iter().map(|&n| w(n) * figures[n].outages_per_year).sum();
    Exact::new(u, nu)
}

/// Calls offered to each number per second, over all its traffic sources
/// (a bank's spread over its DIDs by its spread's shares).
fn offered_rates(model: &Model) -> Vec<f64> {
    let mut rate = vec![0.0; model.numbers.len()];
    for t in &model.traffic {
        let r = t.arrivals.mean_rate_per_s();
        for (n, share) in model.targets(t) {
            rate[n] += r * share;
        }
    }
    rate
}

/// [`exact`] where it holds: `None` when the routes share too many elements
/// to sum out. Regional designs have their instances in the structure
/// function, and their calls' figures in [`ExactAvailability::calls`].
pub fn exact_if_known(model: &Model, horizon_s: f64) -> Option<ExactAvailability> {
    exact(model, horizon_s).ok()
}

/// The exact figures of every number, bank and the design of `model` over a
/// measured horizon of `horizon_s` seconds (> 0; it matters only with
/// scheduled outages, which it clips).
pub fn exact(model: &Model, horizon_s: f64) -> Result<ExactAvailability, TooManyShared> {
    assert!(horizon_s > 0.0, "a horizon of positive length");
    let mut p = probabilities(model);
    let (pieces, onsets) = schedule(model, horizon_s);
    // Numbers with the same legs (a bank's DIDs) have the same figures.
    let mut seen: Vec<(Vec<&[usize]>, Exact)> = Vec::new();
    let mut numbers = Vec::with_capacity(model.numbers.len());
    for n in 0..model.numbers.len() {
        let key = legs(model, n);
        let figures = match seen.iter().find(|(k, _)| *k == key) {
            Some((_, e)) => *e,
            None => {
                let e = number_exact(model, &mut p, n, &pieces, &onsets, horizon_s)?;
                seen.push((key, e));
                e
            }
        };
        numbers.push(figures);
    }
    let rate = offered_rates(model);
    let banks = (model.banks.iter()).map(|b| weighted(&numbers, &b.members().collect::<Vec<_>>(), &rate)).collect();
    // The design: every number callers dial (a forward's target counts for
    // the calls dialled to it directly; the forwarded calls count on the
    // dialled number, whose figures include both legs).
    let dialled: Vec<usize> = model
        .entries()
        .flat_map(|e| match e {
            Entry::Number(i) => i..i + 1,
            Entry::Bank(b) => b.members(),
        })
        .collect();
    let design = weighted(&numbers, &dialled, &rate);
    let instances = (0..model.regions.as_ref().map_or(0, |r| r.instances.len()))
        .map(|i| instance_exact(model, &p, i, &pieces, &onsets, horizon_s))
        .collect();
    let calls = failover::call_figures(model, horizon_s);
    Ok(ExactAvailability { numbers, banks, design, instances, calls })
}

/// Regional instance `i`'s own figures: up with probability
/// `mtbf / (mtbf + mttr)` (any shapes) except while a scheduled outage
/// holds it, failing at the rate `1 / (mtbf + mttr)` while not held, and
/// once more at each onset of a hold that finds it up.
fn instance_exact(model: &Model, p: &UpDown, i: usize, pieces: &[Piece], onsets: &[Onset], horizon_s: f64) -> Exact {
    let r = model.regions.as_ref().expect("a regional design");
    let cycle = r.instances[i].failure.as_ref().map(|f| f.mtbf_s + f.mttr_s);
    let (up, down) = p.instance[i];
    let (mut down_s, mut outages) = (0.0, 0.0);
    for piece in pieces {
        if piece.forced.instance[i] {
            down_s += piece.length_s;
        } else {
            down_s += down * piece.length_s;
            outages += cycle.map_or(0.0, |c| piece.length_s / c);
        }
    }
    outages += up * onsets.iter().filter(|o| o.after.instance[i] && !o.before.instance[i]).count() as f64;
    Exact::new(down_s / horizon_s, outages / (horizon_s / YEAR_S))
}

#[cfg(test)]
mod tests;
