//! `[[region]]`, the `region` of each `[[az]]`, `[[distribution_group]]` and
//! the `instance` / `group` claim of each `[[number]]` (issue #15).
//!
//! Without `[[region]]` none of these keys may appear and the design keeps
//! its single `[instance]`. With regions: every zone names its region, each
//! region has one instance, every number is claimed to an instance or a
//! group (when there is one instance, it defaults to it), and a number's
//! routes are its carriers' links into the zones of its instances' regions.

use super::Problems;
use super::names::{Names, index_names, lookup};
use super::values::failure_process;
use crate::model::instance::{Claim, Failover, Group, RegionalInstance, Regions, ScheduledSplit};
use crate::model::{Az, Bank, Link, Number};
use crate::scenario::raw::{RawFailover, RawScenario};
use std::collections::HashMap;

/// The regional layer, or `None` for a design without `[[region]]` (with
/// problems for any regional key given without regions). Restricts each
/// number's routes to its instances' regions; fills `names.instance`.
pub(super) fn regions(
    p: &mut Problems,
    names: &mut Names,
    raw: &RawScenario,
    azs: &[Az],
    links: &[Link],
    numbers: &mut [Number],
    banks: &[Bank],
) -> Option<Regions> {
    if raw.region.is_empty() {
        without_regions(p, raw);
        return None;
    }
    if raw.instance.as_ref().is_some_and(|i| i.max_concurrent_calls.is_some()) {
        p.add(
            "instance.max_concurrent_calls",
            "with [[region]], each region's instance has its own quota: set region[i].instance.max_concurrent_calls",
        );
    }
    if !raw.forward.is_empty() {
        p.add("forward", "forwarding is not supported together with [[region]] yet; remove one of them");
    }
    let region_names = index_names(p, "region", raw.region.iter().map(|r| r.name.as_str()), false);
    names.instance = index_names(p, "region[].instance", raw.region.iter().map(|r| r.instance.name.as_str()), false);
    let instances: Vec<RegionalInstance> = (raw.region.iter().enumerate())
        .map(|(i, r)| {
            let path = format!("region[{i}].instance");
            let ri = &r.instance;
            if ri.max_concurrent_calls == Some(0) {
                p.add(format!("{path}.max_concurrent_calls"), "must be >= 1 (omit it for no quota)");
            }
            RegionalInstance {
                name: ri.name.clone(),
                region: r.name.clone(),
                max_concurrent_calls: ri.max_concurrent_calls,
                failure: failure_process(p, &path, ri.mtbf, ri.mttr, &ri.time_to_failure, &ri.time_to_repair),
            }
        })
        .collect();
    let az_instance: Vec<usize> = (raw.az.iter().enumerate())
        .map(|(i, a)| match &a.region {
            None => {
                p.add(
                    format!("az[{i}].region"),
                    format!("missing: with [[region]], every zone names its region (zone \"{}\" is in none)", a.name),
                );
                0
            }
            Some(r) => lookup(p, &format!("az[{i}].region"), "region", r, &region_names).unwrap_or(0),
        })
        .collect();
    debug_assert_eq!(az_instance.len(), azs.len());
    let groups = groups(p, raw, &names.instance);
    let group_names: HashMap<String, usize> =
        groups.iter().enumerate().map(|(g, group)| (group.name.clone(), g)).collect();
    let claims = claims(p, names, raw, numbers, banks, instances.len(), &group_names);
    // Routes: the carriers' links into the zones of the claimed instances' regions.
    for (n, number) in numbers.iter_mut().enumerate() {
        let allowed: Vec<usize> = match claims[n] {
            Claim::Instance(i) => vec![i],
            Claim::Group(g) => groups.get(g).map_or(Vec::new(), |g| g.instances.to_vec()),
        };
        number.routes.retain(|&l| allowed.contains(&az_instance[links[l].az]));
        if number.routes.is_empty() && !number.carriers.is_empty() {
            let entry = entry_of(names, banks, number);
            let regions: Vec<&str> = allowed.iter().map(|&i| instances[i].region.as_str()).collect();
            p.add(
                format!("number[{entry}]"),
                format!(
                    "none of its carriers' links lands in a zone of region {}: add a [[link]] into one",
                    regions.join(" or ")
                ),
            );
        }
    }
    Some(Regions { instances, az_instance, groups, claims })
}

/// The `[[number]]` entry of a model number (a bank's DIDs share their bank's).
fn entry_of(names: &Names, banks: &[Bank], number: &Number) -> usize {
    let name = number.bank.and_then(|b| banks.get(b)).map_or(number.name.as_str(), |b| b.name.as_str());
    names.entry.get(name).copied().unwrap_or(0)
}

/// Regional keys without `[[region]]`: each is a problem.
fn without_regions(p: &mut Problems, raw: &RawScenario) {
    for (i, a) in raw.az.iter().enumerate() {
        if a.region.is_some() {
            p.add(format!("az[{i}].region"), "names a region, but the scenario has no [[region]]: add one");
        }
    }
    for (i, n) in raw.number.iter().enumerate() {
        for (key, given) in [("instance", n.instance.is_some()), ("group", n.group.is_some())] {
            if given {
                p.add(format!("number[{i}].{key}"), "needs [[region]] entries (each with its instance)");
            }
        }
    }
    if !raw.distribution_group.is_empty() {
        p.add("distribution_group", "needs [[region]] entries (each with its instance) to distribute over");
    }
}

