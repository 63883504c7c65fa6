//! The bottom panel: tabs for the IP plan, the problems list and the live
//! file preview.

use egui::RichText;
use netdraft_core::{Id, Severity};

use crate::derived::Derived;
use crate::prefs::BottomTab;

/// What the user asked for in the bottom panel.
#[derive(Debug, Clone, PartialEq)]
pub enum BottomIntent {
    /// Select resources and frame them on the canvas.
    Show(Vec<Id>),
    /// Copy text to the clipboard.
    Copy(String),
}

/// Shows the bottom panel.
pub fn ui(ui: &mut egui::Ui, tab: &mut BottomTab, derived: &mut Derived, dark: bool) -> Option<BottomIntent> {
    let mut out = None;
    ui.horizontal(|ui| {
        ui.selectable_value(tab, BottomTab::Plan, "IP plan")
            .on_hover_text("Prefix, demand, usable addresses, utilisation and headroom per VNet and subnet");
        let n = derived.problems.len();
        let problems = if n == 0 {
            "Problems".to_owned()
        } else {
            format!("Problems ({n})")
        };
        ui.selectable_value(tab, BottomTab::Problems, problems)
            .on_hover_text("Problems of the design and its IP plan; click one to show the resource");
        ui.selectable_value(tab, BottomTab::File, "Design file")
            .on_hover_text("The design file as it will be saved, updated live");
        if *tab == BottomTab::File {
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui
                    .button("Copy")
                    .on_hover_text("Copy the design file text to the clipboard")
                    .clicked()
                {
                    out = Some(BottomIntent::Copy(derived.toml.clone()));
                }
            });
        }
    });
    ui.separator();
    match tab {
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
        BottomTab::File => {
            let job = derived.toml_job(dark).clone();
            egui::ScrollArea::both().auto_shrink([false, false]).show(ui, |ui| {
                ui.add(egui::Label::new(job).selectable(true));
            });
        }
    }
    out
}

fn problems_ui(ui: &mut egui::Ui, derived: &Derived) -> Option<BottomIntent> {
    let mut out = None;
    egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
        if derived.problems.is_empty() {
            ui.label(
                RichText::new(
                    "No problems: every reference resolves, every resource sits where it may and the IP plan fits.",
                )
                .weak(),
            );
        }
        for p in &derived.problems {
            let d = &p.diagnostic;
            let (mark, colour) = match d.severity {
                Severity::Error => ("error", ui.visuals().error_fg_color),
                Severity::Warning => ("warning", ui.visuals().warn_fg_color),
            };
            ui.horizontal(|ui| {
                ui.add_sized(
                    [82.0, ui.spacing().interact_size.y],
                    egui::Label::new(RichText::new(mark).color(colour).strong()),
                );
                if let Some(code) = &p.code {
                    ui.label(RichText::new(code).monospace().weak());
                }
                let text = match &d.field {
                    Some(f) => format!("{f}: {}", d.message),
                    None => d.message.clone(),
                };
                let hint = if p.resources.is_empty() {
                    "A problem of the design as a whole".to_owned()
                } else {
                    "Select the resources concerned and show them on the canvas".to_owned()
                };
                let r = ui
                    .add(egui::Button::new(RichText::new(text).color(ui.visuals().text_color())).frame(false))
                    .on_hover_text(hint);
                if r.clicked() && !p.resources.is_empty() {
                    out = Some(BottomIntent::Show(p.resources.clone()));
                }
            });
            if let Some(fix) = &d.fix {
                ui.horizontal(|ui| {
                    ui.add_space(90.0);
                    ui.label(RichText::new(format!("Fix: {fix}")).small().weak());
                });
            }
            ui.add_space(2.0);
        }
    });
    out
}
