//! # The route engine
//!
//! How a packet really travels through a design, hop by hop, as Azure would
//! move it. A pure function of the design and its plan (addresses come from
//! the plan, so `auto` subnets have the block the planner gave them); no I/O,
//! no clocks.
//!
//! - `index`: the facts gathered once per call ([`Net`]): subnets with their
//!   planned prefixes, VNets, peerings, gateways, and an address book.
//! - [`table`]: a subnet's effective routes (system, peering, private
//!   endpoint, service endpoint, gateway and user-defined routes) with
//!   Azure's selection: longest prefix match, then user-defined > BGP >
//!   system, and the documented exceptions.
//! - `nsg`, `firewall`: NSG rules (with Azure's default rules and service
//!   tags) and Azure Firewall policy rules with their SNAT behaviour.
//! - [`path`]: [`trace`] follows a packet from one end to the other, with
//!   every route, rule and address translation, and a [`Verdict`].
//! - [`flows`]: the standard flows of each cluster ([`standard_flows`]).
//! - `reply`: the way a reply takes back, for the lint rules that compare
//!   it with the request's.
//! - `render`: the text form `netdraft path` and `netdraft paths` print and
//!   the golden tests compare.
//!
//! Every rule cites its source: the facts sheet (`facts §B.3`) or the
//! Microsoft Learn page, named in the module that applies it.

mod endpoint;
mod firewall;
pub mod flows;
mod hub;
mod hub_walk;
mod index;
mod ingress;
mod nsg;
pub mod path;
mod pick;
mod render;
mod reply;
pub mod table;
mod walk;

pub use endpoint::{Endpoint, INTERNET_CLIENT, resolve};
pub(crate) use endpoint::{api_server, is_public_front};
pub use flows::{ClusterFlows, Flow, standard_flows};
pub use index::Net;
pub(crate) use ingress::public_fronts;
pub use ingress::trace_ingress;
pub use nsg::Proto;
pub use path::{Hop, Path, Step, StepKind, Verdict};
pub use pick::{find_flow, flow_ids, pick};
pub use render::{render_flows, render_path};
pub use reply::{Reply, firewalls_on, reply_route};
pub use table::{Choice, Destination, EffectiveRoute, NextHopType, RoutePrefix, RouteSource, ServiceRef};
pub use walk::trace;

/// A subnet's effective routes, marked active or invalid, in the order
/// system, peering, endpoint, gateway, user-defined.
pub fn effective_routes(net: &Net<'_>, subnet: &str) -> Vec<EffectiveRoute> {
    table::effective_routes(net, subnet)
}

#[cfg(test)]
mod hub_tests;
#[cfg(test)]
mod tests;
