//! The standard flows of each cluster, each traced with a verdict:
//!
//! - pod → internet (egress: firewall, NAT gateway, load balancer outbound);
//! - pod → on-premises, for each on-premises network of the design;
//! - pod → private endpoint, for each endpoint in the cluster's VNet or a
//!   VNet peered with it;
//! - internet → ingress → pods, for each public entry point leading to it;
//! - on-premises → API server, for private clusters.
//!
//! A flow that does not apply (no on-premises network, no public entry point,
//! a public API server) is listed with the verdict "not applicable" and why,
//! so every cluster shows the same five questions answered.

use serde::Serialize;

use super::endpoint::{Endpoint, pods};
use super::index::Net;
use super::ingress::{public_fronts, trace_ingress};
use super::nsg::Proto;
use super::path::{Path, Verdict};
use super::walk::{api_server_end, trace};
use crate::id::Id;
use crate::model::{AksCluster, OnPremises, PrivateEndpoint};

/// The standard flows of one cluster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClusterFlows {
    pub cluster: Id,
    pub name: String,
    pub network_model: String,
    pub outbound_type: String,
    pub flows: Vec<Flow>,
}

/// One standard flow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Flow {
    /// `pod → internet`, `pod → on-premises`, `pod → private endpoint`,
    /// `internet → ingress → pods`, `on-premises → API server`.
    pub flow: String,
    pub path: Path,
}

fn not_applicable(from: &str, to: &str, reason: String) -> Path {
    Path {
        from: from.to_owned(),
        to: to.to_owned(),
        protocol: Proto::Tcp,
        port: 443,
        hops: Vec::new(),
        verdict: Verdict::NotApplicable,
        reason,
        notes: Vec::new(),
    }
}

/// Traces the standard flows of every cluster, ordered by cluster id.
#[allow(clippy::too_many_lines)] // the five flows in order, each a few lines; split, the order would be lost
pub fn standard_flows(net: &Net<'_>) -> Vec<ClusterFlows> {
    net.design
        .all::<AksCluster>()
        .map(|(r, c)| {
            let mut flows = Vec::new();
            let mut add = |flow: &str, path: Path| {
                flows.push(Flow {
                    flow: flow.to_owned(),
                    path,
                });
            };
            let source = pods(net, r);
            let pod_label = format!("pods of {}", r.name());
            // pod → internet
            match &source {
                Ok(p) => add("pod → internet", trace(net, p, &Endpoint::Internet, Proto::Tcp, 443)),
                Err(e) => add("pod → internet", not_applicable(&pod_label, "internet", e.clone())),
            }
            // pod → on-premises
            let sites: Vec<_> = net.design.all::<OnPremises>().collect();
            if sites.is_empty() {
                add(
                    "pod → on-premises",
                    not_applicable(&pod_label, "on-premises", "the design has no on-premises network".to_owned()),
                );
            }
            for (site, _) in &sites {
                let to = super::endpoint::resolve(net, site.id.as_str());
                match (&source, to) {
                    (Ok(p), Ok(to)) => add("pod → on-premises", trace(net, p, &to, Proto::Tcp, 443)),
                    (Err(e), _) => add("pod → on-premises", not_applicable(&pod_label, site.name(), e.clone())),
                    (_, Err(e)) => add("pod → on-premises", not_applicable(&pod_label, site.name(), e)),
                }
            }
            // pod → private endpoint
            let vnet = source.as_ref().ok().and_then(|p| match p {
                Endpoint::Pods { subnet, .. } => net.subnet(subnet).map(|s| s.vnet.id.as_str()),
                _ => None,
            });
            let endpoints: Vec<_> = net
                .design
                .all::<PrivateEndpoint>()
                .filter(|(pe, _)| {
                    let Some(v) = vnet else { return false };
                    net.subnet_of(pe).is_some_and(|s| {
                        s.vnet.id.as_str() == v || net.peering_between(v, s.vnet.id.as_str()).is_some()
                    })
                })
                .collect();
            if endpoints.is_empty() {
                add(
                    "pod → private endpoint",
                    not_applicable(
                        &pod_label,
                        "private endpoint",
                        "no private endpoint sits in the cluster's VNet or a VNet peered with it".to_owned(),
                    ),
                );
            }
            for (pe, _) in endpoints {
                let to = super::endpoint::resolve(net, pe.id.as_str());
                match (&source, to) {
                    (Ok(p), Ok(to)) => add("pod → private endpoint", trace(net, p, &to, Proto::Tcp, 443)),
                    (Err(e), _) => add("pod → private endpoint", not_applicable(&pod_label, pe.name(), e.clone())),
                    (_, Err(e)) => add("pod → private endpoint", not_applicable(&pod_label, pe.name(), e)),
                }
            }
            // internet → ingress → pods
            let fronts = public_fronts(net, r);
            if fronts.is_empty() {
                add(
                    "internet → ingress → pods",
                    not_applicable(
                        "internet",
                        &pod_label,
                        "no public entry point (App Gateway, App Gateway for Containers, Front Door, public service) leads to this cluster".to_owned(),
                    ),
                );
            }
            for f in fronts {
                add("internet → ingress → pods", trace_ingress(net, f, r));
            }
            // on-premises → API server
            let api_label = format!("API server of {}", r.name());
            if !c.private_cluster {
                add(
                    "on-premises → API server",
                    not_applicable(
                        "on-premises",
                        &api_label,
                        "the API server is public (not a private cluster); it is reached over the internet, limited by authorized IP ranges".to_owned(),
                    ),
                );
            } else if sites.is_empty() {
                add(
                    "on-premises → API server",
                    not_applicable("on-premises", &api_label, "the design has no on-premises network".to_owned()),
                );
            } else {
                for (site, _) in &sites {
                    let from = super::endpoint::resolve(net, site.id.as_str());
                    match (from, api_server_end(net, r)) {
                        (Ok(from), Some(to)) => {
                            add("on-premises → API server", trace(net, &from, &to, Proto::Tcp, 443));
                        }
                        (Err(e), _) => add("on-premises → API server", not_applicable(site.name(), &api_label, e)),
                        (_, None) => add(
                            "on-premises → API server",
                            not_applicable(
                                site.name(),
                                &api_label,
                                "the cluster has no node pool in a placed subnet to hold its API server's private address".to_owned(),
                            ),
                        ),
                    }
                }
            }
            ClusterFlows {
                cluster: r.id.clone(),
                name: r.name().to_owned(),
                network_model: c.network_model.to_string(),
                outbound_type: c.outbound_type.to_string(),
                flows,
            }
        })
        .collect()
}
