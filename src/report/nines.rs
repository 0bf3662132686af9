//! Renderings of `callsim nines`: exact availability and outage figures,
//! and calls lost to failures per year with their intervals.

use super::csv::Rows;
use super::text::{Align, Block, Table, decimals_for, render_text, thousands};
use crate::engine::time::format_duration;
use crate::experiment::nines::{Estimate, Nines, NinesReport};

/// Availability as a percentage with enough digits to show its nines
/// (two decimals past the first digit that is not a 9).
fn percent(availability: f64, unavailability: f64) -> String {
    if unavailability <= 0.0 {
        return "100%".into();
    }
    let digits = ((-unavailability.log10()).floor() as i64 + 1).clamp(2, 14) as usize;
    format!("{:.*}%", digits, 100.0 * availability)
}

/// An estimate: `mean ± h`, `mean (exact)`, or `0 (< bound)` when unobserved.
fn estimate(e: &Estimate) -> String {
    match (e.ci95, e.upper95) {
        (Some(0.0), _) => format!("{} (exact)", thousands_or_small(e.mean, 0.0)),
        (Some(h), _) => format!("{} ± {}", thousands_or_small(e.mean, h), thousands_or_small(h, h)),
        (None, Some(upper)) => {
            format!("{} (none seen; < {})", thousands_or_small(e.mean, 0.0), thousands_or_small(upper, upper))
        }
        (None, None) => thousands_or_small(e.mean, 0.0),
    }
}

/// Large figures with separators, small ones with the decimals their
/// interval supports.
fn thousands_or_small(v: f64, ci: f64) -> String {
    if v.abs() >= 100.0 {
        thousands(v)
    } else {
        let d = decimals_for(ci, 1, 4);
        format!("{v:.d$}")
    }
}

fn rows(r: &NinesReport) -> Vec<(String, &Nines)> {
    let mut out: Vec<(String, &Nines)> = (r.entries.iter())
        .filter_map(|(name, bank)| {
            r.entry(name, *bank).map(|n| (if *bank { format!("{name} (bank)") } else { name.clone() }, n))
        })
        .collect();
    out.push(("design".into(), &r.design));
    out
}

