//! Private Link Services: the subnet of their NAT IPs, the Kubernetes
//! service whose internal load balancer frontend they expose, visibility.
//! One AKS made from a service's annotations lives in the cluster's node
//! resource group, which is not a design group: it then belongs to no group
//! of its own and sits, as the design draws it, in its subnet's VNet's.

use netdraft_core::model::{Kind, PrivateLinkService, Spec};
use serde_json::Value;

use super::{Mapper, PLS};
use crate::raw::{arr, field, get_ci, ref_field, strings};

impl Mapper<'_> {
    pub(super) fn private_link_services(&mut self) {
        for r in self.inv.of_type(PLS) {
            let Some(subnet) = self.ip_config_subnet(r, "ipConfigurations") else {
                self.skip(r, "its NAT IP subnet is not in the import");
                continue;
            };
            let load_balancer = arr(&r.body, "loadBalancerFrontendIpConfigurations")
                .iter()
                .find_map(|f| {
                    self.resolve(
                        ref_field(f, "id").or_else(|| get_ci(f, "id").and_then(Value::as_str).map(str::to_owned)),
                        &[Kind::K8sService],
                    )
                });
            if load_balancer.is_none() {
                self.report.note(format!(
                    "Private Link Service `{}`: the load balancer frontend it exposes is not an AKS internal LoadBalancer service in the import; its load balancer is left empty.",
                    r.name
                ));
            }
            let spec = Spec::PrivateLinkService(PrivateLinkService {
                load_balancer,
                nat_ip_count: u32::try_from(arr(&r.body, "ipConfigurations").len())
                    .unwrap_or(1)
                    .max(1),
                visibility: field(&r.body, "visibility")
                    .map(|v| strings(v, "subscriptions"))
                    .unwrap_or_default(),
            });
            self.add(Some(r), &r.name, &r.name, Some(subnet), spec);
        }
    }
}
