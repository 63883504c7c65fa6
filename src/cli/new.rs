//! `netdraft new`: write a design from a starter template.

use std::path::PathBuf;
use std::process::ExitCode;

use netdraft_core::templates;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  netdraft new --template aks-baseline-hub-spoke -o baseline.netdraft.toml\n  \
    netdraft new --template agc-gateway-api -o designs/agc   (any file name works)\n\n\
    `netdraft templates` lists the templates. Any file name is accepted; `.netdraft.toml` is suggested so \
    editors highlight it as TOML."
)]
pub struct Args {
    /// Template name (see `netdraft templates`).
    #[arg(long, short = 't', default_value = templates::DEFAULT)]
    template: String,
    /// Where to write the design.
    #[arg(long, short = 'o')]
    output: PathBuf,
    /// Overwrite the output file if it exists.
    #[arg(long)]
    force: bool,
}

pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let Some(template) = templates::find(&args.template) else {
        let names: Vec<&str> = templates::ALL.iter().map(|t| t.name).collect();
        return Ok(super::bad_input(format!(
            "there is no template `{}`; the templates are: {}",
            args.template,
            names.join(", ")
        )));
    };
    if args.output.exists() && !args.force {
        return Ok(super::bad_input(format!(
            "{} already exists; pass --force to overwrite it or choose another file",
            args.output.display()
        )));
    }
    // Templates are stored in canonical form; write them as they are.
    netdraft_files::write_atomic(&args.output, template.text.as_bytes())?;
    super::outln!("wrote {} (template {})", args.output.display(), template.name);
    Ok(ExitCode::SUCCESS)
}
