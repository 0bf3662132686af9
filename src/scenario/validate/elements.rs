//! The network elements: `[[az]]`, `[[carrier]]` and `[[link]]`.

use super::Problems;
use super::names::{Names, index_names, lookup};
use super::values::{cps_limit, failure_process};
use crate::model::{Az, Carrier, Link};
use crate::scenario::raw::RawScenario;
use std::collections::HashMap;

/// The AZs, carriers and links, with their names indexed in `names`.
pub(super) fn elements(p: &mut Problems, names: &mut Names, raw: &RawScenario) -> (Vec<Az>, Vec<Carrier>, Vec<Link>) {
    names.az = index_names(p, "az", raw.az.iter().map(|a| a.name.as_str()), false);
    names.carrier = index_names(p, "carrier", raw.carrier.iter().map(|c| c.name.as_str()), false);
    let azs: Vec<Az> = (raw.az.iter().enumerate())
        .map(|(i, a)| Az {
            name: a.name.clone(),
            failure: failure_process(p, &format!("az[{i}]"), a.mtbf, a.mttr, &a.time_to_failure, &a.time_to_repair),
        })
        .collect();
    let mut carriers: Vec<Carrier> = (raw.carrier.iter().enumerate())
        .map(|(i, c)| Carrier {
            name: c.name.clone(),
            links: Vec::new(),
            cps: cps_limit(p, &format!("carrier[{i}]"), c.cps, c.cps_queue),
            failure: failure_process(
                p,
                &format!("carrier[{i}]"),
                c.mtbf,
                c.mttr,
                &c.time_to_failure,
                &c.time_to_repair,
            ),
        })
        .collect();

    let mut links = Vec::with_capacity(raw.link.len());
    let mut link_pairs: HashMap<(usize, usize), usize> = HashMap::new();
    for (i, l) in raw.link.iter().enumerate() {
        let carrier = lookup(p, &format!("link[{i}].carrier"), "carrier", &l.carrier, &names.carrier);
        let az = lookup(p, &format!("link[{i}].az"), "AZ", &l.az, &names.az);
        if l.channels == 0 {
            p.add(format!("link[{i}].channels"), "must be >= 1 (the concurrent calls the link can carry)");
        }
        let failure = failure_process(p, &format!("link[{i}]"), l.mtbf, l.mttr, &l.time_to_failure, &l.time_to_repair);
        let cps = cps_limit(p, &format!("link[{i}]"), l.cps, l.cps_queue);
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
        if c.links.is_empty() && names.carrier.get(c.name.as_str()) == Some(&i) {
            p.add(
                format!("carrier[{i}]"),
                format!("carrier \"{}\" has no [[link]]: give it at least one (carrier, az, channels)", c.name),
            );
        }
    }
    names.link = links.iter().enumerate().map(|(i, l)| (l.name.clone(), i)).collect();
    (azs, carriers, links)
}
