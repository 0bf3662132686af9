//! Every kind of bad input exits 2 with a message naming the file, the TOML
//! path of the field and what is allowed; never a panic, never a report.

use crate::support::{BASE, Dir, assert_bad_input, assert_ok, callsim, edit};
use std::ffi::OsStr;

/// Writes `text` as `case.toml`, then checks that both `validate` and `run`
/// refuse it as bad input whose message names the file and holds `needles`.
#[track_caller]
fn refused(text: &str, needles: &[&str]) {
    let dir = Dir::new();
    let file = dir.file("case.toml", text);
    let shown = file.display().to_string();
    let mut all = vec![shown.as_str()];
    all.extend_from_slice(needles);
    for command in ["validate", "run"] {
        let run = callsim(&[command.as_ref(), file.as_os_str()]);
        assert_bad_input(&run, &all);
    }
}

/// `needles` as the backquoted TOML path the message shows, plus what is allowed.
#[track_caller]
fn refused_at(text: &str, path: &str, allowed: &str) {
    refused(text, &[&format!("`{path}`"), allowed]);
}

#[test]
fn the_base_scenario_is_valid() {
    let dir = Dir::new();
    let file = dir.file("base.toml", BASE);
    assert_ok(&callsim(&["validate".as_ref(), file.as_os_str()]));
}

// ---- the file itself ----

#[test]
fn bad_toml_syntax_names_the_line_and_key() {
    // An unterminated string: the parser reports a position only; the
    // message still names the key under its table.
    let text = edit(BASE, "horizon = \"1h\"", "horizon = \"1h");
    refused(&text, &["case.toml:4:", "`simulation.horizon`", "expected"]);
}

#[test]
fn a_bad_table_header_is_named() {
    let text = edit(BASE, "[[number]]", "[[number]");
    refused(&text, &["`number`", "expected"]);
}

#[test]
fn a_duplicate_key_is_named() {
    let text = edit(BASE, "channels = 10", "channels = 10\nchannels = 20");
    refused(&text, &["`link[0].channels`", "duplicate key"]);
}

#[test]
fn an_empty_file_says_what_a_scenario_needs() {
    refused("", &["empty", "[simulation]", "[[number]]"]);
    refused("\n  \n", &["empty", "[simulation]"]);
}

#[test]
fn a_file_of_comments_only_says_what_is_missing() {
    refused("# nothing yet\n", &["`simulation`", "horizon", "`number`"]);
}

#[test]
fn a_missing_file_is_named() {
    let dir = Dir::new();
    let missing = dir.path().join("no-such-scenario.toml");
    for command in ["validate", "run"] {
        let run = callsim(&[command.as_ref(), missing.as_os_str()]);
        assert_bad_input(&run, &[&missing.display().to_string(), "cannot read"]);
        // The OS reason is said once, not repeated by the error chain.
        assert_eq!(run.stderr.matches("os error 2").count(), 1, "{}", run.stderr);
    }
}

// ---- references between sections ----

#[test]
fn an_unknown_carrier_in_a_link_lists_the_known_ones() {
    let text = edit(BASE, "carrier = \"carrier-a\"\naz", "carrier = \"carrier-z\"\naz");
    refused(&text, &["`link[0].carrier`", "unknown carrier \"carrier-z\"", "known: \"carrier-a\""]);
}

#[test]
fn an_unknown_az_in_a_link_lists_the_known_ones() {
    let text = edit(BASE, "az = \"az1\"", "az = \"az9\"");
    refused(&text, &["`link[0].az`", "unknown AZ \"az9\"", "known: \"az1\""]);
}

#[test]
fn an_unknown_carrier_in_a_number_lists_the_known_ones() {
    let text = edit(BASE, "type = \"did\"\ncarrier = \"carrier-a\"", "type = \"did\"\ncarrier = \"carrier-x\"");
    refused_at(&text, "number[0].carrier", "known: \"carrier-a\"");
}

