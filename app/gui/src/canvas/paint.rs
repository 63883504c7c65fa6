//! Painting scene nodes, edges and the grid. Text below a readable size is
//! skipped (level of detail), which also keeps tessellation cheap when zoomed out.

use egui::{Align2, Color32, CornerRadius, FontId, Painter, Pos2, Rect, Shape, Stroke, StrokeKind, Vec2};
use netdraft_core::Severity;
use netdraft_scene::{HEADER, Node, Role};

use super::icons;
use super::style::Palette;

/// Smallest text size (in screen points) worth drawing.
const MIN_TEXT: f32 = 6.5;
/// Below this title size, container titles are drawn as overview labels on top.
pub const OVERVIEW_TEXT: f32 = 10.0;

pub fn grid(painter: &Painter, rect: Rect, zoom: f32, pan: Vec2, palette: &Palette) {
    let mut step = super::GRID * 4.0 * zoom;
    while step < 18.0 {
        step *= 4.0;
    }
    let origin = rect.min + pan;
    let first_x = origin.x + ((rect.min.x - origin.x) / step).ceil() * step;
    let first_y = origin.y + ((rect.min.y - origin.y) / step).ceil() * step;
    let stroke = Stroke::new(1.0, palette.grid);
    let mut x = first_x;
    while x < rect.max.x {
        painter.line_segment([Pos2::new(x, rect.min.y), Pos2::new(x, rect.max.y)], stroke);
        x += step;
    }
    let mut y = first_y;
    while y < rect.max.y {
        painter.line_segment([Pos2::new(rect.min.x, y), Pos2::new(rect.max.x, y)], stroke);
        y += step;
    }
}

/// A corner radius in points (clamped to what `CornerRadius` holds).
#[allow(clippy::cast_sign_loss)] // clamped to 0..=255 first
fn radius(v: f32) -> CornerRadius {
    CornerRadius::from(v.clamp(0.0, 255.0) as u8)
}

/// How many characters of roughly `char_w` points fit in `width` points.
#[allow(clippy::cast_sign_loss)] // clamped to be non-negative first
fn fits(width: f32, char_w: f32) -> usize {
    (width / char_w.max(0.1)).max(0.0) as usize
}

fn truncate(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_owned();
    }
    let mut out: String = text.chars().take(max_chars.saturating_sub(1)).collect();
    out.push('…');
    out
}

fn faded(c: Color32, dim: bool) -> Color32 {
    if dim { c.gamma_multiply(0.25) } else { c }
}

/// Paints one node at its screen rectangle.
pub fn node(painter: &Painter, node: &Node, screen: Rect, zoom: f32, palette: &Palette, selected: bool, dim: bool) {
    if node.role.is_container() {
        container(painter, node, screen, zoom, palette, selected, dim);
    } else {
        tile(painter, node, screen, zoom, palette, selected, dim);
    }
    if let Some(badge) = node.badge {
        let colour = match badge.severity {
            Severity::Error => palette.refused,
            Severity::Warning => Color32::from_rgb(230, 160, 20),
        };
        let r = (9.0 * zoom).max(3.0);
        let c = Pos2::new(screen.max.x - r * 0.6, screen.min.y + r * 0.6);
        painter.circle_filled(c, r, colour);
        if r * 1.2 >= MIN_TEXT {
            painter.text(
                c,
                Align2::CENTER_CENTER,
                badge.count.to_string(),
                FontId::proportional(r * 1.2),
                Color32::WHITE,
            );
        }
    }
}

fn role_caption(role: Role) -> &'static str {
    match role {
        Role::Region => "REGION",
        Role::ResourceGroup => "RESOURCE GROUP",
        Role::HubVnet => "HUB VNET",
        Role::Vnet => "VNET",
        Role::Subnet => "SUBNET",
        Role::DedicatedSubnet => "AZURE SUBNET",
        Role::Cluster => "AKS CLUSTER",
        Role::Leaf(_) => "",
    }
}

