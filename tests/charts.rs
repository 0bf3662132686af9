//! The report's charts drawn for real: each SVG is parsed and rendered to
//! pixels with resvg, then checked for size, ink and the colours of what it
//! must show. Set `CALLSIM_CHART_PNGS=dir` to also write the PNGs there.

#[path = "common/render.rs"]
mod render;

use callsim::report::charts::*;
use callsim::stats::Summary;

/// A rendered chart.
struct Image {
    width: u32,
    height: u32,
    rgba: Vec<u8>,
}

impl Image {
    fn pixels(&self) -> impl Iterator<Item = [u8; 4]> + '_ {
        self.rgba.chunks_exact(4).map(|p| [p[0], p[1], p[2], p[3]])
    }

    /// Pixels within `tol` of `rgb` on every channel.
    fn count(&self, rgb: [u8; 3], tol: u8) -> usize {
        self.pixels().filter(|p| (0..3).all(|i| p[i].abs_diff(rgb[i]) <= tol)).count()
    }

    /// Pixels within `tol` of `rgb` in the columns `cols`.
    fn count_in_cols(&self, rgb: [u8; 3], tol: u8, cols: std::ops::Range<u32>) -> usize {
        let w = self.width as usize;
        let hit =
            |(i, p): (usize, [u8; 4])| cols.contains(&((i % w) as u32)) && (0..3).all(|k| p[k].abs_diff(rgb[k]) <= tol);
        self.pixels().enumerate().filter(|&x| hit(x)).count()
    }

    /// Pixels within `tol` of `rgb` in the rows `rows`.
    fn count_in_rows(&self, rgb: [u8; 3], tol: u8, rows: std::ops::Range<u32>) -> usize {
        let row = 4 * self.width as usize;
        let (a, b) = (rows.start.min(self.height) as usize * row, rows.end.min(self.height) as usize * row);
        Image { width: self.width, height: rows.end - rows.start, rgba: self.rgba[a..b].to_vec() }.count(rgb, tol)
    }
}

/// Checks what every chart must be and renders it: a standalone SVG that
/// parses, of a sane size, not blank (with or without fonts).
#[track_caller]
fn check(name: &str, svg: &str) -> Image {
    assert!(svg.starts_with("<svg"), "{name}: starts with {:?}", &svg[..svg.len().min(40)]);
    assert!(svg.contains("xmlns=\"http://www.w3.org/2000/svg\""), "{name}: no xmlns");
    assert!(svg.trim_end().ends_with("</svg>"), "{name}: not closed");
    assert!(!svg.contains("could not be drawn"), "{name}: plotters failed");
    for bad in ["NaN", "=\"inf", "=\"-inf", " inf", "-inf"] {
        assert!(!svg.contains(bad), "{name}: a non-finite number was written ({bad})");
    }
    let (width, height, rgba) = render::svg_to_png(svg);
    assert!((400..=4000).contains(&width), "{name}: width {width}");
    assert!((100..=10_000).contains(&height), "{name}: height {height}");
    let image = Image { width, height, rgba };
    assert!(image.pixels().all(|p| p[3] == 255), "{name}: transparent pixels (no background)");
    let inked = image.pixels().filter(|p| p[..3] != [255, 255, 255]).count();
    let share = inked as f64 / (width * height) as f64;
    assert!(share > 0.01, "{name}: nearly blank ({:.3}% inked)", share * 100.0);
    let mut colours: Vec<[u8; 4]> = image.pixels().collect();
    colours.sort_unstable();
    colours.dedup();
    assert!(colours.len() > 1, "{name}: one colour");
    if let Some(dir) = std::env::var_os("CALLSIM_CHART_PNGS") {
        render::write_png(svg, &std::path::Path::new(&dir).join(format!("{name}.png")));
    }
    image
}

/// Deterministic noise in `[0, 1)` (a 64-bit LCG's high bits).
fn noise(state: &mut u64) -> f64 {
    *state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
    (*state >> 11) as f64 / (1u64 << 53) as f64
}

