//! # The IP planner
//!
//! [`plan`] is a pure function of a design: it sizes every subnet from what
//! sits in it, places `auto` subnets in free VNet space, checks ranges for
//! overlaps and forbidden values, and reports each node pool's headroom.
//! Every demand figure carries its arithmetic and the facts-sheet source, so
//! the GUI and `netdraft plan` can explain each number.
//!
//! - [`sizing`]: the AKS/Azure arithmetic, shared with `netdraft size`.
//! - [`special`]: special subnets (names, minimum sizes, delegations).
//! - `demand`: what each subnet must hold; `checks`: overlaps and cluster ranges.
//! - `alloc`: interval arithmetic for packing `auto` subnets.
//!
//! Allocation is deterministic: `auto` subnets are placed largest first (ties
//! by id) at the lowest aligned free address, never moving fixed subnets.

mod alloc;
mod checks;
pub(crate) use checks::reserved;
mod demand;
pub mod sizing;
pub mod special;

use rustc_hash::FxHashMap as HashMap;

use schemars::JsonSchema;
use serde::Serialize;

pub use sizing::Figure;
pub use special::{Role, SubnetRule};

use crate::id::Id;
use crate::model::{Design, NetworkModel, Resource, SubnetPrefix, VirtualNetwork};
use crate::net::Cidr;

/// The plan of a whole design.
#[derive(Debug, Clone, PartialEq, Default, Serialize, JsonSchema)]
pub struct Plan {
    /// Per VNet, ordered by id.
    pub vnets: Vec<VnetPlan>,
    /// Per AKS cluster, ordered by id.
    pub clusters: Vec<ClusterPlan>,
    /// Address ranges that overlap where they must not.
    pub overlaps: Vec<Overlap>,
    /// Problems: too-small subnets, full VNets, bad cluster ranges, limits.
    pub issues: Vec<PlanIssue>,
    /// Where each VNet, subnet and cluster sits in the vectors above, so
    /// lookups by id are constant time (the GUI and the exporters ask a lot).
    /// Built by [`plan`]; a plan edited by hand keeps the positions it had.
    #[serde(skip)]
    #[schemars(skip)]
    index: HashMap<Id, Slot>,
}

/// The position of one planned resource in a [`Plan`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    Vnet(usize),
    Subnet(usize, usize),
    Cluster(usize),
}

/// One VNet's address space.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct VnetPlan {
    pub id: Id,
    pub name: String,
    pub address_space: Vec<Cidr>,
    /// Addresses in the address spaces (IPv4).
    pub addresses: u64,
    /// Addresses covered by subnets.
    pub allocated: u64,
    /// Addresses the resources in its subnets need.
    pub demand: u64,
    /// Free space as CIDR blocks, after allocation.
    pub free_blocks: Vec<Cidr>,
    /// Peering component number (VNets joined by peerings share one).
    pub peering_component: usize,
    /// Subnets, ordered by prefix then id (unplaced `auto` subnets last).
    pub subnets: Vec<SubnetPlan>,
}

/// One subnet: where it is, what it must hold, how full it is.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct SubnetPlan {
    pub id: Id,
    pub name: String,
    /// The prefix: as written, or allocated by the planner for `auto` subnets.
    pub prefix: Option<Cidr>,
    /// Whether the planner placed it.
    pub auto: bool,
    /// Further prefixes of a multi-prefix subnet: taken in the VNet, checked for overlaps.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub extra_prefixes: Vec<Cidr>,
    /// Usable addresses (block minus Azure's 5 reserved).
    pub usable: u64,
    /// Addresses its contents need.
    pub demand: u64,
    /// Demand in percent of usable (0 when it has no prefix).
    pub utilisation: f64,
    /// Usable minus demand (negative when it is too small).
    pub headroom: i64,
    /// What makes up the demand, item by item.
    pub items: Vec<DemandItem>,
    /// Special-subnet rules that apply.
    pub rules: Vec<SubnetRule>,
    /// Resources placed in it.
    pub residents: Vec<Id>,
}

/// One contribution to a subnet's demand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct DemandItem {
    /// The resource that needs the addresses.
    pub resource: Id,
    /// What for ("node pool npuser", "internal load balancer").
    pub label: String,
    #[serde(flatten)]
    pub figure: Figure,
}

