//! Real ARM response bodies (the examples of Microsoft's REST API specs,
//! `tests/corpus/README.md` names each file's source, commit and
//! api-version), imported offline: every resource is imported, read as part
//! of its parent, or listed as skipped with its reason; the properties the
//! design cannot hold and the values it replaces are listed; the key values
//! are mapped.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;

use netdraft_core::Design;
use netdraft_core::model::{
    AksCluster, AksSkuTier, ApiManagement, ApimSku, ApimVnetMode, Bastion, BastionSku, Firewall, FirewallPolicy,
    FirewallTier, FrontDoor, FrontDoorSku, IdentityType, IdpsMode, IpAllocation, Kind, MonitorProtocol, NatGateway,
    NetworkModel, NextHop, Nsg, PeeringState, PrivateEndpoint, PublicIpSku, RouteTable, Subnet, SubnetPrefix,
    ThreatIntelMode, TrafficManager, TrafficRouting, VirtualNetwork, VnetPeering, VpnGateway,
};
use netdraft_import::report::Report;
use netdraft_import::{Imported, import_json};
use serde_json::{Value, json};

mod corpus_alb;
mod corpus_vwan;

const FILES: &[&str] = &[
    "vnet.json",
    "subnet.json",
    "peering.json",
    "nsg.json",
    "route-table.json",
    "nat-gateway.json",
    "public-ip.json",
    "firewall.json",
    "firewall-policy.json",
    "rule-collection-group.json",
    "private-endpoint.json",
    "private-link-service.json",
    "load-balancer.json",
    "vpn-gateway.json",
    "local-network-gateway.json",
    "vpn-connection.json",
    "bastion.json",
    "aks-cluster.json",
    "aks-agent-pool.json",
    "private-dns-zone.json",
    "dns-vnet-link.json",
    "apim.json",
    "afd-profile.json",
    "afd-endpoint.json",
    "afd-origin-group.json",
    "afd-origin.json",
    "traffic-manager.json",
    "traffic-manager-nested.json",
    "apim-vnet.json",
    "agc.json",
    "agc-association.json",
];

fn corpus(name: &str) -> String {
    let path = format!("{}/tests/corpus/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Not from the corpus: the VNets and subnets the examples refer to (each
/// example stands alone), so the resources that sit in a subnet can be placed.
fn glue() -> String {
    let vnet = |sub: &str, rg: &str, name: &str, space: &str, subnets: &[(&str, &str)]| {
        let id = format!("/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Network/virtualNetworks/{name}");
        json!({"id": id, "name": name, "type": "Microsoft.Network/virtualNetworks", "location": "westus",
               "properties": {"addressSpace": {"addressPrefixes": [space]},
                              "subnets": subnets.iter().map(|(s, p)| json!({"id": format!("{id}/subnets/{s}"), "name": s,
                                  "properties": {"addressPrefix": p}})).collect::<Vec<_>>()}})
    };
    json!([
        vnet(
            "subid",
            "rg1",
            "vnet2",
            "10.2.0.0/16",
            &[
                ("AzureFirewallSubnet", "10.2.0.0/26"),
                ("BastionHostSubnet", "10.2.1.0/26")
            ]
        ),
        vnet(
            "subid",
            "rg1",
            "vnet1",
            "10.1.0.0/16",
            &[("GatewaySubnet", "10.1.0.0/27")]
        ),
        vnet(
            "subId",
            "rg1",
            "myVnet",
            "192.168.0.0/24",
            &[("mySubnet", "192.168.0.0/24")]
        ),
        vnet("subid", "rg1", "vnetlb", "10.0.0.0/16", &[("subnetlb", "10.0.1.0/24")]),
        vnet("subid", "peerTest", "vnet1", "10.9.0.0/16", &[]),
        vnet(
            "00000000-0000-0000-0000-000000000000",
            "rgName",
            "apimcus",
            "10.3.0.0/16",
            &[("tenant", "10.3.0.0/24")]
        ),
    ])
    .to_string()
}

fn import_all() -> Imported {
    let mut files: Vec<(String, String)> = FILES.iter().map(|f| ((*f).to_owned(), corpus(f))).collect();
    files.push(("glue.json".into(), glue()));
    import_json(&files).unwrap()
}

/// Every `id` of a resource in a body: the resource and its embedded children.
fn ids(v: &Value, out: &mut Vec<String>) {
    if let Some(items) = v.get("value").and_then(Value::as_array) {
        for i in items {
            ids(i, out);
        }
        return;
    }
    if let Some(id) = v.get("id").and_then(Value::as_str) {
        out.push(id.to_ascii_lowercase());
    }
    let props = v.get("properties").unwrap_or(&Value::Null);
    for key in ["subnets", "virtualNetworkPeerings", "agentPoolProfiles"] {
        for c in props.get(key).and_then(Value::as_array).into_iter().flatten() {
            if let Some(id) = c.get("id").and_then(Value::as_str) {
                out.push(id.to_ascii_lowercase());
            } else {
                let parent = v["id"].as_str().unwrap_or_default();
                let name = c["name"].as_str().unwrap_or_default();
                out.push(format!("{parent}/agentpools/{name}").to_ascii_lowercase());
            }
        }
    }
}

fn not_modelled<'a>(r: &'a Report, name: &str) -> Vec<&'a str> {
    r.not_modelled
        .iter()
        .filter(|n| n.name == name)
        .flat_map(|n| n.paths.iter().map(String::as_str))
        .collect()
}

