//! # Coverage of the facts sheet
//!
//! Which lint rules enforce each constraint row of the Azure facts sheet, and
//! why the rows without a rule have none. The mapping lives here, beside the
//! rules; `docs/coverage.md` is generated from it ([`coverage_markdown`],
//! `netdraft rules --coverage`) and kept in sync by a test, and
//! [`audit_sheet`] checks it against the sheet itself.
//!
//! A row is keyed by its section and its place in it: `B.3.4` is the fourth
//! row (table row or list item, counted from 1) of section B.3. Each entry
//! repeats the row's source keys, so a row that moves or changes its sources
//! shows up in the audit. Only keys and netdraft's own one-line summaries are
//! written here, none of the sheet's text.

mod aks;
mod net;

use std::collections::BTreeSet;
use std::fmt::Write as _;

/// One constraint row of the facts sheet and what enforces it.
#[derive(Debug, Clone, Copy)]
pub struct Constraint {
    /// `B.3.4`: section, then row number within the section.
    pub key: &'static str,
    /// The row's facts-sheet source keys, comma-separated (empty when it cites none).
    pub sources: &'static str,
    /// What the row requires, in netdraft's words.
    pub summary: &'static str,
    /// The rules that enforce it.
    pub rules: &'static [&'static str],
    /// How else it is covered, or, with no rules, the decision why no rule enforces it.
    pub note: &'static str,
}

const fn row(
    key: &'static str,
    sources: &'static str,
    summary: &'static str,
    rules: &'static [&'static str],
    note: &'static str,
) -> Constraint {
    Constraint {
        key,
        sources,
        summary,
        rules,
        note,
    }
}

/// Every constraint row, in sheet order.
pub const CONSTRAINTS: &[&[Constraint]] = &[aks::ROWS, net::ROWS];

/// Sections of the sheet decided as a whole: they hold no design constraints.
pub const DECIDED_SECTIONS: &[(&str, &str)] = &[
    (
        "A.3",
        "Worked examples of the sizing arithmetic; the planner's unit tests (plan::sizing) reproduce the 1,581-address, static-block and usable-address ones",
    ),
    (
        "D",
        "Terraform provider reference: what the Terraform export writes (its templates and their schema checks), not rules of a design",
    ),
    (
        "E",
        "Bicep and ARM types and API versions: what the Bicep export writes and the import reads",
    ),
    (
        "F",
        "Helm and Kubernetes values: what the Helm and Kubernetes exports write",
    ),
    (
        "G",
        "Resource Manager and Resource Graph: how the import reads an estate",
    ),
    ("H", "Restates parts A to C as arithmetic; their rows carry the rules"),
    (
        "I",
        "Open items: the design ones are decided on their rows (A.1.4, A.2.3, A.5.9, B.2.5, B.3.5, C.4.4); the rest concern the import and the exports",
    ),
];

/// Source keys of the sheet that no rule cites, with the reason.
pub const DECIDED_SOURCES: &[(&str, &str)] = &[
    ("AGC-GW", "Gateway API manifests: the Kubernetes export's reference"),
    ("AGC-HELM", "ALB controller chart values: the Helm export's reference"),
    (
        "AKS-DYN",
        "Its default max pods conflicts with AKS-IPPLAN; decided by a design setting (row A.2.3)",
    ),
    (
        "AKS-GIT",
        "Documentation history: decides rows C.2.2 (Private Link Service) and A.0.25 (Docker bridge)",
    ),
    (
        "AKS-OVL-CFG",
        "Defaults (rows A.0.16, A.0.28: the planner's default pod range; a design always states its network model) and dual-stack, which the model does not hold",
    ),
    ("ARG-DATA", "Resource Graph paging: the import's reference"),
    ("ARG-SPEC", "Resource Graph request shape: the import's reference"),
    ("ARG-THR", "Resource Graph throttling: the import's reference"),
    ("ARM-THR", "Resource Manager throttling: the import's reference"),
    ("TF-SRC", "Provider source: the Terraform export's reference"),
    (
        "TF4-UG",
        "Provider upgrade guide: the Terraform export's reference for azurerm majors",
    ),
];

