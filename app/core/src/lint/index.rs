//! The lookups the rules share, built once per lint run so no rule scans the
//! whole design more than once (lint runs after every edit in the GUI).

use rustc_hash::FxHashMap as HashMap;

use crate::model::{AksCluster, Design, Kind, NodePool, Resource, RouteTable, SpecOf, Subnet, VirtualNetwork};
use crate::plan::{Plan, SubnetPlan};

/// A design, its plan and indexes over both.
#[derive(Debug)]
pub(crate) struct Ctx<'d> {
    pub design: &'d Design,
    pub plan: &'d Plan,
    by_kind: Vec<Vec<&'d Resource>>,
    children: HashMap<&'d str, Vec<&'d Resource>>,
    pools: HashMap<&'d str, Vec<(&'d Resource, &'d NodePool)>>,
    subnet_plans: HashMap<&'d str, &'d SubnetPlan>,
}

const NO_RESOURCES: &[&Resource] = &[];

impl<'d> Ctx<'d> {
    pub fn build(design: &'d Design, plan: &'d Plan) -> Ctx<'d> {
        let mut by_kind: Vec<Vec<&Resource>> = vec![Vec::new(); Kind::ALL.len()];
        let mut children: HashMap<&str, Vec<&Resource>> = HashMap::default();
        let mut pools: HashMap<&str, Vec<(&Resource, &NodePool)>> = HashMap::default();
        for r in design.resources() {
            by_kind[r.kind() as usize].push(r);
            if let Some(p) = r.parent() {
                children.entry(p.as_str()).or_default().push(r);
            }
            if let Some(p) = r.as_spec::<NodePool>() {
                pools.entry(p.cluster.as_str()).or_default().push((r, p));
            }
        }
        let subnet_plans = plan
            .vnets
            .iter()
            .flat_map(|v| &v.subnets)
            .map(|s| (s.id.as_str(), s))
            .collect();
        Ctx {
            design,
            plan,
            by_kind,
            children,
            pools,
            subnet_plans,
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

    /// Direct children, ordered by id.
    pub fn children(&self, id: &str) -> &[&'d Resource] {
        self.children.get(id).map_or(NO_RESOURCES, Vec::as_slice)
    }

    /// A cluster's node pools, ordered by id.
    pub fn pools(&self, cluster: &str) -> &[(&'d Resource, &'d NodePool)] {
        self.pools.get(cluster).map_or(&[], Vec::as_slice)
    }

    /// The subnet's plan.
    pub fn subnet_plan(&self, subnet: &str) -> Option<&'d SubnetPlan> {
        self.subnet_plans.get(subnet).copied()
    }

    /// The subnet a resource sits in (its parent, when that is a subnet).
    pub fn parent_subnet(&self, r: &Resource) -> Option<(&'d Resource, &'d Subnet)> {
        let p = self.get(r.parent()?.as_str())?;
        p.as_spec::<Subnet>().map(|s| (p, s))
    }

    /// The VNet a subnet belongs to.
    pub fn vnet_of_subnet(&self, subnet: &Resource) -> Option<(&'d Resource, &'d VirtualNetwork)> {
        let p = self.get(subnet.parent()?.as_str())?;
        p.as_spec::<VirtualNetwork>().map(|v| (p, v))
    }

    /// The VNet enclosing any resource (walking up parents).
    pub fn vnet_of(&self, id: &str) -> Option<(&'d Resource, &'d VirtualNetwork)> {
        let v = self.design.enclosing(id, Kind::VirtualNetwork)?;
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
            .children(subnet)
            .iter()
            .filter_map(|r| r.as_spec::<NodePool>())
            .filter_map(|p| {
                let c = self.get(p.cluster.as_str())?;
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
            .or_else(|| self.vnet_of(cluster.id.as_str()))
    }
}
