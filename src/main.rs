//! # netdraft
//!
//! The `netdraft` binary: the designer GUI launcher and the headless CLI over the
//! same libraries, so everything the GUI does with a design also runs in CI.
//! Argument parsing lives in [`cli`], one module per subcommand; each returns an
//! exit code: 0 ok, 1 the design has errors, 2 bad input or usage.

mod cli;

use std::process::ExitCode;

use clap::Parser;

/// mimalloc rather than the system allocator: the planner, lint and canvas
/// build many small strings per edit, and the benchmarks measure with it too.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(code) => code,
        Err(e) if cli::is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("netdraft: {e:#}");
            ExitCode::from(2)
        }
    }
}
