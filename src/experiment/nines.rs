//! Nines that hold: exact availability and outage figures, and calls lost
//! to failures per year estimated by simulating traffic only where the
//! failures are.
//!
//! # What is exact and what is estimated
//! Availability, outages per year, mean outage and downtime come from
//! [`crate::availability`], exactly. Calls offered while a number has no
//! route follow exactly too (Poisson arrivals see time averages):
//! [`crate::availability::expected_no_route_calls`]. What depends on the
//! traffic's state when an element fails needs simulation: calls **dropped**
//! when a link in use becomes unusable, calls lost to a toll-free number's
//! **re-route delay** (offered to a failed carrier before the RespOrg
//! re-routes), **redials** during an outage, and calls **blocked for
//! capacity while an element on the number's routes is down** (one carrier
//! of two down: does the survivor carry the load?).
//!
//! # Regional designs
//! Regional instances are elements like the others: in the structure
//! function (in series with every link into their region), in the
//! failure-only simulation (stream `nines:failures:instance:NAME`), in the
//! degraded periods and in the control variates. A call sent to a group
//! member that is down before failover is lost `failover`, and one sent to
//! an up instance without a route into its region is lost `no_route`
//! though the other region may have one: where
//! [`crate::availability::CallFigures`] hold (no redials, no re-route
//! delay), both are exact, offered calls times their shares; elsewhere both
//! are simulated. The traffic's memory `G` includes twice the longest
//! finite failover or failback delay, so a cluster's groups start
//! unshifted, as they are after that long with every instance up.
//!
//! # The method: traffic simulated only around degraded periods
//! Failures do not depend on traffic. So each estimate is built in two
//! steps, per *chunk* (an independent stretch of simulated time, whole
//! horizons and at least 30 days, with its own random streams):
//! 1. The failure processes alone are simulated over the chunk (each
//!    element an alternating renewal process with its own shapes, started in
//!    its stationary regime; scheduled outages repeat every horizon). This
//!    costs a few events per failure.
//! 2. The chunk's *degraded periods* (some element down) are grouped into
//!    clusters: periods closer than the traffic's memory `G` (below) are one
//!    cluster. Traffic is simulated only for each cluster, from `G` before
//!    it, starting empty, with the cluster's failures replayed as scheduled
//!    outages, and its losses are counted inside the degraded periods.
//!
//! Outside the clusters nothing is down for at least `G`, so nothing is
//! lost to failures there, and the traffic entering a cluster has had `G`
//! with everything up to reach its steady state: the counts are those a
//! brute-force simulation of the whole chunk would make, but for the
//! traffic's state `G` before a cluster (an exponentially small error: `G`
//! is ten times the longest mean holding plus IVR, plus every redial delay
//! a caller can wait, plus an hour to align the profile's clock).
//!
//! The chunks are independent and identically distributed, so a chunk's
//! calls per year is one observation, and the estimate is their mean with a
//! Student-t 95% interval over the chunks. Chunks are added (16, then half
//! as many again each round) until every number's `lost_per_year` interval is within `target_rel` of
//! its mean, or the time allowed runs out; the report says which. (Stopping
//! on the data observed makes the interval a little optimistic when the
//! rule stops early; 16 chunks at least keep that small.) The work
//! per chunk is the traffic of its clusters only: for designs where
//! failures are rare (the ones whose nines matter) that is a small fraction
//! of the chunk, and no traffic at all is simulated for a number whose
//! routes never fail.
//!
//! Every figure depends only on the scenario and the seed (the chunks and
//! their clusters draw from streams named by chunk and cluster), except how
//! many chunks run when the time limit stops the search.

use crate::availability::{self, Exact, TooManyShared, YEAR_S};
use crate::engine::{RandomStreams, StreamKey, stable_hash};
use crate::faults::{Element, FailureProcess, LifetimeSampler, ScheduledOutage};
use crate::model::{Entry, Model};
use crate::scenario::Scenario;
use crate::sim::{BlockCause, CallLog, CallOutcome, CallRecord, RunError, RunSettings};
use crate::stats::Summary;
use crate::summary::Named;
use crate::traffic::{ArrivalProcess, WEEK_HOURS};
use rand::RngExt;
use rayon::prelude::*;
use std::time::{Duration, Instant};

/// How `nines` runs.
#[derive(Clone, Debug, PartialEq)]
pub struct NinesSettings {
    /// Stop once every number's `lost_per_year` has a 95% half-width at most
    /// this fraction of its mean (> 0).
    pub target_rel: f64,
    /// Stop adding chunks after this much wall-clock time.
    pub max_time: Duration,
    /// Base seed of every random stream.
    pub seed: u64,
    /// Worker threads (0: one per core).
    pub threads: usize,
}

