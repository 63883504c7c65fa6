//! `netdraft schema`: the JSON Schema of the design file.

use std::process::ExitCode;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "The design file is TOML; the schema describes the same structure as JSON Schema \
    (draft 2020-12), for editors and validators.\n\nExample:\n  netdraft schema > netdraft.schema.json"
)]
pub struct Args {}

pub fn run(_: &Args) -> anyhow::Result<ExitCode> {
    super::outln!("{}", netdraft_core::file::json_schema());
    Ok(ExitCode::SUCCESS)
}
