//! # Design lint
//!
//! [`lint`] is a pure function of a design and its already-computed
//! [`Plan`]: it runs every rule of [`rules`] and returns the findings in a
//! stable order (rule id, then resources, then message). Each rule has a
//! stable id (`ND` + three digits), a severity, a title, a "why" that cites
//! the facts-sheet source key, and a concrete fix.
//!
//! The planner's own issues and overlaps are not recomputed here: each planner
//! issue code and each kind of overlap maps to one rule of [`planner`].
//!
//! A design may accept a finding on purpose (`[[accept]]` with a rule id, a
//! reason and optionally resources). Accepted findings stay in the output,
//! marked with the reason, and do not count as errors.
//!
//! Rules live in one file per concern: `planner` (planner issues and overlaps),
//! `subnets` (special subnets, delegations, route tables), `egress` (outbound
//! types, firewall, NAT gateway), `ingress` (App Gateway, AGIC, AGC, APIM,
//! Kubernetes services), `aks` (network models, policies, pools, limits),
//! `dns` (private endpoints and private clusters), `peering` (gateways,
//! transit, VNet limits) and `nsg` (NSG rule priorities, ports and addresses,
//! over the checks of [`crate::model::checks`] the GUI inspector shares).
//!
//! The rules on traffic flows (`flows`: asymmetric routing, AKS egress
//! forced through a tunnel or blocked, private endpoints bypassed by a route)
//! need the route engine, which costs more than every other rule together on
//! a large design; they run in their own pass, [`lint_flows`], and
//! [`lint_all`] runs both (what `netdraft check`, the exports and the
//! designer report).

mod aks;
mod coverage;
mod dns;
mod egress;
mod fix;
mod flows;
mod index;
mod ingress;
mod nsg;
mod peering;
mod planner;
mod pods;
mod subnets;
mod vwan;

#[cfg(test)]
mod cases;
#[cfg(test)]
mod fix_tests;
#[cfg(test)]
mod flows_tests;
#[cfg(test)]
mod gap_cases;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod vwan_cases;

use std::fmt::Write as _;

use serde::Serialize;

use crate::id::Id;
use crate::model::Design;
use crate::plan::Plan;

pub use coverage::{
    CONSTRAINTS, Constraint, DECIDED_SECTIONS, DECIDED_SOURCES, OTHER_RULES, audit_code, audit_sheet, constraints,
    coverage_markdown,
};
pub use fix::{Change, FixRun, QuickFix, apply_fixes};
pub(crate) use index::Ctx;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// The design cannot be deployed as drawn, or breaks a documented rule.
    Error,
    /// Deployable, but against a recommendation or heading for a retirement.
    Warning,
    /// Worth knowing; never fails a check.
    Info,
}

impl Level {
    /// `error`, `warning` or `info`.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Info => "info",
        }
    }

    /// The SARIF 2.1.0 `level` (`error`, `warning`, `note`).
    pub fn sarif(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Info => "note",
        }
    }
}

impl std::fmt::Display for Level {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

type Check = fn(&Ctx<'_>, &Rule, &mut Vec<Finding>);
type FlowCheck = fn(&flows::Flows<'_>, &Rule, &mut Vec<Finding>);

/// One lint rule: its catalogue entry and its check.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// Stable id, `ND` + three digits.
    pub id: &'static str,
    /// Short kebab-case name (`gateway-subnet-nsg`).
    pub name: &'static str,
    pub severity: Level,
    /// One line: what the rule looks for.
    pub title: &'static str,
    /// Why it matters, ending with the facts-sheet source key.
    pub why: &'static str,
    /// Facts-sheet source key(s), e.g. `VPNGW`.
    pub source: &'static str,
    /// The general fix; findings may give a more precise one.
    pub fix: &'static str,
    check: Check,
    /// For the rules on traffic flows: the check [`lint_flows`] runs (their
    /// `check` does nothing).
    flow: Option<FlowCheck>,
}

/// A rule entry (for the rule tables of the submodules).
#[allow(
    clippy::too_many_arguments,
    reason = "one argument per catalogue column, read as a table"
)]
const fn rule(
    id: &'static str,
    name: &'static str,
    severity: Level,
    title: &'static str,
    why: &'static str,
    source: &'static str,
    fix: &'static str,
    check: Check,
) -> Rule {
    Rule {
        id,
        name,
        severity,
        title,
        why,
        source,
        fix,
        check,
        flow: None,
    }
}

