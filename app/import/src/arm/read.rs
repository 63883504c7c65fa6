//! What the import reads and in what order: the jobs (lists at their
//! scope, the Resource Graph query, children, the resources they name, the
//! inventory of everything in the scope), run on a bounded pool, their items
//! added to the inventory and their failures to the report.

use std::collections::VecDeque;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use serde_json::Value;
use url::Url;

use super::client::{AzureOptions, CallError, Client, Progress};
use super::{
    CHILD_LISTS, FRONT_DOOR_WAF_API, FRONT_DOOR_WAF_TYPE, GRANDCHILD_LISTS, LISTS, NODE_GROUP_LISTS,
    RESOURCE_GROUPS_API, RESOURCES_API, RG_LISTS, SUBSCRIPTIONS_API, child_wanted,
};
use crate::ImportError;
use crate::auth::{TokenSource, check_arm_root, check_endpoint};
use crate::raw::{Inventory, field, get_ci, segment_after, type_from_id};
use crate::report::Report;
use crate::transport::{Transport, TransportError};

mod identity;

/// A subscription the identity can read, for a picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscription {
    /// The subscription id (a GUID), as [`AzureOptions::subscriptions`] takes it.
    pub id: String,
    /// The display name.
    pub name: String,
    /// `Enabled`, `Disabled`, `Warned`, `PastDue` or `Deleted`, as Azure says.
    pub state: String,
}

/// What one job reads.
enum Read {
    /// A list, following `nextLink`.
    List(Url),
    /// A Resource Graph query, following `$skipToken`.
    Graph { subscriptions: Vec<String>, query: String },
    /// One object (a resource group).
    One(Url),
    /// One resource another names by id (a WAF policy).
    Resource(Url),
}

/// One list call to make.
struct Job {
    what: String,
    scope: String,
    subscription: String,
    read: Read,
}

/// A KQL string literal.
fn kql_string(text: &str) -> String {
    format!("'{}'", text.replace('\\', "\\\\").replace('\'', "\\'"))
}

/// The Resource Graph query for the types with no subscription-scope list
/// (`RG_LISTS`), in `groups` when given. It projects `id` first: without it
/// Resource Graph returns no `$skipToken` (§G.4). The rows have the ARM shape
/// (`properties` nested), as `az graph query` output read offline does.
fn graph_query(groups: &[String]) -> String {
    let types: Vec<String> = RG_LISTS
        .iter()
        .map(|(_, path, _)| kql_string(&path.trim_start_matches("/providers/").to_ascii_lowercase()))
        .collect();
    let in_groups = if groups.is_empty() {
        String::new()
    } else {
        let groups: Vec<String> = groups.iter().map(|g| kql_string(g)).collect();
        format!(" | where resourceGroup in~ ({})", groups.join(", "))
    };
    format!(
        "Resources | where type in~ ({}){in_groups} | project id, name, type, location, resourceGroup, subscriptionId, sku, zones, properties",
        types.join(", ")
    )
}

/// Runs jobs on at most `n` threads; results in job order.
fn run_parallel<T: Send>(client: &Client<'_>, jobs: &[Job], n: usize, f: impl Fn(&Job) -> T + Sync) -> Vec<T> {
    client.calls_total.fetch_add(jobs.len() as u64, Ordering::Relaxed);
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<(usize, T)>> = Mutex::new(Vec::with_capacity(jobs.len()));
    std::thread::scope(|s| {
        for _ in 0..n.clamp(1, jobs.len().max(1)) {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(job) = jobs.get(i) else { break };
                    let r = f(job);
                    if let Ok(mut v) = results.lock() {
                        v.push((i, r));
                    }
                }
            });
        }
    });
    let mut v = results.into_inner().unwrap_or_default();
    v.sort_by_key(|(i, _)| *i);
    v.into_iter().map(|(_, r)| r).collect()
}

