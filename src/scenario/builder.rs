//! Building scenarios from Rust code, for programs and property tests.
//!
//! A [`ScenarioBuilder`] collects the same things a scenario file holds, in
//! seconds and calls per hour instead of strings, and validates them with
//! the very rules a file goes through: [`ScenarioBuilder::build`] gives the
//! same [`Scenario`], or the same errors with the same TOML paths
//! (`link[2].channels` is the third link added).
//!
//! ```
//! use callsim::scenario::{Scenario, builder::Target};
//! use callsim::traffic::HoldingTime;
//!
//! let s = Scenario::builder("two carriers")
//!     .horizon_s(86_400.0)
//!     .replications(4)
//!     .az("az1")
//!     .carrier("a")
//!     .carrier("b")
//!     .link("a", "az1", 50)
//!     .link("b", "az1", 50)
//!     .toll_free("main", &["a", "b"])
//!     .did("local", "a", Some(20))
//!     .poisson("main", 600.0, HoldingTime::Exponential { mean_s: 180.0 })
//!     .outage(Target::Carrier("a".into()), 3_600.0, 1_800.0)
//!     .build()
//!     .expect("a valid design");
//! assert_eq!(s.model().numbers().len(), 2);
//! assert!(Scenario::builder("no horizon").build().is_err());
//! ```

use super::raw::*;
use super::{Problem, Scenario, ScenarioError, ScenarioSources};
use crate::engine::time::{Duration, MAX_DURATION_S};
use crate::faults::{FailureProcess, Lifetime};
use crate::model::CpsLimit;
use crate::traffic::{HoldingTime, Redial, SpreadMode};

/// What a scheduled outage holds down.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// An availability zone, by name.
    Az(String),
    /// A carrier, by name.
    Carrier(String),
    /// The link of a carrier into an AZ: (carrier, AZ).
    Link(String, String),
}

/// Collects a design; see the [module docs](self).
#[derive(Debug)]
pub struct ScenarioBuilder {
    raw: RawScenario,
    /// Trace files given with [`ScenarioBuilder::trace`].
    sources: ScenarioSources,
}

fn lifetime(l: Lifetime) -> Option<RawLifetime> {
    match l {
        Lifetime::Exponential => None,
        Lifetime::Weibull { shape } => Some(RawLifetime::Weibull { shape }),
        Lifetime::LogNormal { sd_s } => Some(RawLifetime::Lognormal { sd: Duration(sd_s) }),
        Lifetime::Fixed => Some(RawLifetime::Fixed),
    }
}

/// (mtbf, mttr, time_to_failure, time_to_repair) of an optional process.
type RawFailure = (Option<Duration>, Option<Duration>, Option<RawLifetime>, Option<RawLifetime>);

fn failure(f: Option<FailureProcess>) -> RawFailure {
    match f {
        None => (None, None, None, None),
        Some(f) => (
            Some(Duration(f.mtbf_s)),
            Some(Duration(f.mttr_s)),
            lifetime(f.time_to_failure),
            lifetime(f.time_to_repair),
        ),
    }
}

impl Scenario {
    /// A builder for a scenario named `name`, with the file format's defaults
    /// (no warm-up, 10 replications, seed 1) and no horizon yet.
    pub fn builder(name: &str) -> ScenarioBuilder {
        ScenarioBuilder {
            raw: RawScenario {
                name: Some(name.to_string()),
                simulation: Some(RawSimulation { horizon: None, warmup: None, replications: None, seed: None }),
                instance: None,
                cost: None,
                az: Vec::new(),
                carrier: Vec::new(),
                link: Vec::new(),
                number: Vec::new(),
                traffic: Vec::new(),
                outage: Vec::new(),
                forward: Vec::new(),
                queue: Vec::new(),
                outbound: Vec::new(),
                region: Vec::new(),
                distribution_group: Vec::new(),
            },
            sources: ScenarioSources::new(),
        }
    }
}

