//! Charts of a report, drawn with plotters' SVG backend (no system font
//! libraries: text is left to the viewer as SVG `<text>`).
//!
//! Each chart is built from plain data (the types below), so the
//! simulation and the drawing stay apart: `report::html` gathers the data
//! from a run, and these functions turn it into a standalone SVG document.
//! Times are seconds from the start of the measured window.
//!
//! [`concurrency_svg`], [`outages_svg`], [`curves_svg`] and [`bars_svg`]
//! each return a whole document (`<svg xmlns=…>`, white background, sizes in
//! pixels, sans-serif text of 12 px or more, Okabe–Ito colours) that can be
//! inlined in HTML. They never panic: NaN values are skipped, infinities and
//! huge values clamped, empty inputs drawn as a short message; the same
//! input gives the same bytes.

use crate::stats::Summary;

/// A period of unavailability, seconds from the start of the measured window.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Period {
    /// When it began, seconds.
    pub start_s: f64,
    /// When it ended, seconds.
    pub end_s: f64,
}

/// One panel of the concurrency chart: a number (or a DID bank's busiest DID).
#[derive(Clone, Debug, PartialEq)]
pub struct ConcurrencySeries {
    /// What it is, e.g. `main` or `seattle (all 20 DIDs: ...)`.
    pub label: String,
    /// Its concurrent-call cap, calls (`None`: no cap).
    pub cap: Option<u32>,
    /// Most calls in progress at once in each bin, calls; bin `i` covers
    /// `[i * bin_s, (i + 1) * bin_s)`.
    pub peaks: Vec<u32>,
    /// Periods with no route (shaded).
    pub outages: Vec<Period>,
}

/// Concurrency over time of each number against its cap, one replication.
#[derive(Clone, Debug, PartialEq)]
pub struct ConcurrencyChart {
    /// Chart title.
    pub title: String,
    /// Width of a bin, seconds.
    pub bin_s: f64,
    /// Measured window, seconds (the x axis runs from 0 to it).
    pub horizon_s: f64,
    /// One panel per series, top to bottom.
    pub series: Vec<ConcurrencySeries>,
}

/// One row of the outage timeline.
#[derive(Clone, Debug, PartialEq)]
pub struct OutageRow {
    /// The element, e.g. `carrier-a/az1`.
    pub label: String,
    /// Its kind: `az`, `carrier`, `link` or `number` (colours the bars).
    pub kind: &'static str,
    /// Its periods down.
    pub periods: Vec<Period>,
}

/// When each AZ, carrier and link was down, one replication.
#[derive(Clone, Debug, PartialEq)]
pub struct OutageChart {
    /// Chart title.
    pub title: String,
    /// Measured window, seconds.
    pub horizon_s: f64,
    /// One row per element, top to bottom.
    pub rows: Vec<OutageRow>,
}

/// One point of a curve: x and an estimate of y with its 95% half-width.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CurvePoint {
    /// Abscissa, in the chart's x unit.
    pub x: f64,
    /// Ordinate over replications (mean, 95% half-width).
    pub y: Summary,
}

/// One design's curve.
#[derive(Clone, Debug, PartialEq)]
pub struct Curve {
    /// The design (a number or a bank).
    pub label: String,
    /// Its points, in increasing x.
    pub points: Vec<CurvePoint>,
}

/// Curves with confidence bands, e.g. blocking against offered load from a
/// sweep, or a queue's distribution of waits.
#[derive(Clone, Debug, PartialEq)]
pub struct CurveChart {
    /// Chart title.
    pub title: String,
    /// x axis label with its unit, e.g. `offered load (Erlangs)`.
    pub x_label: String,
    /// y axis label with its unit, e.g. `blocking probability`.
    pub y_label: String,
    /// Show y values as percentages (y is a fraction).
    pub y_percent: bool,
    /// One curve per design.
    pub curves: Vec<Curve>,
    /// Vertical lines drawn dashed across the plot, in the legend with
    /// their labels (a queue's service-level threshold, say); empty: none.
    pub marks: Vec<Mark>,
}

/// A vertical line on a curve chart at a value of x.
#[derive(Clone, Debug, PartialEq)]
pub struct Mark {
    /// Where, in the chart's x unit.
    pub x: f64,
    /// What it marks, for the legend, e.g. `answer within 20 s`.
    pub label: String,
}

/// One panel of a bar chart: a metric, one bar per design.
#[derive(Clone, Debug, PartialEq)]
pub struct BarPanel {
    /// The metric with its unit, e.g. `time without a route (minutes/month)`.
    pub title: String,
    /// (design, estimate) per bar; the whisker is the 95% interval.
    pub bars: Vec<(String, Summary)>,
    /// The metric cannot be negative (a time, a count, a probability, a
    /// cost): whiskers stop at 0 rather than cross it.
    pub non_negative: bool,
}

/// Designs side by side: one panel per metric.
#[derive(Clone, Debug, PartialEq)]
pub struct BarChart {
    /// Chart title.
    pub title: String,
    /// Panels, left to right.
    pub panels: Vec<BarPanel>,
}

mod axis;
mod bars;
mod concurrency;
mod curves;
mod legend;
mod outages;
mod style;

pub use bars::bars_svg;
pub use concurrency::concurrency_svg;
pub use curves::curves_svg;
pub use outages::outages_svg;
