//! Queues of agents during a replication: FIFO service by the first free
//! agent, impatient callers, a limit on callers waiting, and what each
//! queue measures over the window.
//!
//! # How a call's fate is known when it joins
//! Service is first come, first served, and nothing later in the run changes
//! what happens to a caller already in the queue: a later caller never
//! overtakes, and the staff is known in advance (fixed, or a staffing
//! profile by hour). So when a call joins (at the end of its IVR time) its
//! wait is already determined by the agents' next free times and the callers
//! ahead (the "virtual waiting time" of FIFO multi-server queues): the wait
//! is `max(0, earliest free agent - join)`, where with a profile an agent's
//! next free time moves on to their next shift if they are off shift then
//! (see [`crate::model::staffing`] for the seats' convention);
//! if the caller's patience (drawn at join) is shorter, they abandon at the
//! end of their patience and leave the agents as they were; otherwise the
//! earliest-free agent answers at `join + wait` and is busy for the handle
//! time. The call's end (abandonment or end of talk) is therefore known when
//! it joins, and the run schedules one departure for it, as for any call: a
//! queue adds no event, and the call holds its channel, number and instance
//! slot through IVR, wait and talk.
//!
//! Limits of this exactness, which the report states: a call dropped by a
//! failure while waiting or talking still keeps its agent (or its place) to
//! its planned end, and calls whose IVR ends out of arrival order (after a
//! re-route delay) join in arrival order.
//!
//! Nothing here allocates per call: the heaps of agents' free times and of
//! waiting callers' leaving times are sized when the run starts (agents, and
//! `max_contacts` or a fair guess), and the wait histogram is fixed.

use super::streams::StreamName;
use super::window::Window;
use crate::engine::{RandomStreams, Seconds, Stream};
use crate::model::{Model, Staffing};
use crate::traffic::HoldingSampler;
use rand::RngExt;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// Width of a bin of the wait histogram, seconds.
const BIN_S: f64 = 0.25;
/// Bins of the wait histogram: waits up to 2 hours (longer ones land in the last).
const BINS: usize = 28_800;

/// What one queue measured over one replication's window.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct QueueOutcome {
    /// Calls of the window that reached the queue (after IVR): `entered +
    /// queue_full`.
    pub offered: u64,
    /// Of those, calls refused because `max_contacts` callers were waiting.
    pub queue_full: u64,
    /// Calls of the window that entered the queue: `answered + abandoned +
    /// callbacks_accepted`.
    pub entered: u64,
    /// Entered calls an agent answered.
    pub answered: u64,
    /// Entered calls whose caller hung up before an agent answered.
    pub abandoned: u64,
    /// Answered calls whose wait was at most `answer_within`.
    pub answered_within: u64,
    /// Entered calls that found every agent busy (waited more than 0 s).
    pub waited: u64,
    /// Sum of the waits of answered calls, seconds.
    pub answered_wait_s: f64,
    /// Sum of the waits of every entered call (an abandoned caller's wait is
    /// their patience), seconds.
    pub wait_s: f64,
    /// 95th percentile of the wait of entered calls, seconds (0 when at
    /// least 95% did not wait; from a histogram of 0.25 s bins).
    pub p95_wait_s: f64,
    /// Time-average of callers waiting over the window, calls.
    pub mean_waiting: f64,
    /// Time-average of agents talking over the window, agents.
    pub mean_busy_agents: f64,
    /// `mean_busy_agents / mean_scheduled_agents`.
    pub occupancy: f64,
    /// Time-average of agents staffed over the window, agents (the staff,
    /// when fixed). Absent from shard files written before staffing
    /// profiles: 0.
    #[serde(default)]
    pub mean_scheduled_agents: f64,
    /// Time-average of agents talking after their shift ended (finishing a
    /// call they took on shift), agents; 0 for a fixed staff.
    #[serde(default)]
    pub mean_overtime_agents: f64,
    /// Callers of the window offered a callback (still waiting at the
    /// callback's `after`). Absent from shard files written before
    /// callbacks existed: 0, as are the other callback counts.
    #[serde(default)]
    pub callbacks_offered: u64,
    /// Of those, callers who accepted (their inbound call ended).
    #[serde(default)]
    pub callbacks_accepted: u64,
    /// Accepted callbacks whose dial an agent got through (answered).
    #[serde(default)]
    pub callbacks_reached: u64,
    /// Accepted callbacks that used every attempt unanswered or blocked.
    #[serde(default)]
    pub callbacks_never_reached: u64,
    /// Callback dials placed (every attempt).
    #[serde(default)]
    pub callback_dials: u64,
    /// Of those, dials blocked (no route, channel, number cap or quota at
    /// the dial's instant): they count as unanswered attempts.
    #[serde(default)]
    pub callback_dials_blocked: u64,
    /// The empirical distribution of the waits of entered calls: for each
    /// threshold of [`WAIT_THRESHOLDS_S`], in order, the entered calls that
    /// left the queue (answered, abandoned or took a callback) at most that
    /// many seconds after entering it. Absent from shard files written
    /// before it existed: empty (the report then has no `wait_cdf`).
    #[serde(default)]
    pub waits_within: Vec<WaitsWithin>,
}

