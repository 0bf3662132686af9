//! The scenario file as written: serde types that mirror the TOML one to
//! one. Nothing here is checked beyond types; `validate` turns it into a
//! [`crate::model::Model`].

use crate::engine::time::Duration;
use serde::Deserialize;

/// A whole scenario file.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawScenario {
    pub name: Option<String>,
    pub simulation: Option<RawSimulation>,
    pub instance: Option<RawInstance>,
    #[serde(default)]
    pub az: Vec<RawAz>,
    #[serde(default)]
    pub carrier: Vec<RawCarrier>,
    #[serde(default)]
    pub link: Vec<RawLink>,
    #[serde(default)]
    pub number: Vec<RawNumber>,
    #[serde(default)]
    pub traffic: Vec<RawTraffic>,
    #[serde(default)]
    pub outage: Vec<RawOutage>,
    #[serde(default)]
    pub forward: Vec<RawForward>,
    #[serde(default)]
    pub queue: Vec<RawQueue>,
    /// `[[outbound]]`: dials and campaigns (issue #16).
    #[serde(default)]
    pub outbound: Vec<RawOutbound>,
    pub cost: Option<RawCost>,
    /// `[[region]]`: regions, each with its instance (issue #15).
    #[serde(default)]
    pub region: Vec<RawRegion>,
    /// `[[distribution_group]]`: traffic distribution groups.
    #[serde(default)]
    pub distribution_group: Vec<RawGroup>,
}

/// `[[region]]`: a region and its contact-center instance.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRegion {
    pub name: String,
    pub instance: RawRegionInstance,
}

/// `instance = { ... }` of a `[[region]]`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRegionInstance {
    pub name: String,
    pub max_concurrent_calls: Option<u32>,
    pub mtbf: Option<Duration>,
    pub mttr: Option<Duration>,
    pub time_to_failure: Option<RawLifetime>,
    pub time_to_repair: Option<RawLifetime>,
}

/// `failover` / `failback` of a `[[distribution_group]]`: `{ after = "10m" }` or `"never"`.
#[derive(Clone, Debug, Deserialize)]
#[serde(untagged)]
pub(super) enum RawFailover {
    Word(String),
    After(RawAfter),
}

/// `{ after = "10m" }`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawAfter {
    pub after: Duration,
}

/// One entry of `schedule` of a `[[distribution_group]]`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawScheduledSplit {
    pub at: Duration,
    pub split: Vec<i64>,
}

/// `[[distribution_group]]`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawGroup {
    pub name: String,
    pub instances: Vec<String>,
    pub split: Option<Vec<i64>>,
    pub failover: Option<RawFailover>,
    pub failback: Option<RawFailover>,
    #[serde(default)]
    pub schedule: Vec<RawScheduledSplit>,
}

/// `[[queue]]`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawQueue {
    pub name: String,
    pub agents: RawAgents,
    pub handle: RawHolding,
    pub patience: Option<RawHolding>,
    pub max_contacts: Option<i64>,
    pub answer_within: Option<Duration>,
    pub callback: Option<RawCallback>,
}

/// `agents` of a `[[queue]]`: a fixed staff, or a staffing profile
/// `{ kind = "profile", hourly = [...] }` / `{ kind = "profile", weekly = [[...], ...] }`.
#[derive(Clone, Debug)]
pub(super) enum RawAgents {
    /// `agents = 14`.
    Count(i64),
    /// Exactly one of a day profile (24 staffs) and a week profile (7 x 24).
    Profile { hourly: Option<Vec<i64>>, weekly: Option<Vec<Vec<i64>>> },
}

impl From<i64> for RawAgents {
    fn from(agents: i64) -> RawAgents {
        RawAgents::Count(agents)
    }
}

/// The `kind` of an `agents` table.
#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(super) enum AgentsKind {
    Profile,
}

/// Every key an `agents` table may hold.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FlatAgents {
    #[allow(dead_code)] // read to refuse any other kind
    pub kind: AgentsKind,
    pub hourly: Option<Vec<i64>>,
    pub weekly: Option<Vec<Vec<i64>>>,
}

