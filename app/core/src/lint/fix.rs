//! Quick fixes: the concrete edits lint computes for some findings.
//!
//! A [`QuickFix`] carries a core [`Command`] (an `Update` of one resource), so
//! the designer's Fix button and `netdraft check --fix` change the design
//! through [`crate::command::apply`], the one place edits happen. Fixes are
//! pure functions of the design and its plan, offered only when they are safe:
//! a subnet prefix lies inside its VNet, is aligned and overlaps no other
//! subnet; a cluster range overlaps no VNet, on-premises, pod, service or
//! reserved range of the design.
//!
//! [`apply_fixes`] applies them one at a time, planning and linting again after
//! each, so a fix is always computed against the design it changes.

use std::collections::BTreeSet;

use ipnet::IpNet;
use serde::Serialize;

use super::Ctx;
use crate::command::{self, Command};
use crate::id::Id;
use crate::model::{Design, Resource, Spec};
use crate::net::Cidr;

/// One field a quick fix sets, with its new value as the design file writes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// The design-file field (`prefix`, `service_cidr`, …).
    pub field: &'static str,
    /// The new value (`"10.240.8.0/22"`, `"none"` when the field is cleared).
    pub value: String,
}

/// An edit that fixes a finding: apply `command` with [`crate::command::apply`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuickFix {
    /// What it does, in one line ("set the service CIDR of aks-weu to 172.16.0.0/16").
    pub label: String,
    /// The resource it edits.
    pub resource: Id,
    /// The fields it sets.
    pub changes: Vec<Change>,
    /// The edit itself (not in JSON output: `resource` and `changes` say it).
    #[serde(skip)]
    pub command: Command,
}

impl QuickFix {
    /// A fix replacing `r`'s spec with `spec`.
    pub(super) fn update(r: &Resource, spec: Spec, label: String, changes: Vec<Change>) -> QuickFix {
        let mut edited = r.clone();
        edited.spec = spec;
        QuickFix {
            label,
            resource: r.id.clone(),
            changes,
            command: Command::Update(edited),
        }
    }
}

/// A change of one field, for [`QuickFix::changes`].
pub(super) fn change(field: &'static str, value: impl std::fmt::Display) -> Change {
    Change {
        field,
        value: value.to_string(),
    }
}

/// What [`apply_fixes`] did.
#[derive(Debug, Clone)]
pub struct FixRun {
    /// The design with every applied fix.
    pub design: Design,
    /// The fixes applied, in order, each with the rule of its finding.
    pub applied: Vec<(&'static str, QuickFix)>,
    /// Fixes `command::apply` refused, with its reason (the design is unchanged by them).
    pub refused: Vec<(&'static str, QuickFix, String)>,
}

/// How many fixes one run applies at most (a design has far fewer findings).
const MAX_FIXES: usize = 500;

/// Applies every quick fix of the design's open (not accepted) findings, one
/// at a time through [`crate::command::apply`], planning and linting again
/// after each. A fix is tried once: if it is offered again it is not repeated.
pub fn apply_fixes(design: &Design) -> FixRun {
    let mut run = FixRun {
        design: design.clone(),
        applied: Vec::new(),
        refused: Vec::new(),
    };
    let mut tried: BTreeSet<String> = BTreeSet::new();
    while run.applied.len() + run.refused.len() < MAX_FIXES {
        let plan = crate::plan::plan(&run.design);
        let next = super::lint(&run.design, &plan).into_iter().find_map(|f| {
            let q = f.quick_fix.filter(|_| f.accepted.is_none())?;
            tried.insert(format!("{} {}", f.rule, q.label)).then_some((f.rule, q))
        });
        let Some((rule, q)) = next else { break };
        match command::apply(&mut run.design, q.command.clone()) {
            Ok(_) => run.applied.push((rule, q)),
            Err(e) => run.refused.push((rule, q, e.to_string())),
        }
    }
    run
}

/// Whether two IPv4 or IPv6 blocks share an address.
pub(super) fn overlaps(a: &IpNet, b: &IpNet) -> bool {
    a.contains(&b.network()) || b.contains(&a.network())
}

/// A prefix of length `len` for subnet `id`: its own block widened in place
/// when that is free, else the lowest free aligned block of its VNet's
/// address spaces. Free means inside the VNet and overlapping no other
/// subnet's planned prefixes (nor the subnet's own further prefixes).
pub(super) fn free_subnet_prefix(cx: &Ctx<'_>, id: &str, len: u8) -> Option<Cidr> {
    let (vnet, me) = cx
        .plan
        .vnets
        .iter()
        .find_map(|v| v.subnets.iter().find(|s| s.id.as_str() == id).map(|s| (v, s)))?;
    let taken: Vec<IpNet> = vnet
        .subnets
        .iter()
        .filter(|s| s.id.as_str() != id)
        .flat_map(|s| s.prefix.iter().chain(&s.extra_prefixes))
        .chain(&me.extra_prefixes)
        .map(|c| c.net().trunc())
        .collect();
    let spaces: Vec<IpNet> = vnet
        .address_space
        .iter()
        .filter(|c| c.is_ipv4())
        .map(|c| c.net().trunc())
        .collect();
    let free = |n: &IpNet| spaces.iter().any(|s| s.contains(n)) && !taken.iter().any(|t| overlaps(t, n));
    if let Some(current) = me.prefix.filter(|c| c.is_ipv4() && c.prefix_len() > len)
        && let Ok(wider) = IpNet::new(current.net().network(), len).map(|n| n.trunc())
        && free(&wider)
    {
        return Some(wider.into());
    }
    spaces.iter().filter(|s| s.prefix_len() <= len).find_map(|s| {
        s.subnets(len)
            .ok()?
            .take(1 << 16)
            .find(|n| free(n) && me.prefix.is_none_or(|p| p.net().trunc() != *n))
            .map(Cidr::from)
    })
}
