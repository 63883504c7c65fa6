//! The cluster whose ALB controller programs an App Gateway for Containers,
//! from what Azure holds ([`crate::alb`]): an identity holding "AppGw for
//! Containers Configuration Manager" on the AGC or its resource group, whose
//! federated credential for the controller's service account names a
//! cluster's OIDC issuer URL. One such cluster sets the AGC's `cluster` and
//! the cluster's `ingress`; none, or more than one, is reported, never
//! guessed. Then every identity and role assignment read is accounted for:
//! a cluster's own identity and the controller's are the design's (the
//! export makes them), the rest are reported as skipped.

use std::collections::{BTreeMap, BTreeSet};

use netdraft_core::Id;
use netdraft_core::model::{IngressChoice, Kind, Spec};
use serde_json::Value;

use super::{AKS, Mapper};
use crate::alb::{self, AGC, FEDERATED_CREDENTIAL, IDENTITY, ROLE_ASSIGNMENT};
use crate::raw::{RawResource, field, get_ci};

/// What the traces of one AGC lead to.
#[derive(Default)]
struct Trace {
    /// Imported clusters whose issuer a controller credential names: design id → name.
    clusters: BTreeMap<Id, String>,
    /// Lower-cased ids of the assignments, identities and credentials that lead there.
    used: BTreeSet<String>,
    /// Identity names holding the role; of those, the ones with a controller credential.
    holders: Vec<String>,
    federated: Vec<String>,
    /// Issuer URLs of controller credentials that match no imported cluster.
    unmatched: Vec<String>,
}

