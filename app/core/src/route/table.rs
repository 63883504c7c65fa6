//! Effective routes: the route table Azure computes for a subnet, and the
//! route it picks for a destination.
//!
//! Sources (Microsoft Learn, "Virtual network traffic routing",
//! learn.microsoft.com/azure/virtual-network/virtual-networks-udr-overview,
//! "udr-overview" below):
//!
//! - System routes ("Default"): one per VNet address range → Virtual network;
//!   0.0.0.0/0 → Internet; 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 and
//!   100.64.0.0/10 → None, unless the VNet's address space *is* that range
//!   (then it is a VNet route) or *holds* it (then it is removed).
//! - Optional system routes: each address range of a peered VNet → VNet
//!   peering (all subnets); each enabled service endpoint → its service's
//!   addresses (that subnet only); each private endpoint → its /32 as
//!   InterfaceEndpoint, in its VNet and in peered VNets (Private Link,
//!   "Manage network policies for private endpoints",
//!   learn.microsoft.com/azure/private-link/disable-private-endpoint-network-policy;
//!   facts §B.3 PE-POL).
//! - Virtual network gateway routes: the on-premises prefixes a VPN or
//!   ExpressRoute gateway learned by BGP or from its local network gateway,
//!   in every subnet of the gateway's VNet and of VNets that use it as a
//!   remote gateway (facts §B.2), unless the subnet's route table disables
//!   gateway route propagation ("This process applies to both static routes
//!   and BGP routes"; TF `bgp_route_propagation_enabled`, facts §D.1).
//! - User-defined routes from the subnet's route table (facts §B.5).
//!
//! Selection (udr-overview "How Azure selects a route"): longest prefix match
//! first; among routes with the same prefix, user-defined, then BGP (gateway),
//! then system. System routes for the VNet, its peerings and service
//! endpoints are preferred even over *more specific* BGP routes. Service-tag
//! routes (udr-overview "Service Tags for user-defined routes", "Exact
//! Match"): an explicit prefix beats a tag; among tags, regional, then top
//! level, then AzureCloud regional, then AzureCloud.

use std::fmt::Write as _;
use std::net::Ipv4Addr;

use ipnet::Ipv4Net;
use serde::{Serialize, Serializer};

use super::index::{Net, private_blocks, v4};
use crate::id::Id;
use crate::model::{NextHop, PrivateEndpoint, PrivateEndpointPolicies};
use crate::net::AddressPrefix;

/// Who put a route in the table. The order is Azure's tie-break order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum RouteSource {
    /// A user-defined route from the subnet's route table.
    User,
    /// A virtual network gateway route (BGP or local network gateway).
    Gateway,
    /// A system route.
    Default,
}

impl RouteSource {
    pub fn as_str(self) -> &'static str {
        match self {
            RouteSource::User => "user",
            RouteSource::Gateway => "gateway",
            RouteSource::Default => "system",
        }
    }
}

/// A route's next hop type, as Azure's effective routes spell it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum NextHopType {
    VnetLocal,
    VNetPeering,
    VirtualNetworkGateway,
    Internet,
    VirtualAppliance,
    None,
    InterfaceEndpoint,
    VirtualNetworkServiceEndpoint,
}

impl NextHopType {
    pub fn as_str(self) -> &'static str {
        match self {
            NextHopType::VnetLocal => "VnetLocal",
            NextHopType::VNetPeering => "VNetPeering",
            NextHopType::VirtualNetworkGateway => "VirtualNetworkGateway",
            NextHopType::Internet => "Internet",
            NextHopType::VirtualAppliance => "VirtualAppliance",
            NextHopType::None => "None",
            NextHopType::InterfaceEndpoint => "InterfaceEndpoint",
            NextHopType::VirtualNetworkServiceEndpoint => "VirtualNetworkServiceEndpoint",
        }
    }
}

/// A route's destination: a block, or a service tag.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum RoutePrefix {
    Cidr(Ipv4Net),
    Tag(String),
}

impl std::fmt::Display for RoutePrefix {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RoutePrefix::Cidr(c) => c.fmt(f),
            RoutePrefix::Tag(t) => f.write_str(t),
        }
    }
}

impl Serialize for RoutePrefix {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// What kind of system route a route is, for the rules that single some out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RouteRole {
    /// A route of the VNet's own address space.
    VnetSpace,
    /// A peered VNet's address range.
    Peering,
    /// One of the four reserved ranges sent to None.
    Reserved,
    /// The default route to the Internet.
    DefaultInternet,
    /// A service endpoint's addresses.
    ServiceEndpoint,
    /// A private endpoint's /32; a user-defined route of at least this prefix
    /// length overrides it when the endpoint's subnet lets route tables apply.
    PrivateEndpoint { min_override_len: Option<u8> },
    /// Anything else (user-defined, gateway).
    Other,
}

