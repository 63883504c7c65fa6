//! The reads behind the ALB controller link ([`crate::alb`]): the role
//! assignments at each App Gateway for Containers' scope, then the
//! federated credentials of the identities holding Configuration Manager
//! there. The identities themselves come with the other lists (`LISTS`).

use std::collections::BTreeSet;

use super::{Job, Read, run_list_jobs};
use crate::ImportError;
use crate::alb::{self, AGC, IDENTITY};
use crate::arm::client::Client;
use crate::arm::{MANAGED_IDENTITY_API, ROLE_ASSIGNMENTS_API};
use crate::raw::{Inventory, segment_after};
use crate::report::Report;

/// `GET {agc}/providers/Microsoft.Authorization/roleAssignments?$filter=atScope()`
/// per App Gateway for Containers: the assignments at the AGC and above
/// (its group, the subscription, management groups), paged.
fn role_assignment_jobs(client: &Client<'_>, inv: &Inventory) -> Vec<Job> {
    inv.of_type(AGC)
        .map(|r| {
            let mut url = client.url("", ROLE_ASSIGNMENTS_API);
            url.set_path(&format!(
                "{}/providers/Microsoft.Authorization/roleAssignments",
                r.id.trim_end_matches('/')
            ));
            url.query_pairs_mut().append_pair("$filter", "atScope()");
            Job {
                what: format!("role assignments of {}", r.name),
                scope: r.id.clone(),
                subscription: segment_after(&r.id, "subscriptions").unwrap_or_default().to_owned(),
                read: Read::List(url),
            }
        })
        .collect()
}

/// Reads the role assignments of every App Gateway for Containers found and
/// keeps, each once, those on an AGC or its resource group: the ones that can
/// make an identity its controller's. Those above (the subscription's, a
/// management group's) belong to no AGC and are not kept.
pub(super) fn read_role_assignments(
    client: &Client<'_>,
    inv: &mut Inventory,
    report: &mut Report,
) -> Result<(), ImportError> {
    let jobs = role_assignment_jobs(client, inv);
    if jobs.is_empty() {
        return Ok(());
    }
    let mut read = Inventory::new();
    run_list_jobs(client, &jobs, &mut read, report)?;
    let scopes: BTreeSet<String> = inv.of_type(AGC).flat_map(|a| alb::agc_scopes(&a.id)).collect();
    for ra in read.iter() {
        let own = alb::assignment_scope(ra).is_some_and(|s| scopes.contains(&s));
        if own && inv.get(&ra.id).is_none() {
            inv.add(ra.body.clone(), &ra.origin);
        }
    }
    Ok(())
}

/// `GET {identity}/federatedIdentityCredentials` for each identity holding
/// Configuration Manager on an App Gateway for Containers, paged.
pub(super) fn federated_credential_jobs(client: &Client<'_>, inv: &Inventory) -> Vec<Job> {
    let managers = alb::all_config_managers(inv);
    inv.of_type(IDENTITY)
        .filter(|i| alb::principal(i).is_some_and(|p| managers.contains(&p)))
        .map(|i| {
            let mut url = client.url("", MANAGED_IDENTITY_API);
            url.set_path(&format!("{}/federatedIdentityCredentials", i.id.trim_end_matches('/')));
            Job {
                what: format!("federated identity credentials of {}", i.name),
                scope: i.id.clone(),
                subscription: segment_after(&i.id, "subscriptions").unwrap_or_default().to_owned(),
                read: Read::List(url),
            }
        })
        .collect()
}
