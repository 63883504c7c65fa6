//! File > Import: from Azure (credential, sign-in, subscription pick list,
//! progress, cancel) or from saved `az … -o json` files. The dialog only
//! draws and returns what the user asked for ([`ImportIntent`]); the app runs
//! the work on its worker ([`crate::handlers`]) and feeds the results back
//! ([`ImportDialog::signed_in`], [`ImportDialog::failed`]). The import itself
//! is `netdraft-import`: read-only, tokens never stored or shown.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use egui::RichText;
use netdraft_import::auth::{CredentialKind, TokenSource};
use netdraft_import::{AccessToken, AzureOptions, Progress, Subscription, Transport};

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

    fn kind(self) -> Option<CredentialKind> {
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

/// Where the import reads from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Source {
    #[default]
    Azure,
    Json,
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

    /// Draws the dialog; returns what the user asked for.
    pub fn ui(&mut self, ctx: &egui::Context) -> Option<ImportIntent> {
        let mut out = None;
        let modal = egui::Modal::new(egui::Id::unique("netdraft-import")).show(ctx, |ui| {
            ui.set_width(560.0);
            ui.heading("Import");
            if let Stage::Done(imported) = &self.stage {
                out = done_ui(ui, imported);
                return;
            }
            let busy = self.is_busy();
            ui.add_enabled_ui(!busy, |ui| {
                ui.horizontal(|ui| {
                    ui.selectable_value(&mut self.source, Source::Azure, "From Azure")
                        .on_hover_text("Read a live subscription (read-only)");
                    ui.selectable_value(&mut self.source, Source::Json, "From JSON files")
                        .on_hover_text("Read saved `az … -o json`, `az graph query` or `az group export` output");
                });
            });
            ui.separator();
            out = match self.source {
                Source::Azure => self.azure_ui(ui),
                Source::Json => self.json_ui(ui),
            };
            if let Some(e) = &self.error {
                ui.add_space(4.0);
                ui.label(RichText::new(e).color(ui.visuals().error_fg_color));
            }
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                // Saved files are read in one go: there is nothing to cancel.
                let cancel = match (&self.stage, self.source) {
                    (Stage::SigningIn { .. }, _) => Some("Cancel sign-in"),
                    (Stage::Importing { .. }, Source::Azure) => Some("Cancel import"),
                    _ => None,
                };
                if busy {
                    if let Some(label) = cancel
                        && ui.button(label).on_hover_text("Stop at the next call").clicked()
                    {
                        self.cancel();
                    }
                } else if ui.button("Close").on_hover_text("Close without importing").clicked() {
                    out = Some(ImportIntent::Close);
                }
            });
        });
        // A click beside the dialog closes it, unless work runs or a finished import waits.
        if modal.should_close() && !self.is_busy() && !matches!(self.stage, Stage::Done(_)) && out.is_none() {
            out = Some(ImportIntent::Close);
        }
        out
    }

    /// Asks running work to stop (it reports back as cancelled).
    pub fn cancel(&mut self) {
        match &self.stage {
            Stage::SigningIn { cancel } | Stage::Importing { cancel, .. } => cancel.store(true, Ordering::Relaxed),
            Stage::Setup | Stage::Pick { .. } | Stage::Done(_) => {}
        }
    }

    /// The credential and endpoint fields.
    fn credential_ui(&mut self, ui: &mut egui::Ui) {
        egui::Grid::new("import-azure")
            .num_columns(2)
            .spacing([8.0, 6.0])
            .show(ui, |ui| {
                let l = ui.label("Sign in with");
                egui::ComboBox::from_id_salt("import-credential")
                    .selected_text(self.credential.label())
                    .width(300.0)
                    .show_ui(ui, |ui| {
                        for c in Credential::ALL {
                            ui.selectable_value(&mut self.credential, *c, c.label())
                                .on_hover_text(c.hint());
                        }
                    })
                    .response
                    .labelled_by(l.id)
                    .on_hover_text(self.credential.hint());
                ui.end_row();
                if self.credential == Credential::AccessToken {
                    let l = ui.label("Access token");
                    ui.add(
                        egui::TextEdit::singleline(&mut self.access_token)
                            .password(true)
                            .desired_width(300.0),
                    )
                    .labelled_by(l.id)
                    .on_hover_text(Credential::AccessToken.hint());
                    ui.end_row();
                }
                let l = ui.label("ARM endpoint");
                ui.add(egui::TextEdit::singleline(&mut self.arm_endpoint).desired_width(300.0))
                    .labelled_by(l.id)
                    .on_hover_text("Azure Resource Manager: https://management.azure.com, or a sovereign cloud's");
                ui.end_row();
                if self.credential != Credential::AccessToken {
                    let l = ui.label("Authority host");
                    ui.add(
                        egui::TextEdit::singleline(&mut self.authority_host)
                            .hint_text("default: the public cloud")
                            .desired_width(300.0),
                    )
                    .labelled_by(l.id)
                    .on_hover_text(
                        "The sign-in host, e.g. https://login.microsoftonline.us; empty for the public cloud",
                    );
                    ui.end_row();
                }
            });
    }

    fn azure_ui(&mut self, ui: &mut egui::Ui) -> Option<ImportIntent> {
        let mut out = None;
        let mut back = false;
        let setup = matches!(self.stage, Stage::Setup);
        ui.add_enabled_ui(setup, |ui| {
            self.credential_ui(ui);
            ui.label(
                RichText::new(
                    "Read-only: netdraft sends no writes to Azure, and the token is kept in memory, never shown or saved.",
                )
                .small()
                .weak(),
            );
            ui.add_space(4.0);
            if ui
                .button("Sign in and list subscriptions")
                .on_hover_text("Sign in, then list the subscriptions this identity can read")
                .clicked()
            {
                match self.sign_in() {
                    Ok(s) => {
                        self.error = None;
                        self.stage = Stage::SigningIn {
                            cancel: s.cancel.clone(),
                        };
                        out = Some(ImportIntent::SignIn(s));
                    }
                    Err(e) => self.error = Some(e),
                }
            }
        });
        match &mut self.stage {
            Stage::Setup | Stage::Done(_) => {}
            Stage::SigningIn { .. } => {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label("Signing in and listing subscriptions…");
                });
            }
            Stage::Pick {
                connection,
                subscriptions,
            } => match pick_ui(ui, connection, subscriptions, &mut self.resource_groups) {
                Some(Picked::Import(intent)) => out = Some(*intent),
                Some(Picked::Back) => {
                    self.error = None;
                    back = true;
                }
                None => {}
            },
            Stage::Importing { progress, .. } => progress_ui(ui, progress),
        }
        if back {
            self.stage = Stage::Setup;
        }
        if let Some(ImportIntent::Import { resource_groups, .. }) = &mut out {
            *resource_groups = self.resource_group_list();
        }
        out
    }

    fn json_ui(&mut self, ui: &mut egui::Ui) -> Option<ImportIntent> {
        let mut out = None;
        let busy = self.is_busy();
        ui.label("Saved output of `az network vnet list`, `az aks list`, `az network firewall list`, `az resource list`, `az graph query` or `az group export`; kinds can be mixed.");
        ui.add_enabled_ui(!busy, |ui| {
            let mut remove = None;
            for (i, f) in self.files.iter().enumerate() {
                ui.horizontal(|ui| {
                    let name = f.display().to_string();
                    if ui
                        .small_button("Remove")
                        .on_hover_text(format!("Leave {name} out of the import"))
                        .clicked()
                    {
                        remove = Some(i);
                    }
                    ui.label(name);
                });
            }
            if let Some(i) = remove {
                self.files.remove(i);
            }
            ui.horizontal(|ui| {
                let l = ui.label("JSON file");
                let r = ui
                    .add(egui::TextEdit::singleline(&mut self.typed_path).desired_width(330.0))
                    .labelled_by(l.id)
                    .on_hover_text("Type a file's path and press Enter or Add");
                let entered = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                if (ui.button("Add").on_hover_text("Add the typed file").clicked() || entered)
                    && !self.typed_path.trim().is_empty()
                {
                    let p = PathBuf::from(self.typed_path.trim());
                    self.add_files([p]);
                    self.typed_path.clear();
                }
                if ui
                    .button("Browse…")
                    .on_hover_text("Choose files with the file dialog")
                    .clicked()
                {
                    out = Some(ImportIntent::PickFiles);
                }
            });
            if ui
                .add_enabled(!self.files.is_empty(), egui::Button::new("Import files"))
                .on_hover_text("Read the files and open them as a new design")
                .clicked()
            {
                self.error = None;
                out = Some(ImportIntent::ImportJson(self.files.clone()));
            }
        });
        if busy {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label("Reading…");
            });
        }
        out
    }
}

