//! The rules on traffic flows, on the AKS baseline template broken one way
//! at a time: each fires where the traced flow goes wrong, names the hop,
//! and stays quiet where the flow is sound.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::tests::{base, lint_text, load};
use super::*;

/// The baseline template with text edits (each must apply).
fn baseline(edits: &[(&str, &str)]) -> String {
    let mut text = base("baseline").to_owned();
    for (from, to) in edits {
        assert!(text.contains(from), "edit {from:?} does not apply");
        text = text.replacen(from, to, 1);
    }
    text
}

fn of<'a>(findings: &'a [Finding], rule: &str) -> Vec<&'a Finding> {
    findings.iter().filter(|f| f.rule == rule).collect()
}

fn ids(f: &Finding) -> Vec<&str> {
    f.resources.iter().map(Id::as_str).collect()
}

/// A public load-balancer service on the cluster's nodes.
const PUBLIC_SERVICE: &str = "\n[k8s_service.web]\nname = \"web-public\"\nparent = \"nodes\"\ncluster = \"cluster\"\ninternal = false\nports = [443]\npublic_reason = \"test\"\n";

const NODES_TABLE: &str = "prefix = \"10.240.0.0/22\"\nnsg = \"nsg-nodes\"\nroute_table = \"rt-spoke\"";
const NODES_NO_TABLE: &str = "prefix = \"10.240.0.0/22\"\nnsg = \"nsg-nodes\"";
const DEFAULT_ROUTE: &str = "next_hop_resource = \"afw\"";
const FIRST_RULE_END: &str = "ports = [\"Https:443\"]";

#[test]
fn a_public_load_balancer_into_nodes_whose_default_route_is_the_firewall_is_asymmetric() {
    let text = baseline(&[]) + PUBLIC_SERVICE;
    let findings = lint_text(&text);
    let found = of(&findings, "ND142");
    assert_eq!(found.len(), 1, "{found:#?}");
    let f = found[0];
    assert_eq!(ids(f), ["cluster", "web", "nodes", "afw"]);
    assert!(f.message.contains("web-public"), "{}", f.message);
    assert!(f.message.contains("203.0.113.50"), "{}", f.message);
    assert!(f.message.contains("0.0.0.0/0 → VirtualAppliance"), "{}", f.message);
    assert!(f.message.contains("afw-hub-weu"), "{}", f.message);
    assert!(f.fix.contains("DNAT"), "{}", f.fix);
    assert!(f.is_blocking());
    // Without the default route to the firewall the reply goes straight back.
    let direct = lint_text(&text.replacen(NODES_TABLE, NODES_NO_TABLE, 1));
    assert!(of(&direct, "ND142").is_empty(), "{:#?}", of(&direct, "ND142"));
}

#[test]
fn load_balancer_outbound_defers_to_the_traced_flow_when_a_public_service_exists() {
    let lb = baseline(&[(
        "outbound_type = \"userDefinedRouting\"",
        "outbound_type = \"loadBalancer\"",
    )]);
    let alone = lint_text(&lb);
    let nd065 = of(&alone, "ND065");
    assert_eq!(nd065.len(), 1, "{nd065:#?}");
    assert_eq!(ids(nd065[0]), ["cluster", "rt-spoke", "nodes"]);
    assert!(
        nd065[0].message.contains("0.0.0.0/0 → VirtualAppliance"),
        "{}",
        nd065[0].message
    );
    let with_service = lint_text(&(lb + PUBLIC_SERVICE));
    assert!(of(&with_service, "ND065").is_empty());
    assert_eq!(of(&with_service, "ND142").len(), 1);
}

#[test]
fn on_premises_to_the_api_server_with_the_reply_through_the_firewall_names_the_hop() {
    let text = baseline(&[(
        "delegation = \"Microsoft.ContainerService/managedClusters\"",
        "delegation = \"Microsoft.ContainerService/managedClusters\"\nroute_table = \"rt-spoke\"",
    )]);
    let findings = lint_text(&text);
    let found = of(&findings, "ND142");
    assert_eq!(found.len(), 1, "{found:#?}");
    let f = found[0];
    assert_eq!(ids(f), ["cluster", "apiserver", "afw"]);
    for part in [
        "datacentre-amsterdam",
        "API server",
        "snet-cluster-apiserver",
        "afw-hub-weu",
    ] {
        assert!(f.message.contains(part), "{part}: {}", f.message);
    }
    assert!(f.fix.contains("GatewaySubnet"), "{}", f.fix);
}

