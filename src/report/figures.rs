//! The data of each chart, gathered from a scenario, its report and a
//! traced replication ([`Timeline`]); `charts` draws it.

use super::charts::{
    BarChart, BarPanel, ConcurrencyChart, ConcurrencySeries, Curve, CurveChart, CurvePoint, Mark, OutageChart,
    OutageRow, Period,
};
use crate::cost::DAYS_PER_MONTH;
use crate::experiment::compare::Comparison;
use crate::experiment::sweep::SweepPoint;
use crate::model::Entry;
use crate::scenario::Scenario;
use crate::sim::Timeline;
use crate::stats::Summary;

/// Most panels in the concurrency chart (numbers beyond are summarised by banks or left out).
pub const MAX_PANELS: usize = 12;
/// Most rows in the outage timeline.
pub const MAX_ROWS: usize = 60;
/// Most curves in a sweep chart.
pub const MAX_CURVES: usize = 10;

fn periods(p: &[(f64, f64)]) -> Vec<Period> {
    p.iter().map(|&(start_s, end_s)| Period { start_s, end_s }).collect()
}

/// Concurrency over time: one panel per number outside a bank, one per
/// bank (its DIDs together: the sum of their peaks in each bin, at most the
/// bank's calls in progress at its busiest moment of the bin, against the
/// bank's total cap, shaded while the bank had no route), at most [`MAX_PANELS`].
/// Returns the chart and how many panels were left out.
pub fn concurrency(scenario: &Scenario, timeline: &Timeline, replication: u64) -> (ConcurrencyChart, usize) {
    let model = &scenario.model;
    let mut series = Vec::new();
    for entry in model.entries() {
        let i = entry.first();
        let n = &model.numbers[i];
        series.push(match entry {
            Entry::Number(_) => ConcurrencySeries {
                label: format!("{} ({})", n.name, n.kind.as_str()),
                cap: n.max_concurrent,
                peaks: timeline.peaks[i].clone(),
                outages: periods(&timeline.number_outages[i]),
            },
            // DIDs of a bank share their carrier's links: they lose their routes together.
            Entry::Bank(bank) => ConcurrencySeries {
                label: format!("{}: all {} DIDs together (sum of their peaks), total cap", bank.name, bank.count),
                cap: n.max_concurrent.map(|c| c.saturating_mul(bank.count as u32)),
                peaks: (0..timeline.peaks[i].len())
                    .map(|k| bank.members().map(|m| timeline.peaks[m][k]).fold(0u32, u32::saturating_add))
                    .collect(),
                outages: periods(&timeline.number_outages[i]),
            },
        });
    }
    let left_out = series.len().saturating_sub(MAX_PANELS);
    series.truncate(MAX_PANELS);
    let chart = ConcurrencyChart {
        title: format!("Peak calls in progress per {} (replication {replication})", bin_text(timeline.bin_s)),
        bin_s: timeline.bin_s,
        horizon_s: timeline.horizon_s,
        series,
    };
    (chart, left_out)
}

/// A bin width as people say it: "67 min", "2 h".
fn bin_text(bin_s: f64) -> String {
    match bin_s {
        s if s < 120.0 => format!("{s:.0} s"),
        s if s < 7_200.0 => format!("{:.0} min", s / 60.0),
        s => format!("{:.1} h", s / 3_600.0),
    }
}

/// When regional instances, AZs, carriers and links were down: every element that can fail
/// (a random failure process or a scheduled outage), or, beyond
/// [`MAX_ROWS`], those that did. Returns the chart and the rows left out.
pub fn outages(scenario: &Scenario, timeline: &Timeline, replication: u64) -> (OutageChart, usize) {
    let model = &scenario.model;
    let scheduled = |e: crate::faults::Element| model.outages.iter().any(|o| o.target == e);
    use crate::faults::Element;
    let mut rows: Vec<OutageRow> = Vec::new();
    let mut add = |label: &str, kind: &'static str, can_fail: bool, p: &[(f64, f64)]| {
        if can_fail || !p.is_empty() {
            rows.push(OutageRow { label: label.to_string(), kind, periods: periods(p) });
        }
    };
    // The layer above the trunks first: regional instances.
    for (i, inst) in model.regions().iter().flat_map(|r| r.instances.iter()).enumerate() {
        let can_fail = inst.failure.is_some() || scheduled(Element::Instance(i));
        add(&inst.name, "instance", can_fail, &timeline.instance_outages[i]);
    }
    for (i, a) in model.azs.iter().enumerate() {
        add(&a.name, "az", a.failure.is_some() || scheduled(Element::Az(i)), &timeline.az_outages[i]);
    }
    for (i, c) in model.carriers.iter().enumerate() {
        add(&c.name, "carrier", c.failure.is_some() || scheduled(Element::Carrier(i)), &timeline.carrier_outages[i]);
    }
    for (i, l) in model.links.iter().enumerate() {
        add(&l.name, "link", l.failure.is_some() || scheduled(Element::Link(i)), &timeline.link_outages[i]);
    }
    let mut left_out = 0;
    if rows.len() > MAX_ROWS {
        let before = rows.len();
        rows.retain(|r| !r.periods.is_empty());
        rows.truncate(MAX_ROWS);
        left_out = before - rows.len();
    }
    let chart = OutageChart {
        title: format!("Elements down (replication {replication})"),
        horizon_s: timeline.horizon_s,
        rows,
    };
    (chart, left_out)
}