/// Rules that enforce something outside the constraint rows, with where it comes from.
pub const OTHER_RULES: &[(&str, &str)] = &[
    ("ND008", "Any planner issue without a rule of its own"),
    (
        "ND077",
        "F.3: the internal load balancer annotation of a Kubernetes service",
    ),
    (
        "ND085",
        "F.1: AGIC installed with Helm authenticates with workload identity",
    ),
    ("ND086", "cert-manager documentation: a certificate needs a host name"),
    ("ND087", "cert-manager documentation: DNS-01 with Azure DNS"),
    ("ND088", "cert-manager documentation: DNS-01 with Azure DNS"),
    ("ND103", "A.2 as a whole: which ranges each network model uses"),
    ("ND109", "Microsoft Learn (AKS system pools) and the azurerm 5 provider"),
    (
        "ND110",
        "Microsoft Learn (AKS security concepts): netdraft's secure defaults",
    ),
    ("ND120", "D.2 and E.2: a private endpoint's private DNS zone group"),
    ("ND121", "D.2 and E.2: private DNS zone links"),
    ("ND127", "A VNet's DNS servers exist in the design"),
    ("ND138", "D.2: NSG rule priorities 100 to 4096"),
    ("ND139", "D.2: NSG rule priorities unique per direction"),
    ("ND140", "D.2: NSG rule port syntax"),
    ("ND141", "D.2: NSG rule address syntax"),
    ("ND146", "D.2: firewall-policy rule ports and protocols"),
    ("ND150", "Microsoft Learn (Virtual WAN FAQ): a hub is at least a /24"),
    ("ND151", "Microsoft Learn (Virtual WAN FAQ): a /23 hub is recommended"),
    ("ND152", "Microsoft Learn (Virtual WAN FAQ): a VNet connects to one hub"),
    (
        "ND153",
        "Microsoft Learn (Virtual WAN site-to-site tutorial): a connected VNet has no gateway",
    ),
    ("ND154", "Microsoft Learn (Virtual WAN FAQ): no IPv6 in a hub"),
    ("ND155", "Microsoft Learn (About Virtual WAN): what a Basic WAN carries"),
    (
        "ND156",
        "Microsoft Learn (Virtual WAN routing intent): the next hop is a firewall in the hub",
    ),
    ("ND190", "netdraft's own `[[accept]]` entries"),
    (
        "ND191",
        "Microsoft Learn (resource name rules): names unique per type and scope",
    ),
];

/// Every constraint row, in sheet order.
pub fn constraints() -> impl Iterator<Item = &'static Constraint> {
    CONSTRAINTS.iter().flat_map(|g| g.iter())
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

/// The coverage page (`docs/coverage.md`), from the tables above alone.
pub fn coverage_markdown() -> String {
    let rows: Vec<&Constraint> = constraints().collect();
    let ruled = rows.iter().filter(|r| !r.rules.is_empty()).count();
    let mut out = String::new();
    out.push_str("# Facts-sheet coverage\n\n");
    out.push_str(
        "Generated from the code (`app/core/src/lint/coverage.rs`) by `netdraft rules --coverage`; \
         `cargo test -p netdraft-core --test coverage` fails when this page is stale (set `UPDATE_DOCS=1` \
         to refresh it) and, when the Azure facts sheet is beside the checkout, when a row or source key of \
         the sheet is neither enforced by a rule nor decided.\n\n\
         A row is named by its section and its place in it: `B.3.4` is the fourth row (table row or list \
         item) of section B.3. The summaries are netdraft's own.\n\n",
    );
    let _ = writeln!(
        out,
        "{} constraint rows: {ruled} enforced by rules, {} decided without a rule.\n",
        rows.len(),
        rows.len() - ruled
    );
    out.push_str("## Rows\n\n| Row | Sources | Constraint | Rules | Decision or how |\n|---|---|---|---|---|\n");
    for r in &rows {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            r.key,
            cell(r.sources),
            cell(r.summary),
            r.rules.join(", "),
            cell(r.note)
        );
    }
    out.push_str("\n## Sections decided as a whole\n\n| Section | Decision |\n|---|---|\n");
    for (s, why) in DECIDED_SECTIONS {
        let _ = writeln!(out, "| {s} | {} |", cell(why));
    }
    out.push_str("\n## Source keys no rule cites\n\n| Source | Decision |\n|---|---|\n");
    for (s, why) in DECIDED_SOURCES {
        let _ = writeln!(out, "| {s} | {} |", cell(why));
    }
    out.push_str("\n## Rules and their rows\n\n| Rule | Rows |\n|---|---|\n");
    for rule in super::rules() {
        let keys: Vec<&str> = rows
            .iter()
            .filter(|r| r.rules.contains(&rule.id))
            .map(|r| r.key)
            .collect();
        let other = OTHER_RULES.iter().find(|(id, _)| *id == rule.id).map(|(_, w)| *w);
        let text = match (keys.is_empty(), other) {
            (false, _) => keys.join(", "),
            (true, Some(w)) => format!("no row: {}", cell(w)),
            (true, None) => "no row".to_owned(),
        };
        let _ = writeln!(out, "| {} | {text} |", rule.id);
    }
    out
}

