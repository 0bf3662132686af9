//! Running the engine with the interpreter released, and Ctrl-C.
//!
//! The engine runs on a thread of its own inside a
//! [`callsim::experiment::stop::stoppable`] scope, while the calling thread
//! releases the GIL (so other Python threads run) and wakes every
//! [`POLL`] to ask the interpreter whether a signal arrived
//! (`Python::check_signals`, which runs the Python handlers: Ctrl-C raises
//! `KeyboardInterrupt`). On an exception it sets the stop flag: the
//! replications under way finish, no other starts, and the exception is
//! raised once the engine's thread has ended, so nothing keeps running
//! behind the caller's back.

use crate::errors::{Fail, Outcome};
use callsim::experiment::stop::{Stop, Stopped, stoppable};
use pyo3::prelude::*;
use std::sync::{Condvar, Mutex};
use std::time::Duration;

/// How often the waiting thread looks for a signal.
const POLL: Duration = Duration::from_millis(50);

/// Runs `f` on a new thread with the GIL released; `Ctrl-C` (any exception
/// raised by a signal handler) stops it between replications and is raised.
pub(crate) fn run_released<T, F>(py: Python<'_>, f: F) -> PyResult<T>
where
    F: FnOnce() -> Outcome<T> + Send,
    T: Send,
{
    let stop = Stop::new();
    let done = (Mutex::new(false), Condvar::new());
    let result = std::thread::scope(|scope| -> PyResult<Option<Outcome<T>>> {
        let (stop_ref, done_ref) = (&stop, &done);
        let worker = std::thread::Builder::new()
            .name("callsim-engine".into())
            .spawn_scoped(scope, move || {
                let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| stoppable(stop_ref, f)));
                let (lock, cv) = done_ref;
                *lock.lock().unwrap_or_else(|e| e.into_inner()) = true;
                cv.notify_all();
                r
            })
            .map_err(|e| Fail::Internal(format!("cannot start the engine's thread: {e}")).into_py(py))?;
        let mut interrupted = None;
        loop {
            let finished = py.detach(|| {
                let (lock, cv) = &done;
                let guard = lock.lock().unwrap_or_else(|e| e.into_inner());
                let (guard, _) = cv.wait_timeout_while(guard, POLL, |d| !*d).unwrap_or_else(|e| e.into_inner());
                *guard
            });
            if finished {
                break;
            }
            if interrupted.is_none()
                && let Err(e) = py.check_signals()
            {
                stop.stop();
                interrupted = Some(e);
            }
        }
        let joined = py.detach(|| worker.join());
        if let Some(e) = interrupted {
            return Err(e);
        }
        Ok(match joined {
            Ok(Ok(Ok(outcome))) => Some(outcome),
            Ok(Ok(Err(Stopped))) => None,
            Ok(Err(panic)) | Err(panic) => Some(Err(Fail::Internal(panic_text(panic.as_ref())))),
        })
    })?;
    match result {
        Some(outcome) => outcome.map_err(|f| f.into_py(py)),
        // Stopped without an exception of ours: another stop in scope.
        None => Err(pyo3::exceptions::PyKeyboardInterrupt::new_err("the run was stopped")),
    }
}

/// The message of a panic's payload.
fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        s.to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "a panic without a message".to_string()
    }
}
