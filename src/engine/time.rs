//! Simulated time.
//!
//! Simulated time is a number of **seconds** held in an `f64`, starting at 0
//! at the beginning of a replication (warm-up included). Times are never
//! negative nor NaN, so their IEEE-754 bit patterns order like the values
//! themselves; the event queue relies on that (see [`time_bits`]).
//! Nothing in callsim reads the wall clock to decide a simulated value.
//!
//! Durations are written as a number and a unit (`"90s"`, `"3m"`, `"7d"`):
//! [`parse_duration`] reads them, [`format_duration`] writes them.

use serde::de::{self, Deserialize, Deserializer, Visitor};
use std::fmt;

/// A point in, or a length of, simulated time, in seconds.
pub type Seconds = f64;

/// One minute, in seconds.
pub const MINUTE: Seconds = 60.0;
/// One hour, in seconds.
pub const HOUR: Seconds = 3_600.0;
/// One day, in seconds.
pub const DAY: Seconds = 86_400.0;

/// The bit pattern of a non-negative, non-NaN time, as an integer that
/// orders exactly like the time (`a < b` iff `time_bits(a) < time_bits(b)`).
///
/// `-0.0` is mapped to the bits of `+0.0` so that both compare equal.
#[inline]
pub fn time_bits(t: Seconds) -> u64 {
    debug_assert!(t >= 0.0, "simulated time must be >= 0, got {t}");
    // Adding 0.0 turns -0.0 into +0.0 and leaves every other value unchanged.
    (t + 0.0).to_bits()
}

/// Formats a duration in seconds with the largest unit that keeps it short:
/// `"90s"`, `"3m"`, `"4h"`, `"7d"`, `"1.5h"`.
pub fn format_duration(s: Seconds) -> String {
    let (value, unit) = if s >= DAY && (s / DAY).fract() == 0.0 {
        (s / DAY, "d")
    } else if s >= HOUR {
        (s / HOUR, "h")
    } else if s >= MINUTE {
        (s / MINUTE, "m")
    } else if s >= 1.0 || s == 0.0 {
        (s, "s")
    } else {
        (s * 1_000.0, "ms")
    };
    let rounded = (value * 100.0).round() / 100.0;
    format!("{rounded}{unit}")
}

/// What a duration may look like, for error messages.
pub const DURATION_HELP: &str =
    "a duration string: a non-negative number and a unit ms, s, m, h or d, like \"90s\", \"3m\", \"1.5h\", \"7d\"";

/// Longest duration accepted, seconds (about 31,700 years): every time
/// callsim computes then stays finite and resolvable in an `f64`.
pub const MAX_DURATION_S: f64 = 1e12;

/// A duration as written with a unit (`"90s"`), in seconds (finite, >= 0).
/// Deserializes from such a string.
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd)]
pub struct Duration(pub f64);

impl Duration {
    /// Seconds.
    pub fn seconds(self) -> f64 {
        self.0
    }
}

/// Why a text is not a duration. Each message quotes the text and says what
/// is allowed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DurationError {
    /// No number before the unit, or one that does not parse.
    #[error("\"{text}\" is not a duration: expected {}", DURATION_HELP)]
    NotANumber {
        /// The text as given.
        text: String,
    },
    /// A number without a unit.
    #[error("\"{text}\" has no unit: expected {}", DURATION_HELP)]
    NoUnit {
        /// The text as given.
        text: String,
    },
    /// A unit other than ms, s, m (min), h, d.
    #[error("\"{text}\" has an unknown unit \"{unit}\": expected {}", DURATION_HELP)]
    UnknownUnit {
        /// The text as given.
        text: String,
        /// The unit found.
        unit: String,
    },
    /// A number in scientific notation (`1e400d`): the number stops at the
    /// `e`, so it would otherwise read as an unknown unit.
    #[error(
        "\"{text}\": exponents (like 1e3) are not accepted in durations: write the number in full, like \"1000s\" (durations are at most 1e12 s): expected {}",
        DURATION_HELP
    )]
    Exponent {
        /// The text as given.
        text: String,
    },
    /// Longer than [`MAX_DURATION_S`] (or not a number once scaled).
    #[error("\"{text}\" is too long: durations are at most 1e12 s (about 31,700 years)")]
    TooLong {
        /// The text as given.
        text: String,
    },
}

