//! Pod subnets of Azure CNI clusters: allocation modes and static-block sizing
//! (azure-facts.md §A.2, §A.5).

use std::collections::BTreeMap;

use super::fix::change;
use super::{Ctx, Finding, Level::Error, Level::Warning, QuickFix, Rule, rule};
use crate::id::Id;
use crate::model::{AksCluster, Kind, NetworkModel, NodePool, Spec};
use crate::plan::sizing;

pub(super) const RULES: &[Rule] = &[
    // AKS-PODSUB: one allocation mode per subnet.
    rule(
        "ND111",
        "pod-subnet-mixed-allocation",
        Error,
        "A pod subnet serves dynamic and static-block clusters",
        "A pod subnet takes one allocation mode: dynamic individual addresses or static /28 blocks, not both (AKS-PODSUB).",
        "AKS-PODSUB",
        "give the static-block pools a pod subnet of their own",
        mixed_allocation,
    ),
    // AKS-PODSUB: static blocks hold 16 addresses, one of them the node's.
    rule(
        "ND112",
        "static-block-max-pods",
        Warning,
        "A static-block pool's max pods leaves addresses of its /28 blocks unused",
        "Static block allocation gives each node ceil((max pods + 1) / 16) blocks of 16 addresses, one of them the node's, so max pods of 16k − 1 (15, 31, 47, …) use every address (AKS-PODSUB).",
        "AKS-PODSUB",
        "set `max_pods` to 16k − 1: the next such value uses the same blocks",
        static_block_max_pods,
    ),
];

fn mixed_allocation(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    // Pod subnet → (first dynamic pool, first static-block pool).
    let mut by_subnet: BTreeMap<&Id, (Option<&Id>, Option<&Id>)> = BTreeMap::new();
    for (r, p) in cx.all::<NodePool>(Kind::NodePool) {
        let (Some(subnet), Some(c)) = (&p.pod_subnet, cx.spec::<AksCluster>(p.cluster.as_str())) else {
            continue;
        };
        let slot = by_subnet.entry(subnet).or_default();
        match c.network_model {
            NetworkModel::AzureCniPodSubnet => slot.0 = slot.0.or(Some(&r.id)),
            NetworkModel::AzureCniStaticBlock => slot.1 = slot.1.or(Some(&r.id)),
            _ => {}
        }
    }
    for (subnet, pools) in by_subnet {
        if let (Some(dynamic), Some(fixed)) = pools {
            rule.emit(
                out,
                format!(
                    "pod subnet {} serves pool {} (dynamic allocation) and pool {} (static block)",
                    cx.name(subnet.as_str()),
                    cx.name(dynamic.as_str()),
                    cx.name(fixed.as_str())
                ),
                &[subnet, dynamic, fixed],
            );
        }
    }
}

fn static_block_max_pods(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for cp in &cx.plan.clusters {
        let Some(c) = cx.get(cp.id.as_str()) else { continue };
        if c.as_spec::<AksCluster>().map(|s| s.network_model) != Some(NetworkModel::AzureCniStaticBlock) {
            continue;
        }
        for pp in &cp.pools {
            let Some((r, p)) = cx.pools(c.id.as_str()).iter().find(|(r, _)| r.id == pp.id) else {
                continue;
            };
            let waste = sizing::static_block_waste(pp.max_pods);
            if waste == 0 {
                continue;
            }
            let blocks = (pp.max_pods + 1).div_ceil(16);
            let best = blocks * 16 - 1;
            let message = format!(
                "node pool {} of {} has max pods {}: each node takes {blocks} blocks of 16 and leaves {waste} of their addresses unused",
                r.name(),
                c.name(),
                pp.max_pods
            );
            // Above 250 pods per node is not possible (AKS-IPPLAN): no fix then.
            let q = (best <= 250).then(|| {
                let mut edited = (*p).clone();
                edited.max_pods = Some(best);
                QuickFix::update(
                    r,
                    Spec::NodePool(edited),
                    format!(
                        "set max pods of node pool {} to {best}, which fits the same {blocks} blocks",
                        r.name()
                    ),
                    vec![change("max_pods", best)],
                )
            });
            let fix = match &q {
                Some(_) => format!("set `max_pods = {best}`: it uses the same {blocks} blocks per node"),
                None => format!("lower `max_pods` to {}", (blocks - 1) * 16 - 1),
            };
            rule.emit_quick(out, message, &[&r.id, &c.id], fix, q);
        }
    }
}
