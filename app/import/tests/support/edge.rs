//! The public edge of the hub-and-spoke estate, the generic resources list,
//! a large subscription and Resource Graph rows.

use serde_json::{Value, json};

use super::fixture::{net, plain, rg_id, subnet, subnet_id, vnet};
use super::{AFD, AFD_WAF, APPGW_FQDN, ILB_IP, NODE_RG, SUB, Server, list_path};

/// The public edge of the first spoke: Front Door Premium (WAF in Prevention)
/// → App Gateway (WAF_v2) by its public IP's FQDN → the internal LoadBalancer
/// service of `aks-prod` (frontend of `kubernetes-internal` in the node
/// resource group), which API Management (Standard v2, VNet-integrated) calls too.
#[allow(clippy::too_many_lines)]
pub(super) fn edge(server: &Server) {
    let nodes = subnet_id("rg-spoke1", "vnet-spoke1", "snet-nodes");
    let lb = net(NODE_RG, "loadBalancers", "kubernetes-internal");
    let fe = format!("{lb}/frontendIPConfigurations/a3f9c1d2e4b5f60718293a4b5c6d7e8f");
    server.list(
        &list_path("Microsoft.Network/loadBalancers"),
        vec![{
            let mut l = plain(
                NODE_RG,
                "loadBalancers",
                "kubernetes-internal",
                json!({
                    "frontendIPConfigurations": [{"id": fe, "name": "a3f9c1d2e4b5f60718293a4b5c6d7e8f", "properties": {
                        "privateIPAddress": ILB_IP, "privateIPAllocationMethod": "Static", "subnet": {"id": nodes}}}],
                    "backendAddressPools": [{"id": format!("{lb}/backendAddressPools/kubernetes"), "name": "kubernetes"}],
                    "loadBalancingRules": [{"name": "a3f9c1d2e4b5f60718293a4b5c6d7e8f-TCP-80", "properties": {
                        "frontendIPConfiguration": {"id": fe}, "frontendPort": 80, "backendPort": 80, "protocol": "Tcp",
                        "backendAddressPool": {"id": format!("{lb}/backendAddressPools/kubernetes")}}}]
                }),
            );
            l["sku"] = json!({"name": "Standard", "tier": "Regional"});
            l["tags"] = json!({"aks-managed-cluster-name": "aks-prod"});
            l
        }],
    );
    let agw = net("rg-spoke1", "applicationGateways", "agw-prod");
    server.list(
        &list_path("Microsoft.Network/applicationGateways"),
        vec![plain(
            "rg-spoke1",
            "applicationGateways",
            "agw-prod",
            json!({
                "sku": {"name": "WAF_v2", "tier": "WAF_v2"},
                "autoscaleConfiguration": {"minCapacity": 2, "maxCapacity": 10},
                "gatewayIPConfigurations": [{"name": "appGatewayIpConfig", "properties": {
                    "subnet": {"id": subnet_id("rg-spoke1", "vnet-spoke1", "snet-appgw")}}}],
                "frontendIPConfigurations": [{"id": format!("{agw}/frontendIPConfigurations/public"), "name": "public",
                    "properties": {"publicIPAddress": {"id": net("rg-spoke1", "publicIPAddresses", "pip-appgw")}}}],
                "backendAddressPools": [
                    {"name": "pool-web", "properties": {"backendAddresses": [{"ipAddress": ILB_IP}]}},
                    {"name": "pool-legacy", "properties": {"backendAddresses": [{"fqdn": "legacy.contoso.example"}]}}],
                "webApplicationFirewallConfiguration": {"enabled": true, "firewallMode": "Prevention",
                    "ruleSetType": "OWASP", "ruleSetVersion": "3.2"}
            }),
        )],
    );
    let apim = format!(
        "{}/providers/Microsoft.ApiManagement/service/apim-prod",
        rg_id("rg-spoke1")
    );
    server.list(
        &list_path("Microsoft.ApiManagement/service"),
        vec![json!({
            "id": apim, "name": "apim-prod", "type": "Microsoft.ApiManagement/service", "location": "westeurope",
            "sku": {"name": "StandardV2", "capacity": 1},
            "properties": {
                "publisherName": "Contoso", "publisherEmail": "api@contoso.example",
                "gatewayUrl": "https://apim-prod.azure-api.net",
                "hostnameConfigurations": [{"type": "Proxy", "hostName": "apim-prod.azure-api.net", "defaultSslBinding": true}],
                "virtualNetworkType": "External",
                "virtualNetworkConfiguration": {"subnetResourceId": subnet_id("rg-spoke1", "vnet-spoke1", "snet-apim")}
            }
        })],
    );
    server.list(
        &format!("{apim}/backends"),
        vec![
            json!({"id": format!("{apim}/backends/orders"), "name": "orders", "type": "Microsoft.ApiManagement/service/backends",
                   "properties": {"url": format!("http://{ILB_IP}/orders"), "protocol": "http", "title": "Orders service"}}),
            json!({"id": format!("{apim}/backends/partner"), "name": "partner", "type": "Microsoft.ApiManagement/service/backends",
                   "properties": {"url": "https://api.partner.example/v1", "protocol": "http"}}),
        ],
    );
    // Front Door Premium: one origin group to the App Gateway's public IP FQDN,
    // one origin outside the import, a WAF security policy (Prevention).
    server.list(
        &list_path("Microsoft.Cdn/profiles"),
        vec![
            json!({"id": AFD, "name": "afd-prod", "type": "Microsoft.Cdn/profiles", "location": "Global",
                    "kind": "frontdoor", "sku": {"name": "Premium_AzureFrontDoor"},
                    "properties": {"originResponseTimeoutSeconds": 60, "provisioningState": "Succeeded"}}),
        ],
    );
    let og = format!("{AFD}/originGroups/og-web");
    server.list(
        &format!("{AFD}/originGroups"),
        vec![json!({"id": og, "name": "og-web", "type": "Microsoft.Cdn/profiles/origingroups",
                    "properties": {"loadBalancingSettings": {"sampleSize": 4, "successfulSamplesRequired": 3, "additionalLatencyInMilliseconds": 50},
                                   "healthProbeSettings": {"probePath": "/healthz", "probeRequestType": "HEAD", "probeProtocol": "Https", "probeIntervalInSeconds": 100},
                                   "sessionAffinityState": "Disabled"}})],
    );
    let origin = |name: &str, host: &str, priority: u32| {
        json!({"id": format!("{og}/origins/{name}"), "name": name, "type": "Microsoft.Cdn/profiles/origingroups/origins",
               "properties": {"hostName": host, "httpPort": 80, "httpsPort": 443, "originHostHeader": "www.contoso.example",
                              "priority": priority, "weight": 1000, "enabledState": "Enabled", "enforceCertificateNameCheck": true}})
    };
    server.list(
        &format!("{og}/origins"),
        vec![
            origin("agw-prod", APPGW_FQDN, 1),
            origin("legacy-web", "legacy-web.azurewebsites.net", 2),
        ],
    );
    server.list(
        &format!("{AFD}/securityPolicies"),
        vec![json!({"id": format!("{AFD}/securityPolicies/sp-waf"), "name": "sp-waf", "type": "Microsoft.Cdn/profiles/securitypolicies",
                    "properties": {"parameters": {"type": "WebApplicationFirewall", "wafPolicy": {"id": AFD_WAF},
                        "associations": [{"domains": [{"id": format!("{AFD}/afdEndpoints/ep-web")}], "patternsToMatch": ["/*"]}]}}})],
    );
    server.object(
        AFD_WAF,
        json!({"id": AFD_WAF, "name": "wafprod", "type": "Microsoft.Network/frontdoorwebapplicationfirewallpolicies",
               "location": "Global", "sku": {"name": "Premium_AzureFrontDoor"},
               "properties": {"policySettings": {"enabledState": "Enabled", "mode": "Prevention", "requestBodyCheck": "Enabled"},
                              "managedRules": {"managedRuleSets": [{"ruleSetType": "Microsoft_DefaultRuleSet", "ruleSetVersion": "2.1", "ruleSetAction": "Block"}]},
                              "provisioningState": "Succeeded"}}),
    );
}

