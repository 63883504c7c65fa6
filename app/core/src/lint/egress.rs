//! Egress: AKS outbound types, route tables, Azure Firewall and NAT gateways
//! (azure-facts.md §B.4, §B.5, §C.1, §C.5).

use super::fix::change;
use super::{Ctx, Finding, Level::Error, Level::Warning, QuickFix, Rule, is_default_route, rule};
use crate::id::Id;
use crate::model::{
    AksCluster, Firewall, FirewallPolicy, FirewallRuleKind, FirewallTier, IpAllocation, Kind, LoadBalancerSku,
    NatGateway, NatSku, NextHop, OutboundType, PublicIp, PublicIpSku, Resource, RouteTable, Spec, Subnet,
};
use crate::text::Thousands;

pub(super) const RULES: &[Rule] = &[
    // AKS-UDR: userDefinedRouting needs a BYO subnet with a route table. It
    // holds in a VNet connected to a Virtual WAN hub too: the 0.0.0.0/0 that
    // internet routing intent advertises is learned, not in a route table of
    // the subnet, and what AKS validates is the subnet's route table (AKS-UDR).
    rule(
        "ND050",
        "udr-without-route-table",
        Error,
        "A cluster with outbound type userDefinedRouting has a node subnet without a route table",
        "With `userDefinedRouting` AKS creates no outbound IP; the node subnet must already have a route table that sends 0.0.0.0/0 to a virtual appliance or gateway, and AKS validates this at create time (AKS-UDR, AKS-EGRESS).",
        "AKS-UDR, AKS-EGRESS",
        "associate a route table with 0.0.0.0/0 → VirtualAppliance (the firewall) with the node subnet",
        udr_without_table,
    ),
    // AKS-UDR: the table must hold 0.0.0.0/0 → appliance or gateway; → Internet is rejected.
    rule(
        "ND051",
        "udr-without-default-route",
        Error,
        "A userDefinedRouting cluster's route table does not send 0.0.0.0/0 to an appliance or gateway",
        "AKS checks that the node subnet's route table holds 0.0.0.0/0 with next hop VirtualAppliance or VirtualNetworkGateway; 0.0.0.0/0 → Internet is rejected (AKS-UDR).",
        "AKS-UDR",
        "add a route 0.0.0.0/0 → VirtualAppliance with the firewall as next hop",
        udr_without_default,
    ),
    // AKS-NAT: managedNATGateway is for AKS-managed VNets only.
    rule(
        "ND052",
        "managed-nat-custom-vnet",
        Error,
        "A cluster in a custom VNet uses outbound type managedNATGateway",
        "`managedNATGateway` is not compatible with custom (bring-your-own) virtual networks; it only works in the VNet AKS creates (AKS-NAT).",
        "AKS-NAT",
        "use `userAssignedNATGateway` with a NAT gateway attached to the node subnet",
        managed_nat_custom_vnet,
    ),
    // AKS-NAT, AKS-EGRESS: userAssignedNATGateway needs the NAT gateway already on the node subnet.
    rule(
        "ND053",
        "user-nat-missing",
        Error,
        "A userAssignedNATGateway cluster has a node subnet without a NAT gateway",
        "With `userAssignedNATGateway` the NAT gateway must already be associated with the cluster's node subnet before the cluster is created or updated (AKS-NAT, AKS-EGRESS).",
        "AKS-NAT, AKS-EGRESS",
        "attach a NAT gateway to the node subnet (`nat_gateway = \"…\"`)",
        user_nat_missing,
    ),
    // NAT-RES: one NAT gateway serves subnets of one VNet only.
    rule(
        "ND054",
        "nat-gateway-across-vnets",
        Error,
        "A NAT gateway is attached to subnets of different VNets",
        "A NAT gateway can serve many subnets of the same VNet but never subnets of different VNets (NAT-RES).",
        "NAT-RES",
        "give each VNet its own NAT gateway",
        nat_across_vnets,
    ),
    // AZFW-MGMT: Basic always has a management NIC.
    rule(
        "ND055",
        "firewall-basic-without-management-subnet",
        Error,
        "An Azure Firewall Basic has no AzureFirewallManagementSubnet in its VNet",
        "Azure Firewall Basic always uses a management NIC, so its VNet needs an AzureFirewallManagementSubnet (/26) and a second public IP (AZFW-MGMT).",
        "AZFW-MGMT",
        "add a /26 subnet named AzureFirewallManagementSubnet to the firewall's VNet",
        firewall_basic_mgmt,
    ),
    // AKS-FW, NAT-FW: 20 public IPs for production AKS egress; 2,496 SNAT ports per IP per instance.
    rule(
        "ND056",
        "firewall-snat-public-ips",
        Warning,
        "A firewall carrying AKS egress has fewer than 20 public IPs",
        "AKS asks for at least 20 frontend public IPs on Azure Firewall in production to avoid SNAT port exhaustion; each public IP gives 2,496 SNAT ports per backend instance, with at least 2 instances (AKS-FW, NAT-FW).",
        "AKS-FW, NAT-FW",
        "set `public_ip_count = 20` or more, or attach a NAT gateway to AzureFirewallSubnet (64,512 ports per IP)",
        firewall_snat,
    ),
    // AKS-EGRESS: outbound type none is for network-isolated clusters.
    rule(
        "ND057",
        "outbound-none",
        Warning,
        "A cluster uses outbound type none",
        "Outbound type `none` is only for network-isolated clusters: AKS sets up no egress and does not validate a default route, so nodes cannot pull images unless a private registry path exists (AKS-EGRESS).",
        "AKS-EGRESS",
        "use `userDefinedRouting` through a firewall, or `userAssignedNATGateway`, unless the cluster is network-isolated",
        outbound_none,
    ),
    // AKS-NAT, TF4: a StandardV2 NAT gateway needs StandardV2 public IPs.
    rule(
        "ND058",
        "nat-v2-public-ip-sku",
        Error,
        "A StandardV2 NAT gateway uses a Standard public IP",
        "A StandardV2 NAT gateway requires StandardV2 public IPs (AKS-NAT, TF4).",
        "AKS-NAT, TF4",
        "set `sku = \"StandardV2\"` on the public IP, or use a Standard NAT gateway",
        nat_v2_ip_sku,
    ),
    // NAT-RES: at most 16 public IP addresses per NAT gateway.
    rule(
        "ND059",
        "nat-public-ip-limit",
        Error,
        "A NAT gateway has more than 16 public IP addresses",
        "A NAT gateway takes up to 16 public IP addresses, single IPs and prefixes combined (NAT-RES).",
        "NAT-RES",
        "use at most 16 addresses (e.g. one /28 prefix)",
        nat_ip_limit,
    ),
    // NAT-RES: TCP idle timeout 4-120 minutes.
    rule(
        "ND060",
        "nat-idle-timeout",
        Error,
        "A NAT gateway's idle timeout is outside 4-120 minutes",
        "The NAT gateway TCP idle timeout can be set from 4 (default) to 120 minutes (NAT-RES).",
        "NAT-RES",
        "set `idle_timeout_minutes` between 4 and 120",
        nat_idle_timeout,
    ),
    // AKS-NAT, TF4: Standard NAT is zonal (one zone); StandardV2 is zone-redundant and takes no zones.
    rule(
        "ND061",
        "nat-gateway-zones",
        Error,
        "A NAT gateway lists zones its SKU cannot take",
        "A Standard NAT gateway is zonal (one zone or none); a StandardV2 NAT gateway is zone-redundant and its `zones` must be omitted (AKS-NAT, TF4).",
        "AKS-NAT, TF4",
        "list at most one zone for Standard; remove `zones` for StandardV2",
        nat_zones,
    ),
    // AZFW-FAQ: one firewall per VNet.
    rule(
        "ND062",
        "one-firewall-per-vnet",
        Error,
        "A VNet has more than one Azure Firewall",
        "A VNet holds one Azure Firewall, in its AzureFirewallSubnet (AZFW-FAQ).",
        "AZFW-FAQ",
        "keep one firewall per VNet; scale it with more public IPs or instances",
        one_firewall,
    ),
    // AKS-FW: FQDNs in network rules need the firewall DNS proxy.
    rule(
        "ND063",
        "firewall-fqdn-without-dns-proxy",
        Error,
        "A firewall policy has FQDNs in network rules but DNS proxy is off",
        "Azure Firewall resolves FQDNs in network rules only with DNS proxy enabled, and clients must use the firewall as DNS server (AKS-FW).",
        "AKS-FW",
        "set `dns_proxy = true` on the policy, or move the FQDNs to application rules",
        fqdn_without_dns_proxy,
    ),
    // B.5, TF4 route: VirtualAppliance needs a next-hop address.
    rule(
        "ND064",
        "appliance-route-without-next-hop",
        Error,
        "A VirtualAppliance route has no next-hop address",
        "A route with next hop VirtualAppliance needs the appliance's IP address (`nextHopIpAddress`); netdraft takes it from `next_hop_resource` or `next_hop_ip` (TF4, BT).",
        "TF4, BT",
        "set `next_hop_resource` to the firewall (or `next_hop_ip`)",
        appliance_without_hop,
    ),
    // ND065 (a loadBalancer-outbound cluster whose node subnet sends internet traffic to a firewall)
    // asks the route engine: see `flows`.
    // TF4 public_ip, NAT-RES: Basic public IPs can no longer be created, and Standard ones are static.
    rule(
        "ND066",
        "public-ip-basic-sku",
        Error,
        "A public IP uses the Basic SKU or dynamic allocation",
        "Basic public IPs cannot be created since 2025-03-31, NAT gateways and the Standard load balancer do not take them, and Standard and StandardV2 IPs must be static (TF4, NAT-RES).",
        "TF4, NAT-RES",
        "set `sku = \"Standard\"` and `allocation = \"Static\"`",
        public_ip_basic,
    ),
    // AKS-QUOTA, AKS-EGRESS: the Basic load balancer is unsupported and blocks every other outbound type.
    rule(
        "ND067",
        "aks-basic-load-balancer",
        Error,
        "An AKS cluster uses the Basic load balancer",
        "AKS no longer supports the Basic load balancer (from 2025-09-30), and every outbound type but the default needs the Standard one (AKS-QUOTA, AKS-EGRESS).",
        "AKS-QUOTA, AKS-EGRESS",
        "set `load_balancer_sku = \"standard\"`",
        aks_basic_lb,
    ),
    // NAT-RES and learn.microsoft.com/azure/nat-gateway/troubleshoot-nat-connectivity: a virtual appliance
    // or gateway UDR for 0.0.0.0/0 takes precedence over the subnet's NAT gateway (the route engine's order).
    rule(
        "ND069",
        "nat-gateway-bypassed-by-route",
        Warning,
        "A subnet has a NAT gateway but its route table sends 0.0.0.0/0 to an appliance or gateway",
        "Internet-bound traffic follows a 0.0.0.0/0 route to a virtual appliance or VNet gateway before the NAT gateway is considered, so the subnet's NAT gateway translates none of it (NAT-RES; learn.microsoft.com/azure/nat-gateway/troubleshoot-nat-connectivity).",
        "NAT-RES; learn.microsoft.com/azure/nat-gateway/troubleshoot-nat-connectivity",
        "remove the NAT gateway from the subnet, or put it on the appliance's subnet (AzureFirewallSubnet) where the traffic leaves",
        nat_bypassed,
    ),
    // AKS-API, TF4: managed outbound IPs 1-100, exclusive with your own outbound IPs.
    rule(
        "ND068",
        "lb-outbound-ip-count",
        Error,
        "A cluster's managed outbound IP count is outside 1-100 or set beside its own outbound IPs",
        "The Standard load balancer takes 1 to 100 AKS-managed outbound IPs, or outbound IPs of your own, never both (AKS-API, TF4).",
        "AKS-API, TF4",
        "set `managed_outbound_ip_count` between 1 and 100, or remove it when `outbound_ips` is set",
        lb_outbound_ips,
    ),
];

