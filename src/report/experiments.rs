//! Renderings of experiments: comparisons, sweeps and sizing.

use super::csv::{HEADER as REPORT_HEADER, Rows, push_rows};
use super::text::{Align, Block, Table, count, money, pm, render_text};
use crate::engine::time::format_duration;
use crate::experiment::compare::Comparison;
use crate::experiment::size::SizeResult;
use crate::experiment::sweep::SweepPoint;
use crate::stats::Summary;

/// A metric of the comparison as a person reads it (percent for probabilities).
fn metric_text(metric: &str, s: &Summary) -> String {
    match metric {
        "blocking_probability" | "availability" | "saturation" | "utilization" => pm(s, 100.0, 3, 6),
        "offered" | "completed" | "blocked" | "dropped" => count(s),
        _ => pm(s, 1.0, 1, 3),
    }
}

/// The unit shown after a metric's name.
fn metric_label(metric: &str) -> String {
    match metric {
        "blocking_probability" => "blocking (%)".into(),
        "availability" | "saturation" | "utilization" => format!("{metric} (%)"),
        "outage_s" => "time without route (s)".into(),
        "mean_concurrency" => "mean calls".into(),
        other => format!("{other} (calls)"),
    }
}

/// Designs side by side, then the paired differences with their intervals.
pub fn comparison_table(c: &Comparison) -> String {
    render_text(&comparison_blocks(c))
}

/// The comparison's heading, tables and notes, in order.
pub(crate) fn comparison_blocks(c: &Comparison) -> Vec<Block> {
    let mut out = Vec::new();
    let first = c.designs.first().map(|d| &d.report);
    out.push(Block::Line(format!(
        "callsim compare: {} designs on common random numbers (seed {}, {} replication(s) x {})",
        c.designs.len(),
        c.seed,
        c.replications,
        first.map(|r| format_duration(r.horizon_s)).unwrap_or_default(),
    )));
    for (i, d) in c.designs.iter().enumerate() {
        out.push(Block::Line(format!(
            "  {} {}: \"{}\"",
            if i == 0 { "baseline" } else { "design  " },
            d.label,
            d.report.scenario
        )));
    }
    decision_tables(c, &mut out);
    let mut headers = vec![("number", Align::Left), ("metric", Align::Left)];
    headers.extend(c.designs.iter().map(|d| (d.label.as_str(), Align::Right)));
    let mut side = Table::new(&headers);
    let mut names: Vec<&str> = Vec::new();
    for d in &c.designs {
        for (n, _) in &d.report.numbers.0 {
            if !names.contains(&n.as_str()) {
                names.push(n);
            }
        }
    }
    for name in names {
        for metric in ["blocking_probability", "availability", "saturation", "dropped", "mean_concurrency"] {
            let mut row = vec![name.to_string(), metric_label(metric)];
            for d in &c.designs {
                row.push(match d.report.numbers.get(name) {
                    None => "-".into(),
                    Some(n) => {
                        let s = match metric {
                            "blocking_probability" => &n.blocking_probability,
                            "availability" => &n.availability,
                            "saturation" => &n.saturation,
                            "dropped" => &n.dropped,
                            _ => &n.mean_concurrency,
                        };
                        metric_text(metric, s)
                    }
                });
            }
            side.rows.push(row);
        }
    }
    out.push(Block::Table("Side by side, per number (mean ± 95% half-width per replication)".into(), side));
    if c.designs.len() > 1 {
        let mut diffs = Table::new(&[
            ("design", Align::Left),
            ("section", Align::Left),
            ("name", Align::Left),
            ("metric", Align::Left),
            ("difference", Align::Right),
            ("significant", Align::Left),
        ]);
        for d in &c.differences {
            diffs.rows.push(vec![
                d.design.clone(),
                d.section.to_string(),
                d.name.clone(),
                metric_label(d.metric),
                metric_text(d.metric, &d.difference),
                if d.significant { "yes".into() } else { "no".into() },
            ]);
        }
        out.push(Block::Table(
            format!(
                "Paired differences (design - {}), 95% interval; significant when it excludes 0",
                c.designs[0].label
            ),
            diffs,
        ));
    }
    out
}

