//! The read-only Azure Resource Manager client.
//!
//! Endpoints and api-versions follow the facts sheet §G.2; paging follows
//! `nextLink` (only to the ARM endpoint's own origin, so a token never leaves
//! it); throttling (429) waits for `Retry-After` (§G.3); 5xx, timeouts and
//! connection errors are retried with exponential backoff and jitter, a
//! bounded number of times. Calls run on at most `concurrency` threads.
//!
//! Resource Graph (§G.4) is used for one thing, and only when asked
//! ([`AzureOptions::resource_graph`]): the types with no subscription-scope
//! list (VNet gateways, RG scope only per §G.2; App Gateway for Containers,
//! whose subscription list is UNCONFIRMED there), read in one query over all
//! subscriptions instead of two list calls per resource group. Everything
//! else stays on the REST lists, which show ARM as it is now, where Resource
//! Graph is an index that may lag and has its own per-user quota.

use std::collections::VecDeque;
use std::fmt;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use url::Url;

use crate::ImportError;
use crate::auth::{TokenSource, check_arm_root, check_endpoint};
use crate::raw::{Inventory, RawResource, field, get_ci, segment_after, type_from_id};
use crate::report::Report;

/// HTTP methods. `Get` is sent, and `Post` to the Resource Graph query path
/// only (a read); the others exist so that [`ReadOnly`] can be shown to refuse them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

/// One request. `Debug` does not show header values (one is the token).
pub struct Request<'a> {
    pub method: Method,
    pub url: &'a Url,
    pub headers: Vec<(&'static str, String)>,
    /// A JSON body (the Resource Graph query); `None` for GET.
    pub body: Option<&'a [u8]>,
    pub timeout: Duration,
}

impl fmt::Debug for Request<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.headers.iter().map(|(k, _)| *k).collect();
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("url", &self.url.as_str())
            .field("headers", &names)
            .field("body_bytes", &self.body.map(<[u8]>::len))
            .field("timeout", &self.timeout)
            .finish()
    }
}

/// A response: status, headers (names lower-cased) and body.
#[derive(Debug, Clone, Default)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A request that got no response.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransportError {
    #[error("timed out")]
    Timeout,
    #[error("connection failed: {0}")]
    Connect(String),
    #[error("{0}")]
    Other(String),
    #[error("refused by netdraft: {0}")]
    Refused(String),
}

/// Sends HTTP requests. The real one is [`crate::http::HttpTransport`]; tests may use their own.
pub trait Transport: Send + Sync {
    fn send(&self, request: &Request<'_>) -> Result<Response, TransportError>;
}

/// The Resource Graph query path (§G.4), the only one POST may go to.
pub const RESOURCE_GRAPH_PATH: &str = "/providers/Microsoft.ResourceGraph/resources";

/// The only way requests leave the client: refuses every method but GET,
/// except POST to exactly the Resource Graph query path (a query is a read,
/// §G.4), so an import can never change anything in Azure.
#[derive(Debug)]
pub struct ReadOnly<T>(pub T);

impl<T: Transport> Transport for ReadOnly<T> {
    fn send(&self, request: &Request<'_>) -> Result<Response, TransportError> {
        let allowed = match request.method {
            Method::Get => true,
            Method::Post => request.url.path().eq_ignore_ascii_case(RESOURCE_GRAPH_PATH),
            Method::Put | Method::Patch | Method::Delete => false,
        };
        if !allowed {
            return Err(TransportError::Refused(format!(
                "{} {}: import only reads (GET, and POST to {RESOURCE_GRAPH_PATH} only)",
                request.method.as_str(),
                request.url.path()
            )));
        }
        self.0.send(request)
    }
}

impl<T: Transport + ?Sized> Transport for &T {
    fn send(&self, request: &Request<'_>) -> Result<Response, TransportError> {
        (**self).send(request)
    }
}

/// Retry bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts per call, the first included.
    pub attempts: u32,
    /// First backoff; doubled per retry, with jitter (50–100 % of the step).
    pub base_delay: Duration,
    pub max_delay: Duration,
    /// The longest `Retry-After` honoured; longer waits fail the call.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            attempts: 5,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(20),
            max_retry_after: Duration::from_secs(120),
        }
    }
}

/// What to import and how.
#[derive(Debug, Clone)]
pub struct AzureOptions {
    /// Subscriptions; empty: every subscription the identity can read.
    pub subscriptions: Vec<String>,
    /// Resource groups to read (case-insensitive); lists are then made at
    /// their scope, not the subscription's. Empty: all.
    pub resource_groups: Vec<String>,
    /// ARM endpoint, e.g. `https://management.azure.com`.
    pub arm_endpoint: Url,
    /// Calls in flight at most.
    pub concurrency: usize,
    /// Per-request timeout.
    pub timeout: Duration,
    pub retry: RetryPolicy,
    /// Read the types that have no subscription-scope list (VNet gateways,
    /// App Gateway for Containers, §G.2) with one Azure Resource Graph query
    /// (§G.4) instead of two list calls per resource group. Off by default:
    /// Resource Graph is an index that may lag ARM by minutes and has its own
    /// quota; the REST lists are what ARM holds now.
    pub resource_graph: bool,
}

impl AzureOptions {
    pub fn new(arm_endpoint: Url) -> AzureOptions {
        AzureOptions {
            subscriptions: vec![],
            resource_groups: vec![],
            arm_endpoint,
            concurrency: 8,
            timeout: Duration::from_secs(60),
            retry: RetryPolicy::default(),
            resource_graph: false,
        }
    }
}

/// Progress of a live import, for a status line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    pub requests: u64,
    pub resources: u64,
    /// Calls done and known so far.
    pub calls_done: u64,
    pub calls_total: u64,
    /// What just finished.
    pub message: String,
}

/// Resource groups api-version (§G.2).
const RESOURCE_GROUPS_API: &str = "2021-04-01";

