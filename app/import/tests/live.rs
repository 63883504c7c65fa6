//! Live import against a local ARM server on loopback, through the real
//! HTTP transport: paging, throttling, retries, failures reported, the round
//! trip to a design that plans and lints cleanly and exports Terraform.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::sync::Mutex;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use netdraft_core::model::{Kind, NetworkModel, NextHop, VnetRole};
use netdraft_core::{Design, lint, plan};
use netdraft_import::auth::StaticToken;
use netdraft_import::http::HttpTransport;
use netdraft_import::{AccessToken, AzureOptions, Imported, RetryPolicy, import_azure};
use support::{Fault, SUB, Server, hub_spoke, list_path, resource_inventory};

const TOKEN: &str = "fake-token-7f3a9c1e-do-not-leak";

fn options(server: &Server) -> AzureOptions {
    let mut o = AzureOptions::new(url::Url::parse(&server.base).unwrap());
    o.subscriptions = vec![SUB.to_owned()];
    o.timeout = Duration::from_millis(800);
    o.retry = RetryPolicy {
        attempts: 3,
        base_delay: Duration::from_millis(50),
        max_delay: Duration::from_millis(200),
        max_retry_after: Duration::from_secs(5),
    };
    o
}

fn run(_server: &Server, o: &AzureOptions) -> (Imported, Vec<String>) {
    let lines = Mutex::new(Vec::new());
    let progress = |p: &netdraft_import::Progress| lines.lock().unwrap().push(p.message.clone());
    let imported = import_azure(
        o,
        &HttpTransport::new().unwrap(),
        &StaticToken(AccessToken::new(TOKEN)),
        &progress,
        &AtomicBool::new(false),
    )
    .unwrap();
    (imported, lines.into_inner().unwrap())
}

fn id_named(d: &Design, kind: Kind, name: &str) -> String {
    d.of_kind(kind)
        .find(|r| r.name() == name)
        .unwrap_or_else(|| panic!("no {kind:?} named {name}"))
        .id
        .to_string()
}