/// A split `[a, b]` in percent: two entries, each a multiple of 10 in
/// 0..=100, adding to 100; the first's tenths.
fn split(p: &mut Problems, path: &str, split: &[i64]) -> Option<u8> {
    if split.len() != 2 {
        p.add(path, format!("gives {} shares; a group splits between its two instances, e.g. [50, 50]", split.len()));
        return None;
    }
    if let Some(bad) = split.iter().find(|&&s| !(0..=100).contains(&s) || s % 10 != 0) {
        p.add(path, format!("{bad} is not a share in 10% steps: each share is one of 0, 10, ..., 100 (percent)"));
        return None;
    }
    if split[0] + split[1] != 100 {
        p.add(
            path,
            format!("{} + {} = {}; the shares must add up to 100 (percent)", split[0], split[1], split[0] + split[1]),
        );
        return None;
    }
    Some((split[0] / 10) as u8)
}

/// `failover` / `failback`: `{ after = "10m" }` or `"never"`; `default` when absent.
fn failover(p: &mut Problems, path: &str, raw: &Option<RawFailover>, default: Failover) -> Failover {
    match raw {
        None => default,
        Some(RawFailover::Word(w)) if w == "never" => Failover::Never,
        Some(RawFailover::Word(w)) => {
            p.add(path, format!("\"{w}\" is not a failover: use {{ after = \"10m\" }} or \"never\""));
            default
        }
        Some(RawFailover::After(a)) if a.after.seconds() < 0.0 || !a.after.seconds().is_finite() => {
            p.add(format!("{path}.after"), "must be >= 0 (a duration like \"10m\"; \"0s\" is instant)");
            default
        }
        Some(RawFailover::After(a)) => Failover::After(a.after.seconds()),
    }
}

/// `[[distribution_group]]`.
fn groups(p: &mut Problems, raw: &RawScenario, instances: &HashMap<String, usize>) -> Vec<Group> {
    index_names(p, "distribution_group", raw.distribution_group.iter().map(|g| g.name.as_str()), false);
    let mut out = Vec::with_capacity(raw.distribution_group.len());
    for (i, g) in raw.distribution_group.iter().enumerate() {
        let path = format!("distribution_group[{i}]");
        let mut members = Vec::new();
        if g.instances.len() != 2 {
            p.add(
                format!("{path}.instances"),
                format!("lists {} instances; a traffic distribution group has exactly two", g.instances.len()),
            );
        }
        for (k, name) in g.instances.iter().enumerate() {
            let ipath = format!("{path}.instances[{k}]");
            if let Some(x) = lookup(p, &ipath, "instance", name, instances) {
                if members.contains(&x) {
                    p.add(ipath, format!("instance \"{name}\" is named twice; a group pairs two different instances"));
                } else {
                    members.push(x);
                }
            }
        }
        let tenths = match &g.split {
            None => Some(10),
            Some(s) => split(p, &format!("{path}.split"), s),
        };
        let mut schedule = Vec::with_capacity(g.schedule.len());
        for (k, s) in g.schedule.iter().enumerate() {
            let spath = format!("{path}.schedule[{k}]");
            if s.at.seconds() < 0.0 {
                p.add(format!("{spath}.at"), "must be >= 0 (seconds after warm-up, a duration like \"3d\")");
            }
            if schedule.last().is_some_and(|last: &ScheduledSplit| last.at_s >= s.at.seconds()) {
                p.add(format!("{spath}.at"), "must come after the entry before it (list the splits in time order)");
            }
            if let Some(t) = split(p, &format!("{spath}.split"), &s.split) {
                schedule.push(ScheduledSplit { at_s: s.at.seconds(), tenths: t });
            }
        }
        let over = failover(p, &format!("{path}.failover"), &g.failover, Failover::After(0.0));
        let back = failover(p, &format!("{path}.failback"), &g.failback, over);
        if let (Ok(instances), Some(tenths)) = (<[usize; 2]>::try_from(members), tenths) {
            out.push(Group { name: g.name.clone(), instances, tenths, schedule, failover: over, failback: back });
        }
    }
    out
}

/// Each model number's claim: its entry's `instance` or `group` (the only
/// instance when there is one and neither is given).
fn claims(
    p: &mut Problems,
    names: &Names,
    raw: &RawScenario,
    numbers: &[Number],
    banks: &[Bank],
    instances: usize,
    groups: &HashMap<String, usize>,
) -> Vec<Claim> {
    let by_entry: Vec<Claim> = (raw.number.iter().enumerate())
        .map(|(i, n)| {
            let path = format!("number[{i}]");
            match (&n.instance, &n.group) {
                (Some(_), Some(_)) => {
                    p.add(format!("{path}.group"), "give either `instance` or `group`, not both");
                    Claim::Instance(0)
                }
                (Some(x), None) => {
                    Claim::Instance(lookup(p, &format!("{path}.instance"), "instance", x, &names.instance).unwrap_or(0))
                }
                (None, Some(g)) => match lookup(p, &format!("{path}.group"), "distribution group", g, groups) {
                    Some(g) => Claim::Group(g),
                    None => Claim::Instance(0),
                },
                (None, None) if instances == 1 => Claim::Instance(0),
                (None, None) => {
                    p.add(
                        format!("{path}.instance"),
                        "missing: with several regions, claim each number to an instance (instance = \"NAME\") or a group (group = \"NAME\")",
                    );
                    Claim::Instance(0)
                }
            }
        })
        .collect();
    numbers.iter().map(|n| by_entry.get(entry_of(names, banks, n)).copied().unwrap_or(Claim::Instance(0))).collect()
}
