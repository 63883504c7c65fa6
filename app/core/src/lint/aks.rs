//! AKS clusters: network models, data plane and policy engines, pools and
//! limits (azure-facts.md §A.0, §A.4, §A.5).

use super::{Ctx, Finding, Level::Error, Level::Warning, Rule, rule};
use crate::id::Id;
use crate::model::{
    AksCluster, AksSkuTier, ClusterIdentity, DataPlane, K8sService, Kind, NetworkModel, NetworkPolicy, OsType,
    PoolMode, Resource,
};
use crate::plan::sizing;

pub(super) const RULES: &[Rule] = &[
    // AKS-KUBENET-RET: kubenet support ends 2028-03-31.
    rule(
        "ND090",
        "kubenet-retirement",
        Warning,
        "A cluster uses kubenet, which AKS retires on 2028-03-31",
        "AKS stops supporting kubenet on 2028-03-31; clusters must move to CNI Overlay (AKS-KUBENET-RET, AKS-CNIOV).",
        "AKS-KUBENET-RET, AKS-CNIOV",
        "plan the move to `network_model = \"overlay\"`",
        kubenet_retirement,
    ),
    // AKS-KUBENET, AKS-CNIOV: kubenet clusters cannot share a subnet.
    rule(
        "ND091",
        "kubenet-shared-subnet",
        Error,
        "A kubenet cluster shares its node subnet with another cluster",
        "Azure CNI clusters may share a subnet, kubenet clusters may not: each needs its own subnet and route table (AKS-KUBENET, AKS-CNIOV).",
        "AKS-KUBENET, AKS-CNIOV",
        "give the kubenet cluster a node subnet of its own",
        kubenet_shared_subnet,
    ),
    // AKS-KUBENET: no Windows pools on kubenet.
    rule(
        "ND092",
        "kubenet-windows",
        Error,
        "A kubenet cluster has a Windows node pool",
        "kubenet does not support Windows node pools (AKS-KUBENET).",
        "AKS-KUBENET",
        "move the cluster to CNI Overlay, or drop the Windows pool",
        kubenet_windows,
    ),
    // AKS-NETPOL, AKS-CILIUM, TF4: which policy engine works with which plugin and data plane.
    rule(
        "ND093",
        "network-policy-mismatch",
        Error,
        "The network policy engine does not work with the cluster's network model or data plane",
        "Cilium policy needs the Cilium data plane; Azure NPM needs Azure CNI (not kubenet); Calico on kubenet is Linux only (AKS-NETPOL, AKS-CILIUM, TF4).",
        "AKS-NETPOL, AKS-CILIUM, TF4",
        "pick a policy engine the model supports (Cilium with the Cilium data plane, Calico on kubenet)",
        policy_mismatch,
    ),
    // AKS-NETPOL: Azure NPM retirement.
    rule(
        "ND094",
        "azure-npm-retirement",
        Warning,
        "A cluster uses Azure Network Policy Manager, which is retiring",
        "Azure NPM retires on 2026-09-30 for Windows and 2028-09-30 for Linux, and supports at most 250 nodes (AKS-NETPOL).",
        "AKS-NETPOL",
        "move to Cilium (CNI Overlay with the Cilium data plane) or Calico",
        npm_retirement,
    ),
    // AKS-CILIUM: Cilium is Linux only.
    rule(
        "ND095",
        "cilium-windows",
        Error,
        "A Cilium data-plane cluster has a Windows node pool",
        "Azure CNI powered by Cilium supports Linux nodes only (AKS-CILIUM).",
        "AKS-CILIUM",
        "run Windows workloads in a cluster on the Azure data plane",
        cilium_windows,
    ),
    // AKS-CILIUM, TF4: the Cilium data plane needs Azure CNI (overlay or pod subnet).
    rule(
        "ND096",
        "cilium-network-model",
        Error,
        "The Cilium data plane is used with kubenet or BYO CNI",
        "The Cilium data plane runs on Azure CNI (Overlay or pod subnet); it is not available with kubenet or a BYO CNI (AKS-CILIUM, TF4).",
        "AKS-CILIUM, TF4",
        "use `network_model = \"overlay\"` with `data_plane = \"cilium\"`",
        cilium_model,
    ),
    // AKS-IPPLAN: every pool must have room for at least 30 pods.
    rule(
        "ND097",
        "pool-pod-room",
        Error,
        "A node pool has room for fewer than 30 pods",
        "Max pods can go as low as 10 only if every pool still has room for at least 30 pods (max pods × nodes); AKS enforces it (AKS-IPPLAN).",
        "AKS-IPPLAN",
        "raise `max_pods` or the node count so that max pods × nodes ≥ 30",
        pool_pod_room,
    ),
    // AKS-QUOTA: Free tier is for at most 10 nodes and not for production.
    rule(
        "ND098",
        "free-tier-size",
        Warning,
        "A Free tier cluster plans for more than 10 nodes",
        "The Free tier is recommended for at most 10 nodes and not for production (AKS-QUOTA).",
        "AKS-QUOTA",
        "use `sku_tier = \"Standard\"`",
        free_tier,
    ),
    // AKS-QUOTA: 100 node pools per cluster.
    rule(
        "ND099",
        "node-pool-count",
        Error,
        "A cluster has more than 100 node pools",
        "An AKS cluster has at most 100 node pools (AKS-QUOTA).",
        "AKS-QUOTA",
        "merge pools or split the cluster",
        pool_count,
    ),
    // AKS-QUOTA: 300 LoadBalancer services per cluster.
    rule(
        "ND100",
        "lb-service-count",
        Error,
        "A cluster has more than 300 LoadBalancer services",
        "With the Standard load balancer a cluster has at most 300 LoadBalancer-type services (AKS-QUOTA).",
        "AKS-QUOTA",
        "put services behind an ingress or gateway instead of one load balancer each",
        lb_service_count,
    ),
    // AKS-OVL: names are used as node labels, at most 63 characters.
    rule(
        "ND101",
        "overlay-name-length",
        Error,
        "An overlay cluster's subnet, VNet or resource group name is longer than 63 characters",
        "CNI Overlay uses the subnet, VNet and resource-group names as node labels, which are at most 63 characters (AKS-OVL).",
        "AKS-OVL",
        "shorten the name to 63 characters or fewer",
        overlay_names,
    ),
    // AKS-PODSUB: pod-subnet models need a pod subnet per pool.
    rule(
        "ND102",
        "pod-subnet-missing",
        Error,
        "A pool of a pod-subnet cluster has no pod subnet",
        "With Azure CNI pod subnet (dynamic or static block) every pool takes pod IPs from a pod subnet of the VNet (AKS-PODSUB).",
        "AKS-PODSUB",
        "set the pool's `pod_subnet`",
        pod_subnet_missing,
    ),
    // AKS-CNIOV: settings a network model ignores.
    rule(
        "ND103",
        "ignored-network-setting",
        Warning,
        "A pod subnet or pod CIDR is set for a network model that does not use it",
        "Only the pod-subnet models take a pod subnet, and only kubenet, Overlay and BYO CNI take a pod CIDR; the setting is ignored otherwise (AKS-CNIOV).",
        "AKS-CNIOV",
        "remove the setting, or change the network model",
        ignored_setting,
    ),
    // AKS-KUBENET: BYO subnet and route table with kubenet needs a user-assigned identity.
    rule(
        "ND104",
        "kubenet-identity",
        Warning,
        "A kubenet cluster with its own route table uses a system-assigned identity",
        "With kubenet in a bring-your-own subnet and route table the control plane needs a user-assigned identity with rights on the route table (system-assigned works only through the CLI) (AKS-KUBENET).",
        "AKS-KUBENET",
        "set `identity = \"user-assigned\"`",
        kubenet_identity,
    ),
    // AKS-KUBENET: each kubenet cluster needs its own route table.
    rule(
        "ND105",
        "kubenet-route-table-shared",
        Error,
        "Two kubenet clusters share a route table",
        "kubenet writes one route per node into its route table; each kubenet cluster needs its own (AKS-KUBENET).",
        "AKS-KUBENET",
        "give each kubenet cluster's subnet its own route table",
        kubenet_route_table_shared,
    ),
    // AKS-OVL: pod CIDRs outside RFC 1918 / RFC 6598 are outside support.
    rule(
        "ND106",
        "pod-cidr-not-private",
        Warning,
        "A pod CIDR is outside RFC 1918 and RFC 6598",
        "Pod CIDRs from RFC 1918 or RFC 6598 are supported; public ranges are not blocked but are outside support (AKS-OVL).",
        "AKS-OVL",
        "use a private pod CIDR such as 10.244.0.0/16 or part of 100.64.0.0/10",
        pod_cidr_private,
    ),
    // AKS-APISRV: the API-server subnet is in the cluster's VNet.
    rule(
        "ND107",
        "api-server-subnet-vnet",
        Error,
        "The API-server integration subnet is not in the cluster's VNet",
        "API-server VNet integration uses a delegated subnet of the cluster's own VNet (it may be shared by clusters of that VNet) (AKS-APISRV).",
        "AKS-APISRV",
        "use a delegated /28 subnet of the cluster's VNet",
        api_server_vnet,
    ),
    // AKS-NETPOL: Azure NPM supports up to 250 nodes.
    rule(
        "ND108",
        "azure-npm-node-limit",
        Error,
        "A cluster on Azure NPM plans for more than 250 nodes",
        "Azure Network Policy Manager supports at most 250 nodes and 20,000 pods (AKS-NETPOL).",
        "AKS-NETPOL",
        "move to Cilium or Calico",
        npm_limit,
    ),
    // learn.microsoft.com/azure/aks/use-system-pools: every AKS cluster needs at least one
    // System node pool (it hosts CoreDNS, metrics-server and the other system pods), and
    // azurerm's `default_node_pool` / the API's first agent pool profile is that pool.
    rule(
        "ND109",
        "cluster-without-system-pool",
        Error,
        "An AKS cluster has no System node pool",
        "AKS requires at least one System node pool per cluster for its system pods; a cluster created without one is rejected, and Terraform's `default_node_pool` is required (learn.microsoft.com/azure/aks/use-system-pools; TF5).",
        "learn.microsoft.com/azure/aks/use-system-pools; TF5",
        "add a `node_pool` with `mode = \"System\"` for the cluster, in its node subnet",
        cluster_without_system_pool,
    ),
    // AKS-SEC: the settings netdraft gives every new cluster. An imported cluster
    // keeps what the estate has; this says where that is weaker.
    rule(
        "ND110",
        "cluster-security-defaults",
        Warning,
        "A cluster is set up less securely than netdraft's defaults for new clusters",
        "New clusters get Azure Policy, Entra ID sign-in with Azure RBAC and no local accounts, and automatic patch and node-image upgrades; a cluster imported as it is may have less (learn.microsoft.com/azure/aks/concepts-security).",
        "learn.microsoft.com/azure/aks/concepts-security",
        "set `azure_policy`, `local_accounts`, `auth`, `upgrade_channel` and `node_os_upgrade_channel` back to their defaults (omit them), or accept the finding with the reason",
        cluster_security_defaults,
    ),
];

