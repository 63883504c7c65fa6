//! Workshop mode: the panels step aside and the canvas tells the design's
//! story layer by layer: hub, spokes, cluster, ingress, egress. Each step
//! lights up its layer on top of the previous ones and dims the rest.

use std::collections::BTreeSet;
use std::sync::Arc;

use netdraft_core::model::{ColourFamily, Spec, VnetRole};
use netdraft_core::{Design, Id, Kind, Resource};

/// The layers, in the order they are told.
pub const LAYERS: &[&str] = &["Hub", "Spokes", "Cluster", "Ingress", "Egress"];

/// The current step.
#[derive(Debug, Clone, Default)]
pub struct Workshop {
    /// The layer shown (an index into [`LAYERS`]); layers the design has
    /// nothing of are skipped.
    pub step: usize,
    /// Whether the slides show finding badges (off by default: a workshop
    /// shows the design, not its to-do list).
    pub badges: bool,
    /// The step the canvas was last framed for.
    framed: Option<usize>,
    /// The hop of the flow shown reached so far (an index into its hops),
    /// when a traffic flow is shown.
    pub flow_hop: usize,
    /// The highlight of the last (step, design revision) asked for.
    lit: Option<(usize, u64, Arc<BTreeSet<Id>>)>,
}

fn is_hub(design: &Design, r: &Resource) -> bool {
    design
        .enclosing(r.id.as_str(), Kind::VirtualNetwork)
        .and_then(|v| v.as_spec::<netdraft_core::model::VirtualNetwork>())
        .is_some_and(|v| v.role == VnetRole::Hub)
}

/// The layer a resource belongs to: its kind's family in the `kinds!`
/// table tells the story's chapter, so a new kind has one without a word
/// here. Bastion is the exception: it is part of the hub's story, though a
/// security service.
pub fn layer(design: &Design, r: &Resource) -> usize {
    use ColourFamily as F;
    if r.kind() == Kind::Bastion {
        return 0;
    }
    match r.kind().colour_family() {
        F::Scope | F::Hybrid => 0,
        F::Network => {
            let hub = matches!(&r.spec, Spec::VirtualNetwork(_) | Spec::Subnet(_)) && is_hub(design, r);
            usize::from(!hub)
        }
        F::Kubernetes | F::PrivateAccess => 2,
        F::Ingress | F::Global => 3,
        F::Security | F::Egress => 4,
    }
}

/// The layers the design has something in, in order.
pub fn steps(design: &Design) -> Vec<usize> {
    let mut has = [false; LAYERS.len()];
    for r in design.resources() {
        has[layer(design, r)] = true;
    }
    (0..LAYERS.len()).filter(|l| has[*l]).collect()
}

impl Workshop {
    /// Workshop mode at the first layer the design has.
    pub fn start(design: &Design) -> Workshop {
        Workshop {
            step: steps(design).first().copied().unwrap_or(0),
            ..Workshop::default()
        }
    }

    /// The next (or previous) layer with something in it, if any.
    fn neighbour(&self, design: &Design, forward: bool) -> Option<usize> {
        let steps = steps(design);
        if forward {
            steps.into_iter().find(|s| *s > self.step)
        } else {
            steps.into_iter().rev().find(|s| *s < self.step)
        }
    }

    /// [`Self::highlight`], computed once per step and design revision.
    pub fn highlight_cached(&mut self, design: &Design, revision: u64) -> Arc<BTreeSet<Id>> {
        match &self.lit {
            Some((step, rev, set)) if *step == self.step && *rev == revision => Arc::clone(set),
            _ => {
                let set = Arc::new(self.highlight(design));
                self.lit = Some((self.step, revision, Arc::clone(&set)));
                set
            }
        }
    }

    /// Resources shown at full strength at this step (with their containers).
    pub fn highlight(&self, design: &Design) -> BTreeSet<Id> {
        let mut out = BTreeSet::new();
        for r in design.resources().filter(|r| layer(design, r) <= self.step) {
            out.insert(r.id.clone());
            out.extend(design.ancestors(r.id.as_str()).map(|a| a.id.clone()));
        }
        out
    }

    /// What to frame when the step changes (once per step): everything shown
    /// so far with the boxes it sits in, so no region or VNet is cut off.
    pub fn to_frame(&mut self, design: &Design) -> Option<Vec<Id>> {
        if self.framed == Some(self.step) {
            return None;
        }
        self.framed = Some(self.step);
        let ids: Vec<Id> = self.highlight(design).into_iter().collect();
        (!ids.is_empty()).then_some(ids)
    }

