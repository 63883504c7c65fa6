//! Planner issues and overlaps as lint findings. The planner already computes
//! sizes, overlaps and cluster-range checks; lint maps each planner issue code
//! (the rule's `name` is the code) and each kind of overlap to a rule with its
//! own stable id instead of recomputing them.

use super::fix::change;
use super::{Ctx, Finding, Level, QuickFix, Rule};
use crate::id::Id;
use crate::model::{AksCluster, Spec, Subnet, SubnetPrefix};
use crate::net::Cidr;
use crate::plan::{Overlap, PlanIssue, sizing};

const fn issue_rule(
    id: &'static str,
    code: &'static str,
    severity: Level,
    title: &'static str,
    why: &'static str,
    source: &'static str,
    fix: &'static str,
) -> Rule {
    Rule {
        id,
        name: code,
        severity,
        title,
        why,
        source,
        fix,
        check: from_issues,
        flow: None,
    }
}

const fn overlap_rule(
    id: &'static str,
    name: &'static str,
    title: &'static str,
    why: &'static str,
    source: &'static str,
    fix: &'static str,
) -> Rule {
    Rule {
        id,
        name,
        severity: Level::Error,
        title,
        why,
        source,
        fix,
        check: from_overlaps,
        flow: None,
    }
}

pub(super) const RULES: &[Rule] = &[
    // VNET-FAQ: subnet address ranges cannot overlap each other.
    overlap_rule(
        "ND001",
        "subnet-overlap",
        "Two subnets of a VNet overlap",
        "Azure refuses a subnet whose range overlaps another subnet of the same VNet (VNET-FAQ).",
        "VNET-FAQ",
        "move one subnet to free space of the VNet, or set `prefix = \"auto\"` and let the planner place it",
    ),
    // VNET-FAQ: peering is not allowed between overlapping address spaces.
    overlap_rule(
        "ND002",
        "peered-vnet-overlap",
        "VNets joined by peerings have overlapping address spaces",
        "Peering is not allowed between VNets whose address spaces overlap, and overlapping spokes of one hub cannot be routed through it (VNET-FAQ).",
        "VNET-FAQ",
        "give each VNet of the peering component its own, non-overlapping address space",
    ),
    // VNET-FAQ: on-premises ranges reached through a gateway must not overlap the VNets.
    overlap_rule(
        "ND003",
        "on-prem-overlap",
        "An on-premises range overlaps a VNet that reaches it",
        "Ranges reached over VPN or ExpressRoute must not overlap the VNet address spaces that route to them (VNET-FAQ).",
        "VNET-FAQ",
        "re-address the VNet (or ask the network team for a free range) so it does not overlap on premises",
    ),
    // AKS-OVL: the pod CIDR must not overlap the cluster subnet, peered VNets or on-premises ranges.
    overlap_rule(
        "ND004",
        "pod-cidr-overlap",
        "A cluster's pod CIDR overlaps a VNet or an on-premises range",
        "With kubenet, CNI Overlay and BYO CNI the pod CIDR is private to the cluster and must not overlap the cluster's VNet, peered VNets or ranges reached through gateways (AKS-OVL).",
        "AKS-OVL",
        "pick a pod CIDR outside every VNet and on-premises range; the finding names a free one",
    ),
    // AKS-LEGACY, AKS-IPPLAN: the service CIDR must not be used by any network element connected to the VNet.
    overlap_rule(
        "ND005",
        "service-cidr-overlap",
        "A cluster's service CIDR overlaps a VNet or an on-premises range",
        "The Kubernetes service range must not overlap the cluster's VNet, peered VNets or on-premises ranges: no network element on or connected to the VNet may use it (AKS-LEGACY, AKS-IPPLAN).",
        "AKS-LEGACY, AKS-IPPLAN",
        "pick a service CIDR outside every VNet and on-premises range; the finding names a free one",
    ),
    // AKS-OVL: a cluster's service CIDR must not overlap its pod CIDR.
    overlap_rule(
        "ND006",
        "service-pod-overlap",
        "A cluster's service CIDR overlaps its pod CIDR",
        "Service and pod ranges of one cluster must be disjoint (AKS-OVL).",
        "AKS-OVL",
        "move the service CIDR (the finding names a free range) or the pod CIDR so they do not overlap",
    ),
    // VNET-FAQ, AKS-CNIOV: reserved ranges Azure or AKS refuse.
    overlap_rule(
        "ND007",
        "forbidden-range",
        "A VNet, pod or service range uses a range Azure or AKS reserves",
        "Azure refuses 224.0.0.0/4, 255.255.255.255/32, 127.0.0.0/8, 169.254.0.0/16 and 168.63.129.16/32 in a VNet (VNET-FAQ); AKS also refuses 172.30.0.0/16, 172.31.0.0/16 and 192.0.2.0/24 for cluster VNets, pods and services (AKS-CNIOV).",
        "VNET-FAQ, AKS-CNIOV",
        "choose a range that contains none of the reserved blocks",
    ),
    // Whatever planner issue code has no rule of its own yet.
    Rule {
        id: "ND008",
        name: "planner-issue",
        severity: Level::Error,
        title: "A planner issue without a rule of its own",
        why: "The IP planner found a problem lint has no specific rule for yet; its message carries the planner's source key (AKS-IPPLAN, VNET-FAQ).",
        source: "AKS-IPPLAN, VNET-FAQ",
        fix: "follow the planner's fix",
        check: other_issues,
        flow: None,
    },
    // AKS-IPPLAN: subnets are sized from nodes, surge, max pods and load balancers.
    issue_rule(
        "ND010",
        "subnet-too-small",
        Level::Error,
        "A subnet has fewer usable addresses than its contents need",
        "Each subnet loses 5 addresses to Azure; nodes, upgrade surge, pod IPs (Azure CNI) and internal load balancers must fit in the rest, or scale-out and upgrades fail (AKS-IPPLAN, VNET-FAQ).",
        "AKS-IPPLAN",
        "make the subnet larger, or lower what fills it: node counts, max pods or surge for node pools, the autoscale maximum (`max_capacity`) for an Application Gateway",
    ),
    // VPNGW, AZFW-FAQ, AZFW-MGMT, BASTION, RS-QS, AGC-BYO, APIM-*, AKS-APISRV: minimum sizes.
    issue_rule(
        "ND011",
        "subnet-below-minimum",
        Level::Error,
        "A special subnet is smaller than its documented minimum",
        "Special subnets have documented minimum sizes: AzureFirewallSubnet, AzureFirewallManagementSubnet, AzureBastionSubnet and RouteServerSubnet /26, GatewaySubnet /29, App Gateway for Containers /24, API Management v2 /27, API-server integration /28 (AZFW-FAQ, AZFW-MGMT, BASTION, RS-QS, VPNGW, AGC-BYO, APIM-V2INT, AKS-APISRV).",
        "AZFW-FAQ, BASTION, RS-QS, VPNGW, AGC-BYO, APIM-V2INT, AKS-APISRV",
        "enlarge the subnet to the minimum prefix",
    ),
    // VPNGW, APPGW-INFRA, APIM-V2INT: recommended sizes.
    issue_rule(
        "ND012",
        "subnet-below-recommended",
        Level::Warning,
        "A special subnet is smaller than Microsoft recommends",
        "GatewaySubnet should be /27 or larger, an Application Gateway v2 subnet /24 (125 instances), an API Management v2 subnet /24 (VPNGW, APPGW-INFRA, APIM-V2INT).",
        "VPNGW, APPGW-INFRA, APIM-V2INT",
        "enlarge the subnet to the recommended prefix if the address space allows",
    ),
    // VNET-FAQ: a subnet must sit inside its VNet's address space.
    issue_rule(
        "ND013",
        "subnet-outside-vnet",
        Level::Error,
        "A subnet lies outside its VNet's address space",
        "A subnet's range must be inside one of its VNet's address spaces (VNET-FAQ).",
        "VNET-FAQ",
        "pick a prefix inside the VNet, or set `prefix = \"auto\"`",
    ),
    // VNET-FAQ: a subnet must fit in free VNet space.
    issue_rule(
        "ND014",
        "vnet-full",
        Level::Error,
        "An `auto` subnet does not fit in its VNet's free space",
        "A subnet must fit in free, aligned space of its VNet (VNET-FAQ).",
        "VNET-FAQ",
        "add an address space to the VNet, or make other subnets smaller",
    ),
    // VNET-LIMITS: 65,536 private IPs per VNet.
    issue_rule(
        "ND015",
        "vnet-ip-limit",
        Level::Error,
        "A VNet needs more than 65,536 private IPs",
        "A VNet holds at most 65,536 private IP addresses (VNET-LIMITS).",
        "VNET-LIMITS",
        "move node pools to CNI Overlay or split the workload over more VNets",
    ),
    // AKS-IPPLAN: the service CIDR must be smaller than a /12.
    issue_rule(
        "ND016",
        "service-cidr-too-large",
        Level::Error,
        "A service CIDR is a /12 or larger",
        "AKS requires the service CIDR to be smaller than a /12; one /16 can be reused by every cluster (AKS-IPPLAN).",
        "AKS-IPPLAN",
        "use a /16 such as 172.16.0.0/16",
    ),
    // AKS-IPPLAN: the DNS service IP must be inside the service CIDR.
    issue_rule(
        "ND017",
        "dns-ip-outside-service-cidr",
        Level::Error,
        "The DNS service IP is outside the service CIDR",
        "The cluster DNS service IP must be an address of the service CIDR (AKS-IPPLAN).",
        "AKS-IPPLAN",
        "use the .10 address of the service CIDR",
    ),
    // AKS-IPPLAN, AKS-BYOCNI: the first service address is kubernetes.default.
    issue_rule(
        "ND018",
        "dns-ip-first-address",
        Level::Error,
        "The DNS service IP is the service range's first address",
        "The first address of the service range belongs to `kubernetes.default`; the DNS service IP must be another one, conventionally the .10 (AKS-IPPLAN, AKS-BYOCNI).",
        "AKS-IPPLAN, AKS-BYOCNI",
        "use the .10 address of the service CIDR",
    ),
    // AKS-OVL, AKS-KUBENET: one /24 of the pod CIDR per node.
    issue_rule(
        "ND019",
        "pod-cidr-too-small",
        Level::Error,
        "The pod CIDR holds fewer nodes than the pools plan for",
        "kubenet and CNI Overlay give every node a /24 of the pod CIDR, so the CIDR caps the node count including upgrade surge (AKS-OVL, AKS-KUBENET).",
        "AKS-OVL, AKS-KUBENET",
        "use a larger pod CIDR",
    ),
    // AKS-KUBENET: 400 nodes, one route each in a 400-route table.
    issue_rule(
        "ND020",
        "kubenet-node-limit",
        Level::Error,
        "A kubenet cluster plans for more than 400 nodes",
        "kubenet needs one route per node in a route table of at most 400 routes, so a kubenet cluster has at most 400 nodes (AKS-KUBENET).",
        "AKS-KUBENET",
        "move to CNI Overlay (5,000 nodes)",
    ),
    // AKS-QUOTA: 5,000 nodes per cluster.
    issue_rule(
        "ND021",
        "cluster-node-limit",
        Level::Error,
        "A cluster plans for more than 5,000 nodes",
        "An AKS cluster with VMSS pools and a Standard load balancer has at most 5,000 nodes across its pools (AKS-QUOTA).",
        "AKS-QUOTA",
        "split the workload over more clusters",
    ),
    // AKS-IPPLAN: max pods 10 to 250.
    issue_rule(
        "ND022",
        "max-pods-out-of-range",
        Level::Error,
        "A pool's max pods is outside 10-250",
        "Max pods per node can be set from 10 to 250 with every network model (AKS-IPPLAN).",
        "AKS-IPPLAN",
        "set `max_pods` between 10 and 250",
    ),
    // AKS-QUOTA, AKS-UPG: 1,000 nodes per pool.
    issue_rule(
        "ND023",
        "pool-node-limit",
        Level::Error,
        "A pool plans for more than 1,000 nodes including surge",
        "A VMSS node pool holds at most 1,000 nodes, and surge nodes count during upgrades (AKS-QUOTA, AKS-UPG).",
        "AKS-QUOTA, AKS-UPG",
        "lower the count or add a pool",
    ),
];

