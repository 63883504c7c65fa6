//! The read-only Azure Resource Manager client.
//!
//! Endpoints and api-versions follow the facts sheet §G.2; paging follows
//! `nextLink` (only to the ARM endpoint's own origin, so a token never leaves
//! it); throttling (429) waits for `Retry-After` (§G.3); 5xx, timeouts and
//! connection errors are retried with exponential backoff and jitter, a
//! bounded number of times. Calls run on at most `concurrency` threads.
//!
//! Resource Graph (§G.4) is used for one thing, and only when asked
//! ([`AzureOptions::resource_graph`]): the types with no subscription-scope
//! list (VNet gateways, RG scope only per §G.2; App Gateway for Containers,
//! whose subscription list is UNCONFIRMED there), read in one query over all
//! subscriptions instead of two list calls per resource group. Everything
//! else stays on the REST lists, which show ARM as it is now, where Resource
//! Graph is an index that may lag and has its own per-user quota.
//!
//! The parts: [`crate::transport`] carries requests (read-only), `client`
//! makes one call well (retries, throttling, paging, Resource Graph), and
//! `read` decides what to read and in which order. This file holds the
//! data of what is read: the lists, their paths and api-versions.

mod client;
mod read;

use serde_json::Value;

pub use client::{AzureOptions, Progress, RetryPolicy};
pub use read::{Subscription, list_subscriptions, read_all};

use netdraft_core::Kind;
use netdraft_core::model::AzureType;

use crate::raw::{RawResource, get_ci};

/// Resource groups api-version (§G.2), as the `kinds!` table gives it.
const RESOURCE_GROUPS_API: &str = api(Kind::ResourceGroup);

/// The api-version the `kinds!` table gives a kind's ARM type (facts §G.2);
/// a kind without one of its own stops the build here.
const fn api(kind: Kind) -> &'static str {
    match kind.azure() {
        AzureType::Resource { api_version, .. } => api_version,
        AzureType::Varies | AzureType::None => panic!("the kind has no ARM type of its own"),
    }
}