impl Mapper<'_> {
    /// Links each imported App Gateway for Containers to the cluster whose
    /// ALB controller programs it, when exactly one does.
    pub(super) fn alb_controllers(&mut self) {
        let mut by_issuer: BTreeMap<String, Vec<(Id, String)>> = BTreeMap::new();
        for c in self.inv.of_type(AKS) {
            if let (Some(id), Some(issuer)) = (
                self.resolve(Some(c.id.clone()), &[Kind::AksCluster]),
                alb::cluster_issuer(c),
            ) {
                by_issuer
                    .entry(issuer.to_owned())
                    .or_default()
                    .push((id, c.name.clone()));
            }
        }
        let agcs: Vec<&RawResource> = self.inv.of_type(AGC).collect();
        for agc in agcs {
            let Some(agc_id) = self.resolve(Some(agc.id.clone()), &[Kind::AppGatewayForContainers]) else {
                continue;
            };
            let trace = self.trace(agc, &by_issuer);
            let name = &agc.name;
            match trace.clusters.len() {
                1 => {
                    let Some((cluster, cluster_name)) = trace.clusters.into_iter().next() else {
                        continue;
                    };
                    if self.link(&agc_id, &cluster, name, &cluster_name) {
                        self.consumed.extend(trace.used);
                        for i in trace.federated {
                            self.report.note(format!(
                                "Identity `{i}` is the ALB controller's of AKS cluster `{cluster_name}` (federated with its service account, Configuration Manager on App Gateway for Containers `{name}`): the design holds it as the gateway's `cluster`, and the export makes it, its federated credential and its role assignments."
                            ));
                        }
                    }
                }
                0 => {
                    let why = if trace.holders.is_empty() {
                        "no identity read holds AppGw for Containers Configuration Manager on it or on its resource group".to_owned()
                    } else if trace.federated.is_empty() {
                        format!(
                            "{} Configuration Manager on it, but has no federated credential for the ALB controller's service account (`{}`)",
                            list(&trace.holders, "identity", "identities", "holds", "hold"),
                            alb::ALB_SUBJECT
                        )
                    } else {
                        format!(
                            "the ALB controller credential of {} names the OIDC issuer {}, which is no imported cluster's",
                            list(&trace.federated, "identity", "identities", "", ""),
                            trace.unmatched.join(", ")
                        )
                    };
                    self.report.note(format!(
                        "App Gateway for Containers `{name}`: the cluster whose ALB controller programs it is not known ({why}); its `cluster` is left empty."
                    ));
                }
                _ => {
                    let names: Vec<String> = trace.clusters.values().map(|n| format!("`{n}`")).collect();
                    self.report.note(format!(
                        "App Gateway for Containers `{name}`: the ALB controller identities holding Configuration Manager on it are federated with clusters {}; which one programs it is not guessed, so its `cluster` is left empty.",
                        names.join(" and ")
                    ));
                }
            }
        }
    }

    /// Follows one AGC's Configuration Manager assignments to identities,
    /// their controller credentials and the clusters whose issuer those name.
    fn trace(&self, agc: &RawResource, by_issuer: &BTreeMap<String, Vec<(Id, String)>>) -> Trace {
        let mut t = Trace::default();
        for ra in alb::config_managers(self.inv, &agc.id) {
            let Some(principal) = alb::principal(ra) else {
                continue;
            };
            for identity in self
                .inv
                .of_type(IDENTITY)
                .filter(|i| alb::principal(i).as_deref() == Some(principal.as_str()))
            {
                if !t.holders.contains(&identity.name) {
                    t.holders.push(identity.name.clone());
                }
                for fic in self
                    .inv
                    .children_of(&identity.id, FEDERATED_CREDENTIAL)
                    .filter(|f| alb::is_alb_credential(f))
                {
                    let Some(issuer) = field(&fic.body, "issuer").and_then(Value::as_str) else {
                        continue;
                    };
                    if !t.federated.contains(&identity.name) {
                        t.federated.push(identity.name.clone());
                    }
                    match by_issuer.get(issuer) {
                        Some(clusters) => {
                            t.clusters.extend(clusters.iter().cloned());
                            t.used.extend([ra.key(), identity.key(), fic.key()]);
                        }
                        None => t.unmatched.push(format!("`{issuer}`")),
                    }
                }
            }
        }
        t
    }

    /// Sets the AGC's `cluster` and the cluster's `ingress`, unless the
    /// cluster already uses another ingress (a design cluster holds one),
    /// which is reported instead. Whether it linked.
    fn link(&mut self, agc: &Id, cluster: &Id, agc_name: &str, cluster_name: &str) -> bool {
        let ingress = self
            .design
            .spec::<netdraft_core::model::AksCluster>(cluster.as_str())
            .map(|c| c.ingress);
        match ingress {
            Some(IngressChoice::None | IngressChoice::AppGatewayForContainers) => {}
            Some(other) => {
                self.report.note(format!(
                    "App Gateway for Containers `{agc_name}`: its ALB controller identity is federated with AKS cluster `{cluster_name}`, whose add-ons say its ingress is `{other}`; a design cluster holds one ingress, so the gateway's `cluster` is left empty."
                ));
                return false;
            }
            None => return false,
        }
        if let Some(Spec::AksCluster(c)) = self.design.get_mut(cluster.as_str()).map(|r| &mut r.spec) {
            c.ingress = IngressChoice::AppGatewayForContainers;
        }
        if let Some(Spec::AppGatewayForContainers(a)) = self.design.get_mut(agc.as_str()).map(|r| &mut r.spec) {
            a.cluster = Some(cluster.clone());
        }
        true
    }

    /// Every identity and role assignment read and not used by a link: an
    /// imported cluster's own identity is the cluster's (noted); the rest are
    /// reported as skipped, with what netdraft does with them.
    pub(super) fn identities_and_role_assignments(&mut self) {
        let mut cluster_of: BTreeMap<String, String> = BTreeMap::new();
        let mut made_by: BTreeMap<String, (String, String)> = BTreeMap::new();
        for c in self.inv.of_type(AKS) {
            if self.id_of(&c.id).is_none() {
                continue;
            }
            let assigned = c
                .body
                .get("identity")
                .and_then(|i| get_ci(i, "userAssignedIdentities"))
                .and_then(Value::as_object);
            for id in assigned.into_iter().flat_map(|m| m.keys()) {
                cluster_of.insert(id.to_ascii_lowercase(), c.name.clone());
            }
            for (id, what) in aks_made(c) {
                made_by.insert(id, (c.name.clone(), what));
            }
        }
        let identities: Vec<&RawResource> = self.inv.of_type(IDENTITY).collect();
        for i in identities {
            if self.consumed.contains(&i.key()) {
                continue;
            }
            if let Some(cluster) = cluster_of.get(&i.key()) {
                self.consumed.insert(i.key());
                self.report.note(format!(
                    "Identity `{}` is the identity of AKS cluster `{cluster}`, which the design holds (the export makes `id-{cluster}` in the cluster's group; any other is referenced by its id).",
                    i.name
                ));
                continue;
            }
            if let Some((cluster, what)) = made_by.get(&i.key()) {
                self.consumed.insert(i.key());
                self.report.note(format!(
                    "Identity `{}` is the {what} of AKS cluster `{cluster}`, which AKS makes and manages with the cluster; the design does not hold it.",
                    i.name
                ));
                continue;
            }
            self.skip(
                i,
                "a user-assigned identity netdraft does not model on its own: a resource using one refers to it by its ARM id, and the export makes the identities a design needs (a cluster's `id-{cluster}`, the ALB controller's `azure-alb-identity`)",
            );
        }
        let credentials: Vec<&RawResource> = self.inv.of_type(FEDERATED_CREDENTIAL).collect();
        for f in credentials {
            if !self.consumed.contains(&f.key()) {
                self.skip(
                    f,
                    "a federated identity credential netdraft does not model (the export makes the ones of the identities it creates); read only to find the cluster whose ALB controller programs an App Gateway for Containers",
                );
            }
        }
        let assignments: Vec<&RawResource> = self.inv.of_type(ROLE_ASSIGNMENT).collect();
        for ra in assignments {
            if !self.consumed.contains(&ra.key()) {
                self.skip(
                    ra,
                    "a role assignment, which netdraft does not model (the export makes the role assignments of the identities it creates); read only to find the ALB controller identity of an App Gateway for Containers",
                );
            }
        }
    }
}

