//! Identities, federated credentials, role assignments and OIDC issuers as
//! Azure holds them once the export is deployed: a user-assigned cluster's
//! `id-{cluster}`, and per App Gateway for Containers with a cluster the ALB
//! controller's `azure-alb-identity` in the gateway's group, federated with
//! the controller's service account on the cluster's OIDC issuer URL, with
//! Reader on the node resource group, Configuration Manager on the gateway's
//! group (Terraform's choice for a bring-your-own gateway; Bicep grants it on
//! the gateway itself, the node group for a managed one) and Network
//! Contributor on the association subnet (facts sheet AGC-QS, AGC-BYO).
//! Shapes as "User Assigned Identities - List By Subscription" and
//! "Federated Identity Credentials - List" (api-version 2024-11-30) and
//! "Role Assignments - List For Scope" (2022-04-01) return them; the role
//! assignments of a gateway's scope are served as `$filter=atScope()`
//! answers them: those at the gateway, its group and the subscription.

use netdraft_core::model::{AksCluster, AppGatewayForContainers, ClusterIdentity, Resource};
use serde_json::{Value, json};

use super::{Sim, location_of, private_link};
use crate::support::SUB;

/// The tenant of the simulated subscription.
pub const TENANT: &str = "72f988bf-86f1-41af-91ab-2d7cd011db47";
/// Role definition GUIDs (facts sheet AGC-QS, AGC-BYO).
pub const CONFIG_MANAGER: &str = "fbc52c3f-28ad-4303-a892-8a056630b8f1";
const READER: &str = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
const NETWORK_CONTRIBUTOR: &str = "4d97b98b-1d4f-4787-a291-c67834d212e7";
/// The ALB controller's service account and the identity name the export uses (AGC-QS).
pub const ALB_SUBJECT: &str = "system:serviceaccount:azure-alb-system:alb-controller-sa";
pub const ALB_IDENTITY: &str = "azure-alb-identity";

/// A stable GUID from a seed (two FNV-1a hashes make its 128 bits).
pub fn guid(seed: &str) -> String {
    let fnv = |start: u64| {
        seed.bytes()
            .fold(start, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3))
    };
    let hex = format!("{:016x}{:016x}", fnv(0xcbf2_9ce4_8422_2325), fnv(0x1f35_a7c1_92e4_0b6d));
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// A cluster's OIDC issuer URL, in the shape AKS gives it
/// (`https://{region}.oic.prod-aks.azure.com/{tenant}/{guid}/`,
/// learn.microsoft.com/azure/aks/use-oidc-issuer).
pub fn issuer_url(location: &str, cluster_arm_id: &str) -> String {
    format!(
        "https://{location}.oic.prod-aks.azure.com/{TENANT}/{}/",
        guid(&cluster_arm_id.to_ascii_lowercase())
    )
}

/// One role assignment of `role` to `principal` at `scope`.
pub fn role_assignment(scope: &str, role: &str, principal: &str) -> Value {
    let name = guid(&format!("{scope}|{role}|{principal}"));
    json!({
        "id": format!("{scope}/providers/Microsoft.Authorization/roleAssignments/{name}"),
        "name": name,
        "type": "Microsoft.Authorization/roleAssignments",
        "properties": {
            "roleDefinitionId": format!("/subscriptions/{SUB}/providers/Microsoft.Authorization/roleDefinitions/{role}"),
            "principalId": principal,
            "principalType": "ServicePrincipal",
            "scope": scope,
            "condition": null,
            "conditionVersion": null,
            "createdOn": "2026-12-01T09:30:00.0000000Z",
            "updatedOn": "2026-12-01T09:30:00.0000000Z",
            "createdBy": guid("deployer"),
            "updatedBy": guid("deployer"),
            "delegatedManagedIdentityResourceId": null,
            "description": null,
        }
    })
}

impl Sim<'_> {
    /// A user-assigned identity as listed, with its principal and client ids.
    fn identity(&mut self, id: &str, location: &str) -> String {
        let principal = guid(&format!("principal|{}", id.to_ascii_lowercase()));
        let name = id.rsplit('/').next().unwrap_or_default();
        self.push(
            "Microsoft.ManagedIdentity/userAssignedIdentities",
            json!({
                "id": id, "name": name, "type": "Microsoft.ManagedIdentity/userAssignedIdentities",
                "location": location,
                "properties": {"tenantId": TENANT, "principalId": principal,
                               "clientId": guid(&format!("client|{}", id.to_ascii_lowercase()))},
            }),
        );
        principal
    }

    /// The identities, credentials and role assignments the export makes.
    pub(super) fn identities(&mut self) {
        let d = self.d;
        let mut assignments: Vec<Value> = Vec::new();
        for (r, c) in d.all::<AksCluster>() {
            if c.identity == ClusterIdentity::UserAssigned && c.identity_existing.is_none() {
                let id = format!(
                    "{}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-{}",
                    self.group(r),
                    r.name()
                );
                self.identity(&id, &location_of(d, r.id.as_str()));
            }
        }
        let agcs: Vec<(&Resource, &AppGatewayForContainers)> = d.all::<AppGatewayForContainers>().collect();
        for (r, a) in &agcs {
            let Some(cluster) = a.cluster.as_ref().and_then(|c| d.get(c.as_str())) else {
                continue;
            };
            let group = self.group(r);
            let id = format!("{group}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/{ALB_IDENTITY}");
            let principal = self.identity(&id, &location_of(d, r.id.as_str()));
            let fic = json!({
                "id": format!("{id}/federatedIdentityCredentials/{ALB_IDENTITY}"), "name": ALB_IDENTITY,
                "type": "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials",
                "properties": {"issuer": issuer_url(&location_of(d, cluster.id.as_str()), &self.arm[&cluster.id]),
                               "subject": ALB_SUBJECT, "audiences": ["api://AzureADTokenExchange"]},
            });
            self.lists
                .insert(format!("{id}/federatedIdentityCredentials"), vec![fic]);
            let node_group = format!(
                "/subscriptions/{SUB}/resourceGroups/{}",
                private_link::node_group(d, cluster)
            );
            let manager_scope = if a.deployment == netdraft_core::model::AgcDeployment::Byo {
                group
            } else {
                node_group.clone()
            };
            assignments.push(role_assignment(&node_group, READER, &principal));
            assignments.push(role_assignment(&manager_scope, CONFIG_MANAGER, &principal));
            if let Some(subnet) = r.parent().and_then(|s| self.arm.get(s)) {
                assignments.push(role_assignment(subnet, NETWORK_CONTRIBUTOR, &principal));
            }
        }
        // `atScope()` at each gateway: the assignments at it, its group and the subscription.
        for (r, _) in &agcs {
            let id = self.arm[&r.id].clone();
            let above = [
                id.to_ascii_lowercase(),
                self.group(r).to_ascii_lowercase(),
                format!("/subscriptions/{SUB}"),
            ];
            let at: Vec<Value> = assignments
                .iter()
                .filter(|x| {
                    x["properties"]["scope"]
                        .as_str()
                        .is_some_and(|s| above.contains(&s.to_ascii_lowercase()))
                })
                .cloned()
                .collect();
            self.lists
                .insert(format!("{id}/providers/Microsoft.Authorization/roleAssignments"), at);
        }
    }

    /// The resource group part of a resource's ARM id.
    fn group(&self, r: &Resource) -> String {
        self.arm[&r.id]
            .split("/providers/")
            .next()
            .unwrap_or_default()
            .to_owned()
    }
}