/// Subscription-scope lists: (what, path after `/subscriptions/{s}`, api-version). Facts §G.2.
const LISTS: &[(&str, &str, &str)] = &[
    ("resource groups", "/resourcegroups", RESOURCE_GROUPS_API),
    (
        "virtual networks",
        "/providers/Microsoft.Network/virtualNetworks",
        "2025-01-01",
    ),
    (
        "AKS clusters",
        "/providers/Microsoft.ContainerService/managedClusters",
        "2025-10-01",
    ),
    (
        "Azure Firewalls",
        "/providers/Microsoft.Network/azureFirewalls",
        "2025-01-01",
    ),
    (
        "firewall policies",
        "/providers/Microsoft.Network/firewallPolicies",
        "2025-01-01",
    ),
    ("route tables", "/providers/Microsoft.Network/routeTables", "2025-01-01"),
    (
        "network security groups",
        "/providers/Microsoft.Network/networkSecurityGroups",
        "2025-01-01",
    ),
    ("NAT gateways", "/providers/Microsoft.Network/natGateways", "2025-01-01"),
    (
        "public IPs",
        "/providers/Microsoft.Network/publicIPAddresses",
        "2025-01-01",
    ),
    (
        "Bastion hosts",
        "/providers/Microsoft.Network/bastionHosts",
        "2025-01-01",
    ),
    (
        "Application Gateways",
        "/providers/Microsoft.Network/applicationGateways",
        "2025-01-01",
    ),
    // The WAF policies gateways name in `firewallPolicy.id` (§E.1
    // `ApplicationGatewayWebApplicationFirewallPolicies`; subscription list
    // `WebApplicationFirewallPolicies_ListAll`, at the Microsoft.Network
    // api-version of the other network lists).
    (
        "Application Gateway WAF policies",
        "/providers/Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies",
        "2025-01-01",
    ),
    (
        "API Management services",
        "/providers/Microsoft.ApiManagement/service",
        "2024-05-01",
    ),
    ("Front Door profiles", "/providers/Microsoft.Cdn/profiles", "2025-12-01"),
    (
        "Traffic Manager profiles",
        "/providers/Microsoft.Network/trafficmanagerprofiles",
        "2022-04-01",
    ),
    (
        "private endpoints",
        "/providers/Microsoft.Network/privateEndpoints",
        "2025-01-01",
    ),
    (
        "private DNS zones",
        "/providers/Microsoft.Network/privateDnsZones",
        "2024-06-01",
    ),
    // AKS internal LoadBalancer services live as frontends of the
    // `kubernetes-internal` load balancer in the cluster's node resource group,
    // and AKS-made Private Link Services sit beside it. Not in §G.2: the
    // standard `…/providers/{namespace}/{type}` list pattern §G.2 follows, at
    // the Microsoft.Network api-version the other network lists use (§E.1).
    (
        "load balancers",
        "/providers/Microsoft.Network/loadBalancers",
        "2025-01-01",
    ),
    (
        "Private Link Services",
        "/providers/Microsoft.Network/privateLinkServices",
        "2025-01-01",
    ),
];

/// Resource-group-scope lists (no subscription-wide list exists, §G.2).
const RG_LISTS: &[(&str, &str, &str)] = &[
    (
        "VPN/ExpressRoute gateways",
        "/providers/Microsoft.Network/virtualNetworkGateways",
        "2025-01-01",
    ),
    (
        "App Gateway for Containers",
        "/providers/Microsoft.ServiceNetworking/trafficControllers",
        "2025-01-01",
    ),
    // On-premises networks: local network gateways and the connections that
    // join them to a gateway (Local Network Gateways - List and Virtual
    // Network Gateway Connections - List are resource-group scoped, at the
    // Microsoft.Network api-version of the other network lists).
    (
        "local network gateways",
        "/providers/Microsoft.Network/localNetworkGateways",
        "2025-01-01",
    ),
    (
        "gateway connections",
        "/providers/Microsoft.Network/connections",
        "2025-01-01",
    ),
];

/// Resource Graph api-version (§G.4, ARG-SPEC examples incl. `ResourcesNextPageQuery.json`).
const RESOURCE_GRAPH_API: &str = "2024-04-01";

/// Rows per Resource Graph page: the most one response holds (§G.4).
const RESOURCE_GRAPH_TOP: u32 = 1000;

/// Child lists read per parent: (parent type, what, child path, api-version).
const CHILD_LISTS: &[(&str, &str, &str, &str)] = &[
    // "rule collection groups are children" (§G.2, firewall policies).
    (
        "microsoft.network/firewallpolicies",
        "rule collection groups",
        "ruleCollectionGroups",
        "2025-01-01",
    ),
    (
        "microsoft.network/privatednszones",
        "VNet links",
        "virtualNetworkLinks",
        "2024-06-01",
    ),
    (
        "microsoft.servicenetworking/trafficcontrollers",
        "associations",
        "associations",
        "2025-01-01",
    ),
    // Its frontends (§G.2 `…/trafficControllers/{name}/frontends`).
    (
        "microsoft.servicenetworking/trafficcontrollers",
        "frontends",
        "frontends",
        "2025-01-01",
    ),
    (
        "microsoft.network/privateendpoints",
        "DNS zone groups",
        "privateDnsZoneGroups",
        "2025-01-01",
    ),
    // Front Door Standard/Premium children (§E.1 `Microsoft.Cdn/profiles` +
    // `/originGroups`, api-version §G.2), read for `*_AzureFrontDoor` profiles
    // only ([`child_wanted`]); origins are children of the origin groups
    // ([`GRANDCHILD_LISTS`]). Security policies name the WAF policy
    // (learn.microsoft.com/rest/api/frontdoor/azurefrontdoorstandardpremium).
    (
        "microsoft.cdn/profiles",
        "origin groups",
        "originGroups",
        FRONT_DOOR_API,
    ),
    (
        "microsoft.cdn/profiles",
        "security policies",
        "securityPolicies",
        FRONT_DOOR_API,
    ),
    ("microsoft.cdn/profiles", "endpoints", "afdEndpoints", FRONT_DOOR_API),
    // `GET …/service/{name}/backends` (Backend_ListByService), at the API
    // Management api-version of §G.2.
    ("microsoft.apimanagement/service", "backends", "backends", "2024-05-01"),
];

/// Front Door profiles and their children (§G.2).
const FRONT_DOOR_API: &str = "2025-12-01";

/// Children of children: (parent type, what, child path, api-version).
/// `AFDOrigins_ListByOriginGroup`, `…/originGroups/{g}/origins`
/// (learn.microsoft.com/rest/api/frontdoor/azurefrontdoorstandardpremium/afd-origins/list-by-origin-group).
const GRANDCHILD_LISTS: &[(&str, &str, &str, &str)] = &[
    (
        "microsoft.cdn/profiles/origingroups",
        "origins",
        "origins",
        FRONT_DOOR_API,
    ),
    // `Routes_ListByEndpoint`, `…/afdEndpoints/{e}/routes`.
    (
        "microsoft.cdn/profiles/afdendpoints",
        "routes",
        "routes",
        FRONT_DOOR_API,
    ),
];

/// The Front Door WAF policy a security policy names, read by id. Not in the
/// facts sheet: 2022-05-01 is the stable `webapplicationfirewall.json` of the
/// Front Door WAF REST spec (Azure Service Operator reference
/// `network.frontdoor/v1api20220501`, which documents its ARM URI
/// `…/Microsoft.Network/FrontDoorWebApplicationFirewallPolicies/{policyName}`;
/// PSRule `Azure.FrontDoorWAF.PreventionMode` deploys Premium policies with it).
const FRONT_DOOR_WAF_TYPE: &str = "microsoft.network/frontdoorwebapplicationfirewallpolicies";
const FRONT_DOOR_WAF_API: &str = "2022-05-01";

