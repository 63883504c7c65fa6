//! Signing in to Azure Resource Manager and reading it, for the import
//! dialog: the credentials offered, the connection kept between listing the
//! subscriptions and importing them, and the two jobs the worker runs.

use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};

use netdraft_import::auth::{CredentialKind, TokenSource};
use netdraft_import::{AzureOptions, Progress, Subscription, Transport};

use super::SignIn;

/// How to sign in to Azure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Credential {
    /// Azure CLI, then Azure Developer CLI (whoever is signed in on this machine).
    #[default]
    DeveloperTools,
    AzureCli,
    ClientSecret,
    WorkloadIdentity,
    ManagedIdentity,
    /// A bearer token obtained elsewhere (`az account get-access-token`).
    AccessToken,
}

impl Credential {
    pub const ALL: &'static [Credential] = &[
        Credential::DeveloperTools,
        Credential::AzureCli,
        Credential::ClientSecret,
        Credential::WorkloadIdentity,
        Credential::ManagedIdentity,
        Credential::AccessToken,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Credential::DeveloperTools => "Developer tools (Azure CLI, azd)",
            Credential::AzureCli => "Azure CLI",
            Credential::ClientSecret => "Service principal (client secret)",
            Credential::WorkloadIdentity => "Workload identity",
            Credential::ManagedIdentity => "Managed identity",
            Credential::AccessToken => "Access token",
        }
    }

    pub fn hint(self) -> &'static str {
        match self {
            Credential::DeveloperTools => "Whoever is signed in with `az login` or `azd auth login` on this machine",
            Credential::AzureCli => "The account `az login` signed in",
            Credential::ClientSecret => "AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET from the environment",
            Credential::WorkloadIdentity => {
                "The federated token file AKS workload identity mounts (AZURE_FEDERATED_TOKEN_FILE)"
            }
            Credential::ManagedIdentity => "The managed identity of the VM or container netdraft runs in",
            Credential::AccessToken => {
                "A bearer token for Azure Resource Manager, e.g. from `az account get-access-token`; kept in memory only"
            }
        }
    }

    pub(super) fn kind(self) -> Option<CredentialKind> {
        Some(match self {
            Credential::DeveloperTools => CredentialKind::DeveloperTools,
            Credential::AzureCli => CredentialKind::AzureCli,
            Credential::ClientSecret => CredentialKind::ClientSecret,
            Credential::WorkloadIdentity => CredentialKind::WorkloadIdentity,
            Credential::ManagedIdentity => CredentialKind::ManagedIdentity,
            Credential::AccessToken => return None,
        })
    }
}

/// A signed-in connection to Azure Resource Manager, kept between listing the
/// subscriptions and importing them.
pub struct Connection {
    pub options: AzureOptions,
    pub transport: Arc<dyn Transport>,
    pub token: Arc<dyn TokenSource>,
}

impl std::fmt::Debug for Connection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Connection")
            .field("arm_endpoint", &self.options.arm_endpoint.as_str())
            .finish_non_exhaustive()
    }
}

/// The HTTP client imports use; tests give their own (see [`crate::Config`]).
#[derive(Clone)]
pub struct AzureTransport(pub Arc<dyn Transport>);

impl std::fmt::Debug for AzureTransport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AzureTransport")
    }
}

/// Signs in as `s` asked: the HTTP client (the test's when `injected`) and
/// the token source, built as the command line builds them. Runs on the
/// worker; nothing here touches the network until the first call.
pub fn connect(s: &SignIn, injected: Option<&AzureTransport>) -> Result<Connection, String> {
    let http = netdraft_import::http::HttpTransport::new().map_err(|e| e.to_string())?;
    let token = netdraft_import::auth::token_source(&s.method, s.authority_host.as_ref(), &s.arm_endpoint, &http)
        .map_err(|e| e.to_string())?;
    let transport: Arc<dyn Transport> = match injected {
        Some(t) => t.0.clone(),
        None => Arc::new(http),
    };
    Ok(Connection {
        options: AzureOptions::new(s.arm_endpoint.clone()),
        transport,
        token: Arc::from(token),
    })
}

/// The sign-in job (on the worker): connect as `sign_in` asks and list the
/// subscriptions the identity can read.
pub fn sign_in_job(
    sign_in: SignIn,
    injected: Option<AzureTransport>,
) -> impl FnOnce() -> Result<(Arc<Connection>, Vec<Subscription>), String> + Send + 'static {
    move || {
        connect(&sign_in, injected.as_ref()).and_then(|c| {
            netdraft_import::list_subscriptions(&c.options, c.transport.as_ref(), c.token.as_ref(), &sign_in.cancel)
                .map(|subs| (Arc::new(c), subs))
                .map_err(|e| e.to_string())
        })
    }
}

/// The import job (on the worker): read `subscriptions` (only
/// `resource_groups`, when any) through `connection`, reporting progress
/// into `progress` and waking the window at each step, until done or
/// `cancel`led.
pub fn import_job(
    connection: Arc<Connection>,
    subscriptions: Vec<String>,
    resource_groups: Vec<String>,
    progress: Arc<Mutex<Progress>>,
    cancel: Arc<AtomicBool>,
    repaint: egui::Context,
) -> impl FnOnce() -> Result<Box<netdraft_import::Imported>, String> + Send + 'static {
    move || {
        let mut options = connection.options.clone();
        options.subscriptions = subscriptions;
        options.resource_groups = resource_groups;
        let report = |p: &Progress| {
            if let Ok(mut slot) = progress.lock() {
                *slot = p.clone();
            }
            repaint.request_repaint();
        };
        netdraft_import::import_azure(
            &options,
            connection.transport.as_ref(),
            connection.token.as_ref(),
            &report,
            &cancel,
        )
        .map(Box::new)
        .map_err(|e| e.to_string())
    }
}
