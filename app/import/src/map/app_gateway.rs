//! Application Gateways: SKU, capacity, subnet, frontends, the WAF mode of
//! the WAF policy they use, their listeners' host names, and their backends
//! (the clusters whose AGIC add-on drives them, and the services and API
//! Management their backend pools name). A gateway's public IP is its
//! frontend, held by the design as `public_frontend` (the export makes it).
//!
//! ARM shape: facts sheet §G.2 `applicationGateways` (`sku`,
//! `autoscaleConfiguration`, `gatewayIPConfigurations`,
//! `frontendIPConfigurations`, `httpListeners`, `backendAddressPools`,
//! `firewallPolicy.id`, legacy `webApplicationFirewallConfiguration`).

use std::collections::BTreeMap;

use netdraft_core::Id;
use netdraft_core::model::{
    AksCluster, AppGateway, AppGatewaySku, IngressChoice, Kind, Resource, Spec, WafMode, WafRuleSet,
};
use serde_json::Value;

use super::{APP_GATEWAY, APP_GATEWAY_BACKENDS, Address, Mapper, enum_ci};
use crate::raw::{RawResource, arr, bool_field, field, parent_id, ref_field, str_field, strings, u32_field};

/// Application Gateway WAF policies (§E.1 `ApplicationGatewayWebApplicationFirewallPolicies`).
pub(super) const APP_GATEWAY_WAF: &str = "microsoft.network/applicationgatewaywebapplicationfirewallpolicies";

/// The TLS policy netdraft's export pins on every gateway (TLS 1.2 or later, TF4-UG).
const PINNED_SSL_POLICY: &str = "AppGwSslPolicy20220101S";

/// The managed rule set the export gives a gateway's WAF policy when the
/// design names none.
const EXPORT_RULE_SET: (&str, &str) = ("OWASP", "3.2");

