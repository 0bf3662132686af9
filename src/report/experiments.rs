//! Renderings of experiments: comparisons, sweeps and sizing.

use super::csv::{HEADER as REPORT_HEADER, Rows, push_rows};
use super::text::{Align, Block, Table, count, money, pm, render_text};
use crate::engine::time::format_duration;
use crate::experiment::compare::Comparison;
use crate::experiment::size::SizeResult;
use crate::experiment::sweep::SweepPoint;
use crate::stats::Summary;
use crate::summary::{BankReport, NumberReport};

/// A metric of the comparison as a person reads it (percent for probabilities).
fn metric_text(metric: &str, s: &Summary) -> String {
    match metric {
        "blocking_probability" | "outbound_blocking_probability" | "availability" | "saturation" | "utilization" => {
            pm(s, 100.0, 3, 6)
        }
        "offered" | "completed" | "blocked" | "dropped" | "outbound_blocked" => count(s),
        _ => pm(s, 1.0, 1, 3),
    }
}

/// The unit shown after a metric's name.
fn metric_label(metric: &str) -> String {
    match metric {
        "blocking_probability" => "blocking (%)".into(),
        "outbound_blocking_probability" => "outbound blocking (%)".into(),
        "outbound_blocked" => "outbound blocked (dials)".into(),
        "availability" | "saturation" | "utilization" => format!("{metric} (%)"),
        "outage_s" => "time without route (s)".into(),
        "mean_concurrency" => "mean calls".into(),
        other => format!("{other} (calls)"),
    }
}

