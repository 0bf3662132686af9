//! From the raw file to a [`Scenario`]: check every value and reference,
//! collect every problem with its TOML path, and link names to indices.

use super::raw::*;
use super::{MAX_REPLICATIONS, Problem, Scenario, SimulationSettings};
use crate::model::number::DEFAULT_DID_MAX_CONCURRENT;
use crate::model::{Az, Carrier, Instance, Link, Model, Number, NumberKind};
use crate::traffic::{ArrivalProcess, HoldingTime, TrafficSource};
use std::collections::HashMap;

/// Problems found so far.
struct Problems(Vec<Problem>);

impl Problems {
    fn add(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.0.push(Problem::new(path, message));
    }
}

/// A name must be non-empty text a report can print; `/` is kept for link
/// names (`carrier/az`).
fn check_name(p: &mut Problems, path: &str, name: &str, slash_ok: bool) {
    if name.trim().is_empty() {
        p.add(path, "must not be empty");
    } else if name.chars().any(char::is_control) {
        p.add(
            path,
            format!("{name:?} contains a control character; use printable text"),
        );
    } else if !slash_ok && name.contains('/') {
        p.add(path, format!("\"{name}\" contains '/', which separates carrier and AZ in link names; choose another name"));
    }
}

/// Indexes `names` (each at `section[i].name`), reporting duplicates.
fn index_names<'a>(
    p: &mut Problems,
    section: &str,
    names: impl Iterator<Item = &'a str>,
    slash_ok: bool,
) -> HashMap<&'a str, usize> {
    let mut index = HashMap::new();
    for (i, name) in names.enumerate() {
        let path = format!("{section}[{i}].name");
        check_name(p, &path, name, slash_ok);
        if let Some(first) = index.insert(name, i) {
            p.add(path, format!("duplicate name \"{name}\": {section}[{first}] already has it; names must be unique"));
            index.insert(name, first);
        }
    }
    index
}

/// "a, b, c" (or "none") for "allowed: ..." messages.
fn known(index: &HashMap<&str, usize>) -> String {
    let mut names: Vec<(&usize, &&str)> = index.iter().map(|(k, v)| (v, k)).collect();
    names.sort();
    if names.is_empty() {
        "none are defined".to_string()
    } else {
        format!(
            "known: {}",
            names
                .iter()
                .map(|(_, n)| format!("\"{n}\""))
                .collect::<Vec<_>>()
                .join(", ")
        )
    }
}

fn lookup(
    p: &mut Problems,
    path: &str,
    what: &str,
    name: &str,
    index: &HashMap<&str, usize>,
) -> Option<usize> {
    let found = index.get(name).copied();
    if found.is_none() {
        p.add(
            path,
            format!("unknown {what} \"{name}\" ({})", known(index)),
        );
    }
    found
}

/// Failures come with failure support; until then they are refused, not ignored.
fn refuse_failures(
    p: &mut Problems,
    path: &str,
    mtbf: &Option<super::Duration>,
    mttr: &Option<super::Duration>,
) {
    if mtbf.is_some() || mttr.is_some() {
        p.add(
            format!("{path}.{}", if mtbf.is_some() { "mtbf" } else { "mttr" }),
            "random failures (mtbf/mttr) are not simulated by this version of callsim; remove the key rather than have it ignored",
        );
    }
}

fn positive_seconds(p: &mut Problems, path: String, d: super::Duration) -> f64 {
    if d.seconds() <= 0.0 {
        p.add(path, "must be > 0 (a duration like \"3m\")");
    }
    d.seconds()
}

