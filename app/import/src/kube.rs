//! Kubernetes objects from saved `kubectl … -o json` output, mapped onto a
//! design imported from Azure.
//!
//! Azure Resource Manager does not hold what runs in a cluster: cert-manager
//! issuers, the Gateway API objects that program App Gateway for Containers
//! (facts sheet §F.2, AGC-GW) and a LoadBalancer service's name, namespace and
//! pod selector (§C.2: Azure keeps the service as a load balancer frontend).
//! A saved [`KUBECTL_COMMAND`] (a `List` of objects with `apiVersion`, `kind`,
//! `metadata`, `spec`, `status`) brings them back:
//!
//! - a cert-manager `ClusterIssuer` or `Issuer` with an ACME section becomes a
//!   cert-manager issuer of the cluster ([`issuer`]);
//! - a `Gateway` of class `azure-alb-external` names its App Gateway for
//!   Containers (annotation `alb.networking.azure.io/alb-id`, or
//!   `alb-namespace` and `alb-name` for a managed one): the host names of the
//!   `HTTPRoute`s attached to it become the AGC's `hostnames`, a
//!   `BackendTLSPolicy` on a service those routes send to its `backend_tls`
//!   ([`gateway`]);
//! - a `Service` of type `LoadBalancer` gives the Kubernetes service Azure
//!   holds (matched by its load balancer IP, `status.loadBalancer.ingress`)
//!   its name, namespace, `app` selector, ports and traffic policy, or is
//!   made under the cluster when Azure's side was not imported ([`service`]);
//! - anything else is reported as skipped, by kind with its names and a count.
//!
//! Which cluster a file's objects belong to: the one given for the file; else
//! the one the objects point at (a Gateway's `alb-id` names an AGC whose
//! cluster is known; a service's load balancer IP is held by one cluster's
//! services); else the design's only cluster. Otherwise the import stops with
//! an error naming the file and the fix.

mod gateway;
mod issuer;
mod service;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use netdraft_core::Id;
use netdraft_core::model::{AksCluster, AppGatewayForContainers, Design};
use serde_json::Value;

use crate::ImportError;
use crate::report::{Report, count};

/// The command whose saved output this module reads, for messages and docs.
pub const KUBECTL_COMMAND: &str =
    "kubectl get clusterissuers,issuers,gateways,httproutes,backendtlspolicies,services -A -o json";

/// The skip reason of an object of a kind netdraft does not map.
const NOT_MAPPED: &str = "a Kubernetes object netdraft does not model: it maps cert-manager issuers, App Gateway for \
Containers Gateways with their HTTPRoutes and BackendTLSPolicies, and LoadBalancer Services";

/// One saved kubectl output: its items and the cluster the user named for it.
#[derive(Debug, Clone)]
pub struct KubeFile {
    /// The file name, used in messages.
    pub name: String,
    /// The AKS cluster (Azure name or design id) its objects belong to, if the user said.
    pub cluster: Option<String>,
    /// The objects, as read.
    pub items: Vec<Value>,
}

/// The objects of a kubectl output, when `value` is one: a `List` (`kubectl
/// get … -o json`, or an API list such as `ServiceList`) with `items`, or one
/// object (`kubectl get service x -o json`: `apiVersion`, `kind`, `metadata`).
pub(crate) fn objects(value: &Value) -> Option<Vec<Value>> {
    let api = value.get("apiVersion").and_then(Value::as_str)?;
    let kind = value.get("kind").and_then(Value::as_str)?;
    if let Some(items) = value.get("items").and_then(Value::as_array)
        && kind.ends_with("List")
    {
        // A typed list (`ServiceList`) gives its items no kind; the list's names it.
        let (item_kind, item_api) = (kind.trim_end_matches("List"), api);
        return Some(
            items
                .iter()
                .map(|i| {
                    let mut i = i.clone();
                    if let Value::Object(o) = &mut i
                        && !item_kind.is_empty()
                    {
                        o.entry("kind").or_insert_with(|| Value::String(item_kind.to_owned()));
                        o.entry("apiVersion")
                            .or_insert_with(|| Value::String(item_api.to_owned()));
                    }
                    i
                })
                .collect(),
        );
    }
    value
        .get("metadata")
        .is_some_and(Value::is_object)
        .then(|| vec![value.clone()])
}

