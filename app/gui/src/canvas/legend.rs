//! The legend in the canvas corner: what each kind of line means. Folded
//! to one button until asked for, so it never covers the design for long.

use egui::{Align2, Area, Id, Order, Pos2, Rect, Sense, Vec2};
use netdraft_core::model::Relation;

use super::style::Palette;

/// The lines the canvas draws, in the order the legend lists them.
const LINES: &[(Relation, &str)] = &[
    (Relation::Peers, "VNet peering"),
    (Relation::RoutesTo, "Route to a next hop"),
    (Relation::Fronts, "Fronts a backend (gateway, Front Door)"),
    (Relation::Targets, "Private link target"),
    (Relation::Connects, "On-premises connection"),
    (Relation::Uses, "Other references (shown beside the selection)"),
];

/// Shows the legend button (and the legend when `open`) in the bottom-left corner of `canvas`.
pub fn ui(ctx: &egui::Context, canvas: Rect, palette: &Palette, open: &mut bool) {
    Area::new(Id::unique("canvas-legend"))
        .order(Order::Middle)
        .pivot(Align2::LEFT_BOTTOM)
        .fixed_pos(canvas.left_bottom() + Vec2::new(12.0, -12.0))
        .show(ctx, |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                if *open {
                    for (relation, text) in LINES {
                        ui.horizontal(|ui| {
                            let (rect, _) = ui.allocate_exact_size(Vec2::new(36.0, 14.0), Sense::hover());
                            let (stroke, dashed) = palette.edge(*relation);
                            let (a, b) = (
                                Pos2::new(rect.min.x, rect.center().y),
                                Pos2::new(rect.max.x, rect.center().y),
                            );
                            super::paint::edge(ui.painter(), a, b, stroke, dashed, 1.0);
                            ui.label(*text);
                        });
                    }
                }
                let label = if *open { "Hide legend" } else { "Legend" };
                let r = ui
                    .small_button(label)
                    .on_hover_text("What the lines between boxes mean");
                if r.clicked() {
                    *open = !*open;
                }
            });
        });
}