/// Subscription-scope lists: (what, path after `/subscriptions/{s}`, api-version). Facts §G.2.
/// The lists of the design's kinds read the api-version from the `kinds!` table.
const LISTS: &[(&str, &str, &str)] = &[
    ("resource groups", "/resourcegroups", RESOURCE_GROUPS_API),
    (
        "virtual networks",
        "/providers/Microsoft.Network/virtualNetworks",
        api(Kind::VirtualNetwork),
    ),
    (
        "AKS clusters",
        "/providers/Microsoft.ContainerService/managedClusters",
        api(Kind::AksCluster),
    ),
    (
        "Azure Firewalls",
        "/providers/Microsoft.Network/azureFirewalls",
        api(Kind::Firewall),
    ),
    (
        "firewall policies",
        "/providers/Microsoft.Network/firewallPolicies",
        api(Kind::FirewallPolicy),
    ),
    (
        "route tables",
        "/providers/Microsoft.Network/routeTables",
        api(Kind::RouteTable),
    ),
    (
        "network security groups",
        "/providers/Microsoft.Network/networkSecurityGroups",
        api(Kind::Nsg),
    ),
    (
        "NAT gateways",
        "/providers/Microsoft.Network/natGateways",
        api(Kind::NatGateway),
    ),
    (
        "public IPs",
        "/providers/Microsoft.Network/publicIPAddresses",
        api(Kind::PublicIp),
    ),
    (
        "Bastion hosts",
        "/providers/Microsoft.Network/bastionHosts",
        api(Kind::Bastion),
    ),
    (
        "Application Gateways",
        "/providers/Microsoft.Network/applicationGateways",
        api(Kind::AppGateway),
    ),
    // The WAF policies gateways name in `firewallPolicy.id` (§E.1
    // `ApplicationGatewayWebApplicationFirewallPolicies`; subscription list
    // `WebApplicationFirewallPolicies_ListAll`, at the Microsoft.Network
    // api-version of the other network lists).
    (
        "Application Gateway WAF policies",
        "/providers/Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies",
        "2025-01-01",
    ),
    (
        "API Management services",
        "/providers/Microsoft.ApiManagement/service",
        api(Kind::ApiManagement),
    ),
    (
        "Front Door profiles",
        "/providers/Microsoft.Cdn/profiles",
        api(Kind::FrontDoor),
    ),
    (
        "Traffic Manager profiles",
        "/providers/Microsoft.Network/trafficmanagerprofiles",
        api(Kind::TrafficManager),
    ),
    (
        "private endpoints",
        "/providers/Microsoft.Network/privateEndpoints",
        api(Kind::PrivateEndpoint),
    ),
    (
        "private DNS zones",
        "/providers/Microsoft.Network/privateDnsZones",
        api(Kind::PrivateDnsZone),
    ),
    // AKS internal LoadBalancer services live as frontends of the
    // `kubernetes-internal` load balancer in the cluster's node resource group,
    // and AKS-made Private Link Services sit beside it. Not in §G.2: the
    // standard `…/providers/{namespace}/{type}` list pattern §G.2 follows, at
    // the Microsoft.Network api-version the other network lists use (§E.1).
    (
        "load balancers",
        "/providers/Microsoft.Network/loadBalancers",
        "2025-01-01",
    ),
    (
        "Private Link Services",
        "/providers/Microsoft.Network/privateLinkServices",
        api(Kind::PrivateLinkService),
    ),
    // Azure Virtual WAN (Microsoft.Network REST reference, "Virtual Wans -
    // List", "Virtual Hubs - List", "Vpn Gateways - List", "Express Route
    // Gateways - List By Subscription", "Vpn Sites - List": all at
    // subscription scope). The hubs' VNet connections and routing intent are
    // their children ([`CHILD_LISTS`]); a hub VPN gateway's connections are
    // in its body.
    (
        "Virtual WANs",
        "/providers/Microsoft.Network/virtualWans",
        api(Kind::VirtualWan),
    ),
    (
        "virtual hubs",
        "/providers/Microsoft.Network/virtualHubs",
        api(Kind::VirtualHub),
    ),
    (
        "virtual hub VPN gateways",
        "/providers/Microsoft.Network/vpnGateways",
        VIRTUAL_WAN_API,
    ),
    (
        "virtual hub ExpressRoute gateways",
        "/providers/Microsoft.Network/expressRouteGateways",
        VIRTUAL_WAN_API,
    ),
    ("VPN sites", "/providers/Microsoft.Network/vpnSites", VIRTUAL_WAN_API),
    // User-assigned identities: an AKS cluster's, and the ALB controller's,
    // whose federated credential and role assignments say which cluster
    // programs an App Gateway for Containers (`read::identity`). Not in
    // §G.2: `UserAssignedIdentities_ListBySubscription` at the newest stable
    // Microsoft.ManagedIdentity api-version.
    (
        "user-assigned identities",
        "/providers/Microsoft.ManagedIdentity/userAssignedIdentities",
        MANAGED_IDENTITY_API,
    ),
];

/// The Virtual WAN family's api-version: the one the `kinds!` table gives
/// virtual hubs (hub gateways, VPN sites, hub VNet connections and routing
/// intent are of the same Microsoft.Network spec).
const VIRTUAL_WAN_API: &str = api(Kind::VirtualHub);

/// Microsoft.ManagedIdentity api-version: the newest stable one, of "Federated
/// Identity Credentials - List" and "User Assigned Identities - List By
/// Subscription" (learn.microsoft.com/rest/api/managedidentity, view
/// `rest-managedidentity-2024-11-30`); the exports deploy identities and
/// federated credentials with it too.
const MANAGED_IDENTITY_API: &str = "2024-11-30";

/// Microsoft.Authorization role assignments api-version: "Role Assignments -
/// List For Scope", `GET {scope}/providers/Microsoft.Authorization/roleAssignments`
/// with `$filter=atScope()` (the assignments at or above the scope),
/// learn.microsoft.com/rest/api/authorization/role-assignments/list-for-scope
/// (view `rest-authorization-2022-04-01`, the newest stable).
const ROLE_ASSIGNMENTS_API: &str = "2022-04-01";

/// Resource-group-scope lists (no subscription-wide list exists, §G.2).
const RG_LISTS: &[(&str, &str, &str)] = &[
    (
        "VPN/ExpressRoute gateways",
        "/providers/Microsoft.Network/virtualNetworkGateways",
        api(Kind::VpnGateway),
    ),
    (
        "App Gateway for Containers",
        "/providers/Microsoft.ServiceNetworking/trafficControllers",
        api(Kind::AppGatewayForContainers),
    ),
    // On-premises networks: local network gateways and the connections that
    // join them to a gateway (Local Network Gateways - List and Virtual
    // Network Gateway Connections - List are resource-group scoped, at the
    // Microsoft.Network api-version of the other network lists).
    (
        "local network gateways",
        "/providers/Microsoft.Network/localNetworkGateways",
        api(Kind::OnPremises),
    ),
    (
        "gateway connections",
        "/providers/Microsoft.Network/connections",
        "2025-01-01",
    ),
];

