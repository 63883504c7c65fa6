//! Offline import of saved `az … -o json` output, mixed kinds in one call.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use netdraft_core::model::{Kind, NetworkModel, VnetRole};
use netdraft_core::{lint, plan};
use netdraft_import::{ImportError, import_json};
use serde_json::json;

const S: &str = "/subscriptions/s1/resourceGroups/rg-net/providers/Microsoft.Network";

/// `az network vnet list -o json`: properties flattened to the top level.
fn vnet_list() -> String {
    json!([
        {"id": format!("{S}/virtualNetworks/vnet-hub"), "name": "vnet-hub", "type": "Microsoft.Network/virtualNetworks",
         "location": "northeurope", "resourceGroup": "rg-net",
         "addressSpace": {"addressPrefixes": ["10.10.0.0/22"]},
         "subnets": [
            {"id": format!("{S}/virtualNetworks/vnet-hub/subnets/AzureFirewallSubnet"), "name": "AzureFirewallSubnet", "addressPrefix": "10.10.0.0/26"},
            {"id": format!("{S}/virtualNetworks/vnet-hub/subnets/GatewaySubnet"), "name": "GatewaySubnet", "addressPrefix": "10.10.0.64/27"}],
         "virtualNetworkPeerings": [
            {"name": "hub-to-aks", "remoteVirtualNetwork": {"id": format!("{S}/virtualNetworks/vnet-aks")}, "allowGatewayTransit": true, "allowForwardedTraffic": true}]},
        {"id": format!("{S}/virtualNetworks/vnet-aks"), "name": "vnet-aks", "type": "Microsoft.Network/virtualNetworks",
         "location": "northeurope", "addressSpace": {"addressPrefixes": ["10.20.0.0/16"]},
         "subnets": [{"id": format!("{S}/virtualNetworks/vnet-aks/subnets/nodes"), "name": "nodes", "addressPrefix": "10.20.0.0/22"}],
         "virtualNetworkPeerings": [
            {"name": "aks-to-hub", "remoteVirtualNetwork": {"id": format!("{S}/virtualNetworks/vnet-hub")}, "allowForwardedTraffic": true}]}
    ])
    .to_string()
}

/// `az aks list -o json`: camel-case keys with `vnetSubnetId` (not `ID`).
fn aks_list() -> String {
    json!([{
        "id": "/subscriptions/s1/resourcegroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/aks1",
        "name": "aks1", "type": "Microsoft.ContainerService/ManagedClusters", "location": "northeurope",
        "networkProfile": {"networkPlugin": "azure", "networkPluginMode": null, "serviceCidr": "172.16.0.0/16", "dnsServiceIp": "172.16.0.10"},
        "agentPoolProfiles": [{"name": "np1", "mode": "System", "vmSize": "Standard_D4ds_v5", "count": 3,
            "maxPods": 30, "vnetSubnetId": format!("{S}/virtualNetworks/VNET-AKS/subnets/nodes")}]
    }])
    .to_string()
}

/// `az network firewall list -o json`.
fn firewall_list() -> String {
    json!([{
        "id": format!("{S}/azureFirewalls/afw"), "name": "afw", "type": "Microsoft.Network/azureFirewalls", "location": "northeurope",
        "sku": {"name": "AZFW_VNet", "tier": "Premium"},
        "ipConfigurations": [{"name": "c", "privateIPAddress": "10.10.0.4", "subnet": {"id": format!("{S}/virtualNetworks/vnet-hub/subnets/AzureFirewallSubnet")}}]
    }])
    .to_string()
}

/// `az graph query -q "Resources | …"`: an object with `data`, type lower-cased.
fn graph() -> String {
    json!({"count": 2, "data": [
        {"id": format!("{S}/routeTables/rt-aks"), "name": "rt-aks", "type": "microsoft.network/routetables", "location": "northeurope",
         "properties": {"routes": [{"name": "default", "properties": {"addressPrefix": "0.0.0.0/0", "nextHopType": "VirtualAppliance", "nextHopIpAddress": "10.10.0.4"}}]}},
        {"id": "/subscriptions/s1/resourceGroups/rg-net/providers/Microsoft.Compute/virtualMachines/vm1", "name": "vm1", "type": "microsoft.compute/virtualmachines", "location": "northeurope", "properties": {}}
    ], "skip_token": null, "total_records": 2})
    .to_string()
}