/// What is wrong with the mapping without looking at the sheet: unknown rule
/// ids, rows without rules or a decision, rules neither in a row nor in
/// [`OTHER_RULES`], duplicate keys.
pub fn audit_code() -> Vec<String> {
    let mut gaps = Vec::new();
    let mut keys = BTreeSet::new();
    for r in constraints() {
        if !keys.insert(r.key) {
            gaps.push(format!("row {} is listed twice", r.key));
        }
        for id in r.rules {
            if super::find(id).is_none() {
                gaps.push(format!("row {} names rule {id}, which does not exist", r.key));
            }
        }
        if r.rules.is_empty() && r.note.is_empty() {
            gaps.push(format!("row {} has neither a rule nor a decision", r.key));
        }
    }
    for rule in super::rules() {
        let in_row = constraints().any(|r| r.rules.contains(&rule.id));
        let other = OTHER_RULES.iter().any(|(id, _)| *id == rule.id);
        if !in_row && !other {
            gaps.push(format!(
                "rule {} is in no row of the coverage table and not in OTHER_RULES",
                rule.id
            ));
        }
        if in_row && other {
            gaps.push(format!("rule {} is in a row and in OTHER_RULES; keep one", rule.id));
        }
    }
    for (id, _) in OTHER_RULES {
        if super::find(id).is_none() {
            gaps.push(format!("OTHER_RULES names rule {id}, which does not exist"));
        }
    }
    gaps
}

/// One row of the sheet as [`audit_sheet`] reads it.
struct SheetRow {
    key: String,
    sources: BTreeSet<String>,
    /// The row's first cell, to name it in a gap.
    label: String,
}

/// The sheet's section id in a `##`/`###` heading (`A`, `B.3`), if any.
fn section_of(line: &str) -> Option<String> {
    let rest = line.strip_prefix("### ").or_else(|| line.strip_prefix("## "))?;
    let id = rest.split_whitespace().next()?.trim_end_matches('.');
    let mut parts = id.split('.');
    let letter = parts.next()?;
    let ok = letter.len() == 1
        && letter.chars().all(|c| c.is_ascii_uppercase())
        && parts.all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()));
    ok.then(|| id.to_owned())
}

/// The source keys of the sheet's §0 table.
fn source_keys(sheet: &str) -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    let mut inside = false;
    for line in sheet.lines() {
        if line.starts_with("## ") {
            inside = line.starts_with("## 0.");
            continue;
        }
        if inside && let Some(cell) = line.strip_prefix('|').and_then(|l| l.split('|').next()) {
            let cell = cell.trim();
            if !cell.is_empty()
                && cell != "Tag"
                && cell
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-')
                && !cell.starts_with('-')
            {
                keys.insert(cell.to_owned());
            }
        }
    }
    keys
}

fn decided_section(section: &str) -> bool {
    DECIDED_SECTIONS
        .iter()
        .any(|(s, _)| section == *s || section.split('.').next() == Some(*s))
}

