//! The walk itself: from the source end through each subnet, appliance and
//! gateway to the destination end, one arm per kind of source (a subnet or
//! pod, an on-premises network, the internet), with the helpers that find a
//! PaaS service's private endpoint, the subnet a reply leaves from and the
//! API server's end. The rules each step applies, and their sources, are in
//! [`super::path`] and the modules it names.

use super::endpoint::{Endpoint, INTERNET_CLIENT, api_server, kind_word};
use super::index::{Net, SubnetInfo};
use super::nsg::{Addr, Proto};
use super::path::StepKind;
use super::path::{Arrival, Path, Stop, Tracer, Verdict, not_applicable, step};
use super::table::Destination;
use crate::model::Resource;
use std::net::Ipv4Addr;

/// Traces a packet between two ends.
pub fn trace<'d>(net: &Net<'d>, from: &Endpoint<'d>, to: &Endpoint<'d>, proto: Proto, port: u16) -> Path {
    let mut t = Tracer::new(net, proto, port);
    let from_label = from.label(net);
    let to_label = to.label(net);
    let result = run(&mut t, from, to);
    t.finish(from_label, to_label, result)
}

#[allow(clippy::too_many_lines)] // one arm per kind of source
fn run<'d>(t: &mut Tracer<'_, 'd>, from: &Endpoint<'d>, to: &Endpoint<'d>) -> Result<(), Stop> {
    let net = t.net;
    // The destination as a route lookup and as rules see it.
    let (dst, dst_addr) = match to {
        Endpoint::Internet => (Destination::ip(INTERNET_CLIENT), Addr::ip(INTERNET_CLIENT)),
        Endpoint::Paas { res, service } => {
            if let Some((pe, note)) = paas_via_endpoint(net, from, res) {
                t.notes.push(note);
                return run(t, from, &pe);
            }
            (
                Destination {
                    ip: None,
                    service: Some(service.clone()),
                },
                Addr {
                    ip: None,
                    tag: res
                        .as_spec::<crate::model::PaasService>()
                        .and_then(|p| super::endpoint::paas_tag(p.service)),
                },
            )
        }
        Endpoint::Front { res } => {
            return match from {
                Endpoint::Internet | Endpoint::PublicIp(_) => super::ingress::ingress(t, res, None),
                _ => not_applicable(format!(
                    "{} {} is a public entry point; trace it from `internet`",
                    kind_word(res),
                    res.name()
                )),
            };
        }
        Endpoint::Pods { cluster, ip, .. } => {
            if let Some(p) = net.pod_cidr(cluster.id.as_str())
                && p.contains(ip)
            {
                if let Endpoint::Internet | Endpoint::PublicIp(_) = from {
                    return super::ingress::ingress_to_cluster(t, cluster);
                }
                return Err((
                    Verdict::Unreachable,
                    format!(
                        "pods of {} take addresses from {p}, outside the VNet; nothing outside the cluster can route to them (AKS-OVL, facts §A.5); reach them through a Kubernetes service",
                        cluster.name()
                    ),
                ));
            }
            (Destination::ip(*ip), Addr::ip(*ip))
        }
        other => {
            let Some(ip) = other.address() else {
                return not_applicable("the destination has no address".to_owned());
            };
            (Destination::ip(ip), Addr::ip(ip))
        }
    };
    let reply_to;
    let outcome = match from {
        Endpoint::Pods {
            cluster,
            subnet,
            ip,
            node_ip,
        } => {
            let s = net
                .subnet(subnet)
                .ok_or((Verdict::Unreachable, "no subnet".to_owned()))?;
            t.hop(format!("pods of {} ({ip})", cluster.name()), Some(&cluster.id));
            let mut src = *ip;
            if let Some(node) = node_ip {
                let inside = net
                    .pod_cidr(cluster.id.as_str())
                    .is_some_and(|p| dst.ip.is_some_and(|d| p.contains(&d)));
                if !inside {
                    t.push(step(
                        StepKind::Snat,
                        format!(
                            "the pod's source {ip} is NATed to its node's address {node} as it leaves the node (pods outside the VNet; AKS-OVL, AKS-KUBENET, facts §A.5)"
                        ),
                    ));
                    src = *node;
                }
            } else {
                t.push(step(
                    StepKind::Note,
                    format!("pods take VNet addresses: the source stays {ip} inside Azure (AKS-LEGACY, facts §A.5)"),
                ));
            }
            reply_to = src;
            t.route(s, src, &dst, dst_addr, true, Some(cluster))
        }
        Endpoint::InSubnet {
            subnet, ip, resource, ..
        } => {
            let s = net
                .subnet(subnet)
                .ok_or((Verdict::Unreachable, "no subnet".to_owned()))?;
            reply_to = *ip;
            t.route(s, *ip, &dst, dst_addr, true, *resource)
        }
        Endpoint::ApiServer { subnet, ip, .. } => {
            let s = net
                .subnet(subnet)
                .ok_or((Verdict::Unreachable, "no subnet".to_owned()))?;
            reply_to = *ip;
            t.route(s, *ip, &dst, dst_addr, true, None)
        }
        Endpoint::OnPrem { res, ip } => {
            reply_to = *ip;
            from_on_prem(t, res, *ip, &dst, dst_addr)
        }
        Endpoint::Internet | Endpoint::PublicIp(_) => {
            return Err((
                Verdict::Unreachable,
                format!(
                    "the internet reaches only public entry points; {} has none (trace to an App Gateway, Front Door or public service instead)",
                    to.label(net)
                ),
            ));
        }
        Endpoint::Paas { res, .. } | Endpoint::Front { res } => {
            return not_applicable(format!(
                "netdraft traces paths that start in a subnet, a cluster, on premises or on the internet, not at {} {}",
                kind_word(res),
                res.name()
            ));
        }
    };
    let (arrival, _src) = match outcome {
        Ok(a) => a,
        Err(stop) => {
            if stop.0 == Verdict::Denied && !t.stateful.is_empty() {
                let reply_from = reply_subnet(net, to);
                if let Some(note) = t.check_return(reply_from, reply_to) {
                    t.notes.push(format!("even with a rule allowing it, {note}"));
                }
            }
            return Err(stop);
        }
    };
    if let Arrival::OnPrem = arrival
        && !t.stateful.is_empty()
        && let Some(note) = t.check_return(reply_subnet(net, to), reply_to)
    {
        return Err((Verdict::Asymmetric, note));
    }
    // The last stretch: into the resource or the pods.
    if let Arrival::Subnet(s) = arrival {
        if let Endpoint::InSubnet {
            resource: Some(r),
            assumed: true,
            ip,
            ..
        } = to
        {
            t.push(step(
                StepKind::Deliver,
                format!(
                    "to {} {} at {ip} (address assumed: the first free one in the subnet)",
                    kind_word(r),
                    r.name()
                ),
            ));
        } else {
            t.push(step(StepKind::Deliver, format!("to {}", to.label(net))));
        }
        if !t.stateful.is_empty()
            && let Some(note) = t.check_return(Some(s), reply_to)
        {
            return Err((Verdict::Asymmetric, note));
        }
    }
    Ok(())
}