/// An estimate of calls per year: mean and 95% half-width over chunks.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct Estimate {
    /// Mean, calls per year.
    pub mean: f64,
    /// Half-width of the 95% interval, calls per year; 0 for an exact
    /// figure; `null` when nothing was observed (see `upper95`).
    pub ci95: Option<f64>,
    /// When no such call was observed in any chunk: the one-sided 95% upper
    /// bound, calls per year (`3 / years simulated`, the rule of three).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub upper95: Option<f64>,
}

impl Estimate {
    /// An exact figure (interval of width 0).
    fn exact(mean: f64) -> Estimate {
        Estimate { mean, ci95: Some(0.0), upper95: None }
    }

    /// The estimate from one observation per chunk (calls per year), `years`
    /// simulated in all; `exact_part` is added to every observation.
    fn over(samples: &[f64], years: f64, exact_part: f64) -> Estimate {
        if samples.iter().all(|&x| x == 0.0) {
            return Estimate { mean: exact_part, ci95: None, upper95: Some(exact_part + 3.0 / years) };
        }
        let s = Summary::of(samples);
        Estimate { mean: s.mean + exact_part, ci95: s.ci95, upper95: None }
    }

    /// As [`Estimate::over`], with `controls` (one per chunk, of known
    /// expectation `control_mean`) as a control variate: the regression
    /// estimate of [`Summary::controlled`] (which falls back to the plain
    /// mean below its minimum of chunks or when the controls do not vary).
    fn controlled(samples: &[f64], controls: &[f64], control_mean: f64, years: f64, exact_part: f64) -> Estimate {
        if samples.iter().all(|&x| x == 0.0) {
            return Estimate::over(samples, years, exact_part);
        }
        let s = Summary::controlled(samples, controls, control_mean);
        Estimate { mean: s.mean + exact_part, ci95: s.ci95, upper95: None }
    }

    /// Half-width over mean (0 for an exact zero; infinite when unobserved).
    pub fn relative(&self) -> f64 {
        match self.ci95 {
            Some(0.0) => 0.0,
            Some(h) => h / self.mean.abs(),
            None => f64::INFINITY,
        }
    }
}

/// The nines of a number, a bank or the design.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Nines {
    /// Exact availability (for a bank or the design: as callers see it).
    pub availability: f64,
    /// Exact `-log10(1 - availability)`; `null` when it is never down.
    pub nines: Option<f64>,
    /// Exact outages per year.
    pub outages_per_year: f64,
    /// Exact mean outage, seconds (`null`: no outage).
    pub mean_outage_s: Option<f64>,
    /// Exact time without a route per year, seconds.
    pub downtime_s_per_year: f64,
    /// Calls offered while it had no route (re-route delay losses and redials included).
    pub no_route_per_year: Estimate,
    /// Calls carried, then cut by a failure.
    pub dropped_per_year: Estimate,
    /// Calls blocked for capacity while an element on its routes was down.
    pub degraded_blocked_per_year: Estimate,
    /// Regional designs only (absent otherwise): calls sent to a group
    /// member that was down before failover moved its share (block cause
    /// `failover`); exact (`ci95` 0) where `crate::availability`'s call
    /// figures hold, else estimated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lost_in_failover_per_year: Option<Estimate>,
    /// Regional designs only (absent otherwise): the exact share of calls
    /// sent to an instance that is up with a route into its region, split
    /// and failover delay included (for a bank or the design: weighted by
    /// offered calls); `null` where the formula's assumptions fail.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub call_availability: Option<Option<f64>>,
    /// Their sum (lost in failover included).
    pub lost_per_year: Estimate,
}

/// The report of `callsim nines`.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct NinesReport {
    /// The scenario's name.
    pub scenario: String,
    /// Base seed.
    pub seed: u64,
    /// The target half-width over mean.
    pub target_rel: f64,
    /// Whether every `lost_per_year` reached the target (else time ran out).
    pub reached: bool,
    /// Independent chunks simulated.
    pub chunks: usize,
    /// Simulated years in all.
    pub years_simulated: f64,
    /// Traffic memory `G` before each cluster, seconds.
    pub memory_s: f64,
    /// Share of the simulated time in which traffic was simulated.
    pub traffic_share: f64,
    /// Events the engine processed (traffic of the clusters).
    pub events: u64,
    /// Per number.
    pub numbers: Named<Nines>,
    /// Per DID bank.
    pub banks: Named<Nines>,
    /// The design: all dialled numbers (calls summed, availability weighted by calls).
    pub design: Nines,
    /// Per regional instance (absent without regions): its own exact
    /// figures (`mtbf / (mtbf + mttr)`, time-weighted with its scheduled
    /// outages; outages per year, mean outage, downtime per year).
    #[serde(skip_serializing_if = "Named::is_empty")]
    pub instances: Named<Exact>,
    /// The numbers as the scenario lists them (a bank once, by name), with
    /// whether each is a bank: the rows of a table.
    #[serde(skip)]
    pub entries: Vec<(String, bool)>,
}

