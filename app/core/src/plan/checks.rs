//! Range checks across the design: overlaps within a peering component
//! (VNets, on-premises ranges reached through gateways, pod and service
//! ranges), forbidden ranges, cluster range rules and pool headroom.

use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::net::IpAddr;

use super::alloc::Span;
use super::demand::ClusterInfo;
use super::sizing;
use super::{ClusterPlan, EffectiveRange, IssueSeverity, Overlap, PlanIssue, PoolPlan, RangeRef, VnetPlan};
use crate::id::Id;
use crate::model::{Design, Kind, NetworkModel, OnPremises, VirtualHub, VirtualNetwork, VirtualWanSku, VnetPeering};
use crate::net::Cidr;

fn cidr(text: &str) -> Cidr {
    // Constant, valid literals only.
    text.parse().unwrap_or_else(|_| Cidr::from(ipnet::IpNet::default()))
}

/// Union-find root with path halving.
fn find(parent: &mut [usize], mut x: usize) -> usize {
    while parent[x] != x {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    x
}

/// Peering component number of every VNet and virtual hub (sorted by first
/// VNet id, hubs after VNets): VNets joined by a connected peering, a hub and
/// the VNets connected to it, and the hubs of one Standard Virtual WAN (its
/// hubs are meshed; a Basic WAN's are not: Microsoft Learn, "About Virtual
/// WAN"). Ranges in one component must not overlap (VNET-FAQ, VWAN-FAQ).
pub(super) fn peering_components(design: &Design) -> HashMap<String, usize> {
    let ids: Vec<&str> = design
        .all::<VirtualNetwork>()
        .map(|(r, _)| r.id.as_str())
        .chain(design.all::<VirtualHub>().map(|(r, _)| r.id.as_str()))
        .collect();
    let slot: HashMap<&str, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    let mut parent: Vec<usize> = (0..ids.len()).collect();
    let mut join = |a: &str, b: &str| {
        if let (Some(a), Some(b)) = (slot.get(a), slot.get(b)) {
            let (ra, rb) = (find(&mut parent, *a), find(&mut parent, *b));
            if ra != rb {
                parent[ra.max(rb)] = ra.min(rb);
            }
        }
    };
    for (_, p) in design.all::<VnetPeering>().filter(|(_, p)| p.is_connected()) {
        join(p.from.as_str(), p.to.as_str());
    }
    let mut first_hub_of_wan: HashMap<&str, &str> = HashMap::default();
    for (r, h) in design.all::<VirtualHub>() {
        for v in &h.connections {
            join(r.id.as_str(), v.as_str());
        }
        let meshed = design
            .spec::<crate::model::VirtualWan>(h.wan.as_str())
            .is_some_and(|w| w.sku == VirtualWanSku::Standard);
        if meshed {
            let first = *first_hub_of_wan.entry(h.wan.as_str()).or_insert(r.id.as_str());
            join(first, r.id.as_str());
        }
    }
    let mut number: HashMap<usize, usize> = HashMap::default();
    let mut out = HashMap::default();
    for (i, id) in ids.iter().enumerate() {
        let root = find(&mut parent, i);
        let next = number.len();
        let n = *number.entry(root).or_insert(next);
        out.insert((*id).to_owned(), n);
    }
    out
}

/// On-premises networks each VNet reaches: through a gateway in the VNet, or
/// its hub's gateway over a peering with gateway transit (VNET-FAQ, B.2).
fn on_prem_reach(design: &Design) -> HashMap<&str, Vec<(&Id, &OnPremises)>> {
    let mut by_gateway_vnet: HashMap<&str, Vec<(&Id, &OnPremises)>> = HashMap::default();
    for (r, o) in design.all::<OnPremises>() {
        if let Some(gw) = &o.gateway
            && let Some(v) = design.enclosing(gw.as_str(), Kind::VirtualNetwork)
        {
            by_gateway_vnet.entry(v.id.as_str()).or_default().push((&r.id, o));
        }
    }
    // A hub's gateway reaches the hub itself (whose component holds the VNets
    // connected to it and, in a Standard WAN, the other hubs and theirs).
    for (r, o) in design.all::<OnPremises>() {
        if let Some(gw) = &o.gateway
            && let Some(h) = design.enclosing(gw.as_str(), Kind::VirtualHub)
        {
            by_gateway_vnet.entry(h.id.as_str()).or_default().push((&r.id, o));
        }
    }
    let mut reach = by_gateway_vnet.clone();
    for (_, p) in design.all::<VnetPeering>().filter(|(_, p)| p.is_connected()) {
        if p.allow_gateway_transit
            && p.use_remote_gateways
            && let Some(hub) = by_gateway_vnet.get(p.from.as_str())
        {
            reach.entry(p.to.as_str()).or_default().extend(hub.iter().copied());
        }
    }
    reach
}

/// The VNets a cluster's pools sit in.
pub(super) fn cluster_vnets<'d>(design: &'d Design, c: &ClusterInfo<'_>) -> Vec<&'d Id> {
    let mut out: Vec<&Id> = c
        .pools
        .iter()
        .filter_map(|p| p.res.parent())
        .filter_map(|s| design.enclosing(s.as_str(), Kind::VirtualNetwork))
        .map(|v| &v.id)
        .collect();
    if out.is_empty()
        && let Some(v) = design.enclosing(c.res.id.as_str(), Kind::VirtualNetwork)
    {
        out.push(&v.id);
    }
    out.sort();
    out.dedup();
    out
}

fn issue(code: &'static str, message: String, resources: Vec<Id>, fix: String, source: &'static str) -> PlanIssue {
    PlanIssue {
        severity: IssueSeverity::Error,
        code,
        message,
        resources,
        fix,
        source,
    }
}

/// Resolves a cluster's ranges, checks them and computes pool headroom.
#[allow(clippy::too_many_lines)]
pub(super) fn cluster_plan(
    design: &Design,
    c: &ClusterInfo<'_>,
    so_far: &super::Plan,
    issues: &mut Vec<PlanIssue>,
) -> ClusterPlan {
    let id = &c.res.id;
    let name = c.res.name();
    let model = c.spec.network_model;
    // Defaults: service 10.0.0.0/16, DNS 10.0.0.10, pods 10.244.0.0/16 (AKS-KUBENET, AKS-OVL-CFG).
    let service = EffectiveRange {
        cidr: c.spec.service_cidr.unwrap_or_else(|| cidr("10.0.0.0/16")),
        is_default: c.spec.service_cidr.is_none(),
    };
    let (dns, dns_default) = match (c.spec.dns_service_ip, c.spec.service_cidr) {
        (Some(ip), _) => (ip, false),
        (None, Some(s)) => (nth_address(s, 10), true),
        (None, None) => (IpAddr::from([10, 0, 0, 10]), true),
    };
    if service.cidr.prefix_len() <= 12 {
        issues.push(issue(
            "service-cidr-too-large",
            format!(
                "cluster {name}: service CIDR {} is /{}; it must be smaller than a /12",
                service.cidr,
                service.cidr.prefix_len()
            ),
            vec![id.clone()],
            "use a /16 such as 10.0.0.0/16 (it can be reused by every cluster)".to_owned(),
            "AKS-IPPLAN",
        ));
    }
    let net = service.cidr.net();
    if !net.contains(&dns) {
        issues.push(issue(
            "dns-ip-outside-service-cidr",
            format!(
                "cluster {name}: DNS service IP {dns} is not inside the service CIDR {}",
                service.cidr
            ),
            vec![id.clone()],
            format!(
                "use the .10 of the service range, e.g. {}",
                nth_address(service.cidr, 10)
            ),
            "AKS-IPPLAN",
        ));
    } else if dns == net.network() || dns == nth_address(service.cidr, 1) {
        issues.push(issue(
            "dns-ip-first-address",
            format!(
                "cluster {name}: DNS service IP {dns} is the service range's first address, taken by kubernetes.default"
            ),
            vec![id.clone()],
            format!("use {}", nth_address(service.cidr, 10)),
            "AKS-IPPLAN, AKS-BYOCNI",
        ));
    }

    let pod_cidr = sizing::uses_pod_cidr(model).then(|| EffectiveRange {
        cidr: c.spec.pod_cidr.unwrap_or_else(|| cidr("10.244.0.0/16")),
        is_default: c.spec.pod_cidr.is_none(),
    });
    let planned: u64 = c.pools.iter().map(|p| p.nodes + p.surge).sum();
    let total_nodes: u64 = c.pools.iter().map(|p| p.nodes).sum();
    let total_surge: u64 = c.pools.iter().map(|p| p.surge).sum();
    let pod_cidr_demand = sizing::pod_cidr_ips(model, total_nodes, total_surge);
    let pod_capacity = pod_cidr
        .as_ref()
        .filter(|_| matches!(model, NetworkModel::Kubenet | NetworkModel::Overlay))
        .map(|p| sizing::pod_cidr_node_capacity(p.cidr.prefix_len()));
    if let (Some(cap), Some(p)) = (pod_capacity, &pod_cidr)
        && planned > cap
    {
        let need = sizing::block_prefix_for(planned * 256).unwrap_or(0);
        issues.push(issue(
            "pod-cidr-too-small",
            format!(
                "cluster {name}: pod CIDR {} holds {cap} nodes (one /24 each) but the pools plan for {planned} (nodes + surge)",
                p.cidr
            ),
            vec![id.clone()],
            format!("use a /{need} or larger pod CIDR"),
            "AKS-OVL, AKS-KUBENET",
        ));
    }
    if model == NetworkModel::Kubenet && planned > sizing::KUBENET_MAX_NODES {
        issues.push(issue(
            "kubenet-node-limit",
            format!("cluster {name}: kubenet supports at most 400 nodes (one route each in a 400-route table); the pools plan for {planned}"),
            vec![id.clone()],
            "move to CNI Overlay, which supports 5,000 nodes".to_owned(),
            "AKS-KUBENET",
        ));
    }
    if planned > sizing::CLUSTER_MAX_NODES {
        issues.push(issue(
            "cluster-node-limit",
            format!("cluster {name}: {planned} nodes planned; AKS allows 5,000 per cluster"),
            vec![id.clone()],
            "split the workload over more clusters".to_owned(),
            "AKS-QUOTA",
        ));
    }

    let subnet_headroom = |sid: Option<&Id>| -> Option<(u64, &str)> {
        let s = so_far.subnet(sid?.as_str())?;
        s.prefix?;
        Some((u64::try_from(s.headroom.max(0)).unwrap_or(0), s.name.as_str()))
    };

    let mut pools = Vec::new();
    for p in &c.pools {
        if !(sizing::MIN_PODS_LIMIT..=sizing::MAX_PODS_LIMIT).contains(&p.max_pods) {
            issues.push(issue(
                "max-pods-out-of-range",
                format!(
                    "node pool {} of {name}: max pods {} is outside 10-250",
                    p.res.name(),
                    p.max_pods
                ),
                vec![p.res.id.clone()],
                "set max_pods between 10 and 250".to_owned(),
                "AKS-IPPLAN",
            ));
        }
        if p.nodes + p.surge > sizing::POOL_MAX_NODES {
            issues.push(issue(
                "pool-node-limit",
                format!(
                    "node pool {} of {name}: {} nodes plus surge exceed the 1,000 per pool",
                    p.res.name(),
                    p.nodes
                ),
                vec![p.res.id.clone()],
                "lower the count or add a pool".to_owned(),
                "AKS-QUOTA, AKS-UPG",
            ));
        }
        let mut limits: Vec<(u64, String)> = Vec::new();
        let per_node = if model == NetworkModel::AzureCni {
            u64::from(p.max_pods) + 1
        } else {
            1
        };
        if let Some((free, sname)) = subnet_headroom(p.res.parent()) {
            limits.push((free / per_node, format!("node subnet {sname}")));
        }
        if let Some(f) = sizing::pod_subnet_ips(model, 1, 0, p.max_pods)
            && let Some((free, sname)) = subnet_headroom(p.spec.pod_subnet.as_ref())
        {
            limits.push((free / f.ips.max(1), format!("pod subnet {sname}")));
        }
        if let (Some(cap), Some(pc)) = (pod_capacity, &pod_cidr) {
            limits.push((cap.saturating_sub(planned), format!("pod CIDR {}", pc.cidr)));
        }
        if model == NetworkModel::Kubenet {
            limits.push((
                sizing::KUBENET_MAX_NODES.saturating_sub(planned),
                "kubenet's 400-node limit".to_owned(),
            ));
        }
        limits.push((
            sizing::CLUSTER_MAX_NODES.saturating_sub(planned),
            "5,000 nodes per cluster".to_owned(),
        ));
        limits.push((
            sizing::POOL_MAX_NODES.saturating_sub(p.nodes + p.surge),
            "1,000 nodes per pool".to_owned(),
        ));
        let (headroom, limited_by) = limits
            .into_iter()
            .min_by_key(|(n, _)| *n)
            .map_or((None, String::new()), |(n, why)| (Some(n), why));
        pools.push(PoolPlan {
            id: p.res.id.clone(),
            name: p.res.name().to_owned(),
            nodes: p.nodes,
            surge: p.surge,
            surge_rule: p.surge_rule.clone(),
            max_pods: p.max_pods,
            max_pods_is_default: p.max_pods_is_default,
            node_subnet: p.res.parent().cloned(),
            pod_subnet: p.spec.pod_subnet.clone(),
            headroom_nodes: headroom,
            limited_by,
        });
    }
    let _ = design;
    ClusterPlan {
        id: id.clone(),
        name: name.to_owned(),
        network_model: model,
        service_cidr: service,
        dns_service_ip: dns.to_string(),
        dns_service_ip_is_default: dns_default,
        pod_cidr,
        pod_cidr_demand,
        planned_nodes: planned,
        pools,
    }
}

/// The n-th address of a block (n = 10 → `10.0.0.10` for `10.0.0.0/16`).
fn nth_address(c: Cidr, n: u32) -> IpAddr {
    match c.net().network() {
        IpAddr::V4(v4) => IpAddr::from(u32::from(v4).wrapping_add(n).to_be_bytes()),
        IpAddr::V6(v6) => IpAddr::from(u128::from(v6).wrapping_add(u128::from(n)).to_be_bytes()),
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum What {
    Vnet,
    /// A Virtual WAN hub's address prefix.
    Hub,
    OnPrem,
    Pod,
    Service,
}

impl What {
    fn name(self) -> &'static str {
        match self {
            What::Vnet => "vnet",
            What::Hub => "virtual-hub",
            What::OnPrem => "on-prem",
            What::Pod => "pod-cidr",
            What::Service => "service-cidr",
        }
    }
}

struct Entry<'a> {
    span: Span,
    what: What,
    owner: &'a Id,
    cidr: Cidr,
}

/// Adds an owner's ranges of one kind to a component's list.
fn push_ranges<'a>(list: &mut Vec<Entry<'a>>, what: What, owner: &'a Id, ranges: &[Cidr]) {
    list.extend(ranges.iter().filter_map(|cidr| {
        Span::of(*cidr).map(|span| Entry {
            span,
            what,
            owner,
            cidr: *cidr,
        })
    }));
}

