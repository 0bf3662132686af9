//! Replaying a call detail record export: `arrivals = { kind = "trace",
//! file = "calls.csv" }`.
//!
//! The file is CSV (RFC 4180, read by the `csv` crate: quoted fields may
//! hold commas, doubled quotes and line breaks; `\n` or `\r\n` line ends)
//! with a header naming at least the columns `timestamp`, `number` and
//! `duration`, in any order and any letter case (others are ignored). Blank
//! lines are skipped; fields are trimmed.
//!
//! `timestamp` is one of
//! - seconds, a plain number (`12.5`), on any origin;
//! - a date-time with a UTC offset or `Z` (RFC 3339 / ISO 8601, read by
//!   `jiff`): `2026-11-23T09:00:01+02:00`, `2026-11-23 07:00:01.250Z`,
//!   `2026-11-23T09:00:01+0200`, `2026-11-23T09:00:01-05`; a bracketed
//!   zone name after the offset (`+01:00[Europe/Paris]`, RFC 9557) is
//!   allowed and the offset is what counts;
//! - a naive date-time without offset (`2026-11-23 09:00:01`,
//!   `2026-11-23T09:00:01.250`), read as UTC.
//!
//! Date-times need a time of day, to the minute at least, and at most nine
//! fractional digits of a second; a leap second (`:60`) is read as `:59`.
//! Time-zone names are not looked up (no time-zone database is built in or
//! read from the system): a local time whose offset is known only by a zone
//! name (`2026-11-23T09:00[Europe/Paris]`) is refused, since its meaning
//! would hang on the database's version and results must not.
//!
//! A date-time counts as seconds since 1970-01-01T00:00:00Z: the whole
//! minutes, exactly, plus the seconds within the minute rounded once to the
//! nearest `f64`, as the plain number `SS.fff` would be.
//!
//! `duration` is seconds or a duration with a unit (`3m`). Times are taken
//! relative to the earliest timestamp of the whole file, which is placed at
//! the end of warm-up, so several `[[traffic]]` entries can replay the same
//! export, each taking the rows of its own number.

use crate::engine::time::parse_duration;
use jiff::fmt::temporal::{Pieces, TimeZoneAnnotationKind};
use std::sync::Arc;

/// Largest trace file read, bytes.
pub const MAX_TRACE_BYTES: u64 = 512 * 1024 * 1024;

/// One recorded call: when it arrived and how long it lasted.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TraceCall {
    /// Seconds after the trace's first call (placed at the end of warm-up).
    pub offset_s: f64,
    /// Its duration, seconds (> 0).
    pub duration_s: f64,
}

/// Why a trace could not be read. Each names the file (as given to
/// [`read`]) and, for a row, its line (1-based; the line a record starts on).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TraceError {
    /// No header: the file is empty or blank.
    #[error("{file} is empty: it needs a header timestamp,number,duration")]
    Empty {
        /// The trace's name.
        file: String,
    },
    /// The header lacks a required column.
    #[error("{file}: the header has no `{column}` column (found: {found}); it needs timestamp, number and duration")]
    MissingColumn {
        /// The trace's name.
        file: String,
        /// The column looked for: `timestamp`, `number` or `duration`.
        column: &'static str,
        /// The header's fields, comma-separated.
        found: String,
    },
    /// The CSV itself is malformed.
    #[error("{file}:{line}: {reason}")]
    Csv {
        /// The trace's name.
        file: String,
        /// The line where reading stopped.
        line: u64,
        /// What the CSV reader said.
        reason: String,
    },
    /// A row stops before a required column.
    #[error("{file}:{line}: {fields} fields, the header has {header}")]
    ShortRow {
        /// The trace's name.
        file: String,
        /// The row's line.
        line: u64,
        /// Fields in the row.
        fields: usize,
        /// Fields in the header.
        header: usize,
    },
    /// A timestamp that is neither seconds nor a date-time.
    #[error(
        "{file}:{line}: timestamp \"{text}\" is neither seconds nor a date-time like 2026-11-23 09:00:01 (UTC) or 2026-11-23T09:00:01+02:00 ({reason})"
    )]
    Timestamp {
        /// The trace's name.
        file: String,
        /// The row's line.
        line: u64,
        /// The field as written.
        text: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A duration that is neither seconds nor a duration with a unit.
    #[error("{file}:{line}: duration {reason}")]
    Duration {
        /// The trace's name.
        file: String,
        /// The row's line.
        line: u64,
        /// What is wrong with it.
        reason: String,
    },
    /// A duration of 0 seconds, negative or not finite.
    #[error("{file}:{line}: duration must be > 0 seconds, got \"{text}\"")]
    NonPositiveDuration {
        /// The trace's name.
        file: String,
        /// The row's line.
        line: u64,
        /// The field as written.
        text: String,
    },
    /// No row is for the number asked for.
    #[error("{file} has no call for number \"{number}\"")]
    NoCalls {
        /// The trace's name.
        file: String,
        /// The number asked for.
        number: String,
    },
}