/// One object of a list, with what every mapping reads.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Item<'a> {
    pub v: &'a Value,
    pub kind: &'a str,
    /// The API group (`cert-manager.io`), empty for the core group (`v1`).
    pub group: &'a str,
    pub namespace: Option<&'a str>,
    pub name: &'a str,
}

impl<'a> Item<'a> {
    fn parse(v: &'a Value) -> Option<Item<'a>> {
        let api = v.get("apiVersion").and_then(Value::as_str)?;
        let kind = v.get("kind").and_then(Value::as_str).filter(|k| !k.is_empty())?;
        let meta = v.get("metadata")?;
        let name = meta.get("name").and_then(Value::as_str).filter(|n| !n.is_empty())?;
        let namespace = meta.get("namespace").and_then(Value::as_str).filter(|n| !n.is_empty());
        let group = api.rsplit_once('/').map_or("", |(g, _)| g);
        Some(Item {
            v,
            kind,
            group,
            namespace,
            name,
        })
    }

    /// `kind/namespace/name`, or `kind/name` for a cluster-scoped object.
    pub fn label(&self) -> String {
        match self.namespace {
            Some(ns) => format!("{}/{ns}/{}", self.kind, self.name),
            None => format!("{}/{}", self.kind, self.name),
        }
    }

    /// Where it came from, for the report: `file: kind/namespace/name`.
    pub fn source(&self, file: &str) -> String {
        format!("{file}: {}", self.label())
    }

    /// What it is, for the report: `Kind (group)`.
    pub fn type_label(&self) -> String {
        if self.group.is_empty() {
            self.kind.to_owned()
        } else {
            format!("{} ({})", self.kind, self.group)
        }
    }

    /// A value by a dotted path (`spec.acme.email`); `null` counts as absent.
    pub fn at(&self, path: &str) -> Option<&'a Value> {
        path.split('.')
            .try_fold(self.v, |v, key| v.get(key))
            .filter(|v| !v.is_null())
    }

    pub fn str_at(&self, path: &str) -> Option<&'a str> {
        self.at(path).and_then(Value::as_str).filter(|s| !s.is_empty())
    }

    pub fn list_at(&self, path: &str) -> &'a [Value] {
        self.at(path).and_then(Value::as_array).map_or(&[], Vec::as_slice)
    }

    /// The paths under `spec` (three keys deep at most, `[]` for list
    /// items) that no prefix in `read` covers: what the object holds and the
    /// design does not.
    pub fn spec_not_read(&self, read: &[&str]) -> Vec<String> {
        fn walk(v: &Value, path: &str, depth: u8, out: &mut Vec<String>) {
            match v {
                Value::Object(o) if depth > 0 && !o.is_empty() => {
                    for (k, x) in o {
                        walk(x, &format!("{path}.{k}"), depth - 1, out);
                    }
                }
                Value::Array(a) if !a.is_empty() => {
                    for x in a {
                        walk(x, &format!("{path}[]"), depth, out);
                    }
                }
                Value::Null => {}
                _ => {
                    if !out.iter().any(|p| p == path) {
                        out.push(path.to_owned());
                    }
                }
            }
        }
        let mut out = Vec::new();
        if let Some(spec) = self.at("spec") {
            walk(spec, "spec", 3, &mut out);
        }
        out.retain(|p| {
            !read
                .iter()
                .any(|r| p == r || p.strip_prefix(r).is_some_and(|rest| rest.starts_with(['.', '['])))
        });
        out
    }

    pub fn annotation(&self, key: &str) -> Option<&'a str> {
        self.at("metadata.annotations")
            .and_then(|a| a.get(key))
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
    }
}

/// What the mapping of one file works with.
pub(crate) struct Ctx<'a> {
    pub design: &'a mut Design,
    pub report: &'a mut Report,
    pub file: &'a str,
    /// Lower-cased ARM id → design id, from the import the objects go onto.
    pub arm: &'a HashMap<String, Id>,
}

