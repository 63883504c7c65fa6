//! Which properties of each Azure type the mapper reads, so that everything
//! else an imported resource carries can be listed in the report as "not
//! modelled" instead of vanishing.
//!
//! Paths are written as the mapper reads them: `properties.` left out (the
//! accessors in [`crate::raw`] look under `properties` first, then at the top
//! level, so `az … list` output and ARM bodies compare the same), `.` between
//! keys, `[]` for the items of a list, case-insensitive. A path covers its
//! whole value: `securityRules` read as a whole is not walked further (its
//! rules that cannot be mapped are reported one by one by the mapper).
//!
//! Never reported, at any depth ([`SERVER_SET`]): identity and bookkeeping
//! that ARM computes (`id`, `name`, `type`, `etag`, `provisioningState`,
//! `resourceGuid`). At the top level ([`TOP_LEVEL`]): `location` (the design's
//! region), `systemData`, the `resourceGroup`/`subscriptionId`/`tenantId`
//! columns `az` and Resource Graph add, and `tags` (counted once in a note).
//! Per type, the read-only fields ARM fills in (back-references such as a
//! subnet's `ipConfigurations`, platform defaults such as an NSG's
//! `defaultSecurityRules`, state such as a DNS link's
//! `virtualNetworkLinkState`) are listed with the type's reads in [`READS`],
//! as `-path`. Empty values (`null`, `""`, `[]`, `{}`) are not reported.

use serde_json::Value;

mod vwan;

/// Keys ARM computes, ignored at any depth.
pub const SERVER_SET: &[&str] = &["id", "name", "type", "etag", "provisioningState", "resourceGuid"];

/// Top-level keys that are not properties of the resource's design.
pub const TOP_LEVEL: &[&str] = &[
    "location",
    "systemData",
    "resourceGroup",
    "subscriptionId",
    "tenantId",
    "tags",
    "properties",
];

