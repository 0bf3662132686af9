//! Queue, callback and outbound figures in every output (issue #16): the
//! text table, the CSV and the HTML page show what the JSON report holds,
//! value for value, and `compare` pairs each number's outbound blocking.
//! The scenario is the bundled `callbacks-and-campaign.toml`, shortened to
//! 3 replications of one day (as its golden file is).

use callsim::experiment::Runner;
use callsim::experiment::compare::compare;
use callsim::report::{figures, html, to_csv, to_table};
use callsim::scenario::Scenario;
use callsim::summary::Report;
use serde_json::Value;

/// A bundled scenario, shortened.
fn bundled(file: &str) -> Scenario {
    let path = format!("{}/scenarios/{file}", env!("CARGO_MANIFEST_DIR"));
    Scenario::load(path)
        .and_then(|s| s.with_horizon_s(86_400.0))
        .and_then(|s| s.with_replications(3))
        .expect("a bundled scenario is valid")
}

/// The scenario with callbacks and a campaign, run, and its JSON report.
fn campaign() -> (Scenario, Report, Value) {
    let s = bundled("callbacks-and-campaign.toml");
    let report = Runner::with_threads(0).run(&s);
    let json: Value = serde_json::from_str(&report.to_json()).expect("the report is JSON");
    (s, report, json)
}

/// `v`'s value at a dotted path of object keys.
fn at<'v>(v: &'v Value, path: &[&str]) -> &'v Value {
    path.iter().fold(v, |v, k| v.get(k).unwrap_or_else(|| panic!("no key {k} in the path {path:?}")))
}

/// The numbers of a table cell as printed: the mean and the half-width
/// (`None` when the cell shows none), each with its decimals.
fn cell_numbers(cell: &str) -> ((f64, usize), Option<(f64, usize)>) {
    let parse = |t: &str| {
        let t = t.trim().replace(',', "");
        let decimals = t.split_once('.').map_or(0, |(_, f)| f.len());
        (t.parse::<f64>().unwrap_or_else(|_| panic!("not a number: {t:?} in {cell:?}")), decimals)
    };
    match cell.split_once('±') {
        Some((m, h)) => (parse(m), Some(parse(h))),
        None => (parse(cell), None),
    }
}

/// Asserts that the table cell `cell` prints the JSON summary `s`
/// (`{"mean", "ci95"}`) scaled by `scale`, to the cell's decimals.
#[track_caller]
fn assert_cell(cell: &str, s: &Value, scale: f64, what: &str) {
    let ((mean, d), half) = cell_numbers(cell);
    let want = s["mean"].as_f64().expect("a mean") * scale;
    let tol = |d: usize| 0.5 * 10f64.powi(-(d as i32)) + 1e-9;
    assert!((mean - want).abs() <= tol(d), "{what}: the table shows {cell:?}, the JSON {want}");
    if let Some((h, d)) = half {
        let want = s["ci95"].as_f64().expect("an interval") * scale;
        assert!((h - want).abs() <= tol(d), "{what}: the table's half-width {h}, the JSON's {want}");
    }
}

/// The rows of the text table titled `title…` in `text`: cells split at
/// runs of two spaces or more, the header first.
fn text_table(text: &str, title: &str) -> Vec<Vec<String>> {
    let mut lines = text.lines().skip_while(|l| !l.starts_with(title));
    assert!(lines.next().is_some(), "no table {title:?} in\n{text}");
    lines
        .take_while(|l| !l.trim().is_empty())
        .map(|l| l.split("  ").map(str::trim).filter(|c| !c.is_empty()).map(String::from).collect())
        .collect()
}

/// The rows of the HTML table under the `<h3>` that starts with `title`,
/// the header first.
fn html_table(doc: &roxmltree::Document, title: &str) -> Vec<Vec<String>> {
    let h3 = (doc.descendants())
        .find(|n| n.has_tag_name("h3") && n.text().is_some_and(|t| t.starts_with(title)))
        .unwrap_or_else(|| panic!("no <h3> {title:?}"));
    let table = (h3.next_siblings().skip(1).find(|n| n.is_element()))
        .and_then(|div| div.descendants().find(|n| n.has_tag_name("table")))
        .expect("a table after the heading");
    (table.descendants())
        .filter(|n| n.has_tag_name("tr"))
        .map(|tr| {
            (tr.children())
                .filter(|c| c.has_tag_name("th") || c.has_tag_name("td"))
                .map(|c| c.text().unwrap_or("").to_string())
                .collect()
        })
        .collect()
}

