//! The outage timeline: one row per element, its periods down as bars.

use super::axis::{self, Axis, Chart, TimeAxis, mesh};
use super::legend::{self, Swatch};
use super::style::{self, Area, Drawn, PALETTE, TITLE_H, WIDTH, chars_fitting, coalesce, fill_px, fit, font_at, text};
use super::{OutageChart, OutageRow};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// Height of a row, pixels, up to 100 rows.
const ROW_H: u32 = 24;
/// Height of a row with more rows, pixels.
const DENSE_ROW_H: u32 = 14;
/// Height under the rows (tick labels, axis description, note), pixels.
const FOOT_H: u32 = 80;
/// Known kinds in legend order, with their colours.
const KINDS: [(&str, RGBColor); 5] = [
    ("instance", PALETTE[3]),
    ("az", PALETTE[5]),
    ("carrier", PALETTE[0]),
    ("link", PALETTE[1]),
    ("number", PALETTE[2]),
];
/// The colour of kinds not in `KINDS`.
const OTHER: RGBColor = RGBColor(0x77, 0x77, 0x77);
/// Background of every other row.
const STRIPE: RGBColor = RGBColor(0xF4, 0xF4, 0xF4);

/// The colour of a kind of element.
fn colour(kind: &str) -> RGBColor {
    KINDS.iter().find(|(k, _)| *k == kind).map_or(OTHER, |&(_, c)| c)
}

/// The kinds of `rows` in legend order: known ones first, then others by name.
fn kinds(rows: &[OutageRow]) -> Vec<&str> {
    let mut others: Vec<&str> = rows.iter().map(|r| r.kind).filter(|k| !KINDS.iter().any(|(n, _)| n == k)).collect();
    others.sort_unstable();
    others.dedup();
    let known = KINDS.iter().map(|&(k, _)| k).filter(|k| rows.iter().any(|r| r.kind == *k));
    known.chain(others).collect()
}

/// The outage timeline as a standalone SVG document, `WIDTH` (900) pixels
/// wide: one row per element (24 pixels each, 14 from 101 rows), its label
/// on the left and each period down as a bar coloured by the element's kind
/// (instance, az, carrier, link, number; any other kind grey), with a legend of the
/// kinds present. A row without periods is drawn empty ("never down"). A
/// period shorter than a pixel is drawn 2 pixels wide. x is time from the
/// start of the measured window in hours up to a 3-day window, in days
/// beyond it; periods are clipped to the window, those with NaN ends or
/// ending before they start are skipped, and a zero or negative window is
/// drawn as 1 s. Rows that would make the chart taller than 10,000 pixels
/// are left out, with a note saying how many. With no rows, a small
/// document saying "no failures modelled".
pub fn outages_svg(chart: &OutageChart) -> String {
    if chart.rows.is_empty() {
        return style::message_svg(&chart.title, "no failures modelled");
    }
    let row_h = if chart.rows.len() <= 100 { ROW_H } else { DENSE_ROW_H };
    let entries: Vec<_> =
        kinds(&chart.rows).iter().map(|&k| (Swatch::Fill(colour(k), 1.0), format!("{k} down"))).collect();
    let legend_h = legend::height(&entries, WIDTH as i32 - 40) as u32 + 8;
    let room = style::MAX_HEIGHT - TITLE_H - legend_h - FOOT_H;
    let shown = chart.rows.len().min((room / row_h) as usize);
    let height = TITLE_H + legend_h + shown as u32 * row_h + FOOT_H;
    style::render(WIDTH, height, |root| {
        style::title(root, &chart.title, WIDTH)?;
        legend::draw(root, &entries, (20, TITLE_H as i32), WIDTH as i32 - 40)?;
        let area = root.clone().shrink((0, TITLE_H + legend_h), (WIDTH, height - TITLE_H - legend_h));
        timeline(root, &area, chart, shown, row_h)
    })
}

/// Draws the first `shown` rows of `chart` in `area`, `row_h` pixels each.
fn timeline(root: &Area, area: &Area, chart: &OutageChart, shown: usize, row_h: u32) -> Drawn {
    let horizon_s = axis::horizon(chart.horizon_s);
    let time = TimeAxis::for_horizon(horizon_s);
    let x_max = horizon_s / time.unit_s;
    let label_px = if row_h >= ROW_H { 14 } else { 12 };
    let longest = chart.rows.iter().take(shown).map(|r| r.label.chars().count()).max().unwrap_or(0);
    let label_w = style::text_width(&"m".repeat(longest.min(40)), label_px).clamp(60, 300) + 16;
    let n = shown as f64;
    let mut c = ChartBuilder::on(area)
        .margin_top(4)
        .margin_left(8)
        .margin_right(24)
        .margin_bottom(FOOT_H - 56)
        .x_label_area_size(52)
        .y_label_area_size(label_w)
        .build_cartesian_2d(0.0..x_max, 0.0..n)?;

    let x_px = |c: &Chart, t_s: f64| c.backend_coord(&(t_s / time.unit_s, 0.0)).0;
    let y_px = |c: &Chart, y: f64| c.backend_coord(&(0.0, y)).1;
    let (left, right) = (x_px(&c, 0.0), x_px(&c, horizon_s));
    // Row i spans y in [n - i - 1, n - i]: stripes under the grid, bars over it.
    for i in (1..shown).step_by(2) {
        let top = n - i as f64;
        fill_px(root, (left, y_px(&c, top)), (right, y_px(&c, top - 1.0)), STRIPE.filled())?;
    }
    let x_tick = |v: &f64| axis::tick(*v, x_max);
    let none = |_: &f64| String::new();
    mesh(&mut c, Axis { labels: 10, format: &x_tick, desc: time.label }, Axis { labels: 0, format: &none, desc: "" })?;
    for (i, row) in chart.rows.iter().take(shown).enumerate() {
        let top = n - i as f64;
        let (bar_t, bar_b, mid) = (y_px(&c, top - 0.15), y_px(&c, top - 0.85), y_px(&c, top - 0.5));
        let spans: Vec<_> = row
            .periods
            .iter()
            .filter_map(|p| axis::clip(p, horizon_s))
            .map(|(a, z)| (x_px(&c, a), x_px(&c, z)))
            .collect();
        if spans.is_empty() && row_h >= ROW_H {
            text(root, "never down", (left + 6, mid), &font_at(12, HPos::Left, VPos::Center).color(&OTHER))?;
        }
        for (l, r) in coalesce(spans, 2) {
            fill_px(root, (l, bar_t), (r, bar_b), colour(row.kind).filled())?;
        }
        let label = fit(&row.label, chars_fitting(label_w - 16, label_px));
        text(root, &label, (left - 8, mid), &font_at(label_px, HPos::Right, VPos::Center))?;
    }
    if shown < chart.rows.len() {
        let note = format!("… and {} more rows not shown", chart.rows.len() - shown);
        text(root, &note, (left, y_px(&c, 0.0) + 56), &font_at(12, HPos::Left, VPos::Top))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_listed_known_first_then_by_name() {
        let row = |kind| OutageRow { label: String::new(), kind, periods: vec![] };
        let rows = [row("link"), row("zone"), row("az"), row("link"), row("dc")];
        assert_eq!(kinds(&rows), vec!["az", "link", "dc", "zone"]);
        assert_eq!(colour("zone"), OTHER);
        assert_eq!(colour("carrier"), PALETTE[0]);
    }
}