/// Why `nines` cannot run on a scenario.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum NinesError {
    /// The route structure shares too many failing elements to sum out.
    #[error(transparent)]
    Exact(#[from] TooManyShared),
    /// A replayed trace has no yearly rate.
    #[error("traffic[{0}] replays a trace: calls per year need a rate that repeats (poisson or profile arrivals)")]
    Trace(usize),
    /// A cluster's traffic did not fit the engine (more calls in progress
    /// than its queue holds).
    #[error(transparent)]
    Run(#[from] RunError),
}

/// Sorted, disjoint intervals of time, seconds.
type Periods = Vec<(f64, f64)>;

/// Counts of one chunk per number: (no route, dropped, degraded blocked,
/// lost in failover).
type ChunkCounts = Vec<[f64; 4]>;

/// One chunk's results: its counts per number (per year), the traffic time
/// simulated (seconds), the engine's events, and each element's random
/// failures in the chunk (per year, network order: the control variates).
type ChunkResult = (ChunkCounts, f64, u64, Vec<f64>);

/// The random stream of an element's failures in `nines`' failure-only
/// simulation: `nines:failures:KIND:NAME` (apart from the streams of a
/// replication, so that chunks never reuse a replication's draws).
#[derive(Clone, Copy, Debug)]
struct FailureStream<'a> {
    kind: &'static str,
    name: &'a str,
}

impl std::fmt::Display for FailureStream<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "nines:failures:{}:{}", self.kind, self.name)
    }
}

impl StreamKey for FailureStream<'_> {}

/// Length of a chunk, seconds: whole horizons (scheduled outages repeat
/// every horizon), at least 30 days. Short chunks let the search stop close
/// to the precision asked for; each chunk still starts its traffic a memory
/// `G` ahead, a small cost against a month.
fn chunk_len_s(horizon_s: f64) -> f64 {
    (30.0 * 86_400.0 / horizon_s).ceil() * horizon_s
}

/// The traffic's memory `G`, seconds: ten times the longest mean holding
/// plus IVR, plus the longest wait a caller's redials can take (attempts x
/// ten mean delays), plus the longest CPS queue wait, plus the longest
/// finite failover and failback delays of a traffic distribution group
/// (a cluster starts its groups unshifted, as they are after that long up).
fn memory_s(model: &Model) -> f64 {
    let holding = (model.traffic.iter()).map(|t| t.holding.mean_s()).fold(0.0, f64::max) + model.instance.ivr_s;
    let redial = (model.traffic.iter())
        .filter_map(|t| t.redial.as_ref())
        .map(|r| r.max_attempts as f64 * 10.0 * r.mean_delay_s)
        .fold(0.0, f64::max);
    let cps = (model.links.iter().filter_map(|l| l.cps))
        .chain(model.carriers.iter().filter_map(|c| c.cps))
        .map(|c| c.queue_s)
        .fold(0.0, f64::max);
    let delays = (model.regions.iter().flat_map(|r| r.groups.iter()))
        .flat_map(|g| [g.failover.delay_s(), g.failback.delay_s()])
        .filter(|d| d.is_finite())
        .fold(0.0, f64::max);
    (10.0 * holding + redial + cps).max(60.0) + 2.0 * delays
}

/// Each element's held-down intervals over `[from, to)`: its random
/// failures (stationary from `from`) and the scheduled outages repeated
/// every horizon. Elements in network order: zones, carriers, links,
/// regional instances.
fn trajectory(
    model: &Model,
    horizon_s: f64,
    from: f64,
    to: f64,
    streams: &RandomStreams,
) -> (Vec<Vec<(f64, f64)>>, Vec<f64>) {
    let elements: Vec<(Element, &Option<FailureProcess>, FailureStream<'_>)> = (model.azs.iter().enumerate())
        .map(|(i, a)| (Element::Az(i), &a.failure, FailureStream { kind: "az", name: &a.name }))
        .chain(
            (model.carriers.iter().enumerate())
                .map(|(i, c)| (Element::Carrier(i), &c.failure, FailureStream { kind: "carrier", name: &c.name })),
        )
        .chain(
            (model.links.iter().enumerate())
                .map(|(i, l)| (Element::Link(i), &l.failure, FailureStream { kind: "link", name: &l.name })),
        )
        .chain(
            (model.regions.iter().flat_map(|r| r.instances.iter().enumerate()))
                .map(|(i, x)| (Element::Instance(i), &x.failure, FailureStream { kind: "instance", name: &x.name })),
        )
        .collect();
    let mut out = Vec::with_capacity(elements.len());
    let mut failures = vec![0.0; elements.len()];
    for (e, (element, failure, name)) in elements.iter().enumerate() {
        let mut down: Vec<(f64, f64)> = Vec::new();
        if let Some(f) = failure {
            let sampler = |l: crate::faults::Lifetime, mean: f64| -> LifetimeSampler {
                l.sampler(mean).expect("validated failure processes give samplers")
            };
            let (up_s, repair_s) = (sampler(f.time_to_failure, f.mtbf_s), sampler(f.time_to_repair, f.mttr_s));
            let mut rng = streams.stream(name);
            let mut t = from;
            let mut is_down = rng.random::<f64>() >= f.mtbf_s / (f.mtbf_s + f.mttr_s);
            let mut next = t + if is_down { repair_s.residual_s(&mut rng) } else { up_s.residual_s(&mut rng) };
            while t < to {
                if is_down {
                    down.push((t, next.min(to)));
                }
                t = next;
                is_down = !is_down;
                if is_down && (0.0..to).contains(&t) {
                    failures[e] += 1.0;
                }
                next = t + if is_down { repair_s.period_s(&mut rng) } else { up_s.period_s(&mut rng) };
            }
        }
        let first = (from / horizon_s).floor() as i64;
        let last = (to / horizon_s).ceil() as i64;
        for copy in first..=last {
            let base = copy as f64 * horizon_s;
            for o in model.outages.iter().filter(|o| o.target == *element) {
                let (a, b) = (base + o.start_s, (base + o.start_s + o.duration_s).min(base + horizon_s));
                let (a, b) = (a.max(from), b.min(to));
                if a < b {
                    down.push((a, b));
                }
            }
        }
        out.push(merge(down));
    }
    (out, failures)
}

/// Sorted, merged intervals.
fn merge(mut v: Vec<(f64, f64)>) -> Vec<(f64, f64)> {
    v.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut out: Vec<(f64, f64)> = Vec::with_capacity(v.len());
    for (a, b) in v {
        match out.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => out.push((a, b)),
        }
    }
    out
}

