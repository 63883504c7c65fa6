//! API Management: the service (SKU and scale units, VNet mode and subnet,
//! publisher) and what its backends reach.

use netdraft_core::Id;
use netdraft_core::model::{ApiManagement, ApimSku, ApimVnetMode, IdentityType, Kind, Resource, Spec};
use serde_json::Value;

use super::{APIM, APIM_BACKEND, APIM_BACKENDS, Address, Mapper, enum_ci, parse_enum};
use crate::raw::{field, get_ci, str_field, strings, u32_field};

impl Mapper<'_> {
    pub(super) fn apims(&mut self) {
        for r in self.inv.of_type(APIM) {
            let sku = r.body.get("sku");
            let Some(sku_name) = parse_enum::<ApimSku>(sku.and_then(|s| str_field(s, "name"))) else {
                self.skip(r, "its SKU is missing or not one netdraft knows");
                continue;
            };
            let vnet_type = str_field(&r.body, "virtualNetworkType").unwrap_or("None");
            let v2 = matches!(sku_name, ApimSku::BasicV2 | ApimSku::StandardV2 | ApimSku::PremiumV2);
            // v2 tiers write outbound integration as `External` (APIM-V2INT), injection as `Internal` (APIM-V2INJ).
            let vnet_mode = match vnet_type.to_ascii_lowercase().as_str() {
                "external" if v2 => ApimVnetMode::Integration,
                "external" => ApimVnetMode::External,
                "internal" => ApimVnetMode::Internal,
                _ => ApimVnetMode::None,
            };
            let subnet_id = field(&r.body, "virtualNetworkConfiguration")
                .and_then(|c| str_field(c, "subnetResourceId"))
                .map(str::to_owned);
            let subnet = self.resolve(subnet_id.clone(), &[Kind::Subnet]);
            let parent = subnet.clone().or_else(|| self.region_of(r));
            // Consumption has no scale units (capacity 0); the design counts at least one.
            let capacity = sku.and_then(|s| u32_field(s, "capacity"));
            let public_ip_id = str_field(&r.body, "publicIpAddressId").map(str::to_owned);
            let public_ip = self.resolve(public_ip_id.clone(), &[Kind::PublicIp]);
            let spec = Spec::ApiManagement(ApiManagement {
                sku: sku_name,
                capacity: capacity.unwrap_or(1).max(1),
                vnet_mode,
                publisher_name: str_field(&r.body, "publisherName").unwrap_or_default().to_owned(),
                publisher_email: str_field(&r.body, "publisherEmail").unwrap_or_default().to_owned(),
                backends: vec![],
                zones: strings(&r.body, "zones"),
                public_ip: public_ip.clone(),
                identity: r
                    .body
                    .get("identity")
                    .and_then(|i| enum_ci(IdentityType::ALL, str_field(i, "type"))),
                identity_ids: r
                    .body
                    .get("identity")
                    .and_then(|i| get_ci(i, "userAssignedIdentities"))
                    .and_then(Value::as_object)
                    .map(|m| m.keys().cloned().collect())
                    .unwrap_or_default(),
            });
            self.add(Some(r), &r.name, &r.name, parent, spec);
            if public_ip.is_none()
                && let Some(p) = public_ip_id
            {
                self.changed(
                    r,
                    "publicIpAddressId",
                    format!("`{p}`"),
                    "none (that public IP is not in the import; the export leaves the address to Azure)",
                );
            }
            if capacity == Some(0) {
                self.changed(r, "sku.capacity", "0", "1 (the design counts at least one scale unit)");
            }
            if vnet_mode != ApimVnetMode::None
                && subnet.is_none()
                && let Some(s) = subnet_id
            {
                self.changed(
                    r,
                    "virtualNetworkConfiguration.subnetResourceId",
                    format!("`{s}`"),
                    "none (that subnet is not in the import)",
                );
            }
        }
    }

    /// `ApiManagement.backends` from its backends' `properties.url` hosts.
    pub(super) fn apim_backends(&mut self) {
        for r in self.inv.of_type(APIM) {
            let Some(apim) = self.resolve(Some(r.id.clone()), &[Kind::ApiManagement]) else {
                continue;
            };
            let mut backends: Vec<Id> = Vec::new();
            for b in self.inv.children_of(&r.id, APIM_BACKEND) {
                self.consumed.insert(b.key());
                let Some(url) = str_field(&b.body, "url") else {
                    let why = if str_field(&b.body, "type").is_some_and(|t| t.eq_ignore_ascii_case("Pool")) {
                        "a load-balanced pool of other backends; its members are read as backends of their own"
                    } else {
                        "it has no URL"
                    };
                    self.report.skip(&b.id, &b.kind, why);
                    continue;
                };
                let Some(addr) = Address::of_url(url) else {
                    self.report
                        .skip(&b.id, &b.kind, format!("its URL `{url}` is not a URL with a host"));
                    continue;
                };
                match self.first_of(&addr, APIM_BACKENDS) {
                    Some(id) => {
                        if !backends.contains(&id) {
                            backends.push(id);
                        }
                    }
                    None => self.report.skip(
                        &b.id,
                        &b.kind,
                        format!(
                            "its URL host `{addr}` is neither the static IP of an internal Kubernetes LoadBalancer service nor an Application Gateway frontend IP or host name in the import"
                        ),
                    ),
                }
            }
            if let Some(Resource {
                spec: Spec::ApiManagement(a),
                ..
            }) = self.design.get_mut(apim.as_str())
            {
                a.backends = backends;
            }
        }
    }
}