fn cluster_security_defaults(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    use crate::model::{ClusterAuth, NodeOsUpgradeChannel, UpgradeChannel};
    for (c, a) in clusters(cx) {
        let mut weaker = Vec::new();
        if !a.azure_policy {
            weaker.push("Azure Policy off".to_owned());
        }
        if a.local_accounts {
            weaker.push("local accounts on".to_owned());
        }
        if a.auth != ClusterAuth::EntraAzureRbac {
            weaker.push(format!("auth `{}`", a.auth));
        }
        if a.upgrade_channel != UpgradeChannel::Patch {
            weaker.push(format!("upgrade channel `{}`", a.upgrade_channel));
        }
        if a.node_os_upgrade_channel != NodeOsUpgradeChannel::NodeImage {
            weaker.push(format!("node OS upgrade channel `{}`", a.node_os_upgrade_channel));
        }
        if !weaker.is_empty() {
            rule.emit(out, format!("cluster {}: {}", c.name(), weaker.join(", ")), &[&c.id]);
        }
    }
}

fn cluster_without_system_pool(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for (c, _) in clusters(cx) {
        let pools = cx.pools(c.id.as_str());
        if !pools.iter().any(|(_, p)| p.mode == PoolMode::System) {
            let what = if pools.is_empty() {
                "no node pool at all".to_owned()
            } else {
                format!(
                    "only User pools ({})",
                    pools.iter().map(|(r, _)| r.name()).collect::<Vec<_>>().join(", ")
                )
            };
            rule.emit(out, format!("cluster {} has {what}", c.name()), &[&c.id]);
        }
    }
}

