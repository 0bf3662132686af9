//! The human-readable report: aligned tables, one row per number and per
//! link, every figure with its unit and its 95% confidence half-width.

use super::Report;
use crate::engine::time::format_duration;
use crate::model::BlockCause;
use crate::stats::Summary;

/// Left- or right-aligned column.
#[derive(Clone, Copy, PartialEq)]
enum Align {
    Left,
    Right,
}

/// A titled table rendered with aligned columns.
struct Table {
    headers: Vec<(&'static str, Align)>,
    rows: Vec<Vec<String>>,
}

impl Table {
    fn render(&self, out: &mut String) {
        let widths: Vec<usize> = (0..self.headers.len())
            .map(|c| {
                self.rows
                    .iter()
                    .map(|r| r[c].chars().count())
                    .chain([self.headers[c].0.chars().count()])
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let line = |cells: Vec<&str>, out: &mut String| {
            let mut l = String::new();
            for (c, cell) in cells.iter().enumerate() {
                let pad = widths[c] - cell.chars().count();
                if c > 0 {
                    l.push_str("  ");
                }
                match self.headers[c].1 {
                    Align::Left => {
                        l.push_str(cell);
                        l.extend(std::iter::repeat_n(' ', pad));
                    }
                    Align::Right => {
                        l.extend(std::iter::repeat_n(' ', pad));
                        l.push_str(cell);
                    }
                }
            }
            out.push_str(l.trim_end());
            out.push('\n');
        };
        line(self.headers.iter().map(|h| h.0).collect(), out);
        for r in &self.rows {
            line(r.iter().map(String::as_str).collect(), out);
        }
    }
}

/// Decimals that show the half-width `ci` to about two significant digits,
/// between `min` and `max`.
fn decimals_for(ci: f64, min: usize, max: usize) -> usize {
    if ci <= 0.0 || !ci.is_finite() {
        return min;
    }
    let d = (1.0 - ci.log10().floor()) as i64;
    d.clamp(min as i64, max as i64) as usize
}

/// `mean ± ci` scaled by `scale` (100 for percent).
fn pm(s: &Summary, scale: f64, min: usize, max: usize) -> String {
    let (m, h) = (s.mean * scale, s.ci95 * scale);
    let d = decimals_for(h, min, max);
    if h == 0.0 { format!("{m:.d$}") } else { format!("{m:.d$} ± {h:.d$}") }
}

/// A count with thousands separators.
fn thousands(v: f64) -> String {
    let digits = format!("{:.0}", v.abs());
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if v < 0.0 && digits != "0" { format!("-{out}") } else { out }
}

/// A per-replication count `mean ± ci`.
fn count(s: &Summary) -> String {
    if s.ci95 == 0.0 || s.mean.abs() >= 1000.0 && s.ci95 >= 1.0 {
        let h = if s.ci95 == 0.0 { String::new() } else { format!(" ± {}", thousands(s.ci95)) };
        format!("{}{h}", thousands(s.mean))
    } else {
        pm(s, 1.0, 0, 2)
    }
}

/// A duration `mean ± ci` in the unit that suits the mean (s, min, h, d).
fn duration_pm(s: &Summary) -> String {
    let (scale, unit) = match s.mean.max(s.ci95) {
        v if v >= 2.0 * 86_400.0 => (86_400.0, "d"),
        v if v >= 2.0 * 3_600.0 => (3_600.0, "h"),
        v if v >= 120.0 => (60.0, "min"),
        _ => (1.0, "s"),
    };
    let scaled = Summary { mean: s.mean / scale, ci95: s.ci95 / scale };
    format!("{} {unit}", pm(&scaled, 1.0, 1, 3))
}

/// Renders `report` as aligned text tables.
pub fn to_table(report: &Report) -> String {
    let mut out = String::new();
    let warmup = if report.warmup_s > 0.0 {
        format!(" after {} warm-up", format_duration(report.warmup_s))
    } else {
        String::new()
    };
    out.push_str(&format!("callsim: {}\n", report.scenario));
    out.push_str(&format!(
        "{} replication(s) x {} measured{warmup}, seed {}, {} events\n",
        report.replications,
        format_duration(report.horizon_s),
        report.seed,
        thousands(report.events as f64),
    ));
    out.push_str("Figures are means per replication ± the half-width of their 95% confidence interval.\n\n");

    out.push_str("Numbers\n");
    let mut numbers = Table {
        headers: vec![
            ("number", Align::Left),
            ("type", Align::Left),
            ("cap", Align::Right),
            ("load (Erl)", Align::Right),
            ("offered (calls)", Align::Right),
            ("blocking (%)", Align::Right),
            ("dropped (calls)", Align::Right),
            ("availability (%)", Align::Right),
            ("saturation (%)", Align::Right),
            ("mean calls", Align::Right),
            ("peak calls", Align::Right),
        ],
        rows: Vec::new(),
    };
    for (name, n) in &report.numbers.0 {
        numbers.rows.push(vec![
            name.clone(),
            n.kind.to_string(),
            n.max_concurrent.map(|c| c.to_string()).unwrap_or_else(|| "-".into()),
            format!("{:.2}", n.offered_erlangs),
            count(&n.offered),
            pm(&n.blocking_probability, 100.0, 3, 6),
            count(&n.dropped),
            pm(&n.availability, 100.0, 3, 6),
            pm(&n.saturation, 100.0, 3, 6),
            pm(&n.mean_concurrency, 1.0, 1, 3),
            pm(&n.peak_concurrency, 1.0, 1, 1),
        ]);
    }
    numbers.render(&mut out);

    out.push_str("\nBlocked calls by cause (calls per replication)\n");
    let mut causes = Table { headers: vec![("number", Align::Left)], rows: Vec::new() };
    for c in BlockCause::ALL {
        causes.headers.push((c.as_str(), Align::Right));
    }
    for (name, n) in &report.numbers.0 {
        let mut row = vec![name.clone()];
        row.extend(BlockCause::ALL.iter().map(|&c| count(n.blocked_by.get(c))));
        causes.rows.push(row);
    }
    causes.render(&mut out);

    out.push_str("\nAvailability: periods with no route up, and calls cut by failures (per replication)\n");
    let mut avail = Table {
        headers: vec![
            ("number", Align::Left),
            ("availability (%)", Align::Right),
            ("outages", Align::Right),
            ("time without route", Align::Right),
            ("longest outage", Align::Right),
            ("dropped: az", Align::Right),
            ("carrier", Align::Right),
            ("link", Align::Right),
        ],
        rows: Vec::new(),
    };
    for (name, n) in &report.numbers.0 {
        avail.rows.push(vec![
            name.clone(),
            pm(&n.availability, 100.0, 3, 6),
            pm(&n.outages, 1.0, 1, 2),
            duration_pm(&n.outage_s),
            duration_pm(&n.longest_outage_s),
            count(&n.dropped_by.az),
            count(&n.dropped_by.carrier),
            count(&n.dropped_by.link),
        ]);
    }
    avail.render(&mut out);

    out.push_str("\nLinks\n");
    let mut links = Table {
        headers: vec![
            ("link", Align::Left),
            ("channels", Align::Right),
            ("carried (calls)", Align::Right),
            ("utilization (%)", Align::Right),
            ("mean busy", Align::Right),
            ("peak busy", Align::Right),
            ("availability (%)", Align::Right),
            ("outages", Align::Right),
        ],
        rows: Vec::new(),
    };
    for (name, l) in &report.links.0 {
        links.rows.push(vec![
            name.clone(),
            l.channels.to_string(),
            count(&l.carried),
            pm(&l.utilization, 100.0, 2, 4),
            pm(&l.mean_busy, 1.0, 1, 3),
            pm(&l.peak_busy, 1.0, 1, 1),
            pm(&l.availability, 100.0, 3, 6),
            pm(&l.outages, 1.0, 1, 2),
        ]);
    }
    links.render(&mut out);

    let i = &report.instance;
    out.push_str(&format!(
        "\nInstance: quota {}, mean calls {}, peak calls {}\n",
        i.max_concurrent_calls.map(|q| q.to_string()).unwrap_or_else(|| "none".into()),
        pm(&i.mean_concurrency, 1.0, 1, 3),
        pm(&i.peak_concurrency, 1.0, 1, 1),
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_counts_and_intervals() {
        assert_eq!(thousands(1234567.0), "1,234,567");
        assert_eq!(thousands(999.0), "999");
        assert_eq!(count(&Summary { mean: 503212.4, ci95: 640.2 }), "503,212 ± 640");
        assert_eq!(count(&Summary { mean: 12.0, ci95: 0.0 }), "12");
        assert_eq!(pm(&Summary { mean: 0.00999, ci95: 0.00031 }, 100.0, 3, 6), "0.999 ± 0.031");
        assert_eq!(pm(&Summary { mean: 1.0, ci95: 0.0 }, 100.0, 3, 6), "100.000");
        assert_eq!(duration_pm(&Summary { mean: 21_600.0, ci95: 1_800.0 }), "6.00 ± 0.50 h");
        assert_eq!(duration_pm(&Summary { mean: 0.0, ci95: 0.0 }), "0.0 s");
    }
}
