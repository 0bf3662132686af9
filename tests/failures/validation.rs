//! Bad failure and outage input is refused, naming the TOML path.

use callsim::scenario::{Scenario, ScenarioError};

/// A valid design; `{link}`, `{number}` and `{rest}` take extra keys of its
/// `[[link]]`, of its `[[number]]` (a DID) and further tables.
fn design(link: &str, number: &str, rest: &str) -> String {
    format!(
        r#"
        [simulation]
        horizon = "1d"
        [[az]]
        name = "az1"
        [[carrier]]
        name = "a"
        [[link]]
        carrier = "a"
        az = "az1"
        channels = 10
        {link}
        [[number]]
        name = "did"
        type = "did"
        carrier = "a"
        {number}
        {rest}
        "#
    )
}

fn outage(target: &str, start: &str, duration: &str) -> String {
    format!("[[outage]]\ntarget = \"{target}\"\nstart = \"{start}\"\nduration = \"{duration}\"\n")
}

/// Asserts that `text` is refused with a problem at `path`.
fn refused_at(text: &str, path: &str) {
    match Scenario::from_toml_str(text, "bad.toml") {
        Ok(_) => panic!("accepted, but {path} is wrong:\n{text}"),
        Err(e) => {
            let problems = e.problems();
            assert!(
                problems.iter().any(|p| p.path == path && !p.message.is_empty()),
                "expected a problem at {path}, got {problems:?}"
            );
            assert!(e.to_string().contains("bad.toml"), "the error names the file: {e}");
        }
    }
}

#[test]
fn the_base_design_and_its_valid_variants_are_accepted() {
    for text in [
        design("", "", ""),
        design("mtbf = \"10h\"\nmttr = \"1h\"", "", ""),
        design(
            "mtbf = \"10h\"\nmttr = \"1h\"\ntime_to_failure = { kind = \"weibull\", shape = 1.5 }\ntime_to_repair = { kind = \"lognormal\", sd = \"3h\" }",
            "",
            "",
        ),
        design("", "", &outage("link:a/az1", "0s", "1h")),
        design("", "", &(outage("carrier:a", "2d", "6h") + &outage("az:az1", "1h", "90s"))),
    ] {
        if let Err(e) = Scenario::from_toml_str(&text, "good.toml") {
            panic!("refused: {e}\n{text}");
        }
    }
}

#[test]
fn bad_failure_processes_are_refused_with_their_path() {
    let mtbf_mttr = "mtbf = \"10h\"\nmttr = \"1h\"\n";
    for (link, path) in [
        ("mtbf = \"10h\"".to_string(), "link[0].mttr"),
        ("mttr = \"1h\"".to_string(), "link[0].mtbf"),
        ("mtbf = \"10h\"\nmttr = \"0s\"".to_string(), "link[0].mttr"),
        ("mtbf = \"0s\"\nmttr = \"1h\"".to_string(), "link[0].mtbf"),
        (format!("{mtbf_mttr}time_to_failure = {{ kind = \"weibull\", shape = 0.0 }}"), "link[0].time_to_failure"),
        (format!("{mtbf_mttr}time_to_failure = {{ kind = \"weibull\", shape = -1.5 }}"), "link[0].time_to_failure"),
        (format!("{mtbf_mttr}time_to_failure = {{ kind = \"weibull\", shape = nan }}"), "link[0].time_to_failure"),
        (format!("{mtbf_mttr}time_to_repair = {{ kind = \"weibull\", shape = 0 }}"), "link[0].time_to_repair"),
        (format!("{mtbf_mttr}time_to_repair = {{ kind = \"lognormal\", sd = \"0s\" }}"), "link[0].time_to_repair"),
        (format!("{mtbf_mttr}time_to_failure = {{ kind = \"lognormal\", sd = \"0s\" }}"), "link[0].time_to_failure"),
        ("time_to_repair = { kind = \"lognormal\", sd = \"3h\" }".to_string(), "link[0].time_to_repair"),
        ("time_to_failure = { kind = \"weibull\", shape = 2.0 }".to_string(), "link[0].time_to_failure"),
    ] {
        refused_at(&design(&link, "", ""), path);
    }
    // The same rules for AZs and carriers.
    let az = design("", "", "").replace("name = \"az1\"", "name = \"az1\"\nmtbf = \"365d\"");
    refused_at(&az, "az[0].mttr");
    let carrier = design("", "", "").replace("name = \"a\"", "name = \"a\"\nmtbf = \"30d\"\nmttr = \"0s\"");
    refused_at(&carrier, "carrier[0].mttr");
}

#[test]
fn bad_outages_and_re_route_delays_are_refused_with_their_path() {
    for (target, path) in [
        ("carrier:nope", "outage[0].target"),
        ("az:nope", "outage[0].target"),
        ("foo:bar", "outage[0].target"),
        ("link:a/zz", "outage[0].target"),
        ("link:a", "outage[0].target"),
        ("carrier", "outage[0].target"),
        ("", "outage[0].target"),
    ] {
        refused_at(&design("", "", &outage(target, "1h", "1h")), path);
    }
    refused_at(&design("", "", &outage("carrier:a", "1h", "0s")), "outage[0].duration");
    // The index is the outage's own: the second one is wrong here.
    refused_at(&design("", "", &(outage("carrier:a", "1h", "1h") + &outage("az:az9", "2h", "1h"))), "outage[1].target");
    // A DID has one carrier and nowhere to re-route.
    refused_at(&design("", "reroute_delay = \"5m\"", ""), "number[0].reroute_delay");
    refused_at(&design("", "reroute_delay = \"0s\"", ""), "number[0].reroute_delay");
}

#[test]
fn every_problem_is_reported_at_once() {
    // Independent mistakes in three tables: all four are reported, each with its path.
    let text = design("mtbf = \"10h\"", "reroute_delay = \"1m\"", &outage("foo:bar", "1h", "0s"));
    let e = Scenario::from_toml_str(&text, "bad.toml").expect_err("four mistakes");
    assert!(matches!(e, ScenarioError::Invalid { .. }), "{e:?}");
    let paths: Vec<String> = e.problems().into_iter().map(|p| p.path).collect();
    for path in ["link[0].mttr", "number[0].reroute_delay", "outage[0].target", "outage[0].duration"] {
        assert!(paths.iter().any(|p| p == path), "{path} missing from {paths:?}");
    }
}
