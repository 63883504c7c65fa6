//! The traffic flows the design record lists: each cluster's standard flows
//! as the route engine traces them (`netdraft_core::route`), with the ids
//! `netdraft paths`, the designer and `netdraft export --flow` share.
//!
//! The flows of every cluster are traced over one [`Net`] (the design's
//! facts gathered once), so the record's cost grows with the clusters, not
//! with the clusters times the resources.

use netdraft_core::Design;
use netdraft_core::plan::Plan;
use netdraft_core::route::{self, Net};
use serde::Serialize;

/// One cluster's standard flows.
#[derive(Debug, Clone, Serialize)]
pub struct ClusterFlowsM {
    pub cluster: String,
    pub name: String,
    pub network_model: String,
    pub outbound_type: String,
    pub flows: Vec<FlowM>,
}

/// One standard flow, traced.
#[derive(Debug, Clone, Serialize)]
pub struct FlowM {
    /// `cluster/pod-internet`, as `netdraft export --flow` takes it.
    pub id: String,
    /// `pod → internet`.
    pub flow: String,
    pub from: String,
    pub to: String,
    pub protocol: &'static str,
    pub port: u16,
    /// `delivered`, `denied`, … (`not applicable` for a flow the design does not have).
    pub verdict: &'static str,
    pub reason: String,
    pub hops: Vec<HopM>,
    pub notes: Vec<String>,
}

/// One hop of a flow.
#[derive(Debug, Clone, Serialize)]
pub struct HopM {
    pub at: String,
    /// The design resource's id, when the hop is one.
    pub resource: Option<String>,
    pub snat: bool,
    pub dnat: bool,
    /// The packet stops here.
    pub stop: bool,
    /// What happens there: `kind` (route, nsg, firewall, snat, dnat, deliver, drop, note) and `text`.
    pub steps: Vec<StepM>,
}

/// One thing that happens at a hop.
#[derive(Debug, Clone, Serialize)]
pub struct StepM {
    pub kind: route::StepKind,
    pub text: String,
}

/// Every cluster's standard flows, ordered by cluster id.
pub fn build(design: &Design, plan: &Plan) -> Vec<ClusterFlowsM> {
    let net = Net::build(design, plan);
    route::standard_flows(&net)
        .iter()
        .map(|c| ClusterFlowsM {
            cluster: c.cluster.to_string(),
            name: c.name.clone(),
            network_model: c.network_model.clone(),
            outbound_type: c.outbound_type.clone(),
            flows: route::flow_ids(c)
                .into_iter()
                .zip(&c.flows)
                .map(|(id, f)| flow(id, &f.flow, &f.path))
                .collect(),
        })
        .collect()
}

/// A traced path in the record's terms.
pub fn flow(id: String, name: &str, p: &route::Path) -> FlowM {
    let stop = p.stop_hop();
    FlowM {
        id,
        flow: name.to_owned(),
        from: p.from.clone(),
        to: p.to.clone(),
        protocol: p.protocol.as_str(),
        port: p.port,
        verdict: p.verdict.as_str(),
        reason: p.reason.clone(),
        hops: p
            .hops
            .iter()
            .enumerate()
            .map(|(i, h)| HopM {
                at: h.at.clone(),
                resource: h.resource.as_ref().map(ToString::to_string),
                snat: h.snat(),
                dnat: h.dnat(),
                stop: stop == Some(i),
                steps: h
                    .steps
                    .iter()
                    .map(|s| StepM {
                        kind: s.kind,
                        text: s.text.clone(),
                    })
                    .collect(),
            })
            .collect(),
        notes: p.notes.clone(),
    }
}