#[test]
#[allow(clippy::too_many_lines)]
fn hub_spoke_subscription_under_real_conditions_imports_plans_lints_and_exports() {
    let server = Server::start();
    hub_spoke(&server);
    server.fault(&list_path("Microsoft.Network/routeTables"), Fault::ThrottleOnce);
    server.fault(
        &list_path("Microsoft.Network/networkSecurityGroups"),
        Fault::ServerErrorOnce,
    );
    server.fault(&list_path("Microsoft.Cdn/profiles"), Fault::Forbidden);
    server.fault(&list_path("Microsoft.Network/trafficmanagerprofiles"), Fault::Malformed);
    server.fault(
        &list_path("Microsoft.ApiManagement/service"),
        Fault::Slow(Duration::from_secs(3)),
    );
    let started = Instant::now();
    let (Imported { design: d, report }, progress) = run(&server, &options(&server));
    let md = report.to_markdown();

    // Paging: the VNet list (3 items, pages of 2) was read in two requests.
    assert_eq!(server.hits(&list_path("Microsoft.Network/virtualNetworks")), 2);
    // Throttled once, honoured Retry-After: 1, then read.
    assert_eq!(server.hits(&list_path("Microsoft.Network/routeTables")), 2);
    assert!(started.elapsed() >= Duration::from_secs(1));
    // 503 once, retried.
    assert_eq!(server.hits(&list_path("Microsoft.Network/networkSecurityGroups")), 2);
    assert!(report.retries >= 2, "{md}");
    // 403 reported with the role and scope; malformed and slow reported; the rest imported.
    let failed: Vec<&str> = report.failures.iter().map(|f| f.what.as_str()).collect();
    assert_eq!(report.failures.len(), 3, "{md}");
    let forbidden = report
        .failures
        .iter()
        .find(|f| f.what.starts_with("Front Door"))
        .expect(&md);
    assert!(
        forbidden.message.contains("403") && forbidden.message.contains("Reader"),
        "{md}"
    );
    assert!(forbidden.message.contains(&format!("/subscriptions/{SUB}")), "{md}");
    assert!(failed.iter().any(|f| f.starts_with("Traffic Manager")), "{md}");
    let slow = report
        .failures
        .iter()
        .find(|f| f.what.starts_with("API Management"))
        .expect(&md);
    assert!(slow.message.contains("timed out"), "{md}");
    assert!(!progress.is_empty());

    // Only GETs, all with the bearer token, all to this server.
    let seen = server.seen();
    assert!(seen.iter().all(|s| s.method == "GET"), "{seen:?}");
    assert!(
        seen.iter()
            .all(|s| s.authorization.as_deref() == Some(&format!("Bearer {TOKEN}")[..]))
    );
    // The token is in no output.
    assert!(!md.contains(TOKEN) && !format!("{report:?}").contains(TOKEN));

    // Mapping.
    let hub = id_named(&d, Kind::VirtualNetwork, "vnet-hub");
    let spoke1 = id_named(&d, Kind::VirtualNetwork, "vnet-spoke1");
    let vn = |id: &str| d.spec::<netdraft_core::model::VirtualNetwork>(id).unwrap().role;
    assert_eq!(vn(&hub), VnetRole::Hub);
    assert_eq!(vn(&spoke1), VnetRole::Spoke);
    assert_eq!(vn(&id_named(&d, Kind::VirtualNetwork, "vnet-spoke2")), VnetRole::Spoke);
    assert_eq!(
        d.get(&hub).unwrap().meta.parent.as_ref().unwrap().as_str(),
        "westeurope"
    );
    let nodes = d
        .get("vnet-spoke1-snet-nodes")
        .expect("subnet id from VNet and subnet names");
    let sn = nodes.as_spec::<netdraft_core::model::Subnet>().unwrap();
    assert_eq!(
        sn.route_table.as_ref().unwrap().as_str(),
        "rt-spoke1",
        "case-insensitive id resolution"
    );
    assert_eq!(sn.nsg.as_ref().unwrap().as_str(), "nsg-spoke1");
    let rt = d.spec::<netdraft_core::model::RouteTable>("rt-spoke1").unwrap();
    assert_eq!(rt.routes[0].next_hop, NextHop::VirtualAppliance);
    assert_eq!(rt.routes[0].next_hop_resource.as_ref().unwrap().as_str(), "afw-hub");
    let aks = d.spec::<netdraft_core::model::AksCluster>("aks-prod").unwrap();
    assert_eq!(aks.network_model, NetworkModel::Overlay);
    let pools: Vec<_> = d.all::<netdraft_core::model::NodePool>().collect();
    assert_eq!(pools.len(), 2);
    assert!(pools.iter().all(|(r, p)| p.cluster.as_str() == "aks-prod"
        && r.meta.parent.as_ref().unwrap().as_str() == "vnet-spoke1-snet-nodes"));
    assert!(d.get("aks-prod-system").is_some());
    let peerings: Vec<_> = d.all::<netdraft_core::model::VnetPeering>().collect();
    assert_eq!(
        peerings.len(),
        3,
        "hub-spoke1, hub-spoke2 (both ways merged), spoke2-shared"
    );
    assert!(peerings.iter().any(|(_, p)| p.from.as_str() == hub
        && p.to.as_str() == spoke1
        && p.allow_gateway_transit
        && p.use_remote_gateways));
    let shared = d
        .spec::<netdraft_core::model::VirtualNetwork>("vnet-shared")
        .expect("the cross-subscription peer, as an existing VNet");
    assert!(
        shared
            .existing
            .as_ref()
            .unwrap()
            .ends_with("/virtualNetworks/vnet-shared")
    );
    let pe = d.all::<netdraft_core::model::PrivateEndpoint>().next().unwrap().1;
    assert_eq!(pe.target.as_str(), "stprod");
    assert_eq!(
        pe.dns_zone.as_ref().unwrap().as_str(),
        "privatelink-blob-core-windows-net"
    );
    let zone = d
        .spec::<netdraft_core::model::PrivateDnsZone>("privatelink-blob-core-windows-net")
        .unwrap();
    assert_eq!(zone.links.len(), 3);
    assert_eq!(d.of_kind(Kind::VpnGateway).count(), 1);
    assert_eq!(d.of_kind(Kind::Bastion).count(), 1);
    // The NSG rule with two source prefixes is skipped and reported.
    assert!(
        report
            .skipped
            .iter()
            .any(|s| s.source.ends_with("securityRules/allow-mgmt")),
        "{md}"
    );
    // Firewall policy rules: allow filter collections in priority order (the
    // platform group first); DNAT, Deny, IP-group and FQDN-tag rules are reported.
    let fwp = d.spec::<netdraft_core::model::FirewallPolicy>("afwp-hub").unwrap();
    let names: Vec<&str> = fwp.rules.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["ntp", "aks-network-ntp", "ubuntu-ntp", "mcr"], "{md}");
    assert_eq!(fwp.rules[0].destinations, ["168.63.129.16"]);
    assert_eq!(fwp.rules[0].protocols, ["UDP", "TCP"]);
    assert_eq!(fwp.rules[2].destinations, ["ntp.ubuntu.com"]);
    assert_eq!(fwp.rules[3].kind, netdraft_core::model::FirewallRuleKind::Application);
    assert_eq!(fwp.rules[3].ports, ["Https:443"]);
    for (at, why) in [
        ("ruleCollections/dnat-in", "DNAT"),
        ("ruleCollections/deny-bad", "`Deny`"),
        ("rules/to-shared", "IP groups"),
        // An AKS FQDN-tag rule from the whole spoke, not from a cluster's subnets.
        ("rules/aks-tag", "matches the subnets of no imported cluster"),
    ] {
        assert!(
            report
                .skipped
                .iter()
                .any(|s| s.source.ends_with(at) && s.reason.contains(why)),
            "{at}: {md}"
        );
    }
    // No canvas positions: the scene lays it out.
    assert!(d.resources().all(|r| r.meta.at.is_none()));

    // Round trip: plans with no overlaps, lints with no errors, exports Terraform that parses.
    let p = plan::plan(&d);
    assert!(!p.has_errors(), "{:#?}", p.issues);
    let findings = lint::lint(&d, &p);
    let blocking: Vec<_> = findings
        .iter()
        .filter(|f| f.is_blocking())
        .map(|f| format!("{} {}", f.rule, f.message))
        .collect();
    assert!(blocking.is_empty(), "{blocking:#?}");
    let text = netdraft_core::file::to_toml(&d);
    let again = netdraft_core::file::parse(&text, "imported.netdraft.toml").unwrap();
    assert_eq!(again.design.len(), d.len());
    let files = netdraft_export::export(
        &d,
        &p,
        &netdraft_export::Templates::builtin(netdraft_export::Format::Terraform),
        &netdraft_export::plan_findings(&p),
    )
    .unwrap();
    let mut tf = 0;
    for f in files
        .iter()
        .filter(|f| std::path::Path::new(&f.path).extension().is_some_and(|e| e == "tf"))
    {
        hcl::parse(&f.contents).unwrap_or_else(|e| panic!("{}: {e}", f.path));
        tf += 1;
    }
    assert!(tf >= 3);
    let network = files.iter().find(|f| f.path == "network.tf").unwrap();
    assert!(network.contents.contains("vnet-hub"));
}

