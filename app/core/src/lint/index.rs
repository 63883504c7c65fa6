//! The lookups the rules share, built once per lint run so no rule scans the
//! whole design more than once (lint runs after every edit in the GUI).

use rustc_hash::FxHashMap as HashMap;

use crate::model::{AksCluster, Design, Kind, NodePool, Resource, RouteTable, SpecOf, Subnet, VirtualNetwork};
use crate::plan::Plan;

/// A design, its plan and indexes over both.
#[derive(Debug)]
pub(crate) struct Ctx<'d> {
    pub design: &'d Design,
    pub plan: &'d Plan,
    by_kind: Vec<Vec<&'d Resource>>,
    /// What sits in each subnet (kinds whose parent may be a subnet).
    residents: HashMap<&'d str, Vec<&'d Resource>>,
    /// The VNet of each subnet.
    subnet_vnet: HashMap<&'d str, (&'d Resource, &'d VirtualNetwork)>,
    pools: HashMap<&'d str, Vec<(&'d Resource, &'d NodePool)>>,
    /// Subnets named like a special subnet, ignoring case and surrounding spaces.
    special: Vec<&'d Resource>,
}

/// The names Azure reserves for special subnets (VPNGW, AZFW-FAQ, AZFW-MGMT, BASTION, RS-QS).
pub(crate) const SPECIAL_NAMES: &[&str] = &[
    "GatewaySubnet",
    "AzureFirewallSubnet",
    "AzureFirewallManagementSubnet",
    "AzureBastionSubnet",
    "RouteServerSubnet",
];

const NO_RESOURCES: &[&Resource] = &[];

