//! The peers' standard benchmark model, "MMcc", built once for the benches
//! and the timed example (`#[path]`-included by each): one DID capped at
//! `c` concurrent calls on a link of ample channels (10 c), Poisson arrivals
//! at `erlangs` per second, exponential holding of mean 1 s, one replication.

use callsim::scenario::Scenario;
use callsim::traffic::HoldingTime;

/// MMcc with `c` lines offered `erlangs`, measured over `horizon_s` seconds
/// after `warmup_s`, seeded `seed`.
pub fn mmcc(c: u32, erlangs: f64, horizon_s: f64, warmup_s: f64, seed: u64) -> Scenario {
    Scenario::builder(&format!("MMcc: c = {c}, A = {erlangs} Erl"))
        .horizon_s(horizon_s)
        .warmup_s(warmup_s)
        .replications(1)
        .seed(seed)
        .az("az1")
        .carrier("carrier-a")
        .link("carrier-a", "az1", 10 * c.max(1))
        .did("did", "carrier-a", Some(c))
        .poisson("did", erlangs * 3_600.0, HoldingTime::Exponential { mean_s: 1.0 })
        .build()
        .unwrap_or_else(|e| panic!("{e}"))
}
