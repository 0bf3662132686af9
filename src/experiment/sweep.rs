//! Sweeps: one run per value of one or more scenario keys.
//!
//! A setting names a key by its TOML path, as validation errors do
//! (`traffic[0].arrivals.calls_per_hour`, `number[1].max_concurrent`,
//! `simulation.horizon`), and lists values. Several settings form a grid
//! (every combination, the first setting varying slowest). Every point runs
//! with the same seed, so points differ only by the setting: common random
//! numbers across the sweep.

use super::Runner;
use crate::scenario::{Scenario, ScenarioError, ScenarioSources};
use crate::summary::Report;

/// One `--set PATH=V1,V2,...`.
#[derive(Clone, Debug, PartialEq)]
pub struct Setting {
    /// TOML path of the key.
    pub path: String,
    /// Values, as written (each read as a TOML value, else as a string).
    pub values: Vec<String>,
}

impl Setting {
    /// Parses `PATH=V1,V2,...`. Values holding commas (arrays) can be given
    /// with `;` between values instead: `PATH=[1,2];[3,4]`.
    pub fn parse(text: &str) -> Result<Setting, SettingError> {
        let (path, values) =
            text.split_once('=').ok_or_else(|| SettingError::NotASetting { text: text.to_string() })?;
        let path = path.trim();
        parse_path(path)?;
        let sep = if values.contains(';') { ';' } else { ',' };
        let values: Vec<String> = values.split(sep).map(|v| v.trim().to_string()).collect();
        if values.iter().any(|v| v.is_empty()) {
            return Err(SettingError::EmptyValue { path: path.to_string(), text: text.to_string() });
        }
        Ok(Setting { path: path.to_string(), values })
    }
}

/// Why a setting cannot be parsed or applied to a scenario.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum SettingError {
    /// No `=` between path and values.
    #[error("\"{text}\" is not a setting: expected PATH=V1,V2,... like number[0].max_concurrent=50,100")]
    NotASetting {
        /// The setting as given.
        text: String,
    },
    /// The path is not keys joined by `.` with `[N]` after arrays.
    #[error(
        "\"{path}\" is not a TOML path: expected keys joined by '.', with [N] after an array, like traffic[0].arrivals.calls_per_hour"
    )]
    NotAPath {
        /// The path as given.
        path: String,
    },
    /// A value between separators is empty.
    #[error("{path}: empty value in \"{text}\"")]
    EmptyValue {
        /// The setting's path.
        path: String,
        /// The setting as given.
        text: String,
    },
    /// The scenario text is not TOML.
    #[error("{message}")]
    Toml {
        /// The TOML reader's message.
        message: String,
    },
    /// The path indexes a key that is not an array.
    #[error("{path}: no such array in the scenario")]
    NoSuchArray {
        /// The path up to the array.
        path: String,
    },
    /// The index is past the array's end.
    #[error("{path}: index out of range (the scenario has {len})")]
    OutOfRange {
        /// The path up to the index.
        path: String,
        /// Entries in the array.
        len: usize,
    },
    /// The path goes through a value that is not a table.
    #[error("{path}: is not a table, so it has no keys")]
    NotATable {
        /// The path up to the value.
        path: String,
    },
    /// The edited scenario could not be written back as TOML.
    #[error(transparent)]
    Write(#[from] toml::ser::Error),
}

/// One segment of a TOML path: a key, and an array index if any.
type Segment<'a> = (&'a str, Option<usize>);

fn parse_path(path: &str) -> Result<Vec<Segment<'_>>, SettingError> {
    let bad = || SettingError::NotAPath { path: path.to_string() };
    if path.is_empty() {
        return Err(bad());
    }
    path.split('.')
        .map(|seg| match seg.split_once('[') {
            None if !seg.is_empty() => Ok((seg, None)),
            Some((key, rest)) if !key.is_empty() => {
                let index = rest.strip_suffix(']').and_then(|i| i.parse().ok()).ok_or_else(bad)?;
                Ok((key, Some(index)))
            }
            _ => Err(bad()),
        })
        .collect()
}

