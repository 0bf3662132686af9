//! Typed tables indexed by a cause: why calls were blocked or dropped.
//!
//! A cause is a small enum ([`BlockCause`](super::BlockCause),
//! [`DropCause`]) that implements [`Cause`]: it lists its variants in order
//! and names each. A [`ByCause`] table holds one value per variant, indexed
//! by the enum itself (`blocked_by[BlockCause::NoRoute]`), never by a bare
//! position, and iterates in the enum's order. Adding a variant therefore
//! changes the enum alone: every table grows with it, and every writer that
//! iterates [`Cause::LIST`] (reports, CSV, JSON) shows it.
//!
//! The tables carry no serde implementation: each format says how it writes
//! one (an array in shard files, an object keyed by name in reports).

use std::fmt;
use std::ops::{Index, IndexMut};

/// An enum of causes that indexes a [`ByCause`] table.
pub trait Cause: Copy + Eq + fmt::Debug + 'static {
    /// One `T` per cause: `[T; N]` for `N` causes.
    type Array<T>: AsRef<[T]> + AsMut<[T]>;
    /// Every cause, in order.
    const LIST: &'static [Self];
    /// The position of this cause in [`Cause::LIST`].
    fn index(self) -> usize;
    /// The name reports give the cause (`no_route`, `carrier`, ...).
    fn as_str(self) -> &'static str;
    /// A table filled with `f(cause)` for every cause, in order.
    fn array<T>(f: impl FnMut(Self) -> T) -> Self::Array<T>;
}

/// One value per cause of `C` (calls per cause by default), indexed by `C`.
pub struct ByCause<C: Cause, T = u64>(C::Array<T>);

impl<C: Cause, T> ByCause<C, T> {
    /// The table of `f(cause)` for every cause.
    pub fn from_fn(f: impl FnMut(C) -> T) -> Self {
        ByCause(C::array(f))
    }

    /// The value of `cause` (the same as `self[cause]`).
    pub fn get(&self, cause: C) -> &T {
        &self[cause]
    }

    /// Every (cause, value), in the causes' order.
    pub fn iter(&self) -> impl Iterator<Item = (C, &T)> {
        C::LIST.iter().copied().zip(self.0.as_ref())
    }

    /// Every value, in the causes' order.
    pub fn values(&self) -> impl Iterator<Item = &T> {
        self.0.as_ref().iter()
    }
}

impl<C: Cause> ByCause<C, u64> {
    /// The sum over every cause.
    pub fn total(&self) -> u64 {
        self.values().sum()
    }
}

impl<C: Cause, T> Index<C> for ByCause<C, T> {
    type Output = T;

    #[inline]
    fn index(&self, cause: C) -> &T {
        &self.0.as_ref()[cause.index()]
    }
}

impl<C: Cause, T> IndexMut<C> for ByCause<C, T> {
    #[inline]
    fn index_mut(&mut self, cause: C) -> &mut T {
        &mut self.0.as_mut()[cause.index()]
    }
}

impl<C: Cause, T: Default> Default for ByCause<C, T> {
    fn default() -> Self {
        ByCause::from_fn(|_| T::default())
    }
}

impl<C: Cause, T: Clone> Clone for ByCause<C, T> {
    fn clone(&self) -> Self {
        ByCause::from_fn(|c| self[c].clone())
    }
}

impl<C: Cause, T: PartialEq> PartialEq for ByCause<C, T> {
    fn eq(&self, other: &Self) -> bool {
        self.0.as_ref() == other.0.as_ref()
    }
}

impl<C: Cause, T: fmt::Debug> fmt::Debug for ByCause<C, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter().map(|(c, v)| (c.as_str(), v))).finish()
    }
}

/// Why a carried call was cut: the kind of element whose failure took its link down.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DropCause {
    /// An availability zone failed.
    Az = 0,
    /// The link's carrier failed.
    Carrier = 1,
    /// The link itself failed.
    Link = 2,
    /// The regional instance the call was on failed.
    Instance = 3,
}

impl DropCause {
    /// Every cause, in report order.
    pub const ALL: [DropCause; 4] = [DropCause::Az, DropCause::Carrier, DropCause::Link, DropCause::Instance];

