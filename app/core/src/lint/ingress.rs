//! Ingress: Application Gateway and AGIC, App Gateway for Containers,
//! ingress-nginx, API Management, public Kubernetes services and Private Link
//! Service (azure-facts.md §A.5, §C.2, §C.3, §C.4).

use super::{Ctx, Finding, Level::Error, Level::Warning, Rule, rule};
use crate::model::{
    AcmeSolver, AgicMode, AksCluster, ApiManagement, ApimVnetMode, AppGateway, AppGatewayForContainers, AppGatewaySku,
    CertIssuer, IngressChoice, K8sService, Kind, NetworkModel, PoolMode, PrivateLinkService, Resource, TrafficPolicy,
};
use crate::plan::special;

pub(super) const RULES: &[Rule] = &[
    // APPGW-RET: v1 retires 2026-04-28.
    rule(
        "ND070",
        "app-gateway-v1",
        Error,
        "An Application Gateway uses the retired v1 SKU",
        "Application Gateway v1 (Standard, WAF) retires on 2026-04-28; new v1 gateways can no longer be created and remaining ones are stopped and deleted after retirement (APPGW-RET).",
        "APPGW-RET",
        "use `sku = \"Standard_v2\"` or `\"WAF_v2\"` (give it a /24 subnet)",
        app_gateway_v1,
    ),
    // AGIC-OV: AGIC runs only on Standard_v2 and WAF_v2.
    rule(
        "ND071",
        "agic-non-v2",
        Error,
        "AGIC drives an Application Gateway that is not Standard_v2 or WAF_v2",
        "The Application Gateway Ingress Controller supports only the Standard_v2 and WAF_v2 SKUs (AGIC-OV).",
        "AGIC-OV",
        "set the gateway's `sku` to `Standard_v2` or `WAF_v2`",
        agic_non_v2,
    ),
    // AGIC-OV: AGIC needs its gateway.
    rule(
        "ND072",
        "agic-without-app-gateway",
        Error,
        "A cluster uses AGIC but names no Application Gateway",
        "AGIC configures one Application Gateway; the add-on manages exactly one gateway per cluster (AGIC-OV).",
        "AGIC-OV",
        "set the cluster's `app_gateway` to the gateway AGIC drives",
        agic_without_gateway,
    ),
    // AKS-CNIOV: AGC is not supported with kubenet.
    rule(
        "ND073",
        "agc-kubenet",
        Error,
        "App Gateway for Containers serves a kubenet cluster",
        "Application Gateway for Containers supports CNI Overlay, pod subnet and node subnet clusters, not kubenet (AKS-CNIOV).",
        "AKS-CNIOV",
        "move the cluster to CNI Overlay, or use AGIC",
        agc_kubenet,
    ),
    // AGC-QS: the ALB controller needs workload identity and the OIDC issuer.
    rule(
        "ND074",
        "agc-without-workload-identity",
        Error,
        "A cluster using App Gateway for Containers has workload identity off",
        "The ALB controller of App Gateway for Containers authenticates with workload identity, which needs the OIDC issuer (AGC-QS).",
        "AGC-QS",
        "set `workload_identity = true` on the cluster",
        agc_workload_identity,
    ),
    // AGC-BYO: the cluster's ingress choice needs the resource.
    rule(
        "ND075",
        "agc-missing",
        Warning,
        "A cluster's ingress is App Gateway for Containers but no such resource serves it",
        "With App Gateway for Containers the ALB controller needs an AGC resource (bring-your-own, or managed with its delegated /24 association subnet) (AGC-BYO).",
        "AGC-BYO",
        "add an `app_gateway_for_containers` in a delegated /24 subnet with `cluster` set",
        agc_missing,
    ),
    // NGINX-REPO, AKS-NGINX-RET: ingress-nginx retirement.
    rule(
        "ND076",
        "ingress-nginx-retirement",
        Warning,
        "A cluster uses ingress-nginx, which is being retired",
        "Upstream ingress-nginx gets best-effort maintenance only until March 2026; the AKS app-routing NGINX gets critical security patches through November 2026 while AKS moves to Gateway API (NGINX-REPO, AKS-NGINX-RET).",
        "NGINX-REPO, AKS-NGINX-RET",
        "plan a move to Gateway API (App Gateway for Containers or the app-routing Gateway API implementation)",
        nginx_retirement,
    ),
    // AKS-ILB: an internal load balancer keeps a service off the internet.
    rule(
        "ND077",
        "public-lb-service",
        Warning,
        "A Kubernetes LoadBalancer service is public where an internal one is intended",
        "A LoadBalancer service without the internal annotation gets a public IP; services fronted by an Application Gateway, API Management, Front Door or a Private Link Service, or with no recorded reason, should be internal (AKS-ILB).",
        "AKS-ILB",
        "set `internal = true` (the default), or record why it is public in `public_reason`",
        public_lb_service,
    ),
    // TF4 kubernetes_cluster note: AGIC add-on pods cannot run on a CriticalAddonsOnly system pool.
    rule(
        "ND078",
        "agic-addon-without-user-pool",
        Warning,
        "A cluster with the AGIC add-on has no User node pool",
        "The AGIC add-on pod does not start on a system pool tainted for critical add-ons only; the cluster needs a user pool (TF4).",
        "TF4",
        "add a `User` node pool",
        agic_without_user_pool,
    ),
    // BT, TF4: a WAF policy needs the WAF_v2 SKU.
    rule(
        "ND079",
        "waf-mode-without-waf-sku",
        Error,
        "An Application Gateway has a WAF mode but not the WAF_v2 SKU",
        "The web application firewall needs the WAF_v2 SKU (BT, TF4).",
        "BT, TF4",
        "set `sku = \"WAF_v2\"`, or remove `waf_mode`",
        waf_without_sku,
    ),
    // APIM-INJ, APIM-V2INT, APIM-V2INJ: which tiers can join a VNet.
    rule(
        "ND080",
        "apim-sku-cannot-join-vnet",
        Error,
        "An API Management SKU cannot use the chosen VNet mode",
        "Only Developer and Premium (classic) inject into a VNet (external or internal), Standard v2 and Premium v2 integrate outbound, and Premium v2 injects; Basic, Standard, Basic v2 and Consumption cannot join a VNet (APIM-INJ, APIM-V2INT, APIM-V2INJ).",
        "APIM-INJ, APIM-V2INT, APIM-V2INJ",
        "use Developer or Premium for injection, Standard v2 or Premium v2 for integration",
        apim_sku,
    ),
    // AGIC-OV: one App Gateway per add-on, one add-on per cluster.
    rule(
        "ND081",
        "agic-addon-shared-gateway",
        Error,
        "Two clusters drive one Application Gateway with the AGIC add-on",
        "The AGIC add-on manages one Application Gateway per cluster and cannot share it; several AGICs on one gateway need the Helm release (AGIC-OV).",
        "AGIC-OV",
        "give each cluster its own gateway, or install AGIC with Helm (`agic_mode = \"helm\"`) in shared mode",
        agic_shared,
    ),
    // AKS-PODSUB: PLS through a LoadBalancer service is unsupported with static block allocation.
    rule(
        "ND082",
        "pls-static-block",
        Error,
        "A Private Link Service fronts a service of a static-block pod-subnet cluster",
        "Exposing an app through a Private Link Service created by a Kubernetes LoadBalancer service is not supported with static block pod-subnet allocation (AKS-PODSUB).",
        "AKS-PODSUB",
        "use CNI Overlay or dynamic pod-subnet allocation for the cluster, or put the PLS on another load balancer",
        pls_static_block,
    ),
    // AKS-ILB: with externalTrafficPolicy Local the PLS subnet must differ from the pod subnet.
    rule(
        "ND083",
        "pls-local-policy-pod-subnet",
        Error,
        "A Private Link Service with externalTrafficPolicy Local sits in the pod subnet",
        "With `externalTrafficPolicy: Local` the PLS NAT-IP subnet must differ from the pod subnet (AKS-ILB).",
        "AKS-ILB",
        "put the Private Link Service in its own subnet, or use `Cluster`",
        pls_local_policy,
    ),
    // AGIC-REPO: with kubenet the App Gateway subnet must use the AKS route table.
    rule(
        "ND084",
        "agic-kubenet-route-table",
        Error,
        "AGIC fronts a kubenet cluster but the gateway subnet does not use the cluster's route table",
        "With kubenet pods are reached through the cluster's route table, so the Application Gateway subnet must be associated with that route table (AGIC-REPO).",
        "AGIC-REPO",
        "associate the node subnet's route table with the Application Gateway subnet",
        agic_kubenet_routes,
    ),
    // AGIC-REPO: the Helm chart's workload-identity auth needs the OIDC issuer and workload identity.
    rule(
        "ND085",
        "agic-helm-without-workload-identity",
        Error,
        "AGIC installed with Helm runs on a cluster with workload identity off",
        "The exported AGIC Helm release signs in with workload identity (`armAuth.type: workloadIdentity`), which needs the cluster's OIDC issuer for the federated credential (AGIC-REPO).",
        "AGIC-REPO",
        "set `workload_identity = true` on the cluster, or use the AGIC add-on (`agic_mode = \"addon\"`)",
        agic_helm_workload_identity,
    ),
    // cert-manager usage docs (Ingress and Gateway): ingress-shim skips a TLS block without
    // `hosts`, gateway-shim a TLS listener without `hostname`, so nothing is certified.
    rule(
        "ND086",
        "certificate-without-hostname",
        Warning,
        "cert-manager issues for a cluster whose ingress names no host",
        "cert-manager only requests certificates for the host names of an Ingress TLS block or a Gateway listener; without a host name in the design the export writes a placeholder to replace before applying (cert-manager.io/docs/usage/ingress, /usage/gateway).",
        "cert-manager.io/docs/usage/ingress, /usage/gateway",
        "set `hostnames` on the Application Gateway (AGIC) or the App Gateway for Containers the cluster uses",
        certificate_without_hostname,
    ),
    // cert-manager's Azure DNS solver (cert-manager.io/docs/configuration/acme/dns01/azuredns):
    // it writes TXT records into a named zone with an identity that has DNS Zone Contributor there.
    rule(
        "ND087",
        "dns01-without-zone",
        Warning,
        "A DNS-01 issuer names no Azure DNS zone",
        "The Azure DNS solver writes its challenge records into a public DNS zone given by name and resource group, and its identity needs DNS Zone Contributor on that zone; without them the export writes placeholders and grants nothing (cert-manager.io/docs/configuration/acme/dns01/azuredns).",
        "cert-manager.io/docs/configuration/acme/dns01/azuredns",
        "set `dns_zone` and `dns_zone_resource_group` on the issuer",
        dns01_without_zone,
    ),
    rule(
        "ND088",
        "dns01-without-workload-identity",
        Error,
        "A DNS-01 issuer runs on a cluster with workload identity off",
        "The exported Azure DNS solver signs in with workload identity (a federated credential for cert-manager's service account), which needs the cluster's OIDC issuer (cert-manager.io/docs/configuration/acme/dns01/azuredns).",
        "cert-manager.io/docs/configuration/acme/dns01/azuredns",
        "set `workload_identity = true` on the cluster",
        dns01_without_workload_identity,
    ),
    // APPGW-INFRA: the v2 infrastructure ports must be open to GatewayManager.
    rule(
        "ND089",
        "app-gateway-nsg-gateway-manager",
        Error,
        "An Application Gateway v2 subnet's NSG does not let GatewayManager reach ports 65200-65535",
        "An NSG on an Application Gateway v2 subnet must allow inbound TCP from the GatewayManager service tag to ports 65200-65535; without it the gateway cannot be created or reports its backends unhealthy (APPGW-INFRA).",
        "APPGW-INFRA",
        "add an inbound Allow rule: source `GatewayManager`, protocol Tcp, destination ports `65200-65535`, at a priority before any rule that denies it",
        appgw_gateway_manager,
    ),
];

