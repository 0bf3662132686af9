//! `--calls FILE.csv`: every call of one replication, streamed to a
//! temporary file beside FILE and renamed over it once complete.

use callsim::experiment::run_settings;
use callsim::model::Model;
use callsim::report::csv_field as field;
use callsim::scenario::Scenario;
use callsim::sim::{CallRecord, Observer, run_replication_with};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// Writes call records as CSV rows; keeps the first I/O error.
struct CsvLog<'m> {
    out: BufWriter<File>,
    model: &'m Model,
    replication: u64,
    error: Option<std::io::Error>,
}

impl Observer for CsvLog<'_> {
    const CALLS: bool = true;

    fn call(&mut self, c: &CallRecord) {
        if self.error.is_some() {
            return;
        }
        let (outcome, cause) = c.outcome.labels();
        let (carrier, link) = match c.link {
            Some(l) => {
                let link = &self.model.links[l];
                (field(&self.model.carriers[link.carrier].name), field(&link.name))
            }
            None => (String::new(), String::new()),
        };
        let row = writeln!(
            self.out,
            "{},{},{},{carrier},{link},{outcome},{cause},{},{}",
            self.replication,
            c.arrival_s,
            field(&self.model.numbers[c.number].name),
            c.end_s,
            c.measured
        );
        if let Err(e) = row {
            self.error = Some(e);
        }
    }
}

/// Streams replication `replication`'s calls into a temporary file and
/// returns it; [`commit`] moves it into place.
pub fn write(scenario: &Scenario, replication: u64, path: &Path) -> anyhow::Result<PathBuf> {
    let tmp = super::output::temporary_beside(path);
    let result = (|| -> anyhow::Result<()> {
        let mut out = BufWriter::new(File::create(&tmp)?);
        writeln!(out, "replication,arrival_s,number,carrier,link,outcome,cause,end_s,measured")?;
        let mut log = CsvLog { out, model: &scenario.model, replication, error: None };
        run_replication_with(&scenario.model, &run_settings(scenario), replication, &mut log);
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
