//! LoadBalancer `Service`s: what Azure does not record of a Kubernetes
//! service (facts sheet §C.2: Azure holds an internal one as a frontend of
//! the `kubernetes-internal` load balancer, by address). Each is matched to
//! the service the Azure import brought in: an internal one by its load
//! balancer IP (`status.loadBalancer.ingress[].ip`) among the cluster's
//! internal services, otherwise (a public one, named by its public IP's tag,
//! or an internal one an AKS-made Private Link Service named) by namespace
//! and name. The match gets the service's name, namespace, `app` selector,
//! ports and traffic policy; an internal one whose manifest asks for no
//! address (no `service.beta.kubernetes.io/azure-load-balancer-ipv4`, no
//! `spec.loadBalancerIP`) has no static IP in the design, and Azure's
//! `Dynamic` frontend is then what the design says. A service with no match
//! is made under the cluster: in the subnet its annotation names, else the
//! cluster's node subnet (where AKS takes an internal service's address,
//! §C.2), and a public one in no subnet.

use std::net::IpAddr;

use netdraft_core::Id;
use netdraft_core::model::{Design, K8sService, Kind, NodePool, PoolMode, Resource, Spec, TrafficPolicy};
use serde_json::Value;

use super::{Ctx, Item};
use crate::report::{Imported, NotModelled};

const INTERNAL: &str = "service.beta.kubernetes.io/azure-load-balancer-internal";
const INTERNAL_SUBNET: &str = "service.beta.kubernetes.io/azure-load-balancer-internal-subnet";
const IPV4: &str = "service.beta.kubernetes.io/azure-load-balancer-ipv4";
/// Annotations of the Private Link Service AKS makes for a service: Azure
/// holds that service, and the Azure import reads it from there.
const PLS_PREFIX: &str = "service.beta.kubernetes.io/azure-pls-";
/// What kubectl itself writes.
const LAST_APPLIED: &str = "kubectl.kubernetes.io/last-applied-configuration";

/// A LoadBalancer service as the cluster has it.
struct Svc {
    internal: bool,
    /// The address its manifest asks for.
    asked: Option<IpAddr>,
    ports: Vec<u16>,
    app: Option<String>,
    policy: TrafficPolicy,
    subnet: Option<String>,
    /// What it holds that the design does not.
    not_read: Vec<String>,
}

fn internal(item: &Item<'_>) -> bool {
    item.annotation(INTERNAL)
        .is_some_and(|v| v.eq_ignore_ascii_case("true"))
}

/// The addresses its load balancer gave it.
fn status_ips(item: &Item<'_>) -> Vec<IpAddr> {
    item.list_at("status.loadBalancer.ingress")
        .iter()
        .filter_map(|i| i.get("ip").and_then(Value::as_str)?.parse().ok())
        .collect()
}

/// The design's services this object is: by load balancer IP (internal), else by namespace and name.
pub(super) fn holders<'d>(design: &'d Design, item: &Item<'_>) -> Vec<(Id, &'d K8sService)> {
    let internal = internal(item);
    let ips = status_ips(item);
    let all = || design.all::<K8sService>().filter(move |(_, s)| s.internal == internal);
    if internal {
        let by_ip: Vec<(Id, &K8sService)> = all()
            .filter(|(_, s)| s.static_ip.is_some_and(|ip| ips.contains(&ip)))
            .map(|(r, s)| (r.id.clone(), s))
            .collect();
        if !by_ip.is_empty() {
            return by_ip;
        }
    }
    let namespace = item.namespace.unwrap_or("default");
    all()
        .filter(|(r, s)| s.namespace == namespace && r.name() == item.name)
        .map(|(r, s)| (r.id.clone(), s))
        .collect()
}