fn clusters<'a>(cx: &'a Ctx<'_>) -> impl Iterator<Item = (&'a Resource, &'a AksCluster)> + 'a {
    cx.all::<AksCluster>(Kind::AksCluster)
}

fn is_v1(sku: AppGatewaySku) -> bool {
    matches!(sku, AppGatewaySku::StandardV1 | AppGatewaySku::WafV1)
}

fn app_gateway_v1(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for (g, spec) in cx.all::<AppGateway>(Kind::AppGateway) {
        if is_v1(spec.sku) {
            rule.emit(
                out,
                format!(
                    "Application Gateway {} uses the v1 SKU {}, retired on 2026-04-28",
                    g.name(),
                    spec.sku
                ),
                &[&g.id],
            );
        }
    }
}

fn agic_clusters<'a>(cx: &'a Ctx<'_>) -> impl Iterator<Item = (&'a Resource, &'a AksCluster)> + 'a {
    clusters(cx).filter(|(_, a)| a.ingress == IngressChoice::Agic)
}

fn agic_non_v2(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for (c, a) in agic_clusters(cx) {
        let Some(gid) = &a.app_gateway else { continue };
        if let Some(g) = cx.spec::<AppGateway>(gid.as_str())
            && !matches!(g.sku, AppGatewaySku::StandardV2 | AppGatewaySku::WafV2)
        {
            rule.emit(
                out,
                format!(
                    "cluster {} uses AGIC with Application Gateway {} of SKU {}",
                    c.name(),
                    cx.name(gid.as_str()),
                    g.sku
                ),
                &[&c.id, gid],
            );
        }
    }
}

