//! Shard files are input: every field is checked before [`merge`](super::merge)
//! uses it.
//!
//! A shard file may be edited by hand, truncated, or written by another
//! version; the report code indexes outcomes by the scenario's numbers and
//! links and sums their counts, so a file that disagrees with its own
//! embedded scenario must be refused, not trusted. Each check names the
//! shard file and the field as a JSON path (`outcomes[3].numbers[0].offered`)
//! and says what is allowed.
//!
//! What is checked, against the embedded scenario (itself validated as a
//! scenario file is):
//! - the format version; the shard spec (`count >= 1`, `index < count`);
//! - the settings: horizon finite, > 0 and at most 1e12 s; warm-up finite,
//!   >= 0 and at most 1e12 s; replications from 1 to 1,000,000;
//! - `indices`: exactly the block of replications that shard `I/N` runs;
//!   one outcome per index;
//! - every outcome: one entry per number and per link of the scenario;
//!   every count at most [`MAX_EVENTS`] (no queue can schedule more, and
//!   sums over numbers and replications then cannot overflow); calls
//!   conserved over the window (`carried_in + offered = completed +
//!   blocked + dropped + in_progress`,
//!   `blocked` and `dropped` the sums of their causes); every fraction in
//!   [0, 1]; every time and mean finite and >= 0, times within the horizon;
//!   peaks within caps, channels and the instance quota;
//! - one queue outcome per `[[queue]]`: its counts conserved (`offered =
//!   entered + queue_full`, `entered = answered + abandoned +
//!   callbacks_accepted`, each share of entered calls at most `entered`),
//!   its times and means finite and >= 0, its wait distribution in
//!   increasing thresholds with counts that never fall and never exceed
//!   `entered`.

use super::{SHARD_FORMAT, ShardFile, scenario_of};
use crate::engine::queue::MAX_EVENTS;
use crate::engine::time::MAX_DURATION_S;
use crate::scenario::{MAX_REPLICATIONS, Scenario};
use crate::sim::{LinkOutcome, NumberOutcome, QueueOutcome, ReplicationOutcome};

/// A field of a shard file that is not what its scenario allows.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("{file}: `{field}`: {problem}")]
pub struct ShardFieldError {
    /// The shard file, as given.
    pub file: String,
    /// The field, as a JSON path.
    pub field: String,
    /// What is wrong and what is allowed.
    pub problem: String,
}

/// Rounding slack for fractions and times computed in floating point.
const SLACK: f64 = 1e-9;

/// Checks the settings of `shard` (file `file`), then rebuilds and
/// validates its embedded scenario.
pub fn scenario(file: &str, shard: &ShardFile) -> Result<Scenario, ShardFieldError> {
    let fail = |field: &str, problem: String| ShardFieldError { file: file.into(), field: field.into(), problem };
    let t = &shard.settings;
    if !(t.horizon_s.is_finite() && t.horizon_s > 0.0 && t.horizon_s <= MAX_DURATION_S) {
        return Err(fail("settings.horizon_s", format!("must be seconds > 0 and at most 1e12, got {}", t.horizon_s)));
    }
    if !(t.warmup_s.is_finite() && t.warmup_s >= 0.0 && t.warmup_s <= MAX_DURATION_S) {
        return Err(fail("settings.warmup_s", format!("must be seconds >= 0 and at most 1e12, got {}", t.warmup_s)));
    }
    if t.replications == 0 || t.replications > MAX_REPLICATIONS {
        return Err(fail(
            "settings.replications",
            format!("must be from 1 to {MAX_REPLICATIONS}, got {}", t.replications),
        ));
    }
    scenario_of(shard).map_err(|e| fail("scenario_toml", format!("the embedded scenario does not validate: {e}")))
}

/// Checks every field of `shard` (file `file`) against `scenario`, the
/// scenario of the run it belongs to (see [`scenario`]).
pub fn check(file: &str, shard: &ShardFile, scenario: &Scenario) -> Result<(), ShardFieldError> {
    let fail = |field: String, problem: String| ShardFieldError { file: file.into(), field, problem };
    if shard.callsim_shard != SHARD_FORMAT {
        return Err(fail(
            "callsim_shard".into(),
            format!(
                "format {} is not the format this callsim reads ({SHARD_FORMAT}); write the shards again with this version",
                shard.callsim_shard
            ),
        ));
    }
    let spec = shard.shard;
    if spec.count == 0 || spec.index >= spec.count {
        return Err(fail(
            "shard".into(),
            format!("index {} of count {}: needs count >= 1 and 0 <= index < count", spec.index, spec.count),
        ));
    }
    let expected = spec.indices(scenario.simulation.replications);
    if shard.indices != expected {
        let range = match (expected.first(), expected.last()) {
            (Some(a), Some(b)) => format!("{a}..={b}"),
            _ => "none".into(),
        };
        return Err(fail(
            "indices".into(),
            format!(
                "shard {}/{} of {} replications runs replications {range}, not the {} listed",
                spec.index,
                spec.count,
                scenario.simulation.replications,
                shard.indices.len()
            ),
        ));
    }
    if shard.outcomes.len() != shard.indices.len() {
        return Err(fail(
            "outcomes".into(),
            format!(
                "{} outcome(s) for {} replication index(es): needs one per index",
                shard.outcomes.len(),
                shard.indices.len()
            ),
        ));
    }
    for (k, o) in shard.outcomes.iter().enumerate() {
        outcome(o, scenario).map_err(|(field, problem)| fail(format!("outcomes[{k}].{field}"), problem))?;
    }
    Ok(())
}

