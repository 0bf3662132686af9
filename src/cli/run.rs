//! `callsim run` (with shards and call records) and `callsim validate`.

use super::args::{Format, RunArgs, load};
use super::{Failure, bad, bad_input};
use callsim::engine::time::format_duration;
use callsim::experiment::precision::{Precision, run_to_precision};
use callsim::experiment::shard::{SHARD_FORMAT, Settings, ShardFile, ShardSpec, embedded_files};
use callsim::model::NumberKind;
use callsim::report;
use callsim::scenario::Scenario;
use callsim::summary::Report;
use std::path::PathBuf;

/// Bins of the charts' time axis.
const CHART_BINS: usize = 600;

/// The report of `scenario` in the chosen format; HTML charts show
/// replication `chart_replication`, run again with tracing.
pub fn render(scenario: &Scenario, report: &Report, format: Format, chart_replication: u64) -> String {
    match format {
        Format::Table => report::to_table(report),
        Format::Json => report.to_json(),
        Format::Csv => report::to_csv(report),
        Format::Html => {
            let settings = callsim::experiment::run_settings(scenario);
            let mut tracer = callsim::sim::Tracer::new(scenario.model(), &settings, CHART_BINS);
            callsim::sim::run_replication_with(scenario.model(), &settings, chart_replication, &mut tracer)
                .unwrap_or_else(|e| panic!("replication {chart_replication}, traced for the charts: {e}"));
            let timeline = tracer.finish();
            report::html::run_html(scenario, report, Some((&timeline, chart_replication)))
        }
    }
}

/// Refuses a chart replication the run does not have.
pub fn check_chart_replication(scenario: &Scenario, k: u64) -> Result<(), Failure> {
    let replications = scenario.simulation().replications() as u64;
    if k >= replications {
        return Err(bad(format!("--chart-replication: the run has replications 0..{replications}, got {k}")));
    }
    Ok(())
}

pub fn run(args: RunArgs) -> Result<(), Failure> {
    let (scenario, text, file) = load(args.scenario.as_deref(), &args.sim)?;
    args.exec.check_limits(&scenario, &file)?;
    args.out.check()?;
    if let Some(path) = &args.calls {
        super::output::check_writable("--calls", path).map_err(bad_input)?;
        let replications = scenario.simulation().replications() as u64;
        if args.calls_replication >= replications {
            return Err(bad(format!(
                "--calls-replication: the run has replications 0..{replications}, got {}",
                args.calls_replication
            )));
        }
    }
    if args.out.format == Format::Html {
        check_chart_replication(&scenario, args.chart_replication)?;
    }
    if let Some(shard) = &args.shard {
        return run_shard(&args, shard, &scenario, text, file);
    }
    let report = match args.target_ci {
        None => {
            args.exec.warn_if_long([(&scenario, scenario.simulation().replications() as u64)]);
            let (runner, _bar) = args.exec.runner(Some(scenario.simulation().replications() as u64));
            runner.run(&scenario)
        }
        Some(rel) => {
            if !(rel.is_finite() && rel > 0.0) {
                return Err(bad(format!("--target-ci: must be a ratio > 0, like 0.05, got {rel}")));
            }
            if args.max_replications < 2 {
                return Err(bad("--max-replications: must be at least 2 for a confidence interval"));
            }
            let (runner, _bar) = args.exec.runner(None);
            let precision = Precision { relative: rel, max_replications: args.max_replications };
            let report = run_to_precision(&scenario, precision, &runner);
            if let Some(p) = &report.precision {
                let widest = p.widest.as_ref().map(|(m, r)| format!("; widest: {m} at {:.3}", r)).unwrap_or_default();
                if p.reached {
                    eprintln!("target CI {rel} reached after {} replications{widest}", p.replications);
                } else {
                    eprintln!(
                        "target CI {rel} NOT reached after {} replications (the maximum){widest}",
                        p.replications
                    );
                }
            }
            report
        }
    };
    if let Some(w) = report.cost.as_ref().and_then(|c| c.warning.as_ref()) {
        eprintln!("note: {w}");
    }
    let w = &report.warmup_check;
    if !w.long_enough {
        eprintln!(
            "note: the warm-up of {} is shorter than the {} calls in progress need to fill up to within 1% of their steady state{} (--warmup auto uses it)",
            format_duration(report.warmup_s),
            format_duration(w.needed_s),
            w.driven_by.as_ref().map(|d| format!(", driven by traffic {d}")).unwrap_or_default()
        );
    }
    let calls = match &args.calls {
        None => None,
        Some(path) => {
            let sink = super::calls::write(&scenario, args.calls_replication, path)
                .map_err(|e| bad(format!("--calls {}: {e}", path.display())))?;
            Some((sink, path))
        }
    };
    // A failed report drops the call file's sink, which removes its temporary file.
    args.out.write(&render(&scenario, &report, args.out.format, args.chart_replication))?;
    if let Some((sink, path)) = calls {
        sink.commit().map_err(|e| bad(format!("--calls {}: {e}", path.display())))?;
    }
    Ok(())
}

