//! What each subnet must hold: node pools (by network model), pod subnets,
//! internal load balancers, private endpoints, Private Link NAT IPs, gateways
//! and API Management units.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::sizing::{self, Figure};
use super::special::{self, rule_for};
use super::{DemandItem, IssueSeverity, PlanIssue, SubnetPlan};
use crate::id::Id;
use crate::model::{
    AddressDemand, AksCluster, ApiManagement, ApimSku, ApimVnetMode, AppGateway, Design, K8sService, Kind, NodePool,
    PrivateLinkService, Resource, Subnet,
};
use crate::net::Cidr;

/// Lookups built once per plan.
pub(super) struct Index<'d> {
    /// Children of each parent as a range of `flat`, in id order.
    children: HashMap<&'d str, (u32, u32)>,
    flat: Vec<&'d Resource>,
    pod_subnet_users: HashMap<&'d str, Vec<&'d Resource>>,
    api_server_subnets: HashSet<&'d str>,
    unplaced_services: HashMap<&'d str, Vec<&'d Resource>>,
}

impl<'d> Index<'d> {
    pub fn build(design: &'d Design) -> Index<'d> {
        // Children lists in one allocation: count per parent, give each parent
        // a range of `flat`, then fill the ranges walking resources in id order.
        let mut children: HashMap<&'d str, (u32, u32)> = HashMap::default();
        let mut placed = 0u32;
        for r in design.resources() {
            if let Some(p) = r.parent() {
                children.entry(p.as_str()).or_insert((0, 0)).1 += 1;
                placed += 1;
            }
        }
        let mut next = 0;
        for range in children.values_mut() {
            let count = range.1;
            *range = (next, next);
            next += count;
        }
        let mut flat = match design.resources().next() {
            Some(any) => vec![any; placed as usize],
            None => Vec::new(),
        };
        for r in design.resources() {
            if let Some(range) = r.parent().and_then(|p| children.get_mut(p.as_str())) {
                flat[range.1 as usize] = r;
                range.1 += 1;
            }
        }
        let mut index = Index {
            children,
            flat,
            pod_subnet_users: HashMap::default(),
            api_server_subnets: HashSet::default(),
            unplaced_services: HashMap::default(),
        };
        for r in design.resources() {
            if let Some(pool) = r.as_spec::<NodePool>()
                && let Some(ps) = &pool.pod_subnet
            {
                index.pod_subnet_users.entry(ps.as_str()).or_default().push(r);
            }
            if let Some(a) = r.as_spec::<AksCluster>()
                && let Some(s) = &a.api_server_subnet
            {
                index.api_server_subnets.insert(s.as_str());
            }
            if let Some(svc) = r.as_spec::<K8sService>()
                && r.parent().is_none()
                && svc.internal
            {
                index.unplaced_services.entry(svc.cluster.as_str()).or_default().push(r);
            }
        }
        index
    }

    pub fn children(&self, id: &str) -> &[&'d Resource] {
        self.children
            .get(id)
            .and_then(|(start, end)| self.flat.get(*start as usize..*end as usize))
            .unwrap_or_default()
    }

    pub fn children_of_kind(&self, id: &str, kind: Kind) -> impl Iterator<Item = &'d Resource> + '_ {
        self.children(id).iter().copied().filter(move |r| r.kind() == kind)
    }
}

/// A cluster with its pools' resolved numbers.
pub(super) struct ClusterInfo<'d> {
    pub res: &'d Resource,
    pub spec: &'d AksCluster,
    pub pools: Vec<PoolInfo<'d>>,
    /// The subnet whose addresses internal load balancers take by default.
    pub default_lb_subnet: Option<&'d Id>,
}

pub(super) struct PoolInfo<'d> {
    pub res: &'d Resource,
    pub spec: &'d NodePool,
    pub nodes: u64,
    pub surge: u64,
    pub surge_rule: String,
    pub max_pods: u32,
    pub max_pods_is_default: bool,
}

pub(super) fn clusters<'d>(design: &'d Design, index: &Index<'d>) -> Vec<ClusterInfo<'d>> {
    let mut by_cluster: HashMap<&str, Vec<&'d Resource>> = HashMap::default();
    for (r, p) in design.all::<NodePool>() {
        by_cluster.entry(p.cluster.as_str()).or_default().push(r);
    }
    let _ = index;
    design
        .all::<AksCluster>()
        .map(|(res, spec)| {
            let mut pools: Vec<PoolInfo<'d>> = by_cluster
                .get(res.id.as_str())
                .map(Vec::as_slice)
                .unwrap_or_default()
                .iter()
                .filter_map(|r| r.as_spec::<NodePool>().map(|p| pool_info(design, spec, r, p)))
                .collect();
            pools.sort_by(|a, b| a.res.id.cmp(&b.res.id));
            // Internal LBs without a subnet take addresses from the system pool's subnet (AKS-IPPLAN, AKS-ILB).
            let default_lb_subnet = pools
                .iter()
                .find(|p| p.spec.mode == crate::model::PoolMode::System)
                .or(pools.first())
                .and_then(|p| p.res.parent());
            ClusterInfo {
                res,
                spec,
                pools,
                default_lb_subnet,
            }
        })
        .collect()
}

