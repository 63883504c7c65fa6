//! Virtual WAN beyond the starter template: hub gateways and ExpressRoute,
//! routing intent, hub connections to VNets outside the import, and the
//! shapes `az` saves offline (a module of `roundtrip.rs`).

use netdraft_core::Id;
use netdraft_core::model::{
    Firewall, Kind, OnPremConnection, OnPremises, RoutingIntent, VirtualHub, VirtualNetwork, VirtualWan, VirtualWanSku,
    VnetRole, VpnGateway,
};
use netdraft_core::{plan, templates};
use netdraft_import::import_json;
use serde_json::json;

use super::{Sim, import, import_in, round_trip_exactly};

fn parse(text: &str) -> netdraft_core::model::Design {
    netdraft_core::file::parse(text, "vwan").unwrap().design
}

#[test]
fn the_secured_hub_template_skips_nothing_and_lists_the_hubs_parts_as_imported() {
    let t = templates::ALL
        .iter()
        .find(|t| t.name == "virtual-wan-secured-hub")
        .unwrap();
    let d = parse(t.text);
    let p = plan::plan(&d);
    let imported = import(Sim::new(&d, &p).run());
    let r = &imported.report;
    assert!(r.skipped.is_empty(), "{}", r.to_markdown());
    assert!(r.changed.is_empty(), "{}", r.to_markdown());
    let parts = |segment: &str| {
        r.imported
            .iter()
            .filter(|i| i.kind == Kind::VirtualHub && i.source.contains(segment))
            .count()
    };
    assert_eq!(parts("/hubVirtualNetworkConnections/"), 2);
    assert_eq!(parts("/routingIntent/"), 1);
    // What Azure holds and the design does not is listed, per resource.
    let hub = r.not_modelled.iter().find(|n| n.name == "vhub-weu").unwrap();
    assert!(
        hub.paths.contains(&"hubRoutingPreference".to_owned()),
        "{:?}",
        hub.paths
    );
    let connection = r
        .not_modelled
        .iter()
        .find(|n| n.source.contains("/hubVirtualNetworkConnections/"))
        .unwrap();
    assert_eq!(
        connection.kind,
        "microsoft.network/virtualhubs/hubvirtualnetworkconnections"
    );
    assert!(connection.paths.contains(&"routingConfiguration".to_owned()));
}

const TWO_HUBS: &str = r#"format = 1
name = "two hubs"

[region.weu]
name = "westeurope"
location = "westeurope"

[region.neu]
name = "northeurope"
location = "northeurope"

[resource_group.rg]
name = "rg-vwan"
parent = "weu"

[vnet.a]
name = "vnet-a"
parent = "weu"
resource_group = "rg"
role = "spoke"
address_space = ["10.1.0.0/16"]

[vnet.b]
name = "vnet-b"
parent = "neu"
resource_group = "rg"
role = "spoke"
address_space = ["10.2.0.0/16"]

[vnet.c]
name = "vnet-c"
parent = "weu"
resource_group = "rg"
role = "spoke"
address_space = ["10.3.0.0/16"]

[vnet.d]
name = "vnet-d"
parent = "weu"
resource_group = "rg"
role = "spoke"
address_space = ["10.4.0.0/16"]

[vnet.e]
name = "vnet-e"
parent = "weu"
resource_group = "rg"
role = "spoke"
address_space = ["10.5.0.0/16"]

[virtual_wan.w]
name = "vwan-x"
parent = "weu"
resource_group = "rg"
allow_branch_to_branch = false

[virtual_hub.h1]
name = "vhub-weu"
parent = "weu"
resource_group = "rg"
wan = "w"
address_prefix = "10.100.0.0/23"
connections = ["c", "a", "e", "d"]
routing_intent = "internet-and-private"

[virtual_hub.h2]
name = "vhub-neu"
parent = "neu"
resource_group = "rg"
wan = "w"
address_prefix = "10.101.0.0/23"
connections = ["b"]

[virtual_hub.h2.connection_names]
vnet-b = "link-to-spoke-b"

[firewall.f]
name = "afw-weu"
parent = "h1"
tier = "Premium"
public_ip_count = 3

