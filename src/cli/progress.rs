//! A progress bar on standard error for runs longer than about a second;
//! never shown when standard error is not a terminal, or with --quiet.
//! It reads the wall clock only to decide when to show itself.

use callsim::experiment::Progress;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

/// Shown only after this long.
const DELAY: Duration = Duration::from_secs(1);

struct Inner {
    start: Instant,
    total: Option<u64>,
    done: AtomicU64,
    enabled: bool,
    bar: OnceLock<ProgressBar>,
}

/// Counts finished replications; draws a bar once the run is slow enough.
pub struct Bar(Arc<Inner>);

impl Bar {
    /// A bar over `total` replications (`None`: unknown).
    pub fn new(total: Option<u64>, quiet: bool) -> Bar {
        Bar(Arc::new(Inner {
            start: Instant::now(),
            total,
            done: AtomicU64::new(0),
            enabled: !quiet && std::io::stderr().is_terminal(),
            bar: OnceLock::new(),
        }))
    }

    /// The callback a runner calls after each replication.
    pub fn callback(&self) -> Progress {
        let inner = self.0.clone();
        Arc::new(move || {
            let done = inner.done.fetch_add(1, Ordering::Relaxed) + 1;
            if !inner.enabled || inner.start.elapsed() < DELAY {
                return;
            }
            let bar = inner.bar.get_or_init(|| {
                let bar = match inner.total {
                    Some(t) => ProgressBar::with_draw_target(Some(t), ProgressDrawTarget::stderr()).with_style(
                        ProgressStyle::with_template(
                            "{elapsed_precise} [{bar:40}] {pos}/{len} replications, ETA {eta}",
                        )
                        .unwrap_or_else(|_| ProgressStyle::default_bar()),
                    ),
                    None => ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()).with_style(
                        ProgressStyle::with_template("{elapsed_precise} {spinner} {pos} replications")
                            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
                    ),
                };
                bar.enable_steady_tick(Duration::from_millis(200));
                bar
            });
            bar.set_position(done);
        })
    }
}

impl Drop for Bar {
    fn drop(&mut self) {
        if let Some(bar) = self.0.bar.get() {
            bar.finish_and_clear();
        }
    }
}
