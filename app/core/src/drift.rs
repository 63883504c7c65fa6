//! Drift: what differs between a design and what is live in Azure.
//!
//! The live side is a design too, the one `netdraft import` reads from a
//! subscription or from saved `az … -o json` output, so drift is a pure
//! comparison of two designs. Resources are matched by kind, Azure name and,
//! where Azure nests them (subnets in VNets, node pools in subnets, gateways
//! in subnets), their parent, else their resource group; references compare
//! as the referenced resource's match key, so ids, which the import makes
//! from Azure names, do not matter. Before comparing, the design is [`settle`]d: what Azure or the
//! export fills in where the design leaves a default is filled in.
//!
//! Not compared: layout (positions, sizes, the canvas parent of resources
//! Azure does not nest), notes, the design header, regions (a region is
//! where things are, not a resource), and the values only a design holds (a
//! subnet's `extra_ips` reserve, a cluster's default-deny namespaces, a
//! public service's reason). Only the resource groups the live side holds are
//! compared, so an import of one group does not report the rest of the design
//! as missing; the Kubernetes side (services, issuers) only when the live
//! side holds it (the import was given saved kubectl output).
//!
//! The import's round-trip tests hold this comparison to "no drift" for every
//! starter template exported, applied (simulated) and imported back.

mod settle;

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::{Value, json};

pub use settle::settle;

use crate::Id;
use crate::model::{Design, K8sService, Kind, Resource, Spec};
use crate::plan::Plan;

/// Kinds whose parent is Azure containment, not canvas layout.
pub const NESTED: &[Kind] = &[
    Kind::Subnet,
    Kind::NodePool,
    Kind::K8sService,
    Kind::Firewall,
    Kind::VpnGateway,
    Kind::ExpressRouteGateway,
    Kind::Bastion,
    Kind::AppGateway,
    Kind::AppGatewayForContainers,
    Kind::PrivateEndpoint,
    Kind::PrivateLinkService,
];

/// The kinds that live in a cluster, not in Azure Resource Manager.
const KUBERNETES: &[Kind] = &[Kind::K8sService, Kind::CertIssuer];

/// How one resource differs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "change")]
pub enum Change {
    /// In the design, not live.
    Missing,
    /// Live, not in the design.
    Unmanaged,
    /// In both, with these fields different.
    Changed { fields: Vec<FieldChange> },
}

/// One field that differs: its path in the design file's terms, and its value on each side
/// (`(none)` where a side leaves it out).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    pub field: String,
    pub design: String,
    pub live: String,
}

/// One resource that drifted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    pub kind: Kind,
    /// Its Azure name.
    pub name: String,
    /// Its id in the design, if it is in the design.
    pub design_id: Option<Id>,
    /// Its id in the live design, if it is live.
    pub live_id: Option<Id>,
    #[serde(flatten)]
    pub change: Change,
}

/// Everything that differs, in match-key order, and what was left out.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Drift {
    pub entries: Vec<Entry>,
    /// Design resources not compared: in a resource group the live side does
    /// not hold, or Kubernetes objects when the live side holds none.
    pub out_of_scope: usize,
    /// Resources matched and equal.
    pub same: usize,
    /// Resources not compared because others on the same side have the same
    /// kind, name and place (an invalid design, or an estate Azure would not
    /// allow): one entry per such name and side.
    pub ambiguous: Vec<Ambiguous>,
}

/// A kind and name that several resources of one side share.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Ambiguous {
    pub kind: Kind,
    pub name: String,
    /// `design` or `live`.
    pub side: &'static str,
    /// How many resources share it.
    pub count: usize,
}

impl Ambiguous {
    /// The side in words: `the design` or `the live design`.
    pub fn side_words(&self) -> &'static str {
        if self.side == "live" {
            "the live design"
        } else {
            "the design"
        }
    }
}

impl Drift {
    /// No drift: nothing differs, and nothing was left uncompared for want of a match.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty() && self.ambiguous.is_empty()
    }
}

