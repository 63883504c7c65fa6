//! Private DNS: private endpoints and private clusters resolve only in VNets
//! linked to their zone (azure-facts.md §A.0 private cluster row; BT, TF4 for
//! zone groups and VNet links).

use super::{Ctx, Finding, Level::Error, Level::Warning, Rule, rule};
use crate::id::Id;
use std::net::IpAddr;

use crate::model::{
    AksCluster, Firewall, FirewallPolicy, Kind, OnPremises, PrivateDnsZone, PrivateEndpoint, Region, Resource,
    VirtualNetwork,
};

pub(super) const RULES: &[Rule] = &[
    // BT privateDnsZoneGroups, TF4 private DNS zone links.
    rule(
        "ND120",
        "private-endpoint-without-zone",
        Warning,
        "A private endpoint has no private DNS zone",
        "Clients resolve a private endpoint's private address only through a private DNS zone (`privatelink.…`) that holds its record and is linked to their VNet; without one the service name keeps resolving to the public address (BT, TF4).",
        "BT, TF4",
        "set the endpoint's `dns_zone` to the service's `privatelink.…` zone and link it to the VNets that resolve it (an endpoint to your own Private Link Service has no such zone and is not flagged)",
        pe_without_zone,
    ),
    // BT, TF4: the zone must be linked to the VNets whose DNS resolves the endpoint.
    rule(
        "ND121",
        "private-endpoint-zone-not-linked",
        Error,
        "A private endpoint's DNS zone is not linked to a VNet that resolves it",
        "A private DNS zone answers only for the VNets linked to it: the endpoint's own VNet, or the VNet of the custom DNS servers it uses (BT, TF4).",
        "BT, TF4",
        "add the VNet to the zone's `links`",
        pe_zone_not_linked,
    ),
    // AKS-PRIV: custom DNS and the AKS-managed zone.
    rule(
        "ND122",
        "private-cluster-custom-dns-without-zone",
        Warning,
        "A private cluster in a VNet with custom DNS servers leaves its zone to AKS",
        "A private cluster registers its API server in `privatelink.<region>.azmk8s.io`; the AKS-managed zone is linked only to the cluster VNet, so custom DNS servers elsewhere cannot resolve it unless you bring the zone and link it (AKS-PRIV).",
        "AKS-PRIV",
        "create the `privatelink.<region>.azmk8s.io` zone, link it to the DNS servers' VNet and set `private_dns_zone`",
        cluster_custom_dns,
    ),
    // AKS-PRIV: the cluster's zone must be linked where it is resolved.
    rule(
        "ND123",
        "private-cluster-zone-not-linked",
        Error,
        "A private cluster's DNS zone is not linked to the VNet that resolves its API server",
        "Nodes must resolve the private API server through the cluster's private DNS zone, which answers only in linked VNets (AKS-PRIV).",
        "AKS-PRIV",
        "link the zone to the cluster's VNet (and to the custom DNS servers' VNet)",
        cluster_zone_not_linked,
    ),
    // AKS-PRIV: the zone name is privatelink.<region>.azmk8s.io.
    rule(
        "ND124",
        "private-cluster-zone-name",
        Error,
        "A private cluster's DNS zone is not `privatelink.<region>.azmk8s.io`",
        "A private cluster's zone must be `privatelink.<region>.azmk8s.io` or a subzone of it (AKS-PRIV).",
        "AKS-PRIV",
        "use the zone `privatelink.<region>.azmk8s.io` of the cluster's region",
        cluster_zone_name,
    ),
    // AKS-PRIV: a zone on a public cluster is ignored.
    rule(
        "ND125",
        "dns-zone-on-public-cluster",
        Warning,
        "A cluster that is not private names a private DNS zone",
        "The private DNS zone setting applies to private clusters only (AKS-PRIV).",
        "AKS-PRIV",
        "set `private_cluster = true`, or remove `private_dns_zone`",
        zone_on_public_cluster,
    ),
    // AKS-FW (DNS proxy needs clients to use the firewall as DNS server); learn.microsoft.com/azure/firewall/dns-settings.
    rule(
        "ND126",
        "dns-proxy-not-used-by-spokes",
        Warning,
        "A firewall's DNS proxy is on but a VNet peered with it does not use the firewall as DNS server",
        "DNS proxy only helps clients that send their queries to the firewall: FQDNs in network rules are resolved by the firewall, and a client resolving elsewhere may get another address than the firewall matched, so its traffic is denied (AKS-FW; learn.microsoft.com/azure/firewall/dns-settings).",
        "AKS-FW",
        "set the VNet's `dns_servers` to the firewall's private IP",
        dns_proxy_not_used,
    ),
    // VNET-FAQ: a VNet's custom DNS servers must be reachable addresses.
    rule(
        "ND127",
        "dns-server-unknown",
        Warning,
        "A VNet's DNS server is an address the design does not hold",
        "Every VM and node of a VNet sends its DNS queries to the VNet's DNS servers; an address in no VNet, on-premises range or firewall of the design is most likely a typo or a server left out of the design, and name resolution (image pulls, the API server, private endpoints) fails if nothing answers there (VNET-FAQ; learn.microsoft.com/azure/virtual-network/virtual-networks-name-resolution-for-vms-and-role-instances).",
        "VNET-FAQ",
        "point `dns_servers` at the firewall (DNS proxy), a DNS Private Resolver inbound endpoint or DNS servers inside a VNet or on-premises range of the design, or fix the address",
        dns_server_unknown,
    ),
];

