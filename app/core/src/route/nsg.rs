//! Network security group evaluation for one packet at one subnet.
//!
//! Rules are read lowest priority number first and the first match decides;
//! after the design's rules come Azure's default rules (Microsoft Learn,
//! "Network security groups", learn.microsoft.com/azure/virtual-network/network-security-groups-overview,
//! "Default security rules"): inbound AllowVNetInBound 65000,
//! AllowAzureLoadBalancerInBound 65001, DenyAllInBound 65500; outbound
//! AllowVnetOutBound 65000, AllowInternetOutBound 65001, DenyAllOutBound 65500.
//! Priorities and syntax: facts §D.2 (`azurerm_network_security_group`).
//!
//! Service tags ("Virtual network service tags",
//! learn.microsoft.com/azure/virtual-network/service-tags-overview):
//! `VirtualNetwork` is the VNet's address space, peered VNets, connected
//! on-premises ranges, the host's virtual IP 168.63.129.16 and the prefixes
//! of user-defined routes; the docs add that it "might also contain default
//! routes": netdraft leaves 0.0.0.0/0 out, because reading it in would make
//! AllowVNetInBound admit the whole internet, a verdict netdraft must not
//! guess. `Internet` is public address space; `AzureLoadBalancer` is the
//! host's virtual IP. Other tags match only a packet from or to that service,
//! which a path names when it knows it (Application Gateway's
//! `GatewayManager`, say); otherwise they do not match.

use std::net::Ipv4Addr;

use ipnet::Ipv4Net;

use super::index::{HOST_VIP, Net, SubnetInfo, is_public};
use crate::model::{Access, Direction, NsgRule, Protocol, Resource};
use crate::model::{Nsg, PrivateEndpoint, PrivateEndpointPolicies};

/// The protocol of a traced packet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Proto {
    Tcp,
    Udp,
    Icmp,
}

impl Proto {
    pub fn as_str(self) -> &'static str {
        match self {
            Proto::Tcp => "tcp",
            Proto::Udp => "udp",
            Proto::Icmp => "icmp",
        }
    }
}

/// An address as an NSG or firewall rule sees it: a concrete address, or the
/// internet (any public address), with the service it belongs to if known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Addr {
    pub ip: Option<Ipv4Addr>,
    /// The packet comes from or goes to an Azure service by its tag.
    pub tag: Option<&'static str>,
}

impl Addr {
    pub fn ip(ip: Ipv4Addr) -> Addr {
        Addr {
            ip: Some(ip),
            tag: None,
        }
    }
}

/// A packet as rules see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Packet {
    pub src: Addr,
    pub dst: Addr,
    pub proto: Proto,
    pub port: u16,
}

/// The verdict of one NSG for one packet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NsgVerdict {
    pub allowed: bool,
    /// "NSG nsg-x inbound: allowed by rule r (110)".
    pub text: String,
}

/// Whether a port list (`*`, `443`, `80,443`, `1024-65535`) holds a port.
pub(crate) fn ports_hold(list: &str, port: u16) -> bool {
    list.split(',').map(str::trim).any(|p| {
        if p == "*" {
            return true;
        }
        match p.split_once('-') {
            Some((a, b)) => match (a.trim().parse::<u16>(), b.trim().parse::<u16>()) {
                (Ok(a), Ok(b)) => (a..=b).contains(&port),
                _ => false,
            },
            None => p.parse::<u16>() == Ok(port),
        }
    })
}

/// The VirtualNetwork tag of a subnet: its VNet's spaces, peered VNets'
/// spaces, the on-premises ranges its gateways reach, and the prefixes of its
/// user-defined routes except 0.0.0.0/0.
pub(crate) fn virtual_network_tag(net: &Net<'_>, subnet: &SubnetInfo<'_>) -> Vec<Ipv4Net> {
    let vnet = subnet.vnet.id.as_str();
    let mut out: Vec<Ipv4Net> = net.spaces(vnet).to_vec();
    for l in net.peers(vnet) {
        out.extend_from_slice(net.spaces(l.remote));
    }
    for (gw, _) in net.gateways_for(vnet) {
        for (_, o) in net.on_prem_of(gw.id.as_str()) {
            out.extend(o.address_ranges.iter().filter_map(|c| super::index::v4(*c)));
        }
    }
    // What the VNet's Virtual WAN hub advertises to it (its default route aside).
    if let Some((_, prefixes)) = super::hub::hub_prefixes(net, vnet) {
        out.extend(prefixes.into_iter().map(|(p, _)| p).filter(|n| n.prefix_len() > 0));
    }
    if let Some((_, t)) = net.route_table(subnet.spec) {
        for r in &t.routes {
            if let crate::net::AddressPrefix::Cidr(c) = &r.prefix
                && let Some(n) = super::index::v4(*c)
                && n.prefix_len() > 0
            {
                out.push(n);
            }
        }
    }
    out
}

