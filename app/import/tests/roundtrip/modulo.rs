//! Comparison modulo ids, layout and what Azure does not hold (a module of
//! `roundtrip.rs`; its header doc says what "equal" means).

use std::collections::BTreeMap;

use netdraft_core::Id;
use netdraft_core::model::{
    AcmeSolver, AppGatewayForContainers, AppGatewaySku, Design, K8sService, Kind, Resource, Spec, SubnetPrefix,
};
use netdraft_core::plan::Plan;
use netdraft_core::text::dns1123;
use serde_json::{Value, json};

use super::simulate::{self, rg_of};

/// Kinds whose parent is Azure containment, not canvas layout.
pub const NESTED: &[Kind] = &[
    Kind::Subnet,
    Kind::NodePool,
    Kind::K8sService,
    Kind::Firewall,
    Kind::VpnGateway,
    Kind::ExpressRouteGateway,
    Kind::Bastion,
    Kind::AppGateway,
    Kind::AppGatewayForContainers,
    Kind::PrivateEndpoint,
    Kind::PrivateLinkService,
];

pub fn key(d: &Design, r: &Resource) -> String {
    if let Some(reg) = r.as_spec::<netdraft_core::model::Region>() {
        return format!("region:{}", reg.location);
    }
    // A Kubernetes service by what the cluster names it (the kubectl output;
    // the import finds Azure's frontend by its address), an internal one also
    // by the subnet Azure holds its frontend in.
    if let Some(s) = r.as_spec::<K8sService>() {
        let cluster = d.get(s.cluster.as_str()).map(|c| key(d, c)).unwrap_or_default();
        if !s.internal {
            return format!("{}:public:{}/{}@{cluster}", r.kind().key(), s.namespace, r.name());
        }
        let subnet = r
            .parent()
            .and_then(|p| d.get(p.as_str()))
            .map(|p| key(d, p))
            .unwrap_or_default();
        return format!(
            "{}:internal:{}/{}@{cluster}<{subnet}>",
            r.kind().key(),
            s.namespace,
            r.name()
        );
    }
    let parent = if NESTED.contains(&r.kind()) {
        r.parent()
            .and_then(|p| d.get(p.as_str()))
            .map(|p| key(d, p))
            .unwrap_or_default()
    } else {
        String::new()
    };
    format!("{}:{}<{parent}>", r.kind().key(), r.name())
}

