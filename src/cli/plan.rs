//! `netdraft plan`: the IP plan of a design.

use std::path::PathBuf;
use std::process::ExitCode;

use netdraft_core::plan::{self, IssueSeverity, Plan};

use super::outln;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Exit codes: 0 the plan has no errors, 1 it has (overlaps, too-small subnets, full VNets), \
    2 the file cannot be read.\n\n\
    Examples:\n  netdraft plan design.netdraft.toml\n  netdraft plan --json design.netdraft.toml > plan.json\n  \
    netdraft plan --schema   (the JSON Schema of --json output)"
)]
pub struct Args {
    /// The design file.
    #[arg(required_unless_present = "schema")]
    file: Option<PathBuf>,
    /// Print the plan as JSON.
    #[arg(long)]
    json: bool,
    /// Print the JSON Schema of the --json output and exit.
    #[arg(long)]
    schema: bool,
}

pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    if args.schema {
        outln!("{}", plan::json_schema());
        return Ok(ExitCode::SUCCESS);
    }
    let Some(path) = &args.file else {
        return Ok(super::bad_input("plan needs a design file"));
    };
    let loaded = match super::load(path) {
        Ok(l) => l,
        Err(code) => return Ok(code),
    };
    let p = plan::plan(&loaded.design);
    if args.json {
        outln!("{}", serde_json::to_string_pretty(&p)?);
    } else {
        print_text(&p)?;
    }
    Ok(if p.has_errors() {
        ExitCode::from(super::EXIT_DESIGN_ERRORS)
    } else {
        ExitCode::SUCCESS
    })
}

fn print_text(p: &Plan) -> anyhow::Result<()> {
    for v in &p.vnets {
        let spaces: Vec<String> = v.address_space.iter().map(ToString::to_string).collect();
        outln!(
            "{} ({})  {} addresses, {} in subnets, demand {}",
            v.name,
            spaces.join(", "),
            v.addresses,
            v.allocated,
            v.demand
        );
        outln!(
            "  {:<30} {:<18} {:>7} {:>7} {:>6} {:>8}",
            "subnet",
            "prefix",
            "demand",
            "usable",
            "used",
            "headroom"
        );
        for s in &v.subnets {
            let prefix = match s.prefix {
                Some(c) if s.auto => format!("{c} (auto)"),
                Some(c) => c.to_string(),
                None => "unplaced".to_owned(),
            };
            outln!(
                "  {:<30} {:<18} {:>7} {:>7} {:>5.1}% {:>8}",
                s.name,
                prefix,
                s.demand,
                s.usable,
                s.utilisation,
                s.headroom
            );
            for i in &s.items {
                outln!("      {}: {}  [{}]", i.label, i.figure.formula, i.figure.source);
            }
        }
        if !v.free_blocks.is_empty() {
            let free: Vec<String> = v.free_blocks.iter().take(6).map(ToString::to_string).collect();
            let more = v.free_blocks.len().saturating_sub(6);
            outln!(
                "  free: {}{}",
                free.join(", "),
                if more > 0 {
                    format!(" (+{more} more)")
                } else {
                    String::new()
                }
            );
        }
        outln!();
    }
    print_clusters(p)?;
    print_findings(p)
}

fn print_clusters(p: &Plan) -> anyhow::Result<()> {
    for c in &p.clusters {
        let pod = c.pod_cidr.as_ref().map_or_else(
            || "from the VNet".to_owned(),
            |r| format!("{}{}", r.cidr, if r.is_default { " (AKS default)" } else { "" }),
        );
        outln!(
            "cluster {} ({}): services {}{}, DNS {}, pods {}, {} nodes planned",
            c.name,
            c.network_model,
            c.service_cidr.cidr,
            if c.service_cidr.is_default {
                " (AKS default)"
            } else {
                ""
            },
            c.dns_service_ip,
            pod,
            c.planned_nodes
        );
        for pool in &c.pools {
            let headroom = pool.headroom_nodes.map_or_else(
                || "unbounded".to_owned(),
                |n| format!("{n} more nodes before {}", pool.limited_by),
            );
            outln!(
                "  pool {}: {} nodes + {} surge, max pods {}{}; {}",
                pool.name,
                pool.nodes,
                pool.surge,
                pool.max_pods,
                if pool.max_pods_is_default { " (default)" } else { "" },
                headroom
            );
        }
    }
    Ok(())
}

fn print_findings(p: &Plan) -> anyhow::Result<()> {
    if !p.overlaps.is_empty() {
        outln!();
        outln!("overlaps:");
        for o in &p.overlaps {
            outln!(
                "  {} {} ({}) overlaps {} {} ({}): {} [{}]",
                o.a.what,
                o.a.owner,
                o.a.cidr,
                o.b.what,
                o.b.owner,
                o.b.cidr,
                o.rule,
                o.source
            );
        }
    }
    if !p.issues.is_empty() {
        outln!();
        for i in &p.issues {
            let sev = match i.severity {
                IssueSeverity::Error => "error",
                IssueSeverity::Warning => "warning",
            };
            outln!("{sev}: {} [{}]\n  fix: {}", i.message, i.source, i.fix);
        }
    }
    Ok(())
}