fn entry_holds(entry: &str, a: Addr, vnet_tag: &[Ipv4Net]) -> bool {
    let entry = entry.trim();
    if entry == "*" {
        return true;
    }
    if let Ok(ip) = entry.parse::<Ipv4Addr>() {
        return a.ip == Some(ip);
    }
    match entry.parse::<crate::net::AddressPrefix>() {
        Ok(crate::net::AddressPrefix::Cidr(c)) => match (super::index::v4(c), a.ip) {
            (Some(n), Some(ip)) => n.contains(&ip),
            _ => false,
        },
        Ok(crate::net::AddressPrefix::ServiceTag(tag)) => {
            if tag.eq_ignore_ascii_case("VirtualNetwork") {
                a.ip.is_some_and(|ip| ip == HOST_VIP || vnet_tag.iter().any(|n| n.contains(&ip)))
            } else if tag.eq_ignore_ascii_case("Internet") {
                // A public Azure service without a known address is public too.
                a.ip.map_or(a.tag.is_some(), is_public)
            } else if tag.eq_ignore_ascii_case("AzureLoadBalancer") {
                a.ip == Some(HOST_VIP) || a.tag == Some("AzureLoadBalancer")
            } else {
                a.tag.is_some_and(|t| t.eq_ignore_ascii_case(&tag))
            }
        }
        Err(_) => false,
    }
}

fn list_holds(list: &str, a: Addr, vnet_tag: &[Ipv4Net]) -> bool {
    list.split(',').any(|e| entry_holds(e, a, vnet_tag))
}

fn proto_matches(rule: Protocol, p: Proto) -> bool {
    match rule {
        Protocol::Any => true,
        Protocol::Tcp => p == Proto::Tcp,
        Protocol::Udp => p == Proto::Udp,
        Protocol::Icmp => p == Proto::Icmp,
    }
}

/// Azure's default rules for a direction, as NSG rules.
fn defaults(direction: Direction) -> [NsgRule; 3] {
    let rule = |name: &str, priority, access, source: &str, destination: &str| NsgRule {
        name: name.to_owned(),
        priority,
        direction,
        access,
        protocol: Protocol::Any,
        source: source.to_owned(),
        source_ports: "*".to_owned(),
        destination: destination.to_owned(),
        destination_ports: "*".to_owned(),
        description: None,
    };
    match direction {
        Direction::Inbound => [
            rule(
                "AllowVNetInBound",
                65000,
                Access::Allow,
                "VirtualNetwork",
                "VirtualNetwork",
            ),
            rule(
                "AllowAzureLoadBalancerInBound",
                65001,
                Access::Allow,
                "AzureLoadBalancer",
                "*",
            ),
            rule("DenyAllInBound", 65500, Access::Deny, "*", "*"),
        ],
        Direction::Outbound => [
            rule(
                "AllowVnetOutBound",
                65000,
                Access::Allow,
                "VirtualNetwork",
                "VirtualNetwork",
            ),
            rule("AllowInternetOutBound", 65001, Access::Allow, "*", "Internet"),
            rule("DenyAllOutBound", 65500, Access::Deny, "*", "*"),
        ],
    }
}

/// Evaluates the NSG of a subnet for a packet, or `None` when no NSG applies
/// (none associated, or the destination is a private endpoint whose subnet
/// keeps network policies off: PE-POL, facts §B.3).
pub(crate) fn evaluate(
    net: &Net<'_>,
    subnet: &SubnetInfo<'_>,
    direction: Direction,
    packet: &Packet,
    endpoint: Option<&Resource>,
) -> Option<NsgVerdict> {
    let nsg_id = subnet.spec.nsg.as_ref()?;
    let nsg_res = net.design.get(nsg_id.as_str())?;
    let nsg = nsg_res.as_spec::<Nsg>()?;
    if let Some(pe) = endpoint
        && pe.as_spec::<PrivateEndpoint>().is_some()
        && matches!(
            subnet.spec.private_endpoint_network_policies,
            PrivateEndpointPolicies::Disabled | PrivateEndpointPolicies::RouteTableEnabled
        )
    {
        return Some(NsgVerdict {
            allowed: true,
            text: format!(
                "NSG {} not applied: private endpoint network policies for NSGs are off in {} ({}; PE-POL)",
                nsg_res.name(),
                subnet.res.name(),
                subnet.spec.private_endpoint_network_policies
            ),
        });
    }
    let vnet_tag = virtual_network_tag(net, subnet);
    let mut rules: Vec<&NsgRule> = nsg.rules.iter().filter(|r| r.direction == direction).collect();
    rules.sort_by_key(|r| r.priority);
    let defaults = defaults(direction);
    let word = crate::model::checks::direction_word(direction);
    for (rule, default) in rules
        .iter()
        .map(|r| (*r, false))
        .chain(defaults.iter().map(|r| (r, true)))
    {
        let hit = proto_matches(rule.protocol, packet.proto)
            && ports_hold(&rule.destination_ports, packet.port)
            && list_holds(&rule.source, packet.src, &vnet_tag)
            && list_holds(&rule.destination, packet.dst, &vnet_tag);
        if hit {
            let allowed = rule.access == Access::Allow;
            return Some(NsgVerdict {
                allowed,
                text: format!(
                    "NSG {} {word}: {} by {}rule {} ({})",
                    nsg_res.name(),
                    if allowed { "allowed" } else { "denied" },
                    if default { "default " } else { "" },
                    rule.name,
                    rule.priority
                ),
            });
        }
    }
    None
}