const AGENTS_TAKES: &str = "agents is a number of agents (agents = 14) or a staffing profile with exactly one of `hourly` (24 staffs, 00:00 first) and `weekly` (7 rows of 24, Monday first), like { kind = \"profile\", hourly = [2, 2, ...] }";

impl<'de> Deserialize<'de> for RawAgents {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::{self, MapAccess, Visitor};
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawAgents;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str(AGENTS_TAKES)
            }
            fn visit_i64<E: de::Error>(self, n: i64) -> Result<RawAgents, E> {
                Ok(RawAgents::Count(n))
            }
            fn visit_u64<E: de::Error>(self, n: u64) -> Result<RawAgents, E> {
                Ok(RawAgents::Count(i64::try_from(n).unwrap_or(i64::MAX)))
            }
            fn visit_map<M: MapAccess<'de>>(self, map: M) -> Result<RawAgents, M::Error> {
                let flat = FlatAgents::deserialize(de::value::MapAccessDeserializer::new(map))?;
                match (flat.hourly, flat.weekly) {
                    (hourly @ Some(_), None) => Ok(RawAgents::Profile { hourly, weekly: None }),
                    (None, weekly @ Some(_)) => Ok(RawAgents::Profile { hourly: None, weekly }),
                    _ => Err(de::Error::custom(AGENTS_TAKES)),
                }
            }
        }
        d.deserialize_any(V)
    }
}

/// `callback = { ... }` of a `[[queue]]`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCallback {
    pub after: Duration,
    pub accept: f64,
    pub answer_probability: f64,
    pub max_attempts: Option<i64>,
    pub retry_delay: Option<Duration>,
    pub initial_delay: Option<Duration>,
    pub ring: Option<Duration>,
}

/// `[[outbound]]`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawOutbound {
    pub name: Option<String>,
    pub number: String,
    pub arrivals: RawArrivals,
    pub answer_probability: f64,
    pub talk: Option<RawHolding>,
    pub ring: Option<Duration>,
    pub max_concurrent_calls: Option<i64>,
    pub queue: Option<String>,
}

/// `[cost]`: prices, all optional (0 when absent).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCost {
    pub currency: Option<String>,
    pub service_per_minute: Option<f64>,
    #[serde(rename = "toll-free")]
    pub toll_free: Option<RawNumberPrices>,
    pub did: Option<RawNumberPrices>,
    /// Prices of particular numbers or banks, by name, overriding their type's.
    #[serde(default)]
    pub numbers: std::collections::BTreeMap<String, RawNumberPrices>,
}

/// `[cost.toll-free]`, `[cost.did]`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawNumberPrices {
    pub per_minute: Option<f64>,
    pub per_day: Option<f64>,
}

/// `[[forward]]`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawForward {
    pub from: String,
    pub to: String,
}

/// `[simulation]`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSimulation {
    pub horizon: Option<Duration>,
    pub warmup: Option<Duration>,
    pub replications: Option<u32>,
    pub seed: Option<u64>,
}

/// `[instance]`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawInstance {
    pub max_concurrent_calls: Option<u32>,
    pub ivr: Option<Duration>,
}

/// `[[az]]`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawAz {
    pub name: String,
    /// The `[[region]]` the zone is in (required when regions are given).
    pub region: Option<String>,
    pub mtbf: Option<Duration>,
    pub mttr: Option<Duration>,
    pub time_to_failure: Option<RawLifetime>,
    pub time_to_repair: Option<RawLifetime>,
}

/// `[[carrier]]`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCarrier {
    pub name: String,
    pub mtbf: Option<Duration>,
    pub mttr: Option<Duration>,
    pub time_to_failure: Option<RawLifetime>,
    pub time_to_repair: Option<RawLifetime>,
    pub cps: Option<f64>,
    pub cps_queue: Option<Duration>,
}

/// `[[link]]`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawLink {
    pub carrier: String,
    pub az: String,
    pub channels: u32,
    pub mtbf: Option<Duration>,
    pub mttr: Option<Duration>,
    pub time_to_failure: Option<RawLifetime>,
    pub time_to_repair: Option<RawLifetime>,
    pub cps: Option<f64>,
    pub cps_queue: Option<Duration>,
}

