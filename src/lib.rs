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
//! Modules, in the order data flows through them:
//! - [`scenario`]: the TOML format, parsed then validated (errors name the TOML path);
//! - [`model`]: AZs, carriers, links, numbers, the instance (pure data);
//! - [`traffic`]: arrival processes and holding-time distributions;
//! - [`engine`]: the generic event queue, simulated time and named random streams;
//! - [`sim`]: one replication of a model under run settings on the engine:
//!   admission (the routing steps), calls, failures, measurement, redials;
//! - [`stats`]: means and Student-t confidence intervals;
//! - [`experiment`]: parallel replications, comparisons on common random
//!   numbers, sweeps, sizing, shards;
//! - [`report`]: table, JSON and CSV;
//! - `testing` (feature `proptest`): proptest strategies of valid designs.

#![warn(missing_docs)]

pub mod cost;
pub mod engine;
pub mod experiment;
pub mod faults;
pub mod model;
pub mod report;
pub mod scenario;
pub mod sim;
pub mod stats;
#[cfg(feature = "proptest")]
pub mod testing;
pub mod traffic;