/// The generic resources list of the subscription (`GET …/resources`, no
/// properties): some of the resources served above, and resources of types
/// netdraft does not import (an App Service, its plan, a VM scale set).
pub fn resource_inventory(server: &Server) {
    let item = |rg: &str, provider: &str, kind: &str, name: &str| {
        json!({"id": format!("{}/providers/{provider}/{kind}/{name}", rg_id(rg)), "name": name,
               "type": format!("{provider}/{kind}"), "location": "westeurope"})
    };
    server.list(
        &format!("/subscriptions/{SUB}/resources"),
        vec![
            item("rg-hub", "Microsoft.Network", "virtualNetworks", "vnet-hub"),
            item("rg-spoke1", "Microsoft.Web", "sites", "app-orders"),
            item("rg-spoke1", "Microsoft.Web", "serverFarms", "plan-orders"),
            item("rg-spoke1", "Microsoft.Web", "sites", "app-billing"),
            item(
                NODE_RG,
                "Microsoft.Compute",
                "virtualMachineScaleSets",
                "aks-system-12345678-vmss",
            ),
        ],
    );
}

/// A subscription of about `n` resources: VNets with three subnets and an NSG each.
pub fn many(server: &Server, n: usize) {
    let vnets = n / 5;
    let mut vs = Vec::with_capacity(vnets);
    let mut nsgs = Vec::with_capacity(vnets);
    for i in 0..vnets {
        let (a, b) = (i / 64, (i % 64) * 4);
        let name = format!("vnet-{i:05}");
        let rg = format!("rg-{:03}", i / 100);
        let nsg = net(&rg, "networkSecurityGroups", &format!("nsg-{i:05}"));
        let subnets = (0..3)
            .map(|k| {
                subnet(
                    &rg,
                    &name,
                    &format!("snet-{k}"),
                    &format!("10.{a}.{}.0/24", b + k),
                    &json!({"networkSecurityGroup": {"id": nsg}}),
                )
            })
            .collect();
        vs.push(vnet(&rg, &name, &format!("10.{a}.{b}.0/22"), subnets, vec![]));
        nsgs.push(plain(
            &rg,
            "networkSecurityGroups",
            &format!("nsg-{i:05}"),
            json!({"securityRules": []}),
        ));
    }
    server.list(&list_path("Microsoft.Network/virtualNetworks"), vs);
    server.list(&list_path("Microsoft.Network/networkSecurityGroups"), nsgs);
}

