//! Simulated time.
//!
//! Simulated time is a number of **seconds** held in an `f64`, starting at 0
//! at the beginning of a replication (warm-up included). Times are never
//! negative nor NaN, so their IEEE-754 bit patterns order like the values
//! themselves; the event queue relies on that (see [`time_bits`]).
//! Nothing in callsim reads the wall clock to decide a simulated value.

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

#[cfg(test)]
mod tests {
    use super::*;

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
