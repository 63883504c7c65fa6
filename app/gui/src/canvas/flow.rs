//! The flow shown on the canvas: a highlighted line through the hops'
//! resources in order, a numbered badge on each, SNAT and DNAT tags where
//! addresses change and a red mark where the packet stops; and, in the
//! canvas corner, the hops as a numbered list with the verdict.

use egui::{Align2, Area, Color32, FontId, Order, Painter, Pos2, Rect, RichText, Shape, Stroke, StrokeKind, Vec2};
use netdraft_core::Id;

use super::{Canvas, CanvasInput, to_rect};
use crate::traffic::HopMark;

/// Where one resource of the flow is, and the hops at it.
struct Place<'a> {
    id: &'a Id,
    screen: Rect,
    hops: Vec<&'a HopMark>,
}

/// Paints the flow's marks over the scene (part of the reused drawing).
pub(super) fn paint(canvas: &Canvas, painter: &Painter, input: &CanvasInput<'_>) {
    let Some(flow) = input.flow else { return };
    let shown = flow.shown(input.flow_through);
    let mut places: Vec<Place<'_>> = Vec::new();
    let mut line: Vec<Pos2> = Vec::new();
    for h in shown {
        let Some(id) = &h.resource else { continue };
        let Some(node) = input.scene.get(id.as_str()) else {
            continue;
        };
        let screen = canvas.screen_rect(to_rect(node.rect));
        if line.last() != Some(&screen.center()) {
            line.push(screen.center());
        }
        match places.iter_mut().find(|p| p.id == id) {
            Some(p) => p.hops.push(h),
            None => places.push(Place {
                id,
                screen,
                hops: vec![h],
            }),
        }
    }
    let accent = input.palette.accent;
    let stop = input.palette.refused;
    let width = (4.0 * canvas.zoom.sqrt()).clamp(2.0, 6.0);
    if line.len() > 1 {
        painter.add(Shape::line(line, Stroke::new(width, accent.gamma_multiply(0.55))));
    }
    let current = input.flow_through.and_then(|t| shown.get(t)).map(|h| h.number);
    for p in &places {
        let stops = p.hops.iter().any(|h| h.stop);
        let colour = if stops { stop } else { accent };
        let is_current = current.is_some_and(|c| p.hops.iter().any(|h| h.number == c));
        let outline = if is_current { width + 2.0 } else { width * 0.75 };
        painter.rect_stroke(
            p.screen.expand(2.0),
            4.0,
            Stroke::new(outline, colour),
            StrokeKind::Outside,
        );
        let numbers: Vec<String> = p.hops.iter().map(|h| h.number.to_string()).collect();
        badge(painter, p.screen.left_top(), &numbers.join(","), colour, &tags(&p.hops));
    }
}

/// The tags beside a resource's badge: SNAT, DNAT, stops here.
fn tags(hops: &[&HopMark]) -> Vec<&'static str> {
    let mut out = Vec::new();
    if hops.iter().any(|h| h.snat) {
        out.push("SNAT");
    }
    if hops.iter().any(|h| h.dnat) {
        out.push("DNAT");
    }
    if hops.iter().any(|h| h.stop) {
        out.push("stops here");
    }
    out
}

/// A filled pill with the hop numbers at `at` (a box's top-left corner),
/// then the tags beside it.
fn badge(painter: &Painter, at: Pos2, text: &str, colour: Color32, tags: &[&str]) {
    let font = FontId::proportional(12.0);
    let galley = painter.layout_no_wrap(text.to_owned(), font.clone(), Color32::WHITE);
    let size = Vec2::new((galley.size().x + 10.0).max(20.0), 20.0);
    let rect = Rect::from_center_size(at, size);
    painter.rect_filled(rect, 10.0, colour);
    painter.galley(rect.center() - galley.size() / 2.0, galley, Color32::WHITE);
    let mut x = rect.right() + 3.0;
    for tag in tags {
        let g = painter.layout_no_wrap((*tag).to_owned(), FontId::proportional(10.5), colour);
        let r = Rect::from_min_size(Pos2::new(x, at.y - 8.0), g.size() + Vec2::new(8.0, 4.0));
        painter.rect(r, 3.0, Color32::WHITE, Stroke::new(1.0, colour), StrokeKind::Inside);
        painter.galley(r.min + Vec2::new(4.0, 2.0), g, colour);
        x = r.right() + 3.0;
    }
}

/// The flow's hops as a list in the canvas's top-right corner.
pub(super) fn summary(ctx: &egui::Context, canvas: Rect, input: &CanvasInput<'_>) {
    let Some(flow) = input.flow else { return };
    Area::new(egui::Id::unique("canvas-flow-summary"))
        .order(Order::Middle)
        .pivot(Align2::RIGHT_TOP)
        .fixed_pos(canvas.right_top() + Vec2::new(-12.0, 12.0))
        .show(ctx, |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.set_max_width(380.0);
                ui.label(RichText::new(&flow.title).strong());
                let colour = crate::panels::flows::verdict_colour(ui, flow.path.verdict);
                ui.label(RichText::new(format!("Verdict {}", flow.verdict())).color(colour));
                if flow.hops.is_empty() {
                    ui.label(RichText::new("No hop: the packet never leaves.").weak());
                }
                for h in flow.shown(input.flow_through) {
                    let text = RichText::new(h.line());
                    ui.label(if h.stop {
                        text.color(input.palette.refused)
                    } else {
                        text
                    });
                }
                let hidden = flow.hops.len() - flow.shown(input.flow_through).len();
                if hidden > 0 {
                    ui.label(RichText::new(format!("{hidden} more hops: Next hop shows them")).weak());
                }
            });
        });
}
