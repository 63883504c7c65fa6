//! `netdraft path` and `netdraft paths`: how a packet really travels through a
//! design, hop by hop (the route engine, `netdraft_core::route`).

use std::path::PathBuf;
use std::process::ExitCode;

use netdraft_core::plan;
use netdraft_core::route::{self, Net, Proto, Verdict};

use super::outln;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Protocol {
    Tcp,
    Udp,
    Icmp,
}

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Traces one packet from --from to --to, subnet by subnet: the route Azure picks at each (and why), \
    the NSG rules met, the firewall rule that matches, every source translation (pods to node, firewall, NAT gateway, \
    load balancer), and where and why it stops (black-holed, denied, asymmetric).\n\n\
    --from and --to take a resource id or Azure name (a subnet, node pool, cluster = its pods, a resource in a \
    subnet, an on-premises network, a PaaS service, a public entry point such as an App Gateway or Front Door), \
    `internet`, or an IPv4 address. Addresses Azure hands out dynamically are assumed to be the first free ones \
    and marked so.\n\n\
    Exit codes: 0 the packet arrives (delivered, or restricted to the host names a firewall allows), 1 it stops \
    (denied, black-holed, asymmetric, unreachable) or the flow does not apply, 2 bad input.\n\n\
    JSON output: {file, from, to, protocol, port, hops: [{at, resource?, steps: [{kind, text}]}], verdict, reason, notes}; \
    verdict is one of delivered, restricted, denied, black-holed, asymmetric, unreachable, not-applicable.\n\n\
    Examples:\n  netdraft path design.netdraft.toml --from cluster --to internet\n  \
    netdraft path design.netdraft.toml --from aks-baseline-weu --to 192.168.1.20 --port 22\n  \
    netdraft path design.netdraft.toml --from internet --to agw --json\n  \
    netdraft path design.netdraft.toml --from dc --to pe-kv"
)]
pub struct PathArgs {
    /// The design file.
    file: PathBuf,
    /// Where the packet starts: a resource id or name, `internet`, or an IPv4 address.
    #[arg(long)]
    from: String,
    /// Where it goes: `internet`, an IPv4 address, or a resource id or name.
    #[arg(long)]
    to: String,
    /// Destination port.
    #[arg(long, default_value_t = 443)]
    port: u16,
    /// Protocol.
    #[arg(long, value_enum, default_value_t = Protocol::Tcp)]
    protocol: Protocol,
    /// Print the path as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Lists the standard flows of each AKS cluster with a verdict each and the hops that lead to it: \
    pod → internet, pod → on-premises (each on-premises network), pod → private endpoint (each endpoint in the \
    cluster's VNet or a peered one), internet → ingress → pods (each public entry point), on-premises → API server \
    (private clusters). Flows that do not apply are listed as not applicable, with the reason.\n\n\
    Exit codes: 0 the flows were traced (whatever their verdicts), 2 bad input.\n\n\
    JSON output: {file, clusters: [{cluster, name, network_model, outbound_type, flows: [{flow, path}]}]}, \
    each path as in `netdraft path --json`.\n\n\
    Examples:\n  netdraft paths design.netdraft.toml\n  netdraft paths --json design.netdraft.toml > flows.json"
)]
pub struct PathsArgs {
    /// The design file.
    file: PathBuf,
    /// Print the flows as JSON.
    #[arg(long)]
    json: bool,
}

pub fn run_path(args: &PathArgs) -> anyhow::Result<ExitCode> {
    let loaded = match super::load(&args.file) {
        Ok(l) => l,
        Err(code) => return Ok(code),
    };
    let design = &loaded.design;
    let p = plan::plan(design);
    let net = Net::build(design, &p);
    let file = args.file.display();
    let from = match route::resolve(&net, &args.from) {
        Ok(e) => e,
        Err(e) => return Ok(super::bad_input(format!("{file}: --from {}: {e}", args.from))),
    };
    let to = match route::resolve(&net, &args.to) {
        Ok(e) => e,
        Err(e) => return Ok(super::bad_input(format!("{file}: --to {}: {e}", args.to))),
    };
    let proto = match args.protocol {
        Protocol::Tcp => Proto::Tcp,
        Protocol::Udp => Proto::Udp,
        Protocol::Icmp => Proto::Icmp,
    };
    let path = route::trace(&net, &from, &to, proto, args.port);
    if args.json {
        let mut v = serde_json::to_value(&path)?;
        if let Some(o) = v.as_object_mut() {
            o.insert("file".to_owned(), serde_json::Value::String(file.to_string()));
        }
        outln!("{}", serde_json::to_string_pretty(&v)?);
    } else {
        outln!("{}", route::render_path(&path).trim_end());
    }
    Ok(match path.verdict {
        Verdict::Delivered | Verdict::Restricted => ExitCode::SUCCESS,
        _ => ExitCode::from(super::EXIT_DESIGN_ERRORS),
    })
}

pub fn run_paths(args: &PathsArgs) -> anyhow::Result<ExitCode> {
    let loaded = match super::load(&args.file) {
        Ok(l) => l,
        Err(code) => return Ok(code),
    };
    let design = &loaded.design;
    let p = plan::plan(design);
    let net = Net::build(design, &p);
    let flows = route::standard_flows(&net);
    if args.json {
        let v = serde_json::json!({
            "file": args.file.display().to_string(),
            "clusters": flows,
        });
        outln!("{}", serde_json::to_string_pretty(&v)?);
    } else if flows.is_empty() {
        outln!(
            "{} has no AKS cluster; `netdraft path` traces any two ends",
            args.file.display()
        );
    } else {
        outln!("{}", route::render_flows(&flows).trim_end());
    }
    Ok(ExitCode::SUCCESS)
}