/// Per lower-cased type: the paths the mapper reads, and (`-`) the read-only
/// paths ARM fills in, which are not values of the estate's design.
pub const READS: &[(&str, &[&str])] = &[
    ("microsoft.resources/resourcegroups", &["-managedBy"]),
    (
        "microsoft.network/virtualnetworks",
        &[
            "addressSpace.addressPrefixes",
            "dhcpOptions.dnsServers",
            "enableDdosProtection",
            "subnets",
            "virtualNetworkPeerings",
        ],
    ),
    (
        "microsoft.network/virtualnetworks/subnets",
        &[
            "addressPrefix",
            "addressPrefixes",
            "delegations[].serviceName",
            "networkSecurityGroup",
            "routeTable",
            "natGateway",
            "serviceEndpoints[].service",
            "privateEndpointNetworkPolicies",
            "privateLinkServiceNetworkPolicies",
            "-ipConfigurations",
            "-ipConfigurationProfiles",
            "-privateEndpoints",
            "-serviceAssociationLinks",
            "-resourceNavigationLinks",
            "-applicationGatewayIPConfigurations",
            "-purpose",
            "-serviceEndpoints[].locations",
        ],
    ),
    (
        "microsoft.network/virtualnetworks/virtualnetworkpeerings",
        &[
            "remoteVirtualNetwork",
            "remoteAddressSpace",
            "remoteVirtualNetworkAddressSpace",
            "allowForwardedTraffic",
            "allowGatewayTransit",
            "useRemoteGateways",
            "allowVirtualNetworkAccess",
            "peeringState",
            "-peeringSyncLevel",
            "-remoteBgpCommunities",
        ],
    ),
    (
        "microsoft.network/networksecuritygroups",
        &[
            "securityRules",
            "-defaultSecurityRules",
            "-subnets",
            "-networkInterfaces",
        ],
    ),
    (
        "microsoft.network/routetables",
        &["routes", "disableBgpRoutePropagation", "-subnets"],
    ),
    (
        "microsoft.network/natgateways",
        &[
            "sku.name",
            "publicIpAddresses",
            "idleTimeoutInMinutes",
            "zones",
            "-subnets",
        ],
    ),
    (
        "microsoft.network/publicipaddresses",
        &[
            "sku.name",
            "sku.tier",
            "zones",
            "dnsSettings.domainNameLabel",
            "publicIPAllocationMethod",
            "publicIPAddressVersion",
            "ipAddress",
            "-dnsSettings.fqdn",
            "-ipConfiguration",
            "-natGateway",
        ],
    ),
    (
        "microsoft.network/firewallpolicies",
        &[
            "sku.tier",
            "dnsSettings.enableProxy",
            "dnsSettings.servers",
            "threatIntelMode",
            "threatIntelWhitelist.ipAddresses",
            "threatIntelWhitelist.fqdns",
            "intrusionDetection.mode",
            "transportSecurity.certificateAuthority.name",
            "transportSecurity.certificateAuthority.keyVaultSecretId",
            "identity.type",
            "identity.userAssignedIdentities",
            "ruleCollectionGroups",
            "-firewalls",
            "-childPolicies",
            "-size",
        ],
    ),
    (
        "microsoft.network/firewallpolicies/rulecollectiongroups",
        &["priority", "ruleCollections", "-size"],
    ),
    (
        "microsoft.network/azurefirewalls",
        &[
            "sku.tier",
            "sku.name",
            "ipConfigurations[].subnet",
            "ipConfigurations[].privateIPAddress",
            "ipConfigurations[].publicIPAddress",
            "firewallPolicy",
            "zones",
            // In a Virtual WAN hub (`map::vwan`): the hub, the count of the
            // public IPs Azure assigns it, its private IP (routes to it).
            "virtualHub",
            "hubIPAddresses.publicIPs.count",
            "hubIPAddresses.privateIPAddress",
            "-hubIPAddresses.publicIPs.addresses",
        ],
    ),
    (
        "microsoft.network/localnetworkgateways",
        &[
            "localNetworkAddressSpace.addressPrefixes",
            "gatewayIpAddress",
            "fqdn",
            "bgpSettings.asn",
        ],
    ),
    (
        "microsoft.network/connections",
        &[
            "connectionType",
            "virtualNetworkGateway1",
            "localNetworkGateway2",
            "peer",
            // A secret: never kept; the export asks for it as a variable.
            "-sharedKey",
            "-connectionStatus",
            "-tunnelConnectionStatus",
            "-ingressBytesTransferred",
            "-egressBytesTransferred",
        ],
    ),
    (
        "microsoft.network/virtualnetworkgateways",
        &[
            "ipConfigurations[].subnet",
            "sku.name",
            "gatewayType",
            "activeActive",
            "enableBgp",
            "bgpSettings.asn",
            "-sku.tier",
            "-sku.capacity",
            "-bgpSettings.bgpPeeringAddresses",
            "-bgpSettings.bgpPeeringAddress",
        ],
    ),
    (
        "microsoft.network/bastionhosts",
        &[
            "sku.name",
            "scaleUnits",
            "ipConfigurations[].subnet",
            "virtualNetwork",
            "-dnsName",
        ],
    ),
    (
        "microsoft.network/applicationgateways",
        &[
            "sku.tier",
            "sku.capacity",
            "autoscaleConfiguration.minCapacity",
            "autoscaleConfiguration.maxCapacity",
            "webApplicationFirewallConfiguration.enabled",
            "webApplicationFirewallConfiguration.firewallMode",
            "gatewayIPConfigurations[].subnet",
            "frontendIPConfigurations[].privateIPAddress",
            "frontendIPConfigurations[].privateIPAllocationMethod",
            "frontendIPConfigurations[].subnet",
            "frontendIPConfigurations[].publicIPAddress",
            "backendAddressPools[].backendAddresses[].ipAddress",
            "backendAddressPools[].backendAddresses[].fqdn",
            // Plain strings in some spec examples.
            "backendAddressPools[].backendAddresses[]",
            "backendAddressPools[].backendIPConfigurations",
            "httpListeners[].hostName",
            "httpListeners[].hostNames",
            "firewallPolicy",
            "sslPolicy",
            "-operationalState",
        ],
    ),
    (
        "microsoft.network/applicationgatewaywebapplicationfirewallpolicies",
        &[
            "policySettings.state",
            "policySettings.mode",
            "managedRules",
            "-applicationGateways",
            "-httpListeners",
            "-pathBasedRules",
            "-resourceState",
        ],
    ),
    (
        "microsoft.servicenetworking/trafficcontrollers",
        &["frontends", "associations", "-configurationEndpoints"],
    ),
    (
        "microsoft.servicenetworking/trafficcontrollers/associations",
        &["subnet", "associationType"],
    ),
    ("microsoft.servicenetworking/trafficcontrollers/frontends", &["-fqdn"]),
    // Read for the ALB controller link (`crate::alb`): an identity's
    // principal, its federated credentials, the role assignments naming it.
    (
        "microsoft.managedidentity/userassignedidentities",
        &["principalId", "-clientId", "-tenantId"],
    ),
    (
        "microsoft.managedidentity/userassignedidentities/federatedidentitycredentials",
        &["issuer", "subject", "audiences"],
    ),
    (
        "microsoft.authorization/roleassignments",
        &[
            "roleDefinitionId",
            "principalId",
            "scope",
            "-principalType",
            "-createdOn",
            "-updatedOn",
            "-createdBy",
            "-updatedBy",
        ],
    ),
    (
        "microsoft.apimanagement/service",
        &[
            "sku.name",
            "sku.capacity",
            "virtualNetworkType",
            "virtualNetworkConfiguration.subnetResourceId",
            "publicIpAddressId",
            "zones",
            "identity.type",
            "identity.userAssignedIdentities",
            "publisherName",
            "publisherEmail",
            "gatewayUrl",
            "hostnameConfigurations[].type",
            "hostnameConfigurations[].hostName",
            "privateIPAddresses",
            "publicIPAddresses",
            "-createdAtUtc",
            "-targetProvisioningState",
            "-gatewayRegionalUrl",
            "-portalUrl",
            "-developerPortalUrl",
            "-managementApiUrl",
            "-scmUrl",
            "-platformVersion",
            "-privateEndpointConnections",
            "-identity.principalId",
            "-identity.tenantId",
            "-hostnameConfigurations[].certificate",
        ],
    ),
    ("microsoft.apimanagement/service/backends", &["url", "type"]),
    (
        "microsoft.cdn/profiles",
        &["sku.name", "kind", "-frontDoorId", "-resourceState"],
    ),
    ("microsoft.cdn/profiles/origingroups", &["-deploymentStatus"]),
    (
        "microsoft.cdn/profiles/afdendpoints",
        &["-hostName", "-deploymentStatus"],
    ),
    (
        "microsoft.cdn/profiles/afdendpoints/routes",
        &[
            "originGroup",
            "patternsToMatch",
            "supportedProtocols",
            "forwardingProtocol",
            "httpsRedirect",
            "linkToDefaultDomain",
            "-deploymentStatus",
            "-endpointName",
        ],
    ),
    (
        "microsoft.cdn/profiles/origingroups/origins",
        &[
            "hostName",
            "azureOrigin",
            "sharedPrivateLinkResource.privateLink",
            "priority",
            "weight",
            "-deploymentStatus",
            "-originGroupName",
        ],
    ),
    (
        "microsoft.cdn/profiles/securitypolicies",
        &["parameters.type", "parameters.wafPolicy", "-deploymentStatus"],
    ),
    (
        "microsoft.network/frontdoorwebapplicationfirewallpolicies",
        &[
            "policySettings.enabledState",
            "policySettings.mode",
            "-frontendEndpointLinks",
            "-securityPolicyLinks",
        ],
    ),
    (
        "microsoft.network/loadbalancers",
        &[
            "frontendIPConfigurations[].privateIPAddress",
            "frontendIPConfigurations[].subnet",
            "loadBalancingRules[].frontendIPConfiguration",
            "loadBalancingRules[].frontendPort",
            "sku.name",
            "-frontendIPConfigurations[].loadBalancingRules",
            "-frontendIPConfigurations[].inboundNatRules",
            "-backendAddressPools[].loadBalancingRules",
            "-probes[].loadBalancingRules",
        ],
    ),
    (
        "microsoft.network/privatelinkservices",
        &[
            "ipConfigurations[].subnet",
            "loadBalancerFrontendIpConfigurations",
            "visibility.subscriptions",
            "-alias",
            "-networkInterfaces",
            "-privateEndpointConnections",
        ],
    ),
    (
        "microsoft.network/trafficmanagerprofiles",
        &[
            "trafficRoutingMethod",
            "profileStatus",
            "endpoints[].targetResourceId",
            "endpoints[].target",
            "endpoints[].priority",
            "endpoints[].weight",
            "endpoints[].endpointStatus",
            // An external endpoint's is held; an Azure endpoint's is its target's region.
            "endpoints[].endpointLocation",
            "-endpoints[].endpointMonitorStatus",
            "dnsConfig.relativeName",
            "dnsConfig.ttl",
            "monitorConfig.protocol",
            "monitorConfig.port",
            "monitorConfig.path",
            "-dnsConfig.fqdn",
            "-monitorConfig.profileMonitorStatus",
        ],
    ),
    (
        "microsoft.network/privateendpoints",
        &[
            "subnet",
            "privateLinkServiceConnections[].privateLinkServiceId",
            "privateLinkServiceConnections[].groupIds",
            "manualPrivateLinkServiceConnections[].privateLinkServiceId",
            "manualPrivateLinkServiceConnections[].groupIds",
            "ipConfigurations[].privateIPAddress",
            "-privateLinkServiceConnections[].privateLinkServiceConnectionState",
            "-manualPrivateLinkServiceConnections[].privateLinkServiceConnectionState",
            "-networkInterfaces",
            "-customDnsConfigs",
        ],
    ),
    (
        "microsoft.network/privateendpoints/privatednszonegroups",
        &[
            "privateDnsZoneConfigs[].privateDnsZoneId",
            "-privateDnsZoneConfigs[].recordSets",
        ],
    ),
    (
        "microsoft.network/privatednszones",
        &[
            "-maxNumberOfRecordSets",
            "-numberOfRecordSets",
            "-maxNumberOfVirtualNetworkLinks",
            "-numberOfVirtualNetworkLinks",
            "-maxNumberOfVirtualNetworkLinksWithRegistration",
            "-numberOfVirtualNetworkLinksWithRegistration",
            "-internalId",
        ],
    ),
    (
        "microsoft.network/privatednszones/virtualnetworklinks",
        &["virtualNetwork", "registrationEnabled", "-virtualNetworkLinkState"],
    ),
    (
        "microsoft.containerservice/managedclusters",
        &[
            "sku.tier",
            "identity.type",
            "identity.userAssignedIdentities",
            "dnsPrefix",
            "disableLocalAccounts",
            "aadProfile.managed",
            "aadProfile.enableAzureRBAC",
            "autoUpgradeProfile.upgradeChannel",
            "autoUpgradeProfile.nodeOSUpgradeChannel",
            "addonProfiles.azurepolicy.enabled",
            "networkProfile.loadBalancerProfile.managedOutboundIPs.count",
            "networkProfile.loadBalancerProfile.outboundIPs.publicIPs",
            "networkProfile.loadBalancerProfile.outboundIPPrefixes.publicIPPrefixes",
            "kubernetesVersion",
            "nodeResourceGroup",
            "agentPoolProfiles",
            "networkProfile.networkPlugin",
            "networkProfile.networkPluginMode",
            "networkProfile.networkPolicy",
            "networkProfile.networkDataplane",
            "networkProfile.outboundType",
            "networkProfile.serviceCidr",
            "networkProfile.serviceCidrs",
            "networkProfile.podCidr",
            "networkProfile.podCidrs",
            "networkProfile.dnsServiceIP",
            "networkProfile.ipFamilies",
            "networkProfile.loadBalancerSku",
            "apiServerAccessProfile.enablePrivateCluster",
            "apiServerAccessProfile.privateDNSZone",
            "apiServerAccessProfile.enableVnetIntegration",
            "apiServerAccessProfile.subnetId",
            "apiServerAccessProfile.authorizedIPRanges",
            "addonProfiles.ingressApplicationGateway.enabled",
            "addonProfiles.ingressApplicationGateway.config.applicationGatewayId",
            "addonProfiles.ingressApplicationGateway.config.effectiveApplicationGatewayId",
            "ingressProfile.webAppRouting.enabled",
            "ingressProfile.applicationLoadBalancer.enabled",
            "-ingressProfile.applicationLoadBalancer.identity",
            "securityProfile.workloadIdentity.enabled",
            "oidcIssuerProfile.issuerURL",
            "-sku.name",
            "-maxAgentPools",
            "-currentKubernetesVersion",
            "-fqdn",
            "-azurePortalFQDN",
            "-privateFQDN",
            "-powerState",
            "-resourceUID",
            "-identity.principalId",
            "-identity.tenantId",
            "-networkProfile.loadBalancerProfile.effectiveOutboundIPs",
            "-addonProfiles.ingressApplicationGateway.identity",
        ],
    ),
    (
        "microsoft.containerservice/managedclusters/agentpools",
        &[
            "vnetSubnetID",
            "podSubnetID",
            "podIpAllocationMode",
            "mode",
            "vmSize",
            "osType",
            "count",
            "enableAutoScaling",
            "minCount",
            "maxCount",
            "maxPods",
            "upgradeSettings.maxSurge",
            "availabilityZones",
            "-eTag",
            "-currentOrchestratorVersion",
            "-nodeImageVersion",
            "-powerState",
        ],
    ),
];

