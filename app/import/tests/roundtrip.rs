//! The round trip: a design → the ARM bodies Azure would return for it
//! (`simulate`) → served by the local ARM test server, paged → imported,
//! with the saved kubectl output of each cluster's Kubernetes side (what
//! applying the exported manifests gives, `simulate::kubectl`) mapped onto it
//! → compared with the design, then exported (Terraform for azurerm 5 and 4,
//! Bicep) and compared file by file with the original's export.
//!
//! What "equal" means (modulo):
//! - ids: the import names ids after Azure names; resources are matched by
//!   kind, Azure name and, where Azure nests them (subnets in VNets, node pools
//!   in subnets, gateways in subnets), their parent; the imported design is
//!   then re-keyed to the original's ids before export, so references to a
//!   resource (App Gateway and API Management backends, a Private Link
//!   Service's `load_balancer`, Traffic Manager endpoints) compare as its key;
//! - Kubernetes LoadBalancer services are matched by cluster, namespace and
//!   name (the kubectl output names them; the import finds Azure's frontend
//!   by its address), an internal one also by its subnet; a public one's
//!   subnet and group are layout (Azure nests its frontend in none);
//! - layout: `at`, `extent`, and the canvas parent of resources Azure does not
//!   nest (clusters, NSGs, route tables, … sit in a VNet or region on the canvas
//!   only); regions compare by location, not by label;
//! - notes, and the design header (name, description, settings, decisions,
//!   accepted findings), which Azure does not hold;
//! - resource groups compare by the effective group's name (own or inherited);
//! - values Azure or the export fills in: an `auto` subnet comes back with
//!   the prefix the planner gave it, a pool's absent `max_pods` as the plan's
//!   effective value, a service's absent `app` as the selector the export
//!   writes (its name), an HTTP-01 issuer's absent ingress class as the
//!   export's, a DNS-01 issuer's absent zone as the one filled in, a hub
//!   gateway's absent scale units as one and a hub VPN gateway's absent ASN
//!   as the hub's (65515), and a hub's VNet connections in VNet name order;
//! - values only the design holds (compared as their defaults, and taken from
//!   the original when re-keying): a subnet's `extra_ips` (a planning
//!   reserve), a cluster's default-deny namespaces (network policies, which
//!   the kubectl output read does not list), and a public service's reason
//!   for being public (a comment in the manifest, which the cluster does not
//!   keep).
//!
//! Only the kinds the simulator writes ([`SIMULATED`]) are served. A template
//! not in [`KNOWN_GAPS`] round-trips whole, exports included. One whose
//! design holds what Azure and the cluster do not (other kinds, or values of
//! simulated ones) does not: the test asserts exactly which kinds differ
//! (with the reason), and round-trips the design restricted to the simulated
//! kinds, exports included.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::too_many_lines,
    clippy::needless_pass_by_value,
    clippy::collapsible_match,
    clippy::needless_for_each
)]

#[path = "roundtrip/alb.rs"]
mod alb;
#[path = "roundtrip/ingress.rs"]
mod ingress;
#[path = "roundtrip/k8s.rs"]
mod k8s;
#[path = "roundtrip/modulo.rs"]
mod modulo;
mod roundtrip_edge;
mod simulate;
mod support;
#[path = "roundtrip/vwan.rs"]
mod vwan;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use modulo::{differences, rekey, settle};
use netdraft_core::model::{Design, IpAllocation, Kind, NodeOsUpgradeChannel, Resource, Spec};
use netdraft_core::plan;
use netdraft_core::{Id, templates};
use netdraft_export::{Format, Templates};
use netdraft_import::auth::StaticToken;
use netdraft_import::http::HttpTransport;
use netdraft_import::{AccessToken, AzureOptions, InputFile, RetryPolicy, import_azure};
use serde_json::Value;
use simulate::Sim;
use support::{SUB, Server};

