//! netdraft's import: Azure as it is, turned into a design.
//!
//! Two ways in, one mapping:
//!
//! - **Live** ([`import_azure`]): a read-only Azure Resource Manager client.
//!   It lists resource groups, VNets (with subnets and peerings), AKS clusters
//!   (with agent pools), firewalls and policies (with their rule collection
//!   groups' allow rules), route tables, NSGs, NAT
//!   gateways, public IPs, VPN/ExpressRoute gateways, Bastion, Application
//!   Gateways, App Gateway for Containers, API Management (with its
//!   backends), Front Door (with origin groups, origins, security policies
//!   and the WAF policies they name), Traffic Manager, load balancers (AKS
//!   internal services), Private Link Services, private endpoints and private
//!   DNS zones (with their links),
//!   following `nextLink` pages (or, for the types listed only per resource
//!   group, one Azure Resource Graph query paged by `$skipToken` when
//!   [`AzureOptions::resource_graph`] is set). HTTP goes through the
//!   [`Transport`] trait, wrapped in [`transport::ReadOnly`], which refuses anything
//!   but GET and POST to the Resource Graph query path. 429 waits for
//!   `Retry-After`; 5xx, timeouts and connection errors are retried with
//!   bounded, jittered backoff; calls run on a bounded pool of threads; a call
//!   that fails is reported and the rest imported. Tokens come from a
//!   [`TokenSource`] ([`auth`]: a bearer token given, or `azure_identity`)
//!   and are never logged, printed or stored; a token goes over plain http
//!   only to a loopback address.
//! - **Offline** ([`import_json`]): saved `az … -o json` output, `az graph
//!   query` results and `az group export` templates, told apart by shape
//!   ([`offline`]).
//! - **Kubernetes** ([`kube`]): saved `kubectl get … -o json` output, among
//!   the offline files ([`import_files`]) or over a live import
//!   ([`import_kube`]), mapped onto the clusters the import holds: cert-manager
//!   issuers, App Gateway for Containers' Gateway API objects, and the names,
//!   namespaces and selectors of LoadBalancer services.
//!
//! Both fill an [`Inventory`] (resources by lower-cased ARM id), and
//! [`map::build`] turns it into a [`Design`]: references resolved by id into
//! relations, ids from Azure names, regions as containers, VNet roles from hub
//! detection, and a [`Report`] of what was imported, skipped and why. Canvas
//! positions are left unset for the scene's auto-layout.
//!
//! The GUI calls [`import_azure`] from a worker thread with a progress
//! callback and an `Arc<AtomicBool>` cancel flag; [`list_subscriptions`]
//! (same client, paging, retries and messages) fills a subscription picker.

mod alb;
pub mod arm;
pub mod auth;
pub mod http;
pub mod kube;
pub mod map;
pub mod offline;
pub mod props;
pub mod raw;
pub mod report;
mod tls;
pub mod transport;

use std::sync::atomic::AtomicBool;

use netdraft_core::Design;

pub use arm::{AzureOptions, Progress, RetryPolicy, Subscription, list_subscriptions};
pub use auth::{AccessToken, TokenSource};
pub use raw::{Inventory, RawResource};
pub use report::Report;
pub use transport::{Method, Request, Response, Transport, TransportError};

/// Why an import could not produce a design at all. (Calls that fail for one
/// subscription or resource type do not stop an import: they are reported.)
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{file}:{line}:{column}: not valid JSON: {message}")]
    Json {
        file: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error(
        "{file}: not a shape netdraft can import (found {found}). Accepted: {}",
        offline::ACCEPTED_SHAPES
    )]
    Shape { file: String, found: String },
    /// Saved kubectl output that cannot be placed (which cluster it is of).
    #[error("{file}: {message}")]
    Kube { file: String, message: String },
    #[error("{setting}: {message}")]
    Setting { setting: String, message: String },
    #[error("authentication failed: {0}")]
    Auth(String),
    #[error("{0}")]
    NoSubscriptions(String),
    #[error("import cancelled")]
    Cancelled,
}

/// A finished import: the design and what happened.
#[derive(Debug, Clone)]
pub struct Imported {
    pub design: Design,
    pub report: Report,
}

/// One saved file of an offline import.
#[derive(Debug, Clone)]
pub struct InputFile {
    /// The file's name, used in messages.
    pub name: String,
    pub text: String,
    /// For kubectl output: the AKS cluster (Azure name or design id) its
    /// objects belong to, when they do not say so themselves ([`kube`]).
    pub kube_cluster: Option<String>,
}