impl ScenarioBuilder {
    fn sim(&mut self) -> &mut RawSimulation {
        self.raw.simulation.get_or_insert(RawSimulation { horizon: None, warmup: None, replications: None, seed: None })
    }

    /// Measured simulated time per replication, seconds (> 0).
    pub fn horizon_s(mut self, seconds: f64) -> Self {
        self.sim().horizon = Some(Duration(seconds));
        self
    }

    /// Warm-up per replication, seconds (>= 0).
    pub fn warmup_s(mut self, seconds: f64) -> Self {
        self.sim().warmup = Some(Duration(seconds));
        self
    }

    /// Replications (>= 1).
    pub fn replications(mut self, n: u32) -> Self {
        self.sim().replications = Some(n);
        self
    }

    /// Base seed.
    pub fn seed(mut self, seed: u64) -> Self {
        self.sim().seed = Some(seed);
        self
    }

    /// The instance's concurrent-call quota, calls.
    pub fn instance_quota(mut self, calls: u32) -> Self {
        let ivr = self.raw.instance.as_ref().and_then(|i| i.ivr);
        self.raw.instance = Some(RawInstance { max_concurrent_calls: Some(calls), ivr });
        self
    }

    /// Seconds every carried call spends in the IVR before talk (held on
    /// its channel, number and instance slot too).
    pub fn ivr_s(mut self, seconds: f64) -> Self {
        let quota = self.raw.instance.as_ref().and_then(|i| i.max_concurrent_calls);
        self.raw.instance = Some(RawInstance { max_concurrent_calls: quota, ivr: Some(Duration(seconds)) });
        self
    }

    /// An availability zone that never fails.
    pub fn az(self, name: &str) -> Self {
        self.az_failing(name, None)
    }

    /// An availability zone with an optional random failure process.
    pub fn az_failing(mut self, name: &str, process: Option<FailureProcess>) -> Self {
        let (mtbf, mttr, time_to_failure, time_to_repair) = failure(process);
        self.raw.az.push(RawAz { name: name.to_string(), region: None, mtbf, mttr, time_to_failure, time_to_repair });
        self
    }

    /// A carrier that never fails as a whole.
    pub fn carrier(self, name: &str) -> Self {
        self.carrier_failing(name, None)
    }

    /// A carrier with an optional whole-carrier failure process.
    pub fn carrier_failing(mut self, name: &str, process: Option<FailureProcess>) -> Self {
        let (mtbf, mttr, time_to_failure, time_to_repair) = failure(process);
        self.raw.carrier.push(RawCarrier {
            name: name.to_string(),
            mtbf,
            mttr,
            time_to_failure,
            time_to_repair,
            cps: None,
            cps_queue: None,
        });
        self
    }

    /// A link of `carrier` into `az` with `channels` channels, never failing on its own.
    pub fn link(self, carrier: &str, az: &str, channels: u32) -> Self {
        self.link_failing(carrier, az, channels, None)
    }

    /// A link with an optional failure process of its own.
    pub fn link_failing(mut self, carrier: &str, az: &str, channels: u32, process: Option<FailureProcess>) -> Self {
        let (mtbf, mttr, time_to_failure, time_to_repair) = failure(process);
        self.raw.link.push(RawLink {
            carrier: carrier.to_string(),
            az: az.to_string(),
            channels,
            mtbf,
            mttr,
            time_to_failure,
            time_to_repair,
            cps: None,
            cps_queue: None,
        });
        self
    }

    /// A link with an optional failure process and a calls-per-second
    /// limit (calls beyond it wait up to `cps.queue_s` seconds, else are blocked).
    pub fn link_with_cps(
        mut self,
        carrier: &str,
        az: &str,
        channels: u32,
        process: Option<FailureProcess>,
        cps: CpsLimit,
    ) -> Self {
        self = self.link_failing(carrier, az, channels, process);
        if let Some(link) = self.raw.link.last_mut() {
            link.cps = Some(cps.calls_per_second);
            link.cps_queue = (cps.queue_s != 0.0).then_some(Duration(cps.queue_s));
        }
        self
    }

