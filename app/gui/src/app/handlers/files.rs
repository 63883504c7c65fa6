//! File work the app starts and what comes back: file dialogs (or the path
//! prompt without them), open, save, export and the picture preview run on
//! the worker; their messages land in [`NetdraftApp::on_message`].

use std::path::PathBuf;

use netdraft_core::text::count as plural;
use netdraft_export::ExportKind;

use crate::app::{AUTOSAVE_AFTER, NetdraftApp};
use crate::dialogs::{AfterDiscard, Dialog};
use crate::files::{self, Pick};
use crate::prefs::PreviewKind;
use crate::worker::Msg;

impl NetdraftApp {
    /// Asks a file dialog (on the worker) what to open, save to or export into.
    pub(in crate::app) fn pick(&mut self, ctx: &egui::Context, pick: Pick) {
        if !self.config.native_dialogs {
            self.on_message(
                ctx,
                Msg::Picked {
                    pick,
                    path: None,
                    instant: true,
                },
            );
            return;
        }
        let suggested = match pick {
            Pick::ExportDir => Some(self.default_export_dir()),
            Pick::Open | Pick::SaveAs | Pick::Live => self.doc.path.clone(),
        };
        self.worker.spawn(ctx, move || {
            let (path, instant) = files::pick(pick, suggested.as_deref());
            Msg::Picked { pick, path, instant }
        });
    }

    /// Reads `path` on the worker; the design replaces this one when it arrives.
    pub(in crate::app) fn load(&mut self, ctx: &egui::Context, path: PathBuf) {
        self.worker.spawn(ctx, move || Msg::Loaded {
            result: files::load(&path),
            path,
        });
    }

    /// Reads a live design on the worker, to compare the design with (drift).
    pub(in crate::app) fn load_live(&mut self, ctx: &egui::Context, path: PathBuf) {
        self.worker.spawn(ctx, move || Msg::LiveLoaded {
            result: files::load(&path),
            path,
        });
    }

    /// Saves to `path` on the worker.
    pub fn save_to(&mut self, ctx: &egui::Context, path: PathBuf) {
        let same_file = self.doc.path.as_ref() == Some(&path);
        let base = match &self.doc.base {
            Some(text) => files::Base::Text(text.clone()),
            None if same_file => files::Base::TargetFile,
            None => files::Base::None,
        };
        let revision = self.doc.revision();
        let job = files::save(path.clone(), self.doc.design(), base, same_file);
        self.worker.spawn(ctx, move || Msg::Saved {
            path,
            revision,
            result: job(),
        });
    }

    /// The format File > Export writes: the one previewed, Terraform when the preview shows the design file.
    pub fn export_kind(&self) -> PreviewKind {
        match self.prefs.preview {
            PreviewKind::Design => PreviewKind::Export(ExportKind::Terraform),
            k @ PreviewKind::Export(_) => k,
        }
    }

    /// What the in-app path prompt proposes: the design file for Open and
    /// Save As, a folder beside it for Export (never the design file itself).
    fn suggested_path(&self, pick: Pick) -> PathBuf {
        match pick {
            Pick::ExportDir => self.default_export_dir(),
            Pick::Live => self.doc.path.as_deref().and_then(std::path::Path::parent).map_or_else(
                || std::env::current_dir().unwrap_or_default().join("live.netdraft.toml"),
                |dir| dir.join("live.netdraft.toml"),
            ),
            Pick::Open | Pick::SaveAs => self
                .doc
                .path
                .clone()
                .unwrap_or_else(|| std::env::current_dir().unwrap_or_default().join("design.netdraft.toml")),
        }
    }

    /// The folder File > Export proposes: `<design stem>-<format>` beside the design file.
    pub fn default_export_dir(&self) -> PathBuf {
        let format = self.export_kind().export().map_or("export", ExportKind::as_str);
        let cwd = std::env::current_dir().unwrap_or_default();
        netdraft_files::export_dir::default_target(self.doc.path.as_deref(), format, &cwd)
    }

    /// Renders the export (once per revision) and writes it under `dir` on
    /// the worker, leaving files it does not own alone.
    pub fn export_to(&mut self, ctx: &egui::Context, dir: PathBuf) {
        self.export_into(ctx, dir, false);
    }

