//! Azure Virtual WAN: hub address prefixes, hub connections, what a Basic WAN
//! cannot hold and routing intent. The facts sheet does not cover Virtual
//! WAN; each rule cites the Microsoft Learn page it comes from:
//! VWAN-FAQ ("Azure Virtual WAN FAQ"), VWAN-ABOUT ("About Azure Virtual
//! WAN", its Basic and Standard table), VWAN-S2S ("Create a site-to-site
//! connection using Azure Virtual WAN", its prerequisites) and VWAN-RI
//! ("How to configure Virtual WAN hub routing intent and routing policies").

use std::collections::BTreeMap;

use super::{Ctx, Finding, Level::Error, Level::Warning, Rule, rule};
use crate::id::Id;
use crate::model::{Kind, Resource, RoutingIntent, VirtualHub, VirtualNetwork, VirtualWan, VirtualWanSku};

/// The smallest hub prefix Azure accepts and the one Microsoft recommends (VWAN-FAQ).
const HUB_MIN_PREFIX: u8 = 24;
const HUB_RECOMMENDED_PREFIX: u8 = 23;

pub(super) const RULES: &[Rule] = &[
    rule(
        "ND150",
        "hub-prefix-too-small",
        Error,
        "A virtual hub's address prefix is smaller than a /24",
        "Azure deploys a virtual hub into at least a /24: the hub router, gateways and firewall take their subnets from it (VWAN-FAQ).",
        "VWAN-FAQ",
        "give the hub a /23 (recommended) or at least a /24",
        hub_prefix_too_small,
    ),
    rule(
        "ND151",
        "hub-prefix-below-recommended",
        Warning,
        "A virtual hub's address prefix is smaller than the recommended /23",
        "Microsoft recommends a /23 for a hub so that gateways, Azure Firewall and network virtual appliances fit as it grows; the prefix cannot be changed once deployed (VWAN-FAQ).",
        "VWAN-FAQ",
        "give the hub a /23 if the address plan allows",
        hub_prefix_below_recommended,
    ),
    rule(
        "ND152",
        "vnet-on-several-hubs",
        Error,
        "A VNet is connected to more than one virtual hub",
        "A virtual network connects to one virtual hub only (VWAN-FAQ).",
        "VWAN-FAQ",
        "keep the VNet in the connections of one hub",
        vnet_on_several_hubs,
    ),
    rule(
        "ND153",
        "hub-connected-vnet-has-gateway",
        Error,
        "A VNet connected to a virtual hub has a VPN or ExpressRoute gateway of its own",
        "A VNet connected to a Virtual WAN hub must not have a virtual network gateway: it reaches on-premises through the hub's gateways (VWAN-S2S).",
        "VWAN-S2S",
        "move the gateway into the hub, or disconnect the VNet from the hub",
        connected_vnet_with_gateway,
    ),
    rule(
        "ND154",
        "hub-connected-vnet-ipv6",
        Error,
        "A VNet with an IPv6 address space is connected to a virtual hub",
        "Virtual WAN hubs and their gateways do not support IPv6, and a dual-stack VNet cannot be connected to a hub (VWAN-FAQ).",
        "VWAN-FAQ",
        "remove the IPv6 range from the VNet, or reach it another way",
        connected_vnet_ipv6,
    ),
    rule(
        "ND155",
        "basic-wan-feature",
        Error,
        "A hub of a Basic Virtual WAN holds an ExpressRoute gateway or an Azure Firewall",
        "A Basic Virtual WAN carries site-to-site VPN only: ExpressRoute, secured hubs (Azure Firewall) and VNet-to-VNet transit need Standard (VWAN-ABOUT).",
        "VWAN-ABOUT",
        "make the Virtual WAN `Standard` (it can be upgraded, not downgraded)",
        basic_wan_feature,
    ),
    rule(
        "ND156",
        "routing-intent-without-firewall",
        Error,
        "A virtual hub has routing intent but no Azure Firewall",
        "Routing intent sends internet or private traffic to a next hop in the hub, an Azure Firewall there (a secured hub) (VWAN-RI).",
        "VWAN-RI",
        "put an Azure Firewall in the hub, or set `routing_intent = \"none\"`",
        routing_intent_without_firewall,
    ),
];

fn hubs<'a>(cx: &'a Ctx<'_>) -> impl Iterator<Item = (&'a Resource, &'a VirtualHub)> + 'a {
    cx.all::<VirtualHub>(Kind::VirtualHub)
}