#[test]
fn traffic_for_an_unknown_number_lists_the_known_ones() {
    let text = edit(BASE, "number = \"main\"", "number = \"mian\"");
    refused(&text, &["`traffic[0].number`", "unknown number \"mian\"", "known: \"main\""]);
}

#[test]
fn a_number_with_no_traffic_is_allowed() {
    let text = format!("{BASE}\n[[number]]\nname = \"quiet\"\ntype = \"did\"\ncarrier = \"carrier-a\"\n");
    let dir = Dir::new();
    let file = dir.file("quiet.toml", &text);
    let run = callsim(&["validate".as_ref(), file.as_os_str()]);
    assert_ok(&run);
    assert!(run.stdout.contains("2 number(s)"), "{}", run.stdout);
    let run = callsim(&["run".as_ref(), file.as_os_str(), "--format".as_ref(), "json".as_ref()]);
    assert_ok(&run);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json["numbers"]["quiet"]["offered"]["mean"], 0.0);
}

// ---- duplicates ----

#[test]
fn duplicate_az_carrier_and_number_names_are_refused() {
    let az = edit(BASE, "[[carrier]]", "[[az]]\nname = \"az1\"\n\n[[carrier]]");
    refused(&az, &["`az[1].name`", "duplicate name \"az1\"", "unique"]);
    let carrier = edit(BASE, "[[link]]", "[[carrier]]\nname = \"carrier-a\"\n\n[[link]]");
    refused(&carrier, &["`carrier[1].name`", "duplicate name \"carrier-a\"", "unique"]);
    let number = format!("{BASE}\n[[number]]\nname = \"main\"\ntype = \"did\"\ncarrier = \"carrier-a\"\n");
    refused(&number, &["`number[1].name`", "duplicate name \"main\"", "unique"]);
}

#[test]
fn a_duplicate_link_is_refused() {
    let text = edit(BASE, "[[number]]", "[[link]]\ncarrier = \"carrier-a\"\naz = \"az1\"\nchannels = 5\n\n[[number]]");
    refused(&text, &["`link[1]`", "duplicate link carrier-a/az1", "more channels"]);
}

// ---- numbers ----

#[test]
fn a_did_with_several_carriers_is_refused() {
    let text = edit(
        BASE,
        "[[link]]",
        "[[carrier]]\nname = \"carrier-b\"\n\n[[link]]\ncarrier = \"carrier-b\"\naz = \"az1\"\nchannels = 5\n\n[[link]]",
    );
    let text = edit(
        &text,
        "type = \"did\"\ncarrier = \"carrier-a\"",
        "type = \"did\"\ncarriers = [\"carrier-a\", \"carrier-b\"]",
    );
    refused_at(&text, "number[0].carriers", "exactly one carrier");
}

#[test]
fn a_toll_free_number_with_no_carriers_is_refused() {
    let listed_none = edit(BASE, "type = \"did\"\ncarrier = \"carrier-a\"", "type = \"toll-free\"\ncarriers = []");
    refused_at(&listed_none, "number[0].carriers", "at least one carrier");
    let omitted = edit(BASE, "type = \"did\"\ncarrier = \"carrier-a\"", "type = \"toll-free\"");
    refused_at(&omitted, "number[0].carriers", "carriers = [");
}

#[test]
fn max_concurrent_zero_is_refused() {
    let text = edit(
        BASE,
        "carrier = \"carrier-a\"\n\n[[traffic]]",
        "carrier = \"carrier-a\"\nmax_concurrent = 0\n\n[[traffic]]",
    );
    refused_at(&text, "number[0].max_concurrent", ">= 1");
    let text = edit(BASE, "[[az]]", "[instance]\nmax_concurrent_calls = 0\n\n[[az]]");
    refused_at(&text, "instance.max_concurrent_calls", ">= 1");
}

// ---- rates, channels, counts ----

