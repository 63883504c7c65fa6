//! The internet into a cluster: through App Gateway (and the Traffic Manager
//! in front of it), App Gateway for Containers, Front Door over Private Link,
//! or a public Kubernetes service, to the pods. Proxies open a connection of
//! their own (the backend sees the proxy's address); a Private Link Service
//! replaces the source with its NAT address (AKS-ILB, facts §C.2); Azure Load
//! Balancer keeps the source, and AKS load-balancer rules use floating IP, so
//! the node receives the frontend as destination (cloud-provider-azure,
//! annotation `service.beta.kubernetes.io/azure-disable-load-balancer-floating-ip`).

use std::net::Ipv4Addr;

use super::endpoint::{Endpoint, INTERNET_CLIENT, kind_word, pods};
use super::index::{Net, SubnetInfo};
use super::nsg::{Addr, Proto};
use super::path::{Arrival, Path, StepKind, Stop, Tracer, Verdict, not_applicable, step, subnet_label};
use super::table::Destination;
use crate::id::Id;
use crate::model::{
    AksCluster, AppGateway, AppGatewayForContainers, Direction, FrontDoor, K8sService, PrivateLinkService, Resource,
    TrafficManager,
};

/// The internet into a cluster: through its first public entry point.
pub(super) fn ingress_to_cluster<'d>(t: &mut Tracer<'_, 'd>, cluster: &'d Resource) -> Result<(), Stop> {
    let fronts = public_fronts(t.net, cluster);
    match fronts.first() {
        Some(f) => ingress(t, f, Some(cluster)),
        None => not_applicable(format!(
            "no public entry point (App Gateway, App Gateway for Containers, Front Door, public service) fronts {}",
            cluster.name()
        )),
    }
}

/// The public entry points that lead to a cluster, ordered by id.
pub(crate) fn public_fronts<'d>(net: &Net<'d>, cluster: &'d Resource) -> Vec<&'d Resource> {
    let mut out = Vec::new();
    for r in net.design.resources() {
        if !super::endpoint::is_public_front(r) {
            continue;
        }
        if backends(net, r).iter().any(|b| leads_to(net, b, cluster)) {
            out.push(r);
        }
    }
    out
}

/// Whether a backend is, or serves, a cluster.
fn leads_to(net: &Net<'_>, backend: &Resource, cluster: &Resource) -> bool {
    if backend.id == cluster.id {
        return true;
    }
    if let Some(s) = backend.as_spec::<K8sService>() {
        return s.cluster == cluster.id;
    }
    if let Some(p) = backend.as_spec::<PrivateLinkService>() {
        return p
            .load_balancer
            .as_ref()
            .and_then(|l| net.design.get(l.as_str()))
            .is_some_and(|l| leads_to(net, l, cluster));
    }
    if let Some(g) = backend.as_spec::<AppGatewayForContainers>() {
        return g.cluster.as_ref() == Some(&cluster.id);
    }
    if backend.as_spec::<AppGateway>().is_some() || backend.as_spec::<FrontDoor>().is_some() {
        return backends(net, backend)
            .iter()
            .any(|b| b.id != backend.id && leads_to(net, b, cluster));
    }
    false
}

/// What an entry point sends traffic to.
fn backends<'d>(net: &Net<'d>, r: &'d Resource) -> Vec<&'d Resource> {
    let ids: Vec<&Id> = if let Some(g) = r.as_spec::<AppGateway>() {
        g.backends.iter().collect()
    } else if let Some(f) = r.as_spec::<FrontDoor>() {
        f.origins.iter().collect()
    } else if let Some(m) = r.as_spec::<TrafficManager>() {
        m.endpoints.iter().collect()
    } else if let Some(a) = r.as_spec::<crate::model::ApiManagement>() {
        a.backends.iter().collect()
    } else if r.as_spec::<AppGatewayForContainers>().is_some() || r.as_spec::<K8sService>().is_some() {
        return vec![r];
    } else {
        Vec::new()
    };
    ids.into_iter().filter_map(|i| net.design.get(i.as_str())).collect()
}