/// `type` of a `[[number]]`.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
pub(super) enum RawNumberKind {
    #[serde(rename = "toll-free", alias = "tollfree", alias = "toll_free")]
    TollFree,
    #[serde(rename = "did", alias = "DID")]
    Did,
}

/// `[[number]]`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawNumber {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: RawNumberKind,
    pub carrier: Option<String>,
    pub carriers: Option<Vec<String>>,
    pub max_concurrent: Option<u32>,
    pub reroute_delay: Option<Duration>,
    /// DID banks: this many DIDs named NAME-1..NAME-count.
    pub count: Option<u32>,
    /// The instance its calls go to (with `[[region]]`).
    pub instance: Option<String>,
    /// The traffic distribution group it is claimed to (with `[[region]]`).
    pub group: Option<String>,
}

/// `arrivals = { kind = ..., ... }` of a `[[traffic]]`.
///
/// Read through the flat [`FlatArrivals`] rather than as a serde-tagged
/// enum: a tagged enum buffers its fields, so an error in one of them
/// (`calls_per_hour = "100"`) would lose the field's TOML path.
#[derive(Clone, Debug, Deserialize)]
#[serde(try_from = "FlatArrivals")]
pub(super) enum RawArrivals {
    Poisson {
        calls_per_hour: f64,
    },
    /// Exactly one of a day profile (24 rates) and a week profile (7 x 24).
    Profile {
        hourly: Option<Vec<f64>>,
        weekly: Option<Vec<Vec<f64>>>,
    },
    /// A call detail record export to replay.
    Trace {
        file: String,
    },
}

/// `holding = { kind = ..., ... }` of a `[[traffic]]`, read through
/// [`FlatHolding`] (see [`RawArrivals`] for why).
#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(try_from = "FlatHolding")]
pub(super) enum RawHolding {
    Exponential { mean: Duration },
    Lognormal { mean: Duration, sd: Duration },
    Fixed { value: Duration },
}

/// The `kind` of `arrivals`.
#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(super) enum ArrivalsKind {
    Poisson,
    Profile,
    Trace,
}

/// Every key an `arrivals` table may hold; which are required depends on `kind`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FlatArrivals {
    pub kind: ArrivalsKind,
    pub calls_per_hour: Option<f64>,
    pub hourly: Option<Vec<f64>>,
    pub weekly: Option<Vec<Vec<f64>>>,
    pub file: Option<String>,
}

/// Keys of an `arrivals` table that do not fit its `kind`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub(super) enum ArrivalsKeysError {
    /// Poisson arrivals without `calls_per_hour`.
    #[error("missing `calls_per_hour`: {}", POISSON_TAKES)]
    MissingRate,
    /// Poisson arrivals with other keys.
    #[error("{}", POISSON_TAKES)]
    Poisson,
    /// Profile arrivals without exactly one of `hourly` and `weekly`.
    #[error("{}", PROFILE_TAKES)]
    Profile,
    /// Trace arrivals with keys other than `file`.
    #[error("{}", TRACE_TAKES)]
    Trace,
}

const POISSON_TAKES: &str =
    "poisson arrivals take only `calls_per_hour`, like { kind = \"poisson\", calls_per_hour = 3000 }";
const PROFILE_TAKES: &str = "profile arrivals take exactly one of `hourly` (24 calls-per-hour rates, 00:00 first) and `weekly` (7 rows of 24, Monday first)";
const TRACE_TAKES: &str = "trace arrivals take only `file`, a CSV with columns timestamp, number, duration";