/// Compares a design (with its plan) with a live design.
pub fn compare(design: &Design, plan: &Plan, live: &Design) -> Drift {
    let settled = settle(design, plan);
    // The live side settled too, so two designs compare alike whichever wrote them
    // (an import already holds every value settling fills in).
    let live = &settle(live, &crate::plan::plan(live));
    let groups: BTreeSet<String> = live
        .resources()
        .filter(|r| r.kind() == Kind::ResourceGroup)
        .map(|r| r.name().to_owned())
        .collect();
    let kube = live.resources().any(|r| KUBERNETES.contains(&r.kind()));
    let mut drift = Drift::default();
    // A resource outside every group (an on-premises network drawn in a
    // region) is compared only when the live side holds all of the design's groups.
    let whole = settled
        .resources()
        .filter(|r| r.kind() == Kind::ResourceGroup)
        .all(|r| groups.contains(r.name()));
    let in_scope = |r: &Resource| {
        (!KUBERNETES.contains(&r.kind()) || kube)
            && match r.kind() {
                Kind::ResourceGroup => groups.contains(r.name()),
                _ => group_name(&settled, r.id.as_str()).map_or(whole, |g| groups.contains(&g)),
            }
    };
    let ours = index(
        &settled,
        &|t| in_scope(t) && !existing(t),
        "design",
        &mut drift.ambiguous,
    );
    let theirs = index(live, &|t| !existing(t), "live", &mut drift.ambiguous);
    for (k, (r, v)) in &ours {
        let in_scope = in_scope(r);
        let Some((l, w)) = theirs.get(k) else {
            if in_scope {
                drift.entries.push(entry(r, Some(r), None, Change::Missing));
            } else {
                drift.out_of_scope += 1;
            }
            continue;
        };
        if v == w {
            drift.same += 1;
        } else {
            let mut fields = Vec::new();
            diff("", v, w, &mut fields);
            drift
                .entries
                .push(entry(r, Some(r), Some(l), Change::Changed { fields }));
        }
    }
    for (k, (l, _)) in &theirs {
        if !ours.contains_key(k) {
            drift.entries.push(entry(l, None, Some(l), Change::Unmanaged));
        }
    }
    // References show as the referenced resource's name, not its match key.
    let names: BTreeMap<String, String> = ours
        .iter()
        .map(|(k, (r, _))| (k.clone(), r.name().to_owned()))
        .chain(theirs.iter().map(|(k, (r, _))| (k.clone(), r.name().to_owned())))
        .collect();
    for e in &mut drift.entries {
        if let Change::Changed { fields } = &mut e.change {
            for f in fields {
                for side in [&mut f.design, &mut f.live] {
                    if let Some(name) = names.get(side.as_str()) {
                        side.clone_from(name);
                    } else if side.starts_with('[')
                        && let Ok(mut v) = serde_json::from_str::<Value>(side)
                    {
                        rewrite(&mut v, &names);
                        *side = v.to_string();
                    }
                }
            }
        }
    }
    // Missing and unmanaged resources of one kind side by side.
    drift.entries.sort_by(|a, b| (a.kind, &a.name).cmp(&(b.kind, &b.name)));
    drift
}

/// Every resource but the regions and existing VNets, by match key, with its
/// canonical value (references to what `within` rejects left out). A key two
/// resources share (an invalid design: lint ND191) matches neither: both go
/// to `ambiguous`, so nothing is compared with the wrong resource or dropped unsaid.
fn index<'d>(
    d: &'d Design,
    within: &dyn Fn(&Resource) -> bool,
    side: &'static str,
    ambiguous: &mut Vec<Ambiguous>,
) -> BTreeMap<String, (&'d Resource, Value)> {
    let mut out: BTreeMap<String, (&Resource, Value)> = BTreeMap::new();
    // Keys several resources share, with the entry counting them.
    let mut shared: BTreeMap<String, usize> = BTreeMap::new();
    for r in d.resources().filter(|r| r.kind() != Kind::Region && !existing(r)) {
        let k = key(d, r);
        if let Some(&at) = shared.get(&k) {
            ambiguous[at].count += 1;
        } else if out.remove(&k).is_some() {
            shared.insert(k, ambiguous.len());
            ambiguous.push(Ambiguous {
                kind: r.kind(),
                name: r.name().to_owned(),
                side,
                count: 2,
            });
        } else {
            out.insert(k, (r, canonical_within(d, r, within)));
        }
    }
    out
}