/// The column of `header` in `rows[0]`.
fn column(rows: &[Vec<String>], header: &str) -> usize {
    rows[0].iter().position(|h| h == header).unwrap_or_else(|| panic!("no column {header:?} in {:?}", rows[0]))
}

/// Checks the outbound table `rows` (text or HTML) against the JSON: one
/// row per number that dials, each figure as the JSON has it.
#[track_caller]
fn check_outbound_rows(rows: &[Vec<String>], json: &Value, what: &str) {
    let dialling: Vec<&String> = (json["numbers"].as_object().unwrap().iter())
        .filter(|(_, n)| n.get("outbound").is_some())
        .map(|(name, _)| name)
        .collect();
    assert_eq!(dialling.len(), 4, "every DID of the bank dials");
    let names: Vec<&String> = rows[1..].iter().map(|r| &r[0]).collect();
    assert_eq!(names, dialling, "{what}: one row per number that dials, in order");
    let columns = [
        ("dialled", "dialled", 1.0),
        ("carried", "carried", 1.0),
        ("answered", "answered", 1.0),
        ("answered (%)", "answered_share", 100.0),
        ("blocked", "blocked", 1.0),
        ("blocking (%)", "blocking_probability", 100.0),
    ];
    for row in &rows[1..] {
        let o = at(json, &["numbers", &row[0], "outbound"]);
        for (header, key, scale) in columns {
            assert_cell(&row[column(rows, header)], &o[key], scale, &format!("{what} {} {key}", row[0]));
        }
        let mut by_cause = 0.0;
        for (cause, s) in o["blocked_by"].as_object().unwrap() {
            assert_cell(&row[column(rows, cause)], s, 1.0, &format!("{what} {} blocked_by.{cause}", row[0]));
            by_cause += s["mean"].as_f64().unwrap();
        }
        let blocked = o["blocked"]["mean"].as_f64().unwrap();
        assert!((by_cause - blocked).abs() < 1e-9 * blocked.max(1.0), "the causes sum to blocked");
    }
    // The campaign is blocked at the DIDs' caps: the first DID, which every
    // dial tries first, has blocked dials.
    let first = at(json, &["numbers", dialling[0], "outbound", "blocked_by", "number_cap", "mean"]);
    assert!(first.as_f64().unwrap() > 0.0, "dials blocked at the first DID's cap");
}

/// Checks the callbacks table `rows` against the JSON's `queues.support.callbacks`.
#[track_caller]
fn check_callback_rows(rows: &[Vec<String>], json: &Value, what: &str) {
    assert_eq!(rows.len(), 2, "{what}: one queue offers callbacks");
    let row = &rows[1];
    assert_eq!(row[0], "support");
    let c = at(json, &["queues", "support", "callbacks"]);
    for (header, key, scale) in [
        ("offered (calls)", "offered", 1.0),
        ("accepted (calls)", "accepted", 1.0),
        ("reached (calls)", "reached", 1.0),
        ("never reached (calls)", "never_reached", 1.0),
        ("never reached (%)", "never_reached_share", 100.0),
        ("dials", "dials", 1.0),
        ("dials blocked", "dials_blocked", 1.0),
    ] {
        assert_cell(&row[column(rows, header)], &c[key], scale, &format!("{what} callbacks.{key}"));
    }
    assert!(c["accepted"]["mean"].as_f64().unwrap() > 100.0, "callbacks are accepted every day");
}

#[test]
fn the_table_shows_callbacks_and_outbound_dials_as_the_json_has_them() {
    let (_, report, json) = campaign();
    let text = to_table(&report);
    check_callback_rows(&text_table(&text, "Callbacks ("), &json, "table");
    check_outbound_rows(&text_table(&text, "Outbound dials ("), &json, "table");
    // The callbacks come right after the queues; the outbound dials after them.
    let pos = |t: &str| text.find(t).unwrap_or_else(|| panic!("no {t:?}"));
    assert!(pos("Queues (") < pos("Callbacks (") && pos("Callbacks (") < pos("Outbound dials ("));
}

