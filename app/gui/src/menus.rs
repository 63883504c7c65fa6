//! The menu bar, the toolbar, the status bar and the command palette, all
//! drawn from the command table ([`Action::ALL`]).

use egui::RichText;

use crate::actions::Action;
use crate::app::NetdraftApp;
use crate::canvas::Tool;

fn shortcut_text(ctx: &egui::Context, action: Action) -> String {
    action.shortcut().map(|s| ctx.format_shortcut(&s)).unwrap_or_default()
}

impl NetdraftApp {
    fn action_button(&mut self, ui: &mut egui::Ui, action: Action) {
        let enabled = match action {
            Action::Undo => self.doc.undo_label().is_some(),
            Action::Redo => self.doc.redo_label().is_some(),
            Action::Copy | Action::Duplicate | Action::Delete | Action::FrameSelection => !self.selection.is_empty(),
            Action::Paste => !self.clipboard.is_empty(),
            _ => true,
        };
        let tip = match action {
            Action::Undo => self
                .doc
                .undo_label()
                .map_or_else(|| action.tooltip().to_owned(), |s| format!("Undo: {s}")),
            Action::Redo => self
                .doc
                .redo_label()
                .map_or_else(|| action.tooltip().to_owned(), |s| format!("Redo: {s}")),
            _ => action.tooltip().to_owned(),
        };
        let button = egui::Button::new(action.label()).shortcut_text(shortcut_text(ui.ctx(), action));
        if ui.add_enabled(enabled, button).on_hover_text(tip).clicked() {
            self.queue(action);
            ui.close();
        }
    }

    pub(crate) fn menu_ui(&mut self, ui: &mut egui::Ui) {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                for a in [
                    Action::New,
                    Action::Open,
                    Action::Save,
                    Action::SaveAs,
                    Action::Export,
                    Action::ImportAzure,
                    Action::ImportJson,
                ] {
                    self.action_button(ui, a);
                }
                ui.menu_button("Open recent", |ui| {
                    if self.prefs.recent.is_empty() {
                        ui.label(RichText::new("No recent files").weak());
                    }
                    for path in self.prefs.recent.clone() {
                        let name = path.display().to_string();
                        if ui.button(&name).on_hover_text("Open this file").clicked() {
                            self.open(ui.ctx(), path);
                            ui.close();
                        }
                    }
                });
            });
            ui.menu_button("Edit", |ui| {
                for a in [
                    Action::Undo,
                    Action::Redo,
                    Action::Copy,
                    Action::Paste,
                    Action::Duplicate,
                    Action::Delete,
                    Action::SelectAll,
                ] {
                    self.action_button(ui, a);
                }
            });
            ui.menu_button("View", |ui| {
                for a in [
                    Action::ZoomToFit,
                    Action::FrameSelection,
                    Action::Tidy,
                    Action::ToggleTheme,
                    Action::Workshop,
                    Action::CommandPalette,
                ] {
                    self.action_button(ui, a);
                }
                ui.separator();
                ui.checkbox(&mut self.prefs.show_palette, "Palette");
                ui.checkbox(&mut self.prefs.show_inspector, "Inspector");
                ui.checkbox(&mut self.prefs.show_bottom, "Problems and file");
                ui.checkbox(&mut self.canvas.snap, "Snap to grid");
                ui.checkbox(&mut self.prefs.badges, "Finding badges")
                    .on_hover_text("Lint badges on the canvas and in exported pictures");
            });
            ui.separator();
            self.toolbar_ui(ui);
        });
    }

    fn toolbar_ui(&mut self, ui: &mut egui::Ui) {
        let tool = &mut self.canvas.tool;
        ui.selectable_value(tool, Tool::Select, "Select")
            .on_hover_text("Drag resources to move them, drag the background to pan, shift-drag to select an area");
        ui.selectable_value(tool, Tool::Connect, "Connect").on_hover_text(
            "Drag from one resource to another: peer VNets, route to a firewall, front an origin, target a private endpoint",
        );
        ui.separator();
        for a in [Action::Undo, Action::Redo, Action::ZoomToFit, Action::Tidy] {
            self.action_button(ui, a);
        }
        ui.separator();
        let zoom = format!("{:.0}%", self.canvas.zoom * 100.0);
        ui.label(RichText::new(zoom).weak())
            .on_hover_text("Zoom: ctrl + wheel; pan: wheel or drag the background");
    }

    pub(crate) fn status_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            match &self.status {
                Some(s) if s.error => {
                    ui.label(RichText::new(&s.text).color(ui.visuals().error_fg_color));
                }
                Some(s) => {
                    ui.label(&s.text);
                }
                None if self.doc.design().is_empty() => {
                    ui.label(RichText::new("Drag a resource from the palette onto the canvas to begin.").weak());
                }
                None => {
                    ui.label(
                        RichText::new(
                            "Click to select, drag to move, Connect to link resources; Ctrl+Shift+P lists every command.",
                        )
                        .weak(),
                    );
                }
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                let d = self.doc.design();
                ui.label(RichText::new(format!(
                    "{} · {} selected",
                    crate::app::plural(d.len(), "resource"),
                    self.selection.len()
                )).weak());
                if self.worker.is_busy() {
                    ui.spinner();
                }
            });
        });
    }

    pub(crate) fn command_palette_ui(&mut self, ctx: &egui::Context) {
        let Some(mut query) = self.command_palette.take() else {
            return;
        };
        let mut chosen = None;
        let mut add = None;
        let mut keep = true;
        let modal = egui::Modal::new(egui::Id::unique("command-palette")).show(ctx, |ui| {
            ui.set_width(420.0);
            let l = ui.label("Command");
            let r = ui
                .add(egui::TextEdit::singleline(&mut query).hint_text("type to search"))
                .labelled_by(l.id);
            r.request_focus();
            let needle = query.to_lowercase();
            let matches: Vec<Action> = Action::ALL
                .iter()
                .copied()
                .filter(|a| a.label().to_lowercase().contains(&needle) || a.tooltip().to_lowercase().contains(&needle))
                .collect();
            for a in &matches {
                let text = format!("{}    {}", a.label(), shortcut_text(ui.ctx(), *a));
                if ui.button(text).on_hover_text(a.tooltip()).clicked() {
                    chosen = Some(*a);
                }
            }
            let kinds: Vec<netdraft_core::Kind> = netdraft_core::Kind::ALL
                .iter()
                .copied()
                .filter(|k| !needle.is_empty() && format!("add {}", k.label().to_lowercase()).contains(&needle))
                .collect();
            for k in &kinds {
                if ui
                    .button(format!("Add {}", k.label()))
                    .on_hover_text(k.description())
                    .clicked()
                {
                    add = Some(*k);
                }
            }
            if ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                chosen = matches.first().copied();
                if chosen.is_none() {
                    add = kinds.first().copied();
                }
            }
        });
        if modal.should_close() {
            keep = false;
        }
        if let Some(a) = chosen {
            self.queue(a);
            keep = false;
        }
        if let Some(kind) = add {
            self.place(kind);
            keep = false;
        }
        if keep {
            self.command_palette = Some(query);
        }
    }
}
