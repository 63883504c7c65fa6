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
fn app_gateway_backend_pools_not_resolved_are_reported() {
    let vnet = json!({"id": format!("{S}/virtualNetworks/vnet-agw"), "name": "vnet-agw", "type": "Microsoft.Network/virtualNetworks",
        "location": "westeurope", "properties": {"addressSpace": {"addressPrefixes": ["10.60.0.0/24"]},
        "subnets": [{"name": "snet-agw", "properties": {"addressPrefix": "10.60.0.0/26"}}]}});
    let agw = json!({"id": format!("{S}/applicationGateways/agw-web"), "name": "agw-web", "type": "Microsoft.Network/applicationGateways",
        "location": "westeurope", "properties": {
            "sku": {"name": "WAF_v2", "tier": "WAF_v2"}, "autoscaleConfiguration": {"minCapacity": 2, "maxCapacity": 10},
            "gatewayIPConfigurations": [{"name": "gw", "properties": {"subnet": {"id": format!("{S}/virtualNetworks/vnet-agw/subnets/snet-agw")}}}],
            "backendAddressPools": [
                {"name": "pool-aks", "properties": {"backendAddresses": [{"ipAddress": "10.1.0.100"}]}},
                {"name": "pool-empty", "properties": {"backendAddresses": []}}]}});
    let imported = import_json(&[("agw.json".into(), json!([vnet, agw]).to_string())]).unwrap();
    assert!(imported.design.get("agw-web").is_some());
    let pools: Vec<&str> = imported
        .report
        .skipped
        .iter()
        .filter(|s| s.kind == "Application Gateway backend pool")
        .map(|s| s.source.as_str())
        .collect();
    assert_eq!(
        pools,
        [format!("{S}/applicationGateways/agw-web/backendAddressPools/pool-aks")]
    );
}
