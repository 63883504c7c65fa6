//! Saved kubectl output imported with saved Azure output: each object kind
//! mapped onto the design, the cluster told from the objects or named, the
//! error when it cannot be told, and what is not modelled, reported.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::needless_pass_by_value)]

use std::net::IpAddr;

use netdraft_core::model::{AcmeSolver, AgcDeployment, AppGatewayForContainers, CertIssuer, K8sService, TrafficPolicy};
use netdraft_import::{ImportError, Imported, InputFile, import_files};
use serde_json::{Value, json};

const SUB: &str = "/subscriptions/s1";
const NET: &str = "/subscriptions/s1/resourceGroups/rg-aks/providers/Microsoft.Network";
const AGC_ID: &str =
    "/subscriptions/s1/resourceGroups/rg-aks/providers/Microsoft.ServiceNetworking/trafficControllers/agc1";

/// A cluster `name` on `vnet` (10.N.0.0/16, node subnet 10.N.0.0/22), with its
/// internal load balancer holding one service at 10.N.0.50 on port 443.
fn cluster(name: &str, vnet: &str, n: u8) -> Vec<Value> {
    let node_rg = format!("MC_rg-aks_{name}_northeurope");
    let lb = format!("{SUB}/resourceGroups/{node_rg}/providers/Microsoft.Network/loadBalancers/kubernetes-internal");
    let fe = format!("{lb}/frontendIPConfigurations/afe{n}");
    vec![
        json!({"id": format!("{NET}/virtualNetworks/{vnet}"), "name": vnet, "type": "Microsoft.Network/virtualNetworks",
               "location": "northeurope", "addressSpace": {"addressPrefixes": [format!("10.{n}.0.0/16")]},
               "subnets": [
                   {"id": format!("{NET}/virtualNetworks/{vnet}/subnets/nodes"), "name": "nodes", "addressPrefix": format!("10.{n}.0.0/22")},
                   {"id": format!("{NET}/virtualNetworks/{vnet}/subnets/ilb"), "name": "ilb", "addressPrefix": format!("10.{n}.8.0/24")},
                   {"id": format!("{NET}/virtualNetworks/{vnet}/subnets/agc"), "name": "agc", "addressPrefix": format!("10.{n}.4.0/24"),
                    "delegations": [{"name": "d", "serviceName": "Microsoft.ServiceNetworking/trafficControllers"}]}]}),
        json!({"id": format!("{SUB}/resourcegroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/{name}"),
               "name": name, "type": "Microsoft.ContainerService/ManagedClusters", "location": "northeurope",
               "nodeResourceGroup": node_rg,
               "networkProfile": {"networkPlugin": "azure", "serviceCidr": "172.16.0.0/16", "dnsServiceIp": "172.16.0.10"},
               "agentPoolProfiles": [{"name": "np1", "mode": "System", "vmSize": "Standard_D4ds_v5", "count": 3, "maxPods": 30,
                                      "vnetSubnetId": format!("{NET}/virtualNetworks/{vnet}/subnets/nodes")}]}),
        json!({"id": lb, "name": "kubernetes-internal", "type": "Microsoft.Network/loadBalancers", "location": "northeurope",
               "sku": {"name": "Standard"},
               "properties": {
                   "frontendIPConfigurations": [{"id": fe, "name": format!("afe{n}"), "properties": {
                       "privateIPAddress": format!("10.{n}.0.50"), "privateIPAllocationMethod": "Dynamic",
                       "subnet": {"id": format!("{NET}/virtualNetworks/{vnet}/subnets/nodes")}}}],
                   "loadBalancingRules": [{"id": format!("{lb}/loadBalancingRules/r443"), "name": "r443", "properties": {
                       "frontendIPConfiguration": {"id": fe}, "frontendPort": 443, "backendPort": 443, "protocol": "Tcp"}}]}}),
    ]
}