#[test]
fn on_premises_through_the_firewall_both_ways_is_symmetric() {
    // GatewaySubnet sends the spoke through the firewall, which allows the
    // datacentre in; the API server subnet replies through it too.
    let text = baseline(&[
        (
            "delegation = \"Microsoft.ContainerService/managedClusters\"",
            "delegation = \"Microsoft.ContainerService/managedClusters\"\nroute_table = \"rt-spoke\"",
        ),
        (
            "name = \"GatewaySubnet\"\nparent = \"hub\"\nprefix = \"10.200.0.64/27\"",
            "name = \"GatewaySubnet\"\nparent = \"hub\"\nprefix = \"10.200.0.64/27\"\nroute_table = \"rt-gw\"",
        ),
        (
            FIRST_RULE_END,
            "ports = [\"Https:443\"]\n\n[[firewall_policy.afwp.rules]]\nname = \"datacentre-to-spoke\"\nkind = \"network\"\nsources = [\"192.168.0.0/16\"]\ndestinations = [\"10.240.0.0/16\"]\nports = [\"443\"]\nprotocols = [\"TCP\"]",
        ),
    ]) + "\n[route_table.rt-gw]\nname = \"rt-gateway\"\nparent = \"hub\"\n\n[[route_table.rt-gw.routes]]\nname = \"spoke-via-firewall\"\nprefix = \"10.240.0.0/16\"\nnext_hop = \"VirtualAppliance\"\nnext_hop_resource = \"afw\"\n";
    let findings = lint_text(&text);
    assert!(of(&findings, "ND142").is_empty(), "{:#?}", of(&findings, "ND142"));
}

#[test]
fn a_default_route_learned_by_bgp_tunnels_aks_egress_on_premises() {
    let text = baseline(&[
        (
            "address_ranges = [\"192.168.0.0/16\"]",
            "address_ranges = [\"192.168.0.0/16\", \"0.0.0.0/0\"]",
        ),
        (NODES_TABLE, NODES_NO_TABLE),
    ]);
    let findings = lint_text(&text);
    let found = of(&findings, "ND143");
    assert_eq!(found.len(), 1, "{found:#?}");
    let f = found[0];
    assert_eq!(ids(f), ["cluster", "vpng-hub"]);
    assert!(f.message.contains("vpng-hub-weu"), "{}", f.message);
    assert!(f.message.contains("(BGP)"), "{}", f.message);
    assert_eq!(f.severity, Level::Warning);
    assert!(
        of(&findings, "ND144").is_empty(),
        "ND143 and ND144 never report one flow twice"
    );
}

#[test]
fn a_user_defined_default_route_to_the_gateway_tunnels_aks_egress() {
    let findings = lint_text(&baseline(&[(
        "next_hop = \"VirtualAppliance\"\nnext_hop_resource = \"afw\"",
        "next_hop = \"VirtualNetworkGateway\"",
    )]));
    let found = of(&findings, "ND143");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].message.contains("default-via-firewall"),
        "{}",
        found[0].message
    );
}

#[test]
fn a_firewall_that_allows_only_other_host_names_blocks_aks_egress() {
    let findings = lint_text(&baseline(&[("aks_egress_for = [\"cluster\"]\n", "")]));
    let found = of(&findings, "ND144");
    assert_eq!(found.len(), 1, "{found:#?}");
    let f = found[0];
    assert_eq!(ids(f), ["cluster", "afw"]);
    assert!(f.message.contains("acraksbaselineweu.azurecr.io"), "{}", f.message);
    assert!(f.message.contains("AzureKubernetesService"), "{}", f.message);
    assert!(f.fix.contains("afwp-hub-weu"), "{}", f.fix);
    assert_eq!(f.severity, Level::Warning);
}

#[test]
fn an_application_rule_for_every_required_host_name_lets_aks_egress_through() {
    let findings = lint_text(&baseline(&[
        ("aks_egress_for = [\"cluster\"]\n", ""),
        (
            FIRST_RULE_END,
            "ports = [\"Https:443\"]\n\n[[firewall_policy.afwp.rules]]\nname = \"aks-required\"\nkind = \"application\"\nsources = [\"10.240.0.0/22\"]\ndestinations = [\"mcr.microsoft.com\", \"*.data.mcr.microsoft.com\", \"management.azure.com\", \"login.microsoftonline.com\", \"packages.microsoft.com\", \"acs-mirror.azureedge.net\"]\nports = [\"Https:443\"]",
        ),
    ]));
    assert!(of(&findings, "ND144").is_empty(), "{:#?}", of(&findings, "ND144"));
}

#[test]
fn a_firewall_without_rules_denies_aks_egress_and_an_nsg_can_too() {
    let no_rules = baseline(&[
        ("aks_egress_for = [\"cluster\"]\n", ""),
        (
            "[[firewall_policy.afwp.rules]]\nname = \"allow-registry-and-vault\"\nkind = \"application\"\nsources = [\"10.240.0.0/22\"]\ndestinations = [\"acraksbaselineweu.azurecr.io\", \"acraksbaselineweu.westeurope.data.azurecr.io\", \"kv-aks-baseline-weu.vault.azure.net\"]\nports = [\"Https:443\"]\n",
            "",
        ),
    ]);
    let findings = lint_text(&no_rules);
    let found = of(&findings, "ND144");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].message.contains("is denied at firewall afw-hub-weu"),
        "{}",
        found[0].message
    );
    let nsg = baseline(&[(
        "[nsg.nsg-nodes]\nname = \"nsg-cluster-nodes\"\nparent = \"spoke\"",
        "[nsg.nsg-nodes]\nname = \"nsg-cluster-nodes\"\nparent = \"spoke\"\n\n[[nsg.nsg-nodes.rules]]\nname = \"deny-internet\"\npriority = 100\ndirection = \"Outbound\"\naccess = \"Deny\"\nsource = \"*\"\ndestination = \"Internet\"\ndestination_ports = \"*\"",
    )]);
    let findings = lint_text(&nsg);
    let found = of(&findings, "ND144");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(found[0].message.contains("is denied"), "{}", found[0].message);
    assert!(found[0].fix.contains("NSG"), "{}", found[0].fix);
}

