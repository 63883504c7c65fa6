//! The traces the ALB controller of App Gateway for Containers leaves in
//! Azure Resource Manager, shared by the live reader (what to read) and the
//! mapper (what it means).
//!
//! The controller signs in as a user-assigned identity federated with its
//! service account (subject `system:serviceaccount:azure-alb-system:alb-controller-sa`,
//! issuer the cluster's OIDC issuer URL) that holds "AppGw for Containers
//! Configuration Manager" (`fbc52c3f-28ad-4303-a892-8a056630b8f1`) where the
//! App Gateway for Containers lives (facts sheet §G, AGC-QS, AGC-BYO). The
//! Terraform export grants it on the AGC's resource group, the Bicep export on
//! the AGC resource itself; both are read. An identity holding the role
//! higher up (subscription, management group) is not taken as the
//! controller's: that grant says nothing about this AGC.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::raw::{Inventory, RawResource, field, get_ci, last_segment, segment_after, str_field};

/// App Gateway for Containers, lower-cased type.
pub const AGC: &str = "microsoft.servicenetworking/trafficcontrollers";
/// User-assigned identities, lower-cased type.
pub const IDENTITY: &str = "microsoft.managedidentity/userassignedidentities";
/// Federated identity credentials (children of an identity), lower-cased type.
pub const FEDERATED_CREDENTIAL: &str = "microsoft.managedidentity/userassignedidentities/federatedidentitycredentials";
/// Role assignments, lower-cased type.
pub const ROLE_ASSIGNMENT: &str = "microsoft.authorization/roleassignments";
/// "AppGw for Containers Configuration Manager" (facts sheet, AGC-BYO).
pub const CONFIG_MANAGER_ROLE: &str = "fbc52c3f-28ad-4303-a892-8a056630b8f1";
/// The ALB controller's service account as a federated credential subject (facts sheet, AGC-QS).
pub const ALB_SUBJECT: &str = "system:serviceaccount:azure-alb-system:alb-controller-sa";
/// The audience Entra's token exchange requires of a federated credential (AGC-QS).
pub const TOKEN_EXCHANGE_AUDIENCE: &str = "api://AzureADTokenExchange";

/// The scopes, lower-cased, where Configuration Manager makes an identity an
/// AGC's controller: the AGC itself and its resource group.
pub fn agc_scopes(agc_id: &str) -> Vec<String> {
    let mut out = vec![agc_id.trim_end_matches('/').to_ascii_lowercase()];
    if let (Some(s), Some(g)) = (
        segment_after(agc_id, "subscriptions"),
        segment_after(agc_id, "resourceGroups"),
    ) {
        out.push(format!("/subscriptions/{s}/resourcegroups/{g}").to_ascii_lowercase());
    }
    out
}

/// A role assignment's scope, lower-cased: `properties.scope`, else its id
/// without the `/providers/Microsoft.Authorization/roleAssignments/{name}` tail.
pub fn assignment_scope(ra: &RawResource) -> Option<String> {
    if let Some(s) = str_field(&ra.body, "scope") {
        return Some(s.trim_end_matches('/').to_ascii_lowercase());
    }
    let id = ra.id.to_ascii_lowercase();
    id.rfind("/providers/microsoft.authorization/roleassignments/")
        .map(|at| id[..at].to_owned())
}

/// Whether a role assignment grants Configuration Manager (its
/// `roleDefinitionId` ends in the role's GUID, whatever subscription prefixes it).
pub fn is_config_manager(ra: &RawResource) -> bool {
    str_field(&ra.body, "roleDefinitionId").is_some_and(|r| last_segment(r).eq_ignore_ascii_case(CONFIG_MANAGER_ROLE))
}

/// The principal (object id) a role assignment or an identity names, lower-cased.
pub fn principal(r: &RawResource) -> Option<String> {
    str_field(&r.body, "principalId")
        .filter(|p| !p.is_empty())
        .map(str::to_ascii_lowercase)
}

/// The Configuration Manager assignments on an AGC or its resource group.
pub fn config_managers<'a>(inv: &'a Inventory, agc_id: &str) -> Vec<&'a RawResource> {
    let scopes = agc_scopes(agc_id);
    inv.of_type(ROLE_ASSIGNMENT)
        .filter(|ra| is_config_manager(ra) && assignment_scope(ra).is_some_and(|s| scopes.contains(&s)))
        .collect()
}

/// The principals holding Configuration Manager on any AGC in the inventory.
pub fn all_config_managers(inv: &Inventory) -> BTreeSet<String> {
    inv.of_type(AGC)
        .flat_map(|a| config_managers(inv, &a.id))
        .filter_map(principal)
        .collect()
}

/// Whether a federated credential is the ALB controller's: its subject is
/// the controller's service account and its audiences hold the token
/// exchange (an absent `audiences` is taken as the default, which is it).
pub fn is_alb_credential(fic: &RawResource) -> bool {
    let subject = str_field(&fic.body, "subject").is_some_and(|s| s == ALB_SUBJECT);
    let audiences = field(&fic.body, "audiences").and_then(Value::as_array);
    let audience = audiences.is_none_or(|a| a.iter().any(|x| x.as_str() == Some(TOKEN_EXCHANGE_AUDIENCE)));
    subject && audience
}

/// An AKS cluster's OIDC issuer URL (`oidcIssuerProfile.issuerURL`).
pub fn cluster_issuer(cluster: &RawResource) -> Option<&str> {
    field(&cluster.body, "oidcIssuerProfile")
        .and_then(|o| get_ci(o, "issuerURL"))
        .and_then(Value::as_str)
        .filter(|u| !u.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ra(id: &str, role: &str, scope: Option<&str>) -> RawResource {
        let mut props = json!({"roleDefinitionId": format!("/subscriptions/s/providers/Microsoft.Authorization/roleDefinitions/{role}"),
                               "principalId": "AAAA-1"});
        if let Some(s) = scope {
            props["scope"] = json!(s);
        }
        RawResource {
            id: id.into(),
            kind: ROLE_ASSIGNMENT.into(),
            name: last_segment(id).into(),
            origin: "Azure".into(),
            body: json!({"id": id, "properties": props}),
        }
    }

    #[test]
    fn scopes_come_from_the_property_or_the_id_and_the_role_from_its_guid() {
        let agc = "/subscriptions/s/resourceGroups/RG/providers/Microsoft.ServiceNetworking/trafficControllers/agc";
        assert_eq!(
            agc_scopes(agc),
            [agc.to_ascii_lowercase(), "/subscriptions/s/resourcegroups/rg".into()]
        );
        let on_agc = ra(
            &format!("{agc}/providers/Microsoft.Authorization/roleAssignments/g1"),
            CONFIG_MANAGER_ROLE,
            None,
        );
        assert_eq!(assignment_scope(&on_agc), Some(agc.to_ascii_lowercase()));
        assert!(is_config_manager(&on_agc));
        let reader = ra(
            "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Authorization/roleAssignments/g2",
            "acdd72a7-3385-48ef-bd42-f606fba81ae7",
            Some("/subscriptions/s/resourceGroups/rg"),
        );
        assert!(!is_config_manager(&reader));
        assert_eq!(principal(&reader).as_deref(), Some("aaaa-1"));
    }
}
