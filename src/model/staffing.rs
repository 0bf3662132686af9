//! A queue's staff by hour of the week (`agents = { kind = "profile", ... }`).
//!
//! The profile's clock is the arrival profiles' (see
//! [`crate::traffic::Profile`]): time 0 is the end of warm-up, Monday 00:00,
//! hour `h` of the week runs over `[3600 h, 3600 (h + 1))` seconds and the
//! week repeats (the warm-up is the end of the previous week).
//!
//! Agents are *seats* numbered from 0: seat `k` is staffed while the hour's
//! staff is more than `k`, so when the staff drops from 20 to 14 seats 14 to
//! 19 go off shift. An agent busy when their seat goes off finishes the call
//! (overtime) and takes no new one; a seat coming on shift is free at once.
//! Which seats go off is a convention: seats are interchangeable apart from
//! their next free time, and every caller is still served first come, first
//! served by the first agent who can take them.

use crate::traffic::WEEK_HOURS;

/// Seconds in an hour of the profile.
const HOUR_S: f64 = 3_600.0;
/// Seconds in the profile's week.
const WEEK_S: f64 = WEEK_HOURS as f64 * HOUR_S;

/// Agents staffed in each hour of the week, Monday 00:00 first.
#[derive(Clone, Debug, PartialEq)]
pub struct Staffing {
    weekly_agents: Vec<u32>,
    peak: u32,
}

/// A staff that cannot be a profile.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum StaffingError {
    /// Not 168 hours.
    #[error("a staffing profile needs 168 hourly staffs (Monday 00:00 first), got {0}")]
    Hours(usize),
    /// Every hour has 0 agents.
    #[error("a staffing profile needs at least one agent in some hour")]
    Empty,
}

impl Staffing {
    /// The staff of each of the 168 hours of the week (Monday 00:00 first),
    /// agents; at least one hour must have an agent.
    pub fn new(weekly_agents: Vec<u32>) -> Result<Staffing, StaffingError> {
        if weekly_agents.len() != WEEK_HOURS {
            return Err(StaffingError::Hours(weekly_agents.len()));
        }
        let peak = weekly_agents.iter().copied().max().unwrap_or(0);
        if peak == 0 {
            return Err(StaffingError::Empty);
        }
        Ok(Staffing { weekly_agents, peak })
    }

    /// Agents in each hour of the week, Monday 00:00 first.
    pub fn weekly_agents(&self) -> &[u32] {
        &self.weekly_agents
    }

    /// The largest staff of any hour, agents (>= 1): the number of seats.
    pub fn peak(&self) -> u32 {
        self.peak
    }

    /// Mean staff over the week, agents.
    pub fn weekly_mean(&self) -> f64 {
        self.weekly_agents.iter().map(|&a| a as f64).sum::<f64>() / WEEK_HOURS as f64
    }

    /// The hour of the week (0..168) and the hour count since time 0 of the
    /// clock time `t`, seconds.
    fn hour(t: f64) -> (usize, f64) {
        let n = (t / HOUR_S).floor();
        (n.rem_euclid(WEEK_HOURS as f64) as usize, n)
    }

    /// Agents staffed at clock time `t`, seconds.
    pub fn agents_at(&self, t: f64) -> u32 {
        self.weekly_agents[Self::hour(t).0]
    }

    /// Whether seat `seat` (from 0) is staffed at clock time `t`, seconds.
    pub fn on_shift(&self, seat: u32, t: f64) -> bool {
        self.agents_at(t) > seat
    }

    /// The first clock time at or after `t` at which seat `seat` is staffed,
    /// seconds (`t` itself when it is staffed then). `seat` must be below
    /// [`Staffing::peak`] (a seat some hour staffs).
    pub fn next_on_shift(&self, seat: u32, t: f64) -> f64 {
        debug_assert!(seat < self.peak, "seat {seat} of {} is never staffed", self.peak);
        let (h, n) = Self::hour(t);
        if self.weekly_agents[h] > seat {
            return t;
        }
        for j in 1..=WEEK_HOURS {
            if self.weekly_agents[(h + j) % WEEK_HOURS] > seat {
                return (n + j as f64) * HOUR_S;
            }
        }
        unreachable!("seat {seat} is below the peak, so some hour staffs it")
    }

