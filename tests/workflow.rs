//! The architect's workflow (issue #19), through the real `callsim` binary:
//! a toll-free number on two carriers against a 12-DID hunt-group bank of
//! the same name on one, sized, compared and swept; starting points and
//! errors on generated input.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// 1,500 calls an hour at 5 minutes: 125 Erlangs to `support`, offered to
/// a toll-free number over two carriers (4 links of 100 channels, cap 150).
const TOLLFREE: &str = r#"name = "toll-free on two carriers"

[simulation]
horizon = "2d"
warmup = "1h"
replications = 6
seed = 2026

[[az]]
name = "az1"

[[az]]
name = "az2"

[[carrier]]
name = "carrier-a"
mtbf = "90d"
mttr = "4h"

[[carrier]]
name = "carrier-b"
mtbf = "90d"
mttr = "4h"

[[link]]
carrier = "carrier-a"
az = "az1"
channels = 100

[[link]]
carrier = "carrier-a"
az = "az2"
channels = 100

[[link]]
carrier = "carrier-b"
az = "az1"
channels = 100

[[link]]
carrier = "carrier-b"
az = "az2"
channels = 100

[[number]]
name = "support"
type = "toll-free"
carriers = ["carrier-a", "carrier-b"]
max_concurrent = 150

[[traffic]]
number = "support"
arrivals = { kind = "poisson", calls_per_hour = 1500 }
holding = { kind = "exponential", mean = "5m" }
"#;

/// The same callers on a bank of 12 DIDs capped at 12 (144 lines), a hunt
/// group on carrier-a alone.
const BANK: &str = r#"name = "12 DIDs on one carrier"

[simulation]
horizon = "2d"
warmup = "1h"
replications = 6
seed = 2026

[[az]]
name = "az1"

[[az]]
name = "az2"

[[carrier]]
name = "carrier-a"
mtbf = "90d"
mttr = "4h"

[[link]]
carrier = "carrier-a"
az = "az1"
channels = 100

[[link]]
carrier = "carrier-a"
az = "az2"
channels = 100

[[number]]
name = "support"
type = "did"
carrier = "carrier-a"
count = 12
max_concurrent = 12

[[traffic]]
number = "support"
arrivals = { kind = "poisson", calls_per_hour = 1500 }
holding = { kind = "exponential", mean = "5m" }
spread = "hunt"
"#;

struct Dir(tempfile::TempDir);

impl Dir {
    fn new() -> Dir {
        Dir(tempfile::Builder::new().prefix("callsim-workflow-").tempdir().expect("a temporary folder"))
    }

    fn path(&self) -> &Path {
        self.0.path()
    }

    fn file(&self, name: &str, text: &str) -> PathBuf {
        let path = self.path().join(name);
        std::fs::write(&path, text).expect("write a scenario");
        path
    }
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn callsim_in(dir: &Path, args: &[&str]) -> Run {
    let out: Output =
        Command::new(env!("CARGO_BIN_EXE_callsim")).args(args).current_dir(dir).output().expect("run callsim");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[track_caller]
fn ok(r: &Run) {
    assert_eq!(r.code, 0, "stdout:\n{}\nstderr:\n{}", r.stdout, r.stderr);
}

#[track_caller]
fn refused(r: &Run, needles: &[&str]) {
    assert_eq!(r.code, 2, "stdout:\n{}\nstderr:\n{}", r.stdout, r.stderr);
    assert!(r.stdout.is_empty(), "no report on bad input: {}", r.stdout);
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    for n in needles {
        assert!(r.stderr.contains(n), "{n:?} not in:\n{}", r.stderr);
    }
}

/// The line of `text` starting with `prefix`.
fn line<'a>(text: &'a str, prefix: &str) -> &'a str {
    text.lines().find(|l| l.starts_with(prefix)).unwrap_or_else(|| panic!("no line {prefix:?} in:\n{text}"))
}

