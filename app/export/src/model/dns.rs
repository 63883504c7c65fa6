//! Private endpoints, private DNS zones and PaaS services in the export model
//! (Terraform `dns.tf`).

use netdraft_core::Id;
use netdraft_core::model::{Kind, PaasService, PaasType, PrivateDnsZone, PrivateEndpoint, Resource};
use serde::Serialize;

use super::{Attr, Builder, Common, Input, Ref, RefKind, ValueM};

with_common! {
    pub struct PrivateEndpointM {
        pub subnet: Ref,
        pub target: Ref,
        /// The target's resource id: a resource the export creates, or an input.
        pub target_id: ValueM,
        pub subresource: Option<String>,
        pub dns_zone: Option<Ref>,
        pub static_ip: Option<String>,
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct DnsLinkM {
    pub name: String,
    pub tf: String,
    pub bicep: String,
    pub vnet: Ref,
    pub registration: bool,
}

with_common! {
    pub struct DnsZoneM {
        pub zone: String,
        pub links: Vec<DnsLinkM>,
    }
}

with_common! {
    pub struct PaasM {
        pub service: String,
        /// The azurerm resource type, when this configuration creates it.
        pub tf_type: Option<&'static str>,
        pub public_network_access: bool,
    }
}

impl Builder<'_> {
    pub(super) fn private_endpoint(&mut self, r: &Resource, s: &PrivateEndpoint) -> Option<PrivateEndpointM> {
        let subnet = self.parent_ref(r)?;
        let target = self.r(&s.target)?;
        // What the export creates is referenced; anything else is an input.
        let created = match target.kind {
            RefKind::Resource(Kind::PaasService) => self
                .design
                .spec::<PaasService>(&target.id)
                .and_then(|p| paas_tf_type(p.service))
                .map(|ty| (Kind::PaasService, Some(ty))),
            RefKind::Resource(of @ (Kind::AksCluster | Kind::ApiManagement)) => Some((of, None)),
            _ => None,
        };
        let target_id = match created {
            Some((of, tf_type)) => ValueM::Reference {
                of,
                tf: target.tf.clone(),
                bicep: target.bicep.clone(),
                attr: Attr::Id,
                tf_type,
            },
            None => ValueM::Variable {
                input: Input::PaasResourceIds,
                key: target.tf.clone(),
            },
        };
        Some(PrivateEndpointM {
            c: self.common(r),
            subnet,
            target,
            target_id,
            subresource: s.subresource.clone(),
            dns_zone: s.dns_zone.as_ref().and_then(|i| self.r(i)),
            static_ip: s.static_ip.map(|ip| ip.to_string()),
        })
    }

    pub(super) fn dns_zone(&mut self, r: &Resource, s: &PrivateDnsZone) -> DnsZoneM {
        let mut vnets: Vec<&Id> = s.links.iter().chain(&s.registration).collect();
        vnets.sort();
        vnets.dedup();
        let mut links = Vec::new();
        for v in vnets {
            let Some(vnet) = self.r(v) else { continue };
            let (tf, bicep) = self.derived(r.id.as_str(), v.as_str());
            links.push(DnsLinkM {
                name: format!("link-{}", vnet.name),
                tf,
                bicep,
                registration: s.registration.contains(v),
                vnet,
            });
        }
        DnsZoneM {
            c: self.common(r),
            zone: s.zone.clone(),
            links,
        }
    }

    pub(super) fn paas(&mut self, r: &Resource, s: &PaasService) -> PaasM {
        PaasM {
            c: self.common(r),
            service: s.service.as_str().to_owned(),
            tf_type: paas_tf_type(s.service),
            public_network_access: s.public_network_access,
        }
    }
}

/// The azurerm resource type this configuration creates for a PaaS service, if any.
fn paas_tf_type(service: PaasType) -> Option<&'static str> {
    match service {
        PaasType::ContainerRegistry => Some("azurerm_container_registry"),
        PaasType::KeyVault => Some("azurerm_key_vault"),
        PaasType::StorageAccount => Some("azurerm_storage_account"),
        _ => None,
    }
}