fn agic_without_gateway(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for (c, _) in agic_clusters(cx).filter(|(_, a)| a.app_gateway.is_none()) {
        rule.emit(
            out,
            format!("cluster {} uses AGIC but names no Application Gateway", c.name()),
            &[&c.id],
        );
    }
}

/// Clusters served by App Gateway for Containers: by ingress choice or by an AGC pointing at them.
fn agc_clusters<'a>(cx: &'a Ctx<'_>) -> Vec<(&'a Resource, &'a AksCluster)> {
    let mut out: Vec<(&Resource, &AksCluster)> = clusters(cx)
        .filter(|(_, a)| a.ingress == IngressChoice::AppGatewayForContainers)
        .collect();
    for (_, g) in cx.all::<AppGatewayForContainers>(Kind::AppGatewayForContainers) {
        if let Some(c) = g.cluster.as_ref().and_then(|id| cx.get(id.as_str()))
            && let Some(a) = c.as_spec::<AksCluster>()
        {
            out.push((c, a));
        }
    }
    out.sort_by(|x, y| x.0.id.cmp(&y.0.id));
    out.dedup_by(|x, y| x.0.id == y.0.id);
    out
}

fn agc_kubenet(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for (c, _) in agc_clusters(cx)
        .into_iter()
        .filter(|(_, a)| a.network_model == NetworkModel::Kubenet)
    {
        rule.emit(
            out,
            format!("cluster {} is on kubenet but uses App Gateway for Containers", c.name()),
            &[&c.id],
        );
    }
}

