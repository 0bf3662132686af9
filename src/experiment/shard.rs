//! Shards: a run split across machines, and merged back.
//!
//! Shard `I/N` (0-based I) runs a contiguous block of the replication
//! indices, `[I*R/N, (I+1)*R/N)`, with the same seeds as the whole run, and
//! writes a [`ShardFile`]: the scenario text, the trace files it names and
//! the settings, its replication indices, and each replication's raw
//! outcome (floats round-trip exactly through JSON). The shard embeds all
//! it needs: [`merge`] reads no other file. [`merge`] checks that the shards belong to one run and
//! cover every replication once, then summarises all outcomes in index
//! order: the report is identical to the whole run's.

pub mod check;

use crate::scenario::{Scenario, ScenarioError, ScenarioSources, SimulationSettings};
use crate::sim::ReplicationOutcome;
use crate::summary::Report;
use std::collections::BTreeMap;

/// Format version of shard files.
pub const SHARD_FORMAT: u32 = 1;

/// `--shard I/N`: shard I (0-based) of N.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ShardSpec {
    /// This shard, 0-based.
    pub index: u32,
    /// Shards in all.
    pub count: u32,
}

impl ShardSpec {
    /// Parses `I/N` with 0 <= I < N.
    pub fn parse(text: &str) -> Result<ShardSpec, ShardSpecError> {
        let bad = || ShardSpecError::NotAShard { text: text.to_string() };
        let (i, n) = text.split_once('/').ok_or_else(bad)?;
        let (index, count): (u32, u32) = (i.trim().parse().map_err(|_| bad())?, n.trim().parse().map_err(|_| bad())?);
        if count == 0 || index >= count {
            return Err(bad());
        }
        Ok(ShardSpec { index, count })
    }

    /// The replication indices of this shard out of `replications`.
    pub fn indices(self, replications: u32) -> Vec<u64> {
        let r = replications as u64;
        let (i, n) = (self.index as u64, self.count as u64);
        (i * r / n..(i + 1) * r / n).collect()
    }
}

/// Why a text is not a shard.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ShardSpecError {
    /// Not `I/N` with 0 <= I < N.
    #[error("\"{text}\" is not a shard: expected I/N with 0 <= I < N, like 0/4 (shards count from 0)")]
    NotAShard {
        /// The text as given.
        text: String,
    },
}

/// The effective simulation settings, as a shard records them.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Settings {
    /// Seconds.
    pub horizon_s: f64,
    /// Seconds.
    pub warmup_s: f64,
    /// Replications of the whole run.
    pub replications: u32,
    /// Base seed.
    pub seed: u64,
}

impl From<&SimulationSettings> for Settings {
    fn from(s: &SimulationSettings) -> Self {
        Settings { horizon_s: s.horizon_s, warmup_s: s.warmup_s, replications: s.replications, seed: s.seed }
    }
}

/// What one shard writes (`--shard I/N --format json`).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ShardFile {
    /// [`SHARD_FORMAT`].
    pub callsim_shard: u32,
    /// Which shard.
    pub shard: ShardSpec,
    /// The scenario file's name, as given.
    pub scenario_file: String,
    /// The scenario file's text.
    pub scenario_toml: String,
    /// The text of every trace file the scenario names, by the name it
    /// gives them (absent in shards of scenarios that replay no trace).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub scenario_files: BTreeMap<String, String>,
    /// Horizon, warm-up, replications, seed of the whole run.
    pub settings: Settings,
    /// The replication indices run here.
    pub indices: Vec<u64>,
    /// Their outcomes, in the order of `indices`.
    pub outcomes: Vec<ReplicationOutcome>,
}