#[test]
fn size_sizes_a_bank_by_its_count_and_by_each_dids_cap() {
    let dir = Dir::new();
    dir.file("did.toml", BANK);
    // The hunt group is one pool of count x cap lines for 125 Erlangs:
    // Erlang B needs 144 lines for 1% (B(144, 125) = 0.95%, B(143) = 1.06%),
    // 12 DIDs of 12; 11 DIDs (132 lines, B = 3.9%) miss it.
    let r = callsim_in(
        dir.path(),
        &["size", "did.toml", "--number", "support", "--vary", "count", "--target-blocking", "0.01", "-q"],
    );
    ok(&r);
    let head = r.stdout.lines().nth(1).expect("the answer leads");
    assert!(head.starts_with("Answer: count = 12 DIDs (cap 12 each: 144 calls in all)"), "{}", r.stdout);
    assert!(head.contains("count = 11 was shown to miss it"), "{}", r.stdout);
    assert!(r.stdout.contains("callsim size: count of bank \"support\""), "{}", r.stdout);
    // Each DID's cap, with the bank's total said.
    let r = callsim_in(
        dir.path(),
        &["size", "did.toml", "--number", "support", "--vary", "cap", "--target-blocking", "0.01", "-q"],
    );
    ok(&r);
    assert!(
        line(&r.stdout, "Answer: ").starts_with("Answer: cap = 12 per DID (12 DIDs: 144 calls in all)"),
        "{}",
        r.stdout
    );
    let json = callsim_in(
        dir.path(),
        &[
            "size",
            "did.toml",
            "--number",
            "support",
            "--vary",
            "count",
            "--target-blocking",
            "0.01",
            "-q",
            "-f",
            "json",
        ],
    );
    ok(&json);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(
        (v["subject"].as_str(), v["answer"].as_u64(), v["decided"].as_bool()),
        (Some("bank"), Some(12), Some(true))
    );
    // A DID of the bank is not sized alone; a count only for a bank.
    refused(
        &callsim_in(dir.path(), &["size", "did.toml", "--number", "support-3", "--target-blocking", "0.01", "-q"]),
        &["\"support-3\" is a DID of bank \"support\""],
    );
    dir.file("tollfree.toml", TOLLFREE);
    refused(
        &callsim_in(
            dir.path(),
            &["size", "tollfree.toml", "--number", "support", "--vary", "count", "--target-blocking", "0.01", "-q"],
        ),
        &["--vary count", "not a DID bank"],
    );
    refused(
        &callsim_in(dir.path(), &["size", "did.toml", "--number", "sales", "--target-blocking", "0.01", "-q"]),
        &["--number sales", "\"support\" (a bank of 12 DIDs)"],
    );
}

#[test]
fn size_says_capacity_per_link_and_in_all_and_detects_unreachable_targets() {
    let dir = Dir::new();
    dir.file("tollfree.toml", TOLLFREE);
    dir.file("did.toml", BANK);
    // Channels are set alike on the number's 4 links.
    let r = callsim_in(
        dir.path(),
        &["size", "tollfree.toml", "--number", "support", "--vary", "channels", "--target-blocking", "0.01", "-q"],
    );
    ok(&r);
    let answer = line(&r.stdout, "Answer: ");
    assert!(answer.contains(" per link (4 links: "), "{answer}");
    assert!(answer.contains(" channels in all)"), "{answer}");
    // The bank hangs on carrier-a alone: up 90d / (90d + 4h) = 99.8152%
    // of the time whatever its capacity, so 99.999% is unreachable, said
    // at 2 replications as at 100 (from the exact route structure).
    for reps in ["2", "6"] {
        let r = callsim_in(
            dir.path(),
            &["size", "did.toml", "--number", "support", "--target-availability", "0.99999", "-r", reps, "-q"],
        );
        ok(&r);
        let answer = line(&r.stdout, "Answer: ");
        assert!(answer.starts_with("Answer: unreachable: the availability of \"support\" is 99.81"), "{answer}");
        assert!(!r.stdout.contains("Answer: cap = 1"), "{}", r.stdout);
    }
    // A target the route structure meets is met at any capacity: no cap is
    // claimed from an interval.
    let r = callsim_in(dir.path(), &["size", "did.toml", "--number", "support", "--target-availability", "0.99", "-q"]);
    ok(&r);
    assert!(
        line(&r.stdout, "Answer: ").starts_with("Answer: any cap: the availability target is met whatever"),
        "{}",
        r.stdout
    );
}

