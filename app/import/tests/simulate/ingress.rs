//! Application Gateways (with their WAF policy and public IP) and App Gateway
//! for Containers (with their child associations and frontends) as Azure
//! lists them once the export is deployed and the ingress controllers have
//! synced: AGIC writes a listener per host name of its Ingress rules.

use netdraft_core::model::{
    ApiManagement, AppGateway, AppGatewayForContainers, AppGatewaySku, K8sService, Resource, TrafficManager,
};
use serde_json::{Value, json};

use super::{Sim, location_of};

/// The TLS policy the export pins on a gateway that names none.
const PINNED_SSL_POLICY: &str = "AppGwSslPolicy20220101S";

impl Sim<'_> {
    /// An Application Gateway: SKU and autoscale as the export sets them, its
    /// gateway subnet, public and private frontends, the export's default
    /// pool and settings (with the static addresses of the services and API
    /// Management it fronts), one listener and rule per host name (the
    /// export's single `http` listener when it has none), the pinned TLS
    /// policy, and its WAF policy by id.
    pub(super) fn app_gateway(&mut self, r: &Resource, g: &AppGateway) -> Value {
        let id = self.arm[&r.id].clone();
        let group = id.split("/providers/").next().unwrap_or_default().to_owned();
        let subnet = r.parent().and_then(|p| self.arm.get(p)).cloned();
        let v2 = matches!(
            g.sku,
            AppGatewaySku::WafV2 | AppGatewaySku::StandardV2 | AppGatewaySku::Basic
        );
        let waf = matches!(g.sku, AppGatewaySku::WafV2 | AppGatewaySku::WafV1);
        let (min, max) = (
            g.min_capacity.unwrap_or(1),
            g.max_capacity.unwrap_or(10).max(g.min_capacity.unwrap_or(1)),
        );
        let mut frontends = Vec::new();
        if g.public_frontend {
            let pip = self.gateway_public_ip(r, &group);
            frontends.push(
                json!({"id": format!("{id}/frontendIPConfigurations/public"), "name": "public",
                                  "properties": {"publicIPAddress": {"id": pip}}}),
            );
        }
        if let Some(ip) = g.private_ip {
            let mut p = json!({"privateIPAddress": ip.to_string(), "privateIPAllocationMethod": "Static"});
            if let Some(s) = &subnet {
                p["subnet"] = json!({"id": s});
            }
            frontends.push(
                json!({"id": format!("{id}/frontendIPConfigurations/private"), "name": "private",
                                  "properties": p}),
            );
        }
        let frontend = frontends
            .first()
            .and_then(|f| f["id"].as_str())
            .unwrap_or_default()
            .to_owned();
        let mut addresses = Vec::new();
        let mut port = 80;
        for b in &g.backends {
            if let Some(s) = self.d.spec::<K8sService>(b.as_str()) {
                if let Some(ip) = self.service_ip(b) {
                    addresses.push(json!({"ipAddress": ip.to_string()}));
                }
                if let Some(p) = s.ports.first() {
                    port = *p;
                }
            } else if self.d.spec::<ApiManagement>(b.as_str()).is_some() {
                let name = self.d.get(b.as_str()).map(|x| x.name().to_owned()).unwrap_or_default();
                addresses.push(json!({"fqdn": format!("{name}.azure-api.net")}));
            }
        }
        let pool = format!("{id}/backendAddressPools/default");
        let settings = format!("{id}/backendHttpSettingsCollection/default");
        let hosts: Vec<Option<&str>> = if g.hostnames.is_empty() {
            vec![None]
        } else {
            g.hostnames.iter().map(|h| Some(h.as_str())).collect()
        };
        let mut listeners = Vec::new();
        let mut rules = Vec::new();
        for (i, host) in hosts.iter().enumerate() {
            let name = host.map_or_else(|| "http".to_owned(), |h| format!("fl-{}", h.replace('.', "-")));
            let listener = format!("{id}/httpListeners/{name}");
            let mut p = json!({"frontendIPConfiguration": {"id": frontend},
                               "frontendPort": {"id": format!("{id}/frontendPorts/http")}, "protocol": "Http",
                               "requireServerNameIndication": false});
            if let Some(h) = host {
                p["hostName"] = json!(h);
            }
            listeners.push(json!({"id": listener, "name": name, "properties": p}));
            let rule = if host.is_some() {
                format!("rr-{name}")
            } else {
                "default".to_owned()
            };
            rules.push(json!({"id": format!("{id}/requestRoutingRules/{rule}"), "name": rule,
                              "properties": {"ruleType": "Basic", "priority": 100 + 10 * i,
                                             "httpListener": {"id": listener}, "backendAddressPool": {"id": pool},
                                             "backendHttpSettings": {"id": settings}}}));
        }
        let mut sku = json!({"name": g.sku.as_str(), "tier": g.sku.as_str()});
        if !v2 {
            sku["name"] = json!(format!("{}_Medium", g.sku.as_str()));
            sku["capacity"] = json!(max);
        }
        let mut props = json!({
            "sku": sku,
            "gatewayIPConfigurations": [{"id": format!("{id}/gatewayIPConfigurations/gateway"), "name": "gateway",
                                         "properties": {"subnet": {"id": subnet}}}],
            "sslPolicy": {"policyType": "Predefined",
                          "policyName": g.tls_policy.as_deref().unwrap_or(PINNED_SSL_POLICY)},
            "frontendIPConfigurations": frontends,
            "frontendPorts": [{"id": format!("{id}/frontendPorts/http"), "name": "http", "properties": {"port": 80}}],
            "backendAddressPools": [{"id": pool, "name": "default", "properties": {"backendAddresses": addresses}}],
            "backendHttpSettingsCollection": [{"id": settings, "name": "default", "properties": {
                "port": port, "protocol": if port == 443 { "Https" } else { "Http" },
                "cookieBasedAffinity": "Disabled", "requestTimeout": 30}}],
            "httpListeners": listeners,
            "requestRoutingRules": rules,
            "operationalState": "Running",
        });
        if v2 {
            props["autoscaleConfiguration"] = json!({"minCapacity": min, "maxCapacity": max});
        }
        if let (true, Some(mode)) = (waf, g.waf_mode) {
            let policy = format!(
                "{group}/providers/Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies/waf-{}",
                r.name()
            );
            // The design's managed rule sets, else the export's OWASP 3.2.
            let sets: Vec<Value> = if g.waf_rule_sets.is_empty() {
                vec![json!({"ruleSetType": "OWASP", "ruleSetVersion": "3.2"})]
            } else {
                g.waf_rule_sets
                    .iter()
                    .map(|s| json!({"ruleSetType": s.kind, "ruleSetVersion": s.version}))
                    .collect()
            };
            let body = json!({
                "id": policy, "name": format!("waf-{}", r.name()),
                "type": "Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies",
                "location": location_of(self.d, r.id.as_str()),
                "properties": {
                    "policySettings": {"state": "Enabled", "mode": mode.as_str(), "requestBodyCheck": true},
                    "managedRules": {"managedRuleSets": sets},
                    "applicationGateways": [{"id": id}],
                },
            });
            self.push(
                "Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies",
                body,
            );
            props["firewallPolicy"] = json!({"id": policy});
        }
        self.top(r, "Microsoft.Network/applicationGateways", props)
    }

    /// The gateway's public IP as the export makes it (`pip-{name}`, Standard,
    /// static; a DNS label when a Traffic Manager profile fronts the gateway).
    fn gateway_public_ip(&mut self, r: &Resource, group: &str) -> String {
        let name = format!("pip-{}", r.name());
        let id = format!("{group}/providers/Microsoft.Network/publicIPAddresses/{name}");
        let mut props = json!({"publicIPAllocationMethod": "Static", "publicIPAddressVersion": "IPv4",
                               "ipAddress": "203.0.113.40"});
        if self.d.all::<TrafficManager>().any(|(_, t)| t.endpoints.contains(&r.id)) {
            let label = netdraft_core::text::dns1123(r.name());
            let location = location_of(self.d, r.id.as_str());
            props["dnsSettings"] =
                json!({"domainNameLabel": label, "fqdn": format!("{label}.{location}.cloudapp.azure.com")});
        }
        let mut body = self.top(r, "Microsoft.Network/publicIPAddresses", props);
        body["id"] = json!(id);
        body["name"] = json!(name);
        body["sku"] = json!({"name": "Standard", "tier": "Regional"});
        self.push("Microsoft.Network/publicIPAddresses", body);
        id
    }

    /// An App Gateway for Containers and its children, listed under it: the
    /// association with its delegated subnet (named as the export names it)
    /// and its frontends, each with the host name Azure gives it. Written the
    /// same for a managed deployment (which the ALB controller makes in the
    /// node resource group), which the import holds as bring-your-own.
    pub(super) fn agc(&mut self, r: &Resource, a: &AppGatewayForContainers) -> Value {
        let id = self.arm[&r.id].clone();
        let location = location_of(self.d, r.id.as_str());
        let subnet = r.parent().and_then(|p| self.d.get(p.as_str()));
        let mut associations = Vec::new();
        if let Some(s) = subnet.filter(|s| self.arm.contains_key(&s.id)) {
            let name = format!("{}-association", s.name());
            associations.push(json!({
                "id": format!("{id}/associations/{name}"), "name": name,
                "type": "Microsoft.ServiceNetworking/trafficControllers/associations", "location": location,
                "properties": {"associationType": "subnets", "subnet": {"id": self.arm[&s.id]},
                               "provisioningState": "Succeeded"},
            }));
        }
        let frontends: Vec<Value> = a
            .frontends
            .iter()
            .enumerate()
            .map(|(i, f)| {
                json!({
                    "id": format!("{id}/frontends/{f}"), "name": f,
                    "type": "Microsoft.ServiceNetworking/trafficControllers/frontends", "location": location,
                    "properties": {"fqdn": format!("f{i}c0ffee.fz{i}0.alb.azure.com"), "provisioningState": "Succeeded"},
                })
            })
            .collect();
        let refs = |items: &[Value]| items.iter().map(|x| json!({"id": x["id"]})).collect::<Vec<_>>();
        let props = json!({
            "configurationEndpoints": ["c0ffee.alb.azure.com"],
            "frontends": refs(&frontends),
            "associations": refs(&associations),
            "provisioningState": "Succeeded",
        });
        self.lists.insert(format!("{id}/associations"), associations);
        self.lists.insert(format!("{id}/frontends"), frontends);
        self.top(r, "Microsoft.ServiceNetworking/trafficControllers", props)
    }
}