/// Whether a parent's children are read: Front Door children only for Front
/// Door Standard/Premium profiles, `sku.name` `*_AzureFrontDoor` (§G.2, §E.2);
/// other `Microsoft.Cdn/profiles` are classic CDN.
fn child_wanted(parent_type: &str, r: &RawResource) -> bool {
    if parent_type != "microsoft.cdn/profiles" {
        return true;
    }
    get_ci(&r.body, "sku")
        .and_then(|s| get_ci(s, "name"))
        .and_then(Value::as_str)
        .is_some_and(|n| n.to_ascii_lowercase().ends_with("_azurefrontdoor"))
}

/// Subscriptions API (`Subscriptions_List`, `GET /subscriptions`). Not in the
/// facts sheet §G.2: 2022-12-01 is the newest GA version of the Microsoft.Resources
/// subscriptions API, the "Default Api Version" of `Subscriptions_List` in the Azure
/// SDK reference (learn.microsoft.com, .NET `SubscriptionCollection.GetAll`), and
/// the newest `subscriptions` module of the Python `azure-mgmt-resource` SDK.
const SUBSCRIPTIONS_API: &str = "2022-12-01";

/// A subscription the identity can read, for a picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscription {
    /// The subscription id (a GUID), as [`AzureOptions::subscriptions`] takes it.
    pub id: String,
    /// The display name.
    pub name: String,
    /// `Enabled`, `Disabled`, `Warned`, `PastDue` or `Deleted`, as Azure says.
    pub state: String,
}

/// Why one call failed.
#[derive(Debug, Clone, PartialEq, Eq)]
enum CallError {
    Cancelled,
    Denied { status: u16, detail: String },
    Status { status: u16, detail: String },
    Malformed(String),
    Transport(TransportError),
    Throttled(String),
    Link(String),
    Auth(String),
}

struct Client<'a> {
    transport: ReadOnly<&'a dyn Transport>,
    token: &'a dyn TokenSource,
    options: &'a AzureOptions,
    cancel: &'a AtomicBool,
    progress: &'a (dyn Fn(&Progress) + Sync),
    requests: AtomicU64,
    retries: AtomicU64,
    resources: AtomicU64,
    calls_done: AtomicU64,
    calls_total: AtomicU64,
}

/// `{ "error": { "code", "message" } }` of an ARM error body, shortened.
fn error_detail(body: &[u8]) -> String {
    let v: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
    let e = get_ci(&v, "error").unwrap_or(&v);
    let code = get_ci(e, "code").and_then(Value::as_str).unwrap_or("");
    let msg = get_ci(e, "message").and_then(Value::as_str).unwrap_or("");
    let text = match (code.is_empty(), msg.is_empty()) {
        (true, true) => String::new(),
        (false, true) => code.to_owned(),
        (true, false) => msg.to_owned(),
        (false, false) => format!("{code}: {msg}"),
    };
    text.chars().take(300).collect()
}

/// How long a 429 asks to wait: `Retry-After` in seconds (§G.3), else
/// Resource Graph's `x-ms-user-quota-resets-after` (`hh:mm:ss`, §G.4).
fn retry_after(r: &Response) -> Option<Duration> {
    if let Some(secs) = r.header("retry-after").and_then(|v| v.trim().parse::<u64>().ok()) {
        return Some(Duration::from_secs(secs));
    }
    let resets = r.header("x-ms-user-quota-resets-after")?;
    let mut secs = 0u64;
    for part in resets.trim().split(':') {
        secs = secs.checked_mul(60)?.checked_add(part.parse::<u64>().ok()?)?;
    }
    Some(Duration::from_secs(secs))
}