/// The VNets whose DNS resolves names for `vnet`: itself with Azure DNS, or the
/// VNets holding its custom DNS servers (none when they are outside the design).
fn resolvers<'a>(cx: &Ctx<'a>, vnet: &'a Resource, spec: &VirtualNetwork) -> Vec<&'a Resource> {
    if spec.dns_servers.is_empty() {
        return vec![vnet];
    }
    let mut out: Vec<&Resource> = cx
        .all::<VirtualNetwork>(Kind::VirtualNetwork)
        .filter(|(_, v)| {
            spec.dns_servers
                .iter()
                .any(|ip| v.address_space.iter().any(|c| c.net().contains(ip)))
        })
        .map(|(r, _)| r)
        .collect();
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out
}

fn unlinked<'a>(zone: &PrivateDnsZone, needed: &[&'a Resource]) -> Vec<&'a Resource> {
    needed.iter().filter(|v| !zone.links.contains(&v.id)).copied().collect()
}

fn pe_without_zone(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for (p, spec) in cx.all::<PrivateEndpoint>(Kind::PrivateEndpoint) {
        // A custom Private Link Service has no `privatelink.…` zone: its
        // consumers name it in a zone of their own, if at all.
        let to_pls = cx
            .get(spec.target.as_str())
            .is_some_and(|t| t.kind() == Kind::PrivateLinkService);
        if spec.dns_zone.is_none() && !to_pls {
            rule.emit(
                out,
                format!(
                    "private endpoint {} to {} has no private DNS zone",
                    p.name(),
                    cx.name(spec.target.as_str())
                ),
                &[&p.id],
            );
        }
    }
}

fn pe_zone_not_linked(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    // Resolvers per VNet, computed once (many endpoints share a VNet's DNS).
    let mut cache: rustc_hash::FxHashMap<&str, Vec<&Resource>> = rustc_hash::FxHashMap::default();
    for (p, spec) in cx.all::<PrivateEndpoint>(Kind::PrivateEndpoint) {
        let Some(zid) = &spec.dns_zone else { continue };
        let zone = cx
            .find(Kind::PrivateDnsZone, zid.as_str())
            .and_then(|z| z.as_spec::<PrivateDnsZone>());
        let (Some(zone), Some((v, vs))) = (zone, cx.vnet_of(p)) else {
            continue;
        };
        let needed = cache.entry(v.id.as_str()).or_insert_with(|| resolvers(cx, v, vs));
        for missing in unlinked(zone, needed) {
            rule.emit_fix(
                out,
                format!(
                    "private endpoint {} registers in zone {} which is not linked to VNet {}",
                    p.name(),
                    zone.zone,
                    missing.name()
                ),
                &[&p.id, zid, &missing.id],
                format!("add \"{}\" to the `links` of zone {}", missing.id, zone.zone),
            );
        }
    }
}

fn private_clusters<'a>(cx: &'a Ctx<'_>) -> impl Iterator<Item = (&'a Resource, &'a AksCluster)> + 'a {
    cx.all::<AksCluster>(Kind::AksCluster)
        .filter(|(_, a)| a.private_cluster)
}

fn cluster_custom_dns(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for (c, _) in private_clusters(cx).filter(|(_, a)| a.private_dns_zone.is_none()) {
        if let Some((v, vs)) = cx.cluster_vnet(c)
            && !vs.dns_servers.is_empty()
        {
            rule.emit(
                out,
                format!(
                    "private cluster {} leaves its DNS zone to AKS but VNet {} uses custom DNS servers",
                    c.name(),
                    v.name()
                ),
                &[&c.id, &v.id],
            );
        }
    }
}

fn cluster_zone_not_linked(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for (c, a) in private_clusters(cx) {
        let Some(zid) = &a.private_dns_zone else { continue };
        let (Some(zone), Some((v, vs))) = (cx.spec::<PrivateDnsZone>(zid.as_str()), cx.cluster_vnet(c)) else {
            continue;
        };
        for missing in unlinked(zone, &resolvers(cx, v, vs)) {
            rule.emit_fix(
                out,
                format!(
                    "private cluster {} uses zone {} which is not linked to VNet {}",
                    c.name(),
                    zone.zone,
                    missing.name()
                ),
                &[&c.id, zid, &missing.id],
                format!("add \"{}\" to the `links` of zone {}", missing.id, zone.zone),
            );
        }
    }
}

