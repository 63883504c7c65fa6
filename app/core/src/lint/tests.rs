//! Every rule fires on a broken design and stays quiet on the corrected one.
//!
//! Each case starts from a clean design (a starter template), applies text
//! edits that break one thing, and checks that the rule fires there and not on
//! the clean design. `every_rule_has_a_firing_case` makes the table cover
//! [`rules`] mechanically.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;

use super::cases::cases;
use super::*;
use crate::templates;

pub(super) fn load(text: &str) -> Design {
    crate::file::parse(text, "test")
        .unwrap_or_else(|e| panic!("design does not load:\n{e}\n---\n{text}"))
        .design
}

pub(super) fn lint_text(text: &str) -> Vec<Finding> {
    let design = load(text);
    let plan = crate::plan::plan(&design);
    lint_all(&design, &plan)
}

/// The clean starting designs, by short key.
pub(super) fn base(key: &str) -> &'static str {
    let name = match key {
        "baseline" => "aks-baseline-hub-spoke",
        "agic" => "agic-cert-manager",
        "kubenet" => "kubenet-vs-overlay",
        "apim" => "apim-internal-lb",
        "agc" => "agc-gateway-api",
        "fd" => "two-region-front-door",
        "vwan" => "virtual-wan-secured-hub",
        other => panic!("no base {other}"),
    };
    templates::find(name).unwrap().text
}

pub(super) struct Case {
    pub(super) rule: &'static str,
    pub(super) base: &'static str,
    pub(super) edits: Vec<(String, String)>,
}

pub(super) fn case(rule: &'static str, base: &'static str, edits: &[(&str, &str)]) -> Case {
    Case {
        rule,
        base,
        edits: edits.iter().map(|(a, b)| ((*a).to_owned(), (*b).to_owned())).collect(),
    }
}

pub(super) fn apply(c: &Case) -> String {
    let mut text = base(c.base).to_owned();
    for (from, to) in &c.edits {
        assert!(text.contains(from.as_str()), "{}: edit {from:?} does not apply", c.rule);
        text = text.replacen(from.as_str(), to, 1);
    }
    text
}

/// Rules tested outside the table (they cannot be reached from a design file).
const TESTED_ELSEWHERE: &[&str] = &["ND008"];

