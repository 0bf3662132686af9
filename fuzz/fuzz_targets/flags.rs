//! Fuzzes the values of command-line flags through the library calls the
//! CLI makes with them: `--horizon`/`--warmup` (durations), `--shard I/N`,
//! `--max-events`/`--max-calls` (the cost guard's limits), and
//! `sweep --set PATH=V1,V2,...` applied to a bundled scenario, each new
//! scenario validated, guarded and (when small) simulated. Input: up to
//! five values separated by newlines. Anything may be refused; nothing may
//! panic, and a value accepted must be in range.
#![no_main]

use callsim::experiment::run_replication;
use callsim::experiment::shard::ShardSpec;
use callsim::experiment::sweep::{Setting, apply};
use callsim::scenario::limits::Limits;
use callsim::scenario::{Scenario, parse_duration};
use libfuzzer_sys::fuzz_target;

/// The base every `--set` edits (a small design: DID, toll-free, failures).
const BASE: &str = include_str!("../../scenarios/tollfree-vs-did.toml");

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut values = text.split('\n');
    let mut next = || values.next().unwrap_or("");
    let (horizon, shard, max_events, max_calls, set) = (next(), next(), next(), next(), next());

    let horizon_s = parse_duration(horizon).ok();
    if let Some(h) = horizon_s {
        assert!(h.is_finite() && (0.0..=1e12).contains(&h), "duration {horizon:?} -> {h}");
    }
    if let Ok(spec) = ShardSpec::parse(shard) {
        assert!(spec.index < spec.count);
        for r in [1u32, 7, 1000] {
            let k = spec.indices(r);
            assert!(k.iter().all(|&i| i < r as u64));
        }
    }
    let limits = match (max_events.trim().parse::<f64>(), max_calls.trim().parse::<f64>()) {
        (Ok(e), Ok(c)) => match Limits::new(e, c) {
            Ok(l) => {
                assert!(e.is_finite() && e <= 1e12 && c.is_finite() && c <= 1.6e7);
                l
            }
            Err(err) => {
                assert!(!err.to_string().is_empty());
                return;
            }
        },
        _ => Limits::default(),
    };
    // Small runs only, whatever the flags say.
    let small =
        Limits { max_events: limits.max_events.min(2e5), max_calls_in_progress: limits.max_calls_in_progress.min(1e4) };
    let Ok(setting) = Setting::parse(set) else { return };
    for value in setting.values.iter().take(3) {
        let Ok(toml) = apply(BASE, &setting.path, value) else { continue };
        let Ok(scenario) = Scenario::from_toml_str(&toml, "fuzz.toml") else { continue };
        // The base's 28 days would be refused below: an hour unless --horizon says otherwise.
        let horizon_s = horizon_s.filter(|&h| h > 0.0).unwrap_or(3600.0);
        let Ok(scenario) = scenario.with_horizon_s(horizon_s).and_then(|s| s.with_warmup_s(0.0)) else { continue };
        if scenario.check_limits(small).is_err() {
            continue;
        }
        let o = run_replication(&scenario, 0);
        for n in &o.numbers {
            assert_eq!(n.offered, n.completed + n.blocked + n.dropped + n.in_progress, "conservation");
        }
    }
});