/// The element index (network order) of zone, carrier or link `e`.
fn element_id(model: &Model, e: Element) -> usize {
    match e {
        Element::Az(i) => i,
        Element::Carrier(i) => model.azs.len() + i,
        Element::Link(i) => model.azs.len() + model.carriers.len() + i,
        Element::Instance(i) => model.azs.len() + model.carriers.len() + model.links.len() + i,
    }
}

/// The zone, carrier, link or regional instance at element index `id`
/// (network order): the inverse of [`element_id`].
fn element_at(model: &Model, id: usize) -> Element {
    let (zones, carriers, links) = (model.azs.len(), model.carriers.len(), model.links.len());
    if id < zones {
        Element::Az(id)
    } else if id < zones + carriers {
        Element::Carrier(id - zones)
    } else if id < zones + carriers + links {
        Element::Link(id - zones - carriers)
    } else {
        Element::Instance(id - zones - carriers - links)
    }
}

/// The elements a call over link `l` needs up: the link, its carrier, its
/// zone, and (with regions) its zone's instance.
fn link_elements(model: &Model, l: usize) -> impl Iterator<Item = Element> + use<> {
    let link = &model.links[l];
    let instance = model.regions.as_ref().map(|r| Element::Instance(r.az_instance[link.az]));
    [Element::Link(l), Element::Carrier(link.carrier), Element::Az(link.az)].into_iter().chain(instance)
}

/// The random failure process of `e`, if it has one.
fn failure_of(model: &Model, e: Element) -> &Option<FailureProcess> {
    match e {
        Element::Az(i) => &model.azs[i].failure,
        Element::Carrier(i) => &model.carriers[i].failure,
        Element::Link(i) => &model.links[i].failure,
        Element::Instance(i) => model.regions.as_ref().map_or(&None, |r| &r.instances[i].failure),
    }
}

/// Per number: the element ids on its routes (its forward target's too).
fn route_elements(model: &Model) -> Vec<Vec<usize>> {
    (0..model.numbers.len())
        .map(|n| {
            let mut ids: Vec<usize> = (availability::legs(model, n).into_iter())
                .flat_map(|routes| routes.iter())
                .flat_map(|&l| link_elements(model, l).map(|e| element_id(model, e)))
                .collect();
            ids.sort_unstable();
            ids.dedup();
            ids
        })
        .collect()
}

/// Per number, within `[from, to)`: the intervals with an element on its
/// routes down (degraded) and those without a route, from the elements'
/// down intervals.
fn number_periods(
    model: &Model,
    down: &[Vec<(f64, f64)>],
    elements: &[Vec<usize>],
    from: f64,
    to: f64,
) -> (Vec<Periods>, Vec<Periods>) {
    let mut degraded = Vec::with_capacity(model.numbers.len());
    let mut no_route = Vec::with_capacity(model.numbers.len());
    let inside = |&(a, b): &(f64, f64)| b > from && a < to;
    for (n, ids) in elements.iter().enumerate() {
        let mut changes: Vec<f64> =
            ids.iter().flat_map(|&e| down[e].iter().filter(|p| inside(p))).flat_map(|&(a, b)| [a, b]).collect();
        degraded.push(merge(ids.iter().flat_map(|&e| down[e].iter().filter(|p| inside(p)).copied()).collect()));
        changes.push(from);
        changes.sort_by(f64::total_cmp);
        changes.dedup();
        let is_down = |e: usize, t: f64| {
            let i = down[e].partition_point(|&(a, _)| a <= t);
            i > 0 && down[e][i - 1].1 > t
        };
        let usable = |l: usize, t: f64| link_elements(model, l).all(|e| !is_down(element_id(model, e), t));
        let legs = availability::legs(model, n);
        let mut periods = Vec::new();
        for w in changes.windows(2).chain(std::iter::once(&[changes[changes.len() - 1], to][..])) {
            let (a, b) = (w[0], w[1]);
            if a >= b {
                continue;
            }
            let has_route = legs.iter().all(|routes| routes.iter().any(|&l| usable(l, a)));
            if !has_route {
                periods.push((a, b));
            }
        }
        no_route.push(merge(periods));
    }
    (degraded, no_route)
}

