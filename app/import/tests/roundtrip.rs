//! The round trip: a design → the ARM bodies Azure would return for it
//! (`simulate`) → served by the local ARM test server, paged → imported →
//! compared with the design, then exported (Terraform for azurerm 5 and 4,
//! Bicep) and compared file by file with the original's export.
//!
//! What "equal" means (modulo):
//! - ids: the import names ids after Azure names; resources are matched by
//!   kind, Azure name and, where Azure nests them (subnets in VNets, node pools
//!   and Kubernetes services in subnets, gateways in subnets), their parent;
//!   the imported design is then re-keyed to the original's ids before export;
//! - layout: `at`, `extent`, and the canvas parent of resources Azure does not
//!   nest (clusters, NSGs, route tables, … sit in a VNet or region on the canvas
//!   only); regions compare by location, not by label;
//! - notes, and the design header (name, description, settings, decisions,
//!   accepted findings), which Azure does not hold;
//! - resource groups compare by the effective group's name (own or inherited);
//! - values Azure fills in: an `auto` subnet comes back with the prefix the
//!   planner gave it, and a pool's absent `max_pods` as the plan's effective value.
//!
//! Only the kinds the simulator writes ([`SIMULATED`]) are served. A template
//! whose design holds other kinds does not round-trip as a whole: the test
//! asserts exactly which kinds differ ([`KNOWN_GAPS`], with the reason), and
//! round-trips the design restricted to the simulated kinds, exports included.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::too_many_lines,
    clippy::needless_pass_by_value,
    clippy::collapsible_match,
    clippy::needless_for_each
)]

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use netdraft_core::model::{
    AksCluster, ClusterAuth, Design, IpAllocation, Kind, NatGateway, NodeOsUpgradeChannel, NodePool, Nsg, PeeringState,
    PublicIp, Resource, RouteTable, Spec, Subnet, SubnetPrefix, UpgradeChannel, VirtualNetwork, VnetPeering,
};
use netdraft_core::plan::{self, Plan};
use netdraft_core::{Id, templates};
use netdraft_export::{Format, Templates};
use netdraft_import::auth::StaticToken;
use netdraft_import::http::HttpTransport;
use netdraft_import::{AccessToken, AzureOptions, RetryPolicy, import_azure};
use serde_json::{Value, json};
use support::{SUB, Server};

/// The kinds the simulator turns into ARM bodies.
const SIMULATED: &[Kind] = &[
    Kind::Region,
    Kind::ResourceGroup,
    Kind::VirtualNetwork,
    Kind::Subnet,
    Kind::VnetPeering,
    Kind::Nsg,
    Kind::RouteTable,
    Kind::NatGateway,
    Kind::PublicIp,
    Kind::AksCluster,
    Kind::NodePool,
];

/// Per starter template: the kinds that do not come back equal, and why.
/// The flag says whether the design restricted to the simulated kinds comes back exactly.
const KNOWN_GAPS: &[(&str, &[Kind], &str, bool)] = &[
    (
        "kubenet-vs-overlay",
        &[Kind::K8sService],
        "Kubernetes services are not simulated (their internal load balancer lives in the node resource group; names come back as placeholders without an AKS-made Private Link Service)",
        true,
    ),
    (
        "aks-baseline-hub-spoke",
        &[
            Kind::AppGateway,
            Kind::Bastion,
            Kind::Firewall,
            Kind::FirewallPolicy,
            Kind::K8sService,
            Kind::OnPremises,
            Kind::PaasService,
            Kind::PrivateDnsZone,
            Kind::PrivateEndpoint,
            Kind::RouteTable,
            Kind::VpnGateway,
            Kind::AksCluster,
            Kind::VirtualNetwork,
            Kind::Subnet,
        ],
        "firewalls, gateways, Bastion, App Gateways, private endpoints and DNS zones are not simulated yet; the route table's next hop is the firewall; the cluster names its private DNS zone and default-deny namespaces (Kubernetes-side, not in Azure); without the firewall and gateway the import finds no hub, so VNet roles differ (also restricted); a subnet's `extra_ips` is design-only",
        false,
    ),
    (
        "agic-cert-manager",
        &[
            Kind::AppGateway,
            Kind::CertIssuer,
            Kind::TrafficManager,
            Kind::AksCluster,
        ],
        "App Gateways, Traffic Manager and cert-manager issuers are not simulated yet; the cluster's `ingress = \"agic\"` needs its gateway (also restricted)",
        false,
    ),
    (
        "apim-internal-lb",
        &[Kind::ApiManagement, Kind::K8sService],
        "API Management and Kubernetes services are not simulated yet",
        true,
    ),
    (
        "agc-gateway-api",
        &[Kind::AppGatewayForContainers, Kind::AksCluster],
        "App Gateway for Containers is not simulated yet; the import reads a cluster's `ingress = \"app-gateway-for-containers\"` from the AGC resource only (also restricted)",
        false,
    ),
    (
        "two-region-front-door",
        &[Kind::FrontDoor, Kind::K8sService, Kind::PrivateLinkService],
        "Front Door, Private Link Services and Kubernetes services are not simulated yet",
        true,
    ),
];

