//! Special subnets (names, delegations, what they may hold and carry), route
//! table limits and address-space hygiene (azure-facts.md §B.1, §B.3, §C.5).

use super::fix::change;
use super::{Ctx, Finding, Level::Error, Level::Warning, QuickFix, Rule, is_default_route, rule};
use crate::model::{
    ApiManagement, AppGateway, AppGatewaySku, Bastion, BastionSku, Kind, NextHop, NodePool, PrivateLinkService,
    RouteTable, Spec, Subnet, VirtualNetwork,
};
use crate::plan::special::{self, Role};

pub(super) const RULES: &[Rule] = &[
    // VPNGW, AZFW-FAQ, BASTION, RS-QS: the names are exact.
    rule(
        "ND030",
        "special-subnet-name-case",
        Error,
        "A subnet is almost named like a special subnet",
        "Azure recognises GatewaySubnet, AzureFirewallSubnet, AzureFirewallManagementSubnet, AzureBastionSubnet and RouteServerSubnet only by their exact name; a different case or spacing makes it an ordinary subnet the service refuses (VPNGW, AZFW-FAQ, BASTION, RS-QS).",
        "VPNGW, AZFW-FAQ, BASTION, RS-QS",
        "rename the subnet to the exact special name",
        special_name_case,
    ),
    // VPNGW, AZFW-FAQ, BASTION, APPGW-INFRA: services that need their named subnet.
    rule(
        "ND031",
        "wrong-subnet-for-service",
        Error,
        "A firewall, Bastion or VNet gateway is not in its required subnet",
        "Azure Firewall deploys only into AzureFirewallSubnet, Bastion (except Developer) into AzureBastionSubnet, VPN and ExpressRoute gateways into GatewaySubnet; an Application Gateway must not use GatewaySubnet (AZFW-FAQ, BASTION, VPNGW, APPGW-INFRA).",
        "AZFW-FAQ, BASTION, VPNGW, APPGW-INFRA",
        "move the resource into a subnet with the required name",
        wrong_subnet,
    ),
    // VPNGW: no NSG on GatewaySubnet.
    rule(
        "ND032",
        "gateway-subnet-nsg",
        Error,
        "GatewaySubnet has a network security group",
        "NSGs on GatewaySubnet are not supported; gateway creation or operation fails (VPNGW).",
        "VPNGW",
        "remove the NSG from GatewaySubnet",
        gateway_subnet_nsg,
    ),
    // VPNGW: no 0.0.0.0/0 UDR on GatewaySubnet.
    rule(
        "ND033",
        "gateway-subnet-default-route",
        Error,
        "GatewaySubnet's route table sends 0.0.0.0/0 somewhere",
        "A user-defined route for 0.0.0.0/0 on GatewaySubnet is unsupported and blocks gateway creation (VPNGW).",
        "VPNGW",
        "remove the 0.0.0.0/0 route from the GatewaySubnet route table (route specific prefixes instead)",
        gateway_subnet_default_route,
    ),
    // VPNGW: BGP route propagation must stay enabled on GatewaySubnet.
    rule(
        "ND034",
        "gateway-subnet-bgp-propagation",
        Error,
        "GatewaySubnet's route table disables BGP route propagation",
        "The gateway needs BGP route propagation on its subnet's route table (VPNGW).",
        "VPNGW",
        "set `bgp_route_propagation = true` on the GatewaySubnet route table, or use a separate table",
        gateway_subnet_bgp,
    ),
    // NAT-RES: a NAT gateway cannot be attached to GatewaySubnet.
    rule(
        "ND035",
        "gateway-subnet-nat-gateway",
        Error,
        "GatewaySubnet has a NAT gateway",
        "A NAT gateway cannot be used with GatewaySubnet (NAT-RES, VPNGW).",
        "NAT-RES, VPNGW",
        "remove the NAT gateway from GatewaySubnet",
        gateway_subnet_nat,
    ),
    // BASTION, C.5: no route table on AzureBastionSubnet.
    rule(
        "ND036",
        "bastion-subnet-route-table",
        Error,
        "AzureBastionSubnet has a route table",
        "User-defined routes are not supported on AzureBastionSubnet; Bastion needs its own direct control-plane path (BASTION).",
        "BASTION",
        "remove the route table from AzureBastionSubnet",
        bastion_route_table,
    ),
    // VPNGW, AZFW-FAQ, BASTION, RS-QS: special subnets take no delegation.
    rule(
        "ND037",
        "special-subnet-delegated",
        Error,
        "A named special subnet is delegated",
        "GatewaySubnet, AzureFirewallSubnet, AzureFirewallManagementSubnet, AzureBastionSubnet and RouteServerSubnet take no service delegation (VPNGW, AZFW-FAQ, BASTION, RS-QS).",
        "VPNGW, AZFW-FAQ, BASTION, RS-QS",
        "remove the delegation",
        special_delegated,
    ),
    // AGC-BYO, APIM-V2INT, APIM-V2INJ, AKS-APISRV: required delegations.
    rule(
        "ND038",
        "delegation-missing",
        Error,
        "A subnet lacks the delegation its service requires",
        "App Gateway for Containers needs `Microsoft.ServiceNetworking/trafficControllers`, API Management v2 integration `Microsoft.Web/serverFarms`, Premium v2 injection `Microsoft.Web/hostingEnvironments`, API-server VNet integration `Microsoft.ContainerService/managedClusters` (AGC-BYO, APIM-V2INT, APIM-V2INJ, AKS-APISRV).",
        "AGC-BYO, APIM-V2INT, APIM-V2INJ, AKS-APISRV",
        "set the subnet's `delegation` to the service's delegation",
        delegation_missing,
    ),
    // AKS-CNIOV: the node subnet must not be delegated.
    rule(
        "ND039",
        "node-subnet-delegated",
        Error,
        "An AKS node subnet is delegated",
        "AKS refuses a delegated subnet for nodes (AKS-CNIOV, AKS-LEGACY).",
        "AKS-CNIOV, AKS-LEGACY",
        "remove the delegation, or put the node pool in an undelegated subnet",
        node_subnet_delegated,
    ),
    // VPNGW, AZFW-FAQ, BASTION, APPGW-INFRA: dedicated subnets.
    rule(
        "ND040",
        "dedicated-subnet-shared",
        Error,
        "A dedicated subnet holds other resources",
        "GatewaySubnet holds only VNet gateways, AzureFirewallSubnet only the firewall, AzureBastionSubnet only Bastion, and an Application Gateway subnet only Application Gateways of one generation (VPNGW, AZFW-FAQ, BASTION, APPGW-INFRA).",
        "VPNGW, AZFW-FAQ, BASTION, APPGW-INFRA",
        "move the other resources to a subnet of their own",
        dedicated_shared,
    ),
    // TF4 subnet note, AKS-ILB: PLS subnets need the network policies off.
    rule(
        "ND041",
        "pls-subnet-network-policies",
        Error,
        "A Private Link Service subnet keeps its network policies on",
        "The NAT IPs of a Private Link Service need `privateLinkServiceNetworkPolicies` disabled on their subnet (TF4, AKS-ILB).",
        "TF4, AKS-ILB",
        "set `private_link_service_network_policies = false` on the subnet",
        pls_policies,
    ),
    // VNET-LIMITS: 400 routes per route table.
    rule(
        "ND042",
        "route-table-limit",
        Error,
        "A route table has more than 400 routes",
        "A route table holds at most 400 routes (VNET-LIMITS).",
        "VNET-LIMITS",
        "summarise routes into larger prefixes, or split the subnets over more route tables",
        route_limit,
    ),
    // APIM-INJ, APIM-V2INT: an NSG is required on the API Management subnet.
    rule(
        "ND043",
        "apim-subnet-nsg",
        Error,
        "An API Management subnet has no NSG",
        "API Management injected into a VNet (classic) or integrated (v2) requires an NSG on its subnet, with the management ports open (APIM-INJ, APIM-V2INT).",
        "APIM-INJ, APIM-V2INT",
        "associate an NSG with the API Management subnet (inbound 3443 from ApiManagement for classic tiers)",
        apim_nsg,
    ),
    // AKS-LEGACY: VMs cannot be placed in the pod subnet.
    rule(
        "ND044",
        "pod-subnet-is-node-subnet",
        Error,
        "A node pool uses its node subnet as pod subnet",
        "With the Azure CNI pod-subnet models nodes and pods need separate subnets; VMs cannot be placed in a pod subnet (AKS-LEGACY, AKS-PODSUB).",
        "AKS-LEGACY, AKS-PODSUB",
        "point `pod_subnet` at a separate subnet",
        pod_subnet_is_node_subnet,
    ),
    // AZFW-MGMT: the management subnet's only route is 0.0.0.0/0 → Internet, propagation off.
    rule(
        "ND045",
        "firewall-management-subnet-routes",
        Error,
        "AzureFirewallManagementSubnet has routes other than the default route to Internet",
        "The firewall management subnet may only carry a default route to Internet, with gateway route propagation disabled (AZFW-MGMT).",
        "AZFW-MGMT",
        "give AzureFirewallManagementSubnet a route table with only 0.0.0.0/0 → Internet and `bgp_route_propagation = false`, or none",
        firewall_mgmt_routes,
    ),
    // VNET-FAQ: RFC 1918 or RFC 6598 ranges.
    rule(
        "ND046",
        "vnet-public-range",
        Warning,
        "A VNet uses an address space outside RFC 1918 and RFC 6598",
        "Azure recommends the private RFC 1918 ranges and the RFC 6598 shared space; other ranges might work but have undesirable side effects (VNET-FAQ).",
        "VNET-FAQ",
        "use 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 or 100.64.0.0/10",
        vnet_public_range,
    ),
    // RS-QS: no NSG on RouteServerSubnet.
    rule(
        "ND047",
        "route-server-subnet-nsg",
        Error,
        "RouteServerSubnet has a network security group",
        "Route Server does not support an NSG on RouteServerSubnet (RS-QS).",
        "RS-QS",
        "remove the NSG from RouteServerSubnet",
        route_server_subnet_nsg,
    ),
    // VNET-FAQ: IPv4 subnets are /2 to /29, IPv6 subnets exactly /64.
    rule(
        "ND048",
        "subnet-prefix-size",
        Error,
        "A subnet prefix is smaller than /29, larger than /2, or an IPv6 prefix other than /64",
        "Azure takes IPv4 subnets from /2 down to /29 (5 of whose 8 addresses it keeps) and IPv6 subnets of exactly /64 (VNET-FAQ).",
        "VNET-FAQ",
        "use a prefix from /2 to /29 (IPv6: /64)",
        subnet_prefix_size,
    ),
];