const BLUE: [u8; 3] = [0x00, 0x72, 0xB2];
const ORANGE: [u8; 3] = [0xE6, 0x9F, 0x00];
const GREEN: [u8; 3] = [0x00, 0x9E, 0x73];
const VERMILLION: [u8; 3] = [0xD5, 0x5E, 0x00];
const PURPLE: [u8; 3] = [0xCC, 0x79, 0xA7];
/// Vermillion at 25% over white (outage shading).
const SHADE: [u8; 3] = [244, 215, 191];

fn period(start_h: f64, end_h: f64) -> Period {
    Period { start_s: start_h * 3600.0, end_s: end_h * 3600.0 }
}

fn series(
    label: &str,
    cap: Option<u32>,
    bins: usize,
    level: f64,
    outages: Vec<Period>,
    seed: u64,
) -> ConcurrencySeries {
    let mut s = seed;
    let peaks = (0..bins)
        .map(|i| {
            let daily = 0.5 - 0.5 * (i as f64 / 24.0 * std::f64::consts::TAU).cos();
            let v = level * (0.2 + 0.8 * daily) * (0.85 + 0.3 * noise(&mut s));
            cap.map_or(v, |c| v.min(f64::from(c))).round() as u32
        })
        .collect();
    ConcurrencySeries { label: label.into(), cap, peaks, outages }
}

fn month_of_concurrency() -> ConcurrencyChart {
    ConcurrencyChart {
        title: "Calls in progress against caps (replication 1)".into(),
        bin_s: 3600.0,
        horizon_s: 30.0 * 86_400.0,
        series: vec![
            series("main (toll-free)", Some(40), 720, 45.0, vec![period(100.0, 104.0), period(500.0, 500.5)], 1),
            series("seattle (busiest of 20 DIDs)", Some(10), 720, 8.0, vec![], 2),
            series("overflow", None, 720, 12.0, vec![period(300.0, 340.0)], 3),
        ],
    }
}

#[test]
fn concurrency_panels_show_lines_caps_and_outages() {
    let chart = month_of_concurrency();
    let svg = concurrency_svg(&chart);
    let image = check("concurrency", &svg);
    assert!(image.height >= 3 * 160, "three panels of 160 px: {}", image.height);
    assert!(svg.contains("cap 40") && svg.contains("cap 10") && !svg.contains("cap 0"));
    assert!(svg.contains("(days)"), "30 days are drawn in days");
    assert!(image.count(BLUE, 10) > 1000, "the step lines");
    // Shading in the first and third panels only.
    let panel = |i: u32| 40 + i * 160..40 + (i + 1) * 160;
    assert!(image.count_in_rows(SHADE, 8, panel(0)) > 300, "outage shading in the first panel");
    assert_eq!(image.count_in_rows(SHADE, 8, panel(1)), 0, "no outage in the second panel");
    assert!(image.count_in_rows(SHADE, 8, panel(2)) > 1000, "outage shading in the third panel");
    assert_eq!(svg, concurrency_svg(&chart.clone()), "same input, same document");
}

#[test]
fn concurrency_edge_cases_draw() {
    let empty = ConcurrencyChart { title: "none".into(), bin_s: 60.0, horizon_s: 3600.0, series: vec![] };
    let svg = concurrency_svg(&empty);
    assert!(svg.contains("no numbers"));
    check("concurrency-empty", &svg);

    let mut short = month_of_concurrency();
    short.horizon_s = 86_400.0;
    short.bin_s = 300.0;
    short.series[0].outages = vec![period(2.0, 2.0 + 1.0 / 3600.0)]; // one second, far below a pixel
    let svg = concurrency_svg(&short);
    assert!(svg.contains("(hours)"), "one day is drawn in hours");
    assert!(check("concurrency-day", &svg).count_in_rows(SHADE, 8, 40..200) > 50, "a one-second outage is visible");

    let odd = ConcurrencyChart {
        title: "odd".into(),
        bin_s: f64::NAN,
        horizon_s: 0.0,
        series: vec![
            ConcurrencySeries { label: "no bins".into(), cap: Some(0), peaks: vec![], outages: vec![] },
            ConcurrencySeries {
                label: "bad periods\u{7}".into(),
                cap: Some(u32::MAX),
                peaks: vec![u32::MAX, 0, 3],
                outages: vec![
                    Period { start_s: f64::NAN, end_s: 1.0 },
                    Period { start_s: -1.0, end_s: f64::INFINITY },
                    Period { start_s: 5.0, end_s: 2.0 },
                ],
            },
        ],
    };
    check("concurrency-odd", &concurrency_svg(&odd));

    let many = ConcurrencyChart {
        title: "many".into(),
        bin_s: 1.0,
        horizon_s: 1e6,
        series: (0..100).map(|i| series(&format!("did-{i:03}"), Some(5), 1000, 4.0, vec![], i)).collect(),
    };
    let svg = concurrency_svg(&many);
    assert!(svg.contains("more not shown"));
    check("concurrency-many", &svg);
}

