//! `callsim compare`, `sweep`, `size` and `merge`.

use super::args::{
    CompareArgs, ExecArgs, Format, MergeArgs, SimArgs, SizeArgs, SweepArgs, ThenVary, Vary, load, scenario_sources,
    scenario_text,
};
use super::run::render;
use super::{Failure, bad, bad_input};
use callsim::experiment::compare::Comparison;
use callsim::experiment::compare::{compare as compare_designs, compare_to_precision};
use callsim::experiment::shard::{ShardFile, merge as merge_shards};
use callsim::experiment::size::{Capacity, Targets, size as size_capacity};
use callsim::experiment::sweep::{self, Setting};
use callsim::report::experiments as render_exp;
use callsim::report::html;
use std::path::PathBuf;

pub fn compare(args: CompareArgs) -> Result<(), Failure> {
    args.out.check()?;
    let precision = match args.target_ci {
        None => None,
        Some(rel) if !(rel.is_finite() && rel > 0.0) => {
            return Err(bad(format!("--target-ci: must be a ratio > 0, like 0.05, got {rel}")));
        }
        Some(_) if args.max_replications < 2 || args.max_replications > callsim::scenario::MAX_REPLICATIONS => {
            return Err(bad(format!(
                "--max-replications: must be between 2 and {}, got {}",
                callsim::scenario::MAX_REPLICATIONS,
                args.max_replications
            )));
        }
        Some(rel) => Some((rel, args.max_replications)),
    };
    let c = run_comparison_to(&args.scenarios, &args.sim, &args.exec, precision)?;
    if let Some(p) = &c.precision {
        if p.reached {
            eprintln!(
                "--target-ci {}: every decision metric decided with {} replications",
                p.target_relative_ci, p.replications
            );
        } else {
            eprintln!(
                "--target-ci {}: stopped at --max-replications {} with {} undecided: {}",
                p.target_relative_ci,
                p.replications,
                p.undecided.len(),
                p.undecided.join(", ")
            );
        }
    }
    args.out.write(&match args.out.format {
        Format::Table => render_exp::comparison_table(&c),
        Format::Json => render_exp::comparison_json(&c),
        Format::Csv => render_exp::comparison_csv(&c),
        Format::Html => html::comparison_html(&c),
    })
}

/// Loads the designs in `paths` and runs them on common random numbers.
pub fn run_comparison(paths: &[PathBuf], sim: &SimArgs, exec: &ExecArgs) -> Result<Comparison, Failure> {
    run_comparison_to(paths, sim, exec, None)
}

/// As [`run_comparison`], with `precision` (REL, most replications) for
/// `--target-ci`: replications doubled until the decision is made.
pub fn run_comparison_to(
    paths: &[PathBuf],
    sim: &SimArgs,
    exec: &ExecArgs,
    precision: Option<(f64, u32)>,
) -> Result<Comparison, Failure> {
    let mut designs = Vec::with_capacity(paths.len());
    for path in paths {
        let (scenario, _, file) = load(Some(path), sim)?;
        exec.check_limits(&scenario, &file)?;
        designs.push((file, scenario));
    }
    let first = designs[0].1.simulation().clone();
    if first.replications() < 2 {
        return Err(bad(format!(
            "--replications: comparing needs at least 2 replications (one gives no confidence interval, so no difference could be called significant), got {} from {} (pass --replications 2 or more, or set simulation.replications)",
            first.replications(),
            designs[0].0
        )));
    }
    for (file, s) in &designs[1..] {
        if s.simulation().seed() != first.seed() || s.simulation().replications() != first.replications() {
            eprintln!(
                "note: {file} runs with the baseline's seed {} and {} replication(s), for common random numbers",
                first.seed(),
                first.replications()
            );
        }
        if s.simulation().horizon_s() != first.horizon_s() || s.simulation().warmup_s() != first.warmup_s() {
            eprintln!(
                "note: {file} has another horizon or warm-up than the baseline; counts per replication differ for that reason too"
            );
        }
    }
    if let Some((rel, max)) = precision {
        let (runner, _bar) = exec.runner(None);
        return compare_to_precision(&designs, &runner, rel, max).map_err(bad_input);
    }
    let total = first.replications() as u64 * designs.len() as u64;
    exec.warn_if_long(designs.iter().map(|(_, s)| (s, first.replications() as u64)));
    let (runner, _bar) = exec.runner(Some(total));
    compare_designs(&designs, &runner).map_err(bad_input)
}