impl Ctx<'_> {
    pub fn skip(&mut self, item: &Item<'_>, reason: impl Into<String>) {
        self.report.skip(&item.source(self.file), &item.type_label(), reason);
    }

    /// Lists what a mapped object holds that the design does not (`paths`), if anything.
    pub fn not_modelled(&mut self, item: &Item<'_>, kind: &str, paths: Vec<String>) {
        if !paths.is_empty() {
            self.report.not_modelled.push(crate::report::NotModelled {
                source: item.source(self.file),
                kind: kind.to_owned(),
                name: item.name.to_owned(),
                paths,
            });
        }
    }

    /// The design id of an ARM id the import brought in: exactly, or (for an
    /// id whose subscription was left a placeholder such as `${SUBSCRIPTION_ID}`)
    /// the one id that matches from the resource group on.
    pub fn by_arm_id(&self, arm: &str) -> Option<Id> {
        let key = arm.trim().to_ascii_lowercase();
        if let Some(id) = self.arm.get(&key) {
            return Some(id.clone());
        }
        let tail = |k: &str| k.find("/resourcegroups/").map(|i| k[i..].to_owned());
        let want = tail(&key)?;
        let mut found = self
            .arm
            .iter()
            .filter(|(k, _)| tail(k).as_deref() == Some(want.as_str()));
        match (found.next(), found.next()) {
            (Some((_, id)), None) => Some(id.clone()),
            _ => None,
        }
    }
}

/// The note a live or offline import of clusters gives when it read no
/// Kubernetes objects for them: what is missing and the command that supplies it.
pub fn arm_note(clusters: usize) -> String {
    format!(
        "Kubernetes objects of the {} are not imported: the import reads Azure Resource Manager, not the Kubernetes API, so cert-manager issuers, Gateway API gateways, routes and backend TLS policies, Ingress rules, namespaces and network policies, and a LoadBalancer service's name, namespace and pod selector are not in it (an internal service comes back from its load balancer frontend under a stand-in name unless an AKS-made Private Link Service names it; a public one is named by its public IP's `k8s-azure-service` tag). To bring them in, save each cluster's objects with `{KUBECTL_COMMAND} > CLUSTER.k8s.json` and import that file too (`netdraft import json … CLUSTER.k8s.json`, or `netdraft import azure … --kube CLUSTER.k8s.json`).",
        count(clusters as u64, "imported cluster", "imported clusters")
    )
}

/// Maps the objects of saved kubectl output onto a design (and its import
/// report, whose `imported` entries say which design resource each ARM id
/// became). Stops with an error naming the file when a file's cluster cannot
/// be told; what cannot be mapped is reported and the rest mapped.
pub fn apply(design: &mut Design, report: &mut Report, files: &[KubeFile]) -> Result<(), ImportError> {
    if files.is_empty() {
        return Ok(());
    }
    let arm: HashMap<String, Id> = report
        .imported
        .iter()
        .filter(|i| !i.source.is_empty())
        .map(|i| (i.source.to_ascii_lowercase(), i.id.clone()))
        .collect();
    let mut covered: BTreeSet<Id> = BTreeSet::new();
    for file in files {
        let mut ctx = Ctx {
            design,
            report,
            file: &file.name,
            arm: &arm,
        };
        if let Some(cluster) = apply_file(&mut ctx, file)? {
            covered.insert(cluster);
        }
    }
    // The ARM mapping's note said no Kubernetes objects were read; say which clusters have them now.
    let clusters: Vec<(Id, String)> = clusters(design);
    report.notes.retain(|n| *n != arm_note(clusters.len()));
    let without: Vec<String> = clusters
        .iter()
        .filter(|(id, _)| !covered.contains(id))
        .map(|(_, n)| format!("`{n}`"))
        .collect();
    report.note(
        "Ingress rules, namespaces and network policies are not read from kubectl output (an AGIC ingress's host names come from its Application Gateway in Azure), so a cluster's default-deny namespaces are not imported.",
    );
    if !without.is_empty() {
        report.note(format!(
            "No Kubernetes objects were read for {} ({}): what the design holds of their issuers, gateways and services comes only from Azure. Save each one's with `{KUBECTL_COMMAND}` and import the file too.",
            count(without.len() as u64, "cluster", "clusters"),
            without.join(", ")
        ));
    }
    Ok(())
}

