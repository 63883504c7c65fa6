//! The import dialog's window: the source tabs, the credential and endpoint
//! fields, the subscription pick list, the JSON file list and the progress.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use egui::RichText;
use netdraft_core::text::count as plural;
use netdraft_import::{Progress, Subscription};

use super::{Connection, Credential, ImportDialog, ImportIntent, Source, Stage};

impl ImportDialog {
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
            // A choice made before importing, so above each source's Import button.
            ui.add_enabled_ui(!busy, |ui| {
                ui.checkbox(&mut self.compare, "Compare with the open design instead of opening the import")
                    .on_hover_text(
                        "List what differs between the open design and what is read (the Drift tab); the design stays as it is",
                    );
            });
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
                    if self.cancelling() {
                        // Asked: the work stops at its next call and reports back.
                        ui.add_enabled(false, egui::Button::new("Cancelling…"))
                            .on_disabled_hover_text("Stops at the next call");
                    } else if let Some(label) = cancel
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
        plural(imported.design.len(), "resource")
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
        plural(usize::try_from(p.resources).unwrap_or(usize::MAX), "resource")
    )))
    .labelled_by(l.id);
    ui.horizontal(|ui| {
        ui.spinner();
        ui.label(RichText::new(&p.message).weak());
    });
}