#[test]
fn calls_per_hour_must_be_a_number_above_zero() {
    for bad in ["0", "-5", "0.0", "nan", "inf"] {
        let text = edit(BASE, "calls_per_hour = 100", &format!("calls_per_hour = {bad}"));
        refused_at(&text, "traffic[0].arrivals.calls_per_hour", "finite number > 0");
    }
    let text = edit(BASE, "calls_per_hour = 100", "calls_per_hour = \"100\"");
    refused(&text, &["`traffic[0].arrivals.calls_per_hour`", "expected f64"]);
}

#[test]
fn missing_calls_per_hour_is_named() {
    let text = edit(BASE, ", calls_per_hour = 100", "");
    refused(&text, &["`traffic[0].arrivals`", "calls_per_hour"]);
}

#[test]
fn channels_must_be_at_least_one() {
    let zero = edit(BASE, "channels = 10", "channels = 0");
    refused_at(&zero, "link[0].channels", ">= 1");
    let negative = edit(BASE, "channels = 10", "channels = -3");
    refused(&negative, &["`link[0].channels`", "-3", "expected u32"]);
    let fraction = edit(BASE, "channels = 10", "channels = 2.5");
    refused(&fraction, &["`link[0].channels`", "expected u32"]);
}

#[test]
fn replications_zero_is_refused() {
    let text = edit(BASE, "replications = 2", "replications = 0");
    refused_at(&text, "simulation.replications", "between 1 and");
}

// ---- durations ----

const DURATION_UNITS: &str = "ms, s, m, h or d";

#[test]
fn a_zero_horizon_is_refused() {
    let text = edit(BASE, "horizon = \"1h\"", "horizon = \"0s\"");
    refused_at(&text, "simulation.horizon", "> 0");
}

#[test]
fn a_missing_horizon_is_refused() {
    let text = edit(BASE, "horizon = \"1h\"\n", "");
    refused_at(&text, "simulation.horizon", "missing");
}

#[test]
fn a_zero_mean_holding_time_is_refused() {
    let text = edit(BASE, "mean = \"3m\"", "mean = \"0s\"");
    refused_at(&text, "traffic[0].holding.mean", "> 0");
}

#[test]
fn a_duration_with_an_unknown_unit_is_refused() {
    let text = edit(BASE, "mean = \"3m\"", "mean = \"5 days\"");
    refused(&text, &["`traffic[0].holding.mean`", "unknown unit \"days\"", DURATION_UNITS]);
    let text = edit(BASE, "horizon = \"1h\"", "horizon = \"5 days\"");
    refused_at(&text, "simulation.horizon", DURATION_UNITS);
}

#[test]
fn a_duration_without_a_unit_is_refused() {
    let text = edit(BASE, "mean = \"3m\"", "mean = 180");
    refused_at(&text, "traffic[0].holding.mean", DURATION_UNITS);
    let text = edit(BASE, "mean = \"3m\"", "mean = \"180\"");
    refused(&text, &["`traffic[0].holding.mean`", "no unit", DURATION_UNITS]);
    let text = edit(BASE, "horizon = \"1h\"", "horizon = 180");
    refused_at(&text, "simulation.horizon", DURATION_UNITS);
}

#[test]
fn a_negative_warmup_is_refused() {
    let text = edit(BASE, "replications = 2", "replications = 2\nwarmup = \"-1h\"");
    refused_at(&text, "simulation.warmup", DURATION_UNITS);
}

// ---- keys and kinds ----

#[test]
fn an_unknown_key_is_named_with_the_allowed_ones() {
    let text = edit(BASE, "channels = 10", "chanels = 10");
    refused(&text, &["`link[0].chanels`", "unknown field", "`channels`"]);
    let text = edit(BASE, "seed = 7", "sead = 7");
    refused(&text, &["`simulation.sead`", "unknown field", "`seed`"]);
    let text = edit(BASE, "[simulation]", "[simulaton]");
    refused(&text, &["`simulaton`", "unknown field", "`simulation`"]);
    let text = edit(BASE, "calls_per_hour = 100", "calls_per_hr = 100");
    refused(&text, &["`traffic[0].arrivals.calls_per_hr`", "`calls_per_hour`"]);
}

