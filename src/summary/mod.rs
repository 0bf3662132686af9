//! Summaries of a run: every figure of every number, bank, link and the
//! instance over the replications (mean and 95% interval), with the cost of
//! the design when it has prices. This is what the reports show; how they
//! show it (table, JSON keys, CSV, HTML) lives in `crate::report`, above.
//! The JSON shape is the contract's: these types serialise to it.

mod controls;
mod cost;
mod outbound;
mod queues;

pub(crate) use controls::Controls;
pub use cost::{CostLine, CostReport, Totals, per_month as cost_per_month};
pub use outbound::OutboundReport;
pub use queues::{CallbackReport, QueueReport, StaffingReport, WaitPoint};

use crate::scenario::Scenario;
use crate::sim::{BlockCause, ByCause, Cause, DropCause, ReplicationOutcome};
use crate::stats::Summary;
use serde::ser::{Serialize, SerializeMap, Serializer};

/// What the precision rule did, as reported.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PrecisionNote {
    /// The target ratio of half-width to mean.
    pub target_relative_ci: f64,
    /// Whether every metric reached it.
    pub reached: bool,
    /// Replications it took (or the maximum).
    pub replications: u32,
    /// The metric farthest from the target (`numbers.NAME.METRIC`), and its ratio.
    pub widest: Option<(String, f64)>,
}

/// The warm-up against what the design needs.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct WarmupCheck {
    /// Seconds of warm-up after which calls in progress are within 1% of
    /// their steady state (with redials back), from the model.
    pub needed_s: f64,
    /// The traffic source that needs the most (`NUMBER#K`).
    pub driven_by: Option<String>,
    /// True when the scenario's warm-up is at least `needed_s`.
    pub long_enough: bool,
}

/// Entries serialised as a JSON object in their given order (scenario order).
#[derive(Clone, Debug, PartialEq)]
pub struct Named<T>(pub Vec<(String, T)>);

impl<T> Named<T> {
    /// True when there are no entries.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The entry named `name`.
    pub fn get(&self, name: &str) -> Option<&T> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }
}

impl<T: Serialize> Serialize for Named<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// Blocked calls per replication, by cause (the contract's `blocked_by`).
pub type BlockedBy = ByCause<BlockCause, Summary>;

/// Dropped calls per replication, by the kind of element whose failure cut them.
pub type DroppedBy = ByCause<DropCause, Summary>;

/// A table by cause as a JSON object keyed by the causes' names, in their order.
fn by_name<C: Cause, T: Serialize, S: Serializer>(table: &ByCause<C, T>, s: S) -> Result<S::Ok, S::Error> {
    let mut map = s.serialize_map(Some(C::LIST.len()))?;
    for (c, v) in table.iter() {
        map.serialize_entry(c.as_str(), v)?;
    }
    map.end()
}