/// An existing VNet outside the design (a peer the design or the import only
/// references by its ARM id): neither side manages it, so it is not compared,
/// nor are references to it (an import of one group makes one for each peer
/// in another group, which the design owns and which is out of scope).
fn existing(r: &Resource) -> bool {
    r.as_spec::<crate::model::VirtualNetwork>()
        .is_some_and(|v| v.existing.is_some())
}

fn entry(r: &Resource, design: Option<&Resource>, live: Option<&Resource>, change: Change) -> Entry {
    Entry {
        kind: r.kind(),
        name: r.name().to_owned(),
        design_id: design.map(|x| x.id.clone()),
        live_id: live.map(|x| x.id.clone()),
        change,
    }
}

/// The key a resource is matched by: its kind, Azure name and, for a kind
/// Azure nests, its parent's key, else its resource group. A region matches
/// by location; a Kubernetes service by cluster, namespace and name (and an
/// internal one by the subnet of its frontend).
pub fn key(d: &Design, r: &Resource) -> String {
    if let Some(reg) = r.as_spec::<crate::model::Region>() {
        return format!("region:{}", reg.location);
    }
    if let Some(s) = r.as_spec::<K8sService>() {
        let cluster = d.get(s.cluster.as_str()).map(|c| key(d, c)).unwrap_or_default();
        if !s.internal {
            return format!("{}:public:{}/{}@{cluster}", r.kind().key(), s.namespace, r.name());
        }
        let subnet = r
            .parent()
            .and_then(|p| d.get(p.as_str()))
            .map(|p| key(d, p))
            .unwrap_or_default();
        return format!(
            "{}:internal:{}/{}@{cluster}<{subnet}>",
            r.kind().key(),
            s.namespace,
            r.name()
        );
    }
    if NESTED.contains(&r.kind()) {
        let parent = r
            .parent()
            .and_then(|p| d.get(p.as_str()))
            .map(|p| key(d, p))
            .unwrap_or_default();
        return format!("{}:{}<{parent}>", r.kind().key(), r.name());
    }
    // Azure names are unique per resource group: two NSGs of one name in
    // two groups are two resources.
    let group = match r.kind() {
        Kind::ResourceGroup => None,
        _ => group_name(d, r.id.as_str()),
    };
    format!("{}:{}@{}", r.kind().key(), r.name(), group.unwrap_or_default())
}

/// The name of the resource group a resource is in: its own, or the one it inherits from its canvas ancestors.
pub fn group_name(d: &Design, id: &str) -> Option<String> {
    let me = d.get(id)?;
    if let Some(rg) = &me.meta.resource_group {
        return d.get(rg.as_str()).map(|g| g.name().to_owned());
    }
    for a in d.ancestors(id) {
        if a.kind() == Kind::ResourceGroup {
            return Some(a.name().to_owned());
        }
        if let Some(rg) = &a.meta.resource_group {
            return d.get(rg.as_str()).map(|g| g.name().to_owned());
        }
    }
    None
}

/// A resource's spec as JSON with references written as the referenced
/// resource's key, the values only a design holds at their defaults, and its
/// resource group.
pub fn canonical(d: &Design, r: &Resource) -> Value {
    canonical_within(d, r, &|_| true)
}

/// Marks a reference to a resource outside what is compared, until it is dropped.
const OUTSIDE: &str = "\u{0}outside";

/// [`canonical`], with references to resources `within` rejects left out
/// (what an import of part of the estate cannot know).
fn canonical_within(d: &Design, r: &Resource, within: &dyn Fn(&Resource) -> bool) -> Value {
    let refs: BTreeMap<String, String> = r
        .spec
        .references()
        .iter()
        .filter_map(|x| {
            let target = d.get(x.target.as_str())?;
            let to = if within(target) {
                key(d, target)
            } else {
                OUTSIDE.to_owned()
            };
            Some((x.target.to_string(), to))
        })
        .collect();
    let mut spec = r.spec.clone();
    design_only(&mut spec, None);
    let mut v = serde_json::to_value(&spec).unwrap_or(Value::Null);
    rewrite(&mut v, &refs);
    drop_outside(&mut v);
    // A public service's frontend is in the node resource group, on no
    // subnet: where the design draws it is layout.
    let group = if public_service(r) {
        None
    } else {
        group_name(d, r.id.as_str())
    };
    json!({"spec": v, "resource_group": group})
}