fn agc_workload_identity(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for (c, _) in agc_clusters(cx).into_iter().filter(|(_, a)| !a.workload_identity) {
        rule.emit(
            out,
            format!(
                "cluster {} uses App Gateway for Containers but has workload identity off",
                c.name()
            ),
            &[&c.id],
        );
    }
}

fn agic_helm_workload_identity(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for (c, _) in clusters(cx)
        .filter(|(_, a)| a.ingress == IngressChoice::Agic && a.agic_mode == AgicMode::Helm && !a.workload_identity)
    {
        rule.emit(
            out,
            format!(
                "cluster {} installs AGIC with Helm but has workload identity off",
                c.name()
            ),
            &[&c.id],
        );
    }
}

fn certificate_without_hostname(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for (c, a) in clusters(cx) {
        let issued = cx.all::<CertIssuer>(Kind::CertIssuer).any(|(_, i)| i.cluster == c.id);
        if !issued {
            continue;
        }
        let front: Option<(&Resource, bool)> = match a.ingress {
            IngressChoice::Agic => a.app_gateway.as_ref().and_then(|g| cx.get(g.as_str())).and_then(|g| {
                cx.spec::<AppGateway>(g.id.as_str())
                    .map(|s| (g, s.hostnames.is_empty()))
            }),
            IngressChoice::AppGatewayForContainers => cx
                .all::<AppGatewayForContainers>(Kind::AppGatewayForContainers)
                .find(|(_, g)| g.cluster.as_ref() == Some(&c.id))
                .map(|(r, g)| (r, g.hostnames.is_empty())),
            _ => None,
        };
        if let Some((g, true)) = front {
            rule.emit(
                out,
                format!(
                    "cluster {} has a cert-manager issuer but {} names no host",
                    c.name(),
                    g.name()
                ),
                &[&c.id, &g.id],
            );
        }
    }
}