/// App Gateway for Containers `agc1` in the first cluster's VNet, not linked to a cluster.
fn agc() -> Vec<Value> {
    vec![
        json!({"id": AGC_ID, "name": "agc1", "type": "Microsoft.ServiceNetworking/trafficControllers", "location": "northeurope",
               "properties": {"frontends": [{"id": format!("{AGC_ID}/frontends/fe1")}]}}),
        json!({"id": format!("{AGC_ID}/associations/as1"), "name": "as1",
               "type": "Microsoft.ServiceNetworking/trafficControllers/associations",
               "properties": {"associationType": "subnets", "subnet": {"id": format!("{NET}/virtualNetworks/vnet-a/subnets/agc")}}}),
    ]
}

fn azure(clusters: usize) -> InputFile {
    let mut all = cluster("aks-a", "vnet-a", 1);
    if clusters > 1 {
        all.extend(cluster("aks-b", "vnet-b", 2));
    }
    all.extend(agc());
    InputFile::new("azure.json", Value::Array(all).to_string())
}

fn list(items: Vec<Value>) -> String {
    json!({"apiVersion": "v1", "kind": "List", "metadata": {"resourceVersion": ""}, "items": items}).to_string()
}

fn meta(name: &str, namespace: Option<&str>) -> Value {
    let mut m = json!({"name": name, "uid": "9b0c7c1e-0000-4000-8000-000000000001", "resourceVersion": "4711",
                       "creationTimestamp": "2026-12-01T10:00:00Z"});
    if let Some(ns) = namespace {
        m["namespace"] = json!(ns);
    }
    m
}

fn issuer(name: &str, solver: Value) -> Value {
    json!({"apiVersion": "cert-manager.io/v1", "kind": "ClusterIssuer", "metadata": meta(name, None),
           "spec": {"acme": {"email": "ops@contoso.example", "server": "https://acme-staging-v02.api.letsencrypt.org/directory",
                             "privateKeySecretRef": {"name": format!("{name}-account-key")}, "solvers": [solver]}},
           "status": {"conditions": [{"type": "Ready", "status": "True"}]}})
}

/// A LoadBalancer service; `ip` is what its load balancer gave it.
fn lb_service(ns: &str, name: &str, ip: &str, annotations: Value, ports: &[u16]) -> Value {
    let mut m = meta(name, Some(ns));
    m["annotations"] = annotations;
    let ports: Vec<Value> = ports
        .iter()
        .map(|p| json!({"name": format!("port-{p}"), "port": p, "targetPort": p, "protocol": "TCP", "nodePort": 31000}))
        .collect();
    json!({"apiVersion": "v1", "kind": "Service", "metadata": m,
           "spec": {"type": "LoadBalancer", "clusterIP": "172.16.3.4", "clusterIPs": ["172.16.3.4"], "externalTrafficPolicy": "Local",
                    "selector": {"app": "orders"}, "ports": ports, "sessionAffinity": "None"},
           "status": {"loadBalancer": {"ingress": [{"ip": ip, "ipMode": "VIP"}]}}})
}

fn internal() -> Value {
    json!({"service.beta.kubernetes.io/azure-load-balancer-internal": "true"})
}

fn import(files: Vec<InputFile>) -> Imported {
    import_files(&files).unwrap_or_else(|e| panic!("{e}"))
}

fn kubectl(name: &str, items: Vec<Value>) -> InputFile {
    InputFile::new(name, list(items))
}

