//! The design as a graph, for the planner, the lint rules and the canvas.
//!
//! Nodes are resources; edges are the explicit relations of the model
//! ([`Relation`]): containment (`parent → child`), and every reference field
//! (`holder → target`). Built once per design revision, it answers the
//! questions the planner and lint ask: which VNets form a peering component,
//! which subnets a route table serves, what fronts what, which on-premises
//! ranges a VNet can reach.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use petgraph::Direction;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::unionfind::UnionFind;
use petgraph::visit::EdgeRef;

use crate::id::Id;
use crate::model::{Design, Kind, Relation, Spec, VirtualNetwork};

/// The relation graph of one design revision.
#[derive(Debug, Clone)]
pub struct Topology {
    graph: DiGraph<Id, Relation>,
    index: HashMap<Id, NodeIndex>,
    kinds: HashMap<Id, Kind>,
    /// Peering component number of each VNet.
    component: BTreeMap<Id, usize>,
    /// Peerings that are not connected (`Initiated`, `Disconnected`): kept in the
    /// graph as references, but joining nothing.
    unconnected: BTreeSet<Id>,
}

impl Topology {
    /// Builds the graph. References to missing resources are skipped (validation reports them).
    pub fn build(design: &Design) -> Topology {
        let mut graph = DiGraph::with_capacity(design.len(), design.len() * 2);
        let mut index = HashMap::with_capacity(design.len());
        let mut kinds = HashMap::with_capacity(design.len());
        for r in design.resources() {
            index.insert(r.id.clone(), graph.add_node(r.id.clone()));
            kinds.insert(r.id.clone(), r.kind());
        }
        for r in design.resources() {
            let from = index[&r.id];
            if let Some(parent) = r.parent().and_then(|p| index.get(p)) {
                graph.add_edge(*parent, from, Relation::Contains);
            }
            if let Some(rg) = r.meta.resource_group.as_ref().and_then(|g| index.get(g)) {
                graph.add_edge(from, *rg, Relation::DeployedIn);
            }
            for reference in r.spec.references() {
                if let Some(to) = index.get(reference.target) {
                    graph.add_edge(from, *to, reference.relation);
                }
            }
        }

        // Peering components: union the two ends of every peering.
        let vnets: Vec<&Id> = design.all::<VirtualNetwork>().map(|(r, _)| &r.id).collect();
        let slot: HashMap<&Id, usize> = vnets.iter().enumerate().map(|(i, id)| (*id, i)).collect();
        let mut uf = UnionFind::<usize>::new(vnets.len());
        for r in design.resources() {
            if let Spec::VnetPeering(p) = &r.spec
                && p.is_connected()
                && let (Some(a), Some(b)) = (slot.get(&p.from), slot.get(&p.to))
            {
                uf.union(*a, *b);
            }
        }
        let labels = uf.into_labeling();
        let mut renumber = BTreeMap::new();
        let mut component = BTreeMap::new();
        for (i, id) in vnets.iter().enumerate() {
            let next = renumber.len();
            let c = *renumber.entry(labels[i]).or_insert(next);
            component.insert((*id).clone(), c);
        }

        let unconnected = design
            .resources()
            .filter(|r| matches!(&r.spec, Spec::VnetPeering(p) if !p.is_connected()))
            .map(|r| r.id.clone())
            .collect();
        Topology {
            graph,
            index,
            kinds,
            component,
            unconnected,
        }
    }

    /// The underlying petgraph graph (node weights are ids).
    pub fn graph(&self) -> &DiGraph<Id, Relation> {
        &self.graph
    }

    fn node(&self, id: &str) -> Option<NodeIndex> {
        self.index.get(id).copied()
    }