impl<'a> Client<'a> {
    fn new(
        options: &'a AzureOptions,
        transport: &'a dyn Transport,
        token: &'a dyn TokenSource,
        progress: &'a (dyn Fn(&Progress) + Sync),
        cancel: &'a AtomicBool,
    ) -> Client<'a> {
        Client {
            transport: ReadOnly(transport),
            token,
            options,
            cancel,
            progress,
            requests: AtomicU64::new(0),
            retries: AtomicU64::new(0),
            resources: AtomicU64::new(0),
            calls_done: AtomicU64::new(0),
            calls_total: AtomicU64::new(0),
        }
    }

    fn sleep(&self, d: Duration) -> Result<(), CallError> {
        let end = Instant::now() + d;
        while Instant::now() < end {
            if self.cancel.load(Ordering::Relaxed) {
                return Err(CallError::Cancelled);
            }
            std::thread::sleep((end - Instant::now()).min(Duration::from_millis(50)));
        }
        Ok(())
    }

    fn backoff(&self, attempt: u32) -> Duration {
        let p = self.options.retry;
        let step = p.base_delay.saturating_mul(1u32 << attempt.min(16)).min(p.max_delay);
        step.mul_f64(0.5 + fastrand::f64() / 2.0)
    }

    /// GET a URL (or POST a JSON body to it), with retries; the answer as JSON.
    fn call(&self, url: &Url, body: Option<&[u8]>) -> Result<Value, CallError> {
        let policy = self.options.retry;
        let attempts = policy.attempts.max(1);
        let mut last = CallError::Throttled(String::new());
        for attempt in 0..attempts {
            if self.cancel.load(Ordering::Relaxed) {
                return Err(CallError::Cancelled);
            }
            if attempt > 0 {
                self.retries.fetch_add(1, Ordering::Relaxed);
            }
            check_endpoint(url, "request URL").map_err(|e| CallError::Link(e.to_string()))?;
            let token = self.token.token().map_err(CallError::Auth)?;
            let mut headers = vec![
                ("authorization", format!("Bearer {}", token.secret())),
                ("accept", "application/json".to_owned()),
            ];
            if body.is_some() {
                headers.push(("content-type", "application/json".to_owned()));
            }
            let request = Request {
                method: if body.is_some() { Method::Post } else { Method::Get },
                url,
                headers,
                body,
                timeout: self.options.timeout,
            };
            self.requests.fetch_add(1, Ordering::Relaxed);
            let last_try = attempt + 1 == attempts;
            match self.transport.send(&request) {
                Ok(r) if (200..300).contains(&r.status) => {
                    return serde_json::from_slice(&r.body).map_err(|e| CallError::Malformed(e.to_string()));
                }
                Ok(r) if r.status == 429 => {
                    let wait = retry_after(&r).unwrap_or_else(|| self.backoff(attempt));
                    last = CallError::Throttled(error_detail(&r.body));
                    if wait > policy.max_retry_after {
                        return Err(CallError::Throttled(format!(
                            "Retry-After {} s is longer than the {} s netdraft waits",
                            wait.as_secs(),
                            policy.max_retry_after.as_secs()
                        )));
                    }
                    if !last_try {
                        self.sleep(wait)?;
                    }
                }
                Ok(r) if matches!(r.status, 500 | 502 | 503 | 504) => {
                    last = CallError::Status {
                        status: r.status,
                        detail: error_detail(&r.body),
                    };
                    if !last_try {
                        self.sleep(self.backoff(attempt))?;
                    }
                }
                Ok(r) if matches!(r.status, 401 | 403) => {
                    return Err(CallError::Denied {
                        status: r.status,
                        detail: error_detail(&r.body),
                    });
                }
                Ok(r) => {
                    return Err(CallError::Status {
                        status: r.status,
                        detail: error_detail(&r.body),
                    });
                }
                Err(e @ TransportError::Refused(_)) => return Err(CallError::Transport(e)),
                Err(e) => {
                    last = CallError::Transport(e);
                    if !last_try {
                        self.sleep(self.backoff(attempt))?;
                    }
                }
            }
        }
        Err(last)
    }

    /// All items of a list, following `nextLink`.
    fn list(&self, first: Url) -> Result<Vec<Value>, CallError> {
        let mut out = Vec::new();
        let mut next = Some(first);
        let mut pages = 0;
        while let Some(url) = next.take() {
            pages += 1;
            if pages > 10_000 {
                return Err(CallError::Link("more than 10,000 pages; stopped".into()));
            }
            let page = self.call(&url, None)?;
            let Some(items) = get_ci(&page, "value").and_then(Value::as_array) else {
                return Err(CallError::Malformed("the response has no `value` array".into()));
            };
            self.resources.fetch_add(items.len() as u64, Ordering::Relaxed);
            out.extend(items.iter().cloned());
            if let Some(link) = get_ci(&page, "nextLink")
                .and_then(Value::as_str)
                .filter(|l| !l.is_empty())
            {
                let link = Url::parse(link).map_err(|e| CallError::Malformed(format!("nextLink `{link}`: {e}")))?;
                if link.origin() != self.options.arm_endpoint.origin() {
                    return Err(CallError::Link(format!(
                        "nextLink points at {}, not the ARM endpoint; not followed (the token is sent only to the ARM endpoint)",
                        link.origin().ascii_serialization()
                    )));
                }
                next = Some(link);
            }
        }
        Ok(out)
    }

    /// All rows of a Resource Graph query over `subscriptions`, following
    /// `$skipToken` (§G.4: POST, `objectArray` rows in `data`, at most 1,000 a page).
    fn graph(&self, subscriptions: &[String], query: &str) -> Result<Vec<Value>, CallError> {
        let url = self.url(RESOURCE_GRAPH_PATH, RESOURCE_GRAPH_API);
        let mut out = Vec::new();
        let mut skip: Option<String> = None;
        for _ in 0..10_000 {
            let mut options = json!({"$top": RESOURCE_GRAPH_TOP, "resultFormat": "objectArray"});
            if let Some(t) = &skip {
                options["$skipToken"] = json!(t);
            }
            let body = json!({"subscriptions": subscriptions, "query": query, "options": options});
            let bytes = serde_json::to_vec(&body).map_err(|e| CallError::Malformed(e.to_string()))?;
            let page = self.call(&url, Some(&bytes))?;
            let Some(rows) = get_ci(&page, "data").and_then(Value::as_array) else {
                return Err(CallError::Malformed(
                    "the Resource Graph response has no `data` array (objectArray result format)".into(),
                ));
            };
            self.resources.fetch_add(rows.len() as u64, Ordering::Relaxed);
            out.extend(rows.iter().cloned());
            if let Some(t) = get_ci(&page, "$skipToken")
                .and_then(Value::as_str)
                .filter(|t| !t.is_empty())
            {
                skip = Some(t.to_owned());
                continue;
            }
            let truncated = get_ci(&page, "resultTruncated").is_some_and(|v| {
                v.as_bool() == Some(true) || v.as_str().is_some_and(|t| t.eq_ignore_ascii_case("true"))
            });
            if truncated {
                return Err(CallError::Malformed(
                    "Resource Graph truncated the result and gave no $skipToken to read on".into(),
                ));
            }
            return Ok(out);
        }
        Err(CallError::Link("more than 10,000 Resource Graph pages; stopped".into()))
    }

    /// `{endpoint}{path}?api-version={api}`. The endpoint has no path of
    /// its own ([`check_arm_root`]), so `path` is the whole path, as for
    /// requests made to ARM ids and as [`ReadOnly`] expects.
    fn url(&self, path: &str, api: &str) -> Url {
        let mut u = self.options.arm_endpoint.clone();
        u.set_path(path);
        u.set_query(Some(&format!("api-version={api}")));
        u
    }

    fn report_progress(&self, message: String) {
        let done = self.calls_done.fetch_add(1, Ordering::Relaxed) + 1;
        (self.progress)(&Progress {
            requests: self.requests.load(Ordering::Relaxed),
            resources: self.resources.load(Ordering::Relaxed),
            calls_done: done,
            calls_total: self.calls_total.load(Ordering::Relaxed),
            message,
        });
    }
}

/// What one job reads.
enum Read {
    /// A list, following `nextLink`.
    List(Url),
    /// A Resource Graph query, following `$skipToken`.
    Graph { subscriptions: Vec<String>, query: String },
    /// One object (a resource group).
    One(Url),
    /// One resource another names by id (a WAF policy).
    Resource(Url),
}

/// One list call to make.
struct Job {
    what: String,
    scope: String,
    subscription: String,
    read: Read,
}

/// A KQL string literal.
fn kql_string(text: &str) -> String {
    format!("'{}'", text.replace('\\', "\\\\").replace('\'', "\\'"))
}

/// The Resource Graph query for the types with no subscription-scope list
/// (`RG_LISTS`), in `groups` when given. It projects `id` first: without it
/// Resource Graph returns no `$skipToken` (§G.4). The rows have the ARM shape
/// (`properties` nested), as `az graph query` output read offline does.
fn graph_query(groups: &[String]) -> String {
    let types: Vec<String> = RG_LISTS
        .iter()
        .map(|(_, path, _)| kql_string(&path.trim_start_matches("/providers/").to_ascii_lowercase()))
        .collect();
    let in_groups = if groups.is_empty() {
        String::new()
    } else {
        let groups: Vec<String> = groups.iter().map(|g| kql_string(g)).collect();
        format!(" | where resourceGroup in~ ({})", groups.join(", "))
    };
    format!(
        "Resources | where type in~ ({}){in_groups} | project id, name, type, location, resourceGroup, subscriptionId, sku, zones, properties",
        types.join(", ")
    )
}

/// Runs jobs on at most `n` threads; results in job order.
fn run_parallel<T: Send>(client: &Client<'_>, jobs: &[Job], n: usize, f: impl Fn(&Job) -> T + Sync) -> Vec<T> {
    client.calls_total.fetch_add(jobs.len() as u64, Ordering::Relaxed);
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<(usize, T)>> = Mutex::new(Vec::with_capacity(jobs.len()));
    std::thread::scope(|s| {
        for _ in 0..n.clamp(1, jobs.len().max(1)) {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(job) = jobs.get(i) else { break };
                    let r = f(job);
                    if let Ok(mut v) = results.lock() {
                        v.push((i, r));
                    }
                }
            });
        }
    });
    let mut v = results.into_inner().unwrap_or_default();
    v.sort_by_key(|(i, _)| *i);
    v.into_iter().map(|(_, r)| r).collect()
}

