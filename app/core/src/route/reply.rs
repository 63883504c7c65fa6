//! The way back: which firewalls a reply passes when it is routed from the
//! subnet that answers to the address it answers, and which firewalls a
//! traced path passed on its way there. The lint rules on traffic flows
//! (`lint::flows`) compare the two: Azure Firewall is stateful and drops a
//! reply to a request it never saw (Microsoft Learn, "Integrate Azure
//! Firewall with Azure Standard Load Balancer",
//! learn.microsoft.com/azure/firewall/integrate-lb; AKS-FW: "avoid
//! asymmetric routing").

use std::net::Ipv4Addr;

use super::index::Net;
use super::nsg::Proto;
use super::path::{Path, Tracer};
use crate::id::Id;
use crate::model::Firewall;

/// How a reply leaves a subnet for an address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// The firewalls it is routed through, in order.
    pub firewalls: Vec<Id>,
    /// The first route it takes, in words (`route 0.0.0.0/0 → VirtualAppliance
    /// 10.0.0.4 (route default of rt-spoke) in snet-nodes`).
    pub route: String,
}

/// The way a reply from `subnet` to `to` takes: the route Azure chooses in
/// the subnet, then through each firewall it is sent to, as the trace's own
/// return check follows it. `None` when the subnet is not one of the design's.
pub fn reply_route(net: &Net<'_>, subnet: &str, to: Ipv4Addr) -> Option<Reply> {
    let from = net.subnet(subnet)?;
    let (firewalls, route) = Tracer::new(net, Proto::Tcp, 443).reply_firewalls(from, to);
    Some(Reply { firewalls, route })
}

/// The firewalls a traced path passes, in the order it meets them.
pub fn firewalls_on(net: &Net<'_>, path: &Path) -> Vec<Id> {
    let mut out: Vec<Id> = Vec::new();
    for hop in &path.hops {
        if let Some(id) = &hop.resource
            && net.design.spec::<Firewall>(id.as_str()).is_some()
            && !out.contains(id)
        {
            out.push(id.clone());
        }
    }
    out
}