use super::index::SPECIAL_NAMES;

fn subnets<'a>(cx: &'a Ctx<'_>) -> impl Iterator<Item = (&'a crate::model::Resource, &'a Subnet)> + 'a {
    cx.all::<Subnet>(Kind::Subnet)
}

fn named<'a>(cx: &'a Ctx<'_>, name: &'a str) -> impl Iterator<Item = (&'a crate::model::Resource, &'a Subnet)> + 'a {
    cx.special_subnets().filter(move |(r, _)| r.name() == name)
}

fn special_name_case(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for (r, _) in cx.special_subnets() {
        let trimmed = r.name().trim();
        if let Some(exact) = SPECIAL_NAMES
            .iter()
            .find(|n| n.eq_ignore_ascii_case(trimmed) && **n != r.name())
        {
            rule.emit_fix(
                out,
                format!(
                    "subnet `{}` looks like `{exact}` but the name must match exactly",
                    r.name()
                ),
                &[&r.id],
                format!("rename it to `{exact}`"),
            );
        }
    }
}

fn wrong_subnet(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    let mut check = |kind: Kind, label: &str, required: &str| {
        for r in cx.of_kind(kind) {
            if kind == Kind::Bastion && r.as_spec::<Bastion>().is_some_and(|b| b.sku == BastionSku::Developer) {
                continue;
            }
            let Some((s, _)) = cx.parent_subnet(r) else { continue };
            if s.name() != required {
                rule.emit_fix(
                    out,
                    format!("{label} {} sits in subnet {}, not in {required}", r.name(), s.name()),
                    &[&r.id, &s.id],
                    format!("move {} into a subnet named {required}", r.name()),
                );
            }
        }
    };
    check(Kind::Firewall, "firewall", "AzureFirewallSubnet");
    check(Kind::Bastion, "Bastion", "AzureBastionSubnet");
    check(Kind::VpnGateway, "VPN gateway", "GatewaySubnet");
    check(Kind::ExpressRouteGateway, "ExpressRoute gateway", "GatewaySubnet");
    for r in cx.of_kind(Kind::AppGateway) {
        if let Some((s, _)) = cx.parent_subnet(r)
            && s.name() == "GatewaySubnet"
        {
            rule.emit_fix(
                out,
                format!("Application Gateway {} sits in GatewaySubnet", r.name()),
                &[&r.id, &s.id],
                "give the Application Gateway a dedicated subnet of its own".to_owned(),
            );
        }
    }
}

