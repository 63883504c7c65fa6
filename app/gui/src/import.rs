//! File > Import: from Azure (credential, sign-in, subscription pick list,
//! progress, cancel) or from saved `az … -o json` files. The dialog's state
//! is here, its window in `import/ui.rs`, signing in and reading Azure in [`azure`].
//! The dialog only draws and returns what the user asked for
//! ([`ImportIntent`]); the app runs the work on its worker and feeds the
//! results back ([`ImportDialog::signed_in`], [`ImportDialog::failed`]). The
//! import itself is `netdraft-import`: read-only, tokens never stored or shown.

pub mod azure;
mod ui;

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use netdraft_import::{AccessToken, Progress, Subscription};

pub use azure::{AzureTransport, Connection, Credential, connect};

/// Where the import reads from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Source {
    #[default]
    Azure,
    Json,
}

/// What the dialog is doing.
#[derive(Debug, Clone)]
pub enum Stage {
    /// Choosing how to sign in (or which files).
    Setup,
    /// Listing the subscriptions the identity can read.
    SigningIn { cancel: Arc<AtomicBool> },
    /// Choosing subscriptions.
    Pick {
        connection: Arc<Connection>,
        subscriptions: Vec<(Subscription, bool)>,
    },
    /// An import finished while unsaved work waited: open it, or drop it.
    Done(Box<netdraft_import::Imported>),
    /// Importing; progress comes from the worker.
    Importing {
        progress: Arc<Mutex<Progress>>,
        cancel: Arc<AtomicBool>,
        /// Where a failed or cancelled import goes back to.
        back: Box<Stage>,
    },
}

/// What the user asked the import dialog for.
#[derive(Debug)]
pub enum ImportIntent {
    /// Sign in and list subscriptions.
    SignIn(SignIn),
    /// Import these subscriptions over this connection.
    Import {
        connection: Arc<Connection>,
        subscriptions: Vec<String>,
        resource_groups: Vec<String>,
    },
    /// Add JSON files with the native file dialog.
    PickFiles,
    /// Import these JSON files.
    ImportJson(Vec<PathBuf>),
    /// Open a finished import (after the unsaved-changes prompt).
    Open(Box<netdraft_import::Imported>),
    Close,
}

/// The settings a sign-in needs (the token, when given, stays in memory;
/// its `Debug` is redacted).
#[derive(Debug, Clone)]
pub struct SignIn {
    pub method: netdraft_import::auth::SignIn,
    pub arm_endpoint: url::Url,
    pub authority_host: Option<url::Url>,
    pub cancel: Arc<AtomicBool>,
}

/// The import dialog's state. `Debug` leaves the typed token out.
#[derive(Clone)]
pub struct ImportDialog {
    pub source: Source,
    pub credential: Credential,
    pub access_token: String,
    pub arm_endpoint: String,
    pub authority_host: String,
    /// Resource groups to keep, comma-separated; empty: all.
    pub resource_groups: String,
    pub files: Vec<PathBuf>,
    pub typed_path: String,
    pub stage: Stage,
    /// Why the last step failed.
    pub error: Option<String>,
    /// Compare the open design with what the import reads (drift) instead of opening it.
    pub compare: bool,
}

impl std::fmt::Debug for ImportDialog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let token = if self.access_token.is_empty() { "" } else { "<redacted>" };
        f.debug_struct("ImportDialog")
            .field("source", &self.source)
            .field("credential", &self.credential)
            .field("access_token", &token)
            .field("arm_endpoint", &self.arm_endpoint)
            .field("authority_host", &self.authority_host)
            .field("resource_groups", &self.resource_groups)
            .field("files", &self.files)
            .field("typed_path", &self.typed_path)
            .field("stage", &self.stage)
            .field("error", &self.error)
            .field("compare", &self.compare)
            .finish()
    }
}

impl ImportDialog {
    /// A dialog for `source`; endpoints default to the environment's settings
    /// (`NETDRAFT_ARM_ENDPOINT`, `NETDRAFT_AUTHORITY_HOST`), as on the command line.
    pub fn new(source: Source, arm_endpoint: Option<String>, authority_host: Option<String>) -> ImportDialog {
        ImportDialog {
            source,
            credential: Credential::default(),
            access_token: String::new(),
            arm_endpoint: arm_endpoint.unwrap_or_else(|| "https://management.azure.com".to_owned()),
            authority_host: authority_host.unwrap_or_default(),
            resource_groups: String::new(),
            files: Vec::new(),
            typed_path: String::new(),
            stage: Stage::Setup,
            error: None,
            compare: false,
        }
    }

