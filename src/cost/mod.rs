//! The cost of a design: telephony per minute by number type, number
//! rental per day, and contact-center service per minute, from the prices
//! a scenario gives in `[cost]`.
//!
//! # What is charged
//! For each number over one replication's measured window of `H` seconds:
//! - **telephony**: its type's `per_minute` price x its call minutes, the
//!   time-integral of its calls in progress (`mean_concurrency x H / 60`).
//!   Billing is per second of call (no per-call rounding). A forwarded
//!   call is on both numbers, so both numbers' telephony is charged.
//! - **service**: `service_per_minute` x its call minutes, unless the number
//!   forwards its calls (they reach the instance through the number they are
//!   forwarded to, which pays the service): each call delivered to the
//!   instance pays the service once.
//! - **numbers**: its type's `per_day` price x `H / 86,400` (pro rata).
//!
//! Costs are then expressed per day (`/ (H / 86,400)`), per month (a month
//! is [`DAYS_PER_MONTH`] days) and per completed call. Each statistic is
//! computed per replication and summarised over replications (mean and 95%
//! interval), like every other figure.

use crate::model::{Model, Prices};
use crate::sim::ReplicationOutcome;

/// Days in a month: 365.25 / 12.
pub const DAYS_PER_MONTH: f64 = 30.4375;
/// Seconds in a day.
const DAY_S: f64 = 86_400.0;
/// One number's charges over one replication's measured window, currency units.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Charges {
    /// Telephony minutes.
    pub telephony: f64,
    /// Service minutes.
    pub service: f64,
    /// Number rental.
    pub numbers: f64,
}

impl Charges {
    /// Everything together.
    pub fn total(&self) -> f64 {
        self.telephony + self.service + self.numbers
    }

    /// Adds `other`.
    pub fn add(&mut self, other: Charges) {
        self.telephony += other.telephony;
        self.service += other.service;
        self.numbers += other.numbers;
    }
}

/// Each number's charges in replication `outcome` of `model` over a window
/// of `horizon_s` seconds, in model order.
pub fn charges(model: &Model, prices: &Prices, outcome: &ReplicationOutcome, horizon_s: f64) -> Vec<Charges> {
    let mut forwards = vec![false; model.numbers.len()];
    for f in &model.forwards {
        forwards[f.from] = true;
    }
    (model.numbers.iter().zip(&outcome.numbers).zip(forwards).enumerate())
        .map(|(i, ((number, o), forwards))| {
            let p = prices.numbers.get(i).copied().flatten().unwrap_or_else(|| prices.of(number.kind));
            let minutes = o.mean_concurrency * horizon_s / 60.0;
            Charges {
                telephony: p.per_minute * minutes,
                service: if forwards { 0.0 } else { prices.service_per_minute * minutes },
                numbers: p.per_day * horizon_s / DAY_S,
            }
        })
        .collect()
}

/// Converts a charge over a window of `horizon_s` seconds to a charge per day.
pub fn per_day(charge: f64, horizon_s: f64) -> f64 {
    charge / (horizon_s / DAY_S)
}

/// Converts a charge over a window of `horizon_s` seconds to a charge per month.
pub fn per_month(charge: f64, horizon_s: f64) -> f64 {
    per_day(charge, horizon_s) * DAYS_PER_MONTH
}

