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

/// How a resource of the design drifted, as the canvas marks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DriftMark {
    /// Not in Azure.
    Missing,
    /// In Azure with other values.
    Changed,
}

/// The design's drifted resources, for the canvas; `key` changes whenever they may.
#[derive(Debug, Clone, Default)]
pub struct DriftMarks {
    pub key: u64,
    pub marks: Vec<(Id, DriftMark)>,
}

/// The live design compared with, and the drift of the last revision shown.
#[derive(Debug, Default)]
pub struct DriftView {
    live: Option<(PathBuf, Design)>,
    cached: Option<(u64, Drift)>,
    /// How many live designs were set, so the canvas marks of one never pass for another's.
    generation: u64,
    marks: DriftMarks,
}

impl DriftView {
    /// Compares with `live` (read from `path`) from now on.
    pub fn set_live(&mut self, path: PathBuf, live: Design) {
        self.live = Some((path, live));
        self.cached = None;
        self.generation += 1;
    }

    pub fn forget(&mut self) {
        self.live = None;
        self.cached = None;
    }

    /// The marks the canvas draws for this revision (none when nothing is compared).
    pub fn marks(&mut self, design: &Design, plan: &Plan, revision: u64) -> Option<&DriftMarks> {
        self.live.as_ref()?;
        let key = self.generation.wrapping_shl(32) ^ revision;
        if self.marks.key != key {
            let found = self.current(design, plan, revision)?;
            let marks = found
                .entries
                .iter()
                .filter_map(|e| {
                    let mark = match e.change {
                        Change::Missing => DriftMark::Missing,
                        Change::Changed { .. } => DriftMark::Changed,
                        Change::Unmanaged => return None,
                    };
                    Some((e.design_id.clone()?, mark))
                })
                .collect();
            self.marks = DriftMarks { key, marks };
        }
        Some(&self.marks)
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

#[cfg(test)]
mod tests {
    use super::*;
    use netdraft_core::templates;

    #[test]
    fn the_canvas_marks_what_is_missing_or_changed_and_nothing_once_forgotten() {
        let t = templates::find("virtual-wan-secured-hub").expect("the template");
        let design = t.load().expect("it loads").design;
        let live_text = t.text.replacen("name = \"nsg-apps\"", "name = \"nsg-apps-by-hand\"", 1);
        let live = netdraft_core::file::parse(&live_text, "live").expect("it loads").design;
        let plan = netdraft_core::plan::plan(&design);
        let mut view = DriftView::default();
        assert!(
            view.marks(&design, &plan, 1).is_none(),
            "nothing compared, nothing marked"
        );
        view.set_live(PathBuf::from("live.netdraft.toml"), live);
        let marks = view.marks(&design, &plan, 1).expect("compared").marks.clone();
        let by_id = |id: &str| marks.iter().find(|(m, _)| m.as_str() == id).map(|(_, k)| *k);
        assert_eq!(by_id("nsg-apps"), Some(DriftMark::Missing));
        assert_eq!(by_id("apps"), Some(DriftMark::Changed), "the subnet names another NSG");
        assert_eq!(marks.len(), 2, "the unmanaged NSG is not in the design: {marks:?}");
        let key = view.marks(&design, &plan, 1).expect("compared").key;
        assert_ne!(
            view.marks(&design, &plan, 2).expect("compared").key,
            key,
            "a new revision, a new key"
        );
        view.forget();
        assert!(view.marks(&design, &plan, 2).is_none());
    }
}