#[test]
fn cluster_issuers_become_cert_manager_issuers_of_the_cluster() {
    let imported = import(vec![
        azure(1),
        kubectl(
            "k8s.json",
            vec![
                issuer(
                    "le-http",
                    json!({"http01": {"ingress": {"class": "azure/application-gateway"}}}),
                ),
                issuer(
                    "le-dns",
                    json!({"dns01": {"azureDNS": {"subscriptionID": "s1", "resourceGroupName": "rg-dns",
                                                  "hostedZoneName": "contoso.example", "environment": "AzurePublicCloud"}}}),
                ),
                issuer(
                    "le-gw",
                    json!({"http01": {"gatewayHTTPRoute": {"parentRefs": [{"name": "gw", "kind": "Gateway"}]}}}),
                ),
                json!({"apiVersion": "cert-manager.io/v1", "kind": "ClusterIssuer", "metadata": meta("self", None),
                       "spec": {"selfSigned": {}}}),
            ],
        ),
    ]);
    let d = &imported.design;
    let aks = d
        .of_kind(netdraft_core::model::Kind::AksCluster)
        .next()
        .unwrap()
        .id
        .clone();
    let by_name = |n: &str| {
        let (r, i) = d.all::<CertIssuer>().find(|(r, _)| r.name() == n).unwrap();
        assert_eq!(r.parent(), Some(&aks), "{n} sits in its cluster");
        i.clone()
    };
    let http = by_name("le-http");
    assert_eq!(http.cluster, aks);
    assert_eq!(http.solver, AcmeSolver::Http01);
    assert_eq!(http.ingress_class.as_deref(), Some("azure/application-gateway"));
    assert_eq!(http.email, "ops@contoso.example");
    assert_eq!(http.server, "https://acme-staging-v02.api.letsencrypt.org/directory");
    let dns = by_name("le-dns");
    assert_eq!(dns.solver, AcmeSolver::Dns01);
    assert_eq!(dns.dns_zone.as_deref(), Some("contoso.example"));
    assert_eq!(dns.dns_zone_resource_group.as_deref(), Some("rg-dns"));
    let gw = by_name("le-gw");
    assert_eq!((gw.solver, gw.ingress_class), (AcmeSolver::Http01, None));
    // The self-signed issuer is not an ACME one: skipped, naming the file, the item and the field.
    let skipped = imported
        .report
        .skipped
        .iter()
        .find(|s| s.source == "k8s.json: ClusterIssuer/self")
        .unwrap();
    assert!(
        skipped.reason.contains("`spec.acme`") && skipped.reason.contains("selfSigned"),
        "{skipped:?}"
    );
    assert_eq!(d.all::<CertIssuer>().count(), 3);
    // What an issuer holds and the design does not is listed.
    let nm = imported
        .report
        .not_modelled
        .iter()
        .find(|n| n.source == "k8s.json: ClusterIssuer/le-dns")
        .unwrap();
    assert_eq!(nm.paths, ["spec.acme.privateKeySecretRef.name"]);
}

#[test]
fn a_namespaced_issuer_is_imported_and_its_kind_reported_as_changed() {
    let mut item = issuer("team-le", json!({"http01": {"ingress": {"ingressClassName": "nginx"}}}));
    item["kind"] = json!("Issuer");
    item["metadata"]["namespace"] = json!("team");
    let imported = import(vec![azure(1), kubectl("k8s.json", vec![item])]);
    let (_, i) = imported.design.all::<CertIssuer>().next().unwrap();
    assert_eq!(i.ingress_class.as_deref(), Some("nginx"));
    let c = imported.report.changed.iter().find(|c| c.field == "kind").unwrap();
    assert_eq!(c.source, "k8s.json: Issuer/team/team-le");
    assert!(c.live.contains("`team`"), "{c:?}");
}

fn gateway(annotations: Value, hostname: Option<&str>) -> Value {
    let mut m = meta("gw", Some("apps"));
    m["annotations"] = annotations;
    let mut listener =
        json!({"name": "https", "port": 443, "protocol": "HTTPS", "allowedRoutes": {"namespaces": {"from": "All"}}});
    if let Some(h) = hostname {
        listener["hostname"] = json!(h);
    }
    json!({"apiVersion": "gateway.networking.k8s.io/v1", "kind": "Gateway", "metadata": m,
           "spec": {"gatewayClassName": "azure-alb-external", "listeners": [listener],
                    "addresses": [{"type": "alb.networking.azure.io/alb-frontend", "value": "fe1"}]},
           "status": {"addresses": [{"type": "Hostname", "value": "abc.fz12.alb.azure.com"}]}})
}

