//! The federated identity credential of the corpus and the ALB controller
//! link it can make (a module of `corpus.rs`, using its helpers).

use netdraft_core::model::{AksCluster, AppGatewayForContainers, IngressChoice};
use netdraft_import::{Imported, import_json};
use serde_json::{Value, json};

use super::{corpus, not_modelled, skip_reason};

/// The federated identity credential of the REST spec example, read with
/// its identity (glue, not from the corpus: the identity, its
/// Configuration Manager grant on an App Gateway for Containers' group, the
/// gateway in its subnet and a cluster whose OIDC issuer is the example's).
/// The example's subject is a workload's service account, not the ALB
/// controller's: it links nothing and is reported. With the controller's
/// subject it links the gateway to that cluster.
#[test]
fn a_federated_credential_links_a_gateway_only_for_the_alb_controller() {
    const SUB: &str = "c267c0e7-0a73-4789-9e17-d26aeb0904e5";
    let rg = format!("/subscriptions/{SUB}/resourceGroups/rgName");
    let principal = "9d8c1f0e-3b2a-4c5d-8e7f-1a2b3c4d5e6f";
    let vnet = format!("{rg}/providers/Microsoft.Network/virtualNetworks/vnet-alb");
    let agc = format!("{rg}/providers/Microsoft.ServiceNetworking/trafficControllers/agc-alb");
    let kubelet = format!(
        "/subscriptions/{SUB}/resourceGroups/MC_rgName_aks-alb_eastus/providers/Microsoft.ManagedIdentity/userAssignedIdentities/aks-alb-agentpool"
    );
    let glue = json!([
        {"id": kubelet, "name": "aks-alb-agentpool", "type": "Microsoft.ManagedIdentity/userAssignedIdentities",
         "location": "eastus", "properties": {"principalId": "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"}},
        {"id": format!("{rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/identityName"),
         "name": "identityName", "type": "Microsoft.ManagedIdentity/userAssignedIdentities", "location": "eastus",
         "properties": {"principalId": principal, "clientId": "5e4d3c2b-1a09-4f8e-9d7c-6b5a49382716",
                        "tenantId": "72f988bf-86f1-41af-91ab-2d7cd011db47"}},
        {"id": format!("{rg}/providers/Microsoft.Authorization/roleAssignments/3f2e1d0c-9b8a-4766-8554-433221100ffe"),
         "name": "3f2e1d0c-9b8a-4766-8554-433221100ffe", "type": "Microsoft.Authorization/roleAssignments",
         "properties": {"roleDefinitionId": format!("/subscriptions/{SUB}/providers/Microsoft.Authorization/roleDefinitions/fbc52c3f-28ad-4303-a892-8a056630b8f1"),
                        "principalId": principal, "principalType": "ServicePrincipal", "scope": rg}},
        {"id": vnet, "name": "vnet-alb", "type": "Microsoft.Network/virtualNetworks", "location": "eastus",
         "properties": {"addressSpace": {"addressPrefixes": ["10.70.0.0/16"]},
                        "subnets": [{"id": format!("{vnet}/subnets/snet-agc"), "name": "snet-agc",
                                     "properties": {"addressPrefix": "10.70.4.0/24"}},
                                    {"id": format!("{vnet}/subnets/snet-nodes"), "name": "snet-nodes",
                                     "properties": {"addressPrefix": "10.70.0.0/22"}}]}},
        {"id": agc, "name": "agc-alb", "type": "Microsoft.ServiceNetworking/trafficControllers", "location": "eastus",
         "properties": {}},
        {"id": format!("{agc}/associations/as-alb"), "name": "as-alb",
         "type": "Microsoft.ServiceNetworking/trafficControllers/associations", "location": "eastus",
         "properties": {"associationType": "subnets", "subnet": {"id": format!("{vnet}/subnets/snet-agc")}}},
        {"id": format!("{rg}/providers/Microsoft.ContainerService/managedClusters/aks-alb"), "name": "aks-alb",
         "type": "Microsoft.ContainerService/managedClusters", "location": "eastus",
         "properties": {"dnsPrefix": "aks-alb", "nodeResourceGroup": "MC_rgName_aks-alb_eastus",
                        "oidcIssuerProfile": {"enabled": true, "issuerURL": "https://oidc.prod-aks.azure.com/TenantGUID/IssuerGUID"},
                        "identityProfile": {"kubeletidentity": {"resourceId": kubelet}},
                        "agentPoolProfiles": [{"name": "system", "mode": "System", "count": 2, "vmSize": "Standard_D4ds_v5",
                                               "vnetSubnetID": format!("{vnet}/subnets/snet-nodes")}]}},
    ]);
    let import = |credential: String| {
        import_json(&[
            ("federated-credential.json".into(), credential),
            ("glue.json".into(), glue.to_string()),
        ])
        .unwrap()
    };

    // As in the example: a workload's credential, not the controller's.
    let Imported { design: d, report: r } = import(corpus("federated-credential.json"));
    let md = r.to_markdown();
    let (_, a) = d.all::<AppGatewayForContainers>().next().expect(&md);
    assert!(a.cluster.is_none(), "{md}");
    assert!(
        md.contains("has no federated credential for the ALB controller's service account"),
        "{md}"
    );
    assert!(skip_reason(&r, "/ficResourceName").contains("federated identity credential"));
    assert!(skip_reason(&r, "/identityName").contains("does not model"));
    // The kubelet identity AKS made is the cluster's, said so, not skipped.
    assert!(
        md.contains("Identity `aks-alb-agentpool` is the `kubeletidentity` identity of AKS cluster `aks-alb`"),
        "{md}"
    );

    // The same credential for the controller's service account links the gateway.
    let mut body: Value = serde_json::from_str(&corpus("federated-credential.json")).unwrap();
    body["properties"]["subject"] = json!("system:serviceaccount:azure-alb-system:alb-controller-sa");
    let Imported { design: d, report: r } = import(body.to_string());
    let md = r.to_markdown();
    let (_, a) = d.all::<AppGatewayForContainers>().next().expect(&md);
    let cluster = a.cluster.as_ref().expect(&md);
    assert_eq!(d.get(cluster.as_str()).unwrap().name(), "aks-alb");
    assert_eq!(
        d.spec::<AksCluster>(cluster.as_str()).unwrap().ingress,
        IngressChoice::AppGatewayForContainers
    );
    // Issuer, subject and audiences are read: nothing of the credential left unlisted.
    assert!(not_modelled(&r, "ficResourceName").is_empty(), "{md}");
    assert!(
        r.skipped
            .iter()
            .all(|s| !s.source.contains("ficResourceName") && !s.source.contains("identityName")),
        "{md}"
    );
    assert!(
        md.contains("Identity `identityName` is the ALB controller's of AKS cluster `aks-alb`"),
        "{md}"
    );
}
