//! Azure Firewalls and firewall policies as Azure lists them.

use netdraft_core::Id;
use netdraft_core::model::{Firewall, FirewallPolicy, FirewallRuleKind, NodePool, Resource, Subnet};
use serde_json::{Value, json};

use super::Sim;

impl Sim<'_> {
    /// A firewall's private IP: the fourth address of its AzureFirewallSubnet.
    pub(super) fn firewall_ip(&self, firewall: &Id) -> Option<String> {
        if let Some(ip) = self.hub_firewall_ip(firewall) {
            return Some(ip);
        }
        let subnet = self.d.get(firewall.as_str())?.parent()?;
        let prefix = self.p.prefix_of(subnet.as_str())?.to_string();
        let network: std::net::Ipv4Addr = prefix.split('/').next()?.parse().ok()?;
        Some(std::net::Ipv4Addr::from(u32::from(network) + 4).to_string())
    }

    pub(super) fn firewall(&mut self, r: &Resource, f: &Firewall) -> Value {
        let mut configs = self.ip_configurations(r, f.public_ip_count.max(1) as usize);
        // Azure puts the subnet and the private IP on the first configuration only.
        for (i, c) in configs.iter_mut().enumerate() {
            if i == 0 {
                if let Some(ip) = self.firewall_ip(&r.id) {
                    c["properties"]["privateIPAddress"] = json!(ip);
                }
            } else if let Some(p) = c["properties"].as_object_mut() {
                p.remove("subnet");
            }
        }
        let mut props = json!({
            "sku": {"name": "AZFW_VNet", "tier": f.tier.as_str()},
            "threatIntelMode": "Alert",
            "ipConfigurations": configs,
        });
        if let Some(p) = f.policy.as_ref().filter(|p| self.arm.contains_key(*p)) {
            props["firewallPolicy"] = self.rid(p);
        }
        let mut body = self.top(r, "Microsoft.Network/azureFirewalls", props);
        if !f.zones.is_empty() {
            body["zones"] = json!(f.zones);
        }
        body
    }

    pub(super) fn policy(&mut self, r: &Resource, p: &FirewallPolicy) -> Value {
        let d = self.d;
        // Its tier: its own, else the tier of the firewall using it, else Standard.
        let tier = p.tier.unwrap_or_else(|| {
            d.all::<Firewall>()
                .find(|(_, f)| f.policy.as_ref() == Some(&r.id))
                .map(|(_, f)| f.tier)
                .unwrap_or_default()
        });
        let mut props = json!({
            "sku": {"tier": tier.as_str()},
            "threatIntelMode": p.threat_intel_mode.as_str(),
            "dnsSettings": {"enableProxy": p.dns_proxy,
                            "servers": p.dns_servers.iter().map(ToString::to_string).collect::<Vec<_>>()},
        });
        if !p.threat_intel_allow_ips.is_empty() || !p.threat_intel_allow_fqdns.is_empty() {
            props["threatIntelWhitelist"] =
                json!({"ipAddresses": p.threat_intel_allow_ips, "fqdns": p.threat_intel_allow_fqdns});
        }
        if let Some(m) = p.idps_mode {
            props["intrusionDetection"] = json!({"mode": m.as_str()});
        }
        let mut body = self.top(r, "Microsoft.Network/firewallPolicies", props);
        if let Some(t) = &p.tls_inspection {
            body["properties"]["transportSecurity"] = json!({"certificateAuthority": {
                "name": t.certificate_name, "keyVaultSecretId": t.key_vault_secret_id}});
            if let Some(i) = &t.identity {
                body["identity"] = json!({"type": "UserAssigned", "userAssignedIdentities": {i: {}}});
            }
        }
        // One rule collection per rule, in the design's order.
        let collections: Vec<Value> = p
            .rules
            .iter()
            .enumerate()
            .map(|(i, x)| {
                let rule = match x.kind {
                    FirewallRuleKind::Application => json!({
                        "ruleType": "ApplicationRule", "name": x.name, "sourceAddresses": x.sources,
                        "targetFqdns": x.destinations,
                        "protocols": x.ports.iter().filter_map(|p| {
                            let (kind, port) = p.split_once(':')?;
                            Some(json!({"protocolType": kind, "port": port.parse::<u32>().ok()?}))
                        }).collect::<Vec<_>>(),
                    }),
                    FirewallRuleKind::Network => {
                        let (fqdns, addresses): (Vec<&String>, Vec<&String>) = x
                            .destinations
                            .iter()
                            .partition(|t| t.contains('.') && t.chars().any(|c| c.is_ascii_alphabetic()));
                        json!({
                            "ruleType": "NetworkRule", "name": x.name, "sourceAddresses": x.sources,
                            "destinationAddresses": addresses, "destinationFqdns": fqdns,
                            "destinationPorts": x.ports, "ipProtocols": x.protocols,
                        })
                    }
                };
                json!({"ruleCollectionType": "FirewallPolicyFilterRuleCollection", "name": format!("rc-{}", i + 1),
                       "priority": 100 + i, "action": {"type": "Allow"}, "rules": [rule]})
            })
            .collect();
        let group = |name: &str, priority: u32, collections: Vec<Value>| {
            json!({"id": format!("{}/ruleCollectionGroups/{name}", self.arm[&r.id]), "name": name,
                   "type": "Microsoft.Network/firewallPolicies/ruleCollectionGroups",
                   "properties": {"priority": priority, "ruleCollections": collections}})
        };
        let mut groups = Vec::new();
        // The AKS egress rule per cluster: its pools' subnets may reach the AKS FQDN tag.
        let aks: Vec<Value> = p
            .aks_egress_for
            .iter()
            .filter_map(|c| d.get(c.as_str()))
            .map(|c| {
                json!({"ruleType": "ApplicationRule", "name": format!("aks-fqdn-tag-{}", c.name()),
                       "sourceAddresses": self.cluster_addresses(&c.id), "fqdnTags": ["AzureKubernetesService"],
                       "protocols": [{"protocolType": "Https", "port": 443}, {"protocolType": "Http", "port": 80}]})
            })
            .collect();
        if !aks.is_empty() {
            groups.push(group(
                "aks-egress",
                200,
                vec![
                    json!({"ruleCollectionType": "FirewallPolicyFilterRuleCollection", "name": "aks-required",
                            "priority": 100, "action": {"type": "Allow"}, "rules": aks}),
                ],
            ));
        }
        if !collections.is_empty() {
            groups.push(group("design-rules", 300, collections));
        }
        if !groups.is_empty() {
            self.lists
                .insert(format!("{}/ruleCollectionGroups", self.arm[&r.id]), groups);
        }
        body
    }

    /// The address prefixes of a cluster's pools' node and pod subnets.
    fn cluster_addresses(&self, cluster: &Id) -> Vec<String> {
        let mut subnets: Vec<&Id> = self
            .d
            .all::<NodePool>()
            .filter(|(_, p)| p.cluster == *cluster)
            .flat_map(|(r, p)| r.parent().into_iter().chain(p.pod_subnet.as_ref()))
            .collect();
        subnets.sort();
        subnets.dedup();
        subnets
            .into_iter()
            .flat_map(|s| {
                let first = self.p.prefix_of(s.as_str()).map(|c| c.to_string());
                let extra = self
                    .d
                    .spec::<Subnet>(s.as_str())
                    .map(|x| x.extra_prefixes.iter().map(ToString::to_string).collect::<Vec<_>>())
                    .unwrap_or_default();
                first.into_iter().chain(extra)
            })
            .collect()
    }
}