fn describe(e: &CallError, job: &Job) -> String {
    match e {
        CallError::Denied { status, detail } => {
            let what = if *status == 401 {
                "401 Unauthorized: the token was not accepted (expired, or for another tenant or cloud); sign in again (`az login`) or pass a fresh --access-token"
            } else {
                "403 Forbidden"
            };
            let detail = if detail.is_empty() {
                String::new()
            } else {
                format!(" ({detail})")
            };
            format!(
                "{what}{detail}. Reading needs the Reader role (or any role with read access) at scope {}; ask an owner of the subscription to assign it",
                job.scope
            )
        }
        CallError::Status { status, detail } => {
            if detail.is_empty() {
                format!("HTTP {status}")
            } else {
                format!("HTTP {status}: {detail}")
            }
        }
        CallError::Malformed(m) => format!("the response is not the JSON expected: {m}"),
        CallError::Transport(TransportError::Timeout) => "timed out after every retry".into(),
        CallError::Transport(t) => format!("{t} (after every retry)"),
        CallError::Throttled(d) => format!(
            "throttled (HTTP 429) on every retry{}",
            if d.is_empty() { String::new() } else { format!(": {d}") }
        ),
        CallError::Link(m) | CallError::Auth(m) => m.clone(),
        CallError::Cancelled => "cancelled".into(),
    }
}

/// Reads everything into an inventory; failed calls go into the report.
pub fn read_all(
    options: &AzureOptions,
    transport: &dyn Transport,
    token: &dyn TokenSource,
    progress: &(dyn Fn(&Progress) + Sync),
    cancel: &AtomicBool,
    report: &mut Report,
) -> Result<Inventory, ImportError> {
    check_endpoint(&options.arm_endpoint, "ARM endpoint")?;
    check_arm_root(&options.arm_endpoint, "ARM endpoint")?;
    let client = Client::new(options, transport, token, progress, cancel);
    let result = read_with(&client, report);
    report.requests = client.requests.load(Ordering::Relaxed);
    report.retries = client.retries.load(Ordering::Relaxed);
    result
}

/// Lists the subscriptions the identity can read, sorted by name (then id).
/// Blocking, with the import's paging, retries and messages: a 401 or 403
/// names the Reader role. Setting `cancel` stops it with [`ImportError::Cancelled`].
pub fn list_subscriptions(
    options: &AzureOptions,
    transport: &dyn Transport,
    token: &dyn TokenSource,
    cancel: &AtomicBool,
) -> Result<Vec<Subscription>, ImportError> {
    check_endpoint(&options.arm_endpoint, "ARM endpoint")?;
    check_arm_root(&options.arm_endpoint, "ARM endpoint")?;
    let client = Client::new(options, transport, token, &|_| {}, cancel);
    subscriptions(&client)
}

/// `GET /subscriptions`, all pages, sorted by name then id.
fn subscriptions(client: &Client<'_>) -> Result<Vec<Subscription>, ImportError> {
    let url = client.url("/subscriptions", SUBSCRIPTIONS_API);
    let job = Job {
        what: "subscriptions".into(),
        scope: "the tenant".into(),
        subscription: String::new(),
        read: Read::List(url.clone()),
    };
    client.calls_total.fetch_add(1, Ordering::Relaxed);
    let items = client.list(url).map_err(|e| match e {
        CallError::Cancelled => ImportError::Cancelled,
        CallError::Auth(m) => ImportError::Auth(m),
        e => ImportError::NoSubscriptions(format!(
            "could not list the subscriptions this identity can read: {}",
            describe(&e, &job)
        )),
    })?;
    client.report_progress("listed subscriptions".into());
    let text = |v: &Value, key: &str| get_ci(v, key).and_then(Value::as_str).unwrap_or_default().to_owned();
    let mut out: Vec<Subscription> = items
        .iter()
        .filter_map(|s| {
            let id = text(s, "subscriptionId");
            (!id.is_empty()).then(|| Subscription {
                name: Some(text(s, "displayName"))
                    .filter(|n| !n.is_empty())
                    .unwrap_or_else(|| id.clone()),
                state: text(s, "state"),
                id,
            })
        })
        .collect();
    out.sort_by(|a, b| {
        a.name
            .to_lowercase()
            .cmp(&b.name.to_lowercase())
            .then_with(|| a.id.cmp(&b.id))
    });
    Ok(out)
}

