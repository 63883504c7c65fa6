//! Azure Virtual WAN: the WANs, their hubs (address prefix, routing intent,
//! the VNets connected to them), the Azure Firewall of a secured hub, the
//! hubs' VPN and ExpressRoute gateways, and the VPN sites (on-premises
//! networks) a hub VPN gateway connects.
//!
//! Sources: Microsoft.Network REST reference, 2025-01-01: Virtual Wans
//! (`properties.type`, `allowBranchToBranchTraffic`), Virtual Hubs
//! (`virtualWan`, `addressPrefix`, `sku`), Hub Virtual Network Connections
//! (`remoteVirtualNetwork`), Routing Intent (`routingPolicies[].destinations`
//! `Internet`/`PrivateTraffic`, `nextHop`), Azure Firewalls (`sku.name`
//! `AZFW_Hub`, `virtualHub`, `hubIPAddresses`), Vpn Gateways (`virtualHub`,
//! `vpnGatewayScaleUnit`, `bgpSettings.asn`, `connections[].remoteVpnSite`),
//! Express Route Gateways (`virtualHub`, `autoScaleConfiguration.bounds.min`,
//! `expressRouteConnections[].expressRouteCircuitPeering`) and Vpn Sites
//! (`addressSpace.addressPrefixes`, `vpnSiteLinks[]` `ipAddress`/`fqdn`/
//! `bgpProperties.asn`). `az` flattens a WAN's `properties.type` to
//! `typePropertiesType`.

use std::net::IpAddr;

use netdraft_core::Id;
use netdraft_core::model::{
    ExpressRouteGateway, Firewall, FirewallTier, Kind, OnPremConnection, OnPremises, Resource, RoutingIntent, Spec,
    VirtualHub, VirtualNetwork, VirtualWan, VirtualWanSku, VnetRole, VpnGateway,
};
use serde_json::Value;

use super::on_prem::same_group;
use super::{Mapper, cidr, enum_ci};
use crate::raw::{
    RawResource, arr, bool_field, field, get_ci, last_segment, parent_id, ref_field, segment_after, str_field, strings,
    type_from_id, u32_field,
};
use crate::report::Imported;

/// Lower-cased Azure types.
pub(super) const VIRTUAL_WAN: &str = "microsoft.network/virtualwans";
pub(super) const VIRTUAL_HUB: &str = "microsoft.network/virtualhubs";
pub(super) const HUB_CONNECTION: &str = "microsoft.network/virtualhubs/hubvirtualnetworkconnections";
pub(super) const ROUTING_INTENT: &str = "microsoft.network/virtualhubs/routingintent";
pub(super) const HUB_VPN_GATEWAY: &str = "microsoft.network/vpngateways";
pub(super) const VPN_CONNECTION: &str = "microsoft.network/vpngateways/vpnconnections";
pub(super) const HUB_ER_GATEWAY: &str = "microsoft.network/expressroutegateways";
pub(super) const ER_CONNECTION: &str = "microsoft.network/expressroutegateways/expressrouteconnections";
pub(super) const VPN_SITE: &str = "microsoft.network/vpnsites";

/// A hub gateway has no VNet gateway SKU (it scales by units): it holds
/// the SKU the designer gives a new gateway (`command::starter`).
const HUB_VPN_SKU: &str = "VpnGw2AZ";
const HUB_ER_SKU: &str = "ErGw1AZ";

/// Whether an Azure Firewall sits in a virtual hub (`AZFW_Hub`, or a `virtualHub`).
pub(super) fn in_hub(r: &RawResource) -> bool {
    field(&r.body, "sku")
        .and_then(|s| str_field(s, "name"))
        .is_some_and(|n| n.eq_ignore_ascii_case("AZFW_Hub"))
        || ref_field(&r.body, "virtualHub").is_some()
}

/// A hub firewall's private IP (`hubIPAddresses.privateIPAddress`), for routes to it.
pub(super) fn hub_firewall_ip(r: &RawResource) -> Option<IpAddr> {
    field(&r.body, "hubIPAddresses")
        .and_then(|h| str_field(h, "privateIPAddress"))
        .and_then(|ip| ip.parse().ok())
}

/// A WAN's `properties.type` (never the resource's own top-level `type`),
/// or `typePropertiesType` as `az` flattens it.
fn wan_type(r: &RawResource) -> Option<&str> {
    get_ci(&r.body, "properties")
        .and_then(|p| get_ci(p, "type"))
        .and_then(Value::as_str)
        .or_else(|| str_field(&r.body, "typePropertiesType"))
}

