//! The routes validation gives each number, in preference order: its
//! carriers in the order the scenario lists them, each carrier's links in
//! scenario order. Admission (`sim`) picks among them and breaks ties by
//! this order; its unit tests take these routes as given.

use callsim::scenario::Scenario;

/// Two zones; carrier-a has links into az1 and az2, carrier-b one into az1.
/// Link indices, in scenario order: 0 = carrier-a/az1, 1 = carrier-a/az2,
/// 2 = carrier-b/az1.
const SCENARIO: &str = r#"
[simulation]
horizon = "1h"

[instance]
max_concurrent_calls = 4

[[az]]
name = "az1"

[[az]]
name = "az2"

[[carrier]]
name = "carrier-a"

[[carrier]]
name = "carrier-b"

[[link]]
carrier = "carrier-a"
az = "az1"
channels = 10

[[link]]
carrier = "carrier-a"
az = "az2"
channels = 20

[[link]]
carrier = "carrier-b"
az = "az1"
channels = 5

[[number]]
name = "did-a"
type = "did"
carrier = "carrier-a"
max_concurrent = 3

[[number]]
name = "did-b"
type = "did"
carrier = "carrier-b"

[[number]]
name = "tf"
type = "toll-free"
carriers = ["carrier-b", "carrier-a"]
"#;

#[test]
fn routes_follow_the_numbers_carriers_in_order() {
    let scenario = Scenario::from_toml_str(SCENARIO, "routing.toml").unwrap_or_else(|e| panic!("{e}"));
    let model = scenario.model();
    let routes: Vec<&[usize]> = model.numbers().iter().map(|n| n.routes.as_slice()).collect();
    assert_eq!(routes[0], &[0, 1], "did-a: carrier-a's links");
    assert_eq!(routes[1], &[2], "did-b: carrier-b's link");
    // Toll-free: carrier-b's links first (listed first), then carrier-a's.
    assert_eq!(routes[2], &[2, 0, 1], "tf");
    // The caps and quota the admission unit tests assume: did-b has the DID default of 100.
    let caps: Vec<Option<u32>> = model.numbers().iter().map(|n| n.max_concurrent).collect();
    assert_eq!(caps, [Some(3), Some(100), None]);
    assert_eq!(model.instance().max_concurrent_calls, Some(4));
}