fn read_with(client: &Client<'_>, report: &mut Report) -> Result<Inventory, ImportError> {
    let options = client.options;
    // Without a token every call would fail the same way: stop with that one error.
    client.token.token().map_err(ImportError::Auth)?;
    let mut subscriptions = options.subscriptions.clone();
    if subscriptions.is_empty() {
        subscriptions = self::subscriptions(client)?.into_iter().map(|s| s.id).collect();
        if subscriptions.is_empty() {
            return Err(ImportError::NoSubscriptions(
                "the identity can read no subscription; assign it the Reader role on the subscriptions to import, or pass --subscription".into(),
            ));
        }
    }
    for s in &subscriptions {
        let mut line = format!("subscription {s}");
        if !options.resource_groups.is_empty() {
            line = format!("{line} (resource groups {})", options.resource_groups.join(", "));
        }
        report.sources.push(line);
    }

    let mut inv = Inventory::new();
    let mut jobs = Vec::new();
    // Group-scope types go by Resource Graph when asked, else per resource group.
    let rg_lists: &[(&str, &str, &str)] = if options.resource_graph { &[] } else { RG_LISTS };
    let filtered = !options.resource_groups.is_empty();
    // With resource groups given: first the groups themselves, in every
    // subscription (a group is usually in one of them), then lists at the
    // scope of each group found, never the whole subscription.
    let mut group_jobs: Vec<(usize, &str, &str)> = Vec::new();
    for s in &subscriptions {
        if filtered {
            for g in &options.resource_groups {
                group_jobs.push((jobs.len(), s, g));
                jobs.push(Job {
                    what: format!("resource group {g} of subscription {s}"),
                    scope: format!("/subscriptions/{s}/resourceGroups/{g}"),
                    subscription: s.clone(),
                    read: Read::One(rg_url(client, s, g, "", RESOURCE_GROUPS_API)),
                });
            }
        } else {
            for (what, path, api) in LISTS {
                jobs.push(Job {
                    what: format!("{what} in subscription {s}"),
                    scope: format!("/subscriptions/{s}"),
                    subscription: s.clone(),
                    read: Read::List(client.url(&format!("/subscriptions/{s}{path}"), api)),
                });
            }
        }
    }
    if options.resource_graph {
        let what: Vec<&str> = RG_LISTS.iter().map(|(what, _, _)| *what).collect();
        jobs.push(Job {
            what: format!("{} (Resource Graph query)", what.join(" and ")),
            scope: subscriptions
                .iter()
                .map(|s| format!("/subscriptions/{s}"))
                .collect::<Vec<_>>()
                .join(", "),
            subscription: String::new(),
            read: Read::Graph {
                subscriptions: subscriptions.clone(),
                query: graph_query(&options.resource_groups),
            },
        });
    }
    let results = run_list_jobs(client, &jobs, &mut inv, report)?;

    let rg_jobs = if filtered {
        given_group_jobs(client, &group_jobs, &results, rg_lists, report)
    } else {
        found_group_jobs(client, &jobs, &results, &inv, rg_lists)
    };
    run_list_jobs(client, &rg_jobs, &mut inv, report)?;

    // The node resource groups of the clusters found hold their LoadBalancer
    // services, Private Link Services and services' public IPs: read those too.
    let mut groups = options.resource_groups.clone();
    if filtered {
        let node_jobs = node_group_jobs(client, &inv, &mut groups, report);
        run_list_jobs(client, &node_jobs, &mut inv, report)?;
    }
    // Resource Graph rows and child lists may still name other groups.
    inv.retain_groups(&groups);

    // Children of what was found (and the role assignments of each App
    // Gateway for Containers), then their children, the resources they name
    // and the federated credentials of its controller's identity.
    let children = child_jobs(client, &inv, CHILD_LISTS);
    run_list_jobs(client, &children, &mut inv, report)?;
    identity::read_role_assignments(client, &mut inv, report)?;
    let mut jobs = child_jobs_of(client, &inv, GRANDCHILD_LISTS);
    jobs.extend(waf_policy_jobs(client, &inv));
    jobs.extend(identity::federated_credential_jobs(client, &inv));
    run_list_jobs(client, &jobs, &mut inv, report)?;
    inventory_scope(client, &subscriptions, &inv, report)?;
    Ok(inv)
}