/// The design's AKS clusters: id and Azure name.
fn clusters(design: &Design) -> Vec<(Id, String)> {
    design
        .all::<AksCluster>()
        .map(|(r, _)| (r.id.clone(), r.name().to_owned()))
        .collect()
}

/// Maps one file; returns the cluster its objects went to, if any needed one.
fn apply_file(ctx: &mut Ctx<'_>, file: &KubeFile) -> Result<Option<Id>, ImportError> {
    let mut items: Vec<Item<'_>> = Vec::new();
    for (i, v) in file.items.iter().enumerate() {
        match Item::parse(v) {
            Some(item) => items.push(item),
            None => ctx.report.skip(
                &format!("{} items[{i}]", file.name),
                "?",
                "not a Kubernetes object: it has no `apiVersion`, `kind` or `metadata.name`",
            ),
        }
    }
    let mut mapped: Vec<Item<'_>> = Vec::new();
    let mut other: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for item in items {
        let kind = Kind::of(&item);
        if kind == Kind::Other {
            ctx.skip(&item, NOT_MAPPED);
            other.entry(item.type_label()).or_default().push(item.label());
        } else if kind == Kind::Service && item.str_at("spec.type") != Some("LoadBalancer") {
            let ty = item.str_at("spec.type").unwrap_or("ClusterIP");
            ctx.skip(
                &item,
                format!("a {ty} Service: netdraft models LoadBalancer services only (the ones Azure exposes through a load balancer)"),
            );
            other.entry(format!("Service ({ty})")).or_default().push(item.label());
        } else {
            mapped.push(item);
        }
    }
    ctx.report.sources.push(format!(
        "{}: kubectl output of {} ({} of the kinds netdraft maps)",
        file.name,
        count(file.items.len() as u64, "Kubernetes object", "Kubernetes objects"),
        mapped.len()
    ));
    if !other.is_empty() {
        let n: usize = other.values().map(Vec::len).sum();
        let kinds: Vec<String> = other
            .iter()
            .map(|(k, names)| {
                let shown: Vec<String> = names.iter().take(10).map(|n| format!("`{n}`")).collect();
                let more = if names.len() > 10 {
                    format!(" and {} more", names.len() - 10)
                } else {
                    String::new()
                };
                format!("{k} ({}): {}{more}", names.len(), shown.join(", "))
            })
            .collect();
        ctx.report.note(format!(
            "{}: {} not modelled, listed under Skipped: {}.",
            file.name,
            count(n as u64, "Kubernetes object is", "Kubernetes objects are"),
            kinds.join("; ")
        ));
    }
    if mapped.is_empty() {
        // Nothing needs a cluster; say which one was read when it can be told.
        return Ok(which_cluster(ctx, file, &mapped).ok());
    }
    let cluster = which_cluster(ctx, file, &mapped)?;
    let of = |k: Kind| mapped.iter().filter(move |i| Kind::of(i) == k).copied();
    service::services(ctx, &cluster, of(Kind::Service));
    issuer::issuers(ctx, &cluster, of(Kind::Issuer));
    gateway::gateways(
        ctx,
        &cluster,
        &of(Kind::Gateway).collect::<Vec<_>>(),
        &of(Kind::Route).collect::<Vec<_>>(),
        &of(Kind::BackendTls).collect::<Vec<_>>(),
    );
    Ok(Some(cluster))
}

/// What an object is to the mapping.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Issuer,
    Gateway,
    Route,
    BackendTls,
    Service,
    Other,
}

impl Kind {
    fn of(item: &Item<'_>) -> Kind {
        match (item.group, item.kind) {
            ("cert-manager.io", "ClusterIssuer" | "Issuer") => Kind::Issuer,
            ("gateway.networking.k8s.io", "Gateway") => Kind::Gateway,
            ("gateway.networking.k8s.io", "HTTPRoute") => Kind::Route,
            // AGC's own policy (AGC mTLS how-to) or the Gateway API's.
            ("alb.networking.azure.io" | "gateway.networking.k8s.io", "BackendTLSPolicy") => Kind::BackendTls,
            ("", "Service") => Kind::Service,
            _ => Kind::Other,
        }
    }
}