/// A rule entry whose check needs the route engine (run by [`lint_flows`]).
#[allow(
    clippy::too_many_arguments,
    reason = "one argument per catalogue column, read as a table"
)]
const fn flow_rule(
    id: &'static str,
    name: &'static str,
    severity: Level,
    title: &'static str,
    why: &'static str,
    source: &'static str,
    fix: &'static str,
    check: FlowCheck,
) -> Rule {
    Rule {
        id,
        name,
        severity,
        title,
        why,
        source,
        fix,
        check: in_flow_pass,
        flow: Some(check),
    }
}

/// The design pass's check of a flow rule: nothing (see [`lint_flows`]).
fn in_flow_pass(_: &Ctx<'_>, _: &Rule, _: &mut Vec<Finding>) {}

/// Whether a route prefix is the IPv4 default route `0.0.0.0/0`.
fn is_default_route(prefix: &crate::net::AddressPrefix) -> bool {
    matches!(prefix, crate::net::AddressPrefix::Cidr(c) if c.is_ipv4() && c.prefix_len() == 0)
}

/// Whether an IPv4 block lies inside RFC 1918 or the RFC 6598 shared space (VNET-FAQ, AKS-OVL).
fn is_private_range(c: crate::net::Cidr) -> bool {
    const PRIVATE: &[(u32, u8)] = &[
        (0x0A00_0000, 8),  // 10.0.0.0/8
        (0xAC10_0000, 12), // 172.16.0.0/12
        (0xC0A8_0000, 16), // 192.168.0.0/16
        (0x6440_0000, 10), // 100.64.0.0/10
    ];
    let ipnet::IpNet::V4(net) = c.net() else { return false };
    let start = u32::from(net.network());
    PRIVATE.iter().any(|(base, len)| {
        let mask = u32::MAX << (32 - u32::from(*len));
        c.prefix_len() >= *len && start & mask == *base
    })
}

impl Rule {
    /// A finding of this rule with the rule's own fix.
    fn finding(&self, message: String, resources: &[&Id]) -> Finding {
        Finding {
            rule: self.id,
            severity: self.severity,
            message,
            resources: resources.iter().map(|r| (*r).clone()).collect(),
            why: self.why,
            source: self.source,
            fix: self.fix.to_owned(),
            quick_fix: None,
            accepted: None,
        }
    }

    /// Pushes a finding with the rule's own fix.
    fn emit(&self, out: &mut Vec<Finding>, message: String, resources: &[&Id]) {
        out.push(self.finding(message, resources));
    }

    /// Pushes a finding with a specific fix.
    fn emit_fix(&self, out: &mut Vec<Finding>, message: String, resources: &[&Id], fix: String) {
        let mut f = self.finding(message, resources);
        f.fix = fix;
        out.push(f);
    }

    /// Pushes a finding with a specific fix and, when lint could compute one,
    /// the edit that makes it.
    fn emit_quick(
        &self,
        out: &mut Vec<Finding>,
        message: String,
        resources: &[&Id],
        fix: String,
        quick_fix: Option<QuickFix>,
    ) {
        let mut f = self.finding(message, resources);
        f.fix = fix;
        f.quick_fix = quick_fix;
        out.push(f);
    }
}

/// One problem lint found in a design.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// The rule id (`ND011`).
    pub rule: &'static str,
    pub severity: Level,
    /// One line naming the resources involved.
    pub message: String,
    /// Ids of the resources involved, the main one first.
    pub resources: Vec<Id>,
    /// Why it matters (the rule's explanation).
    pub why: &'static str,
    /// Facts-sheet source key(s) for this finding.
    pub source: &'static str,
    /// How to fix it.
    pub fix: String,
    /// The edit that fixes it, when lint can compute a safe one (a free
    /// prefix, a missing delegation, …): apply its `command` with
    /// [`crate::command::apply`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quick_fix: Option<QuickFix>,
    /// The design's reason for accepting it, when it does (`[[accept]]`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accepted: Option<String>,
}

impl Finding {
    /// Whether the finding fails a check: an error the design does not accept.
    pub fn is_blocking(&self) -> bool {
        self.severity == Level::Error && self.accepted.is_none()
    }
}

