//! `callsim report`: the decision report as one self-contained HTML page,
//! for one scenario or for designs compared.

use super::Failure;
use super::args::{Format, OutArgs, ReportArgs, load};
use super::experiments::run_comparison;
use super::run::{check_chart_replication, render};
use callsim::report;
use std::path::PathBuf;

/// `callsim report`: the decision report as one HTML page.
pub fn report(args: ReportArgs) -> Result<(), Failure> {
    let out = OutArgs { format: Format::Html, output: args.output.clone() };
    out.check()?;
    if args.scenarios.len() >= 2 {
        let c = run_comparison(&args.scenarios, &args.sim, &args.exec)?;
        return out.write(&report::html::comparison_html(&c));
    }
    let (scenario, _, file) = load(args.scenarios.first().map(PathBuf::as_path), &args.sim)?;
    args.exec.check_limits(&scenario, &file)?;
    check_chart_replication(&scenario, args.chart_replication)?;
    args.exec.warn_if_long([(&scenario, scenario.simulation().replications() as u64)]);
    let (runner, _bar) = args.exec.runner(Some(scenario.simulation().replications() as u64));
    let report = runner.run(&scenario);
    out.write(&render(&scenario, &report, Format::Html, args.chart_replication))
}
