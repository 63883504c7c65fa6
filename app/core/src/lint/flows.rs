//! Rules on traffic flows, derived from the route engine's traces
//! ([`crate::route`]) rather than from patterns in route tables. They run in
//! their own pass ([`super::lint_flows`]): the engine's facts are built once,
//! and only when the design has a cluster or a route that could send
//! traffic for a private endpoint elsewhere.
//!
//! - ND065 and ND142, asymmetric routing: a stateful firewall that sees one
//!   direction of a flow only drops it (AKS-FW: the firewall pattern routes
//!   the firewall's own public IP to the Internet "to avoid asymmetric
//!   routing"; Microsoft Learn, "Integrate Azure Firewall with Azure
//!   Standard Load Balancer", learn.microsoft.com/azure/firewall/integrate-lb:
//!   the firewall "drops the returning packet"). ND142 compares each traced request with the way its reply is
//!   routed back ([`crate::route::reply_route`]); ND065 (once a pattern on
//!   the node subnet's route table) asks the engine which route the node
//!   subnet takes to the internet.
//! - ND143 and ND144, AKS egress: each cluster's pods → internet trace must
//!   reach the internet and AKS's required endpoints (Microsoft Learn,
//!   "Outbound network and FQDN rules for AKS clusters",
//!   learn.microsoft.com/azure/aks/outbound-rules-control-egress).
//! - ND145, private endpoints: a private endpoint's /32 route wins over a
//!   broader user-defined route, so traffic meant for a firewall skips it,
//!   and a user-defined route that does override the /32 takes the traffic
//!   where the endpoint may not be reached (PE-POL, facts §B.3).

use std::net::Ipv4Addr;

use super::{Finding, Level::Error, Level::Warning, Rule, flow_rule};
use crate::id::Id;
use crate::model::{
    AksCluster, Design, K8sService, Kind, OnPremises, OutboundType, PrivateEndpointPolicies, Resource, RouteTable,
    Subnet,
};
use crate::plan::Plan;
use crate::route::table::{Destination, EffectiveRoute, NextHopType, RouteRole, RouteSource, select};
use crate::route::{self, Endpoint, INTERNET_CLIENT, Net, Path, Proto, StepKind, Verdict};

