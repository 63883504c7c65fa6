//! From an [`Inventory`] of Azure resources to a [`Design`].
//!
//! References are ARM ids, resolved case-insensitively into design relations.
//! Resources are made in dependency order, each referring only to resources
//! already made, so the design is consistent whatever was skipped: a subnet
//! whose route table was not imported simply has none, and the report says so.
//! Ids are slugs of the Azure names (`vnet-hub`, `vnet-hub-gatewaysubnet`,
//! `aks-prod-system`), made unique with [`Design::fresh_id`].

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::net::IpAddr;

use netdraft_core::Id;
use netdraft_core::model::{
    Bastion, BastionSku, Design, ExpressRouteGateway, Firewall, FirewallPolicy, FirewallRule, FirewallRuleKind,
    FirewallTier, IdpsMode, IpAllocation, K8sService, Kind, NatGateway, NatSku, NextHop, Nsg, NsgRule, PaasService,
    PaasType, PeeringState, PrivateDnsZone, PrivateEndpoint, PrivateEndpointPolicies, PublicIp, PublicIpSku, Region,
    Resource, ResourceGroup, Route, RouteTable, Spec, Subnet, SubnetPrefix, ThreatIntelMode, TlsInspection,
    VirtualNetwork, VnetPeering, VnetRole, VpnGateway,
};
use netdraft_core::net::{AddressPrefix, Cidr};
use serde_json::Value;

use crate::raw::{
    Inventory, RawResource, arr, bool_field, field, get_ci, last_segment, parent_id, ref_field, segment_after,
    str_field, strings, u32_field,
};
use crate::report::{Imported, Report};

mod agc;
mod aks;
mod aks_egress;
mod apim;
mod app_gateway;
mod front_door;
mod k8s;
mod on_prem;
mod private_link;
mod traffic_manager;

// Lower-cased Azure types read by the mapper.
const RESOURCE_GROUP: &str = "microsoft.resources/resourcegroups";
const VNET: &str = "microsoft.network/virtualnetworks";
const SUBNET: &str = "microsoft.network/virtualnetworks/subnets";
const PEERING: &str = "microsoft.network/virtualnetworks/virtualnetworkpeerings";
const AKS: &str = "microsoft.containerservice/managedclusters";
const POOL: &str = "microsoft.containerservice/managedclusters/agentpools";
const FIREWALL: &str = "microsoft.network/azurefirewalls";
const FIREWALL_POLICY: &str = "microsoft.network/firewallpolicies";
const RULE_GROUP: &str = "microsoft.network/firewallpolicies/rulecollectiongroups";
const ROUTE_TABLE: &str = "microsoft.network/routetables";
const NSG: &str = "microsoft.network/networksecuritygroups";
const NAT: &str = "microsoft.network/natgateways";
const PUBLIC_IP: &str = "microsoft.network/publicipaddresses";
const VNET_GATEWAY: &str = "microsoft.network/virtualnetworkgateways";
const BASTION: &str = "microsoft.network/bastionhosts";
const APP_GATEWAY: &str = "microsoft.network/applicationgateways";
const AGC: &str = "microsoft.servicenetworking/trafficcontrollers";
const AGC_ASSOCIATION: &str = "microsoft.servicenetworking/trafficcontrollers/associations";
const AGC_FRONTEND: &str = "microsoft.servicenetworking/trafficcontrollers/frontends";
const APIM: &str = "microsoft.apimanagement/service";
const CDN_PROFILE: &str = "microsoft.cdn/profiles";
const ORIGIN_GROUP: &str = "microsoft.cdn/profiles/origingroups";
const ORIGIN: &str = "microsoft.cdn/profiles/origingroups/origins";
const ENDPOINT: &str = "microsoft.cdn/profiles/afdendpoints";
const ROUTE: &str = "microsoft.cdn/profiles/afdendpoints/routes";
const SECURITY_POLICY: &str = "microsoft.cdn/profiles/securitypolicies";
const FRONT_DOOR_WAF: &str = "microsoft.network/frontdoorwebapplicationfirewallpolicies";
const APIM_BACKEND: &str = "microsoft.apimanagement/service/backends";
const LOAD_BALANCER: &str = "microsoft.network/loadbalancers";
const PLS: &str = "microsoft.network/privatelinkservices";

/// What each relation may point at (the model's field docs, `kinds.rs`), in
/// the order a match is preferred: an App Gateway's public IP is the gateway.
const FRONT_DOOR_ORIGINS: &[Kind] = &[
    Kind::AppGateway,
    Kind::PrivateLinkService,
    Kind::ApiManagement,
    Kind::PublicIp,
];
const APP_GATEWAY_BACKENDS: &[Kind] = &[Kind::K8sService, Kind::ApiManagement];
const APIM_BACKENDS: &[Kind] = &[Kind::K8sService, Kind::AppGateway];

/// The tag AKS's cloud provider puts on a Private Link Service it made:
/// the owning Kubernetes service, `namespace/name`.
const PLS_OWNER_TAG: &str = "k8s-azure-owner-service";
const TRAFFIC_MANAGER: &str = "microsoft.network/trafficmanagerprofiles";
const PRIVATE_ENDPOINT: &str = "microsoft.network/privateendpoints";
const PE_ZONE_GROUP: &str = "microsoft.network/privateendpoints/privatednszonegroups";
const DNS_ZONE: &str = "microsoft.network/privatednszones";
const DNS_LINK: &str = "microsoft.network/privatednszones/virtualnetworklinks";

/// Types read as parts of others (or on purpose not drawn), never reported as unknown.
const CONSUMED: &[&str] = &[
    RESOURCE_GROUP,
    SUBNET,
    PEERING,
    POOL,
    AGC_ASSOCIATION,
    AGC_FRONTEND,
    PE_ZONE_GROUP,
    RULE_GROUP,
    DNS_LINK,
    // Read for their parents (reported there when they cannot be mapped).
    ORIGIN_GROUP,
    ORIGIN,
    ENDPOINT,
    ROUTE,
    SECURITY_POLICY,
    FRONT_DOOR_WAF,
    APIM_BACKEND,
];