    /// Whether work is running that Cancel would stop.
    pub fn is_busy(&self) -> bool {
        matches!(self.stage, Stage::SigningIn { .. } | Stage::Importing { .. })
    }

    /// Subscriptions arrived: show the pick list (enabled ones ticked).
    pub fn signed_in(&mut self, connection: Arc<Connection>, subscriptions: Vec<Subscription>) {
        self.error = None;
        let subscriptions = subscriptions
            .into_iter()
            .map(|s| {
                let on = s.state.is_empty() || s.state.eq_ignore_ascii_case("enabled");
                (s, on)
            })
            .collect();
        self.stage = Stage::Pick {
            connection,
            subscriptions,
        };
    }

    /// A step failed (or was cancelled): say why and go back one step.
    pub fn failed(&mut self, message: String) {
        self.error = Some(message);
        self.stage = match std::mem::replace(&mut self.stage, Stage::Setup) {
            Stage::Importing { back, .. } => *back,
            Stage::Setup | Stage::SigningIn { .. } | Stage::Done(_) => Stage::Setup,
            pick @ Stage::Pick { .. } => pick,
        };
    }

    /// Starts an import: progress and cancel shared with the worker.
    pub fn start_import(&mut self) -> (Arc<Mutex<Progress>>, Arc<AtomicBool>) {
        let progress = Arc::new(Mutex::new(Progress {
            requests: 0,
            resources: 0,
            calls_done: 0,
            calls_total: 0,
            message: "starting".to_owned(),
        }));
        let cancel = Arc::new(AtomicBool::new(false));
        let back = Box::new(std::mem::replace(&mut self.stage, Stage::Setup));
        self.stage = Stage::Importing {
            progress: progress.clone(),
            cancel: cancel.clone(),
            back,
        };
        self.error = None;
        (progress, cancel)
    }

    /// Adds JSON files (no duplicates).
    pub fn add_files(&mut self, paths: impl IntoIterator<Item = PathBuf>) {
        for p in paths {
            if !self.files.contains(&p) {
                self.files.push(p);
            }
        }
    }

    fn resource_group_list(&self) -> Vec<String> {
        self.resource_groups
            .split([',', ' ', ';'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect()
    }

    /// Checks the sign-in settings.
    fn sign_in(&self) -> Result<SignIn, String> {
        let arm_endpoint =
            netdraft_import::auth::endpoint(self.arm_endpoint.trim(), "ARM endpoint").map_err(|e| e.to_string())?;
        let authority_host = match self.authority_host.trim() {
            "" => None,
            a => Some(netdraft_import::auth::authority(a, "Authority host").map_err(|e| e.to_string())?),
        };
        let method = match self.credential.kind() {
            Some(kind) => netdraft_import::auth::SignIn::Identity(kind),
            None if self.access_token.trim().is_empty() => {
                return Err("Access token: paste a bearer token (e.g. from `az account get-access-token`)".to_owned());
            }
            None => netdraft_import::auth::SignIn::Token(AccessToken::new(self.access_token.trim())),
        };
        Ok(SignIn {
            method,
            arm_endpoint,
            authority_host,
            cancel: Arc::new(AtomicBool::new(false)),
        })
    }

    /// Whether running work was asked to stop and has not reported back yet.
    pub fn cancelling(&self) -> bool {
        match &self.stage {
            Stage::SigningIn { cancel } | Stage::Importing { cancel, .. } => cancel.load(Ordering::Relaxed),
            Stage::Setup | Stage::Pick { .. } | Stage::Done(_) => false,
        }
    }

    /// Asks running work to stop (it reports back as cancelled).
    pub fn cancel(&mut self) {
        match &self.stage {
            Stage::SigningIn { cancel } | Stage::Importing { cancel, .. } => cancel.store(true, Ordering::Relaxed),
            Stage::Setup | Stage::Pick { .. } | Stage::Done(_) => {}
        }
    }
}
