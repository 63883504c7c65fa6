//! From an [`Inventory`] of Azure resources to a [`Design`].
//!
//! References are ARM ids, resolved case-insensitively into design relations.
//! Resources are made in dependency order, each referring only to resources
//! already made, so the design is consistent whatever was skipped: a subnet
//! whose route table was not imported simply has none, and the report says so.
//! Ids are slugs of the Azure names (`vnet-hub`, `vnet-hub-gatewaysubnet`,
//! `aks-prod-system`), made unique with [`Design::fresh_id`].

use std::collections::{BTreeSet, HashMap};

use netdraft_core::Id;
use netdraft_core::model::{Design, Kind, Resource, Spec};
use netdraft_core::net::Cidr;

use crate::raw::{Inventory, RawResource, segment_after, str_field};
use crate::report::{Imported, Report};

use endpoints::{Address, Endpoints};

mod agc;
mod aks;
mod aks_egress;
mod alb;
mod apim;
mod app_gateway;
mod bookkeeping;
mod dns;
mod endpoints;
mod firewall;
mod front_door;
mod k8s;
mod network;
mod on_prem;
mod peering;
mod private_link;
mod traffic_manager;
mod vwan;

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
    crate::alb::FEDERATED_CREDENTIAL,
    // Read into their hub, gateway or site (`vwan`).
    vwan::HUB_CONNECTION,
    vwan::ROUTING_INTENT,
    vwan::VPN_CONNECTION,
    vwan::ER_CONNECTION,
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
        // Before the firewalls and gateways that sit in the hubs.
        self.virtual_wans();
        self.firewalls();
        self.route_next_hops();
        self.gateways();
        self.hub_gateways();
        self.on_premises();
        self.vpn_sites();
        self.bastions();
        self.app_gateways();
        // Before the clusters: a private cluster names its private DNS zone.
        self.dns_zones();
        self.clusters();
        self.aks_egress();
        self.k8s_services();
        self.private_link_services();
        self.agcs();
        self.alb_controllers();
        self.apims();
        self.index_endpoints();
        self.app_gateway_backends();
        self.apim_backends();
        self.private_endpoints();
        self.front_doors();
        self.traffic_managers();
        self.peerings_and_roles();
        // After the peerings: they may have made the existing VNets connected.
        self.hub_connections();
        self.kubernetes_side_note();
        self.identities_and_role_assignments();
        self.unknown();
        self.unread_properties();
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
