//! Gateway API objects of App Gateway for Containers (facts sheet §F.2,
//! AGC-GW): a `Gateway` of class `azure-alb-external` names its AGC by the
//! annotation `alb.networking.azure.io/alb-id` (bring your own: the AGC's ARM
//! id) or by `alb.networking.azure.io/alb-namespace` and `alb-name` (managed:
//! the `ApplicationLoadBalancer` object the ALB controller made it from,
//! AGC-QS). The host names of the `HTTPRoute`s whose `parentRefs` name such a
//! Gateway (and of its listeners) become the AGC's `hostnames`, in the order
//! read; a `BackendTLSPolicy` (AGC's own, `alb.networking.azure.io`, with
//! `spec.targetRef`, or the Gateway API's, with `spec.targetRefs`) on a
//! Service those routes send to sets its `backend_tls`. The Gateway's
//! `alb-frontend` address names one of the AGC's frontends.
//!
//! A managed AGC is the one the ALB controller creates when an
//! `ApplicationLoadBalancer` object is defined ("Quickstart: Create
//! Application Gateway for Containers managed by ALB Controller",
//! learn.microsoft.com/azure/application-gateway/for-containers/quickstart-create-application-gateway-for-containers-managed-by-alb-controller);
//! the page does not say what the controller names it in Azure, so the
//! Gateway's `alb-name` is matched to an AGC named so (as the export names
//! it), else to the cluster's only AGC, else to the design's only one.
//!
//! Which cluster programs the AGC is Azure's side of the link (the ALB
//! controller's identity), not read here.

use std::collections::BTreeMap;

use netdraft_core::Id;
use netdraft_core::model::{AgcDeployment, AppGatewayForContainers, Spec};
use serde_json::Value;

use super::{Ctx, Item};

const CLASS: &str = "azure-alb-external";
const ALB_ID: &str = "alb.networking.azure.io/alb-id";
const ALB_NAMESPACE: &str = "alb.networking.azure.io/alb-namespace";
const ALB_NAME: &str = "alb.networking.azure.io/alb-name";
const FRONTEND: &str = "alb.networking.azure.io/alb-frontend";

/// The App Gateway for Containers a BYO Gateway names by `alb-id`, if the import has it.
pub(super) fn agc_of(ctx: &Ctx<'_>, item: &Item<'_>) -> Option<Id> {
    if item.str_at("spec.gatewayClassName") != Some(CLASS) {
        return None;
    }
    let id = ctx.by_arm_id(item.annotation(ALB_ID)?)?;
    ctx.design.spec::<AppGatewayForContainers>(id.as_str()).map(|_| id)
}

/// The AGC of a managed Gateway (`alb-name`): the one named so (the export
/// names the `ApplicationLoadBalancer` after it), else the only one of the
/// cluster, else the design's only one.
fn managed_agc(ctx: &Ctx<'_>, cluster: &Id, alb_name: &str) -> Option<Id> {
    let all: Vec<(Id, Option<Id>, String)> = ctx
        .design
        .all::<AppGatewayForContainers>()
        .map(|(r, a)| (r.id.clone(), a.cluster.clone(), netdraft_core::text::dns1123(r.name())))
        .collect();
    if let Some((id, _, _)) = all.iter().find(|(_, _, n)| n == alb_name) {
        return Some(id.clone());
    }
    let mine: Vec<&Id> = all
        .iter()
        .filter(|(_, c, _)| c.as_ref() == Some(cluster))
        .map(|(id, _, _)| id)
        .collect();
    match (mine.as_slice(), all.as_slice()) {
        ([one], _) => Some((*one).clone()),
        ([], [(one, _, _)]) => Some(one.clone()),
        _ => None,
    }
}

/// What the cluster says of one AGC.
#[derive(Default)]
struct Seen {
    gateways: Vec<String>,
    hostnames: Vec<String>,
    frontends: Vec<String>,
    /// Services its routes send to: (namespace, name).
    backends: Vec<(String, String)>,
    backend_tls: bool,
    managed: bool,
    objects: Vec<String>,
}

