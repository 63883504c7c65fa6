//! API Management services as Azure returns them, and their backends.

use netdraft_core::model::{ApiManagement, ApimVnetMode, K8sService, Kind, Resource};
use netdraft_core::text::dns1123;
use serde_json::{Value, json};

use super::Sim;

impl Sim<'_> {
    /// The service (its default gateway host, its VNet mode and subnet) and
    /// its `backends` list: one backend per Kubernetes service it fronts, on
    /// the service's static IP and first port.
    pub(super) fn apim(&mut self, r: &Resource, a: &ApiManagement) -> Value {
        let id = self.arm[&r.id].clone();
        let host = format!("{}.azure-api.net", r.name());
        // v2 outbound integration is written as `External` (APIM-V2INT).
        let vnet_type = match a.vnet_mode {
            ApimVnetMode::None => "None",
            ApimVnetMode::External | ApimVnetMode::Integration => "External",
            ApimVnetMode::Internal => "Internal",
        };
        let mut props = json!({
            "publisherEmail": a.publisher_email,
            "publisherName": a.publisher_name,
            "gatewayUrl": format!("https://{host}"),
            "hostnameConfigurations": [{"type": "Proxy", "hostName": host, "negotiateClientCertificate": false,
                                        "defaultSslBinding": true, "certificateSource": "BuiltIn"}],
            "virtualNetworkType": vnet_type,
            "publicNetworkAccess": "Enabled",
            "platformVersion": "stv2",
        });
        if a.vnet_mode != ApimVnetMode::None
            && let Some(subnet) = r
                .parent()
                .filter(|p| self.d.get(p.as_str()).is_some_and(|s| s.kind() == Kind::Subnet))
                .and_then(|p| self.arm.get(p))
        {
            props["virtualNetworkConfiguration"] = json!({"subnetResourceId": subnet});
        }
        if let Some(ip) = a.public_ip.as_ref().and_then(|p| self.arm.get(p)) {
            props["publicIpAddressId"] = json!(ip);
        }
        let backends: Vec<Value> = a
            .backends
            .iter()
            .filter_map(|b| {
                let target = self.d.get(b.as_str())?;
                let svc = target.as_spec::<K8sService>()?;
                let ip = self.service_ip(b)?;
                let port = svc.ports.first().copied().unwrap_or(80);
                let name = dns1123(target.name());
                Some(json!({"id": format!("{id}/backends/{name}"), "name": name,
                            "type": "Microsoft.ApiManagement/service/backends",
                            "properties": {"url": format!("http://{ip}:{port}"), "protocol": "http"}}))
            })
            .collect();
        self.lists.insert(format!("{id}/backends"), backends);
        let mut body = self.top(r, "Microsoft.ApiManagement/service", props);
        body["sku"] = json!({"name": a.sku.as_str(), "capacity": a.capacity});
        if !a.zones.is_empty() {
            body["zones"] = json!(a.zones);
        }
        if let Some(t) = a.identity {
            body["identity"] = json!({"type": t.as_str(), "principalId": "00000000-0000-0000-0000-0000000000aa",
                                      "tenantId": "00000000-0000-0000-0000-0000000000bb"});
            if !a.identity_ids.is_empty() {
                let ids: serde_json::Map<String, Value> = a
                    .identity_ids
                    .iter()
                    .map(|i| {
                        (
                            i.clone(),
                            json!({"principalId": "00000000-0000-0000-0000-0000000000cc"}),
                        )
                    })
                    .collect();
                body["identity"]["userAssignedIdentities"] = Value::Object(ids);
            }
        }
        body
    }
}
