//! The cluster whose ALB controller programs an App Gateway for Containers
//! (a module of `roundtrip.rs`, using its harness): read from the role
//! assignments at the gateway's scope, the identity holding Configuration
//! Manager there and its federated credential, matched to a cluster's OIDC
//! issuer URL. One match links; none or several are reported, not guessed.

use netdraft_core::model::{AksCluster, AppGatewayForContainers, IngressChoice};
use netdraft_core::templates;
use serde_json::Value;

use super::simulate::identity::{ALB_IDENTITY, ALB_SUBJECT, CONFIG_MANAGER, issuer_url, role_assignment};
use super::{Sim, import_from, plan, restrict, round_trip_exactly, serve};
use crate::support::{Fault, SUB};

const TWO_CLUSTERS: &str = r#"format = 1
name = "two clusters"

[region.weu]
name = "westeurope"
location = "westeurope"

[resource_group.rg]
name = "rg-alb"
parent = "weu"

[vnet.v]
name = "vnet-alb"
parent = "weu"
resource_group = "rg"
address_space = ["10.60.0.0/16"]

[subnet.agc]
name = "snet-agc"
parent = "v"
prefix = "10.60.4.0/24"
delegation = "Microsoft.ServiceNetworking/trafficControllers"

[subnet.sa]
name = "snet-a"
parent = "v"
prefix = "10.60.0.0/24"

[subnet.sb]
name = "snet-b"
parent = "v"
prefix = "10.60.1.0/24"

[aks.a]
name = "aks-a"
parent = "v"
resource_group = "rg"
network_model = "overlay"
workload_identity = true
ingress = "app-gateway-for-containers"

[aks.b]
name = "aks-b"
parent = "v"
resource_group = "rg"
network_model = "overlay"
workload_identity = true

[node_pool.pa]
name = "system"
parent = "sa"
cluster = "a"
mode = "System"
vm_size = "Standard_D4ds_v5"
count = 2

[node_pool.pb]
name = "system"
parent = "sb"
cluster = "b"
mode = "System"
vm_size = "Standard_D4ds_v5"
count = 2

[app_gateway_for_containers.g]
name = "agc-alb"
parent = "agc"
cluster = "a"
frontends = ["fe"]
"#;

fn gateway_template() -> netdraft_core::Design {
    let t = templates::ALL.iter().find(|t| t.name == "agc-gateway-api").unwrap();
    restrict(&netdraft_core::file::parse(t.text, t.name).unwrap().design)
}

/// The role assignments served at the gateway's scope (`atScope()`), by list path.
fn gateway_assignments(lists: &std::collections::BTreeMap<String, Vec<Value>>) -> String {
    lists
        .keys()
        .find(|k| {
            k.contains("/trafficControllers/") && k.ends_with("/providers/Microsoft.Authorization/roleAssignments")
        })
        .unwrap()
        .clone()
}

fn gateway(d: &netdraft_core::Design) -> &AppGatewayForContainers {
    d.all::<AppGatewayForContainers>().next().unwrap().1
}

fn cluster_named<'a>(d: &'a netdraft_core::Design, name: &str) -> &'a AksCluster {
    d.all::<AksCluster>().find(|(r, _)| r.name() == name).unwrap().1
}

#[test]
fn the_alb_controller_identity_links_the_gateway_to_its_cluster() {
    let d = gateway_template();
    let p = plan::plan(&d);
    let server = serve(Sim::new(&d, &p).run());
    let imported = import_from(&server, &[]);
    let md = imported.report.to_markdown();
    let a = gateway(&imported.design);
    let cluster = a.cluster.as_ref().expect(&md);
    let r = imported.design.get(cluster.as_str()).unwrap();
    assert_eq!(r.name(), "aks-agc-demo-eus2");
    assert_eq!(
        imported.design.spec::<AksCluster>(cluster.as_str()).unwrap().ingress,
        IngressChoice::AppGatewayForContainers
    );
    assert!(
        md.contains("Identity `azure-alb-identity` is the ALB controller's of AKS cluster `aks-agc-demo-eus2`"),
        "{md}"
    );
    assert!(
        md.contains("Identity `id-aks-agc-demo-eus2` is the identity of AKS cluster `aks-agc-demo-eus2`"),
        "{md}"
    );
    // Nothing read is dropped: no role assignment, identity or credential is left unaccounted.
    assert!(
        imported.report.skipped.is_empty() && imported.report.failures.is_empty(),
        "{md}"
    );
    // What was read: the gateway's role assignments at and above it, paged,
    // then the credentials of the one identity holding Configuration Manager.
    let seen = server.seen();
    let assignments: Vec<_> = seen
        .iter()
        .filter(|s| s.path.ends_with("/providers/Microsoft.Authorization/roleAssignments"))
        .collect();
    assert_eq!(
        assignments.len(),
        1,
        "{:?}",
        seen.iter().map(|s| &s.path).collect::<Vec<_>>()
    );
    assert!(
        assignments[0].path.contains("/trafficControllers/agc-demo-eus2/")
            && assignments[0].query.contains("api-version=2022-04-01")
            && assignments[0].query.contains("%24filter=atScope%28%29"),
        "{:?} {:?}",
        assignments[0].path,
        assignments[0].query
    );
    let credentials: Vec<&str> = seen
        .iter()
        .filter(|s| s.path.ends_with("/federatedIdentityCredentials"))
        .map(|s| s.path.as_str())
        .collect();
    assert_eq!(credentials.len(), 1, "{credentials:?}");
    assert!(credentials[0].contains(&format!("/userAssignedIdentities/{ALB_IDENTITY}/")));
    assert!(seen.iter().all(|s| s.method == "GET"));
}