    /// [`Self::export_to`]; with `force`, files in the way are overwritten too.
    pub(in crate::app) fn export_into(&mut self, ctx: &egui::Context, dir: PathBuf, force: bool) {
        let kind = self.export_kind();
        if let Some(picture) = kind.export().and_then(ExportKind::picture) {
            let job = files::write_picture(
                dir.clone(),
                picture,
                self.doc.design().clone(),
                self.derived.plan.clone(),
                self.derived.picture_findings().to_vec(),
                self.derived.traffic.view().map(|v| v.path.clone()),
                force,
            );
            self.worker.spawn(ctx, move || Msg::Exported { dir, result: job() });
            return;
        }
        let Some(format) = kind.format() else {
            return self.complain("Nothing to export");
        };
        match self.derived.export(self.doc.design(), kind) {
            Some(Ok(files)) => {
                let files = files
                    .iter()
                    .map(|f| (f.path.clone(), f.contents.clone().into_bytes()))
                    .collect();
                let job = files::write_export(dir.clone(), format.as_str(), files, force);
                self.worker.spawn(ctx, move || Msg::Exported { dir, result: job() });
            }
            Some(Err(e)) => {
                let e = e.clone();
                self.complain(format!("The {} export failed", kind.label()));
                self.dialog = Some(Dialog::Error(e));
            }
            None => self.complain("Nothing to export"),
        }
    }

    /// Opens `path` on the worker (after asking about unsaved work).
    pub fn open(&mut self, ctx: &egui::Context, path: PathBuf) {
        self.guard(AfterDiscard::Open(Some(path)), ctx);
    }

    /// Does what a path was chosen for (in a file dialog or the path prompt).
    pub(in crate::app) fn picked(&mut self, ctx: &egui::Context, pick: Pick, path: PathBuf) {
        match pick {
            Pick::SaveAs => self.save_to(ctx, path),
            Pick::Open => self.load(ctx, path),
            Pick::ExportDir => self.export_to(ctx, path),
            Pick::Live => self.load_live(ctx, path),
        }
    }

    /// Compares the design with `live` from now on, in the Drift tab (see
    /// [`crate::panels::drift::DriftView::set_live`]).
    pub(in crate::app) fn compare_with(&mut self, source: String, live: netdraft_core::Design, caveat: Option<String>) {
        self.say(format!("Comparing with {source}"));
        self.bottom.drift.set_live(source, live, caveat);
        self.prefs.bottom_tab = crate::prefs::BottomTab::Drift;
        self.prefs.show_bottom = true;
    }

    /// A live design arrived: the Drift tab compares with it from now on.
    fn live_loaded(&mut self, path: &std::path::Path, result: Result<(netdraft_core::Design, String), String>) {
        match result {
            Ok((live, _)) => self.compare_with(path.display().to_string(), live, None),
            Err(e) => {
                self.complain(format!(
                    "Could not read the live design: {}",
                    e.lines().next().unwrap_or_default()
                ));
                self.dialog = Some(Dialog::Error(e));
            }
        }
    }

