//! The event queue alone, under the classic *hold model*: pre-fill `n`
//! pending events, then repeatedly pop the earliest and push one at a random
//! later time, so the queue stays at `n` events. Sizes 1e3 to 1e6.
//!
//! Three queues run the same operations, so the figures compare directly:
//! - `callsim_radix` — [`callsim::engine::EventQueue`]: a radix heap on one
//!   128-bit key (time bits, sequence) with lazy, O(1) cancellation;
//! - `binary_heap` — [`callsim::engine::HeapQueue`]: the same keys and
//!   cancellation on std's binary heap (callsim's first queue);
//! - `priority_queue` — the `priority-queue` crate's indexed heap, keyed by
//!   sequence number with priority `Reverse((time bits, sequence))`, which
//!   removes a cancelled entry at once in O(log n).
//!
//! Variants: `hold` (pop + push) and `hold_cancel` (every event cancellable;
//! one pop in ten is followed by cancelling a random pending event and
//! rescheduling it). Each iteration is [`OPS`] hold operations, and the
//! throughput is reported in those operations: time per iteration / 10 is
//! nanoseconds per operation.
//!
//! `switch` measures the adaptive queue's crossover: [`EventQueue`] kept a
//! 4-ary heap at every size (`heap`), kept a radix heap (`radix`), and
//! switching at [`SMALL_HEAP_MAX`] entries (`adaptive`, what a simulation
//! uses), in the hold model at 64 to 65,536 pending events.
//!
//! `front` measures the radix heap's front heap ([`FRONT_HEAP_MAX`]): the
//! lowest bucket taken into a binary heap once it holds at most 64, 256
//! (`radix`, the default), 1,024 or 4,096 entries, or never (`none`), at 10^3 to 10^6 pending.
//!
//! Run: `cargo bench --bench queue` (about 3.5 minutes); `-- switch` for the
//! crossover alone, `-- front` for the front heap.

use callsim::engine::queue::{FRONT_HEAP_MAX, SMALL_HEAP_MAX};
use callsim::engine::{EventKey, EventQueue, HeapQueue, Named, RandomStreams, time::time_bits};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use priority_queue::PriorityQueue;
use rand_distr::{Distribution, Exp, Uniform};
use std::borrow::Borrow;
use std::cmp::Reverse;
use std::hash::{Hash, Hasher};
use std::hint::black_box;
use std::time::Duration;

/// Hold operations per iteration (one of them followed by a cancel in `hold_cancel`).
const OPS: usize = 10;
/// Pre-drawn random numbers, cycled through so that drawing costs one load.
const TABLE: usize = 1 << 16;
const SIZES: [usize; 4] = [1_000, 10_000, 100_000, 1_000_000];
/// Sizes around the adaptive queue's switch.
const SWITCH_SIZES: [usize; 9] = [64, 256, 1_024, 2_048, 4_096, 8_192, 16_384, 32_768, 65_536];

/// What the hold model needs of a queue of event ids (`u32`).
trait HoldQueue {
    type Key: Copy;
    fn name() -> &'static str;
    fn with_capacity(n: usize) -> Self;
    fn schedule(&mut self, time: f64, id: u32);
    fn schedule_cancellable(&mut self, time: f64, id: u32) -> Self::Key;
    fn cancel(&mut self, key: Self::Key) -> bool;
    fn pop(&mut self) -> Option<(f64, u32)>;
}

/// callsim's queues share one interface.
macro_rules! hold_queue {
    ($queue:ty, $name:literal) => {
        impl HoldQueue for $queue {
            type Key = EventKey;
            fn name() -> &'static str {
                $name
            }
            fn with_capacity(n: usize) -> Self {
                <$queue>::with_capacity(n)
            }
            #[inline]
            fn schedule(&mut self, time: f64, id: u32) {
                <$queue>::schedule(self, time, id)
            }
            #[inline]
            fn schedule_cancellable(&mut self, time: f64, id: u32) -> EventKey {
                <$queue>::schedule_cancellable(self, time, id)
            }
            #[inline]
            fn cancel(&mut self, key: EventKey) -> bool {
                <$queue>::cancel(self, key)
            }
            #[inline]
            fn pop(&mut self) -> Option<(f64, u32)> {
                <$queue>::pop(self)
            }
        }
    };
}

