//! How the library's errors reach Python: scenario problems as
//! `callsim.ScenarioError` (with the CLI's message and TOML paths), bad
//! arguments as `ValueError`, an interrupt as `KeyboardInterrupt`, anything
//! else (a bug) as `RuntimeError`.

use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyList;

pyo3::create_exception!(
    callsim,
    ScenarioError,
    PyValueError,
    "A scenario that cannot be loaded or validated.\n\n\
     ``str(e)`` is the message the command line prints after ``error:``; \
     ``e.problems`` lists ``(path, message)`` pairs, ``path`` a TOML path such as \
     ``link[2].channels`` (empty for the whole file)."
);

/// Why a call into the library failed, as plain Rust data (it crosses
/// from the engine's thread back to the one holding the interpreter).
#[derive(Debug)]
pub(crate) enum Fail {
    /// A scenario problem: the message, and each problem's path and text.
    Scenario { message: String, problems: Vec<(String, String)> },
    /// A bad argument or a design refused for its size.
    Value(String),
    /// An internal error of callsim (a bug).
    Internal(String),
}

impl Fail {
    /// A scenario error, with `prefix` (e.g. `at number[0].max_concurrent=5: `) before its message.
    pub(crate) fn scenario(prefix: &str, e: &callsim::scenario::ScenarioError) -> Fail {
        let problems = e.problems().into_iter().map(|p| (p.path, p.message)).collect();
        Fail::Scenario { message: format!("{prefix}{}", message(e)), problems }
    }

    /// The Python exception.
    pub(crate) fn into_py(self, py: Python<'_>) -> PyErr {
        match self {
            Fail::Scenario { message, problems } => {
                let err = ScenarioError::new_err(message);
                let list = PyList::new(py, problems).and_then(|l| err.value(py).setattr("problems", l));
                match list {
                    Ok(()) => err,
                    Err(e) => e,
                }
            }
            Fail::Value(m) => PyValueError::new_err(m),
            Fail::Internal(m) => {
                PyRuntimeError::new_err(format!("internal error in callsim (a bug; please report it): {m}"))
            }
        }
    }
}

/// A `Result` whose error is a [`Fail`].
pub(crate) type Outcome<T> = Result<T, Fail>;

/// Maps a [`Fail`] to its Python exception.
pub(crate) fn raise<T>(py: Python<'_>, r: Outcome<T>) -> PyResult<T> {
    r.map_err(|f| f.into_py(py))
}

/// An error and its causes joined by ": ", skipping a cause the text
/// already says: the command line's own rule, so messages read the same.
pub(crate) fn message(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut cause = error.source();
    while let Some(c) = cause {
        let c_text = c.to_string();
        if !text.contains(&c_text) {
            text = format!("{text}: {c_text}");
        }
        cause = c.source();
    }
    text
}