#[test]
fn cancelling_stops_the_import() {
    let server = Server::start();
    hub_spoke(&server);
    server.fault(
        &list_path("Microsoft.Network/routeTables"),
        Fault::Slow(Duration::from_secs(5)),
    );
    let mut o = options(&server);
    o.timeout = Duration::from_secs(10);
    let cancel = AtomicBool::new(false);
    let progress = |_: &netdraft_import::Progress| cancel.store(true, std::sync::atomic::Ordering::Relaxed);
    let started = Instant::now();
    let r = import_azure(
        &o,
        &HttpTransport::new().unwrap(),
        &StaticToken(AccessToken::new(TOKEN)),
        &progress,
        &cancel,
    );
    assert!(matches!(r, Err(netdraft_import::ImportError::Cancelled)), "{r:?}");
    assert!(started.elapsed() < Duration::from_secs(8));
}

#[test]
fn without_subscriptions_every_readable_one_is_imported() {
    let server = Server::start();
    hub_spoke(&server);
    server.list(
        "/subscriptions",
        vec![serde_json::json!({"id": format!("/subscriptions/{SUB}"), "subscriptionId": SUB, "displayName": "prod"})],
    );
    let mut o = options(&server);
    o.subscriptions.clear();
    let (imported, _) = run(&server, &o);
    assert!(imported.design.get("vnet-hub").is_some());
    assert!(imported.report.sources.iter().any(|s| s.contains(SUB)));
}

