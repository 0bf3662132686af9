//! The scenario file format (TOML): read it, check it, and turn it into a
//! validated [`Scenario`]. Parsing happens twice, as in simcore: serde reads
//! the raw shape (`raw`), then `validate` checks meaning and links names to
//! indices, naming the TOML path of every problem it finds.
//!
//! Reading files and validating are apart: [`Scenario::load`] reads the
//! scenario file and the trace files it names ([`ScenarioSources`]), then
//! validation works on text in memory. [`Scenario::from_toml_str`] reads
//! nothing; give it trace files with [`Scenario::from_toml_str_with_files`].

pub mod builder;
pub mod error;
pub mod limits;
mod raw;
mod sources;
mod validate;
mod with;

pub use crate::engine::time::{DURATION_HELP, Duration, DurationError, MAX_DURATION_S, parse_duration};
pub use builder::{ScenarioBuilder, Target};
pub use error::{Problem, ScenarioError};
pub use sources::ScenarioSources;

use crate::model::Model;
use std::path::Path;
use std::sync::Arc;

/// The bundled default scenario (`scenarios/tollfree-vs-did.toml`), embedded
/// in the library so that `callsim run` works from any folder.
pub const DEFAULT_SCENARIO_TOML: &str = include_str!("../../scenarios/tollfree-vs-did.toml");

/// How the default scenario is named in messages.
pub const DEFAULT_SCENARIO_FILE: &str = "scenarios/tollfree-vs-did.toml (bundled)";

/// The bundled scenarios that stand alone (no trace file beside them), by
/// name (their file's stem), each with its text: what `callsim example
/// NAME` writes as a template to edit.
pub const BUNDLED: [(&str, &str); 9] = [
    ("tollfree-vs-did", DEFAULT_SCENARIO_TOML),
    ("busy-week", include_str!("../../scenarios/busy-week.toml")),
    ("carrier-outage", include_str!("../../scenarios/carrier-outage.toml")),
    ("erlang-b-check", include_str!("../../scenarios/erlang-b-check.toml")),
    ("two-platforms", include_str!("../../scenarios/two-platforms.toml")),
    ("two-regions", include_str!("../../scenarios/two-regions.toml")),
    ("queue-behind-the-bank", include_str!("../../scenarios/queue-behind-the-bank.toml")),
    ("callbacks-and-campaign", include_str!("../../scenarios/callbacks-and-campaign.toml")),
    ("staffed-day", include_str!("../../scenarios/staffed-day.toml")),
];

/// Largest number of replications a scenario may ask for.
pub const MAX_REPLICATIONS: u32 = 1_000_000;

/// Smallest arrival rate accepted, calls per hour (one call in ~114,000 years).
pub const MIN_CALLS_PER_HOUR: f64 = 1e-9;

/// Largest arrival rate accepted, calls per hour (the event-count guard of
/// [`limits`] usually refuses far less).
pub const MAX_CALLS_PER_HOUR: f64 = 1e12;

/// Largest scenario file read, bytes.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// How each replication is run. Read it with the accessors; change it
/// with [`Scenario::with_horizon_s`] and friends, which validate again.
#[derive(Clone, Debug, PartialEq)]
pub struct SimulationSettings {
    /// Simulated time measured per replication, after warm-up, in seconds (> 0).
    pub(crate) horizon_s: f64,
    /// Simulated time discarded from statistics at the start of each replication, in seconds (>= 0).
    pub(crate) warmup_s: f64,
    /// Independent replications (>= 1).
    pub(crate) replications: u32,
    /// Base seed of every random stream.
    pub(crate) seed: u64,
}

impl SimulationSettings {
    /// Simulated time measured per replication, after warm-up, in seconds (> 0).
    pub fn horizon_s(&self) -> f64 {
        self.horizon_s
    }

    /// Simulated time discarded from statistics at the start of each replication, in seconds (>= 0).
    pub fn warmup_s(&self) -> f64 {
        self.warmup_s
    }

    /// Independent replications (>= 1).
    pub fn replications(&self) -> u32 {
        self.replications
    }

    /// Base seed of every random stream.
    pub fn seed(&self) -> u64 {
        self.seed
    }
}

/// A validated scenario: a design and how to simulate it.
///
/// Its fields are private, so a `Scenario` is always valid: read it with
/// [`Scenario::name`], [`Scenario::simulation`], [`Scenario::model`];
/// change it with the `with_*` methods ([`Scenario::with_horizon_s`],
/// [`Scenario::with_number_cap`], ...), which validate the changed design
/// again and refuse it with the message a file would give.
#[derive(Clone)]
pub struct Scenario {
    /// Display name (`name` in the file, else the file's stem).
    pub(crate) name: String,
    /// Horizon, warm-up, replications, seed.
    pub(crate) simulation: SimulationSettings,
    /// The telephony design and its traffic.
    pub(crate) model: Model,
    /// The files it was validated with (trace files), kept so that it can
    /// be validated again without reading them.
    pub(crate) sources: ScenarioSources,
    /// How errors name it: the file, or `<builder>`.
    file: String,
    /// The raw shape it was validated from, which the `with_*` methods
    /// change and validate again.
    raw: Arc<raw::RawScenario>,
}