/// Parses `"90s"`, `"3m"`, `"4h"`, `"7d"`, `"250ms"`, `"1.5h"` into seconds.
/// Whitespace between number and unit is allowed. The error says what was
/// wrong and what is allowed.
pub fn parse_duration(text: &str) -> Result<Seconds, DurationError> {
    let t = text.trim();
    let split = t.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '_')).unwrap_or(t.len());
    let (num, unit) = (t[..split].trim(), t[split..].trim());
    let not_a_number = || DurationError::NotANumber { text: text.to_string() };
    if num.is_empty() {
        return Err(not_a_number());
    }
    let value: f64 = num.replace('_', "").parse().map_err(|_| not_a_number())?;
    let scale = match unit {
        "ms" => 0.001,
        "s" => 1.0,
        "m" | "min" => MINUTE,
        "h" => HOUR,
        "d" => DAY,
        "" => return Err(DurationError::NoUnit { text: text.to_string() }),
        _ if unit.starts_with(['e', 'E'])
            && unit[1..].starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '+') =>
        {
            return Err(DurationError::Exponent { text: text.to_string() });
        }
        _ => return Err(DurationError::UnknownUnit { text: text.to_string(), unit: unit.to_string() }),
    };
    let seconds = value * scale;
    if seconds.is_nan() || seconds > MAX_DURATION_S {
        return Err(DurationError::TooLong { text: text.to_string() });
    }
    Ok(seconds)
}

impl<'de> Deserialize<'de> for Duration {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Duration;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(DURATION_HELP)
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Duration, E> {
                parse_duration(s).map(Duration).map_err(E::custom)
            }
        }
        d.deserialize_str(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exponents_are_refused_as_exponents() {
        for text in ["1e400d", "2E3s", "1e-3h", "5e+2m"] {
            let e = parse_duration(text).unwrap_err().to_string();
            assert!(e.contains("exponents") && !e.contains("unknown unit"), "{text}: {e}");
        }
        // A unit that merely starts with an 'e' is still an unknown unit.
        assert!(parse_duration("3eons").unwrap_err().to_string().contains("unknown unit"));
    }

    #[test]
    fn parses_every_unit() {
        assert_eq!(parse_duration("90s"), Ok(90.0));
        assert_eq!(parse_duration("3m"), Ok(180.0));
        assert_eq!(parse_duration("4h"), Ok(14_400.0));
        assert_eq!(parse_duration("7d"), Ok(604_800.0));
        assert_eq!(parse_duration("250ms"), Ok(0.25));
        assert_eq!(parse_duration("1.5h"), Ok(5_400.0));
        assert_eq!(parse_duration(" 2 h "), Ok(7_200.0));
        assert_eq!(parse_duration("0s"), Ok(0.0));
    }

    #[test]
    fn refuses_what_is_not_a_duration() {
        for bad in ["", "h", "90", "-5s", "5 days", "1e3s", "5sec", "nan", "1.2.3s", "1e400d"] {
            let err = parse_duration(bad).unwrap_err().to_string();
            assert!(err.contains("ms, s, m, h or d"), "{bad}: {err}");
        }
        assert_eq!(
            parse_duration("90").unwrap_err().to_string(),
            format!("\"90\" has no unit: expected {DURATION_HELP}")
        );
        assert_eq!(
            parse_duration("5sec").unwrap_err(),
            DurationError::UnknownUnit { text: "5sec".into(), unit: "sec".into() }
        );
        // Scientific notation is refused as such (not as an unknown unit "e12s").
        assert_eq!(parse_duration("2e12s").unwrap_err(), DurationError::Exponent { text: "2e12s".into() });
        assert_eq!(
            parse_duration("20000000000000s").unwrap_err().to_string(),
            "\"20000000000000s\" is too long: durations are at most 1e12 s (about 31,700 years)"
        );
    }

    #[test]
    fn bits_order_like_values() {
        let values = [0.0, 1e-300, 0.5, 1.0, 1.0 + f64::EPSILON, 3600.0, 1e300];
        for w in values.windows(2) {
            assert!(time_bits(w[0]) < time_bits(w[1]), "{} vs {}", w[0], w[1]);
        }
        assert_eq!(time_bits(-0.0), time_bits(0.0));
    }

    #[test]
    fn durations_format_with_units() {
        assert_eq!(format_duration(90.0), "1.5m");
        assert_eq!(format_duration(7.0 * DAY), "7d");
        assert_eq!(format_duration(6.0 * HOUR), "6h");
        assert_eq!(format_duration(0.25), "250ms");
        assert_eq!(format_duration(0.0), "0s");
    }
}