fn dns01_issuers<'a>(cx: &'a Ctx<'_>) -> impl Iterator<Item = (&'a Resource, &'a CertIssuer)> + 'a {
    cx.all::<CertIssuer>(Kind::CertIssuer)
        .filter(|(_, i)| i.solver == AcmeSolver::Dns01)
}

fn dns01_without_zone(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for (r, i) in dns01_issuers(cx) {
        let missing: Vec<&str> = [
            ("`dns_zone`", i.dns_zone.is_none()),
            ("`dns_zone_resource_group`", i.dns_zone_resource_group.is_none()),
        ]
        .into_iter()
        .filter_map(|(n, m)| m.then_some(n))
        .collect();
        if !missing.is_empty() {
            rule.emit(
                out,
                format!("DNS-01 issuer {} has no {}", r.name(), missing.join(" or ")),
                &[&r.id],
            );
        }
    }
}

fn dns01_without_workload_identity(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for (r, i) in dns01_issuers(cx) {
        if let Some((c, _)) = clusters(cx).find(|(c, a)| c.id == i.cluster && !a.workload_identity) {
            rule.emit(
                out,
                format!(
                    "DNS-01 issuer {} runs on cluster {}, which has workload identity off",
                    r.name(),
                    c.name()
                ),
                &[&r.id, &c.id],
            );
        }
    }
}

fn agc_missing(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    let served: Vec<&str> = cx
        .all::<AppGatewayForContainers>(Kind::AppGatewayForContainers)
        .filter_map(|(_, g)| g.cluster.as_ref().map(crate::id::Id::as_str))
        .collect();
    for (c, _) in clusters(cx).filter(|(_, a)| a.ingress == IngressChoice::AppGatewayForContainers) {
        if !served.contains(&c.id.as_str()) {
            rule.emit(
                out,
                format!(
                    "cluster {} chooses App Gateway for Containers but no app_gateway_for_containers serves it",
                    c.name()
                ),
                &[&c.id],
            );
        }
    }
}

fn nginx_retirement(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for (c, a) in clusters(cx) {
        let when = match a.ingress {
            IngressChoice::NginxInternal => "upstream ingress-nginx, maintained only until March 2026",
            IngressChoice::AppRouting => "the app-routing add-on's NGINX, patched only through November 2026",
            _ => continue,
        };
        rule.emit(out, format!("cluster {} uses {when}", c.name()), &[&c.id]);
    }
}

fn public_lb_service(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    // Services something else fronts (their public IP would bypass the front).
    let mut fronted: Vec<(&str, &Resource)> = Vec::new();
    for kind in [Kind::AppGateway, Kind::ApiManagement, Kind::FrontDoor] {
        for r in cx.of_kind(kind) {
            for t in r.spec.references() {
                fronted.push((t.target.as_str(), *r));
            }
        }
    }
    for (p, spec) in cx.all::<PrivateLinkService>(Kind::PrivateLinkService) {
        if let Some(lb) = &spec.load_balancer {
            fronted.push((lb.as_str(), p));
        }
    }
    for (s, spec) in cx.all::<K8sService>(Kind::K8sService) {
        if spec.internal {
            continue;
        }
        if let Some((_, front)) = fronted.iter().find(|(t, _)| *t == s.id.as_str()) {
            rule.emit(
                out,
                format!(
                    "service {}/{} is public but is fronted by {} {}",
                    spec.namespace,
                    s.name(),
                    front.kind().label(),
                    front.name()
                ),
                &[&s.id, &front.id],
            );
        } else if spec.public_reason.is_none() {
            rule.emit(
                out,
                format!(
                    "service {}/{} of cluster {} gets a public IP and records no reason",
                    spec.namespace,
                    s.name(),
                    cx.name(spec.cluster.as_str())
                ),
                &[&s.id],
            );
        }
    }
}

fn agic_without_user_pool(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for (c, _) in agic_clusters(cx).filter(|(_, a)| a.agic_mode == AgicMode::Addon) {
        let pools = cx.pools(c.id.as_str());
        if !pools.is_empty() && pools.iter().all(|(_, p)| p.mode == PoolMode::System) {
            rule.emit(
                out,
                format!("cluster {} runs the AGIC add-on but has only System pools", c.name()),
                &[&c.id],
            );
        }
    }
}

