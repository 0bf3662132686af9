//! Shared look of the charts: colours, fonts, text and number formatting,
//! and the wrapper that runs a drawing on an SVG string.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// The drawing area of a whole chart, in pixels from its top-left corner.
pub(super) type Area<'a> = DrawingArea<SVGBackend<'a>, plotters::coord::Shift>;
/// What a drawing step returns (plotters' errors, boxed).
pub(super) type Drawn = Result<(), Box<dyn std::error::Error>>;

/// Okabe–Ito colours, distinguishable with the common colour-vision
/// deficiencies, in the order series take them (yellow last: it is faint on white).
pub(super) const PALETTE: [RGBColor; 8] = [
    RGBColor(0x00, 0x72, 0xB2), // blue
    RGBColor(0xE6, 0x9F, 0x00), // orange
    RGBColor(0x00, 0x9E, 0x73), // bluish green
    RGBColor(0xCC, 0x79, 0xA7), // reddish purple
    RGBColor(0x56, 0xB4, 0xE9), // sky blue
    RGBColor(0xD5, 0x5E, 0x00), // vermillion
    RGBColor(0x00, 0x00, 0x00), // black
    RGBColor(0xF0, 0xE4, 0x42), // yellow
];
/// Vermillion, for unavailability (drawn translucent as shading).
pub(super) const RED: RGBColor = RGBColor(0xD5, 0x5E, 0x00);
/// Text and axes.
pub(super) const INK: RGBColor = RGBColor(0x22, 0x22, 0x22);
/// Grid lines and frames.
pub(super) const GRID: RGBColor = RGBColor(0xDD, 0xDD, 0xDD);

/// Width of every chart but the bar chart, pixels.
pub(super) const WIDTH: u32 = 900;
/// Tallest chart drawn, pixels: beyond it, rows or panels are left out (and said so).
pub(super) const MAX_HEIGHT: u32 = 10_000;
/// Height of the title band at the top of a chart, pixels.
pub(super) const TITLE_H: u32 = 40;

/// The colour of the `i`-th series (cycling through [`PALETTE`]).
pub(super) fn palette(i: usize) -> RGBColor {
    PALETTE[i % PALETTE.len()]
}

/// A sans-serif font of `px` CSS pixels (plotters' SVG backend writes
/// `font-size` as the size given divided by 1.24).
pub(super) fn font(px: u32) -> TextStyle<'static> {
    let mut size = f64::from(px) * 1.24;
    while size / 1.24 < f64::from(px) {
        size = size.next_up(); // written back exactly as px for 12, 14, 16, 18
    }
    ("sans-serif", size).into_font().color(&INK)
}

/// [`font`] anchored at `h` horizontally and `v` vertically.
pub(super) fn font_at(px: u32, h: HPos, v: VPos) -> TextStyle<'static> {
    font(px).pos(Pos::new(h, v))
}

/// Estimated width of `text` in a `px` sans-serif font, pixels (no font metrics here).
pub(super) fn text_width(text: &str, px: u32) -> i32 {
    (text.chars().count() as f64 * f64::from(px) * 0.6).ceil() as i32
}

/// How many characters of a `px` font fit in `width` pixels.
pub(super) fn chars_fitting(width: i32, px: u32) -> usize {
    (f64::from(width.max(0)) / (f64::from(px) * 0.6)).floor() as usize
}

/// `label` without control characters (not allowed in XML) and with at most
/// `max` characters, ending in `…` when cut.
pub(super) fn fit(label: &str, max: usize) -> String {
    let clean: String = label.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    if clean.chars().count() <= max {
        return clean;
    }
    if max == 0 {
        return String::new();
    }
    let mut cut: String = clean.chars().take(max - 1).collect();
    cut.push('…');
    cut
}

