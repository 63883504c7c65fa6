//! The hub-and-spoke subscription the live tests import, and the helpers
//! that shape its ARM bodies.

use serde_json::{Value, json};

use super::edge::edge;
use super::{APPGW_FQDN, NODE_RG, OTHER_SUB, SUB, Server};

pub(super) fn rg_id(rg: &str) -> String {
    format!("/subscriptions/{SUB}/resourceGroups/{rg}")
}
pub(super) fn net(rg: &str, kind: &str, name: &str) -> String {
    format!("{}/providers/Microsoft.Network/{kind}/{name}", rg_id(rg))
}
pub(super) fn subnet_id(rg: &str, vnet: &str, name: &str) -> String {
    format!("{}/subnets/{name}", net(rg, "virtualNetworks", vnet))
}

pub(super) fn subnet(rg: &str, vnet: &str, name: &str, prefix: &str, extra: &Value) -> Value {
    let mut props = json!({"addressPrefix": prefix, "privateEndpointNetworkPolicies": "Disabled"});
    if let (Some(p), Some(e)) = (props.as_object_mut(), extra.as_object()) {
        for (k, v) in e {
            p.insert(k.clone(), v.clone());
        }
    }
    json!({"id": subnet_id(rg, vnet, name), "name": name, "type": "Microsoft.Network/virtualNetworks/subnets", "properties": props})
}

pub(super) fn peering(
    rg: &str,
    vnet: &str,
    name: &str,
    remote: &str,
    space: &str,
    transit: bool,
    use_remote: bool,
) -> Value {
    json!({
        "id": format!("{}/virtualNetworkPeerings/{name}", net(rg, "virtualNetworks", vnet)),
        "name": name,
        "properties": {
            "remoteVirtualNetwork": {"id": remote},
            "remoteAddressSpace": {"addressPrefixes": [space]},
            "allowVirtualNetworkAccess": true,
            "allowForwardedTraffic": true,
            "allowGatewayTransit": transit,
            "useRemoteGateways": use_remote,
            "peeringState": "Connected"
        }
    })
}

pub(super) fn vnet(rg: &str, name: &str, space: &str, subnets: Vec<Value>, peerings: Vec<Value>) -> Value {
    json!({
        "id": net(rg, "virtualNetworks", name),
        "name": name,
        "type": "Microsoft.Network/virtualNetworks",
        "location": "westeurope",
        "properties": {
            "addressSpace": {"addressPrefixes": [space]},
            "subnets": subnets,
            "virtualNetworkPeerings": peerings
        }
    })
}

pub(super) fn plain(rg: &str, kind: &str, name: &str, props: Value) -> Value {
    json!({
        "id": net(rg, kind, name),
        "name": name,
        "type": format!("Microsoft.Network/{kind}"),
        "location": "westeurope",
        "properties": props
    })
}

/// Subscription-scope list path for a provider type.
pub fn list_path(provider_type: &str) -> String {
    format!("/subscriptions/{SUB}/providers/{provider_type}")
}