fn clusters<'a>(cx: &'a Ctx<'_>) -> impl Iterator<Item = (&'a Resource, &'a AksCluster)> + 'a {
    cx.all::<AksCluster>(Kind::AksCluster)
}

fn udr_without_table(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for (c, a) in clusters(cx).filter(|(_, a)| a.outbound_type == OutboundType::UserDefinedRouting) {
        for (s, spec) in cx.node_subnets(c.id.as_str()) {
            if spec.route_table.is_none() {
                rule.emit(
                    out,
                    format!(
                        "cluster {} uses outbound type {} but its node subnet {} has no route table",
                        c.name(),
                        a.outbound_type,
                        s.name()
                    ),
                    &[&c.id, &s.id],
                );
            }
        }
    }
}

fn udr_without_default(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for (c, _) in clusters(cx).filter(|(_, a)| a.outbound_type == OutboundType::UserDefinedRouting) {
        for (s, spec) in cx.node_subnets(c.id.as_str()) {
            let Some((t, table)) = cx.route_table(spec) else {
                continue;
            };
            let default = table.routes.iter().find(|r| is_default_route(&r.prefix));
            let problem = match default {
                None => "has no 0.0.0.0/0 route".to_owned(),
                Some(r) if matches!(r.next_hop, NextHop::VirtualAppliance | NextHop::VirtualNetworkGateway) => {
                    continue;
                }
                Some(r) => format!("sends 0.0.0.0/0 to {} (route {})", r.next_hop, r.name),
            };
            rule.emit(
                out,
                format!(
                    "cluster {} uses userDefinedRouting but route table {} of node subnet {} {problem}",
                    c.name(),
                    t.name(),
                    s.name()
                ),
                &[&c.id, &t.id, &s.id],
            );
        }
    }
}

