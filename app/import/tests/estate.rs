//! Imported means as-is: the exports of an imported design state the
//! estate's values and reference what lies outside the import instead of
//! creating it. Imports run against the local ARM server on loopback.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::collections::BTreeMap;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use netdraft_core::model::{FrontDoor, VirtualNetwork};
use netdraft_core::{Design, lint, plan};
use netdraft_export::{Format, Templates};
use netdraft_import::auth::StaticToken;
use netdraft_import::http::HttpTransport;
use netdraft_import::{AccessToken, AzureOptions, Imported, RetryPolicy, import_azure};
use serde_json::json;
use support::{AFD, OTHER_SUB, SUB, Server, hub_spoke};

fn import(server: &Server, subscriptions: &[&str]) -> Imported {
    let mut o = AzureOptions::new(url::Url::parse(&server.base).unwrap());
    o.subscriptions = subscriptions.iter().map(|s| (*s).to_owned()).collect();
    o.timeout = Duration::from_secs(5);
    o.retry = RetryPolicy {
        attempts: 2,
        base_delay: Duration::from_millis(10),
        max_delay: Duration::from_millis(50),
        max_retry_after: Duration::from_secs(1),
    };
    import_azure(
        &o,
        &HttpTransport::new().unwrap(),
        &StaticToken(AccessToken::new("token")),
        &|_| {},
        &AtomicBool::new(false),
    )
    .unwrap()
}

fn export(d: &Design, format: Format) -> BTreeMap<String, String> {
    let p = plan::plan(d);
    netdraft_export::export(d, &p, &Templates::builtin(format), &netdraft_export::plan_findings(&p))
        .unwrap()
        .into_iter()
        .map(|f| (f.path, f.contents))
        .collect()
}

