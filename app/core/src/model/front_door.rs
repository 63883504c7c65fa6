//! A Front Door's endpoints, origin groups and routes as Azure has them.
//!
//! A new design's Front Door has none of these: its export makes one endpoint,
//! one origin group over all its origins and one route `/*` (the starter
//! shape). An imported Front Door holds the estate's own layout, possibly
//! empty, and its export writes exactly that, never the starter shape.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::id::Id;

fn one() -> u32 {
    1
}
#[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference
fn is_one(n: &u32) -> bool {
    *n == 1
}
fn thousand() -> u32 {
    1000
}
#[allow(clippy::trivially_copy_pass_by_ref)]
fn is_thousand(n: &u32) -> bool {
    *n == 1000
}
fn yes() -> bool {
    true
}
#[allow(clippy::trivially_copy_pass_by_ref)]
fn is_true(b: &bool) -> bool {
    *b
}
fn both() -> Vec<String> {
    vec!["Http".to_owned(), "Https".to_owned()]
}
fn is_both(v: &Vec<String>) -> bool {
    *v == both()
}
fn everything() -> Vec<String> {
    vec!["/*".to_owned()]
}
fn is_everything(v: &Vec<String>) -> bool {
    *v == everything()
}
fn https_only() -> String {
    "HttpsOnly".to_owned()
}
fn is_https_only(s: &String) -> bool {
    s == "HttpsOnly"
}

/// The endpoints, origin groups and routes of a Front Door profile.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FrontDoorLayout {
    /// Endpoint names.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub endpoints: Vec<String>,
    /// Origin groups with their origins.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub origin_groups: Vec<FrontDoorOriginGroup>,
    /// Routes from an endpoint to an origin group.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub routes: Vec<FrontDoorRoute>,
}

/// An origin group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FrontDoorOriginGroup {
    /// Origin group name.
    pub name: String,
    /// Its origins.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub origins: Vec<FrontDoorOrigin>,
}

/// An origin: one of the Front Door's `origins`, with its Azure name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FrontDoorOrigin {
    /// Origin name.
    pub name: String,
    /// The design resource it reaches (listed in the Front Door's `origins`).
    pub target: Id,
    /// Priority, 1–5; absent: 1.
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub priority: u32,
    /// Weight, 1–1000; absent: 1000.
    #[serde(default = "thousand", skip_serializing_if = "is_thousand")]
    pub weight: u32,
}

/// A route.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FrontDoorRoute {
    /// Route name.
    pub name: String,
    /// The endpoint it belongs to (a name in `endpoints`).
    pub endpoint: String,
    /// The origin group it forwards to (a name in `origin_groups`).
    pub origin_group: String,
    /// Path patterns; absent: `/*`.
    #[serde(default = "everything", skip_serializing_if = "is_everything")]
    pub patterns: Vec<String>,
    /// Accepted protocols; absent: `Http` and `Https`.
    #[serde(default = "both", skip_serializing_if = "is_both")]
    pub protocols: Vec<String>,
    /// `HttpsOnly`, `HttpOnly` or `MatchRequest`; absent: `HttpsOnly`.
    #[serde(default = "https_only", skip_serializing_if = "is_https_only")]
    pub forwarding_protocol: String,
    /// Redirect HTTP to HTTPS; absent: on.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub https_redirect: bool,
    /// Serve the endpoint's default domain; absent: on.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub link_to_default_domain: bool,
}

impl FrontDoorLayout {
    /// A new design's Front Door named `profile`: one endpoint (`{profile}-ep`),
    /// one origin group (`{profile}-origins`) over every origin, each named
    /// after its target, and one route (`{profile}-route`) for `/*`.
    /// `origins` are the targets' ids and Azure names.
    pub fn starter(profile: &str, origins: &[(Id, String)]) -> FrontDoorLayout {
        let base = crate::text::dns1123(profile);
        let endpoint = format!("{base}-ep");
        let group = format!("{base}-origins");
        FrontDoorLayout {
            endpoints: vec![endpoint.clone()],
            origin_groups: vec![FrontDoorOriginGroup {
                name: group.clone(),
                origins: origins
                    .iter()
                    .map(|(target, name)| FrontDoorOrigin {
                        name: crate::text::dns1123(name),
                        target: target.clone(),
                        priority: 1,
                        weight: 1000,
                    })
                    .collect(),
            }],
            routes: vec![FrontDoorRoute {
                name: format!("{base}-route"),
                endpoint,
                origin_group: group,
                patterns: everything(),
                protocols: both(),
                forwarding_protocol: https_only(),
                https_redirect: true,
                link_to_default_domain: true,
            }],
        }
    }
}
