//! The decision report as HTML: well-formed, self-contained, naming every
//! number and design, with charts that a real SVG renderer draws.

use crate::support::{Dir, assert_bad_input, assert_ok, callsim};

#[path = "../common/render.rs"]
mod render;

/// The bundled scenarios, from the crate root.
fn bundled(name: &str) -> String {
    format!("{}/scenarios/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// Parses `html` strictly as XML and returns it with its inline SVG documents.
fn parse(html: &str) -> (roxmltree::Document<'_>, Vec<String>) {
    let doc = roxmltree::Document::parse_with_options(
        html,
        roxmltree::ParsingOptions { allow_dtd: true, ..Default::default() },
    )
    .unwrap_or_else(|e| panic!("the page is not well-formed: {e}"));
    let svgs =
        doc.descendants().filter(|n| n.tag_name().name() == "svg").map(|n| html[n.range()].to_string()).collect();
    (doc, svgs)
}

/// Checks a page: well-formed, no network, a title, every name in `names`
/// present, `charts` charts that render to non-blank images.
#[track_caller]
fn check_page(html: &str, names: &[&str], charts: usize) {
    assert!(html.starts_with("<!DOCTYPE html>"), "{}", &html[..html.len().min(80)]);
    let (doc, svgs) = parse(html);
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "html");
    assert!(root.descendants().any(|n| n.tag_name().name() == "title"));
    // Self-contained: no script, no external stylesheet, image or link.
    for n in root.descendants().filter(|n| n.is_element()) {
        assert!(!matches!(n.tag_name().name(), "script" | "link" | "img" | "iframe"), "<{}>", n.tag_name().name());
        for a in n.attributes() {
            assert!(
                !a.value().contains("http://") && !a.value().contains("https://")
                    || a.name() == "xmlns"
                    || a.value().starts_with("http://www.w3.org/"),
                "external reference {}={}",
                a.name(),
                a.value()
            );
        }
    }
    let text: String = root.descendants().filter(|n| n.is_text()).map(|n| n.text().unwrap_or("")).collect();
    for name in names {
        assert!(text.contains(name), "the page does not name {name}");
    }
    assert_eq!(svgs.len(), charts, "charts in the page");
    for svg in &svgs {
        let (w, h, pixels) = render::svg_to_png(svg);
        assert!((300..=4000).contains(&w) && (100..=12000).contains(&h), "chart size {w}x{h}");
        let first = &pixels[..4];
        let differing = pixels.chunks(4).filter(|p| *p != first).count();
        assert!(differing * 20 > (w * h) as usize / 20, "a chart is nearly blank: {differing} of {} pixels", w * h);
    }
}

#[test]
fn run_writes_a_self_contained_page_with_its_charts() {
    let dir = Dir::new();
    let out = dir.path().join("report.html");
    let run = callsim(&["run", "--horizon", "3d", "-r", "2", "-q", "--format", "html", "-o", out.to_str().unwrap()]);
    assert_ok(&run);
    let html = std::fs::read_to_string(&out).unwrap();
    check_page(
        &html,
        &[
            "toll-free vs DID bank",
            "support-800",
            "did-1",
            "did-2",
            "did-3",
            "did-4",
            "carrier-c/az2",
            "Verdict",
            "USD",
        ],
        2,
    );
    assert!(html.contains("callers find a route"), "a plain-language verdict");
    assert!(html.contains("Per completed call, toll-free"), "toll-free and DIDs priced against each other");
    // Deterministic: the same page again, whatever the thread count.
    let again = callsim(&["run", "--horizon", "3d", "-r", "2", "-q", "-j", "1", "--format", "html"]);
    assert_ok(&again);
    assert_eq!(again.stdout, html);
}

#[test]
fn report_compares_designs_with_bars_and_the_cost_of_a_nine() {
    let forwarding = bundled("migration/forwarding.toml");
    let ported = bundled("migration/ported.toml");
    let run = callsim(&["report", &forwarding, &ported, "--horizon", "7d", "-r", "3", "-q"]);
    assert_ok(&run);
    check_page(&run.stdout, &[&forwarding, &ported, "support", "sales", "Decision", "Against"], 1);
    assert!(run.stdout.contains("a month more") || run.stdout.contains("a month less"), "cost against the baseline");
    // `compare --format html` is the same page.
    let compare = callsim(&["compare", &forwarding, &ported, "--horizon", "7d", "-r", "3", "-q", "--format", "html"]);
    assert_ok(&compare);
    assert_eq!(compare.stdout, run.stdout);
}

#[test]
fn report_of_one_scenario_is_runs_page() {
    let file = bundled("carrier-outage.toml");
    let report = callsim(&["report", &file, "-r", "2", "-q", "--chart-replication", "1"]);
    assert_ok(&report);
    let run = callsim(&["run", &file, "-r", "2", "-q", "--format", "html", "--chart-replication", "1"]);
    assert_ok(&run);
    assert_eq!(report.stdout, run.stdout);
    check_page(&report.stdout, &["carrier-a", "replication 1"], 2);
}

#[test]
fn sweep_and_size_pages_are_well_formed() {
    let file = bundled("erlang-b-check.toml");
    let sweep = callsim(&[
        "sweep",
        &file,
        "--set",
        "traffic[0].arrivals.calls_per_hour=1500,2000,2500",
        "--horizon",
        "1d",
        "-r",
        "2",
        "-q",
        "--format",
        "html",
    ]);
    assert_ok(&sweep);
    check_page(&sweep.stdout, &["offered load (Erlangs)"], 1);
    let size = callsim(&[
        "size",
        &file,
        "--number",
        "did",
        "--vary",
        "cap",
        "--target-blocking",
        "0.01",
        "--horizon",
        "1d",
        "-r",
        "2",
        "-q",
        "--format",
        "html",
    ]);
    assert_ok(&size);
    check_page(&size.stdout, &["Evidence"], 0);
}

#[test]
fn names_are_escaped() {
    let dir = Dir::new();
    let text = std::fs::read_to_string(bundled("erlang-b-check.toml")).unwrap();
    let text = text.replacen("name = \"", "name = \"<b>A & B's \\\"test\\\"</b> ", 1);
    let file = dir.file("odd.toml", &text);
    let run = callsim(&[
        "run".as_ref(),
        file.as_os_str(),
        "--horizon".as_ref(),
        "1d".as_ref(),
        "-r".as_ref(),
        "2".as_ref(),
        "-q".as_ref(),
        "--format".as_ref(),
        "html".as_ref(),
    ]);
    assert_ok(&run);
    check_page(&run.stdout, &["<b>A & B's \"test\"</b>"], 2);
}

#[test]
fn a_chart_replication_outside_the_run_is_refused() {
    let dir = Dir::new();
    let out = dir.path().join("report.html");
    let run = callsim(&[
        "run",
        "-r",
        "2",
        "--horizon",
        "1d",
        "--format",
        "html",
        "--chart-replication",
        "2",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_bad_input(&run, &["--chart-replication", "0..2"]);
    assert!(dir.entries().is_empty(), "no partial output: {:?}", dir.entries());
    let run = callsim(&["report", "-r", "3", "--chart-replication", "5"]);
    assert_bad_input(&run, &["--chart-replication", "0..3"]);
}
