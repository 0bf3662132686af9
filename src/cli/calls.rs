//! `--calls FILE.csv`: every call of one replication, streamed to a
//! temporary file beside FILE and renamed over it once complete.

use callsim::experiment::run_settings;
use callsim::model::Model;
use callsim::report::csv_writer;
use callsim::scenario::Scenario;
use callsim::sim::{CallRecord, Observer, run_replication_with};
use std::fmt::Write as _;
use std::fs::File;
use std::path::{Path, PathBuf};

/// Writes call records as CSV rows; keeps the first error.
#[derive(Debug)]
struct CsvLog<'m> {
    out: csv::Writer<File>,
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

/// Streams replication `replication`'s calls into a temporary file and
/// returns it; [`commit`] moves it into place.
pub fn write(scenario: &Scenario, replication: u64, path: &Path) -> anyhow::Result<PathBuf> {
    let tmp = super::output::temporary_beside(path);
    let result = (|| -> anyhow::Result<()> {
        // The CSV writer buffers its output itself.
        let mut out = csv_writer(File::create(&tmp)?);
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
        log.out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        Ok(())
    })();
    match result {
        Ok(()) => Ok(tmp),
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(e)
        }
    }
}

/// Renames the finished temporary file over `path`.
pub fn commit(tmp: &Path, path: &Path) -> anyhow::Result<()> {
    std::fs::rename(tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(tmp);
        e.into()
    })
}
