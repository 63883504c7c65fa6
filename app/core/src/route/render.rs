//! The text form of paths and flows: what `netdraft path` and `netdraft
//! paths` print, and what the golden tests hold.

use std::fmt::Write as _;

use super::flows::ClusterFlows;
use super::path::{Path, StepKind};

fn kind_word(k: StepKind) -> &'static str {
    match k {
        StepKind::Route => "route",
        StepKind::Nsg => "nsg",
        StepKind::Firewall => "firewall",
        StepKind::Snat => "snat",
        StepKind::Dnat => "dnat",
        StepKind::Deliver => "deliver",
        StepKind::Drop => "drop",
        StepKind::Note => "note",
    }
}

fn hops(out: &mut String, p: &Path, indent: &str) {
    for (i, h) in p.hops.iter().enumerate() {
        let _ = writeln!(out, "{indent}{}. {}", i + 1, h.at);
        for s in &h.steps {
            let _ = writeln!(out, "{indent}     {}: {}", kind_word(s.kind), s.text);
        }
    }
    for n in &p.notes {
        let _ = writeln!(out, "{indent}   note: {n}");
    }
}

/// One path: a header line with the verdict, then the hops.
pub fn render_path(p: &Path) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} → {} ({}/{})", p.from, p.to, p.protocol.as_str(), p.port);
    hops(&mut out, p, "  ");
    let _ = writeln!(out, "verdict: {}: {}", p.verdict.as_str(), p.reason);
    out
}

/// Every cluster's standard flows.
pub fn render_flows(all: &[ClusterFlows]) -> String {
    let mut out = String::new();
    for (i, c) in all.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let _ = writeln!(
            out,
            "cluster {} (network model {}, outbound type {})",
            c.name, c.network_model, c.outbound_type
        );
        for f in &c.flows {
            let _ = writeln!(
                out,
                "  {}: {} → {}: {}: {}",
                f.flow,
                f.path.from,
                f.path.to,
                f.path.verdict.as_str(),
                f.path.reason
            );
            hops(&mut out, &f.path, "      ");
        }
    }
    out
}