/// Whether a no-route attempt to `number` at `t` is counted by simulation:
/// `Simulated::All` numbers (redials) count every one, `Simulated::Reroute`
/// numbers those made while they had a route.
fn redials_or_delay(simulated: &[Simulated], number: usize, no_route: &[(f64, f64)], t: f64) -> bool {
    match simulated[number] {
        Simulated::All => true,
        Simulated::Reroute => !contains(no_route, t),
        Simulated::None => false,
    }
}

/// Which of a number's no-route attempts simulation counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Simulated {
    /// None: the exact figure is the whole of them.
    None,
    /// Those lost to the re-route delay (a route was up); the exact figure
    /// covers the time without a route.
    Reroute,
    /// All of them (callers redial, so attempts are not Poisson).
    All,
}

fn contains(periods: &[(f64, f64)], t: f64) -> bool {
    let i = periods.partition_point(|&(a, _)| a <= t);
    i > 0 && periods[i - 1].1 > t
}

/// A profile turned by `hours`: hour `h` of the result is hour `h + hours`
/// of the original. Spikes are left out.
fn rotated(process: &ArrivalProcess, hours: usize) -> ArrivalProcess {
    match process {
        ArrivalProcess::Profile(p) => {
            let mut p = p.clone();
            p.weekly_calls_per_hour.rotate_left(hours % WEEK_HOURS);
            p.spikes.clear();
            ArrivalProcess::Profile(p)
        }
        other => other.clone(),
    }
}

/// The control variates of the losses: per number, each element on its
/// routes weighted by the share of the number's links its failure takes
/// down (a link of four: 1/4; a carrier or zone with two of them: 1/2; a
/// forward adds both legs' shares). A chunk's control is the weighted count
/// of those elements' random failures in it, per year; its expectation is
/// exact, `sum of weight x year / (mtbf + mttr)`, because an alternating
/// renewal process started in its stationary regime fails at the constant
/// rate `1 / (mtbf + mttr)`, whatever the shapes of its lifetimes. Calls
/// dropped at a failure are about the calls on the links it takes down,
/// so this count follows the losses closely, and regressing on it (Lavenberg
/// and Welch) removes the variance the failure counts explain without bias:
/// its expectation is known, not estimated.
#[derive(Debug)]
struct Controls {
    /// Per number: (element id, weight).
    weights: Vec<Vec<(usize, f64)>>,
    /// Per number: the control's expectation, per year.
    means: Vec<f64>,
}

impl Controls {
    /// The controls of `model`'s numbers.
    fn of(model: &Model) -> Controls {
        let rate =
            |e: usize| failure_of(model, element_at(model, e)).as_ref().map_or(0.0, |f| YEAR_S / (f.mtbf_s + f.mttr_s));
        let weights: Vec<Vec<(usize, f64)>> = (0..model.numbers.len())
            .map(|n| {
                let mut w: Vec<(usize, f64)> = Vec::new();
                for routes in availability::legs(model, n) {
                    let share = 1.0 / routes.len().max(1) as f64;
                    for &l in routes.iter() {
                        for e in link_elements(model, l) {
                            let id = element_id(model, e);
                            if rate(id) == 0.0 {
                                continue;
                            }
                            match w.iter_mut().find(|(i, _)| *i == id) {
                                Some((_, x)) => *x += share,
                                None => w.push((id, share)),
                            }
                        }
                    }
                }
                w.sort_by_key(|&(id, _)| id);
                w
            })
            .collect();
        let means = weights.iter().map(|w| w.iter().map(|&(e, x)| x * rate(e)).sum()).collect();
        Controls { weights, means }
    }

    /// The control of `members` together in each chunk of `results`, and
    /// its expectation.
    fn of_members(&self, members: &[usize], results: &[ChunkResult]) -> (Vec<f64>, f64) {
        let per_chunk = results
            .iter()
            .map(|(_, _, _, failures)| {
                members.iter().flat_map(|&n| self.weights[n].iter()).map(|&(e, x)| x * failures[e]).sum()
            })
            .collect();
        (per_chunk, members.iter().map(|&n| self.means[n]).sum())
    }
}

