//! From the raw file to a [`Scenario`]: check every value and reference,
//! collect every problem with its TOML path, and link names to indices.

use super::raw::*;
use super::{MAX_CALLS_PER_HOUR, MAX_REPLICATIONS, MIN_CALLS_PER_HOUR, Problem, Scenario, SimulationSettings};
use crate::cost::{MAX_PRICE, NumberPrices, Prices};
use crate::faults::{Element, FailureProcess, Lifetime, ScheduledOutage};
use crate::model::number::DEFAULT_DID_MAX_CONCURRENT;
use crate::model::{Az, Bank, Carrier, CpsLimit, Forward, Instance, Link, Model, Number, NumberKind};
use crate::traffic::trace::{self, MAX_TRACE_BYTES};
use crate::traffic::{
    ArrivalProcess, BankSpread, HoldingTime, Profile, Redial, Spike, SpreadMode, TrafficSource, WEEK_HOURS,
};
use std::collections::HashMap;
use std::path::Path;

/// Attempts of one caller when `redial` does not say (the first included).
const DEFAULT_MAX_ATTEMPTS: u8 = 10;
/// Most attempts `redial.max_attempts` may allow.
const MAX_ATTEMPTS: u8 = 100;

/// Most entries of `[[link]]`, `[[number]]`, `[[traffic]]`, `[[outage]]`.
const MAX_SECTION: usize = 100_000;
/// Most entries of `[[az]]` and `[[carrier]]`.
const MAX_SMALL_SECTION: usize = 10_000;

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
        p.add(path, format!("{name:?} contains a control character; use printable text"));
    } else if !slash_ok && name.contains('/') {
        p.add(
            path,
            format!("\"{name}\" contains '/', which separates carrier and AZ in link names; choose another name"),
        );
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
    const SHOWN: usize = 10;
    let listed = names.iter().take(SHOWN).map(|(_, n)| format!("\"{n}\"")).collect::<Vec<_>>().join(", ");
    match names.len() {
        0 => "none are defined".to_string(),
        n if n > SHOWN => format!("known: {listed} and {} more", n - SHOWN),
        _ => format!("known: {listed}"),
    }
}

fn lookup(p: &mut Problems, path: &str, what: &str, name: &str, index: &HashMap<&str, usize>) -> Option<usize> {
    let found = index.get(name).copied();
    if found.is_none() {
        p.add(path, format!("unknown {what} \"{name}\" ({})", known(index)));
    }
    found
}

/// The failure process of the element at `path` (`az[0]`, ...), if it has one.
fn failure_process(
    p: &mut Problems,
    path: &str,
    mtbf: Option<super::Duration>,
    mttr: Option<super::Duration>,
    ttf: &Option<RawLifetime>,
    ttr: &Option<RawLifetime>,
) -> Option<FailureProcess> {
    let (mtbf, mttr) = match (mtbf, mttr) {
        (None, None) => {
            for (key, given) in [("time_to_failure", ttf.is_some()), ("time_to_repair", ttr.is_some())] {
                if given {
                    p.add(format!("{path}.{key}"), "needs mtbf and mttr: they give the mean of the periods it shapes");
                }
            }
            return None;
        }
        (Some(_), None) => {
            p.add(
                format!("{path}.mttr"),
                "missing: give both mtbf and mttr (mean time to repair, e.g. \"4h\"), or neither",
            );
            return None;
        }
        (None, Some(_)) => {
            p.add(
                format!("{path}.mtbf"),
                "missing: give both mtbf and mttr (mean time between failures, e.g. \"30d\"), or neither",
            );
            return None;
        }
        (Some(b), Some(r)) => {
            (positive_seconds(p, format!("{path}.mtbf"), b), positive_seconds(p, format!("{path}.mttr"), r))
        }
    };
    let mut lifetime = |key: &str, raw: &Option<RawLifetime>, mean: f64| {
        let life = match raw {
            None | Some(RawLifetime::Exponential) => Lifetime::Exponential,
            Some(RawLifetime::Weibull { shape }) => Lifetime::Weibull { shape: *shape },
            Some(RawLifetime::Lognormal { sd }) => Lifetime::LogNormal { sd_s: sd.seconds() },
            Some(RawLifetime::Fixed) => Lifetime::Fixed,
        };
        if mean > 0.0
            && let Err(e) = life.sampler(mean)
        {
            p.add(format!("{path}.{key}"), e.to_string());
        }
        life
    };
    let time_to_failure = lifetime("time_to_failure", ttf, mtbf);
    let time_to_repair = lifetime("time_to_repair", ttr, mttr);
    Some(FailureProcess { mtbf_s: mtbf, mttr_s: mttr, time_to_failure, time_to_repair })
}

