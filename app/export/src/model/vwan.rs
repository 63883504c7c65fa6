//! Azure Virtual WAN in the export model (Terraform `vwan.tf`): the WANs, their
//! hubs with the VNets connected to them and their routing intent, and the VPN
//! and ExpressRoute gateways in a hub with the sites they connect. The Azure
//! Firewall of a secured hub stays with the other firewalls (`egress.rs`).
//!
//! Names the export chooses (Azure names the design does not hold):
//! - a hub virtual network connection is `conn-<VNet name>` (a VNet connects to one hub),
//!   unless the hub's `connection_names` holds the name an import read;
//! - a hub's routing intent is `hubRoutingIntent`, its policies `InternetTrafficPolicy`
//!   and `PrivateTrafficPolicy`;
//! - the one link of a VPN site is `link-1`, and the site's connection to the hub
//!   gateway `cn-<gateway name>-to-<site name>`, as for a VNet gateway.

use netdraft_core::model::{
    ExpressRouteGateway, Kind, OnPremConnection, OnPremises, Resource, RoutingIntent, VirtualHub, VirtualWan,
    VpnGateway,
};
use serde::Serialize;

use super::{Builder, Common, Ref};
use crate::names;

with_common! {
    pub struct VirtualWanM {
        /// `Standard` or `Basic` (the WAN's `type`).
        pub sku: String,
        pub allow_branch_to_branch: bool,
    }
}

/// A VNet connected to a hub (a hub virtual network connection).
#[derive(Debug, Clone, Serialize)]
pub struct HubConnectionM {
    /// The Azure name: the one the hub holds for the VNet, else `conn-<VNet name>`.
    pub name: String,
    pub tf: String,
    pub bicep: String,
    pub vnet: Ref,
    /// Whether the hub's default route (internet routing intent) is sent to the VNet.
    pub internet_security: bool,
}

/// One routing policy of a routing intent.
#[derive(Debug, Clone, Serialize)]
pub struct RoutingPolicyM {
    pub name: &'static str,
    /// `Internet` or `PrivateTraffic`.
    pub destination: &'static str,
}

/// A hub's routing intent: the traffic sent through the Azure Firewall in the hub.
#[derive(Debug, Clone, Serialize)]
pub struct RoutingIntentM {
    pub name: String,
    pub tf: String,
    pub bicep: String,
    /// The next hop of every policy.
    pub firewall: Ref,
    pub policies: Vec<RoutingPolicyM>,
}

with_common! {
    pub struct VirtualHubM {
        pub wan: Ref,
        pub address_prefix: String,
        /// `Standard`, or `Basic` in a Basic WAN.
        pub sku: String,
        pub connections: Vec<HubConnectionM>,
        /// `None` when the hub has no routing intent, or no firewall to send it to.
        pub routing_intent: Option<RoutingIntentM>,
    }
}

with_common! {
    /// A site reached through a hub gateway: a VPN site and its connection, or an ExpressRoute circuit's connection.
    pub struct HubSiteM {
        /// `vpn` or `expressroute`.
        pub connection: &'static str,
        /// The WAN the VPN site belongs to.
        pub wan: Ref,
        pub address_ranges: Vec<String>,
        pub device_address: Option<String>,
        pub device_is_ip: bool,
        pub bgp_asn: Option<u32>,
        /// The name of the site's one link.
        pub link: String,
        /// Key in the `vpn_shared_keys` / `expressroute_circuit_ids` variable.
        pub key: String,
    }
}

with_common! {
    /// A VPN or ExpressRoute gateway in a virtual hub.
    pub struct HubGatewayM {
        /// `Vpn` or `ExpressRoute`.
        pub gateway_type: &'static str,
        pub hub: Ref,
        pub scale_units: u32,
        /// Written when the design gives the gateway an ASN (a hub's is always 65515).
        pub bgp_asn: Option<u32>,
        pub sites: Vec<HubSiteM>,
    }
}

/// The routing policies of a routing intent, in a fixed order.
fn policies(intent: RoutingIntent) -> Vec<RoutingPolicyM> {
    let internet = RoutingPolicyM {
        name: "InternetTrafficPolicy",
        destination: "Internet",
    };
    let private = RoutingPolicyM {
        name: "PrivateTrafficPolicy",
        destination: "PrivateTraffic",
    };
    match intent {
        RoutingIntent::None => Vec::new(),
        RoutingIntent::Internet => vec![internet],
        RoutingIntent::Private => vec![private],
        RoutingIntent::InternetAndPrivate => vec![internet, private],
    }
}