impl Mapper<'_> {
    /// Public IPs that are the frontends of a gateway whose subnet's VNet is
    /// read (lower-cased ARM id → the gateway's name): the design holds them as
    /// the gateway's `public_frontend`, and the export makes them for it.
    pub(super) fn app_gateway_public_ips(&self, out: &mut BTreeMap<String, String>) {
        for r in self.inv.of_type(APP_GATEWAY) {
            let placed = arr(&r.body, "gatewayIPConfigurations").iter().any(|c| {
                ref_field(c, "subnet")
                    .and_then(|s| parent_id(&s).map(str::to_owned))
                    .is_some_and(|v| self.inv.get(&v).is_some())
            });
            if !placed {
                continue;
            }
            for f in arr(&r.body, "frontendIPConfigurations") {
                if let Some(ip) = ref_field(f, "publicIPAddress") {
                    out.insert(ip.to_ascii_lowercase(), r.name.clone());
                }
            }
        }
    }

    pub(super) fn app_gateways(&mut self) {
        for r in self.inv.of_type(APP_GATEWAY) {
            let Some(subnet) = self.ip_config_subnet(r, "gatewayIPConfigurations") else {
                self.skip(r, "its subnet is not in the import");
                continue;
            };
            let sku = field(&r.body, "sku");
            let autoscale = field(&r.body, "autoscaleConfiguration");
            let fixed = sku.and_then(|s| u32_field(s, "capacity"));
            let legacy_waf = field(&r.body, "webApplicationFirewallConfiguration")
                .filter(|w| bool_field(w, "enabled").unwrap_or(false))
                .and_then(|w| enum_ci(WafMode::ALL, str_field(w, "firewallMode")));
            let (policy_mode, waf_rule_sets) = self.waf_policy(r);
            let waf = policy_mode.or(legacy_waf);
            // A v1 size (`Standard_Medium`) is not held: the design has the tier.
            let (name, tier) = (
                sku.and_then(|s| str_field(s, "name")),
                sku.and_then(|s| str_field(s, "tier")),
            );
            if let (Some(n), Some(t)) = (name, tier)
                && !n.eq_ignore_ascii_case(t)
            {
                self.changed(
                    r,
                    "sku.name",
                    format!("`{n}`"),
                    format!("`{t}` (a design holds the tier, not a v1 size)"),
                );
            }
            let tls_policy = self.ssl_policy(r);
            let frontends = arr(&r.body, "frontendIPConfigurations");
            let spec = Spec::AppGateway(AppGateway {
                sku: enum_ci(AppGatewaySku::ALL, sku.and_then(|s| str_field(s, "tier"))).unwrap_or_default(),
                waf_mode: waf,
                min_capacity: autoscale.and_then(|a| u32_field(a, "minCapacity")).or(fixed),
                max_capacity: autoscale.and_then(|a| u32_field(a, "maxCapacity")).or(fixed),
                private_ip: frontends
                    .iter()
                    .find_map(|f| str_field(f, "privateIPAddress").and_then(|ip| ip.parse().ok())),
                public_frontend: frontends.is_empty()
                    || frontends.iter().any(|f| field(f, "publicIPAddress").is_some()),
                backends: vec![],
                hostnames: listener_hosts(&r.body),
                tls_policy,
                waf_rule_sets,
            });
            self.add(Some(r), &r.name, &r.name, Some(subnet), spec);
        }
        for p in self.inv.of_type(APP_GATEWAY_WAF) {
            if !self.consumed.contains(&p.key()) {
                self.skip(
                    p,
                    "a WAF policy no imported Application Gateway uses; netdraft reads WAF policies only as the WAF mode of a gateway",
                );
            }
        }
    }

    /// The mode of the WAF policy a gateway uses (`firewallPolicy.id`), when
    /// it was read and is enabled, and its managed rule sets as they are
    /// (empty when they are the export's default, OWASP 3.2); the policy is
    /// read as part of the gateway. Rule overrides and exclusions, which the
    /// design does not hold, are reported.
    fn waf_policy(&mut self, r: &RawResource) -> (Option<WafMode>, Vec<WafRuleSet>) {
        let Some(id) = ref_field(&r.body, "firewallPolicy") else {
            return (None, Vec::new());
        };
        let Some(policy) = self.inv.get(&id) else {
            self.changed(
                r,
                "firewallPolicy",
                id.as_str(),
                "no WAF mode: that WAF policy is not in the import",
            );
            return (None, Vec::new());
        };
        self.consumed.insert(policy.key());
        let sets: Vec<WafRuleSet> = field(&policy.body, "managedRules")
            .map(|m| arr(m, "managedRuleSets").to_vec())
            .unwrap_or_default()
            .iter()
            .map(|s| WafRuleSet {
                kind: str_field(s, "ruleSetType").unwrap_or_default().to_owned(),
                version: str_field(s, "ruleSetVersion").unwrap_or_default().to_owned(),
            })
            .collect();
        let overrides = field(&policy.body, "managedRules").is_some_and(|m| {
            arr(m, "managedRuleSets")
                .iter()
                .any(|s| !arr(s, "ruleGroupOverrides").is_empty())
                || !arr(m, "exclusions").is_empty()
        });
        if overrides {
            self.changed(
                policy,
                "managedRules",
                "rule group overrides or exclusions",
                "none (a design holds the managed rule sets and the WAF mode, not their overrides)",
            );
        }
        let default = [WafRuleSet {
            kind: EXPORT_RULE_SET.0.to_owned(),
            version: EXPORT_RULE_SET.1.to_owned(),
        }];
        let sets = if sets == default { Vec::new() } else { sets };
        let Some(settings) = field(&policy.body, "policySettings") else {
            return (None, sets);
        };
        let enabled = str_field(settings, "state").is_none_or(|s| s.eq_ignore_ascii_case("Enabled"));
        let mode = enabled
            .then(|| enum_ci(WafMode::ALL, str_field(settings, "mode")))
            .flatten();
        (mode, sets)
    }

    /// The gateway's predefined TLS policy, held as it is (`None`: the one
    /// the export pins). A custom policy, or none (the service's default),
    /// is reported as replaced by the pinned one.
    fn ssl_policy(&mut self, r: &RawResource) -> Option<String> {
        let policy = field(&r.body, "sslPolicy");
        let name = policy.and_then(|p| str_field(p, "policyName"));
        let kind = policy.and_then(|p| str_field(p, "policyType"));
        if name.is_some_and(|n| n.eq_ignore_ascii_case(PINNED_SSL_POLICY)) {
            return None;
        }
        if let (Some(n), Some(t)) = (name, kind)
            && t.eq_ignore_ascii_case("Predefined")
        {
            return Some(n.to_owned());
        }
        let live = match (kind, name) {
            (_, Some(n)) => format!("`{n}`"),
            (Some(t), None) => format!("`{t}` policy"),
            (None, None) => "none (the service's default)".to_owned(),
        };
        self.changed(
            r,
            "sslPolicy",
            live,
            format!("predefined `{PINNED_SSL_POLICY}` (the export pins it; a design holds a predefined policy only)"),
        );
        None
    }

    /// `AppGateway.backends` from its backend pools' addresses (IPs and FQDNs),
    /// and the clusters whose AGIC drives the gateway (their pools hold pod IPs).
    pub(super) fn app_gateway_backends(&mut self) {
        for r in self.inv.of_type(APP_GATEWAY) {
            let Some(gw) = self.resolve(Some(r.id.clone()), &[Kind::AppGateway]) else {
                continue;
            };
            let agic: Vec<Id> = self
                .design
                .all::<AksCluster>()
                .filter(|(_, a)| a.ingress == IngressChoice::Agic && a.app_gateway.as_ref() == Some(&gw))
                .map(|(c, _)| c.id.clone())
                .collect();
            let mut backends = agic.clone();
            for pool in arr(&r.body, "backendAddressPools") {
                let name = str_field(pool, "name").unwrap_or("?");
                let at = format!("{}/backendAddressPools/{name}", r.id);
                if !arr(pool, "backendIPConfigurations").is_empty() {
                    self.report.skip(
                        &at,
                        "Application Gateway backend pool",
                        "its members are VM or scale-set NICs, which netdraft does not model",
                    );
                }
                for a in arr(pool, "backendAddresses") {
                    // `{ "ipAddress" }` or `{ "fqdn" }`; some spec examples give plain strings.
                    let text = a
                        .as_str()
                        .or_else(|| str_field(a, "ipAddress"))
                        .or_else(|| str_field(a, "fqdn"));
                    let Some(addr) = text.and_then(Address::parse) else {
                        continue;
                    };
                    if let Some(id) = self.first_of(&addr, APP_GATEWAY_BACKENDS) {
                        if !backends.contains(&id) {
                            backends.push(id);
                        }
                    } else {
                        let why = if agic.is_empty() {
                            format!(
                                "`{addr}` is neither the static IP of an internal Kubernetes LoadBalancer service nor an API Management gateway IP or host name in the import"
                            )
                        } else {
                            format!(
                                "`{addr}` matches no service or API Management; AGIC drives this gateway, so it is likely a pod IP (the design records the cluster as the backend)"
                            )
                        };
                        self.report
                            .skip(&format!("{at}/{addr}"), "Application Gateway backend address", why);
                    }
                }
            }
            if let Some(Resource {
                spec: Spec::AppGateway(g),
                ..
            }) = self.design.get_mut(gw.as_str())
            {
                g.backends = backends;
            }
        }
    }
}

/// The host names of a gateway's listeners (`hostName`, and the multi-site
/// `hostNames`), in listener order, each once; a listener with none answers
/// any host and adds nothing.
fn listener_hosts(body: &Value) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for l in arr(body, "httpListeners") {
        let one = str_field(l, "hostName").map(str::to_owned);
        for h in one.into_iter().chain(strings(l, "hostNames")) {
            let h = h.trim().to_owned();
            if !h.is_empty() && !out.iter().any(|x| x.eq_ignore_ascii_case(&h)) {
                out.push(h);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::listener_hosts;

    #[test]
    fn listener_host_names_come_from_both_fields_once_each_in_order() {
        let body = json!({"properties": {"httpListeners": [
            {"name": "a", "properties": {"hostName": "shop.contoso.example"}},
            {"name": "b", "properties": {"hostNames": ["api.contoso.example", "SHOP.contoso.example"]}},
            {"name": "c", "properties": {"protocol": "Http"}},
        ]}});
        assert_eq!(listener_hosts(&body), ["shop.contoso.example", "api.contoso.example"]);
    }
}
