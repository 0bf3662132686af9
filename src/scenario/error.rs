//! What can be wrong with a scenario, said so that a user can fix it.

use std::fmt;

/// One problem in a scenario: where (a TOML path such as `link[2].channels`)
/// and what is wrong or what is allowed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// TOML path of the field, e.g. `link[2].channels`; empty for the whole file.
    pub path: String,
    /// What is wrong, and what is allowed.
    pub message: String,
}

impl Problem {
    /// A problem at `path`.
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        Problem { path: path.into(), message: message.into() }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "`{}`: {}", self.path, self.message)
        }
    }
}

/// Why a scenario could not be loaded. Every variant names the file.
#[derive(Debug, thiserror::Error)]
pub enum ScenarioError {
    /// The file could not be read.
    #[error("{file}: cannot read the scenario: {source}")]
    Read {
        /// The file as the user named it.
        file: String,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// The file holds nothing.
    #[error(
        "{file}: the scenario is empty; it needs at least [simulation] with a horizon, a [[carrier]], a [[link]] and a [[number]] (see scenarios/tollfree-vs-did.toml)"
    )]
    Empty {
        /// The file as the user named it.
        file: String,
    },
    /// The file is not valid TOML, or a field has the wrong type or name.
    #[error("{file}:{line}:{column}: {problem}")]
    Syntax {
        /// The file as the user named it.
        file: String,
        /// 1-based line of the fault.
        line: usize,
        /// 1-based column of the fault.
        column: usize,
        /// The field and what is allowed.
        problem: Problem,
    },
    /// The file is valid TOML but describes an impossible or inconsistent design.
    #[error("{file}: {} problem(s):\n{}", problems.len(), list(problems))]
    Invalid {
        /// The file as the user named it.
        file: String,
        /// Every problem found, in file order.
        problems: Vec<Problem>,
    },
}

fn list(problems: &[Problem]) -> String {
    problems.iter().map(|p| format!("  - {p}")).collect::<Vec<_>>().join("\n")
}

impl ScenarioError {
    /// The problems this error reports (empty for read errors).
    pub fn problems(&self) -> Vec<Problem> {
        match self {
            ScenarioError::Syntax { problem, .. } => vec![problem.clone()],
            ScenarioError::Invalid { problems, .. } => problems.clone(),
            _ => Vec::new(),
        }
    }
}