#[test]
fn the_csv_holds_every_new_figure_with_the_json_values() {
    let (_, report, json) = campaign();
    let csv = to_csv(&report);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a CSV record")).collect();
    let value = |s: &str| if s.is_empty() { Value::Null } else { serde_json::json!(s.parse::<f64>().unwrap()) };
    // Each metric as the JSON has it: the path under the section's object.
    let mut seen = 0;
    for r in &rows {
        let (section, name, metric) = (&r[0], &r[1], &r[2]);
        let want = match (section, metric.split_once('.')) {
            ("number", Some(("outbound", rest))) => {
                let path: Vec<&str> = rest.split('.').collect();
                at(at(&json, &["numbers", name, "outbound"]), &path).clone()
            }
            ("queue", Some(("callbacks", key))) => at(&json, &["queues", name, "callbacks", key]).clone(),
            ("queue", Some(("wait_cdf", x))) => {
                let x: f64 = x.parse().expect("a threshold in seconds");
                let points = at(&json, &["queues", name, "wait_cdf"]).as_array().unwrap();
                let p = points.iter().find(|p| p["within_s"].as_f64() == Some(x)).expect("the JSON's threshold");
                p["share"].clone()
            }
            _ => continue,
        };
        seen += 1;
        assert_eq!(value(&r[3]), want["mean"], "{section},{name},{metric}: mean");
        assert_eq!(value(&r[4]), want["ci95"], "{section},{name},{metric}: ci95");
    }
    // Rows for all of them: 4 dialling DIDs x (10 figures + 8 causes), the
    // queue's 7 callback figures and its 16 thresholds.
    let points = at(&json, &["queues", "support", "wait_cdf"]).as_array().unwrap().len();
    assert_eq!(points, callsim::sim::WAIT_THRESHOLDS_S.len());
    let causes = callsim::sim::BlockCause::ALL.len();
    assert_eq!(seen, 4 * (10 + causes) + 7 + points, "CSV rows of the new figures");
}

#[test]
fn the_html_page_has_the_tables_and_a_wait_chart_per_queue() {
    let (s, report, json) = campaign();
    let page = html::run_html(&s, &report, None);
    let doc = roxmltree::Document::parse_with_options(
        &page,
        roxmltree::ParsingOptions { allow_dtd: true, ..Default::default() },
    )
    .expect("the page is well-formed");
    let callbacks = html_table(&doc, "Callbacks (");
    check_callback_rows(&callbacks, &json, "html");
    let outbound = html_table(&doc, "Outbound dials (");
    check_outbound_rows(&outbound, &json, "html");
    // The same cells as the text table.
    let text = to_table(&report);
    assert_eq!(outbound, text_table(&text, "Outbound dials ("));
    assert_eq!(callbacks, text_table(&text, "Callbacks ("));
    // Without a traced replication, the only chart is the queue's waits.
    let svgs: Vec<_> = doc.descendants().filter(|n| n.has_tag_name("svg")).collect();
    assert_eq!(svgs.len(), 1, "one wait chart for the one queue");
    let svg_text: String = svgs[0].descendants().filter_map(|n| n.text()).collect();
    for needle in ["Waits in queue support", "answer within 20s", "wait (seconds)"] {
        assert!(svg_text.contains(needle), "the chart has {needle:?}");
    }
    let caption: String = (doc.descendants())
        .filter(|n| n.has_tag_name("figcaption"))
        .filter_map(|n| n.descendants().find_map(|t| t.text()))
        .collect();
    assert!(caption.contains("entered queue support") && caption.contains("20s"), "{caption}");
}

#[test]
fn the_wait_chart_draws_the_json_distribution_up_to_where_it_flattens() {
    let (_, report, json) = campaign();
    let chart = figures::queue_waits(&report, "support").expect("a queue with a distribution");
    let cdf = at(&json, &["queues", "support", "wait_cdf"]).as_array().unwrap();
    let points = &chart.curves[0].points;
    // The points are the JSON's, in order, from 0 s ...
    for (p, w) in points.iter().zip(cdf) {
        assert_eq!(p.x, w["within_s"].as_f64().unwrap());
        assert_eq!(p.y.mean, w["share"]["mean"].as_f64().unwrap());
        assert_eq!(p.y.ci95, w["share"]["ci95"].as_f64());
    }
    // ... to the first threshold from 20 s on where 99.5% of calls had left.
    let last = points.last().unwrap();
    assert!(last.x >= 20.0 && last.y.mean >= 0.995, "{last:?}");
    assert!(points[..points.len() - 1].iter().all(|p| p.x < 20.0 || p.y.mean < 0.995));
    // The shares never fall as the threshold grows, and start at 1 - P(wait).
    assert!(points.windows(2).all(|w| w[0].y.mean <= w[1].y.mean));
    let p_wait = at(&json, &["queues", "support", "probability_of_waiting", "mean"]).as_f64().unwrap();
    assert!((points[0].y.mean - (1.0 - p_wait)).abs() < 1e-12, "{} vs 1 - {p_wait}", points[0].y.mean);
    assert_eq!((chart.marks.len(), chart.marks[0].x), (1, 20.0), "the service level's threshold, marked");
    assert!(figures::queue_waits(&report, "no-such-queue").is_none());
}

