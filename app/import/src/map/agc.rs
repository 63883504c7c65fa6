//! App Gateway for Containers (`Microsoft.ServiceNetworking/trafficControllers`,
//! facts sheet §G.2): read with its child `associations` (the delegated
//! subnet it sits in) and `frontends` (their names), both listed under their
//! parent. Created by Terraform or Bicep it is a bring-your-own deployment.
//!
//! The cluster whose ALB controller programs it comes from the controller's
//! identity, its role assignment and federated credential (`map::alb`).
//! What Azure does not hold, and the import therefore cannot bring back: the
//! Gateway API objects in the cluster (the HTTPRoute's host names, the
//! BackendTLSPolicy), which live in the Kubernetes API, not in Azure
//! Resource Manager.

use netdraft_core::model::{AgcDeployment, AppGatewayForContainers, Kind, Spec};
use serde_json::Value;

use super::{AGC, AGC_ASSOCIATION, AGC_FRONTEND, Mapper};
use crate::raw::{arr, get_ci, last_segment, ref_field};

impl Mapper<'_> {
    pub(super) fn agcs(&mut self) {
        for r in self.inv.of_type(AGC) {
            let subnet = self
                .inv
                .children_of(&r.id, AGC_ASSOCIATION)
                .find_map(|a| self.resolve(ref_field(&a.body, "subnet"), &[Kind::Subnet]));
            let Some(subnet) = subnet else {
                self.skip(
                    r,
                    "its association subnet is not in the import (its `associations` were not read)",
                );
                continue;
            };
            let mut frontends: Vec<String> = arr(&r.body, "frontends")
                .iter()
                .filter_map(|f| {
                    get_ci(f, "id")
                        .and_then(Value::as_str)
                        .map(|i| last_segment(i).to_owned())
                })
                .collect();
            frontends.extend(self.inv.children_of(&r.id, AGC_FRONTEND).map(|f| f.name.clone()));
            frontends.sort();
            frontends.dedup();
            for c in self
                .inv
                .children_of(&r.id, AGC_ASSOCIATION)
                .chain(self.inv.children_of(&r.id, AGC_FRONTEND))
            {
                self.consumed.insert(c.key());
            }
            let spec = Spec::AppGatewayForContainers(AppGatewayForContainers {
                cluster: None,
                frontends,
                deployment: AgcDeployment::Byo,
                backend_tls: false,
                hostnames: vec![],
            });
            self.add(Some(r), &r.name, &r.name, Some(subnet), spec);
        }
    }
}
