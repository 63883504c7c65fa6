//! The estate simulator of the round trip: a design → the ARM GET bodies
//! Azure would return for it (API shapes, ids, child resources), by list path,
//! for the local ARM test server to serve, paged.

use std::collections::BTreeMap;

use netdraft_core::Id;
use netdraft_core::model::{
    AksCluster, Bastion, BastionSku, ClusterAuth, Design, Firewall, FirewallPolicy, FrontDoor, Kind, NatGateway,
    NodePool, Nsg, PaasType, PeeringState, PrivateDnsZone, PrivateEndpoint, PublicIp, Resource, RouteTable, Spec,
    Subnet, UpgradeChannel, VirtualNetwork, VnetPeering, VpnGateway,
};
use netdraft_core::model::{ApiManagement, PrivateLinkService, TrafficManager};
use netdraft_core::model::{OnPremConnection, OnPremises};
use netdraft_core::plan::Plan;
use serde_json::{Value, json};

use crate::support::SUB;

mod apim;
mod firewall;
mod front_door;
pub mod identity;
mod ingress;
pub mod k8s;
pub mod kubectl;
mod private;
mod private_link;
mod traffic_manager;
mod vwan;

pub struct Sim<'a> {
    d: &'a Design,
    p: &'a Plan,
    /// Design id → ARM id.
    arm: BTreeMap<Id, String>,
    /// List path → items.
    lists: BTreeMap<String, Vec<Value>>,
    /// Resource path → body, for what the import GETs by id (Front Door WAF policies).
    objects: BTreeMap<String, Value>,
}

/// What the local ARM server serves: lists by path, and single resources by
/// id; and per cluster (its Azure name) the saved kubectl output of its
/// Kubernetes side ([`kubectl`]).
pub struct Estate {
    pub lists: BTreeMap<String, Vec<Value>>,
    pub objects: BTreeMap<String, Value>,
    pub kubectl: Vec<(String, Value)>,
}

/// The name of a resource's effective resource group (the one drift compares).
pub fn rg_of(d: &Design, id: &str) -> Option<String> {
    netdraft_core::drift::group_name(d, id)
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

fn provider_path(d: &Design, r: &Resource) -> Option<&'static str> {
    if let Some(path) = vwan::provider_path(d, r) {
        return Some(path);
    }
    Some(match &r.spec {
        Spec::VirtualNetwork(_) => "Microsoft.Network/virtualNetworks",
        Spec::Nsg(_) => "Microsoft.Network/networkSecurityGroups",
        Spec::RouteTable(_) => "Microsoft.Network/routeTables",
        Spec::NatGateway(_) => "Microsoft.Network/natGateways",
        Spec::PublicIp(_) => "Microsoft.Network/publicIPAddresses",
        Spec::AksCluster(_) => "Microsoft.ContainerService/managedClusters",
        Spec::Bastion(_) => "Microsoft.Network/bastionHosts",
        Spec::Firewall(_) => "Microsoft.Network/azureFirewalls",
        Spec::FirewallPolicy(_) => "Microsoft.Network/firewallPolicies",
        Spec::VpnGateway(_) => "Microsoft.Network/virtualNetworkGateways",
        Spec::OnPremises(o) if o.connection == OnPremConnection::Vpn => "Microsoft.Network/localNetworkGateways",
        Spec::PrivateDnsZone(_) => "Microsoft.Network/privateDnsZones",
        Spec::PrivateEndpoint(_) => "Microsoft.Network/privateEndpoints",
        Spec::FrontDoor(_) => "Microsoft.Cdn/profiles",
        Spec::ApiManagement(_) => "Microsoft.ApiManagement/service",
        Spec::TrafficManager(_) => "Microsoft.Network/trafficManagerProfiles",
        Spec::AppGateway(_) => "Microsoft.Network/applicationGateways",
        Spec::AppGatewayForContainers(_) => "Microsoft.ServiceNetworking/trafficControllers",
        // A private endpoint's target: named, never listed (the import does not read PaaS services).
        Spec::PaasService(p) => match p.service {
            PaasType::StorageAccount => "Microsoft.Storage/storageAccounts",
            PaasType::KeyVault => "Microsoft.KeyVault/vaults",
            PaasType::ContainerRegistry => "Microsoft.ContainerRegistry/registries",
            PaasType::SqlServer => "Microsoft.Sql/servers",
            PaasType::CosmosDb => "Microsoft.DocumentDB/databaseAccounts",
            PaasType::PostgresqlFlexible => "Microsoft.DBforPostgreSQL/flexibleServers",
            PaasType::ServiceBus => "Microsoft.ServiceBus/namespaces",
            PaasType::EventHubs => "Microsoft.EventHub/namespaces",
            PaasType::AppService => "Microsoft.Web/sites",
            PaasType::Other => "Microsoft.Web/staticSites",
        },
        _ => return None,
    })
}