/// The kinds the simulator turns into ARM bodies.
const SIMULATED: &[Kind] = &[
    Kind::Region,
    Kind::ResourceGroup,
    Kind::VirtualNetwork,
    Kind::Subnet,
    Kind::VnetPeering,
    Kind::Nsg,
    Kind::RouteTable,
    Kind::NatGateway,
    Kind::PublicIp,
    Kind::AksCluster,
    Kind::NodePool,
    Kind::K8sService,
    Kind::Bastion,
    Kind::VpnGateway,
    Kind::OnPremises,
    Kind::Firewall,
    Kind::FirewallPolicy,
    Kind::PrivateDnsZone,
    Kind::PrivateEndpoint,
    Kind::PaasService,
    Kind::FrontDoor,
    Kind::ApiManagement,
    Kind::TrafficManager,
    Kind::PrivateLinkService,
    Kind::AppGateway,
    Kind::AppGatewayForContainers,
    Kind::CertIssuer,
    Kind::VirtualWan,
    Kind::VirtualHub,
];

/// Per starter template: the kinds that do not come back equal, and why.
/// The flag says whether the design restricted to the simulated kinds comes back exactly.
const KNOWN_GAPS: &[(&str, &[Kind], &str, bool)] = &[];

// ---------------------------------------------------------------------------
// Import through the local ARM server.

fn import(estate: simulate::Estate) -> netdraft_import::Imported {
    import_in(estate, &[])
}

/// Imports the estate, filtered to `groups` when any are given (`--resource-group`).
fn import_in(estate: simulate::Estate, groups: &[&str]) -> netdraft_import::Imported {
    import_from(&serve(estate), groups)
}

/// The local ARM server serving the estate, three items a page.
fn serve(estate: simulate::Estate) -> Server {
    let server = Server::start();
    server.page_size(3);
    for (path, items) in estate.lists {
        server.list(&path, items);
    }
    for (path, body) in estate.objects {
        server.object(&path, body);
    }
    server
}

/// Imports what `server` serves, filtered to `groups` when any are given.
fn import_from(server: &Server, groups: &[&str]) -> netdraft_import::Imported {
    let mut o = AzureOptions::new(url::Url::parse(&server.base).unwrap());
    o.subscriptions = vec![SUB.to_owned()];
    o.resource_groups = groups.iter().map(|g| (*g).to_owned()).collect();
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
        &StaticToken(AccessToken::new("round-trip-token")),
        &|_| {},
        &AtomicBool::new(false),
    )
    .unwrap()
}

fn export(d: &Design, format: Format, azurerm: Option<u8>) -> BTreeMap<String, String> {
    let mut d = d.clone();
    if let Some(m) = azurerm {
        d.settings.azurerm = m.try_into().unwrap();
    }
    let p = plan::plan(&d);
    netdraft_export::export(&d, &p, &Templates::builtin(format), &netdraft_export::plan_findings(&p))
        .unwrap()
        .into_iter()
        .map(|f| (f.path, f.contents))
        .collect()
}

/// The design without the kinds the simulator does not write (and what
/// cannot stand without them: their children, and resources whose required
/// reference pointed at them); optional references to them are cleared.
fn restrict(d: &Design) -> Design {
    let mut removed: BTreeSet<String> = d
        .resources()
        .filter(|r| !SIMULATED.contains(&r.kind()))
        .map(|r| r.id.to_string())
        .collect();
    loop {
        let more: Vec<String> = d
            .resources()
            .filter(|r| !removed.contains(r.id.as_str()))
            .filter(|r| r.parent().is_some_and(|p| removed.contains(p.as_str())))
            .map(|r| r.id.to_string())
            .collect();
        if more.is_empty() {
            break;
        }
        removed.extend(more);
    }
    let mut out = d.clone();
    for id in &removed {
        out.remove(id);
    }
    // Namespaces with a default-deny policy are network policies, which the
    // kubectl output read does not list.
    let ids: Vec<Id> = out.resources().map(|r| r.id.clone()).collect();
    for id in ids {
        if let Some(Spec::AksCluster(c)) = out.get_mut(id.as_str()).map(|r| &mut r.spec) {
            c.default_deny_namespaces.clear();
        }
    }
    let ids: Vec<Id> = out.resources().map(|r| r.id.clone()).collect();
    for id in ids {
        let r = out.get_mut(id.as_str()).unwrap();
        let mut v = serde_json::to_value(&r.spec).unwrap();
        clear(&mut v, &removed);
        match serde_json::from_value::<Spec>(v) {
            Ok(s) => r.spec = s,
            Err(_) => {
                out.remove(id.as_str());
            }
        }
    }
    out
}