fn finding_of(rule: &Rule, issue: &PlanIssue) -> Finding {
    let mut f = rule.finding(issue.message.clone(), &issue.resources.iter().collect::<Vec<_>>());
    f.fix.clone_from(&issue.fix);
    f.source = issue.source;
    f
}

fn from_issues(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for issue in cx.plan.issues.iter().filter(|i| i.code == rule.name) {
        let mut f = finding_of(rule, issue);
        if let Some(id) = issue.resources.first() {
            f.quick_fix = match issue.code {
                "subnet-too-small" | "subnet-below-minimum" | "subnet-below-recommended" | "subnet-outside-vnet" => {
                    subnet_fix(cx, issue.code, id)
                }
                "service-cidr-too-large" => service_fix(cx, id, 16).map(|(q, _)| q),
                "dns-ip-outside-service-cidr" | "dns-ip-first-address" => dns_ip_fix(cx, id),
                _ => None,
            };
        }
        out.push(f);
    }
}

/// A subnet moved or grown to a free block of its VNet: the smallest prefix
/// holding its demand, its special minimum (and, for `subnet-below-recommended`,
/// the recommended size), never smaller than it is. An `auto` subnet with a
/// requested `size` gets the size instead.
fn subnet_fix(cx: &Ctx<'_>, code: &str, id: &Id) -> Option<QuickFix> {
    let r = cx.get(id.as_str())?;
    let spec = r.as_spec::<Subnet>()?;
    let planned = cx.plan.subnet(id.as_str())?;
    let current = planned.prefix.filter(|p| p.is_ipv4())?;
    let mut len = current.prefix_len().min(sizing::subnet_prefix_for(planned.demand)?);
    for rule in &planned.rules {
        len = len.min(rule.min_prefix);
        if code == "subnet-below-recommended" {
            len = len.min(rule.recommended_prefix.unwrap_or(len));
        }
    }
    let mut edited = spec.clone();
    let (label, changes) = match spec.prefix {
        SubnetPrefix::Fixed(_) => {
            let free = super::fix::free_subnet_prefix(cx, id.as_str(), len)?;
            edited.prefix = SubnetPrefix::Fixed(free);
            (
                format!(
                    "set the prefix of subnet {} to {free} (was {current}): inside its VNet, aligned, overlapping no other subnet",
                    r.name()
                ),
                vec![change("prefix", free)],
            )
        }
        SubnetPrefix::Auto if spec.size.is_some_and(|s| s > len) => {
            edited.size = Some(len);
            (
                format!("set the requested size of subnet {} to /{len}", r.name()),
                vec![change("size", len)],
            )
        }
        SubnetPrefix::Auto => return None,
    };
    Some(QuickFix::update(r, Spec::Subnet(edited), label, changes))
}