#[test]
fn resource_group_filter_keeps_only_those_groups() {
    let server = Server::start();
    hub_spoke(&server);
    let mut o = options(&server);
    o.resource_groups = vec!["RG-HUB".into(), "rg-gone".into()];
    let (imported, _) = run(&server, &o);
    let d = imported.design;
    // Listed at resource-group scope only: the server did the filtering.
    let seen = server.seen();
    assert!(seen.len() > 15);
    for s in &seen {
        let p = s.path.to_ascii_lowercase();
        assert!(
            p.starts_with(&format!("/subscriptions/{SUB}/resourcegroups/rg-hub"))
                || p.starts_with(&format!("/subscriptions/{SUB}/resourcegroups/rg-gone")),
            "{}",
            s.path
        );
    }
    assert!(
        seen.iter().any(|s| s.path
            == format!("/subscriptions/{SUB}/resourceGroups/RG-HUB/providers/Microsoft.Network/virtualNetworks"))
    );
    // A group that does not exist is reported once, naming no CLI flag (the designer shows it too).
    let gone = imported
        .report
        .failures
        .iter()
        .find(|f| f.what.contains("rg-gone"))
        .expect("rg-gone reported");
    assert_eq!(
        gone.message,
        "resource group `rg-gone` not found in any subscription read; check its name"
    );
    // Nothing is listed in a group that was not found.
    assert!(!seen.iter().any(|s| s.path.contains("rg-gone/")), "{seen:?}");
    assert_eq!(imported.report.failures.len(), 1, "{:?}", imported.report.failures);
    assert_eq!(d.of_kind(Kind::VpnGateway).count(), 1);
    assert!(d.get("vnet-hub").is_some());
    assert!(
        d.spec::<netdraft_core::model::VirtualNetwork>("vnet-spoke1")
            .unwrap()
            .existing
            .is_some()
    );
    assert!(d.get("aks-prod").is_none());
}

#[test]
fn resource_groups_in_different_subscriptions_are_each_found_once() {
    use support::OTHER_SUB;
    let server = Server::start();
    hub_spoke(&server);
    let shared = format!("/subscriptions/{OTHER_SUB}/resourceGroups/rg-shared");
    server.list(
        &format!("/subscriptions/{OTHER_SUB}/resourcegroups"),
        vec![serde_json::json!({"id": shared, "name": "rg-shared", "type": "Microsoft.Resources/resourceGroups", "location": "westeurope"})],
    );
    server.list(
        &format!("/subscriptions/{OTHER_SUB}/providers/Microsoft.Network/virtualNetworks"),
        vec![serde_json::json!({
            "id": format!("{shared}/providers/Microsoft.Network/virtualNetworks/vnet-shared"), "name": "vnet-shared",
            "type": "Microsoft.Network/virtualNetworks", "location": "westeurope",
            "properties": {"addressSpace": {"addressPrefixes": ["10.50.0.0/16"]}, "subnets": []}})],
    );
    let mut o = options(&server);
    o.subscriptions = vec![SUB.to_owned(), OTHER_SUB.to_owned()];
    o.resource_groups = vec!["rg-hub".into(), "rg-shared".into(), "rg-gone".into()];
    let (Imported { design: d, report }, _) = run(&server, &o);
    let md = report.to_markdown();
    // rg-hub is in one subscription, rg-shared in the other: neither is a
    // failure; rg-gone is in none, reported once.
    assert!(d.get("vnet-hub").is_some() && d.get("vnet-shared").is_some(), "{md}");
    assert_eq!(report.failures.len(), 1, "{md}");
    assert_eq!(report.failures[0].what, "resource group rg-gone", "{md}");
    assert!(
        report.failures[0]
            .message
            .contains("not found in any subscription read"),
        "{md}"
    );
    // Lists run only where the group is.
    let seen = server.seen();
    let listed = |sub: &str, rg: &str| {
        let prefix = format!("/subscriptions/{sub}/resourcegroups/{rg}/").to_ascii_lowercase();
        seen.iter().any(|s| s.path.to_ascii_lowercase().starts_with(&prefix))
    };
    assert!(listed(SUB, "rg-hub") && listed(OTHER_SUB, "rg-shared"));
    assert!(!listed(OTHER_SUB, "rg-hub") && !listed(SUB, "rg-shared"), "{seen:?}");
}