/// What kind of service a private endpoint's target is, by its Azure type.
const PAAS_TYPES: &[(&str, PaasType)] = &[
    ("microsoft.storage/storageaccounts", PaasType::StorageAccount),
    ("microsoft.keyvault/vaults", PaasType::KeyVault),
    ("microsoft.containerregistry/registries", PaasType::ContainerRegistry),
    ("microsoft.sql/servers", PaasType::SqlServer),
    ("microsoft.documentdb/databaseaccounts", PaasType::CosmosDb),
    (
        "microsoft.dbforpostgresql/flexibleservers",
        PaasType::PostgresqlFlexible,
    ),
    ("microsoft.servicebus/namespaces", PaasType::ServiceBus),
    ("microsoft.eventhub/namespaces", PaasType::EventHubs),
    ("microsoft.web/sites", PaasType::AppService),
];

/// Private DNS zone names by private-endpoint group id, for endpoints whose
/// zone group was not read (offline input).
const ZONE_BY_GROUP: &[(&str, &str)] = &[
    ("blob", "privatelink.blob.core.windows.net"),
    ("file", "privatelink.file.core.windows.net"),
    ("queue", "privatelink.queue.core.windows.net"),
    ("table", "privatelink.table.core.windows.net"),
    ("dfs", "privatelink.dfs.core.windows.net"),
    ("vault", "privatelink.vaultcore.azure.net"),
    ("registry", "privatelink.azurecr.io"),
    ("sqlServer", "privatelink.database.windows.net"),
    ("namespace", "privatelink.servicebus.windows.net"),
    ("sites", "privatelink.azurewebsites.net"),
];

/// Builds a design from what was read. Never fails: what cannot be mapped is
/// skipped and reported.
pub fn build(inventory: &Inventory, name: &str, report: &mut Report) -> Design {
    let mut m = Mapper {
        inv: inventory,
        design: Design::new(name),
        ids: HashMap::new(),
        report,
        consumed: BTreeSet::new(),
        endpoints: Endpoints::default(),
        aks_egress: Vec::new(),
    };
    m.design.description =
        "Imported from Azure by `netdraft import`. The import report beside this file lists what was skipped.".into();
    m.run();
    m.design
}

struct Mapper<'a> {
    inv: &'a Inventory,
    design: Design,
    /// Lower-cased ARM id → design id.
    ids: HashMap<String, Id>,
    report: &'a mut Report,
    /// Lower-cased ARM ids handled (imported or skipped with a reason).
    consumed: BTreeSet<String>,
    /// Where addresses and host names lead, once the targets are made.
    endpoints: Endpoints,
    /// AKS egress rules of firewall policies (the `AzureKubernetesService`
    /// FQDN tag), read before the clusters exist: resolved by [`Mapper::aks_egress`].
    aks_egress: Vec<aks_egress::Pending>,
}

/// Design resources by the IPs and host names that reach them, each list in
/// the order the resources were indexed (services, gateways, API Management,
/// public IPs), and public IPs by the App Gateway whose frontend they are.
#[derive(Default)]
struct Endpoints {
    by_ip: HashMap<IpAddr, Vec<Id>>,
    by_host: HashMap<String, Vec<Id>>,
    /// Lower-cased ARM id of a public IP → the App Gateway it is the frontend of.
    gateway_of_ip: HashMap<String, Id>,
}

/// An address as found in a backend or origin: an IP, or a host name
/// (lower-cased, without a trailing dot).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Address {
    Ip(IpAddr),
    Host(String),
}

impl Address {
    fn parse(text: &str) -> Option<Address> {
        let t = text.trim().trim_start_matches('[').trim_end_matches(']');
        if t.is_empty() {
            return None;
        }
        Some(match t.parse::<IpAddr>() {
            Ok(ip) => Address::Ip(ip),
            Err(_) => Address::Host(t.trim_end_matches('.').to_ascii_lowercase()),
        })
    }

    /// The host of a URL (`https://10.1.3.200:8443/api` → `10.1.3.200`).
    fn of_url(text: &str) -> Option<Address> {
        let url = url::Url::parse(text.trim()).ok()?;
        match url.host()? {
            url::Host::Ipv4(ip) => Some(Address::Ip(IpAddr::V4(ip))),
            url::Host::Ipv6(ip) => Some(Address::Ip(IpAddr::V6(ip))),
            url::Host::Domain(d) => Address::parse(d),
        }
    }
}

impl std::fmt::Display for Address {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Address::Ip(ip) => write!(f, "{ip}"),
            Address::Host(h) => f.write_str(h),
        }
    }
}

impl Endpoints {
    fn add_ip(&mut self, ip: IpAddr, id: &Id) {
        let v = self.by_ip.entry(ip).or_default();
        if !v.contains(id) {
            v.push(id.clone());
        }
    }

    fn add_host(&mut self, host: &str, id: &Id) {
        if let Some(Address::Host(h)) = Address::parse(host) {
            let v = self.by_host.entry(h).or_default();
            if !v.contains(id) {
                v.push(id.clone());
            }
        }
    }

    fn lookup(&self, a: &Address) -> &[Id] {
        match a {
            Address::Ip(ip) => self.by_ip.get(ip),
            Address::Host(h) => self.by_host.get(h),
        }
        .map_or(&[], Vec::as_slice)
    }
}

fn cidr(text: &str) -> Option<Cidr> {
    text.parse().ok()
}

fn parse_enum<T: std::str::FromStr>(text: Option<&str>) -> Option<T> {
    text.and_then(|t| t.parse().ok())
}

/// Case-insensitive match of `text` against the display strings of an enum.
fn enum_ci<T: Copy + std::fmt::Display>(all: &[T], text: Option<&str>) -> Option<T> {
    let text = text?;
    all.iter().copied().find(|v| v.to_string().eq_ignore_ascii_case(text))
}