impl<'a> Mapper<'a> {
    /// Virtual WANs, then their hubs with routing intent (after the VNets;
    /// the VNets connected to them are read by [`Mapper::hub_connections`],
    /// after the peerings made existing VNets for peers outside the import).
    pub(super) fn virtual_wans(&mut self) {
        for r in self.inv.of_type(VIRTUAL_WAN) {
            let sku = self.enum_or_default(r, "type", VirtualWanSku::ALL, wan_type(r));
            let spec = Spec::VirtualWan(VirtualWan {
                sku,
                allow_branch_to_branch: bool_field(&r.body, "allowBranchToBranchTraffic").unwrap_or(true),
            });
            let parent = self.region_of(r);
            self.add(Some(r), &r.name, &r.name, parent, spec);
        }
        for r in self.inv.of_type(VIRTUAL_HUB) {
            let wan_arm = ref_field(&r.body, "virtualWan");
            let Some(wan) = self.resolve(wan_arm.clone(), &[Kind::VirtualWan]) else {
                let what = wan_arm.map_or_else(
                    || "its Virtual WAN is not named".to_owned(),
                    |w| format!("its Virtual WAN {w} is not in the import (a design hub belongs to a WAN)"),
                );
                self.skip(r, what);
                continue;
            };
            let Some(address_prefix) = str_field(&r.body, "addressPrefix").and_then(cidr) else {
                self.skip(r, "no valid addressPrefix (a design hub holds its address range)");
                continue;
            };
            let wan_sku = self
                .design
                .get(wan.as_str())
                .and_then(|w| w.as_spec::<VirtualWan>())
                .map(|w| w.sku);
            if let (Some(text), Some(wan_sku)) = (str_field(&r.body, "sku"), wan_sku)
                && !text.eq_ignore_ascii_case(wan_sku.as_str())
            {
                self.changed(
                    r,
                    "sku",
                    format!("`{text}`"),
                    format!("`{wan_sku}`, its WAN's type (a design hub has its WAN's type)"),
                );
            }
            let (routing_intent, intents) = self.routing_intent(r);
            let spec = Spec::VirtualHub(VirtualHub {
                wan,
                address_prefix,
                connections: Vec::new(),
                routing_intent,
                connection_names: std::collections::BTreeMap::new(),
            });
            let parent = self.region_of(r);
            let hub = self.add(Some(r), &r.name, &r.name, parent, spec);
            for intent in intents {
                self.read_into(intent, &hub, Kind::VirtualHub);
            }
        }
    }

    /// A part read into a design resource: listed as imported into it (and
    /// in the report under its Azure type, as parts are).
    fn read_into(&mut self, part: &RawResource, into: &Id, kind: Kind) {
        self.consumed.insert(part.key());
        self.report.imported.push(Imported {
            kind,
            id: into.clone(),
            name: part.name.clone(),
            source: part.id.clone(),
        });
    }

    /// A hub's routing intent (its `routingIntent` children): what goes
    /// through the hub's Azure Firewall. Destinations other than `Internet`
    /// and `PrivateTraffic`, and next hops other than the hub's firewall, are
    /// reported as changed.
    fn routing_intent(&mut self, hub: &RawResource) -> (RoutingIntent, Vec<&'a RawResource>) {
        let inv = self.inv;
        let intents: Vec<&RawResource> = inv.children_of(&hub.id, ROUTING_INTENT).collect();
        let (mut internet, mut private) = (false, false);
        for intent in &intents {
            for policy in arr(&intent.body, "routingPolicies") {
                let next = str_field(policy, "nextHop")
                    .map(str::to_owned)
                    .or_else(|| ref_field(policy, "nextHop"));
                let through_firewall = next.as_deref().is_some_and(|n| {
                    type_from_id(n).is_some_and(|t| t.eq_ignore_ascii_case("Microsoft.Network/azureFirewalls"))
                        && inv.get(n).is_none_or(|f| {
                            ref_field(&f.body, "virtualHub").is_some_and(|h| h.eq_ignore_ascii_case(&hub.id))
                        })
                });
                if !through_firewall {
                    self.changed(
                        intent,
                        "routingPolicies[].nextHop",
                        format!("`{}`", next.as_deref().unwrap_or("none")),
                        "the hub's Azure Firewall (a design hub's routing intent goes through it)",
                    );
                }
                for d in strings(policy, "destinations") {
                    if d.eq_ignore_ascii_case("Internet") {
                        internet = true;
                    } else if d.eq_ignore_ascii_case("PrivateTraffic") {
                        private = true;
                    } else {
                        self.changed(
                            intent,
                            "routingPolicies[].destinations",
                            format!("`{d}`"),
                            "left out (netdraft knows `Internet` and `PrivateTraffic`)",
                        );
                    }
                }
            }
        }
        let intent = match (internet, private) {
            (true, true) => RoutingIntent::InternetAndPrivate,
            (true, false) => RoutingIntent::Internet,
            (false, true) => RoutingIntent::Private,
            (false, false) => RoutingIntent::None,
        };
        (intent, intents)
    }

