//! Tokens and where they may be sent.
//!
//! A token is a secret: [`AccessToken`] never shows it in `Debug` or
//! `Display`, errors never include it, and nothing writes it anywhere. A URL
//! may receive one only over https, or over plain http to a loopback address
//! (a local test server or proxy): [`check_endpoint`].

use std::fmt;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use azure_core::credentials::TokenCredential;
use url::Url;

use crate::ImportError;

/// A bearer token. Its `Debug` shows no part of it.
#[derive(Clone, PartialEq, Eq)]
pub struct AccessToken(String);

impl AccessToken {
    pub fn new(secret: impl Into<String>) -> AccessToken {
        AccessToken(secret.into())
    }

    /// The secret itself, for the `Authorization` header only.
    pub fn secret(&self) -> &str {
        &self.0
    }
}

/// Parsing (a command-line value) trims the surrounding whitespace.
impl std::str::FromStr for AccessToken {
    type Err = std::convert::Infallible;

    fn from_str(s: &str) -> Result<AccessToken, Self::Err> {
        Ok(AccessToken::new(s.trim()))
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AccessToken(<redacted>)")
    }
}

/// Where tokens come from.
pub trait TokenSource: Send + Sync {
    /// A current token for the ARM endpoint. The error message must not contain a token.
    fn token(&self) -> Result<AccessToken, String>;
}

/// A token obtained elsewhere (`--access-token`, `NETDRAFT_ACCESS_TOKEN`).
#[derive(Debug, Clone)]
pub struct StaticToken(pub AccessToken);

impl TokenSource for StaticToken {
    fn token(&self) -> Result<AccessToken, String> {
        Ok(self.0.clone())
    }
}

/// Refuses URLs a token must not be sent to: anything but https, except
/// plain http to a loopback address.
pub fn check_endpoint(url: &Url, setting: &str) -> Result<(), ImportError> {
    let refuse = |message: String| ImportError::Setting {
        setting: setting.to_owned(),
        message,
    };
    match url.scheme() {
        "https" => Ok(()),
        "http" if is_loopback(url) => Ok(()),
        "http" => Err(refuse(format!(
            "{url} uses plain http to a host that is not a loopback address; a token is sent over http only to 127.0.0.1, ::1 or localhost. Use https"
        ))),
        other => Err(refuse(format!("{url}: scheme `{other}` is not supported; use https"))),
    }
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

/// Parses and checks an ARM endpoint setting: https (or http to loopback),
/// and the host only ([`check_arm_root`]).
pub fn endpoint(text: &str, setting: &str) -> Result<Url, ImportError> {
    let url = Url::parse(text.trim()).map_err(|e| ImportError::Setting {
        setting: setting.to_owned(),
        message: format!("`{text}` is not a URL ({e}); e.g. https://management.azure.com"),
    })?;
    check_endpoint(&url, setting)?;
    check_arm_root(&url, setting)?;
    Ok(url)
}

/// Refuses an ARM endpoint with a path (other than `/`), a query or a
/// fragment. Requests go to ARM ids, which are absolute paths
/// (`/subscriptions/…`), and [`crate::transport::ReadOnly`] allows POST only to
/// exactly the Resource Graph path: a base path could not be kept
/// consistently, so an endpoint is its scheme, host and port only.
pub fn check_arm_root(url: &Url, setting: &str) -> Result<(), ImportError> {
    if url.path() != "/" || url.query().is_some() || url.fragment().is_some() {
        let mut host = url.clone();
        host.set_path("");
        host.set_query(None);
        host.set_fragment(None);
        return Err(ImportError::Setting {
            setting: setting.to_owned(),
            message: format!(
                "{url}: give the host only, with no path or query (e.g. {})",
                host.as_str().trim_end_matches('/')
            ),
        });
    }
    Ok(())
}

/// Parses and checks a Microsoft Entra authority host setting (sovereign
/// clouds, e.g. `https://login.microsoftonline.us`): a URL over https, as
/// `azure_identity` requires. Errors name `setting`.
pub fn authority(text: &str, setting: &str) -> Result<Url, ImportError> {
    let refuse = |message: String| ImportError::Setting {
        setting: setting.to_owned(),
        message,
    };
    let url = Url::parse(text.trim()).map_err(|e| {
        refuse(format!(
            "`{text}` is not a URL ({e}); e.g. https://login.microsoftonline.us"
        ))
    })?;
    if url.scheme() != "https" {
        return Err(refuse(format!(
            "{url}: the Microsoft Entra authority must use https (azure_identity refuses others)"
        )));
    }
    Ok(url)
}

/// Which `azure_identity` credential to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CredentialKind {
    /// Azure CLI, then Azure Developer CLI.
    #[default]
    DeveloperTools,
    AzureCli,
    /// `AZURE_TENANT_ID`, `AZURE_CLIENT_ID`, `AZURE_CLIENT_SECRET`.
    ClientSecret,
    /// The federated token file AKS workload identity mounts (`AZURE_FEDERATED_TOKEN_FILE`).
    WorkloadIdentity,
    ManagedIdentity,
}