fn squeeze(t: &str) -> String {
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn a_peer_outside_the_import_is_an_existing_vnet_referenced_never_created() {
    let server = Server::start();
    hub_spoke(&server);
    let Imported { design: d, report } = import(&server, &[SUB]);
    let md = report.to_markdown();
    let shared = d.spec::<VirtualNetwork>("vnet-shared").expect(&md);
    let arm = format!(
        "/subscriptions/{OTHER_SUB}/resourceGroups/rg-shared/providers/Microsoft.Network/virtualNetworks/vnet-shared"
    );
    assert!(shared.existing.as_ref().unwrap().eq_ignore_ascii_case(&arm), "{md}");
    let r = d.get("vnet-shared").unwrap();
    assert!(r.meta.resource_group.is_none());
    // The design file keeps it, and reads it back the same.
    let text = netdraft_core::file::to_toml(&d);
    let back = netdraft_core::file::parse(&text, "back").unwrap().design;
    assert_eq!(back.spec::<VirtualNetwork>("vnet-shared"), Some(shared));
    // The planner counts its address space.
    let p = plan::plan(&d);
    assert!(p.vnets.iter().any(|v| v.id.as_str() == "vnet-shared"));

    // Terraform: a data source in its own subscription, nothing created for it,
    // and only the peering direction that lives in an imported VNet.
    let tf = export(&d, Format::Terraform);
    let net = &tf["network.tf"];
    assert!(
        net.contains("data \"azurerm_virtual_network\" \"vnet_shared\""),
        "{net}"
    );
    assert!(
        !net.contains("resource \"azurerm_virtual_network\" \"vnet_shared\""),
        "{net}"
    );
    let data = squeeze(&net[net.find("data \"azurerm_virtual_network\"").unwrap()..]);
    assert!(
        data.starts_with(
            "data \"azurerm_virtual_network\" \"vnet_shared\" { provider = azurerm.sub_9c2e0a55_77aa_4b1e_9d1e_222222222222 name = \"vnet-shared\" resource_group_name = \"rg-shared\" }"
        ),
        "{data}"
    );
    let versions = squeeze(&tf["versions.tf"]);
    assert!(
        versions.contains(&format!(
            "provider \"azurerm\" {{ alias = \"sub_9c2e0a55_77aa_4b1e_9d1e_222222222222\" subscription_id = \"{OTHER_SUB}\" features {{}} }}"
        )),
        "{versions}"
    );
    assert!(
        net.contains("remote_virtual_network_id    = data.azurerm_virtual_network.vnet_shared.id"),
        "{net}"
    );
    assert!(
        !net.contains("virtual_network_name         = data.azurerm_virtual_network"),
        "{net}"
    );
    // No resource group is made up for it.
    assert!(
        !net.contains("rg-shared\n") && !net.contains("resource \"azurerm_resource_group\" \"default\""),
        "{net}"
    );

    // Bicep: `existing`, scoped to its subscription and group.
    let bicep = squeeze(&export(&d, Format::Bicep)["main.bicep"]);
    assert!(
        bicep.contains(&format!(
            "resource vnetShared 'Microsoft.Network/virtualNetworks@2025-09-01' existing = {{ name: 'vnet-shared' scope: resourceGroup('{OTHER_SUB}', 'rg-shared') }}"
        )),
        "{bicep}"
    );
    assert!(!bicep.contains("parent: vnetShared"), "{bicep}");

    // Lint says nothing about the inside of a VNet netdraft does not own.
    let findings = lint::lint(&d, &p);
    let on_shared: Vec<_> = findings
        .iter()
        .filter(|f| f.resources.iter().any(|r| r.as_str() == "vnet-shared"))
        .map(|f| format!("{} {}", f.rule, f.message))
        .collect();
    assert!(on_shared.is_empty(), "{on_shared:#?}");
}

#[test]
fn an_imported_front_door_exports_its_own_endpoints_groups_and_routes() {
    let server = Server::start();
    hub_spoke(&server);
    let ep = format!("{AFD}/afdEndpoints/ep-web");
    server.list(
        &format!("{AFD}/afdEndpoints"),
        vec![
            json!({"id": ep, "name": "ep-web", "type": "Microsoft.Cdn/profiles/afdendpoints", "location": "Global",
                    "properties": {"hostName": "ep-web-abc.z01.azurefd.net", "enabledState": "Enabled"}}),
        ],
    );
    server.list(
        &format!("{ep}/routes"),
        vec![json!({"id": format!("{ep}/routes/rt-api"), "name": "rt-api", "type": "Microsoft.Cdn/profiles/afdendpoints/routes",
                    "properties": {"originGroup": {"id": format!("{AFD}/originGroups/og-web")},
                                   "supportedProtocols": ["Https"], "patternsToMatch": ["/api/*"],
                                   "forwardingProtocol": "MatchRequest", "httpsRedirect": "Disabled",
                                   "linkToDefaultDomain": "Enabled"}})],
    );
    let Imported { design: d, report } = import(&server, &[SUB]);
    let md = report.to_markdown();
    let (_, afd) = d.all::<FrontDoor>().next().expect(&md);
    let layout = afd.layout.as_ref().expect(&md);
    assert_eq!(layout.endpoints, ["ep-web"], "{md}");
    assert_eq!(layout.routes.len(), 1, "{md}");
    assert_eq!(layout.routes[0].patterns, ["/api/*"]);
    assert_eq!(layout.origin_groups[0].name, "og-web");
    assert_eq!(
        layout.origin_groups[0]
            .origins
            .iter()
            .map(|o| o.name.as_str())
            .collect::<Vec<_>>(),
        ["agw-prod"],
        "the origin outside the import is reported, not kept: {md}"
    );

    let ingress = &export(&d, Format::Terraform)["ingress.tf"];
    let flat = squeeze(ingress);
    assert_eq!(
        ingress.matches("resource \"azurerm_cdn_frontdoor_endpoint\"").count(),
        1
    );
    assert_eq!(ingress.matches("resource \"azurerm_cdn_frontdoor_route\"").count(), 1);
    assert_eq!(
        ingress
            .matches("resource \"azurerm_cdn_frontdoor_origin_group\"")
            .count(),
        1
    );
    for x in [
        "name = \"ep-web\"",
        "name = \"og-web\"",
        "name = \"agw-prod\"",
        "name = \"rt-api\"",
        "supported_protocols = [\"Https\"]",
        "patterns_to_match = [\"/api/*\"]",
        "forwarding_protocol = \"MatchRequest\"",
        "https_redirect_enabled = false",
        "link_to_default_domain = true",
    ] {
        assert!(flat.contains(x), "{x}\n{ingress}");
    }
    for invented in ["-ep\"", "-origins\"", "-route\""] {
        assert!(!ingress.contains(invented), "{invented}\n{ingress}");
    }
    let bicep = squeeze(&export(&d, Format::Bicep)["main.bicep"]);
    assert!(
        bicep.contains("name: 'rt-api'") && bicep.contains("patternsToMatch: [ '/api/*' ]"),
        "{bicep}"
    );

    // A profile without endpoints or routes exports none.
    let mut bare = d.clone();
    let id = bare.all::<FrontDoor>().next().unwrap().0.id.clone();
    if let Some(netdraft_core::model::Resource {
        spec: netdraft_core::model::Spec::FrontDoor(f),
        ..
    }) = bare.get_mut(id.as_str())
    {
        let l = f.layout.as_mut().unwrap();
        l.endpoints.clear();
        l.routes.clear();
    }
    let ingress = &export(&bare, Format::Terraform)["ingress.tf"];
    assert!(
        !ingress.contains("azurerm_cdn_frontdoor_endpoint") && !ingress.contains("azurerm_cdn_frontdoor_route"),
        "{ingress}"
    );
    assert!(!export(&bare, Format::Bicep)["main.bicep"].contains("afdEndpoints"));
}

#[test]
fn same_named_resource_groups_of_two_subscriptions_stay_two_each_with_its_provider() {
    use netdraft_core::model::ResourceGroup;
    let server = Server::start();
    // One group name, `rg-app`, in both subscriptions, each with a VNet; a peering joins them.
    let group = |sub: &str| format!("/subscriptions/{sub}/resourceGroups/rg-app");
    let vnet_id = |sub: &str, name: &str| format!("{}/providers/Microsoft.Network/virtualNetworks/{name}", group(sub));
    let vnet = |sub: &str, name: &str, space: &str, peer: (&str, &str, &str)| {
        let id = vnet_id(sub, name);
        json!({"id": id, "name": name, "type": "Microsoft.Network/virtualNetworks", "location": "westeurope",
               "properties": {"addressSpace": {"addressPrefixes": [space]},
                   "subnets": [{"id": format!("{id}/subnets/snet-app"), "name": "snet-app",
                                "properties": {"addressPrefix": space.replace(".0.0/16", ".0.0/24")}}],
                   "virtualNetworkPeerings": [{"id": format!("{id}/virtualNetworkPeerings/{}", peer.0), "name": peer.0,
                       "properties": {"remoteVirtualNetwork": {"id": vnet_id(peer.1, peer.2)},
                                      "allowVirtualNetworkAccess": true, "peeringState": "Connected"}}]}})
    };
    for (sub, name, space, peer) in [
        (SUB, "vnet-a", "10.1.0.0/16", ("a-to-b", OTHER_SUB, "vnet-b")),
        (OTHER_SUB, "vnet-b", "10.2.0.0/16", ("b-to-a", SUB, "vnet-a")),
    ] {
        server.list(
            &format!("/subscriptions/{sub}/resourcegroups"),
            vec![json!({"id": group(sub), "name": "rg-app", "type": "Microsoft.Resources/resourceGroups", "location": "westeurope"})],
        );
        server.list(
            &format!("/subscriptions/{sub}/providers/Microsoft.Network/virtualNetworks"),
            vec![vnet(sub, name, space, peer)],
        );
    }
    let Imported { design: d, report } = import(&server, &[SUB, OTHER_SUB]);
    let md = report.to_markdown();
    let groups: Vec<(String, Option<String>)> = d
        .all::<ResourceGroup>()
        .map(|(r, g)| (r.name().to_owned(), g.subscription.clone()))
        .collect();
    assert_eq!(
        groups,
        [
            ("rg-app".to_owned(), Some(SUB.to_owned())),
            ("rg-app".to_owned(), Some(OTHER_SUB.to_owned()))
        ],
        "{md}"
    );
    let group_of = |vnet: &str| {
        let rg = d.get(vnet).unwrap().meta.resource_group.clone().unwrap();
        d.spec::<ResourceGroup>(rg.as_str())
            .unwrap()
            .subscription
            .clone()
            .unwrap()
    };
    assert_eq!(
        (group_of("vnet-a"), group_of("vnet-b")),
        (SUB.to_owned(), OTHER_SUB.to_owned())
    );
    // Lint does not call two groups of two subscriptions duplicates.
    let p = plan::plan(&d);
    assert!(
        !lint::lint(&d, &p).iter().any(|f| f.message.contains("rg-app")),
        "{:#?}",
        lint::lint(&d, &p)
    );

    // Terraform: a provider per subscription; each group, and what is in it, through its own.
    let tf = export(&d, Format::Terraform);
    let alias = |sub: &str| format!("sub_{}", sub.replace('-', "_"));
    let versions = squeeze(&tf["versions.tf"]);
    for sub in [SUB, OTHER_SUB] {
        assert!(
            versions.contains(&format!("alias = \"{}\" subscription_id = \"{sub}\"", alias(sub))),
            "{versions}"
        );
    }
    let net = squeeze(&tf["network.tf"]);
    assert_eq!(net.matches("resource \"azurerm_resource_group\"").count(), 2, "{net}");
    for (sub, vnet) in [(SUB, "vnet_a"), (OTHER_SUB, "vnet_b")] {
        assert!(
            net.contains(&format!(
                "resource \"azurerm_virtual_network\" \"{vnet}\" {{ provider = azurerm.{}",
                alias(sub)
            )),
            "{net}"
        );
    }
    // Each direction of the peering is made in its own VNet's subscription.
    assert_eq!(
        net.matches("resource \"azurerm_virtual_network_peering\"").count(),
        2,
        "{net}"
    );
    assert!(!net.contains("\"default\""), "{net}");
    // Bicep says where the groups are.
    let bicep = &export(&d, Format::Bicep)["main.bicep"];
    assert!(
        bicep.contains(&format!("rg-app in {SUB}, rg-app in {OTHER_SUB}")),
        "{bicep}"
    );
}
