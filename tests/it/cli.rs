//! The command line on good input: validate, run, formats, output files,
//! determinism.

use crate::support::{BASE, Dir, assert_bad_input, assert_ok, callsim, callsim_in, edit};
use std::ffi::OsStr;
use std::path::PathBuf;

fn bundled_scenarios() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("scenarios/")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension() == Some(OsStr::new("toml")))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no scenario in {}", dir.display());
    files
}

#[test]
fn every_bundled_scenario_validates_with_a_one_line_summary() {
    for file in bundled_scenarios() {
        let run = callsim(&["validate".as_ref(), file.as_os_str()]);
        assert_ok(&run);
        assert_eq!(run.stdout.lines().count(), 1, "{}", run.stdout);
        assert!(run.stdout.starts_with("ok: "), "{}", run.stdout);
        assert!(run.stdout.contains(&file.display().to_string()), "{}", run.stdout);
        assert!(run.stderr.is_empty(), "{}", run.stderr);
    }
}

#[test]
fn run_without_a_scenario_runs_the_bundled_default_from_any_folder() {
    // A folder without scenarios/ in it: the default is embedded in the binary.
    let dir = Dir::new();
    let run = callsim_in(dir.path(), &["run", "--horizon", "1h", "--replications", "2"]);
    assert_ok(&run);
    assert!(run.stdout.contains("toll-free vs DID bank"), "{}", run.stdout);
    assert!(run.stdout.contains("2 replication(s)"), "{}", run.stdout);
    assert!(run.stdout.contains("support-800"), "{}", run.stdout);
    assert!(dir.entries().is_empty(), "run wrote files: {:?}", dir.entries());
}

fn json_of(args: &[&OsStr]) -> serde_json::Value {
    let mut all: Vec<&OsStr> = vec!["run".as_ref()];
    all.extend_from_slice(args);
    all.extend(["--format", "json"].map(OsStr::new));
    let run = callsim(&all);
    assert_ok(&run);
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("not JSON: {e}\n{}", run.stdout))
}

/// A statistic over replications: `{"mean": m, "ci95": h}` with h >= 0.
#[track_caller]
fn assert_stat(v: &serde_json::Value, what: &str) {
    let mean = v["mean"].as_f64();
    let ci95 = v["ci95"].as_f64();
    assert!(mean.is_some_and(f64::is_finite), "{what}.mean: {v}");
    assert!(ci95.is_some_and(|h| h.is_finite() && h >= 0.0), "{what}.ci95: {v}");
}

#[test]
fn json_output_has_the_contract_keys() {
    let json = json_of(&["--horizon", "1h", "--replications", "2", "--seed", "99"].map(OsStr::new));
    assert_eq!(json["scenario"], "toll-free vs DID bank");
    assert_eq!(json["seed"], 99);
    assert_eq!(json["replications"], 2);
    assert_eq!(json["horizon_s"], 3600.0);
    assert!(json["events"].as_u64().is_some_and(|e| e > 0), "events: {}", json["events"]);

    let numbers = json["numbers"].as_object().expect("numbers is an object");
    let mut names: Vec<&str> = numbers.keys().map(String::as_str).collect();
    names.sort();
    assert_eq!(names, ["did-1", "did-2", "did-3", "did-4", "support-800"]);
    for (name, n) in numbers {
        for key in [
            "offered",
            "completed",
            "blocked",
            "dropped",
            "blocking_probability",
            "availability",
            "saturation",
            "mean_concurrency",
            "peak_concurrency",
        ] {
            assert_stat(&n[key], &format!("numbers.{name}.{key}"));
        }
        for cause in ["number_cap", "instance_quota", "no_route", "link_capacity"] {
            assert_stat(&n["blocked_by"][cause], &format!("numbers.{name}.blocked_by.{cause}"));
        }
        let p = n["blocking_probability"]["mean"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&p), "{name}: blocking {p}");
    }

    let links = json["links"].as_object().expect("links is an object");
    assert_eq!(links.len(), 6);
    assert!(links.contains_key("carrier-a/az1"), "{:?}", links.keys());
    for (name, l) in links {
        assert_stat(&l["utilization"], &format!("links.{name}.utilization"));
        assert_stat(&l["availability"], &format!("links.{name}.availability"));
    }
}

#[test]
fn json_counts_add_up_for_a_small_scenario() {
    let dir = Dir::new();
    let file = dir.file("base.toml", BASE);
    let json = json_of(&[file.as_os_str()]);
    assert_eq!(json["scenario"], "base");
    assert_eq!(json["seed"], 7);
    assert_eq!(json["replications"], 2);
    let n = &json["numbers"]["main"];
    // 100 calls/h x 3 min = 5 Erlangs on a cap of 100: nothing is blocked,
    // and about 100 calls arrive in the hour.
    let offered = n["offered"]["mean"].as_f64().unwrap();
    assert!((50.0..150.0).contains(&offered), "offered {offered}");
    assert_eq!(n["blocked"]["mean"], 0.0);
    assert_eq!(n["availability"]["mean"], 1.0);
}