/// How to sign in: a bearer token obtained elsewhere, or an `azure_identity` credential.
#[derive(Debug, Clone)]
pub enum SignIn {
    Token(AccessToken),
    Identity(CredentialKind),
}

/// The token source a sign-in asks for (the CLI and the designer both build
/// theirs here). Identity credentials run on `transport`'s runtime and log in
/// at `authority` (sovereign clouds) for the `arm` endpoint's scope.
pub fn token_source(
    sign_in: &SignIn,
    authority: Option<&Url>,
    arm: &Url,
    transport: &crate::http::HttpTransport,
) -> Result<Box<dyn TokenSource>, ImportError> {
    Ok(match sign_in {
        SignIn::Token(token) => Box::new(StaticToken(token.clone())),
        SignIn::Identity(kind) => {
            let credential = IdentityToken::credential(*kind, authority)?;
            Box::new(IdentityToken::new(transport.runtime(), credential, arm))
        }
    })
}

/// A token from an `azure_identity` credential, cached until five minutes before it expires.
pub struct IdentityToken {
    runtime: Arc<tokio::runtime::Runtime>,
    credential: Arc<dyn TokenCredential>,
    scope: String,
    cache: Mutex<Option<(AccessToken, Instant)>>,
}

impl fmt::Debug for IdentityToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IdentityToken")
            .field("scope", &self.scope)
            .finish_non_exhaustive()
    }
}

/// The token scope for an ARM endpoint: `https://management.azure.com/.default`.
pub fn scope_for(arm: &Url) -> String {
    format!("{}/.default", arm.as_str().trim_end_matches('/'))
}

impl IdentityToken {
    /// Wraps a credential; `runtime` drives its async calls.
    pub fn new(
        runtime: Arc<tokio::runtime::Runtime>,
        credential: Arc<dyn TokenCredential>,
        arm: &Url,
    ) -> IdentityToken {
        IdentityToken {
            runtime,
            credential,
            scope: scope_for(arm),
            cache: Mutex::new(None),
        }
    }

    /// Builds the chosen credential; `authority` is the login host (sovereign clouds).
    /// Settings come from the process environment.
    pub fn credential(kind: CredentialKind, authority: Option<&Url>) -> Result<Arc<dyn TokenCredential>, ImportError> {
        IdentityToken::credential_with(
            kind,
            authority,
            &|name| std::env::var(name).ok(),
            azure_core::http::ClientOptions::default(),
        )
    }

    /// Builds the chosen credential with the given `azure_core` client options
    /// (their HTTP transport and retry policy; the cloud is set from
    /// `authority`) and settings looked up with `env` (`AZURE_TENANT_ID`, …).
    /// The client-secret and workload-identity credentials use the options;
    /// the developer-tool and managed-identity ones ignore them.
    pub fn credential_with(
        kind: CredentialKind,
        authority: Option<&Url>,
        env: &dyn Fn(&str) -> Option<String>,
        mut client_options: azure_core::http::ClientOptions,
    ) -> Result<Arc<dyn TokenCredential>, ImportError> {
        use azure_identity::{
            AzureCliCredential, ClientSecretCredential, ClientSecretCredentialOptions, DeveloperToolsCredential,
            ManagedIdentityCredential, WorkloadIdentityCredential, WorkloadIdentityCredentialOptions,
        };
        // The credential builds its own HTTP client, which needs the crypto provider.
        crate::tls::install_crypto();
        let auth = |e: azure_core::Error| ImportError::Auth(e.to_string());
        if let Some(a) = authority {
            // azure_identity sends credentials to https authorities only.
            // Callers check their setting with [`authority`], which names it;
            // this is the backstop for a `Url` built elsewhere.
            if a.scheme() != "https" {
                return Err(ImportError::Setting {
                    setting: "authority host".into(),
                    message: format!(
                        "{a}: the Microsoft Entra authority must use https (azure_identity refuses others)"
                    ),
                });
            }
            let mut custom = azure_core::cloud::CustomConfiguration::default();
            a.as_str().trim_end_matches('/').clone_into(&mut custom.authority_host);
            client_options.cloud = Some(Arc::new(azure_core::cloud::CloudConfiguration::from(custom)));
        }
        let var = |name: &str| {
            env(name).filter(|v| !v.trim().is_empty()).ok_or_else(|| {
                ImportError::Auth(format!(
                    "the client-secret credential needs {name} (with AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET set)"
                ))
            })
        };
        Ok(match kind {
            CredentialKind::DeveloperTools => DeveloperToolsCredential::new(None).map_err(auth)?,
            CredentialKind::AzureCli => AzureCliCredential::new(None).map_err(auth)?,
            CredentialKind::ClientSecret => ClientSecretCredential::new(
                &var("AZURE_TENANT_ID")?,
                var("AZURE_CLIENT_ID")?,
                var("AZURE_CLIENT_SECRET")?.into(),
                Some(ClientSecretCredentialOptions { client_options }),
            )
            .map_err(auth)?,
            CredentialKind::WorkloadIdentity => {
                let mut o = WorkloadIdentityCredentialOptions::default();
                o.credential_options.client_options = client_options;
                WorkloadIdentityCredential::new(Some(o)).map_err(auth)?
            }
            CredentialKind::ManagedIdentity => ManagedIdentityCredential::new(None).map_err(auth)?,
        })
    }
}