/// Why shards could not be merged.
#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    /// Nothing to merge.
    #[error("no shard files given")]
    Empty,
    /// A shard is not of the same run as the first.
    #[error("{file}: not a shard of the same run as {first} ({what} differs)")]
    Mismatch {
        /// The odd shard.
        file: String,
        /// The first shard.
        first: String,
        /// What differs.
        what: &'static str,
    },
    /// Some replications are missing or present twice.
    #[error("the shards do not cover replications 0..{replications} exactly once: {detail}")]
    Coverage {
        /// Replications of the run.
        replications: u32,
        /// Which are missing or repeated.
        detail: String,
    },
    /// The embedded scenario no longer validates.
    #[error(transparent)]
    Scenario(#[from] ScenarioError),
    /// A field of a shard file is not what its scenario allows (see [`check`]).
    #[error(transparent)]
    Invalid(#[from] check::ShardFieldError),
}

/// The trace files of `scenario`, as a shard embeds them.
pub fn embedded_files(scenario: &Scenario) -> BTreeMap<String, String> {
    scenario.sources().files().map(|(name, text)| (name.to_string(), text.to_string())).collect()
}

/// Rebuilds the scenario a shard ran, from the shard alone (no file is read).
pub fn scenario_of(shard: &ShardFile) -> Result<Scenario, ScenarioError> {
    let sources = (shard.scenario_files.iter())
        .fold(ScenarioSources::new(), |sources, (name, text)| sources.with_file(name.as_str(), text.as_str()));
    let s = Scenario::from_toml_str_with_files(&shard.scenario_toml, &shard.scenario_file, sources)?;
    let t = &shard.settings;
    s.with_simulation(&SimulationSettings {
        horizon_s: t.horizon_s,
        warmup_s: t.warmup_s,
        replications: t.replications,
        seed: t.seed,
    })
}

/// Merges shards (file name, content) into the whole run's report.
pub fn merge(shards: &[(String, ShardFile)]) -> Result<(Scenario, Report), MergeError> {
    let (first_name, first) = shards.first().ok_or(MergeError::Empty)?;
    for (name, s) in &shards[1..] {
        let what = if s.scenario_toml != first.scenario_toml || s.scenario_files != first.scenario_files {
            Some("the scenario")
        } else if s.settings != first.settings {
            Some("horizon, warm-up, replications or seed")
        } else if s.shard.count != first.shard.count {
            Some("the shard count")
        } else {
            None
        };
        if let Some(what) = what {
            return Err(MergeError::Mismatch { file: name.clone(), first: first_name.clone(), what });
        }
    }
    let scenario = check::scenario(first_name, first)?;
    for (name, s) in shards {
        check::check(name, s, &scenario)?;
    }
    let replications = first.settings.replications;
    let mut slots: Vec<Option<&ReplicationOutcome>> = vec![None; replications as usize];
    let mut repeated = Vec::new();
    for (_, s) in shards {
        for (&k, o) in s.indices.iter().zip(&s.outcomes) {
            match slots.get_mut(k as usize) {
                Some(slot @ None) => *slot = Some(o),
                _ => repeated.push(k),
            }
        }
    }
    let missing: Vec<usize> = (slots.iter().enumerate()).filter(|(_, o)| o.is_none()).map(|(k, _)| k).collect();
    if !missing.is_empty() || !repeated.is_empty() {
        return Err(MergeError::Coverage {
            replications,
            detail: format!("missing {missing:?}, repeated or out of range {repeated:?}"),
        });
    }
    let outcomes: Vec<ReplicationOutcome> = slots.into_iter().flatten().cloned().collect();
    let report = Report::new(&scenario, &outcomes);
    Ok((scenario, report))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_partition_the_replications() {
        for r in [1u32, 2, 7, 10, 100] {
            for n in 1..=5u32 {
                let all: Vec<u64> = (0..n).flat_map(|i| ShardSpec { index: i, count: n }.indices(r)).collect();
                assert_eq!(all, (0..r as u64).collect::<Vec<_>>(), "r {r} n {n}");
            }
        }
        assert_eq!(ShardSpec::parse("2/3"), Ok(ShardSpec { index: 2, count: 3 }));
        for bad in ["3/3", "1", "a/2", "0/0", "-1/2"] {
            assert!(ShardSpec::parse(bad).is_err(), "{bad}");
        }
    }
}