/// What Azure or the export fills in where the design leaves a default,
/// filled from the plan and the export's choices.
pub fn settle(d: &Design, p: &Plan) -> Design {
    let mut out = d.clone();
    let ids: Vec<Id> = d.resources().map(|r| r.id.clone()).collect();
    for id in ids {
        let in_hub = d
            .get(id.as_str())
            .and_then(|r| r.parent())
            .and_then(|p| d.get(p.as_str()))
            .is_some_and(|p| p.kind() == Kind::VirtualHub);
        let r = out.get_mut(id.as_str()).unwrap();
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
            Spec::NodePool(np) => {
                if np.max_pods.is_none() {
                    np.max_pods = p
                        .clusters
                        .iter()
                        .flat_map(|c| &c.pools)
                        .find(|x| x.id == id)
                        .map(|x| x.max_pods);
                }
            }
            Spec::FrontDoor(f) => {
                // Private Link is a setting of origins on Private Link Services
                // (the export's `private_link` blocks): without one Azure holds none.
                if !f
                    .origins
                    .iter()
                    .any(|o| d.get(o.as_str()).is_some_and(|x| x.kind() == Kind::PrivateLinkService))
                {
                    f.private_link = false;
                }
                // The import orders origins, endpoints, groups and routes by name.
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
                // A new design's Front Door has the starter shape, which Azure then holds.
                if f.layout.is_none() {
                    let origins: Vec<(Id, String)> = f
                        .origins
                        .iter()
                        .filter_map(|o| Some((o.clone(), d.get(o.as_str())?.name().to_owned())))
                        .collect();
                    f.layout = Some(netdraft_core::model::FrontDoorLayout::starter(
                        &d.get(id.as_str()).unwrap().meta.name,
                        &origins,
                    ));
                }
            }
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
            // The export's HTTP-01 solver: through the AGC Gateway when the
            // cluster has one, else the ingress class it defaults to; a DNS-01
            // solver's zone as the user filled it in.
            Spec::CertIssuer(i) => match i.solver {
                AcmeSolver::Http01 => {
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
                AcmeSolver::Dns01 => {
                    i.dns_zone.get_or_insert_with(|| simulate::kubectl::DNS_ZONE.to_owned());
                    i.dns_zone_resource_group
                        .get_or_insert_with(|| simulate::kubectl::DNS_ZONE_RESOURCE_GROUP.to_owned());
                }
            },
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

/// A resource's spec as JSON with references written as the referenced resource's key.
fn canonical(d: &Design, r: &Resource) -> Value {
    let refs: BTreeMap<String, String> = r
        .spec
        .references()
        .iter()
        .filter_map(|x| Some((x.target.to_string(), key(d, d.get(x.target.as_str())?))))
        .collect();
    let mut spec = r.spec.clone();
    design_only(&mut spec, None);
    let mut v = serde_json::to_value(&spec).unwrap();
    rewrite(&mut v, &refs);
    // A public service's frontend is in the node resource group, on no subnet:
    // where the design draws it is layout.
    let group = if public_service(r) {
        None
    } else {
        rg_of(d, r.id.as_str())
    };
    json!({"spec": v, "group": group})
}

pub fn rewrite(v: &mut Value, map: &BTreeMap<String, String>) {
    match v {
        Value::String(s) => {
            if let Some(k) = map.get(s.as_str()) {
                *s = k.clone();
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|x| rewrite(x, map)),
        // A `kind` or a `name` is never a reference, even where it equals an id.
        Value::Object(o) => o.iter_mut().for_each(|(k, x)| {
            if k != "kind" && k != "name" {
                rewrite(x, map);
            }
        }),
        _ => {}
    }
}

/// The differences between the original and the imported design, each with its kind.
pub fn differences(original: &Design, imported: &Design) -> Vec<(Kind, String)> {
    let index = |d: &Design| -> BTreeMap<String, (Kind, Value)> {
        d.resources()
            .map(|r| (key(d, r), (r.kind(), canonical(d, r))))
            .collect()
    };
    let (a, b) = (index(original), index(imported));
    let mut out = Vec::new();
    for (k, (kind, v)) in &a {
        match b.get(k) {
            None => out.push((*kind, format!("{k}: not imported"))),
            Some((_, w)) if w != v => out.push((*kind, format!("{k}:\n  design   {v}\n  imported {w}"))),
            Some(_) => {}
        }
    }
    for (k, (kind, _)) in &b {
        if !a.contains_key(k) {
            out.push((*kind, format!("{k}: imported, not in the design")));
        }
    }
    out
}

/// The imported design with the original's ids, header, notes cleared on both.
pub fn rekey(original: &Design, imported: &Design) -> (Design, Design) {
    let by_key: BTreeMap<String, Id> = original.resources().map(|r| (key(original, r), r.id.clone())).collect();
    let map: BTreeMap<String, String> = imported
        .resources()
        .filter_map(|r| Some((r.id.to_string(), by_key.get(&key(imported, r))?.to_string())))
        .collect();
    let mut out = Design::new(original.name.clone());
    out.description.clone_from(&original.description);
    out.settings = original.settings.clone();
    out.accept.clone_from(&original.accept);
    out.decisions.clone_from(&original.decisions);
    let new_id = |id: &Id| -> Id {
        map.get(id.as_str())
            .map_or_else(|| id.clone(), |n| Id::new(n.clone()).unwrap())
    };
    for r in imported.resources() {
        let mut spec = serde_json::to_value(&r.spec).unwrap();
        let refs: BTreeMap<String, String> = r
            .spec
            .references()
            .iter()
            .filter_map(|x| Some((x.target.to_string(), map.get(x.target.as_str())?.clone())))
            .collect();
        rewrite(&mut spec, &refs);
        let mut x = Resource::new(
            new_id(&r.id),
            r.name(),
            r.parent().map(new_id),
            serde_json::from_value::<Spec>(spec).unwrap(),
        );
        x.meta.resource_group = r.meta.resource_group.as_ref().map(new_id);
        out.insert(x).unwrap();
    }
    // Canvas parents of resources Azure does not nest are layout: take the original's.
    let ids: Vec<Id> = out.resources().map(|r| r.id.clone()).collect();
    for id in ids {
        let Some(orig) = original.get(id.as_str()) else {
            continue;
        };
        let (parent, rg) = (orig.meta.parent.clone(), orig.meta.resource_group.clone());
        let r = out.get_mut(id.as_str()).unwrap();
        if !NESTED.contains(&r.kind()) || public_service(r) {
            r.meta.parent = parent;
            r.meta.resource_group = rg;
        }
        r.meta.name.clone_from(&orig.meta.name);
        design_only(&mut r.spec, Some(&orig.spec));
    }
    let mut orig = original.clone();
    let ids: Vec<Id> = orig.resources().map(|r| r.id.clone()).collect();
    for id in ids {
        let r = orig.get_mut(id.as_str()).unwrap();
        r.meta.notes = None;
        r.meta.at = None;
        r.meta.extent = None;
    }
    (orig, out)
}

/// The values only the design holds, set from `from` (the original's, when
/// re-keying) or to their defaults (when comparing): a subnet's `extra_ips`
/// (a planning reserve); a cluster's default-deny namespaces (network
/// policies, not in the kubectl output read); a Kubernetes service's reason
/// for being public (a comment in its manifest, which the cluster does not
/// keep).
fn design_only(spec: &mut Spec, from: Option<&Spec>) {
    match (spec, from) {
        (Spec::Subnet(s), from) => {
            s.extra_ips = match from {
                Some(Spec::Subnet(o)) => o.extra_ips,
                _ => 0,
            };
        }
        (Spec::AksCluster(c), from) => {
            c.default_deny_namespaces = match from {
                Some(Spec::AksCluster(o)) => o.default_deny_namespaces.clone(),
                _ => Vec::new(),
            };
        }
        (Spec::K8sService(s), Some(Spec::K8sService(o))) => {
            s.public_reason.clone_from(&o.public_reason);
        }
        (Spec::K8sService(s), _) => {
            s.public_reason = None;
        }
        _ => {}
    }
}

/// A public Kubernetes service: Azure nests its frontend in no subnet.
fn public_service(r: &Resource) -> bool {
    r.as_spec::<K8sService>().is_some_and(|s| !s.internal)
}