/// The decision: each design's availability, blocking and cost, then what
/// each design changes against the baseline and what a nine costs.
fn decision_tables(c: &Comparison, out: &mut Vec<Block>) {
    let currency = (c.designs.iter()).find_map(|d| d.report.cost.as_ref().map(|c| c.currency.clone()));
    let priced = currency.is_some();
    let currency = currency.unwrap_or_default();
    let month = format!("cost per month ({currency})");
    let call = format!("cost per call ({currency})");
    let mut headers = vec![
        ("design", Align::Left),
        ("availability (%)", Align::Right),
        ("nines", Align::Right),
        ("blocking (%)", Align::Right),
        ("dropped (calls)", Align::Right),
    ];
    if priced {
        headers.push((&month, Align::Right));
        headers.push((&call, Align::Right));
    }
    let mut table = Table::new(&headers);
    let opt_money = |s: &Option<Summary>| s.as_ref().map(money).unwrap_or_else(|| "-".into());
    for d in &c.decision {
        let mut row = vec![
            d.design.clone(),
            pm(&d.availability, 100.0, 3, 6),
            d.nines.map(|n| format!("{n:.2}")).unwrap_or_else(|| "no outage".into()),
            pm(&d.blocking_probability, 100.0, 3, 6),
            count(&d.dropped),
        ];
        if priced {
            row.push(opt_money(&d.cost_per_month));
            row.push(opt_money(&d.cost_per_completed_call));
        }
        table.rows.push(row);
    }
    out.push(Block::Table("Decision: each design as a whole (availability as callers see it)".into(), table));
    if c.decision.len() < 2 {
        return;
    }
    let base = &c.decision[0].design;
    let extra = format!("extra cost per month ({currency})");
    let per_nine = format!("cost per nine gained ({currency}/month)");
    let mut headers = vec![
        ("design", Align::Left),
        ("availability gained (points)", Align::Right),
        ("nines gained", Align::Right),
        ("blocking added (points)", Align::Right),
        ("dropped added", Align::Right),
    ];
    if priced {
        headers.push((&extra, Align::Right));
        headers.push((&per_nine, Align::Right));
    }
    let mut table = Table::new(&headers);
    let star = |s: &Summary| if s.excludes_zero() { " *" } else { "" };
    for d in &c.decision[1..] {
        let Some(v) = &d.versus_baseline else { continue };
        let mut row = vec![
            d.design.clone(),
            format!("{}{}", pm(&v.availability, 100.0, 3, 6), star(&v.availability)),
            v.nines_gained.map(|n| format!("{n:+.2}")).unwrap_or_else(|| "-".into()),
            format!("{}{}", pm(&v.blocking_probability, 100.0, 3, 6), star(&v.blocking_probability)),
            format!("{}{}", count(&v.dropped), star(&v.dropped)),
        ];
        if priced {
            row.push(
                v.cost_per_month.as_ref().map(|s| format!("{}{}", money(s), star(s))).unwrap_or_else(|| "-".into()),
            );
            row.push(match v.cost_per_nine {
                Some(x) if x < 0.0 => "none: cheaper too".into(),
                Some(x) => money(&Summary::exact(x)),
                None => "-".into(),
            });
        }
        table.rows.push(row);
    }
    out.push(Block::Table(format!("Against {base} (paired by replication; * = the 95% interval excludes 0)"), table));
}

/// The comparison as pretty JSON.
pub fn comparison_json(c: &Comparison) -> String {
    serde_json::to_string_pretty(c).expect("a comparison is serialisable") + "\n"
}

