//! A real `azure_identity` credential (client secret) whose HTTP goes to an
//! in-process Microsoft Entra token endpoint, driving a live import against
//! the local ARM server: the bearer token ARM receives is the one the token
//! endpoint issued, for the scope derived from the ARM endpoint, and neither
//! the token nor the client secret appears in the report, design or errors.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use azure_core::http::headers::Headers;
use azure_core::http::{AsyncRawResponse, Body, ClientOptions, HttpClient, Request, RetryOptions, StatusCode};
use netdraft_import::auth::{CredentialKind, IdentityToken, TokenSource, scope_for};
use netdraft_import::http::HttpTransport;
use netdraft_import::{AzureOptions, ImportError, RetryPolicy, import_azure};
use support::{SUB, Server, hub_spoke};
use url::Url;

const TENANT: &str = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const CLIENT: &str = "6e1b3c52-8f2a-4d7e-9b1a-5c0d4e3f2a10";
const SECRET: &str = "client-secret-Qx7~never-shown";
const ISSUED: &str = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.entra-issued-3c9d.sig";
/// A reserved name (RFC 6761): nothing resolves it; no request leaves the process.
const AUTHORITY: &str = "https://login.netdraft.test";

/// One token request as the endpoint saw it.
#[derive(Debug, Clone)]
struct TokenRequest {
    url: String,
    method: String,
    form: Vec<(String, String)>,
}

/// Microsoft Entra's token endpoint, in-process: answers
/// `{authority}/{tenant}/oauth2/v2.0/token` with `access_token` and
/// `expires_in`, or `error` when `deny` is set.
#[derive(Debug)]
struct Entra {
    seen: Mutex<Vec<TokenRequest>>,
    deny: bool,
}

#[async_trait::async_trait]
impl HttpClient for Entra {
    async fn execute_request(&self, request: &Request) -> azure_core::Result<AsyncRawResponse> {
        let form = match request.body() {
            Body::Bytes(b) => url::form_urlencoded::parse(b).into_owned().collect(),
            Body::SeekableStream(_) => vec![],
        };
        self.seen.lock().unwrap().push(TokenRequest {
            url: request.url().to_string(),
            method: format!("{:?}", request.method()),
            form,
        });
        let expected = format!("{AUTHORITY}/{TENANT}/oauth2/v2.0/token");
        let (status, body) = if self.deny || request.url().as_str() != expected {
            (
                StatusCode::BadRequest,
                serde_json::json!({"error": "invalid_client",
                    "error_description": "AADSTS7000215: Invalid client secret provided.",
                    "error_codes": [7_000_215]}),
            )
        } else {
            (
                StatusCode::Ok,
                serde_json::json!({"token_type": "Bearer", "expires_in": 3599, "ext_expires_in": 3599,
                                   "access_token": ISSUED}),
            )
        };
        let mut headers = Headers::new();
        headers.insert("content-type", "application/json");
        Ok(AsyncRawResponse::from_bytes(status, headers, body.to_string()))
    }
}

fn credential(entra: &Arc<Entra>) -> Arc<dyn azure_core::credentials::TokenCredential> {
    let o = ClientOptions {
        transport: Some(azure_core::http::Transport::new(
            Arc::clone(entra) as Arc<dyn HttpClient>
        )),
        retry: RetryOptions::none(),
        ..ClientOptions::default()
    };
    let env = |name: &str| {
        match name {
            "AZURE_TENANT_ID" => Some(TENANT),
            "AZURE_CLIENT_ID" => Some(CLIENT),
            "AZURE_CLIENT_SECRET" => Some(SECRET),
            _ => None,
        }
        .map(str::to_owned)
    };
    let authority = Url::parse(AUTHORITY).unwrap();
    IdentityToken::credential_with(CredentialKind::ClientSecret, Some(&authority), &env, o).unwrap()
}

fn options(server: &Server) -> AzureOptions {
    let mut o = AzureOptions::new(Url::parse(&server.base).unwrap());
    o.subscriptions = vec![SUB.to_owned()];
    o.timeout = Duration::from_secs(5);
    o.retry = RetryPolicy {
        attempts: 2,
        base_delay: Duration::from_millis(20),
        max_delay: Duration::from_millis(50),
        max_retry_after: Duration::from_secs(2),
    };
    o
}

