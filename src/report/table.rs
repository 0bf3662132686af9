//! The human-readable report: aligned tables, one row per number and per
//! link, every figure with its unit and its 95% confidence half-width.

use super::text::{Align, Block, Table, count, duration_pm, money, pm, render_text, thousands};
use crate::engine::time::format_duration;
use crate::sim::{BlockCause, DropCause};
use crate::summary::Report;

/// The queues' table: service level over calls that entered the queue,
/// ASA over answered calls, mean and 95th-percentile wait over entered calls.
fn queues_table(report: &Report) -> Block {
    let mut t = Table::new(&[
        ("queue", Align::Left),
        ("agents", Align::Right),
        ("load (Erl)", Align::Right),
        ("entered (calls)", Align::Right),
        ("abandoned (%)", Align::Right),
        ("full (calls)", Align::Right),
        ("P(wait) (%)", Align::Right),
        ("service level (%)", Align::Right),
        ("ASA", Align::Right),
        ("mean wait", Align::Right),
        ("p95 wait", Align::Right),
        ("occupancy (%)", Align::Right),
    ]);
    for (name, q) in &report.queues.0 {
        t.rows.push(vec![
            name.clone(),
            q.agents.to_string(),
            format!("{:.2}", q.offered_erlangs),
            count(&q.entered),
            pm(&q.abandoned_share, 100.0, 3, 6),
            count(&q.queue_full),
            pm(&q.probability_of_waiting, 100.0, 2, 4),
            pm(&q.service_level, 100.0, 2, 4),
            duration_pm(&q.asa_s),
            duration_pm(&q.mean_wait_s),
            duration_pm(&q.p95_wait_s),
            pm(&q.occupancy, 100.0, 2, 4),
        ]);
    }
    let within = report.queues.0.first().map_or(20.0, |(_, q)| q.answer_within_s);
    Block::Table(
        format!(
            "Queues (service level: answered within {} over calls that entered; ASA: mean wait of answered calls)",
            format_duration(within)
        ),
        t,
    )
}

/// The rosters' table: one row per queue staffed by a profile (agents
/// time-averaged over the window); `None` when every staff is fixed.
fn staffing_table(report: &Report) -> Option<Block> {
    let mut t = Table::new(&[
        ("queue", Align::Left),
        ("peak agents", Align::Right),
        ("staffed (agents)", Align::Right),
        ("talking (agents)", Align::Right),
        ("overtime (agents)", Align::Right),
        ("occupancy (%)", Align::Right),
    ]);
    for (name, q) in &report.queues.0 {
        let Some(st) = &q.staffing else { continue };
        t.rows.push(vec![
            name.clone(),
            q.agents.to_string(),
            format!("{:.3}", st.mean_scheduled_agents),
            pm(&q.mean_busy_agents, 1.0, 3, 5),
            pm(&st.mean_overtime_agents, 1.0, 3, 5),
            pm(&q.occupancy, 100.0, 2, 4),
        ]);
    }
    (!t.rows.is_empty()).then(|| {
        Block::Table(
            "Staffing by the hour (time-averages over the window; overtime: agents finishing a call after their shift ended)"
                .into(),
            t,
        )
    })
}

/// The callbacks' table: one row per queue that offers callbacks (calls
/// per replication; never reached over accepted callbacks that ended).
fn callbacks_table(report: &Report) -> Option<Block> {
    let mut t = Table::new(&[
        ("queue", Align::Left),
        ("offered (calls)", Align::Right),
        ("accepted (calls)", Align::Right),
        ("reached (calls)", Align::Right),
        ("never reached (calls)", Align::Right),
        ("never reached (%)", Align::Right),
        ("dials", Align::Right),
        ("dials blocked", Align::Right),
    ]);
    for (name, q) in &report.queues.0 {
        let Some(c) = &q.callbacks else { continue };
        t.rows.push(vec![
            name.clone(),
            count(&c.offered),
            count(&c.accepted),
            count(&c.reached),
            count(&c.never_reached),
            pm(&c.never_reached_share, 100.0, 2, 6),
            count(&c.dials),
            count(&c.dials_blocked),
        ]);
    }
    (!t.rows.is_empty()).then(|| {
        Block::Table(
            "Callbacks (per replication; offered: still waiting at the offer; never reached: over callbacks that ended)"
                .into(),
            t,
        )
    })
}

