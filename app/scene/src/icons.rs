//! The kind icons, netdraft's own SVG files in `assets/icons/`, compiled in.
//! The canvas and the picture export both draw them from here.

use netdraft_core::Kind;

/// The icon files, by kind key.
macro_rules! icon_files {
    ($($key:literal),* $(,)?) => {
        /// Every icon as (kind key, SVG source).
        pub const ICONS: &[(&str, &str)] = &[
            $(($key, include_str!(concat!("../../../assets/icons/", $key, ".svg")))),*
        ];
    };
}

icon_files!(
    "region",
    "resource_group",
    "vnet",
    "subnet",
    "peering",
    "on_prem",
    "aks",
    "node_pool",
    "firewall",
    "firewall_policy",
    "route_table",
    "nsg",
    "nat_gateway",
    "public_ip",
    "vpn_gateway",
    "expressroute_gateway",
    "bastion",
    "app_gateway",
    "app_gateway_for_containers",
    "api_management",
    "front_door",
    "traffic_manager",
    "private_endpoint",
    "private_dns_zone",
    "private_link_service",
    "paas_service",
    "k8s_service",
    "cert_issuer",
);

/// The SVG source of a kind's icon.
pub fn icon(kind: Kind) -> Option<&'static str> {
    ICONS.iter().find(|(k, _)| *k == kind.key()).map(|(_, svg)| *svg)
}
