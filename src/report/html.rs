//! The decision report as one self-contained HTML page: inline CSS and
//! SVG, no script, no network. It holds a plain-language verdict, a
//! summary of the design, the same tables as the text report, and charts.
//!
//! The page is well-formed XML as well as HTML (every element closed,
//! every text escaped), so that tests and tools can parse it strictly.

use super::text::{Align, Block, Table, count, money, pm};
use super::{charts, figures};
use crate::engine::time::format_duration;
use crate::experiment::compare::Comparison;
use crate::experiment::size::SizeResult;
use crate::experiment::sweep::SweepPoint;
use crate::model::Entry;
use crate::scenario::Scenario;
use crate::sim::Timeline;
use crate::stats::Summary;
use crate::summary::Report;

/// A chart with its caption.
struct Figure {
    caption: String,
    svg: String,
}

const STYLE: &str = "\
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1b1b1b;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.25rem;margin-top:2.2rem;border-bottom:1px solid #ccc}h3{font-size:1rem;margin:1.4rem 0 .4rem}
.meta{color:#555;margin-top:0}
.verdict{background:#f3f7fb;border-left:4px solid #0072b2;padding:.6rem 1rem;margin:1rem 0}
.verdict li{margin:.3rem 0}
table{border-collapse:collapse;font-size:.85rem;margin:.3rem 0 1rem}
th,td{padding:.2rem .6rem;border-bottom:1px solid #e3e3e3;white-space:nowrap}
th{background:#f5f5f5;text-align:left}td.r,th.r{text-align:right;font-variant-numeric:tabular-nums}
.scroll{overflow-x:auto}
figure{margin:1rem 0}figure svg{max-width:100%;height:auto}figcaption{color:#555;font-size:.85rem}
footer{margin-top:2.5rem;color:#666;font-size:.8rem}
@media print{body{margin:0;max-width:none}.scroll{overflow:visible}}";

/// `text` with `&`, `<`, `>`, `"` and `'` escaped, for element text and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Appends `table` as an HTML table.
fn table_html(t: &Table, out: &mut String) {
    let class = |a: Align| if a == Align::Right { " class=\"r\"" } else { "" };
    out.push_str("<div class=\"scroll\"><table>\n<thead><tr>");
    for (h, a) in &t.headers {
        out.push_str(&format!("<th{}>{}</th>", class(*a), escape(h)));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in t.rows.iter() {
        out.push_str("<tr>");
        for (cell, (_, a)) in row.zip(&t.headers) {
            out.push_str(&format!("<td{}>{}</td>", class(*a), escape(cell)));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table></div>\n");
}

/// Appends `blocks`: heading lines as one paragraph, notes as paragraphs, tables under their titles.
fn blocks_html(blocks: &[Block], out: &mut String) {
    let mut lines: Vec<&str> = Vec::new();
    let flush = |lines: &mut Vec<&str>, out: &mut String| {
        if !lines.is_empty() {
            let text: Vec<String> = lines.iter().map(|l| escape(l.trim())).collect();
            out.push_str(&format!("<p class=\"meta\">{}</p>\n", text.join("<br/>")));
            lines.clear();
        }
    };
    for b in blocks {
        match b {
            Block::Line(l) => lines.push(l),
            Block::Note(n) => {
                flush(&mut lines, out);
                out.push_str(&format!("<p>{}</p>\n", escape(n)));
            }
            Block::Table(title, t) => {
                flush(&mut lines, out);
                if !title.is_empty() {
                    out.push_str(&format!("<h3>{}</h3>\n", escape(title)));
                }
                table_html(t, out);
            }
        }
    }
    flush(&mut lines, out);
}

/// The whole page.
fn page(title: &str, verdict: &[String], sections: &[(&str, Vec<Block>)], figures: &[Figure]) -> String {
    let mut out = String::from("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n");
    out.push_str(&format!("<title>callsim: {}</title>\n<style>\n{STYLE}\n</style>\n</head>\n<body>\n", escape(title)));
    out.push_str(&format!("<h1>{}</h1>\n", escape(title)));
    if !verdict.is_empty() {
        out.push_str("<section class=\"verdict\">\n<h2>Verdict</h2>\n<ul>\n");
        for v in verdict {
            out.push_str(&format!("<li>{}</li>\n", escape(v)));
        }
        out.push_str("</ul>\n</section>\n");
    }
    for (heading, blocks) in sections {
        out.push_str(&format!("<section>\n<h2>{}</h2>\n", escape(heading)));
        blocks_html(blocks, &mut out);
        out.push_str("</section>\n");
    }
    if !figures.is_empty() {
        out.push_str("<section>\n<h2>Charts</h2>\n");
        for f in figures {
            out.push_str("<figure>\n");
            // The charts are bare `<svg>` documents (no XML declaration): inlined as they are.
            out.push_str(f.svg.trim_start());
            out.push_str(&format!("\n<figcaption>{}</figcaption>\n</figure>\n", escape(&f.caption)));
        }
        out.push_str("</section>\n");
    }
    out.push_str(&format!(
        "<footer>Made by callsim {} (discrete-event simulation). Figures are means over independent \
         replications ± the half-width of their 95% Student-t confidence interval. Availability is the share \
         of time a number has a route (a carrier of its, up, with a link up into an AZ up); as callers see it, \
         weighted by the calls each number is offered. A month is 30.4375 days.</footer>\n</body>\n</html>\n",
        env!("CARGO_PKG_VERSION")
    ));
    out
}

/// A percentage with its interval, e.g. `99.9731% (± 0.0044)`.
fn percent(s: &Summary) -> String {
    let text = pm(s, 100.0, 3, 6);
    match text.split_once(" ± ") {
        Some((m, h)) => format!("{m}% (± {h})"),
        None => format!("{text}%"),
    }
}

/// The design in brief: numbers with their traffic, and the elements with their failures.
fn design_blocks(scenario: &Scenario, report: &Report) -> Vec<Block> {
    let model = &scenario.model;
    let mut numbers = Table::new(&[
        ("number", Align::Left),
        ("type", Align::Left),
        ("carriers", Align::Left),
        ("cap (calls)", Align::Right),
        ("offered load (Erlangs)", Align::Right),
    ]);
    let load = |k: usize| report.numbers.0.get(k).map_or(0.0, |(_, r)| r.offered_erlangs);
    for entry in model.entries() {
        let n = &model.numbers[entry.first()];
        let (name, erlangs) = match entry {
            Entry::Number(i) => (n.name.clone(), load(i)),
            Entry::Bank(bank) => (format!("{} ({} DIDs)", bank.name, bank.count), bank.members().map(load).sum()),
        };
        let carriers: Vec<&str> = n.carriers.iter().map(|&c| model.carriers[c].name.as_str()).collect();
        numbers.rows.push(vec![
            name,
            n.kind.as_str().into(),
            carriers.join(", "),
            n.max_concurrent.map_or("-".into(), |c| c.to_string()),
            format!("{erlangs:.2}"),
        ]);
    }
    let mut elements = Table::new(&[
        ("element", Align::Left),
        ("kind", Align::Left),
        ("channels", Align::Right),
        ("failures", Align::Left),
    ]);
    let failures = |f: &Option<crate::faults::FailureProcess>| match f {
        Some(f) => format!("every {} on average, {} to repair", format_duration(f.mtbf_s), format_duration(f.mttr_s)),
        None => "none at random".into(),
    };
    for a in &model.azs {
        elements.rows.push(vec![a.name.clone(), "AZ".into(), "-".into(), failures(&a.failure)]);
    }
    for c in &model.carriers {
        elements.rows.push(vec![c.name.clone(), "carrier".into(), "-".into(), failures(&c.failure)]);
    }
    for l in &model.links {
        elements.rows.push(vec![l.name.clone(), "link".into(), l.channels.to_string(), failures(&l.failure)]);
    }
    let mut blocks = vec![
        Block::Table("Numbers and their traffic".into(), numbers),
        Block::Table("Carriers, links and zones".into(), elements),
    ];
    if !model.outages.is_empty() {
        blocks.push(Block::Note(format!("{} scheduled outage(s) are injected as well.", model.outages.len())));
    }
    if let Some(p) = &model.prices {
        let mut prices = Table::new(&[("price", Align::Left), ("per minute", Align::Right), ("per day", Align::Right)]);
        let c = &p.currency;
        prices.rows.push(vec![
            format!("toll-free ({c})"),
            p.toll_free.per_minute.to_string(),
            p.toll_free.per_day.to_string(),
        ]);
        prices.rows.push(vec![format!("DID ({c})"), p.did.per_minute.to_string(), p.did.per_day.to_string()]);
        prices.rows.push(vec![format!("service ({c})"), p.service_per_minute.to_string(), "-".into()]);
        for entry in model.entries() {
            let Some(Some(own)) = p.numbers.get(entry.first()) else { continue };
            let name = match entry {
                Entry::Number(i) => model.numbers[i].name.clone(),
                Entry::Bank(bank) => format!("{} (each DID)", bank.name),
            };
            prices.rows.push(vec![format!("{name} ({c})"), own.per_minute.to_string(), own.per_day.to_string()]);
        }
        blocks.push(Block::Table("Prices".into(), prices));
    }
    blocks
}

/// The verdict of a run: each number type (or the design) in one sentence,
/// and what one type costs per completed call against the other.
fn run_verdict(report: &Report) -> Vec<String> {
    let cost = report.cost.as_ref();
    let currency = cost.map(|c| c.currency.as_str()).unwrap_or("");
    let groups: Vec<(String, &crate::summary::Totals, Option<&crate::summary::CostLine>)> =
        if report.by_type.0.len() > 1 {
            let names = |t: &str| -> Vec<&str> {
                (report.numbers.0.iter()).filter(|(_, n)| n.kind == t).map(|(name, _)| name.as_str()).collect()
            };
            (report.by_type.0.iter())
                .map(|(t, totals)| {
                    let members = names(t);
                    let kind = if t == "did" { "DID" } else { t.as_str() };
                    let label = match members.len() {
                        1 => format!("{kind} ({})", members[0]),
                        k => format!("{kind} ({k} numbers)"),
                    };
                    (label, totals, cost.map(|c| c.by_type.get(t).expect("a cost line per type")))
                })
                .collect()
        } else {
            vec![(report.scenario.clone(), &report.totals, cost.map(|c| &c.total))]
        };
    let mut lines: Vec<String> = (groups.iter())
        .map(|(label, t, c)| {
            let mut line = format!(
                "{label}: callers find a route {} of the time; {} of calls blocked; {} calls dropped per {} replication (as in the tables)",
                percent(&t.availability),
                percent(&t.blocking_probability),
                count(&t.dropped),
                format_duration(report.horizon_s)
            );
            if let Some(c) = c {
                line.push_str(&format!("; {} {currency} a month", money(&c.per_month)));
                if let Some(per_call) = &c.per_completed_call {
                    line.push_str(&format!(", {} {currency} per completed call", money(per_call)));
                }
            }
            line.push('.');
            line
        })
        .collect();
    if let [(a, _, Some(ca)), (b, _, Some(cb))] = groups.as_slice()
        && let (Some(pa), Some(pb)) = (ca.per_completed_call, cb.per_completed_call)
    {
        let diff = pa.mean - pb.mean;
        let (more, less) = if diff >= 0.0 { (a, b) } else { (b, a) };
        lines.push(format!(
            "Per completed call, {more} costs {} {currency} more than {less}.",
            money(&Summary::exact(diff.abs()))
        ));
    }
    lines
}

/// The run's page: verdict, design, tables, (with a traced replication)
/// the concurrency and outage charts of that replication, and a chart of
/// each queue's waits.
pub fn run_html(scenario: &Scenario, report: &Report, traced: Option<(&Timeline, u64)>) -> String {
    let mut figs = Vec::new();
    if let Some((timeline, k)) = traced {
        let (chart, left_out) = figures::concurrency(scenario, timeline, k);
        let mut caption = format!(
            "Most calls in progress in each {:.0}-minute interval of replication {k}, against each number's cap \
             (dashed); shaded: no route.",
            timeline.bin_s / 60.0
        );
        if left_out > 0 {
            caption.push_str(&format!(" {left_out} more number(s) not shown."));
        }
        figs.push(Figure { caption, svg: charts::concurrency_svg(&chart) });
        let (chart, left_out) = figures::outages(scenario, timeline, k);
        let mut caption = format!("When each AZ, carrier and link that can fail was down in replication {k}.");
        if left_out > 0 {
            caption.push_str(&format!(" {left_out} element(s) never down not shown."));
        }
        figs.push(Figure { caption, svg: charts::outages_svg(&chart) });
    }
    for (name, q) in &report.queues.0 {
        let Some(chart) = figures::queue_waits(report, name) else { continue };
        let caption = format!(
            "Share of the calls that entered queue {name} that left it (answered, abandoned or took a callback) \
             within each wait, over all replications, with its 95% interval (band); straight lines join the \
             thresholds measured. Dashed: the service level's threshold, {}.",
            format_duration(q.answer_within_s)
        );
        figs.push(Figure { caption, svg: charts::curves_svg(&chart) });
    }
    page(
        &report.scenario,
        &run_verdict(report),
        &[("Design", design_blocks(scenario, report)), ("Results", super::table::blocks(report))],
        &figs,
    )
}

/// The verdict of a comparison: each design in one sentence, then what
/// each design gains and costs against the baseline.
fn comparison_verdict(c: &Comparison) -> Vec<String> {
    let currency =
        (c.designs.iter()).find_map(|d| d.report.cost.as_ref().map(|c| c.currency.clone())).unwrap_or_default();
    let mut lines: Vec<String> = (c.decision.iter())
        .map(|d| {
            let mut line = format!(
                "{}: callers find a route {} of the time; {} of calls blocked",
                d.design,
                percent(&d.availability),
                percent(&d.blocking_probability)
            );
            if let Some(m) = &d.cost_per_month {
                line.push_str(&format!("; {} {currency} a month", money(m)));
            }
            line.push('.');
            line
        })
        .collect();
    let Some(base) = c.decision.first() else { return lines };
    for d in &c.decision[1..] {
        let Some(v) = &d.versus_baseline else { continue };
        let sig = |s: &Summary| match (
            s.excludes_zero(),
            crate::experiment::compare::replications_to_settle(s, c.replications),
        ) {
            (true, _) => String::new(),
            (false, Some(n)) => format!(", not significant at 95% (about {n} replications would settle it)"),
            (false, None) => ", not significant at 95%".to_string(),
        };
        let mut line = format!(
            "Against {}, {} changes availability by {} points{} and blocking by {} points{}",
            base.design,
            d.design,
            pm(&v.availability, 100.0, 3, 6),
            sig(&v.availability),
            pm(&v.blocking_probability, 100.0, 3, 6),
            sig(&v.blocking_probability),
        );
        if let Some(extra) = &v.cost_per_month {
            let word = if extra.mean >= 0.0 { "more" } else { "less" };
            let abs = Summary { mean: extra.mean.abs(), ci95: extra.ci95 };
            line.push_str(&format!(", and costs {} {currency} a month {word}", money(&abs)));
        }
        match (v.nines_gained, v.cost_per_nine) {
            (Some(g), Some(per)) if per < 0.0 => {
                line.push_str(&format!(": {g:.2} nines gained for less money, so it is better on both counts"))
            }
            (Some(g), Some(per)) => line.push_str(&format!(
                ": {g:.2} nines gained, {} {currency} a month per nine",
                money(&Summary::exact(per))
            )),
            (Some(g), None) => line.push_str(&format!(": {g:+.2} nines")),
            (None, _) => line.push_str(" (a design saw no outage, so its nines are unbounded)"),
        }
        line.push('.');
        lines.push(line);
    }
    lines
}

/// The comparison's page: verdict, decision tables, bars, and the details.
pub fn comparison_html(c: &Comparison) -> String {
    let title = match c.designs.as_slice() {
        [a, b] => format!("{} vs {}", a.report.scenario, b.report.scenario),
        _ => format!("{} designs compared", c.designs.len()),
    };
    let bars = Figure {
        caption: "Each design's mean with its 95% interval (whiskers), on common random numbers.".into(),
        svg: charts::bars_svg(&figures::comparison_bars(c)),
    };
    page(&title, &comparison_verdict(c), &[("Results", super::experiments::comparison_blocks(c))], &[bars])
}

/// The sweep's page: the table and blocking against load.
pub fn sweep_html(points: &[SweepPoint]) -> String {
    let (chart, left_out) = figures::sweep_blocking(points);
    let mut caption = "Calls blocked at each point, with its 95% interval (band).".to_string();
    if left_out > 0 {
        caption.push_str(&format!(" {left_out} more curve(s) not shown."));
    }
    let title = points.first().map_or("sweep".into(), |p| format!("{}: sweep", p.report.scenario));
    let fig = Figure { caption, svg: charts::curves_svg(&chart) };
    page(&title, &[], &[("Results", super::experiments::sweep_blocks(points))], &[fig])
}

/// The sizing's page.
pub fn size_html(r: &SizeResult) -> String {
    let title = format!("Sizing {} of {}", r.varied, r.number);
    page(&title, &[], &[("Results", super::experiments::size_blocks(r))], &[])
}

/// The `nines` page: a sentence per number, then the exact and estimated tables.
pub fn nines_html(r: &crate::experiment::nines::NinesReport) -> String {
    let mut verdict = Vec::new();
    for (name, bank) in &r.entries {
        let Some(n) = r.entry(name, *bank) else { continue };
        let label = if *bank { format!("The {name} bank") } else { name.clone() };
        let often = match n.outages_per_year {
            x if x <= 0.0 => "it never loses its routes".to_string(),
            x if x >= 1.0 => format!("it loses every route {x:.1} times a year"),
            x => format!("it loses every route once every {:.0} years", 1.0 / x),
        };
        let nines = n.nines.map_or("never down".into(), |x| format!("{x:.2} nines"));
        // Regional designs: what calls see, the failover delay included.
        let calls = match (n.call_availability, &n.lost_in_failover_per_year) {
            (Some(Some(a)), Some(f)) => format!(
                "; calls reach an instance {}% of the time ({:.0} a year lost in failover)",
                super::table::exact_percent(a),
                f.mean
            ),
            (Some(None), _) => "; what calls see with failover has no exact figure here".to_string(),
            _ => String::new(),
        };
        verdict.push(format!(
            "{label}: {nines}; {often}{calls}; about {:.0} calls a year lost to failures.",
            n.lost_per_year.mean
        ));
    }
    let title = format!("{}: nines", r.scenario);
    page(&title, &verdict, &[("Results", super::nines::nines_blocks(r))], &[])
}