fn route(name: &str, ns: &str, hosts: &[&str], backend: &str) -> Value {
    json!({"apiVersion": "gateway.networking.k8s.io/v1", "kind": "HTTPRoute", "metadata": meta(name, Some(ns)),
           "spec": {"parentRefs": [{"name": "gw", "namespace": "apps"}], "hostnames": hosts,
                    "rules": [{"backendRefs": [{"name": backend, "port": 443}]}]}})
}

fn backend_tls(target_ns: &str, target: &str) -> Value {
    json!({"apiVersion": "alb.networking.azure.io/v1", "kind": "BackendTLSPolicy", "metadata": meta("mtls", Some("apps")),
           "spec": {"targetRef": {"group": "", "kind": "Service", "name": target, "namespace": target_ns},
                    "default": {"sni": "shop.contoso.example", "ports": [{"port": 443}]}}})
}

#[test]
fn gateway_routes_and_backend_tls_fill_the_app_gateway_for_containers() {
    let imported = import(vec![
        azure(1),
        kubectl(
            "k8s.json",
            vec![
                gateway(
                    json!({"alb.networking.azure.io/alb-id": AGC_ID}),
                    Some("www.contoso.example"),
                ),
                route("shop", "apps", &["shop.contoso.example", "www.contoso.example"], "web"),
                route("api", "api", &["api.contoso.example"], "api"),
                backend_tls("apps", "web"),
            ],
        ),
    ]);
    let (_, a) = imported.design.all::<AppGatewayForContainers>().next().unwrap();
    assert_eq!(
        a.hostnames,
        ["shop.contoso.example", "www.contoso.example", "api.contoso.example"]
    );
    assert!(a.backend_tls);
    assert_eq!(a.frontends, ["fe1"]);
    assert_eq!(a.deployment, AgcDeployment::Byo);
    // The link to the cluster is Azure's side; the kubectl output does not set it.
    assert_eq!(a.cluster, None);
    assert!(imported.report.skipped.is_empty(), "{:?}", imported.report.skipped);
    let paths = |source: &str| {
        imported
            .report
            .not_modelled
            .iter()
            .find(|n| n.source == source)
            .map(|n| n.paths.clone())
            .unwrap_or_default()
    };
    assert_eq!(
        paths("k8s.json: Gateway/apps/gw"),
        [
            "spec.listeners[].allowedRoutes.namespaces",
            "spec.listeners[].name",
            "spec.listeners[].port",
            "spec.listeners[].protocol"
        ]
    );
    assert!(paths("k8s.json: HTTPRoute/apps/shop").is_empty());
    assert_eq!(
        paths("k8s.json: BackendTLSPolicy/apps/mtls"),
        ["spec.default.ports[].port", "spec.default.sni"]
    );
}

#[test]
fn a_policy_on_a_service_no_agc_route_sends_to_is_skipped_and_backend_tls_stays_off() {
    let imported = import(vec![
        azure(1),
        kubectl(
            "k8s.json",
            vec![
                gateway(json!({"alb.networking.azure.io/alb-id": AGC_ID}), None),
                route("shop", "apps", &["shop.contoso.example"], "web"),
                backend_tls("apps", "other"),
                json!({"apiVersion": "gateway.networking.k8s.io/v1", "kind": "Gateway", "metadata": meta("istio", Some("apps")),
                       "spec": {"gatewayClassName": "istio", "listeners": []}}),
            ],
        ),
    ]);
    let (_, a) = imported.design.all::<AppGatewayForContainers>().next().unwrap();
    assert_eq!(a.hostnames, ["shop.contoso.example"]);
    assert!(!a.backend_tls);
    let reasons: Vec<(&str, &str)> = imported
        .report
        .skipped
        .iter()
        .map(|s| (s.source.as_str(), s.reason.as_str()))
        .collect();
    assert!(
        reasons
            .iter()
            .any(|(s, r)| *s == "k8s.json: BackendTLSPolicy/apps/mtls" && r.contains("`spec.targetRef`")),
        "{reasons:?}"
    );
    assert!(
        reasons
            .iter()
            .any(|(s, r)| *s == "k8s.json: Gateway/apps/istio" && r.contains("`spec.gatewayClassName` is `istio`")),
        "{reasons:?}"
    );
}