hold_queue!(EventQueue<u32>, "callsim_radix");
hold_queue!(HeapQueue<u32>, "binary_heap");

/// [`EventQueue`] with its small-heap switch at `SMALL` entries (0: always a
/// radix heap; `usize::MAX`: always a 4-ary heap) and its radix heap's
/// front heap taking a lowest bucket of at most `FRONT` entries (0: none).
struct Configured<const SMALL: usize, const FRONT: usize>(EventQueue<u32>);

/// The `switch` group's queues (the default front heap).
type Switched<const SMALL: usize> = Configured<SMALL, FRONT_HEAP_MAX>;
/// The `front` group's queues (radix heaps, no small-heap switch).
type Fronted<const FRONT: usize> = Configured<0, FRONT>;

impl<const SMALL: usize, const FRONT: usize> HoldQueue for Configured<SMALL, FRONT> {
    type Key = EventKey;
    fn name() -> &'static str {
        // The radix heap with the default front heap is one type in both
        // groups: `front/radix` is the front heap of `FRONT_HEAP_MAX` (256).
        match (SMALL, FRONT) {
            (0, FRONT_HEAP_MAX) => "radix",
            (usize::MAX, _) => "heap",
            (SMALL_HEAP_MAX, _) => "adaptive",
            (0, 0) => "none",
            (0, 64) => "64",
            (0, 1024) => "1024",
            (0, 4096) => "4096",
            _ => "other",
        }
    }
    fn with_capacity(n: usize) -> Self {
        Configured(EventQueue::with_capacity(n).with_small_heap(SMALL).with_front_heap(FRONT))
    }
    #[inline]
    fn schedule(&mut self, time: f64, id: u32) {
        self.0.schedule(time, id)
    }
    #[inline]
    fn schedule_cancellable(&mut self, time: f64, id: u32) -> EventKey {
        self.0.schedule_cancellable(time, id)
    }
    #[inline]
    fn cancel(&mut self, key: EventKey) -> bool {
        self.0.cancel(key)
    }
    #[inline]
    fn pop(&mut self) -> Option<(f64, u32)> {
        self.0.pop()
    }
}

/// An entry of the `priority-queue` crate's queue: hashed and compared by
/// its sequence number only, so that it can be removed by that number.
#[derive(Clone, Copy, Debug)]
struct Item {
    seq: u64,
    id: u32,
}
impl PartialEq for Item {
    fn eq(&self, other: &Self) -> bool {
        self.seq == other.seq
    }
}
impl Eq for Item {}
impl Hash for Item {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.seq.hash(state) // equal to the hash of the u64 it borrows as
    }
}
impl Borrow<u64> for Item {
    fn borrow(&self) -> &u64 {
        &self.seq
    }
}

/// The equivalent queue on the `priority-queue` crate (its default hasher).
struct PqQueue {
    pq: PriorityQueue<Item, Reverse<(u64, u64)>>,
    next_seq: u64,
}

impl HoldQueue for PqQueue {
    type Key = u64;
    fn name() -> &'static str {
        "priority_queue"
    }
    fn with_capacity(n: usize) -> Self {
        PqQueue { pq: PriorityQueue::with_capacity(n), next_seq: 0 }
    }
    #[inline]
    fn schedule(&mut self, time: f64, id: u32) {
        self.schedule_cancellable(time, id);
    }
    #[inline]
    fn schedule_cancellable(&mut self, time: f64, id: u32) -> u64 {
        let seq = self.next_seq;
        self.next_seq += 1;
        self.pq.push(Item { seq, id }, Reverse((time_bits(time), seq)));
        seq
    }
    #[inline]
    fn cancel(&mut self, key: u64) -> bool {
        self.pq.remove(&key).is_some()
    }
    #[inline]
    fn pop(&mut self) -> Option<(f64, u32)> {
        self.pq.pop().map(|(item, Reverse((bits, _)))| (f64::from_bits(bits), item.id))
    }
}

/// Pre-drawn exponential time increments (mean 1 s) and random event ids below `n`.
struct Draws {
    increments: Vec<f64>,
    ids: Vec<u32>,
}

impl Draws {
    fn new(n: usize) -> Draws {
        let streams = RandomStreams::new(2026, 0);
        let mut rng = streams.stream(&Named("bench:queue/increments"));
        let exp = Exp::new(1.0).unwrap();
        let increments = (0..TABLE).map(|_| exp.sample(&mut rng)).collect();
        let mut rng = streams.stream(&Named("bench:queue/ids"));
        let uniform = Uniform::new(0, n as u32).unwrap();
        let ids = (0..TABLE).map(|_| uniform.sample(&mut rng)).collect();
        Draws { increments, ids }
    }
}

