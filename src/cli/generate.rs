//! `netdraft generate`: synthetic designs for benchmarks and tests.

use std::path::PathBuf;
use std::process::ExitCode;

use netdraft_core::generate::{GenerateOptions, generate};

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  netdraft generate --hubs 1 --spokes-per-hub 3 --clusters 2 -o small.netdraft.toml\n  \
    netdraft generate --hubs 10 --spokes-per-hub 19 --clusters 50 --subnets-per-spoke 10 -o big.netdraft.toml"
)]
pub struct Args {
    /// Hub VNets (each with firewall, VPN gateway, Bastion, on-premises network).
    #[arg(long, default_value_t = 1)]
    hubs: u32,
    /// Spoke VNets peered to each hub.
    #[arg(long, default_value_t = 3)]
    spokes_per_hub: u32,
    /// AKS clusters, spread over the spokes.
    #[arg(long, default_value_t = 2)]
    clusters: u32,
    /// Fixed /24 subnets per spoke, besides cluster subnets.
    #[arg(long, default_value_t = 4)]
    subnets_per_spoke: u32,
    /// Varies network models and VM sizes between designs of the same shape.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Where to write the design.
    #[arg(long, short = 'o')]
    output: PathBuf,
}

pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let opts = GenerateOptions {
        hubs: args.hubs,
        spokes_per_hub: args.spokes_per_hub,
        clusters: args.clusters,
        subnets_per_spoke: args.subnets_per_spoke,
        seed: args.seed,
    };
    let design = match generate(&opts) {
        Ok(d) => d,
        Err(e) => return Ok(super::bad_input(e)),
    };
    netdraft_files::save_design(&args.output, &design)?;
    super::outln!("wrote {} ({} resources)", args.output.display(), design.len());
    Ok(ExitCode::SUCCESS)
}