/// One chunk: see [`ChunkResult`].
fn chunk(
    scenario: &Scenario,
    settings: &NinesSettings,
    k: u64,
    simulated_no_route: &[Simulated],
    failover_exact: &[Option<f64>],
) -> Result<ChunkResult, RunError> {
    let model = &scenario.model;
    let horizon_s = scenario.simulation.horizon_s;
    let len = chunk_len_s(horizon_s);
    let g = memory_s(model);
    let streams = RandomStreams::new(settings.seed, k);
    let from = -(g + 3_600.0);
    let (down, mut failures) = trajectory(model, horizon_s, from, len, &streams);
    let elements = route_elements(model);
    // Degraded periods of the whole design, clustered when closer than the memory.
    let any: Vec<(f64, f64)> = merge(down.iter().flatten().copied().collect());
    let mut clusters: Vec<(f64, f64)> = Vec::new();
    for (a, b) in any {
        match clusters.last_mut() {
            Some(last) if a - last.1 < g + 3_600.0 => last.1 = last.1.max(b),
            _ => clusters.push((a, b)),
        }
    }
    let mut counts = vec![[0.0; 4]; model.numbers.len()];
    let (mut traffic_s, mut events) = (0.0, 0u64);
    for (c, &(cs, ce)) in clusters.iter().enumerate() {
        let end = ce.min(len);
        if end <= 0.0 {
            continue;
        }
        // Traffic from t0, empty; measured from ws, an hour boundary of the
        // profile's clock (long time 0 is Monday 00:00), within an hour before cs.
        let t0 = cs - g - 3_600.0;
        let warmup = g + (-(t0 + g)).rem_euclid(3_600.0);
        let ws = t0 + warmup;
        let hours = ((ws / 3_600.0).round() as i64).rem_euclid(WEEK_HOURS as i64) as usize;
        let mut sub = model.clone();
        let m = &mut sub;
        for a in &mut m.azs {
            a.failure = None;
        }
        for cr in &mut m.carriers {
            cr.failure = None;
        }
        for l in &mut m.links {
            l.failure = None;
        }
        for i in m.regions.iter_mut().flat_map(|r| r.instances.iter_mut()) {
            i.failure = None;
        }
        m.outages.clear();
        for (e, periods) in down.iter().enumerate() {
            let target = element_at(model, e);
            for &(a, b) in periods.iter().filter(|&&(a, b)| b > cs && a < end) {
                let (a, b) = (a.max(ws), b.min(end));
                if b > a {
                    m.outages.push(ScheduledOutage { target, start_s: a - ws, duration_s: b - a });
                }
            }
        }
        for t in &mut m.traffic {
            t.arrivals = rotated(&t.arrivals, hours);
        }
        let run = RunSettings {
            horizon_s: end - ws,
            warmup_s: warmup,
            seed: stable_hash(&format!("nines:{}:{k}:{c}", settings.seed)),
        };
        let (degraded, no_route) = number_periods(model, &down, &elements, cs.max(0.0), end);
        let counted = |t: f64| t >= 0.0 && t < len;
        let mut log = CallLog(|r: &CallRecord| {
            match r.outcome {
                CallOutcome::Dropped(_) => {
                    let t = t0 + r.end_s;
                    if counted(t) {
                        counts[r.number][1] += 1.0;
                    }
                }
                CallOutcome::Blocked(cause) => {
                    let t = t0 + r.arrival_s;
                    if !counted(t) {
                        return;
                    }
                    match cause {
                        // With redials every no-route attempt is simulated; with a
                        // re-route delay, those the exact figure leaves out (offered
                        // to a failed carrier while a route was up); else none.
                        BlockCause::NoRoute
                            if redials_or_delay(simulated_no_route, r.number, &no_route[r.number], t) =>
                        {
                            counts[r.number][0] += 1.0
                        }
                        BlockCause::NoRoute => {}
                        // Simulated only where no exact figure holds (regional designs).
                        BlockCause::Failover if failover_exact[r.number].is_none() => counts[r.number][3] += 1.0,
                        BlockCause::Failover => {}
                        _ if contains(&degraded[r.number], t) => counts[r.number][2] += 1.0,
                        _ => {}
                    }
                }
                CallOutcome::Completed | CallOutcome::InProgress => {}
            }
        });
        let outcome = crate::sim::run_replication_with(&sub, &run, 0, &mut log)?;
        events += outcome.events;
        traffic_s += end - t0;
    }
    let years = len / YEAR_S;
    for c in &mut counts {
        for x in c.iter_mut() {
            *x /= years;
        }
    }
    failures.iter_mut().for_each(|f| *f /= years);
    Ok((counts, traffic_s, events, failures))
}

