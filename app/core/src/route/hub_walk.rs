//! A packet's way through a Virtual WAN hub (the routes the hub programs
//! are in `hub.rs`; sources there): through the hub's Azure Firewall when
//! routing intent covers it, then to the connected VNet or branch that holds
//! the destination.

use std::net::Ipv4Addr;

use super::firewall::{self, Outcome};
use super::hub::{branches, firewall_in, meshed};
use super::index::{is_private, v4};
use super::nsg::Addr;
use super::path::{Arrival, StepKind, Stop, Tracer, Verdict, step};
use super::table::Destination;
use crate::model::{Kind, Resource, RoutingIntent, VirtualHub};

impl<'d> Tracer<'_, 'd> {
    /// A packet a connected VNet's route sent to its virtual hub.
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
                return self.deliver_in_vnet(v.as_str(), ip, src, dst_addr, None);
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