/// The thresholds of [`QueueOutcome::waits_within`], seconds: multiples of
/// the histogram's 0.25 s bins, so that each count is exact (a wait of
/// exactly a threshold, such as a callback's `after`, counts as longer).
pub const WAIT_THRESHOLDS_S: [f64; 16] =
    [0.0, 5.0, 10.0, 15.0, 20.0, 30.0, 45.0, 60.0, 90.0, 120.0, 180.0, 300.0, 600.0, 900.0, 1800.0, 3600.0];

/// Entered calls of one replication that waited at most `within_s`.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct WaitsWithin {
    /// The threshold, seconds.
    pub within_s: f64,
    /// Entered calls whose wait was at most `within_s` (0 s: did not
    /// wait), calls.
    pub calls: u64,
}

/// What happened to a call that joined a queue.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Joined {
    /// It stays this long from its join (wait, then talk if answered).
    Stay(Seconds),
    /// `max_contacts` callers were waiting: refused, it ends at its join.
    Refused,
    /// The caller accepted a callback: the call stays `stay` seconds (the
    /// callback's `after`), then ends; the callback contact goes on.
    Callback {
        /// How long the inbound call stays from its join, seconds.
        stay: Seconds,
        /// Where the contact waits.
        next: CallbackStep,
    },
}

/// The next step of a callback contact.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum CallbackStep {
    /// An agent dials at `at` (its time committed); `answered`: the dial,
    /// if carried, is answered.
    Dial { at: Seconds, answered: bool },
    /// The contact joins the back of the queue at `at`.
    Join { at: Seconds },
}

/// A queue's agents: when each can next start a call.
enum Agents {
    /// A fixed staff: every agent's next free time, seconds as `f64` bits
    /// (non-negative floats order as their bits), smallest first.
    Fixed(BinaryHeap<Reverse<u64>>),
    /// A staffing profile: each seat's earliest start (its next free time,
    /// moved on to when the seat is next on shift), with the seat, smallest
    /// first (ties: the lower seat).
    Profile {
        seats: BinaryHeap<Reverse<(u64, u32)>>,
        staffing: Staffing,
        /// Run time of the profile's clock 0 (Monday 00:00: the end of warm-up), seconds.
        origin: Seconds,
    },
}

impl Agents {
    /// How long a caller who joins at `t` waits for the first agent who can
    /// take them, seconds (that agent is then the one [`Agents::commit`]
    /// takes).
    #[inline]
    fn wait(&mut self, t: Seconds) -> Seconds {
        match self {
            Agents::Fixed(free_at) => {
                let Reverse(first_free) = *free_at.peek().expect("a queue has at least one agent");
                (f64::from_bits(first_free) - t).max(0.0)
            }
            Agents::Profile { seats, staffing, origin } => Self::profile_start(seats, staffing, *origin, t) - t,
        }
    }