    /// A toll-free number over `carriers`, with no cap and instant re-routing.
    pub fn toll_free(self, name: &str, carriers: &[&str]) -> Self {
        self.toll_free_with(name, carriers, None, 0.0)
    }

    /// A toll-free number with an optional cap (calls) and a re-route delay (seconds).
    pub fn toll_free_with(mut self, name: &str, carriers: &[&str], cap: Option<u32>, reroute_delay_s: f64) -> Self {
        self.raw.number.push(RawNumber {
            name: name.to_string(),
            kind: RawNumberKind::TollFree,
            carrier: None,
            carriers: Some(carriers.iter().map(|c| c.to_string()).collect()),
            max_concurrent: cap,
            reroute_delay: (reroute_delay_s != 0.0).then_some(Duration(reroute_delay_s)),
            count: None,
            instance: None,
            group: None,
        });
        self
    }

    /// A DID on `carrier` with a cap in calls (`None`: the default, 100).
    pub fn did(self, name: &str, carrier: &str, cap: Option<u32>) -> Self {
        self.did_entry(name, carrier, cap, None)
    }

    /// A bank of `count` DIDs on `carrier`, named NAME-1..NAME-count, each
    /// with the cap (`None`: 100). Traffic to `name` spreads over them.
    pub fn did_bank(self, name: &str, carrier: &str, count: u32, cap: Option<u32>) -> Self {
        self.did_entry(name, carrier, cap, Some(count))
    }

    fn did_entry(mut self, name: &str, carrier: &str, cap: Option<u32>, count: Option<u32>) -> Self {
        self.raw.number.push(RawNumber {
            name: name.to_string(),
            kind: RawNumberKind::Did,
            carrier: Some(carrier.to_string()),
            carriers: None,
            max_concurrent: cap,
            reroute_delay: None,
            count,
            instance: None,
            group: None,
        });
        self
    }

    /// Poisson traffic of `calls_per_hour` to `number`, lasting `holding`.
    pub fn poisson(self, number: &str, calls_per_hour: f64, holding: HoldingTime) -> Self {
        self.traffic(number, calls_per_hour, holding, None)
    }

    /// Poisson traffic of `calls_per_hour` to `number`, lasting `holding`,
    /// whose callers redial as `redial` says when blocked or dropped.
    pub fn poisson_redialing(self, number: &str, calls_per_hour: f64, holding: HoldingTime, redial: Redial) -> Self {
        let mut b = self.traffic(number, calls_per_hour, holding, None);
        if let Some(t) = b.raw.traffic.last_mut() {
            t.redial = Some(RawRedial {
                probability: redial.probability,
                delay: Duration(redial.mean_delay_s),
                max_attempts: Some(redial.max_attempts as u32),
            });
        }
        b
    }

    /// Poisson traffic to DID bank `bank`, spread over its DIDs by `mode`.
    pub fn poisson_to_bank(self, bank: &str, calls_per_hour: f64, holding: HoldingTime, mode: SpreadMode) -> Self {
        self.traffic(bank, calls_per_hour, holding, Some(mode))
    }

