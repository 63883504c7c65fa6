//! Peerings and VNet gateways: gateway transit, one gateway per VNet, global
//! peering and VNet limits (azure-facts.md §B.1, §B.2, §C.5).

use std::collections::BTreeMap;

use super::{Ctx, Finding, Level::Error, Level::Warning, Rule, rule};
use crate::id::Id;
use crate::model::{Kind, Region, Resource, VirtualNetwork, VnetPeering};

pub(super) const RULES: &[Rule] = &[
    // VNET-FAQ, TF4: use remote gateways needs a gateway on the remote side.
    rule(
        "ND130",
        "remote-gateway-missing",
        Error,
        "A peering uses remote gateways but the remote VNet has no gateway",
        "`use remote gateways` routes through the peer's VPN or ExpressRoute gateway, so the peer must have one (VNET-FAQ, TF4).",
        "VNET-FAQ, TF4",
        "add a VPN or ExpressRoute gateway to the remote VNet's GatewaySubnet, or turn `use_remote_gateways` off",
        remote_gateway_missing,
    ),
    // VNET-FAQ: needs allow gateway transit on the other side.
    rule(
        "ND131",
        "remote-gateway-without-transit",
        Error,
        "A peering uses remote gateways without gateway transit on the other side",
        "`use remote gateways` requires `allow gateway transit` on the remote side of the peering (VNET-FAQ, TF4).",
        "VNET-FAQ, TF4",
        "set `allow_gateway_transit = true` on the peering",
        remote_gateway_without_transit,
    ),
    // VNET-FAQ, C.5: a VNet using a remote gateway cannot have its own.
    rule(
        "ND132",
        "remote-gateway-with-own-gateway",
        Error,
        "A VNet uses a remote gateway but has a gateway of its own",
        "`use remote gateways` cannot be set on a VNet that already has its own VNet gateway (VNET-FAQ, VNET-LIMITS).",
        "VNET-FAQ, VNET-LIMITS",
        "remove the VNet's own gateway, or turn `use_remote_gateways` off",
        remote_with_own_gateway,
    ),
    // VNET-FAQ: only one peering of a VNet may use remote gateways.
    rule(
        "ND133",
        "remote-gateways-on-several-peerings",
        Error,
        "A VNet uses remote gateways on more than one peering",
        "`use remote gateways` may be enabled on only one peering of a VNet (VNET-FAQ).",
        "VNET-FAQ",
        "keep `use_remote_gateways` on one peering only",
        remote_on_several,
    ),
    // VNET-LIMITS, C.5: one VPN and one ExpressRoute gateway per VNet.
    rule(
        "ND134",
        "one-gateway-per-type",
        Error,
        "A VNet has more than one VPN gateway or more than one ExpressRoute gateway",
        "A VNet holds at most one VPN gateway and one ExpressRoute gateway (VNET-LIMITS, VPNGW).",
        "VNET-LIMITS, VPNGW",
        "keep one gateway of each type (use active-active for redundancy)",
        one_gateway_per_type,
    ),
    // VNET-FAQ: one peering (both links) per pair of VNets.
    rule(
        "ND135",
        "duplicate-peering",
        Error,
        "Two peerings join the same pair of VNets",
        "A pair of VNets is joined by one peering (one link in each direction); a second one is refused (VNET-FAQ).",
        "VNET-FAQ",
        "delete the duplicate peering",
        duplicate_peering,
    ),
    // TF4 virtual_network_peering note (UNCONFIRMED on the platform): global peering and remote gateways.
    rule(
        "ND136",
        "global-peering-remote-gateways",
        Warning,
        "A cross-region peering uses remote gateways",
        "The Terraform provider requires `use_remote_gateways = false` on global (cross-region) peerings; whether Azure allows gateway transit there is UNCONFIRMED in the facts sheet (TF4).",
        "TF4",
        "check the platform rule, or give the remote region its own gateway",
        global_remote_gateways,
    ),
    // VNET-LIMITS: 500 peerings, 3,000 subnets, 20 DNS servers per VNet.
    rule(
        "ND137",
        "vnet-limits",
        Error,
        "A VNet exceeds the peerings, subnets or DNS servers limit",
        "A VNet has at most 500 peerings, 3,000 subnets and 20 DNS servers (VNET-LIMITS).",
        "VNET-LIMITS",
        "split the VNet or the hub",
        vnet_limits,
    ),
];

fn peerings<'a>(cx: &'a Ctx<'_>) -> impl Iterator<Item = (&'a Resource, &'a VnetPeering)> + 'a {
    cx.all::<VnetPeering>(Kind::VnetPeering)
}

/// The VNet gateways (VPN and ExpressRoute) of each VNet.
fn gateways<'a>(cx: &Ctx<'a>) -> BTreeMap<&'a str, Vec<&'a Resource>> {
    let mut out: BTreeMap<&str, Vec<&Resource>> = BTreeMap::new();
    for kind in [Kind::VpnGateway, Kind::ExpressRouteGateway] {
        for g in cx.of_kind(kind) {
            if let Some((v, _)) = cx.vnet_of(g) {
                out.entry(v.id.as_str()).or_default().push(*g);
            }
        }
    }
    out
}

fn remote_gateway_missing(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    let gws = gateways(cx);
    for (p, spec) in peerings(cx).filter(|(_, p)| p.use_remote_gateways) {
        if !gws.contains_key(spec.from.as_str()) {
            rule.emit(
                out,
                format!(
                    "peering {}: {} uses the gateways of {}, which has none",
                    p.name(),
                    cx.name(spec.to.as_str()),
                    cx.name(spec.from.as_str())
                ),
                &[&p.id, &spec.from],
            );
        }
    }
}

