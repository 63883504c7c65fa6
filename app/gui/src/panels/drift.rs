//! The bottom panel's Drift tab: what differs between the design and a live
//! estate, a design the import read (`netdraft_core::drift`), computed once
//! per revision of the design.

use std::path::{Path, PathBuf};

use egui::RichText;
use netdraft_core::drift::{self, Change, Drift};
use netdraft_core::plan::Plan;
use netdraft_core::{Design, Id};

/// What the user asked for in the Drift tab.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DriftIntent {
    /// Choose a live design to compare with.
    Choose,
    /// Stop comparing.
    Forget,
    /// Select the design's resource and show it.
    Show(Id),
}

/// The live design compared with, and the drift of the last revision shown.
#[derive(Debug, Default)]
pub struct DriftView {
    live: Option<(PathBuf, Design)>,
    cached: Option<(u64, Drift)>,
}

impl DriftView {
    /// Compares with `live` (read from `path`) from now on.
    pub fn set_live(&mut self, path: PathBuf, live: Design) {
        self.live = Some((path, live));
        self.cached = None;
    }

    pub fn forget(&mut self) {
        self.live = None;
        self.cached = None;
    }

    /// The file compared with, if any.
    pub fn live_path(&self) -> Option<&Path> {
        self.live.as_ref().map(|(p, _)| p.as_path())
    }

    /// The drift of this revision (computed when it is first asked for).
    pub fn current(&mut self, design: &Design, plan: &Plan, revision: u64) -> Option<&Drift> {
        let (_, live) = self.live.as_ref()?;
        if self.cached.as_ref().is_none_or(|(r, _)| *r != revision) {
            self.cached = Some((revision, drift::compare(design, plan, live)));
        }
        self.cached.as_ref().map(|(_, d)| d)
    }

    pub fn ui(&mut self, ui: &mut egui::Ui, design: &Design, plan: &Plan, revision: u64) -> Option<DriftIntent> {
        let mut out = None;
        let Some(path) = self.live_path().map(Path::to_path_buf) else {
            ui.label(
                "Compare this design with what is live: import the estate (File > Import from Azure…, or \
                 `netdraft import`), save it, then choose that file here.",
            );
            if ui
                .button("Compare with live design…")
                .on_hover_text("Choose a design the import wrote")
                .clicked()
            {
                out = Some(DriftIntent::Choose);
            }
            return out;
        };
        let Some(found) = self.current(design, plan, revision) else {
            return out;
        };
        ui.horizontal(|ui| {
            let summary = if found.is_empty() {
                format!("No drift: {} resources as in {}", found.same, path.display())
            } else {
                let n = found.entries.len();
                format!(
                    "{} {} from {}, {} the same",
                    netdraft_core::text::count(n, "resource"),
                    if n == 1 { "differs" } else { "differ" },
                    path.display(),
                    found.same
                )
            };
            ui.label(RichText::new(summary).strong());
            if found.out_of_scope > 0 {
                ui.label(RichText::new(format!("{} not compared", found.out_of_scope)).weak())
                    .on_hover_text(
                        "In resource groups the live design does not hold, or Kubernetes objects when it holds none",
                    );
            }
            if ui
                .button("Other file…")
                .on_hover_text("Compare with another live design")
                .clicked()
            {
                out = Some(DriftIntent::Choose);
            }
            if ui
                .button("Stop comparing")
                .on_hover_text("Close the live design")
                .clicked()
            {
                out = Some(DriftIntent::Forget);
            }
        });
        egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
            for e in &found.entries {
                let (word, colour, why) = match &e.change {
                    Change::Missing => ("missing", ui.visuals().error_fg_color, "in the design, not in Azure"),
                    Change::Unmanaged => ("unmanaged", ui.visuals().warn_fg_color, "in Azure, not in the design"),
                    Change::Changed { .. } => ("changed", ui.visuals().warn_fg_color, ""),
                };
                ui.horizontal(|ui| {
                    ui.add_sized(
                        [80.0, ui.spacing().interact_size.y],
                        egui::Label::new(RichText::new(word).color(colour).strong()),
                    );
                    let text = format!("{} {}", e.kind.label(), e.name);
                    match &e.design_id {
                        Some(id) => {
                            let r = ui
                                .add(
                                    egui::Button::new(RichText::new(text).color(ui.visuals().text_color()))
                                        .frame(false),
                                )
                                .on_hover_text("Click to select it and show it");
                            if r.clicked() {
                                out = Some(DriftIntent::Show(id.clone()));
                            }
                        }
                        None => {
                            ui.label(text);
                        }
                    }
                    if !why.is_empty() {
                        ui.label(RichText::new(why).weak());
                    }
                });
                if let Change::Changed { fields } = &e.change {
                    for f in fields {
                        ui.horizontal(|ui| {
                            ui.add_space(88.0);
                            ui.label(RichText::new(&f.field).monospace());
                            ui.label(format!("design {}, live {}", f.design, f.live));
                        });
                    }
                }
                ui.add_space(2.0);
            }
        });
        out
    }
}
