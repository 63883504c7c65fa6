//! A firewall policy's AKS egress rule: an application rule allowing the
//! `AzureKubernetesService` FQDN tag from a cluster's subnets is the
//! policy's `aks_egress_for` that cluster (the rule netdraft's export
//! writes for it), not a rule the design cannot hold.

use std::collections::BTreeSet;

use netdraft_core::Id;
use netdraft_core::model::{Kind, NodePool, Resource, Spec, Subnet, SubnetPrefix};
use serde_json::Value;

use super::Mapper;
use crate::raw::{str_field, strings};

const AKS_TAG: &str = "AzureKubernetesService";

/// An AKS egress rule read with its policy, resolved once the clusters exist.
pub(super) struct Pending {
    /// Lower-cased ARM id of the policy.
    pub policy: String,
    pub sources: Vec<String>,
    /// The rule's id, for the report.
    pub at: String,
}

/// The source addresses of an application rule allowing only the AKS FQDN tag.
pub(super) fn sources(rule: &Value) -> Option<Vec<String>> {
    let application = str_field(rule, "ruleType").is_some_and(|t| t.eq_ignore_ascii_case("ApplicationRule"));
    let tags = strings(rule, "fqdnTags");
    let only_aks = !tags.is_empty() && tags.iter().all(|t| t.eq_ignore_ascii_case(AKS_TAG));
    let sources = strings(rule, "sourceAddresses");
    (application && only_aks && strings(rule, "targetFqdns").is_empty() && !sources.is_empty()).then_some(sources)
}

impl Mapper<'_> {
    /// The subnets' address prefixes of a cluster's pools (node and pod subnets).
    fn cluster_addresses(&self, cluster: &Id) -> BTreeSet<String> {
        let mut subnets: BTreeSet<&Id> = BTreeSet::new();
        for (r, p) in self.design.all::<NodePool>().filter(|(_, p)| p.cluster == *cluster) {
            subnets.extend(r.parent());
            subnets.extend(p.pod_subnet.as_ref());
        }
        subnets
            .into_iter()
            .filter_map(|s| self.design.spec::<Subnet>(s.as_str()))
            .flat_map(|s| {
                let first = match s.prefix {
                    SubnetPrefix::Fixed(c) => Some(c.to_string()),
                    SubnetPrefix::Auto => None,
                };
                first
                    .into_iter()
                    .chain(s.extra_prefixes.iter().map(ToString::to_string))
            })
            .collect()
    }

    /// Each pending AKS egress rule names the cluster whose subnets are
    /// exactly its sources; a rule that matches none is reported.
    pub(super) fn aks_egress(&mut self) {
        let clusters: Vec<Id> = self.design.of_kind(Kind::AksCluster).map(|r| r.id.clone()).collect();
        for pending in std::mem::take(&mut self.aks_egress) {
            let sources: BTreeSet<String> = pending.sources.iter().cloned().collect();
            let cluster = clusters.iter().find(|c| {
                let own = self.cluster_addresses(c);
                !own.is_empty() && own == sources
            });
            let policy = self.id_of(&pending.policy);
            match (cluster.cloned(), policy) {
                (Some(cluster), Some(policy)) => {
                    if let Some(Resource {
                        spec: Spec::FirewallPolicy(p),
                        ..
                    }) = self.design.get_mut(policy.as_str())
                        && !p.aks_egress_for.contains(&cluster)
                    {
                        p.aks_egress_for.push(cluster);
                    }
                }
                _ => self.report.skip(
                    &pending.at,
                    "firewall policy rule",
                    format!(
                        "an `{AKS_TAG}` FQDN-tag rule from {} matches the subnets of no imported cluster; a netdraft policy holds that rule per cluster (`aks_egress_for`)",
                        pending.sources.join(", ")
                    ),
                ),
            }
        }
    }
}