// ---------------------------------------------------------------------------
// The estate simulator.

struct Sim<'a> {
    d: &'a Design,
    p: &'a Plan,
    /// Design id → ARM id.
    arm: BTreeMap<Id, String>,
    /// List path → items.
    lists: BTreeMap<String, Vec<Value>>,
}

fn rg_of(d: &Design, id: &str) -> Option<String> {
    let me = d.get(id)?;
    if let Some(rg) = &me.meta.resource_group {
        return d.get(rg.as_str()).map(|g| g.name().to_owned());
    }
    for a in d.ancestors(id) {
        if a.kind() == Kind::ResourceGroup {
            return Some(a.name().to_owned());
        }
        if let Some(rg) = &a.meta.resource_group {
            return d.get(rg.as_str()).map(|g| g.name().to_owned());
        }
    }
    None
}

fn location_of(d: &Design, id: &str) -> String {
    let region = d.enclosing(id, Kind::Region).or_else(|| {
        let rg = d.get(id)?.meta.resource_group.clone()?;
        d.enclosing(rg.as_str(), Kind::Region)
    });
    region
        .and_then(|r| r.as_spec::<netdraft_core::model::Region>())
        .map_or_else(|| "westeurope".to_owned(), |r| r.location.clone())
}

fn provider_path(kind: Kind) -> Option<&'static str> {
    Some(match kind {
        Kind::VirtualNetwork => "Microsoft.Network/virtualNetworks",
        Kind::Nsg => "Microsoft.Network/networkSecurityGroups",
        Kind::RouteTable => "Microsoft.Network/routeTables",
        Kind::NatGateway => "Microsoft.Network/natGateways",
        Kind::PublicIp => "Microsoft.Network/publicIPAddresses",
        Kind::AksCluster => "Microsoft.ContainerService/managedClusters",
        _ => return None,
    })
}

