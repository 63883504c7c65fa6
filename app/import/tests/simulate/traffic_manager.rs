//! Traffic Manager profiles as Azure returns them: the endpoints inline, each
//! of the type, name, priority and weight the export gives it.

use netdraft_core::model::{
    FrontDoor, FrontDoorLayout, Kind, MonitorProtocol, Resource, TrafficManager, TrafficRouting,
};
use netdraft_core::text::dns1123;
use serde_json::{Value, json};

use super::{Sim, location_of};
use crate::support::SUB;

impl Sim<'_> {
    /// A profile with its endpoints. App Gateways are Azure endpoints on
    /// their frontend public IP, public IPs on themselves; Front Doors and
    /// API Management are external endpoints on their host names.
    pub(super) fn traffic_manager(&self, r: &Resource, t: &TrafficManager) -> Value {
        let profile = self.arm[&r.id].clone();
        let enabled = |ty: &str, name: &str, mut props: Value, priority: usize, weight: u32| {
            props["endpointStatus"] = json!("Enabled");
            props["endpointMonitorStatus"] = json!("Online");
            props["priority"] = json!(priority);
            props["weight"] = json!(weight);
            json!({"id": format!("{profile}/{ty}/{name}"), "name": name,
                   "type": format!("Microsoft.Network/trafficManagerProfiles/{ty}"), "properties": props})
        };
        // Without Weighted routing the export writes no weight: Azure's default is 1.
        let weight = |w: Option<u32>| {
            if t.routing == TrafficRouting::Weighted {
                w.unwrap_or(100)
            } else {
                1
            }
        };
        let mut endpoints = Vec::new();
        for (i, id) in t.endpoints.iter().enumerate() {
            let Some(target) = self.d.get(id.as_str()) else {
                continue;
            };
            let name = dns1123(target.name());
            let (ty, props) = match target.kind() {
                Kind::PublicIp => (
                    "azureEndpoints",
                    json!({"targetResourceId": self.arm[id], "endpointLocation": location_of(self.d, id.as_str())}),
                ),
                Kind::AppGateway => (
                    "azureEndpoints",
                    json!({"targetResourceId": self.listed_gateway_public_ip(target),
                           "endpointLocation": location_of(self.d, id.as_str())}),
                ),
                Kind::FrontDoor => ("externalEndpoints", json!({"target": Self::front_door_host(target)})),
                Kind::ApiManagement => (
                    "externalEndpoints",
                    json!({"target": format!("{}.azure-api.net", target.name())}),
                ),
                _ => continue,
            };
            endpoints.push(enabled(ty, &name, props, i + 1, weight(None)));
        }
        let next = endpoints.len();
        for (i, e) in t.external_endpoints.iter().enumerate() {
            let priority = e.priority.map_or(next + i + 1, |p| p as usize);
            let mut props = json!({"target": e.target});
            if let Some(l) = &e.location {
                props["endpointLocation"] = json!(l);
            }
            endpoints.push(enabled("externalEndpoints", &e.name, props, priority, weight(e.weight)));
        }
        let relative = t.dns_name.clone().unwrap_or_else(|| dns1123(r.name()));
        let mut monitor = json!({
            "profileMonitorStatus": "Online",
            "protocol": t.monitor_protocol.as_str(),
            "port": t.monitor_port.unwrap_or(if t.monitor_protocol == MonitorProtocol::Http { 80 } else { 443 }),
            "intervalInSeconds": 30, "toleratedNumberOfFailures": 3, "timeoutInSeconds": 10,
        });
        if t.monitor_protocol != MonitorProtocol::Tcp {
            monitor["path"] = json!(t.monitor_path.as_deref().unwrap_or("/"));
        }
        json!({
            "id": profile, "name": r.name(), "type": "Microsoft.Network/trafficManagerProfiles", "location": "global",
            "properties": {
                "profileStatus": "Enabled",
                "trafficRoutingMethod": t.routing.as_str(),
                "dnsConfig": {"relativeName": relative, "fqdn": format!("{relative}.trafficmanager.net"),
                              "ttl": t.ttl.unwrap_or(60)},
                "monitorConfig": monitor,
                "endpoints": endpoints,
                "trafficViewEnrollmentStatus": "Disabled",
            }
        })
    }

    /// The frontend public IP of an App Gateway as the estate lists it (the
    /// gateway's own body when it was simulated), else `{name}-pip` in its group.
    fn listed_gateway_public_ip(&self, gw: &Resource) -> String {
        let listed = self
            .lists
            .get(&format!(
                "/subscriptions/{SUB}/providers/Microsoft.Network/applicationGateways"
            ))
            .into_iter()
            .flatten()
            .filter(|b| b["name"] == gw.name())
            .flat_map(|b| {
                b["properties"]["frontendIPConfigurations"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default()
            })
            .find_map(|f| f["properties"]["publicIPAddress"]["id"].as_str().map(str::to_owned));
        listed.unwrap_or_else(|| {
            let rg = super::rg_of(self.d, gw.id.as_str()).unwrap_or_default();
            format!(
                "/subscriptions/{SUB}/resourceGroups/{rg}/providers/Microsoft.Network/publicIPAddresses/{}-pip",
                gw.name()
            )
        })
    }

    /// The host name of a Front Door's first endpoint (the one the export points a Traffic Manager at).
    fn front_door_host(fd: &Resource) -> String {
        let Some(f) = fd.as_spec::<FrontDoor>() else {
            return String::new();
        };
        let first = f
            .layout
            .as_ref()
            .and_then(|l| l.endpoints.first().cloned())
            .unwrap_or_else(|| {
                FrontDoorLayout::starter(fd.name(), &[])
                    .endpoints
                    .first()
                    .cloned()
                    .unwrap_or_default()
            });
        format!("{first}.z01.azurefd.net")
    }
}
