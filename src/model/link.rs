//! Links: one carrier's trunk into one availability zone.

use crate::faults::FailureProcess;

/// A trunk of one carrier into one availability zone.
#[derive(Clone, Debug, PartialEq)]
pub struct Link {
    /// `carrier/az`, the link's name in reports (`carrier-a/az1`).
    pub name: String,
    /// Index of its carrier in [`crate::model::Model::carriers`].
    pub carrier: usize,
    /// Index of its zone in [`crate::model::Model::azs`].
    pub az: usize,
    /// Concurrent calls the link can carry (>= 1).
    pub channels: u32,
    /// Its own random failure process, if any.
    pub failure: Option<FailureProcess>,
    /// Its calls-per-second limit, if any.
    pub cps: Option<CpsLimit>,
}

/// A calls-per-second limit: a token bucket of `max(1, calls_per_second)`
/// tokens refilled at `calls_per_second`. A new call takes a token; without
/// one it waits, holding its channel, up to `queue_s` for the next token
/// (first come, first served), or is blocked `cps_limit`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CpsLimit {
    /// New calls per second allowed (> 0).
    pub calls_per_second: f64,
    /// Longest wait for a token, seconds (0: none; calls beyond the limit are blocked).
    pub queue_s: f64,
}
