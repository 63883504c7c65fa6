//! The network facts the route engine reads, gathered once from a design and
//! its plan: each subnet's prefix (from the plan, so `auto` subnets have the
//! block the planner gave them), VNet, route table, NSG and NAT gateway; each
//! VNet's address spaces, peerings and gateways; and an address book giving
//! every resource that sits in a subnet a private IP.
//!
//! The address book: static addresses written in the design are taken first;
//! everything else gets the next free address from the subnet's first usable
//! one in id order, one per resource (a node pool gets one representative
//! node). Azure hands out dynamic private IPs from the first address after the
//! four it reserves (facts §B.1, VNET-FAQ: `.0`–`.3` and the last address are
//! Azure's), so a firewall alone in AzureFirewallSubnet gets `.4`, the address
//! its route tables name. Dynamic addresses are marked as assumed wherever a
//! path shows them.

use std::net::{IpAddr, Ipv4Addr};

use ipnet::Ipv4Net;
use rustc_hash::FxHashMap as HashMap;

use crate::model::{
    AksCluster, AppGateway, Design, ExpressRouteGateway, Firewall, K8sService, Kind, NetworkModel, NodePool,
    OnPremises, PoolMode, PrivateEndpoint, Resource, RouteTable, Subnet, VirtualNetwork, VnetPeering, VpnGateway,
};
use crate::net::Cidr;
use crate::plan::Plan;

/// An IPv4 block of a [`Cidr`], normalised; `None` for IPv6 (not traced).
pub(crate) fn v4(c: Cidr) -> Option<Ipv4Net> {
    match c.normalized().net() {
        ipnet::IpNet::V4(n) => Some(n),
        ipnet::IpNet::V6(_) => None,
    }
}

/// The `n`-th address of a block (saturating at its last address).
pub(crate) fn nth(net: Ipv4Net, n: u32) -> Ipv4Addr {
    let base = u32::from(net.network());
    let last = u32::from(net.broadcast());
    Ipv4Addr::from(base.saturating_add(n).min(last))
}

/// RFC 1918 and RFC 6598 blocks: the ranges Azure's default routes send to
/// None (udr-overview "Default") and Azure Firewall does not SNAT by default
/// (firewall snat-private-range).
pub(crate) const PRIVATE_BLOCKS: [(u32, u8); 4] = [
    (0x0A00_0000, 8),  // 10.0.0.0/8
    (0xAC10_0000, 12), // 172.16.0.0/12
    (0xC0A8_0000, 16), // 192.168.0.0/16
    (0x6440_0000, 10), // 100.64.0.0/10
];

/// The private blocks as networks.
pub(crate) fn private_blocks() -> impl Iterator<Item = Ipv4Net> {
    PRIVATE_BLOCKS
        .iter()
        .filter_map(|(a, l)| Ipv4Net::new(Ipv4Addr::from(*a), *l).ok())
}

/// Whether an address is in RFC 1918 or RFC 6598 space.
pub(crate) fn is_private(ip: Ipv4Addr) -> bool {
    private_blocks().any(|b| b.contains(&ip))
}

/// Whether an address is a public internet address (not private, loopback,
/// link-local, multicast, broadcast or unspecified).
pub(crate) fn is_public(ip: Ipv4Addr) -> bool {
    !(is_private(ip)
        || ip.is_loopback()
        || ip.is_link_local()
        || ip.is_multicast()
        || ip.is_broadcast()
        || ip.is_unspecified())
}

/// The Azure host's virtual IP: DNS, DHCP and health probes come from it; it is
/// in the VirtualNetwork and AzureLoadBalancer service tags.
pub(crate) const HOST_VIP: Ipv4Addr = Ipv4Addr::new(168, 63, 129, 16);

/// Where an address came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Origin {
    /// Written in the design (`static_ip`, `private_ip`).
    Static,
    /// Handed out by Azure; netdraft assumes the first free address.
    Assumed,
}

/// One subnet with its facts.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SubnetInfo<'d> {
    pub res: &'d Resource,
    pub spec: &'d Subnet,
    pub vnet: &'d Resource,
    /// The prefix from the plan (`None` when unplaced or IPv6).
    pub prefix: Option<Ipv4Net>,
}

/// A peering seen from one VNet.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PeerLink<'d> {
    pub peering: &'d Resource,
    pub spec: &'d VnetPeering,
    /// The VNet at the other end.
    pub remote: &'d str,
    /// This VNet uses the remote VNet's gateway (it is `to` with `use_remote_gateways`,
    /// and `from` offers transit).
    pub uses_remote_gateway: bool,
}

