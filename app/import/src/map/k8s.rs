//! Kubernetes LoadBalancer services as Azure holds them, and what it does not.
//!
//! AKS's cloud provider keeps an internal service as a frontend IP
//! configuration of the `kubernetes-internal` load balancer in the cluster's
//! node resource group (facts sheet §C.2): its private IP, subnet and rule
//! ports are there, but not the service's name, namespace or pod selector. A
//! public service is a frontend of the `kubernetes` load balancer there, on a
//! public IP the cloud provider made and tagged with the service.
//! Frontend IP configurations carry no tags; the cloud provider tags only the
//! public IPs it makes for public services (`k8s-azure-service`, "Tagging
//! resources managed by Cloud Provider Azure",
//! cloud-provider-azure.sigs.k8s.io/topics/tagging-resources; "Use Azure tags
//! in AKS", learn.microsoft.com/azure/aks/use-tags), and a Private Link
//! Service it made for a service with `k8s-azure-owner-service`. So a public
//! service comes back with its name and namespace, and an internal one only
//! through such a Private Link Service; otherwise it stands in as
//! `ilb-<ip>` in `default`, said in its notes. Its pod selector and external
//! traffic policy do not come back. The design holds an internal service's
//! address only as a static IP, so a `Dynamic` frontend's comes back as one,
//! reported as changed. Kubernetes objects with no Azure resource at all (cert-manager
//! issuers, Gateway API routes, network policies) are not in Azure Resource
//! Manager: a note says so whenever a cluster is imported.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::net::IpAddr;

use netdraft_core::Id;
use netdraft_core::model::{K8sService, Kind, Spec, TrafficPolicy};
use serde_json::Value;

use super::{AKS, LOAD_BALANCER, Mapper, PLS, PLS_OWNER_TAG, group_key, node_group};
use crate::raw::{RawResource, arr, get_ci, ref_field, str_field, u32_field};

/// The tag the cloud provider puts on a public IP it made for a service: `namespace/name`.
const SERVICE_TAG: &str = "k8s-azure-service";

/// A `namespace/name` tag value (the first, when an IP is shared by several services).
fn owner_of(value: &str) -> Option<(String, String)> {
    let first = value.split(',').next()?.trim();
    first
        .split_once('/')
        .filter(|(ns, n)| !ns.is_empty() && !n.is_empty())
        .map(|(ns, n)| (ns.to_owned(), n.to_owned()))
}

/// The ports of a frontend's load-balancing rules, sorted, without repeats.
fn rule_ports(rules: &[Value], fe_id: &str) -> Vec<u16> {
    let mut ports: Vec<u16> = rules
        .iter()
        .filter(|r| ref_field(r, "frontendIPConfiguration").is_some_and(|f| f.eq_ignore_ascii_case(fe_id)))
        .filter_map(|r| u32_field(r, "frontendPort").and_then(|p| u16::try_from(p).ok()))
        .filter(|p| *p > 0)
        .collect();
    ports.sort_unstable();
    ports.dedup();
    ports
}

/// A frontend of an AKS load balancer seen as a Kubernetes service.
struct Frontend {
    id: String,
    owner: Option<(String, String)>,
    internal: bool,
    ip: Option<IpAddr>,
    /// Azure chose the address (`privateIPAllocationMethod: Dynamic`).
    dynamic: bool,
    subnet: Option<Id>,
    ports: Vec<u16>,
}

