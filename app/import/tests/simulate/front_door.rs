//! Front Door profiles as Azure lists them.

use netdraft_core::Id;
use netdraft_core::model::{FrontDoor, FrontDoorLayout, Kind, Resource};
use serde_json::{Value, json};

use super::{Sim, location_of};

impl Sim<'_> {
    /// A Front Door profile and its children as Azure lists them: endpoints
    /// with their routes, origin groups with their origins (an Azure origin by
    /// id), and a WAF security policy naming its WAF policy.
    pub(super) fn front_door(&mut self, r: &Resource, f: &FrontDoor) -> Value {
        let profile = self.arm[&r.id].clone();
        let origins: Vec<(Id, String)> = f
            .origins
            .iter()
            .filter_map(|o| Some((o.clone(), self.d.get(o.as_str())?.name().to_owned())))
            .collect();
        let layout = f
            .layout
            .clone()
            .unwrap_or_else(|| FrontDoorLayout::starter(r.name(), &origins));
        let mut groups = Vec::new();
        for g in &layout.origin_groups {
            let gid = format!("{profile}/originGroups/{}", g.name);
            let items: Vec<Value> = g
                .origins
                .iter()
                .filter_map(|o| Some((o, self.arm.get(&o.target)?)))
                .map(|(o, target)| {
                    let mut props = json!({"azureOrigin": {"id": target}, "hostName": "203.0.113.10",
                                           "httpPort": 80, "httpsPort": 443, "priority": o.priority, "weight": o.weight,
                                           "enabledState": "Enabled", "enforceCertificateNameCheck": true});
                    // A Private Link Service is reached over a shared private link (the export's `private_link`).
                    if f.private_link
                        && let Some(pls) = self
                            .d
                            .get(o.target.as_str())
                            .filter(|t| t.kind() == Kind::PrivateLinkService)
                    {
                        props.as_object_mut().map(|p| p.remove("azureOrigin"));
                        props["sharedPrivateLinkResource"] = json!({
                            "privateLink": {"id": target},
                            "privateLinkLocation": location_of(self.d, pls.id.as_str()),
                            "requestMessage": format!("Front Door {} to {}", r.name(), pls.name()),
                            "status": "Approved",
                        });
                    }
                    json!({"id": format!("{gid}/origins/{}", o.name), "name": o.name,
                           "type": "Microsoft.Cdn/profiles/origingroups/origins", "properties": props})
                })
                .collect();
            self.lists.insert(format!("{gid}/origins"), items);
            groups.push(json!({"id": gid, "name": g.name, "type": "Microsoft.Cdn/profiles/origingroups",
                               "properties": {"loadBalancingSettings": {"sampleSize": 4, "successfulSamplesRequired": 3},
                                              "healthProbeSettings": {"probePath": "/", "probeProtocol": "Https",
                                                                      "probeRequestType": "HEAD", "probeIntervalInSeconds": 100}}}));
        }
        self.lists.insert(format!("{profile}/originGroups"), groups);
        let mut endpoints = Vec::new();
        for e in &layout.endpoints {
            let eid = format!("{profile}/afdEndpoints/{e}");
            let routes: Vec<Value> = layout
                .routes
                .iter()
                .filter(|x| x.endpoint == *e)
                .map(|x| {
                    let enabled = |b: bool| if b { "Enabled" } else { "Disabled" };
                    json!({"id": format!("{eid}/routes/{}", x.name), "name": x.name,
                           "type": "Microsoft.Cdn/profiles/afdendpoints/routes",
                           "properties": {"originGroup": {"id": format!("{profile}/originGroups/{}", x.origin_group)},
                                          "patternsToMatch": x.patterns, "supportedProtocols": x.protocols,
                                          "forwardingProtocol": x.forwarding_protocol,
                                          "httpsRedirect": enabled(x.https_redirect),
                                          "linkToDefaultDomain": enabled(x.link_to_default_domain),
                                          "enabledState": "Enabled"}})
                })
                .collect();
            self.lists.insert(format!("{eid}/routes"), routes);
            endpoints.push(
                json!({"id": eid, "name": e, "type": "Microsoft.Cdn/profiles/afdendpoints",
                                  "location": "Global", "properties": {"hostName": format!("{e}.z01.azurefd.net"),
                                                                        "enabledState": "Enabled"}}),
            );
        }
        self.lists.insert(format!("{profile}/afdEndpoints"), endpoints);
        if let Some(mode) = f.waf_mode {
            let group = profile.split("/providers/").next().unwrap_or_default();
            let waf = format!(
                "{group}/providers/Microsoft.Network/FrontDoorWebApplicationFirewallPolicies/waf{}",
                r.name().replace('-', "")
            );
            self.objects.insert(
                waf.clone(),
                json!({"id": waf, "name": format!("waf{}", r.name().replace('-', "")),
                       "type": "Microsoft.Network/frontdoorwebapplicationfirewallpolicies", "location": "Global",
                       "sku": {"name": f.sku.as_str()},
                       "properties": {"policySettings": {"enabledState": "Enabled", "mode": mode.as_str()}}}),
            );
            let domains: Vec<Value> = layout
                .endpoints
                .iter()
                .map(|e| json!({"id": format!("{profile}/afdEndpoints/{e}")}))
                .collect();
            self.lists.insert(
                format!("{profile}/securityPolicies"),
                vec![json!({"id": format!("{profile}/securityPolicies/waf"), "name": "waf",
                            "type": "Microsoft.Cdn/profiles/securitypolicies",
                            "properties": {"parameters": {"type": "WebApplicationFirewall", "wafPolicy": {"id": waf},
                                           "associations": [{"domains": domains, "patternsToMatch": ["/*"]}]}}})],
            );
        }
        let mut body = self.top(r, "Microsoft.Cdn/profiles", json!({"originResponseTimeoutSeconds": 60}));
        body["location"] = json!("Global");
        body["kind"] = json!("frontdoor");
        body["sku"] = json!({"name": f.sku.as_str()});
        body
    }
}