impl std::fmt::Debug for Scenario {
    /// The design as validated (not the raw shape it was read from).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Scenario")
            .field("name", &self.name)
            .field("simulation", &self.simulation)
            .field("model", &self.model)
            .field("sources", &self.sources)
            .finish_non_exhaustive()
    }
}

/// Two scenarios are equal when they describe the same design, run the
/// same way, from the same files: however the design was spelled.
impl PartialEq for Scenario {
    fn eq(&self, other: &Scenario) -> bool {
        self.name == other.name
            && self.simulation == other.simulation
            && self.model == other.model
            && self.sources == other.sources
    }
}

impl Scenario {
    /// Parses and validates scenario `text`; `file` names it in errors.
    /// Reads no file: a scenario that replays a trace needs
    /// [`Scenario::from_toml_str_with_files`] (or [`Scenario::load`]), else
    /// validation says so at the key naming the trace
    /// (`traffic[0].arrivals.file`).
    pub fn from_toml_str(text: &str, file: &str) -> Result<Scenario, ScenarioError> {
        Scenario::from_toml_str_with_files(text, file, ScenarioSources::new())
    }

    /// Parses and validates scenario `text` (`file` names it in errors),
    /// taking the trace files it names from `sources`. Reads no file.
    pub fn from_toml_str_with_files(
        text: &str,
        file: &str,
        sources: ScenarioSources,
    ) -> Result<Scenario, ScenarioError> {
        let raw = parse_checked(text, file)?;
        validate_raw(raw, file, sources)
    }

    /// Reads the scenario file at `path` and the trace files it names
    /// (relative to its folder), then validates it. The only loader that
    /// touches the disk.
    pub fn load(path: impl AsRef<Path>) -> Result<Scenario, ScenarioError> {
        let path = path.as_ref();
        let file = path.display().to_string();
        let text = read_text(path)?;
        let raw = parse_checked(&text, &file)?;
        let sources = ScenarioSources::read_for(&raw, &file);
        validate_raw(raw, &file, sources)
    }

    /// Display name (`name` in the file, else the file's stem).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Horizon, warm-up, replications, seed.
    pub fn simulation(&self) -> &SimulationSettings {
        &self.simulation
    }

    /// The telephony design and its traffic.
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// What is valid but probably not meant, one sentence each naming its
    /// TOML path: a toll-free number with a single carrier has no carrier
    /// redundancy (it is down whenever that carrier is).
    pub fn warnings(&self) -> Vec<String> {
        let m = &self.model;
        let mut out = Vec::new();
        for n in m.numbers.iter().filter(|n| n.kind == crate::model::NumberKind::TollFree && n.carriers.len() == 1) {
            let i = self.raw.number.iter().position(|r| r.name == n.name).unwrap_or(0);
            out.push(format!(
                "{}: `number[{i}]` (\"{}\") is toll-free with a single carrier, \"{}\": it has no carrier redundancy (no route whenever that carrier is down); list two or more with carriers = [\"a\", \"b\"]",
                self.file, n.name, m.carriers[n.carriers[0]].name
            ));
        }
        out
    }

    /// The bundled default scenario.
    pub fn bundled_default() -> Scenario {
        Scenario::from_toml_str(DEFAULT_SCENARIO_TOML, DEFAULT_SCENARIO_FILE)
            .expect("the bundled default scenario is valid (tested)")
    }
}

/// The raw shape of scenario `text`, refusing an empty or oversized text.
fn parse_checked(text: &str, file: &str) -> Result<raw::RawScenario, ScenarioError> {
    if text.trim().is_empty() {
        return Err(ScenarioError::Empty { file: file.to_string() });
    }
    if text.len() as u64 > MAX_FILE_BYTES {
        return Err(too_big(file, text.len() as u64));
    }
    parse_raw(text, file)
}

/// Validates `raw` read from `file` (whose stem names a scenario without `name`).
fn validate_raw(raw: raw::RawScenario, file: &str, sources: ScenarioSources) -> Result<Scenario, ScenarioError> {
    let default_name =
        Path::new(file).file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "scenario".to_string());
    validated(raw, file, &default_name, sources)
}

/// Validates `raw` (`file` names it in errors, `default_name` names a
/// scenario without `name`) with the trace files of `sources`. Durations a
/// file could not spell (negative, not finite, too long: the builder and
/// the `with_*` methods can) are refused first.
fn validated(
    raw: raw::RawScenario,
    file: &str,
    default_name: &str,
    sources: ScenarioSources,
) -> Result<Scenario, ScenarioError> {
    let invalid = |problems| ScenarioError::Invalid { file: file.to_string(), problems };
    let problems = builder::duration_problems(&raw);
    if !problems.is_empty() {
        return Err(invalid(problems));
    }
    let (name, simulation, model) = validate::validate(&raw, default_name, &sources).map_err(invalid)?;
    Ok(Scenario { name, simulation, model, sources, file: file.to_string(), raw: Arc::new(raw) })
}