    /// The Azure Firewall of a secured hub (`AZFW_Hub`): in its hub, with
    /// its public IP count (`hubIPAddresses.publicIPs.count`, addresses Azure
    /// assigns: no public IP resources).
    pub(super) fn hub_firewall(&mut self, r: &RawResource) {
        let hub_arm = ref_field(&r.body, "virtualHub");
        let Some(hub) = self.resolve(hub_arm.clone(), &[Kind::VirtualHub]) else {
            self.skip(
                r,
                format!(
                    "a Virtual WAN hub firewall whose hub {} is not in the import (or was skipped)",
                    hub_arm.as_deref().unwrap_or("(not named)")
                ),
            );
            return;
        };
        let sku = field(&r.body, "sku");
        let count = field(&r.body, "hubIPAddresses")
            .and_then(|h| get_ci(h, "publicIPs"))
            .and_then(|p| u32_field(p, "count"));
        let policy_arm = ref_field(&r.body, "firewallPolicy");
        let policy = self.resolve(policy_arm.clone(), &[Kind::FirewallPolicy]);
        if let (Some(arm), None) = (&policy_arm, &policy) {
            self.changed(
                r,
                "firewallPolicy",
                arm.clone(),
                "none: that policy is not in the import",
            );
        }
        let spec = Spec::Firewall(Firewall {
            tier: enum_ci(FirewallTier::ALL, sku.and_then(|s| str_field(s, "tier"))).unwrap_or_default(),
            public_ip_count: count.unwrap_or(1).max(1),
            policy,
            zones: strings(&r.body, "zones"),
        });
        self.add(Some(r), &r.name, &r.name, Some(hub), spec);
    }

    /// VPN and ExpressRoute gateways in virtual hubs (after the hubs).
    pub(super) fn hub_gateways(&mut self) {
        let inv = self.inv;
        for r in inv.of_type(HUB_VPN_GATEWAY) {
            let Some(hub) = self.gateway_hub(r) else { continue };
            let spec = Spec::VpnGateway(VpnGateway {
                sku: HUB_VPN_SKU.to_owned(),
                active_active: false,
                bgp_asn: field(&r.body, "bgpSettings").and_then(|b| u32_field(b, "asn")),
                scale_units: u32_field(&r.body, "vpnGatewayScaleUnit"),
            });
            self.add(Some(r), &r.name, &r.name, Some(hub), spec);
        }
        for r in inv.of_type(HUB_ER_GATEWAY) {
            let Some(hub) = self.gateway_hub(r) else { continue };
            let scale_units = field(&r.body, "autoScaleConfiguration")
                .and_then(|a| get_ci(a, "bounds"))
                .and_then(|b| u32_field(b, "min"));
            let spec = Spec::ExpressRouteGateway(ExpressRouteGateway {
                sku: HUB_ER_SKU.to_owned(),
                scale_units,
            });
            let gateway = self.add(Some(r), &r.name, &r.name, Some(hub), spec);
            let mut connections: Vec<RawResource> = arr(&r.body, "expressRouteConnections")
                .iter()
                .filter_map(|c| embedded(r, c, "expressRouteConnections"))
                .collect();
            connections.extend(inv.children_of(&r.id, ER_CONNECTION).cloned());
            for c in connections {
                self.hub_express_route(&c, &gateway, r);
            }
        }
    }

    /// The hub a hub gateway sits in, or `None` (skipped, with the reason).
    fn gateway_hub(&mut self, r: &RawResource) -> Option<Id> {
        let hub_arm = ref_field(&r.body, "virtualHub");
        let hub = self.resolve(hub_arm.clone(), &[Kind::VirtualHub]);
        if hub.is_none() {
            self.skip(
                r,
                format!(
                    "its virtual hub {} is not in the import (or was skipped)",
                    hub_arm.as_deref().unwrap_or("(not named)")
                ),
            );
        }
        hub
    }