/// A cluster's service CIDR moved to a free block of `len` (and its DNS
/// service IP to the block's .10), with the block.
fn service_fix(cx: &Ctx<'_>, id: &Id, len: u8) -> Option<(QuickFix, Cidr)> {
    let r = cx.get(id.as_str())?;
    let spec = r.as_spec::<AksCluster>()?;
    let free = free_cluster_range(cx, len, &SERVICE_POOLS)?;
    let dns = nth_address(free, 10)?;
    let mut edited = spec.clone();
    edited.service_cidr = Some(free);
    edited.dns_service_ip = Some(dns);
    let label = format!(
        "set the service CIDR of cluster {} to {free} and its DNS service IP to {dns}",
        r.name()
    );
    let changes = vec![change("service_cidr", free), change("dns_service_ip", dns)];
    Some((QuickFix::update(r, Spec::AksCluster(edited), label, changes), free))
}

/// A cluster's pod CIDR moved to a free block of `len`.
fn pod_fix(cx: &Ctx<'_>, id: &Id, len: u8) -> Option<(QuickFix, Cidr)> {
    let r = cx.get(id.as_str())?;
    let spec = r.as_spec::<AksCluster>()?;
    let free = free_cluster_range(cx, len, &POD_POOLS)?;
    let mut edited = spec.clone();
    edited.pod_cidr = Some(free);
    let label = format!("set the pod CIDR of cluster {} to {free}", r.name());
    Some((
        QuickFix::update(r, Spec::AksCluster(edited), label, vec![change("pod_cidr", free)]),
        free,
    ))
}

