//! `netdraft drift`: what differs between a design and what is live in Azure,
//! the live side being a design `netdraft import` wrote (`netdraft_core::drift`).

use std::path::PathBuf;
use std::process::ExitCode;

use netdraft_core::drift::{self, Change, Drift};
use netdraft_core::plan;

use super::{EXIT_DESIGN_ERRORS, load, outln};

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Compares DESIGN with LIVE, a design `netdraft import` wrote from a subscription or from saved \
    `az … -o json` output. Resources match by kind, Azure name and, where Azure nests them, their parent, else their resource \
    group; ids, \
    layout, notes and the design header do not count, nor do values only a design holds (a subnet's extra_ips \
    reserve). What Azure or the export fills in where the design leaves a default (an auto subnet's prefix, a \
    pool's max pods, a cluster's service range) is filled in from the plan first.\n\n\
    Only the resource groups LIVE holds are compared, so an import of one group does not make the rest of the \
    design missing; Kubernetes services and issuers only when LIVE holds them (the import was given --kube).\n\n\
    Each resource that differs is listed as missing (in the design, not in Azure), unmanaged (in Azure, not in \
    the design) or changed, with each changed field and both values.\n\n\
    When LIVE's import report (LIVE.import-report.md) lists failed calls, a note on stderr says that what \
    they hold may show as missing.\n\n\
    Exit codes: 0 no drift, 1 drift, 2 bad input.\n\n\
    JSON output: {design, live, same, out_of_scope, caveat, ambiguous: [{kind, name, side, count}], entries: [{kind, name, design_id, live_id, change, fields?: \
    [{field, design, live}]}]}; change is one of missing, unmanaged, changed.\n\n\
    Examples:\n  netdraft import azure --resource-group rg-hub -o live.netdraft.toml\n  \
    netdraft drift design.netdraft.toml live.netdraft.toml\n  \
    netdraft drift design.netdraft.toml live.netdraft.toml --json"
)]
pub struct Args {
    /// The design file.
    design: PathBuf,
    /// The live estate: a design `netdraft import` wrote.
    live: PathBuf,
    /// Print the drift as JSON.
    #[arg(long)]
    json: bool,
}

pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let design = match load(&args.design) {
        Ok(l) => l.design,
        Err(code) => return Ok(code),
    };
    let live = match load(&args.live) {
        Ok(l) => l.design,
        Err(code) => return Ok(code),
    };
    let p = plan::plan(&design);
    let found = drift::compare(&design, &p, &live);
    let caveat = caveat(&args.live);
    if let Some(c) = &caveat {
        eprintln!("netdraft: note: {c}");
    }
    if args.json {
        let out = serde_json::json!({
            "design": args.design.display().to_string(),
            "live": args.live.display().to_string(),
            "same": found.same,
            "out_of_scope": found.out_of_scope,
            "caveat": caveat,
            "ambiguous": found.ambiguous,
            "entries": found.entries,
        });
        outln!("{}", serde_json::to_string_pretty(&out)?);
    } else {
        print_text(args, &found)?;
    }
    Ok(if found.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_DESIGN_ERRORS)
    })
}

/// What the live design may lack, from the report `netdraft import` wrote
/// beside it: what the calls that failed would have read shows as missing.
fn caveat(live: &std::path::Path) -> Option<String> {
    let path = super::import::report_path(live);
    let text = std::fs::read_to_string(&path).ok()?;
    text.lines()
        .any(|l| l == netdraft_import::report::FAILED_HEADING)
        .then(|| {
            format!(
                "{} lists failed calls: what they hold may show as missing",
                path.display()
            )
        })
}

fn print_text(args: &Args, found: &Drift) -> anyhow::Result<()> {
    for e in &found.entries {
        let what = e.kind.label();
        match &e.change {
            Change::Missing => outln!("missing    {what} {}: in the design, not in Azure", e.name),
            Change::Unmanaged => outln!("unmanaged  {what} {}: in Azure, not in the design", e.name),
            Change::Changed { fields } => {
                outln!("changed    {what} {}", e.name);
                for f in fields {
                    outln!("             {}: design {}, live {}", f.field, f.design, f.live);
                }
            }
        }
    }
    for a in &found.ambiguous {
        outln!(
            "not compared  {} {}: {} in {} share its kind, name and place",
            a.kind.label(),
            a.name,
            a.count,
            a.side_words()
        );
    }
    let scope = if found.out_of_scope == 0 {
        String::new()
    } else {
        format!(
            "; {} not compared (in resource groups or on a Kubernetes side {} does not hold)",
            found.out_of_scope,
            args.live.display()
        )
    };
    if found.is_empty() {
        outln!(
            "no drift: {} resources of {} are as in {}{scope}",
            found.same,
            args.design.display(),
            args.live.display()
        );
    } else if found.entries.is_empty() {
        outln!(
            "no difference found, but {} not compared (above); {} are the same{scope}",
            netdraft_core::text::count(found.ambiguous.iter().map(|a| a.count).sum(), "resource"),
            found.same
        );
    } else {
        outln!(
            "drift: {} resources differ, {} are the same{scope}",
            found.entries.len(),
            found.same
        );
    }
    Ok(())
}