fn managed_nat_custom_vnet(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for (c, _) in clusters(cx).filter(|(_, a)| a.outbound_type == OutboundType::ManagedNatGateway) {
        if let Some((s, _)) = cx.node_subnets(c.id.as_str()).first() {
            rule.emit(
                out,
                format!(
                    "cluster {} uses managedNATGateway but its pools sit in the custom subnet {}",
                    c.name(),
                    s.name()
                ),
                &[&c.id, &s.id],
            );
        }
    }
}

fn user_nat_missing(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for (c, _) in clusters(cx).filter(|(_, a)| a.outbound_type == OutboundType::UserAssignedNatGateway) {
        for (s, spec) in cx.node_subnets(c.id.as_str()) {
            if spec.nat_gateway.is_none() {
                rule.emit(
                    out,
                    format!(
                        "cluster {} uses userAssignedNATGateway but its node subnet {} has no NAT gateway",
                        c.name(),
                        s.name()
                    ),
                    &[&c.id, &s.id],
                );
            }
        }
    }
}

fn nat_across_vnets(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    let mut by_nat: rustc_hash::FxHashMap<&str, Vec<(&Id, &Resource)>> = rustc_hash::FxHashMap::default();
    for (s, spec) in cx.all::<Subnet>(Kind::Subnet) {
        if let Some(nat) = &spec.nat_gateway
            && let Some((v, _)) = cx.vnet_of_subnet(s)
        {
            by_nat.entry(nat.as_str()).or_default().push((&v.id, s));
        }
    }
    for (n, _) in cx.all::<NatGateway>(Kind::NatGateway) {
        let Some(list) = by_nat.get(n.id.as_str()) else {
            continue;
        };
        let mut vnets: Vec<&Id> = list.iter().map(|(v, _)| *v).collect();
        vnets.sort();
        vnets.dedup();
        if vnets.len() > 1 {
            let names: Vec<&str> = vnets.iter().map(|v| cx.name(v.as_str())).collect();
            let mut ids = vec![&n.id];
            ids.extend(vnets.iter().copied());
            rule.emit(
                out,
                format!(
                    "NAT gateway {} serves subnets of {} VNets: {}",
                    n.name(),
                    vnets.len(),
                    names.join(", ")
                ),
                &ids,
            );
        }
    }
}