/// Traces the internet through an entry point to the pods behind it.
#[allow(clippy::too_many_lines)] // one arm per kind of entry point
pub(super) fn ingress<'d>(
    t: &mut Tracer<'_, 'd>,
    front: &'d Resource,
    cluster: Option<&'d Resource>,
) -> Result<(), Stop> {
    let net = t.net;
    t.hop(
        format!("internet client {INTERNET_CLIENT} (an example public address)"),
        None,
    );
    let mut at = front;
    for _ in 0..4 {
        if let Some(m) = at.as_spec::<TrafficManager>() {
            t.hop(format!("Traffic Manager {}", at.name()), Some(&at.id));
            t.push(step(
                StepKind::Note,
                "DNS only: the client resolves an endpoint and connects to it directly; no traffic passes Traffic Manager",
            ));
            let next = m
                .endpoints
                .iter()
                .filter_map(|e| net.design.get(e.as_str()))
                .find(|e| cluster.is_none_or(|c| leads_to(net, e, c)));
            at = next.ok_or((
                Verdict::NotApplicable,
                format!("{} has no endpoint in the design", at.name()),
            ))?;
            continue;
        }
        if let Some(f) = at.as_spec::<FrontDoor>() {
            t.hop(format!("Front Door {}", at.name()), Some(&at.id));
            t.push(step(
                StepKind::Note,
                match f.waf_mode {
                    Some(m) => format!("global edge with WAF in {m} mode; opens a new connection to the origin"),
                    None => "global edge without WAF; opens a new connection to the origin".to_owned(),
                },
            ));
            let origin = f
                .origins
                .iter()
                .filter_map(|o| net.design.get(o.as_str()))
                .find(|o| cluster.is_none_or(|c| leads_to(net, o, c)))
                .ok_or((
                    Verdict::NotApplicable,
                    format!("{} has no origin in the design", at.name()),
                ))?;
            if let Some(pls) = origin.as_spec::<PrivateLinkService>() {
                if !f.private_link {
                    return Err((
                        Verdict::Unreachable,
                        format!(
                            "origin {} is a Private Link Service, but {} does not use Private Link (Premium `private_link`)",
                            origin.name(),
                            at.name()
                        ),
                    ));
                }
                let s = net
                    .subnet_of(origin)
                    .ok_or((Verdict::Unreachable, format!("{} is in no subnet", origin.name())))?;
                let (nat_ip, _) = net
                    .address(origin.id.as_str())
                    .ok_or((Verdict::Unreachable, format!("{} has no address", s.res.name())))?;
                t.hop(
                    format!("Private Link Service {} in {}", origin.name(), s.res.name()),
                    Some(&origin.id),
                );
                t.push(step(
                    StepKind::Snat,
                    format!(
                        "over Private Link: source becomes the service's NAT address {nat_ip} (AKS-ILB, facts §C.2)"
                    ),
                ));
                let lb = pls
                    .load_balancer
                    .as_ref()
                    .and_then(|l| net.design.get(l.as_str()))
                    .ok_or((
                        Verdict::Unreachable,
                        format!("{} names no load balancer service", origin.name()),
                    ))?;
                return to_service(t, s, nat_ip, lb);
            }
            at = origin;
            continue;
        }
        if let Some(g) = at.as_spec::<AppGateway>() {
            let s = net
                .subnet_of(at)
                .ok_or((Verdict::Unreachable, format!("{} is in no subnet", at.name())))?;
            let inst = net
                .instance(at.id.as_str())
                .ok_or((Verdict::Unreachable, format!("{} has no address", s.res.name())))?;
            t.hop(
                format!(
                    "Application Gateway {} (public frontend) in {}",
                    at.name(),
                    subnet_label(&s)
                ),
                Some(&at.id),
            );
            let frontend = g.private_ip.and_then(|ip| match ip {
                std::net::IpAddr::V4(a) => Some(a),
                std::net::IpAddr::V6(_) => None,
            });
            let packet = t.packet(INTERNET_CLIENT, Addr::ip(frontend.unwrap_or(inst)));
            t.nsg(&s, Direction::Inbound, &packet, None)?;
            if let Some(m) = g.waf_mode {
                t.push(step(StepKind::Note, format!("WAF in {m} mode inspects the request")));
            }
            let backend = backends(net, at)
                .into_iter()
                .find(|b| cluster.is_none_or(|c| leads_to(net, b, c)))
                .ok_or((
                    Verdict::NotApplicable,
                    format!("{} has no backend in the design", at.name()),
                ))?;
            t.push(step(
                StepKind::Snat,
                format!("the gateway ends the client's connection and opens one to the backend from its instance address {inst} (the backend sees {inst}; address assumed)"),
            ));
            if backend.as_spec::<AksCluster>().is_some() {
                // AGIC: the gateway sends to pod addresses.
                let Endpoint::Pods { ip, subnet, .. } = pods(net, backend).map_err(|e| (Verdict::Unreachable, e))?
                else {
                    return Err((Verdict::Unreachable, "no pods".to_owned()));
                };
                let d = Destination::ip(ip);
                let (arr, _) = t.route(s, inst, &d, Addr::ip(ip), true, Some(at))?;
                if let Arrival::Subnet(x) = arr
                    && x.res.id.as_str() == subnet
                {
                    t.push(step(
                        StepKind::Deliver,
                        format!(
                            "to pods of {} at their VNet addresses (AGIC backend pool; AGIC-OV)",
                            backend.name()
                        ),
                    ));
                    return Ok(());
                }
                return Err((
                    Verdict::Unreachable,
                    format!("pods of {} are not reachable at {ip}", backend.name()),
                ));
            }
            return to_service(t, s, inst, backend);
        }
        if at.as_spec::<AppGatewayForContainers>().is_some() {
            let s = net
                .subnet_of(at)
                .ok_or((Verdict::Unreachable, format!("{} is in no subnet", at.name())))?;
            let (ip, _) = net
                .address(at.id.as_str())
                .ok_or((Verdict::Unreachable, format!("{} has no address", s.res.name())))?;
            t.hop(
                format!(
                    "App Gateway for Containers {} (public frontend) in {}",
                    at.name(),
                    subnet_label(&s)
                ),
                Some(&at.id),
            );
            t.push(step(
                StepKind::Snat,
                format!("the proxy opens a connection to the pods from its address {ip} in the association subnet (address assumed; AGC-BYO)"),
            ));
            let c = at
                .as_spec::<AppGatewayForContainers>()
                .and_then(|g| g.cluster.as_ref())
                .and_then(|c| net.design.get(c.as_str()))
                .ok_or((Verdict::NotApplicable, format!("{} names no cluster", at.name())))?;
            let Endpoint::Pods {
                subnet,
                node_ip,
                ip: pod_ip,
                ..
            } = pods(net, c).map_err(|e| (Verdict::Unreachable, e))?
            else {
                return Err((Verdict::Unreachable, "no pods".to_owned()));
            };
            let target = node_ip.unwrap_or(pod_ip);
            let (arr, _) = t.route(s, ip, &Destination::ip(target), Addr::ip(target), true, Some(at))?;
            if let Arrival::Subnet(x) = arr
                && x.res.id.as_str() == subnet
            {
                t.push(step(
                    StepKind::Deliver,
                    format!("to pods of {} ({pod_ip}) on their nodes", c.name()),
                ));
                return Ok(());
            }
            return Err((Verdict::Unreachable, format!("nodes of {} are not reachable", c.name())));
        }
        if let Some(svc) = at.as_spec::<K8sService>()
            && !svc.internal
        {
            let s = net
                .subnet_of(at)
                .ok_or((Verdict::Unreachable, format!("{} is in no subnet", at.name())))?;
            t.hop(
                format!("public load balancer frontend of service {}", at.name()),
                Some(&at.id),
            );
            return to_pods_behind(t, s, INTERNET_CLIENT, at);
        }
        return not_applicable(format!(
            "{} {} is not a public entry point netdraft can follow",
            kind_word(at),
            at.name()
        ));
    }
    Err((Verdict::BlackHoled, "entry points chain in a loop".to_owned()))
}