fn read(item: &Item<'_>) -> Result<Svc, String> {
    let mut not_read = Vec::new();
    let asked = match item
        .annotation(IPV4)
        .map(|a| ("metadata.annotations", a))
        .or_else(|| item.str_at("spec.loadBalancerIP").map(|a| ("spec.loadBalancerIP", a)))
    {
        Some((field, text)) => Some(
            text.parse::<IpAddr>()
                .map_err(|_| format!("`{field}` is `{text}`, not an IP address"))?,
        ),
        None => None,
    };
    let mut ports: Vec<u16> = Vec::new();
    for (i, p) in item.list_at("spec.ports").iter().enumerate() {
        let port = p
            .get("port")
            .and_then(Value::as_u64)
            .and_then(|p| u16::try_from(p).ok())
            .filter(|p| *p > 0)
            .ok_or_else(|| format!("`spec.ports[{i}].port` is not a port number"))?;
        if !ports.contains(&port) {
            ports.push(port);
        }
        if p.get("protocol").and_then(Value::as_str).is_some_and(|x| x != "TCP") {
            not_read.push(format!("spec.ports[{i}].protocol"));
        }
    }
    let policy = match item.str_at("spec.externalTrafficPolicy") {
        None | Some("Cluster") => TrafficPolicy::Cluster,
        Some("Local") => TrafficPolicy::Local,
        Some(other) => {
            return Err(format!(
                "`spec.externalTrafficPolicy` is `{other}`, not `Cluster` or `Local`"
            ));
        }
    };
    if let Some(sel) = item.at("spec.selector").and_then(Value::as_object) {
        not_read.extend(sel.keys().filter(|k| *k != "app").map(|k| format!("spec.selector.{k}")));
    }
    if let Some(a) = item.at("metadata.annotations").and_then(Value::as_object) {
        not_read.extend(
            a.keys()
                .filter(|k| ![INTERNAL, INTERNAL_SUBNET, IPV4, LAST_APPLIED].contains(&k.as_str()))
                .filter(|k| !k.starts_with(PLS_PREFIX))
                .map(|k| format!("metadata.annotations.{k}")),
        );
    }
    Ok(Svc {
        internal: internal(item),
        asked,
        ports,
        app: item.str_at("spec.selector.app").map(str::to_owned),
        policy,
        subnet: item.annotation(INTERNAL_SUBNET).map(str::to_owned),
        not_read,
    })
}

pub(super) fn services<'a>(ctx: &mut Ctx<'_>, cluster: &Id, items: impl Iterator<Item = Item<'a>>) {
    for item in items {
        let svc = match read(&item) {
            Ok(s) => s,
            Err(reason) => {
                ctx.skip(&item, reason);
                continue;
            }
        };
        let source = item.source(ctx.file);
        let found = holders(ctx.design, &item)
            .into_iter()
            .find(|(_, s)| &s.cluster == cluster)
            .map(|(id, _)| id);
        match found {
            Some(id) => update(ctx, &id, &item, &svc),
            None => make(ctx, cluster, &item, &svc),
        }
        if !svc.not_read.is_empty() {
            ctx.report.not_modelled.push(NotModelled {
                source,
                kind: Kind::K8sService.label().to_owned(),
                name: item.name.to_owned(),
                paths: svc.not_read,
            });
        }
    }
}

fn spec_of(cluster: &Id, item: &Item<'_>, svc: &Svc) -> K8sService {
    K8sService {
        cluster: cluster.clone(),
        namespace: item.namespace.unwrap_or("default").to_owned(),
        internal: svc.internal,
        static_ip: svc.asked,
        ports: svc.ports.clone(),
        app: svc.app.clone(),
        external_traffic_policy: svc.policy,
        public_reason: None,
    }
}

