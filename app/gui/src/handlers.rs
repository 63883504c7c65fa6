//! What actions and intents do: apply commands to the document, run file
//! work on the worker, and keep the status bar informed.

use std::path::PathBuf;

use netdraft_core::command::{Command, plan_delete};
use netdraft_core::model::Point;
use netdraft_core::{Design, Id, Kind};

use crate::actions::Action;
use crate::app::{AfterDiscard, NetdraftApp};
use crate::dialogs::Dialog;
use crate::files::{self, Msg, Pick};
use crate::panels::bottom::BottomIntent;
use crate::workshop::Workshop;

impl NetdraftApp {
    /// Applies one design edit; refused edits explain themselves in the status bar.
    pub fn edit(&mut self, cmd: Command) {
        // What the user just placed stays where it was put; anything it now
        // overlaps moves aside, in the same undo step.
        let anchors: Vec<Id> = match &cmd {
            Command::Move(moves) => moves.iter().map(|(id, _)| id.clone()).collect(),
            Command::Resize { id, .. } | Command::Reparent { id, .. } => vec![id.clone()],
            _ => Vec::new(),
        };
        // Design-wide settings and the title move no box.
        let boxes = !matches!(cmd, Command::SetSettings(_) | Command::SetInfo { .. });
        let settle = move |design: &Design| {
            if !boxes {
                return None;
            }
            let moves = netdraft_scene::settle(design, &anchors);
            (!moves.is_empty()).then(|| Command::Move(moves.into_iter().map(|(id, at)| (id, Some(at))).collect()))
        };
        match self.doc.apply_then(cmd, settle) {
            Ok(applied) => {
                if !applied.created.is_empty() {
                    self.selection = applied.created.iter().cloned().collect();
                }
                self.last_edit = std::time::Instant::now();
                self.say(applied.summary);
                self.refresh();
            }
            Err(e) => self.complain(e.to_string()),
        }
    }

    /// Creates a resource of `kind` in `parent`.
    pub fn create(&mut self, kind: Kind, parent: Option<&Id>, at: Option<Point>) {
        match netdraft_core::command::create(self.doc.design(), kind, parent, at) {
            Ok(cmd) => self.edit(cmd),
            Err(e) => self.complain(e.to_string()),
        }
    }

    /// A palette click: into the selected container when the policy allows,
    /// else into the selection's parent, else at the top level.
    pub fn place(&mut self, kind: Kind) {
        let design = self.doc.design();
        let selected = (self.selection.len() == 1)
            .then(|| self.selection.iter().next().cloned())
            .flatten();
        let mut candidates: Vec<Option<Id>> = Vec::new();
        if let Some(id) = &selected {
            candidates.push(Some(id.clone()));
            candidates.extend(design.ancestors(id.as_str()).map(|a| Some(a.id.clone())));
        }
        candidates.push(None);
        let verdict = |c: &Option<Id>| netdraft_core::command::create(design, kind, c.as_ref(), None);
        let first_error = candidates.iter().find_map(|c| verdict(c).err());
        match candidates.into_iter().find(|c| verdict(c).is_ok()) {
            Some(parent) => self.create(kind, parent.as_ref(), None),
            None => self.complain(first_error.map_or_else(|| "cannot place it here".to_owned(), |e| e.to_string())),
        }
    }

    /// Runs queued actions.
    pub(crate) fn run_queue(&mut self, ctx: &egui::Context) {
        for action in std::mem::take(&mut self.queue) {
            self.run(ctx, action);
        }
    }