fn describe(e: &CallError, job: &Job) -> String {
    match e {
        CallError::Denied { status, detail } => {
            let what = if *status == 401 {
                "401 Unauthorized: the token was not accepted (expired, or for another tenant or cloud); sign in again (`az login`) or pass a fresh --access-token"
            } else {
                "403 Forbidden"
            };
            let detail = if detail.is_empty() {
                String::new()
            } else {
                format!(" ({detail})")
            };
            format!(
                "{what}{detail}. Reading needs the Reader role (or any role with read access) at scope {}; ask an owner of the subscription to assign it",
                job.scope
            )
        }
        CallError::Status { status, detail } => {
            if detail.is_empty() {
                format!("HTTP {status}")
            } else {
                format!("HTTP {status}: {detail}")
            }
        }
        CallError::Malformed(m) => format!("the response is not the JSON expected: {m}"),
        CallError::Transport(TransportError::Timeout) => "timed out after every retry".into(),
        CallError::Transport(t) => format!("{t} (after every retry)"),
        CallError::Throttled(d) => format!(
            "throttled (HTTP 429) on every retry{}",
            if d.is_empty() { String::new() } else { format!(": {d}") }
        ),
        CallError::Link(m) | CallError::Auth(m) => m.clone(),
        CallError::Cancelled => "cancelled".into(),
    }
}

/// Reads everything into an inventory; failed calls go into the report.
pub fn read_all(
    options: &AzureOptions,
    transport: &dyn Transport,
    token: &dyn TokenSource,
    progress: &(dyn Fn(&Progress) + Sync),
    cancel: &AtomicBool,
    report: &mut Report,
) -> Result<Inventory, ImportError> {
    check_endpoint(&options.arm_endpoint, "ARM endpoint")?;
    check_arm_root(&options.arm_endpoint, "ARM endpoint")?;
    let client = Client::new(options, transport, token, progress, cancel);
    let result = read_with(&client, report);
    report.requests = client.requests.load(Ordering::Relaxed);
    report.retries = client.retries.load(Ordering::Relaxed);
    result
}

/// Lists the subscriptions the identity can read, sorted by name (then id).
/// Blocking, with the import's paging, retries and messages: a 401 or 403
/// names the Reader role. Setting `cancel` stops it with [`ImportError::Cancelled`].
pub fn list_subscriptions(
    options: &AzureOptions,
    transport: &dyn Transport,
    token: &dyn TokenSource,
    cancel: &AtomicBool,
) -> Result<Vec<Subscription>, ImportError> {
    check_endpoint(&options.arm_endpoint, "ARM endpoint")?;
    check_arm_root(&options.arm_endpoint, "ARM endpoint")?;
    let client = Client::new(options, transport, token, &|_| {}, cancel);
    subscriptions(&client)
}

/// `GET /subscriptions`, all pages, sorted by name then id.
fn subscriptions(client: &Client<'_>) -> Result<Vec<Subscription>, ImportError> {
    let url = client.url("/subscriptions", SUBSCRIPTIONS_API);
    let job = Job {
        what: "subscriptions".into(),
        scope: "the tenant".into(),
        subscription: String::new(),
        read: Read::List(url.clone()),
    };
    client.calls_total.fetch_add(1, Ordering::Relaxed);
    let items = client.list(url).map_err(|e| match e {
        CallError::Cancelled => ImportError::Cancelled,
        CallError::Auth(m) => ImportError::Auth(m),
        e => ImportError::NoSubscriptions(format!(
            "could not list the subscriptions this identity can read: {}",
            describe(&e, &job)
        )),
    })?;
    client.report_progress("listed subscriptions".into());
    let text = |v: &Value, key: &str| get_ci(v, key).and_then(Value::as_str).unwrap_or_default().to_owned();
    let mut out: Vec<Subscription> = items
        .iter()
        .filter_map(|s| {
            let id = text(s, "subscriptionId");
            (!id.is_empty()).then(|| Subscription {
                name: Some(text(s, "displayName"))
                    .filter(|n| !n.is_empty())
                    .unwrap_or_else(|| id.clone()),
                state: text(s, "state"),
                id,
            })
        })
        .collect();
    out.sort_by(|a, b| {
        a.name
            .to_lowercase()
            .cmp(&b.name.to_lowercase())
            .then_with(|| a.id.cmp(&b.id))
    });
    Ok(out)
}

fn read_with(client: &Client<'_>, report: &mut Report) -> Result<Inventory, ImportError> {
    let options = client.options;
    // Without a token every call would fail the same way: stop with that one error.
    client.token.token().map_err(ImportError::Auth)?;
    let mut subscriptions = options.subscriptions.clone();
    if subscriptions.is_empty() {
        subscriptions = self::subscriptions(client)?.into_iter().map(|s| s.id).collect();
        if subscriptions.is_empty() {
            return Err(ImportError::NoSubscriptions(
                "the identity can read no subscription; assign it the Reader role on the subscriptions to import, or pass --subscription".into(),
            ));
        }
    }
    for s in &subscriptions {
        let mut line = format!("subscription {s}");
        if !options.resource_groups.is_empty() {
            line = format!("{line} (resource groups {})", options.resource_groups.join(", "));
        }
        report.sources.push(line);
    }

    let mut inv = Inventory::new();
    let mut jobs = Vec::new();
    // Group-scope types go by Resource Graph when asked, else per resource group.
    let rg_lists: &[(&str, &str, &str)] = if options.resource_graph { &[] } else { RG_LISTS };
    let filtered = !options.resource_groups.is_empty();
    // With resource groups given: first the groups themselves, in every
    // subscription (a group is usually in one of them), then lists at the
    // scope of each group found, never the whole subscription.
    let mut group_jobs: Vec<(usize, &str, &str)> = Vec::new();
    for s in &subscriptions {
        if filtered {
            for g in &options.resource_groups {
                group_jobs.push((jobs.len(), s, g));
                jobs.push(Job {
                    what: format!("resource group {g} of subscription {s}"),
                    scope: format!("/subscriptions/{s}/resourceGroups/{g}"),
                    subscription: s.clone(),
                    read: Read::One(rg_url(client, s, g, "", RESOURCE_GROUPS_API)),
                });
            }
        } else {
            for (what, path, api) in LISTS {
                jobs.push(Job {
                    what: format!("{what} in subscription {s}"),
                    scope: format!("/subscriptions/{s}"),
                    subscription: s.clone(),
                    read: Read::List(client.url(&format!("/subscriptions/{s}{path}"), api)),
                });
            }
        }
    }
    if options.resource_graph {
        let what: Vec<&str> = RG_LISTS.iter().map(|(what, _, _)| *what).collect();
        jobs.push(Job {
            what: format!("{} (Resource Graph query)", what.join(" and ")),
            scope: subscriptions
                .iter()
                .map(|s| format!("/subscriptions/{s}"))
                .collect::<Vec<_>>()
                .join(", "),
            subscription: String::new(),
            read: Read::Graph {
                subscriptions: subscriptions.clone(),
                query: graph_query(&options.resource_groups),
            },
        });
    }
    let results = run_list_jobs(client, &jobs, &mut inv, report)?;

    let rg_jobs = if filtered {
        given_group_jobs(client, &group_jobs, &results, rg_lists, report)
    } else {
        found_group_jobs(client, &jobs, &results, &inv, rg_lists)
    };
    run_list_jobs(client, &rg_jobs, &mut inv, report)?;

    // The node resource groups of the clusters found hold their internal
    // LoadBalancer services and Private Link Services: read those too.
    let mut groups = options.resource_groups.clone();
    if filtered {
        let node_jobs = node_group_jobs(client, &inv, &mut groups, report);
        run_list_jobs(client, &node_jobs, &mut inv, report)?;
    }
    // Resource Graph rows and child lists may still name other groups.
    inv.retain_groups(&groups);

    // Children of what was found, then their children and the resources they name.
    let children = child_jobs(client, &inv, CHILD_LISTS);
    run_list_jobs(client, &children, &mut inv, report)?;
    let mut jobs = child_jobs_of(client, &inv, GRANDCHILD_LISTS);
    jobs.extend(waf_policy_jobs(client, &inv));
    run_list_jobs(client, &jobs, &mut inv, report)?;
    inventory_scope(client, &subscriptions, &inv, report)?;
    Ok(inv)
}

