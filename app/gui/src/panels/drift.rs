//! The bottom panel's Drift tab: what differs between the design and a live
//! estate, a design the import read (`netdraft_core::drift`), compared on the
//! worker once per revision of the design.

use std::sync::Arc;

use egui::RichText;
use netdraft_core::drift::{Change, Drift};
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

/// The live design compared with, and the newest drift computed (on the
/// worker: a large design takes longer than a frame to compare).
#[derive(Debug, Default)]
pub struct DriftView {
    /// What is compared with (its file, or the import it came from), and the design.
    live: Option<(String, Arc<Design>)>,
    /// What the live side may lack (an import's failed calls and skipped resources).
    caveat: Option<String>,
    /// The drift of this revision of the design, against the current live design.
    cached: Option<(u64, Drift)>,
    /// Changes with every live design set or forgotten, so a result computed
    /// against one never passes for another's.
    generation: u64,
    /// A comparison is running on the worker.
    running: bool,
    marks: DriftMarks,
}

impl DriftView {
    /// Compares with `live` from now on: `source` says what it is (its file,
    /// or the import it came from), `caveat` what it may lack (an import's
    /// failed calls), shown above the list so its "missing" entries are read
    /// with care.
    pub fn set_live(&mut self, source: String, live: Design, caveat: Option<String>) {
        self.live = Some((source, Arc::new(live)));
        self.reset();
        self.caveat = caveat;
    }

    pub fn forget(&mut self) {
        self.live = None;
        self.reset();
    }

    fn reset(&mut self) {
        self.caveat = None;
        self.cached = None;
        self.generation += 1;
        self.marks = DriftMarks::default();
    }

    /// The comparison to start for `revision`, if one is due and none is
    /// running: the generation it belongs to and the live design.
    pub fn due(&mut self, revision: u64) -> Option<(u64, Arc<Design>)> {
        let (_, live) = self.live.as_ref()?;
        if self.running || self.cached.as_ref().is_some_and(|(r, _)| *r == revision) {
            return None;
        }
        self.running = true;
        Some((self.generation, Arc::clone(live)))
    }

    /// A comparison came back from the worker.
    pub fn arrived(&mut self, generation: u64, revision: u64, found: Drift) {
        self.running = false;
        if generation != self.generation {
            return;
        }
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
        self.marks = DriftMarks {
            key: generation.wrapping_shl(32) ^ revision,
            marks,
        };
        self.cached = Some((revision, found));
    }

    /// The marks the canvas draws: those of the newest comparison, none when nothing is compared.
    pub fn marks(&self) -> Option<&DriftMarks> {
        self.live.as_ref()?;
        self.cached.as_ref().map(|_| &self.marks)
    }

    /// A comparison runs on the worker (quietly: the tab shows its own spinner).
    pub fn is_running(&self) -> bool {
        self.running
    }

    pub fn ui(&self, ui: &mut egui::Ui, revision: u64) -> Option<DriftIntent> {
        let mut out = None;
        let Some((source, _)) = &self.live else {
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
        let Some((computed, found)) = &self.cached else {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(format!("Comparing with {source}…"));
            });
            return out;
        };
        ui.horizontal(|ui| {
            // Resources not compared (ambiguous) are said below.
            let summary = if found.entries.is_empty() {
                format!("No drift: {} resources as in {source}", found.same)
            } else {
                let n = found.entries.len();
                format!(
                    "{} {} from {source}, {} the same",
                    netdraft_core::text::count(n, "resource"),
                    if n == 1 { "differs" } else { "differ" },
                    found.same
                )
            };
            ui.label(RichText::new(summary).strong());
            if *computed != revision {
                ui.spinner().on_hover_text("Comparing the latest edit");
            }
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
        if let Some(c) = &self.caveat {
            ui.label(RichText::new(c).color(ui.visuals().warn_fg_color));
        }
        if !found.ambiguous.is_empty() {
            let names: Vec<String> = found
                .ambiguous
                .iter()
                .map(|a| format!("{} {} ({} in {})", a.kind.label(), a.name, a.count, a.side_words()))
                .collect();
            ui.label(
                RichText::new(format!(
                    "Not compared, several resources of one side sharing their kind, name and place: {}",
                    names.join(", ")
                ))
                .color(ui.visuals().warn_fg_color),
            );
        }
        if let Some(i) = entries_ui(ui, found) {
            out = Some(i);
        }
        out
    }
}

/// The drifted resources, each with its changed fields.
fn entries_ui(ui: &mut egui::Ui, found: &Drift) -> Option<DriftIntent> {
    let mut out = None;
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
                            .add(egui::Button::new(RichText::new(text).color(ui.visuals().text_color())).frame(false))
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

#[cfg(test)]
mod tests {
    use super::*;
    use netdraft_core::templates;

    #[test]
    fn comparisons_are_asked_once_per_revision_and_marked_for_the_canvas() {
        let t = templates::find("virtual-wan-secured-hub").expect("the template");
        let design = t.load().expect("it loads").design;
        let live_text = t.text.replacen("name = \"nsg-apps\"", "name = \"nsg-apps-by-hand\"", 1);
        let live = netdraft_core::file::parse(&live_text, "live").expect("it loads").design;
        let plan = netdraft_core::plan::plan(&design);
        let mut view = DriftView::default();
        assert!(view.due(1).is_none() && view.marks().is_none(), "nothing compared");
        view.set_live("live.netdraft.toml".into(), live, None);
        let (generation, live) = view.due(1).expect("a comparison is due");
        assert!(view.due(1).is_none(), "one at a time");
        view.arrived(generation, 1, netdraft_core::drift::compare(&design, &plan, &live));
        assert!(view.due(1).is_none(), "revision 1 is done");
        let marks = view.marks().expect("compared").marks.clone();
        let by_id = |id: &str| marks.iter().find(|(m, _)| m.as_str() == id).map(|(_, k)| *k);
        assert_eq!(by_id("nsg-apps"), Some(DriftMark::Missing));
        assert_eq!(by_id("apps"), Some(DriftMark::Changed), "the subnet names another NSG");
        assert_eq!(marks.len(), 2, "the unmanaged NSG is not in the design: {marks:?}");
        // A caveat (an import that could not read everything) lasts as long as its live design.
        view.set_live("import".into(), Design::new("live"), Some("2 calls failed".into()));
        assert_eq!(view.caveat.as_deref(), Some("2 calls failed"));
        view.set_live("live.netdraft.toml".into(), design.clone(), None);
        assert!(view.caveat.is_none());
        // A new revision asks again; a result for a forgotten live design is dropped.
        let (stale, _) = view.due(2).expect("revision 2 is due");
        view.forget();
        view.arrived(stale, 2, netdraft_core::drift::Drift::default());
        assert!(view.marks().is_none() && view.due(3).is_none());
    }
}