fn pool_info<'d>(design: &Design, cluster: &AksCluster, res: &'d Resource, spec: &'d NodePool) -> PoolInfo<'d> {
    // The autoscaler's maximum when set, else the fixed count.
    let nodes = u64::from(spec.max_count.or(spec.count).unwrap_or(0));
    let (surge, surge_rule) = if let Some(s) = spec.max_surge {
        (
            u64::from(s.nodes_for(nodes as u32)),
            format!("max_surge {s} of {nodes} nodes (percentages round up, AKS-UPG)"),
        )
    } else {
        let rule = design.settings.surge_default;
        (
            u64::from(rule.nodes_for(nodes as u32)),
            format!(
                "no max_surge set: design default {} (CONFLICT AKS-UPG vs AKS-API)",
                match rule {
                    crate::model::SurgeDefault::MaxOfOneAndTenPercent => "max(1 node, 10%)",
                    crate::model::SurgeDefault::OneNode => "1 node",
                    crate::model::SurgeDefault::TenPercent => "10%",
                }
            ),
        )
    };
    let default = sizing::default_max_pods(cluster.network_model, &design.settings);
    PoolInfo {
        res,
        spec,
        nodes,
        surge,
        surge_rule,
        max_pods: spec.max_pods.unwrap_or(default),
        max_pods_is_default: spec.max_pods.is_none(),
    }
}

impl SubnetPlan {
    /// Sets the prefix and derives usable, utilisation and headroom.
    pub(super) fn with_prefix(mut self, prefix: Option<Cidr>, auto: bool) -> SubnetPlan {
        self.set_prefix(prefix, auto);
        self
    }

    /// Places the subnet at `prefix` and recomputes usable, utilisation and headroom.
    pub(super) fn set_prefix(&mut self, prefix: Option<Cidr>, auto: bool) {
        self.prefix = prefix;
        self.auto = self.auto || auto;
        self.usable = prefix
            .filter(|c| c.is_ipv4())
            .map_or(0, |c| sizing::usable(c.prefix_len()));
        self.utilisation = if self.usable == 0 {
            0.0
        } else {
            (self.demand as f64 * 1000.0 / self.usable as f64).round() / 10.0
        };
        self.headroom = i64::try_from(self.usable).unwrap_or(i64::MAX) - i64::try_from(self.demand).unwrap_or(i64::MAX);
    }
}

fn item(resource: &Resource, label: String, figure: Figure) -> DemandItem {
    DemandItem {
        resource: resource.id.clone(),
        label,
        figure,
    }
}

fn fixed(ips: u64, formula: String, source: &'static str) -> Figure {
    Figure { ips, formula, source }
}

/// Everything a subnet must hold, before it has a prefix.
/// Clusters by id, and the clusters whose unplaced internal LBs land in each subnet.
pub(super) struct ClusterLookup<'a, 'd> {
    by_id: HashMap<&'d str, &'a ClusterInfo<'d>>,
    default_lb: HashMap<&'d str, Vec<&'a ClusterInfo<'d>>>,
}

impl<'a, 'd> ClusterLookup<'a, 'd> {
    pub fn new(clusters: &'a [ClusterInfo<'d>]) -> Self {
        let mut by_id = HashMap::default();
        let mut default_lb: HashMap<&'d str, Vec<&'a ClusterInfo<'d>>> = HashMap::default();
        for c in clusters {
            by_id.insert(c.res.id.as_str(), c);
            if let Some(s) = c.default_lb_subnet {
                default_lb.entry(s.as_str()).or_default().push(c);
            }
        }
        ClusterLookup { by_id, default_lb }
    }
}