/// The calls-per-second limit of the element at `path`, if it has one.
fn cps_limit(p: &mut Problems, path: &str, cps: Option<f64>, queue: Option<super::Duration>) -> Option<CpsLimit> {
    match (cps, queue) {
        (None, None) => None,
        (None, Some(_)) => {
            p.add(format!("{path}.cps_queue"), "needs cps: the queue holds calls beyond a calls-per-second limit");
            None
        }
        (Some(rate), queue) => {
            if !(rate.is_finite() && rate > 0.0 && rate <= 1e9) {
                p.add(
                    format!("{path}.cps"),
                    format!("must be a number of new calls per second > 0 (at most 1e9), got {rate}"),
                );
            }
            Some(CpsLimit { calls_per_second: rate, queue_s: queue.map(|q| q.seconds()).unwrap_or(0.0) })
        }
    }
}

/// A price at `cost.{path}`: finite, from 0 to [`MAX_PRICE`]; absent, 0.
fn price(p: &mut Problems, path: &str, value: Option<f64>) -> f64 {
    match value {
        None => 0.0,
        Some(v) if v.is_finite() && (0.0..=MAX_PRICE).contains(&v) => v,
        Some(v) => {
            p.add(format!("cost.{path}"), format!("must be a price from 0 to {MAX_PRICE:e}, got {v}"));
            0.0
        }
    }
}

/// `[cost]` but its per-number prices; absent prices are 0.
fn prices(p: &mut Problems, raw: &super::raw::RawCost) -> Prices {
    let mut number = |kind: &str, raw: &Option<super::raw::RawNumberPrices>| {
        let raw = raw.as_ref();
        NumberPrices {
            per_minute: price(p, &format!("{kind}.per_minute"), raw.and_then(|r| r.per_minute)),
            per_day: price(p, &format!("{kind}.per_day"), raw.and_then(|r| r.per_day)),
        }
    };
    let toll_free = number("toll-free", &raw.toll_free);
    let did = number("did", &raw.did);
    let service_per_minute = price(p, "service_per_minute", raw.service_per_minute);
    let currency = raw.currency.clone().unwrap_or_else(|| "USD".to_string());
    let valid =
        |c: &str| !c.is_empty() && c.chars().count() <= 8 && !c.chars().any(|ch| ch.is_control() || ch.is_whitespace());
    if !valid(&currency) {
        p.add(
            "cost.currency",
            format!("must be a code or symbol of 1 to 8 characters without spaces, like \"USD\", got {currency:?}"),
        );
    }
    Prices { currency, service_per_minute, toll_free, did, numbers: Vec::new() }
}

/// `[cost.numbers]`: prices of particular numbers or banks (every DID of a
/// bank), each key overriding the one of its type.
fn number_prices(
    p: &mut Problems,
    raw: &super::raw::RawCost,
    prices: &mut Prices,
    numbers: &[Number],
    number_index: &HashMap<&str, usize>,
    banks: &[Bank],
    bank_index: &HashMap<&str, usize>,
) {
    if raw.numbers.is_empty() {
        return;
    }
    prices.numbers = vec![None; numbers.len()];
    for (name, r) in &raw.numbers {
        let path = format!("numbers.{name}");
        let members: Vec<usize> = match (bank_index.get(name.as_str()), number_index.get(name.as_str())) {
            (Some(&b), _) => banks[b].members().collect(),
            (None, Some(&n)) => vec![n],
            (None, None) => {
                let mut known: HashMap<&str, usize> = number_index.clone();
                known.extend(bank_index.iter().map(|(k, v)| (*k, *v)));
                lookup(p, &format!("cost.{path}"), "number or bank", name, &known);
                continue;
            }
        };
        let per_minute = r.per_minute.map(|v| price(p, &format!("{path}.per_minute"), Some(v)));
        let per_day = r.per_day.map(|v| price(p, &format!("{path}.per_day"), Some(v)));
        for m in members {
            let of_type = prices.of(numbers[m].kind);
            prices.numbers[m] = Some(NumberPrices {
                per_minute: per_minute.unwrap_or(of_type.per_minute),
                per_day: per_day.unwrap_or(of_type.per_day),
            });
        }
    }
}