pub fn sweep(args: SweepArgs) -> Result<(), Failure> {
    args.out.check()?;
    let overrides = args.sim.parse()?;
    let settings: Vec<Setting> =
        args.set.iter().map(|s| Setting::parse(s).map_err(|e| bad(format!("--set {e}")))).collect::<Result<_, _>>()?;
    let (text, file) = scenario_text(Some(&args.scenario))?;
    let mut sources = scenario_sources(Some(&args.scenario), &text, &file);
    if settings.iter().any(|s| s.path.ends_with(".file")) {
        // Points that replay other trace files: read each once, before anything runs.
        for point in sweep::grid(&settings) {
            let t = point.iter().try_fold(text.clone(), |t, (path, value)| sweep::apply(&t, path, value));
            if let Ok(t) = t {
                sources.read_missing(&t, &file);
            }
        }
    }
    let points = sweep::scenarios(&text, &file, &sources, &settings, |s| overrides.apply(s)).map_err(bad_input)?;
    if let Some((_, s)) = points.first() {
        for w in s.warnings() {
            eprintln!("warning: {w}");
        }
    }
    for (set, s) in &points {
        let at = set.iter().map(|(p, v)| format!("{p}={v}")).collect::<Vec<_>>().join(", ");
        args.exec.check_limits(s, &format!("{file} at {at}"))?;
    }
    let total: u64 = points.iter().map(|(_, s)| s.simulation().replications() as u64).sum();
    args.exec.warn_if_long(points.iter().map(|(_, s)| (s, s.simulation().replications() as u64)));
    let (runner, _bar) = args.exec.runner(Some(total));
    let results = sweep::run(points, &runner);
    args.out.write(&match args.out.format {
        Format::Table => render_exp::sweep_table(&results),
        Format::Json => render_exp::sweep_json(&results),
        Format::Csv => render_exp::sweep_csv(&results),
        Format::Html => html::sweep_html(&results),
    })
}

pub fn size(args: SizeArgs) -> Result<(), Failure> {
    args.out.check()?;
    let (scenario, _, file) = load(Some(&args.scenario), &args.sim)?;
    args.exec.check_limits(&scenario, &file)?;
    if let Some(queue) = &args.queue {
        return size_agents(&args, &scenario, queue);
    }
    if args.target_service_level.is_some() || args.target_abandonment.is_some() || args.answer_within.is_some() {
        return Err(bad(
            "--target-service-level, --target-abandonment and --answer-within size a queue: give --queue NAME --vary agents",
        ));
    }
    let Some(number) = &args.number else {
        return Err(bad("size: give --number NAME (or --queue NAME --vary agents)"));
    };
    let capacity = match args.vary {
        Vary::Cap => Capacity::Cap,
        Vary::Channels => Capacity::Channels,
        Vary::Quota => Capacity::Quota,
        Vary::Count => Capacity::Count,
        Vary::Agents => return Err(bad("--vary agents: give --queue NAME (the queue whose agents to size)")),
    };
    let targets = Targets { blocking: args.target_blocking, availability: args.target_availability };
    let (runner, _bar) = args.exec.runner(None);
    let result = size_capacity(&scenario, number, capacity, targets, &runner).map_err(bad_input)?;
    args.out.write(&match args.out.format {
        Format::Table => render_exp::size_table(&result),
        Format::Json => render_exp::size_json(&result),
        Format::Csv => render_exp::size_csv(&result),
        Format::Html => html::size_html(&result),
    })
}