#[test]
fn a_managed_gateway_makes_its_agc_managed() {
    let imported = import(vec![
        azure(1),
        kubectl(
            "k8s.json",
            vec![
                gateway(
                    json!({"alb.networking.azure.io/alb-namespace": "apps", "alb.networking.azure.io/alb-name": "agc1"}),
                    Some("shop.contoso.example"),
                ),
                route("shop", "apps", &[], "web"),
            ],
        ),
    ]);
    let (_, a) = imported.design.all::<AppGatewayForContainers>().next().unwrap();
    assert_eq!(a.deployment, AgcDeployment::Managed);
    // No route host names: the listener's.
    assert_eq!(a.hostnames, ["shop.contoso.example"]);
}

#[test]
fn a_gateway_naming_an_agc_not_imported_is_skipped_with_the_annotation() {
    let other = AGC_ID.replace("agc1", "agc9");
    let imported = import(vec![
        azure(1),
        kubectl(
            "k8s.json",
            vec![gateway(json!({"alb.networking.azure.io/alb-id": other}), None)],
        ),
    ]);
    let s = &imported.report.skipped[0];
    assert_eq!(s.source, "k8s.json: Gateway/apps/gw");
    assert!(
        s.reason.contains("alb.networking.azure.io/alb-id") && s.reason.contains("agc9"),
        "{s:?}"
    );
}

#[test]
fn a_load_balancer_service_names_the_frontend_azure_holds_by_its_ip() {
    let imported = import(vec![
        azure(1),
        kubectl(
            "k8s.json",
            vec![lb_service("orders", "orders-internal", "10.1.0.50", internal(), &[443])],
        ),
    ]);
    let all: Vec<_> = imported.design.all::<K8sService>().collect();
    assert_eq!(all.len(), 1, "matched, not made again");
    let (r, s) = all[0];
    assert_eq!(r.name(), "orders-internal");
    assert_eq!(s.namespace, "orders");
    assert_eq!(s.app.as_deref(), Some("orders"));
    assert_eq!(s.external_traffic_policy, TrafficPolicy::Local);
    assert_eq!(s.ports, [443]);
    // It asks for no address: the design holds none, and Azure's `Dynamic` frontend is no longer a change.
    assert_eq!(s.static_ip, None);
    assert!(
        !imported
            .report
            .changed
            .iter()
            .any(|c| c.field == "privateIPAllocationMethod"),
        "{:?}",
        imported.report.changed
    );
    let entry = imported.report.imported.iter().find(|i| i.id == r.id).unwrap();
    assert_eq!(entry.name, "orders-internal");
}

#[test]
fn a_service_azure_side_was_not_imported_is_made_in_the_subnet_it_names() {
    let mut ann = internal();
    ann["service.beta.kubernetes.io/azure-load-balancer-internal-subnet"] = json!("ilb");
    ann["service.beta.kubernetes.io/azure-load-balancer-ipv4"] = json!("10.1.8.10");
    ann["example.com/owner"] = json!("team-a");
    let imported = import(vec![
        azure(1),
        kubectl(
            "k8s.json",
            vec![
                lb_service("orders", "orders-internal", "10.1.0.50", internal(), &[443]),
                lb_service("pay", "pay-internal", "10.1.8.10", ann, &[8443, 8080]),
                lb_service("pay", "pay-public", "20.1.2.3", json!({}), &[443]),
            ],
        ),
    ]);
    let d = &imported.design;
    let find = |n: &str| d.all::<K8sService>().find(|(r, _)| r.name() == n).unwrap();
    let (r, s) = find("pay-internal");
    assert_eq!(d.get(r.parent().unwrap().as_str()).unwrap().name(), "ilb");
    assert_eq!(s.static_ip, Some("10.1.8.10".parse::<IpAddr>().unwrap()));
    assert_eq!(s.ports, [8443, 8080]);
    let (r, s) = find("pay-public");
    assert!(!s.internal && r.parent().is_none());
    // What the design cannot hold is listed.
    let nm = imported
        .report
        .not_modelled
        .iter()
        .find(|n| n.name == "pay-internal")
        .unwrap();
    assert_eq!(nm.paths, ["metadata.annotations.example.com/owner"]);
}

