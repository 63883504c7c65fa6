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

use super::firewall::{self, Outcome};
use super::index::{Net, is_private, private_blocks, v4};
use super::nsg::Addr;
use super::path::{Arrival, StepKind, Stop, Tracer, Verdict, step, subnet_label};
use super::table::{Destination, EffectiveRoute, NextHopType, RoutePrefix, RouteSource};
use crate::model::{
    Direction, ExpressRouteGateway, Firewall, Kind, OnPremises, Resource, RoutingIntent, VirtualHub, VirtualWan,
    VirtualWanSku, VpnGateway,
};

/// The hub a VNet is connected to, if any.
pub(crate) fn hub_of<'d>(net: &Net<'d>, vnet: &str) -> Option<(&'d Resource, &'d VirtualHub)> {
    net.design
        .all::<VirtualHub>()
        .find(|(_, h)| h.connections.iter().any(|c| c.as_str() == vnet))
}

/// The hubs a packet in `hub` can reach: itself first, then, in a Standard
/// WAN, the WAN's other hubs by id.
fn meshed<'d>(net: &Net<'d>, hub: &'d Resource, spec: &VirtualHub) -> Vec<(&'d Resource, &'d VirtualHub)> {
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
fn firewall_in<'d>(net: &Net<'d>, hub: &Resource) -> Option<(&'d Resource, &'d Firewall)> {
    net.design.all::<Firewall>().find(|(r, _)| r.parent() == Some(&hub.id))
}

