//! The closed sets of values the kinds' fields take, each written as a fixed
//! string in the design file (Azure's own spelling for Azure's enums).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Defines a closed set of values written as fixed strings in the design file.
/// The first variant listed is the default.
macro_rules! string_enum {
    ($(#[doc = $doc:literal])* $name:ident { $first:ident = $ftext:literal $(, $variant:ident = $text:literal)* $(,)? }) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
        pub enum $name {
            #[serde(rename = $ftext)] $first,
            $( #[serde(rename = $text)] $variant, )*
        }
        impl Default for $name {
            fn default() -> Self { $name::$first }
        }
        impl $name {
            /// Every value, the default first.
            pub const ALL: &'static [$name] = &[$name::$first, $($name::$variant),*];
            /// The text used in the design file.
            pub fn as_str(self) -> &'static str {
                match self { $name::$first => $ftext, $($name::$variant => $text),* }
            }
        }
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { f.write_str(self.as_str()) }
        }
        impl std::str::FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                $name::ALL.iter().copied().find(|v| v.as_str() == s).ok_or_else(|| {
                    format!("`{s}` is not one of: {}", $name::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>().join(", "))
                })
            }
        }
    };
}

string_enum! { /// Hub, spoke or standalone.
VnetRole { Standalone = "standalone", Hub = "hub", Spoke = "spoke" } }
string_enum! { /// Azure's `privateEndpointNetworkPolicies` values.
PrivateEndpointPolicies { Disabled = "Disabled", Enabled = "Enabled", NetworkSecurityGroupEnabled = "NetworkSecurityGroupEnabled", RouteTableEnabled = "RouteTableEnabled" } }
string_enum! { /// How an on-premises network is connected.
OnPremConnection { Vpn = "vpn", ExpressRoute = "expressroute" } }
string_enum! { /// AKS pricing tier.
AksSkuTier { Standard = "Standard", Free = "Free", Premium = "Premium" } }
string_enum! { /// The AKS network model (IPAM): how nodes and pods get addresses.
/// Default `overlay`: AKS now defaults to Azure CNI Overlay (AKS-OVL-CFG).
NetworkModel { Overlay = "overlay", Kubenet = "kubenet", AzureCni = "azure", AzureCniPodSubnet = "azure-pod-subnet", AzureCniStaticBlock = "azure-static-block", Byo = "none" } }
string_enum! { /// AKS `networkDataplane`.
DataPlane { Azure = "azure", Cilium = "cilium" } }
string_enum! { /// AKS `networkPolicy` engine.
NetworkPolicy { None = "none", Azure = "azure", Calico = "calico", Cilium = "cilium" } }
string_enum! { /// AKS `outboundType`.
OutboundType { LoadBalancer = "loadBalancer", UserDefinedRouting = "userDefinedRouting", ManagedNatGateway = "managedNATGateway", UserAssignedNatGateway = "userAssignedNATGateway", None = "none" } }
string_enum! { /// Which ingress a cluster uses.
IngressChoice { None = "none", Agic = "agic", AppGatewayForContainers = "app-gateway-for-containers", NginxInternal = "nginx-internal", AppRouting = "app-routing" } }
string_enum! { /// AGIC as the AKS add-on or a Helm release.
AgicMode { Addon = "addon", Helm = "helm" } }
string_enum! { /// AKS control-plane identity.
ClusterIdentity { SystemAssigned = "system-assigned", UserAssigned = "user-assigned" } }
string_enum! { /// Node pool mode.
PoolMode { User = "User", System = "System" } }
string_enum! { /// Node OS.
OsType { Linux = "Linux", Windows = "Windows" } }
string_enum! { /// Azure Firewall tier.
FirewallTier { Standard = "Standard", Basic = "Basic", Premium = "Premium" } }
string_enum! { /// Threat intelligence mode.
ThreatIntelMode { Alert = "Alert", Off = "Off", Deny = "Deny" } }
string_enum! { /// Route next-hop type.
NextHop { VirtualAppliance = "VirtualAppliance", Internet = "Internet", VirtualNetworkGateway = "VirtualNetworkGateway", VnetLocal = "VnetLocal", None = "None" } }
string_enum! { /// NSG rule direction.
Direction { Inbound = "Inbound", Outbound = "Outbound" } }
string_enum! { /// NSG rule access.
Access { Allow = "Allow", Deny = "Deny" } }
string_enum! { /// NSG rule protocol.
Protocol { Any = "*", Tcp = "Tcp", Udp = "Udp", Icmp = "Icmp" } }
string_enum! { /// NAT gateway SKU.
NatSku { Standard = "Standard", StandardV2 = "StandardV2" } }
string_enum! { /// Public IP SKU. `Basic` is retired and only held as imported.
PublicIpSku { Standard = "Standard", StandardV2 = "StandardV2", Basic = "Basic" } }
string_enum! { /// Public IP allocation method.
IpAllocation { Static = "Static", Dynamic = "Dynamic" } }
string_enum! { /// The state of a VNet peering, as Azure reports it.
PeeringState { Connected = "Connected", Initiated = "Initiated", Disconnected = "Disconnected" } }
string_enum! { /// AKS load balancer SKU.
LoadBalancerSku { Standard = "standard", Basic = "basic" } }
string_enum! { /// How users sign in to an AKS cluster and how they are authorised.
ClusterAuth { EntraAzureRbac = "entra-azure-rbac", EntraKubernetesRbac = "entra-kubernetes-rbac", KubernetesRbac = "kubernetes-rbac" } }
string_enum! { /// AKS automatic upgrade channel.
UpgradeChannel { Patch = "patch", Stable = "stable", Rapid = "rapid", NodeImage = "node-image", None = "none" } }
string_enum! { /// AKS node OS upgrade channel.
NodeOsUpgradeChannel { NodeImage = "NodeImage", SecurityPatch = "SecurityPatch", Unmanaged = "Unmanaged", None = "None" } }
string_enum! { /// Azure Firewall intrusion detection and prevention mode.
IdpsMode { Alert = "Alert", Deny = "Deny", Off = "Off" } }
string_enum! { /// Traffic Manager health probe protocol.
MonitorProtocol { Https = "HTTPS", Http = "HTTP", Tcp = "TCP" } }
string_enum! { /// Bastion SKU.
BastionSku { Standard = "Standard", Developer = "Developer", Basic = "Basic", Premium = "Premium" } }
string_enum! { /// Application Gateway SKU tier. `Standard` and `WAF` are v1, retired 2026-04-28 (APPGW-RET).
AppGatewaySku { WafV2 = "WAF_v2", StandardV2 = "Standard_v2", Basic = "Basic", StandardV1 = "Standard", WafV1 = "WAF" } }
string_enum! { /// WAF policy mode.
WafMode { Prevention = "Prevention", Detection = "Detection" } }
string_enum! { /// App Gateway for Containers deployment strategy.
AgcDeployment { Byo = "byo", Managed = "managed" } }
string_enum! { /// API Management SKU.
ApimSku { Developer = "Developer", Consumption = "Consumption", Basic = "Basic", Standard = "Standard", Premium = "Premium", BasicV2 = "BasicV2", StandardV2 = "StandardV2", PremiumV2 = "PremiumV2" } }
string_enum! { /// A managed identity's type (ARM `identity.type`).
IdentityType { SystemAssigned = "SystemAssigned", UserAssigned = "UserAssigned", Both = "SystemAssigned, UserAssigned" } }
string_enum! { /// API Management network mode.
ApimVnetMode { None = "none", External = "external", Internal = "internal", Integration = "integration" } }
string_enum! { /// Front Door SKU.
FrontDoorSku { Premium = "Premium_AzureFrontDoor", Standard = "Standard_AzureFrontDoor" } }
string_enum! { /// Traffic Manager routing method.
TrafficRouting { Performance = "Performance", Priority = "Priority", Weighted = "Weighted", Geographic = "Geographic", MultiValue = "MultiValue", Subnet = "Subnet" } }
string_enum! { /// PaaS services reachable by private endpoint.
PaasType { StorageAccount = "storage-account", KeyVault = "key-vault", ContainerRegistry = "container-registry", SqlServer = "sql-server", CosmosDb = "cosmos-db", PostgresqlFlexible = "postgresql-flexible", ServiceBus = "service-bus", EventHubs = "event-hubs", AppService = "app-service", Other = "other" } }
string_enum! { /// Kubernetes `externalTrafficPolicy`.
TrafficPolicy { Cluster = "Cluster", Local = "Local" } }
string_enum! { /// cert-manager ACME solver.
AcmeSolver { Http01 = "http01", Dns01 = "dns01" } }
string_enum! { /// Firewall rule kind.
FirewallRuleKind { Application = "application", Network = "network" } }
string_enum! { /// A Virtual WAN's `type`. Standard meshes its hubs and carries ExpressRoute, point-to-site VPN,
/// VNet-to-VNet transit through a hub and a secured hub's Azure Firewall; Basic only site-to-site VPN
/// (Microsoft Learn, "About Virtual WAN": Basic and Standard virtual WANs).
VirtualWanSku { Standard = "Standard", Basic = "Basic" } }
string_enum! { /// What a virtual hub's routing intent sends through the Azure Firewall in the hub
/// (`azurerm_virtual_hub_routing_intent`; Microsoft Learn, "How to configure Virtual WAN hub routing intent
/// and routing policies"): nothing, internet-bound traffic, private traffic (VNets, branches, other hubs), or both.
RoutingIntent { None = "none", Internet = "internet", Private = "private", InternetAndPrivate = "internet-and-private" } }
