pub mod engine;
pub mod experiment;
pub mod model;
pub mod report;
pub mod scenario;
pub mod sim;
pub mod stats;
pub mod traffic;