const ENDPOINTS_ROUTE: &str = "next_hop_resource = \"afw\"\n\n[[route_table.rt-spoke.routes]]\nname = \"endpoints-via-firewall\"\nprefix = \"10.240.4.32/28\"\nnext_hop = \"VirtualAppliance\"\nnext_hop_resource = \"afw\"";
const ENDPOINTS_SUBNET: &str = "prefix = \"10.240.4.32/28\"\nnsg = \"nsg-endpoints\"";
const ENDPOINTS_POLICIES_ON: &str =
    "prefix = \"10.240.4.32/28\"\nnsg = \"nsg-endpoints\"\nprivate_endpoint_network_policies = \"RouteTableEnabled\"";

#[test]
fn a_route_to_the_firewall_does_not_take_endpoint_traffic_while_policies_are_off() {
    let findings = lint_text(&baseline(&[(DEFAULT_ROUTE, ENDPOINTS_ROUTE)]));
    let found = of(&findings, "ND145");
    // Three subnets use the table, two endpoints sit in the range.
    assert_eq!(found.len(), 6, "{found:#?}");
    let f = found
        .iter()
        .find(|f| ids(f) == ["pe-acr", "nodes"])
        .expect("nodes → pe-acr");
    for part in [
        "snet-cluster-nodes",
        "pe-acraksbaselineweu",
        "10.240.4.32/28",
        "endpoints-via-firewall",
        "off",
    ] {
        assert!(f.message.contains(part), "{part}: {}", f.message);
    }
    assert!(f.fix.contains("RouteTableEnabled"), "{}", f.fix);
}

#[test]
fn an_overriding_route_that_drops_endpoint_traffic_is_flagged_and_one_through_the_firewall_is_left_to_nd142() {
    let dropped = baseline(&[
        (
            DEFAULT_ROUTE,
            &ENDPOINTS_ROUTE.replacen(
                "next_hop = \"VirtualAppliance\"\nnext_hop_resource = \"afw\"",
                "next_hop = \"None\"",
                1,
            ),
        ),
        (ENDPOINTS_SUBNET, ENDPOINTS_POLICIES_ON),
    ]);
    let findings = lint_text(&dropped);
    let found = of(&findings, "ND145");
    assert_eq!(found.len(), 6, "{found:#?}");
    assert!(found.iter().all(|f| f.message.contains("black-holed")), "{found:#?}");
    // Overridden into the firewall, which lets it through: the endpoint's
    // subnet replies directly, so the pods' flow is asymmetric (ND142), not
    // an override that goes nowhere.
    let through = baseline(&[
        (DEFAULT_ROUTE, ENDPOINTS_ROUTE),
        (ENDPOINTS_SUBNET, ENDPOINTS_POLICIES_ON),
        (
            FIRST_RULE_END,
            "ports = [\"Https:443\"]\n\n[[firewall_policy.afwp.rules]]\nname = \"spoke-to-endpoints\"\nkind = \"network\"\nsources = [\"10.240.0.0/16\"]\ndestinations = [\"10.240.4.32/28\"]\nports = [\"443\"]\nprotocols = [\"TCP\"]",
        ),
    ]);
    let findings = lint_text(&through);
    assert!(of(&findings, "ND145").is_empty(), "{:#?}", of(&findings, "ND145"));
    let asym = of(&findings, "ND142");
    assert_eq!(asym.len(), 2, "{asym:#?}");
    assert!(asym.iter().all(|f| f.message.contains("asymmetric")), "{asym:#?}");
}

#[test]
fn the_flow_pass_builds_nothing_for_a_design_without_clusters_or_block_routes() {
    let design = load("format = 1\nname = \"empty\"\n");
    let plan = crate::plan::plan(&design);
    assert!(flows::Flows::build(&design, &plan).is_none());
    assert!(lint_flows(&design, &plan).is_empty());
}

#[test]
fn every_template_passes_the_flow_pass_and_lint_all_keeps_the_order() {
    for t in crate::templates::ALL {
        let design = load(t.text);
        let plan = crate::plan::plan(&design);
        let flows = lint_flows(&design, &plan);
        assert!(flows.is_empty(), "template {}: {flows:#?}", t.name);
        let all = lint_all(&design, &plan);
        assert_eq!(all, lint(&design, &plan), "template {}", t.name);
    }
}
