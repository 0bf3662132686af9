//! # callsim: how phone calls reach a contact center, simulated
//!
//! callsim is a discrete-event simulator of calls arriving on toll-free and
//! DID numbers, carried by carriers over links (trunks) into availability
//! zones, to a contact-center instance. It measures blocking by cause,
//! per-number concurrency saturation and link utilization, with 95%
//! confidence intervals over independent replications.
//!
//! Data flows one way: **scenario file -> validated model -> engine run ->
//! statistics -> report**.
//!
//! ```
//! use callsim::{experiment, scenario::Scenario};
//!
//! // A DID capped at 10 concurrent calls, offered 5 Erlangs
//! // (100 calls/h x 3 min). Erlang B(10, 5.0) = 1.84% blocking.
//! let scenario = Scenario::from_toml_str(r#"
//!     [simulation]
//!     horizon = "30d"
//!     replications = 5
//!
//!     [[az]]
//!     name = "az1"
//!     [[carrier]]
//!     name = "carrier-a"
//!     [[link]]
//!     carrier = "carrier-a"
//!     az = "az1"
//!     channels = 50
//!     [[number]]
//!     name = "sales"
//!     type = "did"
//!     carrier = "carrier-a"
//!     max_concurrent = 10
//!     [[traffic]]
//!     number = "sales"
//!     arrivals = { kind = "poisson", calls_per_hour = 100 }
//!     holding = { kind = "exponential", mean = "3m" }
//! "#, "example.toml").expect("a valid scenario");
//!
//! let report = experiment::run(&scenario);
//! let blocking = report.numbers.get("sales").unwrap().blocking_probability;
//! assert!((blocking.mean - 0.0184).abs() < 0.005);
//! println!("{}", callsim::report::to_table(&report));
//! ```
//!
//! ## Designs in code: the builder
//!
//! [`scenario::ScenarioBuilder`] builds the same scenario without TOML, in
//! seconds and calls per hour, validated by the same rules (the same
//! errors, with the same TOML paths). Two designs on common random numbers,
//! compared pair by pair (see `examples/compare_designs.rs`):
//!
//! ```
//! use callsim::experiment::{Runner, compare};
//! use callsim::faults::FailureProcess;
//! use callsim::scenario::Scenario;
//! use callsim::traffic::{HoldingTime, SpreadMode};
//!
//! let five_minutes = || HoldingTime::Exponential { mean_s: 300.0 };
//! let carrier = || Some(FailureProcess::exponential(90.0 * 86_400.0, 4.0 * 3_600.0));
//! // 1,500 calls an hour at 5 minutes: 125 Erlangs, on a toll-free number
//! // over two carriers...
//! let tollfree = Scenario::builder("toll-free")
//!     .horizon_s(86_400.0)
//!     .replications(4)
//!     .az("az1")
//!     .carrier_failing("a", carrier())
//!     .carrier_failing("b", carrier())
//!     .link("a", "az1", 100)
//!     .link("b", "az1", 100)
//!     .toll_free("support", &["a", "b"])
//!     .poisson("support", 1_500.0, five_minutes())
//!     .build()
//!     .expect("a valid design");
//! // ... or on a hunt group of 12 DIDs capped at 12 on carrier a alone.
//! let bank = Scenario::builder("12 DIDs")
//!     .horizon_s(86_400.0)
//!     .replications(4)
//!     .az("az1")
//!     .carrier_failing("a", carrier())
//!     .link("a", "az1", 200)
//!     .did_bank("support", "a", 12, Some(12))
//!     .poisson_to_bank("support", 1_500.0, five_minutes(), SpreadMode::Hunt)
//!     .build()
//!     .expect("a valid design");
//! let c = compare::compare(&[("toll-free".into(), tollfree), ("bank".into(), bank)], &Runner::with_threads(0))
//!     .expect("same settings");
//! // The bank is set against the number of its name: B(144, 125) = 0.95%
//! // blocking for the bank, against about 0.1% on 200 pooled channels.
//! let d = c.differences.iter().find(|d| d.section == "bank" && d.metric == "blocking_probability").unwrap();
//! assert!(d.difference.mean > 0.0);
//! ```
//!
//! # Guarantees
//!
//! - **Time.** Simulated time is seconds in an `f64`, from 0 at the start of
//!   a replication (warm-up included); it is never negative nor NaN, so it has
//!   a total order. Nothing reads the wall clock to decide a simulated value.
//! - **Ties.** Events at the same instant happen in the order they were
//!   scheduled (first in, first out): every queue key is (time, insertion
//!   sequence), so a run is a pure function of its inputs
//!   ([`engine::queue`]).
//! - **Streams.** Each source of randomness (a traffic source's arrivals, its
//!   holding times, its redials and bank spreading, each element's failures,
//!   each toll-free number's re-route) draws from its own Xoshiro256++ stream
//!   seeded by the scenario seed, the replication index and a stable hash of
//!   the source's name ([`engine::rng`]). Adding an element or a source never
//!   changes another's draws, which is what makes common random numbers
//!   across designs work; replication `k` gives the same figures alone, in a
//!   shard, or within a run on any number of threads.
//! - **The measured window** is `[warmup, warmup + horizon)`. Calls that
//!   arrive during warm-up occupy capacity but are not offered; time-averages
//!   integrate only the window; failures start in their stationary regime at
//!   time 0, scheduled outages count from the end of warm-up.
//! - **Routing order.** A call to number N is blocked, in this order, when N
//!   is at its cap (`number_cap`), the instance at its quota
//!   (`instance_quota`), no carrier of N that is up has a link up into a zone
//!   up (`no_route`), every such link is full (`link_capacity`), or the
//!   chosen link or its carrier is out of calls-per-second tokens
//!   (`cps_limit`); otherwise it is carried on the least-occupied usable link
//!   with room, ties to the route listed first. A toll-free number with a
//!   re-route delay keeps offering calls to a failed carrier until its
//!   RespOrg re-routes (those calls are lost as `no_route`).
//! - **Determinism.** Same scenario and seed: byte-identical output, whatever
//!   the thread count.
//!
//! # Module map
//!
//! Layers, lowest first; a module imports only its own layer and those
//! below, and no two modules import each other in a circle (checked by
//! `tests/layers.rs`):
//!
//! 1. [`engine`] (simulated time and durations, the event queue, named
//!    random streams; knows nothing of telephony) and [`stats`] (means,
//!    Student-t intervals, paired differences);
//! 2. [`model`] (AZs, carriers, links, numbers and banks, forwards, the
//!    instance, prices: validated, index-linked data with no run-time state),
//!    [`faults`] (lifetime distributions, scheduled outages) and [`traffic`]
//!    (arrival processes, holding times, traces, redials);
//! 3. [`scenario`] (the TOML format, parsed, then validated into a model;
//!    errors name the TOML path; the builder) and [`availability`] (exact
//!    availability, outage frequency and duration from a model's route
//!    structure, no simulation);
//! 4. [`sim`]: one replication of a model under run settings on the engine:
//!    the run loop, admission (every routing step, in order), the call
//!    table, failures, measurement, redials, one observer trait;
//! 5. [`summary`] (figures over replications with intervals: what reports
//!    show) and [`cost`] (what a design costs);
//! 6. [`experiment`]: parallel replications, precision targets, comparisons
//!    on common random numbers, sweeps, sizing, shards, and `nines` (calls
//!    lost to failures per year, simulated only around failures);
//! 7. [`report`]: renderings (table, JSON, CSV, the HTML decision report and
//!    its SVG charts);
//! 8. `testing` (feature `proptest`): proptest strategies of valid designs;
//!    then the `callsim` binary's command line, which only parses arguments,
//!    calls the library and maps errors to exit codes.

#![warn(missing_docs, missing_debug_implementations, unreachable_pub)]

pub mod availability;
pub mod cost;
pub mod engine;
pub mod experiment;
pub mod faults;
pub mod model;
pub mod report;
pub mod scenario;
pub mod sim;
pub mod stats;
pub mod summary;
#[cfg(feature = "proptest")]
pub mod testing;
pub mod traffic;