fn positive_seconds(p: &mut Problems, path: String, d: super::Duration) -> f64 {
    if d.seconds() <= 0.0 {
        p.add(path, "must be > 0 (a duration like \"3m\")");
    }
    d.seconds()
}

/// Validates `raw`; `default_name` names a scenario without `name`.
/// Validates `raw`; `default_name` names a scenario without `name`, and
/// relative trace files are read from `base_dir`.
pub(super) fn validate(raw: RawScenario, default_name: &str, base_dir: &Path) -> Result<Scenario, Vec<Problem>> {
    let mut p = Problems(Vec::new());

    // Sizes: beyond these a report alone would run to gigabytes.
    for (section, count, max) in [
        ("az", raw.az.len(), MAX_SMALL_SECTION),
        ("carrier", raw.carrier.len(), MAX_SMALL_SECTION),
        ("link", raw.link.len(), MAX_SECTION),
        ("number", raw.number.len(), MAX_SECTION),
        ("traffic", raw.traffic.len(), MAX_SECTION),
        ("outage", raw.outage.len(), MAX_SECTION),
    ] {
        if count > max {
            p.add(section, format!("{count} entries; at most {max} are supported (reports and memory grow with each)"));
        }
    }
    if !p.0.is_empty() {
        return Err(p.0);
    }

    // [simulation]
    let simulation = match &raw.simulation {
        None => {
            p.add("simulation", "missing: add a [simulation] table with at least horizon = \"7d\"");
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
        ivr_s: raw.instance.as_ref().and_then(|i| i.ivr).map(|d| d.seconds()).unwrap_or(0.0),
    };
    if instance.max_concurrent_calls == Some(0) {
        p.add("instance.max_concurrent_calls", "must be >= 1 (omit it for no quota)");
    }

    let prices = raw.cost.as_ref().map(|c| prices(&mut p, c));

    // [[az]], [[carrier]]
    let az_index = index_names(&mut p, "az", raw.az.iter().map(|a| a.name.as_str()), false);
    let carrier_index = index_names(&mut p, "carrier", raw.carrier.iter().map(|c| c.name.as_str()), false);
    let azs: Vec<Az> = (raw.az.iter().enumerate())
        .map(|(i, a)| Az {
            name: a.name.clone(),
            failure: failure_process(
                &mut p,
                &format!("az[{i}]"),
                a.mtbf,
                a.mttr,
                &a.time_to_failure,
                &a.time_to_repair,
            ),
        })
        .collect();
    let mut carriers: Vec<Carrier> = (raw.carrier.iter().enumerate())
        .map(|(i, c)| Carrier {
            name: c.name.clone(),
            links: Vec::new(),
            cps: cps_limit(&mut p, &format!("carrier[{i}]"), c.cps, c.cps_queue),
            failure: failure_process(
                &mut p,
                &format!("carrier[{i}]"),
                c.mtbf,
                c.mttr,
                &c.time_to_failure,
                &c.time_to_repair,
            ),
        })
        .collect();

    // [[link]]
    let mut links = Vec::with_capacity(raw.link.len());
    let mut link_pairs: HashMap<(usize, usize), usize> = HashMap::new();
    for (i, l) in raw.link.iter().enumerate() {
        let carrier = lookup(&mut p, &format!("link[{i}].carrier"), "carrier", &l.carrier, &carrier_index);
        let az = lookup(&mut p, &format!("link[{i}].az"), "AZ", &l.az, &az_index);
        if l.channels == 0 {
            p.add(format!("link[{i}].channels"), "must be >= 1 (the concurrent calls the link can carry)");
        }
        let failure =
            failure_process(&mut p, &format!("link[{i}]"), l.mtbf, l.mttr, &l.time_to_failure, &l.time_to_repair);
        let cps = cps_limit(&mut p, &format!("link[{i}]"), l.cps, l.cps_queue);
        if let (Some(c), Some(a)) = (carrier, az) {
            if let Some(first) = link_pairs.insert((c, a), i) {
                p.add(
                    format!("link[{i}]"),
                    format!(
                        "duplicate link {}/{}: link[{first}] already joins them; give it more channels instead",
                        l.carrier, l.az
                    ),
                );
                continue;
            }
            carriers[c].links.push(links.len());
            links.push(Link {
                name: format!("{}/{}", l.carrier, l.az),
                carrier: c,
                az: a,
                channels: l.channels,
                failure,
                cps,
            });
        }
    }
    for (i, c) in carriers.iter().enumerate() {
        if c.links.is_empty() && carrier_index.get(c.name.as_str()) == Some(&i) {
            p.add(
                format!("carrier[{i}]"),
                format!("carrier \"{}\" has no [[link]]: give it at least one (carrier, az, channels)", c.name),
            );
        }
    }

    // [[number]]
    let entry_index = index_names(&mut p, "number", raw.number.iter().map(|n| n.name.as_str()), true);
    if raw.number.is_empty() {
        p.add("number", "no [[number]]: a scenario needs at least one number to offer calls to");
    }
    let mut numbers = Vec::with_capacity(raw.number.len());
    let mut banks: Vec<Bank> = Vec::new();
    // Per bank: its [[number]] entry.
    let mut bank_entries: Vec<usize> = Vec::new();
    for (i, n) in raw.number.iter().enumerate() {
        let path = format!("number[{i}]");
        let names: Vec<(String, &String)> = match (n.kind, &n.carrier, &n.carriers) {
            (_, Some(_), Some(_)) => {
                p.add(format!("{path}.carriers"), "give either `carrier` or `carriers`, not both");
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
                cs.iter().enumerate().map(|(k, c)| (format!("{path}.carriers[{k}]"), c)).collect()
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
                p.add(format!("{path}.max_concurrent"), "must be >= 1 (omit it on a toll-free number for no cap)");
                None
            }
            (Some(m), _) => Some(m),
            (None, NumberKind::Did) => Some(DEFAULT_DID_MAX_CONCURRENT),
            (None, NumberKind::TollFree) => None,
        };
        let reroute_delay_s = match (n.reroute_delay, kind) {
            (None, _) => 0.0,
            (Some(_), NumberKind::Did) => {
                p.add(
                    format!("{path}.reroute_delay"),
                    "applies only to toll-free numbers: a DID has one carrier and nowhere to re-route",
                );
                0.0
            }
            (Some(d), NumberKind::TollFree) => d.seconds(),
        };
        let routes: Vec<usize> = number_carriers.iter().flat_map(|&c| carriers[c].links.iter().copied()).collect();
        let number = |name: String, bank: Option<usize>| Number {
            name,
            kind,
            carriers: number_carriers.clone(),
            max_concurrent,
            routes: routes.clone(),
            reroute_delay_s,
            bank,
        };
        match (n.count, kind) {
            (None, _) => numbers.push(number(n.name.clone(), None)),
            (Some(_), NumberKind::TollFree) => {
                p.add(
                    format!("{path}.count"),
                    "banks are of DIDs: a toll-free number spreads over carriers, not numbers",
                );
            }
            (Some(count), NumberKind::Did) if count == 0 || count as usize > MAX_SECTION => {
                p.add(format!("{path}.count"), format!("must be between 1 and {MAX_SECTION} DIDs, got {count}"));
            }
            (Some(count), NumberKind::Did) => {
                let bank = banks.len();
                banks.push(Bank { name: n.name.clone(), first: numbers.len(), count: count as usize });
                bank_entries.push(i);
                for k in 1..=count {
                    numbers.push(number(format!("{}-{k}", n.name), Some(bank)));
                }
            }
        }
    }
    if numbers.len() > MAX_SECTION {
        p.add(
            "number",
            format!("{} numbers once banks are expanded; at most {MAX_SECTION} are supported", numbers.len()),
        );
    }
    // Every DID by name, banks' DIDs included; a bank's DID may not take another number's name.
    let mut number_index: HashMap<&str, usize> = HashMap::new();
    for (i, n) in numbers.iter().enumerate() {
        if let Some(first) = number_index.insert(n.name.as_str(), i) {
            let entry = |k: usize| {
                numbers[k].bank.map(|b| bank_entries[b]).unwrap_or_else(|| entry_index[numbers[k].name.as_str()])
            };
            p.add(
                format!("number[{}].name", entry(i)),
                format!("\"{}\" is also the name of a DID of number[{}]; names must be unique", n.name, entry(first)),
            );
        }
    }
    let bank_index: HashMap<&str, usize> = banks.iter().enumerate().map(|(b, bank)| (bank.name.as_str(), b)).collect();
    let mut prices = prices;
    if let (Some(prices), Some(raw_cost)) = (prices.as_mut(), raw.cost.as_ref()) {
        number_prices(&mut p, raw_cost, prices, &numbers, &number_index, &banks, &bank_index);
    }

    // [[traffic]]
    let mut traffic = Vec::with_capacity(raw.traffic.len());
    let mut per_number_rank: HashMap<(usize, bool), usize> = HashMap::new();
    for (i, t) in raw.traffic.iter().enumerate() {
        let path = format!("traffic[{i}]");
        let (number, spread) = match (bank_index.get(t.number.as_str()), number_index.get(t.number.as_str())) {
            (Some(&b), _) => {
                let bank = &banks[b];
                let mode = match (t.spread.unwrap_or(RawSpread::Uniform), &t.weights) {
                    (RawSpread::Uniform, None) => SpreadMode::Uniform,
                    (RawSpread::Hunt, None) => SpreadMode::Hunt,
                    (RawSpread::Weighted, Some(w)) => {
                        if w.len() != bank.count {
                            p.add(
                                format!("{path}.weights"),
                                format!(
                                    "needs one weight per DID of bank \"{}\": {}, got {}",
                                    bank.name,
                                    bank.count,
                                    w.len()
                                ),
                            );
                        } else if w.iter().any(|x| !(x.is_finite() && *x >= 0.0)) || w.iter().sum::<f64>() <= 0.0 {
                            p.add(format!("{path}.weights"), "weights must be finite, >= 0, and not all 0");
                        }
                        SpreadMode::Weighted(w.clone())
                    }
                    (RawSpread::Weighted, None) => {
                        p.add(
                            format!("{path}.weights"),
                            "missing: spread = \"weighted\" needs weights = [...], one per DID of the bank",
                        );
                        SpreadMode::Uniform
                    }
                    (_, Some(_)) => {
                        p.add(format!("{path}.weights"), "weights go with spread = \"weighted\"");
                        SpreadMode::Uniform
                    }
                };
                (Some(bank.first), Some(BankSpread { bank: b, mode }))
            }
            (None, Some(&n)) => {
                if t.spread.is_some() || t.weights.is_some() {
                    p.add(
                        format!("{path}.{}", if t.spread.is_some() { "spread" } else { "weights" }),
                        format!(
                            "\"{}\" is a single number, not a bank: spread and weights apply to traffic to a DID bank",
                            t.number
                        ),
                    );
                }
                (Some(n), None)
            }
            (None, None) => {
                let mut known_names: HashMap<&str, usize> = number_index.clone();
                known_names.extend(bank_index.iter().map(|(k, v)| (*k, *v)));
                let what = if banks.is_empty() { "number" } else { "number or DID bank" };
                (lookup(&mut p, &format!("{path}.number"), what, &t.number, &known_names), None)
            }
        };
        let ap = format!("{path}.arrivals");
        let mut arrivals = match &t.arrivals {
            RawArrivals::Poisson { calls_per_hour } => {
                let calls_per_hour = *calls_per_hour;
                if !(MIN_CALLS_PER_HOUR..=MAX_CALLS_PER_HOUR).contains(&calls_per_hour) {
                    p.add(
                        format!("{ap}.calls_per_hour"),
                        format!(
                            "must be a finite number > 0, from {MIN_CALLS_PER_HOUR:e} to {MAX_CALLS_PER_HOUR:e} calls per hour, got {calls_per_hour}"
                        ),
                    );
                }
                ArrivalProcess::Poisson { calls_per_hour }
            }
            RawArrivals::Trace { file } => {
                let path = base_dir.join(file);
                let calls = match std::fs::metadata(&path) {
                    Ok(m) if m.len() > MAX_TRACE_BYTES => {
                        Err(format!("{file} is {} bytes; traces are at most {MAX_TRACE_BYTES}", m.len()))
                    }
                    _ => std::fs::read_to_string(&path)
                        .map_err(|e| format!("cannot read trace {}: {e}", path.display()))
                        .and_then(|text| trace::read(&text, file, &t.number)),
                };
                match calls {
                    Ok(calls) => ArrivalProcess::Trace { file: file.clone(), calls },
                    Err(e) => {
                        p.add(format!("{ap}.file"), e);
                        ArrivalProcess::Poisson { calls_per_hour: 1.0 }
                    }
                }
            }
            RawArrivals::Profile { hourly, weekly } => {
                let weekly_calls_per_hour: Vec<f64> = match (hourly, weekly) {
                    (Some(day), _) => {
                        if day.len() != 24 {
                            p.add(
                                format!("{ap}.hourly"),
                                format!("needs 24 calls-per-hour rates, one per hour from 00:00, got {}", day.len()),
                            );
                        }
                        (0..WEEK_HOURS).map(|h| day.get(h % 24).copied().unwrap_or(0.0)).collect()
                    }
                    (None, Some(week)) => {
                        if week.len() != 7 || week.iter().any(|d| d.len() != 24) {
                            p.add(format!("{ap}.weekly"), "needs 7 rows (Monday first) of 24 calls-per-hour rates");
                        }
                        (0..WEEK_HOURS)
                            .map(|h| week.get(h / 24).and_then(|d| d.get(h % 24)).copied().unwrap_or(0.0))
                            .collect()
                    }
                    (None, None) => Vec::new(),
                };
                let key = if hourly.is_some() { "hourly" } else { "weekly" };
                if weekly_calls_per_hour.iter().any(|r| !(r.is_finite() && *r >= 0.0 && *r <= MAX_CALLS_PER_HOUR)) {
                    p.add(
                        format!("{ap}.{key}"),
                        format!("rates must be finite numbers from 0 to {MAX_CALLS_PER_HOUR:e} calls per hour"),
                    );
                } else if weekly_calls_per_hour.iter().all(|&r| r == 0.0) {
                    p.add(format!("{ap}.{key}"), "at least one hour must have calls");
                }
                ArrivalProcess::Profile(Profile { weekly_calls_per_hour, spikes: Vec::new() })
            }
        };
        if let Some(raw_spikes) = &t.spikes {
            let mut spikes = Vec::with_capacity(raw_spikes.len());
            for (k, sp) in raw_spikes.iter().enumerate() {
                let sp_path = format!("{path}.spikes[{k}]");
                let duration_s = positive_seconds(&mut p, format!("{sp_path}.duration"), sp.duration);
                if !(sp.factor.is_finite() && sp.factor > 0.0 && sp.factor <= 1e6) {
                    p.add(
                        format!("{sp_path}.factor"),
                        format!("must be a rate multiplier > 0 (below 1 is a dip), at most 1e6, got {}", sp.factor),
                    );
                }
                spikes.push(Spike { start_s: sp.start.seconds(), duration_s, factor: sp.factor });
            }
            // A flat rate with spikes is a profile whose every hour has that rate.
            arrivals = match arrivals {
                ArrivalProcess::Poisson { calls_per_hour } => {
                    ArrivalProcess::Profile(Profile { weekly_calls_per_hour: vec![calls_per_hour; WEEK_HOURS], spikes })
                }
                ArrivalProcess::Profile(profile) => ArrivalProcess::Profile(Profile { spikes, ..profile }),
                trace @ ArrivalProcess::Trace { .. } => {
                    p.add(
                        format!("{path}.spikes"),
                        "a replayed trace already holds its spikes; spikes apply to poisson and profile arrivals",
                    );
                    trace
                }
            };
        }
        let redial = t.redial.as_ref().map(|r| {
            let rp = format!("{path}.redial");
            if !(0.0..=1.0).contains(&r.probability) {
                p.add(format!("{rp}.probability"), format!("must be a probability in [0, 1], got {}", r.probability));
            }
            let mean_delay_s = positive_seconds(&mut p, format!("{rp}.delay"), r.delay);
            let max_attempts = r.max_attempts.unwrap_or(DEFAULT_MAX_ATTEMPTS as u32);
            if !(1..=MAX_ATTEMPTS as u32).contains(&max_attempts) {
                p.add(
                    format!("{rp}.max_attempts"),
                    format!("must be from 1 to {MAX_ATTEMPTS} attempts (the first included), got {max_attempts}"),
                );
            }
            Redial {
                probability: r.probability,
                mean_delay_s,
                max_attempts: max_attempts.clamp(1, MAX_ATTEMPTS as u32) as u8,
            }
        });
        let hp = format!("{path}.holding");
        let holding = match (t.holding, &arrivals) {
            (None, ArrivalProcess::Trace { calls, .. }) => {
                HoldingTime::Trace { mean_s: calls.iter().map(|c| c.duration_s).sum::<f64>() / calls.len() as f64 }
            }
            (Some(_), ArrivalProcess::Trace { .. }) => {
                p.add(hp.clone(), "a replayed trace gives each call its recorded duration: remove holding");
                HoldingTime::Fixed { value_s: 1.0 }
            }
            (None, _) => {
                p.add(hp.clone(), "missing: how long calls last, like { kind = \"exponential\", mean = \"3m\" }");
                HoldingTime::Fixed { value_s: 1.0 }
            }
            (Some(RawHolding::Exponential { mean }), _) => {
                HoldingTime::Exponential { mean_s: positive_seconds(&mut p, format!("{hp}.mean"), mean) }
            }
            (Some(RawHolding::Lognormal { mean, sd }), _) => HoldingTime::LogNormal {
                mean_s: positive_seconds(&mut p, format!("{hp}.mean"), mean),
                sd_s: positive_seconds(&mut p, format!("{hp}.sd"), sd),
            },
            (Some(RawHolding::Fixed { value }), _) => {
                HoldingTime::Fixed { value_s: positive_seconds(&mut p, format!("{hp}.value"), value) }
            }
        };
        if let Some(n) = number {
            // Ranked per target name, so a source's streams depend only on its target and rank.
            let rank = per_number_rank.entry((n, spread.is_some())).or_insert(0);
            let stream_name = format!("{}#{}", t.number, rank);
            *rank += 1;
            traffic.push(TrafficSource { number: n, spread, redial, arrivals, holding, stream_name });
        }
    }

    // [[forward]]
    let mut forwards: Vec<Forward> = Vec::with_capacity(raw.forward.len());
    for (i, f) in raw.forward.iter().enumerate() {
        let path = format!("forward[{i}]");
        let from = lookup(&mut p, &format!("{path}.from"), "number", &f.from, &number_index);
        let to = lookup(&mut p, &format!("{path}.to"), "number", &f.to, &number_index);
        if let (Some(from), Some(to)) = (from, to) {
            if from == to {
                p.add(format!("{path}.to"), "a number cannot forward to itself");
            } else if let Some(k) = forwards.iter().position(|g| g.from == from) {
                p.add(
                    format!("{path}.from"),
                    format!("\"{}\" is already forwarded by forward[{k}]; a number forwards to one number", f.from),
                );
            } else {
                forwards.push(Forward { from, to });
            }
        }
    }
    for (i, f) in forwards.iter().enumerate() {
        if forwards.iter().any(|g| g.from == f.to) || forwards.iter().any(|g| g.to == f.from) {
            p.add(format!("forward[{i}]"), "forwards do not chain: forward the first number straight to the last");
        }
    }

    // [[outage]]
    let link_index: HashMap<&str, usize> = links.iter().enumerate().map(|(i, l)| (l.name.as_str(), i)).collect();
    let mut outages = Vec::with_capacity(raw.outage.len());
    for (i, o) in raw.outage.iter().enumerate() {
        let path = format!("outage[{i}]");
        let tpath = format!("{path}.target");
        let target = match o.target.split_once(':') {
            Some(("az", name)) => lookup(&mut p, &tpath, "AZ", name, &az_index).map(Element::Az),
            Some(("carrier", name)) => lookup(&mut p, &tpath, "carrier", name, &carrier_index).map(Element::Carrier),
            Some(("link", name)) => lookup(&mut p, &tpath, "link", name, &link_index).map(Element::Link),
            _ => {
                p.add(
                    &tpath,
                    format!(
                        "\"{}\" is not a target: use \"az:NAME\", \"carrier:NAME\" or \"link:CARRIER/AZ\"",
                        o.target
                    ),
                );
                None
            }
        };
        let duration_s = positive_seconds(&mut p, format!("{path}.duration"), o.duration);
        if let Some(target) = target {
            outages.push(ScheduledOutage { target, start_s: o.start.seconds(), duration_s });
        }
    }

    match (simulation, p.0.is_empty()) {
        (Some(simulation), true) => Ok(Scenario {
            name: raw.name.unwrap_or_else(|| default_name.to_string()),
            simulation,
            model: Model { azs, carriers, links, numbers, traffic, instance, outages, banks, forwards, prices },
        }),
        _ => Err(p.0),
    }
}