    /// An ExpressRoute connection of a hub gateway: an on-premises network
    /// behind the circuit (named after it), as for a VNet gateway's.
    fn hub_express_route(&mut self, c: &RawResource, gateway: &Id, gateway_raw: &RawResource) {
        if self.consumed.contains(&c.key()) {
            return;
        }
        let peering = ref_field(&c.body, "expressRouteCircuitPeering");
        let circuit = peering
            .as_deref()
            .and_then(|p| segment_after(p, "expressRouteCircuits"))
            .map(str::to_owned);
        let name = circuit.clone().unwrap_or_else(|| c.name.clone());
        let spec = OnPremises {
            address_ranges: Vec::new(),
            connection: OnPremConnection::ExpressRoute,
            gateway: Some(gateway.clone()),
            device_address: None,
            bgp_asn: None,
        };
        let id = self.add(Some(c), &name, &name, None, Spec::OnPremises(spec));
        // A connection is a part of its gateway: the site goes with the gateway.
        if let Some(res) = self.design.get_mut(id.as_str()) {
            res.meta.resource_group = None;
        }
        self.report.note(format!(
            "On-premises network `{id}` stands for ExpressRoute connection {} of hub gateway `{}` (circuit {}): the ranges it advertises come over BGP and are in no ARM body, so it has none yet; add them to plan and lint against them.",
            c.id,
            gateway_raw.name,
            circuit.as_deref().unwrap_or("not named"),
        ));
    }

    /// VPN sites: on-premises networks, joined to the hub VPN gateway whose
    /// `connections[].remoteVpnSite` names them (after the hub gateways).
    pub(super) fn vpn_sites(&mut self) {
        let inv = self.inv;
        // (site, gateway, connection): connections in gateway bodies, and
        // connections read as resources of their own (`az network vpn-gateway connection list`).
        let mut joins: Vec<(String, String, RawResource)> = Vec::new();
        for g in inv.of_type(HUB_VPN_GATEWAY) {
            for c in arr(&g.body, "connections") {
                if let (Some(site), Some(c)) = (ref_field(c, "remoteVpnSite"), embedded(g, c, "vpnConnections")) {
                    joins.push((site, g.id.clone(), c));
                }
            }
        }
        for c in inv.of_type(VPN_CONNECTION) {
            match (ref_field(&c.body, "remoteVpnSite"), parent_id(&c.id)) {
                (Some(site), Some(g)) => joins.push((site, g.to_owned(), c.clone())),
                _ => self.skip(c, "it names no VPN site"),
            }
        }
        for r in inv.of_type(VPN_SITE) {
            let ranges = self.site_ranges(r, "addressSpace");
            let links = arr(&r.body, "vpnSiteLinks");
            if links.len() > 1 {
                self.changed(
                    r,
                    "vpnSiteLinks",
                    format!("{} links", links.len()),
                    "the first link's address and ASN (a design on-premises network holds one device)",
                );
            }
            let link = links.first();
            let address = link
                .and_then(|l| str_field(l, "ipAddress").or_else(|| str_field(l, "fqdn")))
                .or_else(|| str_field(&r.body, "ipAddress"))
                .map(str::to_owned);
            let bgp_asn = link
                .and_then(|l| field(l, "bgpProperties"))
                .and_then(|b| u32_field(b, "asn"))
                .or_else(|| field(&r.body, "bgpProperties").and_then(|b| u32_field(b, "asn")));
            let joined: Vec<&(String, String, RawResource)> =
                joins.iter().filter(|(s, _, _)| s.eq_ignore_ascii_case(&r.id)).collect();
            let gateway_arm = joined
                .iter()
                .find(|(_, g, _)| self.resolve(Some(g.clone()), &[Kind::VpnGateway]).is_some())
                .map(|(_, g, _)| g.clone());
            let gateway = self.resolve(gateway_arm.clone(), &[Kind::VpnGateway]);
            let spec = OnPremises {
                address_ranges: ranges,
                connection: OnPremConnection::Vpn,
                gateway: gateway.clone(),
                device_address: address,
                bgp_asn,
            };
            let id = self.add(Some(r), &r.name, &r.name, None, Spec::OnPremises(spec));
            // A site beside its gateway belongs with it (where the export puts it).
            if gateway_arm.as_deref().is_some_and(|g| same_group(g, &r.id))
                && let Some(res) = self.design.get_mut(id.as_str())
            {
                res.meta.resource_group = None;
            }
            for (_, g, c) in joined {
                if self.resolve(Some(g.clone()), &[Kind::VpnGateway]).is_some() {
                    if inv.get(&c.id).is_some() {
                        self.read_into(c, &id, Kind::OnPremises);
                    } else {
                        self.consumed.insert(c.key());
                    }
                } else if inv.get(&c.id).is_some() {
                    self.skip(
                        c,
                        format!("its hub VPN gateway {g} is not in the import (or was skipped)"),
                    );
                }
            }
        }
        // Connections to sites outside the import: said, never dropped.
        for (site, g, c) in &joins {
            let gateway_in = self.resolve(Some(g.clone()), &[Kind::VpnGateway]).is_some();
            if gateway_in && inv.get(site).is_none() && !self.consumed.contains(&c.key()) {
                self.consumed.insert(c.key());
                self.report.skip(
                    &c.id,
                    VPN_CONNECTION,
                    format!("its VPN site {site} is not in the import, so no on-premises network stands for it"),
                );
            }
        }
    }