/// Serves a realistic hub-and-spoke subscription.
#[allow(clippy::too_many_lines)]
pub fn hub_spoke(server: &Server) {
    let hub = net("rg-hub", "virtualNetworks", "vnet-hub");
    let spoke1 = net("rg-spoke1", "virtualNetworks", "vnet-spoke1");
    let spoke2 = net("rg-spoke2", "virtualNetworks", "vnet-spoke2");
    let shared = format!(
        "/subscriptions/{OTHER_SUB}/resourceGroups/rg-shared/providers/Microsoft.Network/virtualNetworks/vnet-shared"
    );
    // ARM ids are case-insensitive: references below use other cases on purpose.
    let rt1_ref = net("RG-SPOKE1", "routeTables", "RT-Spoke1");
    server.list(
        &format!("/subscriptions/{SUB}/resourcegroups"),
        ["rg-hub", "rg-spoke1", "rg-spoke2", NODE_RG]
            .iter()
            .map(|g| json!({"id": rg_id(g), "name": g, "type": "Microsoft.Resources/resourceGroups", "location": "westeurope"}))
            .collect(),
    );
    server.list(
        &list_path("Microsoft.Network/virtualNetworks"),
        vec![
            vnet(
                "rg-hub",
                "vnet-hub",
                "10.0.0.0/22",
                vec![
                    subnet("rg-hub", "vnet-hub", "GatewaySubnet", "10.0.0.0/27", &json!({})),
                    subnet("rg-hub", "vnet-hub", "AzureFirewallSubnet", "10.0.0.64/26", &json!({})),
                    subnet("rg-hub", "vnet-hub", "AzureBastionSubnet", "10.0.0.128/26", &json!({})),
                ],
                vec![
                    peering("rg-hub", "vnet-hub", "hub-to-spoke1", &spoke1, "10.1.0.0/16", true, false),
                    peering("rg-hub", "vnet-hub", "hub-to-spoke2", &spoke2.to_uppercase(), "10.2.0.0/16", true, false),
                ],
            ),
            vnet(
                "rg-spoke1",
                "vnet-spoke1",
                "10.1.0.0/16",
                vec![
                    subnet(
                        "rg-spoke1",
                        "vnet-spoke1",
                        "snet-nodes",
                        "10.1.0.0/22",
                        &json!({"routeTable": {"id": rt1_ref}, "networkSecurityGroup": {"id": net("rg-spoke1", "networkSecurityGroups", "nsg-spoke1")}}),
                    ),
                    subnet(
                        "rg-spoke1",
                        "vnet-spoke1",
                        "snet-pods",
                        "10.1.16.0/20",
                        &json!({"routeTable": {"id": rt1_ref}}),
                    ),
                    subnet("rg-spoke1", "vnet-spoke1", "snet-pe", "10.1.4.0/24", &json!({})),
                    subnet("rg-spoke1", "vnet-spoke1", "snet-appgw", "10.1.5.0/24", &json!({})),
                    // API Management Standard v2 outbound integration: /27, delegated, with an NSG (§C.4).
                    subnet(
                        "rg-spoke1",
                        "vnet-spoke1",
                        "snet-apim",
                        "10.1.6.0/27",
                        &json!({"networkSecurityGroup": {"id": net("rg-spoke1", "networkSecurityGroups", "nsg-spoke1")},
                                "delegations": [{"name": "apim", "properties": {"serviceName": "Microsoft.Web/serverFarms"}}]}),
                    ),
                ],
                vec![peering("rg-spoke1", "vnet-spoke1", "spoke1-to-hub", &hub, "10.0.0.0/22", false, true)],
            ),
            vnet(
                "rg-spoke2",
                "vnet-spoke2",
                "10.2.0.0/16",
                vec![
                    subnet(
                        "rg-spoke2",
                        "vnet-spoke2",
                        "snet-nodes",
                        "10.2.0.0/22",
                        &json!({"routeTable": {"id": net("rg-spoke2", "routeTables", "rt-spoke2")}}),
                    ),
                    subnet(
                        "rg-spoke2",
                        "vnet-spoke2",
                        "snet-pods",
                        "10.2.16.0/20",
                        &json!({"routeTable": {"id": net("rg-spoke2", "routeTables", "rt-spoke2")}}),
                    ),
                ],
                vec![
                    peering("rg-spoke2", "vnet-spoke2", "spoke2-to-hub", &hub, "10.0.0.0/22", false, true),
                    peering("rg-spoke2", "vnet-spoke2", "spoke2-to-shared", &shared, "10.50.0.0/16", false, false),
                ],
            ),
        ],
    );
    let route = |_rg: &str| {
        json!({"disableBgpRoutePropagation": true, "routes": [{"name": "default-via-firewall", "properties": {
            "addressPrefix": "0.0.0.0/0", "nextHopType": "VirtualAppliance", "nextHopIpAddress": "10.0.0.68"}}]})
    };
    server.list(
        &list_path("Microsoft.Network/routeTables"),
        vec![
            plain("rg-spoke1", "routeTables", "rt-spoke1", route("rg-spoke1")),
            plain("rg-spoke2", "routeTables", "rt-spoke2", route("rg-spoke2")),
        ],
    );
    server.list(
        &list_path("Microsoft.Network/networkSecurityGroups"),
        vec![plain(
            "rg-spoke1",
            "networkSecurityGroups",
            "nsg-spoke1",
            json!({"securityRules": [
                {"name": "allow-https-in", "properties": {"priority": 100, "direction": "Inbound", "access": "Allow", "protocol": "Tcp",
                  "sourceAddressPrefix": "VirtualNetwork", "sourcePortRange": "*", "destinationAddressPrefix": "*", "destinationPortRange": "443"}},
                {"name": "allow-mgmt", "properties": {"priority": 200, "direction": "Inbound", "access": "Allow", "protocol": "Tcp",
                  "sourceAddressPrefixes": ["10.0.0.0/24", "10.9.0.0/24"], "sourcePortRange": "*", "destinationAddressPrefix": "*", "destinationPortRange": "22"}}
            ]}),
        )],
    );
    server.list(
        &list_path("Microsoft.Network/publicIPAddresses"),
        ["pip-afw", "pip-vpngw", "pip-bastion"]
            .iter()
            .map(|n| {
                let mut p = plain(
                    "rg-hub",
                    "publicIPAddresses",
                    n,
                    json!({"publicIPAllocationMethod": "Static"}),
                );
                p["sku"] = json!({"name": "Standard"});
                p["zones"] = json!(["1", "2", "3"]);
                p
            })
            .chain([{
                let mut p = plain(
                    "rg-spoke1",
                    "publicIPAddresses",
                    "pip-appgw",
                    json!({"publicIPAllocationMethod": "Static", "ipAddress": "20.61.10.20",
                           "dnsSettings": {"domainNameLabel": "appgw-prod", "fqdn": APPGW_FQDN}}),
                );
                p["sku"] = json!({"name": "Standard"});
                p["zones"] = json!(["1", "2", "3"]);
                p
            }])
            .collect(),
    );
    edge(server);
    let mut fw = plain(
        "rg-hub",
        "azureFirewalls",
        "afw-hub",
        json!({
            "sku": {"name": "AZFW_VNet", "tier": "Standard"},
            "ipConfigurations": [{"name": "ipconfig", "properties": {
                "privateIPAddress": "10.0.0.68",
                "subnet": {"id": subnet_id("rg-hub", "vnet-hub", "AzureFirewallSubnet")},
                "publicIPAddress": {"id": net("rg-hub", "publicIPAddresses", "pip-afw")}}}],
            "firewallPolicy": {"id": net("rg-hub", "firewallPolicies", "afwp-hub")}
        }),
    );
    fw["zones"] = json!(["1", "2", "3"]);
    server.list(&list_path("Microsoft.Network/azureFirewalls"), vec![fw]);
    server.list(
        &list_path("Microsoft.Network/firewallPolicies"),
        vec![plain(
            "rg-hub",
            "firewallPolicies",
            "afwp-hub",
            json!({"threatIntelMode": "Deny", "dnsSettings": {"enableProxy": true}, "sku": {"tier": "Standard"}}),
        )],
    );
    let policy = net("rg-hub", "firewallPolicies", "afwp-hub");
    let rcg = |name: &str, priority: u32, collections: Value| {
        json!({"id": format!("{policy}/ruleCollectionGroups/{name}"), "name": name,
               "type": "Microsoft.Network/FirewallPolicies/RuleCollectionGroups",
               "properties": {"priority": priority, "provisioningState": "Succeeded", "ruleCollections": collections}})
    };
    server.list(
        &format!("{policy}/ruleCollectionGroups"),
        vec![
            rcg(
                "rcg-aks-egress",
                200,
                json!([
                    {"ruleCollectionType": "FirewallPolicyFilterRuleCollection", "name": "aks-network", "priority": 100,
                     "action": {"type": "Allow"}, "rules": [
                        {"ruleType": "NetworkRule", "name": "ntp", "ipProtocols": ["UDP"], "sourceAddresses": ["10.1.0.0/16"],
                         "sourceIpGroups": [], "destinationAddresses": ["*"], "destinationIpGroups": [], "destinationFqdns": [],
                         "destinationPorts": ["123"]},
                        {"ruleType": "NetworkRule", "name": "ubuntu-ntp", "ipProtocols": ["UDP"], "sourceAddresses": ["10.1.0.0/16"],
                         "destinationFqdns": ["ntp.ubuntu.com"], "destinationPorts": ["123"]},
                        {"ruleType": "NetworkRule", "name": "to-shared", "ipProtocols": ["TCP"], "sourceAddresses": [],
                         "sourceIpGroups": [format!("{}/providers/Microsoft.Network/ipGroups/ipg-spokes", rg_id("rg-hub"))],
                         "destinationAddresses": ["10.50.0.0/16"], "destinationPorts": ["443"]}]},
                    {"ruleCollectionType": "FirewallPolicyFilterRuleCollection", "name": "aks-fqdns", "priority": 200,
                     "action": {"type": "Allow"}, "rules": [
                        {"ruleType": "ApplicationRule", "name": "aks-tag", "protocols": [{"protocolType": "Https", "port": 443}],
                         "sourceAddresses": ["10.1.0.0/16"], "fqdnTags": ["AzureKubernetesService"], "targetFqdns": []},
                        {"ruleType": "ApplicationRule", "name": "mcr", "protocols": [{"protocolType": "Https", "port": 443}],
                         "sourceAddresses": ["10.1.0.0/16"], "targetFqdns": ["mcr.microsoft.com", "*.data.mcr.microsoft.com"],
                         "fqdnTags": [], "webCategories": [], "terminateTLS": false}]}
                ]),
            ),
            rcg(
                "rcg-platform",
                100,
                json!([
                    {"ruleCollectionType": "FirewallPolicyNatRuleCollection", "name": "dnat-in", "priority": 100,
                     "action": {"type": "DNAT"}, "rules": [
                        {"ruleType": "NatRule", "name": "ssh-jump", "ipProtocols": ["TCP"], "sourceAddresses": ["*"],
                         "destinationAddresses": ["20.50.1.10"], "destinationPorts": ["22"],
                         "translatedAddress": "10.0.0.140", "translatedPort": "22"}]},
                    {"ruleCollectionType": "FirewallPolicyFilterRuleCollection", "name": "deny-bad", "priority": 150,
                     "action": {"type": "Deny"}, "rules": [
                        {"ruleType": "NetworkRule", "name": "block", "ipProtocols": ["Any"], "sourceAddresses": ["*"],
                         "destinationAddresses": ["198.51.100.0/24"], "destinationPorts": ["*"]}]},
                    {"ruleCollectionType": "FirewallPolicyFilterRuleCollection", "name": "dns", "priority": 200,
                     "action": {"type": "Allow"}, "rules": [
                        {"ruleType": "NetworkRule", "name": "ntp", "ipProtocols": ["UDP", "TCP"], "sourceAddresses": ["10.0.0.0/8"],
                         "destinationAddresses": ["168.63.129.16"], "destinationPorts": ["53"]}]}
                ]),
            ),
        ],
    );
    server.list(
        &list_path("Microsoft.Network/bastionHosts"),
        vec![{
            let mut b = plain(
                "rg-hub",
                "bastionHosts",
                "bas-hub",
                json!({"ipConfigurations": [{"name": "ip", "properties": {
                    "subnet": {"id": subnet_id("rg-hub", "vnet-hub", "AzureBastionSubnet")},
                    "publicIPAddress": {"id": net("rg-hub", "publicIPAddresses", "pip-bastion")}}}]}),
            );
            b["sku"] = json!({"name": "Standard"});
            b
        }],
    );
    server.list(
        &format!("/subscriptions/{SUB}/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworkGateways"),
        vec![plain(
            "rg-hub",
            "virtualNetworkGateways",
            "vpng-hub",
            json!({"gatewayType": "Vpn", "vpnType": "RouteBased", "sku": {"name": "VpnGw2AZ", "tier": "VpnGw2AZ"},
                   "activeActive": false, "enableBgp": true, "bgpSettings": {"asn": 65515},
                   "ipConfigurations": [{"name": "default", "properties": {
                       "subnet": {"id": subnet_id("rg-hub", "vnet-hub", "GatewaySubnet")},
                       "publicIPAddress": {"id": net("rg-hub", "publicIPAddresses", "pip-vpngw")}}}]}),
        )],
    );
    let aks_id = format!(
        "{}/providers/Microsoft.ContainerService/managedClusters/aks-prod",
        rg_id("rg-spoke1")
    );
    let nodes = subnet_id("rg-spoke1", "vnet-spoke1", "snet-nodes");
    server.list(
        &list_path("Microsoft.ContainerService/managedClusters"),
        vec![json!({
            "id": aks_id,
            "name": "aks-prod",
            "type": "Microsoft.ContainerService/ManagedClusters",
            "location": "westeurope",
            "sku": {"name": "Base", "tier": "Standard"},
            "identity": {"type": "SystemAssigned"},
            "properties": {
                "kubernetesVersion": "1.33",
                "nodeResourceGroup": NODE_RG,
                "networkProfile": {
                    "networkPlugin": "azure", "networkPluginMode": "overlay", "networkPolicy": "cilium",
                    "networkDataplane": "cilium", "outboundType": "userDefinedRouting",
                    "podCidr": "100.64.0.0/16", "serviceCidr": "172.16.0.0/16", "dnsServiceIP": "172.16.0.10"
                },
                "agentPoolProfiles": [
                    {"name": "system", "mode": "System", "vmSize": "Standard_D4ds_v5", "osType": "Linux",
                     "count": 3, "enableAutoScaling": true, "minCount": 3, "maxCount": 5, "maxPods": 110,
                     "availabilityZones": ["1", "2", "3"], "vnetSubnetID": nodes.to_uppercase(),
                     "upgradeSettings": {"maxSurge": "33%"}},
                    {"name": "user", "mode": "User", "vmSize": "Standard_D8ds_v5", "osType": "Linux",
                     "count": 2, "enableAutoScaling": true, "minCount": 2, "maxCount": 10, "maxPods": 110,
                     "vnetSubnetID": nodes}
                ]
            }
        })],
    );
    let zone_id = format!(
        "{}/providers/Microsoft.Network/privateDnsZones/privatelink.blob.core.windows.net",
        rg_id("rg-hub")
    );
    server.list(
        &list_path("Microsoft.Network/privateDnsZones"),
        vec![json!({"id": zone_id, "name": "privatelink.blob.core.windows.net",
                    "type": "Microsoft.Network/privateDnsZones", "location": "global", "properties": {}})],
    );
    server.list(
        &format!("{zone_id}/virtualNetworkLinks"),
        [("hub", &hub), ("spoke1", &spoke1), ("spoke2", &spoke2)]
            .iter()
            .map(|(n, v)| {
                json!({"id": format!("{zone_id}/virtualNetworkLinks/link-{n}"), "name": format!("link-{n}"),
                       "type": "Microsoft.Network/privateDnsZones/virtualNetworkLinks",
                       "properties": {"virtualNetwork": {"id": v}, "registrationEnabled": false}})
            })
            .collect(),
    );
    let pe_id = net("rg-spoke1", "privateEndpoints", "pe-stprod-blob");
    server.list(
        &list_path("Microsoft.Network/privateEndpoints"),
        vec![plain(
            "rg-spoke1",
            "privateEndpoints",
            "pe-stprod-blob",
            json!({"subnet": {"id": subnet_id("rg-spoke1", "vnet-spoke1", "snet-pe")},
                   "privateLinkServiceConnections": [{"name": "c", "properties": {
                       "privateLinkServiceId": format!("{}/providers/Microsoft.Storage/storageAccounts/stprod", rg_id("rg-spoke1")),
                       "groupIds": ["blob"]}}]}),
        )],
    );
    server.list(
        &format!("{pe_id}/privateDnsZoneGroups"),
        vec![json!({"id": format!("{pe_id}/privateDnsZoneGroups/default"), "name": "default",
                    "properties": {"privateDnsZoneConfigs": [{"name": "blob", "properties": {"privateDnsZoneId": zone_id}}]}})],
    );
}