/// Blocking against offered load over a sweep: one curve per number
/// outside a bank and per bank, and, when several settings form a grid,
/// per value of the settings other than the one along x (labelled with
/// them). x is the offered load in Erlangs when it varies along the
/// x setting; otherwise that setting's value (when numeric) or the point's
/// rank. The x setting is the first whose values move the offered load
/// with the others fixed, else the first.
pub fn sweep_blocking(points: &[SweepPoint]) -> (CurveChart, usize) {
    let Some(first) = points.first() else {
        return (
            CurveChart {
                title: "Blocking".into(),
                x_label: String::new(),
                y_label: "blocking probability".into(),
                y_percent: true,
                curves: Vec::new(),
                marks: Vec::new(),
            },
            0,
        );
    };
    // (label, per point: (offered Erlangs, blocking)), per design.
    type Along = Vec<Option<(f64, Summary)>>;
    let mut designs: Vec<(String, Along)> = Vec::new();
    for (name, _) in first.report.numbers.0.iter().filter(|(_, n)| n.bank.is_none()) {
        let along =
            points.iter().map(|p| p.report.numbers.get(name).map(|m| (m.offered_erlangs, m.blocking_probability)));
        designs.push((name.clone(), along.collect()));
    }
    for (name, _) in &first.report.banks.0 {
        let along =
            points.iter().map(|p| p.report.banks.get(name).map(|b| (b.offered_erlangs, b.blocking_probability)));
        designs.push((format!("{name} (bank)"), along.collect()));
    }
    let settings = first.set.len();
    // The points of each curve: those equal on every setting but `along`.
    let groups = |along: usize| -> Vec<Vec<usize>> {
        let mut groups: Vec<(Vec<&str>, Vec<usize>)> = Vec::new();
        for (i, p) in points.iter().enumerate() {
            let key: Vec<&str> =
                p.set.iter().enumerate().filter(|&(j, _)| j != along).map(|(_, (_, v))| v.as_str()).collect();
            match groups.iter_mut().find(|(k, _)| *k == key) {
                Some((_, members)) => members.push(i),
                None => groups.push((key, vec![i])),
            }
        }
        groups.into_iter().map(|(_, m)| m).collect()
    };
    let load_varies_along = |along: usize| {
        groups(along).iter().any(|g| {
            designs.iter().any(|(_, pts)| {
                let loads: Vec<f64> = g.iter().filter_map(|&i| pts[i].map(|p| p.0)).collect();
                loads.windows(2).any(|w| (w[0] - w[1]).abs() > 1e-9 * w[0].abs().max(1e-12))
            })
        })
    };
    let along = (0..settings).find(|&j| load_varies_along(j)).unwrap_or(0);
    let load_varies = settings > 0 && load_varies_along(along);
    let value = |i: usize| points[i].set.get(along).and_then(|(_, v)| v.parse::<f64>().ok());
    let numeric = (0..points.len()).all(|i| value(i).is_some());
    let path = first.set.get(along).map(|(p, _)| p.clone());
    let x_label = match &path {
        _ if load_varies => "offered load (Erlangs)".to_string(),
        Some(path) if numeric => path.clone(),
        _ => "sweep point".to_string(),
    };
    let x = |i: usize, load: f64| {
        if load_varies {
            load
        } else if numeric {
            value(i).unwrap_or(0.0)
        } else {
            (i + 1) as f64
        }
    };
    let groups = if settings > 1 { groups(along) } else { vec![(0..points.len()).collect()] };
    let mut curves: Vec<Curve> = Vec::new();
    for (label, pts) in &designs {
        for g in &groups {
            let others: Vec<String> = (points[g[0]].set.iter().enumerate())
                .filter(|&(j, _)| j != along)
                .map(|(_, (p, v))| format!("{p}={v}"))
                .collect();
            let mut curve: Vec<CurvePoint> =
                g.iter().filter_map(|&i| pts[i].map(|(load, y)| CurvePoint { x: x(i, load), y })).collect();
            curve.sort_by(|a, b| a.x.total_cmp(&b.x));
            let label = if settings > 1 { format!("{label}, {}", others.join(", ")) } else { label.clone() };
            curves.push(Curve { label, points: curve });
        }
    }
    let left_out = curves.len().saturating_sub(MAX_CURVES);
    curves.truncate(MAX_CURVES);
    let chart = CurveChart {
        title: format!("Blocking against {x_label}: {}", first.report.scenario),
        x_label,
        y_label: "calls blocked (%)".into(),
        y_percent: true,
        curves,
        marks: Vec::new(),
    };
    (chart, left_out)
}

