//! The ARM client: one call with its retries and throttling, paging by
//! `nextLink`, the Resource Graph query paged by `$skipToken`, and the
//! counters behind [`Progress`].

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use url::Url;

use super::{RESOURCE_GRAPH_API, RESOURCE_GRAPH_TOP};
use crate::auth::{TokenSource, check_endpoint};
use crate::raw::get_ci;
use crate::transport::{Method, RESOURCE_GRAPH_PATH, ReadOnly, Request, Response, Transport, TransportError};

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

/// Why one call failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum CallError {
    Cancelled,
    Denied { status: u16, detail: String },
    Status { status: u16, detail: String },
    Malformed(String),
    Transport(TransportError),
    Throttled(String),
    Link(String),
    Auth(String),
}

pub(super) struct Client<'a> {
    transport: ReadOnly<&'a dyn Transport>,
    pub(super) token: &'a dyn TokenSource,
    pub(super) options: &'a AzureOptions,
    cancel: &'a AtomicBool,
    progress: &'a (dyn Fn(&Progress) + Sync),
    pub(super) requests: AtomicU64,
    pub(super) retries: AtomicU64,
    resources: AtomicU64,
    calls_done: AtomicU64,
    pub(super) calls_total: AtomicU64,
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
    pub(super) fn new(
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
    pub(super) fn call(&self, url: &Url, body: Option<&[u8]>) -> Result<Value, CallError> {
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
    pub(super) fn list(&self, first: Url) -> Result<Vec<Value>, CallError> {
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
    pub(super) fn graph(&self, subscriptions: &[String], query: &str) -> Result<Vec<Value>, CallError> {
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
    /// its own ([`crate::auth::check_arm_root`]), so `path` is the whole path, as for
    /// requests made to ARM ids and as [`ReadOnly`] expects.
    pub(super) fn url(&self, path: &str, api: &str) -> Url {
        let mut u = self.options.arm_endpoint.clone();
        u.set_path(path);
        u.set_query(Some(&format!("api-version={api}")));
        u
    }

    pub(super) fn report_progress(&self, message: String) {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
