//! Exact availability, outage frequency and downtime of every number of a
//! scenario (default: the bundled one), computed from the route structure
//! without simulation. Asserts the bundled design's toll-free number beats
//! its DIDs by more than two nines.
//!
//!     cargo run --release --example exact_nines [SCENARIO.toml]

use callsim::availability::exact;
use callsim::scenario::Scenario;

fn main() {
    let scenario = match std::env::args().nth(1) {
        Some(path) => Scenario::load(&path).unwrap_or_else(|e| panic!("{e}")),
        None => Scenario::bundled_default(),
    };
    let model = scenario.model();
    let started = std::time::Instant::now();
    let e = exact(model, scenario.simulation().horizon_s()).unwrap_or_else(|err| panic!("{err}"));
    let took = started.elapsed();
    println!(
        "{:<20} {:>14} {:>7} {:>12} {:>12} {:>14}",
        "number", "availability", "nines", "outages/yr", "mean outage", "downtime/yr"
    );
    let mut rows: Vec<(String, callsim::availability::Exact)> = Vec::new();
    for entry in model.entries() {
        match entry {
            callsim::model::Entry::Number(i) => rows.push((model.numbers()[i].name.clone(), e.numbers[i])),
            callsim::model::Entry::Bank(b) => {
                let k = model.banks().iter().position(|x| x.name == b.name).expect("a bank of the model");
                rows.push((format!("{} (bank)", b.name), e.banks[k]));
            }
        }
    }
    rows.push(("design".into(), e.design));
    for (name, x) in &rows {
        println!(
            "{:<20} {:>13.7}% {:>7} {:>12.4} {:>11.2}h {:>13.1}m",
            name,
            100.0 * x.availability,
            x.nines.map_or("inf".into(), |n| format!("{n:.2}")),
            x.outages_per_year,
            x.mean_outage_s.unwrap_or(0.0) / 3600.0,
            x.downtime_s_per_year / 60.0,
        );
    }
    println!("computed in {:.3} ms", took.as_secs_f64() * 1e3);
    if std::env::args().nth(1).is_none() {
        let tf = model.number_index("support-800").expect("the bundled toll-free number");
        let did = model.numbers().iter().position(|n| n.kind == callsim::model::NumberKind::Did).expect("a DID");
        let (tf, did) = (e.numbers[tf], e.numbers[did]);
        assert!(tf.nines.unwrap() > did.nines.unwrap() + 2.0, "{tf:?} vs {did:?}");
    }
}
