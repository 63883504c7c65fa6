//! Front Door Standard/Premium: the profile, its origins (resolved to the
//! design resources they reach), its endpoints, origin groups and routes as
//! they are, and the WAF mode of its security policies.

use netdraft_core::Id;
use netdraft_core::model::{
    FrontDoor, FrontDoorLayout, FrontDoorOrigin, FrontDoorOriginGroup, FrontDoorRoute, FrontDoorSku, Spec, WafMode,
};

use super::{
    Address, CDN_PROFILE, ENDPOINT, FRONT_DOOR_ORIGINS, Mapper, ORIGIN, ORIGIN_GROUP, ROUTE, SECURITY_POLICY, enum_ci,
};
use crate::raw::{RawResource, bool_field, field, last_segment, ref_field, str_field, strings, u32_field};

impl Mapper<'_> {
    pub(super) fn front_doors(&mut self) {
        for r in self.inv.of_type(CDN_PROFILE) {
            // Only Standard/Premium profiles are Front Door; other sku names are classic CDN (§G.2, §E.2).
            let sku = enum_ci(FrontDoorSku::ALL, r.body.get("sku").and_then(|s| str_field(s, "name")));
            let Some(sku) = sku else {
                self.skip(r, "a CDN profile that is not Front Door Standard/Premium");
                continue;
            };
            let mut origins: Vec<Id> = Vec::new();
            let mut private_link = false;
            let mut layout = FrontDoorLayout::default();
            let groups: Vec<&RawResource> = self.inv.children_of(&r.id, ORIGIN_GROUP).collect();
            for g in groups {
                self.consumed.insert(g.key());
                let mut group = FrontDoorOriginGroup {
                    name: g.name.clone(),
                    origins: Vec::new(),
                };
                for o in self.inv.children_of(&g.id, ORIGIN) {
                    self.consumed.insert(o.key());
                    private_link |= field(&o.body, "sharedPrivateLinkResource").is_some();
                    match self.origin_target(o) {
                        Ok(id) => {
                            if !origins.contains(&id) {
                                origins.push(id.clone());
                            }
                            group.origins.push(FrontDoorOrigin {
                                name: o.name.clone(),
                                target: id,
                                priority: u32_field(&o.body, "priority").unwrap_or(1),
                                weight: u32_field(&o.body, "weight").unwrap_or(1000),
                            });
                        }
                        Err(why) => self.report.skip(&o.id, "Front Door origin", why),
                    }
                }
                layout.origin_groups.push(group);
            }
            let endpoints: Vec<&RawResource> = self.inv.children_of(&r.id, ENDPOINT).collect();
            for e in endpoints {
                self.consumed.insert(e.key());
                layout.endpoints.push(e.name.clone());
                let routes: Vec<&RawResource> = self.inv.children_of(&e.id, ROUTE).collect();
                for x in routes {
                    match Self::route(x, &e.name, &layout.origin_groups) {
                        Ok(route) => {
                            self.consumed.insert(x.key());
                            layout.routes.push(route);
                        }
                        Err(why) => self.skip(x, why),
                    }
                }
            }
            // By name: the order Azure lists them in carries no meaning.
            layout.endpoints.sort();
            layout.origin_groups.sort_by(|a, b| a.name.cmp(&b.name));
            for g in &mut layout.origin_groups {
                g.origins.sort_by(|a, b| a.name.cmp(&b.name));
            }
            layout
                .routes
                .sort_by(|a, b| (&a.endpoint, &a.name).cmp(&(&b.endpoint, &b.name)));
            origins.sort_by_key(|o| self.design.get(o.as_str()).map(|x| x.name().to_owned()));
            let waf_mode = self.front_door_waf(r);
            let spec = Spec::FrontDoor(FrontDoor {
                sku,
                waf_mode,
                origins,
                private_link,
                // What the profile has, even nothing: the export invents no endpoint, group or route.
                layout: Some(layout),
            });
            self.add(Some(r), &r.name, &r.name, None, spec);
        }
    }

    /// A route of an endpoint, forwarding to one of the profile's origin groups.
    fn route(x: &RawResource, endpoint: &str, groups: &[FrontDoorOriginGroup]) -> Result<FrontDoorRoute, String> {
        let group = ref_field(&x.body, "originGroup").ok_or("it names no origin group")?;
        let group = last_segment(&group);
        let group = groups
            .iter()
            .find(|g| g.name.eq_ignore_ascii_case(group))
            .ok_or_else(|| format!("its origin group `{group}` is not one of its profile's"))?;
        let or = |v: Vec<String>, default: &[&str]| {
            if v.is_empty() {
                default.iter().map(|s| (*s).to_owned()).collect()
            } else {
                v
            }
        };
        Ok(FrontDoorRoute {
            name: x.name.clone(),
            endpoint: endpoint.to_owned(),
            origin_group: group.name.clone(),
            patterns: or(strings(&x.body, "patternsToMatch"), &["/*"]),
            protocols: or(strings(&x.body, "supportedProtocols"), &["Http", "Https"]),
            forwarding_protocol: str_field(&x.body, "forwardingProtocol")
                .unwrap_or("MatchRequest")
                .to_owned(),
            https_redirect: bool_field(&x.body, "httpsRedirect").unwrap_or(false),
            // Azure's defaults when absent: both Disabled.
            link_to_default_domain: bool_field(&x.body, "linkToDefaultDomain").unwrap_or(false),
        })
    }

    /// The design resource a Front Door origin reaches: the target of its
    /// shared private link, else its `azureOrigin`, else what its host name
    /// (an IP or FQDN) belongs to; or why none is in the design.
    fn origin_target(&self, o: &RawResource) -> Result<Id, String> {
        if let Some(spl) = field(&o.body, "sharedPrivateLinkResource") {
            let target = ref_field(spl, "privateLink");
            return self
                .resolve(target.clone(), FRONT_DOOR_ORIGINS)
                .ok_or_else(|| {
                    format!(
                        "it reaches {} over a shared private link, and that is no Private Link Service, Application Gateway or API Management in the import",
                        target.as_deref().unwrap_or("(no privateLink id)")
                    )
                });
        }
        let azure = ref_field(&o.body, "azureOrigin");
        if let Some(a) = &azure {
            if let Some(gw) = self.endpoints.gateway_of_ip.get(&a.to_ascii_lowercase()) {
                return Ok(gw.clone());
            }
            if let Some(id) = self.resolve(Some(a.clone()), FRONT_DOOR_ORIGINS) {
                return Ok(id);
            }
        }
        let host = str_field(&o.body, "hostName").and_then(Address::parse);
        if let Some(id) = host.as_ref().and_then(|h| self.first_of(h, FRONT_DOOR_ORIGINS)) {
            return Ok(id);
        }
        Err(format!(
            "{}{} matches no Application Gateway, Private Link Service, API Management gateway or public IP in the import",
            host.map_or_else(
                || "it has no host name and".to_owned(),
                |h| format!("its host name `{h}`")
            ),
            azure.map_or_else(String::new, |a| format!(" (azureOrigin {a})"))
        ))
    }

    /// The WAF mode of a profile: its security policies' WAF policies
    /// (`policySettings.mode`, `Prevention` or `Detection`); disabled policies
    /// count as none. Policies in different modes give the weaker, `Detection`.
    fn front_door_waf(&mut self, profile: &RawResource) -> Option<WafMode> {
        let mut modes: Vec<(WafMode, String)> = Vec::new();
        let policies: Vec<&RawResource> = self.inv.children_of(&profile.id, SECURITY_POLICY).collect();
        for sp in policies {
            self.consumed.insert(sp.key());
            let params = field(&sp.body, "parameters");
            let kind = params.and_then(|p| str_field(p, "type")).unwrap_or_default();
            if !kind.eq_ignore_ascii_case("WebApplicationFirewall") {
                self.report.skip(
                    &sp.id,
                    &sp.kind,
                    format!("a `{kind}` security policy; only WebApplicationFirewall policies are modelled"),
                );
                continue;
            }
            let Some(waf_id) = params.and_then(|p| ref_field(p, "wafPolicy")) else {
                self.report.skip(&sp.id, &sp.kind, "it names no WAF policy");
                continue;
            };
            let Some(waf) = self.inv.get(&waf_id) else {
                self.report.note(format!(
                    "Front Door `{}`: WAF policy {waf_id} (security policy `{}`) was not read, so its mode is unknown; see the failures.",
                    profile.name, sp.name
                ));
                continue;
            };
            self.consumed.insert(waf.key());
            let settings = field(&waf.body, "policySettings");
            if settings
                .and_then(|s| str_field(s, "enabledState"))
                .is_some_and(|e| e.eq_ignore_ascii_case("Disabled"))
            {
                self.report.note(format!(
                    "Front Door `{}`: WAF policy `{}` is disabled; the design records no WAF.",
                    profile.name, waf.name
                ));
                continue;
            }
            match enum_ci(WafMode::ALL, settings.and_then(|s| str_field(s, "mode"))) {
                Some(m) => modes.push((m, waf.name.clone())),
                None => self.report.skip(
                    &waf.id,
                    &waf.kind,
                    "its policySettings.mode is missing or not Prevention or Detection",
                ),
            }
        }
        let first = modes.first()?.0;
        if modes.iter().all(|(m, _)| *m == first) {
            return Some(first);
        }
        let names: Vec<String> = modes.iter().map(|(m, n)| format!("`{n}` {m}")).collect();
        self.report.note(format!(
            "Front Door `{}`: its WAF policies differ in mode ({}); the design records Detection, the weaker.",
            profile.name,
            names.join(", ")
        ));
        Some(WafMode::Detection)
    }
}