/// Runs `nines` on `scenario`: exact figures, and losses per year estimated
/// until `settings.target_rel` is met or `settings.max_time` has passed.
pub fn nines(scenario: &Scenario, settings: &NinesSettings) -> Result<NinesReport, NinesError> {
    let model = &scenario.model;
    if let Some(i) = model.traffic.iter().position(|t| matches!(t.arrivals, ArrivalProcess::Trace { .. })) {
        return Err(NinesError::Trace(i));
    }
    let horizon_s = scenario.simulation.horizon_s;
    let exact = availability::exact(model, horizon_s)?;
    let per_year = YEAR_S / horizon_s;
    let mut no_route_exact: Vec<f64> =
        availability::expected_no_route_calls(model, horizon_s)?.into_iter().map(|c| c * per_year).collect();
    // Regional numbers: calls sent to a member that is down are lost
    // `failover`, not `no_route`, and a call sent to an up instance without
    // a route into its region is lost `no_route` though the other region
    // has one: both exact from the call figures where those hold.
    let offered_per_year: Vec<f64> =
        availability::expected_calls(model, horizon_s).iter().map(|c| c * per_year).collect();
    let mut failover_exact: Vec<Option<f64>> = vec![Some(0.0); model.numbers.len()];
    let mut regional_simulated = vec![false; model.numbers.len()];
    if model.regions.is_some() {
        for n in 0..model.numbers.len() {
            match &exact.calls[n] {
                Ok(c) => {
                    no_route_exact[n] = c.no_route * offered_per_year[n];
                    failover_exact[n] = Some(c.lost_in_failover * offered_per_year[n]);
                }
                Err(_) => {
                    failover_exact[n] = None;
                    regional_simulated[n] = true;
                }
            }
        }
    }
    let mut redials = vec![false; model.numbers.len()];
    for t in model.traffic.iter().filter(|t| t.redial.is_some()) {
        model.targets(t).into_iter().for_each(|(n, _)| redials[n] = true);
    }
    let regional = model.regions.is_some();
    let simulated: Vec<Simulated> = (0..model.numbers.len())
        .map(|n| {
            if redials[n] || regional_simulated[n] || (regional && model.numbers[n].reroute_delay_s > 0.0) {
                Simulated::All
            } else if model.numbers[n].reroute_delay_s > 0.0 {
                Simulated::Reroute
            } else {
                Simulated::None
            }
        })
        .collect();
    for n in (0..model.numbers.len()).filter(|&n| regional && simulated[n] == Simulated::All) {
        failover_exact[n] = None;
    }
    let elements = route_elements(model);
    let random = |e: usize| failure_of(model, element_at(model, e)).is_some();
    // A number whose routes fail only by schedule still loses calls (drops
    // at the outage's start): "never fails" means neither kind.
    let scheduled: Vec<usize> = model.outages.iter().map(|o| element_id(model, o.target)).collect();
    // A number offered no calls loses none.
    let mut offered = vec![false; model.numbers.len()];
    for t in &model.traffic {
        model.targets(t).into_iter().for_each(|(n, _)| offered[n] = true);
    }
    let can_fail: Vec<bool> = (elements.iter().enumerate())
        .map(|(n, ids)| offered[n] && ids.iter().any(|&e| random(e) || scheduled.contains(&e)))
        .collect();
    let controls = Controls::of(model);
    let started = Instant::now();
    // Read on the calling thread: the pool's threads have no scope of their own.
    let stop = super::stop::current();
    let pool = rayon::ThreadPoolBuilder::new().num_threads(settings.threads).build().ok();
    let mut results: Vec<ChunkResult> = Vec::new();
    let mut batch = 16u64;
    let len = chunk_len_s(horizon_s);
    let (report, reached) = loop {
        let first = results.len() as u64;
        let run = |k: &u64| {
            super::stop::check(&stop);
            chunk(scenario, settings, *k, &simulated, &failover_exact)
        };
        let ks: Vec<u64> = (first..first + batch).collect();
        // The first error in chunk order, whatever the threads.
        let more: Vec<Result<_, RunError>> = match &pool {
            Some(p) => p.install(|| ks.par_iter().with_max_len(1).map(run).collect()),
            None => ks.iter().map(run).collect(),
        };
        for chunk in more {
            results.push(chunk?);
        }
        let exact_parts =
            ExactParts { no_route: &no_route_exact, failover: &failover_exact, offered: &offered_per_year };
        let report =
            assemble(scenario, settings, &exact, &exact_parts, &simulated, &can_fail, &controls, &results, len);
        let reached = report.numbers.0.iter().all(|(_, n)| n.lost_per_year.relative() <= settings.target_rel);
        if reached || started.elapsed() >= settings.max_time || results.len() >= 1 << 20 {
            break (report, reached);
        }
        // Half as many again: at most 1.5x the chunks the target needed.
        batch = (results.len() as u64).div_ceil(2);
    };
    Ok(NinesReport { reached, ..report })
}

/// The exact parts of each number's losses, calls per year.
struct ExactParts<'a> {
    /// Offered while without a route (the part not simulated).
    no_route: &'a [f64],
    /// Lost in failover (`None`: simulated).
    failover: &'a [Option<f64>],
    /// First attempts offered.
    offered: &'a [f64],
}

