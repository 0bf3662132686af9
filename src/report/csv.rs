//! The report as CSV in long ("tidy") form: one row per (section, name,
//! metric), with the mean and the 95% half-width. Long form keeps one
//! stable header whatever the scenario and pivots in any spreadsheet.
//!
//! Columns: `section,name,metric,mean,ci95`; sections `run`, `number`,
//! `link`, `regional_instance` (only with `[[region]]`), `queue` (only when the scenario has queues), `instance`. Blocking causes appear as `blocked_by.CAUSE`.
//! Nested JSON figures keep their JSON path as the metric: a number that
//! dials has `outbound.dialled`, `outbound.blocked_by.CAUSE`, ... (a bank
//! whose DIDs dial, the same for the bank as a whole); a queue
//! has `wait_cdf.X` (the share of entered calls that waited at most X
//! seconds), with a staffing profile `staffing.mean_scheduled_agents` and
//! `staffing.mean_overtime_agents`, and, when it offers callbacks,
//! `callbacks.offered`, ...

use crate::sim::{BlockCause, DropCause};
use crate::stats::Summary;
use crate::summary::Report;
use std::io::Write;

/// A CSV writer configured as every CSV that callsim writes: RFC 4180
/// quotes only around a field holding a comma, a quote or a line break
/// (quotes inside doubled), `\n` after each record, every record as wide as
/// the first.
pub fn writer<W: Write>(out: W) -> csv::Writer<W> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .quote_style(csv::QuoteStyle::Necessary)
        .from_writer(out)
}

/// CSV text built in memory, whose writes cannot fail.
#[derive(Debug)]
pub(crate) struct Rows(csv::Writer<Vec<u8>>);

impl Rows {
    /// Starts with a header record.
    pub(crate) fn new<I: IntoIterator<Item = T>, T: AsRef<[u8]>>(header: I) -> Rows {
        let mut rows = Rows(writer(Vec::new()));
        rows.push(header);
        rows
    }

    /// Appends one record.
    pub(crate) fn push<I: IntoIterator<Item = T>, T: AsRef<[u8]>>(&mut self, fields: I) {
        // Writing to memory cannot fail, and every record is built as wide
        // as its header by the code that writes it.
        self.0.write_record(fields).expect("a CSV record as wide as its header, written to memory");
    }

    /// The text written so far.
    pub(crate) fn finish(self) -> String {
        let bytes = self.0.into_inner().expect("flushing to memory cannot fail");
        String::from_utf8(bytes).expect("CSV written from strings is UTF-8")
    }
}

/// The columns of [`to_csv`].
pub(crate) const HEADER: [&str; 5] = ["section", "name", "metric", "mean", "ci95"];

/// Renders `report` as CSV with a header line.
pub fn to_csv(report: &Report) -> String {
    let mut out = Rows::new(HEADER);
    push_rows(report, &[], &mut out);
    out.finish()
}

/// The rows of one number's or bank's outbound dials, their JSON path as metric.
fn outbound_rows(
    row: &mut impl FnMut(&str, &str, &str, Summary),
    section: &str,
    name: &str,
    o: &crate::summary::OutboundReport,
) {
    row(section, name, "outbound.dialled", o.dialled);
    row(section, name, "outbound.carried", o.carried);
    row(section, name, "outbound.answered", o.answered);
    row(section, name, "outbound.answered_share", o.answered_share);
    row(section, name, "outbound.blocked", o.blocked);
    for c in BlockCause::ALL {
        row(section, name, &format!("outbound.blocked_by.{}", c.as_str()), *o.blocked_by.get(c));
    }
    row(section, name, "outbound.completed", o.completed);
    row(section, name, "outbound.dropped", o.dropped);
    row(section, name, "outbound.carried_in", o.carried_in);
    row(section, name, "outbound.in_progress", o.in_progress);
    row(section, name, "outbound.blocking_probability", o.blocking_probability);
}