/// One AKS cluster's ranges and pools.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct ClusterPlan {
    pub id: Id,
    pub name: String,
    pub network_model: NetworkModel,
    pub service_cidr: EffectiveRange,
    pub dns_service_ip: String,
    pub dns_service_ip_is_default: bool,
    /// Pod CIDR (kubenet, Overlay, BYO CNI).
    pub pod_cidr: Option<EffectiveRange>,
    /// Pod CIDR addresses the pools need (one /24 per node).
    pub pod_cidr_demand: Option<Figure>,
    /// Nodes the cluster can reach at its pools' maximum counts plus surge.
    pub planned_nodes: u64,
    pub pools: Vec<PoolPlan>,
}

/// A range with a note of whether it is AKS's default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct EffectiveRange {
    pub cidr: Cidr,
    pub is_default: bool,
}

/// One node pool's resolved settings and headroom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct PoolPlan {
    pub id: Id,
    pub name: String,
    /// Nodes planned for: `count`, or `max_count` for the autoscaler.
    pub nodes: u64,
    /// Upgrade surge nodes.
    pub surge: u64,
    /// How the surge was decided.
    pub surge_rule: String,
    pub max_pods: u32,
    pub max_pods_is_default: bool,
    pub node_subnet: Option<Id>,
    pub pod_subnet: Option<Id>,
    /// More nodes that fit before something runs out (`None`: unlimited by address space).
    pub headroom_nodes: Option<u64>,
    /// What runs out first.
    pub limited_by: String,
}

/// Two ranges that must not overlap but do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Overlap {
    pub a: RangeRef,
    pub b: RangeRef,
    /// Why these two must not overlap.
    pub rule: String,
    pub source: &'static str,
}

/// A range and whose it is.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, JsonSchema)]
pub struct RangeRef {
    pub owner: Id,
    /// `vnet`, `subnet`, `on-prem`, `pod-cidr`, `service-cidr`, `forbidden`.
    pub what: String,
    pub cidr: Cidr,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum IssueSeverity {
    Error,
    Warning,
}

/// A problem the planner found, with the numbers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct PlanIssue {
    pub severity: IssueSeverity,
    /// Stable code (`subnet-too-small`, `vnet-full`, …) for the lint engine and tests.
    pub code: &'static str,
    pub message: String,
    pub resources: Vec<Id>,
    pub fix: String,
    pub source: &'static str,
}

impl Plan {
    /// The subnet's plan.
    pub fn subnet(&self, id: &str) -> Option<&SubnetPlan> {
        match self.index.get(id)? {
            Slot::Subnet(v, s) => self.vnets.get(*v)?.subnets.get(*s),
            _ => None,
        }
    }

    /// The VNet's plan.
    pub fn vnet(&self, id: &str) -> Option<&VnetPlan> {
        match self.index.get(id)? {
            Slot::Vnet(v) => self.vnets.get(*v),
            _ => None,
        }
    }

    /// The cluster's plan.
    pub fn cluster(&self, id: &str) -> Option<&ClusterPlan> {
        match self.index.get(id)? {
            Slot::Cluster(c) => self.clusters.get(*c),
            _ => None,
        }
    }

    /// Indexes the VNets and subnets, with room for `clusters` more entries.
    fn build_index(&mut self, clusters: usize) {
        let subnets: usize = self.vnets.iter().map(|v| v.subnets.len()).sum();
        let mut index =
            HashMap::with_capacity_and_hasher(self.vnets.len() + subnets + clusters, rustc_hash::FxBuildHasher);
        for (vi, v) in self.vnets.iter().enumerate() {
            index.insert(v.id.clone(), Slot::Vnet(vi));
            for (si, s) in v.subnets.iter().enumerate() {
                index.insert(s.id.clone(), Slot::Subnet(vi, si));
            }
        }
        self.index = index;
    }

    /// The effective prefix of a subnet (allocated for `auto`).
    pub fn prefix_of(&self, subnet: &str) -> Option<Cidr> {
        self.subnet(subnet).and_then(|s| s.prefix)
    }

    /// Whether the plan has errors (overlaps count as errors).
    pub fn has_errors(&self) -> bool {
        !self.overlaps.is_empty() || self.issues.iter().any(|i| i.severity == IssueSeverity::Error)
    }

    /// The lowest free aligned block of `prefix_len` in a VNet after allocation:
    /// what the GUI offers as "next free /N".
    pub fn next_free(&self, design: &Design, vnet: &str, prefix_len: u8) -> Option<Cidr> {
        let mut space = vnet_space(design, vnet)?;
        for s in self
            .vnet(vnet)?
            .subnets
            .iter()
            .flat_map(|s| s.prefix.iter().chain(&s.extra_prefixes).copied())
        {
            if let Some(span) = alloc::Span::of(s) {
                space.occupy(span);
            }
        }
        space
            .first_fit(prefix_len)
            .map(|span| alloc::cidr_at(span.start, prefix_len))
    }
}

