//! What calls see in a regional design: the share of a number's calls sent
//! to an instance that is up with a route into its region, and the shares
//! lost during failover and for want of a route, exactly where a formula
//! gives them (issue #15).
//!
//! # The member's phase
//! Each member of a traffic distribution group is, at any instant, in one
//! of four *phases*: up (`UU`), down and not yet failed over (`DU`), down
//! and failed over (`DS`: its share moved to the other member), or back up
//! but not yet failed back (`US`). The simulator's rules
//! (`crate::sim::instances`): a member that fails unshifted is shifted
//! after the failover delay `d` if still down; one that returns shifted is
//! unshifted after the failback delay `b` unless it fails again first (then
//! it stays shifted through that failure: no call is lost to it). A
//! member's phase depends only on its own instance's up/down history, and
//! the instances are independent, so the two members' phases are
//! independent and the joint law is the product of the marginals.
//!
//! # The stationary phase law
//! For an instance failing at random (alternating renewal, mean up `m`,
//! mean down `r`), with exponential up **and** down periods (rates
//! `l = 1/m`, `u = 1/r`): a down period outlasts `d` with probability
//! `s = exp(-u d)`, and an up period that starts shifted outlasts `b` with
//! probability `1 - c`, `c = 1 - exp(-l b)`. A failure starts unshifted
//! (from `UU`) or shifted (from `US`); the chain of failures has
//! `P(shifted next | unshifted) = s c` and `P(shifted next | shifted) = c`,
//! so the fractions of failures starting each way are
//! `pi_u = (1 - c) / (1 - c + s c)` and `pi_s = s c / (1 - c + s c)`. Every
//! cycle lasts `m + r` on average, and per cycle the member spends
//!
//! ```text
//! DU: pi_u (1 - s) r            (E[min(d, D)] = r (1 - s) for exponential D)
//! DS: pi_u s r + pi_s r
//! US: (pi_u s + pi_s) c m       (E[min(b, U)] = m c)
//! UU: m - (pi_u s + pi_s) c m
//! ```
//!
//! so the long-run fraction of time in each phase is its time over
//! `m + r`. With `b = 0` this is the issue's `share x E[min(d, outage)]`
//! per failure. Two cases need no shape at all: failover `never`
//! (`DU = r / (m + r)`, never shifted) and `d = b = 0` (`DS = r / (m + r)`).
//! Other shapes (Weibull, lognormal) with a delay, and failback `never`
//! with a finite failover (the member ends up shifted for good: the
//! horizon's figure depends on how soon, not on a stationary law), have no
//! figure here ([`Unknown`]).
//!
//! The simulator starts each member unshifted; the law above holds once a
//! warm-up longer than `d + b` has passed (a member down at the start of
//! warm-up and still down after it is shifted in both).
//!
//! # Scheduled outages
//! An instance with scheduled outages and no random failures follows a
//! known timeline: its phases are computed from the outages' times by the
//! same rules. An instance with both has no figure here ([`Unknown`]).
//!
//! # The share of calls
//! At an instant where member `A` is in phase `x` and `B` in `y`, a call
//! goes to `A` with probability `q(x, y)`: 0 when `A` alone is shifted, 1
//! when `B` alone is, else the split in force (`tenths / 10`). It is lost
//! `failover` when its instance is down, lost `no_route` when its instance
//! is up but no route into the instance's region is (probability `1 - R_k`,
//! from the structure function without instances: routes and instances
//! are independent), and reaches the instance otherwise:
//!
//! ```text
//! lost_in_failover = sum P_A(x) P_B(y) [q down_A(x) + (1 - q) down_B(y)]
//! reached          = sum P_A(x) P_B(y) [q up_A(x) R_A + (1 - q) up_B(y) R_B]
//! ```
//!
//! A number on one instance reaches it with `P(up) R` and loses the rest
//! `no_route` (the simulator's cause for a lone instance that is down), for
//! any shapes. The fractions are per call: the horizon is cut wherever a
//! phase, a split, or a scheduled outage changes, and each piece is
//! weighted by the calls expected to arrive in it (arrivals independent of
//! failures see the time averages). Capacity (quotas, links full) is not
//! part of these figures.

use super::structure::{self, Forced, Requirement, UpDown};
use super::{TooManyShared, arrivals_between, schedule};
use crate::faults::{Element, FailureProcess, Lifetime};
use crate::model::{Claim, Model};