    /// Arrow keys step through the layers.
    pub fn keys(&mut self, ctx: &egui::Context, design: &Design) {
        let (next, prev) = ctx.input(|i| {
            (
                i.key_pressed(egui::Key::ArrowRight) || i.key_pressed(egui::Key::PageDown),
                i.key_pressed(egui::Key::ArrowLeft) || i.key_pressed(egui::Key::PageUp),
            )
        });
        if let Some(s) = next.then(|| self.neighbour(design, true)).flatten() {
            self.step = s;
        }
        if let Some(s) = prev.then(|| self.neighbour(design, false)).flatten() {
            self.step = s;
        }
    }

    /// The workshop bar: the step (counting only layers the design has), the
    /// buttons to step, and the presenter's badge switch.
    /// With a traffic flow shown (`flow_hops`: how many hops it has), the
    /// bar steps through its hops instead.
    pub fn ui(&mut self, ui: &mut egui::Ui, design: &Design, flow_hops: Option<usize>) {
        let steps = steps(design);
        let at = steps.iter().position(|s| *s == self.step).unwrap_or(0);
        ui.horizontal(|ui| {
            ui.heading(format!(
                "Step {} of {}: {}",
                at + 1,
                steps.len().max(1),
                LAYERS[self.step]
            ));
            ui.add_space(16.0);
            let prev = self.neighbour(design, false);
            if ui
                .add_enabled(prev.is_some(), egui::Button::new("Previous"))
                .on_hover_text("Previous layer (left arrow)")
                .clicked()
                && let Some(s) = prev
            {
                self.step = s;
            }
            let next = self.neighbour(design, true);
            if ui
                .add_enabled(next.is_some(), egui::Button::new("Next"))
                .on_hover_text("Next layer (right arrow)")
                .clicked()
                && let Some(s) = next
            {
                self.step = s;
            }
            if let Some(n) = flow_hops.filter(|n| *n > 0) {
                ui.add_space(16.0);
                self.flow_ui(ui, n);
            }
            ui.add_space(16.0);
            ui.checkbox(&mut self.badges, "Finding badges")
                .on_hover_text("Show lint badges on the slides (and in pictures exported meanwhile)");
            ui.label(egui::RichText::new("F5 leaves workshop mode").weak());
        });
    }
}

impl Workshop {
    /// "Hop 2 of 5" with buttons to step through the flow shown.
    fn flow_ui(&mut self, ui: &mut egui::Ui, hops: usize) {
        self.flow_hop = self.flow_hop.min(hops - 1);
        ui.label(egui::RichText::new(format!("Flow: hop {} of {hops}", self.flow_hop + 1)).strong());
        if ui
            .add_enabled(self.flow_hop > 0, egui::Button::new("Previous hop"))
            .on_hover_text("Show the flow one hop less far")
            .clicked()
        {
            self.flow_hop -= 1;
        }
        if ui
            .add_enabled(self.flow_hop + 1 < hops, egui::Button::new("Next hop"))
            .on_hover_text("Follow the packet to its next hop")
            .clicked()
        {
            self.flow_hop += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use netdraft_core::command::{Command, apply, starter};

    use super::*;

    fn add(d: &mut Design, kind: Kind, parent: Option<&Id>) -> Id {
        let r = starter(d, kind, parent, None).unwrap();
        let id = r.id.clone();
        apply(d, Command::Add(r)).unwrap();
        id
    }

    #[test]
    fn empty_layers_are_skipped_and_each_step_frames_its_containers() {
        let mut d = Design::new("w");
        let region = add(&mut d, Kind::Region, None);
        let vnet = add(&mut d, Kind::VirtualNetwork, Some(&region));
        add(&mut d, Kind::Subnet, Some(&vnet));
        add(&mut d, Kind::AksCluster, Some(&vnet));
        // Spokes (a standalone VNet counts there) and Cluster: nothing of the hub, ingress or egress.
        assert_eq!(steps(&d), [0, 1, 2], "the region is in the hub layer");
        add(&mut d, Kind::RouteTable, Some(&vnet));
        assert_eq!(steps(&d), [0, 1, 2, 4], "no ingress: step 4 follows step 2");
        let mut w = Workshop::start(&d);
        assert_eq!(w.step, 0);
        w.step = 2;
        assert_eq!(w.neighbour(&d, true), Some(4));
        w.step = 4;
        assert_eq!(w.neighbour(&d, false), Some(2));
        assert_eq!(w.neighbour(&d, true), None);
        // The frame of the spokes step holds the region they sit in.
        w.step = 1;
        let framed = w.to_frame(&d).unwrap();
        assert!(framed.contains(&region) && framed.contains(&vnet), "{framed:?}");
        assert!(w.to_frame(&d).is_none(), "once per step");
        assert!(!w.badges, "slides start without finding badges");
    }
}
