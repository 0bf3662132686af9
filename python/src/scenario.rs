//! `callsim.Scenario`: a validated scenario, with the text it came from.

use crate::errors::{Fail, raise};
use callsim::scenario::{DEFAULT_SCENARIO_FILE, DEFAULT_SCENARIO_TOML, Scenario, ScenarioSources, read_text};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// A validated scenario: the design (AZs, carriers, links, numbers, traffic,
/// failures) and its ``[simulation]`` settings.
///
/// Build one with :meth:`Scenario.load` (a TOML file),
/// :meth:`Scenario.from_toml` (its text), :meth:`Scenario.from_dict` (a dict
/// in the file's shape) or :meth:`Scenario.default` (the bundled
/// ``scenarios/tollfree-vs-did.toml``). Invalid input raises
/// :class:`callsim.ScenarioError` naming the TOML path (``link[2].channels``).
/// Scenarios are immutable and picklable (trace files travel with them).
#[pyclass(module = "callsim", name = "Scenario", frozen)]
#[derive(Clone, Debug)]
pub(crate) struct PyScenario {
    /// The TOML text, as given (sweeps edit it).
    pub(crate) text: String,
    /// How the scenario is named in messages: its file, as given.
    pub(crate) file: String,
    /// The validated scenario.
    pub(crate) inner: Scenario,
}

impl PyScenario {
    /// Validates `text` named `file` with trace files `sources`.
    pub(crate) fn new(text: String, file: String, sources: ScenarioSources) -> Result<Self, Fail> {
        let inner = Scenario::from_toml_str_with_files(&text, &file, sources).map_err(|e| Fail::scenario("", &e))?;
        Ok(PyScenario { text, file, inner })
    }
}

#[pymethods]
impl PyScenario {
    /// Loads and validates the scenario file at ``path`` (and the trace files
    /// it names, relative to its folder), as ``callsim run PATH`` does.
    #[staticmethod]
    fn load(py: Python<'_>, path: PathBuf) -> PyResult<Self> {
        let file = path.display().to_string();
        let text = raise(py, read_text(&path).map_err(|e| Fail::scenario("", &e)))?;
        let sources = ScenarioSources::read(&text, &file);
        raise(py, PyScenario::new(text, file, sources))
    }

    /// Validates a scenario given as TOML ``text``; ``file`` names it in
    /// messages, and trace files are read relative to its folder.
    #[staticmethod]
    #[pyo3(signature = (text, file = "<string>".to_string()))]
    fn from_toml(py: Python<'_>, text: String, file: String) -> PyResult<Self> {
        let sources = ScenarioSources::read(&text, &file);
        raise(py, PyScenario::new(text, file, sources))
    }

    /// Validates a scenario given as a dict in the scenario file's shape
    /// (``{"simulation": {"horizon": "7d"}, "link": [{...}, ...], ...}``:
    /// what ``tomllib.load`` gives for the file). ``None`` values are refused.
    #[staticmethod]
    #[pyo3(signature = (d, file = "<dict>".to_string()))]
    fn from_dict(py: Python<'_>, d: &Bound<'_, PyDict>, file: String) -> PyResult<Self> {
        let table = table_of(d, "")?;
        let text =
            toml::to_string(&table).map_err(|e| PyValueError::new_err(format!("the dict has no TOML form: {e}")))?;
        let sources = ScenarioSources::read(&text, &file);
        raise(py, PyScenario::new(text, file, sources))
    }

    /// The bundled default scenario (``scenarios/tollfree-vs-did.toml``), what
    /// ``callsim run`` runs without a file.
    #[staticmethod]
    fn default(py: Python<'_>) -> PyResult<Self> {
        raise(
            py,
            PyScenario::new(
                DEFAULT_SCENARIO_TOML.to_string(),
                DEFAULT_SCENARIO_FILE.to_string(),
                ScenarioSources::new(),
            ),
        )
    }

    /// The scenario's name (``name = ...``, or the file's).
    #[getter]
    fn name(&self) -> String {
        self.inner.name().to_string()
    }

    /// The file name used in messages and as a design's label in comparisons.
    #[getter]
    fn file(&self) -> String {
        self.file.clone()
    }

    /// Replications per run (``[simulation] replications``).
    #[getter]
    fn replications(&self) -> u32 {
        self.inner.simulation().replications()
    }

    /// Base seed (``[simulation] seed``).
    #[getter]
    fn seed(&self) -> u64 {
        self.inner.simulation().seed()
    }

    /// Measured simulated time per replication, seconds.
    #[getter]
    fn horizon_s(&self) -> f64 {
        self.inner.simulation().horizon_s()
    }

    /// Warm-up per replication, seconds.
    #[getter]
    fn warmup_s(&self) -> f64 {
        self.inner.simulation().warmup_s()
    }

    /// The names of the numbers, in file order.
    #[getter]
    fn numbers(&self) -> Vec<String> {
        self.inner.model().numbers().iter().map(|n| n.name.clone()).collect()
    }

    /// The TOML text the scenario was read from.
    fn to_toml(&self) -> String {
        self.text.clone()
    }