/// Resource Graph api-version (§G.4, ARG-SPEC examples incl. `ResourcesNextPageQuery.json`).
const RESOURCE_GRAPH_API: &str = "2024-04-01";

/// Rows per Resource Graph page: the most one response holds (§G.4).
const RESOURCE_GRAPH_TOP: u32 = 1000;

/// Child lists read per parent: (parent type, what, child path, api-version).
const CHILD_LISTS: &[(&str, &str, &str, &str)] = &[
    // "rule collection groups are children" (§G.2, firewall policies).
    (
        "microsoft.network/firewallpolicies",
        "rule collection groups",
        "ruleCollectionGroups",
        "2025-01-01",
    ),
    (
        "microsoft.network/privatednszones",
        "VNet links",
        "virtualNetworkLinks",
        "2024-06-01",
    ),
    (
        "microsoft.servicenetworking/trafficcontrollers",
        "associations",
        "associations",
        "2025-01-01",
    ),
    // Its frontends (§G.2 `…/trafficControllers/{name}/frontends`).
    (
        "microsoft.servicenetworking/trafficcontrollers",
        "frontends",
        "frontends",
        "2025-01-01",
    ),
    (
        "microsoft.network/privateendpoints",
        "DNS zone groups",
        "privateDnsZoneGroups",
        "2025-01-01",
    ),
    // Front Door Standard/Premium children (§E.1 `Microsoft.Cdn/profiles` +
    // `/originGroups`, api-version §G.2), read for `*_AzureFrontDoor` profiles
    // only ([`child_wanted`]); origins are children of the origin groups
    // ([`GRANDCHILD_LISTS`]). Security policies name the WAF policy
    // (learn.microsoft.com/rest/api/frontdoor/azurefrontdoorstandardpremium).
    (
        "microsoft.cdn/profiles",
        "origin groups",
        "originGroups",
        FRONT_DOOR_API,
    ),
    (
        "microsoft.cdn/profiles",
        "security policies",
        "securityPolicies",
        FRONT_DOOR_API,
    ),
    ("microsoft.cdn/profiles", "endpoints", "afdEndpoints", FRONT_DOOR_API),
    // `GET {hub}/hubVirtualNetworkConnections` (Hub Virtual Network
    // Connections - List) and `GET {hub}/routingIntent` (Routing Intent -
    // List): the VNets connected to a hub, and what it sends through its firewall.
    (
        "microsoft.network/virtualhubs",
        "hub virtual network connections",
        "hubVirtualNetworkConnections",
        VIRTUAL_WAN_API,
    ),
    (
        "microsoft.network/virtualhubs",
        "routing intent",
        "routingIntent",
        VIRTUAL_WAN_API,
    ),
    // `GET …/service/{name}/backends` (Backend_ListByService), at the API
    // Management api-version of §G.2.
    ("microsoft.apimanagement/service", "backends", "backends", "2024-05-01"),
];

/// Front Door profiles and their children (§G.2).
const FRONT_DOOR_API: &str = "2025-12-01";

/// Children of children: (parent type, what, child path, api-version).
/// `AFDOrigins_ListByOriginGroup`, `…/originGroups/{g}/origins`
/// (learn.microsoft.com/rest/api/frontdoor/azurefrontdoorstandardpremium/afd-origins/list-by-origin-group).
const GRANDCHILD_LISTS: &[(&str, &str, &str, &str)] = &[
    (
        "microsoft.cdn/profiles/origingroups",
        "origins",
        "origins",
        FRONT_DOOR_API,
    ),
    // `Routes_ListByEndpoint`, `…/afdEndpoints/{e}/routes`.
    (
        "microsoft.cdn/profiles/afdendpoints",
        "routes",
        "routes",
        FRONT_DOOR_API,
    ),
];