/// The facts of one design revision, built once.
#[derive(Debug)]
pub struct Net<'d> {
    pub(crate) design: &'d Design,
    pub(crate) plan: &'d Plan,
    subnets: HashMap<&'d str, SubnetInfo<'d>>,
    /// Placed IPv4 subnets as (first, last, id), sorted by first address.
    by_addr: Vec<(u32, u32, &'d str)>,
    vnet_spaces: HashMap<&'d str, Vec<Ipv4Net>>,
    vnet_subnets: HashMap<&'d str, Vec<&'d str>>,
    peers: HashMap<&'d str, Vec<PeerLink<'d>>>,
    /// The Virtual WAN hub each connected VNet is connected to (`hub.rs`).
    vnet_hub: HashMap<&'d str, &'d Resource>,
    /// VPN and ExpressRoute gateways by the VNet they sit in.
    gateways: HashMap<&'d str, Vec<&'d Resource>>,
    residents: HashMap<&'d str, Vec<&'d Resource>>,
    pools: HashMap<&'d str, Vec<(&'d Resource, &'d NodePool)>>,
    /// Private address of each resource in a subnet.
    address: HashMap<&'d str, (Ipv4Addr, Origin)>,
    /// An App Gateway's instance address (the source of what it proxies).
    instance: HashMap<&'d str, Ipv4Addr>,
    /// The first address no resident of the subnet uses.
    spare: HashMap<&'d str, Ipv4Addr>,
}

