//! Shard files are untrusted input: a valid pair of shard files is mutated
//! (a JSON value replaced by another of any type or out of range, a key or
//! an array element removed, an element repeated) and merged. Merging must
//! refuse with a message or succeed with the whole run, never panic.

use callsim::experiment::run_replication;
use callsim::experiment::shard::{SHARD_FORMAT, Settings, ShardFile, ShardSpec, embedded_files, merge};
use callsim::report::{to_csv, to_table};
use callsim::scenario::Scenario;
use proptest::prelude::*;
use serde_json::Value;

/// A toll-free number and a capped DID bank member on two carriers, with
/// failures and an instance quota: every kind of field a shard holds.
const DESIGN: &str = r#"name = "mutations"

[simulation]
horizon = "2h"
warmup = "10m"
replications = 3
seed = 11

[instance]
max_concurrent_calls = 40

[[az]]
name = "az1"

[[carrier]]
name = "a"
mtbf = "1h"
mttr = "10m"

[[carrier]]
name = "b"

[[link]]
carrier = "a"
az = "az1"
channels = 20

[[link]]
carrier = "b"
az = "az1"
channels = 15

[[number]]
name = "free"
type = "toll-free"
carriers = ["a", "b"]

[[number]]
name = "did"
type = "did"
carrier = "b"
max_concurrent = 5

[[traffic]]
number = "free"
arrivals = { kind = "poisson", calls_per_hour = 300 }
holding = { kind = "exponential", mean = "3m" }

[[traffic]]
number = "did"
arrivals = { kind = "poisson", calls_per_hour = 200 }
holding = { kind = "exponential", mean = "3m" }
"#;

/// Shards 0/2 and 1/2 of DESIGN, as JSON values.
fn shards() -> &'static (Value, Value) {
    static SHARDS: std::sync::OnceLock<(Value, Value)> = std::sync::OnceLock::new();
    SHARDS.get_or_init(|| {
        let scenario = Scenario::from_toml_str(DESIGN, "mutations.toml").expect("a valid design");
        let shard = |index| {
            let spec = ShardSpec { index, count: 2 };
            let indices = spec.indices(scenario.simulation().replications());
            let outcomes = indices.iter().map(|&k| run_replication(&scenario, k)).collect();
            let file = ShardFile {
                callsim_shard: SHARD_FORMAT,
                shard: spec,
                scenario_file: "mutations.toml".into(),
                scenario_toml: DESIGN.into(),
                scenario_files: embedded_files(&scenario),
                settings: Settings::from(scenario.simulation()),
                indices,
                outcomes,
            };
            serde_json::to_value(&file).expect("a shard serialises")
        };
        (shard(0), shard(1))
    })
}

/// One change to a JSON document, at the node of that index in pre-order.
#[derive(Clone, Debug)]
enum Mutation {
    Replace(usize, Value),
    Remove(usize),
    Repeat(usize),
}

fn any_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        prop_oneof![Just(0u64), Just(1), Just(2), Just(3), Just(u32::MAX as u64), Just(1 << 40), Just(u64::MAX)]
            .prop_map(Value::from),
        prop_oneof![Just(-1.0), Just(-5.0), Just(0.0), Just(0.5), Just(1.5), Just(1e300), Just(-1e-300)]
            .prop_map(Value::from),
        any::<f64>().prop_filter("JSON holds finite numbers", |x| x.is_finite()).prop_map(Value::from),
        "[a-z0-9 =\\[\\]\"]{0,12}".prop_map(Value::from),
        Just(serde_json::json!([])),
        Just(serde_json::json!({})),
    ]
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        2 => (any::<usize>(), any_value()).prop_map(|(i, v)| Mutation::Replace(i, v)),
        1 => any::<usize>().prop_map(Mutation::Remove),
        1 => any::<usize>().prop_map(Mutation::Repeat),
    ]
}

/// The nodes of `v` in pre-order, as paths of keys and indices.
fn paths(v: &Value, here: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    out.push(here.clone());
    match v {
        Value::Object(m) => {
            for (k, child) in m {
                here.push(Step::Key(k.clone()));
                paths(child, here, out);
                here.pop();
            }
        }
        Value::Array(a) => {
            for (i, child) in a.iter().enumerate() {
                here.push(Step::Index(i));
                paths(child, here, out);
                here.pop();
            }
        }
        _ => {}
    }
}

#[derive(Clone, Debug)]
enum Step {
    Key(String),
    Index(usize),
}

fn node<'a>(v: &'a mut Value, path: &[Step]) -> &'a mut Value {
    path.iter().fold(v, |v, step| match step {
        Step::Key(k) => &mut v[k.as_str()],
        Step::Index(i) => &mut v[*i],
    })
}

/// Applies `m` to `doc` (the root is never removed or repeated).
fn apply(doc: &mut Value, m: &Mutation) {
    let mut all = Vec::new();
    paths(doc, &mut Vec::new(), &mut all);
    let pick = |i: usize| all[i % all.len()].clone();
    match m {
        Mutation::Replace(i, value) => *node(doc, &pick(*i)) = value.clone(),
        Mutation::Remove(i) | Mutation::Repeat(i) => {
            let path = pick(*i);
            let Some((last, parent)) = path.split_last() else { return };
            let parent = node(doc, parent);
            match (last, parent, m) {
                (Step::Key(k), Value::Object(o), Mutation::Remove(_)) => {
                    o.remove(k);
                }
                (Step::Index(i), Value::Array(a), Mutation::Remove(_)) => {
                    a.remove(*i);
                }
                (Step::Index(i), Value::Array(a), Mutation::Repeat(_)) => {
                    let copy = a[*i].clone();
                    a.insert(*i, copy);
                }
                _ => {}
            }
        }
    }
}

/// Parses and merges the two shard texts; what a user of `merge` sees.
fn merge_texts(first: &str, second: &str) -> Result<u32, String> {
    let parse = |text: &str| serde_json::from_str::<ShardFile>(text).map_err(|e| e.to_string());
    let parts = vec![("part-0.json".to_string(), parse(first)?), ("part-1.json".to_string(), parse(second)?)];
    let (_, report) = merge(&parts).map_err(|e| e.to_string())?;
    let _ = report.to_json();
    let _ = to_table(&report);
    let _ = to_csv(&report);
    Ok(report.replications)
}

#[test]
fn the_unmutated_shards_merge() {
    let (a, b) = shards();
    assert_eq!(merge_texts(&a.to_string(), &b.to_string()), Ok(3));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn mutated_shards_are_refused_or_merged_never_a_panic(
        changes in proptest::collection::vec(mutation(), 1..4),
        which in 0..2usize,
    ) {
        let (a, b) = shards();
        let mut docs = [a.clone(), b.clone()];
        for m in &changes {
            apply(&mut docs[which], m);
        }
        match merge_texts(&docs[0].to_string(), &docs[1].to_string()) {
            // A merge that succeeds is the whole run.
            Ok(replications) => prop_assert_eq!(replications, 3),
            Err(message) => prop_assert!(!message.is_empty()),
        }
    }
}
