//! Azure Firewall and firewall policies: tier, TLS inspection, the allow
//! rules of rule collection groups, and routes whose next hop is a firewall.

use std::collections::HashMap;
use std::net::IpAddr;

use netdraft_core::Id;
use netdraft_core::model::{
    Firewall, FirewallPolicy, FirewallRule, FirewallRuleKind, FirewallTier, IdpsMode, Kind, NextHop, Resource, Spec,
    ThreatIntelMode, TlsInspection,
};
use serde_json::Value;

use super::{FIREWALL, FIREWALL_POLICY, Mapper, RULE_GROUP, aks_egress, enum_ci};
use crate::raw::{RawResource, arr, bool_field, field, get_ci, ref_field, str_field, strings, u32_field};

/// A name no rule in `rules` has: `name`, else `{collection}-{name}`, else
/// that with `-2`, `-3`, … (same-named collections in two groups), so the
/// names are unique and the same on every import.
fn unique_rule_name(rules: &[FirewallRule], name: &str, collection: &str) -> String {
    // Azure compares names case-insensitively.
    let taken = |n: &str| rules.iter().any(|r| r.name.eq_ignore_ascii_case(n));
    if !taken(name) {
        return name.to_owned();
    }
    let base = format!("{collection}-{name}");
    let mut candidate = base.clone();
    let mut n = 1u32;
    while taken(&candidate) {
        n += 1;
        candidate = format!("{base}-{n}");
    }
    candidate
}

/// One firewall policy rule (of an allow filter collection), or why a design rule cannot hold it.
fn firewall_rule(rule: &Value) -> Result<FirewallRule, String> {
    let name = str_field(rule, "name").ok_or("it has no name")?.to_owned();
    if !arr(rule, "sourceIpGroups").is_empty() || !arr(rule, "destinationIpGroups").is_empty() {
        return Err("it uses IP groups, which netdraft does not model".into());
    }
    let sources = strings(rule, "sourceAddresses");
    if sources.is_empty() {
        return Err("it has no source addresses".into());
    }
    let rule_type = str_field(rule, "ruleType").unwrap_or_default();
    if rule_type.eq_ignore_ascii_case("ApplicationRule") {
        if !arr(rule, "fqdnTags").is_empty() || !arr(rule, "webCategories").is_empty() {
            return Err("it uses FQDN tags or web categories; a netdraft rule holds FQDNs: list them instead".into());
        }
        let destinations = strings(rule, "targetFqdns");
        if destinations.is_empty() {
            return Err("it has no target FQDNs (URL rules are not modelled)".into());
        }
        let ports = arr(rule, "protocols")
            .iter()
            .filter_map(|p| Some(format!("{}:{}", str_field(p, "protocolType")?, u32_field(p, "port")?)))
            .collect();
        Ok(FirewallRule {
            name,
            kind: FirewallRuleKind::Application,
            sources,
            destinations,
            ports,
            protocols: vec![],
        })
    } else if rule_type.eq_ignore_ascii_case("NetworkRule") {
        let mut destinations = strings(rule, "destinationAddresses");
        destinations.extend(strings(rule, "destinationFqdns"));
        if destinations.is_empty() {
            return Err("it has no destination addresses or FQDNs".into());
        }
        Ok(FirewallRule {
            name,
            kind: FirewallRuleKind::Network,
            sources,
            destinations,
            ports: strings(rule, "destinationPorts"),
            protocols: strings(rule, "ipProtocols"),
        })
    } else {
        Err(format!("rule type `{rule_type}` is not an application or network rule"))
    }
}