[expressroute_gateway.er]
name = "ergw-weu"
parent = "h1"
sku = "ErGw1AZ"
scale_units = 2

[on_prem.circuit]
name = "circuit-ams"
address_ranges = []
connection = "expressroute"
gateway = "er"

[vpn_gateway.v]
name = "vpng-neu"
parent = "h2"
sku = "VpnGw2AZ"

[on_prem.branch]
name = "branch-dub"
address_ranges = ["192.168.10.0/24"]
connection = "vpn"
gateway = "v"
device_address = "vpn.branch.example.com"
"#;

#[test]
fn hubs_with_express_route_a_vpn_site_by_name_and_routing_intent_round_trip() {
    let d = parse(TWO_HUBS);
    round_trip_exactly("two hubs", &d);
    let p = plan::plan(&d);
    let imported = import(Sim::new(&d, &p).run());
    let back = &imported.design;
    let hub = back.spec::<VirtualHub>("vhub-weu").unwrap();
    assert_eq!(hub.routing_intent, RoutingIntent::InternetAndPrivate);
    // Four connections: the list comes in two pages (three items a page).
    assert_eq!(hub.connections.len(), 4);
    let wan = back.spec::<VirtualWan>("vwan-x").unwrap();
    assert!(!wan.allow_branch_to_branch);
    assert_eq!(back.spec::<Firewall>("afw-weu").unwrap().public_ip_count, 3);
    let circuit = back.spec::<OnPremises>("circuit-ams").unwrap();
    assert_eq!(circuit.connection, OnPremConnection::ExpressRoute);
    assert_eq!(circuit.gateway.as_ref().map(Id::as_str), Some("ergw-weu"));
    let branch = back.spec::<OnPremises>("branch-dub").unwrap();
    assert_eq!(branch.device_address.as_deref(), Some("vpn.branch.example.com"));
    assert_eq!(branch.gateway.as_ref().map(Id::as_str), Some("vpng-neu"));
    // A connection's own Azure name is kept, and the export writes it.
    let neu = back.spec::<VirtualHub>("vhub-neu").unwrap();
    assert_eq!(
        neu.connection_names.values().map(String::as_str).collect::<Vec<_>>(),
        ["link-to-spoke-b"]
    );
    let gw = back.spec::<VpnGateway>("vpng-neu").unwrap();
    assert_eq!((gw.scale_units, gw.bgp_asn), (Some(1), Some(65515)));
    assert!(
        imported
            .report
            .notes
            .iter()
            .any(|n| n.contains("circuit-ams") && n.contains("BGP")),
        "{:?}",
        imported.report.notes
    );
}

#[test]
fn a_hub_connection_outside_the_import_links_an_existing_vnet_or_is_reported() {
    // The hub and VNet `a` in one group; `b` and `c` elsewhere; `a` peers
    // with `c`, so the peering brings `c` in as an existing VNet.
    let text = r#"format = 1
name = "outside"

[region.weu]
name = "westeurope"
location = "westeurope"

[resource_group.hub]
name = "rg-hub"
parent = "weu"

[resource_group.spokes]
name = "rg-spokes"
parent = "weu"

[vnet.a]
name = "vnet-a"
parent = "weu"
resource_group = "hub"
address_space = ["10.1.0.0/16"]

[vnet.b]
name = "vnet-b"
parent = "weu"
resource_group = "spokes"
address_space = ["10.2.0.0/16"]

[vnet.c]
name = "vnet-c"
parent = "weu"
resource_group = "spokes"
address_space = ["10.3.0.0/16"]

[peering.ac]
name = "a-to-c"
from = "a"
to = "c"

[virtual_wan.w]
name = "vwan-x"
parent = "weu"
resource_group = "hub"

[virtual_hub.h]
name = "vhub-weu"
parent = "weu"
resource_group = "hub"
wan = "w"
address_prefix = "10.100.0.0/23"
connections = ["b", "c"]
"#;
    let d = parse(text);
    let p = plan::plan(&d);
    let imported = import_in(Sim::new(&d, &p).run(), &["rg-hub"]);
    let back = &imported.design;
    let hub = back.spec::<VirtualHub>("vhub-weu").unwrap();
    assert_eq!(hub.connections.len(), 1, "{}", imported.report.to_markdown());
    let c = back.get(hub.connections[0].as_str()).unwrap();
    let v = c.as_spec::<VirtualNetwork>().unwrap();
    assert!(
        v.existing
            .as_deref()
            .is_some_and(|e| e.ends_with("/virtualNetworks/vnet-c"))
    );
    assert_eq!(v.role, VnetRole::Spoke);
    let skipped = imported
        .report
        .skipped
        .iter()
        .find(|s| s.source.contains("/hubVirtualNetworkConnections/"))
        .unwrap();
    assert!(
        skipped.reason.contains("vnet-b") && skipped.reason.contains("outside the import"),
        "{}",
        skipped.reason
    );
}

