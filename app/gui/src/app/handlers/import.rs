//! The import dialog's side of the app: opening it, running what it asks
//! for on the worker, and feeding the results back to it.

use netdraft_core::text::count as plural;

use crate::app::NetdraftApp;
use crate::dialogs::{AfterDiscard, Dialog};
use crate::import::{ImportDialog, ImportIntent, Source, Stage, azure};
use crate::worker::Msg;

impl NetdraftApp {
    /// Opens the import dialog on `source` (keeping one already open).
    pub(in crate::app) fn open_import(&mut self, source: Source) {
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
    pub(in crate::app) fn keep_import(&mut self, imported: Box<netdraft_import::Imported>) {
        let mut dialog = ImportDialog::new(Source::Azure, None, None);
        dialog.stage = Stage::Done(imported);
        self.import = Some(dialog);
        self.say("The import is kept: open it or discard it in the import dialog");
    }

    /// Does what the import dialog asked for.
    pub(in crate::app) fn on_import(&mut self, ctx: &egui::Context, intent: ImportIntent) {
        match intent {
            ImportIntent::Close => self.import = None,
            ImportIntent::Open(imported) => {
                self.import = None;
                self.guard(AfterDiscard::Import(imported), ctx);
            }
            ImportIntent::PickFiles => {
                if self.config.native_dialogs {
                    self.worker.spawn(ctx, || Msg::PickedJson(crate::files::pick_json()));
                } else {
                    self.on_message(ctx, Msg::PickedJson(Vec::new()));
                }
            }
            ImportIntent::ImportJson(paths) => {
                if let Some(d) = &mut self.import {
                    d.start_import();
                }
                self.say(format!("Importing {}…", plural(paths.len(), "file")));
                self.worker.spawn(ctx, move || Msg::Imported {
                    result: crate::files::import_json(&paths),
                });
            }
            ImportIntent::SignIn(sign_in) => {
                let injected = self.config.azure.clone();
                self.say("Signing in to Azure…");
                let job = azure::sign_in_job(sign_in, injected);
                self.worker.spawn(ctx, move || Msg::SignedIn { result: job() });
            }
            ImportIntent::Import {
                connection,
                subscriptions,
                resource_groups,
            } => {
                let Some(d) = &mut self.import else { return };
                let (progress, cancel) = d.start_import();
                self.say(format!("Importing {}…", plural(subscriptions.len(), "subscription")));
                let job = azure::import_job(
                    connection,
                    subscriptions,
                    resource_groups,
                    progress,
                    cancel,
                    ctx.clone(),
                );
                self.worker.spawn(ctx, move || Msg::Imported { result: job() });
            }
        }
    }

    /// Worker results for the import dialog.
    pub(in crate::app) fn on_import_message(&mut self, ctx: &egui::Context, msg: Msg) {
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
                    self.say(format!("Signed in: {} readable", plural(n, "subscription")));
                }
                (Some(d), Err(e)) => {
                    d.failed(e);
                    self.complain("Sign-in failed; see the import dialog");
                }
                (None, _) => {}
            },
            Msg::Imported { result } => match result {
                Ok(imported) if self.import.as_ref().is_some_and(|d| d.compare) => {
                    self.import = None;
                    let report = &imported.report;
                    let what = format!("the import of {}", plural(report.sources.len(), "source"));
                    // What the import did not bring in would show as missing: say so.
                    // Skipped for their type: not kinds a design holds, so never missing.
                    let skipped = report
                        .skipped
                        .iter()
                        .filter(|s| s.reason != netdraft_import::report::TYPE_NOT_READ)
                        .count();
                    let caveat = (!report.failures.is_empty() || skipped > 0).then(|| {
                        format!(
                            "The import could not read everything ({} failed, {} skipped): resources they hold may show as missing. Import again, or open the import as a design to read its report.",
                            plural(report.failures.len(), "call"),
                            plural(skipped, "resource")
                        )
                    });
                    self.compare_with(what, imported.design, caveat);
                }
                Ok(imported) => {
                    self.import = None;
                    self.guard(AfterDiscard::Import(imported), ctx);
                }
                Err(e) => {
                    self.complain("The import did not finish; see the import dialog");
                    match &mut self.import {
                        Some(d) => d.failed(e),
                        None => self.dialog = Some(Dialog::Error(e)),
                    }
                }
            },
            _ => {}
        }
    }
}