/// A value as written on the command line: a TOML value if it parses as
/// one (`100`, `2.5`, `true`, `["a", "b"]`), else a string (`3m`, `carrier-a`).
fn toml_value(text: &str) -> toml::Value {
    match format!("v = {text}").parse::<toml::Table>() {
        Ok(mut t) => t.remove("v").unwrap_or_else(|| toml::Value::String(text.to_string())),
        Err(_) => toml::Value::String(text.to_string()),
    }
}

/// Sets the key at `path` of the scenario `text` to `value` and returns the new text.
pub fn apply(text: &str, path: &str, value: &str) -> Result<String, SettingError> {
    let mut doc: toml::Table =
        text.parse().map_err(|e: toml::de::Error| SettingError::Toml { message: e.message().to_string() })?;
    let segments = parse_path(path)?;
    let mut table = &mut doc;
    let mut walked = String::new();
    for (i, &(key, index)) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        if !walked.is_empty() {
            walked.push('.');
        }
        walked.push_str(key);
        let slot: &mut toml::Value = match index {
            None if last => {
                table.insert(key.to_string(), toml_value(value));
                break;
            }
            None => table.entry(key.to_string()).or_insert_with(|| toml::Value::Table(toml::Table::new())),
            Some(n) => {
                let array = table
                    .get_mut(key)
                    .and_then(toml::Value::as_array_mut)
                    .ok_or_else(|| SettingError::NoSuchArray { path: walked.clone() })?;
                let len = array.len();
                walked.push_str(&format!("[{n}]"));
                let item = array.get_mut(n).ok_or_else(|| SettingError::OutOfRange { path: walked.clone(), len })?;
                if last {
                    *item = toml_value(value);
                    break;
                }
                item
            }
        };
        table = slot.as_table_mut().ok_or_else(|| SettingError::NotATable { path: walked.clone() })?;
    }
    Ok(toml::to_string(&doc)?)
}

/// Every combination of the settings' values, the first setting varying slowest.
pub fn grid(settings: &[Setting]) -> Vec<Vec<(String, String)>> {
    let mut points: Vec<Vec<(String, String)>> = vec![Vec::new()];
    for s in settings {
        points = points
            .iter()
            .flat_map(|p| {
                s.values.iter().map(move |v| {
                    let mut q = p.clone();
                    q.push((s.path.clone(), v.clone()));
                    q
                })
            })
            .collect();
    }
    points
}

/// A point of the grid before it runs: (path, value) of each setting, and its scenario.
pub type Point = (Vec<(String, String)>, Scenario);

/// One point of a sweep: the values set, and the report there.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct SweepPoint {
    /// (path, value) of each setting.
    pub set: Vec<(String, String)>,
    /// The run at this point.
    pub report: Report,
}

/// Why a sweep could not run.
#[derive(Debug, thiserror::Error)]
pub enum SweepError {
    /// A setting names a key that cannot be set.
    #[error("--set {path}: {message}")]
    Setting {
        /// The setting's path.
        path: String,
        /// What is wrong.
        message: SettingError,
    },
    /// A point's scenario is invalid (a value out of range, say). Said
    /// from the `--set` that caused it (the setting whose path holds the
    /// problem's, else every setting of the point), never by a line of the
    /// generated scenario text.
    #[error("{}", invalid(.point, .source))]
    Invalid {
        /// The setting that caused it, `path=value` (or every setting of
        /// the point, `path=value, ...`, when no one path holds the problem).
        point: String,
        /// The validation error.
        source: ScenarioError,
    },
}

/// How [`SweepError::Invalid`] reads: the `--set`, then the problem.
fn invalid(point: &str, source: &ScenarioError) -> String {
    format!("--set {point}: {source}")
}

/// `error` without the line and column of a syntax error, which are those
/// of the generated scenario text, not of the user's file.
fn without_lines(error: ScenarioError) -> ScenarioError {
    match error {
        ScenarioError::Syntax { file, problem, .. } => {
            ScenarioError::Invalid { file: format!("{file} with the --set applied"), problems: vec![problem] }
        }
        other => other,
    }
}

