//! Axes: the time unit, tick labels, and the clamping that keeps any input
//! (NaN, infinities, huge values) within what can be drawn.

use super::Period;
use super::style::{Drawn, GRID, INK, font};
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;

/// A chart with f64 coordinates on both axes, drawn as SVG.
pub(super) type Chart<'a, 'b> = ChartContext<'a, SVGBackend<'b>, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// The look of an axis: tick count, tick labels, description.
pub(super) struct Axis<'f> {
    /// About how many tick labels.
    pub labels: usize,
    /// Tick label of a value.
    pub format: &'f dyn Fn(&f64) -> String,
    /// Description with the unit (empty: none).
    pub desc: &'f str,
}

/// Draws the grid, axes and tick labels of `chart` (12 px labels, 14 px descriptions).
pub(super) fn mesh(chart: &mut Chart, x: Axis, y: Axis) -> Drawn {
    let mut mesh = chart.configure_mesh();
    mesh.bold_line_style(GRID)
        .max_light_lines(0)
        .axis_style(INK)
        .label_style(font(12))
        .axis_desc_style(font(14))
        .x_labels(x.labels)
        .y_labels(y.labels)
        .x_label_formatter(x.format)
        .y_label_formatter(y.format);
    if !x.desc.is_empty() {
        mesh.x_desc(x.desc);
    }
    if !y.desc.is_empty() {
        mesh.y_desc(y.desc);
    }
    mesh.draw()?;
    Ok(())
}

/// Largest magnitude drawn; beyond it values are clamped (about 31,700
/// years in seconds, far above any measured quantity).
pub(super) const MAX_MAGNITUDE: f64 = 1e12;

/// Hours up to this horizon, days beyond it, seconds (3 days).
const HOURS_UP_TO_S: f64 = 3.0 * 86_400.0;

/// The unit of a time axis.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct TimeAxis {
    /// Seconds per unit.
    pub unit_s: f64,
    /// The axis label, with the unit.
    pub label: &'static str,
}

impl TimeAxis {
    /// Hours for a horizon up to 3 days, days beyond; `horizon_s` in seconds.
    pub(super) fn for_horizon(horizon_s: f64) -> TimeAxis {
        if horizon_s <= HOURS_UP_TO_S {
            TimeAxis { unit_s: 3600.0, label: "time from the start of the measured window (hours)" }
        } else {
            TimeAxis { unit_s: 86_400.0, label: "time from the start of the measured window (days)" }
        }
    }
}

/// A measured window that can be drawn, seconds: `horizon_s` when positive
/// and finite (at most [`MAX_MAGNITUDE`]), else 1 s.
pub(super) fn horizon(horizon_s: f64) -> f64 {
    if horizon_s.is_finite() && horizon_s > 0.0 { horizon_s.min(MAX_MAGNITUDE) } else { 1.0 }
}

/// `p` cut to `[0, horizon_s]`, seconds; `None` when it has a NaN end,
/// ends before it starts, or lies outside the window.
pub(super) fn clip(p: &Period, horizon_s: f64) -> Option<(f64, f64)> {
    if p.start_s.is_nan() || p.end_s.is_nan() || p.end_s < p.start_s {
        return None;
    }
    if p.end_s < 0.0 || p.start_s > horizon_s {
        return None;
    }
    Some((p.start_s.clamp(0.0, horizon_s), p.end_s.clamp(0.0, horizon_s)))
}

/// `v` clamped to `±MAX_MAGNITUDE`; `None` for NaN.
pub(super) fn finite(v: f64) -> Option<f64> {
    if v.is_nan() { None } else { Some(v.clamp(-MAX_MAGNITUDE, MAX_MAGNITUDE)) }
}

/// A drawable range containing `lo..hi`: widened around the value when empty,
/// and to `0..1` when not finite.
pub(super) fn range(lo: f64, hi: f64) -> (f64, f64) {
    if !(lo.is_finite() && hi.is_finite()) || hi < lo {
        return (0.0, 1.0);
    }
    if hi - lo > hi.abs().max(lo.abs()) * 1e-9 {
        return (lo, hi);
    }
    let pad = if lo == 0.0 { 1.0 } else { lo.abs() * 0.1 };
    (lo - pad, hi + pad)
}

