//! Private Link Services as Azure returns them. One exposing a Kubernetes
//! service is the one AKS makes from the service's annotations (AKS-ILB): in
//! the cluster's node resource group, tagged with its owning service, on the
//! service's frontend of the cluster's `kubernetes-internal` load balancer.

use netdraft_core::model::{AksCluster, Design, K8sService, PrivateLinkService, Resource};
use serde_json::{Value, json};

use super::k8s::service_frontend;
use super::{Sim, location_of, rg_of};
use crate::support::SUB;

/// The node resource group AKS names by default, `MC_<group>_<cluster>_<location>`.
pub fn node_group(d: &Design, cluster: &Resource) -> String {
    format!(
        "MC_{}_{}_{}",
        rg_of(d, cluster.id.as_str()).unwrap_or_default(),
        cluster.name(),
        location_of(d, cluster.id.as_str())
    )
}

/// The cluster whose Kubernetes service a Private Link Service exposes.
fn cluster_of<'d>(d: &'d Design, p: &PrivateLinkService) -> Option<(&'d Resource, &'d K8sService)> {
    let svc = d.get(p.load_balancer.as_ref()?.as_str())?;
    let s = svc.as_spec::<K8sService>()?;
    d.get(s.cluster.as_str())
        .filter(|c| c.as_spec::<AksCluster>().is_some())
        .map(|c| (c, s))
}

/// The ARM id of a Private Link Service: in its cluster's node resource
/// group when AKS made it, else in its own (its VNet's) group.
pub fn pls_id(d: &Design, r: &Resource, p: &PrivateLinkService, default_rg: &str) -> String {
    let rg = cluster_of(d, p).map_or_else(
        || rg_of(d, r.id.as_str()).unwrap_or_else(|| default_rg.to_owned()),
        |(c, _)| node_group(d, c),
    );
    format!(
        "/subscriptions/{SUB}/resourceGroups/{rg}/providers/Microsoft.Network/privateLinkServices/{}",
        r.name()
    )
}

impl Sim<'_> {
    pub(super) fn private_link_service(&self, r: &Resource, p: &PrivateLinkService) -> Value {
        let id = self.arm[&r.id].clone();
        let group = id.split("/providers/").next().unwrap_or_default().to_owned();
        let subnet = r.parent().and_then(|s| self.arm.get(s)).cloned();
        let owner = cluster_of(self.d, p);
        let frontend = match (&owner, &p.load_balancer) {
            (Some(_), Some(svc)) => format!(
                "{group}/providers/Microsoft.Network/loadBalancers/kubernetes-internal/frontendIPConfigurations/{}",
                service_frontend(svc)
            ),
            // A load balancer the design does not hold.
            _ => format!(
                "{group}/providers/Microsoft.Network/loadBalancers/lb-{}/frontendIPConfigurations/frontend",
                r.name()
            ),
        };
        let configs: Vec<Value> = (0..p.nat_ip_count.max(1))
            .map(|i| {
                let name = format!("{}-nat-{}", r.name(), i + 1);
                json!({"id": format!("{id}/ipConfigurations/{name}"), "name": name,
                       "properties": {"privateIPAllocationMethod": "Dynamic", "subnet": {"id": subnet},
                                      "primary": i == 0, "privateIPAddressVersion": "IPv4"}})
            })
            .collect();
        let mut props = json!({
            "loadBalancerFrontendIpConfigurations": [{"id": frontend}],
            "ipConfigurations": configs,
            "alias": format!("{}.00000000-0000-0000-0000-000000000000.{}.azure.privatelinkservice",
                             r.name(), location_of(self.d, r.id.as_str())),
        });
        if !p.visibility.is_empty() {
            props["visibility"] = json!({"subscriptions": p.visibility});
        }
        let mut body = self.top(r, "Microsoft.Network/privateLinkServices", props);
        if let Some((_, svc)) = owner
            && let Some(s) = p.load_balancer.as_ref().and_then(|l| self.d.get(l.as_str()))
        {
            body["tags"] = json!({"k8s-azure-owner-service": format!("{}/{}", svc.namespace, s.name())});
        }
        body
    }
}
