//! `netdraft check`: validate a design for CI.

use std::path::PathBuf;
use std::process::ExitCode;

use netdraft_core::{Diagnostic, Severity};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Exit codes: 0 no errors, 1 the design has errors, 2 the file cannot be read as a design.\n\n\
    Examples:\n  netdraft check design.netdraft.toml\n  netdraft check --format json design.netdraft.toml"
)]
pub struct Args {
    /// The design file.
    file: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

#[derive(serde::Serialize)]
struct Report<'a> {
    file: String,
    valid: bool,
    diagnostics: &'a [Diagnostic],
}

pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let name = args.file.display().to_string();
    let (diagnostics, readable) = match netdraft_files::read_design(&args.file) {
        Ok(loaded) => (loaded.warnings, true),
        Err(netdraft_files::ReadError::Invalid(e)) => (e.diagnostics, false),
        Err(e) => return Ok(super::bad_input(e)),
    };
    let errors = diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
    match args.format {
        Format::Json => {
            let report = Report {
                file: name.clone(),
                valid: errors == 0,
                diagnostics: &diagnostics,
            };
            super::outln!("{}", serde_json::to_string_pretty(&report)?);
        }
        Format::Text => {
            for d in &diagnostics {
                eprintln!("{}", d.display(&name));
            }
            if errors == 0 {
                super::outln!("{name}: ok ({} warnings)", diagnostics.len());
            }
        }
    }
    Ok(if readable {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(super::EXIT_BAD_INPUT)
    })
}
