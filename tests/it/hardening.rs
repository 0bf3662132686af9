//! Hardening (issue 20): output files that are not regular files, limits
//! the engine holds, shard files as untrusted input, interrupts, and the
//! smaller messages. Every case runs the real binary, in a temporary folder
//! with a fifo and a symbolic link (never a real device).

use crate::support::{BASE, Dir, Run, assert_bad_input, assert_ok, callsim, callsim_in, edit};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().expect("run mkfifo");
    assert!(status.success(), "mkfifo {}", path.display());
}

fn is_fifo(path: &Path) -> bool {
    use std::os::unix::fs::FileTypeExt;
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_fifo())
}

/// Reads the fifo `path` to its end in a thread; the text arrives on the
/// channel (a writer that never opens it leaves the thread blocked, and the
/// test fails on the timeout instead of hanging).
fn read_fifo(path: &Path) -> mpsc::Receiver<String> {
    let (send, receive) = mpsc::channel();
    let path = path.to_path_buf();
    std::thread::spawn(move || {
        let mut text = String::new();
        if let Ok(mut f) = std::fs::File::open(&path) {
            let _ = f.read_to_string(&mut text);
        }
        let _ = send.send(text);
    });
    receive
}

/// `callsim ARGS` with standard output a pipe read by the test.
fn run_in(dir: &Dir, args: &[&str]) -> Run {
    callsim_in(dir.path(), args)
}

#[test]
fn output_through_a_symlink_replaces_the_target_and_keeps_the_link() {
    let dir = Dir::new();
    dir.file("base.toml", BASE);
    let real = dir.file("real.txt", "old report\n");
    let calls_real = dir.file("calls-real.csv", "old calls\n");
    std::os::unix::fs::symlink("real.txt", dir.path().join("link.txt")).unwrap();
    std::os::unix::fs::symlink(&calls_real, dir.path().join("calls.csv")).unwrap();
    let run = run_in(&dir, &["run", "base.toml", "-q", "-o", "link.txt", "--calls", "calls.csv"]);
    assert_ok(&run);
    for link in ["link.txt", "calls.csv"] {
        let meta = std::fs::symlink_metadata(dir.path().join(link)).unwrap();
        assert!(meta.file_type().is_symlink(), "{link} was replaced by a regular file");
    }
    let report = std::fs::read_to_string(&real).unwrap();
    assert!(report.contains("replication(s)"), "{report}");
    let calls = std::fs::read_to_string(&calls_real).unwrap();
    assert!(calls.starts_with("replication,arrival_s,"), "{calls}");
    assert_eq!(dir.entries(), ["base.toml", "calls-real.csv", "calls.csv", "link.txt", "real.txt"]);
}

#[test]
fn output_to_a_fifo_is_written_through_and_the_fifo_stays() {
    let dir = Dir::new();
    dir.file("base.toml", BASE);
    let fifo = dir.path().join("report.fifo");
    let calls = dir.path().join("calls.fifo");
    mkfifo(&fifo);
    mkfifo(&calls);
    let report = read_fifo(&fifo);
    let rows = read_fifo(&calls);
    let run = run_in(&dir, &["run", "base.toml", "-q", "-f", "json", "-o", "report.fifo", "--calls", "calls.fifo"]);
    assert_ok(&run);
    let timeout = Duration::from_secs(60);
    let report = report.recv_timeout(timeout).expect("the report never reached the fifo");
    let json: serde_json::Value = serde_json::from_str(&report).expect("the report through the fifo is JSON");
    assert_eq!(json["replications"], 2);
    let rows = rows.recv_timeout(timeout).expect("the calls never reached the fifo");
    assert!(rows.starts_with("replication,arrival_s,"), "{rows}");
    assert!(rows.lines().count() > 10, "{rows}");
    assert!(is_fifo(&fifo) && is_fifo(&calls), "a fifo was replaced");
    assert_eq!(dir.entries(), ["base.toml", "calls.fifo", "report.fifo"]);
}

