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

#[allow(clippy::unnecessary_wraps)] // same signature as every command; opening a window can fail
pub fn run(args: &OpenArgs) -> anyhow::Result<ExitCode> {
    if let Some(path) = &args.file
        && let Err(code) = super::load(path)
    {
        return Ok(code);
    }
    let has_display = std::env::var_os("DISPLAY").is_some() || std::env::var_os("WAYLAND_DISPLAY").is_some();
    let reason = if has_display {
        "this build of netdraft has no designer window yet"
    } else {
        "no display found (neither DISPLAY nor WAYLAND_DISPLAY is set), and this build has no designer window yet"
    };
    Ok(super::bad_input(format!(
        "{reason}; the command line works: `netdraft check`, `netdraft templates`, `netdraft new`"
    )))
}