fn gateway_subnet_nsg(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for (r, s) in named(cx, "GatewaySubnet") {
        if let Some(nsg) = &s.nsg {
            let label = format!(
                "remove NSG {} from GatewaySubnet of {}",
                cx.name(nsg.as_str()),
                vnet_name(cx, r)
            );
            rule.emit_quick(
                out,
                format!(
                    "GatewaySubnet of {} has NSG {}",
                    vnet_name(cx, r),
                    cx.name(nsg.as_str())
                ),
                &[&r.id, nsg],
                rule.fix.to_owned(),
                Some(strip(r, s, "nsg", label, |x| x.nsg = None)),
            );
        }
    }
}

fn route_server_subnet_nsg(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for (r, s) in named(cx, "RouteServerSubnet") {
        if let Some(nsg) = &s.nsg {
            let mut edited = s.clone();
            edited.nsg = None;
            let q = QuickFix::update(
                r,
                Spec::Subnet(edited),
                format!(
                    "remove NSG {} from RouteServerSubnet of {}",
                    cx.name(nsg.as_str()),
                    vnet_name(cx, r)
                ),
                vec![change("nsg", "none")],
            );
            rule.emit_quick(
                out,
                format!(
                    "RouteServerSubnet of {} has NSG {}",
                    vnet_name(cx, r),
                    cx.name(nsg.as_str())
                ),
                &[&r.id, nsg],
                rule.fix.to_owned(),
                Some(q),
            );
        }
    }
}