/// The on-premises networks connected through the gateways in a hub.
fn branches<'d>(net: &Net<'d>, hub: &Resource) -> Vec<(&'d Resource, &'d OnPremises, &'d Resource)> {
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

/// The routes the hub a VNet is connected to programs into its subnets:
/// every range reachable through it (the hubs' prefixes, the other connected
/// VNets, the branches) and those routing intent adds, each once, with the
/// hub as next hop.
pub(crate) fn hub_routes(net: &Net<'_>, vnet: &str) -> Vec<EffectiveRoute> {
    let Some((hub, spec)) = hub_of(net, vnet) else {
        return Vec::new();
    };
    let mut prefixes: Vec<(Ipv4Net, String)> = Vec::new();
    for (m, ms) in meshed(net, hub, spec) {
        if let Some(p) = v4(ms.address_prefix) {
            prefixes.push((p, format!("address prefix of virtual hub {}", m.name())));
        }
        for v in ms.connections.iter().filter(|v| v.as_str() != vnet) {
            let name = net.design.get(v.as_str()).map_or(v.as_str(), Resource::name);
            for s in net.spaces(v.as_str()) {
                prefixes.push((*s, format!("{name}, connected to {}", m.name())));
            }
        }
        for (op, o, g) in branches(net, m) {
            for c in o.address_ranges.iter().filter_map(|c| v4(*c)) {
                prefixes.push((c, format!("{} via {} in {}", op.name(), g.name(), m.name())));
            }
        }
    }
    if matches!(
        spec.routing_intent,
        RoutingIntent::Private | RoutingIntent::InternetAndPrivate
    ) {
        for b in private_blocks() {
            prefixes.push((b, "private routing intent".to_owned()));
        }
    }
    if matches!(
        spec.routing_intent,
        RoutingIntent::Internet | RoutingIntent::InternetAndPrivate
    ) && let Ok(any) = Ipv4Net::new(Ipv4Addr::UNSPECIFIED, 0)
    {
        prefixes.push((any, "internet routing intent".to_owned()));
    }
    let mut out: Vec<EffectiveRoute> = Vec::new();
    for (p, why) in prefixes {
        if out.iter().any(|r| r.cidr() == Some(p)) {
            continue;
        }
        out.push(
            EffectiveRoute::new(
                RoutePrefix::Cidr(p),
                RouteSource::Gateway,
                NextHopType::VirtualNetworkGateway,
                format!("virtual hub {} ({why})", hub.name()),
            )
            .from(&hub.id),
        );
    }
    out
}

impl<'d> Tracer<'_, 'd> {
    /// A packet a connected VNet's route sent to its virtual hub: through the
    /// hub's firewall when routing intent covers it, then to the connected
    /// VNet or branch that holds the destination.
    pub(super) fn through_hub(
        &mut self,
        hub: &'d Resource,
        spec: &'d VirtualHub,
        src: Ipv4Addr,
        dst: &Destination,
        dst_addr: Addr,
    ) -> Result<(Arrival<'d>, Ipv4Addr), Stop> {
        let net = self.net;
        self.hop(
            format!("virtual hub {} ({})", hub.name(), spec.address_prefix),
            Some(&hub.id),
        );
        let Some(ip) = dst.ip else {
            let text = "no address to deliver to".to_owned();
            self.push(step(StepKind::Drop, text.clone()));
            return Err((Verdict::BlackHoled, text));
        };
        let private = is_private(ip);
        let inspected = match spec.routing_intent {
            RoutingIntent::None => false,
            RoutingIntent::Private => private,
            RoutingIntent::Internet => !private,
            RoutingIntent::InternetAndPrivate => true,
        };
        if inspected && let Some(arrived) = self.hub_firewall(hub, spec, src, ip, dst_addr)? {
            return Ok(arrived);
        }
        for (m, ms) in meshed(net, hub, spec) {
            if m.id != hub.id {
                self.push(step(
                    StepKind::Note,
                    format!(
                        "over the Virtual WAN to hub {} (hubs of a Standard WAN are meshed)",
                        m.name()
                    ),
                ));
            }
            for v in &ms.connections {
                if !net.spaces(v.as_str()).iter().any(|s| s.contains(&ip)) {
                    continue;
                }
                let Some(dest) = net.subnet_in_vnet(v.as_str(), ip) else {
                    let text = format!("no placed subnet holds {ip}: the packet is dropped");
                    self.push(step(StepKind::Drop, text.clone()));
                    return Err((Verdict::BlackHoled, text));
                };
                self.hop(subnet_label(&dest), Some(&dest.res.id));
                let endpoint = net
                    .residents(dest.res.id.as_str())
                    .into_iter()
                    .find(|x| net.address(x.id.as_str()).is_some_and(|(a, _)| a == ip));
                self.nsg(&dest, Direction::Inbound, &self.packet(src, dst_addr), endpoint)?;
                return Ok((Arrival::Subnet(dest), src));
            }
            for (op, o, g) in branches(net, m) {
                if o.address_ranges.iter().filter_map(|c| v4(*c)).any(|n| n.contains(&ip)) {
                    self.push(step(
                        StepKind::Deliver,
                        format!("to on-premises {} through {} {}", op.name(), kind_label(g), g.name()),
                    ));
                    return Ok((Arrival::OnPrem, src));
                }
            }
        }
        if !private && !inspected {
            self.push(step(
                StepKind::Drop,
                format!(
                    "{} has no internet routing intent: nothing in the hub sends {ip} to the internet",
                    hub.name()
                ),
            ));
        }
        let text = format!("no VNet or branch reachable through {} holds {ip}", hub.name());
        self.push(step(StepKind::Drop, text.clone()));
        Err((Verdict::BlackHoled, text))
    }

    /// The secured hub's firewall, for traffic routing intent sends to it:
    /// `Ok(Some(..))` when it delivers (to the internet), `Ok(None)` when the
    /// packet goes on through the hub, `Err` when it stops.
    fn hub_firewall(
        &mut self,
        hub: &'d Resource,
        spec: &'d VirtualHub,
        src: Ipv4Addr,
        ip: Ipv4Addr,
        dst_addr: Addr,
    ) -> Result<Option<(Arrival<'d>, Ipv4Addr)>, Stop> {
        let net = self.net;
        let private = is_private(ip);
        let Some((fw_res, fw)) = firewall_in(net, hub) else {
            let text = format!(
                "{} has routing intent `{}` but no Azure Firewall to send it to (VWAN-RI)",
                hub.name(),
                spec.routing_intent
            );
            self.push(step(StepKind::Drop, text.clone()));
            return Err((Verdict::BlackHoled, text));
        };
        self.hop(format!("firewall {} (secured hub)", fw_res.name()), Some(&fw_res.id));
        let policy_name =
            firewall::policy(net, fw).map_or("no policy".to_owned(), |(p, _)| format!("policy {}", p.name()));
        match firewall::evaluate(net, fw, &self.packet(src, dst_addr)) {
            Outcome::Denied => {
                let text = format!(
                    "{policy_name}: no rule allows {} {} to {ip}; Azure Firewall denies what no rule allows (rule-processing)",
                    self.proto.as_str(),
                    self.port
                );
                self.push(step(StepKind::Firewall, text.clone()));
                return Err((Verdict::Denied, text));
            }
            Outcome::Allowed { rule, .. } => {
                self.push(step(StepKind::Firewall, format!("{policy_name}: allowed by {rule}")));
            }
            Outcome::Restricted { fqdns, rules } => {
                self.push(step(
                    StepKind::Firewall,
                    format!(
                        "{policy_name}: application rules {} allow HTTP(S) only to {}",
                        rules.join(", "),
                        fqdns.join(", ")
                    ),
                ));
                self.restricted = Some(format!("only to {}", fqdns.join(", ")));
            }
        }
        if !private {
            self.push(step(
                StepKind::Snat,
                format!(
                    "SNAT to one of {}'s {} public IPs in the hub (snat-private-range)",
                    fw_res.name(),
                    fw.public_ip_count
                ),
            ));
            self.push(step(StepKind::Deliver, "to the internet"));
            return Ok(Some((Arrival::Internet, src)));
        }
        Ok(None)
    }
}

fn kind_label(r: &Resource) -> &'static str {
    if r.kind() == Kind::ExpressRouteGateway {
        "ExpressRoute gateway"
    } else {
        "VPN gateway"
    }
}