    /// The earliest time a seat can start with a caller who joins at `t`:
    /// the top seat's start if it is later than `t`; else `t` if the top
    /// seat is on shift then; else that seat went off shift while idle and
    /// moves on to its next shift, and the next seat is looked at. Each seat
    /// moves at most once per shift change, so this is amortised O(log n).
    fn profile_start(
        seats: &mut BinaryHeap<Reverse<(u64, u32)>>,
        staffing: &Staffing,
        origin: Seconds,
        t: Seconds,
    ) -> Seconds {
        loop {
            let Reverse((bits, seat)) = *seats.peek().expect("a queue has at least one seat");
            let start = f64::from_bits(bits);
            if start >= t {
                return start;
            }
            if staffing.on_shift(seat, t - origin) {
                return t;
            }
            let next = (origin + staffing.next_on_shift(seat, t - origin)).max(t);
            *seats.peek_mut().expect("a queue has at least one seat") = Reverse((key(next).0, seat));
        }
    }

    /// The agent [`Agents::wait`] found takes a contact at `at` for `hold`
    /// seconds. Returns the seconds of it inside `window` that fall outside
    /// the agent's shift (overtime; 0 for a fixed staff).
    #[inline]
    fn commit(&mut self, at: Seconds, hold: Seconds, window: Window) -> Seconds {
        match self {
            Agents::Fixed(free_at) => {
                // One sift down, not a pop and a push.
                *free_at.peek_mut().expect("a queue has at least one agent") = key(at + hold);
                0.0
            }
            Agents::Profile { seats, staffing, origin } => {
                let mut top = seats.peek_mut().expect("a queue has at least one seat");
                let seat = top.0.1;
                let free = at + hold;
                *top = Reverse((key(*origin + staffing.next_on_shift(seat, free - *origin)).0, seat));
                let (from, to) = (at.max(window.start), free.min(window.end));
                if to > from { (to - from) - staffing.seat_on_shift_s(seat, from - *origin, to - *origin) } else { 0.0 }
            }
        }
    }
}

/// One queue's run-time state.
struct QueueRun {
    /// Mean agents staffed over the window (the staff, when fixed).
    scheduled_agents: f64,
    agents: Agents,
    /// When each caller waiting now leaves the queue (answered or
    /// abandoned), smallest first; kept only with a `max_contacts`.
    leave_at: BinaryHeap<Reverse<u64>>,
    patience: Option<HoldingSampler>,
    patience_rng: Stream,
    max_contacts: Option<u32>,
    answer_within_s: f64,
    /// Its callback offer, and the stream of its draws (accept, answer).
    callback: Option<(crate::model::queue::Callback, Stream)>,
    acc: Acc,
}

/// Accumulators of one queue over the window.
#[derive(Default)]
struct Acc {
    offered: u64,
    queue_full: u64,
    answered: u64,
    abandoned: u64,
    answered_within: u64,
    waited: u64,
    answered_wait_s: f64,
    wait_s: f64,
    /// Entered calls that did not wait.
    zero_waits: u64,
    /// Positive waits by bin of `BIN_S`.
    histogram: Vec<u32>,
    /// Integral of callers waiting over the window, call-seconds.
    waiting_area: f64,
    /// Integral of agents talking over the window, agent-seconds.
    busy_area: f64,
    /// Of that, agent-seconds outside the agents' shifts.
    overtime_area: f64,
    callbacks_offered: u64,
    callbacks_accepted: u64,
    callbacks_reached: u64,
    callbacks_never_reached: u64,
    callback_dials: u64,
    callback_dials_blocked: u64,
}

/// Every queue of a replication.
pub(super) struct Queues {
    queues: Vec<QueueRun>,
    window: Window,
    /// The window's length, seconds (the settings' horizon, as given).
    horizon_s: Seconds,
}

/// `t` as an ordered heap key.
#[inline]
fn key(t: Seconds) -> Reverse<u64> {
    Reverse(t.max(0.0).to_bits())
}

