//! `[[number]]`: numbers and DID banks (a bank's DIDs expanded in place).

use super::names::{Names, index_names, lookup};
use super::{MAX_SECTION, Problems};
use crate::model::number::DEFAULT_DID_MAX_CONCURRENT;
use crate::model::{Bank, Carrier, Number, NumberKind};
use crate::scenario::raw::{RawNumberKind, RawScenario};
use std::collections::HashMap;

/// The numbers (banks expanded) and the banks, with `names.entry`,
/// `names.number` and `names.bank` filled.
pub(super) fn numbers(
    p: &mut Problems,
    names: &mut Names,
    raw: &RawScenario,
    carriers: &[Carrier],
) -> (Vec<Number>, Vec<Bank>) {
    names.entry = index_names(p, "number", raw.number.iter().map(|n| n.name.as_str()), true);
    if raw.number.is_empty() {
        p.add("number", "no [[number]]: a scenario needs at least one number to offer calls to");
    }
    let mut numbers = Vec::with_capacity(raw.number.len());
    let mut banks: Vec<Bank> = Vec::new();
    // Per bank: its [[number]] entry.
    let mut bank_entries: Vec<usize> = Vec::new();
    for (i, n) in raw.number.iter().enumerate() {
        let path = format!("number[{i}]");
        let carrier_names: Vec<(String, &String)> = match (n.kind, &n.carrier, &n.carriers) {
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
        for (cpath, c) in carrier_names {
            if let Some(ci) = lookup(p, &cpath, "carrier", c, &names.carrier) {
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
                    "banks are of DIDs: a toll-free number spreads over carriers, not numbers (remove count, or make it type = \"did\")",
                );
                // Kept as one number, so that what refers to it is not refused too.
                numbers.push(number(n.name.clone(), None));
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
    let mut number_index: HashMap<String, usize> = HashMap::with_capacity(numbers.len());
    for (i, n) in numbers.iter().enumerate() {
        if let Some(first) = number_index.insert(n.name.clone(), i) {
            let entry =
                |k: usize| numbers[k].bank.map(|b| bank_entries[b]).unwrap_or_else(|| names.entry[&numbers[k].name]);
            p.add(
                format!("number[{}].name", entry(i)),
                format!("\"{}\" is also the name of a DID of number[{}]; names must be unique", n.name, entry(first)),
            );
        }
    }
    names.number = number_index;
    names.bank = banks.iter().enumerate().map(|(b, bank)| (bank.name.clone(), b)).collect();
    (numbers, banks)
}
