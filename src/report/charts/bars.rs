//! Designs side by side: one panel per metric, one bar per design.

use super::axis::{self, Axis, Chart, mesh};
use super::legend::{self, Swatch};
use super::style::{self, Area, Drawn, INK, TITLE_H, chars_fitting, fill_px, fmt_value, font_at, palette, text};
use super::{BarChart, BarPanel};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// Height of the panels, pixels (plus the title and the legend's rows).
const PANEL_H: u32 = 440;
/// Narrowest and widest chart, pixels.
const WIDTHS: (u32, u32) = (600, 4000);
/// Narrowest panel drawn, pixels: panels beyond are left out (and said so).
const MIN_PANEL_W: u32 = 180;
/// Width of a bar's slot, pixels, when there is room.
const SLOT_W: u32 = 64;
/// Most lines of a design's name under its bar.
const LABEL_LINES: usize = 4;
/// Room for the y tick labels and margins of a panel, pixels.
const PANEL_EXTRA_W: u32 = 110;

/// The designs in order of first appearance over all panels: each keeps its
/// colour (its index in this list) in every panel.
fn designs(chart: &BarChart) -> Vec<&str> {
    let mut names: Vec<&str> = Vec::new();
    for (name, _) in chart.panels.iter().flat_map(|p| &p.bars) {
        if !names.contains(&name.as_str()) {
            names.push(name);
        }
    }
    names
}

/// A bar that can be drawn: `(mean, low, high)`, or `None` for a NaN mean
/// (infinities clamped, a NaN or negative half-width taken as 0); with
/// `non_negative`, the mean and the interval's low end are clamped at 0.
fn bar(s: &crate::stats::Summary, non_negative: bool) -> Option<(f64, f64, f64)> {
    let floor = if non_negative { 0.0 } else { -axis::MAX_MAGNITUDE };
    let mean = axis::finite(s.mean)?.max(floor);
    let ci = axis::finite(s.half_width_or_zero()).unwrap_or(0.0).max(0.0);
    Some((mean, (mean - ci).max(floor), (mean + ci).min(axis::MAX_MAGNITUDE)))
}

/// The y range of a panel: 0 and every interval in it, with room above
/// and below for the printed values; `0..1` when all are 0.
fn y_range(bars: &[Option<(f64, f64, f64)>]) -> (f64, f64) {
    let (lo, hi) = bars.iter().flatten().fold((0.0_f64, 0.0_f64), |(l, h), b| (l.min(b.1), h.max(b.2)));
    if hi <= lo {
        return (0.0, 1.0);
    }
    let pad = (hi - lo) * 0.12;
    (if lo < 0.0 { lo - pad } else { 0.0 }, if hi > 0.0 { hi + pad } else { 0.0 })
}

/// The chart as a standalone SVG document: panels side by side, one per
/// metric (each with its title), one bar per design from 0 to its mean
/// with a whisker over its 95% interval (mean ± ci95, none when ci95 is 0 or unknown)
/// and the mean printed above it (below a negative bar), design names under
/// the bars (wrapped on up to 4 lines; left to the legend when longer) and
/// whole in a legend; a design keeps its colour in every
/// panel. 600 to 4,000 pixels wide (panels beyond are left out, with a
/// note), about 500 high. A NaN mean is shown as `n/a`; infinities are
/// clamped. With no panels, a small document saying "no metrics".
pub fn bars_svg(chart: &BarChart) -> String {
    if chart.panels.is_empty() {
        return style::message_svg(&chart.title, "no metrics");
    }
    let names = designs(chart);
    let most = chart.panels.iter().map(|p| p.bars.len()).max().unwrap_or(0) as u32;
    let panel_w = (most.min(1000) * SLOT_W + PANEL_EXTRA_W).max(260);
    let width = (panel_w.saturating_mul(chart.panels.len().min(1000) as u32)).clamp(WIDTHS.0, WIDTHS.1);
    let shown = chart.panels.len().min((width / MIN_PANEL_W) as usize);
    let entries: Vec<_> =
        names.iter().enumerate().map(|(i, n)| (Swatch::Fill(palette(i), 1.0), n.to_string())).collect();
    let legend_h = legend::height(&entries, width as i32 - 40).min(style::MAX_HEIGHT as i32 / 2) as u32 + 8;
    let height = TITLE_H + legend_h + PANEL_H + if shown < chart.panels.len() { 24 } else { 0 };
    style::render(width, height, |root| {
        style::title(root, &chart.title, width)?;
        legend::draw(root, &entries, (20, TITLE_H as i32), width as i32 - 40)?;
        let each = width / shown as u32;
        for (i, p) in chart.panels.iter().take(shown).enumerate() {
            let area = root.clone().shrink((i as u32 * each, TITLE_H + legend_h), (each, PANEL_H));
            panel(root, &area, p, &names, each)?;
        }
        if shown < chart.panels.len() {
            let note = format!("… and {} more metrics not shown", chart.panels.len() - shown);
            text(root, &note, (20, (height - 20) as i32), &font_at(12, HPos::Left, VPos::Top))?;
        }
        Ok(())
    })
}

