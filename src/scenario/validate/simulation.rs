//! `[simulation]` and `[instance]`.

use super::Problems;
use super::values::positive_seconds;
use crate::model::Instance;
use crate::scenario::raw::RawScenario;
use crate::scenario::{MAX_REPLICATIONS, SimulationSettings};

/// `[simulation]`: `None` (and a problem) when the table is missing.
pub(super) fn simulation(p: &mut Problems, raw: &RawScenario) -> Option<SimulationSettings> {
    let Some(s) = &raw.simulation else {
        p.add("simulation", "missing: add a [simulation] table with at least horizon = \"7d\"");
        return None;
    };
    let horizon_s = match s.horizon {
        None => {
            p.add("simulation.horizon", "missing: the simulated time per replication after warm-up, e.g. \"7d\"");
            0.0
        }
        Some(h) => positive_seconds(p, "simulation.horizon".into(), h),
    };
    let replications = s.replications.unwrap_or(10);
    if replications == 0 || replications > MAX_REPLICATIONS {
        p.add("simulation.replications", format!("must be between 1 and {MAX_REPLICATIONS}, got {replications}"));
    }
    Some(SimulationSettings {
        horizon_s,
        warmup_s: s.warmup.map(|w| w.seconds()).unwrap_or(0.0),
        replications,
        seed: s.seed.unwrap_or(1),
    })
}

/// `[instance]`.
pub(super) fn instance(p: &mut Problems, raw: &RawScenario) -> Instance {
    let instance = Instance {
        max_concurrent_calls: raw.instance.as_ref().and_then(|i| i.max_concurrent_calls),
        ivr_s: raw.instance.as_ref().and_then(|i| i.ivr).map(|d| d.seconds()).unwrap_or(0.0),
    };
    if instance.max_concurrent_calls == Some(0) {
        p.add("instance.max_concurrent_calls", "must be >= 1 (omit it for no quota)");
    }
    instance
}