fn firewall_basic_mgmt(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for (f, spec) in cx.all::<Firewall>(Kind::Firewall) {
        if spec.tier != FirewallTier::Basic {
            continue;
        }
        let Some((v, _)) = cx.vnet_of(f) else {
            continue;
        };
        let has = cx
            .plan
            .vnet(v.id.as_str())
            .is_some_and(|p| p.subnets.iter().any(|s| s.name == "AzureFirewallManagementSubnet"));
        if !has {
            rule.emit(
                out,
                format!(
                    "firewall {} is Basic but VNet {} has no AzureFirewallManagementSubnet",
                    f.name(),
                    v.name()
                ),
                &[&f.id, &v.id],
            );
        }
    }
}

/// SNAT ports per public IP per firewall instance (NAT-FW).
const SNAT_PER_IP_PER_INSTANCE: u64 = 2_496;
/// The fewest firewall instances (NAT-FW).
const MIN_INSTANCES: u64 = 2;

fn firewall_snat(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    // Firewalls that are next hops of a route table used by a node subnet, or
    // whose policy carries AKS egress rules.
    let mut egress: Vec<&str> = Vec::new();
    for (c, _) in clusters(cx) {
        for (_, spec) in cx.node_subnets(c.id.as_str()) {
            if let Some((_, t)) = cx.route_table(spec) {
                egress.extend(
                    t.routes
                        .iter()
                        .filter_map(|r| r.next_hop_resource.as_ref())
                        .map(Id::as_str),
                );
            }
        }
    }
    for (f, spec) in cx.all::<Firewall>(Kind::Firewall) {
        let by_policy = spec
            .policy
            .as_ref()
            .and_then(|p| cx.spec::<FirewallPolicy>(p.as_str()))
            .is_some_and(|p| !p.aks_egress_for.is_empty());
        if !(by_policy || egress.contains(&f.id.as_str())) || spec.public_ip_count >= 20 {
            continue;
        }
        // A NAT gateway on the firewall subnet takes over SNAT (NAT-FW).
        if cx.parent_subnet(f).is_some_and(|(_, s)| s.nat_gateway.is_some()) {
            continue;
        }
        let n = u64::from(spec.public_ip_count);
        let ports = n * SNAT_PER_IP_PER_INSTANCE * MIN_INSTANCES;
        // A firewall in a Virtual WAN hub has no subnet to attach a NAT gateway to.
        let in_hub = f
            .parent()
            .and_then(|p| cx.get(p.as_str()))
            .is_some_and(|p| p.kind() == Kind::VirtualHub);
        let fix = if in_hub {
            "set `public_ip_count = 20` or more (a firewall in a virtual hub takes no NAT gateway)".to_owned()
        } else {
            rule.fix.to_owned()
        };
        rule.emit_fix(
            out,
            format!(
                "firewall {} carries AKS egress with {n} public IP{}: about {} SNAT ports ({n} × {} × {MIN_INSTANCES} instances); AKS recommends at least 20 IPs ({} ports)",
                f.name(),
                if n == 1 { "" } else { "s" },
                Thousands(ports),
                Thousands(SNAT_PER_IP_PER_INSTANCE),
                Thousands(20 * SNAT_PER_IP_PER_INSTANCE * MIN_INSTANCES)
            ),
            &[&f.id],
            fix,
        );
    }
}

