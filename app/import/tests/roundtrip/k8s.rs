//! Round trips of Kubernetes LoadBalancer services (a module of
//! `roundtrip.rs`, using its harness): internal ones as frontends of the
//! node resource group's `kubernetes-internal` load balancer, public ones on
//! the `kubernetes` load balancer's tagged public IPs.

use netdraft_core::model::{K8sService, Kind};
use serde_json::Value;

use super::modulo::{differences, settle};
use super::simulate::k8s::service_frontend;
use super::{Sim, import, import_in, plan, round_trip_exactly};
use crate::support::SUB;

const SERVICES: &str = r#"format = 1
name = "services"

[region.weu]
name = "westeurope"
location = "westeurope"

[resource_group.rg]
name = "rg-services"
parent = "weu"

[vnet.v]
name = "vnet-services"
parent = "weu"
resource_group = "rg"
address_space = ["10.80.0.0/16"]

[subnet.nodes]
name = "snet-nodes"
parent = "v"
prefix = "10.80.0.0/22"

[subnet.ilb]
name = "snet-ilb"
parent = "v"
prefix = "10.80.4.0/27"
extra_ips = 5

[subnet.pls]
name = "snet-pls"
parent = "v"
prefix = "10.80.5.0/28"
private_link_service_network_policies = false

[aks.c]
name = "aks-services"
parent = "v"
resource_group = "rg"
network_model = "overlay"
default_deny_namespaces = ["shop"]

[node_pool.sys]
name = "system"
parent = "nodes"
cluster = "c"
mode = "System"
vm_size = "Standard_D4ds_v5"
count = 2

[k8s_service.pinned]
name = "orders-internal"
parent = "ilb"
cluster = "c"
namespace = "shop"
static_ip = "10.80.4.10"
ports = [443, 8443]
app = "orders"
external_traffic_policy = "Local"

[k8s_service.dynamic]
name = "catalog-internal"
parent = "ilb"
cluster = "c"
namespace = "shop"
ports = [80]
app = "catalog"

[k8s_service.linked]
name = "web-internal"
parent = "nodes"
cluster = "c"
namespace = "web"
ports = [443]
app = "web"

[k8s_service.public]
name = "ingress-public"
parent = "nodes"
cluster = "c"
namespace = "ingress"
internal = false
ports = [80, 443]
app = "ingress-nginx"
public_reason = "the ingress controller's own service"

[private_link_service.p]
name = "pls-web"
parent = "pls"
load_balancer = "linked"
"#;

#[test]
fn internal_and_public_kubernetes_services_round_trip() {
    let d = netdraft_core::file::parse(SERVICES, "services").unwrap().design;
    round_trip_exactly("services", &d);
}

/// Filtered to the cluster's resource group, the import still reads the
/// node resource group's load balancers, Private Link Services and the public
/// IPs the cloud provider made for public services, so every service comes
/// back, the public one named by its public IP's tag.
#[test]
fn a_resource_group_filtered_import_reads_the_services_public_ips_in_the_node_group() {
    let d = netdraft_core::file::parse(SERVICES, "services").unwrap().design;
    let p = plan::plan(&d);
    let estate = Sim::new(&d, &p).run();
    let kubectl = estate.kubectl.clone();
    let mut imported = import_in(estate, &["rg-services"]);
    super::kubectl_onto(&mut imported, kubectl);
    let md = imported.report.to_markdown();
    let diffs = differences(&settle(&d, &p), &imported.design);
    assert!(diffs.is_empty(), "{diffs:?}\n{md}");
    let public = imported.design.all::<K8sService>().find(|(_, s)| !s.internal);
    assert_eq!(public.map(|(r, _)| r.name()), Some("ingress-public"), "{md}");
    assert!(
        imported
            .report
            .sources
            .iter()
            .any(|s| s.contains("MC_rg-services_aks-services_westeurope") && s.contains("public IPs")),
        "{md}"
    );
    assert_eq!(imported.design.of_kind(Kind::PublicIp).count(), 0, "{md}");
}

