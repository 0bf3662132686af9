//! A hand-written M/M/N+M loop on `std::collections::BinaryHeap`, the
//! baseline a Rust programmer would write without a simulation library:
//! arrivals, ends of service and abandonments as heap events, a FIFO of
//! waiting callers (a `VecDeque`), abandonment by lazy deletion (a served
//! caller's abandonment event is skipped when it pops).

use rand::{RngExt, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus as Rng64;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

/// Counts of one run.
#[derive(Clone, Copy, Debug, Default)]
pub struct HeapRun {
    /// Callers who arrived.
    pub arrivals: u64,
    /// Callers who found every agent busy.
    pub waited: u64,
    /// Callers who hung up before an answer.
    pub abandoned: u64,
    /// Events popped (arrivals, ends of service, abandonments that fired).
    pub events: u64,
}

fn exp(rng: &mut Rng64, mean: f64) -> f64 {
    -mean * (1.0 - rng.random::<f64>()).ln()
}

/// `arrivals` callers at `rate` per second to `agents` agents, exponential
/// handle `handle_s` and patience `patience_s`.
pub fn run(arrivals: u64, agents: u32, rate: f64, handle_s: f64, patience_s: f64, seed: u64) -> HeapRun {
    const ARRIVAL: u32 = u32::MAX;
    const END: u32 = u32::MAX - 1;
    let mut rng = Rng64::seed_from_u64(seed);
    // (time bits, kind or caller id): kind ARRIVAL, END, or an abandonment of caller id.
    let mut heap: BinaryHeap<Reverse<(u64, u32)>> = BinaryHeap::with_capacity(1024);
    let mut waiting: VecDeque<u32> = VecDeque::with_capacity(1024);
    let mut served: Vec<bool> = Vec::with_capacity(1024);
    let mut busy = 0u32;
    let mut out = HeapRun::default();
    heap.push(Reverse((exp(&mut rng, 1.0 / rate).to_bits(), ARRIVAL)));
    while let Some(Reverse((bits, what))) = heap.pop() {
        let now = f64::from_bits(bits);
        match what {
            ARRIVAL => {
                out.events += 1;
                out.arrivals += 1;
                if busy < agents {
                    busy += 1;
                    heap.push(Reverse(((now + exp(&mut rng, handle_s)).to_bits(), END)));
                } else {
                    out.waited += 1;
                    let id = served.len() as u32;
                    served.push(false);
                    waiting.push_back(id);
                    heap.push(Reverse(((now + exp(&mut rng, patience_s)).to_bits(), id)));
                }
                if out.arrivals < arrivals {
                    heap.push(Reverse(((now + exp(&mut rng, 1.0 / rate)).to_bits(), ARRIVAL)));
                }
            }
            END => {
                out.events += 1;
                // The head of the queue still waiting, if any, takes the agent.
                let mut next = None;
                while let Some(id) = waiting.pop_front() {
                    if !served[id as usize] {
                        next = Some(id);
                        break;
                    }
                }
                match next {
                    Some(id) => {
                        served[id as usize] = true;
                        heap.push(Reverse(((now + exp(&mut rng, handle_s)).to_bits(), END)));
                    }
                    None => busy -= 1,
                }
            }
            id => {
                // An abandonment: fires only if the caller is still waiting
                // (marked served so the queue skips them).
                if !served[id as usize] {
                    served[id as usize] = true;
                    out.abandoned += 1;
                    out.events += 1;
                }
            }
        }
    }
    out
}
