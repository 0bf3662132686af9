//! Where a TOML path (`link[2].channels`) is written in a scenario's text:
//! the 1-based line of its key, so that the playground shows a problem
//! beside the line that causes it.
//!
//! Validation names problems by path, not by position (it works on the
//! parsed shape); this reads the text again with the spans `toml` keeps and
//! walks the path segment by segment. A path that goes further than the
//! text (a key that is missing, so its default was refused, or a table that
//! the text never opens) is placed at the deepest part that is written.

use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// One step of a TOML path: a key or an array index.
#[derive(Debug, PartialEq)]
enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// The steps of `path`: `traffic[0].arrivals.hourly[3]` is traffic, 0,
/// arrivals, hourly, 3. `None` for a path that is not of that shape.
fn steps(path: &str) -> Option<Vec<Step<'_>>> {
    let mut out = Vec::new();
    for part in path.split('.') {
        let (key, mut rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if key.is_empty() {
            return None;
        }
        out.push(Step::Key(key));
        while let Some(after) = rest.strip_prefix('[') {
            let end = after.find(']')?;
            out.push(Step::Index(after[..end].parse().ok()?));
            rest = &after[end + 1..];
        }
        if !rest.is_empty() {
            return None;
        }
    }
    Some(out)
}

/// The 1-based line holding byte `offset` of `text`.
fn line_of(text: &str, offset: usize) -> usize {
    1 + text.as_bytes()[..offset.min(text.len())].iter().filter(|&&b| b == b'\n').count()
}

/// The 1-based line where `path` (as validation names it) is written in
/// `text`, or the deepest written part of it; `None` when the text does not
/// parse, the path is empty or not a TOML path, or not even its first key
/// is written.
pub fn line_of_path(text: &str, path: &str) -> Option<usize> {
    lines_of_paths(text, &[path]).pop().flatten()
}

/// [`line_of_path`] of each of `paths`, reading `text` once.
pub fn lines_of_paths(text: &str, paths: &[&str]) -> Vec<Option<usize>> {
    let Ok(root) = DeTable::parse(text) else { return vec![None; paths.len()] };
    paths.iter().map(|path| offset_in(root.get_ref(), path).map(|offset| line_of(text, offset))).collect()
}

/// The byte offset in the parsed text where `path` is written, or the
/// deepest written part of it.
fn offset_in(root: &DeTable<'_>, path: &str) -> Option<usize> {
    if path.is_empty() {
        return None;
    }
    let steps = steps(path)?;
    let mut best: Option<usize> = None;
    let mut table: Option<&DeTable<'_>> = Some(root);
    let mut value: Option<&Spanned<DeValue<'_>>> = None;
    for step in &steps {
        match step {
            Step::Key(k) => {
                let t = match (table, value.map(Spanned::get_ref)) {
                    (Some(t), _) => t,
                    (None, Some(DeValue::Table(t))) => t,
                    _ => break,
                };
                let Some((key, v)) = t.iter().find(|(key, _)| key.get_ref().as_ref() == *k) else { break };
                let span = key.span();
                // An array of tables' or an implicit table's key has no text of its own.
                if span.end > span.start {
                    best = Some(span.start);
                }
                table = None;
                value = Some(v);
            }
            Step::Index(i) => {
                let Some(DeValue::Array(items)) = value.map(Spanned::get_ref) else { break };
                let Some(item) = items.get(*i) else { break };
                let span = item.span();
                if span.end > span.start {
                    best = Some(span.start);
                }
                table = None;
                value = Some(item);
            }
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = r#"name = "x"

[simulation]
horizon = "7d"

[[link]]
carrier = "a"
channels = 10

[[link]]
carrier = "b"
channels = 0

[[traffic]]
number = "n"
arrivals = { kind = "poisson", calls_per_hour = -1 }

[[traffic]]
number = "m"
[traffic.arrivals]
kind = "profile"
hourly = [1, 2,
          3]
"#;

    #[test]
    fn paths_split_into_keys_and_indices() {
        assert_eq!(
            steps("traffic[0].arrivals.hourly[3]"),
            Some(vec![
                Step::Key("traffic"),
                Step::Index(0),
                Step::Key("arrivals"),
                Step::Key("hourly"),
                Step::Index(3)
            ])
        );
        assert_eq!(steps("a..b"), None);
        assert_eq!(steps("a[x]"), None);
        assert_eq!(steps("a[1]b"), None);
    }

    #[test]
    fn keys_are_found_on_their_own_line() {
        assert_eq!(line_of_path(TEXT, "simulation.horizon"), Some(4));
        // The second [[link]]'s channels, not the first's.
        assert_eq!(line_of_path(TEXT, "link[1].channels"), Some(12));
        assert_eq!(line_of_path(TEXT, "link[0].carrier"), Some(7));
        // Inside an inline table, on the line of the inline table.
        assert_eq!(line_of_path(TEXT, "traffic[0].arrivals.calls_per_hour"), Some(16));
        // An element of an array that spans lines.
        assert_eq!(line_of_path(TEXT, "traffic[1].arrivals.hourly[2]"), Some(23));
        assert_eq!(line_of_path(TEXT, "traffic[1].arrivals.kind"), Some(21));
    }

    #[test]
    fn a_missing_key_falls_back_to_what_is_written() {
        // link[1] has no `az`: the problem goes beside the link's `[[link]]` header.
        assert_eq!(line_of_path(TEXT, "link[1].az"), Some(10));
        assert_eq!(line_of_path(TEXT, "simulation.seed"), Some(3));
        assert_eq!(line_of_path(TEXT, "instance.max_concurrent_calls"), None);
        assert_eq!(line_of_path(TEXT, ""), None);
        assert_eq!(line_of_path("not = [toml", "not"), None);
        assert_eq!(lines_of_paths(TEXT, &["link[1].channels", "nowhere", "simulation"]), vec![Some(12), None, Some(3)]);
    }
}