/// The Front Door WAF policy a security policy names, read by id. Not in the
/// facts sheet: 2022-05-01 is the stable `webapplicationfirewall.json` of the
/// Front Door WAF REST spec (Azure Service Operator reference
/// `network.frontdoor/v1api20220501`, which documents its ARM URI
/// `…/Microsoft.Network/FrontDoorWebApplicationFirewallPolicies/{policyName}`;
/// PSRule `Azure.FrontDoorWAF.PreventionMode` deploys Premium policies with it).
const FRONT_DOOR_WAF_TYPE: &str = "microsoft.network/frontdoorwebapplicationfirewallpolicies";
const FRONT_DOOR_WAF_API: &str = "2022-05-01";

/// Whether a parent's children are read: Front Door children only for Front
/// Door Standard/Premium profiles, `sku.name` `*_AzureFrontDoor` (§G.2, §E.2);
/// other `Microsoft.Cdn/profiles` are classic CDN.
fn child_wanted(parent_type: &str, r: &RawResource) -> bool {
    if parent_type != "microsoft.cdn/profiles" {
        return true;
    }
    get_ci(&r.body, "sku")
        .and_then(|s| get_ci(s, "name"))
        .and_then(Value::as_str)
        .is_some_and(|n| n.to_ascii_lowercase().ends_with("_azurefrontdoor"))
}

/// Subscriptions API (`Subscriptions_List`, `GET /subscriptions`). Not in the
/// facts sheet §G.2: 2022-12-01 is the newest GA version of the Microsoft.Resources
/// subscriptions API, the "Default Api Version" of `Subscriptions_List` in the Azure
/// SDK reference (learn.microsoft.com, .NET `SubscriptionCollection.GetAll`), and
/// the newest `subscriptions` module of the Python `azure-mgmt-resource` SDK.
const SUBSCRIPTIONS_API: &str = "2022-12-01";

/// Generic resources api-version (`Resources_List`, `Resources_ListByResourceGroup`).
const RESOURCES_API: &str = "2021-04-01";

/// Lists read in an AKS cluster's node resource group: the `kubernetes-internal`
/// and `kubernetes` load balancers (LoadBalancer services), the Private Link
/// Services AKS makes beside them, and the public IPs the cloud provider
/// makes for public services (their `k8s-azure-service` tag names the
/// service, `map::k8s`). The rest of the group is the cluster's own
/// infrastructure, which the design does not hold.
const NODE_GROUP_LISTS: &[&str] = &["load balancers", "Private Link Services", "public IPs"];

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Every kind with an ARM type of its own is read: a top-level type by a
    /// list of that path, a child type inside its parent (which must be read),
    /// at the api-version the `kinds!` table gives it.
    #[test]
    fn every_kind_with_an_arm_type_is_listed_at_the_tables_api_version() {
        let lists: Vec<&(&str, &str, &str)> = LISTS.iter().chain(RG_LISTS).collect();
        for kind in Kind::ALL {
            let Some((resource_type, api_version)) = kind.azure().resource() else {
                continue;
            };
            let segments = resource_type.split('/').count();
            let read_as = if *kind == Kind::ResourceGroup {
                "/resourcegroups".to_owned()
            } else if segments == 2 {
                format!("/providers/{resource_type}")
            } else {
                let parent = &resource_type[..resource_type.rfind('/').unwrap_or(0)];
                format!("/providers/{parent}")
            };
            let found = lists
                .iter()
                .find(|(_, path, _)| path.eq_ignore_ascii_case(&read_as))
                .unwrap_or_else(|| panic!("{kind:?} ({resource_type}): no list reads {read_as}"));
            assert_eq!(found.2, api_version, "{kind:?} is read at another api-version");
        }
    }

    #[test]
    fn front_door_children_are_read_for_front_door_profiles_only() {
        let profile = |sku: &str| RawResource {
            id: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Cdn/profiles/p".into(),
            kind: "microsoft.cdn/profiles".into(),
            name: "p".into(),
            origin: "Azure".into(),
            body: json!({"sku": {"name": sku}}),
        };
        assert!(child_wanted(
            "microsoft.cdn/profiles",
            &profile("Premium_AzureFrontDoor")
        ));
        assert!(child_wanted(
            "microsoft.cdn/profiles",
            &profile("standard_azurefrontdoor")
        ));
        assert!(!child_wanted("microsoft.cdn/profiles", &profile("Standard_Microsoft")));
        assert!(!child_wanted("microsoft.cdn/profiles", &profile("")));
        assert!(child_wanted("microsoft.apimanagement/service", &profile("")));
    }
}