/// The resources of `kind` that sit in `hub`.
fn in_hub<'a>(cx: &Ctx<'a>, hub: &Id, kind: Kind) -> Vec<&'a Resource> {
    cx.of_kind(kind)
        .iter()
        .filter(|r| r.parent() == Some(hub))
        .copied()
        .collect()
}

fn hub_prefix_too_small(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for (r, h) in hubs(cx).filter(|(_, h)| h.address_prefix.prefix_len() > HUB_MIN_PREFIX) {
        rule.emit(
            out,
            format!(
                "virtual hub {} is a {}; a hub needs at least a /{HUB_MIN_PREFIX}",
                r.name(),
                h.address_prefix
            ),
            &[&r.id],
        );
    }
}

fn hub_prefix_below_recommended(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for (r, h) in hubs(cx).filter(|(_, h)| {
        let len = h.address_prefix.prefix_len();
        len > HUB_RECOMMENDED_PREFIX && len <= HUB_MIN_PREFIX
    }) {
        rule.emit(
            out,
            format!(
                "virtual hub {} is a {}; Microsoft recommends a /{HUB_RECOMMENDED_PREFIX}",
                r.name(),
                h.address_prefix
            ),
            &[&r.id],
        );
    }
}

fn vnet_on_several_hubs(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    let mut by_vnet: BTreeMap<&Id, Vec<&Resource>> = BTreeMap::new();
    for (r, h) in hubs(cx) {
        for v in &h.connections {
            by_vnet.entry(v).or_default().push(r);
        }
    }
    for (v, list) in by_vnet.into_iter().filter(|(_, l)| l.len() > 1) {
        let names: Vec<&str> = list.iter().map(|h| h.name()).collect();
        let mut ids = vec![v];
        ids.extend(list.iter().map(|h| &h.id));
        rule.emit(
            out,
            format!(
                "VNet {} is connected to {} hubs: {}",
                cx.name(v.as_str()),
                list.len(),
                names.join(", ")
            ),
            &ids,
        );
    }
}

fn connected_vnet_with_gateway(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for (hub, h) in hubs(cx) {
        for v in &h.connections {
            let gateway = [Kind::VpnGateway, Kind::ExpressRouteGateway]
                .into_iter()
                .flat_map(|k| cx.of_kind(k).iter())
                .find(|g| cx.vnet_of(g).is_some_and(|(vr, _)| &vr.id == v));
            if let Some(g) = gateway {
                rule.emit(
                    out,
                    format!(
                        "VNet {} is connected to hub {} but has its own gateway {}",
                        cx.name(v.as_str()),
                        hub.name(),
                        g.name()
                    ),
                    &[v, &hub.id, &g.id],
                );
            }
        }
    }
}

fn connected_vnet_ipv6(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for (hub, h) in hubs(cx) {
        for v in &h.connections {
            let Some(vnet) = cx.spec::<VirtualNetwork>(v.as_str()) else {
                continue;
            };
            if let Some(c) = vnet.address_space.iter().find(|c| c.net().addr().is_ipv6()) {
                rule.emit(
                    out,
                    format!(
                        "VNet {} has the IPv6 range {c} and is connected to hub {}",
                        cx.name(v.as_str()),
                        hub.name()
                    ),
                    &[v, &hub.id],
                );
            }
        }
    }
}

fn basic_wan_feature(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for (hub, h) in hubs(cx) {
        let basic = cx
            .spec::<VirtualWan>(h.wan.as_str())
            .is_some_and(|w| w.sku == VirtualWanSku::Basic);
        if !basic {
            continue;
        }
        for kind in [Kind::ExpressRouteGateway, Kind::Firewall] {
            for r in in_hub(cx, &hub.id, kind) {
                rule.emit(
                    out,
                    format!(
                        "{} {} sits in hub {} of the Basic Virtual WAN {}",
                        kind.label(),
                        r.name(),
                        hub.name(),
                        cx.name(h.wan.as_str())
                    ),
                    &[&r.id, &hub.id, &h.wan],
                );
            }
        }
    }
}

fn routing_intent_without_firewall(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for (hub, h) in hubs(cx).filter(|(_, h)| h.routing_intent != RoutingIntent::None) {
        if in_hub(cx, &hub.id, Kind::Firewall).is_empty() {
            rule.emit(
                out,
                format!(
                    "virtual hub {} has routing intent `{}` but no Azure Firewall",
                    hub.name(),
                    h.routing_intent
                ),
                &[&hub.id],
            );
        }
    }
}