    fn traffic(mut self, number: &str, calls_per_hour: f64, holding: HoldingTime, spread: Option<SpreadMode>) -> Self {
        let (spread, weights) = match spread {
            None => (None, None),
            Some(SpreadMode::Uniform) => (Some(RawSpread::Uniform), None),
            Some(SpreadMode::Hunt) => (Some(RawSpread::Hunt), None),
            Some(SpreadMode::Weighted(w)) => (Some(RawSpread::Weighted), Some(w)),
        };
        let holding = match holding {
            HoldingTime::Exponential { mean_s } => RawHolding::Exponential { mean: Duration(mean_s) },
            HoldingTime::LogNormal { mean_s, sd_s } => {
                RawHolding::Lognormal { mean: Duration(mean_s), sd: Duration(sd_s) }
            }
            HoldingTime::Fixed { value_s } => RawHolding::Fixed { value: Duration(value_s) },
            // Not a distribution: generated traffic has no recorded durations,
            // so the mean stands as a fixed duration.
            HoldingTime::Trace { mean_s } => RawHolding::Fixed { value: Duration(mean_s) },
        };
        self.raw.traffic.push(RawTraffic {
            number: number.to_string(),
            arrivals: RawArrivals::Poisson { calls_per_hour },
            holding: Some(holding),
            spread,
            weights,
            spikes: None,
            redial: None,
            queue: None,
        });
        self
    }

    /// Replays the calls of `number` recorded in trace `csv` (the text of a
    /// CSV file with columns timestamp, number, duration, as
    /// `arrivals = { kind = "trace", file = ... }` reads), named `file` in
    /// errors. The builder reads no file: it is given the data.
    pub fn trace(mut self, number: &str, file: &str, csv: &str) -> Self {
        self.sources.insert(file, csv);
        self.raw.traffic.push(RawTraffic {
            number: number.to_string(),
            arrivals: RawArrivals::Trace { file: file.to_string() },
            holding: None,
            spread: None,
            weights: None,
            spikes: None,
            redial: None,
            queue: None,
        });
        self
    }

    /// A scheduled outage of `target` from `start_s` after warm-up, lasting `duration_s` seconds.
    pub fn outage(mut self, target: Target, start_s: f64, duration_s: f64) -> Self {
        self.raw.outage.push(raw_outage(target, start_s, duration_s));
        self
    }

    /// Forwards the calls dialled to `from` to `to` (both legs needed).
    pub fn forward(mut self, from: &str, to: &str) -> Self {
        self.raw.forward.push(RawForward { from: from.to_string(), to: to.to_string() });
        self
    }

    /// Sets the prices (`[cost]`): currency, service per minute, and per
    /// number type the telephony per minute and the rental per day
    /// (`prices.numbers` is not read: see [`Self::number_prices`]).
    pub fn prices(mut self, prices: &crate::model::Prices) -> Self {
        let number = |p: crate::model::NumberPrices| RawNumberPrices {
            per_minute: Some(p.per_minute),
            per_day: Some(p.per_day),
        };
        self.raw.cost = Some(RawCost {
            currency: Some(prices.currency.clone()),
            service_per_minute: Some(prices.service_per_minute),
            toll_free: Some(number(prices.toll_free)),
            did: Some(number(prices.did)),
            numbers: Default::default(),
        });
        self
    }

    /// Prices number (or bank) `name` apart from its type (`[cost.numbers]`):
    /// telephony per minute and rental per day, in the currency of [`Self::prices`].
    pub fn number_prices(mut self, name: &str, per_minute: f64, per_day: f64) -> Self {
        let cost = self.raw.cost.get_or_insert_with(RawCost::default);
        cost.numbers.insert(name.to_string(), RawNumberPrices { per_minute: Some(per_minute), per_day: Some(per_day) });
        self
    }

    /// Validates the design, exactly as a scenario file is validated.
    pub fn build(self) -> Result<Scenario, ScenarioError> {
        super::validated(self.raw, "<builder>", "builder", self.sources)
    }
}

/// A problem for every duration of `raw` that a file could not spell
/// (negative, not finite, longer than [`MAX_DURATION_S`]).
pub(super) fn duration_problems(raw: &RawScenario) -> Vec<Problem> {
    durations(raw)
        .into_iter()
        .filter(|(_, s)| !(*s >= 0.0 && *s <= MAX_DURATION_S))
        .map(|(path, s)| Problem::new(path, format!("must be a duration of 0 to {MAX_DURATION_S:e} seconds, got {s}")))
        .collect()
}