impl Builder<'_> {
    /// The virtual hub a resource sits in, if its parent is one.
    pub(super) fn hub_of(&self, r: &Resource) -> Option<Ref> {
        self.parent_ref(r).filter(|p| p.is(Kind::VirtualHub))
    }

    pub(super) fn virtual_wan(&mut self, r: &Resource, s: &VirtualWan) -> VirtualWanM {
        VirtualWanM {
            c: self.common(r),
            sku: s.sku.as_str().to_owned(),
            allow_branch_to_branch: s.allow_branch_to_branch,
        }
    }

    pub(super) fn virtual_hub(&mut self, r: &Resource, s: &VirtualHub) -> Option<VirtualHubM> {
        let wan = self.r(&s.wan)?;
        let sku = self
            .design
            .spec::<VirtualWan>(s.wan.as_str())
            .map_or("Standard", |w| w.sku.as_str())
            .to_owned();
        let firewall = self
            .design
            .children(r.id.as_str())
            .find(|c| c.kind() == Kind::Firewall)
            .map(|c| self.ref_of(c));
        let routing_intent = match (firewall, s.routing_intent) {
            (Some(firewall), intent) if intent != RoutingIntent::None => {
                let (tf, bicep) = self.derived(r.id.as_str(), "routing-intent");
                Some(RoutingIntentM {
                    name: "hubRoutingIntent".to_owned(),
                    tf,
                    bicep,
                    firewall,
                    policies: policies(intent),
                })
            }
            _ => None,
        };
        let internet_security = routing_intent
            .as_ref()
            .is_some_and(|i| i.policies.iter().any(|p| p.destination == "Internet"));
        let mut vnets: Vec<Ref> = s.connections.iter().filter_map(|i| self.r(i)).collect();
        vnets.sort_by(|a, b| a.id.cmp(&b.id));
        vnets.dedup_by(|a, b| a.id == b.id);
        let connections = vnets
            .into_iter()
            .map(|vnet| {
                let (tf, bicep) = self.derived(&vnet.id, "conn");
                HubConnectionM {
                    name: s
                        .connection_names
                        .get(vnet.name.as_str())
                        .cloned()
                        .unwrap_or_else(|| format!("conn-{}", vnet.name)),
                    tf,
                    bicep,
                    vnet,
                    internet_security,
                }
            })
            .collect();
        Some(VirtualHubM {
            c: self.common(r),
            wan,
            address_prefix: s.address_prefix.to_string(),
            sku,
            connections,
            routing_intent,
        })
    }

    /// The sites a hub gateway connects: the on-premises networks whose gateway it is.
    fn hub_sites(&mut self, gateway: &Resource, wan: &Ref) -> Vec<HubSiteM> {
        let on_prems: Vec<(&Resource, &OnPremises)> = self
            .design
            .all::<OnPremises>()
            .filter(|(_, o)| o.gateway.as_ref() == Some(&gateway.id))
            // A hub's VPN gateway connects VPN sites, its ExpressRoute gateway circuits.
            .filter(|(_, o)| (o.connection == OnPremConnection::Vpn) == (gateway.kind() == Kind::VpnGateway))
            .collect();
        on_prems
            .into_iter()
            .map(|(r, o)| {
                let c = self.site_common(gateway, r);
                HubSiteM {
                    c,
                    connection: match o.connection {
                        OnPremConnection::Vpn => "vpn",
                        OnPremConnection::ExpressRoute => "expressroute",
                    },
                    wan: wan.clone(),
                    address_ranges: o.address_ranges.iter().map(ToString::to_string).collect(),
                    device_is_ip: o
                        .device_address
                        .as_deref()
                        .is_some_and(|a| a.parse::<std::net::IpAddr>().is_ok()),
                    device_address: o.device_address.clone(),
                    bgp_asn: o.bgp_asn,
                    link: "link-1".to_owned(),
                    key: names::tf_label(r.id.as_str()),
                }
            })
            .collect()
    }

    /// The WAN of the hub a gateway sits in.
    fn wan_of_hub(&self, hub: &Ref) -> Option<Ref> {
        let wan = &self.design.spec::<VirtualHub>(&hub.id)?.wan;
        self.r(wan)
    }

    pub(super) fn hub_vpn(&mut self, r: &Resource, s: &VpnGateway) -> Option<HubGatewayM> {
        let hub = self.hub_of(r)?;
        let wan = self.wan_of_hub(&hub)?;
        let sites = self.hub_sites(r, &wan);
        Some(HubGatewayM {
            c: self.common(r),
            gateway_type: "Vpn",
            hub,
            scale_units: s.scale_units.unwrap_or(1),
            bgp_asn: s.bgp_asn,
            sites,
        })
    }

    pub(super) fn hub_er(&mut self, r: &Resource, s: &ExpressRouteGateway) -> Option<HubGatewayM> {
        let hub = self.hub_of(r)?;
        let wan = self.wan_of_hub(&hub)?;
        let sites = self.hub_sites(r, &wan);
        Some(HubGatewayM {
            c: self.common(r),
            gateway_type: "ExpressRoute",
            hub,
            scale_units: s.scale_units.unwrap_or(1),
            bgp_asn: None,
            sites,
        })
    }
}
