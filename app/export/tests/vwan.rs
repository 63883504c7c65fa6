//! Virtual WAN in the exports: the secured hub's firewall is an `AZFW_Hub` in
//! the hub (no subnet or public IP resources), spokes connect to the hub, the
//! routing intent sends traffic to that firewall, and gateways in a hub are hub
//! gateways with their sites, never VNet gateways.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

use netdraft_core::{Design, plan, templates};
use netdraft_export::{Format, Templates, export, plan_findings};

const TEMPLATE: &str = "virtual-wan-secured-hub";

fn starter_text() -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../assets/templates")
        .join(format!("{TEMPLATE}.toml"));
    std::fs::read_to_string(path).unwrap()
}

fn parse(text: &str) -> Design {
    netdraft_core::file::parse(text, "vwan.netdraft.toml").unwrap().design
}

/// Every file of one format, by path, with runs of spaces squashed (the `=` alignment varies).
fn files(design: &Design, format: Format) -> BTreeMap<String, String> {
    let p = plan::plan(design);
    export(design, &p, &Templates::builtin(format), &plan_findings(&p))
        .unwrap()
        .into_iter()
        .map(|f| {
            let squashed = f
                .contents
                .lines()
                .map(|l| {
                    let indent = l.len() - l.trim_start().len();
                    let words: Vec<&str> = l.split_whitespace().collect();
                    format!("{}{}", &l[..indent], words.join(" "))
                })
                .collect::<Vec<_>>()
                .join("\n");
            (f.path, squashed)
        })
        .collect()
}

/// Every `resource` block of one type, from its first line to its closing `}`.
fn blocks<'a>(text: &'a str, head: &str) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find(head) {
        let body = &rest[i..];
        let end = body.find("\n}\n").map_or(body.len(), |e| e + 3);
        out.push(&body[..end]);
        rest = &body[end..];
    }
    out
}

fn all(files: &BTreeMap<String, String>) -> String {
    files.values().cloned().collect::<Vec<_>>().join("\n")
}

/// The hub's VPN gateway and the datacentre as a VPN site connected through it.
fn assert_hub_vpn(vwan: &str) {
    let gw = blocks(vwan, "resource \"azurerm_vpn_gateway\" ")[0];
    assert!(gw.contains("virtual_hub_id = azurerm_virtual_hub.vhub_weu.id"), "{gw}");
    assert!(gw.contains("scale_unit = 1"), "{gw}");
    let site = blocks(vwan, "resource \"azurerm_vpn_site\" ")[0];
    assert!(
        site.contains("virtual_wan_id = azurerm_virtual_wan.vwan_contoso.id"),
        "{site}"
    );
    assert!(site.contains("ip_address = \"203.0.113.10\""), "{site}");
    let conn = blocks(vwan, "resource \"azurerm_vpn_gateway_connection\" ")[0];
    assert!(
        conn.contains("vpn_gateway_id = azurerm_vpn_gateway.vpng_vhub_weu.id"),
        "{conn}"
    );
    assert!(
        conn.contains("remote_vpn_site_id = azurerm_vpn_site.datacentre_amsterdam.id"),
        "{conn}"
    );
    assert!(
        conn.contains("vpn_site_link_id = azurerm_vpn_site.datacentre_amsterdam.link[0].id"),
        "{conn}"
    );
    assert!(conn.contains("shared_key = var.vpn_shared_keys[\"dc\"]"), "{conn}");
}