impl InputFile {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> InputFile {
        InputFile {
            name: name.into(),
            text: text.into(),
            kube_cluster: None,
        }
    }
}

/// Imports saved JSON files (name, contents), mixed kinds in one call.
/// An unreadable file fails the whole import with an error naming it.
pub fn import_json(files: &[(String, String)]) -> Result<Imported, ImportError> {
    let files: Vec<InputFile> = files
        .iter()
        .map(|(n, t)| InputFile::new(n.clone(), t.clone()))
        .collect();
    import_files(&files)
}

/// Imports saved files: Azure output of any shape [`offline`] reads, and
/// kubectl output mapped onto the clusters the Azure files bring
/// ([`kube::apply`]). An unreadable file, or kubectl output whose cluster
/// cannot be told, fails the whole import with an error naming it.
pub fn import_files(files: &[InputFile]) -> Result<Imported, ImportError> {
    let mut inventory = Inventory::new();
    let mut report = Report::default();
    let mut kube_files: Vec<kube::KubeFile> = Vec::new();
    for f in files {
        let before = kube_files.len();
        offline::read(&f.name, &f.text, &mut inventory, &mut kube_files, &mut report)?;
        for k in &mut kube_files[before..] {
            k.cluster.clone_from(&f.kube_cluster);
        }
    }
    report_duplicates(&inventory, &mut report);
    let mut design = map::build(&inventory, "Imported from saved Azure output", &mut report);
    kube::apply(&mut design, &mut report, &kube_files)?;
    Ok(Imported { design, report })
}

/// Maps saved kubectl output onto an import already made (the live one:
/// [`import_azure`] reads Azure Resource Manager, not the Kubernetes API).
/// Every file must be kubectl output.
pub fn import_kube(imported: &mut Imported, files: &[InputFile]) -> Result<(), ImportError> {
    let mut kube_files: Vec<kube::KubeFile> = Vec::new();
    for f in files {
        let value: serde_json::Value = serde_json::from_str(&f.text).map_err(|e| ImportError::Json {
            file: f.name.clone(),
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        })?;
        let Some(items) = kube::objects(&value) else {
            return Err(ImportError::Kube {
                file: f.name.clone(),
                message: format!(
                    "not kubectl output: expected the JSON of `{}` (a `List` with `items`)",
                    kube::KUBECTL_COMMAND
                ),
            });
        };
        kube_files.push(kube::KubeFile {
            name: f.name.clone(),
            cluster: f.kube_cluster.clone(),
            items,
        });
    }
    kube::apply(&mut imported.design, &mut imported.report, &kube_files)
}

/// Ids read more than once: the first copy is kept, never merged. A copy that
/// differs is listed as skipped (which source was kept, which was not); an
/// identical one is noted.
fn report_duplicates(inventory: &Inventory, report: &mut Report) {
    let mut identical: Vec<String> = Vec::new();
    for d in inventory.duplicates() {
        let again = if d.origin == d.kept_from {
            format!("read twice from {}", d.origin)
        } else {
            format!("read from {} and again from {}", d.kept_from, d.origin)
        };
        if d.identical {
            identical.push(format!("`{}` ({again})", d.id));
        } else {
            report.skip(
                &d.id,
                &d.kind,
                format!(
                    "the same ARM id was {again} with different contents; the first copy (from {}) is imported and this one is not: remove the stale copy or import the files separately",
                    d.kept_from
                ),
            );
        }
    }
    if !identical.is_empty() {
        report.note(format!(
            "{} read more than once with identical contents, imported once: {}.",
            report::count(identical.len() as u64, "resource was", "resources were"),
            identical.join(", ")
        ));
    }
}

/// Imports live from Azure Resource Manager. Blocking: call it from a worker
/// thread. `progress` is called as calls complete; setting `cancel` stops the
/// import at the next call or wait and returns [`ImportError::Cancelled`].
pub fn import_azure(
    options: &AzureOptions,
    transport: &dyn Transport,
    token: &dyn TokenSource,
    progress: &(dyn Fn(&Progress) + Sync),
    cancel: &AtomicBool,
) -> Result<Imported, ImportError> {
    let mut report = Report::default();
    let inventory = arm::read_all(options, transport, token, progress, cancel, &mut report)?;
    report_duplicates(&inventory, &mut report);
    let design = map::build(&inventory, "Imported from Azure", &mut report);
    Ok(Imported { design, report })
}