fn container(painter: &Painter, node: &Node, screen: Rect, zoom: f32, palette: &Palette, selected: bool, dim: bool) {
    let (fill, border) = palette.container(node.role);
    let radius = radius(8.0 * zoom);
    painter.rect_filled(screen, radius, faded(fill, dim));
    let stroke = if selected {
        Stroke::new(3.0, palette.accent)
    } else {
        Stroke::new(if node.role == Role::Subnet { 1.0 } else { 1.5 }, faded(border, dim))
    };
    let kind = if node.role == Role::Region {
        StrokeKind::Inside
    } else {
        StrokeKind::Middle
    };
    painter.rect_stroke(screen, radius, stroke, kind);
    if let Some(meter) = node.meter {
        let w = (screen.width() * 0.3).min(120.0 * zoom);
        let bar = Rect::from_min_size(
            Pos2::new(screen.max.x - (12.0 * zoom) - w, screen.min.y + 27.0 * zoom),
            Vec2::new(w, 6.0 * zoom),
        );
        painter.rect_filled(bar, 2.0, faded(palette.grid, dim));
        let f = meter.fraction.clamp(0.0, 1.0);
        let colour = if meter.fraction > 1.0 {
            palette.refused
        } else if meter.fraction > 0.8 {
            Color32::from_rgb(230, 160, 20)
        } else {
            palette.ok
        };
        painter.rect_filled(
            Rect::from_min_size(bar.min, Vec2::new(w * f, bar.height())),
            2.0,
            faded(colour, dim),
        );
    }
    let size = 15.0 * zoom;
    if size < OVERVIEW_TEXT {
        return;
    }
    let pad = 12.0 * zoom;
    let max_chars = fits(screen.width(), size * 0.55).max(4);
    let icon = (22.0 * zoom).min(HEADER * zoom * 0.6);
    let icon_rect = Rect::from_min_size(screen.min + Vec2::new(pad, 9.0 * zoom), Vec2::splat(icon));
    icons::paint(painter, node.kind, icon_rect, faded(palette.icon(node.kind), dim));
    let text_x = icon_rect.max.x + 8.0 * zoom;
    let title = painter.text(
        Pos2::new(text_x, screen.min.y + (7.0 * zoom).max(3.0)),
        Align2::LEFT_TOP,
        truncate(&node.label, max_chars),
        FontId::proportional(size),
        faded(palette.text, dim),
    );
    let small = 11.5 * zoom;
    if small >= MIN_TEXT {
        painter.text(
            Pos2::new(text_x, screen.min.y + (7.0 * zoom).max(3.0) + size + 2.0),
            Align2::LEFT_TOP,
            truncate(&node.detail, max_chars + 6),
            FontId::monospace(small),
            faded(palette.weak_text, dim),
        );
        let caption = role_caption(node.role);
        let caption_w = caption.len() as f32 * small * 0.85 * 0.62;
        if title.max.x + caption_w + 2.0 * pad < screen.max.x {
            painter.text(
                Pos2::new(screen.max.x - pad, screen.min.y + (9.0 * zoom).max(3.0)),
                Align2::RIGHT_TOP,
                caption,
                FontId::proportional(small * 0.85),
                faded(border, dim),
            );
        }
    }
}

