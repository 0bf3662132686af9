//! Changing a validated scenario: every change is made to the raw shape the
//! scenario was validated from, and the whole scenario is validated again
//! (with the trace files it keeps, so nothing is read), so a changed
//! scenario is as valid as one read from a file, and a refused change gets
//! the message, with its TOML path, that the file would have got.

use super::builder::{Target, raw_outage};
use super::raw::{RawAgents, RawCarrier, RawInstance, RawLink, RawScenario, RawSimulation};
use super::{Problem, Scenario, ScenarioError, SimulationSettings, validated};
use crate::engine::time::Duration;

impl Scenario {
    /// This scenario with `change` made to its raw shape, validated again.
    fn changed(&self, change: impl FnOnce(&mut RawScenario) -> Result<(), Problem>) -> Result<Scenario, ScenarioError> {
        let mut raw = (*self.raw).clone();
        change(&mut raw).map_err(|p| ScenarioError::Invalid { file: self.file.clone(), problems: vec![p] })?;
        validated(raw, &self.file, &self.name, self.sources.clone())
    }

    /// This scenario with its `[simulation]` changed by `change`.
    fn with_sim(&self, change: impl FnOnce(&mut RawSimulation)) -> Result<Scenario, ScenarioError> {
        self.changed(|raw| {
            let sim = raw.simulation.get_or_insert(RawSimulation {
                horizon: None,
                warmup: None,
                replications: None,
                seed: None,
            });
            change(sim);
            Ok(())
        })
    }

    /// This scenario measured over `seconds` per replication (`simulation.horizon`, > 0).
    pub fn with_horizon_s(&self, seconds: f64) -> Result<Scenario, ScenarioError> {
        self.with_sim(|s| s.horizon = Some(Duration(seconds)))
    }

    /// This scenario with a warm-up of `seconds` per replication (`simulation.warmup`, >= 0).
    pub fn with_warmup_s(&self, seconds: f64) -> Result<Scenario, ScenarioError> {
        self.with_sim(|s| s.warmup = Some(Duration(seconds)))
    }

    /// This scenario with `replications` replications (`simulation.replications`, from 1).
    pub fn with_replications(&self, replications: u32) -> Result<Scenario, ScenarioError> {
        self.with_sim(|s| s.replications = Some(replications))
    }

    /// This scenario with base seed `seed` (`simulation.seed`).
    pub fn with_seed(&self, seed: u64) -> Result<Scenario, ScenarioError> {
        self.with_sim(|s| s.seed = Some(seed))
    }

    /// This scenario with all of `[simulation]` set to `settings` (one validation).
    pub fn with_simulation(&self, settings: &SimulationSettings) -> Result<Scenario, ScenarioError> {
        self.with_sim(|s| {
            s.horizon = Some(Duration(settings.horizon_s));
            s.warmup = Some(Duration(settings.warmup_s));
            s.replications = Some(settings.replications);
            s.seed = Some(settings.seed);
        })
    }

    /// This scenario with the concurrent-call cap of number `name` set to
    /// `calls` (`number[i].max_concurrent`, from 1). `name` is a
    /// `[[number]]` entry: a number, or a DID bank (every DID of a bank has
    /// the bank's cap, so a bank's DID cannot be given one of its own).
    pub fn with_number_cap(&self, name: &str, calls: u32) -> Result<Scenario, ScenarioError> {
        let bank_of = self.model.number_index(name).and_then(|n| self.model.numbers[n].bank);
        self.changed(|raw| {
            if let Some(entry) = raw.number.iter_mut().find(|n| n.name == name) {
                entry.max_concurrent = Some(calls);
                return Ok(());
            }
            Err(match bank_of {
                Some(b) => {
                    let bank = &self.model.banks[b].name;
                    let i = raw.number.iter().position(|n| &n.name == bank).unwrap_or(0);
                    Problem::new(
                        format!("number[{i}].max_concurrent"),
                        format!(
                            "\"{name}\" is a DID of bank \"{bank}\", whose DIDs share one cap: change the cap of \"{bank}\""
                        ),
                    )
                }
                None => Problem::new("number", format!("no number or bank \"{name}\" in the scenario")),
            })
        })
    }