impl TryFrom<FlatArrivals> for RawArrivals {
    type Error = ArrivalsKeysError;
    fn try_from(f: FlatArrivals) -> Result<Self, ArrivalsKeysError> {
        match f.kind {
            ArrivalsKind::Poisson => match (f.calls_per_hour, f.hourly, f.weekly, f.file) {
                (Some(calls_per_hour), None, None, None) => Ok(RawArrivals::Poisson { calls_per_hour }),
                (None, None, None, None) => Err(ArrivalsKeysError::MissingRate),
                _ => Err(ArrivalsKeysError::Poisson),
            },
            ArrivalsKind::Profile => match (f.calls_per_hour, f.hourly, f.weekly, f.file) {
                (None, hourly @ Some(_), None, None) => Ok(RawArrivals::Profile { hourly, weekly: None }),
                (None, None, weekly @ Some(_), None) => Ok(RawArrivals::Profile { hourly: None, weekly }),
                _ => Err(ArrivalsKeysError::Profile),
            },
            ArrivalsKind::Trace => match (f.calls_per_hour, f.hourly, f.weekly, f.file) {
                (None, None, None, Some(file)) => Ok(RawArrivals::Trace { file }),
                _ => Err(ArrivalsKeysError::Trace),
            },
        }
    }
}

/// The `kind` of `holding`.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub(super) enum HoldingKind {
    Exponential,
    Lognormal,
    Fixed,
}

/// Every key a `holding` table may hold; which are required depends on `kind`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FlatHolding {
    pub kind: HoldingKind,
    pub mean: Option<Duration>,
    pub sd: Option<Duration>,
    pub value: Option<Duration>,
}

/// Durations of a `holding` table that do not fit its `kind`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub(super) enum HoldingKeysError {
    /// The keys given (`` `mean` ``, `` `sd` ``, `` `value` ``; none at all) are not those of the kind.
    #[error("{}: {} holding takes {}, like {}", given_text(given), kind.name(), kind.wanted(), kind.example())]
    Keys {
        /// The kind asked for.
        kind: HoldingKind,
        /// The duration keys given, quoted.
        given: Vec<&'static str>,
    },
}

/// "no duration given" or "got `mean`, `sd`".
fn given_text(given: &[&str]) -> String {
    if given.is_empty() { "no duration given".to_string() } else { format!("got {}", given.join(", ")) }
}

impl HoldingKind {
    fn name(self) -> &'static str {
        match self {
            HoldingKind::Exponential => "exponential",
            HoldingKind::Lognormal => "lognormal",
            HoldingKind::Fixed => "fixed",
        }
    }

    fn wanted(self) -> &'static str {
        match self {
            HoldingKind::Exponential => "`mean`",
            HoldingKind::Lognormal => "`mean` and `sd`",
            HoldingKind::Fixed => "`value`",
        }
    }

    fn example(self) -> &'static str {
        match self {
            HoldingKind::Exponential => "{ kind = \"exponential\", mean = \"3m\" }",
            HoldingKind::Lognormal => "{ kind = \"lognormal\", mean = \"4m\", sd = \"5m\" }",
            HoldingKind::Fixed => "{ kind = \"fixed\", value = \"3m\" }",
        }
    }
}

impl TryFrom<FlatHolding> for RawHolding {
    type Error = HoldingKeysError;
    fn try_from(f: FlatHolding) -> Result<Self, HoldingKeysError> {
        match (f.kind, f.mean, f.sd, f.value) {
            (HoldingKind::Exponential, Some(mean), None, None) => Ok(RawHolding::Exponential { mean }),
            (HoldingKind::Lognormal, Some(mean), Some(sd), None) => Ok(RawHolding::Lognormal { mean, sd }),
            (HoldingKind::Fixed, None, None, Some(value)) => Ok(RawHolding::Fixed { value }),
            (kind, mean, sd, value) => {
                let given: Vec<&'static str> =
                    [("`mean`", mean.is_some()), ("`sd`", sd.is_some()), ("`value`", value.is_some())]
                        .iter()
                        .filter(|(_, g)| *g)
                        .map(|(k, _)| *k)
                        .collect();
                Err(HoldingKeysError::Keys { kind, given })
            }
        }
    }
}

/// `[[traffic]]`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTraffic {
    pub number: String,
    pub arrivals: RawArrivals,
    /// Required, except for traced arrivals (their durations are recorded).
    pub holding: Option<RawHolding>,
    /// Traffic to a DID bank: how calls pick a DID.
    pub spread: Option<RawSpread>,
    /// With `spread = "weighted"`: one weight per DID of the bank.
    pub weights: Option<Vec<f64>>,
    /// Bursts of extra traffic.
    pub spikes: Option<Vec<RawSpike>>,
    /// Callers who fail try again.
    pub redial: Option<RawRedial>,
    /// The `[[queue]]` carried calls wait in after IVR.
    pub queue: Option<String>,
}