/// A private endpoint of a PaaS service the source resolves the service's
/// name to: one in the source's VNet or a VNet peered with it, whose private
/// DNS zone is linked to the source's VNet (or which names no zone). Without
/// one the name resolves to the public endpoint.
fn paas_via_endpoint<'d>(net: &Net<'d>, from: &Endpoint<'d>, paas: &'d Resource) -> Option<(Endpoint<'d>, String)> {
    let subnet = match from {
        Endpoint::Pods { subnet, .. } | Endpoint::InSubnet { subnet, .. } | Endpoint::ApiServer { subnet, .. } => {
            net.subnet(subnet)?
        }
        _ => return None,
    };
    let vnet = subnet.vnet.id.as_str();
    for (pe, spec) in net.design.all::<crate::model::PrivateEndpoint>() {
        if spec.target != paas.id {
            continue;
        }
        let Some(pe_subnet) = net.subnet_of(pe) else { continue };
        let pe_vnet = pe_subnet.vnet.id.as_str();
        if pe_vnet != vnet && net.peering_between(vnet, pe_vnet).is_none() {
            continue;
        }
        let zone = spec.dns_zone.as_ref().and_then(|z| {
            net.design
                .get(z.as_str())
                .map(|r| (r, r.as_spec::<crate::model::PrivateDnsZone>()))
        });
        let note = match zone {
            Some((z, Some(zs))) if zs.links.iter().any(|l| l.as_str() == vnet) => format!(
                "{} resolves to private endpoint {} through private DNS zone {} linked to {}",
                paas.name(),
                pe.name(),
                z.name(),
                subnet.vnet.name()
            ),
            Some(_) => continue,
            None => format!(
                "{} is assumed to resolve to private endpoint {} (the endpoint names no private DNS zone)",
                paas.name(),
                pe.name()
            ),
        };
        let end = super::endpoint::resolve(net, pe.id.as_str()).ok()?;
        return Some((end, note));
    }
    None
}