fn region_of<'a>(cx: &Ctx<'a>, id: &str) -> Option<&'a str> {
    cx.design
        .enclosing(id, Kind::Region)
        .and_then(|r| r.as_spec::<Region>())
        .map(|r| r.location.as_str())
}

fn cluster_zone_name(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for (c, a) in private_clusters(cx) {
        let Some(zid) = &a.private_dns_zone else { continue };
        let Some(zone) = cx.spec::<PrivateDnsZone>(zid.as_str()) else {
            continue;
        };
        let name = zone.zone.to_ascii_lowercase();
        let region = region_of(cx, c.id.as_str());
        let ok = match region {
            Some(loc) => {
                let want = format!("privatelink.{}.azmk8s.io", loc.to_ascii_lowercase());
                name == want || name.ends_with(&format!(".{want}"))
            }
            None => name.ends_with(".azmk8s.io") && name.contains("privatelink."),
        };
        if !ok {
            let want = region.map_or_else(
                || "privatelink.<region>.azmk8s.io".to_owned(),
                |l| format!("privatelink.{l}.azmk8s.io"),
            );
            rule.emit_fix(
                out,
                format!("private cluster {} uses zone {}, not {want}", c.name(), zone.zone),
                &[&c.id, zid],
                format!("use the zone {want}"),
            );
        }
    }
}

fn zone_on_public_cluster(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for (c, a) in cx.all::<AksCluster>(Kind::AksCluster) {
        if let (false, Some(z)) = (a.private_cluster, &a.private_dns_zone) {
            let ids: [&Id; 2] = [&c.id, z];
            rule.emit(
                out,
                format!(
                    "cluster {} is not private but names private DNS zone {}",
                    c.name(),
                    cx.name(z.as_str())
                ),
                &ids,
            );
        }
    }
}

/// A firewall's private IP: the first usable address of its subnet (Azure
/// gives the first free one, `.4`, to the firewall's internal IP).
fn firewall_ip(cx: &Ctx<'_>, firewall: &Resource) -> Option<IpAddr> {
    let (subnet, _) = cx.parent_subnet(firewall)?;
    let prefix = cx.plan.subnet(subnet.id.as_str())?.prefix?;
    match prefix.net().network() {
        IpAddr::V4(v4) => Some(IpAddr::V4(std::net::Ipv4Addr::from(u32::from(v4).checked_add(4)?))),
        IpAddr::V6(_) => None,
    }
}

fn dns_proxy_not_used(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for (f, spec) in cx.all::<Firewall>(Kind::Firewall) {
        let proxy = spec
            .policy
            .as_ref()
            .and_then(|p| cx.spec::<FirewallPolicy>(p.as_str()))
            .is_some_and(|p| p.dns_proxy);
        let (Some(ip), Some((hub, _))) = (proxy.then(|| firewall_ip(cx, f)).flatten(), cx.vnet_of(f)) else {
            continue;
        };
        let mut spokes: Vec<&Resource> = cx
            .all::<crate::model::VnetPeering>(Kind::VnetPeering)
            .filter_map(|(_, p)| {
                if p.from == hub.id {
                    cx.get(p.to.as_str())
                } else if p.to == hub.id {
                    cx.get(p.from.as_str())
                } else {
                    None
                }
            })
            .collect();
        spokes.sort_by(|a, b| a.id.cmp(&b.id));
        spokes.dedup_by(|a, b| a.id == b.id);
        for v in spokes {
            let Some(vs) = v.as_spec::<VirtualNetwork>() else {
                continue;
            };
            if vs.dns_servers.contains(&ip) {
                continue;
            }
            let uses = if vs.dns_servers.is_empty() {
                "Azure-provided DNS".to_owned()
            } else {
                vs.dns_servers
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            rule.emit_fix(
                out,
                format!(
                    "firewall {} proxies DNS at {ip} but VNet {}, peered with its VNet {}, uses {uses}",
                    f.name(),
                    v.name(),
                    hub.name()
                ),
                &[&v.id, &f.id],
                format!("set `dns_servers = [\"{ip}\"]` on VNet {}", v.name()),
            );
        }
    }
}

fn dns_server_unknown(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    let azure_dns = IpAddr::from([168, 63, 129, 16]);
    let mut known: Vec<ipnet::IpNet> = Vec::new();
    for (_, v) in cx.all::<VirtualNetwork>(Kind::VirtualNetwork) {
        known.extend(v.address_space.iter().map(|c| c.net()));
    }
    for (_, o) in cx.all::<OnPremises>(Kind::OnPremises) {
        known.extend(o.address_ranges.iter().map(|c| c.net()));
    }
    for (v, spec) in cx.all::<VirtualNetwork>(Kind::VirtualNetwork) {
        for ip in &spec.dns_servers {
            if *ip == azure_dns || known.iter().any(|n| n.contains(ip)) {
                continue;
            }
            rule.emit(
                out,
                format!(
                    "VNet {} uses DNS server {ip}, which is in no VNet or on-premises range of the design",
                    v.name()
                ),
                &[&v.id],
            );
        }
    }
}