/// The rows of the sections not decided as a whole, with the keys they cite.
fn sheet_rows(sheet: &str, keys: &BTreeSet<String>) -> (Vec<SheetRow>, BTreeSet<String>) {
    let mut rows = Vec::new();
    let mut sections = BTreeSet::new();
    let mut section: Option<String> = None;
    let mut n = 0;
    let mut prev_table = false;
    let mut fenced = false;
    for line in sheet.lines() {
        if line.starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if fenced {
            continue;
        }
        if line.starts_with('#') {
            section = section_of(line);
            if let Some(s) = &section {
                sections.insert(s.clone());
            }
            n = 0;
            prev_table = false;
            continue;
        }
        let table = line.starts_with('|');
        let header = table && !prev_table;
        prev_table = table;
        let Some(s) = section.as_deref().filter(|s| !decided_section(s)) else {
            continue;
        };
        let separator = table && line.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '));
        let (row, label) = if table && !header && !separator {
            (
                true,
                line.trim_start_matches('|').split('|').next().unwrap_or("").trim(),
            )
        } else if let Some(item) = line.strip_prefix("- ") {
            (true, item.split(':').next().unwrap_or(item))
        } else {
            (false, "")
        };
        if row {
            n += 1;
            let sources = line
                .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
                .filter(|t| keys.contains(*t))
                .map(ToOwned::to_owned)
                .collect();
            rows.push(SheetRow {
                key: format!("{s}.{n}"),
                sources,
                label: label.chars().take(60).collect(),
            });
        }
    }
    (rows, sections)
}

/// What the sheet has that the mapping does not cover, or the mapping says of
/// the sheet that is not so. Empty when every constraint row has an entry with
/// the row's source keys, every section is covered row by row or decided, and
/// every source key is cited by a rule or decided.
pub fn audit_sheet(sheet: &str) -> Vec<String> {
    let keys = source_keys(sheet);
    let (rows, sections) = sheet_rows(sheet, &keys);
    let mut gaps = Vec::new();
    if keys.is_empty() {
        gaps.push("the sheet has no source key table (## 0.)".to_owned());
    }
    for sheet_row in &rows {
        match constraints().find(|c| c.key == sheet_row.key) {
            None => gaps.push(format!(
                "row {} (\"{}\") has no entry in the coverage table",
                sheet_row.key, sheet_row.label
            )),
            Some(c) => {
                let cited: BTreeSet<String> = split(c.sources).map(ToOwned::to_owned).collect();
                if cited != sheet_row.sources {
                    gaps.push(format!(
                        "row {} (\"{}\") cites {:?} but the coverage entry says {:?}: the row moved or changed",
                        sheet_row.key, sheet_row.label, sheet_row.sources, cited
                    ));
                }
            }
        }
    }
    for c in constraints() {
        if !rows.iter().any(|r| r.key == c.key) {
            gaps.push(format!("coverage entry {} names no row of the sheet", c.key));
        }
    }
    for (s, _) in DECIDED_SECTIONS {
        if !sections.contains(*s) {
            gaps.push(format!("decided section {s} is not in the sheet"));
        }
    }
    let cited: BTreeSet<&str> = super::rules().iter().flat_map(|r| split(r.source)).collect();
    for key in &keys {
        let decided = DECIDED_SOURCES.iter().any(|(k, _)| k == key);
        match (cited.contains(key.as_str()), decided) {
            (false, false) => gaps.push(format!(
                "source key {key} is cited by no rule and not in DECIDED_SOURCES"
            )),
            (true, true) => gaps.push(format!(
                "source key {key} is cited by a rule; remove it from DECIDED_SOURCES"
            )),
            _ => {}
        }
    }
    for (k, _) in DECIDED_SOURCES {
        if !keys.contains(*k) {
            gaps.push(format!(
                "DECIDED_SOURCES names {k}, which is not a source key of the sheet"
            ));
        }
    }
    for rule in super::rules() {
        if split(rule.source).any(|s| keys.contains(s)) && !constraints().any(|c| c.rules.contains(&rule.id)) {
            let other = OTHER_RULES.iter().any(|(id, _)| *id == rule.id);
            if !other {
                gaps.push(format!("rule {} cites the sheet but is in no row", rule.id));
            }
        }
    }
    gaps
}

/// The keys of a comma- or semicolon-separated source list.
fn split(sources: &str) -> impl Iterator<Item = &str> {
    sources.split([',', ';']).map(str::trim).filter(|s| !s.is_empty())
}
