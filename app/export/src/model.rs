//! The export model: the design and its plan resolved into what every target
//! needs, once. Names are sanitised per target (`tf` labels, `bicep` symbolic
//! names, `k8s` object names), every reference is resolved to the referenced
//! resource's names, subnet prefixes come from the plan (so `auto` subnets get
//! their allocated block), and every list is in a stable order (by id).
//!
//! Templates only lay these values out; they never look anything up.

use std::collections::BTreeMap;

use netdraft_core::model::{
    AcmeSolver, AgcDeployment, AgicMode, ApiManagement, ApimVnetMode, AppGateway, AppGatewayForContainers,
    AppGatewaySku, Bastion, BastionSku, CertIssuer, ClusterAuth, ClusterIdentity, DataPlane, ExpressRouteGateway,
    Firewall, FirewallPolicy, FirewallRuleKind, FrontDoor, IngressChoice, K8sService, Kind, MonitorProtocol,
    NatGateway, NetworkModel, NetworkPolicy, NodePool, Nsg, OnPremConnection, OnPremises, PaasService, PaasType,
    PoolMode, PrivateDnsZone, PrivateEndpoint, PrivateLinkService, PublicIp, Region, Resource, RouteTable, Subnet,
    TrafficManager, VirtualNetwork, VnetPeering, VpnGateway,
};
use netdraft_core::net::Cidr;
use netdraft_core::plan::{ClusterPlan, Plan};
use netdraft_core::{Design, Id};
use serde::Serialize;

use crate::names::{self, Names};

/// Names the Terraform output declares itself (variables, locals); design labels avoid them.
const TF_RESERVED: &[&str] = &["current", "this"];
/// Names the Bicep output declares itself (parameters); design symbols avoid them.
const BICEP_RESERVED: &[&str] = &["locations", "tags", "nodePools", "vpnSharedKeys", "tenantId"];

/// A reference to another resource, with its names in every target.
#[derive(Debug, Clone, Serialize)]
pub struct Ref {
    pub id: String,
    pub name: String,
    /// Catalogue key of its kind (`subnet`, `firewall`, …).
    pub kind: &'static str,
    pub tf: String,
    pub bicep: String,
    /// An existing resource outside the design (a VNet with `existing`):
    /// Terraform reads it with a `data` source, Bicep declares it `existing`.
    pub existing: bool,
}

/// Where an existing resource outside the design is, from its ARM id.
#[derive(Debug, Clone, Serialize)]
pub struct ExistingM {
    pub arm_id: String,
    pub subscription: String,
    pub resource_group: String,
    /// The alias of the Terraform provider that reads its subscription.
    pub provider: String,
}

impl ExistingM {
    /// Its resource group, which is no design group.
    fn group(&self) -> Ref {
        Ref {
            id: String::new(),
            name: self.resource_group.clone(),
            kind: "resource_group",
            tf: String::new(),
            bicep: String::new(),
            existing: true,
        }
    }

    /// `None` when the id names no subscription and resource group.
    fn parse(arm_id: &str) -> Option<ExistingM> {
        let segments: Vec<&str> = arm_id.split('/').collect();
        let after = |key: &str| {
            segments
                .windows(2)
                .find(|w| w[0].eq_ignore_ascii_case(key))
                .map(|w| w[1].to_owned())
                .filter(|x| !x.is_empty())
        };
        let subscription = after("subscriptions")?;
        Some(ExistingM {
            arm_id: arm_id.to_owned(),
            resource_group: after("resourceGroups")?,
            provider: provider_alias(&subscription),
            subscription,
        })
    }
}

/// A Terraform provider alias for a subscription holding existing resources.
#[derive(Debug, Clone, Serialize)]
pub struct ProviderM {
    pub alias: String,
    pub subscription: String,
}

/// What every Azure resource has.
#[derive(Debug, Clone, Serialize)]
pub struct Common {
    pub id: String,
    /// The Azure name.
    pub name: String,
    pub tf: String,
    pub bicep: String,
    /// The resource group (its `tf`/`bicep` names and Azure name).
    pub rg: Ref,
    /// Region key in the `locations` variable/parameter.
    pub region: String,
    /// Whether the resource sits in its resource group's region (Terraform then reads the group's location).
    pub same_region_as_rg: bool,
    pub notes: Option<String>,
    /// The alias of the Terraform provider for its resource group's subscription,
    /// when the group names one (a design spanning several subscriptions).
    pub provider: Option<String>,
}

impl Common {
    /// How many fields [`Common::serialize_fields`] writes.
    const FIELDS: usize = 9;

    /// Writes the common fields into the struct being serialised.
    fn serialize_fields<S: serde::ser::SerializeStruct>(&self, st: &mut S) -> Result<(), S::Error> {
        st.serialize_field("id", &self.id)?;
        st.serialize_field("name", &self.name)?;
        st.serialize_field("tf", &self.tf)?;
        st.serialize_field("bicep", &self.bicep)?;
        st.serialize_field("rg", &self.rg)?;
        st.serialize_field("region", &self.region)?;
        st.serialize_field("same_region_as_rg", &self.same_region_as_rg)?;
        st.serialize_field("notes", &self.notes)?;
        st.serialize_field("provider", &self.provider)
    }
}

