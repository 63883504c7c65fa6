//! The cluster side of the round trip: per AKS cluster, what
//! `kubectl get clusterissuers,issuers,gateways,httproutes,backendtlspolicies,services -A -o json`
//! returns once the design's exported Kubernetes manifests are applied.
//!
//! The manifests are the export's own (`Format::K8s`, one directory per
//! cluster), with the `${…}` values a user fills in (envsubst) filled in,
//! parsed from YAML; kubectl keeps the objects of the listed kinds. The API
//! server adds what it adds to every object (uid, resourceVersion,
//! creationTimestamp, generation, the `last-applied-configuration`
//! annotation `kubectl apply` writes), a Service's defaults (cluster IP, IP
//! families, session affinity, node ports) and status (its load balancer's
//! address: an internal one's from `k8s::service_ips`, the address Azure
//! holds for it), and the cluster has its own Services (`default/kubernetes`,
//! `kube-system/kube-dns`, `kube-system/metrics-server`). Items come in
//! the order of the command's kinds, then by namespace and name, as kubectl
//! lists them.

use std::collections::BTreeMap;
use std::net::IpAddr;

use netdraft_core::Id;
use netdraft_core::model::{AksCluster, Design, K8sService};
use netdraft_core::plan::Plan;
use netdraft_core::text::dns1123;
use netdraft_export::{Format, Templates};
use serde_json::{Map, Value, json};
use yaml_rust2::{Yaml, YamlLoader};

use super::k8s::{service_ips, service_uid};
use crate::support::SUB;

/// The kinds the command lists, in its order.
const KINDS: &[&str] = &[
    "ClusterIssuer",
    "Issuer",
    "Gateway",
    "HTTPRoute",
    "BackendTLSPolicy",
    "Service",
];

/// The values a user substitutes into the exported manifests.
pub const DNS_ZONE: &str = "contoso.example";
pub const DNS_ZONE_RESOURCE_GROUP: &str = "rg-dns";
const CLIENT_ID: &str = "00000000-0000-0000-0000-00000000c1d0";

fn envsubst(text: &str) -> String {
    text.replace("${SUBSCRIPTION_ID}", SUB)
        .replace("${DNS_ZONE_RESOURCE_GROUP}", DNS_ZONE_RESOURCE_GROUP)
        .replace("${DNS_ZONE_NAME}", DNS_ZONE)
        .replace("${CERT_MANAGER_CLIENT_ID}", CLIENT_ID)
}

fn to_json(y: &Yaml) -> Value {
    match y {
        Yaml::Real(r) => r.parse::<f64>().map_or_else(|_| json!(r), |f| json!(f)),
        Yaml::Integer(i) => json!(i),
        Yaml::String(s) => json!(s),
        Yaml::Boolean(b) => json!(b),
        Yaml::Array(a) => Value::Array(a.iter().map(to_json).collect()),
        Yaml::Hash(h) => Value::Object(
            h.iter()
                .map(|(k, v)| {
                    let key = match k {
                        Yaml::String(s) => s.clone(),
                        Yaml::Integer(i) => i.to_string(),
                        other => panic!("a key that is not a string: {other:?}"),
                    };
                    (key, to_json(v))
                })
                .collect::<Map<String, Value>>(),
        ),
        Yaml::Null => Value::Null,
        Yaml::Alias(_) | Yaml::BadValue => panic!("the exported YAML holds {y:?}"),
    }
}

/// Per cluster (its Azure name), the kubectl `List`.
pub fn lists(d: &Design, p: &Plan) -> Vec<(String, Value)> {
    let files = netdraft_export::export(
        d,
        p,
        &Templates::builtin(Format::K8s),
        &netdraft_export::plan_findings(p),
    )
    .unwrap();
    let ips = service_ips(d, p);
    let mut out = Vec::new();
    for (c, _) in d.all::<AksCluster>() {
        let dir = format!("{}/", dns1123(c.name()));
        let mut items: Vec<Value> = Vec::new();
        for f in files.iter().filter(|f| f.path.starts_with(&dir)) {
            let docs = YamlLoader::load_from_str(&envsubst(&f.contents)).unwrap_or_else(|e| panic!("{}: {e}", f.path));
            items.extend(
                docs.iter()
                    .map(to_json)
                    .filter(|o| o["kind"].as_str().is_some_and(|k| KINDS.contains(&k))),
            );
        }
        items.extend(system_services());
        for (seq, item) in (1..).zip(items.iter_mut()) {
            applied(item, seq);
            if item["kind"] == "Service" && item["spec"]["type"] == "LoadBalancer" {
                load_balancer_status(d, &ips, &c.id, item);
            }
        }
        let rank = |o: &Value| {
            (
                KINDS.iter().position(|k| o["kind"] == *k).unwrap_or(KINDS.len()),
                o["metadata"]["namespace"].as_str().unwrap_or_default().to_owned(),
                o["metadata"]["name"].as_str().unwrap_or_default().to_owned(),
            )
        };
        items.sort_by_key(rank);
        out.push((
            c.name().to_owned(),
            json!({"apiVersion": "v1", "kind": "List", "metadata": {"resourceVersion": ""}, "items": items}),
        ));
    }
    out
}