#[test]
fn an_unknown_arrivals_kind_lists_the_kinds() {
    let text = edit(BASE, "kind = \"poisson\"", "kind = \"bursty\"");
    refused(&text, &["`traffic[0].arrivals.kind`", "`bursty`", "`poisson`"]);
}

#[test]
fn an_unknown_holding_kind_lists_the_kinds() {
    let text = edit(BASE, "kind = \"exponential\"", "kind = \"gamma\"");
    refused(&text, &["`traffic[0].holding.kind`", "`gamma`", "`exponential`", "`lognormal`", "`fixed`"]);
}

#[test]
fn holding_keys_must_fit_the_kind() {
    let lognormal_without_sd = edit(BASE, "kind = \"exponential\"", "kind = \"lognormal\"");
    refused(&lognormal_without_sd, &["`traffic[0].holding`", "`mean` and `sd`"]);
    let exponential_with_sd = edit(BASE, "mean = \"3m\"", "mean = \"3m\", sd = \"1m\"");
    refused(&exponential_with_sd, &["`traffic[0].holding`", "takes `mean`"]);
}

#[test]
fn an_unknown_number_type_lists_the_types() {
    let text = edit(BASE, "type = \"did\"", "type = \"local\"");
    refused(&text, &["`number[0].type`", "`toll-free`", "`did`"]);
}

// ---- failures ----

#[test]
fn failure_processes_need_both_mtbf_and_mttr() {
    let link = edit(BASE, "channels = 10", "channels = 10\nmtbf = \"30d\"");
    refused(&link, &["`link[0].mttr`", "both mtbf and mttr"]);
    let carrier = edit(BASE, "name = \"carrier-a\"", "name = \"carrier-a\"\nmttr = \"3h\"");
    refused(&carrier, &["`carrier[0].mtbf`", "both mtbf and mttr"]);
    let az = edit(BASE, "name = \"az1\"", "name = \"az1\"\nmtbf = \"365d\"\nmttr = \"0s\"");
    refused(&az, &["`az[0].mttr`", "must be > 0"]);
    let shape = edit(
        BASE,
        "channels = 10",
        "channels = 10\nmtbf = \"30d\"\nmttr = \"4h\"\ntime_to_failure = { kind = \"weibull\", shape = 0 }",
    );
    refused(&shape, &["`link[0].time_to_failure`", "shape"]);
}

#[test]
fn outages_name_a_known_element() {
    let outage = |target: &str, duration: &str| {
        format!("{BASE}\n[[outage]]\ntarget = \"{target}\"\nstart = \"10m\"\nduration = \"{duration}\"\n")
    };
    refused(&outage("carrier:nope", "6h"), &["`outage[0].target`", "unknown carrier \"nope\"", "\"carrier-a\""]);
    refused(&outage("link:carrier-a/az9", "6h"), &["`outage[0].target`", "unknown link"]);
    refused(&outage("rack:r1", "6h"), &["`outage[0].target`", "\"az:NAME\"", "\"link:CARRIER/AZ\""]);
    refused(&outage("carrier:carrier-a", "0s"), &["`outage[0].duration`", "must be > 0"]);
    let dir = Dir::new();
    let ok = dir.file("ok.toml", &outage("carrier:carrier-a", "6h"));
    assert_ok(&callsim(&["validate".as_ref(), ok.as_os_str()]));
}

#[test]
fn every_problem_is_reported_at_once() {
    let text = edit(BASE, "channels = 10", "channels = 0");
    let text = edit(&text, "replications = 2", "replications = 0");
    let text = edit(&text, "number = \"main\"", "number = \"nope\"");
    refused(&text, &["3 problem(s)", "`simulation.replications`", "`link[0].channels`", "`traffic[0].number`"]);
}

// ---- command-line arguments ----

/// Runs `callsim run BASE ARGS` and checks it is refused naming `needles`.
#[track_caller]
fn refused_args(args: &[&str], needles: &[&str]) {
    let dir = Dir::new();
    let file = dir.file("base.toml", BASE);
    let mut all: Vec<&OsStr> = vec!["run".as_ref(), file.as_os_str()];
    all.extend(args.iter().map(OsStr::new));
    assert_bad_input(&callsim(&all), needles);
}

