//! Front Door in the export model: the estate's endpoints, origin groups,
//! origins and routes when the design holds them (`layout`, an imported
//! profile), else a new design's shape: one endpoint, one origin group over
//! all origins and one route `/*`.

use netdraft_core::model::{FrontDoor, FrontDoorLayout, Kind, Resource};
use serde::Serialize;

use super::{Builder, Common, NamedChild, PlsRef, Ref};
use crate::names;

#[derive(Debug, Clone, Serialize)]
pub struct OriginM {
    pub name: String,
    pub tf: String,
    pub bicep: String,
    pub target: Ref,
    /// Terraform expression of the origin's host name.
    pub host_tf: String,
    /// Bicep expression of the origin's host name.
    pub host_bicep: String,
    /// The Private Link Service reached over Private Link.
    pub private_link: Option<PlsRef>,
    pub priority: u32,
    pub weight: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct OriginGroupM {
    pub name: String,
    pub tf: String,
    pub bicep: String,
    pub origins: Vec<OriginM>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FdRouteM {
    pub name: String,
    pub tf: String,
    pub bicep: String,
    pub endpoint: NamedChild,
    pub origin_group: NamedChild,
    /// The origins of its origin group.
    pub origins: Vec<OriginM>,
    pub patterns: Vec<String>,
    pub protocols: Vec<String>,
    pub forwarding_protocol: String,
    pub https_redirect: bool,
    pub link_to_default_domain: bool,
}

with_common! {
    pub struct FrontDoorM {
        pub sku: String,
        pub waf_mode: Option<String>,
        pub waf_name: String,
        /// The first endpoint (the profile's host name), if it has any.
        pub endpoint: Option<NamedChild>,
        pub endpoints: Vec<NamedChild>,
        pub origin_groups: Vec<OriginGroupM>,
        pub routes: Vec<FdRouteM>,
        pub security_policy: NamedChild,
        /// Every origin of every group.
        pub origins: Vec<OriginM>,
    }
}

impl Builder<'_> {
    pub(super) fn front_door(&mut self, r: &Resource, s: &FrontDoor, plss: &[PlsRef]) -> FrontDoorM {
        let base = names::k8s_name(r.name());
        let (endpoints, origin_groups, routes) = match &s.layout {
            Some(layout) => self.estate_layout(r, s, layout, plss),
            None => self.starter_layout(r, s, plss, &base),
        };
        let (tf, bicep) = self.derived(r.id.as_str(), "security");
        FrontDoorM {
            security_policy: NamedChild {
                name: format!("{base}-waf"),
                tf,
                bicep,
            },
            waf_name: format!("waf{}", base.replace('-', "")),
            c: self.common(r),
            sku: s.sku.as_str().to_owned(),
            waf_mode: s.waf_mode.map(|m| m.as_str().to_owned()),
            endpoint: endpoints.first().cloned(),
            origins: origin_groups.iter().flat_map(|g| g.origins.iter().cloned()).collect(),
            endpoints,
            origin_groups,
            routes,
        }
    }

    fn origin(s: &FrontDoor, target: Ref, plss: &[PlsRef], names: (String, String, String)) -> OriginM {
        let (host_tf, host_bicep) = Self::host_of(&target);
        let private_link = if s.private_link {
            plss.iter()
                .find(|p| p.tf == target.tf && target.kind == Kind::PrivateLinkService.key())
        } else {
            None
        };
        let (name, tf, bicep) = names;
        OriginM {
            name,
            tf,
            bicep,
            target,
            host_tf,
            host_bicep,
            private_link: private_link.cloned(),
            priority: 1,
            weight: 1000,
        }
    }

    /// A new design's Front Door: one endpoint, one origin group over every origin, one route `/*`.
    fn starter_layout(
        &mut self,
        r: &Resource,
        s: &FrontDoor,
        plss: &[PlsRef],
        base: &str,
    ) -> (Vec<NamedChild>, Vec<OriginGroupM>, Vec<FdRouteM>) {
        let mut origins = Vec::new();
        for o in &s.origins {
            let Some(target) = self.r(o) else { continue };
            let (tf, _) = self.derived(r.id.as_str(), &format!("{o}-origin"));
            let bicep = format!("{}{}", self.bicep_of(r.id.as_str()), capitalised(&target.bicep));
            let name = names::k8s_name(&target.name);
            origins.push(Self::origin(s, target, plss, (name, tf, bicep)));
        }
        let child = |b: &mut Self, suffix: &str, name: String| {
            let (tf, bicep) = b.derived(r.id.as_str(), suffix);
            NamedChild { name, tf, bicep }
        };
        let endpoint = child(self, "endpoint", format!("{base}-ep"));
        let group = child(self, "origins", format!("{base}-origins"));
        let route = child(self, "route", format!("{base}-route"));
        let routes = vec![FdRouteM {
            name: route.name,
            tf: route.tf,
            bicep: route.bicep,
            endpoint: endpoint.clone(),
            origin_group: group.clone(),
            origins: origins.clone(),
            patterns: vec!["/*".to_owned()],
            protocols: vec!["Http".to_owned(), "Https".to_owned()],
            forwarding_protocol: "HttpsOnly".to_owned(),
            https_redirect: true,
            link_to_default_domain: true,
        }];
        let groups = vec![OriginGroupM {
            name: group.name,
            tf: group.tf,
            bicep: group.bicep,
            origins,
        }];
        (vec![endpoint], groups, routes)
    }

    /// An imported Front Door: exactly the endpoints, origin groups, origins
    /// and routes it has. Origins whose target is gone from the design, and
    /// routes naming an endpoint or group it does not have, are left out.
    fn estate_layout(
        &mut self,
        r: &Resource,
        s: &FrontDoor,
        layout: &FrontDoorLayout,
        plss: &[PlsRef],
    ) -> (Vec<NamedChild>, Vec<OriginGroupM>, Vec<FdRouteM>) {
        let owner = r.id.as_str();
        let mut endpoints = Vec::new();
        for (i, e) in layout.endpoints.iter().enumerate() {
            // The first keeps the starter's name, which Traffic Manager endpoints refer to.
            let suffix = if i == 0 {
                "endpoint".to_owned()
            } else {
                format!("endpoint-{e}")
            };
            let (tf, bicep) = self.derived(owner, &suffix);
            endpoints.push(NamedChild {
                name: e.clone(),
                tf,
                bicep,
            });
        }
        let mut groups = Vec::new();
        for g in &layout.origin_groups {
            let (tf, bicep) = self.derived(owner, &format!("{}-group", g.name));
            let mut origins = Vec::new();
            for o in g.origins.iter().filter(|o| s.origins.contains(&o.target)) {
                let Some(target) = self.r(&o.target) else { continue };
                let (otf, obicep) = self.derived(owner, &format!("{}-{}-origin", g.name, o.name));
                let mut m = Self::origin(s, target, plss, (o.name.clone(), otf, obicep));
                m.priority = o.priority;
                m.weight = o.weight;
                origins.push(m);
            }
            groups.push(OriginGroupM {
                name: g.name.clone(),
                tf,
                bicep,
                origins,
            });
        }
        let mut routes = Vec::new();
        for x in &layout.routes {
            let endpoint = endpoints.iter().find(|e| e.name == x.endpoint);
            let group = groups.iter().find(|g| g.name == x.origin_group);
            let (Some(endpoint), Some(group)) = (endpoint.cloned(), group) else {
                continue;
            };
            let (tf, bicep) = self.derived(owner, &format!("{}-{}-route", x.endpoint, x.name));
            routes.push(FdRouteM {
                name: x.name.clone(),
                tf,
                bicep,
                endpoint,
                origin_group: NamedChild {
                    name: group.name.clone(),
                    tf: group.tf.clone(),
                    bicep: group.bicep.clone(),
                },
                origins: group.origins.clone(),
                patterns: x.patterns.clone(),
                protocols: x.protocols.clone(),
                forwarding_protocol: x.forwarding_protocol.clone(),
                https_redirect: x.https_redirect,
                link_to_default_domain: x.link_to_default_domain,
            });
        }
        (endpoints, groups, routes)
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}