/// Where the reply to a packet for `to` starts being routed: the subnet of
/// the destination, or for an on-premises network the GatewaySubnet it comes
/// back in through.
fn reply_subnet<'d>(net: &Net<'d>, to: &Endpoint<'d>) -> Option<SubnetInfo<'d>> {
    match to {
        Endpoint::InSubnet { subnet, .. } | Endpoint::ApiServer { subnet, .. } | Endpoint::Pods { subnet, .. } => {
            net.subnet(subnet)
        }
        Endpoint::OnPrem { res, .. } => res
            .as_spec::<crate::model::OnPremises>()
            .and_then(|o| o.gateway.as_ref())
            .and_then(|g| net.design.get(g.as_str()))
            .and_then(|g| net.subnet_of(g)),
        _ => None,
    }
}

/// Enters Azure from an on-premises network through the gateway that
/// connects it, into its GatewaySubnet.
fn from_on_prem<'d>(
    t: &mut Tracer<'_, 'd>,
    site: &'d Resource,
    ip: Ipv4Addr,
    dst: &Destination,
    dst_addr: Addr,
) -> Result<(Arrival<'d>, Ipv4Addr), Stop> {
    let net = t.net;
    t.hop(format!("on-premises {} ({ip})", site.name()), Some(&site.id));
    let Some(gw) = site
        .as_spec::<crate::model::OnPremises>()
        .and_then(|o| o.gateway.as_ref())
        .and_then(|g| net.design.get(g.as_str()))
    else {
        return Err((
            Verdict::Unreachable,
            format!("{} names no VPN or ExpressRoute gateway", site.name()),
        ));
    };
    // A gateway in a Virtual WAN hub: the hub's router takes the packet on,
    // through its firewall where routing intent covers it, to the connected
    // VNet that holds the destination (`hub_walk.rs`): the branches connected
    // to a hub learn its connected VNets through the hub's router (Microsoft
    // Learn, "About virtual hub routing").
    if let Some(hub) = gw.parent().and_then(|h| net.design.get(h.as_str()))
        && let Some(spec) = hub.as_spec::<crate::model::VirtualHub>()
    {
        t.push(step(StepKind::Note, format!("over the {} connection", kind_word(gw))));
        t.hop(
            format!("{} {} in virtual hub {}", kind_word(gw), gw.name(), hub.name()),
            Some(&gw.id),
        );
        return t.through_hub(hub, spec, ip, dst, dst_addr);
    }
    let Some(gw_subnet) = net.subnet_of(gw) else {
        return Err((Verdict::Unreachable, format!("gateway {} is in no subnet", gw.name())));
    };
    let gw_vnet = gw_subnet.vnet.id.as_str();
    if let Some(d) = dst.ip {
        let Some(target) = net.vnet_at(d) else {
            return Err((
                Verdict::Unreachable,
                format!("{d} is in no VNet; netdraft traces on-premises traffic into Azure only"),
            ));
        };
        let advertised = target.id.as_str() == gw_vnet
            || net
                .peering_between(target.id.as_str(), gw_vnet)
                .is_some_and(|l| l.uses_remote_gateway);
        if !advertised {
            let text = format!(
                "{} does not advertise {}'s address space: it is not the gateway's VNet and does not use the gateway over a peering with gateway transit (facts §B.2)",
                gw.name(),
                target.name()
            );
            t.push(step(StepKind::Drop, text.clone()));
            return Err((Verdict::Unreachable, text));
        }
    }
    t.push(step(StepKind::Note, format!("over the {} connection", kind_word(gw))));
    t.hop(format!("{} {}", kind_word(gw), gw.name()), Some(&gw.id));
    t.push(step(
        StepKind::Note,
        format!(
            "enters Azure in {} and is routed by its effective routes",
            gw_subnet.res.name()
        ),
    ));
    t.route(gw_subnet, ip, dst, dst_addr, false, None)
}

/// A private cluster's API server as an end.
pub(crate) fn api_server_end<'d>(net: &Net<'d>, cluster: &'d Resource) -> Option<Endpoint<'d>> {
    api_server(net, cluster)
}
