//! Files are read by the loader, before validation: a scenario that replays
//! a trace keeps the trace's text, so sweeps, shards and merges never read
//! it again, and `Scenario::from_toml_str` never touches the disk.

use super::support::{BASE, Dir, assert_ok, callsim, edit};
use callsim::experiment::shard::{SHARD_FORMAT, Settings, ShardFile, ShardSpec, embedded_files, merge};
use callsim::experiment::sweep::{self, Setting};
use callsim::experiment::{Runner, run_replications};
use callsim::scenario::{Scenario, ScenarioSources};
use callsim::summary::Report;

/// 40 calls of "main", one every 90 s, each 4 minutes long (and rows of
/// another number, ignored).
fn trace_csv() -> String {
    let mut csv = String::from("timestamp,number,duration\n");
    for i in 0..40 {
        csv.push_str(&format!("{},main,4m\n{},other,1\n", i * 90, i * 90 + 1));
    }
    csv
}

/// [`BASE`] replaying `calls.csv` instead of Poisson traffic.
fn trace_toml() -> String {
    let traced = edit(
        BASE,
        "arrivals = { kind = \"poisson\", calls_per_hour = 100 }\nholding = { kind = \"exponential\", mean = \"3m\" }\n",
        "arrivals = { kind = \"trace\", file = \"calls.csv\" }\n",
    );
    edit(&traced, "replications = 2", "replications = 3")
}

#[test]
fn from_toml_str_reads_no_file_and_says_how_to_give_one() {
    let dir = Dir::new();
    dir.file("calls.csv", &trace_csv());
    let path = dir.file("s.toml", &trace_toml());
    let file = path.display().to_string();
    // The trace sits next to the scenario, yet from_toml_str does not read it.
    let e = Scenario::from_toml_str(&trace_toml(), &file).unwrap_err().to_string();
    assert!(e.contains("`traffic[0].arrivals.file`: trace \"calls.csv\" was not given"), "{e}");
    assert!(e.contains("Scenario::load") && e.contains("from_toml_str_with_files"), "{e}");
    // Given the text, it validates to what the loader gives.
    let given = Scenario::from_toml_str_with_files(
        &trace_toml(),
        &file,
        ScenarioSources::new().with_file("calls.csv", trace_csv()),
    )
    .unwrap();
    let loaded = Scenario::load(&path).unwrap();
    assert_eq!(given, loaded);
    assert_eq!(loaded.sources().text("calls.csv"), Some(trace_csv().as_str()));
    // The builder takes trace data explicitly, and gives the same calls.
    let built = Scenario::builder("base")
        .horizon_s(3_600.0)
        .replications(3)
        .seed(7)
        .az("az1")
        .carrier("carrier-a")
        .link("carrier-a", "az1", 10)
        .did("main", "carrier-a", None)
        .trace("main", "calls.csv", &trace_csv())
        .build()
        .unwrap();
    assert_eq!(run_replications(&built, 0..3), run_replications(&loaded, 0..3));
}

#[test]
fn a_sweep_runs_after_the_trace_file_is_gone() {
    let dir = Dir::new();
    dir.file("calls.csv", &trace_csv());
    let path = dir.file("s.toml", &trace_toml());
    let scenario = Scenario::load(&path).unwrap();
    std::fs::remove_file(dir.path().join("calls.csv")).unwrap();
    let file = path.display().to_string();
    let settings = [Setting::parse("number[0].max_concurrent=1,2,100").unwrap()];
    let points = sweep::scenarios(&trace_toml(), &file, scenario.sources(), &settings, |s| Ok(s.clone())).unwrap();
    let results = sweep::run(points, &Runner::with_threads(1));
    let blocked: Vec<f64> = results.iter().map(|p| p.report.numbers.get("main").unwrap().blocked.mean).collect();
    // 4-minute calls every 90 s overlap 3 at a time: a cap of 1 blocks 2 of
    // every 3 calls, a cap of 2 blocks 1 of every 3, a cap of 100 none.
    assert!(blocked[0] > blocked[1] && blocked[1] > 0.0 && blocked[2] == 0.0, "{blocked:?}");
    assert_eq!(results[2].report, Runner::with_threads(1).run(&scenario));
}

