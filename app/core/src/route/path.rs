//! Hop-by-hop tracing: from one end to the other, subnet by subnet, with the
//! route chosen at each and why, the NSG rules met, the firewall rule that
//! matches, every address translation, and where and why the packet stops.
//!
//! Source translation points (facts keys in brackets):
//! - Overlay and kubenet pods leave their node with the node's address as
//!   source for anything outside the pod range (AKS-OVL, AKS-KUBENET; §A.5);
//!   Azure CNI pods keep their VNet address (AKS-LEGACY; §A.5).
//! - Internet egress, in Azure's order of precedence (Microsoft Learn,
//!   "Troubleshoot Azure NAT Gateway connectivity",
//!   learn.microsoft.com/azure/nat-gateway/troubleshoot-nat-connectivity:
//!   "Virtual appliance UDR / ExpressRoute >> NAT gateway >> instance level
//!   public IP addresses >> outbound rules on Load balancer >> default
//!   outbound access"; §B.4 NAT-RES): a 0.0.0.0/0 route to an appliance or
//!   gateway wins by routing; then the subnet's NAT gateway; then an AKS
//!   cluster's outbound type (AKS-EGRESS, §C.1); then default outbound access.
//! - Azure Firewall: see [`super::firewall`].
//! - Application Gateway and App Gateway for Containers are proxies: the
//!   backend sees the gateway's address. A Private Link Service replaces the
//!   source with one of its NAT addresses (AKS-ILB, §C.2). Azure Load
//!   Balancer keeps the client's source; AKS load-balancer rules use floating
//!   IP, so the node receives the frontend address as destination
//!   (cloud-provider-azure, annotation
//!   `service.beta.kubernetes.io/azure-disable-load-balancer-floating-ip`).
//!
//! A stateful firewall must see both directions: when a packet went through
//! a firewall without SNAT, the reply is routed back from the destination and
//! must pass the same firewall, else the path is asymmetric.

use std::net::Ipv4Addr;

use serde::Serialize;

use super::endpoint::{INTERNET_CLIENT, kind_word};
use super::firewall::{self, Outcome, Snat};
use super::index::{Net, SubnetInfo, is_private, is_public};
use super::nsg::{self, Addr, Packet, Proto};
use super::table::{Destination, NextHopType, RouteSource, effective_routes, select};
use crate::id::Id;
use crate::model::{AksCluster, AppGateway, Direction, ExpressRouteGateway, NatGateway, OutboundType, Resource};

/// How a path ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// It arrives, and the reply comes back the same way.
    Delivered,
    /// It arrives only for the host names a firewall's application rules allow.
    Restricted,
    /// A security rule stops it.
    Denied,
    /// A route drops it (next hop None, no route, nowhere to deliver).
    BlackHoled,
    /// It arrives, but the reply takes another way past a stateful firewall.
    Asymmetric,
    /// There is no way for it to get there (nothing routes it, or netdraft
    /// cannot follow the next hop).
    Unreachable,
    /// The flow does not apply to this design.
    NotApplicable,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Delivered => "delivered",
            Verdict::Restricted => "restricted",
            Verdict::Denied => "denied",
            Verdict::BlackHoled => "black-holed",
            Verdict::Asymmetric => "asymmetric",
            Verdict::Unreachable => "unreachable",
            Verdict::NotApplicable => "not applicable",
        }
    }
}

/// What a step of a hop is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum StepKind {
    Route,
    Nsg,
    Firewall,
    Snat,
    Dnat,
    Deliver,
    Drop,
    Note,
}

/// One thing that happens at a hop.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    pub kind: StepKind,
    pub text: String,
}

/// One place the packet passes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hop {
    /// Where, in words.
    pub at: String,
    /// The resource, when it is one of the design's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource: Option<Id>,
    pub steps: Vec<Step>,
}

/// A traced path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Path {
    pub from: String,
    pub to: String,
    pub protocol: Proto,
    pub port: u16,
    pub hops: Vec<Hop>,
    pub verdict: Verdict,
    /// Why it ends so, in one sentence.
    pub reason: String,
    pub notes: Vec<String>,
}

