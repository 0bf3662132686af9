//! Stopping a run between replications, from another thread.
//!
//! An embedding program (a notebook, a service) that runs an experiment on
//! one thread and watches for an interrupt on another needs the run to stop
//! soon after it is asked, without waiting for every replication left. The
//! experiments take a [`Runner`](super::Runner) whose shape is fixed, so the
//! request travels beside it instead: [`stoppable`] runs a closure with a
//! [`Stop`] in scope of the calling thread; every replication that
//! [`Runner`](super::Runner) (and every chunk that [`nines`](super::nines))
//! starts from within that closure first looks at the flag, and once it is
//! set none starts: the replications under way finish, then the closure
//! unwinds to [`stoppable`], which returns [`Stopped`].
//!
//! Nothing changes outside [`stoppable`]: without a [`Stop`] in scope the
//! runs neither look at one nor behave differently, and a run that is not
//! stopped gives exactly the figures it gives without one.
//!
//! ```
//! use callsim::experiment::{self, stop::{Stop, Stopped, stoppable}};
//! use callsim::scenario::Scenario;
//!
//! let scenario = Scenario::bundled_default().with_horizon_s(3600.0).unwrap();
//! let stop = Stop::new();
//! stop.stop(); // asked before it starts: nothing runs
//! assert_eq!(stoppable(&stop, || experiment::run(&scenario)).unwrap_err(), Stopped);
//! let report = stoppable(&Stop::new(), || experiment::run(&scenario)).unwrap();
//! assert_eq!(report, experiment::run(&scenario));
//! ```

use std::cell::RefCell;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// A request to stop, shared by the thread that asks and the run that
/// honours it (clones share the flag).
#[derive(Clone, Debug, Default)]
pub struct Stop(Arc<AtomicBool>);

impl Stop {
    /// A flag not yet set.
    pub fn new() -> Self {
        Stop::default()
    }

    /// Asks the run to stop: no replication starts after this.
    pub fn stop(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    /// True once [`Stop::stop`] has been called.
    pub fn is_stopped(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

/// The run was stopped before it finished; its partial results are gone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the run was stopped before it finished")]
pub struct Stopped;

thread_local! {
    /// The [`Stop`] of the innermost [`stoppable`] on this thread.
    static CURRENT: RefCell<Option<Stop>> = const { RefCell::new(None) };
}

/// Puts the previous [`CURRENT`] back when dropped, on return or unwind.
struct Restore(Option<Stop>);

impl Drop for Restore {
    fn drop(&mut self) {
        let previous = self.0.take();
        CURRENT.with(|c| *c.borrow_mut() = previous);
    }
}

/// Runs `f` on this thread with `stop` in scope: once `stop` is set, the
/// experiments `f` runs start no more replications and `f` is abandoned.
///
/// # Errors
/// [`Stopped`] when `stop` was set before `f` finished its replications.
/// Any other panic of `f` continues to unwind.
pub fn stoppable<R>(stop: &Stop, f: impl FnOnce() -> R) -> Result<R, Stopped> {
    let previous = CURRENT.with(|c| c.borrow_mut().replace(stop.clone()));
    let _restore = Restore(previous);
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        Ok(r) => Ok(r),
        Err(payload) if payload.is::<Stopped>() => Err(Stopped),
        Err(payload) => std::panic::resume_unwind(payload),
    }
}

/// The [`Stop`] in scope on this thread, if any: read once by a run before
/// it hands replications to other threads.
pub(crate) fn current() -> Option<Stop> {
    CURRENT.with(|c| c.borrow().clone())
}

/// Unwinds (without the panic hook's message) to [`stoppable`] when `stop`
/// is set; called before each replication starts.
pub(crate) fn check(stop: &Option<Stop>) {
    if let Some(s) = stop
        && s.is_stopped()
    {
        std::panic::resume_unwind(Box::new(Stopped));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scope_is_restored_after_a_stop_and_other_panics_pass_through() {
        let outer = Stop::new();
        let inner = Stop::new();
        inner.stop();
        let r = stoppable(&outer, || {
            let stopped = stoppable(&inner, || check(&current()));
            assert_eq!(stopped, Err(Stopped));
            // Back to the outer flag, which is not set.
            assert!(!current().expect("the outer stop is in scope").is_stopped());
            7
        });
        assert_eq!(r, Ok(7));
        assert!(current().is_none());
        let other = std::panic::catch_unwind(|| stoppable(&Stop::new(), || panic!("not a stop")));
        assert!(other.is_err());
        assert!(current().is_none());
    }
}