/// The rule that forbids two kinds of range from overlapping, if any.
fn rule(a: &Entry<'_>, b: &Entry<'_>) -> Option<(&'static str, &'static str)> {
    use What::{Hub, OnPrem, Pod, Service, Vnet};
    if a.owner == b.owner && a.what == b.what {
        return None;
    }
    match (a.what, b.what) {
        // VWAN-FAQ: the hub's prefix must not overlap the VNets connected to the WAN, on-premises or other hubs.
        (Hub, Vnet | OnPrem | Hub) | (Vnet | OnPrem, Hub) => Some((
            "a virtual hub's address prefix must not overlap connected VNets, on-premises ranges or other hubs",
            "VWAN-FAQ",
        )),
        (Vnet, Vnet) => Some(("VNets in one peering component must not overlap", "VNET-FAQ")),
        (Vnet, OnPrem) | (OnPrem, Vnet) => Some((
            "on-premises ranges reached through a gateway must not overlap the VNet",
            "VNET-FAQ",
        )),
        // A hub is a network the cluster's traffic reaches, like a peered VNet.
        (Pod, Vnet | OnPrem | Hub) | (Vnet | OnPrem | Hub, Pod) => Some((
            "a pod CIDR must not overlap the cluster's VNet, peered VNets or on-premises ranges",
            "AKS-OVL",
        )),
        (Service, Vnet | OnPrem | Hub) | (Vnet | OnPrem | Hub, Service) => Some((
            "a service CIDR must not overlap the cluster's VNet, peered VNets or on-premises ranges",
            "AKS-LEGACY, AKS-IPPLAN",
        )),
        (Service, Pod) | (Pod, Service) if a.owner == b.owner => {
            Some(("a cluster's service CIDR must not overlap its pod CIDR", "AKS-OVL"))
        }
        _ => None,
    }
}

