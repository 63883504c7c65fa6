//! Drift on the canvas: while the design is compared with a live one (the
//! Drift tab), each resource not in Azure or different there is outlined and
//! tagged on its box.

use egui::{Color32, FontId, Painter, Pos2, Rect, Stroke, StrokeKind, Vec2};

use super::{Canvas, CanvasInput, to_rect};
use crate::panels::drift::DriftMark;

/// Paints the drift marks over the scene (part of the reused drawing).
pub(super) fn paint(canvas: &Canvas, painter: &Painter, input: &CanvasInput<'_>) {
    let Some(drift) = input.drift else { return };
    for (id, mark) in &drift.marks {
        let Some(node) = input.scene.get(id.as_str()) else {
            continue;
        };
        let screen = canvas.screen_rect(to_rect(node.rect));
        let (colour, text) = match mark {
            DriftMark::Missing => (input.palette.refused, "not in Azure"),
            DriftMark::Changed => (input.palette.warn, "changed in Azure"),
        };
        painter.rect_stroke(screen.expand(3.0), 5.0, Stroke::new(2.0, colour), StrokeKind::Outside);
        tag(painter, screen, text, colour);
    }
}

/// A small tag ending at the box's top-right corner; left out where it would
/// cover most of a box drawn small (zoomed out, the outline and the Drift
/// tab's list say it).
fn tag(painter: &Painter, screen: Rect, text: &str, colour: Color32) {
    let g = painter.layout_no_wrap(text.to_owned(), FontId::proportional(10.5), Color32::WHITE);
    let size = g.size() + Vec2::new(8.0, 4.0);
    if size.x > screen.width() * 0.6 {
        return;
    }
    let at = Pos2::new(screen.right(), screen.top());
    let r = Rect::from_min_size(Pos2::new(at.x - size.x, at.y - size.y / 2.0), size);
    painter.rect_filled(r, 3.0, colour);
    painter.galley(r.min + Vec2::new(4.0, 2.0), g, Color32::WHITE);
}