/// The report's heading, tables and notes.
pub(crate) fn nines_blocks(r: &NinesReport) -> Vec<Block> {
    let mut out = vec![
        Block::Line(format!("Scenario: {} (seed {})", r.scenario, r.seed)),
        Block::Line(format!(
            "Losses: {} chunks, {:.1} simulated years (traffic simulated {:.1}% of the time, {} events); {}",
            r.chunks,
            r.years_simulated,
            100.0 * r.traffic_share,
            thousands(r.events as f64),
            if r.reached {
                format!("every lost-calls interval within {}% of its mean", 100.0 * r.target_rel)
            } else {
                format!(
                    "time ran out before every lost-calls interval was within {}% of its mean",
                    100.0 * r.target_rel
                )
            }
        )),
    ];
    let mut exact = Table::new(&[
        ("number", Align::Left),
        ("availability", Align::Right),
        ("nines", Align::Right),
        ("outages/year", Align::Right),
        ("mean outage", Align::Right),
        ("downtime/year", Align::Right),
    ]);
    for (name, n) in rows(r) {
        let u = 1.0 - n.availability;
        exact.rows.push(vec![
            name,
            percent(n.availability, u.max(n.downtime_s_per_year / crate::availability::YEAR_S)),
            n.nines.map_or("never down".into(), |x| format!("{x:.2}")),
            format!("{:.4}", n.outages_per_year),
            n.mean_outage_s.map_or("-".into(), format_duration),
            format_duration(n.downtime_s_per_year),
        ]);
    }
    out.push(Block::Table("Exact, from the route structure (no sampling error)".into(), exact));
    // Regional designs: calls' availability (split and failover delay
    // included) beside the structural figure, and the calls lost in failover.
    let regional = r.design.lost_in_failover_per_year.is_some();
    if regional {
        let mut instances = Table::new(&[
            ("instance", Align::Left),
            ("availability", Align::Right),
            ("outages/year", Align::Right),
            ("mean outage", Align::Right),
            ("downtime/year", Align::Right),
        ]);
        for (name, e) in &r.instances.0 {
            instances.rows.push(vec![
                name.clone(),
                percent(e.availability, e.unavailability),
                format!("{:.4}", e.outages_per_year),
                e.mean_outage_s.map_or("-".into(), format_duration),
                format_duration(e.downtime_s_per_year),
            ]);
        }
        out.push(Block::Table("Regional instances, exact".into(), instances));
        let mut calls = Table::new(&[("number", Align::Left), ("calls reach an instance", Align::Right)]);
        for (name, n) in rows(r) {
            let seen = n.call_availability.flatten();
            calls.rows.push(vec![name, seen.map_or("unknown (no formula)".into(), |a| percent(a, 1.0 - a))]);
        }
        out.push(Block::Table(
            "Exact, as calls see it: the split and the failover delay included (capacity left out)".into(),
            calls,
        ));
    }
    let mut columns = vec![
        ("number", Align::Left),
        ("no route", Align::Right),
        ("dropped", Align::Right),
        ("blocked while degraded", Align::Right),
    ];
    if regional {
        columns.push(("lost in failover", Align::Right));
    }
    columns.push(("lost", Align::Right));
    let mut lost = Table::new(&columns);
    for (name, n) in rows(r) {
        let mut row = vec![
            name,
            estimate(&n.no_route_per_year),
            estimate(&n.dropped_per_year),
            estimate(&n.degraded_blocked_per_year),
        ];
        if let Some(f) = &n.lost_in_failover_per_year {
            row.push(estimate(f));
        }
        row.push(estimate(&n.lost_per_year));
        lost.rows.push(row);
    }
    out.push(Block::Table("Calls lost to failures per year (95% intervals over chunks)".into(), lost));
    out.push(Block::Note(format!(
        "No-route calls are exact where arrivals are Poisson (rate x unavailability); calls lost to a re-route delay, redials, drops and blocking while an element on a number's routes is down are simulated around each degraded period only, traffic starting {} before it (see README, Nines).",
        format_duration(r.memory_s + 3_600.0)
    )));
    out
}

/// The report as aligned text.
pub fn nines_table(r: &NinesReport) -> String {
    render_text(nines_blocks(r))
}

/// One row per number, bank and the design: the exact figures and each
/// estimate's mean, 95% half-width (empty when nothing was seen) and
/// upper bound (when nothing was seen).
pub fn nines_csv(r: &NinesReport) -> String {
    let mut out = Rows::new([
        "row",
        "kind",
        "availability",
        "nines",
        "outages_per_year",
        "mean_outage_s",
        "downtime_s_per_year",
        "metric",
        "mean",
        "ci95",
        "upper95",
    ]);
    let opt = |v: Option<f64>| v.map_or(String::new(), |x| x.to_string());
    let mut put = |name: &str, kind: &str, n: &Nines| {
        let failover = n.lost_in_failover_per_year.as_ref().map(|f| ("lost_in_failover_per_year", f));
        for (metric, e) in [
            ("no_route_per_year", &n.no_route_per_year),
            ("dropped_per_year", &n.dropped_per_year),
            ("degraded_blocked_per_year", &n.degraded_blocked_per_year),
        ]
        .into_iter()
        .chain(failover)
        .chain([("lost_per_year", &n.lost_per_year)])
        {
            out.push([
                name.to_string(),
                kind.to_string(),
                n.availability.to_string(),
                opt(n.nines),
                n.outages_per_year.to_string(),
                opt(n.mean_outage_s),
                n.downtime_s_per_year.to_string(),
                metric.to_string(),
                e.mean.to_string(),
                opt(e.ci95),
                opt(e.upper95),
            ]);
        }
    };
    for (name, n) in &r.numbers.0 {
        put(name, "number", n);
    }
    for (name, n) in &r.banks.0 {
        put(name, "bank", n);
    }
    put("design", "design", &r.design);
    out.finish()
}