#[test]
fn a_resource_group_filter_reads_the_services_in_the_clusters_node_resource_group() {
    use netdraft_core::model::{K8sService, PrivateLinkService};
    use support::NODE_RG;
    let server = Server::start();
    hub_spoke(&server);
    let node_rg = format!("/subscriptions/{SUB}/resourceGroups/{NODE_RG}");
    let fe = format!(
        "{node_rg}/providers/Microsoft.Network/loadBalancers/kubernetes-internal/frontendIPConfigurations/a3f9c1d2e4b5f60718293a4b5c6d7e8f"
    );
    server.list(
        &list_path("Microsoft.Network/privateLinkServices"),
        vec![serde_json::json!({
            "id": format!("{node_rg}/providers/Microsoft.Network/privateLinkServices/pls-web"), "name": "pls-web",
            "type": "Microsoft.Network/privateLinkServices", "location": "westeurope",
            "tags": {"k8s-azure-owner-service": "shop/web"},
            "properties": {"loadBalancerFrontendIpConfigurations": [{"id": fe}],
                "ipConfigurations": [{"name": "ip1", "properties": {"subnet": {"id": format!(
                    "/subscriptions/{SUB}/resourceGroups/rg-spoke1/providers/Microsoft.Network/virtualNetworks/vnet-spoke1/subnets/snet-pe")}}}]}})],
    );
    let mut o = options(&server);
    o.resource_groups = vec!["rg-spoke1".into()];
    let (Imported { design: d, report }, _) = run(&server, &o);
    let md = report.to_markdown();
    assert!(report.failures.is_empty(), "{md}");
    // The internal LoadBalancer service and the Private Link Service AKS made, from the node group.
    let (_, svc) = d.all::<K8sService>().next().expect(&md);
    assert_eq!(svc.cluster.as_str(), "aks-prod");
    assert_eq!(svc.static_ip, Some(support::ILB_IP.parse().unwrap()));
    let (_, pls) = d.all::<PrivateLinkService>().next().expect(&md);
    assert!(pls.load_balancer.is_some(), "{md}");
    assert!(
        report
            .sources
            .iter()
            .any(|s| s.contains(NODE_RG) && s.contains("aks-prod")),
        "{md}"
    );
    // Only its load balancers, Private Link Services and public IPs are read there, at group scope.
    let mut in_node_rg: Vec<String> = server
        .seen()
        .iter()
        .map(|s| s.path.clone())
        .filter(|p| p.to_ascii_lowercase().contains(&NODE_RG.to_ascii_lowercase()))
        .collect();
    in_node_rg.sort();
    assert_eq!(
        in_node_rg,
        [
            format!("{node_rg}/providers/Microsoft.Network/loadBalancers"),
            format!("{node_rg}/providers/Microsoft.Network/privateLinkServices"),
            format!("{node_rg}/providers/Microsoft.Network/publicIPAddresses"),
        ],
        "{md}"
    );
    // Still not a design resource group.
    assert!(d.of_kind(Kind::ResourceGroup).all(|g| g.name() != NODE_RG), "{md}");
}

