//! Private endpoints, private DNS zones and PaaS services in the export model
//! (Terraform `dns.tf`).

use netdraft_core::Id;
use netdraft_core::model::{Kind, PaasService, PaasType, PrivateDnsZone, PrivateEndpoint, Resource};
use serde::Serialize;

use super::{Builder, Common, Ref};

with_common! {
    pub struct PrivateEndpointM {
        pub subnet: Ref,
        pub target: Ref,
        /// Terraform expression of the target's resource id.
        pub target_tf: String,
        pub target_bicep: String,
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
        let tf = target.tf.clone();
        let bicep = target.bicep.clone();
        let target_tf = match target.kind {
            k if k == Kind::PaasService.key() => {
                match self
                    .design
                    .spec::<PaasService>(&target.id)
                    .and_then(|p| paas_tf_type(p.service))
                {
                    Some(ty) => format!("{ty}.{tf}.id"),
                    None => format!("var.paas_resource_ids[\"{tf}\"]"),
                }
            }
            k if k == Kind::AksCluster.key() => format!("azurerm_kubernetes_cluster.{tf}.id"),
            k if k == Kind::ApiManagement.key() => format!("azurerm_api_management.{tf}.id"),
            _ => format!("var.paas_resource_ids[\"{tf}\"]"),
        };
        let target_bicep = match target.kind {
            k if k == Kind::PaasService.key()
                && self
                    .design
                    .spec::<PaasService>(&target.id)
                    .and_then(|p| paas_tf_type(p.service))
                    .is_some() =>
            {
                format!("{bicep}.id")
            }
            k if k == Kind::AksCluster.key() || k == Kind::ApiManagement.key() => format!("{bicep}.id"),
            _ => format!("paasResourceIds.{tf}"),
        };
        Some(PrivateEndpointM {
            c: self.common(r),
            subnet,
            target,
            target_tf,
            target_bicep,
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
