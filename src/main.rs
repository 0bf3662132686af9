//! The `callsim` command line: parses arguments, calls the library, writes
//! the report, and maps failures to the contract's exit codes (0 success,
//! 2 bad input, 1 internal error). All logic lives in the library.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::main()
}
