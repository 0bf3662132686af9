//! Availability zones.

use crate::faults::FailureProcess;

/// An availability zone of the contact-center region: carriers' links land
/// in zones, and a zone failure takes down every link into it.
#[derive(Clone, Debug, PartialEq)]
pub struct Az {
    /// Unique name, as in the scenario (`az1`).
    pub name: String,
    /// Its random failure process, if any.
    pub failure: Option<FailureProcess>,
}
