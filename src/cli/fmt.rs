//! `netdraft fmt`: tidies a hand-edited design file without losing what its
//! author wrote. Values are written the way the design reads them (defaults
//! left out, prefixes normalised, canonical spelling, keys in canonical order
//! within each table), while comments and the order of the tables stay as
//! they are ([`netdraft_core::file::tidy`]).
//! `--canonical` rewrites the file in canonical form, comments dropped, and
//! says how many.

use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  netdraft fmt design.netdraft.toml               tidy in place, comments and table order kept\n  \
    netdraft fmt --check design.netdraft.toml       exit 1 if the file would change (CI)\n  \
    netdraft fmt --canonical design.netdraft.toml   canonical form: tables in catalogue order, comments dropped"
)]
pub struct Args {
    /// Design files.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Do not write; exit 1 if any file would change.
    #[arg(long)]
    check: bool,
    /// Write the canonical form (kinds in catalogue order, ids sorted) and drop
    /// comments, which the canonical form cannot hold.
    #[arg(long)]
    canonical: bool,
}

pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let mut differs = false;
    for path in &args.files {
        let (loaded, current) = match netdraft_files::read_design_text(path) {
            Ok(l) => l,
            Err(e) => return Ok(super::bad_input(e)),
        };
        for w in &loaded.warnings {
            eprintln!("{}", w.display(&path.display().to_string()));
        }
        let (text, dropped) = if args.canonical {
            let text = netdraft_core::file::to_toml(&loaded.design);
            let dropped = netdraft_core::file::comments_in(&current).len();
            (text, dropped)
        } else {
            match netdraft_core::file::tidy(&current, &loaded.design) {
                Ok(u) if u.dropped.is_empty() => (u.text, 0),
                Ok(u) => {
                    // fmt removes no resource, so this would be a bug; say it rather than lose text.
                    return Ok(super::bad_input(format!(
                        "{}: not formatted: these comments would be lost: {}; `netdraft fmt --canonical` rewrites the file without comments",
                        path.display(),
                        u.dropped.join(" | ")
                    )));
                }
                Err(e) => {
                    return Ok(super::bad_input(format!(
                        "{}: not formatted: {e}; `netdraft fmt --canonical` rewrites the file in canonical form, without comments",
                        path.display()
                    )));
                }
            }
        };
        if text == current {
            continue;
        }
        differs = true;
        if args.check {
            super::outln!(
                "{}: not formatted (run `netdraft fmt {}`)",
                path.display(),
                path.display()
            );
        } else {
            netdraft_files::write_atomic(path, text.as_bytes())?;
            if dropped > 0 {
                super::outln!(
                    "formatted {} in canonical form; {dropped} comment{} dropped",
                    path.display(),
                    if dropped == 1 { "" } else { "s" }
                );
            } else {
                super::outln!("formatted {}", path.display());
            }
        }
    }
    Ok(if differs && args.check {
        ExitCode::from(super::EXIT_DESIGN_ERRORS)
    } else {
        ExitCode::SUCCESS
    })
}