/// One route of a subnet's effective route table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EffectiveRoute {
    pub prefix: RoutePrefix,
    pub source: RouteSource,
    pub next_hop: NextHopType,
    /// The appliance address for VirtualAppliance routes.
    pub next_hop_ip: Option<Ipv4Addr>,
    /// The resource the route comes from: route table, peering, gateway, endpoint.
    pub origin: Option<Id>,
    /// Where it comes from, in words.
    pub label: String,
    /// Whether Azure uses it (false: "Invalid" in the portal's effective routes).
    pub active: bool,
    /// Why it is not used.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub invalid_because: Option<String>,
    #[serde(skip)]
    pub role: RouteRole,
}

impl EffectiveRoute {
    /// A route with no origin, active.
    pub fn new(prefix: RoutePrefix, source: RouteSource, next_hop: NextHopType, label: impl Into<String>) -> Self {
        EffectiveRoute {
            prefix,
            source,
            next_hop,
            next_hop_ip: None,
            origin: None,
            label: label.into(),
            active: true,
            invalid_because: None,
            role: RouteRole::Other,
        }
    }

    fn with_role(mut self, role: RouteRole) -> Self {
        self.role = role;
        self
    }

    fn from(mut self, origin: &Id) -> Self {
        self.origin = Some(origin.clone());
        self
    }

    pub(crate) fn cidr(&self) -> Option<Ipv4Net> {
        match &self.prefix {
            RoutePrefix::Cidr(c) => Some(*c),
            RoutePrefix::Tag(_) => None,
        }
    }

    fn invalidate(&mut self, why: String) {
        if self.active {
            self.active = false;
            self.invalid_because = Some(why);
        }
    }

    /// System routes Azure prefers even over more specific BGP routes.
    fn beats_bgp(&self) -> bool {
        self.source == RouteSource::Default
            && matches!(
                self.role,
                RouteRole::VnetSpace | RouteRole::Peering | RouteRole::ServiceEndpoint
            )
    }

    /// "prefix → next hop".
    pub fn describe(&self) -> String {
        match self.next_hop_ip {
            Some(ip) => format!("{} → {} {ip}", self.prefix, self.next_hop.as_str()),
            None => format!("{} → {}", self.prefix, self.next_hop.as_str()),
        }
    }
}

/// A public Azure service a packet is addressed to, for service-tag routes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceRef {
    /// Top-level service tag, e.g. `Storage`.
    pub tag: String,
    /// Azure location, e.g. `westeurope`.
    pub region: Option<String>,
}

/// What a route lookup is for: an address, or a public Azure service whose
/// address the design does not know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Destination {
    pub ip: Option<Ipv4Addr>,
    pub service: Option<ServiceRef>,
}

impl Destination {
    pub fn ip(ip: Ipv4Addr) -> Destination {
        Destination {
            ip: Some(ip),
            service: None,
        }
    }
}

/// The route chosen and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    /// Index into the route list.
    pub index: usize,
    pub why: String,
}

/// The top-level service tag of a service endpoint (`Microsoft.Storage` → `Storage`).
pub(crate) fn endpoint_tag(service_endpoint: &str) -> String {
    let short = service_endpoint.trim().trim_start_matches("Microsoft.");
    match short {
        "KeyVault" => "AzureKeyVault".to_owned(),
        "ContainerRegistry" => "AzureContainerRegistry".to_owned(),
        "Web" => "AppService".to_owned(),
        other => other.to_owned(),
    }
}