fn row(label: &str, kind: &'static str, periods: Vec<Period>) -> OutageRow {
    OutageRow { label: label.into(), kind, periods }
}

fn month_of_outages() -> OutageChart {
    OutageChart {
        title: "Failures (replication 1)".into(),
        horizon_s: 30.0 * 86_400.0,
        rows: vec![
            row("az1", "az", vec![period(100.0, 106.0)]),
            row("az2", "az", vec![]),
            row("carrier-a", "carrier", vec![period(20.0, 22.0), period(400.0, 403.0)]),
            row("carrier-b", "carrier", vec![]),
            row("carrier-a/az1", "link", vec![period(250.0, 251.0), period(600.0, 640.0)]),
            row("carrier-b/az2", "link", vec![]),
            row("main", "number", vec![period(700.0, 710.0)]),
        ],
    }
}

/// Rows of pixels of the `i`-th timeline row, given the chart's rows pitch
/// and the top of the timeline (under the title and a one-row legend).
fn timeline_row(i: u32, pitch: u32) -> std::ops::Range<u32> {
    let top = 40 + 22 + 8 + 4 + i * pitch;
    top..top + pitch
}

#[test]
fn outage_rows_are_coloured_by_kind() {
    let chart = month_of_outages();
    let svg = outages_svg(&chart);
    let image = check("outages", &svg);
    assert!(svg.contains("(days)"));
    for kind in ["az down", "carrier down", "link down", "number down"] {
        assert!(svg.contains(kind), "legend entry {kind}");
    }
    assert!(svg.contains("never down"), "rows without periods are marked");
    // Each kind's colour is in its rows, and not in a row never down.
    let rows = |i| timeline_row(i, 24);
    assert!(image.count_in_rows(VERMILLION, 4, rows(0)) > 100, "az1 down");
    assert_eq!(image.count_in_rows(VERMILLION, 4, rows(1)), 0, "az2 never down");
    assert!(image.count_in_rows(BLUE, 4, rows(2)) > 50, "carrier-a down");
    assert!(image.count_in_rows(ORANGE, 4, rows(4)) > 300, "link down");
    assert!(image.count_in_rows(GREEN, 4, rows(6)) > 100, "number down");
    assert_eq!(image.count_in_rows(GREEN, 4, rows(5)), 0);
    assert_eq!(svg, outages_svg(&chart.clone()), "same input, same document");
}