    /// This scenario with queue `name` staffed by `agents` agents
    /// (`queue[i].agents`, from 1).
    pub fn with_queue_agents(&self, name: &str, agents: u32) -> Result<Scenario, ScenarioError> {
        self.changed(|raw| match raw.queue.iter_mut().find(|q| q.name == name) {
            Some(entry) => {
                entry.agents = RawAgents::Count(agents as i64);
                Ok(())
            }
            None => Err(Problem::new("queue", format!("no queue \"{name}\" in the scenario"))),
        })
    }

    /// This scenario with queue `name`'s service-level threshold set to
    /// `seconds` (`queue[i].answer_within`, >= 0).
    pub fn with_queue_answer_within_s(&self, name: &str, seconds: f64) -> Result<Scenario, ScenarioError> {
        self.changed(|raw| match raw.queue.iter_mut().find(|q| q.name == name) {
            Some(entry) => {
                entry.answer_within = Some(Duration(seconds));
                Ok(())
            }
            None => Err(Problem::new("queue", format!("no queue \"{name}\" in the scenario"))),
        })
    }

    /// This scenario with DID bank `name` holding `count` DIDs
    /// (`number[i].count`, from 1): DIDs `name-1` .. `name-count`, alike.
    /// Traffic to the bank keeps its random streams (they are named after
    /// the bank), so banks of different sizes see the same callers.
    pub fn with_bank_count(&self, name: &str, count: u32) -> Result<Scenario, ScenarioError> {
        self.changed(|raw| match raw.number.iter_mut().find(|n| n.name == name && n.count.is_some()) {
            Some(entry) => {
                entry.count = Some(count);
                Ok(())
            }
            None => Err(Problem::new(
                "number",
                format!("no DID bank \"{name}\" (a [[number]] with count = N) in the scenario"),
            )),
        })
    }

    /// This scenario with link `name` (`carrier/az`) carrying `channels`
    /// calls at once (`link[i].channels`, from 1).
    pub fn with_link_channels(&self, name: &str, channels: u32) -> Result<Scenario, ScenarioError> {
        self.with_links_channels(&[name], channels)
    }

    /// This scenario with each link of `names` (`carrier/az`) carrying
    /// `channels` calls at once (one validation).
    pub fn with_links_channels(&self, names: &[&str], channels: u32) -> Result<Scenario, ScenarioError> {
        self.changed(|raw| {
            for name in names {
                let link = raw.link.iter_mut().find(|l| name.split_once('/') == Some((&l.carrier, &l.az)));
                match link {
                    Some(l) => l.channels = channels,
                    None => return Err(Problem::new("link", format!("no link \"{name}\" in the scenario"))),
                }
            }
            Ok(())
        })
    }

    /// This scenario with one more carrier, `name`, that never fails as a
    /// whole, and its link into `az` with `channels` channels (`carrier[i]`
    /// and `link[j]`, after the others). No number uses it yet: see
    /// [`Scenario::with_number_carrier`].
    pub fn with_carrier(&self, name: &str, az: &str, channels: u32) -> Result<Scenario, ScenarioError> {
        self.changed(|raw| {
            raw.carrier.push(RawCarrier {
                name: name.to_string(),
                mtbf: None,
                mttr: None,
                time_to_failure: None,
                time_to_repair: None,
                cps: None,
                cps_queue: None,
            });
            raw.link.push(RawLink {
                carrier: name.to_string(),
                az: az.to_string(),
                channels,
                mtbf: None,
                mttr: None,
                time_to_failure: None,
                time_to_repair: None,
                cps: None,
                cps_queue: None,
            });
            Ok(())
        })
    }

    /// This scenario with `carrier` added, last, to the carriers of number
    /// `number` (a `[[number]]` entry; a DID keeps to one carrier, so
    /// validation refuses a second).
    pub fn with_number_carrier(&self, number: &str, carrier: &str) -> Result<Scenario, ScenarioError> {
        self.changed(|raw| {
            let Some(n) = raw.number.iter_mut().find(|n| n.name == number) else {
                return Err(Problem::new("number", format!("no number or bank \"{number}\" in the scenario")));
            };
            let mut carriers: Vec<String> =
                n.carrier.take().into_iter().chain(n.carriers.take().into_iter().flatten()).collect();
            carriers.push(carrier.to_string());
            n.carriers = Some(carriers);
            Ok(())
        })
    }

