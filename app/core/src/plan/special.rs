//! Special subnets: required names, minimum and recommended sizes and
//! delegations (azure-facts.md §B.3, §C.4, §H.9).

use serde::Serialize;

use crate::model::{ApiManagement, ApimSku, ApimVnetMode, AppGateway, AppGatewaySku, Kind, Resource};

/// What a subnet is for, when that brings rules of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    VnetGateway,
    Firewall,
    FirewallManagement,
    Bastion,
    RouteServer,
    AppGatewayV2,
    AppGatewayV1,
    AppGatewayForContainers,
    ApimClassic,
    ApimV2Integration,
    ApimV2Injection,
    ApiServer,
}

impl Role {
    /// What the subnet is for, in words, after an article ("a Bastion subnet").
    pub fn label(self) -> &'static str {
        match self {
            Role::VnetGateway => "VPN or ExpressRoute gateway",
            Role::Firewall => "Azure Firewall",
            Role::FirewallManagement => "Azure Firewall management",
            Role::Bastion => "Bastion",
            Role::RouteServer => "Route Server",
            Role::AppGatewayV2 => "Application Gateway v2",
            Role::AppGatewayV1 => "Application Gateway v1",
            Role::AppGatewayForContainers => "App Gateway for Containers",
            Role::ApimClassic => "API Management",
            Role::ApimV2Integration => "API Management v2 integration",
            Role::ApimV2Injection => "API Management v2 injection",
            Role::ApiServer => "API-server VNet integration",
        }
    }

    /// The label with its indefinite article.
    pub fn with_article(self) -> String {
        let label = self.label();
        let article = if label.starts_with(['A', 'E', 'I', 'O', 'U']) {
            "an"
        } else {
            "a"
        };
        format!("{article} {label}")
    }
}

/// The rules a special subnet must meet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct SubnetRule {
    pub role: Role,
    /// The exact name Azure requires, if any.
    pub required_name: Option<&'static str>,
    /// The longest prefix (smallest subnet) allowed.
    pub min_prefix: u8,
    /// The prefix Microsoft recommends, when it differs.
    pub recommended_prefix: Option<u8>,
    /// The delegation the subnet needs.
    pub delegation: Option<&'static str>,
    pub source: &'static str,
}

const fn rule(
    role: Role,
    required_name: Option<&'static str>,
    min_prefix: u8,
    recommended_prefix: Option<u8>,
    delegation: Option<&'static str>,
    source: &'static str,
) -> SubnetRule {
    SubnetRule {
        role,
        required_name,
        min_prefix,
        recommended_prefix,
        delegation,
        source,
    }
}

/// The rule for a role.
///
/// RouteServerSubnet: CONFLICT (Microsoft quickstart /26 vs azurerm docs /27);
/// netdraft follows the Microsoft doc, /26. AzureBastionSubnet: /26 (older docs
/// allowed /27, superseded).
pub fn rule_for(role: Role) -> SubnetRule {
    match role {
        Role::VnetGateway => rule(role, Some("GatewaySubnet"), 29, Some(27), None, "VPNGW"),
        Role::Firewall => rule(role, Some("AzureFirewallSubnet"), 26, None, None, "AZFW-FAQ"),
        Role::FirewallManagement => rule(role, Some("AzureFirewallManagementSubnet"), 26, None, None, "AZFW-MGMT"),
        Role::Bastion => rule(role, Some("AzureBastionSubnet"), 26, None, None, "BASTION"),
        Role::RouteServer => rule(role, Some("RouteServerSubnet"), 26, None, None, "RS-QS"),
        Role::AppGatewayV2 => rule(role, None, 29, Some(24), None, "APPGW-INFRA"),
        Role::AppGatewayV1 => rule(role, None, 29, Some(26), None, "APPGW-INFRA"),
        Role::AppGatewayForContainers => rule(
            role,
            None,
            24,
            None,
            Some("Microsoft.ServiceNetworking/trafficControllers"),
            "AGC-BYO",
        ),
        Role::ApimClassic => rule(role, None, 29, None, None, "APIM-INJ"),
        Role::ApimV2Integration => rule(
            role,
            None,
            27,
            Some(24),
            Some("Microsoft.Web/serverFarms"),
            "APIM-V2INT",
        ),
        Role::ApimV2Injection => rule(
            role,
            None,
            27,
            Some(24),
            Some("Microsoft.Web/hostingEnvironments"),
            "APIM-V2INJ",
        ),
        Role::ApiServer => rule(
            role,
            None,
            28,
            None,
            Some("Microsoft.ContainerService/managedClusters"),
            "AKS-APISRV",
        ),
    }
}

/// The role a subnet's name asks for.
pub fn role_by_name(name: &str) -> Option<Role> {
    match name {
        "GatewaySubnet" => Some(Role::VnetGateway),
        "AzureFirewallSubnet" => Some(Role::Firewall),
        "AzureFirewallManagementSubnet" => Some(Role::FirewallManagement),
        "AzureBastionSubnet" => Some(Role::Bastion),
        "RouteServerSubnet" => Some(Role::RouteServer),
        _ => None,
    }
}

/// The role API Management gives its subnet.
pub fn apim_role(apim: &ApiManagement) -> Option<Role> {
    match (apim.sku, apim.vnet_mode) {
        (_, ApimVnetMode::None) => None,
        (ApimSku::StandardV2 | ApimSku::PremiumV2, ApimVnetMode::Integration) => Some(Role::ApimV2Integration),
        (ApimSku::PremiumV2, _) => Some(Role::ApimV2Injection),
        (ApimSku::Developer | ApimSku::Premium, ApimVnetMode::External | ApimVnetMode::Internal) => {
            Some(Role::ApimClassic)
        }
        // Other combinations cannot join a VNet (C.4); lint reports them.
        _ => None,
    }
}

/// Every role that applies to a subnet: by its name, by what it holds, and by
/// what points at it. `contents` are the subnet's children.
pub fn roles(subnet: &Resource, contents: &[&Resource], api_server: bool) -> Vec<Role> {
    let mut out = Vec::new();
    if let Some(role) = role_by_name(subnet.name()) {
        out.push(role);
    }
    for child in contents {
        let role = match child.kind() {
            Kind::AppGateway => child.as_spec::<AppGateway>().map(|g| match g.sku {
                AppGatewaySku::StandardV1 | AppGatewaySku::WafV1 => Role::AppGatewayV1,
                _ => Role::AppGatewayV2,
            }),
            Kind::AppGatewayForContainers => Some(Role::AppGatewayForContainers),
            Kind::ApiManagement => child.as_spec::<ApiManagement>().and_then(apim_role),
            _ => None,
        };
        if let Some(role) = role {
            out.push(role);
        }
    }
    if api_server {
        out.push(Role::ApiServer);
    }
    out.sort();
    out.dedup();
    out
}