#[test]
fn the_cluster_is_told_by_a_service_ip_and_else_must_be_named() {
    // Two clusters: the service at 10.2.0.50 is held by aks-b's load balancer.
    let imported = import(vec![
        azure(2),
        kubectl(
            "b.json",
            vec![
                lb_service("orders", "orders-b", "10.2.0.50", internal(), &[443]),
                issuer("le", json!({"http01": {"ingress": {"class": "nginx"}}})),
            ],
        ),
    ]);
    let d = &imported.design;
    let (_, i) = d.all::<CertIssuer>().next().unwrap();
    assert_eq!(d.get(i.cluster.as_str()).unwrap().name(), "aks-b");

    // Nothing in the file says which cluster: an error naming the file and the fix.
    let files = vec![
        azure(2),
        kubectl(
            "issuers.json",
            vec![issuer("le", json!({"http01": {"ingress": {"class": "nginx"}}}))],
        ),
    ];
    let e = import_files(&files).unwrap_err();
    assert!(matches!(e, ImportError::Kube { .. }));
    let msg = e.to_string();
    assert!(
        msg.starts_with("issuers.json: ")
            && msg.contains("`aks-a`")
            && msg.contains("`aks-b`")
            && msg.contains("--kube-cluster"),
        "{msg}"
    );

    // Named, it goes there.
    let mut named = files.clone();
    named[1].kube_cluster = Some("AKS-A".into());
    let imported = import(named);
    let (_, i) = imported.design.all::<CertIssuer>().next().unwrap();
    assert_eq!(imported.design.get(i.cluster.as_str()).unwrap().name(), "aks-a");

    // A name not in the import is an error listing the clusters.
    let mut wrong = files;
    wrong[1].kube_cluster = Some("aks-z".into());
    let msg = import_files(&wrong).unwrap_err().to_string();
    assert!(msg.contains("`aks-z`") && msg.contains("`aks-a`, `aks-b`"), "{msg}");
}

#[test]
fn objects_pointing_at_two_clusters_are_an_error() {
    let files = vec![
        azure(2),
        kubectl(
            "mixed.json",
            vec![
                lb_service("orders", "orders-a", "10.1.0.50", internal(), &[443]),
                lb_service("orders", "orders-b", "10.2.0.50", internal(), &[443]),
            ],
        ),
    ];
    let msg = import_files(&files).unwrap_err().to_string();
    assert!(
        msg.starts_with("mixed.json: ") && msg.contains("Service/orders/orders-a") && msg.contains("aks-b"),
        "{msg}"
    );
}