/// `callsim size --queue NAME --vary agents`.
fn size_agents(args: &SizeArgs, scenario: &callsim::scenario::Scenario, queue: &str) -> Result<(), Failure> {
    use callsim::experiment::size_agents::{AgentTargets, agents_table, size_agents as search};
    if !matches!(args.vary, Vary::Agents) {
        return Err(bad("--queue: give --vary agents (a queue is sized by its agents)"));
    }
    if args.then_number.is_none() && (args.target_blocking.is_some() || args.target_availability.is_some()) {
        return Err(bad(
            "--queue: the targets are --target-service-level and/or --target-abandonment (--target-blocking and --target-availability size a capacity after the agents: add --then-number NAME)",
        ));
    }
    let answer_within_s = match &args.answer_within {
        None => None,
        Some(text) => {
            Some(callsim::engine::time::parse_duration(text).map_err(|e| bad(format!("--answer-within: {e}")))?)
        }
    };
    let targets = AgentTargets {
        service_level: args.target_service_level,
        answer_within_s,
        abandonment: args.target_abandonment,
    };
    let (runner, _bar) = args.exec.runner(None);
    if let Some(number) = &args.then_number {
        return size_agents_then_capacity(args, scenario, queue, targets, number, &runner);
    }
    let result = search(scenario, queue, targets, &runner).map_err(bad_input)?;
    args.out.write(&match args.out.format {
        Format::Table => agents_table(&result),
        Format::Json => {
            let mut s = serde_json::to_string_pretty(&result).expect("finite figures");
            s.push('\n');
            s
        }
        Format::Csv | Format::Html => return Err(bad("--queue: sizing agents writes table or json (--format)")),
    })
}

/// `callsim size --queue NAME --vary agents ... --then-number NUMBER`: the
/// agents, then the number's capacity with those agents.
fn size_agents_then_capacity(
    args: &SizeArgs,
    scenario: &callsim::scenario::Scenario,
    queue: &str,
    agent_targets: callsim::experiment::size_agents::AgentTargets,
    number: &str,
    runner: &callsim::experiment::Runner,
) -> Result<(), Failure> {
    use callsim::experiment::size_agents::agents_table;
    use callsim::experiment::size_then::size_agents_then_capacity as search;
    let capacity = match args.then_vary {
        ThenVary::Cap => Capacity::Cap,
        ThenVary::Channels => Capacity::Channels,
        ThenVary::Quota => Capacity::Quota,
        ThenVary::Count => Capacity::Count,
    };
    let targets = Targets { blocking: args.target_blocking, availability: args.target_availability };
    let result = search(scenario, queue, agent_targets, number, capacity, targets, runner).map_err(bad_input)?;
    args.out.write(&match args.out.format {
        Format::Table => {
            let mut text = agents_table(&result.agents);
            match (&result.capacity, result.agents.answer) {
                (Some(c), Some(n)) => {
                    text.push_str(&format!("\nThen {number}'s {} with {n} agents on {queue}:\n\n", c.varied));
                    text.push_str(&render_exp::size_table(c));
                }
                _ => text.push_str(&format!(
                    "\nNo count of agents meets {queue}'s targets: {number}'s capacity was not sized.\n"
                )),
            }
            text
        }
        Format::Json => {
            let mut s = serde_json::to_string_pretty(&result).expect("finite figures");
            s.push('\n');
            s
        }
        Format::Csv | Format::Html => return Err(bad("--queue: sizing agents writes table or json (--format)")),
    })
}

pub fn merge(args: MergeArgs) -> Result<(), Failure> {
    args.out.check()?;
    let mut shards = Vec::with_capacity(args.parts.len());
    for path in &args.parts {
        let name = path.display().to_string();
        let text =
            std::fs::read_to_string(path).map_err(|e| bad(format!("{name}: cannot read the shard file: {e}")))?;
        let shard: ShardFile = serde_json::from_str(&text).map_err(|e| {
            bad(format!(
                "{name}: not a callsim shard file ({e}); write shards with `callsim run --shard I/N --format json`"
            ))
        })?;
        shards.push((name, shard));
    }
    let (scenario, report) = merge_shards(&shards).map_err(bad_input)?;
    args.out.write(&render(&scenario, &report, args.out.format, 0))
}