/// A LoadBalancer service's uid (the one its Azure frontend is named after)
/// and the address its load balancer gave it.
fn load_balancer_status(design: &Design, ips: &BTreeMap<Id, IpAddr>, cluster: &Id, item: &mut Value) {
    let (ns, name) = (item["metadata"]["namespace"].clone(), item["metadata"]["name"].clone());
    let (svc, spec) = design
        .all::<K8sService>()
        .find(|(r, s)| &s.cluster == cluster && json!(dns1123(r.name())) == name && json!(dns1123(&s.namespace)) == ns)
        .unwrap_or_else(|| panic!("the exported service {ns}/{name} is not the design's"));
    item["metadata"]["uid"] = json!(service_uid(&svc.id));
    let ip = if spec.internal {
        ips.get(&svc.id).map(ToString::to_string)
    } else {
        // The public IP the cloud provider made for it (simulated, not held by the design).
        let h = service_uid(&svc.id)
            .bytes()
            .fold(7u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b)));
        Some(format!("20.{}.{}.{}", 50 + h % 50, (h >> 8) % 256, 1 + (h >> 16) % 254))
    };
    if let Some(ip) = ip {
        item["status"] = json!({"loadBalancer": {"ingress": [{"ip": ip, "ipMode": "VIP"}]}});
    }
}

/// What the API server and `kubectl apply` add to an applied object (the
/// `n`th), and a Service's defaults.
fn applied(o: &mut Value, n: u32) {
    let manifest = o.to_string();
    let meta = o["metadata"].as_object_mut().unwrap();
    meta.entry("uid")
        .or_insert_with(|| json!(format!("00000000-0000-4000-8000-{n:012x}")));
    meta.insert("resourceVersion".into(), json!((1000 + n).to_string()));
    meta.insert("creationTimestamp".into(), json!("2026-12-01T10:00:00Z"));
    if o["kind"] != "Service" {
        o["metadata"]["generation"] = json!(1);
    }
    let annotations = o["metadata"]
        .as_object_mut()
        .unwrap()
        .entry("annotations")
        .or_insert_with(|| json!({}));
    annotations["kubectl.kubernetes.io/last-applied-configuration"] = json!(manifest);
    match o["kind"].as_str() {
        Some("Service") => {
            let spec = o["spec"].as_object_mut().unwrap();
            spec.entry("clusterIP")
                .or_insert_with(|| json!(format!("172.16.{}.{}", n / 250, 2 + n % 250)));
            let ip = spec["clusterIP"].clone();
            spec.insert("clusterIPs".into(), json!([ip]));
            spec.insert("ipFamilies".into(), json!(["IPv4"]));
            spec.insert("ipFamilyPolicy".into(), json!("SingleStack"));
            spec.insert("sessionAffinity".into(), json!("None"));
            spec.insert("internalTrafficPolicy".into(), json!("Cluster"));
            if spec.get("type") == Some(&json!("LoadBalancer")) {
                spec.insert("allocateLoadBalancerNodePorts".into(), json!(true));
                for (i, p) in spec
                    .get_mut("ports")
                    .and_then(Value::as_array_mut)
                    .into_iter()
                    .flatten()
                    .enumerate()
                {
                    p["nodePort"] = json!(30000 + n * 10 + i as u32);
                }
            }
            o.as_object_mut()
                .unwrap()
                .entry("status")
                .or_insert_with(|| json!({"loadBalancer": {}}));
        }
        Some("ClusterIssuer" | "Issuer") => {
            o["status"] = json!({"acme": {"uri": "https://acme-staging-v02.api.letsencrypt.org/acme/acct/1"},
                                 "conditions": [{"type": "Ready", "status": "True", "reason": "ACMEAccountRegistered"}]});
        }
        Some("Gateway") => {
            o["status"] = json!({"addresses": [{"type": "Hostname", "value": "a1b2c3d4.fz12.alb.azure.com"}],
                                 "conditions": [{"type": "Programmed", "status": "True"}]});
        }
        _ => {}
    }
}

/// The Services every AKS cluster has.
fn system_services() -> Vec<Value> {
    let svc = |ns: &str, name: &str, ip: &str, ports: Value| {
        json!({"apiVersion": "v1", "kind": "Service",
               "metadata": {"name": name, "namespace": ns, "labels": {"component": name}},
               "spec": {"type": "ClusterIP", "clusterIP": ip, "ports": ports}})
    };
    vec![
        svc(
            "default",
            "kubernetes",
            "172.16.0.1",
            json!([{"name": "https", "port": 443, "protocol": "TCP", "targetPort": 443}]),
        ),
        svc(
            "kube-system",
            "kube-dns",
            "172.16.0.10",
            json!([{"name": "dns", "port": 53, "protocol": "UDP", "targetPort": 53}]),
        ),
        svc(
            "kube-system",
            "metrics-server",
            "172.16.0.20",
            json!([{"name": "https", "port": 443, "protocol": "TCP", "targetPort": 4443}]),
        ),
    ]
}

/// Kept apart so a test can list the clusters' objects by kind.
pub fn kinds(list: &Value) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for o in list["items"].as_array().into_iter().flatten() {
        out.entry(o["kind"].as_str().unwrap_or_default().to_owned())
            .or_default()
            .push(o["metadata"]["name"].as_str().unwrap_or_default().to_owned());
    }
    out
}