/// The differences as CSV, one row per (design, section, name, metric).
pub fn comparison_csv(c: &Comparison) -> String {
    let mut out = Rows::new([
        "design",
        "section",
        "name",
        "metric",
        "baseline_mean",
        "baseline_ci95",
        "value_mean",
        "value_ci95",
        "difference_mean",
        "difference_ci95",
        "significant",
    ]);
    let mut row = |design: &str, section: &str, name: &str, metric: &str, s: [Summary; 3], significant: bool| {
        let [b, x, diff] = s;
        let cell = |v: Option<f64>| v.map(|v| v.to_string()).unwrap_or_default();
        let numbers = [
            b.mean.to_string(),
            cell(b.ci95),
            x.mean.to_string(),
            cell(x.ci95),
            diff.mean.to_string(),
            cell(diff.ci95),
        ];
        out.push(
            [design, section, name, metric]
                .into_iter()
                .chain(numbers.iter().map(String::as_str))
                .chain([if significant { "true" } else { "false" }]),
        );
    };
    let base = c.decision.first();
    for d in c.decision.iter().skip(1) {
        let (Some(base), Some(v)) = (base, &d.versus_baseline) else { continue };
        let mut metrics = vec![
            ("availability", base.availability, d.availability, v.availability),
            ("blocking_probability", base.blocking_probability, d.blocking_probability, v.blocking_probability),
            ("dropped", base.dropped, d.dropped, v.dropped),
        ];
        if let (Some(b), Some(x), Some(diff)) = (base.cost_per_month, d.cost_per_month, v.cost_per_month) {
            metrics.push(("cost_per_month", b, x, diff));
        }
        for (metric, b, x, diff) in metrics {
            row(&d.design, "design", &d.design, metric, [b, x, diff], diff.excludes_zero());
        }
    }
    for d in &c.differences {
        row(&d.design, d.section, &d.name, d.metric, [d.baseline, d.value, d.difference], d.significant);
    }
    out.finish()
}

/// One row per (point, number).
pub fn sweep_table(points: &[SweepPoint]) -> String {
    render_text(&sweep_blocks(points))
}

/// The sweep's heading and table.
pub(crate) fn sweep_blocks(points: &[SweepPoint]) -> Vec<Block> {
    let mut out = Vec::new();
    if let Some(p) = points.first() {
        out.push(Block::Line(format!(
            "callsim sweep: \"{}\", {} point(s), seed {}, {} replication(s) per point",
            p.report.scenario,
            points.len(),
            p.report.seed,
            p.report.replications
        )));
    }
    let paths: Vec<String> = points.first().map(|p| p.set.iter().map(|(k, _)| k.clone()).collect()).unwrap_or_default();
    let mut headers: Vec<(&str, Align)> = paths.iter().map(|p| (p.as_str(), Align::Right)).collect();
    headers.extend([
        ("number", Align::Left),
        ("load (Erl)", Align::Right),
        ("blocking (%)", Align::Right),
        ("availability (%)", Align::Right),
        ("saturation (%)", Align::Right),
        ("dropped (calls)", Align::Right),
        ("mean calls", Align::Right),
    ]);
    let mut table = Table::new(&headers);
    for p in points {
        for (name, n) in &p.report.numbers.0 {
            let mut row: Vec<String> = p.set.iter().map(|(_, v)| v.clone()).collect();
            row.extend([
                name.clone(),
                format!("{:.2}", n.offered_erlangs),
                pm(&n.blocking_probability, 100.0, 3, 6),
                pm(&n.availability, 100.0, 3, 6),
                pm(&n.saturation, 100.0, 3, 6),
                count(&n.dropped),
                pm(&n.mean_concurrency, 1.0, 1, 3),
            ]);
            table.rows.push(row);
        }
    }
    out.push(Block::Table(String::new(), table));
    out
}

/// `{"sweep": [{"set": {...}, "report": {...}}, ...]}`.
pub fn sweep_json(points: &[SweepPoint]) -> String {
    let v: Vec<serde_json::Value> = points
        .iter()
        .map(|p| {
            let set: serde_json::Map<String, serde_json::Value> =
                p.set.iter().map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone()))).collect();
            serde_json::json!({ "set": set, "report": p.report })
        })
        .collect();
    serde_json::to_string_pretty(&serde_json::json!({ "sweep": v })).expect("serialisable") + "\n"
}

/// Each point's report in long CSV form, with one leading column per setting.
pub fn sweep_csv(points: &[SweepPoint]) -> String {
    let Some(first) = points.first() else { return String::new() };
    let mut out = Rows::new(first.set.iter().map(|(k, _)| k.as_str()).chain(REPORT_HEADER));
    for p in points {
        let values: Vec<&str> = p.set.iter().map(|(_, v)| v.as_str()).collect();
        push_rows(&p.report, &values, &mut out);
    }
    out.finish()
}

