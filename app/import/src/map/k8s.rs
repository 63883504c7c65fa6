//! Kubernetes LoadBalancer services as Azure holds them, and what it does not.
//!
//! AKS's cloud provider keeps an internal service as a frontend IP
//! configuration of the `kubernetes-internal` load balancer in the cluster's
//! node resource group (facts sheet §C.2): its private IP, subnet and rule
//! ports are there, but not the service's name, namespace or pod selector.
//! Frontend IP configurations carry no tags; the cloud provider tags only the
//! public IPs it makes for public services (`k8s-azure-service`, "Tagging
//! resources managed by Cloud Provider Azure",
//! cloud-provider-azure.sigs.k8s.io/topics/tagging-resources; "Use Azure tags
//! in AKS", learn.microsoft.com/azure/aks/use-tags), and a Private Link
//! Service it made for a service with `k8s-azure-owner-service`. So an
//! internal service's name comes back only through such a Private Link
//! Service; otherwise it stands in as `ilb-<ip>` in `default`, said in its
//! notes. Kubernetes objects with no Azure resource at all (cert-manager
//! issuers, Gateway API routes, network policies) are not in Azure Resource
//! Manager: a note says so whenever a cluster is imported.

use std::collections::HashMap;
use std::net::IpAddr;

use netdraft_core::Id;
use netdraft_core::model::{K8sService, Kind, Spec, TrafficPolicy};
use serde_json::Value;

use super::{AKS, LOAD_BALANCER, Mapper, PLS, PLS_OWNER_TAG, group_key, node_group};
use crate::raw::{RawResource, arr, get_ci, ref_field, str_field, u32_field};

impl Mapper<'_> {
    /// Internal Kubernetes LoadBalancer services: the frontends of the
    /// `kubernetes-internal` load balancer AKS keeps in a cluster's node
    /// resource group, each with its private IP, subnet and rule ports (§C.2).
    /// Azure does not record the service's name; AKS writes it (`namespace/name`)
    /// only on a Private Link Service it made for the service.
    #[allow(clippy::too_many_lines)]
    pub(super) fn k8s_services(&mut self) {
        let mut by_node_group: HashMap<String, (Id, String)> = HashMap::new();
        for c in self.inv.of_type(AKS) {
            if let (Some(id), Some(group)) = (self.resolve(Some(c.id.clone()), &[Kind::AksCluster]), node_group(c)) {
                by_node_group.insert(group, (id, c.name.clone()));
            }
        }
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
        for lb in self.inv.of_type(LOAD_BALANCER) {
            if !lb.name.eq_ignore_ascii_case("kubernetes-internal") {
                self.skip(
                    lb,
                    "not an AKS cluster's internal load balancer (`kubernetes-internal`); netdraft models Kubernetes LoadBalancer services, not load balancers",
                );
                continue;
            }
            let group = group_key(&lb.id).unwrap_or_default();
            let Some((cluster, cluster_name)) = by_node_group.get(&group).cloned() else {
                self.skip(
                    lb,
                    "an AKS internal load balancer whose cluster (the one with this node resource group) is not in the import",
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
            for fe in arr(&lb.body, "frontendIPConfigurations") {
                let fe_name = str_field(fe, "name").unwrap_or("?");
                let fe_id = get_ci(fe, "id").and_then(Value::as_str).map_or_else(
                    || format!("{}/frontendIPConfigurations/{fe_name}", lb.id),
                    str::to_owned,
                );
                let ip = str_field(fe, "privateIPAddress").and_then(|i| i.parse::<IpAddr>().ok());
                let subnet = self.resolve(ref_field(fe, "subnet"), &[Kind::Subnet]);
                let (Some(ip), Some(subnet)) = (ip, subnet) else {
                    self.report.skip(
                        &fe_id,
                        "AKS internal load balancer frontend",
                        "it has no private IP, or its subnet is not in the import",
                    );
                    continue;
                };
                let mut ports: Vec<u16> = rules
                    .iter()
                    .filter(|r| ref_field(r, "frontendIPConfiguration").is_some_and(|f| f.eq_ignore_ascii_case(&fe_id)))
                    .filter_map(|r| u32_field(r, "frontendPort").and_then(|p| u16::try_from(p).ok()))
                    .filter(|p| *p > 0)
                    .collect();
                ports.sort_unstable();
                ports.dedup();
                let owner = owners
                    .get(&fe_id.to_ascii_lowercase())
                    .and_then(|o| o.split_once('/'))
                    .filter(|(ns, n)| !ns.is_empty() && !n.is_empty())
                    .map(|(ns, n)| (ns.to_owned(), n.to_owned()));
                let (namespace, name) = owner.clone().unwrap_or_else(|| {
                    (
                        "default".to_owned(),
                        format!("ilb-{}", ip.to_string().replace(['.', ':'], "-")),
                    )
                });
                let frontend = RawResource {
                    id: fe_id.clone(),
                    kind: format!("{LOAD_BALANCER}/frontendipconfigurations"),
                    name: name.clone(),
                    origin: lb.origin.clone(),
                    body: Value::Null,
                };
                let spec = Spec::K8sService(K8sService {
                    cluster: cluster.clone(),
                    namespace,
                    internal: true,
                    static_ip: Some(ip),
                    ports,
                    app: None,
                    external_traffic_policy: TrafficPolicy::default(),
                    public_reason: None,
                });
                let id = self.add(
                    Some(&frontend),
                    &format!("{cluster_name}-{name}"),
                    &name,
                    Some(subnet),
                    spec,
                );
                if let Some(res) = self.design.get_mut(id.as_str()) {
                    // A Kubernetes object: no resource group of its own.
                    res.meta.resource_group = None;
                    if owner.is_none() {
                        res.meta.notes = Some(format!(
                            "Imported from {fe_id}, a frontend of the cluster's internal load balancer. Azure does not record the Kubernetes service's name or namespace: `{name}` in `default` stand in for them."
                        ));
                    }
                }
            }
        }
    }

    /// What an imported cluster may run that Azure Resource Manager does not
    /// hold, said once: the import reads Azure, not the Kubernetes API.
    pub(super) fn kubernetes_side_note(&mut self) {
        let clusters = self.design.of_kind(Kind::AksCluster).count();
        if clusters > 0 {
            self.report.note(format!(
                "Kubernetes objects of the {} are not imported: cert-manager issuers, Gateway API gateways and routes, Ingress rules, namespaces and network policies live in the Kubernetes API, not in Azure Resource Manager, and a LoadBalancer service's name, namespace and pod selector are not recorded in Azure (an internal service comes back from its load balancer frontend under a stand-in name unless an AKS-made Private Link Service names it).",
                crate::report::count(clusters as u64, "imported cluster", "imported clusters")
            ));
        }
    }
}