#[test]
fn size_that_cannot_decide_says_how_many_replications_would() {
    // One DID at 84.06 Erlangs, target 0.9992% (B(100, 84.06) = 0.99917%):
    // 100 lies a hair from the target, which 2 replications of a day
    // cannot decide; the answer says so and how many would.
    let dir = Dir::new();
    let text = BANK
        .replace("count = 12\nmax_concurrent = 12", "max_concurrent = 100")
        .replace("spread = \"hunt\"\n", "")
        .replace("calls_per_hour = 1500", "calls_per_hour = 1008.72")
        .replace("horizon = \"2d\"", "horizon = \"1d\"")
        .replace("mtbf = \"90d\"\nmttr = \"4h\"\n", "");
    dir.file("one.toml", &text);
    let r = callsim_in(
        dir.path(),
        &["size", "one.toml", "--number", "support", "--target-blocking", "0.0099917", "-r", "2", "-q", "-f", "json"],
    );
    ok(&r);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["decided"], false, "{}", r.stdout);
    let n = v["replications_to_decide"].as_u64().expect("an estimate");
    assert!(n > 16, "more than the 8x tried: {n}");
    let t = callsim_in(
        dir.path(),
        &["size", "one.toml", "--number", "support", "--target-blocking", "0.0099917", "-r", "2", "-q"],
    );
    ok(&t);
    assert!(t.stdout.contains(&format!("Not decided: about {n} replications would decide it")), "{}", t.stdout);
}

#[test]
fn compare_sets_the_toll_free_number_against_the_bank_of_its_name() {
    let dir = Dir::new();
    dir.file("tollfree.toml", TOLLFREE);
    dir.file("did.toml", BANK);
    let r = callsim_in(dir.path(), &["compare", "tollfree.toml", "did.toml", "-q"]);
    ok(&r);
    // One row per number or bank, none per DID.
    assert!(!r.stdout.contains("support-1 "), "{}", r.stdout);
    let blocking = line(&r.stdout, "support  blocking (%)");
    assert!(blocking.ends_with("(12 DIDs)"), "{blocking}");
    // The paired differences set the bank against the number.
    let diff = line(&r.stdout, "did.toml  bank     support        blocking (%)");
    assert!(diff.ends_with("yes"), "the bank blocks more (B(144, 125) = 0.95% against ~0.3%): {diff}");
    let json = callsim_in(dir.path(), &["compare", "tollfree.toml", "did.toml", "-q", "-f", "json"]);
    ok(&json);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let bank_rows = (v["differences"].as_array().unwrap().iter())
        .filter(|d| d["section"] == "bank" && d["name"] == "support")
        .count();
    assert_eq!(bank_rows, 9, "every number metric of the bank against the number");
    let bank = &v["designs"][1]["report"]["banks"]["support"];
    assert_eq!(bank["total_max_concurrent"], 144);
    assert!((bank["offered_erlangs"].as_f64().unwrap() - 125.0).abs() < 1e-9);
    // --target-ci decides, and says so.
    let r = callsim_in(
        dir.path(),
        &["compare", "tollfree.toml", "did.toml", "-q", "--target-ci", "0.1", "--max-replications", "24"],
    );
    ok(&r);
    assert!(r.stdout.contains("--target-ci 0.1: every decision metric decided"), "{}", r.stdout);
    refused(
        &callsim_in(dir.path(), &["compare", "tollfree.toml", "did.toml", "-q", "--target-ci", "0"]),
        &["--target-ci", "> 0"],
    );
}

