//! Memory per call in progress, measured with a counting allocator.
//!
//! Runs the M/M/c/c model (ample link, cap c, load 0.99 c Erlangs, 1 s
//! holding) at c = 10^5 and 10^6 calls in progress, and reports the peak
//! bytes allocated by each run. The difference divided by the difference in
//! calls in progress is the memory each extra call in progress costs:
//! everything that grows with it (queue entries, slots, call records,
//! vector growth slack), nothing that does not (the model, statistics).
//! Also checks that memory levels off as the horizon grows (statistics
//! stream; no per-call history; only the queue's high-water marks, the most
//! events ever pending at once, creep up): the last of four doublings of
//! the horizon adds less than 5%.
//!
//! Run: `cargo bench --bench memory` (about 20 s). Not a criterion bench:
//! criterion measures time; this prints bytes.

use callsim::scenario::Scenario;

#[path = "support/mmcc.rs"]
mod mmcc;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The system allocator, counting live and peak bytes.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// MMcc with `c` lines at 0.99 c Erlangs for `holding_times` seconds after 5 s of warm-up.
fn scenario(c: u32, holding_times: f64) -> Scenario {
    mmcc::mmcc(c, 0.99 * c as f64, holding_times, 5.0, 1)
}

/// Peak bytes allocated while running `s`, and its mean calls in progress.
fn peak(s: &Scenario) -> (usize, f64) {
    let base = LIVE.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let o = callsim::experiment::run_replication(s, 0);
    (PEAK.load(Ordering::Relaxed) - base, o.numbers[0].mean_concurrency)
}

fn main() {
    let (small, calls_small) = peak(&scenario(100_000, 5.0));
    let (large, calls_large) = peak(&scenario(1_000_000, 5.0));
    let per_call = (large - small) as f64 / (calls_large - calls_small);
    println!(
        "c=1e5: peak {:.1} MB for {:.0} calls in progress; c=1e6: peak {:.1} MB for {:.0} calls",
        small as f64 / 1e6,
        calls_small,
        large as f64 / 1e6,
        calls_large
    );
    println!("bytes_per_call_in_progress={per_call:.1}");
    // Memory follows the high-water marks of the queue (the most events
    // ever pending at once), never the events processed: it levels off as
    // the horizon grows.
    let peaks: Vec<usize> = [20.0, 40.0, 80.0, 160.0, 320.0].iter().map(|&h| peak(&scenario(10_000, h)).0).collect();
    println!(
        "c=1e4, horizon 20/40/80/160/320 holding times: peak {} MB",
        peaks.iter().map(|p| format!("{:.2}", *p as f64 / 1e6)).collect::<Vec<_>>().join(" / ")
    );
    let last_doubling = peaks[4] as f64 / peaks[3] as f64;
    println!("last doubling of the horizon: x{last_doubling:.3}");
    assert!(last_doubling < 1.05, "memory must level off as the horizon grows");
}