/// A tick label of `v` on an axis spanning `span`, with as many decimals as
/// ticks about a tenth of the span apart need.
pub(super) fn tick(v: f64, span: f64) -> String {
    let step = (span / 10.0).abs();
    let decimals = if step > 0.0 && step.is_finite() { (-step.log10().floor()).clamp(0.0, 6.0) as usize } else { 0 };
    let v = if v.abs() < step * 1e-6 { 0.0 } else { v };
    if v.abs() >= 1e7 { format!("{v:.1e}") } else { format!("{v:.decimals$}") }
}

/// A tick label of a count: whole numbers only (none between them),
/// in scientific notation from 100,000.
pub(super) fn count_tick(v: f64) -> String {
    if (v - v.round()).abs() > 1e-9 {
        String::new()
    } else if v.abs() >= 1e5 {
        format!("{v:.1e}")
    } else {
        format!("{v:.0}")
    }
}

/// Per-bin peaks merged by `group` consecutive bins (the most of each group)
/// so that at most `max_cols` remain; returns them and `group`.
pub(super) fn merge_peaks(peaks: &[u32], max_cols: usize) -> (Vec<u32>, usize) {
    let group = peaks.len().div_ceil(max_cols.max(1)).max(1);
    (peaks.chunks(group).map(|c| c.iter().copied().max().unwrap_or(0)).collect(), group)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_up_to_three_days_then_days() {
        assert_eq!(TimeAxis::for_horizon(3600.0).unit_s, 3600.0);
        assert_eq!(TimeAxis::for_horizon(3.0 * 86_400.0).unit_s, 3600.0);
        assert_eq!(TimeAxis::for_horizon(3.0 * 86_400.0 + 1.0).unit_s, 86_400.0);
        assert!(TimeAxis::for_horizon(30.0 * 86_400.0).label.ends_with("(days)"));
    }

    #[test]
    fn degenerate_horizons_become_one_second() {
        for h in [0.0, -5.0, f64::NAN, f64::INFINITY] {
            assert_eq!(horizon(h), 1.0);
        }
        assert_eq!(horizon(7200.0), 7200.0);
        assert_eq!(horizon(1e300), MAX_MAGNITUDE);
    }

    #[test]
    fn periods_are_clipped_to_the_window() {
        let p = |start_s, end_s| Period { start_s, end_s };
        assert_eq!(clip(&p(-10.0, 50.0), 100.0), Some((0.0, 50.0)));
        assert_eq!(clip(&p(90.0, f64::INFINITY), 100.0), Some((90.0, 100.0)));
        assert_eq!(clip(&p(5.0, 5.0), 100.0), Some((5.0, 5.0)));
        assert_eq!(clip(&p(50.0, 40.0), 100.0), None);
        assert_eq!(clip(&p(f64::NAN, 40.0), 100.0), None);
        assert_eq!(clip(&p(200.0, 300.0), 100.0), None);
    }

    #[test]
    fn ranges_are_never_empty_nor_infinite() {
        assert_eq!(range(0.0, 0.0), (-1.0, 1.0));
        assert_eq!(range(2.0, 2.0), (1.8, 2.2));
        assert_eq!(range(f64::NAN, 1.0), (0.0, 1.0));
        assert_eq!(range(0.0, f64::INFINITY), (0.0, 1.0));
        assert_eq!(range(3.0, 1.0), (0.0, 1.0));
        assert_eq!(range(0.0, 5.0), (0.0, 5.0));
        assert_eq!(finite(f64::INFINITY), Some(MAX_MAGNITUDE));
        assert_eq!(finite(f64::NAN), None);
    }

    #[test]
    fn ticks_have_the_decimals_their_spacing_needs() {
        assert_eq!(tick(24.0, 72.0), "24");
        assert_eq!(tick(0.5, 2.0), "0.5");
        assert_eq!(tick(0.005, 0.0167), "0.005");
        assert_eq!(tick(-1e-19, 1.0), "0.0");
        assert_eq!(tick(3e8, 1e9), "3.0e8");
    }

    #[test]
    fn count_ticks_are_whole() {
        assert_eq!(count_tick(40.0), "40");
        assert_eq!(count_tick(2.5), "");
        assert_eq!(count_tick(4.0e9), "4.0e9");
    }

    #[test]
    fn peaks_merge_by_their_maximum() {
        assert_eq!(merge_peaks(&[1, 5, 2, 2, 7], 3), (vec![5, 2, 7], 2));
        assert_eq!(merge_peaks(&[1, 2], 10), (vec![1, 2], 1));
        assert_eq!(merge_peaks(&[], 10), (vec![], 1));
    }
}
