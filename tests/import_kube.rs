//! End-to-end tests of `netdraft import json` with saved kubectl output: the
//! cluster named per file with `--kube-cluster NAME=FILE`, the error when it
//! cannot be told, and the help that names the kubectl command.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::{netdraft, text, write};

const NET: &str = "/subscriptions/s1/resourceGroups/rg-aks/providers/Microsoft.Network";

/// Two clusters (`aks-a`, `aks-b`), each on its own VNet.
fn azure() -> String {
    let cluster = |name: &str, n: u8| {
        format!(
            r#"{{"id": "{NET}/virtualNetworks/vnet-{name}", "name": "vnet-{name}", "type": "Microsoft.Network/virtualNetworks",
                "location": "northeurope", "addressSpace": {{"addressPrefixes": ["10.{n}.0.0/16"]}},
                "subnets": [{{"id": "{NET}/virtualNetworks/vnet-{name}/subnets/nodes", "name": "nodes", "addressPrefix": "10.{n}.0.0/22"}}]}},
               {{"id": "/subscriptions/s1/resourceGroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/{name}",
                "name": "{name}", "type": "Microsoft.ContainerService/ManagedClusters", "location": "northeurope",
                "networkProfile": {{"networkPlugin": "azure", "serviceCidr": "172.16.0.0/16", "dnsServiceIp": "172.16.0.10"}},
                "agentPoolProfiles": [{{"name": "np1", "mode": "System", "vmSize": "Standard_D4ds_v5", "count": 2,
                    "vnetSubnetId": "{NET}/virtualNetworks/vnet-{name}/subnets/nodes"}}]}}"#
        )
    };
    format!("[{}, {}]", cluster("aks-a", 1), cluster("aks-b", 2))
}

const ISSUERS: &str = r#"{"apiVersion": "v1", "kind": "List", "metadata": {"resourceVersion": ""}, "items": [
  {"apiVersion": "cert-manager.io/v1", "kind": "ClusterIssuer", "metadata": {"name": "letsencrypt"},
   "spec": {"acme": {"email": "ops@contoso.example", "server": "https://acme-v02.api.letsencrypt.org/directory",
                     "privateKeySecretRef": {"name": "letsencrypt-account-key"},
                     "solvers": [{"http01": {"ingress": {"class": "nginx"}}}]}}},
  {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": "shop"}, "spec": {}}
]}"#;

#[test]
fn kubectl_output_goes_to_the_cluster_named_for_it() {
    let dir = tempfile::tempdir().unwrap();
    let aks = write(dir.path(), "aks.json", &azure());
    let k8s = write(dir.path(), "b.k8s.json", ISSUERS);
    let out_file = dir.path().join("o.netdraft.toml");
    let (aks, k8s, out) = (aks.to_str().unwrap(), k8s.to_str().unwrap(), out_file.to_str().unwrap());

    // Two clusters and nothing in the file says which: exit 2, naming the file and the option.
    let run = netdraft(&["import", "json", aks, k8s, "-o", out]);
    let (_, stderr) = text(&run);
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("b.k8s.json: ") && stderr.contains("--kube-cluster aks-a=") && stderr.contains("`aks-b`"),
        "{stderr}"
    );
    assert!(!out_file.exists());

    let named = format!("aks-b={k8s}");
    let run = netdraft(&["import", "json", aks, k8s, "--kube-cluster", &named, "-o", out]);
    let (stdout, stderr) = text(&run);
    assert_eq!(run.status.code(), Some(0), "{stderr}");
    let toml = std::fs::read_to_string(&out_file).unwrap();
    assert!(
        toml.contains("[cert_issuer.aks-b-letsencrypt]")
            && toml.contains("parent = \"aks-b\"")
            && toml.contains("cluster = \"aks-b\""),
        "{toml}"
    );
    // The Deployment is reported, not dropped.
    assert!(stdout.contains("Deployment/shop/web"), "{stdout}");

    // A file that is not among the files given.
    let run = netdraft(&["import", "json", aks, "--kube-cluster", "aks-b=nope.json", "-o", out]);
    let (_, stderr) = text(&run);
    assert_eq!(run.status.code(), Some(2));
    assert!(stderr.contains("`nope.json` is not one of the files given"), "{stderr}");
}

#[test]
fn the_help_names_the_kubectl_command() {
    for sub in ["json", "azure"] {
        let run = netdraft(&["import", sub, "--help"]);
        // Help is wrapped to the terminal's width: compare with whitespace collapsed.
        let stdout = text(&run).0.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            stdout.contains(
                "kubectl get clusterissuers,issuers,gateways,httproutes,backendtlspolicies,services -A -o json"
            ) && stdout.contains("--kube-cluster"),
            "{sub}: {stdout}"
        );
    }
}