/// Ranges Azure refuses in a VNet (VNET-FAQ) and AKS refuses for cluster VNets,
/// pod and service ranges (AKS-CNIOV).
const AZURE_FORBIDDEN: &[&str] = &[
    "224.0.0.0/4",
    "255.255.255.255/32",
    "127.0.0.0/8",
    "169.254.0.0/16",
    "168.63.129.16/32",
];
const AKS_FORBIDDEN: &[&str] = &["169.254.0.0/16", "172.30.0.0/16", "172.31.0.0/16", "192.0.2.0/24"];

/// Every range Azure or AKS refuses for a VNet, pod or service range.
pub(crate) fn reserved() -> impl Iterator<Item = Cidr> {
    AZURE_FORBIDDEN
        .iter()
        .chain(AKS_FORBIDDEN)
        .filter_map(|s| s.parse().ok())
}

#[allow(clippy::too_many_lines, reason = "one pass per kind of range, read top to bottom")]
pub(super) fn overlaps(
    design: &Design,
    vnets: &[VnetPlan],
    clusters: &[ClusterPlan],
    cluster_vnet: &HashMap<&Id, &Id>,
    components: &HashMap<String, usize>,
) -> Vec<Overlap> {
    let hosts: HashSet<&Id> = cluster_vnet.values().copied().collect();
    let mut out = Vec::new();
    // Subnets within each VNet.
    for v in vnets {
        let mut subs: Vec<(Span, &Id, Cidr)> = v
            .subnets
            .iter()
            .flat_map(|s| s.prefix.iter().chain(&s.extra_prefixes).map(move |p| (s, *p)))
            .filter_map(|(s, p)| Span::of(p).map(|sp| (sp, &s.id, p)))
            .collect();
        subs.sort_by_key(|(sp, id, _)| (sp.start, (*id).clone()));
        for i in 0..subs.len() {
            for j in i + 1..subs.len() {
                if subs[j].0.start >= subs[i].0.end {
                    break;
                }
                out.push(Overlap {
                    a: RangeRef {
                        owner: subs[i].1.clone(),
                        what: "subnet".into(),
                        cidr: subs[i].2,
                    },
                    b: RangeRef {
                        owner: subs[j].1.clone(),
                        what: "subnet".into(),
                        cidr: subs[j].2,
                    },
                    rule: format!("subnets of {} must not overlap", v.name),
                    source: "VNET-FAQ",
                });
            }
        }
    }

    // Ranges per peering component.
    let reach = on_prem_reach(design);
    let mut per_component: BTreeMap<usize, Vec<Entry<'_>>> = BTreeMap::new();
    let mut seen_onprem: BTreeSet<(usize, &Id)> = BTreeSet::new();
    // Each VNet's and hub's own ranges, and once per component the
    // on-premises ranges a gateway of theirs reaches.
    let hubs = design.all::<VirtualHub>().filter_map(|(h, hub)| {
        let comp = components.get(h.id.as_str()).copied()?;
        Some((&h.id, comp, What::Hub, std::slice::from_ref(&hub.address_prefix)))
    });
    let owners = vnets
        .iter()
        .map(|v| (&v.id, v.peering_component, What::Vnet, v.address_space.as_slice()))
        .chain(hubs);
    for (owner, comp, what, ranges) in owners {
        let list = per_component.entry(comp).or_default();
        push_ranges(list, what, owner, ranges);
        for (oid, o) in reach.get(owner.as_str()).map(Vec::as_slice).unwrap_or_default() {
            if seen_onprem.insert((comp, *oid)) {
                push_ranges(list, What::OnPrem, oid, &o.address_ranges);
            }
        }
    }
    for cp in clusters {
        let Some(vnet) = cluster_vnet.get(&cp.id) else { continue };
        let Some(comp) = components.get(vnet.as_str()) else {
            continue;
        };
        let list = per_component.entry(*comp).or_default();
        if let Some(span) = Span::of(cp.service_cidr.cidr) {
            list.push(Entry {
                span,
                what: What::Service,
                owner: &cp.id,
                cidr: cp.service_cidr.cidr,
            });
        }
        if let Some(pc) = &cp.pod_cidr
            && let Some(span) = Span::of(pc.cidr)
        {
            list.push(Entry {
                span,
                what: What::Pod,
                owner: &cp.id,
                cidr: pc.cidr,
            });
        }
    }
    let forbidden_azure: Vec<(Cidr, Span)> = AZURE_FORBIDDEN
        .iter()
        .filter_map(|f| Span::of(cidr(f)).map(|s| (cidr(f), s)))
        .collect();
    let forbidden_aks: Vec<(Cidr, Span)> = AKS_FORBIDDEN
        .iter()
        .filter_map(|f| Span::of(cidr(f)).map(|s| (cidr(f), s)))
        .collect();
    for list in per_component.values_mut() {
        list.sort_by_key(|e| (e.span.start, e.owner.clone()));
        for i in 0..list.len() {
            for j in i + 1..list.len() {
                if list[j].span.start >= list[i].span.end {
                    break;
                }
                if let Some((why, source)) = rule(&list[i], &list[j]) {
                    let (a, b) = (&list[i], &list[j]);
                    out.push(Overlap {
                        a: RangeRef {
                            owner: a.owner.clone(),
                            what: a.what.name().into(),
                            cidr: a.cidr,
                        },
                        b: RangeRef {
                            owner: b.owner.clone(),
                            what: b.what.name().into(),
                            cidr: b.cidr,
                        },
                        rule: why.to_owned(),
                        source,
                    });
                }
            }
        }
        // Forbidden ranges.
        for e in list.iter().filter(|e| e.what != What::OnPrem) {
            let aks_range =
                matches!(e.what, What::Pod | What::Service) || (e.what == What::Vnet && hosts.contains(e.owner));
            let forbidden = forbidden_azure
                .iter()
                .filter(|_| matches!(e.what, What::Vnet | What::Hub))
                .map(|f| (f, "Azure does not allow this range in a VNet", "VNET-FAQ"))
                .chain(forbidden_aks.iter().filter(|_| aks_range).map(|f| {
                    (
                        f,
                        "AKS does not allow this range for a cluster's VNet, pods or services",
                        "AKS-CNIOV",
                    )
                }));
            for ((fc, fs), why, source) in forbidden {
                if fs.overlaps(e.span) {
                    out.push(Overlap {
                        a: RangeRef {
                            owner: e.owner.clone(),
                            what: e.what.name().into(),
                            cidr: e.cidr,
                        },
                        b: RangeRef {
                            owner: e.owner.clone(),
                            what: "forbidden".into(),
                            cidr: *fc,
                        },
                        rule: why.to_owned(),
                        source,
                    });
                }
            }
        }
    }
    out.sort_by(|x, y| (&x.a, &x.b).cmp(&(&y.a, &y.b)));
    out.dedup();
    out
}
