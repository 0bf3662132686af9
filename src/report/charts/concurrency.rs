//! Concurrency against caps: one small panel per number, outages shaded.

use super::axis::{self, Axis, TimeAxis, mesh};
use super::legend::{self, Swatch};
use super::style::{
    self, Area, Drawn, INK, PALETTE, RED, TITLE_H, WIDTH, chars_fitting, coalesce, fill_px, fit, font_at, text,
};
use super::{ConcurrencyChart, ConcurrencySeries};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// Height of one panel, pixels.
const PANEL_H: u32 = 160;
/// Height of the band under the panels (axis description, legend, notes), pixels.
const FOOT_H: u32 = 84;
/// Most panels drawn (the chart stays under `style::MAX_HEIGHT` pixels).
const MAX_PANELS: usize = ((style::MAX_HEIGHT - TITLE_H - FOOT_H) / PANEL_H) as usize;
/// Left edge of the plotting area, pixels (room for the y tick labels).
const Y_LABELS_W: u32 = 56;
/// Opacity of outage shading.
const SHADE: f64 = 0.25;

/// The concurrency chart as a standalone SVG document: one panel per series,
/// top to bottom, `WIDTH` (900) pixels wide and 160 pixels per panel plus
/// margins. Each panel shows the most calls in progress in each bin (a step
/// line), its cap as a dashed line labelled `cap N`, and its outages shaded
/// over the panel's height; x is time from the start of the measured window
/// in hours up to a 3-day window, in days beyond it. NaN or infinite times
/// are skipped or clamped; a zero or negative window is drawn as 1 s. With
/// no series, a small document saying "no numbers".
pub fn concurrency_svg(chart: &ConcurrencyChart) -> String {
    if chart.series.is_empty() {
        return style::message_svg(&chart.title, "no numbers");
    }
    let shown = chart.series.len().min(MAX_PANELS);
    let height = TITLE_H + shown as u32 * PANEL_H + FOOT_H;
    style::render(WIDTH, height, |root| {
        style::title(root, &chart.title, WIDTH)?;
        let horizon_s = axis::horizon(chart.horizon_s);
        let time = TimeAxis::for_horizon(horizon_s);
        for (i, series) in chart.series.iter().take(shown).enumerate() {
            let y0 = (TITLE_H + i as u32 * PANEL_H) as i32;
            let area = root.clone().shrink((0, y0), (WIDTH, PANEL_H));
            panel(root, &area, series, chart.bin_s, horizon_s, time)?;
        }
        foot(root, chart, shown, (TITLE_H + shown as u32 * PANEL_H) as i32, time)
    })
}

/// Draws one series' panel in `area`.
fn panel(root: &Area, area: &Area, s: &ConcurrencySeries, bin_s: f64, horizon_s: f64, time: TimeAxis) -> Drawn {
    let x_max = horizon_s / time.unit_s;
    let plot_w = (WIDTH - Y_LABELS_W - 34) as usize;
    let steps = steps(&s.peaks, bin_s, horizon_s, plot_w);
    let peak = steps.iter().map(|&(_, _, v)| v).max().unwrap_or(0);
    let top = f64::from(s.cap.unwrap_or(0).max(peak).max(1)) * 1.1;
    let mut chart = ChartBuilder::on(area)
        .margin_top(26)
        .margin_bottom(2)
        .margin_left(10)
        .margin_right(24)
        .x_label_area_size(24)
        .y_label_area_size(Y_LABELS_W)
        .build_cartesian_2d(0.0..x_max, 0.0..top)?;
    let x_tick = |v: &f64| axis::tick(*v, x_max);
    let y_tick = |v: &f64| axis::count_tick(*v);
    let x = Axis { labels: 10, format: &x_tick, desc: "" };
    let y = Axis { labels: 5, format: &y_tick, desc: "" };
    mesh(&mut chart, x, y)?;

    let (t, b) = (chart.backend_coord(&(0.0, top)).1, chart.backend_coord(&(0.0, 0.0)).1);
    let x_px = |t_s: f64| chart.backend_coord(&(t_s / time.unit_s, 0.0)).0;
    let spans = s.outages.iter().filter_map(|p| axis::clip(p, horizon_s)).map(|(a, z)| (x_px(a), x_px(z)));
    for (l, r) in coalesce(spans.collect(), 2) {
        fill_px(root, (l, t), (r, b), RED.mix(SHADE).filled())?;
    }
    if let Some(cap) = s.cap {
        let c = f64::from(cap);
        chart.draw_series(DashedLineSeries::new([(0.0, c), (x_max, c)], 8, 5, INK.stroke_width(1)))?;
        let (r, y) = chart.backend_coord(&(x_max, c));
        text(root, &format!("cap {cap}"), (r - 4, y - 2), &font_at(12, HPos::Right, VPos::Bottom))?;
    }
    let line = steps.iter().flat_map(|&(a, b, v)| [(a / time.unit_s, f64::from(v)), (b / time.unit_s, f64::from(v))]);
    chart.draw_series(LineSeries::new(line, PALETTE[0].stroke_width(2)))?;

    let label = fit(&s.label, chars_fitting(WIDTH as i32 - 100, 14));
    area.draw(&Text::new(label, (Y_LABELS_W as i32 + 12, 6), font_at(14, HPos::Left, VPos::Top)))?;
    Ok(())
}

