//! Replaying a call detail record export: `arrivals = { kind = "trace",
//! file = "calls.csv" }`.
//!
//! The file is CSV with a header naming at least the columns `timestamp`,
//! `number` and `duration`, in any order (others are ignored). `timestamp`
//! is seconds (`12.5`) or a date-time (`2026-11-23 09:00:01`,
//! `2026-11-23T09:00:01.250Z`, read as UTC); `duration` is seconds or a
//! duration with a unit (`3m`). Times are taken relative to the earliest
//! timestamp of the whole file, which is placed at the end of warm-up, so
//! several `[[traffic]]` entries can replay the same export, each taking
//! the rows of its own number.

use crate::engine::time::parse_duration;
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

/// Splits one CSV line into fields (RFC 4180 quotes).
fn fields(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => out.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    out.push(cur);
    out
}

/// Days from 1970-01-01 to the given civil date (proleptic Gregorian).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Seconds from a number of seconds or a `YYYY-MM-DD[T ]HH:MM:SS[.fff][Z]` date-time.
fn timestamp(text: &str) -> Option<f64> {
    let t = text.trim();
    if let Ok(s) = t.parse::<f64>() {
        return s.is_finite().then_some(s);
    }
    let t = t.strip_suffix('Z').unwrap_or(t);
    let (date, time) = t.split_once(['T', ' '])?;
    let mut d = date.split('-').map(|x| x.parse::<i64>().ok());
    let (y, mo, da) = (d.next()??, d.next()??, d.next()??);
    let mut h = time.split(':');
    let (hh, mm): (i64, i64) = (h.next()?.parse().ok()?, h.next()?.parse().ok()?);
    let ss: f64 = h.next()?.parse().ok()?;
    if !(1..=12).contains(&mo)
        || !(1..=31).contains(&da)
        || !(0..24).contains(&hh)
        || !(0..60).contains(&mm)
        || !(0.0..61.0).contains(&ss)
    {
        return None;
    }
    Some(days_from_civil(y, mo, da) as f64 * 86_400.0 + (hh * 3600 + mm * 60) as f64 + ss)
}

/// Reads the calls of `number` from trace `text` (`name` names it in errors).
/// Errors say the line and what is wrong.
pub fn read(text: &str, name: &str, number: &str) -> Result<Arc<[TraceCall]>, String> {
    let mut lines = text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty());
    let (_, header) =
        lines.next().ok_or_else(|| format!("{name} is empty: it needs a header timestamp,number,duration"))?;
    let header = fields(header);
    let col = |want: &str| {
        header.iter().position(|h| h.trim().eq_ignore_ascii_case(want)).ok_or_else(|| {
            format!(
                "{name}: the header has no `{want}` column (found: {}); it needs timestamp, number and duration",
                header.join(", ")
            )
        })
    };
    let (ct, cn, cd) = (col("timestamp")?, col("number")?, col("duration")?);
    let mut earliest = f64::INFINITY;
    let mut mine = Vec::new();
    for (i, line) in lines {
        let f = fields(line);
        let get = |c: usize| {
            f.get(c)
                .map(|s| s.trim())
                .ok_or_else(|| format!("{name}:{}: {} fields, the header has {}", i + 1, f.len(), header.len()))
        };
        let ts = get(ct)?;
        let at = timestamp(ts).ok_or_else(|| {
            format!("{name}:{}: timestamp \"{ts}\" is neither seconds nor a date-time like 2026-11-23 09:00:01", i + 1)
        })?;
        earliest = earliest.min(at);
        if get(cn)? != number {
            continue;
        }
        let ds = get(cd)?;
        let duration = match ds.parse::<f64>() {
            Ok(s) => s,
            Err(_) => parse_duration(ds).map_err(|e| format!("{name}:{}: duration {e}", i + 1))?,
        };
        if !(duration.is_finite() && duration > 0.0) {
            return Err(format!("{name}:{}: duration must be > 0 seconds, got \"{ds}\"", i + 1));
        }
        mine.push((at, duration));
    }
    if mine.is_empty() {
        return Err(format!("{name} has no call for number \"{number}\""));
    }
    let mut calls: Vec<TraceCall> =
        mine.into_iter().map(|(at, d)| TraceCall { offset_s: at - earliest, duration_s: d }).collect();
    calls.sort_by(|a, b| a.offset_s.total_cmp(&b.offset_s));
    Ok(calls.into())
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
    }

    #[test]
    fn bad_traces_say_the_line() {
        assert!(read("", "t.csv", "x").unwrap_err().contains("empty"));
        assert!(read("time,number,duration\n", "t.csv", "x").unwrap_err().contains("no `timestamp` column"));
        assert!(
            read("timestamp,number,duration\nsoon,x,1\n", "t.csv", "x").unwrap_err().contains("t.csv:2: timestamp")
        );
        assert!(
            read("timestamp,number,duration\n1,x,0\n", "t.csv", "x")
                .unwrap_err()
                .contains("t.csv:2: duration must be > 0")
        );
        assert!(read("timestamp,number,duration\n1,y,1\n", "t.csv", "x").unwrap_err().contains("no call for number"));
        assert!(read("timestamp,number,duration\n1,x\n", "t.csv", "x").unwrap_err().contains("2 fields"));
    }
}