fn subnet_prefix_size(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for (r, s) in subnets(cx) {
        let main = s.prefix.fixed();
        for c in main.iter().chain(&s.extra_prefixes) {
            let ok = if c.is_ipv4() {
                (2..=29).contains(&c.prefix_len())
            } else {
                c.prefix_len() == 64
            };
            if ok {
                continue;
            }
            // Too small an IPv4 main prefix: a free /29 of the VNet (its own block widened when free).
            let q = (main == Some(*c) && c.is_ipv4() && c.prefix_len() > 29)
                .then(|| super::fix::free_subnet_prefix(cx, r.id.as_str(), 29))
                .flatten()
                .map(|free| {
                    let mut edited = s.clone();
                    edited.prefix = crate::model::SubnetPrefix::Fixed(free);
                    QuickFix::update(
                        r,
                        Spec::Subnet(edited),
                        format!("set the prefix of subnet {} to {free} (was {c})", r.name()),
                        vec![change("prefix", free)],
                    )
                });
            rule.emit_quick(
                out,
                format!("subnet {} has prefix {c}, which Azure cannot create", r.name()),
                &[&r.id],
                rule.fix.to_owned(),
                q,
            );
        }
    }
}

/// A fix that removes something a special subnet must not carry.
fn strip(
    r: &crate::model::Resource,
    s: &Subnet,
    field: &'static str,
    label: String,
    edit: impl FnOnce(&mut Subnet),
) -> QuickFix {
    let mut edited = s.clone();
    edit(&mut edited);
    QuickFix::update(r, Spec::Subnet(edited), label, vec![change(field, "none")])
}

fn vnet_name<'a>(cx: &Ctx<'a>, subnet: &crate::model::Resource) -> &'a str {
    cx.vnet_of_subnet(subnet).map_or("its VNet", |(v, _)| v.name())
}

fn gateway_subnet_default_route(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for (r, s) in named(cx, "GatewaySubnet") {
        if let Some((t, table)) = cx.route_table(s)
            && let Some(route) = table.routes.iter().find(|x| is_default_route(&x.prefix))
        {
            rule.emit(
                out,
                format!(
                    "GatewaySubnet of {} uses route table {} whose route {} sends 0.0.0.0/0 to {}",
                    vnet_name(cx, r),
                    t.name(),
                    route.name,
                    route.next_hop
                ),
                &[&r.id, &t.id],
            );
        }
    }
}

fn gateway_subnet_bgp(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for (r, s) in named(cx, "GatewaySubnet") {
        if let Some((t, table)) = cx.route_table(s)
            && !table.bgp_route_propagation
        {
            let mut edited = table.clone();
            edited.bgp_route_propagation = true;
            let q = QuickFix::update(
                t,
                Spec::RouteTable(edited),
                format!("turn BGP route propagation on in route table {}", t.name()),
                vec![change("bgp_route_propagation", true)],
            );
            rule.emit_quick(
                out,
                format!(
                    "GatewaySubnet of {} uses route table {} with BGP route propagation off",
                    vnet_name(cx, r),
                    t.name()
                ),
                &[&r.id, &t.id],
                rule.fix.to_owned(),
                Some(q),
            );
        }
    }
}

