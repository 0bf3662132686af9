//! Curves with 95% confidence bands, e.g. blocking against offered load,
//! and dashed vertical marks (a service level's threshold on a chart of waits).

use super::axis::{self, Axis, mesh};
use super::legend::{self, Swatch};
use super::style::{self, Drawn, INK, TITLE_H, WIDTH, fit, palette};
use super::{CurveChart, CurvePoint};
use plotters::prelude::*;

/// Height of the chart, pixels (plus the legend's rows).
const HEIGHT: u32 = 520;
/// Opacity of the confidence bands.
const BAND: f64 = 0.2;
/// Most points of a curve drawn with markers.
const MAX_MARKERS: usize = 200;
/// Longest axis description kept, characters.
const MAX_DESC: usize = 90;

/// A curve ready to draw: `(x, mean, low, high)` per point, sorted by x.
type Drawable = Vec<(f64, f64, f64, f64)>;

/// The points of `points` that can be drawn, sorted by x, with the 95%
/// interval clamped to `[floor, ceil]`; NaN x or mean skipped, infinities
/// and NaN or negative half-widths clamped.
fn drawable(points: &[CurvePoint], floor: f64, ceil: f64) -> Drawable {
    let mut out: Drawable = points
        .iter()
        .filter_map(|p| {
            let (x, mean) = (axis::finite(p.x)?, axis::finite(p.y.mean)?);
            let ci = axis::finite(p.y.half_width_or_zero()).unwrap_or(0.0).max(0.0);
            let mean = mean.clamp(floor, ceil);
            Some((x, mean, (mean - ci).max(floor), (mean + ci).min(ceil)))
        })
        .collect();
    out.sort_by(|a, b| a.0.total_cmp(&b.0));
    out
}

/// The chart as a standalone SVG document, `WIDTH` (900) by about 520
/// pixels: one line with markers per curve over a translucent band from
/// mean − ci95 to mean + ci95 (clamped at 0 below unless a mean is negative,
/// and at 1 above when `y_percent`), a curve with a single point drawn as a
/// marker with an error bar, each mark as a dashed vertical line (in the
/// legend with its label; the x range includes it), a legend, and the
/// chart's axis labels. y is
/// shown in percent when `y_percent` (values are fractions). Points with a
/// NaN x or mean are skipped; infinities are clamped.
pub fn curves_svg(chart: &CurveChart) -> String {
    let ceil = if chart.y_percent { 1.0 } else { axis::MAX_MAGNITUDE };
    let negative = chart.curves.iter().flat_map(|c| &c.points).any(|p| p.y.mean < 0.0);
    let floor = if negative { -axis::MAX_MAGNITUDE } else { 0.0 };
    let curves: Vec<(String, Drawable)> =
        chart.curves.iter().map(|c| (c.label.clone(), drawable(&c.points, floor, ceil))).collect();
    if curves.iter().all(|(_, points)| points.is_empty()) {
        return style::message_svg(&chart.title, "no points to draw");
    }
    let mut entries: Vec<_> =
        curves.iter().enumerate().map(|(i, (label, _))| (Swatch::Marker(palette(i)), label.clone())).collect();
    entries.extend(marks(chart).map(|(_, label)| (Swatch::Dashed(INK), label.to_string())));
    let legend_h = legend::height(&entries, WIDTH as i32 - 100).min(style::MAX_HEIGHT as i32 / 2) as u32 + 6;
    let height = HEIGHT + legend_h;
    style::render(WIDTH, height, |root| {
        style::title(root, &chart.title, WIDTH)?;
        legend::draw(root, &entries, (80, TITLE_H as i32), WIDTH as i32 - 100)?;
        let area = root.clone().shrink((0, TITLE_H + legend_h), (WIDTH, HEIGHT - TITLE_H));
        plot(root, &area, chart, &curves)
    })
}

/// The marks of `chart` that can be drawn: finite x (clamped), with their labels.
fn marks(chart: &CurveChart) -> impl Iterator<Item = (f64, &str)> {
    chart.marks.iter().filter_map(|m| Some((axis::finite(m.x)?, m.label.as_str())))
}