fn clear(v: &mut Value, removed: &BTreeSet<String>) {
    match v {
        Value::Array(a) => {
            a.retain(|x| !x.as_str().is_some_and(|s| removed.contains(s)));
            a.iter_mut().for_each(|x| clear(x, removed));
        }
        Value::Object(o) => {
            for (k, x) in o.iter_mut() {
                if k != "kind" && x.as_str().is_some_and(|s| removed.contains(s)) {
                    *x = Value::Null;
                } else {
                    clear(x, removed);
                }
            }
            o.retain(|_, x| !x.is_null());
        }
        _ => {}
    }
}

/// Imports the estate's Azure side (`import`, through the local ARM server)
/// and maps each cluster's saved kubectl output onto it: one file per
/// cluster, as `kubectl --context` saves them, named when the design has
/// several clusters (a single one is told without).
fn import_with_kubectl(estate: simulate::Estate) -> netdraft_import::Imported {
    let kubectl = estate.kubectl.clone();
    let mut imported = import(estate);
    kubectl_onto(&mut imported, kubectl);
    imported
}

/// Maps each cluster's saved kubectl output onto an import.
fn kubectl_onto(imported: &mut netdraft_import::Imported, kubectl: Vec<(String, Value)>) {
    let several = kubectl.len() > 1;
    let files: Vec<InputFile> = kubectl
        .into_iter()
        .map(|(cluster, list)| InputFile {
            name: format!("{cluster}.k8s.json"),
            text: list.to_string(),
            kube_cluster: several.then_some(cluster),
        })
        .collect();
    netdraft_import::import_kube(imported, &files).unwrap_or_else(|e| panic!("{e}"));
}

/// Simulates, imports and compares one design; returns the differences.
fn round_trip(d: &Design) -> Vec<(Kind, String)> {
    let p = plan::plan(d);
    let estate = Sim::new(d, &p).run();
    let imported = import_with_kubectl(estate);
    differences(&settle(d, &p), &imported.design)
}

/// Round-trips a design that must come back equal, exports included.
fn round_trip_exactly(name: &str, d: &Design) {
    let p = plan::plan(d);
    let estate = Sim::new(d, &p).run();
    let imported = import_with_kubectl(estate);
    let settled = settle(d, &p);
    let diffs = differences(&settled, &imported.design);
    assert!(
        diffs.is_empty(),
        "{name}: {}\n\n{}",
        diffs.iter().map(|(_, x)| x.as_str()).collect::<Vec<_>>().join("\n"),
        imported.report.to_markdown()
    );
    let (original, back) = rekey(&settled, &imported.design);
    for (format, azurerm) in [
        (Format::Terraform, Some(5)),
        (Format::Terraform, Some(4)),
        (Format::Bicep, None),
    ] {
        let (a, b) = (export(&original, format, azurerm), export(&back, format, azurerm));
        assert_eq!(
            a.keys().collect::<Vec<_>>(),
            b.keys().collect::<Vec<_>>(),
            "{name} {format:?} {azurerm:?}"
        );
        for (path, text) in &a {
            if text != &b[path] {
                let first = text
                    .lines()
                    .zip(b[path].lines())
                    .enumerate()
                    .find(|(_, (x, y))| x != y)
                    .map(|(i, (x, y))| format!("line {}: `{x}` vs `{y}`", i + 1));
                panic!("{name} {format:?} {azurerm:?}: {path} differs at {first:?}");
            }
        }
    }
}

