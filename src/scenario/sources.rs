//! The files a scenario names, read before validation.
//!
//! A scenario may replay call detail records (`arrivals = { kind = "trace",
//! file = "calls.csv" }`). Validation reads no file: the loader
//! ([`ScenarioSources::read`], used by [`Scenario::load`]) reads every trace
//! the scenario names, relative to the scenario's folder, into a
//! [`ScenarioSources`], and validation takes the TOML text plus those
//! sources. A validated [`Scenario`] keeps its sources, so a sweep that
//! edits the text, a sizing or comparison run, and a shard file (which
//! embeds them) never read the traces again.

use super::Scenario;
use crate::traffic::trace::MAX_TRACE_BYTES;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

/// The contents of the files a scenario names, by the name the scenario
/// gives them (`file = "calls.csv"` is found under `"calls.csv"`).
/// Cloning is cheap: texts are shared.
#[derive(Clone, Default, PartialEq)]
pub struct ScenarioSources {
    files: BTreeMap<String, Source>,
}

impl std::fmt::Debug for ScenarioSources {
    /// Each file's name and size (not its text, which may run to hundreds of megabytes).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut map = f.debug_map();
        for (name, source) in &self.files {
            match source {
                Source::Text(t) => map.entry(name, &format_args!("{} bytes", t.len())),
                Source::Unreadable(why) => map.entry(name, &format_args!("unreadable: {why}")),
            };
        }
        map.finish()
    }
}

/// A file as the loader found it.
#[derive(Clone, Debug, PartialEq)]
enum Source {
    /// Its text.
    Text(Arc<str>),
    /// Why it could not be read; validation reports it at the key naming the file.
    Unreadable(String),
}

impl ScenarioSources {
    /// No files.
    pub fn new() -> Self {
        ScenarioSources::default()
    }

    /// These sources and the file `name` (as the scenario names it) holding `text`.
    pub fn with_file(mut self, name: impl Into<String>, text: impl Into<Arc<str>>) -> Self {
        self.insert(name, text);
        self
    }

    /// Adds (or replaces) the file `name` holding `text`.
    pub fn insert(&mut self, name: impl Into<String>, text: impl Into<Arc<str>>) {
        self.files.insert(name.into(), Source::Text(text.into()));
    }

    /// The text of file `name`, if held and readable.
    pub fn text(&self, name: &str) -> Option<&str> {
        match self.files.get(name) {
            Some(Source::Text(t)) => Some(t),
            _ => None,
        }
    }

    /// Every readable file, (name, text), in name order.
    pub fn files(&self) -> impl Iterator<Item = (&str, &str)> {
        self.files.iter().filter_map(|(name, s)| match s {
            Source::Text(t) => Some((name.as_str(), &**t)),
            Source::Unreadable(_) => None,
        })
    }

    /// True when no file is held.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Reads every trace file named in scenario `text` (whose file is
    /// `file`), relative to that file's folder. A file that cannot be read
    /// is held as unreadable, and validation reports why at the key that
    /// names it; a text that is not a scenario gives no sources (validation
    /// reports what is wrong with it).
    pub fn read(text: &str, file: &str) -> ScenarioSources {
        match super::parse_checked(text, file) {
            Ok(raw) => ScenarioSources::read_for(&raw, file),
            Err(_) => ScenarioSources::new(),
        }
    }

    /// Reads, as [`ScenarioSources::read`] does, the trace files named in
    /// scenario `text` that these sources do not hold yet (a sweep whose
    /// points replay other files reads each once).
    pub fn read_missing(&mut self, text: &str, file: &str) {
        if let Ok(raw) = super::parse_checked(text, file) {
            self.read_more(&raw, file);
        }
    }

    /// Reads the trace files `raw` names, relative to the folder of `file`.
    pub(super) fn read_for(raw: &super::raw::RawScenario, file: &str) -> ScenarioSources {
        let mut sources = ScenarioSources::new();
        sources.read_more(raw, file);
        sources
    }

    /// Reads the trace files `raw` names that are not held yet, relative to the folder of `file`.
    fn read_more(&mut self, raw: &super::raw::RawScenario, file: &str) {
        let base_dir = Path::new(file).parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        for t in &raw.traffic {
            if let super::raw::RawArrivals::Trace { file } = &t.arrivals
                && !self.files.contains_key(file)
            {
                self.files.insert(file.clone(), read_trace(base_dir, file));
            }
        }
    }

    /// File `name`: `None` if not held, else its text or why it could not be read.
    pub(super) fn lookup(&self, name: &str) -> Option<Result<&str, &str>> {
        self.files.get(name).map(|s| match s {
            Source::Text(t) => Ok(&**t),
            Source::Unreadable(why) => Err(why.as_str()),
        })
    }
}

/// Reads trace `file` from `base_dir`, at most [`MAX_TRACE_BYTES`].
fn read_trace(base_dir: &Path, file: &str) -> Source {
    let path = base_dir.join(file);
    match std::fs::metadata(&path) {
        Ok(m) if m.len() > MAX_TRACE_BYTES => {
            Source::Unreadable(format!("{file} is {} bytes; traces are at most {MAX_TRACE_BYTES}", m.len()))
        }
        _ => match std::fs::read_to_string(&path) {
            Ok(text) => Source::Text(text.into()),
            Err(e) => Source::Unreadable(format!("cannot read trace {}: {e}", path.display())),
        },
    }
}

impl Scenario {
    /// The files this scenario was validated with (its trace files).
    pub fn sources(&self) -> &ScenarioSources {
        &self.sources
    }
}