fn gateway_subnet_nat(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for (r, s) in named(cx, "GatewaySubnet") {
        if let Some(nat) = &s.nat_gateway {
            let label = format!(
                "detach NAT gateway {} from GatewaySubnet of {}",
                cx.name(nat.as_str()),
                vnet_name(cx, r)
            );
            rule.emit_quick(
                out,
                format!(
                    "GatewaySubnet of {} has NAT gateway {}",
                    vnet_name(cx, r),
                    cx.name(nat.as_str())
                ),
                &[&r.id, nat],
                rule.fix.to_owned(),
                Some(strip(r, s, "nat_gateway", label, |x| x.nat_gateway = None)),
            );
        }
    }
}

fn bastion_route_table(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for (r, s) in named(cx, "AzureBastionSubnet") {
        if let Some(t) = &s.route_table {
            let label = format!(
                "detach route table {} from AzureBastionSubnet of {}",
                cx.name(t.as_str()),
                vnet_name(cx, r)
            );
            rule.emit_quick(
                out,
                format!(
                    "AzureBastionSubnet of {} uses route table {}",
                    vnet_name(cx, r),
                    cx.name(t.as_str())
                ),
                &[&r.id, t],
                rule.fix.to_owned(),
                Some(strip(r, s, "route_table", label, |x| x.route_table = None)),
            );
        }
    }
}

fn special_delegated(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for (r, s) in cx.special_subnets() {
        if let (Some(d), true) = (&s.delegation, SPECIAL_NAMES.contains(&r.name())) {
            let label = format!("remove delegation {d} from {} of {}", r.name(), vnet_name(cx, r));
            rule.emit_quick(
                out,
                format!("{} of {} is delegated to {d}", r.name(), vnet_name(cx, r)),
                &[&r.id],
                rule.fix.to_owned(),
                Some(strip(r, s, "delegation", label, |x| x.delegation = None)),
            );
        }
    }
}

fn delegation_missing(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    let planned = cx.plan.vnets.iter().flat_map(|v| &v.subnets);
    for plan in planned.filter(|p| p.rules.iter().any(|x| x.delegation.is_some())) {
        let Some((r, s)) = cx
            .get(plan.id.as_str())
            .and_then(|r| r.as_spec::<Subnet>().map(|s| (r, s)))
        else {
            continue;
        };
        for want in plan.rules.iter().filter_map(|x| x.delegation) {
            if s.delegation.as_deref() != Some(want) {
                let has = s
                    .delegation
                    .as_deref()
                    .map_or_else(|| "no delegation".to_owned(), |d| format!("delegation {d}"));
                let mut edited = s.clone();
                edited.delegation = Some(want.to_owned());
                let q = QuickFix::update(
                    r,
                    Spec::Subnet(edited),
                    format!("delegate subnet {} to {want}", r.name()),
                    vec![change("delegation", want)],
                );
                rule.emit_quick(
                    out,
                    format!("subnet {} needs delegation {want} but has {has}", r.name()),
                    &[&r.id],
                    format!("set `delegation = \"{want}\"` on subnet {}", r.name()),
                    Some(q),
                );
            }
        }
    }
}

fn node_subnet_delegated(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for (r, s) in subnets(cx) {
        let Some(d) = &s.delegation else { continue };
        let pools: Vec<&crate::id::Id> = cx
            .residents(r.id.as_str())
            .iter()
            .filter(|c| c.kind() == Kind::NodePool)
            .map(|c| &c.id)
            .collect();
        if let Some(first) = pools.first() {
            rule.emit(
                out,
                format!(
                    "node subnet {} (pool {}) is delegated to {d}",
                    r.name(),
                    cx.name(first.as_str())
                ),
                &[&r.id, first],
            );
        }
    }
}