#[test]
fn shards_embed_the_trace_and_merge_without_it() {
    let dir = Dir::new();
    dir.file("calls.csv", &trace_csv());
    let path = dir.file("s.toml", &trace_toml());
    let scenario = Scenario::load(&path).unwrap();
    let file = path.display().to_string();
    let runner = Runner::with_threads(1);
    let shards: Vec<(String, ShardFile)> = (0..2)
        .map(|i| {
            let spec = ShardSpec { index: i, count: 2 };
            let indices = spec.indices(3);
            let shard = ShardFile {
                callsim_shard: SHARD_FORMAT,
                shard: spec,
                scenario_file: file.clone(),
                scenario_toml: trace_toml(),
                scenario_files: embedded_files(&scenario),
                settings: Settings::from(scenario.simulation()),
                outcomes: runner.replications(&scenario, &indices),
                indices,
            };
            // Through JSON, as `merge` reads them.
            let json = serde_json::to_string(&shard).unwrap();
            (format!("part{i}.json"), serde_json::from_str(&json).unwrap())
        })
        .collect();
    drop(dir);
    let (merged, report) = merge(&shards).unwrap();
    assert_eq!(merged, scenario);
    assert_eq!(report, Report::new(&scenario, &run_replications(&scenario, 0..3)));
}

#[test]
fn the_cli_merges_trace_shards_after_the_trace_is_deleted() {
    let dir = Dir::new();
    dir.file("calls.csv", &trace_csv());
    let path = dir.file("s.toml", &trace_toml());
    let file = path.to_str().unwrap();
    let whole = callsim(&["run", file, "--format", "json", "--quiet"]);
    assert_ok(&whole);
    let mut parts = Vec::new();
    for i in 0..2 {
        let part = dir.path().join(format!("part{i}.json"));
        let shard = format!("{i}/2");
        let args = ["run", file, "--shard", &shard, "--format", "json", "--quiet", "--output", part.to_str().unwrap()];
        assert_ok(&callsim(&args));
        parts.push(part.to_str().unwrap().to_string());
    }
    std::fs::remove_file(dir.path().join("calls.csv")).unwrap();
    let merged = callsim(&["merge", &parts[0], &parts[1], "--format", "json"]);
    assert_ok(&merged);
    assert_eq!(merged.stdout, whole.stdout);
}

#[test]
fn sizing_and_comparing_run_after_the_trace_file_is_gone() {
    use callsim::experiment::compare::compare;
    use callsim::experiment::size::{Capacity, Targets, size};
    let dir = Dir::new();
    dir.file("calls.csv", &trace_csv());
    let path = dir.file("s.toml", &trace_toml());
    let scenario = Scenario::load(&path).unwrap();
    drop(dir);
    let runner = Runner::with_threads(1);
    // 4-minute calls every 90 s: at most 3 in progress at once, so a cap of
    // 3 blocks none and a cap of 2 blocks a third of the calls.
    let targets = Targets { blocking: Some(0.0), availability: None };
    let r = size(&scenario, "main", Capacity::Cap, targets, &runner).unwrap();
    assert_eq!(r.answer, Some(3));
    let capped = scenario.with_number_cap("main", 2).unwrap();
    let c = compare(&[("as is".into(), scenario), ("capped".into(), capped)], &runner).unwrap();
    let blocked = c.differences.iter().find(|d| d.name == "main" && d.metric == "blocked").unwrap();
    assert!(blocked.difference.mean > 0.0, "{blocked:?}");
}

#[test]
fn a_cli_sweep_over_trace_files_reads_each_once_before_running() {
    let dir = Dir::new();
    dir.file("calls.csv", &trace_csv());
    // Every other call of calls.csv: one every 180 s, at most 2 at once.
    let half: String = trace_csv()
        .lines()
        .enumerate()
        .filter(|(i, _)| *i == 0 || i % 4 == 1)
        .map(|(_, l)| l.to_string() + "\n")
        .collect();
    dir.file("half.csv", &half);
    let path = dir.file(
        "s.toml",
        &edit(
            &trace_toml(),
            "carrier = \"carrier-a\"\n\n[[traffic]]",
            "carrier = \"carrier-a\"\nmax_concurrent = 2\n\n[[traffic]]",
        ),
    );
    let set = "traffic[0].arrivals.file=calls.csv,half.csv";
    let run = callsim(&["sweep", path.to_str().unwrap(), "--set", set, "--format", "json", "--quiet"]);
    assert_ok(&run);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let points = json["sweep"].as_array().unwrap();
    let at = |i: usize, key: &str| points[i]["report"]["numbers"]["main"][key]["mean"].as_f64().unwrap();
    // A cap of 2: calls.csv has 3 calls at once, half.csv at most 2.
    assert_eq!(points[1]["set"]["traffic[0].arrivals.file"], "half.csv");
    assert_eq!((at(0, "offered"), at(1, "offered")), (40.0, 20.0));
    assert!(at(0, "blocked") > 0.0 && at(1, "blocked") == 0.0, "{}", run.stdout);
    let missing = callsim(&["sweep", path.to_str().unwrap(), "--set", "traffic[0].arrivals.file=nope.csv", "--quiet"]);
    super::support::assert_bad_input(&missing, &["`traffic[0].arrivals.file`", "cannot read trace"]);
}