pub(super) const RULES: &[Rule] = &[
    // AKS-FW, AKS-EGRESS: a default route to the firewall belongs with outbound type userDefinedRouting.
    flow_rule(
        "ND065",
        "load-balancer-outbound-through-firewall",
        Error,
        "A loadBalancer-outbound cluster's node subnet sends internet traffic to a firewall",
        "With outbound type `loadBalancer` the cluster's public load balancer IP is its way in and out, but when the node subnet's effective route to the internet is 0.0.0.0/0 to a virtual appliance, the replies go through the firewall, which drops them as asymmetric; Microsoft's firewall pattern pairs that route with outbound type `userDefinedRouting` (AKS-FW, AKS-EGRESS; learn.microsoft.com/azure/aks/limit-egress-traffic).",
        "AKS-FW, AKS-EGRESS",
        "set `outbound_type = \"userDefinedRouting\"` (ingress through DNAT or an internal load balancer), or remove the 0.0.0.0/0 route from the node subnet's route table",
        lb_outbound_through_firewall,
    ),
    // AKS-FW; learn.microsoft.com/azure/firewall/integrate-lb: a stateful firewall must see both directions.
    flow_rule(
        "ND142",
        "asymmetric-routing",
        Error,
        "A traced flow's request and reply take different ways through a firewall",
        "Azure Firewall is stateful: a reply it receives for a request it never saw, or a request whose reply goes around it, is dropped, so the flow fails although every route exists; the route engine traces the request and routes the reply back, and they must pass the same firewalls (the AKS firewall pattern routes the firewall's public IP to the Internet \"to avoid asymmetric routing\"; AKS-FW; learn.microsoft.com/azure/firewall/integrate-lb).",
        "AKS-FW; learn.microsoft.com/azure/firewall/integrate-lb",
        "route both directions through the same firewall (a matching user-defined route on the other side), or neither",
        asymmetric_routing,
    ),
    // AKS-EGRESS, AKS-UDR; learn.microsoft.com/azure/aks/outbound-rules-control-egress.
    flow_rule(
        "ND143",
        "aks-egress-forced-tunnel",
        Warning,
        "A cluster's pod → internet flow is forced through a gateway to on-premises",
        "AKS nodes need outbound access to the cluster's required endpoints (the API server, mcr.microsoft.com, management.azure.com, login.microsoftonline.com, packages.microsoft.com and others); when 0.0.0.0/0 points at a VPN or ExpressRoute gateway (a user-defined route or a default route advertised by BGP), that traffic leaves Azure and only works if the on-premises network lets it out, which the design cannot show (AKS-EGRESS, AKS-UDR; learn.microsoft.com/azure/aks/outbound-rules-control-egress).",
        "AKS-EGRESS, AKS-UDR; learn.microsoft.com/azure/aks/outbound-rules-control-egress",
        "send the node subnet's 0.0.0.0/0 to a firewall in Azure that allows AKS's required endpoints (the AzureKubernetesService FQDN tag), or make sure the on-premises edge allows them",
        aks_egress_tunnel,
    ),
    // AKS-FW, AKS-EGRESS; learn.microsoft.com/azure/aks/outbound-rules-control-egress.
    flow_rule(
        "ND144",
        "aks-egress-blocked",
        Warning,
        "A cluster's pod → internet flow is dropped or denied before it reaches AKS's required endpoints",
        "AKS nodes must reach the cluster's required outbound endpoints (the API server, mcr.microsoft.com, management.azure.com, login.microsoftonline.com, packages.microsoft.com, acs-mirror.azureedge.net); with egress black-holed, denied by an NSG or a firewall, or allowed only to other host names, nodes cannot pull system images or join the cluster and creation or upgrades fail. A warning, not an error: the engine follows the packet to an example internet address, so a firewall network rule that allows a service tag (AzureCloud, say) cannot be matched (AKS-FW, AKS-EGRESS; learn.microsoft.com/azure/aks/outbound-rules-control-egress).",
        "AKS-FW, AKS-EGRESS; learn.microsoft.com/azure/aks/outbound-rules-control-egress",
        "let the cluster's egress through: connect the cluster to the firewall policy (AKS egress, the AzureKubernetesService FQDN tag), or fix the route or NSG rule that stops it",
        aks_egress_blocked,
    ),
    // PE-POL: a private endpoint's /32 beats broader user-defined routes unless its subnet applies route tables.
    flow_rule(
        "ND145",
        "private-endpoint-route-mismatch",
        Warning,
        "Traffic to a private endpoint skips the firewall a route sends its range to, or a route overrides the endpoint's /32 and does not deliver",
        "Each private endpoint adds a /32 route to its VNet and peered VNets; it wins over any broader route by longest prefix match, and a user-defined route overrides it only when the endpoint's subnet applies route tables (`private_endpoint_network_policies` Enabled or RouteTableEnabled) and the route's prefix is at least as long as the endpoint VNet's address space (0.0.0.0/0 never does). So a broad route to a firewall does not take private endpoint traffic there, and an overriding route takes it wherever it points (PE-POL; learn.microsoft.com/azure/private-link/disable-private-endpoint-network-policy).",
        "PE-POL; learn.microsoft.com/azure/private-link/disable-private-endpoint-network-policy",
        "turn route-table network policies on for the endpoint's subnet and route the endpoint VNet's range (or a longer prefix) to the firewall, or let the endpoint's traffic go directly on purpose",
        private_endpoint_routes,
    ),
];