/// The error for a scenario of `size` bytes, over [`MAX_FILE_BYTES`].
fn too_big(file: &str, size: u64) -> ScenarioError {
    ScenarioError::Syntax {
        file: file.to_string(),
        line: 1,
        column: 1,
        problem: Problem::new(
            "",
            format!(
                "the scenario is {size} bytes; at most {MAX_FILE_BYTES} (16 MiB) are read; split the design or build it with the library"
            ),
        ),
    }
}

/// Reads the text of the scenario file at `path` (UTF-8).
pub fn read_text(path: &Path) -> Result<String, ScenarioError> {
    let file = path.display().to_string();
    let read = |source| ScenarioError::Read { file: file.clone(), source };
    let size = std::fs::metadata(path).map_err(read)?.len();
    if size > MAX_FILE_BYTES {
        return Err(too_big(&file, size));
    }
    let bytes = std::fs::read(path).map_err(read)?;
    String::from_utf8(bytes).map_err(|e| ScenarioError::Syntax {
        file: file.clone(),
        line: 1 + e.as_bytes()[..e.utf8_error().valid_up_to()].iter().filter(|&&b| b == b'\n').count(),
        column: 1,
        problem: Problem::new("", "the file is not UTF-8 text; a scenario is a TOML file"),
    })
}

/// Reads the raw serde shape, mapping TOML and type errors to a line,
/// column and TOML path.
fn parse_raw(text: &str, file: &str) -> Result<raw::RawScenario, ScenarioError> {
    let syntax = |span: Option<std::ops::Range<usize>>, path: String, message: &str| {
        let offset = span.map(|s| s.start).unwrap_or(0).min(text.len());
        let before = &text[..offset];
        let line = 1 + before.matches('\n').count();
        let column = 1 + before.rsplit('\n').next().map(|l| l.chars().count()).unwrap_or(0);
        ScenarioError::Syntax {
            file: file.to_string(),
            line,
            column,
            problem: Problem::new(path, message.trim().to_string()),
        }
    };
    let de = toml::Deserializer::parse(text).map_err(|e| {
        let path = e.span().map(|s| path_at(text, s.start)).unwrap_or_default();
        syntax(e.span(), path, e.message())
    })?;
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        let path = if path == "." { inner.span().map(|s| path_at(text, s.start)).unwrap_or_default() } else { path };
        let message = match inner.message().trim() {
            "missing field `type`" if path.starts_with("number") => {
                "missing field `type`: allowed values are \"toll-free\" (routed over any of its carriers; also spelt \"tollfree\") and \"did\" (tied to one carrier)".to_string()
            }
            m => m.to_string(),
        };
        syntax(inner.span(), path, &message)
    })
}

/// The TOML path (`link[2].channels`) of the key on the line holding byte
/// `offset`, for a syntax error that carries only a position. Best effort: it
/// reads the `[table]` and `[[array]]` headers above the line and the bare key
/// at its start; it gives the table alone when the line has no `key =`.
fn path_at(text: &str, offset: usize) -> String {
    let offset = offset.min(text.len());
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let mut table = String::new();
    let mut counts: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for line in text[..line_start].lines() {
        let l = line.trim_start();
        if let Some(rest) = l.strip_prefix("[[") {
            let name = rest.split("]]").next().unwrap_or("").trim().to_string();
            let count = counts.entry(name.clone()).or_insert(0);
            table = format!("{name}[{count}]");
            *count += 1;
        } else if let Some(rest) = l.strip_prefix('[') {
            table = rest.split(']').next().unwrap_or("").trim().to_string();
        }
    }
    let line = text[line_start..].lines().next().unwrap_or("");
    if line.trim_start().starts_with('[') {
        // A faulty header names the table it was meant to open.
        let header = line.split('#').next().unwrap_or("");
        return header.trim().trim_matches(['[', ']', ' ']).to_string();
    }
    let key = line
        .split_once('=')
        .map(|(k, _)| k.trim().trim_matches('"'))
        .filter(|k| !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || "_-.".contains(c)));
    match (table.is_empty(), key) {
        (_, None) => table,
        (true, Some(k)) => k.to_string(),
        (false, Some(k)) => format!("{table}.{k}"),
    }
}

#[cfg(test)]
mod tests {
    use super::path_at;

    #[test]
    fn path_at_names_the_key_under_its_table() {
        let text = "name = \"x\"\n[simulation]\nhorizon = \"1h\n[[link]]\nchannels = 1\n[[link]]\nchannels = 2x\n";
        let at = |needle: &str| path_at(text, text.find(needle).unwrap());
        assert_eq!(at("name"), "name");
        assert_eq!(at("\"1h"), "simulation.horizon");
        assert_eq!(at("2x"), "link[1].channels");
        assert_eq!(at("[[link]]\nchannels = 2"), "link");
        assert_eq!(path_at("[[number]\n", 3), "number");
    }
}
