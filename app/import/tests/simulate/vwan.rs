//! Azure Virtual WAN as Azure returns it (Microsoft.Network 2025-01-01):
//! WANs, hubs with their VNet connections and routing intent (child lists
//! of the hub), the Azure Firewall of a secured hub (`AZFW_Hub`, public IPs
//! Azure assigns, no public IP resources), the hubs' VPN gateways (their
//! connections to VPN sites in their body) and ExpressRoute gateways (their
//! circuit connections in their body), and VPN sites.

use netdraft_core::Id;
use netdraft_core::model::{
    Design, ExpressRouteGateway, Firewall, Kind, OnPremConnection, OnPremises, Resource, RoutingIntent, VirtualHub,
    VirtualWan, VpnGateway,
};
use serde_json::{Value, json};

use super::Sim;
use crate::support::SUB;

/// Whether a resource sits in a virtual hub.
pub fn in_hub(d: &Design, r: &Resource) -> bool {
    r.parent()
        .and_then(|p| d.get(p.as_str()))
        .is_some_and(|p| p.kind() == Kind::VirtualHub)
}

/// The hub VPN or ExpressRoute gateway an on-premises network connects through, if any.
pub fn hub_gateway<'d>(d: &'d Design, o: &OnPremises) -> Option<&'d Resource> {
    o.gateway
        .as_ref()
        .and_then(|g| d.get(g.as_str()))
        .filter(|g| in_hub(d, g))
}

/// The ARM type of the Virtual WAN kinds, of gateways in hubs, and of a
/// VPN site (an on-premises network behind a hub VPN gateway).
pub fn provider_path(d: &Design, r: &Resource) -> Option<&'static str> {
    Some(match r.kind() {
        Kind::VirtualWan => "Microsoft.Network/virtualWans",
        Kind::VirtualHub => "Microsoft.Network/virtualHubs",
        Kind::VpnGateway if in_hub(d, r) => "Microsoft.Network/vpnGateways",
        Kind::ExpressRouteGateway if in_hub(d, r) => "Microsoft.Network/expressRouteGateways",
        Kind::OnPremises
            if r.as_spec::<OnPremises>()
                .is_some_and(|o| o.connection == OnPremConnection::Vpn && hub_gateway(d, o).is_some()) =>
        {
            "Microsoft.Network/vpnSites"
        }
        _ => return None,
    })
}

/// `n` addresses from the `offset`-th of a range (`10.100.0.0/23`, 68 → `10.100.0.68`).
fn addresses(cidr: &str, offset: u32, n: u32) -> Vec<String> {
    let network: std::net::Ipv4Addr = cidr
        .split('/')
        .next()
        .and_then(|a| a.parse().ok())
        .unwrap_or(std::net::Ipv4Addr::UNSPECIFIED);
    (0..n)
        .map(|i| std::net::Ipv4Addr::from(u32::from(network) + offset + i).to_string())
        .collect()
}

