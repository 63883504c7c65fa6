//! The explicit relations between resources: every id-holding field, what kind
//! it may point at, and what the relation means. Validation, the topology graph
//! and "delete with dependants" all read this one list.

use super::{Kind, Spec};
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
    /// An on-premises network connects through a gateway.
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

fn one<'a>(out: &mut Vec<Ref<'a>>, field: &str, target: Option<&'a Id>, allowed: &'static [Kind], relation: Relation) {
    if let Some(target) = target {
        out.push(Ref {
            field: field.to_owned(),
            target,
            allowed,
            relation,
        });
    }
}

fn many<'a>(out: &mut Vec<Ref<'a>>, field: &str, targets: &'a [Id], allowed: &'static [Kind], relation: Relation) {
    for (i, target) in targets.iter().enumerate() {
        out.push(Ref {
            field: format!("{field}[{i}]"),
            target,
            allowed,
            relation,
        });
    }
}

const FRONTABLE: &[Kind] = &[
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

impl Spec {
    /// Every reference this spec holds (not counting `meta.parent`).
    #[allow(clippy::too_many_lines)]
    pub fn references(&self) -> Vec<Ref<'_>> {
        use Kind as K;
        use Relation as R;
        let mut out = Vec::new();
        match self {
            Spec::Region(_)
            | Spec::ResourceGroup(_)
            | Spec::VirtualNetwork(_)
            | Spec::Nsg(_)
            | Spec::PublicIp(_)
            | Spec::VpnGateway(_)
            | Spec::ExpressRouteGateway(_)
            | Spec::Bastion(_)
            | Spec::PaasService(_) => {}
            Spec::Subnet(s) => {
                one(&mut out, "nsg", s.nsg.as_ref(), &[K::Nsg], R::Uses);
                one(
                    &mut out,
                    "route_table",
                    s.route_table.as_ref(),
                    &[K::RouteTable],
                    R::Uses,
                );
                one(
                    &mut out,
                    "nat_gateway",
                    s.nat_gateway.as_ref(),
                    &[K::NatGateway],
                    R::Uses,
                );
            }
            Spec::VnetPeering(p) => {
                one(&mut out, "from", Some(&p.from), &[K::VirtualNetwork], R::Peers);
                one(&mut out, "to", Some(&p.to), &[K::VirtualNetwork], R::Peers);
            }
            Spec::OnPremises(o) => {
                one(
                    &mut out,
                    "gateway",
                    o.gateway.as_ref(),
                    &[K::VpnGateway, K::ExpressRouteGateway],
                    R::Connects,
                );
            }
            Spec::AksCluster(a) => {
                one(
                    &mut out,
                    "private_dns_zone",
                    a.private_dns_zone.as_ref(),
                    &[K::PrivateDnsZone],
                    R::Resolves,
                );
                one(
                    &mut out,
                    "api_server_subnet",
                    a.api_server_subnet.as_ref(),
                    &[K::Subnet],
                    R::Uses,
                );
                one(
                    &mut out,
                    "app_gateway",
                    a.app_gateway.as_ref(),
                    &[K::AppGateway],
                    R::Uses,
                );
                many(&mut out, "outbound_ips", &a.outbound_ips, &[K::PublicIp], R::Uses);
            }
            Spec::NodePool(p) => {
                one(&mut out, "cluster", Some(&p.cluster), &[K::AksCluster], R::BelongsTo);
                one(&mut out, "pod_subnet", p.pod_subnet.as_ref(), &[K::Subnet], R::Uses);
            }
            Spec::Firewall(f) => {
                one(&mut out, "policy", f.policy.as_ref(), &[K::FirewallPolicy], R::Governs);
            }
            Spec::FirewallPolicy(p) => {
                many(
                    &mut out,
                    "aks_egress_for",
                    &p.aks_egress_for,
                    &[K::AksCluster],
                    R::BelongsTo,
                );
            }
            Spec::RouteTable(t) => {
                for (i, route) in t.routes.iter().enumerate() {
                    one(
                        &mut out,
                        &format!("routes[{i}].next_hop_resource"),
                        route.next_hop_resource.as_ref(),
                        &[K::Firewall],
                        R::RoutesTo,
                    );
                }
            }
            Spec::NatGateway(n) => many(&mut out, "public_ips", &n.public_ips, &[K::PublicIp], R::Uses),
            Spec::AppGateway(g) => many(&mut out, "backends", &g.backends, FRONTABLE, R::Fronts),
            Spec::AppGatewayForContainers(g) => {
                one(&mut out, "cluster", g.cluster.as_ref(), &[K::AksCluster], R::Fronts);
            }
            Spec::ApiManagement(a) => {
                many(&mut out, "backends", &a.backends, FRONTABLE, R::Fronts);
                one(&mut out, "public_ip", a.public_ip.as_ref(), &[K::PublicIp], R::Uses);
            }
            Spec::FrontDoor(f) => many(&mut out, "origins", &f.origins, FRONTABLE, R::Fronts),
            Spec::TrafficManager(t) => many(&mut out, "endpoints", &t.endpoints, FRONTABLE, R::Fronts),
            Spec::PrivateEndpoint(p) => {
                one(
                    &mut out,
                    "target",
                    Some(&p.target),
                    &[K::PaasService, K::AksCluster, K::PrivateLinkService, K::ApiManagement],
                    R::Targets,
                );
                one(
                    &mut out,
                    "dns_zone",
                    p.dns_zone.as_ref(),
                    &[K::PrivateDnsZone],
                    R::Resolves,
                );
            }
            Spec::PrivateDnsZone(z) => {
                many(&mut out, "links", &z.links, &[K::VirtualNetwork], R::Resolves);
                many(
                    &mut out,
                    "registration",
                    &z.registration,
                    &[K::VirtualNetwork],
                    R::Resolves,
                );
            }
            Spec::PrivateLinkService(p) => {
                one(
                    &mut out,
                    "load_balancer",
                    p.load_balancer.as_ref(),
                    &[K::K8sService],
                    R::Targets,
                );
            }
            Spec::K8sService(s) => one(&mut out, "cluster", Some(&s.cluster), &[K::AksCluster], R::BelongsTo),
            Spec::CertIssuer(c) => one(&mut out, "cluster", Some(&c.cluster), &[K::AksCluster], R::BelongsTo),
        }
        out
    }
}

