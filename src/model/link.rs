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
}