/// The Bicep export grants Configuration Manager on the gateway itself,
/// not on its group: that links too.
#[test]
fn a_grant_on_the_gateway_itself_links_as_one_on_its_group() {
    let d = gateway_template();
    let p = plan::plan(&d);
    let mut estate = Sim::new(&d, &p).run();
    let path = gateway_assignments(&estate.lists);
    let agc = path
        .trim_end_matches("/providers/Microsoft.Authorization/roleAssignments")
        .to_owned();
    let list = estate.lists.get_mut(&path).unwrap();
    let manager = list
        .iter()
        .position(|x| {
            x["properties"]["roleDefinitionId"]
                .as_str()
                .unwrap()
                .ends_with(CONFIG_MANAGER)
        })
        .unwrap();
    let principal = list[manager]["properties"]["principalId"].as_str().unwrap().to_owned();
    list[manager] = role_assignment(&agc, CONFIG_MANAGER, &principal);
    let imported = import_from(&serve(estate), &[]);
    let md = imported.report.to_markdown();
    assert!(gateway(&imported.design).cluster.is_some(), "{md}");
}

#[test]
fn no_role_or_two_candidate_clusters_are_reported_not_guessed() {
    let d = netdraft_core::file::parse(TWO_CLUSTERS, "two clusters").unwrap().design;
    let p = plan::plan(&d);
    round_trip_exactly("two clusters", &d);

    // The controller's grant at the subscription instead of the gateway's
    // group: it says nothing about this gateway, so it is not kept, and no
    // grant on the gateway or its group leaves it unlinked.
    let mut estate = Sim::new(&d, &p).run();
    let path = gateway_assignments(&estate.lists);
    let list = estate.lists.get_mut(&path).unwrap();
    let principal = list[0]["properties"]["principalId"].as_str().unwrap().to_owned();
    *list = vec![role_assignment(
        &format!("/subscriptions/{SUB}"),
        CONFIG_MANAGER,
        &principal,
    )];
    let imported = import_from(&serve(estate), &[]);
    let md = imported.report.to_markdown();
    assert!(gateway(&imported.design).cluster.is_none(), "{md}");
    assert_eq!(cluster_named(&imported.design, "aks-a").ingress, IngressChoice::None);
    assert!(
        md.contains("no identity read holds AppGw for Containers Configuration Manager"),
        "{md}"
    );
    assert!(
        imported
            .report
            .skipped
            .iter()
            .all(|s| !s.kind.eq_ignore_ascii_case("Microsoft.Authorization/roleAssignments")),
        "{md}"
    );
    // The controller's identity is then one the design does not hold: reported.
    assert!(
        imported
            .report
            .skipped
            .iter()
            .any(|s| s.source.ends_with(&format!("/{ALB_IDENTITY}")) && s.reason.contains("does not model")),
        "{md}"
    );

    // A second identity with the role, federated with the other cluster: ambiguous.
    let mut estate = Sim::new(&d, &p).run();
    let path = gateway_assignments(&estate.lists);
    let group = format!("/subscriptions/{SUB}/resourceGroups/rg-alb");
    let second = format!("{group}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/alb-other");
    let principal = "0d7c5e4a-6f1b-4c3e-9a2d-5b8e7f6a1c3d";
    let identities = estate
        .lists
        .get_mut(&format!(
            "/subscriptions/{SUB}/providers/Microsoft.ManagedIdentity/userAssignedIdentities"
        ))
        .unwrap();
    identities.push(serde_json::json!({
        "id": second, "name": "alb-other", "type": "Microsoft.ManagedIdentity/userAssignedIdentities",
        "location": "westeurope", "properties": {"principalId": principal, "clientId": principal,
                                                 "tenantId": super::simulate::identity::TENANT},
    }));
    let other_cluster = format!("{group}/providers/Microsoft.ContainerService/managedClusters/aks-b");
    estate.lists.insert(
        format!("{second}/federatedIdentityCredentials"),
        vec![serde_json::json!({
            "id": format!("{second}/federatedIdentityCredentials/alb"), "name": "alb",
            "type": "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials",
            "properties": {"issuer": issuer_url("westeurope", &other_cluster), "subject": ALB_SUBJECT,
                           "audiences": ["api://AzureADTokenExchange"]},
        })],
    );
    estate
        .lists
        .get_mut(&path)
        .unwrap()
        .push(role_assignment(&group, CONFIG_MANAGER, principal));
    let server = serve(estate);
    server.page_size(1);
    let imported = import_from(&server, &[]);
    let md = imported.report.to_markdown();
    assert!(gateway(&imported.design).cluster.is_none(), "{md}");
    assert!(
        md.contains("federated with clusters `aks-a` and `aks-b`") && md.contains("not guessed"),
        "{md}"
    );
    assert_eq!(cluster_named(&imported.design, "aks-b").ingress, IngressChoice::None);
    // Both identities and their grants are reported, none dropped; the
    // gateway's assignments were read over two pages.
    for end in ["/alb-other", &format!("/{ALB_IDENTITY}")] {
        assert!(
            imported.report.skipped.iter().any(|s| s.source.ends_with(end)),
            "{end}\n{md}"
        );
    }
    assert!(
        imported
            .report
            .skipped
            .iter()
            .filter(|s| s.kind.eq_ignore_ascii_case("Microsoft.Authorization/roleAssignments"))
            .count()
            >= 2,
        "{md}"
    );
}