/// Nanoseconds in a minute.
const MINUTE_NS: i128 = 60_000_000_000;

/// Seconds since 1970-01-01T00:00:00Z of a date-time (see the module doc
/// for the forms), or what is wrong with it.
fn date_time_s(text: &str) -> Result<f64, String> {
    let pieces = Pieces::parse(text).map_err(|e| e.to_string())?;
    let Some(time) = pieces.time() else {
        return Err("it has a date but no time of day".to_string());
    };
    let offset = match (pieces.to_numeric_offset(), pieces.time_zone_annotation().map(|a| a.kind())) {
        (Some(offset), _) => offset,
        (None, Some(TimeZoneAnnotationKind::Offset(offset))) => *offset,
        (None, Some(TimeZoneAnnotationKind::Named(name))) => {
            return Err(format!(
                "the time zone {} is not looked up: write the UTC offset, e.g. 2026-11-23T09:00:01+01:00",
                name.as_str()
            ));
        }
        (None, Some(_)) => return Err("it has a time-zone annotation but no UTC offset".to_string()),
        // Naive: read as UTC.
        (None, None) => jiff::tz::Offset::UTC,
    };
    let instant = offset.to_timestamp(pieces.date().to_datetime(time)).map_err(|e| e.to_string())?;
    // Whole minutes are exact in an f64 (|value| < 2^53 s); the seconds
    // within the minute, below 60 with at most 9 decimals, are an exact
    // integer of nanoseconds, and one IEEE division rounds them once, to the
    // same f64 as parsing the decimal `SS.fffffffff`.
    let ns = instant.as_nanosecond();
    Ok((ns.div_euclid(MINUTE_NS) * 60) as f64 + ns.rem_euclid(MINUTE_NS) as f64 / 1e9)
}

/// Seconds from a number of seconds or a date-time, or what is wrong.
fn timestamp_s(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(s) if s.is_finite() => Ok(s),
        Ok(_) => Err("seconds must be finite".to_string()),
        Err(_) => date_time_s(text),
    }
}