/// The answer, then every capacity tried.
pub fn size_table(r: &SizeResult) -> String {
    render_text(&size_blocks(r))
}

/// The sizing's heading, answer and evidence.
pub(crate) fn size_blocks(r: &SizeResult) -> Vec<Block> {
    let mut out = Vec::new();
    let mut targets = Vec::new();
    if let Some(p) = r.target_blocking {
        targets.push(format!("blocking <= {}%", p * 100.0));
    }
    if let Some(a) = r.target_availability {
        targets.push(format!("availability >= {}%", a * 100.0));
    }
    out.push(Block::Line(format!(
        "callsim size: {} of number \"{}\" for {}",
        r.varied,
        r.number,
        targets.join(" and ")
    )));
    out.push(Block::Line(format!(
        "Erlang B first guess: {} (offered load {:.2} Erlangs)",
        r.erlang_b_guess, r.offered_erlangs
    )));
    out.push(Block::Line(match r.answer {
        Some(a) if r.confirmed && a > 1 => format!(
            "Answer: {} = {a}: the smallest whose whole 95% interval meets the target; {} = {} was shown to miss it",
            r.varied,
            r.varied,
            a - 1
        ),
        Some(a) if r.confirmed => {
            format!("Answer: {} = {a}: its whole 95% interval meets the target", r.varied)
        }
        Some(a) => format!(
            "Answer: {} = {a}: its whole 95% interval meets the target; {} = {} could not be told apart from the target with {}x the replications",
            r.varied,
            r.varied,
            a - 1,
            crate::experiment::size::BOUNDARY_FACTOR
        ),
        None => format!(
            "Answer: none: no {} up to {} meets the target (capacity does not change what limits it)",
            r.varied,
            crate::experiment::size::MAX_CAPACITY
        ),
    }));
    if let Some(s) = r.lenient_answer {
        out.push(Block::Line(format!(
            "Leniently (the simulation cannot show it misses: the target within or beyond the interval): {} = {s}",
            r.varied
        )));
    }
    let mut t = Table::new(&[
        (r.varied, Align::Right),
        ("replications", Align::Right),
        ("blocking (%)", Align::Right),
        ("availability (%)", Align::Right),
        ("verdict", Align::Left),
        ("leniently", Align::Left),
    ]);
    for p in &r.evidence {
        t.rows.push(vec![
            p.capacity.to_string(),
            p.replications.to_string(),
            pm(&p.blocking_probability, 100.0, 3, 6),
            pm(&p.availability, 100.0, 3, 6),
            verdict(p.verdict).into(),
            if p.meets_leniently { "meets" } else { "misses" }.into(),
        ]);
    }
    out.push(Block::Table("Evidence (every capacity simulated)".into(), t));
    out
}

/// A sizing verdict as the reports name it.
fn verdict(v: crate::experiment::size::Verdict) -> &'static str {
    use crate::experiment::size::Verdict;
    match v {
        Verdict::Meets => "meets",
        Verdict::Misses => "misses",
        Verdict::Unclear => "unclear",
    }
}

/// The sizing result as pretty JSON.
pub fn size_json(r: &SizeResult) -> String {
    serde_json::to_string_pretty(r).expect("serialisable") + "\n"
}

/// The evidence as CSV.
pub fn size_csv(r: &SizeResult) -> String {
    let mut out = Rows::new([
        "capacity",
        "blocking_mean",
        "blocking_ci95",
        "availability_mean",
        "availability_ci95",
        "replications",
        "verdict",
        "meets_leniently",
        "answer",
        "lenient_answer",
    ]);
    for p in &r.evidence {
        out.push([
            p.capacity.to_string(),
            p.blocking_probability.mean.to_string(),
            p.blocking_probability.ci95.map(|h| h.to_string()).unwrap_or_default(),
            p.availability.mean.to_string(),
            p.availability.ci95.map(|h| h.to_string()).unwrap_or_default(),
            p.replications.to_string(),
            verdict(p.verdict).to_string(),
            p.meets_leniently.to_string(),
            (r.answer == Some(p.capacity)).to_string(),
            (r.lenient_answer == Some(p.capacity)).to_string(),
        ]);
    }
    out.finish()
}
