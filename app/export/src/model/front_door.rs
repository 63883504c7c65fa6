//! Front Door in the export model: the estate's endpoints, origin groups,
//! origins and routes when the design holds them (`layout`, an imported
//! profile), else a new design's shape: one endpoint, one origin group over
//! all origins and one route `/*`.

use netdraft_core::Id;
use netdraft_core::model::{FrontDoor, FrontDoorLayout, Kind, Resource};
use serde::Serialize;

use super::{Builder, Common, NamedChild, PlsRef, Ref, ValueM};
use crate::names;

#[derive(Debug, Clone, Serialize)]
pub struct OriginM {
    pub name: String,
    pub tf: String,
    pub bicep: String,
    pub target: Ref,
    /// The origin's host name.
    pub host: ValueM,
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
        // A new design's Front Door has the starter shape; an imported one its own.
        let layout = s.layout.clone().unwrap_or_else(|| {
            let origins: Vec<(Id, String)> = s
                .origins
                .iter()
                .filter_map(|o| Some((o.clone(), self.design.get(o.as_str())?.name().to_owned())))
                .collect();
            FrontDoorLayout::starter(r.name(), &origins)
        });
        let (endpoints, origin_groups, routes) = self.layout(r, s, &layout, plss);
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

    /// The endpoints, origin groups, origins and routes of a layout. Origins
    /// whose target is not one of the Front Door's `origins` in the design,
    /// and routes naming an endpoint or group it does not have, are left out.
    /// The first endpoint, group and route, and the first group's origins,
    /// keep the names a starter-shaped Front Door always had, so a new
    /// design exports the same whether its layout is implied or imported.
    fn layout(
        &mut self,
        r: &Resource,
        s: &FrontDoor,
        layout: &FrontDoorLayout,
        plss: &[PlsRef],
    ) -> (Vec<NamedChild>, Vec<OriginGroupM>, Vec<FdRouteM>) {
        let owner = r.id.as_str();
        let mut group_origins = Vec::new();
        for (gi, g) in layout.origin_groups.iter().enumerate() {
            let mut origins: Vec<OriginM> = Vec::new();
            for o in g.origins.iter().filter(|o| s.origins.contains(&o.target)) {
                let Some(target) = self.r(&o.target) else { continue };
                let first = gi == 0 && !origins.iter().any(|x| x.target.id == target.id);
                let suffix = if gi == 0 {
                    format!("{}-origin", o.target)
                } else {
                    format!("{}-{}-origin", g.name, o.target)
                };
                let (otf, derived_bicep) = self.derived(owner, &suffix);
                let obicep = if first {
                    format!("{}{}", self.bicep_of(owner), capitalised(&target.bicep))
                } else {
                    derived_bicep
                };
                let mut m = Self::origin(s, target, plss, (o.name.clone(), otf, obicep));
                m.priority = o.priority;
                m.weight = o.weight;
                origins.push(m);
            }
            group_origins.push(origins);
        }
        let mut endpoints = Vec::new();
        for (i, e) in layout.endpoints.iter().enumerate() {
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
        for ((i, g), origins) in layout.origin_groups.iter().enumerate().zip(group_origins) {
            let suffix = if i == 0 {
                "origins".to_owned()
            } else {
                format!("{}-group", g.name)
            };
            let (tf, bicep) = self.derived(owner, &suffix);
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
            let suffix = if routes.is_empty() {
                "route".to_owned()
            } else {
                format!("{}-{}-route", x.endpoint, x.name)
            };
            let (tf, bicep) = self.derived(owner, &suffix);
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

    fn origin(s: &FrontDoor, target: Ref, plss: &[PlsRef], names: (String, String, String)) -> OriginM {
        let host = ValueM::host_of(&target);
        let private_link = if s.private_link {
            plss.iter()
                .find(|p| p.tf == target.tf && target.is(Kind::PrivateLinkService))
        } else {
            None
        };
        let (name, tf, bicep) = names;
        OriginM {
            name,
            tf,
            bicep,
            target,
            host,
            private_link: private_link.cloned(),
            priority: 1,
            weight: 1000,
        }
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}
