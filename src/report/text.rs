//! Text formatting shared by the human-readable reports: aligned tables
//! and figures with their confidence half-widths.

use crate::stats::Summary;

/// Left- or right-aligned column.
#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Align {
    Left,
    Right,
}

/// A titled table rendered with aligned columns.
pub(crate) struct Table {
    pub headers: Vec<(String, Align)>,
    pub rows: Rows,
}

/// A table's rows, every cell's text in one string. A report of 10,000
/// numbers has some 200,000 cells of a few characters each; as a `String`
/// each they cost 24 bytes of header and an allocation apiece, and they
/// were 6 MB of `scenarios/large.toml`'s peak memory.
#[derive(Default)]
pub(crate) struct Rows {
    text: String,
    /// Where each cell ends in `text`, row after row.
    cell_ends: Vec<usize>,
    /// Where each row ends in `cell_ends`.
    row_ends: Vec<usize>,
}

impl Rows {
    /// Appends a row of cells.
    pub(crate) fn push<S: AsRef<str>>(&mut self, row: impl IntoIterator<Item = S>) {
        for cell in row {
            self.text.push_str(cell.as_ref());
            self.cell_ends.push(self.text.len());
        }
        self.row_ends.push(self.cell_ends.len());
    }

    /// Whether there is no row.
    pub(crate) fn is_empty(&self) -> bool {
        self.row_ends.is_empty()
    }

    /// The rows in order, each as its cells' text.
    pub(crate) fn iter(&self) -> impl Iterator<Item = impl Iterator<Item = &str>> {
        (0..self.row_ends.len()).map(move |r| {
            let first = if r == 0 { 0 } else { self.row_ends[r - 1] };
            (first..self.row_ends[r]).map(move |c| {
                let start = if c == 0 { 0 } else { self.cell_ends[c - 1] };
                &self.text[start..self.cell_ends[c]]
            })
        })
    }
}

impl Table {
    /// A table with these headers and no rows.
    pub(crate) fn new(headers: &[(&str, Align)]) -> Self {
        Table { headers: headers.iter().map(|(h, a)| (h.to_string(), *a)).collect(), rows: Rows::default() }
    }

    /// The width of each column, in characters: its widest cell or header.
    fn widths(&self) -> Vec<usize> {
        let mut widths: Vec<usize> = self.headers.iter().map(|h| h.0.chars().count()).collect();
        for row in self.rows.iter() {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(cell.chars().count());
            }
        }
        widths
    }

    /// Bytes [`Table::render`] appends at most (before trailing spaces are trimmed).
    fn rendered_len(&self, widths: &[usize]) -> usize {
        let line = |cells: &mut dyn Iterator<Item = &str>| -> usize {
            cells.zip(widths).map(|(cell, w)| cell.len() + (w - cell.chars().count()) + 2).sum::<usize>() + 1
        };
        line(&mut self.headers.iter().map(|h| h.0.as_str())) + self.rows.iter().map(|mut r| line(&mut r)).sum::<usize>()
    }

    /// Appends the aligned table to `out`, its columns `widths` wide: one
    /// line per row, cells padded to their column's width, trailing spaces
    /// trimmed.
    fn render(&self, widths: &[usize], out: &mut String) {
        let line = |cells: &mut dyn Iterator<Item = &str>, out: &mut String| {
            let start = out.len();
            for (c, cell) in cells.enumerate() {
                let pad = widths[c] - cell.chars().count();
                if c > 0 {
                    out.push_str("  ");
                }
                match self.headers[c].1 {
                    Align::Left => {
                        out.push_str(cell);
                        out.extend(std::iter::repeat_n(' ', pad));
                    }
                    Align::Right => {
                        out.extend(std::iter::repeat_n(' ', pad));
                        out.push_str(cell);
                    }
                }
            }
            let kept = out[start..].trim_end().len();
            out.truncate(start + kept);
            out.push('\n');
        };
        line(&mut self.headers.iter().map(|h| h.0.as_str()), out);
        for mut r in self.rows.iter() {
            line(&mut r, out);
        }
    }
}