    fn run(&mut self, ctx: &egui::Context, action: Action) {
        match action {
            Action::New => {
                self.dialog = Some(Dialog::Gallery);
                if !std::mem::replace(&mut self.gallery_requested, true) {
                    self.worker.spawn(ctx, || Msg::Gallery(crate::gallery::prepare()));
                }
            }
            Action::Open => self.guard(AfterDiscard::Open(None), ctx),
            Action::Save => match self.doc.path.clone() {
                Some(path) => self.save_to(ctx, path),
                None => self.pick(ctx, Pick::SaveAs),
            },
            Action::SaveAs => self.pick(ctx, Pick::SaveAs),
            Action::Export => self.pick(ctx, Pick::ExportDir),
            Action::ImportAzure => self.open_import(crate::import::Source::Azure),
            Action::ImportJson => self.open_import(crate::import::Source::Json),
            Action::Undo => match self.doc.undo() {
                Some(s) => self.say(format!("Undid: {s}")),
                None => self.say("Nothing to undo"),
            },
            Action::Redo => match self.doc.redo() {
                Some(s) => self.say(format!("Redid: {s}")),
                None => self.say("Nothing to redo"),
            },
            Action::Copy => self.copy(ctx),
            Action::Paste => self.paste(),
            Action::Duplicate => {
                self.copy(ctx);
                self.paste();
            }
            Action::Delete => self.delete_selection(),
            Action::SelectAll => {
                self.selection = self.doc.design().resources().map(|r| r.id.clone()).collect();
            }
            Action::ZoomToFit => self.canvas.frame(self.derived.scene.bounds),
            Action::FrameSelection => {
                if let Some(r) = self.derived.scene.bounds_of(self.selection.iter()) {
                    self.canvas.frame(r);
                }
            }
            Action::Tidy => {
                let moves: Vec<(Id, Option<Point>)> = self
                    .doc
                    .design()
                    .resources()
                    .filter(|r| r.meta.at.is_some())
                    .map(|r| (r.id.clone(), None))
                    .collect();
                if moves.is_empty() {
                    self.say("Already tidy: every position is automatic");
                } else {
                    self.edit(Command::Move(moves));
                    self.refresh();
                    self.canvas.frame(self.derived.scene.bounds);
                }
            }
            Action::ToggleTheme => self.prefs.dark = !self.prefs.dark,
            Action::Workshop => {
                self.workshop = match self.workshop {
                    Some(_) => None,
                    None => Some(Workshop::start(self.doc.design())),
                };
                self.canvas.frame(self.derived.scene.bounds);
            }
            Action::CommandPalette => self.command_palette = Some(String::new()),
        }
        self.refresh();
    }

    /// Runs `then` now if nothing is unsaved, else asks first.
    pub(crate) fn guard(&mut self, then: AfterDiscard, ctx: &egui::Context) {
        if self.doc.is_dirty() {
            self.dialog = Some(Dialog::ConfirmDiscard(then));
        } else {
            self.proceed(then, ctx);
        }
    }

    /// Does what waited for the user's go-ahead.
    pub(crate) fn proceed(&mut self, then: AfterDiscard, ctx: &egui::Context) {
        match then {
            AfterDiscard::Replace(design, path) => self.replace(*design, path, false),
            AfterDiscard::Open(Some(path)) => self.worker.spawn(ctx, move || files::load(path)),
            AfterDiscard::Open(None) => self.pick(ctx, Pick::Open),
            AfterDiscard::Import(imported) => {
                let netdraft_import::Imported { design, report } = *imported;
                let n = design.len();
                self.replace(design, None, true);
                self.say(format!(
                    "Imported {}; save the design to keep it",
                    crate::app::plural(n, "resource")
                ));
                self.dialog = Some(Dialog::ImportSummary(Box::new(report)));
            }
            AfterDiscard::Close => {
                self.close_confirmed = true;
                self.clear_autosave = true;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
        }
    }

    /// Replaces the document (a template, an opened file, a recovered autosave).
    pub(crate) fn replace(&mut self, design: Design, path: Option<PathBuf>, unsaved: bool) {
        self.doc = if unsaved {
            crate::document::Document::unsaved(design, path)
        } else {
            crate::document::Document::new(design, path)
        };
        self.selection.clear();
        self.autosaved_revision = 0;
        self.refresh();
        self.derived = crate::derived::Derived::compute(self.doc.design(), self.doc.revision());
        self.canvas.frame(self.derived.scene.bounds);
    }

    fn pick(&mut self, ctx: &egui::Context, pick: Pick) {
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
            Pick::Open | Pick::SaveAs => self.doc.path.clone(),
        };
        self.worker.spawn(ctx, move || files::pick(pick, suggested.as_deref()));
    }

    /// Saves to `path` on the worker.
    pub fn save_to(&mut self, ctx: &egui::Context, path: PathBuf) {
        let same_file = self.doc.path.as_ref() == Some(&path);
        let base = match &self.doc.base {
            Some(text) => files::Base::Text(text.clone()),
            None if same_file => files::Base::TargetFile,
            None => files::Base::None,
        };
        let job = files::save(path, self.doc.design(), base, same_file, self.doc.revision());
        self.worker.spawn(ctx, job);
    }