impl Mapper<'_> {
    pub(super) fn firewall_policies(&mut self) {
        for r in self.inv.of_type(FIREWALL_POLICY) {
            let dns = field(&r.body, "dnsSettings").cloned().unwrap_or(Value::Null);
            let allow = field(&r.body, "threatIntelWhitelist").cloned().unwrap_or(Value::Null);
            let spec = Spec::FirewallPolicy(FirewallPolicy {
                tier: self.policy_tier(r),
                dns_proxy: bool_field(&dns, "enableProxy").unwrap_or(false),
                dns_servers: strings(&dns, "servers")
                    .iter()
                    .filter_map(|s| {
                        let ip = s.parse::<IpAddr>().ok();
                        if ip.is_none() {
                            self.changed(
                                r,
                                "dnsSettings.servers",
                                format!("`{s}`"),
                                "left out: not an IP address",
                            );
                        }
                        ip
                    })
                    .collect(),
                threat_intel_mode: enum_ci(ThreatIntelMode::ALL, str_field(&r.body, "threatIntelMode"))
                    .unwrap_or_default(),
                threat_intel_allow_ips: strings(&allow, "ipAddresses"),
                threat_intel_allow_fqdns: strings(&allow, "fqdns"),
                idps_mode: field(&r.body, "intrusionDetection")
                    .and_then(|i| str_field(i, "mode"))
                    .map(|m| self.enum_or_default(r, "intrusionDetection.mode", IdpsMode::ALL, Some(m)))
                    .filter(|m| *m != IdpsMode::Off),
                tls_inspection: self.tls_inspection(r),
                aks_egress_for: vec![],
                rules: self.policy_rules(r),
            });
            let parent = self.region_of(r);
            self.add(Some(r), &r.name, &r.name, parent, spec);
        }
    }

    /// A policy's `sku.tier`, or `None` when it is the tier of the firewall
    /// using it (or Standard with no firewall), which the design derives.
    pub(super) fn policy_tier(&mut self, r: &RawResource) -> Option<FirewallTier> {
        let text = field(&r.body, "sku").and_then(|s| str_field(s, "tier"))?;
        let tier = self.enum_or_default(r, "sku.tier", FirewallTier::ALL, Some(text));
        let firewall_tier = self
            .inv
            .of_type(FIREWALL)
            .find(|f| ref_field(&f.body, "firewallPolicy").is_some_and(|p| p.eq_ignore_ascii_case(&r.id)))
            .and_then(|f| field(&f.body, "sku").and_then(|s| str_field(s, "tier")))
            .and_then(|t| enum_ci(FirewallTier::ALL, Some(t)))
            .unwrap_or_default();
        (tier != firewall_tier).then_some(tier)
    }

    /// TLS inspection of a Premium policy: its CA certificate and the
    /// user-assigned identity that reads it from Key Vault.
    pub(super) fn tls_inspection(&mut self, r: &RawResource) -> Option<TlsInspection> {
        let ca = field(&r.body, "transportSecurity").and_then(|t| get_ci(t, "certificateAuthority"))?;
        let identity = r
            .body
            .get("identity")
            .and_then(|i| get_ci(i, "userAssignedIdentities"))
            .and_then(Value::as_object)
            .and_then(|m| m.keys().next().cloned());
        let (Some(name), Some(secret)) = (str_field(ca, "name"), str_field(ca, "keyVaultSecretId")) else {
            self.changed(
                r,
                "transportSecurity.certificateAuthority",
                "set",
                "TLS inspection off: the certificate name or Key Vault secret id is missing",
            );
            return None;
        };
        Some(TlsInspection {
            certificate_name: name.to_owned(),
            key_vault_secret_id: secret.to_owned(),
            identity,
        })
    }

    /// The allow rules of a policy's rule collection groups, in priority
    /// order; what a design rule cannot hold is skipped and reported.
    pub(super) fn policy_rules(&mut self, policy: &RawResource) -> Vec<FirewallRule> {
        let priority = |v: &Value| u32_field(v, "priority").unwrap_or(u32::MAX);
        let mut groups: Vec<&RawResource> = self.inv.children_of(&policy.id, RULE_GROUP).collect();
        groups.sort_by_key(|g| priority(&g.body));
        let mut rules: Vec<FirewallRule> = Vec::new();
        for g in groups {
            self.consumed.insert(g.key());
            let mut collections: Vec<&Value> = arr(&g.body, "ruleCollections").iter().collect();
            collections.sort_by_key(|c| priority(c));
            for c in collections {
                let cname = str_field(c, "name").unwrap_or("?");
                let at = format!("{}/ruleCollections/{cname}", g.id);
                let kind = str_field(c, "ruleCollectionType").unwrap_or_default();
                let action = field(c, "action")
                    .and_then(|a| str_field(a, "type"))
                    .unwrap_or_default();
                if !kind.eq_ignore_ascii_case("FirewallPolicyFilterRuleCollection") {
                    let what = if kind.eq_ignore_ascii_case("FirewallPolicyNatRuleCollection") {
                        format!("a `{kind}` (DNAT) collection")
                    } else if kind.is_empty() {
                        "a collection with no `ruleCollectionType`".to_owned()
                    } else {
                        format!("a `{kind}` collection")
                    };
                    self.report.skip(
                        &at,
                        "firewall policy rule collection",
                        format!("{what}; netdraft firewall policies hold allow rules only"),
                    );
                    continue;
                }
                if !action.eq_ignore_ascii_case("Allow") {
                    self.report.skip(
                        &at,
                        "firewall policy rule collection",
                        format!("its action is `{action}`; netdraft firewall policies hold allow rules only"),
                    );
                    continue;
                }
                for rule in arr(c, "rules") {
                    let name = str_field(rule, "name").unwrap_or("?");
                    if let Some(sources) = aks_egress::sources(rule) {
                        self.aks_egress.push(aks_egress::Pending {
                            policy: policy.key(),
                            sources,
                            at: format!("{at}/rules/{name}"),
                        });
                        continue;
                    }
                    match firewall_rule(rule) {
                        Ok(mut x) => {
                            x.name = unique_rule_name(&rules, &x.name, cname);
                            rules.push(x);
                        }
                        Err(why) => self
                            .report
                            .skip(&format!("{at}/rules/{name}"), "firewall policy rule", why),
                    }
                }
            }
        }
        rules
    }

    pub(super) fn firewalls(&mut self) {
        for r in self.inv.of_type(FIREWALL) {
            if super::vwan::in_hub(r) {
                self.hub_firewall(r);
                continue;
            }
            let Some(subnet) = self.ip_config_subnet(r, "ipConfigurations") else {
                self.skip(r, "its AzureFirewallSubnet is not in the import");
                continue;
            };
            let sku = field(&r.body, "sku");
            let spec = Spec::Firewall(Firewall {
                tier: enum_ci(FirewallTier::ALL, sku.and_then(|s| str_field(s, "tier"))).unwrap_or_default(),
                public_ip_count: u32::try_from(arr(&r.body, "ipConfigurations").len())
                    .unwrap_or(1)
                    .max(1),
                policy: self.resolve(ref_field(&r.body, "firewallPolicy"), &[Kind::FirewallPolicy]),
                zones: strings(&r.body, "zones"),
            });
            self.add(Some(r), &r.name, &r.name, Some(subnet), spec);
        }
    }

    /// Routes to a firewall's private IP point at the firewall.
    pub(super) fn route_next_hops(&mut self) {
        let mut by_ip: HashMap<IpAddr, Id> = HashMap::new();
        for r in self.inv.of_type(FIREWALL) {
            let Some(id) = self.resolve(Some(r.id.clone()), &[Kind::Firewall]) else {
                continue;
            };
            for c in arr(&r.body, "ipConfigurations") {
                if let Some(ip) = str_field(c, "privateIPAddress").and_then(|ip| ip.parse().ok()) {
                    by_ip.insert(ip, id.clone());
                }
            }
            if let Some(ip) = super::vwan::hub_firewall_ip(r) {
                by_ip.insert(ip, id.clone());
            }
        }
        let tables: Vec<Id> = self.design.of_kind(Kind::RouteTable).map(|r| r.id.clone()).collect();
        for t in tables {
            if let Some(Resource {
                spec: Spec::RouteTable(rt),
                ..
            }) = self.design.get_mut(t.as_str())
            {
                for route in &mut rt.routes {
                    if route.next_hop == NextHop::VirtualAppliance
                        && let Some(fw) = route.next_hop_ip.and_then(|ip| by_ip.get(&ip))
                    {
                        route.next_hop_resource = Some(fw.clone());
                        route.next_hop_ip = None;
                    }
                }
            }
        }
    }
}
