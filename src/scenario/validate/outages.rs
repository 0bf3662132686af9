//! `[[outage]]`: scheduled failures of an AZ, a carrier or a link.

use super::Problems;
use super::names::{Names, lookup};
use super::values::positive_seconds;
use crate::faults::{Element, ScheduledOutage};
use crate::scenario::raw::RawScenario;

/// The scheduled outages whose target exists.
pub(super) fn outages(p: &mut Problems, names: &Names, raw: &RawScenario) -> Vec<ScheduledOutage> {
    let mut outages = Vec::with_capacity(raw.outage.len());
    for (i, o) in raw.outage.iter().enumerate() {
        let path = format!("outage[{i}]");
        let tpath = format!("{path}.target");
        let target = match o.target.split_once(':') {
            Some(("az", name)) => lookup(p, &tpath, "AZ", name, &names.az).map(Element::Az),
            Some(("carrier", name)) => lookup(p, &tpath, "carrier", name, &names.carrier).map(Element::Carrier),
            Some(("link", name)) => lookup(p, &tpath, "link", name, &names.link).map(Element::Link),
            Some(("instance", name)) => lookup(p, &tpath, "instance", name, &names.instance).map(Element::Instance),
            _ => {
                p.add(
                    &tpath,
                    format!(
                        "\"{}\" is not a target: use \"az:NAME\", \"carrier:NAME\", \"link:CARRIER/AZ\" or \"instance:NAME\"",
                        o.target
                    ),
                );
                None
            }
        };
        let duration_s = positive_seconds(p, format!("{path}.duration"), o.duration);
        if let Some(target) = target {
            outages.push(ScheduledOutage { target, start_s: o.start.seconds(), duration_s });
        }
    }
    outages
}
