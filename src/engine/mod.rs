//! The generic discrete-event core. It knows nothing of telephony: simulated
//! time, an event queue with cancellation and FIFO ties, and named random
//! streams. The telephony model (`crate::sim`) drives it.

pub mod queue;
pub mod rng;
pub mod time;

pub use queue::{EventKey, EventQueue};
pub use rng::{RandomStreams, Stream, stable_hash};
pub use time::Seconds;