#[test]
fn output_to_dev_stdout_reaches_standard_output() {
    let dir = Dir::new();
    dir.file("base.toml", BASE);
    // Standard output is a pipe to this test.
    let run = run_in(&dir, &["run", "base.toml", "-q", "-f", "json", "-o", "/dev/stdout"]);
    assert_ok(&run);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("the report on standard output");
    assert_eq!(json["scenario"], "base");
    let meta = std::fs::symlink_metadata("/dev/stdout").unwrap();
    assert!(!meta.file_type().is_file(), "/dev/stdout became a regular file");
}

#[test]
fn a_failed_write_to_standard_output_says_so() {
    let dir = Dir::new();
    dir.file("base.toml", BASE);
    // Standard output is a file that may not grow (a file size limit of 0,
    // with SIGXFSZ ignored): the write fails with "File too large".
    let script =
        format!("trap '' XFSZ; ulimit -f 0; exec '{}' run base.toml -q > out.txt", env!("CARGO_BIN_EXE_callsim"));
    let out = Command::new("sh").args(["-c", &script]).current_dir(dir.path()).stdin(Stdio::null()).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("standard output"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn limit_flags_beyond_the_engine_or_not_finite_are_refused() {
    let dir = Dir::new();
    let file = dir.file("base.toml", BASE);
    let file = file.to_str().unwrap();
    for (flag, value) in [
        ("--max-calls", "1e9"),
        ("--max-calls", "nan"),
        ("--max-calls", "inf"),
        ("--max-calls", "0"),
        ("--max-events", "1e15"),
        ("--max-events", "nan"),
        ("--max-events", "-0.5"),
    ] {
        let run = callsim(&["run", file, "-q", &format!("{flag}={value}")]);
        assert_bad_input(&run, &[flag, "the engine's limit"]);
    }
    // The largest values allowed are accepted.
    assert_ok(&callsim(&["run", file, "-q", "--max-calls", "1.6e7", "--max-events", "1e12"]));
}

#[test]
fn calls_in_progress_are_estimated_within_number_caps() {
    // 4e8 calls/h x 3 min = 2e7 Erlangs offered to a DID capped at 100 (its
    // default) on 1e8 channels: at most 100 calls in progress, so the guard
    // lets it run.
    let text =
        edit(&edit(BASE, "calls_per_hour = 100", "calls_per_hour = 4e8"), "channels = 10", "channels = 100000000");
    let dir = Dir::new();
    let file = dir.file("capped.toml", &text);
    let run = callsim(&["run", file.to_str().unwrap(), "-q", "--horizon", "100ms", "-r", "1", "-f", "json"]);
    assert_ok(&run);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert!(json["numbers"]["main"]["peak_concurrency"]["mean"].as_f64().unwrap() <= 100.0);
    // Without a cap (a toll-free number), the same load is refused before it
    // can reach the engine's limit of 16,777,215 calls in progress.
    let text =
        edit(&text, "type = \"did\"\ncarrier = \"carrier-a\"", "type = \"toll-free\"\ncarriers = [\"carrier-a\"]");
    let file = dir.file("uncapped.toml", &text);
    let run = callsim(&["run", file.to_str().unwrap(), "-q", "--horizon", "100ms", "-r", "1"]);
    assert_bad_input(&run, &["uncapped.toml", "calls in progress", "--max-calls"]);
}

#[test]
fn horizon_with_an_exponent_says_exponents_are_not_accepted() {
    let dir = Dir::new();
    let file = dir.file("base.toml", BASE);
    let run = callsim(&["run", file.to_str().unwrap(), "-q", "--horizon", "1e400d"]);
    assert_bad_input(&run, &["--horizon", "exponents", "are not accepted"]);
    assert!(!run.stderr.contains("unknown unit"), "{}", run.stderr);
}

/// A shard file of BASE with 3 replications, as `run --shard 0/1` writes it.
fn shard_json(dir: &Dir) -> serde_json::Value {
    dir.file("base.toml", BASE);
    assert_ok(&run_in(dir, &["run", "base.toml", "-q", "-r", "3", "--shard", "0/1", "-f", "json", "-o", "part.json"]));
    serde_json::from_str(&std::fs::read_to_string(dir.path().join("part.json")).unwrap()).unwrap()
}

/// Merges `shard` written to `edited.json`.
fn merge_edited(dir: &Dir, shard: &serde_json::Value) -> Run {
    let path: PathBuf = dir.path().join("edited.json");
    std::fs::write(&path, serde_json::to_string(shard).unwrap()).unwrap();
    run_in(dir, &["merge", "edited.json"])
}

/// An edit of a shard file, and what the refusal must say.
type ShardEdit = (fn(&mut serde_json::Value), &'static [&'static str]);

/// Each edit of `good`, merged alone, is refused as bad input naming
/// `edited.json` and its needles.
#[track_caller]
fn refused_edits(dir: &Dir, good: &serde_json::Value, cases: &[ShardEdit]) {
    for (i, (change, needles)) in cases.iter().enumerate() {
        let mut shard = good.clone();
        change(&mut shard);
        let run = merge_edited(dir, &shard);
        let mut all = vec!["edited.json"];
        all.extend_from_slice(needles);
        assert_eq!(run.code, Some(2), "case {i}: {}", run.stderr);
        assert_bad_input(&run, &all);
    }
}

#[test]
fn merge_refuses_edited_shards_naming_the_file_and_the_field() {
    let dir = Dir::new();
    let good = shard_json(&dir);
    assert_ok(&merge_edited(&dir, &good));
    let cases: [ShardEdit; 14] = [
        (|s| s["outcomes"][0]["numbers"] = serde_json::json!([]), &["`outcomes[0].numbers`", "1 number(s)"]),
        (|s| s["outcomes"][1]["links"] = serde_json::json!([]), &["`outcomes[1].links`", "1 link(s)"]),
        (|s| s["settings"]["replications"] = 0.into(), &["`settings.replications`", "from 1"]),
        (|s| s["settings"]["horizon_s"] = (-5.0).into(), &["`settings.horizon_s`", "> 0"]),
        (|s| s["settings"]["horizon_s"] = 0.0.into(), &["`settings.horizon_s`", "> 0"]),
        (|s| s["settings"]["warmup_s"] = 1e300.into(), &["`settings.warmup_s`", "1e12"]),
        (|s| s["indices"] = serde_json::json!([0, 1, 5]), &["`indices`", "0..=2"]),
        (|s| s["shard"]["index"] = 3.into(), &["`shard`", "index < count"]),
        (|s| s["callsim_shard"] = 99.into(), &["`callsim_shard`", "format 99"]),
        (|s| s["outcomes"][0]["numbers"][0]["offered"] = u64::MAX.into(), &["`outcomes[0].numbers[0].offered`"]),
        (
            |s| s["outcomes"][2]["numbers"][0]["completed"] = 1_000_000.into(),
            &["`outcomes[2].numbers[0].offered`", "conserved"],
        ),
        (|s| s["outcomes"][0]["numbers"][0]["availability"] = 1.5.into(), &["`outcomes[0].numbers[0].availability`"]),
        (
            |s| s["outcomes"][0]["links"][0]["peak_busy"] = 11.into(),
            &["`outcomes[0].links[0].peak_busy`", "channels (10)"],
        ),
        (|s| s["outcomes"].as_array_mut().unwrap().truncate(2), &["`outcomes`", "one per index"]),
    ];
    refused_edits(&dir, &good, &cases);
    // The embedded scenario is validated, and the error names the shard file.
    let mut shard = good.clone();
    shard["scenario_toml"] = edit(BASE, "channels = 10", "channels = -3").into();
    assert_bad_input(&merge_edited(&dir, &shard), &["edited.json", "`scenario_toml`", "channels"]);
}

#[test]
fn merge_refuses_edited_queue_outcomes() {
    // BASE's traffic answered by a queue of 2 agents with impatient callers.
    let queued = edit(
        &edit(BASE, "holding = { kind = \"exponential\", mean = \"3m\" }\n", "queue = \"q\"\n"),
        "[[traffic]]",
        "[[queue]]\nname = \"q\"\nagents = 2\nhandle = { kind = \"exponential\", mean = \"3m\" }\n\
         patience = { kind = \"exponential\", mean = \"1m\" }\n\n[[traffic]]",
    );
    let dir = Dir::new();
    dir.file("queued.toml", &queued);
    assert_ok(&run_in(
        &dir,
        &["run", "queued.toml", "-q", "-r", "3", "--shard", "0/1", "-f", "json", "-o", "part.json"],
    ));
    let good: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("part.json")).unwrap()).unwrap();
    assert!(good["outcomes"][0]["queues"][0]["entered"].as_u64().unwrap() > 0, "the queue took calls");
    assert_ok(&merge_edited(&dir, &good));
    let cases: [ShardEdit; 5] = [
        (|s| s["outcomes"][0]["queues"] = serde_json::json!([]), &["`outcomes[0].queues`", "1 queue(s)"]),
        (|s| s["outcomes"][1]["queues"][0]["entered"] = 0.into(), &["`outcomes[1].queues[0].offered`", "must agree"]),
        (
            |s| s["outcomes"][0]["queues"][0]["abandoned"] = 1_000_000.into(),
            &["`outcomes[0].queues[0].entered`", "must agree"],
        ),
        (|s| s["outcomes"][2]["queues"][0]["wait_s"] = (-1.0).into(), &["`outcomes[2].queues[0].wait_s`", ">= 0"]),
        (
            |s| s["outcomes"][0]["queues"][0]["waits_within"][15]["calls"] = 0.into(),
            &["`outcomes[0].queues[0].waits_within[15]`", "never fall"],
        ),
    ];
    refused_edits(&dir, &good, &cases);
}

