//! From the raw file to a [`Scenario`]: check every value and reference,
//! collect every problem with its TOML path, and link names to indices.
//!
//! One file per section, run in file order, each adding to one problem list
//! ([`Problems`]) and reading or filling one name index ([`names::Names`]):
//! a section refers only to the sections before it. Validation reads no
//! file: the trace files a scenario names come in its [`ScenarioSources`].

mod arrivals;
mod cost;
mod elements;
mod forwards;
mod instances;
mod names;
mod numbers;
mod outages;
mod outbound;
mod queues;
mod simulation;
mod traffic;
mod values;

use super::raw::RawScenario;
use super::{Problem, ScenarioSources, SimulationSettings};
use crate::model::Model;

/// Most entries of `[[link]]`, `[[number]]`, `[[traffic]]`, `[[outage]]`.
const MAX_SECTION: usize = 100_000;
/// Most entries of `[[az]]` and `[[carrier]]`.
const MAX_SMALL_SECTION: usize = 10_000;

/// Problems found so far, in file order.
#[derive(Debug, Default)]
struct Problems(Vec<Problem>);

impl Problems {
    fn add(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.0.push(Problem::new(path, message));
    }
}

/// What a valid scenario holds: its name, how to simulate it, the design.
pub(super) type Valid = (String, SimulationSettings, Model);

/// Validates `raw`; `default_name` names a scenario without `name`, and
/// the trace files it names are taken from `sources`.
pub(super) fn validate(
    raw: &RawScenario,
    default_name: &str,
    sources: &ScenarioSources,
) -> Result<Valid, Vec<Problem>> {
    let mut p = Problems::default();

    // Sizes: beyond these a report alone would run to gigabytes.
    for (section, count, max) in [
        ("az", raw.az.len(), MAX_SMALL_SECTION),
        ("carrier", raw.carrier.len(), MAX_SMALL_SECTION),
        ("link", raw.link.len(), MAX_SECTION),
        ("number", raw.number.len(), MAX_SECTION),
        ("traffic", raw.traffic.len(), MAX_SECTION),
        ("outage", raw.outage.len(), MAX_SECTION),
        ("queue", raw.queue.len(), MAX_SMALL_SECTION),
        ("outbound", raw.outbound.len(), MAX_SMALL_SECTION),
        ("region", raw.region.len(), MAX_SMALL_SECTION),
        ("distribution_group", raw.distribution_group.len(), MAX_SMALL_SECTION),
    ] {
        if count > max {
            p.add(section, format!("{count} entries; at most {max} are supported (reports and memory grow with each)"));
        }
    }
    if !p.0.is_empty() {
        return Err(p.0);
    }

    let simulation = simulation::simulation(&mut p, raw);
    let instance = simulation::instance(&mut p, raw);
    let mut prices = raw.cost.as_ref().map(|c| cost::prices(&mut p, c));
    let mut names = names::Names::default();
    let (azs, carriers, links) = elements::elements(&mut p, &mut names, raw);
    let (mut numbers, banks) = numbers::numbers(&mut p, &mut names, raw, &carriers);
    let regions = instances::regions(&mut p, &mut names, raw, &azs, &links, &mut numbers, &banks);
    if let (Some(prices), Some(raw_cost)) = (prices.as_mut(), raw.cost.as_ref()) {
        cost::number_prices(&mut p, &names, raw_cost, prices, &numbers, &banks);
    }
    let (queues, queue_names) = queues::queues(&mut p, raw);
    let traffic = traffic::traffic(&mut p, &names, raw, &banks, sources, (&queues, &queue_names));
    let outbound = outbound::outbound(&mut p, &names, raw, &banks, sources, (&queues, &queue_names));
    queues::unused(&mut p, &queues, &traffic, &outbound);
    let forwards = forwards::forwards(&mut p, &names, raw);
    let outages = outages::outages(&mut p, &names, raw);

    match (simulation, p.0.is_empty()) {
        (Some(simulation), true) => Ok((
            raw.name.clone().unwrap_or_else(|| default_name.to_string()),
            simulation,
            Model {
                azs,
                carriers,
                links,
                numbers,
                traffic,
                instance,
                outages,
                banks,
                forwards,
                prices,
                queues,
                outbound,
                regions,
            },
        )),
        _ => Err(p.0),
    }
}