impl Mapper<'_> {
    /// The public IPs the cloud provider made for public LoadBalancer services
    /// (tagged `k8s-azure-service`) on the `kubernetes` load balancer of a
    /// cluster's node resource group: the service holds them, not the design.
    pub(super) fn k8s_public_ips(&self, out: &mut BTreeMap<String, String>) {
        let groups: HashSet<String> = self.inv.of_type(AKS).filter_map(node_group).collect();
        for lb in self.inv.of_type(LOAD_BALANCER) {
            if !lb.name.eq_ignore_ascii_case("kubernetes") || !groups.contains(&group_key(&lb.id).unwrap_or_default()) {
                continue;
            }
            for fe in arr(&lb.body, "frontendIPConfigurations") {
                let Some(pip) = ref_field(fe, "publicIPAddress") else {
                    continue;
                };
                if let Some((ns, name)) = self.tagged_service(&pip) {
                    out.insert(pip.to_ascii_lowercase(), format!("{ns}/{name}"));
                }
            }
        }
    }

    /// Kubernetes LoadBalancer services: the frontends of the load balancers
    /// AKS keeps in a cluster's node resource group, `kubernetes-internal`
    /// (internal services: private IP, subnet and rule ports, §C.2) and
    /// `kubernetes` (public services: a public IP the cloud provider tagged
    /// with the service, and rule ports; its other frontends are the
    /// cluster's outbound IPs). Azure does not record an internal service's
    /// name; AKS writes it (`namespace/name`) only on a Private Link Service it
    /// made for the service.
    pub(super) fn k8s_services(&mut self) {
        let mut by_node_group: HashMap<String, (Id, String)> = HashMap::new();
        for c in self.inv.of_type(AKS) {
            if let (Some(id), Some(group)) = (self.resolve(Some(c.id.clone()), &[Kind::AksCluster]), node_group(c)) {
                by_node_group.insert(group, (id, c.name.clone()));
            }
        }
        let owners = self.pls_owners();
        for lb in self.inv.of_type(LOAD_BALANCER) {
            let internal = lb.name.eq_ignore_ascii_case("kubernetes-internal");
            if !internal && !lb.name.eq_ignore_ascii_case("kubernetes") {
                self.skip(
                    lb,
                    "not an AKS cluster's load balancer (`kubernetes`, `kubernetes-internal`); netdraft models Kubernetes LoadBalancer services, not load balancers",
                );
                continue;
            }
            let group = group_key(&lb.id).unwrap_or_default();
            let Some((cluster, cluster_name)) = by_node_group.get(&group).cloned() else {
                self.skip(
                    lb,
                    "an AKS load balancer whose cluster (the one with this node resource group) is not in the import",
                );
                continue;
            };
            self.consumed.insert(lb.key());
            if let Some(sku) = lb
                .body
                .get("sku")
                .and_then(|s| str_field(s, "name"))
                .filter(|s| !s.eq_ignore_ascii_case("Standard"))
            {
                self.changed(
                    lb,
                    "sku.name",
                    format!("`{sku}`"),
                    "`Standard` (the design's Kubernetes services hold no load balancer SKU)",
                );
            }
            let rules = arr(&lb.body, "loadBalancingRules");
            let mut services = 0;
            for fe in arr(&lb.body, "frontendIPConfigurations") {
                let fe_name = str_field(fe, "name").unwrap_or("?");
                let fe_id = get_ci(fe, "id").and_then(Value::as_str).map_or_else(
                    || format!("{}/frontendIPConfigurations/{fe_name}", lb.id),
                    str::to_owned,
                );
                let ports = rule_ports(rules, &fe_id);
                let frontend = if internal {
                    let ip = str_field(fe, "privateIPAddress").and_then(|i| i.parse::<IpAddr>().ok());
                    let subnet = self.resolve(ref_field(fe, "subnet"), &[Kind::Subnet]);
                    if ip.is_none() || subnet.is_none() {
                        self.report.skip(
                            &fe_id,
                            "AKS internal load balancer frontend",
                            "it has no private IP, or its subnet is not in the import",
                        );
                        continue;
                    }
                    let owner = owners.get(&fe_id.to_ascii_lowercase()).and_then(|o| owner_of(o));
                    let dynamic =
                        str_field(fe, "privateIPAllocationMethod").is_some_and(|m| m.eq_ignore_ascii_case("Dynamic"));
                    Frontend {
                        id: fe_id,
                        owner,
                        internal,
                        ip,
                        dynamic,
                        subnet,
                        ports,
                    }
                } else {
                    // A public service's name is on the public IP the cloud provider made for it.
                    let owner = ref_field(fe, "publicIPAddress").and_then(|p| self.tagged_service(&p));
                    if owner.is_none() {
                        self.report.skip(
                            &fe_id,
                            "AKS load balancer frontend",
                            "its public IP (not read, or without a `k8s-azure-service` tag) is not a LoadBalancer service's: the cluster's outbound IPs are the cluster's",
                        );
                        continue;
                    }
                    Frontend {
                        id: fe_id,
                        owner,
                        internal,
                        ip: None,
                        dynamic: false,
                        subnet: None,
                        ports,
                    }
                };
                self.k8s_service(lb, &cluster, &cluster_name, frontend);
                services += 1;
            }
            if services == 0 && !internal {
                self.skip(
                    lb,
                    "the AKS cluster's public load balancer, with no LoadBalancer service's frontend: its outbound frontends and rules are the cluster's outbound configuration, which the cluster holds",
                );
            }
        }
    }

    /// The service (`namespace`, `name`) whose tag a public IP carries, if it is read.
    fn tagged_service(&self, public_ip: &str) -> Option<(String, String)> {
        self.inv
            .get(public_ip)
            .and_then(|p| p.body.get("tags"))
            .and_then(|t| get_ci(t, SERVICE_TAG))
            .and_then(Value::as_str)
            .and_then(owner_of)
    }

    /// The service each AKS-made Private Link Service names (`k8s-azure-owner-service`), by frontend id.
    fn pls_owners(&self) -> HashMap<String, String> {
        let mut owners: HashMap<String, String> = HashMap::new();
        for p in self.inv.of_type(PLS) {
            let Some(owner) = p
                .body
                .get("tags")
                .and_then(|t| get_ci(t, PLS_OWNER_TAG))
                .and_then(Value::as_str)
            else {
                continue;
            };
            for f in arr(&p.body, "loadBalancerFrontendIpConfigurations") {
                if let Some(id) = get_ci(f, "id").and_then(Value::as_str) {
                    owners.insert(id.to_ascii_lowercase(), owner.to_owned());
                }
            }
        }
        owners
    }

    fn k8s_service(&mut self, lb: &RawResource, cluster: &Id, cluster_name: &str, f: Frontend) {
        let (namespace, name) = f.owner.clone().unwrap_or_else(|| {
            (
                "default".to_owned(),
                format!(
                    "ilb-{}",
                    f.ip.map(|i| i.to_string()).unwrap_or_default().replace(['.', ':'], "-")
                ),
            )
        });
        let frontend = RawResource {
            id: f.id.clone(),
            kind: format!("{LOAD_BALANCER}/frontendipconfigurations"),
            name: name.clone(),
            origin: lb.origin.clone(),
            body: Value::Null,
        };
        let spec = Spec::K8sService(K8sService {
            cluster: cluster.clone(),
            namespace,
            internal: f.internal,
            static_ip: f.ip,
            ports: f.ports,
            app: None,
            external_traffic_policy: TrafficPolicy::default(),
            public_reason: None,
        });
        if let (true, Some(ip)) = (f.dynamic, f.ip) {
            // The design holds an internal service's address only as a static IP.
            self.changed(
                &frontend,
                "privateIPAllocationMethod",
                "`Dynamic`",
                format!("`static_ip = \"{ip}\"`, the address Azure gave it (the exported service asks for it)"),
            );
        }
        let id = self.add(
            Some(&frontend),
            &format!("{cluster_name}-{name}"),
            &name,
            f.subnet,
            spec,
        );
        if let Some(res) = self.design.get_mut(id.as_str()) {
            // A Kubernetes object: no resource group of its own.
            res.meta.resource_group = None;
            if f.owner.is_none() {
                res.meta.notes = Some(format!(
                    "Imported from {}, a frontend of the cluster's internal load balancer. Azure does not record the Kubernetes service's name or namespace: `{name}` in `default` stand in for them.",
                    f.id
                ));
            }
        }
    }

    /// What an imported cluster may run that Azure Resource Manager does not
    /// hold, said once, with the kubectl command that supplies it
    /// ([`crate::kube`]): the import reads Azure, not the Kubernetes API.
    pub(super) fn kubernetes_side_note(&mut self) {
        let clusters = self.design.of_kind(Kind::AksCluster).count();
        if clusters > 0 {
            self.report.note(crate::kube::arm_note(clusters));
        }
    }
}