fn outbound_none(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for (c, _) in clusters(cx).filter(|(_, a)| a.outbound_type == OutboundType::None) {
        rule.emit(out, format!("cluster {} uses outbound type none", c.name()), &[&c.id]);
    }
}

fn nat_v2_ip_sku(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for (n, spec) in cx.all::<NatGateway>(Kind::NatGateway) {
        if spec.sku != NatSku::StandardV2 {
            continue;
        }
        for ip in &spec.public_ips {
            if cx
                .spec::<PublicIp>(ip.as_str())
                .is_some_and(|p| p.sku == PublicIpSku::Standard)
            {
                rule.emit(
                    out,
                    format!(
                        "NAT gateway {} is StandardV2 but public IP {} is Standard",
                        n.name(),
                        cx.name(ip.as_str())
                    ),
                    &[&n.id, ip],
                );
            }
        }
    }
}

fn nat_ip_limit(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for (n, spec) in cx.all::<NatGateway>(Kind::NatGateway) {
        let addresses: u64 = spec
            .public_ips
            .iter()
            .map(|ip| {
                cx.spec::<PublicIp>(ip.as_str())
                    .and_then(|p| p.prefix_length)
                    .map_or(1, |len| 1u64 << (32 - u32::from(len.min(32))))
            })
            .sum();
        if addresses > 16 {
            rule.emit(
                out,
                format!(
                    "NAT gateway {} has {addresses} public IP addresses; at most 16",
                    n.name()
                ),
                &[&n.id],
            );
        }
    }
}