#[test]
fn a_two_setting_sweep_has_bank_rows_and_a_curve_per_value_of_the_other_setting() {
    let dir = Dir::new();
    dir.file("did.toml", BANK);
    let args = [
        "sweep",
        "did.toml",
        "--set",
        "traffic[0].arrivals.calls_per_hour=900,1200,1500",
        "--set",
        "number[0].count=10,12",
        "-q",
        "-r",
        "3",
    ];
    let r = callsim_in(dir.path(), &args);
    ok(&r);
    assert!(!r.stdout.contains("support-1 "), "{}", r.stdout);
    // The hunt group's load is the bank's: 1,500/h x 5 min = 125 Erlangs.
    let row = r.stdout.lines().find(|l| l.contains("1500") && l.contains("support (12 DIDs)")).expect("a bank row");
    assert!(row.contains("125.00"), "{row}");
    let html = callsim_in(dir.path(), &[&args[..], &["-f", "html"]].concat());
    ok(&html);
    for value in ["number[0].count=10", "number[0].count=12"] {
        assert_eq!(html.stdout.matches(&format!("support (bank), {value}")).count(), 1, "one legend entry for {value}");
    }
}

#[test]
fn init_and_example_write_templates_and_keep_existing_files() {
    let dir = Dir::new();
    let r = callsim_in(dir.path(), &["init"]);
    ok(&r);
    let written = std::fs::read_to_string(dir.path().join("scenario.toml")).unwrap();
    assert_eq!(written, callsim::scenario::DEFAULT_SCENARIO_TOML);
    ok(&callsim_in(dir.path(), &["validate", "scenario.toml"]));
    refused(&callsim_in(dir.path(), &["init"]), &["scenario.toml", "exists", "--force"]);
    ok(&callsim_in(dir.path(), &["init", "--force"]));
    let list = callsim_in(dir.path(), &["example"]);
    ok(&list);
    for (name, _) in callsim::scenario::BUNDLED {
        assert!(list.stdout.contains(name), "{name} listed");
        ok(&callsim_in(dir.path(), &["example", name]));
        ok(&callsim_in(dir.path(), &["validate", &format!("{name}.toml")]));
    }
    refused(&callsim_in(dir.path(), &["example", "nope"]), &["\"nope\"", "busy-week"]);
    refused(&callsim_in(dir.path(), &["example", "busy-week"]), &["exists"]);
}