/// The facts the flow rules read, gathered once.
pub(crate) struct Flows<'d> {
    design: &'d Design,
    net: Net<'d>,
    /// Every cluster whose pods resolve to a path end.
    clusters: Vec<(&'d Resource, &'d AksCluster, Endpoint<'d>)>,
    /// Whether the design has a firewall (no firewall, no stateful hop to miss).
    firewalls: bool,
    /// Whether the design has a public entry point.
    fronts: bool,
    sites: Vec<(&'d Resource, &'d OnPremises)>,
    /// Private endpoints with their subnet and address.
    endpoints: Vec<(&'d Resource, &'d str, Ipv4Addr)>,
    /// Subnets whose route table has a user-defined route for a block
    /// (anything but 0.0.0.0/0), which could hold a private endpoint.
    routed: Vec<(&'d Resource, &'d RouteTable)>,
    /// The pod → internet trace of each cluster that needs egress (ND143
    /// and ND144 read it; traced once).
    egress: Vec<(&'d Resource, Path)>,
}

impl<'d> Flows<'d> {
    /// The facts, or `None` when no flow rule has anything to trace: no
    /// cluster, and no private endpoint beside a block route.
    pub(super) fn build(design: &'d Design, plan: &'d Plan) -> Option<Flows<'d>> {
        let mut clusters = Vec::new();
        let mut firewalls = false;
        let mut fronts = false;
        let mut sites = Vec::new();
        let mut pes = Vec::new();
        let mut routed = Vec::new();
        for r in design.resources() {
            match r.kind() {
                Kind::AksCluster => clusters.extend(r.as_spec::<AksCluster>().map(|c| (r, c))),
                Kind::Firewall => firewalls = true,
                Kind::OnPremises => sites.extend(r.as_spec::<OnPremises>().map(|o| (r, o))),
                Kind::PrivateEndpoint => pes.push(r),
                Kind::Subnet => {
                    let table = r
                        .as_spec::<Subnet>()
                        .and_then(|s| s.route_table.as_ref())
                        .and_then(|t| design.spec::<RouteTable>(t.as_str()));
                    if let Some(t) = table
                        && t.routes.iter().any(|x| match &x.prefix {
                            crate::net::AddressPrefix::Cidr(c) => c.prefix_len() > 0,
                            crate::net::AddressPrefix::ServiceTag(_) => false,
                        })
                    {
                        routed.push((r, t));
                    }
                }
                _ => {}
            }
            fronts |= route::is_public_front(r);
        }
        if clusters.is_empty() && (pes.is_empty() || routed.is_empty()) {
            return None;
        }
        let net = Net::build(design, plan);
        let clusters: Vec<_> = clusters
            .into_iter()
            .filter_map(|(r, c)| match route::resolve(&net, r.id.as_str()) {
                Ok(p @ Endpoint::Pods { .. }) => Some((r, c, p)),
                _ => None,
            })
            .collect();
        let egress = clusters
            .iter()
            .filter(|(_, c, _)| c.outbound_type != OutboundType::None)
            .map(|(r, _, pods)| (*r, route::trace(&net, pods, &Endpoint::Internet, Proto::Tcp, 443)))
            .collect();
        let endpoints = pes
            .into_iter()
            .filter_map(|pe| {
                let s = net.subnet_of(pe)?;
                let (ip, _) = net.address(pe.id.as_str())?;
                Some((pe, s.res.id.as_str(), ip))
            })
            .collect();
        Some(Flows {
            design,
            net,
            clusters,
            firewalls,
            fronts,
            sites,
            endpoints,
            routed,
            egress,
        })
    }

    fn id(&self, id: &str) -> Option<Id> {
        self.design.get(id).map(|r| r.id.clone())
    }

    fn name(&self, id: &str) -> &'d str {
        self.design.get(id).map_or("", |r| r.name())
    }

    /// The subnet of a cluster's first node pool (system first).
    fn node_subnet(&self, cluster: &Resource) -> Option<&'d str> {
        let pools = self.net.pools(cluster.id.as_str());
        let (pool, _) = pools.first()?;
        self.net.subnet_of(pool).map(|s| s.res.id.as_str())
    }

    /// Whether two VNets are one or joined by a peering.
    fn reachable(&self, a: &str, b: &str) -> bool {
        a == b || self.net.peering_between(a, b).is_some()
    }

    fn vnet_of(&self, subnet: &str) -> Option<&'d str> {
        self.net.subnet(subnet).map(|s| s.vnet.id.as_str())
    }
}

/// The subnet a cluster's pods leave from, and the address the outside sees
/// for them (the node's, for models that NAT pods to their node).
fn pod_source<'d>(pods: &Endpoint<'d>) -> Option<(&'d str, Ipv4Addr)> {
    match pods {
        Endpoint::Pods {
            subnet, ip, node_ip, ..
        } => Some((subnet, node_ip.unwrap_or(*ip))),
        _ => None,
    }
}