    /// The scenario as a dict in the file's shape (the TOML text parsed).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let table: toml::Table =
            self.text.parse().map_err(|e: toml::de::Error| PyValueError::new_err(e.message().to_string()))?;
        py_of(py, &toml::Value::Table(table))
    }

    fn __repr__(&self) -> String {
        let s = self.inner.simulation();
        format!(
            "Scenario({:?}, file={:?}, replications={}, seed={}, horizon_s={})",
            self.inner.name(),
            self.file,
            s.replications(),
            s.seed(),
            s.horizon_s()
        )
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        match other.cast::<PyScenario>() {
            Ok(o) => o.get().inner == self.inner && o.get().text == self.text,
            Err(_) => false,
        }
    }

    /// Pickles as the text, the file name and the trace files' texts: a
    /// Dask worker rebuilds the same scenario without reading a file.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, Pickled)> {
        let py = slf.py();
        let restore = py.import("callsim._native")?.getattr("_scenario_restore")?;
        let s = slf.get();
        let files = callsim::experiment::shard::embedded_files(&s.inner);
        Ok((restore, (s.text.clone(), s.file.clone(), files)))
    }
}

/// What a pickled scenario holds: its text, file name and trace files' texts.
type Pickled = (String, String, BTreeMap<String, String>);

/// Rebuilds a pickled [`PyScenario`] from its text, file name and trace files.
#[pyfunction]
pub(crate) fn _scenario_restore(
    py: Python<'_>,
    text: String,
    file: String,
    files: BTreeMap<String, String>,
) -> PyResult<PyScenario> {
    let sources = files.into_iter().fold(ScenarioSources::new(), |s, (name, t)| s.with_file(name, t));
    raise(py, PyScenario::new(text, file, sources))
}

/// `path.key`, or `key` at the top.
fn join(path: &str, key: &str) -> String {
    if path.is_empty() { key.to_string() } else { format!("{path}.{key}") }
}

/// A Python dict as a TOML table; `path` names it in errors.
fn table_of(d: &Bound<'_, PyDict>, path: &str) -> PyResult<toml::Table> {
    let mut table = toml::Table::new();
    for (k, v) in d.iter() {
        let key: String = k.extract().map_err(|_| {
            PyValueError::new_err(format!(
                "{}: keys must be strings, got {}",
                if path.is_empty() { "the dict" } else { path },
                k.repr().map(|r| r.to_string()).unwrap_or_default()
            ))
        })?;
        let at = join(path, &key);
        table.insert(key, value_of(&v, &at)?);
    }
    Ok(table)
}

/// A Python value as a TOML value; `path` names it in errors.
pub(crate) fn value_of(v: &Bound<'_, PyAny>, path: &str) -> PyResult<toml::Value> {
    if v.is_none() {
        return Err(PyValueError::new_err(format!("{path}: None has no TOML form; leave the key out")));
    }
    if v.is_instance_of::<PyBool>() {
        return Ok(toml::Value::Boolean(v.extract()?));
    }
    if v.is_instance_of::<PyInt>() {
        let i: i64 = v
            .extract()
            .map_err(|_| PyValueError::new_err(format!("{path}: {v} does not fit a TOML integer (64-bit)")))?;
        return Ok(toml::Value::Integer(i));
    }
    if v.is_instance_of::<PyFloat>() {
        return Ok(toml::Value::Float(v.extract()?));
    }
    if v.is_instance_of::<PyString>() {
        return Ok(toml::Value::String(v.extract()?));
    }
    if let Ok(d) = v.cast::<PyDict>() {
        return Ok(toml::Value::Table(table_of(d, path)?));
    }
    if v.is_instance_of::<PyList>() || v.is_instance_of::<PyTuple>() {
        let items = v
            .try_iter()?
            .enumerate()
            .map(|(i, item)| value_of(&item?, &format!("{path}[{i}]")))
            .collect::<PyResult<Vec<_>>>()?;
        return Ok(toml::Value::Array(items));
    }
    let type_name = v.get_type().name().map(|n| n.to_string()).unwrap_or_default();
    Err(PyValueError::new_err(format!(
        "{path}: a {type_name} has no TOML form (use str, int, float, bool, list or dict)"
    )))
}

/// A TOML value as a Python object (dates as their text).
fn py_of<'py>(py: Python<'py>, v: &toml::Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match v {
        toml::Value::String(s) => PyString::new(py, s).into_any(),
        toml::Value::Integer(i) => i.into_pyobject(py)?.into_any(),
        toml::Value::Float(f) => PyFloat::new(py, *f).into_any(),
        toml::Value::Boolean(b) => PyBool::new(py, *b).to_owned().into_any(),
        toml::Value::Datetime(d) => PyString::new(py, &d.to_string()).into_any(),
        toml::Value::Array(a) => {
            PyList::new(py, a.iter().map(|x| py_of(py, x)).collect::<PyResult<Vec<_>>>()?)?.into_any()
        }
        toml::Value::Table(t) => {
            let d = PyDict::new(py);
            for (k, x) in t {
                d.set_item(k, py_of(py, x)?)?;
            }
            d.into_any()
        }
    })
}
