//! Durations as the scenario writes them: a number and a unit, `"90s"`.

use serde::de::{self, Deserialize, Deserializer, Visitor};
use std::fmt;

/// What a duration may look like, for error messages.
pub const DURATION_HELP: &str =
    "a duration string: a non-negative number and a unit ms, s, m, h or d, like \"90s\", \"3m\", \"1.5h\", \"7d\"";

/// Longest duration accepted, seconds (about 31,700 years): every time
/// callsim computes then stays finite and resolvable in an `f64`.
pub const MAX_DURATION_S: f64 = 1e12;

/// A duration read from a scenario, in seconds (finite, >= 0).
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd)]
pub struct Duration(pub f64);

impl Duration {
    /// Seconds.
    pub fn seconds(self) -> f64 {
        self.0
    }
}

/// Parses `"90s"`, `"3m"`, `"4h"`, `"7d"`, `"250ms"`, `"1.5h"` into seconds.
/// Whitespace between number and unit is allowed. The error says what was
/// wrong and what is allowed.
pub fn parse_duration(text: &str) -> Result<f64, String> {
    let t = text.trim();
    let split = t.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '_')).unwrap_or(t.len());
    let (num, unit) = (t[..split].trim(), t[split..].trim());
    if num.is_empty() {
        return Err(format!("\"{text}\" is not a duration: expected {DURATION_HELP}"));
    }
    let value: f64 =
        num.replace('_', "").parse().map_err(|_| format!("\"{text}\" is not a duration: expected {DURATION_HELP}"))?;
    let scale = match unit {
        "ms" => 0.001,
        "s" => 1.0,
        "m" | "min" => 60.0,
        "h" => 3_600.0,
        "d" => 86_400.0,
        "" => return Err(format!("\"{text}\" has no unit: expected {DURATION_HELP}")),
        // "1e400d": the number stops at the 'e'; say so rather than "unknown unit e400d".
        _ if unit.starts_with(['e', 'E'])
            && unit[1..].starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '+') =>
        {
            return Err(format!(
                "\"{text}\": exponents (like 1e3) are not accepted in durations: write the number in full, like \"1000s\" (durations are at most 1e12 s): expected {DURATION_HELP}"
            ));
        }
        _ => {
            return Err(format!("\"{text}\" has an unknown unit \"{unit}\": expected {DURATION_HELP}"));
        }
    };
    let seconds = value * scale;
    if seconds.is_nan() || seconds > MAX_DURATION_S {
        return Err(format!("\"{text}\" is too long: durations are at most 1e12 s (about 31,700 years)"));
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
            let e = parse_duration(text).unwrap_err();
            assert!(e.contains("exponents") && !e.contains("unknown unit"), "{text}: {e}");
        }
        // A unit that merely starts with an 'e' is still an unknown unit.
        assert!(parse_duration("3eons").unwrap_err().contains("unknown unit"));
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
            let err = parse_duration(bad).unwrap_err();
            assert!(err.contains("ms, s, m, h or d"), "{bad}: {err}");
        }
    }
}