/// Validates `raw`; `default_name` names a scenario without `name`.
pub(super) fn validate(raw: RawScenario, default_name: &str) -> Result<Scenario, Vec<Problem>> {
    let mut p = Problems(Vec::new());

    // [simulation]
    let simulation = match &raw.simulation {
        None => {
            p.add(
                "simulation",
                "missing: add a [simulation] table with at least horizon = \"7d\"",
            );
            None
        }
        Some(s) => {
            let horizon_s = match s.horizon {
                None => {
                    p.add(
                        "simulation.horizon",
                        "missing: the simulated time per replication after warm-up, e.g. \"7d\"",
                    );
                    0.0
                }
                Some(h) => positive_seconds(&mut p, "simulation.horizon".into(), h),
            };
            let replications = s.replications.unwrap_or(10);
            if replications == 0 || replications > MAX_REPLICATIONS {
                p.add(
                    "simulation.replications",
                    format!("must be between 1 and {MAX_REPLICATIONS}, got {replications}"),
                );
            }
            Some(SimulationSettings {
                horizon_s,
                warmup_s: s.warmup.map(|w| w.seconds()).unwrap_or(0.0),
                replications,
                seed: s.seed.unwrap_or(1),
            })
        }
    };

    // [instance]
    let instance = Instance {
        max_concurrent_calls: raw.instance.as_ref().and_then(|i| i.max_concurrent_calls),
    };
    if instance.max_concurrent_calls == Some(0) {
        p.add(
            "instance.max_concurrent_calls",
            "must be >= 1 (omit it for no quota)",
        );
    }

    // [[az]], [[carrier]]
    let az_index = index_names(&mut p, "az", raw.az.iter().map(|a| a.name.as_str()), false);
    let carrier_index = index_names(
        &mut p,
        "carrier",
        raw.carrier.iter().map(|c| c.name.as_str()),
        false,
    );
    for (i, a) in raw.az.iter().enumerate() {
        refuse_failures(&mut p, &format!("az[{i}]"), &a.mtbf, &a.mttr);
    }
    for (i, c) in raw.carrier.iter().enumerate() {
        refuse_failures(&mut p, &format!("carrier[{i}]"), &c.mtbf, &c.mttr);
    }
    let azs: Vec<Az> = raw
        .az
        .iter()
        .map(|a| Az {
            name: a.name.clone(),
        })
        .collect();
    let mut carriers: Vec<Carrier> = raw
        .carrier
        .iter()
        .map(|c| Carrier {
            name: c.name.clone(),
            links: Vec::new(),
        })
        .collect();

    // [[link]]
    let mut links = Vec::with_capacity(raw.link.len());
    let mut link_pairs: HashMap<(usize, usize), usize> = HashMap::new();
    for (i, l) in raw.link.iter().enumerate() {
        let carrier = lookup(
            &mut p,
            &format!("link[{i}].carrier"),
            "carrier",
            &l.carrier,
            &carrier_index,
        );
        let az = lookup(&mut p, &format!("link[{i}].az"), "AZ", &l.az, &az_index);
        if l.channels == 0 {
            p.add(
                format!("link[{i}].channels"),
                "must be >= 1 (the concurrent calls the link can carry)",
            );
        }
        refuse_failures(&mut p, &format!("link[{i}]"), &l.mtbf, &l.mttr);
        if let (Some(c), Some(a)) = (carrier, az) {
            if let Some(first) = link_pairs.insert((c, a), i) {
                p.add(
                    format!("link[{i}]"),
                    format!("duplicate link {}/{}: link[{first}] already joins them; give it more channels instead", l.carrier, l.az),
                );
                continue;
            }
            carriers[c].links.push(links.len());
            links.push(Link {
                name: format!("{}/{}", l.carrier, l.az),
                carrier: c,
                az: a,
                channels: l.channels,
            });
        }
    }
    for (i, c) in carriers.iter().enumerate() {
        if c.links.is_empty() && carrier_index.get(c.name.as_str()) == Some(&i) {
            p.add(
                format!("carrier[{i}]"),
                format!(
                    "carrier \"{}\" has no [[link]]: give it at least one (carrier, az, channels)",
                    c.name
                ),
            );
        }
    }

    // [[number]]
    let number_index = index_names(
        &mut p,
        "number",
        raw.number.iter().map(|n| n.name.as_str()),
        true,
    );
    if raw.number.is_empty() {
        p.add(
            "number",
            "no [[number]]: a scenario needs at least one number to offer calls to",
        );
    }
    let mut numbers = Vec::with_capacity(raw.number.len());
    for (i, n) in raw.number.iter().enumerate() {
        let path = format!("number[{i}]");
        let names: Vec<(String, &String)> = match (n.kind, &n.carrier, &n.carriers) {
            (_, Some(_), Some(_)) => {
                p.add(
                    format!("{path}.carriers"),
                    "give either `carrier` or `carriers`, not both",
                );
                Vec::new()
            }
            (_, None, None) => {
                p.add(
                    match n.kind {
                        RawNumberKind::Did => format!("{path}.carrier"),
                        RawNumberKind::TollFree => format!("{path}.carriers"),
                    },
                    match n.kind {
                        RawNumberKind::Did => "missing: a DID is tied to exactly one carrier, e.g. carrier = \"carrier-a\"",
                        RawNumberKind::TollFree => "missing: a toll-free number needs its carriers, e.g. carriers = [\"carrier-a\", \"carrier-b\"]",
                    },
                );
                Vec::new()
            }
            (_, Some(c), None) => vec![(format!("{path}.carrier"), c)],
            (RawNumberKind::Did, None, Some(cs)) if cs.len() != 1 => {
                p.add(
                    format!("{path}.carriers"),
                    format!("a DID is tied to exactly one carrier, got {}; use carrier = \"...\" (a toll-free number may have several)", cs.len()),
                );
                Vec::new()
            }
            (_, None, Some(cs)) => {
                if cs.is_empty() {
                    p.add(format!("{path}.carriers"), "must list at least one carrier");
                }
                cs.iter()
                    .enumerate()
                    .map(|(k, c)| (format!("{path}.carriers[{k}]"), c))
                    .collect()
            }
        };
        let mut number_carriers = Vec::new();
        for (cpath, c) in names {
            if let Some(ci) = lookup(&mut p, &cpath, "carrier", c, &carrier_index) {
                if number_carriers.contains(&ci) {
                    p.add(cpath, format!("carrier \"{c}\" is listed twice"));
                } else {
                    number_carriers.push(ci);
                }
            }
        }
        let kind = match n.kind {
            RawNumberKind::TollFree => NumberKind::TollFree,
            RawNumberKind::Did => NumberKind::Did,
        };
        let max_concurrent = match (n.max_concurrent, kind) {
            (Some(0), _) => {
                p.add(
                    format!("{path}.max_concurrent"),
                    "must be >= 1 (omit it on a toll-free number for no cap)",
                );
                None
            }
            (Some(m), _) => Some(m),
            (None, NumberKind::Did) => Some(DEFAULT_DID_MAX_CONCURRENT),
            (None, NumberKind::TollFree) => None,
        };
        let routes = number_carriers
            .iter()
            .flat_map(|&c| carriers[c].links.iter().copied())
            .collect();
        numbers.push(Number {
            name: n.name.clone(),
            kind,
            carriers: number_carriers,
            max_concurrent,
            routes,
        });
    }

    // [[traffic]]
    let mut traffic = Vec::with_capacity(raw.traffic.len());
    let mut per_number_rank: HashMap<usize, usize> = HashMap::new();
    for (i, t) in raw.traffic.iter().enumerate() {
        let path = format!("traffic[{i}]");
        let number = lookup(
            &mut p,
            &format!("{path}.number"),
            "number",
            &t.number,
            &number_index,
        );
        let arrivals = match t.arrivals {
            RawArrivals::Poisson { calls_per_hour } => {
                if !(calls_per_hour.is_finite() && calls_per_hour > 0.0) {
                    p.add(
                        format!("{path}.arrivals.calls_per_hour"),
                        format!("must be a finite number > 0, got {calls_per_hour}"),
                    );
                }
                ArrivalProcess::Poisson { calls_per_hour }
            }
        };
        let hp = format!("{path}.holding");
        let holding = match t.holding {
            RawHolding::Exponential { mean } => HoldingTime::Exponential {
                mean_s: positive_seconds(&mut p, format!("{hp}.mean"), mean),
            },
            RawHolding::Lognormal { mean, sd } => HoldingTime::LogNormal {
                mean_s: positive_seconds(&mut p, format!("{hp}.mean"), mean),
                sd_s: positive_seconds(&mut p, format!("{hp}.sd"), sd),
            },
            RawHolding::Fixed { value } => HoldingTime::Fixed {
                value_s: positive_seconds(&mut p, format!("{hp}.value"), value),
            },
        };
        if let Some(n) = number {
            let rank = per_number_rank.entry(n).or_insert(0);
            let stream_name = format!("{}#{}", t.number, rank);
            *rank += 1;
            traffic.push(TrafficSource {
                number: n,
                arrivals,
                holding,
                stream_name,
            });
        }
    }

    // [[outage]]
    for i in 0..raw.outage.len() {
        p.add(
            format!("outage[{i}]"),
            "scheduled outages are not simulated by this version of callsim; remove the [[outage]] rather than have it ignored",
        );
    }

    match (simulation, p.0.is_empty()) {
        (Some(simulation), true) => Ok(Scenario {
            name: raw.name.unwrap_or_else(|| default_name.to_string()),
            simulation,
            model: Model {
                azs,
                carriers,
                links,
                numbers,
                traffic,
                instance,
            },
        }),
        _ => Err(p.0),
    }
}