#[test]
fn saved_az_output_of_a_virtual_wan_imports() {
    // `az network … list -o json` flattens `properties`; a WAN's `type` is
    // `typePropertiesType` there.
    let s = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network";
    let vnets = json!([{"id": format!("{s}/virtualNetworks/vnet-a"), "name": "vnet-a", "location": "westeurope",
        "type": "Microsoft.Network/virtualNetworks", "addressSpace": {"addressPrefixes": ["10.1.0.0/16"]}}]);
    let wans = json!([{"id": format!("{s}/virtualWans/vwan"), "name": "vwan", "location": "westeurope",
        "type": "Microsoft.Network/virtualWans", "typePropertiesType": "Basic",
        "allowBranchToBranchTraffic": true, "disableVpnEncryption": false}]);
    let hubs = json!([{"id": format!("{s}/virtualHubs/vhub"), "name": "vhub", "location": "westeurope",
        "type": "Microsoft.Network/virtualHubs", "virtualWan": {"id": format!("{s}/virtualWans/vwan")},
        "addressPrefix": "10.100.0.0/24", "sku": "Basic"}]);
    let connections = json!([{"id": format!("{s}/virtualHubs/vhub/hubVirtualNetworkConnections/c1"), "name": "c1",
        "type": "Microsoft.Network/virtualHubs/hubVirtualNetworkConnections",
        "remoteVirtualNetwork": {"id": format!("{s}/virtualNetworks/vnet-a")}}]);
    let gateways = json!([{"id": format!("{s}/vpnGateways/vpng"), "name": "vpng", "location": "westeurope",
        "type": "Microsoft.Network/vpnGateways", "virtualHub": {"id": format!("{s}/virtualHubs/vhub")},
        "vpnGatewayScaleUnit": 2, "bgpSettings": {"asn": 65515},
        "connections": [{"id": format!("{s}/vpnGateways/vpng/vpnConnections/cn"), "name": "cn",
            "remoteVpnSite": {"id": format!("{s}/vpnSites/site")}},
            {"id": format!("{s}/vpnGateways/vpng/vpnConnections/cn2"), "name": "cn2",
            "remoteVpnSite": {"id": format!("{s}/vpnSites/elsewhere")}}]}]);
    let sites = json!([{"id": format!("{s}/vpnSites/site"), "name": "site", "location": "westeurope",
        "type": "Microsoft.Network/vpnSites", "addressSpace": {"addressPrefixes": ["192.168.0.0/16"]},
        "vpnSiteLinks": [{"name": "l1", "ipAddress": "203.0.113.10", "bgpProperties": {"asn": 65010}},
                         {"name": "l2", "ipAddress": "203.0.113.11"}]}]);
    let imported = import_json(&[
        ("vnets.json".into(), vnets.to_string()),
        ("wans.json".into(), wans.to_string()),
        ("hubs.json".into(), hubs.to_string()),
        ("connections.json".into(), connections.to_string()),
        ("gateways.json".into(), gateways.to_string()),
        ("sites.json".into(), sites.to_string()),
    ])
    .unwrap();
    let d = &imported.design;
    let md = imported.report.to_markdown();
    assert_eq!(d.spec::<VirtualWan>("vwan").unwrap().sku, VirtualWanSku::Basic, "{md}");
    let hub = d.spec::<VirtualHub>("vhub").unwrap();
    assert_eq!(hub.connections.iter().map(Id::as_str).collect::<Vec<_>>(), ["vnet-a"]);
    let gw = d.get("vpng").unwrap();
    assert_eq!(gw.parent().map(Id::as_str), Some("vhub"));
    assert_eq!(gw.as_spec::<VpnGateway>().unwrap().scale_units, Some(2));
    let site = d.spec::<OnPremises>("site").unwrap();
    assert_eq!(site.gateway.as_ref().map(Id::as_str), Some("vpng"));
    assert_eq!(
        (site.device_address.as_deref(), site.bgp_asn),
        (Some("203.0.113.10"), Some(65010))
    );
    // One device per site: the second link is said; the connection to a
    // site not read is skipped with the reason; what is not held is listed.
    let r = &imported.report;
    assert!(r.changed.iter().any(|c| c.field == "vpnSiteLinks"), "{md}");
    assert!(
        r.skipped
            .iter()
            .any(|s| s.source.ends_with("/cn2") && s.reason.contains("not in the import")),
        "{md}"
    );
    assert!(
        r.not_modelled
            .iter()
            .any(|n| n.name == "vwan" && n.paths.contains(&"disableVpnEncryption".to_owned())),
        "{md}"
    );
    assert_eq!(d.spec::<VirtualNetwork>("vnet-a").unwrap().role, VnetRole::Spoke);
}