/// A field (relative to its outcome) and what is wrong with it.
type Wrong = (String, String);

/// Checks one replication's outcome against the scenario.
fn outcome(o: &ReplicationOutcome, scenario: &Scenario) -> Result<(), Wrong> {
    let model = &scenario.model;
    count("events", o.events)?;
    if o.numbers.len() != model.numbers.len() {
        return Err((
            "numbers".into(),
            format!("{} entries; the scenario has {} number(s)", o.numbers.len(), model.numbers.len()),
        ));
    }
    if o.links.len() != model.links.len() {
        return Err((
            "links".into(),
            format!("{} entries; the scenario has {} link(s)", o.links.len(), model.links.len()),
        ));
    }
    let horizon_s = scenario.simulation.horizon_s;
    for (i, (n, number)) in o.numbers.iter().zip(&model.numbers).enumerate() {
        number_outcome(n, number.max_concurrent, horizon_s).map_err(|(f, p)| (format!("numbers[{i}].{f}"), p))?;
    }
    for (i, (l, link)) in o.links.iter().zip(&model.links).enumerate() {
        link_outcome(l, link.channels).map_err(|(f, p)| (format!("links[{i}].{f}"), p))?;
    }
    if o.queues.len() != model.queues.len() {
        return Err((
            "queues".into(),
            format!("{} entries; the scenario has {} queue(s)", o.queues.len(), model.queues.len()),
        ));
    }
    for (i, q) in o.queues.iter().enumerate() {
        queue_outcome(q).map_err(|(f, p)| (format!("queues[{i}].{f}"), p))?;
    }
    non_negative("instance.mean_concurrency", o.instance.mean_concurrency)?;
    if let Some(quota) = model.instance.max_concurrent_calls {
        at_most("instance.peak_concurrency", o.instance.peak_concurrency, quota, "the instance quota")?;
    }
    Ok(())
}

fn number_outcome(n: &NumberOutcome, cap: Option<u32>, horizon_s: f64) -> Result<(), Wrong> {
    let counts = [
        ("offered", n.offered),
        ("completed", n.completed),
        ("blocked", n.blocked),
        ("dropped", n.dropped),
        ("in_progress", n.in_progress),
        ("carried_in", n.carried_in),
        ("callers", n.callers),
        ("redials", n.redials),
        ("never_through", n.never_through),
        ("outages", n.outages),
    ];
    for (field, v) in counts {
        count(field, v)?;
    }
    for (i, &v) in n.blocked_by.values().enumerate() {
        count(&format!("blocked_by[{i}]"), v)?;
    }
    for (i, &v) in n.dropped_by.values().enumerate() {
        count(&format!("dropped_by[{i}]"), v)?;
    }
    // No overflow: every term is at most 2^40.
    let accounted = n.completed + n.blocked + n.dropped + n.in_progress;
    if n.carried_in + n.offered != accounted {
        return Err((
            "offered".into(),
            format!(
                "{} calls carried in and {} offered but completed + blocked + dropped + in_progress = {accounted}: calls must be conserved",
                n.carried_in, n.offered
            ),
        ));
    }
    sum_of("blocked", n.blocked, "blocked_by", &n.blocked_by.values().copied().collect::<Vec<_>>())?;
    sum_of("dropped", n.dropped, "dropped_by", &n.dropped_by.values().copied().collect::<Vec<_>>())?;
    for (field, v) in [
        ("blocking_probability", n.blocking_probability),
        ("availability", n.availability),
        ("saturation", n.saturation),
    ] {
        fraction(field, v)?;
    }
    for (field, v) in [("outage_s", n.outage_s), ("longest_outage_s", n.longest_outage_s)] {
        non_negative(field, v)?;
        if v > horizon_s * (1.0 + SLACK) {
            return Err((field.into(), format!("{v} s is longer than the horizon ({horizon_s} s)")));
        }
    }
    non_negative("mean_concurrency", n.mean_concurrency)?;
    if let Some(cap) = cap {
        at_most("peak_concurrency", n.peak_concurrency, cap, "the number's max_concurrent")?;
    }
    Ok(())
}