fn tile(painter: &Painter, node: &Node, screen: Rect, zoom: f32, palette: &Palette, selected: bool, dim: bool) {
    let radius = radius(6.0 * zoom);
    painter.rect_filled(screen, radius, faded(palette.tile, dim));
    let stroke = if selected {
        Stroke::new(3.0, palette.accent)
    } else {
        Stroke::new(1.0, faded(palette.tile_stroke, dim))
    };
    painter.rect_stroke(screen, radius, stroke, StrokeKind::Middle);
    let icon = screen.height() - 16.0 * zoom;
    if icon < 3.0 {
        return;
    }
    let icon_rect = Rect::from_min_size(screen.min + Vec2::splat(8.0 * zoom), Vec2::splat(icon));
    icons::paint(painter, node.kind, icon_rect, faded(palette.icon(node.kind), dim));
    // Names stay readable a little further out than the rest.
    let size = (13.0 * zoom).max(if screen.width() >= 60.0 { 9.0 } else { 0.0 });
    if size < MIN_TEXT {
        return;
    }
    let x = icon_rect.max.x + 8.0 * zoom;
    let room = fits(screen.max.x - x, size * 0.55);
    painter.text(
        Pos2::new(
            x,
            screen.min.y + (8.0 * zoom).min(screen.height() / 2.0 - size / 2.0).max(1.0),
        ),
        Align2::LEFT_TOP,
        truncate(&node.label, room.max(3)),
        FontId::proportional(size),
        faded(palette.text, dim),
    );
    let small = 10.5 * zoom;
    if small >= MIN_TEXT {
        painter.text(
            Pos2::new(x, screen.min.y + 26.0 * zoom),
            Align2::LEFT_TOP,
            truncate(&node.detail, (room + room / 4).max(3)),
            FontId::proportional(small),
            faded(palette.weak_text, dim),
        );
    }
}

/// Where the line between two rectangles leaves each one's border.
pub fn border_points(a: Rect, b: Rect) -> (Pos2, Pos2) {
    fn exit(r: Rect, towards: Pos2) -> Pos2 {
        let c = r.center();
        let d = towards - c;
        if d.x.abs() < f32::EPSILON && d.y.abs() < f32::EPSILON {
            return c;
        }
        let sx = if d.x.abs() > f32::EPSILON {
            (r.width() / 2.0) / d.x.abs()
        } else {
            f32::INFINITY
        };
        let sy = if d.y.abs() > f32::EPSILON {
            (r.height() / 2.0) / d.y.abs()
        } else {
            f32::INFINITY
        };
        c + d * sx.min(sy).min(1.0)
    }
    (exit(a, b.center()), exit(b, a.center()))
}

pub fn edge(painter: &Painter, from: Pos2, to: Pos2, stroke: Stroke, dashed: bool, zoom: f32) {
    if dashed {
        let dash = (8.0 * zoom).max(3.0);
        painter.extend(Shape::dashed_line(&[from, to], stroke, dash, dash * 0.7));
    } else {
        painter.line_segment([from, to], stroke);
    }
    let d = to - from;
    if d.length() > 20.0 {
        let dir = d.normalized();
        let size = (8.0 * zoom.sqrt()).max(4.0);
        let left = to - dir * size + dir.rot90() * size * 0.5;
        let right = to - dir * size - dir.rot90() * size * 0.5;
        painter.add(Shape::convex_polygon(vec![to, left, right], stroke.color, Stroke::NONE));
    }
}

/// A short note beside the pointer (drop verdicts).
pub fn note(painter: &Painter, at: Pos2, text: &str, colour: Color32, palette: &Palette) {
    let galley = painter.layout(text.to_owned(), FontId::proportional(13.0), palette.text, 360.0);
    let rect = Rect::from_min_size(at, galley.size()).expand(6.0);
    painter.rect_filled(rect, 4.0, palette.tile);
    painter.rect_stroke(rect, 4.0, Stroke::new(1.5, colour), StrokeKind::Inside);
    painter.galley(at, galley, palette.text);
}

/// A container's title when zoomed out: a label on a pill, drawn above
/// everything so the overview stays readable.
pub fn overview_label(painter: &Painter, node: &Node, screen: Rect, palette: &Palette, dim: bool) {
    if screen.width() < 70.0 {
        return;
    }
    let (_, border) = palette.container(node.role);
    let text = truncate(&node.label, fits(screen.width() - 12.0, 6.0).max(4));
    let galley = painter.layout_no_wrap(text, FontId::proportional(11.5), faded(palette.text, dim));
    let at = screen.min + Vec2::new(4.0, 3.0);
    let pill = Rect::from_min_size(at, galley.size()).expand2(Vec2::new(4.0, 1.0));
    painter.rect_filled(pill, 3.0, faded(palette.tile, dim));
    painter.rect_stroke(pill, 3.0, Stroke::new(1.0, faded(border, dim)), StrokeKind::Inside);
    painter.galley(at, galley, palette.text);
}