#[allow(clippy::too_many_lines, reason = "one arm per kind that consumes subnet addresses")]
pub(super) fn subnet_demand(
    design: &Design,
    index: &Index<'_>,
    lookup: &ClusterLookup<'_, '_>,
    subnet: &Resource,
) -> SubnetPlan {
    let id = subnet.id.as_str();
    let contents = index.children(id);
    let mut items = Vec::new();
    let cluster_of = |cid: &Id| lookup.by_id.get(cid.as_str()).copied();

    for r in contents {
        // One arm per answer the `kinds!` table gives; a new kind states its own.
        match r.kind().address_demand() {
            AddressDemand::NodePool => {
                if let Some(c) = r.as_spec::<NodePool>().and_then(|p| cluster_of(&p.cluster))
                    && let Some(p) = c.pools.iter().find(|p| p.res.id == r.id)
                {
                    let f = sizing::node_subnet_ips(c.spec.network_model, p.nodes, p.surge, p.max_pods);
                    items.push(item(r, format!("node pool {} ({})", r.name(), c.spec.network_model), f));
                }
            }
            AddressDemand::InternalFrontend if r.as_spec::<K8sService>().is_some_and(|s| s.internal) => {
                items.push(item(
                    r,
                    format!("internal load balancer {}", r.name()),
                    fixed(1, "1 frontend IP".into(), "AKS-ILB"),
                ));
            }
            AddressDemand::Nic => {
                items.push(item(
                    r,
                    format!("private endpoint {}", r.name()),
                    fixed(1, "1 NIC IP".into(), "PE-POL (DERIVED)"),
                ));
            }
            AddressDemand::NatIps => {
                let n = u64::from(r.as_spec::<PrivateLinkService>().map_or(1, |p| p.nat_ip_count));
                items.push(item(
                    r,
                    format!("Private Link Service {} NAT IPs", r.name()),
                    fixed(n, format!("{n} NAT IP(s)"), "AKS-ILB"),
                ));
            }
            AddressDemand::AppGatewayInstances => {
                if let Some(g) = r.as_spec::<AppGateway>() {
                    let (instances, why) = match (g.max_capacity, g.min_capacity) {
                        (Some(max), _) => (u64::from(max), format!("{max} instances (max_capacity)")),
                        (None, Some(min)) => (
                            u64::from(min),
                            format!("{min} instances (min_capacity; set max_capacity to plan for autoscale)"),
                        ),
                        (None, None) => (10, "10 instances assumed (set max_capacity)".to_owned()),
                    };
                    let private = u64::from(g.private_ip.is_some());
                    let ips = instances + private;
                    items.push(item(
                        r,
                        format!("Application Gateway {}", r.name()),
                        fixed(
                            ips,
                            format!("{why} + {private} private frontend = {ips}"),
                            "APPGW-INFRA",
                        ),
                    ));
                }
            }
            AddressDemand::ApiManagementUnits => {
                if let Some(a) = r.as_spec::<ApiManagement>() {
                    let units = u64::from(a.capacity.max(1));
                    let internal = u64::from(matches!(a.vnet_mode, ApimVnetMode::Internal));
                    let (per_unit, source) = match a.sku {
                        ApimSku::Developer => (1, "APIM-INJ"),
                        ApimSku::StandardV2 | ApimSku::PremiumV2 => (2, "APIM-V2INJ"),
                        _ => (2, "APIM-INJ"),
                    };
                    let ips = units * per_unit + internal;
                    items.push(item(
                        r,
                        format!("API Management {}", r.name()),
                        fixed(
                            ips,
                            format!("{units} unit(s) × {per_unit} + {internal} internal LB = {ips}"),
                            source,
                        ),
                    ));
                }
            }
            AddressDemand::InternalFrontend | AddressDemand::None => {}
        }
    }
    // Internal LBs with no subnet of their own land in their cluster's node subnet.
    for c in lookup.default_lb.get(id).map(Vec::as_slice).unwrap_or_default() {
        for svc in index
            .unplaced_services
            .get(c.res.id.as_str())
            .map(Vec::as_slice)
            .unwrap_or_default()
        {
            items.push(item(
                svc,
                format!("internal load balancer {} (cluster node subnet by default)", svc.name()),
                fixed(1, "1 frontend IP".into(), "AKS-IPPLAN"),
            ));
        }
    }
    // Pools that use this subnet for their pods.
    for r in index.pod_subnet_users.get(id).map(Vec::as_slice).unwrap_or_default() {
        if let Some(c) = r.as_spec::<NodePool>().and_then(|p| cluster_of(&p.cluster))
            && let Some(p) = c.pools.iter().find(|p| p.res.id == r.id)
            && let Some(f) = sizing::pod_subnet_ips(c.spec.network_model, p.nodes, p.surge, p.max_pods)
        {
            items.push(item(
                r,
                format!("pods of node pool {} ({})", r.name(), c.spec.network_model),
                f,
            ));
        }
    }
    if let Some(extra) = subnet.as_spec::<Subnet>().map(|s| s.extra_ips).filter(|e| *e > 0) {
        items.push(item(
            subnet,
            "other NICs (extra_ips)".to_owned(),
            fixed(u64::from(extra), format!("{extra} declared"), "design"),
        ));
    }
    let demand = items.iter().map(|i| i.figure.ips).sum();
    let rules = special::roles(subnet, contents, index.api_server_subnets.contains(id))
        .into_iter()
        .map(rule_for)
        .collect();
    let mut residents: Vec<Id> = contents.iter().map(|r| r.id.clone()).collect();
    residents.sort();
    let _ = design;
    SubnetPlan {
        id: subnet.id.clone(),
        name: subnet.name().to_owned(),
        prefix: None,
        auto: false,
        extra_prefixes: Vec::new(),
        usable: 0,
        demand,
        utilisation: 0.0,
        headroom: -i64::try_from(demand).unwrap_or(i64::MAX),
        items,
        rules,
        residents,
    }
}