/// The cluster a file's objects belong to (see the module docs).
fn which_cluster(ctx: &Ctx<'_>, file: &KubeFile, items: &[Item<'_>]) -> Result<Id, ImportError> {
    let all = clusters(ctx.design);
    let names = || all.iter().map(|(_, n)| format!("`{n}`")).collect::<Vec<_>>().join(", ");
    let err = |message: String| ImportError::Kube {
        file: file.name.clone(),
        message,
    };
    if all.is_empty() {
        return Err(err(format!(
            "it holds Kubernetes objects ({}), but the import has no AKS cluster to put them in: import the cluster too (`az aks list -o json`, or `netdraft import azure`)",
            items.iter().take(3).map(Item::label).collect::<Vec<_>>().join(", ")
        )));
    }
    if let Some(given) = &file.cluster {
        return all
            .iter()
            .find(|(id, n)| n.eq_ignore_ascii_case(given) || id.as_str() == given)
            .map(|(id, _)| id.clone())
            .ok_or_else(|| {
                err(format!(
                    "the cluster given for it, `{given}`, is not in the import; its clusters are {}",
                    names()
                ))
            });
    }
    // Evidence: each object that points at clusters, and which.
    let mut evidence: Vec<(String, BTreeSet<Id>)> = Vec::new();
    for item in items {
        let found = match Kind::of(item) {
            Kind::Gateway => gateway::agc_of(ctx, item)
                .and_then(|agc| {
                    ctx.design
                        .spec::<AppGatewayForContainers>(agc.as_str())?
                        .cluster
                        .clone()
                })
                .map(|c| {
                    (
                        format!("its `alb-id` names an App Gateway for Containers of `{c}`"),
                        [c].into(),
                    )
                }),
            Kind::Service => {
                let held: BTreeSet<Id> = service::holders(ctx.design, item)
                    .into_iter()
                    .map(|(_, s)| s.cluster.clone())
                    .collect();
                (!held.is_empty()).then(|| ("its load balancer IP or name is a service of".to_owned(), held))
            }
            _ => None,
        };
        if let Some((why, set)) = found {
            evidence.push((format!("{} ({why})", item.label()), set));
        }
    }
    let mut candidates: Option<BTreeSet<Id>> = None;
    for (_, set) in &evidence {
        candidates = Some(match candidates {
            None => set.clone(),
            Some(c) => c.intersection(set).cloned().collect(),
        });
    }
    let name_of = |id: &Id| {
        all.iter()
            .find(|(c, _)| c == id)
            .map_or_else(|| id.to_string(), |(_, n)| n.clone())
    };
    match candidates {
        Some(c) if c.len() == 1 => return Ok(c.into_iter().next().unwrap_or_else(|| all[0].0.clone())),
        Some(c) if c.is_empty() => {
            let said: Vec<String> = evidence
                .iter()
                .map(|(what, set)| {
                    let to: Vec<String> = set.iter().map(name_of).collect();
                    format!("{what} → {}", to.join(" or "))
                })
                .collect();
            return Err(err(format!(
                "its objects point at different clusters ({}); save each cluster's objects in a file of its own (`kubectl --context CLUSTER …`), or name the file's cluster (`--kube-cluster NAME={}` on the command line)",
                said.join("; "),
                file.name
            )));
        }
        _ => {}
    }
    if let [(only, _)] = all.as_slice() {
        return Ok(only.clone());
    }
    Err(err(format!(
        "nothing in it says which AKS cluster its objects come from (no Gateway names an App Gateway for Containers with a known cluster, no LoadBalancer service's IP is held by one cluster), and the import has {}: {}. Name the file's cluster (`--kube-cluster {}={}` on the command line)",
        count(all.len() as u64, "cluster", "clusters"),
        names(),
        all[0].1,
        file.name
    )))
}