fn queue_outcome(q: &QueueOutcome) -> Result<(), Wrong> {
    let counts = [
        ("offered", q.offered),
        ("queue_full", q.queue_full),
        ("entered", q.entered),
        ("answered", q.answered),
        ("abandoned", q.abandoned),
        ("answered_within", q.answered_within),
        ("waited", q.waited),
        ("callbacks_offered", q.callbacks_offered),
        ("callbacks_accepted", q.callbacks_accepted),
        ("callbacks_reached", q.callbacks_reached),
        ("callbacks_never_reached", q.callbacks_never_reached),
        ("callback_dials", q.callback_dials),
        ("callback_dials_blocked", q.callback_dials_blocked),
    ];
    for (field, v) in counts {
        count(field, v)?;
    }
    // No overflow: every term is at most 2^40.
    sum_of("offered", q.offered, "entered + queue_full", &[q.entered, q.queue_full])?;
    sum_of(
        "entered",
        q.entered,
        "answered + abandoned + callbacks_accepted",
        &[q.answered, q.abandoned, q.callbacks_accepted],
    )?;
    for (field, v) in [("answered_within", q.answered_within), ("waited", q.waited)] {
        if v > q.entered {
            return Err((field.into(), format!("{v} is more than the {} calls that entered", q.entered)));
        }
    }
    if q.callback_dials_blocked > q.callback_dials {
        return Err((
            "callback_dials_blocked".into(),
            format!("{} is more than the {} callback dials", q.callback_dials_blocked, q.callback_dials),
        ));
    }
    for (field, v) in [
        ("answered_wait_s", q.answered_wait_s),
        ("wait_s", q.wait_s),
        ("p95_wait_s", q.p95_wait_s),
        ("mean_waiting", q.mean_waiting),
        ("mean_busy_agents", q.mean_busy_agents),
        ("occupancy", q.occupancy),
        ("mean_scheduled_agents", q.mean_scheduled_agents),
        ("mean_overtime_agents", q.mean_overtime_agents),
    ] {
        non_negative(field, v)?;
    }
    let mut previous: Option<(f64, u64)> = None;
    for (i, w) in q.waits_within.iter().enumerate() {
        let field = format!("waits_within[{i}]");
        count(&field, w.calls)?;
        non_negative(&format!("{field}.within_s"), w.within_s)?;
        if w.calls > q.entered {
            return Err((
                format!("{field}.calls"),
                format!("{} is more than the {} calls that entered", w.calls, q.entered),
            ));
        }
        if let Some((t, c)) = previous
            && (w.within_s <= t || w.calls < c)
        {
            return Err((field, "thresholds must increase and their counts never fall".into()));
        }
        previous = Some((w.within_s, w.calls));
    }
    Ok(())
}

fn link_outcome(l: &LinkOutcome, channels: u32) -> Result<(), Wrong> {
    count("carried", l.carried)?;
    count("outages", l.outages)?;
    fraction("utilization", l.utilization)?;
    fraction("availability", l.availability)?;
    non_negative("mean_busy", l.mean_busy)?;
    at_most("peak_busy", l.peak_busy, channels, "the link's channels")
}

fn count(field: &str, v: u64) -> Result<(), Wrong> {
    if v > MAX_EVENTS {
        return Err((field.into(), format!("{v} is more than one replication can count (at most {MAX_EVENTS})")));
    }
    Ok(())
}

fn sum_of(field: &str, total: u64, parts_field: &str, parts: &[u64]) -> Result<(), Wrong> {
    let sum: u64 = parts.iter().sum();
    if total != sum {
        return Err((field.into(), format!("{total}, but the sum of `{parts_field}` is {sum}: they must agree")));
    }
    Ok(())
}

fn fraction(field: &str, v: f64) -> Result<(), Wrong> {
    if !(v.is_finite() && (0.0..=1.0 + SLACK).contains(&v)) {
        return Err((field.into(), format!("must be a fraction from 0 to 1, got {v}")));
    }
    Ok(())
}

fn non_negative(field: &str, v: f64) -> Result<(), Wrong> {
    if !(v.is_finite() && v >= 0.0) {
        return Err((field.into(), format!("must be a finite number >= 0, got {v}")));
    }
    Ok(())
}

fn at_most(field: &str, v: u32, max: u32, what: &str) -> Result<(), Wrong> {
    if v > max {
        return Err((field.into(), format!("{v} is more than {what} ({max})")));
    }
    Ok(())
}