#[test]
fn a_toll_free_number_on_one_carrier_warns_and_number_errors_are_clear() {
    let dir = Dir::new();
    let single = TOLLFREE.replace("carriers = [\"carrier-a\", \"carrier-b\"]", "carrier = \"carrier-a\"");
    dir.file("single.toml", &single);
    let r = callsim_in(dir.path(), &["validate", "single.toml"]);
    ok(&r);
    assert!(
        r.stderr.contains("warning: single.toml: `number[0]` (\"support\") is toll-free with a single carrier"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("no carrier redundancy"), "{}", r.stderr);
    let r = callsim_in(dir.path(), &["run", "single.toml", "-q", "-r", "2", "--horizon", "1h"]);
    ok(&r);
    assert!(r.stderr.contains("no carrier redundancy"), "{}", r.stderr);
    // Two carriers: no warning. The alias `tollfree` is the same type.
    let r = callsim_in(
        dir.path(),
        &["validate", dir.file("alias.toml", &TOLLFREE.replace("\"toll-free\"", "\"tollfree\"")).to_str().unwrap()],
    );
    ok(&r);
    assert!(!r.stderr.contains("warning"), "{}", r.stderr);
    // A missing type lists what is allowed.
    dir.file("untyped.toml", &TOLLFREE.replace("type = \"toll-free\"\n", ""));
    refused(
        &callsim_in(dir.path(), &["validate", "untyped.toml"]),
        &["`number[0]`", "missing field `type`", "\"toll-free\"", "\"did\""],
    );
    // count on a toll-free number: one error, not a cascade into the traffic.
    dir.file("counted.toml", &TOLLFREE.replace("max_concurrent = 150", "max_concurrent = 150\ncount = 3"));
    let r = callsim_in(dir.path(), &["validate", "counted.toml"]);
    refused(&r, &["1 problem(s)", "`number[0].count`", "banks are of DIDs"]);
    assert!(!r.stderr.contains("traffic[0]"), "{}", r.stderr);
}

#[test]
fn sweep_errors_name_the_setting_not_the_generated_text() {
    let dir = Dir::new();
    dir.file("tollfree.toml", TOLLFREE);
    let r = callsim_in(dir.path(), &["sweep", "tollfree.toml", "--set", "nonsense=1", "-q"]);
    refused(&r, &["--set nonsense=1", "unknown field `nonsense`"]);
    assert!(!r.stderr.contains("tollfree.toml:2:"), "no line of the generated text: {}", r.stderr);
    let r = callsim_in(
        dir.path(),
        &[
            "sweep",
            "tollfree.toml",
            "--set",
            "traffic[0].arrivals.calls_per_hour=100,200",
            "--set",
            "number[0].carriers=x",
            "-q",
        ],
    );
    refused(&r, &["--set number[0].carriers=x", "`number[0].carriers`", "expected a sequence"]);
    assert!(!r.stderr.contains("calls_per_hour=100"), "only the culprit: {}", r.stderr);
    assert!(!r.stderr.contains("tollfree.toml:"), "no line of the generated text: {}", r.stderr);
}

#[test]
fn threads_zero_is_refused_and_long_runs_are_announced() {
    let dir = Dir::new();
    dir.file("tollfree.toml", TOLLFREE);
    refused(&callsim_in(dir.path(), &["run", "tollfree.toml", "--threads", "0", "-q"]), &["--threads", "at least 1"]);
    // 1,500 calls an hour for 100,000 days: 3.6e9 calls, 7.2e9 events per
    // replication, hours at any speed. The note comes before the run; the
    // test reads it and stops the run.
    let mut child = Command::new(env!("CARGO_BIN_EXE_callsim"))
        .args(["run", "tollfree.toml", "--horizon", "100000d", "-r", "2", "-q"])
        .current_dir(dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start callsim");
    let mut first = String::new();
    BufReader::new(child.stderr.take().unwrap()).read_line(&mut first).unwrap();
    child.kill().expect("stop the run");
    child.wait().unwrap();
    assert!(first.starts_with("note: about 1.44e10 events in all (2 replication(s))"), "{first}");
    assert!(first.contains("the progress bar shows the ETA"), "{first}");
}

#[test]
fn new_answers_do_not_depend_on_the_thread_count() {
    // Carriers failing every 3 days: the dropped calls and availability
    // differ noisily, so --target-ci 0.01 doubles the replications to its cap.
    let dir = Dir::new();
    dir.file("tollfree.toml", &TOLLFREE.replace("mtbf = \"90d\"", "mtbf = \"3d\""));
    dir.file("did.toml", &BANK.replace("mtbf = \"90d\"", "mtbf = \"3d\""));
    let runs = |threads: &str| {
        let compare = callsim_in(
            dir.path(),
            &[
                "compare",
                "tollfree.toml",
                "did.toml",
                "-q",
                "-f",
                "json",
                "--target-ci",
                "0.01",
                "--max-replications",
                "12",
                "-j",
                threads,
            ],
        );
        let size = callsim_in(
            dir.path(),
            &[
                "size",
                "did.toml",
                "--number",
                "support",
                "--vary",
                "count",
                "--target-blocking",
                "0.01",
                "-q",
                "-f",
                "json",
                "-j",
                threads,
            ],
        );
        ok(&compare);
        ok(&size);
        (compare.stdout, size.stdout)
    };
    let one = runs("1");
    assert_eq!(one, runs("2"), "byte-identical on 1 and 2 threads");
    let v: serde_json::Value = serde_json::from_str(&one.0).unwrap();
    assert_eq!(v["precision"]["replications"], 12, "doubled from 6 to the cap: {}", v["precision"]);
    assert_eq!(v["precision"]["reached"], false, "{}", v["precision"]);
    assert_eq!(v["replications"], 12);
}

#[test]
fn the_banks_concurrency_panel_shows_its_dids_together_against_the_total_cap() {
    let dir = Dir::new();
    dir.file("did.toml", BANK);
    let r = callsim_in(dir.path(), &["run", "did.toml", "-q", "-r", "2", "--horizon", "6h", "-f", "html"]);
    ok(&r);
    // 12 DIDs capped at 12: the bank's cap is 144.
    assert!(r.stdout.contains("support: all 12 DIDs together (sum of their peaks), total cap"), "the bank's panel");
    assert!(r.stdout.contains("cap 144"), "the bank's total cap");
    assert!(!r.stdout.contains("busiest of 12 DIDs"));
}