#[test]
fn every_starter_template_round_trips_or_its_gaps_are_the_known_ones() {
    let mut wrong = Vec::new();
    for t in templates::ALL {
        let d = netdraft_core::file::parse(t.text, t.name).unwrap().design;
        let Some((_, known, why, restricted)) = KNOWN_GAPS.iter().find(|(n, _, _, _)| *n == t.name) else {
            round_trip_exactly(t.name, &d);
            continue;
        };
        let diffs = round_trip(&d);
        let kinds: BTreeSet<Kind> = diffs.iter().map(|(k, _)| *k).collect();
        let known: BTreeSet<Kind> = known.iter().copied().collect();
        if kinds != known {
            wrong.push(format!(
                "{}: the kinds that differ are {kinds:?}, not {known:?} ({why}):\n{}",
                t.name,
                diffs.iter().map(|(_, x)| x.as_str()).collect::<Vec<_>>().join("\n")
            ));
        }
        // The rest of the template, without the kinds not simulated, comes back exactly.
        if *restricted {
            round_trip_exactly(t.name, &restrict(&d));
        } else if round_trip(&restrict(&d)).is_empty() {
            wrong.push(format!("{}: now round-trips restricted; set its flag", t.name));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n\n"));
}

/// Drift (`netdraft drift`): a template exported, applied (simulated) and
/// imported back has none; the same estate with a VNet's address space and
/// a node pool's size changed in Azure, a subnet deleted there and a route
/// table added there by hand has exactly those four.
#[test]
fn drift_against_the_imported_estate_is_exactly_what_changed_in_azure() {
    use netdraft_core::drift::{Change, compare};
    for t in templates::ALL {
        let d = netdraft_core::file::parse(t.text, t.name).unwrap().design;
        let p = plan::plan(&d);
        let imported = import_with_kubectl(Sim::new(&d, &p).run());
        // A DNS-01 issuer's zone the design leaves to be filled in is the one the cluster holds.
        let drift = compare(&settle(&d, &p), &p, &imported.design);
        assert!(drift.is_empty(), "{}: {:#?}", t.name, drift.entries);
        assert_eq!(drift.out_of_scope, 0, "{}", t.name);
    }
    let d = netdraft_core::file::parse(templates::find("aks-baseline-hub-spoke").unwrap().text, "t")
        .unwrap()
        .design;
    let p = plan::plan(&d);
    let mut estate = Sim::new(&d, &p).run();
    let is = |v: &Value, kind: &str, name: &str| {
        v["type"].as_str().is_some_and(|t| t.eq_ignore_ascii_case(kind)) && v["name"] == name
    };
    // In Azure: the hub VNet's address space changed by hand…
    let mut changed = 0;
    for v in estate.lists.values_mut().flatten().chain(estate.objects.values_mut()) {
        if is(v, "Microsoft.Network/virtualNetworks", "vnet-hub-weu") {
            v["properties"]["addressSpace"]["addressPrefixes"] = serde_json::json!(["10.0.0.0/16", "10.98.0.0/24"]);
            changed += 1;
        }
    }
    assert!(changed > 0, "the hub VNet is served");
    // …and a route table made there that the design does not hold.
    for list in estate.lists.values_mut() {
        let copy = list
            .iter()
            .find(|v| {
                v["type"]
                    .as_str()
                    .is_some_and(|t| t.eq_ignore_ascii_case("Microsoft.Network/routeTables"))
            })
            .cloned();
        if let Some(mut rt) = copy {
            let id = rt["id"].as_str().unwrap().to_owned();
            let name = rt["name"].as_str().unwrap().to_owned();
            rt["id"] = Value::String(id.replace(&name, "rt-made-by-hand"));
            rt["name"] = Value::String("rt-made-by-hand".into());
            rt["properties"]["subnets"] = serde_json::json!([]);
            list.push(rt);
        }
    }
    let imported = import_with_kubectl(estate);
    let drift = compare(&settle(&d, &p), &p, &imported.design);
    let got: Vec<(Kind, &str, &Change)> = drift
        .entries
        .iter()
        .map(|e| (e.kind, e.name.as_str(), &e.change))
        .collect();
    assert_eq!(got.len(), 2, "{got:#?}");
    assert_eq!(
        (got[1].0, got[1].1, got[1].2),
        (Kind::RouteTable, "rt-made-by-hand", &Change::Unmanaged),
        "{got:#?}"
    );
    let (kind, name, Change::Changed { fields }) = got[0] else {
        panic!("{got:#?}")
    };
    assert_eq!((kind, name), (Kind::VirtualNetwork, "vnet-hub-weu"));
    assert_eq!(fields.len(), 1, "{fields:?}");
    assert_eq!(fields[0].field, "address_space");
    assert_eq!(fields[0].live, r#"["10.0.0.0/16","10.98.0.0/24"]"#);
}

#[test]
fn a_firewall_policy_with_aks_egress_and_rules_round_trips() {
    use netdraft_core::model::{FirewallRule, FirewallRuleKind};
    let mut d = netdraft_core::generate::generate(&netdraft_core::generate::GenerateOptions {
        hubs: 1,
        spokes_per_hub: 2,
        clusters: 2,
        subnets_per_spoke: 2,
        seed: 1,
    })
    .unwrap();
    let clusters: Vec<Id> = d.of_kind(Kind::AksCluster).map(|r| r.id.clone()).collect();
    assert_eq!(clusters.len(), 2);
    let policy = d.of_kind(Kind::FirewallPolicy).next().unwrap().id.clone();
    if let Some(Resource {
        spec: Spec::FirewallPolicy(p),
        ..
    }) = d.get_mut(policy.as_str())
    {
        p.aks_egress_for.clone_from(&clusters);
        p.rules = vec![
            FirewallRule {
                name: "allow-ntp".into(),
                kind: FirewallRuleKind::Network,
                sources: vec!["10.0.0.0/8".into()],
                destinations: vec!["ntp.ubuntu.com".into()],
                ports: vec!["123".into()],
                protocols: vec!["UDP".into()],
            },
            FirewallRule {
                name: "allow-registry".into(),
                kind: FirewallRuleKind::Application,
                sources: vec!["10.0.0.0/8".into()],
                destinations: vec!["mcr.microsoft.com".into()],
                ports: vec!["Https:443".into()],
                protocols: vec![],
            },
        ];
    }
    // The AKS egress rules come back as `aks_egress_for`, the others as rules,
    // and the exports (the `aks-egress` and `design-rules` groups) are the same.
    round_trip_exactly("policy with AKS egress", &restrict(&d));
}

#[test]
fn front_doors_new_and_imported_round_trip() {
    // One Front Door as a new design has it (the starter shape over two
    // public IPs, with WAF), one with an estate's own layout (two endpoints,
    // a second origin group, routes with their own settings).
    let text = r#"format = 1
name = "edge"

[region.weu]
name = "westeurope"
location = "westeurope"

[resource_group.rg]
name = "rg-edge"
parent = "weu"

[public_ip.a]
name = "pip-a"
parent = "weu"
resource_group = "rg"

[public_ip.b]
name = "pip-b"
parent = "weu"
resource_group = "rg"

[front_door.new]
name = "afd-new"
resource_group = "rg"
waf_mode = "Detection"
origins = ["a", "b"]

[front_door.estate]
name = "afd-estate"
resource_group = "rg"
origins = ["a", "b"]

[front_door.estate.layout]
endpoints = ["ep-web", "ep-api"]

[[front_door.estate.layout.origin_groups]]
name = "og-web"

[[front_door.estate.layout.origin_groups.origins]]
name = "web-a"
target = "a"
weight = 600

[[front_door.estate.layout.origin_groups.origins]]
name = "web-b"
target = "b"
priority = 2

[[front_door.estate.layout.origin_groups]]
name = "og-api"

[[front_door.estate.layout.origin_groups.origins]]
name = "api-b"
target = "b"

[[front_door.estate.layout.routes]]
name = "rt-web"
endpoint = "ep-web"
origin_group = "og-web"

[[front_door.estate.layout.routes]]
name = "rt-api"
endpoint = "ep-api"
origin_group = "og-api"
patterns = ["/api/*"]
protocols = ["Https"]
forwarding_protocol = "MatchRequest"
https_redirect = false
link_to_default_domain = false
"#;
    let d = netdraft_core::file::parse(text, "edge").unwrap().design;
    round_trip_exactly("front doors", &d);
}

#[test]
fn imported_values_the_export_used_to_invent_or_drop_come_back() {
    // A design using the values the import now holds instead of changing them.
    let text = r#"format = 1
name = "estate"

[region.weu]
name = "westeurope"
location = "westeurope"

[resource_group.rg]
name = "rg-estate"
parent = "weu"

[vnet.a]
name = "vnet-a"
parent = "weu"
resource_group = "rg"
role = "hub"
address_space = ["10.10.0.0/16"]

[vnet.b]
name = "vnet-b"
parent = "weu"
resource_group = "rg"
role = "spoke"
address_space = ["10.20.0.0/16"]

[vnet.vc]
name = "vnet-c"
parent = "weu"
resource_group = "rg"
role = "spoke"
address_space = ["10.30.0.0/16"]

[subnet.multi]
name = "snet-multi"
parent = "a"
prefix = "10.10.0.0/24"
extra_prefixes = ["10.10.8.0/24"]

[peering.ab]
name = "a-to-b-custom"
from = "a"
to = "b"
reverse_name = "b-back-to-a"
allow_forwarded_traffic = true

[peering.ca]
name = "pending"
from = "vc"
to = "a"
state = "Initiated"

[public_ip.basic]
name = "pip-legacy"
parent = "weu"
resource_group = "rg"
sku = "Basic"
allocation = "Dynamic"

[aks.c]
name = "aks-estate"
parent = "weu"
resource_group = "rg"
dns_prefix = "estate-api"
network_model = "azure"
load_balancer_sku = "basic"
managed_outbound_ip_count = 3
azure_policy = false
local_accounts = true
auth = "kubernetes-rbac"
upgrade_channel = "none"
node_os_upgrade_channel = "Unmanaged"

[node_pool.sys]
name = "system"
parent = "multi"
cluster = "c"
mode = "System"
vm_size = "Standard_D4ds_v5"
count = 2
"#;
    let d = netdraft_core::file::parse(text, "estate").unwrap().design;
    round_trip_exactly("estate", &d);
    let tf = export(&d, Format::Terraform, Some(5));
    let squeeze = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
    let aks = &squeeze(&tf["aks.tf"]);
    for x in [
        "azure_policy_enabled = false",
        "local_account_disabled = false",
        "node_os_upgrade_channel = \"Unmanaged\"",
        "dns_prefix = \"estate-api\"",
        "managed_outbound_ip_count = 3",
        "load_balancer_sku = \"basic\"",
    ] {
        assert!(aks.contains(x), "{x}\n{aks}");
    }
    assert!(
        !aks.contains("automatic_upgrade_channel") && !aks.contains("azure_active_directory_role_based_access_control")
    );
    let net = &tf["network.tf"];
    assert!(net.contains("[\"10.10.0.0/24\", \"10.10.8.0/24\"]"), "{net}");
    assert!(net.contains("\"b-back-to-a\"") && net.contains("\"pending\""), "{net}");
    // The Initiated peering exists one way only.
    assert_eq!(net.matches("remote_virtual_network_id").count(), 3, "{net}");
    let bicep = &export(&d, Format::Bicep, None)["main.bicep"];
    assert!(bicep.contains("publicIPAllocationMethod: 'Dynamic'") && bicep.contains("disableLocalAccounts: false"));
    let _ = (IpAllocation::Dynamic, NodeOsUpgradeChannel::Unmanaged);
}