/// From a proxy's subnet to an internal load-balancer service, then to its pods.
pub(super) fn to_service<'d>(
    t: &mut Tracer<'_, 'd>,
    from: SubnetInfo<'d>,
    src: Ipv4Addr,
    svc: &'d Resource,
) -> Result<(), Stop> {
    let net = t.net;
    if svc.as_spec::<K8sService>().is_none() {
        return not_applicable(format!(
            "backend {} {} is not a Kubernetes service; netdraft follows ingress to services and pods",
            kind_word(svc),
            svc.name()
        ));
    }
    let (ip, _) = net
        .address(svc.id.as_str())
        .ok_or((Verdict::Unreachable, format!("service {} has no address", svc.name())))?;
    let (arr, src) = t.route(from, src, &Destination::ip(ip), Addr::ip(ip), true, None)?;
    let Arrival::Subnet(s) = arr else {
        return Err((Verdict::Unreachable, format!("service {} was not reached", svc.name())));
    };
    let node_subnet = svc.as_spec::<K8sService>().and_then(|k| {
        net.pools(k.cluster.as_str())
            .first()
            .and_then(|(p, _)| net.subnet_of(p))
    });
    if node_subnet.is_some_and(|n| n.res.id != s.res.id) {
        t.push(step(
            StepKind::Note,
            format!(
                "internal load balancer frontend {ip} of service {}; the NSG above is checked as drawn, though the frontend has no NIC of its own (UNCONFIRMED that Azure applies it; checking it can only make the verdict stricter)",
                svc.name()
            ),
        ));
    } else {
        t.push(step(
            StepKind::Note,
            format!("internal load balancer frontend {ip} of service {}", svc.name()),
        ));
    }
    to_pods_behind(t, s, src, svc)
}

