//! Painting scene nodes, edges and the grid. Text below a readable size is
//! skipped (level of detail), which also keeps tessellation cheap when zoomed out.

use std::sync::Arc;

use egui::text::{LayoutJob, TextWrapping};
use egui::{Align2, Color32, CornerRadius, FontId, Galley, Painter, Pos2, Rect, Shape, Stroke, StrokeKind, Vec2};
use netdraft_core::Severity;
use netdraft_scene::{HEADER, Node, Role, Strip, text as sizes};

use super::icons;
use super::style::Palette;

/// Smallest text size (in screen points) worth drawing.
const MIN_TEXT: f32 = 6.5;
/// Below this title size, container titles are drawn as overview labels on top.
pub const OVERVIEW_TEXT: f32 = 8.0;

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

/// `text` laid out on one line no wider than `max_width`, ending in "…" when it must be cut.
fn fitted(painter: &Painter, text: &str, font: FontId, colour: Color32, max_width: f32) -> Arc<Galley> {
    let mut job = LayoutJob::simple_singleline(text.to_owned(), font, colour);
    job.wrap = TextWrapping {
        max_width: max_width.max(8.0),
        max_rows: 1,
        break_anywhere: true,
        overflow_character: Some('…'),
    };
    painter.layout_job(job)
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
            Severity::Warning => palette.warn,
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

fn container(painter: &Painter, node: &Node, screen: Rect, zoom: f32, palette: &Palette, selected: bool, dim: bool) {
    let (fill, border) = palette.container(node.role);
    let radius = radius(8.0 * zoom);
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
    // One shape for fill and frame: one path to tessellate, not two.
    painter.rect(screen, radius, faded(fill, dim), stroke, kind);
    let pad = 12.0 * zoom;
    let meter_w = if node.meter.is_some() {
        sizes::METER_W * zoom
    } else {
        0.0
    };
    if let Some(meter) = node.meter.filter(|_| 6.0 * zoom >= 1.5) {
        let bar = Rect::from_min_size(
            Pos2::new(screen.max.x - pad - meter_w, screen.min.y + 27.0 * zoom),
            Vec2::new(meter_w, 6.0 * zoom),
        );
        painter.rect_filled(bar, 2.0, faded(palette.grid, dim));
        let f = meter.fraction.clamp(0.0, 1.0);
        let colour = if meter.fraction > 1.0 {
            palette.refused
        } else if meter.fraction > 0.8 {
            palette.warn
        } else {
            palette.ok
        };
        painter.rect_filled(
            Rect::from_min_size(bar.min, Vec2::new(meter_w * f, bar.height())),
            2.0,
            faded(colour, dim),
        );
    }
    let size = sizes::TITLE * zoom;
    if size < OVERVIEW_TEXT {
        return;
    }
    let icon = (22.0 * zoom).min(HEADER * zoom * 0.6);
    let icon_rect = Rect::from_min_size(screen.min + Vec2::new(pad, 9.0 * zoom), Vec2::splat(icon));
    icons::paint(painter, node.kind, icon_rect, faded(palette.icon(node.kind), dim));
    let text_x = icon_rect.max.x + 8.0 * zoom;
    let top = screen.min.y + (7.0 * zoom).max(3.0);
    let room = screen.max.x - pad - text_x;
    let title = fitted(
        painter,
        &node.label,
        FontId::proportional(size),
        faded(palette.text, dim),
        room,
    );
    let title_w = title.size().x;
    painter.galley(Pos2::new(text_x, top), title, palette.text);
    let small = sizes::TITLE_DETAIL * zoom;
    if small >= MIN_TEXT {
        let detail = fitted(
            painter,
            &node.detail,
            FontId::monospace(small),
            faded(palette.weak_text, dim),
            room - meter_w - 8.0 * zoom,
        );
        painter.galley(Pos2::new(text_x, top + size + 2.0), detail, palette.text);
        let caption = painter.layout_no_wrap(
            node.role.caption().into_owned(),
            FontId::proportional(small * 0.85),
            faded(border, dim),
        );
        if text_x + title_w + caption.size().x + pad < screen.max.x {
            painter.galley(
                Pos2::new(
                    screen.max.x - pad - caption.size().x,
                    screen.min.y + (9.0 * zoom).max(3.0),
                ),
                caption,
                palette.text,
            );
        }
    }
}

/// A labelled band behind some of a container's leaves.
pub fn strip(painter: &Painter, strip: &Strip, screen: Rect, zoom: f32, palette: &Palette, dim: bool) {
    let r = radius(6.0 * zoom);
    painter.rect(
        screen,
        r,
        faded(palette.strip, dim),
        Stroke::new(1.0, faded(palette.tile_stroke, dim)),
        StrokeKind::Inside,
    );
    // Captions stay legible a little further out than tile details.
    let size = (11.0 * zoom).max(7.5);
    if screen.height() > 3.0 * size {
        let title = fitted(
            painter,
            &strip.title.to_uppercase(),
            FontId::proportional(size),
            faded(palette.weak_text, dim),
            screen.width() - 16.0 * zoom,
        );
        painter.galley(screen.min + Vec2::new(8.0 * zoom, 6.0 * zoom), title, palette.text);
    }
}

/// Below this height (in points) a tile is a plain swatch in its kind's colour.
const SWATCH: f32 = 9.0;

fn tile(painter: &Painter, node: &Node, screen: Rect, zoom: f32, palette: &Palette, selected: bool, dim: bool) {
    if screen.height() < SWATCH {
        // Zoomed far out an icon and a frame are a few pixels of noise; the
        // kind's colour still tells a firewall from a node pool.
        let colour = faded(palette.icon(node.kind), dim).gamma_multiply(0.75);
        painter.rect_filled(screen, 0.0, colour);
        if selected {
            painter.rect_stroke(screen, 0.0, Stroke::new(2.0, palette.accent), StrokeKind::Outside);
        }
        return;
    }
    let radius = radius(6.0 * zoom);
    let stroke = if selected {
        Stroke::new(3.0, palette.accent)
    } else {
        Stroke::new(1.0, faded(palette.tile_stroke, dim))
    };
    painter.rect(screen, radius, faded(palette.tile, dim), stroke, StrokeKind::Middle);
    let icon = screen.height() - 16.0 * zoom;
    if icon < 3.0 {
        return;
    }
    let icon_rect = Rect::from_min_size(screen.min + Vec2::splat(8.0 * zoom), Vec2::splat(icon));
    icons::paint(painter, node.kind, icon_rect, faded(palette.icon(node.kind), dim));
    // Names stay readable a little further out than the rest: 9.5 points
    // at least, or 8 when the whole name fits only at that size.
    let floor = if screen.width() >= 44.0 { 9.5 } else { 0.0 };
    let mut size = (sizes::TILE_NAME * zoom).max(floor);
    if size < MIN_TEXT {
        return;
    }
    let x = icon_rect.max.x + 8.0 * zoom;
    let room = screen.max.x - x - 6.0 * zoom;
    let colour = faded(palette.text, dim);
    let mut name = fitted(painter, &node.label, FontId::proportional(size), colour, room);
    let fallback = (sizes::TILE_NAME * zoom).max(8.0);
    if name.elided && fallback < size {
        let smaller = fitted(painter, &node.label, FontId::proportional(fallback), colour, room);
        if !smaller.elided {
            (size, name) = (fallback, smaller);
        }
    }
    let small = sizes::TILE_DETAIL * zoom;
    let two_lines = small >= MIN_TEXT;
    // One line sits in the middle; two share the tile.
    let y = if two_lines {
        screen.min.y + (8.0 * zoom).min(screen.height() / 2.0 - size / 2.0).max(1.0)
    } else {
        screen.center().y - name.size().y / 2.0
    };
    painter.galley(Pos2::new(x, y), name, palette.text);
    if two_lines {
        let detail = fitted(
            painter,
            &node.detail,
            FontId::proportional(small),
            faded(palette.weak_text, dim),
            room,
        );
        painter.galley(Pos2::new(x, screen.min.y + 26.0 * zoom), detail, palette.text);
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

/// Below this zoom dashes would be a few pixels each: dashed edges are
/// drawn solid and lighter instead (hundreds of dashes per edge otherwise).
const DASH_ZOOM: f32 = 0.3;

pub fn edge(painter: &Painter, from: Pos2, to: Pos2, mut stroke: Stroke, dashed: bool, zoom: f32) {
    if dashed && zoom < DASH_ZOOM {
        stroke.color = stroke.color.gamma_multiply(0.55);
        painter.line_segment([from, to], stroke);
    } else if dashed {
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
    let galley = fitted(
        painter,
        &node.label,
        FontId::proportional(11.5),
        faded(palette.text, dim),
        screen.width() - 12.0,
    );
    let at = screen.min + Vec2::new(4.0, 3.0);
    let pill = Rect::from_min_size(at, galley.size()).expand2(Vec2::new(4.0, 1.0));
    painter.rect(
        pill,
        3.0,
        faded(palette.tile, dim),
        Stroke::new(1.0, faded(border, dim)),
        StrokeKind::Inside,
    );
    painter.galley(at, galley, palette.text);
}