/// Reads the calls of `number` from trace `text` (`name` names it in errors).
/// Errors say the line and what is wrong.
pub fn read(text: &str, name: &str, number: &str) -> Result<Arc<[TraceCall]>, TraceError> {
    let file = || name.to_string();
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut row = csv::StringRecord::new();
    // The next record that is not a blank line (which the CSV reader gives
    // as one field of spaces), with its line.
    let mut next = |row: &mut csv::StringRecord| -> Result<Option<u64>, TraceError> {
        loop {
            let more = reader.read_record(row).map_err(|e| TraceError::Csv {
                file: file(),
                line: e.position().map_or(0, |p| p.line()),
                reason: e.to_string(),
            })?;
            if !more {
                return Ok(None);
            }
            if !(row.len() == 1 && row[0].trim().is_empty()) {
                // The record's position is where reading resumed, before
                // the empty lines the reader skips: count those too.
                let line = row.position().map_or(0, |p| {
                    let skipped = text.as_bytes().get(p.byte() as usize..).unwrap_or_default();
                    p.line()
                        + skipped.iter().take_while(|&&b| b == b'\n' || b == b'\r').filter(|&&b| b == b'\n').count()
                            as u64
                });
                return Ok(Some(line));
            }
        }
    };
    if next(&mut row)?.is_none() {
        return Err(TraceError::Empty { file: file() });
    }
    let header = row.clone();
    let col = |column: &'static str| {
        header.iter().position(|h| h.trim().eq_ignore_ascii_case(column)).ok_or_else(|| TraceError::MissingColumn {
            file: file(),
            column,
            found: header.iter().collect::<Vec<_>>().join(", "),
        })
    };
    let (ct, cn, cd) = (col("timestamp")?, col("number")?, col("duration")?);
    let mut earliest = f64::INFINITY;
    let mut mine = Vec::new();
    while let Some(line) = next(&mut row)? {
        let get = |c: usize| {
            row.get(c).map(str::trim).ok_or_else(|| TraceError::ShortRow {
                file: file(),
                line,
                fields: row.len(),
                header: header.len(),
            })
        };
        let ts = get(ct)?;
        let at = timestamp_s(ts).map_err(|reason| TraceError::Timestamp {
            file: file(),
            line,
            text: ts.to_string(),
            reason,
        })?;
        earliest = earliest.min(at);
        if get(cn)? != number {
            continue;
        }
        let ds = get(cd)?;
        let duration = match ds.parse::<f64>() {
            Ok(s) => s,
            Err(_) => {
                parse_duration(ds).map_err(|e| TraceError::Duration { file: file(), line, reason: e.to_string() })?
            }
        };
        if !(duration.is_finite() && duration > 0.0) {
            return Err(TraceError::NonPositiveDuration { file: file(), line, text: ds.to_string() });
        }
        mine.push((at, duration));
    }
    if mine.is_empty() {
        return Err(TraceError::NoCalls { file: file(), number: number.to_string() });
    }
    let mut calls: Vec<TraceCall> =
        mine.into_iter().map(|(at, d)| TraceCall { offset_s: at - earliest, duration_s: d }).collect();
    calls.sort_by(|a, b| a.offset_s.total_cmp(&b.offset_s));
    Ok(calls.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> String {
        read(text, "t.csv", "x").unwrap_err().to_string()
    }

    #[test]
    fn reads_seconds_and_date_times_relative_to_the_earliest_row() {
        let text = "id,timestamp,number,duration\n1,2026-11-23 09:00:10,main,3m\n2,2026-11-23T09:00:00Z,other,60\n3,2026-11-23 09:01:00.5,main,90.5\n";
        let calls = read(text, "t.csv", "main").unwrap();
        assert_eq!(
            &calls[..],
            &[TraceCall { offset_s: 10.0, duration_s: 180.0 }, TraceCall { offset_s: 60.5, duration_s: 90.5 }]
        );
        let calls = read("timestamp,number,duration\n5,\"a,b\",1\n2.5,\"a,b\",2\n", "t.csv", "a,b").unwrap();
        assert_eq!(calls[0], TraceCall { offset_s: 0.0, duration_s: 2.0 });
    }

    #[test]
    fn date_times_count_seconds_since_the_unix_epoch() {
        // 1970-01-01 is day 0; 2000-03-01 is day 11,017 (30 years of 365
        // days, 7 leap days, then Jan + Feb 2000 = 31 + 29 days).
        assert_eq!(date_time_s("1970-01-01 00:00:00"), Ok(0.0));
        assert_eq!(date_time_s("2000-03-01T00:00:00Z"), Ok(11_017.0 * 86_400.0));
        // Before the epoch: 1969-12-31 23:59:59.5 is half a second before it.
        assert_eq!(date_time_s("1969-12-31 23:59:59.5"), Ok(-0.5));
        // The seconds within the minute round once, like the decimal itself:
        // 2026-11-23 is day 20,780 (56 years of 365 days + 14 leap days + 326);
        // + 8 h = 1,795,420,800 s.
        assert_eq!(date_time_s("2026-11-23 08:00:01.066"), Ok(1_795_420_800.0 + 1.066));
        assert_eq!(date_time_s("2026-11-23T08:00:59.1"), Ok(1_795_420_800.0 + 59.1));
    }

    #[test]
    fn offsets_and_z_name_the_same_instant() {
        // 09:00:01.25+02:00, 07:00:01.25Z and naive 07:00:01.25 (read as
        // UTC) are one instant; 02:00:01.25-05:00 too.
        let same = ["2026-11-23T09:00:01.25+02:00", "2026-11-23T07:00:01.25Z", "2026-11-23 07:00:01.25"];
        let want = date_time_s(same[1]).unwrap();
        for t in same.iter().chain(&["2026-11-23T02:00:01.25-05:00", "2026-11-23T09:00:01.25+0200"]) {
            assert_eq!(date_time_s(t), Ok(want), "{t}");
        }
        assert_eq!(date_time_s("2026-11-23T09:00:01.25+01:00[Europe/Paris]"), Ok(want + 3600.0));
        // An offset given only as the bracketed annotation counts too.
        assert_eq!(date_time_s("2026-11-23T09:00:01.25[+02:00]"), Ok(want));
        // A trace mixing them: the +02:00 and the Z row arrive together; a
        // quoted number holds a comma; an extra column is ignored.
        let text = "timestamp,number,duration,note\n\
                    2026-11-23T09:00:00+02:00,\"sales, north\",60,\"said \"\"hi\"\", then left\"\n\
                    2026-11-23T07:00:00Z,\"sales, north\",30,\n\
                    2026-11-23T07:00:30Z,other,30,\n\
                    2026-11-23T08:01:00.5+01:00,\"sales, north\",2m,\n";
        let calls = read(text, "t.csv", "sales, north").unwrap();
        assert_eq!(
            &calls[..],
            &[
                TraceCall { offset_s: 0.0, duration_s: 60.0 },
                TraceCall { offset_s: 0.0, duration_s: 30.0 },
                TraceCall { offset_s: 60.5, duration_s: 120.0 },
            ]
        );
    }

    #[test]
    fn csv_quoting_blank_lines_and_line_ends() {
        // CRLF line ends, blank lines, a quoted field across a line break,
        // spaces around fields and header names in any case.
        let text = "Timestamp , NUMBER,duration\r\n\r\n 10 ,\"x\",5\r\n  \r\n3,\"x\r\ny\",1\r\n4,x,1\r\n";
        let calls = read(text, "t.csv", "x").unwrap();
        // Times from the earliest row of the file (3 s), the other number's.
        assert_eq!(
            &calls[..],
            &[TraceCall { offset_s: 1.0, duration_s: 1.0 }, TraceCall { offset_s: 7.0, duration_s: 5.0 }]
        );
        assert_eq!(&read(text, "t.csv", "x\r\ny").unwrap()[..], &[TraceCall { offset_s: 0.0, duration_s: 1.0 }]);
        // A record's line is the one it starts on; lines after a quoted
        // line break keep counting.
        let e = err("timestamp,number,duration\n1,x,1\n\"2\nx\",y,1\n");
        assert!(e.starts_with("t.csv:3: timestamp \"2\nx\""), "{e}");
        let e = err("timestamp,number,duration\n1,\"a\nb\",1\nsoon,x,1\n");
        assert!(e.starts_with("t.csv:4: timestamp \"soon\""), "{e}");
    }

    #[test]
    fn bad_traces_say_the_line() {
        assert!(err("").contains("t.csv is empty"));
        assert!(err("\n  \n").contains("t.csv is empty"));
        let e = err("time,number,duration\n");
        assert!(e.contains("no `timestamp` column (found: time, number, duration)"), "{e}");
        assert!(err("timestamp,number,duration\nsoon,x,1\n").contains("t.csv:2: timestamp \"soon\""));
        let e = err("timestamp,number,duration\n\ninf,x,1\n");
        assert!(e.contains("t.csv:3: timestamp \"inf\""), "{e}");
        assert!(err("timestamp,number,duration\n1,x,0\n").contains("t.csv:2: duration must be > 0"));
        assert!(err("timestamp,number,duration\n1,x,3 fortnights\n").contains("t.csv:2: duration \"3 fortnights\""));
        assert!(err("timestamp,number,duration\n1,y,1\n").contains("t.csv has no call for number \"x\""));
        assert!(err("timestamp,number,duration\n1,x\n").contains("t.csv:2: 2 fields, the header has 3"));
        for (t, why) in [
            ("2026-02-30 09:00:00", "day"),
            ("2026-11-23", "no time of day"),
            ("2026-11-23T09:00[Europe/Paris]", "Europe/Paris is not looked up"),
            ("2026-11-23T09:00:00+26:00", "offset"),
        ] {
            let e = err(&format!("timestamp,number,duration\n{t},x,1\n"));
            assert!(e.starts_with(&format!("t.csv:2: timestamp \"{t}\" is neither")) && e.contains(why), "{e}");
        }
    }
}