#[test]
fn every_rule_fires_on_its_broken_design_and_is_quiet_on_the_clean_one() {
    let mut failures = Vec::new();
    for c in cases() {
        let clean = lint_text(base(c.base));
        if let Some(f) = clean.iter().find(|f| f.rule == c.rule) {
            failures.push(format!("{} fires on clean base {}: {}", c.rule, c.base, f.message));
        }
        let broken = lint_text(&apply(&c));
        match broken.iter().find(|f| f.rule == c.rule) {
            None => failures.push(format!(
                "{} does not fire on its broken {} design; got {:?}",
                c.rule,
                c.base,
                broken.iter().map(|f| f.rule).collect::<Vec<_>>()
            )),
            Some(f) => {
                let rule = find(c.rule).unwrap();
                assert_eq!(f.severity, rule.severity, "{}", c.rule);
                assert!(
                    !f.message.is_empty() && !f.message.contains('\n'),
                    "{}: {}",
                    c.rule,
                    f.message
                );
                assert!(!f.fix.is_empty(), "{}", c.rule);
                assert!(
                    !f.resources.is_empty() || c.rule == "ND190",
                    "{} names no resource",
                    c.rule
                );
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_rule_has_a_firing_case() {
    let tested: BTreeSet<&str> = cases()
        .iter()
        .map(|c| c.rule)
        .chain(TESTED_ELSEWHERE.iter().copied())
        .collect();
    let all: BTreeSet<&str> = rules().iter().map(|r| r.id).collect();
    let untested: Vec<_> = all.difference(&tested).collect();
    let unknown: Vec<_> = tested.difference(&all).collect();
    assert!(untested.is_empty(), "rules without a firing case: {untested:?}");
    assert!(unknown.is_empty(), "cases for rules that do not exist: {unknown:?}");
    assert!(all.len() >= 40, "only {} rules", all.len());
}

#[test]
fn rule_ids_and_names_are_unique_and_well_formed() {
    let all = rules();
    let ids: BTreeSet<&str> = all.iter().map(|r| r.id).collect();
    let names: BTreeSet<&str> = all.iter().map(|r| r.name).collect();
    assert_eq!(ids.len(), all.len(), "duplicate rule id");
    assert_eq!(names.len(), all.len(), "duplicate rule name");
    for r in &all {
        assert!(
            r.id.len() == 5 && r.id.starts_with("ND") && r.id[2..].chars().all(|c| c.is_ascii_digit()),
            "{}",
            r.id
        );
        assert!(
            r.name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "{}",
            r.name
        );
        let first_source = r.source.split(", ").next().unwrap();
        assert!(
            r.why.contains(first_source),
            "{}: why does not cite {first_source}",
            r.id
        );
        assert!(
            r.why.ends_with(").") || r.why.ends_with(')'),
            "{}: why must end with its source",
            r.id
        );
        for text in [r.title, r.why, r.fix] {
            assert!(!text.is_empty() && !text.contains('\n'), "{}", r.id);
        }
    }
}

#[test]
fn templates_have_no_errors_and_every_warning_is_accepted() {
    for t in templates::ALL {
        let findings = lint_text(t.text);
        let open: Vec<String> = findings
            .iter()
            .filter(|f| f.severity != Level::Info && f.accepted.is_none())
            .map(|f| format!("{} {}", f.rule, f.message))
            .collect();
        assert!(open.is_empty(), "template {}: {open:#?}", t.name);
        assert_eq!(blocking(&findings), 0);
    }
}

#[test]
fn accelerator_hub_with_bastion_and_app_gateway_on_27s_is_flagged() {
    // The published landing-zone accelerator's hub: Bastion /27 (minimum /26)
    // and an App Gateway subnet /27 (recommended /24).
    let text = base("baseline")
        .replacen("prefix = \"10.200.0.128/26\"", "prefix = \"10.200.0.128/27\"", 1)
        .replacen("prefix = \"10.240.5.0/24\"", "prefix = \"10.240.5.0/27\"", 1);
    let findings = lint_text(&text);
    let bastion = findings
        .iter()
        .find(|f| f.rule == "ND011" && f.resources.iter().any(|r| r.as_str() == "hub-bastion"))
        .expect("Bastion /27 flagged");
    assert_eq!(bastion.severity, Level::Error);
    assert!(bastion.fix.contains("/26"), "{}", bastion.fix);
    assert!(bastion.source.contains("BASTION"));
    let agw = findings
        .iter()
        .find(|f| f.rule == "ND012" && f.resources.iter().any(|r| r.as_str() == "agw-subnet"))
        .expect("App Gateway /27 flagged");
    assert_eq!(agw.severity, Level::Warning);
    assert!(agw.fix.contains("/24"), "{}", agw.fix);
    assert!(blocking(&findings) >= 1);
}

#[test]
fn overlay_pod_cidr_overlapping_its_own_vnet_is_flagged() {
    let text = base("agc").replacen("pod_cidr = \"10.244.0.0/16\"", "pod_cidr = \"10.50.0.0/16\"", 1);
    let findings = lint_text(&text);
    let f = findings
        .iter()
        .find(|f| f.rule == "ND004")
        .expect("pod CIDR overlap flagged");
    assert_eq!(f.severity, Level::Error);
    assert!(f.resources.iter().any(|r| r.as_str() == "cluster"));
    assert!(f.resources.iter().any(|r| r.as_str() == "vnet"));
    assert!(f.message.contains("10.50.0.0/16"), "{}", f.message);
    assert!(f.fix.contains("pod CIDR"), "{}", f.fix);
    assert_eq!(f.source, "AKS-OVL");
}

#[test]
fn nd004_fix_names_a_free_range_not_the_conflicting_one() {
    // The spoke also holds 10.244.0.0/16, the pod CIDR: the fix must not suggest it.
    let text = base("baseline").replacen(
        "address_space = [\"10.240.0.0/16\"]",
        "address_space = [\"10.240.0.0/16\", \"10.244.0.0/16\"]",
        1,
    );
    let findings = lint_text(&text);
    let f = findings.iter().find(|f| f.rule == "ND004").expect("pod CIDR overlap");
    assert!(!f.fix.contains("10.244.0.0/16"), "{}", f.fix);
    assert!(
        f.fix
            .contains("use 100.64.0.0/16 as the pod CIDR of cluster aks-baseline-weu"),
        "{}",
        f.fix
    );
    // Taking the fix clears the finding.
    let fixed = text.replacen("pod_cidr = \"10.244.0.0/16\"", "pod_cidr = \"100.64.0.0/16\"", 1);
    assert!(!lint_text(&fixed).iter().any(|f| f.rule == "ND004"));
    // A service CIDR in the way gets a free one of its own size, away from the pods.
    let text = base("baseline").replacen(
        "service_cidr = \"172.16.0.0/16\"\ndns_service_ip = \"172.16.0.10\"",
        "service_cidr = \"10.240.0.0/16\"\ndns_service_ip = \"10.240.0.10\"",
        1,
    );
    let f = lint_text(&text).into_iter().find(|f| f.rule == "ND005").unwrap();
    assert!(f.fix.contains("use 172.16.0.0/16 as the service CIDR"), "{}", f.fix);
}

#[test]
fn nd010_on_an_app_gateway_subnet_names_the_gateway_lever_not_node_pools() {
    let text = base("baseline")
        .replacen("prefix = \"10.240.5.0/24\"", "prefix = \"10.240.5.0/28\"", 1)
        .replacen("max_capacity = 10", "max_capacity = 20", 1);
    let findings = lint_text(&text);
    let f = findings
        .iter()
        .find(|f| f.rule == "ND010")
        .expect("App Gateway subnet too small");
    assert!(f.fix.contains("max_capacity"), "{}", f.fix);
    assert!(!f.fix.contains("node"), "{}", f.fix);
    // A node subnet still names the pools' levers.
    let text = base("baseline").replacen("max_count = 8", "max_count = 1000", 1);
    let f = lint_text(&text).into_iter().find(|f| f.rule == "ND010").unwrap();
    assert!(f.fix.contains("max_count"), "{}", f.fix);
}

#[test]
fn nd056_writes_every_number_the_same_way() {
    let text = base("baseline").replacen("public_ip_count = 20", "public_ip_count = 2", 1);
    let f = lint_text(&text).into_iter().find(|f| f.rule == "ND056").unwrap();
    assert!(
        f.message.contains("about 9,984 SNAT ports (2 × 2,496 × 2 instances)") && f.message.contains("(99,840 ports)"),
        "{}",
        f.message
    );
}

/// A firewall in a virtual hub has no subnet for a NAT gateway: the fix says only what applies.
#[test]
fn nd056_in_a_hub_does_not_offer_a_nat_gateway() {
    let text = base("vwan").replacen(
        "threat_intel_mode = \"Deny\"",
        "threat_intel_mode = \"Deny\"\naks_egress_for = [\"cluster\"]",
        1,
    );
    let f = lint_text(&text).into_iter().find(|f| f.rule == "ND056").unwrap();
    assert!(!f.fix.contains("NAT gateway to"), "{}", f.fix);
    assert!(f.fix.contains("public_ip_count = 20"), "{}", f.fix);
    let f = lint_text(&base("baseline").replacen("public_ip_count = 20", "public_ip_count = 2", 1))
        .into_iter()
        .find(|f| f.rule == "ND056")
        .unwrap();
    assert!(f.fix.contains("NAT gateway to AzureFirewallSubnet"), "{}", f.fix);
}

#[test]
fn a_private_endpoint_to_a_custom_private_link_service_needs_no_privatelink_zone() {
    let pe = "[private_endpoint.pe-pls]\nname = \"pe-pls-web-weu\"\nparent = \"weu-nodes\"\ntarget = \"pls-weu\"\n\n[private_link_service.pls-neu]";
    let text = base("fd").replacen("[private_link_service.pls-neu]", pe, 1);
    let findings = lint_text(&text);
    assert!(
        !findings
            .iter()
            .any(|f| f.rule == "ND120" && f.resources.iter().any(|r| r.as_str() == "pe-pls")),
        "{findings:#?}"
    );
}

#[test]
fn new_rules_name_what_to_do() {
    // ND126: the spoke is told the firewall's address.
    let text = base("baseline").replacen("dns_servers = [\"10.200.0.4\"]\n", "", 1);
    let f = lint_text(&text).into_iter().find(|f| f.rule == "ND126").unwrap();
    assert!(f.message.contains("uses Azure-provided DNS"), "{}", f.message);
    assert!(f.fix.contains("dns_servers = [\"10.200.0.4\"]"), "{}", f.fix);
    // ND127: Azure's own resolver address is not "unknown"; an on-premises DNS server is known.
    for ok in ["168.63.129.16", "192.168.1.53"] {
        let text = base("baseline").replacen(
            "dns_servers = [\"10.200.0.4\"]",
            &format!("dns_servers = [\"{ok}\"]"),
            1,
        );
        assert!(!lint_text(&text).iter().any(|f| f.rule == "ND127"), "{ok}");
    }
    // ND191: subnets of different VNets may share a name; two in one VNet may not.
    let text = base("baseline").replacen(
        "name = \"snet-application-gateway\"",
        "name = \"SNET-Cluster-Nodes\"",
        1,
    );
    let f = lint_text(&text)
        .into_iter()
        .find(|f| f.rule == "ND191")
        .expect("same subnet name in one VNet");
    assert!(f.message.contains("in VNet vnet-spoke-aks-weu"), "{}", f.message);
    let f = lint_text(&apply(&cases().into_iter().find(|c| c.rule == "ND191").unwrap()))
        .into_iter()
        .find(|f| f.rule == "ND191")
        .unwrap();
    assert!(f.message.contains("in resource group rg-"), "{}", f.message);
}

#[test]
fn accepted_findings_stay_in_the_output_and_do_not_block() {
    let findings = lint_text(base("kubenet"));
    let f = findings
        .iter()
        .find(|f| f.rule == "ND090")
        .expect("kubenet retirement reported");
    assert!(f.accepted.as_deref().is_some_and(|r| r.contains("2028-03-31")));
    assert!(!f.is_blocking());

    // Accepting one resource does not accept the same rule elsewhere.
    let text = base("agc").replacen("pod_cidr = \"10.244.0.0/16\"", "pod_cidr = \"10.50.0.0/16\"", 1);
    let scoped = text.replacen(
        "\n[[decision]]",
        "\n[[accept]]\nrule = \"ND004\"\nreason = \"other cluster\"\nresources = [\"nodes\"]\n\n[[decision]]",
        1,
    );
    let findings = lint_text(&scoped);
    assert!(findings.iter().any(|f| f.rule == "ND004" && f.is_blocking()));
    let whole = text.replacen(
        "\n[[decision]]",
        "\n[[accept]]\nrule = \"ND004\"\nreason = \"migration in progress\"\n\n[[decision]]",
        1,
    );
    let findings = lint_text(&whole);
    let f = findings.iter().find(|f| f.rule == "ND004").unwrap();
    assert_eq!(f.accepted.as_deref(), Some("migration in progress"));
    assert!(!findings.iter().any(|f| f.rule == "ND004" && f.is_blocking()));
}

#[test]
fn planner_codes_without_a_rule_map_to_nd008() {
    let design = load(base("agc"));
    let mut plan = crate::plan::plan(&design);
    plan.issues.push(crate::plan::PlanIssue {
        severity: crate::plan::IssueSeverity::Warning,
        code: "some-new-check",
        message: "something new".to_owned(),
        resources: vec![Id::new("vnet").unwrap()],
        fix: "do the new thing".to_owned(),
        source: "VNET-FAQ",
    });
    let findings = lint(&design, &plan);
    let f = findings.iter().find(|f| f.rule == "ND008").expect("mapped to ND008");
    assert!(f.message.contains("some-new-check"));
    assert_eq!(f.fix, "do the new thing");
    assert_eq!(f.severity, Level::Warning);
    assert!(
        !lint(&design, &crate::plan::plan(&design))
            .iter()
            .any(|f| f.rule == "ND008")
    );
}

#[test]
fn every_planner_issue_code_has_its_own_rule() {
    // All the codes the cases above provoke are mapped to a specific rule.
    for c in cases() {
        let design = load(&apply(&c));
        for issue in crate::plan::plan(&design).issues {
            assert!(
                rules().iter().any(|r| r.name == issue.code),
                "planner code {} has no rule",
                issue.code
            );
        }
    }
}

#[test]
fn lint_is_deterministic_and_sorted() {
    let text = base("baseline").replacen("pod_cidr = \"10.244.0.0/16\"", "pod_cidr = \"10.240.0.0/16\"", 1);
    let a = lint_text(&text);
    let b = lint_text(&text);
    assert_eq!(a, b);
    assert!(a.windows(2).all(|w| w[0].rule <= w[1].rule));
}

#[test]
fn rules_page_is_up_to_date() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/rules.md");
    let fresh = markdown();
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(path, &fresh).unwrap();
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == fresh,
        "docs/rules.md is stale: run `UPDATE_DOCS=1 cargo test -p netdraft-core lint`"
    );
    assert!(fresh.contains("| ND011 | error |"));
}

#[test]
fn nsg_rules_sharing_name_and_priority_are_still_duplicates() {
    let text = base("baseline").replacen(
        "name = \"allow-https-inbound\"\npriority = 110",
        "name = \"allow-gateway-manager\"\npriority = 100",
        1,
    );
    let findings = lint_text(&text);
    let f = findings
        .iter()
        .find(|f| f.rule == "ND139")
        .expect("duplicate priority flagged");
    assert!(
        f.message
            .contains("inbound rules allow-gateway-manager, allow-gateway-manager share priority 100"),
        "{}",
        f.message
    );
    assert!(f.resources.iter().any(|r| r.as_str() == "nsg-agw"));
    assert!(f.is_blocking());
}