/// Leaves out the references marked [`OUTSIDE`] (from lists, and as
/// values), then the fields left empty or null, so that a field written
/// empty and one left out compare alike.
fn drop_outside(v: &mut Value) {
    match v {
        Value::Array(a) => {
            a.retain(|x| x.as_str() != Some(OUTSIDE));
            a.iter_mut().for_each(drop_outside);
        }
        Value::Object(o) => {
            o.retain(|_, x| x.as_str() != Some(OUTSIDE));
            o.values_mut().for_each(drop_outside);
            o.retain(|_, x| !x.is_null() && x.as_array().is_none_or(|a| !a.is_empty()));
        }
        _ => {}
    }
}

/// Replaces every string of `v` found in `map` (ids by keys), except under a
/// `kind` or `name`, which are never references.
pub fn rewrite(v: &mut Value, map: &BTreeMap<String, String>) {
    match v {
        Value::String(s) => {
            if let Some(k) = map.get(s.as_str()) {
                s.clone_from(k);
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|x| rewrite(x, map)),
        Value::Object(o) => o.iter_mut().for_each(|(k, x)| {
            if k != "kind" && k != "name" {
                rewrite(x, map);
            }
        }),
        _ => {}
    }
}

/// The values only the design holds, set from `from` (when the design's own
/// are to be kept) or to their defaults (when comparing): a subnet's
/// `extra_ips` (a planning reserve); a cluster's default-deny namespaces
/// (network policies, which the kubectl output the import reads does not
/// list); a Kubernetes service's reason for being public (a comment in its
/// manifest, which the cluster does not keep).
pub fn design_only(spec: &mut Spec, from: Option<&Spec>) {
    match (spec, from) {
        (Spec::Subnet(s), from) => {
            s.extra_ips = match from {
                Some(Spec::Subnet(o)) => o.extra_ips,
                _ => 0,
            };
        }
        (Spec::AksCluster(c), from) => {
            c.default_deny_namespaces = match from {
                Some(Spec::AksCluster(o)) => o.default_deny_namespaces.clone(),
                _ => Vec::new(),
            };
        }
        (Spec::K8sService(s), Some(Spec::K8sService(o))) => {
            s.public_reason.clone_from(&o.public_reason);
        }
        (Spec::K8sService(s), _) => {
            s.public_reason = None;
        }
        _ => {}
    }
}

/// A public Kubernetes service: Azure nests its frontend in no subnet.
pub fn public_service(r: &Resource) -> bool {
    r.as_spec::<K8sService>().is_some_and(|s| !s.internal)
}

/// The fields in which two canonical values differ, by path (`spec.` left
/// out): into objects key by key and into lists of equal length item by
/// item; anything else is one change.
fn diff(path: &str, a: &Value, b: &Value, out: &mut Vec<FieldChange>) {
    if a == b {
        return;
    }
    let join = |k: &str| {
        if path.is_empty() {
            k.to_owned()
        } else {
            format!("{path}.{k}")
        }
    };
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let keys: BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            for k in keys {
                let field = if path.is_empty() && k == "spec" {
                    String::new()
                } else {
                    join(k)
                };
                diff(
                    &field,
                    x.get(k.as_str()).unwrap_or(&Value::Null),
                    y.get(k.as_str()).unwrap_or(&Value::Null),
                    out,
                );
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() && x.iter().all(Value::is_object) => {
            for (i, (p, q)) in x.iter().zip(y).enumerate() {
                diff(&format!("{path}[{i}]"), p, q, out);
            }
        }
        _ => out.push(FieldChange {
            field: if path.is_empty() {
                "(whole)".to_owned()
            } else {
                path.to_owned()
            },
            design: show(a),
            live: show(b),
        }),
    }
}

fn show(v: &Value) -> String {
    match v {
        Value::Null => "(none)".to_owned(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
#[path = "drift_tests.rs"]
mod tests;