/// The four failover phases of a group member, in [`PhaseLaw`] order:
/// up, down not failed over, down failed over, up not failed back.
const UU: usize = 0;
const DU: usize = 1;
const DS: usize = 2;
const US: usize = 3;

/// Probabilities of the phases `[UU, DU, DS, US]` at an instant.
type PhaseLaw = [f64; 4];

/// Why a number's call figures have no exact value: the formula's
/// assumptions do not hold for the scenario.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Unknown {
    /// A group member fails at random with a non-exponential shape and a
    /// non-zero failover or failback delay.
    #[error("instance \"{0}\" fails with a non-exponential shape and a failover delay: no exact figure")]
    Shape(String),
    /// A group member fails at random and never fails back after a finite failover.
    #[error("instance \"{0}\" fails at random and never fails back: no stationary figure")]
    NeverBack(String),
    /// A group member has both random failures and scheduled outages.
    #[error("instance \"{0}\" has random failures and scheduled outages: no exact figure")]
    Mixed(String),
    /// The routes share too many failing elements.
    #[error(transparent)]
    Shared(#[from] TooManyShared),
}

/// What a number's first-attempt calls see, as fractions of them (they add
/// up to 1); capacity left out.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct CallFigures {
    /// Sent to an instance that is up, with a route into its region: the
    /// availability seen by calls.
    pub reached: f64,
    /// Sent to a group member that was down before failover moved its
    /// share (block cause `failover`).
    pub lost_in_failover: f64,
    /// Sent to an instance that was up with no route into its region, or
    /// (a number on one instance) to its instance while down (block cause
    /// `no_route`).
    pub no_route: f64,
}

/// A member's phases over the horizon: stationary, or a known timeline.
#[derive(Clone, Debug)]
enum Member {
    /// The same law at every instant.
    Stationary(PhaseLaw),
    /// Sorted segments `(start s, end s, phase)` covering `[0, horizon)`.
    Timeline(Vec<(f64, f64, usize)>),
}

impl Member {
    /// The law at `t` seconds after warm-up.
    fn at(&self, t: f64) -> PhaseLaw {
        match self {
            Member::Stationary(law) => *law,
            Member::Timeline(segs) => {
                let i = segs.partition_point(|s| s.0 <= t).saturating_sub(1);
                let mut law = [0.0; 4];
                law[segs[i].2] = 1.0;
                law
            }
        }
    }

    /// Times in `(0, horizon)` where its law changes.
    fn cuts(&self) -> Vec<f64> {
        match self {
            Member::Stationary(_) => Vec::new(),
            Member::Timeline(segs) => segs.iter().skip(1).map(|s| s.0).collect(),
        }
    }
}

/// The stationary phase law of an instance failing by `f` with failover
/// after `d` and failback after `b` seconds (`INFINITY`: never).
fn stationary(name: &str, f: &FailureProcess, d: f64, b: f64) -> Result<PhaseLaw, Unknown> {
    let cycle = f.mtbf_s + f.mttr_s;
    let (up, down) = (f.mtbf_s / cycle, f.mttr_s / cycle);
    if d.is_infinite() {
        return Ok([up, down, 0.0, 0.0]);
    }
    if d == 0.0 && b == 0.0 {
        return Ok([up, 0.0, down, 0.0]);
    }
    if b.is_infinite() {
        return Err(Unknown::NeverBack(name.to_string()));
    }
    let exponential = |l: Lifetime| matches!(l, Lifetime::Exponential);
    if !exponential(f.time_to_failure) || !exponential(f.time_to_repair) {
        return Err(Unknown::Shape(name.to_string()));
    }
    let s = (-d / f.mttr_s).exp();
    // c = 1 - exp(-b / m), without cancellation for small b / m.
    let c = -(-b / f.mtbf_s).exp_m1();
    let norm = 1.0 - c + s * c;
    let (pi_u, pi_s) = ((1.0 - c) / norm, s * c / norm);
    let shifted_back = (pi_u * s + pi_s) * c;
    // -(-d / r).exp_m1() = 1 - s, kept precise for small d / r.
    let du = pi_u * -(-d / f.mttr_s).exp_m1() * down;
    let ds = (pi_u * s + pi_s) * down;
    let us = shifted_back * up;
    let uu = (1.0 - shifted_back) * up;
    Ok([uu, du, ds, us])
}