impl Queues {
    /// The queues of `model`, every agent free, streams named after each queue.
    /// The window lasts `horizon_s` seconds.
    pub(super) fn new(model: &Model, streams: &RandomStreams, window: Window, horizon_s: Seconds) -> Queues {
        let queues = (model.queues.iter())
            .map(|q| {
                let name = q.stream_name();
                let (agents, scheduled_agents) = match &q.staffing {
                    None => {
                        let mut free_at = BinaryHeap::with_capacity(q.agents as usize);
                        free_at.extend((0..q.agents).map(|_| key(0.0)));
                        (Agents::Fixed(free_at), q.agents as f64)
                    }
                    Some(staffing) => {
                        let origin = window.start;
                        let seats = (0..staffing.peak())
                            .map(|seat| Reverse((key(origin + staffing.next_on_shift(seat, -origin)).0, seat)))
                            .collect();
                        let mean = staffing.agent_seconds(0.0, horizon_s) / horizon_s;
                        (Agents::Profile { seats, staffing: staffing.clone(), origin }, mean)
                    }
                };
                QueueRun {
                    scheduled_agents,
                    agents,
                    leave_at: BinaryHeap::with_capacity(q.max_contacts.map_or(0, |m| m as usize + 1)),
                    patience: q.patience.as_ref().map(|p| p.sampler().expect("validated patience")),
                    patience_rng: streams.stream(&StreamName::Patience(&name)),
                    max_contacts: q.max_contacts,
                    answer_within_s: q.answer_within_s,
                    callback: q.callback.map(|c| (c, streams.stream(&StreamName::Callback(&name)))),
                    acc: Acc { histogram: vec![0; BINS], ..Acc::default() },
                }
            })
            .collect();
        Queues { queues, window, horizon_s }
    }

    /// A call joins queue `q` at `join` (the end of its IVR, or an outbound
    /// dial's answer) and would talk `talk_s` seconds; `counted`: it arrived
    /// in the window; `may_call_back`: it may be offered the queue's
    /// callback (inbound callers). Returns how long it stays from `join` on
    /// (wait, then talk if answered), that `max_contacts` callers are
    /// waiting (the call is refused and ends at `join`), or that the caller
    /// accepted a callback.
    pub(super) fn join(
        &mut self,
        q: usize,
        join: Seconds,
        talk_s: Seconds,
        counted: bool,
        may_call_back: bool,
    ) -> Joined {
        let window = self.window;
        let run = &mut self.queues[q];
        let acc = &mut run.acc;
        if counted {
            acc.offered += 1;
        }
        if let Some(m) = run.max_contacts {
            while let Some(&Reverse(bits)) = run.leave_at.peek() {
                if f64::from_bits(bits) > join {
                    break;
                }
                run.leave_at.pop();
            }
            if run.leave_at.len() >= m as usize {
                if counted {
                    acc.queue_full += 1;
                }
                return Joined::Refused;
            }
        }
        let wait = run.agents.wait(join);
        // Patience is drawn for every caller who enters, waiting or not, so
        // that the k-th caller has the same patience in every design.
        let patience = match &run.patience {
            Some(s) => s.duration_s(&mut run.patience_rng),
            None => f64::INFINITY,
        };
        if may_call_back
            && let Some((cb, rng)) = run.callback.as_mut()
            && wait > cb.after_s
            && patience > cb.after_s
        {
            // Still waiting at `after`: offered a callback (the draw is made
            // for every offer, accepted or not).
            let accepted = rng.random::<f64>() < cb.accept;
            if counted {
                acc.callbacks_offered += 1;
            }
            if accepted {
                return Self::accept_callback(run, window, join, wait, talk_s, counted);
            }
        }
        let (stay, waited_s, answered) =
            if wait > patience { (patience, patience, false) } else { (wait + talk_s, wait, true) };
        if waited_s > 0.0 {
            if run.max_contacts.is_some() {
                run.leave_at.push(key(join + waited_s));
            }
            acc.waiting_area += window.overlap(join, join + waited_s);
        }
        if answered {
            // The first agent who can answers: its free time moves on.
            acc.overtime_area += run.agents.commit(join + wait, talk_s, window);
            acc.busy_area += window.overlap(join + wait, join + wait + talk_s);
        }
        if counted {
            if answered {
                acc.answered += 1;
                acc.answered_wait_s += wait;
                if wait <= run.answer_within_s {
                    acc.answered_within += 1;
                }
            } else {
                acc.abandoned += 1;
            }
            acc.wait_s += waited_s;
            if waited_s > 0.0 {
                acc.waited += 1;
                acc.histogram[((waited_s / BIN_S) as usize).min(BINS - 1)] += 1;
            } else {
                acc.zero_waits += 1;
            }
        }
        Joined::Stay(stay)
    }

