//! Integration tests: the `callsim` binary run as a user runs it.

mod bad_input;
mod cli;
mod support;