/// The outbound dials' table: one row per number that dials (a DID bank's
/// DIDs each), with their blocking by cause; `None` when no number dials.
fn outbound_table(report: &Report) -> Option<Block> {
    let mut t = Table::new(&[
        ("number", Align::Left),
        ("dialled", Align::Right),
        ("carried", Align::Right),
        ("answered", Align::Right),
        ("answered (%)", Align::Right),
        ("blocked", Align::Right),
        ("blocking (%)", Align::Right),
    ]);
    for c in BlockCause::ALL {
        t.headers.push((c.as_str().to_string(), Align::Right));
    }
    for (name, n) in &report.numbers.0 {
        let Some(o) = &n.outbound else { continue };
        let mut row = vec![
            name.clone(),
            count(&o.dialled),
            count(&o.carried),
            count(&o.answered),
            pm(&o.answered_share, 100.0, 2, 4),
            count(&o.blocked),
            pm(&o.blocking_probability, 100.0, 3, 6),
        ];
        row.extend(BlockCause::ALL.iter().map(|&c| count(o.blocked_by.get(c))));
        t.rows.push(row);
    }
    (!t.rows.is_empty()).then(|| {
        Block::Table(
            "Outbound dials (per replication; answered over carried, blocking over dialled; blocked by cause)".into(),
            t,
        )
    })
}

/// The regional instances' table (issue #15): calls sent to each, its
/// quota's blocking, calls lost before failover and dropped by its failures.
fn instances_table(report: &Report) -> Block {
    let mut t = Table::new(&[
        ("instance", Align::Left),
        ("region", Align::Left),
        ("quota", Align::Right),
        ("offered (calls)", Align::Right),
        ("carried (calls)", Align::Right),
        ("quota blocking (%)", Align::Right),
        ("lost in failover (calls)", Align::Right),
        ("dropped (calls)", Align::Right),
        ("availability (%)", Align::Right),
        ("exact (%)", Align::Right),
        ("peak", Align::Right),
    ]);
    for (name, i) in &report.instances.0 {
        t.rows.push(vec![
            name.clone(),
            i.region.clone(),
            i.max_concurrent_calls.map_or_else(|| "-".into(), |q| q.to_string()),
            count(&i.offered),
            count(&i.carried),
            pm(&i.quota_blocking, 100.0, 2, 6),
            count(&i.lost_in_failover),
            count(&i.dropped_by_instance),
            pm(&i.availability, 100.0, 3, 7),
            i.exact_availability.map_or("-".into(), exact_percent),
            count(&i.peak_concurrency),
        ]);
    }
    Block::Table("Instances (per replication; quota blocking over calls sent to the instance)".into(), t)
}

/// Renders `report` as aligned text tables.
pub fn to_table(report: &Report) -> String {
    render_text(blocks(report))
}

