//! `traffic[i].arrivals` and `traffic[i].spikes`: when calls arrive.

use super::Problems;
use super::values::positive_seconds;
use crate::scenario::raw::{RawArrivals, RawSpike, RawTraffic};
use crate::scenario::{MAX_CALLS_PER_HOUR, MIN_CALLS_PER_HOUR, ScenarioSources};
use crate::traffic::trace;
use crate::traffic::{ArrivalProcess, Profile, Spike, WEEK_HOURS};

/// The arrival process of `t` (at `path`, `traffic[i]`), its spikes applied.
/// A replayed trace comes from `sources`: validation reads no file.
pub(super) fn arrivals(p: &mut Problems, path: &str, t: &RawTraffic, sources: &ScenarioSources) -> ArrivalProcess {
    process(p, path, &t.arrivals, t.spikes.as_deref(), &t.number, sources)
}

/// The arrival process `raw` at `path` (`traffic[i]`, `outbound[i]`), with
/// `spikes` applied; `number` names the number a trace is filtered on.
pub(super) fn process(
    p: &mut Problems,
    path: &str,
    raw: &RawArrivals,
    spikes: Option<&[RawSpike]>,
    number: &str,
    sources: &ScenarioSources,
) -> ArrivalProcess {
    let ap = format!("{path}.arrivals");
    let arrivals = match raw {
        RawArrivals::Poisson { calls_per_hour } => {
            let calls_per_hour = *calls_per_hour;
            if !(MIN_CALLS_PER_HOUR..=MAX_CALLS_PER_HOUR).contains(&calls_per_hour) {
                p.add(
                    format!("{ap}.calls_per_hour"),
                    format!(
                        "must be a finite number > 0, from {MIN_CALLS_PER_HOUR:e} to {MAX_CALLS_PER_HOUR:e} calls per hour, got {calls_per_hour}"
                    ),
                );
            }
            ArrivalProcess::Poisson { calls_per_hour }
        }
        RawArrivals::Trace { file } => {
            let calls = match sources.lookup(file) {
                None => Err(format!(
                    "trace \"{file}\" was not given: Scenario::from_toml_str reads no file; load the scenario with Scenario::load(path), or give the trace's text with Scenario::from_toml_str_with_files(text, file, ScenarioSources::new().with_file(\"{file}\", csv))"
                )),
                Some(Err(unreadable)) => Err(unreadable.to_string()),
                Some(Ok(text)) => trace::read(text, file, number).map_err(|e| e.to_string()),
            };
            match calls {
                Ok(calls) => ArrivalProcess::Trace { file: file.clone(), calls },
                Err(e) => {
                    p.add(format!("{ap}.file"), e);
                    ArrivalProcess::Poisson { calls_per_hour: 1.0 }
                }
            }
        }
        RawArrivals::Profile { hourly, weekly } => {
            let weekly_calls_per_hour: Vec<f64> = match (hourly, weekly) {
                (Some(day), _) => {
                    if day.len() != 24 {
                        p.add(
                            format!("{ap}.hourly"),
                            format!("needs 24 calls-per-hour rates, one per hour from 00:00, got {}", day.len()),
                        );
                    }
                    (0..WEEK_HOURS).map(|h| day.get(h % 24).copied().unwrap_or(0.0)).collect()
                }
                (None, Some(week)) => {
                    if week.len() != 7 || week.iter().any(|d| d.len() != 24) {
                        p.add(format!("{ap}.weekly"), "needs 7 rows (Monday first) of 24 calls-per-hour rates");
                    }
                    (0..WEEK_HOURS)
                        .map(|h| week.get(h / 24).and_then(|d| d.get(h % 24)).copied().unwrap_or(0.0))
                        .collect()
                }
                (None, None) => Vec::new(),
            };
            let key = if hourly.is_some() { "hourly" } else { "weekly" };
            if weekly_calls_per_hour.iter().any(|r| !(r.is_finite() && *r >= 0.0 && *r <= MAX_CALLS_PER_HOUR)) {
                p.add(
                    format!("{ap}.{key}"),
                    format!("rates must be finite numbers from 0 to {MAX_CALLS_PER_HOUR:e} calls per hour"),
                );
            } else if weekly_calls_per_hour.iter().all(|&r| r == 0.0) {
                p.add(format!("{ap}.{key}"), "at least one hour must have calls");
            }
            ArrivalProcess::Profile(Profile { weekly_calls_per_hour, spikes: Vec::new() })
        }
    };
    let Some(raw_spikes) = spikes else { return arrivals };
    let mut spikes = Vec::with_capacity(raw_spikes.len());
    for (k, sp) in raw_spikes.iter().enumerate() {
        let sp_path = format!("{path}.spikes[{k}]");
        let duration_s = positive_seconds(p, format!("{sp_path}.duration"), sp.duration);
        if !(sp.factor.is_finite() && sp.factor > 0.0 && sp.factor <= 1e6) {
            p.add(
                format!("{sp_path}.factor"),
                format!("must be a rate multiplier > 0 (below 1 is a dip), at most 1e6, got {}", sp.factor),
            );
        }
        spikes.push(Spike { start_s: sp.start.seconds(), duration_s, factor: sp.factor });
    }
    // A flat rate with spikes is a profile whose every hour has that rate.
    match arrivals {
        ArrivalProcess::Poisson { calls_per_hour } => {
            ArrivalProcess::Profile(Profile { weekly_calls_per_hour: vec![calls_per_hour; WEEK_HOURS], spikes })
        }
        ArrivalProcess::Profile(profile) => ArrivalProcess::Profile(Profile { spikes, ..profile }),
        trace @ ArrivalProcess::Trace { .. } => {
            p.add(
                format!("{path}.spikes"),
                "a replayed trace already holds its spikes; spikes apply to poisson and profile arrivals",
            );
            trace
        }
    }
}