#[test]
fn outage_edge_cases_draw() {
    let empty = OutageChart { title: "none".into(), horizon_s: 86_400.0, rows: vec![] };
    let svg = outages_svg(&empty);
    assert!(svg.contains("no failures modelled"));
    check("outages-empty", &svg);

    // A one-second period in a month is far below a pixel, yet visible.
    let tiny = OutageChart {
        title: "tiny".into(),
        horizon_s: 30.0 * 86_400.0,
        rows: vec![row("blip", "link", vec![Period { start_s: 1e6, end_s: 1e6 + 1.0 }])],
    };
    let image = check("outages-tiny", &outages_svg(&tiny));
    assert!(image.count_in_rows(ORANGE, 4, timeline_row(0, 24)) >= 2 * 12, "a bar at least 2 px wide");

    // 60 rows in hours, kinds unknown too; every row's bars present.
    let rows: Vec<OutageRow> = (0..60)
        .map(|i| {
            let kind = ["az", "carrier", "link", "number", "pop"][i % 5];
            let start = i as f64 * 0.8;
            row(&format!("element-{i:02}-with-a-rather-long-name-indeed"), kind, vec![period(start, start + 0.5)])
        })
        .collect();
    let sixty = OutageChart { title: "sixty".into(), horizon_s: 2.0 * 86_400.0, rows };
    let svg = outages_svg(&sixty);
    assert!(svg.contains("(hours)") && svg.contains("pop down") && svg.contains('…'));
    let image = check("outages-sixty", &svg);
    assert!(image.height >= 60 * 24);
    assert!(image.count([0x77, 0x77, 0x77], 4) > 12 * 50, "unknown kinds in grey: 12 bars of about 6 x 17 px");

    let odd = OutageChart {
        title: String::new(),
        horizon_s: f64::NAN,
        rows: vec![row(
            "",
            "",
            vec![
                Period { start_s: f64::NEG_INFINITY, end_s: f64::INFINITY },
                Period { start_s: f64::NAN, end_s: f64::NAN },
                Period { start_s: 10.0, end_s: -10.0 },
            ],
        )],
    };
    check("outages-odd", &outages_svg(&odd));

    let many = OutageChart {
        title: "many".into(),
        horizon_s: 1e7,
        rows: (0..2000)
            .map(|i| row(&i.to_string(), "link", (0..50).map(|k| period(k as f64, k as f64 + 0.1)).collect()))
            .collect(),
    };
    let svg = outages_svg(&many);
    assert!(svg.contains("more rows not shown"));
    check("outages-many", &svg);
}

/// Erlang B by the stable recursion.
fn erlang_b(c: u32, a: f64) -> f64 {
    (1..=c).fold(1.0, |b, n| a * b / (n as f64 + a * b))
}

fn blocking_curve(label: &str, channels: u32, loads: &[f64]) -> Curve {
    let points = loads
        .iter()
        .map(|&a| {
            let b = erlang_b(channels, a);
            CurvePoint { x: a, y: Summary { mean: b, ci95: Some(0.1 * b + 0.002) } }
        })
        .collect();
    Curve { label: label.into(), points }
}

fn sweep() -> CurveChart {
    let loads: Vec<f64> = (2..=12).map(|k| f64::from(k) * 5.0).collect();
    CurveChart {
        title: "Blocking against offered load".into(),
        x_label: "offered load (Erlangs)".into(),
        y_label: "blocking probability".into(),
        y_percent: true,
        curves: vec![
            blocking_curve("one toll-free number (cap 40)", 40, &loads),
            blocking_curve("DID bank (20 x 3)", 60, &loads),
            blocking_curve("two carriers", 50, &loads),
        ],
        marks: Vec::new(),
    }
}

/// Blue at 20% over white (a confidence band).
const BLUE_BAND: [u8; 3] = [204, 227, 240];

#[test]
fn curves_have_lines_markers_bands_and_a_legend() {
    let chart = sweep();
    let svg = curves_svg(&chart);
    let image = check("curves", &svg);
    for text in ["offered load (Erlangs)", "blocking probability", "DID bank (20 x 3)", "%"] {
        assert!(svg.contains(text), "{text}");
    }
    for colour in [BLUE, ORANGE, GREEN] {
        assert!(image.count(colour, 10) > 300, "a curve in {colour:?}");
    }
    assert!(image.count(BLUE_BAND, 6) > 500, "the first curve's band");
    assert_eq!(svg, curves_svg(&chart.clone()), "same input, same document");
}

