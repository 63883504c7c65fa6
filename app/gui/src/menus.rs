//! The menu bar, the toolbar, the status bar and the command palette, all
//! drawn from the command table ([`Action::ALL`]). They return what was
//! chosen ([`MenuIntent`]); the app does it.

use std::path::PathBuf;

use egui::RichText;
use netdraft_core::{Design, Kind};

use crate::actions::Action;
use crate::canvas::{Canvas, Tool};
use crate::prefs::Prefs;

/// What was chosen in the menus, the toolbar or the command palette.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MenuIntent {
    Run(Action),
    /// Open a recent file.
    Open(PathBuf),
    /// Add a resource of this kind (as a palette click does).
    Place(Kind),
}

/// What decides which actions are available and what their tooltips say.
#[derive(Debug, Clone, Copy)]
pub struct MenuState<'a> {
    pub undo: Option<&'a str>,
    pub redo: Option<&'a str>,
    pub has_selection: bool,
    pub can_paste: bool,
}

fn shortcut_text(ctx: &egui::Context, action: Action) -> String {
    action.shortcut().map(|s| ctx.format_shortcut(&s)).unwrap_or_default()
}

fn action_button(ui: &mut egui::Ui, state: &MenuState<'_>, action: Action, out: &mut Option<MenuIntent>) {
    let enabled = match action {
        Action::Undo => state.undo.is_some(),
        Action::Redo => state.redo.is_some(),
        Action::Copy | Action::Duplicate | Action::Delete | Action::FrameSelection => state.has_selection,
        Action::Paste => state.can_paste,
        _ => true,
    };
    let tip = match action {
        Action::Undo => state
            .undo
            .map_or_else(|| action.tooltip().to_owned(), |s| format!("Undo: {s}")),
        Action::Redo => state
            .redo
            .map_or_else(|| action.tooltip().to_owned(), |s| format!("Redo: {s}")),
        _ => action.tooltip().to_owned(),
    };
    let button = egui::Button::new(action.label()).shortcut_text(shortcut_text(ui.ctx(), action));
    if ui.add_enabled(enabled, button).on_hover_text(tip).clicked() {
        *out = Some(MenuIntent::Run(action));
        ui.close();
    }
}

/// The menu bar with the toolbar; the View menu's checkboxes change the
/// preferences and the canvas directly.
pub fn menu_ui(ui: &mut egui::Ui, state: &MenuState<'_>, prefs: &mut Prefs, canvas: &mut Canvas) -> Option<MenuIntent> {
    let mut out = None;
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
                Action::CompareLive,
            ] {
                action_button(ui, state, a, &mut out);
            }
            ui.menu_button("Open recent", |ui| {
                if prefs.recent.is_empty() {
                    ui.label(RichText::new("No recent files").weak());
                }
                for path in &prefs.recent {
                    let name = path.display().to_string();
                    if ui.button(&name).on_hover_text("Open this file").clicked() {
                        out = Some(MenuIntent::Open(path.clone()));
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
                action_button(ui, state, a, &mut out);
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
                action_button(ui, state, a, &mut out);
            }
            ui.separator();
            ui.checkbox(&mut prefs.show_palette, "Palette");
            ui.checkbox(&mut prefs.show_inspector, "Inspector");
            ui.checkbox(&mut prefs.show_bottom, "Problems and file");
            ui.checkbox(&mut canvas.snap, "Snap to grid");
            ui.checkbox(&mut prefs.badges, "Finding badges")
                .on_hover_text("Lint badges on the canvas and in exported pictures");
        });
        ui.separator();
        toolbar_ui(ui, state, canvas, &mut out);
    });
    out
}

fn toolbar_ui(ui: &mut egui::Ui, state: &MenuState<'_>, canvas: &mut Canvas, out: &mut Option<MenuIntent>) {
    let tool = &mut canvas.tool;
    ui.selectable_value(tool, Tool::Select, "Select")
        .on_hover_text("Drag resources to move them, drag the background to pan, shift-drag to select an area");
    ui.selectable_value(tool, Tool::Connect, "Connect").on_hover_text(
        "Drag from one resource to another: peer VNets, route to a firewall, front an origin, target a private endpoint",
    );
    ui.separator();
    for a in [Action::Undo, Action::Redo, Action::ZoomToFit, Action::Tidy] {
        action_button(ui, state, a, out);
    }
    ui.separator();
    let zoom = format!("{:.0}%", canvas.zoom * 100.0);
    ui.label(RichText::new(zoom).weak())
        .on_hover_text("Zoom: ctrl + wheel; pan: wheel or drag the background");
}

/// The status bar: the last message (`text`, whether it is an error), or a
/// hint; the design's size, the selection and a spinner while work runs.
pub fn status_ui(ui: &mut egui::Ui, status: Option<(&str, bool)>, design: &Design, selected: usize, busy: bool) {
    ui.horizontal(|ui| {
        match status {
            Some((text, true)) => {
                ui.label(RichText::new(text).color(ui.visuals().error_fg_color));
            }
            Some((text, false)) => {
                ui.label(text);
            }
            None if design.is_empty() => {
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
            ui.label(
                RichText::new(format!(
                    "{} · {} selected",
                    netdraft_core::text::count(design.len(), "resource"),
                    selected
                ))
                .weak(),
            );
            if busy {
                ui.spinner();
            }
        });
    });
}

/// The command palette, while `query` is open: every action and "Add …"
/// for every kind, filtered by what is typed. Closes on a choice or Escape.
pub fn command_palette_ui(ctx: &egui::Context, palette: &mut Option<String>) -> Option<MenuIntent> {
    let mut query = palette.take()?;
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
        let kinds: Vec<Kind> = Kind::ALL
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
    let mut out = None;
    if let Some(a) = chosen {
        out = Some(MenuIntent::Run(a));
        keep = false;
    }
    if let Some(kind) = add {
        out = Some(MenuIntent::Place(kind));
        keep = false;
    }
    if keep {
        *palette = Some(query);
    }
    out
}