fn clusters<'a>(cx: &'a Ctx<'_>) -> impl Iterator<Item = (&'a Resource, &'a AksCluster)> + 'a {
    cx.all::<AksCluster>(Kind::AksCluster)
}

fn kubenet<'a>(cx: &'a Ctx<'_>) -> impl Iterator<Item = (&'a Resource, &'a AksCluster)> + 'a {
    clusters(cx).filter(|(_, a)| a.network_model == NetworkModel::Kubenet)
}

fn windows_pool<'a>(cx: &Ctx<'a>, cluster: &str) -> Option<&'a Resource> {
    cx.pools(cluster)
        .iter()
        .find(|(_, p)| p.os == OsType::Windows)
        .map(|(r, _)| *r)
}

fn kubenet_retirement(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for (c, _) in kubenet(cx) {
        rule.emit(
            out,
            format!("cluster {} uses kubenet, unsupported from 2028-03-31", c.name()),
            &[&c.id],
        );
    }
}

fn kubenet_shared_subnet(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for (c, _) in kubenet(cx) {
        for (s, _) in cx.node_subnets(c.id.as_str()) {
            let others: Vec<&Resource> = cx
                .clusters_in_subnet(s.id.as_str())
                .into_iter()
                .map(|(o, _)| o)
                .filter(|o| o.id != c.id)
                .collect();
            if let Some(other) = others.first() {
                rule.emit(
                    out,
                    format!(
                        "kubenet cluster {} shares node subnet {} with cluster {}",
                        c.name(),
                        s.name(),
                        other.name()
                    ),
                    &[&c.id, &s.id, &other.id],
                );
            }
        }
    }
}

