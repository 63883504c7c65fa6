//! The app: owns the document, the derived data and the panels; `logic`
//! handles shortcuts, worker results and autosave; `ui` draws the panels and
//! collects what they want done, which is applied after the frame.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use netdraft_core::{Design, Id, Resource};

use crate::actions::Action;
use crate::canvas::{Canvas, CanvasInput, Palette};
use crate::derived::Derived;
use crate::dialogs::{AfterDiscard, Dialog};
use crate::document::Document;
use crate::files::Autosave;
use crate::import::ImportDialog;
use crate::inspector::{Inspector, InspectorInput};
use crate::menus::MenuState;
use crate::panels::bottom::{BottomInput, BottomPanel};
use crate::panels::palette::PalettePanel;
use crate::prefs::Prefs;
use crate::traffic::FlowChoice;
use crate::worker::Worker;
use crate::workshop::Workshop;

mod handlers;

/// How long the design must be dirty and unchanged before it is autosaved.
pub const AUTOSAVE_AFTER: Duration = Duration::from_secs(4);

/// How the app starts.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Where autosave keeps its copy; `None`: no autosave.
    pub data_dir: Option<PathBuf>,
    /// Whether to show native file dialogs; without them the app asks for a path itself.
    pub native_dialogs: bool,
    /// The HTTP client for imports from Azure; `None`: the real one.
    pub azure: Option<crate::import::AzureTransport>,
}

/// A line in the status bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub error: bool,
}

/// Where the panels were drawn in the last frame (screen points); `None`
/// for a hidden panel.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PanelRects {
    pub palette: Option<egui::Rect>,
    pub inspector: Option<egui::Rect>,
    pub bottom: Option<egui::Rect>,
    pub canvas: egui::Rect,
}

impl Default for PanelRects {
    fn default() -> Self {
        PanelRects {
            palette: None,
            inspector: None,
            bottom: None,
            canvas: egui::Rect::NOTHING,
        }
    }
}

/// The designer.
#[derive(Debug)]
pub struct NetdraftApp {
    doc: Document,
    derived: Derived,
    selection: BTreeSet<Id>,
    canvas: Canvas,
    inspector: Inspector,
    palette: PalettePanel,
    prefs: Prefs,
    status: Option<Status>,
    clipboard: Vec<Resource>,
    /// The text put on the system clipboard by the last copy.
    clipboard_text: String,
    /// Text the platform pasted (Ctrl+V), to tell our copy from someone else's.
    pasted_text: Option<String>,
    dialog: Option<Dialog>,
    worker: Worker,
    config: Config,
    autosave: Option<Autosave>,
    autosaved_revision: u64,
    last_edit: Instant,
    close_confirmed: bool,
    /// Set when the autosave copy is no longer needed; done in `logic`.
    clear_autosave: bool,
    /// What waits for a successful save ("Save" in the unsaved-changes dialog).
    after_save: Option<AfterDiscard>,
    title: String,
    queue: Vec<Action>,
    workshop: Option<Workshop>,
    command_palette: Option<String>,
    import: Option<ImportDialog>,
    /// The template gallery's cards, once prepared (asked for on first New).
    gallery: Option<Vec<crate::gallery::ShownCard>>,
    gallery_requested: bool,
    bottom: BottomPanel,
    panels: PanelRects,
    /// The traffic flow shown on the canvas, if any.
    flow: Option<FlowChoice>,
    /// A flow lint pass is running on the worker (one at a time: the next
    /// starts, for the newest revision, when it is back).
    flows_running: bool,
}