/// The first route a path takes, in the engine's words.
fn first_route(path: &Path) -> Option<&str> {
    path.hops
        .iter()
        .flat_map(|h| h.steps.iter())
        .find(|s| s.kind == StepKind::Route)
        .map(|s| s.text.as_str())
}

fn flow_label(path: &Path) -> String {
    format!("flow {} → {}", path.from, path.to)
}

// ---------------------------------------------------------------------------
// Asymmetric routing (ND065, ND142).

/// One asymmetry found: message, resources, fix.
struct Asymmetry {
    message: String,
    resources: Vec<Id>,
    fix: String,
}

/// Compares a delivered request that passed no firewall with its reply from
/// `subnet` to `client`: a firewall on the reply's way never saw the request.
fn reply_mismatch(fx: &Flows<'_>, path: &Path, subnet: &str, client: Ipv4Addr, fix: String) -> Option<Asymmetry> {
    if !matches!(path.verdict, Verdict::Delivered | Verdict::Restricted) {
        return None;
    }
    let forward = route::firewalls_on(&fx.net, path);
    let reply = route::reply_route(&fx.net, subnet, client)?;
    let fw = reply.firewalls.iter().find(|f| !forward.contains(f))?;
    Some(Asymmetry {
        message: format!(
            "{}: the request reaches subnet {} without passing firewall {}, but the reply to {client} takes {}, into {}, which never saw the request and drops the reply (asymmetric routing)",
            flow_label(path),
            fx.name(subnet),
            fx.name(fw.as_str()),
            reply.route,
            fx.name(fw.as_str()),
        ),
        resources: fx.id(subnet).into_iter().chain([fw.clone()]).collect(),
        fix,
    })
}

/// A path the engine itself finds asymmetric (a firewall passed without SNAT
/// that the reply goes around).
fn engine_asymmetry(fx: &Flows<'_>, path: &Path) -> Option<Asymmetry> {
    if path.verdict != Verdict::Asymmetric {
        return None;
    }
    let forward = route::firewalls_on(&fx.net, path);
    let fw = forward.first()?;
    Some(Asymmetry {
        message: format!("{}: {}", flow_label(path), path.reason),
        resources: vec![fw.clone()],
        fix: format!(
            "route the reply back through {} as well (a user-defined route for the source's range to the firewall in the answering subnet's route table), or send the request around it",
            fx.name(fw.as_str())
        ),
    })
}

/// The public ways into a cluster whose request and reply differ.
fn ingress_asymmetries(fx: &Flows<'_>, cluster: &Resource) -> Vec<Asymmetry> {
    let mut out = Vec::new();
    if !fx.fronts || !fx.firewalls {
        return out;
    }
    let Some(node_subnet) = fx.node_subnet(cluster) else {
        return out;
    };
    for front in route::public_fronts(&fx.net, cluster) {
        let path = route::trace_ingress(&fx.net, front, cluster);
        // Where the backend sees the request come from: the client itself
        // through a load balancer (it keeps the source), else the proxy in
        // front of it (App Gateway, App Gateway for Containers, Private Link).
        let mut proxy: Option<Ipv4Addr> = None;
        let mut direct = false;
        let mut delivery = None;
        for hop in &path.hops {
            let Some(r) = hop.resource.as_ref().and_then(|id| fx.design.get(id.as_str())) else {
                continue;
            };
            match r.kind() {
                Kind::AppGateway => proxy = fx.net.instance(r.id.as_str()),
                Kind::AppGatewayForContainers | Kind::PrivateLinkService => {
                    proxy = fx.net.address(r.id.as_str()).map(|(a, _)| a);
                }
                Kind::K8sService if r.as_spec::<K8sService>().is_some_and(|s| !s.internal) && proxy.is_none() => {
                    direct = true;
                }
                Kind::Subnet => delivery = Some(r.id.as_str()),
                _ => {}
            }
        }
        let found = if direct {
            reply_mismatch(
                fx,
                &path,
                node_subnet,
                INTERNET_CLIENT,
                format!(
                    "publish {} through the firewall instead (a DNAT rule to an internal load balancer service), or behind an App Gateway with an internal service; a public load balancer keeps the client's address, so node subnet {}'s route to the internet must be the way back (AKS-FW)",
                    front.name(),
                    fx.name(node_subnet)
                ),
            )
        } else if let Some(p) = proxy {
            let subnet = delivery.unwrap_or(node_subnet);
            reply_mismatch(
                fx,
                &path,
                subnet,
                p,
                format!(
                    "give subnet {} a route for {p}'s subnet that matches the request's way, or remove the route that sends the reply to the firewall",
                    fx.name(subnet)
                ),
            )
        } else {
            None
        };
        if let Some(mut a) = found.or_else(|| engine_asymmetry(fx, &path)) {
            a.resources.insert(0, front.id.clone());
            out.push(a);
        }
    }
    out
}