fn kubenet_windows(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for (c, _) in kubenet(cx) {
        if let Some(p) = windows_pool(cx, c.id.as_str()) {
            rule.emit(
                out,
                format!("kubenet cluster {} has Windows pool {}", c.name(), p.name()),
                &[&c.id, &p.id],
            );
        }
    }
}

fn policy_mismatch(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for (c, a) in clusters(cx) {
        let problem = match (a.network_policy, a.network_model, a.data_plane) {
            (NetworkPolicy::Cilium, _, DataPlane::Azure) => "Cilium policy without the Cilium data plane".to_owned(),
            (NetworkPolicy::Azure, NetworkModel::Kubenet, _) => "Azure NPM on kubenet".to_owned(),
            (NetworkPolicy::Calico, NetworkModel::Kubenet, _) => match windows_pool(cx, c.id.as_str()) {
                Some(p) => format!("Calico on kubenet with Windows pool {}", p.name()),
                None => continue,
            },
            _ => continue,
        };
        rule.emit(out, format!("cluster {} uses {problem}", c.name()), &[&c.id]);
    }
}

fn npm_retirement(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for (c, _) in clusters(cx).filter(|(_, a)| a.network_policy == NetworkPolicy::Azure) {
        let when = if windows_pool(cx, c.id.as_str()).is_some() {
            "retired for Windows on 2026-09-30 and for Linux on 2028-09-30"
        } else {
            "retired for Linux on 2028-09-30"
        };
        rule.emit(out, format!("cluster {} uses Azure NPM, {when}", c.name()), &[&c.id]);
    }
}

fn cilium_windows(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for (c, _) in clusters(cx).filter(|(_, a)| a.data_plane == DataPlane::Cilium) {
        if let Some(p) = windows_pool(cx, c.id.as_str()) {
            rule.emit(
                out,
                format!(
                    "cluster {} runs the Cilium data plane but has Windows pool {}",
                    c.name(),
                    p.name()
                ),
                &[&c.id, &p.id],
            );
        }
    }
}