/// One number's results; counts are calls per replication.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct NumberReport {
    /// `toll-free` or `did`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// Its concurrent-call cap, calls (`null`: none).
    pub max_concurrent: Option<u32>,
    /// The DID bank it belongs to (absent when none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bank: Option<String>,
    /// Offered load, in Erlangs (arrival rate x mean holding), from the scenario.
    pub offered_erlangs: f64,
    /// Attempts that arrived in the window (after warm-up), redials included.
    pub offered: Summary,
    /// Carried calls that ended normally in the window, whenever they arrived.
    pub completed: Summary,
    /// Attempts of the window not carried.
    pub blocked: Summary,
    /// `blocked` by cause.
    #[serde(serialize_with = "by_name")]
    pub blocked_by: BlockedBy,
    /// Carried calls cut by a failure in the window, whenever they arrived.
    pub dropped: Summary,
    /// `dropped` by the kind of element that failed.
    #[serde(serialize_with = "by_name")]
    pub dropped_by: DroppedBy,
    /// Carried calls still in progress at the end of the window.
    pub in_progress: Summary,
    /// Calls in progress when the window opened (carried over from
    /// warm-up): `carried_in + offered = completed + blocked + dropped +
    /// in_progress` in every replication.
    pub carried_in: Summary,
    /// Callers (first attempts); `offered` counts every attempt, redials included.
    pub callers: Summary,
    /// Attempts after the first (redials).
    pub redials: Summary,
    /// Callers who gave up without ever being carried.
    pub never_through: Summary,
    /// never_through / callers: the share of callers who never got through.
    pub never_through_share: Summary,
    /// blocked / offered.
    pub blocking_probability: Summary,
    /// Fraction of the horizon with at least one route up.
    pub availability: Summary,
    /// Availability as callers see it, counted: the share of attempts that
    /// found the number with a route up (both legs for a forward), a ratio
    /// of totals over replications. Beside `availability` (time), it shows
    /// whether outages fell when callers call (`null`: no attempt; 1 with
    /// `ci95: null` when no attempt found it without a route: unobserved is
    /// not certain, read `exact_availability`).
    pub availability_seen: Option<Summary>,
    /// The exact availability over the horizon from the route structure
    /// (`crate::availability`): what `availability` estimates, without
    /// sampling error, and the figure to read when the replications saw no
    /// outage (`null` when the design shares too many failing elements to
    /// sum out). With regions: some route into an up instance.
    pub exact_availability: Option<f64>,
    /// The exact outages per year (a year is 365.25 days; `null` as above).
    pub exact_outages_per_year: Option<f64>,
    /// Regional designs only (absent otherwise): the exact share of
    /// first-attempt calls sent to an instance that is up with a route into
    /// its region, the split and the failover delay included (capacity
    /// left out; `crate::availability` derives it). `null` where the
    /// formula's assumptions fail (non-exponential failures with a
    /// failover delay, failback `never`, an instance with both random
    /// failures and scheduled outages).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exact_call_availability: Option<Option<f64>>,
    /// Regional designs only (absent otherwise): the exact share of
    /// first-attempt calls lost in failover (block cause `failover`);
    /// `null` as `exact_call_availability`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exact_lost_in_failover: Option<Option<f64>>,
    /// Periods with no route, per replication.
    pub outages: Summary,
    /// Time with no route, seconds per replication.
    pub outage_s: Summary,
    /// Longest period with no route, seconds.
    pub longest_outage_s: Summary,
    /// Fraction of the horizon at `max_concurrent`.
    pub saturation: Summary,
    /// Time-average of calls in progress, calls.
    pub mean_concurrency: Summary,
    /// Most calls in progress at once, calls.
    pub peak_concurrency: Summary,
    /// Outbound dials placed from it (absent when no `[[outbound]]` dials
    /// from it). The figures above are its inbound calls', but for
    /// `saturation`, `mean_concurrency` and `peak_concurrency`, which count
    /// every call holding the number, dials included. Boxed: most numbers
    /// do not dial, and inline it would cost every number 432 bytes (4.3
    /// MB of `scenarios/large.toml`'s 10,000 DIDs).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outbound: Option<Box<OutboundReport>>,
}

/// One link's results.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct LinkReport {
    /// Its carrier.
    pub carrier: String,
    /// Its availability zone.
    pub az: String,
    /// Its channels, calls.
    pub channels: u32,
    /// Calls started on it, per replication.
    pub carried: Summary,
    /// Time-average of busy channels / channels.
    pub utilization: Summary,
    /// Time-average of busy channels, calls.
    pub mean_busy: Summary,
    /// Most channels busy at once, calls.
    pub peak_busy: Summary,
    /// Fraction of the horizon it was usable.
    pub availability: Summary,
    /// Periods unusable, per replication.
    pub outages: Summary,
}

/// A DID bank's results, over its DIDs together; counts are calls per replication.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct BankReport {
    /// Its DIDs.
    pub dids: usize,
    /// Each DID's cap, calls.
    pub max_concurrent: Option<u32>,
    /// The bank's cap in all, `dids x max_concurrent`, calls (`null`: no cap).
    pub total_max_concurrent: Option<u32>,
    /// Load offered to the bank as a whole, Erlangs: its traffic's arrival
    /// rate x (IVR + mean holding), before any DID blocks. (Each DID's
    /// `offered_erlangs` is the part that reaches it: for a hunt group, the
    /// pilot's overflow chain.)
    pub offered_erlangs: f64,
    /// Fraction of the horizon with a route (its DIDs share one carrier,
    /// so they have their routes together).
    pub availability: Summary,
    /// Calls offered to its DIDs.
    pub offered: Summary,
    /// Of those, calls blocked.
    pub blocked: Summary,
    /// Of those, calls dropped.
    pub dropped: Summary,
    /// blocked / offered over the bank.
    pub blocking_probability: Summary,
    /// The largest saturation among its DIDs (the busiest DID's time at its cap).
    pub busiest_saturation: Summary,
    /// Time-average of calls in progress over the bank, calls.
    pub mean_concurrency: Summary,
    /// Outbound dials placed from its DIDs, together (absent when they
    /// place none). Boxed, as a number's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outbound: Option<Box<OutboundReport>>,
}

