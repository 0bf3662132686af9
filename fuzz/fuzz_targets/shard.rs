//! Fuzzes `callsim merge` on shard files: arbitrary bytes read as a shard
//! file (JSON), checked against its embedded scenario and merged, then
//! every report format. A shard file is input: anything may be refused,
//! nothing may panic. Seeds: real shard files (see the README, Fuzzing).
#![no_main]

use callsim::experiment::shard::{ShardFile, merge};
use callsim::report::{to_csv, to_table};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    // One shard file, or several separated by a form feed (a split run).
    let mut shards = Vec::new();
    for (i, part) in text.split('\u{c}').take(4).enumerate() {
        let Ok(shard) = serde_json::from_str::<ShardFile>(part) else { return };
        shards.push((format!("part-{i}.json"), shard));
    }
    match merge(&shards) {
        Ok((_, report)) => {
            let _ = report.to_json();
            let _ = to_table(&report);
            let _ = to_csv(&report);
        }
        Err(e) => assert!(!e.to_string().is_empty()),
    }
});