/// Appends `report`'s rows to `out`, each led by `prefix`.
pub(crate) fn push_rows(report: &Report, prefix: &[&str], out: &mut Rows) {
    let mut row = |section: &str, name: &str, metric: &str, s: Summary| {
        // No interval (one replication): an empty cell.
        let (mean, ci95) = (s.mean.to_string(), s.ci95.map(|h| h.to_string()).unwrap_or_default());
        out.push(prefix.iter().copied().chain([section, name, metric, &mean, &ci95]));
    };
    let scenario = report.scenario.as_str();
    let exact = Summary::exact;
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
        row("number", name, "carried_in", n.carried_in);
        row("number", name, "callers", n.callers);
        row("number", name, "redials", n.redials);
        row("number", name, "never_through", n.never_through);
        row("number", name, "never_through_share", n.never_through_share);
        row("number", name, "blocking_probability", n.blocking_probability);
        row("number", name, "availability", n.availability);
        if let Some(Some(a)) = n.exact_call_availability {
            row("number", name, "exact_call_availability", exact(a));
        }
        if let Some(Some(x)) = n.exact_lost_in_failover {
            row("number", name, "exact_lost_in_failover", exact(x));
        }
        row("number", name, "outages", n.outages);
        row("number", name, "outage_s", n.outage_s);
        row("number", name, "longest_outage_s", n.longest_outage_s);
        row("number", name, "saturation", n.saturation);
        row("number", name, "mean_concurrency", n.mean_concurrency);
        row("number", name, "peak_concurrency", n.peak_concurrency);
        if let Some(o) = &n.outbound {
            outbound_rows(&mut row, "number", name, o);
        }
    }
    for (name, b) in &report.banks.0 {
        row("bank", name, "dids", exact(b.dids as f64));
        row("bank", name, "offered", b.offered);
        row("bank", name, "blocked", b.blocked);
        row("bank", name, "dropped", b.dropped);
        row("bank", name, "blocking_probability", b.blocking_probability);
        row("bank", name, "busiest_saturation", b.busiest_saturation);
        row("bank", name, "mean_concurrency", b.mean_concurrency);
        if let Some(o) = &b.outbound {
            outbound_rows(&mut row, "bank", name, o);
        }
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
    for (name, i) in &report.instances.0 {
        if let Some(q) = i.max_concurrent_calls {
            row("regional_instance", name, "max_concurrent_calls", exact(q as f64));
        }
        row("regional_instance", name, "offered", i.offered);
        row("regional_instance", name, "carried", i.carried);
        row("regional_instance", name, "quota_blocking", i.quota_blocking);
        row("regional_instance", name, "lost_in_failover", i.lost_in_failover);
        row("regional_instance", name, "dropped_by_instance", i.dropped_by_instance);
        row("regional_instance", name, "availability", i.availability);
        if let Some(a) = i.exact_availability {
            row("regional_instance", name, "exact_availability", exact(a));
        }
        row("regional_instance", name, "peak_concurrency", i.peak_concurrency);
    }
    for (name, q) in &report.queues.0 {
        row("queue", name, "agents", exact(q.agents as f64));
        row("queue", name, "answer_within_s", exact(q.answer_within_s));
        row("queue", name, "offered_erlangs", exact(q.offered_erlangs));
        row("queue", name, "offered", q.offered);
        row("queue", name, "queue_full", q.queue_full);
        row("queue", name, "entered", q.entered);
        row("queue", name, "answered", q.answered);
        row("queue", name, "abandoned", q.abandoned);
        row("queue", name, "abandoned_share", q.abandoned_share);
        row("queue", name, "probability_of_waiting", q.probability_of_waiting);
        row("queue", name, "service_level", q.service_level);
        row("queue", name, "asa_s", q.asa_s);
        row("queue", name, "mean_wait_s", q.mean_wait_s);
        row("queue", name, "p95_wait_s", q.p95_wait_s);
        row("queue", name, "mean_waiting", q.mean_waiting);
        row("queue", name, "mean_busy_agents", q.mean_busy_agents);
        row("queue", name, "occupancy", q.occupancy);
        if let Some(st) = &q.staffing {
            row("queue", name, "staffing.mean_scheduled_agents", exact(st.mean_scheduled_agents));
            row("queue", name, "staffing.mean_overtime_agents", st.mean_overtime_agents);
        }
        for w in &q.wait_cdf {
            row("queue", name, &format!("wait_cdf.{}", w.within_s), w.share);
        }
        if let Some(c) = &q.callbacks {
            row("queue", name, "callbacks.offered", c.offered);
            row("queue", name, "callbacks.accepted", c.accepted);
            row("queue", name, "callbacks.reached", c.reached);
            row("queue", name, "callbacks.never_reached", c.never_reached);
            row("queue", name, "callbacks.never_reached_share", c.never_reached_share);
            row("queue", name, "callbacks.dials", c.dials);
            row("queue", name, "callbacks.dials_blocked", c.dials_blocked);
        }
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_only_when_needed() {
        // RFC 4180: a field with a comma, a quote, CR or LF is quoted, its
        // quotes doubled; others are written as they are; `\n` ends a record.
        let mut rows = Rows::new(["a", "b"]);
        rows.push(["main", "a,b"]);
        rows.push(["say \"hi\"", "two\nlines"]);
        rows.push(["cr\r", ""]);
        rows.push(["0.1", "-1e-7"]);
        assert_eq!(rows.finish(), "a,b\nmain,\"a,b\"\n\"say \"\"hi\"\"\",\"two\nlines\"\n\"cr\r\",\n0.1,-1e-7\n");
    }

    #[test]
    fn what_is_written_reads_back() {
        let names = ["plain", "a,b", "say \"hi\"", "two\r\nlines", " spaced "];
        let mut rows = Rows::new(["name"]);
        for n in names {
            rows.push([n]);
        }
        let text = rows.finish();
        let back: Vec<String> =
            csv::Reader::from_reader(text.as_bytes()).records().map(|r| r.unwrap()[0].to_string()).collect();
        assert_eq!(back, names);
    }
}