/// The report from the chunks so far.
#[allow(clippy::too_many_arguments)]
fn assemble(
    scenario: &Scenario,
    settings: &NinesSettings,
    exact: &availability::ExactAvailability,
    parts: &ExactParts<'_>,
    simulated: &[Simulated],
    can_fail: &[bool],
    controls: &Controls,
    results: &[ChunkResult],
    len: f64,
) -> NinesReport {
    let model = &scenario.model;
    let years = results.len() as f64 * len / YEAR_S;
    let nines_of = |e: &Exact, members: &[usize]| -> Nines {
        let fails = members.iter().any(|&n| can_fail[n]);
        let sum = |k: usize| -> Vec<f64> {
            results.iter().map(|(c, _, _, _)| members.iter().map(|&n| c[n][k]).sum()).collect()
        };
        let (control, control_mean) = controls.of_members(members, results);
        let exact_no_route: f64 =
            members.iter().filter(|&&n| simulated[n] != Simulated::All).map(|&n| parts.no_route[n]).sum();
        let exact_failover: f64 = members.iter().filter_map(|&n| parts.failover[n]).sum();
        let est = |samples: Vec<f64>, exact_part: f64| {
            if fails {
                Estimate::controlled(&samples, &control, control_mean, years, exact_part)
            } else {
                Estimate::exact(exact_part)
            }
        };
        let no_route = if members.iter().all(|&n| simulated[n] == Simulated::None) {
            Estimate::exact(exact_no_route)
        } else {
            est(sum(0), exact_no_route)
        };
        let dropped = est(sum(1), 0.0);
        let degraded = est(sum(2), 0.0);
        let regional = model.regions.is_some();
        let failover = regional.then(|| {
            if members.iter().all(|&n| parts.failover[n].is_some()) {
                Estimate::exact(exact_failover)
            } else {
                est(sum(3), exact_failover)
            }
        });
        // Calls' availability: the call figures weighted by offered calls.
        let call_availability = regional.then(|| {
            let total: f64 = members.iter().map(|&n| parts.offered[n]).sum();
            let w = |n: usize| if total > 0.0 { parts.offered[n] / total } else { 1.0 / members.len() as f64 };
            (members.iter()).map(|&n| exact.calls[n].as_ref().ok().map(|c| w(n) * c.reached)).sum::<Option<f64>>()
        });
        let lost_samples: Vec<f64> =
            (0..results.len()).map(|i| members.iter().map(|&n| results[i].0[n].iter().sum::<f64>()).sum()).collect();
        let lost = est(lost_samples, exact_no_route + exact_failover);
        Nines {
            availability: e.availability,
            nines: e.nines,
            outages_per_year: e.outages_per_year,
            mean_outage_s: e.mean_outage_s,
            downtime_s_per_year: e.downtime_s_per_year,
            no_route_per_year: no_route,
            dropped_per_year: dropped,
            degraded_blocked_per_year: degraded,
            lost_in_failover_per_year: failover,
            call_availability,
            lost_per_year: lost,
        }
    };
    let numbers = Named(
        (model.numbers.iter().enumerate()).map(|(i, n)| (n.name.clone(), nines_of(&exact.numbers[i], &[i]))).collect(),
    );
    let banks = Named(
        (model.banks.iter().enumerate())
            .map(|(b, bank)| (bank.name.clone(), nines_of(&exact.banks[b], &bank.members().collect::<Vec<_>>())))
            .collect(),
    );
    let dialled: Vec<usize> = (model.entries())
        .flat_map(|e| match e {
            Entry::Number(i) => i..i + 1,
            Entry::Bank(b) => b.members(),
        })
        .collect();
    let design = nines_of(&exact.design, &dialled);
    let traffic_s: f64 = results.iter().map(|r| r.1).sum();
    NinesReport {
        scenario: scenario.name.clone(),
        seed: settings.seed,
        target_rel: settings.target_rel,
        reached: false,
        chunks: results.len(),
        years_simulated: years,
        memory_s: memory_s(model),
        traffic_share: traffic_s / (results.len() as f64 * len),
        events: results.iter().map(|r| r.2).sum(),
        numbers,
        banks,
        design,
        instances: Named(
            (model.regions.iter().flat_map(|r| r.instances.iter()))
                .zip(&exact.instances)
                .map(|(i, e)| (i.name.clone(), *e))
                .collect(),
        ),
        entries: (model.entries())
            .map(|e| match e {
                Entry::Number(i) => (model.numbers[i].name.clone(), false),
                Entry::Bank(b) => (b.name.clone(), true),
            })
            .collect(),
    }
}

impl NinesReport {
    /// The report as the contract's JSON (pretty, one trailing newline).
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).expect("a nines report is always serialisable (finite floats)");
        s.push('\n');
        s
    }

    /// The figures of row `name` of [`NinesReport::entries`].
    pub fn entry(&self, name: &str, bank: bool) -> Option<&Nines> {
        if bank { self.banks.get(name) } else { self.numbers.get(name) }
    }
}
