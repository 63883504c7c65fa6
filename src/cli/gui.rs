//! `netdraft` / `netdraft open FILE`: the designer window.

use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Default, clap::Args)]
#[command(
    after_help = "Examples:\n  netdraft                          open the starter design\n  \
    netdraft open design.netdraft.toml"
)]
pub struct OpenArgs {
    /// The design to open; without it, the starter design.
    file: Option<PathBuf>,
}

pub fn run(args: &OpenArgs) -> anyhow::Result<ExitCode> {
    if let Some(path) = &args.file
        && let Err(code) = super::load(path)
    {
        return Ok(code);
    }
    let has_display = std::env::var_os("DISPLAY").is_some() || std::env::var_os("WAYLAND_DISPLAY").is_some();
    if !has_display {
        return Ok(super::bad_input(
            "no display found (neither DISPLAY nor WAYLAND_DISPLAY is set), so the designer window cannot open; \
             the command line works without one: `netdraft check`, `netdraft templates`, `netdraft new`",
        ));
    }
    netdraft_gui::run(args.file.clone())?;
    Ok(ExitCode::SUCCESS)
}