/// Designs side by side, then the paired differences with their intervals.
pub fn comparison_table(c: &Comparison) -> String {
    render_text(comparison_blocks(c))
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
    // Numbers outside banks and banks as a whole (a bank's DIDs are in the
    // JSON and CSV), in order of first appearance; a bank and a number of
    // the same name share a row.
    let mut names: Vec<&str> = Vec::new();
    for d in &c.designs {
        let outside = d.report.numbers.0.iter().filter(|(_, n)| n.bank.is_none()).map(|(n, _)| n.as_str());
        for n in outside.chain(d.report.banks.0.iter().map(|(n, _)| n.as_str())) {
            if !names.contains(&n) {
                names.push(n);
            }
        }
    }
    let banks = c.designs.iter().any(|d| !d.report.banks.is_empty());
    for name in names {
        for metric in ["blocking_probability", "availability", "saturation", "dropped", "mean_concurrency"] {
            let label = match (metric, banks) {
                ("saturation", true) => "saturation (%; a bank: its busiest DID)".to_string(),
                _ => metric_label(metric),
            };
            let mut row = vec![name.to_string(), label];
            for d in &c.designs {
                let bank = d.report.banks.get(name);
                let number = d.report.numbers.get(name).filter(|n| n.bank.is_none());
                let s = match (number, bank) {
                    (Some(n), _) => Some(match metric {
                        "blocking_probability" => &n.blocking_probability,
                        "availability" => &n.availability,
                        "saturation" => &n.saturation,
                        "dropped" => &n.dropped,
                        _ => &n.mean_concurrency,
                    }),
                    (None, Some(b)) => Some(match metric {
                        "blocking_probability" => &b.blocking_probability,
                        "availability" => &b.availability,
                        "saturation" => &b.busiest_saturation,
                        "dropped" => &b.dropped,
                        _ => &b.mean_concurrency,
                    }),
                    (None, None) => None,
                };
                row.push(match s {
                    None => "-".into(),
                    Some(s) => match bank {
                        Some(b) if metric == "blocking_probability" => {
                            format!("{} ({} DIDs)", metric_text(metric, s), b.dids)
                        }
                        _ => metric_text(metric, s),
                    },
                });
            }
            side.rows.push(row);
        }
        if let Some(row) = outbound_row(c, name) {
            side.rows.push(row);
        }
    }
    out.push(Block::Table(
        "Side by side, per number and DID bank (mean ± 95% half-width per replication)".into(),
        side,
    ));
    if banks {
        out.push(Block::Note(
            "A bank's row is its DIDs together; each DID's figures are in --format json and csv.".into(),
        ));
    }
    if c.designs.len() > 1 {
        let mut diffs = Table::new(&[
            ("design", Align::Left),
            ("section", Align::Left),
            ("name", Align::Left),
            ("metric", Align::Left),
            ("difference", Align::Right),
            ("significant", Align::Left),
        ]);
        let did = |design: &str, name: &str| {
            (c.designs.iter())
                .any(|d| d.label == design && d.report.numbers.get(name).is_some_and(|n| n.bank.is_some()))
        };
        for d in c.differences.iter().filter(|d| d.section != "number" || !did(&d.design, &d.name)) {
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

/// The side-by-side row of `name`'s outbound blocking (blocked dials over
/// dials placed; a bank: its DIDs' dials summed), from the paired
/// differences, which hold the baseline's value and each design's: `None`
/// when no design dials from `name` as the baseline does.
fn outbound_row(c: &Comparison, name: &str) -> Option<Vec<String>> {
    let metric = "outbound_blocking_probability";
    let of = |d: &&crate::experiment::compare::Difference| d.name == name && d.metric == metric;
    let baseline = c.differences.iter().find(of)?.baseline;
    let mut row = vec![name.to_string(), metric_label(metric), metric_text(metric, &baseline)];
    for design in &c.designs[1..] {
        let value = c.differences.iter().filter(of).find(|d| d.design == design.label).map(|d| d.value);
        row.push(value.map_or_else(|| "-".into(), |v| metric_text(metric, &v)));
    }
    Some(row)
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
        ("exact (%)", Align::Right),
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
            d.exact_availability.map_or("-".into(), super::table::exact_percent),
            match (d.nines, d.exact_availability) {
                (Some(n), _) => format!("{n:.2}"),
                (None, Some(_)) => "never down".into(),
                (None, None) => "no outage".into(),
            },
            pm(&d.blocking_probability, 100.0, 3, 6),
            count(&d.dropped),
        ];
        if priced {
            row.push(opt_money(&d.cost_per_month));
            row.push(opt_money(&d.cost_per_completed_call));
        }
        table.rows.push(row);
    }
    out.push(Block::Table(
        "Decision: each design as a whole (availability as callers see it; nines of the exact availability where known)"
            .into(),
        table,
    ));
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
    for line in settle_notes(c) {
        out.push(Block::Note(line));
    }
    if let Some(p) = &c.precision {
        out.push(Block::Note(match p.reached {
            true => format!(
                "--target-ci {}: every decision metric decided (its interval excludes 0, or is within {} of the baseline's value) with {} replications.",
                p.target_relative_ci, p.target_relative_ci, p.replications
            ),
            false => format!(
                "--target-ci {}: stopped at {} replications with {} still undecided.",
                p.target_relative_ci,
                p.replications,
                p.undecided.join(", ")
            ),
        }));
    }
}

/// For each difference of the decision that is not significant: about how
/// many replications would settle it, if it is real.
pub(crate) fn settle_notes(c: &Comparison) -> Vec<String> {
    let mut out = Vec::new();
    for d in c.decision.iter().skip(1) {
        let Some(v) = &d.versus_baseline else { continue };
        for (what, s) in
            [("availability", &v.availability), ("blocking", &v.blocking_probability), ("dropped calls", &v.dropped)]
        {
            if let Some(n) = crate::experiment::compare::replications_to_settle(s, c.replications) {
                out.push(format!(
                    "{}: the difference in {what} is not significant with {} replications; about {n} would settle it if it is real (--replications {n}, or --target-ci).",
                    d.design, c.replications
                ));
            }
        }
    }
    out
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
    render_text(sweep_blocks(points))
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
    let mut banks = false;
    for p in points {
        for entry in entries(&p.report) {
            let mut row: Vec<String> = p.set.iter().map(|(_, v)| v.clone()).collect();
            match entry {
                Row::Number(name, n) => row.extend([
                    name.to_string(),
                    format!("{:.2}", n.offered_erlangs),
                    pm(&n.blocking_probability, 100.0, 3, 6),
                    pm(&n.availability, 100.0, 3, 6),
                    pm(&n.saturation, 100.0, 3, 6),
                    count(&n.dropped),
                    pm(&n.mean_concurrency, 1.0, 1, 3),
                ]),
                Row::Bank(name, b) => {
                    banks = true;
                    row.extend([
                        format!("{name} ({} DIDs)", b.dids),
                        format!("{:.2}", b.offered_erlangs),
                        pm(&b.blocking_probability, 100.0, 3, 6),
                        pm(&b.availability, 100.0, 3, 6),
                        format!("{} *", pm(&b.busiest_saturation, 100.0, 3, 6)),
                        count(&b.dropped),
                        pm(&b.mean_concurrency, 1.0, 1, 3),
                    ]);
                }
            }
            table.rows.push(row);
        }
    }
    out.push(Block::Table(String::new(), table));
    if let Some(queues) = sweep_queues(points, &paths) {
        out.push(queues);
    }
    if banks {
        out.push(Block::Note(
            "A bank's row is its DIDs together: the load offered to the bank (a hunt group's pilot takes it all and overflows down the DIDs), * its busiest DID's saturation. Each DID's figures are in --format json and csv.".into(),
        ));
    }
    out
}

/// The sweep's queues of agents, one row per point and queue (service
/// level, abandonment, ASA, mean wait, occupancy, as the run report's
/// `queues`); `None` when no point has a queue.
fn sweep_queues(points: &[SweepPoint], paths: &[String]) -> Option<Block> {
    if points.iter().all(|p| p.report.queues.0.is_empty()) {
        return None;
    }
    let mut headers: Vec<(&str, Align)> = paths.iter().map(|p| (p.as_str(), Align::Right)).collect();
    headers.extend([
        ("queue", Align::Left),
        ("agents", Align::Right),
        ("service level (%)", Align::Right),
        ("abandoned (%)", Align::Right),
        ("ASA (s)", Align::Right),
        ("mean wait (s)", Align::Right),
        ("occupancy (%)", Align::Right),
    ]);
    let mut table = Table::new(&headers);
    for p in points {
        for (name, q) in &p.report.queues.0 {
            let mut row: Vec<String> = p.set.iter().map(|(_, v)| v.clone()).collect();
            row.extend([
                name.clone(),
                q.agents.to_string(),
                pm(&q.service_level, 100.0, 2, 4),
                pm(&q.abandoned_share, 100.0, 2, 4),
                pm(&q.asa_s, 1.0, 1, 3),
                pm(&q.mean_wait_s, 1.0, 1, 3),
                pm(&q.occupancy, 100.0, 1, 3),
            ]);
            table.rows.push(row);
        }
    }
    Some(Block::Table("Queues".into(), table))
}

/// A row of an experiment's table: a number outside banks, or a bank as a whole.
enum Row<'a> {
    Number(&'a str, &'a NumberReport),
    Bank(&'a str, &'a BankReport),
}

