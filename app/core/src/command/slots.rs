//! Mutable access to every id-holding field of a spec, so that commands can
//! re-point references (paste with fresh ids) and clear them (delete).
//!
//! This mirrors [`Spec::references`]; a test holds the two lists to each other.

use crate::id::Id;
use crate::model::Spec;

/// One reference field, by how much it may be emptied.
#[derive(Debug)]
pub(crate) enum Slot<'a> {
    /// A reference the resource cannot exist without (`node_pool.cluster`).
    Required(&'a mut Id),
    /// An optional reference (`subnet.route_table`).
    Optional(&'a mut Option<Id>),
    /// A list of references (`front_door.origins`).
    List(&'a mut Vec<Id>),
}

impl Slot<'_> {
    /// Every id the slot holds.
    #[cfg(test)]
    pub(crate) fn ids(&self) -> Vec<&Id> {
        match self {
            Slot::Required(id) => vec![&**id],
            Slot::Optional(id) => id.iter().collect(),
            Slot::List(ids) => ids.iter().collect(),
        }
    }

    /// Re-points every id through `map`.
    pub(crate) fn remap(&mut self, map: &mut dyn FnMut(&Id) -> Id) {
        match self {
            Slot::Required(id) => **id = map(id),
            Slot::Optional(Some(id)) => *id = map(id),
            Slot::Optional(None) => {}
            Slot::List(ids) => {
                for id in ids.iter_mut() {
                    *id = map(id);
                }
            }
        }
    }

    /// Clears references to any id for which `gone` holds. Returns `Err(())`
    /// when a required reference points at one (the holder cannot stay), and
    /// `Ok(true)` when something was cleared.
    pub(crate) fn clear(&mut self, gone: &dyn Fn(&Id) -> bool) -> Result<bool, ()> {
        match self {
            Slot::Required(id) if gone(id) => Err(()),
            Slot::Required(_) | Slot::Optional(None) => Ok(false),
            Slot::Optional(id) => {
                if id.as_ref().is_some_and(gone) {
                    **id = None;
                    Ok(true)
                } else {
                    Ok(false)
                }
            }
            Slot::List(ids) => {
                let before = ids.len();
                ids.retain(|id| !gone(id));
                Ok(ids.len() != before)
            }
        }
    }
}

/// Every reference field of a spec (not counting `meta.parent` and `meta.resource_group`).
pub(crate) fn slots(spec: &mut Spec) -> Vec<Slot<'_>> {
    use Slot::{List, Optional, Required};
    match spec {
        Spec::Region(_)
        | Spec::ResourceGroup(_)
        | Spec::VirtualNetwork(_)
        | Spec::Nsg(_)
        | Spec::PublicIp(_)
        | Spec::VpnGateway(_)
        | Spec::ExpressRouteGateway(_)
        | Spec::Bastion(_)
        | Spec::PaasService(_) => Vec::new(),
        Spec::Subnet(s) => vec![
            Optional(&mut s.nsg),
            Optional(&mut s.route_table),
            Optional(&mut s.nat_gateway),
        ],
        Spec::VnetPeering(p) => vec![Required(&mut p.from), Required(&mut p.to)],
        Spec::OnPremises(o) => vec![Optional(&mut o.gateway)],
        Spec::AksCluster(a) => vec![
            Optional(&mut a.private_dns_zone),
            Optional(&mut a.api_server_subnet),
            Optional(&mut a.app_gateway),
        ],
        Spec::NodePool(p) => vec![Required(&mut p.cluster), Optional(&mut p.pod_subnet)],
        Spec::Firewall(f) => vec![Optional(&mut f.policy)],
        Spec::FirewallPolicy(p) => vec![List(&mut p.aks_egress_for)],
        Spec::RouteTable(t) => t
            .routes
            .iter_mut()
            .map(|r| Optional(&mut r.next_hop_resource))
            .collect(),
        Spec::NatGateway(n) => vec![List(&mut n.public_ips)],
        Spec::AppGateway(g) => vec![List(&mut g.backends)],
        Spec::AppGatewayForContainers(g) => vec![Optional(&mut g.cluster)],
        Spec::ApiManagement(a) => vec![List(&mut a.backends)],
        Spec::FrontDoor(f) => vec![List(&mut f.origins)],
        Spec::TrafficManager(t) => vec![List(&mut t.endpoints)],
        Spec::PrivateEndpoint(p) => vec![Required(&mut p.target), Optional(&mut p.dns_zone)],
        Spec::PrivateDnsZone(z) => vec![List(&mut z.links), List(&mut z.registration)],
        Spec::PrivateLinkService(p) => vec![Optional(&mut p.load_balancer)],
        Spec::K8sService(s) => vec![Required(&mut s.cluster)],
        Spec::CertIssuer(c) => vec![Required(&mut c.cluster)],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{GenerateOptions, generate};

    #[test]
    fn slots_hold_exactly_the_references() {
        let design = generate(&GenerateOptions::default()).unwrap();
        let mut seen_kinds = std::collections::BTreeSet::new();
        for r in design.resources() {
            let mut expected: Vec<String> = r.spec.references().iter().map(|x| x.target.to_string()).collect();
            let mut spec = r.spec.clone();
            let mut got: Vec<String> = slots(&mut spec)
                .iter()
                .flat_map(|s| s.ids().into_iter().map(ToString::to_string).collect::<Vec<_>>())
                .collect();
            expected.sort();
            got.sort();
            assert_eq!(got, expected, "{}", r.id);
            seen_kinds.insert(r.kind());
        }
        assert!(seen_kinds.len() > 10);
    }
}