#[test]
fn a_zero_horizon_flag_is_refused() {
    refused_args(&["--horizon", "0s"], &["--horizon", "> 0"]);
}

#[test]
fn an_unparsable_horizon_flag_is_refused() {
    refused_args(&["--horizon", "abc"], &["--horizon", "\"abc\"", DURATION_UNITS]);
    refused_args(&["--horizon", "90"], &["--horizon", "no unit", DURATION_UNITS]);
    refused_args(&["--warmup", "soon"], &["--warmup", DURATION_UNITS]);
}

#[test]
fn zero_replications_flag_is_refused() {
    refused_args(&["--replications", "0"], &["--replications", "between 1 and"]);
    refused_args(&["--replications", "many"], &["--replications", "invalid"]);
}

#[test]
fn an_unknown_format_lists_the_formats() {
    refused_args(&["--format", "xml"], &["--format", "'xml'", "table", "json", "csv"]);
}

#[test]
fn an_unknown_subcommand_lists_the_commands() {
    let run = callsim(&["simulate"]);
    assert_bad_input(&run, &["'simulate'", "Usage"]);
    let run = callsim::<&str>(&[]);
    assert_eq!(run.code, Some(2), "no command is a usage error: {}", run.stderr);
    assert!(run.stdout.is_empty());
    assert!(run.stderr.contains("run") && run.stderr.contains("validate"));
}

#[test]
fn an_unknown_flag_is_refused() {
    refused_args(&["--horizn", "1h"], &["'--horizn'"]);
}

// ---- [cost] ----

#[test]
fn a_negative_price_is_refused() {
    let text = format!("{BASE}\n[cost.did]\nper_minute = -0.01\n");
    refused_at(&text, "cost.did.per_minute", "must be a price from 0 to");
    let text = format!("{BASE}\n[cost]\nservice_per_minute = nan\n");
    refused_at(&text, "cost.service_per_minute", "must be a price from 0 to");
    let text = format!("{BASE}\n[cost.toll-free]\nper_day = 1e9\n");
    refused_at(&text, "cost.toll-free.per_day", "must be a price from 0 to");
}

#[test]
fn an_unknown_cost_key_is_refused() {
    let text = format!("{BASE}\n[cost.did]\nper_month = 1.0\n");
    refused(&text, &["`cost.did.per_month`", "unknown field", "per_minute", "per_day"]);
    let text = format!("{BASE}\n[cost.tollfree]\nper_day = 1.0\n");
    refused(&text, &["`cost.tollfree`", "unknown field", "toll-free"]);
}

#[test]
fn a_currency_with_spaces_is_refused() {
    let text = format!("{BASE}\n[cost]\ncurrency = \"US dollars\"\n");
    refused_at(&text, "cost.currency", "1 to 8 characters");
}

#[test]
fn prices_of_an_unknown_number_are_refused() {
    let text = format!("{BASE}\n[cost.numbers.mian]\nper_minute = 0.01\n");
    refused(&text, &["`cost.numbers.mian`", "unknown number or bank \"mian\"", "main"]);
    let text = format!("{BASE}\n[cost.numbers.main]\nper_day = -1\n");
    refused_at(&text, "cost.numbers.main.per_day", "must be a price from 0 to");
}

// ---- queues (issue #16) ----

/// The base scenario with its traffic sent to a queue of 2 agents;
/// `queue_extra` goes into the `[[queue]]`.
fn queued(agents: &str, queue_extra: &str) -> String {
    let text = edit(
        BASE,
        "[[traffic]]\nnumber = \"main\"\n",
        &format!(
            "[[queue]]\nname = \"q\"\nagents = {agents}\nhandle = {{ kind = \"exponential\", mean = \"3m\" }}\n{queue_extra}\n[[traffic]]\nnumber = \"main\"\nqueue = \"q\"\n"
        ),
    );
    // The queue's handle time is the talk time: no holding on the traffic.
    let holding = text.lines().find(|l| l.starts_with("holding")).expect("the base traffic has a holding").to_string();
    text.replacen(&format!("{holding}\n"), "", 1)
}

