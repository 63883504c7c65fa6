//! The bottom panel: tabs for the IP plan, the problems list, the live
//! export preview (the design file, Terraform, Bicep, Helm, Kubernetes,
//! Markdown) and the traffic flows.

use egui::RichText;
use netdraft_core::{Design, Id};

use super::drift::{DriftIntent, DriftView};
use super::flows::{FlowPick, FlowPicker};
use super::preview::{self, PreviewIntent};
use crate::derived::{Derived, Level};
use crate::picture::{Picture, PicturePreview};
use crate::prefs::{BottomTab, Prefs};
use crate::traffic::FlowChoice;

/// What the user asked for in the bottom panel.
#[derive(Debug, Clone, PartialEq)]
pub enum BottomIntent {
    /// Select resources and frame them on the canvas.
    Show(Vec<Id>),
    /// Copy a file's text to the clipboard: its name and text.
    Copy(String, String),
    /// Export Terraform for another azurerm major (changes the design's settings).
    SetAzurerm(netdraft_core::model::AzurermMajor),
    /// Apply a lint quick fix computed for this revision of the design.
    Fix(u64, Box<netdraft_core::lint::QuickFix>),
    /// Show this traffic flow on the canvas (`None`: show none).
    Flow(Option<FlowChoice>),
    /// Choose a live design to compare with (drift).
    ChooseLive,
    /// Stop comparing with the live design.
    ForgetLive,
}

/// The bottom panel and what it keeps between frames: the traffic flows
/// tab's fields and the PNG preview's picture (drawn on the worker).
#[derive(Debug, Default)]
pub struct BottomPanel {
    pub flows: FlowPicker,
    pub picture: PicturePreview,
    pub drift: DriftView,
}

/// What the bottom panel shows, besides its own state.
#[derive(Debug)]
pub struct BottomInput<'a> {
    pub design: &'a Design,
    pub revision: u64,
    pub dark: bool,
    /// The traffic flow shown on the canvas, as chosen.
    pub chosen: Option<&'a FlowChoice>,
}

impl BottomPanel {
    /// Shows the tabs and the one chosen (the tab and the preview's format
    /// are preferences; exports are rendered into `derived` when shown).
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        prefs: &mut Prefs,
        derived: &mut Derived,
        input: &BottomInput<'_>,
    ) -> Option<BottomIntent> {
        let picture = self.picture.current(input.revision);
        if prefs.bottom_tab == BottomTab::Drift {
            tab_bar(ui, prefs, derived);
            ui.separator();
            return match self.drift.ui(ui, input.revision)? {
                DriftIntent::Choose => Some(BottomIntent::ChooseLive),
                DriftIntent::Forget => Some(BottomIntent::ForgetLive),
                DriftIntent::Show(id) => Some(BottomIntent::Show(vec![id])),
            };
        }
        tabs_ui(ui, prefs, derived, input, picture, &mut self.flows)
    }
}

fn tabs_ui(
    ui: &mut egui::Ui,
    prefs: &mut Prefs,
    derived: &mut Derived,
    input: &BottomInput<'_>,
    picture: Option<(&Result<Picture, String>, bool)>,
    picker: &mut FlowPicker,
) -> Option<BottomIntent> {
    let design = input.design;
    let mut out = None;
    tab_bar(ui, prefs, derived);
    if prefs.bottom_tab == BottomTab::File {
        out = match preview::bar_ui(ui, prefs, derived, design) {
            Some(PreviewIntent::Copy(name, text)) => Some(BottomIntent::Copy(name, text)),
            Some(PreviewIntent::SetAzurerm(m)) => Some(BottomIntent::SetAzurerm(m)),
            None => None,
        };
    }
    ui.separator();
    match prefs.bottom_tab {
        BottomTab::Plan => {
            if let Some(id) = super::plan::ui(ui, &derived.plan) {
                out = Some(BottomIntent::Show(vec![id]));
            }
        }
        BottomTab::Problems => {
            if let Some(i) = problems_ui(ui, derived) {
                out = Some(i);
            }
        }
        BottomTab::File => preview::ui(ui, prefs, derived, design, picture, input.dark),
        // Drawn by the panel itself (`BottomPanel::ui`).
        BottomTab::Drift => {}
        BottomTab::Flows => {
            if let Some(choice) = super::flows::ui(ui, picker, &derived.traffic, input.chosen) {
                out = Some(BottomIntent::Flow(match choice {
                    FlowPick::Show(c) => Some(c),
                    FlowPick::Clear => None,
                }));
            }
        }
    }
    out
}