/// Generic resources api-version (`Resources_List`, `Resources_ListByResourceGroup`).
const RESOURCES_API: &str = "2021-04-01";

/// Every resource in the scope (each subscription, or each resource group
/// given and found) by the generic resources list, one paged call each; every
/// resource of a type the import does not read is reported as skipped, by
/// type, so nothing in the scope is left out of the report without a word.
fn inventory_scope(
    client: &Client<'_>,
    subscriptions: &[String],
    inv: &Inventory,
    report: &mut Report,
) -> Result<(), ImportError> {
    let mut jobs = Vec::new();
    if client.options.resource_groups.is_empty() {
        for s in subscriptions {
            jobs.push(Job {
                what: format!("resource inventory of subscription {s}"),
                scope: format!("/subscriptions/{s}"),
                subscription: s.clone(),
                read: Read::List(client.url(&format!("/subscriptions/{s}/resources"), RESOURCES_API)),
            });
        }
    } else {
        for g in inv.of_type("microsoft.resources/resourcegroups") {
            let s = segment_after(&g.id, "subscriptions").unwrap_or_default();
            let mut job = rg_job(client, s, &g.name, "resource inventory", "/resources", RESOURCES_API);
            job.what = format!("resource inventory of resource group {} in subscription {s}", g.name);
            jobs.push(job);
        }
    }
    let results = run_parallel(client, &jobs, client.options.concurrency, |job| {
        let r = match &job.read {
            Read::List(url) => client.list(url.clone()),
            _ => Ok(vec![]),
        };
        client.report_progress(format!("{} ({})", job.what, r.as_ref().map_or(0, Vec::len)));
        r
    });
    let mut read_types: Vec<String> = LISTS
        .iter()
        .chain(RG_LISTS)
        .filter_map(|(_, path, _)| path.strip_prefix("/providers/"))
        .map(str::to_ascii_lowercase)
        .collect();
    read_types.push("microsoft.resources/resourcegroups".into());
    let mut listed = 0u64;
    for (job, r) in jobs.iter().zip(results) {
        let items = match r {
            Ok(items) => items,
            Err(CallError::Cancelled) => return Err(ImportError::Cancelled),
            Err(e) => {
                report.fail(job.what.clone(), describe(&e, job));
                continue;
            }
        };
        listed += items.len() as u64;
        for item in items {
            let (Some(id), Some(kind)) = (
                get_ci(&item, "id").and_then(Value::as_str),
                get_ci(&item, "type").and_then(Value::as_str),
            ) else {
                continue;
            };
            let kind_lc = kind.to_ascii_lowercase();
            if inv.get(id).is_some() || read_types.contains(&kind_lc) {
                continue;
            }
            if kind_lc == FRONT_DOOR_WAF_TYPE {
                report.skip(
                    id,
                    kind,
                    "a Front Door WAF policy no Front Door security policy in the import names; netdraft reads WAF policies only as the WAF mode of a Front Door",
                );
            } else {
                report.skip(id, kind, crate::report::TYPE_NOT_READ);
            }
        }
    }
    if !jobs.is_empty() {
        report.sources.push(format!(
            "resource inventory: {} listed in the scope, each imported or reported",
            crate::report::count(listed, "resource", "resources")
        ));
    }
    Ok(())
}

/// With resource groups given: every list at the scope of each group in
/// each subscription that has it (`group_jobs`: index of the group's GET in
/// `results`, subscription, group). A group no subscription has is reported
/// once; a 404 in one subscription is normal when another has the group.
fn given_group_jobs(
    client: &Client<'_>,
    group_jobs: &[(usize, &str, &str)],
    results: &[Outcome],
    rg_lists: &[(&str, &str, &str)],
    report: &mut Report,
) -> Vec<Job> {
    let mut jobs = Vec::new();
    for g in &client.options.resource_groups {
        let mut anywhere = false;
        for (i, s, _) in group_jobs.iter().filter(|(_, _, x)| *x == g.as_str()) {
            if results.get(*i) == Some(&Outcome::NotFound) {
                continue;
            }
            anywhere = true;
            for (what, path, api) in LISTS.iter().filter(|(_, p, _)| *p != "/resourcegroups").chain(rg_lists) {
                jobs.push(rg_job(client, s, g, what, path, api));
            }
        }
        if !anywhere {
            report.fail(
                format!("resource group {g}"),
                format!("resource group `{g}` not found in any subscription read; check its name"),
            );
        }
    }
    jobs
}

/// Without a filter: the group-scope lists for each group the subscription lists found.
fn found_group_jobs(
    client: &Client<'_>,
    jobs: &[Job],
    results: &[Outcome],
    inv: &Inventory,
    rg_lists: &[(&str, &str, &str)],
) -> Vec<Job> {
    let mut out = Vec::new();
    for (job, outcome) in jobs.iter().zip(results) {
        if *outcome != Outcome::Read || !job.what.starts_with("resource groups") {
            continue;
        }
        let groups = inv.of_type("microsoft.resources/resourcegroups").filter(|r| {
            segment_after(&r.id, "subscriptions").is_some_and(|s| s.eq_ignore_ascii_case(&job.subscription))
        });
        for g in groups {
            for (what, path, api) in rg_lists {
                out.push(rg_job(client, &job.subscription, &g.name, what, path, api));
            }
        }
    }
    out
}

/// Lists read in an AKS cluster's node resource group: the `kubernetes-internal`
/// load balancer (internal LoadBalancer services) and the Private Link
/// Services AKS makes beside it. The rest of the group is the cluster's own
/// infrastructure, which the design does not hold.
const NODE_GROUP_LISTS: &[&str] = &["load balancers", "Private Link Services"];