/// The DNS service IP set to the .10 of the cluster's service CIDR (AKS-KUBENET).
fn dns_ip_fix(cx: &Ctx<'_>, id: &Id) -> Option<QuickFix> {
    let r = cx.get(id.as_str())?;
    let spec = r.as_spec::<AksCluster>()?;
    let range = cx.plan.cluster(id.as_str())?.service_cidr.cidr;
    let dns = nth_address(range, 10)?;
    let mut edited = spec.clone();
    edited.dns_service_ip = Some(dns);
    let label = format!(
        "set the DNS service IP of cluster {} to {dns}, the .10 of its service CIDR {range}",
        r.name()
    );
    Some(QuickFix::update(
        r,
        Spec::AksCluster(edited),
        label,
        vec![change("dns_service_ip", dns)],
    ))
}

/// The `n`th address of an IPv4 block, when the block holds more than `n + 1`.
fn nth_address(c: Cidr, n: u32) -> Option<std::net::IpAddr> {
    let ipnet::IpNet::V4(net) = c.net().trunc() else {
        return None;
    };
    (c.size() > u128::from(n) + 1).then(|| std::net::IpAddr::V4((u32::from(net.network()) + n).into()))
}

fn other_issues(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    // Overlap rule names and this rule's own name never equal a planner code.
    let known = |code: &str| RULES.iter().any(|r| r.name == code);
    for issue in cx.plan.issues.iter().filter(|i| !known(i.code)) {
        let mut f = finding_of(rule, issue);
        f.message = format!("{} [planner: {}]", issue.message, issue.code);
        if issue.severity == crate::plan::IssueSeverity::Warning {
            f.severity = Level::Warning;
        }
        out.push(f);
    }
}