#[test]
fn the_starter_exports_a_secured_hub_to_terraform() {
    let design = templates::find(TEMPLATE).unwrap().load().unwrap().design;
    for major in ["5", "4"] {
        let mut design = design.clone();
        if major == "4" {
            design.settings.azurerm = netdraft_core::model::AzurermMajor::V4;
        }
        let tf = files(&design, Format::Terraform);
        let text = all(&tf);

        let firewalls = blocks(&text, "resource \"azurerm_firewall\" ");
        assert_eq!(firewalls.len(), 1, "{text}");
        let fw = firewalls[0];
        assert!(fw.contains("sku_name = \"AZFW_Hub\""), "{fw}");
        assert!(fw.contains("sku_tier = \"Standard\""), "{fw}");
        assert!(
            fw.contains("firewall_policy_id = azurerm_firewall_policy.afwp_vhub_weu.id"),
            "{fw}"
        );
        assert!(
            fw.contains(
                "  virtual_hub {\n    virtual_hub_id = azurerm_virtual_hub.vhub_weu.id\n    public_ip_count = 2\n  }"
            ),
            "{fw}"
        );
        assert!(
            !fw.contains("ip_configuration"),
            "a hub firewall has no IP configuration: {fw}"
        );
        assert!(!text.contains("resource \"azurerm_public_ip\""), "{text}");
        assert!(text.contains("resource \"azurerm_firewall_policy\" \"afwp_vhub_weu\""));

        let vwan = &tf["vwan.tf"];
        assert!(
            vwan.contains("resource \"azurerm_virtual_wan\" \"vwan_contoso\""),
            "{vwan}"
        );
        let hub = blocks(vwan, "resource \"azurerm_virtual_hub\" ")[0];
        assert!(
            hub.contains("virtual_wan_id = azurerm_virtual_wan.vwan_contoso.id"),
            "{hub}"
        );
        assert!(hub.contains("address_prefix = \"10.100.0.0/23\""), "{hub}");

        let connections = blocks(vwan, "resource \"azurerm_virtual_hub_connection\" ");
        assert_eq!(connections.len(), 2, "{vwan}");
        for (c, vnet) in connections.iter().zip(["vnet_spoke_aks_weu", "vnet_spoke_app_weu"]) {
            assert!(c.contains("virtual_hub_id = azurerm_virtual_hub.vhub_weu.id"), "{c}");
            assert!(
                c.contains(&format!(
                    "remote_virtual_network_id = azurerm_virtual_network.{vnet}.id"
                )),
                "{c}"
            );
            assert!(
                c.contains(&format!("name = \"conn-{}\"", vnet.replace('_', "-"))),
                "{c}"
            );
            // Private routing intent only: the spokes keep their own internet egress.
            assert!(c.contains("internet_security_enabled = false"), "{c}");
        }

        let intents = blocks(vwan, "resource \"azurerm_virtual_hub_routing_intent\" ");
        assert_eq!(intents.len(), 1, "{vwan}");
        let ri = intents[0];
        assert!(ri.contains("virtual_hub_id = azurerm_virtual_hub.vhub_weu.id"), "{ri}");
        assert!(ri.contains("destinations = [\"PrivateTraffic\"]"), "{ri}");
        assert!(ri.contains("next_hop = azurerm_firewall.afw_vhub_weu.id"), "{ri}");
        assert!(!ri.contains("\"Internet\""), "{ri}");

        assert_hub_vpn(vwan);
        assert!(tf["variables.tf"].contains("variable \"vpn_shared_keys\""));

        // Nothing of a hub is written as a VNet resource.
        assert!(!tf.contains_key("connectivity.tf"), "{:?}", tf.keys());
        for vnet_only in [
            "azurerm_virtual_network_gateway",
            "azurerm_local_network_gateway",
            "azurerm_virtual_network_peering",
        ] {
            assert!(!text.contains(vnet_only), "{vnet_only} in {text}");
        }
        assert!(
            tf["outputs.tf"].contains("azurerm_firewall.afw_vhub_weu.virtual_hub[0].private_ip_address"),
            "{}",
            tf["outputs.tf"]
        );
    }
}

#[test]
fn the_starter_exports_a_secured_hub_to_bicep() {
    let design = templates::find(TEMPLATE).unwrap().load().unwrap().design;
    let bicep = files(&design, Format::Bicep);
    let main = &bicep["main.bicep"];

    let fw = blocks(main, "resource afwVhubWeu ")[0];
    assert!(fw.contains("name: 'AZFW_Hub'"), "{fw}");
    assert!(fw.contains("virtualHub: {\n      id: vhubWeu.id\n    }"), "{fw}");
    assert!(
        fw.contains("hubIPAddresses: {\n      publicIPs: {\n        count: 2"),
        "{fw}"
    );
    assert!(fw.contains("firewallPolicy: {\n      id: afwpVhubWeu.id"), "{fw}");
    assert!(!fw.contains("ipConfigurations"), "{fw}");
    assert!(!main.contains("'Microsoft.Network/publicIPAddresses@"), "{main}");

    let connections = blocks(main, "'Microsoft.Network/virtualHubs/hubVirtualNetworkConnections@");
    assert_eq!(connections.len(), 2, "{main}");
    for (c, vnet) in connections.iter().zip(["vnetSpokeAksWeu", "vnetSpokeAppWeu"]) {
        assert!(c.contains("parent: vhubWeu"), "{c}");
        assert!(
            c.contains(&format!("remoteVirtualNetwork: {{\n      id: {vnet}.id")),
            "{c}"
        );
        assert!(c.contains("enableInternetSecurity: false"), "{c}");
    }

    let intents = blocks(main, "'Microsoft.Network/virtualHubs/routingIntent@");
    assert_eq!(intents.len(), 1, "{main}");
    let ri = intents[0];
    assert!(ri.contains("parent: vhubWeu"), "{ri}");
    assert!(ri.contains("'PrivateTraffic'"), "{ri}");
    assert!(ri.contains("nextHop: afwVhubWeu.id"), "{ri}");

    assert!(main.contains("'Microsoft.Network/virtualWans@"), "{main}");
    assert!(main.contains("'Microsoft.Network/vpnGateways@"), "{main}");
    assert!(main.contains("'Microsoft.Network/vpnSites@"), "{main}");
    let conn = blocks(main, "'Microsoft.Network/vpnGateways/vpnConnections@")[0];
    assert!(conn.contains("parent: vpngVhubWeu"), "{conn}");
    assert!(
        conn.contains("id: datacentreAmsterdam.properties.vpnSiteLinks[0].id"),
        "{conn}"
    );
    assert!(conn.contains("sharedKey: vpnSharedKeys.dc"), "{conn}");
    for vnet_only in [
        "'Microsoft.Network/virtualNetworkGateways@",
        "'Microsoft.Network/localNetworkGateways@",
        "'Microsoft.Network/connections@",
    ] {
        assert!(!main.contains(vnet_only), "{vnet_only} in {main}");
    }
}