/// Rules about the design's own lint settings.
const META: &[Rule] = &[
    // The design's `[[accept]]` entries: a typo would silently accept nothing.
    rule(
        "ND190",
        "accept-unknown-rule",
        Level::Warning,
        "An `[[accept]]` entry names a rule that does not exist",
        "An acceptance only suppresses findings of the rule it names; an unknown id accepts nothing, so the finding it meant stays (netdraft's own rule catalogue, docs/rules.md).",
        "netdraft",
        "correct the rule id (see `netdraft rules`), or remove the entry",
        accept_unknown_rule,
    ),
    // learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules: names are unique per type and scope.
    rule(
        "ND191",
        "duplicate-azure-name",
        Level::Error,
        "Two resources of one type share a name in one scope",
        "An Azure resource name is unique per resource type within its scope (the resource group for most types, the VNet for subnets, the cluster for node pools, the subscription for resource groups; names compare case-insensitively): a deployment of both creates one and overwrites it with the other, or fails (learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules).",
        "learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules",
        "rename one of them, or move it to another resource group",
        duplicate_names,
    ),
];

/// The scope in which a resource's Azure name must be unique, for the kinds
/// deployed as Azure resources of one type each: the `kinds!` table's
/// [`crate::model::NameScope`] (the paste renamer uses the same).
fn name_scope(cx: &Ctx<'_>, r: &crate::model::Resource) -> Option<String> {
    use crate::model::{Kind as K, NameScope};
    match r.kind().name_scope() {
        NameScope::Parent => r.meta.parent.as_ref().map(ToString::to_string),
        NameScope::Cluster => r.as_spec::<crate::model::NodePool>().map(|p| p.cluster.to_string()),
        // Unique per subscription: two groups of an import may share a name.
        NameScope::Subscription => Some(
            r.as_spec::<crate::model::ResourceGroup>()
                .and_then(|g| g.subscription.clone())
                .unwrap_or_default(),
        ),
        // An existing VNet outside the design is named by its owner, not by the design.
        NameScope::ResourceGroup
            if r.as_spec::<crate::model::VirtualNetwork>()
                .is_some_and(|v| v.existing.is_some()) =>
        {
            None
        }
        NameScope::ResourceGroup => {
            if let Some(rg) = &r.meta.resource_group {
                return Some(rg.to_string());
            }
            cx.design
                .ancestors(r.id.as_str())
                .find_map(|a| {
                    if a.kind() == K::ResourceGroup {
                        Some(a.id.to_string())
                    } else {
                        a.meta.resource_group.as_ref().map(ToString::to_string)
                    }
                })
                // No resource group: the design's default one, shared by all such resources.
                .or_else(|| Some("(default resource group)".to_owned()))
        }
        // Not an Azure resource of one type of its own: Azure checks no name.
        NameScope::Siblings => None,
    }
}

fn duplicate_names(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    // Hashed, not ordered: findings follow the design's order either way, and
    // comparing long id strings in a tree cost more than the rest of lint.
    let mut seen: std::collections::HashMap<(crate::model::Kind, String, String), &crate::model::Resource> =
        std::collections::HashMap::with_capacity(cx.design.len());
    for r in cx.design.resources() {
        let Some(scope) = name_scope(cx, r) else { continue };
        let key = (r.kind(), scope, r.name().to_ascii_lowercase());
        if let Some(first) = seen.get(&key) {
            let within = match r.kind().name_scope() {
                crate::model::NameScope::Subscription => "the subscription".to_owned(),
                crate::model::NameScope::Parent => format!("VNet {}", cx.name(&key.1)),
                crate::model::NameScope::Cluster => format!("cluster {}", cx.name(&key.1)),
                crate::model::NameScope::ResourceGroup | crate::model::NameScope::Siblings => {
                    format!("resource group {}", cx.name(&key.1))
                }
            };
            rule.emit(
                out,
                format!(
                    "{} {} and {} are both named {} in {within}",
                    r.kind().label(),
                    first.id,
                    r.id,
                    r.name()
                ),
                &[&first.id, &r.id],
            );
        } else {
            seen.insert(key, r);
        }
    }
}

fn accept_unknown_rule(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for a in &cx.design.accept {
        if find(&a.rule).is_none() {
            let ids: Vec<&Id> = a.resources.iter().collect();
            rule.emit(
                out,
                format!("`[[accept]]` names rule `{}`, which does not exist", a.rule),
                &ids,
            );
        }
    }
}

/// Every rule, grouped by concern, in id order within each group.
const GROUPS: &[&[Rule]] = &[
    META,
    planner::RULES,
    subnets::RULES,
    egress::RULES,
    ingress::RULES,
    aks::RULES,
    pods::RULES,
    dns::RULES,
    peering::RULES,
    vwan::RULES,
    nsg::RULES,
    flows::RULES,
];