/// The report's heading lines, notes and tables, in order.
pub(crate) fn blocks(report: &Report) -> Vec<Block> {
    let mut out = Vec::new();
    let warmup = if report.warmup_s > 0.0 {
        format!(" after {} warm-up", format_duration(report.warmup_s))
    } else {
        String::new()
    };
    out.push(Block::Line(format!("callsim: {}", report.scenario)));
    out.push(Block::Line(format!(
        "{} replication(s) x {} measured{warmup}, seed {}, {} events",
        report.replications,
        format_duration(report.horizon_s),
        report.seed,
        thousands(report.events as f64),
    )));
    out.push(Block::Line(if report.replications < 2 {
        "Figures are from one replication: \"± ?\" marks an interval that one replication cannot give (run 2 or more).".into()
    } else {
        "Figures are means per replication ± the half-width of their 95% confidence interval (blocking: blocked over offered calls of all replications; counts adjusted by the callers, whose expectation is known).".into()
    }));

    let mut numbers = Table::new(&[
        ("number", Align::Left),
        ("type", Align::Left),
        ("cap", Align::Right),
        ("load (Erl)", Align::Right),
        ("offered (calls)", Align::Right),
        ("blocking (%)", Align::Right),
        ("dropped (calls)", Align::Right),
        ("availability (%)", Align::Right),
        ("saturation (%)", Align::Right),
        ("mean calls", Align::Right),
        ("peak calls", Align::Right),
    ]);
    for (name, n) in &report.numbers.0 {
        numbers.rows.push(vec![
            name.clone(),
            n.kind.to_string(),
            n.max_concurrent.map(|c| c.to_string()).unwrap_or_else(|| "-".into()),
            format!("{:.2}", n.offered_erlangs),
            count(&n.offered),
            pm(&n.blocking_probability, 100.0, 3, 6),
            count(&n.dropped),
            simulated_availability(n),
            pm(&n.saturation, 100.0, 3, 6),
            pm(&n.mean_concurrency, 1.0, 1, 3),
            pm(&n.peak_concurrency, 1.0, 1, 1),
        ]);
    }
    out.push(Block::Table("Numbers".into(), numbers));

    let mut causes = Table::new(&[("number", Align::Left)]);
    for c in BlockCause::ALL {
        causes.headers.push((c.as_str().to_string(), Align::Right));
    }
    for (name, n) in &report.numbers.0 {
        let mut row = vec![name.clone()];
        row.extend(BlockCause::ALL.iter().map(|&c| count(n.blocked_by.get(c))));
        causes.rows.push(row);
    }
    out.push(Block::Table("Blocked calls by cause (calls per replication)".into(), causes));

    if report.numbers.0.iter().any(|(_, n)| n.redials.mean > 0.0) {
        let mut callers = Table::new(&[
            ("number", Align::Left),
            ("callers", Align::Right),
            ("redials", Align::Right),
            ("never through", Align::Right),
            ("never through (%)", Align::Right),
        ]);
        for (name, n) in &report.numbers.0 {
            callers.rows.push(vec![
                name.clone(),
                count(&n.callers),
                count(&n.redials),
                count(&n.never_through),
                pm(&n.never_through_share, 100.0, 3, 6),
            ]);
        }
        out.push(Block::Table("Callers and redials (per replication; offered counts every attempt)".into(), callers));
    }

    let mut avail = Table::new(&[
        ("number", Align::Left),
        ("availability (%)", Align::Right),
        ("exact (%)", Align::Right),
        ("exact outages/year", Align::Right),
        ("outages", Align::Right),
        ("time without route", Align::Right),
        ("longest outage", Align::Right),
    ]);
    // Regional designs: what calls see (split and failover delay included), exact.
    let regional = report.numbers.0.iter().any(|(_, n)| n.exact_call_availability.is_some());
    if regional {
        avail.headers.push(("calls reach, exact (%)".into(), Align::Right));
        avail.headers.push(("lost in failover, exact (%)".into(), Align::Right));
    }
    for (i, c) in DropCause::ALL.iter().enumerate() {
        let header = if i == 0 { format!("dropped: {}", c.as_str()) } else { c.as_str().to_string() };
        avail.headers.push((header, Align::Right));
    }
    for (name, n) in &report.numbers.0 {
        let mut row = vec![
            name.clone(),
            simulated_availability(n),
            n.exact_availability.map_or("-".into(), exact_percent),
            n.exact_outages_per_year.map_or("-".into(), |x| format!("{x:.4}")),
            pm(&n.outages, 1.0, 1, 2),
            duration_pm(&n.outage_s),
            duration_pm(&n.longest_outage_s),
        ];
        if regional {
            let unknown = || "unknown".to_string();
            row.push(n.exact_call_availability.flatten().map_or_else(unknown, exact_percent));
            row.push(n.exact_lost_in_failover.flatten().map_or_else(unknown, |x| format!("{:.6}", 100.0 * x)));
        }
        row.extend(DropCause::ALL.iter().map(|&c| count(&n.dropped_by[c])));
        avail.rows.push(row);
    }
    out.push(Block::Table(
        "Availability: periods with no route up, and calls cut by failures (per replication)".into(),
        avail,
    ));

    if !report.instances.is_empty() {
        out.push(instances_table(report));
    }

    if !report.queues.is_empty() {
        out.push(queues_table(report));
        out.extend(staffing_table(report));
        out.extend(callbacks_table(report));
    }

    out.extend(outbound_table(report));

    if !report.banks.is_empty() {
        let mut banks = Table::new(&[
            ("bank", Align::Left),
            ("DIDs", Align::Right),
            ("cap each", Align::Right),
            ("offered (calls)", Align::Right),
            ("blocking (%)", Align::Right),
            ("busiest DID saturation (%)", Align::Right),
            ("dropped (calls)", Align::Right),
            ("mean calls", Align::Right),
        ]);
        for (name, b) in &report.banks.0 {
            banks.rows.push(vec![
                name.clone(),
                b.dids.to_string(),
                b.max_concurrent.map(|c| c.to_string()).unwrap_or_else(|| "-".into()),
                count(&b.offered),
                pm(&b.blocking_probability, 100.0, 3, 6),
                pm(&b.busiest_saturation, 100.0, 3, 6),
                count(&b.dropped),
                pm(&b.mean_concurrency, 1.0, 1, 3),
            ]);
        }
        out.push(Block::Table("DID banks (all DIDs together)".into(), banks));
    }

    let t = &report.totals;
    let unseen = t.availability.mean == 1.0 && t.availability.ci95.is_none_or(|h| h == 0.0);
    let availability = match report.exact_availability {
        Some(a) if unseen && a < 1.0 => format!("100% (no outage seen; exact {}%)", exact_percent(a)),
        Some(a) => format!("{}% (exact {}%)", pm(&t.availability, 100.0, 3, 6), exact_percent(a)),
        None => format!("{}%", pm(&t.availability, 100.0, 3, 6)),
    };
    out.push(Block::Note(format!(
        "All numbers: {} calls offered, blocking {}%, availability as callers see it {availability}, {} dropped",
        count(&t.offered),
        pm(&t.blocking_probability, 100.0, 3, 6),
        count(&t.dropped),
    )));

    if let Some(c) = &report.cost {
        let mut cost = Table::new(&[
            ("number", Align::Left),
            ("per month", Align::Right),
            ("telephony", Align::Right),
            ("service", Align::Right),
            ("numbers", Align::Right),
            ("per day", Align::Right),
            ("per completed call", Align::Right),
        ]);
        let line = |name: &str, l: &crate::summary::CostLine| {
            vec![
                name.to_string(),
                money(&l.per_month),
                money(&l.telephony_per_month),
                money(&l.service_per_month),
                money(&l.numbers_per_month),
                money(&l.per_day),
                l.per_completed_call.as_ref().map(money).unwrap_or_else(|| "-".into()),
            ]
        };
        for (name, l) in &c.numbers.0 {
            // A bank's DIDs are summed on the bank's line.
            if report.numbers.get(name).is_none_or(|n| n.bank.is_none()) {
                cost.rows.push(line(name, l));
            }
        }
        for (name, l) in &c.banks.0 {
            cost.rows.push(line(&format!("{name} (bank)"), l));
        }
        cost.rows.push(line("all numbers", &c.total));
        out.push(Block::Table(format!("Cost ({}; a month is 30.4375 days)", c.currency), cost));
        if let Some(w) = &c.warning {
            out.push(Block::Note(format!("Warning: {w}.")));
        }
    }

    let mut links = Table::new(&[
        ("link", Align::Left),
        ("channels", Align::Right),
        ("carried (calls)", Align::Right),
        ("utilization (%)", Align::Right),
        ("mean busy", Align::Right),
        ("peak busy", Align::Right),
        ("availability (%)", Align::Right),
        ("outages", Align::Right),
    ]);
    for (name, l) in &report.links.0 {
        links.rows.push(vec![
            name.clone(),
            l.channels.to_string(),
            count(&l.carried),
            pm(&l.utilization, 100.0, 2, 4),
            pm(&l.mean_busy, 1.0, 1, 3),
            pm(&l.peak_busy, 1.0, 1, 1),
            pm(&l.availability, 100.0, 3, 6),
            pm(&l.outages, 1.0, 1, 2),
        ]);
    }
    out.push(Block::Table("Links".into(), links));

    let i = &report.instance;
    out.push(Block::Note(format!(
        "Instance: quota {}, mean calls {}, peak calls {}",
        i.max_concurrent_calls.map(|q| q.to_string()).unwrap_or_else(|| "none".into()),
        pm(&i.mean_concurrency, 1.0, 1, 3),
        pm(&i.peak_concurrency, 1.0, 1, 1),
    )));
    out
}

/// A simulated availability as the tables show it: `mean ± h` in percent,
/// or, when no replication saw an outage but the design can have one,
/// "100 (none seen)": an unobserved event is not certain (the exact figure
/// stands beside it).
fn simulated_availability(n: &crate::summary::NumberReport) -> String {
    let never_seen = n.availability.mean == 1.0 && n.availability.ci95.is_none_or(|h| h == 0.0);
    if never_seen && n.exact_availability.is_some_and(|a| a < 1.0) {
        "100 (none seen)".into()
    } else {
        pm(&n.availability, 100.0, 3, 6)
    }
}

/// An exact availability in percent, with digits up to two past its first
/// non-9 (99.9999072, 99.9066).
pub(crate) fn exact_percent(a: f64) -> String {
    let u = 1.0 - a;
    if u <= 0.0 {
        return "100".into();
    }
    let digits = ((-u.log10()).floor() as i64 + 1).clamp(3, 12) as usize;
    format!("{:.*}", digits, 100.0 * a)
}
