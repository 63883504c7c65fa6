//! Private DNS zones with their VNet links, and private endpoints with
//! their DNS zone groups, as Azure lists them.

use netdraft_core::model::{PrivateDnsZone, PrivateEndpoint, Resource};
use serde_json::{Value, json};

use super::Sim;

impl Sim<'_> {
    pub(super) fn dns_zone(&mut self, r: &Resource, z: &PrivateDnsZone) -> Value {
        let zone = self.arm[&r.id].clone();
        let links: Vec<Value> = z
            .links
            .iter()
            .chain(z.registration.iter().filter(|v| !z.links.contains(v)))
            .filter_map(|v| Some((v, self.arm.get(v)?, self.d.get(v.as_str())?.name())))
            .map(|(v, vnet, name)| {
                json!({"id": format!("{zone}/virtualNetworkLinks/link-{name}"), "name": format!("link-{name}"),
                       "type": "Microsoft.Network/privateDnsZones/virtualNetworkLinks", "location": "global",
                       "properties": {"virtualNetwork": {"id": vnet},
                                      "registrationEnabled": z.registration.contains(v),
                                      "virtualNetworkLinkState": "Completed"}})
            })
            .collect();
        if !links.is_empty() {
            self.lists.insert(format!("{zone}/virtualNetworkLinks"), links);
        }
        let mut body = self.top(
            r,
            "Microsoft.Network/privateDnsZones",
            json!({"numberOfRecordSets": 1, "numberOfVirtualNetworkLinks": z.links.len()}),
        );
        body["name"] = json!(z.zone);
        body["location"] = json!("global");
        body
    }

    pub(super) fn private_endpoint(&mut self, r: &Resource, e: &PrivateEndpoint) -> Value {
        let pe = self.arm[&r.id].clone();
        let mut conn = json!({"privateLinkServiceId": self.arm.get(&e.target)});
        if let Some(g) = &e.subresource {
            conn["groupIds"] = json!([g]);
        }
        let mut props = json!({
            "subnet": {"id": r.parent().and_then(|p| self.arm.get(p))},
            "privateLinkServiceConnections": [{"name": r.name(), "properties": conn}],
        });
        if let Some(ip) = e.static_ip {
            props["ipConfigurations"] = json!([{"name": "ipconfig", "properties": {
                "privateIPAddress": ip.to_string(), "groupId": e.subresource, "memberName": e.subresource}}]);
        }
        if let Some(z) = e.dns_zone.as_ref().and_then(|z| self.arm.get(z)) {
            self.lists.insert(
                format!("{pe}/privateDnsZoneGroups"),
                vec![json!({"id": format!("{pe}/privateDnsZoneGroups/default"), "name": "default",
                            "type": "Microsoft.Network/privateEndpoints/privateDnsZoneGroups",
                            "properties": {"privateDnsZoneConfigs": [{"name": "config", "properties": {"privateDnsZoneId": z}}]}})],
            );
        }
        self.top(r, "Microsoft.Network/privateEndpoints", props)
    }
}
