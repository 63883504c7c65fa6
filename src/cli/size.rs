//! `netdraft size`: quick AKS subnet sizing, no design needed.

use std::process::ExitCode;

use netdraft_core::model::{NetworkModel, Settings};
use netdraft_core::net::Surge;
use netdraft_core::plan::sizing;
use serde::Serialize;

use super::outln;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Plugin {
    Kubenet,
    Azure,
    AzurePodSubnet,
    AzureStaticBlock,
    Overlay,
}

impl Plugin {
    fn model(self) -> NetworkModel {
        match self {
            Plugin::Kubenet => NetworkModel::Kubenet,
            Plugin::Azure => NetworkModel::AzureCni,
            Plugin::AzurePodSubnet => NetworkModel::AzureCniPodSubnet,
            Plugin::AzureStaticBlock => NetworkModel::AzureCniStaticBlock,
            Plugin::Overlay => NetworkModel::Overlay,
        }
    }
}

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Counts Azure's 5 reserved addresses per subnet and the /29 minimum; pod CIDRs \
    count plain addresses (one /24 per node).\n\n\
    Examples:\n  netdraft size --plugin azure --nodes 50 --max-pods 30          → /21 node subnet (1,581 IPs)\n  \
    netdraft size --plugin overlay --nodes 200 --surge 33% --ilb 2\n  \
    netdraft size --plugin azure-static-block --nodes 20 --max-pods 31 --json"
)]
pub struct Args {
    /// Network model.
    #[arg(long, value_enum)]
    plugin: Plugin,
    /// Nodes (all pools on the subnet, at their maximum).
    #[arg(long)]
    nodes: u64,
    /// Max pods per node; default: the model's documented default.
    #[arg(long)]
    max_pods: Option<u32>,
    /// Upgrade surge: nodes (`1`) or percent of nodes (`33%`, rounded up).
    #[arg(long, default_value = "1")]
    surge: String,
    /// Internal load balancer frontends in the node subnet.
    #[arg(long, default_value_t = 0)]
    ilb: u64,
    /// Print one JSON object.
    #[arg(long)]
    json: bool,
}

#[derive(Serialize)]
struct Block {
    ips: u64,
    prefix: u8,
}

#[derive(Serialize)]
struct Output {
    plugin: String,
    nodes: u64,
    max_pods: u32,
    surge: u64,
    ilb: u64,
    node_subnet: Block,
    pod_subnet: Option<Block>,
    pod_cidr: Option<Block>,
}

/// The limit an argument breaks, if any.
fn out_of_range(args: &Args, model: NetworkModel, max_pods: u32) -> Option<String> {
    if !(sizing::MIN_PODS_LIMIT..=sizing::MAX_PODS_LIMIT).contains(&max_pods) {
        return Some(format!(
            "--max-pods {max_pods} is out of range: AKS allows 10 to 250 pods per node"
        ));
    }
    if args.nodes > sizing::CLUSTER_MAX_NODES {
        return Some(format!(
            "--nodes {} is out of range: an AKS cluster has at most 5,000 nodes",
            args.nodes
        ));
    }
    if model == NetworkModel::Kubenet && args.nodes > sizing::KUBENET_MAX_NODES {
        return Some(format!(
            "--nodes {} is out of range: kubenet supports at most 400 nodes",
            args.nodes
        ));
    }
    None
}

pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let model = args.plugin.model();
    let max_pods = args
        .max_pods
        .unwrap_or_else(|| sizing::default_max_pods(model, &Settings::default()));
    if let Some(problem) = out_of_range(args, model, max_pods) {
        return Ok(super::bad_input(problem));
    }
    let surge: Surge = match args.surge.parse() {
        Ok(s) => s,
        Err(e) => return Ok(super::bad_input(format!("--surge: {e}"))),
    };
    let surge = u64::from(surge.nodes_for(u32::try_from(args.nodes).unwrap_or(u32::MAX)));

    let node = sizing::node_subnet_ips(model, args.nodes, surge, max_pods);
    let node_ips = node.ips + args.ilb;
    let Some(node_prefix) = sizing::subnet_prefix_for(node_ips) else {
        return Ok(super::bad_input(format!(
            "{node_ips} addresses do not fit in any Azure subnet (largest /2)"
        )));
    };
    let pod_subnet = sizing::pod_subnet_ips(model, args.nodes, surge, max_pods);
    let pod_cidr = sizing::pod_cidr_ips(model, args.nodes, surge);
    let out = Output {
        plugin: args.plugin.to_possible_value_name(),
        nodes: args.nodes,
        max_pods,
        surge,
        ilb: args.ilb,
        node_subnet: Block {
            ips: node_ips,
            prefix: node_prefix,
        },
        pod_subnet: pod_subnet
            .as_ref()
            .and_then(|f| sizing::subnet_prefix_for(f.ips).map(|prefix| Block { ips: f.ips, prefix })),
        pod_cidr: pod_cidr
            .as_ref()
            .and_then(|f| sizing::block_prefix_for(f.ips).map(|prefix| Block { ips: f.ips, prefix })),
    };
    if args.json {
        outln!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(ExitCode::SUCCESS);
    }
    outln!(
        "{} with {} nodes, {} surge, max pods {}, {} internal LB frontends",
        out.plugin,
        args.nodes,
        surge,
        max_pods,
        args.ilb
    );
    outln!();
    outln!("{:<12} {:>8} {:>7}  {}", "range", "IPs", "prefix", "formula");
    let ilb = if args.ilb > 0 {
        format!(" + {} ILB", args.ilb)
    } else {
        String::new()
    };
    outln!(
        "{:<12} {:>8} {:>7}  {}{ilb}  [{}]  (/{} has {} usable)",
        "node subnet",
        out.node_subnet.ips,
        format!("/{}", out.node_subnet.prefix),
        node.formula,
        node.source,
        out.node_subnet.prefix,
        sizing::usable(out.node_subnet.prefix)
    );
    if let (Some(f), Some(b)) = (&pod_subnet, &out.pod_subnet) {
        outln!(
            "{:<12} {:>8} {:>7}  {}  [{}]",
            "pod subnet",
            b.ips,
            format!("/{}", b.prefix),
            f.formula,
            f.source
        );
    }
    if let (Some(f), Some(b)) = (&pod_cidr, &out.pod_cidr) {
        outln!(
            "{:<12} {:>8} {:>7}  {}  [{}]",
            "pod CIDR",
            b.ips,
            format!("/{}", b.prefix),
            f.formula,
            f.source
        );
    }
    Ok(ExitCode::SUCCESS)
}

trait PossibleName {
    fn to_possible_value_name(self) -> String;
}

impl PossibleName for Plugin {
    fn to_possible_value_name(self) -> String {
        use clap::ValueEnum as _;
        self.to_possible_value()
            .map(|v| v.get_name().to_owned())
            .unwrap_or_default()
    }
}