fn nat_idle_timeout(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for (n, spec) in cx.all::<NatGateway>(Kind::NatGateway) {
        if let Some(t) = spec.idle_timeout_minutes
            && !(4..=120).contains(&t)
        {
            rule.emit(
                out,
                format!("NAT gateway {} has an idle timeout of {t} minutes", n.name()),
                &[&n.id],
            );
        }
    }
}

fn nat_zones(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for (n, spec) in cx.all::<NatGateway>(Kind::NatGateway) {
        let bad = match spec.sku {
            NatSku::Standard => spec.zones.len() > 1,
            NatSku::StandardV2 => !spec.zones.is_empty(),
        };
        if bad {
            rule.emit(
                out,
                format!(
                    "NAT gateway {} ({}) lists zones {}",
                    n.name(),
                    spec.sku,
                    spec.zones.join(", ")
                ),
                &[&n.id],
            );
        }
    }
}

fn one_firewall(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    let mut by_vnet: std::collections::BTreeMap<&Id, Vec<&Resource>> = std::collections::BTreeMap::new();
    for f in cx.of_kind(Kind::Firewall) {
        if let Some((v, _)) = cx.vnet_of(f) {
            by_vnet.entry(&v.id).or_default().push(f);
        }
    }
    for (v, fws) in by_vnet.into_iter().filter(|(_, f)| f.len() > 1) {
        let names: Vec<&str> = fws.iter().map(|f| f.name()).collect();
        let mut ids = vec![v];
        ids.extend(fws.iter().map(|f| &f.id));
        rule.emit(
            out,
            format!(
                "VNet {} has {} firewalls: {}",
                cx.name(v.as_str()),
                fws.len(),
                names.join(", ")
            ),
            &ids,
        );
    }
}

fn is_fqdn(text: &str) -> bool {
    text.contains('.') && text.chars().any(|c| c.is_ascii_alphabetic()) && !text.contains('/') && !text.contains(':')
}

fn fqdn_without_dns_proxy(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for (p, spec) in cx.all::<FirewallPolicy>(Kind::FirewallPolicy) {
        if spec.dns_proxy {
            continue;
        }
        if let Some(r) = spec
            .rules
            .iter()
            .find(|r| r.kind == FirewallRuleKind::Network && r.destinations.iter().any(|d| is_fqdn(d)))
        {
            rule.emit(
                out,
                format!(
                    "firewall policy {} has FQDNs in network rule {} but DNS proxy is off",
                    p.name(),
                    r.name
                ),
                &[&p.id],
            );
        }
    }
}

