//! The table of lint cases: per rule, a clean starter design and the text
//! edits that break it (read by `tests.rs`).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::tests::{Case, case};

fn many(n: usize, f: impl Fn(usize) -> String) -> String {
    (0..n).map(f).collect()
}

const GW: &str = "name = \"GatewaySubnet\"\nparent = \"hub\"\nprefix = \"10.200.0.64/27\"";
const BASTION: &str = "name = \"AzureBastionSubnet\"\nparent = \"hub\"\nprefix = \"10.200.0.128/26\"";
const KUBENET_END: &str = "identity = \"user-assigned\"\n\n[aks.overlay]";
const APPGW: &str = "[app_gateway.appgw]\nname = \"agw-shop-weu\"";
const AKS_ZONE: &str = "zone = \"privatelink.westeurope.azmk8s.io\"";

#[allow(clippy::too_many_lines, reason = "one row per rule, read as a table")]
pub(super) fn cases() -> Vec<Case> {
    let mut v = vec![
        case(
            "ND190",
            "baseline",
            &[(
                "[[decision]]",
                "[[accept]]\nrule = \"ND999\"\nreason = \"typo\"\n\n[[decision]]",
            )],
        ),
        // Planner overlaps.
        case(
            "ND001",
            "baseline",
            &[("prefix = \"10.240.4.32/28\"", "prefix = \"10.240.4.16/28\"")],
        ),
        case(
            "ND002",
            "baseline",
            &[(
                "address_space = [\"10.200.0.0/24\"]",
                "address_space = [\"10.240.0.0/24\"]",
            )],
        ),
        case(
            "ND003",
            "baseline",
            &[(
                "address_ranges = [\"192.168.0.0/16\"]",
                "address_ranges = [\"10.240.0.0/16\"]",
            )],
        ),
        case(
            "ND004",
            "baseline",
            &[("pod_cidr = \"10.244.0.0/16\"", "pod_cidr = \"10.240.0.0/16\"")],
        ),
        case(
            "ND005",
            "baseline",
            &[(
                "service_cidr = \"172.16.0.0/16\"\ndns_service_ip = \"172.16.0.10\"",
                "service_cidr = \"10.240.0.0/16\"\ndns_service_ip = \"10.240.0.10\"",
            )],
        ),
        case(
            "ND006",
            "baseline",
            &[(
                "service_cidr = \"172.16.0.0/16\"\ndns_service_ip = \"172.16.0.10\"",
                "service_cidr = \"10.244.0.0/16\"\ndns_service_ip = \"10.244.0.10\"",
            )],
        ),
        case(
            "ND007",
            "baseline",
            &[("pod_cidr = \"10.244.0.0/16\"", "pod_cidr = \"172.30.0.0/16\"")],
        ),
        // Planner issues.
        case(
            "ND010",
            "baseline",
            &[("prefix = \"10.240.0.0/22\"", "prefix = \"10.240.0.0/28\"")],
        ),
        case(
            "ND011",
            "baseline",
            &[("prefix = \"10.200.0.128/26\"", "prefix = \"10.200.0.128/27\"")],
        ),
        case(
            "ND012",
            "baseline",
            &[("prefix = \"10.240.5.0/24\"", "prefix = \"10.240.5.0/27\"")],
        ),
        case(
            "ND013",
            "baseline",
            &[("prefix = \"10.240.4.32/28\"", "prefix = \"10.241.4.32/28\"")],
        ),
        case("ND014", "baseline", &[("size = 26", "size = 16")]),
        case(
            "ND015",
            "agic",
            &[("max_count = 10\nmax_pods = 30", "max_count = 900\nmax_pods = 250")],
        ),
        case(
            "ND016",
            "baseline",
            &[("service_cidr = \"172.16.0.0/16\"", "service_cidr = \"172.16.0.0/12\"")],
        ),
        case(
            "ND017",
            "baseline",
            &[("dns_service_ip = \"172.16.0.10\"", "dns_service_ip = \"172.17.0.10\"")],
        ),
        case(
            "ND018",
            "baseline",
            &[("dns_service_ip = \"172.16.0.10\"", "dns_service_ip = \"172.16.0.1\"")],
        ),
        case(
            "ND019",
            "baseline",
            &[("pod_cidr = \"10.244.0.0/16\"", "pod_cidr = \"10.244.0.0/24\"")],
        ),
        case("ND020", "kubenet", &[("max_count = 10", "max_count = 500")]),
        case("ND021", "agc", &[("max_count = 6", "max_count = 5000")]),
        case("ND022", "agic", &[("max_pods = 30", "max_pods = 300")]),
        case("ND023", "agc", &[("max_count = 6", "max_count = 1000")]),
        // Subnets.
        case(
            "ND030",
            "baseline",
            &[("name = \"GatewaySubnet\"", "name = \"Gatewaysubnet\"")],
        ),
        case(
            "ND031",
            "baseline",
            &[("name = \"AzureBastionSubnet\"", "name = \"snet-bastion\"")],
        ),
        case("ND032", "baseline", &[(GW, &format!("{GW}\nnsg = \"nsg-nodes\""))]),
        case(
            "ND033",
            "baseline",
            &[(GW, &format!("{GW}\nroute_table = \"rt-spoke\""))],
        ),
        case(
            "ND034",
            "baseline",
            &[(GW, &format!("{GW}\nroute_table = \"rt-spoke\""))],
        ),
        case(
            "ND035",
            "baseline",
            &[(
                GW,
                &format!("{GW}\nnat_gateway = \"ng\"\n\n[nat_gateway.ng]\nname = \"ng-hub\"\nparent = \"hub\""),
            )],
        ),
        case(
            "ND036",
            "baseline",
            &[(BASTION, &format!("{BASTION}\nroute_table = \"rt-spoke\""))],
        ),
        case(
            "ND037",
            "baseline",
            &[(
                BASTION,
                &format!("{BASTION}\ndelegation = \"Microsoft.Web/serverFarms\""),
            )],
        ),
        case(
            "ND038",
            "agc",
            &[(
                "prefix = \"10.50.4.0/24\"\ndelegation = \"Microsoft.ServiceNetworking/trafficControllers\"",
                "prefix = \"10.50.4.0/24\"",
            )],
        ),
        case(
            "ND039",
            "kubenet",
            &[(
                "prefix = \"10.30.0.0/24\"",
                "prefix = \"10.30.0.0/24\"\ndelegation = \"Microsoft.Web/serverFarms\"",
            )],
        ),
        case(
            "ND040",
            "baseline",
            &[(
                "name = \"pe-acraksbaselineweu\"\nparent = \"endpoints\"",
                "name = \"pe-acraksbaselineweu\"\nparent = \"hub-bastion\"",
            )],
        ),
        case(
            "ND041",
            "fd",
            &[(
                "prefix = \"10.70.4.0/28\"\nprivate_link_service_network_policies = false",
                "prefix = \"10.70.4.0/28\"",
            )],
        ),
        case(
            "ND043",
            "apim",
            &[(
                "prefix = \"10.10.2.0/24\"\nnsg = \"nsg-apim\"",
                "prefix = \"10.10.2.0/24\"",
            )],
        ),
        case(
            "ND044",
            "agic",
            &[
                ("network_model = \"azure\"", "network_model = \"azure-pod-subnet\""),
                ("max_pods = 30\nzones", "max_pods = 30\npod_subnet = \"aks\"\nzones"),
            ],
        ),
        case(
            "ND045",
            "baseline",
            &[(
                "[subnet.hub-gw]",
                "[subnet.hub-fwm]\nname = \"AzureFirewallManagementSubnet\"\nparent = \"hub\"\nprefix = \"10.200.0.192/26\"\nroute_table = \"rt-spoke\"\n\n[subnet.hub-gw]",
            )],
        ),
        case(
            "ND046",
            "kubenet",
            &[(
                "address_space = [\"10.20.0.0/16\"]",
                "address_space = [\"20.20.0.0/16\"]",
            )],
        ),
        // Egress.
        case(
            "ND050",
            "baseline",
            &[(
                "prefix = \"10.240.0.0/22\"\nnsg = \"nsg-nodes\"\nroute_table = \"rt-spoke\"",
                "prefix = \"10.240.0.0/22\"\nnsg = \"nsg-nodes\"",
            )],
        ),
        case(
            "ND051",
            "baseline",
            &[(
                "next_hop = \"VirtualAppliance\"\nnext_hop_resource = \"afw\"",
                "next_hop = \"Internet\"",
            )],
        ),
        case(
            "ND052",
            "fd",
            &[(
                "outbound_type = \"userAssignedNATGateway\"",
                "outbound_type = \"managedNATGateway\"",
            )],
        ),
        case("ND053", "fd", &[("nat_gateway = \"nat-neu\"\n", "")]),
        case(
            "ND054",
            "fd",
            &[("nat_gateway = \"nat-weu\"", "nat_gateway = \"nat-neu\"")],
        ),
        case(
            "ND055",
            "baseline",
            &[("public_ip_count = 20", "tier = \"Basic\"\npublic_ip_count = 20")],
        ),
        case("ND056", "baseline", &[("public_ip_count = 20\n", "")]),
        case(
            "ND057",
            "kubenet",
            &[(
                "network_model = \"kubenet\"",
                "network_model = \"kubenet\"\noutbound_type = \"none\"",
            )],
        ),
        case(
            "ND058",
            "fd",
            &[(
                "resource_group = \"rg-neu\"\nsku = \"StandardV2\"",
                "resource_group = \"rg-neu\"",
            )],
        ),
        case(
            "ND059",
            "fd",
            &[(
                "resource_group = \"rg-neu\"\nsku = \"StandardV2\"",
                "resource_group = \"rg-neu\"\nsku = \"StandardV2\"\nprefix_length = 27",
            )],
        ),
        case(
            "ND060",
            "fd",
            &[(
                "public_ips = [\"pip-nat-neu\"]",
                "public_ips = [\"pip-nat-neu\"]\nidle_timeout_minutes = 200",
            )],
        ),
        case(
            "ND061",
            "fd",
            &[(
                "public_ips = [\"pip-nat-neu\"]",
                "public_ips = [\"pip-nat-neu\"]\nzones = [\"1\"]",
            )],
        ),
        case(
            "ND062",
            "baseline",
            &[(
                "[firewall_policy.afwp]",
                "[firewall.afw2]\nname = \"afw-second\"\nparent = \"hub-fw\"\n\n[firewall_policy.afwp]",
            )],
        ),
        case(
            "ND063",
            "baseline",
            &[
                ("dns_proxy = true\n", ""),
                ("kind = \"application\"", "kind = \"network\""),
            ],
        ),
        case("ND064", "baseline", &[("next_hop_resource = \"afw\"\n", "")]),
        // Ingress.
        case("ND070", "agic", &[(APPGW, &format!("{APPGW}\nsku = \"WAF\""))]),
        case("ND071", "agic", &[(APPGW, &format!("{APPGW}\nsku = \"Basic\""))]),
        case("ND072", "agic", &[("app_gateway = \"appgw\"\n", "")]),
        case(
            "ND073",
            "agc",
            &[("network_model = \"overlay\"", "network_model = \"kubenet\"")],
        ),
        case("ND074", "agc", &[("workload_identity = true\n", "")]),
        case(
            "ND085",
            "agic",
            &[(
                "app_gateway = \"appgw\"\n",
                "app_gateway = \"appgw\"\nagic_mode = \"helm\"\n",
            )],
        ),
        case("ND086", "agic", &[("hostnames = [\"shop.contoso.example\"]\n", "")]),
        case(
            "ND087",
            "agic",
            &[("ingress_class = \"azure/application-gateway\"", "solver = \"dns01\"")],
        ),
        case(
            "ND088",
            "agic",
            &[(
                "ingress_class = \"azure/application-gateway\"",
                "solver = \"dns01\"\ndns_zone = \"contoso.example\"\ndns_zone_resource_group = \"rg-dns\"",
            )],
        ),
        case("ND109", "baseline", &[("mode = \"System\"\n", "")]),
        case(
            "ND110",
            "baseline",
            &[(
                "network_model = \"overlay\"\ndata_plane = \"cilium\"",
                "network_model = \"overlay\"\ndata_plane = \"cilium\"\nazure_policy = false\nupgrade_channel = \"none\"",
            )],
        ),
        case("ND075", "agc", &[("cluster = \"cluster\"\nfrontends", "frontends")]),
        case(
            "ND076",
            "kubenet",
            &[(
                KUBENET_END,
                "identity = \"user-assigned\"\ningress = \"nginx-internal\"\n\n[aks.overlay]",
            )],
        ),
        case(
            "ND077",
            "kubenet",
            &[("app = \"orders\"", "app = \"orders\"\ninternal = false")],
        ),
        case(
            "ND078",
            "agic",
            &[("name = \"npuser\"", "name = \"npuser\"\nmode = \"System\"")],
        ),
        case("ND079", "agic", &[(APPGW, &format!("{APPGW}\nsku = \"Standard_v2\""))]),
        case("ND080", "apim", &[("sku = \"Developer\"", "sku = \"Basic\"")]),
        case(
            "ND081",
            "agic",
            &[(
                "[node_pool.system]",
                "[aks.cluster2]\nname = \"aks-two\"\nparent = \"vnet\"\nnetwork_model = \"overlay\"\ningress = \"agic\"\napp_gateway = \"appgw\"\n\n[node_pool.system]",
            )],
        ),
        case(
            "ND082",
            "fd",
            &[("network_model = \"overlay\"", "network_model = \"azure-static-block\"")],
        ),
        case(
            "ND083",
            "fd",
            &[
                ("network_model = \"overlay\"", "network_model = \"azure-pod-subnet\""),
                (
                    "cluster = \"aks-neu\"\nmode = \"System\"",
                    "cluster = \"aks-neu\"\nmode = \"System\"\npod_subnet = \"neu-pls\"",
                ),
                ("app = \"web\"", "app = \"web\"\nexternal_traffic_policy = \"Local\""),
            ],
        ),
        case(
            "ND084",
            "kubenet",
            &[
                (
                    KUBENET_END,
                    "identity = \"user-assigned\"\ningress = \"agic\"\napp_gateway = \"agw\"\n\n[aks.overlay]",
                ),
                (
                    "[subnet.overlay-nodes]",
                    "[subnet.agw-subnet]\nname = \"snet-agw\"\nparent = \"vnet-kubenet\"\nprefix = \"10.20.1.0/24\"\n\n[app_gateway.agw]\nname = \"agw-kubenet\"\nparent = \"agw-subnet\"\n\n[subnet.overlay-nodes]",
                ),
            ],
        ),
        // AKS.
        case(
            "ND090",
            "agc",
            &[(
                "network_model = \"overlay\"\ndata_plane = \"cilium\"\nnetwork_policy = \"cilium\"",
                "network_model = \"kubenet\"",
            )],
        ),
        case(
            "ND091",
            "kubenet",
            &[(
                "parent = \"overlay-nodes\"\ncluster = \"overlay\"",
                "parent = \"kubenet-nodes\"\ncluster = \"overlay\"",
            )],
        ),
        case(
            "ND092",
            "kubenet",
            &[("name = \"npuser\"", "name = \"npuser\"\nos = \"Windows\"")],
        ),
        case(
            "ND093",
            "kubenet",
            &[("network_policy = \"calico\"", "network_policy = \"azure\"")],
        ),
        case(
            "ND094",
            "agic",
            &[("network_policy = \"calico\"", "network_policy = \"azure\"")],
        ),
        case(
            "ND095",
            "agc",
            &[("name = \"npapps\"", "name = \"npapps\"\nos = \"Windows\"")],
        ),
        case(
            "ND096",
            "agc",
            &[("network_model = \"overlay\"", "network_model = \"none\"")],
        ),
        case(
            "ND097",
            "agic",
            &[("count = 3\nmax_pods = 30", "count = 2\nmax_pods = 10")],
        ),
        case(
            "ND098",
            "agic",
            &[(
                "network_model = \"azure\"",
                "sku_tier = \"Free\"\nnetwork_model = \"azure\"",
            )],
        ),
        case(
            "ND101",
            "kubenet",
            &[(
                "name = \"snet-overlay-nodes\"",
                &format!("name = \"snet-{}\"", "o".repeat(64)),
            )],
        ),
        case(
            "ND102",
            "agic",
            &[("network_model = \"azure\"", "network_model = \"azure-pod-subnet\"")],
        ),
        case(
            "ND103",
            "agic",
            &[(
                "network_policy = \"calico\"",
                "network_policy = \"calico\"\npod_cidr = \"10.244.0.0/16\"",
            )],
        ),
        case("ND104", "kubenet", &[("identity = \"user-assigned\"\n", "")]),
        case(
            "ND105",
            "kubenet",
            &[
                ("network_model = \"overlay\"", "network_model = \"kubenet\""),
                (
                    "nsg = \"nsg-overlay\"",
                    "nsg = \"nsg-overlay\"\nroute_table = \"rt-kubenet\"",
                ),
            ],
        ),
        case(
            "ND106",
            "agc",
            &[("pod_cidr = \"10.244.0.0/16\"", "pod_cidr = \"44.0.0.0/16\"")],
        ),
        case(
            "ND107",
            "baseline",
            &[(
                "name = \"snet-cluster-apiserver\"\nparent = \"spoke\"\nprefix = \"10.240.4.16/28\"",
                "name = \"snet-cluster-apiserver\"\nparent = \"hub\"\nprefix = \"10.200.0.192/28\"",
            )],
        ),
        case(
            "ND108",
            "agic",
            &[
                ("network_policy = \"calico\"", "network_policy = \"azure\""),
                ("max_count = 10", "max_count = 300"),
            ],
        ),
        // DNS.
        case("ND120", "baseline", &[("dns_zone = \"zone-acr\"\n", "")]),
        case(
            "ND065",
            "baseline",
            &[(
                "outbound_type = \"userDefinedRouting\"",
                "outbound_type = \"loadBalancer\"",
            )],
        ),
        case("ND126", "baseline", &[("dns_servers = [\"10.200.0.4\"]\n", "")]),
        // Traffic flows (the route engine's pass).
        case(
            "ND142",
            "baseline",
            &[(
                "delegation = \"Microsoft.ContainerService/managedClusters\"",
                "delegation = \"Microsoft.ContainerService/managedClusters\"\nroute_table = \"rt-spoke\"",
            )],
        ),
        case(
            "ND143",
            "baseline",
            &[(
                "next_hop = \"VirtualAppliance\"\nnext_hop_resource = \"afw\"",
                "next_hop = \"VirtualNetworkGateway\"",
            )],
        ),
        case("ND144", "baseline", &[("aks_egress_for = [\"cluster\"]\n", "")]),
        case(
            "ND145",
            "baseline",
            &[(
                "next_hop_resource = \"afw\"",
                "next_hop_resource = \"afw\"\n\n[[route_table.rt-spoke.routes]]\nname = \"endpoints-via-firewall\"\nprefix = \"10.240.4.32/28\"\nnext_hop = \"VirtualAppliance\"\nnext_hop_resource = \"afw\"",
            )],
        ),
        case(
            "ND127",
            "baseline",
            &[("dns_servers = [\"10.200.0.4\"]", "dns_servers = [\"10.99.0.4\"]")],
        ),
        case(
            "ND191",
            "baseline",
            &[("name = \"nsg-cluster-ingress\"", "name = \"NSG-Private-Endpoints\"")],
        ),
        case(
            "ND121",
            "baseline",
            &[("links = [\"hub\", \"spoke\"]", "links = [\"spoke\"]")],
        ),
        case("ND122", "baseline", &[("private_dns_zone = \"zone-aks\"\n", "")]),
        case(
            "ND123",
            "baseline",
            &[(
                &format!("{AKS_ZONE}\nlinks = [\"hub\", \"spoke\"]"),
                &format!("{AKS_ZONE}\nlinks = [\"spoke\"]"),
            )],
        ),
        case(
            "ND124",
            "baseline",
            &[(AKS_ZONE, "zone = \"privatelink.northeurope.azmk8s.io\"")],
        ),
        case("ND125", "baseline", &[("private_cluster = true\n", "")]),
        // Peering.
        case(
            "ND130",
            "baseline",
            &[("from = \"hub\"\nto = \"spoke\"", "from = \"spoke\"\nto = \"hub\"")],
        ),
        case("ND131", "baseline", &[("allow_gateway_transit = true\n", "")]),
        case(
            "ND132",
            "baseline",
            &[("from = \"hub\"\nto = \"spoke\"", "from = \"spoke\"\nto = \"hub\"")],
        ),
        case(
            "ND133",
            "baseline",
            &[(
                "[on_prem.dc]",
                "[peering.dup]\nname = \"peer-dup\"\nfrom = \"hub\"\nto = \"spoke\"\nallow_gateway_transit = true\nuse_remote_gateways = true\n\n[on_prem.dc]",
            )],
        ),
        case(
            "ND134",
            "baseline",
            &[(
                "[bastion.bas]",
                "[vpn_gateway.vpng-two]\nname = \"vpng-two\"\nparent = \"hub-gw\"\nsku = \"VpnGw1\"\n\n[bastion.bas]",
            )],
        ),
        case(
            "ND135",
            "baseline",
            &[(
                "[on_prem.dc]",
                "[peering.dup]\nname = \"peer-dup\"\nfrom = \"spoke\"\nto = \"hub\"\n\n[on_prem.dc]",
            )],
        ),
        case(
            "ND136",
            "fd",
            &[(
                "[aks.aks-neu]",
                "[peering.x]\nname = \"peer-x\"\nfrom = \"vnet-weu\"\nto = \"vnet-neu\"\nallow_gateway_transit = true\nuse_remote_gateways = true\n\n[aks.aks-neu]",
            )],
        ),
    ];
    // Cases whose edits are generated.
    let routes = many(401, |i| {
        format!(
            "\n[[route_table.rt-spoke.routes]]\nname = \"r{i}\"\nprefix = \"10.{}.{}.0/24\"\nnext_hop = \"VnetLocal\"\n",
            100 + i / 256,
            i % 256
        )
    });
    v.push(Case {
        rule: "ND042",
        base: "baseline",
        edits: vec![(
            "next_hop_resource = \"afw\"\n".to_owned(),
            format!("next_hop_resource = \"afw\"\n{routes}"),
        )],
    });
    let pools = many(101, |i| {
        format!(
            "[node_pool.extra{i}]\nname = \"np{i}\"\nparent = \"overlay-nodes\"\ncluster = \"overlay\"\nvm_size = \"Standard_D2ds_v5\"\ncount = 1\n\n"
        )
    });
    v.push(Case {
        rule: "ND099",
        base: "kubenet",
        edits: vec![(
            "[route_table.rt-kubenet]".to_owned(),
            format!("{pools}[route_table.rt-kubenet]"),
        )],
    });
    let services = many(301, |i| {
        format!("\n[k8s_service.svc{i}]\nname = \"svc{i}\"\ncluster = \"overlay\"\nports = [443]\n")
    });
    let mut text = String::from("app = \"orders\"\n");
    text.push_str(&services);
    v.push(Case {
        rule: "ND100",
        base: "kubenet",
        edits: vec![(
            "[nsg.nsg-kubenet]".to_owned(),
            format!("{}[nsg.nsg-kubenet]", services.trim_start()),
        )],
    });
    let _ = text;
    // NSG rules (the baseline's application-gateway NSG).
    v.push(case(
        "ND138",
        "baseline",
        &[(
            "name = \"allow-azure-load-balancer\"\npriority = 120",
            "name = \"allow-azure-load-balancer\"\npriority = 65535",
        )],
    ));
    v.push(case(
        "ND139",
        "baseline",
        &[(
            "name = \"allow-https-inbound\"\npriority = 110",
            "name = \"allow-https-inbound\"\npriority = 100",
        )],
    ));
    v.push(case(
        "ND140",
        "baseline",
        &[(
            "destination_ports = \"65200-65535\"",
            "destination_ports = \"65535-65200\"",
        )],
    ));
    v.push(case(
        "ND141",
        "baseline",
        &[("source = \"Internet\"", "source = \"10.0.0.0/33\"")],
    ));
    let dns = (1..=21)
        .map(|i| format!("\"10.200.0.{i}\""))
        .collect::<Vec<_>>()
        .join(", ");
    v.extend(super::gap_cases::new_rule_cases());
    v.extend(super::vwan_cases::cases());
    v.push(Case {
        rule: "ND137",
        base: "baseline",
        edits: vec![(
            "dns_servers = [\"10.200.0.4\"]".to_owned(),
            format!("dns_servers = [{dns}]"),
        )],
    });
    v
}