/// The overlap rule an overlap belongs to (by rule name).
fn classify(o: &Overlap) -> &'static str {
    let pair = |x: &str, y: &str| (o.a.what == x && o.b.what == y) || (o.a.what == y && o.b.what == x);
    let has = |x: &str| o.a.what == x || o.b.what == x;
    if has("forbidden") {
        "forbidden-range"
    } else if pair("subnet", "subnet") {
        "subnet-overlap"
    } else if pair("pod-cidr", "service-cidr") {
        "service-pod-overlap"
    } else if has("pod-cidr") {
        "pod-cidr-overlap"
    } else if has("service-cidr") {
        "service-cidr-overlap"
    } else if has("on-prem") {
        "on-prem-overlap"
    } else {
        "peered-vnet-overlap"
    }
}

fn what(w: &str) -> &str {
    match w {
        "vnet" => "VNet",
        "on-prem" => "on-premises network",
        "pod-cidr" => "the pod CIDR of cluster",
        "service-cidr" => "the service CIDR of cluster",
        other => other,
    }
}

fn from_overlaps(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for o in cx.plan.overlaps.iter().filter(|o| classify(o) == rule.name) {
        let (a, b) = (&o.a, &o.b);
        let message = if b.what == "forbidden" {
            format!(
                "{} {} ({}) overlaps the reserved range {}: {}",
                what(&a.what),
                cx.name(a.owner.as_str()),
                a.cidr,
                b.cidr,
                o.rule
            )
        } else {
            format!(
                "{} {} ({}) overlaps {} {} ({}): {}",
                what(&a.what),
                cx.name(a.owner.as_str()),
                a.cidr,
                what(&b.what),
                cx.name(b.owner.as_str()),
                b.cidr,
                o.rule
            )
        };
        let resources = if a.owner == b.owner {
            vec![&a.owner]
        } else {
            vec![&a.owner, &b.owner]
        };
        let mut f = rule.finding(message, &resources);
        f.source = o.source;
        if let Some((fix, q)) = free_range_fix(cx, o) {
            f.fix = fix;
            f.quick_fix = Some(q);
        } else if rule.name == "subnet-overlap" {
            // Move the subnet with a written prefix (the later one when both are).
            let moving = [b, a]
                .into_iter()
                .find(|x| cx.plan.subnet(x.owner.as_str()).is_some_and(|s| !s.auto));
            f.quick_fix = moving.and_then(|x| subnet_fix(cx, "subnet-overlap", &x.owner));
        }
        out.push(f);
    }
}