impl<'a> Sim<'a> {
    fn new(d: &'a Design, p: &'a Plan) -> Sim<'a> {
        let mut s = Sim {
            d,
            p,
            arm: BTreeMap::new(),
            lists: BTreeMap::new(),
        };
        let default_rg = format!("rg-{}", netdraft_core::text::dns1123(&d.name));
        for r in d.resources() {
            let rg = rg_of(d, r.id.as_str()).unwrap_or_else(|| default_rg.clone());
            if let Some(provider) = provider_path(r.kind()) {
                s.arm.insert(
                    r.id.clone(),
                    format!(
                        "/subscriptions/{SUB}/resourceGroups/{rg}/providers/{provider}/{}",
                        r.name()
                    ),
                );
            }
        }
        for (r, _) in d.all::<Subnet>() {
            if let Some(v) = r.parent().and_then(|v| s.arm.get(v)).cloned() {
                s.arm.insert(r.id.clone(), format!("{v}/subnets/{}", r.name()));
            }
        }
        s
    }

    fn rid(&self, id: &Id) -> Value {
        json!({"id": self.arm[id]})
    }

    fn push(&mut self, provider: &str, body: Value) {
        self.lists
            .entry(format!("/subscriptions/{SUB}/providers/{provider}"))
            .or_default()
            .push(body);
    }

    fn top(&self, r: &Resource, kind: &str, properties: Value) -> Value {
        json!({
            "id": self.arm[&r.id],
            "name": r.name(),
            "type": kind,
            "location": location_of(self.d, r.id.as_str()),
            "properties": properties,
        })
    }

    fn run(mut self) -> BTreeMap<String, Vec<Value>> {
        let d = self.d;
        let default_rg = format!("rg-{}", netdraft_core::text::dns1123(&d.name));
        let mut groups: BTreeMap<String, String> = BTreeMap::new();
        for r in d.resources().filter(|r| provider_path(r.kind()).is_some()) {
            let rg = rg_of(d, r.id.as_str()).unwrap_or_else(|| default_rg.clone());
            let loc = d
                .all::<netdraft_core::model::ResourceGroup>()
                .find(|(g, _)| g.name() == rg)
                .map_or_else(|| location_of(d, r.id.as_str()), |(g, _)| location_of(d, g.id.as_str()));
            groups.entry(rg).or_insert(loc);
        }
        for (r, _) in d.all::<netdraft_core::model::ResourceGroup>() {
            groups
                .entry(r.name().to_owned())
                .or_insert_with(|| location_of(d, r.id.as_str()));
        }
        let rgs: Vec<Value> = groups
            .iter()
            .map(|(g, loc)| {
                json!({"id": format!("/subscriptions/{SUB}/resourceGroups/{g}"), "name": g,
                       "type": "Microsoft.Resources/resourceGroups", "location": loc})
            })
            .collect();
        self.lists.insert(format!("/subscriptions/{SUB}/resourcegroups"), rgs);

        for (r, s) in d.all::<PublicIp>() {
            if s.prefix_length.is_some() {
                continue;
            }
            let mut body = self.top(
                r,
                "Microsoft.Network/publicIPAddresses",
                json!({"publicIPAllocationMethod": s.allocation.as_str(), "publicIPAddressVersion": "IPv4"}),
            );
            body["sku"] = json!({"name": s.sku.as_str(), "tier": "Regional"});
            if !s.zones.is_empty() {
                body["zones"] = json!(s.zones);
            }
            if let Some(l) = &s.dns_label {
                body["properties"]["dnsSettings"] = json!({"domainNameLabel": l});
            }
            self.push("Microsoft.Network/publicIPAddresses", body);
        }
        for (r, s) in d.all::<NatGateway>() {
            let ips: Vec<Value> = s.public_ips.iter().map(|i| self.rid(i)).collect();
            let mut props = json!({"publicIpAddresses": ips});
            if let Some(t) = s.idle_timeout_minutes {
                props["idleTimeoutInMinutes"] = json!(t);
            }
            let mut body = self.top(r, "Microsoft.Network/natGateways", props);
            body["sku"] = json!({"name": s.sku.as_str()});
            if !s.zones.is_empty() {
                body["zones"] = json!(s.zones);
            }
            self.push("Microsoft.Network/natGateways", body);
        }
        for (r, s) in d.all::<Nsg>() {
            let rules: Vec<Value> = s
                .rules
                .iter()
                .map(|x| {
                    let mut p = json!({
                        "priority": x.priority, "direction": x.direction.as_str(), "access": x.access.as_str(),
                        "protocol": x.protocol.as_str(), "sourceAddressPrefix": x.source,
                        "sourcePortRange": x.source_ports, "destinationAddressPrefix": x.destination,
                        "destinationPortRange": x.destination_ports,
                    });
                    if let Some(desc) = &x.description {
                        p["description"] = json!(desc);
                    }
                    json!({"name": x.name, "properties": p})
                })
                .collect();
            let body = self.top(
                r,
                "Microsoft.Network/networkSecurityGroups",
                json!({"securityRules": rules}),
            );
            self.push("Microsoft.Network/networkSecurityGroups", body);
        }
        for (r, s) in d.all::<RouteTable>() {
            let routes: Vec<Value> = s
                .routes
                .iter()
                .map(|x| {
                    let mut p = json!({"addressPrefix": x.prefix.to_string(), "nextHopType": x.next_hop.as_str()});
                    if let Some(ip) = x.next_hop_ip {
                        p["nextHopIpAddress"] = json!(ip.to_string());
                    }
                    json!({"name": x.name, "properties": p})
                })
                .collect();
            let body = self.top(
                r,
                "Microsoft.Network/routeTables",
                json!({"disableBgpRoutePropagation": !s.bgp_route_propagation, "routes": routes}),
            );
            self.push("Microsoft.Network/routeTables", body);
        }
        // Peerings, per VNet: `from` → `to`, and the way back when connected.
        let mut peerings: BTreeMap<Id, Vec<Value>> = BTreeMap::new();
        for (r, s) in d.all::<VnetPeering>() {
            let side = |name: &str, local: &Id, remote: &Id, transit: bool, use_gw: bool, state: PeeringState| {
                json!({
                    "id": format!("{}/virtualNetworkPeerings/{name}", self.arm[local]),
                    "name": name,
                    "type": "Microsoft.Network/virtualNetworks/virtualNetworkPeerings",
                    "properties": {
                        "remoteVirtualNetwork": {"id": self.arm[remote]},
                        "allowVirtualNetworkAccess": s.allow_virtual_network_access,
                        "allowForwardedTraffic": s.allow_forwarded_traffic,
                        "allowGatewayTransit": transit,
                        "useRemoteGateways": use_gw,
                        "peeringState": state.as_str(),
                    }
                })
            };
            let from_name = d.get(s.from.as_str()).map(|x| x.name().to_owned()).unwrap_or_default();
            let to_name = d.get(s.to.as_str()).map(|x| x.name().to_owned()).unwrap_or_default();
            let forward = side(r.name(), &s.from, &s.to, s.allow_gateway_transit, false, s.state);
            peerings.entry(s.from.clone()).or_default().push(forward);
            if s.is_connected() {
                let back = s
                    .reverse_name
                    .clone()
                    .unwrap_or_else(|| VnetPeering::default_reverse_name(r.name(), &from_name, &to_name));
                let reverse = side(&back, &s.to, &s.from, false, s.use_remote_gateways, s.state);
                peerings.entry(s.to.clone()).or_default().push(reverse);
            }
        }
        for (r, v) in d.all::<VirtualNetwork>() {
            let subnets: Vec<Value> = d
                .children(r.id.as_str())
                .filter_map(|c| Some((c, c.as_spec::<Subnet>()?)))
                .map(|(c, s)| self.subnet(c, s))
                .collect();
            let mut props = json!({
                "addressSpace": {"addressPrefixes": v.address_space.iter().map(ToString::to_string).collect::<Vec<_>>()},
                "subnets": subnets,
                "virtualNetworkPeerings": peerings.remove(&r.id).unwrap_or_default(),
                "enableDdosProtection": v.ddos_protection,
            });
            if !v.dns_servers.is_empty() {
                props["dhcpOptions"] =
                    json!({"dnsServers": v.dns_servers.iter().map(ToString::to_string).collect::<Vec<_>>()});
            }
            let body = self.top(r, "Microsoft.Network/virtualNetworks", props);
            self.push("Microsoft.Network/virtualNetworks", body);
        }
        for (r, c) in d.all::<AksCluster>() {
            let body = self.cluster(r, c);
            self.push("Microsoft.ContainerService/managedClusters", body);
        }
        self.lists
    }

    fn subnet(&self, r: &Resource, s: &Subnet) -> Value {
        let prefix = self
            .p
            .prefix_of(r.id.as_str())
            .map(|c| c.to_string())
            .unwrap_or_default();
        let mut props = if s.extra_prefixes.is_empty() {
            json!({"addressPrefix": prefix})
        } else {
            let mut all = vec![prefix];
            all.extend(s.extra_prefixes.iter().map(ToString::to_string));
            json!({"addressPrefixes": all})
        };
        for (key, target) in [
            ("networkSecurityGroup", &s.nsg),
            ("routeTable", &s.route_table),
            ("natGateway", &s.nat_gateway),
        ] {
            if let Some(t) = target {
                props[key] = self.rid(t);
            }
        }
        if let Some(svc) = &s.delegation {
            props["delegations"] = json!([{"name": "delegation", "properties": {"serviceName": svc}}]);
        }
        if !s.service_endpoints.is_empty() {
            props["serviceEndpoints"] = json!(
                s.service_endpoints
                    .iter()
                    .map(|e| json!({"service": e, "locations": ["*"]}))
                    .collect::<Vec<_>>()
            );
        }
        props["privateEndpointNetworkPolicies"] = json!(s.private_endpoint_network_policies.as_str());
        props["privateLinkServiceNetworkPolicies"] = json!(if s.private_link_service_network_policies {
            "Enabled"
        } else {
            "Disabled"
        });
        json!({"id": self.arm[&r.id], "name": r.name(), "type": "Microsoft.Network/virtualNetworks/subnets", "properties": props})
    }

    fn cluster(&self, r: &Resource, c: &AksCluster) -> Value {
        let d = self.d;
        let cp = self.p.cluster(r.id.as_str());
        let pools: Vec<Value> = d
            .all::<NodePool>()
            .filter(|(_, p)| p.cluster == r.id)
            .map(|(pr, p)| {
                let max_pods = cp
                    .and_then(|cp| cp.pools.iter().find(|x| x.id == pr.id))
                    .map(|x| x.max_pods);
                let mut x = json!({
                    "name": pr.name(), "mode": p.mode.as_str(), "vmSize": p.vm_size, "osType": p.os.as_str(),
                    "enableAutoScaling": p.count.is_none(), "maxPods": max_pods,
                });
                if let Some(n) = p.count {
                    x["count"] = json!(n);
                }
                if let (Some(a), Some(b)) = (p.min_count, p.max_count) {
                    x["minCount"] = json!(a);
                    x["maxCount"] = json!(b);
                    x["count"] = json!(a);
                }
                if let Some(s) = p.max_surge {
                    x["upgradeSettings"] = json!({"maxSurge": s.to_string()});
                }
                if !p.zones.is_empty() {
                    x["availabilityZones"] = json!(p.zones);
                }
                if let Some(sub) = pr.parent().filter(|s| self.arm.contains_key(*s)) {
                    x["vnetSubnetID"] = json!(self.arm[sub]);
                }
                if let Some(sub) = &p.pod_subnet {
                    x["podSubnetID"] = json!(self.arm[sub]);
                }
                x
            })
            .collect();
        let (plugin, mode) = match c.network_model {
            netdraft_core::model::NetworkModel::Kubenet => ("kubenet", None),
            netdraft_core::model::NetworkModel::Overlay => ("azure", Some("overlay")),
            netdraft_core::model::NetworkModel::Byo => ("none", None),
            _ => ("azure", None),
        };
        let mut np = json!({
            "networkPlugin": plugin,
            "outboundType": c.outbound_type.as_str(),
            "loadBalancerSku": c.load_balancer_sku.as_str(),
            "serviceCidr": cp.map(|x| x.service_cidr.cidr.to_string()),
            "dnsServiceIP": cp.map(|x| x.dns_service_ip.clone()),
        });
        if let Some(m) = mode {
            np["networkPluginMode"] = json!(m);
        }
        if c.network_policy != netdraft_core::model::NetworkPolicy::None {
            np["networkPolicy"] = json!(c.network_policy.as_str());
        }
        if c.data_plane == netdraft_core::model::DataPlane::Cilium {
            np["networkDataplane"] = json!("cilium");
        }
        if let Some(pc) = cp.and_then(|x| x.pod_cidr.as_ref()) {
            np["podCidr"] = json!(pc.cidr.to_string());
        }
        let mut lb = json!({"managedOutboundIPs": {"count": c.managed_outbound_ip_count.unwrap_or(1)}});
        if !c.outbound_ips.is_empty() {
            lb["outboundIPs"] = json!({"publicIPs": c.outbound_ips.iter().map(|i| self.rid(i)).collect::<Vec<_>>()});
        }
        np["loadBalancerProfile"] = lb;
        let mut api = json!({"enablePrivateCluster": c.private_cluster});
        if let Some(s) = c.api_server_subnet.as_ref().filter(|s| self.arm.contains_key(*s)) {
            api["enableVnetIntegration"] = json!(true);
            api["subnetId"] = json!(self.arm[s]);
        }
        if !c.authorized_ip_ranges.is_empty() {
            api["authorizedIPRanges"] = json!(
                c.authorized_ip_ranges
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
            );
        }
        if let Some(z) = &c.private_dns_zone_existing {
            api["privateDNSZone"] = json!(z);
        }
        let mut props = json!({
            "dnsPrefix": c.dns_prefix.clone().unwrap_or_else(|| AksCluster::default_dns_prefix(r.name())),
            "agentPoolProfiles": pools,
            "networkProfile": np,
            "apiServerAccessProfile": api,
            "disableLocalAccounts": !c.local_accounts,
            "enableRBAC": true,
            "addonProfiles": {"azurepolicy": {"enabled": c.azure_policy}},
            "autoUpgradeProfile": {"nodeOSUpgradeChannel": c.node_os_upgrade_channel.as_str()},
            "securityProfile": {"workloadIdentity": {"enabled": c.workload_identity}},
        });
        if c.upgrade_channel != UpgradeChannel::None {
            props["autoUpgradeProfile"]["upgradeChannel"] = json!(c.upgrade_channel.as_str());
        }
        if c.auth != ClusterAuth::KubernetesRbac {
            props["aadProfile"] = json!({"managed": true, "enableAzureRBAC": c.auth == ClusterAuth::EntraAzureRbac});
        }
        if let Some(v) = &c.kubernetes_version {
            props["kubernetesVersion"] = json!(v);
        }
        let mut body = self.top(r, "Microsoft.ContainerService/managedClusters", props);
        body["sku"] = json!({"name": "Base", "tier": c.sku_tier.as_str()});
        body["identity"] = match (&c.identity, &c.identity_existing) {
            (netdraft_core::model::ClusterIdentity::UserAssigned, existing) => {
                // The export makes `id-{cluster}` in the cluster's group.
                let id = existing.clone().unwrap_or_else(|| {
                    let rg = self.arm[&r.id]
                        .split("/providers/")
                        .next()
                        .unwrap_or_default()
                        .to_owned();
                    format!(
                        "{rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-{}",
                        r.name()
                    )
                });
                json!({"type": "UserAssigned", "userAssignedIdentities": {id: {}}})
            }
            _ => json!({"type": "SystemAssigned"}),
        };
        body
    }
}