/// `text` broken at spaces into at most `lines` lines of at most `max`
/// characters (the last one cut with `…` when the text is longer).
pub(super) fn wrap(text: &str, max: usize, lines: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    if lines == 0 {
        return out;
    }
    let mut words = fit(text, usize::MAX).split_whitespace().map(str::to_string).collect::<Vec<_>>().into_iter();
    while let Some(word) = words.next() {
        let len = out.last().map(|l| l.chars().count());
        if len.is_some_and(|n| n + 1 + word.chars().count() <= max) {
            let line = out.last_mut().expect("a line");
            line.push(' ');
            line.push_str(&word);
        } else if out.len() == lines {
            let last = out.pop().expect("lines > 0 when full");
            let rest: Vec<String> = std::iter::once(word).chain(words.by_ref()).collect();
            out.push(fit(&format!("{last} {}", rest.join(" ")), max));
        } else {
            out.push(fit(&word, max));
        }
    }
    out
}

/// `v` with about three significant digits, for values printed on a chart.
pub(super) fn fmt_value(v: f64) -> String {
    if !v.is_finite() {
        return "n/a".into();
    }
    let a = v.abs();
    let s = if a == 0.0 {
        "0".to_string()
    } else if !(1e-4..1e6).contains(&a) {
        format!("{v:.2e}")
    } else if a >= 100.0 {
        format!("{v:.0}")
    } else {
        let decimals = (2 - a.log10().floor() as i32).clamp(0, 6) as usize;
        format!("{v:.decimals$}")
    };
    if s.starts_with('-') && s[1..].chars().all(|c| c == '0' || c == '.') { s[1..].to_string() } else { s }
}

/// Draws `text` on the whole chart at pixel `(x, y)`.
pub(super) fn text(root: &Area, text: &str, (x, y): (i32, i32), style: &TextStyle) -> Drawn {
    root.draw(&Text::new(text.to_string(), (x, y), style.clone()))?;
    Ok(())
}

/// Draws the chart title centred in the title band.
pub(super) fn title(root: &Area, title: &str, width: u32) -> Drawn {
    let max = chars_fitting(width as i32 - 20, 18);
    text(root, &fit(title, max), (width as i32 / 2, 12), &font_at(18, HPos::Center, VPos::Top))
}

/// A filled rectangle between two pixel corners, at least two pixels wide
/// (so that the briefest period shows) and one high.
pub(super) fn fill_px(root: &Area, (x0, y0): (i32, i32), (x1, y1): (i32, i32), style: ShapeStyle) -> Drawn {
    let (l, r) = (x0.min(x1), x0.max(x1).max(x0.min(x1) + 2));
    let (t, b) = (y0.min(y1), y0.max(y1).max(y0.min(y1) + 1));
    root.draw(&Rectangle::new([(l, t), (r, b)], style))?;
    Ok(())
}

/// Pixel spans `(left, right)` sorted and merged where they overlap or
/// touch, after widening each to at least `min_w` pixels (many periods
/// within a pixel draw as one).
pub(super) fn coalesce(mut spans: Vec<(i32, i32)>, min_w: i32) -> Vec<(i32, i32)> {
    spans.iter_mut().for_each(|s| *s = (s.0.min(s.1), s.0.max(s.1).max(s.0.min(s.1) + min_w)));
    spans.sort_unstable();
    let mut merged: Vec<(i32, i32)> = Vec::with_capacity(spans.len());
    for (l, r) in spans {
        match merged.last_mut() {
            Some(last) if l <= last.1 => last.1 = last.1.max(r),
            _ => merged.push((l, r)),
        }
    }
    merged
}

/// Runs `draw` on a white `width` x `height` SVG canvas and returns the
/// document; if plotters reports an error, a document saying so instead.
pub(super) fn render(width: u32, height: u32, draw: impl FnOnce(&Area) -> Drawn) -> String {
    let mut svg = String::new();
    let drawn = {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        let drawn = root.fill(&WHITE).map_err(Into::into).and_then(|()| draw(&root));
        drawn.and_then(|()| root.present().map_err(Into::into))
    };
    match drawn {
        Ok(()) => svg,
        Err(_) => message_svg("", "this chart could not be drawn"),
    }
}

