//! Traffic Manager profiles: routing method, DNS name and TTL, health probe,
//! and endpoints. An endpoint becomes a design endpoint where the export
//! would write it back the same way: an Azure endpoint on a public IP or on an
//! App Gateway's frontend public IP, an external endpoint on a Front Door
//! endpoint's or an API Management gateway's host name. Any other external
//! endpoint is kept as it is (name, target, priority, weight); nested
//! profiles are reported, and so is every endpoint value the design numbers
//! or names otherwise.

use std::collections::HashMap;

use netdraft_core::Id;
use netdraft_core::model::{ExternalEndpoint, Kind, MonitorProtocol, Spec, TrafficManager, TrafficRouting};
use netdraft_core::text::dns1123;
use serde_json::Value;

use super::{Address, ENDPOINT, Mapper, TRAFFIC_MANAGER};
use crate::raw::{RawResource, arr, field, get_ci, last_segment, parent_id, str_field, u32_field};

/// What an Azure endpoint's `targetResourceId` may be in the design.
const AZURE_TARGETS: &[Kind] = &[Kind::PublicIp, Kind::AppGateway, Kind::FrontDoor, Kind::ApiManagement];

/// Azure's defaults where a profile leaves them out (TF4 `traffic_manager_profile`, BT trafficmanager 2022-04-01).
const DEFAULT_TTL: u32 = 60;
const DEFAULT_WEIGHT: u32 = 100;

/// A value of the estate the design holds otherwise: (field, live, design).
type Change = (String, String, String);

