//! `[cost]`: prices per number type, and per number or bank.

use super::Problems;
use super::names::{Names, lookup};
use crate::model::{Bank, Number};
use crate::model::{MAX_PRICE, NumberPrices, Prices};
use crate::scenario::raw::{RawCost, RawNumberPrices};

/// A price at `cost.{path}`: finite, from 0 to [`MAX_PRICE`]; absent, 0.
fn price(p: &mut Problems, path: &str, value: Option<f64>) -> f64 {
    match value {
        None => 0.0,
        Some(v) if v.is_finite() && (0.0..=MAX_PRICE).contains(&v) => v,
        Some(v) => {
            p.add(format!("cost.{path}"), format!("must be a price from 0 to {MAX_PRICE:e}, got {v}"));
            0.0
        }
    }
}

/// `[cost]` but its per-number prices; absent prices are 0.
pub(super) fn prices(p: &mut Problems, raw: &RawCost) -> Prices {
    let mut number = |kind: &str, raw: &Option<RawNumberPrices>| {
        let raw = raw.as_ref();
        NumberPrices {
            per_minute: price(p, &format!("{kind}.per_minute"), raw.and_then(|r| r.per_minute)),
            per_day: price(p, &format!("{kind}.per_day"), raw.and_then(|r| r.per_day)),
        }
    };
    let toll_free = number("toll-free", &raw.toll_free);
    let did = number("did", &raw.did);
    let service_per_minute = price(p, "service_per_minute", raw.service_per_minute);
    let currency = raw.currency.clone().unwrap_or_else(|| "USD".to_string());
    let valid =
        |c: &str| !c.is_empty() && c.chars().count() <= 8 && !c.chars().any(|ch| ch.is_control() || ch.is_whitespace());
    if !valid(&currency) {
        p.add(
            "cost.currency",
            format!("must be a code or symbol of 1 to 8 characters without spaces, like \"USD\", got {currency:?}"),
        );
    }
    Prices { currency, service_per_minute, toll_free, did, numbers: Vec::new() }
}

/// `[cost.numbers]`: prices of particular numbers or banks (every DID of a
/// bank), each key overriding the one of its type.
pub(super) fn number_prices(
    p: &mut Problems,
    names: &Names,
    raw: &RawCost,
    prices: &mut Prices,
    numbers: &[Number],
    banks: &[Bank],
) {
    if raw.numbers.is_empty() {
        return;
    }
    prices.numbers = vec![None; numbers.len()];
    for (name, r) in &raw.numbers {
        let path = format!("numbers.{name}");
        let members: Vec<usize> = match (names.bank.get(name.as_str()), names.number.get(name.as_str())) {
            (Some(&b), _) => banks[b].members().collect(),
            (None, Some(&n)) => vec![n],
            (None, None) => {
                lookup(p, &format!("cost.{path}"), "number or bank", name, &names.numbers_and_banks());
                continue;
            }
        };
        let per_minute = r.per_minute.map(|v| price(p, &format!("{path}.per_minute"), Some(v)));
        let per_day = r.per_day.map(|v| price(p, &format!("{path}.per_day"), Some(v)));
        for m in members {
            let of_type = prices.of(numbers[m].kind);
            prices.numbers[m] = Some(NumberPrices {
                per_minute: per_minute.unwrap_or(of_type.per_minute),
                per_day: per_day.unwrap_or(of_type.per_day),
            });
        }
    }
}