/// `az group export`: names as ARM expressions.
fn template() -> String {
    json!({
        "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
        "contentVersion": "1.0.0.0",
        "parameters": {"virtualNetworks_vnet_tpl_name": {"defaultValue": "vnet-tpl", "type": "String"}},
        "resources": [
            {"type": "Microsoft.Network/virtualNetworks", "apiVersion": "2024-05-01", "name": "[parameters('virtualNetworks_vnet_tpl_name')]",
             "location": "northeurope", "properties": {"addressSpace": {"addressPrefixes": ["10.30.0.0/24"]}}},
            {"type": "Microsoft.Network/virtualNetworks/subnets", "apiVersion": "2024-05-01",
             "name": "[concat(parameters('virtualNetworks_vnet_tpl_name'), '/default')]", "properties": {"addressPrefix": "10.30.0.0/26"}},
            {"type": "Microsoft.Network/networkSecurityGroups", "apiVersion": "2024-05-01", "name": "[format('nsg-{0}', uniqueString(resourceGroup().id))]",
             "location": "northeurope", "properties": {}}
        ]
    })
    .to_string()
}

#[test]
fn mixed_az_outputs_import_into_one_design() {
    let files = vec![
        ("vnets.json".to_owned(), vnet_list()),
        ("aks.json".to_owned(), aks_list()),
        ("fw.json".to_owned(), firewall_list()),
        ("graph.json".to_owned(), graph()),
        ("rg-tpl.json".to_owned(), template()),
    ];
    let imported = import_json(&files).unwrap();
    let d = &imported.design;
    let md = imported.report.to_markdown();
    assert_eq!(
        d.spec::<netdraft_core::model::VirtualNetwork>("vnet-hub").unwrap().role,
        VnetRole::Hub
    );
    assert_eq!(
        d.spec::<netdraft_core::model::VirtualNetwork>("vnet-aks").unwrap().role,
        VnetRole::Spoke
    );
    assert_eq!(
        d.get("aks1-np1").unwrap().meta.parent.as_ref().unwrap().as_str(),
        "vnet-aks-nodes"
    );
    assert_eq!(
        d.spec::<netdraft_core::model::AksCluster>("aks1")
            .unwrap()
            .network_model,
        NetworkModel::AzureCni
    );
    assert_eq!(
        d.get("afw").unwrap().meta.parent.as_ref().unwrap().as_str(),
        "vnet-hub-azurefirewallsubnet"
    );
    let rt = d.spec::<netdraft_core::model::RouteTable>("rt-aks").unwrap();
    assert_eq!(rt.routes[0].next_hop_resource.as_ref().unwrap().as_str(), "afw");
    assert_eq!(d.of_kind(Kind::VnetPeering).count(), 1);
    // Template: the parameter default became the name; the unevaluable one was reported.
    assert!(d.get("vnet-tpl-default").is_some(), "{md}");
    assert!(
        imported
            .report
            .skipped
            .iter()
            .any(|s| s.reason.contains("ARM expression")),
        "{md}"
    );
    // Unknown types reported by type.
    assert!(md.contains("microsoft.compute/virtualmachines"), "{md}");
    let p = plan::plan(d);
    assert!(!p.has_errors(), "{:#?}", p.issues);
    let errors: Vec<_> = lint::lint(d, &p)
        .into_iter()
        .filter(netdraft_core::lint::Finding::is_blocking)
        .map(|f| f.message)
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn az_resource_list_without_properties_is_reported_not_guessed() {
    let list = json!([{"id": format!("{S}/virtualNetworks/v"), "name": "v", "type": "Microsoft.Network/virtualNetworks", "location": "westeurope"}]);
    let imported = import_json(&[("resources.json".into(), list.to_string())]).unwrap();
    assert_eq!(imported.design.of_kind(Kind::VirtualNetwork).count(), 0);
    assert!(imported.report.skipped[0].reason.contains("az network vnet list"));
    assert_eq!(imported.report.sources, ["resources.json: a list of 1 resource"]);
    let md = imported.report.to_markdown();
    assert!(
        md.contains("2 resources imported, 1 skipped, 0 calls or files failed"),
        "{md}"
    );
}

#[test]
fn unrecognised_files_are_clear_errors() {
    let e = import_json(&[("notes.json".into(), r#"{"hello": 1}"#.into())]).unwrap_err();
    assert!(matches!(e, ImportError::Shape { .. }));
    let msg = e.to_string();
    assert!(
        msg.starts_with("notes.json:") && msg.contains("hello") && msg.contains("az graph query"),
        "{msg}"
    );
    let e = import_json(&[("broken.json".into(), "[{\"id\": ".into())])
        .unwrap_err()
        .to_string();
    assert!(e.starts_with("broken.json:1:"), "{e}");
    let e = import_json(&[("n.json".into(), "42".into())]).unwrap_err().to_string();
    assert!(e.contains("a JSON number"), "{e}");
}

#[test]
fn app_gateway_backend_addresses_not_resolved_are_reported() {
    let vnet = json!({"id": format!("{S}/virtualNetworks/vnet-agw"), "name": "vnet-agw", "type": "Microsoft.Network/virtualNetworks",
        "location": "westeurope", "properties": {"addressSpace": {"addressPrefixes": ["10.60.0.0/24"]},
        "subnets": [{"name": "snet-agw", "properties": {"addressPrefix": "10.60.0.0/26"}}]}});
    let agw = json!({"id": format!("{S}/applicationGateways/agw-web"), "name": "agw-web", "type": "Microsoft.Network/applicationGateways",
        "location": "westeurope", "properties": {
            "sku": {"name": "WAF_v2", "tier": "WAF_v2"}, "autoscaleConfiguration": {"minCapacity": 2, "maxCapacity": 10},
            "gatewayIPConfigurations": [{"name": "gw", "properties": {"subnet": {"id": format!("{S}/virtualNetworks/vnet-agw/subnets/snet-agw")}}}],
            "backendAddressPools": [
                {"name": "pool-aks", "properties": {"backendAddresses": [{"ipAddress": "10.1.0.100"}]}},
                {"name": "pool-vms", "properties": {"backendIPConfigurations": [{"id": "/subscriptions/s1/resourceGroups/rg-net/providers/Microsoft.Network/networkInterfaces/vm1-nic/ipConfigurations/ipconfig1"}]}},
                {"name": "pool-empty", "properties": {"backendAddresses": []}}]}});
    let imported = import_json(&[("agw.json".into(), json!([vnet, agw]).to_string())]).unwrap();
    let g = imported
        .design
        .spec::<netdraft_core::model::AppGateway>("agw-web")
        .unwrap();
    assert!(g.backends.is_empty());
    let skipped: Vec<(&str, &str)> = imported
        .report
        .skipped
        .iter()
        .filter(|s| s.kind.starts_with("Application Gateway backend"))
        .map(|s| (s.kind.as_str(), s.source.as_str()))
        .collect();
    assert_eq!(
        skipped,
        [
            (
                "Application Gateway backend address",
                format!("{S}/applicationGateways/agw-web/backendAddressPools/pool-aks/10.1.0.100").as_str()
            ),
            (
                "Application Gateway backend pool",
                format!("{S}/applicationGateways/agw-web/backendAddressPools/pool-vms").as_str()
            ),
        ]
    );
}

/// An AKS cluster's internal service behind a Private Link Service AKS made,
/// an App Gateway in front of the service, API Management in front of the
/// gateway, and Front Door Premium reaching the PLS over a shared private link
/// and API Management by its gateway host.
#[test]
#[allow(clippy::too_many_lines)]
fn private_link_origins_services_and_gateways_resolve_across_kinds() {
    use netdraft_core::model::{ApiManagement, AppGateway, FrontDoor, K8sService, PrivateLinkService, WafMode};
    let rg = "/subscriptions/s1/resourceGroups/rg-app";
    let mc = "/subscriptions/s1/resourceGroups/MC_rg-app_aks1_westeurope";
    let snet = |n: &str| format!("{rg}/providers/Microsoft.Network/virtualNetworks/vnet-app/subnets/{n}");
    let fe = format!("{mc}/providers/Microsoft.Network/loadBalancers/kubernetes-internal/frontendIPConfigurations/a1");
    let pls = format!("{mc}/providers/Microsoft.Network/privateLinkServices/pls-web");
    let apim = format!("{rg}/providers/Microsoft.ApiManagement/service/apim-app");
    let afd = format!("{rg}/providers/Microsoft.Cdn/profiles/afd-app");
    let og = format!("{afd}/originGroups/og");
    let waf = |n: &str| format!("{rg}/providers/Microsoft.Network/FrontDoorWebApplicationFirewallPolicies/{n}");
    let objects = json!([
        {"id": format!("{rg}/providers/Microsoft.Network/virtualNetworks/vnet-app"), "name": "vnet-app",
         "type": "Microsoft.Network/virtualNetworks", "location": "westeurope",
         "properties": {"addressSpace": {"addressPrefixes": ["10.1.0.0/16"]}, "subnets": [
            {"name": "snet-nodes", "properties": {"addressPrefix": "10.1.0.0/22"}},
            {"name": "snet-pls", "properties": {"addressPrefix": "10.1.8.0/28", "privateLinkServiceNetworkPolicies": "Disabled"}},
            {"name": "snet-agw", "properties": {"addressPrefix": "10.1.4.0/24"}}]}},
        {"id": format!("{rg}/providers/Microsoft.ContainerService/managedClusters/aks1"), "name": "aks1",
         "type": "Microsoft.ContainerService/managedClusters", "location": "westeurope",
         "properties": {"nodeResourceGroup": "MC_rg-app_aks1_westeurope",
            "networkProfile": {"networkPlugin": "azure", "networkPluginMode": "overlay", "podCidr": "100.64.0.0/16"},
            "agentPoolProfiles": [{"name": "sys", "mode": "System", "count": 3, "vnetSubnetID": snet("snet-nodes")}]}},
        {"id": format!("{mc}/providers/Microsoft.Network/loadBalancers/kubernetes-internal"), "name": "kubernetes-internal",
         "type": "Microsoft.Network/loadBalancers", "location": "westeurope",
         "properties": {"frontendIPConfigurations": [{"id": fe, "name": "a1", "properties": {
            "privateIPAddress": "10.1.0.100", "subnet": {"id": snet("snet-nodes")}}}],
            "loadBalancingRules": [
                {"name": "a1-TCP-443", "properties": {"frontendIPConfiguration": {"id": fe}, "frontendPort": 443}},
                {"name": "a1-TCP-80", "properties": {"frontendIPConfiguration": {"id": fe}, "frontendPort": 80}}]}},
        {"id": format!("{mc}/providers/Microsoft.Network/loadBalancers/kubernetes"), "name": "kubernetes",
         "type": "Microsoft.Network/loadBalancers", "location": "westeurope", "properties": {}},
        {"id": pls, "name": "pls-web", "type": "Microsoft.Network/privateLinkServices", "location": "westeurope",
         "tags": {"k8s-azure-owner-service": "shop/web", "k8s-azure-cluster-name": "kubernetes"},
         "properties": {"loadBalancerFrontendIpConfigurations": [{"id": fe}],
            "ipConfigurations": [{"name": "ip1", "properties": {"subnet": {"id": snet("snet-pls")}}}],
            "visibility": {"subscriptions": ["s2"]}}},
        {"id": format!("{rg}/providers/Microsoft.Network/applicationGateways/agw-app"), "name": "agw-app",
         "type": "Microsoft.Network/applicationGateways", "location": "westeurope",
         "properties": {"sku": {"name": "Standard_v2", "tier": "Standard_v2"},
            "gatewayIPConfigurations": [{"name": "gw", "properties": {"subnet": {"id": snet("snet-agw")}}}],
            "frontendIPConfigurations": [{"name": "private", "properties": {"privateIPAddress": "10.1.4.10", "subnet": {"id": snet("snet-agw")}}}],
            "backendAddressPools": [{"name": "web", "properties": {"backendAddresses": [{"ipAddress": "10.1.0.100"}]}}]}},
        {"id": apim, "name": "apim-app", "type": "Microsoft.ApiManagement/service", "location": "westeurope",
         "sku": {"name": "Developer", "capacity": 1},
         "properties": {"gatewayUrl": "https://apim-app.azure-api.net", "virtualNetworkType": "None"}},
        {"id": format!("{apim}/backends/web"), "name": "web", "type": "Microsoft.ApiManagement/service/backends",
         "properties": {"url": "https://10.1.4.10:443/", "protocol": "http"}},
        {"id": format!("{apim}/backends/pool"), "name": "pool", "type": "Microsoft.ApiManagement/service/backends",
         "properties": {"type": "Pool", "pool": {"services": [{"id": format!("{apim}/backends/web")}]}}},
        {"id": afd, "name": "afd-app", "type": "Microsoft.Cdn/profiles", "location": "Global",
         "sku": {"name": "Premium_AzureFrontDoor"}, "properties": {}},
        {"id": og, "name": "og", "type": "Microsoft.Cdn/profiles/originGroups", "properties": {}},
        {"id": format!("{og}/origins/web"), "name": "web", "type": "Microsoft.Cdn/profiles/originGroups/origins",
         "properties": {"hostName": "10.1.0.100", "sharedPrivateLinkResource": {"privateLink": {"id": pls},
            "privateLinkLocation": "westeurope", "requestMessage": "afd", "status": "Approved"}}},
        {"id": format!("{og}/origins/api"), "name": "api", "type": "Microsoft.Cdn/profiles/originGroups/origins",
         "properties": {"hostName": "APIM-APP.azure-api.net."}},
        {"id": format!("{afd}/securityPolicies/a"), "name": "a", "type": "Microsoft.Cdn/profiles/securityPolicies",
         "properties": {"parameters": {"type": "WebApplicationFirewall", "wafPolicy": {"id": waf("wafa")}}}},
        {"id": format!("{afd}/securityPolicies/b"), "name": "b", "type": "Microsoft.Cdn/profiles/securityPolicies",
         "properties": {"parameters": {"type": "WebApplicationFirewall", "wafPolicy": {"id": waf("wafb")}}}},
        {"id": waf("wafa"), "name": "wafa", "type": "Microsoft.Network/FrontDoorWebApplicationFirewallPolicies",
         "properties": {"policySettings": {"enabledState": "Enabled", "mode": "Prevention"}}},
        {"id": waf("wafb"), "name": "wafb", "type": "Microsoft.Network/FrontDoorWebApplicationFirewallPolicies",
         "properties": {"policySettings": {"enabledState": "Enabled", "mode": "Detection"}}},
        {"id": format!("{rg}/providers/Microsoft.Cdn/profiles/cdn-classic"), "name": "cdn-classic",
         "type": "Microsoft.Cdn/profiles", "location": "Global", "sku": {"name": "Standard_Microsoft"}, "properties": {}}
    ]);
    let imported = import_json(&[("edge.json".into(), objects.to_string())]).unwrap();
    let (d, report) = (&imported.design, &imported.report);
    let md = report.to_markdown();

    // The service is named from the tag AKS put on its Private Link Service.
    let svc = d.spec::<K8sService>("aks1-web").expect(&md);
    assert_eq!((svc.namespace.as_str(), svc.ports.as_slice()), ("shop", &[80, 443][..]));
    let p = d.spec::<PrivateLinkService>("pls-web").expect(&md);
    assert_eq!(p.load_balancer.as_ref().unwrap().as_str(), "aks1-web");
    assert_eq!(p.visibility, ["s2"]);
    assert_eq!(
        d.get("pls-web").unwrap().meta.parent.as_ref().unwrap().as_str(),
        "vnet-app-snet-pls"
    );
    assert_eq!(
        d.spec::<AppGateway>("agw-app").unwrap().backends[0].as_str(),
        "aks1-web"
    );
    // API Management → the gateway's private frontend IP; the pool is reported.
    let a = d.spec::<ApiManagement>("apim-app").unwrap();
    assert_eq!(
        a.backends.iter().map(netdraft_core::Id::as_str).collect::<Vec<_>>(),
        ["agw-app"]
    );
    assert!(
        report
            .skipped
            .iter()
            .any(|s| s.source.ends_with("/backends/pool") && s.reason.contains("pool")),
        "{md}"
    );
    // Front Door: the PLS over a shared private link, API Management by host (any case, trailing dot).
    let f = d.spec::<FrontDoor>("afd-app").expect(&md);
    assert_eq!(
        f.origins.iter().map(netdraft_core::Id::as_str).collect::<Vec<_>>(),
        ["apim-app", "pls-web"],
        "in the order of the origins' ids"
    );
    assert!(f.private_link);
    assert_eq!(f.waf_mode, Some(WafMode::Detection));
    assert!(report.notes.iter().any(|n| n.contains("differ in mode")), "{md}");
    // Only Front Door sku names are Front Door; the other load balancer is reported.
    assert!(d.get("cdn-classic").is_none());
    assert!(
        report
            .skipped
            .iter()
            .any(|s| s.source.ends_with("/profiles/cdn-classic")),
        "{md}"
    );
    assert!(
        report
            .skipped
            .iter()
            .any(|s| s.source.ends_with("/loadBalancers/kubernetes") && s.reason.contains("no LoadBalancer service")),
        "{md}"
    );
    // The node resource group is AKS's.
    assert!(d.of_kind(Kind::ResourceGroup).all(|g| !g.name().starts_with("MC_")));
}

/// Rule names stay unique when two groups hold same-named collections with
/// same-named rules; a skipped collection is labelled with its own type.
#[test]
fn firewall_policy_rule_names_are_unique_and_skipped_collections_name_their_type() {
    let p = format!("{S}/firewallPolicies/afwp");
    let rule = |name: &str| {
        json!({"name": name, "ruleType": "NetworkRule", "ipProtocols": ["TCP"], "sourceAddresses": ["10.0.0.0/8"],
               "destinationAddresses": ["10.1.0.4"], "destinationPorts": ["443"]})
    };
    let allow = |name: &str, priority: u32, rules: Vec<serde_json::Value>| {
        json!({"name": name, "priority": priority, "ruleCollectionType": "FirewallPolicyFilterRuleCollection",
               "action": {"type": "Allow"}, "rules": rules})
    };
    let group = |name: &str, priority: u32, collections: Vec<serde_json::Value>| {
        json!({"id": format!("{p}/ruleCollectionGroups/{name}"), "name": name,
               "type": "Microsoft.Network/firewallPolicies/ruleCollectionGroups",
               "properties": {"priority": priority, "ruleCollections": collections}})
    };
    let objects = json!([
        {"id": p, "name": "afwp", "type": "Microsoft.Network/firewallPolicies", "location": "westeurope",
         "properties": {"threatIntelMode": "Alert"}},
        group("g1", 100, vec![allow("web", 100, vec![rule("https")])]),
        group("g2", 200, vec![
            allow("web", 100, vec![rule("https")]),
            json!({"name": "odd", "priority": 300, "ruleCollectionType": "SomethingNew", "rules": [rule("x")]}),
            json!({"name": "dnat", "priority": 400, "ruleCollectionType": "FirewallPolicyNatRuleCollection",
                   "action": {"type": "DNAT"}, "rules": []}),
        ]),
        group("g3", 300, vec![allow("web", 100, vec![rule("https")])]),
        // Azure compares rule names case-insensitively.
        group("g4", 400, vec![allow("other", 100, vec![rule("HTTPS")])]),
    ]);
    let imported = import_json(&[("policy.json".into(), objects.to_string())]).unwrap();
    let md = imported.report.to_markdown();
    let fwp = imported
        .design
        .spec::<netdraft_core::model::FirewallPolicy>("afwp")
        .expect(&md);
    let names: Vec<&str> = fwp.rules.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["https", "web-https", "web-https-2", "other-HTTPS"], "{md}");
    let reason = |at: &str| {
        imported
            .report
            .skipped
            .iter()
            .find(|s| s.source.ends_with(at))
            .map(|s| s.reason.clone())
            .expect(&md)
    };
    let odd = reason("ruleCollections/odd");
    assert!(
        odd.contains("`SomethingNew` collection") && !odd.contains("DNAT"),
        "{odd}"
    );
    assert!(reason("ruleCollections/dnat").contains("(DNAT)"), "{md}");
}

#[test]
fn a_saved_page_with_a_next_link_is_reported_incomplete_and_its_items_imported() {
    let page = json!({"value": [
        {"id": format!("{S}/networkSecurityGroups/nsg-a"), "name": "nsg-a", "type": "Microsoft.Network/networkSecurityGroups",
         "location": "westeurope", "properties": {"securityRules": []}}],
        "nextLink": "https://management.azure.com/subscriptions/s1/providers/Microsoft.Network/networkSecurityGroups?api-version=2024-05-01&$skiptoken=abc"});
    let imported = import_json(&[("nsgs-page1.json".into(), page.to_string())]).unwrap();
    assert_eq!(imported.design.of_kind(Kind::Nsg).count(), 1);
    let f = &imported.report.failures;
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].what, "nsgs-page1.json");
    assert!(
        f[0].message.contains("nextLink") && f[0].message.contains("list continues"),
        "{f:?}"
    );
    assert!(f[0].message.contains("az … list -o json"), "{f:?}");
    assert!(!imported.report.is_complete());

    // A Resource Graph page with a skip token, likewise.
    let graph = json!({"data": [], "skip_token": "ew0KICAic2tpcCI6IDEwMDANCn0="});
    let imported = import_json(&[("graph.json".into(), graph.to_string())]).unwrap();
    assert!(imported.report.failures[0].message.contains("more rows follow"));
    // The last page (no nextLink, or a null one) is complete.
    let last = json!({"value": [], "nextLink": null});
    assert!(
        import_json(&[("last.json".into(), last.to_string())])
            .unwrap()
            .report
            .failures
            .is_empty()
    );
}

#[test]
fn the_same_id_twice_keeps_the_first_and_reports_the_second() {
    let nsg = |rules: u32| {
        json!([{"id": format!("{S}/networkSecurityGroups/nsg-a"), "name": "nsg-a", "type": "Microsoft.Network/networkSecurityGroups",
                "location": "westeurope", "properties": {"securityRules": (0..rules).map(|i| json!({"name": format!("r{i}"),
                "properties": {"priority": 100 + i, "direction": "Inbound", "access": "Allow", "protocol": "Tcp",
                "sourceAddressPrefix": "*", "sourcePortRange": "*", "destinationAddressPrefix": "*", "destinationPortRange": "443"}})).collect::<Vec<_>>()}}])
        .to_string()
    };
    let imported = import_json(&[
        ("old.json".into(), nsg(1)),
        ("new.json".into(), nsg(2)),
        ("copy.json".into(), nsg(1)),
    ])
    .unwrap();
    let r = &imported.report;
    let md = r.to_markdown();
    // The first is imported, as it was: one rule.
    assert_eq!(
        imported
            .design
            .spec::<netdraft_core::model::Nsg>("nsg-a")
            .unwrap()
            .rules
            .len(),
        1
    );
    let dup: Vec<_> = r.skipped.iter().filter(|s| s.reason.contains("same ARM id")).collect();
    assert_eq!(dup.len(), 1, "{md}");
    assert!(
        dup[0].reason.contains("old.json") && dup[0].reason.contains("new.json"),
        "{md}"
    );
    assert!(dup[0].reason.contains("different contents"), "{md}");
    // The identical copy is noted, not skipped.
    assert!(
        r.notes
            .iter()
            .any(|n| n.contains("identical") && n.contains("copy.json")),
        "{md}"
    );
}

/// A WAF_v2 gateway whose WAF policy (read as part of it) has another rule
/// set, driven by a cluster's AGIC add-on, with a multi-site listener; a WAF
/// policy no gateway uses; a cluster with the App Gateway for Containers add-on.
#[test]
#[allow(clippy::too_many_lines, clippy::many_single_char_names)]
fn gateways_take_their_waf_policy_mode_and_clusters_their_ingress_add_on() {
    use netdraft_core::model::{AksCluster, AppGateway, IngressChoice, WafMode};
    let rg = "/subscriptions/s1/resourceGroups/rg-web";
    let snet = |n: &str| format!("{rg}/providers/Microsoft.Network/virtualNetworks/vnet-web/subnets/{n}");
    let waf =
        |n: &str| format!("{rg}/providers/Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies/{n}");
    let agw = format!("{rg}/providers/Microsoft.Network/applicationGateways/agw-web");
    let objects = json!([
        {"id": format!("{rg}/providers/Microsoft.Network/virtualNetworks/vnet-web"), "name": "vnet-web",
         "type": "Microsoft.Network/virtualNetworks", "location": "westeurope",
         "properties": {"addressSpace": {"addressPrefixes": ["10.8.0.0/16"]}, "subnets": [
            {"name": "snet-agw", "properties": {"addressPrefix": "10.8.1.0/24"}},
            {"name": "snet-nodes", "properties": {"addressPrefix": "10.8.4.0/22"}}]}},
        {"id": agw, "name": "agw-web", "type": "Microsoft.Network/applicationGateways", "location": "westeurope",
         "zones": ["1", "2"],
         "properties": {"sku": {"name": "WAF_v2", "tier": "WAF_v2"},
            "autoscaleConfiguration": {"minCapacity": 0, "maxCapacity": 5},
            "gatewayIPConfigurations": [{"name": "gw", "properties": {"subnet": {"id": snet("snet-agw")}}}],
            "sslPolicy": {"policyType": "Predefined", "policyName": "AppGwSslPolicy20220101S"},
            "httpListeners": [{"name": "multi", "properties": {"protocol": "Https",
                "hostNames": ["shop.contoso.example", "www.contoso.example"]}}],
            "firewallPolicy": {"id": waf("waf-web")}}},
        {"id": waf("waf-web"), "name": "waf-web", "type": "Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies",
         "location": "westeurope",
         "properties": {"policySettings": {"state": "Enabled", "mode": "Detection", "fileUploadLimitInMb": 100},
            "managedRules": {"managedRuleSets": [{"ruleSetType": "Microsoft_DefaultRuleSet", "ruleSetVersion": "2.1"}]},
            "customRules": [{"name": "block", "priority": 1}],
            "applicationGateways": [{"id": agw}]}},
        {"id": waf("waf-unused"), "name": "waf-unused", "type": "Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies",
         "location": "westeurope", "properties": {"policySettings": {"state": "Enabled", "mode": "Prevention"}}},
        {"id": format!("{rg}/providers/Microsoft.ContainerService/managedClusters/aks-agic"), "name": "aks-agic",
         "type": "Microsoft.ContainerService/managedClusters", "location": "westeurope",
         "properties": {"networkProfile": {"networkPlugin": "azure"},
            "addonProfiles": {"ingressApplicationGateway": {"enabled": true, "config": {"applicationGatewayId": agw}}},
            "agentPoolProfiles": [{"name": "sys", "mode": "System", "count": 2, "vnetSubnetID": snet("snet-nodes")}]}},
        {"id": format!("{rg}/providers/Microsoft.ContainerService/managedClusters/aks-alb"), "name": "aks-alb",
         "type": "Microsoft.ContainerService/managedClusters", "location": "westeurope",
         "properties": {"networkProfile": {"networkPlugin": "azure", "networkPluginMode": "overlay"},
            "ingressProfile": {"applicationLoadBalancer": {"enabled": true, "identity": {"clientId": "x"}}},
            "agentPoolProfiles": [{"name": "sys", "mode": "System", "count": 2, "vnetSubnetID": snet("snet-nodes")}]}}
    ]);
    let imported = import_json(&[("web.json".into(), objects.to_string())]).unwrap();
    let (d, r) = (&imported.design, &imported.report);
    let md = r.to_markdown();

    let g = d.spec::<AppGateway>("agw-web").expect(&md);
    assert_eq!(g.waf_mode, Some(WafMode::Detection));
    assert_eq!((g.min_capacity, g.max_capacity), (Some(0), Some(5)));
    assert_eq!(g.hostnames, ["shop.contoso.example", "www.contoso.example"]);
    // The AGIC cluster is its backend, and names it.
    assert_eq!(
        g.backends.iter().map(netdraft_core::Id::as_str).collect::<Vec<_>>(),
        ["aks-agic"]
    );
    let agic = d.spec::<AksCluster>("aks-agic").expect(&md);
    assert_eq!(
        (agic.ingress, agic.app_gateway.as_ref().map(netdraft_core::Id::as_str)),
        (IngressChoice::Agic, Some("agw-web"))
    );
    let alb = d.spec::<AksCluster>("aks-alb").expect(&md);
    assert_eq!(alb.ingress, IngressChoice::AppGatewayForContainers);

    // The policy's own rule set is kept as it is (the export writes it), its
    // other settings are not modelled; the pinned TLS policy is the estate's,
    // so nothing is said of it.
    assert_eq!(
        g.waf_rule_sets,
        [netdraft_core::model::WafRuleSet {
            kind: "Microsoft_DefaultRuleSet".into(),
            version: "2.1".into()
        }]
    );
    assert!(
        !r.changed
            .iter()
            .any(|c| c.field == "managedRules" || c.field == "sslPolicy"),
        "{md}"
    );
    let unread = |name: &str| -> Vec<String> {
        r.not_modelled
            .iter()
            .filter(|n| n.name == name)
            .flat_map(|n| n.paths.clone())
            .collect()
    };
    let p = unread("waf-web");
    assert!(
        p.contains(&"customRules".to_owned()) && p.contains(&"policySettings.fileUploadLimitInMb".to_owned()),
        "{p:?}"
    );
    let p = unread("agw-web");
    assert!(
        p.contains(&"zones".to_owned()) && p.contains(&"httpListeners[].protocol".to_owned()),
        "{p:?}"
    );
    assert!(
        !p.iter()
            .any(|x| x.starts_with("firewallPolicy") || x.starts_with("httpListeners[].hostNames")),
        "{p:?}"
    );
    // The unused policy is skipped with its reason; no design resource is a WAF policy.
    let why = &r
        .skipped
        .iter()
        .find(|s| s.source.ends_with("/waf-unused"))
        .expect(&md)
        .reason;
    assert!(why.contains("no imported Application Gateway uses"), "{why}");
    // Kubernetes-side objects are said not to be imported.
    assert!(md.contains("cert-manager issuers"), "{md}");
}