/// Every resource in the scope (each subscription, or each resource group
/// given and found) by the generic resources list, one paged call each; every
/// resource of a type the import does not read is reported as skipped, by
/// type, so nothing in the scope is left out of the report without a word.
fn inventory_scope(
    client: &Client<'_>,
    subscriptions: &[String],
    inv: &Inventory,
    report: &mut Report,
) -> Result<(), ImportError> {
    let mut jobs = Vec::new();
    if client.options.resource_groups.is_empty() {
        for s in subscriptions {
            jobs.push(Job {
                what: format!("resource inventory of subscription {s}"),
                scope: format!("/subscriptions/{s}"),
                subscription: s.clone(),
                read: Read::List(client.url(&format!("/subscriptions/{s}/resources"), RESOURCES_API)),
            });
        }
    } else {
        for g in inv.of_type("microsoft.resources/resourcegroups") {
            let s = segment_after(&g.id, "subscriptions").unwrap_or_default();
            let mut job = rg_job(client, s, &g.name, "resource inventory", "/resources", RESOURCES_API);
            job.what = format!("resource inventory of resource group {} in subscription {s}", g.name);
            jobs.push(job);
        }
    }
    let results = run_parallel(client, &jobs, client.options.concurrency, |job| {
        let r = match &job.read {
            Read::List(url) => client.list(url.clone()),
            _ => Ok(vec![]),
        };
        client.report_progress(format!("{} ({})", job.what, r.as_ref().map_or(0, Vec::len)));
        r
    });
    let mut read_types: Vec<String> = LISTS
        .iter()
        .chain(RG_LISTS)
        .filter_map(|(_, path, _)| path.strip_prefix("/providers/"))
        .map(str::to_ascii_lowercase)
        .collect();
    read_types.push("microsoft.resources/resourcegroups".into());
    let mut listed = 0u64;
    for (job, r) in jobs.iter().zip(results) {
        let items = match r {
            Ok(items) => items,
            Err(CallError::Cancelled) => return Err(ImportError::Cancelled),
            Err(e) => {
                report.fail(job.what.clone(), describe(&e, job));
                continue;
            }
        };
        listed += items.len() as u64;
        for item in items {
            let (Some(id), Some(kind)) = (
                get_ci(&item, "id").and_then(Value::as_str),
                get_ci(&item, "type").and_then(Value::as_str),
            ) else {
                continue;
            };
            let kind_lc = kind.to_ascii_lowercase();
            if inv.get(id).is_some() || read_types.contains(&kind_lc) {
                continue;
            }
            if kind_lc == FRONT_DOOR_WAF_TYPE {
                report.skip(
                    id,
                    kind,
                    "a Front Door WAF policy no Front Door security policy in the import names; netdraft reads WAF policies only as the WAF mode of a Front Door",
                );
            } else {
                report.skip(id, kind, crate::report::TYPE_NOT_READ);
            }
        }
    }
    if !jobs.is_empty() {
        report.sources.push(format!(
            "resource inventory: {} listed in the scope, each imported or reported",
            crate::report::count(listed, "resource", "resources")
        ));
    }
    Ok(())
}

