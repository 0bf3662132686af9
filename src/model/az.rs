//! Availability zones.

/// An availability zone of the contact-center region: carriers' links land
/// in zones, and a zone failure takes down every link into it.
#[derive(Clone, Debug, PartialEq)]
pub struct Az {
    /// Unique name, as in the scenario (`az1`).
    pub name: String,
}