#[test]
fn the_parts_of_a_hub_not_imported_are_reported_with_the_reason() {
    // A hub whose WAN was not saved: it, its connection and routing intent,
    // its firewall and its VPN gateway are each reported, nothing dropped.
    let s = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network";
    let hub = format!("{s}/virtualHubs/vhub");
    let objects = json!([
        {"id": hub, "name": "vhub", "location": "westeurope", "type": "Microsoft.Network/virtualHubs",
         "properties": {"virtualWan": {"id": format!("{s}/virtualWans/elsewhere")}, "addressPrefix": "10.100.0.0/24"}},
        {"id": format!("{hub}/hubVirtualNetworkConnections/c1"), "name": "c1",
         "type": "Microsoft.Network/virtualHubs/hubVirtualNetworkConnections",
         "properties": {"remoteVirtualNetwork": {"id": format!("{s}/virtualNetworks/vnet-a")}}},
        {"id": format!("{hub}/routingIntent/ri"), "name": "ri", "type": "Microsoft.Network/virtualHubs/routingIntent",
         "properties": {"routingPolicies": [{"name": "p", "destinations": ["Internet"],
                                             "nextHop": format!("{s}/azureFirewalls/afw")}]}},
        {"id": format!("{s}/azureFirewalls/afw"), "name": "afw", "location": "westeurope",
         "type": "Microsoft.Network/azureFirewalls",
         "properties": {"sku": {"name": "AZFW_Hub", "tier": "Standard"}, "virtualHub": {"id": hub}}},
        {"id": format!("{s}/vpnGateways/vpng"), "name": "vpng", "location": "westeurope",
         "type": "Microsoft.Network/vpnGateways", "properties": {"virtualHub": {"id": hub}}}
    ]);
    let imported = import_json(&[("hub.json".into(), objects.to_string())]).unwrap();
    let r = &imported.report;
    let reason = |end: &str| {
        r.skipped.iter().find(|x| x.source.ends_with(end)).map_or_else(
            || panic!("{end} not reported:\n{}", r.to_markdown()),
            |x| x.reason.clone(),
        )
    };
    assert!(reason("/virtualHubs/vhub").contains("Virtual WAN"));
    assert!(reason("/hubVirtualNetworkConnections/c1").contains("was skipped"));
    assert!(reason("/routingIntent/ri").contains("was skipped"));
    assert!(reason("/azureFirewalls/afw").contains("hub"));
    assert!(reason("/vpnGateways/vpng").contains("hub"));
    assert_eq!(imported.design.of_kind(Kind::VirtualHub).count(), 0);
}