impl<'d> Net<'d> {
    /// Gathers the facts of a design and its plan.
    pub fn build(design: &'d Design, plan: &'d Plan) -> Net<'d> {
        let mut subnets = HashMap::default();
        let mut by_addr = Vec::new();
        let mut vnet_spaces: HashMap<&str, Vec<Ipv4Net>> = HashMap::default();
        let mut vnet_subnets: HashMap<&str, Vec<&str>> = HashMap::default();
        for (r, v) in design.all::<VirtualNetwork>() {
            vnet_spaces.insert(r.id.as_str(), v.address_space.iter().filter_map(|c| v4(*c)).collect());
        }
        let mut residents: HashMap<&str, Vec<&Resource>> = HashMap::default();
        let mut pools: HashMap<&str, Vec<(&Resource, &NodePool)>> = HashMap::default();
        let mut gateways: HashMap<&str, Vec<&Resource>> = HashMap::default();
        for r in design.resources() {
            if let Some(s) = r.as_spec::<Subnet>() {
                let Some(vnet) = r.parent().and_then(|p| design.get(p.as_str())) else {
                    continue;
                };
                if vnet.as_spec::<VirtualNetwork>().is_none() {
                    continue;
                }
                let prefix = plan.prefix_of(r.id.as_str()).and_then(v4);
                if let Some(p) = prefix {
                    by_addr.push((u32::from(p.network()), u32::from(p.broadcast()), r.id.as_str()));
                }
                vnet_subnets.entry(vnet.id.as_str()).or_default().push(r.id.as_str());
                subnets.insert(
                    r.id.as_str(),
                    SubnetInfo {
                        res: r,
                        spec: s,
                        vnet,
                        prefix,
                    },
                );
                continue;
            }
            if let Some(p) = r.parent()
                && r.kind().placement().parents.contains(&Kind::Subnet)
            {
                residents.entry(p.as_str()).or_default().push(r);
            }
            if let Some(p) = r.as_spec::<NodePool>() {
                pools.entry(p.cluster.as_str()).or_default().push((r, p));
            }
        }
        for (id, list) in &residents {
            let Some(info) = subnets.get(id) else { continue };
            if list
                .iter()
                .any(|r| r.as_spec::<VpnGateway>().is_some() || r.as_spec::<ExpressRouteGateway>().is_some())
            {
                gateways.entry(info.vnet.id.as_str()).or_default().extend(
                    list.iter().filter(|r| {
                        r.as_spec::<VpnGateway>().is_some() || r.as_spec::<ExpressRouteGateway>().is_some()
                    }),
                );
            }
        }
        for list in gateways.values_mut() {
            list.sort_by(|a, b| a.id.cmp(&b.id));
        }
        by_addr.sort_unstable();
        let mut peers: HashMap<&str, Vec<PeerLink>> = HashMap::default();
        // Only a connected peering carries traffic (an `Initiated` one has no route yet).
        for (r, p) in design.all::<VnetPeering>().filter(|(_, p)| p.is_connected()) {
            let transit = p.allow_gateway_transit && p.use_remote_gateways;
            peers.entry(p.from.as_str()).or_default().push(PeerLink {
                peering: r,
                spec: p,
                remote: p.to.as_str(),
                uses_remote_gateway: false,
            });
            peers.entry(p.to.as_str()).or_default().push(PeerLink {
                peering: r,
                spec: p,
                remote: p.from.as_str(),
                uses_remote_gateway: transit,
            });
        }
        let mut vnet_hub: HashMap<&str, &Resource> = HashMap::default();
        for (r, h) in design.all::<crate::model::VirtualHub>() {
            for v in &h.connections {
                vnet_hub.entry(v.as_str()).or_insert(r);
            }
        }
        let mut net = Net {
            design,
            plan,
            subnets,
            by_addr,
            vnet_spaces,
            vnet_subnets,
            peers,
            vnet_hub,
            gateways,
            residents,
            pools,
            address: HashMap::default(),
            instance: HashMap::default(),
            spare: HashMap::default(),
        };
        net.assign_addresses();
        net
    }

    fn assign_addresses(&mut self) {
        let mut address = HashMap::default();
        let mut instance = HashMap::default();
        let mut spare = HashMap::default();
        for (id, info) in &self.subnets {
            let Some(prefix) = info.prefix else { continue };
            let list = self.residents.get(id).map_or(&[][..], Vec::as_slice);
            let mut sorted: Vec<&Resource> = list.to_vec();
            sorted.sort_by(|a, b| a.id.cmp(&b.id));
            let mut taken: Vec<Ipv4Addr> = Vec::new();
            for r in &sorted {
                if let Some(ip) = static_ip(r)
                    && prefix.contains(&ip)
                {
                    address.insert(r.id.as_str(), (ip, Origin::Static));
                    taken.push(ip);
                }
            }
            let mut next = 4u32;
            // A subnet with more residents than addresses (the planner
            // reports it) hands its last address out again rather than
            // searching forever.
            let size = 1u64 << (32 - u32::from(prefix.prefix_len()));
            let mut take = |taken: &mut Vec<Ipv4Addr>| {
                loop {
                    let ip = nth(prefix, next);
                    next = next.saturating_add(1);
                    if !taken.contains(&ip) || u64::from(next) > size {
                        taken.push(ip);
                        return ip;
                    }
                }
            };
            for r in &sorted {
                let needs_own = !address.contains_key(r.id.as_str());
                let is_gateway = r.as_spec::<AppGateway>().is_some();
                if needs_own || is_gateway {
                    let ip = take(&mut taken);
                    if needs_own {
                        address.insert(r.id.as_str(), (ip, Origin::Assumed));
                    }
                    if is_gateway {
                        instance.insert(r.id.as_str(), ip);
                    }
                }
            }
            spare.insert(*id, take(&mut taken));
        }
        self.address = address;
        self.instance = instance;
        self.spare = spare;
    }

    pub(crate) fn subnet(&self, id: &str) -> Option<SubnetInfo<'d>> {
        self.subnets.get(id).copied()
    }

    /// The placed subnet holding an address.
    pub(crate) fn subnet_at(&self, ip: Ipv4Addr) -> Option<SubnetInfo<'d>> {
        let a = u32::from(ip);
        let i = self.by_addr.partition_point(|(first, _, _)| *first <= a);
        // Subnets never overlap within a VNet; across VNets the planner reports
        // overlaps, and the last block starting at or before `a` is the answer.
        self.by_addr[..i]
            .iter()
            .rev()
            .take(8)
            .find(|(first, last, _)| *first <= a && a <= *last)
            .and_then(|(_, _, id)| self.subnets.get(id).copied())
    }

    /// The placed subnet of one VNet holding an address.
    pub(crate) fn subnet_in_vnet(&self, vnet: &str, ip: Ipv4Addr) -> Option<SubnetInfo<'d>> {
        self.vnet_subnets
            .get(vnet)?
            .iter()
            .filter_map(|s| self.subnets.get(s))
            .find(|s| s.prefix.is_some_and(|p| p.contains(&ip)))
            .copied()
    }

    pub(crate) fn spaces(&self, vnet: &str) -> &[Ipv4Net] {
        self.vnet_spaces.get(vnet).map_or(&[], Vec::as_slice)
    }

    /// The VNet whose address space holds an address.
    pub(crate) fn vnet_at(&self, ip: Ipv4Addr) -> Option<&'d Resource> {
        self.design
            .all::<VirtualNetwork>()
            .map(|(r, _)| r)
            .find(|r| self.spaces(r.id.as_str()).iter().any(|s| s.contains(&ip)))
    }

    pub(crate) fn peers(&self, vnet: &str) -> &[PeerLink<'d>] {
        self.peers.get(vnet).map_or(&[], Vec::as_slice)
    }

    /// The Virtual WAN hub a VNet is connected to, if any.
    pub(crate) fn hub_of(&self, vnet: &str) -> Option<&'d Resource> {
        self.vnet_hub.get(vnet).copied()
    }

    /// The peering joining two VNets directly, if any.
    pub(crate) fn peering_between(&self, a: &str, b: &str) -> Option<&PeerLink<'d>> {
        self.peers(a).iter().find(|l| l.remote == b)
    }

    /// VPN and ExpressRoute gateways sitting in a VNet.
    pub(crate) fn gateways_in(&self, vnet: &str) -> &[&'d Resource] {
        self.gateways.get(vnet).map_or(&[], Vec::as_slice)
    }

    /// The gateways a VNet's subnets reach on-premises through: its own, or
    /// those of the VNet it uses remote gateways of (udr-overview "Virtual
    /// network gateway"; facts §B.2 "Use remote gateways").
    pub(crate) fn gateways_for(&self, vnet: &str) -> Vec<(&'d Resource, Option<&PeerLink<'d>>)> {
        let own = self.gateways_in(vnet);
        if !own.is_empty() {
            return own.iter().map(|g| (*g, None)).collect();
        }
        self.peers(vnet)
            .iter()
            .filter(|l| l.uses_remote_gateway)
            .flat_map(|l| self.gateways_in(l.remote).iter().map(move |g| (*g, Some(l))))
            .collect()
    }

    /// On-premises networks connected through a gateway.
    pub(crate) fn on_prem_of(&self, gateway: &str) -> Vec<(&'d Resource, &'d OnPremises)> {
        self.design
            .all::<OnPremises>()
            .filter(|(_, o)| o.gateway.as_ref().is_some_and(|g| g.as_str() == gateway))
            .collect()
    }

    /// What sits in a subnet, ordered by id.
    pub(crate) fn residents(&self, subnet: &str) -> Vec<&'d Resource> {
        let mut out = self.residents.get(subnet).cloned().unwrap_or_default();
        out.sort_by(|a, b| a.id.cmp(&b.id));
        out
    }

    /// A cluster's node pools, ordered by id.
    pub(crate) fn pools(&self, cluster: &str) -> Vec<(&'d Resource, &'d NodePool)> {
        let mut out = self.pools.get(cluster).cloned().unwrap_or_default();
        out.sort_by(|a, b| (a.1.mode != PoolMode::System, &a.0.id).cmp(&(b.1.mode != PoolMode::System, &b.0.id)));
        out
    }

    /// The private address of a resource in a subnet.
    pub(crate) fn address(&self, id: &str) -> Option<(Ipv4Addr, Origin)> {
        self.address.get(id).copied()
    }

    /// An App Gateway's instance address.
    pub(crate) fn instance(&self, id: &str) -> Option<Ipv4Addr> {
        self.instance.get(id).copied()
    }

    /// The first address of a subnet no resident uses (for things the design
    /// does not draw: a pod's address, the API server's private address).
    pub(crate) fn spare(&self, subnet: &str) -> Option<Ipv4Addr> {
        self.spare
            .get(subnet)
            .copied()
            .or_else(|| self.subnet(subnet).and_then(|s| s.prefix).map(|p| nth(p, 4)))
    }

    /// The route table of a subnet.
    pub(crate) fn route_table(&self, subnet: &Subnet) -> Option<(&'d Resource, &'d RouteTable)> {
        let r = self.design.get(subnet.route_table.as_ref()?.as_str())?;
        r.as_spec::<RouteTable>().map(|t| (r, t))
    }

    /// The firewall whose private address is `ip`.
    pub(crate) fn firewall_at(&self, ip: Ipv4Addr) -> Option<(&'d Resource, &'d Firewall)> {
        self.design
            .all::<Firewall>()
            .find(|(r, _)| self.address(r.id.as_str()).is_some_and(|(a, _)| a == ip))
    }

    /// The subnet a resource sits in (its parent).
    pub(crate) fn subnet_of(&self, r: &Resource) -> Option<SubnetInfo<'d>> {
        self.subnet(r.parent()?.as_str())
    }

    /// A cluster's network model.
    pub(crate) fn cluster(&self, id: &str) -> Option<(&'d Resource, &'d AksCluster)> {
        let r = self.design.get(id)?;
        r.as_spec::<AksCluster>().map(|c| (r, c))
    }

    /// A cluster's pod CIDR when pods take addresses outside the VNet.
    pub(crate) fn pod_cidr(&self, cluster: &str) -> Option<Ipv4Net> {
        let (_, c) = self.cluster(cluster)?;
        match c.network_model {
            NetworkModel::Overlay | NetworkModel::Kubenet | NetworkModel::Byo => {
                self.plan.cluster(cluster)?.pod_cidr.as_ref().and_then(|r| v4(r.cidr))
            }
            _ => None,
        }
    }
}

fn static_ip(r: &Resource) -> Option<Ipv4Addr> {
    let ip = if let Some(s) = r.as_spec::<K8sService>() {
        s.static_ip
    } else if let Some(g) = r.as_spec::<AppGateway>() {
        g.private_ip
    } else if let Some(p) = r.as_spec::<PrivateEndpoint>() {
        p.static_ip
    } else {
        None
    };
    match ip? {
        IpAddr::V4(a) => Some(a),
        IpAddr::V6(_) => None,
    }
}