fn asymmetric_routing(fx: &Flows<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    if !fx.firewalls {
        return;
    }
    for (c, spec, pods) in &fx.clusters {
        let mut found = ingress_asymmetries(fx, c);
        let Some((pod_subnet, seen)) = pod_source(pods) else {
            continue;
        };
        let Some(vnet) = fx.vnet_of(pod_subnet) else { continue };
        // On-premises networks behind the gateways the cluster's VNet uses, both ways.
        let gateways: Vec<Id> = fx.net.gateways_for(vnet).iter().map(|(g, _)| g.id.clone()).collect();
        for (site, o) in &fx.sites {
            let Some(gw) = o.gateway.as_ref().filter(|g| gateways.contains(g)) else {
                continue;
            };
            let Ok(site_end) = route::resolve(&fx.net, site.id.as_str()) else {
                continue;
            };
            let path = route::trace(&fx.net, pods, &site_end, Proto::Tcp, 443);
            let gw_subnet = fx
                .design
                .get(gw.as_str())
                .and_then(|g| fx.net.subnet_of(g))
                .map(|s| s.res.id.as_str());
            let back = gw_subnet.and_then(|s| {
                reply_mismatch(
                    fx,
                    &path,
                    s,
                    seen,
                    format!(
                        "route the request through the same firewall (a route for {}'s range to it in {}'s route table), or let GatewaySubnet send the reply to the cluster directly",
                        site.name(),
                        fx.name(pod_subnet)
                    ),
                )
            });
            found.extend(back.or_else(|| engine_asymmetry(fx, &path)));
            // On premises into the cluster: the API server of a private
            // cluster, else an address in the node subnet.
            let target = if spec.private_cluster {
                route::api_server(&fx.net, c)
            } else {
                fx.node_subnet(c).and_then(|s| {
                    fx.net.spare(s).map(|ip| Endpoint::InSubnet {
                        subnet: s,
                        ip,
                        assumed: true,
                        resource: None,
                    })
                })
            };
            let Some(target) = target else { continue };
            let (Endpoint::ApiServer { subnet, .. } | Endpoint::InSubnet { subnet, .. }) = &target else {
                continue;
            };
            let Some(site_ip) = site_end.address() else { continue };
            let path = route::trace(&fx.net, &site_end, &target, Proto::Tcp, 443);
            let back = reply_mismatch(
                fx,
                &path,
                subnet,
                site_ip,
                format!(
                    "send the request through the same firewall (a route for {}'s range to it in GatewaySubnet's route table, as the hub-and-spoke pattern does), or route {}'s reply to on-premises directly (gateway route propagation on)",
                    fx.name(subnet),
                    fx.name(subnet)
                ),
            );
            found.extend(back.or_else(|| engine_asymmetry(fx, &path)));
        }
        // Private endpoints the pods reach through a firewall.
        let routes = route::effective_routes(&fx.net, pod_subnet);
        for (pe, pe_subnet, ip) in &fx.endpoints {
            if !fx.vnet_of(pe_subnet).is_some_and(|v| fx.reachable(vnet, v)) {
                continue;
            }
            let via_appliance = select(&routes, &Destination::ip(*ip))
                .is_some_and(|ch| routes[ch.index].next_hop == NextHopType::VirtualAppliance);
            if !via_appliance {
                continue;
            }
            let Ok(to) = route::resolve(&fx.net, pe.id.as_str()) else {
                continue;
            };
            let path = route::trace(&fx.net, pods, &to, Proto::Tcp, 443);
            found.extend(engine_asymmetry(fx, &path));
        }
        for a in found {
            let mut ids: Vec<&Id> = vec![&c.id];
            ids.extend(a.resources.iter());
            rule.emit_fix(out, a.message, &ids, a.fix);
        }
    }
}

