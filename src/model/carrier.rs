//! Carriers.

use crate::faults::FailureProcess;

/// A telephone carrier that hands calls to the contact center over its
/// links, one per availability zone it reaches.
#[derive(Clone, Debug, PartialEq)]
pub struct Carrier {
    /// Unique name, as in the scenario (`carrier-a`).
    pub name: String,
    /// Indices of this carrier's links in [`crate::model::Model::links`].
    pub links: Vec<usize>,
    /// Its random (whole-carrier) failure process, if any.
    pub failure: Option<FailureProcess>,
    /// Its calls-per-second limit over all its links, if any.
    pub cps: Option<crate::model::link::CpsLimit>,
}