/// The identities AKS makes for a cluster, lower-cased id → what it is:
/// the kubelet's (`identityProfile.kubeletidentity`) and add-ons' and
/// ingress profiles' (`addonProfiles.*.identity`, `ingressProfile.*.identity`).
fn aks_made(cluster: &RawResource) -> Vec<(String, String)> {
    let resource_id = |v: &Value| {
        get_ci(v, "resourceId")
            .and_then(Value::as_str)
            .map(str::to_ascii_lowercase)
    };
    let mut out = Vec::new();
    if let Some(profile) = field(&cluster.body, "identityProfile").and_then(Value::as_object) {
        for (name, v) in profile {
            if let Some(id) = resource_id(v) {
                out.push((id, format!("`{name}` identity")));
            }
        }
    }
    for (key, what) in [("addonProfiles", "add-on"), ("ingressProfile", "ingress profile")] {
        if let Some(map) = field(&cluster.body, key).and_then(Value::as_object) {
            for (name, v) in map {
                if let Some(id) = get_ci(v, "identity").and_then(resource_id) {
                    out.push((id, format!("identity of the `{name}` {what}")));
                }
            }
        }
    }
    out
}

/// `identity `a`` holds / `identities `a`, `b`` hold.
fn list(names: &[String], one: &str, many: &str, verb_one: &str, verb_many: &str) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    let (noun, verb) = if names.len() == 1 {
        (one, verb_one)
    } else {
        (many, verb_many)
    };
    let text = format!("{noun} {}", quoted.join(", "));
    if verb.is_empty() {
        text
    } else {
        format!("{text} {verb}")
    }
}
