//! The structured values inside the kinds' fields: routes, NSG and firewall
//! rules, external endpoints, WAF rule sets, TLS inspection, subnet prefixes.

use std::net::IpAddr;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::defaults::{is_default, is_star, star};
use super::values::{Access, Direction, FirewallRuleKind, NextHop, Protocol};
use crate::id::Id;
use crate::net::{AddressPrefix, Cidr};

/// TLS inspection settings of a Premium firewall policy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TlsInspection {
    /// Name of the CA certificate.
    pub certificate_name: String,
    /// Key Vault secret id of the intermediate CA certificate.
    pub key_vault_secret_id: String,
    /// ARM id of the existing user-assigned identity that reads it (Azure requires one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity: Option<String>,
}

/// A managed rule set of a WAF policy (`managedRules.managedRuleSets[]`,
/// Application Gateway WAF policy REST API: `ruleSetType`, `ruleSetVersion`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WafRuleSet {
    /// `OWASP`, `Microsoft_DefaultRuleSet`, `Microsoft_BotManagerRuleSet`, ….
    #[serde(rename = "type")]
    pub kind: String,
    /// Its version (`3.2`, `2.1`, `1.1`, …).
    pub version: String,
}

/// A Traffic Manager endpoint outside the design.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExternalEndpoint {
    /// Endpoint name.
    pub name: String,
    /// Host name or IP address.
    pub target: String,
    /// Priority (Priority routing); absent: after the design's endpoints.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<u32>,
    /// Weight (Weighted routing); absent: 100.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<u32>,
    /// Azure region the endpoint is nearest (`endpointLocation`); Performance
    /// routing needs one on every external endpoint (Traffic Manager REST API
    /// 2022-04-01, `Endpoint.properties.endpointLocation`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
}

/// One route in a route table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Route {
    /// Route name.
    pub name: String,
    /// Destination: a CIDR or a service tag.
    pub prefix: AddressPrefix,
    /// Next-hop type.
    pub next_hop: NextHop,
    /// Next-hop IP for `VirtualAppliance`, when it is not a resource of the design.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_hop_ip: Option<IpAddr>,
    /// Next-hop resource for `VirtualAppliance` (a firewall); its private IP comes from the plan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_hop_resource: Option<Id>,
}

impl Route {
    /// The route a route table gets when it is connected to a firewall: the
    /// default route (`0.0.0.0/0`) to it as a virtual appliance.
    pub fn default_to(firewall: &Id) -> Route {
        Route {
            name: "default-to-firewall".to_owned(),
            prefix: AddressPrefix::Cidr(Cidr::from(ipnet::IpNet::V4(ipnet::Ipv4Net::default()))),
            next_hop: NextHop::VirtualAppliance,
            next_hop_ip: None,
            next_hop_resource: Some(firewall.clone()),
        }
    }
}

/// One NSG security rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NsgRule {
    pub name: String,
    /// 100-4096, lower wins.
    pub priority: u16,
    pub direction: Direction,
    pub access: Access,
    #[serde(default, skip_serializing_if = "is_default")]
    pub protocol: Protocol,
    /// Source CIDR, service tag or `*`.
    pub source: String,
    /// Source ports (`*`, `443`, `1024-65535`).
    #[serde(default = "star", skip_serializing_if = "is_star")]
    pub source_ports: String,
    /// Destination CIDR, service tag or `*`.
    pub destination: String,
    /// Destination ports.
    pub destination_ports: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// One firewall policy rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FirewallRule {
    pub name: String,
    /// `application` (FQDNs) or `network` (addresses and ports).
    pub kind: FirewallRuleKind,
    /// Source CIDRs.
    pub sources: Vec<String>,
    /// FQDNs (application rules) or CIDRs/service tags (network rules).
    pub destinations: Vec<String>,
    /// `Https:443`, `Http:80` (application) or port numbers (network).
    pub ports: Vec<String>,
    /// Network-rule protocols (`TCP`, `UDP`, `ICMP`, `Any`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub protocols: Vec<String>,
}

/// A subnet's prefix: fixed, or `auto` (sized and placed by the planner).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SubnetPrefix {
    Auto,
    Fixed(Cidr),
}

impl SubnetPrefix {
    pub fn fixed(self) -> Option<Cidr> {
        match self {
            SubnetPrefix::Fixed(c) => Some(c),
            SubnetPrefix::Auto => None,
        }
    }
}

impl std::fmt::Display for SubnetPrefix {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SubnetPrefix::Auto => f.write_str("auto"),
            SubnetPrefix::Fixed(c) => c.fmt(f),
        }
    }
}

impl Serialize for SubnetPrefix {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for SubnetPrefix {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        if text.trim() == "auto" {
            Ok(SubnetPrefix::Auto)
        } else {
            text.parse().map(SubnetPrefix::Fixed).map_err(serde::de::Error::custom)
        }
    }
}

impl JsonSchema for SubnetPrefix {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "SubnetPrefix".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "`auto` (the planner sizes and places the subnet) or a CIDR block inside the VNet."
        })
    }
}