impl Mapper<'_> {
    pub(super) fn traffic_managers(&mut self) {
        let front_doors = self.front_door_hosts();
        for r in self.inv.of_type(TRAFFIC_MANAGER) {
            let routing = self.enum_or_default(
                r,
                "trafficRoutingMethod",
                TrafficRouting::ALL,
                str_field(&r.body, "trafficRoutingMethod"),
            );
            // In priority order: the export numbers the design's endpoints 1, 2, … in order.
            let mut items: Vec<&Value> = arr(&r.body, "endpoints").iter().collect();
            items.sort_by_key(|e| u32_field(e, "priority").unwrap_or(u32::MAX));
            let mut endpoints: Vec<Id> = Vec::new();
            let mut external = Vec::new();
            let mut changes: Vec<Change> = Vec::new();
            for e in items {
                let name = get_ci(e, "name").and_then(Value::as_str).unwrap_or("?");
                let at = get_ci(e, "id")
                    .and_then(Value::as_str)
                    .map_or_else(|| format!("{}/endpoints/{name}", r.id), str::to_owned);
                let kind = get_ci(e, "type")
                    .and_then(Value::as_str)
                    .map(|t| last_segment(t).to_ascii_lowercase())
                    .unwrap_or_default();
                if kind == "nestedendpoints" {
                    self.report.skip(
                        &at,
                        "Traffic Manager endpoint",
                        "a nested profile; netdraft models no nested Traffic Manager endpoints",
                    );
                    continue;
                }
                if str_field(e, "endpointStatus").is_some_and(|s| s.eq_ignore_ascii_case("Disabled")) {
                    changes.push((
                        format!("endpoints.{name}.endpointStatus"),
                        "`Disabled`".into(),
                        "enabled (the design has no disabled endpoints)".into(),
                    ));
                }
                let target_id = str_field(e, "targetResourceId").map(str::to_owned);
                let host = str_field(e, "target");
                let design = match (&target_id, host) {
                    (Some(t), _) => self
                        .endpoints
                        .gateway_of_ip
                        .get(&t.to_ascii_lowercase())
                        .cloned()
                        .or_else(|| self.resolve(Some(t.clone()), AZURE_TARGETS)),
                    (None, Some(h)) => match Address::parse(h) {
                        Some(Address::Host(h)) => front_doors
                            .get(&h)
                            .cloned()
                            .or_else(|| self.first_of(&Address::Host(h), &[Kind::ApiManagement])),
                        _ => None,
                    },
                    (None, None) => None,
                };
                if let Some(id) = design {
                    if endpoints.contains(&id) {
                        self.report.skip(
                            &at,
                            "Traffic Manager endpoint",
                            "a second endpoint on the same design resource; the design holds each target once",
                        );
                        continue;
                    }
                    changes.extend(self.design_endpoint_changes(e, name, &id, endpoints.len() + 1, routing));
                    endpoints.push(id);
                    continue;
                }
                match (target_id, host) {
                    (Some(t), _) => self.report.skip(
                        &at,
                        "Traffic Manager endpoint",
                        format!(
                            "its target {t} is no public IP, Application Gateway, Front Door or API Management in the import"
                        ),
                    ),
                    (None, Some(host)) => external.push(ExternalEndpoint {
                        name: name.to_owned(),
                        target: host.to_owned(),
                        // Priorities count for Priority routing, weights for Weighted (TM-ROUTING).
                        priority: u32_field(e, "priority").filter(|_| routing == TrafficRouting::Priority),
                        weight: u32_field(e, "weight")
                            .filter(|w| routing == TrafficRouting::Weighted && *w != DEFAULT_WEIGHT),
                        location: str_field(e, "endpointLocation").map(str::to_owned),
                    }),
                    (None, None) => self.report.skip(&at, "Traffic Manager endpoint", "it has no target"),
                }
            }
            // An external endpoint's priority is kept only where the design
            // would not give it the same one (after the design's endpoints, in order).
            for (i, e) in external.iter_mut().enumerate() {
                if e.priority == u32::try_from(endpoints.len() + i + 1).ok() {
                    e.priority = None;
                }
            }
            let spec = self.profile(r, routing, endpoints, external, &mut changes);
            self.add(Some(r), &r.name, &r.name, None, spec);
            for (f, live, design) in changes {
                self.changed(r, &f, live, design);
            }
        }
    }

    /// The profile's own settings, with the defaults the export writes left out.
    fn profile(
        &mut self,
        r: &RawResource,
        routing: TrafficRouting,
        endpoints: Vec<Id>,
        external: Vec<ExternalEndpoint>,
        changes: &mut Vec<Change>,
    ) -> Spec {
        if str_field(&r.body, "profileStatus").is_some_and(|s| s.eq_ignore_ascii_case("Disabled")) {
            changes.push((
                "profileStatus".into(),
                "`Disabled`".into(),
                "`Enabled` (the export writes an enabled profile)".into(),
            ));
        }
        let monitor = field(&r.body, "monitorConfig").cloned().unwrap_or(Value::Null);
        let monitor_protocol = self.enum_or_default(
            r,
            "monitorConfig.protocol",
            MonitorProtocol::ALL,
            str_field(&monitor, "protocol"),
        );
        let default_port = if monitor_protocol == MonitorProtocol::Http {
            80
        } else {
            443
        };
        let dns = field(&r.body, "dnsConfig");
        Spec::TrafficManager(TrafficManager {
            ttl: dns.and_then(|d| u32_field(d, "ttl")).filter(|t| *t != DEFAULT_TTL),
            monitor_protocol,
            monitor_port: u32_field(&monitor, "port")
                .and_then(|p| u16::try_from(p).ok())
                .filter(|p| *p != default_port),
            monitor_path: str_field(&monitor, "path")
                .filter(|p| *p != "/" && monitor_protocol != MonitorProtocol::Tcp)
                .map(str::to_owned),
            external_endpoints: external,
            routing,
            endpoints,
            // The export names the profile's DNS after the profile when the design names none.
            dns_name: dns
                .and_then(|d| str_field(d, "relativeName"))
                .filter(|n| *n != dns1123(&r.name))
                .map(str::to_owned),
        })
    }

    /// What the export would write otherwise for an endpoint on a design
    /// resource: it names it after its target, numbers it by its place, weighs it 100.
    fn design_endpoint_changes(
        &self,
        e: &Value,
        name: &str,
        target: &Id,
        place: usize,
        routing: TrafficRouting,
    ) -> Vec<Change> {
        let mut out = Vec::new();
        let target_name = self
            .design
            .get(target.as_str())
            .map(|t| t.name().to_owned())
            .unwrap_or_default();
        let expected = dns1123(&target_name);
        if name != expected {
            out.push((
                format!("endpoints.{name}.name"),
                format!("`{name}`"),
                format!("`{expected}` (the design names an endpoint after its target)"),
            ));
        }
        let priority = u32_field(e, "priority");
        if routing == TrafficRouting::Priority && priority.is_some_and(|p| usize::try_from(p).ok() != Some(place)) {
            out.push((
                format!("endpoints.{name}.priority"),
                priority.unwrap_or_default().to_string(),
                format!("{place} (the design numbers its endpoints in order)"),
            ));
        }
        let weight = u32_field(e, "weight");
        if routing == TrafficRouting::Weighted && weight.is_some_and(|w| w != DEFAULT_WEIGHT) {
            out.push((
                format!("endpoints.{name}.weight"),
                weight.unwrap_or_default().to_string(),
                format!("{DEFAULT_WEIGHT} (the design weighs its own endpoints equally)"),
            ));
        }
        out
    }

    /// Front Door profiles by their first endpoint's host name (lower-cased):
    /// the target of the external endpoint the export writes for a Front
    /// Door is its first endpoint's, and the import orders endpoints by name.
    fn front_door_hosts(&self) -> HashMap<String, Id> {
        let mut first: HashMap<Id, (&str, String)> = HashMap::new();
        for e in self.inv.of_type(ENDPOINT) {
            let Some(fd) = parent_id(&e.id).and_then(|p| self.resolve(Some(p.to_owned()), &[Kind::FrontDoor])) else {
                continue;
            };
            let Some(Address::Host(h)) = str_field(&e.body, "hostName").and_then(Address::parse) else {
                continue;
            };
            match first.get(&fd) {
                Some((name, _)) if *name <= e.name.as_str() => {}
                _ => {
                    first.insert(fd, (e.name.as_str(), h));
                }
            }
        }
        first.into_iter().map(|(fd, (_, h))| (h, fd)).collect()
    }
}