    /// The name reports give the cause: `az`, `carrier`, `link` or `instance`.
    pub fn as_str(self) -> &'static str {
        match self {
            DropCause::Az => "az",
            DropCause::Carrier => "carrier",
            DropCause::Link => "link",
            DropCause::Instance => "instance",
        }
    }

    /// The cause of a drop by the failure of `element`.
    pub fn of(element: crate::faults::Element) -> DropCause {
        match element {
            crate::faults::Element::Az(_) => DropCause::Az,
            crate::faults::Element::Carrier(_) => DropCause::Carrier,
            crate::faults::Element::Link(_) => DropCause::Link,
            crate::faults::Element::Instance(_) => DropCause::Instance,
        }
    }
}

impl Cause for DropCause {
    type Array<T> = [T; DropCause::ALL.len()];
    const LIST: &'static [Self] = &Self::ALL;

    #[inline]
    fn index(self) -> usize {
        self as usize
    }

    fn as_str(self) -> &'static str {
        DropCause::as_str(self)
    }

    fn array<T>(f: impl FnMut(Self) -> T) -> Self::Array<T> {
        Self::ALL.map(f)
    }
}

/// Why a call was not carried.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum BlockCause {
    /// The number was at its concurrent-call cap.
    NumberCap = 0,
    /// The instance was at its concurrent-call quota.
    InstanceQuota = 1,
    /// The number had no route up (carrier, link or zone down).
    NoRoute = 2,
    /// Every route that was up was full.
    LinkCapacity = 3,
    /// The chosen link or its carrier was at its calls-per-second limit
    /// (and its CPS queue, if any, was full).
    CpsLimit = 4,
    /// A traffic distribution group sent the call to an instance that was
    /// down, before failover moved its share (or with failover `never`).
    Failover = 5,
    /// The call was carried through its IVR, then its queue had
    /// `max_contacts` callers waiting: it heard the queue-full message and
    /// ended (counted when it ends, at the end of its IVR).
    QueueFull = 6,
    /// An outbound campaign with its own quota (`[[outbound]]
    /// max_concurrent_calls`) was at it (taken after `number_cap`, in place
    /// of `instance_quota`).
    CampaignQuota = 7,
}

impl BlockCause {
    /// Every cause, in routing order but for `failover` (taken after
    /// `number_cap`), `queue_full` (after routing and IVR) and
    /// `campaign_quota` (outbound dials only, in place of `instance_quota`),
    /// listed last so that earlier tables keep their positions.
    pub const ALL: [BlockCause; 8] = [
        BlockCause::NumberCap,
        BlockCause::InstanceQuota,
        BlockCause::NoRoute,
        BlockCause::LinkCapacity,
        BlockCause::CpsLimit,
        BlockCause::Failover,
        BlockCause::QueueFull,
        BlockCause::CampaignQuota,
    ];

    /// The contract's name of the cause (`number_cap`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            BlockCause::NumberCap => "number_cap",
            BlockCause::InstanceQuota => "instance_quota",
            BlockCause::NoRoute => "no_route",
            BlockCause::LinkCapacity => "link_capacity",
            BlockCause::CpsLimit => "cps_limit",
            BlockCause::Failover => "failover",
            BlockCause::QueueFull => "queue_full",
            BlockCause::CampaignQuota => "campaign_quota",
        }
    }
}

impl Cause for BlockCause {
    type Array<T> = [T; BlockCause::ALL.len()];
    const LIST: &'static [Self] = &Self::ALL;

    #[inline]
    fn index(self) -> usize {
        self as usize
    }

    fn as_str(self) -> &'static str {
        BlockCause::as_str(self)
    }

    fn array<T>(f: impl FnMut(Self) -> T) -> Self::Array<T> {
        Self::ALL.map(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_is_indexed_by_its_cause_and_iterates_in_order() {
        let mut t: ByCause<DropCause> = ByCause::default();
        t[DropCause::Link] += 3;
        t[DropCause::Az] += 1;
        // 1 + 0 + 3 = 4 drops in all, listed az, carrier, link.
        assert_eq!(t.total(), 4);
        let listed: Vec<(&str, u64)> = t.iter().map(|(c, &v)| (c.as_str(), v)).collect();
        assert_eq!(listed, [("az", 1), ("carrier", 0), ("link", 3), ("instance", 0)]);
        assert_eq!(format!("{t:?}"), r#"{"az": 1, "carrier": 0, "link": 3, "instance": 0}"#);
        assert_eq!(t.clone(), t);
    }

    #[test]
    fn causes_list_their_own_positions() {
        for (i, &c) in DropCause::LIST.iter().enumerate() {
            assert_eq!(c.index(), i);
        }
    }
}