/// A finished import waiting for a decision.
fn done_ui(ui: &mut egui::Ui, imported: &netdraft_import::Imported) -> Option<ImportIntent> {
    ui.label(format!(
        "The import finished: {}. Your current design has unsaved changes, so it is not open yet.",
        crate::app::plural(imported.design.len(), "resource")
    ));
    ui.add_space(6.0);
    let mut out = None;
    ui.horizontal(|ui| {
        if ui
            .button("Open the import")
            .on_hover_text("Open it as a new design (asks about your unsaved changes first)")
            .clicked()
        {
            out = Some(ImportIntent::Open(Box::new(imported.clone())));
        }
        if ui
            .button("Discard the import")
            .on_hover_text("Forget what was imported")
            .clicked()
        {
            out = Some(ImportIntent::Close);
        }
    });
    out
}

/// What the subscription pick list asks for.
enum Picked {
    Import(Box<ImportIntent>),
    Back,
}

fn pick_ui(
    ui: &mut egui::Ui,
    connection: &Arc<Connection>,
    subscriptions: &mut [(Subscription, bool)],
    resource_groups: &mut String,
) -> Option<Picked> {
    let mut out = None;
    ui.separator();
    ui.label(RichText::new("Subscriptions").strong());
    if subscriptions.is_empty() {
        ui.label("This identity can read no subscription.");
    }
    egui::ScrollArea::vertical().max_height(180.0).show(ui, |ui| {
        for (s, on) in subscriptions.iter_mut() {
            let text = if s.name.is_empty() {
                s.id.clone()
            } else {
                format!("{} ({})", s.name, s.id)
            };
            ui.checkbox(on, text).on_hover_text(format!("State: {}", s.state));
        }
    });
    let l = ui.label("Resource groups (optional)");
    ui.add(
        egui::TextEdit::singleline(resource_groups)
            .hint_text("e.g. rg-hub, rg-spoke-a; empty: all")
            .desired_width(300.0),
    )
    .labelled_by(l.id)
    .on_hover_text("Only these resource groups, comma-separated");
    let chosen: Vec<String> = subscriptions
        .iter()
        .filter(|(_, on)| *on)
        .map(|(s, _)| s.id.clone())
        .collect();
    ui.horizontal(|ui| {
        let go = ui
            .add_enabled(!chosen.is_empty(), egui::Button::new("Import subscriptions"))
            .on_hover_text("Read the ticked subscriptions and open them as a new design");
        if go.clicked() {
            out = Some(Picked::Import(Box::new(ImportIntent::Import {
                connection: connection.clone(),
                subscriptions: chosen,
                resource_groups: Vec::new(),
            })));
        }
        if ui
            .button("Sign in again")
            .on_hover_text("Change the credential")
            .clicked()
        {
            out = Some(Picked::Back);
        }
    });
    out
}

