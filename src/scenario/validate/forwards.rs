//! `[[forward]]`: calls dialled to one number carried on to another.

use super::Problems;
use super::names::{Names, lookup};
use crate::model::Forward;
use crate::scenario::raw::RawScenario;

/// The forwards; each number forwards to one number, and forwards do not chain.
pub(super) fn forwards(p: &mut Problems, names: &Names, raw: &RawScenario) -> Vec<Forward> {
    let mut forwards: Vec<Forward> = Vec::with_capacity(raw.forward.len());
    for (i, f) in raw.forward.iter().enumerate() {
        let path = format!("forward[{i}]");
        let from = lookup(p, &format!("{path}.from"), "number", &f.from, &names.number);
        let to = lookup(p, &format!("{path}.to"), "number", &f.to, &names.number);
        if let (Some(from), Some(to)) = (from, to) {
            if from == to {
                p.add(format!("{path}.to"), "a number cannot forward to itself");
            } else if let Some(k) = forwards.iter().position(|g| g.from == from) {
                p.add(
                    format!("{path}.from"),
                    format!("\"{}\" is already forwarded by forward[{k}]; a number forwards to one number", f.from),
                );
            } else {
                forwards.push(Forward { from, to });
            }
        }
    }
    for (i, f) in forwards.iter().enumerate() {
        if forwards.iter().any(|g| g.from == f.to) || forwards.iter().any(|g| g.to == f.from) {
            p.add(format!("forward[{i}]"), "forwards do not chain: forward the first number straight to the last");
        }
    }
    forwards
}
