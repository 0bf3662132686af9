//! Renderings of the summaries (`crate::summary`): a table for people, JSON
//! for programs (the contract's keys, from the summaries' serde shape), CSV
//! for spreadsheets, and the decision report as a self-contained HTML page
//! with SVG charts.

pub mod charts;
mod csv;
pub mod experiments;
pub mod figures;
pub mod html;
pub mod nines;
mod table;
mod text;

pub use self::csv::{to_csv, writer as csv_writer};
pub use table::to_table;