/// Draws the axes and the curves in `area`.
fn plot(root: &style::Area, area: &style::Area, chart: &CurveChart, curves: &[(String, Drawable)]) -> Drawn {
    let all = || curves.iter().flat_map(|(_, p)| p);
    let (x_lo, x_hi) = all().fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), p| (l.min(p.0), h.max(p.0)));
    let (x_lo, x_hi) = marks(chart).fold((x_lo, x_hi), |(l, h), (x, _)| (l.min(x), h.max(x)));
    let (x_lo, x_hi) = axis::range(x_lo, x_hi);
    let pad = (x_hi - x_lo) * 0.03;
    let (x_lo, x_hi) = (x_lo - pad, x_hi + pad);
    let y_lo = all().fold(0.0_f64, |l, p| l.min(p.2));
    let y_max = all().fold(0.0_f64, |h, p| h.max(p.3));
    let mut y_hi = y_max + (y_max - y_lo) * 0.08;
    if chart.y_percent {
        y_hi = y_hi.min(1.0);
    }
    if y_hi <= y_lo {
        y_hi = y_lo + 1.0;
    }
    let mut c = ChartBuilder::on(area)
        .margin(12)
        .margin_right(28)
        .x_label_area_size(52)
        .y_label_area_size(72)
        .build_cartesian_2d(x_lo..x_hi, y_lo..y_hi)?;
    let (x_span, y_span) = (x_hi - x_lo, y_hi - y_lo);
    let x_tick = |v: &f64| axis::tick(*v, x_span);
    let y_tick = |v: &f64| {
        if chart.y_percent { format!("{}%", axis::tick(v * 100.0, y_span * 100.0)) } else { axis::tick(*v, y_span) }
    };
    let (x_desc, y_desc) = (fit(&chart.x_label, MAX_DESC), fit(&chart.y_label, MAX_DESC));
    mesh(
        &mut c,
        Axis { labels: 10, format: &x_tick, desc: &x_desc },
        Axis { labels: 8, format: &y_tick, desc: &y_desc },
    )?;

    for (x, _) in marks(chart) {
        c.draw_series(DashedLineSeries::new([(x, y_lo), (x, y_hi)], 8, 5, INK.stroke_width(1)))?;
    }
    for (i, (_, points)) in curves.iter().enumerate() {
        let colour = palette(i);
        if points.len() > 1 && points.iter().any(|p| p.3 > p.2) {
            let band = points.iter().map(|p| (p.0, p.3)).chain(points.iter().rev().map(|p| (p.0, p.2)));
            c.draw_series(std::iter::once(Polygon::new(band.collect::<Vec<_>>(), colour.mix(BAND).filled())))?;
        }
        c.draw_series(LineSeries::new(points.iter().map(|p| (p.0, p.1)), colour.stroke_width(2)))?;
        if points.len() == 1 {
            let (x, _, lo, hi) = points[0];
            let ((px, top), (_, bottom)) = (c.backend_coord(&(x, hi)), c.backend_coord(&(x, lo)));
            let whisker = [
                vec![(px, top), (px, bottom)],
                vec![(px - 6, top), (px + 6, top)],
                vec![(px - 6, bottom), (px + 6, bottom)],
            ];
            for line in whisker {
                root.draw(&PathElement::new(line, colour.stroke_width(2)))?;
            }
        }
        if points.len() <= MAX_MARKERS {
            c.draw_series(points.iter().map(|p| Circle::new((p.0, p.1), 4, colour.filled())))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::Summary;

    fn point(x: f64, mean: f64, ci95: f64) -> CurvePoint {
        CurvePoint { x, y: Summary { mean, ci95: Some(ci95) } }
    }

    #[test]
    fn bands_are_clamped_and_points_sorted() {
        let points =
            [point(2.0, 0.9, 0.3), point(1.0, 0.05, 0.1), point(f64::NAN, 0.5, 0.1), point(3.0, 0.5, f64::NAN)];
        assert_eq!(
            drawable(&points, 0.0, 1.0),
            vec![(1.0, 0.05, 0.0, 0.15000000000000002), (2.0, 0.9, 0.6000000000000001, 1.0), (3.0, 0.5, 0.5, 0.5)]
        );
        let inf = [point(0.0, f64::INFINITY, f64::INFINITY)];
        assert_eq!(drawable(&inf, 0.0, axis::MAX_MAGNITUDE), vec![(0.0, 1e12, 0.0, 1e12)]);
        assert!(drawable(&[point(0.0, f64::NAN, 0.0)], 0.0, 1.0).is_empty());
    }
}
