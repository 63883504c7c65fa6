//! The resource catalogue: every kind a design can hold, with its fields.
//!
//! Values that are Azure's own enums (SKU names, `outboundType`, next-hop types,
//! delegations) are written exactly as Azure spells them so users recognise
//! them; netdraft's own choices are lowercase with dashes.

use std::collections::BTreeMap;
use std::net::IpAddr;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::defaults::{
    acme_production, default_namespace, is_acme_production, is_default, is_default_namespace, is_false, is_one,
    is_true, is_zero, one, yes,
};
use super::facts::{AddressDemand, AzureType, ColourFamily, NameScope, PaletteGroup, Placement, arm};
use super::parts::{ExternalEndpoint, FirewallRule, NsgRule, Route, SubnetPrefix, TlsInspection, WafRuleSet};
use super::refs::{self, FRONTABLE, HoldsIds, Ref, RefField, Relation, Slot};
#[allow(clippy::wildcard_imports, reason = "the kinds' fields take most of the value enums")]
use super::values::*;
use super::{Acceptance, Decision, Extent, FrontDoorLayout, Header, Meta, Point, Settings, SpecOf};
use crate::id::Id;
use crate::net::{Cidr, Surge};

// Each entry states, before its fields: the palette group it is offered in;
// the prefix of new resources' names; its colour family; where Azure wants
// its names unique; what it takes from its subnet (`plan/demand.rs`); the
// kinds it may sit in (whether it must, and `in` the subnet Azure dedicates
// to it, if any); and its ARM type with the
// api-version the import reads (facts sheet §G.2; child types are read inside
// their parent, at its api-version) and the one the Bicep export writes (the
// newest GA version in Azure/bicep-types-az, facts sheet §E.1). A reference field carries `=> Relation
// [allowed kinds]`. (The leading `$` lets the macro define `with_kind_keys!`.)
kinds! {
    $
    /// An Azure region (`westeurope`). Holds resource groups and VNets on the canvas.
    Region = "region", "Region" {
        palette: Network, prefix: "region", colour: Scope, names: Siblings, demand: None,
        sits_in: [] optional,
        azure: AzureType::None;
        /// Azure location name, e.g. `westeurope`.
        location: String,
    }

    /// A resource group. Resources name it in `resource_group`, or inherit it from their parent.
    #[derive(Default)]
    ResourceGroup = "resource_group", "Resource group" {
        palette: Network, prefix: "rg", colour: Scope, names: Subscription, demand: None,
        sits_in: [Region] optional,
        azure: arm("Microsoft.Resources/resourceGroups", "2021-04-01", "2025-04-01");
        /// The subscription id it is in, when the design spans several (an import of more than one
        /// subscription); the Terraform export deploys it and what it holds through a provider for that
        /// subscription. Absent: the subscription the export is applied to.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        subscription: Option<String>,
    }

    /// A virtual network: hub, spoke or standalone, with one or more address spaces.
    VirtualNetwork = "vnet", "Virtual network" {
        palette: Network, prefix: "vnet", colour: Network, names: ResourceGroup, demand: None,
        sits_in: [Region, ResourceGroup] optional,
        azure: arm("Microsoft.Network/virtualNetworks", "2025-01-01", "2025-09-01");
        /// Hub, spoke or standalone. Drives layout and some lint rules.
        #[serde(default, skip_serializing_if = "is_default")]
        role: VnetRole,
        /// Address spaces (RFC 1918 or RFC 6598 recommended).
        address_space: Vec<Cidr>,
        /// Custom DNS servers; empty means Azure-provided DNS.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        dns_servers: Vec<IpAddr>,
        /// DDoS Network Protection plan enabled.
        #[serde(default, skip_serializing_if = "is_false")]
        ddos_protection: bool,
        /// ARM id of an existing VNet outside the design (a peer of an imported VNet): the planner counts its
        /// address space, exports reference it (Terraform `data`, Bicep `existing` in its own subscription and
        /// resource group) and never create it or anything in it; absent: the design owns the VNet.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        existing: Option<String>,
    }

    /// A subnet: a fixed prefix, or `auto` to let the planner size and place it.
    Subnet = "subnet", "Subnet" {
        palette: Network, prefix: "snet", colour: Network, names: Parent, demand: None,
        sits_in: [VirtualNetwork] required,
        azure: arm("Microsoft.Network/virtualNetworks/subnets", "2025-01-01", "2025-09-01");
        /// `auto`, or a CIDR inside the VNet's address space.
        prefix: SubnetPrefix,
        /// Further fixed prefixes of a multi-prefix subnet (`addressPrefixes` after the first); the planner counts them as used.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        extra_prefixes: Vec<Cidr>,
        /// For `auto` subnets: the prefix length wanted (e.g. 24). Absent: sized from demand.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        size: Option<u8>,
        /// Service delegation, e.g. `Microsoft.ContainerService/managedClusters`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        delegation: Option<String>,
        /// Network security group associated with the subnet.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        nsg: Option<Id> => Uses [Nsg],
        /// Route table associated with the subnet.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        route_table: Option<Id> => Uses [RouteTable],
        /// NAT gateway associated with the subnet.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        nat_gateway: Option<Id> => Uses [NatGateway],
        /// Service endpoints, e.g. `Microsoft.Storage`.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        service_endpoints: Vec<String>,
        /// Network policies applied to private endpoints in this subnet (Azure default `Disabled`).
        #[serde(default, skip_serializing_if = "is_default")]
        private_endpoint_network_policies: PrivateEndpointPolicies,
        /// Network policies for Private Link Service NAT IPs (must be off for a PLS subnet).
        #[serde(default = "yes", skip_serializing_if = "is_true")]
        private_link_service_network_policies: bool,
        /// Addresses taken by things not drawn in the design (VMs, other NICs).
        #[serde(default, skip_serializing_if = "is_zero")]
        extra_ips: u32,
    }

    /// A VNet peering, created in both directions: `from` → `to` and `to` → `from`.
    VnetPeering = "peering", "VNet peering" {
        palette: Network, prefix: "peer", colour: Network, names: Siblings, demand: None,
        sits_in: [] optional,
        azure: arm("Microsoft.Network/virtualNetworks/virtualNetworkPeerings", "2025-01-01", "2025-09-01");
        /// The VNet that offers its gateway (usually the hub).
        from: Id => Peers [VirtualNetwork],
        /// The other VNet (usually a spoke).
        to: Id => Peers [VirtualNetwork],
        /// Allow traffic forwarded by an appliance (the firewall) in both directions.
        #[serde(default, skip_serializing_if = "is_false")]
        allow_forwarded_traffic: bool,
        /// `from` lets `to` use its VPN/ExpressRoute gateway.
        #[serde(default, skip_serializing_if = "is_false")]
        allow_gateway_transit: bool,
        /// `to` uses `from`'s gateway (needs `allow_gateway_transit`).
        #[serde(default, skip_serializing_if = "is_false")]
        use_remote_gateways: bool,
        /// Allow traffic between the two VNets (Azure's `allowVirtualNetworkAccess`; off blocks it).
        #[serde(default = "yes", skip_serializing_if = "is_true")]
        allow_virtual_network_access: bool,
        /// Azure name of the `to` → `from` direction; absent: derived from the peering's name.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reverse_name: Option<String>,
        /// `Connected` (both directions exist), `Initiated` (only `from` → `to` exists) or
        /// `Disconnected` (the other side was deleted). Only a connected peering carries traffic.
        #[serde(default, skip_serializing_if = "is_default")]
        state: PeeringState,
    }

    /// An on-premises network reached over VPN or ExpressRoute.
    OnPremises = "on_prem", "On-premises network" {
        palette: Network, prefix: "onprem", colour: Hybrid, names: ResourceGroup, demand: None,
        sits_in: [] optional,
        azure: arm("Microsoft.Network/localNetworkGateways", "2025-01-01", "2025-09-01");
        /// Address ranges used on premises.
        address_ranges: Vec<Cidr>,
        /// How it is connected.
        connection: OnPremConnection,
        /// The VPN or ExpressRoute gateway that connects it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        gateway: Option<Id> => Connects [VpnGateway, ExpressRouteGateway],
        /// Public IP or FQDN of the on-premises VPN device (VPN only).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        device_address: Option<String>,
        /// BGP autonomous system number on premises.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        bgp_asn: Option<u32>,
    }

    /// An AKS cluster and its network profile. Node pools point at it.
    AksCluster = "aks", "AKS cluster" {
        palette: Kubernetes, prefix: "aks", colour: Kubernetes, names: ResourceGroup, demand: None,
        sits_in: [Region, ResourceGroup, VirtualNetwork] optional,
        azure: arm("Microsoft.ContainerService/managedClusters", "2025-10-01", "2026-05-01");
        /// DNS prefix of the API server's FQDN; absent: derived from the cluster name.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        dns_prefix: Option<String>,
        /// Kubernetes version (`1.33`); absent means the AKS default.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        kubernetes_version: Option<String>,
        /// Pricing tier (`Free`, `Standard`, `Premium`).
        #[serde(default, skip_serializing_if = "is_default")]
        sku_tier: AksSkuTier,
        /// Network model: `kubenet`, `azure` (node subnet), `azure-pod-subnet`, `azure-static-block`, `overlay`, `none` (BYO CNI).
        network_model: NetworkModel,
        /// Data plane: `azure` or `cilium`.
        #[serde(default, skip_serializing_if = "is_default")]
        data_plane: DataPlane,
        /// Network policy engine: `none`, `azure`, `calico`, `cilium`.
        #[serde(default, skip_serializing_if = "is_default")]
        network_policy: NetworkPolicy,
        /// Egress: `loadBalancer`, `userDefinedRouting`, `managedNATGateway`, `userAssignedNATGateway`, `none`.
        #[serde(default, skip_serializing_if = "is_default")]
        outbound_type: OutboundType,
        /// Load balancer SKU: `standard` (default) or the retired `basic`.
        #[serde(default, skip_serializing_if = "is_default")]
        load_balancer_sku: LoadBalancerSku,
        /// `loadBalancer` egress: number of AKS-managed outbound public IPs; absent: AKS's default (1).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        managed_outbound_ip_count: Option<u32>,
        /// `loadBalancer` egress: the design's public IPs (or prefixes) used as outbound IPs instead.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        outbound_ips: Vec<Id> => Uses [PublicIp],
        /// Kubernetes service range; absent means the AKS default `10.0.0.0/16`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        service_cidr: Option<Cidr>,
        /// Cluster DNS service IP; absent means the `.10` address of the service CIDR (`10.0.0.10` with the default service CIDR), as AKS advises.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        dns_service_ip: Option<IpAddr>,
        /// Pod range for kubenet, overlay and BYO CNI; absent means the AKS default `10.244.0.0/16`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pod_cidr: Option<Cidr>,
        /// API server reachable only on a private endpoint.
        #[serde(default, skip_serializing_if = "is_false")]
        private_cluster: bool,
        /// Private DNS zone for a private cluster (`privatelink.<region>.azmk8s.io`); absent: AKS-managed.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        private_dns_zone: Option<Id> => Resolves [PrivateDnsZone],
        /// An existing private DNS zone outside the design (its ARM id), or `none`; used when `private_dns_zone` is absent.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        private_dns_zone_existing: Option<String>,
        /// Delegated subnet for API-server VNet integration; absent: not integrated.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        api_server_subnet: Option<Id> => Uses [Subnet],
        /// Ranges allowed to reach a public API server.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        authorized_ip_ranges: Vec<Cidr>,
        /// Ingress the cluster uses.
        #[serde(default, skip_serializing_if = "is_default")]
        ingress: IngressChoice,
        /// The Application Gateway driven by AGIC (with `ingress = "agic"`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        app_gateway: Option<Id> => Uses [AppGateway],
        /// AGIC as the AKS add-on or as a Helm release.
        #[serde(default, skip_serializing_if = "is_default")]
        agic_mode: AgicMode,
        /// Workload identity (and the OIDC issuer it needs).
        #[serde(default, skip_serializing_if = "is_false")]
        workload_identity: bool,
        /// Control-plane identity.
        #[serde(default, skip_serializing_if = "is_default")]
        identity: ClusterIdentity,
        /// An existing user-assigned identity outside the design (its ARM id) the cluster uses; absent: the export creates one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        identity_existing: Option<String>,
        /// Azure Policy add-on (secure default: on).
        #[serde(default = "yes", skip_serializing_if = "is_true")]
        azure_policy: bool,
        /// Local (static) admin accounts (secure default: off, sign-in through Entra ID only).
        #[serde(default, skip_serializing_if = "is_false")]
        local_accounts: bool,
        /// Kubernetes authentication and authorisation: `entra-azure-rbac` (secure default), `entra-kubernetes-rbac`, `kubernetes-rbac`.
        #[serde(default, skip_serializing_if = "is_default")]
        auth: ClusterAuth,
        /// Automatic upgrade channel: `patch` (secure default), `stable`, `rapid`, `node-image`, `none`.
        #[serde(default, skip_serializing_if = "is_default")]
        upgrade_channel: UpgradeChannel,
        /// Node OS upgrade channel: `NodeImage` (secure default), `SecurityPatch`, `Unmanaged`, `None`.
        #[serde(default, skip_serializing_if = "is_default")]
        node_os_upgrade_channel: NodeOsUpgradeChannel,
        /// Namespaces that get a default-deny NetworkPolicy.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        default_deny_namespaces: Vec<String>,
    }

    /// An AKS node pool. Its parent is the node subnet.
    NodePool = "node_pool", "Node pool" {
        palette: Kubernetes, prefix: "pool", colour: Kubernetes, names: Cluster, demand: NodePool,
        sits_in: [Subnet] required,
        azure: arm("Microsoft.ContainerService/managedClusters/agentPools", "2025-10-01", "2026-05-01");
        /// The cluster this pool belongs to.
        cluster: Id => BelongsTo [AksCluster],
        /// `System` or `User`.
        #[serde(default, skip_serializing_if = "is_default")]
        mode: PoolMode,
        /// VM size, e.g. `Standard_D4ds_v5`.
        vm_size: String,
        /// `Linux` or `Windows`.
        #[serde(default, skip_serializing_if = "is_default")]
        os: OsType,
        /// Fixed node count (no autoscaler). Use `min_count`/`max_count` for autoscaling.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        count: Option<u32>,
        /// Autoscaler minimum.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min_count: Option<u32>,
        /// Autoscaler maximum; the planner sizes for this.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max_count: Option<u32>,
        /// Max pods per node; absent means the network model's default.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max_pods: Option<u32>,
        /// Upgrade surge (`1`, `"33%"`); absent means the design's surge default.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max_surge: Option<Surge>,
        /// Pod subnet (Azure CNI pod subnet and static block models).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pod_subnet: Option<Id> => Uses [Subnet],
        /// Availability zones, e.g. `["1", "2", "3"]`.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        zones: Vec<String>,
    }

    /// Azure Firewall. Its parent is `AzureFirewallSubnet`.
    Firewall = "firewall", "Azure Firewall" {
        palette: SecurityAndEgress, prefix: "afw", colour: Security, names: ResourceGroup, demand: None,
        sits_in: [Subnet, VirtualHub] required in "AzureFirewallSubnet",
        azure: arm("Microsoft.Network/azureFirewalls", "2025-01-01", "2025-09-01");
        /// `Basic`, `Standard` or `Premium`.
        #[serde(default, skip_serializing_if = "is_default")]
        tier: FirewallTier,
        /// Number of public IPs (AKS recommends at least 20 in production to avoid SNAT exhaustion).
        #[serde(default = "one", skip_serializing_if = "is_one")]
        public_ip_count: u32,
        /// The firewall policy.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        policy: Option<Id> => Governs [FirewallPolicy],
        /// Availability zones.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        zones: Vec<String>,
    }

    /// An Azure Firewall policy: DNS proxy, threat intelligence and rules.
    FirewallPolicy = "firewall_policy", "Firewall policy" {
        palette: SecurityAndEgress, prefix: "afwp", colour: Security, names: ResourceGroup, demand: None,
        sits_in: [Region, ResourceGroup] optional,
        azure: arm("Microsoft.Network/firewallPolicies", "2025-01-01", "2025-09-01");
        /// `Basic`, `Standard` or `Premium`; absent: the tier of the firewall using it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        tier: Option<FirewallTier>,
        /// DNS proxy on (needed for FQDNs in network rules).
        #[serde(default, skip_serializing_if = "is_false")]
        dns_proxy: bool,
        /// Custom DNS servers the firewall uses; empty: Azure-provided DNS.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        dns_servers: Vec<IpAddr>,
        /// Threat intelligence: `Off`, `Alert`, `Deny`.
        #[serde(default, skip_serializing_if = "is_default")]
        threat_intel_mode: ThreatIntelMode,
        /// Threat-intelligence allow-list: IP addresses and ranges.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        threat_intel_allow_ips: Vec<String>,
        /// Threat-intelligence allow-list: FQDNs.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        threat_intel_allow_fqdns: Vec<String>,
        /// Intrusion detection and prevention (Premium): `Off`, `Alert`, `Deny`; absent: off.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        idps_mode: Option<IdpsMode>,
        /// TLS inspection (Premium): the intermediate CA certificate in Key Vault; absent: off.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        tls_inspection: Option<TlsInspection>,
        /// Clusters whose required AKS egress rules the policy carries.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        aks_egress_for: Vec<Id> => BelongsTo [AksCluster],
        /// Further rules.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        rules: Vec<FirewallRule>,
    }

    /// A route table with its routes. Subnets point at it.
    RouteTable = "route_table", "Route table" {
        palette: SecurityAndEgress, prefix: "rt", colour: Egress, names: ResourceGroup, demand: None,
        sits_in: [Region, ResourceGroup, VirtualNetwork] optional,
        azure: arm("Microsoft.Network/routeTables", "2025-01-01", "2025-09-01");
        /// Propagate BGP routes from gateways (must stay on for GatewaySubnet).
        #[serde(default = "yes", skip_serializing_if = "is_true")]
        bgp_route_propagation: bool,
        /// The routes.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        routes: Vec<Route> => RoutesTo [Firewall],
    }

    /// A network security group. Subnets point at it.
    Nsg = "nsg", "Network security group" {
        palette: SecurityAndEgress, prefix: "nsg", colour: Security, names: ResourceGroup, demand: None,
        sits_in: [Region, ResourceGroup, VirtualNetwork] optional,
        azure: arm("Microsoft.Network/networkSecurityGroups", "2025-01-01", "2025-09-01");
        /// Security rules beyond Azure's defaults.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        rules: Vec<NsgRule>,
    }

    /// A NAT gateway. Subnets of one VNet point at it.
    NatGateway = "nat_gateway", "NAT gateway" {
        palette: SecurityAndEgress, prefix: "ng", colour: Egress, names: ResourceGroup, demand: None,
        sits_in: [Region, ResourceGroup, VirtualNetwork] optional,
        azure: arm("Microsoft.Network/natGateways", "2025-01-01", "2025-09-01");
        /// `Standard` or `StandardV2`.
        #[serde(default, skip_serializing_if = "is_default")]
        sku: NatSku,
        /// Public IPs (up to 16).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        public_ips: Vec<Id> => Uses [PublicIp],
        /// TCP idle timeout, 4-120 minutes.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        idle_timeout_minutes: Option<u32>,
        /// Availability zone (Standard SKU is zonal).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        zones: Vec<String>,
    }

    /// A public IP address (or a prefix of them).
    PublicIp = "public_ip", "Public IP" {
        palette: SecurityAndEgress, prefix: "pip", colour: Egress, names: ResourceGroup, demand: None,
        sits_in: [Region, ResourceGroup, VirtualNetwork] optional,
        azure: arm("Microsoft.Network/publicIPAddresses", "2025-01-01", "2025-09-01");
        /// `Standard` or `StandardV2`; `Basic` (retired, cannot be created any more) only as imported.
        #[serde(default, skip_serializing_if = "is_default")]
        sku: PublicIpSku,
        /// `Static` (default, and the only choice for Standard) or `Dynamic` (Basic only).
        #[serde(default, skip_serializing_if = "is_default")]
        allocation: IpAllocation,
        /// A public IP prefix of this length instead of one address (e.g. 30).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        prefix_length: Option<u8>,
        /// Availability zones.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        zones: Vec<String>,
        /// DNS label.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        dns_label: Option<String>,
    }

    /// A VPN gateway. Its parent is `GatewaySubnet`, or a Virtual WAN hub (a hub's site-to-site VPN gateway).
    VpnGateway = "vpn_gateway", "VPN gateway" {
        palette: Network, prefix: "vpng", colour: Hybrid, names: ResourceGroup, demand: None,
        sits_in: [Subnet, VirtualHub] required in "GatewaySubnet",
        azure: arm("Microsoft.Network/virtualNetworkGateways", "2025-01-01", "2025-09-01");
        /// Gateway SKU, e.g. `VpnGw2AZ`.
        sku: String,
        /// Active-active mode.
        #[serde(default, skip_serializing_if = "is_false")]
        active_active: bool,
        /// BGP ASN of the gateway.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        bgp_asn: Option<u32>,
        /// In a virtual hub: scale units (one is 500 Mbps, VWAN-FAQ); absent: one. `sku` and
        /// `active_active` are a VNet gateway's and do not apply there.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        scale_units: Option<u32>,
    }

    /// An ExpressRoute gateway. Its parent is `GatewaySubnet`, or a Virtual WAN hub (Standard WANs only).
    ExpressRouteGateway = "expressroute_gateway", "ExpressRoute gateway" {
        palette: Network, prefix: "ergw", colour: Hybrid, names: ResourceGroup, demand: None,
        sits_in: [Subnet, VirtualHub] required in "GatewaySubnet",
        azure: arm("Microsoft.Network/virtualNetworkGateways", "2025-01-01", "2025-09-01");
        /// Gateway SKU, e.g. `ErGw1AZ`.
        sku: String,
        /// In a virtual hub: scale units (one is 2 Gbps, VWAN-FAQ); absent: one. `sku` is a VNet gateway's.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        scale_units: Option<u32>,
    }

    /// An Azure Virtual WAN: the global network its virtual hubs belong to. A Standard WAN meshes its hubs
    /// and routes VNet to VNet through them (Microsoft Learn, "About Virtual WAN").
    VirtualWan = "virtual_wan", "Virtual WAN" {
        palette: Network, prefix: "vwan", colour: Hybrid, names: ResourceGroup, demand: None,
        sits_in: [Region, ResourceGroup] optional,
        azure: arm("Microsoft.Network/virtualWans", "2025-01-01", "2025-09-01");
        /// `Standard` (default) or `Basic` (site-to-site VPN only).
        #[serde(default, skip_serializing_if = "is_default")]
        sku: VirtualWanSku,
        /// Branch-to-branch traffic through the hubs (Azure's `allowBranchToBranchTraffic`, on by default).
        #[serde(default = "yes", skip_serializing_if = "is_true")]
        allow_branch_to_branch: bool,
    }

    /// A Virtual WAN hub: a Microsoft-managed hub VNet in a region, with its own address prefix (minimum /24,
    /// /23 recommended: VWAN-FAQ). VNets connect to it instead of peering with a hub VNet; an Azure Firewall
    /// in it makes it a secured hub, and its VPN and ExpressRoute gateways sit in it.
    VirtualHub = "virtual_hub", "Virtual hub" {
        palette: Network, prefix: "vhub", colour: Hybrid, names: ResourceGroup, demand: None,
        sits_in: [Region, ResourceGroup] optional,
        azure: arm("Microsoft.Network/virtualHubs", "2025-01-01", "2025-09-01");
        /// The Virtual WAN the hub belongs to.
        wan: Id => BelongsTo [VirtualWan],
        /// The hub's own address range: it must not overlap the VNets connected to the WAN, the on-premises
        /// ranges it reaches or the other hubs (VWAN-FAQ).
        address_prefix: Cidr,
        /// The VNets connected to the hub (hub virtual network connections; a VNet connects to one hub).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        connections: Vec<Id> => Connects [VirtualNetwork],
        /// Routing intent: the traffic sent through the Azure Firewall in the hub.
        #[serde(default, skip_serializing_if = "is_default")]
        routing_intent: RoutingIntent,
        /// Azure names of the hub's VNet connections, by the VNet's name, where they are not
        /// `conn-<VNet name>` (an import keeps the names it reads; other entries are ignored).
        #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
        connection_names: BTreeMap<String, String>,
    }

    /// Azure Bastion. Its parent is `AzureBastionSubnet` (except the Developer SKU).
    Bastion = "bastion", "Azure Bastion" {
        palette: SecurityAndEgress, prefix: "bas", colour: Security, names: ResourceGroup, demand: None,
        sits_in: [Subnet, VirtualNetwork] required in "AzureBastionSubnet",
        azure: arm("Microsoft.Network/bastionHosts", "2025-01-01", "2025-09-01");
        /// `Developer`, `Basic`, `Standard` or `Premium`.
        #[serde(default, skip_serializing_if = "is_default")]
        sku: BastionSku,
        /// Scale units (2-50, Standard and Premium).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        scale_units: Option<u32>,
    }

    /// Application Gateway (v2, optionally with WAF). Its parent is its dedicated subnet.
    AppGateway = "app_gateway", "Application Gateway" {
        palette: Ingress, prefix: "agw", colour: Ingress, names: ResourceGroup, demand: AppGatewayInstances,
        sits_in: [Subnet] required,
        azure: arm("Microsoft.Network/applicationGateways", "2025-01-01", "2025-09-01");
        /// `Standard_v2`, `WAF_v2`, `Basic`; `Standard`/`WAF` are the retired v1.
        #[serde(default, skip_serializing_if = "is_default")]
        sku: AppGatewaySku,
        /// WAF policy mode (`Detection` or `Prevention`); absent: no WAF policy.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        waf_mode: Option<WafMode>,
        /// Autoscale minimum instances (v2).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min_capacity: Option<u32>,
        /// Autoscale maximum instances (v2, up to 125); the planner sizes the subnet for this.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max_capacity: Option<u32>,
        /// Private frontend IP in its subnet, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        private_ip: Option<IpAddr>,
        /// Public frontend.
        #[serde(default = "yes", skip_serializing_if = "is_true")]
        public_frontend: bool,
        /// What it fronts: AKS clusters, Kubernetes services, API Management.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        backends: Vec<Id> => Fronts FRONTABLE,
        /// Host names AGIC routes to the cluster (the Ingress rules, and the names cert-manager certifies).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        hostnames: Vec<String>,
        /// Predefined TLS policy; absent: `AppGwSslPolicy20220101S` (TLS 1.2 or later, strong ciphers), the secure default. An import keeps the estate's own.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        tls_policy: Option<String>,
        /// Managed rule sets of its WAF policy; empty: OWASP 3.2, the export's
        /// default. An import keeps the estate's own (e.g. Microsoft_DefaultRuleSet 2.1).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        waf_rule_sets: Vec<WafRuleSet>,
    }

    /// Application Gateway for Containers (ALB controller, Gateway API). Its parent is the delegated association subnet.
    AppGatewayForContainers = "app_gateway_for_containers", "App Gateway for Containers" {
        palette: Ingress, prefix: "agc", colour: Ingress, names: ResourceGroup, demand: None,
        sits_in: [Subnet] required,
        azure: arm("Microsoft.ServiceNetworking/trafficControllers", "2025-01-01", "2025-01-01");
        /// The cluster whose ALB controller manages it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        cluster: Option<Id> => Fronts [AksCluster],
        /// Frontend names (one per Gateway listener set).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        frontends: Vec<String>,
        /// Bring-your-own deployment (Terraform/Bicep creates it) or managed by the ALB controller.
        #[serde(default, skip_serializing_if = "is_default")]
        deployment: AgcDeployment,
        /// Re-encrypt to the backend (BackendTLSPolicy).
        #[serde(default, skip_serializing_if = "is_false")]
        backend_tls: bool,
        /// Hostnames routed by the HTTPRoute.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        hostnames: Vec<String>,
    }

    /// API Management. Its parent is its subnet when VNet-injected or integrated.
    ApiManagement = "api_management", "API Management" {
        palette: Ingress, prefix: "apim", colour: Ingress, names: ResourceGroup, demand: ApiManagementUnits,
        sits_in: [Subnet, Region, ResourceGroup] optional,
        azure: arm("Microsoft.ApiManagement/service", "2024-05-01", "2024-05-01");
        /// `Developer`, `Premium`, `StandardV2`, `PremiumV2`, …
        sku: ApimSku,
        /// Scale units.
        #[serde(default = "one", skip_serializing_if = "is_one")]
        capacity: u32,
        /// `none`, `external`, `internal` (injection) or `integration` (v2 outbound).
        #[serde(default, skip_serializing_if = "is_default")]
        vnet_mode: ApimVnetMode,
        /// Publisher name (required by Azure).
        #[serde(default, skip_serializing_if = "String::is_empty")]
        publisher_name: String,
        /// Publisher e-mail (required by Azure).
        #[serde(default, skip_serializing_if = "String::is_empty")]
        publisher_email: String,
        /// What it fronts: Kubernetes services, App Gateways.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        backends: Vec<Id> => Fronts FRONTABLE,
        /// Availability zones (Premium).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        zones: Vec<String>,
        /// Its own Standard public IP in a VNet (`publicIpAddressId`); absent: one Azure manages.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        public_ip: Option<Id> => Uses [PublicIp],
        /// Its managed identity; absent: none.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        identity: Option<IdentityType>,
        /// Its user-assigned identities (ARM ids; referenced, never created).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        identity_ids: Vec<String>,
    }

    /// Azure Front Door (Standard/Premium), global.
    FrontDoor = "front_door", "Front Door" {
        palette: Ingress, prefix: "afd", colour: Global, names: ResourceGroup, demand: None,
        sits_in: [] optional,
        azure: arm("Microsoft.Cdn/profiles", "2025-12-01", "2025-12-01");
        /// `Standard_AzureFrontDoor` or `Premium_AzureFrontDoor`.
        #[serde(default, skip_serializing_if = "is_default")]
        sku: FrontDoorSku,
        /// WAF policy mode; absent: no WAF.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        waf_mode: Option<WafMode>,
        /// Origins: App Gateways, Private Link Services, API Management, public IPs.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        origins: Vec<Id> => Fronts FRONTABLE,
        /// Reach origins over Private Link (Premium).
        #[serde(default, skip_serializing_if = "is_false")]
        private_link: bool,
        /// Its endpoints, origin groups and routes as Azure has them (an imported profile; exported exactly,
        /// even when empty). Absent: the export makes one endpoint, one origin group over `origins` and one route `/*`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        layout: Option<FrontDoorLayout>,
    }

    /// Traffic Manager profile, global DNS-based routing.
    TrafficManager = "traffic_manager", "Traffic Manager" {
        palette: Ingress, prefix: "traf", colour: Global, names: ResourceGroup, demand: None,
        sits_in: [] optional,
        azure: arm("Microsoft.Network/trafficmanagerprofiles", "2022-04-01", "2022-04-01");
        /// Routing method.
        #[serde(default, skip_serializing_if = "is_default")]
        routing: TrafficRouting,
        /// Endpoints: App Gateways, public IPs, Front Doors.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        endpoints: Vec<Id> => Fronts FRONTABLE,
        /// Relative DNS name (`<name>.trafficmanager.net`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        dns_name: Option<String>,
        /// DNS TTL in seconds; absent: 60.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        ttl: Option<u32>,
        /// Health probe protocol: `HTTPS` (default), `HTTP` or `TCP`.
        #[serde(default, skip_serializing_if = "is_default")]
        monitor_protocol: MonitorProtocol,
        /// Health probe port; absent: 443.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        monitor_port: Option<u16>,
        /// Health probe path (HTTP/HTTPS); absent: `/`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        monitor_path: Option<String>,
        /// Endpoints outside the design, by host name or address.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        external_endpoints: Vec<ExternalEndpoint>,
    }

    /// A private endpoint. Its parent is the subnet its NIC sits in.
    PrivateEndpoint = "private_endpoint", "Private endpoint" {
        palette: PrivateAccess, prefix: "pep", colour: PrivateAccess, names: ResourceGroup, demand: Nic,
        sits_in: [Subnet] required,
        azure: arm("Microsoft.Network/privateEndpoints", "2025-01-01", "2025-09-01");
        /// What it connects to: a PaaS service, an AKS cluster, a Private Link Service, API Management.
        target: Id => Targets [PaasService, AksCluster, PrivateLinkService, ApiManagement],
        /// Sub-resource (group id): `blob`, `vault`, `registry`, `management`, …
        #[serde(default, skip_serializing_if = "Option::is_none")]
        subresource: Option<String>,
        /// The private DNS zone its record goes into.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        dns_zone: Option<Id> => Resolves [PrivateDnsZone],
        /// Static IP in its subnet.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        static_ip: Option<IpAddr>,
    }

    /// A private DNS zone and the VNets linked to it.
    PrivateDnsZone = "private_dns_zone", "Private DNS zone" {
        palette: PrivateAccess, prefix: "pdnsz", colour: PrivateAccess, names: ResourceGroup, demand: None,
        sits_in: [Region, ResourceGroup] optional,
        azure: arm("Microsoft.Network/privateDnsZones", "2024-06-01", "2024-06-01");
        /// Zone name, e.g. `privatelink.blob.core.windows.net`.
        zone: String,
        /// VNets linked to the zone (they resolve its records).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        links: Vec<Id> => Resolves [VirtualNetwork],
        /// VNets that auto-register their VMs' records.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        registration: Vec<Id> => Resolves [VirtualNetwork],
    }

    /// A Private Link Service in front of an internal load balancer. Its parent is the subnet for its NAT IPs.
    PrivateLinkService = "private_link_service", "Private Link Service" {
        palette: PrivateAccess, prefix: "pl", colour: PrivateAccess, names: ResourceGroup, demand: NatIps,
        sits_in: [Subnet] required,
        azure: arm("Microsoft.Network/privateLinkServices", "2025-01-01", "2025-09-01");
        /// The Kubernetes internal LoadBalancer service it exposes.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        load_balancer: Option<Id> => Targets [K8sService],
        /// NAT IP addresses taken from its subnet.
        #[serde(default = "one", skip_serializing_if = "is_one")]
        nat_ip_count: u32,
        /// Subscriptions allowed to see it.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        visibility: Vec<String>,
    }

    /// A PaaS service reached through private endpoints (storage, Key Vault, ACR, …).
    PaasService = "paas_service", "PaaS service" {
        palette: PrivateAccess, prefix: "kv", colour: PrivateAccess, names: Siblings, demand: None,
        sits_in: [Region, ResourceGroup] optional,
        azure: AzureType::Varies;
        /// What service it is.
        service: PaasType,
        /// Public network access left on.
        #[serde(default, skip_serializing_if = "is_false")]
        public_network_access: bool,
    }

    /// A Kubernetes `LoadBalancer` Service. Its parent is the subnet its frontend IP comes from.
    K8sService = "k8s_service", "Kubernetes LB service" {
        palette: Kubernetes, prefix: "svc", colour: Kubernetes, names: Siblings, demand: InternalFrontend,
        sits_in: [Subnet] optional,
        azure: AzureType::None;
        /// The cluster running it.
        cluster: Id => BelongsTo [AksCluster],
        /// Namespace.
        #[serde(default = "default_namespace", skip_serializing_if = "is_default_namespace")]
        namespace: String,
        /// Internal (Azure internal load balancer) or public.
        #[serde(default = "yes", skip_serializing_if = "is_true")]
        internal: bool,
        /// Static frontend IP from the subnet.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        static_ip: Option<IpAddr>,
        /// Ports exposed.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        ports: Vec<u16>,
        /// Pod selector label `app`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        app: Option<String>,
        /// `Cluster` or `Local`.
        #[serde(default, skip_serializing_if = "is_default")]
        external_traffic_policy: TrafficPolicy,
        /// Why it is public, when it is (an ingress controller's own service, say).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        public_reason: Option<String>,
    }

    /// A cert-manager ClusterIssuer (ACME).
    CertIssuer = "cert_issuer", "cert-manager issuer" {
        palette: Kubernetes, prefix: "issuer", colour: Kubernetes, names: Siblings, demand: None,
        sits_in: [AksCluster] optional,
        azure: AzureType::None;
        /// The cluster it is installed in.
        cluster: Id => BelongsTo [AksCluster],
        /// ACME directory URL.
        #[serde(default = "acme_production", skip_serializing_if = "is_acme_production")]
        server: String,
        /// Registration e-mail.
        email: String,
        /// `http01` (through the ingress) or `dns01` (Azure DNS).
        #[serde(default, skip_serializing_if = "is_default")]
        solver: AcmeSolver,
        /// Ingress class used by the HTTP-01 solver.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        ingress_class: Option<String>,
        /// Public Azure DNS zone the DNS-01 solver writes its TXT records into (`contoso.com`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        dns_zone: Option<String>,
        /// Resource group of that zone (the zone itself is not part of the design).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        dns_zone_resource_group: Option<String>,
    }
}