/// A report's numbers outside banks and its banks, in scenario order, each
/// bank in place of its first DID.
fn entries(r: &crate::summary::Report) -> Vec<Row<'_>> {
    let mut out = Vec::new();
    for (name, n) in &r.numbers.0 {
        match &n.bank {
            None => out.push(Row::Number(name.as_str(), n)),
            Some(bank) => {
                if let Some((bname, b)) = r.banks.0.iter().find(|(b, _)| b == bank)
                    && !out.iter().any(|e| matches!(e, Row::Bank(x, _) if *x == bname.as_str()))
                {
                    out.push(Row::Bank(bname.as_str(), b));
                }
            }
        }
    }
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
    render_text(size_blocks(r))
}

/// The sizing's heading, answer and evidence.
pub(crate) fn size_blocks(r: &SizeResult) -> Vec<Block> {
    let mut out = Vec::new();
    let mut targets = Vec::new();
    if let Some(p) = r.target_blocking {
        targets.push(format!("blocking <= {}%", trim_float(p * 100.0)));
    }
    if let Some(a) = r.target_availability {
        targets.push(format!("availability >= {}%", trim_float(a * 100.0)));
    }
    let what = if r.subject == "bank" { "bank" } else { "number" };
    out.push(Block::Line(format!(
        "callsim size: {} of {what} \"{}\" for {}",
        r.varied,
        r.number,
        targets.join(" and ")
    )));
    out.push(Block::Line(size_answer(r)));
    if let Some(n) = r.replications_to_decide.filter(|_| !r.decided) {
        out.push(Block::Line(format!(
            "Not decided: about {n} replications would decide it (--replications {n}); the evidence below shows the intervals"
        )));
    }
    out.push(Block::Line(match r.target_blocking {
        Some(_) => format!(
            "Erlang B first guess: {} = {} (offered load {:.2} Erlangs)",
            r.varied,
            capacity_text(r, r.erlang_b_guess),
            r.offered_erlangs
        ),
        None => format!("Simulated at the scenario's own {} = {}", r.varied, capacity_text(r, r.erlang_b_guess)),
    }));
    if let Some(s) = r.lenient_answer.filter(|_| !r.capacity_invariant && !r.unreachable) {
        out.push(Block::Line(format!(
            "Leniently (the simulation cannot show it misses: the target within or beyond the interval): {} = {}",
            r.varied,
            capacity_text(r, s)
        )));
    }
    if r.capacity_invariant || r.target_availability.is_some() {
        out.push(Block::Line(
            "Availability is the time with a route, whatever the load: no capacity changes it (only carriers, links and zones do)"
                .into(),
        ));
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
            if r.capacity_invariant { "-" } else { verdict(p.verdict) }.into(),
            if r.capacity_invariant {
                "-"
            } else if p.meets_leniently {
                "meets"
            } else {
                "misses"
            }
            .into(),
        ]);
    }
    out.push(Block::Table("Evidence (every capacity simulated)".into(), t));
    out
}