/// `[[outage]]` of `target` from `start_s` after warm-up, lasting `duration_s` seconds.
pub(super) fn raw_outage(target: Target, start_s: f64, duration_s: f64) -> RawOutage {
    let target = match target {
        Target::Az(n) => format!("az:{n}"),
        Target::Carrier(n) => format!("carrier:{n}"),
        Target::Link(c, a) => format!("link:{c}/{a}"),
    };
    RawOutage { target, start: Duration(start_s), duration: Duration(duration_s) }
}

/// Every duration of `raw` with its TOML path.
fn durations(raw: &RawScenario) -> Vec<(String, f64)> {
    let mut out = Vec::new();
    let mut add = |path: String, d: Option<Duration>| {
        if let Some(Duration(s)) = d {
            out.push((path, s));
        }
    };
    if let Some(sim) = &raw.simulation {
        add("simulation.horizon".into(), sim.horizon);
        add("simulation.warmup".into(), sim.warmup);
    }
    if let Some(instance) = &raw.instance {
        add("instance.ivr".into(), instance.ivr);
    }
    let failing = (raw
        .az
        .iter()
        .enumerate()
        .map(|(i, a)| (format!("az[{i}]"), a.mtbf, a.mttr, &a.time_to_failure, &a.time_to_repair)))
    .chain(
        raw.carrier
            .iter()
            .enumerate()
            .map(|(i, c)| (format!("carrier[{i}]"), c.mtbf, c.mttr, &c.time_to_failure, &c.time_to_repair)),
    )
    .chain(
        raw.link
            .iter()
            .enumerate()
            .map(|(i, l)| (format!("link[{i}]"), l.mtbf, l.mttr, &l.time_to_failure, &l.time_to_repair)),
    );
    for (path, mtbf, mttr, ttf, ttr) in failing {
        add(format!("{path}.mtbf"), mtbf);
        add(format!("{path}.mttr"), mttr);
        for (key, life) in [("time_to_failure", ttf), ("time_to_repair", ttr)] {
            if let Some(RawLifetime::Lognormal { sd }) = life {
                add(format!("{path}.{key}.sd"), Some(*sd));
            }
        }
    }
    for (i, c) in raw.carrier.iter().enumerate() {
        add(format!("carrier[{i}].cps_queue"), c.cps_queue);
    }
    for (i, l) in raw.link.iter().enumerate() {
        add(format!("link[{i}].cps_queue"), l.cps_queue);
    }
    for (i, n) in raw.number.iter().enumerate() {
        add(format!("number[{i}].reroute_delay"), n.reroute_delay);
    }
    for (i, t) in raw.traffic.iter().enumerate() {
        match &t.holding {
            None => {}
            Some(RawHolding::Exponential { mean }) => add(format!("traffic[{i}].holding.mean"), Some(*mean)),
            Some(RawHolding::Lognormal { mean, sd }) => {
                add(format!("traffic[{i}].holding.mean"), Some(*mean));
                add(format!("traffic[{i}].holding.sd"), Some(*sd));
            }
            Some(RawHolding::Fixed { value }) => add(format!("traffic[{i}].holding.value"), Some(*value)),
        }
        for (k, spike) in t.spikes.iter().flatten().enumerate() {
            add(format!("traffic[{i}].spikes[{k}].start"), Some(spike.start));
            add(format!("traffic[{i}].spikes[{k}].duration"), Some(spike.duration));
        }
        if let Some(redial) = &t.redial {
            add(format!("traffic[{i}].redial.delay"), Some(redial.delay));
        }
    }
    for (i, o) in raw.outage.iter().enumerate() {
        add(format!("outage[{i}].start"), Some(o.start));
        add(format!("outage[{i}].duration"), Some(o.duration));
    }
    out
}
