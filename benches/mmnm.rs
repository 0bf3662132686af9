//! M/M/N+M (Erlang A) at contact-center scale, side by side in one run:
//! callsim's whole library (scenario, one replication, report), a
//! hand-written Rust `BinaryHeap` loop (`support/mmnm_heap.rs`), and, when
//! `CALLSIM_SIMPY` names a Python with SimPy, the SimPy peer
//! `/work/shared/peers/mmnm_simpy.py` (its own timing, printed).
//!
//! Model: N = 100 agents (the DID capped at 100,000 calls, not the default 100, which would block callers instead of queueing them), exponential handle of mean 180 s, exponential
//! patience of mean 300 s, 92 Erlangs offered (Erlang A: P(wait) 0.236,
//! P(abandon) 0.95%), 1e6 arrivals. Throughput is **calls** (arrivals) per
//! second: the three count events differently (callsim: arrival and end of
//! each call, a queue adding none; the heap loop and SimPy: arrival, answer
//! or abandonment, end of service).
//!
//! Run: `cargo bench --bench mmnm`; with SimPy:
//! `CALLSIM_SIMPY=/tmp/peers/bin/python cargo bench --bench mmnm`.

#[path = "support/mmnm_heap.rs"]
mod mmnm_heap;

use callsim::scenario::Scenario;
use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::Duration;

const AGENTS: u32 = 100;
const RATE: f64 = 92.0 / 180.0;
const HANDLE_S: f64 = 180.0;
const PATIENCE_S: f64 = 300.0;
const ARRIVALS: f64 = 1e6;

fn scenario() -> Scenario {
    let horizon_s = ARRIVALS / RATE;
    let text = format!(
        "name = \"M/M/100+M\"\n[simulation]\nhorizon = \"{horizon_s}s\"\nreplications = 1\nseed = 42\n\
         [[az]]\nname = \"a\"\n[[carrier]]\nname = \"c\"\n[[link]]\ncarrier = \"c\"\naz = \"a\"\nchannels = 100000\n\
         [[number]]\nname = \"n\"\ntype = \"did\"\ncarrier = \"c\"\nmax_concurrent = 100000\n\
         [[queue]]\nname = \"q\"\nagents = {AGENTS}\nhandle = {{ kind = \"exponential\", mean = \"{HANDLE_S}s\" }}\n\
         patience = {{ kind = \"exponential\", mean = \"{PATIENCE_S}s\" }}\n\
         [[traffic]]\nnumber = \"n\"\nqueue = \"q\"\narrivals = {{ kind = \"poisson\", calls_per_hour = {} }}\n",
        RATE * 3600.0
    );
    Scenario::from_toml_str(&text, "mmnm.toml").unwrap_or_else(|e| panic!("{e}"))
}

fn simpy_side_by_side() {
    let Some(python) = std::env::var_os("CALLSIM_SIMPY") else {
        eprintln!("mmnm: set CALLSIM_SIMPY=/path/to/python-with-simpy to time the SimPy peer beside these");
        return;
    };
    let out = std::process::Command::new(python)
        .args(["/work/shared/peers/mmnm_simpy.py", "1000000", "100", &RATE.to_string(), "180", "300", "42"])
        .output();
    match out {
        Ok(o) => eprintln!("mmnm: SimPy peer: {}", String::from_utf8_lossy(&o.stdout).trim()),
        Err(e) => eprintln!("mmnm: SimPy peer did not run: {e}"),
    }
}

fn mmnm(c: &mut Criterion) {
    let s = scenario();
    let report = callsim::experiment::run(&s);
    let q = report.queues.get("q").expect("the queue");
    eprintln!(
        "mmnm: callsim P(wait) {:.4}, P(abandon) {:.4} (Erlang A 0.2363, 0.0095), {} events",
        q.probability_of_waiting.mean, q.abandoned_share.mean, report.events
    );
    let h = mmnm_heap::run(ARRIVALS as u64, AGENTS, RATE, HANDLE_S, PATIENCE_S, 42);
    eprintln!(
        "mmnm: heap loop P(wait) {:.4}, P(abandon) {:.4}, {} events",
        h.waited as f64 / h.arrivals as f64,
        h.abandoned as f64 / h.arrivals as f64,
        h.events
    );
    simpy_side_by_side();
    let mut group = c.benchmark_group("mmnm");
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(8))
        .throughput(Throughput::Elements(ARRIVALS as u64));
    group.bench_function("callsim_n100_1e6_calls", |b| b.iter(|| black_box(callsim::experiment::run(black_box(&s)))));
    group.bench_function("heap_loop_n100_1e6_calls", |b| {
        b.iter(|| black_box(mmnm_heap::run(ARRIVALS as u64, AGENTS, RATE, HANDLE_S, PATIENCE_S, 42)))
    });
    group.finish();
}

criterion_group!(benches, mmnm);
criterion_main!(benches);