#[test]
fn with_one_cluster_the_objects_are_its_own_and_the_rest_is_reported_not_modelled() {
    let mut deployments: Vec<Value> = (1..=3)
        .map(|i| {
            json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": meta(&format!("web-{i}"), Some("apps")),
                   "spec": {"replicas": 2}})
        })
        .collect();
    deployments.push(
        json!({"apiVersion": "v1", "kind": "Service", "metadata": meta("kubernetes", Some("default")),
                            "spec": {"type": "ClusterIP", "clusterIP": "172.16.0.1", "ports": [{"port": 443}]}}),
    );
    deployments.push(json!({"kind": "Mystery"}));
    deployments.push(issuer("le", json!({"http01": {"ingress": {"class": "nginx"}}})));
    let imported = import(vec![azure(1), kubectl("k8s.json", deployments)]);
    let r = &imported.report;
    assert_eq!(imported.design.all::<CertIssuer>().count(), 1);
    let sources: Vec<&str> = r.skipped.iter().map(|s| s.source.as_str()).collect();
    for s in [
        "k8s.json: Deployment/apps/web-1",
        "k8s.json: Deployment/apps/web-2",
        "k8s.json: Deployment/apps/web-3",
        "k8s.json: Service/default/kubernetes",
        "k8s.json items[4]",
    ] {
        assert!(sources.contains(&s), "{s}: {sources:?}");
    }
    let note = r.notes.iter().find(|n| n.contains("not modelled")).unwrap();
    assert!(
        note.contains("4 Kubernetes objects are not modelled")
            && note.contains("Deployment (apps) (3): `Deployment/apps/web-1`")
            && note.contains("Service (ClusterIP) (1)"),
        "{note}"
    );
    let md = r.to_markdown();
    assert!(
        md.contains("k8s.json: kubectl output of 6 Kubernetes objects (1 of the kinds netdraft maps)"),
        "{md}"
    );
    // The note that no Kubernetes objects were read is gone; none names the kubectl command as missing.
    assert!(
        !r.notes.iter().any(|n| n.starts_with("Kubernetes objects of the")),
        "{:?}",
        r.notes
    );
}

#[test]
fn without_kubectl_output_the_report_names_the_command_that_supplies_it() {
    let imported = import(vec![azure(1)]);
    let note = imported
        .report
        .notes
        .iter()
        .find(|n| n.starts_with("Kubernetes objects of the 1 imported cluster are not imported"))
        .unwrap();
    assert!(note.contains(netdraft_import::kube::KUBECTL_COMMAND), "{note}");
}

#[test]
fn kubectl_output_without_a_cluster_in_the_import_is_an_error() {
    let e = import_files(&[kubectl(
        "k8s.json",
        vec![issuer("le", json!({"http01": {"ingress": {"class": "nginx"}}}))],
    )])
    .unwrap_err()
    .to_string();
    assert!(
        e.starts_with("k8s.json: ") && e.contains("no AKS cluster") && e.contains("ClusterIssuer/le"),
        "{e}"
    );
}

#[test]
fn kubectl_output_goes_over_a_live_import_too() {
    let mut imported = import(vec![azure(1)]);
    netdraft_import::import_kube(
        &mut imported,
        &[kubectl(
            "k8s.json",
            vec![lb_service("orders", "orders-internal", "10.1.0.50", internal(), &[443])],
        )],
    )
    .unwrap();
    let (r, _) = imported.design.all::<K8sService>().next().unwrap();
    assert_eq!(r.name(), "orders-internal");
    let e = netdraft_import::import_kube(&mut imported, &[InputFile::new("vnets.json", "[]")])
        .unwrap_err()
        .to_string();
    assert!(e.starts_with("vnets.json: not kubectl output"), "{e}");
}

#[test]
fn the_gateway_api_backend_tls_policy_with_target_refs_counts_too() {
    let policy = json!({"apiVersion": "gateway.networking.k8s.io/v1alpha3", "kind": "BackendTLSPolicy",
                        "metadata": meta("web-tls", Some("apps")),
                        "spec": {"targetRefs": [{"group": "", "kind": "Service", "name": "web"}],
                                 "validation": {"hostname": "web.apps.svc"}}});
    let imported = import(vec![
        azure(1),
        kubectl(
            "k8s.json",
            vec![
                gateway(json!({"alb.networking.azure.io/alb-id": AGC_ID}), None),
                route("shop", "apps", &["shop.contoso.example"], "web"),
                policy,
            ],
        ),
    ]);
    let (_, a) = imported.design.all::<AppGatewayForContainers>().next().unwrap();
    assert!(a.backend_tls);
    let note = imported
        .report
        .notes
        .iter()
        .find(|n| n.starts_with("App Gateway for Containers `agc1`: host names and backend TLS read from"))
        .unwrap();
    assert!(
        note.contains("Gateway/apps/gw")
            && note.contains("HTTPRoute/apps/shop")
            && note.contains("BackendTLSPolicy/apps/web-tls"),
        "{note}"
    );
}