/// With resource groups given: every list at the scope of each group in
/// each subscription that has it (`group_jobs`: index of the group's GET in
/// `results`, subscription, group). A group no subscription has is reported
/// once; a 404 in one subscription is normal when another has the group.
fn given_group_jobs(
    client: &Client<'_>,
    group_jobs: &[(usize, &str, &str)],
    results: &[Outcome],
    rg_lists: &[(&str, &str, &str)],
    report: &mut Report,
) -> Vec<Job> {
    let mut jobs = Vec::new();
    for g in &client.options.resource_groups {
        let mut anywhere = false;
        for (i, s, _) in group_jobs.iter().filter(|(_, _, x)| *x == g.as_str()) {
            if results.get(*i) == Some(&Outcome::NotFound) {
                continue;
            }
            anywhere = true;
            for (what, path, api) in LISTS.iter().filter(|(_, p, _)| *p != "/resourcegroups").chain(rg_lists) {
                jobs.push(rg_job(client, s, g, what, path, api));
            }
        }
        if !anywhere {
            report.fail(
                format!("resource group {g}"),
                format!("resource group `{g}` not found in any subscription read; check its name"),
            );
        }
    }
    jobs
}

/// Without a filter: the group-scope lists for each group the subscription lists found.
fn found_group_jobs(
    client: &Client<'_>,
    jobs: &[Job],
    results: &[Outcome],
    inv: &Inventory,
    rg_lists: &[(&str, &str, &str)],
) -> Vec<Job> {
    let mut out = Vec::new();
    for (job, outcome) in jobs.iter().zip(results) {
        if *outcome != Outcome::Read || !job.what.starts_with("resource groups") {
            continue;
        }
        let groups = inv.of_type("microsoft.resources/resourcegroups").filter(|r| {
            segment_after(&r.id, "subscriptions").is_some_and(|s| s.eq_ignore_ascii_case(&job.subscription))
        });
        for g in groups {
            for (what, path, api) in rg_lists {
                out.push(rg_job(client, &job.subscription, &g.name, what, path, api));
            }
        }
    }
    out
}

/// With a resource-group filter: the [`NODE_GROUP_LISTS`] of each cluster's
/// node resource group (`properties.nodeResourceGroup`, in the cluster's
/// subscription) that is not given already; adds those groups to `groups`
/// and names them in the report's sources.
fn node_group_jobs(client: &Client<'_>, inv: &Inventory, groups: &mut Vec<String>, report: &mut Report) -> Vec<Job> {
    let mut jobs = Vec::new();
    let mut seen: Vec<(String, String)> = Vec::new();
    for c in inv.of_type("microsoft.containerservice/managedclusters") {
        let (Some(s), Some(g)) = (
            segment_after(&c.id, "subscriptions"),
            field(&c.body, "nodeResourceGroup").and_then(Value::as_str),
        ) else {
            continue;
        };
        let given = client.options.resource_groups.iter().any(|x| x.eq_ignore_ascii_case(g));
        let again = seen
            .iter()
            .any(|(a, b)| a.eq_ignore_ascii_case(s) && b.eq_ignore_ascii_case(g));
        if given || again || g.is_empty() {
            continue;
        }
        seen.push((s.to_owned(), g.to_owned()));
        if !groups.iter().any(|x| x.eq_ignore_ascii_case(g)) {
            groups.push(g.to_owned());
        }
        report.sources.push(format!(
            "resource group {g} of subscription {s}: the node resource group of AKS cluster {} (its load balancers, Private Link Services and public IPs)",
            c.name
        ));
        for (what, path, api) in LISTS.iter().filter(|(w, _, _)| NODE_GROUP_LISTS.contains(w)) {
            let mut job = rg_job(client, s, g, what, path, api);
            job.what = format!(
                "{job_what} (node resource group of AKS cluster {})",
                c.name,
                job_what = job.what
            );
            jobs.push(job);
        }
    }
    jobs
}

