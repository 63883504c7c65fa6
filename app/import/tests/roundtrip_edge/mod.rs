//! Round trips of Traffic Manager, API Management and Private Link Services
//! beyond the starter templates, and of generated designs as a whole.

use std::collections::BTreeSet;

use netdraft_core::model::{Kind, Resource, TrafficManager};
use netdraft_export::Format;
use serde_json::json;

use super::{SIMULATED, Sim, export, import, round_trip_exactly};
use crate::support::SUB;

/// A generated design comes back whole, exports included: every kind it
/// holds is simulated (its internal load balancer services among them), and
/// any kind that differs fails the test.
#[test]
fn generated_designs_round_trip_whole() {
    for seed in 0..3 {
        let d = netdraft_core::generate::generate(&netdraft_core::generate::GenerateOptions {
            hubs: 1,
            spokes_per_hub: 2,
            clusters: 2,
            subnets_per_spoke: 2,
            seed,
        })
        .unwrap();
        let missing: BTreeSet<Kind> = d
            .resources()
            .map(Resource::kind)
            .filter(|k| !SIMULATED.contains(k))
            .collect();
        assert!(
            missing.is_empty(),
            "generated seed {seed}: kinds not simulated: {missing:?}"
        );
        assert!(
            d.of_kind(Kind::K8sService).count() > 0,
            "generated seed {seed}: no Kubernetes service"
        );
        round_trip_exactly(&format!("generated seed {seed}"), &d);
    }
}

const EDGE: &str = r#"format = 1
name = "edge services"

[region.weu]
name = "westeurope"
location = "westeurope"

[resource_group.rg]
name = "rg-edge"
parent = "weu"

[vnet.vnet]
name = "vnet-edge"
parent = "weu"
resource_group = "rg"
address_space = ["10.40.0.0/16"]

[subnet.apim-int]
name = "snet-apim-internal"
parent = "vnet"
prefix = "10.40.1.0/24"

[subnet.apim-ext]
name = "snet-apim-external"
parent = "vnet"
prefix = "10.40.2.0/24"

[subnet.apim-v2]
name = "snet-apim-v2"
parent = "vnet"
prefix = "10.40.3.0/24"
delegation = "Microsoft.Web/serverFarms"

[subnet.pls-subnet]
name = "snet-pls"
parent = "vnet"
prefix = "10.40.4.0/28"
private_link_service_network_policies = false

[public_ip.web]
name = "pip-web"
parent = "weu"
resource_group = "rg"

[public_ip.apim-pip]
name = "pip-apim"
parent = "weu"
resource_group = "rg"
zones = ["1", "2"]
dns_label = "contoso-apim"

[api_management.internal]
name = "apim-internal"
parent = "apim-int"
resource_group = "rg"
sku = "Developer"
vnet_mode = "internal"
identity = "SystemAssigned"
publisher_name = "Contoso"
publisher_email = "api@contoso.example"

[api_management.external]
name = "apim-external"
parent = "apim-ext"
resource_group = "rg"
sku = "Premium"
capacity = 2
vnet_mode = "external"
publisher_name = "Contoso"
publisher_email = "api@contoso.example"
zones = ["1", "2"]
public_ip = "apim-pip"
identity = "SystemAssigned, UserAssigned"
identity_ids = ["/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-ids/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-apim"]

[api_management.v2]
name = "apim-v2"
parent = "apim-v2"
resource_group = "rg"
sku = "StandardV2"
vnet_mode = "integration"
publisher_name = "Contoso"
publisher_email = "api@contoso.example"

[api_management.public]
name = "apim-public"
parent = "weu"
resource_group = "rg"
sku = "BasicV2"
publisher_name = "Contoso"
publisher_email = "api@contoso.example"

[private_link_service.pls]
name = "pls-partner"
parent = "pls-subnet"
nat_ip_count = 2
visibility = ["00000000-0000-0000-0000-000000000001"]

[front_door.afd]
name = "afd-edge"
resource_group = "rg"
origins = ["pls", "web"]
private_link = true

[traffic_manager.priority]
name = "tm-priority"
resource_group = "rg"
routing = "Priority"
endpoints = ["web", "afd", "external"]
ttl = 30
monitor_protocol = "HTTP"
monitor_port = 8080
monitor_path = "/healthz"

[[traffic_manager.priority.external_endpoints]]
name = "on-prem"
target = "www.contoso.example"

[[traffic_manager.priority.external_endpoints]]
name = "dr-site"
target = "198.51.100.7"
priority = 10

[traffic_manager.weighted]
name = "tm-weighted"
resource_group = "rg"
routing = "Weighted"
endpoints = ["public"]
dns_name = "contoso-weighted"
monitor_protocol = "TCP"

[[traffic_manager.weighted.external_endpoints]]
name = "partner"
target = "partner.example"
weight = 250

[traffic_manager.performance]
name = "tm-performance"
resource_group = "rg"
monitor_path = "/probe"

[[traffic_manager.performance.external_endpoints]]
name = "legacy-dc"
target = "legacy.contoso.example"
location = "North Europe"
"#;