fn appliance_without_hop(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for (t, spec) in cx.all::<RouteTable>(Kind::RouteTable) {
        for r in &spec.routes {
            if r.next_hop == NextHop::VirtualAppliance && r.next_hop_ip.is_none() && r.next_hop_resource.is_none() {
                rule.emit(
                    out,
                    format!(
                        "route {} of route table {} goes to a VirtualAppliance with no address",
                        r.name,
                        t.name()
                    ),
                    &[&t.id],
                );
            }
        }
    }
}

fn public_ip_basic(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for (r, ip) in cx.all::<PublicIp>(Kind::PublicIp) {
        let basic = ip.sku == PublicIpSku::Basic;
        let dynamic = ip.allocation == IpAllocation::Dynamic;
        if !basic && !dynamic {
            continue;
        }
        let what = match (basic, dynamic) {
            (true, true) => "is a Basic, dynamic IP",
            (true, false) => "uses the Basic SKU",
            _ => "is dynamic, which only Basic IPs can be",
        };
        let mut edited = ip.clone();
        edited.sku = PublicIpSku::Standard;
        edited.allocation = IpAllocation::Static;
        let q = QuickFix::update(
            r,
            Spec::PublicIp(edited),
            format!("make public IP {} a Standard, static IP", r.name()),
            vec![change("sku", "Standard"), change("allocation", "Static")],
        );
        rule.emit_quick(
            out,
            format!("public IP {} {what}", r.name()),
            &[&r.id],
            rule.fix.to_owned(),
            Some(q),
        );
    }
}

fn aks_basic_lb(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for (r, c) in cx.all::<AksCluster>(Kind::AksCluster) {
        if c.load_balancer_sku != LoadBalancerSku::Basic {
            continue;
        }
        let mut edited = c.clone();
        edited.load_balancer_sku = LoadBalancerSku::Standard;
        let q = QuickFix::update(
            r,
            Spec::AksCluster(edited),
            format!("use the Standard load balancer for cluster {}", r.name()),
            vec![change("load_balancer_sku", "standard")],
        );
        rule.emit_quick(
            out,
            format!(
                "cluster {} uses the Basic load balancer (outbound type {})",
                r.name(),
                c.outbound_type
            ),
            &[&r.id],
            rule.fix.to_owned(),
            Some(q),
        );
    }
}

fn lb_outbound_ips(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for (r, c) in cx.all::<AksCluster>(Kind::AksCluster) {
        let Some(n) = c.managed_outbound_ip_count else { continue };
        if !c.outbound_ips.is_empty() {
            rule.emit(
                out,
                format!(
                    "cluster {} sets {n} managed outbound IPs and {} outbound IPs of its own",
                    r.name(),
                    c.outbound_ips.len()
                ),
                &[&r.id],
            );
        } else if !(1..=100).contains(&n) {
            rule.emit(
                out,
                format!(
                    "cluster {} asks for {n} managed outbound IPs; 1 to 100 are possible",
                    r.name()
                ),
                &[&r.id],
            );
        }
    }
}

fn nat_bypassed(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for (r, s) in cx.all::<Subnet>(Kind::Subnet) {
        let Some(nat) = &s.nat_gateway else { continue };
        let Some((t, table)) = cx.route_table(s) else { continue };
        let Some(route) = table.routes.iter().find(|x| {
            is_default_route(&x.prefix)
                && matches!(x.next_hop, NextHop::VirtualAppliance | NextHop::VirtualNetworkGateway)
        }) else {
            continue;
        };
        rule.emit(
            out,
            format!(
                "subnet {} has NAT gateway {}, but route {} of route table {} sends 0.0.0.0/0 to {}: Internet traffic bypasses the NAT gateway",
                r.name(),
                cx.name(nat.as_str()),
                route.name,
                t.name(),
                route.next_hop
            ),
            &[&r.id, nat, &t.id],
        );
    }
}
