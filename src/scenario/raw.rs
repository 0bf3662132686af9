//! The scenario file as written: serde types that mirror the TOML one to
//! one. Nothing here is checked beyond types; `validate` turns it into a
//! [`crate::model::Model`].

use super::duration::Duration;
use serde::Deserialize;

/// A whole scenario file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawScenario {
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
}

/// `[simulation]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSimulation {
    pub horizon: Option<Duration>,
    pub warmup: Option<Duration>,
    pub replications: Option<u32>,
    pub seed: Option<u64>,
}

/// `[instance]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawInstance {
    pub max_concurrent_calls: Option<u32>,
}

/// `[[az]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAz {
    pub name: String,
    pub mtbf: Option<Duration>,
    pub mttr: Option<Duration>,
    pub time_to_failure: Option<RawLifetime>,
    pub time_to_repair: Option<RawLifetime>,
}

/// `[[carrier]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCarrier {
    pub name: String,
    pub mtbf: Option<Duration>,
    pub mttr: Option<Duration>,
    pub time_to_failure: Option<RawLifetime>,
    pub time_to_repair: Option<RawLifetime>,
}

/// `[[link]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLink {
    pub carrier: String,
    pub az: String,
    pub channels: u32,
    pub mtbf: Option<Duration>,
    pub mttr: Option<Duration>,
    pub time_to_failure: Option<RawLifetime>,
    pub time_to_repair: Option<RawLifetime>,
}

/// `type` of a `[[number]]`.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
pub enum RawNumberKind {
    #[serde(rename = "toll-free", alias = "tollfree", alias = "toll_free")]
    TollFree,
    #[serde(rename = "did", alias = "DID")]
    Did,
}

/// `[[number]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawNumber {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: RawNumberKind,
    pub carrier: Option<String>,
    pub carriers: Option<Vec<String>>,
    pub max_concurrent: Option<u32>,
    pub reroute_delay: Option<Duration>,
}

/// `arrivals = { kind = ..., ... }` of a `[[traffic]]`.
#[derive(Debug, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase", deny_unknown_fields)]
pub enum RawArrivals {
    Poisson { calls_per_hour: f64 },
}

/// `holding = { kind = ..., ... }` of a `[[traffic]]`.
#[derive(Debug, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase", deny_unknown_fields)]
pub enum RawHolding {
    Exponential { mean: Duration },
    Lognormal { mean: Duration, sd: Duration },
    Fixed { value: Duration },
}

/// `[[traffic]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTraffic {
    pub number: String,
    pub arrivals: RawArrivals,
    pub holding: RawHolding,
}

/// `[[outage]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOutage {
    pub target: String,
    pub start: Duration,
    pub duration: Duration,
}

/// `time_to_failure` / `time_to_repair = { kind = ..., ... }`: the shape of
/// up or down periods; their mean is `mtbf` or `mttr`.
#[derive(Debug, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase", deny_unknown_fields)]
pub enum RawLifetime {
    Exponential {},
    Weibull { shape: f64 },
    Lognormal { sd: Duration },
    Fixed {},
}