fn dedicated_shared(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for (r, _) in subnets(cx) {
        let kids = cx.residents(r.id.as_str());
        if kids.is_empty() {
            continue;
        }
        let allowed: Option<&[Kind]> = match r.name() {
            "GatewaySubnet" => Some(&[Kind::VpnGateway, Kind::ExpressRouteGateway]),
            "AzureFirewallSubnet" => Some(&[Kind::Firewall]),
            "AzureBastionSubnet" => Some(&[Kind::Bastion]),
            _ if kids.iter().any(|k| k.kind() == Kind::AppGateway) => Some(&[Kind::AppGateway]),
            _ => None,
        };
        let Some(allowed) = allowed else { continue };
        for k in kids.iter().filter(|k| !allowed.contains(&k.kind())) {
            rule.emit(
                out,
                format!(
                    "{} {} sits in dedicated subnet {}",
                    k.kind().label(),
                    k.name(),
                    r.name()
                ),
                &[&r.id, &k.id],
            );
        }
        let gens: Vec<bool> = kids
            .iter()
            .filter_map(|k| k.as_spec::<AppGateway>())
            .map(|g| matches!(g.sku, AppGatewaySku::StandardV1 | AppGatewaySku::WafV1))
            .collect();
        if gens.iter().any(|v1| *v1) && gens.iter().any(|v1| !*v1) {
            rule.emit_fix(
                out,
                format!("subnet {} mixes Application Gateway v1 and v2", r.name()),
                &[&r.id],
                "give v1 and v2 gateways separate subnets (and migrate v1 to v2)".to_owned(),
            );
        }
    }
}

fn pls_policies(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for (r, _) in cx.all::<PrivateLinkService>(Kind::PrivateLinkService) {
        if let Some((s, spec)) = cx.parent_subnet(r)
            && spec.private_link_service_network_policies
        {
            let mut edited = spec.clone();
            edited.private_link_service_network_policies = false;
            let q = QuickFix::update(
                s,
                Spec::Subnet(edited),
                format!("turn private-link-service network policies off on subnet {}", s.name()),
                vec![change("private_link_service_network_policies", false)],
            );
            rule.emit_quick(
                out,
                format!(
                    "subnet {} holds Private Link Service {} but keeps private-link-service network policies on",
                    s.name(),
                    r.name()
                ),
                &[&s.id, &r.id],
                rule.fix.to_owned(),
                Some(q),
            );
        }
    }
}

fn route_limit(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for (r, t) in cx.all::<RouteTable>(Kind::RouteTable) {
        if t.routes.len() > 400 {
            rule.emit(
                out,
                format!(
                    "route table {} has {} routes; the limit is 400",
                    r.name(),
                    t.routes.len()
                ),
                &[&r.id],
            );
        }
    }
}

fn apim_nsg(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for (r, a) in cx.all::<ApiManagement>(Kind::ApiManagement) {
        let needs = matches!(special::apim_role(a), Some(Role::ApimClassic | Role::ApimV2Integration));
        if let (true, Some((s, spec))) = (needs, cx.parent_subnet(r))
            && spec.nsg.is_none()
        {
            rule.emit(
                out,
                format!(
                    "API Management {} sits in subnet {} which has no NSG",
                    r.name(),
                    s.name()
                ),
                &[&s.id, &r.id],
            );
        }
    }
}

fn pod_subnet_is_node_subnet(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for (r, p) in cx.all::<NodePool>(Kind::NodePool) {
        if let (Some(pod), Some(node)) = (&p.pod_subnet, r.parent())
            && pod == node
        {
            rule.emit(
                out,
                format!(
                    "node pool {} uses subnet {} for both nodes and pods",
                    r.name(),
                    cx.name(node.as_str())
                ),
                &[&r.id, node],
            );
        }
    }
}

fn firewall_mgmt_routes(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for (r, s) in named(cx, "AzureFirewallManagementSubnet") {
        let Some((t, table)) = cx.route_table(s) else { continue };
        let bad = table
            .routes
            .iter()
            .find(|x| !(is_default_route(&x.prefix) && x.next_hop == NextHop::Internet));
        if let Some(route) = bad {
            rule.emit(
                out,
                format!(
                    "AzureFirewallManagementSubnet of {} uses route table {} with route {} ({} → {})",
                    vnet_name(cx, r),
                    t.name(),
                    route.name,
                    route.prefix,
                    route.next_hop
                ),
                &[&r.id, &t.id],
            );
        } else if table.bgp_route_propagation {
            rule.emit(
                out,
                format!(
                    "AzureFirewallManagementSubnet of {} uses route table {} with gateway route propagation on",
                    vnet_name(cx, r),
                    t.name()
                ),
                &[&r.id, &t.id],
            );
        }
    }
}

fn vnet_public_range(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for (r, v) in cx.all::<VirtualNetwork>(Kind::VirtualNetwork) {
        for c in v
            .address_space
            .iter()
            .filter(|c| c.is_ipv4() && !super::is_private_range(**c))
        {
            rule.emit(
                out,
                format!("VNet {} uses address space {c}, outside the private ranges", r.name()),
                &[&r.id],
            );
        }
    }
}
