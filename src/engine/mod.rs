//! The generic discrete-event core. It knows nothing of telephony: simulated
//! time, an event queue with cancellation and FIFO ties, and named random
//! streams. The telephony model (`crate::sim`) drives it.

mod entry;
mod heap_queue;
mod keyheap;
pub mod queue;
pub mod rng;
mod slots;
pub mod time;

pub use heap_queue::HeapQueue;
pub use queue::{EventQueue, Order, QueueError};
pub use rng::{Named, RandomStreams, Stream, StreamKey, stable_hash};
pub use slots::EventKey;
pub use time::{Duration, DurationError, Seconds, parse_duration};
