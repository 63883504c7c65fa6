//! Command-line interface: `clap` definitions and dispatch.

mod check;
mod drift;
mod export;
mod fmt;
mod generate;
mod gui;
mod import;
mod new;
mod path;
mod plan;
mod rules;
mod schema;
mod size;
mod templates;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Exit code: the design has errors (lint or plan).
pub const EXIT_DESIGN_ERRORS: u8 = 1;
/// Exit code: bad input or usage.
pub const EXIT_BAD_INPUT: u8 = 2;

#[derive(Debug, Parser)]
#[command(
    name = "netdraft",
    version,
    about = "Design Azure networks around AKS: canvas, live IP planner, design lint, IaC export.",
    long_about = "Design Azure networks around AKS: canvas, live IP planner, design lint, IaC export.\n\n\
        With no command, netdraft opens the designer with the starter design. Every command that reads a \
        design exits 0 when all is well, 1 when the design has errors, 2 on bad input or usage.",
    after_help = "Examples:\n  netdraft                                  open the designer with the starter design\n  \
        netdraft templates                        list the starter templates\n  \
        netdraft new --template agc-gateway-api -o agc.netdraft.toml\n  \
        netdraft check agc.netdraft.toml          validate a design (for CI)"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Open a design in the designer.
    Open(gui::OpenArgs),
    /// Write a new design from a starter template.
    New(new::Args),
    /// List the starter templates.
    Templates(templates::Args),
    /// Print the JSON Schema of the design file.
    Schema(schema::Args),
    /// Generate a synthetic hub-and-spoke design of any size (benchmarks, tests).
    Generate(generate::Args),
    /// Size AKS subnets and pod ranges for a network model (no design needed).
    Size(size::Args),
    /// Show a design's IP plan: sizes, allocations, overlaps, headroom.
    Plan(plan::Args),
    /// Trace a packet hop by hop: routes, NSG and firewall rules, SNAT, and where it stops.
    Path(path::PathArgs),
    /// The standard flows of each AKS cluster, each traced with a verdict.
    Paths(path::PathsArgs),
    /// Validate and lint a design file (for CI): structure, then every lint rule.
    Check(check::Args),
    /// List the design lint rules (ids, severities, why and fix).
    Rules(rules::Args),
    /// Export a design: Terraform, Bicep, Helm values, Kubernetes manifests, Markdown.
    Export(export::Args),
    /// Import a design from Azure (read-only) or from saved `az … -o json` output.
    Import(import::Args),
    /// Rewrite a design file in canonical form (stable order, defaults omitted).
    Fmt(fmt::Args),
    /// Compare a design with what is live in Azure (a design `netdraft import` wrote).
    Drift(drift::Args),
}

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        None => gui::run(&gui::OpenArgs::default()),
        Some(Command::Open(args)) => gui::run(&args),
        Some(Command::New(args)) => new::run(&args),
        Some(Command::Templates(args)) => templates::run(&args),
        Some(Command::Schema(args)) => schema::run(&args),
        Some(Command::Generate(args)) => generate::run(&args),
        Some(Command::Size(args)) => size::run(&args),
        Some(Command::Plan(args)) => plan::run(&args),
        Some(Command::Path(args)) => path::run_path(&args),
        Some(Command::Paths(args)) => path::run_paths(&args),
        Some(Command::Check(args)) => check::run(&args),
        Some(Command::Rules(args)) => rules::run(&args),
        Some(Command::Fmt(args)) => fmt::run(&args),
        Some(Command::Export(args)) => export::run(&args),
        Some(Command::Import(args)) => import::run(&args),
        Some(Command::Drift(args)) => drift::run(&args),
    }
}

/// Writes a line to stdout. A closed pipe (`netdraft schema | head`) ends the
/// program quietly in `main` instead of panicking like `println!` would.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout().lock(), $($arg)*)?;
    }};
}
pub(crate) use outln;

/// Whether an error is stdout being closed by the reader.
pub fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain()
        .filter_map(|c| c.downcast_ref::<std::io::Error>())
        .any(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
}

/// Prints a message to stderr and returns the bad-input exit code.
pub fn bad_input(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("netdraft: {message}");
    ExitCode::from(EXIT_BAD_INPUT)
}

/// Reads a design, printing warnings; on failure prints the located errors and
/// returns the exit code to use.
pub fn load(path: &std::path::Path) -> Result<netdraft_core::file::Loaded, ExitCode> {
    match netdraft_files::read_design(path) {
        Ok(loaded) => {
            for w in &loaded.warnings {
                eprintln!("{}", w.display(&path.display().to_string()));
            }
            Ok(loaded)
        }
        Err(e) => Err(bad_input(e)),
    }
}