/// The phase timeline of an instance that is down exactly during the
/// sorted, merged `held` intervals of `[0, horizon_s)`.
fn timeline(held: &[(f64, f64)], d: f64, b: f64, horizon_s: f64) -> Vec<(f64, f64, usize)> {
    let mut segs: Vec<(f64, f64, usize)> = Vec::new();
    let mut push = |a: f64, e: f64, phase: usize| {
        let (a, e) = (a.max(0.0), e.min(horizon_s));
        if a < e {
            match segs.last_mut() {
                Some(last) if last.2 == phase && last.1 == a => last.1 = e,
                _ => segs.push((a, e, phase)),
            }
        }
    };
    let mut t = 0.0;
    let mut shifted = false;
    for &(a, e) in held {
        // Up from t to a: shifted until t + b (when coming back shifted).
        if shifted {
            let back = t + b;
            if back <= a {
                push(t, back, US);
                push(back, a, UU);
                shifted = false;
            } else {
                push(t, a, US);
            }
        } else {
            push(t, a, UU);
        }
        // Down from a to e.
        if shifted {
            push(a, e, DS);
        } else if a + d < e {
            push(a, a + d, DU);
            push(a + d, e, DS);
            shifted = true;
        } else {
            push(a, e, DU);
        }
        t = e;
    }
    if shifted {
        push(t, t + b, US);
        push(t + b, horizon_s, UU);
    } else {
        push(t, horizon_s, UU);
    }
    if segs.is_empty() {
        segs.push((0.0, horizon_s, UU));
    }
    segs
}

/// The phases of regional instance `i` as a member of a group failing over
/// after `d` and back after `b` seconds.
fn member(model: &Model, i: usize, d: f64, b: f64, horizon_s: f64) -> Result<Member, Unknown> {
    let r = model.regions.as_ref().expect("a regional design");
    let inst = &r.instances[i];
    let mut held: Vec<(f64, f64)> = (model.outages.iter())
        .filter(|o| o.target == Element::Instance(i))
        .map(|o| (o.start_s, o.start_s + o.duration_s))
        .filter(|&(a, _)| a < horizon_s)
        .collect();
    held.sort_by(|x, y| x.0.total_cmp(&y.0));
    let mut merged: Vec<(f64, f64)> = Vec::with_capacity(held.len());
    for (a, e) in held {
        match merged.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(e),
            _ => merged.push((a, e)),
        }
    }
    match (&inst.failure, merged.is_empty()) {
        (None, true) => Ok(Member::Stationary([1.0, 0.0, 0.0, 0.0])),
        (None, false) => Ok(Member::Timeline(timeline(&merged, d, b, horizon_s))),
        (Some(f), true) => Ok(Member::Stationary(stationary(&inst.name, f, d, b)?)),
        (Some(_), false) => Err(Unknown::Mixed(inst.name.clone())),
    }
}

