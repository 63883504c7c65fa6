//! What the mapper reads of the Virtual WAN types (`map::vwan`), and the
//! read-only paths ARM fills in (`-path`), as in [`super::READS`].

/// Per lower-cased type: the paths read, and (`-`) the read-only ones.
pub const READS: &[(&str, &[&str])] = &[
    (
        "microsoft.network/virtualwans",
        &[
            // `properties.type` is never listed (`type` is server-set at any depth).
            "typePropertiesType",
            "allowBranchToBranchTraffic",
            "-virtualHubs",
            "-vpnSites",
        ],
    ),
    (
        "microsoft.network/virtualhubs",
        &[
            "virtualWan",
            "addressPrefix",
            "sku",
            // Back-references to the hub's parts, read from those resources.
            "-azureFirewall",
            "-vpnGateway",
            "-expressRouteGateway",
            "-virtualRouterAsn",
            "-virtualRouterIps",
            "-routingState",
        ],
    ),
    (
        "microsoft.network/virtualhubs/hubvirtualnetworkconnections",
        &["remoteVirtualNetwork"],
    ),
    (
        "microsoft.network/virtualhubs/routingintent",
        &["routingPolicies[].destinations", "routingPolicies[].nextHop"],
    ),
    (
        "microsoft.network/vpngateways",
        &[
            "virtualHub",
            "vpnGatewayScaleUnit",
            "bgpSettings.asn",
            "connections[].remoteVpnSite",
            // Secrets: never kept.
            "-connections[].sharedKey",
            "-connections[].vpnLinkConnections[].sharedKey",
            "-connections[].connectionStatus",
            "-connections[].ingressBytesTransferred",
            "-connections[].egressBytesTransferred",
            "-connections[].vpnLinkConnections[].connectionStatus",
            "-connections[].vpnLinkConnections[].ingressBytesTransferred",
            "-connections[].vpnLinkConnections[].egressBytesTransferred",
            "-bgpSettings.bgpPeeringAddresses",
            "-bgpSettings.bgpPeeringAddress",
            "-ipConfigurations",
        ],
    ),
    (
        "microsoft.network/vpngateways/vpnconnections",
        &[
            "remoteVpnSite",
            "-sharedKey",
            "-vpnLinkConnections[].sharedKey",
            "-connectionStatus",
            "-ingressBytesTransferred",
            "-egressBytesTransferred",
            "-vpnLinkConnections[].connectionStatus",
            "-vpnLinkConnections[].ingressBytesTransferred",
            "-vpnLinkConnections[].egressBytesTransferred",
        ],
    ),
    (
        "microsoft.network/expressroutegateways",
        &[
            "virtualHub",
            "autoScaleConfiguration.bounds.min",
            "expressRouteConnections[].expressRouteCircuitPeering",
            // A secret: never kept.
            "-expressRouteConnections[].authorizationKey",
        ],
    ),
    (
        "microsoft.network/expressroutegateways/expressrouteconnections",
        &["expressRouteCircuitPeering", "-authorizationKey"],
    ),
    (
        "microsoft.network/vpnsites",
        &[
            "addressSpace.addressPrefixes",
            "ipAddress",
            "bgpProperties.asn",
            "vpnSiteLinks[].ipAddress",
            "vpnSiteLinks[].fqdn",
            "vpnSiteLinks[].bgpProperties.asn",
            // The WAN it belongs to: the WAN of the hub whose gateway connects it.
            "virtualWan",
        ],
    ),
];