#[test]
fn a_mark_is_a_dashed_line_in_range_and_in_the_legend() {
    // A distribution of waits whose points stop at 10 s, and the service
    // level's threshold at 20 s: the x range reaches the mark, drawn in
    // ink (the grid is lighter) from the bottom of the plot to its top.
    let points: Vec<CurvePoint> = [0.0, 5.0, 10.0]
        .iter()
        .map(|&x: &f64| CurvePoint { x, y: Summary { mean: 1.0 - 0.2 * (-x / 10.0).exp(), ci95: Some(0.01) } })
        .collect();
    let chart = |marks| CurveChart {
        title: "Waits".into(),
        x_label: "wait (seconds)".into(),
        y_label: "entered calls that waited at most x (%)".into(),
        y_percent: true,
        curves: vec![Curve { label: "support".into(), points: points.clone() }],
        marks,
    };
    let marked = chart(vec![Mark { x: 20.0, label: "answer within 20 s".into() }]);
    let svg = curves_svg(&marked);
    let image = check("curves-mark", &svg);
    assert!(svg.contains("answer within 20 s"), "the mark's label in the legend");
    let tick_20 = |svg: &str| svg.lines().any(|l| l.trim() == "20");
    assert!(tick_20(&svg), "the x axis reaches the mark: {svg}");
    let plain_svg = curves_svg(&chart(Vec::new()));
    assert!(!tick_20(&plain_svg), "without the mark, the x axis stops near 10 s");
    let plain = check("curves-no-mark", &plain_svg);
    let ink = |i: &Image| i.count([0x22, 0x22, 0x22], 8);
    // The dashed line spans the plot's height (about 400 px, 8 on 5 off)
    // and its legend swatch: well over a hundred pixels of ink more.
    assert!(ink(&image) > ink(&plain) + 100, "{} vs {}", ink(&image), ink(&plain));
}

#[test]
fn curve_edge_cases_draw() {
    let point = |x, mean, ci95| CurvePoint { x, y: Summary { mean, ci95: Some(ci95) } };
    let chart = |curves| CurveChart {
        title: "edge".into(),
        x_label: "x (units)".into(),
        y_label: "y (units)".into(),
        y_percent: false,
        curves,
        marks: Vec::new(),
    };
    let one = chart(vec![Curve { label: "alone".into(), points: vec![point(3.0, 0.4, 0.1)] }]);
    let image = check("curves-one-point", &curves_svg(&one));
    assert!(image.count(BLUE, 10) > 40, "a marker with its error bar");

    let zero = chart(vec![Curve {
        label: "never blocks".into(),
        points: (0..5).map(|k| point(k.into(), 0.0, 0.0)).collect(),
    }]);
    assert!(check("curves-zero", &curves_svg(&zero)).count(BLUE, 10) > 300);

    let empty = chart(vec![]);
    check("curves-empty", &curves_svg(&empty));
    let pointless = chart(vec![Curve { label: "none".into(), points: vec![] }]);
    check("curves-pointless", &curves_svg(&pointless));

    let mut odd = chart(vec![
        Curve {
            label: "odd".into(),
            points: vec![
                point(f64::NAN, 1.0, 0.0),
                point(1.0, f64::NAN, 0.0),
                point(2.0, f64::INFINITY, f64::NAN),
                point(f64::NEG_INFINITY, -1.0, f64::INFINITY),
                point(0.5, 2.0, -1.0),
            ],
        },
        Curve { label: "all bad".into(), points: vec![point(f64::NAN, f64::NAN, f64::NAN)] },
    ]);
    check("curves-odd", &curves_svg(&odd));
    odd.y_percent = true;
    check("curves-odd-percent", &curves_svg(&odd));

    let mut s = 7;
    let long: Vec<CurvePoint> = (0..20_000).map(|k| point(f64::from(k), noise(&mut s), 0.05)).collect();
    let many = chart(
        (0..12)
            .map(|i| Curve { label: format!("design {i}"), points: if i == 0 { long.clone() } else { vec![] } })
            .collect(),
    );
    check("curves-many", &curves_svg(&many));
}

fn estimate(mean: f64, ci95: f64) -> Summary {
    Summary { mean, ci95: Some(ci95) }
}

