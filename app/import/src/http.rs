//! The real HTTP transport: `reqwest` over rustls, driven by a small tokio
//! runtime so that callers stay blocking. Redirects are not followed (a
//! redirect could carry the token elsewhere) and no proxy is used.

use std::sync::Arc;

use crate::transport::{Method, Request, Response, Transport, TransportError};

/// HTTP over `reqwest`.
#[derive(Debug)]
pub struct HttpTransport {
    runtime: Arc<tokio::runtime::Runtime>,
    client: reqwest::Client,
}

impl HttpTransport {
    /// A transport with its own runtime (two worker threads).
    pub fn new() -> Result<HttpTransport, TransportError> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .map_err(|e| TransportError::Other(format!("could not start the HTTP runtime: {e}")))?;
        HttpTransport::with_runtime(Arc::new(runtime))
    }

    /// A transport on a shared runtime (the one `azure_identity` credentials use).
    pub fn with_runtime(runtime: Arc<tokio::runtime::Runtime>) -> Result<HttpTransport, TransportError> {
        crate::tls::install_crypto();
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .user_agent(concat!("netdraft-import/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| TransportError::Other(format!("could not build the HTTP client: {e}")))?;
        Ok(HttpTransport { runtime, client })
    }

    /// The runtime, to share with a credential.
    pub fn runtime(&self) -> Arc<tokio::runtime::Runtime> {
        Arc::clone(&self.runtime)
    }
}

fn transport_error(e: &reqwest::Error) -> TransportError {
    // reqwest's messages name the URL, never header values.
    if e.is_timeout() {
        TransportError::Timeout
    } else if e.is_connect() {
        TransportError::Connect(e.to_string())
    } else {
        TransportError::Other(e.to_string())
    }
}

impl Transport for HttpTransport {
    fn send(&self, request: &Request<'_>) -> Result<Response, TransportError> {
        let method = match request.method {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            other => {
                return Err(TransportError::Refused(format!(
                    "{} is never sent by the import",
                    other.as_str()
                )));
            }
        };
        let mut builder = self
            .client
            .request(method, request.url.as_str())
            .timeout(request.timeout);
        for (k, v) in &request.headers {
            builder = builder.header(*k, v);
        }
        if let Some(body) = request.body {
            builder = builder.body(body.to_vec());
        }
        self.runtime.block_on(async {
            let r = builder.send().await.map_err(|e| transport_error(&e))?;
            let status = r.status().as_u16();
            let headers = r
                .headers()
                .iter()
                .filter_map(|(k, v)| v.to_str().ok().map(|v| (k.as_str().to_owned(), v.to_owned())))
                .collect();
            let body = r.bytes().await.map_err(|e| transport_error(&e))?.to_vec();
            Ok(Response { status, headers, body })
        })
    }
}