/// `redial = { probability, delay, max_attempts }` of a `[[traffic]]`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRedial {
    pub probability: f64,
    pub delay: Duration,
    pub max_attempts: Option<u32>,
}

/// One of `spikes = [...]` of a `[[traffic]]`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSpike {
    pub start: Duration,
    pub duration: Duration,
    pub factor: f64,
}

/// `spread` of a `[[traffic]]` to a DID bank.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub(super) enum RawSpread {
    Uniform,
    Weighted,
    Hunt,
}

/// `[[outage]]`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawOutage {
    pub target: String,
    pub start: Duration,
    pub duration: Duration,
}

/// `time_to_failure` / `time_to_repair = { kind = ..., ... }`: the shape of
/// up or down periods; their mean is `mtbf` or `mttr`. Read through
/// [`FlatLifetime`] so that a bad field keeps its path (see [`RawArrivals`]).
#[derive(Clone, Debug, Deserialize)]
#[serde(try_from = "FlatLifetime")]
pub(super) enum RawLifetime {
    Exponential,
    Weibull { shape: f64 },
    Lognormal { sd: Duration },
    Fixed,
}

/// The `kind` of a lifetime.
#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(super) enum LifetimeKind {
    Exponential,
    Weibull,
    Lognormal,
    Fixed,
}

/// Every key a lifetime table may hold; which are required depends on `kind`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FlatLifetime {
    pub kind: LifetimeKind,
    pub shape: Option<f64>,
    pub sd: Option<Duration>,
}

/// Keys of a lifetime table that do not fit its `kind`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub(super) enum LifetimeKeysError {
    /// `shape` or `sd` where the kind takes the other or neither.
    #[error(
        "wrong keys for this kind: the mean comes from mtbf or mttr; exponential and fixed take nothing else, \
        weibull takes `shape` (like {{ kind = \"weibull\", shape = 1.5 }}), lognormal takes `sd` \
        (like {{ kind = \"lognormal\", sd = \"3h\" }})"
    )]
    Keys,
}

impl TryFrom<FlatLifetime> for RawLifetime {
    type Error = LifetimeKeysError;
    fn try_from(f: FlatLifetime) -> Result<Self, LifetimeKeysError> {
        match (f.kind, f.shape, f.sd) {
            (LifetimeKind::Exponential, None, None) => Ok(RawLifetime::Exponential),
            (LifetimeKind::Fixed, None, None) => Ok(RawLifetime::Fixed),
            (LifetimeKind::Weibull, Some(shape), None) => Ok(RawLifetime::Weibull { shape }),
            (LifetimeKind::Lognormal, None, Some(sd)) => Ok(RawLifetime::Lognormal { sd }),
            _ => Err(LifetimeKeysError::Keys),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_errors_say_what_each_kind_takes() {
        assert_eq!(
            HoldingKeysError::Keys { kind: HoldingKind::Lognormal, given: vec!["`mean`"] }.to_string(),
            "got `mean`: lognormal holding takes `mean` and `sd`, like { kind = \"lognormal\", mean = \"4m\", sd = \"5m\" }"
        );
        assert_eq!(
            HoldingKeysError::Keys { kind: HoldingKind::Fixed, given: vec![] }.to_string(),
            "no duration given: fixed holding takes `value`, like { kind = \"fixed\", value = \"3m\" }"
        );
        assert_eq!(
            LifetimeKeysError::Keys.to_string(),
            "wrong keys for this kind: the mean comes from mtbf or mttr; exponential and fixed take nothing else, weibull takes `shape` (like { kind = \"weibull\", shape = 1.5 }), lognormal takes `sd` (like { kind = \"lognormal\", sd = \"3h\" })"
        );
        assert_eq!(
            ArrivalsKeysError::MissingRate.to_string(),
            "missing `calls_per_hour`: poisson arrivals take only `calls_per_hour`, like { kind = \"poisson\", calls_per_hour = 3000 }"
        );
    }
}