/// With a resource-group filter: the [`NODE_GROUP_LISTS`] of each cluster's
/// node resource group (`properties.nodeResourceGroup`, in the cluster's
/// subscription) that is not given already; adds those groups to `groups`
/// and names them in the report's sources.
fn node_group_jobs(client: &Client<'_>, inv: &Inventory, groups: &mut Vec<String>, report: &mut Report) -> Vec<Job> {
    let mut jobs = Vec::new();
    let mut seen: Vec<(String, String)> = Vec::new();
    for c in inv.of_type("microsoft.containerservice/managedclusters") {
        let (Some(s), Some(g)) = (
            segment_after(&c.id, "subscriptions"),
            field(&c.body, "nodeResourceGroup").and_then(Value::as_str),
        ) else {
            continue;
        };
        let given = client.options.resource_groups.iter().any(|x| x.eq_ignore_ascii_case(g));
        let again = seen
            .iter()
            .any(|(a, b)| a.eq_ignore_ascii_case(s) && b.eq_ignore_ascii_case(g));
        if given || again || g.is_empty() {
            continue;
        }
        seen.push((s.to_owned(), g.to_owned()));
        if !groups.iter().any(|x| x.eq_ignore_ascii_case(g)) {
            groups.push(g.to_owned());
        }
        report.sources.push(format!(
            "resource group {g} of subscription {s}: the node resource group of AKS cluster {} (its load balancers and Private Link Services)",
            c.name
        ));
        for (what, path, api) in LISTS.iter().filter(|(w, _, _)| NODE_GROUP_LISTS.contains(w)) {
            let mut job = rg_job(client, s, g, what, path, api);
            job.what = format!(
                "{job_what} (node resource group of AKS cluster {})",
                c.name,
                job_what = job.what
            );
            jobs.push(job);
        }
    }
    jobs
}

/// One child list per parent found, for each `(parent type, what, child, api)`.
fn child_jobs(client: &Client<'_>, inv: &Inventory, lists: &[(&str, &str, &str, &str)]) -> Vec<Job> {
    let mut jobs = Vec::new();
    for (parent_type, what, child, api) in lists {
        for r in inv.of_type(parent_type).filter(|r| child_wanted(parent_type, r)) {
            let mut url = client.url("", api);
            url.set_path(&format!("{}/{child}", r.id.trim_end_matches('/')));
            jobs.push(Job {
                what: format!("{what} of {}", r.name),
                scope: r.id.clone(),
                subscription: segment_after(&r.id, "subscriptions").unwrap_or_default().to_owned(),
                read: Read::List(url),
            });
        }
    }
    jobs
}

/// Child lists of children (origins of origin groups), named with both parents.
fn child_jobs_of(client: &Client<'_>, inv: &Inventory, lists: &[(&str, &str, &str, &str)]) -> Vec<Job> {
    let mut jobs = child_jobs(client, inv, lists);
    for job in &mut jobs {
        if let Some(parent) = crate::raw::parent_id(&job.scope) {
            job.what = format!("{} of {}", job.what, crate::raw::last_segment(parent));
        }
    }
    jobs
}

/// GETs of the Front Door WAF policies the security policies name
/// (`properties.parameters.wafPolicy.id`), each once; only ids of that type.
fn waf_policy_jobs(client: &Client<'_>, inv: &Inventory) -> Vec<Job> {
    let mut ids: Vec<(String, String)> = Vec::new();
    for sp in inv.of_type("microsoft.cdn/profiles/securitypolicies") {
        let Some(id) = field(&sp.body, "parameters")
            .and_then(|p| get_ci(p, "wafPolicy"))
            .and_then(|w| get_ci(w, "id"))
            .and_then(Value::as_str)
        else {
            continue;
        };
        let is_waf = type_from_id(id).is_some_and(|t| t.eq_ignore_ascii_case(FRONT_DOOR_WAF_TYPE));
        if is_waf && inv.get(id).is_none() && !ids.iter().any(|(i, _)| i.eq_ignore_ascii_case(id)) {
            ids.push((id.to_owned(), sp.name.clone()));
        }
    }
    ids.into_iter()
        .map(|(id, by)| {
            let mut url = client.url("", FRONT_DOOR_WAF_API);
            url.set_path(id.trim_end_matches('/'));
            Job {
                what: format!(
                    "WAF policy {} (named by security policy {by})",
                    crate::raw::last_segment(&id)
                ),
                scope: id.clone(),
                subscription: segment_after(&id, "subscriptions").unwrap_or_default().to_owned(),
                read: Read::Resource(url),
            }
        })
        .collect()
}

/// `/subscriptions/{s}/resourceGroups/{g}{path}?api-version={api}`, the group name escaped.
fn rg_url(client: &Client<'_>, s: &str, g: &str, path: &str, api: &str) -> Url {
    let mut url = client.url(&format!("/subscriptions/{s}/resourceGroups/"), api);
    if let Ok(mut seg) = url.path_segments_mut() {
        seg.pop_if_empty().push(g);
    }
    let base = url.path().to_owned();
    url.set_path(&format!("{base}{path}"));
    url
}

/// A list at resource-group scope.
fn rg_job(client: &Client<'_>, s: &str, g: &str, what: &str, path: &str, api: &str) -> Job {
    Job {
        what: format!("{what} in resource group {g} of subscription {s}"),
        scope: format!("/subscriptions/{s}/resourceGroups/{g}"),
        subscription: s.to_owned(),
        read: Read::List(rg_url(client, s, g, path, api)),
    }
}

/// What became of one job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Read,
    /// A resource group (`Read::One`) that is not in this subscription; not
    /// reported here (another subscription may have it).
    NotFound,
    Failed,
}