/// Where a leg of the path ends.
pub(super) enum Arrival<'d> {
    Subnet(SubnetInfo<'d>),
    OnPrem,
    Internet,
    Service,
}

/// A stop: verdict and reason.
pub(super) type Stop = (Verdict, String);

/// A trace that does not apply (no such path to trace), with why.
pub(super) fn not_applicable(reason: String) -> Result<(), Stop> {
    Err((Verdict::NotApplicable, reason))
}

pub(super) struct Tracer<'n, 'd> {
    pub(super) net: &'n Net<'d>,
    pub(super) hops: Vec<Hop>,
    pub(super) notes: Vec<String>,
    /// Firewalls passed without source NAT (they must see the reply).
    pub(super) stateful: Vec<(&'d Resource, Ipv4Addr)>,
    /// The packet was forwarded by an appliance without SNAT.
    pub(super) forwarded: bool,
    pub(super) restricted: Option<String>,
    pub(super) proto: Proto,
    pub(super) port: u16,
}

pub(super) fn step(kind: StepKind, text: impl Into<String>) -> Step {
    Step {
        kind,
        text: text.into(),
    }
}

pub(super) fn subnet_label(s: &SubnetInfo<'_>) -> String {
    match s.prefix {
        Some(p) => format!("subnet {} ({p}) in {}", s.res.name(), s.vnet.name()),
        None => format!("subnet {} (unplaced) in {}", s.res.name(), s.vnet.name()),
    }
}

impl<'n, 'd> Tracer<'n, 'd> {
    pub(super) fn new(net: &'n Net<'d>, proto: Proto, port: u16) -> Self {
        Tracer {
            net,
            hops: Vec::new(),
            notes: Vec::new(),
            stateful: Vec::new(),
            forwarded: false,
            restricted: None,
            proto,
            port,
        }
    }

    pub(super) fn hop(&mut self, at: impl Into<String>, resource: Option<&Id>) -> &mut Hop {
        self.hops.push(Hop {
            at: at.into(),
            resource: resource.cloned(),
            steps: Vec::new(),
        });
        let last = self.hops.len() - 1;
        &mut self.hops[last]
    }

    pub(super) fn push(&mut self, s: Step) {
        if let Some(h) = self.hops.last_mut() {
            h.steps.push(s);
        }
    }

    pub(super) fn packet(&self, src: Ipv4Addr, dst: Addr) -> Packet {
        Packet {
            src: Addr::ip(src),
            dst,
            proto: self.proto,
            port: self.port,
        }
    }

    /// Applies an NSG; `Err` when it denies.
    pub(super) fn nsg(
        &mut self,
        subnet: &SubnetInfo<'d>,
        direction: Direction,
        packet: &Packet,
        endpoint: Option<&Resource>,
    ) -> Result<(), Stop> {
        match nsg::evaluate(self.net, subnet, direction, packet, endpoint) {
            Some(v) => {
                self.push(step(StepKind::Nsg, v.text.clone()));
                if v.allowed {
                    Ok(())
                } else {
                    Err((Verdict::Denied, v.text))
                }
            }
            None => Ok(()),
        }
    }

    /// Delivers a packet into the subnet of `vnet` that holds `ip`, through its
    /// inbound NSG; the subnet's hop is left out when the packet is already
    /// there (`here`).
    pub(super) fn deliver_in_vnet(
        &mut self,
        vnet: &str,
        ip: Ipv4Addr,
        src: Ipv4Addr,
        dst_addr: Addr,
        here: Option<&Id>,
    ) -> Result<(Arrival<'d>, Ipv4Addr), Stop> {
        let net = self.net;
        let Some(dest) = net.subnet_in_vnet(vnet, ip) else {
            let text = format!("no placed subnet holds {ip}: the packet is dropped");
            self.push(step(StepKind::Drop, text.clone()));
            return Err((Verdict::BlackHoled, text));
        };
        if here != Some(&dest.res.id) {
            self.hop(subnet_label(&dest), Some(&dest.res.id));
        }
        let endpoint = net
            .residents(dest.res.id.as_str())
            .into_iter()
            .find(|x| net.address(x.id.as_str()).is_some_and(|(a, _)| a == ip));
        self.nsg(&dest, Direction::Inbound, &self.packet(src, dst_addr), endpoint)?;
        Ok((Arrival::Subnet(dest), src))
    }