impl NetdraftApp {
    /// An app showing `design` (from `path`, if it came from a file).
    pub fn new(design: Design, path: Option<PathBuf>, config: Config, prefs: Prefs) -> NetdraftApp {
        let doc = Document::new(design, path);
        let derived = Derived::compute(doc.design(), doc.revision(), Vec::new());
        let autosave = config.data_dir.clone().map(Autosave::new);
        let dialog = autosave
            .as_ref()
            .and_then(Autosave::recoverable)
            .map(|(design, origin)| Dialog::Recover(Box::new(design), origin));
        let mut canvas = Canvas::default();
        canvas.frame(derived.scene.bounds);
        NetdraftApp {
            doc,
            derived,
            selection: BTreeSet::new(),
            canvas,
            inspector: Inspector::default(),
            palette: PalettePanel::default(),
            prefs,
            status: None,
            clipboard: Vec::new(),
            clipboard_text: String::new(),
            pasted_text: None,
            dialog,
            worker: Worker::default(),
            config,
            autosave,
            autosaved_revision: 0,
            last_edit: Instant::now(),
            close_confirmed: false,
            clear_autosave: false,
            after_save: None,
            title: String::new(),
            queue: Vec::new(),
            workshop: None,
            command_palette: None,
            import: None,
            gallery: None,
            gallery_requested: false,
            bottom: BottomPanel::default(),
            panels: PanelRects::default(),
            flow: None,
            flows_running: false,
        }
    }

    /// The design being edited.
    pub fn design(&self) -> &Design {
        self.doc.design()
    }

    /// The file the design belongs to.
    pub fn path(&self) -> Option<&std::path::Path> {
        self.doc.path.as_deref()
    }

    /// Whether there are unsaved edits.
    pub fn is_dirty(&self) -> bool {
        self.doc.is_dirty()
    }

    /// The selected resources.
    pub fn selection(&self) -> &BTreeSet<Id> {
        &self.selection
    }

    /// The canvas zoom (1.0 = one point per canvas unit).
    pub fn canvas_zoom(&self) -> f32 {
        self.canvas.zoom
    }

    /// The IP plan of the current revision.
    pub fn plan(&self) -> &netdraft_core::plan::Plan {
        &self.derived.plan
    }

    /// The problems of the current revision: structure, then lint findings.
    pub fn problems(&self) -> &[crate::derived::Problem] {
        &self.derived.problems
    }

    /// The preferences (theme, panels, tabs).
    pub fn prefs(&self) -> &Prefs {
        &self.prefs
    }

    /// The workshop step shown, when in workshop mode (0 is the hub).
    pub fn workshop_step(&self) -> Option<usize> {
        self.workshop.as_ref().map(|w| w.step)
    }

    /// Why the import dialog's last step failed, when it is open.
    pub fn import_error(&self) -> Option<String> {
        self.import.as_ref().and_then(|d| d.error.clone())
    }

    /// Where the panels and the canvas were drawn in the last frame.
    pub fn panel_rects(&self) -> PanelRects {
        self.panels
    }

    /// The laid-out scene of the current revision (what the canvas draws).
    pub fn scene(&self) -> &netdraft_scene::Scene {
        &self.derived.scene
    }

    /// The status bar's message.
    pub fn status(&self) -> Option<&Status> {
        self.status.as_ref()
    }

    /// The window title: file name, a bullet when unsaved.
    pub fn window_title(&self) -> String {
        let name = self
            .doc
            .path
            .as_ref()
            .and_then(|p| p.file_name())
            .map_or_else(|| "Untitled".to_owned(), |n| n.to_string_lossy().into_owned());
        let dot = if self.doc.is_dirty() { "• " } else { "" };
        format!("{dot}{name} — netdraft")
    }

