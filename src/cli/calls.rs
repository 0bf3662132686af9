//! `--calls FILE.csv`: every call of one replication, streamed to a
//! temporary file beside FILE and renamed over it once complete (straight
//! into FILE when it is a pipe or a device: see [`super::output`]).

use super::output::Sink;
use callsim::model::Model;
use callsim::report::csv_field as field;
use callsim::scenario::Scenario;
use callsim::sim::{CallLog, CallRecord, run_replication_logged};
use std::io::{BufWriter, Write};
use std::path::Path;

/// Writes call records as CSV rows; keeps the first I/O error.
struct CsvLog<'m> {
    out: BufWriter<Sink>,
    model: &'m Model,
    replication: u64,
    error: Option<std::io::Error>,
}

impl CallLog for CsvLog<'_> {
    fn record(&mut self, c: &CallRecord) {
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

/// Streams replication `replication`'s calls into the output `path` and
/// returns it uncommitted: [`Sink::commit`] moves it into place, dropping
/// it removes the temporary file.
pub fn write(scenario: &Scenario, replication: u64, path: &Path) -> anyhow::Result<Sink> {
    let mut out = BufWriter::new(Sink::create(path)?);
    writeln!(out, "replication,arrival_s,number,carrier,link,outcome,cause,end_s,measured")?;
    let mut log = CsvLog { out, model: &scenario.model, replication, error: None };
    run_replication_logged(scenario, replication, &mut log);
    if let Some(e) = log.error {
        return Err(e.into());
    }
    Ok(log.out.into_inner().map_err(|e| e.into_error())?)
}
