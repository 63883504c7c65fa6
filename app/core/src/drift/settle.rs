//! What Azure, or the export, fills in where a design leaves a default: a
//! design is compared with what is live only after these are filled in from
//! its plan and from the export's choices, so a value the design never wrote
//! is not drift.

use crate::Id;
use crate::model::{AcmeSolver, AppGatewayForContainers, AppGatewaySku, Design, Kind, Spec, SubnetPrefix};
use crate::plan::Plan;
use crate::text::dns1123;

/// The design as Azure would hold it once exported and applied: `auto`
/// subnets at the prefix the planner gave them, a pool's absent `max_pods`
/// at its effective value, a cluster's absent service and pod ranges at the
/// plan's, the capacities and SKU-dependent values the export writes, a hub
/// gateway's scale units and ASN as Azure sets them, and the lists Azure
/// returns in name order in that order.
pub fn settle(d: &Design, p: &Plan) -> Design {
    let mut out = d.clone();
    let ids: Vec<Id> = d.resources().map(|r| r.id.clone()).collect();
    for id in ids {
        let in_hub = d
            .get(id.as_str())
            .and_then(|r| r.parent())
            .and_then(|p| d.get(p.as_str()))
            .is_some_and(|p| p.kind() == Kind::VirtualHub);
        let Some(r) = out.get_mut(id.as_str()) else {
            continue;
        };
        match &mut r.spec {
            // Azure holds a hub gateway's scale units (one when the design
            // says none) and a hub VPN gateway's ASN, always the hub's 65515.
            Spec::VpnGateway(g) if in_hub => {
                g.scale_units.get_or_insert(1);
                g.bgp_asn.get_or_insert(65515);
            }
            Spec::ExpressRouteGateway(g) if in_hub => {
                g.scale_units.get_or_insert(1);
            }
            // The import orders a hub's connections by VNet name.
            Spec::VirtualHub(h) => {
                h.connections
                    .sort_by_key(|v| d.get(v.as_str()).map(|x| x.name().to_owned()));
            }
            Spec::Subnet(s) => {
                if s.prefix == SubnetPrefix::Auto
                    && let Some(c) = p.prefix_of(id.as_str())
                {
                    s.prefix = SubnetPrefix::Fixed(c);
                }
                s.size = None;
            }
            Spec::NodePool(np) if np.max_pods.is_none() => {
                np.max_pods = p
                    .clusters
                    .iter()
                    .flat_map(|c| &c.pools)
                    .find(|x| x.id == id)
                    .map(|x| x.max_pods);
            }
            Spec::FrontDoor(f) => settle_front_door(d, &id, f),
            Spec::AppGateway(g) => {
                // Azure holds the capacities the export sets, and a WAF mode only with a WAF SKU.
                let min = g.min_capacity.unwrap_or(1);
                g.max_capacity = Some(g.max_capacity.unwrap_or(10).max(min));
                g.min_capacity = Some(min);
                if !matches!(g.sku, AppGatewaySku::WafV2 | AppGatewaySku::WafV1) {
                    g.waf_mode = None;
                }
            }
            // The import orders frontends by name.
            Spec::AppGatewayForContainers(a) => a.frontends.sort(),
            // The export selects `app: <name>` for a service with no `app`,
            // and writes its namespace as a Kubernetes name.
            Spec::K8sService(s) => {
                let name = d.get(id.as_str()).map(|r| dns1123(r.name())).unwrap_or_default();
                s.app.get_or_insert(name);
                s.namespace = dns1123(&s.namespace);
            }
            // The export's HTTP-01 solver: through the App Gateway for
            // Containers Gateway when the cluster has one, else the ingress
            // class it defaults to.
            Spec::CertIssuer(i) if i.solver == AcmeSolver::Http01 => {
                let agc = d
                    .all::<AppGatewayForContainers>()
                    .any(|(_, a)| a.cluster.as_ref() == Some(&i.cluster));
                if agc {
                    i.ingress_class = None;
                } else {
                    i.ingress_class
                        .get_or_insert_with(|| "azure/application-gateway".to_owned());
                }
            }
            Spec::AksCluster(c) => {
                if let Some(cp) = p.cluster(id.as_str()) {
                    c.service_cidr.get_or_insert(cp.service_cidr.cidr);
                    if c.dns_service_ip.is_none() {
                        c.dns_service_ip = cp.dns_service_ip.parse().ok();
                    }
                    if c.pod_cidr.is_none() {
                        c.pod_cidr = cp.pod_cidr.as_ref().map(|x| x.cidr);
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// A Front Door as Azure holds it: Private Link only where an origin is a
/// Private Link Service, its parts in name order, and a new design's starter
/// shape when the design gives none.
fn settle_front_door(d: &Design, id: &Id, f: &mut crate::model::FrontDoor) {
    // Private Link is a setting of origins on Private Link Services (the
    // export's `private_link` blocks): without one Azure holds none.
    if !f
        .origins
        .iter()
        .any(|o| d.get(o.as_str()).is_some_and(|x| x.kind() == Kind::PrivateLinkService))
    {
        f.private_link = false;
    }
    let name = |o: &Id| d.get(o.as_str()).map(|x| x.name().to_owned());
    f.origins.sort_by_key(name);
    if let Some(l) = &mut f.layout {
        l.endpoints.sort();
        l.origin_groups.sort_by(|a, b| a.name.cmp(&b.name));
        for g in &mut l.origin_groups {
            g.origins.sort_by(|a, b| a.name.cmp(&b.name));
        }
        l.routes
            .sort_by(|a, b| (&a.endpoint, &a.name).cmp(&(&b.endpoint, &b.name)));
    }
    if f.layout.is_none()
        && let Some(me) = d.get(id.as_str())
    {
        let origins: Vec<(Id, String)> = f
            .origins
            .iter()
            .filter_map(|o| Some((o.clone(), d.get(o.as_str())?.name().to_owned())))
            .collect();
        f.layout = Some(crate::model::FrontDoorLayout::starter(&me.meta.name, &origins));
    }
}
