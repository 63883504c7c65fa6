//! Firing cases of the rules that fill gaps of the coverage table
//! (docs/coverage.md), for the case table of `tests.rs`.

use super::tests::{Case, case};

/// Cases of the rules that fill gaps of the coverage table (docs/coverage.md).
pub(super) fn new_rule_cases() -> Vec<Case> {
    let static_block = [
        ("network_model = \"overlay\"", "network_model = \"azure-static-block\""),
        (
            "max_pods = 30\nmax_surge",
            "max_pods = 31\npod_subnet = \"build\"\nmax_surge",
        ),
    ];
    let dynamic = "[aks.dyn]\nname = \"aks-dyn\"\nparent = \"spoke\"\nnetwork_model = \"azure-pod-subnet\"\n\n\
        [node_pool.dyn-pool]\nname = \"npdyn\"\nparent = \"nodes\"\ncluster = \"dyn\"\nmode = \"System\"\n\
        vm_size = \"Standard_D4ds_v5\"\ncount = 2\npod_subnet = \"build\"\n\n[node_pool.system]";
    vec![
        case(
            "ND047",
            "baseline",
            &[(
                "[subnet.hub-fw]",
                "[subnet.hub-rs]\nname = \"RouteServerSubnet\"\nparent = \"hub\"\nprefix = \"10.200.0.192/26\"\nnsg = \"nsg-agw\"\n\n[subnet.hub-fw]",
            )],
        ),
        case(
            "ND048",
            "baseline",
            &[("prefix = \"10.240.4.32/28\"", "prefix = \"10.240.4.32/30\"")],
        ),
        case(
            "ND066",
            "fd",
            &[(
                "resource_group = \"rg-neu\"\nsku = \"StandardV2\"",
                "resource_group = \"rg-neu\"\nsku = \"Basic\"",
            )],
        ),
        case(
            "ND067",
            "baseline",
            &[(
                "outbound_type = \"userDefinedRouting\"",
                "outbound_type = \"userDefinedRouting\"\nload_balancer_sku = \"basic\"",
            )],
        ),
        case(
            "ND068",
            "baseline",
            &[(
                "outbound_type = \"userDefinedRouting\"",
                "outbound_type = \"userDefinedRouting\"\nmanaged_outbound_ip_count = 101",
            )],
        ),
        case(
            "ND069",
            "baseline",
            &[
                (
                    "prefix = \"10.240.0.0/22\"\nnsg = \"nsg-nodes\"\nroute_table = \"rt-spoke\"",
                    "prefix = \"10.240.0.0/22\"\nnsg = \"nsg-nodes\"\nroute_table = \"rt-spoke\"\nnat_gateway = \"ng-spoke\"",
                ),
                (
                    "[peering.hub-spoke]",
                    "[nat_gateway.ng-spoke]\nname = \"ng-spoke\"\nparent = \"spoke\"\n\n[peering.hub-spoke]",
                ),
            ],
        ),
        case(
            "ND089",
            "baseline",
            &[(
                "destination_ports = \"65200-65535\"",
                "destination_ports = \"65200-65300\"",
            )],
        ),
        case(
            "ND111",
            "baseline",
            &[static_block[0], static_block[1], ("[node_pool.system]", dynamic)],
        ),
        case(
            "ND112",
            "baseline",
            &[
                static_block[0],
                (
                    "max_pods = 30\nmax_surge",
                    "max_pods = 30\npod_subnet = \"build\"\nmax_surge",
                ),
            ],
        ),
    ]
}