    /// The VNets connected to each hub (its `hubVirtualNetworkConnections`),
    /// after the peerings: a VNet outside the import is linked when a
    /// peering made it an existing VNet, else the connection is skipped with
    /// the reason (it gives no address space to make one). A connected VNet
    /// that is not a hub of its own is a spoke.
    pub(super) fn hub_connections(&mut self) {
        let inv = self.inv;
        for c in inv.of_type(HUB_CONNECTION) {
            let Some(hub) = parent_id(&c.id).and_then(|h| self.resolve(Some(h.to_owned()), &[Kind::VirtualHub])) else {
                continue; // Reported with its parent by `unknown`.
            };
            let Some(vnet_arm) = ref_field(&c.body, "remoteVirtualNetwork") else {
                self.skip(c, "it names no remoteVirtualNetwork");
                continue;
            };
            let Some(vnet) = self.resolve(Some(vnet_arm.clone()), &[Kind::VirtualNetwork]) else {
                self.skip(
                    c,
                    format!(
                        "its VNet {vnet_arm} is outside the import and the connection does not give its address space, which an existing VNet needs; import that VNet's resource group too"
                    ),
                );
                continue;
            };
            // The connection's Azure name, kept where it is not the one the export writes.
            let vnet_name = self.design.get(vnet.as_str()).map(|v| v.name().to_owned());
            if let Some(Resource {
                spec: Spec::VirtualHub(h),
                ..
            }) = self.design.get_mut(hub.as_str())
                && !h.connections.contains(&vnet)
            {
                h.connections.push(vnet.clone());
                if let Some(vnet_name) = vnet_name
                    && c.name != format!("conn-{vnet_name}")
                {
                    h.connection_names.insert(vnet_name, c.name.clone());
                }
            }
            if let Some(Resource {
                spec: Spec::VirtualNetwork(v),
                ..
            }) = self.design.get_mut(vnet.as_str())
                && v.role == VnetRole::Standalone
            {
                v.role = VnetRole::Spoke;
            }
            self.read_into(c, &hub, Kind::VirtualHub);
        }
        // Connections in the order of their VNets' names, whatever the read order.
        let hubs: Vec<Id> = self.design.of_kind(Kind::VirtualHub).map(|r| r.id.clone()).collect();
        for hub in hubs {
            let Some(mut connections) = self
                .design
                .get(hub.as_str())
                .and_then(|h| h.as_spec::<VirtualHub>())
                .map(|h| h.connections.clone())
            else {
                continue;
            };
            let name = |v: &Id| {
                self.design
                    .get(v.as_str())
                    .filter(|r| r.as_spec::<VirtualNetwork>().is_some())
                    .map(|r| r.name().to_owned())
            };
            connections.sort_by_key(name);
            if let Some(Resource {
                spec: Spec::VirtualHub(h),
                ..
            }) = self.design.get_mut(hub.as_str())
            {
                h.connections = connections;
            }
        }
    }
}

/// A connection embedded in a gateway's body, as a resource of its own
/// (its id, or one made from the gateway's and its name).
fn embedded(gateway: &RawResource, c: &Value, child: &str) -> Option<RawResource> {
    let name = get_ci(c, "name").and_then(Value::as_str)?;
    let id = get_ci(c, "id")
        .and_then(Value::as_str)
        .map_or_else(|| format!("{}/{child}/{name}", gateway.id), str::to_owned);
    Some(RawResource {
        kind: format!("{}/{}", gateway.kind, child.to_ascii_lowercase()),
        name: last_segment(name).to_owned(),
        origin: gateway.origin.clone(),
        body: c.clone(),
        id,
    })
}