/// One child list per parent found, for each `(parent type, what, child, api)`.
fn child_jobs(client: &Client<'_>, inv: &Inventory, lists: &[(&str, &str, &str, &str)]) -> Vec<Job> {
    let mut jobs = Vec::new();
    for (parent_type, what, child, api) in lists {
        for r in inv.of_type(parent_type).filter(|r| child_wanted(parent_type, r)) {
            let mut url = client.url("", api);
            url.set_path(&format!("{}/{child}", r.id.trim_end_matches('/')));
            jobs.push(Job {
                what: format!("{what} of {}", r.name),
                scope: r.id.clone(),
                subscription: segment_after(&r.id, "subscriptions").unwrap_or_default().to_owned(),
                read: Read::List(url),
            });
        }
    }
    jobs
}

/// Child lists of children (origins of origin groups), named with both parents.
fn child_jobs_of(client: &Client<'_>, inv: &Inventory, lists: &[(&str, &str, &str, &str)]) -> Vec<Job> {
    let mut jobs = child_jobs(client, inv, lists);
    for job in &mut jobs {
        if let Some(parent) = crate::raw::parent_id(&job.scope) {
            job.what = format!("{} of {}", job.what, crate::raw::last_segment(parent));
        }
    }
    jobs
}

/// GETs of the Front Door WAF policies the security policies name
/// (`properties.parameters.wafPolicy.id`), each once; only ids of that type.
fn waf_policy_jobs(client: &Client<'_>, inv: &Inventory) -> Vec<Job> {
    let mut ids: Vec<(String, String)> = Vec::new();
    for sp in inv.of_type("microsoft.cdn/profiles/securitypolicies") {
        let Some(id) = field(&sp.body, "parameters")
            .and_then(|p| get_ci(p, "wafPolicy"))
            .and_then(|w| get_ci(w, "id"))
            .and_then(Value::as_str)
        else {
            continue;
        };
        let is_waf = type_from_id(id).is_some_and(|t| t.eq_ignore_ascii_case(FRONT_DOOR_WAF_TYPE));
        if is_waf && inv.get(id).is_none() && !ids.iter().any(|(i, _)| i.eq_ignore_ascii_case(id)) {
            ids.push((id.to_owned(), sp.name.clone()));
        }
    }
    ids.into_iter()
        .map(|(id, by)| {
            let mut url = client.url("", FRONT_DOOR_WAF_API);
            url.set_path(id.trim_end_matches('/'));
            Job {
                what: format!(
                    "WAF policy {} (named by security policy {by})",
                    crate::raw::last_segment(&id)
                ),
                scope: id.clone(),
                subscription: segment_after(&id, "subscriptions").unwrap_or_default().to_owned(),
                read: Read::Resource(url),
            }
        })
        .collect()
}

/// `/subscriptions/{s}/resourceGroups/{g}{path}?api-version={api}`, the group name escaped.
fn rg_url(client: &Client<'_>, s: &str, g: &str, path: &str, api: &str) -> Url {
    let mut url = client.url(&format!("/subscriptions/{s}/resourceGroups/"), api);
    if let Ok(mut seg) = url.path_segments_mut() {
        seg.pop_if_empty().push(g);
    }
    let base = url.path().to_owned();
    url.set_path(&format!("{base}{path}"));
    url
}

/// A list at resource-group scope.
fn rg_job(client: &Client<'_>, s: &str, g: &str, what: &str, path: &str, api: &str) -> Job {
    Job {
        what: format!("{what} in resource group {g} of subscription {s}"),
        scope: format!("/subscriptions/{s}/resourceGroups/{g}"),
        subscription: s.to_owned(),
        read: Read::List(rg_url(client, s, g, path, api)),
    }
}

/// What became of one job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Read,
    /// A resource group (`Read::One`) that is not in this subscription; not
    /// reported here (another subscription may have it).
    NotFound,
    Failed,
}