/// Criterion calls a routine once per warm-up round and per sample, so the
/// pre-filled queue is built once per size, outside it, and the routine
/// carries on from the state the last call left.
fn bench_hold<Q: HoldQueue>(c: &mut Criterion, group_name: &str) {
    bench_hold_sizes::<Q>(c, group_name, &SIZES, Duration::from_secs(2));
}

/// The hold model at each of `sizes` pending events.
fn bench_hold_sizes<Q: HoldQueue>(c: &mut Criterion, group_name: &str, sizes: &[usize], time: Duration) {
    let mut group = c.benchmark_group(group_name);
    group.warm_up_time(Duration::from_millis(500)).measurement_time(time).throughput(Throughput::Elements(OPS as u64));
    for &n in sizes {
        let draws = Draws::new(n);
        // Every event plain (not cancellable).
        let mut q = Q::with_capacity(n);
        for id in 0..n {
            q.schedule(draws.increments[id % TABLE], id as u32);
        }
        let mut i = 0usize;
        group.bench_function(BenchmarkId::new(Q::name(), n), |b| {
            b.iter(|| {
                for _ in 0..OPS {
                    let (t, id) = q.pop().unwrap();
                    q.schedule(t + draws.increments[i % TABLE], id);
                    i += 1;
                }
                black_box(&mut q);
            });
        });
    }
    group.finish();
}

fn bench_hold_cancel<Q: HoldQueue>(c: &mut Criterion, group_name: &str) {
    let mut group = c.benchmark_group(group_name);
    group
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .throughput(Throughput::Elements(OPS as u64));
    for &n in &SIZES {
        let draws = Draws::new(n);
        // Every event cancellable; keys[id] is the key of event id's one
        // pending event.
        let mut q = Q::with_capacity(n);
        let mut keys: Vec<Q::Key> =
            (0..n).map(|id| q.schedule_cancellable(draws.increments[id % TABLE], id as u32)).collect();
        let mut i = 0usize;
        group.bench_function(BenchmarkId::new(Q::name(), n), |b| {
            b.iter(|| {
                let mut now = 0.0;
                for _ in 0..OPS {
                    let (t, id) = q.pop().unwrap();
                    now = t;
                    keys[id as usize] = q.schedule_cancellable(t + draws.increments[i % TABLE], id);
                    i += 1;
                }
                // Cancel one pending event in ten and schedule it anew.
                let j = draws.ids[i % TABLE];
                assert!(q.cancel(keys[j as usize]));
                keys[j as usize] = q.schedule_cancellable(now + draws.increments[(i * 7) % TABLE], j);
                black_box(&mut q);
            });
        });
    }
    group.finish();
}

fn queues(c: &mut Criterion) {
    bench_hold::<EventQueue<u32>>(c, "hold");
    bench_hold::<HeapQueue<u32>>(c, "hold");
    bench_hold::<PqQueue>(c, "hold");
    bench_hold_cancel::<EventQueue<u32>>(c, "hold_cancel");
    bench_hold_cancel::<HeapQueue<u32>>(c, "hold_cancel");
    bench_hold_cancel::<PqQueue>(c, "hold_cancel");
    let time = Duration::from_secs(1);
    bench_hold_sizes::<Switched<0>>(c, "switch", &SWITCH_SIZES, time);
    bench_hold_sizes::<Switched<{ usize::MAX }>>(c, "switch", &SWITCH_SIZES, time);
    bench_hold_sizes::<Switched<SMALL_HEAP_MAX>>(c, "switch", &SWITCH_SIZES, time);
    bench_hold_sizes::<Fronted<0>>(c, "front", &SIZES, time);
    bench_hold_sizes::<Fronted<64>>(c, "front", &SIZES, time);
    bench_hold_sizes::<Fronted<256>>(c, "front", &SIZES, time);
    bench_hold_sizes::<Fronted<1024>>(c, "front", &SIZES, time);
    bench_hold_sizes::<Fronted<4096>>(c, "front", &SIZES, time);
}

criterion_group!(benches, queues);
criterion_main!(benches);