/// What the import brings back is what Azure holds: a public service's and a
/// Private Link Service's owner's name from their tags, an internal one's
/// address (its dynamic frontend's, too) and ports, and a stand-in name, said
/// in its notes, where Azure holds none.
#[test]
fn kubernetes_services_come_back_as_azure_holds_them() {
    let d = netdraft_core::file::parse(SERVICES, "services").unwrap().design;
    let p = plan::plan(&d);
    let estate = Sim::new(&d, &p).run();
    let lbs = &estate.lists[&format!("/subscriptions/{SUB}/providers/Microsoft.Network/loadBalancers")];
    let names: Vec<&str> = lbs.iter().filter_map(|b| b["name"].as_str()).collect();
    assert_eq!(names, ["kubernetes-internal", "kubernetes"]);
    let internal = &lbs[0];
    assert!(
        internal["id"]
            .as_str()
            .unwrap()
            .contains("/resourceGroups/MC_rg-services_aks-services_westeurope/"),
        "{internal}"
    );
    assert_eq!(internal["sku"]["name"], "Standard");
    let fe: Vec<&Value> = internal["properties"]["frontendIPConfigurations"]
        .as_array()
        .unwrap()
        .iter()
        .collect();
    let pinned = fe
        .iter()
        .find(|f| f["name"] == service_frontend(&netdraft_core::Id::new("pinned").unwrap()).as_str())
        .unwrap();
    assert_eq!(pinned["properties"]["privateIPAllocationMethod"], "Static");
    let name = pinned["name"].as_str().unwrap();
    assert!(name.len() == 33 && name.starts_with('a') && name[1..].bytes().all(|b| b.is_ascii_hexdigit()));
    // One rule and one probe per port, all into the pool `kubernetes`.
    assert_eq!(
        internal["properties"]["loadBalancingRules"].as_array().unwrap().len(),
        4
    );
    assert_eq!(internal["properties"]["probes"].as_array().unwrap().len(), 4);

    let imported = import(estate);
    let svc = |name: &str| {
        imported
            .design
            .all::<K8sService>()
            .find(|(r, _)| r.name() == name)
            .unwrap_or_else(|| {
                panic!(
                    "{name}: {:#?}",
                    imported
                        .design
                        .of_kind(Kind::K8sService)
                        .map(netdraft_core::model::Resource::name)
                        .collect::<Vec<_>>()
                )
            })
    };
    let (r, s) = svc("ilb-10-80-4-10");
    assert_eq!((s.namespace.as_str(), s.ports.clone()), ("default", vec![443, 8443]));
    assert!(
        r.meta
            .notes
            .as_deref()
            .unwrap()
            .contains("does not record the Kubernetes service's name")
    );
    // The dynamic frontend's address: the first the design leaves free in the subnet.
    let (_, s) = svc("ilb-10-80-4-4");
    assert_eq!(s.static_ip, Some("10.80.4.4".parse().unwrap()));
    assert!(
        imported
            .report
            .changed
            .iter()
            .any(|c| c.name == "ilb-10-80-4-4" && c.field == "privateIPAllocationMethod"),
        "{}",
        imported.report.to_markdown()
    );
    let (r, s) = svc("web-internal");
    assert_eq!(s.namespace, "web");
    assert!(
        r.meta.notes.as_deref().is_none_or(|n| !n.contains("stand in")),
        "{:?}",
        r.meta.notes
    );
    let (r, s) = svc("ingress-public");
    assert!(!s.internal && s.namespace == "ingress" && s.ports == [80, 443] && r.parent().is_none());
    // The cloud provider's public IP is the service's, not a design public IP.
    assert_eq!(imported.design.of_kind(Kind::PublicIp).count(), 0);
    let md = imported.report.to_markdown();
    assert!(md.contains("is a frontend of `ingress/ingress-public`"), "{md}");
}

/// The cluster side the round trip imports is what applying the exported
/// manifests gives: the listed kinds only (no namespaces or network
/// policies), the cluster's own Services beside the design's, each
/// LoadBalancer one with its load balancer's address; imported with Azure's
/// side, the services get their names, namespaces and selectors, one that
/// asks for no address has none, and the cluster's own are reported.
#[test]
fn the_cluster_side_is_what_applying_the_exported_manifests_gives() {
    let d = netdraft_core::file::parse(SERVICES, "services").unwrap().design;
    let p = plan::plan(&d);
    let estate = Sim::new(&d, &p).run();
    let [(cluster, list)] = estate.kubectl.as_slice() else {
        panic!("one list per cluster");
    };
    assert_eq!(cluster, "aks-services");
    let kinds = super::simulate::kubectl::kinds(list);
    assert_eq!(kinds.keys().collect::<Vec<_>>(), ["Service"]);
    assert_eq!(
        kinds["Service"],
        [
            "kubernetes",
            "ingress-public",
            "kube-dns",
            "metrics-server",
            "catalog-internal",
            "orders-internal",
            "web-internal"
        ]
    );
    let catalog = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["metadata"]["name"] == "catalog-internal")
        .unwrap();
    assert_eq!(catalog["status"]["loadBalancer"]["ingress"][0]["ip"], "10.80.4.4");
    assert!(catalog["metadata"]["annotations"]["kubectl.kubernetes.io/last-applied-configuration"].is_string());

    let imported = super::import_with_kubectl(estate);
    let (_, s) = imported
        .design
        .all::<K8sService>()
        .find(|(r, _)| r.name() == "catalog-internal")
        .unwrap();
    assert_eq!(
        (s.namespace.as_str(), s.app.as_deref(), s.static_ip),
        ("shop", Some("catalog"), None)
    );
    assert!(
        !imported
            .design
            .all::<K8sService>()
            .any(|(r, _)| r.name().starts_with("ilb-"))
    );
    let r = &imported.report;
    assert!(
        !r.changed.iter().any(|c| c.field == "privateIPAllocationMethod"),
        "{:?}",
        r.changed
    );
    let skipped: Vec<&str> = r.skipped.iter().map(|s| s.source.as_str()).collect();
    assert_eq!(
        skipped,
        [
            "aks-services.k8s.json: Service/default/kubernetes",
            "aks-services.k8s.json: Service/kube-system/kube-dns",
            "aks-services.k8s.json: Service/kube-system/metrics-server"
        ]
    );
    assert!(
        !r.notes.iter().any(|n| n.starts_with("No Kubernetes objects were read")),
        "{:?}",
        r.notes
    );
}