impl<'a> Sim<'a> {
    pub fn new(d: &'a Design, p: &'a Plan) -> Sim<'a> {
        let mut s = Sim {
            d,
            p,
            arm: BTreeMap::new(),
            lists: BTreeMap::new(),
            objects: BTreeMap::new(),
        };
        let default_rg = format!("rg-{}", netdraft_core::text::dns1123(&d.name));
        for r in d.resources() {
            let rg = rg_of(d, r.id.as_str()).unwrap_or_else(|| default_rg.clone());
            if let Some(provider) = provider_path(d, r) {
                s.arm.insert(
                    r.id.clone(),
                    format!(
                        "/subscriptions/{SUB}/resourceGroups/{rg}/providers/{provider}/{}",
                        r.name()
                    ),
                );
            }
        }
        s.place_vpn_sites();
        for (r, _) in d.all::<Subnet>() {
            if let Some(v) = r.parent().and_then(|v| s.arm.get(v)).cloned() {
                s.arm.insert(r.id.clone(), format!("{v}/subnets/{}", r.name()));
            }
        }
        for (r, p) in d.all::<PrivateLinkService>() {
            s.arm.insert(r.id.clone(), private_link::pls_id(d, r, p, &default_rg));
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

    pub fn run(mut self) -> Estate {
        let d = self.d;
        let default_rg = format!("rg-{}", netdraft_core::text::dns1123(&d.name));
        let mut groups: BTreeMap<String, String> = BTreeMap::new();
        // A site with a gateway sits in its gateway's group (see `on_premises`).
        let beside_gateway = |r: &Resource| r.as_spec::<OnPremises>().is_some_and(|o| o.gateway.is_some());
        for r in d
            .resources()
            .filter(|r| provider_path(d, r).is_some() && !beside_gateway(r))
        {
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
                    } else if let Some(ip) = x.next_hop_resource.as_ref().and_then(|f| self.firewall_ip(f)) {
                        p["nextHopIpAddress"] = json!(ip);
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
                // Azure gives the remote VNet's address space with the peering.
                let space: Vec<String> = d
                    .get(remote.as_str())
                    .and_then(|v| v.as_spec::<VirtualNetwork>())
                    .map(|v| v.address_space.iter().map(ToString::to_string).collect())
                    .unwrap_or_default();
                json!({
                    "id": format!("{}/virtualNetworkPeerings/{name}", self.arm[local]),
                    "name": name,
                    "type": "Microsoft.Network/virtualNetworks/virtualNetworkPeerings",
                    "properties": {
                        "remoteVirtualNetwork": {"id": self.arm[remote]},
                        "remoteAddressSpace": {"addressPrefixes": space},
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
        for (r, p) in d.all::<FirewallPolicy>() {
            let body = self.policy(r, p);
            self.push("Microsoft.Network/firewallPolicies", body);
        }
        for (r, f) in d.all::<Firewall>().filter(|(r, _)| !vwan::in_hub(d, r)) {
            let body = self.firewall(r, f);
            self.push("Microsoft.Network/azureFirewalls", body);
        }
        for (r, z) in d.all::<PrivateDnsZone>() {
            let body = self.dns_zone(r, z);
            self.push("Microsoft.Network/privateDnsZones", body);
        }
        for (r, e) in d.all::<PrivateEndpoint>() {
            let body = self.private_endpoint(r, e);
            self.push("Microsoft.Network/privateEndpoints", body);
        }
        self.service_load_balancers();
        for (r, p) in d.all::<PrivateLinkService>() {
            let body = self.private_link_service(r, p);
            self.push("Microsoft.Network/privateLinkServices", body);
        }
        for (r, a) in d.all::<ApiManagement>() {
            let body = self.apim(r, a);
            self.push("Microsoft.ApiManagement/service", body);
        }
        for (r, f) in d.all::<FrontDoor>() {
            let body = self.front_door(r, f);
            self.push("Microsoft.Cdn/profiles", body);
        }
        for (r, b) in d.all::<Bastion>() {
            let body = self.bastion(r, b);
            self.push("Microsoft.Network/bastionHosts", body);
        }
        for (r, g) in d.all::<VpnGateway>().filter(|(r, _)| !vwan::in_hub(d, r)) {
            let body = self.vpn_gateway(r, g);
            self.push("Microsoft.Network/virtualNetworkGateways", body);
        }
        // Sites behind hub gateways are VPN sites and the hub gateways' connections.
        for (r, o) in d.all::<OnPremises>().filter(|(_, o)| vwan::hub_gateway(d, o).is_none()) {
            self.on_premises(r, o);
        }
        self.virtual_wans();
        for (r, g) in d.all::<netdraft_core::model::AppGateway>() {
            let body = self.app_gateway(r, g);
            self.push("Microsoft.Network/applicationGateways", body);
        }
        for (r, a) in d.all::<netdraft_core::model::AppGatewayForContainers>() {
            let body = self.agc(r, a);
            self.push("Microsoft.ServiceNetworking/trafficControllers", body);
        }
        self.identities();
        // Last: an endpoint on an App Gateway names the frontend IP its body lists.
        for (r, t) in d.all::<TrafficManager>() {
            let body = self.traffic_manager(r, t);
            self.push("Microsoft.Network/trafficManagerProfiles", body);
        }
        Estate {
            lists: self.lists,
            objects: self.objects,
            kubectl: kubectl::lists(self.d, self.p),
        }
    }

    /// The public IPs Azure lists for a resource's frontends (the export makes
    /// them for it): `n` Standard static addresses in its group, as references.
    fn frontend_ips(&mut self, r: &Resource, n: usize) -> Vec<Value> {
        let group = self.arm[&r.id]
            .split("/providers/")
            .next()
            .unwrap_or_default()
            .to_owned();
        (0..n)
            .map(|i| {
                let name = if n == 1 {
                    format!("{}-pip", r.name())
                } else {
                    format!("{}-pip-{}", r.name(), i + 1)
                };
                let id = format!("{group}/providers/Microsoft.Network/publicIPAddresses/{name}");
                let mut body = self.top(
                    r,
                    "Microsoft.Network/publicIPAddresses",
                    json!({"publicIPAllocationMethod": "Static", "publicIPAddressVersion": "IPv4"}),
                );
                body["id"] = json!(id);
                body["name"] = json!(name);
                body["sku"] = json!({"name": "Standard", "tier": "Regional"});
                self.push("Microsoft.Network/publicIPAddresses", body);
                json!({"id": id})
            })
            .collect()
    }

    fn ip_configurations(&mut self, r: &Resource, n: usize) -> Vec<Value> {
        let subnet = r.parent().and_then(|p| self.arm.get(p)).cloned();
        let ips = self.frontend_ips(r, n);
        ips.into_iter()
            .enumerate()
            .map(|(i, ip)| {
                let mut p = json!({"publicIPAddress": ip, "privateIPAllocationMethod": "Dynamic"});
                if let Some(s) = &subnet {
                    p["subnet"] = json!({"id": s});
                }
                json!({"id": format!("{}/ipConfigurations/ipconfig{}", self.arm[&r.id], i + 1),
                       "name": format!("ipconfig{}", i + 1), "properties": p})
            })
            .collect()
    }

    fn bastion(&mut self, r: &Resource, b: &Bastion) -> Value {
        let mut props = json!({});
        if b.sku == BastionSku::Developer {
            if let Some(v) = r.parent().and_then(|p| self.arm.get(p)) {
                props["virtualNetwork"] = json!({"id": v});
            }
        } else {
            props["ipConfigurations"] = json!(self.ip_configurations(r, 1));
        }
        if let Some(n) = b.scale_units {
            props["scaleUnits"] = json!(n);
        }
        let mut body = self.top(r, "Microsoft.Network/bastionHosts", props);
        body["sku"] = json!({"name": b.sku.as_str()});
        body
    }

    fn vpn_gateway(&mut self, r: &Resource, g: &VpnGateway) -> Value {
        let configs = self.ip_configurations(r, if g.active_active { 2 } else { 1 });
        let mut props = json!({
            "gatewayType": "Vpn",
            "vpnType": "RouteBased",
            "vpnGatewayGeneration": "Generation2",
            "sku": {"name": g.sku, "tier": g.sku},
            "activeActive": g.active_active,
            "enableBgp": g.bgp_asn.is_some(),
            "ipConfigurations": configs,
        });
        if let Some(asn) = g.bgp_asn {
            props["bgpSettings"] = json!({"asn": asn, "peerWeight": 0});
        }
        self.top(r, "Microsoft.Network/virtualNetworkGateways", props)
    }

    /// A VPN site is a local network gateway and, when it has a gateway, the
    /// IPsec connection to it; an ExpressRoute site is only the connection to
    /// its circuit (what it advertises comes over BGP). Connections are named
    /// as the export names them and live in their gateway's group.
    fn on_premises(&mut self, r: &Resource, o: &OnPremises) {
        // The export makes a site's local network gateway beside its gateway.
        let gateway_group = o
            .gateway
            .as_ref()
            .and_then(|g| self.arm.get(g))
            .map(|a| a.split("/providers/").next().unwrap_or_default().to_owned());
        if let Some(group) = &gateway_group {
            self.arm.insert(
                r.id.clone(),
                format!("{group}/providers/Microsoft.Network/localNetworkGateways/{}", r.name()),
            );
        }
        if o.connection == OnPremConnection::Vpn {
            let mut props = json!({
                "localNetworkAddressSpace": {
                    "addressPrefixes": o.address_ranges.iter().map(ToString::to_string).collect::<Vec<_>>()
                },
            });
            match o.device_address.as_deref() {
                Some(a) if a.parse::<std::net::IpAddr>().is_ok() => props["gatewayIpAddress"] = json!(a),
                Some(a) => props["fqdn"] = json!(a),
                None => {}
            }
            if let Some(asn) = o.bgp_asn {
                props["bgpSettings"] = json!({"asn": asn, "peerWeight": 0});
            }
            let body = self.top(r, "Microsoft.Network/localNetworkGateways", props);
            self.push("Microsoft.Network/localNetworkGateways", body);
        }
        let Some(gateway) = o.gateway.as_ref().and_then(|g| self.d.get(g.as_str())) else {
            return;
        };
        let Some(gateway_arm) = self.arm.get(&gateway.id).cloned() else {
            return;
        };
        let group = gateway_arm.split("/providers/").next().unwrap_or_default().to_owned();
        let name = format!("cn-{}-to-{}", gateway.name(), r.name());
        let mut props = json!({"virtualNetworkGateway1": {"id": gateway_arm}});
        if o.connection == OnPremConnection::Vpn {
            props["connectionType"] = json!("IPsec");
            props["localNetworkGateway2"] = json!({"id": self.arm[&r.id]});
        } else {
            props["connectionType"] = json!("ExpressRoute");
            props["peer"] = json!({"id": format!(
                "/subscriptions/{SUB}/resourceGroups/rg-circuits/providers/Microsoft.Network/expressRouteCircuits/{}",
                r.name()
            )});
        }
        let body = json!({
            "id": format!("{group}/providers/Microsoft.Network/connections/{name}"),
            "name": name,
            "type": "Microsoft.Network/connections",
            "location": location_of(self.d, gateway.id.as_str()),
            "properties": props,
        });
        self.push("Microsoft.Network/connections", body);
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
        if let Some(z) = c.private_dns_zone.as_ref().and_then(|z| self.arm.get(z)) {
            api["privateDNSZone"] = json!(z);
        } else if let Some(z) = &c.private_dns_zone_existing {
            api["privateDNSZone"] = json!(z);
        }
        let mut props = json!({
            "dnsPrefix": c.dns_prefix.clone().unwrap_or_else(|| AksCluster::default_dns_prefix(r.name())),
            "nodeResourceGroup": private_link::node_group(d, r),
            "agentPoolProfiles": pools,
            "networkProfile": np,
            "apiServerAccessProfile": api,
            "disableLocalAccounts": !c.local_accounts,
            "enableRBAC": true,
            "addonProfiles": {"azurepolicy": {"enabled": c.azure_policy}},
            "autoUpgradeProfile": {"nodeOSUpgradeChannel": c.node_os_upgrade_channel.as_str()},
            "securityProfile": {"workloadIdentity": {"enabled": c.workload_identity}},
        });
        // The export turns the OIDC issuer on with workload identity (`oidc_issuer_enabled`).
        if c.workload_identity {
            props["oidcIssuerProfile"] = json!({
                "enabled": true,
                "issuerURL": identity::issuer_url(&location_of(d, r.id.as_str()), &self.arm[&r.id]),
            });
        }
        if c.upgrade_channel != UpgradeChannel::None {
            props["autoUpgradeProfile"]["upgradeChannel"] = json!(c.upgrade_channel.as_str());
        }
        if c.auth != ClusterAuth::KubernetesRbac {
            props["aadProfile"] = json!({"managed": true, "enableAzureRBAC": c.auth == ClusterAuth::EntraAzureRbac});
        }
        if let Some(v) = &c.kubernetes_version {
            props["kubernetesVersion"] = json!(v);
        }
        // The AGIC add-on names its gateway (§C.3 `addonProfiles.ingressApplicationGateway`).
        if let (netdraft_core::model::IngressChoice::Agic, netdraft_core::model::AgicMode::Addon, Some(g)) = (
            c.ingress,
            c.agic_mode,
            c.app_gateway.as_ref().and_then(|g| self.arm.get(g)),
        ) {
            props["addonProfiles"]["ingressApplicationGateway"] =
                json!({"enabled": true, "config": {"applicationGatewayId": g, "effectiveApplicationGatewayId": g}});
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