/// The prefix an `auto` subnet gets: its requested size, or the smallest that
/// holds demand plus the growth margin, never below a special subnet's minimum.
pub(super) fn auto_prefix(design: &Design, spec: &Subnet, plan: &SubnetPlan) -> u8 {
    if let Some(size) = spec.size {
        return size;
    }
    let margin = u64::from(design.settings.growth_margin_percent);
    let wanted = (plan.demand * (100 + margin)).div_ceil(100).max(1);
    let fit = sizing::subnet_prefix_for(wanted).unwrap_or(sizing::LARGEST_SUBNET);
    plan.rules.iter().fold(fit, |p, r| p.min(r.min_prefix))
}

/// What lowers a subnet's demand, biggest contributor first: only the levers
/// of what actually sits in it (an Application Gateway subnet has no pools to
/// shrink).
fn levers(items: &[DemandItem]) -> String {
    let mut ranked: Vec<&DemandItem> = items.iter().collect();
    ranked.sort_by_key(|i| std::cmp::Reverse(i.figure.ips));
    let mut out: Vec<String> = Vec::new();
    for i in ranked {
        let label = i.label.as_str();
        let lever = if label.starts_with("node pool ") || label.starts_with("pods of node pool ") {
            "lower the node pools' counts (max_count), max pods or surge".to_owned()
        } else if let Some(name) = label.strip_prefix("Application Gateway ") {
            format!("lower the autoscale maximum (max_capacity) of Application Gateway {name}")
        } else if let Some(name) = label.strip_prefix("API Management ") {
            format!("give API Management {name} fewer units")
        } else if label.starts_with("other NICs") {
            "lower extra_ips".to_owned()
        } else {
            "move private endpoints or load balancer frontends to another subnet".to_owned()
        };
        if !out.contains(&lever) {
            out.push(lever);
        }
    }
    if out.is_empty() {
        "lower what it holds".to_owned()
    } else {
        out.join(", or ")
    }
}

/// Problems of one planned subnet: too small for its demand, below a special minimum.
pub(super) fn subnet_issues(design: &Design, s: &SubnetPlan, issues: &mut Vec<PlanIssue>) {
    let Some(prefix) = s.prefix else { return };
    let _ = design;
    if s.demand > s.usable {
        let need = sizing::subnet_prefix_for(s.demand).map_or_else(|| "more than a /2".to_owned(), |p| format!("/{p}"));
        let detail: Vec<String> = s
            .items
            .iter()
            .map(|i| format!("{}: {}", i.label, i.figure.formula))
            .collect();
        issues.push(PlanIssue {
            severity: IssueSeverity::Error,
            code: "subnet-too-small",
            message: format!(
                "subnet {} ({prefix}) has {} usable addresses but needs {} ({})",
                s.name,
                s.usable,
                s.demand,
                detail.join("; ")
            ),
            resources: vec![s.id.clone()],
            fix: format!("make it at least {need}, or {}", levers(&s.items)),
            source: "AKS-IPPLAN",
        });
    }
    for rule in &s.rules {
        if prefix.prefix_len() > rule.min_prefix {
            issues.push(PlanIssue {
                severity: IssueSeverity::Error,
                code: "subnet-below-minimum",
                message: format!(
                    "subnet {} is a /{} but {} subnet must be /{} or larger",
                    s.name,
                    prefix.prefix_len(),
                    rule.role.with_article(),
                    rule.min_prefix
                ),
                resources: vec![s.id.clone()],
                fix: format!("make it a /{} or larger", rule.min_prefix),
                source: rule.source,
            });
        } else if let Some(rec) = rule.recommended_prefix
            && prefix.prefix_len() > rec
        {
            issues.push(PlanIssue {
                severity: IssueSeverity::Warning,
                code: "subnet-below-recommended",
                message: format!(
                    "subnet {} is a /{}; Microsoft recommends /{rec} or larger for {} subnet",
                    s.name,
                    prefix.prefix_len(),
                    rule.role.with_article()
                ),
                resources: vec![s.id.clone()],
                fix: format!("make it a /{rec} if the address space allows"),
                source: rule.source,
            });
        }
    }
}