fn lb_outbound_through_firewall(fx: &Flows<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for (c, spec, _) in &fx.clusters {
        if spec.outbound_type != OutboundType::LoadBalancer {
            continue;
        }
        // A public way in that ND142 reports as a concrete flow says more.
        if ingress_asymmetries(fx, c).iter().any(|a| {
            a.resources
                .first()
                .and_then(|f| fx.design.spec::<K8sService>(f.as_str()))
                .is_some()
        }) {
            continue;
        }
        let mut subnets: Vec<&str> = fx
            .net
            .pools(c.id.as_str())
            .iter()
            .filter_map(|(p, _)| fx.net.subnet_of(p).map(|s| s.res.id.as_str()))
            .collect();
        subnets.sort_unstable();
        subnets.dedup();
        for s in subnets {
            let routes = route::effective_routes(&fx.net, s);
            let Some(choice) = select(&routes, &Destination::ip(INTERNET_CLIENT)) else {
                continue;
            };
            let r = &routes[choice.index];
            if r.next_hop != NextHopType::VirtualAppliance {
                continue;
            }
            let Some(subnet) = fx.id(s) else { continue };
            let table = r.origin.clone().unwrap_or_else(|| subnet.clone());
            rule.emit(
                out,
                format!(
                    "cluster {} uses outbound type loadBalancer but node subnet {} sends internet traffic by {} ({}) to a virtual appliance: replies to the load balancer's public IP would leave through the firewall (asymmetric routing)",
                    c.name(),
                    fx.name(s),
                    r.describe(),
                    r.label
                ),
                &[&c.id, &table, &subnet],
            );
        }
    }
}

// ---------------------------------------------------------------------------
// AKS egress (ND143, ND144).

/// The host names AKS needs in every cluster (Microsoft Learn, "Outbound
/// network and FQDN rules for AKS clusters", global Azure required FQDNs;
/// the API server's own name depends on the cluster).
const AKS_REQUIRED_FQDNS: &[&str] = &[
    "mcr.microsoft.com",
    "*.data.mcr.microsoft.com",
    "management.azure.com",
    "login.microsoftonline.com",
    "packages.microsoft.com",
    "acs-mirror.azureedge.net",
];

/// Whether the host names a restricted path may reach cover AKS's needs: the
/// AzureKubernetesService FQDN tag, or every required FQDN.
fn covers_aks(reason: &str) -> bool {
    let lower = reason.to_ascii_lowercase();
    lower.contains("azurekubernetesservice") || AKS_REQUIRED_FQDNS.iter().all(|f| lower.contains(f))
}

/// The hop holding a gateway to on-premises, if the path passes one.
fn gateway_hop(fx: &Flows<'_>, path: &Path) -> Option<Id> {
    path.hops
        .iter()
        .filter_map(|h| h.resource.as_ref())
        .find(|id| {
            fx.design
                .get(id.as_str())
                .is_some_and(|r| matches!(r.kind(), Kind::VpnGateway | Kind::ExpressRouteGateway))
        })
        .cloned()
}

fn aks_egress_tunnel(fx: &Flows<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for (c, path) in &fx.egress {
        let Some(gw) = gateway_hop(fx, path) else { continue };
        rule.emit(
            out,
            format!(
                "pod → internet of cluster {} leaves Azure through gateway {} to on-premises ({}); AKS's required endpoints are reached only if the on-premises edge lets them out",
                c.name(),
                fx.name(gw.as_str()),
                first_route(path).unwrap_or("its default route")
            ),
            &[&c.id, &gw],
        );
    }
}