/// Filtered to the resource group of the gateway and cluster, the link still comes back.
#[test]
fn a_resource_group_filtered_import_links_too() {
    let d = netdraft_core::file::parse(TWO_CLUSTERS, "two clusters").unwrap().design;
    let p = plan::plan(&d);
    let imported = import_from(&serve(Sim::new(&d, &p).run()), &["rg-alb"]);
    let md = imported.report.to_markdown();
    let cluster = gateway(&imported.design).cluster.clone().expect(&md);
    assert_eq!(imported.design.get(cluster.as_str()).unwrap().name(), "aks-a");
    assert_eq!(cluster_named(&imported.design, "aks-b").ingress, IngressChoice::None);
}

/// The reads go through the client's retries and partial-failure handling:
/// a throttled credential list is retried and the link made; a denied role
/// assignment list is reported with the role it needs, the rest imported.
#[test]
fn throttled_reads_are_retried_and_a_denied_one_reported() {
    let d = gateway_template();
    let p = plan::plan(&d);
    let estate = Sim::new(&d, &p).run();
    let path = gateway_assignments(&estate.lists);
    let credentials = estate
        .lists
        .keys()
        .find(|k| k.ends_with("/federatedIdentityCredentials"))
        .unwrap()
        .clone();

    let server = serve(Sim::new(&d, &p).run());
    server.fault(&credentials, Fault::ThrottleOnce);
    server.fault(&path, Fault::ThrottleOnce);
    let imported = import_from(&server, &[]);
    let md = imported.report.to_markdown();
    assert!(gateway(&imported.design).cluster.is_some(), "{md}");
    assert!(
        imported.report.failures.is_empty() && imported.report.retries >= 2,
        "{md}"
    );

    let server = serve(estate);
    server.fault(&path, Fault::Forbidden);
    let imported = import_from(&server, &[]);
    let md = imported.report.to_markdown();
    assert!(gateway(&imported.design).cluster.is_none(), "{md}");
    let failure = imported
        .report
        .failures
        .iter()
        .find(|f| f.what.contains("role assignments of agc-demo-eus2"))
        .unwrap_or_else(|| panic!("{md}"));
    assert!(failure.message.contains("Reader"), "{md}");
    // Everything else still comes back.
    assert_eq!(
        imported.design.of_kind(netdraft_core::model::Kind::AksCluster).count(),
        1
    );
}