    /// Routes a packet from a subnet until it arrives or stops. `first` says
    /// whether the packet originates in this subnet (its outbound NSG applies).
    #[allow(clippy::too_many_lines)] // one arm per next hop type, in Azure's list
    pub(super) fn route(
        &mut self,
        start: SubnetInfo<'d>,
        mut src: Ipv4Addr,
        dst: &Destination,
        dst_addr: Addr,
        first: bool,
        origin: Option<&'d Resource>,
    ) -> Result<(Arrival<'d>, Ipv4Addr), Stop> {
        let net = self.net;
        let mut here = start;
        let mut originates = first;
        for _ in 0..12 {
            self.hop(subnet_label(&here), Some(&here.res.id));
            if originates {
                self.nsg(&here, Direction::Outbound, &self.packet(src, dst_addr), None)?;
            }
            let routes = effective_routes(net, here.res.id.as_str());
            let Some(choice) = select(&routes, dst) else {
                let text = format!("no route in {} holds the destination", here.res.name());
                self.push(step(StepKind::Drop, text.clone()));
                return Err((Verdict::BlackHoled, text));
            };
            let r = &routes[choice.index];
            self.push(step(
                StepKind::Route,
                format!(
                    "route {} ({} {}): {}",
                    r.describe(),
                    r.source.as_str(),
                    r.label,
                    choice.why
                ),
            ));
            match r.next_hop {
                NextHopType::VnetLocal | NextHopType::VNetPeering | NextHopType::InterfaceEndpoint => {
                    let Some(ip) = dst.ip else {
                        return Err((Verdict::BlackHoled, "no address to deliver to".to_owned()));
                    };
                    let target_vnet = net.vnet_at(ip).map_or(here.vnet.id.as_str(), |v| v.id.as_str());
                    if r.next_hop == NextHopType::VNetPeering
                        && let Some(link) = net.peering_between(here.vnet.id.as_str(), target_vnet)
                        && self.forwarded
                        && !link.spec.allow_forwarded_traffic
                    {
                        let text = format!(
                            "peering {} does not allow forwarded traffic, and this packet was forwarded by a firewall with its original source (facts §B.2 `allowForwardedTraffic`)",
                            link.peering.name()
                        );
                        self.push(step(StepKind::Drop, text.clone()));
                        return Err((Verdict::BlackHoled, text));
                    }
                    return self.deliver_in_vnet(target_vnet, ip, src, dst_addr, Some(&here.res.id));
                }
                NextHopType::VirtualAppliance => {
                    let Some(ip) = r.next_hop_ip else {
                        let text = format!("{} names no appliance address", r.label);
                        self.push(step(StepKind::Drop, text.clone()));
                        return Err((Verdict::BlackHoled, text));
                    };
                    let Some((fw_res, fw)) = net.firewall_at(ip) else {
                        let text = format!(
                            "next hop {ip} is not a firewall of the design; netdraft cannot follow an appliance it does not know"
                        );
                        self.push(step(StepKind::Note, text.clone()));
                        return Err((Verdict::Unreachable, text));
                    };
                    let Some(fw_subnet) = net.subnet_of(fw_res) else {
                        return Err((
                            Verdict::Unreachable,
                            format!("firewall {} is in no subnet", fw_res.name()),
                        ));
                    };
                    let direct = fw_subnet.vnet.id == here.vnet.id
                        || net
                            .peering_between(here.vnet.id.as_str(), fw_subnet.vnet.id.as_str())
                            .is_some();
                    if !direct {
                        let text = format!(
                            "next hop {ip} ({}) is not in this VNet or a directly peered one; a next hop must be directly reachable, so the route is invalid and the packet is dropped (udr-overview \"Virtual appliance\")",
                            fw_res.name()
                        );
                        self.push(step(StepKind::Drop, text.clone()));
                        return Err((Verdict::BlackHoled, text));
                    }
                    if self.stateful.iter().any(|(f, _)| f.id == fw_res.id)
                        || self
                            .hops
                            .iter()
                            .filter(|h| h.resource.as_ref() == Some(&fw_res.id))
                            .count()
                            > 0
                    {
                        let text = format!("routing loop: the packet comes back to {}", fw_res.name());
                        self.push(step(StepKind::Drop, text.clone()));
                        return Err((Verdict::BlackHoled, text));
                    }
                    self.hop(format!("firewall {} ({ip})", fw_res.name()), Some(&fw_res.id));
                    let packet = self.packet(src, dst_addr);
                    let policy_name = firewall::policy(net, fw)
                        .map_or("no policy".to_owned(), |(p, _)| format!("policy {}", p.name()));
                    let dst_private = dst.ip.is_some_and(is_private);
                    let snat = match firewall::evaluate(net, fw, &packet) {
                        Outcome::Denied => {
                            let text = format!(
                                "{policy_name}: no rule allows {} {} to {}; Azure Firewall denies what no rule allows (rule-processing)",
                                self.proto.as_str(),
                                self.port,
                                dst.ip.map_or_else(|| "the service".to_owned(), |i| i.to_string())
                            );
                            self.push(step(StepKind::Firewall, text.clone()));
                            if !dst_private {
                                return Err((Verdict::Denied, text));
                            }
                            self.stateful.push((fw_res, ip));
                            return Err((Verdict::Denied, text));
                        }
                        Outcome::Allowed { rule, snat } => {
                            self.push(step(StepKind::Firewall, format!("{policy_name}: allowed by {rule}")));
                            snat
                        }
                        Outcome::Restricted { fqdns, rules } => {
                            let text = format!(
                                "{policy_name}: no network rule matches; application rules {} allow HTTP(S) only to {}; any other destination is denied (rule-processing)",
                                rules.join(", "),
                                fqdns.join(", ")
                            );
                            self.push(step(StepKind::Firewall, text));
                            self.restricted = Some(format!("only to {}", fqdns.join(", ")));
                            firewall::app_snat(net, fw_res, dst_private)
                        }
                    };
                    match snat {
                        Snat::None => {
                            self.push(step(
                                StepKind::Snat,
                                format!(
                                    "no SNAT: the destination is private (RFC 1918 / RFC 6598), so the source stays {src} (snat-private-range)"
                                ),
                            ));
                            self.stateful.push((fw_res, ip));
                            self.forwarded = true;
                        }
                        Snat::Private(a) => {
                            self.push(step(
                                StepKind::Snat,
                                format!("SNAT to the firewall's private address {a}: application rules always translate (snat-private-range)"),
                            ));
                            src = a;
                            self.forwarded = false;
                        }
                        Snat::Public => {
                            self.push(step(
                                StepKind::Snat,
                                format!(
                                    "SNAT to one of {}'s {} public IP{} (snat-private-range; facts §C.1)",
                                    fw_res.name(),
                                    fw.public_ip_count,
                                    if fw.public_ip_count == 1 { "" } else { "s" }
                                ),
                            ));
                            self.forwarded = false;
                            return Ok(self.egress_public(fw_subnet, dst, Some(fw_res)));
                        }
                    }
                    here = fw_subnet;
                    originates = false;
                }
                NextHopType::VirtualNetworkGateway => {
                    if let Some(hub) = r.origin.as_ref().and_then(|o| net.design.get(o.as_str()))
                        && let Some(spec) = hub.as_spec::<crate::model::VirtualHub>()
                    {
                        return self.through_hub(hub, spec, src, dst, dst_addr);
                    }
                    let gateway = if r.source == RouteSource::Gateway {
                        r.origin.as_ref().and_then(|g| net.design.get(g.as_str()))
                    } else {
                        net.gateways_for(here.vnet.id.as_str()).first().map(|(g, _)| *g)
                    };
                    let Some(gw) = gateway else {
                        let text =
                            "no VPN or ExpressRoute gateway serves this VNet (its own, or a remote one over a peering)"
                                .to_owned();
                        self.push(step(StepKind::Drop, text.clone()));
                        return Err((Verdict::BlackHoled, text));
                    };
                    if r.source == RouteSource::User && gw.as_spec::<ExpressRouteGateway>().is_some() {
                        let text = format!(
                            "{} sends to an ExpressRoute gateway; user-defined routes cannot (udr-overview: \"you must use BGP for custom routes\")",
                            r.label
                        );
                        self.push(step(StepKind::Drop, text.clone()));
                        return Err((Verdict::BlackHoled, text));
                    }
                    let gw_vnet = net.subnet_of(gw).map(|s| s.vnet);
                    self.hop(format!("{} {}", kind_word(gw), gw.name()), Some(&gw.id));
                    if let Some(v) = gw_vnet
                        && v.id != here.vnet.id
                    {
                        self.push(step(
                            StepKind::Note,
                            format!("reached over the peering to {} (gateway transit, facts §B.2)", v.name()),
                        ));
                    }
                    let ip = dst.ip;
                    let site = net.on_prem_of(gw.id.as_str()).into_iter().find(|(_, o)| {
                        o.address_ranges
                            .iter()
                            .filter_map(|c| super::index::v4(*c))
                            .any(|n| ip.is_some_and(|i| n.contains(&i)))
                    });
                    let Some((site, _)) = site else {
                        let text = format!("{} connects no on-premises range holding the destination", gw.name());
                        self.push(step(StepKind::Drop, text.clone()));
                        return Err((Verdict::BlackHoled, text));
                    };
                    self.push(step(StepKind::Deliver, format!("to on-premises {}", site.name())));
                    return Ok((Arrival::OnPrem, src));
                }
                NextHopType::Internet => {
                    if dst.ip.is_some_and(|ip| !is_public(ip)) {
                        let text = "a private address sent to the Internet next hop goes nowhere".to_owned();
                        self.push(step(StepKind::Drop, text.clone()));
                        return Err((Verdict::BlackHoled, text));
                    }
                    return Ok(self.egress_public(here, dst, origin));
                }
                NextHopType::None => {
                    let text = format!("{} drops it (next hop None)", r.label);
                    self.push(step(StepKind::Drop, text.clone()));
                    return Err((Verdict::BlackHoled, text));
                }
                NextHopType::VirtualNetworkServiceEndpoint => {
                    self.push(step(
                        StepKind::Deliver,
                        format!("over the Azure backbone to the service, keeping the private source {src} (service endpoint)"),
                    ));
                    return Ok((Arrival::Service, src));
                }
            }
        }
        Err((Verdict::BlackHoled, "more than 12 hops: routing loop".to_owned()))
    }