/// The instance's results.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct InstanceReport {
    /// Its quota, calls (`null`: none).
    pub max_concurrent_calls: Option<u32>,
    /// Time-average of calls in progress, calls.
    pub mean_concurrency: Summary,
    /// Most calls in progress at once, calls.
    pub peak_concurrency: Summary,
}

/// A regional instance's results (`[[region]]`, issue #15).
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct RegionalReport {
    /// Its region.
    pub region: String,
    /// Its quota, calls (`null`: none).
    pub max_concurrent_calls: Option<u32>,
    /// Attempts sent to it per replication.
    pub offered: Summary,
    /// Calls it carried per replication.
    pub carried: Summary,
    /// Calls blocked at its quota / calls sent to it.
    pub quota_blocking: Summary,
    /// Calls sent to it while it was down, before failover, per replication.
    pub lost_in_failover: Summary,
    /// Calls on it dropped by its failure, per replication.
    pub dropped_by_instance: Summary,
    /// Fraction of the window it was up.
    pub availability: Summary,
    /// The exact fraction of the window it is up: `mtbf / (mtbf + mttr)`,
    /// time-weighted with its scheduled outages (`null` when the design's
    /// exact figures cannot be computed).
    pub exact_availability: Option<f64>,
    /// Most calls in progress on it at once.
    pub peak_concurrency: Summary,
}

/// The summarised results of a run; serialises to the contract's JSON.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Report {
    /// Scenario name.
    pub scenario: String,
    /// Base seed.
    pub seed: u64,
    /// Replications summarised.
    pub replications: u32,
    /// Measured time per replication, seconds.
    pub horizon_s: f64,
    /// Warm-up per replication, seconds.
    pub warmup_s: f64,
    /// Events the engine processed, all replications together.
    pub events: u64,
    /// Per number, in scenario order.
    pub numbers: Named<NumberReport>,
    /// Per DID bank, in scenario order (absent when there are none).
    #[serde(skip_serializing_if = "Named::is_empty")]
    pub banks: Named<BankReport>,
    /// Per link (`carrier/az`), in scenario order.
    pub links: Named<LinkReport>,
    /// The instance.
    pub instance: InstanceReport,
    /// Per queue, in scenario order (absent when there are none).
    #[serde(skip_serializing_if = "Named::is_empty")]
    pub queues: Named<QueueReport>,
    /// Per regional instance (absent without `[[region]]`).
    #[serde(skip_serializing_if = "Named::is_empty")]
    pub instances: Named<RegionalReport>,
    /// All numbers together.
    pub totals: Totals,
    /// The design's exact availability as callers see it (each number's
    /// exact availability weighted by its offered calls; `null` when the
    /// design shares too many failing elements to sum out).
    pub exact_availability: Option<f64>,
    /// The numbers of each type present together (`toll-free`, `did`).
    pub by_type: Named<Totals>,
    /// What the design costs (absent without `[cost]` prices).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cost: Option<CostReport>,
    /// Whether the warm-up is long enough for calls in progress to fill up
    /// (`crate::model::warmup`).
    pub warmup_check: WarmupCheck,
    /// How `--target-ci` chose the number of replications, when it did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub precision: Option<PrecisionNote>,
}

