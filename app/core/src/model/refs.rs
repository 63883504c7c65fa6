//! The explicit relations between resources: what a reference means, and how
//! a field holds one. Which fields of which kind hold references, the kinds
//! they may point at and their relation are annotations in the `kinds!` table
//! (`nsg: Option<Id> => Uses [Nsg]`); the macro generates from them
//! [`Kind::reference_fields`], [`Spec::references`] (read by validation, the
//! topology graph and "delete with dependants"), the mutable slots commands
//! re-point and clear, and the connection tool's rules.

use super::{Kind, Route};
use crate::id::Id;

/// What a reference means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Relation {
    /// Canvas and Azure containment (`meta.parent`).
    Contains,
    /// A subnet uses an NSG, route table, NAT gateway; a pool uses a pod subnet; a NAT gateway or API Management uses public IPs.
    Uses,
    /// A peering joins two VNets.
    Peers,
    /// A route sends traffic to a next-hop resource.
    RoutesTo,
    /// Something fronts something else (App Gateway → cluster, Front Door → origin).
    Fronts,
    /// A private DNS zone resolves for the VNets linked to it; a private endpoint or cluster registers in a zone.
    Resolves,
    /// A private endpoint or Private Link Service targets a service.
    Targets,
    /// A node pool, service or issuer belongs to a cluster; a firewall policy serves a cluster.
    BelongsTo,
    /// An on-premises network connects through a gateway; a virtual hub connects VNets.
    Connects,
    /// Deployed into a resource group.
    DeployedIn,
    /// A firewall is governed by a policy.
    Governs,
}

/// One reference held by a resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ref<'a> {
    /// The field path inside the resource (`route_table`, `routes[0].next_hop_resource`).
    pub field: String,
    pub target: &'a Id,
    /// Kinds the target may be.
    pub allowed: &'static [Kind],
    pub relation: Relation,
}

/// How many ids a reference field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Arity {
    /// Exactly one: the resource cannot exist without it (`node_pool.cluster`).
    Required,
    /// At most one (`subnet.route_table`).
    Optional,
    /// Any number (`front_door.origins`, the next hops of `route_table.routes`).
    Many,
}

/// One reference field of a kind, as the `kinds!` table declares it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RefField {
    /// The field's name in the design file.
    pub name: &'static str,
    /// Kinds it may point at (validation refuses others).
    pub allowed: &'static [Kind],
    pub relation: Relation,
    pub arity: Arity,
}

impl RefField {
    /// The kinds a resource of kind `holder` is offered for this field, by the
    /// inspector's pickers and the connection tool: the allowed kinds but its
    /// own (nothing fronts, uses or targets one of its own kind).
    pub fn offers(&self, holder: Kind) -> Vec<Kind> {
        self.allowed.iter().copied().filter(|k| *k != holder).collect()
    }

    /// Whether drawing a line from a `holder` to a `target` sets this field.
    pub fn connects(&self, holder: Kind, target: Kind) -> bool {
        connects(self.relation, self.allowed, holder, target)
    }
}

/// The connection tool's rule for one field: a line sets it when the target's
/// kind is allowed and not the holder's own; peerings are drawn VNet to VNet,
/// never by pointing a peering's ends.
pub(super) fn connects(relation: Relation, allowed: &[Kind], holder: Kind, target: Kind) -> bool {
    relation != Relation::Peers && target != holder && allowed.contains(&target)
}

/// The kinds an Azure front end can put in front of itself: App Gateway
/// backends, API Management backends, Front Door origins, Traffic Manager endpoints.
pub(super) const FRONTABLE: &[Kind] = &[
    Kind::AksCluster,
    Kind::K8sService,
    Kind::ApiManagement,
    Kind::AppGateway,
    Kind::AppGatewayForContainers,
    Kind::PrivateLinkService,
    Kind::PublicIp,
    Kind::PaasService,
    Kind::FrontDoor,
];