/// A part of a human-readable report. The text renderer prints it; the
/// HTML renderer turns it into a paragraph or a table.
pub(crate) enum Block {
    /// A line of the report's heading.
    Line(String),
    /// A paragraph, after a blank line.
    Note(String),
    /// A titled table, after a blank line.
    Table(String, Table),
}

/// The blocks as aligned text. The text is sized before it is written, and
/// each table is dropped once written, so that a report of 10,000 numbers
/// holds its cells and its text at once only for the table being written.
pub(crate) fn render_text(blocks: Vec<Block>) -> String {
    let widths: Vec<Vec<usize>> =
        blocks.iter().map(|b| if let Block::Table(_, t) = b { t.widths() } else { Vec::new() }).collect();
    let len: usize = (blocks.iter().zip(&widths))
        .map(|(b, w)| match b {
            Block::Line(l) => l.len() + 1,
            Block::Note(n) => n.len() + 2,
            Block::Table(title, t) => title.len() + 2 + t.rendered_len(w),
        })
        .sum();
    let mut out = String::with_capacity(len);
    for (b, w) in blocks.into_iter().zip(&widths) {
        match b {
            Block::Line(l) => {
                out.push_str(&l);
                out.push('\n');
            }
            Block::Note(n) => {
                out.push('\n');
                out.push_str(&n);
                out.push('\n');
            }
            Block::Table(title, t) => {
                out.push('\n');
                if !title.is_empty() {
                    out.push_str(&title);
                    out.push('\n');
                }
                t.render(w, &mut out);
            }
        }
    }
    out
}

/// Decimals that show the half-width `ci` to about two significant digits,
/// between `min` and `max`.
pub(crate) fn decimals_for(ci: f64, min: usize, max: usize) -> usize {
    if ci <= 0.0 || !ci.is_finite() {
        return min;
    }
    let d = (1.0 - ci.log10().floor()) as i64;
    d.clamp(min as i64, max as i64) as usize
}

/// What a figure without an interval shows in place of its half-width
/// (one replication: the interval is unknown, not zero).
pub(crate) const NO_INTERVAL: &str = "± ?";

/// `mean ± ci` scaled by `scale` (100 for percent); `mean ± ?` without an interval.
pub(crate) fn pm(s: &Summary, scale: f64, min: usize, max: usize) -> String {
    let m = s.mean * scale;
    let Some(h) = s.ci95.map(|h| h * scale) else {
        return format!("{m:.min$} {NO_INTERVAL}");
    };
    let d = decimals_for(h, min, max);
    if h == 0.0 { format!("{m:.d$}") } else { format!("{m:.d$} ± {h:.d$}") }
}