/// Runs list jobs; adds their items; reports failures. Returns each job's outcome.
fn run_list_jobs(
    client: &Client<'_>,
    jobs: &[Job],
    inv: &mut Inventory,
    report: &mut Report,
) -> Result<Vec<Outcome>, ImportError> {
    let results = run_parallel(client, jobs, client.options.concurrency, |job| {
        let r = match &job.read {
            Read::List(url) => client.list(url.clone()),
            Read::Graph { subscriptions, query } => client.graph(subscriptions, query),
            Read::One(url) | Read::Resource(url) => client.call(url, None).map(|v| vec![v]),
        };
        let n = r.as_ref().map_or(0, Vec::len);
        client.report_progress(format!("{} ({n})", job.what));
        r
    });
    let mut ok = Vec::with_capacity(jobs.len());
    let mut queue: VecDeque<_> = results.into_iter().collect();
    for job in jobs {
        match queue.pop_front() {
            Some(Ok(items)) => {
                for item in items {
                    inv.add(item, "Azure");
                }
                ok.push(Outcome::Read);
            }
            Some(Err(CallError::Cancelled)) => return Err(ImportError::Cancelled),
            Some(Err(CallError::Status { status: 404, .. })) if matches!(job.read, Read::One(_)) => {
                ok.push(Outcome::NotFound);
            }
            Some(Err(CallError::Status { status: 404, .. })) if matches!(job.read, Read::Resource(_)) => {
                report.fail(
                    job.what.clone(),
                    format!(
                        "not found (HTTP 404): {} does not exist, or is in a subscription this identity cannot read",
                        job.scope
                    ),
                );
                ok.push(Outcome::Failed);
            }
            Some(Err(CallError::Status { status: 404, .. }))
                if job.what.contains(" of ") || job.what.contains("resource group") =>
            {
                // A child list or RG list the provider does not offer here (provider not registered).
                ok.push(Outcome::Failed);
            }
            Some(Err(CallError::Status { detail, .. })) if detail.starts_with("MissingSubscriptionRegistration") => {
                report.note(format!(
                    "{}: the resource provider is not registered in the subscription, so there are none",
                    job.what
                ));
                ok.push(Outcome::Failed);
            }
            Some(Err(e)) => {
                report.fail(job.what.clone(), describe(&e, job));
                ok.push(Outcome::Failed);
            }
            None => ok.push(Outcome::Failed),
        }
    }
    Ok(ok)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transport::{Request, Response};

    struct Counting(AtomicUsize);
    impl Transport for Counting {
        fn send(&self, _: &Request<'_>) -> Result<Response, TransportError> {
            self.0.fetch_add(1, Ordering::Relaxed);
            Ok(Response {
                status: 200,
                ..Response::default()
            })
        }
    }

    #[test]
    fn an_arm_endpoint_with_a_path_is_refused_before_any_request() {
        let inner = Counting(AtomicUsize::new(0));
        let mut options = AzureOptions::new(Url::parse("https://management.usgovcloudapi.net/arm").unwrap());
        options.subscriptions = vec!["s".into()];
        let token = crate::auth::StaticToken(crate::AccessToken::new("t"));
        let cancel = AtomicBool::new(false);
        let e = read_all(&options, &inner, &token, &|_| {}, &cancel, &mut Report::default())
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("ARM endpoint:") && e.contains("host only"), "{e}");
        let e = list_subscriptions(&options, &inner, &token, &cancel)
            .unwrap_err()
            .to_string();
        assert!(e.contains("host only"), "{e}");
        assert_eq!(inner.0.load(Ordering::Relaxed), 0);
    }

    #[test]
    fn graph_queries_project_id_and_quote_group_names() {
        let q = graph_query(&["rg-hub".into(), "it's".into()]);
        assert!(q.contains("| project id,"), "{q}");
        assert!(q.contains("'microsoft.network/virtualnetworkgateways'"), "{q}");
        assert!(q.contains("'microsoft.servicenetworking/trafficcontrollers'"), "{q}");
        assert!(q.contains(r"resourceGroup in~ ('rg-hub', 'it\'s')"), "{q}");
        assert!(!graph_query(&[]).contains("resourceGroup in~"));
    }
}