/// Where a kind may sit: the kinds allowed as its parent, and whether it needs one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placement {
    pub parents: &'static [Kind],
    pub required: bool,
}

impl Kind {
    /// The containment policy: which kinds may hold this one.
    ///
    /// This is the kind-level rule enforced on load and on every canvas drop; the
    /// finer name-level rules (a firewall only in `AzureFirewallSubnet`) are lint
    /// rules so that a design in progress can still be saved.
    pub fn placement(self) -> Placement {
        use Kind as K;
        const SCOPE: &[Kind] = &[K::Region, K::ResourceGroup];
        const SCOPE_OR_VNET: &[Kind] = &[K::Region, K::ResourceGroup, K::VirtualNetwork];
        const SUBNET: &[Kind] = &[K::Subnet];
        let (parents, required): (&'static [Kind], bool) = match self {
            K::Region | K::VnetPeering | K::OnPremises | K::FrontDoor | K::TrafficManager => (&[], false),
            K::ResourceGroup => (&[K::Region], false),
            K::VirtualNetwork | K::FirewallPolicy | K::PrivateDnsZone | K::PaasService => (SCOPE, false),
            K::AksCluster | K::RouteTable | K::Nsg | K::NatGateway | K::PublicIp => (SCOPE_OR_VNET, false),
            K::Subnet => (&[K::VirtualNetwork], true),
            K::NodePool
            | K::Firewall
            | K::VpnGateway
            | K::ExpressRouteGateway
            | K::AppGateway
            | K::AppGatewayForContainers
            | K::PrivateEndpoint
            | K::PrivateLinkService => (SUBNET, true),
            K::Bastion => (&[K::Subnet, K::VirtualNetwork], true),
            K::ApiManagement => (&[K::Subnet, K::Region, K::ResourceGroup], false),
            K::K8sService => (SUBNET, false),
            K::CertIssuer => (&[K::AksCluster], false),
        };
        Placement { parents, required }
    }
}