/// Traffic Manager profiles of every routing the export numbers or weighs,
/// on public IPs, a Front Door and API Management (as the export writes them:
/// Azure endpoints, external endpoints on host names) and external endpoints
/// with their priorities and weights; API Management in each VNet mode; a
/// Private Link Service that is a Front Door's Private Link origin.
#[test]
fn traffic_managers_apims_and_private_link_services_round_trip() {
    let d = netdraft_core::file::parse(EDGE, "edge").unwrap().design;
    round_trip_exactly("edge services", &d);
    // The estate's settings are written back, not the defaults of a new design.
    let tf = &export(&d, Format::Terraform, Some(5))["ingress.tf"];
    let squeeze = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
    let tf = squeeze(tf);
    for x in [
        "relative_name = \"tm-priority\" ttl = 30",
        "protocol = \"HTTP\" port = 8080 path = \"/healthz\"",
        "name = \"dr-site\"",
        "target = \"198.51.100.7\" priority = 10",
        "target = \"partner.example\" weight = 250",
        "relative_name = \"contoso-weighted\"",
        "sku_name = \"Premium_2\" virtual_network_type = \"External\" public_ip_address_id = azurerm_public_ip.pip_apim.id zones = [\"1\", \"2\"]",
        "target = \"legacy.contoso.example\" endpoint_location = \"North Europe\"",
        "identity { type = \"SystemAssigned, UserAssigned\" identity_ids = [\"/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-ids/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-apim\"] }",
        "identity { type = \"SystemAssigned\" }",
    ] {
        assert!(tf.contains(x), "{x}\n{tf}");
    }
}

/// What the design cannot hold of an estate's Traffic Manager endpoints is
/// reported: a name, a priority the export would write otherwise, a disabled
/// endpoint or profile (as changed), a nested profile (skipped), its
/// settings (not modelled); the endpoint itself is still the design's.
#[test]
fn traffic_manager_values_the_design_writes_otherwise_are_reported() {
    let d = netdraft_core::file::parse(EDGE, "edge").unwrap().design;
    let p = netdraft_core::plan::plan(&d);
    let mut estate = Sim::new(&d, &p).run();
    let profiles = estate
        .lists
        .get_mut(&format!(
            "/subscriptions/{SUB}/providers/Microsoft.Network/trafficManagerProfiles"
        ))
        .unwrap();
    let tm = profiles.iter_mut().find(|b| b["name"] == "tm-priority").unwrap();
    let profile = tm["id"].as_str().unwrap().to_owned();
    tm["properties"]["profileStatus"] = json!("Disabled");
    let endpoints = tm["properties"]["endpoints"].as_array_mut().unwrap();
    // The public IP's endpoint: renamed, numbered 7, disabled.
    let first = &mut endpoints[0];
    assert_eq!(first["name"], "pip-web");
    first["name"] = json!("primary");
    first["properties"]["priority"] = json!(7);
    first["properties"]["endpointStatus"] = json!("Disabled");
    endpoints.push(json!({
        "id": format!("{profile}/nestedEndpoints/child"), "name": "child",
        "type": "Microsoft.Network/trafficManagerProfiles/nestedEndpoints",
        "properties": {"targetResourceId": format!("{profile}-child"), "endpointStatus": "Enabled",
                       "priority": 20, "minChildEndpoints": 2}
    }));
    let imported = import(estate);
    let r = &imported.report;
    let md = r.to_markdown();
    let changed = |field: &str| {
        r.changed
            .iter()
            .find(|c| c.name == "tm-priority" && c.field == field)
            .unwrap_or_else(|| panic!("{field} not reported\n{md}"))
    };
    assert_eq!(changed("endpoints.primary.name").live, "`primary`");
    assert!(changed("endpoints.primary.name").design.contains("`pip-web`"));
    assert_eq!(changed("endpoints.primary.priority").live, "7");
    assert_eq!(changed("endpoints.primary.endpointStatus").live, "`Disabled`");
    assert_eq!(changed("profileStatus").live, "`Disabled`");
    assert!(
        r.skipped
            .iter()
            .any(|s| s.source.ends_with("/nestedEndpoints/child") && s.reason.contains("nested profile")),
        "{md}"
    );
    let unread: Vec<&str> = r
        .not_modelled
        .iter()
        .filter(|n| n.name == "tm-priority")
        .flat_map(|n| n.paths.iter().map(String::as_str))
        .collect();
    assert!(unread.contains(&"endpoints[].minChildEndpoints"), "{unread:?}");
    // The endpoint is still the public IP's, now last by its priority.
    let (_, t) = imported
        .design
        .all::<TrafficManager>()
        .find(|(x, _)| x.name() == "tm-priority")
        .unwrap();
    let names: Vec<&str> = t
        .endpoints
        .iter()
        .map(|e| imported.design.get(e.as_str()).unwrap().name())
        .collect();
    assert_eq!(names, ["afd-edge", "apim-external", "pip-web"]);
}