/// A capacity with what it applies to: `36 per link (4 links: 144 in all)`,
/// `12 per DID (12 DIDs: 144 calls in all)`, `13 DIDs (cap 12 each: 156
/// calls in all)`, or the bare number.
fn capacity_text(r: &SizeResult, c: u32) -> String {
    let all = |k: u32| u64::from(c) * u64::from(k);
    match (r.varied, r.subject) {
        ("channels", _) if r.units > 1 => format!("{c} per link ({} links: {} channels in all)", r.units, all(r.units)),
        ("channels", _) => format!("{c} (one link)"),
        ("cap", "bank") => format!("{c} per DID ({} DIDs: {} calls in all)", r.units, all(r.units)),
        ("count", _) => match r.per_did_cap {
            Some(cap) => format!("{c} DIDs (cap {cap} each: {} calls in all)", all(cap)),
            None => format!("{c} DIDs (no cap)"),
        },
        _ => c.to_string(),
    }
}

/// The sizing's answer, first: what the evidence supports, and how sure it is.
fn size_answer(r: &SizeResult) -> String {
    let v = r.varied;
    let percent = |x: f64| format!("{}%", trim_float(x * 100.0));
    if r.unreachable {
        return match (r.target_availability, r.exact_availability) {
            (Some(a), Some(x)) if x < a => format!(
                "Answer: unreachable: the availability of \"{}\" is {:.6}% by its route structure (exact), below the {} target, whatever the {v}: add carriers, links or zones instead",
                r.number,
                x * 100.0,
                percent(a)
            ),
            (Some(a), _) if r.capacity_invariant => format!(
                "Answer: unreachable: the availability of \"{}\" is shown below the {} target, whatever the {v} (capacity does not change it)",
                r.number,
                percent(a)
            ),
            _ => {
                let floor = r.exact_availability.map(|x| 1.0 - x).filter(|&u| r.target_blocking.is_some_and(|p| u > p));
                let limit = match floor {
                    Some(u) => format!(
                        ": calls find no route {:.4}% of the time (exact), and those are blocked whatever the capacity",
                        u * 100.0
                    ),
                    None => " (capacity does not change what limits it)".into(),
                };
                format!("Answer: none (unreachable): no {v} up to {} meets the target{limit}", r.searched_up_to)
            }
        };
    }
    match r.answer {
        Some(_) if r.capacity_invariant => format!(
            "Answer: any {v}: the availability target is met whatever the capacity ({}), so {v} = 1 does",
            r.exact_availability
                .map(|x| format!("exact availability {:.6}%", x * 100.0))
                .unwrap_or_else(|| "shown by the replications".into())
        ),
        Some(a) if r.confirmed && a > 1 => format!(
            "Answer: {v} = {}: the smallest whose whole 95% interval meets the target; {v} = {} was shown to miss it",
            capacity_text(r, a),
            a - 1
        ),
        Some(a) if r.confirmed => {
            format!("Answer: {v} = {}: its whole 95% interval meets the target", capacity_text(r, a))
        }
        Some(a) => format!(
            "Answer: {v} = {} meets the target with its whole 95% interval; whether {v} = {} would too is not decided with {}x the replications",
            capacity_text(r, a),
            a - 1,
            crate::experiment::size::BOUNDARY_FACTOR
        ),
        None => format!(
            "Answer: not decided: no {v} was shown to meet the target, and the largest could not be shown to miss it"
        ),
    }
}

/// `x` with at most 6 significant decimals and no trailing zeros.
fn trim_float(x: f64) -> String {
    let t = format!("{x:.6}");
    t.trim_end_matches('0').trim_end_matches('.').to_string()
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
