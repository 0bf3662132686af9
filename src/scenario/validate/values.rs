//! Checks of values that several sections share: positive durations,
//! failure processes, calls-per-second limits.

use super::Problems;
use crate::engine::time::Duration;
use crate::faults::{FailureProcess, Lifetime};
use crate::model::CpsLimit;
use crate::scenario::raw::RawLifetime;

/// Seconds of `d`, with a problem at `path` unless it is > 0.
pub(super) fn positive_seconds(p: &mut Problems, path: String, d: Duration) -> f64 {
    if d.seconds() <= 0.0 {
        p.add(path, "must be > 0 (a duration like \"3m\")");
    }
    d.seconds()
}

/// The failure process of the element at `path` (`az[0]`, ...), if it has one.
pub(super) fn failure_process(
    p: &mut Problems,
    path: &str,
    mtbf: Option<Duration>,
    mttr: Option<Duration>,
    ttf: &Option<RawLifetime>,
    ttr: &Option<RawLifetime>,
) -> Option<FailureProcess> {
    let (mtbf, mttr) = match (mtbf, mttr) {
        (None, None) => {
            for (key, given) in [("time_to_failure", ttf.is_some()), ("time_to_repair", ttr.is_some())] {
                if given {
                    p.add(format!("{path}.{key}"), "needs mtbf and mttr: they give the mean of the periods it shapes");
                }
            }
            return None;
        }
        (Some(_), None) => {
            p.add(
                format!("{path}.mttr"),
                "missing: give both mtbf and mttr (mean time to repair, e.g. \"4h\"), or neither",
            );
            return None;
        }
        (None, Some(_)) => {
            p.add(
                format!("{path}.mtbf"),
                "missing: give both mtbf and mttr (mean time between failures, e.g. \"30d\"), or neither",
            );
            return None;
        }
        (Some(b), Some(r)) => {
            (positive_seconds(p, format!("{path}.mtbf"), b), positive_seconds(p, format!("{path}.mttr"), r))
        }
    };
    let mut lifetime = |key: &str, raw: &Option<RawLifetime>, mean: f64| {
        let life = match raw {
            None | Some(RawLifetime::Exponential) => Lifetime::Exponential,
            Some(RawLifetime::Weibull { shape }) => Lifetime::Weibull { shape: *shape },
            Some(RawLifetime::Lognormal { sd }) => Lifetime::LogNormal { sd_s: sd.seconds() },
            Some(RawLifetime::Fixed) => Lifetime::Fixed,
        };
        if mean > 0.0
            && let Err(e) = life.sampler(mean)
        {
            p.add(format!("{path}.{key}"), e.to_string());
        }
        life
    };
    let time_to_failure = lifetime("time_to_failure", ttf, mtbf);
    let time_to_repair = lifetime("time_to_repair", ttr, mttr);
    Some(FailureProcess { mtbf_s: mtbf, mttr_s: mttr, time_to_failure, time_to_repair })
}

/// The calls-per-second limit of the element at `path`, if it has one.
pub(super) fn cps_limit(p: &mut Problems, path: &str, cps: Option<f64>, queue: Option<Duration>) -> Option<CpsLimit> {
    match (cps, queue) {
        (None, None) => None,
        (None, Some(_)) => {
            p.add(format!("{path}.cps_queue"), "needs cps: the queue holds calls beyond a calls-per-second limit");
            None
        }
        (Some(rate), queue) => {
            if !(rate.is_finite() && rate > 0.0 && rate <= 1e9) {
                p.add(
                    format!("{path}.cps"),
                    format!("must be a number of new calls per second > 0 (at most 1e9), got {rate}"),
                );
            }
            Some(CpsLimit { calls_per_second: rate, queue_s: queue.map(|q| q.seconds()).unwrap_or(0.0) })
        }
    }
}