fn normalise_region(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// How well a tag route matches a service, higher is preferred (udr-overview
/// "Exact Match"), or `None` when it does not match.
fn tag_rank(tag: &str, service: &ServiceRef) -> Option<u8> {
    let (top, region) = match tag.split_once('.') {
        Some((t, r)) => (t, Some(r)),
        None => (tag, None),
    };
    let region_matches = |r: &str| {
        service
            .region
            .as_ref()
            .is_some_and(|s| normalise_region(s) == normalise_region(r))
    };
    if top.eq_ignore_ascii_case(&service.tag) {
        match region {
            Some(r) if region_matches(r) => Some(4),
            Some(_) => None,
            None => Some(3),
        }
    } else if top.eq_ignore_ascii_case("AzureCloud") {
        match region {
            Some(r) if region_matches(r) => Some(2),
            Some(_) => None,
            None => Some(1),
        }
    } else {
        None
    }
}

/// Marks the routes Azure does not use, as the portal's effective routes show
/// them "Invalid". Every rule is a fact of the table, not of a destination:
///
/// 1. Same prefix: user-defined over gateway over system; but system routes
///    of the VNet, its peerings and service endpoints over gateway routes.
/// 2. Gateway routes inside a VNet or peering range lose to it even though
///    they are more specific (udr-overview note).
/// 3. The reserved ranges' None routes belong to the default Internet route:
///    when a user-defined or gateway route takes 0.0.0.0/0, Azure shows them
///    Invalid and traffic to those ranges follows 0.0.0.0/0 (UNCONFIRMED as
///    a sentence in the docs; it is what the portal's effective routes show,
///    and spoke-to-spoke through a 0.0.0.0/0 → appliance route, which
///    Microsoft's hub-and-spoke guidance relies on, needs it).
/// 4. A private endpoint's /32 is overridden by a user-defined route holding
///    it whose prefix is at least as long as the endpoint VNet's address
///    space, when the endpoint's subnet has network policies for route
///    tables on; 0.0.0.0/0 never overrides it (PE-POL, facts §B.3).
pub fn mark(routes: &mut [EffectiveRoute]) {
    let n = routes.len();
    // 1. Same prefix.
    for i in 0..n {
        for j in 0..n {
            if i == j || routes[i].prefix != routes[j].prefix || !routes[j].active {
                continue;
            }
            let (a, b) = (&routes[i], &routes[j]);
            let b_wins = if a.source == b.source {
                false
            } else if a.source == RouteSource::Gateway && b.beats_bgp() {
                true
            } else if b.source == RouteSource::Gateway && a.beats_bgp() {
                false
            } else {
                b.source < a.source
            };
            if b_wins {
                let why = format!(
                    "{} route {} has the same prefix and wins ({})",
                    b.source.as_str(),
                    b.label,
                    if a.source == RouteSource::Gateway {
                        "system routes of the VNet, its peerings and service endpoints beat BGP"
                    } else {
                        "user-defined, then BGP, then system"
                    }
                );
                routes[i].invalidate(why);
            }
        }
    }
    // 2. Gateway routes inside a VNet or peering range.
    let protected: Vec<(Ipv4Net, String)> = routes
        .iter()
        .filter(|r| r.active && r.beats_bgp())
        .filter_map(|r| r.cidr().map(|c| (c, r.label.clone())))
        .collect();
    for r in routes.iter_mut().filter(|r| r.source == RouteSource::Gateway) {
        if let Some(c) = r.cidr()
            && let Some((_, label)) = protected.iter().find(|(p, _)| p.contains(&c) && *p != c)
        {
            r.invalidate(format!(
                "inside {label}; system routes of the VNet and its peerings beat more specific BGP routes"
            ));
        }
    }
    // 3. Reserved None routes when 0.0.0.0/0 is taken over.
    let default_taken = routes
        .iter()
        .find(|r| r.active && r.cidr().is_some_and(|c| c.prefix_len() == 0) && r.role != RouteRole::DefaultInternet);
    if let Some(d) = default_taken {
        let why = format!(
            "the default route is {} ({}), so the reserved ranges follow it",
            d.describe(),
            d.label
        );
        for r in routes.iter_mut().filter(|r| r.role == RouteRole::Reserved) {
            r.invalidate(why.clone());
        }
    }
    // 4. Private endpoint /32s overridden by user-defined routes.
    let users: Vec<(Ipv4Net, String)> = routes
        .iter()
        .filter(|r| r.active && r.source == RouteSource::User)
        .filter_map(|r| r.cidr().map(|c| (c, r.label.clone())))
        .collect();
    for r in routes.iter_mut() {
        if let RouteRole::PrivateEndpoint {
            min_override_len: Some(min),
        } = r.role
            && let Some(c) = r.cidr()
            && let Some((u, label)) = users
                .iter()
                .find(|(u, _)| u.contains(&c.network()) && u.prefix_len() >= min)
        {
            r.invalidate(format!(
                "user-defined {label} ({u}) is at least as long as the endpoint VNet's /{min} and its subnet applies route tables to private endpoints"
            ));
        }
    }
}

/// How a route ranks for a destination (higher wins), or `None` when it does
/// not hold the destination.
fn rank(r: &EffectiveRoute, dst: &Destination) -> Option<(u8, u8, u8)> {
    let source = 2 - r.source as u8;
    match (&r.prefix, dst.ip, &dst.service) {
        (RoutePrefix::Cidr(c), Some(ip), _) => c.contains(&ip).then_some((1, c.prefix_len(), source)),
        // A public service's address is unknown: only 0.0.0.0/0 surely holds it.
        (RoutePrefix::Cidr(c), None, Some(_)) => (c.prefix_len() == 0).then_some((1, 0, source)),
        (RoutePrefix::Tag(t), _, Some(s)) => {
            if r.role == RouteRole::ServiceEndpoint {
                (endpoint_tag(t) == s.tag).then_some((3, 0, source))
            } else {
                tag_rank(t, s).map(|k| (2, k, source))
            }
        }
        _ => None,
    }
}

/// The route Azure uses for a destination among the active routes: the
/// longest matching prefix, ties broken user-defined > BGP > system
/// (udr-overview "How Azure selects a route"). Call [`mark`] first.
pub fn select(routes: &[EffectiveRoute], dst: &Destination) -> Option<Choice> {
    let mut best: Option<(usize, (u8, u8, u8))> = None;
    let mut matching = 0usize;
    for (i, r) in routes.iter().enumerate().filter(|(_, r)| r.active) {
        let Some(k) = rank(r, dst) else { continue };
        matching += 1;
        if best.is_none_or(|(_, b)| k > b) {
            best = Some((i, k));
        }
    }
    let (index, (class, len, _)) = best?;
    let chosen = &routes[index];
    let mut why = match class {
        3 => "service endpoint routes take traffic to their service before any user-defined or BGP route".to_owned(),
        2 => "a service-tag route: it holds the service's addresses, more specific than 0.0.0.0/0".to_owned(),
        _ if matching == 1 => format!("the only route holding the destination (/{len})"),
        _ => format!("longest prefix match: /{len} is the most specific of {matching} routes holding the destination"),
    };
    let overridden: Vec<&EffectiveRoute> = routes
        .iter()
        .filter(|r| !r.active && r.prefix == chosen.prefix && rank(r, dst).is_some())
        .collect();
    for o in overridden {
        let _ = write!(
            why,
            "; it overrides the {} route {} with the same prefix (user-defined > BGP > system)",
            o.source.as_str(),
            o.describe()
        );
    }
    Some(Choice { index, why })
}

/// The effective routes of a subnet, marked.
#[allow(clippy::too_many_lines)] // one block per route source, in the order Azure lists them
pub(crate) fn effective_routes(net: &Net<'_>, subnet: &str) -> Vec<EffectiveRoute> {
    let Some(info) = net.subnet(subnet) else {
        return Vec::new();
    };
    let vnet = info.vnet;
    let vnet_name = vnet.name();
    let spaces = net.spaces(vnet.id.as_str());
    let mut out = Vec::new();
    for s in spaces {
        out.push(
            EffectiveRoute::new(
                RoutePrefix::Cidr(*s),
                RouteSource::Default,
                NextHopType::VnetLocal,
                format!("address space of {vnet_name}"),
            )
            .with_role(RouteRole::VnetSpace)
            .from(&vnet.id),
        );
    }
    // The reserved ranges: replaced by the VNet route when a space is the
    // range, removed when a space holds it (udr-overview "Default").
    for block in private_blocks() {
        if spaces.iter().any(|s| s.contains(&block)) {
            continue;
        }
        out.push(
            EffectiveRoute::new(
                RoutePrefix::Cidr(block),
                RouteSource::Default,
                NextHopType::None,
                "reserved range (RFC 1918 / RFC 6598)",
            )
            .with_role(RouteRole::Reserved),
        );
    }
    if let Ok(any) = Ipv4Net::new(Ipv4Addr::UNSPECIFIED, 0) {
        out.push(
            EffectiveRoute::new(
                RoutePrefix::Cidr(any),
                RouteSource::Default,
                NextHopType::Internet,
                "default route",
            )
            .with_role(RouteRole::DefaultInternet),
        );
    }
    let mut peers: Vec<_> = net.peers(vnet.id.as_str()).to_vec();
    peers.sort_by(|a, b| a.remote.cmp(b.remote));
    for link in &peers {
        let remote_name = net.design.get(link.remote).map_or(link.remote, |r| r.name());
        for s in net.spaces(link.remote) {
            out.push(
                EffectiveRoute::new(
                    RoutePrefix::Cidr(*s),
                    RouteSource::Default,
                    NextHopType::VNetPeering,
                    format!("peering {} to {remote_name}", link.peering.name()),
                )
                .with_role(RouteRole::Peering)
                .from(&link.peering.id),
            );
        }
    }
    // Private endpoints in this VNet and in directly peered VNets.
    let mut pe_vnets: Vec<&str> = vec![vnet.id.as_str()];
    pe_vnets.extend(peers.iter().map(|l| l.remote));
    let mut pes: Vec<_> = net
        .design
        .all::<PrivateEndpoint>()
        .filter_map(|(r, _)| {
            let s = net.subnet_of(r)?;
            pe_vnets.contains(&s.vnet.id.as_str()).then_some((r, s))
        })
        .collect();
    pes.sort_by(|a, b| a.0.id.cmp(&b.0.id));
    for (pe, pe_subnet) in pes {
        let Some((ip, _)) = net.address(pe.id.as_str()) else {
            continue;
        };
        let Ok(host) = Ipv4Net::new(ip, 32) else { continue };
        let tables_apply = matches!(
            pe_subnet.spec.private_endpoint_network_policies,
            PrivateEndpointPolicies::Enabled | PrivateEndpointPolicies::RouteTableEnabled
        );
        let min_override_len = tables_apply
            .then(|| {
                net.spaces(pe_subnet.vnet.id.as_str())
                    .iter()
                    .find(|s| s.contains(&ip))
                    .map(Ipv4Net::prefix_len)
            })
            .flatten();
        out.push(
            EffectiveRoute::new(
                RoutePrefix::Cidr(host),
                RouteSource::Default,
                NextHopType::InterfaceEndpoint,
                format!("private endpoint {}", pe.name()),
            )
            .with_role(RouteRole::PrivateEndpoint { min_override_len })
            .from(&pe.id),
        );
    }
    for se in &info.spec.service_endpoints {
        out.push(
            EffectiveRoute::new(
                RoutePrefix::Tag(se.clone()),
                RouteSource::Default,
                NextHopType::VirtualNetworkServiceEndpoint,
                format!("service endpoint {se}"),
            )
            .with_role(RouteRole::ServiceEndpoint)
            .from(&info.res.id),
        );
    }
    let table = net.route_table(info.spec);
    let propagate = table.is_none_or(|(_, t)| t.bgp_route_propagation);
    if propagate {
        for (gw, _) in net.gateways_for(vnet.id.as_str()) {
            for (op, o) in net.on_prem_of(gw.id.as_str()) {
                let how = if o.bgp_asn.is_some() {
                    "BGP"
                } else {
                    "local network gateway"
                };
                for c in o.address_ranges.iter().filter_map(|c| v4(*c)) {
                    out.push(
                        EffectiveRoute::new(
                            RoutePrefix::Cidr(c),
                            RouteSource::Gateway,
                            NextHopType::VirtualNetworkGateway,
                            format!("{} via {} ({how})", op.name(), gw.name()),
                        )
                        .from(&gw.id),
                    );
                }
            }
        }
    }
    // A connected VNet's routes from its Virtual WAN hub (`hub.rs`), also
    // propagated to the subnet unless its route table turns propagation off.
    if propagate && let Some((hub, prefixes)) = super::hub::hub_prefixes(net, vnet.id.as_str()) {
        for (p, why) in prefixes {
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
    }
    if let Some((rt, t)) = table {
        for route in &t.routes {
            let prefix = match &route.prefix {
                AddressPrefix::Cidr(c) => match v4(*c) {
                    Some(n) => RoutePrefix::Cidr(n),
                    None => continue,
                },
                AddressPrefix::ServiceTag(tag) => RoutePrefix::Tag(tag.clone()),
            };
            let next_hop = match route.next_hop {
                NextHop::VirtualAppliance => NextHopType::VirtualAppliance,
                NextHop::Internet => NextHopType::Internet,
                NextHop::VirtualNetworkGateway => NextHopType::VirtualNetworkGateway,
                NextHop::VnetLocal => NextHopType::VnetLocal,
                NextHop::None => NextHopType::None,
            };
            let mut r = EffectiveRoute::new(
                prefix,
                RouteSource::User,
                next_hop,
                format!("route {} of {}", route.name, rt.name()),
            )
            .from(&rt.id);
            if next_hop == NextHopType::VirtualAppliance {
                r.next_hop_ip = route
                    .next_hop_resource
                    .as_ref()
                    .and_then(|id| net.address(id.as_str()).map(|(ip, _)| ip))
                    .or(match route.next_hop_ip {
                        Some(std::net::IpAddr::V4(a)) => Some(a),
                        _ => None,
                    });
            }
            out.push(r);
        }
    }
    mark(&mut out);
    out
}
