//! Workshop mode: the panels step aside and the canvas tells the design's
//! story layer by layer: hub, spokes, cluster, ingress, egress. Each step
//! lights up its layer on top of the previous ones and dims the rest.

use std::collections::BTreeSet;
use std::sync::Arc;

use netdraft_core::model::{Spec, VnetRole};
use netdraft_core::{Design, Id, Kind, Resource};

/// The layers, in the order they are told.
pub const LAYERS: &[&str] = &["Hub", "Spokes", "Cluster", "Ingress", "Egress"];

/// The current step.
#[derive(Debug, Clone, Default)]
pub struct Workshop {
    pub step: usize,
    /// The step the canvas was last framed for.
    framed: Option<usize>,
    /// The highlight of the last (step, design revision) asked for.
    lit: Option<(usize, u64, Arc<BTreeSet<Id>>)>,
}

fn is_hub(design: &Design, r: &Resource) -> bool {
    design
        .enclosing(r.id.as_str(), Kind::VirtualNetwork)
        .and_then(|v| v.as_spec::<netdraft_core::model::VirtualNetwork>())
        .is_some_and(|v| v.role == VnetRole::Hub)
}

/// The layer a resource belongs to.
pub fn layer(design: &Design, r: &Resource) -> usize {
    use Kind as K;
    match r.kind() {
        K::Region | K::ResourceGroup | K::OnPremises | K::VpnGateway | K::ExpressRouteGateway | K::Bastion => 0,
        K::VirtualNetwork | K::Subnet | K::VnetPeering => {
            let hub = matches!(&r.spec, Spec::VirtualNetwork(_) | Spec::Subnet(_)) && is_hub(design, r);
            usize::from(!hub)
        }
        K::AksCluster
        | K::NodePool
        | K::K8sService
        | K::CertIssuer
        | K::PrivateEndpoint
        | K::PrivateDnsZone
        | K::PrivateLinkService
        | K::PaasService => 2,
        K::AppGateway | K::AppGatewayForContainers | K::ApiManagement | K::FrontDoor | K::TrafficManager => 3,
        K::Firewall | K::FirewallPolicy | K::RouteTable | K::Nsg | K::NatGateway | K::PublicIp => 4,
    }
}

impl Workshop {
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
    /// so far, regions and resource groups aside (they hold it all).
    pub fn to_frame(&mut self, design: &Design) -> Option<Vec<Id>> {
        if self.framed == Some(self.step) {
            return None;
        }
        self.framed = Some(self.step);
        let ids: Vec<Id> = design
            .resources()
            .filter(|r| !matches!(r.kind(), Kind::Region | Kind::ResourceGroup))
            .filter(|r| layer(design, r) <= self.step)
            .map(|r| r.id.clone())
            .collect();
        (!ids.is_empty()).then_some(ids)
    }

    /// Arrow keys step through the layers.
    pub fn keys(&mut self, ctx: &egui::Context) {
        let (next, prev) = ctx.input(|i| {
            (
                i.key_pressed(egui::Key::ArrowRight) || i.key_pressed(egui::Key::PageDown),
                i.key_pressed(egui::Key::ArrowLeft) || i.key_pressed(egui::Key::PageUp),
            )
        });
        if next {
            self.step = (self.step + 1).min(LAYERS.len() - 1);
        }
        if prev {
            self.step = self.step.saturating_sub(1);
        }
    }

    /// The workshop bar.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            ui.heading(format!(
                "Step {} of {}: {}",
                self.step + 1,
                LAYERS.len(),
                LAYERS[self.step]
            ));
            ui.add_space(16.0);
            if ui
                .add_enabled(self.step > 0, egui::Button::new("Previous"))
                .on_hover_text("Previous layer (left arrow)")
                .clicked()
            {
                self.step -= 1;
            }
            if ui
                .add_enabled(self.step + 1 < LAYERS.len(), egui::Button::new("Next"))
                .on_hover_text("Next layer (right arrow)")
                .clicked()
            {
                self.step += 1;
            }
            ui.label(egui::RichText::new("F5 leaves workshop mode").weak());
        });
    }
}