/// The step line: `(from_s, to_s, peak)` per drawn column, seconds and calls,
/// bins merged (by their maximum) to at most `max_cols` and cut at the horizon.
fn steps(peaks: &[u32], bin_s: f64, horizon_s: f64, max_cols: usize) -> Vec<(f64, f64, u32)> {
    if peaks.is_empty() {
        return Vec::new();
    }
    let bin_s = if bin_s.is_finite() && bin_s > 0.0 { bin_s } else { horizon_s / peaks.len() as f64 };
    // Only the bins that start in the window are drawn.
    let in_window = ((horizon_s / bin_s).ceil() as usize).min(peaks.len()).max(1);
    let (merged, group) = axis::merge_peaks(&peaks[..in_window], max_cols);
    let width_s = bin_s * group as f64;
    merged
        .iter()
        .enumerate()
        .map(|(i, &v)| ((i as f64 * width_s).min(horizon_s), ((i + 1) as f64 * width_s).min(horizon_s), v))
        .collect()
}

/// Draws the band under the panels from pixel row `y0`: the time axis
/// description, the legend, and a note of panels left out.
fn foot(root: &Area, chart: &ConcurrencyChart, shown: usize, y0: i32, time: TimeAxis) -> Drawn {
    let mid = (Y_LABELS_W as i32 + WIDTH as i32) / 2;
    text(root, time.label, (mid, y0 + 6), &font_at(14, HPos::Center, VPos::Top))?;
    let mut entries = vec![(Swatch::Line(PALETTE[0]), "most calls in progress in a bin".to_string())];
    if chart.series.iter().any(|s| s.cap.is_some()) {
        entries.push((Swatch::Dashed(INK), "concurrent-call cap".to_string()));
    }
    if chart.series.iter().any(|s| s.outages.iter().any(|p| axis::clip(p, axis::horizon(chart.horizon_s)).is_some())) {
        entries.push((Swatch::Fill(RED, SHADE), "no route (outage)".to_string()));
    }
    legend::draw(root, &entries, (Y_LABELS_W as i32 + 10, y0 + 28), WIDTH as i32 - Y_LABELS_W as i32 - 20)?;
    if shown < chart.series.len() {
        let note = format!("… and {} more not shown", chart.series.len() - shown);
        text(root, &note, (Y_LABELS_W as i32 + 10, y0 + 28 + legend::ROW_H + 4), &font_at(12, HPos::Left, VPos::Top))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_cover_the_window_and_merge_bins() {
        assert_eq!(steps(&[1, 2, 3], 10.0, 30.0, 100), vec![(0.0, 10.0, 1), (10.0, 20.0, 2), (20.0, 30.0, 3)]);
        // Bins past the horizon are dropped; the last one is cut at it.
        assert_eq!(steps(&[1, 2, 3], 10.0, 15.0, 100), vec![(0.0, 10.0, 1), (10.0, 15.0, 2)]);
        assert_eq!(steps(&[1, 4, 3, 2], 10.0, 40.0, 2), vec![(0.0, 20.0, 4), (20.0, 40.0, 3)]);
        // A bin width that cannot be used spreads the bins over the window.
        assert_eq!(steps(&[1, 2], f64::NAN, 10.0, 100), vec![(0.0, 5.0, 1), (5.0, 10.0, 2)]);
        assert!(steps(&[], 10.0, 10.0, 100).is_empty());
    }
}