/// Draws one metric's panel, `width` pixels wide, in `area`.
fn panel(root: &Area, area: &Area, p: &BarPanel, names: &[&str], width: u32) -> Drawn {
    let lines = style::wrap(&p.title, chars_fitting(width as i32 - 20, 14), 2);
    for (k, line) in lines.iter().enumerate() {
        area.draw(&Text::new(
            line.clone(),
            (width as i32 / 2, 6 + 18 * k as i32),
            font_at(14, HPos::Center, VPos::Top),
        ))?;
    }
    let bars: Vec<_> = p.bars.iter().map(|(_, s)| bar(s, p.non_negative)).collect();
    let (y_lo, y_hi) = y_range(&bars);
    let n = p.bars.len().max(1) as f64;
    let mut c = ChartBuilder::on(area)
        .margin_top(48)
        .margin_left(8)
        .margin_right(16)
        .x_label_area_size(LABEL_LINES as u32 * 14 + 10)
        .y_label_area_size(64)
        .build_cartesian_2d(0.0..n, y_lo..y_hi)?;
    let y_span = y_hi - y_lo;
    let y_tick = |v: &f64| axis::tick(*v, y_span);
    let none = |_: &f64| String::new();
    mesh(&mut c, Axis { labels: 0, format: &none, desc: "" }, Axis { labels: 6, format: &y_tick, desc: "" })?;
    if y_lo < 0.0 {
        c.draw_series(LineSeries::new([(0.0, 0.0), (n, 0.0)], INK.stroke_width(1)))?;
    }
    let slot_px = c.backend_coord(&(1.0, 0.0)).0 - c.backend_coord(&(0.0, 0.0)).0;
    for (i, ((name, _), b)) in p.bars.iter().zip(&bars).enumerate() {
        let colour = palette(names.iter().position(|d| d == name).unwrap_or(0));
        let x = i as f64;
        let base = c.backend_coord(&(x + 0.5, y_lo)).1;
        // The design's name wrapped under its bar (whole in the legend).
        // A name that does not fit whole is left to the legend, not cut.
        let lines = style::wrap(name, chars_fitting(slot_px - 4, 12), LABEL_LINES);
        let whole = lines.iter().all(|l| !l.ends_with('…'));
        if whole && lines.first().is_some_and(|l| l.chars().count() >= 2) {
            for (k, line) in lines.iter().enumerate() {
                let at = (c.backend_coord(&(x + 0.5, 0.0)).0, base + 8 + 14 * k as i32);
                text(root, line, at, &font_at(12, HPos::Center, VPos::Top))?;
            }
        }
        match b {
            Some(b) => draw_bar(root, &c, x, *b, colour, slot_px)?,
            None => {
                let (mid, zero) = c.backend_coord(&(x + 0.5, 0.0));
                text(root, "n/a", (mid, zero - 4), &font_at(12, HPos::Center, VPos::Bottom))?;
            }
        }
    }
    Ok(())
}

/// Draws bar `x` (its slot spans `x..x + 1`): the bar, its whisker, its value.
fn draw_bar(root: &Area, c: &Chart, x: f64, (mean, lo, hi): (f64, f64, f64), colour: RGBColor, slot_px: i32) -> Drawn {
    let (l, zero) = c.backend_coord(&(x + 0.15, 0.0));
    let (r, top) = c.backend_coord(&(x + 0.85, mean));
    fill_px(root, (l, zero), (r, top), colour.filled())?;
    let (mid, y_lo) = c.backend_coord(&(x + 0.5, lo));
    let y_hi = c.backend_coord(&(x + 0.5, hi)).1;
    if y_lo != y_hi {
        let cap = (slot_px / 8).clamp(2, 8);
        for line in
            [[(mid, y_lo), (mid, y_hi)], [(mid - cap, y_lo), (mid + cap, y_lo)], [(mid - cap, y_hi), (mid + cap, y_hi)]]
        {
            root.draw(&PathElement::new(line.to_vec(), INK.stroke_width(1)))?;
        }
    }
    let value = fmt_value(mean);
    if style::text_width(&value, 12) <= slot_px + 8 {
        let (y, v) = if mean >= 0.0 { (y_hi.min(top) - 4, VPos::Bottom) } else { (y_lo.max(top) + 4, VPos::Top) };
        text(root, &value, (mid, y), &font_at(12, HPos::Center, v))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::Summary;

    #[test]
    fn designs_keep_their_first_place() {
        let s = Summary::exact(1.0);
        let panel = |names: &[&str]| BarPanel {
            title: String::new(),
            bars: names.iter().map(|n| (n.to_string(), s)).collect(),
            non_negative: true,
        };
        let chart = BarChart { title: String::new(), panels: vec![panel(&["b", "a"]), panel(&["c", "a", "b"])] };
        assert_eq!(designs(&chart), vec!["b", "a", "c"]);
    }

    #[test]
    fn ranges_hold_zero_and_every_interval() {
        let b = |mean, ci95| bar(&Summary { mean, ci95: Some(ci95) }, false);
        assert_eq!(y_range(&[b(10.0, 2.0), b(5.0, 0.0)]), (0.0, 12.0 + 12.0 * 0.12));
        assert_eq!(y_range(&[b(-10.0, 0.0)]), (-11.2, 0.0));
        assert_eq!(y_range(&[b(0.0, 0.0), b(f64::NAN, 1.0)]), (0.0, 1.0));
        assert_eq!(b(1.0, f64::NAN), Some((1.0, 1.0, 1.0)));
        assert_eq!(b(1.0, -3.0), Some((1.0, 1.0, 1.0)));
        assert_eq!(b(f64::INFINITY, 0.0), Some((1e12, 1e12, 1e12)));
        // A non-negative metric's whisker stops at 0: 2 ± 5 is drawn 0 to 7.
        assert_eq!(bar(&Summary { mean: 2.0, ci95: Some(5.0) }, true), Some((2.0, 0.0, 7.0)));
        assert_eq!(bar(&Summary { mean: -1e-9, ci95: Some(1.0) }, true), Some((0.0, 0.0, 1.0)));
    }
}