fn remote_gateway_without_transit(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for (p, spec) in peerings(cx).filter(|(_, p)| p.use_remote_gateways && !p.allow_gateway_transit) {
        rule.emit(
            out,
            format!(
                "peering {}: {} uses remote gateways but {} does not allow gateway transit",
                p.name(),
                cx.name(spec.to.as_str()),
                cx.name(spec.from.as_str())
            ),
            &[&p.id],
        );
    }
}

fn remote_with_own_gateway(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    let gws = gateways(cx);
    for (p, spec) in peerings(cx).filter(|(_, p)| p.use_remote_gateways) {
        if let Some(own) = gws.get(spec.to.as_str()).and_then(|g| g.first()) {
            rule.emit(
                out,
                format!(
                    "peering {}: {} uses remote gateways but has its own gateway {}",
                    p.name(),
                    cx.name(spec.to.as_str()),
                    own.name()
                ),
                &[&p.id, &spec.to, &own.id],
            );
        }
    }
}

fn remote_on_several(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    let mut by_vnet: rustc_hash::FxHashMap<&Id, Vec<&Resource>> = rustc_hash::FxHashMap::default();
    for (p, spec) in peerings(cx).filter(|(_, p)| p.use_remote_gateways) {
        by_vnet.entry(&spec.to).or_default().push(p);
    }
    let mut several: Vec<(&Id, Vec<&Resource>)> = by_vnet.into_iter().filter(|(_, l)| l.len() > 1).collect();
    several.sort_by(|a, b| a.0.cmp(b.0));
    for (v, list) in several {
        let names: Vec<&str> = list.iter().map(|p| p.name()).collect();
        let mut ids = vec![v];
        ids.extend(list.iter().map(|p| &p.id));
        rule.emit(
            out,
            format!(
                "VNet {} uses remote gateways on {} peerings: {}",
                cx.name(v.as_str()),
                list.len(),
                names.join(", ")
            ),
            &ids,
        );
    }
}

fn one_gateway_per_type(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for (v, list) in gateways(cx) {
        for (kind, label) in [
            (Kind::VpnGateway, "VPN gateways"),
            (Kind::ExpressRouteGateway, "ExpressRoute gateways"),
        ] {
            let of: Vec<&Resource> = list.iter().filter(|g| g.kind() == kind).copied().collect();
            if of.len() > 1 {
                let names: Vec<&str> = of.iter().map(|g| g.name()).collect();
                let mut ids: Vec<&Id> = cx.get(v).map(|r| &r.id).into_iter().collect();
                ids.extend(of.iter().map(|g| &g.id));
                rule.emit(
                    out,
                    format!("VNet {} has {} {label}: {}", cx.name(v), of.len(), names.join(", ")),
                    &ids,
                );
            }
        }
    }
}

fn duplicate_peering(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    let mut seen: rustc_hash::FxHashMap<(&Id, &Id), &Resource> = rustc_hash::FxHashMap::default();
    for (p, spec) in peerings(cx) {
        let pair = if spec.from <= spec.to {
            (&spec.from, &spec.to)
        } else {
            (&spec.to, &spec.from)
        };
        if let Some(first) = seen.get(&pair) {
            rule.emit(
                out,
                format!(
                    "peerings {} and {} both join {} and {}",
                    first.name(),
                    p.name(),
                    cx.name(pair.0.as_str()),
                    cx.name(pair.1.as_str())
                ),
                &[&p.id, &first.id],
            );
        } else {
            seen.insert(pair, p);
        }
    }
}

fn global_remote_gateways(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    let locations: rustc_hash::FxHashMap<&str, &str> = cx
        .of_kind(Kind::VirtualNetwork)
        .iter()
        .filter_map(|v| {
            // A VNet sits in a region, or in a resource group of a region.
            let parent = v.parent()?.as_str();
            let region = cx.find(Kind::Region, parent).or_else(|| {
                let rg = cx.find(Kind::ResourceGroup, parent)?;
                cx.find(Kind::Region, rg.parent()?.as_str())
            })?;
            Some((v.id.as_str(), region.as_spec::<Region>()?.location.as_str()))
        })
        .collect();
    for (p, spec) in peerings(cx).filter(|(_, p)| p.use_remote_gateways) {
        if let (Some(a), Some(b)) = (locations.get(spec.from.as_str()), locations.get(spec.to.as_str()))
            && a != b
        {
            rule.emit(
                out,
                format!("peering {} joins {a} and {b} and uses remote gateways", p.name()),
                &[&p.id],
            );
        }
    }
}

fn vnet_limits(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    let mut peer_count: rustc_hash::FxHashMap<&str, usize> = rustc_hash::FxHashMap::default();
    for (_, p) in peerings(cx) {
        *peer_count.entry(p.from.as_str()).or_default() += 1;
        *peer_count.entry(p.to.as_str()).or_default() += 1;
    }
    let subnet_count: rustc_hash::FxHashMap<&str, usize> =
        cx.plan.vnets.iter().map(|v| (v.id.as_str(), v.subnets.len())).collect();
    for (v, spec) in cx.all::<VirtualNetwork>(Kind::VirtualNetwork) {
        let peers = peer_count.get(v.id.as_str()).copied().unwrap_or(0);
        let subnets = subnet_count.get(v.id.as_str()).copied().unwrap_or(0);
        let mut over = Vec::new();
        if peers > 500 {
            over.push(format!("{peers} peerings (limit 500)"));
        }
        if subnets > 3000 {
            over.push(format!("{subnets} subnets (limit 3,000)"));
        }
        if spec.dns_servers.len() > 20 {
            over.push(format!("{} DNS servers (limit 20)", spec.dns_servers.len()));
        }
        if !over.is_empty() {
            rule.emit(out, format!("VNet {} has {}", v.name(), over.join(", ")), &[&v.id]);
        }
    }
}