/// A count with thousands separators.
pub(crate) fn thousands(v: f64) -> String {
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
pub(crate) fn count(s: &Summary) -> String {
    match s.ci95 {
        None => format!("{} {NO_INTERVAL}", thousands(s.mean)),
        Some(h) if h == 0.0 || s.mean.abs() >= 1000.0 && h >= 1.0 => {
            let h = if h == 0.0 { String::new() } else { format!(" ± {}", thousands(h)) };
            format!("{}{h}", thousands(s.mean))
        }
        Some(_) => pm(s, 1.0, 0, 2),
    }
}

/// An amount of money `mean ± ci`, with thousands separators and cents
/// (more decimals for amounts under 1, like a cost per call).
pub(crate) fn money(s: &Summary) -> String {
    let d = if s.mean.abs() < 1.0 { decimals_for(s.half_width_or_zero(), 4, 5) } else { 2 };
    let fmt = |v: f64| {
        let digits = format!("{:.d$}", v.abs());
        let (whole, frac) = digits.split_once('.').unwrap_or((&digits, ""));
        let whole = thousands(whole.parse::<f64>().unwrap_or(0.0));
        let sign = if v < 0.0 && digits.chars().any(|c| c.is_ascii_digit() && c != '0') { "-" } else { "" };
        if frac.is_empty() { format!("{sign}{whole}") } else { format!("{sign}{whole}.{frac}") }
    };
    let Some(h) = s.ci95 else { return format!("{} {NO_INTERVAL}", fmt(s.mean)) };
    // A half-width that rounds to nothing (float noise on an exact figure) is not shown.
    let ci = fmt(h);
    if ci.chars().all(|c| !c.is_ascii_digit() || c == '0') { fmt(s.mean) } else { format!("{} ± {ci}", fmt(s.mean)) }
}

/// A duration `mean ± ci` in the unit that suits the mean (s, min, h, d).
pub(crate) fn duration_pm(s: &Summary) -> String {
    let (scale, unit) = match s.mean.max(s.half_width_or_zero()) {
        v if v >= 2.0 * 86_400.0 => (86_400.0, "d"),
        v if v >= 2.0 * 3_600.0 => (3_600.0, "h"),
        v if v >= 120.0 => (60.0, "min"),
        _ => (1.0, "s"),
    };
    let scaled = s.scaled(1.0 / scale);
    format!("{} {unit}", pm(&scaled, 1.0, 1, 3))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_counts_and_intervals() {
        assert_eq!(thousands(1234567.0), "1,234,567");
        assert_eq!(thousands(999.0), "999");
        assert_eq!(count(&Summary { mean: 503212.4, ci95: Some(640.2) }), "503,212 ± 640");
        assert_eq!(count(&Summary::exact(12.0)), "12");
        assert_eq!(pm(&Summary { mean: 0.00999, ci95: Some(0.00031) }, 100.0, 3, 6), "0.999 ± 0.031");
        assert_eq!(pm(&Summary::exact(1.0), 100.0, 3, 6), "100.000");
        assert_eq!(duration_pm(&Summary { mean: 21_600.0, ci95: Some(1_800.0) }), "6.00 ± 0.50 h");
        assert_eq!(duration_pm(&Summary::exact(0.0)), "0.0 s");
        assert_eq!(money(&Summary { mean: 12345.678, ci95: Some(12.3) }), "12,345.68 ± 12.30");
        assert_eq!(money(&Summary::exact(-1500.5)), "-1,500.50");
        assert_eq!(money(&Summary { mean: 0.0342, ci95: Some(0.0012) }), "0.0342 ± 0.0012");
        assert_eq!(money(&Summary::exact(-0.25)), "-0.2500");
        assert_eq!(money(&Summary::exact(1.999)), "2.00");
        assert_eq!(money(&Summary { mean: 5.48, ci95: Some(1e-15) }), "5.48");
        // One replication: the interval is unknown, and says so.
        let one = Summary { mean: 0.00999, ci95: None };
        assert_eq!(pm(&one, 100.0, 3, 6), "0.999 ± ?");
        assert_eq!(count(&Summary { mean: 1234.0, ci95: None }), "1,234 ± ?");
        assert_eq!(money(&Summary { mean: 12.5, ci95: None }), "12.50 ± ?");
    }

    /// Rows come back cell for cell as pushed (empty cells, multi-byte
    /// characters and an empty row included), and the table renders them
    /// aligned, within the length it reserved.
    #[test]
    fn rows_keep_their_cells_and_render_aligned() {
        let mut t = Table::new(&[("name", Align::Left), ("figure", Align::Right)]);
        assert!(t.rows.is_empty());
        let pushed: Vec<Vec<String>> = vec![
            vec!["did-1".into(), "0.999 ± 0.031".into()],
            vec![String::new(), "12".into()],
            vec![],
            vec!["a-much-longer-name".into(), String::new()],
        ];
        for row in &pushed {
            t.rows.push(row);
        }
        let back: Vec<Vec<String>> = t.rows.iter().map(|r| r.map(str::to_string).collect()).collect();
        assert_eq!(back, pushed);
        let widths = t.widths();
        assert_eq!(widths, vec![18, 13]);
        let mut out = String::new();
        t.render(&widths, &mut out);
        assert!(out.len() <= t.rendered_len(&widths));
        let expected = "name                       figure\n\
                        did-1               0.999 ± 0.031\n\
                        \x20                              12\n\
                        \n\
                        a-much-longer-name\n";
        assert_eq!(out, expected);
    }
}