    /// This scenario with one more scheduled outage (`outage[i]`): `target`
    /// held down from `start_s` seconds after warm-up, for `duration_s` seconds (> 0).
    pub fn with_outage(&self, target: Target, start_s: f64, duration_s: f64) -> Result<Scenario, ScenarioError> {
        self.changed(|raw| {
            raw.outage.push(raw_outage(target, start_s, duration_s));
            Ok(())
        })
    }

    /// This scenario with the instance's concurrent-call quota set to
    /// `calls` (`instance.max_concurrent_calls`, from 1).
    pub fn with_instance_quota(&self, calls: u32) -> Result<Scenario, ScenarioError> {
        self.changed(|raw| {
            let instance = raw.instance.get_or_insert(RawInstance { max_concurrent_calls: None, ivr: None });
            instance.max_concurrent_calls = Some(calls);
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::scenario::Scenario;
    use crate::traffic::{HoldingTime, SpreadMode};

    fn design() -> Scenario {
        Scenario::builder("with")
            .horizon_s(3_600.0)
            .az("az1")
            .carrier("a")
            .link("a", "az1", 10)
            .did("main", "a", Some(5))
            .did_bank("bank", "a", 3, Some(4))
            .poisson("main", 60.0, HoldingTime::Exponential { mean_s: 60.0 })
            .poisson_to_bank("bank", 60.0, HoldingTime::Exponential { mean_s: 60.0 }, SpreadMode::Uniform)
            .build()
            .unwrap()
    }

    #[test]
    fn changes_are_validated_again_with_the_file_messages() {
        let s = design();
        let t = s.with_horizon_s(7_200.0).unwrap().with_replications(3).unwrap().with_seed(9).unwrap();
        assert_eq!((t.simulation().horizon_s(), t.simulation().replications(), t.simulation().seed()), (7_200.0, 3, 9));
        assert_eq!(t.model(), s.model(), "only the settings changed");
        let e = s.with_replications(0).unwrap_err().to_string();
        assert!(e.contains("`simulation.replications`: must be between 1 and 1000000, got 0"), "{e}");
        let e = s.with_horizon_s(0.0).unwrap_err().to_string();
        assert!(e.contains("`simulation.horizon`: must be > 0"), "{e}");
        let e = s.with_warmup_s(f64::NAN).unwrap_err().to_string();
        assert!(e.contains("`simulation.warmup`: must be a duration of 0 to 1e12 seconds, got NaN"), "{e}");
        let e = s.with_link_channels("a/az1", 0).unwrap_err().to_string();
        assert!(e.contains("`link[0].channels`: must be >= 1"), "{e}");
        let e = s.with_number_cap("main", 0).unwrap_err().to_string();
        assert!(e.contains("`number[0].max_concurrent`: must be >= 1"), "{e}");
        let e = s.with_instance_quota(0).unwrap_err().to_string();
        assert!(e.contains("`instance.max_concurrent_calls`: must be >= 1"), "{e}");
    }

    #[test]
    fn capacities_change_where_the_file_would() {
        let s = design();
        let m = s.with_number_cap("main", 7).unwrap();
        assert_eq!(m.model().numbers()[0].max_concurrent, Some(7));
        let b = s.with_number_cap("bank", 2).unwrap();
        assert!(b.model().numbers()[1..].iter().all(|n| n.max_concurrent == Some(2)));
        let e = s.with_number_cap("bank-2", 2).unwrap_err().to_string();
        assert!(e.contains("`number[1].max_concurrent`: \"bank-2\" is a DID of bank \"bank\""), "{e}");
        assert_eq!(s.with_link_channels("a/az1", 20).unwrap().model().links()[0].channels, 20);
        assert!(s.with_link_channels("b/az1", 20).unwrap_err().to_string().contains("no link \"b/az1\""));
        assert_eq!(s.with_instance_quota(8).unwrap().model().instance().max_concurrent_calls, Some(8));
        let c = s.with_bank_count("bank", 5).unwrap();
        assert_eq!(c.model().banks()[0].count, 5);
        assert_eq!(c.model().numbers().len(), 6);
        assert!(s.with_bank_count("main", 5).unwrap_err().to_string().contains("no DID bank \"main\""));
        let e = s.with_bank_count("bank", 0).unwrap_err().to_string();
        assert!(e.contains("number[1].count"), "{e}");
    }
}
