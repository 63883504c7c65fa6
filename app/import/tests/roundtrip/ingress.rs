//! Round trips of the ingress family: Application Gateways and App Gateway
//! for Containers (a module of `roundtrip.rs`, using its harness).

use super::{Format, Kind, Sim, export, import, plan, round_trip_exactly};

#[test]
fn app_gateways_and_app_gateways_for_containers_round_trip() {
    // A private Standard_v2 gateway with host names and no backend, a
    // public WAF gateway in Detection with its own capacities, an AGIC
    // cluster's gateway, and an App Gateway for Containers with two frontends.
    let text = r#"format = 1
name = "ingress"

[region.weu]
name = "westeurope"
location = "westeurope"

[resource_group.rg]
name = "rg-ingress"
parent = "weu"

[vnet.v]
name = "vnet-ingress"
parent = "weu"
resource_group = "rg"
address_space = ["10.70.0.0/16"]

[subnet.agw1]
name = "snet-agw-private"
parent = "v"
prefix = "10.70.1.0/24"

[subnet.agw2]
name = "snet-agw-public"
parent = "v"
prefix = "10.70.2.0/24"

[subnet.agc]
name = "snet-agc"
parent = "v"
prefix = "10.70.3.0/24"
delegation = "Microsoft.ServiceNetworking/trafficControllers"

[subnet.nodes]
name = "snet-nodes"
parent = "v"
prefix = "10.70.8.0/22"

[aks.c]
name = "aks-ingress"
parent = "weu"
resource_group = "rg"
network_model = "azure"
ingress = "agic"
app_gateway = "public"

[node_pool.sys]
name = "system"
parent = "nodes"
cluster = "c"
mode = "System"
vm_size = "Standard_D4ds_v5"
count = 2

[app_gateway.private]
name = "agw-private"
parent = "agw1"
resource_group = "rg"
sku = "Standard_v2"
min_capacity = 0
max_capacity = 3
private_ip = "10.70.1.10"
public_frontend = false
hostnames = ["api.contoso.example", "admin.contoso.example"]
tls_policy = "AppGwSslPolicy20170401S"

[app_gateway.public]
name = "agw-public"
parent = "agw2"
resource_group = "rg"
waf_mode = "Detection"
waf_rule_sets = [{ type = "Microsoft_DefaultRuleSet", version = "2.1" }, { type = "Microsoft_BotManagerRuleSet", version = "1.1" }]
min_capacity = 1
max_capacity = 4
private_ip = "10.70.2.10"
backends = ["c"]
hostnames = ["shop.contoso.example"]

[app_gateway_for_containers.a]
name = "agc-ingress"
parent = "agc"
resource_group = "rg"
frontends = ["fe-api", "fe-web"]
"#;
    let d = netdraft_core::file::parse(text, "ingress").unwrap().design;
    round_trip_exactly("ingress", &d);
    // The gateway's own TLS policy is exported as it is, the other's pinned.
    let tf = &export(&d, Format::Terraform, Some(5))["ingress.tf"];
    assert!(
        tf.contains("\"AppGwSslPolicy20170401S\"") && tf.contains("\"AppGwSslPolicy20220101S\""),
        "{tf}"
    );
    let bicep = &export(&d, Format::Bicep, None)["main.bicep"];
    assert!(bicep.contains("'AppGwSslPolicy20170401S'"), "{bicep}");
    // The AGIC add-on names the gateway; the gateway's public IP is its frontend, not a design public IP.
    let p = plan::plan(&d);
    let imported = import(Sim::new(&d, &p).run());
    assert_eq!(imported.design.of_kind(Kind::PublicIp).count(), 0);
    let md = imported.report.to_markdown();
    assert!(md.contains("`pip-agw-public` is a frontend of `agw-public`"), "{md}");
    // Azure alone: the report says what the cluster holds and the command that saves it.
    assert!(
        md.contains("cert-manager issuers") && md.contains(netdraft_import::kube::KUBECTL_COMMAND),
        "{md}"
    );
}