fn vnet_space(design: &Design, vnet: &str) -> Option<alloc::Space> {
    let v = design.spec::<VirtualNetwork>(vnet)?;
    Some(alloc::Space::new(
        v.address_space.iter().filter_map(|c| alloc::Span::of(*c)).collect(),
    ))
}

/// Plans a design.
pub fn plan(design: &Design) -> Plan {
    let index = demand::Index::build(design);
    let clusters = demand::clusters(design, &index);
    let lookup = demand::ClusterLookup::new(&clusters);
    let mut issues = Vec::new();
    let mut vnets = Vec::new();
    let components = checks::peering_components(design);

    for (vnet_res, vnet) in design.all::<VirtualNetwork>() {
        let mut space = alloc::Space::new(vnet.address_space.iter().filter_map(|c| alloc::Span::of(*c)).collect());
        let mut subnets: Vec<SubnetPlan> = Vec::new();
        let mut autos: Vec<(u8, usize)> = Vec::new();
        for subnet in index.children_of_kind(vnet_res.id.as_str(), crate::model::Kind::Subnet) {
            let Some(spec) = subnet.as_spec::<crate::model::Subnet>() else {
                continue;
            };
            let sp = demand::subnet_demand(design, &index, &lookup, subnet);
            let sp = take_extra_prefixes(&mut space, (vnet_res, vnet), subnet, spec, &mut issues, sp);
            match spec.prefix {
                SubnetPrefix::Fixed(c) => {
                    if let Some(span) = alloc::Span::of(c) {
                        if !space.spaces.iter().any(|s| s.contains(span)) {
                            issues.push(outside_vnet(vnet_res, vnet, subnet, c));
                        }
                        space.occupy(span);
                    }
                    subnets.push(sp.with_prefix(Some(c), false));
                }
                SubnetPrefix::Auto => {
                    let want = demand::auto_prefix(design, spec, &sp);
                    autos.push((want, subnets.len()));
                    subnets.push(sp);
                }
            }
        }
        // Largest first, ties by id: a stable, tight packing.
        autos.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| subnets[a.1].id.cmp(&subnets[b.1].id)));
        for (want, i) in autos {
            if let Some(span) = space.allocate(want) {
                subnets[i].set_prefix(Some(alloc::cidr_at(span.start, want)), true);
            } else {
                issues.push(vnet_full(vnet_res, &subnets[i], want, space.largest_free_block()));
                subnets[i].auto = true;
            }
        }
        for s in &subnets {
            demand::subnet_issues(design, s, &mut issues);
        }
        // Sort by a precomputed key (placed first, IPv4 before IPv6, by address, then prefix length); ids break ties.
        let mut order: Vec<((bool, bool, u128, u8), usize)> =
            subnets.iter().enumerate().map(|(i, s)| (subnet_key(s), i)).collect();
        order.sort_unstable_by(|(ka, a), (kb, b)| ka.cmp(kb).then_with(|| subnets[*a].id.cmp(&subnets[*b].id)));
        let mut slots: Vec<Option<SubnetPlan>> = subnets.into_iter().map(Some).collect();
        let subnets: Vec<SubnetPlan> = order.iter().filter_map(|(_, i)| slots[*i].take()).collect();
        let addresses = space.spaces.iter().map(|s| s.len()).sum();
        let allocated = addresses - space.free_addresses();
        let demand: u64 = subnets.iter().map(|s| s.demand).sum();
        if demand > sizing::VNET_MAX_PRIVATE_IPS {
            issues.push(PlanIssue {
                severity: IssueSeverity::Error,
                code: "vnet-ip-limit",
                message: format!(
                    "{} needs {demand} private IPs; a VNet holds at most 65,536",
                    vnet_res.name()
                ),
                resources: vec![vnet_res.id.clone()],
                fix: "move node pools to CNI Overlay or split the workload over more VNets".to_owned(),
                source: "VNET-LIMITS",
            });
        }
        vnets.push(VnetPlan {
            id: vnet_res.id.clone(),
            name: vnet_res.name().to_owned(),
            address_space: vnet.address_space.clone(),
            addresses,
            allocated,
            demand,
            free_blocks: space.free_blocks(),
            peering_component: components.get(vnet_res.id.as_str()).copied().unwrap_or(0),
            subnets,
        });
    }

    // The plan so far, with its id index, answers the cluster checks' subnet lookups.
    let mut plan = Plan {
        vnets,
        ..Plan::default()
    };
    plan.build_index(clusters.len());
    let mut cluster_plans = Vec::with_capacity(clusters.len());
    let mut cluster_vnet: HashMap<&Id, &Id> = HashMap::default();
    for c in &clusters {
        cluster_plans.push(checks::cluster_plan(design, c, &plan, &mut issues));
        if let Some(v) = checks::cluster_vnets(design, c).first() {
            cluster_vnet.insert(&c.res.id, v);
        }
    }
    let overlaps = checks::overlaps(design, &plan.vnets, &cluster_plans, &cluster_vnet, &components);
    issues.sort_by(|a, b| (a.severity, a.code, &a.resources).cmp(&(b.severity, b.code, &b.resources)));
    for (ci, c) in cluster_plans.iter().enumerate() {
        plan.index.insert(c.id.clone(), Slot::Cluster(ci));
    }
    plan.clusters = cluster_plans;
    plan.overlaps = overlaps;
    plan.issues = issues;
    plan
}

