//! Private DNS zones, the PaaS targets of private endpoints, and the
//! private endpoints themselves.

use std::collections::HashMap;

use netdraft_core::Id;
use netdraft_core::model::{Kind, PaasService, PaasType, PrivateDnsZone, PrivateEndpoint, Spec};
use serde_json::Value;

use super::{DNS_LINK, DNS_ZONE, Mapper, PE_ZONE_GROUP, PRIVATE_ENDPOINT};
use crate::raw::{RawResource, arr, bool_field, last_segment, ref_field, str_field, strings};

/// What kind of service a private endpoint's target is, by its Azure type.
const PAAS_TYPES: &[(&str, PaasType)] = &[
    ("microsoft.storage/storageaccounts", PaasType::StorageAccount),
    ("microsoft.keyvault/vaults", PaasType::KeyVault),
    ("microsoft.containerregistry/registries", PaasType::ContainerRegistry),
    ("microsoft.sql/servers", PaasType::SqlServer),
    ("microsoft.documentdb/databaseaccounts", PaasType::CosmosDb),
    (
        "microsoft.dbforpostgresql/flexibleservers",
        PaasType::PostgresqlFlexible,
    ),
    ("microsoft.servicebus/namespaces", PaasType::ServiceBus),
    ("microsoft.eventhub/namespaces", PaasType::EventHubs),
    ("microsoft.web/sites", PaasType::AppService),
];

/// Private DNS zone names by private-endpoint group id, for endpoints whose
/// zone group was not read (offline input).
const ZONE_BY_GROUP: &[(&str, &str)] = &[
    ("blob", "privatelink.blob.core.windows.net"),
    ("file", "privatelink.file.core.windows.net"),
    ("queue", "privatelink.queue.core.windows.net"),
    ("table", "privatelink.table.core.windows.net"),
    ("dfs", "privatelink.dfs.core.windows.net"),
    ("vault", "privatelink.vaultcore.azure.net"),
    ("registry", "privatelink.azurecr.io"),
    ("sqlServer", "privatelink.database.windows.net"),
    ("namespace", "privatelink.servicebus.windows.net"),
    ("sites", "privatelink.azurewebsites.net"),
];

impl Mapper<'_> {
    pub(super) fn dns_zones(&mut self) {
        for r in self.inv.of_type(DNS_ZONE) {
            let mut links = Vec::new();
            let mut registration = Vec::new();
            for link in self.inv.children_of(&r.id, DNS_LINK) {
                self.consumed.insert(link.key());
                let target = ref_field(&link.body, "virtualNetwork");
                match self.resolve(target.clone(), &[Kind::VirtualNetwork]) {
                    Some(vnet) => {
                        if bool_field(&link.body, "registrationEnabled").unwrap_or(false) {
                            registration.push(vnet.clone());
                        }
                        links.push(vnet);
                    }
                    None => self.report.skip(
                        &link.id,
                        &link.kind,
                        format!(
                            "links VNet {} which is not in the import",
                            target.as_deref().unwrap_or("(none given)")
                        ),
                    ),
                }
            }
            links.sort();
            links.dedup();
            let spec = Spec::PrivateDnsZone(PrivateDnsZone {
                zone: r.name.clone(),
                links,
                registration,
            });
            self.add(Some(r), &r.name, &r.name, None, spec);
        }
    }

    pub(super) fn paas_target(&mut self, target: &str, region: Option<Id>) -> Id {
        if let Some(id) = self.resolve(
            Some(target.to_owned()),
            &[
                Kind::PaasService,
                Kind::AksCluster,
                Kind::ApiManagement,
                Kind::PrivateLinkService,
            ],
        ) {
            return id;
        }
        let kind = crate::raw::type_from_id(target)
            .unwrap_or_default()
            .to_ascii_lowercase();
        let service = PAAS_TYPES
            .iter()
            .find(|(t, _)| *t == kind)
            .map_or(PaasType::Other, |(_, p)| *p);
        let name = last_segment(target).to_owned();
        let fake = RawResource {
            id: target.to_owned(),
            kind,
            name: name.clone(),
            origin: String::new(),
            body: Value::Null,
        };
        let id = self.add(
            Some(&fake),
            &name,
            &name,
            region,
            Spec::PaasService(PaasService {
                service,
                public_network_access: false,
            }),
        );
        if let Some(res) = self.design.get_mut(id.as_str()) {
            res.meta.notes = Some(format!(
                "Target of a private endpoint, not read itself: {target} (its settings, like public network access, are not known)."
            ));
        }
        id
    }

    pub(super) fn private_endpoints(&mut self) {
        let zones_by_name: HashMap<String, Id> = self
            .design
            .all::<PrivateDnsZone>()
            .map(|(r, z)| (z.zone.to_ascii_lowercase(), r.id.clone()))
            .collect();
        for r in self.inv.of_type(PRIVATE_ENDPOINT) {
            let Some(subnet) = self.resolve(ref_field(&r.body, "subnet"), &[Kind::Subnet]) else {
                self.skip(r, "its subnet is not in the import");
                continue;
            };
            let conn = arr(&r.body, "privateLinkServiceConnections")
                .first()
                .or_else(|| arr(&r.body, "manualPrivateLinkServiceConnections").first());
            let Some(target) = conn.and_then(|c| str_field(c, "privateLinkServiceId")) else {
                self.skip(r, "it has no private link service connection (no target)");
                continue;
            };
            let group = conn.and_then(|c| strings(c, "groupIds").into_iter().next());
            let region = self.region_of(r);
            let target = self.paas_target(target, region);
            let mut dns_zone = self
                .inv
                .children_of(&r.id, PE_ZONE_GROUP)
                .flat_map(|g| arr(&g.body, "privateDnsZoneConfigs").iter())
                .find_map(|c| {
                    self.resolve(
                        str_field(c, "privateDnsZoneId").map(str::to_owned),
                        &[Kind::PrivateDnsZone],
                    )
                });
            if dns_zone.is_none()
                && let Some(g) = &group
                && let Some((_, zone)) = ZONE_BY_GROUP.iter().find(|(k, _)| k.eq_ignore_ascii_case(g))
                && let Some(z) = zones_by_name.get(*zone)
            {
                self.report.note(format!(
                    "Private endpoint `{}`: its DNS zone group was not read; matched to zone {zone} by its group id `{g}`.",
                    r.name
                ));
                dns_zone = Some(z.clone());
            }
            for g in self.inv.children_of(&r.id, PE_ZONE_GROUP) {
                self.consumed.insert(g.key());
            }
            let static_ip = arr(&r.body, "ipConfigurations")
                .iter()
                .find_map(|c| str_field(c, "privateIPAddress").and_then(|ip| ip.parse().ok()));
            let spec = Spec::PrivateEndpoint(PrivateEndpoint {
                target,
                subresource: group,
                dns_zone,
                static_ip,
            });
            self.add(Some(r), &r.name, &r.name, Some(subnet), spec);
        }
    }
}
