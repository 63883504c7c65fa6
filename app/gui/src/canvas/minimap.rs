//! The overview in the canvas corner: the design's containers in miniature
//! and the visible area as a frame; click or drag in it to move the view.

use egui::{Pos2, Rect, Sense, Stroke, StrokeKind, Vec2};
use netdraft_scene::Scene;

use super::style::Palette;

use super::CanvasInput;
use super::reuse::{self, DrawKey, Drawn};

/// Size of the overview in points.
const SIZE: Vec2 = Vec2::new(200.0, 130.0);
/// The smallest canvas the overview is shown on (it would cover a quarter of a smaller one).
pub const MIN_CANVAS: Vec2 = Vec2::new(640.0, 400.0);

/// Shows the overview in the bottom-right corner of `canvas`; returns the
/// canvas point to centre the view on when the user clicks or drags in it.
/// The miniature is drawn once per scene and reused (`cache`); only the
/// frame of the visible area is drawn every time.
pub fn ui(
    ui: &mut egui::Ui,
    canvas: Rect,
    visible: Rect,
    input: &CanvasInput<'_>,
    cache: &mut Option<Drawn>,
) -> Option<Pos2> {
    let (scene, palette) = (input.scene, input.palette);
    let bounds = scene.bounds;
    if scene.nodes.is_empty() || bounds.w <= 0.0 || bounds.h <= 0.0 {
        return None;
    }
    let area = Rect::from_min_size(canvas.max - SIZE - Vec2::splat(12.0), SIZE);
    let response = ui.interact(area, ui.scope_id().with("minimap"), Sense::click_and_drag());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Image, true, "Overview"));
    let response = response.on_hover_text("Overview: click or drag to move the view");
    let painter = ui.painter_at(area);
    let inner = area.shrink(8.0);
    let scale = (inner.width() / bounds.w).min(inner.height() / bounds.h);
    let offset = inner.center() - Vec2::new(bounds.x + bounds.w / 2.0, bounds.y + bounds.h / 2.0) * scale;
    let map = |x: f32, y: f32| Pos2::new(x * scale + offset.x, y * scale + offset.y);
    reuse::cached(cache, &painter, DrawKey::scene_only(ui, input, area), |painter| {
        miniature(painter, area, scene, palette, &map);
    });
    let view = Rect::from_min_max(map(visible.min.x, visible.min.y), map(visible.max.x, visible.max.y));
    painter.rect_stroke(
        view.intersect(inner.expand(4.0)),
        2.0,
        Stroke::new(1.5, palette.accent),
        StrokeKind::Inside,
    );
    if response.clicked() || response.dragged() {
        let p = response.interact_pointer_pos()?;
        return Some(Pos2::new((p.x - offset.x) / scale, (p.y - offset.y) / scale));
    }
    None
}

/// The overview's background and the design's top three levels in miniature.
fn miniature(painter: &egui::Painter, area: Rect, scene: &Scene, palette: &Palette, map: &dyn Fn(f32, f32) -> Pos2) {
    painter.rect_filled(area, 6.0, palette.tile.gamma_multiply(0.92));
    painter.rect_stroke(area, 6.0, Stroke::new(1.0, palette.tile_stroke), StrokeKind::Inside);
    for n in scene.nodes.iter().filter(|n| n.depth <= 2) {
        let r = Rect::from_min_max(map(n.rect.x, n.rect.y), map(n.rect.x + n.rect.w, n.rect.y + n.rect.h));
        // Specks add nothing but triangles.
        if r.width() < 1.5 || r.height() < 1.5 {
            continue;
        }
        let (fill, border) = if n.role.is_container() {
            palette.container(n.role)
        } else {
            (palette.icon(n.kind), palette.icon(n.kind))
        };
        painter.rect_filled(r, 1.0, fill);
        if r.width() >= 4.0 && r.height() >= 4.0 {
            painter.rect_stroke(r, 1.0, Stroke::new(0.5, border), StrokeKind::Inside);
        }
    }
}