impl Report {
    /// Summarises `outcomes` (one per replication) of `scenario`.
    pub fn new(scenario: &Scenario, outcomes: &[ReplicationOutcome]) -> Report {
        let model = &scenario.model;
        let erlangs = model.offered_erlangs();
        let exact = crate::availability::exact_if_known(model, scenario.simulation.horizon_s);
        let controls = Controls::new(model, scenario.simulation.horizon_s);
        let all_callers = controls.control_all(outcomes);
        let numbers = model
            .numbers
            .iter()
            .enumerate()
            .map(|(i, n)| {
                type Of<'f> = &'f dyn Fn(&crate::sim::NumberOutcome) -> f64;
                let s = |f: Of| Summary::over(outcomes, |o| f(&o.numbers[i]));
                // Counts that follow the callers: with their control.
                let control = controls.control(outcomes, &[i]);
                let count =
                    |f: Of| Controls::apply(&outcomes.iter().map(|o| f(&o.numbers[i])).collect::<Vec<_>>(), &control);
                let ratio = |x: Of, y: Of| ratio_over(outcomes, |o| x(&o.numbers[i]), |o| y(&o.numbers[i]));
                let report = NumberReport {
                    kind: n.kind.as_str(),
                    max_concurrent: n.max_concurrent,
                    bank: n.bank.map(|b| model.banks[b].name.clone()),
                    offered_erlangs: erlangs[i],
                    offered: count(&|o| o.offered as f64),
                    completed: count(&|o| o.completed as f64),
                    blocked: count(&|o| o.blocked as f64),
                    blocked_by: ByCause::from_fn(|c| count(&|o| o.blocked_by[c] as f64)),
                    dropped: count(&|o| o.dropped as f64),
                    dropped_by: ByCause::from_fn(|c| count(&|o| o.dropped_by[c] as f64)),
                    in_progress: count(&|o| o.in_progress as f64),
                    carried_in: count(&|o| o.carried_in as f64),
                    callers: s(&|o| o.callers as f64),
                    redials: count(&|o| o.redials as f64),
                    never_through: count(&|o| o.never_through as f64),
                    never_through_share: ratio(&|o| o.never_through as f64, &|o| o.callers as f64),
                    blocking_probability: ratio(&|o| o.blocked as f64, &|o| o.offered as f64),
                    availability: s(&|o| o.availability),
                    availability_seen: outcomes.iter().any(|o| o.numbers[i].offered > 0).then(|| {
                        seen_or_unobserved(
                            ratio(&|o| o.offered_with_route as f64, &|o| o.offered as f64),
                            outcomes.iter().all(|o| o.numbers[i].offered_with_route == o.numbers[i].offered),
                        )
                    }),
                    exact_availability: exact.as_ref().map(|e| e.numbers[i].availability),
                    exact_outages_per_year: exact.as_ref().map(|e| e.numbers[i].outages_per_year),
                    exact_call_availability: model
                        .regions
                        .as_ref()
                        .map(|_| exact.as_ref().and_then(|e| e.calls[i].as_ref().ok()).map(|c| c.reached)),
                    exact_lost_in_failover: model
                        .regions
                        .as_ref()
                        .map(|_| exact.as_ref().and_then(|e| e.calls[i].as_ref().ok()).map(|c| c.lost_in_failover)),
                    outages: s(&|o| o.outages as f64),
                    outage_s: s(&|o| o.outage_s),
                    longest_outage_s: s(&|o| o.longest_outage_s),
                    saturation: s(&|o| o.saturation),
                    mean_concurrency: s(&|o| o.mean_concurrency),
                    peak_concurrency: s(&|o| o.peak_concurrency as f64),
                    outbound: OutboundReport::new(i, outcomes).map(Box::new),
                };
                (n.name.clone(), report)
            })
            .collect();
        let banks = (model.banks.iter().enumerate())
            .map(|(b, bank)| {
                let members: Vec<usize> = bank.members().collect();
                let total = |o: &ReplicationOutcome, f: fn(&crate::sim::NumberOutcome) -> u64| {
                    members.iter().map(|&n| f(&o.numbers[n])).sum::<u64>() as f64
                };
                let sum =
                    |f: fn(&crate::sim::NumberOutcome) -> u64| controls.count(outcomes, &members, |o| total(o, f));
                let cap = model.numbers[bank.first].max_concurrent;
                let report = BankReport {
                    dids: bank.count,
                    max_concurrent: cap,
                    total_max_concurrent: cap.map(|c| c.saturating_mul(bank.count as u32)),
                    offered_erlangs: model.bank_offered_erlangs(b),
                    availability: Summary::over(outcomes, |o| o.numbers[bank.first].availability),
                    offered: sum(|n| n.offered),
                    blocked: sum(|n| n.blocked),
                    dropped: sum(|n| n.dropped),
                    blocking_probability: ratio_over(
                        outcomes,
                        |o| total(o, |n| n.blocked),
                        |o| total(o, |n| n.offered),
                    ),
                    busiest_saturation: Summary::over(outcomes, |o| {
                        bank.members().map(|n| o.numbers[n].saturation).fold(0.0, f64::max)
                    }),
                    mean_concurrency: Summary::over(outcomes, |o| {
                        members.iter().map(|&n| o.numbers[n].mean_concurrency).sum()
                    }),
                    outbound: OutboundReport::of_numbers(&members, outcomes).map(Box::new),
                };
                (bank.name.clone(), report)
            })
            .collect();
        let links = model
            .links
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let s = |f: &dyn Fn(&crate::sim::LinkOutcome) -> f64| Summary::over(outcomes, |o| f(&o.links[i]));
                let report = LinkReport {
                    carrier: model.carriers[l.carrier].name.clone(),
                    az: model.azs[l.az].name.clone(),
                    channels: l.channels,
                    carried: Controls::apply(
                        &outcomes.iter().map(|o| o.links[i].carried as f64).collect::<Vec<_>>(),
                        &all_callers,
                    ),
                    utilization: s(&|o| o.utilization),
                    mean_busy: s(&|o| o.mean_busy),
                    peak_busy: s(&|o| o.peak_busy as f64),
                    availability: s(&|o| o.availability),
                    outages: s(&|o| o.outages as f64),
                };
                (l.name.clone(), report)
            })
            .collect();
        Report {
            scenario: scenario.name.clone(),
            seed: scenario.simulation.seed,
            replications: outcomes.len() as u32,
            horizon_s: scenario.simulation.horizon_s,
            warmup_s: scenario.simulation.warmup_s,
            events: outcomes.iter().map(|o| o.events).sum(),
            numbers: Named(numbers),
            banks: Named(banks),
            links: Named(links),
            instance: InstanceReport {
                max_concurrent_calls: model.instance.max_concurrent_calls,
                mean_concurrency: Summary::over(outcomes, |o| o.instance.mean_concurrency),
                peak_concurrency: Summary::over(outcomes, |o| o.instance.peak_concurrency as f64),
            },
            queues: Named(
                (model.queues.iter().enumerate())
                    .map(|(q, queue)| (queue.name.clone(), QueueReport::new(model, q, outcomes)))
                    .collect(),
            ),
            instances: Named(
                (model.regions.iter().flat_map(|r| r.instances.iter().enumerate()))
                    .map(|(i, inst)| {
                        let of = |o: &ReplicationOutcome| o.instances.get(i).cloned();
                        let sum = |f: &dyn Fn(&crate::sim::RegionalOutcome) -> f64| {
                            Summary::over(outcomes, |o| of(o).map_or(0.0, |x| f(&x)))
                        };
                        let report = RegionalReport {
                            region: inst.region.clone(),
                            max_concurrent_calls: inst.max_concurrent_calls,
                            offered: sum(&|x| x.offered as f64),
                            carried: sum(&|x| x.carried as f64),
                            quota_blocking: sum(&|x| {
                                x.blocked_by[BlockCause::InstanceQuota] as f64 / (x.offered.max(1)) as f64
                            }),
                            lost_in_failover: sum(&|x| x.blocked_by[BlockCause::Failover] as f64),
                            dropped_by_instance: sum(&|x| x.dropped_by[DropCause::Instance] as f64),
                            availability: sum(&|x| x.availability),
                            exact_availability: exact.as_ref().map(|e| e.instances[i].availability),
                            peak_concurrency: sum(&|x| x.peak_concurrency as f64),
                        };
                        (inst.name.clone(), report)
                    })
                    .collect(),
            ),
            totals: Totals::new(outcomes, &controls),
            exact_availability: exact.as_ref().map(|e| e.design.availability),
            by_type: Named(
                (cost::by_type(model).into_iter())
                    .map(|(t, m)| (t.to_string(), Totals::of(outcomes, &m, &controls)))
                    .collect(),
            ),
            cost: (model.prices.as_ref()).map(|p| CostReport::new(model, p, outcomes, scenario.simulation.horizon_s)),
            warmup_check: {
                let need = model.warmup_need();
                WarmupCheck {
                    long_enough: scenario.simulation.warmup_s >= need.needed_s,
                    needed_s: need.needed_s,
                    driven_by: need.driven_by,
                }
            },
            precision: None,
        }
    }

    /// The report as pretty-printed JSON (the contract's keys), ending in a newline.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).expect("a report is always serialisable (finite floats)");
        s.push('\n');
        s
    }
}

/// The ratio of the totals of `x` and `y` over `outcomes` (blocked over
/// offered calls, say), with its delta-method interval.
pub(crate) fn ratio_over(
    outcomes: &[ReplicationOutcome],
    x: impl Fn(&ReplicationOutcome) -> f64,
    y: impl Fn(&ReplicationOutcome) -> f64,
) -> Summary {
    let (x, y): (Vec<f64>, Vec<f64>) = outcomes.iter().map(|o| (x(o), y(o))).unzip();
    Summary::ratio(&x, &y)
}

/// A counted availability, with no interval when every attempt found a
/// route (`all_routed`): an outage no attempt met is unobserved, not
/// impossible, so a zero-width interval would claim what was not seen.
pub(crate) fn seen_or_unobserved(ratio: Summary, all_routed: bool) -> Summary {
    if all_routed { Summary { mean: 1.0, ci95: None } } else { ratio }
}