fn waf_without_sku(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for (g, spec) in cx.all::<AppGateway>(Kind::AppGateway) {
        if let Some(mode) = spec.waf_mode
            && !matches!(spec.sku, AppGatewaySku::WafV2 | AppGatewaySku::WafV1)
        {
            rule.emit(
                out,
                format!(
                    "Application Gateway {} sets WAF mode {mode} but its SKU is {}",
                    g.name(),
                    spec.sku
                ),
                &[&g.id],
            );
        }
    }
}

fn apim_sku(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for (a, spec) in cx.all::<ApiManagement>(Kind::ApiManagement) {
        if spec.vnet_mode != ApimVnetMode::None && special::apim_role(spec).is_none() {
            rule.emit(
                out,
                format!(
                    "API Management {} is {} and cannot use VNet mode {}",
                    a.name(),
                    spec.sku,
                    spec.vnet_mode
                ),
                &[&a.id],
            );
        }
    }
}

fn agic_shared(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    let mut by_gateway: std::collections::BTreeMap<&str, Vec<&Resource>> = std::collections::BTreeMap::new();
    for (c, a) in agic_clusters(cx).filter(|(_, a)| a.agic_mode == AgicMode::Addon) {
        if let Some(g) = &a.app_gateway {
            by_gateway.entry(g.as_str()).or_default().push(c);
        }
    }
    for (g, list) in by_gateway.into_iter().filter(|(_, l)| l.len() > 1) {
        let names: Vec<&str> = list.iter().map(|c| c.name()).collect();
        let mut ids: Vec<&crate::id::Id> = Vec::new();
        if let Some(gw) = cx.get(g) {
            ids.push(&gw.id);
        }
        ids.extend(list.iter().map(|c| &c.id));
        rule.emit(
            out,
            format!(
                "Application Gateway {} is driven by the AGIC add-on of {} clusters: {}",
                cx.name(g),
                list.len(),
                names.join(", ")
            ),
            &ids,
        );
    }
}