fn push_unique(list: &mut Vec<String>, v: &str) {
    if !list.iter().any(|x| x == v) {
        list.push(v.to_owned());
    }
}

fn text<'v>(v: &'v Value, key: &str) -> Option<&'v str> {
    v.get(key).and_then(Value::as_str).filter(|s| !s.is_empty())
}

pub(super) fn gateways(
    ctx: &mut Ctx<'_>,
    cluster: &Id,
    gateways: &[Item<'_>],
    routes: &[Item<'_>],
    policies: &[Item<'_>],
) {
    let mut seen: BTreeMap<Id, Seen> = BTreeMap::new();
    let by_gateway = read_gateways(ctx, cluster, gateways, &mut seen);
    read_routes(ctx, routes, &by_gateway, &mut seen);
    read_policies(ctx, policies, &mut seen);
    // Listener host names after the routes'.
    for g in gateways {
        let key = (g.namespace.unwrap_or("default").to_owned(), g.name.to_owned());
        if let Some(s) = by_gateway.get(&key).and_then(|agc| seen.get_mut(agc)) {
            for l in g.list_at("spec.listeners") {
                if let Some(h) = text(l, "hostname") {
                    push_unique(&mut s.hostnames, h);
                }
            }
        }
    }
    write(ctx, cluster, seen);
}

/// The AGC Gateways: (namespace, name) → their AGC.
fn read_gateways(
    ctx: &mut Ctx<'_>,
    cluster: &Id,
    gateways: &[Item<'_>],
    seen: &mut BTreeMap<Id, Seen>,
) -> BTreeMap<(String, String), Id> {
    let mut by_gateway: BTreeMap<(String, String), Id> = BTreeMap::new();
    for g in gateways {
        if let Some(class) = g.str_at("spec.gatewayClassName").filter(|c| *c != CLASS) {
            ctx.skip(
                g,
                format!("`spec.gatewayClassName` is `{class}`: netdraft models App Gateway for Containers gateways (`{CLASS}`) only"),
            );
            continue;
        }
        let (agc, managed) = if let Some(alb) = g.annotation(ALB_ID) {
            let Some(agc) = agc_of(ctx, g) else {
                ctx.skip(
                    g,
                    format!("`metadata.annotations.{ALB_ID}` names `{alb}`, an App Gateway for Containers that is not in the import (import it from Azure too)"),
                );
                continue;
            };
            (agc, false)
        } else if let Some(name) = g.annotation(ALB_NAME) {
            let Some(agc) = managed_agc(ctx, cluster, name) else {
                ctx.skip(
                    g,
                    format!(
                        "`metadata.annotations.{ALB_NAME}` is `{name}` (namespace `{}`): no App Gateway for Containers of the import is that managed one (none named so, and not exactly one of the cluster)",
                        g.annotation(ALB_NAMESPACE).unwrap_or("?")
                    ),
                );
                continue;
            };
            (agc, true)
        } else {
            ctx.skip(
                g,
                format!("`metadata.annotations` has neither `{ALB_ID}` nor `{ALB_NAME}`: it names no App Gateway for Containers"),
            );
            continue;
        };
        let ns = g.namespace.unwrap_or("default").to_owned();
        by_gateway.insert((ns, g.name.to_owned()), agc.clone());
        ctx.not_modelled(
            g,
            &g.type_label(),
            g.spec_not_read(&["spec.gatewayClassName", "spec.addresses", "spec.listeners[].hostname"]),
        );
        let s = seen.entry(agc).or_default();
        s.managed |= managed;
        s.gateways.push(g.label());
        s.objects.push(g.label());
        for a in g.list_at("spec.addresses") {
            if text(a, "type") == Some(FRONTEND)
                && let Some(v) = text(a, "value")
            {
                push_unique(&mut s.frontends, v);
            }
        }
    }
    by_gateway
}

/// Routes on AGC Gateways: their host names, and the services they send to.
fn read_routes(
    ctx: &mut Ctx<'_>,
    routes: &[Item<'_>],
    by_gateway: &BTreeMap<(String, String), Id>,
    seen: &mut BTreeMap<Id, Seen>,
) {
    for r in routes {
        let ns = r.namespace.unwrap_or("default");
        let parents: Vec<Id> = r
            .list_at("spec.parentRefs")
            .iter()
            .filter(|p| text(p, "kind").is_none_or(|k| k == "Gateway"))
            .filter_map(|p| {
                let key = (
                    text(p, "namespace").unwrap_or(ns).to_owned(),
                    text(p, "name")?.to_owned(),
                );
                by_gateway.get(&key).cloned()
            })
            .collect();
        if parents.is_empty() {
            ctx.skip(
                r,
                "`spec.parentRefs` names no App Gateway for Containers Gateway of this file: the route is not one netdraft models",
            );
            continue;
        }
        ctx.not_modelled(
            r,
            &r.type_label(),
            r.spec_not_read(&["spec.parentRefs", "spec.hostnames", "spec.rules[].backendRefs"]),
        );
        for agc in parents {
            let s = seen.entry(agc).or_default();
            s.objects.push(r.label());
            for h in r.list_at("spec.hostnames").iter().filter_map(Value::as_str) {
                push_unique(&mut s.hostnames, h);
            }
            for rule in r.list_at("spec.rules") {
                for b in rule.get("backendRefs").and_then(Value::as_array).into_iter().flatten() {
                    if text(b, "kind").is_none_or(|k| k == "Service")
                        && let Some(name) = text(b, "name")
                    {
                        s.backends
                            .push((text(b, "namespace").unwrap_or(ns).to_owned(), name.to_owned()));
                    }
                }
            }
        }
    }
}

/// Backend TLS policies on services the AGC routes send to.
fn read_policies(ctx: &mut Ctx<'_>, policies: &[Item<'_>], seen: &mut BTreeMap<Id, Seen>) {
    for p in policies {
        let ns = p.namespace.unwrap_or("default");
        let targets: Vec<(String, String)> = p
            .at("spec.targetRef")
            .into_iter()
            .chain(p.list_at("spec.targetRefs"))
            .filter(|t| text(t, "kind").is_none_or(|k| k == "Service"))
            .filter_map(|t| {
                Some((
                    text(t, "namespace").unwrap_or(ns).to_owned(),
                    text(t, "name")?.to_owned(),
                ))
            })
            .collect();
        let mut used = false;
        for s in seen.values_mut() {
            if targets.iter().any(|t| s.backends.contains(t)) {
                s.backend_tls = true;
                s.objects.push(p.label());
                used = true;
            }
        }
        if used {
            ctx.not_modelled(
                p,
                &p.type_label(),
                p.spec_not_read(&["spec.targetRef", "spec.targetRefs"]),
            );
        } else {
            ctx.skip(
                p,
                "`spec.targetRef` names no Service an App Gateway for Containers route of this file sends to: netdraft models backend TLS of an AGC only",
            );
        }
    }
}

/// What was seen, onto each AGC.
fn write(ctx: &mut Ctx<'_>, cluster: &Id, seen: BTreeMap<Id, Seen>) {
    for (agc, s) in seen {
        let Some(r) = ctx.design.get_mut(agc.as_str()) else {
            continue;
        };
        let name = r.name().to_owned();
        let Spec::AppGatewayForContainers(a) = &mut r.spec else {
            continue;
        };
        a.hostnames = s.hostnames;
        a.backend_tls = s.backend_tls;
        if s.managed {
            a.deployment = AgcDeployment::Managed;
        }
        for f in &s.frontends {
            if !a.frontends.contains(f) {
                a.frontends.push(f.clone());
                a.frontends.sort();
            }
        }
        let other = a.cluster.clone().filter(|c| c != cluster);
        ctx.report.note(format!(
            "App Gateway for Containers `{name}`: host names and backend TLS read from {} ({}).",
            ctx.file,
            s.objects.join(", ")
        ));
        if let Some(other) = other {
            ctx.report.note(format!(
                "{}: Gateway {} of cluster `{cluster}` names App Gateway for Containers `{name}`, which Azure says cluster `{other}` programs.",
                ctx.file,
                s.gateways.join(", ")
            ));
        }
    }
}
