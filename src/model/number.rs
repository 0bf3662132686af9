//! Numbers: what callers dial.

/// Default concurrent-call cap of a DID, in calls (the common regional limit).
pub const DEFAULT_DID_MAX_CONCURRENT: u32 = 100;

/// The two kinds of number a contact center receives calls on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumberKind {
    /// Held by a RespOrg that may route each call over any of several carriers.
    TollFree,
    /// Direct inward dial: tied to exactly one carrier.
    Did,
}

impl NumberKind {
    /// The scenario spelling: `toll-free` or `did`.
    pub fn as_str(self) -> &'static str {
        match self {
            NumberKind::TollFree => "toll-free",
            NumberKind::Did => "did",
        }
    }
}

/// A dialled number and the routes its calls may take.
#[derive(Clone, Debug, PartialEq)]
pub struct Number {
    /// Unique name, as in the scenario.
    pub name: String,
    /// Toll-free or DID.
    pub kind: NumberKind,
    /// Indices of the carriers that deliver it (exactly one for a DID).
    pub carriers: Vec<usize>,
    /// Cap on its concurrent calls (`None`: no cap). A DID defaults to
    /// [`DEFAULT_DID_MAX_CONCURRENT`].
    pub max_concurrent: Option<u32>,
    /// The links its calls may use, in routing preference order (its
    /// carriers in the order given, each carrier's links in scenario order).
    pub routes: Vec<usize>,
    /// Toll-free only: how long after one of its carriers fails the RespOrg
    /// keeps offering that carrier its share of calls (lost `no_route`)
    /// before re-routing, in seconds (0: instant re-route).
    pub reroute_delay_s: f64,
    /// The DID bank it belongs to, by index in [`crate::model::Model::banks`].
    pub bank: Option<usize>,
}

/// A bank of DIDs declared by one `[[number]]` with `count = N`: numbers
/// NAME-1..NAME-N, alike, consecutive in [`crate::model::Model::numbers`].
#[derive(Clone, Debug, PartialEq)]
pub struct Bank {
    /// The bank's name (traffic may target it).
    pub name: String,
    /// Index of its first DID in the model's numbers.
    pub first: usize,
    /// How many DIDs it holds (>= 1).
    pub count: usize,
}

impl Bank {
    /// The indices of its DIDs.
    pub fn members(&self) -> std::ops::Range<usize> {
        self.first..self.first + self.count
    }
}
