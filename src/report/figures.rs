//! The data of each chart, gathered from a scenario, its report and a
//! traced replication ([`Timeline`]); `charts` draws it.

use super::charts::{
    BarChart, BarPanel, ConcurrencyChart, ConcurrencySeries, Curve, CurveChart, CurvePoint, OutageChart, OutageRow,
    Period,
};
use crate::cost::DAYS_PER_MONTH;
use crate::experiment::compare::Comparison;
use crate::experiment::sweep::SweepPoint;
use crate::model::Entry;
use crate::scenario::Scenario;
use crate::sim::Timeline;
use crate::stats::Summary;
use crate::summary::Report;

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
/// bank (its busiest DID in each bin, against the cap of one DID, shaded
/// while every DID of the bank had no route), at most [`MAX_PANELS`].
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
                label: format!("{} (busiest of {} DIDs)", bank.name, bank.count),
                cap: n.max_concurrent,
                peaks: (0..timeline.peaks[i].len())
                    .map(|k| bank.members().map(|m| timeline.peaks[m][k]).max().unwrap_or(0))
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

/// When AZs, carriers and links were down: every element that can fail
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
/// outside a bank and per bank. x is the offered load in Erlangs when it
/// varies over the sweep; otherwise the first swept value (when numeric) or
/// the point's rank.
pub fn sweep_blocking(points: &[SweepPoint]) -> (CurveChart, usize) {
    let Some(first) = points.first() else {
        return (
            CurveChart {
                title: "Blocking".into(),
                x_label: String::new(),
                y_label: "blocking probability".into(),
                y_percent: true,
                curves: Vec::new(),
            },
            0,
        );
    };
    // (label, per point: (offered Erlangs, blocking)).
    let mut designs: Vec<(String, Vec<(f64, Summary)>)> = Vec::new();
    for (name, _) in first.report.numbers.0.iter().filter(|(_, n)| n.bank.is_none()) {
        let along = points
            .iter()
            .filter_map(|p| p.report.numbers.get(name).map(|m| (m.offered_erlangs, m.blocking_probability)));
        designs.push((name.clone(), along.collect()));
    }
    for (name, _) in &first.report.banks.0 {
        let load = |r: &Report| -> f64 {
            r.numbers.0.iter().filter(|(_, n)| n.bank.as_deref() == Some(name)).map(|(_, n)| n.offered_erlangs).sum()
        };
        let along =
            points.iter().filter_map(|p| p.report.banks.get(name).map(|b| (load(&p.report), b.blocking_probability)));
        designs.push((format!("{name} (bank)"), along.collect()));
    }
    let load_varies =
        designs.iter().any(|(_, pts)| pts.windows(2).any(|w| (w[0].0 - w[1].0).abs() > 1e-9 * w[0].0.abs()));
    let setting: Option<Vec<f64>> =
        points.iter().map(|p| p.set.first().and_then(|(_, v)| v.parse::<f64>().ok())).collect();
    let (x_label, xs): (String, Option<Vec<f64>>) = match (&setting, first.set.first()) {
        _ if load_varies => ("offered load (Erlangs)".into(), None),
        (Some(values), Some((path, _))) => (path.clone(), Some(values.clone())),
        _ => ("sweep point".into(), Some((1..=points.len()).map(|i| i as f64).collect())),
    };
    let mut curves: Vec<Curve> = designs
        .into_iter()
        .map(|(label, pts)| {
            let mut points: Vec<CurvePoint> = (pts.iter().enumerate())
                .map(|(i, &(load, y))| CurvePoint { x: xs.as_ref().map_or(load, |xs| xs[i]), y })
                .collect();
            points.sort_by(|a, b| a.x.total_cmp(&b.x));
            Curve { label, points }
        })
        .collect();
    let left_out = curves.len().saturating_sub(MAX_CURVES);
    curves.truncate(MAX_CURVES);
    let chart = CurveChart {
        title: format!("Blocking against {x_label}: {}", first.report.scenario),
        x_label,
        y_label: "calls blocked (%)".into(),
        y_percent: true,
        curves,
    };
    (chart, left_out)
}

/// Designs side by side: time without a route and dropped calls per month,
/// blocking, and cost per month when priced; whiskers are 95% intervals.
pub fn comparison_bars(c: &Comparison) -> BarChart {
    let minutes_per_month = DAYS_PER_MONTH * 1_440.0;
    let mut panels = vec![
        BarPanel {
            title: "time without a route (minutes/month)".into(),
            bars: (c.decision.iter())
                .map(|d| {
                    let down = Summary {
                        mean: (1.0 - d.availability.mean) * minutes_per_month,
                        ci95: d.availability.ci95.map(|h| h * minutes_per_month),
                    };
                    (d.design.clone(), down)
                })
                .collect(),
        },
        BarPanel {
            title: "calls blocked (%)".into(),
            bars: (c.decision.iter()).map(|d| (d.design.clone(), d.blocking_probability.scaled(100.0))).collect(),
        },
        BarPanel {
            title: "calls dropped (per month)".into(),
            bars: (c.decision.iter().zip(&c.designs))
                .map(|(d, r)| (d.design.clone(), d.dropped.scaled(crate::cost::per_month(1.0, r.report.horizon_s))))
                .collect(),
        },
    ];
    if c.decision.iter().all(|d| d.cost_per_month.is_some()) {
        let currency =
            (c.designs.iter()).find_map(|d| d.report.cost.as_ref().map(|c| c.currency.clone())).unwrap_or_default();
        panels.push(BarPanel {
            title: format!("cost ({currency}/month)"),
            bars: (c.decision.iter()).filter_map(|d| d.cost_per_month.map(|s| (d.design.clone(), s))).collect(),
        });
    }
    BarChart { title: format!("{} designs on common random numbers", c.designs.len()), panels }
}
