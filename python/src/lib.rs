//! `callsim._native`: the callsim library for Python.
//!
//! A thin layer over the library's public API: a validated
//! [`callsim::scenario::Scenario`] kept with its text ([`scenario`]), and
//! the experiments run as the command line runs them, returning the JSON
//! the CLI prints ([`runs`]), on an engine thread with the GIL released and
//! Ctrl-C honoured between replications ([`interrupt`]). The Python package
//! `callsim` wraps these in result objects, pandas frames and Dask tasks.

mod errors;
mod interrupt;
mod runs;
mod scenario;

use pyo3::prelude::*;

/// The native half of the `callsim` package (use `callsim`, not this module).
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<scenario::PyScenario>()?;
    m.add("ScenarioError", m.py().get_type::<errors::ScenarioError>())?;
    m.add("DEFAULT_SCENARIO_FILE", callsim::scenario::DEFAULT_SCENARIO_FILE)?;
    m.add("MAX_REPLICATIONS", callsim::scenario::MAX_REPLICATIONS)?;
    m.add_function(wrap_pyfunction!(scenario::_scenario_restore, m)?)?;
    m.add_function(wrap_pyfunction!(runs::run, m)?)?;
    m.add_function(wrap_pyfunction!(runs::compare, m)?)?;
    m.add_function(wrap_pyfunction!(runs::sweep, m)?)?;
    m.add_function(wrap_pyfunction!(runs::size, m)?)?;
    m.add_function(wrap_pyfunction!(runs::nines, m)?)?;
    m.add_function(wrap_pyfunction!(runs::_setting_text, m)?)?;
    m.add_function(wrap_pyfunction!(runs::_sweep_plan, m)?)?;
    m.add_function(wrap_pyfunction!(runs::_sweep_outcomes, m)?)?;
    m.add_function(wrap_pyfunction!(runs::_sweep_merge, m)?)?;
    Ok(())
}