fn cilium_model(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for (c, a) in clusters(cx).filter(|(_, a)| a.data_plane == DataPlane::Cilium) {
        if matches!(a.network_model, NetworkModel::Kubenet | NetworkModel::Byo) {
            rule.emit(
                out,
                format!(
                    "cluster {} uses the Cilium data plane with network model {}",
                    c.name(),
                    a.network_model
                ),
                &[&c.id],
            );
        }
    }
}

fn pool_pod_room(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for cp in &cx.plan.clusters {
        let Some(c) = cx.get(cp.id.as_str()) else { continue };
        for pp in &cp.pools {
            let Some((r, p)) = cx.pools(c.id.as_str()).iter().find(|(r, _)| r.id == pp.id) else {
                continue;
            };
            // The smallest node count the pool runs with (its autoscaler minimum).
            let nodes = p.count.or(p.min_count).filter(|n| *n > 0).or(p.max_count).unwrap_or(0);
            let room = u64::from(pp.max_pods) * u64::from(nodes);
            if nodes > 0 && room < 30 {
                rule.emit(
                    out,
                    format!(
                        "node pool {} of {} has room for {room} pods ({} max pods × {nodes} nodes); at least 30 are required",
                        r.name(),
                        c.name(),
                        pp.max_pods
                    ),
                    &[&r.id, &c.id],
                );
            }
        }
    }
}

fn free_tier(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for cp in &cx.plan.clusters {
        let Some(a) = cx.spec::<AksCluster>(cp.id.as_str()) else {
            continue;
        };
        if a.sku_tier == AksSkuTier::Free && cp.planned_nodes > 10 {
            rule.emit(
                out,
                format!(
                    "cluster {} is on the Free tier with {} nodes planned",
                    cp.name, cp.planned_nodes
                ),
                &[&cp.id],
            );
        }
    }
}

fn pool_count(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for (c, _) in clusters(cx) {
        let n = cx.pools(c.id.as_str()).len();
        if n > 100 {
            rule.emit(out, format!("cluster {} has {n} node pools", c.name()), &[&c.id]);
        }
    }
}

fn lb_service_count(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    let mut count: rustc_hash::FxHashMap<&str, usize> = rustc_hash::FxHashMap::default();
    for (_, s) in cx.all::<K8sService>(Kind::K8sService) {
        *count.entry(s.cluster.as_str()).or_default() += 1;
    }
    for (c, _) in clusters(cx) {
        let n = count.get(c.id.as_str()).copied().unwrap_or(0);
        if n > 300 {
            rule.emit(
                out,
                format!("cluster {} has {n} LoadBalancer services", c.name()),
                &[&c.id],
            );
        }
    }
}

fn overlay_names(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for (c, _) in clusters(cx).filter(|(_, a)| a.network_model == NetworkModel::Overlay) {
        let mut long: Vec<&Resource> = Vec::new();
        for (s, _) in cx.node_subnets(c.id.as_str()) {
            long.push(s);
            if let Some((v, _)) = cx.vnet_of_subnet(s) {
                long.push(v);
                if let Some(rg) = v.meta.resource_group.as_ref().and_then(|g| cx.get(g.as_str())) {
                    long.push(rg);
                }
            }
        }
        long.retain(|r| r.name().chars().count() > 63);
        long.sort_by(|a, b| a.id.cmp(&b.id));
        long.dedup_by(|a, b| a.id == b.id);
        for r in long {
            rule.emit(
                out,
                format!(
                    "{} name `{}` of overlay cluster {} has {} characters",
                    r.kind().label(),
                    r.name(),
                    c.name(),
                    r.name().chars().count()
                ),
                &[&r.id, &c.id],
            );
        }
    }
}

fn pod_subnet_missing(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for (c, a) in clusters(cx).filter(|(_, a)| sizing::uses_pod_subnet(a.network_model)) {
        for (p, spec) in cx.pools(c.id.as_str()) {
            if spec.pod_subnet.is_none() {
                rule.emit(
                    out,
                    format!(
                        "node pool {} of {} ({}) has no pod subnet",
                        p.name(),
                        c.name(),
                        a.network_model
                    ),
                    &[&p.id, &c.id],
                );
            }
        }
    }
}

