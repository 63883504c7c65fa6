//! VPN and ExpressRoute gateways, their on-premises connections and Bastion
//! in the export model (Terraform `connectivity.tf`).

use netdraft_core::model::{
    Bastion, BastionSku, ExpressRouteGateway, Kind, OnPremConnection, OnPremises, Resource, VpnGateway,
};
use serde::Serialize;

use super::{Builder, Common, PublicIpM, Ref};
use crate::names;

with_common! {
    pub struct LocalGatewayM {
        pub connection: &'static str,
        pub address_ranges: Vec<String>,
        pub device_address: Option<String>,
        pub device_is_ip: bool,
        pub bgp_asn: Option<u32>,
        /// Key in the `vpn_shared_keys` / `expressroute_circuit_ids` variable.
        pub key: String,
    }
}

with_common! {
    pub struct GatewayM {
        /// `Vpn` or `ExpressRoute`.
        pub gateway_type: &'static str,
        pub sku: String,
        pub active_active: bool,
        pub bgp_asn: Option<u32>,
        pub subnet: Ref,
        pub public_ips: Vec<PublicIpM>,
        pub connections: Vec<LocalGatewayM>,
    }
}

with_common! {
    pub struct BastionM {
        pub sku: String,
        pub scale_units: Option<u32>,
        pub subnet: Option<Ref>,
        pub vnet: Option<Ref>,
        pub public_ip: Option<PublicIpM>,
    }
}

impl Builder<'_> {
    /// The common part of an on-premises site connected through `gateway`:
    /// the gateway's placement (group, location), the site's own id, name,
    /// labels and notes. Shared by VNet gateways' and hub gateways' sites.
    pub(super) fn site_common(&mut self, gateway: &Resource, site: &Resource) -> Common {
        let mut c = self.common(gateway);
        c.id = site.id.to_string();
        site.name().clone_into(&mut c.name);
        c.tf = self.tf_of(site.id.as_str());
        c.bicep = self.bicep_of(site.id.as_str());
        c.notes.clone_from(&site.meta.notes);
        c
    }

    pub(super) fn connections(&mut self, gateway: &Resource) -> Vec<LocalGatewayM> {
        let on_prems: Vec<(&Resource, &OnPremises)> = self
            .design
            .all::<OnPremises>()
            .filter(|(_, o)| o.gateway.as_ref() == Some(&gateway.id))
            .collect();
        on_prems
            .into_iter()
            .map(|(r, o)| {
                let c = self.site_common(gateway, r);
                LocalGatewayM {
                    key: names::tf_label(r.id.as_str()),
                    c,
                    connection: match o.connection {
                        OnPremConnection::Vpn => "vpn",
                        OnPremConnection::ExpressRoute => "expressroute",
                    },
                    address_ranges: o.address_ranges.iter().map(ToString::to_string).collect(),
                    device_is_ip: o
                        .device_address
                        .as_deref()
                        .is_some_and(|a| a.parse::<std::net::IpAddr>().is_ok()),
                    device_address: o.device_address.clone(),
                    bgp_asn: o.bgp_asn,
                }
            })
            .collect()
    }

    pub(super) fn vpn(&mut self, r: &Resource, s: &VpnGateway) -> Option<GatewayM> {
        // A gateway in a virtual hub is a hub gateway (`vwan.rs`).
        let subnet = self.parent_ref(r).filter(|p| !p.is(Kind::VirtualHub))?;
        let zones: Vec<String> = if s.sku.ends_with("AZ") {
            vec!["1".into(), "2".into(), "3".into()]
        } else {
            Vec::new()
        };
        let mut public_ips = Vec::new();
        let n = if s.active_active { 2 } else { 1 };
        for i in 1..=n {
            let suffix = if n == 1 { "pip".to_owned() } else { format!("pip-{i}") };
            let mut pip = self.implicit_ip(r, &suffix, &zones, None);
            if n > 1 {
                pip.c.name = format!("pip-{}-{i}", r.name());
            }
            public_ips.push(pip);
        }
        let connections = self.connections(r);
        Some(GatewayM {
            c: self.common(r),
            gateway_type: "Vpn",
            sku: s.sku.clone(),
            active_active: s.active_active,
            bgp_asn: s.bgp_asn,
            subnet,
            public_ips,
            connections,
        })
    }

    pub(super) fn er(&mut self, r: &Resource, s: &ExpressRouteGateway) -> Option<GatewayM> {
        let subnet = self.parent_ref(r).filter(|p| !p.is(Kind::VirtualHub))?;
        let connections = self.connections(r);
        Some(GatewayM {
            c: self.common(r),
            gateway_type: "ExpressRoute",
            sku: s.sku.clone(),
            active_active: false,
            bgp_asn: None,
            subnet,
            public_ips: Vec::new(),
            connections,
        })
    }

    pub(super) fn bastion(&mut self, r: &Resource, s: &Bastion) -> BastionM {
        let developer = s.sku == BastionSku::Developer;
        let parent = self.parent_ref(r);
        let (subnet, vnet) = match parent {
            Some(p) if p.is(Kind::Subnet) => {
                let vnet = self.design.get(p.id.as_str()).and_then(|x| self.parent_ref(x));
                (Some(p), vnet)
            }
            Some(p) => (None, Some(p)),
            None => (None, None),
        };
        let public_ip = if developer {
            None
        } else {
            Some(self.implicit_ip(r, "pip", &[], None))
        };
        BastionM {
            c: self.common(r),
            sku: s.sku.as_str().to_owned(),
            scale_units: s.scale_units,
            subnet: if developer { None } else { subnet },
            vnet,
            public_ip,
        }
    }
}
