//! The connection tool's policy, in one function: what drawing a line from one
//! resource to another means (a peering between VNets, a default route to a
//! firewall, an origin of a Front Door, the target of a private endpoint…).

use super::{Command, CommandError, starter};
use crate::id::Id;
use crate::model::{Design, Kind, Resource, Spec};

fn push_unique(list: &mut Vec<Id>, id: &Id) -> bool {
    if list.contains(id) {
        false
    } else {
        list.push(id.clone());
        true
    }
}

fn set(slot: &mut Option<Id>, id: &Id) -> bool {
    if slot.as_ref() == Some(id) {
        false
    } else {
        *slot = Some(id.clone());
        true
    }
}

fn replace(slot: &mut Id, id: &Id) -> bool {
    if slot == id {
        false
    } else {
        slot.clone_from(id);
        true
    }
}

/// Points `holder` at `target` if a rule connects their kinds.
/// `None`: no rule; `Some(false)`: already connected.
fn link(holder: &mut Resource, target: &Resource) -> Option<bool> {
    use Kind as K;
    let to = &target.id;
    let t = target.kind();
    let frontable = matches!(
        t,
        K::AksCluster
            | K::K8sService
            | K::ApiManagement
            | K::AppGateway
            | K::AppGatewayForContainers
            | K::PrivateLinkService
            | K::PublicIp
            | K::PaasService
            | K::FrontDoor
    );
    Some(match (&mut holder.spec, t) {
        (Spec::Subnet(s), K::RouteTable) => set(&mut s.route_table, to),
        (Spec::Subnet(s), K::Nsg) => set(&mut s.nsg, to),
        (Spec::Subnet(s), K::NatGateway) => set(&mut s.nat_gateway, to),
        (Spec::RouteTable(rt), K::Firewall) => {
            if rt.routes.iter().any(|r| r.next_hop_resource.as_ref() == Some(to)) {
                false
            } else {
                rt.routes.push(starter::default_route_to(to));
                true
            }
        }
        (Spec::FrontDoor(f), _) if frontable && t != K::FrontDoor => push_unique(&mut f.origins, to),
        (Spec::TrafficManager(tm), _) if frontable => push_unique(&mut tm.endpoints, to),
        (Spec::AppGateway(g), _) if frontable && t != K::AppGateway => push_unique(&mut g.backends, to),
        (Spec::ApiManagement(a), _) if frontable && t != K::ApiManagement => push_unique(&mut a.backends, to),
        (Spec::PrivateEndpoint(p), K::PaasService | K::AksCluster | K::PrivateLinkService | K::ApiManagement) => {
            replace(&mut p.target, to)
        }
        (Spec::PrivateEndpoint(p), K::PrivateDnsZone) => set(&mut p.dns_zone, to),
        (Spec::PrivateDnsZone(z), K::VirtualNetwork) => push_unique(&mut z.links, to),
        (Spec::NodePool(p), K::AksCluster) => replace(&mut p.cluster, to),
        (Spec::NodePool(p), K::Subnet) => set(&mut p.pod_subnet, to),
        (Spec::Firewall(f), K::FirewallPolicy) => set(&mut f.policy, to),
        (Spec::FirewallPolicy(p), K::AksCluster) => push_unique(&mut p.aks_egress_for, to),
        (Spec::OnPremises(o), K::VpnGateway | K::ExpressRouteGateway) => set(&mut o.gateway, to),
        (Spec::NatGateway(n), K::PublicIp) => push_unique(&mut n.public_ips, to),
        (Spec::AksCluster(a), K::PrivateDnsZone) => set(&mut a.private_dns_zone, to),
        (Spec::AksCluster(a), K::Subnet) => set(&mut a.api_server_subnet, to),
        (Spec::AksCluster(a), K::AppGateway) => set(&mut a.app_gateway, to),
        (Spec::PrivateLinkService(p), K::K8sService) => set(&mut p.load_balancer, to),
        (Spec::AppGatewayForContainers(g), K::AksCluster) => set(&mut g.cluster, to),
        (Spec::K8sService(s), K::AksCluster) => replace(&mut s.cluster, to),
        (Spec::CertIssuer(c), K::AksCluster) => replace(&mut c.cluster, to),
        _ => return None,
    })
}

/// What connecting `from` to `to` does, as a command. Tries the direction
/// drawn first, then the reverse (a line from a firewall to a route table means
/// the same as the other way round).
pub fn connect(design: &Design, from: &Id, to: &Id) -> Result<Command, CommandError> {
    let a = design
        .get(from.as_str())
        .ok_or_else(|| CommandError::NotFound(from.clone()))?;
    let b = design
        .get(to.as_str())
        .ok_or_else(|| CommandError::NotFound(to.clone()))?;
    if a.id == b.id {
        return Err(CommandError::Nothing("a resource cannot be connected to itself"));
    }
    if a.kind() == Kind::VirtualNetwork && b.kind() == Kind::VirtualNetwork {
        let exists = design
            .all::<crate::model::VnetPeering>()
            .any(|(_, p)| (p.from == a.id && p.to == b.id) || (p.from == b.id && p.to == a.id));
        if exists {
            return Err(CommandError::Nothing("these VNets are already peered"));
        }
        return Ok(Command::Add(starter::peering(design, &a.id, &b.id)));
    }
    for (holder, target) in [(a, b), (b, a)] {
        let mut edited = holder.clone();
        match link(&mut edited, target) {
            Some(true) => return Ok(Command::Update(edited)),
            Some(false) => return Err(CommandError::Nothing("these resources are already connected")),
            None => {}
        }
    }
    Err(CommandError::Refused(format!(
        "nothing connects {} to {}; connections are peerings between VNets, subnet associations \
         (route table, NSG, NAT gateway), routes to a firewall, front ends to their origins or backends, \
         private endpoints to their targets and DNS zones, and pools or services to their cluster",
        a.kind().label(),
        b.kind().label()
    )))
}