/// Resource Graph rows (`az graph query` objectArray shape: `type` lower-cased,
/// `resourceGroup` and `subscriptionId` columns, `properties` nested) for the
/// types with no subscription-scope list: the hub's VPN and ExpressRoute
/// gateways and an App Gateway for Containers in the first spoke, whose
/// association is served as a child list.
pub fn graph_rows(server: &Server) {
    let row = |rg: &str, provider: &str, kind: &str, name: &str, props: Value| {
        json!({
            "id": format!("{}/providers/{provider}/{kind}/{name}", rg_id(rg)),
            "name": name,
            "type": format!("{provider}/{kind}").to_ascii_lowercase(),
            "location": "westeurope",
            "resourceGroup": rg,
            "subscriptionId": SUB,
            "sku": null,
            "zones": null,
            "properties": props
        })
    };
    let gateway_ip = |pip: &str| {
        json!([{"name": "default", "properties": {
            "privateIPAllocationMethod": "Dynamic",
            "subnet": {"id": subnet_id("rg-hub", "vnet-hub", "GatewaySubnet")},
            "publicIPAddress": {"id": net("rg-hub", "publicIPAddresses", pip)}}}])
    };
    let agc = format!(
        "{}/providers/Microsoft.ServiceNetworking/trafficControllers/agc-prod",
        rg_id("rg-spoke1")
    );
    server.graph(vec![
        row(
            "rg-hub",
            "Microsoft.Network",
            "virtualNetworkGateways",
            "vpng-hub",
            json!({"gatewayType": "Vpn", "vpnType": "RouteBased", "sku": {"name": "VpnGw2AZ", "tier": "VpnGw2AZ", "capacity": 2},
                   "activeActive": false, "enableBgp": true, "bgpSettings": {"asn": 65515, "peerWeight": 0},
                   "ipConfigurations": gateway_ip("pip-vpngw"), "provisioningState": "Succeeded"}),
        ),
        row(
            "rg-hub",
            "Microsoft.Network",
            "virtualNetworkGateways",
            "ergw-hub",
            json!({"gatewayType": "ExpressRoute", "sku": {"name": "ErGw1AZ", "tier": "ErGw1AZ"},
                   "ipConfigurations": gateway_ip("pip-ergw"), "provisioningState": "Succeeded"}),
        ),
        row(
            "rg-spoke1",
            "Microsoft.ServiceNetworking",
            "trafficControllers",
            "agc-prod",
            json!({"configurationEndpoints": ["f3a1c2d4e5b6.alb.azure.com"],
                   "frontends": [{"id": format!("{agc}/frontends/fe-web")}],
                   "associations": [{"id": format!("{agc}/associations/as-prod")}],
                   "provisioningState": "Succeeded"}),
        ),
    ]);
    server.list(
        &format!("{agc}/associations"),
        vec![json!({"id": format!("{agc}/associations/as-prod"), "name": "as-prod",
                    "type": "Microsoft.ServiceNetworking/trafficControllers/associations", "location": "westeurope",
                    "properties": {"associationType": "subnets",
                                   "subnet": {"id": subnet_id("rg-spoke1", "vnet-spoke1", "snet-pe")},
                                   "provisioningState": "Succeeded"}})],
    );
}