/// A multi-prefix subnet's further prefixes are taken too (never free for `auto` subnets).
fn take_extra_prefixes(
    space: &mut alloc::Space,
    (vnet_res, vnet): (&Resource, &VirtualNetwork),
    subnet: &Resource,
    spec: &crate::model::Subnet,
    issues: &mut Vec<PlanIssue>,
    mut sp: SubnetPlan,
) -> SubnetPlan {
    for c in &spec.extra_prefixes {
        if let Some(span) = alloc::Span::of(*c) {
            if !space.spaces.iter().any(|s| s.contains(span)) {
                issues.push(outside_vnet(vnet_res, vnet, subnet, *c));
            }
            space.occupy(span);
        }
    }
    sp.extra_prefixes.clone_from(&spec.extra_prefixes);
    sp
}

/// Sort key of a subnet: placed ones first, by network address, then prefix length.
fn subnet_key(s: &SubnetPlan) -> (bool, bool, u128, u8) {
    match s.prefix {
        Some(c) => {
            let (v6, addr) = match c.net().network() {
                std::net::IpAddr::V4(a) => (false, u128::from(u32::from(a))),
                std::net::IpAddr::V6(a) => (true, u128::from(a)),
            };
            (false, v6, addr, c.prefix_len())
        }
        None => (true, false, 0, 0),
    }
}

fn outside_vnet(vnet_res: &Resource, vnet: &VirtualNetwork, subnet: &Resource, c: Cidr) -> PlanIssue {
    PlanIssue {
        severity: IssueSeverity::Error,
        code: "subnet-outside-vnet",
        message: format!(
            "subnet {} ({c}) is not inside the address space of {} ({})",
            subnet.name(),
            vnet_res.name(),
            list(&vnet.address_space)
        ),
        resources: vec![subnet.id.clone(), vnet_res.id.clone()],
        fix: format!(
            "pick a prefix inside {}, or set `prefix = \"auto\"`",
            list(&vnet.address_space)
        ),
        source: "VNET-FAQ",
    }
}

fn vnet_full(vnet_res: &Resource, subnet: &SubnetPlan, want: u8, largest: u64) -> PlanIssue {
    let needed = sizing::block(want);
    PlanIssue {
        severity: IssueSeverity::Error,
        code: "vnet-full",
        message: format!(
            "{} is full: subnet {} needs a /{want} ({needed} addresses) but the largest free aligned block is {} ({largest} addresses); {} addresses are missing",
            vnet_res.name(),
            subnet.name,
            if largest == 0 {
                "nothing".to_owned()
            } else {
                format!("a /{}", 32 - largest.trailing_zeros())
            },
            needed - largest
        ),
        resources: vec![subnet.id.clone(), vnet_res.id.clone()],
        fix: format!(
            "add an address space of at least /{want} to {}, or make other subnets smaller",
            vnet_res.name()
        ),
        source: "VNET-FAQ",
    }
}

fn list(cidrs: &[Cidr]) -> String {
    cidrs.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
}

/// The JSON Schema of `netdraft plan --json` output.
pub fn json_schema() -> String {
    serde_json::to_string_pretty(&schemars::schema_for!(Plan)).unwrap_or_default()
}

#[cfg(test)]
mod tests;