#[test]
fn sigint_stops_the_run_removes_temporaries_and_exits_130() {
    let dir = Dir::new();
    // Some seconds of simulation, then 14 million call records (30 days of 20,000 calls/h).
    let text =
        edit(&edit(BASE, "calls_per_hour = 100", "calls_per_hour = 20000"), "horizon = \"1h\"", "horizon = \"30d\"");
    dir.file("long.toml", &text);
    let child = Command::new(env!("CARGO_BIN_EXE_callsim"))
        .args(["run", "long.toml", "-q", "-r", "1", "--calls", "calls.csv", "-o", "report.txt"])
        .current_dir(dir.path())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start callsim");
    // Wait until the call records' temporary file exists and grows.
    let t0 = Instant::now();
    let temporary = || dir.entries().into_iter().find(|e| e.starts_with(".calls.csv.callsim-") && e.ends_with(".tmp"));
    loop {
        if let Some(tmp) = temporary()
            && std::fs::metadata(dir.path().join(&tmp)).is_ok_and(|m| m.len() > 100_000)
        {
            break;
        }
        assert!(t0.elapsed() < Duration::from_secs(60), "no temporary file appeared: {:?}", dir.entries());
        std::thread::sleep(Duration::from_millis(20));
    }
    let status = Command::new("kill").args(["-INT", &child.id().to_string()]).status().expect("run kill");
    assert!(status.success());
    let out = child.wait_with_output().expect("wait for callsim");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(130), "{stderr}");
    assert!(stderr.contains("interrupted (SIGINT)"), "{stderr}");
    assert!(stderr.contains("1 temporary file(s) removed"), "{stderr}");
    assert!(out.stdout.is_empty());
    assert_eq!(dir.entries(), ["long.toml"], "debris left");
}