/// Every rule, ordered by id.
pub fn rules() -> Vec<&'static Rule> {
    let mut all: Vec<&'static Rule> = GROUPS.iter().flat_map(|g| g.iter()).collect();
    all.sort_by_key(|r| r.id);
    all
}

/// The rule with this id.
pub fn find(id: &str) -> Option<&'static Rule> {
    GROUPS.iter().flat_map(|g| g.iter()).find(|r| r.id == id)
}

/// Lints a design against its plan (computed once by the caller with
/// [`crate::plan::plan`]). Deterministic: same inputs, same findings, same order.
pub fn lint(design: &Design, plan: &Plan) -> Vec<Finding> {
    let cx = Ctx::build(design, plan);
    let mut out = Vec::new();
    for group in GROUPS {
        for rule in *group {
            (rule.check)(&cx, rule, &mut out);
        }
    }
    settle(design, out)
}

/// Lints a design's traffic flows with the route engine: the rules of
/// `flows` (asymmetric routing, AKS egress forced through a tunnel or
/// blocked, private endpoints bypassed or overridden by a route). A separate
/// pass because building the engine's facts and tracing each cluster's flows
/// costs more than the design pass; it builds them only when the design has
/// something to trace. Pure and deterministic, like [`lint`].
pub fn lint_flows(design: &Design, plan: &Plan) -> Vec<Finding> {
    let Some(fx) = flows::Flows::build(design, plan) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for rule in flows::RULES {
        if let Some(check) = rule.flow {
            check(&fx, rule, &mut out);
        }
    }
    settle(design, out)
}

/// Both passes, [`lint`] and [`lint_flows`], in one sorted list: what
/// `netdraft check`, the exports and the designer report.
pub fn lint_all(design: &Design, plan: &Plan) -> Vec<Finding> {
    combine(lint(design, plan), lint_flows(design, plan))
}

/// The findings of both passes in the fixed order: what [`lint_all`]
/// returns, for callers that run the passes apart (the designer runs the
/// flow pass on its worker).
pub fn combine(mut design: Vec<Finding>, flows: Vec<Finding>) -> Vec<Finding> {
    design.extend(flows);
    sort(&mut design);
    design
}

/// Marks accepted findings, sorts and removes duplicates.
fn settle(design: &Design, mut out: Vec<Finding>) -> Vec<Finding> {
    for f in &mut out {
        f.resources.dedup();
        f.accepted = design
            .accept
            .iter()
            .find(|a| {
                a.rule == f.rule && (a.resources.is_empty() || a.resources.iter().any(|r| f.resources.contains(r)))
            })
            .map(|a| a.reason.clone());
    }
    sort(&mut out);
    out
}

/// The fixed order of findings: rule id, then resources, then message.
fn sort(out: &mut Vec<Finding>) {
    out.sort_by(|a, b| (a.rule, &a.resources, &a.message).cmp(&(b.rule, &b.resources, &b.message)));
    out.dedup();
}

/// Findings that fail a check (errors not accepted).
pub fn blocking(findings: &[Finding]) -> usize {
    findings.iter().filter(|f| f.is_blocking()).count()
}

/// The rule catalogue as a Markdown page (`docs/rules.md`).
pub fn markdown() -> String {
    let mut out = String::new();
    out.push_str("# Design lint rules\n\n");
    out.push_str(
        "Generated from the code by `cargo test -p netdraft-core lint` (set `UPDATE_DOCS=1` to refresh), \
         or printed by `netdraft rules --markdown`.\n\n\
         `netdraft check` runs every rule; errors fail the check (exit 1) unless the design accepts them \
         with an `[[accept]]` entry (`rule`, `reason`, optional `resources`). Each \"why\" ends with its \
         source key in the facts sheet; [coverage.md](coverage.md) lists which rules enforce each row of the \
         sheet. Where netdraft can compute a safe change (a free prefix or range, a missing delegation, a \
         size, removing what a special subnet must not carry), the finding carries it as a quick fix: \
         `netdraft check --fix` applies them and saves the file with its comments.\n\n",
    );
    out.push_str("| ID | Severity | Title | Why (source) | Fix |\n|---|---|---|---|---|\n");
    for r in rules() {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            r.id,
            r.severity,
            cell(r.title),
            cell(r.why),
            cell(r.fix)
        );
    }
    out
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}