impl TokenSource for IdentityToken {
    fn token(&self) -> Result<AccessToken, String> {
        if let Ok(cache) = self.cache.lock()
            && let Some((t, until)) = cache.as_ref()
            && Instant::now() < *until
        {
            return Ok(t.clone());
        }
        let scopes = [self.scope.as_str()];
        let got = self
            .runtime
            .block_on(self.credential.get_token(&scopes, None))
            .map_err(|e| format!("could not get a token for {}: {e}", self.scope))?;
        let token = AccessToken::new(got.token.secret());
        let left = got.expires_on - azure_core::time::OffsetDateTime::now_utc();
        let secs = u64::try_from(left.whole_seconds()).unwrap_or(0).saturating_sub(300);
        if let Ok(mut cache) = self.cache.lock() {
            *cache = Some((token.clone(), Instant::now() + Duration::from_secs(secs)));
        }
        Ok(token)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_go_over_http_only_to_loopback() {
        for ok in [
            "https://management.azure.com",
            "http://127.0.0.1:8080",
            "http://[::1]:9",
            "http://localhost:1",
        ] {
            assert!(endpoint(ok, "--arm-endpoint").is_ok(), "{ok}");
        }
        for bad in [
            "http://management.azure.com",
            "http://10.0.0.1",
            "ftp://127.0.0.1",
            "not a url",
        ] {
            let e = endpoint(bad, "--arm-endpoint").unwrap_err().to_string();
            assert!(e.starts_with("--arm-endpoint:"), "{e}");
        }
    }

    #[test]
    fn an_arm_endpoint_is_a_host_without_a_path() {
        for ok in [
            "https://management.usgovcloudapi.net",
            "https://management.usgovcloudapi.net/",
            "http://127.0.0.1:8080/",
        ] {
            assert!(endpoint(ok, "--arm-endpoint").is_ok(), "{ok}");
        }
        for bad in [
            "https://management.usgovcloudapi.net/arm",
            "https://management.usgovcloudapi.net/arm/",
            "https://management.usgovcloudapi.net/?x=1",
            "http://127.0.0.1:8080/prefix",
        ] {
            let e = endpoint(bad, "ARM endpoint").unwrap_err().to_string();
            assert!(e.starts_with("ARM endpoint:") && e.contains("host only"), "{e}");
        }
        let e = endpoint("https://management.usgovcloudapi.net/arm", "--arm-endpoint")
            .unwrap_err()
            .to_string();
        assert!(e.contains("(e.g. https://management.usgovcloudapi.net)"), "{e}");
    }

    #[test]
    fn an_authority_must_be_https_and_errors_name_the_setting() {
        let u = authority(" https://login.microsoftonline.us ", "Authority host").unwrap();
        assert_eq!(u.host_str(), Some("login.microsoftonline.us"));
        // ADFS authorities (Azure Stack) have a path: kept.
        assert_eq!(
            authority("https://adfs.contoso.example/adfs", "x").unwrap().path(),
            "/adfs"
        );
        for (bad, setting) in [
            ("http://127.0.0.1:9", "--authority-host"),
            ("http://login.microsoftonline.us", "Authority host"),
            ("login.microsoftonline.us", "Authority host"),
        ] {
            let e = authority(bad, setting).unwrap_err().to_string();
            assert!(e.starts_with(&format!("{setting}:")), "{e}");
        }
        assert!(
            authority("http://127.0.0.1:9", "Authority host")
                .unwrap_err()
                .to_string()
                .contains("https")
        );
    }

    #[test]
    fn a_token_is_redacted_in_debug() {
        let t = AccessToken::new("very-secret-token");
        assert!(!format!("{t:?}").contains("secret-token"));
        assert!(!format!("{:?}", StaticToken(t)).contains("secret-token"));
    }

    #[test]
    fn scope_follows_the_arm_endpoint() {
        let u = Url::parse("https://management.usgovcloudapi.net/").unwrap();
        assert_eq!(scope_for(&u), "https://management.usgovcloudapi.net/.default");
    }
}