fn changed<'a>(r: &'a Report, name: &str, field: &str) -> &'a netdraft_import::report::Changed {
    r.changed
        .iter()
        .find(|c| c.name == name && c.field == field)
        .unwrap_or_else(|| panic!("no change of `{field}` for {name}:\n{}", r.to_markdown()))
}

fn skip_reason<'a>(r: &'a Report, id_end: &str) -> &'a str {
    r.skipped
        .iter()
        .find(|s| s.source.to_ascii_lowercase().ends_with(&id_end.to_ascii_lowercase()))
        .map_or_else(
            || panic!("{id_end} not skipped:\n{}", r.to_markdown()),
            |s| s.reason.as_str(),
        )
}

#[test]
fn every_corpus_resource_is_imported_read_with_its_parent_or_reported() {
    let Imported { design: _, report } = import_all();
    let md = report.to_markdown();
    let imported: BTreeSet<String> = report.imported.iter().map(|i| i.source.to_ascii_lowercase()).collect();
    let skipped: BTreeSet<String> = report.skipped.iter().map(|s| s.source.to_ascii_lowercase()).collect();
    for f in FILES {
        let body: Value = serde_json::from_str(&corpus(f)).unwrap();
        let mut all = Vec::new();
        ids(&body, &mut all);
        assert!(!all.is_empty(), "{f}");
        for id in all {
            let part_of_imported = {
                // Read as part of an imported parent (a rule collection group of its policy, …).
                let parts: Vec<&str> = id.split('/').collect();
                (2..parts.len())
                    .step_by(2)
                    .any(|n| imported.contains(&parts[..parts.len() - n].join("/")))
            };
            assert!(
                imported.contains(&id) || skipped.contains(&id) || part_of_imported,
                "{f}: {id} is neither imported nor reported\n{md}"
            );
        }
    }
    // No file is incomplete, none failed.
    assert!(report.failures.is_empty(), "{md}");
    // The Markdown carries every section.
    for heading in ["## Skipped", "## Changed", "## Not modelled", "## Imported"] {
        assert!(md.contains(heading), "{heading}\n{md}");
    }
    // Front Door endpoints are read with their profile, not listed as an unread type.
    assert!(!md.contains("`microsoft.cdn/profiles/afdendpoints`"), "{md}");
}