fn ignored_setting(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for (c, a) in clusters(cx) {
        if let Some(pc) = a.pod_cidr
            && !sizing::uses_pod_cidr(a.network_model)
        {
            rule.emit(
                out,
                format!(
                    "cluster {} sets pod CIDR {pc} but network model {} does not use one",
                    c.name(),
                    a.network_model
                ),
                &[&c.id],
            );
        }
        if sizing::uses_pod_subnet(a.network_model) {
            continue;
        }
        for (p, spec) in cx.pools(c.id.as_str()) {
            if let Some(ps) = &spec.pod_subnet {
                rule.emit(
                    out,
                    format!(
                        "node pool {} sets pod subnet {} but network model {} does not use one",
                        p.name(),
                        cx.name(ps.as_str()),
                        a.network_model
                    ),
                    &[&p.id, &c.id],
                );
            }
        }
    }
}

fn kubenet_identity(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for (c, _) in kubenet(cx).filter(|(_, a)| a.identity == ClusterIdentity::SystemAssigned) {
        if cx
            .node_subnets(c.id.as_str())
            .iter()
            .any(|(_, s)| s.route_table.is_some())
        {
            rule.emit(
                out,
                format!(
                    "kubenet cluster {} brings its own route table but uses a system-assigned identity",
                    c.name()
                ),
                &[&c.id],
            );
        }
    }
}

fn kubenet_route_table_shared(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    let mut by_table: std::collections::BTreeMap<&Id, Vec<&Resource>> = std::collections::BTreeMap::new();
    for (c, _) in kubenet(cx) {
        for (_, s) in cx.node_subnets(c.id.as_str()) {
            if let Some(t) = &s.route_table {
                let list = by_table.entry(t).or_default();
                if !list.iter().any(|x| x.id == c.id) {
                    list.push(c);
                }
            }
        }
    }
    for (t, list) in by_table.into_iter().filter(|(_, l)| l.len() > 1) {
        let names: Vec<&str> = list.iter().map(|c| c.name()).collect();
        let mut ids = vec![t];
        ids.extend(list.iter().map(|c| &c.id));
        rule.emit(
            out,
            format!(
                "route table {} serves kubenet clusters {}",
                cx.name(t.as_str()),
                names.join(", ")
            ),
            &ids,
        );
    }
}

fn pod_cidr_private(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for cp in &cx.plan.clusters {
        let Some(pc) = &cp.pod_cidr else { continue };
        if pc.cidr.is_ipv4() && !super::is_private_range(pc.cidr) {
            rule.emit(
                out,
                format!(
                    "cluster {} uses pod CIDR {}, outside the private ranges",
                    cp.name, pc.cidr
                ),
                &[&cp.id],
            );
        }
    }
}

fn api_server_vnet(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for (c, a) in clusters(cx) {
        let Some(sid) = &a.api_server_subnet else { continue };
        let Some(s) = cx.get(sid.as_str()) else { continue };
        let (Some((sv, _)), Some((cv, _))) = (cx.vnet_of_subnet(s), cx.cluster_vnet(c)) else {
            continue;
        };
        if sv.id != cv.id {
            rule.emit(
                out,
                format!(
                    "cluster {} is in VNet {} but its API-server subnet {} is in VNet {}",
                    c.name(),
                    cv.name(),
                    s.name(),
                    sv.name()
                ),
                &[&c.id, &s.id],
            );
        }
    }
}

fn npm_limit(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for cp in &cx.plan.clusters {
        if cx
            .spec::<AksCluster>(cp.id.as_str())
            .is_some_and(|a| a.network_policy == NetworkPolicy::Azure)
            && cp.planned_nodes > 250
        {
            rule.emit(
                out,
                format!(
                    "cluster {} uses Azure NPM with {} nodes planned",
                    cp.name, cp.planned_nodes
                ),
                &[&cp.id],
            );
        }
    }
}