fn aks_egress_blocked(fx: &Flows<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for (c, path) in &fx.egress {
        if gateway_hop(fx, path).is_some() {
            continue; // ND143
        }
        let Some(last) = path.hops.last() else { continue };
        let at = last.resource.clone();
        let stopped_by = last.steps.last().map(|s| s.kind);
        let firewall = route::firewalls_on(&fx.net, path).into_iter().next();
        let fix = match (&firewall, stopped_by) {
            (Some(fw), _) if path.verdict != Verdict::BlackHoled => {
                let policy = fx
                    .design
                    .spec::<crate::model::Firewall>(fw.as_str())
                    .and_then(|f| f.policy.clone());
                match policy {
                    Some(p) => format!(
                        "connect cluster {} to firewall policy {} (AKS egress: an application rule with the AzureKubernetesService FQDN tag from the cluster's subnets), or add rules for AKS's required endpoints",
                        c.name(),
                        fx.name(p.as_str())
                    ),
                    None => format!(
                        "give firewall {} a policy that allows AKS's required endpoints (the AzureKubernetesService FQDN tag)",
                        fx.name(fw.as_str())
                    ),
                }
            }
            (_, Some(StepKind::Nsg)) => format!(
                "allow outbound TCP 443 to the internet (or the AzureCloud service tag) in the NSG of {}",
                last.at
            ),
            _ => "route the node subnet's 0.0.0.0/0 to a firewall that allows AKS's required endpoints, a NAT gateway or the internet".to_owned(),
        };
        let message = match path.verdict {
            Verdict::BlackHoled | Verdict::Denied => format!(
                "pod → internet of cluster {} is {} at {}: {}",
                c.name(),
                path.verdict.as_str(),
                last.at,
                path.reason
            ),
            Verdict::Restricted if !covers_aks(&path.reason) => format!(
                "pod → internet of cluster {} {}: not the AzureKubernetesService FQDN tag nor AKS's required endpoints ({})",
                c.name(),
                path.reason,
                AKS_REQUIRED_FQDNS.join(", ")
            ),
            _ => continue,
        };
        let mut ids: Vec<&Id> = vec![&c.id];
        ids.extend(firewall.as_ref().or(at.as_ref()));
        rule.emit_fix(out, message, &ids, fix);
    }
}

// ---------------------------------------------------------------------------
// Private endpoints and user-defined routes (ND145).

/// One source subnet and one private endpoint it reaches, with the source's
/// effective routes and the index of the endpoint's /32 among them.
struct PeCase<'a, 'd> {
    from: &'d Resource,
    pe: &'d Resource,
    pe_subnet: &'d str,
    ip: Ipv4Addr,
    routes: &'a [EffectiveRoute],
    pe_index: usize,
}

fn private_endpoint_routes(fx: &Flows<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for (s, table) in &fx.routed {
        let Some(vnet) = fx.vnet_of(s.id.as_str()) else {
            continue;
        };
        let mut routes = None;
        for (pe, pe_subnet, ip) in &fx.endpoints {
            if !fx.vnet_of(pe_subnet).is_some_and(|v| fx.reachable(vnet, v)) {
                continue;
            }
            // Only a user-defined route for a block holding the endpoint can
            // disagree with the endpoint's /32.
            let holds = table.routes.iter().any(|r| match &r.prefix {
                crate::net::AddressPrefix::Cidr(c) => {
                    c.prefix_len() > 0 && c.net().contains(&std::net::IpAddr::V4(*ip))
                }
                crate::net::AddressPrefix::ServiceTag(_) => false,
            });
            if !holds {
                continue;
            }
            let routes = routes.get_or_insert_with(|| route::effective_routes(&fx.net, s.id.as_str()));
            let Some(choice) = select(routes, &Destination::ip(*ip)) else {
                continue;
            };
            let Some(pe_index) = routes
                .iter()
                .position(|r| matches!(r.role, RouteRole::PrivateEndpoint { .. }) && r.origin.as_ref() == Some(&pe.id))
            else {
                continue;
            };
            let case = PeCase {
                from: s,
                pe,
                pe_subnet,
                ip: *ip,
                routes,
                pe_index,
            };
            let found = if choice.index == pe_index {
                pe_bypassed(fx, &case)
            } else if routes[choice.index].source == RouteSource::User && !routes[pe_index].active {
                pe_overridden(fx, &case, &routes[choice.index])
            } else {
                None
            };
            if let Some((message, fix)) = found {
                rule.emit_fix(out, message, &[&pe.id, &s.id], fix);
            }
        }
    }
}

