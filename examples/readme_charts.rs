//! Draws the charts of the decision report for the README, from real runs:
//! the bundled default scenario's concurrency and outage timeline (one
//! replication traced), and the migration comparison's bars. Writes SVG and
//! PNG (rendered with resvg, with the system's fonts) into `docs/images/`,
//! and checks each image is neither blank nor oddly sized.
//!
//! Run: `cargo run --release --example readme_charts` (about 30 s).

#[path = "../tests/common/render.rs"]
mod render;

use callsim::experiment::{Runner, compare::compare};
use callsim::report::{charts, figures};
use callsim::scenario::Scenario;
use std::path::Path;

fn bundled(name: &str) -> Scenario {
    Scenario::load(format!("{}/scenarios/{name}", env!("CARGO_MANIFEST_DIR"))).expect("a valid bundled scenario")
}

/// Writes `svg` as `name.svg` and `name.png` and checks the rendering.
fn write(dir: &Path, name: &str, svg: &str) {
    std::fs::write(dir.join(format!("{name}.svg")), svg).expect("write the SVG");
    render::write_png(svg, &dir.join(format!("{name}.png")));
    let (w, h, pixels) = render::svg_to_png(svg);
    let background = &pixels[..4];
    let drawn = pixels.chunks(4).filter(|p| *p != background).count();
    assert!((400..=4000).contains(&w) && (100..=10000).contains(&h), "{name}: {w}x{h}");
    assert!(drawn > (w * h) as usize / 50, "{name} is nearly blank");
    println!("{name}: {w}x{h} px, {:.0}% drawn", 100.0 * drawn as f64 / (w * h) as f64);
}

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/images");
    std::fs::create_dir_all(&dir).expect("create docs/images");

    // The default scenario, replication 0, over its full 28 days.
    let s = bundled("tollfree-vs-did.toml");
    let settings = callsim::experiment::run_settings(&s);
    let mut tracer = callsim::sim::Tracer::new(s.model(), &settings, 600);
    callsim::sim::run_replication_with(s.model(), &settings, 0, &mut tracer)
        .expect("the bundled scenario fits the queue");
    let timeline = tracer.finish();
    write(&dir, "concurrency", &charts::concurrency_svg(&figures::concurrency(&s, &timeline, 0).0));
    write(&dir, "outages", &charts::outages_svg(&figures::outages(&s, &timeline, 0).0));

    // Forwarding during a migration against the ported end state.
    let designs: Vec<(String, Scenario)> = ["migration/forwarding.toml", "migration/ported.toml"]
        .iter()
        .map(|f| (f.trim_start_matches("migration/").to_string(), bundled(f)))
        .collect();
    let c = compare(&designs, &Runner::default()).expect("the designs share valid settings");
    write(&dir, "compare", &charts::bars_svg(&figures::comparison_bars(&c)));
}