#[test]
fn a_queued_base_scenario_is_valid() {
    let dir = Dir::new();
    let file = dir.file("queued.toml", &queued("2", "patience = { kind = \"exponential\", mean = \"5m\" }"));
    assert_ok(&callsim(&["run".as_ref(), file.as_os_str()]));
}

#[test]
fn a_queue_without_agents_is_refused() {
    refused_at(&queued("0", ""), "queue[0].agents", "must be from 1");
    refused_at(&queued("-3", ""), "queue[0].agents", "must be from 1");
}

#[test]
fn a_bad_staffing_profile_is_refused() {
    let day = |v: &str, n: usize| format!("{{ kind = \"profile\", hourly = [{}] }}", vec![v; n].join(", "));
    refused_at(&queued(&day("0", 24), ""), "queue[0].agents.hourly", "at least one agent");
    refused_at(&queued(&day("2", 23), ""), "queue[0].agents.hourly", "needs 24 staffs");
    refused_at(&queued(&day("-1", 24), ""), "queue[0].agents.hourly", "from 0 to");
    refused_at(
        &queued("{ kind = \"profile\", weekly = [[1, 2]] }", ""),
        "queue[0].agents.weekly",
        "7 rows (Monday first) of 24",
    );
    // Neither or both of hourly and weekly, another kind, a fraction of an agent.
    refused(&queued("{ kind = \"profile\" }", ""), &["queue[0].agents", "exactly one of `hourly`"]);
    refused(&queued("{ kind = \"shifts\", hourly = [1] }", ""), &["queue[0].agents.kind", "profile"]);
    refused(&queued("2.5", ""), &["queue[0].agents", "a number of agents"]);
}

#[test]
fn sizing_the_agents_of_a_staffing_profile_is_refused() {
    let dir = Dir::new();
    let file = dir.file(
        "profile.toml",
        &queued(
            "{ kind = \"profile\", hourly = [2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 2, 2, 2, 2, 2, 2] }",
            "",
        ),
    );
    let run = callsim(&[
        "size".as_ref(),
        file.as_os_str(),
        "--queue".as_ref(),
        "q".as_ref(),
        "--vary".as_ref(),
        "agents".as_ref(),
        "--target-service-level".as_ref(),
        "0.8".as_ref(),
        "--replications".as_ref(),
        "3".as_ref(),
    ]);
    assert_bad_input(&run, &["--queue q", "staffing profile"]);
}

#[test]
fn a_negative_or_zero_patience_is_refused() {
    refused_at(&queued("2", "patience = { kind = \"exponential\", mean = \"0s\" }"), "queue[0].patience.mean", "> 0");
    refused(&queued("2", "patience = { kind = \"fixed\", value = \"-5s\" }"), &["queue[0].patience"]);
}

#[test]
fn a_queue_nobody_uses_is_refused() {
    let text = edit(
        BASE,
        "[[traffic]]",
        "[[queue]]\nname = \"idle\"\nagents = 3\nhandle = { kind = \"fixed\", value = \"1m\" }\n\n[[traffic]]",
    );
    refused_at(&text, "queue[0]", "named by no traffic");
}

#[test]
fn an_unknown_queue_and_a_holding_beside_a_queue_are_refused() {
    let text = edit(&queued("2", ""), "queue = \"q\"", "queue = \"nope\"");
    refused_at(&text, "traffic[0].queue", "known queues: q");
    let text = edit(&queued("2", ""), "queue = \"q\"", "queue = \"q\"\nholding = { kind = \"fixed\", value = \"1m\" }");
    refused_at(&text, "traffic[0].holding", "handle time");
}

#[test]
fn a_negative_max_contacts_is_refused() {
    refused_at(&queued("2", "max_contacts = -1"), "queue[0].max_contacts", ">= 0");
}
