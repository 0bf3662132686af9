//! Legends: rows of swatches with their labels, wrapped to the chart's width.

use super::style::{Area, Drawn, INK, chars_fitting, fill_px, fit, font_at, text, text_width};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// Height of one legend row, pixels.
pub(super) const ROW_H: i32 = 22;
/// Font size of legend labels, pixels.
const PX: u32 = 14;
/// Longest label kept, characters (a design's scenario name is kept whole
/// up to this; an entry that long takes a row of its own).
const MAX_CHARS: usize = 90;

/// How an entry is drawn.
#[derive(Clone, Copy, Debug)]
pub(super) enum Swatch {
    /// A filled square of this colour and opacity.
    Fill(RGBColor, f64),
    /// A line with a round marker.
    Marker(RGBColor),
    /// A plain line.
    Line(RGBColor),
    /// A dashed line.
    Dashed(RGBColor),
}

/// One entry: its swatch and label.
pub(super) type Entry = (Swatch, String);

/// Where each entry goes: `(x, row)` from the left edge of the legend, pixels and rows.
fn layout(entries: &[Entry], width: i32) -> Vec<(i32, i32)> {
    let (mut x, mut row) = (0, 0);
    entries
        .iter()
        .map(|(_, label)| {
            let w = 26 + text_width(&fit(label, MAX_CHARS), PX) + 18;
            if x > 0 && x + w > width {
                (x, row) = (0, row + 1);
            }
            let at = (x, row);
            x += w;
            at
        })
        .collect()
}

/// Height the legend takes in `width` pixels (0 when it has no entries).
pub(super) fn height(entries: &[Entry], width: i32) -> i32 {
    layout(entries, width).last().map_or(0, |&(_, row)| (row + 1) * ROW_H)
}

/// Draws the legend with its top-left corner at `(x0, y0)`, in at most `width` pixels.
pub(super) fn draw(root: &Area, entries: &[Entry], (x0, y0): (i32, i32), width: i32) -> Drawn {
    for ((swatch, label), (x, row)) in entries.iter().zip(layout(entries, width)) {
        let (x, y) = (x0 + x, y0 + row * ROW_H + ROW_H / 2);
        match *swatch {
            Swatch::Fill(c, alpha) => {
                fill_px(root, (x, y - 7), (x + 20, y + 7), c.mix(alpha).filled())?;
                root.draw(&Rectangle::new([(x, y - 7), (x + 20, y + 7)], c.stroke_width(1)))?;
            }
            Swatch::Marker(c) => {
                root.draw(&PathElement::new(vec![(x, y), (x + 20, y)], c.stroke_width(2)))?;
                root.draw(&Circle::new((x + 10, y), 4, c.filled()))?;
            }
            Swatch::Line(c) => {
                root.draw(&PathElement::new(vec![(x, y), (x + 20, y)], c.stroke_width(2)))?;
            }
            Swatch::Dashed(c) => {
                for dx in [0, 8, 16] {
                    root.draw(&PathElement::new(vec![(x + dx, y), (x + dx + 4, y)], c.stroke_width(2)))?;
                }
            }
        }
        let max = chars_fitting(width - x - 26, PX).min(MAX_CHARS);
        text(root, &fit(label, max), (x + 26, y), &font_at(PX, HPos::Left, VPos::Center).color(&INK))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_wrap_to_new_rows() {
        let e = |s: &str| (Swatch::Marker(INK), s.to_string());
        let entries = [e("aaaa"), e("bbbb"), e("cccc")];
        // Each entry is 26 + 4 * 8.4 + 18 = 78 pixels wide.
        assert_eq!(layout(&entries, 1000), vec![(0, 0), (78, 0), (156, 0)]);
        assert_eq!(layout(&entries, 160), vec![(0, 0), (78, 0), (0, 1)]);
        assert_eq!(height(&entries, 160), 2 * ROW_H);
        assert_eq!(height(&[], 160), 0);
        // An entry wider than the legend still gets a row of its own.
        assert_eq!(layout(&entries, 10), vec![(0, 0), (0, 1), (0, 2)]);
    }
}