#[test]
fn list_subscriptions_follows_pages_sorts_by_name_and_names_the_role_when_denied() {
    let server = Server::start();
    let sub = |id: &str, name: &str, state: &str| {
        serde_json::json!({"id": format!("/subscriptions/{id}"), "subscriptionId": id, "displayName": name,
                           "state": state, "tenantId": "72f988bf-86f1-41af-91ab-2d7cd011db47"})
    };
    // Three subscriptions in pages of two: two requests.
    server.list(
        "/subscriptions",
        vec![
            sub(SUB, "prod", "Enabled"),
            sub(support::OTHER_SUB, "Connectivity", "Enabled"),
            sub("5d3b1e0a-0000-4c6e-8f00-333333333333", "sandbox", "Disabled"),
        ],
    );
    let o = options(&server);
    let token = StaticToken(AccessToken::new(TOKEN));
    let transport = HttpTransport::new().unwrap();
    let cancel = AtomicBool::new(false);
    let subs = netdraft_import::list_subscriptions(&o, &transport, &token, &cancel).unwrap();
    let names: Vec<&str> = subs.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Connectivity", "prod", "sandbox"]);
    assert_eq!(subs[1].id, SUB);
    assert_eq!(subs[2].state, "Disabled");
    assert_eq!(server.hits("/subscriptions"), 2);
    assert!(
        server
            .seen()
            .iter()
            .all(|s| s.method == "GET" && s.authorization.as_deref() == Some(&format!("Bearer {TOKEN}")[..]))
    );

    let denied = Server::start();
    denied.fault("/subscriptions", Fault::Forbidden);
    let e = netdraft_import::list_subscriptions(&options(&denied), &transport, &token, &cancel).unwrap_err();
    let msg = e.to_string();
    assert!(matches!(e, netdraft_import::ImportError::NoSubscriptions(_)), "{e:?}");
    assert!(
        msg.contains("403") && msg.contains("Reader role") && msg.contains("AuthorizationFailed"),
        "{msg}"
    );
    assert!(!msg.contains(TOKEN) && !format!("{e:?}").contains(TOKEN));

    // Cancelled before it starts: no request is sent.
    let idle = Server::start();
    let e = netdraft_import::list_subscriptions(&options(&idle), &transport, &token, &AtomicBool::new(true));
    assert!(matches!(e, Err(netdraft_import::ImportError::Cancelled)), "{e:?}");
    assert!(idle.seen().is_empty());
}

#[test]
fn resource_graph_reads_the_group_scoped_types_in_pages_and_waits_when_throttled() {
    let server = Server::start();
    hub_spoke(&server);
    support::graph_rows(&server);
    server.fault(support::GRAPH, Fault::ThrottleOnce);
    let mut o = options(&server);
    o.resource_graph = true;
    let started = Instant::now();
    let (Imported { design: d, report }, _) = run(&server, &o);
    let md = report.to_markdown();
    assert!(report.failures.is_empty(), "{md}");

    // 429 (Retry-After: 1) then two pages of two and one rows, chained by $skipToken.
    let posts: Vec<_> = server.seen().into_iter().filter(|s| s.method == "POST").collect();
    assert_eq!(posts.len(), 3, "{posts:?}");
    assert!(started.elapsed() >= Duration::from_secs(1));
    assert!(
        posts
            .iter()
            .all(|p| p.path == "/providers/Microsoft.ResourceGraph/resources")
    );
    let bodies: Vec<serde_json::Value> = posts.iter().map(|p| serde_json::from_str(&p.body).unwrap()).collect();
    assert!(bodies[1]["options"].get("$skipToken").is_none());
    assert!(bodies[2]["options"]["$skipToken"].is_string());
    assert_eq!(bodies[1]["subscriptions"], serde_json::json!([SUB]));
    assert_eq!(bodies[1]["options"]["resultFormat"], "objectArray");
    let query = bodies[1]["query"].as_str().unwrap();
    assert!(
        query.contains("project id") && query.contains("microsoft.network/virtualnetworkgateways"),
        "{query}"
    );
    // No per-resource-group gateway lists; every request carried the token.
    let seen = server.seen();
    assert!(
        !seen
            .iter()
            .any(|s| s.path.contains("virtualNetworkGateways") || s.path.ends_with("trafficControllers"))
    );
    assert!(
        seen.iter()
            .all(|s| s.authorization.as_deref() == Some(&format!("Bearer {TOKEN}")[..]))
    );

    // The rows map like REST ones.
    assert_eq!(d.of_kind(Kind::VpnGateway).count(), 1);
    let er = d.spec::<netdraft_core::model::ExpressRouteGateway>("ergw-hub").unwrap();
    assert_eq!(er.sku, "ErGw1AZ");
    let agc = d.get("agc-prod").expect(&md);
    assert_eq!(agc.meta.parent.as_ref().unwrap().as_str(), "vnet-spoke1-snet-pe");
}

