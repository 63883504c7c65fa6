//! Regions, resource groups and the network core: public IPs, NAT gateways,
//! NSGs, route tables, VNets, subnets, VPN/ExpressRoute gateways, Bastions.

use std::collections::{BTreeMap, BTreeSet};
use std::net::IpAddr;

use netdraft_core::Id;
use netdraft_core::model::{
    Bastion, BastionSku, ExpressRouteGateway, IpAllocation, Kind, NatGateway, NatSku, NextHop, Nsg, NsgRule,
    PrivateEndpointPolicies, PublicIp, PublicIpSku, Region, Resource, ResourceGroup, Route, RouteTable, Spec, Subnet,
    SubnetPrefix, VirtualNetwork, VnetRole, VpnGateway,
};
use netdraft_core::net::{AddressPrefix, Cidr};
use serde_json::Value;

use super::{
    AKS, BASTION, FIREWALL, Mapper, NAT, NSG, PUBLIC_IP, RESOURCE_GROUP, ROUTE_TABLE, SUBNET, VNET, VNET_GATEWAY, cidr,
    enum_ci, node_group, parse_enum,
};
use crate::raw::{
    RawResource, arr, bool_field, field, get_ci, parent_id, ref_field, segment_after, str_field, strings, u32_field,
};
use crate::report::Imported;

/// One NSG rule, or why it cannot be represented.
fn nsg_rule(rule: &Value) -> Result<NsgRule, String> {
    let one = |single: &str, many: &str| -> Result<String, String> {
        if let Some(s) = str_field(rule, single) {
            return Ok(s.to_owned());
        }
        let list = strings(rule, many);
        match list.as_slice() {
            [] => Err(format!("it has no {single}")),
            [one] => Ok(one.clone()),
            _ => Err(format!(
                "its {many} lists {} values; a netdraft NSG rule holds one: split it into rules in the designer",
                list.len()
            )),
        }
    };
    if !arr(rule, "sourceApplicationSecurityGroups").is_empty()
        || !arr(rule, "destinationApplicationSecurityGroups").is_empty()
    {
        return Err("it uses application security groups, which netdraft does not model".into());
    }
    let name = str_field(rule, "name").ok_or("it has no name")?.to_owned();
    let priority = u32_field(rule, "priority")
        .and_then(|p| u16::try_from(p).ok())
        .ok_or("it has no priority")?;
    let direction = parse_enum(str_field(rule, "direction")).ok_or("its direction is not Inbound or Outbound")?;
    let access = parse_enum(str_field(rule, "access")).ok_or("its access is not Allow or Deny")?;
    let protocol = enum_ci(netdraft_core::model::Protocol::ALL, str_field(rule, "protocol"))
        .ok_or("its protocol is not *, Tcp, Udp or Icmp")?;
    Ok(NsgRule {
        name,
        priority,
        direction,
        access,
        protocol,
        source: one("sourceAddressPrefix", "sourceAddressPrefixes")?,
        source_ports: one("sourcePortRange", "sourcePortRanges")?,
        destination: one("destinationAddressPrefix", "destinationAddressPrefixes")?,
        destination_ports: one("destinationPortRange", "destinationPortRanges")?,
        description: str_field(rule, "description").map(str::to_owned),
    })
}