/// Declares a model struct that carries a [`Common`] as `c` and serialises
/// its fields next to the struct's own, as one flat struct. (`#[serde(flatten)]`
/// would turn every such resource into a sorted map keyed by values, and
/// looking fields up in those maps was most of a render's cost; a struct
/// becomes a short field list.)
macro_rules! with_common {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $($(#[$fmeta:meta])* pub $field:ident: $ty:ty),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone)]
        pub struct $name {
            pub c: Common,
            $($(#[$fmeta])* pub $field: $ty),*
        }

        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeStruct as _;
                let own: &[&str] = &[$(stringify!($field)),*];
                let mut st = serializer.serialize_struct(stringify!($name), Common::FIELDS + own.len())?;
                self.c.serialize_fields(&mut st)?;
                $(st.serialize_field(stringify!($field), &self.$field)?;)*
                st.end()
            }
        }
    };
}

#[derive(Debug, Clone, Serialize)]
pub struct RegionM {
    pub id: String,
    pub name: String,
    /// Key in the `locations` map (Terraform) / object (Bicep).
    pub key: String,
    pub location: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RgM {
    pub id: String,
    pub name: String,
    pub tf: String,
    pub bicep: String,
    pub region: String,
    /// The Terraform provider alias of its subscription, when it names one.
    pub provider: Option<String>,
    /// The subscription it names.
    pub subscription: Option<String>,
}

with_common! {
    pub struct VnetM {
        pub address_space: Vec<String>,
        pub dns_servers: Vec<String>,
        pub ddos_protection: bool,
        /// An existing VNet outside the design: referenced, never created.
        pub existing: Option<ExistingM>,
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Delegation {
    /// A short name for the delegation block.
    pub name: String,
    pub service: String,
    /// Actions Azure attaches to the delegation (empty: let Azure decide).
    pub actions: Vec<&'static str>,
}

with_common! {
    pub struct SubnetM {
        pub vnet: Ref,
        /// Effective prefix from the plan (`None`: the planner could not place it).
        pub prefix: Option<String>,
        /// Further prefixes of a multi-prefix subnet, after `prefix`.
        pub extra_prefixes: Vec<String>,
        pub auto: bool,
        pub delegation: Option<Delegation>,
        pub nsg: Option<Ref>,
        pub route_table: Option<Ref>,
        pub nat_gateway: Option<Ref>,
        pub service_endpoints: Vec<String>,
        pub private_endpoint_network_policies: String,
        pub private_link_service_network_policies_enabled: bool,
    }
}

/// One direction of a peering.
#[derive(Debug, Clone, Serialize)]
pub struct PeeringM {
    pub id: String,
    pub name: String,
    pub tf: String,
    pub bicep: String,
    pub local: Ref,
    pub local_rg: Ref,
    pub remote: Ref,
    pub allow_virtual_network_access: bool,
    pub allow_forwarded_traffic: bool,
    pub allow_gateway_transit: bool,
    pub use_remote_gateways: bool,
    /// `forward` for `from` → `to`, `reverse` for the way back.
    pub direction: &'static str,
    /// Gateways in the remote VNet this direction uses (`use_remote_gateways`).
    pub remote_gateways: Vec<Ref>,
    /// The Terraform provider alias of the local VNet's subscription, when its group names one.
    pub provider: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct NsgRuleM {
    pub name: String,
    pub priority: u16,
    pub direction: String,
    pub access: String,
    pub protocol: String,
    pub source_ports: Vec<String>,
    pub destination_ports: Vec<String>,
    pub sources: Vec<String>,
    pub destinations: Vec<String>,
    pub description: Option<String>,
}

with_common! {
    pub struct NsgM {
        pub rules: Vec<NsgRuleM>,
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct RouteM {
    pub name: String,
    pub prefix: String,
    pub next_hop: String,
    pub next_hop_ip: Option<String>,
    /// The firewall whose private IP is the next hop.
    pub firewall: Option<Ref>,
}

with_common! {
    pub struct RouteTableM {
        pub bgp_route_propagation: bool,
        pub routes: Vec<RouteM>,
    }
}

with_common! {
    pub struct PublicIpM {
        pub sku: String,
        /// `Static` or `Dynamic`.
        pub allocation: String,
        pub zones: Vec<String>,
        pub prefix_length: Option<u8>,
        pub dns_label: Option<String>,
        /// More than one address from one declaration (firewall frontends).
        pub count: Option<u32>,
        /// Created for another resource (firewall, gateway, Bastion, App Gateway), not drawn in the design.
        pub implicit: bool,
    }
}

with_common! {
    pub struct NatM {
        pub sku: String,
        pub idle_timeout_minutes: Option<u32>,
        pub zones: Vec<String>,
        pub public_ips: Vec<Ref>,
        pub public_ip_prefixes: Vec<Ref>,
    }
}

with_common! {
    pub struct FirewallM {
        pub tier: String,
        pub subnet: Ref,
        pub public_ip: PublicIpM,
        pub public_ip_count: u32,
        pub management_subnet: Option<Ref>,
        pub management_public_ip: Option<PublicIpM>,
        pub policy: Option<Ref>,
        pub zones: Vec<String>,
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ProtocolPort {
    pub kind: String,
    pub port: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct AppRuleM {
    pub name: String,
    pub sources: Vec<String>,
    pub fqdns: Vec<String>,
    pub protocols: Vec<ProtocolPort>,
}

#[derive(Debug, Clone, Serialize)]
pub struct NetRuleM {
    pub name: String,
    pub sources: Vec<String>,
    pub addresses: Vec<String>,
    pub fqdns: Vec<String>,
    pub ports: Vec<String>,
    pub protocols: Vec<String>,
}

/// TLS inspection of a Premium firewall policy.
#[derive(Debug, Clone, Serialize)]
pub struct TlsInspectionM {
    pub certificate_name: String,
    pub key_vault_secret_id: String,
    /// ARM id of the existing user-assigned identity.
    pub identity: Option<String>,
}

/// The egress a cluster needs through a firewall policy.
#[derive(Debug, Clone, Serialize)]
pub struct AksEgressM {
    pub cluster: Ref,
    /// Subnets whose addresses leave through the firewall (node and pod subnets).
    pub subnets: Vec<Ref>,
    /// The same subnets' prefixes from the plan (for Bicep, which has no attribute to read).
    pub prefixes: Vec<String>,
}

with_common! {
    pub struct FirewallPolicyM {
        pub sku: String,
        pub dns_proxy: bool,
        pub dns_servers: Vec<String>,
        pub threat_intel_mode: String,
        pub threat_intel_allow_ips: Vec<String>,
        pub threat_intel_allow_fqdns: Vec<String>,
        pub idps_mode: Option<String>,
        pub tls: Option<TlsInspectionM>,
        pub aks: Vec<AksEgressM>,
        pub app_rules: Vec<AppRuleM>,
        pub net_rules: Vec<NetRuleM>,
    }
}

with_common! {
    pub struct LocalGatewayM {
        pub connection: &'static str,
        pub address_ranges: Vec<String>,
        pub device_address: Option<String>,
        pub device_is_ip: bool,
        pub bgp_asn: Option<u32>,
        /// Key in the `vpn_shared_keys` / `expressroute_circuit_ids` variable.
        pub key: String,
    }
}

with_common! {
    pub struct GatewayM {
        /// `Vpn` or `ExpressRoute`.
        pub gateway_type: &'static str,
        pub sku: String,
        pub active_active: bool,
        pub bgp_asn: Option<u32>,
        pub subnet: Ref,
        pub public_ips: Vec<PublicIpM>,
        pub connections: Vec<LocalGatewayM>,
    }
}

with_common! {
    pub struct BastionM {
        pub sku: String,
        pub scale_units: Option<u32>,
        pub subnet: Option<Ref>,
        pub vnet: Option<Ref>,
        pub public_ip: Option<PublicIpM>,
    }
}

with_common! {
    pub struct AppGatewayM {
        pub sku: String,
        pub v2: bool,
        pub waf_mode: Option<String>,
        pub waf_policy: Option<Ref>,
        pub min_capacity: u32,
        pub max_capacity: u32,
        pub subnet: Ref,
        pub private_ip: Option<String>,
        pub public_ip: Option<PublicIpM>,
        /// Static backend addresses (internal load balancer services).
        pub backend_ips: Vec<String>,
        pub backend_port: u16,
        pub backend_protocol: &'static str,
        /// The cluster whose AGIC manages this gateway's listeners and rules.
        pub agic: Option<Ref>,
        /// Predefined TLS policy: the design's (an imported gateway's own), else the pinned secure default.
        pub tls_policy: String,
        /// Whether that is the pinned secure default.
        pub tls_pinned: bool,
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct NamedChild {
    pub name: String,
    pub tf: String,
    pub bicep: String,
}

with_common! {
    pub struct AgcM {
        pub byo: bool,
        pub subnet: Ref,
        pub association: NamedChild,
        pub frontends: Vec<NamedChild>,
        pub cluster: Option<Ref>,
        pub identity: NamedChild,
        pub backend_tls: bool,
        pub hostnames: Vec<String>,
    }
}

with_common! {
    pub struct ApimM {
        pub sku: String,
        pub capacity: u32,
        /// `None`, `External` or `Internal` (injection); integration mode is `None` plus an outbound subnet.
        pub vnet_type: &'static str,
        pub integration: bool,
        pub subnet: Option<Ref>,
        pub publisher_name: String,
        pub publisher_email: String,
        /// The subnet's NSG association (injection needs the NSG in place first, APIM-INJ).
        pub needs: Vec<String>,
        pub zones: Vec<String>,
        /// Its own public IP (`publicIpAddressId`), when the design names one.
        pub public_ip: Option<Ref>,
        /// Managed identity type (`SystemAssigned`, `UserAssigned`, both), and the user-assigned ids.
        pub identity: Option<&'static str>,
        pub identity_ids: Vec<String>,
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct PlsRef {
    pub name: String,
    pub tf: String,
    pub bicep: String,
    pub region: String,
    /// Terraform expression of the resource group AKS creates it in.
    pub rg_tf: String,
    /// The node resource group it lives in, when AKS creates it.
    pub node_rg: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TmEndpointM {
    pub name: String,
    pub target: Ref,
    pub tf: String,
    /// `azure` (target resource id) or `external` (host name).
    pub kind: &'static str,
    pub target_tf: String,
    pub target_bicep: String,
    pub priority: usize,
    pub weight: u32,
    /// `endpointLocation` of an external endpoint (Performance routing).
    pub location: Option<String>,
}

with_common! {
    pub struct TrafficManagerM {
        pub routing: String,
        pub dns_name: String,
        pub ttl: u32,
        pub monitor_protocol: String,
        pub monitor_port: u16,
        /// `None` for TCP probes.
        pub monitor_path: Option<String>,
        pub endpoints: Vec<TmEndpointM>,
    }
}

with_common! {
    pub struct PrivateEndpointM {
        pub subnet: Ref,
        pub target: Ref,
        /// Terraform expression of the target's resource id.
        pub target_tf: String,
        pub target_bicep: String,
        pub subresource: Option<String>,
        pub dns_zone: Option<Ref>,
        pub static_ip: Option<String>,
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct DnsLinkM {
    pub name: String,
    pub tf: String,
    pub bicep: String,
    pub vnet: Ref,
    pub registration: bool,
}

with_common! {
    pub struct DnsZoneM {
        pub zone: String,
        pub links: Vec<DnsLinkM>,
    }
}

with_common! {
    pub struct PaasM {
        pub service: String,
        /// The azurerm resource type, when this configuration creates it.
        pub tf_type: Option<&'static str>,
        pub public_network_access: bool,
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct PoolM {
    pub id: String,
    /// Pool name as AKS wants it (`^[a-z][a-z0-9]{0,11}$`).
    pub name: String,
    pub tf: String,
    pub bicep: String,
    pub mode: String,
    pub vm_size: String,
    pub os: String,
    pub autoscale: bool,
    pub count: Option<u32>,
    pub min_count: Option<u32>,
    pub max_count: Option<u32>,
    /// Effective max pods (the plan's).
    pub max_pods: u32,
    /// Upgrade surge (the pool's, or the nodes the plan assumed).
    pub max_surge: String,
    pub node_subnet: Option<Ref>,
    pub pod_subnet: Option<Ref>,
    pub zones: Vec<String>,
}

with_common! {
    pub struct ClusterM {
        pub k8s: String,
        pub dns_prefix: String,
        pub load_balancer_sku: String,
        pub managed_outbound_ip_count: Option<u32>,
        /// Outbound public IPs and prefixes of the design (`loadBalancer` egress).
        pub outbound_ips: Vec<Ref>,
        pub outbound_ip_prefixes: Vec<Ref>,
        /// ARM id of an existing private DNS zone (or `none`), outside the design.
        pub private_dns_zone_existing: Option<String>,
        /// ARM id of an existing user-assigned identity the cluster uses; nothing is created for it.
        pub identity_existing: Option<String>,
        pub azure_policy: bool,
        pub local_accounts: bool,
        /// Entra ID integration (`aadProfile`) on.
        pub entra: bool,
        pub azure_rbac: bool,
        pub upgrade_channel: String,
        pub node_os_upgrade_channel: String,
        /// AKS's default node resource group name (Bicep sets it so others can find it).
        pub node_rg: String,
        pub kubernetes_version: Option<String>,
        pub sku_tier: String,
        pub network_model: String,
        pub network_plugin: &'static str,
        pub network_plugin_mode: Option<&'static str>,
        pub data_plane: Option<&'static str>,
        pub network_policy: Option<String>,
        pub outbound_type: String,
        pub service_cidr: String,
        pub dns_service_ip: String,
        pub pod_cidr: Option<String>,
        pub static_block: bool,
        pub private_cluster: bool,
        pub private_dns_zone: Option<Ref>,
        pub api_server_subnet: Option<Ref>,
        pub authorized_ip_ranges: Vec<String>,
        pub ingress: String,
        pub app_gateway: Option<Ref>,
        pub agic_addon: bool,
        pub workload_identity: bool,
        pub user_assigned: bool,
        pub identity: NamedChild,
        pub system_pool: Option<PoolM>,
        pub pools: Vec<PoolM>,
        /// VNets holding the cluster's subnets (the identity needs Network Contributor there).
        pub vnets: Vec<Ref>,
        /// Subnet associations that must exist before the cluster (route tables for UDR, NAT for NAT egress).
        pub needs: Vec<String>,
        /// Route tables of the cluster's subnets (kubenet writes its pod routes there).
        pub route_tables: Vec<Ref>,
        pub default_deny_namespaces: Vec<String>,
        pub agc: Option<AgcRef>,
        pub services: Vec<ServiceM>,
        pub issuers: Vec<IssuerM>,
        /// Namespaces the manifests use, sorted.
        pub namespaces: Vec<String>,
        /// AGIC installed as a Helm release (identity + federated credential).
        pub agic_helm: bool,
        /// The identity AGIC signs in with when installed as a Helm release.
        pub agic_identity: Option<NamedChild>,
        /// The Key Vault Secrets Provider add-on is on (the design has a Key Vault).
        pub key_vault_secrets_provider: bool,
        /// Host names of the cluster's AGIC Ingress (from its Application Gateway).
        pub ingress_hostnames: Vec<String>,
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct AgcRef {
    pub name: String,
    pub k8s: String,
    pub tf: String,
    pub bicep: String,
    pub byo: bool,
    pub frontend: Option<String>,
    pub backend_tls: bool,
    pub hostnames: Vec<String>,
    pub identity_tf: String,
    pub identity_bicep: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ServiceM {
    pub id: String,
    pub name: String,
    pub namespace: String,
    pub internal: bool,
    pub static_ip: Option<String>,
    pub ports: Vec<u16>,
    pub app: String,
    pub external_traffic_policy: String,
    /// The Azure name of the subnet its frontend IP comes from.
    pub subnet: Option<String>,
    pub private_link: Option<PlsM>,
    /// The Application Gateway or API Management that sends traffic here.
    pub fronted_by: Vec<String>,
    pub public_reason: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PlsM {
    pub name: String,
    pub subnet: Option<String>,
    pub nat_ip_count: u32,
    pub visibility: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct IssuerM {
    pub name: String,
    pub server: String,
    pub email: String,
    pub solver: String,
    pub ingress_class: Option<String>,
    /// DNS-01: the public Azure DNS zone and its resource group, when the design names them.
    pub dns_zone: Option<String>,
    pub dns_zone_rg: Option<String>,
    /// DNS-01: the identity cert-manager signs in with (workload identity).
    pub identity: Option<NamedChild>,
}

/// One resource in the design record's inventory.
#[derive(Debug, Clone, Serialize)]
pub struct InventoryRow {
    pub kind: &'static str,
    pub id: String,
    pub name: String,
    pub parent: Option<String>,
    pub resource_group: Option<String>,
}

/// Everything the templates render.
#[derive(Debug, Clone, Serialize)]
pub struct Model {
    pub name: String,
    pub description: String,
    pub tags: BTreeMap<String, String>,
    /// The azurerm provider major the Terraform templates write for: 5 or 4.
    pub azurerm: u8,
    pub regions: Vec<RegionM>,
    pub resource_groups: Vec<RgM>,
    /// Provider aliases for the subscriptions of existing resources, by alias.
    pub providers: Vec<ProviderM>,
    pub vnets: Vec<VnetM>,
    pub subnets: Vec<SubnetM>,
    pub peerings: Vec<PeeringM>,
    pub nsgs: Vec<NsgM>,
    pub route_tables: Vec<RouteTableM>,
    pub public_ips: Vec<PublicIpM>,
    pub nat_gateways: Vec<NatM>,
    pub firewalls: Vec<FirewallM>,
    pub firewall_policies: Vec<FirewallPolicyM>,
    pub gateways: Vec<GatewayM>,
    pub bastions: Vec<BastionM>,
    pub app_gateways: Vec<AppGatewayM>,
    pub agcs: Vec<AgcM>,
    pub apims: Vec<ApimM>,
    pub front_doors: Vec<FrontDoorM>,
    pub traffic_managers: Vec<TrafficManagerM>,
    pub private_endpoints: Vec<PrivateEndpointM>,
    pub dns_zones: Vec<DnsZoneM>,
    pub paas: Vec<PaasM>,
    pub clusters: Vec<ClusterM>,
    /// Private Link Services created by AKS from Service annotations (Terraform/Bicep only read them).
    pub private_link_services: Vec<PlsRef>,
    pub inventory: Vec<InventoryRow>,
    pub decisions: Vec<DecisionM>,
    /// What the Terraform variables / Bicep parameters need to declare.
    pub inputs: Inputs,
}

/// Inputs the design cannot know (secrets, existing resources) and per-environment sizes.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Inputs {
    /// Every node pool, by label.
    pub node_pools: Vec<PoolM>,
    /// On-premises sites connected over VPN (keys of `vpn_shared_keys`).
    pub vpn_sites: Vec<String>,
    /// On-premises sites connected over ExpressRoute (keys of `expressroute_circuit_ids`).
    pub er_sites: Vec<String>,
    /// Private-endpoint targets this export does not create (keys of `paas_resource_ids`).
    pub external_targets: Vec<String>,
    /// Front Door origins whose host name is an input (keys of `origin_host_names`).
    pub origin_hosts: Vec<String>,
}

fn inputs(m: &Model) -> Inputs {
    let mut i = Inputs::default();
    for c in &m.clusters {
        i.node_pools.extend(c.system_pool.iter().cloned());
        i.node_pools.extend(c.pools.iter().cloned());
    }
    for g in &m.gateways {
        for c in &g.connections {
            if c.connection == "vpn" {
                i.vpn_sites.push(c.key.clone());
            } else {
                i.er_sites.push(c.key.clone());
            }
        }
    }
    i.external_targets = m
        .private_endpoints
        .iter()
        .filter(|p| p.target_tf.starts_with("var."))
        .map(|p| p.target.tf.clone())
        .collect();
    i.origin_hosts = m
        .front_doors
        .iter()
        .flat_map(|f| &f.origins)
        .filter(|o| o.host_tf.starts_with("var."))
        .map(|o| o.target.tf.clone())
        .collect();
    for v in [
        &mut i.vpn_sites,
        &mut i.er_sites,
        &mut i.external_targets,
        &mut i.origin_hosts,
    ] {
        v.sort();
        v.dedup();
    }
    i
}

#[derive(Debug, Clone, Serialize)]
pub struct DecisionM {
    pub title: String,
    pub decision: String,
    pub reason: String,
}

/// The Terraform provider alias for a subscription.
fn provider_alias(subscription: &str) -> String {
    names::tf_label(&format!("sub_{}", subscription.to_ascii_lowercase()))
}

/// The subscription a resource group names, if any.
fn subscription_of(rg: &Resource) -> Option<&str> {
    match &rg.spec {
        netdraft_core::model::Spec::ResourceGroup(g) => g.subscription.as_deref().filter(|s| !s.is_empty()),
        _ => None,
    }
}

/// Where an existing resource of the design is (a VNet with `existing`).
fn existing_of(res: &Resource) -> Option<ExistingM> {
    match &res.spec {
        netdraft_core::model::Spec::VirtualNetwork(v) => v.existing.as_deref().and_then(ExistingM::parse),
        _ => None,
    }
}

/// Builds the export model of a design from it and its plan.
pub fn build(design: &Design, plan: &Plan) -> Model {
    Builder::new(design, plan).build()
}

struct Builder<'a> {
    design: &'a Design,
    plan: &'a Plan,
    tf: BTreeMap<String, String>,
    bicep: BTreeMap<String, String>,
    tf_names: Names,
    bicep_names: Names,
    regions: Vec<RegionM>,
    default_rg: Option<RgM>,
}

impl<'a> Builder<'a> {
    fn new(design: &'a Design, plan: &'a Plan) -> Builder<'a> {
        let mut b = Builder {
            design,
            plan,
            tf: BTreeMap::new(),
            bicep: BTreeMap::new(),
            tf_names: Names::reserving(TF_RESERVED),
            bicep_names: Names::reserving(BICEP_RESERVED),
            regions: Vec::new(),
            default_rg: None,
        };
        // Every resource gets its names up front, in id order, so the names do
        // not depend on which exporter asks first. They come from the Azure
        // name the user sees (a renamed VNet exports under its new name), made
        // unique where two resources share one.
        for r in design.resources() {
            let tf = b.tf_names.unique(names::tf_label(r.name()), "_");
            let bicep = b.bicep_names.unique(names::bicep_ident(r.name()), "");
            b.tf.insert(r.id.to_string(), tf);
            b.bicep.insert(r.id.to_string(), bicep);
        }
        let mut region_keys = Names::default();
        for (r, spec) in design.all::<Region>() {
            b.regions.push(RegionM {
                id: r.id.to_string(),
                name: r.name().to_owned(),
                key: region_keys.unique(names::tf_label(r.id.as_str()), "_"),
                location: spec.location.clone(),
            });
        }
        if b.regions.is_empty() {
            b.regions.push(RegionM {
                id: String::new(),
                name: "default".to_owned(),
                key: "default".to_owned(),
                location: String::new(),
            });
        }
        b
    }

    /// An extra name derived from an owner's (`afw` + `pip` → `afw_pip` / `afwPip`).
    fn derived(&mut self, owner: &str, suffix: &str) -> (String, String) {
        let tf = self
            .tf_names
            .unique(names::tf_label(&format!("{}_{suffix}", self.tf_of(owner))), "_");
        let bicep = self
            .bicep_names
            .unique(names::bicep_ident(&format!("{}-{suffix}", self.bicep_of(owner))), "");
        (tf, bicep)
    }

    fn tf_of(&self, id: &str) -> String {
        self.tf.get(id).cloned().unwrap_or_else(|| names::tf_label(id))
    }

    fn bicep_of(&self, id: &str) -> String {
        self.bicep.get(id).cloned().unwrap_or_else(|| names::bicep_ident(id))
    }

    fn r(&self, id: &Id) -> Option<Ref> {
        let res = self.design.get(id.as_str())?;
        Some(self.ref_of(res))
    }

    fn ref_of(&self, res: &Resource) -> Ref {
        Ref {
            id: res.id.to_string(),
            name: res.name().to_owned(),
            kind: res.kind().key(),
            tf: self.tf_of(res.id.as_str()),
            bicep: self.bicep_of(res.id.as_str()),
            existing: existing_of(res).is_some(),
        }
    }

    fn region_key_of(&self, id: &str) -> String {
        let region = self.design.enclosing(id, Kind::Region).map(|r| r.id.to_string());
        let region = region.or_else(|| {
            // No region above it: use its resource group's.
            let rg = self.rg_id_of(id)?;
            self.design.enclosing(&rg, Kind::Region).map(|r| r.id.to_string())
        });
        region
            .and_then(|rid| self.regions.iter().find(|r| r.id == rid))
            .or_else(|| self.regions.first())
            .map(|r| r.key.clone())
            .unwrap_or_default()
    }

    /// The resource group a resource is deployed in: its own, or the nearest ancestor's.
    fn rg_id_of(&self, id: &str) -> Option<String> {
        let me = self.design.get(id)?;
        if let Some(rg) = &me.meta.resource_group {
            return Some(rg.to_string());
        }
        for a in self.design.ancestors(id) {
            if a.kind() == Kind::ResourceGroup {
                return Some(a.id.to_string());
            }
            if let Some(rg) = &a.meta.resource_group {
                return Some(rg.to_string());
            }
        }
        None
    }

    fn default_rg(&mut self) -> Ref {
        if self.default_rg.is_none() {
            let tf = self.tf_names.unique("default".to_owned(), "_");
            let bicep = self.bicep_names.unique("defaultRg".to_owned(), "");
            let name = format!("rg-{}", names::k8s_name(&self.design.name));
            let region = self.regions.first().map(|r| r.key.clone()).unwrap_or_default();
            self.default_rg = Some(RgM {
                id: String::new(),
                name,
                tf,
                bicep,
                region,
                provider: None,
                subscription: None,
            });
        }
        let rg = self.default_rg.as_ref();
        Ref {
            id: String::new(),
            name: rg.map(|r| r.name.clone()).unwrap_or_default(),
            kind: "resource_group",
            tf: rg.map(|r| r.tf.clone()).unwrap_or_default(),
            bicep: rg.map(|r| r.bicep.clone()).unwrap_or_default(),
            existing: false,
        }
    }

    fn common(&mut self, res: &Resource) -> Common {
        let group = self.rg_id_of(res.id.as_str()).and_then(|id| self.design.get(&id));
        let provider = group.and_then(subscription_of).map(provider_alias);
        let rg = match group {
            Some(rg) => self.ref_of(rg),
            None => self.default_rg(),
        };
        let region = self.region_key_of(res.id.as_str());
        let rg_region = if rg.id.is_empty() {
            self.regions.first().map(|r| r.key.clone()).unwrap_or_default()
        } else {
            self.region_key_of(&rg.id)
        };
        Common {
            id: res.id.to_string(),
            name: res.name().to_owned(),
            tf: self.tf_of(res.id.as_str()),
            bicep: self.bicep_of(res.id.as_str()),
            same_region_as_rg: region == rg_region,
            region,
            rg,
            notes: res.meta.notes.clone(),
            provider,
        }
    }

    /// A resource created for `owner` that the design does not draw (a public IP, an identity).
    fn implicit_common(&mut self, owner: &Resource, suffix: &str, name: String) -> Common {
        let mut c = self.common(owner);
        let (tf, bicep) = self.derived(owner.id.as_str(), suffix);
        c.id = format!("{}-{suffix}", owner.id);
        c.name = name;
        c.tf = tf;
        c.bicep = bicep;
        c.notes = None;
        c
    }

    fn parent_ref(&self, res: &Resource) -> Option<Ref> {
        res.parent().and_then(|p| self.r(p))
    }

    #[allow(clippy::too_many_lines)] // one line per kind; splitting it would only scatter them
    fn build(mut self) -> Model {
        let d = self.design;
        let mut public_ips = Vec::new();
        for (r, s) in d.all::<PublicIp>() {
            let c = self.common(r);
            public_ips.push(public_ip(c, s));
        }
        let vnets: Vec<VnetM> = d.all::<VirtualNetwork>().map(|(r, s)| self.vnet(r, s)).collect();
        let mut providers: Vec<ProviderM> = vnets
            .iter()
            .filter_map(|v| v.existing.as_ref())
            .map(|e| ProviderM {
                alias: e.provider.clone(),
                subscription: e.subscription.clone(),
            })
            .collect();
        providers.extend(
            d.of_kind(Kind::ResourceGroup)
                .filter_map(subscription_of)
                .map(|sub| ProviderM {
                    alias: provider_alias(sub),
                    subscription: sub.to_owned(),
                }),
        );
        providers.sort_by(|a, b| a.alias.cmp(&b.alias));
        providers.dedup_by(|a, b| a.alias == b.alias);
        let subnets = d.all::<Subnet>().filter_map(|(r, s)| self.subnet(r, s)).collect();
        let peerings = d.all::<VnetPeering>().flat_map(|(r, s)| self.peering(r, s)).collect();
        let nsgs = d.all::<Nsg>().map(|(r, s)| self.nsg(r, s)).collect();
        let route_tables = d.all::<RouteTable>().map(|(r, s)| self.route_table(r, s)).collect();
        let nat_gateways = d.all::<NatGateway>().map(|(r, s)| self.nat(r, s)).collect();
        let firewalls = d.all::<Firewall>().filter_map(|(r, s)| self.firewall(r, s)).collect();
        let firewall_policies = d.all::<FirewallPolicy>().map(|(r, s)| self.policy(r, s)).collect();
        let mut gateways: Vec<GatewayM> = d.all::<VpnGateway>().filter_map(|(r, s)| self.vpn(r, s)).collect();
        gateways.extend(d.all::<ExpressRouteGateway>().filter_map(|(r, s)| self.er(r, s)));
        let bastions = d.all::<Bastion>().map(|(r, s)| self.bastion(r, s)).collect();
        let app_gateways = d
            .all::<AppGateway>()
            .filter_map(|(r, s)| self.app_gateway(r, s))
            .collect();
        let agcs = d
            .all::<AppGatewayForContainers>()
            .filter_map(|(r, s)| self.agc(r, s))
            .collect();
        let apims = d.all::<ApiManagement>().map(|(r, s)| self.apim(r, s)).collect();
        let private_link_services: Vec<PlsRef> = d.all::<PrivateLinkService>().map(|(r, s)| self.pls(r, s)).collect();
        let front_doors = d
            .all::<FrontDoor>()
            .map(|(r, s)| self.front_door(r, s, &private_link_services))
            .collect();
        let traffic_managers = d
            .all::<TrafficManager>()
            .map(|(r, s)| self.traffic_manager(r, s))
            .collect();
        let private_endpoints = d
            .all::<PrivateEndpoint>()
            .filter_map(|(r, s)| self.private_endpoint(r, s))
            .collect();
        let dns_zones = d.all::<PrivateDnsZone>().map(|(r, s)| self.dns_zone(r, s)).collect();
        let paas = d.all::<PaasService>().map(|(r, s)| self.paas(r, s)).collect();
        let clusters = d
            .all::<netdraft_core::model::AksCluster>()
            .map(|(r, s)| self.cluster(r, s))
            .collect();
        public_ips.sort_by(|a, b| a.c.tf.cmp(&b.c.tf));

        let mut resource_groups: Vec<RgM> = d
            .of_kind(Kind::ResourceGroup)
            .map(|r| RgM {
                id: r.id.to_string(),
                name: r.name().to_owned(),
                tf: self.tf_of(r.id.as_str()),
                bicep: self.bicep_of(r.id.as_str()),
                region: self.region_key_of(r.id.as_str()),
                provider: subscription_of(r).map(provider_alias),
                subscription: subscription_of(r).map(str::to_owned),
            })
            .collect();
        resource_groups.extend(self.default_rg.take());

        let inventory = d
            .resources()
            .map(|r| InventoryRow {
                kind: r.kind().label(),
                id: r.id.to_string(),
                name: r.name().to_owned(),
                parent: r.parent().and_then(|p| d.get(p.as_str())).map(|p| p.name().to_owned()),
                resource_group: self
                    .rg_id_of(r.id.as_str())
                    .and_then(|id| d.get(&id))
                    .map(|g| g.name().to_owned()),
            })
            .collect();

        let mut m = Model {
            inputs: Inputs::default(),
            name: d.name.clone(),
            description: d.description.clone(),
            tags: d.settings.tags.clone(),
            azurerm: d.settings.azurerm.number(),
            regions: self.regions,
            resource_groups,
            providers,
            vnets,
            subnets,
            peerings,
            nsgs,
            route_tables,
            public_ips,
            nat_gateways,
            firewalls,
            firewall_policies,
            gateways,
            bastions,
            app_gateways,
            agcs,
            apims,
            front_doors,
            traffic_managers,
            private_endpoints,
            dns_zones,
            paas,
            clusters,
            private_link_services,
            inventory,
            decisions: d
                .decisions
                .iter()
                .map(|x| DecisionM {
                    title: x.title.clone(),
                    decision: x.decision.clone(),
                    reason: x.reason.clone(),
                })
                .collect(),
        };
        m.inputs = inputs(&m);
        m
    }

    fn vnet(&mut self, r: &Resource, s: &VirtualNetwork) -> VnetM {
        let existing = existing_of(r);
        let c = match &existing {
            // Its group is the one in its ARM id: no design group, never the default one.
            Some(e) => Common {
                id: r.id.to_string(),
                name: r.name().to_owned(),
                tf: self.tf_of(r.id.as_str()),
                bicep: self.bicep_of(r.id.as_str()),
                rg: e.group(),
                region: self.region_key_of(r.id.as_str()),
                same_region_as_rg: false,
                notes: r.meta.notes.clone(),
                provider: None,
            },
            None => self.common(r),
        };
        VnetM {
            c,
            address_space: s.address_space.iter().map(ToString::to_string).collect(),
            dns_servers: s.dns_servers.iter().map(ToString::to_string).collect(),
            // Settings of a VNet netdraft does not own are not exported.
            ddos_protection: s.ddos_protection && existing.is_none(),
            existing,
        }
    }

    fn subnet(&mut self, r: &Resource, s: &Subnet) -> Option<SubnetM> {
        let vnet = self.parent_ref(r).filter(|v| v.kind == Kind::VirtualNetwork.key())?;
        let planned = self.plan.subnet(r.id.as_str());
        Some(SubnetM {
            c: self.common(r),
            vnet,
            prefix: self.plan.prefix_of(r.id.as_str()).map(|c| c.to_string()),
            extra_prefixes: s.extra_prefixes.iter().map(ToString::to_string).collect(),
            auto: planned.is_some_and(|p| p.auto),
            delegation: s.delegation.as_deref().map(delegation),
            nsg: s.nsg.as_ref().and_then(|i| self.r(i)),
            route_table: s.route_table.as_ref().and_then(|i| self.r(i)),
            nat_gateway: s.nat_gateway.as_ref().and_then(|i| self.r(i)),
            service_endpoints: s.service_endpoints.clone(),
            private_endpoint_network_policies: s.private_endpoint_network_policies.as_str().to_owned(),
            private_link_service_network_policies_enabled: s.private_link_service_network_policies,
        })
    }

    fn peering(&mut self, r: &Resource, s: &VnetPeering) -> Vec<PeeringM> {
        let (Some(from), Some(to)) = (self.r(&s.from), self.r(&s.to)) else {
            return Vec::new();
        };
        let from_rg = self.vnet_rg(&s.from, r);
        let to_rg = self.vnet_rg(&s.to, r);
        let (back_tf, back_bicep) = self.derived(r.id.as_str(), "back");
        let back_name = s
            .reverse_name
            .clone()
            .unwrap_or_else(|| VnetPeering::default_reverse_name(r.name(), &from.name, &to.name));
        let mut out = vec![
            PeeringM {
                id: r.id.to_string(),
                name: r.name().to_owned(),
                tf: self.tf_of(r.id.as_str()),
                bicep: self.bicep_of(r.id.as_str()),
                local: from.clone(),
                local_rg: from_rg,
                provider: self.provider_of(&s.from),
                remote: to.clone(),
                allow_virtual_network_access: s.allow_virtual_network_access,
                allow_forwarded_traffic: s.allow_forwarded_traffic,
                allow_gateway_transit: s.allow_gateway_transit,
                use_remote_gateways: false,
                direction: "forward",
                remote_gateways: Vec::new(),
            },
            PeeringM {
                id: r.id.to_string(),
                name: back_name,
                tf: back_tf,
                bicep: back_bicep,
                local: to,
                local_rg: to_rg,
                provider: self.provider_of(&s.to),
                remote: from,
                allow_virtual_network_access: s.allow_virtual_network_access,
                allow_forwarded_traffic: s.allow_forwarded_traffic,
                allow_gateway_transit: false,
                use_remote_gateways: s.use_remote_gateways,
                direction: "reverse",
                remote_gateways: if s.use_remote_gateways {
                    self.gateways_in(&s.from)
                } else {
                    Vec::new()
                },
            },
        ];
        // A peering that is not connected exists in one direction only: `from` → `to`.
        if !s.is_connected() {
            out.truncate(1);
        }
        // The direction that lives in an existing VNet belongs to that VNet's owner.
        out.retain(|p| !p.local.existing);
        out
    }

    /// The Terraform provider alias of a resource's group's subscription, if it names one.
    fn provider_of(&self, id: &Id) -> Option<String> {
        let rg = self.rg_id_of(id.as_str())?;
        self.design.get(&rg).and_then(subscription_of).map(provider_alias)
    }

    /// A peered VNet's resource group (`fallback`'s when the VNet is missing).
    fn vnet_rg(&mut self, vnet: &Id, fallback: &Resource) -> Ref {
        let res = self.design.get(vnet.as_str()).unwrap_or(fallback);
        match existing_of(res) {
            Some(e) => e.group(),
            None => self.common(res).rg,
        }
    }

    /// VPN and ExpressRoute gateways whose GatewaySubnet is in a VNet.
    fn gateways_in(&self, vnet: &Id) -> Vec<Ref> {
        self.design
            .resources()
            .filter(|g| matches!(g.kind(), Kind::VpnGateway | Kind::ExpressRouteGateway))
            .filter(|g| {
                g.parent()
                    .and_then(|p| self.design.get(p.as_str()))
                    .and_then(|sn| sn.parent())
                    == Some(vnet)
            })
            .map(|g| self.ref_of(g))
            .collect()
    }

    fn nsg(&mut self, r: &Resource, s: &Nsg) -> NsgM {
        let rules = s
            .rules
            .iter()
            .map(|x| NsgRuleM {
                name: x.name.clone(),
                priority: x.priority,
                direction: x.direction.as_str().to_owned(),
                access: x.access.as_str().to_owned(),
                protocol: x.protocol.as_str().to_owned(),
                source_ports: split_list(&x.source_ports),
                destination_ports: split_list(&x.destination_ports),
                sources: split_list(&x.source),
                destinations: split_list(&x.destination),
                description: x.description.clone(),
            })
            .collect();
        NsgM {
            c: self.common(r),
            rules,
        }
    }

    fn route_table(&mut self, r: &Resource, s: &RouteTable) -> RouteTableM {
        let routes = s
            .routes
            .iter()
            .map(|x| RouteM {
                name: x.name.clone(),
                prefix: x.prefix.to_string(),
                next_hop: x.next_hop.as_str().to_owned(),
                next_hop_ip: x.next_hop_ip.map(|ip| ip.to_string()),
                firewall: x
                    .next_hop_resource
                    .as_ref()
                    .and_then(|i| self.r(i))
                    .filter(|f| f.kind == Kind::Firewall.key()),
            })
            .collect();
        RouteTableM {
            c: self.common(r),
            bgp_route_propagation: s.bgp_route_propagation,
            routes,
        }
    }

    fn nat(&mut self, r: &Resource, s: &NatGateway) -> NatM {
        let (mut ips, mut prefixes) = (Vec::new(), Vec::new());
        for id in &s.public_ips {
            let is_prefix = self
                .design
                .spec::<PublicIp>(id.as_str())
                .is_some_and(|p| p.prefix_length.is_some());
            if let Some(x) = self.r(id) {
                if is_prefix { prefixes.push(x) } else { ips.push(x) }
            }
        }
        NatM {
            c: self.common(r),
            sku: s.sku.as_str().to_owned(),
            idle_timeout_minutes: s.idle_timeout_minutes,
            zones: s.zones.clone(),
            public_ips: ips,
            public_ip_prefixes: prefixes,
        }
    }

    fn implicit_ip(&mut self, owner: &Resource, suffix: &str, zones: &[String], count: Option<u32>) -> PublicIpM {
        let c = self.implicit_common(owner, suffix, format!("pip-{}", owner.name()));
        PublicIpM {
            c,
            sku: "Standard".to_owned(),
            allocation: "Static".to_owned(),
            zones: zones.to_vec(),
            prefix_length: None,
            dns_label: None,
            count,
            implicit: true,
        }
    }

    fn firewall(&mut self, r: &Resource, s: &Firewall) -> Option<FirewallM> {
        let subnet = self.parent_ref(r)?;
        let count = s.public_ip_count.max(1);
        let pip = self.implicit_ip(r, "pip", &s.zones, (count > 1).then_some(count));
        // Basic always has a management NIC in AzureFirewallManagementSubnet (AZFW-MGMT).
        let (mut management_subnet, mut management_public_ip) = (None, None);
        if s.tier == netdraft_core::model::FirewallTier::Basic {
            let vnet = self.design.get(subnet.id.as_str()).and_then(|x| x.parent().cloned());
            if let Some(vnet) = vnet {
                management_subnet = self
                    .design
                    .children(vnet.as_str())
                    .find(|c| c.kind() == Kind::Subnet && c.name() == "AzureFirewallManagementSubnet")
                    .map(|c| self.ref_of(c));
            }
            if management_subnet.is_some() {
                let mut mip = self.implicit_ip(r, "mgmt-pip", &s.zones, None);
                mip.c.name = format!("pip-{}-mgmt", r.name());
                management_public_ip = Some(mip);
            }
        }
        Some(FirewallM {
            c: self.common(r),
            tier: s.tier.as_str().to_owned(),
            subnet,
            public_ip: pip,
            public_ip_count: count,
            management_subnet,
            management_public_ip,
            policy: s.policy.as_ref().and_then(|i| self.r(i)),
            zones: s.zones.clone(),
        })
    }

    fn policy(&mut self, r: &Resource, s: &FirewallPolicy) -> FirewallPolicyM {
        // The policy's own tier, else the tier of the firewall that uses it.
        let sku = s
            .tier
            .or_else(|| {
                self.design
                    .all::<Firewall>()
                    .find(|(_, f)| f.policy.as_ref() == Some(&r.id))
                    .map(|(_, f)| f.tier)
            })
            .map_or("Standard", |t| t.as_str())
            .to_owned();
        let aks = s
            .aks_egress_for
            .iter()
            .filter_map(|cid| {
                let cluster = self.r(cid)?;
                let cp = self.plan.cluster(cid.as_str())?;
                let mut subnet_ids: Vec<&Id> = cp
                    .pools
                    .iter()
                    .flat_map(|p| p.node_subnet.iter().chain(p.pod_subnet.iter()))
                    .collect();
                subnet_ids.sort();
                subnet_ids.dedup();
                let subnets: Vec<Ref> = subnet_ids.iter().filter_map(|i| self.r(i)).collect();
                let prefixes = subnet_ids
                    .iter()
                    .filter_map(|i| self.plan.prefix_of(i.as_str()))
                    .map(|c| c.to_string())
                    .collect();
                Some(AksEgressM {
                    cluster,
                    subnets,
                    prefixes,
                })
            })
            .collect();
        let mut app_rules = Vec::new();
        let mut net_rules = Vec::new();
        for rule in &s.rules {
            match rule.kind {
                FirewallRuleKind::Application => app_rules.push(AppRuleM {
                    name: rule.name.clone(),
                    sources: rule.sources.clone(),
                    fqdns: rule.destinations.clone(),
                    protocols: rule
                        .ports
                        .iter()
                        .map(|p| match p.split_once(':') {
                            Some((kind, port)) => ProtocolPort {
                                kind: kind.to_owned(),
                                port: port.to_owned(),
                            },
                            None => ProtocolPort {
                                kind: "Https".to_owned(),
                                port: p.clone(),
                            },
                        })
                        .collect(),
                }),
                FirewallRuleKind::Network => {
                    let (addresses, fqdns) = rule.destinations.iter().cloned().partition(|x| is_address(x));
                    net_rules.push(NetRuleM {
                        name: rule.name.clone(),
                        sources: rule.sources.clone(),
                        addresses,
                        fqdns,
                        ports: rule.ports.clone(),
                        protocols: if rule.protocols.is_empty() {
                            vec!["Any".to_owned()]
                        } else {
                            rule.protocols.clone()
                        },
                    });
                }
            }
        }
        FirewallPolicyM {
            c: self.common(r),
            sku,
            dns_proxy: s.dns_proxy,
            dns_servers: s.dns_servers.iter().map(ToString::to_string).collect(),
            threat_intel_mode: s.threat_intel_mode.as_str().to_owned(),
            threat_intel_allow_ips: s.threat_intel_allow_ips.clone(),
            threat_intel_allow_fqdns: s.threat_intel_allow_fqdns.clone(),
            idps_mode: s.idps_mode.map(|m| m.as_str().to_owned()),
            tls: s.tls_inspection.as_ref().map(|t| TlsInspectionM {
                certificate_name: t.certificate_name.clone(),
                key_vault_secret_id: t.key_vault_secret_id.clone(),
                identity: t.identity.clone(),
            }),
            aks,
            app_rules,
            net_rules,
        }
    }

    fn connections(&mut self, gateway: &Resource) -> Vec<LocalGatewayM> {
        let on_prems: Vec<(&Resource, &OnPremises)> = self
            .design
            .all::<OnPremises>()
            .filter(|(_, o)| o.gateway.as_ref() == Some(&gateway.id))
            .collect();
        on_prems
            .into_iter()
            .map(|(r, o)| {
                let mut c = self.common(gateway);
                c.id = r.id.to_string();
                r.name().clone_into(&mut c.name);
                c.tf = self.tf_of(r.id.as_str());
                c.bicep = self.bicep_of(r.id.as_str());
                c.notes.clone_from(&r.meta.notes);
                LocalGatewayM {
                    key: names::tf_label(r.id.as_str()),
                    c,
                    connection: match o.connection {
                        OnPremConnection::Vpn => "vpn",
                        OnPremConnection::ExpressRoute => "expressroute",
                    },
                    address_ranges: o.address_ranges.iter().map(ToString::to_string).collect(),
                    device_is_ip: o
                        .device_address
                        .as_deref()
                        .is_some_and(|a| a.parse::<std::net::IpAddr>().is_ok()),
                    device_address: o.device_address.clone(),
                    bgp_asn: o.bgp_asn,
                }
            })
            .collect()
    }

    fn vpn(&mut self, r: &Resource, s: &VpnGateway) -> Option<GatewayM> {
        let subnet = self.parent_ref(r)?;
        let zones: Vec<String> = if s.sku.ends_with("AZ") {
            vec!["1".into(), "2".into(), "3".into()]
        } else {
            Vec::new()
        };
        let mut public_ips = Vec::new();
        let n = if s.active_active { 2 } else { 1 };
        for i in 1..=n {
            let suffix = if n == 1 { "pip".to_owned() } else { format!("pip-{i}") };
            let mut pip = self.implicit_ip(r, &suffix, &zones, None);
            if n > 1 {
                pip.c.name = format!("pip-{}-{i}", r.name());
            }
            public_ips.push(pip);
        }
        let connections = self.connections(r);
        Some(GatewayM {
            c: self.common(r),
            gateway_type: "Vpn",
            sku: s.sku.clone(),
            active_active: s.active_active,
            bgp_asn: s.bgp_asn,
            subnet,
            public_ips,
            connections,
        })
    }

    fn er(&mut self, r: &Resource, s: &ExpressRouteGateway) -> Option<GatewayM> {
        let subnet = self.parent_ref(r)?;
        let connections = self.connections(r);
        Some(GatewayM {
            c: self.common(r),
            gateway_type: "ExpressRoute",
            sku: s.sku.clone(),
            active_active: false,
            bgp_asn: None,
            subnet,
            public_ips: Vec::new(),
            connections,
        })
    }

    fn bastion(&mut self, r: &Resource, s: &Bastion) -> BastionM {
        let developer = s.sku == BastionSku::Developer;
        let parent = self.parent_ref(r);
        let (subnet, vnet) = match parent {
            Some(p) if p.kind == Kind::Subnet.key() => {
                let vnet = self.design.get(p.id.as_str()).and_then(|x| self.parent_ref(x));
                (Some(p), vnet)
            }
            Some(p) => (None, Some(p)),
            None => (None, None),
        };
        let public_ip = if developer {
            None
        } else {
            Some(self.implicit_ip(r, "pip", &[], None))
        };
        BastionM {
            c: self.common(r),
            sku: s.sku.as_str().to_owned(),
            scale_units: s.scale_units,
            subnet: if developer { None } else { subnet },
            vnet,
            public_ip,
        }
    }

    fn app_gateway(&mut self, r: &Resource, s: &AppGateway) -> Option<AppGatewayM> {
        /// TLS 1.2 or later with strong cipher suites only.
        const PINNED_TLS_POLICY: &str = "AppGwSslPolicy20220101S";
        let subnet = self.parent_ref(r)?;
        let waf = matches!(s.sku, AppGatewaySku::WafV2 | AppGatewaySku::WafV1);
        let zones = Vec::new();
        let public_ip = if s.public_frontend {
            let mut pip = self.implicit_ip(r, "pip", &zones, None);
            // Traffic Manager Azure endpoints need a DNS name on the public IP.
            let fronted_by_tm = self
                .design
                .all::<TrafficManager>()
                .any(|(_, t)| t.endpoints.contains(&r.id));
            if fronted_by_tm {
                pip.dns_label = Some(names::k8s_name(r.name()));
            }
            Some(pip)
        } else {
            None
        };
        let waf_policy = if waf && s.waf_mode.is_some() {
            let (tf, bicep) = self.derived(r.id.as_str(), "waf");
            Some(Ref {
                id: format!("{}-waf", r.id),
                name: format!("waf-{}", r.name()),
                kind: "waf_policy",
                tf,
                bicep,
                existing: false,
            })
        } else {
            None
        };
        let mut backend_ips = Vec::new();
        let mut backend_port = 80;
        for b in &s.backends {
            if let Some(svc) = self.design.spec::<K8sService>(b.as_str()) {
                if let Some(ip) = svc.static_ip {
                    backend_ips.push(ip.to_string());
                }
                if let Some(p) = svc.ports.first() {
                    backend_port = *p;
                }
            }
        }
        let agic = self
            .design
            .all::<netdraft_core::model::AksCluster>()
            .find(|(_, c)| c.ingress == IngressChoice::Agic && c.app_gateway.as_ref() == Some(&r.id))
            .map(|(c, _)| self.ref_of(c));
        Some(AppGatewayM {
            c: self.common(r),
            sku: s.sku.as_str().to_owned(),
            v2: matches!(
                s.sku,
                AppGatewaySku::WafV2 | AppGatewaySku::StandardV2 | AppGatewaySku::Basic
            ),
            waf_mode: s.waf_mode.filter(|_| waf).map(|m| m.as_str().to_owned()),
            waf_policy,
            min_capacity: s.min_capacity.unwrap_or(1),
            max_capacity: s.max_capacity.unwrap_or(10).max(s.min_capacity.unwrap_or(1)),
            subnet,
            private_ip: s.private_ip.map(|ip| ip.to_string()),
            public_ip,
            backend_ips,
            backend_port,
            backend_protocol: if backend_port == 443 { "Https" } else { "Http" },
            agic,
            tls_policy: s.tls_policy.clone().unwrap_or_else(|| PINNED_TLS_POLICY.to_owned()),
            tls_pinned: s.tls_policy.is_none(),
        })
    }

    fn agc(&mut self, r: &Resource, s: &AppGatewayForContainers) -> Option<AgcM> {
        let subnet = self.parent_ref(r)?;
        let (atf, abicep) = self.derived(r.id.as_str(), "association");
        let mut frontends = Vec::new();
        for f in &s.frontends {
            let (tf, bicep) = self.derived(r.id.as_str(), f);
            frontends.push(NamedChild {
                name: f.clone(),
                tf,
                bicep,
            });
        }
        let (itf, ibicep) = self.derived(r.id.as_str(), "identity");
        Some(AgcM {
            c: self.common(r),
            byo: s.deployment == AgcDeployment::Byo,
            association: NamedChild {
                name: format!("{}-association", subnet.name),
                tf: atf,
                bicep: abicep,
            },
            subnet,
            frontends,
            cluster: s.cluster.as_ref().and_then(|i| self.r(i)),
            // The identity name the AGC quickstart uses (AGC-QS).
            identity: NamedChild {
                name: "azure-alb-identity".to_owned(),
                tf: itf,
                bicep: ibicep,
            },
            backend_tls: s.backend_tls,
            hostnames: s.hostnames.clone(),
        })
    }

    fn apim(&mut self, r: &Resource, s: &ApiManagement) -> ApimM {
        let subnet = self.parent_ref(r).filter(|p| p.kind == Kind::Subnet.key());
        let needs = subnet
            .iter()
            .filter(|x| self.design.spec::<Subnet>(&x.id).is_some_and(|sn| sn.nsg.is_some()))
            .map(|x| format!("azurerm_subnet_network_security_group_association.{}", x.tf))
            .collect();
        ApimM {
            needs,
            c: self.common(r),
            sku: s.sku.as_str().to_owned(),
            capacity: s.capacity,
            vnet_type: match s.vnet_mode {
                ApimVnetMode::None | ApimVnetMode::Integration => "None",
                ApimVnetMode::External => "External",
                ApimVnetMode::Internal => "Internal",
            },
            integration: s.vnet_mode == ApimVnetMode::Integration,
            subnet: if s.vnet_mode == ApimVnetMode::None {
                None
            } else {
                subnet
            },
            publisher_name: s.publisher_name.clone(),
            publisher_email: s.publisher_email.clone(),
            zones: s.zones.clone(),
            public_ip: s.public_ip.as_ref().and_then(|p| self.r(p)),
            identity: s.identity.map(netdraft_core::model::IdentityType::as_str),
            identity_ids: s.identity_ids.clone(),
        }
    }

    fn pls(&mut self, r: &Resource, s: &PrivateLinkService) -> PlsRef {
        // AKS creates the Private Link Service in the cluster's node resource group
        // from the Service annotations (AKS-ILB); find that cluster.
        let cluster = s
            .load_balancer
            .as_ref()
            .and_then(|lb| self.design.spec::<K8sService>(lb.as_str()))
            .map(|svc| svc.cluster.clone());
        let own_rg = self.common(r).rg.tf;
        let node_rg = cluster
            .as_ref()
            .and_then(|c| self.design.get(c.as_str()))
            .map(|c| self.node_rg(c));
        let rg_tf = cluster.map_or_else(
            || format!("azurerm_resource_group.{own_rg}.name"),
            |c| {
                format!(
                    "azurerm_kubernetes_cluster.{}.node_resource_group",
                    self.tf_of(c.as_str())
                )
            },
        );
        PlsRef {
            name: r.name().to_owned(),
            tf: self.tf_of(r.id.as_str()),
            bicep: self.bicep_of(r.id.as_str()),
            region: self.region_key_of(r.id.as_str()),
            rg_tf,
            node_rg,
        }
    }

    /// The node resource group AKS names by default: `MC_<group>_<cluster>_<location>`.
    fn node_rg(&mut self, cluster: &Resource) -> String {
        let c = self.common(cluster);
        let location = self
            .regions
            .iter()
            .find(|r| r.key == c.region)
            .map(|r| r.location.clone())
            .unwrap_or_default();
        format!("MC_{}_{}_{location}", c.rg.name, c.name)
    }

    /// Terraform and Bicep expressions of a front-end target's host name.
    pub(crate) fn host_of(target: &Ref) -> (String, String) {
        let key = target.tf.clone();
        match target.kind {
            k if k == Kind::AppGateway.key() => (
                format!("azurerm_public_ip.{key}_pip.ip_address"),
                format!("{}Pip.properties.ipAddress", target.bicep),
            ),
            k if k == Kind::PublicIp.key() => (
                format!("azurerm_public_ip.{key}.ip_address"),
                format!("{}.properties.ipAddress", target.bicep),
            ),
            k if k == Kind::ApiManagement.key() => (
                format!("trimprefix(azurerm_api_management.{key}.gateway_url, \"https://\")"),
                format!("replace({}.properties.gatewayUrl, 'https://', '')", target.bicep),
            ),
            k if k == Kind::FrontDoor.key() => (
                format!("azurerm_cdn_frontdoor_endpoint.{key}_endpoint.host_name"),
                format!("{}Endpoint.properties.hostName", target.bicep),
            ),
            _ => (
                format!("var.origin_host_names[\"{key}\"]"),
                format!("originHostNames.{key}"),
            ),
        }
    }

    fn traffic_manager(&mut self, r: &Resource, s: &TrafficManager) -> TrafficManagerM {
        let mut endpoints = Vec::new();
        for (i, e) in s.endpoints.iter().enumerate() {
            let Some(target) = self.r(e) else { continue };
            let (tf, _) = self.derived(r.id.as_str(), &format!("{e}-endpoint"));
            let (kind, target_tf, target_bicep) = match target.kind {
                k if k == Kind::AppGateway.key() => (
                    "azure",
                    format!("azurerm_public_ip.{}_pip.id", target.tf),
                    format!("{}Pip.id", target.bicep),
                ),
                k if k == Kind::PublicIp.key() => (
                    "azure",
                    format!("azurerm_public_ip.{}.id", target.tf),
                    format!("{}.id", target.bicep),
                ),
                _ => {
                    let (h, b) = Self::host_of(&target);
                    ("external", h, b)
                }
            };
            endpoints.push(TmEndpointM {
                name: names::k8s_name(&target.name),
                target: target.clone(),
                tf,
                kind,
                target_tf,
                target_bicep,
                priority: i + 1,
                weight: 100,
                location: None,
            });
        }
        let next = endpoints.len();
        for (i, e) in s.external_endpoints.iter().enumerate() {
            let (tf, _) = self.derived(r.id.as_str(), &format!("{}-endpoint", e.name));
            endpoints.push(TmEndpointM {
                name: e.name.clone(),
                target: Ref {
                    id: String::new(),
                    name: e.target.clone(),
                    kind: "external",
                    tf: String::new(),
                    bicep: String::new(),
                    existing: false,
                },
                tf,
                kind: "external",
                target_tf: names::hcl_string(&e.target),
                target_bicep: names::bicep_string(&e.target),
                priority: e.priority.map_or(next + i + 1, |p| p as usize),
                weight: e.weight.unwrap_or(100),
                location: e.location.clone(),
            });
        }
        let monitor_protocol = s.monitor_protocol;
        TrafficManagerM {
            c: self.common(r),
            routing: s.routing.as_str().to_owned(),
            ttl: s.ttl.unwrap_or(60),
            monitor_protocol: monitor_protocol.as_str().to_owned(),
            monitor_port: s.monitor_port.unwrap_or(match monitor_protocol {
                MonitorProtocol::Http => 80,
                _ => 443,
            }),
            monitor_path: (monitor_protocol != MonitorProtocol::Tcp)
                .then(|| s.monitor_path.clone().unwrap_or_else(|| "/".to_owned())),
            dns_name: s.dns_name.clone().unwrap_or_else(|| names::k8s_name(r.name())),
            endpoints,
        }
    }

    fn private_endpoint(&mut self, r: &Resource, s: &PrivateEndpoint) -> Option<PrivateEndpointM> {
        let subnet = self.parent_ref(r)?;
        let target = self.r(&s.target)?;
        let tf = target.tf.clone();
        let bicep = target.bicep.clone();
        let target_tf = match target.kind {
            k if k == Kind::PaasService.key() => {
                match self
                    .design
                    .spec::<PaasService>(&target.id)
                    .and_then(|p| paas_tf_type(p.service))
                {
                    Some(ty) => format!("{ty}.{tf}.id"),
                    None => format!("var.paas_resource_ids[\"{tf}\"]"),
                }
            }
            k if k == Kind::AksCluster.key() => format!("azurerm_kubernetes_cluster.{tf}.id"),
            k if k == Kind::ApiManagement.key() => format!("azurerm_api_management.{tf}.id"),
            _ => format!("var.paas_resource_ids[\"{tf}\"]"),
        };
        let target_bicep = match target.kind {
            k if k == Kind::PaasService.key()
                && self
                    .design
                    .spec::<PaasService>(&target.id)
                    .and_then(|p| paas_tf_type(p.service))
                    .is_some() =>
            {
                format!("{bicep}.id")
            }
            k if k == Kind::AksCluster.key() || k == Kind::ApiManagement.key() => format!("{bicep}.id"),
            _ => format!("paasResourceIds.{tf}"),
        };
        Some(PrivateEndpointM {
            c: self.common(r),
            subnet,
            target,
            target_tf,
            target_bicep,
            subresource: s.subresource.clone(),
            dns_zone: s.dns_zone.as_ref().and_then(|i| self.r(i)),
            static_ip: s.static_ip.map(|ip| ip.to_string()),
        })
    }

    fn dns_zone(&mut self, r: &Resource, s: &PrivateDnsZone) -> DnsZoneM {
        let mut vnets: Vec<&Id> = s.links.iter().chain(&s.registration).collect();
        vnets.sort();
        vnets.dedup();
        let mut links = Vec::new();
        for v in vnets {
            let Some(vnet) = self.r(v) else { continue };
            let (tf, bicep) = self.derived(r.id.as_str(), v.as_str());
            links.push(DnsLinkM {
                name: format!("link-{}", vnet.name),
                tf,
                bicep,
                registration: s.registration.contains(v),
                vnet,
            });
        }
        DnsZoneM {
            c: self.common(r),
            zone: s.zone.clone(),
            links,
        }
    }

    fn paas(&mut self, r: &Resource, s: &PaasService) -> PaasM {
        PaasM {
            c: self.common(r),
            service: s.service.as_str().to_owned(),
            tf_type: paas_tf_type(s.service),
            public_network_access: s.public_network_access,
        }
    }

    fn pool(&self, r: &Resource, s: &NodePool, cp: Option<&ClusterPlan>) -> PoolM {
        let pp = cp.and_then(|c| c.pools.iter().find(|p| p.id == r.id));
        let autoscale = s.min_count.is_some() || s.max_count.is_some();
        PoolM {
            id: r.id.to_string(),
            name: pool_name(r.name()),
            tf: self.tf_of(r.id.as_str()),
            bicep: self.bicep_of(r.id.as_str()),
            mode: s.mode.as_str().to_owned(),
            vm_size: s.vm_size.clone(),
            os: s.os.as_str().to_owned(),
            autoscale,
            count: if autoscale { None } else { Some(s.count.unwrap_or(1)) },
            min_count: if autoscale {
                Some(s.min_count.unwrap_or(1))
            } else {
                None
            },
            max_count: if autoscale {
                Some(s.max_count.unwrap_or(s.min_count.unwrap_or(1)))
            } else {
                None
            },
            max_pods: pp.map_or(s.max_pods.unwrap_or(110), |p| p.max_pods),
            max_surge: s.max_surge.map_or_else(
                || pp.map_or_else(|| "1".to_owned(), |p| p.surge.max(1).to_string()),
                |m| m.to_string(),
            ),
            node_subnet: r
                .parent()
                .and_then(|p| self.r(p))
                .filter(|p| p.kind == Kind::Subnet.key()),
            pod_subnet: s.pod_subnet.as_ref().and_then(|i| self.r(i)),
            zones: s.zones.clone(),
        }
    }

    #[allow(clippy::too_many_lines)]
    fn cluster(&mut self, r: &Resource, s: &netdraft_core::model::AksCluster) -> ClusterM {
        let d = self.design;
        let cp = self.plan.cluster(r.id.as_str());
        let mut pools: Vec<PoolM> = d
            .all::<NodePool>()
            .filter(|(_, p)| p.cluster == r.id)
            .map(|(pr, p)| self.pool(pr, p, cp))
            .collect();
        let system_index = pools.iter().position(|p| p.mode == PoolMode::System.as_str());
        let system_pool = system_index.map(|i| pools.remove(i));

        let (network_plugin, network_plugin_mode) = match s.network_model {
            NetworkModel::Overlay => ("azure", Some("overlay")),
            NetworkModel::Kubenet => ("kubenet", None),
            NetworkModel::AzureCni | NetworkModel::AzureCniPodSubnet | NetworkModel::AzureCniStaticBlock => {
                ("azure", None)
            }
            NetworkModel::Byo => ("none", None),
        };
        // Node and pod subnets: their VNets get a role assignment, their route
        // tables / NAT gateways must be associated before the cluster exists.
        let mut subnet_ids: Vec<String> = system_pool
            .iter()
            .chain(&pools)
            .flat_map(|p| p.node_subnet.iter().chain(p.pod_subnet.iter()))
            .map(|x| x.id.clone())
            .collect();
        if let Some(a) = &s.api_server_subnet {
            subnet_ids.push(a.to_string());
        }
        subnet_ids.sort();
        subnet_ids.dedup();
        let mut vnets: Vec<Ref> = subnet_ids
            .iter()
            .filter_map(|i| d.get(i))
            .filter_map(|x| self.parent_ref(x))
            .collect();
        vnets.sort_by(|a, b| a.id.cmp(&b.id));
        vnets.dedup_by(|a, b| a.id == b.id);
        let mut needs = Vec::new();
        let mut route_tables: Vec<Ref> = Vec::new();
        for sid in &subnet_ids {
            let Some(sub) = d.spec::<Subnet>(sid) else { continue };
            let label = self.tf_of(sid);
            if let Some(rt) = sub.route_table.as_ref().and_then(|i| self.r(i)) {
                if !route_tables.iter().any(|x| x.id == rt.id) {
                    route_tables.push(rt);
                }
                needs.push(format!("azurerm_subnet_route_table_association.{label}"));
            }
            if sub.nat_gateway.is_some() {
                needs.push(format!("azurerm_subnet_nat_gateway_association.{label}"));
            }
        }

        let (itf, ibicep) = self.derived(r.id.as_str(), "identity");
        let agic_helm = s.ingress == IngressChoice::Agic && s.agic_mode == AgicMode::Helm;
        let agic_identity = (agic_helm && s.app_gateway.is_some()).then(|| {
            let (tf, bicep) = self.derived(r.id.as_str(), "agic-identity");
            NamedChild {
                name: format!("id-{}-agic", r.name()),
                tf,
                bicep,
            }
        });
        let ingress_hostnames = s
            .app_gateway
            .as_ref()
            .and_then(|g| d.spec::<AppGateway>(g.as_str()))
            .map(|g| g.hostnames.clone())
            .unwrap_or_default();
        let key_vault_secrets_provider = d.all::<PaasService>().any(|(_, p)| p.service == PaasType::KeyVault);
        if s.identity == ClusterIdentity::UserAssigned && s.identity_existing.is_none() {
            // The identity's roles on the VNets must exist before AKS uses the subnets.
            needs.extend(vnets.iter().map(|v| format!("azurerm_role_assignment.{itf}_{}", v.tf)));
        }
        let agc = d
            .all::<AppGatewayForContainers>()
            .find(|(_, a)| a.cluster.as_ref() == Some(&r.id))
            .map(|(ar, a)| AgcRef {
                name: ar.name().to_owned(),
                k8s: names::k8s_name(ar.name()),
                tf: self.tf_of(ar.id.as_str()),
                bicep: self.bicep_of(ar.id.as_str()),
                byo: a.deployment == AgcDeployment::Byo,
                frontend: a.frontends.first().cloned(),
                backend_tls: a.backend_tls,
                hostnames: a.hostnames.clone(),
                identity_tf: format!("{}_identity", self.tf_of(ar.id.as_str())),
                identity_bicep: names::bicep_ident(&format!("{}-identity", self.bicep_of(ar.id.as_str()))),
            });
        let services: Vec<ServiceM> = d
            .all::<K8sService>()
            .filter(|(_, k)| k.cluster == r.id)
            .map(|(kr, k)| self.service(kr, k))
            .collect();
        let issuers: Vec<IssuerM> = d
            .all::<CertIssuer>()
            .filter(|(_, c)| c.cluster == r.id)
            .map(|(ir, i)| {
                let identity = (i.solver == AcmeSolver::Dns01).then(|| {
                    let (tf, bicep) = self.derived(ir.id.as_str(), "identity");
                    NamedChild {
                        name: format!("id-{}-cert-manager", ir.name()),
                        tf,
                        bicep,
                    }
                });
                IssuerM {
                    name: names::k8s_name(ir.name()),
                    server: i.server.clone(),
                    email: i.email.clone(),
                    solver: i.solver.as_str().to_owned(),
                    ingress_class: i.ingress_class.clone(),
                    dns_zone: i.dns_zone.clone(),
                    dns_zone_rg: i.dns_zone_resource_group.clone(),
                    identity,
                }
            })
            .collect();
        let default_deny: Vec<String> = s.default_deny_namespaces.iter().map(|n| names::k8s_name(n)).collect();
        let mut namespaces: Vec<String> = services
            .iter()
            .map(|x| x.namespace.clone())
            .chain(default_deny.iter().cloned())
            .filter(|n| n != "default" && n != "kube-system")
            .collect();
        namespaces.sort();
        namespaces.dedup();

        let service_cidr = cp.map_or_else(|| "10.0.0.0/16".to_owned(), |c| c.service_cidr.cidr.to_string());
        let dns_service_ip = cp.map_or_else(|| "10.0.0.10".to_owned(), |c| c.dns_service_ip.clone());
        let pod_cidr = cp
            .and_then(|c| c.pod_cidr.as_ref())
            .map(|p| p.cidr.to_string())
            .filter(|_| matches!(s.network_model, NetworkModel::Overlay | NetworkModel::Kubenet));
        ClusterM {
            c: self.common(r),
            k8s: names::k8s_name(r.name()),
            dns_prefix: s
                .dns_prefix
                .clone()
                .unwrap_or_else(|| netdraft_core::model::AksCluster::default_dns_prefix(r.name())),
            load_balancer_sku: s.load_balancer_sku.as_str().to_owned(),
            managed_outbound_ip_count: s.managed_outbound_ip_count,
            outbound_ips: s
                .outbound_ips
                .iter()
                .filter(|i| {
                    d.spec::<PublicIp>(i.as_str())
                        .is_some_and(|p| p.prefix_length.is_none())
                })
                .filter_map(|i| self.r(i))
                .collect(),
            outbound_ip_prefixes: s
                .outbound_ips
                .iter()
                .filter(|i| {
                    d.spec::<PublicIp>(i.as_str())
                        .is_some_and(|p| p.prefix_length.is_some())
                })
                .filter_map(|i| self.r(i))
                .collect(),
            private_dns_zone_existing: s
                .private_dns_zone_existing
                .clone()
                .filter(|_| s.private_dns_zone.is_none()),
            identity_existing: s
                .identity_existing
                .clone()
                .filter(|_| s.identity == ClusterIdentity::UserAssigned),
            azure_policy: s.azure_policy,
            local_accounts: s.local_accounts,
            entra: s.auth != ClusterAuth::KubernetesRbac,
            azure_rbac: s.auth == ClusterAuth::EntraAzureRbac,
            upgrade_channel: s.upgrade_channel.as_str().to_owned(),
            node_os_upgrade_channel: s.node_os_upgrade_channel.as_str().to_owned(),
            node_rg: self.node_rg(r),
            kubernetes_version: s.kubernetes_version.clone(),
            sku_tier: s.sku_tier.as_str().to_owned(),
            network_model: s.network_model.as_str().to_owned(),
            network_plugin,
            network_plugin_mode,
            data_plane: (s.data_plane == DataPlane::Cilium).then_some("cilium"),
            network_policy: (s.network_policy != NetworkPolicy::None).then(|| s.network_policy.as_str().to_owned()),
            outbound_type: s.outbound_type.as_str().to_owned(),
            service_cidr,
            dns_service_ip,
            pod_cidr,
            static_block: s.network_model == NetworkModel::AzureCniStaticBlock,
            private_cluster: s.private_cluster,
            private_dns_zone: s.private_dns_zone.as_ref().and_then(|i| self.r(i)),
            api_server_subnet: s.api_server_subnet.as_ref().and_then(|i| self.r(i)),
            authorized_ip_ranges: s.authorized_ip_ranges.iter().map(ToString::to_string).collect(),
            ingress: s.ingress.as_str().to_owned(),
            app_gateway: s.app_gateway.as_ref().and_then(|i| self.r(i)),
            agic_addon: s.ingress == IngressChoice::Agic && s.agic_mode == AgicMode::Addon && s.app_gateway.is_some(),
            agic_helm,
            agic_identity,
            key_vault_secrets_provider,
            ingress_hostnames,
            workload_identity: s.workload_identity,
            user_assigned: s.identity == ClusterIdentity::UserAssigned,
            identity: NamedChild {
                name: format!("id-{}", r.name()),
                tf: itf,
                bicep: ibicep,
            },
            system_pool,
            pools,
            vnets,
            needs,
            route_tables,
            default_deny_namespaces: default_deny,
            agc,
            services,
            issuers,
            namespaces,
        }
    }

    fn service(&self, r: &Resource, k: &K8sService) -> ServiceM {
        let d = self.design;
        let pls = d
            .all::<PrivateLinkService>()
            .find(|(_, p)| p.load_balancer.as_ref() == Some(&r.id))
            .map(|(pr, p)| PlsM {
                name: pr.name().to_owned(),
                subnet: pr.parent().and_then(|s| d.get(s.as_str())).map(|s| s.name().to_owned()),
                nat_ip_count: p.nat_ip_count,
                visibility: p.visibility.clone(),
            });
        let mut fronted_by: Vec<String> = d
            .all::<AppGateway>()
            .filter(|(_, a)| a.backends.contains(&r.id))
            .map(|(a, _)| a.name().to_owned())
            .chain(
                d.all::<ApiManagement>()
                    .filter(|(_, a)| a.backends.contains(&r.id))
                    .map(|(a, _)| a.name().to_owned()),
            )
            .collect();
        fronted_by.sort();
        ServiceM {
            id: r.id.to_string(),
            name: names::k8s_name(r.name()),
            namespace: names::k8s_name(&k.namespace),
            internal: k.internal,
            static_ip: k.static_ip.map(|ip| ip.to_string()),
            ports: k.ports.clone(),
            app: k.app.clone().unwrap_or_else(|| names::k8s_name(r.name())),
            external_traffic_policy: k.external_traffic_policy.as_str().to_owned(),
            subnet: r
                .parent()
                .and_then(|s| d.get(s.as_str()))
                .filter(|s| s.kind() == Kind::Subnet)
                .map(|s| s.name().to_owned()),
            private_link: pls,
            fronted_by,
            public_reason: k.public_reason.clone(),
        }
    }
}

fn public_ip(c: Common, s: &PublicIp) -> PublicIpM {
    PublicIpM {
        c,
        sku: s.sku.as_str().to_owned(),
        allocation: s.allocation.as_str().to_owned(),
        zones: s.zones.clone(),
        prefix_length: s.prefix_length,
        dns_label: s.dns_label.clone(),
        count: None,
        implicit: false,
    }
}

/// The azurerm resource type this configuration creates for a PaaS service, if any.
fn paas_tf_type(service: PaasType) -> Option<&'static str> {
    match service {
        PaasType::ContainerRegistry => Some("azurerm_container_registry"),
        PaasType::KeyVault => Some("azurerm_key_vault"),
        PaasType::StorageAccount => Some("azurerm_storage_account"),
        _ => None,
    }
}

/// A delegation block for a service name, with the actions Azure attaches.
fn delegation(service: &str) -> Delegation {
    let actions: Vec<&'static str> = match service {
        "Microsoft.ContainerService/managedClusters"
        | "Microsoft.ServiceNetworking/trafficControllers"
        | "Microsoft.Web/serverFarms"
        | "Microsoft.Web/hostingEnvironments"
        | "Microsoft.ApiManagement/service"
        | "Microsoft.Network/dnsResolvers" => vec!["Microsoft.Network/virtualNetworks/subnets/join/action"],
        _ => Vec::new(),
    };
    let short = service.rsplit('/').next().unwrap_or(service);
    Delegation {
        name: names::k8s_name(&format!("delegation-{short}")),
        service: service.to_owned(),
        actions,
    }
}

/// `80,443` → `["80", "443"]`; `*` → `["*"]`.
fn split_list(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A network-rule destination that is an address, range or service tag rather than an FQDN.
fn is_address(text: &str) -> bool {
    text == "*"
        || text.parse::<Cidr>().is_ok()
        || text.parse::<std::net::IpAddr>().is_ok()
        || !text.contains('.')
        || text
            .split('.')
            .next()
            .is_some_and(|first| first.chars().next().is_some_and(char::is_uppercase))
}

/// AKS pool names: `^[a-z][a-z0-9]{0,11}$` (AKS-API).
fn pool_name(name: &str) -> String {
    let mut out: String = name
        .chars()
        .flat_map(char::to_lowercase)
        .filter(char::is_ascii_alphanumeric)
        .take(12)
        .collect();
    if !out.starts_with(|c: char| c.is_ascii_lowercase()) {
        out.insert(0, 'p');
        out.truncate(12);
    }
    out
}

// After `with_common!`, which it uses.
mod front_door;
pub use front_door::{FdRouteM, FrontDoorM, OriginGroupM, OriginM};
