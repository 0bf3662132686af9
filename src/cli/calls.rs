//! `--calls FILE.csv`: every call of one replication, streamed to a
//! temporary file beside FILE and renamed over it once complete (straight
//! into FILE when it is a pipe or a device: see [`super::output`]).

use super::output::Sink;
use callsim::experiment::run_settings;
use callsim::model::Model;
use callsim::report::csv_writer;
use callsim::scenario::Scenario;
use callsim::sim::{CallRecord, Observer, run_replication_with};
use std::fmt::Write as _;
use std::path::Path;

/// Writes call records as CSV rows; keeps the first error.
#[derive(Debug)]
struct CsvLog<'m> {
    out: csv::Writer<Sink>,
    model: &'m Model,
    replication: u64,
    /// Scratch text for the numeric fields, reused from row to row.
    number: String,
    error: Option<csv::Error>,
}

impl CsvLog<'_> {
    /// Writes one row: `replication,arrival_s,number,carrier,link,outcome,cause,end_s,measured`.
    fn row(&mut self, c: &CallRecord) -> csv::Result<()> {
        let (outcome, cause) = c.outcome.labels();
        let (carrier, link) = match c.link {
            Some(l) => {
                let link = &self.model.links()[l];
                (self.model.carriers()[link.carrier].name.as_str(), link.name.as_str())
            }
            None => ("", ""),
        };
        let number = &mut self.number;
        let mut numeric = |out: &mut csv::Writer<_>, v: &dyn std::fmt::Display| {
            number.clear();
            // Writing to a String cannot fail.
            let _ = write!(number, "{v}");
            out.write_field(number.as_bytes())
        };
        numeric(&mut self.out, &self.replication)?;
        numeric(&mut self.out, &c.arrival_s)?;
        self.out.write_field(&self.model.numbers()[c.number].name)?;
        self.out.write_field(carrier)?;
        self.out.write_field(link)?;
        self.out.write_field(outcome)?;
        self.out.write_field(cause)?;
        numeric(&mut self.out, &c.end_s)?;
        numeric(&mut self.out, &c.measured)?;
        self.out.write_record(None::<&[u8]>)
    }
}

impl Observer for CsvLog<'_> {
    const CALLS: bool = true;

    fn call(&mut self, c: &CallRecord) {
        if self.error.is_none()
            && let Err(e) = self.row(c)
        {
            self.error = Some(e);
        }
    }
}

/// Streams replication `replication`'s calls into the output `path` and
/// returns it uncommitted: [`Sink::commit`] moves it into place, dropping
/// it removes the temporary file.
pub fn write(scenario: &Scenario, replication: u64, path: &Path) -> anyhow::Result<Sink> {
    // The CSV writer buffers its output itself.
    let mut out = csv_writer(Sink::create(path)?);
    out.write_record([
        "replication",
        "arrival_s",
        "number",
        "carrier",
        "link",
        "outcome",
        "cause",
        "end_s",
        "measured",
    ])?;
    let mut log = CsvLog { out, model: scenario.model(), replication, number: String::new(), error: None };
    run_replication_with(scenario.model(), &run_settings(scenario), replication, &mut log)?;
    if let Some(e) = log.error {
        return Err(e.into());
    }
    Ok(log.out.into_inner().map_err(|e| e.into_error())?)
}
