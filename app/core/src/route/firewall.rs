//! Azure Firewall: which policy rule lets a packet through, and how its
//! source address is translated.
//!
//! Rule processing (Microsoft Learn, "Configure Azure Firewall rules",
//! learn.microsoft.com/azure/firewall/rule-processing): DNAT rules, then
//! network rules, then application rules (HTTP, HTTPS and MSSQL only); rules
//! are terminating and anything no rule allows is denied. The design's policy
//! holds network and application rules, plus for each cluster in
//! `aks_egress_for` the application rule the exports write: the
//! `AzureKubernetesService` FQDN tag on Https:443 and Http:80 from the
//! cluster's node and pod subnets (AKS-FW, facts §C.1).
//!
//! SNAT ("Azure Firewall SNAT private IP address ranges",
//! learn.microsoft.com/azure/firewall/snat-private-range; facts §C.1): network
//! rules do not SNAT a destination in IANA RFC 1918 or RFC 6598 space and
//! SNAT everything else to one of the firewall's public IPs; application
//! rules always SNAT (transparent proxy): to a firewall private address for a
//! private destination, to a public IP for the internet.

use std::net::Ipv4Addr;

use super::index::{Net, is_private, v4};
use super::nsg::{Packet, Proto, ports_hold};
use crate::model::{Firewall, FirewallPolicy, FirewallRuleKind, Resource};

/// How the firewall rewrites the source of a packet it lets through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Snat {
    /// The source address is kept.
    None,
    /// To a firewall private address in AzureFirewallSubnet.
    Private(Ipv4Addr),
    /// To one of its public IPs.
    Public,
}

/// What the firewall does with a packet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// A rule allows it.
    Allowed { rule: String, snat: Snat },
    /// Only application rules could allow it, for these FQDNs; the packet's
    /// host name is not known, so other destinations are denied.
    Restricted { fqdns: Vec<String>, rules: Vec<String> },
    /// No rule allows it.
    Denied,
}

fn source_holds(list: &[String], ip: Option<Ipv4Addr>) -> bool {
    list.iter().any(|e| {
        let e = e.trim();
        if e == "*" {
            return true;
        }
        let Some(ip) = ip else { return false };
        if let Ok(a) = e.parse::<Ipv4Addr>() {
            return a == ip;
        }
        e.parse::<crate::net::Cidr>()
            .ok()
            .and_then(v4)
            .is_some_and(|n| n.contains(&ip))
    })
}

fn net_ports_hold(ports: &[String], port: u16) -> bool {
    ports.is_empty() || ports.iter().any(|p| ports_hold(p, port))
}

fn protocols_hold(protocols: &[String], proto: Proto) -> bool {
    protocols.is_empty()
        || protocols
            .iter()
            .any(|p| p.eq_ignore_ascii_case("Any") || p.eq_ignore_ascii_case(proto.as_str()))
}

/// Whether an application rule's `Protocol:port` list takes a TCP port.
fn app_ports_hold(ports: &[String], port: u16) -> bool {
    ports.iter().any(|p| {
        p.split_once(':')
            .is_some_and(|(_, n)| n.trim().parse::<u16>() == Ok(port))
    })
}

/// One application rule, the design's or the AKS egress one.
struct AppRule {
    name: String,
    sources: Vec<String>,
    fqdns: Vec<String>,
    ports: Vec<String>,
}

fn app_rules(net: &Net<'_>, policy: &FirewallPolicy) -> Vec<AppRule> {
    let mut out = Vec::new();
    for cluster in &policy.aks_egress_for {
        let Some(cp) = net.plan.cluster(cluster.as_str()) else {
            continue;
        };
        let mut sources: Vec<String> = cp
            .pools
            .iter()
            .flat_map(|p| p.node_subnet.iter().chain(p.pod_subnet.iter()))
            .filter_map(|s| net.plan.prefix_of(s.as_str()))
            .map(|c| c.to_string())
            .collect();
        sources.sort();
        sources.dedup();
        out.push(AppRule {
            name: format!("aks-fqdn-tag-{}", cp.name),
            sources,
            fqdns: vec!["AzureKubernetesService (FQDN tag)".to_owned()],
            ports: vec!["Https:443".to_owned(), "Http:80".to_owned()],
        });
    }
    for r in policy.rules.iter().filter(|r| r.kind == FirewallRuleKind::Application) {
        out.push(AppRule {
            name: r.name.clone(),
            sources: r.sources.clone(),
            fqdns: r.destinations.clone(),
            ports: r.ports.clone(),
        });
    }
    out
}

/// The firewall's policy, if it has one.
pub(crate) fn policy<'d>(net: &Net<'d>, fw: &Firewall) -> Option<(&'d Resource, &'d FirewallPolicy)> {
    let r = net.design.get(fw.policy.as_ref()?.as_str())?;
    r.as_spec::<FirewallPolicy>().map(|p| (r, p))
}

/// Evaluates a packet against the firewall's policy.
pub(crate) fn evaluate(net: &Net<'_>, fw: &Firewall, packet: &Packet) -> Outcome {
    let Some((_, policy)) = policy(net, fw) else {
        return Outcome::Denied;
    };
    let dst_private = packet.dst.ip.is_some_and(is_private);
    for r in policy.rules.iter().filter(|r| r.kind == FirewallRuleKind::Network) {
        let dst_ok = r.destinations.iter().any(|d| {
            let d = d.trim();
            source_holds(std::slice::from_ref(&d.to_owned()), packet.dst.ip)
                || packet.dst.tag.is_some_and(|t| t.eq_ignore_ascii_case(d))
        });
        if source_holds(&r.sources, packet.src.ip)
            && dst_ok
            && net_ports_hold(&r.ports, packet.port)
            && protocols_hold(&r.protocols, packet.proto)
        {
            let snat = if dst_private { Snat::None } else { Snat::Public };
            return Outcome::Allowed {
                rule: format!("network rule {}", r.name),
                snat,
            };
        }
    }
    if packet.proto != Proto::Tcp {
        return Outcome::Denied;
    }
    let candidates: Vec<AppRule> = app_rules(net, policy)
        .into_iter()
        .filter(|r| source_holds(&r.sources, packet.src.ip) && app_ports_hold(&r.ports, packet.port))
        .collect();
    if candidates.is_empty() || dst_private {
        // Application rules match host names; the design's are public
        // services, so a private address (on premises, a VNet) is not one.
        return Outcome::Denied;
    }
    // The design names no host for an address; application rules match host
    // names, so the packet passes only for the FQDNs they list.
    Outcome::Restricted {
        fqdns: candidates.iter().flat_map(|r| r.fqdns.iter().cloned()).collect(),
        rules: candidates.into_iter().map(|r| r.name).collect(),
    }
}

/// How an application rule would translate the source (always SNAT).
pub(crate) fn app_snat(net: &Net<'_>, fw_res: &Resource, dst_private: bool) -> Snat {
    if dst_private {
        net.address(fw_res.id.as_str())
            .map_or(Snat::Public, |(ip, _)| Snat::Private(ip))
    } else {
        Snat::Public
    }
}