fn designs() -> BarChart {
    let names = ["one toll-free number", "DID bank across two carriers in two AZs", "two carriers", "single DID"];
    let panel = |title: &str, values: [(f64, f64); 4]| BarPanel {
        title: title.into(),
        bars: names.iter().zip(values).map(|(n, (m, c))| (n.to_string(), estimate(m, c))).collect(),
        non_negative: false,
    };
    BarChart {
        title: "Designs compared".into(),
        panels: vec![
            panel("time without a route (minutes/month)", [(43.2, 5.1), (2.1, 0.8), (12.5, 3.0), (88.0, 20.0)]),
            panel("blocking (%)", [(1.8, 0.2), (0.4, 0.1), (0.9, 0.0), (5.5, 0.6)]),
            panel(
                "cost against the current design (USD/month)",
                [(0.0, 0.0), (350.0, 0.0), (120.0, 0.0), (-80.0, 0.0)],
            ),
        ],
    }
}

#[test]
fn bars_keep_a_colour_per_design_across_panels() {
    let chart = designs();
    let svg = bars_svg(&chart);
    let image = check("bars", &svg);
    for text in ["43.2", "0.400", "-80.0", "350", "time without a route", "DID bank across two carriers in two AZs"] {
        assert!(svg.contains(text), "{text}");
    }
    let third = image.width / 3;
    for (i, colour) in [BLUE, ORANGE, GREEN, PURPLE].into_iter().enumerate() {
        for p in 0..3 {
            if (p, i) == (2, 0) {
                continue; // a zero bar in the cost panel
            }
            assert!(image.count_in_cols(colour, 6, p * third..(p + 1) * third) > 100, "design {i} in panel {p}");
        }
    }
    assert_eq!(svg, bars_svg(&chart.clone()), "same input, same document");
}

#[test]
fn bar_edge_cases_draw() {
    let empty = BarChart { title: "none".into(), panels: vec![] };
    assert!(bars_svg(&empty).contains("no metrics"));
    check("bars-empty", &bars_svg(&empty));

    let barless = BarChart {
        title: "barless".into(),
        panels: vec![BarPanel { title: "nothing".into(), bars: vec![], non_negative: false }],
    };
    check("bars-barless", &bars_svg(&barless));

    let odd = BarChart {
        title: "odd".into(),
        panels: vec![BarPanel {
            title: "odd values".into(),
            bars: vec![
                ("nan".into(), estimate(f64::NAN, 1.0)),
                ("inf".into(), estimate(f64::INFINITY, f64::INFINITY)),
                ("neg".into(), estimate(-1e300, f64::NAN)),
                ("zero".into(), estimate(0.0, 0.0)),
            ],
            non_negative: false,
        }],
    };
    check("bars-odd", &bars_svg(&odd));

    let all_zero = BarChart {
        title: "zeros".into(),
        panels: vec![BarPanel { title: "z".into(), bars: vec![("a".into(), estimate(0.0, 0.0))], non_negative: true }],
    };
    check("bars-zero", &bars_svg(&all_zero));

    let many = BarChart {
        title: "many".into(),
        panels: (0..40)
            .map(|p| BarPanel {
                title: format!("metric {p} with a long title that needs wrapping over lines (units)"),
                bars: (0..30).map(|i| (format!("design-{i}"), estimate(f64::from(i * p), 1.0))).collect(),
                non_negative: p % 2 == 0,
            })
            .collect(),
    };
    let svg = bars_svg(&many);
    assert!(svg.contains("more metrics not shown"));
    check("bars-many", &svg);
}

/// A value from a deterministic mix of ordinary and awkward numbers.
fn awkward(s: &mut u64) -> f64 {
    let u = noise(s);
    match (noise(s) * 10.0) as u32 {
        0 => f64::NAN,
        1 => f64::INFINITY,
        2 => f64::NEG_INFINITY,
        3 => 0.0,
        4 => -u * 1e6,
        5 => u * 1e300,
        6 => u * 1e-300,
        _ => u * 1e5,
    }
}

