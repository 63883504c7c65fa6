//! `netdraft fmt`: canonical form for hand-edited design files.

use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  netdraft fmt design.netdraft.toml           rewrite in place\n  \
    netdraft fmt --check design.netdraft.toml   exit 1 if the file is not in canonical form (CI)"
)]
pub struct Args {
    /// Design files.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Do not write; exit 1 if any file would change.
    #[arg(long)]
    check: bool,
}

pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let mut differs = false;
    for path in &args.files {
        let loaded = match super::load(path) {
            Ok(l) => l,
            Err(code) => return Ok(code),
        };
        let canonical = netdraft_core::file::to_toml(&loaded.design);
        let current = std::fs::read_to_string(path)?;
        if canonical == current {
            continue;
        }
        differs = true;
        if args.check {
            super::outln!(
                "{}: not in canonical form (run `netdraft fmt {}`)",
                path.display(),
                path.display()
            );
        } else {
            netdraft_files::write_atomic(path, canonical.as_bytes())?;
            super::outln!("formatted {}", path.display());
        }
    }
    Ok(if differs && args.check {
        ExitCode::from(super::EXIT_DESIGN_ERRORS)
    } else {
        ExitCode::SUCCESS
    })
}