    /// Handles what a background job sent back.
    pub(in crate::app) fn on_message(&mut self, ctx: &egui::Context, msg: Msg) {
        match msg {
            Msg::Picked {
                pick,
                path: None,
                instant: true,
            } => {
                // No dialog service answered (no desktop portal): ask for a path in the app.
                let suggested = self.suggested_path(pick);
                self.dialog = Some(Dialog::PathPrompt(pick, suggested.display().to_string()));
            }
            Msg::Picked { path: None, .. } => {
                self.after_save = None;
                self.say("No file chosen");
            }
            Msg::Picked {
                pick, path: Some(path), ..
            } => self.picked(ctx, pick, path),
            Msg::LiveLoaded { path, result } => self.live_loaded(&path, result),
            Msg::Exported { dir, result } => match result {
                Ok(n) => self.say(format!("Exported {} to {}", plural(n, "file"), dir.display())),
                Err(files::ExportFailed::Blocked(blocked)) => {
                    self.complain("Not exported: files in the folder were edited or not written by netdraft");
                    self.dialog = Some(Dialog::ExportBlocked(dir, blocked));
                }
                Err(files::ExportFailed::Other(e)) => {
                    self.complain("Could not export; see the message");
                    self.dialog = Some(Dialog::Error(e));
                }
            },
            Msg::Loaded { path, result } => match result {
                Ok((design, text)) => {
                    self.replace(design, Some(path.clone()), false);
                    self.doc.base = Some(text);
                    self.prefs.remember(path.clone());
                    self.say(format!("Opened {}", path.display()));
                }
                Err(e) => {
                    self.complain(format!(
                        "Could not open the file: {}",
                        e.lines().next().unwrap_or_default()
                    ));
                    self.dialog = Some(Dialog::Error(e));
                }
            },
            Msg::Saved { path, revision, result } => match result {
                Ok(saved) => {
                    self.doc.mark_saved(revision, path.clone());
                    self.doc.base = Some(saved.text);
                    self.prefs.remember(path.clone());
                    self.clear_autosave = true;
                    let dropped = if saved.dropped.is_empty() {
                        String::new()
                    } else {
                        format!(
                            "; {} went with the deleted resources",
                            plural(saved.dropped.len(), "comment")
                        )
                    };
                    let canonical = saved.canonical_because.map_or_else(String::new, |why| {
                        format!(" in canonical form, without the original's comments ({why})")
                    });
                    self.say(format!("Saved {}{canonical}{dropped}", path.display()));
                    if let Some(then) = self.after_save.take() {
                        self.proceed(then, ctx);
                    }
                }
                Err(e) => {
                    self.after_save = None;
                    self.complain("Could not save; see the message");
                    self.dialog = Some(Dialog::Error(e));
                }
            },
            Msg::PickedJson(_) | Msg::SignedIn { .. } | Msg::Imported { .. } => self.on_import_message(ctx, msg),
            Msg::Gallery(cards) => self.gallery = Some(crate::gallery::show(ctx, cards)),
            Msg::Flows { revision, findings } => {
                self.flows_running = false;
                if self.derived.flows_arrived(self.doc.design(), revision, findings) {
                    // The picture preview shows the new badges.
                    self.bottom.picture.redraw();
                }
            }
            Msg::Drift {
                generation,
                revision,
                drift,
            } => self.bottom.drift.arrived(generation, revision, drift),
            Msg::Raster { revision, result } => self.bottom.picture.arrived(ctx, revision, result),
            Msg::Autosaved { result, .. } => {
                if let Err(e) = result {
                    self.complain(format!("Autosave failed: {e}"));
                }
            }
        }
    }

    /// Asks the worker for the picture of this revision when the PNG preview is on screen.
    pub(in crate::app) fn picture_tick(&mut self, ctx: &egui::Context) {
        let visible = crate::picture::on_screen(&self.prefs, self.workshop.is_some());
        let revision = self.doc.revision();
        if !self.bottom.picture.ask(visible, revision) {
            return;
        }
        let (design, plan, findings) = (
            self.doc.design().clone(),
            self.derived.plan.clone(),
            self.derived.picture_findings().to_vec(),
        );
        let flow = self.derived.traffic.view().map(|v| v.path.clone());
        self.worker.spawn(ctx, move || Msg::Raster {
            revision,
            result: files::raster(&design, &plan, &findings, crate::picture::PREVIEW_SIDE, flow.as_ref()),
        });
    }

    /// Writes the autosave copy once the design has been dirty and unchanged for [`AUTOSAVE_AFTER`].
    pub(in crate::app) fn autosave_tick(&mut self, ctx: &egui::Context) {
        let Some(autosave) = &self.autosave else { return };
        if !self.doc.is_dirty() || self.autosaved_revision == self.doc.revision() {
            return;
        }
        let waited = self.last_edit.elapsed();
        if waited >= AUTOSAVE_AFTER {
            let revision = self.doc.revision();
            let job = autosave.job(self.doc.design(), self.doc.path.as_deref());
            self.autosaved_revision = revision;
            self.worker.spawn(ctx, move || Msg::Autosaved {
                revision,
                result: job(),
            });
        } else {
            // Pending work: wake up once when the autosave is due.
            ctx.request_repaint_after(AUTOSAVE_AFTER.saturating_sub(waited));
        }
    }
}
