//! Firing cases of the Virtual WAN rules (`vwan.rs`), on the
//! `virtual-wan-secured-hub` template, for the case table of `tests.rs`.

use super::tests::{Case, case};

const PREFIX: &str = "address_prefix = \"10.100.0.0/23\"";
const INTENT: &str = "routing_intent = \"private\"";

pub(super) fn cases() -> Vec<Case> {
    vec![
        // The firewall-policy rule syntax, on the template's network rule.
        case("ND146", "vwan", &[("ports = [\"443\"]", "ports = [\"TCP:443\"]")]),
        case("ND150", "vwan", &[(PREFIX, "address_prefix = \"10.100.0.0/25\"")]),
        case("ND151", "vwan", &[(PREFIX, "address_prefix = \"10.100.0.0/24\"")]),
        case(
            "ND152",
            "vwan",
            &[(
                INTENT,
                "routing_intent = \"private\"\n\n[virtual_hub.hub2]\nname = \"vhub-neu\"\nparent = \"weu\"\n\
                 resource_group = \"rg-hub\"\nwan = \"vwan\"\naddress_prefix = \"10.101.0.0/23\"\n\
                 connections = [\"spoke-app\"]",
            )],
        ),
        case(
            "ND153",
            "vwan",
            &[(
                "[subnet.apps]",
                "[subnet.app-gw]\nname = \"GatewaySubnet\"\nparent = \"spoke-app\"\nprefix = \"10.120.1.0/27\"\n\n\
                 [vpn_gateway.vpng-app]\nname = \"vpng-app\"\nparent = \"app-gw\"\nsku = \"VpnGw1AZ\"\n\n[subnet.apps]",
            )],
        ),
        case(
            "ND154",
            "vwan",
            &[(
                "address_space = [\"10.120.0.0/16\"]",
                "address_space = [\"10.120.0.0/16\", \"fd00:db8:1::/48\"]",
            )],
        ),
        case(
            "ND155",
            "vwan",
            &[(
                "name = \"vwan-contoso\"\nparent = \"weu\"\nresource_group = \"rg-hub\"",
                "name = \"vwan-contoso\"\nparent = \"weu\"\nresource_group = \"rg-hub\"\nsku = \"Basic\"",
            )],
        ),
        case(
            "ND156",
            "vwan",
            &[(
                "[firewall.afw]\nname = \"afw-vhub-weu\"\nparent = \"hub\"\npublic_ip_count = 2\npolicy = \"afwp\"\n\
                 zones = [\"1\", \"2\", \"3\"]\n",
                "",
            )],
        ),
    ]
}