#[test]
fn awkward_inputs_always_give_valid_documents() {
    let mut s = 11;
    for k in 0..40 {
        let n = |s: &mut u64, most: f64| (noise(s) * most) as usize;
        let periods =
            |s: &mut u64| (0..n(s, 4.0)).map(|_| Period { start_s: awkward(s), end_s: awkward(s) }).collect::<Vec<_>>();
        let summary = |s: &mut u64| Summary { mean: awkward(s), ci95: Some(awkward(s)) };
        let concurrency = ConcurrencyChart {
            title: format!("c{k}"),
            bin_s: awkward(&mut s),
            horizon_s: awkward(&mut s),
            series: (0..n(&mut s, 4.0))
                .map(|i| ConcurrencySeries {
                    label: format!("s{i}"),
                    cap: (noise(&mut s) < 0.5).then(|| (noise(&mut s) * 1e3) as u32),
                    peaks: (0..n(&mut s, 50.0)).map(|_| (noise(&mut s) * 1e3) as u32).collect(),
                    outages: periods(&mut s),
                })
                .collect(),
        };
        let outages = OutageChart {
            title: format!("o{k}"),
            horizon_s: awkward(&mut s),
            rows: (0..n(&mut s, 4.0)).map(|i| row(&format!("r{i}"), "link", periods(&mut s))).collect(),
        };
        let curves = CurveChart {
            title: format!("k{k}"),
            x_label: "x".into(),
            y_label: "y".into(),
            y_percent: k % 2 == 0,
            curves: (0..n(&mut s, 4.0))
                .map(|i| Curve {
                    label: format!("c{i}"),
                    points: (0..n(&mut s, 6.0))
                        .map(|_| CurvePoint { x: awkward(&mut s), y: summary(&mut s) })
                        .collect(),
                })
                .collect(),
            marks: (0..n(&mut s, 3.0)).map(|i| Mark { x: awkward(&mut s), label: format!("m{i}") }).collect(),
        };
        let bars = BarChart {
            title: format!("b{k}"),
            panels: (0..n(&mut s, 4.0))
                .map(|i| BarPanel {
                    title: format!("p{i}"),
                    bars: (0..n(&mut s, 5.0)).map(|j| (format!("d{j}"), summary(&mut s))).collect(),
                    non_negative: i % 2 == 0,
                })
                .collect(),
        };
        for svg in [concurrency_svg(&concurrency), outages_svg(&outages), curves_svg(&curves), bars_svg(&bars)] {
            assert!(svg.starts_with("<svg") && !svg.contains("could not be drawn"));
            assert!(!svg.contains("NaN") && !svg.contains("inf"), "{svg}");
            render::parse(&svg);
        }
    }
}

/// A 5-DID hunt group of cap 10 at 1 minute a call, for the charts of real
/// experiments (short: the charts are checked, not the figures).
const HUNT_BANK: &str = r#"name = "five DIDs"
[simulation]
horizon = "6h"
replications = 2
seed = 5
[[az]]
name = "az1"
[[carrier]]
name = "c"
[[link]]
carrier = "c"
az = "az1"
channels = 1000
[[number]]
name = "sales"
type = "did"
carrier = "c"
count = 5
max_concurrent = 10
[[traffic]]
number = "sales"
arrivals = { kind = "poisson", calls_per_hour = 2400 }
holding = { kind = "exponential", mean = "1m" }
spread = "hunt"
"#;

/// The `<text>` contents of an SVG document.
fn texts(svg: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).expect("the SVG parses");
    (doc.descendants())
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| {
            n.descendants().filter(|t| t.is_text()).filter_map(|t| t.text()).map(str::trim).find(|t| !t.is_empty())
        })
        .map(str::to_string)
        .collect()
}