impl Mapper<'_> {
    fn run(&mut self) {
        self.regions_and_groups();
        self.public_ips();
        self.nat_gateways();
        self.nsgs();
        self.route_tables();
        self.firewall_policies();
        self.vnets();
        self.subnets();
        self.firewalls();
        self.route_next_hops();
        self.gateways();
        self.on_premises();
        self.bastions();
        self.app_gateways();
        // Before the clusters: a private cluster names its private DNS zone.
        self.dns_zones();
        self.clusters();
        self.aks_egress();
        self.k8s_services();
        self.private_link_services();
        self.agcs();
        self.apims();
        self.index_endpoints();
        self.app_gateway_backends();
        self.apim_backends();
        self.private_endpoints();
        self.front_doors();
        self.traffic_managers();
        self.peerings_and_roles();
        self.kubernetes_side_note();
        self.unknown();
        self.unread_properties();
    }

    /// What a resource is, for the report: the design kind's label when it
    /// was imported, else its Azure type.
    fn label(&self, r: &RawResource) -> String {
        self.id_of(&r.id)
            .and_then(|id| self.design.get(id.as_str()).map(|d| d.kind().label().to_owned()))
            .unwrap_or_else(|| r.kind.clone())
    }

    /// Reports a value the design holds differently from Azure.
    fn changed(&mut self, r: &RawResource, field: &str, live: impl Into<String>, design: impl Into<String>) {
        let kind = self.label(r);
        self.report.change(&r.id, &kind, &r.name, field, live, design);
    }

    /// An enum value read case-insensitively; a value present but not one
    /// the model has is reported as changed to the default put in its place.
    fn enum_or_default<T: Copy + Default + std::fmt::Display>(
        &mut self,
        r: &RawResource,
        field: &str,
        all: &[T],
        text: Option<&str>,
    ) -> T {
        match (enum_ci(all, text), text) {
            (Some(v), _) => v,
            (None, Some(t)) => {
                let d = T::default();
                self.changed(r, field, format!("`{t}`"), format!("`{d}` (netdraft knows no `{t}`)"));
                d
            }
            (None, None) => T::default(),
        }
    }

    /// For every resource read and not skipped, the properties the mapper
    /// does not read ([`crate::props`]); tags counted once.
    fn unread_properties(&mut self) {
        let skipped: BTreeSet<String> = self
            .report
            .skipped
            .iter()
            .map(|s| s.source.to_ascii_lowercase())
            .collect();
        let mut tagged = 0u64;
        for r in self.inv.iter() {
            if skipped.contains(&r.key()) || !self.consumed.contains(&r.key()) {
                continue;
            }
            if get_ci(&r.body, "tags")
                .and_then(Value::as_object)
                .is_some_and(|t| !t.is_empty())
            {
                tagged += 1;
            }
            let Some(paths) = crate::props::not_read(&r.kind, &r.body) else {
                continue;
            };
            if paths.is_empty() {
                continue;
            }
            let kind = self.label(r);
            self.report.not_modelled.push(crate::report::NotModelled {
                source: r.id.clone(),
                kind,
                name: r.name.clone(),
                paths,
            });
        }
        if tagged > 0 {
            self.report.note(format!(
                "Tags of {} are not modelled (a design holds no tags).",
                crate::report::count(tagged, "imported resource", "imported resources")
            ));
        }
    }

    fn id_of(&self, arm: &str) -> Option<Id> {
        self.ids.get(&arm.to_ascii_lowercase()).cloned()
    }

    /// The design id of a referenced resource, if it was imported as one of `kinds`.
    fn resolve(&self, arm: Option<String>, kinds: &[Kind]) -> Option<Id> {
        let id = self.id_of(&arm?)?;
        let kind = self.design.get(id.as_str())?.kind();
        kinds.contains(&kind).then_some(id)
    }

    fn skip(&mut self, r: &RawResource, reason: impl Into<String>) {
        self.consumed.insert(r.key());
        self.report.skip(&r.id, &r.kind, reason);
    }

    fn region_of(&self, r: &RawResource) -> Option<Id> {
        r.location().and_then(|loc| self.id_of(&format!("region:{loc}")))
    }

    fn group_of(&self, r: &RawResource) -> Option<Id> {
        let rg = segment_after(&r.id, "resourceGroups")?;
        let sub = segment_after(&r.id, "subscriptions").unwrap_or_default();
        self.id_of(&format!("/subscriptions/{sub}/resourcegroups/{rg}"))
    }

    /// Inserts a resource with an id derived from `base`; records the mapping.
    fn add(&mut self, r: Option<&RawResource>, base: &str, name: &str, parent: Option<Id>, spec: Spec) -> Id {
        let id = self.design.fresh_id(base);
        let mut res = Resource::new(id.clone(), name, parent, spec);
        let mut source = String::new();
        if let Some(r) = r {
            // Child resources inherit their group from their parent on the canvas.
            let top_level = !matches!(
                res.kind(),
                Kind::Subnet | Kind::NodePool | Kind::Region | Kind::ResourceGroup
            );
            if top_level {
                res.meta.resource_group = self.group_of(r);
            }
            res.meta.notes = Some(format!("Imported from {}", r.id));
            self.ids.insert(r.key(), id.clone());
            self.consumed.insert(r.key());
            source.clone_from(&r.id);
        }
        self.report.imported.push(Imported {
            kind: res.kind(),
            id: id.clone(),
            name: name.to_owned(),
            source,
        });
        // `fresh_id` never returns a taken id, so this cannot fail.
        let _ = self.design.insert(res);
        id
    }

    fn regions_and_groups(&mut self) {
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
    fn owned_public_ips(&self) -> BTreeMap<String, String> {
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

    fn public_ips(&mut self) {
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

    fn nat_gateways(&mut self) {
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

    fn nsgs(&mut self) {
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

    fn route_tables(&mut self) {
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

    fn firewall_policies(&mut self) {
        for r in self.inv.of_type(FIREWALL_POLICY) {
            let dns = field(&r.body, "dnsSettings").cloned().unwrap_or(Value::Null);
            let allow = field(&r.body, "threatIntelWhitelist").cloned().unwrap_or(Value::Null);
            let spec = Spec::FirewallPolicy(FirewallPolicy {
                tier: self.policy_tier(r),
                dns_proxy: bool_field(&dns, "enableProxy").unwrap_or(false),
                dns_servers: strings(&dns, "servers")
                    .iter()
                    .filter_map(|s| {
                        let ip = s.parse::<IpAddr>().ok();
                        if ip.is_none() {
                            self.changed(
                                r,
                                "dnsSettings.servers",
                                format!("`{s}`"),
                                "left out: not an IP address",
                            );
                        }
                        ip
                    })
                    .collect(),
                threat_intel_mode: enum_ci(ThreatIntelMode::ALL, str_field(&r.body, "threatIntelMode"))
                    .unwrap_or_default(),
                threat_intel_allow_ips: strings(&allow, "ipAddresses"),
                threat_intel_allow_fqdns: strings(&allow, "fqdns"),
                idps_mode: field(&r.body, "intrusionDetection")
                    .and_then(|i| str_field(i, "mode"))
                    .map(|m| self.enum_or_default(r, "intrusionDetection.mode", IdpsMode::ALL, Some(m)))
                    .filter(|m| *m != IdpsMode::Off),
                tls_inspection: self.tls_inspection(r),
                aks_egress_for: vec![],
                rules: self.policy_rules(r),
            });
            let parent = self.region_of(r);
            self.add(Some(r), &r.name, &r.name, parent, spec);
        }
    }

    /// A policy's `sku.tier`, or `None` when it is the tier of the firewall
    /// using it (or Standard with no firewall), which the design derives.
    fn policy_tier(&mut self, r: &RawResource) -> Option<FirewallTier> {
        let text = field(&r.body, "sku").and_then(|s| str_field(s, "tier"))?;
        let tier = self.enum_or_default(r, "sku.tier", FirewallTier::ALL, Some(text));
        let firewall_tier = self
            .inv
            .of_type(FIREWALL)
            .find(|f| ref_field(&f.body, "firewallPolicy").is_some_and(|p| p.eq_ignore_ascii_case(&r.id)))
            .and_then(|f| field(&f.body, "sku").and_then(|s| str_field(s, "tier")))
            .and_then(|t| enum_ci(FirewallTier::ALL, Some(t)))
            .unwrap_or_default();
        (tier != firewall_tier).then_some(tier)
    }

    /// TLS inspection of a Premium policy: its CA certificate and the
    /// user-assigned identity that reads it from Key Vault.
    fn tls_inspection(&mut self, r: &RawResource) -> Option<TlsInspection> {
        let ca = field(&r.body, "transportSecurity").and_then(|t| get_ci(t, "certificateAuthority"))?;
        let identity = r
            .body
            .get("identity")
            .and_then(|i| get_ci(i, "userAssignedIdentities"))
            .and_then(Value::as_object)
            .and_then(|m| m.keys().next().cloned());
        let (Some(name), Some(secret)) = (str_field(ca, "name"), str_field(ca, "keyVaultSecretId")) else {
            self.changed(
                r,
                "transportSecurity.certificateAuthority",
                "set",
                "TLS inspection off: the certificate name or Key Vault secret id is missing",
            );
            return None;
        };
        Some(TlsInspection {
            certificate_name: name.to_owned(),
            key_vault_secret_id: secret.to_owned(),
            identity,
        })
    }

    /// The allow rules of a policy's rule collection groups, in priority
    /// order; what a design rule cannot hold is skipped and reported.
    fn policy_rules(&mut self, policy: &RawResource) -> Vec<FirewallRule> {
        let priority = |v: &Value| u32_field(v, "priority").unwrap_or(u32::MAX);
        let mut groups: Vec<&RawResource> = self.inv.children_of(&policy.id, RULE_GROUP).collect();
        groups.sort_by_key(|g| priority(&g.body));
        let mut rules: Vec<FirewallRule> = Vec::new();
        for g in groups {
            self.consumed.insert(g.key());
            let mut collections: Vec<&Value> = arr(&g.body, "ruleCollections").iter().collect();
            collections.sort_by_key(|c| priority(c));
            for c in collections {
                let cname = str_field(c, "name").unwrap_or("?");
                let at = format!("{}/ruleCollections/{cname}", g.id);
                let kind = str_field(c, "ruleCollectionType").unwrap_or_default();
                let action = field(c, "action")
                    .and_then(|a| str_field(a, "type"))
                    .unwrap_or_default();
                if !kind.eq_ignore_ascii_case("FirewallPolicyFilterRuleCollection") {
                    let what = if kind.eq_ignore_ascii_case("FirewallPolicyNatRuleCollection") {
                        format!("a `{kind}` (DNAT) collection")
                    } else if kind.is_empty() {
                        "a collection with no `ruleCollectionType`".to_owned()
                    } else {
                        format!("a `{kind}` collection")
                    };
                    self.report.skip(
                        &at,
                        "firewall policy rule collection",
                        format!("{what}; netdraft firewall policies hold allow rules only"),
                    );
                    continue;
                }
                if !action.eq_ignore_ascii_case("Allow") {
                    self.report.skip(
                        &at,
                        "firewall policy rule collection",
                        format!("its action is `{action}`; netdraft firewall policies hold allow rules only"),
                    );
                    continue;
                }
                for rule in arr(c, "rules") {
                    let name = str_field(rule, "name").unwrap_or("?");
                    if let Some(sources) = aks_egress::sources(rule) {
                        self.aks_egress.push(aks_egress::Pending {
                            policy: policy.key(),
                            sources,
                            at: format!("{at}/rules/{name}"),
                        });
                        continue;
                    }
                    match firewall_rule(rule) {
                        Ok(mut x) => {
                            x.name = unique_rule_name(&rules, &x.name, cname);
                            rules.push(x);
                        }
                        Err(why) => self
                            .report
                            .skip(&format!("{at}/rules/{name}"), "firewall policy rule", why),
                    }
                }
            }
        }
        rules
    }

    fn vnets(&mut self) {
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

    fn subnets(&mut self) {
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
    fn ip_config_subnet(&self, r: &RawResource, key: &str) -> Option<Id> {
        arr(&r.body, key)
            .iter()
            .find_map(|c| self.resolve(ref_field(c, "subnet"), &[Kind::Subnet]))
    }

    fn firewalls(&mut self) {
        for r in self.inv.of_type(FIREWALL) {
            let Some(subnet) = self.ip_config_subnet(r, "ipConfigurations") else {
                self.skip(
                    r,
                    "its AzureFirewallSubnet is not in the import (a Virtual WAN hub firewall has none, and is not modelled)",
                );
                continue;
            };
            let sku = field(&r.body, "sku");
            let spec = Spec::Firewall(Firewall {
                tier: enum_ci(FirewallTier::ALL, sku.and_then(|s| str_field(s, "tier"))).unwrap_or_default(),
                public_ip_count: u32::try_from(arr(&r.body, "ipConfigurations").len())
                    .unwrap_or(1)
                    .max(1),
                policy: self.resolve(ref_field(&r.body, "firewallPolicy"), &[Kind::FirewallPolicy]),
                zones: strings(&r.body, "zones"),
            });
            self.add(Some(r), &r.name, &r.name, Some(subnet), spec);
        }
    }

    /// Routes to a firewall's private IP point at the firewall.
    fn route_next_hops(&mut self) {
        let mut by_ip: HashMap<IpAddr, Id> = HashMap::new();
        for r in self.inv.of_type(FIREWALL) {
            let Some(id) = self.resolve(Some(r.id.clone()), &[Kind::Firewall]) else {
                continue;
            };
            for c in arr(&r.body, "ipConfigurations") {
                if let Some(ip) = str_field(c, "privateIPAddress").and_then(|ip| ip.parse().ok()) {
                    by_ip.insert(ip, id.clone());
                }
            }
        }
        let tables: Vec<Id> = self.design.of_kind(Kind::RouteTable).map(|r| r.id.clone()).collect();
        for t in tables {
            if let Some(Resource {
                spec: Spec::RouteTable(rt),
                ..
            }) = self.design.get_mut(t.as_str())
            {
                for route in &mut rt.routes {
                    if route.next_hop == NextHop::VirtualAppliance
                        && let Some(fw) = route.next_hop_ip.and_then(|ip| by_ip.get(&ip))
                    {
                        route.next_hop_resource = Some(fw.clone());
                        route.next_hop_ip = None;
                    }
                }
            }
        }
    }

    fn gateways(&mut self) {
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
                Spec::ExpressRouteGateway(ExpressRouteGateway { sku })
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
                })
            } else {
                self.skip(r, format!("gateway type `{kind}` is not modelled"));
                continue;
            };
            self.add(Some(r), &r.name, &r.name, Some(subnet), spec);
        }
    }

    fn bastions(&mut self) {
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

    /// Indexes what backends and origins can name: internal services by
    /// static IP, App Gateways by frontend IPs and their public IPs' FQDNs,
    /// API Management by gateway host, proxy host names and IPs, public IPs.
    fn index_endpoints(&mut self) {
        let mut e = Endpoints::default();
        for (r, s) in self.design.all::<K8sService>() {
            if let (true, Some(ip)) = (s.internal, s.static_ip) {
                e.add_ip(ip, &r.id);
            }
        }
        let public_ip = |e: &mut Endpoints, p: &RawResource, id: &Id| {
            if let Some(ip) = str_field(&p.body, "ipAddress").and_then(|i| i.parse().ok()) {
                e.add_ip(ip, id);
            }
            if let Some(fqdn) = field(&p.body, "dnsSettings").and_then(|d| str_field(d, "fqdn")) {
                e.add_host(fqdn, id);
            }
        };
        for g in self.inv.of_type(APP_GATEWAY) {
            let Some(id) = self.resolve(Some(g.id.clone()), &[Kind::AppGateway]) else {
                continue;
            };
            for f in arr(&g.body, "frontendIPConfigurations") {
                if let Some(ip) = str_field(f, "privateIPAddress").and_then(|i| i.parse().ok()) {
                    e.add_ip(ip, &id);
                }
                if let Some(pip) = ref_field(f, "publicIPAddress") {
                    e.gateway_of_ip.insert(pip.to_ascii_lowercase(), id.clone());
                    if let Some(p) = self.inv.get(&pip) {
                        public_ip(&mut e, p, &id);
                    }
                }
            }
        }
        for a in self.inv.of_type(APIM) {
            let Some(id) = self.resolve(Some(a.id.clone()), &[Kind::ApiManagement]) else {
                continue;
            };
            if let Some(Address::Host(h)) = str_field(&a.body, "gatewayUrl").and_then(Address::of_url) {
                e.add_host(&h, &id);
            }
            for h in arr(&a.body, "hostnameConfigurations") {
                if str_field(h, "type").is_some_and(|t| t.eq_ignore_ascii_case("Proxy"))
                    && let Some(name) = str_field(h, "hostName")
                {
                    e.add_host(name, &id);
                }
            }
            for ip in strings(&a.body, "privateIPAddresses")
                .iter()
                .chain(&strings(&a.body, "publicIPAddresses"))
            {
                if let Ok(ip) = ip.parse() {
                    e.add_ip(ip, &id);
                }
            }
        }
        for p in self.inv.of_type(PUBLIC_IP) {
            if let Some(id) = self.resolve(Some(p.id.clone()), &[Kind::PublicIp]) {
                public_ip(&mut e, p, &id);
            }
        }
        self.endpoints = e;
    }

    /// The first design resource of one of `kinds` an address leads to.
    fn first_of(&self, a: &Address, kinds: &[Kind]) -> Option<Id> {
        self.endpoints
            .lookup(a)
            .iter()
            .find(|id| self.design.get(id.as_str()).is_some_and(|r| kinds.contains(&r.kind())))
            .cloned()
    }

    fn dns_zones(&mut self) {
        for r in self.inv.of_type(DNS_ZONE) {
            let mut links = Vec::new();
            let mut registration = Vec::new();
            for link in self.inv.children_of(&r.id, DNS_LINK) {
                self.consumed.insert(link.key());
                let target = ref_field(&link.body, "virtualNetwork");
                match self.resolve(target.clone(), &[Kind::VirtualNetwork]) {
                    Some(vnet) => {
                        if bool_field(&link.body, "registrationEnabled").unwrap_or(false) {
                            registration.push(vnet.clone());
                        }
                        links.push(vnet);
                    }
                    None => self.report.skip(
                        &link.id,
                        &link.kind,
                        format!(
                            "links VNet {} which is not in the import",
                            target.as_deref().unwrap_or("(none given)")
                        ),
                    ),
                }
            }
            links.sort();
            links.dedup();
            let spec = Spec::PrivateDnsZone(PrivateDnsZone {
                zone: r.name.clone(),
                links,
                registration,
            });
            self.add(Some(r), &r.name, &r.name, None, spec);
        }
    }

    fn paas_target(&mut self, target: &str, region: Option<Id>) -> Id {
        if let Some(id) = self.resolve(
            Some(target.to_owned()),
            &[
                Kind::PaasService,
                Kind::AksCluster,
                Kind::ApiManagement,
                Kind::PrivateLinkService,
            ],
        ) {
            return id;
        }
        let kind = crate::raw::type_from_id(target)
            .unwrap_or_default()
            .to_ascii_lowercase();
        let service = PAAS_TYPES
            .iter()
            .find(|(t, _)| *t == kind)
            .map_or(PaasType::Other, |(_, p)| *p);
        let name = last_segment(target).to_owned();
        let fake = RawResource {
            id: target.to_owned(),
            kind,
            name: name.clone(),
            origin: String::new(),
            body: Value::Null,
        };
        let id = self.add(
            Some(&fake),
            &name,
            &name,
            region,
            Spec::PaasService(PaasService {
                service,
                public_network_access: false,
            }),
        );
        if let Some(res) = self.design.get_mut(id.as_str()) {
            res.meta.notes = Some(format!(
                "Target of a private endpoint, not read itself: {target} (its settings, like public network access, are not known)."
            ));
        }
        id
    }

    fn private_endpoints(&mut self) {
        let zones_by_name: HashMap<String, Id> = self
            .design
            .all::<PrivateDnsZone>()
            .map(|(r, z)| (z.zone.to_ascii_lowercase(), r.id.clone()))
            .collect();
        for r in self.inv.of_type(PRIVATE_ENDPOINT) {
            let Some(subnet) = self.resolve(ref_field(&r.body, "subnet"), &[Kind::Subnet]) else {
                self.skip(r, "its subnet is not in the import");
                continue;
            };
            let conn = arr(&r.body, "privateLinkServiceConnections")
                .first()
                .or_else(|| arr(&r.body, "manualPrivateLinkServiceConnections").first());
            let Some(target) = conn.and_then(|c| str_field(c, "privateLinkServiceId")) else {
                self.skip(r, "it has no private link service connection (no target)");
                continue;
            };
            let group = conn.and_then(|c| strings(c, "groupIds").into_iter().next());
            let region = self.region_of(r);
            let target = self.paas_target(target, region);
            let mut dns_zone = self
                .inv
                .children_of(&r.id, PE_ZONE_GROUP)
                .flat_map(|g| arr(&g.body, "privateDnsZoneConfigs").iter())
                .find_map(|c| {
                    self.resolve(
                        str_field(c, "privateDnsZoneId").map(str::to_owned),
                        &[Kind::PrivateDnsZone],
                    )
                });
            if dns_zone.is_none()
                && let Some(g) = &group
                && let Some((_, zone)) = ZONE_BY_GROUP.iter().find(|(k, _)| k.eq_ignore_ascii_case(g))
                && let Some(z) = zones_by_name.get(*zone)
            {
                self.report.note(format!(
                    "Private endpoint `{}`: its DNS zone group was not read; matched to zone {zone} by its group id `{g}`.",
                    r.name
                ));
                dns_zone = Some(z.clone());
            }
            for g in self.inv.children_of(&r.id, PE_ZONE_GROUP) {
                self.consumed.insert(g.key());
            }
            let static_ip = arr(&r.body, "ipConfigurations")
                .iter()
                .find_map(|c| str_field(c, "privateIPAddress").and_then(|ip| ip.parse().ok()));
            let spec = Spec::PrivateEndpoint(PrivateEndpoint {
                target,
                subresource: group,
                dns_zone,
                static_ip,
            });
            self.add(Some(r), &r.name, &r.name, Some(subnet), spec);
        }
    }

    fn vnet_has_hub_parts(&self, vnet: &Id) -> bool {
        self.design.resources().any(|r| {
            matches!(r.kind(), Kind::Firewall | Kind::VpnGateway | Kind::ExpressRouteGateway)
                && self
                    .design
                    .enclosing(r.id.as_str(), Kind::VirtualNetwork)
                    .is_some_and(|v| v.id == *vnet)
        })
    }

    /// Peerings (one design peering per pair of VNets), existing VNets for
    /// peers outside the import, then hub detection.
    #[allow(clippy::too_many_lines)]
    fn peerings_and_roles(&mut self) {
        struct Side {
            local: Id,
            remote: Id,
            forwarded: bool,
            transit: bool,
            remote_gw: bool,
            name: String,
            state: PeeringState,
            access: bool,
        }
        let mut pairs: BTreeMap<(Id, Id), Vec<Side>> = BTreeMap::new();
        let mut read: BTreeMap<(Id, Id), Vec<&RawResource>> = BTreeMap::new();
        for p in self.inv.of_type(PEERING) {
            self.consumed.insert(p.key());
            let Some(local) = parent_id(&p.id).and_then(|v| self.resolve(Some(v.to_owned()), &[Kind::VirtualNetwork]))
            else {
                self.report.skip(&p.id, &p.kind, "its VNet is not in the design");
                continue;
            };
            let Some(remote_arm) = ref_field(&p.body, "remoteVirtualNetwork") else {
                self.report.skip(&p.id, &p.kind, "no remoteVirtualNetwork");
                continue;
            };
            let remote = if let Some(id) = self.resolve(Some(remote_arm.clone()), &[Kind::VirtualNetwork]) {
                id
            } else {
                {
                    let space: Vec<Cidr> = field(&p.body, "remoteAddressSpace")
                        .or_else(|| field(&p.body, "remoteVirtualNetworkAddressSpace"))
                        .map(|a| strings(a, "addressPrefixes"))
                        .unwrap_or_default()
                        .iter()
                        .filter_map(|c| cidr(c))
                        .collect();
                    if space.is_empty() {
                        self.report.skip(
                            &p.id,
                            &p.kind,
                            format!(
                                "its remote VNet {remote_arm} is outside the import and its address space is not given"
                            ),
                        );
                        continue;
                    }
                    let name = last_segment(&remote_arm).to_owned();
                    let fake = RawResource {
                        id: remote_arm.clone(),
                        kind: VNET.to_owned(),
                        name: name.clone(),
                        origin: String::new(),
                        body: Value::Null,
                    };
                    let id = self.add(
                        Some(&fake),
                        &name,
                        &name,
                        None,
                        Spec::VirtualNetwork(VirtualNetwork {
                            role: VnetRole::Standalone,
                            address_space: space,
                            dns_servers: vec![],
                            ddos_protection: false,
                            existing: Some(remote_arm.clone()),
                        }),
                    );
                    if let Some(res) = self.design.get_mut(id.as_str()) {
                        // Its group is the one in its ARM id, not a design group.
                        res.meta.resource_group = None;
                        res.meta.notes = Some(format!(
                            "Existing VNet outside this import ({remote_arm}), peered with an imported VNet; address space from the peering. Exports reference it and never create it or anything in it."
                        ));
                    }
                    self.report.note(format!(
                        "VNet `{name}` is peered but outside the import; added as existing VNet `{id}` (referenced by its ARM id, never created) with the address space the peering reports."
                    ));
                    id
                }
            };
            let key = if local < remote {
                (local.clone(), remote.clone())
            } else {
                (remote.clone(), local.clone())
            };
            let state = self.enum_or_default(p, "peeringState", PeeringState::ALL, str_field(&p.body, "peeringState"));
            read.entry(key.clone()).or_default().push(p);
            pairs.entry(key).or_default().push(Side {
                local,
                remote,
                forwarded: bool_field(&p.body, "allowForwardedTraffic").unwrap_or(false),
                transit: bool_field(&p.body, "allowGatewayTransit").unwrap_or(false),
                remote_gw: bool_field(&p.body, "useRemoteGateways").unwrap_or(false),
                name: p.name.clone(),
                state,
                access: bool_field(&p.body, "allowVirtualNetworkAccess").unwrap_or(true),
            });
        }

        // Hubs: VNets with a firewall or gateway; else the most-peered VNet (2+ peers).
        let vnets: Vec<Id> = self
            .design
            .of_kind(Kind::VirtualNetwork)
            .map(|r| r.id.clone())
            .collect();
        let mut hubs: BTreeSet<Id> = vnets.iter().filter(|v| self.vnet_has_hub_parts(v)).cloned().collect();
        let mut degree: BTreeMap<&Id, usize> = BTreeMap::new();
        for (a, b) in pairs.keys() {
            *degree.entry(a).or_default() += 1;
            *degree.entry(b).or_default() += 1;
        }
        if hubs.is_empty()
            && let Some(max) = degree.values().copied().max().filter(|m| *m >= 2)
        {
            hubs.extend(degree.iter().filter(|(_, d)| **d == max).map(|(v, _)| (*v).clone()));
        }
        let mut spokes = BTreeSet::new();
        for (a, b) in pairs.keys() {
            if hubs.contains(a) && !hubs.contains(b) {
                spokes.insert(b.clone());
            }
            if hubs.contains(b) && !hubs.contains(a) {
                spokes.insert(a.clone());
            }
        }
        for v in &vnets {
            let role = if hubs.contains(v) {
                VnetRole::Hub
            } else if spokes.contains(v) {
                VnetRole::Spoke
            } else {
                VnetRole::Standalone
            };
            if let Some(Resource {
                spec: Spec::VirtualNetwork(vn),
                ..
            }) = self.design.get_mut(v.as_str())
            {
                vn.role = role;
            }
        }

        for (key, sides) in pairs {
            // A peering that is not connected exists from the side read: that side is `from`.
            // Otherwise `from` offers its gateway: the side allowing transit, else the hub.
            let unconnected = sides.iter().find(|s| s.state != PeeringState::Connected);
            let (from, to) = if let Some(s) = unconnected {
                (s.local.clone(), s.remote.clone())
            } else if sides.iter().any(|s| s.transit && s.local == key.1)
                || (hubs.contains(&key.1) && !hubs.contains(&key.0))
            {
                (key.1.clone(), key.0.clone())
            } else {
                key.clone()
            };
            if sides.len() == 1 && unconnected.is_none() {
                self.report.note(format!(
                    "Peering between `{}` and `{}` was read in one direction only; the design creates both.",
                    key.0, key.1
                ));
            }
            let from_name = self
                .design
                .get(from.as_str())
                .map(|r| r.name().to_owned())
                .unwrap_or_default();
            let to_name = self
                .design
                .get(to.as_str())
                .map(|r| r.name().to_owned())
                .unwrap_or_default();
            let base = format!("{from_name}-to-{to_name}");
            // The Azure names of both directions, where they were read.
            let name = sides
                .iter()
                .find(|s| s.local == from)
                .map_or_else(|| base.clone(), |s| s.name.clone());
            let reverse_name = sides
                .iter()
                .find(|s| s.local == to)
                .map(|s| s.name.clone())
                .filter(|n| *n != VnetPeering::default_reverse_name(&name, &from_name, &to_name));
            let access = sides.iter().all(|s| s.access);
            if !access && sides.iter().any(|s| s.access) {
                for p in read.get(&key).into_iter().flatten() {
                    if bool_field(&p.body, "allowVirtualNetworkAccess") != Some(false) {
                        self.changed(
                            p,
                            "allowVirtualNetworkAccess",
                            "`true`",
                            "`false`, as the other direction (a design peering holds one value for both)",
                        );
                    }
                }
            }
            let spec = Spec::VnetPeering(VnetPeering {
                from: from.clone(),
                to: to.clone(),
                allow_forwarded_traffic: sides.iter().any(|s| s.forwarded),
                allow_gateway_transit: sides.iter().any(|s| s.transit && s.local == from),
                use_remote_gateways: sides.iter().any(|s| s.remote_gw && s.local == to && s.remote == from),
                allow_virtual_network_access: access,
                reverse_name,
                state: unconnected.map_or(PeeringState::Connected, |s| s.state),
            });
            self.add(None, &base, &name, None, spec);
        }
    }

    fn unknown(&mut self) {
        let unknown: Vec<&RawResource> = self
            .inv
            .iter()
            .filter(|r| !self.consumed.contains(&r.key()) && !CONSUMED.contains(&r.kind.as_str()))
            .collect();
        for r in unknown {
            self.report.skip(&r.id, &r.kind, crate::report::TYPE_NOT_READ);
        }
        // Parts of resources (read with their parent) whose parent is not in
        // the design: reported with the parent's id, never dropped.
        let orphans: Vec<&RawResource> = self
            .inv
            .iter()
            .filter(|r| !self.consumed.contains(&r.key()) && CONSUMED.contains(&r.kind.as_str()))
            .collect();
        for r in orphans {
            let why = if r.kind == FRONT_DOOR_WAF {
                "a Front Door WAF policy no imported Front Door security policy names; netdraft reads WAF policies only as the WAF mode of a Front Door".to_owned()
            } else {
                let parent = parent_id(&r.id).unwrap_or("(no parent in its id)");
                let state = if self.inv.get(parent).is_some() {
                    "was skipped (see its entry)"
                } else {
                    "is not in the import"
                };
                format!("its parent {parent} {state}, so it cannot be placed")
            };
            self.report.skip(&r.id, &r.kind, why);
        }
    }
}

/// A name no rule in `rules` has: `name`, else `{collection}-{name}`, else
/// that with `-2`, `-3`, … (same-named collections in two groups), so the
/// names are unique and the same on every import.
fn unique_rule_name(rules: &[FirewallRule], name: &str, collection: &str) -> String {
    // Azure compares names case-insensitively.
    let taken = |n: &str| rules.iter().any(|r| r.name.eq_ignore_ascii_case(n));
    if !taken(name) {
        return name.to_owned();
    }
    let base = format!("{collection}-{name}");
    let mut candidate = base.clone();
    let mut n = 1u32;
    while taken(&candidate) {
        n += 1;
        candidate = format!("{base}-{n}");
    }
    candidate
}

/// `/subscriptions/{s}/resourcegroups/{rg}` of an id, lower-cased.
fn group_key(id: &str) -> Option<String> {
    let sub = segment_after(id, "subscriptions")?;
    let rg = segment_after(id, "resourceGroups")?;
    Some(format!("/subscriptions/{sub}/resourcegroups/{rg}").to_ascii_lowercase())
}

/// The node resource group of an AKS cluster (`properties.nodeResourceGroup`,
/// in the cluster's subscription), as [`group_key`] gives it.
fn node_group(cluster: &RawResource) -> Option<String> {
    let sub = segment_after(&cluster.id, "subscriptions")?;
    let rg = str_field(&cluster.body, "nodeResourceGroup")?;
    Some(format!("/subscriptions/{sub}/resourcegroups/{rg}").to_ascii_lowercase())
}

/// One firewall policy rule (of an allow filter collection), or why a design rule cannot hold it.
fn firewall_rule(rule: &Value) -> Result<FirewallRule, String> {
    let name = str_field(rule, "name").ok_or("it has no name")?.to_owned();
    if !arr(rule, "sourceIpGroups").is_empty() || !arr(rule, "destinationIpGroups").is_empty() {
        return Err("it uses IP groups, which netdraft does not model".into());
    }
    let sources = strings(rule, "sourceAddresses");
    if sources.is_empty() {
        return Err("it has no source addresses".into());
    }
    let rule_type = str_field(rule, "ruleType").unwrap_or_default();
    if rule_type.eq_ignore_ascii_case("ApplicationRule") {
        if !arr(rule, "fqdnTags").is_empty() || !arr(rule, "webCategories").is_empty() {
            return Err("it uses FQDN tags or web categories; a netdraft rule holds FQDNs: list them instead".into());
        }
        let destinations = strings(rule, "targetFqdns");
        if destinations.is_empty() {
            return Err("it has no target FQDNs (URL rules are not modelled)".into());
        }
        let ports = arr(rule, "protocols")
            .iter()
            .filter_map(|p| Some(format!("{}:{}", str_field(p, "protocolType")?, u32_field(p, "port")?)))
            .collect();
        Ok(FirewallRule {
            name,
            kind: FirewallRuleKind::Application,
            sources,
            destinations,
            ports,
            protocols: vec![],
        })
    } else if rule_type.eq_ignore_ascii_case("NetworkRule") {
        let mut destinations = strings(rule, "destinationAddresses");
        destinations.extend(strings(rule, "destinationFqdns"));
        if destinations.is_empty() {
            return Err("it has no destination addresses or FQDNs".into());
        }
        Ok(FirewallRule {
            name,
            kind: FirewallRuleKind::Network,
            sources,
            destinations,
            ports: strings(rule, "destinationPorts"),
            protocols: strings(rule, "ipProtocols"),
        })
    } else {
        Err(format!("rule type `{rule_type}` is not an application or network rule"))
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_parse_from_hosts_and_urls() {
        let ip = |t: &str| Address::Ip(t.parse().unwrap());
        assert_eq!(Address::parse(" 10.1.3.200 "), Some(ip("10.1.3.200")));
        assert_eq!(Address::parse("[fd00::5]"), Some(ip("fd00::5")));
        assert_eq!(
            Address::parse("AppGW.Example.NET."),
            Some(Address::Host("appgw.example.net".into()))
        );
        assert_eq!(Address::parse(""), None);
        assert_eq!(Address::of_url("http://10.1.3.200:8080/orders"), Some(ip("10.1.3.200")));
        assert_eq!(Address::of_url("https://[fd00::5]/"), Some(ip("fd00::5")));
        assert_eq!(
            Address::of_url("https://API.contoso.example/v1"),
            Some(Address::Host("api.contoso.example".into()))
        );
        assert_eq!(Address::of_url("not a url"), None);
        assert_eq!(Address::of_url("urn:isbn:0451450523"), None);
    }
}