// ---------------------------------------------------------------------------
// Import through the local ARM server.

fn import(lists: BTreeMap<String, Vec<Value>>) -> netdraft_import::Imported {
    let server = Server::start();
    server.page_size(3);
    for (path, items) in lists {
        server.list(&path, items);
    }
    let mut o = AzureOptions::new(url::Url::parse(&server.base).unwrap());
    o.subscriptions = vec![SUB.to_owned()];
    o.timeout = Duration::from_secs(5);
    o.retry = RetryPolicy {
        attempts: 2,
        base_delay: Duration::from_millis(10),
        max_delay: Duration::from_millis(50),
        max_retry_after: Duration::from_secs(1),
    };
    import_azure(
        &o,
        &HttpTransport::new().unwrap(),
        &StaticToken(AccessToken::new("round-trip-token")),
        &|_| {},
        &AtomicBool::new(false),
    )
    .unwrap()
}

// ---------------------------------------------------------------------------
// Comparison modulo ids and layout.

/// Kinds whose parent is Azure containment, not canvas layout.
const NESTED: &[Kind] = &[
    Kind::Subnet,
    Kind::NodePool,
    Kind::K8sService,
    Kind::Firewall,
    Kind::VpnGateway,
    Kind::ExpressRouteGateway,
    Kind::Bastion,
    Kind::AppGateway,
    Kind::AppGatewayForContainers,
    Kind::PrivateEndpoint,
    Kind::PrivateLinkService,
];

