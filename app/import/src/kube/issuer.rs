//! cert-manager issuers (`cert-manager.io/v1` `ClusterIssuer`, `Issuer`) with
//! an ACME section: the design's cert-manager issuers (facts sheet §F.1,
//! AGIC-REPO `docs/how-tos/lets-encrypt.md`; the Gateway API solver from
//! AGC-GW's cert-manager how-to). The first solver is read: `http01` through
//! an ingress class (`ingress.class` or `ingress.ingressClassName`) or a
//! Gateway (`gatewayHTTPRoute`, no class), or `dns01` with `azureDNS` (its
//! `hostedZoneName` and `resourceGroupName`).

use netdraft_core::Id;
use netdraft_core::model::{AcmeSolver, CertIssuer, Resource, Spec};

use super::{Ctx, Item};
use crate::report::Imported;

/// The design's kind label, for the report.
const LABEL: &str = "cert-manager issuer";

pub(super) fn issuers<'a>(ctx: &mut Ctx<'_>, cluster: &Id, items: impl Iterator<Item = Item<'a>>) {
    for item in items {
        match issuer(&item, cluster) {
            Ok((spec, extra)) => {
                let (id, made) = put(ctx, cluster, &item, spec);
                let source = item.source(ctx.file);
                if item.kind == "Issuer" {
                    ctx.report.change(
                        &source,
                        LABEL,
                        item.name,
                        "kind",
                        format!("`Issuer` in namespace `{}`", item.namespace.unwrap_or("default")),
                        "a ClusterIssuer (the design holds cluster-wide issuers; the export writes one)",
                    );
                }
                if item.str_at("spec.acme.email").is_none() {
                    ctx.report.change(
                        &source,
                        LABEL,
                        item.name,
                        "spec.acme.email",
                        "absent",
                        "`email = \"\"` (the design asks for a registration e-mail; set one)",
                    );
                }
                let mut paths = extra;
                paths.extend(item.spec_not_read(&["spec.acme.server", "spec.acme.email", "spec.acme.solvers"]));
                ctx.not_modelled(&item, LABEL, paths);
                if made {
                    ctx.report.imported.push(Imported {
                        kind: netdraft_core::model::Kind::CertIssuer,
                        id,
                        name: item.name.to_owned(),
                        source,
                    });
                }
            }
            Err(reason) => ctx.skip(&item, reason),
        }
    }
}

/// Adds the issuer under its cluster, or updates the one of that name there; whether it was added.
fn put(ctx: &mut Ctx<'_>, cluster: &Id, item: &Item<'_>, spec: CertIssuer) -> (Id, bool) {
    let existing = ctx
        .design
        .all::<CertIssuer>()
        .find(|(r, c)| &c.cluster == cluster && r.name() == item.name)
        .map(|(r, _)| r.id.clone());
    if let Some(id) = existing {
        if let Some(r) = ctx.design.get_mut(id.as_str()) {
            r.spec = Spec::CertIssuer(spec);
        }
        return (id, false);
    }
    let cluster_name = ctx.design.get(cluster.as_str()).map_or("", |c| c.name()).to_owned();
    let id = ctx.design.fresh_id(&format!("{cluster_name}-{}", item.name));
    let mut r = Resource::new(id.clone(), item.name, Some(cluster.clone()), spec);
    r.meta.notes = Some(format!("Imported from {}", item.source(ctx.file)));
    // `fresh_id` never returns a taken id, so this cannot fail.
    let _ = ctx.design.insert(r);
    (id, true)
}

/// The issuer's spec and the solver paths it has beyond the first, or why it is not one.
fn issuer(item: &Item<'_>, cluster: &Id) -> Result<(CertIssuer, Vec<String>), String> {
    let field = |path: &str, what: &str| format!("`{path}` {what}");
    if item.at("spec.acme").is_none() {
        let other = item
            .at("spec")
            .and_then(|s| s.as_object())
            .and_then(|o| o.keys().next().cloned())
            .unwrap_or_else(|| "no".to_owned());
        return Err(format!(
            "{}: a `{other}` issuer; netdraft models ACME issuers (Let's Encrypt) only",
            field("spec.acme", "is absent")
        ));
    }
    let server = item
        .str_at("spec.acme.server")
        .ok_or_else(|| field("spec.acme.server", "is absent: an ACME issuer names its directory URL"))?;
    let solvers = item.list_at("spec.acme.solvers");
    let Some(first) = solvers.first() else {
        return Err(field("spec.acme.solvers", "is empty: no challenge solver to model"));
    };
    let s = |path: &str| {
        path.split('.')
            .try_fold(first, |v, k| v.get(k))
            .and_then(|v| v.as_str())
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    };
    let (solver, ingress_class, dns_zone, dns_zone_resource_group) = if first.get("http01").is_some() {
        let class = s("http01.ingress.class").or_else(|| s("http01.ingress.ingressClassName"));
        if class.is_none() && first.pointer("/http01/gatewayHTTPRoute").is_none() {
            return Err(field(
                "spec.acme.solvers[0].http01",
                "names neither an ingress class nor a Gateway route: netdraft models those two HTTP-01 solvers",
            ));
        }
        (AcmeSolver::Http01, class, None, None)
    } else if first.pointer("/dns01/azureDNS").is_some() {
        (
            AcmeSolver::Dns01,
            None,
            s("dns01.azureDNS.hostedZoneName"),
            s("dns01.azureDNS.resourceGroupName"),
        )
    } else if let Some(dns) = first.get("dns01") {
        let provider = dns
            .as_object()
            .and_then(|o| o.keys().next().cloned())
            .unwrap_or_default();
        return Err(field(
            "spec.acme.solvers[0].dns01",
            &format!("uses `{provider}`: netdraft models DNS-01 with Azure DNS (`azureDNS`) only"),
        ));
    } else {
        return Err(field(
            "spec.acme.solvers[0]",
            "is neither `http01` nor `dns01`: no solver netdraft models",
        ));
    };
    let extra = (1..solvers.len()).map(|i| format!("spec.acme.solvers[{i}]")).collect();
    Ok((
        CertIssuer {
            cluster: cluster.clone(),
            server: server.to_owned(),
            email: item.str_at("spec.acme.email").unwrap_or_default().to_owned(),
            solver,
            ingress_class,
            dns_zone,
            dns_zone_resource_group,
        },
        extra,
    ))
}