/// The Kubernetes service a PLS fronts, and its cluster.
fn pls_targets<'a>(
    cx: &'a Ctx<'_>,
) -> impl Iterator<Item = (&'a Resource, &'a Resource, &'a K8sService, &'a Resource, &'a AksCluster)> + 'a {
    cx.all::<PrivateLinkService>(Kind::PrivateLinkService)
        .filter_map(|(p, spec)| {
            let s = cx.get(spec.load_balancer.as_ref()?.as_str())?;
            let svc = s.as_spec::<K8sService>()?;
            let c = cx.get(svc.cluster.as_str())?;
            let a = c.as_spec::<AksCluster>()?;
            Some((p, s, svc, c, a))
        })
}

fn pls_static_block(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for (p, s, _, c, _) in pls_targets(cx).filter(|t| t.4.network_model == NetworkModel::AzureCniStaticBlock) {
        rule.emit(
            out,
            format!(
                "Private Link Service {} fronts service {} of cluster {}, which uses static block pod allocation",
                p.name(),
                s.name(),
                c.name()
            ),
            &[&p.id, &s.id, &c.id],
        );
    }
}

fn pls_local_policy(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for (p, s, svc, c, _) in pls_targets(cx) {
        if svc.external_traffic_policy != TrafficPolicy::Local {
            continue;
        }
        let Some(subnet) = p.parent() else { continue };
        let in_pod_subnet = cx
            .pools(c.id.as_str())
            .iter()
            .any(|(_, pool)| pool.pod_subnet.as_ref() == Some(subnet));
        if in_pod_subnet {
            rule.emit(
                out,
                format!(
                    "Private Link Service {} sits in pod subnet {} while service {} uses externalTrafficPolicy Local",
                    p.name(),
                    cx.name(subnet.as_str()),
                    s.name()
                ),
                &[&p.id, subnet, &s.id],
            );
        }
    }
}

fn agic_kubenet_routes(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    for (c, a) in agic_clusters(cx).filter(|(_, a)| a.network_model == NetworkModel::Kubenet) {
        let Some(g) = a.app_gateway.as_ref().and_then(|g| cx.get(g.as_str())) else {
            continue;
        };
        let Some((gs, gspec)) = cx.parent_subnet(g) else {
            continue;
        };
        let tables: Vec<&crate::id::Id> = cx
            .node_subnets(c.id.as_str())
            .iter()
            .filter_map(|(_, s)| s.route_table.as_ref())
            .collect();
        let Some(first) = tables.first() else { continue };
        if gspec.route_table.as_ref() != Some(*first) {
            rule.emit_fix(
                out,
                format!(
                    "Application Gateway subnet {} does not use route table {} of kubenet cluster {}",
                    gs.name(),
                    cx.name(first.as_str()),
                    c.name()
                ),
                &[&gs.id, &c.id],
                format!("set `route_table = \"{first}\"` on subnet {}", gs.name()),
            );
        }
    }
}

/// Whether an NSG port list (`*`, `443`, `80,443`, `1024-65535`) holds every port of `lo..=hi`.
fn ports_cover(list: &str, lo: u16, hi: u16) -> bool {
    list.split(',').map(str::trim).any(|p| {
        if p == "*" {
            return true;
        }
        match p.split_once('-') {
            Some((a, b)) => {
                matches!((a.trim().parse::<u16>(), b.trim().parse::<u16>()), (Ok(a), Ok(b)) if a <= lo && hi <= b)
            }
            None => lo == hi && p.parse::<u16>() == Ok(lo),
        }
    })
}

/// Whether an NSG port list holds any port of `lo..=hi`.
fn ports_touch(list: &str, lo: u16, hi: u16) -> bool {
    list.split(',').map(str::trim).any(|p| {
        if p == "*" {
            return true;
        }
        match p.split_once('-') {
            Some((a, b)) => {
                matches!((a.trim().parse::<u16>(), b.trim().parse::<u16>()), (Ok(a), Ok(b)) if a <= hi && lo <= b)
            }
            None => p.parse::<u16>().is_ok_and(|x| (lo..=hi).contains(&x)),
        }
    })
}

fn appgw_gateway_manager(cx: &Ctx<'_>, rule: &Rule, out: &mut Vec<Finding>) {
    use crate::model::{Access, Direction, Nsg, Protocol};
    const LO: u16 = 65200;
    const HI: u16 = 65535;
    let mut seen = std::collections::BTreeSet::new();
    for (g, spec) in cx.all::<AppGateway>(Kind::AppGateway) {
        if !matches!(spec.sku, AppGatewaySku::StandardV2 | AppGatewaySku::WafV2) {
            continue;
        }
        let Some((s, subnet)) = cx.parent_subnet(g) else {
            continue;
        };
        let Some(nsg_id) = &subnet.nsg else { continue };
        let Some(nsg) = cx.spec::<Nsg>(nsg_id.as_str()) else {
            continue;
        };
        if !seen.insert(&s.id) {
            continue;
        }
        let from_manager = |src: &str| {
            src.split(',')
                .map(str::trim)
                .any(|x| x == "*" || x.eq_ignore_ascii_case("GatewayManager"))
        };
        let mut inbound: Vec<_> = nsg
            .rules
            .iter()
            .filter(|r| r.direction == Direction::Inbound && matches!(r.protocol, Protocol::Any | Protocol::Tcp))
            .filter(|r| from_manager(&r.source))
            .collect();
        inbound.sort_by_key(|r| r.priority);
        // The first rule that touches the range decides it: an allow must cover all of it.
        let first = inbound.iter().find(|r| ports_touch(&r.destination_ports, LO, HI));
        let problem = match first {
            Some(r) if r.access == Access::Allow && ports_cover(&r.destination_ports, LO, HI) => continue,
            Some(r) if r.access == Access::Allow => format!(
                "its rule {} ({}) opens only {} of ports {LO}-{HI}",
                r.name, r.priority, r.destination_ports
            ),
            Some(r) => format!("its rule {} ({}) denies them", r.name, r.priority),
            None => "no rule allows them, so the default DenyAllInBound applies".to_owned(),
        };
        rule.emit(
            out,
            format!(
                "NSG {} of Application Gateway subnet {} (gateway {}) does not let GatewayManager reach ports {LO}-{HI}: {problem}",
                cx.name(nsg_id.as_str()),
                s.name(),
                g.name()
            ),
            &[&s.id, nsg_id, &g.id],
        );
    }
}
