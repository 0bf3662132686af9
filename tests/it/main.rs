//! Integration tests.
//!
//! - `theory`: results that queueing theory predicts exactly (Erlang B for a
//!   number cap, a link, pooled links and the instance quota; insensitivity to
//!   the holding-time distribution; Little's law; PASTA for saturation), plus
//!   conservation of calls, determinism and warm-up. Statistical checks use
//!   99.9% Student-t intervals over replications and fixed seeds.
//! - `properties`: invariants over random small topologies (proptest).
//! - `cli`, `bad_input`: the `callsim` binary run as a user runs it.
//! - `nines`: `callsim nines`' JSON keys, formats, determinism and bad flags.
//! - `experiments`: threads, shards and merge, compare on common random
//!   numbers, sweeps, sizing, target precision.
//! - `sources`: trace files read once by the loader, kept by the scenario
//!   and carried by shards; `Scenario::from_toml_str` reads no file.
//! - `routing`: the route order validation gives each number, which the
//!   simulator's admission steps (unit-tested in `sim`) rely on.

mod bad_input;
mod calls;
mod cli;
mod experiments;
mod hardening;
mod hostile;
mod html;
mod nines;
mod properties;
mod routing;
mod shard_mutations;
mod sources;
mod support;
mod theory;
