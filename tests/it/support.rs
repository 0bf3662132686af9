//! Running the real `callsim` binary on scenario files in a temporary folder.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A small valid scenario: one DID on one carrier with one link. Tests make
/// bad inputs from it with [`edit`], so each case differs from a known-good
/// file by one change.
pub const BASE: &str = r#"name = "base"

[simulation]
horizon = "1h"
replications = 2
seed = 7

[[az]]
name = "az1"

[[carrier]]
name = "carrier-a"

[[link]]
carrier = "carrier-a"
az = "az1"
channels = 10

[[number]]
name = "main"
type = "did"
carrier = "carrier-a"

[[traffic]]
number = "main"
arrivals = { kind = "poisson", calls_per_hour = 100 }
holding = { kind = "exponential", mean = "3m" }
"#;

/// `text` with the first `from` replaced by `to`; panics if `from` is absent,
/// so that a case never silently tests the unchanged base.
pub fn edit(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "{from:?} is not in the scenario");
    text.replacen(from, to, 1)
}

/// A temporary folder, removed when dropped.
pub struct Dir(tempfile::TempDir);

impl Dir {
    pub fn new() -> Dir {
        Dir(tempfile::Builder::new().prefix("callsim-it-").tempdir().expect("a temporary folder"))
    }

    pub fn path(&self) -> &Path {
        self.0.path()
    }

    /// Writes `text` to `name` in this folder and returns its path.
    pub fn file(&self, name: &str, text: &str) -> PathBuf {
        let path = self.path().join(name);
        std::fs::write(&path, text).expect("write a scenario");
        path
    }

    /// The names of the entries of this folder, sorted.
    pub fn entries(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.path())
            .expect("list the folder")
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }
}

/// What a run of the binary gave.
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(o: Output) -> Run {
        Run {
            code: o.status.code(),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

/// Runs `callsim ARGS` in folder `cwd`.
pub fn callsim_in<S: AsRef<std::ffi::OsStr>>(cwd: &Path, args: &[S]) -> Run {
    Command::new(env!("CARGO_BIN_EXE_callsim"))
        .args(args)
        .current_dir(cwd)
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run the callsim binary")
        .into()
}

/// Runs `callsim ARGS` in the system's temporary folder (never the project).
pub fn callsim<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Run {
    callsim_in(&std::env::temp_dir(), args)
}

/// Asserts the contract for bad input: exit code 2, no panic, nothing on
/// standard output, and a message on standard error holding every one of
/// `needles` (the file or flag, the TOML path, what is allowed).
#[track_caller]
pub fn assert_bad_input(run: &Run, needles: &[&str]) {
    let context = format!("exit {:?}\n--- stdout:\n{}\n--- stderr:\n{}", run.code, run.stdout, run.stderr);
    assert_eq!(run.code, Some(2), "bad input must exit 2; {context}");
    assert!(!run.stderr.contains("panicked"), "a panic; {context}");
    assert!(!run.stderr.contains("RUST_BACKTRACE"), "a panic; {context}");
    assert!(run.stdout.is_empty(), "bad input prints a report; {context}");
    for needle in needles {
        assert!(run.stderr.contains(needle), "stderr lacks {needle:?}; {context}");
    }
}

/// Asserts a clean success.
#[track_caller]
pub fn assert_ok(run: &Run) {
    assert_eq!(run.code, Some(0), "expected success\n--- stdout:\n{}\n--- stderr:\n{}", run.stdout, run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
}