    /// The caller of `run` who joined at `join`, would wait `wait` and talk
    /// `talk_s`, accepted a callback: they wait `after` on the line, then
    /// the contact keeps their place (its agent committed now) or, with an
    /// initial delay, joins the back later.
    #[cold]
    fn accept_callback(
        run: &mut QueueRun,
        window: Window,
        join: Seconds,
        wait: Seconds,
        talk_s: Seconds,
        counted: bool,
    ) -> Joined {
        let (cb, _) = run.callback.as_ref().expect("a callback is offered");
        let (after, delay) = (cb.after_s, cb.initial_delay_s);
        if after > 0.0 {
            if run.max_contacts.is_some() {
                run.leave_at.push(key(join + after));
            }
            run.acc.waiting_area += window.overlap(join, join + after);
        }
        if counted {
            let acc = &mut run.acc;
            acc.callbacks_accepted += 1;
            acc.wait_s += after;
            if after > 0.0 {
                acc.waited += 1;
                acc.histogram[((after / BIN_S) as usize).min(BINS - 1)] += 1;
            } else {
                acc.zero_waits += 1;
            }
        }
        let next = if delay > 0.0 {
            CallbackStep::Join { at: join + after + delay }
        } else {
            let (at, answered) = Self::commit_callback(run, window, join, wait, talk_s);
            CallbackStep::Dial { at, answered }
        };
        Joined::Callback { stay: after, next }
    }

    /// The agent first free after `join` (in `wait`) takes a callback
    /// contact: draws whether its dial is answered, and commits the agent
    /// for the talk (answered) or the ring time. Returns when it dials and
    /// whether the dial is answered.
    fn commit_callback(
        run: &mut QueueRun,
        window: Window,
        join: Seconds,
        wait: Seconds,
        talk_s: Seconds,
    ) -> (Seconds, bool) {
        let (cb, rng) = run.callback.as_mut().expect("a callback is offered");
        let answered = rng.random::<f64>() < cb.answer_probability;
        let hold = if answered { talk_s } else { cb.ring_s };
        let at = join + wait;
        run.acc.overtime_area += run.agents.commit(at, hold, window);
        run.acc.busy_area += window.overlap(at, at + hold);
        (at, answered)
    }

    /// A callback contact joins the back of queue `q` at `now` (after its
    /// initial delay, or to retry), its caller talking `talk_s` once
    /// reached: when its agent dials, and whether that dial is answered.
    pub(super) fn join_callback(&mut self, q: usize, now: Seconds, talk_s: Seconds) -> (Seconds, bool) {
        let window = self.window;
        let run = &mut self.queues[q];
        let wait = run.agents.wait(now);
        Self::commit_callback(run, window, now, wait, talk_s)
    }

    /// A callback dial of queue `q` was placed (`blocked`: not carried);
    /// `counted`: its caller arrived in the window.
    pub(super) fn callback_dialled(&mut self, q: usize, blocked: bool, counted: bool) {
        if counted {
            let acc = &mut self.queues[q].acc;
            acc.callback_dials += 1;
            acc.callback_dials_blocked += u64::from(blocked);
        }
    }

    /// A callback of queue `q` ended: `reached` its caller, or never did.
    pub(super) fn callback_ended(&mut self, q: usize, reached: bool, counted: bool) {
        if counted {
            let acc = &mut self.queues[q].acc;
            if reached {
                acc.callbacks_reached += 1;
            } else {
                acc.callbacks_never_reached += 1;
            }
        }
    }

    /// Queue `q`'s callback offer (`None` when it has none).
    pub(super) fn callback(&self, q: usize) -> Option<&crate::model::queue::Callback> {
        self.queues[q].callback.as_ref().map(|(c, _)| c)
    }