/// A load balancer hands the packet to a node of the service's cluster.
pub(super) fn to_pods_behind<'d>(
    t: &mut Tracer<'_, 'd>,
    frontend_subnet: SubnetInfo<'d>,
    src: Ipv4Addr,
    svc: &'d Resource,
) -> Result<(), Stop> {
    let net = t.net;
    let spec = svc
        .as_spec::<K8sService>()
        .ok_or((Verdict::Unreachable, "not a service".to_owned()))?;
    let cluster = net
        .design
        .get(spec.cluster.as_str())
        .ok_or((Verdict::Unreachable, format!("service {} names no cluster", svc.name())))?;
    let Endpoint::Pods { subnet, ip: pod_ip, .. } = pods(net, cluster).map_err(|e| (Verdict::Unreachable, e))? else {
        return Err((Verdict::Unreachable, "no pods".to_owned()));
    };
    let frontend = net.address(svc.id.as_str()).map(|(a, _)| a);
    let node_subnet = net
        .pools(cluster.id.as_str())
        .first()
        .and_then(|(p, _)| net.subnet_of(p))
        .unwrap_or(frontend_subnet);
    let same = node_subnet.res.id == frontend_subnet.res.id && frontend.is_some();
    if !same {
        t.hop(subnet_label(&node_subnet), Some(&node_subnet.res.id));
    }
    t.push(step(
        StepKind::Note,
        format!(
            "the load balancer hands it to a node of {}: source {src} is kept, destination stays the frontend (floating IP)",
            cluster.name()
        ),
    ));
    let dst = Addr {
        ip: frontend.or(Some(pod_ip)),
        tag: None,
    };
    let packet = t.packet(src, dst);
    if !same {
        t.nsg(&node_subnet, Direction::Inbound, &packet, None)?;
    }
    t.push(step(
        StepKind::Deliver,
        format!(
            "kube-proxy or Cilium forwards it to a pod of {} ({pod_ip}){}",
            cluster.name(),
            if subnet == node_subnet.res.id.as_str() {
                String::new()
            } else {
                format!(" in {}", net.subnet(subnet).map_or(subnet, |s| s.res.name()))
            }
        ),
    ));
    Ok(())
}

/// Traces the internet through one entry point to a cluster's pods.
pub fn trace_ingress<'d>(net: &Net<'d>, front: &'d Resource, cluster: &'d Resource) -> Path {
    let mut t = Tracer::new(net, Proto::Tcp, 443);
    let result = ingress(&mut t, front, Some(cluster));
    t.finish(
        format!("internet (e.g. {INTERNET_CLIENT})"),
        format!(
            "pods of {} through {} {}",
            cluster.name(),
            kind_word(front),
            front.name()
        ),
        result,
    )
}
