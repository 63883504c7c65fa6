//! What the `kinds!` table states about each kind besides its fields: the
//! palette group it is offered in, the prefix of its new resources' names,
//! its colour family, where Azure wants its name unique, what it takes from
//! the subnet it sits in, and what it is in Azure Resource Manager. Each entry
//! of the table must state every one of them (the macro has no defaults), and
//! every consumer matches the values exhaustively, so a new kind cannot be
//! forgotten anywhere silently.

use super::Kind;

/// The palette group a kind is offered in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PaletteGroup {
    Network,
    SecurityAndEgress,
    Kubernetes,
    Ingress,
    PrivateAccess,
    /// Not offered in the palette (made some other way, e.g. by connecting).
    Hidden,
}

impl PaletteGroup {
    /// The groups the palette shows, in order.
    pub const SHOWN: [PaletteGroup; 5] = [
        PaletteGroup::Network,
        PaletteGroup::SecurityAndEgress,
        PaletteGroup::Kubernetes,
        PaletteGroup::Ingress,
        PaletteGroup::PrivateAccess,
    ];

    /// The group's heading.
    pub fn label(self) -> &'static str {
        match self {
            PaletteGroup::Network => "Network",
            PaletteGroup::SecurityAndEgress => "Security and egress",
            PaletteGroup::Kubernetes => "Kubernetes",
            PaletteGroup::Ingress => "Ingress",
            PaletteGroup::PrivateAccess => "Private access",
            PaletteGroup::Hidden => "Hidden",
        }
    }

    /// The kinds in the group, in catalogue order.
    pub fn kinds(self) -> impl Iterator<Item = Kind> {
        Kind::ALL.iter().copied().filter(move |k| k.palette_group() == self)
    }
}

/// A family of kinds: drawn in one colour (the colours themselves live in
/// the scene crate, once, for the canvas and the picture) and told in one
/// chapter of the designer's workshop mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ColourFamily {
    /// Regions and resource groups.
    Scope,
    /// VNets, subnets, peerings.
    Network,
    /// On-premises networks and the gateways that reach them.
    Hybrid,
    /// AKS and what runs in it.
    Kubernetes,
    /// Firewalls, policies, NSGs, Bastion.
    Security,
    /// Route tables, NAT gateways, public IPs.
    Egress,
    /// Regional ingress: App Gateways, App Gateway for Containers, API Management.
    Ingress,
    /// Global ingress: Front Door, Traffic Manager.
    Global,
    /// Private endpoints, private DNS, Private Link, PaaS services.
    PrivateAccess,
}

/// How a kind exists in Azure Resource Manager.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AzureType {
    /// A resource of one ARM type. The import reads it at `api_version`, the
    /// version azurerm 4.81 / 5.2 use (facts sheet §G.2); the Bicep export
    /// writes it at `deploy_api_version`, the newest GA version of the type in
    /// Azure/bicep-types-az (the validators hold the export to it). A child
    /// type (`…/virtualNetworks/subnets`) is read inside its parent, at the
    /// parent's api-version.
    Resource {
        resource_type: &'static str,
        api_version: &'static str,
        deploy_api_version: &'static str,
    },
    /// An ARM resource whose type follows one of its fields (a PaaS service: storage account, Key Vault, …).
    Varies,
    /// Not an ARM resource of its own: a design-only kind (a region) or a Kubernetes object.
    None,
}

impl AzureType {
    /// The ARM type and api-version, if the kind has exactly one.
    pub fn resource(self) -> Option<(&'static str, &'static str)> {
        match self {
            AzureType::Resource {
                resource_type,
                api_version,
                ..
            } => Some((resource_type, api_version)),
            AzureType::Varies | AzureType::None => None,
        }
    }

    /// The api-version the Bicep export writes the kind's ARM type at, if it has one.
    pub fn deploy_api_version(self) -> Option<&'static str> {
        match self {
            AzureType::Resource { deploy_api_version, .. } => Some(deploy_api_version),
            AzureType::Varies | AzureType::None => None,
        }
    }
}

/// The `azure:` cell of the table: the ARM type, the api-version the import
/// reads and the one the Bicep export writes:
/// `arm("Microsoft.Network/virtualNetworks", "2025-01-01", "2025-09-01")`.
pub(super) const fn arm(
    resource_type: &'static str,
    api_version: &'static str,
    deploy_api_version: &'static str,
) -> AzureType {
    AzureType::Resource {
        resource_type,
        api_version,
        deploy_api_version,
    }
}

/// What a resource of the kind takes from the address space of the subnet it
/// sits in; the planner's demand pass (`plan/demand.rs`) answers each one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AddressDemand {
    /// Nothing the planner counts (a dedicated subnet's minimum size covers
    /// gateways, firewalls and Bastion; most kinds sit in no subnet).
    None,
    /// A node pool's nodes (and pods, by network model) with upgrade surge.
    NodePool,
    /// An internal load balancer frontend IP (a Kubernetes service that is internal).
    InternalFrontend,
    /// One NIC address (a private endpoint).
    Nic,
    /// A Private Link Service's NAT IPs.
    NatIps,
    /// Application Gateway instances and its private frontend.
    AppGatewayInstances,
    /// API Management units and its internal load balancer.
    ApiManagementUnits,
}

/// Where Azure wants a resource's name unique (the scopes of the paste
/// renamer and lint ND191; Azure naming rules,
/// learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NameScope {
    /// Its resource group (most Azure resources).
    ResourceGroup,
    /// The subscription (resource groups).
    Subscription,
    /// Its parent resource (a subnet's VNet).
    Parent,
    /// Its cluster (a node pool).
    Cluster,
    /// Among its siblings on the canvas (kinds that are no Azure resource of their own).
    Siblings,
}

/// Where a kind may sit: the kinds allowed as its parent, whether it needs
/// one, and the subnet Azure dedicates to it, if any (a firewall only in
/// `AzureFirewallSubnet`: when it sits in a subnet, it is that one, and that
/// subnet takes only the kinds that name it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placement {
    pub parents: &'static [Kind],
    pub required: bool,
    pub subnet: Option<&'static str>,
}