    /// The format File > Export writes: the one previewed, Terraform when the preview shows the design file.
    pub fn export_kind(&self) -> crate::prefs::PreviewKind {
        match self.prefs.preview {
            crate::prefs::PreviewKind::Design => crate::prefs::PreviewKind::Terraform,
            k => k,
        }
    }

    /// What the in-app path prompt proposes: the design file for Open and
    /// Save As, a folder beside it for Export (never the design file itself).
    fn suggested_path(&self, pick: Pick) -> PathBuf {
        match pick {
            Pick::ExportDir => self.default_export_dir(),
            Pick::Open | Pick::SaveAs => self
                .doc
                .path
                .clone()
                .unwrap_or_else(|| std::env::current_dir().unwrap_or_default().join("design.netdraft.toml")),
        }
    }

    /// The folder File > Export proposes: `<design stem>-<format>` beside the design file.
    pub fn default_export_dir(&self) -> PathBuf {
        let format = match self.export_kind() {
            crate::prefs::PreviewKind::Png => "png",
            crate::prefs::PreviewKind::Svg => "svg",
            k => k.format().map_or("export", |f| f.as_str()),
        };
        let cwd = std::env::current_dir().unwrap_or_default();
        netdraft_files::export_dir::default_target(self.doc.path.as_deref(), format, &cwd)
    }

    /// Renders the export (once per revision) and writes it under `dir` on
    /// the worker, leaving files it does not own alone.
    pub fn export_to(&mut self, ctx: &egui::Context, dir: PathBuf) {
        self.export_into(ctx, dir, false);
    }