impl Mapper<'_> {
    pub(super) fn regions_and_groups(&mut self) {
        let mut locations = BTreeSet::new();
        for r in self.inv.iter() {
            if let Some(loc) = r.location() {
                locations.insert(loc);
            }
        }
        for loc in locations {
            let id = self.add(None, &loc, &loc, None, Spec::Region(Region { location: loc.clone() }));
            self.ids.insert(format!("region:{loc}"), id);
        }
        // Resource groups: listed ones, and every group a resource names.
        let mut groups: BTreeMap<String, (String, Option<&RawResource>)> = BTreeMap::new();
        for r in self.inv.iter() {
            if r.kind == RESOURCE_GROUP {
                groups.insert(r.key(), (r.name.clone(), Some(r)));
                continue;
            }
            if let (Some(sub), Some(rg)) = (
                segment_after(&r.id, "subscriptions"),
                segment_after(&r.id, "resourceGroups"),
            ) {
                let key = format!("/subscriptions/{sub}/resourcegroups/{rg}").to_ascii_lowercase();
                groups.entry(key).or_insert_with(|| (rg.to_owned(), None));
            }
        }
        // AKS makes and owns each cluster's node resource group: not a design group.
        let node_groups: BTreeMap<String, String> = self
            .inv
            .of_type(AKS)
            .filter_map(|c| Some((node_group(c)?, c.name.clone())))
            .collect();
        // Groups of several subscriptions carry theirs: two may share a name.
        let subscription_of = |key: &str| segment_after(key, "subscriptions").map(str::to_owned);
        let subscriptions: BTreeSet<String> = groups
            .iter()
            .filter(|(key, _)| !node_groups.contains_key(*key))
            .filter_map(|(key, _)| subscription_of(key))
            .collect();
        let several = subscriptions.len() > 1;
        for (key, (name, raw)) in groups {
            if let Some(cluster) = node_groups.get(&key) {
                if let Some(r) = raw {
                    self.consumed.insert(r.key());
                }
                self.report.note(format!(
                    "Resource group `{name}` is the node resource group of AKS cluster `{cluster}`, which AKS manages; it is not a design resource group (its internal load balancer frontends are imported as the cluster's Kubernetes services)."
                ));
                continue;
            }
            let parent = raw.and_then(|r| self.region_of(r));
            let id = self.design.fresh_id(&name);
            // The subscription as its ARM id spells it (the key is lower-cased).
            let subscription = several
                .then(|| {
                    raw.map_or_else(
                        || subscription_of(&key),
                        |r| segment_after(&r.id, "subscriptions").map(str::to_owned),
                    )
                })
                .flatten();
            let mut res = Resource::new(
                id.clone(),
                name.clone(),
                parent,
                Spec::ResourceGroup(ResourceGroup { subscription }),
            );
            if let Some(r) = raw {
                res.meta.notes = Some(format!("Imported from {}", r.id));
                self.consumed.insert(r.key());
            }
            self.report.imported.push(Imported {
                kind: Kind::ResourceGroup,
                id: id.clone(),
                name,
                source: raw.map(|r| r.id.clone()).unwrap_or_default(),
            });
            let _ = self.design.insert(res);
            self.ids.insert(key, id);
        }
    }

    /// Public IPs that are the frontends of a firewall, a VPN/ExpressRoute
    /// gateway, a Bastion or an Application Gateway whose subnet's VNet is
    /// read: the design holds them as their owner's (a firewall's
    /// `public_ip_count`, a gateway's `public_frontend`), and the export
    /// makes them for it. Lower-cased ARM id → the owner's name.
    pub(super) fn owned_public_ips(&self) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        for owner in [FIREWALL, VNET_GATEWAY, BASTION] {
            for r in self.inv.of_type(owner) {
                let configs: Vec<&Value> = arr(&r.body, "ipConfigurations")
                    .iter()
                    .chain(field(&r.body, "managementIpConfiguration"))
                    .collect();
                let placed = configs.iter().any(|c| {
                    ref_field(c, "subnet")
                        .and_then(|s| parent_id(&s).map(str::to_owned))
                        .is_some_and(|v| self.inv.get(&v).is_some())
                });
                if !placed {
                    continue;
                }
                for c in configs {
                    if let Some(ip) = ref_field(c, "publicIPAddress") {
                        out.insert(ip.to_ascii_lowercase(), r.name.clone());
                    }
                }
            }
        }
        self.app_gateway_public_ips(&mut out);
        self.k8s_public_ips(&mut out);
        out
    }

    pub(super) fn public_ips(&mut self) {
        let owned = self.owned_public_ips();
        for r in self.inv.of_type(PUBLIC_IP) {
            if let Some(owner) = owned.get(&r.key()) {
                self.consumed.insert(r.key());
                self.report.note(format!(
                    "Public IP `{}` is a frontend of `{owner}`, which the design holds with its addresses; the export makes them for it, named after it.",
                    r.name
                ));
                continue;
            }
            let sku_name = r.body.get("sku").and_then(|s| str_field(s, "name"));
            // No sku: Azure's default, Basic (held as it is; lint and the
            // Basic retirement are the design's business, not the import's).
            let sku = match sku_name {
                None => PublicIpSku::Basic,
                name => self.enum_or_default(r, "sku.name", PublicIpSku::ALL, name),
            };
            let allocation = self.enum_or_default(
                r,
                "publicIPAllocationMethod",
                IpAllocation::ALL,
                str_field(&r.body, "publicIPAllocationMethod"),
            );
            if let Some(v) = str_field(&r.body, "publicIPAddressVersion").filter(|v| !v.eq_ignore_ascii_case("IPv4")) {
                self.changed(
                    r,
                    "publicIPAddressVersion",
                    format!("`{v}`"),
                    "`IPv4` (the design holds no IP version)",
                );
            }
            let dns_label = field(&r.body, "dnsSettings")
                .and_then(|d| str_field(d, "domainNameLabel"))
                .map(str::to_owned);
            let spec = Spec::PublicIp(PublicIp {
                sku,
                allocation,
                prefix_length: None,
                zones: strings(&r.body, "zones"),
                dns_label,
            });
            let parent = self.region_of(r);
            self.add(Some(r), &r.name, &r.name, parent, spec);
        }
    }

    pub(super) fn nat_gateways(&mut self) {
        for r in self.inv.of_type(NAT) {
            let sku = match r.body.get("sku").and_then(|s| str_field(s, "name")) {
                Some(s) if s.eq_ignore_ascii_case("StandardV2") => NatSku::StandardV2,
                _ => NatSku::Standard,
            };
            let mut public_ips = Vec::new();
            for p in arr(&r.body, "publicIpAddresses")
                .iter()
                .filter_map(|p| get_ci(p, "id").and_then(Value::as_str))
            {
                match self.resolve(Some(p.to_owned()), &[Kind::PublicIp]) {
                    Some(id) => public_ips.push(id),
                    None => self.changed(
                        r,
                        "publicIpAddresses",
                        p,
                        "not linked: that public IP is not in the import",
                    ),
                }
            }
            let spec = Spec::NatGateway(NatGateway {
                sku,
                public_ips,
                idle_timeout_minutes: u32_field(&r.body, "idleTimeoutInMinutes"),
                zones: strings(&r.body, "zones"),
            });
            let parent = self.region_of(r);
            self.add(Some(r), &r.name, &r.name, parent, spec);
        }
    }

    pub(super) fn nsgs(&mut self) {
        for r in self.inv.of_type(NSG) {
            let mut rules = Vec::new();
            for rule in arr(&r.body, "securityRules") {
                match nsg_rule(rule) {
                    Ok(x) => rules.push(x),
                    Err(why) => {
                        let name = str_field(rule, "name").unwrap_or("?");
                        self.report
                            .skip(&format!("{}/securityRules/{name}", r.id), "NSG rule", why);
                    }
                }
            }
            let parent = self.region_of(r);
            self.add(Some(r), &r.name, &r.name, parent, Spec::Nsg(Nsg { rules }));
        }
    }

    pub(super) fn route_tables(&mut self) {
        for r in self.inv.of_type(ROUTE_TABLE) {
            let mut routes = Vec::new();
            for route in arr(&r.body, "routes") {
                let name = str_field(route, "name").unwrap_or("route").to_owned();
                let prefix = str_field(route, "addressPrefix").and_then(|p| p.parse::<AddressPrefix>().ok());
                let next_hop = enum_ci(NextHop::ALL, str_field(route, "nextHopType"));
                match (prefix, next_hop) {
                    (Some(prefix), Some(next_hop)) => routes.push(Route {
                        name,
                        prefix,
                        next_hop,
                        next_hop_ip: str_field(route, "nextHopIpAddress").and_then(|ip| ip.parse().ok()),
                        next_hop_resource: None,
                    }),
                    _ => self.report.skip(
                        &format!("{}/routes/{name}", r.id),
                        "route",
                        "its addressPrefix or nextHopType is missing or not one netdraft knows",
                    ),
                }
            }
            let spec = Spec::RouteTable(RouteTable {
                bgp_route_propagation: !bool_field(&r.body, "disableBgpRoutePropagation").unwrap_or(false),
                routes,
            });
            let parent = self.region_of(r);
            self.add(Some(r), &r.name, &r.name, parent, spec);
        }
    }

    pub(super) fn vnets(&mut self) {
        for r in self.inv.of_type(VNET) {
            let prefixes = field(&r.body, "addressSpace")
                .map(|a| strings(a, "addressPrefixes"))
                .unwrap_or_default();
            let address_space: Vec<Cidr> = prefixes.iter().filter_map(|p| cidr(p)).collect();
            if address_space.is_empty() {
                self.skip(
                    r,
                    "no address space in the input (`az resource list` omits properties: save `az network vnet list` or an `az graph query` instead)",
                );
                continue;
            }
            let dns_servers = field(&r.body, "dhcpOptions")
                .map(|d| strings(d, "dnsServers"))
                .unwrap_or_default()
                .iter()
                .filter_map(|s| s.parse::<IpAddr>().ok())
                .collect();
            let spec = Spec::VirtualNetwork(VirtualNetwork {
                role: VnetRole::Standalone,
                address_space,
                dns_servers,
                ddos_protection: bool_field(&r.body, "enableDdosProtection").unwrap_or(false),
                existing: None,
            });
            let parent = self.region_of(r);
            self.add(Some(r), &r.name, &r.name, parent, spec);
        }
    }

    pub(super) fn subnets(&mut self) {
        for r in self.inv.of_type(SUBNET) {
            let Some(vnet) = parent_id(&r.id).and_then(|p| self.resolve(Some(p.to_owned()), &[Kind::VirtualNetwork]))
            else {
                self.skip(r, "its VNet is not in the import (or was skipped)");
                continue;
            };
            // A multi-prefix subnet lists them all in `addressPrefixes`; `addressPrefix` is the single one.
            let mut prefixes = strings(&r.body, "addressPrefixes");
            if prefixes.is_empty() {
                prefixes.extend(str_field(&r.body, "addressPrefix").map(str::to_owned));
            }
            let Some(prefix) = prefixes.first().and_then(|p| cidr(p)) else {
                self.skip(r, "no valid addressPrefix");
                continue;
            };
            let mut extra_prefixes = Vec::new();
            for p in &prefixes[1..] {
                match cidr(p) {
                    Some(c) => extra_prefixes.push(c),
                    None => self.changed(r, "addressPrefixes", format!("`{p}`"), "left out: not a valid CIDR"),
                }
            }
            let delegation = arr(&r.body, "delegations")
                .first()
                .and_then(|d| str_field(d, "serviceName"))
                .map(str::to_owned);
            let private_endpoint_network_policies = enum_ci(
                PrivateEndpointPolicies::ALL,
                str_field(&r.body, "privateEndpointNetworkPolicies"),
            )
            .unwrap_or_default();
            let spec = Spec::Subnet(Subnet {
                prefix: SubnetPrefix::Fixed(prefix),
                extra_prefixes,
                size: None,
                delegation,
                nsg: self.resolve(ref_field(&r.body, "networkSecurityGroup"), &[Kind::Nsg]),
                route_table: self.resolve(ref_field(&r.body, "routeTable"), &[Kind::RouteTable]),
                nat_gateway: self.resolve(ref_field(&r.body, "natGateway"), &[Kind::NatGateway]),
                service_endpoints: arr(&r.body, "serviceEndpoints")
                    .iter()
                    .filter_map(|s| str_field(s, "service").map(str::to_owned))
                    .collect(),
                private_endpoint_network_policies,
                private_link_service_network_policies: bool_field(&r.body, "privateLinkServiceNetworkPolicies")
                    .unwrap_or(true),
                extra_ips: 0,
            });
            let vnet_name = self
                .design
                .get(vnet.as_str())
                .map(|v| v.name().to_owned())
                .unwrap_or_default();
            self.add(Some(r), &format!("{vnet_name}-{}", r.name), &r.name, Some(vnet), spec);
        }
    }

    /// The subnet of a resource's first IP configuration (`ipConfigurations[0].subnet.id`).
    pub(super) fn ip_config_subnet(&self, r: &RawResource, key: &str) -> Option<Id> {
        arr(&r.body, key)
            .iter()
            .find_map(|c| self.resolve(ref_field(c, "subnet"), &[Kind::Subnet]))
    }

    pub(super) fn gateways(&mut self) {
        for r in self.inv.of_type(VNET_GATEWAY) {
            let Some(subnet) = self.ip_config_subnet(r, "ipConfigurations") else {
                self.skip(r, "its GatewaySubnet is not in the import");
                continue;
            };
            let sku = field(&r.body, "sku")
                .and_then(|s| str_field(s, "name"))
                .unwrap_or_default()
                .to_owned();
            let kind = str_field(&r.body, "gatewayType").unwrap_or("Vpn");
            let spec = if kind.eq_ignore_ascii_case("ExpressRoute") {
                Spec::ExpressRouteGateway(ExpressRouteGateway { sku, scale_units: None })
            } else if kind.eq_ignore_ascii_case("Vpn") {
                let bgp = bool_field(&r.body, "enableBgp").unwrap_or(false);
                Spec::VpnGateway(VpnGateway {
                    sku,
                    active_active: bool_field(&r.body, "activeActive").unwrap_or(false),
                    bgp_asn: if bgp {
                        field(&r.body, "bgpSettings").and_then(|b| u32_field(b, "asn"))
                    } else {
                        None
                    },
                    scale_units: None,
                })
            } else {
                self.skip(r, format!("gateway type `{kind}` is not modelled"));
                continue;
            };
            self.add(Some(r), &r.name, &r.name, Some(subnet), spec);
        }
    }

    pub(super) fn bastions(&mut self) {
        for r in self.inv.of_type(BASTION) {
            let sku =
                enum_ci(BastionSku::ALL, r.body.get("sku").and_then(|s| str_field(s, "name"))).unwrap_or_default();
            let parent = self
                .ip_config_subnet(r, "ipConfigurations")
                .or_else(|| self.resolve(ref_field(&r.body, "virtualNetwork"), &[Kind::VirtualNetwork]));
            let Some(parent) = parent else {
                self.skip(
                    r,
                    "its AzureBastionSubnet (or VNet, for the Developer SKU) is not in the import",
                );
                continue;
            };
            let spec = Spec::Bastion(Bastion {
                sku,
                scale_units: u32_field(&r.body, "scaleUnits"),
            });
            self.add(Some(r), &r.name, &r.name, Some(parent), spec);
        }
    }
}