    fn neighbours(&self, id: &str, relation: Relation, dir: Direction) -> Vec<&Id> {
        let Some(n) = self.node(id) else {
            return Vec::new();
        };
        let mut out: Vec<&Id> = self
            .graph
            .edges_directed(n, dir)
            .filter(|e| *e.weight() == relation)
            .map(|e| {
                let other = if dir == Direction::Outgoing {
                    e.target()
                } else {
                    e.source()
                };
                &self.graph[other]
            })
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// Resources that `id` points at with `relation` (sorted).
    pub fn outgoing(&self, id: &str, relation: Relation) -> Vec<&Id> {
        self.neighbours(id, relation, Direction::Outgoing)
    }

    /// Resources pointing at `id` with `relation` (sorted).
    pub fn incoming(&self, id: &str, relation: Relation) -> Vec<&Id> {
        self.neighbours(id, relation, Direction::Incoming)
    }

    /// The peering component number of a VNet (VNets joined by peerings, directly or not).
    pub fn component_of(&self, vnet: &str) -> Option<usize> {
        self.component.get(vnet).copied()
    }

    /// All peering components, each a sorted list of VNet ids; components sorted by first id.
    pub fn peering_components(&self) -> Vec<Vec<&Id>> {
        let mut groups: BTreeMap<usize, Vec<&Id>> = BTreeMap::new();
        for (id, c) in &self.component {
            groups.entry(*c).or_default().push(id);
        }
        let mut out: Vec<Vec<&Id>> = groups.into_values().collect();
        out.sort();
        out
    }

    /// VNets directly peered with `vnet` (peering is not transitive).
    pub fn peers_of(&self, vnet: &str) -> Vec<&Id> {
        let mut out = BTreeSet::new();
        for peering in self.incoming(vnet, Relation::Peers) {
            if self.unconnected.contains(peering) {
                continue;
            }
            for end in self.outgoing(peering.as_str(), Relation::Peers) {
                if end.as_str() != vnet {
                    out.insert(end);
                }
            }
        }
        out.into_iter().collect()
    }

    /// Subnets a route table is associated with.
    pub fn route_table_serves(&self, route_table: &str) -> Vec<&Id> {
        self.incoming(route_table, Relation::Uses)
            .into_iter()
            .filter(|id| self.kinds.get(*id) == Some(&Kind::Subnet))
            .collect()
    }

    /// What a resource fronts (App Gateway → cluster, Front Door → origins).
    pub fn fronts(&self, id: &str) -> Vec<&Id> {
        self.outgoing(id, Relation::Fronts)
    }

    /// What fronts a resource.
    pub fn fronted_by(&self, id: &str) -> Vec<&Id> {
        self.incoming(id, Relation::Fronts)
    }

    /// VNets linked to a private DNS zone (they resolve its records).
    pub fn zone_links(&self, zone: &str) -> Vec<&Id> {
        self.outgoing(zone, Relation::Resolves)
            .into_iter()
            .filter(|id| self.kinds.get(*id) == Some(&Kind::VirtualNetwork))
            .collect()
    }

    /// Direct children of a container.
    pub fn children(&self, id: &str) -> Vec<&Id> {
        self.outgoing(id, Relation::Contains)
    }

    /// Everything that would be left dangling if `id` were deleted: its
    /// descendants, and every resource that references it or a descendant.
    /// Sorted; does not include `id` itself.
    pub fn dependants(&self, id: &str) -> Vec<&Id> {
        let Some(start) = self.node(id) else {
            return Vec::new();
        };
        let mut doomed = BTreeSet::new();
        let mut stack = vec![start];
        let mut seen = BTreeSet::new();
        while let Some(n) = stack.pop() {
            if !seen.insert(n) {
                continue;
            }
            doomed.insert(n);
            for e in self.graph.edges_directed(n, Direction::Outgoing) {
                if *e.weight() == Relation::Contains {
                    stack.push(e.target());
                }
            }
        }
        let mut out: BTreeSet<&Id> = doomed.iter().map(|n| &self.graph[*n]).collect();
        for n in &doomed {
            for e in self.graph.edges_directed(*n, Direction::Incoming) {
                if !matches!(e.weight(), Relation::Contains | Relation::DeployedIn) {
                    out.insert(&self.graph[e.source()]);
                }
            }
        }
        out.remove(&self.graph[start]);
        out.into_iter().collect()
    }

    /// On-premises networks a VNet can reach: through a gateway in the VNet
    /// itself, or in a VNet it is peered with that offers gateway transit to it.
    pub fn on_prem_reachable_from<'d>(&self, design: &'d Design, vnet: &str) -> Vec<&'d Id> {
        let mut gateway_vnets: BTreeSet<&str> = BTreeSet::from([vnet]);
        for r in design.resources() {
            if let Spec::VnetPeering(p) = &r.spec
                && p.is_connected()
                && p.allow_gateway_transit
                && p.use_remote_gateways
                && p.to.as_str() == vnet
            {
                gateway_vnets.insert(p.from.as_str());
            }
        }
        let mut out = Vec::new();
        for r in design.resources() {
            if let Spec::OnPremises(o) = &r.spec
                && let Some(gw) = &o.gateway
                && let Some(gw_vnet) = design.enclosing(gw.as_str(), Kind::VirtualNetwork)
                && gateway_vnets.contains(gw_vnet.id.as_str())
            {
                out.push(&r.id);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::file;

    const TEXT: &str = r#"
format = 1
name = "t"
[vnet.hub]
name = "hub"
address_space = ["10.0.0.0/16"]
[vnet.a]
name = "a"
address_space = ["10.1.0.0/16"]
[vnet.b]
name = "b"
address_space = ["10.2.0.0/16"]
[vnet.lone]
name = "lone"
address_space = ["10.3.0.0/16"]
[peering.hub-a]
name = "hub-a"
from = "hub"
to = "a"
allow_gateway_transit = true
use_remote_gateways = true
[peering.hub-b]
name = "hub-b"
from = "hub"
to = "b"
[subnet.gw]
name = "GatewaySubnet"
parent = "hub"
prefix = "10.0.0.0/27"
[vpn_gateway.vpn]
name = "vpn"
parent = "gw"
sku = "VpnGw1AZ"
[on_prem.dc]
name = "dc"
address_ranges = ["192.168.0.0/16"]
connection = "vpn"
gateway = "vpn"
[subnet.a-nodes]
name = "nodes"
parent = "a"
prefix = "10.1.0.0/24"
route_table = "rt"
[route_table.rt]
name = "rt"
"#;

    #[test]
    fn answers_topology_questions() {
        let design = file::parse(TEXT, "t").unwrap().design;
        let t = Topology::build(&design);
        let comps = t.peering_components();
        assert_eq!(comps.len(), 2);
        assert_eq!(
            comps
                .iter()
                .find(|c| c.len() == 3)
                .unwrap()
                .iter()
                .map(|i| i.as_str())
                .collect::<Vec<_>>(),
            ["a", "b", "hub"]
        );
        assert_eq!(t.component_of("a"), t.component_of("b"));
        assert_ne!(t.component_of("a"), t.component_of("lone"));
        assert_eq!(t.peers_of("a").iter().map(|i| i.as_str()).collect::<Vec<_>>(), ["hub"]);
        assert_eq!(
            t.route_table_serves("rt")
                .iter()
                .map(|i| i.as_str())
                .collect::<Vec<_>>(),
            ["a-nodes"]
        );
        // a uses hub's gateway; b does not.
        assert_eq!(t.on_prem_reachable_from(&design, "a").len(), 1);
        assert!(t.on_prem_reachable_from(&design, "b").is_empty());
        assert_eq!(t.on_prem_reachable_from(&design, "hub").len(), 1);
        // Deleting the hub takes its subnet, gateway, the peerings and the on-prem link with it.
        let deps: Vec<&str> = t.dependants("hub").iter().map(|i| i.as_str()).collect();
        assert_eq!(deps, ["dc", "gw", "hub-a", "hub-b", "vpn"]);
    }
}
