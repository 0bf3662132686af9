//! Integration tests of callsim as a library.
//!
//! - `theory`: results that queueing theory predicts exactly (Erlang B for a
//!   number cap, a link, pooled links and the instance quota; insensitivity to
//!   the holding-time distribution; Little's law; PASTA for saturation), plus
//!   conservation of calls, determinism and warm-up. Statistical checks use
//!   99.9% Student-t intervals over replications and fixed seeds.
//! - `properties`: invariants over random small topologies (proptest).

mod properties;
mod theory;
