//! `netdraft templates`: list the starter templates.

use std::process::ExitCode;

use netdraft_core::templates;

#[derive(Debug, clap::Args)]
#[command(after_help = "Prints one template per line: its name, then a short description.\n\n\
    Example:\n  netdraft templates\n  netdraft new --template <NAME> -o design.netdraft.toml")]
pub struct Args {}

pub fn run(_: &Args) -> anyhow::Result<ExitCode> {
    let width = templates::ALL.iter().map(|t| t.name.len()).max().unwrap_or(0);
    for t in templates::ALL {
        super::outln!("{:<width$}  {}", t.name, t.summary);
    }
    Ok(ExitCode::SUCCESS)
}
