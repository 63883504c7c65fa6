//! Prints a design file in canonical form (errors and warnings on stderr).
//! `netdraft fmt` does the same in place; this example needs only the core crate.

use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: scratch DESIGN.toml");
        return ExitCode::from(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::from(2);
        }
    };
    match netdraft_core::file::parse(&text, &path) {
        Ok(loaded) => {
            for w in &loaded.warnings {
                eprintln!("{}", w.display(&path));
            }
            print!("{}", netdraft_core::file::to_toml(&loaded.design));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(2)
        }
    }
}