    /// Leaves for the internet (or a public Azure service) from a subnet:
    /// who translates the source.
    fn egress_public(
        &mut self,
        here: SubnetInfo<'d>,
        dst: &Destination,
        origin: Option<&'d Resource>,
    ) -> (Arrival<'d>, Ipv4Addr) {
        let net = self.net;
        let to = if dst.service.is_some() {
            "the service's public endpoint, over the Azure backbone (udr-overview \"Internet\")"
        } else {
            "the internet"
        };
        if let Some(nat) = here.spec.nat_gateway.as_ref().and_then(|n| net.design.get(n.as_str()))
            && let Some(spec) = nat.as_spec::<NatGateway>()
        {
            let ips: Vec<&str> = spec
                .public_ips
                .iter()
                .map(|p| net.design.get(p.as_str()).map_or(p.as_str(), |r| r.name()))
                .collect();
            self.push(step(
                StepKind::Snat,
                format!(
                    "SNAT by NAT gateway {}: source becomes {} (the NAT gateway is the subnet's way out and takes precedence over load balancer outbound rules and instance public IPs; facts §B.4, nat-gateway-design)",
                    nat.name(),
                    if ips.is_empty() { "its public IP".to_owned() } else { ips.join(", ") }
                ),
            ));
        } else if origin.is_some_and(|o| o.as_spec::<crate::model::Firewall>().is_some()) {
            // Already translated by the firewall.
        } else if let Some((c_res, c)) = origin.and_then(|o| o.as_spec::<AksCluster>().map(|c| (o, c))) {
            let text = match c.outbound_type {
                OutboundType::LoadBalancer => format!(
                    "SNAT by the outbound rule of {}'s AKS-managed public Standard Load Balancer: source becomes its managed outbound public IP (outbound type loadBalancer; AKS-EGRESS, facts §C.1)",
                    c_res.name()
                ),
                OutboundType::ManagedNatGateway => format!(
                    "SNAT by {}'s AKS-managed NAT gateway (outbound type managedNATGateway; AKS-NAT, facts §C.1)",
                    c_res.name()
                ),
                OutboundType::UserAssignedNatGateway => format!(
                    "{}'s outbound type userAssignedNATGateway needs a NAT gateway on {}, and it has none: the packet leaves by default outbound access, if the subnet still allows it (AKS-NAT, facts §B.5, §C.1)",
                    c_res.name(),
                    here.res.name()
                ),
                OutboundType::UserDefinedRouting | OutboundType::None => format!(
                    "AKS creates no outbound IP for outbound type {}; the packet leaves by default outbound access, if the subnet still allows it (AKS-EGRESS, facts §B.5)",
                    c.outbound_type
                ),
            };
            self.push(step(StepKind::Snat, text));
        } else if let Some(g) = origin.filter(|o| o.as_spec::<AppGateway>().is_some()) {
            self.push(step(
                StepKind::Snat,
                format!("source becomes the public frontend IP of {}", g.name()),
            ));
        } else {
            self.push(step(
                StepKind::Snat,
                "no NAT gateway, load balancer or firewall: default outbound access gives an implicit public IP, if the subnet still allows it (facts §B.5)",
            ));
        }
        self.push(step(StepKind::Deliver, format!("to {to}")));
        (
            if dst.service.is_some() {
                Arrival::Service
            } else {
                Arrival::Internet
            },
            INTERNET_CLIENT,
        )
    }