#[test]
fn csv_output_has_the_tidy_header() {
    let dir = Dir::new();
    let file = dir.file("base.toml", BASE);
    let run = callsim(&["run".as_ref(), file.as_os_str(), "--format".as_ref(), "csv".as_ref()]);
    assert_ok(&run);
    let mut lines = run.stdout.lines();
    assert_eq!(lines.next(), Some("section,name,metric,mean,ci95"));
    let rows: Vec<&str> = lines.collect();
    assert!(rows.len() > 10, "{}", run.stdout);
    for row in rows {
        assert_eq!(row.split(',').count(), 5, "row {row:?}");
    }
}

#[test]
fn output_writes_the_file_and_prints_nothing() {
    let dir = Dir::new();
    let file = dir.file("base.toml", BASE);
    let out = dir.path().join("report.json");
    let run = callsim(&[
        "run".as_ref(),
        file.as_os_str(),
        "--format".as_ref(),
        "json".as_ref(),
        "--output".as_ref(),
        out.as_os_str(),
    ]);
    assert_ok(&run);
    assert!(run.stdout.is_empty(), "stdout: {}", run.stdout);
    let written = std::fs::read_to_string(&out).expect("the report file");
    let to_stdout = callsim(&["run".as_ref(), file.as_os_str(), "--format".as_ref(), "json".as_ref()]);
    assert_eq!(written, to_stdout.stdout, "the file holds the same report");
    assert_eq!(dir.entries(), ["base.toml", "report.json"], "no temporary file left");
}

#[test]
fn output_into_a_missing_folder_is_refused_and_writes_nothing() {
    let dir = Dir::new();
    let file = dir.file("base.toml", BASE);
    let out = dir.path().join("no-such-folder").join("report.json");
    let run = callsim(&["run".as_ref(), file.as_os_str(), "--output".as_ref(), out.as_os_str()]);
    assert_bad_input(&run, &["--output", &out.display().to_string(), "cannot write"]);
    assert!(!out.exists());
    assert_eq!(dir.entries(), ["base.toml"]);
}

#[test]
fn output_onto_a_folder_is_refused() {
    let dir = Dir::new();
    let file = dir.file("base.toml", BASE);
    let run = callsim(&["run".as_ref(), file.as_os_str(), "--output".as_ref(), dir.path().as_os_str()]);
    assert_bad_input(&run, &["--output", "is a directory"]);
    assert_eq!(dir.entries(), ["base.toml"]);
}

#[test]
fn a_failing_run_leaves_no_output_and_no_temporary_file() {
    let dir = Dir::new();
    let bad = dir.file("bad.toml", &edit(BASE, "channels = 10", "channels = 0"));
    let good = dir.file("good.toml", BASE);
    let out = dir.path().join("report.csv");
    // A bad scenario, then bad arguments on a good scenario.
    let cases: [Vec<&OsStr>; 3] = [
        vec!["run".as_ref(), bad.as_os_str()],
        vec!["run".as_ref(), good.as_os_str(), "--horizon".as_ref(), "0s".as_ref()],
        vec!["run".as_ref(), good.as_os_str(), "--replications".as_ref(), "0".as_ref()],
    ];
    for mut args in cases {
        args.extend(["--format".as_ref(), "csv".as_ref(), "--output".as_ref(), out.as_os_str()]);
        let run = callsim(&args);
        assert_eq!(run.code, Some(2), "{}", run.stderr);
        assert!(run.stdout.is_empty());
        assert_eq!(dir.entries(), ["bad.toml", "good.toml"], "after {args:?}");
    }
    // A report from an earlier run is left as it was, not truncated.
    std::fs::write(&out, "earlier report\n").unwrap();
    let run = callsim(&["run".as_ref(), bad.as_os_str(), "--output".as_ref(), out.as_os_str()]);
    assert_eq!(run.code, Some(2));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "earlier report\n");
    assert_eq!(dir.entries(), ["bad.toml", "good.toml", "report.csv"]);
}

#[test]
fn the_same_seed_gives_byte_identical_json() {
    let dir = Dir::new();
    let file = dir.file("base.toml", BASE);
    let json = |seed: &str| {
        let run = callsim(&[
            "run".as_ref(),
            file.as_os_str(),
            "--seed".as_ref(),
            seed.as_ref(),
            "--format".as_ref(),
            "json".as_ref(),
        ]);
        assert_ok(&run);
        run.stdout
    };
    let first = json("42");
    assert_eq!(first, json("42"), "same seed, same bytes");
    assert_ne!(first, json("43"), "another seed draws other calls");
}

#[test]
fn the_default_run_is_reproducible_too() {
    let args = ["run", "--horizon", "30m", "--replications", "2", "--format", "json"];
    let a = callsim(&args);
    let b = callsim(&args);
    assert_ok(&a);
    assert_eq!(a.stdout, b.stdout);
}

#[test]
fn help_and_version_exit_zero() {
    let run = callsim(&["--help"]);
    assert_ok(&run);
    assert!(run.stdout.contains("validate"), "{}", run.stdout);
    let run = callsim(&["run", "--help"]);
    assert_ok(&run);
    assert!(run.stdout.contains("--format"), "{}", run.stdout);
    let run = callsim(&["--version"]);
    assert_ok(&run);
    assert!(run.stdout.starts_with("callsim "), "{}", run.stdout);
}