/// Runs one shard's replications and writes its shard file.
fn run_shard(args: &RunArgs, shard: &str, scenario: &Scenario, text: String, file: String) -> Result<(), Failure> {
    let spec = ShardSpec::parse(shard).map_err(|e| bad(format!("--shard: {e}")))?;
    if args.out.format != Format::Json {
        return Err(bad("--shard writes a shard file for `callsim merge`: add --format json"));
    }
    if args.target_ci.is_some() {
        return Err(bad("--shard and --target-ci cannot be combined: a shard runs a fixed share of the replications"));
    }
    let indices = spec.indices(scenario.simulation().replications());
    let (runner, _bar) = args.exec.runner(Some(indices.len() as u64));
    let outcomes = runner.replications(scenario, &indices);
    let shard = ShardFile {
        callsim_shard: SHARD_FORMAT,
        shard: spec,
        scenario_file: file,
        scenario_toml: text,
        scenario_files: embedded_files(scenario),
        settings: Settings::from(scenario.simulation()),
        indices,
        outcomes,
    };
    let json = serde_json::to_string(&shard).map_err(|e| Failure { code: 1, error: e.into() })?;
    args.out.write(&(json + "\n"))
}

pub fn validate(path: PathBuf) -> Result<(), Failure> {
    let scenario = Scenario::load(&path).map_err(bad_input)?;
    for w in scenario.warnings() {
        eprintln!("warning: {w}");
    }
    let m = scenario.model();
    let tollfree = m.numbers().iter().filter(|n| n.kind == NumberKind::TollFree).count();
    let erlangs: f64 = m.offered_erlangs().iter().sum();
    let s = scenario.simulation();
    let failing = m.azs().iter().filter(|a| a.failure.is_some()).count()
        + m.carriers().iter().filter(|c| c.failure.is_some()).count()
        + m.links().iter().filter(|l| l.failure.is_some()).count();
    println!(
        "ok: {}: \"{}\": {} AZ(s), {} carrier(s), {} link(s), {} number(s) ({} toll-free, {} DID), {} traffic source(s), {:.2} Erlangs offered, {} element(s) with random failures, {} scheduled outage(s); {} replication(s) x {} after {} warm-up, seed {}",
        path.display(),
        scenario.name(),
        m.azs().len(),
        m.carriers().len(),
        m.links().len(),
        m.numbers().len(),
        tollfree,
        m.numbers().len() - tollfree,
        m.traffic().len(),
        erlangs,
        failing,
        m.outages().len(),
        s.replications(),
        callsim::engine::time::format_duration(s.horizon_s()),
        callsim::engine::time::format_duration(s.warmup_s()),
        s.seed(),
    );
    Ok(())
}
