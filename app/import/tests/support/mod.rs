//! A local ARM server for tests and the benchmark: a small HTTP/1.1 server on
//! 127.0.0.1:0 in a thread, serving fixture JSON by path, with faults that
//! can be switched on (throttling, server errors, 403, malformed JSON, a slow
//! response). It records every request so tests can check methods and headers.
//! It also answers Azure Resource Graph queries (POST to
//! `/providers/Microsoft.ResourceGraph/resources`) with the rows set by
//! [`Server::graph`], paged by an opaque `$skipToken`, like Resource Graph:
//! a query that does not project `id` gets one truncated page and no token.
//! The fixture estates it serves are in `fixture` (the hub-and-spoke
//! subscription) and `edge` (its public edge, the generic resources list,
//! large and Resource Graph estates).
#![allow(
    dead_code,
    unused_imports,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::missing_panics_doc,
    clippy::needless_pass_by_value
)]

mod edge;
mod fixture;
mod server;

pub use edge::{graph_rows, many, resource_inventory};
pub use fixture::{hub_spoke, list_path};
pub use server::{Fault, GRAPH, Seen, Server};

pub const SUB: &str = "0b1f6471-1bf0-4dda-aec3-111111111111";
pub const OTHER_SUB: &str = "9c2e0a55-77aa-4b1e-9d1e-222222222222";
/// The node resource group AKS made for `aks-prod`.
pub const NODE_RG: &str = "MC_rg-spoke1_aks-prod_westeurope";
/// The static IP of the internal LoadBalancer service in `aks-prod`.
pub const ILB_IP: &str = "10.1.3.200";
/// The Front Door profile, its WAF policy and the App Gateway's public IP FQDN.
pub const AFD: &str = "/subscriptions/0b1f6471-1bf0-4dda-aec3-111111111111/resourceGroups/rg-hub/providers/Microsoft.Cdn/profiles/afd-prod";
pub const AFD_WAF: &str = "/subscriptions/0b1f6471-1bf0-4dda-aec3-111111111111/resourceGroups/rg-hub/providers/Microsoft.Network/FrontDoorWebApplicationFirewallPolicies/wafprod";
pub const APPGW_FQDN: &str = "appgw-prod.westeurope.cloudapp.azure.com";