/// The paths of `body` that a resource of type `kind` carries and the mapper
/// does not read, in key order; `None` when the type has no entry.
pub fn not_read(kind: &str, body: &Value) -> Option<Vec<String>> {
    let (_, reads) = READS.iter().chain(vwan::READS).find(|(k, _)| *k == kind)?;
    let reads: Vec<(bool, String)> = reads
        .iter()
        .map(|r| match r.strip_prefix('-') {
            Some(r) => (false, r.to_ascii_lowercase()),
            None => (true, r.to_ascii_lowercase()),
        })
        .collect();
    let mut out = Vec::new();
    walk(body, "", true, &reads, &mut out);
    Some(out)
}

fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        Value::Bool(_) | Value::Number(_) => false,
    }
}

/// The `(key, value)` pairs of an object with `properties` flattened into it.
fn entries(v: &Value, top: bool) -> Vec<(&str, &Value)> {
    let Some(obj) = v.as_object() else { return vec![] };
    let mut out: Vec<(&str, &Value)> = Vec::new();
    for (k, x) in obj {
        if k.eq_ignore_ascii_case("properties") && x.is_object() {
            out.extend(x.as_object().into_iter().flatten().map(|(k, v)| (k.as_str(), v)));
        } else if !(top && TOP_LEVEL.iter().any(|t| t.eq_ignore_ascii_case(k))) {
            out.push((k.as_str(), x));
        }
    }
    out
}