/// Runs list jobs; adds their items; reports failures. Returns each job's outcome.
fn run_list_jobs(
    client: &Client<'_>,
    jobs: &[Job],
    inv: &mut Inventory,
    report: &mut Report,
) -> Result<Vec<Outcome>, ImportError> {
    let results = run_parallel(client, jobs, client.options.concurrency, |job| {
        let r = match &job.read {
            Read::List(url) => client.list(url.clone()),
            Read::Graph { subscriptions, query } => client.graph(subscriptions, query),
            Read::One(url) | Read::Resource(url) => client.call(url, None).map(|v| vec![v]),
        };
        let n = r.as_ref().map_or(0, Vec::len);
        client.report_progress(format!("{} ({n})", job.what));
        r
    });
    let mut ok = Vec::with_capacity(jobs.len());
    let mut queue: VecDeque<_> = results.into_iter().collect();
    for job in jobs {
        match queue.pop_front() {
            Some(Ok(items)) => {
                for item in items {
                    inv.add(item, "Azure");
                }
                ok.push(Outcome::Read);
            }
            Some(Err(CallError::Cancelled)) => return Err(ImportError::Cancelled),
            Some(Err(CallError::Status { status: 404, .. })) if matches!(job.read, Read::One(_)) => {
                ok.push(Outcome::NotFound);
            }
            Some(Err(CallError::Status { status: 404, .. })) if matches!(job.read, Read::Resource(_)) => {
                report.fail(
                    job.what.clone(),
                    format!(
                        "not found (HTTP 404): {} does not exist, or is in a subscription this identity cannot read",
                        job.scope
                    ),
                );
                ok.push(Outcome::Failed);
            }
            Some(Err(CallError::Status { status: 404, .. }))
                if job.what.contains(" of ") || job.what.contains("resource group") =>
            {
                // A child list or RG list the provider does not offer here (provider not registered).
                ok.push(Outcome::Failed);
            }
            Some(Err(CallError::Status { detail, .. })) if detail.starts_with("MissingSubscriptionRegistration") => {
                report.note(format!(
                    "{}: the resource provider is not registered in the subscription, so there are none",
                    job.what
                ));
                ok.push(Outcome::Failed);
            }
            Some(Err(e)) => {
                report.fail(job.what.clone(), describe(&e, job));
                ok.push(Outcome::Failed);
            }
            None => ok.push(Outcome::Failed),
        }
    }
    Ok(ok)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    struct Counting(AtomicUsize);
    impl Transport for Counting {
        fn send(&self, _: &Request<'_>) -> Result<Response, TransportError> {
            self.0.fetch_add(1, Ordering::Relaxed);
            Ok(Response {
                status: 200,
                ..Response::default()
            })
        }
    }

    fn send(t: &impl Transport, method: Method, url: &str) -> Result<Response, TransportError> {
        let url = Url::parse(url).unwrap();
        t.send(&Request {
            method,
            url: &url,
            headers: vec![],
            body: (method != Method::Get).then_some(b"{}".as_slice()),
            timeout: Duration::from_secs(1),
        })
    }

    #[test]
    fn read_only_refuses_every_write_before_it_reaches_the_network() {
        let inner = Counting(AtomicUsize::new(0));
        let t = ReadOnly(&inner);
        let rg = "http://127.0.0.1:1/subscriptions/s/resourceGroups/rg";
        let graph = "http://127.0.0.1:1/providers/Microsoft.ResourceGraph/resources?api-version=2024-04-01";
        for m in [Method::Put, Method::Patch, Method::Delete, Method::Post] {
            assert!(matches!(send(&t, m, rg), Err(TransportError::Refused(_))), "{m:?}");
        }
        // POST only to exactly the Resource Graph query path; no other method there.
        for url in [
            "http://127.0.0.1:1/subscriptions/s/providers/Microsoft.ResourceGraph/resources?api-version=2024-04-01",
            "http://127.0.0.1:1/providers/Microsoft.ResourceGraph/resources/x?api-version=2024-04-01",
            "http://127.0.0.1:1/providers/Microsoft.ResourceGraph/resourcesHistory?api-version=2021-06-01-preview",
            "http://127.0.0.1:1/prefix/providers/Microsoft.ResourceGraph/resources?api-version=2024-04-01",
        ] {
            assert!(
                matches!(send(&t, Method::Post, url), Err(TransportError::Refused(_))),
                "{url}"
            );
        }
        for m in [Method::Put, Method::Patch, Method::Delete] {
            assert!(matches!(send(&t, m, graph), Err(TransportError::Refused(_))), "{m:?}");
        }
        assert_eq!(inner.0.load(Ordering::Relaxed), 0);
        send(&t, Method::Get, rg).unwrap();
        send(&t, Method::Post, graph).unwrap();
        send(
            &t,
            Method::Post,
            "http://127.0.0.1:1/PROVIDERS/microsoft.resourcegraph/Resources?api-version=2024-04-01",
        )
        .unwrap();
        assert_eq!(inner.0.load(Ordering::Relaxed), 3);
    }

    #[test]
    fn an_arm_endpoint_with_a_path_is_refused_before_any_request() {
        let inner = Counting(AtomicUsize::new(0));
        let mut options = AzureOptions::new(Url::parse("https://management.usgovcloudapi.net/arm").unwrap());
        options.subscriptions = vec!["s".into()];
        let token = crate::auth::StaticToken(crate::AccessToken::new("t"));
        let cancel = AtomicBool::new(false);
        let e = read_all(&options, &inner, &token, &|_| {}, &cancel, &mut Report::default())
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("ARM endpoint:") && e.contains("host only"), "{e}");
        let e = list_subscriptions(&options, &inner, &token, &cancel)
            .unwrap_err()
            .to_string();
        assert!(e.contains("host only"), "{e}");
        assert_eq!(inner.0.load(Ordering::Relaxed), 0);
    }

    #[test]
    fn graph_queries_project_id_and_quote_group_names() {
        let q = graph_query(&["rg-hub".into(), "it's".into()]);
        assert!(q.contains("| project id,"), "{q}");
        assert!(q.contains("'microsoft.network/virtualnetworkgateways'"), "{q}");
        assert!(q.contains("'microsoft.servicenetworking/trafficcontrollers'"), "{q}");
        assert!(q.contains(r"resourceGroup in~ ('rg-hub', 'it\'s')"), "{q}");
        assert!(!graph_query(&[]).contains("resourceGroup in~"));
    }

    #[test]
    fn throttling_waits_for_retry_after_or_the_graph_quota_reset() {
        let r = |h: &[(&str, &str)]| Response {
            status: 429,
            headers: h.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect(),
            body: vec![],
        };
        assert_eq!(retry_after(&r(&[("retry-after", "7")])), Some(Duration::from_secs(7)));
        assert_eq!(
            retry_after(&r(&[("x-ms-user-quota-resets-after", "00:01:05")])),
            Some(Duration::from_secs(65))
        );
        assert_eq!(retry_after(&r(&[("x-ms-user-quota-resets-after", "soon")])), None);
        assert_eq!(retry_after(&r(&[])), None);
    }

    #[test]
    fn front_door_children_are_read_for_front_door_profiles_only() {
        let profile = |sku: &str| RawResource {
            id: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Cdn/profiles/p".into(),
            kind: "microsoft.cdn/profiles".into(),
            name: "p".into(),
            origin: "Azure".into(),
            body: json!({"sku": {"name": sku}}),
        };
        assert!(child_wanted(
            "microsoft.cdn/profiles",
            &profile("Premium_AzureFrontDoor")
        ));
        assert!(child_wanted(
            "microsoft.cdn/profiles",
            &profile("standard_azurefrontdoor")
        ));
        assert!(!child_wanted("microsoft.cdn/profiles", &profile("Standard_Microsoft")));
        assert!(!child_wanted("microsoft.cdn/profiles", &profile("")));
        assert!(child_wanted("microsoft.apimanagement/service", &profile("")));
    }

    #[test]
    fn request_debug_hides_header_values() {
        let url = Url::parse("https://management.azure.com/").unwrap();
        let r = Request {
            method: Method::Get,
            url: &url,
            headers: vec![("authorization", "Bearer sekrit".into())],
            body: None,
            timeout: Duration::from_secs(1),
        };
        assert!(!format!("{r:?}").contains("sekrit"));
    }
}