fn s<'a, T: netdraft_core::model::SpecOf + 'a>(d: &'a Design, res: &netdraft_core::model::Resource) -> &'a T {
    d.spec::<T>(res.id.as_str()).unwrap()
}

#[test]
#[allow(clippy::too_many_lines, clippy::many_single_char_names)]
fn corpus_values_are_mapped_replaced_values_and_unread_properties_reported() {
    let Imported { design: d, report: r } = import_all();
    let md = r.to_markdown();
    let spec = |name: &str| {
        d.resources()
            .find(|x| x.name() == name)
            .unwrap_or_else(|| panic!("{name}\n{md}"))
    };

    // VNet and subnet.
    let vnet = s::<VirtualNetwork>(&d, spec("test-vnet"));
    assert_eq!(vnet.address_space[0].to_string(), "10.0.0.0/16");
    let sub = s::<Subnet>(&d, d.get("test-vnet-subnet1").expect(&md));
    assert_eq!(sub.prefix, SubnetPrefix::Fixed("10.0.1.0/24".parse().unwrap()));
    assert!(
        not_modelled(&r, "test-vnet").contains(&"defaultPublicNatGateway"),
        "{md}"
    );
    assert!(skip_reason(&r, "vnetname/subnets/subnet1").contains("VNet is not in the import"));

    // Peering in state Initiated, to a VNet outside the import: held as it is
    // (its Azure name, one direction, not connected), so nothing is reported changed.
    assert_eq!(d.of_kind(Kind::VnetPeering).count(), 1);
    let peering = s::<VnetPeering>(&d, spec("peer"));
    assert_eq!(peering.state, PeeringState::Initiated);
    assert!(!peering.is_connected() && peering.reverse_name.is_none());
    assert!(!r.changed.iter().any(|c| c.name == "peer"), "{md}");
    // The peer outside the import is an existing VNet, referenced by its ARM id.
    let existing = d
        .all::<VirtualNetwork>()
        .find(|(_, v)| v.existing.as_deref().is_some_and(|e| e.contains("/peerTest/")))
        .map(|(x, _)| x)
        .expect(&md);
    assert!(existing.meta.resource_group.is_none());
    assert_eq!(
        s::<VirtualNetwork>(&d, existing).address_space[0].to_string(),
        "12.0.0.0/8"
    );

    // NSG: the rule; Azure's default rules are no value of the design.
    let nsg = s::<Nsg>(&d, spec("testnsg"));
    assert_eq!((nsg.rules.len(), nsg.rules[0].priority), (1, 130));
    assert!(not_modelled(&r, "testnsg").is_empty(), "{md}");

    // Route table.
    let rt = s::<RouteTable>(&d, spec("testrt"));
    assert_eq!(rt.routes[0].prefix.to_string(), "10.0.3.0/24");
    assert_eq!(rt.routes[0].next_hop, NextHop::VirtualNetworkGateway);

    // NAT gateway: its public IP is not in the import, its prefix not modelled.
    let nat = s::<NatGateway>(&d, spec("test-natGateway"));
    assert_eq!(nat.idle_timeout_minutes, Some(5));
    assert!(
        changed(&r, "test-natGateway", "publicIpAddresses")
            .design
            .contains("not linked")
    );
    assert!(
        not_modelled(&r, "test-natGateway").contains(&"publicIpPrefixes"),
        "{md}"
    );

    // Public IP: no sku (Basic, Azure's default) and Dynamic are held as they are.
    let pip = s::<netdraft_core::model::PublicIp>(&d, spec("testDNS-ip"));
    assert_eq!((pip.sku, pip.allocation), (PublicIpSku::Basic, IpAllocation::Dynamic));
    assert!(!r.changed.iter().any(|c| c.name == "testDNS-ip"), "{md}");
    let p = not_modelled(&r, "testDNS-ip");
    assert!(
        p.contains(&"ddosSettings") && p.contains(&"ipTags") && p.contains(&"idleTimeoutInMinutes"),
        "{p:?}"
    );

    // Firewall (classic rules are not modelled) and firewall policy (its Premium
    // tier, IDPS mode, DNS servers and threat-intel allow-list are; signature
    // overrides and explicit proxy are not).
    let fw = s::<Firewall>(&d, spec("azurefirewall"));
    assert_eq!(fw.tier, FirewallTier::Standard);
    let p = not_modelled(&r, "azurefirewall");
    for x in [
        "applicationRuleCollections",
        "natRuleCollections",
        "networkRuleCollections",
        "threatIntelMode",
    ] {
        assert!(p.contains(&x), "{x} {p:?}");
    }
    let fp = s::<FirewallPolicy>(&d, spec("firewallPolicy"));
    assert_eq!(fp.threat_intel_mode, ThreatIntelMode::Alert);
    assert!(fp.dns_proxy);
    assert_eq!(fp.tier, Some(FirewallTier::Premium));
    assert_eq!(fp.idps_mode, Some(IdpsMode::Alert));
    assert_eq!(fp.dns_servers, ["30.3.4.5".parse::<std::net::IpAddr>().unwrap()]);
    assert_eq!(
        (
            fp.threat_intel_allow_ips.as_slice(),
            fp.threat_intel_allow_fqdns.as_slice()
        ),
        (&["20.3.4.5".to_owned()][..], &["*.microsoft.com".to_owned()][..])
    );
    let tls = fp.tls_inspection.as_ref().expect(&md);
    assert_eq!(
        (
            tls.certificate_name.as_str(),
            tls.key_vault_secret_id.as_str(),
            tls.identity.as_deref()
        ),
        ("clientcert", "https://kv/secret", None)
    );
    let p = not_modelled(&r, "firewallPolicy");
    for x in ["intrusionDetection.configuration", "explicitProxy", "insights"] {
        assert!(p.contains(&x), "{x} {p:?}");
    }
    for x in [
        "intrusionDetection.mode",
        "transportSecurity",
        "sku.tier",
        "threatIntelWhitelist",
        "dnsSettings.servers",
    ] {
        assert!(!p.iter().any(|y| y.starts_with(x)), "{x} {p:?}");
    }
    assert!(skip_reason(&r, "ruleCollections/Example-Filter-Rule-Collection").contains("`Deny`"));

    // Private endpoint to the Private Link Service of the corpus; the PLS's load balancer is no AKS service.
    let pe = s::<PrivateEndpoint>(&d, spec("testPe"));
    assert_eq!(pe.target.as_str(), "testpls");
    assert_eq!(pe.static_ip, Some("192.168.0.6".parse().unwrap()));
    assert!(skip_reason(&r, "loadBalancers/lb").contains("kubernetes-internal"));
    let p = not_modelled(&r, "testPls");
    assert!(p.contains(&"autoApproval") && p.contains(&"fqdns"), "{p:?}");

    // VPN gateway and Bastion.
    let vpn = s::<VpnGateway>(&d, spec("vpngw"));
    assert_eq!(vpn.sku, "VpnGw1");
    let p = not_modelled(&r, "vpngw");
    for x in ["natRules", "vpnClientConfiguration", "customRoutes", "vpnType"] {
        assert!(p.contains(&x), "{x} {p:?}");
    }
    // The site the connection joins to it: ranges, the gateway, and the
    // example's placeholder device address reported, not kept.
    let site = spec("localgw");
    let o = s::<netdraft_core::model::OnPremises>(&d, site);
    assert_eq!(
        o.address_ranges.iter().map(ToString::to_string).collect::<Vec<_>>(),
        ["10.1.0.0/16"]
    );
    assert_eq!(o.connection, netdraft_core::model::OnPremConnection::Vpn);
    assert_eq!(o.gateway.as_ref(), Some(&spec("vpngw").id));
    assert_eq!(o.device_address, None);
    assert!(changed(&r, "localgw", "gatewayIpAddress").live.contains("x.x.x.x"));
    let p = not_modelled(&r, "connS2S");
    for x in [
        "connectionProtocol",
        "dpdTimeoutSeconds",
        "ingressNatRules",
        "gatewayCustomBgpIpAddresses",
    ] {
        assert!(p.contains(&x), "{x} {p:?}");
    }
    assert!(
        !p.contains(&"sharedKey"),
        "the shared key is a secret, never listed: {p:?}"
    );
    assert!(!md.contains("Abc123"), "no secret in the report");
    let b = s::<Bastion>(&d, spec("bastionhost'"));
    assert_eq!((b.sku, b.scale_units), (BastionSku::Standard, Some(2)));

    // AKS: kubenet, no sku (Free); pools on the AKS-managed VNet reported with their shape.
    let aks = s::<AksCluster>(&d, spec("clustername1"));
    assert_eq!(aks.network_model, NetworkModel::Kubenet);
    assert_eq!(aks.sku_tier, AksSkuTier::Free);
    assert_eq!(aks.pod_cidr.unwrap().to_string(), "10.244.0.0/16");
    let why = skip_reason(&r, "clustername1/agentpools/nodepool1");
    assert!(
        why.contains("AKS-managed VNet") && why.contains("3 × Standard_DS1_v2") && why.contains("zones 1,2,3"),
        "{why}"
    );
    assert!(skip_reason(&r, "clustername1/agentPools/agentpool1").contains("AKS-managed VNet"));
    assert_eq!(aks.dns_prefix.as_deref(), Some("dnsprefix1"));
    // Its outbound IPs are not in the import: reported, not invented.
    assert!(
        changed(&r, "clustername1", "networkProfile.loadBalancerProfile.outboundIPs")
            .design
            .contains("not linked")
    );
    // What the estate has, not the secure defaults of a new design.
    assert!(!aks.azure_policy);
    let p = not_modelled(&r, "clustername1");
    for x in ["linuxProfile", "servicePrincipalProfile", "upgradeSettings"] {
        assert!(p.contains(&x), "{x} {p:?}");
    }
    assert!(!p.contains(&"dnsPrefix"), "{p:?}");

    // Private DNS zone; its link to a VNet outside the import is reported.
    assert_eq!(d.of_kind(Kind::PrivateDnsZone).count(), 1);
    assert!(skip_reason(&r, "virtualNetworkLinks/virtualNetworkLink1").contains("not in the import"));

    // API Management.
    let apim = s::<ApiManagement>(&d, spec("OGF-Z3-06162021-Premium"));
    assert_eq!((apim.sku, apim.capacity), (ApimSku::Premium, 1));
    assert_eq!(apim.publisher_name, "Test Premium");
    // Its identity, system- and user-assigned, as it is.
    assert_eq!(apim.identity, Some(IdentityType::Both));
    assert_eq!(apim.identity_ids.len(), 1);
    assert!(apim.identity_ids[0].ends_with("/userAssignedIdentities/ogf-identity"));
    let p = not_modelled(&r, "OGF-Z3-06162021-Premium");
    assert!(
        p.contains(&"additionalLocations") && p.contains(&"customProperties"),
        "{p:?}"
    );
    assert!(!p.iter().any(|x| x.starts_with("identity")), "{p:?}");

    // Front Door: the origin matches nothing in the import; the origin group's settings are not modelled.
    let afd = s::<FrontDoor>(&d, spec("profile1"));
    assert_eq!(afd.sku, FrontDoorSku::Premium);
    // Its endpoint and origin group as they are (the group without the origin
    // that matches nothing), and no route: none was read.
    let layout = afd.layout.as_ref().unwrap();
    assert_eq!(layout.endpoints, ["endpoint1"]);
    assert_eq!(layout.origin_groups.len(), 1);
    assert_eq!(layout.origin_groups[0].name, "origingroup1");
    assert!(layout.origin_groups[0].origins.is_empty() && layout.routes.is_empty());
    assert!(skip_reason(&r, "origins/origin1").contains("host1.blob.core.windows.net"));
    assert!(
        not_modelled(&r, "origingroup1").contains(&"healthProbeSettings"),
        "{md}"
    );

    // Traffic Manager: the external endpoint, the monitor and the TTL are held.
    let tm = s::<TrafficManager>(&d, spec("azuresdkfornetautoresttrafficmanager3880"));
    assert_eq!(tm.routing, TrafficRouting::Performance);
    assert!(tm.endpoints.is_empty());
    assert_eq!(tm.external_endpoints.len(), 1);
    // Weights count for Weighted routing only, priorities for Priority: this profile is Performance.
    assert_eq!(
        (
            tm.external_endpoints[0].target.as_str(),
            tm.external_endpoints[0].weight,
            tm.external_endpoints[0].priority
        ),
        ("foobar.contoso.com", None, None)
    );
    assert_eq!(
        (tm.ttl, tm.monitor_protocol, tm.monitor_port, tm.monitor_path.as_deref()),
        (Some(35), MonitorProtocol::Http, None, Some("/testpath.aspx"))
    );
    let p = not_modelled(&r, "azuresdkfornetautoresttrafficmanager3880");
    assert!(p.contains(&"monitorConfig.intervalInSeconds"), "{p:?}");
    assert!(
        !p.contains(&"monitorConfig.path") && !p.contains(&"dnsConfig.ttl"),
        "{p:?}"
    );
    // The external endpoint's location is held: Performance routing needs it.
    assert_eq!(tm.external_endpoints[0].location.as_deref(), Some("North Europe"));
    assert!(
        !p.contains(&"endpoints[].endpointLocation")
            && !p.contains(&"endpoints[].endpointStatus")
            && !p.contains(&"profileStatus"),
        "{p:?}"
    );

    // Traffic Manager with nested profiles: each is reported, the profile's own settings held.
    let tm = s::<TrafficManager>(&d, spec("parentprofile"));
    assert_eq!(tm.routing, TrafficRouting::Priority);
    assert!(tm.endpoints.is_empty() && tm.external_endpoints.is_empty());
    // Its DNS name is the profile's own: the export writes that when the design names none.
    assert_eq!((tm.dns_name.as_deref(), tm.ttl), (None, Some(35)));
    for e in ["MyFirstNestedEndpoint", "MySecondNestedEndpoint"] {
        assert!(skip_reason(&r, &format!("nestedEndpoints/{e}")).contains("nested profile"));
    }
    let p = not_modelled(&r, "parentprofile");
    for x in [
        "monitorConfig.intervalInSeconds",
        "monitorConfig.timeoutInSeconds",
        "monitorConfig.toleratedNumberOfFailures",
        "endpoints[].minChildEndpoints",
    ] {
        assert!(p.contains(&x), "{x} {p:?}");
    }

    // API Management injected into a VNet (External), two units, its own public IP and zones.
    let (res, apim) = d
        .all::<ApiManagement>()
        .find(|(x, _)| x.name() == "apimService1")
        .unwrap();
    assert_eq!(
        (apim.sku, apim.capacity, apim.vnet_mode),
        (ApimSku::Premium, 2, ApimVnetMode::External)
    );
    assert_eq!(d.get(res.parent().unwrap().as_str()).unwrap().name(), "tenant");
    assert_eq!(apim.publisher_email, "apim@autorestsdk.com");
    assert_eq!(apim.zones, ["1", "2"]);
    // Its public IP is not in the corpus: reported, the export leaves the address to Azure.
    assert!(apim.public_ip.is_none());
    assert!(
        changed(&r, "apimService1", "publicIpAddressId")
            .live
            .contains("apimazvnet")
    );
    let p = not_modelled(&r, "apimService1");
    for x in ["customProperties", "notificationSenderEmail"] {
        assert!(p.contains(&x), "{x} {p:?}");
    }
    for x in [
        "virtualNetworkConfiguration.subnetResourceId",
        "publicIpAddressId",
        "zones",
    ] {
        assert!(!p.contains(&x), "{x} {p:?}");
    }

    // App Gateway for Containers: its association is another controller's (another subscription's).
    assert!(skip_reason(&r, "trafficControllers/tc1").contains("association"));
    assert!(skip_reason(&r, "tc1/associations/as1").contains("parent"));
}

/// The corpus cluster sets none of Azure Policy, `disableLocalAccounts`,
/// `aadProfile` or `autoUpgradeProfile`: Azure's defaults, which its export
/// states as they are, not the secure defaults of a new design.
#[test]
fn the_corpus_cluster_exports_its_own_settings_not_the_secure_defaults() {
    let Imported { design: d, report } = import_all();
    let p = netdraft_core::plan::plan(&d);
    let files = netdraft_export::export(
        &d,
        &p,
        &netdraft_export::Templates::builtin(netdraft_export::Format::Terraform),
        &netdraft_export::plan_findings(&p),
    )
    .unwrap();
    let aks = files.iter().find(|f| f.path == "aks.tf").expect("aks.tf");
    let text = aks.contents.split_whitespace().collect::<Vec<_>>().join(" ");
    let cluster = &text[text
        .find("resource \"azurerm_kubernetes_cluster\" \"clustername1\"")
        .unwrap()..];
    for x in [
        "azure_policy_enabled = false",
        "local_account_disabled = false",
        "node_os_upgrade_channel = \"NodeImage\"",
        "dns_prefix = \"dnsprefix1\"",
    ] {
        assert!(cluster.contains(x), "{x}\n{cluster}");
    }
    for invented in [
        "automatic_upgrade_channel",
        "azure_active_directory_role_based_access_control",
        "workload_identity_enabled",
        "key_vault_secrets_provider",
    ] {
        assert!(!cluster.contains(invented), "{invented}\n{cluster}");
    }
    // What the design cannot hold is listed, not silently replaced.
    assert!(
        not_modelled(&report, "clustername1").contains(&"enableRBAC"),
        "{}",
        report.to_markdown()
    );
}

/// The corpus profile routes by performance to an external endpoint in North
/// Europe: its export states the endpoint's location, which that routing needs.
#[test]
fn the_corpus_traffic_manager_exports_its_external_endpoint_location() {
    let Imported { design: d, .. } = import_all();
    let p = netdraft_core::plan::plan(&d);
    for (format, file, line) in [
        (
            netdraft_export::Format::Terraform,
            "ingress.tf",
            "endpoint_location = \"North Europe\"",
        ),
        (
            netdraft_export::Format::Bicep,
            "main.bicep",
            "endpointLocation: 'North Europe'",
        ),
    ] {
        let files = netdraft_export::export(
            &d,
            &p,
            &netdraft_export::Templates::builtin(format),
            &netdraft_export::plan_findings(&p),
        )
        .unwrap();
        let text = &files.iter().find(|f| f.path == file).expect(file).contents;
        let squeezed = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(squeezed.contains(line), "{line}\n{text}");
    }
}

/// The ingress family from its spec examples: an Application Gateway (v1
/// Standard, capacity 3, a public frontend, HTTPS listener with a TLS profile
/// and rewrite rules) and an App Gateway for Containers with its association
/// and frontend, each example in the same subscription so the children meet
/// their parent. Not from the corpus: the VNets their subnets sit in.
#[test]
#[allow(clippy::many_single_char_names)]
fn ingress_corpus_values_are_mapped_and_what_the_design_cannot_hold_is_reported() {
    use netdraft_core::model::{AppGateway, AppGatewayForContainers, AppGatewaySku};
    const INGRESS: &[&str] = &[
        "app-gateway.json",
        "agc-put.json",
        "agc-association.json",
        "agc-frontend.json",
    ];
    let vnet = |name: &str, space: &str, subnet: &str, prefix: &str| {
        let id = format!("/subscriptions/subid/resourceGroups/rg1/providers/Microsoft.Network/virtualNetworks/{name}");
        json!({"id": id, "name": name, "type": "Microsoft.Network/virtualNetworks", "location": "southcentralus",
               "properties": {"addressSpace": {"addressPrefixes": [space]},
                              "subnets": [{"id": format!("{id}/subnets/{subnet}"), "name": subnet,
                                           "properties": {"addressPrefix": prefix}}]}})
    };
    let glue = json!([
        vnet("virtualNetwork1", "10.3.0.0/16", "appgwsubnet", "10.3.0.0/24"),
        vnet("vnet-tc", "10.4.0.0/16", "tc-subnet", "10.4.0.0/24"),
    ]);
    let mut files: Vec<(String, String)> = INGRESS.iter().map(|f| ((*f).to_owned(), corpus(f))).collect();
    files.push(("glue.json".into(), glue.to_string()));
    let Imported { design: d, report: r } = import_json(&files).unwrap();
    let md = r.to_markdown();

    // Every resource of the examples is imported or read as part of its parent.
    let imported: BTreeSet<String> = r.imported.iter().map(|i| i.source.to_ascii_lowercase()).collect();
    for f in INGRESS {
        let body: Value = serde_json::from_str(&corpus(f)).unwrap();
        let id = body["id"].as_str().unwrap().to_ascii_lowercase();
        let parent = id.rsplitn(3, '/').nth(2).unwrap_or_default().to_owned();
        assert!(imported.contains(&id) || imported.contains(&parent), "{f}\n{md}");
    }
    assert!(r.failures.is_empty(), "{md}");

    // Application Gateway: SKU tier, fixed capacity, its subnet, a public
    // frontend (its public IP is the gateway's, not a resource of the design),
    // no listener host name, no WAF.
    let g = d.spec::<AppGateway>("appgw").expect(&md);
    assert_eq!(g.sku, AppGatewaySku::StandardV1);
    assert_eq!((g.min_capacity, g.max_capacity), (Some(3), Some(3)));
    assert!(g.public_frontend && g.private_ip.is_none() && g.waf_mode.is_none());
    assert!(g.hostnames.is_empty());
    assert_eq!(
        d.get("appgw").unwrap().meta.parent.as_ref().unwrap().as_str(),
        "virtualnetwork1-appgwsubnet"
    );
    // Its backend addresses lead to nothing in the import: each reported.
    assert!(g.backends.is_empty());
    for ip in ["10.0.1.1", "10.0.1.2", "10.0.0.1", "10.0.0.2"] {
        assert!(skip_reason(&r, &format!("/{ip}")).contains("neither"), "{ip}\n{md}");
    }
    // No TLS policy: the export's pinned one replaces the service default, said so.
    assert!(changed(&r, "appgw", "sslPolicy").live.contains("none"), "{md}");
    assert!(
        changed(&r, "appgw", "sku.name").live.contains("Standard_Medium"),
        "{md}"
    );
    let p = not_modelled(&r, "appgw");
    for x in [
        "sslCertificates",
        "sslProfiles",
        "trustedClientCertificates",
        "rewriteRuleSets",
        "requestRoutingRules",
        "frontendPorts",
        "httpListeners[].protocol",
        "httpListeners[].sslCertificate",
        "backendHttpSettingsCollection",
        "globalConfiguration",
    ] {
        assert!(p.contains(&x), "{x} {p:?}");
    }
    for x in [
        "sku.tier",
        "sku.capacity",
        "gatewayIPConfigurations",
        "frontendIPConfigurations[].publicIPAddress",
        "backendAddressPools",
    ] {
        assert!(!p.iter().any(|y| y.starts_with(x)), "{x} {p:?}");
    }

    // App Gateway for Containers: in the association's delegated subnet, with
    // its frontend; bring-your-own (Azure does not say which cluster programs it).
    let a = d.spec::<AppGatewayForContainers>("tc1").expect(&md);
    assert_eq!(a.frontends, ["fe1"]);
    assert!(a.cluster.is_none() && a.hostnames.is_empty() && !a.backend_tls);
    assert_eq!(
        d.get("tc1").unwrap().meta.parent.as_ref().unwrap().as_str(),
        "vnet-tc-tc-subnet"
    );
    let p = not_modelled(&r, "tc1");
    assert!(
        p.contains(&"securityPolicies") && p.contains(&"securityPolicyConfigurations"),
        "{p:?}"
    );
    assert!(
        not_modelled(&r, "fe1").is_empty() && not_modelled(&r, "as1").is_empty(),
        "{md}"
    );
    // What the cluster holds is said not to be imported only when a cluster is.
    assert!(!md.contains("cert-manager issuers"), "{md}");
}