fn progress_ui(ui: &mut egui::Ui, progress: &Mutex<Progress>) {
    let p = progress.lock().map_or_else(|e| e.into_inner().clone(), |p| p.clone());
    let fraction = if p.calls_total == 0 {
        0.0
    } else {
        p.calls_done as f32 / p.calls_total as f32
    };
    let l = ui.label("Import progress");
    ui.add(egui::ProgressBar::new(fraction).show_percentage().text(format!(
        "{}/{} calls, {}",
        p.calls_done,
        p.calls_total,
        crate::app::plural(usize::try_from(p.resources).unwrap_or(usize::MAX), "resource")
    )))
    .labelled_by(l.id);
    ui.horizontal(|ui| {
        ui.spinner();
        ui.label(RichText::new(&p.message).weak());
    });
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

impl crate::app::NetdraftApp {
    /// Opens the import dialog on `source` (keeping one already open).
    pub(crate) fn open_import(&mut self, source: Source) {
        let dialog = self.import.get_or_insert_with(|| {
            let env = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
            ImportDialog::new(source, env("NETDRAFT_ARM_ENDPOINT"), env("NETDRAFT_AUTHORITY_HOST"))
        });
        if !dialog.is_busy() {
            dialog.source = source;
        }
    }

    /// Keeps a finished import that waited on the unsaved-changes prompt
    /// and was cancelled there: the import dialog offers it again.
    pub(crate) fn keep_import(&mut self, imported: Box<netdraft_import::Imported>) {
        let mut dialog = ImportDialog::new(Source::Azure, None, None);
        dialog.stage = Stage::Done(imported);
        self.import = Some(dialog);
        self.say("The import is kept: open it or discard it in the import dialog");
    }

    /// The import dialog, when open, and what it asks for.
    pub(crate) fn import_ui(&mut self, ctx: &egui::Context) {
        let Some(dialog) = &mut self.import else { return };
        // Another modal (unsaved changes) goes first.
        if self.dialog.is_some() {
            return;
        }
        let Some(intent) = dialog.ui(ctx) else { return };
        self.on_import(ctx, intent);
    }

    fn on_import(&mut self, ctx: &egui::Context, intent: ImportIntent) {
        match intent {
            ImportIntent::Close => self.import = None,
            ImportIntent::Open(imported) => {
                self.import = None;
                self.guard(crate::app::AfterDiscard::Import(imported), ctx);
            }
            ImportIntent::PickFiles => {
                if self.config.native_dialogs {
                    self.worker.spawn(ctx, crate::files::pick_json);
                } else {
                    self.on_message(ctx, crate::files::Msg::PickedJson(Vec::new()));
                }
            }
            ImportIntent::ImportJson(paths) => {
                if let Some(d) = &mut self.import {
                    d.start_import();
                }
                self.say(format!("Importing {}…", crate::app::plural(paths.len(), "file")));
                self.worker.spawn(ctx, move || crate::files::import_json(&paths));
            }
            ImportIntent::SignIn(sign_in) => {
                let injected = self.config.azure.clone();
                self.say("Signing in to Azure…");
                self.worker.spawn(ctx, move || {
                    let result = connect(&sign_in, injected.as_ref()).and_then(|c| {
                        netdraft_import::list_subscriptions(
                            &c.options,
                            c.transport.as_ref(),
                            c.token.as_ref(),
                            &sign_in.cancel,
                        )
                        .map(|subs| (Arc::new(c), subs))
                        .map_err(|e| e.to_string())
                    });
                    crate::files::Msg::SignedIn { result }
                });
            }
            ImportIntent::Import {
                connection,
                subscriptions,
                resource_groups,
            } => {
                let Some(d) = &mut self.import else { return };
                let (progress, cancel) = d.start_import();
                self.say(format!(
                    "Importing {}…",
                    crate::app::plural(subscriptions.len(), "subscription")
                ));
                let repaint = ctx.clone();
                self.worker.spawn(ctx, move || {
                    let mut options = connection.options.clone();
                    options.subscriptions = subscriptions;
                    options.resource_groups = resource_groups;
                    let report = |p: &Progress| {
                        if let Ok(mut slot) = progress.lock() {
                            *slot = p.clone();
                        }
                        repaint.request_repaint();
                    };
                    let result = netdraft_import::import_azure(
                        &options,
                        connection.transport.as_ref(),
                        connection.token.as_ref(),
                        &report,
                        &cancel,
                    )
                    .map(Box::new)
                    .map_err(|e| e.to_string());
                    crate::files::Msg::Imported { result }
                });
            }
        }
    }

    /// Worker results for the import dialog.
    pub(crate) fn on_import_message(&mut self, ctx: &egui::Context, msg: crate::files::Msg) {
        use crate::files::Msg;
        match msg {
            Msg::PickedJson(paths) => match &mut self.import {
                Some(d) if paths.is_empty() && !self.config.native_dialogs => {
                    d.error = Some("No file dialog is available here: type each file's path and press Add".to_owned());
                }
                Some(d) => d.add_files(paths),
                None => {}
            },
            Msg::SignedIn { result } => match (&mut self.import, result) {
                (Some(d), Ok((connection, subscriptions))) => {
                    let n = subscriptions.len();
                    d.signed_in(connection, subscriptions);
                    self.say(format!("Signed in: {} readable", crate::app::plural(n, "subscription")));
                }
                (Some(d), Err(e)) => {
                    d.failed(e);
                    self.complain("Sign-in failed; see the import dialog");
                }
                (None, _) => {}
            },
            Msg::Imported { result } => match result {
                Ok(imported) => {
                    self.import = None;
                    self.guard(crate::app::AfterDiscard::Import(imported), ctx);
                }
                Err(e) => {
                    self.complain("The import did not finish; see the import dialog");
                    match &mut self.import {
                        Some(d) => d.failed(e),
                        None => self.dialog = Some(crate::dialogs::Dialog::Error(e)),
                    }
                }
            },
            _ => {}
        }
    }
}