    /// The firewalls the reply passes, routed back from `from` to `to`.
    pub(super) fn reply_firewalls(&self, from: SubnetInfo<'d>, to: Ipv4Addr) -> (Vec<Id>, String) {
        let net = self.net;
        let mut here = from;
        let mut seen = Vec::new();
        let mut how = String::new();
        for _ in 0..8 {
            let routes = effective_routes(net, here.res.id.as_str());
            let Some(choice) = select(&routes, &Destination::ip(to)) else {
                break;
            };
            let r = &routes[choice.index];
            if how.is_empty() {
                how = format!("route {} ({}) in {}", r.describe(), r.label, here.res.name());
            }
            if r.next_hop != NextHopType::VirtualAppliance {
                break;
            }
            let Some((fw, s)) = r
                .next_hop_ip
                .and_then(|ip| net.firewall_at(ip))
                .and_then(|(f, _)| net.subnet_of(f).map(|s| (f, s)))
            else {
                break;
            };
            if seen.contains(&fw.id) {
                break;
            }
            seen.push(fw.id.clone());
            here = s;
        }
        (seen, how)
    }

    /// Checks the reply of a packet that passed firewalls without SNAT.
    pub(super) fn check_return(&mut self, reply_from: Option<SubnetInfo<'d>>, reply_to: Ipv4Addr) -> Option<String> {
        let (fw, _) = self.stateful.first().copied()?;
        let from = reply_from?;
        let (back, how) = self.reply_firewalls(from, reply_to);
        if back.contains(&fw.id) {
            return None;
        }
        Some(format!(
            "the reply from {} to {reply_to} takes {how}, not {}: the firewall sees one direction only and drops the flow (asymmetric routing)",
            from.res.name(),
            fw.name()
        ))
    }

    pub(super) fn finish(self, from: String, to: String, result: Result<(), Stop>) -> Path {
        let (verdict, reason) = match result {
            Ok(()) => match self.restricted.clone() {
                Some(r) => (Verdict::Restricted, format!("arrives {r}")),
                None => (Verdict::Delivered, "arrives".to_owned()),
            },
            Err(stop) => stop,
        };
        Path {
            from,
            to,
            protocol: self.proto,
            port: self.port,
            hops: self.hops,
            verdict,
            reason,
            notes: self.notes,
        }
    }
}
