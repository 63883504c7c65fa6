//! VNets, subnets, peerings, NSGs, route tables, NAT gateways and public IPs
//! in the export model (Terraform `network.tf`).

use netdraft_core::Id;
use netdraft_core::model::{
    Kind, NatGateway, Nsg, PublicIp, Resource, RouteTable, Subnet, VirtualNetwork, VnetPeering,
};
use serde::Serialize;

use super::{Builder, Common, ExistingM, Ref, existing_of, provider_alias, subscription_of};
use crate::names;

with_common! {
    pub struct VnetM {
        pub address_space: Vec<String>,
        pub dns_servers: Vec<String>,
        pub ddos_protection: bool,
        /// An existing VNet outside the design: referenced, never created.
        pub existing: Option<ExistingM>,
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Delegation {
    /// A short name for the delegation block.
    pub name: String,
    pub service: String,
    /// Actions Azure attaches to the delegation (empty: let Azure decide).
    pub actions: Vec<&'static str>,
}

with_common! {
    pub struct SubnetM {
        pub vnet: Ref,
        /// Effective prefix from the plan (`None`: the planner could not place it).
        pub prefix: Option<String>,
        /// Further prefixes of a multi-prefix subnet, after `prefix`.
        pub extra_prefixes: Vec<String>,
        pub auto: bool,
        pub delegation: Option<Delegation>,
        pub nsg: Option<Ref>,
        pub route_table: Option<Ref>,
        pub nat_gateway: Option<Ref>,
        pub service_endpoints: Vec<String>,
        pub private_endpoint_network_policies: String,
        pub private_link_service_network_policies_enabled: bool,
    }
}

/// One direction of a peering.
#[derive(Debug, Clone, Serialize)]
pub struct PeeringM {
    pub id: String,
    pub name: String,
    pub tf: String,
    pub bicep: String,
    pub local: Ref,
    pub local_rg: Ref,
    pub remote: Ref,
    pub allow_virtual_network_access: bool,
    pub allow_forwarded_traffic: bool,
    pub allow_gateway_transit: bool,
    pub use_remote_gateways: bool,
    /// `forward` for `from` → `to`, `reverse` for the way back.
    pub direction: &'static str,
    /// Gateways in the remote VNet this direction uses (`use_remote_gateways`).
    pub remote_gateways: Vec<Ref>,
    /// The Terraform provider alias of the local VNet's subscription, when its group names one.
    pub provider: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct NsgRuleM {
    pub name: String,
    pub priority: u16,
    pub direction: String,
    pub access: String,
    pub protocol: String,
    pub source_ports: Vec<String>,
    pub destination_ports: Vec<String>,
    pub sources: Vec<String>,
    pub destinations: Vec<String>,
    pub description: Option<String>,
}

with_common! {
    pub struct NsgM {
        pub rules: Vec<NsgRuleM>,
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct RouteM {
    pub name: String,
    pub prefix: String,
    pub next_hop: String,
    pub next_hop_ip: Option<String>,
    /// The firewall whose private IP is the next hop.
    pub firewall: Option<Ref>,
    /// Whether that firewall is a secured hub's (its private IP is the hub's, not an IP configuration's).
    pub firewall_in_hub: bool,
}

with_common! {
    pub struct RouteTableM {
        pub bgp_route_propagation: bool,
        pub routes: Vec<RouteM>,
    }
}

with_common! {
    pub struct PublicIpM {
        pub sku: String,
        /// `Static` or `Dynamic`.
        pub allocation: String,
        pub zones: Vec<String>,
        pub prefix_length: Option<u8>,
        pub dns_label: Option<String>,
        /// More than one address from one declaration (firewall frontends).
        pub count: Option<u32>,
        /// Created for another resource (firewall, gateway, Bastion, App Gateway), not drawn in the design.
        pub implicit: bool,
    }
}

with_common! {
    pub struct NatM {
        pub sku: String,
        pub idle_timeout_minutes: Option<u32>,
        pub zones: Vec<String>,
        pub public_ips: Vec<Ref>,
        pub public_ip_prefixes: Vec<Ref>,
    }
}

impl Builder<'_> {
    pub(super) fn vnet(&mut self, r: &Resource, s: &VirtualNetwork) -> VnetM {
        let existing = existing_of(r);
        let c = match &existing {
            // Its group is the one in its ARM id: no design group, never the default one.
            Some(e) => Common {
                id: r.id.to_string(),
                name: r.name().to_owned(),
                tf: self.tf_of(r.id.as_str()),
                bicep: self.bicep_of(r.id.as_str()),
                rg: e.group(),
                region: self.region_key_of(r.id.as_str()),
                same_region_as_rg: false,
                notes: r.meta.notes.clone(),
                provider: None,
            },
            None => self.common(r),
        };
        VnetM {
            c,
            address_space: s.address_space.iter().map(ToString::to_string).collect(),
            dns_servers: s.dns_servers.iter().map(ToString::to_string).collect(),
            // Settings of a VNet netdraft does not own are not exported.
            ddos_protection: s.ddos_protection && existing.is_none(),
            existing,
        }
    }

    pub(super) fn subnet(&mut self, r: &Resource, s: &Subnet) -> Option<SubnetM> {
        let vnet = self.parent_ref(r).filter(|v| v.is(Kind::VirtualNetwork))?;
        let planned = self.plan.subnet(r.id.as_str());
        Some(SubnetM {
            c: self.common(r),
            vnet,
            prefix: self.plan.prefix_of(r.id.as_str()).map(|c| c.to_string()),
            extra_prefixes: s.extra_prefixes.iter().map(ToString::to_string).collect(),
            auto: planned.is_some_and(|p| p.auto),
            delegation: s.delegation.as_deref().map(delegation),
            nsg: s.nsg.as_ref().and_then(|i| self.r(i)),
            route_table: s.route_table.as_ref().and_then(|i| self.r(i)),
            nat_gateway: s.nat_gateway.as_ref().and_then(|i| self.r(i)),
            service_endpoints: s.service_endpoints.clone(),
            private_endpoint_network_policies: s.private_endpoint_network_policies.as_str().to_owned(),
            private_link_service_network_policies_enabled: s.private_link_service_network_policies,
        })
    }

    pub(super) fn peering(&mut self, r: &Resource, s: &VnetPeering) -> Vec<PeeringM> {
        let (Some(from), Some(to)) = (self.r(&s.from), self.r(&s.to)) else {
            return Vec::new();
        };
        let from_rg = self.vnet_rg(&s.from, r);
        let to_rg = self.vnet_rg(&s.to, r);
        let (back_tf, back_bicep) = self.derived(r.id.as_str(), "back");
        let back_name = s
            .reverse_name
            .clone()
            .unwrap_or_else(|| VnetPeering::default_reverse_name(r.name(), &from.name, &to.name));
        let mut out = vec![
            PeeringM {
                id: r.id.to_string(),
                name: r.name().to_owned(),
                tf: self.tf_of(r.id.as_str()),
                bicep: self.bicep_of(r.id.as_str()),
                local: from.clone(),
                local_rg: from_rg,
                provider: self.provider_of(&s.from),
                remote: to.clone(),
                allow_virtual_network_access: s.allow_virtual_network_access,
                allow_forwarded_traffic: s.allow_forwarded_traffic,
                allow_gateway_transit: s.allow_gateway_transit,
                use_remote_gateways: false,
                direction: "forward",
                remote_gateways: Vec::new(),
            },
            PeeringM {
                id: r.id.to_string(),
                name: back_name,
                tf: back_tf,
                bicep: back_bicep,
                local: to,
                local_rg: to_rg,
                provider: self.provider_of(&s.to),
                remote: from,
                allow_virtual_network_access: s.allow_virtual_network_access,
                allow_forwarded_traffic: s.allow_forwarded_traffic,
                allow_gateway_transit: false,
                use_remote_gateways: s.use_remote_gateways,
                direction: "reverse",
                remote_gateways: if s.use_remote_gateways {
                    self.gateways_in(&s.from)
                } else {
                    Vec::new()
                },
            },
        ];
        // A peering that is not connected exists in one direction only: `from` → `to`.
        if !s.is_connected() {
            out.truncate(1);
        }
        // The direction that lives in an existing VNet belongs to that VNet's owner.
        out.retain(|p| !p.local.existing);
        out
    }

    /// The Terraform provider alias of a resource's group's subscription, if it names one.
    pub(super) fn provider_of(&self, id: &Id) -> Option<String> {
        let rg = self.rg_id_of(id.as_str())?;
        self.design.get(&rg).and_then(subscription_of).map(provider_alias)
    }

    /// A peered VNet's resource group (`fallback`'s when the VNet is missing).
    pub(super) fn vnet_rg(&mut self, vnet: &Id, fallback: &Resource) -> Ref {
        let res = self.design.get(vnet.as_str()).unwrap_or(fallback);
        match existing_of(res) {
            Some(e) => e.group(),
            None => self.common(res).rg,
        }
    }

    /// VPN and ExpressRoute gateways whose GatewaySubnet is in a VNet.
    pub(super) fn gateways_in(&self, vnet: &Id) -> Vec<Ref> {
        self.design
            .resources()
            .filter(|g| matches!(g.kind(), Kind::VpnGateway | Kind::ExpressRouteGateway))
            .filter(|g| {
                g.parent()
                    .and_then(|p| self.design.get(p.as_str()))
                    .and_then(|sn| sn.parent())
                    == Some(vnet)
            })
            .map(|g| self.ref_of(g))
            .collect()
    }

    pub(super) fn nsg(&mut self, r: &Resource, s: &Nsg) -> NsgM {
        let rules = s
            .rules
            .iter()
            .map(|x| NsgRuleM {
                name: x.name.clone(),
                priority: x.priority,
                direction: x.direction.as_str().to_owned(),
                access: x.access.as_str().to_owned(),
                protocol: x.protocol.as_str().to_owned(),
                source_ports: split_list(&x.source_ports),
                destination_ports: split_list(&x.destination_ports),
                sources: split_list(&x.source),
                destinations: split_list(&x.destination),
                description: x.description.clone(),
            })
            .collect();
        NsgM {
            c: self.common(r),
            rules,
        }
    }

    pub(super) fn route_table(&mut self, r: &Resource, s: &RouteTable) -> RouteTableM {
        let routes = s
            .routes
            .iter()
            .map(|x| {
                let firewall = x
                    .next_hop_resource
                    .as_ref()
                    .and_then(|i| self.r(i))
                    .filter(|f| f.is(Kind::Firewall));
                let firewall_in_hub = firewall
                    .as_ref()
                    .and_then(|f| self.design.get(&f.id))
                    .is_some_and(|f| self.hub_of(f).is_some());
                RouteM {
                    name: x.name.clone(),
                    prefix: x.prefix.to_string(),
                    next_hop: x.next_hop.as_str().to_owned(),
                    next_hop_ip: x.next_hop_ip.map(|ip| ip.to_string()),
                    firewall,
                    firewall_in_hub,
                }
            })
            .collect();
        RouteTableM {
            c: self.common(r),
            bgp_route_propagation: s.bgp_route_propagation,
            routes,
        }
    }

    pub(super) fn nat(&mut self, r: &Resource, s: &NatGateway) -> NatM {
        let (mut ips, mut prefixes) = (Vec::new(), Vec::new());
        for id in &s.public_ips {
            let is_prefix = self
                .design
                .spec::<PublicIp>(id.as_str())
                .is_some_and(|p| p.prefix_length.is_some());
            if let Some(x) = self.r(id) {
                if is_prefix { prefixes.push(x) } else { ips.push(x) }
            }
        }
        NatM {
            c: self.common(r),
            sku: s.sku.as_str().to_owned(),
            idle_timeout_minutes: s.idle_timeout_minutes,
            zones: s.zones.clone(),
            public_ips: ips,
            public_ip_prefixes: prefixes,
        }
    }

    pub(super) fn implicit_ip(
        &mut self,
        owner: &Resource,
        suffix: &str,
        zones: &[String],
        count: Option<u32>,
    ) -> PublicIpM {
        let c = self.implicit_common(owner, suffix, format!("pip-{}", owner.name()));
        PublicIpM {
            c,
            sku: "Standard".to_owned(),
            allocation: "Static".to_owned(),
            zones: zones.to_vec(),
            prefix_length: None,
            dns_label: None,
            count,
            implicit: true,
        }
    }
}

pub(super) fn public_ip(c: Common, s: &PublicIp) -> PublicIpM {
    PublicIpM {
        c,
        sku: s.sku.as_str().to_owned(),
        allocation: s.allocation.as_str().to_owned(),
        zones: s.zones.clone(),
        prefix_length: s.prefix_length,
        dns_label: s.dns_label.clone(),
        count: None,
        implicit: false,
    }
}

/// A delegation block for a service name, with the actions Azure attaches.
fn delegation(service: &str) -> Delegation {
    let actions: Vec<&'static str> = match service {
        "Microsoft.ContainerService/managedClusters"
        | "Microsoft.ServiceNetworking/trafficControllers"
        | "Microsoft.Web/serverFarms"
        | "Microsoft.Web/hostingEnvironments"
        | "Microsoft.ApiManagement/service"
        | "Microsoft.Network/dnsResolvers" => vec!["Microsoft.Network/virtualNetworks/subnets/join/action"],
        _ => Vec::new(),
    };
    let short = service.rsplit('/').next().unwrap_or(service);
    Delegation {
        name: names::k8s_name(&format!("delegation-{short}")),
        service: service.to_owned(),
        actions,
    }
}

/// `80,443` → `["80", "443"]`; `*` → `["*"]`.
fn split_list(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}
