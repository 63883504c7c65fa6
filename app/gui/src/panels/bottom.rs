//! The bottom panel: tabs for the IP plan, the problems list and the live
//! file preview.

use egui::RichText;
use netdraft_core::{Id, Severity};

use crate::derived::Derived;
use crate::prefs::BottomTab;

/// What the user asked for in the bottom panel.
#[derive(Debug, Clone, PartialEq)]
pub enum BottomIntent {
    /// Select a resource and frame it on the canvas.
    Show(Id),
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
                out = Some(BottomIntent::Show(id));
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
                RichText::new("No problems: every reference resolves and every resource sits where it may.").weak(),
            );
        }
        for p in &derived.problems {
            let d = &p.diagnostic;
            let (mark, colour) = match d.severity {
                Severity::Error => ("error", ui.visuals().error_fg_color),
                Severity::Warning => ("warning", ui.visuals().warn_fg_color),
            };
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new(mark).color(colour).strong());
                let text = match &d.field {
                    Some(f) => format!("{f}: {}", d.message),
                    None => d.message.clone(),
                };
                let r = ui.add(egui::Button::new(text).frame(false));
                let r = match &d.fix {
                    Some(fix) => r.on_hover_text(format!("Fix: {fix}")),
                    None => r,
                };
                if r.clicked()
                    && let Some(id) = &p.resource
                {
                    out = Some(BottomIntent::Show(id.clone()));
                }
                if let Some(fix) = &d.fix {
                    ui.label(RichText::new(format!("fix: {fix}")).small().weak());
                }
            });
        }
    });
    out
}