fn walk(v: &Value, prefix: &str, top: bool, reads: &[(bool, String)], out: &mut Vec<String>) {
    for (k, x) in entries(v, top) {
        if is_empty(x) || SERVER_SET.iter().any(|s| s.eq_ignore_ascii_case(k)) {
            continue;
        }
        let path = format!("{prefix}{k}");
        let low = path.to_ascii_lowercase();
        if reads.iter().any(|(_, r)| *r == low) {
            continue;
        }
        let deeper = |sep: &str| reads.iter().any(|(_, r)| r.starts_with(&format!("{low}{sep}")));
        match x {
            Value::Object(_) if deeper(".") => walk(x, &format!("{path}."), false, reads, out),
            Value::Array(items) if deeper("[].") => {
                for item in items {
                    if item.is_object() {
                        walk(item, &format!("{path}[]."), false, reads, out);
                    } else if !is_empty(item) && !reads.iter().any(|(_, r)| *r == format!("{low}[]")) {
                        push(out, format!("{path}[]"));
                    }
                }
            }
            _ => push(out, path),
        }
    }
}

fn push(out: &mut Vec<String>, path: String) {
    if !out.contains(&path) {
        out.push(path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn unread_paths_are_listed_read_and_server_set_ones_are_not() {
        let body = json!({
            "id": "/x", "name": "p", "location": "westeurope", "tags": {"a": "b"},
            "properties": {
                "provisioningState": "Succeeded", "threatIntelMode": "Alert",
                "dnsSettings": {"enableProxy": true, "servers": ["10.0.0.4"]},
                "sku": {"tier": "Premium"},
                "intrusionDetection": {"mode": "Deny", "configuration": {"privateRanges": ["10.0.0.0/8"]}},
                "firewalls": [{"id": "/fw"}], "insights": {}, "snat": null, "sql": {"allowSqlRedirect": true}
            }
        });
        let paths = not_read("microsoft.network/firewallpolicies", &body).unwrap();
        assert_eq!(paths, ["intrusionDetection.configuration", "sql"]);
    }

    #[test]
    fn list_items_are_walked_and_plain_values_in_object_lists_reported() {
        let body = json!({"properties": {
            "sku": {"tier": "Standard_v2"},
            "backendAddressPools": [
                {"name": "a", "properties": {"backendAddresses": [{"ipAddress": "10.0.0.1"}]}},
                {"name": "b", "properties": {"backendAddresses": ["10.0.0.2"], "loadDistributionPolicy": {"id": "/d"}}}],
            "httpListeners": [{"name": "l", "properties": {"hostName": "a.example", "protocol": "Https"}}],
            "probes": [{"name": "p"}, 7]
        }});
        let paths = not_read("microsoft.network/applicationgateways", &body).unwrap();
        assert_eq!(
            paths,
            [
                "backendAddressPools[].loadDistributionPolicy",
                "httpListeners[].protocol",
                "probes"
            ]
        );
        assert!(not_read("microsoft.compute/virtualmachines", &body).is_none());
    }
}
