//! Failures and availability: random failure processes of AZs, carriers and
//! links, scheduled outages, dropped calls and re-route delays, checked
//! against theory. Statistical checks use 99.9% Student-t intervals over
//! independent replications with fixed seeds (see `support`).
//!
//! One test binary (`cargo test --test failures`); its modules live in
//! `tests/failures/`, which Cargo does not build as tests of their own.

#[path = "failures/availability.rs"]
mod availability;
#[path = "failures/conservation.rs"]
mod conservation;
#[path = "failures/drops.rs"]
mod drops;
#[path = "failures/outages.rs"]
mod outages;
#[path = "failures/properties.rs"]
mod properties;
#[path = "failures/reroute.rs"]
mod reroute;
#[path = "failures/support.rs"]
mod support;
#[path = "failures/validation.rs"]
mod validation;
