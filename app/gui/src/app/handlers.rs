//! The one place intents become changes: what the panels, the canvas, the
//! menus, the dialogs and the import dialog return is applied to the app
//! here (design edits through the document, one undo step each), with the
//! status bar kept informed. File work and worker messages are in
//! [`files`], the import dialog's in [`import`].

mod files;
mod import;

use std::path::PathBuf;

use netdraft_core::command::{Command, plan_delete};
use netdraft_core::model::Point;
use netdraft_core::text::count as plural;
use netdraft_core::{Design, Id, Kind};

use crate::actions::Action;
use crate::app::NetdraftApp;
use crate::canvas::Intent;
use crate::dialogs::{AfterDiscard, Dialog, DialogIntent};
use crate::files::Pick;
use crate::menus::MenuIntent;
use crate::panels::bottom::BottomIntent;
use crate::panels::palette::PaletteIntent;
use crate::traffic::{FlowChoice, HopMark};
use crate::worker::Msg;
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
    pub(in crate::app) fn run_queue(&mut self, ctx: &egui::Context) {
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
            Action::CompareLive => self.pick(ctx, Pick::Live),
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
    pub(in crate::app) fn guard(&mut self, then: AfterDiscard, ctx: &egui::Context) {
        if self.doc.is_dirty() {
            self.dialog = Some(Dialog::ConfirmDiscard(then));
        } else {
            self.proceed(then, ctx);
        }
    }

    /// Does what waited for the user's go-ahead.
    pub(in crate::app) fn proceed(&mut self, then: AfterDiscard, ctx: &egui::Context) {
        match then {
            AfterDiscard::Replace(design, path) => self.replace(*design, path, false),
            AfterDiscard::Open(Some(path)) => self.load(ctx, path),
            AfterDiscard::Open(None) => self.pick(ctx, Pick::Open),
            AfterDiscard::Import(imported) => {
                let netdraft_import::Imported { design, report } = *imported;
                let n = design.len();
                self.replace(design, None, true);
                self.say(format!(
                    "Imported {}; save the design to keep it",
                    plural(n, "resource")
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
    pub(in crate::app) fn replace(&mut self, design: Design, path: Option<PathBuf>, unsaved: bool) {
        self.doc = if unsaved {
            crate::document::Document::unsaved(design, path)
        } else {
            crate::document::Document::new(design, path)
        };
        self.selection.clear();
        self.autosaved_revision = 0;
        self.refresh();
        self.derived = crate::derived::Derived::compute(self.doc.design(), self.doc.revision(), Vec::new());
        self.canvas.frame(self.derived.scene.bounds);
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
            n => self.say(format!("Copied {}", plural(n, "resource"))),
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
    pub(in crate::app) fn nudge(&mut self, delta: (i32, i32)) {
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

    pub(in crate::app) fn on_bottom(&mut self, ctx: &egui::Context, intent: BottomIntent) {
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
            BottomIntent::ChooseLive => self.run(ctx, Action::CompareLive),
            BottomIntent::ForgetLive => {
                self.bottom.drift.forget();
                self.say("No longer comparing with a live design");
            }
        }
    }

    pub(in crate::app) fn on_palette(&mut self, intent: PaletteIntent) {
        match intent {
            PaletteIntent::Place(kind) => self.place(kind),
            PaletteIntent::Show(id) => {
                self.selection = std::iter::once(id).collect();
                self.queue(Action::FrameSelection);
            }
        }
    }

    pub(in crate::app) fn on_intent(&mut self, intent: Intent) {
        match intent {
            Intent::Select { ids, toggle } => {
                if !toggle {
                    self.selection.clear();
                }
                for id in ids {
                    if toggle && self.selection.contains(&id) {
                        self.selection.remove(&id);
                    } else {
                        self.selection.insert(id);
                    }
                }
            }
            Intent::ClearSelection => self.selection.clear(),
            Intent::Edit(cmd) => self.edit(*cmd),
            Intent::Create { kind, parent, at } => self.create(kind, parent.as_ref(), Some(at)),
            Intent::Connect { from, to } => match netdraft_core::command::connect(self.doc.design(), &from, &to) {
                Ok(cmd) => self.edit(cmd),
                Err(e) => self.complain(e.to_string()),
            },
            Intent::Refused(reason) => self.complain(reason),
            Intent::Run(action) => self.queue(action),
        }
    }

    pub(in crate::app) fn on_menu(&mut self, ctx: &egui::Context, intent: MenuIntent) {
        match intent {
            MenuIntent::Run(action) => self.queue(action),
            MenuIntent::Open(path) => self.open(ctx, path),
            MenuIntent::Place(kind) => self.place(kind),
        }
    }

    pub(in crate::app) fn on_dialog(&mut self, ctx: &egui::Context, intent: DialogIntent) {
        match intent {
            DialogIntent::KeepImport(imported) => self.keep_import(imported),
            DialogIntent::SaveFirst(then) => {
                self.after_save = Some(then);
                self.queue(Action::Save);
            }
            DialogIntent::Discard(then) => self.proceed(then, ctx),
            DialogIntent::Delete(ids) => self.edit(Command::Delete(ids)),
            DialogIntent::Recover(design, origin) => {
                self.replace(*design, origin, true);
                self.say("Recovered the autosaved design; save it to keep it");
            }
            DialogIntent::ForgetAutosave => self.clear_autosave = true,
            DialogIntent::Overwrite(dir) => self.export_into(ctx, dir, true),
            DialogIntent::CopyReport(text) => {
                ctx.copy_text(text);
                self.say("Copied the import report (Markdown) to the clipboard");
            }
            DialogIntent::Path(pick, path) => self.picked(ctx, pick, path),
            DialogIntent::Template(design) => self.guard(AfterDiscard::Replace(design, None), ctx),
        }
    }

    /// Traces what this revision shows: the standard flows while their tab
    /// is open, and the chosen flow (each once per revision).
    pub(in crate::app) fn prepare_flows(&mut self) {
        let list = self.workshop.is_none()
            && self.prefs.show_bottom
            && self.prefs.bottom_tab == crate::prefs::BottomTab::Flows;
        let d = &mut self.derived;
        if d.traffic.prepare(self.doc.design(), &d.plan, list, self.flow.as_ref()) {
            // The pictures draw the flow shown: drawn again with the new one.
            d.drop_svg();
            self.bottom.picture.redraw();
        }
    }

    /// Shows `choice` on the canvas (or none), framing the resources it passes.
    fn show_flow(&mut self, choice: Option<FlowChoice>) {
        self.flow = choice;
        if let Some(w) = &mut self.workshop {
            w.flow_hop = 0;
        }
        self.prepare_flows();
        let ids: Vec<Id> = self
            .derived
            .traffic
            .view()
            .map(|v| v.hops.iter().filter_map(|h| h.resource.clone()).collect())
            .unwrap_or_default();
        if let Some(r) = self.derived.scene.bounds_of(ids.iter()) {
            self.canvas.frame(r);
        }
    }

    /// The flow shown, as chosen.
    pub fn flow_choice(&self) -> Option<&FlowChoice> {
        self.flow.as_ref()
    }

    /// The hops the canvas marks, in order: all of them, or in workshop mode
    /// those stepped through so far.
    pub fn flow_hops(&self) -> Vec<HopMark> {
        let through = self.workshop.as_ref().map(|w| w.flow_hop);
        self.derived
            .traffic
            .view()
            .map(|v| v.shown(through).to_vec())
            .unwrap_or_default()
    }

    /// Why the chosen flow could not be traced.
    pub fn flow_error(&self) -> Option<&str> {
        match self.derived.traffic.shown() {
            Some(Err(e)) => Some(e),
            _ => None,
        }
    }
}
