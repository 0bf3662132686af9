//! Interrupts: SIGINT (Ctrl-C) and SIGTERM stop the run at once.
//!
//! A thread waits for either signal (the handler itself only wakes it, as
//! signal-hook does it safely). It then takes the registry of temporary
//! files ([`super::output::temporaries`]) and keeps it locked: no new
//! temporary file can be created, and none can be renamed into place,
//! while it removes every one that exists. It says so on standard error
//! and exits with 128 + the signal's number (130 for SIGINT, 143 for
//! SIGTERM), as shells report a process killed by that signal. Nothing is
//! left half-written: a report or call file already renamed into place is
//! complete, and every other output is removed.

use signal_hook::consts::signal::{SIGINT, SIGTERM};
use signal_hook::iterator::Signals;
use std::io::IsTerminal;

/// Starts the thread that handles SIGINT and SIGTERM. Without it (the
/// signals could not be hooked) the defaults apply, and that is said.
pub fn install() {
    let mut signals = match Signals::new([SIGINT, SIGTERM]) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("warning: cannot handle interrupts ({e}); Ctrl-C may leave temporary files");
            return;
        }
    };
    let spawned = std::thread::Builder::new().name("interrupts".into()).spawn(move || {
        if let Some(signal) = signals.forever().next() {
            stop(signal);
        }
    });
    if let Err(e) = spawned {
        eprintln!("warning: cannot handle interrupts ({e}); Ctrl-C may leave temporary files");
    }
}

/// Removes the temporary files, says why the run stopped, and exits.
fn stop(signal: i32) -> ! {
    let list = super::output::temporaries();
    let mut removed = 0;
    for tmp in list.iter() {
        if std::fs::remove_file(tmp).is_ok() {
            removed += 1;
        }
    }
    let name = if signal == SIGINT { "SIGINT" } else { "SIGTERM" };
    // A progress bar may be drawn on this line of a terminal.
    let newline = if std::io::stderr().is_terminal() { "\n" } else { "" };
    eprintln!("{newline}interrupted ({name}): stopped at once; {removed} temporary file(s) removed");
    // The registry stays locked (`list` is alive) until the process is gone.
    std::process::exit(128 + signal)
}