impl<'d> Ctx<'d> {
    pub fn build(design: &'d Design, plan: &'d Plan) -> Ctx<'d> {
        let mut by_kind: Vec<Vec<&Resource>> = vec![Vec::new(); Kind::ALL.len()];
        let mut residents: HashMap<&str, Vec<&Resource>> = HashMap::default();
        let mut pools: HashMap<&str, Vec<(&Resource, &NodePool)>> = HashMap::default();
        let mut special = Vec::new();
        for r in design.resources() {
            by_kind[r.kind() as usize].push(r);
            if r.kind() == Kind::Subnet {
                let name = r.name().trim();
                if SPECIAL_NAMES.iter().any(|n| n.eq_ignore_ascii_case(name)) {
                    special.push(r);
                }
            }
            if let Some(p) = r.parent()
                && r.kind() != Kind::Subnet
                && r.kind().placement().parents.contains(&Kind::Subnet)
            {
                residents.entry(p.as_str()).or_default().push(r);
            }
            if let Some(p) = r.as_spec::<NodePool>() {
                pools.entry(p.cluster.as_str()).or_default().push((r, p));
            }
        }
        let vnets: HashMap<&str, (&Resource, &VirtualNetwork)> = by_kind[Kind::VirtualNetwork as usize]
            .iter()
            .filter_map(|r| r.as_spec::<VirtualNetwork>().map(|v| (r.id.as_str(), (*r, v))))
            .collect();
        let mut subnet_vnet =
            HashMap::with_capacity_and_hasher(by_kind[Kind::Subnet as usize].len(), rustc_hash::FxBuildHasher);
        for s in &by_kind[Kind::Subnet as usize] {
            if let Some(v) = s.parent().and_then(|p| vnets.get(p.as_str())) {
                subnet_vnet.insert(s.id.as_str(), *v);
            }
        }
        Ctx {
            design,
            plan,
            by_kind,
            residents,
            subnet_vnet,
            pools,
            special,
        }
    }

    /// Resources of one kind with their specs, ordered by id.
    pub fn all<T: SpecOf + 'd>(&self, kind: Kind) -> impl Iterator<Item = (&'d Resource, &'d T)> + '_ {
        self.by_kind[kind as usize]
            .iter()
            .filter_map(|r| r.as_spec::<T>().map(|s| (*r, s)))
    }

    /// Resources of one kind, ordered by id.
    pub fn of_kind(&self, kind: Kind) -> &[&'d Resource] {
        &self.by_kind[kind as usize]
    }

    pub fn get(&self, id: &str) -> Option<&'d Resource> {
        self.design.get(id)
    }

    /// A resource of a known kind (binary search in that kind's id-ordered list).
    pub fn find(&self, kind: Kind, id: &str) -> Option<&'d Resource> {
        let list = &self.by_kind[kind as usize];
        list.binary_search_by(|r| r.id.as_str().cmp(id)).ok().map(|i| list[i])
    }

    pub fn spec<T: SpecOf + 'd>(&self, id: &str) -> Option<&'d T> {
        self.design.spec::<T>(id)
    }

    /// The name of a resource, or its id when it is missing.
    pub fn name<'a>(&self, id: &'a str) -> &'a str
    where
        'd: 'a,
    {
        self.get(id).map_or(id, Resource::name)
    }

    /// What sits in a subnet (pools, gateways, endpoints, services…), ordered by id.
    pub fn residents(&self, subnet: &str) -> &[&'d Resource] {
        self.residents.get(subnet).map_or(NO_RESOURCES, Vec::as_slice)
    }

    /// A cluster's node pools, ordered by id.
    pub fn pools(&self, cluster: &str) -> &[(&'d Resource, &'d NodePool)] {
        self.pools.get(cluster).map_or(&[], Vec::as_slice)
    }

    /// Subnets named (nearly) like a special subnet, ordered by id.
    pub fn special_subnets(&self) -> impl Iterator<Item = (&'d Resource, &'d Subnet)> + '_ {
        self.special
            .iter()
            .filter_map(|r| r.as_spec::<Subnet>().map(|s| (*r, s)))
    }

    /// The subnet a resource sits in (its parent, when that is a subnet).
    pub fn parent_subnet(&self, r: &Resource) -> Option<(&'d Resource, &'d Subnet)> {
        let p = self.find(Kind::Subnet, r.parent()?.as_str())?;
        p.as_spec::<Subnet>().map(|s| (p, s))
    }

    /// The VNet a subnet belongs to.
    pub fn vnet_of_subnet(&self, subnet: &Resource) -> Option<(&'d Resource, &'d VirtualNetwork)> {
        self.subnet_vnet.get(subnet.id.as_str()).copied()
    }

    /// The VNet enclosing any resource: itself, its subnet's VNet, or up the parents.
    pub fn vnet_of(&self, r: &Resource) -> Option<(&'d Resource, &'d VirtualNetwork)> {
        if let Some(v) = self.subnet_vnet.get(r.id.as_str()) {
            return Some(*v);
        }
        if let Some(v) = r.parent().and_then(|p| self.subnet_vnet.get(p.as_str())) {
            return Some(*v);
        }
        let v = self.design.enclosing(r.id.as_str(), Kind::VirtualNetwork)?;
        v.as_spec::<VirtualNetwork>().map(|s| (v, s))
    }

    /// The route table a subnet uses.
    pub fn route_table(&self, subnet: &Subnet) -> Option<(&'d Resource, &'d RouteTable)> {
        let r = self.get(subnet.route_table.as_ref()?.as_str())?;
        r.as_spec::<RouteTable>().map(|t| (r, t))
    }

    /// The distinct node subnets of a cluster's pools, ordered by id.
    pub fn node_subnets(&self, cluster: &str) -> Vec<(&'d Resource, &'d Subnet)> {
        let mut out: Vec<(&Resource, &Subnet)> = self
            .pools(cluster)
            .iter()
            .filter_map(|(p, _)| self.parent_subnet(p))
            .collect();
        out.sort_by(|a, b| a.0.id.cmp(&b.0.id));
        out.dedup_by(|a, b| a.0.id == b.0.id);
        out
    }

    /// The clusters whose pools sit in a subnet, ordered by id.
    pub fn clusters_in_subnet(&self, subnet: &str) -> Vec<(&'d Resource, &'d AksCluster)> {
        let mut out: Vec<(&Resource, &AksCluster)> = self
            .residents(subnet)
            .iter()
            .filter_map(|r| r.as_spec::<NodePool>())
            .filter_map(|p| {
                let c = self.find(Kind::AksCluster, p.cluster.as_str())?;
                c.as_spec::<AksCluster>().map(|s| (c, s))
            })
            .collect();
        out.sort_by(|a, b| a.0.id.cmp(&b.0.id));
        out.dedup_by(|a, b| a.0.id == b.0.id);
        out
    }

    /// The VNet of a cluster: that of its first node subnet, else its own parent.
    pub fn cluster_vnet(&self, cluster: &Resource) -> Option<(&'d Resource, &'d VirtualNetwork)> {
        self.node_subnets(cluster.id.as_str())
            .first()
            .and_then(|(s, _)| self.vnet_of_subnet(s))
            .or_else(|| self.vnet_of(cluster))
    }
}