#[test]
fn scenarios_without_queues_or_dials_show_none_of_it() {
    let s = bundled("erlang-b-check.toml");
    let report = Runner::with_threads(0).run(&s);
    let text = to_table(&report);
    for title in ["Queues (", "Callbacks (", "Outbound dials ("] {
        assert!(!text.contains(title), "{title}");
    }
    let csv = to_csv(&report);
    assert!(!csv.contains(",outbound.") && !csv.contains(",wait_cdf.") && !csv.contains(",callbacks."));
    assert!(!html::run_html(&s, &report, None).contains("<svg"), "no chart without a queue or a trace");
}

#[test]
fn compare_pairs_each_numbers_outbound_blocking() {
    // The campaign at 120 dials an hour against the same bank dialling 240:
    // on common random numbers, the first DID blocks more of the dials.
    let base = bundled("callbacks-and-campaign.toml");
    let text = std::fs::read_to_string(format!("{}/scenarios/callbacks-and-campaign.toml", env!("CARGO_MANIFEST_DIR")))
        .unwrap()
        .replace("calls_per_hour = 120", "calls_per_hour = 240");
    let busier = Scenario::from_toml_str(&text, "busier.toml").expect("valid").with_horizon_s(86_400.0).unwrap();
    let c = compare(&[("base".into(), base), ("busier".into(), busier)], &Runner::with_threads(0)).expect("runs");
    let find = |section: &str, name: &str, metric: &str| {
        (c.differences.iter())
            .find(|d| d.section == section && d.name == name && d.metric == metric)
            .unwrap_or_else(|| panic!("no {section} {name} {metric}"))
    };
    // The bank as a whole: its DIDs' dials summed; each DID: its own, as its report has them.
    let bank = find("bank", "support-line", "outbound_blocking_probability");
    let did = find("number", "support-line-1", "outbound_blocking_probability");
    let reported = |design: usize| {
        let o = c.designs[design].report.numbers.get("support-line-1").unwrap().outbound.as_ref().unwrap();
        o.blocking_probability.mean
    };
    assert!((did.baseline.mean - reported(0)).abs() < 1e-12 && (did.value.mean - reported(1)).abs() < 1e-12);
    assert!(did.difference.mean > 0.0 && bank.difference.mean > 0.0, "twice the dials block more: {did:?}");
    let blocked = |design: usize| -> f64 {
        (c.designs[design].report.numbers.0.iter())
            .filter_map(|(_, n)| n.outbound.as_ref())
            .map(|o| o.blocked.mean)
            .sum()
    };
    let bank_blocked = find("bank", "support-line", "outbound_blocked");
    assert!((bank_blocked.baseline.mean - blocked(0)).abs() < 1e-6 * blocked(0).max(1.0));
    assert!((bank_blocked.value.mean - blocked(1)).abs() < 1e-6 * blocked(1).max(1.0));
    // The table shows the bank's rows (its DIDs are in the JSON and CSV).
    let table = callsim::report::experiments::comparison_table(&c);
    assert!(table.contains("outbound blocking (%)") && table.contains("outbound blocked (dials)"), "{table}");
    // Side by side, the bank's outbound blocking in each design, as the paired difference holds them.
    let side = text_table(&table, "Side by side");
    let row = (side.iter())
        .find(|r| r[0] == "support-line" && r[1] == "outbound blocking (%)")
        .unwrap_or_else(|| panic!("no outbound row side by side: {side:?}"));
    let summary = |s: callsim::stats::Summary| serde_json::json!({"mean": s.mean, "ci95": s.ci95});
    assert_cell(&row[2], &summary(bank.baseline), 100.0, "side by side, base");
    assert_cell(&row[3], &summary(bank.value), 100.0, "side by side, busier");
    // A design without dials has none of these rows.
    let plain = bundled("queue-behind-the-bank.toml");
    let c = compare(&[("a".into(), plain.clone()), ("b".into(), plain)], &Runner::with_threads(0)).expect("runs");
    assert!(c.differences.iter().all(|d| !d.metric.starts_with("outbound")));
}