    /// [`Self::export_to`]; with `force`, files in the way are overwritten too.
    pub(crate) fn export_into(&mut self, ctx: &egui::Context, dir: PathBuf, force: bool) {
        let kind = self.export_kind();
        let picture = match kind {
            crate::prefs::PreviewKind::Png => Some(netdraft_export::diagram::Picture::Png),
            crate::prefs::PreviewKind::Svg => Some(netdraft_export::diagram::Picture::Svg),
            _ => None,
        };
        if let Some(picture) = picture {
            let job = files::write_picture(
                dir,
                picture,
                self.doc.design().clone(),
                self.derived.plan.clone(),
                self.derived.picture_findings().to_vec(),
                self.derived.traffic.view().map(|v| v.path.clone()),
                force,
            );
            self.worker.spawn(ctx, job);
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
                let job = files::write_export(dir, format.as_str(), files, force);
                self.worker.spawn(ctx, job);
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

    pub(crate) fn on_message(&mut self, ctx: &egui::Context, msg: Msg) {
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
                pick: Pick::Open,
                path: Some(path),
                ..
            } => self.worker.spawn(ctx, move || files::load(path)),
            Msg::Picked {
                pick: Pick::SaveAs,
                path: Some(path),
                ..
            } => self.save_to(ctx, path),
            Msg::Picked {
                pick: Pick::ExportDir,
                path: Some(path),
                ..
            } => self.export_to(ctx, path),
            Msg::Exported { dir, result } => match result {
                Ok(n) => self.say(format!(
                    "Exported {} to {}",
                    crate::app::plural(n, "file"),
                    dir.display()
                )),
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
                            crate::app::plural(saved.dropped.len(), "comment")
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
            Msg::Raster { revision, result } => self.picture.arrived(ctx, revision, result),
            Msg::Autosaved { result, .. } => {
                if let Err(e) = result {
                    self.complain(format!("Autosave failed: {e}"));
                }
            }
        }
    }

    fn copy(&mut self, ctx: &egui::Context) {
        let design = self.doc.design();
        // A container is copied with its contents.
        let mut ids: Vec<Id> = Vec::new();
        let mut stack: Vec<Id> = self.selection.iter().cloned().collect();
        while let Some(id) = stack.pop() {
            if ids.contains(&id) {
                continue;
            }
            stack.extend(design.children(id.as_str()).map(|c| c.id.clone()));
            ids.push(id);
        }
        ids.sort();
        self.clipboard = ids.iter().filter_map(|id| design.get(id.as_str()).cloned()).collect();
        // The system clipboard gets the resources as design text: Ctrl+V then
        // works everywhere (the platform only reports a paste when it holds text),
        // and the text pastes into another netdraft window or an editor.
        let mut fragment = Design::new(design.name.clone());
        for r in &self.clipboard {
            let _ = fragment.insert(r.clone());
        }
        self.clipboard_text = netdraft_core::file::to_toml(&fragment);
        if !self.clipboard.is_empty() {
            ctx.copy_text(self.clipboard_text.clone());
        }
        match self.clipboard.len() {
            0 => self.say("Nothing selected to copy"),
            n => self.say(format!("Copied {}", crate::app::plural(n, "resource"))),
        }
    }

    fn paste(&mut self) {
        if let Some(text) = self.pasted_text.take()
            && text != self.clipboard_text
        {
            // Someone else's clipboard: netdraft resources from another window, or not ours at all.
            match netdraft_core::file::parse(&text, "clipboard") {
                Ok(loaded) if !loaded.design.is_empty() => {
                    self.clipboard = loaded.design.resources().cloned().collect();
                    self.clipboard_text = text;
                }
                _ => {
                    self.say("The clipboard holds text, not netdraft resources");
                    return;
                }
            }
        }
        if self.clipboard.is_empty() {
            self.say("Nothing to paste: copy something first");
            return;
        }
        // Unpinned originals have no stored position: pin copies beside where they are drawn.
        let mut resources = self.clipboard.clone();
        for r in &mut resources {
            if r.meta.at.is_none()
                && let Some(n) = self.derived.scene.get(r.id.as_str())
            {
                let origin = n.parent.map_or(netdraft_scene::Pos::default(), |p| {
                    self.derived.scene.nodes[p].rect.min()
                });
                r.meta.at = Some(Point((n.rect.x - origin.x) as i32, (n.rect.y - origin.y) as i32));
            }
        }
        self.edit(Command::Paste {
            resources,
            offset: Point(32, 32),
        });
    }

    /// Moves the selection (the outermost selected boxes) by `delta` canvas
    /// units: one Move command, like a drag.
    pub(crate) fn nudge(&mut self, delta: (i32, i32)) {
        let scene = &self.derived.scene;
        let moves: Vec<(Id, Option<Point>)> = self
            .selection
            .iter()
            .filter(|id| {
                !self
                    .doc
                    .design()
                    .ancestors(id.as_str())
                    .any(|a| self.selection.contains(&a.id))
            })
            .filter_map(|id| {
                let n = scene.get(id.as_str())?;
                let origin = n
                    .parent
                    .map_or(netdraft_scene::Pos::default(), |p| scene.nodes[p].rect.min());
                let at = Point(
                    (n.rect.x - origin.x).round() as i32 + delta.0,
                    (n.rect.y - origin.y).round() as i32 + delta.1,
                );
                Some((id.clone(), Some(at)))
            })
            .collect();
        if !moves.is_empty() {
            self.edit(Command::Move(moves));
        }
    }

    fn delete_selection(&mut self) {
        let ids: Vec<Id> = self.selection.iter().cloned().collect();
        match plan_delete(self.doc.design(), &ids) {
            Ok(plan) if plan.removed.len() == ids.len() && plan.detached.is_empty() => {
                self.edit(Command::Delete(ids));
            }
            Ok(plan) => self.dialog = Some(Dialog::ConfirmDelete(ids, plan)),
            Err(e) => self.complain(e.to_string()),
        }
    }

    pub(crate) fn on_bottom(&mut self, ctx: &egui::Context, intent: BottomIntent) {
        match intent {
            BottomIntent::Show(ids) => {
                self.selection = ids.into_iter().collect();
                self.run(ctx, Action::FrameSelection);
            }
            BottomIntent::Copy(name, text) => {
                ctx.copy_text(text);
                self.say(format!("Copied {name} to the clipboard"));
            }
            BottomIntent::SetAzurerm(major) => {
                let mut settings = self.doc.design().settings.clone();
                settings.azurerm = major;
                self.edit(Command::SetSettings(settings));
            }
            BottomIntent::Fix(revision, fix) => {
                // A fix replaces the resource as lint saw it: only for the revision it was computed on.
                if revision == self.doc.revision() {
                    self.edit(fix.command);
                    self.say(format!("Fixed: {}", fix.label));
                } else {
                    self.say("The design changed since that fix was computed; it was not applied");
                }
            }
            BottomIntent::Flow(choice) => {
                self.show_flow(choice);
                ctx.request_repaint();
            }
        }
    }
}
