//! SVG to pixels with resvg, for tests and examples that look at charts
//! (include with `#[path = "common/render.rs"] mod render;` or `mod common;`).
#![allow(dead_code)] // each user takes its own subset

use resvg::{tiny_skia, usvg};
use std::path::Path;
use std::sync::{Arc, OnceLock};

/// The system's fonts, loaded once; `sans-serif` is DejaVu Sans when
/// installed, else the first family found. Without fonts, text is not drawn
/// (shapes still are).
fn fonts() -> Arc<usvg::fontdb::Database> {
    static FONTS: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut db = usvg::fontdb::Database::new();
            db.load_system_fonts();
            let families: Vec<String> = db.faces().filter_map(|f| f.families.first().map(|(n, _)| n.clone())).collect();
            if let Some(family) = families.iter().find(|n| *n == "DejaVu Sans").or(families.first()) {
                db.set_sans_serif_family(family.clone());
            }
            Arc::new(db)
        })
        .clone()
}

/// Parses `svg` (panics with usvg's error if it is not a valid document).
pub fn parse(svg: &str) -> usvg::Tree {
    let options = usvg::Options { fontdb: fonts(), ..usvg::Options::default() };
    usvg::Tree::from_str(svg, &options).unwrap_or_else(|e| panic!("invalid SVG: {e}"))
}

/// Renders `svg` at its own size: `(width, height, pixels)`, pixels as
/// straight (not premultiplied) RGBA, row by row from the top-left.
pub fn svg_to_png(svg: &str) -> (u32, u32, Vec<u8>) {
    let pixmap = pixmap(svg);
    let rgba = pixmap.pixels().iter().flat_map(|p| {
        let c = p.demultiply();
        [c.red(), c.green(), c.blue(), c.alpha()]
    });
    (pixmap.width(), pixmap.height(), rgba.collect())
}

/// Renders `svg` and writes it as a PNG file at `path`.
pub fn write_png(svg: &str, path: &Path) {
    pixmap(svg).save_png(path).unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
}

fn pixmap(svg: &str) -> tiny_skia::Pixmap {
    let tree = parse(svg);
    let size = tree.size().to_int_size();
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height()).expect("an SVG with a non-zero size");
    resvg::render(&tree, tiny_skia::Transform::default(), &mut pixmap.as_mut());
    pixmap
}
