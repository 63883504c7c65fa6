//! Azure Virtual WAN hubs in the route engine: the routes a hub programs into
//! the VNets connected to it, and a packet's way through the hub.
//!
//! Sources: Microsoft Learn, "About virtual hub routing" (a connected VNet
//! learns the hub's prefix, the other connected VNets and the branches
//! through the hub's router; the hubs of a Standard WAN are meshed, a Basic
//! WAN's are not: "About Virtual WAN"), and "How to configure Virtual WAN hub
//! routing intent and routing policies" (VWAN-RI: private routing intent
//! advertises the RFC 1918 ranges, internet routing intent 0.0.0.0/0, both
//! with the hub's Azure Firewall as next hop, which then inspects that
//! traffic). What happens inside the hub's router beyond this is not modelled.

use std::net::Ipv4Addr;

use ipnet::Ipv4Net;

use super::index::{Net, private_blocks, v4};
use crate::model::{
    ExpressRouteGateway, Firewall, OnPremises, Resource, RoutingIntent, VirtualHub, VirtualWan, VirtualWanSku,
    VpnGateway,
};

/// The hub a VNet is connected to, if any (looked up in the `Net`'s index).
pub(crate) fn hub_of<'d>(net: &Net<'d>, vnet: &str) -> Option<(&'d Resource, &'d VirtualHub)> {
    let hub = net.hub_of(vnet)?;
    hub.as_spec::<VirtualHub>().map(|h| (hub, h))
}

/// The hubs a packet in `hub` can reach: itself first, then, in a Standard
/// WAN, the WAN's other hubs by id.
pub(super) fn meshed<'d>(net: &Net<'d>, hub: &'d Resource, spec: &VirtualHub) -> Vec<(&'d Resource, &'d VirtualHub)> {
    let mut out: Vec<(&Resource, &VirtualHub)> =
        net.design.all::<VirtualHub>().filter(|(r, _)| r.id == hub.id).collect();
    let standard = net
        .design
        .spec::<VirtualWan>(spec.wan.as_str())
        .is_some_and(|w| w.sku == VirtualWanSku::Standard);
    if standard {
        out.extend(
            net.design
                .all::<VirtualHub>()
                .filter(|(r, h)| r.id != hub.id && h.wan == spec.wan),
        );
    }
    out
}

/// The Azure Firewall in a hub (a secured hub).
pub(super) fn firewall_in<'d>(net: &Net<'d>, hub: &Resource) -> Option<(&'d Resource, &'d Firewall)> {
    net.design.all::<Firewall>().find(|(r, _)| r.parent() == Some(&hub.id))
}

/// The on-premises networks connected through the gateways in a hub.
pub(super) fn branches<'d>(net: &Net<'d>, hub: &Resource) -> Vec<(&'d Resource, &'d OnPremises, &'d Resource)> {
    let mut out = Vec::new();
    for g in net.design.resources().filter(|r| r.parent() == Some(&hub.id)) {
        if g.as_spec::<VpnGateway>().is_none() && g.as_spec::<ExpressRouteGateway>().is_none() {
            continue;
        }
        for (op, o) in net.on_prem_of(g.id.as_str()) {
            out.push((op, o, g));
        }
    }
    out
}

/// The ranges the hub a VNet is connected to advertises into its subnets,
/// each once with why: every range reachable through it (the hubs'
/// prefixes, the other connected VNets, the branches) and those routing
/// intent adds. The route table (`table.rs`) makes them gateway routes with
/// the hub as next hop.
pub(crate) fn hub_prefixes<'d>(net: &Net<'d>, vnet: &str) -> Option<(&'d Resource, Vec<(Ipv4Net, String)>)> {
    let (hub, spec) = hub_of(net, vnet)?;
    let mut prefixes: Vec<(Ipv4Net, String)> = Vec::new();
    let mut add = |p: Ipv4Net, why: String| {
        if !prefixes.iter().any(|(q, _)| *q == p) {
            prefixes.push((p, why));
        }
    };
    for (m, ms) in meshed(net, hub, spec) {
        if let Some(p) = v4(ms.address_prefix) {
            add(p, format!("address prefix of virtual hub {}", m.name()));
        }
        for v in ms.connections.iter().filter(|v| v.as_str() != vnet) {
            let name = net.design.get(v.as_str()).map_or(v.as_str(), Resource::name);
            for s in net.spaces(v.as_str()) {
                add(*s, format!("{name}, connected to {}", m.name()));
            }
        }
        for (op, o, g) in branches(net, m) {
            for c in o.address_ranges.iter().filter_map(|c| v4(*c)) {
                add(c, format!("{} via {} in {}", op.name(), g.name(), m.name()));
            }
        }
    }
    if matches!(
        spec.routing_intent,
        RoutingIntent::Private | RoutingIntent::InternetAndPrivate
    ) {
        for b in private_blocks() {
            add(b, "private routing intent".to_owned());
        }
    }
    if matches!(
        spec.routing_intent,
        RoutingIntent::Internet | RoutingIntent::InternetAndPrivate
    ) && let Ok(any) = Ipv4Net::new(Ipv4Addr::UNSPECIFIED, 0)
    {
        add(any, "internet routing intent".to_owned());
    }
    Some((hub, prefixes))
}