/// Where free pod and service ranges are looked for, in order: pods first in
/// RFC 6598 shared space, services first in 172.16.0.0/12.
const POD_POOLS: [&str; 3] = ["100.64.0.0/10", "172.16.0.0/12", "10.0.0.0/8"];
const SERVICE_POOLS: [&str; 3] = ["172.16.0.0/12", "10.0.0.0/8", "100.64.0.0/10"];

/// For a cluster range in the way, a fix naming a range of the same size that
/// overlaps nothing in the design (see [`free_cluster_range`]), and the edit
/// that sets it: the pod CIDR for ND004, else the service CIDR (ND005, ND006),
/// whose DNS service IP moves to the new block's .10.
fn free_range_fix(cx: &Ctx<'_>, o: &Overlap) -> Option<(String, QuickFix)> {
    let (moving, pod) = if o.a.what == "pod-cidr" && o.b.what != "service-cidr" {
        (&o.a, true)
    } else if o.b.what == "pod-cidr" && o.a.what != "service-cidr" {
        (&o.b, true)
    } else if o.a.what == "service-cidr" {
        (&o.a, false)
    } else if o.b.what == "service-cidr" {
        (&o.b, false)
    } else {
        return None;
    };
    let len = moving.cidr.prefix_len();
    let (q, free, what) = if pod {
        let (q, free) = pod_fix(cx, &moving.owner, len)?;
        (q, free, "pod CIDR")
    } else {
        let (q, free) = service_fix(cx, &moving.owner, len)?;
        (q, free, "service CIDR")
    };
    let text = format!(
        "use {free} as the {what} of cluster {}: it overlaps no VNet, on-premises, pod, service or reserved range of the design",
        cx.name(moving.owner.as_str())
    );
    Some((text, q))
}

/// The first block of `len` in the first of `pools` that has one free of every
/// VNet, on-premises range, pod and service CIDR of the plan and the reserved
/// ranges.
fn free_cluster_range(cx: &Ctx<'_>, len: u8, pools: &[&str]) -> Option<Cidr> {
    let mut used: Vec<ipnet::IpNet> = Vec::new();
    for v in &cx.plan.vnets {
        used.extend(v.address_space.iter().map(|c| c.net()));
    }
    for c in &cx.plan.clusters {
        used.push(c.service_cidr.cidr.net());
        used.extend(c.pod_cidr.as_ref().map(|p| p.cidr.net()));
    }
    for (_, p) in cx.all::<crate::model::OnPremises>(crate::model::Kind::OnPremises) {
        used.extend(p.address_ranges.iter().map(|c| c.net()));
    }
    used.extend(crate::plan::reserved().map(crate::net::Cidr::net));
    pools.iter().find_map(|pool| {
        let pool: ipnet::IpNet = pool.parse().ok()?;
        pool.subnets(len)
            .ok()?
            .find(|n| !used.iter().any(|u| super::fix::overlaps(u, n)))
            .map(Cidr::from)
    })
}
