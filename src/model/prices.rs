//! Prices of a design (`[cost]` in a scenario): pure data, validated with
//! the rest of the model. What they make a design cost is computed in
//! `crate::cost`.

use super::NumberKind;

/// The largest price accepted, in currency units.
pub const MAX_PRICE: f64 = 1e6;

/// Prices of one number type.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct NumberPrices {
    /// Telephony, per minute of call on a number of this type (currency units).
    pub per_minute: f64,
    /// Rental of one number of this type, per day (currency units).
    pub per_day: f64,
}

/// The prices of a design (`[cost]`).
#[derive(Clone, Debug, PartialEq)]
pub struct Prices {
    /// Currency code or symbol, e.g. `USD` (for display only).
    pub currency: String,
    /// Contact-center service, per minute of each call delivered to the instance.
    pub service_per_minute: f64,
    /// Prices of toll-free numbers.
    pub toll_free: NumberPrices,
    /// Prices of DIDs.
    pub did: NumberPrices,
    /// Per number (model order), prices that override its type's (`[cost.numbers]`);
    /// empty when no number has its own.
    pub numbers: Vec<Option<NumberPrices>>,
}

impl Prices {
    /// The prices of numbers of `kind`.
    pub fn of(&self, kind: NumberKind) -> NumberPrices {
        match kind {
            NumberKind::TollFree => self.toll_free,
            NumberKind::Did => self.did,
        }
    }
}