/// Share of calls that left a queue within a wait at most this (a
/// fraction): a wait chart stops at the first threshold where it is
/// reached, past the service level's threshold.
const WAITS_SHOWN: f64 = 0.995;

/// Queue `name`'s distribution of waits from `report`: the share of entered
/// calls that waited at most x seconds against x, with the 95% band, and
/// the service level's threshold marked. The points run from 0 s to the
/// first threshold past `answer_within` where the share reaches 99.5% (all
/// of them when it never does). `None` when the report has no such queue
/// or no distribution (merged from old shards).
pub fn queue_waits(report: &crate::summary::Report, name: &str) -> Option<CurveChart> {
    let q = report.queues.get(name)?;
    let last = (q.wait_cdf.iter())
        .position(|w| w.within_s >= q.answer_within_s && w.share.mean >= WAITS_SHOWN)
        .unwrap_or(q.wait_cdf.len().saturating_sub(1));
    let points: Vec<CurvePoint> =
        q.wait_cdf.get(..=last)?.iter().map(|w| CurvePoint { x: w.within_s, y: w.share }).collect();
    let within = crate::engine::time::format_duration(q.answer_within_s);
    Some(CurveChart {
        title: format!("Waits in queue {name}: {}", report.scenario),
        x_label: "wait (seconds)".into(),
        y_label: "entered calls that waited at most x (%)".into(),
        y_percent: true,
        curves: vec![Curve { label: format!("{name} ({} agents)", q.agents), points }],
        marks: vec![Mark { x: q.answer_within_s, label: format!("service level's threshold: answer within {within}") }],
    })
}

/// Designs side by side: time without a route per month, blocking,
/// dropped calls per replication (as the tables count them) and cost per
/// month when priced; whiskers are 95% intervals, stopped at 0 (none of
/// these can be negative). Designs are named by their scenarios' names
/// (their labels when two share a name).
pub fn comparison_bars(c: &Comparison) -> BarChart {
    let minutes_per_month = DAYS_PER_MONTH * 1_440.0;
    let names = design_names(c);
    let name = |i: usize| names[i].clone();
    let horizon =
        c.designs.first().map(|d| crate::engine::time::format_duration(d.report.horizon_s)).unwrap_or_default();
    let mut panels = vec![
        BarPanel {
            title: "time without a route (minutes/month)".into(),
            bars: (c.decision.iter().enumerate())
                .map(|(i, d)| {
                    let down = Summary {
                        mean: (1.0 - d.availability.mean) * minutes_per_month,
                        ci95: d.availability.ci95.map(|h| h * minutes_per_month),
                    };
                    (name(i), down)
                })
                .collect(),
            non_negative: true,
        },
        BarPanel {
            title: "calls blocked (%)".into(),
            bars: (c.decision.iter().enumerate())
                .map(|(i, d)| (name(i), d.blocking_probability.scaled(100.0)))
                .collect(),
            non_negative: true,
        },
        BarPanel {
            title: format!("calls dropped (per {horizon} replication)"),
            bars: (c.decision.iter().enumerate()).map(|(i, d)| (name(i), d.dropped)).collect(),
            non_negative: true,
        },
    ];
    if c.decision.iter().all(|d| d.cost_per_month.is_some()) {
        let currency =
            (c.designs.iter()).find_map(|d| d.report.cost.as_ref().map(|c| c.currency.clone())).unwrap_or_default();
        panels.push(BarPanel {
            title: format!("cost ({currency}/month)"),
            bars: (c.decision.iter().enumerate()).filter_map(|(i, d)| d.cost_per_month.map(|s| (name(i), s))).collect(),
            non_negative: true,
        });
    }
    BarChart { title: format!("{} designs on common random numbers", c.designs.len()), panels }
}

/// Each design's name for people: its scenario's name, or its label when
/// the name is empty or shared with another design.
pub fn design_names(c: &Comparison) -> Vec<String> {
    let names: Vec<&str> = c.designs.iter().map(|d| d.report.scenario.as_str()).collect();
    (c.designs.iter())
        .map(|d| {
            let n = d.report.scenario.as_str();
            if n.trim().is_empty() || names.iter().filter(|&&m| m == n).count() > 1 {
                d.label.clone()
            } else {
                n.to_string()
            }
        })
        .collect()
}