    /// Seconds of `[from, to)` (clock times) during which seat `seat` is
    /// staffed.
    pub fn seat_on_shift_s(&self, seat: u32, from: f64, to: f64) -> f64 {
        self.integrate(from, to, |agents| if agents > seat { 1.0 } else { 0.0 })
    }

    /// Agent-seconds staffed over `[from, to)` (clock times).
    pub fn agent_seconds(&self, from: f64, to: f64) -> f64 {
        if to <= from {
            return 0.0;
        }
        // Whole weeks at once (a year's window is 52 of them), then hour by hour.
        let weeks = ((to - from) / WEEK_S).floor();
        let week_sum: f64 = self.weekly_agents.iter().map(|&a| a as f64 * HOUR_S).sum();
        let rest_from = from + weeks * WEEK_S;
        weeks * week_sum + self.integrate(rest_from, to, |agents| agents as f64)
    }

    /// The integral of `f(agents staffed)` over `[from, to)`, hour by hour.
    fn integrate(&self, from: f64, to: f64, f: impl Fn(u32) -> f64) -> f64 {
        let mut sum = 0.0;
        let mut t = from;
        while t < to {
            let (h, n) = Self::hour(t);
            let end = ((n + 1.0) * HOUR_S).min(to);
            sum += f(self.weekly_agents[h]) * (end - t);
            if end <= t {
                break; // `t` so large that an hour no longer moves it
            }
            t = end;
        }
        sum
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 14 agents from 08:00 to 20:00 on weekdays, 2 otherwise.
    fn office() -> Staffing {
        let weekly = (0..WEEK_HOURS).map(|h| if h / 24 < 5 && (8..20).contains(&(h % 24)) { 14 } else { 2 }).collect();
        Staffing::new(weekly).unwrap()
    }

    #[test]
    fn refuses_a_wrong_length_or_an_empty_week() {
        assert_eq!(Staffing::new(vec![1; 24]), Err(StaffingError::Hours(24)));
        assert_eq!(Staffing::new(vec![0; WEEK_HOURS]), Err(StaffingError::Empty));
    }

    #[test]
    fn reads_the_hour_of_the_week_and_repeats() {
        let s = office();
        assert_eq!(s.peak(), 14);
        assert_eq!(s.agents_at(7.5 * HOUR_S), 2);
        assert_eq!(s.agents_at(8.0 * HOUR_S), 14);
        assert_eq!(s.agents_at(WEEK_S + 8.0 * HOUR_S), 14);
        assert_eq!(s.agents_at(-0.5 * HOUR_S), 2, "the warm-up is Sunday night");
        assert!((s.weekly_mean() - (5.0 * 12.0 * 14.0 + (168.0 - 60.0) * 2.0) / 168.0).abs() < 1e-12);
    }

    #[test]
    fn a_seat_comes_on_at_the_next_hour_that_staffs_it() {
        let s = office();
        assert_eq!(s.next_on_shift(1, 3.0 * HOUR_S), 3.0 * HOUR_S);
        assert_eq!(s.next_on_shift(5, 3.0 * HOUR_S), 8.0 * HOUR_S);
        // Friday 20:00 to Monday 08:00.
        let friday_night = (4.0 * 24.0 + 20.0) * HOUR_S;
        assert_eq!(s.next_on_shift(13, friday_night), WEEK_S + 8.0 * HOUR_S);
        assert_eq!(s.next_on_shift(13, -HOUR_S), 8.0 * HOUR_S);
    }

    #[test]
    fn integrates_seats_and_staff() {
        let s = office();
        assert_eq!(s.seat_on_shift_s(5, 7.5 * HOUR_S, 8.25 * HOUR_S), 0.25 * HOUR_S);
        assert_eq!(s.seat_on_shift_s(1, 7.5 * HOUR_S, 8.25 * HOUR_S), 0.75 * HOUR_S);
        assert_eq!(s.agent_seconds(0.0, WEEK_S), s.weekly_mean() * WEEK_S);
        let year = 365.0 * 86_400.0;
        let hourly: f64 = (0..365 * 24).map(|h| s.agents_at(h as f64 * HOUR_S) as f64 * HOUR_S).sum();
        assert!((s.agent_seconds(0.0, year) - hourly).abs() < 1e-6 * hourly);
        assert_eq!(s.agent_seconds(8.5 * HOUR_S, 8.5 * HOUR_S), 0.0);
    }
}