/// The row of tabs.
fn tab_bar(ui: &mut egui::Ui, prefs: &mut Prefs, derived: &Derived) {
    ui.horizontal(|ui| {
        let tab = &mut prefs.bottom_tab;
        ui.selectable_value(tab, BottomTab::Plan, "IP plan")
            .on_hover_text("Prefix, demand, usable addresses, utilisation and headroom per VNet and subnet");
        let open = |l: Level| {
            derived
                .problems
                .iter()
                .filter(|p| p.level == l && p.accepted.is_none())
                .count()
        };
        let (errors, warnings) = (open(Level::Error), open(Level::Warning));
        let count = netdraft_core::text::count;
        let problems = match (errors, warnings) {
            (0, 0) => "Problems".to_owned(),
            (e, 0) => format!("Problems ({})", count(e, "error")),
            (0, w) => format!("Problems ({})", count(w, "warning")),
            (e, w) => format!("Problems ({}, {})", count(e, "error"), count(w, "warning")),
        };
        ui.selectable_value(tab, BottomTab::Problems, problems)
            .on_hover_text("Problems of the design and its IP plan; click one to show the resource");
        ui.selectable_value(tab, BottomTab::File, "Export preview")
            .on_hover_text("The design file or an export, as it would be written; updated live");
        ui.selectable_value(tab, BottomTab::Flows, "Traffic flows")
            .on_hover_text(
                "How packets travel: each cluster's standard flows, or any two ends, hop by hop on the canvas",
            );
        ui.selectable_value(tab, BottomTab::Drift, "Drift")
            .on_hover_text("What differs between the design and a live estate the import read");
    });
}

fn problems_ui(ui: &mut egui::Ui, derived: &Derived) -> Option<BottomIntent> {
    let mut out = None;
    egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
        if derived.problems.is_empty() {
            ui.label(
                RichText::new("No problems: the structure is valid, the IP plan fits and no lint rule has a finding.")
                    .weak(),
            );
        }
        for p in &derived.problems {
            let colour = match p.level {
                Level::Error => ui.visuals().error_fg_color,
                Level::Warning => ui.visuals().warn_fg_color,
                Level::Info => ui.visuals().weak_text_color(),
            };
            let colour = if p.accepted.is_some() {
                ui.visuals().weak_text_color()
            } else {
                colour
            };
            ui.horizontal(|ui| {
                ui.add_sized(
                    [60.0, ui.spacing().interact_size.y],
                    egui::Label::new(RichText::new(p.level.as_str()).color(colour).strong()),
                );
                ui.add_sized(
                    [52.0, ui.spacing().interact_size.y],
                    egui::Label::new(RichText::new(p.code.as_deref().unwrap_or("design")).monospace()),
                );
                let text = match &p.field {
                    Some(f) => format!("{f}: {}", p.message),
                    None => p.message.clone(),
                };
                let hint = match (&p.why, p.resources.is_empty()) {
                    (Some(why), false) => format!("{why}\n\nClick to select the resources and show them."),
                    (Some(why), true) => why.clone(),
                    (None, false) => "Click to select the resources and show them.".to_owned(),
                    (None, true) => "A problem of the design as a whole".to_owned(),
                };
                let r = ui
                    .add(egui::Button::new(RichText::new(text).color(ui.visuals().text_color())).frame(false))
                    .on_hover_text(hint);
                if r.clicked() && !p.resources.is_empty() {
                    out = Some(BottomIntent::Show(p.resources.clone()));
                }
            });
            if let Some(fix) = &p.quick_fix {
                ui.horizontal(|ui| {
                    ui.add_space(120.0);
                    let b = ui
                        .button("Fix")
                        .on_hover_text(format!("{} (one edit; Undo takes it back)", fix.label));
                    b.widget_info(|| {
                        egui::WidgetInfo::labeled(egui::Role::Button, true, format!("Fix: {}", fix.label))
                    });
                    if b.clicked() {
                        out = Some(BottomIntent::Fix(derived.revision, Box::new(fix.clone())));
                    }
                    ui.label(RichText::new(&fix.label).small());
                });
            }
            let note = match (&p.accepted, &p.fix) {
                (Some(reason), _) => Some(format!("Accepted: {reason}")),
                (None, Some(fix)) => Some(format!("Fix: {fix}")),
                (None, None) => None,
            };
            if let Some(note) = note {
                ui.horizontal(|ui| {
                    ui.add_space(120.0);
                    ui.label(RichText::new(note).small().weak());
                });
            }
            ui.add_space(2.0);
        }
    });
    out
}