/// One reference field, mutably, by how much it may be emptied.
#[derive(Debug)]
pub(crate) enum Slot<'a> {
    /// A reference the resource cannot exist without (`node_pool.cluster`).
    Required(&'a mut Id),
    /// An optional reference (`subnet.route_table`).
    Optional(&'a mut Option<Id>),
    /// A list of references (`front_door.origins`).
    List(&'a mut Vec<Id>),
}

/// A field type that holds references: the table's annotations may only sit
/// on fields of these types, and each says how its ids are listed, re-pointed
/// and set by a connection.
pub(crate) trait HoldsIds {
    /// How many ids the field holds.
    const ARITY: Arity;
    /// Appends the ids held, with their field paths.
    fn refs<'a>(&'a self, field: &str, allowed: &'static [Kind], relation: Relation, out: &mut Vec<Ref<'a>>);
    /// Appends the field's slots.
    fn slots<'a>(&'a mut self, out: &mut Vec<Slot<'a>>);
    /// Points the field at `to` (sets, replaces or appends); `false` if it already does.
    fn link(&mut self, to: &Id) -> bool;
}

impl HoldsIds for Id {
    const ARITY: Arity = Arity::Required;
    fn refs<'a>(&'a self, field: &str, allowed: &'static [Kind], relation: Relation, out: &mut Vec<Ref<'a>>) {
        out.push(Ref {
            field: field.to_owned(),
            target: self,
            allowed,
            relation,
        });
    }
    fn slots<'a>(&'a mut self, out: &mut Vec<Slot<'a>>) {
        out.push(Slot::Required(self));
    }
    fn link(&mut self, to: &Id) -> bool {
        if self == to {
            false
        } else {
            self.clone_from(to);
            true
        }
    }
}

impl HoldsIds for Option<Id> {
    const ARITY: Arity = Arity::Optional;
    fn refs<'a>(&'a self, field: &str, allowed: &'static [Kind], relation: Relation, out: &mut Vec<Ref<'a>>) {
        if let Some(target) = self {
            target.refs(field, allowed, relation, out);
        }
    }
    fn slots<'a>(&'a mut self, out: &mut Vec<Slot<'a>>) {
        out.push(Slot::Optional(self));
    }
    fn link(&mut self, to: &Id) -> bool {
        if self.as_ref() == Some(to) {
            false
        } else {
            *self = Some(to.clone());
            true
        }
    }
}

impl HoldsIds for Vec<Id> {
    const ARITY: Arity = Arity::Many;
    fn refs<'a>(&'a self, field: &str, allowed: &'static [Kind], relation: Relation, out: &mut Vec<Ref<'a>>) {
        for (i, target) in self.iter().enumerate() {
            target.refs(&format!("{field}[{i}]"), allowed, relation, out);
        }
    }
    fn slots<'a>(&'a mut self, out: &mut Vec<Slot<'a>>) {
        out.push(Slot::List(self));
    }
    fn link(&mut self, to: &Id) -> bool {
        if self.contains(to) {
            false
        } else {
            self.push(to.clone());
            true
        }
    }
}

/// A route table's routes hold their next-hop resources; connecting one adds
/// a default route to it.
impl HoldsIds for Vec<Route> {
    const ARITY: Arity = Arity::Many;
    fn refs<'a>(&'a self, field: &str, allowed: &'static [Kind], relation: Relation, out: &mut Vec<Ref<'a>>) {
        for (i, route) in self.iter().enumerate() {
            route
                .next_hop_resource
                .refs(&format!("{field}[{i}].next_hop_resource"), allowed, relation, out);
        }
    }
    fn slots<'a>(&'a mut self, out: &mut Vec<Slot<'a>>) {
        for route in self {
            route.next_hop_resource.slots(out);
        }
    }
    fn link(&mut self, to: &Id) -> bool {
        if self.iter().any(|r| r.next_hop_resource.as_ref() == Some(to)) {
            false
        } else {
            self.push(Route::default_to(to));
            true
        }
    }
}