/// Runs the round trip on an imported design: it plans with no errors, lints
/// with no blocking finding, saves and parses, and exports Terraform that parses.
fn round_trip(d: &Design) {
    let p = plan::plan(d);
    assert!(!p.has_errors(), "{:#?}", p.issues);
    let blocking: Vec<_> = lint::lint(d, &p)
        .iter()
        .filter(|f| f.is_blocking())
        .map(|f| format!("{} {}", f.rule, f.message))
        .collect();
    assert!(blocking.is_empty(), "{blocking:#?}");
    let again = netdraft_core::file::parse(&netdraft_core::file::to_toml(d), "imported.netdraft.toml").unwrap();
    assert_eq!(again.design.len(), d.len());
    let files = netdraft_export::export(
        d,
        &p,
        &netdraft_export::Templates::builtin(netdraft_export::Format::Terraform),
        &netdraft_export::plan_findings(&p),
    )
    .unwrap();
    for f in files
        .iter()
        .filter(|f| std::path::Path::new(&f.path).extension().is_some_and(|e| e == "tf"))
    {
        hcl::parse(&f.contents).unwrap_or_else(|e| panic!("{}: {e}", f.path));
    }
}

#[test]
#[allow(clippy::too_many_lines)]
fn front_door_app_gateway_and_api_management_relations_are_read_and_mapped() {
    use netdraft_core::model::{ApiManagement, AppGateway, FrontDoor, FrontDoorSku, K8sService, WafMode};
    let server = Server::start();
    hub_spoke(&server);
    let (Imported { design: d, report }, _) = run(&server, &options(&server));
    let md = report.to_markdown();
    assert!(report.failures.is_empty(), "{md}");

    // The internal LoadBalancer service of aks-prod, from `kubernetes-internal` in its node group.
    let (svc_res, svc) = d.all::<K8sService>().next().expect(&md);
    assert_eq!(d.all::<K8sService>().count(), 1);
    assert_eq!(svc.cluster.as_str(), "aks-prod");
    assert!(svc.internal);
    assert_eq!(svc.static_ip, Some(support::ILB_IP.parse().unwrap()));
    assert_eq!(svc.ports, [80]);
    assert_eq!(svc_res.meta.parent.as_ref().unwrap().as_str(), "vnet-spoke1-snet-nodes");
    let svc_id = svc_res.id.clone();
    // The node resource group is AKS's, not a design group.
    assert!(
        d.of_kind(Kind::ResourceGroup).all(|g| g.name() != support::NODE_RG),
        "{md}"
    );

    // App Gateway: pool-web's address is the service; pool-legacy's FQDN is reported.
    let agw = d.spec::<AppGateway>("agw-prod").expect(&md);
    assert_eq!(agw.backends, std::slice::from_ref(&svc_id));
    assert_eq!(agw.waf_mode, Some(WafMode::Prevention));
    assert!(
        report
            .skipped
            .iter()
            .any(|s| s.kind == "Application Gateway backend address"
                && s.source
                    .ends_with("backendAddressPools/pool-legacy/legacy.contoso.example")
                && s.reason.contains("API Management")),
        "{md}"
    );

    // API Management: the orders backend URL is the service; the partner's host is reported.
    let apim = d.spec::<ApiManagement>("apim-prod").expect(&md);
    assert_eq!(apim.backends, [svc_id]);
    assert!(
        report
            .skipped
            .iter()
            .any(|s| s.source.ends_with("/backends/partner") && s.reason.contains("`api.partner.example`")),
        "{md}"
    );
    assert!(!md.contains("backends are not read"), "{md}");

    // Front Door Premium: the origin by the App Gateway's public IP FQDN is the
    // gateway; the App Service origin is reported; WAF mode from the policy by id.
    let afd = d.spec::<FrontDoor>("afd-prod").expect(&md);
    assert_eq!(afd.sku, FrontDoorSku::Premium);
    assert_eq!(
        afd.origins.iter().map(netdraft_core::Id::as_str).collect::<Vec<_>>(),
        ["agw-prod"]
    );
    assert_eq!(afd.waf_mode, Some(WafMode::Prevention));
    assert!(!afd.private_link);
    assert!(
        report.skipped.iter().any(|s| s.kind == "Front Door origin"
            && s.source.ends_with("/origins/legacy-web")
            && s.reason.contains("legacy-web.azurewebsites.net")),
        "{md}"
    );
    assert!(!md.contains("origin groups and WAF policies are not read"), "{md}");
    // Read as child lists and one GET by id: GETs only.
    let seen = server.seen();
    assert!(seen.iter().all(|s| s.method == "GET"));
    for path in [
        format!("{}/originGroups", support::AFD),
        format!("{}/originGroups/og-web/origins", support::AFD),
        format!("{}/securityPolicies", support::AFD),
        support::AFD_WAF.to_owned(),
    ] {
        assert_eq!(server.hits(&path), 1, "{path}");
    }

    round_trip(&d);
}