#[test]
fn an_entra_issued_token_reaches_arm_and_nowhere_else() {
    let server = Server::start();
    hub_spoke(&server);
    let o = options(&server);
    let entra = Arc::new(Entra {
        seen: Mutex::new(vec![]),
        deny: false,
    });
    let transport = HttpTransport::new().unwrap();
    let token = IdentityToken::new(transport.runtime(), credential(&entra), &o.arm_endpoint);
    let imported = import_azure(&o, &transport, &token, &|_| {}, &AtomicBool::new(false)).unwrap();

    // The token endpoint was asked once (the token is cached), for the ARM endpoint's scope.
    let asked = entra.seen.lock().unwrap().clone();
    assert_eq!(asked.len(), 1, "{asked:?}");
    let form = |k: &str| asked[0].form.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    assert_eq!(asked[0].url, format!("{AUTHORITY}/{TENANT}/oauth2/v2.0/token"));
    assert_eq!(asked[0].method, "Post");
    assert_eq!(form("scope"), Some(scope_for(&o.arm_endpoint)));
    assert_eq!(form("scope").unwrap(), format!("{}/.default", server.base));
    assert_eq!(form("grant_type").as_deref(), Some("client_credentials"));
    assert_eq!(form("client_id").as_deref(), Some(CLIENT));

    // ARM received exactly that token, on every request.
    let seen = server.seen();
    assert!(seen.len() > 10);
    assert!(
        seen.iter()
            .all(|s| s.authorization.as_deref() == Some(&format!("Bearer {ISSUED}")[..])),
        "{seen:?}"
    );
    assert!(imported.design.get("vnet-hub").is_some());

    // Neither the token nor the secret is in the report, the design or any Debug output.
    let outputs = [
        imported.report.to_markdown(),
        format!("{:?}", imported.report),
        netdraft_core::file::to_toml(&imported.design),
        format!("{token:?}"),
        format!("{:?}", token.token().unwrap()),
    ];
    for text in &outputs {
        assert!(!text.contains(ISSUED) && !text.contains(SECRET), "{text}");
    }
}

#[test]
fn a_refused_credential_stops_the_import_with_a_message_that_leaks_nothing() {
    let server = Server::start();
    hub_spoke(&server);
    let o = options(&server);
    let entra = Arc::new(Entra {
        seen: Mutex::new(vec![]),
        deny: true,
    });
    let transport = HttpTransport::new().unwrap();
    let token = IdentityToken::new(transport.runtime(), credential(&entra), &o.arm_endpoint);
    let e = token.token().unwrap_err();
    assert!(
        e.contains(&scope_for(&o.arm_endpoint)) && e.contains("AADSTS7000215"),
        "{e}"
    );
    assert!(!e.contains(SECRET), "{e}");

    // The import stops with that one error; no request reaches ARM without a token.
    let r = import_azure(&o, &transport, &token, &|_| {}, &AtomicBool::new(false));
    let Err(e @ ImportError::Auth(_)) = r else {
        panic!("{r:?}")
    };
    let msg = e.to_string();
    assert!(msg.starts_with("authentication failed: could not get a token"), "{msg}");
    assert!(!msg.contains(SECRET) && !format!("{e:?}").contains(SECRET));
    assert!(server.seen().is_empty(), "{:?}", server.seen());
}

#[test]
fn the_authority_must_be_https() {
    let entra = Arc::new(Entra {
        seen: Mutex::new(vec![]),
        deny: false,
    });
    let o = ClientOptions {
        transport: Some(azure_core::http::Transport::new(entra as Arc<dyn HttpClient>)),
        ..ClientOptions::default()
    };
    let authority = Url::parse("http://127.0.0.1:9").unwrap();
    let e = IdentityToken::credential_with(CredentialKind::ClientSecret, Some(&authority), &|_| None, o)
        .err()
        .unwrap()
        .to_string();
    // The backstop names no CLI flag (the designer shows it too); callers
    // check their setting first with `auth::authority`, which names it.
    assert!(e.starts_with("authority host:") && e.contains("https"), "{e}");
    let e = netdraft_import::auth::authority("http://127.0.0.1:9", "--authority-host")
        .unwrap_err()
        .to_string();
    assert!(e.starts_with("--authority-host:") && e.contains("https"), "{e}");
    // A missing setting is named.
    let e = IdentityToken::credential_with(CredentialKind::ClientSecret, None, &|_| None, ClientOptions::default())
        .err()
        .unwrap()
        .to_string();
    assert!(e.contains("AZURE_TENANT_ID"), "{e}");
}