/// A small standalone SVG with a frame, a title and a message, for charts
/// with nothing to draw.
pub(super) fn message_svg(title: &str, message: &str) -> String {
    let (w, h) = (WIDTH, 120);
    let esc =
        |s: &str| fit(s, 90).replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;");
    format!(
        "<svg width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" xmlns=\"http://www.w3.org/2000/svg\">\n\
         <rect x=\"0\" y=\"0\" width=\"{w}\" height=\"{h}\" fill=\"#FFFFFF\" stroke=\"none\"/>\n\
         <rect x=\"10\" y=\"10\" width=\"{iw}\" height=\"{ih}\" fill=\"#F4F4F4\" stroke=\"#BBBBBB\"/>\n\
         <text x=\"{cx}\" y=\"40\" text-anchor=\"middle\" font-family=\"sans-serif\" font-size=\"18\" fill=\"#222222\">{t}</text>\n\
         <text x=\"{cx}\" y=\"78\" text-anchor=\"middle\" font-family=\"sans-serif\" font-size=\"15\" fill=\"#555555\">{m}</text>\n\
         </svg>\n",
        iw = w - 20,
        ih = h - 20,
        cx = w / 2,
        t = esc(title),
        m = esc(message),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_cuts_with_an_ellipsis_and_drops_control_characters() {
        assert_eq!(fit("seattle", 10), "seattle");
        assert_eq!(fit("seattle-backup", 8), "seattle…");
        assert_eq!(fit("a\u{1}b", 5), "a b");
        assert_eq!(fit("anything", 0), "");
        assert_eq!(fit("ééééé", 3), "éé…");
    }

    #[test]
    fn spans_are_widened_then_merged() {
        assert_eq!(coalesce(vec![(10, 10), (50, 40), (11, 30)], 2), vec![(10, 30), (40, 50)]);
        assert_eq!(coalesce(vec![(5, 6), (7, 8)], 2), vec![(5, 9)]);
        assert!(coalesce(vec![], 2).is_empty());
    }

    #[test]
    fn text_wraps_at_spaces_into_few_lines() {
        assert_eq!(
            wrap("time without a route (minutes/month)", 20, 2),
            vec!["time without a route", "(minutes/month)"]
        );
        assert_eq!(wrap("a b c d e f", 3, 2), vec!["a b", "c …"]);
        assert_eq!(wrap("unbreakable-word", 6, 2), vec!["unbre…"]);
        assert!(wrap("", 10, 2).is_empty());
        assert!(wrap("words", 10, 0).is_empty());
    }

    #[test]
    fn values_keep_three_significant_digits() {
        assert_eq!(fmt_value(0.0), "0");
        assert_eq!(fmt_value(0.01234), "0.0123");
        assert_eq!(fmt_value(1.234), "1.23");
        assert_eq!(fmt_value(12.34), "12.3");
        assert_eq!(fmt_value(1234.4), "1234");
        assert_eq!(fmt_value(-5.5), "-5.50");
        assert_eq!(fmt_value(-0.0), "0");
        assert_eq!(fmt_value(2.5e7), "2.50e7");
        assert_eq!(fmt_value(f64::NAN), "n/a");
    }

    #[test]
    fn fonts_are_at_least_the_size_asked() {
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, (100, 100)).into_drawing_area();
            text(&root, "x", (1, 1), &font(12)).unwrap();
        }
        let size: f64 = svg.split("font-size=\"").nth(1).unwrap().split('"').next().unwrap().parse().unwrap();
        assert_eq!(size, 12.0);
    }

    #[test]
    fn a_message_is_a_standalone_svg() {
        let svg = message_svg("a <title>", "no numbers");
        assert!(svg.starts_with("<svg") && svg.contains("xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.contains("a &lt;title&gt;") && svg.contains("no numbers"));
    }
}