    /// What each queue measured over the window.
    pub(super) fn finish(&self) -> Vec<QueueOutcome> {
        let horizon_s = self.horizon_s;
        (self.queues.iter())
            .map(|run| {
                let a = &run.acc;
                let entered = a.answered + a.abandoned + a.callbacks_accepted;
                let mean_busy_agents = a.busy_area / horizon_s;
                QueueOutcome {
                    offered: a.offered,
                    queue_full: a.queue_full,
                    entered,
                    answered: a.answered,
                    abandoned: a.abandoned,
                    answered_within: a.answered_within,
                    waited: a.waited,
                    answered_wait_s: a.answered_wait_s,
                    wait_s: a.wait_s,
                    p95_wait_s: percentile(a.zero_waits, &a.histogram, 0.95),
                    mean_waiting: a.waiting_area / horizon_s,
                    mean_busy_agents,
                    occupancy: mean_busy_agents / run.scheduled_agents,
                    mean_scheduled_agents: run.scheduled_agents,
                    mean_overtime_agents: a.overtime_area / horizon_s,
                    callbacks_offered: a.callbacks_offered,
                    callbacks_accepted: a.callbacks_accepted,
                    callbacks_reached: a.callbacks_reached,
                    callbacks_never_reached: a.callbacks_never_reached,
                    callback_dials: a.callback_dials,
                    callback_dials_blocked: a.callback_dials_blocked,
                    waits_within: waits_within(a.zero_waits, &a.histogram),
                }
            })
            .collect()
    }
}

/// Waits at most each of [`WAIT_THRESHOLDS_S`]: `zeros` waits of 0, then a
/// histogram of positive waits in bins of `BIN_S`, bin `i` holding waits in
/// `[i, i + 1) x BIN_S`. A threshold `x` (a multiple of `BIN_S`) counts the
/// zeros and the bins wholly below it: every positive wait under `x`.
fn waits_within(zeros: u64, histogram: &[u32]) -> Vec<WaitsWithin> {
    let mut below = zeros;
    let mut bin = 0;
    (WAIT_THRESHOLDS_S.iter())
        .map(|&x| {
            let end = ((x / BIN_S) as usize).min(histogram.len());
            below += histogram[bin.min(end)..end].iter().map(|&c| c as u64).sum::<u64>();
            bin = bin.max(end);
            WaitsWithin { within_s: x, calls: below }
        })
        .collect()
}

/// The `p` quantile of waits: `zeros` waits of 0, then a histogram of
/// positive waits in bins of `BIN_S`, linear within a bin (0 without waits).
fn percentile(zeros: u64, histogram: &[u32], p: f64) -> f64 {
    let n = zeros + histogram.iter().map(|&c| c as u64).sum::<u64>();
    let rank = p * n as f64;
    if n == 0 || zeros as f64 >= rank {
        return 0.0;
    }
    let mut below = zeros as f64;
    for (i, &c) in histogram.iter().enumerate() {
        let c = c as f64;
        if c > 0.0 && below + c >= rank {
            return (i as f64 + (rank - below) / c) * BIN_S;
        }
        below += c;
    }
    BINS as f64 * BIN_S
}

#[cfg(test)]
mod tests {
    use super::*;

    const H: f64 = 3_600.0;

    /// Seats of `staffing` (clock 0 at run time `origin`), as a run sets them up.
    fn seats(staffing: Staffing, origin: Seconds) -> Agents {
        let seats = (0..staffing.peak())
            .map(|seat| Reverse((key(origin + staffing.next_on_shift(seat, -origin)).0, seat)))
            .collect();
        Agents::Profile { seats, staffing, origin }
    }

    /// Every day: `day[h]` agents in hour `h`.
    fn daily(day: [u32; 24]) -> Staffing {
        Staffing::new((0..168).map(|h| day[h % 24]).collect()).unwrap()
    }