    fn say(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            text: text.into(),
            error: false,
        });
    }

    fn complain(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            text: text.into(),
            error: true,
        });
    }

    /// Brings derived data up to date with the document.
    fn refresh(&mut self) {
        if self.derived.revision != self.doc.revision() {
            let carried = self.derived.take_flow_findings();
            self.derived = Derived::compute(self.doc.design(), self.doc.revision(), carried);
            self.selection.retain(|id| self.doc.design().contains(id.as_str()));
        }
    }

    /// Queues an action (menus, buttons, the command palette, tests).
    pub fn queue(&mut self, action: Action) {
        self.queue.push(action);
    }

    fn shortcuts(&mut self, ctx: &egui::Context) {
        let typing = ctx.egui_wants_keyboard_input();
        // egui matches Ctrl+S against Ctrl+Shift+S too: try the longer chords first.
        let mut ordered: Vec<(Action, egui::KeyboardShortcut)> = Action::ALL
            .iter()
            .filter_map(|a| a.shortcut().map(|s| (*a, s)))
            .collect();
        ordered.sort_by_key(|(_, s)| std::cmp::Reverse(u8::from(s.modifiers.shift) + u8::from(s.modifiers.alt)));
        for (action, shortcut) in &ordered {
            if typing && (action.is_plain_key() || matches!(action, Action::Copy | Action::Paste | Action::SelectAll)) {
                continue;
            }
            if ctx.input_mut(|i| i.consume_shortcut(shortcut)) {
                self.queue.push(*action);
            }
        }
        if !typing {
            // The platform turns Ctrl+C / Ctrl+V into clipboard events, not key presses.
            let (copy, pasted) = ctx.input(|i| {
                (
                    i.events.iter().any(|e| matches!(e, egui::Event::Copy)),
                    i.events.iter().find_map(|e| match e {
                        egui::Event::Paste(text) => Some(text.clone()),
                        _ => None,
                    }),
                )
            });
            if copy {
                self.queue.push(Action::Copy);
            }
            if let Some(text) = pasted {
                self.pasted_text = Some(text);
                self.queue.push(Action::Paste);
            }
        }
        if !typing && self.workshop.is_none() && self.dialog.is_none() && self.command_palette.is_none() {
            self.selection_keys(ctx);
        }
        if let Some(w) = &mut self.workshop {
            w.keys(ctx, self.doc.design());
        }
    }

    /// Escape clears the selection; the arrow keys nudge it by a grid step
    /// (Shift: one unit).
    fn selection_keys(&mut self, ctx: &egui::Context) {
        use egui::Key;
        if self.selection.is_empty() {
            return;
        }
        if ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, Key::Escape)) {
            self.selection.clear();
            return;
        }
        let fine = ctx.input(|i| i.modifiers.shift);
        let step = if fine { 1 } else { crate::canvas::GRID as i32 };
        let mods = if fine {
            egui::Modifiers::SHIFT
        } else {
            egui::Modifiers::NONE
        };
        let mut delta = (0, 0);
        for (key, d) in [
            (Key::ArrowLeft, (-step, 0)),
            (Key::ArrowRight, (step, 0)),
            (Key::ArrowUp, (0, -step)),
            (Key::ArrowDown, (0, step)),
        ] {
            if ctx.input_mut(|i| i.consume_key(mods, key)) {
                delta = (delta.0 + d.0, delta.1 + d.1);
            }
        }
        if delta != (0, 0) {
            self.nudge(delta);
        }
    }

    fn update_title(&mut self, ctx: &egui::Context) {
        let title = self.window_title();
        if title != self.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
    }

    fn handle_close(&mut self, ctx: &egui::Context) {
        if ctx.input(|i| i.viewport().close_requested()) && self.doc.is_dirty() && !self.close_confirmed {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.dialog = Some(Dialog::ConfirmDiscard(AfterDiscard::Close));
        }
    }

    /// Whether finding badges are shown (on the canvas and in pictures): the
    /// presenter's choice in workshop mode, the View menu's otherwise.
    pub fn badges_shown(&self) -> bool {
        self.workshop.as_ref().map_or(self.prefs.badges, |w| w.badges)
    }

    /// Runs everything that is not drawing: worker results, shortcuts, queued actions, autosave.
    pub fn logic_step(&mut self, ctx: &egui::Context) {
        for msg in self.worker.drain() {
            self.on_message(ctx, msg);
        }
        self.shortcuts(ctx);
        self.handle_close(ctx);
        self.run_queue(ctx);
        self.refresh();
        self.flows_tick(ctx);
        self.drift_tick(ctx);
        self.prepare_flows();
        if self.derived.set_badges(self.badges_shown()) {
            // The picture preview is drawn again, with or without badges.
            self.bottom.picture.redraw();
        }
        if std::mem::take(&mut self.clear_autosave)
            && let Some(a) = &self.autosave
        {
            a.clear();
        }
        self.autosave_tick(ctx);
        self.picture_tick(ctx);
        self.update_title(ctx);
        // After the queue ran, so a theme switch shows in this very frame
        // (not on whatever input happens to come next).
        ctx.set_theme(if self.prefs.dark {
            egui::Theme::Dark
        } else {
            egui::Theme::Light
        });
    }

    /// Whether background work (a save, an export, a picture, an import) is still running.
    pub fn is_working(&self) -> bool {
        self.worker.is_busy()
    }

    /// Waits for background work to finish and handles its results (tests).
    pub fn finish_background_work(&mut self, ctx: &egui::Context) {
        loop {
            self.refresh();
            self.flows_tick(ctx);
            self.drift_tick(ctx);
            if !self.worker.is_busy() {
                break;
            }
            for msg in self.worker.wait() {
                self.on_message(ctx, msg);
            }
        }
    }

    /// While the design is compared with a live one, compares the current
    /// revision on the worker unless that is done or a comparison is running
    /// (its result arrives as [`Msg::Drift`]).
    fn drift_tick(&mut self, ctx: &egui::Context) {
        let revision = self.doc.revision();
        let Some((generation, live)) = self.bottom.drift.due(revision) else {
            return;
        };
        let (design, plan) = (self.doc.design().clone(), self.derived.plan.clone());
        self.worker.spawn(ctx, move || {
            // A comparison that panicked reports no drift rather than none at
            // all, so the next revision's still starts.
            let drift =
                std::panic::catch_unwind(|| netdraft_core::drift::compare(&design, &plan, &live)).unwrap_or_default();
            crate::worker::Msg::Drift {
                generation,
                revision,
                drift,
            }
        });
    }

    /// Starts the flow lint pass of the current revision on the worker,
    /// unless it is done or one is running (its result arrives as
    /// [`Msg::Flows`]; a newer revision starts its own when it is back).
    fn flows_tick(&mut self, ctx: &egui::Context) {
        if self.derived.flows_current() || self.flows_running {
            return;
        }
        self.flows_running = true;
        let revision = self.derived.revision;
        let (design, plan) = (self.doc.design().clone(), self.derived.plan.clone());
        self.worker.spawn(ctx, move || {
            // A pass that panicked reports no findings rather than none at all,
            // so the next revision's pass still starts.
            let findings = std::panic::catch_unwind(|| crate::derived::flow_job(&design, &plan)).unwrap_or_default();
            crate::worker::Msg::Flows { revision, findings }
        });
    }

    fn panels_ui(&mut self, ui: &mut egui::Ui) {
        let dark = self.prefs.dark;
        let colours = Palette::new(dark);
        let workshop = self.workshop.is_some();
        let state = MenuState {
            undo: self.doc.undo_label(),
            redo: self.doc.redo_label(),
            has_selection: !self.selection.is_empty(),
            can_paste: !self.clipboard.is_empty(),
        };
        let menu = egui::Panel::top("menu")
            .show(ui, |ui| {
                crate::menus::menu_ui(ui, &state, &mut self.prefs, &mut self.canvas)
            })
            .inner;
        if let Some(intent) = menu {
            self.on_menu(ui.ctx(), intent);
        }
        egui::Panel::bottom("status").show(ui, |ui| {
            let status = self.status.as_ref().map(|s| (s.text.as_str(), s.error));
            // The spinner is for work the user started (saving, exporting,
            // importing, pictures); the flow lint pass of each edit runs quietly:
            // a spinner repaints every frame, and would blink on every edit.
            // The flow lint pass and the drift comparison run quietly after each edit.
            let quiet = usize::from(self.flows_running) + usize::from(self.bottom.drift.is_running());
            let busy = self.worker.running() > quiet;
            crate::menus::status_ui(ui, status, self.doc.design(), self.selection.len(), busy);
        });
        let window = ui.available_rect_before_wrap().size();
        self.panels = PanelRects::default();
        let limits = crate::prefs::PanelLimits::for_window(window);
        if !workshop && self.prefs.show_palette {
            let shown = egui::Panel::left("palette")
                .resizable(true)
                .default_size(crate::prefs::PanelLimits::clamp(
                    limits.palette,
                    self.prefs.palette_width,
                ))
                .size_range(limits.palette.0..=limits.palette.1)
                .show(ui, |ui| {
                    if let Some(intent) = self.palette.ui(ui, &colours, self.doc.design()) {
                        self.on_palette(intent);
                    }
                });
            self.prefs.palette_width = shown.response.rect.width().round();
            self.panels.palette = Some(shown.response.rect);
        }
        // The palette keeps the window's height (every kind in view); the
        // bottom panel spans the rest of the width, under the canvas and the
        // inspector, so the inspector never squeezes its tabs.
        if !workshop && self.prefs.show_bottom {
            let shown = egui::Panel::bottom("bottom")
                .resizable(true)
                .default_size(crate::prefs::PanelLimits::clamp(
                    limits.bottom,
                    self.prefs.bottom_height,
                ))
                .size_range(limits.bottom.0..=limits.bottom.1)
                .show(ui, |ui| {
                    let input = BottomInput {
                        design: self.doc.design(),
                        revision: self.doc.revision(),
                        dark,
                        chosen: self.flow.as_ref(),
                    };
                    let intent = within(ui, |ui| self.bottom.ui(ui, &mut self.prefs, &mut self.derived, &input));
                    if let Some(i) = intent {
                        self.on_bottom(ui.ctx(), i);
                    }
                });
            self.prefs.bottom_height = shown.response.rect.height().round();
            self.panels.bottom = Some(shown.response.rect);
        }
        if !workshop && self.prefs.show_inspector {
            let shown = egui::Panel::right("inspector")
                .resizable(true)
                .default_size(crate::prefs::PanelLimits::clamp(
                    limits.inspector,
                    self.prefs.inspector_width,
                ))
                .size_range(limits.inspector.0..=limits.inspector.1)
                .show(ui, |ui| {
                    let input = InspectorInput {
                        design: self.doc.design(),
                        plan: &self.derived.plan,
                        selection: &self.selection,
                        revision: self.doc.revision(),
                    };
                    if let Some(cmd) = within(ui, |ui| self.inspector.ui(ui, &input)) {
                        self.edit(cmd);
                    }
                });
            self.prefs.inspector_width = shown.response.rect.width().round();
            self.panels.inspector = Some(shown.response.rect);
        }
        if let Some(w) = &mut self.workshop {
            let hops = self.derived.traffic.view().map(|v| v.hops.len());
            egui::Panel::top("workshop").show(ui, |ui| w.ui(ui, self.doc.design(), hops));
            // Each step frames what it has shown so far.
            if let Some(ids) = w.to_frame(self.doc.design())
                && let Some(r) = self.derived.scene.bounds_of(ids.iter())
            {
                self.canvas.frame(r);
            }
        }
        self.canvas_ui(ui, &colours);
    }

    /// The canvas, with the workshop step's or the traffic flow's highlight.
    fn canvas_ui(&mut self, ui: &mut egui::Ui, colours: &Palette) {
        egui::CentralPanel::no_frame().show(ui, |ui| {
            self.panels.canvas = ui.available_rect_before_wrap();
            let revision = self.doc.revision();
            let flow = self.derived.traffic.view();
            let flow_through = flow.and(self.workshop.as_ref()).map(|w| w.flow_hop);
            let highlight = self.workshop.as_mut().map(|w| match (flow, flow_through) {
                // Stepping through a flow lights its hops so far, not a layer.
                (Some(f), Some(t)) => (w.step, std::sync::Arc::new(f.lit(self.doc.design(), Some(t)))),
                _ => (w.step, w.highlight_cached(self.doc.design(), revision)),
            });
            let badges = self.badges_shown();
            // Not in workshop mode: a presentation shows the design, not its drift.
            let drift = if self.workshop.is_none() {
                self.bottom.drift.marks()
            } else {
                None
            };
            let input = CanvasInput {
                design: self.doc.design(),
                revision: self.derived.scene_revision(),
                scene: &self.derived.scene,
                selection: &self.selection,
                palette: colours,
                highlight: highlight.as_ref().map(|(_, h)| h.as_ref()),
                highlight_step: highlight.as_ref().map(|(step, _)| *step),
                badges,
                flow: flow.map(std::convert::AsRef::as_ref),
                flow_through,
                drift,
                covered: self.dialog.is_some() || self.command_palette.is_some() || self.import.is_some(),
            };
            let intents = self.canvas.ui(ui, &input);
            for intent in intents {
                self.on_intent(intent);
            }
        });
    }

    /// The dialog on screen, if any, and what was answered.
    fn dialogs_ui(&mut self, ctx: &egui::Context) {
        // Taken, not cloned: a dialog can hold a whole imported design.
        // It comes back unless the answer closes or replaces it.
        let Some(dialog) = self.dialog.take() else { return };
        let (next, intent) = crate::dialogs::show(ctx, dialog, self.doc.design(), self.gallery.as_deref());
        self.dialog = next;
        if let Some(intent) = intent {
            self.on_dialog(ctx, intent);
        }
    }

    /// The import dialog, when open, and what it asks for.
    fn import_ui(&mut self, ctx: &egui::Context) {
        let Some(dialog) = &mut self.import else { return };
        // Another modal (unsaved changes) goes first.
        if self.dialog.is_some() {
            return;
        }
        if let Some(intent) = dialog.ui(ctx) {
            self.on_import(ctx, intent);
        }
    }

    fn command_palette_ui(&mut self, ctx: &egui::Context) {
        if let Some(intent) = crate::menus::command_palette_ui(ctx, &mut self.command_palette) {
            self.on_menu(ctx, intent);
        }
    }

    /// Draws the whole window (what `App::ui` does; benchmarks call it directly).
    pub fn ui_contents(&mut self, ui: &mut egui::Ui) {
        let before = self.doc.revision();
        self.panels_ui(ui);
        self.dialogs_ui(ui.ctx());
        self.import_ui(ui.ctx());
        self.command_palette_ui(ui.ctx());
        if self.doc.revision() != before || !self.queue.is_empty() {
            // Applied edits show on the next frame; one more frame, then idle.
            ui.ctx().request_repaint();
        }
    }
}

/// Shows `contents` in exactly the space `ui` has left, clipped: a wide
/// field or a long line cannot widen the panel (egui panels otherwise grow
/// to their contents and keep that size).
fn within<R>(ui: &mut egui::Ui, contents: impl FnOnce(&mut egui::Ui) -> R) -> R {
    let rect = ui.available_rect_before_wrap();
    let mut child = ui.new_child(
        egui::UiBuilder::new()
            .id_salt("panel-contents")
            .max_rect(rect)
            .layout(*ui.layout()),
    );
    child.shrink_clip_rect(rect);
    let out = contents(&mut child);
    ui.advance_cursor_after_rect(rect);
    out
}

impl eframe::App for NetdraftApp {
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        self.logic_step(ctx);
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.ui_contents(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, Prefs::KEY, &self.prefs);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        if (!self.doc.is_dirty() || self.close_confirmed)
            && let Some(a) = &self.autosave
        {
            a.clear();
        }
    }
}
