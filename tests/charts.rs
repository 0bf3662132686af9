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
    assert!(image.count([0x77, 0x77, 0x77], 4) > 12 * 12 * 20, "unknown kinds in grey");

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