    #[test]
    fn a_closed_queue_answers_when_its_shift_starts_and_overtime_is_counted() {
        // One agent from 08:00 to 09:00, every day; clock 0 at run time 10 s.
        let mut day = [0; 24];
        day[8] = 1;
        let origin = 10.0;
        let window = Window { start: origin, end: origin + 7.0 * 86_400.0 };
        let mut agents = seats(daily(day), origin);
        // Joins at 07:00: waits for 08:00, talks 1.5 h, half an hour of it overtime.
        let wait = agents.wait(origin + 7.0 * H);
        assert_eq!(wait, H);
        assert_eq!(agents.commit(origin + 8.0 * H, 1.5 * H, window), 0.5 * H);
        // Joins at 07:30: the agent is free at 09:30, off shift, so the next day at 08:00.
        assert_eq!(agents.wait(origin + 7.5 * H), 24.5 * H);
        // Talking from 08:00 to 08:30 the next day: no overtime.
        assert_eq!(agents.commit(origin + 32.0 * H, 0.5 * H, window), 0.0);
        // Joins at 08:40 that day: the agent is free and on shift, answers at once.
        assert_eq!(agents.wait(origin + 32.0 * H + 40.0 * 60.0), 0.0);
    }

    #[test]
    fn an_idle_seat_that_went_off_shift_waits_for_its_next_shift() {
        // Two agents from 08:00 to 10:00, one from 10:00 to 12:00, none otherwise.
        let mut day = [0; 24];
        day[8] = 2;
        day[9] = 2;
        day[10] = 1;
        day[11] = 1;
        let window = Window { start: 0.0, end: 86_400.0 * 7.0 };
        let mut agents = seats(daily(day), 0.0);
        // Both idle since 08:00; at 10:30 only seat 0 is on: it answers at once.
        assert_eq!(agents.wait(10.5 * H), 0.0);
        assert_eq!(agents.commit(10.5 * H, 2.0 * H, window), 0.5 * H);
        // The next caller, at 10:45: seat 1 is off until tomorrow 08:00 and
        // seat 0 busy until 12:30, off shift then: tomorrow 08:00 too.
        assert_eq!(agents.wait(10.75 * H), (24.0 + 8.0 - 10.75) * H);
    }

    #[test]
    fn a_constant_profile_serves_as_the_fixed_staff_does() {
        let window = Window { start: 0.0, end: 1e9 };
        let mut fixed = Agents::Fixed((0..3).map(|_| key(0.0)).collect());
        let mut profile = seats(daily([3; 24]), 0.0);
        let mut t = 0.0;
        for i in 0..2_000u32 {
            t += f64::from(i % 7) * 13.0;
            let hold = 30.0 + f64::from(i % 11) * 17.0;
            let (a, b) = (fixed.wait(t), profile.wait(t));
            assert_eq!(a, b, "call {i}");
            assert_eq!(fixed.commit(t + a, hold, window), 0.0);
            assert_eq!(profile.commit(t + b, hold, window), 0.0);
        }
    }

    #[test]
    fn percentiles_read_the_histogram() {
        let mut h = vec![0u32; BINS];
        assert_eq!(percentile(0, &h, 0.95), 0.0);
        assert_eq!(percentile(96, &h, 0.95), 0.0);
        // 50 zeros, 50 waits in [1.0, 1.25): the 95th percentile is 0.9 of the way into the bin.
        h[4] = 50;
        assert!((percentile(50, &h, 0.95) - (4.0 + 0.9) * BIN_S).abs() < 1e-12);
    }

    #[test]
    fn waits_within_count_the_bins_below_each_threshold() {
        let mut h = vec![0u32; BINS];
        // 7 zeros; 3 waits in [4.75, 5) (bin 19), 2 in [5, 5.25) (bin 20),
        // 1 in [19.75, 20) (bin 79), 4 beyond two hours (the last bin).
        h[19] = 3;
        h[20] = 2;
        h[79] = 1;
        h[BINS - 1] = 4;
        let w = waits_within(7, &h);
        assert!(w.iter().map(|w| w.within_s).eq(WAIT_THRESHOLDS_S));
        let calls: Vec<u64> = w.iter().map(|w| w.calls).collect();
        // 0 s: 7; 5 s: 7 + 3; 10 and 15 s: + 2; 20 s onwards: + 1 (the
        // four waits over two hours stay above 3,600 s).
        assert_eq!(calls, [7, 10, 12, 12, 13, 13, 13, 13, 13, 13, 13, 13, 13, 13, 13, 13]);
        assert!(WAIT_THRESHOLDS_S.iter().all(|x| (x / BIN_S).fract() == 0.0 && x / BIN_S < BINS as f64));
    }
}