impl Sim<'_> {
    /// The group part of a resource's ARM id (`/subscriptions/…/resourceGroups/{g}`).
    fn group_id(&self, id: &Id) -> String {
        self.arm[id].split("/providers/").next().unwrap_or_default().to_owned()
    }

    /// A VPN site lives in the group of the hub gateway connecting it (the
    /// export makes it beside the gateway, as a local network gateway).
    pub(super) fn place_vpn_sites(&mut self) {
        let d = self.d;
        for (r, o) in d.all::<OnPremises>() {
            if o.connection != OnPremConnection::Vpn {
                continue;
            }
            if let Some(g) = hub_gateway(d, o) {
                let group = self.group_id(&g.id);
                self.arm.insert(
                    r.id.clone(),
                    format!("{group}/providers/Microsoft.Network/vpnSites/{}", r.name()),
                );
            }
        }
    }

    /// A secured hub's firewall's private IP: an address of the hub's range (Azure picks it).
    pub(super) fn hub_firewall_ip(&self, firewall: &Id) -> Option<String> {
        let hub = self.d.get(firewall.as_str())?.parent()?;
        let h = self.d.get(hub.as_str())?.as_spec::<VirtualHub>()?;
        addresses(&h.address_prefix.to_string(), 132, 1).pop()
    }

    /// Everything of the Virtual WAN family the design holds.
    pub(super) fn virtual_wans(&mut self) {
        let d = self.d;
        for (r, w) in d.all::<VirtualWan>() {
            let hubs: Vec<Value> = d
                .all::<VirtualHub>()
                .filter(|(_, h)| h.wan == r.id)
                .map(|(h, _)| self.rid(&h.id))
                .collect();
            let sites: Vec<Value> = d
                .all::<OnPremises>()
                .filter(|(s, _)| self.arm.get(&s.id).is_some_and(|a| a.contains("/vpnSites/")))
                .filter(|(_, o)| self.wan_of_gateway(o.gateway.as_ref()).as_ref() == Some(&r.id))
                .map(|(s, _)| self.rid(&s.id))
                .collect();
            let body = self.top(
                r,
                "Microsoft.Network/virtualWans",
                json!({"type": w.sku.as_str(), "allowBranchToBranchTraffic": w.allow_branch_to_branch,
                       "virtualHubs": hubs, "vpnSites": sites, "provisioningState": "Succeeded"}),
            );
            self.push("Microsoft.Network/virtualWans", body);
        }
        for (r, h) in d.all::<VirtualHub>() {
            let body = self.hub(r, h);
            self.push("Microsoft.Network/virtualHubs", body);
            self.hub_children(r, h);
        }
        for (r, f) in d.all::<Firewall>().filter(|(r, _)| in_hub(d, r)) {
            let body = self.hub_firewall(r, f);
            self.push("Microsoft.Network/azureFirewalls", body);
        }
        for (r, g) in d.all::<VpnGateway>().filter(|(r, _)| in_hub(d, r)) {
            let body = self.hub_vpn_gateway(r, g);
            self.push("Microsoft.Network/vpnGateways", body);
        }
        for (r, g) in d.all::<ExpressRouteGateway>().filter(|(r, _)| in_hub(d, r)) {
            let body = self.hub_er_gateway(r, g);
            self.push("Microsoft.Network/expressRouteGateways", body);
        }
        for (r, o) in d.all::<OnPremises>() {
            if self.arm.get(&r.id).is_some_and(|a| a.contains("/vpnSites/")) {
                let body = self.vpn_site(r, o);
                self.push("Microsoft.Network/vpnSites", body);
            }
        }
    }

    /// The WAN of the hub a gateway sits in.
    fn wan_of_gateway(&self, gateway: Option<&Id>) -> Option<Id> {
        let hub = self.d.get(gateway?.as_str())?.parent()?;
        Some(self.d.get(hub.as_str())?.as_spec::<VirtualHub>()?.wan.clone())
    }

    /// The hub's part of a kind (its firewall, VPN or ExpressRoute gateway), as a reference.
    fn part(&self, hub: &Id, kind: Kind) -> Option<Value> {
        self.d
            .children(hub.as_str())
            .find(|c| c.kind() == kind)
            .map(|c| self.rid(&c.id))
    }

    fn hub(&self, r: &Resource, h: &VirtualHub) -> Value {
        let prefix = h.address_prefix.to_string();
        let sku = self
            .d
            .get(h.wan.as_str())
            .and_then(|w| w.as_spec::<VirtualWan>())
            .map_or("Standard", |w| w.sku.as_str());
        let mut props = json!({
            "virtualWan": self.rid(&h.wan),
            "addressPrefix": prefix,
            "sku": sku,
            "virtualRouterAsn": 65515,
            "virtualRouterIps": addresses(&prefix, 68, 2),
            "routingState": "Provisioned",
            "hubRoutingPreference": "ExpressRoute",
            "virtualRouterAutoScaleConfiguration": {"minCapacity": 2},
            "provisioningState": "Succeeded",
        });
        for (key, kind) in [
            ("azureFirewall", Kind::Firewall),
            ("vpnGateway", Kind::VpnGateway),
            ("expressRouteGateway", Kind::ExpressRouteGateway),
        ] {
            if let Some(part) = self.part(&r.id, kind) {
                props[key] = part;
            }
        }
        self.top(r, "Microsoft.Network/virtualHubs", props)
    }

    /// A hub's child lists: its VNet connections, and its routing intent.
    fn hub_children(&mut self, r: &Resource, h: &VirtualHub) {
        let hub = self.arm[&r.id].clone();
        let default_table = format!("{hub}/hubRouteTables/defaultRouteTable");
        let connections: Vec<Value> = h
            .connections
            .iter()
            .filter_map(|v| Some((self.d.get(v.as_str())?, self.arm.get(v)?)))
            .map(|(v, vnet)| {
                let name = h
                    .connection_names
                    .get(v.name())
                    .cloned()
                    .unwrap_or_else(|| format!("conn-{}", v.name()));
                json!({
                    "id": format!("{hub}/hubVirtualNetworkConnections/{name}"),
                    "name": name,
                    "type": "Microsoft.Network/virtualHubs/hubVirtualNetworkConnections",
                    "etag": "W/\"00000000-0000-0000-0000-000000000000\"",
                    "properties": {
                        "remoteVirtualNetwork": {"id": vnet},
                        "allowHubToRemoteVnetTransit": true,
                        "allowRemoteVnetToUseHubVnetGateways": true,
                        "enableInternetSecurity": true,
                        "routingConfiguration": {
                            "associatedRouteTable": {"id": default_table},
                            "propagatedRouteTables": {"labels": ["default"], "ids": [{"id": default_table}]},
                        },
                        "provisioningState": "Succeeded",
                    }
                })
            })
            .collect();
        self.lists
            .insert(format!("{hub}/hubVirtualNetworkConnections"), connections);
        let destinations: &[(&str, &str)] = match h.routing_intent {
            RoutingIntent::None => &[],
            RoutingIntent::Internet => &[("InternetTrafficPolicy", "Internet")],
            RoutingIntent::Private => &[("PrivateTrafficPolicy", "PrivateTraffic")],
            RoutingIntent::InternetAndPrivate => &[
                ("InternetTrafficPolicy", "Internet"),
                ("PrivateTrafficPolicy", "PrivateTraffic"),
            ],
        };
        let mut intents = Vec::new();
        if !destinations.is_empty() {
            let next = self.part(&r.id, Kind::Firewall).map(|f| f["id"].clone());
            let policies: Vec<Value> = destinations
                .iter()
                .map(|(name, to)| json!({"name": name, "destinations": [to], "nextHop": next}))
                .collect();
            let name = format!("{}-routing-intent", r.name());
            intents.push(json!({
                "id": format!("{hub}/routingIntent/{name}"),
                "name": name,
                "type": "Microsoft.Network/virtualHubs/routingIntent",
                "properties": {"routingPolicies": policies, "provisioningState": "Succeeded"},
            }));
        }
        self.lists.insert(format!("{hub}/routingIntent"), intents);
    }

    fn hub_firewall(&self, r: &Resource, f: &Firewall) -> Value {
        let hub = r.parent().cloned().unwrap_or_else(|| r.id.clone());
        let public: Vec<Value> = (1..=f.public_ip_count.max(1))
            .map(|i| json!({"address": format!("198.51.100.{i}")}))
            .collect();
        let mut props = json!({
            "sku": {"name": "AZFW_Hub", "tier": f.tier.as_str()},
            "virtualHub": self.rid(&hub),
            "hubIPAddresses": {
                "publicIPs": {"count": f.public_ip_count.max(1), "addresses": public},
                "privateIPAddress": self.hub_firewall_ip(&r.id),
            },
            "provisioningState": "Succeeded",
        });
        if let Some(p) = f.policy.as_ref().filter(|p| self.arm.contains_key(*p)) {
            props["firewallPolicy"] = self.rid(p);
        }
        let mut body = self.top(r, "Microsoft.Network/azureFirewalls", props);
        if !f.zones.is_empty() {
            body["zones"] = json!(f.zones);
        }
        body
    }

    /// The name of a VPN site's one link (the export's one device).
    fn link_name(site: &Resource) -> String {
        format!("{}-link", site.name())
    }

    fn hub_vpn_gateway(&self, r: &Resource, g: &VpnGateway) -> Value {
        let gw = self.arm[&r.id].clone();
        let connections: Vec<Value> = self
            .d
            .all::<OnPremises>()
            .filter(|(_, o)| o.gateway.as_ref() == Some(&r.id))
            .filter_map(|(s, o)| Some((s, o, self.arm.get(&s.id)?)))
            .map(|(s, o, site)| {
                let name = format!("cn-{}-to-{}", r.name(), s.name());
                let link = Self::link_name(s);
                json!({
                    "id": format!("{gw}/vpnConnections/{name}"),
                    "name": name,
                    "properties": {
                        "remoteVpnSite": {"id": site},
                        "vpnLinkConnections": [{
                            "id": format!("{gw}/vpnConnections/{name}/vpnLinkConnections/{link}"),
                            "name": link,
                            "properties": {
                                "vpnSiteLink": {"id": format!("{site}/vpnSiteLinks/{link}")},
                                "enableBgp": o.bgp_asn.is_some(),
                                "connectionStatus": "Connected",
                                "provisioningState": "Succeeded",
                            }
                        }],
                        "provisioningState": "Succeeded",
                    }
                })
            })
            .collect();
        let asn = g.bgp_asn.unwrap_or(65515);
        let hub_prefix = r
            .parent()
            .and_then(|h| self.d.get(h.as_str()))
            .and_then(|h| h.as_spec::<VirtualHub>())
            .map(|h| h.address_prefix.to_string())
            .unwrap_or_default();
        let peering: Vec<Value> = addresses(&hub_prefix, 12, 2)
            .into_iter()
            .enumerate()
            .map(|(i, ip)| {
                json!({"ipconfigurationId": format!("Instance{i}"), "defaultBgpIpAddresses": [ip],
                       "customBgpIpAddresses": [], "tunnelIpAddresses": [format!("198.51.100.{}", 20 + i)]})
            })
            .collect();
        let props = json!({
            "virtualHub": self.rid(r.parent().unwrap_or(&r.id)),
            "connections": connections,
            "bgpSettings": {"asn": asn, "bgpPeeringAddresses": peering},
            "vpnGatewayScaleUnit": g.scale_units.unwrap_or(1),
            "provisioningState": "Succeeded",
        });
        self.top(r, "Microsoft.Network/vpnGateways", props)
    }

    fn hub_er_gateway(&self, r: &Resource, g: &ExpressRouteGateway) -> Value {
        let gw = self.arm[&r.id].clone();
        let connections: Vec<Value> = self
            .d
            .all::<OnPremises>()
            .filter(|(_, o)| o.gateway.as_ref() == Some(&r.id) && o.connection == OnPremConnection::ExpressRoute)
            .map(|(s, _)| {
                let name = format!("cn-{}-to-{}", r.name(), s.name());
                json!({
                    "id": format!("{gw}/expressRouteConnections/{name}"),
                    "name": name,
                    "properties": {
                        "expressRouteCircuitPeering": {"id": format!(
                            "/subscriptions/{SUB}/resourceGroups/rg-circuits/providers/Microsoft.Network/expressRouteCircuits/{}/peerings/AzurePrivatePeering",
                            s.name()
                        )},
                        "provisioningState": "Succeeded",
                    }
                })
            })
            .collect();
        let props = json!({
            "virtualHub": self.rid(r.parent().unwrap_or(&r.id)),
            "autoScaleConfiguration": {"bounds": {"min": g.scale_units.unwrap_or(1)}},
            "expressRouteConnections": connections,
            "provisioningState": "Succeeded",
        });
        self.top(r, "Microsoft.Network/expressRouteGateways", props)
    }

    fn vpn_site(&self, r: &Resource, o: &OnPremises) -> Value {
        let site = self.arm[&r.id].clone();
        let link = Self::link_name(r);
        let mut link_props = json!({"linkProperties": {"linkSpeedInMbps": 0}, "provisioningState": "Succeeded"});
        match o.device_address.as_deref() {
            Some(a) if a.parse::<std::net::IpAddr>().is_ok() => link_props["ipAddress"] = json!(a),
            Some(a) => link_props["fqdn"] = json!(a),
            None => {}
        }
        if let Some(asn) = o.bgp_asn {
            link_props["bgpProperties"] = json!({"asn": asn});
        }
        let mut props = json!({
            "addressSpace": {"addressPrefixes": o.address_ranges.iter().map(ToString::to_string).collect::<Vec<_>>()},
            "vpnSiteLinks": [{"id": format!("{site}/vpnSiteLinks/{link}"), "name": link, "properties": link_props}],
            "provisioningState": "Succeeded",
        });
        if let Some(wan) = self.wan_of_gateway(o.gateway.as_ref()) {
            props["virtualWan"] = self.rid(&wan);
        }
        self.top(r, "Microsoft.Network/vpnSites", props)
    }
}