/// The setting of `point` that caused `error`: the one whose path holds (or
/// is held by) the path of the error's first problem, else the whole point.
fn culprit(point: &[(String, String)], error: &ScenarioError) -> String {
    let at = error.problems().first().map(|p| p.path.clone()).unwrap_or_default();
    let holds = |path: &str| {
        !at.is_empty()
            && (at == path
                || at.strip_prefix(path).is_some_and(|r| r.starts_with('.') || r.starts_with('['))
                || path.strip_prefix(at.as_str()).is_some_and(|r| r.starts_with('.') || r.starts_with('[')))
    };
    match point.iter().find(|(path, _)| holds(path)) {
        Some((p, v)) => format!("{p}={v}"),
        None => point.iter().map(|(p, v)| format!("{p}={v}")).collect::<Vec<_>>().join(", "),
    }
}

/// Builds the scenario of every point of the grid from scenario `text`
/// (named `file`) and the trace files it names, `sources` (read once by the
/// caller: no point reads a file); `adjust` applies command-line overrides
/// to each (validating again). Fails before anything runs.
pub fn scenarios(
    text: &str,
    file: &str,
    sources: &ScenarioSources,
    settings: &[Setting],
    adjust: impl Fn(&Scenario) -> Result<Scenario, ScenarioError>,
) -> Result<Vec<Point>, SweepError> {
    grid(settings)
        .into_iter()
        .map(|point| {
            let mut t = text.to_string();
            for (path, value) in &point {
                t = apply(&t, path, value).map_err(|message| SweepError::Setting { path: path.clone(), message })?;
            }
            let scenario =
                Scenario::from_toml_str_with_files(&t, file, sources.clone()).and_then(|s| adjust(&s)).map_err(
                    |source| SweepError::Invalid { point: culprit(&point, &source), source: without_lines(source) },
                )?;
            Ok((point, scenario))
        })
        .collect()
}

/// Runs every point.
pub fn run(points: Vec<Point>, runner: &Runner) -> Vec<SweepPoint> {
    points.into_iter().map(|(set, s)| SweepPoint { set, report: runner.run(&s) }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_parse_and_form_a_grid() {
        let a = Setting::parse("number[1].max_concurrent=50,100").unwrap();
        assert_eq!(a.values, ["50", "100"]);
        let b = Setting::parse("traffic[0].holding.mean=3m;4m").unwrap();
        let g = grid(&[a, b]);
        assert_eq!(g.len(), 4);
        assert_eq!(
            g[1],
            vec![("number[1].max_concurrent".into(), "50".into()), ("traffic[0].holding.mean".into(), "4m".into())]
        );
        assert!(Setting::parse("nopath").is_err());
        assert!(Setting::parse("a[x].b=1").is_err());
        assert!(Setting::parse("a.b=1,,2").is_err());
    }

    #[test]
    fn apply_sets_typed_values_at_paths() {
        let text =
            "[simulation]\nhorizon = \"1h\"\n[[number]]\nname = \"a\"\n[[number]]\nname = \"b\"\nmax_concurrent = 5\n";
        let t = apply(text, "number[1].max_concurrent", "50").unwrap();
        let doc: toml::Table = t.parse().unwrap();
        assert_eq!(doc["number"][1]["max_concurrent"].as_integer(), Some(50));
        let t = apply(text, "simulation.horizon", "2d").unwrap();
        assert!(t.contains("horizon = \"2d\""));
        assert!(apply(text, "number[5].max_concurrent", "1").unwrap_err().to_string().contains("out of range"));
        assert!(apply(text, "link[0].channels", "1").unwrap_err().to_string().contains("no such array"));
        assert_eq!(
            apply(text, "simulation.horizon.x", "1").unwrap_err().to_string(),
            "simulation.horizon: is not a table, so it has no keys"
        );
    }
}