#[test]
fn shards_written_before_the_wait_distribution_still_merge() {
    use callsim::experiment::run_replication;
    use callsim::experiment::shard::{SHARD_FORMAT, Settings, ShardFile, ShardSpec, embedded_files, merge};
    let file = "callbacks-and-campaign.toml";
    let s = bundled(file);
    let toml = std::fs::read_to_string(format!("{}/scenarios/{file}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    // Shard `index` of 2; `old`: as a version before `waits_within` wrote it.
    let shard = |index, old: bool| {
        let spec = ShardSpec { index, count: 2 };
        let indices = spec.indices(s.simulation().replications());
        let outcomes = indices.iter().map(|&k| run_replication(&s, k)).collect();
        let shard = ShardFile {
            callsim_shard: SHARD_FORMAT,
            shard: spec,
            scenario_file: file.into(),
            scenario_toml: toml.clone(),
            scenario_files: embedded_files(&s),
            settings: Settings::from(s.simulation()),
            indices,
            outcomes,
        };
        let mut v = serde_json::to_value(&shard).expect("a shard serialises");
        if old {
            for o in v["outcomes"].as_array_mut().unwrap() {
                for q in o["queues"].as_array_mut().unwrap() {
                    assert!(q.as_object_mut().unwrap().remove("waits_within").is_some());
                }
            }
        }
        (format!("part-{index}.json"), serde_json::from_value::<ShardFile>(v).expect("a shard reads back"))
    };
    let whole = Runner::with_threads(0).run(&s);
    let (_, new) = merge(&[shard(0, false), shard(1, false)]).expect("new shards merge");
    assert_eq!(new.queues, whole.queues, "merged shards give the run's queues, wait_cdf included");
    assert_eq!(new.queues.get("support").unwrap().wait_cdf.len(), callsim::sim::WAIT_THRESHOLDS_S.len());
    // Old shards, or a mix: every other figure, and no distribution (not
    // every replication has one), so no `wait_cdf` key.
    for pair in [[true, true], [false, true]] {
        let (_, merged) = merge(&[shard(0, pair[0]), shard(1, pair[1])]).expect("old shards merge");
        let (q, w) = (merged.queues.get("support").unwrap(), whole.queues.get("support").unwrap());
        assert!(q.wait_cdf.is_empty(), "{pair:?}");
        assert_eq!((q.service_level, q.callbacks.clone()), (w.service_level, w.callbacks.clone()));
        let json: Value = serde_json::from_str(&merged.to_json()).unwrap();
        assert!(
            json["queues"]["support"].get("wait_cdf").is_none() && json["queues"]["support"].get("agents").is_some()
        );
        assert!(!to_csv(&merged).contains(",wait_cdf."));
        assert!(figures::queue_waits(&merged, "support").is_none(), "no chart without a distribution");
    }
}

#[test]
fn a_dialling_bank_reports_its_dids_dials_together() {
    let (_, report, json) = campaign();
    let bank = at(&json, &["banks", "support-line", "outbound"]);
    let members: Vec<&Value> =
        (json["numbers"].as_object().unwrap().values()).filter_map(|n| n.get("outbound")).collect();
    assert_eq!(members.len(), 4, "the bank's four DIDs dial");
    let mean = |v: &Value, key: &str| v[key]["mean"].as_f64().unwrap();
    for key in ["dialled", "carried", "answered", "blocked", "completed", "dropped", "carried_in", "in_progress"] {
        let sum: f64 = members.iter().map(|m| mean(m, key)).sum();
        assert!((mean(bank, key) - sum).abs() <= 1e-9 * sum.max(1.0), "{key}: bank {} vs DIDs {sum}", mean(bank, key));
    }
    // Its blocking is a ratio of totals: blocked over dialled, summed over DIDs and replications.
    let dialled: f64 = members.iter().map(|m| mean(m, "dialled")).sum();
    let blocked: f64 = members.iter().map(|m| mean(m, "blocked")).sum();
    assert!((mean(bank, "blocking_probability") - blocked / dialled).abs() < 1e-12);
    assert!(blocked > 0.0, "some dials are blocked");
    // The CSV's bank rows hold the same figures.
    let csv = to_csv(&report);
    let row = csv.lines().find(|l| l.starts_with("bank,support-line,outbound.dialled,")).expect("a bank outbound row");
    let value: f64 = row.split(',').nth(3).unwrap().parse().unwrap();
    assert_eq!(value, mean(bank, "dialled"));
    // A bank whose DIDs do not dial has no outbound block.
    let (_, _, plain) = {
        let s = bundled("queue-behind-the-bank.toml");
        let r = Runner::with_threads(0).run(&s);
        let j: Value = serde_json::from_str(&r.to_json()).unwrap();
        (s, r, j)
    };
    assert!(plain["banks"]["support-line"].get("outbound").is_none());
}
