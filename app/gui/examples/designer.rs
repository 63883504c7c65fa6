//! The designer window on its own, without the command line around it (for
//! trying GUI changes while the rest of the workspace is mid-edit):
//! `cargo run -p netdraft-gui --example designer -- [DESIGN.toml]`.

fn main() -> std::process::ExitCode {
    let path = std::env::args_os().nth(1).map(std::path::PathBuf::from);
    match netdraft_gui::run(path) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("netdraft: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