#[test]
fn a_two_setting_sweep_draws_one_curve_per_value_of_the_other_setting() {
    use callsim::experiment::{Runner, sweep};
    let settings = [
        sweep::Setting::parse("traffic[0].arrivals.calls_per_hour=1800,2400,3000,3600,4200").unwrap(),
        sweep::Setting::parse("number[0].count=4,6").unwrap(),
    ];
    let sources = callsim::scenario::ScenarioSources::new();
    let points = sweep::scenarios(HUNT_BANK, "bank.toml", &sources, &settings, |s| Ok(s.clone())).unwrap();
    let points = sweep::run(points, &Runner::with_threads(0));
    let (chart, left_out) = callsim::report::figures::sweep_blocking(&points);
    assert_eq!(left_out, 0);
    // One curve per count, not one sawtooth through all ten points; x is
    // the bank's offered load, 30 to 70 Erlangs (calls/h / 60), increasing.
    let labels: Vec<&str> = chart.curves.iter().map(|c| c.label.as_str()).collect();
    assert_eq!(labels, ["sales (bank), number[0].count=4", "sales (bank), number[0].count=6"]);
    assert_eq!(chart.x_label, "offered load (Erlangs)");
    for c in &chart.curves {
        let xs: Vec<f64> = c.points.iter().map(|p| p.x).collect();
        assert_eq!(xs.len(), 5, "{}", c.label);
        for (x, want) in xs.iter().zip([30.0, 40.0, 50.0, 60.0, 70.0]) {
            assert!((x - want).abs() < 1e-9, "{xs:?}");
        }
    }
    // Fewer lines block more at every load: B(40, a) > B(60, a).
    for (four, six) in chart.curves[0].points.iter().zip(&chart.curves[1].points) {
        assert!(four.y.mean > six.y.mean, "{four:?} {six:?}");
    }
    let svg = curves_svg(&chart);
    let image = check("sweep-two-settings", &svg);
    assert!(image.count(BLUE, 6) > 100 && image.count(ORANGE, 6) > 100, "two curves in two colours");
    let legend = texts(&svg);
    for label in labels {
        assert_eq!(legend.iter().filter(|t| t.as_str() == label).count(), 1, "{label} once in the legend: {legend:?}");
    }
}

#[test]
fn a_compare_with_wide_intervals_keeps_its_whiskers_above_zero() {
    use callsim::experiment::{Runner, compare};
    // Two replications of 6 hours: intervals far wider than the means of
    // the dropped calls and the time without a route (carrier failures
    // every 2 days), which cannot be negative.
    let failing = HUNT_BANK.replace("name = \"c\"\n", "name = \"c\"\nmtbf = \"2d\"\nmttr = \"2h\"\n");
    let base = callsim::scenario::Scenario::from_toml_str(&failing, "one.toml").unwrap();
    let other = callsim::scenario::Scenario::from_toml_str(
        &failing
            .replace("name = \"five DIDs\"", "name = \"five DIDs with a much longer name to wrap under its bar\"")
            .replace("count = 5", "count = 6"),
        "a-long-file-name-that-would-be-cut.toml",
    )
    .unwrap();
    let c =
        compare::compare(&[("one.toml".into(), base), ("other.toml".into(), other)], &Runner::with_threads(0)).unwrap();
    let chart = callsim::report::figures::comparison_bars(&c);
    assert!(chart.panels.iter().all(|p| p.non_negative), "every panel is of a non-negative quantity");
    let wide = (chart.panels.iter().flat_map(|p| &p.bars)).any(|(_, s)| s.ci95.is_some_and(|h| h > s.mean.abs()));
    assert!(wide, "some interval is wider than its mean: {chart:#?}");
    let svg = bars_svg(&chart);
    check("bars-wide-intervals", &svg);
    let labels = texts(&svg);
    // No tick below zero: the y axes start at 0.
    assert!(!labels.iter().any(|t| t.starts_with('-') || t.starts_with('−')), "{labels:?}");
    // Designs are named by their scenarios, whole in the legend, wrapped (not cut) under the bars.
    assert!(labels.iter().any(|t| t == "five DIDs with a much longer name to wrap under its bar"), "{labels:?}");
    assert!(!labels.iter().any(|t| t.contains("other.toml") || t.contains('…')), "{labels:?}");
    // The dropped calls are counted per replication, as the tables count them.
    assert!(labels.iter().any(|t| t.starts_with("calls dropped (per 6h")), "{labels:?}");
}
