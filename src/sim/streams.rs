//! The random streams of a replication, by name: one typed home for every
//! stream the simulation draws from.
//!
//! Each stream is seeded from the run's seed, the replication and a stable
//! hash of its name ([`crate::engine::RandomStreams`]), so a name is part of
//! every published result. The names are built here alone, by [`StreamName`]'s
//! `Display`, and reproduce the strings the simulation has always used: a
//! misspelled or duplicated stream cannot be written elsewhere, and moving
//! code cannot change a draw.

use crate::engine::StreamKey;
use std::fmt;

/// The name of one random stream of the simulation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum StreamName<'a> {
    /// `traffic:{source}/arrivals`: a traffic source's inter-arrival times.
    Arrivals(&'a str),
    /// `traffic:{source}/holding`: a traffic source's holding times.
    Holding(&'a str),
    /// `traffic:{source}/spread`: which DID of a bank each call dials.
    Spread(&'a str),
    /// `traffic:{source}/redial`: whether and when a failed caller redials.
    Redial(&'a str),
    /// `traffic:{source}/redial-holding`: holding times of redials.
    RedialHolding(&'a str),
    /// `failures:az:{name}`: an AZ's failure process.
    AzFailures(&'a str),
    /// `failures:carrier:{name}`: a carrier's failure process.
    CarrierFailures(&'a str),
    /// `failures:link:{name}`: a link's failure process.
    LinkFailures(&'a str),
    /// `reroute:{number}`: which calls a toll-free number's RespOrg still
    /// sends to a failed carrier during its re-route delay.
    Reroute(&'a str),
    /// `{queue}/patience` (the queue's stream name is `queue:{name}`): how
    /// long each caller of a queue waits before hanging up.
    Patience(&'a str),
    /// `failures:instance:{name}`: a regional instance's failure process.
    InstanceFailures(&'a str),
    /// `split:{group}`: which instance of a traffic distribution group each call goes to.
    Split(&'a str),
    /// `{queue}/callback`: whether each offered caller accepts a callback,
    /// and whether each callback dial is answered.
    Callback(&'a str),
    /// `{outbound}/dials` (the entry's stream name is `outbound:{name}`):
    /// when an outbound entry dials.
    Dials(&'a str),
    /// `{outbound}/answer`: whether each dial is answered.
    Answer(&'a str),
    /// `{outbound}/talk`: how long each answered dial talks.
    Talk(&'a str),
}

impl fmt::Display for StreamName<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StreamName::Arrivals(s) => write!(f, "traffic:{s}/arrivals"),
            StreamName::Holding(s) => write!(f, "traffic:{s}/holding"),
            StreamName::Spread(s) => write!(f, "traffic:{s}/spread"),
            StreamName::Redial(s) => write!(f, "traffic:{s}/redial"),
            StreamName::RedialHolding(s) => write!(f, "traffic:{s}/redial-holding"),
            StreamName::AzFailures(n) => write!(f, "failures:az:{n}"),
            StreamName::CarrierFailures(n) => write!(f, "failures:carrier:{n}"),
            StreamName::LinkFailures(n) => write!(f, "failures:link:{n}"),
            StreamName::Reroute(n) => write!(f, "reroute:{n}"),
            StreamName::Patience(q) => write!(f, "{q}/patience"),
            StreamName::InstanceFailures(n) => write!(f, "failures:instance:{n}"),
            StreamName::Split(n) => write!(f, "split:{n}"),
            StreamName::Callback(q) => write!(f, "{q}/callback"),
            StreamName::Dials(o) => write!(f, "{o}/dials"),
            StreamName::Answer(o) => write!(f, "{o}/answer"),
            StreamName::Talk(o) => write!(f, "{o}/talk"),
        }
    }
}

impl StreamKey for StreamName<'_> {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::RandomStreams;
    use rand::Rng;

    #[test]
    fn names_are_the_strings_results_were_published_with() {
        let cases = [
            (StreamName::Arrivals("main#0"), "traffic:main#0/arrivals"),
            (StreamName::Holding("main#0"), "traffic:main#0/holding"),
            (StreamName::Spread("bank#1"), "traffic:bank#1/spread"),
            (StreamName::Redial("main#0"), "traffic:main#0/redial"),
            (StreamName::RedialHolding("main#0"), "traffic:main#0/redial-holding"),
            (StreamName::AzFailures("az1"), "failures:az:az1"),
            (StreamName::CarrierFailures("carrier-a"), "failures:carrier:carrier-a"),
            (StreamName::LinkFailures("carrier-a/az1"), "failures:link:carrier-a/az1"),
            (StreamName::Reroute("main"), "reroute:main"),
            (StreamName::Patience("queue:support"), "queue:support/patience"),
            (StreamName::InstanceFailures("east"), "failures:instance:east"),
            (StreamName::Split("tdg"), "split:tdg"),
        ];
        for (name, text) in cases {
            assert_eq!(name.to_string(), text);
        }
    }

    #[test]
    fn a_typed_name_seeds_the_stream_its_string_seeds() {
        let streams = RandomStreams::new(2026, 3);
        let typed = streams.stream(&StreamName::Arrivals("main#0")).next_u64();
        let named = streams.stream(&crate::engine::Named("traffic:main#0/arrivals")).next_u64();
        assert_eq!(typed, named);
    }
}
