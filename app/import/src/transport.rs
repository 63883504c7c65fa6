//! Requests, responses and the one way they leave the import: the
//! [`Transport`] trait and the [`ReadOnly`] layer over it, which refuses
//! anything that could change Azure before it reaches the wire.

use std::fmt;
use std::time::Duration;

use url::Url;

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

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

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