/// Internet and private routing intent, an ExpressRoute gateway in the hub and
/// a spoke route to the hub's firewall.
#[test]
fn internet_intent_expressroute_and_routes_to_the_hub_firewall() {
    let text = starter_text().replace(
        "routing_intent = \"private\"",
        "routing_intent = \"internet-and-private\"",
    ) + r#"
[expressroute_gateway.ergw]
name = "ergw-vhub-weu"
parent = "hub"
sku = "ErGw1AZ"
scale_units = 2

[on_prem.dc2]
name = "datacentre-rotterdam"
address_ranges = ["192.169.0.0/16"]
connection = "expressroute"
gateway = "ergw"

[route_table.rt]
name = "rt-apps"
parent = "spoke-app"

[[route_table.rt.routes]]
name = "to-datacentre"
prefix = "192.168.0.0/16"
next_hop = "VirtualAppliance"
next_hop_resource = "afw"
"#;
    let design = parse(&text);
    let tf = files(&design, Format::Terraform);
    let vwan = &tf["vwan.tf"];
    for c in blocks(vwan, "resource \"azurerm_virtual_hub_connection\" ") {
        assert!(c.contains("internet_security_enabled = true"), "{c}");
    }
    let ri = blocks(vwan, "resource \"azurerm_virtual_hub_routing_intent\" ")[0];
    assert!(ri.contains("destinations = [\"Internet\"]"), "{ri}");
    assert!(ri.contains("destinations = [\"PrivateTraffic\"]"), "{ri}");
    assert_eq!(
        ri.matches("next_hop = azurerm_firewall.afw_vhub_weu.id").count(),
        2,
        "{ri}"
    );

    let er = blocks(vwan, "resource \"azurerm_express_route_gateway\" ")[0];
    assert!(er.contains("virtual_hub_id = azurerm_virtual_hub.vhub_weu.id"), "{er}");
    assert!(er.contains("scale_units = 2"), "{er}");
    let erc = blocks(vwan, "resource \"azurerm_express_route_connection\" ")[0];
    assert!(
        erc.contains("express_route_gateway_id = azurerm_express_route_gateway.ergw_vhub_weu.id"),
        "{erc}"
    );
    assert!(erc.contains("var.expressroute_circuit_ids[\"dc2\"]"), "{erc}");
    assert!(tf["variables.tf"].contains("variable \"expressroute_circuit_ids\""));
    assert!(!all(&tf).contains("azurerm_virtual_network_gateway"));
    assert!(
        tf["egress.tf"]
            .contains("next_hop_in_ip_address = azurerm_firewall.afw_vhub_weu.virtual_hub[0].private_ip_address"),
        "{}",
        tf["egress.tf"]
    );

    let bicep = files(&design, Format::Bicep);
    let main = &bicep["main.bicep"];
    assert!(main.contains("enableInternetSecurity: true"), "{main}");
    assert!(main.contains("'Microsoft.Network/expressRouteGateways@"), "{main}");
    assert!(
        main.contains("'Microsoft.Network/expressRouteGateways/expressRouteConnections@"),
        "{main}"
    );
    assert!(
        main.contains("nextHopIpAddress: afwVhubWeu.properties.hubIPAddresses.privateIPAddress"),
        "{main}"
    );
    assert!(bicep["main.bicepparam"].contains("expressRouteCircuitIds"), "{bicep:?}");
}