#[test]
fn a_child_list_or_waf_policy_that_fails_is_reported_and_the_rest_imported() {
    use netdraft_core::model::{ApiManagement, FrontDoor};
    let server = Server::start();
    hub_spoke(&server);
    server.fault(support::AFD_WAF, Fault::Forbidden);
    server.fault(
        &format!("{}/originGroups/og-web/origins", support::AFD),
        Fault::ServerErrorOnce,
    );
    server.fault(
        &format!(
            "/subscriptions/{SUB}/resourceGroups/rg-spoke1/providers/Microsoft.ApiManagement/service/apim-prod/backends"
        ),
        Fault::Malformed,
    );
    let (Imported { design: d, report }, _) = run(&server, &options(&server));
    let md = report.to_markdown();
    // The 503 on the origins was retried; the 403 and the malformed page are reported.
    let afd = d.spec::<FrontDoor>("afd-prod").expect(&md);
    assert_eq!(afd.origins.len(), 1, "{md}");
    assert_eq!(afd.waf_mode, None, "{md}");
    assert_eq!(report.failures.len(), 2, "{md}");
    let waf = report
        .failures
        .iter()
        .find(|f| f.what.starts_with("WAF policy wafprod"))
        .expect(&md);
    assert!(waf.message.contains("403") && waf.message.contains("Reader"), "{md}");
    assert!(report.notes.iter().any(|n| n.contains("mode is unknown")), "{md}");
    assert!(
        report.failures.iter().any(|f| f.what == "backends of apim-prod"),
        "{md}"
    );
    assert!(d.spec::<ApiManagement>("apim-prod").unwrap().backends.is_empty());
    round_trip(&d);
}

#[test]
fn resources_of_types_not_read_are_listed_by_type_and_counted_as_skipped() {
    let server = Server::start();
    hub_spoke(&server);
    resource_inventory(&server);
    let (Imported { report, .. }, _) = run(&server, &options(&server));
    let md = report.to_markdown();
    // The generic list was read in pages (5 items, pages of 2): 3 requests, GET only.
    assert_eq!(server.hits(&format!("/subscriptions/{SUB}/resources")), 3, "{md}");
    let not_read: Vec<(&str, &str)> = report
        .skipped
        .iter()
        .filter(|s| s.reason == netdraft_import::report::TYPE_NOT_READ)
        .map(|s| (s.kind.as_str(), s.source.rsplit('/').next().unwrap()))
        .collect();
    assert_eq!(
        not_read,
        [
            ("Microsoft.Web/sites", "app-orders"),
            ("Microsoft.Web/serverFarms", "plan-orders"),
            ("Microsoft.Web/sites", "app-billing"),
            ("Microsoft.Compute/virtualMachineScaleSets", "aks-system-12345678-vmss"),
        ],
        "{md}"
    );
    // The VNet it lists is imported, not reported again.
    assert!(!report.skipped.iter().any(|s| s.source.ends_with("vnet-hub")), "{md}");
    assert!(
        md.contains("- `microsoft.web/sites` (2): `app-orders`, `app-billing`"),
        "{md}"
    );
    assert!(
        md.contains("resource inventory: 5 resources listed in the scope"),
        "{md}"
    );
    let skipped_line = format!("{} skipped", report.skipped.len());
    assert!(md.contains(&skipped_line), "{md}");

    // With a resource group given, the inventory is made at its scope only.
    let server = Server::start();
    hub_spoke(&server);
    resource_inventory(&server);
    let mut o = options(&server);
    o.resource_groups = vec!["rg-spoke1".into()];
    let (Imported { report, .. }, _) = run(&server, &o);
    let md = report.to_markdown();
    assert_eq!(
        server.hits(&format!("/subscriptions/{SUB}/resourceGroups/rg-spoke1/resources")),
        2,
        "{md}"
    );
    assert_eq!(server.hits(&format!("/subscriptions/{SUB}/resources")), 0, "{md}");
    assert!(md.contains("- `microsoft.web/sites` (2)"), "{md}");
    assert!(!md.contains("virtualMachineScaleSets"), "{md}");
    assert!(server.seen().iter().all(|s| s.method == "GET"));
}