/// Gives the service Azure's import brought in what the cluster says of it.
fn update(ctx: &mut Ctx<'_>, id: &Id, item: &Item<'_>, svc: &Svc) {
    let Some(r) = ctx.design.get_mut(id.as_str()) else {
        return;
    };
    let Spec::K8sService(s) = &mut r.spec else {
        return;
    };
    let arm = ctx
        .report
        .imported
        .iter()
        .find(|i| &i.id == id)
        .map(|i| i.source.clone())
        .unwrap_or_default();
    if !s.ports.is_empty() && s.ports.iter().any(|p| !svc.ports.contains(p)) {
        ctx.report.note(format!(
            "{}: the ports of {} ({}) are not those of its load balancer rules in Azure ({}); the design takes the service's.",
            ctx.file,
            item.label(),
            join(&svc.ports),
            join(&s.ports)
        ));
    }
    let asked_for_none = s.internal && svc.asked.is_none() && s.static_ip.is_some();
    if let (Some(asked), Some(held)) = (svc.asked, s.static_ip)
        && asked != held
    {
        ctx.report.note(format!(
            "{}: {} asks for {asked}, but its load balancer frontend in Azure has {held}; the design takes the address asked for.",
            ctx.file,
            item.label()
        ));
    }
    item.namespace.unwrap_or("default").clone_into(&mut s.namespace);
    s.app.clone_from(&svc.app);
    s.ports.clone_from(&svc.ports);
    s.external_traffic_policy = svc.policy;
    // The address its manifest asks for (an internal one without: Azure's dynamic frontend).
    s.static_ip = svc.asked;
    item.name.clone_into(&mut r.meta.name);
    r.meta.notes = Some(format!("Imported from {arm} and {}", item.source(ctx.file)));
    if let Some(i) = ctx.report.imported.iter_mut().find(|i| &i.id == id) {
        item.name.clone_into(&mut i.name);
    }
    if asked_for_none {
        // Azure's `Dynamic` frontend is what the manifest says: no address asked for.
        let arm = arm.to_ascii_lowercase();
        ctx.report
            .changed
            .retain(|c| !(c.source.eq_ignore_ascii_case(&arm) && c.field == "privateIPAllocationMethod"));
    }
}

/// A service Azure's side of was not imported, made under its cluster.
fn make(ctx: &mut Ctx<'_>, cluster: &Id, item: &Item<'_>, svc: &Svc) {
    let parent = if svc.internal {
        subnet_of(ctx.design, cluster, svc.subnet.as_deref())
    } else {
        None
    };
    let cluster_name = ctx.design.get(cluster.as_str()).map_or("", |c| c.name()).to_owned();
    let id = ctx.design.fresh_id(&format!("{cluster_name}-{}", item.name));
    let mut r = Resource::new(id.clone(), item.name, parent, spec_of(cluster, item, svc));
    r.meta.notes = Some(format!(
        "Imported from {}; Azure's side of it (its load balancer frontend) was not in the import.",
        item.source(ctx.file)
    ));
    // `fresh_id` never returns a taken id, so this cannot fail.
    let _ = ctx.design.insert(r);
    ctx.report.imported.push(Imported {
        kind: Kind::K8sService,
        id,
        name: item.name.to_owned(),
        source: item.source(ctx.file),
    });
}

/// The subnet an internal service of the cluster takes its address from: the
/// one its annotation names (in a VNet of the cluster's node pools), else the
/// system pool's node subnet.
fn subnet_of(design: &Design, cluster: &Id, named: Option<&str>) -> Option<Id> {
    let pools: Vec<(&Resource, &NodePool)> = design
        .all::<NodePool>()
        .filter(|(_, p)| &p.cluster == cluster)
        .collect();
    if let Some(name) = named {
        let vnets: Vec<&Id> = pools
            .iter()
            .filter_map(|(r, _)| design.get(r.parent()?.as_str())?.parent())
            .collect();
        let found = design
            .of_kind(Kind::Subnet)
            .find(|s| s.name() == name && s.parent().is_some_and(|v| vnets.contains(&v)))
            .map(|s| s.id.clone());
        if found.is_some() {
            return found;
        }
    }
    pools
        .iter()
        .filter(|(r, _)| {
            r.parent()
                .is_some_and(|p| design.get(p.as_str()).is_some_and(|s| s.kind() == Kind::Subnet))
        })
        .min_by_key(|(_, p)| p.mode != PoolMode::System)
        .and_then(|(r, _)| r.parent().cloned())
}

fn join(ports: &[u16]) -> String {
    ports.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
}