/// Nines of availability: `-log10(1 - availability)` (`None` at 1: no outage seen).
pub fn nines(availability: f64) -> Option<f64> {
    (availability < 1.0).then(|| -(1.0 - availability).log10())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::NumberPrices;

    /// Replication 0 of `s`.
    fn run(s: &crate::scenario::Scenario) -> crate::sim::ReplicationOutcome {
        let m = &s.simulation;
        let settings = crate::sim::RunSettings { horizon_s: m.horizon_s, warmup_s: m.warmup_s, seed: m.seed };
        crate::sim::run_replication(&s.model, &settings, 0).expect("a small test design fits the queue")
    }
    use crate::scenario::Scenario;
    use crate::traffic::HoldingTime;

    #[test]
    fn charges_follow_minutes_rental_and_forwarding() {
        let s = Scenario::builder("c")
            .horizon_s(2.0 * DAY_S)
            .az("az1")
            .carrier("a")
            .link("a", "az1", 100)
            .toll_free("tf", &["a"])
            .did("d", "a", Some(10))
            .forward("tf", "d")
            .poisson("tf", 60.0, HoldingTime::Fixed { value_s: 60.0 })
            .build()
            .unwrap();
        let prices = Prices {
            currency: "USD".into(),
            service_per_minute: 0.02,
            toll_free: NumberPrices { per_minute: 0.01, per_day: 0.5 },
            did: NumberPrices { per_minute: 0.002, per_day: 0.1 },
            numbers: Vec::new(),
        };
        let mut o = run(&s);
        // Force round figures: 1.5 calls in progress on each number for two days
        // is 1.5 x 2,880 = 4,320 minutes.
        o.numbers[0].mean_concurrency = 1.5;
        o.numbers[1].mean_concurrency = 1.5;
        let c = charges(&s.model, &prices, &o, 2.0 * DAY_S);
        // The toll-free number forwards: telephony 4,320 x 0.01, no service, 2 days x 0.5.
        assert!((c[0].telephony - 43.2).abs() < 1e-9);
        assert_eq!(c[0].service, 0.0);
        assert!((c[0].numbers - 1.0).abs() < 1e-12);
        // The DID receives the forwarded calls: 4,320 x 0.002, service 4,320 x 0.02, 2 x 0.1.
        assert!((c[1].telephony - 8.64).abs() < 1e-9);
        assert!((c[1].service - 86.4).abs() < 1e-9);
        assert!((c[1].numbers - 0.2).abs() < 1e-12);
        assert!((per_month(c[1].numbers, 2.0 * DAY_S) - 0.1 * DAYS_PER_MONTH).abs() < 1e-12);
    }

    #[test]
    fn a_number_priced_apart_overrides_its_type() {
        let prices = Prices {
            currency: "USD".into(),
            service_per_minute: 0.0,
            toll_free: NumberPrices { per_minute: 0.01, per_day: 0.5 },
            did: NumberPrices { per_minute: 0.002, per_day: 0.1 },
            numbers: Vec::new(),
        };
        let s = Scenario::builder("c")
            .horizon_s(DAY_S)
            .az("az1")
            .carrier("a")
            .link("a", "az1", 100)
            .did("plain", "a", None)
            .did_bank("bank", "a", 3, None)
            .prices(&prices)
            .number_prices("bank", 0.004, 0.2)
            .build()
            .unwrap();
        let p = s.model.prices.as_ref().unwrap();
        assert_eq!(p.numbers.len(), 4);
        assert_eq!(p.numbers[0], None);
        assert!(p.numbers[1..].iter().all(|n| *n == Some(NumberPrices { per_minute: 0.004, per_day: 0.2 })));
        let mut o = run(&s);
        for n in &mut o.numbers {
            n.mean_concurrency = 1.0; // 1,440 minutes in the day
        }
        let c = charges(&s.model, p, &o, DAY_S);
        assert!((c[0].telephony - 1440.0 * 0.002).abs() < 1e-9 && (c[0].numbers - 0.1).abs() < 1e-12);
        assert!((c[3].telephony - 1440.0 * 0.004).abs() < 1e-9 && (c[3].numbers - 0.2).abs() < 1e-12);
    }

    #[test]
    fn nines_of_availability() {
        assert!((nines(0.999).unwrap() - 3.0).abs() < 1e-9);
        assert!((nines(0.99995).unwrap() - 4.30103).abs() < 1e-5);
        assert_eq!(nines(1.0), None);
    }
}
