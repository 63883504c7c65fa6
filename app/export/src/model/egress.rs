//! Firewalls and firewall policies in the export model (Terraform `egress.tf`).

use netdraft_core::Id;
use netdraft_core::model::{Firewall, FirewallPolicy, FirewallRuleKind, Kind, Resource};
use netdraft_core::net::Cidr;
use serde::Serialize;

use super::{Builder, Common, PublicIpM, Ref};

with_common! {
    pub struct FirewallM {
        pub tier: String,
        /// The virtual hub of a secured hub's firewall (`AZFW_Hub`): then no subnet or public IP
        /// resources; Azure gives it `public_ip_count` addresses.
        pub hub: Option<Ref>,
        /// `AzureFirewallSubnet` of a VNet firewall.
        pub subnet: Option<Ref>,
        pub public_ip: Option<PublicIpM>,
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

impl Builder<'_> {
    pub(super) fn firewall(&mut self, r: &Resource, s: &Firewall) -> Option<FirewallM> {
        let count = s.public_ip_count.max(1);
        if let Some(hub) = self.hub_of(r) {
            return Some(FirewallM {
                c: self.common(r),
                tier: s.tier.as_str().to_owned(),
                hub: Some(hub),
                subnet: None,
                public_ip: None,
                public_ip_count: count,
                management_subnet: None,
                management_public_ip: None,
                policy: s.policy.as_ref().and_then(|i| self.r(i)),
                zones: s.zones.clone(),
            });
        }
        let subnet = self.parent_ref(r)?;
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
            hub: None,
            subnet: Some(subnet),
            public_ip: Some(pip),
            public_ip_count: count,
            management_subnet,
            management_public_ip,
            policy: s.policy.as_ref().and_then(|i| self.r(i)),
            zones: s.zones.clone(),
        })
    }

    pub(super) fn policy(&mut self, r: &Resource, s: &FirewallPolicy) -> FirewallPolicyM {
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
