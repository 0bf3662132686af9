//! The report as CSV in long ("tidy") form: one row per (section, name,
//! metric), with the mean and the 95% half-width. Long form keeps one
//! stable header whatever the scenario and pivots in any spreadsheet.
//!
//! Columns: `section,name,metric,mean,ci95`; sections `run`, `number`,
//! `link`, `instance`. Blocking causes appear as `blocked_by.CAUSE`.

use super::Report;
use crate::sim::{BlockCause, DropCause};
use crate::stats::Summary;

/// Quotes a field when it holds a comma, quote or line break (RFC 4180).
pub fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s.to_string() }
}

/// Renders `report` as CSV with a header line.
pub fn to_csv(report: &Report) -> String {
    let mut out = String::from("section,name,metric,mean,ci95\n");
    let mut row = |section: &str, name: &str, metric: &str, s: Summary| {
        out.push_str(&format!("{section},{},{metric},{},{}\n", field(name), s.mean, s.ci95));
    };
    let scenario = report.scenario.as_str();
    let exact = |v: f64| Summary { mean: v, ci95: 0.0 };
    row("run", scenario, "seed", exact(report.seed as f64));
    row("run", scenario, "replications", exact(report.replications as f64));
    row("run", scenario, "horizon_s", exact(report.horizon_s));
    row("run", scenario, "warmup_s", exact(report.warmup_s));
    row("run", scenario, "events", exact(report.events as f64));
    for (name, n) in &report.numbers.0 {
        if let Some(cap) = n.max_concurrent {
            row("number", name, "max_concurrent", exact(cap as f64));
        }
        row("number", name, "offered_erlangs", exact(n.offered_erlangs));
        row("number", name, "offered", n.offered);
        row("number", name, "completed", n.completed);
        row("number", name, "blocked", n.blocked);
        for c in BlockCause::ALL {
            row("number", name, &format!("blocked_by.{}", c.as_str()), *n.blocked_by.get(c));
        }
        row("number", name, "dropped", n.dropped);
        for c in DropCause::ALL {
            row("number", name, &format!("dropped_by.{}", c.as_str()), n.dropped_by[c]);
        }
        row("number", name, "in_progress", n.in_progress);
        row("number", name, "callers", n.callers);
        row("number", name, "redials", n.redials);
        row("number", name, "never_through", n.never_through);
        row("number", name, "never_through_share", n.never_through_share);
        row("number", name, "blocking_probability", n.blocking_probability);
        row("number", name, "availability", n.availability);
        row("number", name, "outages", n.outages);
        row("number", name, "outage_s", n.outage_s);
        row("number", name, "longest_outage_s", n.longest_outage_s);
        row("number", name, "saturation", n.saturation);
        row("number", name, "mean_concurrency", n.mean_concurrency);
        row("number", name, "peak_concurrency", n.peak_concurrency);
    }
    for (name, b) in &report.banks.0 {
        row("bank", name, "dids", exact(b.dids as f64));
        row("bank", name, "offered", b.offered);
        row("bank", name, "blocked", b.blocked);
        row("bank", name, "dropped", b.dropped);
        row("bank", name, "blocking_probability", b.blocking_probability);
        row("bank", name, "busiest_saturation", b.busiest_saturation);
        row("bank", name, "mean_concurrency", b.mean_concurrency);
    }
    for (name, l) in &report.links.0 {
        row("link", name, "channels", exact(l.channels as f64));
        row("link", name, "carried", l.carried);
        row("link", name, "utilization", l.utilization);
        row("link", name, "mean_busy", l.mean_busy);
        row("link", name, "peak_busy", l.peak_busy);
        row("link", name, "availability", l.availability);
        row("link", name, "outages", l.outages);
    }
    let totals = std::iter::once(("totals", scenario, &report.totals))
        .chain(report.by_type.0.iter().map(|(t, totals)| ("by_type", t.as_str(), totals)));
    for (section, name, t) in totals {
        row(section, name, "offered", t.offered);
        row(section, name, "completed", t.completed);
        row(section, name, "blocked", t.blocked);
        row(section, name, "dropped", t.dropped);
        row(section, name, "blocking_probability", t.blocking_probability);
        row(section, name, "availability", t.availability);
    }
    if let Some(c) = &report.cost {
        let lines = std::iter::once(("cost", scenario, &c.total))
            .chain(c.numbers.0.iter().map(|(n, l)| ("cost.number", n.as_str(), l)))
            .chain(c.banks.0.iter().map(|(n, l)| ("cost.bank", n.as_str(), l)))
            .chain(c.by_type.0.iter().map(|(n, l)| ("cost.by_type", n.as_str(), l)));
        for (section, name, l) in lines {
            row(section, name, "per_day", l.per_day);
            row(section, name, "per_month", l.per_month);
            row(section, name, "telephony_per_month", l.telephony_per_month);
            row(section, name, "service_per_month", l.service_per_month);
            row(section, name, "numbers_per_month", l.numbers_per_month);
            if let Some(p) = l.per_completed_call {
                row(section, name, "per_completed_call", p);
            }
        }
    }
    row("instance", "instance", "mean_concurrency", report.instance.mean_concurrency);
    row("instance", "instance", "peak_concurrency", report.instance.peak_concurrency);
    out
}

#[cfg(test)]
mod tests {
    use super::field;

    #[test]
    fn quotes_only_when_needed() {
        assert_eq!(field("main"), "main");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
    }
}