/// The endpoint's /32 won; the route it beat sends the range to an appliance.
fn pe_bypassed(fx: &Flows<'_>, case: &PeCase<'_, '_>) -> Option<(String, String)> {
    let PeCase {
        from,
        pe,
        pe_subnet,
        ip,
        routes,
        pe_index,
    } = *case;
    let mut without = routes.to_vec();
    without[pe_index].active = false;
    let alt = &without[select(&without, &Destination::ip(ip))?.index];
    if alt.source != RouteSource::User || alt.next_hop != NextHopType::VirtualAppliance {
        return None;
    }
    let space = fx
        .vnet_of(pe_subnet)
        .and_then(|v| fx.net.spaces(v).iter().find(|sp| sp.contains(&ip)))
        .map_or_else(|| "the endpoint VNet's range".to_owned(), ToString::to_string);
    let policies_on = fx.net.subnet(pe_subnet).is_some_and(|x| {
        matches!(
            x.spec.private_endpoint_network_policies,
            PrivateEndpointPolicies::Enabled | PrivateEndpointPolicies::RouteTableEnabled
        )
    });
    let (why, fix) = if policies_on {
        (
            format!(
                "{} is broader than {space}, the endpoint VNet's range, so it cannot override the /32",
                alt.prefix
            ),
            format!(
                "add a route for {space} (or a longer prefix holding {ip}) to the same appliance in route table {}",
                fx.name(alt.origin.as_ref().map_or(from.id.as_str(), Id::as_str))
            ),
        )
    } else {
        (
            format!(
                "subnet {} keeps route-table network policies off for private endpoints, so no user-defined route overrides the /32",
                fx.name(pe_subnet)
            ),
            format!(
                "set `private_endpoint_network_policies = \"RouteTableEnabled\"` on subnet {} and route {space} (or a longer prefix holding {ip}) to the appliance, or accept that endpoint traffic goes directly",
                fx.name(pe_subnet)
            ),
        )
    };
    let target = alt.next_hop_ip.map_or_else(String::new, |a| format!(" {a}"));
    Some((
        format!(
            "traffic from subnet {} to private endpoint {} ({ip}) takes the endpoint's /32 route directly, not {} ({}) to the appliance{target}: {why}",
            from.name(),
            pe.name(),
            alt.describe(),
            alt.label
        ),
        fix,
    ))
}

/// A user-defined route overrides the endpoint's /32: report it when the
/// traced flow does not arrive.
fn pe_overridden(fx: &Flows<'_>, case: &PeCase<'_, '_>, chosen: &EffectiveRoute) -> Option<(String, String)> {
    let PeCase {
        from,
        pe,
        pe_subnet,
        ip,
        ..
    } = *case;
    let start = Endpoint::InSubnet {
        subnet: from.id.as_str(),
        ip: fx.net.spare(from.id.as_str())?,
        assumed: true,
        resource: None,
    };
    let to = route::resolve(&fx.net, pe.id.as_str()).ok()?;
    let path = route::trace(&fx.net, &start, &to, Proto::Tcp, 443);
    // Delivered is what the route means; an asymmetric return is the flow
    // rule's (ND142) to report, for cluster flows.
    if matches!(
        path.verdict,
        Verdict::Delivered | Verdict::Restricted | Verdict::Asymmetric
    ) {
        return None;
    }
    let at = path.hops.last().map_or_else(String::new, |h| h.at.clone());
    Some((
        format!(
            "traffic from subnet {} to private endpoint {} ({ip}) follows {} ({}) instead of the endpoint's /32, and is {} at {at}: {}",
            from.name(),
            pe.name(),
            chosen.describe(),
            chosen.label,
            path.verdict.as_str(),
            path.reason
        ),
        format!(
            "make {} deliver to the endpoint (allow it on the appliance), narrow it so it does not hold {ip}, or turn route-table network policies off on subnet {}",
            chosen.label,
            fx.name(pe_subnet)
        ),
    ))
}