/// Each number's [`CallFigures`] over `[0, horizon_s)` (`Err` where the
/// assumptions above fail); empty for a design without regions.
pub(super) fn call_figures(model: &Model, horizon_s: f64) -> Vec<Result<CallFigures, Unknown>> {
    let Some(regions) = model.regions.as_ref() else {
        return Vec::new();
    };
    // Routes alone: every instance up, none held.
    let mut p: UpDown = super::probabilities(model);
    let p_instance = std::mem::replace(&mut p.instance, vec![(1.0, 0.0); regions.instances.len()]);
    let (pieces, _) = schedule(model, horizon_s);
    let mut piece_starts = Vec::with_capacity(pieces.len());
    let mut t = 0.0;
    for piece in &pieces {
        let mut forced = piece.forced.clone();
        forced.instance.iter_mut().for_each(|x| *x = false);
        piece_starts.push((t, forced, piece.forced.instance.clone()));
        t += piece.length_s;
    }
    (0..model.numbers.len())
        .map(|n| {
            let members = regions.instances_of(n);
            let (laws, group) = match regions.claims[n] {
                // A lone instance: up with its own probability unless held
                // (any shapes: no failover to follow).
                Claim::Instance(_) => (Vec::new(), None),
                Claim::Group(g) => {
                    let grp = &regions.groups[g];
                    let (d, b) = (grp.failover.delay_s(), grp.failback.delay_s());
                    let laws =
                        (grp.instances.iter()).map(|&i| member(model, i, d, b, horizon_s)).collect::<Result<_, _>>()?;
                    (laws, Some(grp))
                }
            };
            let routes: Vec<Vec<usize>> = (members.iter())
                .map(|&i| {
                    (model.numbers[n].routes.iter())
                        .copied()
                        .filter(|&l| regions.az_instance[model.links[l].az] == i)
                        .collect()
                })
                .collect();
            let mut cuts: Vec<f64> = piece_starts.iter().map(|(t, _, _)| *t).collect();
            cuts.extend(laws.iter().flat_map(Member::cuts));
            if let Some(grp) = group {
                cuts.extend(grp.schedule.iter().map(|s| s.at_s).filter(|&t| t > 0.0 && t < horizon_s));
            }
            cuts.push(horizon_s);
            cuts.sort_by(f64::total_cmp);
            cuts.dedup();
            // Per segment: expected calls, length (s), and the three shares.
            let mut segments: Vec<(f64, f64, [f64; 3])> = Vec::with_capacity(cuts.len());
            for w in cuts.windows(2) {
                let (a, e) = (w[0], w[1]);
                if a >= e {
                    continue;
                }
                let piece = piece_starts.partition_point(|(t, _, _)| *t <= a).saturating_sub(1);
                let (_, forced, held): &(f64, Forced, Vec<bool>) = &piece_starts[piece];
                // Per member: P(no route into its region), summed directly
                // (not 1 - availability) so that small figures keep their digits.
                let route_down = |routes: &[usize]| -> Result<f64, TooManyShared> {
                    structure::unavailability(model, &p, &[Requirement { routes, forced }])
                };
                let u: Vec<f64> = routes.iter().map(|x| route_down(x)).collect::<Result<_, _>>()?;
                let r: Vec<f64> = u.iter().map(|u| 1.0 - u).collect();
                let calls: f64 = (model.traffic.iter())
                    .flat_map(|t| {
                        model.targets(t).into_iter().filter(|&(m, _)| m == n).map(move |(_, share)| (t, share))
                    })
                    .map(|(t, share)| share * arrivals_between(&t.arrivals, a, e))
                    .sum();
                let (x_reached, x_failover, x_no_route) = match group {
                    None => {
                        let i = members[0];
                        let (up, down) = if held[i] { (0.0, 1.0) } else { p_instance[i] };
                        (up * r[0], 0.0, down + up * u[0])
                    }
                    Some(grp) => {
                        let split = grp.tenths_at(a) as f64 / 10.0;
                        let (la, lb) = (laws[0].at(a), laws[1].at(a));
                        let (mut xr, mut xf, mut xn) = (0.0, 0.0, 0.0);
                        for (x, &pa) in la.iter().enumerate() {
                            for (y, &pb) in lb.iter().enumerate() {
                                let joint = pa * pb;
                                if joint == 0.0 {
                                    continue;
                                }
                                let (sa, sb) = (x == DS || x == US, y == DS || y == US);
                                let q = match (sa, sb) {
                                    (true, false) => 0.0,
                                    (false, true) => 1.0,
                                    _ => split,
                                };
                                let (ua, ub) = (x == UU || x == US, y == UU || y == US);
                                let share = [(q, ua, 0), (1.0 - q, ub, 1)];
                                for (w, up, k) in share {
                                    if up {
                                        xr += joint * w * r[k];
                                        xn += joint * w * u[k];
                                    } else {
                                        xf += joint * w;
                                    }
                                }
                            }
                        }
                        (xr, xf, xn)
                    }
                };
                segments.push((calls, e - a, [x_reached, x_failover, x_no_route]));
            }
            // Weighted by the calls expected in each segment; by time when
            // the number is offered none at all.
            let by_calls = segments.iter().any(|&(calls, _, _)| calls > 0.0);
            let weight = |&(calls, dt, _): &(f64, f64, [f64; 3])| if by_calls { calls } else { dt };
            let total: f64 = segments.iter().map(weight).sum();
            let share = |k: usize| segments.iter().map(|seg| weight(seg) * seg.2[k]).sum::<f64>() / total;
            Ok(CallFigures { reached: share(0), lost_in_failover: share(1), no_route: share(2) })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::faults::FailureProcess;

    fn exp(m: f64, r: f64) -> FailureProcess {
        FailureProcess::exponential(m, r)
    }

    #[test]
    fn the_stationary_law_sums_to_one_and_has_the_instance_down_its_share() {
        // m = 2 d, r = 1 h, d = b = 10 min: down 1/49 of the time, split
        // into DU and DS; up 48/49 into UU and US.
        let law = stationary("e", &exp(172_800.0, 3_600.0), 600.0, 600.0).unwrap();
        assert!((law.iter().sum::<f64>() - 1.0).abs() < 1e-15);
        assert!((law[DU] + law[DS] - 1.0 / 49.0).abs() < 1e-15);
        // s = exp(-1/6) = 0.846482, c = 1 - exp(-600 / 172800) = 0.0034662,
        // pi_u = (1 - c) / (1 - c + s c) = 0.9970644;
        // DU = pi_u (1 - s) / 49 = 0.9970644 x 0.1535183 / 49 = 0.00312383.
        let s = (-1.0f64 / 6.0).exp();
        let c = 1.0 - (-600.0f64 / 172_800.0).exp();
        let pi_u = (1.0 - c) / (1.0 - c + s * c);
        assert!((pi_u - 0.997064).abs() < 1e-6, "{pi_u}");
        assert!((law[DU] - pi_u * (1.0 - s) / 49.0).abs() < 1e-15);
        assert!((law[DU] - 0.00312383).abs() < 1e-8, "{}", law[DU]);
    }

    #[test]
    fn without_failback_delay_the_loss_is_e_min_d_outage_per_failure() {
        // b = 0: every failure starts unshifted; per cycle of m + r the
        // member is DU for E[min(d, D)] = r (1 - exp(-d/r)).
        let (m, r, d) = (86_400.0, 7_200.0, 1_800.0);
        let law = stationary("e", &exp(m, r), d, 0.0).unwrap();
        assert!((law[DU] - r * (1.0 - (-d / r).exp()) / (m + r)).abs() < 1e-15);
        assert_eq!(law[US], 0.0);
    }

    #[test]
    fn never_and_instant_need_no_shape_and_other_delays_do() {
        let mut f = exp(1_000.0, 100.0);
        f.time_to_repair = Lifetime::Weibull { shape: 2.0 };
        assert_eq!(stationary("e", &f, f64::INFINITY, 0.0).unwrap(), [1000.0 / 1100.0, 100.0 / 1100.0, 0.0, 0.0]);
        assert_eq!(stationary("e", &f, 0.0, 0.0).unwrap(), [1000.0 / 1100.0, 0.0, 100.0 / 1100.0, 0.0]);
        assert_eq!(stationary("e", &f, 60.0, 60.0), Err(Unknown::Shape("e".into())));
        assert_eq!(stationary("e", &exp(1_000.0, 100.0), 60.0, f64::INFINITY), Err(Unknown::NeverBack("e".into())));
    }

    #[test]
    fn a_scheduled_outage_is_down_unshifted_for_the_delay_then_shifted_until_failback() {
        // Down [100, 200), d = 30, b = 20: DU [100, 130), DS [130, 200),
        // US [200, 220), then up. A second outage at 210 starts shifted: DS.
        let t = timeline(&[(100.0, 200.0)], 30.0, 20.0, 1_000.0);
        assert_eq!(
            t,
            vec![(0.0, 100.0, UU), (100.0, 130.0, DU), (130.0, 200.0, DS), (200.0, 220.0, US), (220.0, 1_000.0, UU)]
        );
        let t = timeline(&[(100.0, 200.0), (210.0, 215.0)], 30.0, 20.0, 1_000.0);
        assert_eq!(
            t,
            vec![
                (0.0, 100.0, UU),
                (100.0, 130.0, DU),
                (130.0, 200.0, DS),
                (200.0, 210.0, US),
                (210.0, 215.0, DS),
                (215.0, 235.0, US),
                (235.0, 1_000.0, UU)
            ]
        );
        // Shorter than the delay: never shifted.
        let t = timeline(&[(100.0, 110.0)], 30.0, 20.0, 1_000.0);
        assert_eq!(t, vec![(0.0, 100.0, UU), (100.0, 110.0, DU), (110.0, 1_000.0, UU)]);
    }
}