fn key(d: &Design, r: &Resource) -> String {
    if let Some(reg) = r.as_spec::<netdraft_core::model::Region>() {
        return format!("region:{}", reg.location);
    }
    let parent = if NESTED.contains(&r.kind()) {
        r.parent()
            .and_then(|p| d.get(p.as_str()))
            .map(|p| key(d, p))
            .unwrap_or_default()
    } else {
        String::new()
    };
    format!("{}:{}<{parent}>", r.kind().key(), r.name())
}

/// What Azure fills in and the design may leave to defaults, filled from the plan.
fn settle(d: &Design, p: &Plan) -> Design {
    let mut out = d.clone();
    let ids: Vec<Id> = d.resources().map(|r| r.id.clone()).collect();
    for id in ids {
        let r = out.get_mut(id.as_str()).unwrap();
        match &mut r.spec {
            Spec::Subnet(s) => {
                if s.prefix == SubnetPrefix::Auto
                    && let Some(c) = p.prefix_of(id.as_str())
                {
                    s.prefix = SubnetPrefix::Fixed(c);
                }
                s.size = None;
            }
            Spec::NodePool(np) => {
                if np.max_pods.is_none() {
                    np.max_pods = p
                        .clusters
                        .iter()
                        .flat_map(|c| &c.pools)
                        .find(|x| x.id == id)
                        .map(|x| x.max_pods);
                }
            }
            Spec::AksCluster(c) => {
                if let Some(cp) = p.cluster(id.as_str()) {
                    c.service_cidr.get_or_insert(cp.service_cidr.cidr);
                    if c.dns_service_ip.is_none() {
                        c.dns_service_ip = cp.dns_service_ip.parse().ok();
                    }
                    if c.pod_cidr.is_none() {
                        c.pod_cidr = cp.pod_cidr.as_ref().map(|x| x.cidr);
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// A resource's spec as JSON with references written as the referenced resource's key.
fn canonical(d: &Design, r: &Resource) -> Value {
    let refs: BTreeMap<String, String> = r
        .spec
        .references()
        .iter()
        .filter_map(|x| Some((x.target.to_string(), key(d, d.get(x.target.as_str())?))))
        .collect();
    let mut v = serde_json::to_value(&r.spec).unwrap();
    rewrite(&mut v, &refs);
    json!({"spec": v, "group": rg_of(d, r.id.as_str())})
}

fn rewrite(v: &mut Value, map: &BTreeMap<String, String>) {
    match v {
        Value::String(s) => {
            if let Some(k) = map.get(s.as_str()) {
                *s = k.clone();
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|x| rewrite(x, map)),
        Value::Object(o) => o.iter_mut().for_each(|(k, x)| {
            if k != "kind" {
                rewrite(x, map);
            }
        }),
        _ => {}
    }
}

/// The differences between the original and the imported design, each with its kind.
fn differences(original: &Design, imported: &Design) -> Vec<(Kind, String)> {
    let index = |d: &Design| -> BTreeMap<String, (Kind, Value)> {
        d.resources()
            .map(|r| (key(d, r), (r.kind(), canonical(d, r))))
            .collect()
    };
    let (a, b) = (index(original), index(imported));
    let mut out = Vec::new();
    for (k, (kind, v)) in &a {
        match b.get(k) {
            None => out.push((*kind, format!("{k}: not imported"))),
            Some((_, w)) if w != v => out.push((*kind, format!("{k}:\n  design   {v}\n  imported {w}"))),
            Some(_) => {}
        }
    }
    for (k, (kind, _)) in &b {
        if !a.contains_key(k) {
            out.push((*kind, format!("{k}: imported, not in the design")));
        }
    }
    out
}

/// The imported design with the original's ids, header, notes cleared on both.
fn rekey(original: &Design, imported: &Design) -> (Design, Design) {
    let by_key: BTreeMap<String, Id> = original.resources().map(|r| (key(original, r), r.id.clone())).collect();
    let map: BTreeMap<String, String> = imported
        .resources()
        .filter_map(|r| Some((r.id.to_string(), by_key.get(&key(imported, r))?.to_string())))
        .collect();
    let mut out = Design::new(original.name.clone());
    out.description.clone_from(&original.description);
    out.settings = original.settings.clone();
    out.accept.clone_from(&original.accept);
    out.decisions.clone_from(&original.decisions);
    let new_id = |id: &Id| -> Id {
        map.get(id.as_str())
            .map_or_else(|| id.clone(), |n| Id::new(n.clone()).unwrap())
    };
    for r in imported.resources() {
        let mut spec = serde_json::to_value(&r.spec).unwrap();
        let refs: BTreeMap<String, String> = r
            .spec
            .references()
            .iter()
            .filter_map(|x| Some((x.target.to_string(), map.get(x.target.as_str())?.clone())))
            .collect();
        rewrite(&mut spec, &refs);
        let mut x = Resource::new(
            new_id(&r.id),
            r.name(),
            r.parent().map(new_id),
            serde_json::from_value::<Spec>(spec).unwrap(),
        );
        x.meta.resource_group = r.meta.resource_group.as_ref().map(new_id);
        out.insert(x).unwrap();
    }
    // Canvas parents of resources Azure does not nest are layout: take the original's.
    let ids: Vec<Id> = out.resources().map(|r| r.id.clone()).collect();
    for id in ids {
        let Some(orig) = original.get(id.as_str()) else {
            continue;
        };
        let (parent, rg) = (orig.meta.parent.clone(), orig.meta.resource_group.clone());
        let r = out.get_mut(id.as_str()).unwrap();
        if !NESTED.contains(&r.kind()) {
            r.meta.parent = parent;
            r.meta.resource_group = rg;
        }
        r.meta.name.clone_from(&orig.meta.name);
    }
    let mut orig = original.clone();
    let ids: Vec<Id> = orig.resources().map(|r| r.id.clone()).collect();
    for id in ids {
        let r = orig.get_mut(id.as_str()).unwrap();
        r.meta.notes = None;
        r.meta.at = None;
        r.meta.extent = None;
    }
    (orig, out)
}

fn export(d: &Design, format: Format, azurerm: Option<u8>) -> BTreeMap<String, String> {
    let mut d = d.clone();
    if let Some(m) = azurerm {
        d.settings.azurerm = m.try_into().unwrap();
    }
    let p = plan::plan(&d);
    netdraft_export::export(&d, &p, &Templates::builtin(format), &netdraft_export::plan_findings(&p))
        .unwrap()
        .into_iter()
        .map(|f| (f.path, f.contents))
        .collect()
}

/// The design without the kinds the simulator does not write (and what
/// cannot stand without them: their children, and resources whose required
/// reference pointed at them); optional references to them are cleared.
fn restrict(d: &Design) -> Design {
    let mut removed: BTreeSet<String> = d
        .resources()
        .filter(|r| !SIMULATED.contains(&r.kind()))
        .map(|r| r.id.to_string())
        .collect();
    loop {
        let more: Vec<String> = d
            .resources()
            .filter(|r| !removed.contains(r.id.as_str()))
            .filter(|r| r.parent().is_some_and(|p| removed.contains(p.as_str())))
            .map(|r| r.id.to_string())
            .collect();
        if more.is_empty() {
            break;
        }
        removed.extend(more);
    }
    let mut out = d.clone();
    for id in &removed {
        out.remove(id);
    }
    // Namespaces with a default-deny policy live in Kubernetes, not in Azure.
    let clusters: Vec<Id> = out.of_kind(Kind::AksCluster).map(|r| r.id.clone()).collect();
    for id in clusters {
        if let Some(Resource {
            spec: Spec::AksCluster(c),
            ..
        }) = out.get_mut(id.as_str())
        {
            c.default_deny_namespaces.clear();
        }
    }
    let ids: Vec<Id> = out.resources().map(|r| r.id.clone()).collect();
    for id in ids {
        let r = out.get_mut(id.as_str()).unwrap();
        let mut v = serde_json::to_value(&r.spec).unwrap();
        clear(&mut v, &removed);
        match serde_json::from_value::<Spec>(v) {
            Ok(s) => r.spec = s,
            Err(_) => {
                out.remove(id.as_str());
            }
        }
    }
    out
}

fn clear(v: &mut Value, removed: &BTreeSet<String>) {
    match v {
        Value::Array(a) => {
            a.retain(|x| !x.as_str().is_some_and(|s| removed.contains(s)));
            a.iter_mut().for_each(|x| clear(x, removed));
        }
        Value::Object(o) => {
            for (k, x) in o.iter_mut() {
                if k != "kind" && x.as_str().is_some_and(|s| removed.contains(s)) {
                    *x = Value::Null;
                } else {
                    clear(x, removed);
                }
            }
            o.retain(|_, x| !x.is_null());
        }
        _ => {}
    }
}

/// Simulates, imports and compares one design; returns the differences.
fn round_trip(d: &Design) -> Vec<(Kind, String)> {
    let p = plan::plan(d);
    let lists = Sim::new(d, &p).run();
    let imported = import(lists);
    differences(&settle(d, &p), &imported.design)
}

/// Round-trips a design that must come back equal, exports included.
fn round_trip_exactly(name: &str, d: &Design) {
    let p = plan::plan(d);
    let lists = Sim::new(d, &p).run();
    let imported = import(lists);
    let settled = settle(d, &p);
    let diffs = differences(&settled, &imported.design);
    assert!(
        diffs.is_empty(),
        "{name}: {}\n\n{}",
        diffs.iter().map(|(_, x)| x.as_str()).collect::<Vec<_>>().join("\n"),
        imported.report.to_markdown()
    );
    let (original, back) = rekey(&settled, &imported.design);
    for (format, azurerm) in [
        (Format::Terraform, Some(5)),
        (Format::Terraform, Some(4)),
        (Format::Bicep, None),
    ] {
        let (a, b) = (export(&original, format, azurerm), export(&back, format, azurerm));
        assert_eq!(
            a.keys().collect::<Vec<_>>(),
            b.keys().collect::<Vec<_>>(),
            "{name} {format:?} {azurerm:?}"
        );
        for (path, text) in &a {
            if text != &b[path] {
                let first = text
                    .lines()
                    .zip(b[path].lines())
                    .enumerate()
                    .find(|(_, (x, y))| x != y)
                    .map(|(i, (x, y))| format!("line {}: `{x}` vs `{y}`", i + 1));
                panic!("{name} {format:?} {azurerm:?}: {path} differs at {first:?}");
            }
        }
    }
}

#[test]
fn every_starter_template_round_trips_or_its_gaps_are_the_known_ones() {
    let mut wrong = Vec::new();
    for t in templates::ALL {
        let d = netdraft_core::file::parse(t.text, t.name).unwrap().design;
        let diffs = round_trip(&d);
        let kinds: BTreeSet<Kind> = diffs.iter().map(|(k, _)| *k).collect();
        let (_, known, why, restricted) = KNOWN_GAPS
            .iter()
            .find(|(n, _, _, _)| *n == t.name)
            .unwrap_or_else(|| panic!("{}: no known-gap entry; it round-trips? {diffs:#?}", t.name));
        let known: BTreeSet<Kind> = known.iter().copied().collect();
        if kinds != known {
            wrong.push(format!(
                "{}: the kinds that differ are {kinds:?}, not {known:?} ({why}):\n{}",
                t.name,
                diffs.iter().map(|(_, x)| x.as_str()).collect::<Vec<_>>().join("\n")
            ));
        }
        // The rest of the template, without the kinds not simulated, comes back exactly.
        if *restricted {
            round_trip_exactly(t.name, &restrict(&d));
        } else if round_trip(&restrict(&d)).is_empty() {
            wrong.push(format!("{}: now round-trips restricted; set its flag", t.name));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n\n"));
}

#[test]
fn generated_designs_round_trip_restricted_to_the_simulated_kinds() {
    for seed in 0..3 {
        let d = netdraft_core::generate::generate(&netdraft_core::generate::GenerateOptions {
            hubs: 1,
            spokes_per_hub: 2,
            clusters: 2,
            subnets_per_spoke: 2,
            seed,
        })
        .unwrap();
        round_trip_exactly(&format!("generated seed {seed}"), &restrict(&d));
    }
}

#[test]
fn imported_values_the_export_used_to_invent_or_drop_come_back() {
    // A design using the values the import now holds instead of changing them.
    let text = r#"format = 1
name = "estate"

[region.weu]
name = "westeurope"
location = "westeurope"

[resource_group.rg]
name = "rg-estate"
parent = "weu"

[vnet.a]
name = "vnet-a"
parent = "weu"
resource_group = "rg"
role = "hub"
address_space = ["10.10.0.0/16"]

[vnet.b]
name = "vnet-b"
parent = "weu"
resource_group = "rg"
role = "spoke"
address_space = ["10.20.0.0/16"]

[vnet.vc]
name = "vnet-c"
parent = "weu"
resource_group = "rg"
role = "spoke"
address_space = ["10.30.0.0/16"]

[subnet.multi]
name = "snet-multi"
parent = "a"
prefix = "10.10.0.0/24"
extra_prefixes = ["10.10.8.0/24"]

[peering.ab]
name = "a-to-b-custom"
from = "a"
to = "b"
reverse_name = "b-back-to-a"
allow_forwarded_traffic = true

[peering.ca]
name = "pending"
from = "vc"
to = "a"
state = "Initiated"

[public_ip.basic]
name = "pip-legacy"
parent = "weu"
resource_group = "rg"
sku = "Basic"
allocation = "Dynamic"

[aks.c]
name = "aks-estate"
parent = "weu"
resource_group = "rg"
dns_prefix = "estate-api"
network_model = "azure"
load_balancer_sku = "basic"
managed_outbound_ip_count = 3
azure_policy = false
local_accounts = true
auth = "kubernetes-rbac"
upgrade_channel = "none"
node_os_upgrade_channel = "Unmanaged"

[node_pool.sys]
name = "system"
parent = "multi"
cluster = "c"
mode = "System"
vm_size = "Standard_D4ds_v5"
count = 2
"#;
    let d = netdraft_core::file::parse(text, "estate").unwrap().design;
    round_trip_exactly("estate", &d);
    let tf = export(&d, Format::Terraform, Some(5));
    let squeeze = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
    let aks = &squeeze(&tf["aks.tf"]);
    for x in [
        "azure_policy_enabled = false",
        "local_account_disabled = false",
        "node_os_upgrade_channel = \"Unmanaged\"",
        "dns_prefix = \"estate-api\"",
        "managed_outbound_ip_count = 3",
        "load_balancer_sku = \"basic\"",
    ] {
        assert!(aks.contains(x), "{x}\n{aks}");
    }
    assert!(
        !aks.contains("automatic_upgrade_channel") && !aks.contains("azure_active_directory_role_based_access_control")
    );
    let net = &tf["network.tf"];
    assert!(net.contains("[\"10.10.0.0/24\", \"10.10.8.0/24\"]"), "{net}");
    assert!(net.contains("\"b-back-to-a\"") && net.contains("\"pending\""), "{net}");
    // The Initiated peering exists one way only.
    assert_eq!(net.matches("remote_virtual_network_id").count(), 3, "{net}");
    let bicep = &export(&d, Format::Bicep, None)["main.bicep"];
    assert!(bicep.contains("publicIPAllocationMethod: 'Dynamic'") && bicep.contains("disableLocalAccounts: false"));
    let _ = (IpAllocation::Dynamic, NodeOsUpgradeChannel::Unmanaged);
}
